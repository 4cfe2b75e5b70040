/* wm-plan-import.h: a plan's actions from a CSV file saved from Excel
 *
 * Most partnerships start with their plan in a spreadsheet: themes and
 * actions, often without action codes, dates written as "Sep-23" or
 * "Ongoing", ratings written as "AMBER".  The importer reads what is
 * there, maps it onto the plan, and either imports every row or none: a
 * rating it cannot match, a row with no title or two rows with the same
 * code stop the import with a message naming the line and column, while
 * a date it cannot read is kept as the words written, with a warning.
 */
#pragma once

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

typedef enum
{
  WM_PLAN_IMPORT_DEFAULT = 0,
  WM_PLAN_IMPORT_DRY_RUN = 1 << 0,  /* check and count everything, then save nothing */
} WmPlanImportFlags;

typedef struct
{
  guint      rows_read;           /* data rows in the file, blank ones included */
  guint      created;             /* new actions */
  guint      updated;             /* existing actions (matched by code) that changed */
  guint      unchanged;           /* existing actions the file left as they were */
  guint      priorities_created;
  guint      codes_generated;     /* rows without a code that were given one */
  GPtrArray *warnings;            /* char*: each names the file, line and column */
} WmPlanImportReport;

const char *const  *wm_plan_import_fields        (void);
WmPlanImportReport *wm_plan_import_actions       (WmStore            *store,
                                                  WmCsvTable         *table,
                                                  const char *const  *maps,
                                                  WmPlanImportFlags   flags,
                                                  GError            **error);
char               *wm_plan_import_report_format (const WmPlanImportReport *report);
void                wm_plan_import_report_free   (WmPlanImportReport *report);

WmRecord           *wm_plan_import_match_rating  (GPtrArray          *ratings,
                                                  const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmPlanImportReport, wm_plan_import_report_free)

G_END_DECLS
