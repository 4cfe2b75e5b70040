/* wm-swatch.h: a small dot in a rating's or band's colour
 *
 * Colours are plan data ("#e5a50a" for Amber), so they cannot live in a
 * stylesheet; the dot is drawn, with a thin outline so that it stays
 * visible on light and dark backgrounds alike. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_SWATCH (wm_swatch_get_type ())

G_DECLARE_FINAL_TYPE (WmSwatch, wm_swatch, WM, SWATCH, GtkWidget)

GtkWidget *wm_swatch_new        (void);
void       wm_swatch_set_colour (WmSwatch   *self,
                                 const char *colour);

G_END_DECLS
