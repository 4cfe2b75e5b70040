/* wm-kpi-import.h: KPI values and benchmarks in and out of CSV files
 *
 * Three ways in, each all-or-nothing (every row is checked before any is
 * written, and the writes are one transaction) and each naming the file,
 * line and column of what it cannot take:
 * - kpi-values: kpi,period,value,numerator,denominator,note[,source]
 * - kpi-benchmarks: kpi,series,period,value[,source]
 * - the DfE's "Education, health and care plans" open data (Explore
 *   Education Statistics CSV): the rows of one local authority become a
 *   KPI's values, England, regions and other authorities its benchmarks.
 * A period already held is replaced, so a spreadsheet kept month by month
 * can be imported again after each month; a period twice in one file is
 * an error.
 */
#pragma once

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint rows;        /* rows read */
  guint added;       /* periods new to the plan */
  guint replaced;    /* periods whose value was replaced */
  guint missing;     /* values recorded as missing (empty, the DfE's x or z) */
  guint benchmarks;  /* benchmark values among the above */
} WmKpiImportResult;

typedef struct
{
  const char        *measure;      /* the column: "pc_plans_issued_20_weeks_ex" */
  const char        *kpi;          /* the KPI's code */
  const char        *own;          /* nullable: the authority whose rows become values */
  const char *const *geographies;  /* nullable: benchmark series; NULL: England and own region */
  const char        *breakdown;    /* nullable: "All EHC plans" */
  const char        *numerator;    /* nullable: a column of counts */
  const char        *denominator;  /* nullable */
} WmKpiDfeOptions;

gboolean wm_kpi_import_values      (WmStore                *store,
                                    WmCsvTable             *table,
                                    const char *const      *maps,
                                    WmKpiImportResult      *result,
                                    GError                **error);
gboolean wm_kpi_import_benchmarks  (WmStore                *store,
                                    WmCsvTable             *table,
                                    const char *const      *maps,
                                    WmKpiImportResult      *result,
                                    GError                **error);
gboolean wm_kpi_import_dfe         (WmStore                *store,
                                    WmCsvTable             *table,
                                    const WmKpiDfeOptions  *options,
                                    WmKpiImportResult      *result,
                                    GError                **error);
gboolean wm_kpi_export_values      (WmStore                *store,
                                    GString                *out,
                                    GError                **error);
gboolean wm_kpi_export_benchmarks  (WmStore                *store,
                                    GString                *out,
                                    GError                **error);

G_END_DECLS
