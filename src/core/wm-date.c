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

/* Splits text into words of letters or digits, dropping ordinal suffixes
 * ("6th" → "6") and punctuation. */
static GPtrArray *
tokenize (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p)
    {
      const char *start = p;

      if (g_ascii_isdigit (*p))
        {
          while (g_ascii_isdigit (*p))
            p++;
          g_ptr_array_add (words, g_strndup (start, p - start));
          /* "6th", and "6 th" as PDF extraction leaves it */
          while (*p == ' ' && (p[1] == 's' || p[1] == 'n' || p[1] == 'r' || p[1] == 't'))
            p++;
          if ((g_ascii_strncasecmp (p, "st", 2) == 0 || g_ascii_strncasecmp (p, "nd", 2) == 0
               || g_ascii_strncasecmp (p, "rd", 2) == 0 || g_ascii_strncasecmp (p, "th", 2) == 0)
              && !g_ascii_isalpha (p[2]))
            p += 2;
        }
      else if (g_ascii_isalpha (*p))
        {
          while (g_ascii_isalpha (*p))
            p++;
          g_ptr_array_add (words, g_strndup (start, p - start));
        }
      else
        p++;
    }
  return words;
}

static gboolean
is_number (const char *word)
{
  return g_ascii_isdigit (word[0]);
}

WmDatePrecision
wm_date_parse (const char *text,
               GDate      *out)
{
  int y, m, d;
  char sep1, sep2;
  g_autoptr(GPtrArray) words = NULL;

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

  /* Words: "6th February 2023", "by end of September 2023", "Sep-23",
   * "Sept 23", "April 2023".  Look for a month name followed by a year,
   * with an optional day before the month. */
  words = tokenize (text);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      int month = is_number (word) ? 0 : month_from_word (word);
      int year, day = 0;

      if (month == 0 || i + 1 >= words->len)
        continue;
      if (!is_number (g_ptr_array_index (words, i + 1)))
        continue;
      year = atoi (g_ptr_array_index (words, i + 1));
      if (strlen (g_ptr_array_index (words, i + 1)) != 2
          && strlen (g_ptr_array_index (words, i + 1)) != 4)
        continue;
      year = expand_year (year);
      if (i > 0 && is_number (g_ptr_array_index (words, i - 1))
          && strlen (g_ptr_array_index (words, i - 1)) <= 2)
        day = atoi (g_ptr_array_index (words, i - 1));

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
