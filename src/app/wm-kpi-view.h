/* wm-kpi-view.h: the KPIs the board follows */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_KPI_VIEW (wm_kpi_view_get_type ())

G_DECLARE_FINAL_TYPE (WmKpiView, wm_kpi_view, WM, KPI_VIEW, GtkWidget)

G_END_DECLS
