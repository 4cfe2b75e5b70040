/* test-gantt.c: the Gantt model, its layout maths and its drawing */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>

#include "test-helpers.h"
#include "wm-gantt-model.h"
#include "wm-gantt-render.h"
#include "wm-render-error.h"
#include "wm-sample.h"
#include "wm-store-private.h"

typedef struct
{
  char         *dir;
  WmStore      *store;
  WmGanttModel *model;
} Fixture;

static guint32
day (const char *iso)
{
  guint32 julian = wm_gantt_julian_from_iso (iso);

  g_assert_cmpuint (julian, >, 0);
  return julian;
}

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
  /* The sample's progress notes are dated 10 August 2023 */
  wm_gantt_model_set_today (f->model, day ("2023-08-10"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->model, wm_gantt_model_unref);
  g_clear_object (&f->store);
  test_dir_free (f->dir);
}

/* ---- dates ---- */

static void
test_julian (void)
{
  static const char *const dates[] = {
    "0001-01-01", "1970-01-01", "2000-02-29", "2023-03-01", "2024-02-29", "2024-12-31",
    "2100-03-01",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      GDate date;
      g_autofree char *back = NULL;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) atoi (dates[i] + 8), (GDateMonth) atoi (dates[i] + 5),
                      (GDateYear) atoi (dates[i]));
      g_assert_cmpuint (wm_gantt_julian_from_iso (dates[i]), ==, g_date_get_julian (&date));
      back = wm_gantt_julian_to_iso (wm_gantt_julian_from_iso (dates[i]));
      g_assert_cmpstr (back, ==, dates[i]);
    }
  g_assert_cmpuint (wm_gantt_julian_from_iso (NULL), ==, 0);
  g_assert_cmpuint (wm_gantt_julian_from_iso ("TBC"), ==, 0);
  g_assert_cmpuint (wm_gantt_julian_from_iso ("2023-02-29"), ==, 0);
  g_assert_cmpuint (wm_gantt_julian_from_iso ("2023-13-01"), ==, 0);
  g_assert_cmpuint (wm_gantt_julian_from_iso ("2023-1-01"), ==, 0);
}

/* ---- the model ---- */

static void
test_model_rows (Fixture       *f,
                 gconstpointer  data)
{
  static const char *const codes[] = {
    "1", "1.1", "1.2a", "1.2b", "1.3a", "1.3b",
    "2", "2.1", "2.2a", "2.2b", "2.3", "2.4",
    "3", "3.1", "3.2", "3.3",
  };
  const WmGanttModel *m = f->model;
  guint priorities = 0;

  g_assert_cmpstr (m->plan_area, ==, "Leicestershire");
  g_assert_cmpuint (m->plan_start, ==, day ("2023-03-01"));
  g_assert_cmpuint (m->n_rows, ==, G_N_ELEMENTS (codes));
  g_assert_cmpuint (m->n_action_rows, ==, 13);
  for (guint i = 0; i < m->n_rows; i++)
    {
      const WmGanttRow *row = &m->rows[i];

      g_assert_cmpstr (row->code, ==, codes[i]);
      if (strchr (codes[i], '.') == NULL)
        {
          g_assert_cmpint (row->kind, ==, WM_GANTT_ROW_PRIORITY);
          priorities++;
        }
      else
        {
          g_assert_cmpint (row->kind, ==, WM_GANTT_ROW_ACTION);
          g_assert_cmpint (m->rows[row->priority_row].kind, ==, WM_GANTT_ROW_PRIORITY);
          g_assert_true (g_str_has_prefix (row->code, m->rows[row->priority_row].code));
          g_assert_cmpuint (row->n_stages, >=, 2);
          g_assert_cmpuint (row->n_stages, <=, 5);
        }
    }
  g_assert_cmpuint (priorities, ==, 3);
  g_assert_cmpint (m->rows[0].n_actions, ==, 5);
  g_assert_cmpint (m->rows[6].n_actions, ==, 5);
  g_assert_cmpint (m->rows[12].n_actions, ==, 3);
  g_assert_cmpstr (m->rows[0].title, ==,
                   "Quality of EHC Plans following initial EHC Needs Assessment");
  g_assert_cmpstr (m->rows[1].lead, ==, "Head of Change (TSIL) / SENA Service Manager (LCC) +1");
  g_assert_cmpint (wm_gantt_model_find_row (m, "2.2A"), ==, 8);
  g_assert_cmpint (wm_gantt_model_find_row (m, "9.9"), ==, -1);

  /* the rating scale, in order, for the legend */
  g_assert_cmpuint (m->n_ratings, ==, 5);
  g_assert_cmpstr (m->ratings[0].label, ==, "Blue");
  g_assert_true (m->ratings[0].is_complete);
  g_assert_cmpstr (m->ratings[1].code, ==, "G");
  g_assert_cmpstr (m->ratings[1].colour, ==, "#2ec27e");
  g_assert_cmpstr (wm_gantt_model_get_row_rating (m, 1)->label, ==, "Green");
  g_assert_cmpstr (wm_gantt_model_get_row_rating (m, 13)->label, ==, "Blue");
  g_assert_null (wm_gantt_model_get_row_rating (m, 0));
}

