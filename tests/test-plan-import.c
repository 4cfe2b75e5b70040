/* test-plan-import: a plan's actions from CSV (issue 8) */
#include <string.h>

#include "test-helpers.h"
#include "wm-csv-reader.h"
#include "wm-error.h"
#include "wm-plan-import.h"
#include "wm-store.h"

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
  g_autofree char *plan_id = NULL;

  f->dir = test_dir_new ();
  path = g_build_filename (f->dir, "plan.waymark", NULL);
  f->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  plan_id = wm_store_create_plan (f->store, "Testshire", "Test plan", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  test_dir_free (f->dir);
}

static WmPlanImportReport *
import_text (Fixture           *f,
             const char        *csv,
             gssize             length,
             const char *const *maps,
             GError           **error)
{
  g_autoptr(WmCsvTable) table = wm_csv_parse (csv, length, "/home/dco/plan.csv", error);

  if (table == NULL)
    return NULL;
  return wm_plan_import_actions (f->store, table, maps, WM_PLAN_IMPORT_DEFAULT, error);
}

static WmPlanImportReport *
import_ok (Fixture           *f,
           const char        *csv,
           const char *const *maps)
{
  g_autoptr(GError) error = NULL;
  WmPlanImportReport *report = import_text (f, csv, -1, maps, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (report);
  text = wm_plan_import_report_format (report);
  g_test_message ("%s", text);
  return report;
}

static char *
import_fails (Fixture    *f,
              const char *csv,
              gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmPlanImportReport) report = import_text (f, csv, length, NULL, &error);

  g_assert_null (report);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "plan.csv"));
  return g_strdup (error->message);
}

static WmRecord *
action (Fixture    *f,
        const char *code)
{
  g_autoptr(GError) error = NULL;
  WmRecord *record = wm_store_find_action (f->store, code, &error);

  g_assert_no_error (error);
  return record;
}

static const char *
rating_code (Fixture  *f,
             WmRecord *action_record)
{
  static char code[8];
  g_autoptr(WmRecord) rating = NULL;

  if (wm_record_get (action_record, "rating_id") == NULL)
    return NULL;
  rating = wm_store_get (f->store, "rating", wm_record_get (action_record, "rating_id"), NULL);
  g_assert_nonnull (rating);
  g_strlcpy (code, wm_record_get (rating, "code"), sizeof code);
  return code;
}

static gboolean
has_warning (WmPlanImportReport *report,
             const char         *a,
             const char         *b)
{
  for (guint i = 0; i < report->warnings->len; i++)
    if (strstr (report->warnings->pdata[i], a) && (b == NULL || strstr (report->warnings->pdata[i], b)))
      return TRUE;
  return FALSE;
}

/* Themes and actions only, as many plans are: codes come from the
 * priority's order and are marked as generated */
