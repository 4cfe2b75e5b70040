/* test-kpi-render: the KPI chart's pixels, decimation, files and words
 * (issue 7) */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "test-helpers.h"
#include "wm-kpi-chart.h"
#include "wm-render-error.h"

#define WIDTH  900
#define HEIGHT 500

static WmKpiSeries *
monthly_series (guint        n,
                const char  *first,
                double     (*value_of) (guint i))
{
  WmKpiSeries *series = wm_kpi_series_new ("K3", "EHC needs assessments completed within "
                                           "20 weeks", WM_KPI_UNIT_PERCENT,
                                           WM_KPI_HIGHER_IS_BETTER, WM_FREQUENCY_MONTHLY);
  WmPeriod period;

  g_assert_true (wm_period_parse (first, WM_FREQUENCY_MONTHLY, &period, NULL));
  for (guint i = 0; i < n; i++)
    {
      wm_kpi_series_add_point (series, &period, value_of (i), NULL);
      period = wm_period_next (&period);
    }
  return series;
}

static double
gentle (guint i)
{
  return 20 + (i % 7);
}

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
} Canvas;

static void
canvas_init (Canvas              *canvas,
             const WmRenderStyle *style)
{
  canvas->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  canvas->cr = cairo_create (canvas->surface);
  cairo_set_source_rgb (canvas->cr, style->background.r, style->background.g,
                        style->background.b);
  cairo_paint (canvas->cr);
}

static void
canvas_clear (Canvas *canvas)
{
  cairo_destroy (canvas->cr);
  cairo_surface_destroy (canvas->surface);
}

/* r, g, b of a pixel, 0..255 */
static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       int             *r,
       int             *g,
       int             *b)
{
  guint32 *row;
  guint32 p;

  cairo_surface_flush (surface);
  row = (guint32 *) (cairo_image_surface_get_data (surface)
                     + y * cairo_image_surface_get_stride (surface));
  p = row[x];
  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}

/* The light style's target line is a dark green: green well above red and blue */
static gboolean
is_target_green (int r,
                 int g,
                 int b)
{
  return g > r + 40 && g > b + 20 && g < 200;
}

static guint
count_in_row (cairo_surface_t *surface,
              int              y,
              int              x0,
              int              x1,
              gboolean       (*test) (int, int, int))
{
  guint n = 0;

  for (int x = x0; x < x1; x++)
    {
      int r, g, b;
      pixel (surface, x, y, &r, &g, &b);
      n += test (r, g, b);
    }
  return n;
}

static void
test_target_line (void)
{
  g_autoptr(WmKpiSeries) series = monthly_series (24, "2023-01", gentle);
  WmRenderStyle style;
  WmKpiChartView view;
  WmKpiChartStats stats;
  WmKpiChartLayout layout;
  Canvas canvas;
  int y, x0, x1;
  guint on_line, above, below;

  wm_render_style_init_light (&style);
  wm_kpi_series_set_target (series, 50.3, NAN, FALSE, WM_KPI_RULE_IMPROVING);
  wm_kpi_chart_view_init (&view, WIDTH, HEIGHT);
  view.stats = &stats;
  canvas_init (&canvas, &style);
  wm_kpi_chart_render (canvas.cr, series, &view, &style);
  wm_kpi_chart_layout (series, &view, &style, &layout);

  /* where the layout puts 50.3%, the line is drawn */
  g_assert_cmpfloat (fabs (stats.target_y - wm_kpi_chart_layout_y (&layout, 50.3)), <=, 1);
  /* the y axis runs from 0: 50.3% is between the bottom and the top */
  g_assert_cmpfloat (layout.y_min, ==, 0);
  g_assert_cmpfloat (layout.y_max, >=, 50.3);

  y = (int) stats.target_y;
  x0 = (int) layout.x + 2;
  x1 = (int) (layout.x + layout.width) - 2;
  on_line = MAX (count_in_row (canvas.surface, y, x0, x1, is_target_green),
                 MAX (count_in_row (canvas.surface, y - 1, x0, x1, is_target_green),
                      count_in_row (canvas.surface, y + 1, x0, x1, is_target_green)));
  above = count_in_row (canvas.surface, y - 8, x0, x1, is_target_green);
  below = count_in_row (canvas.surface, (int) stats.band_bottom + 4, x0, x1, is_target_green);
  g_test_message ("target row %d: %u of %d pixels target-green (8 px above: %u)", y, on_line,
                  x1 - x0, above);
  /* a dashed line: two thirds of the row is ink */
  g_assert_cmpuint (on_line, >, (guint) (x1 - x0) / 2);
  g_assert_cmpuint (above, <, 10);
  g_assert_cmpuint (below, <, 10);
  /* the tolerance band lies below the target (higher is better), 10% of it */
  g_assert_cmpfloat (fabs (stats.band_bottom - wm_kpi_chart_layout_y (&layout, 50.3 * 0.9)),
                     <=, 1);
  canvas_clear (&canvas);
}