static void
test_model_stages (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *label, *start, *end; } expected[] = {
    { "Process developed and agreed", "2023-04-01", "2023-06-30" },
    { "3 month trial evaluated and final signed off", "2023-07-01", "2023-09-30" },
    { "Embed process into daily operations", "2023-10-01", "2023-12-31" },
    { "sustain", "2024-01-01", "2024-08-31" },
  };
  const WmGanttModel *m = f->model;
  const WmGanttRow *row = &m->rows[wm_gantt_model_find_row (m, "1.1")];

  g_assert_cmpuint (row->start, ==, day ("2023-04-01"));
  g_assert_cmpuint (row->due, ==, day ("2023-09-30"));
  g_assert_cmpuint (row->completed, ==, 0);
  g_assert_cmpuint (row->n_stages, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < row->n_stages; i++)
    {
      const WmGanttStage *stage = &m->stages[row->first_stage + i];

      g_assert_cmpstr (stage->label, ==, expected[i].label);
      g_assert_cmpuint (stage->start, ==, day (expected[i].start));
      g_assert_cmpuint (stage->end, ==, day (expected[i].end));
      g_assert_cmpuint (stage->baseline_start, ==, 0);
    }
  /* 1.1's own milestones: months 3, 6 and 9 */
  g_assert_cmpuint (row->n_milestones, ==, 3);
  g_assert_cmpstr (m->milestones[row->first_milestone].code, ==, "1.1 M3");
  g_assert_cmpuint (m->milestones[row->first_milestone].due, ==, day ("2023-06-30"));
  g_assert_cmpstr (m->milestones[row->first_milestone + 2].code, ==, "1.1 M9");

  /* plan milestones, phases and key dates, as dates */
  g_assert_cmpuint (m->n_plan_milestones, ==, 4);
  g_assert_cmpstr (m->plan_milestones[0].code, ==, "MS3");
  g_assert_cmpuint (m->plan_milestones[0].due, ==, day ("2023-06-30"));
  g_assert_cmpstr (m->plan_milestones[1].code, ==, "MS6");
  g_assert_cmpstr (m->plan_milestones[2].code, ==, "MS9");
  g_assert_cmpstr (m->plan_milestones[3].code, ==, "MS12");
  g_assert_cmpuint (m->plan_milestones[3].due, ==, day ("2024-03-31"));
  g_assert_cmpuint (m->n_phases, ==, 3);
  g_assert_cmpstr (m->phases[0].label, ==, "0-6 months implementation phase");
  g_assert_cmpuint (m->phases[0].start, ==, day ("2023-03-01"));
  g_assert_cmpuint (m->phases[0].end, ==, day ("2023-08-31"));
  g_assert_cmpuint (m->phases[2].end, ==, day ("2024-08-31"));
  g_assert_cmpuint (m->n_key_dates, ==, 12);
  g_assert_cmpuint (m->key_dates[0].date, ==, day ("2022-12-13"));
  /* The overview is what the seed's Gantt shows: March 2023 to August
   * 2024, not 2.4's due date of 2027 */
  g_assert_cmpuint (m->overview_first, ==, day ("2023-03-01"));
  g_assert_cmpuint (m->overview_last, ==, day ("2024-08-31"));
  g_assert_cmpuint (m->last_day, ==, day ("2027-09-30"));
  g_assert_cmpuint (m->n_dependencies, ==, 0);
}

