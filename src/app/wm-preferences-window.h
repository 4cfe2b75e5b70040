/* wm-preferences-window.h: who is using this computer
 *
 * Two settings, both about the person rather than the plan (the plan is
 * shared; these are not): the name recorded against their edits, and the
 * lead or agency whose actions "My Actions" shows.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WM_TYPE_PREFERENCES_WINDOW (wm_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (WmPreferencesWindow, wm_preferences_window, WM, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

WmPreferencesWindow *wm_preferences_window_new      (GtkWindow *parent);

GSettings           *wm_preferences_get_settings    (void);
char                *wm_preferences_get_author      (void);
char                *wm_preferences_get_my_lead     (void);

G_END_DECLS
