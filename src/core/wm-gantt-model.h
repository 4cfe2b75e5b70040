/* wm-gantt-model.h: the plan as the Gantt draws it
 *
 * A plain, read-only snapshot of the plan built from the store in a few
 * SELECTs: rows in display order (a header row per priority, then its
 * actions), each action's stages and milestones, the plan's milestones,
 * phases, key dates, dependencies and rating scale.  Dates are GDate
 * Julian day numbers (1 = 1 January of year 1), 0 when not known.  No GTK
 * and no Cairo here: src/render draws it, the window, the CLI and the
 * tests read it.  Strings belong to the model and live as long as it.
 */
#pragma once

#include <glib-object.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_GANTT_MODEL (wm_gantt_model_get_type ())

typedef enum
{
  WM_GANTT_ROW_PRIORITY,
  WM_GANTT_ROW_ACTION,
} WmGanttRowKind;

typedef enum
{
  WM_GANTT_DEPENDENCY_FS,  /* finish to start: the usual "B starts when A ends" */
  WM_GANTT_DEPENDENCY_SS,
  WM_GANTT_DEPENDENCY_FF,
  WM_GANTT_DEPENDENCY_SF,
} WmGanttDependencyKind;

typedef struct
{
  const char *code;         /* "G" */
  const char *label;        /* "Green" */
  const char *summary;      /* "Action on track"; never NULL */
  const char *colour;       /* "#rrggbb" as the plan keeps it */
  gboolean    is_complete;
} WmGanttRating;

typedef struct
{
  const char *label;
  guint32     start;           /* first day */
  guint32     end;             /* last day, inclusive */
  guint32     baseline_start;  /* 0 when no baseline was set */
  guint32     baseline_end;
} WmGanttStage;

typedef struct
{
  const char *code;         /* "MS3", "1.1 M3" */
  const char *title;
  guint32     due;
  guint32     done;         /* 0 while not done */
  gboolean    missed;       /* due before today and not done */
} WmGanttMilestone;

typedef struct
{
  WmGanttRowKind  kind;
  const char     *id;
  const char     *code;            /* priority code ("1") or action code ("1.2a") */
  const char     *title;
  const char     *lead;            /* "Head of SEND (LCC) +2": the first lead and how many more */
  const char     *agency;          /* one agency a line, as stored; "" when none */
  int             priority_row;    /* action rows: the row of its priority header, or -1 */
  int             n_actions;       /* priority rows: how many action rows follow */
  int             rating;          /* index into the model's ratings, -1 when not rated */
  guint32         start, due, completed;
  guint32         baseline_start, baseline_due;
  guint           first_stage, n_stages;          /* into the model's stages */
  guint           first_milestone, n_milestones;  /* into the model's milestones */
  gboolean        complete;        /* completed date set, or a rating that means complete */
  gboolean        overdue;         /* due before today and not complete */
  gboolean        has_slippage;    /* a baseline due date is known */
  int             slippage_days;   /* due (or completed) minus baseline due: > 0 is late */
} WmGanttRow;

typedef struct
{
  const char *label;
  guint32     start;        /* first day of its first month */
  guint32     end;          /* last day of the month before its end month */
} WmGanttPhase;

typedef struct
{
  const char *label;
  const char *kind;         /* "board", "stocktake", "revisit", "other" … */
  guint32     date;
} WmGanttKeyDate;

typedef struct
{
  int                   from_row;
  int                   to_row;
  WmGanttDependencyKind kind;
  int                   lag_days;
} WmGanttDependency;

typedef struct _WmGanttModel WmGanttModel;

/* Fields are read only: build a new model when the plan changes. */
struct _WmGanttModel
{
  const char        *plan_title;
  const char        *plan_area;
  guint32            plan_start;       /* month 0 of the plan */
  guint32            today;            /* what "overdue" and "missed" are judged against */

  /* Everything dated in the plan, and the part the overview shows: from
   * month 0 (or the first bar) to the last bar, phase or plan milestone.
   * An action due years after its last stage (2.4 in the sample) is
   * marked at the edge of the overview rather than stretching it. */
  guint32            first_day, last_day;
  guint32            overview_first, overview_last;

  WmGanttRow        *rows;
  guint              n_rows;
  guint              n_action_rows;
  WmGanttStage      *stages;
  guint              n_stages;
  WmGanttMilestone  *milestones;       /* actions' milestones, by row */
  guint              n_milestones;
  WmGanttMilestone  *plan_milestones;  /* MS3 … MS12, by due date */
  guint              n_plan_milestones;
  WmGanttPhase      *phases;
  guint              n_phases;
  WmGanttKeyDate    *key_dates;        /* by date */
  guint              n_key_dates;
  WmGanttDependency *dependencies;     /* by MIN (from_row, to_row) */
  guint              n_dependencies;
  int                max_dependency_span;  /* largest |from_row - to_row| */
  WmGanttRating     *ratings;          /* the scale, in its order */
  guint              n_ratings;
};

GType              wm_gantt_model_get_type         (void) G_GNUC_CONST;
WmGanttModel      *wm_gantt_model_new_from_store   (WmStore              *store,
                                                    const WmActionFilter *filter,
                                                    GError              **error);
WmGanttModel      *wm_gantt_model_ref              (WmGanttModel         *self);
void               wm_gantt_model_unref            (WmGanttModel         *self);
void               wm_gantt_model_set_today        (WmGanttModel         *self,
                                                    guint32               today);
const WmGanttRating *wm_gantt_model_get_row_rating (const WmGanttModel   *self,
                                                    guint                 row);
int                wm_gantt_model_find_row         (const WmGanttModel   *self,
                                                    const char           *code);
char              *wm_gantt_model_row_to_text      (const WmGanttModel   *self,
                                                    guint                 row);
char              *wm_gantt_model_to_text          (const WmGanttModel   *self);

guint32            wm_gantt_julian_from_iso        (const char           *iso);
char              *wm_gantt_julian_to_iso          (guint32               julian);
guint32            wm_gantt_julian_today           (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmGanttModel, wm_gantt_model_unref)

G_END_DECLS
