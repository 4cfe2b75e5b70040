/* wm-date-format.h: dates as people in England read them ("30 Sep 2023") */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *wm_date_format_short (const char *iso);

G_END_DECLS
