/* wm-cli-common.c: what every waymark-cli command file shares */
#include "config.h"

#include <string.h>

#include "wm-cli-common.h"
#include "wm-cli-plan.h"

int
wm_cli_usage_error (const WmCliUsage *usages,
                    gsize             n_usages,
                    const char       *command,
                    const char       *format,
                    ...)
{
  g_autofree char *message = NULL;
  gboolean exact = FALSE;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  wm_cli_printerr ("%s", message);

  /* "set" is not "set-baseline": an exact name wins over a prefix. */
  for (gsize i = 0; i < n_usages; i++)
    exact |= g_str_equal (usages[i].name, command);
  for (gsize i = 0; i < n_usages; i++)
    if (exact ? g_str_equal (usages[i].name, command)
              : g_str_has_prefix (usages[i].name, command))
      g_printerr ("usage: waymark-cli --db PATH %s\n", usages[i].usage);
  return WM_CLI_EXIT_USAGE;
}

/* GOptionContext prints "Usage: PRGNAME [OPTION…]" from the program name:
 * naming the command there makes "waymark-cli set --help" read as the
 * line to type. */
gboolean
wm_cli_parse_options (GOptionContext    *context,
                      const WmCliUsage  *usages,
                      gsize              n_usages,
                      const char        *command,
                      int               *argc,
                      char            ***argv)
{
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autofree char *usage_name = g_strdup_printf ("waymark-cli --db PATH %s", command);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_set_prgname (usage_name);
  ok = g_option_context_parse (context, argc, argv, &error);
  g_set_prgname (prgname);
  if (!ok)
    wm_cli_usage_error (usages, n_usages, command, "%s", error->message);
  return ok;
}

WmStore *
wm_cli_open_store (const char       *db_path,
                   WmStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_store_open (db_path, flags, &error);

  if (store != NULL)
    return store;
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      /* A line to copy and paste, so quoted only when the shell needs it. */
      gboolean plain = db_path[0] != '\0' && strspn (db_path, "abcdefghijklmnopqrstuvwxyz"
                                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                        "0123456789-_./+,:@%")
                                             == strlen (db_path);
      g_autofree char *quoted = plain ? g_strdup (db_path) : g_shell_quote (db_path);

      wm_cli_printerr ("%s Create it with: waymark-cli --db %s init", error->message, quoted);
    }
  else
    wm_cli_printerr ("%s", error->message);
  return NULL;
}
