/* wm-sync.c: export, import (merge), status and conflicts of sync by file
 *
 * See wm-sync.h for the model and wm-bundle.h for the file.
 */
#define G_LOG_DOMAIN "wm-sync"

#include "config.h"

#include "wm-sync.h"
#include "wm-bundle.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-store-private.h"
#include "wm-tracking.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* Above this many records an import announces "many rows changed" per
 * table instead of one signal per record. */
#define MANY_CHANGES 200

/* ---------- small helpers ---------- */

static gboolean
run (WmStore      *store,
     sqlite3_stmt *stmt,
     const char   *doing,
     GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      wm_store_set_sqlite_error (store, error, rc, doing);
      return FALSE;
    }
  return TRUE;
}

static gint64
query_int64 (WmStore    *store,
             const char *sql,
             const char *arg)
{
  sqlite3_stmt *stmt = wm_store_prepare (store, sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
query_text (WmStore    *store,
            const char *sql,
            const char *arg)
{
  sqlite3_stmt *stmt = wm_store_prepare (store, sql, NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gint64
vector_get (GHashTable *vector,
            const char *site)
{
  gint64 *value = g_hash_table_lookup (vector, site);
  return value ? *value : 0;
}

/* The order in which cells win: version, then site, compared the same way
 * on every laptop. */
static int
compare_stamps (gint64      version_a,
                const char *site_a,
                gint64      version_b,
                const char *site_b)
{
  if (version_a != version_b)
    return version_a < version_b ? -1 : 1;
  return strcmp (site_a, site_b);
}

static int
value_class (sqlite3_value *value)
{
  switch (value ? sqlite3_value_type (value) : SQLITE_NULL)
    {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
      return 1;
    case SQLITE_TEXT:
      return 2;
    case SQLITE_BLOB:
      return 3;
    default:
      return 0;
    }
}

/* SQLite's own order (NULL < numbers < text < blobs), so that 5 and 5.0
 * are the same value, as they are to `IS`. */
static int
compare_values (sqlite3_value *a,
                sqlite3_value *b)
{
  int class_a = value_class (a);
  int class_b = value_class (b);

  if (class_a != class_b)
    return class_a < class_b ? -1 : 1;
  switch (class_a)
    {
    case 1:
      if (sqlite3_value_type (a) == SQLITE_INTEGER && sqlite3_value_type (b) == SQLITE_INTEGER)
        {
          gint64 x = sqlite3_value_int64 (a), y = sqlite3_value_int64 (b);
          return x < y ? -1 : x > y;
        }
      else
        {
          double x = sqlite3_value_double (a), y = sqlite3_value_double (b);
          return x < y ? -1 : x > y;
        }
    case 2:
    case 3:
      {
        const void *x = class_a == 2 ? (const void *) sqlite3_value_text (a) : sqlite3_value_blob (a);
        const void *y = class_a == 2 ? (const void *) sqlite3_value_text (b) : sqlite3_value_blob (b);
        int nx = sqlite3_value_bytes (a), ny = sqlite3_value_bytes (b);
        int c = (nx && ny) ? memcmp (x, y, MIN (nx, ny)) : 0;
        if (c != 0)
          return c;
        return nx < ny ? -1 : nx > ny;
      }
    default:
      return 0;
    }
}

/* A name from a file, fit to show a person: valid UTF-8, no control
 * characters (an escape sequence in a laptop's name must not drive the
 * terminal or a label), at most @max characters. */
static char *
printable (const char *text,
           glong       max)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_new (NULL);
  const char *p = valid;
  glong n = 0;

  for (; *p != '\0' && n < max; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static char *
shown_name (const char *text)
{
  return printable (text, 40);
}

char *
wm_sync_get_site_name (WmStore *store)
{
  char *name;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  name = query_text (store, "SELECT value FROM meta WHERE key = 'site_name'", NULL);
  if (name != NULL && *name != '\0')
    return name;
  g_free (name);
  /* Who and which laptop, without the person's full name: the file goes
   * by email. */
  return g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
}

/* ---------- naming records for people ---------- */

static const struct
{
  const char *table;
  const char *noun;
  const char *code;
} record_names[] = {
  { "action", "action", "code" },
  { "risk", "risk", "ref" },
  { "milestone", "milestone", "code" },
  { "priority", "priority", "code" },
  { "kpi", "KPI", "code" },
  { "kpi_value", "KPI value", "period" },
  { "kpi_benchmark", "KPI benchmark", "period" },
  { "audit", "audit", "case_ref" },
  { "status_update", "status update", "date" },
  { "stage", "stage", "label" },
  { "phase", "phase", "label" },
  { "key_date", "key date", "label" },
  { "rating", "rating", "code" },
  { "rating_scale", "rating scale", "name" },
  { "plan", "plan", "title" },
  { "evidence", "evidence", "title" },
  { "audit_template", "audit template", "name" },
  { "audit_domain", "audit domain", "code" },
  { "audit_level", "audit level", "label" },
  { "moderation_meeting", "moderation meeting", "date" },
};

/* "action 2.1", "risk RR3", "status update 2023-06-01 of action 1.2a":
 * what a person recognises, from @values (field → text) when given, else
 * from the record as it is now. */
static char *
describe_record (WmStore    *store,
                 const char *table,
                 const char *id,
                 GHashTable *values)
{
  g_autoptr(GHashTable) read = NULL;
  g_autofree char *noun = NULL;
  const char *code_column = NULL;
  const char *code = NULL;
  const char *action_id;
  GString *label;

  for (guint i = 0; i < G_N_ELEMENTS (record_names); i++)
    if (g_str_equal (record_names[i].table, table))
      {
        noun = g_strdup (record_names[i].noun);
        code_column = record_names[i].code;
      }
  if (noun == NULL)
    noun = g_strdelimit (g_strdup (table), "_", ' ');

  if (values == NULL)
    {
      g_autoptr(WmRecord) record = wm_store_get (store, table, id, NULL);

      read = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (record != NULL)
        for (const char *const *c = wm_record_get_columns (record); c && *c; c++)
          if (wm_record_get (record, *c) != NULL)
            g_hash_table_insert (read, g_strdup (*c), g_strdup (wm_record_get (record, *c)));
      values = read;
    }

  if (code_column != NULL)
    code = g_hash_table_lookup (values, code_column);
  for (const char *const *c = (const char *const[]) { "code", "ref", "title", "name", "label",
                                                      NULL };
       (code == NULL || *code == '\0') && *c; c++)
    code = g_hash_table_lookup (values, *c);

  label = g_string_new (noun);
  if (code != NULL && *code != '\0')
    {
      g_autofree char *shown = printable (code, 60);
      g_string_append_printf (label, " %s", shown);
    }
  else
    g_string_append_printf (label, " %.8s", id);

  action_id = g_hash_table_lookup (values, "action_id");
  if (action_id != NULL && !g_str_equal (table, "action"))
    {
      g_autofree char *action = query_text (store, "SELECT code FROM action WHERE id = ?",
                                            action_id);
      if (action != NULL)
        g_string_append_printf (label, " of action %s", action);
    }
  return g_string_free (label, FALSE);
}

/* ---------- the content fingerprint ---------- */

static void
hash_value (GChecksum     *checksum,
            sqlite3_value *value)
{
  int type = sqlite3_value_type (value);
  guchar tag = (guchar) type;

  g_checksum_update (checksum, &tag, 1);
  switch (type)
    {
    case SQLITE_INTEGER:
      {
        guint64 le = GUINT64_TO_LE ((guint64) sqlite3_value_int64 (value));
        g_checksum_update (checksum, (const guchar *) &le, sizeof le);
      }
      break;
    case SQLITE_FLOAT:
      {
        double d = sqlite3_value_double (value);
        g_checksum_update (checksum, (const guchar *) &d, sizeof d);
      }
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      {
        guint32 n = GUINT32_TO_LE ((guint32) sqlite3_value_bytes (value));
        const void *data = type == SQLITE_TEXT ? (const void *) sqlite3_value_text (value)
                                               : sqlite3_value_blob (value);
        g_checksum_update (checksum, (const guchar *) &n, sizeof n);
        if (n > 0)
          g_checksum_update (checksum, data, sqlite3_value_bytes (value));
      }
      break;
    default:
      break;
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* SHA-256 over every synced table's rows in id order: two laptops show the
 * same fingerprint exactly when their plans hold the same content. */
char *
wm_sync_content_hash (WmStore  *store,
                      GError  **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *db;
  g_autoptr(GPtrArray) tables = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  db = wm_store_get_db (store);
  tables = wm_tracking_synced_tables (db);
  g_ptr_array_sort (tables, compare_names);
  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY id",
                                              (char *) tables->pdata[i]);
      sqlite3_stmt *stmt = NULL;
      int rc;

      g_checksum_update (checksum, (const guchar *) tables->pdata[i],
                         strlen (tables->pdata[i]) + 1);
      rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
      while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int n = sqlite3_column_count (stmt);
          for (int c = 0; c < n; c++)
            hash_value (checksum, sqlite3_column_value (stmt, c));
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          wm_store_set_sqlite_error (store, error, rc, "read the plan");
          return NULL;
        }
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* ---------- export ---------- */

char *
wm_sync_find_peer (WmStore    *store,
                   const char *site_or_name,
                   GError    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) known = g_string_new (NULL);
  gsize length = strlen (site_or_name);

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store, "SELECT site, name FROM peer WHERE last_import IS NOT NULL "
                                  "ORDER BY site", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *site = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append_printf (known, "%s%s (%s)", known->len ? ", " : "", site,
                              name ? name : "no name");
      /* The full id, its first few characters, or the laptop's name. */
      if (g_str_equal (site, site_or_name)
          || (length >= 4 && g_ascii_strncasecmp (site, site_or_name, length) == 0)
          || (name != NULL && g_utf8_collate (name, site_or_name) == 0))
        g_ptr_array_add (matches, g_strdup (site));
    }
  sqlite3_reset (stmt);

  if (matches->len == 1)
    return g_strdup (matches->pdata[0]);
  if (matches->len > 1)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                 "“%s” matches more than one laptop: give more of its site id. Known: %s.",
                 site_or_name, known->str);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 "No changes file from “%s” has been imported here, so Waymark does not know "
                 "what that laptop already has. Send everything instead, or import a file from "
                 "it first.%s%s", site_or_name, known->len ? " Known laptops: " : "",
                 known->len ? known->str : "");
  return NULL;
}

typedef struct
{
  WmStore        *store;
  WmBundleWriter *writer;
  WmSyncReport   *report;
  char           *table;       /* the table being read */
  sqlite3_stmt   *row;         /* SELECT * FROM table WHERE id = ? */
  GHashTable     *columns;     /* column → index + 1 in row */
  char           *pk;          /* the record row is on */
  gboolean        row_found;
} Exporter;

static gboolean
exporter_select_table (Exporter    *ex,
                       const char  *table,
                       GError     **error)
{
  g_autofree char *sql = NULL;

  if (g_strcmp0 (ex->table, table) == 0)
    return TRUE;
  g_clear_pointer (&ex->table, g_free);
  g_clear_pointer (&ex->pk, g_free);
  g_clear_pointer (&ex->row, sqlite3_finalize);
  g_hash_table_remove_all (ex->columns);
  ex->row_found = FALSE;

  ex->table = g_strdup (table);
  /* A clock row for a table that a later Waymark dropped is not sent. */
  if (wm_tracking_is_local_table (table) || !wm_store_has_column (ex->store, table, "id"))
    return TRUE;
  sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id = ?", table);
  if (sqlite3_prepare_v2 (wm_store_get_db (ex->store), sql, -1, &ex->row, NULL) != SQLITE_OK)
    {
      wm_store_set_sqlite_error (ex->store, error, sqlite3_errcode (wm_store_get_db (ex->store)),
                                 "read the plan");
      return FALSE;
    }
  for (int i = 0; i < sqlite3_column_count (ex->row); i++)
    g_hash_table_insert (ex->columns, g_strdup (sqlite3_column_name (ex->row, i)),
                         GINT_TO_POINTER (i + 1));
  return TRUE;
}

static gboolean
exporter_add (Exporter    *ex,
              const char  *table,
              const char  *pk,
              const char  *col,
              gint64       version,
              const char  *site,
              gint64       at,
              GError     **error)
{
  gboolean tombstone = g_str_equal (col, WM_TOMBSTONE_COLUMN);
  sqlite3_value *value = NULL;
  gboolean new_row;

  if (!exporter_select_table (ex, table, error))
    return FALSE;
  if (ex->row == NULL)
    return TRUE;

  new_row = g_strcmp0 (ex->pk, pk) != 0;
  if (new_row)
    {
      int rc;

      g_free (ex->pk);
      ex->pk = g_strdup (pk);
      sqlite3_reset (ex->row);
      sqlite3_bind_text (ex->row, 1, pk, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (ex->row);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          wm_store_set_sqlite_error (ex->store, error, rc, "read the plan");
          return FALSE;
        }
      ex->row_found = rc == SQLITE_ROW;
    }

  if (!tombstone)
    {
      int index = GPOINTER_TO_INT (g_hash_table_lookup (ex->columns, col));

      /* A cell whose record or column is gone is not sent (the record's
       * tombstone is, and it replaced the cells). */
      if (!ex->row_found || index == 0)
        return TRUE;
      value = sqlite3_column_value (ex->row, index - 1);
    }
  if (!wm_bundle_writer_add_cell (ex->writer, table, pk, col, value, version, site, at, error))
    return FALSE;

  if (new_row)
    ex->report->rows++;
  if (tombstone)
    ex->report->tombstones++;
  return TRUE;
}

static void
set_vectors (WmStore        *store,
             WmBundleWriter *writer,
             const char     *site,
             gint64          upto)
{
  sqlite3_stmt *stmt = wm_store_prepare (store,
                                         "SELECT site, name, known_version, received_version "
                                         "FROM peer", NULL);
  g_autofree char *key = NULL;
  g_autofree char *name = wm_sync_get_site_name (store);

  key = g_strconcat ("knowledge.", site, NULL);
  wm_bundle_writer_set_int (writer, key, upto);
  g_free (key);
  key = g_strconcat ("name.", site, NULL);
  wm_bundle_writer_set (writer, key, name);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *peer = (const char *) sqlite3_column_text (stmt, 0);
      const char *peer_name = (const char *) sqlite3_column_text (stmt, 1);
      gint64 known = sqlite3_column_int64 (stmt, 2);
      gint64 received = sqlite3_column_int64 (stmt, 3);

      if (peer == NULL || g_str_equal (peer, site) || !g_uuid_string_is_valid (peer))
        continue;
      if (known > 0)
        {
          g_free (key);
          key = g_strconcat ("knowledge.", peer, NULL);
          wm_bundle_writer_set_int (writer, key, known);
        }
      if (received > 0)
        {
          g_free (key);
          key = g_strconcat ("ack.", peer, NULL);
          wm_bundle_writer_set_int (writer, key, received);
        }
      if (peer_name != NULL && *peer_name != '\0')
        {
          g_autofree char *short_name = g_utf8_substring (peer_name, 0, 200);
          g_free (key);
          key = g_strconcat ("name.", peer, NULL);
          wm_bundle_writer_set (writer, key, short_name);
        }
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
}

gboolean
wm_sync_export (WmStore       *store,
                const char    *path,
                const char    *peer_site,
                WmSyncReport **out,
                GError       **error)
{
  g_autoptr(WmSyncReport) report = NULL;
  g_autoptr(WmBundleWriter) writer = NULL;
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(GError) plan_error = NULL;
  g_autofree char *now = wm_now_iso ();
  g_autofree char *site_name = NULL;
  Exporter ex = { 0 };
  const char *site;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  site = wm_store_get_site_id (store);
  plan = wm_store_get_plan (store, &plan_error);
  if (plan == NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   "“%s” holds no plan yet, so there are no changes to send.",
                   wm_store_get_path (store));
      return FALSE;
    }

  report = wm_sync_report_new ();
  report->path = g_strdup (path);
  report->plan_id = g_strdup (wm_record_get_id (plan));
  report->plan_title = g_strdup (wm_record_get (plan, "title"));
  report->plan_area = g_strdup (wm_record_get (plan, "area"));

  writer = wm_bundle_writer_new (error);
  if (writer == NULL)
    return FALSE;

  /* One snapshot: the cells, the versions and the vectors agree. */
  if (!wm_store_begin (store, error))
    return FALSE;

  if (peer_site != NULL)
    {
      g_autofree char *found = wm_sync_find_peer (store, peer_site, error);
      if (found == NULL)
        goto out;
      report->peer_site = g_steal_pointer (&found);
      report->peer_name = query_text (store, "SELECT name FROM peer WHERE site = ?",
                                      report->peer_site);
      report->since = query_int64 (store, "SELECT acked_version FROM peer WHERE site = ?",
                                   report->peer_site);
    }
  report->upto = query_int64 (store, "SELECT db_version FROM clock_state", NULL);

  site_name = wm_sync_get_site_name (store);
  wm_bundle_writer_set (writer, "application", "waymark");
  wm_bundle_writer_set_int (writer, "format", WM_BUNDLE_FORMAT);
  wm_bundle_writer_set (writer, "app_version", PACKAGE_VERSION);
  wm_bundle_writer_set (writer, "source_site", site);
  wm_bundle_writer_set (writer, "source_name", site_name);
  wm_bundle_writer_set (writer, "plan_id", report->plan_id);
  wm_bundle_writer_set (writer, "plan_title", report->plan_title);
  wm_bundle_writer_set (writer, "plan_area", report->plan_area);
  wm_bundle_writer_set (writer, "created_at", now);
  wm_bundle_writer_set (writer, "for_site", report->peer_site);
  wm_bundle_writer_set_int (writer, "since", report->since);
  wm_bundle_writer_set_int (writer, "upto", report->upto);
  set_vectors (store, writer, site, report->upto);

  /* What the peer has not acknowledged; its own writes it has already
   * (it wrote them), so they are left out. */
  stmt = wm_store_prepare (store,
                           "SELECT tbl, pk, col, version, site, at FROM clock "
                           "WHERE db_version > ?1 AND site IS NOT ?2 ORDER BY tbl, pk, col",
                           error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, report->since);
  if (report->peer_site != NULL)
    sqlite3_bind_text (stmt, 2, report->peer_site, -1, SQLITE_TRANSIENT);

  ex.store = store;
  ex.writer = writer;
  ex.report = report;
  ex.columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!exporter_add (&ex, (const char *) sqlite3_column_text (stmt, 0),
                         (const char *) sqlite3_column_text (stmt, 1),
                         (const char *) sqlite3_column_text (stmt, 2),
                         sqlite3_column_int64 (stmt, 3),
                         (const char *) sqlite3_column_text (stmt, 4),
                         sqlite3_column_int64 (stmt, 5), error))
        break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if (rc != SQLITE_ROW)
        wm_store_set_sqlite_error (store, error, rc, "read the changes");
      goto out;
    }
  report->cells = wm_bundle_writer_get_cells (writer);
  wm_bundle_writer_set_int (writer, "row_count", report->rows);
  wm_bundle_writer_set_int (writer, "tombstone_count", report->tombstones);

  report->size = wm_bundle_writer_finish (writer, path, error);
  if (report->size == 0)
    goto out;

  if (report->peer_site != NULL)
    {
      stmt = wm_store_prepare (store, "UPDATE peer SET last_export = ?1 WHERE site = ?2", error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, report->peer_site, -1, SQLITE_TRANSIENT);
      if (!run (store, stmt, "note the export", error))
        goto out;
    }
  ok = wm_store_commit (store, error);

