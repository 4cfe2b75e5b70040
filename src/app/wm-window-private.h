/* wm-window-private.h: WmWindow's parts for the files that split it */
#pragma once

#include "wm-window.h"

G_BEGIN_DECLS

void wm_window_show_error        (WmWindow     *self,
                                  const char   *heading,
                                  const GError *error);
void wm_window_toast             (WmWindow     *self,
                                  const char   *text);
void wm_window_sync_class_init   (GtkWidgetClass *widget_class);
void wm_window_sync_update       (WmWindow     *self);
void wm_window_history_class_init (GtkWidgetClass *widget_class);
void wm_window_history_update    (WmWindow     *self);
void wm_window_export_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
