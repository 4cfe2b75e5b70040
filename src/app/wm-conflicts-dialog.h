/* wm-conflicts-dialog.h: reviewing edits that collided between laptops */
#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_CONFLICTS_DIALOG (wm_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WmConflictsDialog, wm_conflicts_dialog, WM, CONFLICTS_DIALOG, AdwWindow)

GtkWidget *wm_conflicts_dialog_new (WmStore *store);

G_END_DECLS
