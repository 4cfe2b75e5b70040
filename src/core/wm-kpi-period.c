#define G_LOG_DOMAIN "wm-kpi"

#include "wm-kpi-period.h"
#include "wm-error.h"

#include <stdlib.h>
#include <string.h>

static const char *const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

static const struct
{
  WmFrequency  frequency;
  const char  *name;
  const char  *example;
} frequencies[] = {
  { WM_FREQUENCY_DAILY, "daily", "a day such as 2023-04-05" },
  { WM_FREQUENCY_WEEKLY, "weekly", "an ISO week such as 2023-W14" },
  { WM_FREQUENCY_MONTHLY, "monthly", "a month such as 2023-04 or Apr 2023" },
  { WM_FREQUENCY_BIMONTHLY, "bimonthly", "the first month of the two, such as 2023-04" },
  { WM_FREQUENCY_QUARTERLY, "quarterly", "a quarter such as 2023-Q2 (April to June)" },
  { WM_FREQUENCY_ANNUAL, "annual", "a year such as 2023, AY 2023/24 or FY 2023/24" },
};

WmFrequency
wm_frequency_parse (const char *text)
{
  if (text == NULL)
    return WM_FREQUENCY_INVALID;
  for (guint i = 0; i < G_N_ELEMENTS (frequencies); i++)
    if (g_ascii_strcasecmp (text, frequencies[i].name) == 0)
      return frequencies[i].frequency;
  /* Words plans use for the same thing */
  if (g_ascii_strcasecmp (text, "yearly") == 0 || g_ascii_strcasecmp (text, "annually") == 0)
    return WM_FREQUENCY_ANNUAL;
  if (g_ascii_strcasecmp (text, "bi-monthly") == 0)
    return WM_FREQUENCY_BIMONTHLY;
  return WM_FREQUENCY_INVALID;
}

const char *
wm_frequency_to_string (WmFrequency frequency)
{
  for (guint i = 0; i < G_N_ELEMENTS (frequencies); i++)
    if (frequencies[i].frequency == frequency)
      return frequencies[i].name;
  return NULL;
}

const char *
wm_frequency_list (void)
{
  return "daily, weekly, monthly, bimonthly, quarterly or annual";
}

static const char *
frequency_example (WmFrequency frequency)
{
  for (guint i = 0; i < G_N_ELEMENTS (frequencies); i++)
    if (frequencies[i].frequency == frequency)
      return frequencies[i].example;
  return "a period such as 2023-04, 2023-Q2, 2023 or AY 2023/24";
}

const char *
wm_period_kind_name (WmPeriodKind kind)
{
  switch (kind)
    {
    case WM_PERIOD_DAY: return "a day";
    case WM_PERIOD_WEEK: return "a week";
    case WM_PERIOD_MONTH: return "a month";
    case WM_PERIOD_QUARTER: return "a quarter";
    case WM_PERIOD_CALENDAR_YEAR: return "a calendar year";
    case WM_PERIOD_ACADEMIC_YEAR: return "an academic year";
    case WM_PERIOD_FINANCIAL_YEAR: return "a financial year";
    case WM_PERIOD_INVALID:
    default: return "not a period";
    }
}