out:
  if (!ok)
    wm_store_rollback (store);
  g_clear_pointer (&ex.row, sqlite3_finalize);
  g_clear_pointer (&ex.columns, g_hash_table_unref);
  g_free (ex.table);
  g_free (ex.pk);
  if (ok && out != NULL)
    *out = g_steal_pointer (&report);
  return ok;
}

/* ---------- import: backups ---------- */

static int
compare_backup_names (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
prune_backups (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      if (!g_str_has_prefix (name, "before-import-"))
        continue;
      if (g_str_has_suffix (name, ".part"))
        {
          /* left by an import that was killed while copying */
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_unlink (path);
        }
      else if (g_str_has_suffix (name, ".waymark"))
        g_ptr_array_add (names, g_strdup (name));
    }
  /* The names hold the UTC time, so name order is age order. */
  g_ptr_array_sort (names, compare_backup_names);
  for (guint i = 0; i + WM_SYNC_BACKUPS_KEPT < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_unlink (path);
    }
}

static gboolean
backup_database (WmStore  *store,
                 char    **backup_path,
                 GError  **error)
{
  const char *db_path = wm_store_get_path (store);
  g_autofree char *dir = g_strconcat (db_path, ".backups", NULL);
  g_autofree char *display = g_filename_display_name (dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *name = g_strdup_printf ("before-import-%s.%06dZ.waymark", stamp,
                                           g_date_time_get_microsecond (now));
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int rc, fd;

  if (g_mkdir_with_parents (dir, 0700) != 0
      || (fd = g_open (part, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
    {
      int saved = errno;
      g_set_error (error, WM_STORE_ERROR,
                   saved == ENOSPC ? WM_STORE_ERROR_DISK_FULL : WM_STORE_ERROR_READ_ONLY,
                   "Could not keep a copy of the plan in “%s” before importing: %s. Nothing was "
                   "imported.", display, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (part, &copy, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (copy, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", NULL, NULL,
                       NULL);
  if (rc == SQLITE_OK)
    {
      /* The whole database in one step: a consistent copy. */
      backup = sqlite3_backup_init (copy, "main", wm_store_get_db (store), "main");
      rc = backup ? sqlite3_backup_step (backup, -1) : sqlite3_errcode (copy);
      if (backup)
        sqlite3_backup_finish (backup);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_close (copy);
  if (rc != SQLITE_OK || g_rename (part, path) != 0)
    {
      g_unlink (part);
      g_set_error (error, WM_STORE_ERROR,
                   (rc & 0xff) == SQLITE_FULL ? WM_STORE_ERROR_DISK_FULL : WM_STORE_ERROR_FAILED,
                   "Could not keep a copy of the plan in “%s” before importing: %s. Nothing was "
                   "imported.", display, rc != SQLITE_OK ? sqlite3_errstr (rc) : g_strerror (errno));
      return FALSE;
    }
  prune_backups (dir);
  *backup_path = g_steal_pointer (&path);
  return TRUE;
}

/* ---------- import: the merge ---------- */

typedef struct
{
  char          *col;
  sqlite3_value *value;
  gint64         version;
  const char    *site;     /* owned by the bundle */
  gint64         at;
} IncomingCell;

typedef struct
{
  gint64  version;
  char   *site;
  gint64  at;
} LocalCell;

typedef struct
{
  WmStore      *store;
  sqlite3      *db;
  WmBundle     *bundle;
  WmSyncReport *report;
  const char   *local_site;
  const char   *plan_id;       /* the bundle's */
  GHashTable   *k_local;       /* site → gint64: what this laptop had seen */
  GHashTable   *k_sender;      /* site → gint64: what the sender had seen */
  GHashTable   *not_null;      /* "table\x1fcolumn" of NOT NULL columns */
  GHashTable   *tables_read;   /* tables whose NOT NULL columns are in not_null */
  GHashTable   *tables;        /* table → TableInfo */
  gboolean      triggers_off;
  gint64        cache_size;    /* the connection's, to restore; 0 when unchanged */
  GHashTable   *changed;       /* "table\x1fid" of records changed, for the signal */
  gint64        max_version;
  gboolean      open_conflicts; /* any conflict not yet resolved, before the merge */
  gint64        pending;       /* the local version this import's cells get */
  char         *now;
  char         *last_tbl;      /* check pass: counting records */
  char         *last_pk;

  /* the record being merged */
  char         *tbl;
  char         *pk;
  GPtrArray    *cells;         /* of IncomingCell */
} Merge;

static void
incoming_cell_free (gpointer data)
{
  IncomingCell *cell = data;

  g_free (cell->col);
  sqlite3_value_free (cell->value);
  g_free (cell);
}

static void
local_cell_free (gpointer data)
{
  LocalCell *cell = data;

  g_free (cell->site);
  g_free (cell);
}

/* The statements that write one table: the same for every record, so a
 * file cannot make the merge prepare many.  They are prepared while the
 * connection's triggers are off (see wm_sync_import_full), so they carry
 * no trigger programs, and finalized before the triggers come back. */
typedef struct
{
  sqlite3_stmt *update;     /* every column: "c = CASE WHEN ?flag THEN ?value ELSE c END" */
  sqlite3_stmt *insert;
  sqlite3_stmt *delete;
  GHashTable   *params;     /* column → its position among the columns, from 1 */
  GHashTable   *updates;    /* "c1,c2" → UPDATE of just those columns */
  guint         n_columns;
} TableInfo;

/* An UPDATE of just the columns that changed leaves the table's indexes
 * alone when their columns did not change; the CASE form serves any
 * number of column sets beyond this many, so a file cannot make the
 * merge prepare statements without end. */
#define MAX_UPDATE_SHAPES 32

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
table_info_free (gpointer data)
{
  TableInfo *info = data;

  sqlite3_finalize (info->update);
  sqlite3_finalize (info->insert);
  sqlite3_finalize (info->delete);
  g_hash_table_unref (info->params);
  g_hash_table_unref (info->updates);
  g_free (info);
}


static gboolean
is_not_null (Merge      *m,
             const char *table,
             const char *column)
{
  g_autofree char *key = g_strconcat (table, "\x1f", column, NULL);

  if (!g_hash_table_contains (m->tables_read, table))
    {
      sqlite3_stmt *stmt = wm_store_prepare (m->store, "SELECT name FROM pragma_table_info(?) "
                                                       "WHERE \"notnull\"", NULL);
      g_hash_table_add (m->tables_read, g_strdup (table));
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            g_hash_table_add (m->not_null, g_strconcat (table, "\x1f",
                                                        sqlite3_column_text (stmt, 0), NULL));
          sqlite3_reset (stmt);
        }
    }
  return g_hash_table_contains (m->not_null, key);
}

/* First pass: every name against our schema, before anything is written. */
static gboolean
check_cell (WmBundle           *bundle,
            const WmBundleCell *cell,
            gpointer            user_data,
            GError            **error)
{
  Merge *m = user_data;
  gboolean tombstone = g_str_equal (cell->col, WM_TOMBSTONE_COLUMN);
  gboolean null_value = sqlite3_value_type (cell->value) == SQLITE_NULL;

  if (wm_tracking_is_local_table (cell->tbl) || !wm_store_has_column (m->store, cell->tbl, "id"))
    {
      g_autofree char *name = shown_name (cell->tbl);
      return wm_bundle_invalid (bundle, error, "it changes a kind of record (“%s”) that this "
                                               "plan does not have. If it was made by a newer "
                                               "version of Waymark, update Waymark here first.",
                                name);
    }
  if (tombstone)
    {
      if (!null_value)
        return wm_bundle_invalid (bundle, error, "a deleted %s record carries a value.",
                                  cell->tbl);
    }
  else if (g_str_equal (cell->col, "id") || !wm_store_has_column (m->store, cell->tbl, cell->col))
    {
      g_autofree char *name = shown_name (cell->col);
      return wm_bundle_invalid (bundle, error, "it changes a field (“%s”) that %s records do not "
                                               "have. If it was made by a newer version of "
                                               "Waymark, update Waymark here first.",
                                name, cell->tbl);
    }
  else if (null_value && is_not_null (m, cell->tbl, cell->col))
    return wm_bundle_invalid (bundle, error, "it empties the field “%s” of a %s record, which "
                                             "must have a value.", cell->col, cell->tbl);
  /* One plan per file: a second one would be smuggled in beside ours. */
  if (g_str_equal (cell->tbl, "plan") && !g_str_equal (cell->pk, m->plan_id))
    return wm_bundle_invalid (bundle, error, "it carries a second plan besides the one its "
                                             "manifest names.");

  m->max_version = MAX (m->max_version, cell->version);
  m->report->cells++;
  if (m->last_tbl == NULL || !g_str_equal (m->last_tbl, cell->tbl)
      || !g_str_equal (m->last_pk, cell->pk))
    {
      if (m->last_tbl == NULL || !g_str_equal (m->last_tbl, cell->tbl))
        {
          g_free (m->last_tbl);
          m->last_tbl = g_strdup (cell->tbl);
        }
      g_free (m->last_pk);
      m->last_pk = g_strdup (cell->pk);
      m->report->rows++;
    }
  if (tombstone)
    m->report->tombstones++;
  return TRUE;
}

static GHashTable *
read_local_clock (Merge   *m,
                  GError **error)
{
  GHashTable *local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, local_cell_free);
  sqlite3_stmt *stmt = wm_store_prepare (m->store,
                                         "SELECT col, version, site, at FROM clock "
                                         "WHERE tbl = ? AND pk = ?", error);
  int rc;

  if (stmt == NULL)
    {
      g_hash_table_unref (local);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, m->tbl, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->pk, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LocalCell *cell = g_new0 (LocalCell, 1);
      cell->version = sqlite3_column_int64 (stmt, 1);
      cell->site = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      cell->at = sqlite3_column_int64 (stmt, 3);
      g_hash_table_insert (local, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), cell);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (m->store, error, rc, "read the change history");
      g_hash_table_unref (local);
      return NULL;
    }
  return local;
}

/* The record as this database holds it: field → value (copied, since the
 * merge writes to the table while it is held), or NULL when absent. */
static GHashTable *
read_local_row (Merge   *m,
                GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id = ?", m->tbl);
  sqlite3_stmt *stmt = wm_store_prepare (m->store, sql, error);
  GHashTable *row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, m->pk, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) sqlite3_value_free);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_hash_table_insert (row, g_strdup (sqlite3_column_name (stmt, i)),
                             sqlite3_value_dup (sqlite3_column_value (stmt, i)));
    }
  else if (rc != SQLITE_DONE)
    wm_store_set_sqlite_error (m->store, error, rc, "read the plan");
  sqlite3_reset (stmt);
  return row;
}

static GHashTable *
values_as_text (GHashTable *row,
                GPtrArray  *cells)
{
  GHashTable *text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (row != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, row);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (sqlite3_value_type (value) != SQLITE_NULL && sqlite3_value_type (value) != SQLITE_BLOB)
          g_hash_table_insert (text, g_strdup (key),
                               g_strdup ((const char *) sqlite3_value_text (value)));
    }
  for (guint i = 0; cells != NULL && i < cells->len; i++)
    {
      IncomingCell *cell = cells->pdata[i];
      if (!g_hash_table_contains (text, cell->col)
          && sqlite3_value_type (cell->value) != SQLITE_NULL
          && sqlite3_value_type (cell->value) != SQLITE_BLOB)
        g_hash_table_insert (text, g_strdup (cell->col),
                             g_strdup ((const char *) sqlite3_value_text (cell->value)));
    }
  return text;
}

typedef struct
{
  const char    *col;
  WmConflictKind kind;
  sqlite3_value *winner_value;
  gint64         winner_version;
  const char    *winner_site;
  gint64         winner_at;
  sqlite3_value *loser_value;
  gint64         loser_version;
  const char    *loser_site;
  gint64         loser_at;
  gboolean       loser_was_local;
} ConflictRecord;

/* Kept once: the same pair of writes seen again (the same file imported
 * twice, or both writes forwarded by a third laptop) is ignored by the
 * table's UNIQUE constraint. */
static gboolean
record_conflict (Merge                *m,
                 const ConflictRecord *c,
                 const char           *label,
                 GError              **error)
{
  sqlite3_stmt *stmt = wm_store_prepare (m->store,
    "INSERT OR IGNORE INTO conflict (tbl, pk, col, kind, record_label, winner_value, "
    "winner_version, winner_site, winner_at, loser_value, loser_version, loser_site, loser_at, "
    "loser_was_local, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, m->tbl, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->pk, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, c->col, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, c->kind == WM_CONFLICT_DELETE ? "delete" : "edit", -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, label, -1, SQLITE_STATIC);
  if (c->winner_value)
    sqlite3_bind_value (stmt, 6, c->winner_value);
  sqlite3_bind_int64 (stmt, 7, c->winner_version);
  sqlite3_bind_text (stmt, 8, c->winner_site, -1, SQLITE_STATIC);
  if (c->winner_at > 0)
    sqlite3_bind_int64 (stmt, 9, c->winner_at);
  if (c->loser_value)
    sqlite3_bind_value (stmt, 10, c->loser_value);
  sqlite3_bind_int64 (stmt, 11, c->loser_version);
  sqlite3_bind_text (stmt, 12, c->loser_site, -1, SQLITE_STATIC);
  if (c->loser_at > 0)
    sqlite3_bind_int64 (stmt, 13, c->loser_at);
  sqlite3_bind_int (stmt, 14, c->loser_was_local);
  sqlite3_bind_text (stmt, 15, m->now, -1, SQLITE_STATIC);
  if (!run (m->store, stmt, "keep a conflicting edit", error))
    return FALSE;
  if (sqlite3_changes (m->db) > 0)
    m->report->conflicts++;
  return TRUE;
}

/* The cell's new stamp: an UPDATE when this database has the cell (the
 * merge read its clock rows just before), else an INSERT.  Either way a
 * local version, so the cell is news to the peers this laptop talks to. */
static gboolean
write_clock (Merge        *m,
             const char   *col,
             gboolean      exists,
             gint64        version,
             const char   *site,
             gint64        at,
             GError      **error)
{
  sqlite3_stmt *stmt = wm_store_prepare (m->store, exists
    ? "UPDATE clock SET version = ?4, site = ?5, db_version = ?6, at = ?7 "
      "WHERE tbl = ?1 AND pk = ?2 AND col = ?3"
    : "INSERT INTO clock (tbl, pk, col, version, site, db_version, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, m->tbl, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->pk, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, col, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, version);
  sqlite3_bind_text (stmt, 5, site, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, m->pending);
  if (at > 0)
    sqlite3_bind_int64 (stmt, 7, at);
  return run (m->store, stmt, "record the change history", error);
}

static gboolean
prepare (Merge         *m,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  int rc = sqlite3_prepare_v3 (m->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);

  if (rc != SQLITE_OK)
    {
      wm_store_set_sqlite_error (m->store, error, rc, "merge the changes");
      return FALSE;
    }
  return TRUE;
}

static TableInfo *
table_info (Merge   *m,
            GError **error)
{
  TableInfo *info = g_hash_table_lookup (m->tables, m->tbl);
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (info != NULL)
    return info;
  stmt = wm_store_prepare (m->store, "SELECT name FROM pragma_table_info(?) "
                                     "WHERE name != 'id' ORDER BY cid", error);
  if (stmt == NULL)
    return NULL;
  info = g_new0 (TableInfo, 1);
  info->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  info->updates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         finalize_statement);
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "UPDATE \"%s\" SET ", m->tbl);
  sqlite3_bind_text (stmt, 1, m->tbl, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 0);
      guint n = ++info->n_columns;

      g_hash_table_insert (info->params, g_strdup (column), GUINT_TO_POINTER (n));
      g_string_append_printf (sql, "%s\"%s\" = CASE WHEN ?%u THEN ?%u ELSE \"%s\" END",
                              n > 1 ? ", " : "", column, 2 * n - 1, 2 * n, column);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (m->store, error, rc, "read the plan's structure");
      table_info_free (info);
      return NULL;
    }
  g_string_append_printf (sql, " WHERE id = ?%u", 2 * info->n_columns + 1);
  g_hash_table_insert (m->tables, g_strdup (m->tbl), info);
  if (!prepare (m, sql->str, &info->update, error))
    return NULL;
  g_string_printf (sql, "INSERT INTO \"%s\" (id) VALUES (?)", m->tbl);
  if (!prepare (m, sql->str, &info->insert, error))
    return NULL;
  g_string_printf (sql, "DELETE FROM \"%s\" WHERE id = ?", m->tbl);
  if (!prepare (m, sql->str, &info->delete, error))
    return NULL;
  return info;
}

