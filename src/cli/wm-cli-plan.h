/* wm-cli-plan.h: waymark-cli's plan commands (init, export-csv, set) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses: scripts tell a wrong command line from a refused change. */
#define WM_CLI_EXIT_OK     0
#define WM_CLI_EXIT_FAILED 1  /* the database or a value was wrong; nothing changed */
#define WM_CLI_EXIT_USAGE  2  /* the command line itself was wrong */

void        wm_cli_printerr        (const char  *format,
                                    ...) G_GNUC_PRINTF (1, 2);
gboolean    wm_cli_is_plan_command (const char  *command);
int         wm_cli_plan_main       (const char  *db_path,
                                    const char  *command,
                                    int          argc,
                                    char       **argv);

G_END_DECLS
