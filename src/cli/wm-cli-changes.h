/* wm-cli-changes.h: waymark-cli's "what changed since the last board"
 *
 *   changes [--since DATE] [--until DATE]
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  wm_cli_is_changes_command (const char  *command);
int       wm_cli_changes_main       (const char  *db_path,
                                     int          argc,
                                     char       **argv);

G_END_DECLS
