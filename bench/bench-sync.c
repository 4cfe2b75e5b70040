/* bench-sync: sync by file against SQLite's session changesets (issue 3)
 *
 *   bench-sync [--cells N] [--repeat N]
 *
 * Laptop A changes N cells (N / 4 actions, four fields each: progress,
 * evidence, leads, due text) that laptop B, which joined from A's plan,
 * has not seen.  Timed: A writes the changes file for B and B imports it
 * (the real path: checks, a backup of B, the merge, one commit) — beside
 * applying the same row changes, recorded on A by a SQLite session, to a
 * copy of B with sqlite3changeset_apply (change tracking switched off in
 * that copy: the bare cost of applying rows).  The best of --repeat runs
 * of each.  One table row on stdout; details on stderr.
 */
#define G_LOG_DOMAIN "bench-sync"

/* Debian's libsqlite3 is built with the session extension; the header
 * declares its API only when asked. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm-store.h"
#include "wm-store-private.h"
#include "wm-sync.h"

#define FIELDS_PER_ACTION 4

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-sync: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_printerr ("bench-sync: %s: %s\n", sql, message);
      exit (1);
    }
}

static void
copy_or_die (const char *from,
             const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (to, suffixes[i], NULL);
      g_unlink (path);
    }
  if (!g_file_get_contents (from, &contents, &length, &error)
      || !g_file_set_contents (to, contents, length, &error))
    die ("copy", error);
}

static WmStore *
open_or_die (const char *path,
             gboolean    create)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_store_open (path, create ? WM_STORE_OPEN_CREATE : WM_STORE_OPEN_DEFAULT,
                                  &error);
  if (store == NULL)
    die ("open", error);
  return store;
}

static void
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

/* A with n_actions actions; B joined from A's whole plan and known to A;
 * both closed, so each is one file to copy per run. */
static void
make_laptops (const char *dir,
              const char *a_path,
              const char *b_path,
              guint       n_actions)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *full = g_build_filename (dir, "full.waymark-sync", NULL);
  g_autofree char *hello = g_build_filename (dir, "hello.waymark-sync", NULL);
  g_autofree char *plan_id = NULL;
  WmStore *a = open_or_die (a_path, TRUE);
  WmStore *b;
  sqlite3_stmt *stmt = NULL;

  plan_id = wm_store_create_plan (a, "Benchmark area", "Benchmark plan", &error);
  if (plan_id == NULL || !wm_store_begin (a, &error))
    die ("create the plan", error);
  sqlite3_prepare_v2 (wm_store_get_db (a),
                      "INSERT INTO action (id, plan_id, code, title, leads, progress, sort_order) "
                      "VALUES (?, ?, ?, ?, 'DCO', 'Not started', ?)", -1, &stmt, NULL);
  for (guint i = 0; i < n_actions; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *code = g_strdup_printf ("%u.%u", i / 100 + 1, i % 100 + 1);
      g_autofree char *title = g_strdup_printf ("Synthetic action %u", i);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, plan_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 5, i);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        die ("insert actions", NULL);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (!wm_store_commit (a, &error)
      || !wm_sync_export (a, full, NULL, NULL, &error))
    die ("export the plan", error);

  b = open_or_die (b_path, TRUE);
  if (!wm_sync_import_full (b, full, WM_SYNC_IMPORT_NO_BACKUP, NULL, &error)
      || !wm_sync_export (b, hello, NULL, NULL, &error)
      || !wm_sync_import_full (a, hello, WM_SYNC_IMPORT_NO_BACKUP, NULL, &error))
    die ("join", error);
  g_object_unref (a);
  g_object_unref (b);
  g_unlink (full);
  g_unlink (hello);
}

/* A's edits, recorded by a session for the changeset: tracked writes, one
 * transaction, as a person's day of work arrives. */
