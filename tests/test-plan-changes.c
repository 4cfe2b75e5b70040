/* test-plan-changes.c: "what changed since the last board" on the sample plan */
#include <string.h>

#include "test-helpers.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-plan-changes.h"
#include "wm-sample.h"
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

  f->dir = test_dir_new ();
  path = g_build_filename (f->dir, "sample.waymark", NULL);
  f->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (wm_sample_load (f->store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  test_dir_free (f->dir);
}

/* Today plus some days, ISO; the store's today is UTC (TZ=UTC in the
 * tests' environment) */
static char *
day_from_today (int days)
{
  g_autofree char *today = wm_date_today_iso ();
  GDate date;

  g_assert_true (wm_date_from_iso (today, &date));
  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return wm_date_to_iso (&date);
}

static void
set_rating (Fixture    *f,
            const char *code,
            const char *rating,
            const char *note,
            const char *author)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) action = wm_store_find_action (f->store, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (action);
  g_assert_true (wm_store_set_action_rating (f->store, wm_record_get_id (action), rating, note,
                                             author, &error));
  g_assert_no_error (error);
}

static void
set_completed (Fixture    *f,
               const char *code,
               const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) action = wm_store_find_action (f->store, code, &error);

  g_assert_no_error (error);
  g_assert_true (wm_store_update (f->store, "action", wm_record_get_id (action), &error,
                                  "completed_date", day, NULL));
  g_assert_no_error (error);
}

/* Moves an action's due date as the editor does: the new date and a
 * date_change row saying who moved it and why, in one transaction. */
static void
move_due_date (Fixture    *f,
               const char *code,
               const char *new_due,
               const char *reason,
               const char *author,
               const char *changed_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) action = wm_store_find_action (f->store, code, &error);
  g_autofree char *change_id = NULL;

  g_assert_no_error (error);
  g_assert_true (wm_store_begin (f->store, &error));
  g_assert_true (wm_store_update (f->store, "action", wm_record_get_id (action), &error,
                                  "due_date", new_due, NULL));
  g_assert_no_error (error);
  change_id = wm_store_insert (f->store, "date_change", &error,
                               "tbl", "action", "row_id", wm_record_get_id (action),
                               "field", "due_date",
                               "old_value", wm_record_get (action, "due_date"),
                               "new_value", new_due, "reason", reason, "author", author,
                               "changed_at", changed_at, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (change_id);
  g_assert_true (wm_store_commit (f->store, &error));
  g_assert_no_error (error);
}

static WmPlanChange *
find_entry (WmPlanChanges   *changes,
            WmPlanChangeKind kind,
            const char      *code)
{
  GPtrArray *entries = wm_plan_changes_get (changes, kind);

  for (guint i = 0; i < entries->len; i++)
    {
      WmPlanChange *c = entries->pdata[i];
      if (g_strcmp0 (c->action_code, code) == 0 || g_strcmp0 (c->milestone_code, code) == 0)
        return c;
    }
  return NULL;
}

/* A rating with a note, a moved due date, a new action, completions and
 * milestones: each is listed under its kind with the action's code, and
 * nothing from before since is. */
