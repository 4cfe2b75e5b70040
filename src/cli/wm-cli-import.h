/* wm-cli-import.h: waymark-cli import-csv KIND FILE [--map 'Header=field'…]
 *
 * One command for every CSV a programme office brings in; each kind
 * (kpi-values, kpi-benchmarks, and risks, audits, actions as their
 * features add them) is a line in the table in wm-cli-import.c.
 */
#pragma once

#include <glib.h>

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

/* Imports @table into @store, all or nothing.  On success returns a line
 * for the person ("Imported 24 values for 2 KPIs: 20 new, 4 replaced.");
 * on failure NULL and @error, naming file, line and column. */
typedef char *(*WmCliImportFunc) (WmStore            *store,
                                  WmCsvTable         *table,
                                  const char *const  *maps,
                                  GError            **error);

gboolean wm_cli_is_import_command (const char  *command);
int      wm_cli_import_main       (const char  *db_path,
                                   const char  *command,
                                   int          argc,
                                   char       **argv);

G_END_DECLS
