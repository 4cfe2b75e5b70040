/* wm-bundle.c: writing and (defensively) reading sync bundles */
#define G_LOG_DOMAIN "wm-sync"

#include "wm-bundle.h"
#include "wm-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

#define SEAL_MAGIC      "WAYMARK-SYNC-v1"   /* 15 characters and its NUL: 16 bytes */
#define SEAL_MAGIC_SIZE 16
#define SEAL_HASH_SIZE  32   /* FNV-1a 64, the image length, 16 zero bytes */
#define SEAL_SIZE       (SEAL_MAGIC_SIZE + SEAL_HASH_SIZE)
#define SQLITE_MAGIC    "SQLite format 3"   /* and its NUL: 16 bytes */

struct _WmBundle
{
  char       *display_name;
  GBytes     *bytes;       /* the whole file; SQLite reads the image in place */
  sqlite3    *db;
  GHashTable *manifest;    /* key → value */
  GPtrArray  *sites;       /* "site.N" → sites->pdata[N - 1] */
};

struct _WmBundleWriter
{
  sqlite3      *db;
  sqlite3_stmt *insert;
  GHashTable   *manifest;
  GHashTable   *site_index;  /* UUID → GINT_TO_POINTER (N) */
  guint         n_sites;
  guint         cells;
  GChecksum    *cells_checksum;
  GByteArray   *buffer;
  char         *last_key;    /* the previous cell's tbl\x1fpk\x1fcol, to keep order */
};

/* ---------- the canonical content checksum ---------- */

static void
append_int (GByteArray *buffer,
            gint64      value)
{
  guint64 le = GUINT64_TO_LE ((guint64) value);
  g_byte_array_append (buffer, (const guint8 *) &le, sizeof le);
}

static void
append_text (GByteArray *buffer,
             const char *text)
{
  g_byte_array_append (buffer, (const guint8 *) text, strlen (text) + 1);
}

static void
checksum_text (GChecksum  *checksum,
               const char *text)
{
  g_checksum_update (checksum, (const guchar *) text, strlen (text) + 1);
}

/* The content, not the bytes of the file: a bundle re-packed by SQLite
 * (VACUUM, another page size) keeps its checksum.  Each cell is encoded
 * into one buffer and hashed in one call: per-field calls cost more than
 * the hashing itself. */
static void
checksum_add_cell (GChecksum     *checksum,
                   GByteArray    *buffer,
                   const char    *tbl,
                   const char    *pk,
                   const char    *col,
                   sqlite3_value *value,
                   gint64         version,
                   gint64         site_index,
                   gint64         at)
{
  int type = value ? sqlite3_value_type (value) : SQLITE_NULL;
  const void *data = NULL;
  int length = 0;

  g_byte_array_set_size (buffer, 0);
  append_text (buffer, tbl);
  append_text (buffer, pk);
  append_text (buffer, col);
  switch (type)
    {
    case SQLITE_INTEGER:
      g_byte_array_append (buffer, (const guint8 *) "i", 1);
      append_int (buffer, sqlite3_value_int64 (value));
      break;
    case SQLITE_FLOAT:
      {
        double d = sqlite3_value_double (value);
        gint64 bits;
        memcpy (&bits, &d, sizeof bits);
        g_byte_array_append (buffer, (const guint8 *) "r", 1);
        append_int (buffer, bits);
      }
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      data = type == SQLITE_TEXT ? (const void *) sqlite3_value_text (value)
                                 : sqlite3_value_blob (value);
      length = sqlite3_value_bytes (value);
      g_byte_array_append (buffer, (const guint8 *) (type == SQLITE_TEXT ? "t" : "b"), 1);
      append_int (buffer, length);
      break;
    default:
      g_byte_array_append (buffer, (const guint8 *) "n", 1);
      break;
    }
  append_int (buffer, version);
  append_int (buffer, site_index);
  append_int (buffer, at);
  /* the value last, so a large one is not copied */
  g_checksum_update (checksum, buffer->data, buffer->len);
  if (length > 0)
    g_checksum_update (checksum, data, length);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* SHA-256 over the manifest (but its checksum) in key order, then over the
 * digest of the cells, which writer and reader compute as they stream. */
static char *
checksum_finish (GHashTable *manifest,
                 GChecksum  *cells_checksum)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (manifest, NULL);
  guint n = g_hash_table_size (manifest);

  qsort (keys, n, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (keys[i], "checksum"))
        continue;
      checksum_text (checksum, keys[i]);
      checksum_text (checksum, g_hash_table_lookup (manifest, keys[i]));
    }
  checksum_text (checksum, "cells");
  checksum_text (checksum, g_checksum_get_string (cells_checksum));
  return g_strdup (g_checksum_get_string (checksum));
}

