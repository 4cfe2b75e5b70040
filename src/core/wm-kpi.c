#define G_LOG_DOMAIN "wm-kpi"

#include "wm-kpi.h"
#include "wm-kpi-private.h"
#include "wm-date.h"
#include "wm-error.h"

#include <math.h>
#include <string.h>
#include <time.h>

G_DEFINE_BOXED_TYPE (WmKpiSeries, wm_kpi_series, wm_kpi_series_ref, wm_kpi_series_unref)

/* ---------- words ---------- */

static const char *const unit_names[] = {
  [WM_KPI_UNIT_COUNT] = "count",
  [WM_KPI_UNIT_PERCENT] = "percent",
  [WM_KPI_UNIT_DAYS] = "days",
  [WM_KPI_UNIT_WEEKS] = "weeks",
  [WM_KPI_UNIT_RATE] = "rate",
};

const char *
wm_kpi_unit_to_string (WmKpiUnit unit)
{
  return unit < G_N_ELEMENTS (unit_names) ? unit_names[unit] : "count";
}

gboolean
wm_kpi_unit_parse (const char *text,
                   WmKpiUnit  *unit)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (unit_names); i++)
    if (g_ascii_strcasecmp (text, unit_names[i]) == 0)
      {
        *unit = i;
        return TRUE;
      }
  if (text != NULL && (g_ascii_strcasecmp (text, "%") == 0
                       || g_ascii_strcasecmp (text, "percentage") == 0))
    {
      *unit = WM_KPI_UNIT_PERCENT;
      return TRUE;
    }
  return FALSE;
}

const char *
wm_kpi_direction_to_string (WmKpiDirection direction)
{
  switch (direction)
    {
    case WM_KPI_LOWER_IS_BETTER: return "lower";
    case WM_KPI_NO_DIRECTION: return "none";
    case WM_KPI_HIGHER_IS_BETTER:
    default: return "higher";
    }
}

gboolean
wm_kpi_direction_parse (const char     *text,
                        WmKpiDirection *direction)
{
  if (text == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (text, "higher") == 0)
    *direction = WM_KPI_HIGHER_IS_BETTER;
  else if (g_ascii_strcasecmp (text, "lower") == 0)
    *direction = WM_KPI_LOWER_IS_BETTER;
  else if (g_ascii_strcasecmp (text, "none") == 0)
    *direction = WM_KPI_NO_DIRECTION;
  else
    return FALSE;
  return TRUE;
}

const char *
wm_kpi_rating_to_string (WmKpiRating rating)
{
  switch (rating)
    {
    case WM_KPI_RATING_GREEN: return "Green";
    case WM_KPI_RATING_AMBER: return "Amber";
    case WM_KPI_RATING_RED: return "Red";
    case WM_KPI_RATING_NO_DATA: return "No data";
    case WM_KPI_RATING_NONE:
    default: return "Not rated";
    }
}

const char *
wm_kpi_travel_to_string (WmKpiTravel travel)
{
  switch (travel)
    {
    case WM_KPI_TRAVEL_BETTER: return "better";
    case WM_KPI_TRAVEL_WORSE: return "worse";
    case WM_KPI_TRAVEL_SAME: return "no change";
    case WM_KPI_TRAVEL_RISING: return "rising";
    case WM_KPI_TRAVEL_FALLING: return "falling";
    case WM_KPI_TRAVEL_UNKNOWN:
    default: return "not yet known";
    }
}

/* "1,520", "6,201", "3.8", "-2.5": thousands separated, as British
 * reports print them.  decimals < 0: none for a whole number, else one. */
char *
wm_kpi_format_number (double value,
                      int    decimals)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = NULL;
  const char *digits;
  const char *point;
  gsize n_int;

  if (isnan (value))
    return g_strdup ("–");
  if (decimals < 0)
    decimals = fabs (value - round (value)) < 0.005 ? 0 : 1;
  format = g_strdup_printf ("%%.%df", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, fabs (value));
  /* No "-0" after rounding */
  if (value < 0 && g_ascii_strtod (buffer, NULL) != 0)
    g_string_append_c (out, '-');
  digits = buffer;
  point = strchr (digits, '.');
  n_int = point ? (gsize) (point - digits) : strlen (digits);
  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  if (point)
    g_string_append (out, point);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
wm_kpi_format_value (WmKpiUnit unit,
                     double    value)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup ("–");
  if (unit == WM_KPI_UNIT_RATE && fabs (value) < 10 && fabs (value - round (value)) >= 0.005)
    number = wm_kpi_format_number (value, 2);
  else
    number = wm_kpi_format_number (value, -1);
  switch (unit)
    {
    case WM_KPI_UNIT_PERCENT:
      return g_strconcat (number, "%", NULL);
    case WM_KPI_UNIT_DAYS:
      return g_strdup_printf ("%s %s", number, fabs (value - 1) < 1e-9 ? "day" : "days");
    case WM_KPI_UNIT_WEEKS:
      return g_strdup_printf ("%s %s", number, fabs (value - 1) < 1e-9 ? "week" : "weeks");
    case WM_KPI_UNIT_COUNT:
    case WM_KPI_UNIT_RATE:
    default:
      return g_steal_pointer (&number);
    }
}

/* Values are stored as text SQLite reads back as the same REAL. */
char *
wm_kpi_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return NULL;
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  return g_strdup (buffer);
}

/* ---------- reading numbers ---------- */

static const char *
unit_phrase (WmKpiUnit unit)
{
  switch (unit)
    {
    case WM_KPI_UNIT_PERCENT: return "a percentage";
    case WM_KPI_UNIT_DAYS: return "a number of days";
    case WM_KPI_UNIT_WEEKS: return "a number of weeks";
    case WM_KPI_UNIT_RATE: return "a rate";
    case WM_KPI_UNIT_COUNT:
    default: return "a count";
    }
}

static GRegex *
number_regex (void)
{
  static GRegex *regex;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      regex = g_regex_new ("^[-+]?(\\d+(\\.\\d*)?|\\.\\d+)$", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialised, 1);
    }
  return regex;
}

static GRegex *
thousands_regex (void)
{
  static GRegex *regex;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      regex = g_regex_new ("^[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?$", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialised, 1);
    }
  return regex;
}

static gboolean
read_number (const char *text,
             double     *value,
             GError    **error)
{
  g_autofree char *clean = NULL;

  if (strchr (text, ',') != NULL)
    {
      g_auto(GStrv) parts = NULL;

      if (!g_regex_match (thousands_regex (), text, 0, NULL))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "“%s” is not a number (a comma may only separate thousands, as in "
                       "1,520; write a decimal point, as in 12.5)", text);
          return FALSE;
        }
      parts = g_strsplit (text, ",", -1);
      clean = g_strjoinv ("", parts);
    }
  else
    clean = g_strdup (text);

  if (!g_regex_match (number_regex (), clean, 0, NULL))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is not a number (leave the cell empty when there is no value)", text);
      return FALSE;
    }
  *value = g_ascii_strtod (clean, NULL);
  return TRUE;
}

/**
 * wm_kpi_parse_value:
 * @text: what was typed or read from a file
 * @unit: the KPI's unit
 * @value: (out): the number, or NAN when @text is empty (a missing value)
 * @error: a message naming the text
 *
 * Reads "1,520", "3.8", "12%" (for a percentage), "140 days" (for days).
 * Refuses words ("n/a"), a percentage sign on a count, a percentage over
 * 100 and negative values.
 */