static void
note_changed (Merge *m)
{
  g_hash_table_add (m->changed, g_strconcat (m->tbl, "\x1f", m->pk, NULL));
}

/* The record is deleted on the other side: the tombstone wins over every
 * cell.  Fields this side changed that the other had not seen are kept
 * as conflicts, so that the edit does not vanish without a trace. */
static gboolean
merge_delete (Merge        *m,
              IncomingCell *tomb,
              GHashTable   *local,
              GError      **error)
{
  g_autoptr(GHashTable) row = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;

  if (g_hash_table_contains (local, WM_TOMBSTONE_COLUMN))
    return TRUE;  /* deleted here too */

  row = read_local_row (m, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (tomb->version > vector_get (m->k_local, tomb->site))
    {
      g_hash_table_iter_init (&iter, local);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          LocalCell *cell = value;
          ConflictRecord c = { 0 };

          if (cell->version <= vector_get (m->k_sender, cell->site))
            continue;
          if (label == NULL)
            {
              g_autoptr(GHashTable) text = values_as_text (row, NULL);
              label = describe_record (m->store, m->tbl, m->pk, text);
            }
          c.col = key;
          c.kind = WM_CONFLICT_DELETE;
          c.winner_version = tomb->version;
          c.winner_site = tomb->site;
          c.winner_at = tomb->at;
          c.loser_value = row ? g_hash_table_lookup (row, key) : NULL;
          c.loser_version = cell->version;
          c.loser_site = cell->site;
          c.loser_at = cell->at;
          c.loser_was_local = TRUE;
          if (!record_conflict (m, &c, label, error))
            return FALSE;
        }
    }

  if (row != NULL)
    {
      TableInfo *info = table_info (m, error);

      if (info == NULL)
        return FALSE;
      stmt = info->delete;
      sqlite3_bind_text (stmt, 1, m->pk, -1, SQLITE_STATIC);
      if (!run (m->store, stmt, "delete a record", error))
        return FALSE;
      wm_sync_report_get_table (m->report, m->tbl, TRUE)->deleted++;
      note_changed (m);
    }

  /* The tombstone is kept even for a record this laptop never had, so
   * that an older file cannot bring it back. */
  stmt = wm_store_prepare (m->store, "DELETE FROM clock WHERE tbl = ? AND pk = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, m->tbl, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->pk, -1, SQLITE_STATIC);
  if (!run (m->store, stmt, "record the change history", error)
      || !write_clock (m, WM_TOMBSTONE_COLUMN, FALSE, tomb->version, tomb->site, tomb->at,
                       error))
    return FALSE;
  m->report->cells_applied++;
  return TRUE;
}

/* The record was deleted here: incoming cells are ignored; edits the
 * sender made without having seen the delete are kept as conflicts. */
static gboolean
merge_into_deleted (Merge      *m,
                    LocalCell  *tomb,
                    GError    **error)
{
  g_autofree char *label = NULL;

  if (tomb->version <= vector_get (m->k_sender, tomb->site))
    return TRUE;
  for (guint i = 0; i < m->cells->len; i++)
    {
      IncomingCell *cell = m->cells->pdata[i];
      ConflictRecord c = { 0 };

      if (cell->version <= vector_get (m->k_local, cell->site))
        continue;
      if (label == NULL)
        {
          g_autoptr(GHashTable) text = values_as_text (NULL, m->cells);
          label = describe_record (m->store, m->tbl, m->pk, text);
        }
      c.col = cell->col;
      c.kind = WM_CONFLICT_DELETE;
      c.winner_version = tomb->version;
      c.winner_site = tomb->site;
      c.winner_at = tomb->at;
      c.loser_value = cell->value;
      c.loser_version = cell->version;
      c.loser_site = cell->site;
      c.loser_at = cell->at;
      c.loser_was_local = FALSE;
      if (!record_conflict (m, &c, label, error))
        return FALSE;
    }
  return TRUE;
}

/* The UPDATE for this record's winning columns, and whether it binds
 * them in order (?1..?n, then the id) or in the CASE form. */
static sqlite3_stmt *
update_for (Merge      *m,
            TableInfo  *info,
            GPtrArray  *winners,
            gboolean   *shaped,
            GError    **error)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < winners->len; i++)
    {
      g_string_append (key, ((IncomingCell *) winners->pdata[i])->col);
      g_string_append_c (key, ',');
    }
  stmt = g_hash_table_lookup (info->updates, key->str);
  *shaped = TRUE;
  if (stmt != NULL)
    return stmt;
  if (g_hash_table_size (info->updates) >= MAX_UPDATE_SHAPES)
    {
      *shaped = FALSE;
      return info->update;
    }
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "UPDATE \"%s\" SET ", m->tbl);
  for (guint i = 0; i < winners->len; i++)
    g_string_append_printf (sql, "%s\"%s\" = ?%u", i ? ", " : "",
                            ((IncomingCell *) winners->pdata[i])->col, i + 1);
  g_string_append_printf (sql, " WHERE id = ?%u", winners->len + 1);
  if (!prepare (m, sql->str, &stmt, error))
    return NULL;
  g_hash_table_insert (info->updates, g_strdup (key->str), stmt);
  return stmt;
}

