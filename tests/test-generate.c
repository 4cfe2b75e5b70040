/* test-generate: the synthetic plan generator that benchmarks rely on
 *
 * A benchmark compares runs over time only if the plan it times is the
 * same every run: same seed, same plan.  The counts asked for are the
 * counts made.  Built and registered from bench/meson.build, beside the
 * generator it tests.
 */
#define G_LOG_DOMAIN "test-generate"

#include <sqlite3.h>

#include "test-helpers.h"
#include "wm-error.h"
#include "wm-generate.h"
#include "wm-store.h"
#include "wm-store-private.h"

static WmStore *
generate (const char              *dir,
          const char              *name,
          const WmGenerateOptions *opts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *plan_id = NULL;
  WmStore *store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  plan_id = wm_store_create_plan (store, "Synthetic area", "Synthetic: test plan", &error);
  g_assert_no_error (error);
  wm_generate_plan (store, opts, &error);
  g_assert_no_error (error);
  return store;
}

static void
small_options (WmGenerateOptions *opts,
               guint32            seed)
{
  wm_generate_options_init (opts, 120);
  opts->seed = seed;
  opts->n_priorities = 4;
  opts->n_risks = 15;
  opts->n_status_updates = 300;
}

/* Rows as text, one line each, with ratings by code: ids are random UUIDs
 * and differ between any two databases. */
static GPtrArray *
dump (WmStore    *store,
      const char *sql)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (wm_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GString *line = g_string_new (NULL);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, i);
          g_string_append_printf (line, "%s%s", i ? " | " : "", value ? value : "NULL");
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  sqlite3_finalize (stmt);
  return lines;
}

static gint64
count_sql (WmStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (wm_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static const char *const dumps[] = {
  "SELECT a.code, a.title, a.start_date, a.due_date, a.completed_date, r.code, a.leads, "
  "a.agency, p.code FROM action a LEFT JOIN rating r ON r.id = a.rating_id "
  "LEFT JOIN priority p ON p.id = a.priority_id ORDER BY a.sort_order",
  "SELECT a.code, s.label, s.start_date, s.end_date FROM stage s JOIN action a "
  "ON a.id = s.action_id ORDER BY a.sort_order, s.sort_order",
  "SELECT code, title, month, due_date, done_date FROM milestone ORDER BY sort_order",
  "SELECT a.code, u.date, r.code, u.note FROM status_update u JOIN action a "
  "ON a.id = u.action_id LEFT JOIN rating r ON r.id = u.rating_id ORDER BY a.sort_order, u.date",
  "SELECT ref, title, raised_date, severity_before, severity_after, status FROM risk "
  "ORDER BY sort_order",
};

static void
test_same_seed_same_plan (void)
{
  char *dir = test_dir_new ();
  WmGenerateOptions opts;
  g_autoptr(WmStore) first = NULL;
  g_autoptr(WmStore) second = NULL;

  small_options (&opts, 7);
  first = generate (dir, "first.waymark", &opts);
  second = generate (dir, "second.waymark", &opts);

  for (guint i = 0; i < G_N_ELEMENTS (dumps); i++)
    {
      g_autoptr(GPtrArray) a = dump (first, dumps[i]);
      g_autoptr(GPtrArray) b = dump (second, dumps[i]);

      g_assert_cmpuint (a->len, >, 0);
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint j = 0; j < a->len; j++)
        g_assert_cmpstr (a->pdata[j], ==, b->pdata[j]);
    }

  g_clear_object (&first);
  g_clear_object (&second);
  test_dir_free (dir);
}

static void
test_other_seed_other_plan (void)
{
  char *dir = test_dir_new ();
  WmGenerateOptions opts;
  g_autoptr(WmStore) first = NULL;
  g_autoptr(WmStore) second = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  gboolean differ = FALSE;

  small_options (&opts, 7);
  first = generate (dir, "first.waymark", &opts);
  opts.seed = 8;
  second = generate (dir, "second.waymark", &opts);

  a = dump (first, dumps[0]);
  b = dump (second, dumps[0]);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint j = 0; j < a->len && !differ; j++)
    differ = g_strcmp0 (a->pdata[j], b->pdata[j]) != 0;
  g_assert_true (differ);

  g_clear_object (&first);
  g_clear_object (&second);
  test_dir_free (dir);
}

