/* test-heatmap.c: the risk heat map's drawing: markers land in their
 * cells, markers never overlap however many share a cell, the text for
 * screen readers lists every risk, the score-over-time chart draws */
#include <math.h>
#include <string.h>

#include "test-helpers.h"
#include "wm-heatmap.h"
#include "wm-risk.h"
#include "wm-risk-scheme.h"
#include "wm-store.h"

typedef struct
{
  char    *dir;
  WmStore *store;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plan = NULL;

  fixture->dir = test_dir_new ();
  path = g_build_filename (fixture->dir, "plan.waymark", NULL);
  fixture->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  plan = wm_store_create_plan (fixture->store, "Testshire", "Test plan", &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_clear_object (&fixture->store);
  test_dir_free (fixture->dir);
}

static void
add_risk (WmStore    *store,
          const char *ref,
          int         l_before,
          int         i_before,
          int         l_after,
          int         i_after)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_hash_table_insert (values, "ref", g_strdup (ref));
  g_hash_table_insert (values, "description", g_strdup_printf ("Risk %s", ref));
  if (l_before > 0)
    {
      g_hash_table_insert (values, "likelihood_before", g_strdup_printf ("%d", l_before));
      g_hash_table_insert (values, "impact_before", g_strdup_printf ("%d", i_before));
    }
  if (l_after > 0)
    {
      g_hash_table_insert (values, "likelihood_after", g_strdup_printf ("%d", l_after));
      g_hash_table_insert (values, "impact_after", g_strdup_printf ("%d", i_after));
    }
  id = wm_risk_create (store, values, "Test", WM_RISK_WRITE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
overlaps (const WmHeatmapRect *a,
          const WmHeatmapRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
inside (const WmHeatmapRect *inner,
        const WmHeatmapRect *outer)
{
  return inner->x >= outer->x && inner->y >= outer->y
         && inner->x + inner->width <= outer->x + outer->width
         && inner->y + inner->height <= outer->y + outer->height;
}

/* Every rectangle drawn (markers not folded, and count badges), once. */
static GArray *
drawn_rects (WmHeatmapLayout *layout)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (WmHeatmapRect));
  GArray *markers = wm_heatmap_layout_markers (layout);
  GArray *badges = wm_heatmap_layout_badges (layout);

  for (guint i = 0; i < markers->len; i++)
    if (!g_array_index (markers, WmHeatmapMarker, i).folded)
      g_array_append_val (rects, g_array_index (markers, WmHeatmapMarker, i).rect);
  for (guint i = 0; i < badges->len; i++)
    g_array_append_val (rects, g_array_index (badges, WmHeatmapBadge, i).rect);
  return rects;
}

static void
assert_no_overlap (WmHeatmapLayout *layout)
{
  g_autoptr(GArray) rects = drawn_rects (layout);

  for (guint i = 0; i < rects->len; i++)
    for (guint j = i + 1; j < rects->len; j++)
      if (overlaps (&g_array_index (rects, WmHeatmapRect, i),
                    &g_array_index (rects, WmHeatmapRect, j)))
        g_error ("markers %u and %u overlap", i, j);
}

static const WmHeatmapMarker *
marker_of (WmHeatmapLayout *layout,
           const char      *ref,
           WmRiskStage      stage)
{
  GArray *markers = wm_heatmap_layout_markers (layout);

  for (guint i = 0; i < markers->len; i++)
    {
      const WmHeatmapMarker *m = &g_array_index (markers, WmHeatmapMarker, i);

      if (m->stage == stage && g_str_equal (wm_risk_get_ref (m->risk), ref))
        return m;
    }
  return NULL;
}

static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          double          *r,
          double          *g,
          double          *b)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(guint32 *) (data + y * stride + x * 4);

  *r = ((pixel >> 16) & 0xff) / 255.0;
  *g = ((pixel >> 8) & 0xff) / 255.0;
  *b = (pixel & 0xff) / 255.0;
}

