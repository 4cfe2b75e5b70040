/* wm-export.h: the plan's actions and risks as CSV, for Excel and for
 * people who keep their own trackers */
#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

gboolean wm_export_csv (WmStore     *store,
                        const char  *what,
                        GString     *out,
                        GError     **error);

G_END_DECLS
