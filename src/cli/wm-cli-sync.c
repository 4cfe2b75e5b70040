/* wm-cli-sync.c: waymark-cli's sync commands
 *
 *   sync-export -o FILE [--peer SITE | --all]
 *   sync-import FILE [--dry-run]        (creates the database: joining)
 *   sync-status
 *   conflicts [list [--all] | resolve ID keep-mine|take-theirs]
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "wm-cli-plan.h"
#include "wm-cli-sync.h"
#include "wm-error.h"
#include "wm-store.h"
#include "wm-sync.h"

#define PLURAL(n, one, many) ((n) == 1 ? (one) : (many))

static const struct
{
  const char *name;
  const char *usage;
  const char *summary;
} commands[] = {
  { "sync-export", "sync-export -o FILE [--peer SITE | --all]",
    "Write a changes file: what that laptop has not acknowledged, or everything" },
  { "sync-import", "sync-import FILE [--dry-run]",
    "Merge a changes file; creates the database when it does not exist (joining)" },
  { "sync-status", "sync-status",
    "This laptop, the laptops it syncs with, and what each has not seen" },
  { "conflicts", "conflicts [list [--all] | resolve ID keep-mine|take-theirs]",
    "Edits that crossed: review them and choose which value stays" },
};

gboolean
wm_cli_is_sync_command (const char *command)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, command) == 0)
      return TRUE;
  return FALSE;
}

static const char *
usage_of (const char *command)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, command))
      return commands[i].usage;
  return command;
}

static int
usage_error (const char *command,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (const char *command,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  wm_cli_printerr ("%s", message);
  g_printerr ("usage: waymark-cli --db PATH %s\n", usage_of (command));
  return WM_CLI_EXIT_USAGE;
}

/* "Usage:" in --help then reads as the line to type. */
static gboolean
parse_options (const char      *command,
               GOptionEntry    *entries,
               int             *argc,
               char          ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autofree char *usage_name = g_strdup_printf ("waymark-cli --db PATH %s", command);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, command))
      g_option_context_set_summary (context, commands[i].summary);
  g_option_context_add_main_entries (context, entries, NULL);
  g_set_prgname (usage_name);
  ok = g_option_context_parse (context, argc, argv, &error);
  g_set_prgname (prgname);
  if (!ok)
    usage_error (command, "%s", error->message);
  return ok;
}

static WmStore *
open_store (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_store_open (db_path, WM_STORE_OPEN_DEFAULT, &error);

  if (store == NULL)
    wm_cli_printerr ("%s", error->message);
  return store;
}

/* Text that came from another laptop, fit for the terminal: control
 * characters other than line breaks and tabs are shown as "?", so that
 * an escape sequence in a value cannot drive the terminal. */
static char *
printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t')
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* "bob@laptop (site 1a2b3c4d)": a name to recognise, and the start of the
 * id to type after --peer. */
static char *
describe_site (const char *name,
               const char *site)
{
  g_autofree char *shown = printable (name);

  if (name != NULL && *name != '\0')
    return g_strdup_printf ("%s (site %.8s)", shown, site ? site : "?");
  return g_strdup_printf ("site %.8s", site ? site : "?");
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) moment = unix_time > 0 ? g_date_time_new_from_unix_local (unix_time) : NULL;

  if (moment == NULL)
    return g_strdup ("at a time not recorded");
  return g_date_time_format (moment, "on %Y-%m-%d at %H:%M");
}

