/* wm-store.h: one partnership's database
 *
 * WmStore owns the SQLite connection.  Every write goes through it, inside
 * a transaction, and is recorded by the change-tracking triggers that sync
 * relies on.  Tables and columns are named by their SQL names and checked
 * against the schema before any SQL is built, so no caller can inject SQL.
 */
#pragma once

#include <glib-object.h>

#include "wm-record.h"

G_BEGIN_DECLS

#define WM_TYPE_STORE (wm_store_get_type ())

G_DECLARE_FINAL_TYPE (WmStore, wm_store, WM, STORE, GObject)

typedef enum
{
  WM_STORE_OPEN_DEFAULT = 0,
  WM_STORE_OPEN_CREATE  = 1 << 0,  /* create the file when it does not exist */
} WmStoreOpenFlags;

typedef struct
{
  const char *priority_id;
  const char *agency;       /* matches a line of the action's agency */
  const char *lead;         /* substring of the leads, case-insensitive */
  const char *rating_id;
  const char *search;       /* code, title, description or progress note */
  gboolean    overdue_only; /* due before today and not complete */
  int         due_within_days; /* due on or before today + this many days and not
                                * complete, overdue ones included; 0 = any */
} WmActionFilter;

WmStore    *wm_store_open               (const char        *path,
                                         WmStoreOpenFlags   flags,
                                         GError           **error);
const char *wm_store_get_path           (WmStore           *self);
const char *wm_store_get_site_id        (WmStore           *self);
int         wm_store_get_schema_version (WmStore           *self);
int         wm_store_latest_schema_version (void);
void        wm_store_check_external     (WmStore           *self);

void        wm_store_set_review_mode    (WmStore           *self,
                                         gboolean           review_mode);
gboolean    wm_store_get_review_mode    (WmStore           *self);

gboolean    wm_store_begin              (WmStore           *self,
                                         GError           **error);
gboolean    wm_store_commit             (WmStore           *self,
                                         GError           **error);
void        wm_store_rollback           (WmStore           *self);

gboolean    wm_store_has_column         (WmStore           *self,
                                         const char        *table,
                                         const char        *column);
char       *wm_store_insert             (WmStore           *self,
                                         const char        *table,
                                         GError           **error,
                                         const char        *first_column,
                                         ...) G_GNUC_NULL_TERMINATED;
char       *wm_store_insert_v           (WmStore           *self,
                                         const char        *table,
                                         const char *const *columns,
                                         const char *const *values,
                                         GError           **error);
gboolean    wm_store_update             (WmStore           *self,
                                         const char        *table,
                                         const char        *id,
                                         GError           **error,
                                         const char        *first_column,
                                         ...) G_GNUC_NULL_TERMINATED;
gboolean    wm_store_update_v           (WmStore           *self,
                                         const char        *table,
                                         const char        *id,
                                         const char *const *columns,
                                         const char *const *values,
                                         GError           **error);
gboolean    wm_store_delete             (WmStore           *self,
                                         const char        *table,
                                         const char        *id,
                                         GError           **error);
WmRecord   *wm_store_get                (WmStore           *self,
                                         const char        *table,
                                         const char        *id,
                                         GError           **error);
WmRecord   *wm_store_find               (WmStore           *self,
                                         const char        *table,
                                         const char        *column,
                                         const char        *value,
                                         GError           **error);
GPtrArray  *wm_store_list               (WmStore           *self,
                                         const char        *table,
                                         const char        *filter_column,
                                         const char        *filter_value,
                                         GError           **error);
gint64      wm_store_count              (WmStore           *self,
                                         const char        *table,
                                         GError           **error);

/* The plan and its parts */
WmRecord   *wm_store_get_plan           (WmStore           *self,
                                         GError           **error);
char       *wm_store_create_plan        (WmStore           *self,
                                         const char        *area,
                                         const char        *title,
                                         GError           **error);
GPtrArray  *wm_store_list_ratings       (WmStore           *self,
                                         GError           **error);
WmRecord   *wm_store_find_rating        (WmStore           *self,
                                         const char        *code_or_label,
                                         GError           **error);
WmRecord   *wm_store_find_action        (WmStore           *self,
                                         const char        *code,
                                         GError           **error);
WmRecord   *wm_store_find_risk          (WmStore           *self,
                                         const char        *ref,
                                         GError           **error);
GPtrArray  *wm_store_list_actions       (WmStore           *self,
                                         const WmActionFilter *filter,
                                         GError           **error);
gboolean    wm_store_set_action_rating  (WmStore           *self,
                                         const char        *action_id,
                                         const char        *rating_code,
                                         const char        *note,
                                         const char        *author,
                                         GError           **error);

G_END_DECLS