static void
test_model_overdue (Fixture       *f,
                    gconstpointer  data)
{
  WmGanttModel *m = f->model;
  const WmGanttRow *r11 = &m->rows[wm_gantt_model_find_row (m, "1.1")];
  const WmGanttRow *r12b = &m->rows[wm_gantt_model_find_row (m, "1.2b")];
  const WmGanttRow *r24 = &m->rows[wm_gantt_model_find_row (m, "2.4")];
  const WmGanttRow *r31 = &m->rows[wm_gantt_model_find_row (m, "3.1")];
  const WmGanttRow *r32 = &m->rows[wm_gantt_model_find_row (m, "3.2")];

  /* 10 August 2023: 3.2 (Amber, due end of July) is late; 1.2b and 3.1
   * were due then too but are Blue, complete */
  g_assert_false (r11->overdue);
  g_assert_false (r12b->overdue);
  g_assert_true (r12b->complete);
  g_assert_false (r31->overdue);
  g_assert_true (r32->overdue);
  g_assert_true (m->milestones[r11->first_milestone].missed);       /* 1.1 M3, not done */
  g_assert_false (m->milestones[r11->first_milestone + 1].missed);  /* 1.1 M6, to come */
  g_assert_false (m->milestones[r31->first_milestone].missed);      /* 3.1 is complete */
  g_assert_true (m->plan_milestones[0].missed);                     /* MS3 */
  g_assert_false (m->plan_milestones[1].missed);                    /* MS6 */

  wm_gantt_model_set_today (m, day ("2023-10-15"));
  g_assert_true (r11->overdue);
  g_assert_false (r24->overdue);  /* due 2027 */
  g_assert_true (m->plan_milestones[1].missed);
  wm_gantt_model_set_today (m, day ("2023-03-15"));
  g_assert_false (r32->overdue);
  g_assert_false (m->plan_milestones[0].missed);
}

static void
test_model_text (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *all = wm_gantt_model_to_text (f->model);
  g_auto(GStrv) lines = g_strsplit (all, "\n", -1);
  g_autofree char *r12a = wm_gantt_model_row_to_text (f->model, 2);

  g_assert_cmpuint (g_strv_length (lines), ==, f->model->n_rows + 1);
  g_assert_cmpstr (lines[0], ==, "Priority 1 | Quality of EHC Plans following initial EHC Needs "
                   "Assessment | 5 actions");
  g_assert_cmpstr (lines[1], ==, "1.1 | We will reform the multi-agency EHC needs assessment "
                   "process to strengthen legal compliance. | Green | start 2023-04-01 | "
                   "due 2023-09-30");
  g_assert_true (g_str_has_prefix (r12a, "1.2a | We will develop a set of multi-agency "
                                   "statutory advice exemplars"));
  g_assert_true (g_str_has_suffix (r12a, "| Amber | start 2023-04-01 | due 2023-09-30"));
  g_assert_true (g_str_has_suffix (lines[14], "| Amber | start 2023-04-01 | due 2023-07-31 | "
                                   "overdue"));
  g_assert_true (g_str_has_prefix (lines[14], "3.2 | "));
  g_assert_cmpstr (lines[16], ==, "");

  wm_gantt_model_set_today (f->model, day ("2023-10-15"));
  g_clear_pointer (&r12a, g_free);
  r12a = wm_gantt_model_row_to_text (f->model, 2);
  g_assert_true (g_str_has_suffix (r12a, "| due 2023-09-30 | overdue"));
}

static void
test_model_filter (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmGanttModel) audits = NULL;
  g_autoptr(WmGanttModel) none = NULL;
  g_autoptr(WmRecord) red = wm_store_find_rating (f->store, "Red", &error);
  WmActionFilter filter = { .search = "audit measures" };

  audits = wm_gantt_model_new_from_store (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->n_rows, ==, 3);
  g_assert_cmpint (audits->rows[0].kind, ==, WM_GANTT_ROW_PRIORITY);
  g_assert_cmpint (audits->rows[0].n_actions, ==, 2);
  g_assert_cmpstr (audits->rows[1].code, ==, "3.2");
  g_assert_cmpstr (audits->rows[2].code, ==, "3.3");
  g_assert_cmpuint (audits->rows[2].n_stages, ==, 3);
  /* plan-wide items stay */
  g_assert_cmpuint (audits->n_plan_milestones, ==, 4);

  memset (&filter, 0, sizeof filter);
  filter.rating_id = wm_record_get_id (red);
  filter.priority_id = f->model->rows[0].id;
  none = wm_gantt_model_new_from_store (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->n_rows, ==, 0);  /* the only Red action is under priority 2 */
}

