#define G_LOG_DOMAIN "wm-store"

#include "config.h"

#include "wm-store.h"
#include "wm-store-private.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-record-private.h"
#include "wm-schema-sql.h"
#include "wm-tracking.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* How often the window looks for writes by another process (waymark-cli,
 * a second window): well inside the two seconds people notice. */
#define EXTERNAL_POLL_MS 500

struct _WmStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *site_id;
  GHashTable *statements;   /* SQL text → sqlite3_stmt, prepared once */
  GHashTable *columns;      /* table → GStrv of its columns */
  GArray     *queued;       /* (table, id) pairs to announce at commit */
  GHashTable *next_order;   /* table → next sort_order for appended rows */
  guint       depth;        /* transaction nesting: 0 = none */
  gint64      data_version;
  guint       poll_id;
  gboolean    review_mode;  /* every write refused: see wm_store_set_review_mode() */
};

typedef struct
{
  char *table;
  char *id;
} QueuedChange;

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WmStore, wm_store, G_TYPE_OBJECT)

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
queued_change_clear (gpointer data)
{
  QueuedChange *change = data;
  g_free (change->table);
  g_free (change->id);
}

static void
wm_store_dispose (GObject *object)
{
  WmStore *self = WM_STORE (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);

  G_OBJECT_CLASS (wm_store_parent_class)->dispose (object);
}

static void
wm_store_finalize (GObject *object)
{
  WmStore *self = WM_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->queued, g_array_unref);
  g_clear_pointer (&self->next_order, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->site_id);

  G_OBJECT_CLASS (wm_store_parent_class)->finalize (object);
}

static void
wm_store_class_init (WmStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wm_store_dispose;
  object_class->finalize = wm_store_finalize;

  /**
   * WmStore::changed:
   * @table: (nullable): the table that changed, or %NULL when another
   *   process changed the file and anything may have changed
   * @id: (nullable): the row, or %NULL for many rows
   *
   * Emitted after a transaction commits, once per changed row.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                   G_TYPE_STRING);
}

static void
wm_store_init (WmStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_strfreev);
  self->queued = g_array_new (FALSE, FALSE, sizeof (QueuedChange));
  g_array_set_clear_func (self->queued, queued_change_clear);
  self->next_order = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ---------- errors ---------- */

static void
set_error_for_db (sqlite3    *db,
                  const char *path,
                  GError    **error,
                  int         rc,
                  const char *doing)
{
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  g_autofree char *display = g_filename_display_name (path ? path : "");

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DISK_FULL,
                   "The disk holding “%s” is full: nothing was saved. Free some space and try "
                   "again.", display);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                   "“%s” cannot be changed (it is read-only): nothing was saved. Save a copy "
                   "somewhere you can write to.", display);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_BUSY,
                   "Another program is writing to “%s”: try again in a moment.", display);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK,
                   "“%s” is not a Waymark plan (it is not a database file).", display);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CORRUPT,
                   "“%s” is damaged and cannot be read safely. Open a backup copy.", display);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   "“%s” cannot be opened: %s", display, detail);
      break;
    default:
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED, "Could not %s in “%s”: %s",
                   doing ? doing : "read or write", display, detail);
      break;
    }
}

void
wm_store_set_sqlite_error (WmStore    *self,
                           GError    **error,
                           int         rc,
                           const char *doing)
{
  set_error_for_db (self->db, self->path, error, rc, doing);
}

/* ---------- statements ---------- */