static GHashTable *
read_manifest_table (sqlite3  *db,
                     GError  **error)
{
  g_autoptr(GHashTable) manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "SELECT key, value FROM manifest", -1, &stmt, NULL);

  /* Any file's: NULL or odd rows are read as text, never trusted. */
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);
      g_hash_table_insert (manifest, g_strdup (key ? key : ""), g_strdup (value ? value : ""));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CORRUPT,
                   "Could not read the manifest: %s", sqlite3_errmsg (db));
      return NULL;
    }
  return g_steal_pointer (&manifest);
}

char *
wm_bundle_compute_checksum (sqlite3  *db,
                            GError  **error)
{
  g_autoptr(GHashTable) manifest = read_manifest_table (db, error);
  g_autoptr(GChecksum) cells = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (manifest == NULL)
    return NULL;
  rc = sqlite3_prepare_v2 (db, "SELECT tbl, pk, col, value, version, site, at FROM cells "
                               "ORDER BY rowid", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *tbl = (const char *) sqlite3_column_text (stmt, 0);
      const char *pk = (const char *) sqlite3_column_text (stmt, 1);
      const char *col = (const char *) sqlite3_column_text (stmt, 2);

      checksum_add_cell (cells, buffer, tbl ? tbl : "", pk ? pk : "", col ? col : "",
                         sqlite3_column_value (stmt, 3), sqlite3_column_int64 (stmt, 4),
                         sqlite3_column_int64 (stmt, 5), sqlite3_column_int64 (stmt, 6));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CORRUPT,
                   "Could not read the cells: %s", sqlite3_errmsg (db));
      return NULL;
    }
  return checksum_finish (manifest, cells);
}

/* ---------- the seal ---------- */

/* FNV-1a, 64 bits.  The seal is there to catch damage in transit (a
 * truncated download, a flipped bit on a USB stick): every single-byte
 * change alters it, and it runs several times faster than SHA-256 over
 * the whole file.  Deliberate tampering is what the content checksum and
 * the checks of every field are for; no unkeyed hash could stop it. */
static void
seal_hash (const guint8 *image,
           gsize         length,
           guint8        out[SEAL_HASH_SIZE])
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  guint64 le;

  for (gsize i = 0; i < length; i++)
    {
      hash ^= image[i];
      hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  le = GUINT64_TO_LE (hash);
  memset (out, 0, SEAL_HASH_SIZE);
  memcpy (out, &le, sizeof le);
  /* the length too, so that bytes cut off the end are noticed at once */
  le = GUINT64_TO_LE ((guint64) length);
  memcpy (out + sizeof le, &le, sizeof le);
}

GBytes *
wm_bundle_seal (const guint8 *image,
                gsize         length)
{
  guint8 *data = g_malloc (length + SEAL_SIZE);

  memcpy (data, image, length);
  memset (data + length, 0, SEAL_MAGIC_SIZE);
  memcpy (data + length, SEAL_MAGIC, strlen (SEAL_MAGIC));
  seal_hash (image, length, data + length + SEAL_MAGIC_SIZE);
  return g_bytes_new_take (data, length + SEAL_SIZE);
}

/* ---------- reading ---------- */

gboolean
wm_bundle_invalid (WmBundle    *self,
                   GError     **error,
                   const char  *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
               "“%s” was refused: %s Nothing was imported.", self->display_name, message);
  return FALSE;
}

void
wm_bundle_free (WmBundle *self)
{
  if (self == NULL)
    return;
  /* The connection reads the image in place: close it first. */
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->manifest, g_hash_table_unref);
  g_clear_pointer (&self->sites, g_ptr_array_unref);
  g_free (self->display_name);
  g_free (self);
}

static gboolean
damaged (WmBundle    *self,
         GError     **error,
         const char  *detail)
{
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CORRUPT,
               "“%s” is damaged and was not imported: %s Ask for the file to be sent again.",
               self->display_name, detail);
  return FALSE;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static gboolean
