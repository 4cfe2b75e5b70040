/* bench-kpi: drawing KPI charts and the dashboard
 *
 * A chart of 120 monthly points (ten years: a real KPI) beside one of
 * 1,000,000 daily points (absurd as data, but it shows that the drawing
 * does not grow with the data: the line is decimated to the pixels it
 * covers) and beside the axes alone (frame, ticks, labels, title and
 * legend: what every chart pays).  The goal (issue 7) is the million-point
 * chart within 3× the 120-point one.  Then the dashboard of 100 KPI cards,
 * each with its sparkline.  All drawn on the same 900 × 500 image surface
 * as the window's chart, interleaved so that a noisy machine slows all
 * alike; medians of this thread's CPU time printed.  Not a test: see
 * TESTING.md.  --only draws one of them, for callgrind.
 */
#define G_LOG_DOMAIN "bench-kpi"

#include <cairo.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "wm-kpi-chart.h"

#define WIDTH  900
#define HEIGHT 500

/* CPU time of this thread, in µs: other processes on a shared machine
 * slow the wall clock, not this */
static gint64
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *samples)
{
  guint n = samples->len;

  g_array_sort (samples, compare_gint64);
  if (n % 2 == 1)
    return g_array_index (samples, gint64, n / 2) / 1000.0;
  return (g_array_index (samples, gint64, n / 2 - 1)
          + g_array_index (samples, gint64, n / 2)) / 2000.0;
}

/* A seeded walk: the same series every run */
static WmKpiSeries *
make_series (const char *code,
             guint       n,
             gboolean    daily,
             GRand      *rand)
{
  WmKpiSeries *series = wm_kpi_series_new (code, "EHC needs assessments completed within 20 "
                                           "weeks", WM_KPI_UNIT_PERCENT,
                                           WM_KPI_HIGHER_IS_BETTER,
                                           daily ? WM_FREQUENCY_DAILY : WM_FREQUENCY_MONTHLY);
  WmPeriod period;
  double value = 50;

  g_array_set_size (series->points, 0);
  wm_period_parse (daily ? "1000-01-01" : "2015-01", WM_FREQUENCY_INVALID, &period, NULL);
  for (guint i = 0; i < n; i++)
    {
      WmKpiPoint point;

      value = CLAMP (value + g_rand_double_range (rand, -3, 3), 0, 100);
      if (daily)
        {
          /* day by day without building a WmPeriod each: the set-up is not timed,
           * but a million GDate conversions are slow to wait for */
          point = (WmKpiPoint) { .period = period, .first_day = wm_period_first_day (&period) + i,
                                 .value = value, .numerator = NAN, .denominator = NAN };
          point.last_day = point.first_day;
          g_array_append_val (series->points, point);
        }
      else
        {
          wm_kpi_series_add_point (series, &period, value, NULL);
          period = wm_period_next (&period);
        }
    }
  wm_kpi_series_set_target (series, 50.3, NAN, FALSE, WM_KPI_RULE_IMPROVING);
  return series;
}

static gint64
time_chart (cairo_t             *cr,
            const WmKpiSeries   *series,
            gboolean             axes_only,
            const WmRenderStyle *style,
            guint               *vertices)
{
  WmKpiChartView view;
  WmKpiChartStats stats;
  gint64 begin;

  wm_kpi_chart_view_init (&view, WIDTH, HEIGHT);
  view.axes_only = axes_only;
  view.stats = &stats;
  begin = now_us ();
  wm_kpi_chart_render (cr, series, &view, style);
  cairo_surface_flush (cairo_get_target (cr));
  if (vertices)
    *vertices = stats.vertices;
  return now_us () - begin;
}

static gint64
time_dashboard (cairo_t             *cr,
                GPtrArray           *cards,
                double               width,
                double               height,
                const WmRenderStyle *style)
{
  gint64 begin = now_us ();

  wm_kpi_dashboard_render (cr, cards, 0, width, height, "Benchmark plan", "100 KPIs", style);
  cairo_surface_flush (cairo_get_target (cr));
  return now_us () - begin;
}