sqlite3_stmt *
wm_store_prepare (WmStore    *self,
                  const char *sql,
                  GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      wm_store_set_sqlite_error (self, error, rc, "prepare a query");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
wm_store_exec (WmStore    *self,
               const char *sql,
               GError    **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      wm_store_set_sqlite_error (self, error, rc, "write");
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_done (WmStore      *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      wm_store_set_sqlite_error (self, error, rc, "write");
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
wm_store_get_db (WmStore *self)
{
  return self->db;
}

/* ---------- opening and migrating ---------- */

static gboolean
exec_db (sqlite3    *db,
         const char *sql,
         GError    **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, (rc & 0xff) == SQLITE_FULL ? WM_STORE_ERROR_DISK_FULL
                                                                       : WM_STORE_ERROR_FAILED,
                   "%s", message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static int
query_int (sqlite3    *db,
           const char *sql,
           int        *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int value = 0;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc_out)
    *rc_out = rc;
  return value;
}

/* Each migration runs in its own transaction with the change-tracking
 * triggers regenerated for the new schema, and bumps user_version: a crash
 * between two leaves a database at a known version. */
gboolean
wm_store_migrate_db (sqlite3  *db,
                     int       target_version,
                     GError  **error)
{
  int current = query_int (db, "PRAGMA user_version", NULL);

  g_return_val_if_fail (target_version <= WM_SCHEMA_VERSION, FALSE);

  for (int version = current + 1; version <= target_version; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version);

      if (!exec_db (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_db (db, wm_migrations[version - 1], error)
          || !wm_tracking_install (db, error)
          || !exec_db (db, bump, error))
        {
          g_prefix_error (error, "Could not upgrade the plan to version %d: ", version);
          exec_db (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (version == 1)
        {
          g_autofree char *site = g_uuid_string_random ();
          g_autofree char *meta = g_strdup_printf (
            "INSERT INTO meta (key, value) VALUES ('application', 'waymark'), "
            "('site_id', '%s'), ('created_at', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'))",
            site);
          if (!exec_db (db, meta, error))
            {
              exec_db (db, "ROLLBACK", NULL);
              return FALSE;
            }
        }
      if (!exec_db (db, "COMMIT", error))
        {
          exec_db (db, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
read_meta (sqlite3    *db,
           const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return value;
}

/* Looks at an existing file before anything is written to it, so that a
 * file that is not ours, or is from a newer Waymark, is left untouched. */
static gboolean
check_existing (sqlite3    *db,
                const char *path,
                gboolean    allow_empty,
                GError    **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *application = NULL;
  int rc;
  int n_tables = query_int (db, "SELECT count(*) FROM sqlite_schema", &rc);
  int version;

  if (rc != SQLITE_OK)
    {
      set_error_for_db (db, path, error, rc, "read the plan");
      return FALSE;
    }
  version = query_int (db, "PRAGMA user_version", NULL);

  if (n_tables == 0)
    {
      if (allow_empty)
        return TRUE;
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK,
                   "“%s” is empty: it is not a Waymark plan.", display);
      return FALSE;
    }

  if (version > 0 && query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'meta'", NULL))
    application = read_meta (db, "application");
  if (g_strcmp0 (application, "waymark") != 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK,
                   "“%s” is a database, but not a Waymark plan.", display);
      return FALSE;
    }
  if (version > WM_SCHEMA_VERSION)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_TOO_NEW,
                   "“%s” was saved by a newer version of Waymark (format %d; this version "
                   "reads up to %d). Update Waymark to open it.",
                   display, version, WM_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
external_poll_cb (gpointer data)
{
  wm_store_check_external (WM_STORE (data));
  return G_SOURCE_CONTINUE;
}

WmStore *
wm_store_open (const char       *path,
               WmStoreOpenFlags  flags,
               GError          **error)
{
  g_autoptr(WmStore) self = NULL;
  g_autofree char *display = NULL;
  gboolean created = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd;

      if (!(flags & WM_STORE_OPEN_CREATE))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                       "“%s” does not exist.", display);
          return NULL;
        }
      /* Plans hold names of staff and notes about services: readable by
       * their owner only.  SQLite gives its -wal and -shm files the same
       * mode as the database. */
      fd = g_open (path, O_RDWR | O_CREAT | O_EXCL, 0600);
      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, WM_STORE_ERROR,
                       saved == ENOSPC ? WM_STORE_ERROR_DISK_FULL
                       : (saved == EACCES || saved == EROFS) ? WM_STORE_ERROR_READ_ONLY
                       : WM_STORE_ERROR_FAILED,
                       "Could not create “%s”: %s", display, g_strerror (saved));
          return NULL;
        }
      close (fd);
      created = TRUE;
    }
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK,
                   "“%s” is a folder, not a Waymark plan.", display);
      return NULL;
    }
  else if (g_access (path, W_OK) != 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                   "“%s” is read-only: Waymark needs to be able to save to it. Save a copy "
                   "somewhere you can write to, or ask for write access.", display);
      return NULL;
    }

  self = g_object_new (WM_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_for_db (self->db, path, error, rc, "open the plan");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!check_existing (self->db, path, created || (flags & WM_STORE_OPEN_CREATE), error))
    return NULL;

  if (!exec_db (self->db,
                "PRAGMA journal_mode = WAL;"
                "PRAGMA synchronous = NORMAL;"
                "PRAGMA foreign_keys = ON;",
                error)
      || !wm_store_migrate_db (self->db, WM_SCHEMA_VERSION, error))
    {
      g_prefix_error (error, "“%s”: ", display);
      if (created)
        g_unlink (path);
      return NULL;
    }

  self->site_id = read_meta (self->db, "site_id");
  self->data_version = query_int (self->db, "PRAGMA data_version", NULL);
  self->poll_id = g_timeout_add (EXTERNAL_POLL_MS, external_poll_cb, self);

  return g_steal_pointer (&self);
}

const char *
wm_store_get_path (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  return self->path;
}

const char *
wm_store_get_site_id (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  return self->site_id;
}

int
wm_store_get_schema_version (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), 0);
  return query_int (self->db, "PRAGMA user_version", NULL);
}

