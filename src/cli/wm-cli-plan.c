#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "wm-cli-plan.h"
#include "wm-csv.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-export.h"
#include "wm-plan-edit.h"
#include "wm-sample.h"
#include "wm-store.h"
#include "wm-cli-common.h"

#define usage_error(command, ...) \
  wm_cli_usage_error (commands, G_N_ELEMENTS (commands), command, __VA_ARGS__)
#define parse_options(context, command, argc, argv) \
  wm_cli_parse_options (context, commands, G_N_ELEMENTS (commands), command, argc, argv)
#define open_store wm_cli_open_store

#define NO_DB_MESSAGE "no database given: put --db PATH before the command"

static const WmCliUsage commands[] = {
  { "init", "init [--sample] [--area AREA] [--title TITLE]" },
  { "export-csv", "export-csv actions|risks [-o FILE]" },
  { "set", "set [--reason TEXT] action CODE FIELD=VALUE… | set risk REF FIELD=VALUE…" },
  { "set-baseline", "set-baseline [--author NAME]" },
  { "depend", "depend FROM TO [--kind FS|SS|FF|SF] [--lag DAYS]" },
};

void
wm_cli_printerr (const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("waymark-cli: %s\n", message);
}

gboolean
wm_cli_is_plan_command (const char *command)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, command) == 0)
      return TRUE;
  return FALSE;
}

/* ---------- init ---------- */

/* Only for a file this command created: what SQLite left beside it goes
 * too, so that a failed init leaves the folder as it was. */
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

