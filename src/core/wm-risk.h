/* wm-risk.h: the risk register
 *
 * A WmRisk is a snapshot of one risk as the register shows it: its row,
 * its scores and bands before (inherent) and after (residual) mitigation
 * under the plan's scheme, its mitigations, linked actions, progress notes
 * and score history, the trend since its last review, whether its review
 * is overdue, and whether any action that mitigates it is rated Red.
 *
 * Every change goes through the functions below, which check each value
 * against the scheme and the rest of the register (a duplicate ref, a
 * review date before the risk was raised) and keep a dated history row
 * whenever a score changes, so that the trend can be drawn.
 */
#pragma once

#include <glib-object.h>

#include "wm-risk-scheme.h"
#include "wm-store.h"

G_BEGIN_DECLS

typedef enum
{
  WM_RISK_INHERENT,   /* before mitigation */
  WM_RISK_RESIDUAL,   /* after mitigation */
} WmRiskStage;

typedef enum
{
  WM_RISK_TREND_NEW,     /* no score from before the last review */
  WM_RISK_TREND_SAME,
  WM_RISK_TREND_DOWN,    /* the residual score fell: better */
  WM_RISK_TREND_UP,      /* the residual score rose: worse */
} WmRiskTrend;

typedef enum
{
  WM_RISK_WRITE_DEFAULT    = 0,
  WM_RISK_WRITE_REVIEWED   = 1 << 0,  /* this change is a review: reviewed_date = today */
  WM_RISK_WRITE_NO_HISTORY = 1 << 1,  /* the caller records history itself (imports) */
} WmRiskWriteFlags;

typedef struct
{
  char *id;           /* NULL for a mitigation not yet saved */
  char *text;
  char *owner;
  char *due_date;     /* ISO, or NULL */
  char *action_id;    /* the plan action that delivers it, or NULL */
  char *action_code;  /* its code ("1.3a"); in, the code to link */
} WmRiskMitigation;

typedef struct
{
  char *id;
  char *date;         /* ISO */
  char *author;
  char *note;
} WmRiskNote;

typedef struct
{
  char *date;         /* ISO */
  int   likelihood_before, impact_before, score_before;
  int   likelihood_after, impact_after, score_after;
  int   target;
  char *author;
} WmRiskHistoryEntry;

typedef struct
{
  char    *action_id;
  char    *code;
  char    *title;
  char    *rating_code;
  char    *rating_label;
  char    *rating_colour;
  gboolean red;       /* rated R or Red */
  gboolean direct;    /* linked to the risk itself, not only through a mitigation */
} WmRiskLink;

#define WM_TYPE_RISK (wm_risk_get_type ())

G_DECLARE_FINAL_TYPE (WmRisk, wm_risk, WM, RISK, GObject)

WmRecord           *wm_risk_get_record        (WmRisk       *self);
WmRiskScheme       *wm_risk_get_scheme        (WmRisk       *self);
const char         *wm_risk_get_id            (WmRisk       *self);
const char         *wm_risk_get_ref           (WmRisk       *self);
const char         *wm_risk_get_title         (WmRisk       *self);
const char         *wm_risk_get               (WmRisk       *self,
                                               const char   *column);
int                 wm_risk_get_likelihood    (WmRisk       *self,
                                               WmRiskStage   stage);
int                 wm_risk_get_impact        (WmRisk       *self,
                                               WmRiskStage   stage);
int                 wm_risk_get_score         (WmRisk       *self,
                                               WmRiskStage   stage);
const WmRiskBand   *wm_risk_get_band          (WmRisk       *self,
                                               WmRiskStage   stage);
char               *wm_risk_format_score      (WmRisk       *self,
                                               WmRiskStage   stage);
int                 wm_risk_get_target        (WmRisk       *self);
WmRiskTrend         wm_risk_get_trend         (WmRisk       *self);
int                 wm_risk_get_trend_from    (WmRisk       *self);
const char         *wm_risk_get_status        (WmRisk       *self);
gboolean            wm_risk_is_closed         (WmRisk       *self);
gboolean            wm_risk_is_overdue        (WmRisk       *self);
gboolean            wm_risk_is_flagged        (WmRisk       *self);
GArray             *wm_risk_get_links         (WmRisk       *self);
char               *wm_risk_format_links      (WmRisk       *self);
GArray             *wm_risk_get_mitigations   (WmRisk       *self);
GArray             *wm_risk_get_notes         (WmRisk       *self);
GArray             *wm_risk_get_history       (WmRisk       *self);
char               *wm_risk_describe          (WmRisk       *self);

const char         *wm_risk_trend_symbol      (WmRiskTrend   trend);
const char         *wm_risk_trend_name        (WmRiskTrend   trend);
const char         *wm_risk_field_label       (const char   *column);

/* Reading */
GPtrArray          *wm_risk_list              (WmStore      *store,
                                               WmRiskScheme *scheme,
                                               GError      **error);
WmRisk             *wm_risk_load              (WmStore      *store,
                                               WmRiskScheme *scheme,
                                               const char   *risk_id,
                                               GError      **error);
GPtrArray          *wm_risk_list_for_action   (WmStore      *store,
                                               const char   *action_id,
                                               GError      **error);
char               *wm_risk_next_ref          (WmStore      *store,
                                               GError      **error);

/* Writing */
gboolean            wm_risk_validate          (WmStore      *store,
                                               WmRiskScheme *scheme,
                                               const char   *risk_id,
                                               GHashTable   *values,
                                               char        **bad_column,
                                               GError      **error);
char               *wm_risk_create            (WmStore      *store,
                                               GHashTable   *values,
                                               const char   *author,
                                               WmRiskWriteFlags flags,
                                               char        **bad_column,
                                               GError      **error);
gboolean            wm_risk_update            (WmStore      *store,
                                               const char   *risk_id,
                                               GHashTable   *values,
                                               const char   *author,
                                               WmRiskWriteFlags flags,
                                               char        **bad_column,
                                               GError      **error);
gboolean            wm_risk_close             (WmStore      *store,
                                               const char   *risk_id,
                                               const char   *reason,
                                               const char   *author,
                                               GError      **error);
gboolean            wm_risk_delete            (WmStore      *store,
                                               const char   *risk_id,
                                               GError      **error);
gboolean            wm_risk_record_history    (WmStore      *store,
                                               WmRiskScheme *scheme,
                                               const char   *risk_id,
                                               const char   *date,
                                               const char   *author,
                                               GError      **error);
gboolean            wm_risk_add_history       (WmStore      *store,
                                               const char   *risk_id,
                                               const WmRiskHistoryEntry *entry,
                                               GError      **error);
gboolean            wm_risk_set_mitigations   (WmStore      *store,
                                               const char   *risk_id,
                                               GArray       *mitigations,
                                               char        **bad_field,
                                               GError      **error);
char               *wm_risk_add_note          (WmStore      *store,
                                               const char   *risk_id,
                                               const char   *date,
                                               const char   *author,
                                               const char   *note,
                                               GError      **error);
gboolean            wm_risk_set_linked_actions (WmStore     *store,
                                               const char   *risk_id,
                                               const char *const *action_codes,
                                               GError      **error);
gboolean            wm_risk_link_action       (WmStore      *store,
                                               const char   *risk_id,
                                               const char   *action_code,
                                               GError      **error);

GArray             *wm_risk_mitigations_new   (void);
void                wm_risk_mitigation_clear  (WmRiskMitigation *mitigation);

G_END_DECLS
