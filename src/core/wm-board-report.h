/* wm-board-report.h: what a board pack reports, read from the plan
 *
 * The SEND and Inclusion Board meets every six weeks and reads a progress
 * report on the plan.  A WmBoardReport is that report's content as at one
 * day: ratings by priority, the exceptions (every Red and Amber action and
 * every overdue one, with its lead and latest progress note), milestones
 * due before the next board and those missed, what changed since the last
 * board, and the risk register by residual score.  It is plain data, read
 * in one go; src/render lays it out on pages (wm-board-pack.h).
 *
 * "As at" a day in the past gives the report as the board saw it then:
 * ratings and notes are taken from the status updates up to that day.
 */
#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

typedef struct
{
  char    *code;          /* "G" */
  char    *label;         /* "Green" */
  char    *summary;       /* "Action on track"; may be "" */
  char    *colour;        /* "#rrggbb" */
  gboolean is_complete;
} WmBoardRating;

typedef struct
{
  char  *code;
  char  *title;
  guint  n_actions;
  guint *counts;          /* one per rating of the report, then "not rated" */
  guint  n_overdue;
} WmBoardPriority;

typedef struct
{
  char    *code;
  char    *title;
  char    *priority_code;
  char    *leads;         /* "Head of SEND; ICB lead" */
  char    *agency;
  int      rating;        /* index into ratings, -1: not rated */
  char    *due;           /* ISO, or NULL */
  char    *due_text;      /* the words the plan used, or NULL */
  int      days_overdue;  /* > 0 when overdue */
  gboolean is_exception_rating;  /* rated Red or Amber */
  char    *note;          /* the latest progress note, or NULL */
  char    *note_date;     /* ISO, or NULL */
  char    *note_author;
} WmBoardAction;

typedef struct
{
  char    *code;          /* "MS6", "1.1 M6" */
  char    *title;
  char    *action_code;   /* NULL for a plan milestone */
  char    *due;           /* ISO */
  int      days_late;     /* missed: days since due */
} WmBoardMilestone;

typedef struct
{
  char *date;             /* ISO */
  char *action_code;
  char *action_title;
  int   from_rating;      /* index into ratings, -1: none */
  int   to_rating;
  char *note;
  char *author;
  char *what;             /* a date change: "Due date moved from … to …"; else NULL */
} WmBoardChange;

typedef struct
{
  char *ref;
  char *title;
  char *owner;
  char *status;
  int   score_before;     /* 0: not scored */
  int   score_after;
  char *score_before_text;  /* "16 High" or "High" */
  char *score_after_text;
  char *band;             /* the residual band's name, or NULL */
  char *band_colour;      /* "#rrggbb", or NULL */
  char *trend;            /* "↓ down", or NULL */
  char *mitigation;
  char *linked_actions;   /* "1.1; 2.3" */
  gboolean closed;
} WmBoardRisk;

typedef struct
{
  char      *plan_title;
  char      *plan_area;
  char      *plan_kind;
  char      *as_at;            /* ISO: the report's day */
  char      *since;            /* ISO: the period covered starts the day after */
  char      *since_label;      /* the board it follows, or NULL */
  char      *next_board;       /* ISO */
  char      *next_board_label; /* NULL when no board date is in the plan */

  GArray    *ratings;          /* WmBoardRating, in the scale's order */
  GArray    *priorities;       /* WmBoardPriority, in the plan's order; the last is all actions */
  GArray    *actions;          /* WmBoardAction: every action, in the plan's order */
  GArray    *exceptions;       /* guint: indexes into actions */
  GArray    *milestones_due;   /* WmBoardMilestone, by due date */
  GArray    *milestones_missed;
  GArray    *changes;          /* WmBoardChange, by date */
  GArray    *risks;            /* WmBoardRisk: open ones by residual score, then closed */
  guint      n_overdue;
  guint      n_red, n_amber;
  guint      n_complete;
} WmBoardReport;

WmBoardReport *wm_board_report_new          (WmStore        *store,
                                             const char     *as_at,
                                             const char     *since,
                                             GError        **error);
void           wm_board_report_free         (WmBoardReport  *report);
char          *wm_board_report_format_date  (const char     *iso);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmBoardReport, wm_board_report_free)

G_END_DECLS
