#include <string.h>

#include "wm-date.h"

static void
check (const char     *text,
       const char     *expected,
       WmDatePrecision precision)
{
  GDate date;
  WmDatePrecision got = wm_date_parse (text, &date);
  g_autofree char *iso = wm_date_to_iso (&date);

  g_test_message ("“%s” → %s", text, iso ? iso : "(none)");
  g_assert_cmpint (got, ==, precision);
  g_assert_cmpstr (iso, ==, expected);
}

static void
test_date_forms (void)
{
  check ("2023-09-30", "2023-09-30", WM_DATE_EXACT);
  check ("31/10/2020", "2020-10-31", WM_DATE_EXACT);
  check ("1/2/23", "2023-02-01", WM_DATE_EXACT);
  check ("6 th February 2023", "2023-02-06", WM_DATE_EXACT);
  check ("6th February 2023", "2023-02-06", WM_DATE_EXACT);
  check ("13th February 2023", "2023-02-13", WM_DATE_EXACT);
  check ("April 2023", "2023-04-30", WM_DATE_MONTH);
  check ("Sep-23", "2023-09-30", WM_DATE_MONTH);
  check ("Sept 23", "2023-09-30", WM_DATE_MONTH);
  check ("We will implement this by end of September 2023.", "2023-09-30", WM_DATE_MONTH);
  check ("February 2024", "2024-02-29", WM_DATE_MONTH);
}

/* Every form issue 8 lists, as real plans write them in a due column */
static void
test_date_plan_forms (void)
{
  check ("31/10/2020", "2020-10-31", WM_DATE_EXACT);
  check ("April 2023", "2023-04-30", WM_DATE_MONTH);
  check ("Sep-23", "2023-09-30", WM_DATE_MONTH);
  check ("Sept 23", "2023-09-30", WM_DATE_MONTH);
  /* and their neighbours */
  check ("31.10.2020", "2020-10-31", WM_DATE_EXACT);
  check ("31-10-20", "2020-10-31", WM_DATE_EXACT);
  check (" 31/10/2020 ", "2020-10-31", WM_DATE_EXACT);
  check ("31/10/2020 00:00:00", "2020-10-31", WM_DATE_EXACT);
  check ("2023/10/31", "2023-10-31", WM_DATE_EXACT);
  check ("03/2024", "2024-03-31", WM_DATE_MONTH);
  check ("3/2024", "2024-03-31", WM_DATE_MONTH);
  check ("30-Sep-23", "2023-09-30", WM_DATE_EXACT);
  check ("30 Sept 2023", "2023-09-30", WM_DATE_EXACT);
  check ("SEPT-2023", "2023-09-30", WM_DATE_MONTH);
  check ("Apr 24", "2024-04-30", WM_DATE_MONTH);
  check ("April-2023", "2023-04-30", WM_DATE_MONTH);
  check ("End of March 2024 (subject to funding)", "2024-03-31", WM_DATE_MONTH);
  check ("w/c 4th September 2023", "2023-09-04", WM_DATE_EXACT);
}

/* What plans write where a date would go, and which is not one: kept as
 * text by the importer, with a warning */
static void
test_date_plan_words (void)
{
  check ("Complete during Q1", NULL, WM_DATE_NONE);
  check ("In place", NULL, WM_DATE_NONE);
  check ("Ongoing", NULL, WM_DATE_NONE);
  check ("Underway", NULL, WM_DATE_NONE);
  check ("TBC – pending recruitment", NULL, WM_DATE_NONE);
  check ("TBC \x96 pending recruitment", NULL, WM_DATE_NONE);  /* a stray 1252 dash */
  check ("Q1 2024", NULL, WM_DATE_NONE);
  check ("Summer term 2023", NULL, WM_DATE_NONE);
  /* "September 23rd" gives a day and no year: not a date */
  check ("September 23rd", NULL, WM_DATE_NONE);
  /* month first (US) is not guessed: there is no 13th month */
  check ("10/31/2020", NULL, WM_DATE_NONE);
  check ("13/2024", NULL, WM_DATE_NONE);
  check ("12/20245", NULL, WM_DATE_NONE);
  check ("May", NULL, WM_DATE_NONE);
}

static void
test_date_not_dates (void)
{
  check ("TBC", NULL, WM_DATE_NONE);
  check ("Ongoing", NULL, WM_DATE_NONE);
  check ("Complete during Q1", NULL, WM_DATE_NONE);
  check ("31/09/2020", NULL, WM_DATE_NONE);   /* September has 30 days */
  check ("", NULL, WM_DATE_NONE);
  check (NULL, NULL, WM_DATE_NONE);
  check ("2023-02-30", NULL, WM_DATE_NONE);
}

static void
test_date_normalize_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = wm_date_normalize ("next Tuesday", &error);

  g_assert_null (iso);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "next Tuesday"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/date/forms", test_date_forms);
  g_test_add_func ("/date/not-dates", test_date_not_dates);
  g_test_add_func ("/date/plan-forms", test_date_plan_forms);
  g_test_add_func ("/date/plan-words", test_date_plan_words);
  g_test_add_func ("/date/normalize-error", test_date_normalize_error);
  return g_test_run ();
}