gboolean
wm_kpi_parse_value (const char *text,
                    WmKpiUnit   unit,
                    double     *value,
                    GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  gsize len = strlen (trimmed);
  double number;

  if (len == 0)
    {
      *value = NAN;
      return TRUE;
    }
  if (trimmed[len - 1] == '%')
    {
      if (unit != WM_KPI_UNIT_PERCENT)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "“%s” is a percentage, but this KPI is %s: write the number alone",
                       trimmed, unit_phrase (unit));
          return FALSE;
        }
      trimmed[--len] = '\0';
      g_strchomp (trimmed);
    }
  else if (unit == WM_KPI_UNIT_DAYS || unit == WM_KPI_UNIT_WEEKS)
    {
      static const char *const suffixes[] = { " days", " day", " weeks", " week", " wks" };
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        if (g_str_has_suffix (trimmed, suffixes[i])
            && (unit == WM_KPI_UNIT_DAYS) == (suffixes[i][1] == 'd'))
          {
            trimmed[strlen (trimmed) - strlen (suffixes[i])] = '\0';
            break;
          }
    }
  if (!read_number (trimmed, &number, NULL))
    {
      /* Name what was typed, not what was left of it */
      g_autofree char *original = g_strstrip (g_strdup (text));
      g_autofree char *dotted = g_strdelimit (g_strdup (trimmed), ",", '.');

      if (strchr (trimmed, ',') != NULL && g_regex_match (number_regex (), dotted, 0, NULL))
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                     "“%s” is not a number (a comma may only separate thousands, as in "
                     "1,520; write a decimal point, as in 12.5)", original);
      else
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                     "“%s” is not a number (leave the cell empty when there is no value)",
                     original);
      return FALSE;
    }
  if (number < 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is negative: a KPI that is %s cannot be below 0", text,
                   unit_phrase (unit));
      return FALSE;
    }
  if (unit == WM_KPI_UNIT_PERCENT && number > 100)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is over 100: a percentage cannot be more than 100", text);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

/* A numerator or denominator: a count, never negative. */
gboolean
wm_kpi_parse_count (const char *text,
                    double     *value,
                    GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  if (!read_number (trimmed, value, error))
    return FALSE;
  if (*value < 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is negative: a count cannot be below 0", trimmed);
      return FALSE;
    }
  return TRUE;
}

/* ---------- the series ---------- */

WmKpiSeries *
wm_kpi_series_new (const char     *code,
                   const char     *name,
                   WmKpiUnit       unit,
                   WmKpiDirection  direction,
                   WmFrequency     frequency)
{
  WmKpiSeries *series = g_new0 (WmKpiSeries, 1);

  g_atomic_ref_count_init (&series->ref_count);
  series->strings = g_string_chunk_new (1024);
  series->code = wm_kpi_series_intern (series, code ? code : "");
  series->name = wm_kpi_series_intern (series, name ? name : "");
  series->unit = unit;
  series->direction = direction;
  series->frequency = frequency;
  series->tolerance = WM_KPI_DEFAULT_TOLERANCE;
  series->points = g_array_new (FALSE, FALSE, sizeof (WmKpiPoint));
  series->benchmarks = g_ptr_array_new ();
  series->annotations = g_array_new (FALSE, FALSE, sizeof (WmKpiAnnotation));
  return series;
}

WmKpiSeries *
wm_kpi_series_ref (WmKpiSeries *series)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_atomic_ref_count_inc (&series->ref_count);
  return series;
}

void
wm_kpi_series_unref (WmKpiSeries *series)
{
  g_return_if_fail (series != NULL);
  if (!g_atomic_ref_count_dec (&series->ref_count))
    return;
  for (guint i = 0; i < series->benchmarks->len; i++)
    {
      WmKpiBenchmark *benchmark = series->benchmarks->pdata[i];
      g_array_unref (benchmark->points);
      g_free (benchmark);
    }
  g_ptr_array_unref (series->benchmarks);
  if (series->render_cache_free)
    series->render_cache_free (series->render_cache);
  g_array_unref (series->points);
  g_array_unref (series->annotations);
  g_string_chunk_free (series->strings);
  g_free (series);
}

/* Strings live as long as the series. */
const char *
wm_kpi_series_intern (WmKpiSeries *series,
                      const char  *text)
{
  if (text == NULL)
    return NULL;
  return g_string_chunk_insert_const (series->strings, text);
}

void
wm_kpi_series_set_target (WmKpiSeries     *series,
                          double           target,
                          double           tolerance,
                          gboolean         absolute,
                          WmKpiRatingRule  rule)
{
  series->has_target = !isnan (target);
  series->target = target;
  series->tolerance = isnan (tolerance) || tolerance < 0 ? WM_KPI_DEFAULT_TOLERANCE : tolerance;
  series->tolerance_absolute = absolute;
  series->rule = rule;
}

static void
init_point (WmKpiPoint     *point,
            const WmPeriod *period,
            double          value)
{
  *point = (WmKpiPoint) {
    .period = *period,
    .first_day = wm_period_first_day (period),
    .last_day = wm_period_last_day (period),
    .value = value,
    .numerator = NAN,
    .denominator = NAN,
  };
}

WmKpiPoint *
wm_kpi_series_add_point (WmKpiSeries    *series,
                         const WmPeriod *period,
                         double          value,
                         const char     *note)
{
  WmKpiPoint point;

  init_point (&point, period, value);
  point.note = wm_kpi_series_intern (series, note);
  g_array_append_val (series->points, point);
  return &g_array_index (series->points, WmKpiPoint, series->points->len - 1);
}

static WmKpiBenchmark *
get_benchmark (WmKpiSeries *series,
               const char  *name)
{
  WmKpiBenchmark *benchmark;

  for (guint i = 0; i < series->benchmarks->len; i++)
    {
      benchmark = series->benchmarks->pdata[i];
      if (g_str_equal (benchmark->name, name))
        return benchmark;
    }
  benchmark = g_new0 (WmKpiBenchmark, 1);
  benchmark->name = wm_kpi_series_intern (series, name);
  benchmark->points = g_array_new (FALSE, FALSE, sizeof (WmKpiPoint));
  g_ptr_array_add (series->benchmarks, benchmark);
  return benchmark;
}

void
wm_kpi_series_add_benchmark_point (WmKpiSeries    *series,
                                   const char     *name,
                                   const WmPeriod *period,
                                   double          value)
{
  WmKpiBenchmark *benchmark = get_benchmark (series, name);
  WmKpiPoint point;

  init_point (&point, period, value);
  g_array_append_val (benchmark->points, point);
}

void
wm_kpi_series_add_annotation (WmKpiSeries *series,
                              guint32      day,
                              const char  *label)
{
  WmKpiAnnotation annotation = { day, wm_kpi_series_intern (series, label), NULL };

  g_array_append_val (series->annotations, annotation);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const WmKpiPoint *x = a;
  const WmKpiPoint *y = b;

  if (x->first_day != y->first_day)
    return x->first_day < y->first_day ? -1 : 1;
  return (x->last_day > y->last_day) - (x->last_day < y->last_day);
}

static int
compare_annotations (gconstpointer a,
                     gconstpointer b)
{
  const WmKpiAnnotation *x = a;
  const WmKpiAnnotation *y = b;

  return (x->day > y->day) - (x->day < y->day);
}

void
wm_kpi_series_sort (WmKpiSeries *series)
{
  g_array_sort (series->points, compare_points);
  for (guint i = 0; i < series->benchmarks->len; i++)
    g_array_sort (((WmKpiBenchmark *) series->benchmarks->pdata[i])->points, compare_points);
  g_array_sort (series->annotations, compare_annotations);
}

gboolean
wm_kpi_point_is_illustrative (const WmKpiPoint *point)
{
  return point->note != NULL && g_ascii_strncasecmp (point->note, "illustrative", 12) == 0;
}

/**
 * wm_kpi_series_status:
 * @series: a KPI
 * @status: (out): its latest value, direction of travel and rating
 *
 * Direction of travel compares the latest value with the one before it
 * and says better or worse, by the KPI's direction.  The rating follows
 * the KPI's rule (see #WmKpiRatingRule) with its tolerance.
 */