check_file_bytes (WmBundle  *self,
                  GError   **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (self->bytes, &length);
  guint8 hash[SEAL_HASH_SIZE];
  gsize image_length;
  guint32 page_size;

  if (length == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK,
                   "“%s” is empty: it is not a Waymark changes file.", self->display_name);
      return FALSE;
    }
  if (length < 100 || memcmp (data, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK,
                   "“%s” is not a Waymark changes file (it is not even a database). "
                   "Changes files are made with “Send Changes…” or waymark-cli sync-export.",
                   self->display_name);
      return FALSE;
    }
  if (read_be32 (data + 68) != WM_BUNDLE_APPLICATION_ID)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK,
                   "“%s” is a database, but not a Waymark changes file (is it a plan? Plans "
                   "are opened, not imported).", self->display_name);
      return FALSE;
    }
  if (length < 512 + SEAL_SIZE
      || memcmp (data + length - SEAL_SIZE, SEAL_MAGIC, strlen (SEAL_MAGIC) + 1) != 0)
    return damaged (self, error, "its end is missing (was it cut short while being copied?).");

  image_length = length - SEAL_SIZE;
  seal_hash (data, image_length, hash);
  if (memcmp (hash, data + length - SEAL_HASH_SIZE, SEAL_HASH_SIZE) != 0)
    return damaged (self, error, "its contents do not match its seal, so some bytes changed "
                                 "after it was written.");

  /* The seal proves the file is as written; these prove the writer was
   * Waymark's: rollback-journal mode (never WAL, which would need a -wal
   * file), and exactly as many pages as the header says. */
  page_size = ((guint32) data[16] << 8) | data[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0
      || image_length % page_size != 0 || data[18] != 1 || data[19] != 1
      || (guint64) read_be32 (data + 28) * page_size != image_length)
    return damaged (self, error, "its database header is not valid.");
  return TRUE;
}

