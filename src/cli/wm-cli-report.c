/* wm-cli-report.c: waymark-cli report, export-xlsx, and import-csv actions
 *
 * The board pack as a PDF, the plan as an Excel workbook for people who do
 * not run Waymark, and a plan brought in from the spreadsheet it was kept
 * in.  GLib, core and render only: these run on a server with no display.
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "wm-board-pack.h"
#include "wm-cli-plan.h"
#include "wm-cli-report.h"
#include "wm-date.h"
#include "wm-plan-import.h"
#include "wm-store.h"
#include "wm-xlsx-export.h"
#include "wm-cli-common.h"

#define usage_error(command, ...) \
  wm_cli_usage_error (commands, G_N_ELEMENTS (commands), command, __VA_ARGS__)
#define parse_options(context, command, argc, argv) \
  wm_cli_parse_options (context, commands, G_N_ELEMENTS (commands), command, argc, argv)
#define open_store(db_path) wm_cli_open_store (db_path, WM_STORE_OPEN_DEFAULT)

#define NO_DB_MESSAGE "no database given: put --db PATH before the command"

static const WmCliUsage commands[] = {
  { "report", "report -o FILE.pdf [--date DATE] [--since DATE] [--sections LIST]" },
  { "export-xlsx", "export-xlsx -o FILE.xlsx" },
};

gboolean
wm_cli_is_report_command (const char *command)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, command) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0
         && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static gboolean
has_extension (const char *path,
               const char *extension)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, extension);
}

/* A day for --date and --since: "2023-08-16", "16/08/2023" */
static gboolean
parse_day (const char  *command,
           const char  *option,
           const char  *text,
           char       **iso)
{
  GDate date;

  if (wm_date_parse (text, &date) != WM_DATE_EXACT)
    {
      usage_error (command, "%s “%s” is not a day: write it as 16/08/2023 or 2023-08-16", option,
                   text);
      return FALSE;
    }
  *iso = wm_date_to_iso (&date);
  return TRUE;
}

/* ---------- report ---------- */

static int
cmd_report (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *date = NULL;
  g_autofree char *since = NULL;
  g_autofree char *sections_text = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The PDF to write", "FILE.pdf" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      "The report's date (default: today); ratings and notes as they were that day", "DATE" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      "Report changes after DATE (default: the last board before the report's date)", "DATE" },
    { "sections", 0, 0, G_OPTION_ARG_STRING, &sections_text,
      "Only these sections, separated by commas (default: all)", "LIST" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *description = g_strdup_printf ("Sections: %s.\nA section with nothing "
                                                  "to show says so; one whose data the plan "
                                                  "does not hold is left out.",
                                                  wm_board_pack_section_names ());
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmBoardPack) pack = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_at = NULL;
  g_autofree char *from = NULL;
  g_autofree char *display = NULL;
  WmBoardPackOptions options = { NULL, NULL, WM_BOARD_PACK_ALL };

  g_option_context_set_summary (context,
                                "Write the board pack as an A4 PDF: cover, contents, ratings by\n"
                                "priority, exceptions, milestones, what changed since the last\n"
                                "board, risks and the Gantt.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "report", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc > 1)
    return usage_error ("report", "unexpected argument “%s”", argv[1]);
  if (db_path == NULL)
    return usage_error ("report", NO_DB_MESSAGE);
  if (output == NULL)
    return usage_error ("report", "say where to write the PDF with -o FILE.pdf");
  if (!has_extension (output, ".pdf"))
    return usage_error ("report", "-o “%s”: the board pack is a PDF; give a name ending in .pdf",
                        output);
  if (date != NULL && !parse_day ("report", "--date", date, &as_at))
    return WM_CLI_EXIT_USAGE;
  if (since != NULL && !parse_day ("report", "--since", since, &from))
    return WM_CLI_EXIT_USAGE;
  if (sections_text != NULL && !wm_board_pack_parse_sections (sections_text, &options.sections,
                                                              &error))
    return usage_error ("report", "--sections: %s", error->message);
  if (same_file (output, db_path))
    {
      display = g_filename_display_name (output);
      wm_cli_printerr ("-o “%s” is the plan's own database: choose another file", display);
      return WM_CLI_EXIT_FAILED;
    }

  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  options.as_at = as_at;
  options.since = from;
  pack = wm_board_pack_new_from_store (store, &options, &error);
  if (pack == NULL || !wm_board_pack_write_pdf (pack, output, &error))
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  display = g_filename_display_name (output);
  g_print ("Wrote the board pack to “%s”: %d pages.\n", display,
           wm_board_pack_get_n_pages (pack));
  return WM_CLI_EXIT_OK;
}

