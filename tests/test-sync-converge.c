/* test-sync-converge: the convergence property, over random scenarios
 *
 * Four laptops join from the sample plan and live for the whole run; each
 * scenario starts where the previous one converged.  In each, three or
 * four of them (the fourth comes back after missing some) make random edits (create, update, delete across actions, risks,
 * milestones and status updates) and exchange changes files in a random
 * order: files made for one peer or for all, imported twice, imported
 * late (stale), imported by a laptop they were not made for.  A final
 * round passes every laptop's file to every other.  Then:
 *   - every laptop holds the same content (a hash over the sorted rows);
 *   - no record deleted anywhere exists anywhere (no resurrection);
 *   - importing any file of the scenario again changes nothing;
 *   - SQLite's integrity check passes.
 *
 * Seeded: the seed is printed; WM_SYNC_SEED=N replays a run, and
 * WM_SYNC_SCENARIOS=N changes the number of scenarios (default 1000);
 * WM_SYNC_PROGRESS=1 prints the laptops' size every 50 scenarios.
 */
#define G_LOG_DOMAIN "test-sync"

#include <stdlib.h>

#include "test-sync-helpers.h"

#define MAX_SITES 4

typedef struct
{
  char  *path;
  guint  maker;
} PoolFile;

typedef struct
{
  guint32    seed;
  guint      index;
  GRand     *rand;
  char      *dir;
  guint      n_sites;
  Site      *sites[MAX_SITES];
  GPtrArray *pool;          /* of PoolFile */
  guint      files;
  guint      imports;
  guint      cells;
  guint      conflicts;
} Scenario;

/* The laptops live for the whole run, as real ones do: each scenario
 * starts where the previous one converged.  The fourth takes part in one
 * scenario in five, so it often comes back after missing several. */
static Site *laptops[MAX_SITES];
static guint32 run_seed;

static void
pool_file_free (gpointer data)
{
  PoolFile *file = data;

  g_free (file->path);
  g_free (file);
}

G_GNUC_NORETURN static void
scenario_failed (Scenario   *s,
                 const char *what,
                 GError     *error)
{
  g_error ("scenario %u (replay with WM_SYNC_SEED=%u WM_SYNC_SCENARIOS=%u): %s%s%s",
           s->index, run_seed, s->index + 1, what, error ? ": " : "",
           error ? error->message : "");
}

static const char *const texts[] = {
  "On track", "Delayed by recruitment", "Complete", "Awaiting sign-off", "",
  "Co-produced with the parent carer forum", "Escalated to the board", "On track",
};

static const char *
pick (Scenario          *s,
      const char *const *choices,
      guint              n)
{
  return choices[g_rand_int_range (s->rand, 0, n)];
}

#define PICK(s, array) pick ((s), (array), G_N_ELEMENTS (array))

/* A random row of @table, or NULL when it has none. */
static char *
random_row (Scenario   *s,
            Site       *site,
            const char *table)
{
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autofree char *sql = NULL;
  gint64 n = site_query (site, count_sql);

  if (n <= 0)
    return NULL;
  sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id LIMIT 1 OFFSET %d", table,
                         g_rand_int_range (s->rand, 0, n));
  return site_query_text (site, sql);
}

