/* wm-record-private.h: building records cheaply, for the store (private) */
#pragma once

#include <sqlite3.h>

#include "wm-record.h"

G_BEGIN_DECLS

GPtrArray *wm_record_columns_from_stmt (sqlite3_stmt *stmt);
WmRecord  *wm_record_new_from_stmt     (const char   *table,
                                        GPtrArray    *columns,
                                        sqlite3_stmt *stmt);

G_END_DECLS