static gboolean
open_image (WmBundle  *self,
            GError   **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (self->bytes, &length);
  gsize image_length = length - SEAL_SIZE;
  int rc;

  rc = sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                   "Could not read “%s”: %s", self->display_name, sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* Nothing in the file may run: no triggers, no views, no functions its
   * schema names, no writes to the schema (SQLite's "defensive" mode), and
   * no value bigger than we would accept anyway. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL);
  sqlite3_limit (self->db, SQLITE_LIMIT_LENGTH, 2 * WM_BUNDLE_MAX_VALUE_SIZE);
  sqlite3_limit (self->db, SQLITE_LIMIT_SQL_LENGTH, 10000);
  sqlite3_limit (self->db, SQLITE_LIMIT_COLUMN, 64);
  sqlite3_limit (self->db, SQLITE_LIMIT_EXPR_DEPTH, 64);
  sqlite3_limit (self->db, SQLITE_LIMIT_ATTACHED, 0);

  rc = sqlite3_deserialize (self->db, "main", (unsigned char *) data, image_length, image_length,
                            SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK)
    return damaged (self, error, "it cannot be read as a database.");
  rc = sqlite3_exec (self->db, "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return damaged (self, error, "it cannot be read as a database.");
  return TRUE;
}

static gboolean
check_schema (WmBundle  *self,
              GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean seen_manifest = FALSE;
  gboolean seen_cells = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT type, name, sql FROM sqlite_schema", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *sql = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *shown = g_utf8_make_valid (name ? name : "", MIN (64, strlen (name ? name : "")));

      if (g_strcmp0 (type, "table") == 0 && g_strcmp0 (name, "manifest") == 0
          && g_strcmp0 (sql, WM_BUNDLE_MANIFEST_SQL) == 0)
        seen_manifest = TRUE;
      else if (g_strcmp0 (type, "table") == 0 && g_strcmp0 (name, "cells") == 0
               && g_strcmp0 (sql, WM_BUNDLE_CELLS_SQL) == 0)
        seen_cells = TRUE;
      else if (g_strcmp0 (type, "table") == 0
               && (g_strcmp0 (name, "manifest") == 0 || g_strcmp0 (name, "cells") == 0))
        {
          sqlite3_finalize (stmt);
          return wm_bundle_invalid (self, error, "its “%s” table is not laid out as Waymark "
                                                 "writes it, so it was made or changed by "
                                                 "another program.", shown);
        }
      else
        {
          const char *what = g_strcmp0 (type, "trigger") == 0 ? "a trigger"
                           : g_strcmp0 (type, "view") == 0 ? "a view"
                           : g_strcmp0 (type, "index") == 0 ? "an index"
                           : "a table";
          sqlite3_finalize (stmt);
          return wm_bundle_invalid (self, error,
                                    "it contains %s (“%s”) that Waymark never writes, so it was "
                                    "made or changed by another program.", what, shown);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return damaged (self, error, "its list of tables cannot be read.");
  if (!seen_manifest || !seen_cells)
    return wm_bundle_invalid (self, error, "it does not have the tables a Waymark changes "
                                           "file has.");
  return TRUE;
}

static gboolean
check_integrity (WmBundle  *self,
                 GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);

  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    return damaged (self, error, "SQLite’s integrity check found errors in it.");
  return TRUE;
}

static gboolean
valid_text (sqlite3_stmt *stmt,
            int           column,
            int           max_length)
{
  const char *text;
  int length;

  if (sqlite3_column_type (stmt, column) != SQLITE_TEXT)
    return FALSE;
  text = (const char *) sqlite3_column_text (stmt, column);
  length = sqlite3_column_bytes (stmt, column);
  return text != NULL && length <= max_length && (int) strlen (text) == length
         && g_utf8_validate (text, length, NULL);
}

static gboolean
read_manifest (WmBundle  *self,
               GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *previous = NULL;
  guint count = 0;
  int rc;

  self->manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  rc = sqlite3_prepare_v2 (self->db, "SELECT key, value FROM manifest", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key;

      if (++count > WM_BUNDLE_MAX_MANIFEST)
        {
          sqlite3_finalize (stmt);
          return wm_bundle_invalid (self, error, "its manifest has more than %d entries.",
                                    WM_BUNDLE_MAX_MANIFEST);
        }
      if (!valid_text (stmt, 0, WM_BUNDLE_MAX_KEY_LENGTH)
          || !valid_text (stmt, 1, WM_BUNDLE_MAX_TEXT_LENGTH))
        {
          sqlite3_finalize (stmt);
          return wm_bundle_invalid (self, error, "entry %u of its manifest is not short, valid "
                                                 "text.", count);
        }
      key = (const char *) sqlite3_column_text (stmt, 0);
      /* The table's key is unique and sorted, unless the file lies. */
      if (previous != NULL && strcmp (previous, key) >= 0)
        {
          sqlite3_finalize (stmt);
          return damaged (self, error, "its manifest is out of order.");
        }
      g_free (previous);
      previous = g_strdup (key);
      g_hash_table_insert (self->manifest, g_strdup (key),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return damaged (self, error, "its manifest cannot be read.");
  return TRUE;
}

static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, min, max, out, NULL);
}

static gboolean
check_manifest (WmBundle  *self,
                GError   **error)
{
  const char *format = wm_bundle_get (self, "format");
  gint64 version;

  if (g_strcmp0 (wm_bundle_get (self, "application"), "waymark") != 0)
    return wm_bundle_invalid (self, error, "its manifest does not say it was made by Waymark.");
  if (!parse_int (format, 1, G_MAXINT, &version))
    return wm_bundle_invalid (self, error, "its manifest has no valid format version.");
  if (version > WM_BUNDLE_FORMAT)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_TOO_NEW,
                   "“%s” was made by a newer version of Waymark (%s, changes-file format %s; "
                   "this version reads format %d). Update Waymark to import it. Nothing was "
                   "imported.", self->display_name,
                   wm_bundle_get (self, "app_version") ?: "unknown version", format,
                   WM_BUNDLE_FORMAT);
      return FALSE;
    }

  /* Sites are numbered from 1 without gaps; each is a UUID, once. */
  self->sites = g_ptr_array_new_with_free_func (g_free);
  for (guint n = 1; ; n++)
    {
      g_autofree char *key = g_strdup_printf ("site.%u", n);
      const char *site = wm_bundle_get (self, key);

      if (site == NULL)
        break;
      if (!g_uuid_string_is_valid (site))
        return wm_bundle_invalid (self, error, "site %u in its manifest is not a site id.", n);
      for (guint i = 0; i < self->sites->len; i++)
        if (g_str_equal (self->sites->pdata[i], site))
          return wm_bundle_invalid (self, error, "site %s is listed twice in its manifest.", site);
      g_ptr_array_add (self->sites, g_strdup (site));
    }

  if (!g_uuid_string_is_valid (wm_bundle_get (self, "source_site") ?: ""))
    return wm_bundle_invalid (self, error, "its manifest does not say which laptop made it.");
  if (wm_bundle_get (self, "plan_id") == NULL || *wm_bundle_get (self, "plan_id") == '\0')
    return wm_bundle_invalid (self, error, "its manifest does not say which plan it is for.");
  if (wm_bundle_get_int (self, "since") < 0 || wm_bundle_get_int (self, "upto") < 0
      || wm_bundle_get_int (self, "cell_count") < 0
      || wm_bundle_get_int (self, "cell_count") > WM_BUNDLE_MAX_CELLS
      || wm_bundle_get (self, "checksum") == NULL)
    return wm_bundle_invalid (self, error, "its manifest is incomplete.");

  /* The knowledge and acknowledgement vectors: site → version. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->manifest);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        const char *dot = strchr (key, '.');
        gint64 number;

        if (dot == NULL || g_str_has_prefix (key, "site.") || g_str_has_prefix (key, "name."))
          continue;
        if (!g_uuid_string_is_valid (dot + 1)
            || !parse_int (value, 0, WM_BUNDLE_MAX_VERSION, &number))
          return wm_bundle_invalid (self, error, "its manifest entry “%s” is not valid.",
                                    (const char *) key);
      }
  }
  return TRUE;
}

WmBundle *
wm_bundle_open_bytes (const char  *display_name,
                      GBytes      *bytes,
                      GError     **error)
{
  g_autoptr(WmBundle) self = g_new0 (WmBundle, 1);

  self->display_name = g_strdup (display_name);
  self->bytes = g_bytes_ref (bytes);

  if (!check_file_bytes (self, error)
      || !open_image (self, error)
      || !check_schema (self, error)
      || !check_integrity (self, error)
      || !read_manifest (self, error)
      || !check_manifest (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

WmBundle *
wm_bundle_open (const char  *path,
                GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   "“%s” cannot be read: %s", display, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_WAYMARK,
                   "“%s” is a folder, not a Waymark changes file.", display);
      return NULL;
    }
  /* Checked before reading, so a huge file is never loaded into memory. */
  if (st.st_size > WM_BUNDLE_MAX_FILE_SIZE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is too large (%" G_GINT64_FORMAT " MB) to be a Waymark changes file; "
                   "the limit is %d MB. Nothing was imported.", display,
                   (gint64) st.st_size / (1024 * 1024), WM_BUNDLE_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND, "%s", local_error->message);
      return NULL;
    }
  if (length > WM_BUNDLE_MAX_FILE_SIZE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” grew while it was being read. Nothing was imported.", display);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return wm_bundle_open_bytes (display, bytes, error);
}

