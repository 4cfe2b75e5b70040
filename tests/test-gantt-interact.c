/* test-gantt-interact.c: the pure parts of the Gantt's interaction —
 * snapping dragged dates, the rows a collapsed priority leaves, hit
 * testing of bar ends and disclosures, and drawing only the shown rows */
#include <math.h>
#include <string.h>
#include <cairo.h>

#include "test-helpers.h"
#include "wm-gantt-model.h"
#include "wm-gantt-render.h"
#include "wm-sample.h"
#include "wm-store-private.h"

typedef struct
{
  char         *dir;
  WmStore      *store;
  WmGanttModel *model;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = test_dir_new ();
  path = g_build_filename (f->dir, "sample.waymark", NULL);
  f->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (wm_sample_load (f->store, &error));
  g_assert_no_error (error);
  f->model = wm_gantt_model_new_from_store (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->model);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->model, wm_gantt_model_unref);
  g_clear_object (&f->store);
  test_dir_free (f->dir);
}

static int
weekday (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_get_weekday (&date);
}

static void
test_snap (void)
{
  guint32 monday = wm_gantt_julian_from_iso ("2023-09-04");

  g_assert_cmpint (weekday (monday), ==, G_DATE_MONDAY);
  /* month zoom: every day stands */
  for (guint32 d = monday - 10; d < monday + 10; d++)
    g_assert_cmpuint (wm_gantt_snap_day (d, WM_GANTT_ZOOM_MONTH), ==, d);
  /* zoomed out: the nearest Monday, Friday rounding up, Thursday down */
  for (WmGanttZoom zoom = WM_GANTT_ZOOM_QUARTER; zoom <= WM_GANTT_ZOOM_YEAR; zoom++)
    {
      g_assert_cmpuint (wm_gantt_snap_day (monday, zoom), ==, monday);
      g_assert_cmpuint (wm_gantt_snap_day (monday + 1, zoom), ==, monday);
      g_assert_cmpuint (wm_gantt_snap_day (monday + 3, zoom), ==, monday);
      g_assert_cmpuint (wm_gantt_snap_day (monday + 4, zoom), ==, monday + 7);
      g_assert_cmpuint (wm_gantt_snap_day (monday - 1, zoom), ==, monday);
      g_assert_cmpuint (wm_gantt_snap_day (monday - 4, zoom), ==, monday - 7);
      for (guint32 d = monday - 30; d < monday + 30; d++)
        {
          guint32 s = wm_gantt_snap_day (d, zoom);

          g_assert_cmpint (weekday (s), ==, G_DATE_MONDAY);
          g_assert_cmpint (ABS ((gint64) s - (gint64) d), <=, 3);
        }
    }
}

static void
test_map_rows (Fixture       *f,
               gconstpointer  data)
{
  const WmGanttModel *m = f->model;
  g_autofree int *row_of_slot = g_new (int, m->n_rows);
  g_autofree int *slot_of_row = g_new (int, m->n_rows);
  g_autoptr(GHashTable) collapsed = g_hash_table_new (g_str_hash, g_str_equal);
  int p1 = wm_gantt_model_find_row (m, "1.1") - 1;
  int r21 = wm_gantt_model_find_row (m, "2.1");
  int n;

  g_assert_cmpint (m->rows[p1].kind, ==, WM_GANTT_ROW_PRIORITY);
  g_assert_cmpint (m->rows[p1].n_actions, >, 1);

  /* nothing collapsed: every row, in order */
  n = wm_gantt_map_rows (m, collapsed, row_of_slot, slot_of_row);
  g_assert_cmpint (n, ==, (int) m->n_rows);
  for (int i = 0; i < n; i++)
    g_assert_true (row_of_slot[i] == i && slot_of_row[i] == i);
  g_assert_cmpint (wm_gantt_map_rows (m, NULL, row_of_slot, slot_of_row), ==, (int) m->n_rows);

  /* priority 1 collapsed: its header stays, its actions go, the rest
   * move up by as many */
  g_hash_table_add (collapsed, (gpointer) m->rows[p1].id);
  n = wm_gantt_map_rows (m, collapsed, row_of_slot, slot_of_row);
  g_assert_cmpint (n, ==, (int) m->n_rows - m->rows[p1].n_actions);
  g_assert_cmpint (slot_of_row[p1], ==, p1);
  for (int i = p1 + 1; i <= p1 + m->rows[p1].n_actions; i++)
    {
      g_assert_cmpint (m->rows[i].priority_row, ==, p1);
      g_assert_cmpint (slot_of_row[i], ==, -1);
    }
  g_assert_cmpint (slot_of_row[r21], ==, r21 - m->rows[p1].n_actions);
  for (int s = 0; s < n; s++)
    g_assert_cmpint (slot_of_row[row_of_slot[s]], ==, s);
  for (int s = 1; s < n; s++)
    g_assert_cmpint (row_of_slot[s], >, row_of_slot[s - 1]);

  /* every priority collapsed: only the headers */
  for (guint i = 0; i < m->n_rows; i++)
    if (m->rows[i].kind == WM_GANTT_ROW_PRIORITY)
      g_hash_table_add (collapsed, (gpointer) m->rows[i].id);
  n = wm_gantt_map_rows (m, collapsed, row_of_slot, slot_of_row);
  g_assert_cmpint (n, ==, (int) (m->n_rows - m->n_action_rows));
  for (int s = 0; s < n; s++)
    g_assert_cmpint (m->rows[row_of_slot[s]].kind, ==, WM_GANTT_ROW_PRIORITY);
}

