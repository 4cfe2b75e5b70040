/* wm-changes-window.h: "Changes Since…": what moved in the plan since the
 * last board, for a co-chair preparing for the next one */
#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_CHANGES_WINDOW (wm_changes_window_get_type ())

G_DECLARE_FINAL_TYPE (WmChangesWindow, wm_changes_window, WM, CHANGES_WINDOW, AdwWindow)

GtkWidget  *wm_changes_window_new       (GtkWindow       *parent,
                                         WmStore         *store);
void        wm_changes_window_set_since (WmChangesWindow *self,
                                         const char      *since_iso);
const char *wm_changes_window_get_since (WmChangesWindow *self);
void        wm_changes_window_install   (GtkWidgetClass  *widget_class);

G_END_DECLS
