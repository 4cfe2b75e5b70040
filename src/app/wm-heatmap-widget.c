#define G_LOG_DOMAIN "wm-heatmap-widget"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-heatmap.h"
#include "wm-heatmap-widget.h"

struct _WmHeatmapWidget
{
  GtkWidget        parent_instance;

  WmRiskScheme    *scheme;
  GPtrArray       *risks;        /* WmRisk */
  char            *selected_id;
  char            *hover_id;
  gboolean         residual_only;
  char            *description;

  WmHeatmapLayout *layout;       /* for the current size and data; NULL when stale */
  int              layout_width, layout_height;
};

enum {
  RISK_SELECTED,
  RISK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WmHeatmapWidget, wm_heatmap_widget, GTK_TYPE_WIDGET)

/* Colours from the theme, so the map follows light, dark and high
 * contrast like the rest of the window. */
static void
get_style (WmHeatmapWidget *self,
           WmRenderStyle   *style)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA colour;

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    wm_render_style_init_dark (style);
  else
    wm_render_style_init_light (style);
  gtk_style_context_get_color (context, &colour);
  style->foreground = (WmColour) { colour.red, colour.green, colour.blue, colour.alpha };
  if (gtk_style_context_lookup_color (context, "view_bg_color", &colour))
    style->background = (WmColour) { colour.red, colour.green, colour.blue, 1.0 };
  if (gtk_style_context_lookup_color (context, "accent_color", &colour))
    style->accent = (WmColour) { colour.red, colour.green, colour.blue, 1.0 };
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
invalidate (WmHeatmapWidget *self)
{
  g_clear_pointer (&self->layout, wm_heatmap_layout_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static WmHeatmapLayout *
get_layout (WmHeatmapWidget *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  WmHeatmapOptions options;
  WmRenderStyle style;

  if (self->scheme == NULL || width <= 0 || height <= 0)
    return NULL;
  if (self->layout != NULL && self->layout_width == width && self->layout_height == height)
    return self->layout;

  g_clear_pointer (&self->layout, wm_heatmap_layout_free);
  get_style (self, &style);
  wm_heatmap_options_init (&options);
  options.residual_only = self->residual_only;
  options.selected_id = self->selected_id;
  options.hover_id = self->hover_id;
  self->layout = wm_heatmap_layout_new (self->scheme, self->risks, width, height, &options,
                                        &style);
  self->layout_width = width;
  self->layout_height = height;
  return self->layout;
}

static void
wm_heatmap_widget_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  WmHeatmapWidget *self = WM_HEATMAP_WIDGET (widget);
  WmHeatmapLayout *layout = get_layout (self);
  WmRenderStyle style;
  cairo_t *cr;

  if (layout == NULL)
    return;
  get_style (self, &style);
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget)));
  wm_heatmap_render_layout (cr, layout, &style);
  cairo_destroy (cr);
}