void
wm_kpi_series_status (const WmKpiSeries *series,
                      WmKpiStatus       *status)
{
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  double latest, tolerance;

  *status = (WmKpiStatus) { .latest = -1, .previous = -1 };
  for (int i = (int) series->points->len - 1; i >= 0; i--)
    if (!isnan (points[i].value))
      {
        if (status->latest < 0)
          status->latest = i;
        else
          {
            status->previous = i;
            break;
          }
      }

  if (status->latest >= 0 && status->previous >= 0)
    {
      double change = points[status->latest].value - points[status->previous].value;

      if (fabs (change) < 1e-9)
        status->travel = WM_KPI_TRAVEL_SAME;
      else if (series->direction == WM_KPI_NO_DIRECTION)
        status->travel = change > 0 ? WM_KPI_TRAVEL_RISING : WM_KPI_TRAVEL_FALLING;
      else if ((change > 0) == (series->direction == WM_KPI_HIGHER_IS_BETTER))
        status->travel = WM_KPI_TRAVEL_BETTER;
      else
        status->travel = WM_KPI_TRAVEL_WORSE;
    }

  if (!series->has_target || series->direction == WM_KPI_NO_DIRECTION)
    {
      status->rating = WM_KPI_RATING_NONE;
      return;
    }
  if (status->latest < 0)
    {
      status->rating = WM_KPI_RATING_NO_DATA;
      return;
    }
  latest = points[status->latest].value;
  status->shortfall = series->direction == WM_KPI_HIGHER_IS_BETTER
                      ? MAX (0, series->target - latest) : MAX (0, latest - series->target);
  tolerance = series->tolerance_absolute ? series->tolerance
                                         : fabs (series->target) * series->tolerance / 100.0;
  /* Values are typed to a decimal place or two: do not let binary
   * rounding turn "exactly on the edge" into "off". */
  tolerance += 1e-9;

  if (series->rule == WM_KPI_RULE_BANDS)
    status->rating = status->shortfall <= 1e-9 ? WM_KPI_RATING_GREEN
                     : status->shortfall <= tolerance ? WM_KPI_RATING_AMBER
                     : WM_KPI_RATING_RED;
  else
    status->rating = status->shortfall <= tolerance ? WM_KPI_RATING_GREEN
                     : status->travel == WM_KPI_TRAVEL_BETTER ? WM_KPI_RATING_AMBER
                     : WM_KPI_RATING_RED;
}

static guint
periods_per_year (WmFrequency frequency)
{
  switch (frequency)
    {
    case WM_FREQUENCY_DAILY: return 365;
    case WM_FREQUENCY_WEEKLY: return 52;
    case WM_FREQUENCY_MONTHLY: return 12;
    case WM_FREQUENCY_BIMONTHLY: return 6;
    case WM_FREQUENCY_QUARTERLY: return 4;
    case WM_FREQUENCY_ANNUAL:
    case WM_FREQUENCY_INVALID:
    default: return 1;
    }
}

/* The first day of the window of @months months that ends on @last_day. */
static guint32
window_start (guint32 last_day,
              guint   months)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, last_day);
  g_date_subtract_months (&date, months);
  return g_date_get_julian (&date) + 1;
}

/**
 * wm_kpi_series_rolling:
 * @series: a KPI
 * @months: the window, usually 12
 *
 * The rolling average a board reads ("12-month rolling average"): for each
 * period, the average over the @months months ending with it.  When every
 * period in the window has a numerator and denominator, a percentage or
 * rate is the ratio of their sums (the share of all the assessments in
 * the year, not the average of monthly shares); otherwise the mean of the
 * values.  A window with a period missing has no average (NAN): a partial
 * average would be read as a full one.
 *
 * Returns: (transfer full): WmKpiPoint, one per point of @series
 */
GArray *
wm_kpi_series_rolling (const WmKpiSeries *series,
                       guint              months)
{
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  guint n = series->points->len;
  GArray *result = g_array_sized_new (FALSE, FALSE, sizeof (WmKpiPoint), n);
  guint needed = MAX (1, periods_per_year (series->frequency) * months / 12);
  gboolean ratio_unit = series->unit == WM_KPI_UNIT_PERCENT || series->unit == WM_KPI_UNIT_RATE;
  double sum = 0, sum_num = 0, sum_den = 0;
  guint present = 0, with_ratio = 0;
  guint j = 0;

  g_return_val_if_fail (months > 0, result);

  for (guint i = 0; i < n; i++)
    {
      WmKpiPoint point = points[i];
      guint32 start = window_start (points[i].last_day, months);

      if (!isnan (points[i].value))
        {
          sum += points[i].value;
          present++;
          if (!isnan (points[i].numerator) && !isnan (points[i].denominator))
            {
              sum_num += points[i].numerator;
              sum_den += points[i].denominator;
              with_ratio++;
            }
        }
      for (; j <= i && points[j].first_day < start; j++)
        if (!isnan (points[j].value))
          {
            sum -= points[j].value;
            present--;
            if (!isnan (points[j].numerator) && !isnan (points[j].denominator))
              {
                sum_num -= points[j].numerator;
                sum_den -= points[j].denominator;
                with_ratio--;
              }
          }

      point.note = NULL;
      point.id = NULL;
      point.numerator = NAN;
      point.denominator = NAN;
      if (present < needed || isnan (points[i].value))
        point.value = NAN;
      else if (ratio_unit && with_ratio == present && sum_den > 0)
        {
          point.value = sum_num / sum_den * (series->unit == WM_KPI_UNIT_PERCENT ? 100 : 1);
          point.numerator = sum_num;
          point.denominator = sum_den;
        }
      else
        point.value = sum / present;
      g_array_append_val (result, point);
    }
  return result;
}

/* The point whose period holds @day, else the nearest; -1 when none. */
int
wm_kpi_series_find (const WmKpiSeries *series,
                    guint32            day)
{
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  int lo = 0, hi = (int) series->points->len - 1;

  if (hi < 0)
    return -1;
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (points[mid].last_day < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0 && points[lo].first_day > day
      && day - points[lo - 1].last_day < points[lo].first_day - day)
    return lo - 1;
  return lo;
}

/* ---------- from the store ---------- */

static double
record_double (WmRecord   *record,
               const char *column)
{
  return wm_record_get_double (record, column, NAN);
}

static guint32
day_of_text (const char *text)
{
  GDate date;
  WmPeriod period;

  if (text == NULL || *text == '\0')
    return 0;
  if (wm_date_from_iso (text, &date))
    return g_date_get_julian (&date);
  if (wm_period_parse (text, WM_FREQUENCY_INVALID, &period, NULL))
    return wm_period_last_day (&period);
  g_date_clear (&date, 1);
  if (wm_date_parse (text, &date) != WM_DATE_NONE)
    return g_date_get_julian (&date);
  return 0;
}

static gboolean
parse_stored_period (const char  *text,
                     WmFrequency  frequency,
                     WmPeriod    *period)
{
  if (text == NULL || !wm_period_parse (text, WM_FREQUENCY_INVALID, period, NULL))
    return FALSE;
  if (frequency == WM_FREQUENCY_BIMONTHLY && period->kind == WM_PERIOD_MONTH)
    period->span = 2;
  return TRUE;
}

/* "1.1, 1.3a" → "1" (the codes of the priorities those actions are under) */
static char *
priorities_of (const char *linked_actions,
               GHashTable *priority_of_action)
{
  g_auto(GStrv) codes = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  if (linked_actions == NULL)
    return NULL;
  codes = g_strsplit_set (linked_actions, ",; \n", -1);
  for (guint i = 0; codes[i]; i++)
    {
      const char *priority = g_hash_table_lookup (priority_of_action, codes[i]);
      gboolean seen = FALSE;

      for (guint j = 0; priority && j < found->len; j++)
        seen |= g_str_equal (found->pdata[j], priority);
      if (priority && !seen)
        g_ptr_array_add (found, (gpointer) priority);
    }
  g_ptr_array_add (found, NULL);
  return found->len > 1 ? g_strjoinv (", ", (char **) found->pdata) : NULL;
}

