/* wm-tracking.h: the change-tracking triggers that sync relies on (private)
 *
 * For every synced table, triggers record per (table, id, column) the
 * column's version, the writing site and the local db_version in `clock`;
 * a delete leaves a tombstone (column "__deleted").  They are generated
 * from the live schema after every migration, so a column added later is
 * tracked without anyone remembering to.  The version is the transaction's
 * Lamport time (clock_state.pending), which WmStore bumps at commit.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define WM_TOMBSTONE_COLUMN "__deleted"

gboolean   wm_tracking_install       (sqlite3     *db,
                                      GError     **error);
GPtrArray *wm_tracking_synced_tables (sqlite3     *db);
gboolean   wm_tracking_is_local_table (const char *table);

G_END_DECLS
