#define G_LOG_DOMAIN "wm-kpi-chart-widget"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-kpi-chart.h"
#include "wm-kpi-chart-widget.h"

struct _WmKpiChartWidget
{
  GtkWidget    parent_instance;

  WmKpiSeries *series;
  guint        rolling;
  char        *own_label;
  int          hover;

  /* the plot's place, from the last snapshot: for hit testing */
  WmKpiChartLayout layout;
  gboolean         has_layout;
};

G_DEFINE_FINAL_TYPE (WmKpiChartWidget, wm_kpi_chart_widget, GTK_TYPE_WIDGET)

/* Colours from the theme, so the chart follows light, dark and high
 * contrast like the rest of the window. */
static void
get_style (WmKpiChartWidget *self,
           WmRenderStyle    *style)
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
make_view (WmKpiChartWidget *self,
           WmKpiChartView   *view)
{
  wm_kpi_chart_view_init (view, gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)));
  view->rolling_months = self->rolling;
  view->own_label = self->own_label;
  view->hover = self->hover;
  /* the page over the chart names the KPI already */
  view->show_name = FALSE;
}

static void
wm_kpi_chart_widget_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  WmKpiChartWidget *self = WM_KPI_CHART_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  WmRenderStyle style;
  WmKpiChartView view;
  cairo_t *cr;

  if (self->series == NULL || width < 50 || height < 50)
    return;
  get_style (self, &style);
  make_view (self, &view);
  if (!self->has_layout)
    {
      wm_kpi_chart_layout (self->series, &view, &style, &self->layout);
      self->has_layout = TRUE;
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  wm_kpi_chart_render (cr, self->series, &view, &style);
  cairo_destroy (cr);
}

static void
wm_kpi_chart_widget_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  WM_KPI_CHART_WIDGET (widget)->has_layout = FALSE;
}

static void
wm_kpi_chart_widget_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 260;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 900 : 420;
}

static void
set_hover (WmKpiChartWidget *self,
           int               hover)
{
  if (self->hover == hover)
    return;
  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           WmKpiChartWidget         *self)
{
  if (self->series == NULL || !self->has_layout)
    return;
  set_hover (self, wm_kpi_chart_hit (self->series, &self->layout, x, y));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          WmKpiChartWidget         *self)
{
  set_hover (self, -1);
}

/* The hovered period's value, numerator/denominator, note and benchmarks */
static gboolean
query_tooltip_cb (GtkWidget        *widget,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip,
                  WmKpiChartWidget *self)
{
  g_autofree char *text = NULL;
  int index;

  if (self->series == NULL || !self->has_layout)
    return FALSE;
  index = keyboard ? self->hover : wm_kpi_chart_hit (self->series, &self->layout, x, y);
  text = wm_kpi_describe_point (self->series, index);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_accessible (WmKpiChartWidget *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  if (self->series == NULL)
    return;
  /* Translators: the chart's accessible name, "Chart of K3: EHC needs … 20 weeks" */
  label = g_strdup_printf (_("Chart of %s: %s"), self->series->code, self->series->name);
  description = wm_kpi_describe_rating (self->series);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
style_changed_cb (WmKpiChartWidget *self)
{
  self->has_layout = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
wm_kpi_chart_widget_dispose (GObject *object)
{
  WmKpiChartWidget *self = WM_KPI_CHART_WIDGET (object);

  g_clear_pointer (&self->series, wm_kpi_series_unref);
  g_clear_pointer (&self->own_label, g_free);

  G_OBJECT_CLASS (wm_kpi_chart_widget_parent_class)->dispose (object);
}

static void
wm_kpi_chart_widget_class_init (WmKpiChartWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_kpi_chart_widget_dispose;
  widget_class->snapshot = wm_kpi_chart_widget_snapshot;
  widget_class->measure = wm_kpi_chart_widget_measure;
  widget_class->size_allocate = wm_kpi_chart_widget_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "kpichart");
}

static void
wm_kpi_chart_widget_init (WmKpiChartWidget *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
wm_kpi_chart_widget_new (void)
{
  return g_object_new (WM_TYPE_KPI_CHART_WIDGET, NULL);
}

void
wm_kpi_chart_widget_set_series (WmKpiChartWidget *self,
                                WmKpiSeries      *series)
{
  g_return_if_fail (WM_IS_KPI_CHART_WIDGET (self));

  if (series)
    wm_kpi_series_ref (series);
  g_clear_pointer (&self->series, wm_kpi_series_unref);
  self->series = series;
  self->hover = -1;
  self->has_layout = FALSE;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wm_kpi_chart_widget_set_rolling (WmKpiChartWidget *self,
                                 guint             months)
{
  g_return_if_fail (WM_IS_KPI_CHART_WIDGET (self));
  self->rolling = months;
  self->has_layout = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wm_kpi_chart_widget_set_own_label (WmKpiChartWidget *self,
                                   const char       *label)
{
  g_return_if_fail (WM_IS_KPI_CHART_WIDGET (self));
  g_free (self->own_label);
  self->own_label = g_strdup (label);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
wm_kpi_chart_widget_get_hover (WmKpiChartWidget *self)
{
  g_return_val_if_fail (WM_IS_KPI_CHART_WIDGET (self), -1);
  return self->hover;
}