const char *
wm_bundle_get_display_name (WmBundle *self)
{
  return self->display_name;
}

const char *
wm_bundle_get (WmBundle   *self,
               const char *key)
{
  return g_hash_table_lookup (self->manifest, key);
}

/* -1 when missing or not a number in range */
gint64
wm_bundle_get_int (WmBundle   *self,
                   const char *key)
{
  gint64 value;

  if (!parse_int (wm_bundle_get (self, key), 0, G_MAXINT64, &value))
    return -1;
  return value;
}

sqlite3 *
wm_bundle_get_db (WmBundle *self)
{
  return self->db;
}

const char *
wm_bundle_site_for_index (WmBundle *self,
                          gint64    index)
{
  if (index < 1 || index > self->sites->len)
    return NULL;
  return self->sites->pdata[index - 1];
}

/* "knowledge." or "ack." entries as site → gint64 (boxed in a pointer-
 * sized int64 array owned by the table). */
GHashTable *
wm_bundle_get_vector (WmBundle   *self,
                      const char *prefix)
{
  GHashTable *vector = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->manifest);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix))
      {
        gint64 number = 0;
        parse_int (value, 0, WM_BUNDLE_MAX_VERSION, &number);
        g_hash_table_insert (vector, g_strdup ((const char *) key + strlen (prefix)),
                             g_memdup2 (&number, sizeof number));
      }
  return vector;
}

/* ---------- streaming the cells ---------- */

static gboolean
valid_name (const char *text,
            int         length,
            int         max_length)
{
  if (text == NULL || length == 0 || length > max_length || (int) strlen (text) != length
      || !g_utf8_validate (text, length, NULL))
    return FALSE;
  for (int i = 0; i < length; i++)
    if ((guchar) text[i] < 0x20 || text[i] == 0x7f)
      return FALSE;
  return TRUE;
}

/* The cell's key against the previous one's: > 0 when it comes after. */
static int
compare_key (const char *tbl,
             const char *pk,
             const char *col,
             GString    *previous)
{
  const char *p = previous->str;
  int c;

  if ((c = strcmp (tbl, p)) != 0)
    return c;
  p += strlen (p) + 1;
  if ((c = strcmp (pk, p)) != 0)
    return c;
  p += strlen (p) + 1;
  return strcmp (col, p);
}

static void
remember_key (GString    *previous,
              const char *tbl,
              const char *pk,
              const char *col)
{
  g_string_truncate (previous, 0);
  g_string_append (previous, tbl);
  g_string_append_c (previous, '\0');
  g_string_append (previous, pk);
  g_string_append_c (previous, '\0');
  g_string_append (previous, col);
}

static char *
shown (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  if (g_utf8_strlen (valid, -1) > 40)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, 40);
      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&valid);
}

static gboolean
cell_invalid (WmBundle           *self,
              GError            **error,
              const WmBundleCell *cell,
              const char         *problem)
{
  g_autofree char *tbl = shown (cell->tbl);
  g_autofree char *pk = shown (cell->pk);
  g_autofree char *col = shown (cell->col);

  return wm_bundle_invalid (self, error, "the cell for %s “%s”, field “%s”, %s", tbl, pk, col,
                            problem);
}

