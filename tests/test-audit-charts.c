/* test-audit-charts: the audit dashboard's charts (issue 6), drawn from
 * the hand-made moderation spreadsheet in tests/data: stacked levels by
 * domain, agreement and the standard over time against their targets.
 * WM_AUDIT_CHART_DIR=DIR keeps the PNGs (light and dark) to look at. */
#include <string.h>

#include "test-helpers.h"
#include "wm-audit-charts.h"
#include "wm-audit-csv.h"
#include "wm-audit-stats.h"
#include "wm-csv-reader.h"
#include "wm-store.h"

typedef struct
{
  char         *dir;
  WmStore      *store;
  WmAuditStats *stats;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "audits-moderation.csv", NULL);
  g_autoptr(WmCsvTable) table = NULL;
  WmAuditFilter filter = { .from = "2023-03-01", .to = "2023-10-31" };

  f->dir = test_dir_new ();
  path = g_build_filename (f->dir, "plan.waymark", NULL);
  f->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  plan = wm_store_create_plan (f->store, "Testshire", "Test plan", &error);
  g_assert_no_error (error);
  table = wm_csv_parse_file (csv, &error);
  g_assert_no_error (error);
  g_assert_true (wm_audit_import_csv (f->store, table, NULL, NULL, &error));
  g_assert_no_error (error);
  f->stats = wm_audit_stats_compute (f->store, data ? &filter : NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  wm_audit_stats_free (f->stats);
  g_assert_finalize_object (f->store);
  test_dir_free (g_steal_pointer (&f->dir));
}

