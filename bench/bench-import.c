/* bench-import: import a plan of 100,000 CSV rows, beside bare SQLite
 *
 * Ours is what "waymark-cli import-csv actions" pays after reading the
 * file: wm_csv_parse () and wm_plan_import_actions () into a fresh plan
 * (priorities resolved, codes generated, dates and ratings read, every
 * row checked before any is written, the writes tracked for sync, one
 * transaction).  The baseline is the least any importer can do with the
 * same rows: wm_csv_parse () of the same text, then one prepared INSERT a
 * row into a plain table with the same columns, in one transaction, with
 * no checks and no tracking.  Each run uses a new database; runs of the
 * two alternate so that a noisy machine slows both alike.  Not a test:
 * see TESTING.md, "Benchmarks are not tests".
 */
#define G_LOG_DOMAIN "bench-import"

#include "wm-csv-reader.h"
#include "wm-plan-import.h"
#include "wm-store.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char *const themes[] = {
  "Timeliness of EHC plans", "Quality of EHC plans", "Annual reviews", "Joint commissioning",
  "Preparing for adulthood", "Co-production with families", "Workforce development",
  "Sufficiency of specialist places", "Alternative provision", "Quality assurance",
};
static const char *const dues[] = {
  "31/10/2023", "April 2024", "Sep-23", "Sept 24", "Ongoing", "TBC – pending recruitment",
  "30/06/2024", "Complete during Q1",
};
static const char *const ratings[] = { "Green", "AMBER", "red", "B", "Pink", "C" };

/* The rows as a council's tracker has them: themes, no codes, free-text
 * dates, RAG words, a multi-line lead now and then. */
static char *
make_csv (guint n_rows)
{
  GString *csv = g_string_new ("Theme,Action,Lead,Agency,Start,By when,RAG,Update\r\n");

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "%s,Synthetic action %u: review the %s process,%s,LA; ICB,"
                                 "01/04/2023,%s,%s,Synthetic progress note %u\r\n",
                            themes[(i * G_N_ELEMENTS (themes)) / n_rows], i,
                            i % 2 ? "annual review" : "assessment",
                            i % 7 ? "Head of SEND" : "\"Head of SEND\r\nDCO (ICB)\"",
                            dues[i % G_N_ELEMENTS (dues)], ratings[i % G_N_ELEMENTS (ratings)],
                            i);
  return g_string_free (csv, FALSE);
}

static void
remove_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static gint64
time_ours (const char *csv,
           const char *path,
           guint       n_rows)
{
  static const char *const maps[] = {
    "Theme=priority", "Action=title", "By when=due", "RAG=rating", "Update=progress", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_autofree char *plan_id = store ? wm_store_create_plan (store, "Synthetic area",
                                                           "Synthetic: import benchmark",
                                                           &error) : NULL;
  g_autoptr(WmCsvTable) table = NULL;
  g_autoptr(WmPlanImportReport) report = NULL;
  gint64 begin, elapsed;

  if (plan_id == NULL)
    g_error ("Could not create the plan: %s", error->message);
  begin = g_get_monotonic_time ();
  table = wm_csv_parse (csv, -1, "plan.csv", &error);
  if (table != NULL)
    report = wm_plan_import_actions (store, table, maps, WM_PLAN_IMPORT_DEFAULT, &error);
  elapsed = g_get_monotonic_time () - begin;
  if (report == NULL)
    g_error ("Import failed: %s", error->message);
  if (report->created != n_rows)
    g_error ("Imported %u actions, expected %u", report->created, n_rows);
  g_clear_object (&store);
  remove_files (path);
  return elapsed;
}

static gint64
time_bare (const char *csv,
           const char *path,
           guint       n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmCsvTable) table = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 begin, elapsed;
  guint n_columns;
  int rc;

  rc = sqlite3_open (path, &db);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL;"
                           "CREATE TABLE action (id INTEGER PRIMARY KEY, priority TEXT, title TEXT,"
                           " leads TEXT, agency TEXT, start TEXT, due TEXT, rating TEXT,"
                           " progress TEXT)", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_error ("Bare SQLite set-up failed: %s", sqlite3_errmsg (db));

  begin = g_get_monotonic_time ();
  table = wm_csv_parse (csv, -1, "plan.csv", &error);
  if (table == NULL)
    g_error ("%s", error->message);
  n_columns = wm_csv_table_get_n_columns (table);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO action (priority, title, leads, agency, start, due, "
                          "rating, progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  for (guint r = 0; r < wm_csv_table_get_n_rows (table); r++)
    {
      for (guint c = 0; c < n_columns; c++)
        sqlite3_bind_text (stmt, (int) c + 1, wm_csv_table_get (table, r, (int) c), -1,
                           SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("Bare INSERT failed: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  elapsed = g_get_monotonic_time () - begin;
  if (rc != SQLITE_OK || wm_csv_table_get_n_rows (table) != n_rows)
    g_error ("Bare import failed");
  sqlite3_close (db);
  remove_files (path);
  return elapsed;
}

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
  g_autofree char *csv = NULL;
  int n_rows = 100000;
  int repeat = 3;
  double ours_ms, bare_ms;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "CSV rows (default 100000)", "N" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Timed runs of each (default 3)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— time a CSV plan import against bare SQLite inserts");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-import: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_rows < 1 || repeat < 1)
    {
      g_printerr ("bench-import: --rows and --repeat must be at least 1.\n");
      return EXIT_FAILURE;
    }

  dir = g_dir_make_tmp ("waymark-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "import.waymark", NULL);
  csv = make_csv ((guint) n_rows);
  g_printerr ("bench-import: %d rows, %.1f MB of CSV\n", n_rows, strlen (csv) / 1e6);

  for (int i = 0; i < repeat; i++)
    {
      gint64 t = time_ours (csv, path, (guint) n_rows);
      g_array_append_val (ours, t);
      t = time_bare (csv, path, (guint) n_rows);
      g_array_append_val (bare, t);
    }
  ours_ms = median_ms (ours);
  bare_ms = median_ms (bare);

  g_print ("import: CSV plan of %d rows | %.0f ms | bare sqlite3 INSERT | %.0f ms | ratio %.2f\n",
           n_rows, ours_ms, bare_ms, bare_ms > 0 ? ours_ms / bare_ms : 0.0);
  g_rmdir (dir);
  return EXIT_SUCCESS;
}
