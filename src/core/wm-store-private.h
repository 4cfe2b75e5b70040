/* wm-store-private.h: for the core layer's own modules (sync, sample) and
 * for tests; never included above src/core. */
#pragma once

#include <sqlite3.h>

#include "wm-store.h"

G_BEGIN_DECLS

sqlite3      *wm_store_get_db              (WmStore      *self);
sqlite3_stmt *wm_store_prepare             (WmStore      *self,
                                            const char   *sql,
                                            GError      **error);
gboolean      wm_store_exec                (WmStore      *self,
                                            const char   *sql,
                                            GError      **error);
void          wm_store_set_sqlite_error    (WmStore      *self,
                                            GError      **error,
                                            int           rc,
                                            const char   *doing);
void          wm_store_queue_change        (WmStore      *self,
                                            const char   *table,
                                            const char   *id);
WmRecord     *wm_store_record_from_stmt    (const char   *table,
                                            sqlite3_stmt *stmt);
gboolean      wm_store_migrate_db          (sqlite3      *db,
                                            int           target_version,
                                            GError      **error);

G_END_DECLS