static gboolean
write_winners (Merge      *m,
               GHashTable *local,
               GPtrArray  *winners,
               GError    **error)
{
  TableInfo *info = table_info (m, error);
  WmSyncTableCount *count;
  sqlite3_stmt *update;
  gboolean shaped;
  guint n = winners->len;

  if (info == NULL)
    return FALSE;
  update = update_for (m, info, winners, &shaped, error);
  if (update == NULL)
    return FALSE;
  sqlite3_reset (update);
  sqlite3_clear_bindings (update);
  for (guint i = 0; i < n; i++)
    {
      IncomingCell *cell = winners->pdata[i];
      guint param = GPOINTER_TO_UINT (g_hash_table_lookup (info->params, cell->col));

      g_assert (param > 0);  /* checked against the schema before the merge */
      if (shaped)
        sqlite3_bind_value (update, i + 1, cell->value);
      else
        {
          sqlite3_bind_int (update, 2 * param - 1, 1);
          sqlite3_bind_value (update, 2 * param, cell->value);
        }
    }
  sqlite3_bind_text (update, shaped ? n + 1 : 2 * info->n_columns + 1, m->pk, -1,
                     SQLITE_STATIC);
  if (!run (m->store, update, "merge the changes", error))
    return FALSE;

  count = wm_sync_report_get_table (m->report, m->tbl, TRUE);
  if (sqlite3_changes (m->db) > 0)
    count->updated++;
  else
    {
      /* A new record: its id, then its fields, with their defaults for
       * any the file does not carry. */
      sqlite3_reset (info->insert);
      sqlite3_bind_text (info->insert, 1, m->pk, -1, SQLITE_STATIC);
      if (!run (m->store, info->insert, "merge the changes", error)
          || !run (m->store, update, "merge the changes", error))
        return FALSE;
      count->added++;
    }

  for (guint i = 0; i < n; i++)
    {
      IncomingCell *cell = winners->pdata[i];
      if (!write_clock (m, cell->col, g_hash_table_contains (local, cell->col), cell->version,
                        cell->site, cell->at, error))
        return FALSE;
    }
  m->report->cells_applied += n;
  note_changed (m);
  return TRUE;
}