int
wm_store_latest_schema_version (void)
{
  return WM_SCHEMA_VERSION;
}

/* PRAGMA data_version changes when another connection commits, and only
 * then: our own writes are announced by the commit itself. */
void
wm_store_check_external (WmStore *self)
{
  gint64 version;

  g_return_if_fail (WM_IS_STORE (self));

  if (self->depth > 0)
    return;
  version = query_int (self->db, "PRAGMA data_version", NULL);
  if (version == self->data_version)
    return;
  self->data_version = version;
  g_hash_table_remove_all (self->columns);
  g_hash_table_remove_all (self->next_order);
  g_signal_emit (self, signals[CHANGED], 0, NULL, NULL);
}

/* ---------- review mode ---------- */

/* A co-chair reading the plan before a board must not change it by a
 * stray keystroke.  Refusing in wm_store_begin() gives a clear message
 * for every write the store makes; query_only makes SQLite itself refuse
 * any write that would not pass through it. */
void
wm_store_set_review_mode (WmStore  *self,
                          gboolean  review_mode)
{
  g_return_if_fail (WM_IS_STORE (self));
  g_return_if_fail (self->depth == 0);

  self->review_mode = !!review_mode;
  wm_store_exec (self, review_mode ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF", NULL);
}

gboolean
wm_store_get_review_mode (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  return self->review_mode;
}

/* ---------- transactions ---------- */

gboolean
wm_store_begin (WmStore  *self,
                GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  if (self->review_mode)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                           "The plan is open for review only. Turn off Review Mode to change it.");
      return FALSE;
    }

  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT wm_%u", self->depth);
  if (!wm_store_exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

static void
emit_queued (WmStore *self)
{
  g_autoptr(GArray) queued = g_steal_pointer (&self->queued);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->queued = g_array_new (FALSE, FALSE, sizeof (QueuedChange));
  g_array_set_clear_func (self->queued, queued_change_clear);

  for (guint i = 0; i < queued->len; i++)
    {
      QueuedChange *change = &g_array_index (queued, QueuedChange, i);
      char *key = g_strconcat (change->table, "/", change->id ? change->id : "", NULL);

      if (!g_hash_table_add (seen, key))
        continue;
      g_signal_emit (self, signals[CHANGED], 0, change->table, change->id);
    }
}

gboolean
wm_store_commit (WmStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth > 1)
    {
      g_autofree char *sql = g_strdup_printf ("RELEASE wm_%u", self->depth - 1);
      if (!wm_store_exec (self, sql, error))
        return FALSE;
      self->depth--;
      return TRUE;
    }

  /* The Lamport clock moves on only when this transaction wrote cells,
   * so that the versions a peer acknowledges stay meaningful. */
  if (!wm_store_exec (self,
                      "UPDATE clock_state SET db_version = pending, pending = pending + 1 "
                      "WHERE EXISTS (SELECT 1 FROM clock WHERE db_version = "
                      "(SELECT pending FROM clock_state))",
                      error)
      || !wm_store_exec (self, "COMMIT", error))
    {
      wm_store_rollback (self);
      return FALSE;
    }
  self->depth = 0;
  /* Our own commit does not move data_version, but a commit by another
   * connection just before ours would be missed otherwise: re-read it. */
  self->data_version = query_int (self->db, "PRAGMA data_version", NULL);
  emit_queued (self);
  return TRUE;
}