static void
wm_heatmap_widget_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  /* Enough for a 5×5 grid of readable markers; it grows with the window. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 300;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

static void
wm_heatmap_widget_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  WmHeatmapWidget *self = WM_HEATMAP_WIDGET (widget);

  if (width != self->layout_width || height != self->layout_height)
    g_clear_pointer (&self->layout, wm_heatmap_layout_free);
}

static void
update_accessible (WmHeatmapWidget *self)
{
  WmHeatmapOptions options;

  wm_heatmap_options_init (&options);
  options.residual_only = self->residual_only;
  g_free (self->description);
  self->description = self->scheme ? wm_heatmap_describe (self->scheme, self->risks, &options)
                                   : g_strdup ("");
  /* A screen reader (and the UI tests) read the map as text: every risk
   * and the cells it sits in before and after mitigation. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
}

static void
set_hover (WmHeatmapWidget *self,
           const char      *id)
{
  if (g_strcmp0 (self->hover_id, id) == 0)
    return;
  g_free (self->hover_id);
  self->hover_id = g_strdup (id);
  invalidate (self);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           WmHeatmapWidget          *self)
{
  WmHeatmapLayout *layout = get_layout (self);
  const WmHeatmapMarker *marker = layout ? wm_heatmap_layout_marker_at (layout, x, y) : NULL;

  set_hover (self, marker && !marker->folded ? wm_risk_get_id (marker->risk) : NULL);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          WmHeatmapWidget          *self)
{
  set_hover (self, NULL);
}

static gboolean
query_tooltip_cb (GtkWidget       *widget,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip,
                  WmHeatmapWidget *self)
{
  WmHeatmapLayout *layout = get_layout (self);
  const WmHeatmapMarker *marker;
  int column, row;

  if (layout == NULL)
    return FALSE;
  marker = wm_heatmap_layout_marker_at (layout, x, y);
  if (marker != NULL && !marker->folded)
    {
      g_autofree char *text = wm_heatmap_describe_risk (marker->risk);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  /* A count, or the cell itself: what is in it */
  if (wm_heatmap_layout_cell_at (layout, x, y, &column, &row))
    {
      g_autoptr(GPtrArray) in_cell = wm_heatmap_layout_risks_in_cell (layout, column, row);
      g_autofree char *name = wm_heatmap_layout_cell_name (layout, column, row);
      g_autoptr(GString) text = g_string_new (name);

      if (in_cell->len == 0)
        g_string_append_printf (text, "\n%s", _("No risks"));
      for (guint i = 0; i < in_cell->len && i < 30; i++)
        {
          const WmHeatmapMarker *m = in_cell->pdata[i];
          g_autofree char *title = g_utf8_substring (wm_risk_get_title (m->risk), 0, 60);

          g_string_append_printf (text, "\n%s %s (%s)", wm_risk_get_ref (m->risk), title,
                                  m->stage == WM_RISK_INHERENT ? _("before mitigation")
                                                               : _("after mitigation"));
        }
      if (in_cell->len > 30)
        g_string_append_printf (text, "\n… +%u", in_cell->len - 30);
      gtk_tooltip_set_text (tooltip, text->str);
      return TRUE;
    }
  return FALSE;
}

static void
select_risk (WmHeatmapWidget *self,
             const char      *id,
             gboolean         notify)
{
  wm_heatmap_widget_set_selected (self, id);
  if (notify && id != NULL)
    g_signal_emit (self, signals[RISK_SELECTED], 0, id);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            WmHeatmapWidget *self)
{
  WmHeatmapLayout *layout = get_layout (self);
  const WmHeatmapMarker *marker = layout ? wm_heatmap_layout_marker_at (layout, x, y) : NULL;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (marker == NULL)
    return;
  select_risk (self, wm_risk_get_id (marker->risk), TRUE);
  if (n_press == 2)
    g_signal_emit (self, signals[RISK_ACTIVATED], 0, wm_risk_get_id (marker->risk));
}

/* Left and right step through the risks drawn, highest score first. */
static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmHeatmapWidget *self = WM_HEATMAP_WIDGET (widget);
  int step = g_variant_get_int32 (parameter);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  int current = -1;

  for (guint i = 0; self->risks && i < self->risks->len; i++)
    {
      WmRisk *risk = self->risks->pdata[i];

      if (wm_risk_is_closed (risk)
          || (wm_risk_get_score (risk, WM_RISK_INHERENT) == 0
              && wm_risk_get_score (risk, WM_RISK_RESIDUAL) == 0))
        continue;
      g_ptr_array_add (order, risk);
    }
  if (order->len == 0)
    return;
  for (guint i = 0; i < order->len; i++)
    if (g_strcmp0 (wm_risk_get_id (order->pdata[i]), self->selected_id) == 0)
      current = (int) i;
  current = current < 0 ? 0 : (current + step + (int) order->len) % (int) order->len;
  select_risk (self, wm_risk_get_id (order->pdata[current]), TRUE);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WmHeatmapWidget *self = WM_HEATMAP_WIDGET (widget);

  if (self->selected_id != NULL)
    g_signal_emit (self, signals[RISK_ACTIVATED], 0, self->selected_id);
}

