#define G_LOG_DOMAIN "wm-gantt-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-gantt-chart.h"

struct _WmGanttChart
{
  GtkWidget      parent_instance;

  WmGanttModel  *model;
  WmGanttZoom    zoom;
  gboolean       show_baseline;
  gboolean       show_dependencies;

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
};

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
wm_gantt_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  WmGanttChart *self = WM_GANTT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  WmRenderStyle style;
  WmGanttView view;
  cairo_t *cr;

  if (self->model == NULL || width <= 0 || height <= 0)
    return;
  get_style (self, &style);
  make_view (self, &view, &style, NULL);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  wm_gantt_render (cr, self->model, &view, &style);
  cairo_destroy (cr);
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

  if (model == NULL)
    return FALSE;
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

static void
update_accessible (WmGanttChart *self)
{
  g_autofree char *text = self->model ? wm_gantt_model_to_text (self->model) : NULL;

  /* A screen reader (and the UI tests) read the chart as text: one line a
   * row with code, title, rating, dates and whether it is overdue. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text ? text : "",
                                  -1);
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
  update_accessible (self);
  configure_adjustments (self);
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

  G_OBJECT_CLASS (wm_gantt_chart_parent_class)->dispose (object);
}

static void
wm_gantt_chart_class_init (WmGanttChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_gantt_chart_dispose;
  object_class->set_property = wm_gantt_chart_set_property;
  object_class->get_property = wm_gantt_chart_get_property;
  widget_class->snapshot = wm_gantt_chart_snapshot;
  widget_class->measure = wm_gantt_chart_measure;
  widget_class->size_allocate = wm_gantt_chart_size_allocate;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

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
  GtkEventController *scroll;

  self->zoom = WM_GANTT_ZOOM_MONTH;
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