static void
random_edit (Scenario *s,
             Site     *site)
{
  static const char *const action_columns[] = { "progress", "title", "due_text", "evidence",
                                                "leads", "impact" };
  static const char *const risk_columns[] = { "progress", "owner", "mitigation", "status",
                                              "likelihood_after" };
  static const char *const ratings[] = { "B", "G", "A", "R", "P" };
  static const char *const statuses[] = { "open", "closed", "escalated" };
  static const char *const scores[] = { "1", "2", "3", "4", "5" };
  static const char *const dates[] = { "2023-06-30", "2023-09-30", "2024-03-31", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = wm_store_get_plan (site->store, NULL);
  const char *plan_id = plan ? wm_record_get_id (plan) : NULL;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  int kind = g_rand_int_range (s->rand, 0, 100);

  if (kind < 30)
    {
      const char *column = PICK (s, action_columns);
      id = random_row (s, site, "action");
      if (id != NULL)
        wm_store_update (site->store, "action", id, &error, column, PICK (s, texts), NULL);
    }
  else if (kind < 42)
    {
      id = random_row (s, site, "action");
      if (id != NULL)
        wm_store_set_action_rating (site->store, id, PICK (s, ratings), PICK (s, texts),
                                    "Test", &error);
    }
  else if (kind < 57)
    {
      const char *column = PICK (s, risk_columns);
      const char *value = g_str_equal (column, "status") ? PICK (s, statuses)
                        : g_str_equal (column, "likelihood_after") ? PICK (s, scores)
                        : PICK (s, texts);
      id = random_row (s, site, "risk");
      if (id != NULL)
        wm_store_update (site->store, "risk", id, &error, column, value, NULL);
    }
  else if (kind < 65)
    {
      id = random_row (s, site, "milestone");
      if (id != NULL)
        wm_store_update (site->store, "milestone", id, &error,
                         "done_date", PICK (s, dates), "title", PICK (s, texts), NULL);
    }
  else if (kind < 69)
    {
      id = random_row (s, site, "status_update");
      if (id != NULL)
        wm_store_update (site->store, "status_update", id, &error, "note", PICK (s, texts),
                         NULL);
    }
  /* Creates and deletes in balance, so the plan keeps its size over a
   * thousand scenarios (a delete of an action takes its children too). */
  else if (kind < 74)
    {
      code = g_strdup_printf ("9.%u", g_rand_int_range (s->rand, 1, 50));
      g_free (wm_store_insert (site->store, "action", &error, "plan_id", plan_id, "code", code,
                               "title", "New action", "progress", PICK (s, texts), NULL));
    }
  else if (kind < 78)
    {
      code = g_strdup_printf ("RR%u", g_rand_int_range (s->rand, 8, 40));
      g_free (wm_store_insert (site->store, "risk", &error, "plan_id", plan_id, "ref", code,
                               "title", "New risk", "owner", PICK (s, texts), NULL));
    }
  else if (kind < 81)
    {
      g_autofree char *action = random_row (s, site, "action");
      g_free (wm_store_insert (site->store, "milestone", &error, "plan_id", plan_id,
                               "action_id", action, "title", PICK (s, texts),
                               "due_date", PICK (s, dates), NULL));
    }
  else
    {
      static const char *const tables[] = { "action", "action", "risk", "risk", "milestone",
                                            "status_update", "status_update", "stage" };
      const char *table = PICK (s, tables);
      id = random_row (s, site, table);
      if (id != NULL)
        wm_store_delete (site->store, table, id, &error);
    }
  if (error != NULL)
    scenario_failed (s, "an edit failed", error);
}

static gboolean
knows (Site       *site,
       const char *peer)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM peer WHERE site = '%s' "
                                          "AND last_import IS NOT NULL", peer);
  return site_query (site, sql) > 0;
}

static void
import (Scenario   *s,
        guint       to,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmSyncReport) report = NULL;

  if (!wm_sync_import_full (s->sites[to]->store, path, WM_SYNC_IMPORT_NO_BACKUP, &report,
                            &error))
    scenario_failed (s, "an import failed", error);
  s->imports++;
  s->cells += report->cells;
  s->conflicts += report->conflicts;
}

static const char *
send (Scenario *s,
      guint     from,
      guint     to,
      gboolean  for_peer)
{
  g_autoptr(GError) error = NULL;
  const char *peer = wm_store_get_site_id (s->sites[to]->store);
  g_autofree char *name = g_strdup_printf ("f%u.waymark-sync", ++s->files);
  PoolFile *file = g_new0 (PoolFile, 1);

  file->path = g_build_filename (s->dir, name, NULL);
  file->maker = from;
  if (!for_peer || !knows (s->sites[from], peer))
    peer = NULL;
  if (!wm_sync_export (s->sites[from]->store, file->path, peer, NULL, &error))
    scenario_failed (s, "an export failed", error);
  g_ptr_array_add (s->pool, file);
  return file->path;
}