/* ---------- export-xlsx ---------- */

static int
cmd_export_xlsx (const char  *db_path,
                 int          argc,
                 char       **argv)
{
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The workbook to write, replaced in one step", "FILE.xlsx" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;

  g_option_context_set_summary (context,
                                "Write the plan as an Excel workbook: the actions, risks, audits\n"
                                "and KPI values, a sheet each, with the cells of the CSV export.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "export-xlsx", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc > 1)
    return usage_error ("export-xlsx", "unexpected argument “%s”", argv[1]);
  if (db_path == NULL)
    return usage_error ("export-xlsx", NO_DB_MESSAGE);
  if (output == NULL)
    return usage_error ("export-xlsx", "say where to write the workbook with -o FILE.xlsx");
  if (!has_extension (output, ".xlsx"))
    return usage_error ("export-xlsx", "-o “%s”: give a name ending in .xlsx, the kind of file "
                                       "Excel opens", output);
  display = g_filename_display_name (output);
  if (same_file (output, db_path))
    {
      wm_cli_printerr ("-o “%s” is the plan's own database: choose another file", display);
      return WM_CLI_EXIT_FAILED;
    }

  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  if (!wm_xlsx_export (store, output, &error))
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  return WM_CLI_EXIT_OK;
}

int
wm_cli_report_main (const char  *db_path,
                    const char  *command,
                    int          argc,
                    char       **argv)
{
  g_return_val_if_fail (wm_cli_is_report_command (command), WM_CLI_EXIT_USAGE);

  if (g_str_equal (command, "report"))
    return cmd_report (db_path, argc, argv);
  return cmd_export_xlsx (db_path, argc, argv);
}

/* ---------- import-csv actions ---------- */

/**
 * wm_cli_report_import_actions:
 *
 * The actions kind of import-csv.  Problems go to standard error a line
 * each, and the error says how many; warnings go there too, and the
 * summary is returned for standard output.
 */
char *
wm_cli_report_import_actions (WmStore            *store,
                              WmCsvTable         *table,
                              const char *const  *maps,
                              GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(WmPlanImportReport) report = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  guint n_reader_warnings = g_strv_length ((char **) wm_csv_table_get_warnings (table));

  report = wm_plan_import_actions (store, table, maps, WM_PLAN_IMPORT_DEFAULT, &local_error);
  if (report == NULL)
    {
      g_auto(GStrv) lines = g_strsplit (local_error->message, "\n", -1);

      /* "plan.csv: 2 problems, so nothing was imported:" then a line
       * each: one stderr line per problem, then the count */
      if (lines[0] != NULL && lines[1] != NULL)
        {
          g_autofree char *first = g_strdup (lines[0]);
          char *cut = strstr (first, ", so nothing was imported:");

          for (guint i = 1; lines[i]; i++)
            wm_cli_printerr ("%s", g_strstrip (lines[i]));
          if (cut != NULL)
            *cut = '\0';
          g_set_error_literal (error, local_error->domain, local_error->code, first);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The command has printed the reader's own warnings already */
  for (guint i = n_reader_warnings; i < report->warnings->len; i++)
    g_printerr ("waymark-cli: warning: %s\n", (const char *) report->warnings->pdata[i]);
  g_string_append_printf (summary, "Imported %u %s: %u created, %u updated, %u unchanged",
                          report->rows_read, report->rows_read == 1 ? "row" : "rows",
                          report->created, report->updated, report->unchanged);
  if (report->priorities_created > 0)
    g_string_append_printf (summary, "; %u %s created", report->priorities_created,
                            report->priorities_created == 1 ? "priority" : "priorities");
  if (report->codes_generated > 0)
    g_string_append_printf (summary, "; %u %s given after %s priority", report->codes_generated,
                            report->codes_generated == 1 ? "code" : "codes",
                            report->codes_generated == 1 ? "its" : "their");
  if (report->warnings->len > n_reader_warnings)
    g_string_append_printf (summary, "; %u %s (above)", report->warnings->len - n_reader_warnings,
                            report->warnings->len - n_reader_warnings == 1 ? "warning"
                                                                           : "warnings");
  g_string_append_c (summary, '.');
  return g_string_free (g_steal_pointer (&summary), FALSE);
}