/* One pass over the cells in key order.  With @verify, every field is
 * checked against what a Waymark writer produces, before @func sees it,
 * and the content checksum and count are compared at the end. */
static gboolean
stream_cells (WmBundle          *self,
              gboolean           verify,
              WmBundleCellFunc   func,
              gpointer           user_data,
              GError           **error)
{
  g_autoptr(GChecksum) checksum = verify ? g_checksum_new (G_CHECKSUM_SHA256) : NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GString) previous = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 count = 0;
  gboolean ok = TRUE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT tbl, pk, col, value, version, site, at FROM cells "
                                     "ORDER BY rowid", -1, &stmt, NULL);
  while (ok && (rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmBundleCell cell = { 0 };
      gint64 site_index = sqlite3_column_int64 (stmt, 5);

      count++;
      cell.tbl = (const char *) sqlite3_column_text (stmt, 0);
      cell.pk = (const char *) sqlite3_column_text (stmt, 1);
      cell.col = (const char *) sqlite3_column_text (stmt, 2);
      cell.value = sqlite3_column_value (stmt, 3);
      cell.version = sqlite3_column_int64 (stmt, 4);
      cell.site = wm_bundle_site_for_index (self, site_index);
      cell.at = sqlite3_column_int64 (stmt, 6);

      if (verify)
        {
          int type = sqlite3_column_type (stmt, 3);

          if (count > WM_BUNDLE_MAX_CELLS)
            ok = wm_bundle_invalid (self, error, "it holds more than %d changed cells.",
                                    WM_BUNDLE_MAX_CELLS);
          else if (sqlite3_column_type (stmt, 0) != SQLITE_TEXT
                   || sqlite3_column_type (stmt, 1) != SQLITE_TEXT
                   || sqlite3_column_type (stmt, 2) != SQLITE_TEXT
                   || !valid_name (cell.tbl, sqlite3_column_bytes (stmt, 0), 64)
                   || !valid_name (cell.pk, sqlite3_column_bytes (stmt, 1), 128)
                   || !valid_name (cell.col, sqlite3_column_bytes (stmt, 2), 64))
            ok = wm_bundle_invalid (self, error, "cell %" G_GINT64_FORMAT " does not name a "
                                    "table, record and field in plain text.", count);
          else if (previous->len > 0 && compare_key (cell.tbl, cell.pk, cell.col, previous) <= 0)
            ok = damaged (self, error, "its cells are out of order.");
          else if (sqlite3_column_type (stmt, 4) != SQLITE_INTEGER
                   || cell.version < 1 || cell.version > WM_BUNDLE_MAX_VERSION)
            ok = cell_invalid (self, error, &cell, "has no valid version.");
          else if (sqlite3_column_type (stmt, 5) != SQLITE_INTEGER || cell.site == NULL)
            ok = cell_invalid (self, error, &cell, "names a site its manifest does not list.");
          else if (sqlite3_column_type (stmt, 6) != SQLITE_NULL
                   && (sqlite3_column_type (stmt, 6) != SQLITE_INTEGER
                       || cell.at < 0 || cell.at > G_GINT64_CONSTANT (253402300799)))
            ok = cell_invalid (self, error, &cell, "has an invalid time.");
          else if ((type == SQLITE_TEXT || type == SQLITE_BLOB)
                   && sqlite3_column_bytes (stmt, 3) > WM_BUNDLE_MAX_VALUE_SIZE)
            ok = cell_invalid (self, error, &cell, "holds a value larger than Waymark accepts "
                                                   "(1024 KB).");
          else if (type == SQLITE_TEXT
                   && (!g_utf8_validate ((const char *) sqlite3_column_text (stmt, 3),
                                         sqlite3_column_bytes (stmt, 3), NULL)
                       || (int) strlen ((const char *) sqlite3_column_text (stmt, 3))
                          != sqlite3_column_bytes (stmt, 3)))
            ok = cell_invalid (self, error, &cell, "holds a value that is not valid text.");
          if (!ok)
            break;
          remember_key (previous, cell.tbl, cell.pk, cell.col);
          checksum_add_cell (checksum, buffer, cell.tbl, cell.pk, cell.col, cell.value,
                             cell.version,
                             site_index, cell.at);
        }
      if (func != NULL && !func (self, &cell, user_data, error))
        ok = FALSE;
    }
  sqlite3_finalize (stmt);
  if (!ok)
    return FALSE;
  if ((rc & 0xff) == SQLITE_TOOBIG)
    return wm_bundle_invalid (self, error, "it holds a value larger than Waymark accepts "
                                           "(%d KB).", WM_BUNDLE_MAX_VALUE_SIZE / 1024);
  if (rc != SQLITE_DONE)
    return damaged (self, error, "its cells cannot be read.");

  if (verify)
    {
      g_autofree char *expected = checksum_finish (self->manifest, checksum);

      if (count != wm_bundle_get_int (self, "cell_count"))
        return damaged (self, error, "it holds a different number of cells than its manifest "
                                     "says.");
      if (g_strcmp0 (expected, wm_bundle_get (self, "checksum")) != 0)
        return damaged (self, error, "its contents do not match the checksum in its "
                                     "manifest.");
    }
  return TRUE;
}