static void
random_exchange (Scenario *s)
{
  guint from = g_rand_int_range (s->rand, 0, s->n_sites);
  guint to = (from + g_rand_int_range (s->rand, 1, s->n_sites)) % s->n_sites;
  int kind = g_rand_int_range (s->rand, 0, 100);

  if (kind < 25 && s->pool->len > 0)
    {
      /* an old file: a duplicate, stale, or one made for another laptop */
      PoolFile *file = s->pool->pdata[g_rand_int_range (s->rand, 0, s->pool->len)];
      if (file->maker != to)
        import (s, to, file->path);
      return;
    }
  import (s, to, send (s, from, to, kind < 97));
}

static void
check_converged (Scenario *s)
{
  g_autofree char *first = site_hash (s->sites[0]);
  g_autoptr(GHashTable) tombstones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 1; i < s->n_sites; i++)
    {
      g_autofree char *other = site_hash (s->sites[i]);
      if (!g_str_equal (first, other))
        {
          g_autofree char *what = g_strdup_printf ("laptops 0 and %u differ after the final "
                                                   "round", i);
          scenario_failed (s, what, NULL);
        }
    }

  /* Deleted anywhere, present nowhere. */
  for (guint i = 0; i < s->n_sites; i++)
    {
      sqlite3_stmt *stmt = NULL;
      sqlite3_prepare_v2 (wm_store_get_db (s->sites[i]->store),
                          "SELECT tbl || ' ' || pk FROM clock WHERE col = '__deleted'", -1,
                          &stmt, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (tombstones, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
    }
  g_hash_table_iter_init (&iter, tombstones);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, " ", 2);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE id = '%s'",
                                              parts[0], parts[1]);
      for (guint i = 0; i < s->n_sites; i++)
        if (site_query (s->sites[i], sql) != 0)
          scenario_failed (s, "a deleted record came back", NULL);
    }

  /* Any file again, on any laptop: nothing changes (idempotence, and no
   * stale file can undo what a later one did). */
  {
    guint i = g_rand_int_range (s->rand, 0, s->n_sites);
    PoolFile *file = s->pool->pdata[g_rand_int_range (s->rand, 0, s->pool->len)];
    g_autofree char *after = NULL;

    if (file->maker != i)
      {
        import (s, i, file->path);
        after = site_hash (s->sites[i]);
        if (!g_str_equal (first, after))
          scenario_failed (s, "importing a file again changed a converged laptop", NULL);
      }
  }

  for (guint i = 0; i < s->n_sites; i++)
    if (site_query (s->sites[i], "SELECT count(*) FROM pragma_quick_check "
                                 "WHERE quick_check = 'ok'") != 1)
      scenario_failed (s, "SQLite's integrity check failed", NULL);
}

static void
run_scenario (Scenario *s)
{
  guint steps;

  s->rand = g_rand_new_with_seed (s->seed);
  s->n_sites = g_rand_int_range (s->rand, 0, 5) == 0 ? 4 : 3;
  s->pool = g_ptr_array_new_with_free_func (pool_file_free);
  for (guint i = 0; i < s->n_sites; i++)
    s->sites[i] = laptops[i];

  steps = g_rand_int_range (s->rand, 8, 25);
  for (guint step = 0; step < steps; step++)
    {
      if (g_rand_int_range (s->rand, 0, 100) < 60)
        random_edit (s, s->sites[g_rand_int_range (s->rand, 0, s->n_sites)]);
      else
        random_exchange (s);
    }

  /* The final round: each laptop in turn sends to every other, after it
   * has received from those before it, so the last has everything and
   * passes it on: one pass must be enough.  Most scenarios use "--peer"
   * files, so that the acknowledgements must be right for the pass to be
   * complete; one in twenty sends each laptop's whole plan to the others. */
  if (g_rand_int_range (s->rand, 0, 20) != 0)
    {
      for (guint from = 0; from < s->n_sites; from++)
        for (guint to = 0; to < s->n_sites; to++)
          if (to != from)
            import (s, to, send (s, from, to, TRUE));
    }
  else
    {
      for (guint from = 0; from < s->n_sites; from++)
        {
          const char *whole = send (s, from, (from + 1) % s->n_sites, FALSE);
          for (guint to = 0; to < s->n_sites; to++)
            if (to != from)
              import (s, to, whole);
        }
    }

  check_converged (s);

  for (guint i = 0; i < s->pool->len; i++)
    g_unlink (((PoolFile *) s->pool->pdata[i])->path);
  g_clear_pointer (&s->pool, g_ptr_array_unref);
  g_clear_pointer (&s->rand, g_rand_free);
}