/* All the incoming cells of one record against this database's. */
/* A conflict open here is settled by a later write from a laptop that
 * had seen both of its values: someone there chose (resolved it, or
 * typed a new value), and that choice has just won.  Leaving it open
 * would show a choice between two values neither of which is current. */
static gboolean
settle_conflicts (Merge        *m,
                  IncomingCell *cell,
                  GError      **error)
{
  g_autoptr(GArray) settled = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (m->store,
                           "SELECT id, winner_version, winner_site, loser_version, loser_site "
                           "FROM conflict WHERE resolved_at IS NULL AND tbl = ? AND pk = ? "
                           "AND col = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, m->tbl, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->pk, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, cell->col, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *winner_site = (const char *) sqlite3_column_text (stmt, 2);
      const char *loser_site = (const char *) sqlite3_column_text (stmt, 4);

      if (sqlite3_column_int64 (stmt, 1) <= vector_get (m->k_sender, winner_site)
          && sqlite3_column_int64 (stmt, 3) <= vector_get (m->k_sender, loser_site))
        g_array_append_val (settled, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (m->store, error, rc, "read the conflicts");
      return FALSE;
    }

  for (guint i = 0; i < settled->len; i++)
    {
      stmt = wm_store_prepare (m->store,
                               "UPDATE conflict SET resolved_at = ?, resolution = 'settled elsewhere' "
                               "WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, m->now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, g_array_index (settled, gint64, i));
      if (!run (m->store, stmt, "settle a conflict", error))
        return FALSE;
      m->report->settled++;
    }
  return TRUE;
}

static gboolean
merge_record (Merge   *m,
              GError **error)
{
  g_autoptr(GHashTable) local = read_local_clock (m, error);
  g_autoptr(GPtrArray) winners = g_ptr_array_new ();
  g_autoptr(GHashTable) row = NULL;
  g_autofree char *label = NULL;
  gboolean row_read = FALSE;
  LocalCell *local_tomb;

  if (local == NULL)
    return FALSE;

  for (guint i = 0; i < m->cells->len; i++)
    {
      IncomingCell *cell = m->cells->pdata[i];
      if (g_str_equal (cell->col, WM_TOMBSTONE_COLUMN))
        return merge_delete (m, cell, local, error);
    }
  local_tomb = g_hash_table_lookup (local, WM_TOMBSTONE_COLUMN);
  if (local_tomb != NULL)
    return merge_into_deleted (m, local_tomb, error);

  for (guint i = 0; i < m->cells->len; i++)
    {
      IncomingCell *cell = m->cells->pdata[i];
      LocalCell *mine = g_hash_table_lookup (local, cell->col);
      sqlite3_value *my_value;
      gboolean wins;
      int order;

      if (mine == NULL)
        {
          g_ptr_array_add (winners, cell);
          continue;
        }
      order = compare_stamps (cell->version, cell->site, mine->version, mine->site);
      /* One (version, site) pair names one write, so one value: nothing
       * to do.  (A transaction that changes a cell twice records it once,
       * after its last change, and files are written after commit.) */
      if (order == 0)
        continue;
      /* Each side had not seen the other's write: both changed the field
       * since they last exchanged. */
      if (!(mine->version > vector_get (m->k_sender, mine->site)
            && cell->version > vector_get (m->k_local, cell->site)))
        {
          if (order > 0)
            {
              if (m->open_conflicts && !settle_conflicts (m, cell, error))
                return FALSE;
              g_ptr_array_add (winners, cell);
            }
          continue;
        }

      if (!row_read)
        {
          g_autoptr(GError) local_error = NULL;
          row = read_local_row (m, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          row_read = TRUE;
        }
      my_value = row ? g_hash_table_lookup (row, cell->col) : NULL;
      wins = order > 0;
      if (compare_values (cell->value, my_value) != 0)
        {
          ConflictRecord c = { 0 };

          if (label == NULL)
            {
              g_autoptr(GHashTable) text = values_as_text (row, m->cells);
              label = describe_record (m->store, m->tbl, m->pk, text);
            }
          c.col = cell->col;
          c.kind = WM_CONFLICT_EDIT;
          c.winner_value = wins ? cell->value : my_value;
          c.winner_version = wins ? cell->version : mine->version;
          c.winner_site = wins ? cell->site : mine->site;
          c.winner_at = wins ? cell->at : mine->at;
          c.loser_value = wins ? my_value : cell->value;
          c.loser_version = wins ? mine->version : cell->version;
          c.loser_site = wins ? mine->site : cell->site;
          c.loser_at = wins ? mine->at : cell->at;
          c.loser_was_local = wins;
          if (!record_conflict (m, &c, label, error))
            return FALSE;
        }
      if (wins)
        g_ptr_array_add (winners, cell);
    }

  if (winners->len == 0)
    return TRUE;
  return write_winners (m, local, winners, error);
}

static gboolean
merge_cell (WmBundle           *bundle,
            const WmBundleCell *cell,
            gpointer            user_data,
            GError            **error)
{
  Merge *m = user_data;
  IncomingCell *incoming;

  if (m->tbl == NULL || !g_str_equal (m->tbl, cell->tbl) || !g_str_equal (m->pk, cell->pk))
    {
      if (m->tbl != NULL && !merge_record (m, error))
        return FALSE;
      g_free (m->tbl);
      g_free (m->pk);
      m->tbl = g_strdup (cell->tbl);
      m->pk = g_strdup (cell->pk);
      g_ptr_array_set_size (m->cells, 0);
    }
  incoming = g_new0 (IncomingCell, 1);
  incoming->col = g_strdup (cell->col);
  incoming->value = sqlite3_value_dup (cell->value);
  incoming->version = cell->version;
  incoming->site = cell->site;
  incoming->at = cell->at;
  g_ptr_array_add (m->cells, incoming);
  return TRUE;
}

static GHashTable *
read_local_knowledge (WmStore *store)
{
  GHashTable *vector = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = wm_store_prepare (store, "SELECT site, known_version FROM peer", NULL);
  gint64 own = query_int64 (store, "SELECT db_version FROM clock_state", NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 version = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (vector, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_memdup2 (&version, sizeof version));
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  /* This laptop has every one of its own writes. */
  g_hash_table_insert (vector, g_strdup (wm_store_get_site_id (store)),
                       g_memdup2 (&own, sizeof own));
  return vector;
}

/* After the cells: what the sender knew becomes what we know (when the
 * file follows on from the last one we had from it), and what it says it
 * has of ours tells the next "--peer" export where to start. */
static gboolean
update_peers (Merge   *m,
              GError **error)
{
  const char *sender = wm_bundle_get (m->bundle, "source_site");
  g_autoptr(GHashTable) acks = wm_bundle_get_vector (m->bundle, "ack.");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 received = query_int64 (m->store, "SELECT received_version FROM peer WHERE site = ?",
                                 sender);
  gint64 since = wm_bundle_get_int (m->bundle, "since");
  gint64 upto = wm_bundle_get_int (m->bundle, "upto");
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;

  /* A file made for this laptop starts where the previous file from the
   * same sender ended.  One that starts later (files imported out of
   * order, another laptop's file, a database restored from a backup)
   * still merges its cells, but its sender's knowledge is not ours until
   * the missing file arrives. */
  m->report->follows_on = since <= received;
  if (m->report->follows_on)
    {
      stmt = wm_store_prepare (m->store,
                               "INSERT INTO peer (site, known_version) VALUES (?1, ?2) "
                               "ON CONFLICT (site) DO UPDATE SET "
                               "known_version = max(known_version, excluded.known_version)",
                               error);
      if (stmt == NULL)
        return FALSE;
      g_hash_table_iter_init (&iter, m->k_sender);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (g_str_equal (key, m->local_site))
            continue;
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, *(gint64 *) value);
          if (!run (m->store, stmt, "note what the sender knew", error))
            return FALSE;
        }
    }

  stmt = wm_store_prepare (m->store,
                           "INSERT INTO peer (site, name, acked_version, received_version, "
                           "last_import) VALUES (?1, ?2, ?3, ?4, ?5) "
                           "ON CONFLICT (site) DO UPDATE SET name = excluded.name, "
                           "acked_version = max(acked_version, excluded.acked_version), "
                           "received_version = max(received_version, excluded.received_version), "
                           "last_import = excluded.last_import", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sender, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->report->peer_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, vector_get (acks, m->local_site));
  sqlite3_bind_int64 (stmt, 4, m->report->follows_on ? upto : 0);
  sqlite3_bind_text (stmt, 5, m->now, -1, SQLITE_STATIC);
  if (!run (m->store, stmt, "note the import", error))
    return FALSE;

  /* Names of laptops known through the sender, where we have none. */
  stmt = wm_store_prepare (m->store, "UPDATE peer SET name = ?1 WHERE site = ?2 AND name IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, m->k_sender);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name_key = g_strconcat ("name.", key, NULL);
      g_autofree char *name = NULL;

      if (wm_bundle_get (m->bundle, name_key) == NULL || g_str_equal (key, sender))
        continue;
      name = printable (wm_bundle_get (m->bundle, name_key), 100);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
      if (!run (m->store, stmt, "note the names of laptops", error))
        return FALSE;
    }
  return TRUE;
}

static void
queue_changes (Merge *m)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (m->changed) > MANY_CHANGES)
    {
      for (guint i = 0; i < m->report->tables->len; i++)
        wm_store_queue_change (m->store,
                               ((WmSyncTableCount *) m->report->tables->pdata[i])->table, NULL);
      return;
    }
  g_hash_table_iter_init (&iter, m->changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);
      wm_store_queue_change (m->store, parts[0], parts[1]);
    }
}

