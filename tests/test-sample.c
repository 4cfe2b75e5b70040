#include <string.h>

#include "test-helpers.h"
#include "wm-store.h"
#include "wm-sample.h"

static WmStore *
open_sample (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  char *dir = test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "sample.waymark", NULL);
  WmStore *store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (wm_sample_load (store, &error));
  g_assert_no_error (error);
  *dir_out = dir;
  return store;
}

/* The thirteen actions of the Leicestershire APP, in the plan's order,
 * with the delivery leads and completion dates the published plan gives. */
static void
test_sample_actions (void)
{
  static const struct { const char *code, *due, *lead; } expected[] = {
    { "1.1", "2023-09-30", "Designated Clinical Officer (ICB)" },
    { "1.2a", "2023-09-30", "Acting Principal Educational Psychologist (LCC)" },
    { "1.2b", "2023-07-31", "Head of Change (TSIL) / SENA Service Manager (LCC)" },
    { "1.3a", "2024-01-31", "Head of SEND (LCC)" },
    { "1.3b", "2024-03-31", "Designated Clinical Officer (ICB)" },
    { "2.1", "2023-10-31", "Head of Change (TSIL) / SENA Service Manager (LCC)" },
    { "2.2a", "2023-09-30", "Head of SEND (LCC)" },
    { "2.2b", "2023-09-30", "Head of Change (TSIL) (LCC)" },
    { "2.3", "2023-09-30", "Head of SEND (LCC)" },
    { "2.4", "2027-09-30", "Designated Clinical Officer (ICB)" },
    { "3.1", "2023-07-31", "Head of SEND (LCC)" },
    { "3.2", "2023-07-31", "Designated Clinical Officer (ICB)" },
    { "3.3", "2023-10-31", "Disabled Children's Service Manager (LCC)" },
  };
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  WmStore *store = open_sample (&dir);
  g_autoptr(GPtrArray) actions = wm_store_list_actions (store, NULL, &error);
  g_autoptr(GPtrArray) priorities = wm_store_list (store, "priority", NULL, NULL, &error);
  g_autoptr(WmRecord) plan = wm_store_get_plan (store, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get (plan, "area"), ==, "Leicestershire");
  g_assert_cmpstr (wm_record_get (plan, "kind"), ==, "APP");
  g_assert_cmpstr (wm_record_get (plan, "start_date"), ==, "2023-03-01");
  g_assert_cmpuint (priorities->len, ==, 3);
  g_assert_cmpstr (wm_record_get (priorities->pdata[0], "lead"), ==,
                   "Assistant Director Education, SEND and Commissioning (LCC)");

  g_assert_cmpuint (actions->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < actions->len; i++)
    {
      WmRecord *action = actions->pdata[i];
      const char *leads = wm_record_get_nonnull (action, "leads");

      g_test_message ("action %s due %s", wm_record_get (action, "code"),
                      wm_record_get (action, "due_date"));
      g_assert_cmpstr (wm_record_get (action, "code"), ==, expected[i].code);
      if (expected[i].due)
        g_assert_cmpstr (wm_record_get (action, "due_date"), ==, expected[i].due);
      else
        g_assert_nonnull (wm_record_get (action, "due_date"));
      if (expected[i].lead)
        g_assert_nonnull (strstr (leads, expected[i].lead));
      g_assert_cmpstr (wm_record_get (action, "title"), !=, "");
      g_assert_nonnull (wm_record_get (action, "evidence"));
      g_assert_nonnull (wm_record_get (action, "impact"));
      g_assert_nonnull (wm_record_get (action, "rating_id"));
      /* the published plan has no ratings or progress: ours say so */
      g_assert_true (g_str_has_prefix (wm_record_get_nonnull (action, "progress"),
                                       "Illustrative"));
      g_assert_nonnull (strstr (wm_record_get_nonnull (action, "illustrative"), "rating"));
    }
  g_assert_finalize_object (store);
  test_dir_free (g_steal_pointer (&dir));
}