static void
wm_heatmap_widget_dispose (GObject *object)
{
  WmHeatmapWidget *self = WM_HEATMAP_WIDGET (object);

  g_clear_pointer (&self->layout, wm_heatmap_layout_free);
  g_clear_pointer (&self->scheme, wm_risk_scheme_unref);
  g_clear_pointer (&self->risks, g_ptr_array_unref);

  G_OBJECT_CLASS (wm_heatmap_widget_parent_class)->dispose (object);
}

static void
wm_heatmap_widget_finalize (GObject *object)
{
  WmHeatmapWidget *self = WM_HEATMAP_WIDGET (object);

  g_free (self->selected_id);
  g_free (self->hover_id);
  g_free (self->description);

  G_OBJECT_CLASS (wm_heatmap_widget_parent_class)->finalize (object);
}

static void
wm_heatmap_widget_class_init (WmHeatmapWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_heatmap_widget_dispose;
  object_class->finalize = wm_heatmap_widget_finalize;
  widget_class->snapshot = wm_heatmap_widget_snapshot;
  widget_class->measure = wm_heatmap_widget_measure;
  widget_class->size_allocate = wm_heatmap_widget_size_allocate;

  /**
   * WmHeatmapWidget::risk-selected:
   * @risk_id: the risk clicked or stepped to
   */
  signals[RISK_SELECTED] = g_signal_new ("risk-selected", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_STRING);
  /**
   * WmHeatmapWidget::risk-activated:
   * @risk_id: the risk double-clicked, or selected when Enter was pressed
   */
  signals[RISK_ACTIVATED] = g_signal_new ("risk-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "heatmap.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "heatmap.open", NULL, activate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "heatmap.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "heatmap.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "heatmap.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "heatmap.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "heatmap.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "heatmap.open", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "heatmap");
}

static void
wm_heatmap_widget_init (WmHeatmapWidget *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Risk heat map"), -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (invalidate), self, G_CONNECT_SWAPPED);
  update_accessible (self);
}

GtkWidget *
wm_heatmap_widget_new (void)
{
  return g_object_new (WM_TYPE_HEATMAP_WIDGET, NULL);
}

/**
 * wm_heatmap_widget_set_risks:
 * @scheme: (nullable): the plan's scheme, or %NULL for no plan
 * @risks: (nullable) (element-type WmRisk): the register
 */
void
wm_heatmap_widget_set_risks (WmHeatmapWidget *self,
                             WmRiskScheme    *scheme,
                             GPtrArray       *risks)
{
  g_return_if_fail (WM_IS_HEATMAP_WIDGET (self));

  if (scheme)
    wm_risk_scheme_ref (scheme);
  g_clear_pointer (&self->scheme, wm_risk_scheme_unref);
  self->scheme = scheme;
  if (risks)
    g_ptr_array_ref (risks);
  g_clear_pointer (&self->risks, g_ptr_array_unref);
  self->risks = risks;
  update_accessible (self);
  invalidate (self);
}

void
wm_heatmap_widget_set_selected (WmHeatmapWidget *self,
                                const char      *risk_id)
{
  g_return_if_fail (WM_IS_HEATMAP_WIDGET (self));

  if (g_strcmp0 (self->selected_id, risk_id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (risk_id);
  invalidate (self);
}

const char *
wm_heatmap_widget_get_selected (WmHeatmapWidget *self)
{
  g_return_val_if_fail (WM_IS_HEATMAP_WIDGET (self), NULL);
  return self->selected_id;
}

void
wm_heatmap_widget_set_residual_only (WmHeatmapWidget *self,
                                     gboolean         residual_only)
{
  g_return_if_fail (WM_IS_HEATMAP_WIDGET (self));

  if (self->residual_only == !!residual_only)
    return;
  self->residual_only = !!residual_only;
  update_accessible (self);
  invalidate (self);
}

const char *
wm_heatmap_widget_get_description (WmHeatmapWidget *self)
{
  g_return_val_if_fail (WM_IS_HEATMAP_WIDGET (self), NULL);
  return self->description;
}