static WmKpiSeries *
series_from_record (WmRecord   *kpi,
                    GHashTable *priority_of_action)
{
  WmKpiUnit unit = WM_KPI_UNIT_COUNT;
  WmKpiDirection direction = WM_KPI_HIGHER_IS_BETTER;
  WmFrequency frequency = wm_frequency_parse (wm_record_get (kpi, "frequency"));
  WmKpiSeries *series;
  g_autofree char *priorities = NULL;

  wm_kpi_unit_parse (wm_record_get (kpi, "unit"), &unit);
  wm_kpi_direction_parse (wm_record_get (kpi, "direction"), &direction);
  if (frequency == WM_FREQUENCY_INVALID)
    frequency = WM_FREQUENCY_MONTHLY;

  series = wm_kpi_series_new (wm_record_get (kpi, "code"), wm_record_get (kpi, "name"), unit,
                              direction, frequency);
  series->id = wm_kpi_series_intern (series, wm_record_get_id (kpi));
  series->definition = wm_kpi_series_intern (series, wm_record_get (kpi, "definition"));
  series->owner = wm_kpi_series_intern (series, wm_record_get (kpi, "owner"));
  series->source = wm_kpi_series_intern (series, wm_record_get (kpi, "source"));
  series->linked_actions = wm_kpi_series_intern (series, wm_record_get (kpi, "linked_actions"));
  series->illustrative = wm_kpi_series_intern (series, wm_record_get (kpi, "illustrative"));
  series->corrective_action = wm_kpi_series_intern (series,
                                                    wm_record_get (kpi, "corrective_action"));
  series->derived = wm_kpi_series_intern (series, wm_record_get (kpi, "derived"));
  if (series->derived != NULL && *series->derived == '\0')
    series->derived = NULL;
  if (priority_of_action)
    {
      priorities = priorities_of (series->linked_actions, priority_of_action);
      series->priorities = wm_kpi_series_intern (series, priorities);
    }
  wm_kpi_series_set_target (series, record_double (kpi, "target"),
                            record_double (kpi, "tolerance"),
                            g_strcmp0 (wm_record_get (kpi, "tolerance_kind"), "absolute") == 0,
                            g_strcmp0 (wm_record_get (kpi, "rating_rule"), "bands") == 0
                            ? WM_KPI_RULE_BANDS : WM_KPI_RULE_IMPROVING);
  series->chart = g_strcmp0 (wm_record_get (kpi, "chart"), "bar") == 0 ? WM_KPI_CHART_BAR
                                                                        : WM_KPI_CHART_LINE;
  series->baseline = record_double (kpi, "baseline");
  series->has_baseline = !isnan (series->baseline);
  series->baseline_day = day_of_text (wm_record_get (kpi, "baseline_date"));
  return series;
}

static void
add_value_record (WmKpiSeries *series,
                  WmRecord    *record)
{
  WmPeriod period;
  WmKpiPoint *point;

  if (!parse_stored_period (wm_record_get (record, "period"), series->frequency, &period))
    {
      g_debug ("KPI %s: skipping a value whose period “%s” cannot be read", series->code,
               wm_record_get (record, "period"));
      return;
    }
  point = wm_kpi_series_add_point (series, &period, record_double (record, "value"),
                                   wm_record_get (record, "note"));
  point->numerator = record_double (record, "numerator");
  point->denominator = record_double (record, "denominator");
  point->source = wm_kpi_series_intern (series, wm_record_get (record, "source"));
  point->id = wm_kpi_series_intern (series, wm_record_get_id (record));
}

static void
add_benchmark_record (WmKpiSeries *series,
                      WmRecord    *record)
{
  const char *name = wm_record_get (record, "series");
  WmKpiBenchmark *benchmark;
  WmKpiPoint point;
  WmPeriod period;

  if (name == NULL || *name == '\0'
      || !parse_stored_period (wm_record_get (record, "period"), WM_FREQUENCY_INVALID, &period))
    return;
  benchmark = get_benchmark (series, name);
  init_point (&point, &period, record_double (record, "value"));
  point.source = wm_kpi_series_intern (series, wm_record_get (record, "source"));
  point.id = wm_kpi_series_intern (series, wm_record_get_id (record));
  if (benchmark->source == NULL && point.source != NULL)
    benchmark->source = point.source;
  g_array_append_val (benchmark->points, point);
}

static void
add_annotation_record (WmKpiSeries *series,
                       WmRecord    *record)
{
  guint32 day = day_of_text (wm_record_get (record, "date"));

  if (day == 0)
    return;
  wm_kpi_series_add_annotation (series, day, wm_record_get_nonnull (record, "label"));
  g_array_index (series->annotations, WmKpiAnnotation, series->annotations->len - 1).id =
    wm_kpi_series_intern (series, wm_record_get_id (record));
}

/* ---------- derived KPIs ---------- */

typedef struct
{
  GPtrArray  *actions;
  GHashTable *ratings;        /* id → WmRecord */
  GHashTable *updates;        /* action id → GPtrArray of status_update, by date */
  GPtrArray  *milestones;
  guint32     plan_start;
} PlanFacts;

static void
plan_facts_clear (PlanFacts *facts)
{
  g_clear_pointer (&facts->actions, g_ptr_array_unref);
  g_clear_pointer (&facts->ratings, g_hash_table_unref);
  g_clear_pointer (&facts->updates, g_hash_table_unref);
  g_clear_pointer (&facts->milestones, g_ptr_array_unref);
}

static int
compare_updates (gconstpointer a,
                 gconstpointer b)
{
  WmRecord *x = *(WmRecord **) a;
  WmRecord *y = *(WmRecord **) b;

  return g_strcmp0 (wm_record_get (x, "date"), wm_record_get (y, "date"));
}

static gboolean
plan_facts_load (WmStore   *store,
                 PlanFacts *facts,
                 GError   **error)
{
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) updates = NULL;
  g_autoptr(WmRecord) plan = NULL;
  GHashTableIter iter;
  gpointer value;

  facts->actions = wm_store_list (store, "action", NULL, NULL, error);
  if (facts->actions == NULL)
    return FALSE;
  ratings = wm_store_list (store, "rating", NULL, NULL, error);
  if (ratings == NULL)
    return FALSE;
  facts->ratings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; i < ratings->len; i++)
    g_hash_table_insert (facts->ratings, (gpointer) wm_record_get_id (ratings->pdata[i]),
                         g_object_ref (ratings->pdata[i]));
  updates = wm_store_list (store, "status_update", NULL, NULL, error);
  if (updates == NULL)
    return FALSE;
  facts->updates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < updates->len; i++)
    {
      const char *action_id = wm_record_get (updates->pdata[i], "action_id");
      GPtrArray *list;

      if (action_id == NULL)
        continue;
      list = g_hash_table_lookup (facts->updates, action_id);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (facts->updates, g_strdup (action_id), list);
        }
      g_ptr_array_add (list, g_object_ref (updates->pdata[i]));
    }
  g_hash_table_iter_init (&iter, facts->updates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_sort (value, compare_updates);
  facts->milestones = wm_store_list (store, "milestone", NULL, NULL, error);
  if (facts->milestones == NULL)
    return FALSE;
  plan = wm_store_get_plan (store, NULL);
  facts->plan_start = plan ? day_of_text (wm_record_get (plan, "start_date")) : 0;
  return TRUE;
}

typedef enum
{
  STANDING_NONE,          /* no rating yet, or not started */
  STANDING_ON_TRACK,      /* Green, or complete */
  STANDING_OFF_TRACK,
} Standing;

