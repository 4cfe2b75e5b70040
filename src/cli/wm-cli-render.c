/* wm-cli-render.c: waymark-cli render gantt -o FILE.png|svg|pdf
 *
 * The same drawing as the window's Gantt (src/render), written to a file
 * for a board pack, an email or a slide.  The command line uses render
 * but never GTK: it runs where no display is.
 */
#define G_LOG_DOMAIN "wm-cli"

#include "config.h"

#include <string.h>

#include "wm-cli-kpi.h"
#include "wm-cli-risk.h"
#include "wm-cli-plan.h"
#include "wm-cli-render.h"
#include "wm-date.h"
#include "wm-gantt-model.h"
#include "wm-gantt-render.h"
#include "wm-store.h"

#define USAGE "waymark-cli --db PATH render gantt -o FILE.png|svg|pdf [--from DATE] [--to DATE] " \
              "[--zoom month|quarter|year] [--baseline] [--dependencies] [--paper a4|a3] " \
              "[--dark] [--today DATE]"

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
  g_printerr ("usage: %s\n", USAGE);
  return WM_CLI_EXIT_USAGE;
}

/* "2023-04-01", "April 2023", "Apr-23": a month alone means its first day
 * for --from and its last for --to, so "--from Apr-23 --to Sep-23" shows
 * whole months. */
static gboolean
parse_day (const char *option,
           const char *text,
           gboolean    month_start,
           guint32    *julian)
{
  GDate date;
  WmDatePrecision precision;

  g_date_clear (&date, 1);
  precision = wm_date_parse (text, &date);
  if (precision == WM_DATE_NONE || !g_date_valid (&date))
    {
      usage_error ("%s “%s” is not a date: write it as YYYY-MM-DD or “April 2023”", option, text);
      return FALSE;
    }
  if (precision == WM_DATE_MONTH && month_start)
    g_date_set_day (&date, 1);
  *julian = g_date_get_julian (&date);
  return TRUE;
}

int
wm_cli_render_main (const char  *db_path,
                    int          argc,
                    char       **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *zoom = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *today = NULL;
  gboolean baseline = FALSE, dependencies = FALSE, dark = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The file to write: .png, .svg or .pdf", "FILE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      "First day shown (default: the plan's first month)", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      "Last day shown (default: the end of the plan's last bar or phase)", "DATE" },
    { "zoom", 0, 0, G_OPTION_ARG_STRING, &zoom, "month (default), quarter or year",
      "ZOOM" },
    { "baseline", 0, 0, G_OPTION_ARG_NONE, &baseline,
      "Show the baseline under the current bars", NULL },
    { "dependencies", 0, 0, G_OPTION_ARG_NONE, &dependencies, "Show dependency arrows", NULL },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, "PDF pages: a4 (default) or a3, landscape",
      "PAPER" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark colours (PNG and SVG for slides)", NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today,
      "Judge overdue and missed against DATE instead of today", "DATE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("gantt");
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmGanttModel) model = NULL;
  WmGanttExportOptions options;
  gboolean parsed;

  /* KPI charts and the dashboard (issue 7) read their own options */
  if (argc > 1 && (g_str_equal (argv[1], "kpi") || g_str_equal (argv[1], "dashboard")))
    return wm_cli_kpi_render_main (db_path, argc, argv);
  /* The risk heat map (issue 5) reads its own options */
  if (argc > 1 && g_str_equal (argv[1], "heatmap"))
    return wm_cli_risk_render_heatmap (db_path, argc - 1, argv + 1);

  g_option_context_set_summary (context,
                                "Draw the action plan's Gantt as a PNG or SVG picture, or as a\n"
                                "PDF split over A4 or A3 landscape pages, each with the title,\n"
                                "header, outline, legend and page number.");
  g_option_context_add_main_entries (context, entries, NULL);
  /* "Usage: waymark-cli --db PATH render …" in --help */
  g_set_prgname ("waymark-cli --db PATH render");
  parsed = g_option_context_parse (context, &argc, &argv, &error);
  g_set_prgname (prgname);
  if (!parsed)
    return usage_error ("%s", error->message);

  if (argc < 2)
    return usage_error ("say what to render: gantt");
  if (!g_str_equal (argv[1], "gantt"))
    return usage_error ("“%s” cannot be rendered: choose gantt, heatmap, kpi or dashboard",
                        argv[1]);
  if (argc > 2)
    return usage_error ("unexpected argument “%s”", argv[2]);
  if (db_path == NULL)
    return usage_error ("no database given: put --db PATH before the command");
  if (output == NULL)
    return usage_error ("say where to write the Gantt: -o FILE.png, FILE.svg or FILE.pdf");

  wm_gantt_export_options_init (&options);
  options.show_baseline = baseline;
  options.show_dependencies = dependencies;
  options.dark = dark;
  if (zoom == NULL || g_ascii_strcasecmp (zoom, "month") == 0)
    options.zoom = WM_GANTT_ZOOM_MONTH;
  else if (g_ascii_strcasecmp (zoom, "quarter") == 0)
    options.zoom = WM_GANTT_ZOOM_QUARTER;
  else if (g_ascii_strcasecmp (zoom, "year") == 0)
    options.zoom = WM_GANTT_ZOOM_YEAR;
  else
    return usage_error ("--zoom “%s”: choose month, quarter or year", zoom);
  if (paper == NULL || g_ascii_strcasecmp (paper, "a4") == 0)
    options.paper = WM_GANTT_PAPER_A4;
  else if (g_ascii_strcasecmp (paper, "a3") == 0)
    options.paper = WM_GANTT_PAPER_A3;
  else
    return usage_error ("--paper “%s”: choose a4 or a3", paper);
  if (from != NULL && !parse_day ("--from", from, TRUE, &options.from))
    return WM_CLI_EXIT_USAGE;
  if (to != NULL && !parse_day ("--to", to, FALSE, &options.to))
    return WM_CLI_EXIT_USAGE;
  if (today != NULL && !parse_day ("--today", today, TRUE, &options.today))
    return WM_CLI_EXIT_USAGE;
  if (options.from && options.to && options.to < options.from)
    return usage_error ("--to is before --from: the period must end after it starts");

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (db_path);
      wm_cli_printerr ("“%s” does not exist. Create it with: waymark-cli --db PATH init",
                       display);
      return WM_CLI_EXIT_FAILED;
    }
  store = wm_store_open (db_path, WM_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    model = wm_gantt_model_new_from_store (store, NULL, &error);
  if (model == NULL)
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  if (options.today)
    wm_gantt_model_set_today (model, options.today);

  if (!wm_gantt_render_to_file (model, output, &options, &error))
    {
      wm_cli_printerr ("%s", error->message);
      return WM_CLI_EXIT_FAILED;
    }
  return WM_CLI_EXIT_OK;
}
