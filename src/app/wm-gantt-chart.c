#define G_LOG_DOMAIN "wm-gantt-chart"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-application.h"
#include "wm-error.h"
#include "wm-gantt-chart.h"
#include "wm-history.h"
#include "wm-plan-edit.h"

/* A bar being dragged: where it was, and where it would go */
typedef struct
{
  gboolean        active;
  WmGanttHitKind  kind;     /* STAGE*, or ACTION* for an action without stages */
  int             row;
  int             stage;    /* into the model's stages; -1 for the action's own dates */
  guint32         start0, end0;
  guint32         start, end;
} Drag;

struct _WmGanttChart
{
  GtkWidget      parent_instance;

  WmGanttModel  *model;
  WmStore       *store;
  WmGanttZoom    zoom;
  gboolean       show_baseline;
  gboolean       show_dependencies;

  /* The view's own state, kept across new models by id */
  GHashTable    *collapsed;       /* priority ids */
  int           *row_of_slot;
  int           *slot_of_row;
  int            n_slots;
  int            selected_row;    /* a model row; -1: none */
  char          *selected_id;

  Drag           drag;
  GtkGesture    *drag_gesture;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;
};

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
  PROP_SELECTED_ACTION_ID,
  PROP_ZOOM,
  N_PROPS
};

enum {
  ROW_ACTIVATED,
  EDIT_FAILED,
  N_SIGNALS
};

static GParamSpec *selected_action_id_pspec;
static GParamSpec *zoom_pspec;
static guint signals[N_SIGNALS];

/* WAYMARK_GANTT_DEBUG=FILE: each frame writes the bars' geometry there,
 * for the UI tests, which must aim a pointer at a bar. */
static const char *debug_geometry_path;

G_DEFINE_FINAL_TYPE_WITH_CODE (WmGanttChart, wm_gantt_chart, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

/* Colours from the theme, so the chart follows light, dark and high
 * contrast like the rest of the window. */
static void
get_style (WmGanttChart  *self,
           WmRenderStyle *style)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg;

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    wm_render_style_init_dark (style);
  else
    wm_render_style_init_light (style);
  gtk_style_context_get_color (context, &fg);
  style->foreground = (WmColour) { fg.red, fg.green, fg.blue, fg.alpha };
}

static void
make_view (WmGanttChart        *self,
           WmGanttView         *view,
           const WmRenderStyle *style,
           WmGanttLayout       *layout)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double ppd;

  wm_gantt_view_init (view, self->model, width, height, self->zoom);
  view->show_outline = TRUE;
  view->show_baseline = self->show_baseline;
  view->show_dependencies = self->show_dependencies;
  view->show_legend = TRUE;
  view->show_disclosure = TRUE;
  view->selected_row = self->selected_row;
  view->row_of_slot = self->row_of_slot;
  view->slot_of_row = self->slot_of_row;
  view->n_slots = self->n_slots;
  ppd = view->pixels_per_day;
  /* whole days only: the renderer's time axis starts on a day */
  view->first_day += (guint32) (gtk_adjustment_get_value (self->hadjustment) / ppd);
  view->scroll_y = gtk_adjustment_get_value (self->vadjustment);
  if (layout)
    wm_gantt_layout_init (layout, self->model, view, style);
}

static void
configure_adjustments (WmGanttChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  double content_w = width, content_h = height, page_w, page_h;

  if (self->hadjustment == NULL || self->vadjustment == NULL)
    return;  /* during construction */

  if (self->model != NULL && width > 0)
    {
      get_style (self, &style);
      wm_gantt_view_init (&view, self->model, width, height, self->zoom);
      view.show_outline = TRUE;
      view.show_legend = TRUE;
      view.row_of_slot = self->row_of_slot;
      view.slot_of_row = self->slot_of_row;
      view.n_slots = self->n_slots;
      wm_gantt_layout_init (&layout, self->model, &view, &style);
      content_w = (self->model->last_day + 31.0 - view.first_day) * view.pixels_per_day;
      content_h = wm_gantt_layout_content_height (&layout, self->model);
      page_w = MAX (1, width - layout.timeline_x);
      page_h = MAX (1, layout.rows_bottom - layout.header_height);
    }
  else
    page_w = width, page_h = height;

  gtk_adjustment_configure (self->hadjustment, gtk_adjustment_get_value (self->hadjustment), 0,
                            MAX (content_w, page_w), page_w * 0.1, page_w * 0.9, page_w);
  gtk_adjustment_configure (self->vadjustment, gtk_adjustment_get_value (self->vadjustment), 0,
                            MAX (content_h, page_h), 28, page_h * 0.9, page_h);
}