static void
test_marker_in_cell (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_load (fixture->store, &error);
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(WmHeatmapLayout) layout = NULL;
  const WmHeatmapMarker *before, *after;
  WmHeatmapRect cell_before, cell_after;
  WmRenderStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  double r, g, b, cr_, cg, cb;
  WmColour extreme;

  add_risk (fixture->store, "RR8", 4, 5, 2, 3);
  risks = wm_risk_list (fixture->store, scheme, &error);
  g_assert_no_error (error);

  wm_render_style_init_light (&style);
  layout = wm_heatmap_layout_new (scheme, risks, 900, 650, NULL, &style);
  g_assert_cmpint (wm_heatmap_layout_n_columns (layout), ==, 5);
  g_assert_cmpint (wm_heatmap_layout_n_rows (layout), ==, 5);

  /* Likelihood 4 (row 3 from the bottom), impact 5 (column 4) */
  before = marker_of (layout, "RR8", WM_RISK_INHERENT);
  after = marker_of (layout, "RR8", WM_RISK_RESIDUAL);
  g_assert_nonnull (before);
  g_assert_nonnull (after);
  g_assert_cmpint (before->column, ==, 4);
  g_assert_cmpint (before->row, ==, 3);
  g_assert_cmpint (after->column, ==, 2);
  g_assert_cmpint (after->row, ==, 1);
  cell_before = wm_heatmap_layout_cell (layout, 4, 3);
  cell_after = wm_heatmap_layout_cell (layout, 2, 1);
  g_assert_true (inside (&before->rect, &cell_before));
  g_assert_true (inside (&after->rect, &cell_after));
  /* The upper rows are higher on the page */
  g_assert_cmpfloat (cell_before.y, <, cell_after.y);

  /* Drawn: the residual marker's pixels are its dark fill, in that cell;
   * the cell around it keeps its band's colour (Extreme, before). */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 650);
  cr = cairo_create (surface);
  wm_heatmap_render_layout (cr, layout, &style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  pixel_at (surface, (int) (after->rect.x + 3), (int) (after->rect.y + after->rect.height / 2),
            &r, &g, &b);
  g_assert_cmpfloat (r + g + b, <, 1.0);
  g_assert_true (wm_colour_parse ("#ed333b", &extreme));
  pixel_at (surface, (int) (cell_before.x + cell_before.width - 4),
            (int) (cell_before.y + cell_before.height - 4), &cr_, &cg, &cb);
  g_assert_cmpfloat (fabs (cr_ - extreme.r), <, 0.02);
  g_assert_cmpfloat (fabs (cg - extreme.g), <, 0.02);
  g_assert_cmpfloat (fabs (cb - extreme.b), <, 0.02);
  /* The inherent marker is outlined: pale inside */
  pixel_at (surface, (int) (before->rect.x + 4), (int) (before->rect.y + before->rect.height / 2),
            &r, &g, &b);
  g_assert_cmpfloat (r + g + b, >, 2.4);
  cairo_surface_destroy (surface);

  /* Hit testing finds it */
  g_assert_true (wm_heatmap_layout_marker_at (layout, after->rect.x + 2, after->rect.y + 2)
                 == after);
}

static void
test_many_in_one_cell (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_load (fixture->store, &error);
  g_autoptr(GPtrArray) risks = NULL;
  WmRenderStyle style;
  const struct { double w, h; } sizes[] = { { 1200, 800 }, { 640, 480 }, { 300, 260 },
                                            { 140, 120 } };

  for (int i = 1; i <= 60; i++)
    {
      g_autofree char *ref = g_strdup_printf ("RR%d", i);
      add_risk (fixture->store, ref, 3, 3, 3, 3);
    }
  add_risk (fixture->store, "RR61", 5, 5, 1, 1);
  risks = wm_risk_list (fixture->store, scheme, &error);
  g_assert_no_error (error);
  wm_render_style_init_light (&style);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(WmHeatmapLayout) layout = wm_heatmap_layout_new (scheme, risks, sizes[s].w,
                                                                 sizes[s].h, NULL, &style);
      g_autoptr(GPtrArray) in_cell = wm_heatmap_layout_risks_in_cell (layout, 2, 2);
      WmHeatmapRect cell = wm_heatmap_layout_cell (layout, 2, 2);
      GArray *badges = wm_heatmap_layout_badges (layout);
      guint folded = 0, counted = 0;

      g_test_message ("%.0f×%.0f", sizes[s].w, sizes[s].h);
      /* 60 risks × before and after, all in the middle cell */
      g_assert_cmpuint (in_cell->len, ==, 120);
      assert_no_overlap (layout);
      for (guint i = 0; i < in_cell->len; i++)
        {
          const WmHeatmapMarker *m = in_cell->pdata[i];

          g_assert_true (inside (&m->rect, &cell));
          folded += m->folded;
        }
      for (guint i = 0; i < badges->len; i++)
        if (g_array_index (badges, WmHeatmapBadge, i).column == 2
            && g_array_index (badges, WmHeatmapBadge, i).row == 2)
          counted += g_array_index (badges, WmHeatmapBadge, i).count;
      /* What does not fit is counted, never hidden */
      g_assert_cmpuint (folded, >, 0);
      g_assert_cmpuint (counted, ==, folded);

      /* RR61 has its cells to itself and is drawn whole, where a marker fits */
      if (sizes[s].w >= 640)
        g_assert_false (marker_of (layout, "RR61", WM_RISK_INHERENT)->folded);
    }
}