/* Safe to call after a failed commit, which has already rolled back. */
void
wm_store_rollback (WmStore *self)
{
  g_return_if_fail (WM_IS_STORE (self));

  if (self->depth == 0)
    return;

  if (self->depth > 1)
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO wm_%u; RELEASE wm_%u",
                                              self->depth - 1, self->depth - 1);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
      self->depth--;
      return;
    }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->depth = 0;
  g_array_set_size (self->queued, 0);
  g_hash_table_remove_all (self->columns);
  g_hash_table_remove_all (self->next_order);
}

void
wm_store_queue_change (WmStore    *self,
                       const char *table,
                       const char *id)
{
  QueuedChange change = { g_strdup (table), g_strdup (id) };
  g_array_append_val (self->queued, change);
}

/* ---------- schema knowledge ---------- */

static const char *const *
get_columns (WmStore    *self,
             const char *table)
{
  GStrv columns = g_hash_table_lookup (self->columns, table);
  g_autoptr(GStrvBuilder) builder = NULL;
  sqlite3_stmt *stmt;

  if (columns != NULL)
    return (const char *const *) columns;
  if (wm_tracking_is_local_table (table))
    return NULL;

  stmt = wm_store_prepare (self, "SELECT name FROM pragma_table_info(?)", NULL);
  if (stmt == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  columns = g_strv_builder_end (builder);
  if (columns[0] == NULL)
    {
      g_strfreev (columns);
      return NULL;
    }
  g_hash_table_insert (self->columns, g_strdup (table), columns);
  return (const char *const *) columns;
}

gboolean
wm_store_has_column (WmStore    *self,
                     const char *table,
                     const char *column)
{
  const char *const *columns = get_columns (self, table);
  return columns != NULL && g_strv_contains (columns, column);
}

static gboolean
check_names (WmStore           *self,
             const char        *table,
             const char *const *columns,
             GError           **error)
{
  if (get_columns (self, table) == NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "There is no table “%s”.",
                   table);
      return FALSE;
    }
  for (guint i = 0; columns && columns[i]; i++)
    if (!wm_store_has_column (self, table, columns[i]))
      {
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                     "“%s” is not a field of %s.", columns[i], table);
        return FALSE;
      }
  return TRUE;
}

/* ---------- generic writes ---------- */

/* The sort_order that puts a new row last.  Read once per table and then
 * counted here: asking SQLite for max(sort_order) on every insert made bulk
 * inserts quadratic.  Forgotten on rollback and on writes by another
 * connection, when it may be stale. */
static gboolean
next_sort_order (WmStore    *self,
                 const char *table,
                 gint64     *order,
                 GError    **error)
{
  gpointer cached;

  if (!g_hash_table_lookup_extended (self->next_order, table, NULL, &cached))
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(sort_order) + 1, 0) FROM \"%s\"",
                                              table);
      sqlite3_stmt *stmt = wm_store_prepare (self, sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          wm_store_set_sqlite_error (self, error, rc, "read the plan");
          return FALSE;
        }
      cached = GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0));
      sqlite3_reset (stmt);
    }
  *order = (gint64) GPOINTER_TO_SIZE (cached);
  g_hash_table_insert (self->next_order, g_strdup (table), GSIZE_TO_POINTER ((gsize) (*order + 1)));
  return TRUE;
}

static void
collect_pairs (va_list     args,
               const char *first_column,
               GPtrArray  *columns,
               GPtrArray  *values)
{
  for (const char *column = first_column; column != NULL; column = va_arg (args, const char *))
    {
      g_ptr_array_add (columns, (gpointer) column);
      g_ptr_array_add (values, va_arg (args, char *));
    }
  g_ptr_array_add (columns, NULL);
  g_ptr_array_add (values, NULL);
}

char *
wm_store_insert (WmStore    *self,
                 const char *table,
                 GError    **error,
                 const char *first_column,
                 ...)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  va_list args;

  va_start (args, first_column);
  collect_pairs (args, first_column, columns, values);
  va_end (args);

  return wm_store_insert_v (self, table, (const char *const *) columns->pdata,
                            (const char *const *) values->pdata, error);
}