static Standing
standing_of (PlanFacts  *facts,
             const char *rating_id)
{
  WmRecord *rating = rating_id ? g_hash_table_lookup (facts->ratings, rating_id) : NULL;
  const char *code, *summary;

  if (rating == NULL)
    return STANDING_NONE;
  code = wm_record_get_nonnull (rating, "code");
  summary = wm_record_get_nonnull (rating, "summary");
  /* Ratings are plan data; BRAG(P) and its relatives name these so. */
  if (wm_record_get_int (rating, "is_complete", 0) != 0 || g_ascii_strcasecmp (code, "G") == 0
      || g_ascii_strcasecmp (code, "C") == 0)
    return STANDING_ON_TRACK;
  if (g_ascii_strcasecmp (code, "P") == 0 || strstr (summary, "not started") != NULL
      || strstr (summary, "Not started") != NULL)
    return STANDING_NONE;
  return STANDING_OFF_TRACK;
}

static char *
month_end_iso (guint32 day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return wm_date_to_iso (&date);
}

/* Month by month, from the plan's start (or the first date that says
 * anything) to this month: share of rated actions on track, or of
 * milestones due that were done by their due date. */
static void
compute_derived (WmKpiSeries *series,
                 PlanFacts   *facts,
                 guint32      today)
{
  gboolean actions = g_str_equal (series->derived, "actions-on-track");
  WmPeriod month;
  guint32 start = facts->plan_start;

  if (!actions && !g_str_equal (series->derived, "milestones-on-time"))
    return;
  if (start == 0 || start > today)
    start = today;
  wm_period_from_day (WM_PERIOD_MONTH, start, &month);
  series->frequency = WM_FREQUENCY_MONTHLY;

  for (; wm_period_first_day (&month) <= today; month = wm_period_next (&month))
    {
      guint32 end = MIN (wm_period_last_day (&month), today);
      g_autofree char *end_iso = month_end_iso (end);
      guint num = 0, den = 0;
      g_autofree char *note = NULL;
      WmKpiPoint *point;

      if (actions)
        {
          for (guint i = 0; i < facts->actions->len; i++)
            {
              WmRecord *action = facts->actions->pdata[i];
              GPtrArray *updates = g_hash_table_lookup (facts->updates,
                                                        wm_record_get_id (action));
              const char *rating_id = NULL;
              Standing standing;

              for (guint u = 0; updates && u < updates->len; u++)
                if (g_strcmp0 (wm_record_get (updates->pdata[u], "date"), end_iso) <= 0)
                  rating_id = wm_record_get (updates->pdata[u], "rating_id");
              if (end == today)
                rating_id = wm_record_get (action, "rating_id");
              standing = standing_of (facts, rating_id);
              if (standing == STANDING_NONE)
                continue;
              den++;
              num += standing == STANDING_ON_TRACK;
            }
          note = g_strdup_printf ("Computed from the plan: %u of %u rated actions on track "
                                  "(Green or complete)", num, den);
        }
      else
        {
          for (guint i = 0; i < facts->milestones->len; i++)
            {
              WmRecord *milestone = facts->milestones->pdata[i];
              const char *due = wm_record_get (milestone, "due_date");
              const char *done = wm_record_get (milestone, "done_date");

              if (due == NULL || g_strcmp0 (due, end_iso) > 0)
                continue;
              den++;
              num += done != NULL && *done != '\0' && g_strcmp0 (done, due) <= 0;
            }
          note = g_strdup_printf ("Computed from the plan: %u of %u milestones due by then "
                                  "were done by their due date", num, den);
        }
      if (den == 0)
        continue;
      point = wm_kpi_series_add_point (series, &month, 100.0 * num / den, note);
      point->numerator = num;
      point->denominator = den;
    }
}

static GHashTable *
priority_of_action_map (WmStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) priorities = wm_store_list (store, "priority", NULL, NULL, error);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GHashTable) code_of_priority = NULL;
  GHashTable *map;

  if (priorities == NULL)
    return NULL;
  actions = wm_store_list (store, "action", NULL, NULL, error);
  if (actions == NULL)
    return NULL;
  code_of_priority = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < priorities->len; i++)
    g_hash_table_insert (code_of_priority, (gpointer) wm_record_get_id (priorities->pdata[i]),
                         (gpointer) wm_record_get_nonnull (priorities->pdata[i], "code"));
  map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < actions->len; i++)
    {
      const char *priority_id = wm_record_get (actions->pdata[i], "priority_id");
      const char *code = priority_id ? g_hash_table_lookup (code_of_priority, priority_id)
                                     : NULL;
      if (code != NULL)
        g_hash_table_insert (map, g_strdup (wm_record_get_nonnull (actions->pdata[i], "code")),
                             g_strdup (code));
    }
  return map;
}

/**
 * wm_kpi_series_load_all:
 * @store: the plan's store
 * @today: the Julian day derived KPIs are computed up to; 0 for today
 * @error: return location for a #GError
 *
 * Every KPI of the plan, in the plan's order, with its values, benchmarks
 * and annotations, in a few queries whatever the number of KPIs.
 *
 * Returns: (transfer full) (element-type WmKpiSeries): the KPIs
 */
GPtrArray *
wm_kpi_series_load_all (WmStore  *store,
                        guint32   today,
                        GError  **error)
{
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) benchmarks = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) priority_of_action = NULL;
  g_autoptr(GPtrArray) result = NULL;
  PlanFacts facts = { 0 };
  gboolean any_derived = FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  if (today == 0)
    {
      GDate now;
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = g_date_get_julian (&now);
    }

  kpis = wm_store_list (store, "kpi", NULL, NULL, error);
  if (kpis == NULL
      || (values = wm_store_list (store, "kpi_value", NULL, NULL, error)) == NULL
      || (benchmarks = wm_store_list (store, "kpi_benchmark", NULL, NULL, error)) == NULL
      || (annotations = wm_store_list (store, "kpi_annotation", NULL, NULL, error)) == NULL
      || (priority_of_action = priority_of_action_map (store, error)) == NULL)
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_kpi_series_unref);
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < kpis->len; i++)
    {
      WmKpiSeries *series = series_from_record (kpis->pdata[i], priority_of_action);

      g_ptr_array_add (result, series);
      g_hash_table_insert (by_id, (gpointer) series->id, series);
      any_derived |= series->derived != NULL;
    }
  for (guint i = 0; i < values->len; i++)
    {
      const char *kpi_id = wm_record_get (values->pdata[i], "kpi_id");
      WmKpiSeries *series = kpi_id ? g_hash_table_lookup (by_id, kpi_id) : NULL;

      if (series != NULL && series->derived == NULL)
        add_value_record (series, values->pdata[i]);
    }
  for (guint i = 0; i < benchmarks->len; i++)
    {
      const char *kpi_id = wm_record_get (benchmarks->pdata[i], "kpi_id");
      WmKpiSeries *series = kpi_id ? g_hash_table_lookup (by_id, kpi_id) : NULL;

      if (series != NULL)
        add_benchmark_record (series, benchmarks->pdata[i]);
    }
  for (guint i = 0; i < annotations->len; i++)
    {
      const char *kpi_id = wm_record_get (annotations->pdata[i], "kpi_id");

      if (kpi_id == NULL || *kpi_id == '\0')
        {
          for (guint k = 0; k < result->len; k++)
            add_annotation_record (result->pdata[k], annotations->pdata[i]);
        }
      else if (g_hash_table_contains (by_id, kpi_id))
        add_annotation_record (g_hash_table_lookup (by_id, kpi_id), annotations->pdata[i]);
    }

  if (any_derived)
    {
      if (!plan_facts_load (store, &facts, error))
        {
          plan_facts_clear (&facts);
          return NULL;
        }
      for (guint i = 0; i < result->len; i++)
        {
          WmKpiSeries *series = result->pdata[i];
          if (series->derived != NULL)
            compute_derived (series, &facts, today);
        }
      plan_facts_clear (&facts);
    }

  for (guint i = 0; i < result->len; i++)
    wm_kpi_series_sort (result->pdata[i]);
  return g_steal_pointer (&result);
}

