/* bench-gantt: the time to draw one frame of the Gantt, by plan size
 *
 * What the window pays on every scroll: wm_gantt_render () of the visible
 * rows at 1920×1080 into a cairo image surface, with baselines and
 * dependencies on, for generated plans of 100, 1,000, 10,000 and 100,000
 * actions (stages and milestones from bench/wm-generate).  The figure is
 * the median over many scroll positions spread down the whole plan; the
 * baseline is the 100-action plan's frame, measured in the same run and
 * interleaved with the others so that a noisy machine slows all alike.
 * Goals (issue 4): at most 4 ms a frame, and the 100,000-action frame at
 * most 1.5 times the 100-action one: only what is visible is drawn.
 *
 * Generating 100,000 actions takes minutes, so the plans are kept beside
 * this program (bench-gantt-N-seed42.waymark) and reused; --fresh makes
 * them again.  Also reported: building the Gantt model of the largest
 * plan, beside wm_store_list_actions () on the same plan.  Not a test:
 * see TESTING.md, "Benchmarks are not tests".
 */
#define G_LOG_DOMAIN "bench-gantt"

#include "wm-generate.h"
#include "wm-gantt-model.h"
#include "wm-gantt-render.h"
#include "wm-store.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WIDTH 1920
#define HEIGHT 1080
#define SEED 42

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *samples)
{
  guint n = samples->len;

  g_array_sort (samples, compare_gint64);
  if (n % 2 == 1)
    return g_array_index (samples, gint64, n / 2) / 1000.0;
  return (g_array_index (samples, gint64, n / 2 - 1)
          + g_array_index (samples, gint64, n / 2)) / 2000.0;
}

/* 10000 → "10,000", as the table prints it */
static char *
thousands (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

static char *
program_dir (const char *argv0)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  return g_path_get_dirname (self ? self : argv0);
}

/* The plan of @n actions, generated once and kept in @dir. */
static char *
plan_path (const char *dir,
           guint       n,
           gboolean    fresh)
{
  g_autofree char *name = g_strdup_printf ("bench-gantt-%u-seed%d.waymark", n, SEED);
  g_autofree char *partial = g_strdup_printf ("bench-gantt-%u-seed%d.partial", n, SEED);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *partial_path = g_build_filename (dir, partial, NULL);
  g_autoptr(GError) error = NULL;
  gint64 begin;

  if (!fresh && g_file_test (path, G_FILE_TEST_EXISTS))
    return path;

  /* A half-written plan must never be taken for a whole one: generate
   * under another name, rename when done. */
  begin = g_get_monotonic_time ();
  g_unlink (partial_path);
  {
    g_autoptr(WmStore) store = wm_store_open (partial_path, WM_STORE_OPEN_CREATE, &error);
    g_autofree char *plan_id = NULL;
    WmGenerateOptions opts;

    if (store != NULL)
      plan_id = wm_store_create_plan (store, "Synthetic area", "Synthetic: benchmark plan",
                                      &error);
    wm_generate_options_init (&opts, n);
    opts.seed = SEED;
    if (plan_id == NULL || !wm_generate_plan (store, &opts, &error))
      g_error ("Could not generate the plan: %s", error->message);
  }
  for (guint i = 0; i < 3; i++)
    {
      static const char *const suffixes[] = { "-wal", "-shm", "-journal" };
      g_autofree char *side = g_strconcat (partial_path, suffixes[i], NULL);
      g_unlink (side);
    }
  if (g_rename (partial_path, path) != 0)
    g_error ("Could not keep the generated plan as %s", path);
  g_printerr ("bench-gantt: generated %u actions in %.1f s (kept as %s)\n", n,
              (g_get_monotonic_time () - begin) / 1e6, path);
  return path;
}

typedef struct
{
  guint         n_actions;
  WmStore      *store;
  WmGanttModel *model;
  WmGanttTextCache *cache;   /* as the window keeps one; NULL with --no-text-cache */
  GArray       *frames;
  GArray       *cpu;      /* the same frames' thread CPU time */
  double        content_height;
} Plan;

/* CPU time of this thread, in microseconds: on a busy machine it tells
 * what a frame costs apart from the time other processes took */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gint64
