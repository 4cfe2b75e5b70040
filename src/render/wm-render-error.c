#define G_LOG_DOMAIN "wm-render"

#include "wm-render-error.h"

G_DEFINE_QUARK (wm-render-error-quark, wm_render_error)
