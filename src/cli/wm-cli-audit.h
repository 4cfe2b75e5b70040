/* wm-cli-audit.h: waymark-cli's audit commands
 *
 *   audit-stats [--from DATE] [--to DATE] [--type TYPE] [--format text|csv]
 * and the audits kind of import-csv (export-csv audits is in wm-export).
 */
#pragma once

#include <glib.h>

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

gboolean wm_cli_is_audit_command (const char         *command);
int      wm_cli_audit_main       (const char         *db_path,
                                  const char         *command,
                                  int                 argc,
                                  char              **argv);
char    *wm_cli_audit_import     (WmStore            *store,
                                  WmCsvTable         *table,
                                  const char *const  *maps,
                                  GError            **error);

G_END_DECLS
