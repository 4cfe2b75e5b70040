/* fuzz-bundle: libFuzzer target for the changes-file reader (issue 3)
 *
 * Built and run by tests/fuzz/run-fuzz.sh (`./dev fuzz sync`), not by
 * meson.  Each input goes through fuzz_bundle_one (fuzz-bundle-common.h):
 * written to a temporary file and imported, as a dry run, into a store of
 * the sample plan.  WM_FUZZ_BASE names the sample's base changes file.
 */
#define G_LOG_DOMAIN "fuzz-bundle"

#include <stdint.h>
#include <stdlib.h>

#include "fuzz-bundle-common.h"

static FuzzState *state;

static void
remove_state (void)
{
  static const char *const names[] = { "input.waymark-sync", "base.waymark-sync",
                                       "fuzz.waymark", "fuzz.waymark-wal", "fuzz.waymark-shm" };

  if (state == NULL)
    return;
  g_clear_object (&state->store);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (state->dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (state->dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *base = g_getenv ("WM_FUZZ_BASE");

  if (base == NULL)
    {
      g_printerr ("fuzz-bundle: set WM_FUZZ_BASE to tests/fuzz/sample-base.waymark-sync.gz\n");
      abort ();
    }
  state = fuzz_state_new (base);
  atexit (remove_state);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_bundle_one (state, data, size);
  return 0;
}