static void
test_counts (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = test_dir_new ();
  WmGenerateOptions opts;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) rating_ids = g_hash_table_new (g_str_hash, g_str_equal);

  small_options (&opts, 7);
  store = generate (dir, "counts.waymark", &opts);

  g_assert_cmpint (wm_store_count (store, "priority", NULL), ==, opts.n_priorities);
  g_assert_cmpint (wm_store_count (store, "action", NULL), ==, opts.n_actions);
  g_assert_cmpint (wm_store_count (store, "risk", NULL), ==, opts.n_risks);
  g_assert_cmpint (wm_store_count (store, "status_update", NULL), ==, opts.n_status_updates);

  /* Every action has 2–4 stages and 0–2 milestones of its own; the plan
   * has MS3, MS6, MS9 and MS12. */
  g_assert_cmpint (count_sql (store, "SELECT count(DISTINCT action_id) FROM stage"), ==,
                   opts.n_actions);
  g_assert_cmpint (count_sql (store, "SELECT min(n) FROM (SELECT count(*) n FROM stage "
                                     "GROUP BY action_id)"), >=, opts.min_stages);
  g_assert_cmpint (count_sql (store, "SELECT max(n) FROM (SELECT count(*) n FROM stage "
                                     "GROUP BY action_id)"), <=, opts.max_stages);
  g_assert_cmpint (count_sql (store, "SELECT max(n) FROM (SELECT count(*) n FROM milestone "
                                     "WHERE action_id IS NOT NULL GROUP BY action_id)"), <=,
                   opts.max_action_milestones);
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM milestone WHERE action_id IS NULL "
                                     "AND code IN ('MS3', 'MS6', 'MS9', 'MS12')"), ==, 4);

  /* Stages lie within their action, in order. */
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM stage s JOIN action a "
                                     "ON a.id = s.action_id WHERE s.start_date < a.start_date "
                                     "OR s.end_date > a.due_date OR s.end_date < s.start_date"),
                   ==, 0);

  /* Nothing generated may pass for real. */
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM action WHERE title NOT LIKE "
                                     "'Synthetic: %' OR illustrative IS NULL"), ==, 0);
  g_assert_cmpint (count_sql (store, "SELECT count(*) FROM risk WHERE title NOT LIKE "
                                     "'Synthetic: %' OR illustrative IS NULL"), ==, 0);
  g_assert_cmpint (count_sql (store, "SELECT (SELECT count(*) FROM priority WHERE title NOT LIKE "
                                     "'Synthetic: %') + (SELECT count(*) FROM milestone WHERE "
                                     "title NOT LIKE 'Synthetic: %') + (SELECT count(*) FROM plan "
                                     "WHERE title NOT LIKE 'Synthetic: %')"), ==, 0);

  /* Codes are unique and every rating is one of the plan's scale. */
  actions = wm_store_list_actions (store, NULL, &error);
  g_assert_no_error (error);
  ratings = wm_store_list_ratings (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ratings->len; i++)
    g_hash_table_add (rating_ids, (gpointer) wm_record_get_id (ratings->pdata[i]));
  g_assert_cmpuint (actions->len, ==, opts.n_actions);
  for (guint i = 0; i < actions->len; i++)
    {
      WmRecord *action = actions->pdata[i];
      g_assert_true (g_hash_table_add (codes, (gpointer) wm_record_get (action, "code")));
      g_assert_true (g_hash_table_contains (rating_ids, wm_record_get (action, "rating_id")));
    }
  g_assert_true (g_hash_table_contains (codes, "1.1") || g_hash_table_contains (codes, "1.1a"));

  g_clear_object (&store);
  test_dir_free (dir);
}

static void
test_bad_options (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "bad.waymark", NULL);
  g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_autofree char *plan_id = NULL;
  WmGenerateOptions opts;

  g_assert_no_error (error);
  plan_id = wm_store_create_plan (store, "Synthetic area", "Synthetic: test plan", &error);
  g_assert_no_error (error);

  small_options (&opts, 7);
  opts.start_date = "31/09/2024";
  g_assert_false (wm_generate_plan (store, &opts, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wm_store_count (store, "action", NULL), ==, 0);

  g_clear_object (&store);
  test_dir_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/generate/same-seed-same-plan", test_same_seed_same_plan);
  g_test_add_func ("/generate/other-seed-other-plan", test_other_seed_other_plan);
  g_test_add_func ("/generate/counts", test_counts);
  g_test_add_func ("/generate/bad-options", test_bad_options);

  return g_test_run ();
}
