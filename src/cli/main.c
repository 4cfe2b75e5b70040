/* waymark-cli: read and change a Waymark plan from scripts and terminals
 *
 * The global options come first (--db PATH), then a command word and the
 * command's own arguments, as in git: each command parses its own options,
 * so that "-o" means one thing to export-csv and may mean another later.
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <locale.h>
#include <glib.h>

#include "wm-cli-audit.h"
#include "wm-cli-import.h"
#include "wm-cli-kpi.h"
#include "wm-cli-plan.h"
#include "wm-cli-render.h"
#include "wm-cli-report.h"
#include "wm-cli-risk.h"
#include "wm-cli-sync.h"

static gboolean
asks_for_help (int    argc,
               char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h")
        || g_str_equal (argv[i], "-?"))
      return TRUE;
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The plan's database file", "PATH" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Show the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("COMMAND [ARGUMENT…]");
  g_autoptr(GError) error = NULL;
  const char *command;

  /* Messages go out in the terminal's encoding; dates and CSV do not
   * depend on the locale. */
  setlocale (LC_ALL, "");
  g_set_prgname ("waymark-cli");

  g_option_context_set_summary (context, "Read and change a Waymark plan.");
  g_option_context_set_description (context, wm_cli_plan_help ());
  g_option_context_add_main_entries (context, entries, NULL);
  /* Options after the command word are the command's own. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      wm_cli_printerr ("%s (see waymark-cli --help)", error->message);
      return WM_CLI_EXIT_USAGE;
    }
  if (version)
    {
      g_print ("waymark-cli %s\n", PACKAGE_VERSION);
      return WM_CLI_EXIT_OK;
    }
  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return WM_CLI_EXIT_USAGE;
    }

  /* Each command sees itself as argv[0], as a program would. */
  command = argv[1];
  if (wm_cli_is_plan_command (command))
    return wm_cli_plan_main (db_path, command, argc - 1, argv + 1);
  if (wm_cli_is_sync_command (command))
    {
      if (db_path == NULL && !asks_for_help (argc - 1, argv + 1))
        {
          wm_cli_printerr ("no database given: put --db PATH before the command");
          return WM_CLI_EXIT_USAGE;
        }
      return wm_cli_sync_main (db_path, command, argc - 1, argv + 1);
    }

  if (g_str_equal (command, "render"))
    return wm_cli_render_main (db_path, argc - 1, argv + 1);
  if (wm_cli_is_kpi_command (command))
    return wm_cli_kpi_main (db_path, command, argc - 1, argv + 1);
  if (wm_cli_is_import_command (command))
    return wm_cli_import_main (db_path, command, argc - 1, argv + 1);
  if (wm_cli_is_report_command (command))
    return wm_cli_report_main (db_path, command, argc - 1, argv + 1);
  if (wm_cli_is_risk_command (command))
    return wm_cli_risk_main (db_path, command, argc - 1, argv + 1);
  if (wm_cli_is_audit_command (command))
    return wm_cli_audit_main (db_path, command, argc - 1, argv + 1);

  wm_cli_printerr ("“%s” is not a command (see waymark-cli --help)", command);
  return WM_CLI_EXIT_USAGE;
}