/* Before the commit, whose "changed" handlers may write (and must be
 * tracked), and on every way out.  Changing the setting expires the
 * connection's prepared statements; SQLite prepares them again, with the
 * triggers, when they are next used. */
static void
triggers_back_on (Merge *m)
{
  if (!m->triggers_off)
    return;
  g_clear_pointer (&m->tables, g_hash_table_unref);
  sqlite3_db_config (m->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
  m->triggers_off = FALSE;
}

static void
merge_clear (Merge *m)
{
  triggers_back_on (m);
  if (m->cache_size != 0)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT,
                                              m->cache_size);
      wm_store_exec (m->store, sql, NULL);
      m->cache_size = 0;
    }
  g_clear_pointer (&m->k_local, g_hash_table_unref);
  g_clear_pointer (&m->k_sender, g_hash_table_unref);
  g_clear_pointer (&m->not_null, g_hash_table_unref);
  g_clear_pointer (&m->tables_read, g_hash_table_unref);
  g_clear_pointer (&m->tables, g_hash_table_unref);
  g_clear_pointer (&m->changed, g_hash_table_unref);
  g_clear_pointer (&m->cells, g_ptr_array_unref);
  g_clear_pointer (&m->now, g_free);
  g_clear_pointer (&m->last_tbl, g_free);
  g_clear_pointer (&m->last_pk, g_free);
  g_clear_pointer (&m->tbl, g_free);
  g_clear_pointer (&m->pk, g_free);
}