/* With priority 1 collapsed, the layout, the hit test and the drawing
 * all follow the shown rows, and a frame draws only those. */
static void
test_collapsed_layout (Fixture       *f,
                       gconstpointer  data)
{
  const WmGanttModel *m = f->model;
  g_autofree int *row_of_slot = g_new (int, m->n_rows);
  g_autofree int *slot_of_row = g_new (int, m->n_rows);
  g_autoptr(GHashTable) collapsed = g_hash_table_new (g_str_hash, g_str_equal);
  int p1 = wm_gantt_model_find_row (m, "1.1") - 1;
  int r21 = wm_gantt_model_find_row (m, "2.1");
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  WmGanttRenderStats stats;
  WmGanttHit hit;
  cairo_surface_t *surface;
  cairo_t *cr;
  int first, n;

  g_hash_table_add (collapsed, (gpointer) m->rows[p1].id);
  wm_render_style_init_light (&style);
  wm_gantt_view_init (&view, m, 1400, 700, WM_GANTT_ZOOM_MONTH);
  g_assert_cmpint (view.selected_row, ==, -1);
  view.show_outline = TRUE;
  view.show_disclosure = TRUE;
  view.row_of_slot = row_of_slot;
  view.slot_of_row = slot_of_row;
  view.n_slots = wm_gantt_map_rows (m, collapsed, row_of_slot, slot_of_row);
  wm_gantt_layout_init (&layout, m, &view, &style);

  g_assert_cmpfloat (wm_gantt_layout_content_height (&layout, m), ==,
                     view.n_slots * layout.row_height);
  /* 2.1 is drawn where priority 1's first action was */
  g_assert_cmpfloat (wm_gantt_layout_y_of_row (&layout, r21), ==,
                     layout.header_height + (r21 - m->rows[p1].n_actions) * layout.row_height);
  g_assert_cmpint (wm_gantt_layout_row_at_y (&layout, m, wm_gantt_layout_y_of_row (&layout, r21) + 3),
                   ==, r21);
  g_assert_cmpint (wm_gantt_layout_row_at_y (&layout, m,
                                             wm_gantt_layout_y_of_row (&layout, p1) + layout.row_height + 3),
                   ==, p1 + 1 + m->rows[p1].n_actions);
  g_assert_cmpfloat (wm_gantt_layout_y_of_row (&layout, p1 + 1), <, -1000);

  /* the disclosure, at the left of the priority's row */
  wm_gantt_layout_hit (&layout, m, layout.unit, wm_gantt_layout_y_of_row (&layout, p1) + 5, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_DISCLOSURE);
  g_assert_cmpint (hit.row, ==, p1);
  wm_gantt_layout_hit (&layout, m, layout.outline_width / 2, wm_gantt_layout_y_of_row (&layout, p1) + 5, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_ROW);

  /* drawing: the rows shown, no hidden one among them */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1400, 700);
  cr = cairo_create (surface);
  view.stats = &stats;
  view.show_dependencies = TRUE;
  view.selected_row = r21;
  wm_gantt_render (cr, m, &view, &style);
  wm_gantt_layout_visible_rows (&layout, m, &first, &n);
  g_assert_cmpint (stats.first_row_drawn, ==, first);
  g_assert_cmpint (stats.last_row_drawn, ==, first + n - 1);
  g_assert_cmpint (stats.rows_drawn, <, n);   /* hidden rows between are skipped */
  g_assert_cmpint (stats.rows_drawn, ==,
                   MIN (view.n_slots,
                        (int) ceil ((layout.rows_bottom - layout.header_height) / layout.row_height)));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  cairo_surface_flush (surface);
  return *(guint32 *) (cairo_image_surface_get_data (surface)
                       + y * cairo_image_surface_get_stride (surface) + x * 4);
}

