#define G_LOG_DOMAIN "wm-tracking"

#include "wm-tracking.h"
#include "wm-error.h"
#include "wm-schema-sql.h"

gboolean
wm_tracking_is_local_table (const char *table)
{
  if (g_str_has_prefix (table, "sqlite_"))
    return TRUE;
  return g_strv_contains (wm_local_tables, table);
}

/* Synced tables, in creation order: parents before children, which is the
 * order a merge applies them in. */
GPtrArray *
wm_tracking_synced_tables (sqlite3 *db)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid",
                      -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      if (!wm_tracking_is_local_table (name))
        g_ptr_array_add (tables, g_strdup (name));
    }
  sqlite3_finalize (stmt);
  return tables;
}

static GPtrArray *
table_columns (sqlite3    *db,
               const char *table)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info('%s')", table);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      if (!g_str_equal (name, "id"))
        g_ptr_array_add (columns, g_strdup (name));
    }
  sqlite3_finalize (stmt);
  return columns;
}

#define TRACK_WHEN "WHEN (SELECT applying FROM clock_state) = 0 "
static void
append_triggers (GString    *sql,
                 const char *table,
                 GPtrArray  *columns,
                 gboolean    with_time)
{
  /* Since schema version 3 a cell also records when it was written, so
   * that a conflict can say when each side wrote its value.  Earlier
   * migrations run before clock.at exists, and their triggers must not
   * name it. */
  const char *at_column = with_time ? ", at" : "";
  const char *at_value = with_time ? ", unixepoch()" : "";

  /* Names come from sqlite_schema and our own migrations, never from a
   * user or a bundle, so they are safe to splice into SQL. */
  g_string_append_printf (sql,
                          "CREATE TRIGGER wm_track_%s_insert AFTER INSERT ON %s " TRACK_WHEN
                          "BEGIN "
                          "INSERT OR REPLACE INTO clock (tbl, pk, col, version, site, db_version%s) "
                          "SELECT '%s', NEW.id, c.col, s.pending, "
                          "(SELECT value FROM meta WHERE key = 'site_id'), s.pending%s "
                          "FROM clock_state s, (",
                          table, table, at_column, table, at_value);
  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (sql, "%sSELECT '%s' AS col", i ? " UNION ALL " : "",
                            (char *) g_ptr_array_index (columns, i));
  g_string_append (sql, ") c; END;\n");

  g_string_append_printf (sql, "CREATE TRIGGER wm_track_%s_update AFTER UPDATE ON %s " TRACK_WHEN
                               "BEGIN ",
                          table, table);
  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);
      g_string_append_printf (sql,
                              "INSERT OR REPLACE INTO clock (tbl, pk, col, version, site, "
                              "db_version%s) "
                              "SELECT '%s', NEW.id, '%s', s.pending, "
                              "(SELECT value FROM meta WHERE key = 'site_id'), s.pending%s "
                              "FROM clock_state s WHERE NEW.\"%s\" IS NOT OLD.\"%s\"; ",
                              at_column, table, column, at_value, column, column);
    }
  g_string_append (sql, "END;\n");

  /* Keys are UUIDs that other laptops refer to: changing one would fork
   * the row, so it is refused outright. */
  g_string_append_printf (sql,
                          "CREATE TRIGGER wm_track_%s_key BEFORE UPDATE OF id ON %s "
                          "WHEN NEW.id IS NOT OLD.id BEGIN "
                          "SELECT RAISE(ABORT, 'the id of a %s row cannot change'); END;\n",
                          table, table, table);

  g_string_append_printf (sql,
                          "CREATE TRIGGER wm_track_%s_delete AFTER DELETE ON %s " TRACK_WHEN
                          "BEGIN "
                          "DELETE FROM clock WHERE tbl = '%s' AND pk = OLD.id; "
                          "INSERT INTO clock (tbl, pk, col, version, site, db_version%s) "
                          "SELECT '%s', OLD.id, '" WM_TOMBSTONE_COLUMN "', s.pending, "
                          "(SELECT value FROM meta WHERE key = 'site_id'), s.pending%s "
                          "FROM clock_state s; END;\n",
                          table, table, table, at_column, table, at_value);
}

gboolean
wm_tracking_install (sqlite3  *db,
                     GError  **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = wm_tracking_synced_tables (db);
  sqlite3_stmt *stmt = NULL;
  char *message = NULL;
  gboolean with_time = FALSE;

  sqlite3_prepare_v2 (db, "SELECT 1 FROM pragma_table_info('clock') WHERE name = 'at'",
                      -1, &stmt, NULL);
  with_time = stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  stmt = NULL;

  sqlite3_prepare_v2 (db,
                      "SELECT name FROM sqlite_schema WHERE type = 'trigger' "
                      "AND name LIKE 'wm\\_track\\_%' ESCAPE '\\'",
                      -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (sql, "DROP TRIGGER \"%s\";\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autoptr(GPtrArray) columns = table_columns (db, table);
      append_triggers (sql, table, columns, with_time);
    }

  if (sqlite3_exec (db, sql->str, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                   "Could not set up change tracking: %s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}