static void
test_model_dependencies (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmGanttModel) model = NULL;
  int r21 = wm_gantt_model_find_row (f->model, "2.1");
  int r23 = wm_gantt_model_find_row (f->model, "2.3");
  g_autofree char *id = NULL;
  g_autofree char *baseline = NULL;

  id = wm_store_insert (f->store, "dependency", &error,
                        "from_action_id", f->model->rows[r21].id,
                        "to_action_id", f->model->rows[r23].id,
                        "kind", "SS", "lag_days", "14", NULL);
  g_assert_no_error (error);
  /* a dependency on a deleted action is ignored, not an error */
  g_free (wm_store_insert (f->store, "dependency", &error,
                           "from_action_id", "gone", "to_action_id", f->model->rows[r23].id,
                           NULL));
  g_assert_no_error (error);
  g_assert_true (wm_store_update (f->store, "action", f->model->rows[r21].id, &error,
                                  "baseline_due", "2023-10-01", NULL));
  g_assert_no_error (error);

  model = wm_gantt_model_new_from_store (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->n_dependencies, ==, 1);
  g_assert_cmpint (model->dependencies[0].from_row, ==, r21);
  g_assert_cmpint (model->dependencies[0].to_row, ==, r23);
  g_assert_cmpint (model->dependencies[0].kind, ==, WM_GANTT_DEPENDENCY_SS);
  g_assert_cmpint (model->dependencies[0].lag_days, ==, 14);
  g_assert_cmpint (model->max_dependency_span, ==, r23 - r21);
  /* due 31 October against a baseline of 1 October: 30 days late */
  g_assert_true (model->rows[r21].has_slippage);
  g_assert_cmpint (model->rows[r21].slippage_days, ==, 30);
  wm_gantt_model_set_today (model, day ("2023-08-10"));
  baseline = wm_gantt_model_row_to_text (model, (guint) r21);
  g_assert_true (g_str_has_suffix (baseline, "| 30 days late against baseline"));
}

/* ---- layout ---- */

static void
test_layout (Fixture       *f,
             gconstpointer  data)
{
  const WmGanttZoom zooms[] = { WM_GANTT_ZOOM_MONTH, WM_GANTT_ZOOM_QUARTER, WM_GANTT_ZOOM_YEAR };
  WmRenderStyle style;

  wm_render_style_init_light (&style);
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      WmGanttView view;
      WmGanttLayout layout;
      int first, n;

      wm_gantt_view_init (&view, f->model, 1200, 500, zooms[z]);
      view.show_outline = z == 1;
      view.scroll_y = 45;
      wm_gantt_layout_init (&layout, f->model, &view, &style);
      g_assert_cmpuint (view.first_day, ==, day ("2023-03-01"));
      g_assert_cmpfloat (layout.row_height, >, 0);
      g_assert_cmpfloat (layout.header_height, >, layout.row_height);
      g_assert_cmpfloat (layout.timeline_x, ==, z == 1 ? layout.outline_width : 0);

      /* x ↔ day */
      for (guint32 d = view.first_day - 40; d < view.first_day + 600; d += 13)
        {
          double x = wm_gantt_layout_x_of_day (&layout, d);
          g_assert_cmpfloat (fabs (wm_gantt_layout_day_at_x (&layout, x) - d), <, 1e-6);
          g_assert_cmpfloat (fabs (wm_gantt_layout_x_of_day (&layout, d + 1) - x
                                   - view.pixels_per_day), <, 1e-6);
        }
      g_assert_cmpfloat (wm_gantt_layout_x_of_day (&layout, view.first_day), ==,
                         layout.timeline_x);

      /* row ↔ y, with the rows scrolled under the header */
      for (int r = 0; r < (int) f->model->n_rows; r++)
        {
          double y = wm_gantt_layout_y_of_row (&layout, r);
          double top = y + 1, bottom = y + layout.row_height - 1;

          g_assert_cmpfloat (y, ==, layout.header_height + r * layout.row_height - 45);
          g_assert_cmpint (wm_gantt_layout_row_at_y (&layout, f->model, top), ==,
                           top >= layout.header_height && top < layout.rows_bottom ? r : -1);
          g_assert_cmpint (wm_gantt_layout_row_at_y (&layout, f->model, bottom), ==,
                           bottom >= layout.header_height && bottom < layout.rows_bottom
                           ? r : -1);
        }
      g_assert_cmpint (wm_gantt_layout_row_at_y (&layout, f->model, 2), ==, -1);
      g_assert_cmpint (wm_gantt_layout_row_at_y (&layout, f->model, 499 + 10000), ==, -1);

      wm_gantt_layout_visible_rows (&layout, f->model, &first, &n);
      g_assert_cmpint (first, ==, 1);  /* row 0 is scrolled more than half away */
      g_assert_cmpint (first + n - 1, ==,
                       MIN ((int) f->model->n_rows - 1,
                            (int) ceil ((45 + 500 - layout.header_height) / layout.row_height)
                            - 1));
      g_assert_cmpfloat (wm_gantt_layout_content_height (&layout, f->model), ==,
                         f->model->n_rows * layout.row_height);
    }
}