static void
wm_gantt_chart_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  configure_adjustments (WM_GANTT_CHART (widget));
}

static void
format_range (guint32  start,
              guint32  end,
              char    *buf,
              gsize    size)
{
  GDate a, b;
  char sa[64], sb[64];

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_julian (&a, start);
  g_date_set_julian (&b, MAX (start, end));
  g_date_strftime (sa, sizeof sa, g_date_get_year (&a) == g_date_get_year (&b) ? "%-d %b" : "%-d %b %Y", &a);
  g_date_strftime (sb, sizeof sb, "%-d %b %Y", &b);
  /* TRANSLATORS: a bar's new dates while it is dragged: "4 Sep – 27 Oct 2023" */
  g_snprintf (buf, size, _("%s – %s"), sa, sb);
}

/* The dragged bar at its new place, over the drawing, with its new dates
 * in a tooltip-like box: the bar under it stays where it was until the
 * edit is written. */
static void
draw_drag (WmGanttChart        *self,
           cairo_t             *cr,
           const WmGanttLayout *layout,
           const WmRenderStyle *style)
{
  const Drag *drag = &self->drag;
  WmColour accent = style->accent;
  double x0, x1, y, h, r, bx, by, pad;
  char text[160];
  PangoLayout *pango;
  PangoFontDescription *font;
  int tw, th;

  if (!drag->active || wm_gantt_layout_slot_of_row (layout, drag->row) < 0)
    return;
  x0 = round (wm_gantt_layout_x_of_day (layout, drag->start));
  x1 = round (wm_gantt_layout_x_of_day (layout, drag->end + 1.0));
  y = round (wm_gantt_layout_y_of_row (layout, drag->row) + layout->bar_offset);
  h = layout->bar_height;
  r = MIN (4.0, h / 2);

  cairo_save (cr);
  cairo_rectangle (cr, layout->timeline_x, layout->header_height, layout->width - layout->timeline_x,
                   layout->rows_bottom - layout->header_height);
  cairo_clip (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x1 - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x1 - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x0 + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x0 + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, accent.r, accent.g, accent.b, 0.35);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, accent.r, accent.g, accent.b, 1.0);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  format_range (drag->start, drag->end, text, sizeof text);
  pango = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string (style->font_family);
  pango_font_description_set_absolute_size (font, layout->unit * 0.9 * PANGO_SCALE);
  pango_layout_set_font_description (pango, font);
  pango_font_description_free (font);
  pango_layout_set_text (pango, text, -1);
  pango_layout_get_pixel_size (pango, &tw, &th);
  pad = round (layout->unit * 0.4);
  /* above the bar, or below it when the header is in the way */
  by = y - th - 2 * pad - 3;
  if (by < layout->header_height)
    by = y + h + 3;
  bx = CLAMP (x0, layout->timeline_x + 2, MAX (layout->timeline_x + 2, layout->width - tw - 2 * pad - 2));
  cairo_rectangle (cr, bx, by, tw + 2 * pad, th + 2 * pad);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b, 0.92);
  cairo_fill (cr);
  cairo_move_to (cr, bx + pad, by + pad);
  cairo_set_source_rgba (cr, style->background.r, style->background.g, style->background.b, 1.0);
  pango_cairo_show_layout (cr, pango);
  g_object_unref (pango);
  cairo_restore (cr);
}

/* For the UI tests: where the chart is in its window's surface and where
 * each visible stage's bar is, in the chart's own pixels. */