static guint
iso_weeks_in_year (guint year)
{
  GDate date;

  /* 28 December is always in the year's last ISO week. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 28, G_DATE_DECEMBER, year);
  return g_date_get_iso8601_week_of_year (&date);
}

static gboolean
valid_year (gint64 year)
{
  return year >= 1 && year <= 9998;
}

static gboolean
make_period (WmPeriodKind kind,
             gint64       year,
             gint64       index,
             WmPeriod    *out)
{
  if (!valid_year (year))
    return FALSE;
  switch (kind)
    {
    case WM_PERIOD_DAY:
      if (index < 1 || index > (g_date_is_leap_year (year) ? 366 : 365))
        return FALSE;
      break;
    case WM_PERIOD_WEEK:
      if (index < 1 || index > iso_weeks_in_year (year))
        return FALSE;
      break;
    case WM_PERIOD_MONTH:
      if (index < 1 || index > 12)
        return FALSE;
      break;
    case WM_PERIOD_QUARTER:
      if (index < 1 || index > 4)
        return FALSE;
      break;
    case WM_PERIOD_CALENDAR_YEAR:
    case WM_PERIOD_ACADEMIC_YEAR:
    case WM_PERIOD_FINANCIAL_YEAR:
      index = 0;
      break;
    case WM_PERIOD_INVALID:
    default:
      return FALSE;
    }
  *out = (WmPeriod) { .kind = kind, .span = 1, .year = year, .index = index };
  return TRUE;
}

static int
month_from_name (const char *name)
{
  gsize len = strlen (name);

  if (len < 3)
    return 0;
  if (g_ascii_strcasecmp (name, "sept") == 0)
    return 9;
  for (guint m = 0; m < 12; m++)
    if (g_ascii_strncasecmp (month_names[m], name, len) == 0
        && (len == 3 || len == strlen (month_names[m])))
      return m + 1;
  return 0;
}

/* "2023/24", "2023-24", "23/24", "2023/2024": the first year of a span
 * of two, or 0. */
static gint64
year_pair (const char *first,
           const char *second)
{
  gint64 a = g_ascii_strtoll (first, NULL, 10);
  gint64 b = g_ascii_strtoll (second, NULL, 10);

  if (strlen (first) == 2)
    a += 2000;
  if (strlen (second) == 4)
    return b == a + 1 ? a : 0;
  return (b == (a + 1) % 100) ? a : 0;
}

typedef enum
{
  YEAR_WORD_NONE,
  YEAR_WORD_CALENDAR,
  YEAR_WORD_ACADEMIC,
  YEAR_WORD_FINANCIAL,
} YearWord;

static YearWord
year_word (const char *word)
{
  if (word == NULL || *word == '\0')
    return YEAR_WORD_NONE;
  if (g_ascii_strcasecmp (word, "ay") == 0 || g_ascii_strcasecmp (word, "academic year") == 0)
    return YEAR_WORD_ACADEMIC;
  if (g_ascii_strcasecmp (word, "fy") == 0 || g_ascii_strcasecmp (word, "financial year") == 0)
    return YEAR_WORD_FINANCIAL;
  return YEAR_WORD_CALENDAR;
}

/* The forms people write, each a regular expression on the trimmed text,
 * case-insensitive.  Compiled once. */
typedef enum
{
  FORM_ISO_DAY,
  FORM_UK_DAY,
  FORM_ISO_MONTH,
  FORM_UK_MONTH,
  FORM_NAMED_MONTH,
  FORM_ISO_WEEK,
  FORM_WEEK_YEAR,
  FORM_YEAR_QUARTER,
  FORM_QUARTER_YEAR,
  FORM_YEAR,
  FORM_WORD_YEAR,
  FORM_WORD_SPAN,
  FORM_SPAN_WORD,
  N_FORMS
} Form;

static const char *const form_patterns[N_FORMS] = {
  [FORM_ISO_DAY] = "^(\\d{4})-(\\d{2})-(\\d{2})$",
  [FORM_UK_DAY] = "^(\\d{1,2})/(\\d{1,2})/(\\d{4})$",
  [FORM_ISO_MONTH] = "^(\\d{4})-(\\d{1,2})$",
  [FORM_UK_MONTH] = "^(\\d{1,2})/(\\d{4})$",
  [FORM_NAMED_MONTH] = "^([a-z]{3,9})\\.?[ -]?(\\d{2}|\\d{4})$",
  [FORM_ISO_WEEK] = "^(\\d{4})[ -]?w(\\d{1,2})$",
  [FORM_WEEK_YEAR] = "^w(?:eek)?[ -]?(\\d{1,2})[ ,]+(\\d{4})$",
  [FORM_YEAR_QUARTER] = "^(\\d{4})[ -]?q([1-4])$",
  [FORM_QUARTER_YEAR] = "^q([1-4])[ -]+(\\d{4})$",
  [FORM_YEAR] = "^(\\d{4})(?:\\s*\\(?(calendar year|reporting year)\\)?)?$",
  [FORM_WORD_YEAR] = "^(cy|calendar year|reporting year)\\s*(\\d{4})$",
  [FORM_WORD_SPAN] = "^(ay|fy|academic year|financial year)\\s*(\\d{2}|\\d{4})\\s*[/-]\\s*(\\d{2}|\\d{4})$",
  [FORM_SPAN_WORD] = "^(\\d{2}|\\d{4})\\s*[/-]\\s*(\\d{2}|\\d{4})(?:\\s*\\(?(ay|fy|academic year|financial year)\\)?)?$",
};

static GRegex **
forms (void)
{
  static GRegex *regexes[N_FORMS];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < N_FORMS; i++)
        regexes[i] = g_regex_new (form_patterns[i], G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0,
                                  NULL);
      g_once_init_leave (&initialised, 1);
    }
  return regexes;
}

