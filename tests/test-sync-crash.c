/* test-sync-crash: an import killed at a random moment
 *
 * A child process imports a changes file (backup, checks, merge, commit:
 * the real path) and is killed with SIGKILL after a random delay, from
 * before it opened the database to after it finished.  The database must
 * then be exactly as before or exactly as after the import (the content
 * hash of its plan), pass PRAGMA integrity_check, and not be left with
 * the merge's "applying" flag set (which would stop the change tracking).
 * At least 50 trials; the seed is printed.
 */
#define G_LOG_DOMAIN "test-sync"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-sync-helpers.h"

#define TRIALS 60

static void
remove_database (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *backups = g_strconcat (path, ".backups", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  remove_tree (backups);
}

/* The child: nothing of the parent's SQLite state crosses the fork. */
G_GNUC_NORETURN static void
child_import (const char *db_path,
              const char *bundle)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_store_open (db_path, WM_STORE_OPEN_DEFAULT, &error);

  if (store == NULL || !wm_sync_import (store, bundle, NULL, &error))
    _exit (2);
  g_object_unref (store);
  _exit (0);
}

static pid_t
start_child (const char *db_path,
             const char *bundle)
{
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    child_import (db_path, bundle);
  return pid;
}

static char *
hash_of (const char *path,
         gboolean   *integrity_ok,
         gint64     *applying)
{
  g_autoptr(GError) error = NULL;
  Site *site = site_open (path);
  char *hash = site_hash (site);

  if (integrity_ok != NULL)
    *integrity_ok = site_query (site, "SELECT count(*) FROM pragma_integrity_check "
                                      "WHERE integrity_check = 'ok'") == 1;
  if (applying != NULL)
    *applying = site_query (site, "SELECT applying FROM clock_state");
  site_free (site);
  return hash;
}

static void
test_kill_during_import (void)
{
  g_autofree char *dir = test_dir_new ();
  g_autofree char *pristine = g_build_filename (dir, "pristine.waymark", NULL);
  g_autofree char *trial = g_build_filename (dir, "trial.waymark", NULL);
  g_autofree char *full = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = NULL;
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint saw_before = 0, saw_after = 0;
  gint64 child_us;
  Site *a, *b;
  int status;

  g_test_message ("seed %u", seed);

  /* B has joined A's plan; A then makes enough changes that importing
   * them takes a while: new risks, and every action's progress. */
  a = site_new_sample (dir, "a.waymark");
  full = site_export (a, dir, NULL);
  b = site_join (dir, "b.waymark", full);
  plan = wm_store_get_plan (a->store, &error);
  g_assert_no_error (error);
  wm_store_begin (a->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *ref = g_strdup_printf ("RR%u", 100 + i);
      g_free (wm_store_insert (a->store, "risk", &error, "plan_id", wm_record_get_id (plan),
                               "ref", ref, "title", "Generated risk", "owner", "Programme office",
                               "likelihood_before", "3", "impact_before", "4",
                               "mitigation", "Reviewed monthly at the board", NULL));
      g_assert_no_error (error);
    }
  wm_store_commit (a->store, &error);
  g_assert_no_error (error);
  site_set_action (a, "1.1", "progress", "Changed before the crash test");
  bundle = site_export (a, dir, NULL);
  site_free (a);

  /* Closed, the database is one file: the state every trial starts from. */
  site_close (b);
  copy_file (b->path, pristine);
  site_free (b);
  before = hash_of (pristine, NULL, NULL);

  /* How long a whole import takes, as a child: the range of delays. */
  remove_database (trial);
  copy_file (pristine, trial);
  {
    gint64 start = g_get_monotonic_time ();
    pid_t pid = start_child (trial, bundle);
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    child_us = g_get_monotonic_time () - start;
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  }
  after = hash_of (trial, NULL, NULL);
  g_assert_cmpstr (before, !=, after);
  g_test_message ("a whole import takes %.1f ms in a child", child_us / 1000.0);

  for (guint i = 0; i < TRIALS; i++)
    {
      gint64 delay = g_rand_int_range (rand, 0, (gint32) (child_us * 11 / 10) + 1);
      g_autofree char *hash = NULL;
      gboolean integrity_ok = FALSE;
      gint64 applying = -1;
      pid_t pid;

      remove_database (trial);
      copy_file (pristine, trial);
      pid = start_child (trial, bundle);
      g_usleep (delay);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      hash = hash_of (trial, &integrity_ok, &applying);
      if (g_str_equal (hash, before))
        saw_before++;
      else if (g_str_equal (hash, after))
        saw_after++;
      else
        g_error ("trial %u (seed %u, killed after %.1f ms): the plan is neither as before nor "
                 "as after the import", i, seed, delay / 1000.0);
      if (!integrity_ok)
        g_error ("trial %u (seed %u): integrity_check failed", i, seed);
      g_assert_cmpint (applying, ==, 0);
    }
  g_test_message ("%u trials: %u as before, %u as after", TRIALS, saw_before, saw_after);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/crash/kill-during-import", test_kill_during_import);
  return g_test_run ();
}
