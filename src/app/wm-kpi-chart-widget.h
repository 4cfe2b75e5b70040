/* wm-kpi-chart-widget.h: a KPI's chart in the window
 *
 * Draws with wm_kpi_chart_render(), the same function as the PNG, SVG and
 * PDF exports.  Hovering a period highlights it and shows its value,
 * numerator and denominator, note and the benchmarks for that period; the
 * same words are the widget's accessible description, so a screen reader
 * hears what the chart shows.
 */
#pragma once

#include <gtk/gtk.h>

#include "wm-kpi.h"

G_BEGIN_DECLS

#define WM_TYPE_KPI_CHART_WIDGET (wm_kpi_chart_widget_get_type ())

G_DECLARE_FINAL_TYPE (WmKpiChartWidget, wm_kpi_chart_widget, WM, KPI_CHART_WIDGET, GtkWidget)

GtkWidget   *wm_kpi_chart_widget_new          (void);
void         wm_kpi_chart_widget_set_series   (WmKpiChartWidget *self,
                                               WmKpiSeries      *series);
void         wm_kpi_chart_widget_set_rolling  (WmKpiChartWidget *self,
                                               guint             months);
void         wm_kpi_chart_widget_set_own_label (WmKpiChartWidget *self,
                                               const char       *label);
int          wm_kpi_chart_widget_get_hover    (WmKpiChartWidget *self);

G_END_DECLS
