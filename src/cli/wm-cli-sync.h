/* wm-cli-sync.h: waymark-cli's sync commands (sync-export, sync-import,
 * sync-status, conflicts) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean wm_cli_is_sync_command (const char *command);
int      wm_cli_sync_main       (const char *db_path,
                                 const char *command,
                                 int         argc,
                                 char      **argv);

G_END_DECLS