static void
write_debug_geometry (WmGanttChart        *self,
                      const WmGanttLayout *layout)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  g_autoptr(GString) out = g_string_new (NULL);
  graphene_point_t origin;
  double sx = 0, sy = 0;
  int first, n;

  if (native == NULL
      || !gtk_widget_compute_point (GTK_WIDGET (self), GTK_WIDGET (native),
                                    &GRAPHENE_POINT_INIT (0, 0), &origin))
    return;
  gtk_native_get_surface_transform (native, &sx, &sy);
  g_string_append_printf (out, "origin %.0f %.0f\nsize %d %d\nstore %d\nzoom %d\n",
                          origin.x + sx, origin.y + sy,
                          gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)),
                          self->store != NULL, self->zoom);
  wm_gantt_layout_visible_rows (layout, self->model, &first, &n);
  for (int i = first; i < first + n; i++)
    {
      const WmGanttRow *row = &self->model->rows[i];
      double y = wm_gantt_layout_y_of_row (layout, i);

      if (wm_gantt_layout_slot_of_row (layout, i) < 0)
        continue;
      g_string_append_printf (out, "row %s %.0f %.0f\n", row->code, y, y + layout->row_height);
      for (guint s = row->first_stage; s < row->first_stage + row->n_stages; s++)
        {
          g_autofree char *a = wm_gantt_julian_to_iso (self->model->stages[s].start);
          g_autofree char *b = wm_gantt_julian_to_iso (self->model->stages[s].end);

          g_string_append_printf (out, "stage %s %u %.0f %.0f %.0f %.0f %s %s\n", row->code,
                                  s - row->first_stage,
                                  round (wm_gantt_layout_x_of_day (layout, self->model->stages[s].start)),
                                  round (wm_gantt_layout_x_of_day (layout, self->model->stages[s].end + 1.0)),
                                  y + layout->bar_offset, y + layout->bar_offset + layout->bar_height,
                                  a, b);
        }
    }
  g_file_set_contents (debug_geometry_path, out->str, out->len, NULL);
}

static void
wm_gantt_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  WmGanttChart *self = WM_GANTT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  cairo_t *cr;

  if (self->model == NULL || width <= 0 || height <= 0)
    return;
  get_style (self, &style);
  make_view (self, &view, &style, &layout);
  /* The cairo node is drawn at the window's scale: on a HiDPI screen its
   * text and lines are sharp, not a scale-1 picture enlarged. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  wm_gantt_render (cr, self->model, &view, &style);
  draw_drag (self, cr, &layout, &style);
  cairo_destroy (cr);
  if (debug_geometry_path != NULL)
    write_debug_geometry (self, &layout);
}

static void
wm_gantt_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 1200 : 600;
}

static gboolean
query_tooltip_cb (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  gpointer      user_data)
{
  WmGanttChart *self = WM_GANTT_CHART (widget);
  const WmGanttModel *model = self->model;
  WmRenderStyle style;
  WmGanttView view;
  WmGanttLayout layout;
  WmGanttHit hit;
  const WmGanttRow *row;
  g_autofree char *text = NULL;

  if (model == NULL || self->drag.active)
    return FALSE;  /* the dragged bar carries its own label */
  get_style (self, &style);
  make_view (self, &view, &style, &layout);
  wm_gantt_layout_hit (&layout, model, x, y, &hit);
  if (hit.row < 0 || (guint) hit.row >= model->n_rows)
    return FALSE;
  row = &model->rows[hit.row];

  /* the full text of whatever is under the pointer, as labels may be
   * ellipsized to keep bars readable */
  if (hit.kind == WM_GANTT_HIT_STAGE || hit.kind == WM_GANTT_HIT_STAGE_START
      || hit.kind == WM_GANTT_HIT_STAGE_END)
    text = g_strdup_printf ("%s %s\n%s", row->code, row->title, model->stages[hit.index].label);
  else if (hit.kind == WM_GANTT_HIT_MILESTONE)
    text = g_strdup_printf ("%s\n%s", model->milestones[hit.index].code,
                            model->milestones[hit.index].title);
  else
    text = g_strdup_printf ("%s %s", row->code, row->title);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* A screen reader (and the UI tests) read the chart as text: one line a
 * shown row with code, title, rating, dates and whether it is overdue;
 * a collapsed priority's actions are left out as they are on screen. */
