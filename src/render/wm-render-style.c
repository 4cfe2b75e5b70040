#define G_LOG_DOMAIN "wm-render"

#include "wm-render-style.h"

#include <stdio.h>
#include <string.h>

void
wm_render_style_init_light (WmRenderStyle *style)
{
  *style = (WmRenderStyle) {
    .foreground = { 0.12, 0.12, 0.14, 1.0 },
    .background = { 1.0, 1.0, 1.0, 1.0 },
    .grid = { 0.0, 0.0, 0.0, 0.10 },
    .accent = { 0.21, 0.52, 0.89, 1.0 },
    .font_family = "Cantarell, Sans",
    .font_size = 9.0,
    .dark = FALSE,
  };
}

void
wm_render_style_init_dark (WmRenderStyle *style)
{
  *style = (WmRenderStyle) {
    .foreground = { 1.0, 1.0, 1.0, 1.0 },
    .background = { 0.14, 0.14, 0.14, 1.0 },
    .grid = { 1.0, 1.0, 1.0, 0.12 },
    .accent = { 0.47, 0.68, 0.93, 1.0 },
    .font_family = "Cantarell, Sans",
    .font_size = 9.0,
    .dark = TRUE,
  };
}

/* Ratings and bands keep their colours as "#rrggbb" text in the plan. */
gboolean
wm_colour_parse (const char *text,
                 WmColour   *colour)
{
  unsigned int r, g, b;

  if (text == NULL || strlen (text) != 7 || sscanf (text, "#%02x%02x%02x", &r, &g, &b) != 3)
    return FALSE;
  *colour = (WmColour) { r / 255.0, g / 255.0, b / 255.0, 1.0 };
  return TRUE;
}