static void
test_generated_codes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(WmPlanImportReport) report =
    import_ok (f,
               "Priority,Title,Lead\n"
               "Timeliness of EHC plans,Clear the backlog of EHC needs assessments,Head of SEND\n"
               ",Weekly tracking of the 20-week timeline,SEND Hub manager\n"
               "\n"
               "Joint commissioning,Joint commissioning strategy,ICB; LA\n", NULL);
  g_autoptr(WmRecord) a11 = action (f, "1.1");
  g_autoptr(WmRecord) a12 = action (f, "1.2");
  g_autoptr(WmRecord) a21 = action (f, "2.1");
  g_autoptr(WmRecord) p2 = wm_store_find (f->store, "priority", "code", "2", NULL);

  g_assert_cmpuint (report->rows_read, ==, 3);   /* the reader skips the blank line */
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->codes_generated, ==, 3);
  g_assert_cmpuint (report->priorities_created, ==, 2);
  g_assert_cmpstr (wm_record_get (a11, "title"), ==, "Clear the backlog of EHC needs assessments");
  g_assert_cmpstr (wm_record_get (a12, "title"), ==, "Weekly tracking of the 20-week timeline");
  g_assert_cmpint (wm_record_get_int (a12, "code_generated", 0), ==, 1);
  g_assert_cmpstr (wm_record_get (a21, "leads"), ==, "ICB\nLA");
  g_assert_nonnull (p2);
  g_assert_cmpstr (wm_record_get (p2, "title"), ==, "Joint commissioning");
  g_assert_cmpstr (wm_record_get (a21, "priority_id"), ==, wm_record_get_id (p2));

  /* The same file again matches the actions by title: nothing new */
  {
    g_autoptr(WmPlanImportReport) again =
      import_ok (f,
                 "Priority,Title,Lead\n"
                 "Timeliness of EHC plans,Clear the backlog of EHC needs assessments,Head of SEND\n"
                 ",Weekly tracking of the 20-week timeline,SEND Hub manager\n"
                 "Joint commissioning,Joint commissioning strategy,ICB; LA\n"
                 "Joint commissioning,Sufficiency plan for specialist places,LA\n", NULL);

    g_assert_cmpuint (again->created, ==, 1);
    g_assert_cmpuint (again->unchanged, ==, 3);
    g_assert_cmpuint (again->priorities_created, ==, 0);
    g_assert_cmpint (wm_store_count (f->store, "action", NULL), ==, 4);
    g_assert_nonnull (action (f, "2.2"));
    g_object_unref (action (f, "2.2"));
  }
}

/* Codes given in the file are kept; priorities written "1. Title" */
static void
test_given_codes (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(WmPlanImportReport) report =
    import_ok (f,
               "Area of weakness,Ref,Action\n"
               "\"1. Timeliness of EHC plans\",1.1,Clear the backlog\n"
               ",1.2a,Exemplar plans\n"
               ",,An action the plan never numbered\n", NULL);
  g_autoptr(WmRecord) a = action (f, "1.2a");
  g_autoptr(WmRecord) generated = action (f, "1.1");
  g_autoptr(WmRecord) p1 = wm_store_find (f->store, "priority", "code", "1", NULL);

  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpint (wm_record_get_int (a, "code_generated", 1), ==, 0);
  g_assert_cmpstr (wm_record_get (p1, "title"), ==, "Timeliness of EHC plans");
  /* 1.1 is taken, so the unnumbered action is 1.2 */
  g_assert_cmpint (wm_record_get_int (generated, "code_generated", 1), ==, 0);
  {
    g_autoptr(WmRecord) b = action (f, "1.2");
    g_assert_cmpstr (wm_record_get (b, "title"), ==, "An action the plan never numbered");
    g_assert_cmpint (wm_record_get_int (b, "code_generated", 0), ==, 1);
  }
}

static void
test_ratings_by_word (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(WmPlanImportReport) report =
    import_ok (f,
               "code,title,RAG\n"
               "1.1,a,AMBER\n"
               "1.2,b,Green\n"
               "1.3,c,C\n"
               "1.4,d,r\n"
               "1.5,e,Blue\n"
               "1.6,f,Red – significantly delayed\n"
               "1.7,g,Completed\n"
               "1.8,h,pink\n"
               "1.9,i,Action on track\n", NULL);
  const char *expect[] = { "A", "G", "B", "R", "B", "R", "B", "P", "G" };

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autofree char *code = g_strdup_printf ("1.%u", i + 1);
      g_autoptr(WmRecord) a = action (f, code);

      g_assert_cmpstr (rating_code (f, a), ==, expect[i]);
    }
  g_assert_cmpuint (report->created, ==, 9);
}

