/* test-sync-hostile: changes files that are damaged, foreign or crafted
 *
 * Each must be refused with a message that names the file and says what
 * is wrong, and leave the database exactly as it was: the plan's content
 * (a hash over every synced row) and its sync bookkeeping (clock, peers,
 * conflicts).  The files are made by damaging or rewriting a real one;
 * rewritten files get a correct checksum and seal, so that it is the
 * check under test that refuses them, not the checksum.
 *
 * Also replays the fuzzer's seed corpus and every input it found that
 * crashed (tests/fuzz/regressions/).  WM_FUZZ_WRITE_CORPUS=tests/fuzz
 * rewrites the fuzzer's base plan and seed corpus (maintenance only).
 */
#define G_LOG_DOMAIN "test-sync"

#include <fcntl.h>
#include <unistd.h>

#include "test-sync-helpers.h"
#include "wm-bundle.h"
#include "fuzz/fuzz-bundle-common.h"

typedef struct
{
  char  *dir;
  Site  *a;
  Site  *b;
  char  *bundle;     /* a valid file from A for B, one edit */
  char  *state;      /* B's state before */
} Fixture;

/* Content and bookkeeping: what no refused file may change. */
static char *
site_state (Site *site)
{
  g_autofree char *hash = site_hash (site);
  g_autofree char *clock = site_query_text (site, "SELECT count(*) || '/' || total(version) || "
                                                  "'/' || total(db_version) FROM clock");
  g_autofree char *peers = site_query_text (site, "SELECT group_concat(site || acked_version || "
                                                  "received_version || known_version || "
                                                  "coalesce(last_import, ''), ';') FROM peer");
  g_autofree char *state = site_query_text (site, "SELECT db_version || '/' || pending || '/' "
                                                  "|| applying FROM clock_state");
  gint64 conflicts = site_query (site, "SELECT count(*) FROM conflict");

  return g_strdup_printf ("%s %s %s %s %" G_GINT64_FORMAT, hash, clock, peers ? peers : "",
                          state, conflicts);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *full = NULL;

  f->dir = test_dir_new ();
  f->a = site_new_sample (f->dir, "a.waymark");
  full = site_export (f->a, f->dir, NULL);
  f->b = site_join (f->dir, "b.waymark", full);
  /* B's first file makes B known to A; A's file for B then holds one
   * cell, which each case below rewrites. */
  g_free (full);
  full = site_export (f->b, f->dir, NULL);
  wm_sync_report_free (site_import (f->a, full));
  site_set_action (f->a, "2.1", "progress", "Audit of health advice booked");
  f->bundle = site_export (f->a, f->dir, wm_store_get_site_id (f->b->store));
  f->state = site_state (f->b);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  site_free (f->a);
  site_free (f->b);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->bundle);
  g_free (f->state);
}

/* The file is refused, the message names it and contains @expected, and
 * B is exactly as it was. */
static void
assert_refused (Fixture    *f,
                const char *path,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmSyncReport) report = NULL;
  g_autofree char *after = NULL;

  g_assert_false (wm_sync_import (f->b->store, path, &report, &error));
  g_assert_nonnull (error);
  g_assert_null (report);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (expected != NULL && strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
  after = site_state (f->b);
  g_assert_cmpstr (f->state, ==, after);
  /* no backup is made of a database a refused file never touched */
  {
    g_autofree char *backups = g_strconcat (f->b->path, ".backups", NULL);
    g_assert_false (g_file_test (backups, G_FILE_TEST_IS_DIR));
  }
}

static char *
write_file (Fixture      *f,
            const char   *name,
            const guint8 *data,
            gsize         length)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, length, &error);
  g_assert_no_error (error);
  return path;
}

