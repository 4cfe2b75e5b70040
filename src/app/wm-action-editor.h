/* wm-action-editor.h: the window in which a lead edits one action
 *
 * Every field of the action (code, title, description, leads, agency,
 * start, due and completed dates, rating with its progress note, stages,
 * milestones, dependencies, evidence and sign-off, impact measures), saved
 * through wm-plan-edit so that each save is checked, logged and undoable.
 * Transient for parent; present it with gtk_window_present().
 */
#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_ACTION_EDITOR (wm_action_editor_get_type ())

G_DECLARE_FINAL_TYPE (WmActionEditor, wm_action_editor, WM, ACTION_EDITOR, AdwWindow)

WmActionEditor *wm_action_editor_new (GtkWindow  *parent,
                                      WmStore    *store,
                                      const char *action_id);

G_END_DECLS
