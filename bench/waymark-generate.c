/* waymark-generate: write a synthetic plan of any size to a new database
 *
 * For benchmarks, and for screenshots of plans bigger than any real one:
 *   waymark-generate --db big.waymark --actions 10000 [--seed 7] [--risks 500]
 */
#define G_LOG_DOMAIN "waymark-generate"

#include "wm-generate.h"
#include "wm-store.h"

#include <locale.h>
#include <stdlib.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autofree char *db = NULL;
  g_autofree char *plan_id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *start = NULL;
  WmGenerateOptions opts;
  int n_actions = -1;
  gint64 seed = 1;
  int n_risks = -1;
  int n_priorities = -1;
  int n_updates = -1;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Database to create (must not exist)", "PATH" },
    { "actions", 0, 0, G_OPTION_ARG_INT, &n_actions, "Number of actions", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed: the same seed gives the same "
      "plan (default 1)", "S" },
    { "risks", 0, 0, G_OPTION_ARG_INT, &n_risks, "Number of risks (default: one for every "
      "twenty actions, at least 7)", "N" },
    { "priorities", 0, 0, G_OPTION_ARG_INT, &n_priorities, "Number of priorities (default: "
      "about forty actions each)", "N" },
    { "status-updates", 0, 0, G_OPTION_ARG_INT, &n_updates, "Number of status updates "
      "(default: two for each action)", "N" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, "Month 0 of the plan (default 2024-04-01)",
      "YYYY-MM-DD" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— write a synthetic Waymark plan");
  g_option_context_set_summary (context, "Every title in the plan starts “Synthetic:”; "
                                "nothing in it is real.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("waymark-generate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (db == NULL || n_actions < 0)
    {
      g_printerr ("waymark-generate: --db PATH and --actions N are required.\n");
      return EXIT_FAILURE;
    }
  if (seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("waymark-generate: --seed %" G_GINT64_FORMAT " is out of range "
                  "(0 to %u).\n", seed, G_MAXUINT32);
      return EXIT_FAILURE;
    }
  /* Adding thousands of rows to someone's real plan would be hard to undo:
   * only ever write a new file. */
  if (g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (db);
      g_printerr ("waymark-generate: “%s” already exists; give a new file.\n", display);
      return EXIT_FAILURE;
    }

  wm_generate_options_init (&opts, (guint) n_actions);
  opts.seed = (guint32) seed;
  opts.start_date = start;
  if (n_risks >= 0)
    opts.n_risks = (guint) n_risks;
  if (n_priorities >= 0)
    opts.n_priorities = (guint) n_priorities;
  if (n_updates >= 0)
    opts.n_status_updates = (guint) n_updates;

  store = wm_store_open (db, WM_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    {
      g_printerr ("waymark-generate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  title = g_strdup_printf ("Synthetic: %d-action plan (seed %u)", n_actions, opts.seed);
  plan_id = wm_store_create_plan (store, "Synthetic area", title, &error);
  if (plan_id == NULL || !wm_generate_plan (store, &opts, &error))
    {
      g_printerr ("waymark-generate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