/* A RAG + Yellow scale: "Yellow" is its yellow rating, whatever its code */
static void
test_rating_colour_names (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func (g_object_unref);
  const char *columns[] = { "id", "code", "label", "colour", "is_complete", NULL };
  const char *r1[] = { "r1", "1", "Off track", "#e01b24", "0", NULL };
  const char *r2[] = { "r2", "2", "Some slippage", "#f8e45c", "0", NULL };
  const char *r3[] = { "r3", "3", "On track", "#33d17a", "0", NULL };
  const char *r4[] = { "r4", "4", "Done", "#62a0ea", "1", NULL };

  g_ptr_array_add (ratings, wm_record_new ("rating", columns, r1));
  g_ptr_array_add (ratings, wm_record_new ("rating", columns, r2));
  g_ptr_array_add (ratings, wm_record_new ("rating", columns, r3));
  g_ptr_array_add (ratings, wm_record_new ("rating", columns, r4));

  g_assert_true (wm_plan_import_match_rating (ratings, "Yellow") == ratings->pdata[1]);
  g_assert_true (wm_plan_import_match_rating (ratings, "RED") == ratings->pdata[0]);
  g_assert_true (wm_plan_import_match_rating (ratings, "green") == ratings->pdata[2]);
  g_assert_true (wm_plan_import_match_rating (ratings, "C") == ratings->pdata[3]);
  g_assert_true (wm_plan_import_match_rating (ratings, "on track") == ratings->pdata[2]);
  /* no amber on this scale: not guessed to be the yellow one */
  g_assert_null (wm_plan_import_match_rating (ratings, "Amber"));
  g_assert_null (wm_plan_import_match_rating (ratings, "Red/Amber"));
  g_assert_null (wm_plan_import_match_rating (ratings, "Purple"));
  g_assert_null (wm_plan_import_match_rating (ratings, ""));
}

static void
test_unknown_rating (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *message = import_fails (f,
                                           "code,title,BRAG status\n"
                                           "1.1,a,Green\n"
                                           "1.2,b,Yellow\n"
                                           "1.3,c,Red/Amber\n", -1);

  /* BRAG(P) has no yellow: reported, not read as Amber */
  g_assert_nonnull (strstr (message, "line 3, column “BRAG status”: “Yellow” is not a rating"));
  g_assert_nonnull (strstr (message, "line 4, column “BRAG status”: “Red/Amber”"));
  g_assert_nonnull (strstr (message, "2 problems, so nothing was imported"));
  g_assert_cmpint (wm_store_count (f->store, "action", NULL), ==, 0);
}

