/* wm-cli-report.h: waymark-cli's board pack and spreadsheet commands
 *
 *   report -o FILE.pdf [--since DATE] [--date DATE] [--sections LIST]
 *   export-xlsx -o FILE.xlsx
 * and the actions kind of import-csv (a plan from Excel).
 */
#pragma once

#include <glib.h>

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

gboolean wm_cli_is_report_command      (const char         *command);
int      wm_cli_report_main            (const char         *db_path,
                                        const char         *command,
                                        int                 argc,
                                        char              **argv);
char    *wm_cli_report_import_actions  (WmStore            *store,
                                        WmCsvTable         *table,
                                        const char *const  *maps,
                                        GError            **error);

G_END_DECLS