gboolean
wm_bundle_verify_cells (WmBundle          *self,
                        WmBundleCellFunc   check,
                        gpointer           user_data,
                        GError           **error)
{
  return stream_cells (self, TRUE, check, user_data, error);
}

gboolean
wm_bundle_foreach_cell (WmBundle          *self,
                        WmBundleCellFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  return stream_cells (self, FALSE, func, user_data, error);
}

/* ---------- writing ---------- */

void
wm_bundle_writer_free (WmBundleWriter *self)
{
  if (self == NULL)
    return;
  sqlite3_finalize (self->insert);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->manifest, g_hash_table_unref);
  g_clear_pointer (&self->site_index, g_hash_table_unref);
  g_clear_pointer (&self->cells_checksum, g_checksum_free);
  g_clear_pointer (&self->buffer, g_byte_array_unref);
  g_free (self->last_key);
  g_free (self);
}

static gboolean
writer_exec (WmBundleWriter  *self,
             const char      *sql,
             GError         **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, (rc & 0xff) == SQLITE_NOMEM ? WM_STORE_ERROR_DISK_FULL
                                                                       : WM_STORE_ERROR_FAILED,
                   "Could not build the changes file: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

/* The bundle is built in memory and written in one go, so a failed
 * export never leaves half a file behind. */
WmBundleWriter *
wm_bundle_writer_new (GError **error)
{
  g_autoptr(WmBundleWriter) self = g_new0 (WmBundleWriter, 1);
  g_autofree char *setup = NULL;
  int rc;

  self->manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->site_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cells_checksum = g_checksum_new (G_CHECKSUM_SHA256);
  self->buffer = g_byte_array_new ();

  rc = sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                   "Could not build the changes file: %s", sqlite3_errstr (rc));
      return NULL;
    }
  setup = g_strdup_printf ("PRAGMA application_id = %d;"
                           "PRAGMA journal_mode = OFF;"
                           "PRAGMA synchronous = OFF;"
                           WM_BUNDLE_MANIFEST_SQL ";"
                           WM_BUNDLE_CELLS_SQL ";"
                           "BEGIN;",
                           WM_BUNDLE_APPLICATION_ID);
  if (!writer_exec (self, setup, error))
    return NULL;
  rc = sqlite3_prepare_v2 (self->db, "INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?)", -1,
                           &self->insert, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                   "Could not build the changes file: %s", sqlite3_errmsg (self->db));
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
wm_bundle_writer_set (WmBundleWriter *self,
                      const char     *key,
                      const char     *value)
{
  g_hash_table_insert (self->manifest, g_strdup (key), g_strdup (value ? value : ""));
}

