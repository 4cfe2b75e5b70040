/* wm-cli-changes.c: waymark-cli changes
 *
 * What changed in the plan since the last board (or since --since), as
 * text: rating changes with their notes, moved dates with their reasons,
 * new and completed actions, milestones met and missed.  GLib and core
 * only.
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <string.h>

#include "wm-cli-changes.h"
#include "wm-cli-plan.h"
#include "wm-date.h"
#include "wm-plan-changes.h"
#include "wm-store.h"

#define USAGE "changes [--since DATE] [--until DATE]"

gboolean
wm_cli_is_changes_command (const char *command)
{
  return g_strcmp0 (command, "changes") == 0;
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

/* A day as people write it ("16/08/2023", "6th February 2023",
 * "2023-08-16").  A month alone means all of it: --since "April 2023"
 * lists changes from 1 April (the day before is the last one left out),
 * --until "April 2023" up to 30 April. */
static gboolean
parse_day (const char  *option,
           const char  *text,
           gboolean     is_since,
           char       **iso)
{
  GDate date;
  WmDatePrecision precision = wm_date_parse (text, &date);

  if (precision == WM_DATE_NONE || !g_date_valid (&date))
    {
      usage_error ("%s “%s” is not a date: write it as 16/08/2023, 2023-08-16 or August 2023",
                   option, text);
      return FALSE;
    }
  if (precision == WM_DATE_MONTH && is_since)
    {
      g_date_set_day (&date, 1);
      g_date_subtract_days (&date, 1);
    }
  *iso = wm_date_to_iso (&date);
  return TRUE;
}

int
wm_cli_changes_main (const char  *db_path,
                     int          argc,
                     char       **argv)
{
  g_autofree char *since_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      "List changes after this day (default: the last board before today)", "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text,
      "List changes up to and including this day (default: today)", "DATE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmPlanChanges) changes = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  g_option_context_set_summary (context,
                                "What changed in the plan since the last board: rating changes\n"
                                "with their notes, moved dates with their reasons, new and\n"
                                "completed actions, milestones met and missed.  The last board\n"
                                "is the latest key date of kind 'board' before today (in a plan\n"
                                "whose key dates have no kinds, one whose label names the board).\n"
                                "Dates: 16/08/2023, 2023-08-16, \"6th February 2023\" or a month.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_set_prgname ("waymark-cli --db PATH changes");
  ok = g_option_context_parse (context, &argc, &argv, &error);
  g_set_prgname (prgname);
  if (!ok)
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error ("“%s” is not an option of changes", argv[1]);
  if (db_path == NULL)
    return usage_error ("no database given: put --db PATH before the command");

  if (since_text != NULL && !parse_day ("--since", since_text, TRUE, &since))
    return WM_CLI_EXIT_USAGE;
  if (until_text != NULL && !parse_day ("--until", until_text, FALSE, &until))
    return WM_CLI_EXIT_USAGE;
  if (since != NULL && until != NULL && strcmp (since, until) > 0)
    return usage_error ("--since “%s” is after --until “%s”", since_text, until_text);

  store = wm_store_open (db_path, WM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  changes = wm_plan_changes_query (store, since, until, &error);
  if (changes == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  text = wm_plan_changes_to_text (changes);
  g_print ("%s", text);
  return WM_CLI_EXIT_OK;
}