static double spike_at_50000 (guint i)
{
  if (i == 50000)
    return 95;
  if (i == 70000)
    return 5;
  return 40 + (i * 7919 % 200) / 10.0;    /* 40 … 60, deterministic */
}

static void
test_decimation_keeps_extremes (void)
{
  g_autoptr(WmKpiSeries) series = wm_kpi_series_new ("D", "Daily", WM_KPI_UNIT_PERCENT,
                                                     WM_KPI_HIGHER_IS_BETTER,
                                                     WM_FREQUENCY_DAILY);
  g_autoptr(GArray) vertices = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  const WmKpiPoint *points;
  WmPeriod period;
  double max = -1, min = 1000;
  guint n = 100000;

  g_assert_true (wm_period_parse ("2000-01-01", WM_FREQUENCY_DAILY, &period, NULL));
  for (guint i = 0; i < n; i++)
    {
      WmKpiPoint point = { .period = period, .first_day = wm_period_first_day (&period) + i,
                           .value = spike_at_50000 (i), .numerator = NAN,
                           .denominator = NAN };
      point.last_day = point.first_day;
      g_array_append_val (series->points, point);
    }
  points = (const WmKpiPoint *) series->points->data;
  wm_kpi_decimate (points, n, points[0].first_day, 0, 800.0 / n, vertices);
  for (guint i = 0; i < vertices->len; i++)
    {
      double v = ((double *) vertices->data)[2 * i + 1];
      max = MAX (max, v);
      min = MIN (min, v);
    }
  g_test_message ("%u points → %u vertices", n, vertices->len);
  g_assert_cmpuint (vertices->len, <=, 4 * 801);
  g_assert_cmpfloat (max, ==, 95);
  g_assert_cmpfloat (min, ==, 5);

  /* and the drawing reaches the spike's height in the spike's column */
  {
    WmRenderStyle style;
    WmKpiChartView view;
    WmKpiChartLayout layout;
    Canvas canvas;
    double x, y;
    gboolean found = FALSE;

    wm_render_style_init_light (&style);
    wm_kpi_chart_view_init (&view, WIDTH, HEIGHT);
    canvas_init (&canvas, &style);
    wm_kpi_chart_render (canvas.cr, series, &view, &style);
    wm_kpi_chart_layout (series, &view, &style, &layout);
    x = wm_kpi_chart_layout_x (&layout, points[50000].first_day + 0.5);
    y = wm_kpi_chart_layout_y (&layout, 95);
    for (int dx = -2; dx <= 2 && !found; dx++)
      for (int dy = -2; dy <= 2 && !found; dy++)
        {
          int r, g, b;
          pixel (canvas.surface, (int) x + dx, (int) y + dy, &r, &g, &b);
          found = b > r + 60;   /* the accent blue */
        }
    g_assert_true (found);
    canvas_clear (&canvas);
  }
}

static double
with_gap (guint i)
{
  return i == 5 ? NAN : 10 + i;
}

static void
test_gaps (void)
{
  g_autoptr(WmKpiSeries) series = monthly_series (10, "2023-01", with_gap);
  g_autoptr(GArray) vertices = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  guint gaps = 0;

  wm_kpi_decimate (points, series->points->len, points[0].first_day, 0, 2.0, vertices);
  for (guint i = 0; i < vertices->len; i++)
    gaps += isnan (((double *) vertices->data)[2 * i]);
  /* a missing value is a gap, never a zero */
  g_assert_cmpuint (gaps, ==, 1);
  for (guint i = 0; i < vertices->len; i++)
    g_assert_true (isnan (((double *) vertices->data)[2 * i + 1])
                   || ((double *) vertices->data)[2 * i + 1] >= 10);
  g_array_set_size (vertices, 0);

  /* a month with no row at all is a gap too */
  g_array_remove_index (series->points, 5);
  wm_kpi_decimate ((const WmKpiPoint *) series->points->data, series->points->len,
                   points[0].first_day, 0, 2.0, vertices);
  gaps = 0;
  for (guint i = 0; i < vertices->len; i++)
    gaps += isnan (((double *) vertices->data)[2 * i]);
  g_assert_cmpuint (gaps, ==, 1);
}