WmKpiSeries *
wm_kpi_series_load (WmStore     *store,
                    const char  *kpi_id,
                    GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (kpi_id != NULL, NULL);

  /* One KPI costs the same few queries as all of them; the values table
   * of a plan is small (a few KPIs × a few years of months). */
  all = wm_kpi_series_load_all (store, 0, error);
  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      WmKpiSeries *series = all->pdata[i];
      if (g_str_equal (series->id, kpi_id))
        return wm_kpi_series_ref (series);
    }
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND, "There is no KPI with id %s.",
               kpi_id);
  return NULL;
}

/* ---------- definitions ---------- */

GPtrArray *
wm_kpi_list (WmStore  *store,
             GError  **error)
{
  return wm_store_list (store, "kpi", NULL, NULL, error);
}

static char *
codes_of (GPtrArray *kpis)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < kpis->len && i < 12; i++)
    g_string_append_printf (codes, "%s%s", i ? ", " : "",
                            wm_record_get_nonnull (kpis->pdata[i], "code"));
  if (kpis->len > 12)
    g_string_append (codes, " …");
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

WmRecord *
wm_kpi_find (WmStore    *store,
             const char *code,
             GError    **error)
{
  g_autoptr(GPtrArray) kpis = wm_kpi_list (store, error);
  g_autofree char *codes = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (code ? code : ""));

  if (kpis == NULL)
    return NULL;
  for (guint i = 0; i < kpis->len; i++)
    if (g_ascii_strcasecmp (wm_record_get_nonnull (kpis->pdata[i], "code"), trimmed) == 0)
      return g_object_ref (kpis->pdata[i]);
  codes = codes_of (kpis);
  if (kpis->len == 0)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 "there is no KPI “%s”: the plan has no KPIs yet (add one with kpi add)",
                 trimmed);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 "there is no KPI “%s” (the KPIs are %s)", trimmed, codes);
  return NULL;
}

char *
wm_kpi_add (WmStore    *store,
            const char *code,
            const char *name,
            const char *unit,
            const char *direction,
            const char *target,
            const char *frequency,
            GError    **error)
{
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(WmRecord) plan = NULL;
  g_autofree char *target_text = NULL;
  g_autofree char *code_trimmed = g_strstrip (g_strdup (code ? code : ""));
  WmKpiUnit kpi_unit;
  WmKpiDirection kpi_direction;
  WmFrequency kpi_frequency = WM_FREQUENCY_MONTHLY;
  double target_value = NAN;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  if (*code_trimmed == '\0')
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "a KPI needs a code, such as K3");
      return NULL;
    }
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "KPI %s needs a name (--name)", code_trimmed);
      return NULL;
    }
  if (!wm_kpi_unit_parse (unit, &kpi_unit))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "unit “%s” is not one Waymark knows: choose percent, count, days, weeks "
                   "or rate", unit ? unit : "");
      return NULL;
    }
  if (!wm_kpi_direction_parse (direction, &kpi_direction))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "direction “%s” is not one Waymark knows: say whether higher or lower is "
                   "better (or none, for a context measure)", direction ? direction : "");
      return NULL;
    }
  if (frequency != NULL && (kpi_frequency = wm_frequency_parse (frequency)) == WM_FREQUENCY_INVALID)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "frequency “%s” is not one Waymark knows: choose %s", frequency,
                   wm_frequency_list ());
      return NULL;
    }
  if (target != NULL && *target != '\0')
    {
      if (!wm_kpi_parse_value (target, kpi_unit, &target_value, error))
        {
          g_prefix_error (error, "target: ");
          return NULL;
        }
      target_text = wm_kpi_format_double (target_value);
    }

  kpis = wm_kpi_list (store, error);
  if (kpis == NULL)
    return NULL;
  for (guint i = 0; i < kpis->len; i++)
    if (g_ascii_strcasecmp (wm_record_get_nonnull (kpis->pdata[i], "code"), code_trimmed) == 0)
      {
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                     "there is already a KPI %s (“%s”): choose another code", code_trimmed,
                     wm_record_get_nonnull (kpis->pdata[i], "name"));
        return NULL;
      }
  plan = wm_store_get_plan (store, error);
  if (plan == NULL)
    return NULL;

  return wm_store_insert (store, "kpi", error, "plan_id", wm_record_get_id (plan),
                          "code", code_trimmed, "name", name,
                          "unit", wm_kpi_unit_to_string (kpi_unit),
                          "direction", wm_kpi_direction_to_string (kpi_direction),
                          "target", target_text,
                          "frequency", wm_frequency_to_string (kpi_frequency), NULL);
}

/* ---------- values ---------- */

static void
replace_text (char       **slot,
              const char  *text)
{
  g_free (*slot);
  *slot = g_strdup (text);
}

void
wm_kpi_info_free (WmKpiInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->code);
  g_clear_pointer (&info->values, g_hash_table_unref);
  g_clear_pointer (&info->benchmarks, g_hash_table_unref);
  g_free (info);
}

WmKpiInfo *
wm_kpi_info_new (WmStore   *store,
                 WmRecord  *kpi,
                 GError   **error)
{
  g_autoptr(WmKpiInfo) info = g_new0 (WmKpiInfo, 1);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) benchmarks = NULL;
  const char *derived = wm_record_get (kpi, "derived");

  info->id = g_strdup (wm_record_get_id (kpi));
  info->code = g_strdup (wm_record_get_nonnull (kpi, "code"));
  if (!wm_kpi_unit_parse (wm_record_get (kpi, "unit"), &info->unit))
    info->unit = WM_KPI_UNIT_COUNT;
  info->frequency = wm_frequency_parse (wm_record_get (kpi, "frequency"));
  if (info->frequency == WM_FREQUENCY_INVALID)
    info->frequency = WM_FREQUENCY_MONTHLY;
  info->derived = derived != NULL && *derived != '\0';
  info->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  info->benchmarks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  values = wm_store_list (store, "kpi_value", "kpi_id", info->id, error);
  if (values == NULL)
    return NULL;
  for (guint i = 0; i < values->len; i++)
    {
      WmPeriod period;
      const char *text = wm_record_get (values->pdata[i], "period");
      g_autofree char *canonical = NULL;

      if (!parse_stored_period (text, info->frequency, &period))
        continue;
      canonical = wm_period_to_string (&period);
      if (info->frequency == WM_FREQUENCY_ANNUAL && info->year_kind == 0)
        info->year_kind = period.kind;
      g_hash_table_insert (info->values, g_steal_pointer (&canonical),
                           g_strdup (wm_record_get_id (values->pdata[i])));
    }
  benchmarks = wm_store_list (store, "kpi_benchmark", "kpi_id", info->id, error);
  if (benchmarks == NULL)
    return NULL;
  for (guint i = 0; i < benchmarks->len; i++)
    {
      WmPeriod period;
      g_autofree char *canonical = NULL;

      if (!parse_stored_period (wm_record_get (benchmarks->pdata[i], "period"),
                                WM_FREQUENCY_INVALID, &period))
        continue;
      canonical = wm_period_to_string (&period);
      g_hash_table_insert (info->benchmarks,
                           g_strdup_printf ("%s\n%s",
                                            wm_record_get_nonnull (benchmarks->pdata[i], "series"),
                                            canonical),
                           g_strdup (wm_record_get_id (benchmarks->pdata[i])));
    }
  return g_steal_pointer (&info);
}

/* Checks what the fields say together: a percentage's numerator is not
 * more than its denominator, a value agrees with them, an annual KPI keeps
 * to one kind of year; fills in the value from them when it is empty. */
