/* wm-record.h: one row of a synced table, as the store read it
 *
 * A record is an immutable snapshot: views hold records in list models and
 * re-read them when the store says the row changed.  Values are kept as
 * SQLite gave them (text, or NULL); accessors convert.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WM_TYPE_RECORD (wm_record_get_type ())

G_DECLARE_FINAL_TYPE (WmRecord, wm_record, WM, RECORD, GObject)

WmRecord     *wm_record_new          (const char         *table,
                                      const char *const  *columns,
                                      const char *const  *values);
const char   *wm_record_get_table    (WmRecord           *self);
const char   *wm_record_get_id       (WmRecord           *self);
const char   *wm_record_get          (WmRecord           *self,
                                      const char         *column);
const char   *wm_record_get_nonnull  (WmRecord           *self,
                                      const char         *column);
gint64        wm_record_get_int      (WmRecord           *self,
                                      const char         *column,
                                      gint64              fallback);
double        wm_record_get_double   (WmRecord           *self,
                                      const char         *column,
                                      double              fallback);
gboolean      wm_record_has_column   (WmRecord           *self,
                                      const char         *column);
const char *const *wm_record_get_columns (WmRecord       *self);

G_END_DECLS
