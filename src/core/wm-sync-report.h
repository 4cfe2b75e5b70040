/* wm-sync-report.h: what an export or import of sync changes did
 *
 * A plain value (boxed type): the CLI prints it and the window shows it
 * after "Send Changes…" and "Receive Changes…".
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WM_TYPE_SYNC_REPORT (wm_sync_report_get_type ())

/* Rows of one table that an import added, changed or deleted. */
typedef struct
{
  char  *table;
  guint  added;
  guint  updated;
  guint  deleted;
} WmSyncTableCount;

typedef struct
{
  char      *path;           /* the changes file */
  char      *peer_site;      /* import: who made it; export: whom it is for (NULL: anyone) */
  char      *peer_name;
  char      *plan_id;
  char      *plan_title;
  char      *plan_area;
  gboolean   joined;         /* import into a database that held no plan yet */
  gboolean   follows_on;     /* import: FALSE when earlier files from that laptop are missing */
  gboolean   dry_run;
  gint64     since;          /* the sender's versions (since, upto] that the file carries */
  gint64     upto;
  guint      cells;          /* cells in the file */
  guint      rows;           /* records the file touches */
  guint      tombstones;     /* of which deleted */
  guint      cells_applied;  /* import: cells that changed this database */
  guint      conflicts;      /* import: new conflicts kept for review */
  guint      settled;        /* import: open conflicts settled by the other laptop's choice */
  guint64    size;           /* export: bytes written */
  char      *backup_path;    /* import: the copy of the database made first */
  GPtrArray *tables;         /* of WmSyncTableCount, by table name; only tables that changed */
} WmSyncReport;

GType                   wm_sync_report_get_type        (void) G_GNUC_CONST;
WmSyncReport           *wm_sync_report_new             (void);
WmSyncReport           *wm_sync_report_copy            (const WmSyncReport *self);
void                    wm_sync_report_free            (WmSyncReport       *self);
WmSyncTableCount       *wm_sync_report_get_table       (WmSyncReport       *self,
                                                        const char         *table,
                                                        gboolean            create);
guint                   wm_sync_report_get_changed_rows (const WmSyncReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmSyncReport, wm_sync_report_free)

G_END_DECLS