/* Reads the text as whatever kind of period it names, or fails; the
 * frequency is only a hint for "2023/24" (whose kind the words decide). */
static gboolean
parse_any (const char *text,
           WmPeriod   *out,
           gboolean   *ambiguous_span)
{
  GRegex **regexes = forms ();
  *ambiguous_span = FALSE;

  for (guint f = 0; f < N_FORMS; f++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      g_autofree char *c = NULL;

      if (!g_regex_match (regexes[f], text, 0, &match))
        continue;
      gboolean ok = FALSE;

      a = g_match_info_fetch (match, 1);
      b = g_match_info_fetch (match, 2);
      c = g_match_info_fetch (match, 3);

      switch ((Form) f)
        {
        case FORM_ISO_DAY:
        case FORM_UK_DAY:
          {
            gint64 y = g_ascii_strtoll (f == FORM_ISO_DAY ? a : c, NULL, 10);
            gint64 m = g_ascii_strtoll (b, NULL, 10);
            gint64 d = g_ascii_strtoll (f == FORM_ISO_DAY ? c : a, NULL, 10);
            GDate date;

            if (!valid_year (y) || !g_date_valid_dmy (d, m, y))
              break;
            g_date_clear (&date, 1);
            g_date_set_dmy (&date, d, m, y);
            ok = make_period (WM_PERIOD_DAY, y, g_date_get_day_of_year (&date), out);
            break;
          }
        case FORM_ISO_MONTH:
          ok = make_period (WM_PERIOD_MONTH, g_ascii_strtoll (a, NULL, 10),
                            g_ascii_strtoll (b, NULL, 10), out);
          break;
        case FORM_UK_MONTH:
          ok = make_period (WM_PERIOD_MONTH, g_ascii_strtoll (b, NULL, 10),
                            g_ascii_strtoll (a, NULL, 10), out);
          break;
        case FORM_NAMED_MONTH:
          {
            int m = month_from_name (a);
            gint64 y = g_ascii_strtoll (b, NULL, 10);

            if (m == 0)
              continue;
            /* Excel's "Apr-23" */
            if (strlen (b) == 2)
              y += 2000;
            ok = make_period (WM_PERIOD_MONTH, y, m, out);
            break;
          }
        case FORM_ISO_WEEK:
          ok = make_period (WM_PERIOD_WEEK, g_ascii_strtoll (a, NULL, 10),
                            g_ascii_strtoll (b, NULL, 10), out);
          break;
        case FORM_WEEK_YEAR:
          ok = make_period (WM_PERIOD_WEEK, g_ascii_strtoll (b, NULL, 10),
                            g_ascii_strtoll (a, NULL, 10), out);
          break;
        case FORM_YEAR_QUARTER:
          ok = make_period (WM_PERIOD_QUARTER, g_ascii_strtoll (a, NULL, 10),
                            g_ascii_strtoll (b, NULL, 10), out);
          break;
        case FORM_QUARTER_YEAR:
          ok = make_period (WM_PERIOD_QUARTER, g_ascii_strtoll (b, NULL, 10),
                            g_ascii_strtoll (a, NULL, 10), out);
          break;
        case FORM_YEAR:
          ok = make_period (WM_PERIOD_CALENDAR_YEAR, g_ascii_strtoll (a, NULL, 10), 0, out);
          break;
        case FORM_WORD_YEAR:
          ok = make_period (WM_PERIOD_CALENDAR_YEAR, g_ascii_strtoll (b, NULL, 10), 0, out);
          break;
        case FORM_WORD_SPAN:
        case FORM_SPAN_WORD:
          {
            const char *word = f == FORM_WORD_SPAN ? a : c;
            gint64 y = f == FORM_WORD_SPAN ? year_pair (b, c) : year_pair (a, b);
            YearWord kind = year_word (word);

            if (y == 0)
              return FALSE;
            if (kind == YEAR_WORD_NONE)
              {
                *ambiguous_span = TRUE;
                return FALSE;
              }
            ok = make_period (kind == YEAR_WORD_ACADEMIC ? WM_PERIOD_ACADEMIC_YEAR
                                                         : WM_PERIOD_FINANCIAL_YEAR, y, 0, out);
            break;
          }
        case N_FORMS:
        default:
          g_assert_not_reached ();
        }
      /* "2023-24" looks like a month until the month is read */
      if (ok)
        return TRUE;
    }
  return FALSE;
}

