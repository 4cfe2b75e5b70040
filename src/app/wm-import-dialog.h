/* wm-import-dialog.h: a plan's actions from a CSV file, with the columns
 * mapped and every row checked before anything is written; and the DfE's
 * open data as a KPI's values */
#pragma once

#include <adwaita.h>

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_IMPORT_DIALOG (wm_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WmImportDialog, wm_import_dialog, WM, IMPORT_DIALOG, AdwWindow)

GtkWidget *wm_import_dialog_new   (WmStore    *store,
                                   WmCsvTable *table);
void       wm_import_dfe_choose   (GtkWidget  *widget,
                                   WmStore    *store,
                                   const char *kpi_id);

G_END_DECLS