gboolean
wm_kpi_check_row (WmKpiInfo        *info,
                  WmKpiParsedValue *row,
                  WmKpiField       *bad_field,
                  GError          **error)
{
  gboolean has_ratio = !isnan (row->numerator) && !isnan (row->denominator);

  if (info->frequency == WM_FREQUENCY_ANNUAL && info->year_kind != 0
      && row->period.kind != info->year_kind)
    {
      g_autofree char *text = wm_period_to_string (&row->period);
      *bad_field = WM_KPI_FIELD_PERIOD;
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is %s, but %s's values are each %s: one KPI keeps to one kind of year",
                   text, wm_period_kind_name (row->period.kind), info->code,
                   wm_period_kind_name (info->year_kind));
      return FALSE;
    }
  if (has_ratio && (info->unit == WM_KPI_UNIT_PERCENT || info->unit == WM_KPI_UNIT_RATE))
    {
      double ratio;

      if (row->denominator <= 0)
        {
          *bad_field = WM_KPI_FIELD_DENOMINATOR;
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "the denominator is 0: a share of nothing has no value (leave "
                       "numerator and denominator empty)");
          return FALSE;
        }
      if (info->unit == WM_KPI_UNIT_PERCENT && row->numerator > row->denominator)
        {
          g_autofree char *n = wm_kpi_format_number (row->numerator, -1);
          g_autofree char *d = wm_kpi_format_number (row->denominator, -1);
          *bad_field = WM_KPI_FIELD_NUMERATOR;
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "the numerator (%s) is more than the denominator (%s): a percentage "
                       "cannot be more than 100", n, d);
          return FALSE;
        }
      ratio = row->numerator / row->denominator * (info->unit == WM_KPI_UNIT_PERCENT ? 100 : 1);
      if (isnan (row->value))
        row->value = ratio;
      else if (fabs (row->value - ratio) > MAX (0.51, fabs (ratio) * 0.01))
        {
          g_autofree char *v = wm_kpi_format_value (info->unit, row->value);
          g_autofree char *r = wm_kpi_format_value (info->unit, ratio);
          g_autofree char *n = wm_kpi_format_number (row->numerator, -1);
          g_autofree char *d = wm_kpi_format_number (row->denominator, -1);
          *bad_field = WM_KPI_FIELD_VALUE;
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "%s does not agree with the numerator and denominator (%s of %s is %s)",
                       v, n, d, r);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
wm_kpi_parse_row (WmKpiInfo        *info,
                  const char       *period,
                  const char       *value,
                  const char       *numerator,
                  const char       *denominator,
                  WmKpiParsedValue *out,
                  WmKpiField       *bad_field,
                  GError          **error)
{
  *out = (WmKpiParsedValue) { .value = NAN, .numerator = NAN, .denominator = NAN };

  if (!wm_period_parse (period, info->frequency, &out->period, error))
    {
      *bad_field = WM_KPI_FIELD_PERIOD;
      return FALSE;
    }
  if (!wm_kpi_parse_value (value, info->unit, &out->value, error))
    {
      *bad_field = WM_KPI_FIELD_VALUE;
      return FALSE;
    }
  if (!wm_kpi_parse_count (numerator, &out->numerator, error))
    {
      *bad_field = WM_KPI_FIELD_NUMERATOR;
      return FALSE;
    }
  if (!wm_kpi_parse_count (denominator, &out->denominator, error))
    {
      *bad_field = WM_KPI_FIELD_DENOMINATOR;
      return FALSE;
    }
  return wm_kpi_check_row (info, out, bad_field, error);
}

gboolean
wm_kpi_write_value (WmStore                *store,
                    WmKpiInfo              *info,
                    const WmKpiParsedValue *row,
                    const char             *note,
                    const char             *source,
                    gboolean               *added,
                    GError                **error)
{
  g_autofree char *period = wm_period_to_string (&row->period);
  g_autofree char *value = wm_kpi_format_double (row->value);
  g_autofree char *numerator = wm_kpi_format_double (row->numerator);
  g_autofree char *denominator = wm_kpi_format_double (row->denominator);
  const char *existing = g_hash_table_lookup (info->values, period);

  if (info->derived)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s is computed from the plan: its values cannot be typed or imported",
                   info->code);
      return FALSE;
    }
  if (note != NULL && *note == '\0')
    note = NULL;
  if (source != NULL && *source == '\0')
    source = NULL;
  if (added)
    *added = existing == NULL;
  if (existing != NULL)
    return wm_store_update (store, "kpi_value", existing, error, "value", value,
                            "numerator", numerator, "denominator", denominator, "note", note,
                            "source", source, NULL);
  else
    {
      g_autofree char *id = wm_store_insert (store, "kpi_value", error, "kpi_id", info->id,
                                             "period", period, "value", value,
                                             "numerator", numerator, "denominator", denominator,
                                             "note", note, "source", source, NULL);
      if (id == NULL)
        return FALSE;
      if (info->frequency == WM_FREQUENCY_ANNUAL && info->year_kind == 0)
        info->year_kind = row->period.kind;
      g_hash_table_insert (info->values, g_steal_pointer (&period), g_steal_pointer (&id));
      return TRUE;
    }
}

gboolean
wm_kpi_write_benchmark (WmStore        *store,
                        WmKpiInfo      *info,
                        const char     *series,
                        const WmPeriod *period,
                        double          value,
                        const char     *source,
                        gboolean       *added,
                        GError        **error)
{
  g_autofree char *period_text = wm_period_to_string (period);
  g_autofree char *key = g_strdup_printf ("%s\n%s", series, period_text);
  g_autofree char *value_text = wm_kpi_format_double (value);
  const char *existing = g_hash_table_lookup (info->benchmarks, key);
  g_autofree char *id = NULL;

  if (source != NULL && *source == '\0')
    source = NULL;
  if (added)
    *added = existing == NULL;
  if (existing != NULL)
    return wm_store_update (store, "kpi_benchmark", existing, error, "value", value_text,
                            "source", source, NULL);
  id = wm_store_insert (store, "kpi_benchmark", error, "kpi_id", info->id, "series", series,
                        "period", period_text, "value", value_text, "source", source, NULL);
  if (id == NULL)
    return FALSE;
  g_hash_table_insert (info->benchmarks, g_steal_pointer (&key), g_steal_pointer (&id));
  return TRUE;
}

static const char *const field_names[] = {
  [WM_KPI_FIELD_PERIOD] = "period",
  [WM_KPI_FIELD_VALUE] = "value",
  [WM_KPI_FIELD_NUMERATOR] = "numerator",
  [WM_KPI_FIELD_DENOMINATOR] = "denominator",
};

/**
 * wm_kpi_set_value:
 * @store: the plan's store
 * @kpi_id: the KPI
 * @period: the period as typed ("Apr 2024")
 * @value: (nullable): the value as typed; empty for a missing value
 * @numerator: (nullable): optional
 * @denominator: (nullable): optional; with @numerator, fills an empty value
 * @note: (nullable): what a reader should know about this value
 * @source: (nullable): where it came from
 * @added: (out) (optional): %TRUE when the period was new, %FALSE when its
 *   value was replaced
 * @error: a message naming the field
 *
 * Sets the KPI's value for a period, in one transaction.
 */
