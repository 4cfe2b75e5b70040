/* wm-risk-csv.h: the risk register in and out of CSV, for a register
 * kept in Excel
 *
 * One row per risk.  Besides the risk's own fields, the file carries its
 * mitigations in numbered columns (mitigation_1, mitigation_1_owner,
 * mitigation_1_due, mitigation_1_action, mitigation_2 …), its linked
 * actions ("1.3a; 2.1"), its dated progress notes, one a line:
 *   2024-01-31 (Jane Smith): Interim SENA capacity agreed
 * and its score history, one change a line:
 *   2024-01-31: 4×5=20 → 3×4=12, target 6 (Jane Smith)
 *   2023-02-06: High → Medium (Jane Smith)
 * so that exporting a register and importing it into a fresh plan gives
 * the same register, trend included.  Columns computed from others
 * (score_before, band_before, trend, flagged …) are written for the
 * reader and ignored when read back.
 *
 * The import is all or nothing: every row is checked, every problem is
 * reported with its line and column (up to a limit), and nothing is
 * written unless all rows are good.  Rows whose ref the register already
 * has update that risk; others are added.
 */
#pragma once

#include "wm-csv-reader.h"
#include "wm-risk.h"
#include "wm-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint rows;      /* rows read */
  guint created;   /* new risks */
  guint updated;   /* risks already in the register */
} WmRiskImportResult;

/* The most problems one import reports before it stops looking. */
#define WM_RISK_IMPORT_MAX_ERRORS 10

gboolean   wm_risk_import_csv          (WmStore            *store,
                                        WmCsvTable         *table,
                                        const char *const  *maps,
                                        const char         *author,
                                        WmRiskImportResult *result,
                                        GError            **error);

/* For wm-export.c: the columns the register adds to a risk's row */
GPtrArray *wm_risk_csv_extra_header    (GPtrArray          *risks);
GPtrArray *wm_risk_csv_extra_cells     (WmRisk             *risk,
                                        GPtrArray          *risks);
char      *wm_risk_csv_format_notes    (GArray             *notes);
char      *wm_risk_csv_format_history  (WmRiskScheme       *scheme,
                                        GArray             *history);

G_END_DECLS