static void
update_accessible_text (WmGanttChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (int slot = 0; self->model != NULL && slot < self->n_slots; slot++)
    {
      g_autofree char *line = wm_gantt_model_row_to_text (self->model, self->row_of_slot[slot]);

      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

/* The name says which row is selected: a screen reader speaks a focused
 * widget's new name, so moving the selection is announced. */
static void
update_accessible_name (WmGanttChart *self)
{
  g_autofree char *row = NULL;
  g_autofree char *name = NULL;

  if (self->model != NULL && self->selected_row >= 0)
    row = wm_gantt_model_row_to_text (self->model, self->selected_row);
  if (row != NULL)
    /* TRANSLATORS: the Gantt's accessible name with its selected row's text */
    name = g_strdup_printf (_("Gantt chart, selected: %s"), row);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name ? name : _("Gantt chart"), -1);
}

/* Which rows show, from the collapsed priorities: once per model and per
 * collapse, never per frame. */
static void
map_rows (WmGanttChart *self)
{
  guint n = self->model ? self->model->n_rows : 0;

  g_clear_pointer (&self->row_of_slot, g_free);
  g_clear_pointer (&self->slot_of_row, g_free);
  self->row_of_slot = g_new (int, MAX (n, 1));
  self->slot_of_row = g_new (int, MAX (n, 1));
  self->n_slots = n > 0 ? wm_gantt_map_rows (self->model, self->collapsed, self->row_of_slot,
                                             self->slot_of_row) : 0;
}

static void
get_layout (WmGanttChart  *self,
            WmGanttLayout *layout)
{
  WmRenderStyle style;
  WmGanttView view;

  get_style (self, &style);
  make_view (self, &view, &style, layout);
}

static void
scroll_to_row (WmGanttChart *self,
               int           row)
{
  WmGanttLayout layout;
  double top, bottom, value, page;
  int slot;

  if (self->model == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return;
  slot = self->slot_of_row[row];
  if (slot < 0)
    return;
  get_layout (self, &layout);
  top = slot * layout.row_height;
  bottom = top + layout.row_height;
  value = gtk_adjustment_get_value (self->vadjustment);
  page = gtk_adjustment_get_page_size (self->vadjustment);
  if (top < value)
    gtk_adjustment_set_value (self->vadjustment, top);
  else if (bottom > value + page)
    gtk_adjustment_set_value (self->vadjustment, bottom - page);
}

static void
select_row (WmGanttChart *self,
            int           row)
{
  const char *id = NULL;

  if (self->model == NULL || row < 0 || (guint) row >= self->model->n_rows)
    row = -1;
  if (row >= 0)
    id = self->model->rows[row].id;
  if (row == self->selected_row && g_strcmp0 (id, self->selected_id) == 0)
    return;
  self->selected_row = row;
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  if (row >= 0)
    scroll_to_row (self, row);
  update_accessible_name (self);
  g_object_notify_by_pspec (G_OBJECT (self), selected_action_id_pspec);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
collapse_changed (WmGanttChart *self)
{
  map_rows (self);
  /* a hidden selection moves up to its priority */
  if (self->selected_row >= 0 && self->slot_of_row[self->selected_row] < 0)
    select_row (self, self->model->rows[self->selected_row].priority_row);
  update_accessible_text (self);
  configure_adjustments (self);
  if (self->selected_row >= 0)
    scroll_to_row (self, self->selected_row);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wm_gantt_chart_set_collapsed (WmGanttChart *self,
                              const char   *priority_id,
                              gboolean      collapsed)
{
  g_return_if_fail (WM_IS_GANTT_CHART (self));
  g_return_if_fail (priority_id != NULL);

  if (collapsed == g_hash_table_contains (self->collapsed, priority_id))
    return;
  if (collapsed)
    g_hash_table_add (self->collapsed, g_strdup (priority_id));
  else
    g_hash_table_remove (self->collapsed, priority_id);
  collapse_changed (self);
}

gboolean
wm_gantt_chart_get_collapsed (WmGanttChart *self,
                              const char   *priority_id)
{
  g_return_val_if_fail (WM_IS_GANTT_CHART (self), FALSE);

  return priority_id != NULL && g_hash_table_contains (self->collapsed, priority_id);
}

static void
toggle_priority (WmGanttChart *self,
                 int           row)
{
  const char *id = self->model->rows[row].id;

  wm_gantt_chart_set_collapsed (self, id, !g_hash_table_contains (self->collapsed, id));
}

static void
activate_row (WmGanttChart *self,
              int           row)
{
  if (self->model == NULL || row < 0)
    return;
  if (self->model->rows[row].kind == WM_GANTT_ROW_PRIORITY)
    toggle_priority (self, row);
  else
    g_signal_emit (self, signals[ROW_ACTIVATED], 0, self->model->rows[row].id);
}

const char *
wm_gantt_chart_get_selected_action_id (WmGanttChart *self)
{
  g_return_val_if_fail (WM_IS_GANTT_CHART (self), NULL);

  if (self->model == NULL || self->selected_row < 0
      || self->model->rows[self->selected_row].kind != WM_GANTT_ROW_ACTION)
    return NULL;
  return self->selected_id;
}

gboolean
wm_gantt_chart_select_action (WmGanttChart *self,
                              const char   *action_id)
{
  g_return_val_if_fail (WM_IS_GANTT_CHART (self), FALSE);

  for (guint i = 0; self->model != NULL && action_id != NULL && i < self->model->n_rows; i++)
    if (g_strcmp0 (self->model->rows[i].id, action_id) == 0)
      {
        int priority = self->model->rows[i].priority_row;

        if (self->slot_of_row[i] < 0 && priority >= 0)
          wm_gantt_chart_set_collapsed (self, self->model->rows[priority].id, FALSE);
        select_row (self, (int) i);
        return TRUE;
      }
  select_row (self, -1);
  return FALSE;
}

void
wm_gantt_chart_set_model (WmGanttChart *self,
                          WmGanttModel *model)
{
  g_return_if_fail (WM_IS_GANTT_CHART (self));

  if (model)
    wm_gantt_model_ref (model);
  g_clear_pointer (&self->model, wm_gantt_model_unref);
  self->model = model;
  /* a new model of the same plan: a drag in progress is over, but the
   * collapsed priorities and the selection stay, by id */
  self->drag.active = FALSE;
  map_rows (self);
  self->selected_row = -1;
  for (guint i = 0; model != NULL && self->selected_id != NULL && i < model->n_rows; i++)
    if (g_strcmp0 (model->rows[i].id, self->selected_id) == 0 && self->slot_of_row[i] >= 0)
      self->selected_row = (int) i;
  if (self->selected_row < 0 && self->selected_id != NULL)
    {
      g_clear_pointer (&self->selected_id, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), selected_action_id_pspec);
    }
  update_accessible_text (self);
  update_accessible_name (self);
  configure_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wm_gantt_chart_set_store (WmGanttChart *self,
                          WmStore      *store)
{
  g_return_if_fail (WM_IS_GANTT_CHART (self));
  g_return_if_fail (store == NULL || WM_IS_STORE (store));

  g_set_object (&self->store, store);
  gtk_widget_queue_draw (GTK_WIDGET (self));  /* for WAYMARK_GANTT_DEBUG's "store" */
}

/* ---- keyboard ---------------------------------------------------------- */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                WmGanttChart          *self)
{
  WmGanttLayout layout;
  int slot, page, row;

  if (keyval == GDK_KEY_Escape && self->drag.active)
    {
      /* put the bar back; the gesture's end then finds nothing to write */
      self->drag.active = FALSE;
      gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag_gesture));
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    }
  if (self->model == NULL || self->n_slots == 0
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)))
    return FALSE;

  row = self->selected_row;
  slot = row >= 0 ? self->slot_of_row[row] : -1;
  get_layout (self, &layout);
  page = MAX (1, (int) floor (gtk_adjustment_get_page_size (self->vadjustment)
                              / layout.row_height) - 1);

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      slot = slot < 0 ? 0 : slot + 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      slot = slot < 0 ? 0 : slot - 1;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      slot = slot < 0 ? 0 : slot + page;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      slot = slot < 0 ? 0 : slot - page;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      slot = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      slot = self->n_slots - 1;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (row < 0)
        return FALSE;
      /* as in a tree: collapse, or go up to the priority */
      if (self->model->rows[row].kind == WM_GANTT_ROW_PRIORITY)
        wm_gantt_chart_set_collapsed (self, self->model->rows[row].id, TRUE);
      else if (self->model->rows[row].priority_row >= 0)
        select_row (self, self->model->rows[row].priority_row);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (row < 0 || self->model->rows[row].kind != WM_GANTT_ROW_PRIORITY)
        return FALSE;
      wm_gantt_chart_set_collapsed (self, self->model->rows[row].id, FALSE);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      if (row < 0)
        return FALSE;
      activate_row (self, row);
      return TRUE;
    default:
      return FALSE;
    }
  slot = CLAMP (slot, 0, self->n_slots - 1);
  select_row (self, self->row_of_slot[slot]);
  return TRUE;
}

