/* wm-cli-risk.h: waymark-cli's risk register commands
 *
 *   risk list [--sort residual|inherent|ref|review] [--all]
 *   risk add [REF] FIELD=VALUE… [--mitigation 'TEXT|OWNER|DUE|ACTION']… [--link CODE]…
 *   risk note REF TEXT [--date DATE] [--author WHO]
 *   risk delete REF…
 *   risk scheme [--nhs | --three-level] [--appetite N]
 * the risks kind of import-csv, and render heatmap.
 */
#pragma once

#include <glib.h>

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

gboolean wm_cli_is_risk_command        (const char         *command);
int      wm_cli_risk_main              (const char         *db_path,
                                        const char         *command,
                                        int                 argc,
                                        char              **argv);
char    *wm_cli_risk_import_csv        (WmStore            *store,
                                        WmCsvTable         *table,
                                        const char *const  *maps,
                                        GError            **error);
int      wm_cli_risk_render_heatmap    (const char         *db_path,
                                        int                 argc,
                                        char              **argv);

G_END_DECLS
