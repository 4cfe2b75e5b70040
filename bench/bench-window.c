/* bench-window: opening the window on a 10,000-action plan, beside
 * opening it on an empty plan, in the same run (issue 4).
 *
 * What a person waits for: from starting the app with a plan to the first
 * frame of the window drawn with that plan in it.  Each opening is a
 * fresh process (GTK can be started once per process), this program run
 * again as `bench-window --child PATH`, which prints its milliseconds.
 * The two plans alternate, five times each, and the medians are printed.
 *
 * Needs a display: bench/run.sh starts Xvfb when there is none.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "wm-application.h"
#include "wm-generate.h"

#define ROUNDS 5
#define ACTIONS 10000
#define SEED 42

static gint64 started;

static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  g_print ("%.1f\n", (g_get_monotonic_time () - started) / 1000.0);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);
  g_application_quit (app);
}

static void
window_mapped_cb (GtkWidget    *window,
                  GApplication *app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), app);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), app);
}

static int
run_child (const char *path)
{
  g_autoptr(WmApplication) app = NULL;
  char *argv[] = { (char *) "waymark", (char *) path, NULL };

  started = g_get_monotonic_time ();
  app = wm_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  return g_application_run (G_APPLICATION (app), 2, argv);
}

static char *
make_plan (const char *dir,
           guint       n)
{
  g_autofree char *name = g_strdup_printf ("bench-window-%u-seed%d.waymark", n, SEED);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan_id = NULL;
  WmGenerateOptions opts;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  if (store != NULL)
    plan_id = wm_store_create_plan (store, "Synthetic area", "Synthetic: window benchmark plan",
                                    &error);
  if (plan_id == NULL)
    g_error ("Could not make the plan: %s", error->message);
  if (n > 0)
    {
      wm_generate_options_init (&opts, n);
      opts.seed = SEED;
      if (!wm_generate_plan (store, &opts, &error))
        g_error ("Could not generate the plan: %s", error->message);
    }
  return path;
}

static double
open_once (const char *self,
           const char *path)
{
  const char *argv[] = { self, "--child", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("bench-window: the window did not open on %s: %s\n%s", path,
             error->message, err ? err : "");
  return g_ascii_strtod (out, NULL);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *full = NULL;
  double t_empty[ROUNDS], t_full[ROUNDS];

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-window: no display (bench/run.sh starts Xvfb)\n");
      return 1;
    }
  dir = g_path_get_dirname (argv[0]);
  empty = make_plan (dir, 0);
  full = make_plan (dir, ACTIONS);

  /* one opening of each first, not counted: files into the page cache */
  open_once (argv[0], empty);
  open_once (argv[0], full);
  for (int i = 0; i < ROUNDS; i++)
    {
      t_empty[i] = open_once (argv[0], empty);
      t_full[i] = open_once (argv[0], full);
    }
  qsort (t_empty, ROUNDS, sizeof (double), compare_doubles);
  qsort (t_full, ROUNDS, sizeof (double), compare_doubles);
  g_printerr ("bench-window: first frame, median of %d openings each\n", ROUNDS);
  g_print ("window: open on 10,000 actions | %.0f ms | open on an empty plan | %.0f ms | "
           "ratio %.2f\n", t_full[ROUNDS / 2], t_empty[ROUNDS / 2],
           t_full[ROUNDS / 2] / t_empty[ROUNDS / 2]);
  return 0;
}
