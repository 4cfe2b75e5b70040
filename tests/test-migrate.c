#include <sqlite3.h>

#include "test-helpers.h"
#include "wm-store.h"
#include "wm-store-private.h"

static gint64
query (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Every migration, applied to an empty file, gives a database whose
 * synced tables all carry the change-tracking triggers. */
static void
test_from_empty (void)
{
  g_autofree char *dir = test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "plan.waymark", NULL);
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  sqlite3 *db;
  gint64 tables;

  g_assert_no_error (error);
  db = wm_store_get_db (store);
  g_assert_cmpint (query (db, "PRAGMA user_version"), ==, wm_store_latest_schema_version ());
  tables = query (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT IN "
                      "('meta', 'clock_state', 'clock', 'peer', 'conflict')");
  g_assert_cmpint (tables, >=, 24);
  /* insert, update, delete and key-guard triggers for each */
  g_assert_cmpint (query (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                              "AND name LIKE 'wm_track_%'"), ==, 4 * tables);
  g_assert_cmpint (query (db, "SELECT count(*) FROM pragma_integrity_check "
                              "WHERE integrity_check = 'ok'"), ==, 1);
  g_assert_finalize_object (store);
  test_dir_free (g_steal_pointer (&dir));
}

/* A database left at each earlier version opens, keeps its rows, and the
 * tables added since are tracked. */
static void
test_from_previous (void)
{
  for (int from = 1; from < wm_store_latest_schema_version (); from++)
    {
      g_autofree char *dir = test_dir_new ();
      g_autofree char *path = g_build_filename (dir, "plan.waymark", NULL);
      g_autoptr(GError) error = NULL;
      sqlite3 *db = NULL;
      WmStore *store;
      g_autoptr(WmRecord) action = NULL;
      g_autofree char *kpi = NULL;

      g_test_message ("migrating from version %d", from);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_true (wm_store_migrate_db (db, from, &error));
      g_assert_no_error (error);
      g_assert_cmpint (query (db, "PRAGMA user_version"), ==, from);
      g_assert_cmpint (sqlite3_exec (db, "INSERT INTO action (id, code, title) "
                                         "VALUES ('a1', '1.1', 'Reform the process')",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);

      store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (wm_store_get_schema_version (store), ==,
                       wm_store_latest_schema_version ());
      action = wm_store_find_action (store, "1.1", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (wm_record_get (action, "title"), ==, "Reform the process");

      kpi = wm_store_insert (store, "kpi", &error, "code", "K1", "name", "20-week timeliness",
                             NULL);
      g_assert_no_error (error);
      g_assert_cmpint (query (wm_store_get_db (store),
                              "SELECT count(*) FROM clock WHERE tbl = 'kpi'"), >, 0);
      g_assert_finalize_object (store);
      test_dir_free (g_steal_pointer (&dir));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migrate/from-empty", test_from_empty);
  g_test_add_func ("/migrate/from-previous", test_from_previous);
  return g_test_run ();
}