static int
cmd_init (const char  *db_path,
          int          argc,
          char       **argv)
{
  gboolean sample = FALSE;
  g_autofree char *area = NULL;
  g_autofree char *title = NULL;
  const GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_NONE, &sample,
      "Load the Leicestershire Accelerated Progress Plan of March 2023", NULL },
    { "area", 0, 0, G_OPTION_ARG_STRING, &area, "The local area of a new plan", "AREA" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "The title of a new plan", "TITLE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  gboolean existed;
  gboolean ok;
  gint64 n_plans;

  g_option_context_set_summary (context,
                                "Create a Waymark database holding the sample plan (--sample) or\n"
                                "a new, empty plan.  A file that already holds a plan is left\n"
                                "alone.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "init", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc > 1)
    return usage_error ("init", "unexpected argument “%s”", argv[1]);
  if (db_path == NULL)
    return usage_error ("init", NO_DB_MESSAGE);
  if (sample && (area != NULL || title != NULL))
    return usage_error ("init", "the sample plan has its own area and title: give --area and "
                                "--title only for a new, empty plan");

  display = g_filename_display_name (db_path);
  existed = g_file_test (db_path, G_FILE_TEST_EXISTS);
  store = open_store (db_path, WM_STORE_OPEN_CREATE);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;

  n_plans = wm_store_count (store, "plan", &error);
  if (n_plans < 0)
    {
      wm_cli_printerr ("%s", error ? error->message : "could not read the plan");
      return WM_CLI_EXIT_FAILED;
    }
  if (n_plans > 0)
    {
      g_autoptr(WmRecord) plan = wm_store_get_plan (store, NULL);
      const char *plan_title = plan ? wm_record_get_nonnull (plan, "title") : "";

      if (plan_title[0] != '\0')
        wm_cli_printerr ("“%s” already holds a plan (“%s”); nothing was changed", display,
                         plan_title);
      else
        wm_cli_printerr ("“%s” already holds a plan; nothing was changed", display);
      return WM_CLI_EXIT_FAILED;
    }

  if (sample)
    ok = wm_sample_load (store, &error);
  else
    {
      g_autofree char *plan_id = wm_store_create_plan (store, area, title, &error);
      ok = plan_id != NULL;
    }
  if (!ok)
    {
      wm_cli_printerr ("%s", error->message);
      g_clear_object (&store);
      if (!existed)
        remove_database (db_path);
      return WM_CLI_EXIT_FAILED;
    }

  if (sample)
    g_print ("Created “%s” holding the sample plan: %" G_GINT64_FORMAT " actions, %"
             G_GINT64_FORMAT " risks.\n", display, wm_store_count (store, "action", NULL),
             wm_store_count (store, "risk", NULL));
  else
    g_print ("Created “%s” holding a new, empty plan.\n", display);
  return WM_CLI_EXIT_OK;
}

/* ---------- export-csv ---------- */

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0
         && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int
cmd_export_csv (const char  *db_path,
                int          argc,
                char       **argv)
{
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write FILE, replaced in one step, instead of standard output", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("actions|risks");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean to_file;

  g_option_context_set_summary (context,
                                "Write the plan's actions, or its risk register, as CSV with a\n"
                                "header row: UTF-8, one row per action or risk, ready for Excel.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "export-csv", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (db_path == NULL)
    return usage_error ("export-csv", NO_DB_MESSAGE);
  if (argc < 2)
    return usage_error ("export-csv", "say what to export: actions or risks");
  if (argc > 2)
    return usage_error ("export-csv", "unexpected argument “%s”", argv[2]);
  if (!g_str_equal (argv[1], "actions") && !g_str_equal (argv[1], "risks")
      && !g_str_equal (argv[1], "kpi-values") && !g_str_equal (argv[1], "kpi-benchmarks")
      && !g_str_equal (argv[1], "audits"))
    return usage_error ("export-csv", "“%s” cannot be exported: choose actions or risks",
                        argv[1]);

  to_file = output != NULL && !g_str_equal (output, "-");
  if (to_file && same_file (output, db_path))
    {
      g_autofree char *display = g_filename_display_name (output);
      wm_cli_printerr ("-o “%s” is the plan's own database: choose another file", display);
      return WM_CLI_EXIT_FAILED;
    }

  store = open_store (db_path, WM_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;

  /* A file is what a person double-clicks into Excel, which needs the BOM
   * to read UTF-8; standard output goes to other programs, which do not. */
  if (to_file)
    g_string_append (csv, WM_CSV_BOM);
  if (!wm_export_csv (store, argv[1], csv, &error))
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }

  if (to_file)
    {
      g_autofree char *display = g_filename_display_name (output);

      /* 0600 like the database itself: the export holds the same names of
       * staff and notes about services. */
      if (!g_file_set_contents_full (output, csv->str, csv->len,
                                     G_FILE_SET_CONTENTS_CONSISTENT
                                     | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                     0600, &error))
        {
          wm_cli_printerr ("could not write “%s”: %s", display, error->message);
          return WM_CLI_EXIT_FAILED;
        }
      return WM_CLI_EXIT_OK;
    }

  if (fwrite (csv->str, 1, csv->len, stdout) != csv->len || fflush (stdout) != 0)
    {
      wm_cli_printerr ("could not write the CSV: %s", g_strerror (errno));
      return WM_CLI_EXIT_FAILED;
    }
  return WM_CLI_EXIT_OK;
}

/* ---------- set ---------- */

typedef enum
{
  FIELD_TEXT,        /* free text; empty clears it */
  FIELD_TITLE,       /* text that cannot be empty */
  FIELD_LINES,       /* "a; b" on the command line, one a line in the store */
  FIELD_DATE,        /* a date people write; see set_date () */
  FIELD_DATE_WORDS,  /* a date as words ("TBC", "Ongoing"), kept as typed */
  FIELD_SCORE,       /* likelihood or impact, 1 to 5 */
  FIELD_TARGET,      /* a target score: likelihood × impact, 1 to 25 */
  FIELD_SEVERITY,
  FIELD_STATUS,
  FIELD_RATING,
  FIELD_NOTE,
  FIELD_AUTHOR,
  FIELD_REASON,
} FieldKind;

typedef struct
{
  const char *name;
  const char *alias;
  FieldKind   kind;
  const char *column;
  const char *words_column;  /* FIELD_DATE: where the words of a month-only date go */
  gboolean    tracked;       /* FIELD_DATE: a move is kept in date_change */
  const char *help;
} Field;

static const Field action_fields[] = {
  { "rating", NULL, FIELD_RATING, "rating_id", NULL, FALSE,
    "code or label (G, Green…); records a dated status update" },
  { "progress", "note", FIELD_NOTE, "progress", NULL, FALSE,
    "the progress note; with rating=, also the status update's note" },
  { "author", NULL, FIELD_AUTHOR, NULL, NULL, FALSE,
    "who signs the rating or date change (default: your name)" },
  { "title", NULL, FIELD_TITLE, "title", NULL, FALSE, NULL },
  { "description", NULL, FIELD_TEXT, "description", NULL, FALSE, NULL },
  { "lead", "leads", FIELD_LINES, "leads", NULL, FALSE, "delivery leads, separated by “;”" },
  { "agency", NULL, FIELD_LINES, "agency", NULL, FALSE, "agencies (LA; ICB), separated by “;”" },
  { "start", NULL, FIELD_DATE, "start_date", "start_text", TRUE, NULL },
  { "start-text", NULL, FIELD_DATE_WORDS, "start_text", NULL, FALSE, NULL },
  { "due", NULL, FIELD_DATE, "due_date", "due_text", TRUE, NULL },
  { "due-text", NULL, FIELD_DATE_WORDS, "due_text", NULL, FALSE, NULL },
  { "completed", NULL, FIELD_DATE, "completed_date", "completed_text", TRUE, NULL },
  { "completed-text", NULL, FIELD_DATE_WORDS, "completed_text", NULL, FALSE, NULL },
  { "evidence", NULL, FIELD_TEXT, "evidence", NULL, FALSE, NULL },
  { "impact", NULL, FIELD_TEXT, "impact", NULL, FALSE, NULL },
  { "reason", NULL, FIELD_REASON, NULL, NULL, FALSE,
    "why a start, due or completed date moved; kept with the change" },
};

static const Field risk_fields[] = {
  { "title", NULL, FIELD_TEXT, "title", NULL, FALSE, NULL },
  { "description", NULL, FIELD_TEXT, "description", NULL, FALSE, NULL },
  { "owner", NULL, FIELD_TEXT, "owner", NULL, FALSE, NULL },
  { "category", NULL, FIELD_TEXT, "category", NULL, FALSE, NULL },
  { "raised", NULL, FIELD_DATE, "raised_date", "raised_text", FALSE, NULL },
  { "severity-before", NULL, FIELD_SEVERITY, "severity_before", NULL, FALSE, NULL },
  { "likelihood-before", NULL, FIELD_SCORE, "likelihood_before", NULL, FALSE, NULL },
  { "impact-before", NULL, FIELD_SCORE, "impact_before", NULL, FALSE, NULL },
  { "mitigation", NULL, FIELD_TEXT, "mitigation", NULL, FALSE, NULL },
  { "severity-after", NULL, FIELD_SEVERITY, "severity_after", NULL, FALSE, NULL },
  { "likelihood-after", NULL, FIELD_SCORE, "likelihood_after", NULL, FALSE, NULL },
  { "impact-after", NULL, FIELD_SCORE, "impact_after", NULL, FALSE, NULL },
  { "target", "target-score", FIELD_TARGET, "target_score", NULL, FALSE, NULL },
  { "progress", NULL, FIELD_TEXT, "progress", NULL, FALSE, NULL },
  { "review", "review-date", FIELD_DATE, "review_date", NULL, FALSE, NULL },
  { "status", NULL, FIELD_STATUS, "status", NULL, FALSE, NULL },
  { "closed-reason", NULL, FIELD_TEXT, "closed_reason", NULL, FALSE, NULL },
};

static const char *const severities[] = { "Low", "Medium", "High", NULL };
static const char *const statuses[] = { "open", "closed", "escalated", NULL };

static const char *
kind_help (FieldKind kind)
{
  switch (kind)
    {
    case FIELD_TEXT:
      return "text; empty clears it";
    case FIELD_TITLE:
      return "text, not empty";
    case FIELD_DATE:
      return "a date: 31/10/2023, 2023-10-31 or October 2023; empty clears it";
    case FIELD_DATE_WORDS:
      return "the date in words, when there is no date (TBC, Ongoing)";
    case FIELD_SCORE:
      return "1 to 5";
    case FIELD_TARGET:
      return "likelihood × impact, 1 to 25";
    case FIELD_SEVERITY:
      return "Low, Medium or High; empty clears it";
    case FIELD_STATUS:
      return "open, closed or escalated";
    case FIELD_LINES:
    case FIELD_RATING:
    case FIELD_NOTE:
    case FIELD_AUTHOR:
    case FIELD_REASON:
    default:
      return "";
    }
}

static void
append_field_help (GString     *help,
                   const Field *fields,
                   guint        n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *name = fields[i].alias
                              ? g_strdup_printf ("%s, %s", fields[i].name, fields[i].alias)
                              : g_strdup (fields[i].name);

      g_string_append_printf (help, "  %-22s %s\n", name,
                              fields[i].help ? fields[i].help : kind_help (fields[i].kind));
    }
}

static char *
field_names (const Field *fields,
             guint        n_fields)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < n_fields; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", fields[i].name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* "due_text" (as the CSV header writes it) and "Due-Text" name due-text. */
static const Field *
find_field (const Field *fields,
            guint        n_fields,
            const char  *name)
{
  g_autofree char *wanted = g_ascii_strdown (name, -1);

  g_strdelimit (wanted, "_", '-');
  for (guint i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].name, wanted) || g_strcmp0 (fields[i].alias, wanted) == 0)
      return &fields[i];
  return NULL;
}