static double
k3_values (guint i)
{
  static const double v[] = { 0.8, 0.5, 0, 0, 0, 2.1, 5.6, 11, 7.9, 6.4, 6.1, 5.2 };
  return v[i];
}

static void
test_words (void)
{
  g_autoptr(WmKpiSeries) series = monthly_series (12, "2023-05", k3_values);
  g_autofree char *rating = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *point = NULL;
  WmPeriod year;

  wm_kpi_series_set_target (series, 50.3, NAN, FALSE, WM_KPI_RULE_IMPROVING);
  g_assert_true (wm_period_parse ("2024", WM_FREQUENCY_ANNUAL, &year, NULL));
  wm_kpi_series_add_benchmark_point (series, "England", &year, 46.4);
  rating = wm_kpi_describe_rating (series);
  latest = wm_kpi_describe_latest (series);
  g_assert_cmpstr (latest, ==, "5.2% (Apr 2024)");
  g_assert_cmpstr (rating, ==, "Latest 5.2% (Apr 2024): Red, 45.1 percentage points below the "
                               "target of at least 50.3%; worse than Mar 2024 (6.1%).");
  point = wm_kpi_describe_point (series, 11);
  g_assert_cmpstr (point, ==, "Apr 2024: 5.2%\nEngland 2024: 46.4%");
}

static void
test_files (void)
{
  g_autoptr(WmKpiSeries) series = monthly_series (24, "2023-01", gentle);
  g_autofree char *dir = test_dir_new ();
  const char *names[] = { "k3.png", "k3.svg", "k3.pdf", "dash.pdf", "dash.png" };
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = g_build_filename (dir, "k3.jpg", NULL);

  g_ptr_array_add (all, series);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      gboolean ok = g_str_has_prefix (names[i], "dash")
                    ? wm_kpi_dashboard_render_to_file (all, path, NULL, &error)
                    : wm_kpi_chart_render_to_file (series, path, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      if (g_str_has_suffix (names[i], ".png"))
        g_assert_cmpmem (contents, 4, "\x89PNG", 4);
      else if (g_str_has_suffix (names[i], ".pdf"))
        g_assert_cmpmem (contents, 5, "%PDF-", 5);
      else
        g_assert_nonnull (strstr (contents, "<svg"));
    }
  g_assert_false (wm_kpi_chart_render_to_file (series, bad, NULL, &error));
  g_assert_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_FORMAT);
  test_dir_free (g_steal_pointer (&dir));
}

static void
test_dark_and_empty (void)
{
  g_autoptr(WmKpiSeries) empty = wm_kpi_series_new ("K9", "Nothing yet", WM_KPI_UNIT_COUNT,
                                                    WM_KPI_HIGHER_IS_BETTER,
                                                    WM_FREQUENCY_QUARTERLY);
  WmRenderStyle style;
  WmKpiChartView view;
  WmKpiChartStats stats;
  Canvas canvas;

  wm_render_style_init_dark (&style);
  wm_kpi_chart_view_init (&view, WIDTH, HEIGHT);
  view.stats = &stats;
  canvas_init (&canvas, &style);
  wm_kpi_chart_render (canvas.cr, empty, &view, &style);
  wm_kpi_card_render (canvas.cr, empty, 0, 0, 300, 180, &style);
  g_assert_cmpuint (stats.points_in_range, ==, 0);
  g_assert_cmpfloat (stats.target_y, ==, -1);
  g_assert_cmpint (cairo_status (canvas.cr), ==, CAIRO_STATUS_SUCCESS);
  canvas_clear (&canvas);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kpi-render/target-line", test_target_line);
  g_test_add_func ("/kpi-render/decimation-keeps-extremes", test_decimation_keeps_extremes);
  g_test_add_func ("/kpi-render/gaps", test_gaps);
  g_test_add_func ("/kpi-render/words", test_words);
  g_test_add_func ("/kpi-render/files", test_files);
  g_test_add_func ("/kpi-render/dark-and-empty", test_dark_and_empty);
  return g_test_run ();
}
