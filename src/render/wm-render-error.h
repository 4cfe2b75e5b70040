/* wm-render-error.h: the error domain of the render layer */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WM_RENDER_ERROR (wm_render_error_quark ())

typedef enum
{
  WM_RENDER_ERROR_FAILED,
  WM_RENDER_ERROR_FORMAT,     /* a file name whose extension is not .png, .svg or .pdf */
  WM_RENDER_ERROR_TOO_BIG,    /* larger than one image can be */
  WM_RENDER_ERROR_INVALID,    /* options that contradict each other */
  WM_RENDER_ERROR_WRITE,      /* the file could not be written */
} WmRenderError;

GQuark wm_render_error_quark (void);

G_END_DECLS