typedef struct
{
  const Field *field;
  char        *value;
} Given;

static void
given_clear (gpointer data)
{
  Given *given = data;
  g_free (given->value);
}

static const Given *
find_given (GArray     *givens,
            FieldKind   kind,
            const char *column)
{
  for (guint i = 0; i < givens->len; i++)
    {
      const Given *given = &g_array_index (givens, Given, i);
      if (given->field->kind == kind
          && (column == NULL || g_strcmp0 (given->field->column, column) == 0))
        return given;
    }
  return NULL;
}

static gboolean
invalid (GError     **error,
         const Field *field,
         const char  *value,
         const char  *what)
{
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "%s: “%s” is not %s", field->name,
               value, what);
  return FALSE;
}

static char *
join_lines (const char *value)
{
  g_auto(GStrv) parts = g_strsplit_set (value, ";\n", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; parts[i]; i++)
    if (g_strstrip (parts[i])[0] != '\0')
      g_strv_builder_add (kept, parts[i]);
  lines = g_strv_builder_end (kept);
  return lines[0] ? g_strjoinv ("\n", lines) : NULL;
}

static const char *
one_of (const char *const *choices,
        const char        *value)
{
  for (guint i = 0; choices[i]; i++)
    if (g_ascii_strcasecmp (choices[i], value) == 0)
      return choices[i];
  return NULL;
}

