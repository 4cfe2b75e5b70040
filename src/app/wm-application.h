/* wm-application.h: the Waymark application */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WM_TYPE_APPLICATION (wm_application_get_type ())

G_DECLARE_FINAL_TYPE (WmApplication, wm_application, WM, APPLICATION, AdwApplication)

WmApplication *wm_application_new              (void);
GSettings     *wm_application_get_settings     (WmApplication *self);
void           wm_application_add_recent       (WmApplication *self,
                                                const char    *path);
char          *wm_application_sample_path      (void);

G_END_DECLS