static void
test_layout_hit (Fixture       *f,
                 gconstpointer  data)
{
  int r11 = wm_gantt_model_find_row (f->model, "1.1");
  const WmGanttRow *row = &f->model->rows[r11];
  const WmGanttStage *stage = &f->model->stages[row->first_stage];
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  WmGanttHit hit;
  double x0, x1, y;

  wm_render_style_init_light (&style);
  wm_gantt_view_init (&view, f->model, 1600, 700, WM_GANTT_ZOOM_MONTH);
  wm_gantt_layout_init (&layout, f->model, &view, &style);
  x0 = wm_gantt_layout_x_of_day (&layout, stage->start);
  x1 = wm_gantt_layout_x_of_day (&layout, stage->end + 1);
  y = wm_gantt_layout_y_of_row (&layout, r11) + layout.bar_offset + layout.bar_height / 2;

  wm_gantt_layout_hit (&layout, f->model, (x0 + x1) / 2, y, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_STAGE);
  g_assert_cmpint (hit.row, ==, r11);
  g_assert_cmpint (hit.index, ==, (int) row->first_stage);
  wm_gantt_layout_hit (&layout, f->model, x0 + 1, y, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_STAGE_START);
  wm_gantt_layout_hit (&layout, f->model, x1 - 4, y, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_STAGE_END);
  /* 1.1 M3 sits on the end of the first stage: its centre wins */
  wm_gantt_layout_hit (&layout, f->model, x1 + 1, y, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_MILESTONE);
  g_assert_cmpint (hit.index, ==, (int) row->first_milestone);
  wm_gantt_layout_hit (&layout, f->model, x0 - 30, y, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_ROW);
  g_assert_cmpuint (hit.day, ==, (guint32) floor (wm_gantt_layout_day_at_x (&layout, x0 - 30)));
  wm_gantt_layout_hit (&layout, f->model, x1,
                       layout.milestone_y + layout.milestone_height / 2, &hit);
  g_assert_cmpint (hit.kind, ==, WM_GANTT_HIT_PLAN_MILESTONE);
  g_assert_cmpstr (f->model->plan_milestones[hit.index].code, ==, "MS3");
}

/* ---- drawing ---- */

static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          WmColour        *colour)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel;

  cairo_surface_flush (surface);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  memcpy (&pixel, data + y * stride + x * 4, 4);
  *colour = (WmColour) {
    ((pixel >> 16) & 0xff) / 255.0, ((pixel >> 8) & 0xff) / 255.0, (pixel & 0xff) / 255.0,
    ((pixel >> 24) & 0xff) / 255.0,
  };
}

static gboolean
near (WmColour a,
      WmColour b,
      double   tolerance)
{
  return fabs (a.r - b.r) <= tolerance && fabs (a.g - b.g) <= tolerance
         && fabs (a.b - b.b) <= tolerance;
}

/* 1.1's first stage is drawn as a bar in the lighter fill of Green, the
 * rating's colour, where the layout says it is. */