static void
test_sample_gantt_parts (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  WmStore *store = open_sample (&dir);
  g_autoptr(WmRecord) action = wm_store_find_action (store, "1.1", &error);
  g_autoptr(GPtrArray) stages = wm_store_list (store, "stage", "action_id",
                                               wm_record_get_id (action), &error);
  g_autoptr(GPtrArray) milestones = wm_store_list (store, "milestone", "action_id", NULL, &error);
  g_autoptr(GPtrArray) action_ms = wm_store_list (store, "milestone", "action_id",
                                                  wm_record_get_id (action), &error);
  g_autoptr(GPtrArray) phases = wm_store_list (store, "phase", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 4);
  g_assert_cmpstr (wm_record_get (stages->pdata[0], "label"), ==, "Process developed and agreed");
  g_assert_cmpstr (wm_record_get (stages->pdata[0], "start_date"), ==, "2023-04-01");
  g_assert_cmpstr (wm_record_get (stages->pdata[0], "end_date"), ==, "2023-06-30");

  /* plan milestones MS3 … MS12, and 1.1's month 3, 6 and 9 milestones */
  g_assert_cmpuint (milestones->len, ==, 4);
  g_assert_cmpstr (wm_record_get (milestones->pdata[0], "code"), ==, "MS3");
  g_assert_cmpstr (wm_record_get (milestones->pdata[0], "due_date"), ==, "2023-06-30");
  g_assert_cmpstr (wm_record_get (milestones->pdata[3], "code"), ==, "MS12");
  g_assert_cmpuint (action_ms->len, ==, 3);
  g_assert_cmpuint (phases->len, ==, 3);
  g_assert_finalize_object (store);
  test_dir_free (g_steal_pointer (&dir));
}

static void
test_sample_risks_and_ratings (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  WmStore *store = open_sample (&dir);
  g_autoptr(GPtrArray) risks = wm_store_list (store, "risk", NULL, NULL, &error);
  g_autoptr(GPtrArray) ratings = wm_store_list_ratings (store, &error);
  g_autoptr(WmRecord) blue = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (risks->len, ==, 7);
  for (guint i = 0; i < risks->len; i++)
    {
      g_autofree char *ref = g_strdup_printf ("RR%u", i + 1);
      g_assert_cmpstr (wm_record_get (risks->pdata[i], "ref"), ==, ref);
      g_assert_nonnull (wm_record_get (risks->pdata[i], "mitigation"));
      g_assert_nonnull (wm_record_get (risks->pdata[i], "severity_before"));
      g_assert_nonnull (wm_record_get (risks->pdata[i], "severity_after"));
    }
  g_assert_cmpstr (wm_record_get (risks->pdata[0], "raised_date"), ==, "2023-02-06");
  g_assert_cmpstr (wm_record_get (risks->pdata[0], "severity_before"), ==, "High");
  g_assert_cmpstr (wm_record_get (risks->pdata[0], "severity_after"), ==, "Medium");
  g_assert_cmpstr (wm_record_get (risks->pdata[4], "raised_date"), ==, "2023-02-13");

  g_assert_cmpuint (ratings->len, ==, 5);
  blue = wm_store_find_rating (store, "B", &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_record_get_int (blue, "is_complete", 0), ==, 1);
  g_assert_cmpstr (wm_record_get (blue, "meaning"), ==,
                   "Agreement has been reached that the action has been completed");
  g_assert_finalize_object (store);
  test_dir_free (g_steal_pointer (&dir));
}

static void
test_sample_twice_refused (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  WmStore *store = open_sample (&dir);
  gint64 before = wm_store_count (store, "action", NULL);

  g_assert_false (wm_sample_load (store, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (wm_store_count (store, "action", NULL), ==, before);
  g_assert_finalize_object (store);
  test_dir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sample/actions", test_sample_actions);
  g_test_add_func ("/sample/gantt-parts", test_sample_gantt_parts);
  g_test_add_func ("/sample/risks-and-ratings", test_sample_risks_and_ratings);
  g_test_add_func ("/sample/twice-refused", test_sample_twice_refused);
  return g_test_run ();
}
