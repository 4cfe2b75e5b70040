/* wm-plan-edit.h: the checked, undoable edits of the action plan
 *
 * The window's editor, the Gantt's drag and the CLI change the plan
 * through these functions rather than wm_store_update(): each validates
 * first (due before start, a stage outside its action, a dependency
 * cycle, an unreadable date), writes in one transaction, logs date
 * changes with who, when and why, and records one WmHistory step so that
 * Ctrl+Z undoes it.  history may be NULL (the CLI).  On error nothing is
 * written and the error (WM_STORE_ERROR_INVALID, or
 * WM_PLAN_EDIT_ERROR_REASON_REQUIRED) names the field and the value.
 *
 * Dates are given as people type them: ISO "2023-09-30" or any form
 * wm_date parses ("end of September 2023", "30/09/23").  A date that
 * cannot be read is kept as free text (due_text) with the date unset,
 * except where a date is needed to draw (stages), where it is refused.
 */
#pragma once

#include "wm-history.h"
#include "wm-store.h"

G_BEGIN_DECLS

#define WM_PLAN_EDIT_ERROR (wm_plan_edit_error_quark ())

typedef enum
{
  /* A baseline is set and a due date moved: ask the person why, then
   * call again with the reason. */
  WM_PLAN_EDIT_ERROR_REASON_REQUIRED,
  /* A rating changed without a progress note. */
  WM_PLAN_EDIT_ERROR_NOTE_REQUIRED,
} WmPlanEditError;

GQuark   wm_plan_edit_error_quark (void);

/* Sets any of an action's own columns (code, title, description, leads,
 * agency, start_date, due_date, completed_date, progress, impact, …).
 * Date columns accept free text as above.  reason: why a date moved
 * (required for due_date once the plan has a baseline). */
gboolean wm_plan_edit_set_action   (WmStore            *store,
                                    WmHistory          *history,
                                    const char         *action_id,
                                    const char *const  *columns,
                                    const char *const  *values,
                                    const char         *reason,
                                    const char         *author,
                                    GError            **error);

/* A new rating needs a progress note; records a dated status update
 * with its author and the previous rating. */
gboolean wm_plan_edit_set_rating   (WmStore            *store,
                                    WmHistory          *history,
                                    const char         *action_id,
                                    const char         *rating_code,
                                    const char         *note,
                                    const char         *author,
                                    GError            **error);

/* Moves or resizes a stage (the Gantt's drag).  ISO dates; end >= start;
 * a stage that would fall outside its action's start and due is refused.
 * A reason is required as for due dates once there is a baseline. */
gboolean wm_plan_edit_set_stage_dates (WmStore         *store,
                                       WmHistory       *history,
                                       const char      *stage_id,
                                       const char      *start_iso,
                                       const char      *end_iso,
                                       const char      *reason,
                                       const char      *author,
                                       GError         **error);

/* "Set baseline": copies every action's and stage's start and due into
 * their baseline columns and stamps plan.baseline_at. */
gboolean wm_plan_edit_set_baseline (WmStore            *store,
                                    WmHistory          *history,
                                    const char         *author,
                                    GError            **error);

/* Evidence for an action or a milestone (exactly one of the two ids). */
char    *wm_plan_edit_add_evidence (WmStore            *store,
                                    WmHistory          *history,
                                    const char         *action_id,
                                    const char         *milestone_id,
                                    const char         *title,
                                    const char         *location,
                                    const char         *date,
                                    GError            **error);
gboolean wm_plan_edit_remove_evidence (WmStore         *store,
                                       WmHistory       *history,
                                       const char      *evidence_id,
                                       GError         **error);

/* Sign-off: who judged the evidence sufficient, and when (today when
 * date is NULL).  table is "action" or "milestone"; by == NULL clears. */
gboolean wm_plan_edit_sign_off     (WmStore            *store,
                                    WmHistory          *history,
                                    const char         *table,
                                    const char         *id,
                                    const char         *by,
                                    const char         *date,
                                    GError            **error);

/* Dependencies: kind "FS", "SS", "FF" or "SF"; a cycle is refused,
 * naming the actions on it. */
char    *wm_plan_edit_add_dependency (WmStore          *store,
                                      WmHistory        *history,
                                      const char       *from_action_id,
                                      const char       *to_action_id,
                                      const char       *kind,
                                      int               lag_days,
                                      GError          **error);
gboolean wm_plan_edit_remove_dependency (WmStore       *store,
                                         WmHistory     *history,
                                         const char    *dependency_id,
                                         GError       **error);

/* Removes a stage, or a milestone with the evidence filed under it,
 * undoably (an undo brings the evidence back with it).  table is "stage"
 * or "milestone". */
gboolean wm_plan_edit_remove       (WmStore            *store,
                                    WmHistory          *history,
                                    const char         *table,
                                    const char         *id,
                                    GError            **error);

G_END_DECLS
