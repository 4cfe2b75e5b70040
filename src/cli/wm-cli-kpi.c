/* wm-cli-kpi.c: waymark-cli kpi add|list|show, import-dfe, the KPI kinds
 * of import-csv, and render kpi|dashboard
 *
 * All checking is core's (wm-kpi.h, wm-kpi-import.h): the command line
 * only reads options, prints what was done, and passes on core's
 * messages, which name the field, file, line and column.
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include "wm-cli-kpi.h"
#include "wm-cli-plan.h"
#include "wm-date.h"
#include "wm-kpi.h"
#include "wm-kpi-chart.h"
#include "wm-kpi-import.h"
#include "wm-store.h"
#include "wm-cli-common.h"

#define usage_error(command, ...) \
  wm_cli_usage_error (usages, G_N_ELEMENTS (usages), command, __VA_ARGS__)
#define parse_options(context, command, argc, argv) \
  wm_cli_parse_options (context, usages, G_N_ELEMENTS (usages), command, argc, argv)
#define open_store(db_path) wm_cli_open_store (db_path, WM_STORE_OPEN_DEFAULT)

#define NO_DB_MESSAGE "no database given: put --db PATH before the command"

static const WmCliUsage usages[] = {
  { "kpi add", "kpi add CODE --name NAME --unit percent|count|days|weeks|rate "
               "--direction higher|lower|none [--target N] [--frequency F] [--owner WHO] "
               "[--definition TEXT]" },
  { "kpi list", "kpi list" },
  { "kpi show", "kpi show CODE" },
  { "import-dfe", "import-dfe FILE --measure COLUMN --kpi CODE [--own 'LA NAME'] "
                  "[--geography NAME…] [--breakdown NAME] [--numerator COLUMN] "
                  "[--denominator COLUMN]" },
  { "render kpi", "render kpi CODE -o FILE.png|svg|pdf [--from DATE] [--to DATE] "
                  "[--rolling 12] [--dark]" },
  { "render dashboard", "render dashboard -o FILE.pdf|png|svg [--dark]" },
};

gboolean
wm_cli_is_kpi_command (const char *command)
{
  return g_strcmp0 (command, "kpi") == 0 || g_strcmp0 (command, "import-dfe") == 0;
}

/* ---------- kpi add ---------- */

static int
cmd_add (const char  *db_path,
         int          argc,
         char       **argv)
{
  g_autofree char *name = NULL, *unit = NULL, *direction = NULL, *target = NULL;
  g_autofree char *frequency = NULL, *owner = NULL, *definition = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "What the KPI measures, in the board's words",
      "NAME" },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, "percent, count, days, weeks or rate", "UNIT" },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction,
      "Which is better: higher or lower (none for a context measure)", "DIRECTION" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target, "The target, in the KPI's unit", "N" },
    { "frequency", 0, 0, G_OPTION_ARG_STRING, &frequency,
      "daily, weekly, monthly (default), bimonthly, quarterly or annual", "F" },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, "Who answers for it", "WHO" },
    { "definition", 0, 0, G_OPTION_ARG_STRING, &definition,
      "Numerator and denominator in words", "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("CODE");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_option_context_set_summary (context, "Add a KPI to the plan.  Its rating against the "
                                         "target: within 10% of it Green;\nfurther off but "
                                         "improving Amber; further off and not improving Red.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "kpi add", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc < 2)
    return usage_error ("kpi add", "say the KPI's code, such as K3");
  if (argc > 2)
    return usage_error ("kpi add", "unexpected argument “%s”", argv[2]);
  if (name == NULL || unit == NULL || direction == NULL)
    return usage_error ("kpi add", "--name, --unit and --direction are needed");

  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  if (!wm_store_begin (store, &error))
    goto fail;
  id = wm_kpi_add (store, argv[1], name, unit, direction, target, frequency, &error);
  if (id == NULL
      || ((owner || definition)
          && !wm_store_update (store, "kpi", id, &error, "owner", owner, "definition",
                               definition, NULL))
      || !wm_store_commit (store, &error))
    {
      wm_store_rollback (store);
      goto fail;
    }
  g_print ("Added KPI %s: %s\n", argv[1], name);
  return WM_CLI_EXIT_OK;

fail:
  wm_cli_printerr ("%s", error->message);
  return WM_CLI_EXIT_FAILED;
}

