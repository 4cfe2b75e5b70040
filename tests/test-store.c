#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-helpers.h"
#include "wm-error.h"
#include "wm-store.h"
#include "wm-store-private.h"

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
  char    *plan_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_dir_new ();
  f->path = g_build_filename (f->dir, "plan.waymark", NULL);
  f->store = wm_store_open (f->path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->plan_id = wm_store_create_plan (f->store, "Testshire", "Test plan", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  g_free (f->plan_id);
  g_free (f->path);
  test_dir_free (f->dir);
}

static gint64
count_sql (WmStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (wm_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_create_mode_and_site (Fixture       *f,
                           gconstpointer  data)
{
  struct stat st;
  const char *site = wm_store_get_site_id (f->store);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_nonnull (site);
  g_assert_true (g_uuid_string_is_valid (site));
  g_assert_cmpint (wm_store_get_schema_version (f->store), ==, wm_store_latest_schema_version ());
  g_assert_cmpint (count_sql (f->store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count_sql (f->store, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"),
                   ==, 1);
}

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *action = NULL;
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(GPtrArray) list = NULL;

  priority = wm_store_insert (f->store, "priority", &error, "plan_id", f->plan_id, "code", "1",
                              "title", "Quality of EHC plans", NULL);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (priority));

  action = wm_store_insert (f->store, "action", &error, "plan_id", f->plan_id,
                            "priority_id", priority, "code", "1.1", "title", "Reform the process",
                            "due_date", "2023-09-30", NULL);
  g_assert_no_error (error);

  record = wm_store_find_action (f->store, "1.1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get (record, "title"), ==, "Reform the process");
  g_assert_cmpstr (wm_record_get (record, "priority_id"), ==, priority);
  g_clear_object (&record);

  wm_store_update (f->store, "action", action, &error, "title", "Reform the EHC process", NULL);
  g_assert_no_error (error);
  record = wm_store_get (f->store, "action", action, &error);
  g_assert_cmpstr (wm_record_get (record, "title"), ==, "Reform the EHC process");

  wm_store_update (f->store, "action", "no-such-id", &error, "title", "x", NULL);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* unknown columns and tables are refused before any SQL is built */
  wm_store_update (f->store, "action", action, &error, "title\" = 'x'; --", "y", NULL);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (wm_store_list (f->store, "sqlite_schema", NULL, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* deleting the priority deletes its actions, as tracked writes */
  wm_store_delete (f->store, "priority", priority, &error);
  g_assert_no_error (error);
  list = wm_store_list (f->store, "action", NULL, NULL, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM clock WHERE col = '__deleted'"),
                   ==, 2);
}

static void
test_tracking (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *risk = NULL;
  gint64 before, after;

  before = count_sql (f->store, "SELECT db_version FROM clock_state");
  risk = wm_store_insert (f->store, "risk", &error, "plan_id", f->plan_id, "ref", "RR1",
                          "description", "Lack of capacity", NULL);
  g_assert_no_error (error);
  after = count_sql (f->store, "SELECT db_version FROM clock_state");
  g_assert_cmpint (after, ==, before + 1);

  /* every column of the new row has a cell version, with our site */
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM clock WHERE tbl = 'risk'"), ==,
                   count_sql (f->store, "SELECT count(*) - 1 FROM pragma_table_info('risk')"));
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM clock WHERE tbl = 'risk' AND site "
                                        "<> (SELECT value FROM meta WHERE key = 'site_id')"),
                   ==, 0);

  /* an update bumps only the cell that changed */
  wm_store_update (f->store, "risk", risk, &error, "owner", "Head of SEND", "ref", "RR1", NULL);
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (f->store, "SELECT count(*) FROM clock WHERE tbl = 'risk' "
                                        "AND db_version = (SELECT db_version FROM clock_state)"),
                   ==, 1);

  /* a transaction that writes nothing leaves the clock alone */
  before = count_sql (f->store, "SELECT db_version FROM clock_state");
  g_assert_true (wm_store_begin (f->store, &error));
  g_assert_true (wm_store_commit (f->store, &error));
  g_assert_cmpint (count_sql (f->store, "SELECT db_version FROM clock_state"), ==, before);

  /* ids never change */
  g_assert_cmpint (sqlite3_exec (wm_store_get_db (f->store), "UPDATE risk SET id = 'x'", NULL,
                                 NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
}

static void
on_changed (WmStore    *store,
            const char *table,
            const char *id,
            gpointer    user_data)
{
  GPtrArray *seen = user_data;
  g_ptr_array_add (seen, g_strdup_printf ("%s/%s", table ? table : "*", id ? id : "*"));
}

static void
test_signals_after_commit (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *risk = NULL;

  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), seen);
  g_assert_true (wm_store_begin (f->store, &error));
  risk = wm_store_insert (f->store, "risk", &error, "ref", "RR1", NULL);
  g_assert_no_error (error);
  /* nothing is announced until the transaction commits */
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_true (wm_store_commit (f->store, &error));
  g_assert_cmpuint (seen->len, ==, 1);

  /* a rolled-back write is never announced */
  g_assert_true (wm_store_begin (f->store, &error));
  g_free (wm_store_insert (f->store, "risk", &error, "ref", "RR2", NULL));
  wm_store_rollback (f->store);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpint (wm_store_count (f->store, "risk", NULL), ==, 1);
  g_signal_handlers_disconnect_by_data (f->store, seen);
}

static void
test_external_change (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(WmStore) other = wm_store_open (f->path, WM_STORE_OPEN_DEFAULT, &error);
  g_autofree char *risk = NULL;

  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), seen);
  wm_store_check_external (f->store);
  g_assert_cmpuint (seen->len, ==, 0);

  risk = wm_store_insert (other, "risk", &error, "ref", "RR9", NULL);
  g_assert_no_error (error);
  wm_store_check_external (f->store);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "*/*");
  g_signal_handlers_disconnect_by_data (f->store, seen);
}

