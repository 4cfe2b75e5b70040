/* wm-history.h: undo and redo of plan edits
 *
 * One history per open database: wm_history_get_for_store() attaches it
 * to the store the first time it is asked for, so it starts empty each
 * time a plan is opened and an undo can never empty a freshly opened plan.
 *
 * An edit records, per cell it changed, the value before and after; a
 * step groups the cells of one user action ("Change rating of 1.2a").
 * Undoing a step writes the old values back through the store, as an
 * ordinary tracked write in one transaction, so that an undo propagates
 * by sync like any other edit.  Rows a step inserted are deleted on undo
 * and inserted again on redo, with the same values but a NEW id: the
 * delete left a tombstone that wins on every laptop, so a row brought back
 * under its old id would be deleted again at the next sync.  The history
 * maps old ids to new ones, so later steps (and values that pointed at
 * the old id) follow the row; callers must not keep ids of rows an undo
 * or redo brought back.
 */
#pragma once

#include <glib-object.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_HISTORY (wm_history_get_type ())

G_DECLARE_FINAL_TYPE (WmHistory, wm_history, WM, HISTORY, GObject)

WmHistory  *wm_history_get_for_store (WmStore     *store);

/* Recording a step: begin, then any number of record_* calls for writes
 * the caller has made inside its own store transaction, then end.  A step
 * begun inside another joins it (one Ctrl+Z undoes the editor's whole
 * save) and keeps the outer label; cancelling an inner step drops only
 * its part.  A new step clears what could be redone. */
void        wm_history_begin_step    (WmHistory   *self,
                                      const char  *label);
void        wm_history_record_update (WmHistory   *self,
                                      const char  *table,
                                      const char  *id,
                                      const char  *column,
                                      const char  *old_value,
                                      const char  *new_value);
void        wm_history_record_insert (WmHistory   *self,
                                      const char  *table,
                                      const char  *id);
void        wm_history_record_delete (WmHistory   *self,
                                      WmRecord    *deleted);
void        wm_history_end_step      (WmHistory   *self);
void        wm_history_cancel_step   (WmHistory   *self);

gboolean    wm_history_can_undo      (WmHistory   *self);
gboolean    wm_history_can_redo      (WmHistory   *self);
const char *wm_history_get_undo_label (WmHistory  *self);  /* nullable */
const char *wm_history_get_redo_label (WmHistory  *self);  /* nullable */
gboolean    wm_history_undo          (WmHistory   *self,
                                      GError     **error);
gboolean    wm_history_redo          (WmHistory   *self,
                                      GError     **error);
void        wm_history_clear         (WmHistory   *self);

G_END_DECLS
