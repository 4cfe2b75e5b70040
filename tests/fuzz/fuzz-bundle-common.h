/* fuzz-bundle-common.h: one fuzz input through the bundle reader
 *
 * Shared by the libFuzzer target (fuzz-bundle.c) and the GTest that
 * replays the corpus and every crash the fuzzer found (test-sync-hostile).
 *
 * The store is the sample plan, joined from sample-base.waymark-sync.gz (a
 * full changes file of the sample with a fixed plan id and fixed record
 * ids, so that inputs made once keep matching it), then changed locally
 * so that inputs editing the same fields reach the conflict code.
 *
 * An input is a bundle's SQLite image.  Before it is imported the harness
 * repairs what a mutation always breaks and a real sender always gets
 * right, the manifest's content checksum and the file's seal, so that the
 * fuzzer spends its time in the checks behind them (schema, manifest,
 * every cell, the merge).  An input that does not start like a SQLite
 * file is imported as it is, to exercise the first checks.  Imports are
 * dry runs: the merge runs in full and is rolled back, so the store stays
 * the same for every input.
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "wm-bundle.h"
#include "wm-store.h"
#include "wm-store-private.h"
#include "wm-sync.h"

#define FUZZ_PLAN_ID "5a3b1e00-f022-4e55-8000-000000000001"

typedef struct
{
  char    *dir;
  char    *input;
  WmStore *store;
} FuzzState;

static inline GBytes *
fuzz_read_gz (const char  *path,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) raw = G_INPUT_STREAM (g_file_read (file, NULL, error));
  g_autoptr(GConverter) gunzip = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (raw == NULL)
    return NULL;
  gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  stream = g_converter_input_stream_new (raw, gunzip);
  if (g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static inline gboolean
fuzz_edit (WmStore    *store,
           const char *table,
           const char *code_column,
           const char *code,
           const char *column,
           const char *value)
{
  g_autoptr(WmRecord) record = wm_store_find (store, table, code_column, code, NULL);

  if (record == NULL)
    return FALSE;
  if (column == NULL)
    return wm_store_delete (store, table, wm_record_get_id (record), NULL);
  return wm_store_update (store, table, wm_record_get_id (record), NULL, column, value, NULL);
}

/* The sample plan, as the harness's laptop holds it, with its own edits. */
static inline WmStore *
fuzz_open_store (const char  *dir,
                 const char  *base_gz,
                 GError     **error)
{
  g_autoptr(GBytes) base = fuzz_read_gz (base_gz, error);
  g_autofree char *base_path = g_build_filename (dir, "base.waymark-sync", NULL);
  g_autofree char *db_path = g_build_filename (dir, "fuzz.waymark", NULL);
  g_autoptr(WmStore) store = NULL;

  if (base == NULL
      || !g_file_set_contents (base_path, g_bytes_get_data (base, NULL), g_bytes_get_size (base),
                               error))
    return NULL;
  store = wm_store_open (db_path, WM_STORE_OPEN_CREATE, error);
  if (store == NULL || !wm_sync_import_full (store, base_path, WM_SYNC_IMPORT_NO_BACKUP, NULL,
                                             error))
    return NULL;
  fuzz_edit (store, "action", "code", "1.1", "progress", "Edited on the fuzzing laptop");
  fuzz_edit (store, "risk", "ref", "RR1", "owner", "Fuzz owner");
  fuzz_edit (store, "risk", "ref", "RR7", NULL, NULL);
  return g_steal_pointer (&store);
}

/* A writable copy of an image, read with the reader's own precautions:
 * the harness must not be the part that runs a hostile trigger. */
static inline sqlite3 *
fuzz_open_image (const guint8 *data,
                 gsize         size)
{
  sqlite3 *db = NULL;
  unsigned char *copy;

  if (size < 512 || size > 64 * 1024 * 1024)
    return NULL;
  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, 4 * 1024 * 1024);
  copy = sqlite3_malloc64 (size);
  memcpy (copy, data, size);
  if (sqlite3_deserialize (db, "main", copy, size, size,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
      != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* The checksum and seal a sender would have written; the input as it is
 * when it cannot be repaired. */
static inline GBytes *
fuzz_prepare (const guint8 *data,
              gsize         size)
{
  static const char magic[] = "SQLite format 3";
  sqlite3 *db;
  g_autofree char *checksum = NULL;
  GBytes *sealed = NULL;

  if (size < sizeof magic || memcmp (data, magic, sizeof magic) != 0)
    return g_bytes_new (data, size);

  db = fuzz_open_image (data, size);
  if (db != NULL)
    {
      sqlite3_stmt *stmt = NULL;
      sqlite3_int64 length = 0;
      unsigned char *image;

      checksum = wm_bundle_compute_checksum (db, NULL);
      if (checksum != NULL
          && sqlite3_prepare_v2 (db, "UPDATE manifest SET value = ? WHERE key = 'checksum'", -1,
                                 &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, checksum, -1, SQLITE_STATIC);
          sqlite3_step (stmt);
        }
      sqlite3_finalize (stmt);
      image = sqlite3_serialize (db, "main", &length, 0);
      if (image != NULL)
        sealed = wm_bundle_seal (image, length);
      sqlite3_free (image);
      sqlite3_close (db);
    }
  return sealed != NULL ? sealed : wm_bundle_seal (data, size);
}

static inline void
fuzz_bundle_one (FuzzState    *state,
                 const guint8 *data,
                 gsize         size)
{
  g_autoptr(GBytes) input = fuzz_prepare (data, size);
  g_autoptr(WmSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (state->input, g_bytes_get_data (input, NULL),
                            g_bytes_get_size (input), NULL))
    return;
  if (!wm_sync_import_full (state->store, state->input,
                            WM_SYNC_IMPORT_DRY_RUN | WM_SYNC_IMPORT_NO_BACKUP, &report, &error))
    {
      /* Every refusal names the file and says what is wrong. */
      g_assert_nonnull (error);
      g_assert_nonnull (error->message);
      g_assert_nonnull (strstr (error->message, state->input));
    }
}

static inline FuzzState *
fuzz_state_new (const char *base_gz)
{
  g_autoptr(GError) error = NULL;
  FuzzState *state = g_new0 (FuzzState, 1);

  state->dir = g_dir_make_tmp ("waymark-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  state->input = g_build_filename (state->dir, "input.waymark-sync", NULL);
  state->store = fuzz_open_store (state->dir, base_gz, &error);
  g_assert_no_error (error);
  return state;
}