gboolean
wm_sync_import (WmStore       *store,
                const char    *path,
                WmSyncReport **out,
                GError       **error)
{
  return wm_sync_import_full (store, path, WM_SYNC_IMPORT_DEFAULT, out, error);
}

gboolean
wm_sync_import_full (WmStore            *store,
                     const char         *path,
                     WmSyncImportFlags   flags,
                     WmSyncReport      **out,
                     GError            **error)
{
  g_autoptr(WmBundle) bundle = NULL;
  g_autoptr(WmSyncReport) report = NULL;
  g_autoptr(WmRecord) plan = NULL;
  Merge m = { 0 };
  const char *sender;
  gint64 start, opened, verified = 0, backed_up = 0, merged;
  gboolean in_transaction = FALSE;
  gboolean ok = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = g_get_monotonic_time ();
  bundle = wm_bundle_open (path, error);
  if (bundle == NULL)
    return FALSE;
  opened = g_get_monotonic_time ();

  sender = wm_bundle_get (bundle, "source_site");
  if (g_str_equal (sender, wm_store_get_site_id (store)))
    return wm_bundle_invalid (bundle, error, "it was made by this database, so it holds "
                                             "nothing new. Import files that other laptops "
                                             "send.");

  plan = wm_store_get_plan (store, NULL);
  if (plan != NULL && !g_str_equal (wm_record_get_id (plan), wm_bundle_get (bundle, "plan_id")))
    {
      g_autofree char *theirs = shown_name (wm_bundle_get (bundle, "plan_title") ?: "");
      g_autofree char *their_area = shown_name (wm_bundle_get (bundle, "plan_area") ?: "");
      return wm_bundle_invalid (bundle, error,
                                "it holds changes to another plan, “%s” (%s), but this database "
                                "holds “%s” (%s).", theirs, their_area,
                                wm_record_get_nonnull (plan, "title"),
                                wm_record_get_nonnull (plan, "area"));
    }

  report = wm_sync_report_new ();
  report->path = g_strdup (path);
  report->peer_site = g_strdup (sender);
  report->peer_name = printable (wm_bundle_get (bundle, "source_name"), 100);
  report->plan_id = g_strdup (wm_bundle_get (bundle, "plan_id"));
  report->plan_title = printable (wm_bundle_get (bundle, "plan_title"), 200);
  report->plan_area = printable (wm_bundle_get (bundle, "plan_area"), 100);
  report->since = wm_bundle_get_int (bundle, "since");
  report->upto = wm_bundle_get_int (bundle, "upto");
  report->joined = plan == NULL;
  report->dry_run = (flags & WM_SYNC_IMPORT_DRY_RUN) != 0;

  m.store = store;
  m.db = wm_store_get_db (store);
  m.bundle = bundle;
  m.report = report;
  m.local_site = wm_store_get_site_id (store);
  m.plan_id = wm_bundle_get (bundle, "plan_id");
  m.not_null = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.tables_read = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, table_info_free);
  m.changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.cells = g_ptr_array_new_with_free_func (incoming_cell_free);
  m.now = wm_now_iso ();

  /* Everything is checked before anything is written. */
  if (!wm_bundle_verify_cells (bundle, check_cell, &m, error))
    goto out;
  verified = g_get_monotonic_time ();

  if (!(flags & (WM_SYNC_IMPORT_NO_BACKUP | WM_SYNC_IMPORT_DRY_RUN))
      && query_int64 (store, "SELECT EXISTS (SELECT 1 FROM clock)", NULL)
      && !backup_database (store, &report->backup_path, error))
    goto out;

  backed_up = g_get_monotonic_time ();
  if (!wm_store_begin (store, error))
    goto out;
  in_transaction = TRUE;

  m.k_local = read_local_knowledge (store);
  m.k_sender = wm_bundle_get_vector (bundle, "knowledge.");
  m.open_conflicts = query_int64 (store, "SELECT EXISTS (SELECT 1 FROM conflict "
                                         "WHERE resolved_at IS NULL)", NULL);

  /* Lamport: this laptop's clock moves past every version it has now
   * seen, so that its next edit wins over all of them.  Triggers stay
   * quiet while the merge writes the cells with their own versions. */
  m.pending = MAX (query_int64 (store, "SELECT pending FROM clock_state", NULL),
                   m.max_version + 1);
  stmt = wm_store_prepare (store, "UPDATE clock_state SET pending = ?, applying = 1", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, m.pending);
  if (!run (store, stmt, "start the merge", error))
    goto out;

  /* A big merge touches clock rows all over the table: with SQLite's
   * default 2 MB cache it would reread pages and spill dirty ones to the
   * WAL before the commit.  Up to 64 MB while it runs, then as before. */
  m.cache_size = query_int64 (store, "PRAGMA cache_size", NULL);
  if (m.cache_size != 0 && m.cache_size > -65536)
    wm_store_exec (store, "PRAGMA cache_size = -65536", NULL);
  else
    m.cache_size = 0;

  /* With applying = 1 the tracking triggers do nothing, but SQLite still
   * enters each one's program for every row written (a frame allocated
   * and cleared per trigger per row: most of a merge's time).  So they
   * are off for the merge's own statements, on this connection only. */
  sqlite3_db_config (m.db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  m.triggers_off = TRUE;

  if (!wm_bundle_foreach_cell (bundle, merge_cell, &m, error)
      || (m.tbl != NULL && !merge_record (&m, error)))
    goto out;

  if (!wm_store_exec (store, "UPDATE clock_state SET applying = 0", error)
      || !update_peers (&m, error))
    goto out;

  triggers_back_on (&m);
  if (report->dry_run)
    {
      wm_store_rollback (store);
      in_transaction = FALSE;
      ok = TRUE;
      goto out;
    }
  queue_changes (&m);
  in_transaction = FALSE;
  merged = g_get_monotonic_time ();
  ok = wm_store_commit (store, error);
  g_debug ("import of %u cells: open and check the file %.1f ms, check the cells %.1f ms, "
           "backup %.1f ms, merge %.1f ms, commit %.1f ms", report->cells,
           (opened - start) / 1e3, (verified - opened) / 1e3, (backed_up - verified) / 1e3,
           (merged - backed_up) / 1e3, (g_get_monotonic_time () - merged) / 1e3);

out:
  triggers_back_on (&m);
  if (in_transaction)
    wm_store_rollback (store);
  merge_clear (&m);
  if (!ok && error != NULL && *error != NULL
      && !g_str_has_prefix ((*error)->message, "“"))
    g_prefix_error (error, "Could not import “%s”: ", wm_bundle_get_display_name (bundle));
  if (ok && out != NULL)
    *out = g_steal_pointer (&report);
  return ok;
}

/* ---------- status ---------- */

WmSyncStatus *
wm_sync_status (WmStore  *store,
                GError  **error)
{
  g_autoptr(WmSyncStatus) status = wm_sync_status_new ();
  g_autoptr(WmRecord) plan = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  status->site_id = g_strdup (wm_store_get_site_id (store));
  status->site_name = wm_sync_get_site_name (store);
  status->db_version = query_int64 (store, "SELECT db_version FROM clock_state", NULL);
  status->cells = query_int64 (store, "SELECT count(*) FROM clock", NULL);
  status->open_conflicts = query_int64 (store, "SELECT count(*) FROM conflict "
                                               "WHERE resolved_at IS NULL", NULL);
  plan = wm_store_get_plan (store, NULL);
  if (plan != NULL)
    {
      status->plan_id = g_strdup (wm_record_get_id (plan));
      status->plan_title = g_strdup (wm_record_get (plan, "title"));
      status->plan_area = g_strdup (wm_record_get (plan, "area"));
    }
  status->content_hash = wm_sync_content_hash (store, error);
  if (status->content_hash == NULL)
    return NULL;

  stmt = wm_store_prepare (store,
                           "SELECT site, name, acked_version, received_version, known_version, "
                           "last_import, last_export FROM peer "
                           "ORDER BY last_import IS NULL, coalesce(name, site), site", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmSyncPeer *peer = g_new0 (WmSyncPeer, 1);

      peer->site = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      peer->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      peer->acked_version = sqlite3_column_int64 (stmt, 2);
      peer->received_version = sqlite3_column_int64 (stmt, 3);
      peer->known_version = sqlite3_column_int64 (stmt, 4);
      peer->last_import = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      peer->last_export = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      peer->direct = peer->last_import != NULL;
      g_ptr_array_add (status->peers, peer);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read the sync status");
      return NULL;
    }

  /* What a "--peer" file for each would carry. */
  stmt = wm_store_prepare (store, "SELECT count(*) FROM clock WHERE db_version > ?1 "
                                  "AND site IS NOT ?2", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < status->peers->len; i++)
    {
      WmSyncPeer *peer = status->peers->pdata[i];

      if (!peer->direct)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, peer->acked_version);
      sqlite3_bind_text (stmt, 2, peer->site, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        peer->unseen_cells = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&status);
}