static char *
format_iso (const char *iso)
{
  g_autoptr(GDateTime) moment = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = moment ? g_date_time_to_local (moment) : NULL;

  if (local == NULL)
    return g_strdup (iso ? iso : "never");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* ---------- sync-export ---------- */

static int
cmd_export (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *peer = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The changes file to write", "FILE" },
    { "peer", 0, 0, G_OPTION_ARG_STRING, &peer,
      "Only what that laptop has not acknowledged (its site id, the start of it, or its name)",
      "SITE" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "Everything (the default): for a laptop joining",
      NULL },
    { NULL }
  };
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;

  if (!parse_options ("sync-export", entries, &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (output == NULL)
    return usage_error ("sync-export", "say where to write the changes file with -o FILE");
  if (peer != NULL && all)
    return usage_error ("sync-export", "--peer and --all cannot go together");
  if (argc > 1)
    return usage_error ("sync-export", "unexpected “%s”", argv[1]);

  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  if (!wm_sync_export (store, output, peer, &report, &error))
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }

  display = g_filename_display_name (output);
  if (report->peer_site != NULL)
    {
      g_autofree char *who = describe_site (report->peer_name, report->peer_site);
      g_print ("Wrote “%s” for %s: %u changed %s in %u %s (%u deleted), %s.\n",
               display, who, report->cells, PLURAL (report->cells, "cell", "cells"),
               report->rows, PLURAL (report->rows, "record", "records"), report->tombstones,
               report->since > 0 ? "what it has not acknowledged"
                                 : "everything (it has acknowledged nothing from here yet)");
    }
  else
    g_print ("Wrote “%s”: the whole plan, %u %s in %u %s (%u deleted), for any laptop.\n",
             display, report->cells, PLURAL (report->cells, "cell", "cells"), report->rows,
             PLURAL (report->rows, "record", "records"), report->tombstones);
  g_print ("Plan: %s (%s); %.1f KB.\n", report->plan_title ? report->plan_title : "",
           report->plan_area ? report->plan_area : "", report->size / 1024.0);
  return WM_CLI_EXIT_OK;
}

/* ---------- sync-import ---------- */

static void
remove_database (const char *db_path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_unlink (path);
    }
}

static void
print_report (const WmSyncReport *report)
{
  g_autofree char *display = g_filename_display_name (report->path);
  g_autofree char *who = describe_site (report->peer_name, report->peer_site);
  guint changed = wm_sync_report_get_changed_rows (report);

  g_print ("%s “%s” from %s.\n", report->dry_run ? "Checked (nothing was changed)" : "Imported",
           display, who);
  if (report->joined)
    g_print ("Joined the plan “%s” (%s).\n", report->plan_title ? report->plan_title : "",
             report->plan_area ? report->plan_area : "");
  if (changed == 0)
    g_print ("Nothing new: this database already had every change in it.\n");
  for (guint i = 0; i < report->tables->len; i++)
    {
      const WmSyncTableCount *count = report->tables->pdata[i];
      g_autofree char *table = g_strdelimit (g_strdup (count->table), "_", ' ');

      g_print ("  %-20s %5u added, %5u changed, %5u deleted\n", table, count->added,
               count->updated, count->deleted);
    }
  if (changed > 0)
    g_print ("%u of its %u %s changed this database.\n", report->cells_applied, report->cells,
             PLURAL (report->cells, "cell", "cells"));
  if (report->settled > 0)
    g_print ("%u open conflict%s settled: the other laptop had seen both values and chose.\n",
             report->settled, report->settled == 1 ? "" : "s");
  if (report->conflicts > 0)
    g_print ("%u new conflict%s: both laptops changed the same field. Review with: "
             "waymark-cli --db PATH conflicts list\n", report->conflicts,
             report->conflicts == 1 ? "" : "s");
  if (!report->follows_on)
    g_print ("Note: an earlier changes file from this laptop has not been imported here; "
             "import it too, or ask for a new file.\n");
  if (report->backup_path != NULL)
    {
      g_autofree char *backup = g_filename_display_name (report->backup_path);
      g_print ("The database as it was before is kept in “%s”.\n", backup);
    }
}

static int
cmd_import (const char  *db_path,
            int          argc,
            char       **argv)
{
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      "Check the file and say what it would change, changing nothing", NULL },
    { NULL }
  };
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created;

  if (!parse_options ("sync-import", entries, &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc < 2)
    return usage_error ("sync-import", "say which changes file to import");
  if (argc > 2)
    return usage_error ("sync-import", "one file at a time (unexpected “%s”)", argv[2]);
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (argv[1]);
      wm_cli_printerr ("“%s” does not exist.", display);
      return WM_CLI_EXIT_FAILED;
    }

  /* Joining: a database that does not exist yet is made, with its own
   * site id, and removed again if the file is refused. */
  created = !g_file_test (db_path, G_FILE_TEST_EXISTS);
  if (created && dry_run)
    {
      wm_cli_printerr ("“%s” does not exist; a dry run would not create it.", db_path);
      return WM_CLI_EXIT_FAILED;
    }
  store = wm_store_open (db_path, created ? WM_STORE_OPEN_CREATE : WM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  if (!wm_sync_import_full (store, argv[1], dry_run ? WM_SYNC_IMPORT_DRY_RUN
                                                    : WM_SYNC_IMPORT_DEFAULT,
                            &report, &error))
    {
      wm_cli_printerr ("%s", error->message);
      if (created)
        {
          g_clear_object (&store);
          remove_database (db_path);
        }
      return WM_CLI_EXIT_FAILED;
    }
  print_report (report);
  if (created)
    g_print ("This laptop's site id: %s\n", wm_store_get_site_id (store));
  return WM_CLI_EXIT_OK;
}

