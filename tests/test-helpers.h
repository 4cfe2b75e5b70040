/* test-helpers.h: small helpers shared by the core tests */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* A fresh directory for a test's database files; removed by the caller
 * with test_dir_free (). */
static inline char *
test_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("waymark-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
test_dir_free (char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_chmod (path, 0600);
      g_unlink (path);
    }
  g_chmod (dir, 0700);
  g_rmdir (dir);
  g_free (dir);
}