static void
draw (Fixture           *f,
      WmAuditChartKind   kind,
      gboolean           dark,
      WmAuditChartStats *drawn)
{
  WmRenderStyle style;
  double height;
  cairo_surface_t *surface;
  cairo_t *cr;
  const char *keep = g_getenv ("WM_AUDIT_CHART_DIR");

  if (dark)
    wm_render_style_init_dark (&style);
  else
    wm_render_style_init_light (&style);
  height = wm_audit_chart_natural_height (kind, f->stats, &style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 720, (int) height);
  cr = cairo_create (surface);
  cairo_set_source_rgba (cr, style.background.r, style.background.g, style.background.b, 1);
  cairo_paint (cr);
  wm_audit_chart_render (cr, kind, f->stats, 720, height, &style, drawn);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  if (keep != NULL)
    {
      g_autofree char *name = g_strdup_printf ("audit-chart-%d%s.png", kind, dark ? "-dark" : "");
      g_autofree char *path = g_build_filename (keep, name, NULL);
      cairo_surface_write_to_png (surface, path);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_levels (Fixture       *f,
             gconstpointer  data)
{
  WmAuditChartStats drawn;
  g_autofree char *text = wm_audit_chart_describe (WM_AUDIT_CHART_LEVELS, f->stats);

  draw (f, WM_AUDIT_CHART_LEVELS, FALSE, &drawn);
  /* one bar per domain of the EHC plan template */
  g_assert_cmpuint (drawn.bars, ==, 14);
  /* a segment per level a domain has, as the spreadsheet gives them */
  {
    guint segments = 0;
    for (guint d = 0; d < f->stats->domains->len; d++)
      for (guint i = 0; i < f->stats->levels->len; i++)
        segments += ((WmAuditDomainStats *) f->stats->domains->pdata[d])->distribution[i] > 0;
    g_assert_cmpuint (drawn.segments, ==, segments);
  }
  g_assert_cmpfloat (drawn.target_y, ==, -1);
  draw (f, WM_AUDIT_CHART_LEVELS, TRUE, NULL);
  g_assert_true (g_str_has_prefix (text, "Agreed levels by domain. A Views, interests and aspirations: "));
  g_assert_nonnull (strstr (text, "G Health provision: 1 Outstanding, 3 Good, 1 Requires improvement, "
                                  "1 Inadequate, 1 N/A."));
}

static void
test_agreement (Fixture       *f,
                gconstpointer  data)
{
  WmAuditChartStats drawn;
  g_autofree char *text = wm_audit_chart_describe (WM_AUDIT_CHART_AGREEMENT, f->stats);
  WmRenderStyle style;
  double height;

  wm_render_style_init_light (&style);
  height = wm_audit_chart_natural_height (WM_AUDIT_CHART_AGREEMENT, f->stats, &style);
  draw (f, WM_AUDIT_CHART_AGREEMENT, FALSE, &drawn);
  /* Mar–Apr and May–Jun have audits; Jul–Aug and Sep–Oct are gaps */
  g_assert_cmpuint (f->stats->windows->len, ==, 4);
  g_assert_cmpuint (drawn.bars, ==, 2);
  g_assert_cmpuint (drawn.gaps, ==, 2);
  /* the 80% line lies between the top and bottom of the plot */
  g_assert_cmpfloat (drawn.target_y, >, 0);
  g_assert_cmpfloat (drawn.target_y, <, height / 2);
  draw (f, WM_AUDIT_CHART_AGREEMENT, TRUE, NULL);
  g_assert_cmpstr (text, ==, "Same overall judgement, auditor and moderator. Target 80%. "
                             "Mar–Apr 2023: 75% (3 of 4). May–Jun 2023: 67% (2 of 3). "
                             "Jul–Aug 2023: none. Sep–Oct 2023: none.");
}

static void
test_standard (Fixture       *f,
               gconstpointer  data)
{
  WmAuditChartStats drawn;
  WmAuditChartStats agreement;

  draw (f, WM_AUDIT_CHART_STANDARD, FALSE, &drawn);
  draw (f, WM_AUDIT_CHART_AGREEMENT, FALSE, &agreement);
  g_assert_cmpuint (drawn.bars, ==, 2);
  /* 90% sits above 80% */
  g_assert_cmpfloat (drawn.target_y, <, agreement.target_y);
  draw (f, WM_AUDIT_CHART_STANDARD, TRUE, NULL);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  static const char *const names[] = { "levels.png", "agreement.svg", "standard.pdf" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (wm_audit_chart_export (i, f->stats, path, 800, i == 1, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 500);
      g_unlink (path);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_build_filename (f->dir, "chart.gif", NULL);
    g_assert_false (wm_audit_chart_export (0, f->stats, path, 800, FALSE, &error));
    g_assert_nonnull (strstr (error->message, ".png, .svg or .pdf"));
  }
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "plan.waymark", NULL);
  g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_autofree char *plan = wm_store_create_plan (store, "Testshire", "Test plan", &error);
  g_autoptr(WmAuditStats) stats = wm_audit_stats_compute (store, NULL, &error);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
  cairo_t *cr = cairo_create (surface);
  WmRenderStyle style;
  WmAuditChartStats drawn;

  g_assert_no_error (error);
  wm_render_style_init_light (&style);
  for (int kind = 0; kind < 3; kind++)
    {
      wm_audit_chart_render (cr, kind, stats, 300, 200, &style, &drawn);
      g_assert_cmpuint (drawn.bars, ==, 0);
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_clear_object (&store);
  test_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/audit-charts/levels", Fixture, NULL, fixture_set_up, test_levels,
              fixture_tear_down);
  g_test_add ("/audit-charts/agreement", Fixture, GINT_TO_POINTER (1), fixture_set_up,
              test_agreement, fixture_tear_down);
  g_test_add ("/audit-charts/standard", Fixture, GINT_TO_POINTER (1), fixture_set_up,
              test_standard, fixture_tear_down);
  g_test_add ("/audit-charts/export", Fixture, NULL, fixture_set_up, test_export,
              fixture_tear_down);
  g_test_add_func ("/audit-charts/empty", test_empty);
  return g_test_run ();
}
