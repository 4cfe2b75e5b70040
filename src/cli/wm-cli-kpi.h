/* wm-cli-kpi.h: waymark-cli's KPI commands
 *
 *   kpi add CODE --name NAME --unit U --direction D [--target N] [--frequency F]
 *   kpi list | kpi show CODE
 *   import-dfe FILE --measure COLUMN --kpi CODE [--own 'LA NAME'] [--geography NAME…]
 *   render kpi CODE -o FILE.png|svg|pdf [--from --to --rolling 12]   (through render)
 *   render dashboard -o FILE.pdf|png|svg                              (through render)
 * and the kpi-values and kpi-benchmarks kinds of import-csv.
 */
#pragma once

#include <glib.h>

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

gboolean wm_cli_is_kpi_command         (const char         *command);
int      wm_cli_kpi_main               (const char         *db_path,
                                        const char         *command,
                                        int                 argc,
                                        char              **argv);
int      wm_cli_kpi_render_main        (const char         *db_path,
                                        int                 argc,
                                        char              **argv);
char    *wm_cli_kpi_import_values      (WmStore            *store,
                                        WmCsvTable         *table,
                                        const char *const  *maps,
                                        GError            **error);
char    *wm_cli_kpi_import_benchmarks  (WmStore            *store,
                                        WmCsvTable         *table,
                                        const char *const  *maps,
                                        GError            **error);

G_END_DECLS