/* ---------- kpi list, kpi show ---------- */

static GPtrArray *
load_series (WmStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *all = wm_kpi_series_load_all (store, 0, &error);

  if (all == NULL)
    wm_cli_printerr ("%s", error->message);
  return all;
}

static WmKpiSeries *
find_series (GPtrArray  *all,
             const char *code)
{
  for (guint i = 0; i < all->len; i++)
    {
      WmKpiSeries *series = all->pdata[i];
      if (g_ascii_strcasecmp (series->code, code) == 0)
        return series;
    }
  return NULL;
}

static int
unknown_kpi (GPtrArray  *all,
             const char *code)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    g_string_append_printf (codes, "%s%s", i ? ", " : "",
                            ((WmKpiSeries *) all->pdata[i])->code);
  wm_cli_printerr ("there is no KPI “%s” (the KPIs are %s)", code,
                   codes->len ? codes->str : "none yet");
  return WM_CLI_EXIT_FAILED;
}

/* Pads to a width in characters, not bytes: names hold “–” and ’. */
static void
print_cell (const char *text,
            int         width)
{
  glong length = g_utf8_strlen (text ? text : "", -1);

  g_print ("%s%*s", text ? text : "", (int) MAX (0, width - length), "");
}

static int
cmd_list (const char  *db_path,
          int          argc,
          char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_option_context_set_summary (context, "List the plan's KPIs with their latest value, "
                                         "rating and direction of travel.");
  if (!parse_options (context, "kpi list", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc > 1)
    return usage_error ("kpi list", "unexpected argument “%s”", argv[1]);
  store = open_store (db_path);
  if (store == NULL || (all = load_series (store)) == NULL)
    return WM_CLI_EXIT_FAILED;

  print_cell ("CODE", 6);
  print_cell ("KPI", 58);
  print_cell ("TARGET", 18);
  print_cell ("LATEST", 26);
  print_cell ("RATING", 11);
  g_print ("TRAVEL\n");
  for (guint i = 0; i < all->len; i++)
    {
      WmKpiSeries *series = all->pdata[i];
      g_autofree char *target = wm_kpi_describe_target (series);
      g_autofree char *latest = wm_kpi_describe_latest (series);
      g_autofree char *head = g_utf8_substring (series->name, 0, 55);
      g_autofree char *name = g_utf8_strlen (series->name, -1) > 56
                              ? g_strconcat (head, "…", NULL) : g_strdup (series->name);
      WmKpiStatus status;

      wm_kpi_series_status (series, &status);
      print_cell (series->code, 6);
      print_cell (name, 58);
      print_cell (target, 18);
      print_cell (latest, 26);
      print_cell (wm_kpi_rating_label (status.rating), 11);
      g_print ("%s\n", wm_kpi_travel_label (series, status.travel));
    }
  return WM_CLI_EXIT_OK;
}

static int
cmd_show (const char  *db_path,
          int          argc,
          char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("CODE");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *rating = NULL;
  WmKpiSeries *series;

  g_option_context_set_summary (context, "Show one KPI: its definition, rating, values and "
                                         "benchmark series.");
  if (!parse_options (context, "kpi show", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc != 2)
    return usage_error ("kpi show", argc < 2 ? "say which KPI" : "unexpected argument");
  store = open_store (db_path);
  if (store == NULL || (all = load_series (store)) == NULL)
    return WM_CLI_EXIT_FAILED;
  series = find_series (all, argv[1]);
  if (series == NULL)
    return unknown_kpi (all, argv[1]);

  rating = wm_kpi_describe_rating (series);
  g_print ("%s: %s\n", series->code, series->name);
  if (series->definition)
    g_print ("%s\n", series->definition);
  g_print ("%s\n\n", rating);
  for (guint i = 0; i < series->points->len; i++)
    {
      const WmKpiPoint *p = &g_array_index (series->points, WmKpiPoint, i);
      g_autofree char *period = wm_period_to_string (&p->period);
      g_autofree char *value = wm_kpi_format_value (series->unit, p->value);

      g_print ("%-12s %12s", period, isnan (p->value) ? "missing" : value);
      if (!isnan (p->numerator) && !isnan (p->denominator))
        {
          g_autofree char *n = wm_kpi_format_number (p->numerator, -1);
          g_autofree char *d = wm_kpi_format_number (p->denominator, -1);
          g_print ("  (%s of %s)", n, d);
        }
      if (p->note)
        g_print ("  %s", p->note);
      g_print ("\n");
    }
  for (guint b = 0; b < series->benchmarks->len; b++)
    {
      WmKpiBenchmark *benchmark = series->benchmarks->pdata[b];

      g_print ("\n%s%s%s\n", benchmark->name, benchmark->source ? " — " : "",
               benchmark->source ? benchmark->source : "");
      for (guint i = 0; i < benchmark->points->len; i++)
        {
          const WmKpiPoint *p = &g_array_index (benchmark->points, WmKpiPoint, i);
          g_autofree char *period = wm_period_to_string (&p->period);
          g_autofree char *value = wm_kpi_format_value (series->unit, p->value);
          g_print ("%-12s %12s\n", period, isnan (p->value) ? "missing" : value);
        }
    }
  return WM_CLI_EXIT_OK;
}

/* ---------- imports ---------- */

static char *
import_summary (const char              *what,
                const WmKpiImportResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "Imported %u %s: %u new, %u replaced", result->rows, what,
                          result->added, result->replaced);
  if (result->missing > 0)
    g_string_append_printf (text, "; %u recorded as missing (shown as gaps)", result->missing);
  g_string_append_c (text, '.');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
wm_cli_kpi_import_values (WmStore            *store,
                          WmCsvTable         *table,
                          const char *const  *maps,
                          GError            **error)
{
  WmKpiImportResult result;

  if (!wm_kpi_import_values (store, table, maps, &result, error))
    return NULL;
  return import_summary (result.rows == 1 ? "value" : "values", &result);
}

char *
wm_cli_kpi_import_benchmarks (WmStore            *store,
                              WmCsvTable         *table,
                              const char *const  *maps,
                              GError            **error)
{
  WmKpiImportResult result;

  if (!wm_kpi_import_benchmarks (store, table, maps, &result, error))
    return NULL;
  return import_summary (result.rows == 1 ? "benchmark value" : "benchmark values", &result);
}

static int
cmd_import_dfe (const char  *db_path,
                int          argc,
                char       **argv)
{
  g_autofree char *measure = NULL, *kpi = NULL, *own = NULL, *breakdown = NULL;
  g_autofree char *numerator = NULL, *denominator = NULL;
  g_auto(GStrv) geographies = NULL;
  const GOptionEntry entries[] = {
    { "measure", 0, 0, G_OPTION_ARG_STRING, &measure,
      "The column to read, e.g. pc_plans_issued_20_weeks_ex", "COLUMN" },
    { "kpi", 0, 0, G_OPTION_ARG_STRING, &kpi, "The KPI the values go to", "CODE" },
    { "own", 0, 0, G_OPTION_ARG_STRING, &own,
      "The local authority whose rows become the KPI's values", "'LA NAME'" },
    { "geography", 0, 0, G_OPTION_ARG_STRING_ARRAY, &geographies,
      "A benchmark series: England, a region or an authority (repeat; default England and "
      "the authority's region)", "NAME" },
    { "breakdown", 0, 0, G_OPTION_ARG_STRING, &breakdown,
      "Rows of this breakdown only (default “All EHC plans”)", "NAME" },
    { "numerator", 0, 0, G_OPTION_ARG_STRING, &numerator, "A column of numerators", "COLUMN" },
    { "denominator", 0, 0, G_OPTION_ARG_STRING, &denominator, "A column of denominators",
      "COLUMN" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(WmCsvTable) table = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  WmKpiImportResult result;
  WmKpiDfeOptions options = { 0 };

  g_option_context_set_summary (context,
    "Import the DfE's “Education, health and care plans” open data (an Explore\n"
    "Education Statistics CSV file).  The --own authority's rows become the KPI's\n"
    "values; England, regions and other authorities its benchmark series.\n"
    "Periods are labelled as the file labels them (time_period, time_identifier);\n"
    "x (not available) and z (not applicable) are missing values, never zeros.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, "import-dfe", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  if (argc < 2)
    return usage_error ("import-dfe", "say which file to import");
  if (argc > 2)
    return usage_error ("import-dfe", "unexpected argument “%s”", argv[2]);
  if (measure == NULL || kpi == NULL)
    return usage_error ("import-dfe", "--measure and --kpi are needed");

  table = wm_csv_parse_file (argv[1], &error);
  if (table == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  store = open_store (db_path);
  if (store == NULL)
    return WM_CLI_EXIT_FAILED;
  options.measure = measure;
  options.kpi = kpi;
  options.own = own;
  options.geographies = (const char *const *) geographies;
  options.breakdown = breakdown;
  options.numerator = numerator;
  options.denominator = denominator;
  if (!wm_kpi_import_dfe (store, table, &options, &result, &error))
    {
      wm_cli_printerr ("%s; nothing was imported", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  summary = import_summary (result.rows == 1 ? "value" : "values", &result);
  g_print ("%s (%u of them benchmark values)\n", summary, result.benchmarks);
  return WM_CLI_EXIT_OK;
}

int
wm_cli_kpi_main (const char  *db_path,
                 const char  *command,
                 int          argc,
                 char       **argv)
{
  gboolean help = argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"));

  if (g_str_equal (command, "import-dfe"))
    {
      if (db_path == NULL && !help && !(argc > 1 && g_strv_contains ((const char *const *) argv,
                                                                      "--help")))
        return usage_error ("import-dfe", NO_DB_MESSAGE);
      return cmd_import_dfe (db_path, argc, argv);
    }
  if (argc < 2 || help)
    {
      for (guint i = 0; i < 3; i++)
        g_printerr ("usage: waymark-cli --db PATH %s\n", usages[i].usage);
      return help ? WM_CLI_EXIT_OK : WM_CLI_EXIT_USAGE;
    }
  if (db_path == NULL && !g_strv_contains ((const char *const *) argv, "--help"))
    return usage_error ("kpi", NO_DB_MESSAGE);
  if (g_str_equal (argv[1], "add"))
    return cmd_add (db_path, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return cmd_list (db_path, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return cmd_show (db_path, argc - 1, argv + 1);
  return usage_error ("kpi", "“kpi %s” is not a command: choose kpi add, kpi list or kpi show",
                      argv[1]);
}

/* ---------- render kpi, render dashboard ---------- */

static gboolean
parse_day (const char *option,
           const char *text,
           gboolean    start,
           guint32    *julian)
{
  GDate date;
  WmPeriod period;
  WmDatePrecision precision;

  /* "2023", "2023-Q2" and "AY 2023/24" name periods, not days */
  if (wm_period_parse (text, WM_FREQUENCY_INVALID, &period, NULL)
      && period.kind != WM_PERIOD_DAY)
    {
      *julian = start ? wm_period_first_day (&period) : wm_period_last_day (&period);
      return TRUE;
    }
  g_date_clear (&date, 1);
  precision = wm_date_parse (text, &date);
  if (precision == WM_DATE_NONE || !g_date_valid (&date))
    {
      usage_error ("render kpi", "%s “%s” is not a date or period: write 2023-04-01, "
                                 "April 2023 or 2023", option, text);
      return FALSE;
    }
  if (precision == WM_DATE_MONTH && start)
    g_date_set_day (&date, 1);
  *julian = g_date_get_julian (&date);
  return TRUE;
}

static char *
plan_field (WmStore    *store,
            const char *column)
{
  g_autoptr(WmRecord) plan = wm_store_get_plan (store, NULL);
  const char *value = plan ? wm_record_get (plan, column) : NULL;

  return value && *value ? g_strdup (value) : NULL;
}

/* Called by wm-cli-render.c for "render kpi …" and "render dashboard …";
 * argv[0] is "render". */
int
wm_cli_kpi_render_main (const char  *db_path,
                        int          argc,
                        char       **argv)
{
  g_autofree char *output = NULL, *from = NULL, *to = NULL, *paper = NULL;
  gint rolling = 0;
  gboolean dark = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The file to write: .png, .svg or .pdf", "FILE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "First day or period shown", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day or period shown", "DATE" },
    { "rolling", 0, 0, G_OPTION_ARG_INT, &rolling,
      "Add the rolling average over this many months (12 for a year)", "MONTHS" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, "PDF pages: a4 (default) or a3, landscape",
      "PAPER" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark colours (for a dark slide)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("kpi CODE | dashboard");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *area = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *today = NULL;
  WmKpiExportOptions options = { 0 };
  const char *which;
  gboolean dashboard;

  g_option_context_set_summary (context,
    "Draw a KPI's chart (with its target, tolerance band, benchmarks, rolling\n"
    "average, baseline and annotations, and its latest value and rating in\n"
    "words), or the dashboard of every KPI as cards, as PNG, SVG or PDF.");
  g_option_context_add_main_entries (context, entries, NULL);
  which = argc > 1 && g_str_equal (argv[1], "dashboard") ? "render dashboard" : "render kpi";
  if (!parse_options (context, "render", &argc, &argv))
    return WM_CLI_EXIT_USAGE;
  dashboard = g_str_equal (argv[1], "dashboard");
  if (dashboard && argc > 2)
    return usage_error (which, "unexpected argument “%s”", argv[2]);
  if (!dashboard && argc < 3)
    return usage_error (which, "say which KPI to draw, such as K3");
  if (!dashboard && argc > 3)
    return usage_error (which, "unexpected argument “%s”", argv[3]);
  if (output == NULL)
    return usage_error (which, "say where to write it: -o FILE.png, FILE.svg or FILE.pdf");
  if (db_path == NULL)
    return usage_error (which, NO_DB_MESSAGE);
  if (rolling < 0 || rolling > 120)
    return usage_error (which, "--rolling %d: give a number of months from 1 to 120", rolling);
  if (paper != NULL && g_ascii_strcasecmp (paper, "a4") != 0
      && g_ascii_strcasecmp (paper, "a3") != 0)
    return usage_error (which, "--paper “%s”: choose a4 or a3", paper);
  if ((from && !parse_day ("--from", from, TRUE, &options.from))
      || (to && !parse_day ("--to", to, FALSE, &options.to)))
    return WM_CLI_EXIT_USAGE;
  if (options.from && options.to && options.from > options.to)
    return usage_error (which, "--from %s is after --to %s", from, to);

  store = open_store (db_path);
  if (store == NULL || (all = load_series (store)) == NULL)
    return WM_CLI_EXIT_FAILED;

  area = plan_field (store, "area");
  title = plan_field (store, "title");
  today = wm_date_today_iso ();
  {
    GDate date;
    g_date_clear (&date, 1);
    wm_date_from_iso (today, &date);
    subtitle = g_strdup_printf ("KPI dashboard, %u %s %u", g_date_get_day (&date),
                                (const char *[]) { "January", "February", "March", "April",
                                                   "May", "June", "July", "August",
                                                   "September", "October", "November",
                                                   "December" }[g_date_get_month (&date) - 1],
                                g_date_get_year (&date));
  }
  options.rolling_months = rolling;
  options.dark = dark;
  options.paper = paper && g_ascii_strcasecmp (paper, "a3") == 0 ? WM_KPI_PAPER_A3
                                                                  : WM_KPI_PAPER_A4;
  options.own_label = area;
  options.title = title;
  options.subtitle = subtitle;

  if (dashboard)
    {
      if (!wm_kpi_dashboard_render_to_file (all, output, &options, &error))
        {
          wm_cli_printerr ("%s", error->message);
          return WM_CLI_EXIT_FAILED;
        }
    }
  else
    {
      WmKpiSeries *series = find_series (all, argv[2]);

      if (series == NULL)
        return unknown_kpi (all, argv[2]);
      if (!wm_kpi_chart_render_to_file (series, output, &options, &error))
        {
          wm_cli_printerr ("%s", error->message);
          return WM_CLI_EXIT_FAILED;
        }
    }
  return WM_CLI_EXIT_OK;
}