static void
test_changes_entries (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *two_days_ago = day_from_today (-2);
  g_autofree char *yesterday = day_from_today (-1);
  g_autofree char *today = day_from_today (0);
  g_autofree char *now = wm_now_iso ();
  g_autofree char *new_id = NULL;
  g_autofree char *missed_id = NULL;
  g_autofree char *not_yet_id = NULL;
  g_autofree char *text = NULL;
  g_autoptr(WmPlanChanges) changes = NULL;
  g_autoptr(WmRecord) ms3 = NULL;
  g_autoptr(WmRecord) plan = wm_store_get_plan (f->store, &error);
  WmPlanChange *c;

  g_assert_no_error (error);

  /* 1.2a is Amber in the sample */
  set_rating (f, "1.2a", "G", "Health exemplars shared with all services", "Jo Bloggs (DCO)");
  /* 3.3 is Green; Blue means complete in BRAG */
  set_rating (f, "3.3", "B", "Audit guidance signed off", "Sam Lee");
  /* 2.4 completed by date, with no rating change */
  set_completed (f, "2.4", today);

  move_due_date (f, "2.1", "2024-01-31", "Waiting for the panel's terms of reference",
                 "Head of SEND", now);
  /* Long before the window: must not be listed */
  move_due_date (f, "2.2a", "2023-12-31", "An old move", "Someone Earlier",
                 "2020-01-15T10:00:00Z");

  new_id = wm_store_insert (f->store, "action", &error,
                            "plan_id", wm_record_get_id (plan), "code", "4.1",
                            "title", "Publish the refreshed Local Offer", "leads", "Head of SEND",
                            NULL);
  g_assert_no_error (error);
  g_assert_nonnull (new_id);

  ms3 = wm_store_find (f->store, "milestone", "code", "MS3", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ms3);
  g_assert_true (wm_store_update (f->store, "milestone", wm_record_get_id (ms3), &error,
                                  "done_date", today, NULL));
  g_assert_no_error (error);
  missed_id = wm_store_insert (f->store, "milestone", &error,
                               "plan_id", wm_record_get_id (plan), "code", "MSX",
                               "title", "Extra milestone", "due_date", yesterday, NULL);
  g_assert_no_error (error);
  /* Due today: can still be met, so not missed */
  not_yet_id = wm_store_insert (f->store, "milestone", &error,
                                "plan_id", wm_record_get_id (plan), "code", "MSY",
                                "title", "Due today", "due_date", today, NULL);
  g_assert_no_error (error);

  changes = wm_plan_changes_query (f->store, two_days_ago, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (changes);
  g_assert_cmpstr (changes->until, ==, today);

  /* Rating changes: exactly the two made today, none of the sample's 2023 history */
  g_assert_cmpuint (wm_plan_changes_get (changes, WM_PLAN_CHANGE_RATING)->len, ==, 2);
  c = find_entry (changes, WM_PLAN_CHANGE_RATING, "1.2a");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->date, ==, today);
  g_assert_cmpstr (c->old_rating_code, ==, "A");
  g_assert_cmpstr (c->new_rating_code, ==, "G");
  g_assert_cmpstr (c->new_rating_label, ==, "Green");
  g_assert_cmpstr (c->note, ==, "Health exemplars shared with all services");
  g_assert_cmpstr (c->author, ==, "Jo Bloggs (DCO)");
  g_assert_nonnull (strstr (c->action_title, "exemplars"));
  c = find_entry (changes, WM_PLAN_CHANGE_RATING, "3.3");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->old_rating_code, ==, "G");
  g_assert_cmpstr (c->new_rating_code, ==, "B");

  /* Date changes: 2.1's move, not 2.2a's from 2020 */
  g_assert_cmpuint (wm_plan_changes_get (changes, WM_PLAN_CHANGE_DATE)->len, ==, 1);
  c = find_entry (changes, WM_PLAN_CHANGE_DATE, "2.1");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->field, ==, "due_date");
  g_assert_cmpstr (c->old_value, ==, "2023-10-31");
  g_assert_cmpstr (c->new_value, ==, "2024-01-31");
  g_assert_cmpstr (c->note, ==, "Waiting for the panel's terms of reference");
  g_assert_cmpstr (c->author, ==, "Head of SEND");
  g_assert_null (find_entry (changes, WM_PLAN_CHANGE_DATE, "2.2a"));

  /* New actions: 4.1 only; the sample's actions came with the plan */
  g_assert_cmpuint (wm_plan_changes_get (changes, WM_PLAN_CHANGE_NEW_ACTION)->len, ==, 1);
  c = find_entry (changes, WM_PLAN_CHANGE_NEW_ACTION, "4.1");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->action_title, ==, "Publish the refreshed Local Offer");
  g_assert_cmpstr (c->date, ==, today);

  /* Completed: 3.3 by its Blue rating, 2.4 by its completed date */
  g_assert_cmpuint (wm_plan_changes_get (changes, WM_PLAN_CHANGE_COMPLETED)->len, ==, 2);
  c = find_entry (changes, WM_PLAN_CHANGE_COMPLETED, "3.3");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->author, ==, "Sam Lee");
  g_assert_nonnull (find_entry (changes, WM_PLAN_CHANGE_COMPLETED, "2.4"));
  g_assert_null (find_entry (changes, WM_PLAN_CHANGE_COMPLETED, "1.2a"));

  /* Milestones: MS3 met today; MSX missed yesterday; MSY due today is neither */
  g_assert_cmpuint (wm_plan_changes_get (changes, WM_PLAN_CHANGE_MILESTONE_MET)->len, ==, 1);
  g_assert_nonnull (find_entry (changes, WM_PLAN_CHANGE_MILESTONE_MET, "MS3"));
  g_assert_cmpuint (wm_plan_changes_get (changes, WM_PLAN_CHANGE_MILESTONE_MISSED)->len, ==, 1);
  c = find_entry (changes, WM_PLAN_CHANGE_MILESTONE_MISSED, "MSX");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->date, ==, yesterday);
  g_assert_null (find_entry (changes, WM_PLAN_CHANGE_MILESTONE_MISSED, "MSY"));

  /* The text lists them under their headings */
  text = wm_plan_changes_to_text (changes);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Rating changes (2)\n"));
  g_assert_nonnull (strstr (text, "1.2a We will develop a set of multi-agency statutory advice"));
  g_assert_nonnull (strstr (text, "rating: Amber → Green\n"));
  g_assert_nonnull (strstr (text, "note: Health exemplars shared with all services\n"));
  g_assert_nonnull (strstr (text, "by: Jo Bloggs (DCO)\n"));
  g_assert_nonnull (strstr (text, "Date changes (1)\n"));
  g_assert_nonnull (strstr (text, "due date: 31 October 2023 → 31 January 2024\n"));
  g_assert_nonnull (strstr (text, "reason: Waiting for the panel's terms of reference\n"));
  g_assert_nonnull (strstr (text, "New actions (1)\n"));
  g_assert_nonnull (strstr (text, "4.1 Publish the refreshed Local Offer\n"));
  g_assert_nonnull (strstr (text, "Completed actions (2)\n"));
  g_assert_nonnull (strstr (text, "Milestones met (1)\n"));
  g_assert_nonnull (strstr (text, "MSX Extra milestone\n"));
  g_assert_null (strstr (text, "Someone Earlier"));
  g_assert_null (strstr (text, "MSY"));
}

