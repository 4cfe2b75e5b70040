/* wm-plan-changes.h: what changed in the plan since the last board
 *
 * A board co-chair's first question is "what has moved since we last
 * met?".  wm_plan_changes_query() reads it from the plan's own records,
 * grouped the way a board talks about it: rating changes with their
 * progress notes, moved dates with their reasons, new actions, completed
 * actions, milestones met and milestones missed.
 *
 * The window is the days after @since up to and including @until, as in
 * the board pack (wm-board-report.c): a change made on the day of the
 * last board was reported to that board.  Dates are ISO 8601 days.
 */
#pragma once

#include <glib-object.h>

#include "wm-store.h"

G_BEGIN_DECLS

typedef enum
{
  WM_PLAN_CHANGE_RATING,            /* a status update: old → new rating, note */
  WM_PLAN_CHANGE_DATE,              /* a date moved: old → new, reason */
  WM_PLAN_CHANGE_NEW_ACTION,        /* an action first written in the window */
  WM_PLAN_CHANGE_COMPLETED,         /* completed, or rated complete, in the window */
  WM_PLAN_CHANGE_MILESTONE_MET,     /* done in the window */
  WM_PLAN_CHANGE_MILESTONE_MISSED,  /* due in the window (and passed), not done */
  WM_PLAN_CHANGE_N_KINDS
} WmPlanChangeKind;

/* One entry.  Strings are NULL when they do not apply to the kind. */
typedef struct
{
  WmPlanChangeKind kind;
  char *date;               /* the day it happened (missed: the day it was due) */
  char *when;               /* the recorded time, as stored (created_at, changed_at) */
  char *action_id;
  char *action_code;        /* "1.2a" */
  char *action_title;
  char *milestone_id;
  char *milestone_code;     /* "MS6" */
  char *milestone_title;
  char *stage_label;        /* a date change on one of the action's stages */
  /* WM_PLAN_CHANGE_RATING, and the rating that completed an action */
  char *old_rating_code;    /* NULL: no earlier rating known */
  char *old_rating_label;
  char *old_rating_colour;
  char *new_rating_code;
  char *new_rating_label;
  char *new_rating_colour;
  /* WM_PLAN_CHANGE_DATE: the column ("due_date") and its values */
  char *field;
  char *old_value;
  char *new_value;
  char *note;               /* the progress note, or why a date moved */
  char *author;
} WmPlanChange;

typedef struct _WmPlanChanges WmPlanChanges;

struct _WmPlanChanges
{
  /*< private >*/
  gatomicrefcount ref_count;
  /*< public >*/
  char      *since;         /* (nullable): NULL for "since the plan began" */
  char      *since_label;   /* the board's key date label when since was defaulted */
  char      *until;
  GPtrArray *entries[WM_PLAN_CHANGE_N_KINDS];  /* of WmPlanChange */
};

#define WM_TYPE_PLAN_CHANGES (wm_plan_changes_get_type ())
GType          wm_plan_changes_get_type      (void) G_GNUC_CONST;

WmPlanChanges *wm_plan_changes_ref           (WmPlanChanges  *changes);
void           wm_plan_changes_unref         (WmPlanChanges  *changes);

WmPlanChanges *wm_plan_changes_query         (WmStore        *store,
                                              const char     *since_iso,
                                              const char     *until_iso,
                                              GError        **error);
char          *wm_plan_changes_default_since (WmStore        *store,
                                              const char     *today_iso,
                                              char          **label_out,
                                              GError        **error);
GPtrArray     *wm_plan_changes_get           (WmPlanChanges  *changes,
                                              WmPlanChangeKind kind);
guint          wm_plan_changes_count         (WmPlanChanges  *changes);
const char    *wm_plan_changes_kind_title    (WmPlanChangeKind kind);
const char    *wm_plan_changes_field_name    (const char     *field);
char          *wm_plan_changes_to_text       (WmPlanChanges  *changes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmPlanChanges, wm_plan_changes_unref)

G_END_DECLS
