/* wm-plan-edit-private.h: what wm-plan-edit.c shares with WmStore's own
 * plan operations; never included above src/core. */
#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* Sets the action's rating (and its progress, when note is given) and
 * records the status update, inside the caller's transaction.  The
 * status update's id is returned in status_update_id when asked for. */
gboolean wm_store_write_action_rating (WmStore     *self,
                                       WmRecord    *action,
                                       WmRecord    *rating,
                                       const char  *note,
                                       const char  *author,
                                       char       **status_update_id,
                                       GError     **error);

G_END_DECLS