/* The window is the days after since, up to and including until */
static void
test_changes_window (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmPlanChanges) summer = NULL;
  g_autoptr(WmPlanChanges) after = NULL;
  g_autoptr(WmPlanChanges) bad = NULL;
  g_autoptr(WmPlanChanges) nothing = NULL;
  g_autofree char *text = NULL;

  /* The sample's history: ten updates on 10 August 2023 */
  summer = wm_plan_changes_query (f->store, "2023-08-09", "2023-08-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wm_plan_changes_get (summer, WM_PLAN_CHANGE_RATING)->len, >, 0);
  for (guint i = 0; i < wm_plan_changes_get (summer, WM_PLAN_CHANGE_RATING)->len; i++)
    {
      WmPlanChange *c = wm_plan_changes_get (summer, WM_PLAN_CHANGE_RATING)->pdata[i];
      g_assert_cmpstr (c->date, ==, "2023-08-10");
      g_assert_nonnull (c->action_code);
    }
  /* 2.2a went Amber → Red that day: the previous rating comes from its history */
  g_assert_cmpstr (find_entry (summer, WM_PLAN_CHANGE_RATING, "2.2a")->old_rating_code, ==, "A");
  g_assert_cmpstr (find_entry (summer, WM_PLAN_CHANGE_RATING, "2.2a")->new_rating_code, ==, "R");

  /* since is the last day already reported: the 10th is left out */
  after = wm_plan_changes_query (f->store, "2023-08-10", "2023-08-20", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wm_plan_changes_get (after, WM_PLAN_CHANGE_RATING)->len, ==, 0);

  nothing = wm_plan_changes_query (f->store, "2030-01-01", "2030-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wm_plan_changes_count (nothing), ==, 0);
  text = wm_plan_changes_to_text (nothing);
  g_assert_nonnull (strstr (text, "Nothing changed."));

  bad = wm_plan_changes_query (f->store, "2023-02-30", NULL, &error);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);
  bad = wm_plan_changes_query (f->store, "2023-09-01", "2023-08-01", &error);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_null (bad);
}

/* The default since: the latest board before today */
static void
test_changes_default_since (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = wm_store_get_plan (f->store, &error);
  g_autofree char *since = NULL;
  g_autofree char *label = NULL;
  g_autofree char *board = day_from_today (-10);
  g_autofree char *older = day_from_today (-50);
  g_autofree char *other = day_from_today (-3);
  g_autofree char *today = day_from_today (0);
  g_autofree char *future = day_from_today (7);
  g_autoptr(WmPlanChanges) changes = NULL;
  const struct { const char *date, *label, *kind; } key_dates[] = {
    { older, "Board in the spring", "board" },
    { board, "SEND and Inclusion Board", "board" },
    { other, "Board members' stocktake", "other" },  /* not kind board */
    { today, "Today's board", "board" },               /* the one this is for */
    { future, "Next board", "board" },
  };

  /* The sample's key dates have no kind: a label naming the board counts */
  since = wm_plan_changes_default_since (f->store, NULL, &label, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (since, ==, "2024-03-14");
  g_assert_cmpstr (label, ==, "SEND and Inclusion Board (illustrative date)");
  g_clear_pointer (&since, g_free);
  g_clear_pointer (&label, g_free);
  /* Looking back from an earlier day */
  since = wm_plan_changes_default_since (f->store, "2023-08-17", NULL, &error);
  g_assert_cmpstr (since, ==, "2023-07-06");
  g_clear_pointer (&since, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (key_dates); i++)
    {
      g_autofree char *id = wm_store_insert (f->store, "key_date", &error,
                                             "plan_id", wm_record_get_id (plan),
                                             "date", key_dates[i].date,
                                             "label", key_dates[i].label,
                                             "kind", key_dates[i].kind, NULL);
      g_assert_no_error (error);
      g_assert_nonnull (id);
    }

  /* Once boards have their kind, only they count */
  since = wm_plan_changes_default_since (f->store, NULL, &label, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (since, ==, board);
  g_assert_cmpstr (label, ==, "SEND and Inclusion Board");

  changes = wm_plan_changes_query (f->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (changes->since, ==, board);
  g_assert_cmpstr (changes->since_label, ==, "SEND and Inclusion Board");
  g_assert_cmpstr (changes->until, ==, today);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/plan-changes/entries", Fixture, NULL, fixture_set_up, test_changes_entries,
              fixture_tear_down);
  g_test_add ("/plan-changes/window", Fixture, NULL, fixture_set_up, test_changes_window,
              fixture_tear_down);
  g_test_add ("/plan-changes/default-since", Fixture, NULL, fixture_set_up,
              test_changes_default_since, fixture_tear_down);
  return g_test_run ();
}