static void
test_non_dates_kept (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(WmPlanImportReport) report =
    import_ok (f,
               "code,title,start,By when,completed\n"
               "1.1,a,31/10/2020,April 2023,\n"
               "1.2,b,In place,Sep-23,\n"
               "1.3,c,Underway,Sept 23,\n"
               "1.4,d,,Complete during Q1,\n"
               "1.5,e,,Ongoing,\n"
               "1.6,f,,TBC – pending recruitment,Complete\n"
               "1.7,g,,31/09/2020,\n", (const char *const[]) { "By when=due", NULL });
  g_autoptr(WmRecord) a1 = action (f, "1.1");
  g_autoptr(WmRecord) a2 = action (f, "1.2");
  g_autoptr(WmRecord) a3 = action (f, "1.3");
  g_autoptr(WmRecord) a5 = action (f, "1.5");
  g_autoptr(WmRecord) a6 = action (f, "1.6");
  g_autoptr(WmRecord) a7 = action (f, "1.7");

  g_assert_cmpuint (report->created, ==, 7);
  g_assert_cmpstr (wm_record_get (a1, "start_date"), ==, "2020-10-31");
  g_assert_null (wm_record_get (a1, "start_text"));
  g_assert_cmpstr (wm_record_get (a1, "due_date"), ==, "2023-04-30");
  g_assert_cmpstr (wm_record_get (a1, "due_text"), ==, "April 2023");
  g_assert_cmpstr (wm_record_get (a2, "due_date"), ==, "2023-09-30");
  g_assert_cmpstr (wm_record_get (a2, "due_text"), ==, "Sep-23");
  g_assert_null (wm_record_get (a2, "start_date"));
  g_assert_cmpstr (wm_record_get (a2, "start_text"), ==, "In place");
  g_assert_cmpstr (wm_record_get (a3, "due_date"), ==, "2023-09-30");
  g_assert_cmpstr (wm_record_get (a3, "start_text"), ==, "Underway");
  g_assert_null (wm_record_get (a5, "due_date"));
  g_assert_cmpstr (wm_record_get (a5, "due_text"), ==, "Ongoing");
  g_assert_cmpstr (wm_record_get (a6, "due_text"), ==, "TBC – pending recruitment");
  g_assert_cmpstr (wm_record_get (a6, "completed_text"), ==, "Complete");
  g_assert_null (wm_record_get (a7, "due_date"));   /* 31 September: kept as written */
  g_assert_cmpstr (wm_record_get (a7, "due_text"), ==, "31/09/2020");

  g_assert_true (has_warning (report, "plan.csv, line 3, column “start”", "“In place” is not a date"));
  g_assert_true (has_warning (report, "line 5, column “By when”", "“Complete during Q1”"));
  g_assert_true (has_warning (report, "line 6, column “By when”", "“Ongoing”"));
  g_assert_true (has_warning (report, "line 7, column “By when”", "TBC – pending recruitment"));
  g_assert_true (has_warning (report, "line 7, column “completed”", "“Complete”"));
  g_assert_true (has_warning (report, "line 8, column “By when”", "“31/09/2020”"));
  g_assert_false (has_warning (report, "line 2,", NULL));
  g_assert_cmpuint (report->warnings->len, ==, 7);
}

/* One bad row anywhere: nothing at all is imported, not even priorities */
static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("priority,code,title,rating\n");
  g_autofree char *message = NULL;

  for (int i = 1; i <= 200; i++)
    g_string_append_printf (csv, "Theme %d,%d.1,Action %d,G\n", i, i, i);
  g_string_append (csv, "Theme 1,1.1,Same code again,G\n");
  g_string_append (csv, "Theme 1,1.9,,A\n");
  message = import_fails (f, csv->str, -1);
  g_assert_nonnull (strstr (message, "line 202, column “code”: action “1.1” is also on line 2"));
  g_assert_nonnull (strstr (message, "line 203, column “title”: an action needs a title"));
  g_assert_cmpint (wm_store_count (f->store, "action", NULL), ==, 0);
  g_assert_cmpint (wm_store_count (f->store, "priority", NULL), ==, 0);
}

static void
test_latin1_semicolons (Fixture       *f,
                        gconstpointer  data)
{
  /* Windows-1252 from an old Excel in a continental locale: ; between
   * cells, "–" as 0x96, "£" as 0xA3, CRLF, and a cell over two lines */
  const char csv[] = "Code;Title;Lead;Due\r\n"
                     "1.1;Fund \x96 \xa3" "2m for specialist places;\"Head of SEND\r\nICB lead\";"
                     "Sept 23\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(WmPlanImportReport) report = import_text (f, csv, sizeof csv - 1, NULL, &error);
  g_autoptr(WmRecord) a = NULL;

  g_assert_no_error (error);
  a = action (f, "1.1");
  g_assert_cmpstr (wm_record_get (a, "title"), ==, "Fund – £2m for specialist places");
  g_assert_cmpstr (wm_record_get (a, "leads"), ==, "Head of SEND\nICB lead");
  g_assert_cmpstr (wm_record_get (a, "due_date"), ==, "2023-09-30");
  g_assert_true (has_warning (report, "Windows-1252", NULL));
}

/* A code that the plan has: the action is updated, and a changed rating
 * is kept as a dated status update */
