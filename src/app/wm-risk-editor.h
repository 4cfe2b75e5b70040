/* wm-risk-editor.h: adding or changing one risk
 *
 * A window over the main one with every field of a risk: ref (the next
 * free one for a new risk, editable), date raised, title, description,
 * owner, category, likelihood and impact before and after mitigation (or
 * the severity, on a one-scale scheme), mitigations with owner, due date
 * and the plan action that delivers each, linked actions, target, a new
 * progress note, next review, and status with the reason for closing.
 * Saving is all or nothing; a refused value is named above the form and
 * its field is marked and focused.  Every save counts as a review.
 */
#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_RISK_EDITOR (wm_risk_editor_get_type ())

G_DECLARE_FINAL_TYPE (WmRiskEditor, wm_risk_editor, WM, RISK_EDITOR, AdwWindow)

WmRiskEditor *wm_risk_editor_new (GtkWindow  *parent,
                                  WmStore    *store,
                                  const char *risk_id);

G_END_DECLS
