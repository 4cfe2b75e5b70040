/* wm-cli-common.h: what every waymark-cli command file shares
 *
 * Usage lines, option parsing that names the command in its "Usage:",
 * and opening the database with a message that says how to create it.
 */
#pragma once

#include <glib.h>

#include "wm-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;    /* "set", "kpi add" */
  const char *usage;   /* the line after "waymark-cli --db PATH " */
} WmCliUsage;

/* Prints the message and the command's usage lines (those named exactly
 * command, else those it begins: "kpi" lists every kpi subcommand), and
 * returns WM_CLI_EXIT_USAGE. */
int       wm_cli_usage_error    (const WmCliUsage  *usages,
                                 gsize              n_usages,
                                 const char        *command,
                                 const char        *format,
                                 ...) G_GNUC_PRINTF (4, 5);
gboolean  wm_cli_parse_options  (GOptionContext    *context,
                                 const WmCliUsage  *usages,
                                 gsize              n_usages,
                                 const char        *command,
                                 int               *argc,
                                 char            ***argv);
WmStore  *wm_cli_open_store     (const char        *db_path,
                                 WmStoreOpenFlags   flags);

G_END_DECLS