char *
wm_store_insert_v (WmStore           *self,
                   const char        *table,
                   const char *const *columns,
                   const char *const *values,
                   GError           **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autofree char *id = NULL;
  gboolean generate_id = TRUE, append_order;
  gint64 order = 0;
  sqlite3_stmt *stmt;
  guint n = 0, next;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (!check_names (self, table, columns, error))
    return NULL;

  append_order = wm_store_has_column (self, table, "sort_order");
  g_string_append_printf (sql, "INSERT INTO \"%s\" (", table);
  for (; columns && columns[n]; n++)
    {
      if (g_str_equal (columns[n], "id"))
        {
          id = g_strdup (values[n]);
          generate_id = FALSE;
        }
      /* new rows go to the end unless the caller placed them */
      if (g_str_equal (columns[n], "sort_order"))
        append_order = FALSE;
      g_string_append_printf (sql, "%s\"%s\"", n ? ", " : "", columns[n]);
      g_string_append (marks, n ? ", ?" : "?");
    }
  if (generate_id)
    {
      id = g_uuid_string_random ();
      g_string_append (sql, n ? ", id" : "id");
      g_string_append (marks, n ? ", ?" : "?");
    }
  if (append_order)
    {
      g_string_append (sql, ", sort_order");
      g_string_append (marks, ", ?");
    }
  g_string_append_printf (sql, ") VALUES (%s)", marks->str);

  if (!wm_store_begin (self, error))
    return NULL;
  stmt = wm_store_prepare (self, sql->str, error);
  if (stmt == NULL || (append_order && !next_sort_order (self, table, &order, error)))
    {
      wm_store_rollback (self);
      return NULL;
    }
  for (next = 0; next < n; next++)
    sqlite3_bind_text (stmt, next + 1, values[next], -1, SQLITE_TRANSIENT);
  if (generate_id)
    sqlite3_bind_text (stmt, ++next, id, -1, SQLITE_TRANSIENT);
  if (append_order)
    sqlite3_bind_int64 (stmt, ++next, order);

  if (!step_done (self, stmt, error))
    {
      wm_store_rollback (self);
      return NULL;
    }
  wm_store_queue_change (self, table, id);
  if (!wm_store_commit (self, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
wm_store_update (WmStore    *self,
                 const char *table,
                 const char *id,
                 GError    **error,
                 const char *first_column,
                 ...)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  va_list args;

  va_start (args, first_column);
  collect_pairs (args, first_column, columns, values);
  va_end (args);

  return wm_store_update_v (self, table, id, (const char *const *) columns->pdata,
                            (const char *const *) values->pdata, error);
}

gboolean
wm_store_update_v (WmStore           *self,
                   const char        *table,
                   const char        *id,
                   const char *const *columns,
                   const char *const *values,
                   GError           **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  guint n;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (columns != NULL && columns[0] != NULL, FALSE);

  if (!check_names (self, table, columns, error))
    return FALSE;
  if (g_strv_contains (columns, "id"))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "The id of a record cannot change.");
      return FALSE;
    }

  g_string_append_printf (sql, "UPDATE \"%s\" SET ", table);
  for (n = 0; columns[n]; n++)
    g_string_append_printf (sql, "%s\"%s\" = ?", n ? ", " : "", columns[n]);
  g_string_append (sql, " WHERE id = ?");

  if (!wm_store_begin (self, error))
    return FALSE;
  stmt = wm_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    {
      wm_store_rollback (self);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, n + 1, id, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    {
      wm_store_rollback (self);
      return FALSE;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   "There is no %s with id %s.", table, id);
      wm_store_rollback (self);
      return FALSE;
    }
  wm_store_queue_change (self, table, id);
  return wm_store_commit (self, error);
}

/* What goes with a row when it is deleted.  Done here rather than with
 * ON DELETE CASCADE because each child's delete must be a tracked write
 * that other laptops receive (see wm-schema-sql.h). */
static const struct
{
  const char *parent;
  const char *child;
  const char *column;
} cascades[] = {
  { "plan", "priority", "plan_id" },
  { "plan", "action", "plan_id" },
  { "plan", "phase", "plan_id" },
  { "plan", "key_date", "plan_id" },
  { "plan", "milestone", "plan_id" },
  { "plan", "risk", "plan_id" },
  { "plan", "kpi", "plan_id" },
  { "plan", "audit", "plan_id" },
  { "plan", "moderation_meeting", "plan_id" },
  { "rating_scale", "rating", "scale_id" },
  { "priority", "action", "priority_id" },
  { "action", "action", "parent_id" },
  { "action", "stage", "action_id" },
  { "action", "milestone", "action_id" },
  { "action", "status_update", "action_id" },
  { "action", "evidence", "action_id" },
  { "action", "risk_action", "action_id" },
  { "action", "dependency", "from_action_id" },
  { "action", "dependency", "to_action_id" },
  { "milestone", "evidence", "milestone_id" },
  { "risk", "risk_action", "risk_id" },
  { "audit_template", "audit_domain", "template_id" },
  { "audit_template", "audit_level", "template_id" },
  { "audit", "audit_score", "audit_id" },
  { "kpi", "kpi_value", "kpi_id" },
  { "kpi", "kpi_benchmark", "kpi_id" },
};