gboolean
wm_period_matches (const WmPeriod *period,
                   WmFrequency     frequency)
{
  switch (frequency)
    {
    case WM_FREQUENCY_DAILY: return period->kind == WM_PERIOD_DAY;
    case WM_FREQUENCY_WEEKLY: return period->kind == WM_PERIOD_WEEK;
    case WM_FREQUENCY_MONTHLY:
    case WM_FREQUENCY_BIMONTHLY: return period->kind == WM_PERIOD_MONTH;
    case WM_FREQUENCY_QUARTERLY: return period->kind == WM_PERIOD_QUARTER;
    case WM_FREQUENCY_ANNUAL:
      return period->kind == WM_PERIOD_CALENDAR_YEAR || period->kind == WM_PERIOD_ACADEMIC_YEAR
             || period->kind == WM_PERIOD_FINANCIAL_YEAR;
    case WM_FREQUENCY_INVALID:
    default:
      return period->kind != WM_PERIOD_INVALID;
    }
}

/**
 * wm_period_parse:
 * @text: what a person or a file wrote
 * @frequency: the KPI's frequency, or %WM_FREQUENCY_INVALID to accept any
 *   kind of period (benchmarks come at whatever frequency they are
 *   published)
 * @out: the period
 * @error: a message for the person who wrote @text
 *
 * Returns: %TRUE when @text names a period of the frequency
 */
gboolean
wm_period_parse (const char  *text,
                 WmFrequency  frequency,
                 WmPeriod    *out,
                 GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  gboolean ambiguous = FALSE;
  WmPeriod period;

  g_return_val_if_fail (out != NULL, FALSE);

  if (*trimmed == '\0')
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "the period is empty: write %s", frequency_example (frequency));
      return FALSE;
    }
  if (!parse_any (trimmed, &period, &ambiguous))
    {
      if (ambiguous)
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                     "“%s” could be an academic or a financial year: write AY %s or FY %s",
                     trimmed, trimmed, trimmed);
      else
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                     "“%s” is not a period: write %s", trimmed, frequency_example (frequency));
      return FALSE;
    }
  if (!wm_period_matches (&period, frequency))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is %s, but the KPI is %s: write %s", trimmed,
                   wm_period_kind_name (period.kind), wm_frequency_to_string (frequency),
                   frequency_example (frequency));
      return FALSE;
    }
  if (frequency == WM_FREQUENCY_BIMONTHLY)
    period.span = 2;
  *out = period;
  return TRUE;
}