static void
test_update_existing (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(WmPlanImportReport) first =
    import_ok (f, "code,title,rating,progress\n1.1,Backlog,A,Started\n1.2,Panels,G,\n", NULL);
  g_autoptr(WmPlanImportReport) second =
    import_ok (f, "\xEF\xBB\xBF" "code,rating,progress\r\n1.1,G,Backlog cleared\r\n1.2,g,\r\n",
               NULL);
  g_autoptr(WmRecord) a = action (f, "1.1");
  g_autoptr(GPtrArray) updates = wm_store_list (f->store, "status_update", "action_id",
                                                wm_record_get_id (a), NULL);

  g_assert_cmpuint (second->updated, ==, 1);
  g_assert_cmpuint (second->unchanged, ==, 1);
  g_assert_cmpuint (second->created, ==, 0);
  g_assert_cmpstr (wm_record_get (a, "title"), ==, "Backlog");   /* no title column: kept */
  g_assert_cmpstr (wm_record_get (a, "progress"), ==, "Backlog cleared");
  g_assert_cmpstr (rating_code (f, a), ==, "G");
  g_assert_cmpuint (updates->len, ==, 1);
  g_assert_cmpstr (wm_record_get (updates->pdata[0], "note"), ==, "Backlog cleared");
  g_assert_nonnull (strstr (wm_record_get (updates->pdata[0], "author"), "plan.csv"));
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmCsvTable) table = wm_csv_parse ("title\nOne\nTwo\n", -1, "plan.csv", &error);
  g_autoptr(WmPlanImportReport) report =
    wm_plan_import_actions (f->store, table, NULL, WM_PLAN_IMPORT_DRY_RUN, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpint (wm_store_count (f->store, "action", NULL), ==, 0);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *empty = import_fails (f, "", 0);
  g_autofree char *blank = import_fails (f, "\r\n\r\n", -1);
  g_autofree char *header_only = import_fails (f, "code,title,due\r\n", -1);
  g_autofree char *no_title = import_fails (f, "Number,What,When\n1,Do it,May 2024\n", -1);
  g_autofree char *bad_map = NULL;
  g_autofree char *binary = import_fails (f, "PK\x03\x04\x14\0\0\0\x08\0", 10);
  g_autofree char *blank_rows = import_fails (f, "code,title\n,\n,\n", -1);

  g_assert_nonnull (strstr (empty, "empty"));
  g_assert_nonnull (strstr (blank, "empty"));
  g_assert_nonnull (strstr (header_only, "no actions"));
  g_assert_nonnull (strstr (no_title, "“Number”, “What”, “When”"));
  g_assert_nonnull (strstr (no_title, "--map"));
  g_assert_nonnull (strstr (binary, "not a CSV"));
  g_assert_nonnull (strstr (blank_rows, "no actions"));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WmPlanImportReport) report =
      import_text (f, "Ref,What\n1,x\n", -1, (const char *const[]) { "What=titel", NULL }, &error);

    g_assert_null (report);
    bad_map = g_strdup (error->message);
    g_assert_nonnull (strstr (bad_map, "“titel” is not a field"));
  }
  g_assert_cmpint (wm_store_count (f->store, "action", NULL), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/plan-import/generated-codes", test_generated_codes);
  ADD ("/plan-import/given-codes", test_given_codes);
  ADD ("/plan-import/ratings-by-word", test_ratings_by_word);
  ADD ("/plan-import/rating-colour-names", test_rating_colour_names);
  ADD ("/plan-import/unknown-rating", test_unknown_rating);
  ADD ("/plan-import/non-dates-kept", test_non_dates_kept);
  ADD ("/plan-import/all-or-nothing", test_all_or_nothing);
  ADD ("/plan-import/latin1-semicolons", test_latin1_semicolons);
  ADD ("/plan-import/update-existing", test_update_existing);
  ADD ("/plan-import/dry-run", test_dry_run);
  ADD ("/plan-import/bad-files", test_bad_files);
#undef ADD
  return g_test_run ();
}