/* The selected row is tinted with the accent, light and dark; the other
 * rows are drawn as before. */
static void
test_selection_drawn (Fixture       *f,
                      gconstpointer  data)
{
  const WmGanttModel *m = f->model;
  int r12a = wm_gantt_model_find_row (m, "1.2a");
  int r21 = wm_gantt_model_find_row (m, "2.1");

  for (int dark = 0; dark < 2; dark++)
    {
      cairo_surface_t *plain = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1400, 700);
      cairo_surface_t *selected = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1400, 700);
      WmRenderStyle style;
      WmGanttView view;
      WmGanttLayout layout;
      cairo_t *cr;
      double y12a, y21;
      guint32 a, b;

      if (dark)
        wm_render_style_init_dark (&style);
      else
        wm_render_style_init_light (&style);
      wm_gantt_view_init (&view, m, 1400, 700, WM_GANTT_ZOOM_MONTH);
      view.show_outline = TRUE;
      wm_gantt_layout_init (&layout, m, &view, &style);
      cr = cairo_create (plain);
      wm_gantt_render (cr, m, &view, &style);
      cairo_destroy (cr);
      view.selected_row = r12a;
      cr = cairo_create (selected);
      wm_gantt_render (cr, m, &view, &style);
      cairo_destroy (cr);

      y12a = wm_gantt_layout_y_of_row (&layout, r12a) + layout.row_height / 2;
      y21 = wm_gantt_layout_y_of_row (&layout, r21) + layout.row_height / 2;
      /* in the outline's margin, and on the timeline's empty part */
      a = pixel (plain, 3, (int) y12a);
      b = pixel (selected, 3, (int) y12a);
      g_assert_cmphex (a, !=, b);
      /* towards the accent: its strongest channel grows relative to the others */
      {
        double dr = (double) ((b >> 16) & 0xff) - ((a >> 16) & 0xff);
        double db = (double) (b & 0xff) - (a & 0xff);

        g_assert_cmpfloat (db, >, dr);   /* GNOME's accent is blue */
      }
      /* the timeline before the first bar is washed too */
      a = pixel (plain, (int) layout.timeline_x + 3, (int) y12a);
      b = pixel (selected, (int) layout.timeline_x + 3, (int) y12a);
      g_assert_cmphex (a, !=, b);
      /* but the wash is under the bars: their labels keep their contrast */
      {
        const WmGanttStage *stage = &m->stages[m->rows[r12a].first_stage];
        int bx = (int) round (wm_gantt_layout_x_of_day (&layout, stage->start)) + 3;

        g_assert_cmpfloat (wm_gantt_layout_x_of_day (&layout, stage->start), >, layout.timeline_x + 10);
        g_assert_cmphex (pixel (plain, bx, (int) y12a), ==, pixel (selected, bx, (int) y12a));
      }
      g_assert_cmphex (pixel (plain, 3, (int) y21), ==, pixel (selected, 3, (int) y21));
      g_assert_cmphex (pixel (plain, (int) layout.timeline_x + 3, (int) y21), ==,
                       pixel (selected, (int) layout.timeline_x + 3, (int) y21));
      cairo_surface_destroy (plain);
      cairo_surface_destroy (selected);
    }
}

/* A bar's ends within the grip (about 6 pixels) change that date; the
 * middle moves the bar; an action without stages has its own bar. */
