/* test-sync-helpers.h: laptops for the sync tests
 *
 * A "site" is one laptop's database.  Making the sample plan takes a
 * while, so the tests that need many sites copy a template made once.
 */
#pragma once

#include <sqlite3.h>
#include <string.h>

#include "test-helpers.h"
#include "wm-error.h"
#include "wm-sample.h"
#include "wm-store.h"
#include "wm-store-private.h"
#include "wm-sync.h"

typedef struct
{
  char    *path;
  WmStore *store;
} Site;

static inline Site *
site_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  Site *site = g_new0 (Site, 1);

  site->path = g_strdup (path);
  site->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  return site;
}

static inline Site *
site_new_sample (const char *dir,
                 const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  Site *site = site_open (path);

  wm_sample_load (site->store, &error);
  g_assert_no_error (error);
  return site;
}

static inline void
site_close (Site *site)
{
  if (site->store != NULL)
    g_assert_finalize_object (site->store);
  site->store = NULL;
}

static inline void
site_free (Site *site)
{
  site_close (site);
  g_free (site->path);
  g_free (site);
}

static inline char *
site_export (Site       *site,
             const char *dir,
             const char *peer)
{
  static guint counter;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmSyncReport) report = NULL;
  g_autofree char *name = g_strdup_printf ("bundle-%u.waymark-sync", ++counter);
  char *path = g_build_filename (dir, name, NULL);

  wm_sync_export (site->store, path, peer, &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return path;
}

static inline WmSyncReport *
site_import (Site       *site,
             const char *bundle)
{
  g_autoptr(GError) error = NULL;
  WmSyncReport *report = NULL;

  wm_sync_import (site->store, bundle, &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* A new laptop joins from a full file: an empty database, then import. */
static inline Site *
site_join (const char *dir,
           const char *name,
           const char *bundle)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(WmSyncReport) report = NULL;
  Site *site = site_open (path);

  report = site_import (site, bundle);
  g_assert_true (report->joined);
  return site;
}

static inline char *
site_hash (Site *site)
{
  g_autoptr(GError) error = NULL;
  char *hash = wm_sync_content_hash (site->store, &error);

  g_assert_no_error (error);
  return hash;
}

static inline gint64
site_query (Site       *site,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (wm_store_get_db (site->store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static inline char *
site_query_text (Site       *site,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (wm_store_get_db (site->store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static inline void
site_set_action (Site       *site,
                 const char *code,
                 const char *column,
                 const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) action = wm_store_find_action (site->store, code, &error);

  g_assert_no_error (error);
  wm_store_update (site->store, "action", wm_record_get_id (action), &error, column, value, NULL);
  g_assert_no_error (error);
}

static inline char *
site_get_action (Site       *site,
                 const char *code,
                 const char *column)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) action = wm_store_find_action (site->store, code, &error);

  g_assert_no_error (error);
  return g_strdup (wm_record_get (action, column));
}

static inline void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (to, contents, length, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

/* Removes a directory tree made by a test: databases, their backups. */
static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
