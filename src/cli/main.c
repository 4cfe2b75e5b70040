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
#include "wm-cli-changes.h"
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

/* Every command, in one list: --help is where people find them. */
static const char help_text[] =
  "Commands:\n"
  "  init [--sample] [--area AREA] [--title TITLE]\n"
  "      Create the database, holding the sample plan or a new, empty plan\n"
  "  export-csv actions|risks [-o FILE]\n"
  "      Write the actions or the risk register as CSV\n"
  "  set action CODE FIELD=VALUE…\n"
  "  set risk REF FIELD=VALUE…\n"
  "      Change an action or a risk, all fields or none (set --help lists them);\n"
  "      once there is a baseline, a moved start or due date needs --reason TEXT\n"
  "  set-baseline [--author NAME]\n"
  "      Keep every action's and stage's dates as the plan's baseline\n"
  "  depend FROM TO [--kind FS|SS|FF|SF] [--lag DAYS]\n"
  "      Make action TO depend on action FROM (finish to start by default)\n"
  "  render gantt -o FILE.png|svg|pdf\n"
  "      Draw the Gantt chart to a file (render --help lists its options)\n"
  "  kpi add|list|show\n"
  "      Define KPIs, list them with their latest value and rating\n"
  "  import-csv kpi-values|kpi-benchmarks FILE [--map 'Header=field'…]\n"
  "  export-csv kpi-values|kpi-benchmarks [-o FILE]\n"
  "      KPI values and benchmark series in and out of CSV\n"
  "  import-dfe FILE --measure COLUMN --kpi CODE [--own 'LA NAME']\n"
  "      The DfE's EHC plan open data as a KPI's values and benchmarks\n"
  "  render kpi CODE -o FILE.png|svg|pdf | render dashboard -o FILE.pdf\n"
  "      Draw a KPI's chart, or the dashboard of KPI cards\n"
  "  import-csv audits FILE [--map 'Header=field'…] | export-csv audits [-o FILE]\n"
  "      EHC plan audits, one row per audit and domain, in and out of CSV\n"
  "  audit-stats [--from DATE] [--to DATE] [--type TYPE] [--format text|csv]\n"
  "      Auditor and moderator agreement, kappa, the standard, the cadence\n"
  "  changes [--since DATE] [--until DATE]\n"
  "      What changed since the last board: ratings, dates, new and completed\n"
  "      actions, milestones met and missed\n"
  "  report -o FILE.pdf [--date DATE] [--since DATE] [--sections LIST]\n"
  "      Write the board pack as a PDF: progress, exceptions, milestones,\n"
  "      changes, Gantt, risks, audits and KPIs\n"
  "  export-xlsx -o FILE.xlsx\n"
  "      Write the actions, risks, audits and KPI values as an Excel workbook\n"
  "  import-csv actions|risks FILE [--map 'Header=field'…]\n"
  "      Import a plan's actions or a risk register from CSV, every row or none\n"
  "  risk list|add|note|delete|scheme\n"
  "      Keep the risk register: list, add or change, note, delete, scoring\n"
  "  render heatmap -o FILE.png|svg|pdf\n"
  "      Draw the risk heat map to a file\n"
  "  sync-export, sync-import, sync-status, conflicts\n"
  "      Sync by file with other laptops\n"
  "\n"
  "Every command takes --help.  Exit status: 0 done; 1 refused or failed, and\n"
  "nothing was changed; 2 the command line was wrong.";

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
  g_option_context_set_description (context, help_text);
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
  if (wm_cli_is_changes_command (command))
    return wm_cli_changes_main (db_path, argc - 1, argv + 1);

  wm_cli_printerr ("“%s” is not a command (see waymark-cli --help)", command);
  return WM_CLI_EXIT_USAGE;
}