typedef struct
{
  GHashTable *updates;     /* column → new value (NULL clears it) */
  GPtrArray  *date_moves;  /* tracked date columns given */
  const char *rating;
  const char *note;
  const char *author;
  const char *reason;
} Change;

static void
change_clear (Change *change)
{
  g_clear_pointer (&change->updates, g_hash_table_unref);
  g_clear_pointer (&change->date_moves, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Change, change_clear)

/* A date with a day replaces the words beside it, which would now say
 * something else; a month-only date ("end of October 2023") is stored as
 * the month's last day, and the words keep what was meant.  Words given
 * in the same command (due-text=) win. */
static gboolean
set_date (Change      *change,
          GArray      *givens,
          const Field *field,
          const char  *value,
          GError     **error)
{
  char *iso = NULL;
  const char *words = NULL;

  if (value[0] != '\0')
    {
      GDate date;
      WmDatePrecision precision = wm_date_parse (value, &date);

      if (precision == WM_DATE_NONE)
        {
          if (field->words_column != NULL)
            {
              g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           "%s: “%s” is not a date (try 31/10/2023, 2023-10-31 or October "
                           "2023; for words such as “TBC”, use %s-text=)", field->name,
                           value, field->name);
              return FALSE;
            }
          return invalid (error, field, value,
                          "a date (try 31/10/2023, 2023-10-31 or October 2023)");
        }
      iso = wm_date_to_iso (&date);
      if (precision == WM_DATE_MONTH)
        words = value;
    }

  g_hash_table_insert (change->updates, (gpointer) field->column, iso);
  if (field->words_column != NULL
      && find_given (givens, FIELD_DATE_WORDS, field->words_column) == NULL)
    g_hash_table_insert (change->updates, (gpointer) field->words_column, g_strdup (words));
  if (field->tracked)
    g_ptr_array_add (change->date_moves, (gpointer) field->column);
  return TRUE;
}

static gboolean
set_number (Change      *change,
            const Field *field,
            const char  *value,
            guint64      max,
            GError     **error)
{
  guint64 number;

  if (value[0] == '\0')
    {
      g_hash_table_insert (change->updates, (gpointer) field->column, NULL);
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 1, max, &number, NULL))
    {
      g_autofree char *what = g_strdup_printf ("a whole number from 1 to %" G_GUINT64_FORMAT,
                                               max);
      return invalid (error, field, value, what);
    }
  g_hash_table_insert (change->updates, (gpointer) field->column,
                       g_strdup_printf ("%" G_GUINT64_FORMAT, number));
  return TRUE;
}

/* Turns what was typed into column values, checking every value before
 * anything is written. */
