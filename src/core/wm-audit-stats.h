/* wm-audit-stats.h: how far auditors and moderators agree, and how good
 * the plans are
 *
 * The plan's targets (Leicestershire APP 2023, actions 1.2b, 2.3 and 3.1
 * to 3.3): auditor and moderator give the same overall judgement on 80% of
 * audited plans; at least 8 audits completed and moderated every two
 * months; at least 3 in-depth (warm) audits each quarter; 90% of plans at
 * level 2 or higher in every QA domain.
 *
 * Agreement is counted on the pairs both gave: a domain both called N/A
 * says nothing about agreement on quality and is left out; one N/A against
 * a level is a disagreement.  Within-one agreement and kappa need two
 * points on the scale, so they leave out every pair with an N/A.
 *
 * Cohen's weighted kappa (Cohen 1968) with linear or quadratic weights
 * takes the order of the levels into account: 3 against 4 is a smaller
 * disagreement than 1 against 4.  Its standard error is the large-sample
 * one of Fleiss, Cohen and Everitt (1969), which gives the 95% confidence
 * interval; se0, under kappa = 0, is the one a test of "no better than
 * chance" uses.
 */
#pragma once

#include "wm-audit.h"

G_BEGIN_DECLS

#define WM_AUDIT_TARGET_AGREEMENT  0.80
#define WM_AUDIT_TARGET_STANDARD   0.90
#define WM_AUDIT_TARGET_MODERATED  8     /* per two-month window */
#define WM_AUDIT_TARGET_WARM       3     /* per quarter */

typedef enum
{
  WM_KAPPA_UNWEIGHTED,
  WM_KAPPA_LINEAR,
  WM_KAPPA_QUADRATIC,
  WM_KAPPA_N_WEIGHTINGS,
} WmKappaWeighting;

typedef struct
{
  gboolean defined;   /* FALSE with no pairs, or when chance agreement is 1 */
  double   n;         /* pairs */
  double   kappa;
  double   po;        /* observed (weighted) agreement */
  double   pe;        /* agreement expected by chance */
  double   se;        /* large-sample standard error (Fleiss, Cohen and Everitt 1969) */
  double   se0;       /* standard error when kappa is 0 */
  double   lower;     /* 95% confidence interval, kappa ± 1.96 se */
  double   upper;
} WmKappa;

typedef struct
{
  guint n;
  guint hits;
} WmAuditRatio;

typedef struct
{
  char         *code;
  char         *title;
  char         *label;          /* "B Special educational needs" */
  WmAuditRatio  exact;
  WmAuditRatio  within_one;
  WmKappa       kappa_linear;
  guint        *distribution;   /* agreed levels, one count per stats->levels entry */
  guint         scored;         /* audits with an agreed level here */
} WmAuditDomainStats;

typedef struct
{
  char         *key;            /* "new-plan", or the agency as written */
  char         *label;
  WmAuditRatio  standard;       /* audits scored in every domain; those meeting it */
} WmAuditGroupStats;

typedef struct
{
  guint32       first_day;      /* Julian days, inclusive */
  guint32       last_day;
  char         *label;          /* "Mar–Apr 2023", "Q2 2023" */
  guint         audits;         /* audits dated in the window */
  guint         moderated;      /* of those, moderated in every domain */
  guint         warm;           /* of those, warm (in-depth) audits */
  WmAuditRatio  overall;        /* same overall judgement */
  WmAuditRatio  standard;       /* meeting the standard in every domain */
} WmAuditWindow;

typedef struct
{
  char         *name;
  WmAuditRatio  overall;
  WmAuditRatio  domains;
} WmAuditRaterStats;

typedef struct
{
  char         *from;           /* the period covered (ISO), NULL: open */
  char         *to;
  guint         audits;
  guint         moderated;
  WmAuditRatio  overall;        /* exact agreement on the overall judgement */
  WmKappa       overall_kappa[WM_KAPPA_N_WEIGHTINGS];
  WmAuditRatio  domain_exact;   /* every domain's pairs together */
  WmAuditRatio  domain_within_one;
  WmKappa       domain_kappa[WM_KAPPA_N_WEIGHTINGS];
  WmAuditRatio  standard;       /* audits meeting the standard in every domain */
  GArray       *levels;         /* of WmAuditLevel: the scale, highest first, N/A last */
  GPtrArray    *domains;        /* of WmAuditDomainStats, in template order */
  GPtrArray    *by_type;        /* of WmAuditGroupStats */
  GPtrArray    *by_agency;      /* of WmAuditGroupStats */
  GPtrArray    *windows;        /* of WmAuditWindow: two-month windows (Jan–Feb, Mar–Apr …) */
  GPtrArray    *quarters;       /* of WmAuditWindow: calendar quarters */
  GPtrArray    *auditors;       /* of WmAuditRaterStats, by name */
} WmAuditStats;

void          wm_kappa_weights          (WmKappaWeighting     weighting,
                                         guint                k,
                                         double              *weights);
gboolean      wm_kappa_compute          (const double        *counts,
                                         guint                k,
                                         const double        *weights,
                                         WmKappa             *out);
const char   *wm_kappa_weighting_name   (WmKappaWeighting     weighting);

double        wm_audit_ratio_share      (WmAuditRatio         ratio);

WmAuditStats *wm_audit_stats_compute    (WmStore             *store,
                                         const WmAuditFilter *filter,
                                         GError             **error);
WmAuditStats *wm_audit_stats_compute_for (GPtrArray          *audits,
                                         GHashTable          *templates,
                                         const char          *from,
                                         const char          *to);
void          wm_audit_stats_free       (WmAuditStats        *stats);
char         *wm_audit_stats_to_text    (const WmAuditStats  *stats);
void          wm_audit_stats_to_csv     (const WmAuditStats  *stats,
                                         GString             *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmAuditStats, wm_audit_stats_free)

G_END_DECLS
