/* wm-screenshot.h: saving what a widget shows as a PNG (screenshots for
 * people and for tests, as TESTING.md describes) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean wm_screenshot_save (GtkWidget   *widget,
                             const char  *path,
                             GError     **error);

G_END_DECLS