time_frame (cairo_t             *cr,
            Plan                *plan,
            const WmRenderStyle *style,
            double               position,
            gint64              *cpu)
{
  WmGanttView view;
  WmGanttLayout layout;
  gint64 begin, cpu_begin;

  wm_gantt_view_init (&view, plan->model, WIDTH, HEIGHT, WM_GANTT_ZOOM_MONTH);
  view.show_baseline = TRUE;
  view.show_dependencies = TRUE;
  view.today = plan->model->plan_start + 200;
  view.text_cache = plan->cache;
  wm_gantt_layout_init (&layout, plan->model, &view, style);
  view.scroll_y = floor (position * MAX (0.0, plan->content_height
                                         - (HEIGHT - layout.header_height)));

  begin = g_get_monotonic_time ();
  cpu_begin = thread_cpu_time ();
  wm_gantt_render (cr, plan->model, &view, style);
  cairo_surface_flush (cairo_get_target (cr));
  *cpu = thread_cpu_time () - cpu_begin;
  return g_get_monotonic_time () - begin;
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 100, 1000, 10000, 100000 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  Plan plans[G_N_ELEMENTS (sizes)];
  guint n_plans = 0;
  int frames = 300;
  int max_actions = 100000;
  gboolean fresh = FALSE;
  gboolean no_text_cache = FALSE;
  WmRenderStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  double baseline_ms;
  GOptionEntry entries[] = {
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames,
      "Scroll positions timed for each plan (default 300)", "N" },
    { "max-actions", 0, 0, G_OPTION_ARG_INT, &max_actions,
      "Leave out plans larger than N actions (default 100000)", "N" },
    { "fresh", 0, 0, G_OPTION_ARG_NONE, &fresh, "Generate the plans again", NULL },
    { "no-text-cache", 0, 0, G_OPTION_ARG_NONE, &no_text_cache,
      "Lay out every text afresh each frame, as a one-off export does", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— time a frame of the Gantt for plans of every size");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-gantt: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (frames < 1 || max_actions < 100)
    {
      g_printerr ("bench-gantt: --frames must be at least 1 and --max-actions at least 100.\n");
      return EXIT_FAILURE;
    }

  dir = program_dir (argv[0]);
  for (guint i = 0; i < G_N_ELEMENTS (sizes) && sizes[i] <= (guint) max_actions; i++)
    {
      Plan *plan = &plans[n_plans++];
      g_autofree char *path = plan_path (dir, sizes[i], fresh);
      WmGanttLayout layout;
      WmGanttView view;
      gint64 begin;

      plan->n_actions = sizes[i];
      plan->store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
      if (plan->store == NULL)
        g_error ("%s", error->message);
      begin = g_get_monotonic_time ();
      plan->model = wm_gantt_model_new_from_store (plan->store, NULL, &error);
      if (plan->model == NULL)
        g_error ("%s", error->message);
      g_printerr ("bench-gantt: %u actions: model of %u rows, %u stages, %u milestones "
                  "in %.1f ms\n", sizes[i], plan->model->n_rows, plan->model->n_stages,
                  plan->model->n_milestones, (g_get_monotonic_time () - begin) / 1000.0);
      if (plan->model->n_action_rows != sizes[i])
        g_error ("The model holds %u actions, not %u", plan->model->n_action_rows, sizes[i]);
      wm_render_style_init_light (&style);
      wm_gantt_view_init (&view, plan->model, WIDTH, HEIGHT, WM_GANTT_ZOOM_MONTH);
      wm_gantt_layout_init (&layout, plan->model, &view, &style);
      plan->content_height = wm_gantt_layout_content_height (&layout, plan->model);
      plan->frames = g_array_new (FALSE, FALSE, sizeof (gint64));
      plan->cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
      plan->cache = no_text_cache ? NULL : wm_gantt_text_cache_new ();
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  wm_render_style_init_light (&style);

  /* Untimed frames first: fonts and glyph caches warm up for all. */
  for (guint p = 0; p < n_plans; p++)
    for (int i = 0; i < 5; i++)
      {
        gint64 cpu;
        time_frame (cr, &plans[p], &style, i / 4.0, &cpu);
      }
  for (int i = 0; i < frames; i++)
    for (guint p = 0; p < n_plans; p++)
      {
        /* spread down the plan, not in order, so no cache favours a size */
        double position = ((i * 7919) % frames) / (double) MAX (1, frames - 1);
        gint64 cpu;
        gint64 t = time_frame (cr, &plans[p], &style, position, &cpu);

        g_array_append_val (plans[p].frames, t);
        g_array_append_val (plans[p].cpu, cpu);
      }

  baseline_ms = median_ms (plans[0].frames);
  for (guint p = 0; p < n_plans; p++)
    {
      g_autofree char *label = thousands (plans[p].n_actions);
      double ms = p == 0 ? baseline_ms : median_ms (plans[p].frames);

      g_print ("gantt frame %s actions%s | %.2f ms | 100-action frame | %.2f ms | ratio %.2f\n",
               label, no_text_cache ? " (no text cache)" : "", ms, baseline_ms,
               baseline_ms > 0 ? ms / baseline_ms : 0.0);
      g_printerr ("bench-gantt: %s actions: median frame %.2f ms of which CPU %.2f ms\n", label,
                  ms, median_ms (plans[p].cpu));
    }

  /* Building the model of the largest plan, beside reading its actions as
   * records: the model reads stages and milestones too. */
  {
    Plan *largest = &plans[n_plans - 1];
    g_autofree char *label = thousands (largest->n_actions);
    g_autoptr(GArray) model_times = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) list_times = g_array_new (FALSE, FALSE, sizeof (gint64));
    double model_ms, list_ms;

    for (int i = 0; i < 3; i++)
      {
        gint64 begin = g_get_monotonic_time ();
        g_autoptr(WmGanttModel) model = wm_gantt_model_new_from_store (largest->store, NULL,
                                                                        &error);
        gint64 t = g_get_monotonic_time () - begin;
        g_autoptr(GPtrArray) actions = NULL;

        g_assert (model != NULL);
        g_array_append_val (model_times, t);
        begin = g_get_monotonic_time ();
        actions = wm_store_list_actions (largest->store, NULL, &error);
        t = g_get_monotonic_time () - begin;
        g_assert (actions != NULL);
        g_array_append_val (list_times, t);
      }
    model_ms = median_ms (model_times);
    list_ms = median_ms (list_times);
    g_print ("gantt model %s actions | %.1f ms | wm_store_list_actions | %.1f ms | ratio %.2f\n",
             label, model_ms, list_ms, list_ms > 0 ? model_ms / list_ms : 0.0);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  for (guint p = 0; p < n_plans; p++)
    {
      g_array_unref (plans[p].frames);
      g_array_unref (plans[p].cpu);
      wm_gantt_text_cache_free (plans[p].cache);
      wm_gantt_model_unref (plans[p].model);
      g_object_unref (plans[p].store);
    }
  return EXIT_SUCCESS;
}