static GBytes *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* A copy of the valid file, rewritten by @sql (checksum and seal fixed). */
static gboolean
run_sql (sqlite3  *db,
         gpointer  sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_warning ("%s: %s", (const char *) sql, message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static char *
rewritten (Fixture    *f,
           const char *name,
           const char *sql,
           gboolean    fix_checksum)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  copy_file (f->bundle, path);
  wm_bundle_rewrite (path, run_sql, (gpointer) sql, fix_checksum, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_valid_control (Fixture       *f,
                    gconstpointer  data)
{
  /* the file the others are made from is accepted */
  g_autoptr(WmSyncReport) report = site_import (f->b, f->bundle);
  g_assert_cmpuint (report->cells_applied, ==, 1);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = write_file (f, "empty.waymark-sync", (const guint8 *) "", 0);
  assert_refused (f, path, "is empty");
}

static void
test_not_sqlite (Fixture       *f,
                 gconstpointer  data)
{
  static const char csv[] = "Code,Title,Lead\n1.1,Reform the EHC process,DCO\n";
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
  g_autofree char *a = write_file (f, "actions.csv", (const guint8 *) csv, strlen (csv));
  g_autofree char *b = write_file (f, "chart.png", png, sizeof png);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-file", NULL);
  g_autofree char *plan = g_strconcat (f->dir, "/plan-copy.waymark", NULL);

  assert_refused (f, a, "not a Waymark changes file");
  assert_refused (f, b, "not a Waymark changes file");
  assert_refused (f, missing, "cannot be read");
  assert_refused (f, f->dir, "folder");

  /* a Waymark plan is a database, but not a changes file */
  site_close (f->a);
  copy_file (f->a->path, plan);
  assert_refused (f, plan, "not a Waymark changes file");
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = read_file (f->bundle);
  gsize length = g_bytes_get_size (bytes);
  const gsize cuts[] = { 1, 16, 100, 512, 4096, length / 2, length - 49, length - 48,
                         length - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("cut-%" G_GSIZE_FORMAT ".waymark-sync", cuts[i]);
      g_autofree char *path = write_file (f, name, g_bytes_get_data (bytes, NULL), cuts[i]);
      assert_refused (f, path, NULL);
    }
}

/* Any changed byte, wherever it is, even in parts SQLite never reads. */
static void
test_flipped_bytes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) bytes = read_file (f->bundle);
  gsize length = g_bytes_get_size (bytes);
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  g_test_message ("seed %u", seed);
  for (guint trial = 0; trial < 60; trial++)
    {
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), length);
      g_autofree char *name = g_strdup_printf ("flip-%u.waymark-sync", trial);
      g_autofree char *path = NULL;
      guint flips = g_rand_int_range (rand, 1, 5);

      for (guint k = 0; k < flips; k++)
        {
          gsize at = g_rand_int_range (rand, 0, length);
          copy[at] ^= (guint8) g_rand_int_range (rand, 1, 256);
        }
      path = write_file (f, name, copy, length);
      assert_refused (f, path, NULL);
      g_unlink (path);
    }
}