void
wm_bundle_writer_set_int (WmBundleWriter *self,
                          const char     *key,
                          gint64          value)
{
  g_hash_table_insert (self->manifest, g_strdup (key),
                       g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

/* Cells must come in (tbl, pk, col) order: the order of the table's key,
 * in which the reader streams them and checks the checksum. */
gboolean
wm_bundle_writer_add_cell (WmBundleWriter  *self,
                           const char      *tbl,
                           const char      *pk,
                           const char      *col,
                           sqlite3_value   *value,
                           gint64           version,
                           const char      *site,
                           gint64           at,
                           GError         **error)
{
  g_autofree char *key = g_strjoin ("\x1f", tbl, pk, col, NULL);
  gpointer index = g_hash_table_lookup (self->site_index, site);
  int rc;

  if (self->last_key != NULL && strcmp (self->last_key, key) >= 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                   "Could not build the changes file: cells out of order at %s/%s/%s",
                   tbl, pk, col);
      return FALSE;
    }
  g_free (self->last_key);
  self->last_key = g_steal_pointer (&key);

  if (index == NULL)
    {
      g_autofree char *name = NULL;

      index = GINT_TO_POINTER (++self->n_sites);
      g_hash_table_insert (self->site_index, g_strdup (site), index);
      name = g_strdup_printf ("site.%u", self->n_sites);
      wm_bundle_writer_set (self, name, site);
    }

  sqlite3_reset (self->insert);
  sqlite3_bind_text (self->insert, 1, tbl, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->insert, 2, pk, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->insert, 3, col, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_value (self->insert, 4, value);
  else
    sqlite3_bind_null (self->insert, 4);
  sqlite3_bind_int64 (self->insert, 5, version);
  sqlite3_bind_int64 (self->insert, 6, GPOINTER_TO_INT (index));
  if (at > 0)
    sqlite3_bind_int64 (self->insert, 7, at);
  else
    sqlite3_bind_null (self->insert, 7);
  rc = sqlite3_step (self->insert);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                   "Could not build the changes file: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }

  checksum_add_cell (self->cells_checksum, self->buffer, tbl, pk, col, value, version,
                     GPOINTER_TO_INT (index), MAX (at, 0));
  self->cells++;
  return TRUE;
}

guint
wm_bundle_writer_get_cells (WmBundleWriter *self)
{
  return self->cells;
}

static gboolean
write_sealed (sqlite3     *db,
              const char  *path,
              gsize       *size_out,
              GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_int64 size = 0;
  unsigned char *image = sqlite3_serialize (db, "main", &size, 0);
  gsize length;
  const char *data;

  if (image == NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DISK_FULL,
                   "Could not write “%s”: out of memory.", display);
      return FALSE;
    }
  sealed = wm_bundle_seal (image, size);
  sqlite3_free (image);
  data = g_bytes_get_data (sealed, &length);
  /* A temporary file renamed into place: whoever picks the file up (a mail
   * program, a sync folder) never sees half of it.  Readable by its owner
   * only: it holds the plan's names and notes. */
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, WM_STORE_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC)
                   ? WM_STORE_ERROR_DISK_FULL : WM_STORE_ERROR_FAILED,
                   "%s", local_error->message);
      return FALSE;
    }
  if (size_out)
    *size_out = length;
  return TRUE;
}

/* Returns the size of the file written, or 0 on error. */
gsize
wm_bundle_writer_finish (WmBundleWriter  *self,
                         const char      *path,
                         GError         **error)
{
  g_autofree char *checksum = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gsize size = 0;

  wm_bundle_writer_set_int (self, "cell_count", self->cells);
  g_hash_table_remove (self->manifest, "checksum");
  checksum = checksum_finish (self->manifest, self->cells_checksum);
  wm_bundle_writer_set (self, "checksum", checksum);

  sqlite3_prepare_v2 (self->db, "INSERT INTO manifest VALUES (?, ?)", -1, &stmt, NULL);
  g_hash_table_iter_init (&iter, self->manifest);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                       "Could not build the changes file: %s", sqlite3_errmsg (self->db));
          return 0;
        }
    }
  sqlite3_finalize (stmt);
  if (!writer_exec (self, "COMMIT", error) || !write_sealed (self->db, path, &size, error))
    return 0;
  return size;
}

/* ---------- crafting (tests, fuzzing) ---------- */

gboolean
wm_bundle_rewrite (const char       *path,
                   WmBundleEditFunc  edit,
                   gpointer          user_data,
                   gboolean          fix_checksum,
                   GError          **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *db = NULL;
  unsigned char *copy;
  gboolean ok;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (length > SEAL_SIZE)
    length -= SEAL_SIZE;
  copy = sqlite3_malloc64 (length);
  memcpy (copy, contents, length);
  sqlite3_open (":memory:", &db);
  if (sqlite3_deserialize (db, "main", copy, length, length,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
      != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED, "not a database");
      sqlite3_close (db);
      return FALSE;
    }
  ok = edit == NULL || edit (db, user_data);
  if (ok && fix_checksum)
    {
      g_autofree char *checksum = wm_bundle_compute_checksum (db, error);
      sqlite3_stmt *stmt = NULL;

      ok = checksum != NULL;
      if (ok)
        {
          sqlite3_prepare_v2 (db, "UPDATE manifest SET value = ? WHERE key = 'checksum'", -1,
                              &stmt, NULL);
          sqlite3_bind_text (stmt, 1, checksum, -1, SQLITE_STATIC);
          ok = sqlite3_step (stmt) == SQLITE_DONE;
          sqlite3_finalize (stmt);
        }
    }
  else if (!ok)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED, "edit failed: %s",
                 sqlite3_errmsg (db));
  ok = ok && write_sealed (db, path, NULL, error);
  sqlite3_close (db);
  return ok;
}