/* ---------- conflicts ---------- */

static char *
value_text (sqlite3_stmt *stmt,
            int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return NULL;
    case SQLITE_BLOB:
      return g_strdup_printf ("(%d bytes of data)", sqlite3_column_bytes (stmt, column));
    default:
      return g_strdup ((const char *) sqlite3_column_text (stmt, column));
    }
}

static char *
site_name (WmStore    *store,
           const char *site)
{
  if (g_strcmp0 (site, wm_store_get_site_id (store)) == 0)
    return wm_sync_get_site_name (store);
  return query_text (store, "SELECT name FROM peer WHERE site = ?", site);
}

#define CONFLICT_COLUMNS \
  "id, kind, tbl, pk, col, record_label, winner_value, winner_site, winner_at, " \
  "loser_value, loser_site, loser_at, loser_was_local, created_at, resolved_at, resolution"

static WmConflict *
conflict_from_stmt (WmStore      *store,
                    sqlite3_stmt *stmt)
{
  WmConflict *c = g_new0 (WmConflict, 1);
  gboolean loser_was_local = sqlite3_column_int (stmt, 12);
  g_autofree char *winner_value = value_text (stmt, 6);
  g_autofree char *loser_value = value_text (stmt, 9);
  const char *winner_site = (const char *) sqlite3_column_text (stmt, 7);
  const char *loser_site = (const char *) sqlite3_column_text (stmt, 10);
  gint64 winner_at = sqlite3_column_int64 (stmt, 8);
  gint64 loser_at = sqlite3_column_int64 (stmt, 11);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "delete") == 0
            ? WM_CONFLICT_DELETE : WM_CONFLICT_EDIT;
  c->table = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  c->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  c->field = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  c->record_label = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  c->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 13));
  c->resolved_at = g_strdup ((const char *) sqlite3_column_text (stmt, 14));
  c->resolution = g_strdup ((const char *) sqlite3_column_text (stmt, 15));
  /* Mine is what this database held before the import that noticed. */
  c->mine_kept = !loser_was_local;
  c->mine_value = g_strdup (loser_was_local ? loser_value : winner_value);
  c->theirs_value = g_strdup (loser_was_local ? winner_value : loser_value);
  c->mine_site = g_strdup (loser_was_local ? loser_site : winner_site);
  c->theirs_site = g_strdup (loser_was_local ? winner_site : loser_site);
  c->mine_at = loser_was_local ? loser_at : winner_at;
  c->theirs_at = loser_was_local ? winner_at : loser_at;
  c->mine_site_name = site_name (store, c->mine_site);
  c->theirs_site_name = site_name (store, c->theirs_site);
  /* A deletion always wins: it is the winner's side that deleted. */
  if (c->kind == WM_CONFLICT_DELETE)
    {
      c->mine_deleted = !loser_was_local;
      c->theirs_deleted = loser_was_local;
    }
  return c;
}

GPtrArray *
wm_sync_list_conflicts (WmStore   *store,
                        gboolean   include_resolved,
                        GError   **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store,
                           include_resolved
                           ? "SELECT " CONFLICT_COLUMNS " FROM conflict ORDER BY id"
                           : "SELECT " CONFLICT_COLUMNS " FROM conflict "
                             "WHERE resolved_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (conflicts, conflict_from_stmt (store, stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read the conflicts");
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

WmConflict *
wm_sync_get_conflict (WmStore  *store,
                      gint64    id,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  WmConflict *conflict = NULL;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store, "SELECT " CONFLICT_COLUMNS " FROM conflict WHERE id = ?",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    conflict = conflict_from_stmt (store, stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 "There is no conflict %" G_GINT64_FORMAT " in this plan.", id);
  else if (rc != SQLITE_ROW)
    wm_store_set_sqlite_error (store, error, rc, "read the conflicts");
  return conflict;
}

/* The chosen value is written as a new, ordinary edit: it gets a version
 * above both and travels to the other laptops with the next changes file,
 * where it wins. */
gboolean
wm_sync_resolve_conflict (WmStore           *store,
                          gint64             id,
                          WmConflictChoice   choice,
                          GError           **error)
{
  g_autoptr(WmConflict) conflict = NULL;
  g_autofree char *now = wm_now_iso ();
  gboolean keep_mine = choice == WM_CONFLICT_KEEP_MINE;
  gboolean chosen_deleted;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (choice == WM_CONFLICT_KEEP_MINE || choice == WM_CONFLICT_TAKE_THEIRS,
                        FALSE);

  conflict = wm_sync_get_conflict (store, id, error);
  if (conflict == NULL)
    return FALSE;
  if (conflict->resolved_at != NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "Conflict %" G_GINT64_FORMAT " (%s, “%s”) was already resolved on %s (%s).",
                   id, conflict->record_label, conflict->field, conflict->resolved_at,
                   conflict->resolution);
      return FALSE;
    }

  chosen_deleted = keep_mine ? conflict->mine_deleted : conflict->theirs_deleted;
  if (conflict->kind == WM_CONFLICT_DELETE && !chosen_deleted)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s was deleted on %s, and a deleted record cannot be brought back: its "
                   "deletion has reached other laptops. Add it again if it is still needed, or "
                   "resolve this conflict with %s.", conflict->record_label,
                   keep_mine ? (conflict->theirs_site_name ?: "the other laptop")
                             : "this laptop",
                   keep_mine ? "take-theirs" : "keep-mine");
      return FALSE;
    }

  if (!wm_store_begin (store, error))
    return FALSE;

  if (conflict->kind == WM_CONFLICT_EDIT)
    {
      g_autofree char *read_sql = NULL;
      g_autofree char *write_sql = NULL;
      gboolean same = FALSE;
      int rc;

      /* The values as stored (typed), not as shown. */
      read_sql = g_strdup_printf ("SELECT \"%s\" IS (SELECT %s FROM conflict WHERE id = ?1) "
                                  "FROM \"%s\" WHERE id = ?2", conflict->field,
                                  keep_mine == !conflict->mine_kept ? "loser_value"
                                                                    : "winner_value",
                                  conflict->table);
      if (!wm_store_has_column (store, conflict->table, conflict->field))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "The field “%s” of %s no longer exists.", conflict->field,
                       conflict->record_label);
          goto fail;
        }
      stmt = wm_store_prepare (store, read_sql, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, conflict->record_id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        same = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                       "%s has been deleted since the conflict was noticed; there is nothing "
                       "to change.", conflict->record_label);
          goto fail;
        }
      if (rc != SQLITE_ROW)
        {
          wm_store_set_sqlite_error (store, error, rc, "read the record");
          goto fail;
        }
      if (!same)
        {
          write_sql = g_strdup_printf ("UPDATE \"%s\" SET \"%s\" = (SELECT %s FROM conflict "
                                       "WHERE id = ?1) WHERE id = ?2", conflict->table,
                                       conflict->field,
                                       keep_mine == !conflict->mine_kept ? "loser_value"
                                                                         : "winner_value");
          stmt = wm_store_prepare (store, write_sql, error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_text (stmt, 2, conflict->record_id, -1, SQLITE_TRANSIENT);
          if (!run (store, stmt, "write the chosen value", error))
            goto fail;
          wm_store_queue_change (store, conflict->table, conflict->record_id);
        }
      else
        {
          /* The chosen value is already the current one, so no trigger
           * fires; but the decision must still travel, or the other
           * laptop keeps the same conflict open.  A new version of the
           * cell with the same value is that decision: it wins there, and
           * settles the conflict (settle_conflicts). */
          stmt = wm_store_prepare (store,
                                   "INSERT OR REPLACE INTO clock (tbl, pk, col, version, site, "
                                   "db_version, at) SELECT ?1, ?2, ?3, s.pending, "
                                   "(SELECT value FROM meta WHERE key = 'site_id'), s.pending, "
                                   "unixepoch () FROM clock_state s", error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_text (stmt, 1, conflict->table, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, conflict->record_id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, conflict->field, -1, SQLITE_TRANSIENT);
          if (!run (store, stmt, "record the decision", error))
            goto fail;
        }
    }

  stmt = wm_store_prepare (store, "UPDATE conflict SET resolved_at = ?1, resolution = ?2 "
                                  "WHERE id = ?3", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, keep_mine ? "keep-mine" : "take-theirs", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!run (store, stmt, "mark the conflict resolved", error))
    goto fail;
  return wm_store_commit (store, error);

fail:
  wm_store_rollback (store);
  return FALSE;
}