static void
test_wrong_format (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = rewritten (f, "format-2.waymark-sync",
                                     "UPDATE manifest SET value = '2' WHERE key = 'format'", TRUE);
  g_autoptr(GError) error = NULL;

  assert_refused (f, path, "newer version of Waymark");
  g_assert_false (wm_sync_import (f->b->store, path, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_TOO_NEW);
  g_clear_pointer (&path, g_free);

  path = rewritten (f, "format-x.waymark-sync",
                    "UPDATE manifest SET value = 'one' WHERE key = 'format'", TRUE);
  assert_refused (f, path, "format version");
}

static void
test_wrong_checksum (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = rewritten (f, "sum.waymark-sync",
                                  "UPDATE manifest SET value = '00' WHERE key = 'checksum'",
                                  FALSE);
  g_autofree char *b = rewritten (f, "value.waymark-sync",
                                  "UPDATE cells SET value = 'Changed on the way' "
                                  "WHERE col = 'progress'", FALSE);
  g_autofree char *c = rewritten (f, "ack.waymark-sync",
                                  "UPDATE manifest SET value = value + 1 "
                                  "WHERE key LIKE 'knowledge.%'", FALSE);

  assert_refused (f, a, "checksum");
  assert_refused (f, b, "checksum");
  assert_refused (f, c, "checksum");
}

static void
test_schema_objects (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    const char *sql;
    const char *expected;
  } cases[] = {
    { "CREATE TRIGGER evil AFTER INSERT ON cells BEGIN DELETE FROM manifest; END",
      "a trigger" },
    { "CREATE TEMP TRIGGER x AFTER INSERT ON cells BEGIN SELECT 1; END; "
      "CREATE TRIGGER evil2 BEFORE DELETE ON manifest BEGIN SELECT 1; END", "a trigger" },
    { "CREATE VIEW v AS SELECT * FROM cells", "a view" },
    { "CREATE TABLE extra (x)", "a table" },
    { "CREATE INDEX cells_by_value ON cells (value)", "an index" },
    { "DROP TABLE cells; CREATE TABLE cells (tbl, pk, col, value, version, site, at)",
      "not laid out" },
    { "ALTER TABLE cells ADD COLUMN extra TEXT", "not laid out" },
    { "DROP TABLE cells", "does not have the tables" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("schema-%u.waymark-sync", i);
      /* without its cells there is no checksum to fix; the schema check
       * comes first anyway */
      gboolean fix = strstr (cases[i].sql, "DROP TABLE cells;") != NULL
                     || !g_str_has_prefix (cases[i].sql, "DROP");
      g_autofree char *path = rewritten (f, name, cases[i].sql, fix);
      assert_refused (f, path, cases[i].expected);
    }
}

/* Names, values and numbers no Waymark writes: each names what is wrong. */
static void
test_hostile_cells (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *sql;
    const char *expected;
  } cases[] = {
    /* names spliced into SQL by a careless reader */
    { "UPDATE cells SET tbl = 'action\"; DROP TABLE action; --' WHERE col = 'progress'",
      "kind of record" },
    { "UPDATE cells SET col = 'title\" = 1; --' WHERE col = 'progress'", "field" },
    { "UPDATE cells SET col = 'id' WHERE col = 'progress'", "field" },
    { "UPDATE cells SET tbl = 'clock' WHERE col = 'progress'", "kind of record" },
    { "UPDATE cells SET tbl = 'sqlite_schema' WHERE col = 'progress'", "kind of record" },
    { "UPDATE cells SET tbl = 'peer' WHERE col = 'progress'", "kind of record" },
    { "UPDATE cells SET pk = 'a' || char(10) || 'b' WHERE col = 'progress'", "plain text" },
    { "UPDATE cells SET pk = CAST(x'c328' AS TEXT) WHERE col = 'progress'", "plain text" },
    { "UPDATE cells SET pk = '' WHERE col = 'progress'", "plain text" },
    { "UPDATE cells SET pk = printf('%.200c', 'x') WHERE col = 'progress'", "plain text" },
    /* values */
    { "UPDATE cells SET value = CAST(x'ff00fe' AS TEXT) WHERE col = 'progress'",
      "not valid text" },
    { "UPDATE cells SET value = CAST(x'4100420043' AS TEXT) WHERE col = 'progress'",
      "not valid text" },
    { "UPDATE cells SET value = printf('%.1100000c', 'x') WHERE col = 'progress'",
      "larger than" },
    { "UPDATE cells SET value = zeroblob(1100000) WHERE col = 'progress'", "larger than" },
    { "UPDATE cells SET value = printf('%.3000000c', 'x') WHERE col = 'progress'",
      "larger than" },
    { "UPDATE cells SET col = 'code', value = NULL WHERE col = 'progress'", "must have a value" },
    { "UPDATE cells SET col = '__deleted', value = 'x' WHERE col = 'progress'",
      "carries a value" },
    /* versions, sites, times */
    { "UPDATE cells SET version = -5 WHERE col = 'progress'", "version" },
    { "UPDATE cells SET version = 0 WHERE col = 'progress'", "version" },
    { "UPDATE cells SET version = 9223372036854775807 WHERE col = 'progress'", "version" },
    { "UPDATE cells SET version = 'soon' WHERE col = 'progress'", "version" },
    { "UPDATE cells SET site = 99 WHERE col = 'progress'", "site" },
    { "UPDATE cells SET site = 'me' WHERE col = 'progress'", "site" },
    { "UPDATE cells SET at = -1 WHERE col = 'progress'", "time" },
    /* structure */
    { "INSERT INTO cells SELECT tbl, pk, col, value, version, site, at FROM cells",
      "out of order" },
    { "INSERT INTO cells VALUES ('action', '00000000', 'title', 'x', 1, 1, NULL)",
      "out of order" },
    { "UPDATE manifest SET value = value + 1 WHERE key = 'cell_count'", "number of cells" },
    { "INSERT INTO cells SELECT 'plan', 'f0000000-0000-4000-8000-000000000000', 'title', "
      "'A second plan', 99, 1, NULL", "second plan" },
    /* the manifest */
    { "UPDATE manifest SET value = 'not-a-site' WHERE key = 'source_site'", "which laptop" },
    { "DELETE FROM manifest WHERE key = 'plan_id'", "which plan" },
    { "UPDATE manifest SET value = 'excel' WHERE key = 'application'", "made by Waymark" },
    { "INSERT INTO manifest VALUES ('knowledge.not-a-site', '5')", "not valid" },
    { "INSERT INTO manifest VALUES ('ack.' || (SELECT value FROM manifest WHERE key = "
      "'source_site') || 'x', '5')", "not valid" },
    { "UPDATE manifest SET value = '-3' WHERE key LIKE 'knowledge.%'", "not valid" },
    { "INSERT INTO manifest VALUES ('site.2', (SELECT value FROM manifest WHERE key = "
      "'site.1'))", "listed twice" },
    { "UPDATE manifest SET value = printf('%.5000c', 'x') WHERE key = 'plan_title'",
      "valid text" },
    { "UPDATE manifest SET value = CAST(x'ff' AS TEXT) WHERE key = 'plan_title'",
      "valid text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("hostile-%u.waymark-sync", i);
      g_autofree char *path = rewritten (f, name, cases[i].sql, TRUE);

      assert_refused (f, path, cases[i].expected);
    }
}

/* Ids and values are only ever bound as parameters: SQL in them is text. */
static void
test_sql_is_just_text (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = rewritten (f, "sql-text.waymark-sync",
                                     "UPDATE cells SET pk = 'x''); DROP TABLE action; --', "
                                     "value = '''); DELETE FROM risk; --' "
                                     "WHERE col = 'progress'", TRUE);
  g_autoptr(WmSyncReport) report = site_import (f->b, path);

  g_assert_cmpuint (wm_sync_report_get_table (report, "action", FALSE)->added, ==, 1);
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM action"), ==, 14);
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM risk"), ==, 7);
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM action WHERE id = "
                                     "'x''); DROP TABLE action; --' AND progress = "
                                     "'''); DELETE FROM risk; --'"), ==, 1);
}

