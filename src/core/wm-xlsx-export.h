/* wm-xlsx-export.h: the plan as an Excel workbook, for people without
 * Waymark
 *
 * One sheet each for the actions (first), the risks, the audits and the
 * KPI values.  A sheet holds exactly the cells of the matching CSV export
 * (wm_xlsx_export_sheet_csv ()), so the two never disagree; the workbook
 * adds what CSV cannot carry: a bold, frozen header row with filters,
 * dates as real dates, numbers as numbers, and each rating cell filled
 * with its rating's colour.  Cells a spreadsheet would run as a formula
 * are defused by the rule the CSV export uses (wm_csv_cell_needs_defusing ()).
 */
#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

const char *const *wm_xlsx_export_sheet_kinds (void);
const char        *wm_xlsx_export_sheet_name  (const char   *kind);
gboolean           wm_xlsx_export_sheet_csv   (WmStore      *store,
                                               const char   *kind,
                                               GString      *out,
                                               GError      **error);
gboolean           wm_xlsx_export             (WmStore      *store,
                                               const char   *path,
                                               GError      **error);

G_END_DECLS