static void
test_hit_ends (Fixture       *f,
               gconstpointer  data)
{
  const WmGanttModel *m = f->model;
  int r = wm_gantt_model_find_row (m, "1.2a");
  const WmGanttStage *stage = &m->stages[m->rows[r].first_stage];
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  WmGanttHit hit;
  double x0, x1, y;
  int bare = -1;

  wm_render_style_init_light (&style);
  for (WmGanttZoom zoom = WM_GANTT_ZOOM_MONTH; zoom <= WM_GANTT_ZOOM_QUARTER; zoom++)
    {
      wm_gantt_view_init (&view, m, 1600, 700, zoom);
      view.show_outline = TRUE;
      wm_gantt_layout_init (&layout, m, &view, &style);
      g_assert_cmpfloat (layout.grip, >=, 6);
      x0 = round (wm_gantt_layout_x_of_day (&layout, stage->start));
      x1 = round (wm_gantt_layout_x_of_day (&layout, stage->end + 1.0));
      y = wm_gantt_layout_y_of_row (&layout, r) + layout.bar_offset + layout.bar_height / 2;

      wm_gantt_layout_hit (&layout, m, x0, y, &hit);
      g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_STAGE_START);
      g_assert_cmpint (hit.index, ==, (int) m->rows[r].first_stage);
      wm_gantt_layout_hit (&layout, m, x0 + 5, y, &hit);
      g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_STAGE_START);
      wm_gantt_layout_hit (&layout, m, x1 - 6, y, &hit);
      g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_STAGE_END);
      g_assert_cmpint (hit.row, ==, r);
      wm_gantt_layout_hit (&layout, m, (x0 + x1) / 2, y, &hit);
      g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_STAGE);
      wm_gantt_layout_hit (&layout, m, x0 + layout.grip + 1, y, &hit);
      g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_STAGE);
      /* above the bar, in its row: the row only */
      wm_gantt_layout_hit (&layout, m, (x0 + x1) / 2, wm_gantt_layout_y_of_row (&layout, r) + 1, &hit);
      g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_ROW);
    }

  /* 2.1 without its stages: its own dates are its bar */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) stages = NULL;
    const char *id = m->rows[wm_gantt_model_find_row (m, "2.1")].id;

    stages = wm_store_list (f->store, "stage", "action_id", id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (stages->len, >, 0);
    for (guint i = 0; i < stages->len; i++)
      g_assert_true (wm_store_delete (f->store, "stage",
                                      wm_record_get_id (g_ptr_array_index (stages, i)), &error));
    g_clear_pointer (&f->model, wm_gantt_model_unref);
    f->model = wm_gantt_model_new_from_store (f->store, NULL, &error);
    g_assert_no_error (error);
    m = f->model;
  }
  bare = wm_gantt_model_find_row (m, "2.1");
  g_assert_cmpuint (m->rows[bare].n_stages, ==, 0);
  g_assert_cmpuint (m->rows[bare].due, >, m->rows[bare].start + 30);
  wm_gantt_view_init (&view, m, 1600, 700, WM_GANTT_ZOOM_MONTH);
  view.show_outline = TRUE;
  wm_gantt_layout_init (&layout, m, &view, &style);
  view.scroll_y = MAX (0.0, wm_gantt_layout_y_of_row (&layout, bare) - layout.header_height - 60);
  wm_gantt_layout_init (&layout, m, &view, &style);
  x0 = round (wm_gantt_layout_x_of_day (&layout, m->rows[bare].start));
  x1 = round (wm_gantt_layout_x_of_day (&layout, m->rows[bare].due + 1.0));
  y = wm_gantt_layout_y_of_row (&layout, bare) + layout.bar_offset + layout.bar_height / 2;
  g_assert_cmpfloat (x0, >=, layout.timeline_x);
  wm_gantt_layout_hit (&layout, m, x0 + 1, y, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_ACTION_START);
  g_assert_cmpint (hit.row, ==, bare);
  wm_gantt_layout_hit (&layout, m, x1 - 2, y, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_ACTION_END);
  wm_gantt_layout_hit (&layout, m, MIN ((x0 + x1) / 2, x0 + 60), y, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_ACTION);
  wm_gantt_layout_hit (&layout, m, x1 + 20, y, &hit);
  g_assert_cmpint (hit.kind, !=, WM_GANTT_HIT_ACTION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/gantt-interact/snap", test_snap);
  ADD ("/gantt-interact/map-rows", test_map_rows);
  ADD ("/gantt-interact/collapsed-layout", test_collapsed_layout);
  ADD ("/gantt-interact/selection-drawn", test_selection_drawn);
  ADD ("/gantt-interact/hit-ends", test_hit_ends);
#undef ADD
  return g_test_run ();
}
