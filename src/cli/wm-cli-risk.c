/* wm-cli-risk.c: waymark-cli risk list|add|note|delete|scheme, the risks
 * kind of import-csv, and render heatmap
 *
 * All checking is core's (wm-risk.h, wm-risk-csv.h): the command line
 * reads options, prints what was done, and passes on core's messages,
 * which name the field, or the file, line and column.
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <string.h>

#include "wm-cli-plan.h"
#include "wm-cli-risk.h"
#include "wm-date.h"
#include "wm-heatmap.h"
#include "wm-risk.h"
#include "wm-risk-csv.h"
#include "wm-store.h"
#include "wm-cli-common.h"

#define usage_error(command, ...) \
  wm_cli_usage_error (usages, G_N_ELEMENTS (usages), command, __VA_ARGS__)
#define parse_options(context, command, argc, argv) \
  wm_cli_parse_options (context, usages, G_N_ELEMENTS (usages), command, argc, argv)
#define open_store(db_path) wm_cli_open_store (db_path, WM_STORE_OPEN_DEFAULT)

#define NO_DB_MESSAGE "no database given: put --db PATH before the command"

static const WmCliUsage usages[] = {
  { "risk list", "risk list [--sort residual|inherent|ref|review] [--all]" },
  { "risk add", "risk add [REF] FIELD=VALUE… [--mitigation 'TEXT|OWNER|DUE|ACTION']… "
                "[--link ACTION]… [--note TEXT]" },
  { "risk note", "risk note REF TEXT [--date DATE] [--author WHO]" },
  { "risk delete", "risk delete REF…" },
  { "risk scheme", "risk scheme [--nhs | --three-level] [--appetite N]" },
  { "render heatmap", "render heatmap -o FILE.png|svg|pdf [--residual-only] [--closed] "
                      "[--dark]" },
};

/* FIELD=VALUE names for risk add: the CSV's names, with - or _ */
static const char *const add_fields[] = {
  "ref", "raised", "title", "description", "owner", "category", "likelihood_before",
  "impact_before", "severity_before", "likelihood_after", "impact_after", "severity_after",
  "target_score", "review_date", "status", "closed_reason", "illustrative", NULL,
};

static const struct
{
  const char *alias;
  const char *field;
} add_aliases[] = {
  { "target", "target_score" },
  { "review", "review_date" },
  { "reason", "closed_reason" },
};

gboolean
wm_cli_is_risk_command (const char *command)
{
  return g_strcmp0 (command, "risk") == 0;
}

static char *
author_name (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return g_strdup (name);
}

/* ---------- import-csv risks ---------- */

/**
 * wm_cli_risk_import_csv:
 *
 * The risks kind of import-csv: a register kept in Excel.
 *
 * Returns: (transfer full): what was done, for the person, or %NULL
 */
char *
wm_cli_risk_import_csv (WmStore            *store,
                        WmCsvTable         *table,
                        const char *const  *maps,
                        GError            **error)
{
  g_autofree char *author = author_name ();
  g_autofree char *name = g_filename_display_basename (wm_csv_table_get_filename (table));
  WmRiskImportResult result;

  if (!wm_risk_import_csv (store, table, maps, author, &result, error))
    return NULL;
  return g_strdup_printf ("Read %u %s from %s: %u %s added, %u updated.", result.rows,
                          result.rows == 1 ? "row" : "rows", name, result.created,
                          result.created == 1 ? "risk" : "risks", result.updated);
}

/* ---------- risk list ---------- */

static int
residual_of (WmRisk *risk)
{
  return wm_risk_get_score (risk, WM_RISK_RESIDUAL) ?: wm_risk_get_score (risk, WM_RISK_INHERENT);
}

