/* wm-risk-scheme.h: how a plan scores its risks
 *
 * Registers come in two kinds.  Most councils and NHS bodies score
 * likelihood × impact on a matrix (5×5, scores 1–25) with labelled levels
 * and named, coloured score bands; some plans, like the Leicestershire
 * sample, rate each risk on a single severity scale (High, Medium, Low).
 * The scheme is data, kept per plan, so either can be used and changed.
 * A plan that has never saved a scheme uses the NHS 5×5 matrix.
 */
#pragma once

#include <glib-object.h>

#include "wm-store.h"

G_BEGIN_DECLS

typedef enum
{
  WM_RISK_SCHEME_MATRIX,    /* likelihood × impact */
  WM_RISK_SCHEME_SEVERITY,  /* one scale: the score is the level's value */
} WmRiskSchemeKind;

typedef enum
{
  WM_RISK_AXIS_LIKELIHOOD,
  WM_RISK_AXIS_IMPACT,
  WM_RISK_AXIS_SEVERITY,
} WmRiskAxis;

typedef struct
{
  int   value;        /* 1 … n */
  char *label;        /* "Rare", "Catastrophic", "High" */
  char *description;  /* nullable: what the level means */
} WmRiskLevel;

typedef struct
{
  int   min_score;
  int   max_score;
  char *name;         /* "Moderate" */
  char *colour;       /* "#rrggbb" */
} WmRiskBand;

typedef struct _WmRiskScheme WmRiskScheme;

struct _WmRiskScheme
{
  /*< private >*/
  gatomicrefcount   ref_count;
  /*< public >*/
  char             *id;        /* NULL until saved */
  WmRiskSchemeKind  kind;
  char             *name;
  int               appetite;  /* the target score risks should reach; 0: none */
  GArray           *likelihood;  /* of WmRiskLevel, by value; empty for severity */
  GArray           *impact;
  GArray           *severity;    /* empty for a matrix */
  GArray           *bands;       /* of WmRiskBand, lowest scores first */
};

#define WM_TYPE_RISK_SCHEME (wm_risk_scheme_get_type ())

GType              wm_risk_scheme_get_type          (void) G_GNUC_CONST;
WmRiskScheme      *wm_risk_scheme_new               (WmRiskSchemeKind   kind,
                                                     const char        *name);
WmRiskScheme      *wm_risk_scheme_new_default       (void);
WmRiskScheme      *wm_risk_scheme_new_three_level   (void);
WmRiskScheme      *wm_risk_scheme_ref               (WmRiskScheme      *self);
void               wm_risk_scheme_unref             (WmRiskScheme      *self);

void               wm_risk_scheme_add_level         (WmRiskScheme      *self,
                                                     WmRiskAxis         axis,
                                                     const char        *label,
                                                     const char        *description);
void               wm_risk_scheme_add_band          (WmRiskScheme      *self,
                                                     int                min_score,
                                                     int                max_score,
                                                     const char        *name,
                                                     const char        *colour);
GArray            *wm_risk_scheme_get_levels        (WmRiskScheme      *self,
                                                     WmRiskAxis         axis);
int                wm_risk_scheme_n_levels          (WmRiskScheme      *self,
                                                     WmRiskAxis         axis);
const WmRiskLevel *wm_risk_scheme_get_level         (WmRiskScheme      *self,
                                                     WmRiskAxis         axis,
                                                     int                value);
int                wm_risk_scheme_parse_level       (WmRiskScheme      *self,
                                                     WmRiskAxis         axis,
                                                     const char        *text);
char              *wm_risk_scheme_describe_levels   (WmRiskScheme      *self,
                                                     WmRiskAxis         axis);
int                wm_risk_scheme_max_score         (WmRiskScheme      *self);
int                wm_risk_scheme_score             (WmRiskScheme      *self,
                                                     int                likelihood,
                                                     int                impact);
const WmRiskBand  *wm_risk_scheme_band_for_score    (WmRiskScheme      *self,
                                                     int                score);
char              *wm_risk_scheme_format_score      (WmRiskScheme      *self,
                                                     int                score);
gboolean           wm_risk_scheme_check             (WmRiskScheme      *self,
                                                     GError           **error);

WmRiskScheme      *wm_risk_scheme_load              (WmStore           *store,
                                                     GError           **error);
gboolean           wm_risk_scheme_save              (WmRiskScheme      *self,
                                                     WmStore           *store,
                                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmRiskScheme, wm_risk_scheme_unref)

G_END_DECLS