static void
test_selected_never_folded (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_load (fixture->store, &error);
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(WmHeatmapLayout) layout = NULL;
  WmHeatmapOptions options;
  WmRenderStyle style;
  const WmHeatmapMarker *m;

  for (int i = 1; i <= 40; i++)
    {
      g_autofree char *ref = g_strdup_printf ("RR%d", i);
      add_risk (fixture->store, ref, 2, 2, 0, 0);
    }
  risks = wm_risk_list (fixture->store, scheme, &error);
  wm_render_style_init_light (&style);
  wm_heatmap_options_init (&options);
  options.selected_id = wm_risk_get_id (risks->pdata[39]);
  layout = wm_heatmap_layout_new (scheme, risks, 500, 400, &options, &style);
  m = marker_of (layout, "RR40", WM_RISK_INHERENT);
  g_assert_false (m->folded);
  assert_no_overlap (layout);
}

static void
test_severity_grid (void)
{
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_new_three_level ();
  g_autoptr(WmHeatmapLayout) layout = NULL;
  g_autoptr(WmHeatmapLayout) residual = NULL;
  WmHeatmapOptions options;
  WmRenderStyle style;

  wm_render_style_init_dark (&style);
  layout = wm_heatmap_layout_new (scheme, NULL, 800, 500, NULL, &style);
  g_assert_cmpint (wm_heatmap_layout_n_columns (layout), ==, 3);
  g_assert_cmpint (wm_heatmap_layout_n_rows (layout), ==, 2);
  wm_heatmap_options_init (&options);
  options.residual_only = TRUE;
  residual = wm_heatmap_layout_new (scheme, NULL, 800, 500, &options, &style);
  g_assert_cmpint (wm_heatmap_layout_n_rows (residual), ==, 1);
}

static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_load (fixture->store, &error);
  g_autoptr(GPtrArray) risks = NULL;
  g_autofree char *text = NULL;

  add_risk (fixture->store, "RR1", 2, 2, 1, 1);
  add_risk (fixture->store, "RR8", 4, 5, 2, 3);
  add_risk (fixture->store, "RR9", 0, 0, 0, 0);
  risks = wm_risk_list (fixture->store, scheme, &error);
  text = wm_heatmap_describe (scheme, risks, NULL);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "3 risks"));
  g_assert_nonnull (strstr (text, "RR8, Risk RR8: before mitigation likelihood 4 Likely, impact 5 "
                                  "Catastrophic: score 20, Extreme; after mitigation likelihood 2 "
                                  "Unlikely, impact 3 Moderate: score 6, Moderate"));
  /* highest residual first */
  g_assert_true (strstr (text, "RR8,") < strstr (text, "RR1,"));
  g_assert_nonnull (strstr (text, "RR9, Risk RR9: before mitigation not scored"));
  g_assert_nonnull (strstr (text, "1 risk is not yet scored"));
}

static void
test_trend_chart (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) change = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) risks = NULL;
  WmRiskHistoryEntry old = { .date = "2024-01-01", .likelihood_before = 4, .impact_before = 5,
                             .score_before = 20, .likelihood_after = 4, .impact_after = 4,
                             .score_after = 16 };
  WmRenderStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint dark = 0;

  add_risk (fixture->store, "RR1", 4, 5, 3, 4);
  risks = wm_risk_list (fixture->store, NULL, &error);
  g_assert_true (wm_risk_add_history (fixture->store, wm_risk_get_id (risks->pdata[0]), &old,
                                      &error));
  g_hash_table_insert (change, "likelihood_after", "2");
  g_assert_true (wm_risk_update (fixture->store, wm_risk_get_id (risks->pdata[0]), change, "Test",
                                 WM_RISK_WRITE_REVIEWED, NULL, &error));
  g_clear_pointer (&risks, g_ptr_array_unref);
  risks = wm_risk_list (fixture->store, NULL, &error);
  g_assert_cmpuint (wm_risk_get_history (risks->pdata[0])->len, ==, 3);

  wm_render_style_init_light (&style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 160);
  cr = cairo_create (surface);
  wm_risk_trend_render (cr, risks->pdata[0], 400, 160, &style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* the line is drawn: dark pixels inside the plot */
  for (int x = 40; x < 390; x++)
    for (int y = 30; y < 130; y++)
      {
        double r, g, b;

        pixel_at (surface, x, y, &r, &g, &b);
        dark += r + g + b < 0.6;
      }
  g_assert_cmpuint (dark, >, 100);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/heatmap/marker-in-cell", Fixture, NULL, setup, test_marker_in_cell, teardown);
  g_test_add ("/heatmap/many-in-one-cell", Fixture, NULL, setup, test_many_in_one_cell, teardown);
  g_test_add ("/heatmap/selected-never-folded", Fixture, NULL, setup, test_selected_never_folded,
              teardown);
  g_test_add_func ("/heatmap/severity-grid", test_severity_grid);
  g_test_add ("/heatmap/describe", Fixture, NULL, setup, test_describe, teardown);
  g_test_add ("/heatmap/trend-chart", Fixture, NULL, setup, test_trend_chart, teardown);

  return g_test_run ();
}
