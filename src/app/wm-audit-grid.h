/* wm-audit-grid.h: the scoring grid of one audit, at a moderation meeting
 *
 * Domains down, auditor and moderator across.  Typing a digit in a level
 * cell sets the level and moves down the column; N (or 0 where N/A is 0)
 * is N/A, Backspace clears, the arrows move, Tab goes on to the comment.
 * Every level and every keystroke of a comment is saved through the core
 * at once: there is no Save button to forget.  Moderation is blind: while
 * scoring as the moderator, the auditor's levels stay hidden until the
 * moderator has scored every domain and the overall judgement; then the
 * disagreements are shown and listed.
 */
#pragma once

#include <gtk/gtk.h>

#include "wm-audit.h"

G_BEGIN_DECLS

#define WM_TYPE_AUDIT_GRID (wm_audit_grid_get_type ())

G_DECLARE_FINAL_TYPE (WmAuditGrid, wm_audit_grid, WM, AUDIT_GRID, GtkWidget)

GtkWidget   *wm_audit_grid_new         (void);
void         wm_audit_grid_set_audit   (WmAuditGrid *self,
                                        WmStore     *store,
                                        const char  *audit_id);
void         wm_audit_grid_refresh     (WmAuditGrid *self);
void         wm_audit_grid_set_role    (WmAuditGrid *self,
                                        WmAuditRole  role);
WmAuditRole  wm_audit_grid_get_role    (WmAuditGrid *self);
void         wm_audit_grid_focus_first (WmAuditGrid *self);

G_END_DECLS