/* ---- pointer ----------------------------------------------------------- */

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  WmGanttChart    *self)
{
  WmGanttLayout layout;
  WmGanttHit hit;

  if (self->model == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  get_layout (self, &layout);
  wm_gantt_layout_hit (&layout, self->model, x, y, &hit);
  if (hit.kind == WM_GANTT_HIT_DISCLOSURE)
    {
      if (n_press == 1)
        {
          select_row (self, hit.row);
          toggle_priority (self, hit.row);
        }
      return;
    }
  if (hit.row < 0)
    return;
  select_row (self, hit.row);
  if (n_press == 2)
    activate_row (self, hit.row);
}

/* The day a dragged date lands on: whole days at month zoom, Mondays
 * (a stage's end then on the Sunday before) when zoomed out. */
static void
drag_to (WmGanttChart *self,
         double        offset_x,
         double        pixels_per_day)
{
  Drag *d = &self->drag;
  /* a hand's tremor on a click is no drag */
  int days = fabs (offset_x) < 3 ? 0 : (int) lround (offset_x / pixels_per_day);
  gint64 start = d->start0, end = d->end0;

  /* no move, no change: a bar that was merely clicked is not snapped to
   * a Monday */
  if (days == 0)
    {
      d->start = d->start0;
      d->end = d->end0;
      return;
    }
  switch (d->kind)
    {
    case WM_GANTT_HIT_STAGE:
    case WM_GANTT_HIT_ACTION:
      start = wm_gantt_snap_day ((guint32) MAX (1, (gint64) d->start0 + days), self->zoom);
      end = (gint64) d->end0 + (start - (gint64) d->start0);
      break;
    case WM_GANTT_HIT_STAGE_START:
    case WM_GANTT_HIT_ACTION_START:
      start = wm_gantt_snap_day ((guint32) MAX (1, (gint64) d->start0 + days), self->zoom);
      start = MIN (start, (gint64) d->end0);
      break;
    case WM_GANTT_HIT_STAGE_END:
    case WM_GANTT_HIT_ACTION_END:
      end = (gint64) wm_gantt_snap_day ((guint32) MAX (2, (gint64) d->end0 + 1 + days),
                                        self->zoom) - 1;
      end = MAX (end, (gint64) d->start0);
      break;
    default:
      break;
    }
  d->start = (guint32) start;
  d->end = (guint32) MAX (start, end);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               WmGanttChart   *self)
{
  WmGanttLayout layout;
  WmGanttHit hit;
  const WmGanttRow *row;

  self->drag.active = FALSE;
  if (self->model == NULL || self->store == NULL)
    return;
  get_layout (self, &layout);
  wm_gantt_layout_hit (&layout, self->model, x, y, &hit);
  if (hit.row < 0)
    return;
  row = &self->model->rows[hit.row];
  switch (hit.kind)
    {
    case WM_GANTT_HIT_STAGE:
    case WM_GANTT_HIT_STAGE_START:
    case WM_GANTT_HIT_STAGE_END:
      self->drag.stage = hit.index;
      self->drag.start0 = self->model->stages[hit.index].start;
      self->drag.end0 = self->model->stages[hit.index].end;
      break;
    case WM_GANTT_HIT_ACTION:
    case WM_GANTT_HIT_ACTION_START:
    case WM_GANTT_HIT_ACTION_END:
      self->drag.stage = -1;
      self->drag.start0 = row->start;
      self->drag.end0 = MAX (row->start, row->due);
      break;
    default:
      return;
    }
  self->drag.active = TRUE;
  self->drag.kind = hit.kind;
  self->drag.row = hit.row;
  self->drag.start = self->drag.start0;
  self->drag.end = self->drag.end0;
  /* claimed only once the pointer moves: a double-click on a bar still
   * opens its action */
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                WmGanttChart   *self)
{
  WmGanttLayout layout;

  if (!self->drag.active)
    return;
  if (fabs (offset_x) >= 3 || fabs (offset_y) >= 3)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  get_layout (self, &layout);
  drag_to (self, offset_x, layout.pixels_per_day);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

typedef struct
{
  WmGanttChart *self;
  char         *action_id;
  char         *stage_id;   /* NULL: the action's own start and due */
  char         *start, *end;
  char         *what;       /* "1.2a “Plan”" for the dialog */
} Edit;

static void
edit_free (Edit *edit)
{
  g_object_unref (edit->self);
  g_free (edit->action_id);
  g_free (edit->stage_id);
  g_free (edit->start);
  g_free (edit->end);
  g_free (edit->what);
  g_free (edit);
}

static char *
author_name (void)
{
  GApplication *app = g_application_get_default ();
  const char *name;

  if (WM_IS_APPLICATION (app))
    {
      g_autofree char *setting = g_settings_get_string (
        wm_application_get_settings (WM_APPLICATION (app)), "author-name");
      if (setting != NULL && *g_strstrip (setting) != '\0')
        return g_steal_pointer (&setting);
    }
  name = g_get_real_name ();
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return g_strdup (name);
}

static void ask_reason (Edit *edit);

static void
show_error (WmGanttChart *self,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (g_signal_has_handler_pending (self, signals[EDIT_FAILED], 0, FALSE))
    {
      g_signal_emit (self, signals[EDIT_FAILED], 0, error);
      return;
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("The Dates Were Not Changed"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Writes the edit; takes @edit, or passes it on to the reason's dialog */
static void
write_edit (Edit       *edit,
            const char *reason)
{
  WmGanttChart *self = edit->self;
  WmHistory *history;
  g_autoptr(GError) error = NULL;
  g_autofree char *author = author_name ();
  gboolean ok;

  if (self->store == NULL)
    {
      edit_free (edit);
      return;
    }
  history = wm_history_get_for_store (self->store);
  if (edit->stage_id != NULL)
    ok = wm_plan_edit_set_stage_dates (self->store, history, edit->stage_id, edit->start,
                                       edit->end, reason, author, &error);
  else
    {
      const char *const columns[] = { "start_date", "due_date", NULL };
      const char *const values[] = { edit->start, edit->end, NULL };

      ok = wm_plan_edit_set_action (self->store, history, edit->action_id, columns, values,
                                    reason, author, &error);
    }
  if (!ok && g_error_matches (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_REASON_REQUIRED))
    {
      ask_reason (edit);
      return;
    }
  if (!ok)
    show_error (self, error);
  edit_free (edit);
}

static void
reason_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Edit             *edit)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "change") && *reason != '\0')
    write_edit (edit, reason);
  else
    edit_free (edit);
}

static void
reason_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "change", *text != '\0');
}

