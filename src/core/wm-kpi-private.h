/* wm-kpi-private.h: what wm-kpi.c shares with the KPI importers; core only */
#pragma once

#include "wm-kpi.h"

G_BEGIN_DECLS

typedef enum
{
  WM_KPI_FIELD_PERIOD,
  WM_KPI_FIELD_VALUE,
  WM_KPI_FIELD_NUMERATOR,
  WM_KPI_FIELD_DENOMINATOR,
} WmKpiField;

/* One KPI as an import or an edit needs it: what values it accepts, and
 * the rows it already holds (canonical period → kpi_value id), so that a
 * second value for a period replaces the first rather than doubling it. */
typedef struct
{
  char         *id;
  char         *code;
  WmKpiUnit     unit;
  WmFrequency   frequency;
  gboolean      derived;
  WmPeriodKind  year_kind;   /* an annual KPI's kind of year once it has values, else 0 */
  GHashTable   *values;      /* period text → kpi_value id */
  GHashTable   *benchmarks;  /* "series\nperiod" → kpi_benchmark id */
} WmKpiInfo;

typedef struct
{
  WmPeriod period;
  double   value;            /* NAN: missing */
  double   numerator;        /* NAN: not given */
  double   denominator;
} WmKpiParsedValue;

WmKpiInfo *wm_kpi_info_new        (WmStore                 *store,
                                   WmRecord                *kpi,
                                   GError                 **error);
void       wm_kpi_info_free       (WmKpiInfo               *info);
gboolean   wm_kpi_parse_row       (WmKpiInfo               *info,
                                   const char              *period,
                                   const char              *value,
                                   const char              *numerator,
                                   const char              *denominator,
                                   WmKpiParsedValue        *out,
                                   WmKpiField              *bad_field,
                                   GError                 **error);
gboolean   wm_kpi_check_row       (WmKpiInfo               *info,
                                   WmKpiParsedValue        *row,
                                   WmKpiField              *bad_field,
                                   GError                 **error);
gboolean   wm_kpi_write_value     (WmStore                 *store,
                                   WmKpiInfo               *info,
                                   const WmKpiParsedValue  *row,
                                   const char              *note,
                                   const char              *source,
                                   gboolean                *added,
                                   GError                 **error);
gboolean   wm_kpi_write_benchmark (WmStore                 *store,
                                   WmKpiInfo               *info,
                                   const char              *series,
                                   const WmPeriod          *period,
                                   double                   value,
                                   const char              *source,
                                   gboolean                *added,
                                   GError                 **error);
char      *wm_kpi_format_double   (double                   value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmKpiInfo, wm_kpi_info_free)

G_END_DECLS