/**
 * wm_period_from_dfe:
 * @time_period: the DfE's `time_period` column: "2019", "201920"
 * @time_identifier: its `time_identifier`: "Calendar year", "Academic
 *   year", "Financial year", "Reporting year", "Calendar year Q1",
 *   "January"…
 * @out: the period
 * @error: a message naming what could not be read
 *
 * The Explore Education Statistics open data standard writes a year that
 * spans two as six digits ("201920").  Years keep the kind the file
 * gives them.
 */
gboolean
wm_period_from_dfe (const char  *time_period,
                    const char  *time_identifier,
                    WmPeriod    *out,
                    GError     **error)
{
  g_autofree char *tp = g_strstrip (g_strdup (time_period ? time_period : ""));
  g_autofree char *id = g_strstrip (g_strdup (time_identifier ? time_identifier : ""));
  gsize len = strlen (tp);
  gint64 year;
  gboolean ok = FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (tp[i]))
      len = 0;
  if (len != 4 && len != 6)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is not a time_period (the DfE writes 2019, or 201920 for a year "
                   "spanning two)", tp);
      return FALSE;
    }
  year = g_ascii_strtoll (tp, NULL, 10) / (len == 6 ? 100 : 1);
  if (len == 6 && (g_ascii_strtoll (tp + 4, NULL, 10) != (year + 1) % 100))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is not a time_period: the second year does not follow the first", tp);
      return FALSE;
    }

  if (len == 4 && (g_ascii_strcasecmp (id, "Calendar year") == 0
                   || g_ascii_strcasecmp (id, "Reporting year") == 0))
    ok = make_period (WM_PERIOD_CALENDAR_YEAR, year, 0, out);
  else if (len == 6 && g_ascii_strcasecmp (id, "Academic year") == 0)
    ok = make_period (WM_PERIOD_ACADEMIC_YEAR, year, 0, out);
  else if (len == 6 && g_ascii_strcasecmp (id, "Financial year") == 0)
    ok = make_period (WM_PERIOD_FINANCIAL_YEAR, year, 0, out);
  else if (len == 4 && g_ascii_strncasecmp (id, "Calendar year Q", 15) == 0 && strlen (id) == 16)
    ok = make_period (WM_PERIOD_QUARTER, year, id[15] - '0', out);
  else if (len == 4 && month_from_name (id) > 0)
    ok = make_period (WM_PERIOD_MONTH, year, month_from_name (id), out);
  else
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "time_identifier “%s” with time_period “%s” is not a period Waymark reads "
                   "(it reads calendar, reporting, academic and financial years, calendar "
                   "quarters and months)", id, tp);
      return FALSE;
    }
  if (!ok)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                 "“%s” “%s” is not a valid period", tp, id);
  return ok;
}