/* A laptop's name and a plan's title travel in the file and are shown to
 * people: control characters (a terminal escape) are dropped. */
static void
test_names_are_printable (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = rewritten (f, "name.waymark-sync",
                                     "UPDATE manifest SET value = 'evil' || char(27) || '[2J' "
                                     "|| char(7) WHERE key = 'source_name'", TRUE);
  g_autoptr(WmSyncReport) report = site_import (f->b, path);

  g_assert_null (strchr (report->peer_name, 27));
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM peer WHERE instr(name, char(27)) "
                                     "OR instr(name, char(7))"), ==, 0);
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM peer WHERE name LIKE 'evil%'"), ==, 1);
}

static void
test_too_many_manifest_entries (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GString) sql = g_string_new ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                                         "SELECT i + 1 FROM n WHERE i < 20001) "
                                         "INSERT INTO manifest SELECT 'zz.' || i, 'x' FROM n");
  g_autofree char *path = rewritten (f, "many.waymark-sync", sql->str, TRUE);

  assert_refused (f, path, "more than");
}

/* A file larger than any plan's changes is refused before it is read. */
static void
test_huge_file (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "huge.waymark-sync", NULL);
  int fd = g_open (path, O_CREAT | O_WRONLY, 0600);

  g_assert_cmpint (fd, >=, 0);
  /* sparse: no disk is used */
  g_assert_cmpint (ftruncate (fd, (goffset) WM_BUNDLE_MAX_FILE_SIZE + 1), ==, 0);
  close (fd);
  assert_refused (f, path, "too large");
}

/* ---------- the fuzzer's corpus and crashers ---------- */

static void
replay_dir (FuzzState  *state,
            const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GBytes) bytes = NULL;

      if (g_str_has_prefix (name, ".") || g_str_has_suffix (name, ".md"))
        continue;
      bytes = read_file (path);
      fuzz_bundle_one (state, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      n++;
    }
  g_test_message ("%u inputs from %s", n, dir);
}