static void
edit (WmStore *a,
      guint    n_actions,
      guint    run)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = wm_store_get_db (a);
  sqlite3_stmt *ids = NULL;
  sqlite3_stmt *update = NULL;
  guint i = 0;

  if (!wm_store_begin (a, &error))
    die ("begin", error);
  sqlite3_prepare_v2 (db, "SELECT id FROM action ORDER BY sort_order", -1, &ids, NULL);
  sqlite3_prepare_v2 (db, "UPDATE action SET progress = ?, evidence = ?, leads = ?, due_text = ? "
                          "WHERE id = ?", -1, &update, NULL);
  while (i < n_actions && sqlite3_step (ids) == SQLITE_ROW)
    {
      g_autofree char *progress = g_strdup_printf ("Run %u: on track, %u of 12 sessions held",
                                                   run, i % 12);
      g_autofree char *evidence = g_strdup_printf ("Minutes of the board, run %u, item %u", run, i);
      g_autofree char *leads = g_strdup_printf ("DCO; SENCO %u", (i + run) % 40);
      g_autofree char *due = g_strdup_printf ("End of Q%u", (i + run) % 4 + 1);

      sqlite3_bind_text (update, 1, progress, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (update, 2, evidence, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (update, 3, leads, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (update, 4, due, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (update, 5, (const char *) sqlite3_column_text (ids, 0), -1,
                         SQLITE_TRANSIENT);
      if (sqlite3_step (update) != SQLITE_DONE)
        die ("update actions", NULL);
      sqlite3_reset (update);
      i++;
    }
  sqlite3_finalize (ids);
  sqlite3_finalize (update);
  if (!wm_store_commit (a, &error))
    die ("commit", error);
}

/* 100000 → "100,000", as the table prints counts */
static char *
with_commas (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static int
on_conflict (void                 *data,
             int                   kind,
             sqlite3_changeset_iter *iter)
{
  /* B has not changed these rows: there are none */
  (*(guint *) data)++;
  return SQLITE_CHANGESET_OMIT;
}

static char *
table_digest (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  sqlite3_prepare_v2 (db, "SELECT id, progress, evidence, leads, due_text FROM action ORDER BY id",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < 5; c++)
      {
        const char *text = (const char *) sqlite3_column_text (stmt, c);
        g_checksum_update (checksum, (const guchar *) (text ? text : "\x01"), -1);
        g_checksum_update (checksum, (const guchar *) "\x1f", 1);
      }
  sqlite3_finalize (stmt);
  return g_strdup (g_checksum_get_string (checksum));
}

int
main (int   argc,
      char *argv[])
{
  int n_cells = 100000;
  int repeat = 3;
  GOptionEntry entries[] = {
    { "cells", 0, 0, G_OPTION_ARG_INT, &n_cells, "Changed cells (default 100000)", "N" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Runs of each; the best counts (default 3)",
      "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *a0 = NULL, *b0 = NULL, *a_path = NULL, *b_path = NULL, *c_path = NULL;
  g_autofree char *bundle = NULL;
  double best_ours = G_MAXDOUBLE, best_export = 0, best_import = 0, best_apply = G_MAXDOUBLE;
  gsize bundle_size = 0;
  g_autofree char *cells = NULL;
  int changeset_size = 0;
  guint n_actions;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);
  if (n_cells < FIELDS_PER_ACTION || repeat < 1)
    die ("--cells must be at least 4 and --repeat at least 1", NULL);
  n_actions = n_cells / FIELDS_PER_ACTION;

  dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  if (dir == NULL)
    die ("temporary folder", error);
  a0 = g_build_filename (dir, "a0.waymark", NULL);
  b0 = g_build_filename (dir, "b0.waymark", NULL);
  a_path = g_build_filename (dir, "a.waymark", NULL);
  b_path = g_build_filename (dir, "b.waymark", NULL);
  c_path = g_build_filename (dir, "b-changeset.waymark", NULL);
  bundle = g_build_filename (dir, "changes.waymark-sync", NULL);

  make_laptops (dir, a0, b0, n_actions);
  g_printerr ("bench-sync: %u actions × %d fields = %u changed cells, %d runs\n", n_actions,
              FIELDS_PER_ACTION, n_actions * FIELDS_PER_ACTION, repeat);

  for (int run = 0; run < repeat; run++)
    {
      g_autoptr(WmSyncReport) exported = NULL;
      g_autoptr(WmSyncReport) imported = NULL;
      g_autofree char *ours_digest = NULL;
      g_autofree char *their_digest = NULL;
      g_autofree char *backups = g_strconcat (b_path, ".backups", NULL);
      WmStore *a, *b;
      sqlite3_session *session = NULL;
      sqlite3 *c = NULL;
      void *changeset = NULL;
      guint conflicts = 0;
      gint64 t0, t1, t2;
      double apply_ms;
      int rc;

      copy_or_die (a0, a_path);
      copy_or_die (b0, b_path);
      copy_or_die (b0, c_path);
      remove_tree (backups);

      a = open_or_die (a_path, FALSE);
      if (sqlite3session_create (wm_store_get_db (a), "main", &session) != SQLITE_OK
          || sqlite3session_attach (session, "action") != SQLITE_OK)
        die ("start a session", NULL);
      edit (a, n_actions, run);
      if (sqlite3session_changeset (session, &changeset_size, &changeset) != SQLITE_OK)
        die ("make the changeset", NULL);
      sqlite3session_delete (session);

      b = open_or_die (b_path, FALSE);
      /* --- ours: A writes the file for B, B imports it --- */
      t0 = g_get_monotonic_time ();
      if (!wm_sync_export (a, bundle, wm_store_get_site_id (b), &exported, &error))
        die ("export", error);
      t1 = g_get_monotonic_time ();
      if (!wm_sync_import (b, bundle, &imported, &error))
        die ("import", error);
      t2 = g_get_monotonic_time ();
      if (imported->cells_applied != n_actions * FIELDS_PER_ACTION)
        die ("the import did not apply every cell", NULL);

      /* --- baseline: the same rows as a changeset --- */
      sqlite3_open_v2 (c_path, &c, SQLITE_OPEN_READWRITE, NULL);
      exec_or_die (c, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                      "UPDATE clock_state SET applying = 1");
      {
        gint64 s0 = g_get_monotonic_time ();
        rc = sqlite3changeset_apply (c, changeset_size, changeset, NULL, on_conflict, &conflicts);
        apply_ms = (g_get_monotonic_time () - s0) / 1000.0;
      }
      if (rc != SQLITE_OK || conflicts != 0)
        die ("sqlite3changeset_apply", NULL);

      /* both ways, B holds the same actions */
      ours_digest = table_digest (wm_store_get_db (b));
      their_digest = table_digest (c);
      if (!g_str_equal (ours_digest, their_digest))
        die ("the two ways disagree", NULL);

      g_printerr ("bench-sync: run %d: export %.0f ms, import %.0f ms (with its backup of B), "
                  "changeset apply %.0f ms\n", run + 1, (t1 - t0) / 1000.0, (t2 - t1) / 1000.0,
                  apply_ms);
      if ((t2 - t0) / 1000.0 < best_ours)
        {
          best_ours = (t2 - t0) / 1000.0;
          best_export = (t1 - t0) / 1000.0;
          best_import = (t2 - t1) / 1000.0;
        }
      best_apply = MIN (best_apply, apply_ms);
      bundle_size = exported->size;

      sqlite3_free (changeset);
      sqlite3_close (c);
      g_object_unref (a);
      g_object_unref (b);
    }

  g_printerr ("bench-sync: best export %.0f ms + import %.0f ms\n", best_export, best_import);
  cells = with_commas (n_actions * FIELDS_PER_ACTION);
  g_print ("sync: export+import %s cells | %.0f ms | sqlite3changeset_apply | %.0f ms | "
           "ratio %.2f\n", cells, best_ours, best_apply, best_ours / best_apply);
  g_print ("sync: changes file of %s cells | %.2f MB | changeset | %.2f MB | ratio %.2f\n",
           cells, bundle_size / 1e6, changeset_size / 1e6, (double) bundle_size / changeset_size);
  remove_tree (dir);
  return 0;
}