static void
date_of (guint32  julian,
         GDate   *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

gboolean
wm_period_from_day (WmPeriodKind  kind,
                    guint32       julian_day,
                    WmPeriod     *out)
{
  GDate date;
  guint year;

  if (!g_date_valid_julian (julian_day))
    return FALSE;
  date_of (julian_day, &date);
  year = g_date_get_year (&date);
  switch (kind)
    {
    case WM_PERIOD_DAY:
      return make_period (kind, year, g_date_get_day_of_year (&date), out);
    case WM_PERIOD_WEEK:
      {
        guint week = g_date_get_iso8601_week_of_year (&date);
        /* Early January can be in the last week of the year before, late
         * December in week 1 of the next. */
        if (week >= 52 && g_date_get_month (&date) == G_DATE_JANUARY)
          year--;
        else if (week == 1 && g_date_get_month (&date) == G_DATE_DECEMBER)
          year++;
        return make_period (kind, year, week, out);
      }
    case WM_PERIOD_MONTH:
      return make_period (kind, year, g_date_get_month (&date), out);
    case WM_PERIOD_QUARTER:
      return make_period (kind, year, (g_date_get_month (&date) - 1) / 3 + 1, out);
    case WM_PERIOD_CALENDAR_YEAR:
      return make_period (kind, year, 0, out);
    case WM_PERIOD_ACADEMIC_YEAR:
      return make_period (kind, g_date_get_month (&date) >= 9 ? year : year - 1, 0, out);
    case WM_PERIOD_FINANCIAL_YEAR:
      return make_period (kind, g_date_get_month (&date) >= 4 ? year : year - 1, 0, out);
    case WM_PERIOD_INVALID:
    default:
      return FALSE;
    }
}

char *
wm_period_to_string (const WmPeriod *period)
{
  switch ((WmPeriodKind) period->kind)
    {
    case WM_PERIOD_DAY:
      {
        GDate date;
        date_of (wm_period_first_day (period), &date);
        return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                                g_date_get_month (&date), g_date_get_day (&date));
      }
    case WM_PERIOD_WEEK: return g_strdup_printf ("%04u-W%02u", period->year, period->index);
    case WM_PERIOD_MONTH: return g_strdup_printf ("%04u-%02u", period->year, period->index);
    case WM_PERIOD_QUARTER: return g_strdup_printf ("%04u-Q%u", period->year, period->index);
    case WM_PERIOD_CALENDAR_YEAR: return g_strdup_printf ("%04u", period->year);
    case WM_PERIOD_ACADEMIC_YEAR:
      return g_strdup_printf ("AY %04u/%02u", period->year, (period->year + 1) % 100);
    case WM_PERIOD_FINANCIAL_YEAR:
      return g_strdup_printf ("FY %04u/%02u", period->year, (period->year + 1) % 100);
    case WM_PERIOD_INVALID:
    default:
      return g_strdup ("");
    }
}

static const char *
month_abbreviation (guint month)
{
  static const char *const abbreviations[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };
  return abbreviations[(month - 1) % 12];
}

/* For people: "Apr 2023", "Apr–May 2023", "Apr–Jun 2023", "2019",
 * "2023/24 academic year", "w/c 3 Apr 2023 (week 14)". */
char *
wm_period_label (const WmPeriod *period)
{
  GDate first, last;

  date_of (wm_period_first_day (period), &first);
  date_of (wm_period_last_day (period), &last);
  switch ((WmPeriodKind) period->kind)
    {
    case WM_PERIOD_DAY:
      return g_strdup_printf ("%u %s %u", g_date_get_day (&first),
                              month_abbreviation (g_date_get_month (&first)),
                              g_date_get_year (&first));
    case WM_PERIOD_WEEK:
      return g_strdup_printf ("w/c %u %s %u (week %u)", g_date_get_day (&first),
                              month_abbreviation (g_date_get_month (&first)),
                              g_date_get_year (&first), period->index);
    case WM_PERIOD_MONTH:
      if (period->span > 1 && g_date_get_year (&first) != g_date_get_year (&last))
        return g_strdup_printf ("%s %u–%s %u", month_abbreviation (g_date_get_month (&first)),
                                g_date_get_year (&first),
                                month_abbreviation (g_date_get_month (&last)),
                                g_date_get_year (&last));
      if (period->span > 1)
        return g_strdup_printf ("%s–%s %u", month_abbreviation (g_date_get_month (&first)),
                                month_abbreviation (g_date_get_month (&last)), period->year);
      return g_strdup_printf ("%s %u", month_abbreviation (period->index), period->year);
    case WM_PERIOD_QUARTER:
      /* The months, not "Q2": councils count quarters from April */
      return g_strdup_printf ("%s–%s %u", month_abbreviation (period->index * 3 - 2),
                              month_abbreviation (period->index * 3), period->year);
    case WM_PERIOD_CALENDAR_YEAR:
      return g_strdup_printf ("%u", period->year);
    case WM_PERIOD_ACADEMIC_YEAR:
      return g_strdup_printf ("%u/%02u academic year", period->year, (period->year + 1) % 100);
    case WM_PERIOD_FINANCIAL_YEAR:
      return g_strdup_printf ("%u/%02u financial year", period->year, (period->year + 1) % 100);
    case WM_PERIOD_INVALID:
    default:
      return g_strdup ("");
    }
}

