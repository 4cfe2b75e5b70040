#define G_LOG_DOMAIN "wm-audit-chart"

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "wm-audit-chart.h"

/* The chart keeps no statistics of its own: the view hands it the ones it
 * computed, which live as long as the view's next refresh. */
struct _WmAuditChart
{
  GtkWidget           parent_instance;

  WmAuditChartKind    kind;
  const WmAuditStats *stats;
};

G_DEFINE_FINAL_TYPE (WmAuditChart, wm_audit_chart, GTK_TYPE_WIDGET)

/* Colours from the theme, so the chart follows light, dark and high
 * contrast like the rest of the window. */
static void
get_style (WmAuditChart  *self,
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
wm_audit_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  WmAuditChart *self = WM_AUDIT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  WmRenderStyle style;
  cairo_t *cr;

  if (self->stats == NULL || width < 50 || height < 50)
    return;
  get_style (self, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  wm_audit_chart_render (cr, self->kind, self->stats, width, height, &style, NULL);
  cairo_destroy (cr);
}

static void
wm_audit_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  WmAuditChart *self = WM_AUDIT_CHART (widget);
  WmRenderStyle style;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 700;
      return;
    }
  get_style (self, &style);
  *minimum = *natural = self->stats
                        ? (int) ceil (wm_audit_chart_natural_height (self->kind, self->stats, &style))
                        : 120;
}

static void
dark_changed_cb (WmAuditChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
wm_audit_chart_class_init (WmAuditChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = wm_audit_chart_snapshot;
  widget_class->measure = wm_audit_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "auditchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
wm_audit_chart_init (WmAuditChart *self)
{
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
wm_audit_chart_new (WmAuditChartKind kind)
{
  WmAuditChart *self = g_object_new (WM_TYPE_AUDIT_CHART, NULL);

  self->kind = kind;
  return GTK_WIDGET (self);
}

/* @stats must outlive the chart's next call here. */
void
wm_audit_chart_set_stats (WmAuditChart       *self,
                          const WmAuditStats *stats)
{
  g_autofree char *description = NULL;

  g_return_if_fail (WM_IS_AUDIT_CHART (self));

  self->stats = stats;
  if (stats != NULL)
    {
      description = wm_audit_chart_describe (self->kind, stats);
      /* the chart's words, so that a screen reader reads what it shows */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