/* The plan has a baseline: a date that moves needs a reason, logged with
 * the change for the board. */
static void
ask_reason (Edit *edit)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (edit->self));
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Why Did the Dates Change?"), NULL);
  /* TRANSLATORS: %s is what moved, e.g. 1.2a “Draft the protocol” */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The plan has a baseline, so moving %s needs a reason "
                                    "for the record."), edit->what);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "change", _("C_hange Dates"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "change");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (reason_entry_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (reason_response_cb), edit);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The stage's row in the store: the model keeps no ids for stages, so
 * find it among its action's by label and dates. */
static char *
find_stage_id (WmGanttChart       *self,
               const WmGanttRow   *row,
               const WmGanttStage *stage)
{
  g_autoptr(GPtrArray) records = wm_store_list (self->store, "stage", "action_id", row->id, NULL);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      WmRecord *record = g_ptr_array_index (records, i);
      guint32 start = wm_gantt_julian_from_iso (wm_record_get_nonnull (record, "start_date"));
      guint32 end = wm_gantt_julian_from_iso (wm_record_get_nonnull (record, "end_date"));

      if (g_strcmp0 (wm_record_get_nonnull (record, "label"), stage->label) == 0
          && MIN (start, end) == stage->start && MAX (start, end) == stage->end)
        return g_strdup (wm_record_get_id (record));
    }
  return NULL;
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             WmGanttChart   *self)
{
  Drag drag = self->drag;
  const WmGanttRow *row;
  Edit *edit;

  self->drag.active = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (!drag.active || self->model == NULL || self->store == NULL)
    return;
  if (drag.start == drag.start0 && drag.end == drag.end0)
    return;
  row = &self->model->rows[drag.row];
  edit = g_new0 (Edit, 1);
  edit->self = g_object_ref (self);
  edit->action_id = g_strdup (row->id);
  edit->start = wm_gantt_julian_to_iso (drag.start);
  edit->end = wm_gantt_julian_to_iso (drag.end);
  if (drag.stage >= 0)
    {
      const WmGanttStage *stage = &self->model->stages[drag.stage];

      edit->stage_id = find_stage_id (self, row, stage);
      edit->what = g_strdup_printf ("%s “%s”", row->code, stage->label);
      if (edit->stage_id == NULL)
        {
          g_autoptr(GError) error = g_error_new (WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                                                 _("Stage “%s” of %s is no longer in the plan."),
                                                 stage->label, row->code);
          show_error (self, error);
          edit_free (edit);
          return;
        }
    }
  else
    edit->what = g_strdup_printf ("%s “%s”", row->code, row->title);
  write_edit (edit, NULL);
}

