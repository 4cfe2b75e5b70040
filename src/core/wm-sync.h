/* wm-sync.h: sync by file (issue 3)
 *
 * Laptops that work offline exchange "changes files" (bundles, see
 * wm-bundle.h) by email or USB stick.  The model is a per-column
 * last-writer-wins CRDT, as in cr-sqlite:
 *
 * - Every cell (table, record id, field) carries a version, a Lamport time
 *   (clock_state.pending when it was written), and the site that wrote it.
 *   The higher (version, site) pair wins, compared in that order: the same
 *   answer on every laptop, whatever order files arrive in and however
 *   often one is imported.  A deleted record leaves a tombstone that beats
 *   every cell of it, and it is never brought back.
 * - Importing moves this laptop's clock past every version it has seen, so
 *   an edit made afterwards beats everything it was made on top of.
 * - Each file carries its writer's knowledge (per site, the highest version
 *   it had seen).  A local cell the writer had not seen, replaced by or
 *   beating an incoming value this laptop had not seen, is a conflict: the
 *   losing value is kept in `conflict` for a person to review, once (the
 *   same pair of writes seen again adds nothing).  It is kept where the two
 *   values first meet: two laptops that swap files both keep it; when they
 *   only send to the programme office, the office keeps it, and the files
 *   it sends on carry the winner to laptops that had seen the loser.  A
 *   delete against an edit is a conflict too (the delete wins: a record is
 *   never brought back).
 * - Each file also says up to which of each peer's versions its writer has
 *   imported, so "--peer" sends a peer only what it has not acknowledged.
 *   A file covers its writer's versions (since, upto]; one whose "since"
 *   is past what this laptop has from that writer (a file skipped, or one
 *   made for another laptop) still merges, but its writer's knowledge and
 *   acknowledgement are not taken on until the gap is filled, so that
 *   neither can claim more than this laptop really has.
 */
#pragma once

#include "wm-conflict.h"
#include "wm-store.h"
#include "wm-sync-report.h"
#include "wm-sync-status.h"

G_BEGIN_DECLS

typedef enum
{
  WM_SYNC_IMPORT_DEFAULT   = 0,
  WM_SYNC_IMPORT_DRY_RUN   = 1 << 0,  /* check and merge, report, then roll back */
  WM_SYNC_IMPORT_NO_BACKUP = 1 << 1,  /* for the fuzzer: no copy of the database first */
} WmSyncImportFlags;

#define WM_SYNC_BACKUPS_KEPT 5

gboolean      wm_sync_export           (WmStore            *store,
                                        const char         *path,
                                        const char         *peer_site,
                                        WmSyncReport      **out,
                                        GError            **error);
gboolean      wm_sync_import           (WmStore            *store,
                                        const char         *path,
                                        WmSyncReport      **out,
                                        GError            **error);
gboolean      wm_sync_import_full      (WmStore            *store,
                                        const char         *path,
                                        WmSyncImportFlags   flags,
                                        WmSyncReport      **out,
                                        GError            **error);
WmSyncStatus *wm_sync_status           (WmStore            *store,
                                        GError            **error);
char         *wm_sync_find_peer        (WmStore            *store,
                                        const char         *site_or_name,
                                        GError            **error);
char         *wm_sync_get_site_name    (WmStore            *store);
GPtrArray    *wm_sync_list_conflicts   (WmStore            *store,
                                        gboolean            include_resolved,
                                        GError            **error);
WmConflict   *wm_sync_get_conflict     (WmStore            *store,
                                        gint64              id,
                                        GError            **error);
gboolean      wm_sync_resolve_conflict (WmStore            *store,
                                        gint64              id,
                                        WmConflictChoice    choice,
                                        GError            **error);
char         *wm_sync_content_hash     (WmStore            *store,
                                        GError            **error);

G_END_DECLS
