/* wm-cli-import.c: waymark-cli import-csv KIND FILE [--map 'Header=field'…]
 *
 * The command reads the file (BOM, ; or tab, CRLF, Windows-1252: see
 * wm-csv-reader.h), opens the plan and hands both to the kind's importer,
 * which checks every row before it writes any: an import is all or
 * nothing, and a refusal names the file, line and column.
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include "wm-cli-audit.h"
#include "wm-cli-import.h"
#include "wm-cli-kpi.h"
#include "wm-cli-plan.h"
#include "wm-cli-report.h"
#include "wm-cli-risk.h"

/* The kinds of CSV import-csv reads.  Features add their own line here
 * (risks, audits, actions), with the importer in their own wm-cli-*.c
 * calling their core importer; keep the lines in this order: the usage
 * message lists them so. */
static const struct
{
  const char      *kind;
  const char      *columns;   /* for --help: the header the importer expects */
  WmCliImportFunc  import;
} kinds[] = {
  { "kpi-values", "kpi,period,value,numerator,denominator,note[,source]",
    wm_cli_kpi_import_values },
  { "kpi-benchmarks", "kpi,series,period,value[,source]", wm_cli_kpi_import_benchmarks },
  { "actions", "priority,code,title,description,lead,agency,start,due,completed,rating,"
    "progress,evidence,impact", wm_cli_report_import_actions },
  { "risks", "ref,raised,description,owner,likelihood_before,impact_before,… (as export-csv "
    "risks writes them)", wm_cli_risk_import_csv },
  { "audits", "case_ref,audit_type,date,auditor,moderator,domain,auditor_level,"
    "moderator_level,comment[,moderator_comment,agency,template,plan_issue_date,meeting_date,"
    "meeting,learning_points]", wm_cli_audit_import },
};

gboolean
wm_cli_is_import_command (const char *command)
{
  return g_strcmp0 (command, "import-csv") == 0;
}

static char *
kind_list (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_string_append_printf (list, "%s%s", i == 0 ? "" : i + 1 == G_N_ELEMENTS (kinds)
                                                          ? " or " : ", ", kinds[i].kind);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  g_autofree char *list = kind_list ();
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  wm_cli_printerr ("%s", message);
  g_printerr ("usage: waymark-cli --db PATH import-csv %s FILE [--map 'Header=field'…]\n",
              list);
  return WM_CLI_EXIT_USAGE;
}

int
wm_cli_import_main (const char  *db_path,
                    const char  *command,
                    int          argc,
                    char       **argv)
{
  g_auto(GStrv) maps = NULL;
  const GOptionEntry entries[] = {
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      "Read the column headed Header as field (repeat for each)", "'Header=field'" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("KIND FILE");
  g_autoptr(GString) description = g_string_new ("Kinds and the columns they read (headers "
                                                 "match case-insensitively):\n");
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autoptr(WmCsvTable) table = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  WmCliImportFunc import = NULL;
  gboolean parsed;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_string_append_printf (description, "  %-16s %s\n", kinds[i].kind, kinds[i].columns);
  g_string_append (description, "\nEvery row is checked before any is written: the import is "
                                "all or nothing,\nand a refusal names the line and column.  A "
                                "period already held is replaced.");
  g_option_context_set_summary (context, "Import a CSV file (from Excel or another tracker) "
                                         "into the plan.");
  g_option_context_set_description (context, description->str);
  g_option_context_add_main_entries (context, entries, NULL);
  g_set_prgname ("waymark-cli --db PATH import-csv");
  parsed = g_option_context_parse (context, &argc, &argv, &error);
  g_set_prgname (prgname);
  if (!parsed)
    return usage_error ("%s", error->message);

  if (argc < 2)
    {
      g_autofree char *list = kind_list ();
      return usage_error ("say what to import: %s", list);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, argv[1]))
      import = kinds[i].import;
  if (import == NULL)
    {
      g_autofree char *list = kind_list ();
      return usage_error ("“%s” is not a kind of CSV Waymark imports: choose %s", argv[1], list);
    }
  if (argc < 3)
    return usage_error ("say which file to import");
  if (argc > 3)
    return usage_error ("unexpected argument “%s”", argv[3]);
  if (db_path == NULL)
    return usage_error ("no database given: put --db PATH before the command");

  table = wm_csv_parse_file (argv[2], &error);
  if (table == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  for (const char *const *warning = wm_csv_table_get_warnings (table); *warning; warning++)
    g_printerr ("waymark-cli: warning: %s\n", *warning);

  store = wm_store_open (db_path, WM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  summary = import (store, table, (const char *const *) maps, &error);
  if (summary == NULL)
    {
      wm_cli_printerr ("%s; nothing was imported", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  g_print ("%s\n", summary);
  return WM_CLI_EXIT_OK;
}
