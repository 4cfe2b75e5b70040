/* wm-window.h: a window onto one plan database */
#pragma once

#include <adwaita.h>

#include "wm-application.h"
#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_WINDOW (wm_window_get_type ())

G_DECLARE_FINAL_TYPE (WmWindow, wm_window, WM, WINDOW, AdwApplicationWindow)

WmWindow *wm_window_new              (WmApplication *application);
gboolean  wm_window_open_path        (WmWindow      *self,
                                      const char    *path);
void      wm_window_open_sample      (WmWindow      *self);
WmStore  *wm_window_get_store        (WmWindow      *self);
void      wm_window_take_screenshots (WmWindow      *self,
                                      const char    *directory);

G_END_DECLS