static gboolean
build_change (WmStore  *store,
              GArray   *givens,
              Change   *change,
              GError  **error)
{
  change->updates = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  change->date_moves = g_ptr_array_new ();

  for (guint i = 0; i < givens->len; i++)
    {
      const Given *given = &g_array_index (givens, Given, i);
      const Field *field = given->field;
      const char *value = given->value;

      switch (field->kind)
        {
        case FIELD_TEXT:
        case FIELD_DATE_WORDS:
          g_hash_table_insert (change->updates, (gpointer) field->column,
                               value[0] ? g_strdup (value) : NULL);
          break;

        case FIELD_TITLE:
          if (value[0] == '\0')
            {
              g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           "%s: an action needs a title; it cannot be empty", field->name);
              return FALSE;
            }
          g_hash_table_insert (change->updates, (gpointer) field->column, g_strdup (value));
          break;

        case FIELD_LINES:
          g_hash_table_insert (change->updates, (gpointer) field->column, join_lines (value));
          break;

        case FIELD_DATE:
          if (!set_date (change, givens, field, value, error))
            return FALSE;
          break;

        case FIELD_SCORE:
          if (!set_number (change, field, value, 5, error))
            return FALSE;
          break;

        case FIELD_TARGET:
          if (!set_number (change, field, value, 25, error))
            return FALSE;
          break;

        case FIELD_SEVERITY:
        case FIELD_STATUS:
          {
            const char *const *choices = field->kind == FIELD_STATUS ? statuses : severities;
            const char *choice = one_of (choices, value);

            /* A risk always has a status; a severity may be not yet assessed. */
            if (field->kind == FIELD_SEVERITY && value[0] == '\0')
              {
                g_hash_table_insert (change->updates, (gpointer) field->column, NULL);
                break;
              }
            if (choice == NULL)
              {
                g_autofree char *list = g_strjoinv (", ", (char **) choices);
                g_autofree char *what = g_strdup_printf ("one of %s", list);
                return invalid (error, field, value, what);
              }
            g_hash_table_insert (change->updates, (gpointer) field->column, g_strdup (choice));
          }
          break;

        case FIELD_RATING:
          {
            g_autoptr(WmRecord) rating = wm_store_find_rating (store, value, error);

            if (rating == NULL)
              {
                g_prefix_error (error, "%s: ", field->name);
                return FALSE;
              }
            change->rating = value;
          }
          break;

        case FIELD_NOTE:
          change->note = value[0] ? value : NULL;
          break;

        case FIELD_AUTHOR:
          change->author = value[0] ? value : NULL;
          break;

        case FIELD_REASON:
          change->reason = value[0] ? value : NULL;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  /* With a rating the note belongs to its status update, which also sets
   * the action's progress; alone it is just the progress column. */
  if (change->note != NULL && change->rating == NULL)
    g_hash_table_insert (change->updates, "progress", g_strdup (change->note));
  else if (change->rating == NULL && find_given (givens, FIELD_NOTE, NULL) != NULL)
    g_hash_table_insert (change->updates, "progress", NULL);

  return TRUE;
}

static char *
author_name (const char *given)
{
  const char *name = g_get_real_name ();

  if (given != NULL)
    return g_strdup (given);
  /* GLib says "Unknown" when the account has no full name. */
  if (name == NULL || name[0] == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return g_strdup (name);
}

static gboolean
apply_change (WmStore     *store,
              const char  *table,
              const char  *id,
              Change      *change,
              GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(WmRecord) before = NULL;
  g_autofree char *author = author_name (change->author);
  g_autofree char *now = wm_now_iso ();
  GHashTableIter iter;
  gpointer column, value;

  g_hash_table_iter_init (&iter, change->updates);
  while (g_hash_table_iter_next (&iter, &column, &value))
    {
      g_ptr_array_add (columns, column);
      g_ptr_array_add (values, value);
    }
  g_ptr_array_add (columns, NULL);
  g_ptr_array_add (values, NULL);

  if (!wm_store_begin (store, error))
    return FALSE;

  /* Read inside the transaction: BEGIN IMMEDIATE holds the write lock,
   * so the old dates recorded below are the ones being replaced. */
  before = wm_store_get (store, table, id, error);
  if (before == NULL)
    goto fail;

  if (columns->len > 1
      && !wm_store_update_v (store, table, id, (const char *const *) columns->pdata,
                             (const char *const *) values->pdata, error))
    goto fail;

  if (change->rating != NULL
      && !wm_store_set_action_rating (store, id, change->rating, change->note, author, error))
    {
      g_prefix_error (error, "rating: ");
      goto fail;
    }

  /* A moved date is what a board asks about ("this was due in September"),
   * so the old and new dates are kept with who moved them and why. */
  for (guint i = 0; i < change->date_moves->len; i++)
    {
      const char *date_column = change->date_moves->pdata[i];
      const char *old_value = wm_record_get (before, date_column);
      const char *new_value = g_hash_table_lookup (change->updates, date_column);
      g_autofree char *change_id = NULL;

      if (g_strcmp0 (old_value, new_value) == 0)
        continue;
      change_id = wm_store_insert (store, "date_change", error,
                                   "tbl", table,
                                   "row_id", id,
                                   "field", date_column,
                                   "old_value", old_value,
                                   "new_value", new_value,
                                   "reason", change->reason,
                                   "author", author,
                                   "changed_at", now,
                                   NULL);
      if (change_id == NULL)
        goto fail;
    }

  /* A failed commit has rolled back already. */
  return wm_store_commit (store, error);

fail:
  wm_store_rollback (store);
  return FALSE;
}

/* An action's change goes through wm_plan_edit, which checks it (due
 * before start, a rating without its note, a moved date after the
 * baseline without its reason) and logs moved dates.  The fields and the
 * rating are saved together or not at all. */
static gboolean
apply_action_change (WmStore     *store,
                     const char  *id,
                     Change      *change,
                     GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *author = author_name (change->author);
  GHashTableIter iter;
  gpointer column, value;

  g_hash_table_iter_init (&iter, change->updates);
  while (g_hash_table_iter_next (&iter, &column, &value))
    {
      g_ptr_array_add (columns, column);
      g_ptr_array_add (values, value);
    }
  g_ptr_array_add (columns, NULL);
  g_ptr_array_add (values, NULL);

  if (!wm_store_begin (store, error))
    return FALSE;
  if (columns->len > 1
      && !wm_plan_edit_set_action (store, NULL, id, (const char *const *) columns->pdata,
                                   (const char *const *) values->pdata, change->reason, author,
                                   error))
    goto fail;
  /* The window asks for a progress note with every new rating.  A script
   * setting ratings in bulk may have none: the status update is still
   * recorded, dated and signed, with no note. */
  if (change->rating != NULL && change->note == NULL
      && !wm_store_set_action_rating (store, id, change->rating, NULL, author, error))
    goto fail;
  if (change->rating != NULL && change->note != NULL
      && !wm_plan_edit_set_rating (store, NULL, id, change->rating, change->note, author, error))
    goto fail;
  /* A failed commit has rolled back already. */
  return wm_store_commit (store, error);

fail:
  wm_store_rollback (store);
  return FALSE;
}

static char *
list_codes (WmStore    *store,
            const char *table,
            const char *column)
{
  g_autoptr(GPtrArray) records = wm_store_list (store, table, NULL, NULL, NULL);
  g_autoptr(GString) codes = g_string_new (NULL);

  /* A list of hundreds helps nobody. */
  if (records == NULL || records->len == 0 || records->len > 40)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    g_string_append_printf (codes, "%s%s", i ? ", " : "",
                            wm_record_get_nonnull (records->pdata[i], column));
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

static int
cmd_set (const char  *db_path,
         int          argc,
         char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("action CODE|risk REF FIELD=VALUE…");
  g_autoptr(GString) help = g_string_new (NULL);
  g_autoptr(GArray) givens = g_array_new (FALSE, TRUE, sizeof (Given));
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_auto(Change) change = { NULL };
  g_autofree char *reason_option = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason_option,
      "Why a start or due date moved (needed once the plan has a baseline)", "TEXT" },
    { NULL },
  };
  const Field *fields;
  guint n_fields;
  const char *kind;
  const char *code;
  gboolean is_action;

  g_string_append (help, "Action fields:\n");
  append_field_help (help, action_fields, G_N_ELEMENTS (action_fields));
  g_string_append (help, "\nRisk fields:\n");
  append_field_help (help, risk_fields, G_N_ELEMENTS (risk_fields));
  g_string_append (help, "\nAll fields of one command are saved together, or none is.\n"
                         "A new rating is recorded as a status update, with note= as its progress\nnote (a rating may come without one here).  Once the plan has a\n"
                         "baseline (set-baseline), a moved start or due date needs --reason TEXT.\n"
                         "Example: set action 1.1 rating=A note=\"Panel dates moved\" "
                         "due=\"end of November 2023\"");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Change an action or a risk.");
  g_option_context_set_description (context, help->str);
  /* Stop at "action": a value such as title=-x is not an option. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!parse_options (context, "set", &argc, &argv))
    return WM_CLI_EXIT_USAGE;

  if (db_path == NULL)
    return usage_error ("set", NO_DB_MESSAGE);
  if (argc < 2)
    return usage_error ("set", "say what to change: action CODE or risk REF");
  kind = argv[1];
  if (!g_str_equal (kind, "action") && !g_str_equal (kind, "risk"))
    return usage_error ("set", "“%s” cannot be set: choose action or risk", kind);
  is_action = g_str_equal (kind, "action");
  fields = is_action ? action_fields : risk_fields;
  n_fields = is_action ? G_N_ELEMENTS (action_fields) : G_N_ELEMENTS (risk_fields);
  if (argc < 3)
    return usage_error ("set", "say which %s: its %s", kind, is_action ? "code (1.1)" : "ref (RR1)");
  code = argv[2];
  if (argc < 4)
    return usage_error ("set", "say what to change: FIELD=VALUE, such as %s",
                        is_action ? "rating=G" : "status=closed");

  g_array_set_clear_func (givens, given_clear);
  for (int i = 3; i < argc; i++)
    {
      const char *equals;

      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      const Field *field;
      Given given;

      /* --reason may also follow the fields, where people put it */
      if (g_str_equal (argv[i], "--reason") || g_str_has_prefix (argv[i], "--reason="))
        {
          const char *text = argv[i][8] == '=' ? argv[i] + 9 : NULL;

          if (text == NULL && ++i >= argc)
            return usage_error ("set", "--reason needs the reason: --reason TEXT");
          g_free (reason_option);
          reason_option = g_strdup (text != NULL ? text : argv[i]);
          continue;
        }
      equals = strchr (argv[i], '=');
      if (equals == NULL)
        return usage_error ("set", "“%s” is not FIELD=VALUE", argv[i]);
      name = g_strndup (argv[i], equals - argv[i]);
      field = find_field (fields, n_fields, name);
      if (field == NULL)
        {
          g_autofree char *names = field_names (fields, n_fields);
          return usage_error ("set", "“%s” is not a field of %s %s; the fields are: %s", name,
                              is_action ? "an" : "a", kind, names);
        }
      for (guint j = 0; j < givens->len; j++)
        if (g_array_index (givens, Given, j).field == field)
          return usage_error ("set", "%s is given twice", field->name);

      /* Arguments arrive in the locale's encoding; the store holds UTF-8. */
      if (g_utf8_validate (equals + 1, -1, NULL))
        value = g_strdup (equals + 1);
      else if ((value = g_locale_to_utf8 (equals + 1, -1, NULL, NULL, NULL)) == NULL)
        {
          wm_cli_printerr ("%s: the value is not text in this system's encoding", field->name);
          return WM_CLI_EXIT_FAILED;
        }
      given.field = field;
      given.value = g_strstrip (g_steal_pointer (&value));
      g_array_append_val (givens, given);
    }

  store = open_store (db_path, WM_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;

  record = is_action ? wm_store_find_action (store, code, &error)
                     : wm_store_find_risk (store, code, &error);
  if (record == NULL)
    {
      if (g_error_matches (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
        {
          g_autofree char *codes = is_action ? list_codes (store, "action", "code")
                                             : list_codes (store, "risk", "ref");
          if (codes != NULL)
            wm_cli_printerr ("there is no %s “%s” in this plan (it has %s)", kind, code, codes);
          else
            wm_cli_printerr ("there is no %s “%s” in this plan", kind, code);
        }
      else
        wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }

  if (!build_change (store, givens, &change, &error))
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  if (reason_option != NULL)
    {
      if (find_given (givens, FIELD_REASON, NULL) != NULL)
        return usage_error ("set", "reason: give it once, as --reason TEXT or as reason=TEXT");
      if (!g_utf8_validate (reason_option, -1, NULL))
        {
          wm_cli_printerr ("--reason: the text is not in this system's encoding");
          return WM_CLI_EXIT_FAILED;
        }
      g_strstrip (reason_option);
      change.reason = reason_option[0] ? reason_option : NULL;
    }
  if (change.author != NULL && change.rating == NULL && change.date_moves->len == 0)
    return usage_error ("set", "author: it signs a rating or a moved date; give it with rating=, "
                               "start=, due= or completed=");
  if (change.reason != NULL && change.date_moves->len == 0)
    return usage_error ("set", "reason: it explains a moved date; give it with start=, due= or "
                               "completed=");

  if (is_action ? !apply_action_change (store, wm_record_get_id (record), &change, &error)
                : !apply_change (store, "risk", wm_record_get_id (record), &change, &error))
    {
      if (g_error_matches (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_REASON_REQUIRED))
        {
          wm_cli_printerr ("%s Say why with --reason TEXT; nothing was changed.", error->message);
          return WM_CLI_EXIT_FAILED;
        }
      if (g_error_matches (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_NOTE_REQUIRED))
        {
          wm_cli_printerr ("%s Give it with note=TEXT; nothing was changed.", error->message);
          return WM_CLI_EXIT_FAILED;
        }
      /* The store's own messages are sentences that already say so. */
      if (g_str_has_suffix (error->message, "."))
        wm_cli_printerr ("%s", error->message);
      else
        wm_cli_printerr ("%s; nothing was changed", error->message);
      return WM_CLI_EXIT_FAILED;
    }

  for (guint i = 0; i < givens->len; i++)
    g_string_append_printf (changed, "%s%s", i ? ", " : "",
                            g_array_index (givens, Given, i).field->name);
  g_print ("Changed %s %s: %s.\n", kind,
           wm_record_get_nonnull (record, is_action ? "code" : "ref"), changed->str);
  return WM_CLI_EXIT_OK;
}

static int
cmd_set_baseline (const char  *db_path,
                  int          argc,
                  char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *author_option = NULL;
  g_autofree char *author = NULL;
  const GOptionEntry entries[] = {
    { "author", 0, 0, G_OPTION_ARG_STRING, &author_option,
      "Who sets the baseline (default: your name)", "NAME" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Keep every action's and stage's start and due dates as the "
                                "plan's baseline.\nFrom then on a moved start or due date needs a "
                                "reason (set --reason TEXT).");
  if (!parse_options (context, "set-baseline", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (db_path == NULL)
    return usage_error ("set-baseline", NO_DB_MESSAGE);
  if (argc > 1)
    return usage_error ("set-baseline", "“%s” is not an argument of set-baseline", argv[1]);

  store = open_store (db_path, WM_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  author = author_name (author_option != NULL && author_option[0] ? author_option : NULL);
  if (!wm_plan_edit_set_baseline (store, NULL, author, &error)
      || (plan = wm_store_get_plan (store, &error)) == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  g_print ("Baseline set at %s.\n", wm_record_get_nonnull (plan, "baseline_at"));
  return WM_CLI_EXIT_OK;
}

static int
cmd_depend (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FROM TO");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) from = NULL;
  g_autoptr(WmRecord) to = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  int lag = 0;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      "FS finish to start (default), SS start to start, FF finish to finish, "
      "SF start to finish", "KIND" },
    { "lag", 0, 0, G_OPTION_ARG_INT, &lag, "Days between the two (may be negative)", "DAYS" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Make action TO depend on action FROM: with FS, TO starts when "
                                "FROM is finished.\nA dependency that would close a loop is "
                                "refused, naming the actions on it.");
  if (!parse_options (context, "depend", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (db_path == NULL)
    return usage_error ("depend", NO_DB_MESSAGE);
  if (argc != 3)
    return usage_error ("depend", "give two action codes, FROM and TO");
  if (kind == NULL)
    kind = g_strdup ("FS");
  if (!g_strv_contains ((const char *const[]) { "FS", "SS", "FF", "SF", NULL }, kind))
    return usage_error ("depend", "--kind “%s”: say FS, SS, FF or SF", kind);

  store = open_store (db_path, WM_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  for (int i = 1; i <= 2; i++)
    {
      WmRecord *action = wm_store_find_action (store, argv[i], &error);

      if (action == NULL)
        {
          wm_cli_printerr ("%s", error ? error->message : "no such action");
          return WM_CLI_EXIT_FAILED;
        }
      if (i == 1)
        from = action;
      else
        to = action;
    }
  id = wm_plan_edit_add_dependency (store, NULL, wm_record_get_id (from), wm_record_get_id (to),
                                    kind, lag, &error);
  if (id == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  g_print ("%s now depends on %s (%s, lag %d day%s).\n", argv[2], argv[1], kind, lag,
           lag == 1 || lag == -1 ? "" : "s");
  return WM_CLI_EXIT_OK;
}

int
wm_cli_plan_main (const char  *db_path,
                  const char  *command,
                  int          argc,
                  char       **argv)
{
  g_return_val_if_fail (wm_cli_is_plan_command (command), WM_CLI_EXIT_USAGE);

  if (g_str_equal (command, "init"))
    return cmd_init (db_path, argc, argv);
  if (g_str_equal (command, "export-csv"))
    return cmd_export_csv (db_path, argc, argv);
  if (g_str_equal (command, "set-baseline"))
    return cmd_set_baseline (db_path, argc, argv);
  if (g_str_equal (command, "depend"))
    return cmd_depend (db_path, argc, argv);
  return cmd_set (db_path, argc, argv);
}
