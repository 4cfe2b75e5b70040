/* test-plan-edit.c: the checked, undoable edits of the plan (wm-plan-edit,
 * wm-history), on the sample plan. */
#include <sqlite3.h>
#include <string.h>

#include "test-helpers.h"
#include "wm-error.h"
#include "wm-history.h"
#include "wm-plan-edit.h"
#include "wm-sample.h"
#include "wm-store.h"
#include "wm-store-private.h"
#include "test-sync-helpers.h"

typedef struct
{
  char      *dir;
  char      *path;
  WmStore   *store;
  WmHistory *history;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_dir_new ();
  f->path = g_build_filename (f->dir, "sample.waymark", NULL);
  f->store = wm_store_open (f->path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (wm_sample_load (f->store, &error));
  g_assert_no_error (error);
  f->history = wm_history_get_for_store (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (f->history), (gpointer *) &f->history);
  g_assert_finalize_object (f->store);
  /* the store owned its history */
  g_assert_null (f->history);
  g_free (f->path);
  test_dir_free (f->dir);
}

static gint64
count_sql (WmStore    *store,
           const char *sql,
           const char *param)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (wm_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Every value of the plan's tables and the change-tracking clock: equal
 * snapshots mean nothing at all was written. */
static char *
snapshot (WmStore *store)
{
  static const char *const tables[] = {
    "plan", "action", "stage", "milestone", "dependency", "status_update", "date_change",
    "evidence",
  };
  GString *text = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autoptr(GPtrArray) rows = wm_store_list (store, tables[t], NULL, NULL, NULL);

      g_assert_nonnull (rows);
      for (guint i = 0; i < rows->len; i++)
        {
          const char *const *columns = wm_record_get_columns (rows->pdata[i]);
          g_string_append_printf (text, "%s:", tables[t]);
          for (guint c = 0; columns[c]; c++)
            g_string_append_printf (text, "%s=%s|", columns[c],
                                    wm_record_get_nonnull (rows->pdata[i], columns[c]));
          g_string_append_c (text, '\n');
        }
    }
  g_string_append_printf (text, "clock=%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "\n",
                          count_sql (store, "SELECT count(*) FROM clock", NULL),
                          count_sql (store, "SELECT max(db_version) FROM clock", NULL));
  return g_string_free (text, FALSE);
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
rating_id (Fixture    *f,
           const char *code)
{
  g_autoptr(WmRecord) rating = wm_store_find_rating (f->store, code, NULL);
  const char *id;

  g_assert_nonnull (rating);
  /* interned so that the caller need not free it */
  id = g_intern_string (wm_record_get_id (rating));
  return id;
}

static WmRecord *
stage (Fixture    *f,
       const char *code,
       const char *label)
{
  g_autoptr(WmRecord) owner = action (f, code);
  g_autoptr(GPtrArray) stages = wm_store_list (f->store, "stage", "action_id",
                                               wm_record_get_id (owner), NULL);

  for (guint i = 0; i < stages->len; i++)
    if (g_str_equal (wm_record_get_nonnull (stages->pdata[i], "label"), label))
      return g_object_ref (stages->pdata[i]);
  g_assert_not_reached ();
  return NULL;
}

static gboolean
set_one (Fixture     *f,
         const char  *code,
         const char  *column,
         const char  *value,
         const char  *reason,
         GError     **error)
{
  g_autoptr(WmRecord) record = action (f, code);
  const char *columns[] = { column, NULL };
  const char *values[] = { value, NULL };

  return wm_plan_edit_set_action (f->store, f->history, wm_record_get_id (record), columns, values,
                                  reason, "Test Author", error);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *) data)++;
}

/* ---------- history ---------- */