/* The laptops: joined from the sample plan's full file, each with its
 * own site id, and introduced to each other (laptops that have synced
 * before), so that most files in the scenarios are small "--peer" files. */
static void
make_laptops (const char *dir)
{
  g_autofree char *full = NULL;
  Site *origin;

  origin = site_new_sample (dir, "origin.waymark");
  full = site_export (origin, dir, NULL);
  site_free (origin);
  for (guint i = 0; i < MAX_SITES; i++)
    {
      g_autofree char *name = g_strdup_printf ("laptop%u.waymark", i);
      laptops[i] = site_join (dir, name, full);
    }
  for (guint round = 0; round < 2; round++)
    for (guint from = 0; from < MAX_SITES; from++)
      {
        g_autofree char *file = site_export (laptops[from], dir, NULL);
        for (guint to = 0; to < MAX_SITES; to++)
          if (to != from)
            wm_sync_report_free (site_import (laptops[to], file));
        g_unlink (file);
      }
}

static void
test_converge (void)
{
  const char *seed_env = g_getenv ("WM_SYNC_SEED");
  const char *count_env = g_getenv ("WM_SYNC_SCENARIOS");
  guint32 master = seed_env ? (guint32) g_ascii_strtoull (seed_env, NULL, 10)
                            : (guint32) g_test_rand_int ();

  run_seed = master;
  guint n = count_env ? (guint) g_ascii_strtoull (count_env, NULL, 10) : 1000;
  g_autofree char *dir = test_dir_new ();
  guint files = 0, imports = 0, cells = 0, conflicts = 0;
  gint64 start = g_get_monotonic_time ();

  g_test_message ("seed %u: replay with WM_SYNC_SEED=%u", master, master);
  make_laptops (dir);
  for (guint i = 0; i < n; i++)
    {
      Scenario s = { 0 };

      s.index = i;
      s.seed = master + i;
      s.dir = dir;
      run_scenario (&s);
      files += s.files;
      imports += s.imports;
      cells += s.cells;
      conflicts += s.conflicts;
      if (g_getenv ("WM_SYNC_PROGRESS") && (i + 1) % 50 == 0)
        g_printerr ("%u: %u cells so far; clock rows %" G_GINT64_FORMAT ", tombstones %"
                    G_GINT64_FORMAT ", actions %" G_GINT64_FORMAT "\n", i + 1, cells,
                    site_query (laptops[0], "SELECT count(*) FROM clock"),
                    site_query (laptops[0], "SELECT count(*) FROM clock WHERE col = '__deleted'"),
                    site_query (laptops[0], "SELECT count(*) FROM action"));
    }
  g_test_message ("%u scenarios: %u files, %u imports of %u cells, %u conflicts kept, %.1f s",
                  n, files, imports, cells, conflicts, (g_get_monotonic_time () - start) / 1e6);
  /* the scenarios must have made conflicts for the property to mean much */
  if (n >= 100)
    g_assert_cmpuint (conflicts, >, 0);

  for (guint i = 0; i < MAX_SITES; i++)
    g_clear_pointer (&laptops[i], site_free);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/converge/random-scenarios", test_converge);
  return g_test_run ();
}
