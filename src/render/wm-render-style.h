/* wm-render-style.h: the colours and fonts every drawing takes
 *
 * Drawings in src/render are pure functions of (model, size, style): the
 * window passes the colours of the current GTK theme (light, dark, high
 * contrast), exports and the board pack pass the print style.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} WmColour;

typedef struct
{
  WmColour    foreground;
  WmColour    background;
  WmColour    grid;
  WmColour    accent;
  const char *font_family;
  double      font_size;    /* points */
  gboolean    dark;
} WmRenderStyle;

void     wm_render_style_init_light (WmRenderStyle *style);
void     wm_render_style_init_dark  (WmRenderStyle *style);
gboolean wm_colour_parse            (const char    *text,
                                     WmColour      *colour);

G_END_DECLS
