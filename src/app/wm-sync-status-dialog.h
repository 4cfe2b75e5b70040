/* wm-sync-status-dialog.h: this laptop and the laptops it exchanges with */
#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_SYNC_STATUS_DIALOG (wm_sync_status_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WmSyncStatusDialog, wm_sync_status_dialog, WM, SYNC_STATUS_DIALOG,
                      AdwPreferencesWindow)

GtkWidget *wm_sync_status_dialog_new (WmStore *store);

G_END_DECLS
