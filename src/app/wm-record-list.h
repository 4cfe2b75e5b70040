/* wm-record-list.h: a list model of one table's records that follows the
 * store
 *
 * The risk, audit and KPI views each show one table; this keeps a
 * GListStore of its records in step with WmStore::changed, so the views
 * only say what to show.
 */
#pragma once

#include <gio/gio.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_RECORD_LIST (wm_record_list_get_type ())

G_DECLARE_FINAL_TYPE (WmRecordList, wm_record_list, WM, RECORD_LIST, GObject)

WmRecordList *wm_record_list_new       (const char   *table);
void          wm_record_list_set_store (WmRecordList *self,
                                        WmStore      *store);
WmStore      *wm_record_list_get_store (WmRecordList *self);
GListModel   *wm_record_list_get_model (WmRecordList *self);

G_END_DECLS
