/* test-kpi: KPI periods, values, ratings, rolling averages, imports and
 * derived KPIs (issue 7) */
#include <math.h>
#include <string.h>

#include "test-helpers.h"
#include "wm-csv-reader.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-export.h"
#include "wm-kpi.h"
#include "wm-kpi-import.h"
#include "wm-sample.h"
#include "wm-store.h"

/* ---------- a plan to work on ---------- */

typedef struct
{
  char    *dir;
  WmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plan = NULL;

  f->dir = test_dir_new ();
  path = g_build_filename (f->dir, "plan.waymark", NULL);
  f->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  if (data != NULL)
    {
      wm_sample_load (f->store, &error);
      g_assert_no_error (error);
    }
  else
    {
      plan = wm_store_create_plan (f->store, "Testshire", "Test plan", &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  test_dir_free (g_steal_pointer (&f->dir));
}

static char *
add_kpi (Fixture    *f,
         const char *code,
         const char *unit,
         const char *direction,
         const char *target,
         const char *frequency)
{
  g_autoptr(GError) error = NULL;
  char *id = wm_kpi_add (f->store, code, "A test KPI", unit, direction, target, frequency,
                         &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static WmKpiSeries *
load (Fixture    *f,
      const char *id)
{
  g_autoptr(GError) error = NULL;
  WmKpiSeries *series = wm_kpi_series_load (f->store, id, &error);

  g_assert_no_error (error);
  return series;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

/* ---------- periods ---------- */

static void
assert_period (const char  *text,
               WmFrequency  frequency,
               const char  *canonical,
               const char  *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *human = NULL;
  WmPeriod period;

  g_assert_true (wm_period_parse (text, frequency, &period, &error));
  g_assert_no_error (error);
  out = wm_period_to_string (&period);
  human = wm_period_label (&period);
  g_assert_cmpstr (out, ==, canonical);
  if (label)
    g_assert_cmpstr (human, ==, label);
}

static void
assert_bad_period (const char  *text,
                   WmFrequency  frequency,
                   const char  *expect)
{
  g_autoptr(GError) error = NULL;
  WmPeriod period;

  g_assert_false (wm_period_parse (text, frequency, &period, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  assert_contains (error->message, expect);
}

static void
test_period_forms (void)
{
  assert_period ("2023-04", WM_FREQUENCY_MONTHLY, "2023-04", "Apr 2023");
  assert_period ("Apr-23", WM_FREQUENCY_MONTHLY, "2023-04", "Apr 2023");
  assert_period ("April 2023", WM_FREQUENCY_MONTHLY, "2023-04", NULL);
  assert_period ("sept 2023", WM_FREQUENCY_MONTHLY, "2023-09", NULL);
  assert_period ("04/2023", WM_FREQUENCY_MONTHLY, "2023-04", NULL);
  assert_period ("2023-04", WM_FREQUENCY_BIMONTHLY, "2023-04", "Apr–May 2023");
  assert_period ("2023-12", WM_FREQUENCY_BIMONTHLY, "2023-12", "Dec 2023–Jan 2024");
  assert_period ("2023-Q2", WM_FREQUENCY_QUARTERLY, "2023-Q2", "Apr–Jun 2023");
  assert_period ("Q2 2023", WM_FREQUENCY_QUARTERLY, "2023-Q2", NULL);
  assert_period ("2023", WM_FREQUENCY_ANNUAL, "2023", "2023");
  assert_period ("calendar year 2019", WM_FREQUENCY_ANNUAL, "2019", NULL);
  assert_period ("AY 2023/24", WM_FREQUENCY_ANNUAL, "AY 2023/24", "2023/24 academic year");
  assert_period ("2023-24 financial year", WM_FREQUENCY_ANNUAL, "FY 2023/24",
                 "2023/24 financial year");
  assert_period ("FY23/24", WM_FREQUENCY_ANNUAL, "FY 2023/24", NULL);
  assert_period ("2023-W14", WM_FREQUENCY_WEEKLY, "2023-W14", "w/c 3 Apr 2023 (week 14)");
  assert_period ("05/04/2023", WM_FREQUENCY_DAILY, "2023-04-05", "5 Apr 2023");
  /* Any kind when the frequency is not known (benchmarks) */
  assert_period ("2019", WM_FREQUENCY_INVALID, "2019", NULL);
}

static void
test_period_errors (void)
{
  assert_bad_period ("2023-Q2", WM_FREQUENCY_MONTHLY, "is a quarter, but the KPI is monthly");
  assert_bad_period ("2023", WM_FREQUENCY_MONTHLY, "a calendar year");
  assert_bad_period ("Apr 2023", WM_FREQUENCY_ANNUAL, "is a month, but the KPI is annual");
  assert_bad_period ("2023/24", WM_FREQUENCY_ANNUAL, "academic or a financial year");
  assert_bad_period ("2023-13", WM_FREQUENCY_MONTHLY, "not a period");
  assert_bad_period ("soon", WM_FREQUENCY_MONTHLY, "“soon” is not a period");
  assert_bad_period ("", WM_FREQUENCY_MONTHLY, "empty");
  assert_bad_period ("2023-W54", WM_FREQUENCY_WEEKLY, "not a period");
  assert_bad_period ("31/02/2023", WM_FREQUENCY_DAILY, "not a period");
}

static void
test_period_days (void)
{
  WmPeriod p;
  GDate date;

  g_assert_true (wm_period_parse ("AY 2023/24", WM_FREQUENCY_ANNUAL, &p, NULL));
  g_date_clear (&date, 1);
  g_date_set_julian (&date, wm_period_first_day (&p));
  g_assert_cmpint (g_date_get_day (&date), ==, 1);
  g_assert_cmpint (g_date_get_month (&date), ==, 9);
  g_date_set_julian (&date, wm_period_last_day (&p));
  g_assert_cmpint (g_date_get_month (&date), ==, 8);
  g_assert_cmpint (g_date_get_year (&date), ==, 2024);

  /* ISO week 1 of 2021 starts on 4 January 2021; 1 January 2021 is in
   * week 53 of 2020 */
  g_assert_true (wm_period_parse ("2021-W01", WM_FREQUENCY_WEEKLY, &p, NULL));
  g_date_set_julian (&date, wm_period_first_day (&p));
  g_assert_cmpint (g_date_get_day (&date), ==, 4);
  g_date_set_dmy (&date, 1, 1, 2021);
  g_assert_true (wm_period_from_day (WM_PERIOD_WEEK, g_date_get_julian (&date), &p));
  g_assert_cmpint (p.year, ==, 2020);
  g_assert_cmpint (p.index, ==, 53);

  /* Next period of a December month crosses the year */
  g_assert_true (wm_period_parse ("2023-12", WM_FREQUENCY_MONTHLY, &p, NULL));
  p = wm_period_next (&p);
  g_assert_cmpint (p.year, ==, 2024);
  g_assert_cmpint (p.index, ==, 1);
}

static void
test_period_dfe (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  WmPeriod p;

  g_assert_true (wm_period_from_dfe ("2019", "Calendar year", &p, &error));
  g_assert_cmpint (p.kind, ==, WM_PERIOD_CALENDAR_YEAR);
  g_assert_true (wm_period_from_dfe ("201920", "Academic year", &p, &error));
  text = wm_period_to_string (&p);
  g_assert_cmpstr (text, ==, "AY 2019/20");
  g_assert_true (wm_period_from_dfe ("2023", "Calendar year Q3", &p, &error));
  g_assert_cmpint (p.kind, ==, WM_PERIOD_QUARTER);
  g_assert_cmpint (p.index, ==, 3);
  g_assert_false (wm_period_from_dfe ("201921", "Academic year", &p, &error));
  g_clear_error (&error);
  g_assert_false (wm_period_from_dfe ("2019", "Spring term", &p, &error));
  assert_contains (error->message, "Spring term");
}

/* ---------- values ---------- */

static void
assert_value (const char *text,
              WmKpiUnit   unit,
              double      expect)
{
  g_autoptr(GError) error = NULL;
  double value = -1;

  g_assert_true (wm_kpi_parse_value (text, unit, &value, &error));
  g_assert_no_error (error);
  if (isnan (expect))
    g_assert_true (isnan (value));
  else
    g_assert_cmpfloat_with_epsilon (value, expect, 1e-9);
}

static void
assert_bad_value (const char *text,
                  WmKpiUnit   unit,
                  const char *expect)
{
  g_autoptr(GError) error = NULL;
  double value;

  g_assert_false (wm_kpi_parse_value (text, unit, &value, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  assert_contains (error->message, expect);
}

static void
test_value_parse (void)
{
  assert_value ("1,520", WM_KPI_UNIT_COUNT, 1520);
  assert_value (" 638,745 ", WM_KPI_UNIT_COUNT, 638745);
  assert_value ("3.8", WM_KPI_UNIT_PERCENT, 3.8);
  assert_value ("12%", WM_KPI_UNIT_PERCENT, 12);
  assert_value ("100", WM_KPI_UNIT_PERCENT, 100);
  assert_value ("140 days", WM_KPI_UNIT_DAYS, 140);
  assert_value ("", WM_KPI_UNIT_COUNT, NAN);

  assert_bad_value ("n/a", WM_KPI_UNIT_PERCENT, "“n/a” is not a number");
  assert_bad_value ("12%", WM_KPI_UNIT_COUNT, "“12%” is a percentage");
  assert_bad_value ("100.5", WM_KPI_UNIT_PERCENT, "a percentage cannot be more than 100");
  assert_bad_value ("12,5", WM_KPI_UNIT_PERCENT, "a comma may only separate thousands");
  assert_bad_value ("-3", WM_KPI_UNIT_DAYS, "negative");
  assert_bad_value ("1,52", WM_KPI_UNIT_COUNT, "“1,52” is not a number");
  assert_bad_value ("inf", WM_KPI_UNIT_COUNT, "not a number");
}

static void
test_value_format (void)
{
  struct { WmKpiUnit unit; double value; const char *text; } cases[] = {
    { WM_KPI_UNIT_PERCENT, 3.8, "3.8%" },
    { WM_KPI_UNIT_PERCENT, 95, "95%" },
    { WM_KPI_UNIT_COUNT, 1520, "1,520" },
    { WM_KPI_UNIT_COUNT, 638745, "638,745" },
    { WM_KPI_UNIT_DAYS, 140, "140 days" },
    { WM_KPI_UNIT_WEEKS, 1, "1 week" },
    { WM_KPI_UNIT_RATE, 0.85, "0.85" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = wm_kpi_format_value (cases[i].unit, cases[i].value);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* ---------- rating and travel ---------- */

static WmKpiSeries *
monthly (WmKpiDirection  direction,
         double          target,
         const double   *values,
         guint           n)
{
  WmKpiSeries *series = wm_kpi_series_new ("T", "Test", WM_KPI_UNIT_PERCENT, direction,
                                           WM_FREQUENCY_MONTHLY);
  WmPeriod period;

  wm_period_parse ("2023-01", WM_FREQUENCY_MONTHLY, &period, NULL);
  wm_kpi_series_set_target (series, target, NAN, FALSE, WM_KPI_RULE_IMPROVING);
  for (guint i = 0; i < n; i++)
    {
      wm_kpi_series_add_point (series, &period, values[i], NULL);
      period = wm_period_next (&period);
    }
  return series;
}

static WmKpiStatus
status_of (WmKpiSeries *series)
{
  WmKpiStatus status;

  wm_kpi_series_status (series, &status);
  return status;
}

static void
test_rating_rule (void)
{
  /* Target 95%, 10% tolerance: 85.5% or more is Green */
  {
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_HIGHER_IS_BETTER, 95, (double[]) { 80, 85.5 }, 2);
    WmKpiStatus st = status_of (s);
    g_assert_cmpint (st.rating, ==, WM_KPI_RATING_GREEN);
    g_assert_cmpint (st.travel, ==, WM_KPI_TRAVEL_BETTER);
    g_assert_cmpint (st.latest, ==, 1);
  }
  {
    /* more than 10% off but improving: Amber */
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_HIGHER_IS_BETTER, 95, (double[]) { 70, 80 }, 2);
    g_assert_cmpint (status_of (s).rating, ==, WM_KPI_RATING_AMBER);
  }
  {
    /* more than 10% off and not improving: Red */
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_HIGHER_IS_BETTER, 95, (double[]) { 80, 70 }, 2);
    WmKpiStatus st = status_of (s);
    g_assert_cmpint (st.rating, ==, WM_KPI_RATING_RED);
    g_assert_cmpint (st.travel, ==, WM_KPI_TRAVEL_WORSE);
    g_assert_cmpfloat_with_epsilon (st.shortfall, 25, 1e-9);
  }
  {
    /* lower is better: 6 weeks target, 7 weeks is 16.7% off; falling is better */
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_LOWER_IS_BETTER, 6, (double[]) { 9, 7 }, 2);
    WmKpiStatus st = status_of (s);
    g_assert_cmpint (st.travel, ==, WM_KPI_TRAVEL_BETTER);
    g_assert_cmpint (st.rating, ==, WM_KPI_RATING_AMBER);
  }
  {
    /* a missing latest month: the latest value is the one before the gap */
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_HIGHER_IS_BETTER, 95,
                                        (double[]) { 96, 50, NAN }, 3);
    WmKpiStatus st = status_of (s);
    g_assert_cmpint (st.latest, ==, 1);
    g_assert_cmpint (st.previous, ==, 0);
    g_assert_cmpint (st.rating, ==, WM_KPI_RATING_RED);
  }
  {
    /* tolerance is configurable: 2 points, absolute */
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_HIGHER_IS_BETTER, 95, (double[]) { 92.5 }, 1);
    wm_kpi_series_set_target (s, 95, 2, TRUE, WM_KPI_RULE_IMPROVING);
    g_assert_cmpint (status_of (s).rating, ==, WM_KPI_RATING_RED);
    wm_kpi_series_set_target (s, 95, 3, TRUE, WM_KPI_RULE_IMPROVING);
    g_assert_cmpint (status_of (s).rating, ==, WM_KPI_RATING_GREEN);
    /* the bands rule: Amber within tolerance, Green only when met */
    wm_kpi_series_set_target (s, 95, 3, TRUE, WM_KPI_RULE_BANDS);
    g_assert_cmpint (status_of (s).rating, ==, WM_KPI_RATING_AMBER);
  }
  {
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_HIGHER_IS_BETTER, NAN, (double[]) { 1, 2 }, 2);
    g_assert_cmpint (status_of (s).rating, ==, WM_KPI_RATING_NONE);
  }
  {
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_HIGHER_IS_BETTER, 95, NULL, 0);
    g_assert_cmpint (status_of (s).rating, ==, WM_KPI_RATING_NO_DATA);
  }
  {
    g_autoptr(WmKpiSeries) s = monthly (WM_KPI_NO_DIRECTION, NAN, (double[]) { 1271, 1520 }, 2);
    g_assert_cmpint (status_of (s).travel, ==, WM_KPI_TRAVEL_RISING);
  }
}

static void
test_rolling (void)
{
  double values[24];
  g_autoptr(WmKpiSeries) s = NULL;
  g_autoptr(GArray) rolling = NULL;

  for (guint i = 0; i < 24; i++)
    values[i] = i;
  s = monthly (WM_KPI_HIGHER_IS_BETTER, NAN, values, 24);
  rolling = wm_kpi_series_rolling (s, 12);
  g_assert_cmpuint (rolling->len, ==, 24);
  /* the first 11 months have no full year behind them */
  g_assert_true (isnan (g_array_index (rolling, WmKpiPoint, 10).value));
  /* months 0..11: mean 5.5; months 12..23: mean 17.5 */
  g_assert_cmpfloat_with_epsilon (g_array_index (rolling, WmKpiPoint, 11).value, 5.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (rolling, WmKpiPoint, 23).value, 17.5, 1e-9);
  g_clear_pointer (&rolling, g_array_unref);

  /* a missing month leaves the twelve windows holding it without an average */
  g_array_index (s->points, WmKpiPoint, 15).value = NAN;
  rolling = wm_kpi_series_rolling (s, 12);
  g_assert_false (isnan (g_array_index (rolling, WmKpiPoint, 14).value));
  g_assert_true (isnan (g_array_index (rolling, WmKpiPoint, 16).value));
  g_assert_true (isnan (g_array_index (rolling, WmKpiPoint, 15).value));
  g_clear_pointer (&rolling, g_array_unref);

  /* with numerators and denominators, a percentage is the ratio of sums */
  for (guint i = 0; i < 24; i++)
    {
      WmKpiPoint *p = &g_array_index (s->points, WmKpiPoint, i);
      p->numerator = i < 12 ? 1 : 9;
      p->denominator = i < 12 ? 10 : 10;
      p->value = 100 * p->numerator / p->denominator;
    }
  g_array_index (s->points, WmKpiPoint, 23).numerator = 90;
  g_array_index (s->points, WmKpiPoint, 23).denominator = 100;
  rolling = wm_kpi_series_rolling (s, 12);
  g_assert_cmpfloat_with_epsilon (g_array_index (rolling, WmKpiPoint, 23).value, 90, 1e-9);
  /* 6 months of 1/10 and 6 of 9/10 with the denominators 10: 50% */
  g_assert_cmpfloat_with_epsilon (g_array_index (rolling, WmKpiPoint, 17).value, 50, 1e-9);
}

/* ---------- the store ---------- */

static void
test_add_and_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_kpi (f, "K1", "percent", "higher", "95", "monthly");
  g_autoptr(WmRecord) kpi = wm_kpi_find (f->store, "k1", &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get (kpi, "target"), ==, "95.0");
  g_assert_cmpstr (wm_record_get (kpi, "frequency"), ==, "monthly");

  again = wm_kpi_add (f->store, "K1", "Again", "percent", "higher", NULL, NULL, &error);
  g_assert_null (again);
  assert_contains (error->message, "already a KPI K1");
  g_clear_error (&error);
  g_assert_null (wm_kpi_add (f->store, "K2", "x", "furlongs", "higher", NULL, NULL, &error));
  assert_contains (error->message, "unit “furlongs”");
  g_clear_error (&error);
  g_assert_null (wm_kpi_add (f->store, "K2", "x", "percent", "up", NULL, NULL, &error));
  assert_contains (error->message, "direction “up”");
  g_clear_error (&error);
  g_assert_null (wm_kpi_add (f->store, "K2", "x", "percent", "higher", "120", NULL, &error));
  assert_contains (error->message, "target");
  g_clear_error (&error);
  g_assert_null (wm_kpi_add (f->store, "K2", "x", "percent", "higher", NULL, "fortnightly",
                             &error));
  assert_contains (error->message, "frequency “fortnightly”");
  g_clear_error (&error);
  g_assert_null (wm_kpi_find (f->store, "K9", &error));
  assert_contains (error->message, "the KPIs are K1");
}

static void
test_set_value (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_kpi (f, "K1", "percent", "higher", "95", "monthly");
  g_autoptr(WmKpiSeries) series = NULL;
  g_autofree char *next = NULL;
  gboolean added = FALSE;
  WmKpiStatus status;
  WmKpiPoint *p;

  g_assert_true (wm_kpi_set_value (f->store, id, "Apr 2024", "70", NULL, NULL, NULL, NULL,
                                   &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);
  /* numerator and denominator give the value */
  g_assert_true (wm_kpi_set_value (f->store, id, "2024-05", NULL, "45", "50", "May note", NULL,
                                   &added, &error));
  g_assert_no_error (error);
  /* the same period again replaces, never doubles */
  g_assert_true (wm_kpi_set_value (f->store, id, "2024-04", "72", NULL, NULL, NULL, NULL,
                                   &added, &error));
  g_assert_false (added);
  g_assert_cmpint (wm_store_count (f->store, "kpi_value", NULL), ==, 2);

  series = load (f, id);
  g_assert_cmpuint (series->points->len, ==, 2);
  p = &g_array_index (series->points, WmKpiPoint, 1);
  g_assert_cmpfloat_with_epsilon (p->value, 90, 1e-9);
  g_assert_cmpstr (p->note, ==, "May note");
  wm_kpi_series_status (series, &status);
  g_assert_cmpint (status.rating, ==, WM_KPI_RATING_GREEN);
  g_assert_cmpint (status.travel, ==, WM_KPI_TRAVEL_BETTER);

  /* bad input names the field and changes nothing */
  g_assert_false (wm_kpi_set_value (f->store, id, "2024-Q3", "70", NULL, NULL, NULL, NULL,
                                    NULL, &error));
  assert_contains (error->message, "K1, period");
  g_clear_error (&error);
  g_assert_false (wm_kpi_set_value (f->store, id, "2024-06", "60", "12", "10", NULL, NULL,
                                    NULL, &error));
  assert_contains (error->message, "numerator (12) is more than the denominator (10)");
  g_clear_error (&error);
  g_assert_false (wm_kpi_set_value (f->store, id, "2024-06", "60", "1", "10", NULL, NULL,
                                    NULL, &error));
  assert_contains (error->message, "does not agree");
  g_clear_error (&error);
  g_assert_cmpint (wm_store_count (f->store, "kpi_value", NULL), ==, 2);

  /* the grid: an empty row for the next month, then its value typed */
  next = wm_kpi_add_next_period (f->store, id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(WmRecord) row = wm_store_get (f->store, "kpi_value", next, &error);
    g_assert_cmpstr (wm_record_get (row, "period"), ==, "2024-06");
    g_assert_null (wm_record_get (row, "value"));
  }
  g_assert_true (wm_kpi_update_value (f->store, next, "value", "91.5", &error));
  g_assert_no_error (error);
  g_assert_false (wm_kpi_update_value (f->store, next, "value", "n/a", &error));
  assert_contains (error->message, "“n/a” is not a number");
  g_clear_error (&error);
  g_assert_false (wm_kpi_update_value (f->store, next, "period", "2024-05", &error));
  assert_contains (error->message, "already has a value");
  g_clear_error (&error);
  g_clear_pointer (&series, wm_kpi_series_unref);
  series = load (f, id);
  g_assert_cmpfloat_with_epsilon (g_array_index (series->points, WmKpiPoint, 2).value, 91.5,
                                  1e-9);
}

static WmCsvTable *
csv (const char *text)
{
  g_autoptr(GError) error = NULL;
  WmCsvTable *table = wm_csv_parse (text, -1, "/tmp/values.csv", &error);

  g_assert_no_error (error);
  return table;
}

static void
assert_import_fails (Fixture    *f,
                     const char *text,
                     const char *const *expect)
{
  g_autoptr(WmCsvTable) table = csv (text);
  g_autoptr(GError) error = NULL;
  gint64 before = wm_store_count (f->store, "kpi_value", NULL);

  g_assert_false (wm_kpi_import_values (f->store, table, NULL, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  for (guint i = 0; expect[i]; i++)
    assert_contains (error->message, expect[i]);
  /* all or nothing */
  g_assert_cmpint (wm_store_count (f->store, "kpi_value", NULL), ==, before);
}

static void
test_import_values (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *k1 = add_kpi (f, "K1", "percent", "higher", "95", "monthly");
  g_autofree char *k9 = add_kpi (f, "K9", "count", "higher", "8", "bimonthly");
  g_autoptr(GError) error = NULL;
  WmKpiImportResult result;

  {
    g_autoptr(WmCsvTable) table = csv ("kpi,period,value,numerator,denominator,note\r\n"
                                       "K1,Apr 2023,78.3,47,60,first month\r\n"
                                       "K1,2023-05,,50,60,\r\n"
                                       "k9,2023-05,\"1,520\",,,\r\n"
                                       ",,,,,\r\n"
                                       "K1,2023-06,,,,no return this month\r\n");
    g_assert_true (wm_kpi_import_values (f->store, table, NULL, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (result.added, ==, 4);
    g_assert_cmpuint (result.missing, ==, 1);
  }
  {
    g_autoptr(WmKpiSeries) s = load (f, k1);
    g_assert_cmpuint (s->points->len, ==, 3);
    g_assert_cmpfloat_with_epsilon (g_array_index (s->points, WmKpiPoint, 1).value,
                                    100.0 * 50 / 60, 1e-9);
    g_assert_true (isnan (g_array_index (s->points, WmKpiPoint, 2).value));
  }

  assert_import_fails (f, "kpi,period,value\nK1,2023-07,80\nK1,2023-08,n/a\n",
                       (const char *[]) { "values.csv, line 3, column “value”",
                                          "“n/a” is not a number", NULL });
  assert_import_fails (f, "kpi,period,value\nK9,2023-07,12%\n",
                       (const char *[]) { "line 2, column “value”", "is a percentage", NULL });
  assert_import_fails (f, "kpi,period,value\nK1,2023-07,101\n",
                       (const char *[]) { "line 2, column “value”", "more than 100", NULL });
  assert_import_fails (f, "kpi,period,value\nK1,2023-07,80\nK1,Jul-23,81\n",
                       (const char *[]) { "line 3, column “period”", "twice (lines 2 and 3)",
                                          NULL });
  assert_import_fails (f, "kpi,period,value\nK1,2023-Q3,80\n",
                       (const char *[]) { "line 2, column “period”",
                                          "is a quarter, but the KPI is monthly", NULL });
  assert_import_fails (f, "kpi,period,value\nK7,2023-07,80\n",
                       (const char *[]) { "line 2, column “kpi”", "no KPI “K7”", NULL });
  assert_import_fails (f, "kpi,month,value\nK1,2023-07,80\n",
                       (const char *[]) { "no column for period", NULL });

  /* a map for a header named otherwise */
  {
    g_autoptr(WmCsvTable) table = csv ("Measure;Month;Result\nK1;2023-07;81\n");
    const char *maps[] = { "Measure=kpi", "Month=period", "Result=value", NULL };
    g_assert_true (wm_kpi_import_values (f->store, table, maps, &result, &error));
    g_assert_no_error (error);
  }
  /* the same file again replaces */
  {
    g_autoptr(WmCsvTable) table = csv ("kpi,period,value\nK1,2023-07,82\n");
    g_assert_true (wm_kpi_import_values (f->store, table, NULL, &result, &error));
    g_assert_cmpuint (result.replaced, ==, 1);
    g_assert_cmpuint (result.added, ==, 0);
  }
}

static void
test_import_benchmarks_and_export (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *k3 = add_kpi (f, "K3", "percent", "higher", "50.3", "monthly");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  WmKpiImportResult result;

  {
    g_autoptr(WmCsvTable) table = csv ("kpi,series,period,value,source\n"
                                       "K3,England,2019,60.4,DfE 2026\n"
                                       "K3,England,2020,58.0,DfE 2026\n"
                                       "K3,East Midlands,2019,68.9,DfE 2026\n");
    g_assert_true (wm_kpi_import_benchmarks (f->store, table, NULL, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (result.added, ==, 3);
  }
  {
    g_autoptr(WmCsvTable) table = csv ("kpi,series,period,value\nK3,England,2021,59.9\n"
                                       "K3,England,2021,59.9\n");
    g_assert_false (wm_kpi_import_benchmarks (f->store, table, NULL, &result, &error));
    assert_contains (error->message, "England for 2021 twice");
    g_clear_error (&error);
    g_assert_cmpint (wm_store_count (f->store, "kpi_benchmark", NULL), ==, 3);
  }
  {
    g_autoptr(WmKpiSeries) s = load (f, k3);
    WmKpiBenchmark *england = s->benchmarks->pdata[0];
    g_assert_cmpuint (s->benchmarks->len, ==, 2);
    g_assert_cmpstr (england->name, ==, "England");
    g_assert_cmpuint (england->points->len, ==, 2);
    g_assert_cmpstr (england->source, ==, "DfE 2026");
  }

  g_assert_true (wm_export_csv (f->store, "kpi-benchmarks", out, &error));
  g_assert_no_error (error);
  assert_contains (out->str, "kpi,series,period,value,source\r\n");
  assert_contains (out->str, "K3,England,2019,60.4,DfE 2026\r\n");
  g_string_truncate (out, 0);
  g_assert_true (wm_kpi_set_value (f->store, k3, "2024-04", "3.8", NULL, NULL, "seed 003", NULL,
                                   NULL, &error));
  g_assert_true (wm_export_csv (f->store, "kpi-values", out, &error));
  assert_contains (out->str, "K3,2024-04,3.8,,,seed 003,\r\n");
}

static WmCsvTable *
dfe_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "dfe-ehcp-timeliness-2019-sample.csv", NULL);
  WmCsvTable *table = wm_csv_parse_file (path, &error);

  g_assert_no_error (error);
  return table;
}

static double
benchmark_value (WmKpiSeries *s,
                 const char  *name,
                 guint        index)
{
  for (guint i = 0; i < s->benchmarks->len; i++)
    {
      WmKpiBenchmark *b = s->benchmarks->pdata[i];
      if (g_str_equal (b->name, name))
        return g_array_index (b->points, WmKpiPoint, index).value;
    }
  g_error ("no benchmark series %s", name);
  return NAN;
}

static void
test_import_dfe (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *t20 = add_kpi (f, "T20", "percent", "higher", "60", "annual");
  g_autofree char *weeks = add_kpi (f, "W", "weeks", "lower", "20", "annual");
  g_autofree char *monthly_id = add_kpi (f, "M", "percent", "higher", NULL, "monthly");
  g_autoptr(WmCsvTable) table = dfe_file ();
  g_autoptr(GError) error = NULL;
  WmKpiImportResult result;

  {
    WmKpiDfeOptions options = {
      .measure = "pc_plans_issued_20_weeks_ex", .kpi = "T20", .own = "Gateshead",
      .numerator = "plans_issued_20_weeks_ex", .denominator = "plans_issued_den_ex",
    };
    g_autoptr(WmKpiSeries) s = NULL;
    WmKpiPoint *own;

    g_assert_true (wm_kpi_import_dfe (f->store, table, &options, &result, &error));
    g_assert_no_error (error);
    /* Gateshead, and by default England and its region, the North East */
    g_assert_cmpuint (result.rows, ==, 3);
    g_assert_cmpuint (result.benchmarks, ==, 2);
    s = load (f, t20);
    g_assert_cmpuint (s->points->len, ==, 1);
    own = &g_array_index (s->points, WmKpiPoint, 0);
    g_assert_cmpfloat_with_epsilon (own->value, 96.6, 1e-9);
    g_assert_cmpfloat_with_epsilon (own->numerator, 171, 1e-9);
    g_assert_cmpfloat_with_epsilon (own->denominator, 177, 1e-9);
    g_assert_cmpint (own->period.kind, ==, WM_PERIOD_CALENDAR_YEAR);
    g_assert_cmpint (own->period.year, ==, 2019);
    /* England 2019, new plans within 20 weeks excluding exceptions: 60.4% */
    g_assert_cmpfloat_with_epsilon (benchmark_value (s, "England", 0), 60.4, 1e-9);
    g_assert_cmpfloat_with_epsilon (benchmark_value (s, "North East", 0), 69.8, 1e-9);
  }
  {
    /* named geographies, as the file spells them whatever the case typed */
    const char *geographies[] = { "england", "East Midlands", "Newcastle upon Tyne", NULL };
    WmKpiDfeOptions options = {
      .measure = "pc_plans_issued_20_weeks_ex", .kpi = "T20", .own = "Gateshead",
      .geographies = geographies,
    };
    g_autoptr(WmKpiSeries) s = NULL;

    g_assert_true (wm_kpi_import_dfe (f->store, table, &options, &result, &error));
    g_assert_no_error (error);
    s = load (f, t20);
    g_assert_cmpfloat_with_epsilon (benchmark_value (s, "East Midlands", 0), 68.9, 1e-9);
    g_assert_cmpfloat_with_epsilon (benchmark_value (s, "Newcastle upon Tyne", 0), 51.4, 1e-9);
  }
  {
    /* x is a missing value, not a zero */
    WmKpiDfeOptions options = { .measure = "avg_weeks_issue_plan", .kpi = "W", .own = "Gateshead" };
    g_autoptr(WmKpiSeries) s = NULL;
    WmKpiPoint *own;

    g_assert_true (wm_kpi_import_dfe (f->store, table, &options, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (result.missing, ==, 3);
    s = load (f, weeks);
    own = &g_array_index (s->points, WmKpiPoint, 0);
    g_assert_true (isnan (own->value));
    assert_contains (own->note, "not available");
    g_assert_true (isnan (benchmark_value (s, "England", 0)));
  }
  {
    WmKpiDfeOptions options = { .measure = "pc_plans_issued_20_weeks_ex", .kpi = "T20",
                                .own = "Leicestershire" };
    g_assert_false (wm_kpi_import_dfe (f->store, table, &options, &result, &error));
    assert_contains (error->message, "no “All EHC plans” rows for local authority "
                                     "“Leicestershire”");
    assert_contains (error->message, "Gateshead");
    g_clear_error (&error);
  }
  {
    const char *geographies[] = { "Narnia", NULL };
    WmKpiDfeOptions options = { .measure = "pc_plans_issued_20_weeks_ex", .kpi = "T20",
                                .own = "Gateshead", .geographies = geographies };
    g_assert_false (wm_kpi_import_dfe (f->store, table, &options, &result, &error));
    assert_contains (error->message, "“Narnia”");
    assert_contains (error->message, "East Midlands");
    g_clear_error (&error);
  }
  {
    WmKpiDfeOptions options = { .measure = "pc_within_20", .kpi = "T20", .own = "Gateshead" };
    g_assert_false (wm_kpi_import_dfe (f->store, table, &options, &result, &error));
    assert_contains (error->message, "no measure column “pc_within_20”");
    assert_contains (error->message, "pc_plans_issued_20_weeks_ex");
    g_clear_error (&error);
  }
  {
    /* calendar years are not months: the authority's rows cannot become
     * a monthly KPI's values, but the benchmarks alone can be taken */
    WmKpiDfeOptions options = { .measure = "pc_plans_issued_20_weeks_ex", .kpi = "M",
                                .own = "Gateshead" };
    g_autoptr(WmKpiSeries) s = NULL;
    gint64 before = wm_store_count (f->store, "kpi_benchmark", NULL);

    g_assert_false (wm_kpi_import_dfe (f->store, table, &options, &result, &error));
    assert_contains (error->message, "column “time_identifier”");
    assert_contains (error->message, "is a calendar year, but M is monthly");
    g_clear_error (&error);
    g_assert_cmpint (wm_store_count (f->store, "kpi_benchmark", NULL), ==, before);
    options.own = NULL;
    g_assert_true (wm_kpi_import_dfe (f->store, table, &options, &result, &error));
    g_assert_no_error (error);
    s = load (f, monthly_id);
    g_assert_cmpfloat_with_epsilon (benchmark_value (s, "England", 0), 60.4, 1e-9);
  }
}

static void
test_derived (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = wm_store_get_plan (f->store, &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *a = NULL;
  g_autofree char *m = NULL;
  g_autofree char *ms1 = NULL;
  g_autofree char *ms2 = NULL;
  g_autofree char *act = NULL;
  g_autoptr(WmRecord) green = wm_store_find_rating (f->store, "G", &error);
  g_autoptr(WmRecord) red = wm_store_find_rating (f->store, "R", &error);
  GDate today;
  WmKpiSeries *actions = NULL, *milestones = NULL;

  g_assert_no_error (error);
  wm_store_update (f->store, "plan", wm_record_get_id (plan), &error, "start_date", "2023-03-01",
                   NULL);
  a = add_kpi (f, "D1", "percent", "higher", "90", "monthly");
  m = add_kpi (f, "D2", "percent", "higher", "100", "monthly");
  wm_store_update (f->store, "kpi", a, &error, "derived", "actions-on-track", NULL);
  wm_store_update (f->store, "kpi", m, &error, "derived", "milestones-on-time", NULL);
  ms1 = wm_store_insert (f->store, "milestone", &error, "plan_id", wm_record_get_id (plan),
                         "code", "MS3", "due_date", "2023-06-30", "done_date", "2023-06-20",
                         NULL);
  ms2 = wm_store_insert (f->store, "milestone", &error, "plan_id", wm_record_get_id (plan),
                         "code", "MS6", "due_date", "2023-09-30", "done_date", "2023-10-15",
                         NULL);
  act = wm_store_insert (f->store, "action", &error, "plan_id", wm_record_get_id (plan),
                         "code", "1.1", "rating_id", wm_record_get_id (green), NULL);
  wm_store_insert (f->store, "status_update", &error, "action_id", act, "date", "2023-04-10",
                   "rating_id", wm_record_get_id (red), NULL);
  wm_store_insert (f->store, "status_update", &error, "action_id", act, "date", "2023-07-10",
                   "rating_id", wm_record_get_id (green), NULL);
  g_assert_no_error (error);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, 11, 2023);
  all = wm_kpi_series_load_all (f->store, g_date_get_julian (&today), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      WmKpiSeries *s = all->pdata[i];
      if (g_str_equal (s->code, "D1"))
        actions = s;
      if (g_str_equal (s->code, "D2"))
        milestones = s;
    }
  /* Actions: rated from April; Red until July, then Green */
  g_assert_nonnull (actions);
  g_assert_cmpuint (actions->points->len, ==, 8);   /* Apr … Nov 2023 */
  g_assert_cmpfloat (g_array_index (actions->points, WmKpiPoint, 0).value, ==, 0);
  g_assert_cmpfloat (g_array_index (actions->points, WmKpiPoint, 3).value, ==, 100);
  /* Milestones: the first due in June, met; the second due in September, late */
  g_assert_nonnull (milestones);
  g_assert_cmpuint (milestones->points->len, ==, 6);   /* Jun … Nov */
  g_assert_cmpfloat (g_array_index (milestones->points, WmKpiPoint, 0).value, ==, 100);
  g_assert_cmpfloat (g_array_index (milestones->points, WmKpiPoint, 5).value, ==, 50);
  g_assert_cmpfloat (g_array_index (milestones->points, WmKpiPoint, 5).denominator, ==, 2);
  /* computed, never typed */
  g_assert_false (wm_kpi_set_value (f->store, a, "2023-04", "50", NULL, NULL, NULL, NULL, NULL,
                                    &error));
  assert_contains (error->message, "computed from the plan");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kpi/period/forms", test_period_forms);
  g_test_add_func ("/kpi/period/errors", test_period_errors);
  g_test_add_func ("/kpi/period/days", test_period_days);
  g_test_add_func ("/kpi/period/dfe", test_period_dfe);
  g_test_add_func ("/kpi/value/parse", test_value_parse);
  g_test_add_func ("/kpi/value/format", test_value_format);
  g_test_add_func ("/kpi/rating/rule", test_rating_rule);
  g_test_add_func ("/kpi/rolling", test_rolling);
  g_test_add ("/kpi/store/add-and-list", Fixture, NULL, fixture_set_up, test_add_and_list,
              fixture_tear_down);
  g_test_add ("/kpi/store/set-value", Fixture, NULL, fixture_set_up, test_set_value,
              fixture_tear_down);
  g_test_add ("/kpi/import/values", Fixture, NULL, fixture_set_up, test_import_values,
              fixture_tear_down);
  g_test_add ("/kpi/import/benchmarks-and-export", Fixture, NULL, fixture_set_up,
              test_import_benchmarks_and_export, fixture_tear_down);
  g_test_add ("/kpi/import/dfe", Fixture, NULL, fixture_set_up, test_import_dfe,
              fixture_tear_down);
  g_test_add ("/kpi/derived", Fixture, NULL, fixture_set_up, test_derived, fixture_tear_down);
  return g_test_run ();
}
