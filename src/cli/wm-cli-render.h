/* wm-cli-render.h: waymark-cli's render command (render gantt) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int wm_cli_render_main (const char  *db_path,
                        int          argc,
                        char       **argv);

G_END_DECLS
