/* wm-audit-view.h: QA audits of EHC plans */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_AUDIT_VIEW (wm_audit_view_get_type ())

G_DECLARE_FINAL_TYPE (WmAuditView, wm_audit_view, WM, AUDIT_VIEW, GtkWidget)

G_END_DECLS