static void
test_fuzz_corpus (void)
{
  g_autofree char *base = g_test_build_filename (G_TEST_DIST, "fuzz", "sample-base.waymark-sync.gz",
                                                 NULL);
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", NULL);
  g_autofree char *regressions = g_test_build_filename (G_TEST_DIST, "fuzz", "regressions",
                                                        NULL);
  FuzzState *state = fuzz_state_new (base);
  g_autofree char *before = wm_sync_content_hash (state->store, NULL);
  g_autofree char *after = NULL;

  replay_dir (state, corpus);
  replay_dir (state, regressions);
  /* dry runs: the store is as it was */
  after = wm_sync_content_hash (state->store, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_finalize_object (state->store);
  remove_tree (state->dir);
  g_free (state->dir);
  g_free (state->input);
  g_free (state);
}

/* ---------- writing the fuzzer's base and seed corpus (maintenance) ---------- */

static gboolean
fix_plan_id (sqlite3  *db,
             gpointer  old_id)
{
  g_autofree char *sql = g_strdup_printf (
    "UPDATE manifest SET value = '" FUZZ_PLAN_ID "' WHERE key = 'plan_id';"
    "UPDATE cells SET pk = '" FUZZ_PLAN_ID "' WHERE tbl = 'plan' AND pk = '%s';"
    "UPDATE cells SET value = '" FUZZ_PLAN_ID "' WHERE col = 'plan_id' AND value = '%s';",
    (const char *) old_id, (const char *) old_id);
  return run_sql (db, sql);
}

/* Keeps the cells newer than the base: a small file, as a laptop sends. */
static gboolean
keep_newer (sqlite3  *db,
            gpointer  max_version)
{
  g_autofree char *sql = g_strdup_printf (
    "DELETE FROM cells WHERE version <= %" G_GINT64_FORMAT ";"
    "UPDATE manifest SET value = (SELECT count(*) FROM cells) WHERE key = 'cell_count';"
    "UPDATE manifest SET value = (SELECT count(*) FROM (SELECT DISTINCT tbl, pk FROM cells)) "
    "WHERE key = 'row_count';"
    "UPDATE manifest SET value = (SELECT count(*) FROM cells WHERE col = '__deleted') "
    "WHERE key = 'tombstone_count';"
    "VACUUM;", *(gint64 *) max_version);
  return run_sql (db, sql);
}

static void
write_image (const char *sealed_path,
             const char *image_path)
{
  g_autoptr(GBytes) bytes = read_file (sealed_path);
  g_autoptr(GError) error = NULL;

  /* the corpus holds images; the harness adds the seal */
  g_file_set_contents (image_path, g_bytes_get_data (bytes, NULL),
                       g_bytes_get_size (bytes) - 48, &error);
  g_assert_no_error (error);
}

static void
write_corpus (const char *fuzz_dir)
{
  g_autofree char *dir = test_dir_new ();
  g_autofree char *corpus = g_build_filename (fuzz_dir, "corpus", NULL);
  g_autofree char *base_gz = g_build_filename (fuzz_dir, "sample-base.waymark-sync.gz", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = NULL;
  g_autofree char *base = NULL;
  Site *origin = site_new_sample (dir, "origin.waymark");
  Site *g;
  gint64 max_version;

  plan = wm_store_get_plan (origin->store, &error);
  base = site_export (origin, dir, NULL);
  wm_bundle_rewrite (base, fix_plan_id, (gpointer) wm_record_get_id (plan), TRUE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) bytes = read_file (base);
    g_autoptr(GFile) file = g_file_new_for_path (base_gz);
    g_autoptr(GOutputStream) raw = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                                                    G_FILE_CREATE_NONE, NULL,
                                                                    &error));
    g_autoptr(GConverter) gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                     9));
    g_autoptr(GOutputStream) out = g_converter_output_stream_new (raw, gzip);

    g_assert_no_error (error);
    g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               NULL, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_close (out, NULL, &error);
    g_assert_no_error (error);
  }

  g_mkdir_with_parents (corpus, 0755);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("gen%u.waymark", i);
      g_autofree char *file = NULL;
      g_autofree char *out = NULL;
      const char *what = NULL;

      g = site_join (dir, name, base);
      max_version = site_query (g, "SELECT max(version) FROM clock");
      switch (i)
        {
        case 0:
          what = "edit-action-1.1";
          fuzz_edit (g->store, "action", "code", "1.1", "progress", "Edited by the DCO");
          break;
        case 1:
          what = "edit-deleted-risk";
          fuzz_edit (g->store, "risk", "ref", "RR7", "mitigation", "Reviewed monthly");
          break;
        case 2:
          what = "delete-action-1.1";
          fuzz_edit (g->store, "action", "code", "1.1", NULL, NULL);
          break;
        case 3:
          what = "new-risk";
          g_free (wm_store_insert (g->store, "risk", &error, "plan_id", FUZZ_PLAN_ID,
                                   "ref", "RR8", "title", "Recruitment of EPs", "owner", "LA",
                                   "likelihood_before", "4", "impact_before", "3", NULL));
          break;
        case 4:
          {
            g_autoptr(WmRecord) action = wm_store_find_action (g->store, "2.1", &error);
            what = "rating-2.1";
            wm_store_set_action_rating (g->store, wm_record_get_id (action), "A",
                                        "Delayed by recruitment", "DCO", &error);
          }
          break;
        default:
          what = "edit-risk-rr1";
          fuzz_edit (g->store, "risk", "ref", "RR1", "owner", "ICB");
          break;
        }
      g_assert_no_error (error);
      file = site_export (g, dir, NULL);
      wm_bundle_rewrite (file, keep_newer, &max_version, TRUE, &error);
      g_assert_no_error (error);
      out = g_build_filename (corpus, what, NULL);
      write_image (file, out);

      if (i == 0)
        {
          /* broken ones, from the first */
          g_autoptr(GBytes) bytes = read_file (out);
          g_autofree char *cut = g_build_filename (corpus, "broken-truncated", NULL);
          g_autofree char *trigger = g_build_filename (dir, "trigger", NULL);
          g_autofree char *format = g_build_filename (dir, "format", NULL);
          g_autofree char *trigger_out = g_build_filename (corpus, "broken-trigger", NULL);
          g_autofree char *format_out = g_build_filename (corpus, "broken-format-2", NULL);
          g_autofree char *text = g_build_filename (corpus, "broken-not-sqlite", NULL);

          g_file_set_contents (cut, g_bytes_get_data (bytes, NULL),
                               g_bytes_get_size (bytes) / 2, NULL);
          copy_file (file, trigger);
          wm_bundle_rewrite (trigger, run_sql,
                             "CREATE TRIGGER t AFTER INSERT ON cells BEGIN SELECT 1; END",
                             TRUE, &error);
          g_assert_no_error (error);
          write_image (trigger, trigger_out);
          copy_file (file, format);
          wm_bundle_rewrite (format, run_sql,
                             "UPDATE manifest SET value = '2' WHERE key = 'format'", TRUE,
                             &error);
          g_assert_no_error (error);
          write_image (format, format_out);
          g_file_set_contents (text, "Code,Title\n1.1,Reform\n", -1, NULL);
        }
      site_free (g);
    }
  site_free (origin);
  remove_tree (dir);
  g_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  const char *corpus_dir = g_getenv ("WM_FUZZ_WRITE_CORPUS");

  g_test_init (&argc, &argv, NULL);

  if (corpus_dir != NULL)
    {
      write_corpus (corpus_dir);
      return 0;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/hostile/valid-control", test_valid_control);
  ADD ("/sync/hostile/empty", test_empty);
  ADD ("/sync/hostile/not-sqlite", test_not_sqlite);
  ADD ("/sync/hostile/truncated", test_truncated);
  ADD ("/sync/hostile/flipped-bytes", test_flipped_bytes);
  ADD ("/sync/hostile/wrong-format", test_wrong_format);
  ADD ("/sync/hostile/wrong-checksum", test_wrong_checksum);
  ADD ("/sync/hostile/triggers-views-tables", test_schema_objects);
  ADD ("/sync/hostile/cells", test_hostile_cells);
  ADD ("/sync/hostile/manifest-size", test_too_many_manifest_entries);
  ADD ("/sync/hostile/sql-is-just-text", test_sql_is_just_text);
  ADD ("/sync/hostile/names-are-printable", test_names_are_printable);
  ADD ("/sync/hostile/huge-file", test_huge_file);
#undef ADD
  g_test_add_func ("/sync/hostile/fuzz-corpus", test_fuzz_corpus);

  return g_test_run ();
}
