/* wm-plan-view.h: the action plan, priorities and their actions */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_PLAN_VIEW (wm_plan_view_get_type ())

G_DECLARE_FINAL_TYPE (WmPlanView, wm_plan_view, WM, PLAN_VIEW, GtkWidget)

G_END_DECLS
