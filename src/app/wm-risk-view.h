/* wm-risk-view.h: the risk register */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_RISK_VIEW (wm_risk_view_get_type ())

G_DECLARE_FINAL_TYPE (WmRiskView, wm_risk_view, WM, RISK_VIEW, GtkWidget)

G_END_DECLS