static void
test_render_bar_pixels (Fixture       *f,
                        gconstpointer  data)
{
  const WmGanttModel *m = f->model;
  int r11 = wm_gantt_model_find_row (m, "1.1");
  const WmGanttStage *stage = &m->stages[m->rows[r11].first_stage];
  g_autoptr(GError) error = NULL;
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  WmGanttRenderStats stats;
  WmColour green, fill, bar, before, edge;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x0, x1, y0;
  int inside = 0;

  wm_render_style_init_light (&style);
  wm_gantt_view_init (&view, m, 1400, 700, WM_GANTT_ZOOM_MONTH);
  view.stats = &stats;
  wm_gantt_layout_init (&layout, m, &view, &style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1400, 700);
  cr = cairo_create (surface);
  wm_gantt_render (cr, m, &view, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (stats.rows_drawn, ==, (int) m->n_rows);
  g_assert_cmpint (stats.stages_drawn, >=, 40);
  g_assert_cmpint (stats.labels_drawn, >=, 40);

  x0 = wm_gantt_layout_x_of_day (&layout, stage->start);
  x1 = wm_gantt_layout_x_of_day (&layout, stage->end + 1);
  y0 = wm_gantt_layout_y_of_row (&layout, r11) + layout.bar_offset;
  g_assert_true (wm_colour_parse ("#2ec27e", &green));
  fill = (WmColour) { green.r + (1 - green.r) * 0.55, green.g + (1 - green.g) * 0.55,
                      green.b + (1 - green.b) * 0.55, 1 };

  /* The bar's right part, clear of its label and of the M3 diamond at
   * its end: every pixel is the fill, none the background */
  for (int x = (int) (x0 + (x1 - x0) * 0.7); x < (int) (x1 - 20); x += 3)
    for (int y = (int) y0 + 3; y < (int) (y0 + layout.bar_height - 3); y += 2)
      {
        pixel_at (surface, x, y, &bar);
        g_assert_false (near (bar, style.background, 0.02));
        g_assert_true (near (bar, fill, 0.03));
        inside++;
      }
  g_assert_cmpint (inside, >, 50);
  /* its edge is darker than the fill */
  pixel_at (surface, (int) ((x0 + x1) / 2), (int) y0, &edge);
  g_assert_cmpfloat (edge.g, <, fill.g - 0.1);
  /* and the row is empty before it: 1.1 starts in April */
  pixel_at (surface, (int) x0 - 30, (int) (y0 + layout.bar_height / 2), &before);
  g_assert_true (near (before, style.background, 0.05));
  /* some text was drawn in the bar's left part: its label */
  {
    gboolean dark_pixel = FALSE;

    for (int x = (int) x0 + 4; x < (int) x0 + 60 && !dark_pixel; x++)
      for (int y = (int) y0 + 2; y < (int) (y0 + layout.bar_height - 2); y++)
        {
          pixel_at (surface, x, y, &bar);
          if (bar.g < 0.4)
            dark_pixel = TRUE;
        }
    g_assert_true (dark_pixel);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  (void) error;
}

static void
test_render_dark (Fixture       *f,
                  gconstpointer  data)
{
  WmRenderStyle style;
  WmGanttView view;
  WmColour corner;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 300);
  cairo_t *cr = cairo_create (surface);

  wm_render_style_init_dark (&style);
  wm_gantt_view_init (&view, f->model, 600, 300, WM_GANTT_ZOOM_QUARTER);
  view.show_outline = TRUE;
  view.show_legend = TRUE;
  view.show_baseline = TRUE;
  view.show_dependencies = TRUE;
  wm_gantt_render (cr, f->model, &view, &style);
  pixel_at (surface, 599, 299 - 40, &corner);
  g_assert_true (near (corner, style.background, 0.12));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static cairo_surface_t *
render_sample (const WmGanttModel *model,
               WmGanttTextCache   *cache,
               double              scroll_y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 400);
  cairo_t *cr = cairo_create (surface);
  WmRenderStyle style;
  WmGanttView view;

  wm_render_style_init_light (&style);
  wm_gantt_view_init (&view, model, 900, 400, WM_GANTT_ZOOM_QUARTER);
  view.show_baseline = TRUE;
  view.show_legend = TRUE;
  view.scroll_y = scroll_y;
  view.text_cache = cache;
  wm_gantt_render (cr, model, &view, &style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);
  int height = cairo_image_surface_get_height (a);

  return memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (gsize) stride * height) == 0;
}

/* The window keeps shaped text between frames; what it draws must not
 * change, whether the text came from the cache or not, ellipsized or not. */
static void
test_render_text_cache (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(WmGanttTextCache) cache = wm_gantt_text_cache_new ();

  for (int scroll = 0; scroll <= 200; scroll += 100)
    {
      cairo_surface_t *plain = render_sample (f->model, NULL, scroll);
      cairo_surface_t *first = render_sample (f->model, cache, scroll);
      cairo_surface_t *again = render_sample (f->model, cache, scroll);

      g_assert_true (same_pixels (plain, first));
      g_assert_true (same_pixels (plain, again));
      cairo_surface_destroy (plain);
      cairo_surface_destroy (first);
      cairo_surface_destroy (again);
    }
}

/* Scrolled into priority 1's actions, the window can keep the priority's
 * band on top; the PDF does so on a page that starts inside a priority. */
