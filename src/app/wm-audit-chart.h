/* wm-audit-chart.h: one of the audit charts (wm-audit-charts.h) in the
 * window, drawn by the same render function as export and print */
#pragma once

#include <gtk/gtk.h>

#include "wm-audit-charts.h"

G_BEGIN_DECLS

#define WM_TYPE_AUDIT_CHART (wm_audit_chart_get_type ())

G_DECLARE_FINAL_TYPE (WmAuditChart, wm_audit_chart, WM, AUDIT_CHART, GtkWidget)

GtkWidget *wm_audit_chart_new       (WmAuditChartKind    kind);
void       wm_audit_chart_set_stats (WmAuditChart       *self,
                                     const WmAuditStats *stats);

G_END_DECLS
