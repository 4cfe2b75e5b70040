/* wm-sync-status.h: where this database stands with the laptops it syncs with */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WM_TYPE_SYNC_STATUS (wm_sync_status_get_type ())

typedef struct
{
  char     *site;
  char     *name;
  gboolean  direct;            /* a changes file from it has been imported here */
  gint64    acked_version;     /* it has imported our versions up to this */
  gint64    received_version;  /* we have imported its versions up to this */
  gint64    known_version;     /* its highest version we have seen, by any route */
  char     *last_import;       /* when we last imported a file from it (ISO 8601) */
  char     *last_export;       /* when we last wrote a file for it */
  gint64    unseen_cells;      /* our changes it has not acknowledged */
} WmSyncPeer;

typedef struct
{
  char      *site_id;
  char      *site_name;
  gint64     db_version;
  char      *plan_id;          /* NULL: no plan yet */
  char      *plan_title;
  char      *plan_area;
  char      *content_hash;     /* equal on two laptops exactly when their plans are */
  gint64     cells;            /* tracked cells, tombstones included */
  guint      open_conflicts;
  GPtrArray *peers;            /* of WmSyncPeer: direct peers first, then by name */
} WmSyncStatus;

GType         wm_sync_status_get_type (void) G_GNUC_CONST;
WmSyncStatus *wm_sync_status_new      (void);
WmSyncStatus *wm_sync_status_copy     (const WmSyncStatus *self);
void          wm_sync_status_free     (WmSyncStatus       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmSyncStatus, wm_sync_status_free)

G_END_DECLS
