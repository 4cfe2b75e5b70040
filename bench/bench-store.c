/* bench-store: open a big plan and load every action, beside bare SQLite
 *
 * The baseline is the least any reader of these rows can do: one SELECT
 * stepping every row and reading every column as text.  Our figure is what
 * the window pays: wm_store_open () (checks, pragmas, migrations) and
 * wm_store_list_actions () (its joins and ordering, a WmRecord a row).
 * Both run in the same process, interleaved, so that a noisy machine
 * slows both alike; the ratio is the figure to watch.  Not a test: see
 * TESTING.md, "Benchmarks are not tests".
 */
#define G_LOG_DOMAIN "bench-store"

#include "wm-generate.h"
#include "wm-store.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *samples)
{
  guint n = samples->len;

  g_array_sort (samples, compare_gint64);
  if (n % 2 == 1)
    return g_array_index (samples, gint64, n / 2) / 1000.0;
  return (g_array_index (samples, gint64, n / 2 - 1)
          + g_array_index (samples, gint64, n / 2)) / 2000.0;
}

/* Closing (and freeing the records) is left out of both timings: the
 * question is how long until the rows are in hand. */
static gint64
time_store (const char *path,
            guint       expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  gint64 begin = g_get_monotonic_time ();
  gint64 elapsed;

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    actions = wm_store_list_actions (store, NULL, &error);
  elapsed = g_get_monotonic_time () - begin;

  if (actions == NULL)
    g_error ("Could not load the actions: %s", error->message);
  if (actions->len != expected)
    g_error ("Loaded %u actions, expected %u", actions->len, expected);
  return elapsed;
}

static gint64
time_bare (const char *path,
           guint       expected,
           gsize      *checksum)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;
  gint64 begin = g_get_monotonic_time ();
  gint64 elapsed;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT * FROM action", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      int n_columns = sqlite3_column_count (stmt);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          /* Summing the lengths keeps the compiler from skipping reads. */
          for (int i = 0; i < n_columns; i++)
            if (sqlite3_column_text (stmt, i) != NULL)
              *checksum += (gsize) sqlite3_column_bytes (stmt, i);
          rows++;
        }
    }
  elapsed = g_get_monotonic_time () - begin;

  if (rc != SQLITE_DONE)
    g_error ("Bare SELECT failed: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (rows != expected)
    g_error ("Bare SELECT read %u rows, expected %u", rows, expected);
  return elapsed;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* 10000 → "10,000", as the table prints it */
static char *
thousands (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;
  WmGenerateOptions opts;
  int n_actions = 10000;
  int repeat = 20;
  gsize checksum = 0;
  gint64 begin;
  double ours_ms, bare_ms;
  GOptionEntry entries[] = {
    { "actions", 0, 0, G_OPTION_ARG_INT, &n_actions, "Actions in the plan (default 10000)", "N" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Timed runs of each (default 20)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— time loading a big plan against bare SQLite");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-store: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_actions < 1 || repeat < 1)
    {
      g_printerr ("bench-store: --actions and --repeat must be at least 1.\n");
      return EXIT_FAILURE;
    }

  dir = g_dir_make_tmp ("waymark-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "bench.waymark", NULL);

  /* Setting up is not timed; its duration goes to stderr, out of the table. */
  begin = g_get_monotonic_time ();
  {
    g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
    g_autofree char *plan_id = NULL;

    if (store != NULL)
      plan_id = wm_store_create_plan (store, "Synthetic area", "Synthetic: benchmark plan",
                                      &error);
    wm_generate_options_init (&opts, (guint) n_actions);
    opts.seed = 42;
    if (plan_id == NULL || !wm_generate_plan (store, &opts, &error))
      g_error ("Could not generate the plan: %s", error->message);
  }
  g_printerr ("bench-store: generated %d actions in %.1f s\n", n_actions,
              (g_get_monotonic_time () - begin) / 1e6);

  /* One untimed run of each warms the page cache for both. */
  time_store (path, (guint) n_actions);
  time_bare (path, (guint) n_actions, &checksum);
  for (int i = 0; i < repeat; i++)
    {
      gint64 t = time_store (path, (guint) n_actions);
      g_array_append_val (ours, t);
      t = time_bare (path, (guint) n_actions, &checksum);
      g_array_append_val (bare, t);
    }
  ours_ms = median_ms (ours);
  bare_ms = median_ms (bare);
  g_debug ("checksum %" G_GSIZE_FORMAT, checksum);

  label = thousands ((guint) n_actions);
  g_print ("store: open+load %s actions | %.2f ms | bare sqlite3 SELECT | %.2f ms | ratio %.2f\n",
           label, ours_ms, bare_ms, bare_ms > 0 ? ours_ms / bare_ms : 0.0);

  remove_tree (dir);
  return EXIT_SUCCESS;
}