static void
test_history_fresh (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (f->store);
  g_autofree char *after = NULL;
  g_autoptr(WmStore) reopened = NULL;
  WmHistory *history;

  g_assert_true (wm_history_get_for_store (f->store) == f->history);
  g_assert_false (wm_history_can_undo (f->history));
  g_assert_false (wm_history_can_redo (f->history));
  g_assert_null (wm_history_get_undo_label (f->history));
  g_assert_null (wm_history_get_redo_label (f->history));

  /* an undo on a freshly opened plan fails cleanly and changes nothing */
  g_assert_false (wm_history_undo (f->history, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (wm_history_redo (f->history, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = snapshot (f->store);
  g_assert_cmpstr (before, ==, after);

  /* edits made in one session cannot be undone from another */
  g_assert_true (set_one (f, "1.1", "title", "Changed before closing", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wm_history_can_undo (f->history));
  reopened = wm_store_open (f->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  history = wm_history_get_for_store (reopened);
  g_assert_true (history != f->history);
  g_assert_false (wm_history_can_undo (history));
}

/* ---------- rating ---------- */

static void
test_rating (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) before_action = action (f, "1.2a");
  g_autoptr(WmRecord) now = NULL;
  g_autofree char *before = snapshot (f->store);
  g_autofree char *after = NULL;
  const char *id = wm_record_get_id (before_action);
  const char *amber = rating_id (f, "A");
  const char *green = rating_id (f, "G");
  gint64 updates = wm_store_count (f->store, "status_update", NULL);
  guint undo_notes = 0, redo_notes = 0;

  g_signal_connect (f->history, "notify::can-undo", G_CALLBACK (count_notify), &undo_notes);
  g_signal_connect (f->history, "notify::can-redo", G_CALLBACK (count_notify), &redo_notes);
  g_assert_cmpstr (wm_record_get (before_action, "rating_id"), ==, amber);

  /* without a note: refused, nothing written, nothing to undo */
  g_assert_false (wm_plan_edit_set_rating (f->store, f->history, id, "G", NULL, "DCO", &error));
  g_assert_error (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_NOTE_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Amber"));
  g_assert_nonnull (strstr (error->message, "Green"));
  g_assert_nonnull (strstr (error->message, "1.2a"));
  g_clear_error (&error);
  g_assert_false (wm_plan_edit_set_rating (f->store, f->history, id, "Green", "   ", "DCO", &error));
  g_assert_error (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_NOTE_REQUIRED);
  g_clear_error (&error);
  after = snapshot (f->store);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);
  g_assert_false (wm_history_can_undo (f->history));
  g_assert_cmpuint (undo_notes, ==, 0);

  /* an unknown rating names itself */
  g_assert_false (wm_plan_edit_set_rating (f->store, f->history, id, "Purple", "x", "DCO", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Purple"));
  g_clear_error (&error);

  /* with a note: the rating, the progress note and a status update */
  g_assert_true (wm_plan_edit_set_rating (f->store, f->history, id, "G", "Exemplars agreed",
                                          "DCO", &error));
  g_assert_no_error (error);
  now = action (f, "1.2a");
  g_assert_cmpstr (wm_record_get (now, "rating_id"), ==, green);
  g_assert_cmpstr (wm_record_get (now, "progress"), ==, "Exemplars agreed");
  g_assert_cmpint (wm_store_count (f->store, "status_update", NULL), ==, updates + 1);
  g_assert_cmpint (count_sql (f->store,
                              "SELECT count(*) FROM status_update WHERE note = 'Exemplars agreed' "
                              "AND author = 'DCO' AND previous_rating_id IS rating_id", NULL),
                   ==, 0);
  g_assert_cmpint (count_sql (f->store,
                              "SELECT count(*) FROM status_update WHERE note = 'Exemplars agreed' "
                              "AND author = 'DCO' AND action_id = ?", id), ==, 1);
  g_assert_true (wm_history_can_undo (f->history));
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Change Rating of 1.2a");
  g_assert_cmpuint (undo_notes, ==, 1);

  /* undo: the old rating and note, and no status update left behind */
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = action (f, "1.2a");
  g_assert_cmpstr (wm_record_get (now, "rating_id"), ==, amber);
  g_assert_cmpstr (wm_record_get (now, "progress"), ==, wm_record_get (before_action, "progress"));
  g_assert_cmpint (wm_store_count (f->store, "status_update", NULL), ==, updates);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM status_update WHERE note = "
                              "'Exemplars agreed'", NULL), ==, 0);
  g_assert_false (wm_history_can_undo (f->history));
  g_assert_true (wm_history_can_redo (f->history));
  g_assert_cmpstr (wm_history_get_redo_label (f->history), ==, "Change Rating of 1.2a");
  g_assert_cmpuint (undo_notes, ==, 2);
  g_assert_cmpuint (redo_notes, ==, 1);

  /* redo: applied again */
  g_assert_true (wm_history_redo (f->history, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = action (f, "1.2a");
  g_assert_cmpstr (wm_record_get (now, "rating_id"), ==, green);
  g_assert_cmpstr (wm_record_get (now, "progress"), ==, "Exemplars agreed");
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM status_update WHERE note = "
                              "'Exemplars agreed' AND previous_rating_id = ?", amber), ==, 1);
  g_assert_true (wm_history_can_undo (f->history));
  g_assert_false (wm_history_can_redo (f->history));

  /* the same rating with no note is nothing to do, and no step */
  g_assert_true (wm_plan_edit_set_rating (f->store, f->history, id, "G", NULL, "DCO", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Change Rating of 1.2a");
}

/* ---------- dates ---------- */

static void
test_due_before_start (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (f->store);
  g_autofree char *after = NULL;

  g_assert_false (set_one (f, "1.1", "due_date", "2023-03-01", NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Due date 2023-03-01 is before the start date 2023-04-01.");
  g_clear_error (&error);

  /* the start moved past the due date: the same check, both dates named */
  g_assert_false (set_one (f, "1.1", "start_date", "1st October 2023", NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2023-09-30"));
  g_assert_nonnull (strstr (error->message, "2023-10-01"));
  g_clear_error (&error);

  /* a blank title, a code another action has */
  g_assert_false (set_one (f, "1.1", "title", "  ", NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Title"));
  g_clear_error (&error);
  g_assert_false (set_one (f, "1.1", "code", "2.1", NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2.1"));
  g_clear_error (&error);
  /* a rating only changes with its note */
  g_assert_false (set_one (f, "1.1", "rating_id", rating_id (f, "B"), NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  after = snapshot (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (wm_history_can_undo (f->history));

  /* dates imported the wrong way round do not block other fields */
  {
    g_autoptr(WmRecord) a = action (f, "1.1");
    g_assert_true (wm_store_update (f->store, "action", wm_record_get_id (a), &error,
                                    "start_date", "2023-12-01", NULL));
    g_assert_true (set_one (f, "1.1", "title", "Still editable", NULL, &error));
    g_assert_no_error (error);
    g_assert_false (set_one (f, "1.1", "due_date", "2023-11-30", NULL, &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
}

static void
test_free_text_due (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) original = action (f, "1.1");
  g_autoptr(WmRecord) now = NULL;
  const char *id = wm_record_get_id (original);
  gint64 changes = wm_store_count (f->store, "date_change", NULL);

  g_assert_true (set_one (f, "1.1", "due_date", "TBC – pending recruitment", NULL, &error));
  g_assert_no_error (error);
  now = action (f, "1.1");
  g_assert_null (wm_record_get (now, "due_date"));
  g_assert_cmpstr (wm_record_get (now, "due_text"), ==, "TBC – pending recruitment");
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Change Due Date of 1.1");
  /* the move is logged, with no baseline no reason is needed */
  g_assert_cmpint (wm_store_count (f->store, "date_change", NULL), ==, changes + 1);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM date_change WHERE tbl = 'action' "
                              "AND row_id = ? AND field = 'due_date' AND old_value = '2023-09-30' "
                              "AND new_value = 'TBC – pending recruitment' AND author = "
                              "'Test Author' AND reason IS NULL", id), ==, 1);

  /* words that name a month: the month's last day, the words kept */
  g_assert_true (set_one (f, "1.1", "due_date", "end of November 2023", NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = action (f, "1.1");
  g_assert_cmpstr (wm_record_get (now, "due_date"), ==, "2023-11-30");
  g_assert_cmpstr (wm_record_get (now, "due_text"), ==, "end of November 2023");

  /* figures say nothing more than the date: no words kept */
  g_assert_true (set_one (f, "1.1", "due_date", "15/12/2023", NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = action (f, "1.1");
  g_assert_cmpstr (wm_record_get (now, "due_date"), ==, "2023-12-15");
  g_assert_null (wm_record_get (now, "due_text"));

  /* undo walks back through the three */
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = action (f, "1.1");
  g_assert_null (wm_record_get (now, "due_date"));
  g_assert_cmpstr (wm_record_get (now, "due_text"), ==, "TBC – pending recruitment");
  g_assert_cmpint (wm_store_count (f->store, "date_change", NULL), ==, changes + 1);
}

static void
test_baseline_reason (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(WmRecord) now = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(WmRecord) original = action (f, "1.2b");
  const char *impact = wm_record_get (original, "impact");
  const char *id = wm_record_get_id (original);

  g_assert_cmpstr (impact, !=, "Fewer complaints");
  g_assert_true (wm_plan_edit_set_baseline (f->store, f->history, "Programme Office", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Set Baseline");
  plan = wm_store_get_plan (f->store, &error);
  g_assert_nonnull (wm_record_get (plan, "baseline_at"));
  actions = wm_store_list (f->store, "action", NULL, NULL, &error);
  for (guint i = 0; i < actions->len; i++)
    {
      g_assert_cmpstr (wm_record_get (actions->pdata[i], "baseline_due"), ==,
                       wm_record_get (actions->pdata[i], "due_date"));
      g_assert_cmpstr (wm_record_get (actions->pdata[i], "baseline_start"), ==,
                       wm_record_get (actions->pdata[i], "start_date"));
    }
  stages = wm_store_list (f->store, "stage", NULL, NULL, &error);
  g_assert_cmpuint (stages->len, >, 0);
  for (guint i = 0; i < stages->len; i++)
    g_assert_cmpstr (wm_record_get (stages->pdata[i], "baseline_end"), ==,
                     wm_record_get (stages->pdata[i], "end_date"));
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM date_change WHERE tbl = 'plan' "
                              "AND field = 'baseline_at' AND author = ?", "Programme Office"), ==, 1);

  /* after the baseline, moving a due date needs a reason */
  before = snapshot (f->store);
  g_assert_false (set_one (f, "1.2b", "due_date", "2023-10-31", NULL, &error));
  g_assert_error (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_REASON_REQUIRED);
  g_assert_nonnull (strstr (error->message, "2023-07-31"));
  g_assert_nonnull (strstr (error->message, "2023-10-31"));
  g_assert_nonnull (strstr (error->message, "1.2b"));
  g_clear_error (&error);
  g_assert_false (set_one (f, "1.2b", "due_date", "2023-10-31", "  ", &error));
  g_assert_error (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  after = snapshot (f->store);
  g_assert_cmpstr (before, ==, after);
  /* other fields need none */
  g_assert_true (set_one (f, "1.2b", "impact", "Fewer complaints", NULL, &error));
  g_assert_no_error (error);

  g_assert_true (set_one (f, "1.2b", "due_date", "2023-10-31", "Template sign-off moved to the "
                          "October board", &error));
  g_assert_no_error (error);
  now = action (f, "1.2b");
  g_assert_cmpstr (wm_record_get (now, "due_date"), ==, "2023-10-31");
  g_assert_cmpstr (wm_record_get (now, "baseline_due"), ==, "2023-07-31");
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM date_change WHERE tbl = 'action' "
                              "AND row_id = ? AND field = 'due_date' AND old_value = '2023-07-31' "
                              "AND new_value = '2023-10-31' AND author = 'Test Author' AND reason "
                              "= 'Template sign-off moved to the October board' AND changed_at "
                              "IS NOT NULL", id), ==, 1);

  /* undo takes the move and its log entry back */
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = action (f, "1.2b");
  g_assert_cmpstr (wm_record_get (now, "due_date"), ==, "2023-07-31");
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM date_change WHERE row_id = ?", id),
                   ==, 0);

  /* a stage moved after the baseline needs one too */
  {
    g_autoptr(WmRecord) s = stage (f, "1.2a", "Develop set of exemplars and guidance for needs "
                                              "assessment advice");
    g_assert_false (wm_plan_edit_set_stage_dates (f->store, f->history, wm_record_get_id (s),
                                                  "2023-06-01", "2023-08-31", NULL, "DCO",
                                                  &error));
    g_assert_error (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_REASON_REQUIRED);
    g_clear_error (&error);
    g_assert_true (wm_plan_edit_set_stage_dates (f->store, f->history, wm_record_get_id (s),
                                                 "2023-06-01", "2023-08-31", "Started early",
                                                 "DCO", &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM date_change WHERE tbl = 'stage' "
                                "AND row_id = ? AND reason = 'Started early'",
                                wm_record_get_id (s)), ==, 2);
  }

  /* undoing the baseline unsets it */
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_clear_object (&plan);
  plan = wm_store_get_plan (f->store, &error);
  g_assert_null (wm_record_get (plan, "baseline_at"));
  g_clear_object (&now);
  now = action (f, "1.2b");
  g_assert_null (wm_record_get (now, "baseline_due"));
  g_assert_cmpstr (wm_record_get (now, "impact"), ==, impact);
}

/* ---------- stages ---------- */

static void
test_stage (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) s = stage (f, "1.2a", "Develop set of exemplars and guidance for needs "
                                            "assessment advice");
  g_autoptr(WmRecord) last = stage (f, "1.2a", "sustain");
  g_autoptr(WmRecord) now = NULL;
  g_autofree char *before = snapshot (f->store);
  g_autofree char *after = NULL;
  const char *id = wm_record_get_id (s);

  /* past the action's due date (2023-09-30) */
  g_assert_false (wm_plan_edit_set_stage_dates (f->store, f->history, id, "2023-08-01",
                                                "2023-10-31", NULL, "DCO", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Stage “Develop set of exemplars and guidance for needs "
                   "assessment advice” would end on 2023-10-31, after its action 1.2a is due on "
                   "2023-09-30.");
  g_clear_error (&error);
  /* before the action's start (2023-04-01) */
  g_assert_false (wm_plan_edit_set_stage_dates (f->store, f->history, id, "2023-03-01",
                                                "2023-05-31", NULL, "DCO", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2023-03-01"));
  g_assert_nonnull (strstr (error->message, "2023-04-01"));
  g_clear_error (&error);
  /* ending before it starts */
  g_assert_false (wm_plan_edit_set_stage_dates (f->store, f->history, id, "2023-08-01",
                                                "2023-07-01", NULL, "DCO", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* a stage needs real dates to be drawn */
  g_assert_false (wm_plan_edit_set_stage_dates (f->store, f->history, id, "TBC", "2023-07-01",
                                                NULL, "DCO", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "TBC"));
  g_clear_error (&error);
  /* the plan draws "sustain" past the due date: it may not go further out */
  g_assert_false (wm_plan_edit_set_stage_dates (f->store, f->history, wm_record_get_id (last),
                                                "2024-01-01", "2024-12-31", NULL, "DCO", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  after = snapshot (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (wm_history_can_undo (f->history));

  /* within the action: moved, logged, undoable */
  g_assert_true (wm_plan_edit_set_stage_dates (f->store, f->history, id, "2023-06-01",
                                               "2023-08-31", NULL, "DCO", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==,
                   "Move Stage “Develop set of exemplars and guidance for needs assessment advice”");
  now = wm_store_get (f->store, "stage", id, &error);
  g_assert_cmpstr (wm_record_get (now, "start_date"), ==, "2023-06-01");
  g_assert_cmpstr (wm_record_get (now, "end_date"), ==, "2023-08-31");
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM date_change WHERE tbl = 'stage' "
                              "AND row_id = ? AND author = 'DCO'", id), ==, 2);

  /* resizing: only the end */
  g_assert_true (wm_plan_edit_set_stage_dates (f->store, f->history, id, NULL, "2023-09-15", NULL,
                                               "DCO", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==,
                   "Resize Stage “Develop set of exemplars and guidance for needs assessment "
                   "advice”");

  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = wm_store_get (f->store, "stage", id, &error);
  g_assert_cmpstr (wm_record_get (now, "start_date"), ==, "2023-07-01");
  g_assert_cmpstr (wm_record_get (now, "end_date"), ==, "2023-09-30");
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM date_change WHERE row_id = ?", id),
                   ==, 0);
}

/* ---------- dependencies ---------- */

static void
test_dependencies (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) a = action (f, "1.1");
  g_autoptr(WmRecord) b = action (f, "2.1");
  g_autoptr(WmRecord) c = action (f, "3.1");
  g_autofree char *ab = NULL;
  g_autofree char *bc = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *ia = wm_record_get_id (a), *ib = wm_record_get_id (b), *ic = wm_record_get_id (c);

  ab = wm_plan_edit_add_dependency (f->store, f->history, ia, ib, "fs", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ab);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Add Dependency 1.1 → 2.1");
  bc = wm_plan_edit_add_dependency (f->store, f->history, ib, ic, "SS", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM dependency WHERE kind = 'SS' AND "
                              "lag_days = 5 AND id = ?", bc), ==, 1);

  before = snapshot (f->store);
  /* 2.1 → 1.1 closes the loop 1.1 → 2.1 */
  refused = wm_plan_edit_add_dependency (f->store, f->history, ib, ia, "FS", 0, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2.1 → 1.1 → 2.1"));
  g_clear_error (&error);
  /* a longer loop is named along its length */
  refused = wm_plan_edit_add_dependency (f->store, f->history, ic, ia, "FS", 0, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "3.1 → 1.1 → 2.1 → 3.1"));
  g_clear_error (&error);
  /* on itself */
  refused = wm_plan_edit_add_dependency (f->store, f->history, ia, ia, "FS", 0, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1.1 → 1.1"));
  g_clear_error (&error);
  /* twice; an unknown kind */
  refused = wm_plan_edit_add_dependency (f->store, f->history, ia, ib, "FS", 0, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  refused = wm_plan_edit_add_dependency (f->store, f->history, ia, ic, "XX", 0, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "XX"));
  g_clear_error (&error);
  after = snapshot (f->store);
  g_assert_cmpstr (before, ==, after);

  /* removing the middle link, then undoing that, brings the link back */
  g_assert_true (wm_plan_edit_remove_dependency (f->store, f->history, ab, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Remove Dependency 1.1 → 2.1");
  g_assert_cmpint (wm_store_count (f->store, "dependency", NULL), ==, 1);
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM dependency WHERE from_action_id = ? "
                              "AND kind = 'FS'", ia), ==, 1);
  /* … and the loop is refused again */
  refused = wm_plan_edit_add_dependency (f->store, f->history, ib, ia, "FS", 0, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
}

/* ---------- evidence ---------- */

static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) a = action (f, "1.2a");
  g_autofree char *id = NULL;
  g_autofree char *refused = NULL;
  const char *sql = "SELECT count(*) FROM evidence WHERE action_id = ? AND title = 'Working "
                    "group minutes' AND location = 'SharePoint/SEND/1.2a' AND date = "
                    "'2023-06-14' AND milestone_id IS NULL";
  const char *owner = wm_record_get_id (a);

  /* exactly one owner; a title; a date that is one */
  refused = wm_plan_edit_add_evidence (f->store, f->history, NULL, NULL, "x", NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  refused = wm_plan_edit_add_evidence (f->store, f->history, owner, NULL, " ", NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  refused = wm_plan_edit_add_evidence (f->store, f->history, owner, NULL, "Minutes", NULL,
                                       "soon", &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "soon"));
  g_clear_error (&error);
  g_assert_cmpint (wm_store_count (f->store, "evidence", NULL), ==, 0);
  g_assert_false (wm_history_can_undo (f->history));

  id = wm_plan_edit_add_evidence (f->store, f->history, owner, NULL, "Working group minutes",
                                  "SharePoint/SEND/1.2a", "14/06/2023", &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_cmpint (count_sql (f->store, sql, owner), ==, 1);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==,
                   "Add Evidence “Working group minutes”");

  /* undo deletes it, as a tracked delete (a tombstone other laptops get) */
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count (f->store, "evidence", NULL), ==, 0);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM clock WHERE tbl = 'evidence' AND "
                              "col = '__deleted' AND pk = ?", id), ==, 1);

  /* redo brings it back with every value; a deleted id stays deleted for
   * sync, so the row comes back under a new one, with no tombstone */
  g_assert_true (wm_history_redo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f->store, sql, owner), ==, 1);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM clock c JOIN evidence e ON e.id = "
                              "c.pk WHERE c.tbl = 'evidence' AND c.col = '__deleted'", NULL), ==, 0);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM clock c JOIN evidence e ON e.id = "
                              "c.pk WHERE c.tbl = 'evidence' AND c.col = 'title'", NULL), ==, 1);

  /* undo and redo again follow the row to its new id */
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count (f->store, "evidence", NULL), ==, 0);
  g_assert_true (wm_history_redo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f->store, sql, owner), ==, 1);

  /* removing, and undoing the removal */
  {
    g_autoptr(GPtrArray) rows = wm_store_list (f->store, "evidence", NULL, NULL, &error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_true (wm_plan_edit_remove_evidence (f->store, f->history,
                                                 wm_record_get_id (rows->pdata[0]), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==,
                   "Remove Evidence “Working group minutes”");
  g_assert_cmpint (wm_store_count (f->store, "evidence", NULL), ==, 0);
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f->store, sql, owner), ==, 1);
  g_assert_true (wm_history_redo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count (f->store, "evidence", NULL), ==, 0);

  /* evidence for a milestone */
  {
    g_autoptr(GPtrArray) milestones = wm_store_list (f->store, "milestone", "action_id", owner,
                                                     &error);
    g_autofree char *mid = NULL;

    g_assert_cmpuint (milestones->len, >, 0);
    mid = wm_plan_edit_add_evidence (f->store, NULL, NULL, wm_record_get_id (milestones->pdata[0]),
                                     "Exemplar pack", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM evidence WHERE milestone_id IS "
                                "NOT NULL AND action_id IS NULL AND id = ?", mid), ==, 1);
  }
}

/* ---------- sign-off ---------- */

static void
test_sign_off (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) a = action (f, "1.1");
  g_autoptr(WmRecord) now = NULL;
  g_autoptr(GPtrArray) milestones = NULL;
  g_autofree char *mid = NULL;
  const char *id = wm_record_get_id (a);

  g_assert_true (wm_plan_edit_sign_off (f->store, f->history, "action", id, "SEND and Inclusion "
                                        "Board", "6th February 2024", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Sign Off 1.1");
  now = action (f, "1.1");
  g_assert_cmpstr (wm_record_get (now, "signed_off_by"), ==, "SEND and Inclusion Board");
  g_assert_cmpstr (wm_record_get (now, "signed_off_at"), ==, "2024-02-06");

  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = action (f, "1.1");
  g_assert_null (wm_record_get (now, "signed_off_by"));
  g_assert_null (wm_record_get (now, "signed_off_at"));

  /* a milestone, today by default; clearing */
  milestones = wm_store_list (f->store, "milestone", NULL, NULL, &error);
  g_assert_true (wm_plan_edit_sign_off (f->store, f->history, "milestone",
                                        wm_record_get_id (milestones->pdata[0]), "DCO", NULL,
                                        &error));
  g_assert_no_error (error);
  mid = g_strdup (wm_record_get_nonnull (milestones->pdata[0], "id"));
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM milestone WHERE signed_off_by = "
                              "'DCO' AND signed_off_at = date('now') AND id = ?", mid), ==, 1);
  g_assert_true (wm_plan_edit_sign_off (f->store, f->history, "milestone", mid, NULL, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM milestone WHERE signed_off_by IS "
                              "NULL AND signed_off_at IS NULL AND id = ?", mid), ==, 1);

  /* only actions and milestones; a date that is one */
  g_assert_false (wm_plan_edit_sign_off (f->store, f->history, "risk", id, "x", NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wm_plan_edit_sign_off (f->store, f->history, "action", id, "x", "someday",
                                         &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "someday"));
  g_clear_error (&error);
}

/* ---------- several steps ---------- */

static void
test_undo_order (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) original = action (f, "2.1");
  g_autoptr(WmRecord) now = NULL;
  g_autofree char *before = snapshot (f->store);
  g_autofree char *after = NULL;
  const char *id = wm_record_get_id (original);
  const char *columns[] = { "title", "leads", NULL };
  const char *values[] = { "Two at once", "Someone new", NULL };

  g_assert_true (set_one (f, "2.1", "title", "First title", NULL, &error));
  g_assert_true (set_one (f, "2.1", "due_date", "2023-12-31", NULL, &error));
  g_assert_true (wm_plan_edit_set_rating (f->store, f->history, id, "R", "Behind", "DCO", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Change Rating of 2.1");

  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Change Due Date of 2.1");
  now = action (f, "2.1");
  g_assert_cmpstr (wm_record_get (now, "rating_id"), ==, wm_record_get (original, "rating_id"));
  g_assert_cmpstr (wm_record_get (now, "due_date"), ==, "2023-12-31");
  g_assert_cmpstr (wm_record_get (now, "title"), ==, "First title");

  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Change Title of 2.1");
  g_clear_object (&now);
  now = action (f, "2.1");
  g_assert_cmpstr (wm_record_get (now, "due_date"), ==, wm_record_get (original, "due_date"));
  g_assert_cmpstr (wm_record_get (now, "title"), ==, "First title");

  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_assert_false (wm_history_can_undo (f->history));
  g_assert_cmpstr (wm_history_get_redo_label (f->history), ==, "Change Title of 2.1");
  g_clear_object (&now);
  now = action (f, "2.1");
  g_assert_cmpstr (wm_record_get (now, "title"), ==, wm_record_get (original, "title"));

  /* all undone: the plan reads as before (the clock has moved on: undo is
   * an edit that syncs) */
  after = snapshot (f->store);
  *strstr (before, "clock=") = '\0';
  *strstr (after, "clock=") = '\0';
  g_assert_cmpstr (before, ==, after);

  /* redo one, then a new step: nothing left to redo */
  g_assert_true (wm_history_redo (f->history, &error));
  g_assert_no_error (error);
  g_assert_true (wm_history_can_redo (f->history));
  g_assert_true (wm_plan_edit_set_action (f->store, f->history, id, columns, values, NULL, "DCO",
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Edit Action 2.1");
  g_assert_false (wm_history_can_redo (f->history));
  g_assert_null (wm_history_get_redo_label (f->history));
  g_assert_false (wm_history_redo (f->history, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a save that changes nothing is no step */
  g_assert_true (wm_plan_edit_set_action (f->store, f->history, id, columns, values, NULL, "DCO",
                                          &error));
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Change Title of 2.1");
}

/* Steps opened inside a step join it: one undo takes the whole save back. */
static void
test_grouped_steps (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) original = action (f, "3.1");
  g_autoptr(WmRecord) now = NULL;
  const char *id = wm_record_get_id (original);

  g_assert_true (wm_store_begin (f->store, &error));
  wm_history_begin_step (f->history, "Save Action 3.1");
  g_assert_true (set_one (f, "3.1", "title", "Grouped", NULL, &error));
  g_assert_true (wm_plan_edit_set_rating (f->store, f->history, id, "B", "Done", "DCO", &error));
  /* a refused inner edit leaves the others */
  g_assert_false (set_one (f, "3.1", "due_date", "2020-01-01", NULL, &error));
  g_clear_error (&error);
  g_assert_true (wm_store_commit (f->store, &error));
  wm_history_end_step (f->history);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==, "Save Action 3.1");

  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_assert_false (wm_history_can_undo (f->history));
  now = action (f, "3.1");
  g_assert_cmpstr (wm_record_get (now, "title"), ==, wm_record_get (original, "title"));
  g_assert_cmpstr (wm_record_get (now, "rating_id"), ==, wm_record_get (original, "rating_id"));
}

/* An undo refused (the plan is open for review) writes nothing and can
 * be tried again. */
static void
test_undo_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) now = NULL;

  g_assert_true (set_one (f, "1.3a", "title", "Reviewed", NULL, &error));
  wm_store_set_review_mode (f->store, TRUE);
  g_assert_false (wm_history_undo (f->history, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "Change Title of 1.3a"));
  g_clear_error (&error);
  g_assert_true (wm_history_can_undo (f->history));
  now = action (f, "1.3a");
  g_assert_cmpstr (wm_record_get (now, "title"), ==, "Reviewed");

  wm_store_set_review_mode (f->store, FALSE);
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
}

/* Review mode is said first: nobody is asked why a date moved, or for a
 * progress note, only to be refused afterwards. */
static void
test_review_mode_first (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) s = stage (f, "1.2a", "sustain");
  g_autoptr(WmRecord) a = action (f, "1.2a");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (wm_plan_edit_set_baseline (f->store, f->history, "Board", &error));
  g_assert_no_error (error);
  before = snapshot (f->store);
  wm_store_set_review_mode (f->store, TRUE);
  g_assert_false (wm_plan_edit_set_stage_dates (f->store, f->history, wm_record_get_id (s),
                                                "2023-10-02", "2024-03-31", NULL, "DCO", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (set_one (f, "1.2a", "due_date", "2023-12-31", NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wm_plan_edit_set_rating (f->store, f->history, wm_record_get_id (a), "R",
                                           NULL, "DCO", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  wm_store_set_review_mode (f->store, FALSE);
  after = snapshot (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* A milestone removed with its evidence comes back with it, linked. */
static void
test_remove_milestone (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) a = action (f, "1.2b");
  g_autoptr(GPtrArray) milestones = wm_store_list (f->store, "milestone", "action_id",
                                                   wm_record_get_id (a), &error);
  g_autoptr(WmRecord) ms = NULL;
  g_autoptr(WmRecord) s = stage (f, "1.2b", "Embed into daily operations");
  g_autofree char *evidence = NULL;
  g_autofree char *title = NULL;
  gint64 n_milestones = wm_store_count (f->store, "milestone", NULL);
  gint64 n_stages = wm_store_count (f->store, "stage", NULL);

  g_assert_cmpuint (milestones->len, >, 0);
  ms = g_object_ref (milestones->pdata[0]);
  title = g_strdup (wm_record_get (ms, "title"));
  evidence = wm_plan_edit_add_evidence (f->store, f->history, NULL, wm_record_get_id (ms),
                                        "Template sign-off minutes", NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (wm_plan_edit_remove (f->store, f->history, "milestone", wm_record_get_id (ms),
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count (f->store, "milestone", NULL), ==, n_milestones - 1);
  g_assert_cmpint (wm_store_count (f->store, "evidence", NULL), ==, 0);

  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count (f->store, "milestone", NULL), ==, n_milestones);
  /* back under a new id (sync keeps deletions), the evidence pointing at it */
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM evidence e JOIN milestone m ON "
                              "m.id = e.milestone_id WHERE e.title = 'Template sign-off minutes' "
                              "AND m.title = ?", title), ==, 1);
  g_assert_true (wm_history_redo (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count (f->store, "milestone", NULL), ==, n_milestones - 1);
  g_assert_cmpint (wm_store_count (f->store, "evidence", NULL), ==, 0);

  /* a stage; anything else is refused */
  g_assert_true (wm_plan_edit_remove (f->store, f->history, "stage", wm_record_get_id (s), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_history_get_undo_label (f->history), ==,
                   "Remove Stage “Embed into daily operations”");
  g_assert_cmpint (wm_store_count (f->store, "stage", NULL), ==, n_stages - 1);
  g_assert_true (wm_history_undo (f->history, &error));
  g_assert_cmpint (wm_store_count (f->store, "stage", NULL), ==, n_stages);
  g_assert_false (wm_plan_edit_remove (f->store, f->history, "action", wm_record_get_id (a),
                                       &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
}

/* Undo and redo reach other laptops: an undone insert is a delete they
 * receive, and a redone one comes back there too, not blocked by the
 * tombstone the undo left. */
static void
test_undo_syncs (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = test_dir_new ();
  Site *a = site_new_sample (dir, "a.waymark");
  g_autofree char *full = site_export (a, dir, NULL);
  Site *b = site_join (dir, "b.waymark", full);
  WmHistory *history = wm_history_get_for_store (a->store);
  g_autoptr(WmRecord) owner = wm_store_find_action (a->store, "1.3b", &error);
  const char *count_sql_text = "SELECT count(*) FROM evidence WHERE title = 'Training register'";
  g_autofree char *id = NULL;
  g_autofree char *hash_a = NULL;
  g_autofree char *hash_b = NULL;
  g_autofree char *original_rating = NULL;

  g_assert_no_error (error);
  original_rating = site_query_text (a, "SELECT r.code FROM action a JOIN rating r ON r.id = "
                                        "a.rating_id WHERE a.code = '1.3b'");
  g_assert_cmpstr (original_rating, !=, "B");
  id = wm_plan_edit_add_evidence (a->store, history, wm_record_get_id (owner), NULL,
                                  "Training register", NULL, "2023-11-01", &error);
  g_assert_no_error (error);
  g_assert_true (wm_plan_edit_set_rating (a->store, history, wm_record_get_id (owner), "B",
                                          "Programme delivered", "DCO", &error));
  g_assert_no_error (error);

  for (int round = 0; round < 4; round++)
    {
      g_autofree char *bundle = NULL;
      g_autoptr(WmSyncReport) report = NULL;
      g_autofree char *rating = NULL;

      /* round 0: both steps done; 1: both undone; 2: both redone; 3: one undone */
      if (round == 1)
        {
          g_assert_true (wm_history_undo (history, &error));
          g_assert_true (wm_history_undo (history, &error));
        }
      else if (round == 2)
        {
          g_assert_true (wm_history_redo (history, &error));
          g_assert_true (wm_history_redo (history, &error));
        }
      else if (round == 3)
        g_assert_true (wm_history_undo (history, &error));
      g_assert_no_error (error);

      bundle = site_export (a, dir, NULL);
      report = site_import (b, bundle);
      g_assert_cmpint (site_query (b, count_sql_text), ==, round == 1 ? 0 : 1);
      g_assert_cmpint (site_query (a, count_sql_text), ==, round == 1 ? 0 : 1);
      rating = site_query_text (b, "SELECT r.code FROM action a JOIN rating r ON r.id = "
                                   "a.rating_id WHERE a.code = '1.3b'");
      g_assert_cmpstr (rating, ==, round == 0 || round == 2 ? "B" : original_rating);
      g_clear_pointer (&hash_a, g_free);
      g_clear_pointer (&hash_b, g_free);
      hash_a = site_hash (a);
      hash_b = site_hash (b);
      g_assert_cmpstr (hash_a, ==, hash_b);
    }
  g_assert_cmpint (site_query (b, "SELECT count(*) FROM conflict"), ==, 0);

  site_free (a);
  site_free (b);
  remove_tree (dir);
  g_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/plan-edit/history-fresh", test_history_fresh);
  ADD ("/plan-edit/rating", test_rating);
  ADD ("/plan-edit/due-before-start", test_due_before_start);
  ADD ("/plan-edit/free-text-due", test_free_text_due);
  ADD ("/plan-edit/baseline-reason", test_baseline_reason);
  ADD ("/plan-edit/stage", test_stage);
  ADD ("/plan-edit/dependencies", test_dependencies);
  ADD ("/plan-edit/evidence", test_evidence);
  ADD ("/plan-edit/sign-off", test_sign_off);
  ADD ("/plan-edit/undo-order", test_undo_order);
  ADD ("/plan-edit/grouped-steps", test_grouped_steps);
  ADD ("/plan-edit/undo-refused", test_undo_refused);
  ADD ("/plan-edit/remove-milestone", test_remove_milestone);
  ADD ("/plan-edit/review-mode-first", test_review_mode_first);
#undef ADD
  g_test_add_func ("/plan-edit/undo-syncs", test_undo_syncs);

  return g_test_run ();
}