gboolean
wm_kpi_set_value (WmStore    *store,
                  const char *kpi_id,
                  const char *period,
                  const char *value,
                  const char *numerator,
                  const char *denominator,
                  const char *note,
                  const char *source,
                  gboolean   *added,
                  GError    **error)
{
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(WmKpiInfo) info = NULL;
  WmKpiParsedValue row;
  WmKpiField bad = WM_KPI_FIELD_VALUE;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (kpi_id != NULL, FALSE);

  kpi = wm_store_get (store, "kpi", kpi_id, error);
  if (kpi == NULL || (info = wm_kpi_info_new (store, kpi, error)) == NULL)
    return FALSE;
  if (!wm_kpi_parse_row (info, period, value, numerator, denominator, &row, &bad, error))
    {
      g_prefix_error (error, "%s, %s: ", info->code, field_names[bad]);
      return FALSE;
    }
  if (!wm_store_begin (store, error))
    return FALSE;
  if (!wm_kpi_write_value (store, info, &row, note, source, added, error)
      || !wm_store_commit (store, error))
    {
      wm_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * wm_kpi_update_value:
 * @store: the plan's store
 * @value_id: a kpi_value row
 * @field: "period", "value", "numerator", "denominator" or "note"
 * @text: the new text of that field
 * @error: a message naming the field
 *
 * One cell of the values grid changed: the row is checked whole, as an
 * import would check it, and saved in one transaction.
 */
gboolean
wm_kpi_update_value (WmStore    *store,
                     const char *value_id,
                     const char *field,
                     const char *text,
                     GError    **error)
{
  g_autoptr(WmRecord) row = NULL;
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(WmKpiInfo) info = NULL;
  g_autofree char *period_text = NULL;
  g_autofree char *value_text = NULL;
  g_autofree char *num_text = NULL;
  g_autofree char *den_text = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *value = NULL;
  g_autofree char *numerator = NULL;
  g_autofree char *denominator = NULL;
  WmKpiParsedValue parsed;
  WmKpiField bad = WM_KPI_FIELD_VALUE;
  const char *other;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (value_id != NULL && field != NULL, FALSE);

  row = wm_store_get (store, "kpi_value", value_id, error);
  if (row == NULL)
    return FALSE;
  if (g_str_equal (field, "note"))
    return wm_store_update (store, "kpi_value", value_id, error, "note",
                            text && *text ? text : NULL, NULL);

  kpi = wm_store_get (store, "kpi", wm_record_get (row, "kpi_id"), error);
  if (kpi == NULL || (info = wm_kpi_info_new (store, kpi, error)) == NULL)
    return FALSE;

  period_text = g_strdup (wm_record_get (row, "period"));
  value_text = g_strdup (wm_record_get (row, "value"));
  num_text = g_strdup (wm_record_get (row, "numerator"));
  den_text = g_strdup (wm_record_get (row, "denominator"));
  if (g_str_equal (field, "period"))
    replace_text (&period_text, text);
  else if (g_str_equal (field, "value"))
    replace_text (&value_text, text);
  else if (g_str_equal (field, "numerator"))
    replace_text (&num_text, text);
  else if (g_str_equal (field, "denominator"))
    replace_text (&den_text, text);
  else
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is not a field of a KPI value", field);
      return FALSE;
    }

  /* The value was derived from numerator and denominator when they were
   * typed; a new numerator or denominator derives it again. */
  if (!g_str_equal (field, "value") && !g_str_equal (field, "period")
      && num_text && *num_text && den_text && *den_text)
    g_clear_pointer (&value_text, g_free);

  if (info->frequency == WM_FREQUENCY_ANNUAL)
    {
      /* The row's own kind of year does not bind it */
      if (g_hash_table_size (info->values) <= 1)
        info->year_kind = 0;
    }
  if (!wm_kpi_parse_row (info, period_text, value_text, num_text, den_text, &parsed, &bad,
                         error))
    {
      g_prefix_error (error, "%s, %s: ", info->code, field_names[bad]);
      return FALSE;
    }
  canonical = wm_period_to_string (&parsed.period);
  other = g_hash_table_lookup (info->values, canonical);
  if (other != NULL && !g_str_equal (other, value_id))
    {
      g_autofree char *label = wm_period_label (&parsed.period);
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s, period: %s already has a value; change that row instead", info->code,
                   label);
      return FALSE;
    }
  value = wm_kpi_format_double (parsed.value);
  numerator = wm_kpi_format_double (parsed.numerator);
  denominator = wm_kpi_format_double (parsed.denominator);
  return wm_store_update (store, "kpi_value", value_id, error, "period", canonical,
                          "value", value, "numerator", numerator, "denominator", denominator,
                          NULL);
}

/* A new, empty row for the period after the latest (or for the period
 * holding today when there is none), ready to be typed into. */
char *
wm_kpi_add_next_period (WmStore    *store,
                        const char *kpi_id,
                        GError    **error)
{
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(WmKpiInfo) info = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key;
  WmPeriod latest = { 0 };
  WmPeriod next;

  kpi = wm_store_get (store, "kpi", kpi_id, error);
  if (kpi == NULL || (info = wm_kpi_info_new (store, kpi, error)) == NULL)
    return NULL;
  if (info->derived)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s is computed from the plan: its values cannot be typed", info->code);
      return NULL;
    }
  g_hash_table_iter_init (&iter, info->values);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      WmPeriod period;
      if (parse_stored_period (key, info->frequency, &period)
          && (latest.kind == WM_PERIOD_INVALID || wm_period_compare (&period, &latest) > 0))
        latest = period;
    }
  if (latest.kind != WM_PERIOD_INVALID)
    next = wm_period_next (&latest);
  else
    {
      static const WmPeriodKind kinds[] = {
        [WM_FREQUENCY_INVALID] = WM_PERIOD_MONTH,
        [WM_FREQUENCY_DAILY] = WM_PERIOD_DAY,
        [WM_FREQUENCY_WEEKLY] = WM_PERIOD_WEEK,
        [WM_FREQUENCY_MONTHLY] = WM_PERIOD_MONTH,
        [WM_FREQUENCY_BIMONTHLY] = WM_PERIOD_MONTH,
        [WM_FREQUENCY_QUARTERLY] = WM_PERIOD_QUARTER,
        [WM_FREQUENCY_ANNUAL] = WM_PERIOD_CALENDAR_YEAR,
      };
      GDate now;

      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      wm_period_from_day (kinds[info->frequency], g_date_get_julian (&now), &next);
    }
  text = wm_period_to_string (&next);
  return wm_store_insert (store, "kpi_value", error, "kpi_id", info->id, "period", text, NULL);
}

gboolean
wm_kpi_set_benchmark (WmStore    *store,
                      const char *kpi_id,
                      const char *series,
                      const char *period,
                      const char *value,
                      const char *source,
                      gboolean   *added,
                      GError    **error)
{
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(WmKpiInfo) info = NULL;
  g_autofree char *name = g_strstrip (g_strdup (series ? series : ""));
  WmPeriod parsed_period;
  double parsed_value;

  kpi = wm_store_get (store, "kpi", kpi_id, error);
  if (kpi == NULL || (info = wm_kpi_info_new (store, kpi, error)) == NULL)
    return FALSE;
  if (*name == '\0')
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s, series: a benchmark needs the name of its series (England, a region, "
                   "an authority)", info->code);
      return FALSE;
    }
  if (!wm_period_parse (period, WM_FREQUENCY_INVALID, &parsed_period, error))
    {
      g_prefix_error (error, "%s, period: ", info->code);
      return FALSE;
    }
  if (!wm_kpi_parse_value (value, info->unit, &parsed_value, error))
    {
      g_prefix_error (error, "%s, value: ", info->code);
      return FALSE;
    }
  if (!wm_store_begin (store, error))
    return FALSE;
  if (!wm_kpi_write_benchmark (store, info, name, &parsed_period, parsed_value, source, added,
                               error)
      || !wm_store_commit (store, error))
    {
      wm_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* @kpi_id NULL: a note on every KPI's chart. */
char *
wm_kpi_add_annotation (WmStore    *store,
                       const char *kpi_id,
                       const char *date,
                       const char *label,
                       GError    **error)
{
  g_autoptr(WmRecord) plan = wm_store_get_plan (store, error);
  g_autofree char *iso = NULL;
  guint32 day;

  if (plan == NULL)
    return NULL;
  day = day_of_text (date);
  if (day == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is not a date: write 2023-09-01 or 1/9/2023", date ? date : "");
      return NULL;
    }
  if (label == NULL || *label == '\0')
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "an annotation needs its words, such as “SENA reset, Sept 2023”");
      return NULL;
    }
  iso = month_end_iso (day);
  return wm_store_insert (store, "kpi_annotation", error, "plan_id", wm_record_get_id (plan),
                          "kpi_id", kpi_id, "date", iso, "label", label, NULL);
}