static void
test_render_sticky_priority (Fixture       *f,
                             gconstpointer  data)
{
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  WmColour pixel;

  wm_render_style_init_light (&style);
  for (int sticky = 0; sticky < 2; sticky++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
      cairo_t *cr = cairo_create (surface);

      wm_gantt_view_init (&view, f->model, 600, 400, WM_GANTT_ZOOM_QUARTER);
      view.show_outline = TRUE;
      view.sticky_priority = sticky;
      wm_gantt_layout_init (&layout, f->model, &view, &style);
      view.scroll_y = 2.5 * layout.row_height;  /* rows 2 (1.2a) and on */
      wm_gantt_render (cr, f->model, &view, &style);
      cairo_destroy (cr);
      /* the band's accent edge at the left, or the row's background */
      pixel_at (surface, 1, (int) layout.header_height + 3, &pixel);
      g_assert_true (near (pixel, style.accent, 0.05) == (sticky != 0));
      cairo_surface_destroy (surface);
    }
}

/* A plan of @n actions of two stages each, in one transaction of plain
 * SQL: quicker than the store's API for a test that needs size, not
 * realism. */
static WmStore *
big_store (const char *dir,
           guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "big.waymark", NULL);
  g_autofree char *plan_id = NULL;
  g_autofree char *sql = NULL;
  WmStore *store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  plan_id = wm_store_create_plan (store, "Test area", "Big plan", &error);
  g_assert_no_error (error);
  sql = g_strdup_printf (
    "BEGIN;"
    "UPDATE plan SET start_date = '2024-04-01';"
    "INSERT INTO priority (id, plan_id, code, title, sort_order) VALUES "
    "  ('p1', '%s', '1', 'First', 0), ('p2', '%s', '2', 'Second', 1);"
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < %u) "
    "INSERT INTO action (id, plan_id, priority_id, code, title, start_date, due_date, "
    "  sort_order) "
    "SELECT 'a' || i, '%s', CASE WHEN i < %u THEN 'p1' ELSE 'p2' END, "
    "  (CASE WHEN i < %u THEN '1.' ELSE '2.' END) || i, 'Action ' || i, "
    "  date('2024-04-01', '+' || (i %% 300) || ' days'), "
    "  date('2024-04-01', '+' || (i %% 300 + 200) || ' days'), i FROM n;"
    "INSERT INTO stage (id, action_id, label, start_date, end_date, sort_order) "
    "SELECT 's1' || id, id, 'First stage of ' || code, start_date, "
    "  date(start_date, '+99 days'), 0 FROM action;"
    "INSERT INTO stage (id, action_id, label, start_date, end_date, sort_order) "
    "SELECT 's2' || id, id, 'Second stage', date(start_date, '+100 days'), due_date, 1 "
    "FROM action;"
    "INSERT INTO milestone (id, plan_id, action_id, code, title, due_date) "
    "SELECT 'm' || id, plan_id, id, code || ' M', 'Milestone', date(start_date, '+99 days') "
    "FROM action;"
    "INSERT INTO dependency (id, from_action_id, to_action_id, kind) "
    "SELECT 'd' || i, 'a' || i, 'a' || (i + 3), 'FS' FROM "
    "  (WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 7 FROM n WHERE i + 7 < %u - 3) "
    "   SELECT i FROM n);"
    "COMMIT;", plan_id, plan_id, n, plan_id, n / 2, n / 2, n);
  g_assert_true (wm_store_exec (store, sql, &error));
  g_assert_no_error (error);
  return store;
}