static int
compare_refs (WmRisk *a,
              WmRisk *b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (wm_risk_get_ref (a), -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (wm_risk_get_ref (b), -1);

  return strcmp (ka, kb);
}

static int
by_residual (gconstpointer a,
             gconstpointer b)
{
  WmRisk *x = *(WmRisk **) a, *y = *(WmRisk **) b;

  if (residual_of (x) != residual_of (y))
    return residual_of (y) - residual_of (x);
  return compare_refs (x, y);
}

static int
by_inherent (gconstpointer a,
             gconstpointer b)
{
  WmRisk *x = *(WmRisk **) a, *y = *(WmRisk **) b;
  int sx = wm_risk_get_score (x, WM_RISK_INHERENT), sy = wm_risk_get_score (y, WM_RISK_INHERENT);

  return sx != sy ? sy - sx : compare_refs (x, y);
}

static int
by_ref (gconstpointer a,
        gconstpointer b)
{
  return compare_refs (*(WmRisk **) a, *(WmRisk **) b);
}

static int
by_review (gconstpointer a,
           gconstpointer b)
{
  WmRisk *x = *(WmRisk **) a, *y = *(WmRisk **) b;
  int c = g_strcmp0 (wm_risk_get (x, "review_date") ?: "9999",
                     wm_risk_get (y, "review_date") ?: "9999");

  return c != 0 ? c : compare_refs (x, y);
}

static char *
short_score (WmRisk      *risk,
             WmRiskStage  stage)
{
  const WmRiskBand *band = wm_risk_get_band (risk, stage);
  int score = wm_risk_get_score (risk, stage);

  if (score == 0)
    return g_strdup ("–");
  if (wm_risk_get_scheme (risk)->kind == WM_RISK_SCHEME_SEVERITY)
    return g_strdup (band ? band->name : "");
  return g_strdup_printf ("%d×%d=%d %s", wm_risk_get_likelihood (risk, stage),
                          wm_risk_get_impact (risk, stage), score, band ? band->name : "");
}

/* printf pads by bytes; "×" and "–" are two or three */
static void
print_padded (const char *text,
              int         width)
{
  glong chars = g_utf8_strlen (text, -1);

  g_print ("%s%*s", text, (int) MAX (1, width - chars), "");
}

static int
cmd_list (const char  *db_path,
          int          argc,
          char       **argv)
{
  g_autofree char *sort = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort,
      "residual (default), inherent, ref or review", "ORDER" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "Closed risks too", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GError) error = NULL;
  GCompareFunc compare;

  g_option_context_set_summary (context, "The risk register, one risk a line: scores before and "
                                         "after mitigation,\ntarget, trend since the last review, "
                                         "next review, status, linked actions.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "risk list", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc > 1)
    return usage_error ("risk list", "unexpected argument “%s”", argv[1]);
  if (sort == NULL || g_str_equal (sort, "residual"))
    compare = by_residual;
  else if (g_str_equal (sort, "inherent"))
    compare = by_inherent;
  else if (g_str_equal (sort, "ref"))
    compare = by_ref;
  else if (g_str_equal (sort, "review"))
    compare = by_review;
  else
    return usage_error ("risk list", "--sort “%s”: choose residual, inherent, ref or review",
                        sort);
  if (db_path == NULL)
    return usage_error ("risk list", NO_DB_MESSAGE);

  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  risks = wm_risk_list (store, NULL, &error);
  if (risks == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  g_ptr_array_sort (risks, compare);

  print_padded ("REF", 7);
  print_padded ("BEFORE", 19);
  print_padded ("AFTER", 19);
  print_padded ("TARGET", 8);
  print_padded ("TREND", 6);
  print_padded ("REVIEW", 19);
  print_padded ("STATUS", 10);
  print_padded ("ACTIONS", 16);
  g_print ("RISK\n");
  for (guint i = 0; i < risks->len; i++)
    {
      WmRisk *risk = risks->pdata[i];
      g_autofree char *before = short_score (risk, WM_RISK_INHERENT);
      g_autofree char *after = short_score (risk, WM_RISK_RESIDUAL);
      g_autofree char *target = wm_risk_get_target (risk) > 0
                                ? wm_risk_scheme_format_score (wm_risk_get_scheme (risk),
                                                               wm_risk_get_target (risk))
                                : g_strdup ("–");
      g_autofree char *review = g_strdup_printf ("%s%s", wm_risk_get (risk, "review_date") ?: "–",
                                                 wm_risk_is_overdue (risk) ? " overdue" : "");
      g_autofree char *links = wm_risk_format_links (risk);
      g_autofree char *title = g_utf8_substring (wm_risk_get_title (risk), 0, 60);
      const char *trend = wm_risk_trend_symbol (wm_risk_get_trend (risk));

      if (wm_risk_is_closed (risk) && !all)
        continue;
      print_padded (wm_risk_get_ref (risk), 7);
      print_padded (before, 19);
      print_padded (after, 19);
      print_padded (target, 8);
      print_padded (*trend ? trend : "new", 6);
      print_padded (review, 19);
      print_padded (wm_risk_get_status (risk), 10);
      print_padded (*links ? links : "–", 16);
      g_print ("%s%s\n", wm_risk_is_flagged (risk) ? "[Red action] " : "", title);
    }
  return WM_CLI_EXIT_OK;
}

/* ---------- risk add ---------- */

static const char *
add_field (const char *name)
{
  g_autofree char *underscored = g_strdelimit (g_ascii_strdown (name, -1), "-", '_');

  for (guint i = 0; i < G_N_ELEMENTS (add_aliases); i++)
    if (g_str_equal (underscored, add_aliases[i].alias))
      return add_aliases[i].field;
  for (guint i = 0; add_fields[i]; i++)
    if (g_str_equal (underscored, add_fields[i]))
      return add_fields[i];
  return NULL;
}

/* 'TEXT|OWNER|DUE|ACTION': all but the text may be left out */
static void
parse_mitigation (const char       *spec,
                  WmRiskMitigation *m)
{
  g_auto(GStrv) parts = g_strsplit (spec, "|", 4);
  guint n = g_strv_length (parts);

  m->text = g_strdup (n > 0 ? parts[0] : "");
  m->owner = n > 1 && *parts[1] ? g_strdup (parts[1]) : NULL;
  m->due_date = n > 2 && *parts[2] ? g_strdup (parts[2]) : NULL;
  m->action_code = n > 3 && *parts[3] ? g_strdup (parts[3]) : NULL;
}

static int
cmd_add (const char  *db_path,
         int          argc,
         char       **argv)
{
  g_auto(GStrv) mitigation_specs = NULL;
  g_auto(GStrv) links = NULL;
  g_autofree char *note = NULL;
  const GOptionEntry entries[] = {
    { "mitigation", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &mitigation_specs,
      "A mitigation: its text, and optionally owner, due date and the plan action that "
      "delivers it (repeat for each)", "'TEXT|OWNER|DUE|ACTION'" },
    { "link", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &links,
      "A plan action that mitigates the risk (repeat for each)", "ACTION" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "A progress note, dated today", "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[REF] FIELD=VALUE…");
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) mitigations = wm_risk_mitigations_new ();
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *id = NULL;
  g_autofree char *author = author_name ();
  g_autofree char *field_list = g_strjoinv (", ", (char **) add_fields);
  g_autofree char *description = g_strdup_printf ("Fields: %s.\nLevels may be numbers or the "
                                                  "scheme's labels (4, Likely).  The ref is the "
                                                  "next free one\n(RR8 after RR7) unless given.",
                                                  field_list);

  g_option_context_set_summary (context, "Add a risk to the register, all of it or nothing.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "risk add", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (db_path == NULL)
    return usage_error ("risk add", NO_DB_MESSAGE);

  for (int i = 1; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *name = NULL;
      const char *field;

      if (eq == NULL)
        {
          if (i == 1 && ref == NULL)
            {
              ref = g_strdup (argv[i]);
              continue;
            }
          return usage_error ("risk add", "“%s” is not FIELD=VALUE", argv[i]);
        }
      name = g_strndup (argv[i], eq - argv[i]);
      field = add_field (name);
      if (field == NULL)
        return usage_error ("risk add", "“%s” is not a field of a risk; the fields are %s", name,
                            field_list);
      g_hash_table_insert (values, (gpointer) field, (gpointer) (eq + 1));
    }
  for (guint i = 0; mitigation_specs && mitigation_specs[i]; i++)
    {
      WmRiskMitigation m = { 0 };

      parse_mitigation (mitigation_specs[i], &m);
      g_array_append_val (mitigations, m);
    }

  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  if (ref == NULL && !g_hash_table_contains (values, "ref"))
    {
      ref = wm_risk_next_ref (store, &error);
      if (ref == NULL)
        goto fail;
    }
  if (ref != NULL)
    g_hash_table_insert (values, "ref", ref);

  if (!wm_store_begin (store, &error))
    goto fail;
  id = wm_risk_create (store, values, author, WM_RISK_WRITE_REVIEWED, NULL, &error);
  if (id == NULL
      || (mitigations->len > 0
          && !wm_risk_set_mitigations (store, id, mitigations, NULL, &error))
      || (links != NULL
          && !wm_risk_set_linked_actions (store, id, (const char *const *) links, &error)))
    goto rollback;
  if (note != NULL)
    {
      g_autofree char *note_id = wm_risk_add_note (store, id, NULL, author, note, &error);
      if (note_id == NULL)
        goto rollback;
    }
  if (!wm_store_commit (store, &error))
    goto fail;
  g_print ("Added %s.\n", (const char *) g_hash_table_lookup (values, "ref"));
  return WM_CLI_EXIT_OK;

rollback:
  wm_store_rollback (store);
fail:
  wm_cli_printerr ("%s; nothing was added", error->message);
  return WM_CLI_EXIT_FAILED;
}

/* ---------- risk note, risk delete ---------- */

static int
cmd_note (const char  *db_path,
          int          argc,
          char       **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *author = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "The note's date (default: today)", "DATE" },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, "Who writes it (default: your name)",
      "WHO" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("REF TEXT");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) risk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_option_context_set_summary (context, "Add a dated progress note to a risk.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "risk note", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc != 3)
    return usage_error ("risk note", "give the risk's ref and the note");
  if (db_path == NULL)
    return usage_error ("risk note", NO_DB_MESSAGE);
  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  if (author == NULL)
    author = author_name ();
  risk = wm_store_find_risk (store, argv[1], &error);
  if (risk != NULL)
    id = wm_risk_add_note (store, wm_record_get_id (risk), date, author, argv[2], &error);
  if (id == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  return WM_CLI_EXIT_OK;
}

static int
cmd_delete (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("REF…");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, "Delete risks, with their mitigations, notes and "
                                         "history, all or none.\nTo keep a risk on record, "
                                         "close it instead (waymark-cli set risk REF "
                                         "status=closed …).");
  if (!parse_options (context, "risk delete", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc < 2)
    return usage_error ("risk delete", "give the refs of the risks to delete");
  if (db_path == NULL)
    return usage_error ("risk delete", NO_DB_MESSAGE);
  store = open_store (db_path);
  if (store == NULL || !wm_store_begin (store, &error))
    goto fail;
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(WmRecord) risk = wm_store_find_risk (store, argv[i], &error);

      if (risk == NULL || !wm_risk_delete (store, wm_record_get_id (risk), &error))
        {
          wm_store_rollback (store);
          goto fail;
        }
    }
  if (!wm_store_commit (store, &error))
    goto fail;
  g_print ("Deleted %d %s.\n", argc - 1, argc == 2 ? "risk" : "risks");
  return WM_CLI_EXIT_OK;

fail:
  if (error != NULL)
    wm_cli_printerr ("%s; nothing was deleted", error->message);
  return WM_CLI_EXIT_FAILED;
}

/* ---------- risk scheme ---------- */

static void
print_scheme (WmRiskScheme *scheme)
{
  g_print ("%s (%s)\n", scheme->name,
           scheme->kind == WM_RISK_SCHEME_SEVERITY ? "one severity scale" : "likelihood × impact");
  for (WmRiskAxis axis = WM_RISK_AXIS_LIKELIHOOD; axis <= WM_RISK_AXIS_SEVERITY; axis++)
    {
      GArray *levels = wm_risk_scheme_get_levels (scheme, axis);
      static const char *const names[] = { "Likelihood", "Impact", "Severity" };

      if (levels->len == 0)
        continue;
      g_print ("%s:", names[axis]);
      for (guint i = 0; i < levels->len; i++)
        g_print (" %d %s%s", g_array_index (levels, WmRiskLevel, i).value,
                 g_array_index (levels, WmRiskLevel, i).label, i + 1 < levels->len ? "," : "\n");
    }
  g_print ("Bands:");
  for (guint i = 0; i < scheme->bands->len; i++)
    {
      const WmRiskBand *band = &g_array_index (scheme->bands, WmRiskBand, i);

      g_print (" %s %d–%d %s%s", band->name, band->min_score, band->max_score, band->colour,
               i + 1 < scheme->bands->len ? "," : "\n");
    }
  if (scheme->appetite > 0)
    {
      g_autofree char *appetite = wm_risk_scheme_format_score (scheme, scheme->appetite);
      g_print ("Appetite: %s or below\n", appetite);
    }
}

static int
cmd_scheme (const char  *db_path,
            int          argc,
            char       **argv)
{
  gboolean nhs = FALSE, three = FALSE;
  int appetite = -1;
  const GOptionEntry entries[] = {
    { "nhs", 0, 0, G_OPTION_ARG_NONE, &nhs,
      "Use the NHS 5×5 matrix: likelihood × impact, bands low 1–3, moderate 4–6, high 8–12, "
      "extreme 15–25", NULL },
    { "three-level", 0, 0, G_OPTION_ARG_NONE, &three, "Use one scale: Low, Medium, High", NULL },
    { "appetite", 0, 0, G_OPTION_ARG_INT, &appetite,
      "The score risks should come down to (0: none)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRiskScheme) scheme = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, "Show the plan's risk scheme, or change it.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "risk scheme", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc > 1)
    return usage_error ("risk scheme", "unexpected argument “%s”", argv[1]);
  if (nhs && three)
    return usage_error ("risk scheme", "choose --nhs or --three-level, not both");
  if (db_path == NULL)
    return usage_error ("risk scheme", NO_DB_MESSAGE);
  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;

  if (nhs)
    scheme = wm_risk_scheme_new_default ();
  else if (three)
    scheme = wm_risk_scheme_new_three_level ();
  else
    scheme = wm_risk_scheme_load (store, &error);
  if (scheme == NULL)
    goto fail;
  if (appetite >= 0)
    scheme->appetite = appetite;
  if ((nhs || three || appetite >= 0) && !wm_risk_scheme_save (scheme, store, &error))
    goto fail;
  print_scheme (scheme);
  return WM_CLI_EXIT_OK;

fail:
  wm_cli_printerr ("%s", error->message);
  return WM_CLI_EXIT_FAILED;
}

int
wm_cli_risk_main (const char  *db_path,
                  const char  *command,
                  int          argc,
                  char       **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (const char *, int, char **);
  } subcommands[] = {
    { "list", cmd_list },
    { "add", cmd_add },
    { "note", cmd_note },
    { "delete", cmd_delete },
    { "scheme", cmd_scheme },
  };

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      gboolean help = argc >= 2;

      if (!help)
        wm_cli_printerr ("say what to do: list, add, note, delete or scheme");
      for (guint i = 0; i < G_N_ELEMENTS (usages); i++)
        if (g_str_has_prefix (usages[i].name, "risk "))
          g_printerr ("usage: waymark-cli --db PATH %s\n", usages[i].usage);
      return help ? WM_CLI_EXIT_OK : WM_CLI_EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (db_path, argc - 1, argv + 1);
  wm_cli_printerr ("“risk %s” is not a command: choose list, add, note, delete or scheme",
                   argv[1]);
  return WM_CLI_EXIT_USAGE;
}

/* ---------- render heatmap ---------- */

/**
 * wm_cli_risk_render_heatmap:
 * @db_path: the plan
 * @argc: arguments from "heatmap" on
 * @argv: the arguments
 *
 * render heatmap -o FILE.png|svg|pdf [--residual-only] [--closed] [--dark]
 *
 * Returns: the exit status
 */
int
wm_cli_risk_render_heatmap (const char  *db_path,
                            int          argc,
                            char       **argv)
{
  g_autofree char *output = NULL;
  gboolean residual_only = FALSE, closed = FALSE, dark = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The file to write: .png, .svg or .pdf", "FILE" },
    { "residual-only", 0, 0, G_OPTION_ARG_NONE, &residual_only,
      "Only where risks are after mitigation", NULL },
    { "closed", 0, 0, G_OPTION_ARG_NONE, &closed, "Closed risks too", NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark colours (PNG and SVG for slides)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRiskScheme) scheme = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *today = NULL;
  WmHeatmapOptions options;
  GDate date;

  g_option_context_set_summary (context,
                                "Draw the risk heat map: every risk at its score before and\n"
                                "after mitigation, with an arrow between, on the plan's grid.\n"
                                "PDF adds a key to the refs.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "render heatmap", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc > 1)
    return usage_error ("render heatmap", "unexpected argument “%s”", argv[1]);
  if (db_path == NULL)
    return usage_error ("render heatmap", NO_DB_MESSAGE);
  if (output == NULL)
    return usage_error ("render heatmap",
                        "say where to write the heat map: -o FILE.png, FILE.svg or FILE.pdf");

  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  plan = wm_store_get_plan (store, &error);
  if (plan != NULL)
    scheme = wm_risk_scheme_load (store, &error);
  if (scheme != NULL)
    risks = wm_risk_list (store, scheme, &error);
  if (risks == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }

  today = wm_date_today_iso ();
  wm_date_from_iso (today, &date);
  subtitle = g_strdup_printf ("%s%s%s · as at %u/%02u/%u",
                              wm_record_get_nonnull (plan, "title"),
                              *wm_record_get_nonnull (plan, "area") ? " · " : "",
                              wm_record_get_nonnull (plan, "area"), g_date_get_day (&date),
                              g_date_get_month (&date), g_date_get_year (&date));
  wm_heatmap_options_init (&options);
  options.residual_only = residual_only;
  options.show_closed = closed;
  if (!wm_heatmap_render_to_file (scheme, risks, output, &options, dark, subtitle, &error))
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  return WM_CLI_EXIT_OK;
}