/* ---------- sync-status ---------- */

static int
cmd_status (const char  *db_path,
            int          argc,
            char       **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *me = NULL;
  guint direct = 0;
  gboolean others = FALSE;

  if (!parse_options ("sync-status", entries, &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc > 1)
    return usage_error ("sync-status", "unexpected “%s”", argv[1]);
  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  status = wm_sync_status (store, &error);
  if (status == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }

  me = describe_site (status->site_name, status->site_id);
  g_print ("This laptop: %s\n", me);
  g_print ("  site id %s, at version %" G_GINT64_FORMAT "\n", status->site_id,
           status->db_version);
  if (status->plan_id != NULL)
    g_print ("Plan: %s (%s)\n", status->plan_title ? status->plan_title : "",
             status->plan_area ? status->plan_area : "");
  else
    g_print ("Plan: none yet\n");
  /* Two laptops with the same fingerprint hold the same plan. */
  g_print ("Content fingerprint: %.16s\n", status->content_hash);
  g_print ("Open conflicts: %u%s\n", status->open_conflicts,
           status->open_conflicts ? " (see: conflicts list)" : "");

  for (guint i = 0; i < status->peers->len; i++)
    {
      const WmSyncPeer *peer = status->peers->pdata[i];
      g_autofree char *who = describe_site (peer->name, peer->site);
      g_autofree char *last_import = format_iso (peer->last_import);
      g_autofree char *last_export = format_iso (peer->last_export);

      if (!peer->direct)
        {
          others = TRUE;
          continue;
        }
      if (direct++ == 0)
        g_print ("Laptops this one has imported from:\n");
      g_print ("  %s\n", who);
      g_print ("    last file imported from it %s; last file written for it %s\n", last_import,
               last_export);
      g_print ("    it has acknowledged our changes up to version %" G_GINT64_FORMAT
               "; we have imported its changes up to version %" G_GINT64_FORMAT "\n",
               peer->acked_version, peer->received_version);
      /* What it has acknowledged: it may have more, from a file whose
       * answer has not come back yet. */
      if (peer->unseen_cells > 0)
        g_print ("    %" G_GINT64_FORMAT " changed cell%s it has not acknowledged: "
                 "sync-export --peer %.8s -o FILE\n", peer->unseen_cells,
                 peer->unseen_cells == 1 ? "" : "s", peer->site);
      else
        g_print ("    it has acknowledged all our changes\n");
    }
  if (direct == 0)
    g_print ("No changes file has been imported here yet.\n");
  if (others)
    {
      g_print ("Known through other laptops:\n");
      for (guint i = 0; i < status->peers->len; i++)
        {
          const WmSyncPeer *peer = status->peers->pdata[i];
          g_autofree char *who = describe_site (peer->name, peer->site);

          if (!peer->direct)
            g_print ("  %s, seen up to version %" G_GINT64_FORMAT "\n", who,
                     peer->known_version);
        }
    }
  return WM_CLI_EXIT_OK;
}

/* ---------- conflicts ---------- */

static char *
quoted_value (const char *value,
              gboolean    deleted)
{
  g_autofree char *shown = NULL;

  if (deleted)
    return g_strdup ("(deleted the record)");
  if (value == NULL || *value == '\0')
    return g_strdup ("(empty)");
  shown = printable (value);
  return g_strdup_printf ("“%s”", shown);
}

static char *
field_name (const char *column)
{
  return g_strdelimit (g_strdup (column), "_", '-');
}

static void
print_conflict (const WmConflict *c)
{
  g_autofree char *field = field_name (c->field);
  g_autofree char *mine = quoted_value (c->mine_value, c->mine_deleted);
  g_autofree char *theirs = quoted_value (c->theirs_value, c->theirs_deleted);
  g_autofree char *mine_who = describe_site (c->mine_site_name, c->mine_site);
  g_autofree char *theirs_who = describe_site (c->theirs_site_name, c->theirs_site);
  g_autofree char *mine_when = format_time (c->mine_at);
  g_autofree char *theirs_when = format_time (c->theirs_at);
  g_autofree char *label = printable (c->record_label);

  g_print ("Conflict %" G_GINT64_FORMAT ": %s, field “%s”%s\n", c->id, label, field,
           c->resolved_at ? "" : (c->mine_kept ? " (mine is kept for now)"
                                               : " (theirs is kept for now)"));
  g_print ("  mine:   %s\n          %s by %s %s\n", mine,
           c->mine_deleted ? "deleted" : "written", mine_who, mine_when);
  g_print ("  theirs: %s\n          %s by %s %s\n", theirs,
           c->theirs_deleted ? "deleted" : "written", theirs_who, theirs_when);
  if (c->resolved_at != NULL)
    {
      g_autofree char *when = format_iso (c->resolved_at);
      g_print ("  resolved %s: %s\n", when, c->resolution);
    }
}

static int
cmd_conflicts (const char  *db_path,
               int          argc,
               char       **argv)
{
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "List resolved conflicts too", NULL },
    { NULL }
  };
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;

  if (!parse_options ("conflicts", entries, &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  action = argc > 1 ? argv[1] : "list";

  if (g_str_equal (action, "list"))
    {
      g_autoptr(GPtrArray) conflicts = NULL;

      if (argc > 2)
        return usage_error ("conflicts", "unexpected “%s”", argv[2]);
      store = open_store (db_path);
      if (store == NULL)
        return WM_CLI_EXIT_FAILED;
      conflicts = wm_sync_list_conflicts (store, all, &error);
      if (conflicts == NULL)
        {
          wm_cli_printerr ("%s", error->message);
          return WM_CLI_EXIT_FAILED;
        }
      if (conflicts->len == 0)
        {
          g_print (all ? "No conflicts.\n" : "No open conflicts.\n");
          return WM_CLI_EXIT_OK;
        }
      for (guint i = 0; i < conflicts->len; i++)
        print_conflict (conflicts->pdata[i]);
      g_print ("Resolve one with: waymark-cli --db PATH conflicts resolve ID "
               "keep-mine|take-theirs\n");
      return WM_CLI_EXIT_OK;
    }

  if (g_str_equal (action, "resolve"))
    {
      g_autoptr(WmConflict) conflict = NULL;
      g_autofree char *field = NULL;
      g_autofree char *now = NULL;
      WmConflictChoice choice;
      gint64 id;

      if (argc != 4)
        return usage_error ("conflicts", "resolve needs the conflict's number and "
                                         "keep-mine or take-theirs");
      if (!g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &id, NULL))
        return usage_error ("conflicts", "“%s” is not a conflict number (conflicts list "
                                         "shows them)", argv[2]);
      if (g_str_equal (argv[3], "keep-mine"))
        choice = WM_CONFLICT_KEEP_MINE;
      else if (g_str_equal (argv[3], "take-theirs"))
        choice = WM_CONFLICT_TAKE_THEIRS;
      else
        return usage_error ("conflicts", "“%s”: say keep-mine or take-theirs", argv[3]);

      store = open_store (db_path);
      if (store == NULL)
        return WM_CLI_EXIT_FAILED;
      if (!wm_sync_resolve_conflict (store, id, choice, &error))
        {
          wm_cli_printerr ("%s", error->message);
          return WM_CLI_EXIT_FAILED;
        }
      conflict = wm_sync_get_conflict (store, id, NULL);
      if (conflict != NULL)
        {
          field = field_name (conflict->field);
          if (conflict->kind == WM_CONFLICT_DELETE)
            g_print ("Conflict %" G_GINT64_FORMAT " resolved: %s stays deleted.\n", id,
                     conflict->record_label);
          else
            {
              const char *value = choice == WM_CONFLICT_KEEP_MINE ? conflict->mine_value
                                                                  : conflict->theirs_value;
              now = quoted_value (value, FALSE);
              g_print ("Conflict %" G_GINT64_FORMAT " resolved: %s, “%s” is %s. Other laptops "
                       "get it with your next changes file.\n", id, conflict->record_label,
                       field, now);
            }
        }
      return WM_CLI_EXIT_OK;
    }

  return usage_error ("conflicts", "“%s”: say list or resolve", action);
}

int
wm_cli_sync_main (const char  *db_path,
                  const char  *command,
                  int          argc,
                  char       **argv)
{
  g_return_val_if_fail (wm_cli_is_sync_command (command), WM_CLI_EXIT_USAGE);

  if (g_str_equal (command, "sync-export"))
    return cmd_export (db_path, argc, argv);
  if (g_str_equal (command, "sync-import"))
    return cmd_import (db_path, argc, argv);
  if (g_str_equal (command, "sync-status"))
    return cmd_status (db_path, argc, argv);
  return cmd_conflicts (db_path, argc, argv);
}