/* For tight spaces (a card, a tick): "Apr 23", "Q2 23", "2019", "23/24". */
char *
wm_period_short_label (const WmPeriod *period)
{
  switch ((WmPeriodKind) period->kind)
    {
    case WM_PERIOD_MONTH:
      return g_strdup_printf ("%s %02u", month_abbreviation (period->index), period->year % 100);
    case WM_PERIOD_QUARTER:
      return g_strdup_printf ("Q%u %02u", period->index, period->year % 100);
    case WM_PERIOD_ACADEMIC_YEAR:
    case WM_PERIOD_FINANCIAL_YEAR:
      return g_strdup_printf ("%s %02u/%02u",
                              period->kind == WM_PERIOD_ACADEMIC_YEAR ? "AY" : "FY",
                              period->year % 100, (period->year + 1) % 100);
    case WM_PERIOD_DAY:
    case WM_PERIOD_WEEK:
    case WM_PERIOD_CALENDAR_YEAR:
    case WM_PERIOD_INVALID:
    default:
      return wm_period_label (period);
    }
}

static guint32
julian_dmy (guint day,
            guint month,
            guint year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

guint32
wm_period_first_day (const WmPeriod *period)
{
  switch ((WmPeriodKind) period->kind)
    {
    case WM_PERIOD_DAY: return julian_dmy (1, 1, period->year) + period->index - 1;
    case WM_PERIOD_WEEK:
      {
        /* Week 1 is the week holding 4 January. */
        GDate jan4;
        g_date_clear (&jan4, 1);
        g_date_set_dmy (&jan4, 4, 1, period->year);
        return g_date_get_julian (&jan4) - (g_date_get_weekday (&jan4) - 1)
               + (period->index - 1) * 7;
      }
    case WM_PERIOD_MONTH: return julian_dmy (1, period->index, period->year);
    case WM_PERIOD_QUARTER: return julian_dmy (1, period->index * 3 - 2, period->year);
    case WM_PERIOD_CALENDAR_YEAR: return julian_dmy (1, 1, period->year);
    case WM_PERIOD_ACADEMIC_YEAR: return julian_dmy (1, 9, period->year);
    case WM_PERIOD_FINANCIAL_YEAR: return julian_dmy (1, 4, period->year);
    case WM_PERIOD_INVALID:
    default:
      return 0;
    }
}

guint32
wm_period_last_day (const WmPeriod *period)
{
  WmPeriod next = wm_period_next (period);

  if (period->kind == WM_PERIOD_INVALID)
    return 0;
  return wm_period_first_day (&next) - 1;
}

WmPeriod
wm_period_next (const WmPeriod *period)
{
  WmPeriod next = *period;

  switch ((WmPeriodKind) period->kind)
    {
    case WM_PERIOD_DAY:
      wm_period_from_day (WM_PERIOD_DAY, wm_period_first_day (period) + 1, &next);
      break;
    case WM_PERIOD_WEEK:
      wm_period_from_day (WM_PERIOD_WEEK, wm_period_first_day (period) + 7, &next);
      break;
    case WM_PERIOD_MONTH:
      next.index += MAX (period->span, 1);
      while (next.index > 12)
        {
          next.index -= 12;
          next.year++;
        }
      break;
    case WM_PERIOD_QUARTER:
      if (++next.index > 4)
        {
          next.index = 1;
          next.year++;
        }
      break;
    case WM_PERIOD_CALENDAR_YEAR:
    case WM_PERIOD_ACADEMIC_YEAR:
    case WM_PERIOD_FINANCIAL_YEAR:
      next.year++;
      break;
    case WM_PERIOD_INVALID:
    default:
      break;
    }
  next.span = period->span;
  return next;
}

int
wm_period_compare (const WmPeriod *a,
                   const WmPeriod *b)
{
  guint32 x = wm_period_first_day (a);
  guint32 y = wm_period_first_day (b);

  if (x != y)
    return x < y ? -1 : 1;
  return (int) a->kind - (int) b->kind;
}