static void
test_rating_change (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *action = wm_store_insert (f->store, "action", &error, "code", "2.1", NULL);
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(WmRecord) red = NULL;
  g_autoptr(GPtrArray) updates = NULL;

  g_assert_true (wm_store_set_action_rating (f->store, action, "r", "Staff shortages", "DCO",
                                             &error));
  g_assert_no_error (error);
  red = wm_store_find_rating (f->store, "Red", &error);
  record = wm_store_get (f->store, "action", action, &error);
  g_assert_cmpstr (wm_record_get (record, "rating_id"), ==, wm_record_get_id (red));
  g_assert_cmpstr (wm_record_get (record, "progress"), ==, "Staff shortages");
  updates = wm_store_list (f->store, "status_update", "action_id", action, &error);
  g_assert_cmpuint (updates->len, ==, 1);
  g_assert_cmpstr (wm_record_get (updates->pdata[0], "note"), ==, "Staff shortages");
  g_assert_cmpstr (wm_record_get (updates->pdata[0], "author"), ==, "DCO");
  g_assert_null (wm_record_get (updates->pdata[0], "previous_rating_id"));

  /* an unknown rating names the ones that exist, and changes nothing */
  g_assert_false (wm_store_set_action_rating (f->store, action, "Purple", NULL, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Purple"));
  g_assert_nonnull (strstr (error->message, "A (Amber)"));
  g_clear_pointer (&updates, g_ptr_array_unref);
  updates = wm_store_list (f->store, "status_update", "action_id", action, NULL);
  g_assert_cmpuint (updates->len, ==, 1);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WmActionFilter filter = { 0 };
  g_autoptr(GPtrArray) list = NULL;

  g_free (wm_store_insert (f->store, "action", &error, "code", "1.1", "agency", "LA\nICB",
                           "leads", "Designated Clinical Officer (ICB)", "due_date", "2001-01-01",
                           NULL));
  g_free (wm_store_insert (f->store, "action", &error, "code", "1.2", "agency", "LA",
                           "title", "Training", "due_date", "2999-01-01", NULL));
  g_assert_no_error (error);

  filter.agency = "ICB";
  list = wm_store_list_actions (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (wm_record_get (list->pdata[0], "code"), ==, "1.1");
  g_clear_pointer (&list, g_ptr_array_unref);

  filter = (WmActionFilter) { .search = "train" };
  list = wm_store_list_actions (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (wm_record_get (list->pdata[0], "code"), ==, "1.2");
  g_clear_pointer (&list, g_ptr_array_unref);

  filter = (WmActionFilter) { .overdue_only = TRUE };
  list = wm_store_list_actions (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (wm_record_get (list->pdata[0], "code"), ==, "1.1");
  g_clear_pointer (&list, g_ptr_array_unref);

  filter = (WmActionFilter) { .lead = "clinical" };
  list = wm_store_list_actions (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* "Due within N weeks" includes what is already overdue (it is due,
   * and not done), and leaves out what falls later and what is done. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) soon = g_date_time_add_days (now, 10);
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 40);
    g_autofree char *soon_iso = g_date_time_format (soon, "%F");
    g_autofree char *later_iso = g_date_time_format (later, "%F");

    g_free (wm_store_insert (f->store, "action", &error, "code", "1.3", "due_date", soon_iso,
                             NULL));
    g_free (wm_store_insert (f->store, "action", &error, "code", "1.4", "due_date", later_iso,
                             NULL));
    g_free (wm_store_insert (f->store, "action", &error, "code", "1.5", "due_date", soon_iso,
                             "completed_date", soon_iso, NULL));
    g_assert_no_error (error);

    filter = (WmActionFilter) { .due_within_days = 28 };
    list = wm_store_list_actions (f->store, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 2);
    g_assert_cmpstr (wm_record_get (list->pdata[0], "code"), ==, "1.1");
    g_assert_cmpstr (wm_record_get (list->pdata[1], "code"), ==, "1.3");
  }
}

/* Review mode: a co-chair reading before a board cannot change anything,
 * through the store's API or behind its back, and gets a message that
 * says why; turning it off makes the plan editable again. */
static void
test_review_mode (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(WmRecord) plan = NULL;

  id = wm_store_insert (f->store, "action", &error, "code", "1.1", "title", "Before", NULL);
  g_assert_no_error (error);

  wm_store_set_review_mode (f->store, TRUE);
  g_assert_true (wm_store_get_review_mode (f->store));
  g_assert_false (wm_store_update (f->store, "action", id, &error, "title", "After", NULL));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "Review Mode"));
  g_clear_error (&error);
  g_assert_null (wm_store_insert (f->store, "action", &error, "code", "1.2", NULL));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wm_store_delete (f->store, "action", id, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  /* SQLite itself refuses a write that does not go through a transaction */
  g_assert_false (wm_store_exec (f->store, "UPDATE action SET title = 'Sneaky'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autoptr(WmRecord) action = wm_store_get (f->store, "action", id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (wm_record_get (action, "title"), ==, "Before");
  }
  g_assert_cmpint (wm_store_count (f->store, "action", NULL), ==, 1);

  wm_store_set_review_mode (f->store, FALSE);
  g_assert_true (wm_store_update (f->store, "action", id, &error, "title", "After", NULL));
  g_assert_no_error (error);
  again = wm_store_insert (f->store, "action", &error, "code", "1.2", NULL);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

/* ---- files that are not ours ---- */

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
}

static void
test_bad_files (void)
{
  g_autofree char *dir = test_dir_new ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *other = g_build_filename (dir, "other.sqlite", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.waymark", NULL);
  g_autofree char *digest = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  WmStore *store;

  g_assert_true (g_file_set_contents (text, "Board minutes, 6 March 2023\n", -1, NULL));
  digest = file_digest (text);
  store = wm_store_open (text, WM_STORE_OPEN_CREATE, &error);
  g_assert_null (store);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK);
  g_assert_nonnull (strstr (error->message, "notes.txt"));
  g_clear_error (&error);
  g_assert_cmpstr (file_digest (text), ==, digest);   /* left as it was */

  sqlite3_open (other, &db);
  sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL);
  sqlite3_close (db);
  g_clear_pointer (&digest, g_free);
  digest = file_digest (other);
  g_assert_null (wm_store_open (other, WM_STORE_OPEN_CREATE, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK);
  g_clear_error (&error);
  g_assert_cmpstr (file_digest (other), ==, digest);

  g_assert_null (wm_store_open (missing, WM_STORE_OPEN_DEFAULT, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  test_dir_free (g_steal_pointer (&dir));
}

static void
test_too_new_and_read_only (void)
{
  g_autofree char *dir = test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "plan.waymark", NULL);
  g_autofree char *digest = NULL;
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_finalize_object (store);

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL);
  sqlite3_close (db);
  digest = file_digest (path);
  g_assert_null (wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);
  g_assert_cmpstr (file_digest (path), ==, digest);

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA user_version = 2", NULL, NULL, NULL);
  sqlite3_close (db);
  g_chmod (path, 0400);
  if (access (path, W_OK) == 0)
    g_test_message ("running as root: the file stays writable, read-only check skipped");
  else
    {
      g_assert_null (wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error));
      g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
      g_clear_error (&error);
    }
  test_dir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/create", test_create_mode_and_site);
  ADD ("/store/crud", test_crud);
  ADD ("/store/tracking", test_tracking);
  ADD ("/store/signals", test_signals_after_commit);
  ADD ("/store/external-change", test_external_change);
  ADD ("/store/rating-change", test_rating_change);
  ADD ("/store/filters", test_filters);
  ADD ("/store/review-mode", test_review_mode);
#undef ADD
  g_test_add_func ("/store/bad-files", test_bad_files);
  g_test_add_func ("/store/too-new-read-only", test_too_new_and_read_only);

  return g_test_run ();
}