static void
drag_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                WmGanttChart     *self)
{
  self->drag.active = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wm_gantt_chart_set_zoom (WmGanttChart *self,
                         WmGanttZoom   zoom)
{
  double fraction = 0;

  g_return_if_fail (WM_IS_GANTT_CHART (self));

  if (self->zoom == zoom)
    return;
  /* keep the same date at the left edge */
  if (gtk_adjustment_get_upper (self->hadjustment) > 0)
    fraction = gtk_adjustment_get_value (self->hadjustment)
               / gtk_adjustment_get_upper (self->hadjustment);
  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), zoom_pspec);
  configure_adjustments (self);
  gtk_adjustment_set_value (self->hadjustment,
                            fraction * gtk_adjustment_get_upper (self->hadjustment));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

WmGanttZoom
wm_gantt_chart_get_zoom (WmGanttChart *self)
{
  return self->zoom;
}

void
wm_gantt_chart_set_baseline (WmGanttChart *self,
                             gboolean      show)
{
  self->show_baseline = show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wm_gantt_chart_set_dependencies (WmGanttChart *self,
                                 gboolean      show)
{
  self->show_dependencies = show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmGanttChart *self = WM_GANTT_CHART (widget);
  int step = g_variant_get_int32 (parameter);
  int zoom = CLAMP ((int) self->zoom - step, WM_GANTT_ZOOM_MONTH, WM_GANTT_ZOOM_YEAR);

  wm_gantt_chart_set_zoom (self, zoom);
}

/* Ctrl+scroll zooms, as in every timeline people know. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           WmGanttChart             *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (
    GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "gantt.zoom", "i", dy < 0 ? 1 : -1);
  return TRUE;
}

static void
adjustment_changed_cb (WmGanttChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (WmGanttChart   *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_set_object (slot, g_object_ref_sink (adjustment));
  g_object_unref (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self);
  configure_adjustments (self);
}

static void
wm_gantt_chart_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WmGanttChart *self = WM_GANTT_CHART (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    case PROP_ZOOM:
      wm_gantt_chart_set_zoom (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_gantt_chart_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WmGanttChart *self = WM_GANTT_CHART (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    case PROP_SELECTED_ACTION_ID:
      g_value_set_string (value, wm_gantt_chart_get_selected_action_id (self));
      break;
    case PROP_ZOOM:
      g_value_set_int (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_gantt_chart_dispose (GObject *object)
{
  WmGanttChart *self = WM_GANTT_CHART (object);

  if (self->hadjustment)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->model, wm_gantt_model_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wm_gantt_chart_parent_class)->dispose (object);
}

static void
wm_gantt_chart_finalize (GObject *object)
{
  WmGanttChart *self = WM_GANTT_CHART (object);

  g_hash_table_unref (self->collapsed);
  g_free (self->row_of_slot);
  g_free (self->slot_of_row);
  g_free (self->selected_id);

  G_OBJECT_CLASS (wm_gantt_chart_parent_class)->finalize (object);
}

static void
wm_gantt_chart_class_init (WmGanttChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_gantt_chart_dispose;
  object_class->finalize = wm_gantt_chart_finalize;
  object_class->set_property = wm_gantt_chart_set_property;
  object_class->get_property = wm_gantt_chart_get_property;
  widget_class->snapshot = wm_gantt_chart_snapshot;
  widget_class->measure = wm_gantt_chart_measure;
  widget_class->size_allocate = wm_gantt_chart_size_allocate;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /* the selected row's action; NULL when none, or a priority, is selected */
  selected_action_id_pspec =
    g_param_spec_string ("selected-action-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_property (object_class, PROP_SELECTED_ACTION_ID,
                                   selected_action_id_pspec);
  /* a WmGanttZoom; Ctrl+scroll and Ctrl+± change it too, so a zoom
   * control elsewhere follows it through notify::zoom */
  zoom_pspec = g_param_spec_int ("zoom", NULL, NULL, WM_GANTT_ZOOM_MONTH, WM_GANTT_ZOOM_YEAR,
                                 WM_GANTT_ZOOM_MONTH,
                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                 | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_property (object_class, PROP_ZOOM, zoom_pspec);

  /* Enter or a double-click on an action's row: open it */
  signals[ROW_ACTIVATED] = g_signal_new ("row-activated", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  /* a drag the plan refused (a stage outside its action …); when nothing
   * is connected the chart shows the message itself */
  signals[EDIT_FAILED] = g_signal_new ("edit-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_ERROR);

  debug_geometry_path = g_getenv ("WAYMARK_GANTT_DEBUG");
  if (debug_geometry_path != NULL && *debug_geometry_path == '\0')
    debug_geometry_path = NULL;

  gtk_widget_class_install_action (widget_class, "gantt.zoom", "i", zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "gantt.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "gantt.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "gantt.zoom", "i", -1);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "ganttchart");
}

static void
wm_gantt_chart_init (WmGanttChart *self)
{
  GtkEventController *scroll, *key;
  GtkGesture *click;

  self->zoom = WM_GANTT_ZOOM_MONTH;
  self->collapsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->selected_row = -1;
  self->show_dependencies = TRUE;
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->drag_gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag_gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (self->drag_gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (self->drag_gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (self->drag_gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (self->drag_gesture, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag_gesture));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Gantt chart"), -1);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
wm_gantt_chart_new (void)
{
  return g_object_new (WM_TYPE_GANTT_CHART, NULL);
}
