#define G_LOG_DOMAIN "wm-date"

#include "wm-date.h"
#include "wm-error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Month names as plans write them: full, three letters, and "Sept". */
static int
month_from_word (const char *word)
{
  static const char *const names[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
  };
  g_autofree char *lower = g_ascii_strdown (word, -1);
  gsize len = strlen (lower);

  if (len < 3)
    return 0;
  if (g_str_equal (lower, "sept"))
    return 9;
  for (int i = 0; i < 12; i++)
    if (g_str_has_prefix (names[i], lower) && (len == 3 || g_str_equal (names[i], lower)))
      return i + 1;
  return 0;
}

static int
expand_year (int year)
{
  /* "Sep-23" and "31/10/20" are this century: plans are written now. */
  if (year < 100)
    return 2000 + year;
  return year;
}

static gboolean
set_date (GDate *out,
          int    day,
          int    month,
          int    year)
{
  if (year < 1900 || year > 2200 || month < 1 || month > 12)
    return FALSE;
  if (day < 1 || day > g_date_get_days_in_month (month, year))
    return FALSE;
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

/* A word of the text: letters, or digits with a flag for an ordinal
 * suffix, because "September 23rd" names a day while "Sept 23" names a
 * year. */
typedef struct
{
  char    *text;
  gboolean ordinal;
} Word;

static void
word_clear (gpointer data)
{
  g_free (((Word *) data)->text);
}

/* Splits text into words of letters or digits, dropping ordinal suffixes
 * ("6th" → "6") and punctuation. */
static GArray *
tokenize (const char *text)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (Word));
  const char *p = text;

  g_array_set_clear_func (words, word_clear);
  while (*p)
    {
      const char *start = p;
      Word word = { NULL, FALSE };

      if (g_ascii_isdigit (*p))
        {
          const char *after;

          while (g_ascii_isdigit (*p))
            p++;
          word.text = g_strndup (start, p - start);
          /* "6th", and "6 th" as PDF extraction leaves it */
          after = p;
          while (*after == ' ' && (after[1] == 's' || after[1] == 'n' || after[1] == 'r'
                                   || after[1] == 't'))
            after++;
          if ((g_ascii_strncasecmp (after, "st", 2) == 0 || g_ascii_strncasecmp (after, "nd", 2) == 0
               || g_ascii_strncasecmp (after, "rd", 2) == 0
               || g_ascii_strncasecmp (after, "th", 2) == 0)
              && !g_ascii_isalpha (after[2]))
            {
              p = after + 2;
              word.ordinal = TRUE;
            }
        }
      else if (g_ascii_isalpha (*p))
        {
          while (g_ascii_isalpha (*p))
            p++;
          word.text = g_strndup (start, p - start);
        }
      else
        {
          p++;
          continue;
        }
      g_array_append_val (words, word);
    }
  return words;
}

static gboolean
is_number (const Word *word)
{
  return g_ascii_isdigit (word->text[0]);
}

WmDatePrecision
wm_date_parse (const char *text,
               GDate      *out)
{
  int y, m, d;
  char sep1, sep2;
  g_autoptr(GArray) words = NULL;

  g_return_val_if_fail (out != NULL, WM_DATE_NONE);

  g_date_clear (out, 1);
  if (text == NULL)
    return WM_DATE_NONE;
  while (g_ascii_isspace (*text))
    text++;

  /* ISO first: it is what Waymark itself writes. */
  if (sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3 && strlen (text) >= 10
      && (text[10] == '\0' || text[10] == 'T' || g_ascii_isspace (text[10])))
    return set_date (out, d, m, y) ? WM_DATE_EXACT : WM_DATE_NONE;

  /* UK numeric, day first: 31/10/2020, 31.10.20, 31-10-2020 */
  if (sscanf (text, "%2d%c%2d%c%4d", &d, &sep1, &m, &sep2, &y) == 5 && sep1 == sep2
      && (sep1 == '/' || sep1 == '.' || sep1 == '-'))
    return set_date (out, d, m, expand_year (y)) ? WM_DATE_EXACT : WM_DATE_NONE;

  /* A month and year in figures, "03/2024": the month's last day */
  {
    gsize month_digits = strspn (text, "0123456789");
    const char *rest = text + month_digits;

    if (month_digits >= 1 && month_digits <= 2 && rest[0] == '/'
        && strspn (rest + 1, "0123456789") == 4
        && (rest[5] == '\0' || g_ascii_isspace (rest[5])))
      {
        m = atoi (text);
        y = atoi (rest + 1);
        if (!set_date (out, 1, m, y))
          return WM_DATE_NONE;
        g_date_set_day (out, g_date_get_days_in_month (m, y));
        return WM_DATE_MONTH;
      }
  }

  /* Year first with slashes or dots, as some exports write: 2023/10/31 */
  if (sscanf (text, "%4d%c%2d%c%2d", &y, &sep1, &m, &sep2, &d) == 5 && y >= 1000
      && sep1 == sep2 && (sep1 == '/' || sep1 == '.'))
    return set_date (out, d, m, y) ? WM_DATE_EXACT : WM_DATE_NONE;

  /* Words: "6th February 2023", "by end of September 2023", "Sep-23",
   * "Sept 23", "April 2023", "30-Sep-23".  Look for a month name followed
   * by a year, with an optional day before the month.  A number written as
   * an ordinal after the month ("September 23rd") is a day, not a year. */
  words = tokenize (text);
  for (guint i = 0; i < words->len; i++)
    {
      const Word *word = &g_array_index (words, Word, i);
      const Word *next = i + 1 < words->len ? &g_array_index (words, Word, i + 1) : NULL;
      const Word *before = i > 0 ? &g_array_index (words, Word, i - 1) : NULL;
      int month = is_number (word) ? 0 : month_from_word (word->text);
      gsize year_len;
      int year, day = 0;

      if (month == 0 || next == NULL || !is_number (next) || next->ordinal)
        continue;
      year_len = strlen (next->text);
      if (year_len != 2 && year_len != 4)
        continue;
      year = expand_year (atoi (next->text));
      if (before != NULL && is_number (before) && strlen (before->text) <= 2)
        day = atoi (before->text);

      if (day > 0)
        return set_date (out, day, month, year) ? WM_DATE_EXACT : WM_DATE_NONE;
      if (!set_date (out, 1, month, year))
        return WM_DATE_NONE;
      g_date_set_day (out, g_date_get_days_in_month (month, year));
      return WM_DATE_MONTH;
    }

  return WM_DATE_NONE;
}

char *
wm_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);
  if (!g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

gboolean
wm_date_from_iso (const char *iso,
                  GDate      *out)
{
  int y, m, d;

  g_date_clear (out, 1);
  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  return set_date (out, d, m, y);
}

/* For fields that must hold a date: returns ISO text or fails with a
 * message that quotes what was typed. */
char *
wm_date_normalize (const char  *text,
                   GError     **error)
{
  GDate date;

  if (wm_date_parse (text, &date) == WM_DATE_NONE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is not a date (try 31/10/2023 or 2023-10-31)", text ? text : "");
      return NULL;
    }
  return wm_date_to_iso (&date);
}

char *
wm_date_today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

char *
wm_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format_iso8601 (now);
}
