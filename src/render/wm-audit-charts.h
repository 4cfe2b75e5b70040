/* wm-audit-charts.h: the audit dashboard's charts on any cairo_t
 *
 * Three charts of the statistics in wm-audit-stats.h, each a pure
 * function of (stats, size, style) shared by the window, export and the
 * board pack:
 * - the agreed levels of each domain, as stacked bars (best levels first,
 *   so that the share at the standard or above reads from the left);
 * - the share of audits where auditor and moderator gave the same overall
 *   judgement, by two-month window, against the 80% target;
 * - the share of audits meeting the standard in every domain, by
 *   two-month window, against the 90% target.
 * A window with nothing to count is a gap, never a zero.  Coordinates are
 * cairo user units, 1 unit = 1 pixel at 96 dpi.
 */
#pragma once

#include <cairo.h>

#include "wm-audit-stats.h"
#include "wm-render-style.h"

G_BEGIN_DECLS

typedef enum
{
  WM_AUDIT_CHART_LEVELS,
  WM_AUDIT_CHART_AGREEMENT,
  WM_AUDIT_CHART_STANDARD,
} WmAuditChartKind;

/* What one render drew: for tests. */
typedef struct
{
  guint  bars;          /* domain bars, or windows with a value */
  guint  segments;      /* level segments drawn */
  guint  gaps;          /* windows with nothing to count */
  double target_y;      /* where the target line is, or -1 */
} WmAuditChartStats;

void    wm_audit_chart_render         (cairo_t             *cr,
                                       WmAuditChartKind     kind,
                                       const WmAuditStats  *stats,
                                       double               width,
                                       double               height,
                                       const WmRenderStyle *style,
                                       WmAuditChartStats   *drawn);
double  wm_audit_chart_natural_height (WmAuditChartKind     kind,
                                       const WmAuditStats  *stats,
                                       const WmRenderStyle *style);
char   *wm_audit_chart_describe       (WmAuditChartKind     kind,
                                       const WmAuditStats  *stats);
gboolean wm_audit_chart_export        (WmAuditChartKind     kind,
                                       const WmAuditStats  *stats,
                                       const char          *path,
                                       double               width,
                                       gboolean             dark,
                                       GError             **error);

G_END_DECLS
