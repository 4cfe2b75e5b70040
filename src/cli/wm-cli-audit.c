/* wm-cli-audit.c: audit-stats, and import-csv audits
 *
 * audit-stats prints the figures a board and the QA group look at: the
 * auditor–moderator agreement against the 80% target (exact, within one
 * level, weighted kappa with its confidence interval), the share of plans
 * meeting the standard in every domain against 90%, and the cadence
 * against 8 moderated audits every two months and 3 warm audits a quarter.
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <stdio.h>

#include "wm-audit.h"
#include "wm-audit-csv.h"
#include "wm-audit-stats.h"
#include "wm-cli-audit.h"
#include "wm-cli-plan.h"
#include "wm-date.h"

#define USAGE "audit-stats [--from DATE] [--to DATE] [--type TYPE] [--format text|csv]"

gboolean
wm_cli_is_audit_command (const char *command)
{
  return g_strcmp0 (command, "audit-stats") == 0;
}

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  wm_cli_printerr ("%s", message);
  g_printerr ("usage: waymark-cli --db PATH " USAGE "\n");
  return WM_CLI_EXIT_USAGE;
}

char *
wm_cli_audit_import (WmStore            *store,
                     WmCsvTable         *table,
                     const char *const  *maps,
                     GError            **error)
{
  WmAuditImportResult result;
  g_autoptr(GString) summary = g_string_new (NULL);

  if (!wm_audit_import_csv (store, table, maps, &result, error))
    return NULL;
  g_string_append_printf (summary, "Imported %u row%s: %u audit%s new, %u updated, %u level%s",
                          result.rows, result.rows == 1 ? "" : "s",
                          result.created, result.created == 1 ? "" : "s", result.updated,
                          result.levels, result.levels == 1 ? "" : "s");
  if (result.meetings > 0)
    g_string_append_printf (summary, ", %u moderation meeting%s", result.meetings,
                            result.meetings == 1 ? "" : "s");
  g_string_append_c (summary, '.');
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static char *
option_date (const char  *option,
             const char  *text,
             int         *status)
{
  g_autoptr(GError) error = NULL;
  char *iso;

  if (text == NULL)
    return NULL;
  iso = wm_date_normalize (text, &error);
  if (iso == NULL)
    *status = usage_error ("%s: %s", option, error->message);
  return iso;
}

static int
cmd_audit_stats (const char  *db_path,
                 int          argc,
                 char       **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL, *format = NULL, *type_text = NULL;
  g_autofree char *from = NULL, *to = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, "Audits on or after this date", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "Audits on or before this date", "DATE" },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text,
      "Only audits of this type: new plan, amended plan, advice or warm", "TYPE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      "text (the default), or csv with one row per figure", "text|csv" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmAuditStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  WmAuditFilter filter = { NULL };
  int status = WM_CLI_EXIT_OK;
  gboolean parsed;

  g_option_context_set_summary (context,
                                "Print how far auditors and moderators agree (exact, within one "
                                "level,\nweighted kappa), how many plans meet the standard in "
                                "every domain, and\nthe cadence of moderated and warm audits, "
                                "against the plan's targets.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_set_prgname ("waymark-cli --db PATH audit-stats");
  parsed = g_option_context_parse (context, &argc, &argv, &error);
  g_set_prgname (prgname);
  if (!parsed)
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error ("unexpected argument “%s”", argv[1]);
  if (db_path == NULL)
    return usage_error ("no database given: put --db PATH before the command");
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "csv"))
    return usage_error ("--format “%s”: choose text or csv", format);
  from = option_date ("--from", from_text, &status);
  if (status != WM_CLI_EXIT_OK)
    return status;
  to = option_date ("--to", to_text, &status);
  if (status != WM_CLI_EXIT_OK)
    return status;
  if (from && to && g_strcmp0 (from, to) > 0)
    return usage_error ("--from %s is after --to %s", from_text, to_text);
  if (type_text != NULL)
    {
      filter.audit_type = wm_audit_type_parse (type_text);
      if (filter.audit_type == NULL)
        return usage_error ("--type “%s”: choose new plan, amended plan, advice or warm",
                            type_text);
    }
  filter.from = from;
  filter.to = to;

  store = wm_store_open (db_path, WM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  stats = wm_audit_stats_compute (store, &filter, &error);
  if (stats == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  if (format != NULL && g_str_equal (format, "csv"))
    {
      g_autoptr(GString) csv = g_string_new (NULL);

      wm_audit_stats_to_csv (stats, csv);
      fwrite (csv->str, 1, csv->len, stdout);
    }
  else
    {
      g_autofree char *text = wm_audit_stats_to_text (stats);
      fputs (text, stdout);
    }
  if (fflush (stdout) != 0)
    {
      wm_cli_printerr ("could not write the statistics");
      return WM_CLI_EXIT_FAILED;
    }
  return WM_CLI_EXIT_OK;
}

int
wm_cli_audit_main (const char  *db_path,
                   const char  *command,
                   int          argc,
                   char       **argv)
{
  g_return_val_if_fail (wm_cli_is_audit_command (command), WM_CLI_EXIT_USAGE);
  return cmd_audit_stats (db_path, argc, argv);
}