/* However long the plan, a frame reads and draws only the rows in view. */
static void
test_render_visible_rows_only (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = test_dir_new ();
  g_autoptr(WmStore) store = big_store (dir, 10000);
  g_autoptr(WmGanttModel) model = wm_gantt_model_new_from_store (store, NULL, &error);
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  WmGanttRenderStats stats;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 240);
  cairo_t *cr = cairo_create (surface);
  int first, n;

  g_assert_no_error (error);
  g_assert_cmpuint (model->n_action_rows, ==, 10000);
  g_assert_cmpuint (model->n_rows, ==, 10002);
  g_assert_cmpuint (model->n_stages, ==, 20000);
  g_assert_cmpuint (model->n_milestones, ==, 10000);
  g_assert_cmpuint (model->n_dependencies, >, 1000);
  g_assert_cmpint (model->max_dependency_span, ==, 4);  /* 3, or 4 across the priority row */

  wm_render_style_init_light (&style);
  for (int scroll = 0; scroll < 10000 * 31; scroll += 9973 * 3)
    {
      wm_gantt_view_init (&view, model, 320, 240, WM_GANTT_ZOOM_MONTH);
      view.scroll_y = scroll;
      view.show_dependencies = TRUE;
      view.show_baseline = TRUE;
      view.stats = &stats;
      wm_gantt_layout_init (&layout, model, &view, &style);
      wm_gantt_layout_visible_rows (&layout, model, &first, &n);
      memset (&stats, 0xff, sizeof stats);
      wm_gantt_render (cr, model, &view, &style);

      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (n, >, 0);
      g_assert_cmpint (n, <=, (int) ceil (240 / layout.row_height) + 1);
      g_assert_cmpint (stats.rows_drawn, ==, n);
      g_assert_cmpint (stats.first_row_drawn, ==, first);
      g_assert_cmpint (stats.last_row_drawn, ==, first + n - 1);
      g_assert_cmpint (stats.first_row_drawn, ==,
                       (int) floor (scroll / layout.row_height));
      /* at most two stages a row were drawn: those of the visible rows */
      g_assert_cmpint (stats.stages_drawn, <=, 2 * n);
      /* dependencies touching the view, never all of them */
      g_assert_cmpint (stats.dependencies_drawn, <=, n + 4);
    }

  /* explicit rows: only those */
  wm_gantt_view_init (&view, model, 320, 240, WM_GANTT_ZOOM_QUARTER);
  view.first_row = 5000;
  view.n_rows = 3;
  view.scroll_y = 5000 * layout.row_height;
  view.stats = &stats;
  wm_gantt_render (cr, model, &view, &style);
  g_assert_cmpint (stats.first_row_drawn, ==, 5000);
  g_assert_cmpint (stats.last_row_drawn, ==, 5002);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_clear_object (&store);
  g_clear_pointer (&model, wm_gantt_model_unref);
  test_dir_free (dir);
}

static void
check_magic (const char *path,
             const char *magic)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_nonnull (g_strstr_len (contents, 200, magic));
}

static void
test_render_files (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (f->dir, "gantt.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "gantt.SVG", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "gantt.pdf", NULL);
  g_autofree char *txt = g_build_filename (f->dir, "gantt.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no", "such", "dir.png", NULL);
  WmGanttExportOptions options;

  wm_gantt_export_options_init (&options);
  options.show_baseline = TRUE;
  options.show_dependencies = TRUE;
  g_assert_true (wm_gantt_render_to_file (f->model, png, &options, &error));
  g_assert_no_error (error);
  check_magic (png, "PNG");
  g_assert_true (wm_gantt_render_to_file (f->model, svg, &options, &error));
  g_assert_no_error (error);
  check_magic (svg, "<svg");
  options.zoom = WM_GANTT_ZOOM_QUARTER;
  options.paper = WM_GANTT_PAPER_A3;
  g_assert_true (wm_gantt_render_to_file (f->model, pdf, &options, &error));
  g_assert_no_error (error);
  check_magic (pdf, "%PDF");

  g_assert_false (wm_gantt_render_to_file (f->model, txt, &options, &error));
  g_assert_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (wm_gantt_render_to_file (f->model, missing, &options, &error));
  g_assert_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE);
  g_clear_error (&error);
  options.from = day ("2024-01-01");
  options.to = day ("2023-01-01");
  g_assert_false (wm_gantt_render_to_file (f->model, png, &options, &error));
  g_assert_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/gantt/julian", test_julian);
  ADD ("/gantt/model/rows", test_model_rows);
  ADD ("/gantt/model/stages-milestones-phases", test_model_stages);
  ADD ("/gantt/model/overdue", test_model_overdue);
  ADD ("/gantt/model/text", test_model_text);
  ADD ("/gantt/model/filter", test_model_filter);
  ADD ("/gantt/model/dependencies-slippage", test_model_dependencies);
  ADD ("/gantt/layout/maths", test_layout);
  ADD ("/gantt/layout/hit", test_layout_hit);
  ADD ("/gantt/render/bar-pixels", test_render_bar_pixels);
  ADD ("/gantt/render/dark", test_render_dark);
  ADD ("/gantt/render/text-cache", test_render_text_cache);
  ADD ("/gantt/render/sticky-priority", test_render_sticky_priority);
  g_test_add_func ("/gantt/render/visible-rows-only", test_render_visible_rows_only);
  ADD ("/gantt/render/files", test_render_files);
#undef ADD

  return g_test_run ();
}