static gboolean
delete_row (WmStore    *self,
            const char *table,
            const char *id,
            guint       level,
            GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?", table);
  sqlite3_stmt *stmt;

  if (level > 16)
    return TRUE;  /* a parent_id cycle from a bad import: stop, do not loop */

  for (guint i = 0; i < G_N_ELEMENTS (cascades); i++)
    {
      g_autoptr(GPtrArray) children = NULL;

      if (!g_str_equal (cascades[i].parent, table))
        continue;
      children = wm_store_list (self, cascades[i].child, cascades[i].column, id, error);
      if (children == NULL)
        return FALSE;
      for (guint j = 0; j < children->len; j++)
        if (!delete_row (self, cascades[i].child, wm_record_get_id (children->pdata[j]),
                         level + 1, error))
          return FALSE;
    }

  stmt = wm_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    return FALSE;
  wm_store_queue_change (self, table, id);
  return TRUE;
}

gboolean
wm_store_delete (WmStore    *self,
                 const char *table,
                 const char *id,
                 GError    **error)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!check_names (self, table, NULL, error) || !wm_store_begin (self, error))
    return FALSE;
  if (!delete_row (self, table, id, 0, error))
    {
      wm_store_rollback (self);
      return FALSE;
    }
  return wm_store_commit (self, error);
}

/* ---------- reads ---------- */

WmRecord *
wm_store_record_from_stmt (const char   *table,
                           sqlite3_stmt *stmt)
{
  g_autoptr(GPtrArray) columns = wm_record_columns_from_stmt (stmt);
  return wm_record_new_from_stmt (table, columns, stmt);
}

static GPtrArray *
collect_records (WmStore      *self,
                 const char   *table,
                 sqlite3_stmt *stmt,
                 GError      **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) columns = NULL;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (columns == NULL)
        columns = wm_record_columns_from_stmt (stmt);
      g_ptr_array_add (records, wm_record_new_from_stmt (table, columns, stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (self, error, rc, "read the plan");
      return NULL;
    }
  return g_steal_pointer (&records);
}

static const char *
order_for (WmStore    *self,
           const char *table)
{
  if (wm_store_has_column (self, table, "sort_order"))
    return " ORDER BY sort_order, rowid";
  return " ORDER BY rowid";
}

GPtrArray *
wm_store_list (WmStore    *self,
               const char *table,
               const char *filter_column,
               const char *filter_value,
               GError    **error)
{
  const char *names[] = { filter_column, NULL };
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  if (!check_names (self, table, names, error))
    return NULL;
  if (filter_column)
    sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE \"%s\" IS ?%s", table, filter_column,
                           order_for (self, table));
  else
    sql = g_strdup_printf ("SELECT * FROM \"%s\"%s", table, order_for (self, table));

  stmt = wm_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (filter_column)
    sqlite3_bind_text (stmt, 1, filter_value, -1, SQLITE_TRANSIENT);
  return collect_records (self, table, stmt, error);
}

WmRecord *
wm_store_find (WmStore    *self,
               const char *table,
               const char *column,
               const char *value,
               GError    **error)
{
  g_autoptr(GPtrArray) records = wm_store_list (self, table, column, value, error);

  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND, "There is no %s with %s “%s”.",
                   table, column, value ? value : "");
      return NULL;
    }
  return g_object_ref (records->pdata[0]);
}

WmRecord *
wm_store_get (WmStore    *self,
              const char *table,
              const char *id,
              GError    **error)
{
  return wm_store_find (self, table, "id", id, error);
}

gint64
wm_store_count (WmStore    *self,
                const char *table,
                GError    **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  if (!check_names (self, table, NULL, error))
    return -1;
  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  stmt = wm_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}