int
main (int    argc,
      char **argv)
{
  gint repeat = 15;
  g_autofree char *only = NULL;
  const GOptionEntry entries[] = {
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Timed runs of each (median)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      "Draw one thing only, for a profiler: small, huge, axes or dashboard", "WHAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time KPI charts and the "
                                                           "dashboard");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(WmKpiSeries) small = NULL;
  g_autoptr(WmKpiSeries) huge = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_kpi_series_unref);
  g_autoptr(GArray) t_small = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) t_huge = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) t_axes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) t_dash = g_array_new (FALSE, FALSE, sizeof (gint64));
  cairo_surface_t *surface, *page;
  cairo_t *cr, *page_cr;
  WmRenderStyle style;
  double small_ms, huge_ms, axes_ms, dash_ms;
  double dash_w = 1380, dash_h = 64 + 25 * (190 + 14);
  guint small_vertices = 0, huge_vertices = 0;
  gint64 begin;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || repeat < 1)
    {
      g_printerr ("bench-kpi: %s\n", error ? error->message : "--repeat must be at least 1");
      return EXIT_FAILURE;
    }

  begin = now_us ();
  small = make_series ("K120", 120, FALSE, rand);
  huge = make_series ("K1M", 1000000, TRUE, rand);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *code = g_strdup_printf ("K%u", i + 1);
      g_ptr_array_add (cards, make_series (code, 36, FALSE, rand));
    }
  g_printerr ("bench-kpi: made the series in %.1f s\n", (now_us () - begin) / 1e6);

  wm_render_style_init_light (&style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  page = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) dash_w, (int) dash_h);
  page_cr = cairo_create (page);

  if (only != NULL)
    {
      for (int i = 0; i < repeat; i++)
        {
          if (g_str_equal (only, "small") || g_str_equal (only, "axes"))
            time_chart (cr, small, g_str_equal (only, "axes"), &style, NULL);
          else if (g_str_equal (only, "huge"))
            time_chart (cr, huge, FALSE, &style, NULL);
          else
            time_dashboard (page_cr, cards, dash_w, dash_h, &style);
        }
      return EXIT_SUCCESS;
    }

  /* One untimed run of each: fonts and glyph caches warm for all */
  time_chart (cr, small, FALSE, &style, NULL);
  /* the first draw of a long series also builds its block summary, once */
  g_printerr ("bench-kpi: first draw of 1,000,000 points (builds the summary): %.2f ms\n",
              time_chart (cr, huge, FALSE, &style, NULL) / 1000.0);
  time_chart (cr, small, TRUE, &style, NULL);
  time_dashboard (page_cr, cards, dash_w, dash_h, &style);
  for (int i = 0; i < repeat; i++)
    {
      gint64 t;

      t = time_chart (cr, small, FALSE, &style, &small_vertices);
      g_array_append_val (t_small, t);
      t = time_chart (cr, huge, FALSE, &style, &huge_vertices);
      g_array_append_val (t_huge, t);
      t = time_chart (cr, small, TRUE, &style, NULL);
      g_array_append_val (t_axes, t);
      t = time_dashboard (page_cr, cards, dash_w, dash_h, &style);
      g_array_append_val (t_dash, t);
    }
  small_ms = median_ms (t_small);
  huge_ms = median_ms (t_huge);
  axes_ms = median_ms (t_axes);
  dash_ms = median_ms (t_dash);
  g_printerr ("bench-kpi: line vertices drawn: %u for 120 points, %u for 1,000,000\n",
              small_vertices, huge_vertices);

  g_print ("kpi chart: 1,000,000 points | %.2f ms | 120 points | %.2f ms | ratio %.2f "
           "(goal < 3)\n", huge_ms, small_ms, small_ms > 0 ? huge_ms / small_ms : 0.0);
  g_print ("kpi chart: 120 points | %.2f ms | axes alone | %.2f ms | ratio %.2f\n",
           small_ms, axes_ms, axes_ms > 0 ? small_ms / axes_ms : 0.0);
  g_print ("kpi dashboard: 100 cards | %.2f ms | one 120-point chart | %.2f ms | ratio %.2f\n",
           dash_ms, small_ms, small_ms > 0 ? dash_ms / small_ms : 0.0);

  cairo_destroy (page_cr);
  cairo_surface_destroy (page);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return EXIT_SUCCESS;
}
