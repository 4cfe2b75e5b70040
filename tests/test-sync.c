/* test-sync: sync by file between laptops, case by case
 *
 * The random convergence property is in test-sync-converge.c, bad files
 * in test-sync-hostile.c, killed imports in test-sync-crash.c.
 */
#define G_LOG_DOMAIN "test-sync"

#include "test-sync-helpers.h"

typedef struct
{
  char *dir;
  Site *a;       /* the programme office, from the sample */
  Site *b;       /* the DCO's laptop, joined from A's full file */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *full = NULL;

  f->dir = test_dir_new ();
  f->a = site_new_sample (f->dir, "a.waymark");
  full = site_export (f->a, f->dir, NULL);
  f->b = site_join (f->dir, "b.waymark", full);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  site_free (f->a);
  site_free (f->b);
  remove_tree (f->dir);
  g_free (f->dir);
}

static void
assert_same (Site *x,
             Site *y)
{
  g_autofree char *hx = site_hash (x);
  g_autofree char *hy = site_hash (y);

  g_assert_cmpstr (hx, ==, hy);
}

/* Both ways by "--peer": each sends what the other has not acknowledged. */
static void
exchange (Fixture *f)
{
  g_autofree char *to_a = site_export (f->b, f->dir, wm_store_get_site_id (f->a->store));
  g_autoptr(WmSyncReport) at_a = site_import (f->a, to_a);
  g_autofree char *to_b = site_export (f->a, f->dir, wm_store_get_site_id (f->b->store));
  g_autoptr(WmSyncReport) at_b = site_import (f->b, to_b);
}

static void
test_join (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *full = site_export (f->a, f->dir, NULL);
  g_autofree char *path = g_build_filename (f->dir, "c.waymark", NULL);
  g_autoptr(WmSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Site *c = site_open (path);
  const WmSyncTableCount *actions;

  wm_sync_import (c->store, full, &report, &error);
  g_assert_no_error (error);
  g_assert_true (report->joined);
  g_assert_true (report->follows_on);
  actions = wm_sync_report_get_table (report, "action", FALSE);
  g_assert_nonnull (actions);
  g_assert_cmpuint (actions->added, ==, 13);
  g_assert_cmpuint (wm_sync_report_get_table (report, "risk", FALSE)->added, ==, 7);
  g_assert_cmpuint (report->conflicts, ==, 0);
  g_assert_cmpuint (report->cells_applied, ==, report->cells);
  /* no backup of an empty database */
  g_assert_null (report->backup_path);

  assert_same (f->a, c);
  assert_same (f->b, c);
  g_assert_cmpstr (wm_store_get_site_id (c->store), !=, wm_store_get_site_id (f->a->store));
  g_assert_cmpstr (wm_store_get_site_id (c->store), !=, wm_store_get_site_id (f->b->store));
  site_free (c);
}

/* "Done when": A edits 1.1, B edits 2.1, both ways: identical. */
static void
test_edits_both_ways (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *title = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *to_a = NULL;
  g_autoptr(WmSyncReport) report = NULL;

  site_set_action (f->a, "1.1", "title", "Co-produce the SEND strategy with families");
  site_set_action (f->b, "2.1", "progress", "Health leads trained; audit booked for June");

  to_a = site_export (f->b, f->dir, wm_store_get_site_id (f->a->store));
  report = site_import (f->a, to_a);
  g_assert_cmpuint (wm_sync_report_get_table (report, "action", FALSE)->updated, ==, 1);
  g_assert_cmpuint (report->conflicts, ==, 0);
  g_assert_nonnull (report->backup_path);
  g_assert_true (g_file_test (report->backup_path, G_FILE_TEST_IS_REGULAR));

  exchange (f);
  assert_same (f->a, f->b);
  title = site_get_action (f->b, "1.1", "title");
  progress = site_get_action (f->a, "2.1", "progress");
  g_assert_cmpstr (title, ==, "Co-produce the SEND strategy with families");
  g_assert_cmpstr (progress, ==, "Health leads trained; audit booked for June");
  g_assert_cmpint (site_query (f->a, "SELECT count(*) FROM conflict"), ==, 0);
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM conflict"), ==, 0);
}

static void
test_idempotent (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(WmSyncReport) first = NULL;
  g_autoptr(WmSyncReport) second = NULL;
  gint64 version;

  site_set_action (f->a, "1.3a", "progress", "Draft circulated");
  bundle = site_export (f->a, f->dir, NULL);
  first = site_import (f->b, bundle);
  g_assert_cmpuint (first->cells_applied, >, 0);
  before = site_hash (f->b);
  version = site_query (f->b, "SELECT db_version FROM clock_state");

  second = site_import (f->b, bundle);
  after = site_hash (f->b);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (second->cells_applied, ==, 0);
  g_assert_cmpuint (second->conflicts, ==, 0);
  g_assert_cmpuint (wm_sync_report_get_changed_rows (second), ==, 0);
  g_assert_cmpint (site_query (f->b, "SELECT db_version FROM clock_state"), ==, version);
}

/* A file made for B says so; made again with nothing new it is empty. */
static void
test_peer_acks (Fixture       *f,
                gconstpointer  data)
{
  const char *b_site = wm_store_get_site_id (f->b->store);
  g_autoptr(WmSyncReport) report = NULL;
  g_autoptr(WmSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "to-b.waymark-sync", NULL);

  /* A has not imported from B: it cannot know what B has. */
  g_assert_false (wm_sync_export (f->a->store, path, b_site, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  exchange (f);
  wm_sync_export (f->a->store, path, b_site, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->cells, ==, 0);
  g_clear_pointer (&report, wm_sync_report_free);

  site_set_action (f->a, "1.3b", "progress", "Workshop held");
  status = wm_sync_status (f->a->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->peers->len, ==, 1);
  g_assert_cmpstr (((WmSyncPeer *) status->peers->pdata[0])->site, ==, b_site);
  g_assert_true (((WmSyncPeer *) status->peers->pdata[0])->direct);
  g_assert_cmpint (((WmSyncPeer *) status->peers->pdata[0])->unseen_cells, ==, 1);

  /* by the first characters of its site id, as a person would type it */
  {
    g_autofree char *prefix = g_strndup (b_site, 8);
    wm_sync_export (f->a->store, path, prefix, &report, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (report->cells, ==, 1);
  g_assert_cmpuint (report->rows, ==, 1);
  g_assert_cmpstr (report->peer_site, ==, b_site);
}

static void
test_delete_not_resurrected (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) risk = wm_store_find_risk (f->a->store, "RR3", &error);
  g_autofree char *id = g_strdup (wm_record_get_id (risk));
  g_autofree char *old_a = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *old_b = NULL;
  g_autoptr(WmSyncReport) r1 = NULL;
  g_autoptr(WmSyncReport) r2 = NULL;
  g_autoptr(WmSyncReport) r3 = NULL;
  g_autoptr(WmSyncReport) r4 = NULL;
  g_autoptr(WmRecord) gone = NULL;

  g_assert_no_error (error);
  /* Files from before the delete, from both sides */
  wm_store_update (f->b->store, "risk", id, &error, "progress", "Reviewed at board", NULL);
  g_assert_no_error (error);
  old_a = site_export (f->a, f->dir, NULL);
  old_b = site_export (f->b, f->dir, NULL);

  wm_store_delete (f->a->store, "risk", id, &error);
  g_assert_no_error (error);
  deleted = site_export (f->a, f->dir, NULL);

  r1 = site_import (f->b, deleted);
  g_assert_cmpuint (wm_sync_report_get_table (r1, "risk", FALSE)->deleted, ==, 1);
  /* B's edit had not reached A when A deleted: kept as a conflict */
  g_assert_cmpuint (r1->conflicts, ==, 1);
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM conflict WHERE kind = 'delete' "
                                     "AND col = 'progress' AND loser_was_local = 1 "
                                     "AND loser_value = 'Reviewed at board' "
                                     "AND record_label = 'risk RR3'"), ==, 1);

  /* the older files do not bring it back, on either laptop */
  r2 = site_import (f->b, old_a);
  r3 = site_import (f->a, old_b);
  g_assert_cmpuint (r2->cells_applied, ==, 0);
  g_assert_cmpuint (r3->cells_applied, ==, 0);
  /* A sees B's edit of the risk it deleted: a conflict there too */
  g_assert_cmpuint (r3->conflicts, ==, 1);
  gone = wm_store_get (f->b->store, "risk", id, &error);
  g_assert_null (gone);
  g_clear_error (&error);
  g_clear_object (&gone);
  gone = wm_store_get (f->a->store, "risk", id, &error);
  g_assert_null (gone);
  g_clear_error (&error);

  /* importing the deletion again changes nothing */
  r4 = site_import (f->b, deleted);
  g_assert_cmpuint (r4->cells_applied, ==, 0);
  g_assert_cmpuint (r4->conflicts, ==, 0);
  exchange (f);
  assert_same (f->a, f->b);

  /* Keeping the edit cannot undo a deletion: said plainly. */
  {
    g_autoptr(GPtrArray) conflicts = wm_sync_list_conflicts (f->b->store, FALSE, &error);
    WmConflict *c;

    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 1);
    c = conflicts->pdata[0];
    g_assert_cmpint (c->kind, ==, WM_CONFLICT_DELETE);
    g_assert_true (c->theirs_deleted);
    g_assert_cmpstr (c->mine_value, ==, "Reviewed at board");
    g_assert_false (wm_sync_resolve_conflict (f->b->store, c->id, WM_CONFLICT_KEEP_MINE, &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "cannot be brought back"));
    g_clear_error (&error);
    g_assert_true (wm_sync_resolve_conflict (f->b->store, c->id, WM_CONFLICT_TAKE_THEIRS,
                                             &error));
    g_assert_no_error (error);
  }
}

/* "Done when": the same field of 1.2a edited differently on both laptops,
 * files exchanged, one imported twice: one value everywhere, one conflict
 * on each laptop holding both values, resolvable. */
static void
test_conflict_one_record (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *value_a = NULL;
  g_autofree char *value_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts_a = NULL;
  g_autoptr(GPtrArray) conflicts_b = NULL;
  WmSyncReport *report;
  WmConflict *ca, *cb;
  Site *sites[2] = { f->a, f->b };

  exchange (f);  /* both know each other */
  site_set_action (f->a, "1.2a", "progress", "Programme office: on track");
  site_set_action (f->b, "1.2a", "progress", "DCO: delayed by recruitment");
  from_a = site_export (f->a, f->dir, wm_store_get_site_id (f->b->store));
  from_b = site_export (f->b, f->dir, wm_store_get_site_id (f->a->store));

  for (guint round = 0; round < 2; round++)
    {
      report = site_import (f->a, from_b);
      g_assert_cmpuint (report->conflicts, ==, round == 0 ? 1 : 0);
      wm_sync_report_free (report);
      report = site_import (f->b, from_a);
      g_assert_cmpuint (report->conflicts, ==, round == 0 ? 1 : 0);
      wm_sync_report_free (report);
    }

  value_a = site_get_action (f->a, "1.2a", "progress");
  value_b = site_get_action (f->b, "1.2a", "progress");
  g_assert_cmpstr (value_a, ==, value_b);
  assert_same (f->a, f->b);

  conflicts_a = wm_sync_list_conflicts (f->a->store, FALSE, &error);
  g_assert_no_error (error);
  conflicts_b = wm_sync_list_conflicts (f->b->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts_a->len, ==, 1);
  g_assert_cmpuint (conflicts_b->len, ==, 1);
  ca = conflicts_a->pdata[0];
  cb = conflicts_b->pdata[0];
  g_assert_cmpstr (ca->record_label, ==, "action 1.2a");
  g_assert_cmpstr (ca->field, ==, "progress");
  g_assert_cmpint (ca->kind, ==, WM_CONFLICT_EDIT);
  g_assert_cmpstr (ca->mine_value, ==, "Programme office: on track");
  g_assert_cmpstr (ca->theirs_value, ==, "DCO: delayed by recruitment");
  g_assert_cmpstr (ca->mine_site, ==, wm_store_get_site_id (f->a->store));
  g_assert_cmpstr (ca->theirs_site, ==, wm_store_get_site_id (f->b->store));
  g_assert_nonnull (ca->theirs_site_name);
  g_assert_cmpint (ca->mine_at, >, 0);
  g_assert_cmpint (ca->theirs_at, >, 0);
  g_assert_cmpstr (cb->mine_value, ==, "DCO: delayed by recruitment");
  g_assert_cmpstr (cb->theirs_value, ==, "Programme office: on track");
  /* exactly one side's value was kept, the same one on both */
  g_assert_true (ca->mine_kept != cb->mine_kept);
  g_assert_cmpstr (ca->mine_kept ? ca->mine_value : ca->theirs_value, ==, value_a);

  /* The losing side keeps its own value: a new edit, which propagates. */
  {
    Site *loser = ca->mine_kept ? f->b : f->a;
    WmConflict *c = ca->mine_kept ? cb : ca;
    g_autofree char *lost = g_strdup (c->mine_value);
    g_autofree char *now = NULL;

    g_assert_true (wm_sync_resolve_conflict (loser->store, c->id, WM_CONFLICT_KEEP_MINE,
                                             &error));
    g_assert_no_error (error);
    g_assert_false (wm_sync_resolve_conflict (loser->store, c->id, WM_CONFLICT_KEEP_MINE,
                                              &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
    g_clear_error (&error);
    exchange (f);
    for (guint i = 0; i < 2; i++)
      {
        g_free (now);
        now = site_get_action (sites[i], "1.2a", "progress");
        g_assert_cmpstr (now, ==, lost);
      }
    assert_same (f->a, f->b);
    /* a resolution is an ordinary edit, not a new conflict */
    g_assert_cmpint (site_query (f->a, "SELECT count(*) FROM conflict"), ==, 1);
    g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM conflict"), ==, 1);
    /* …and it settles the other laptop's copy of the conflict: that side
     * would otherwise offer a choice between two values neither of which
     * is current. */
    {
      Site *other = loser == f->a ? f->b : f->a;
      g_autoptr(GPtrArray) open = wm_sync_list_conflicts (other->store, FALSE, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (open->len, ==, 0);
      g_assert_cmpint (site_query (other, "SELECT count(*) FROM conflict "
                                          "WHERE resolution = 'settled elsewhere'"), ==, 1);
    }
  }
}

/* The laptop whose value won keeps it: nothing changes in its database,
 * but the decision must still reach the other laptop and close the
 * conflict there, or someone else would be asked the same question. */
static void
test_conflict_winner_keeps (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts_a = NULL;
  WmSyncReport *report;
  WmConflict *ca;
  Site *winner, *loser;

  exchange (f);
  site_set_action (f->a, "2.1", "progress", "Office: panel met");
  site_set_action (f->b, "2.1", "progress", "DCO: panel postponed");
  from_a = site_export (f->a, f->dir, wm_store_get_site_id (f->b->store));
  from_b = site_export (f->b, f->dir, wm_store_get_site_id (f->a->store));
  report = site_import (f->a, from_b);
  wm_sync_report_free (report);
  report = site_import (f->b, from_a);
  wm_sync_report_free (report);

  conflicts_a = wm_sync_list_conflicts (f->a->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts_a->len, ==, 1);
  ca = conflicts_a->pdata[0];
  winner = ca->mine_kept ? f->a : f->b;
  loser = ca->mine_kept ? f->b : f->a;
  {
    g_autoptr(GPtrArray) mine = wm_sync_list_conflicts (winner->store, FALSE, &error);
    WmConflict *c = mine->pdata[0];

    before = site_get_action (winner, "2.1", "progress");
    g_assert_true (wm_sync_resolve_conflict (winner->store, c->id, WM_CONFLICT_KEEP_MINE,
                                             &error));
    g_assert_no_error (error);
  }
  exchange (f);
  {
    g_autofree char *now_w = site_get_action (winner, "2.1", "progress");
    g_autofree char *now_l = site_get_action (loser, "2.1", "progress");
    g_autoptr(GPtrArray) open = wm_sync_list_conflicts (loser->store, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (now_w, ==, before);
    g_assert_cmpstr (now_l, ==, before);
    g_assert_cmpuint (open->len, ==, 0);
    assert_same (f->a, f->b);
  }
}

/* An edit made after seeing the other's is not a conflict; nor are two
 * edits that agree. */
static void
test_no_false_conflicts (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(WmSyncReport) r1 = NULL;
  g_autoptr(WmSyncReport) r2 = NULL;
  g_autoptr(WmSyncReport) r3 = NULL;
  g_autoptr(WmSyncReport) r4 = NULL;

  exchange (f);
  site_set_action (f->a, "3.1", "progress", "Started");
  first = site_export (f->a, f->dir, wm_store_get_site_id (f->b->store));
  r1 = site_import (f->b, first);
  site_set_action (f->b, "3.1", "progress", "Started, and the panel has met");
  second = site_export (f->b, f->dir, wm_store_get_site_id (f->a->store));
  r2 = site_import (f->a, second);
  g_assert_cmpuint (r1->conflicts + r2->conflicts, ==, 0);

  /* the same value typed on both laptops */
  site_set_action (f->a, "3.2", "leads", "DCO");
  site_set_action (f->b, "3.2", "leads", "DCO");
  g_free (first);
  g_free (second);
  first = site_export (f->a, f->dir, wm_store_get_site_id (f->b->store));
  second = site_export (f->b, f->dir, wm_store_get_site_id (f->a->store));
  r3 = site_import (f->b, first);
  r4 = site_import (f->a, second);
  g_assert_cmpuint (r3->conflicts + r4->conflicts, ==, 0);
  assert_same (f->a, f->b);
}

/* The programme office (C) receives both edits and keeps the conflict;
 * the two laptops, getting the office's file, do not keep it again: the
 * office had seen both values when it passed the winner on.  Importing
 * every file again, in any order, adds nothing anywhere. */
static void
test_conflict_forwarded (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *full = site_export (f->a, f->dir, NULL);
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autofree char *from_c = NULL;
  Site *c = site_join (f->dir, "c.waymark", full);
  const char *files[3];
  Site *sites[3];
  WmSyncReport *report;

  exchange (f);
  site_set_action (f->a, "2.2a", "due_text", "End of June");
  site_set_action (f->b, "2.2a", "due_text", "End of July");
  from_a = site_export (f->a, f->dir, NULL);
  from_b = site_export (f->b, f->dir, NULL);
  report = site_import (c, from_a);
  g_assert_cmpuint (report->conflicts, ==, 0);
  wm_sync_report_free (report);
  report = site_import (c, from_b);
  g_assert_cmpuint (report->conflicts, ==, 1);
  wm_sync_report_free (report);
  from_c = site_export (c, f->dir, NULL);

  /* the office's file first, then the others, each twice */
  files[0] = from_c;
  files[1] = from_a;
  files[2] = from_b;
  sites[0] = f->a;
  sites[1] = f->b;
  sites[2] = c;
  for (guint round = 0; round < 2; round++)
    for (guint s = 0; s < 3; s++)
      for (guint i = 0; i < 3; i++)
        {
          if ((s == 0 && i == 1) || (s == 1 && i == 2) || (s == 2 && i == 0))
            continue;  /* a laptop's own file */
          report = site_import (sites[s], files[i]);
          g_assert_cmpuint (report->conflicts, ==, 0);
          wm_sync_report_free (report);
        }
  g_assert_cmpint (site_query (c, "SELECT count(*) FROM conflict"), ==, 1);
  g_assert_cmpint (site_query (f->a, "SELECT count(*) FROM conflict"), ==, 0);
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM conflict"), ==, 0);
  assert_same (f->a, f->b);
  assert_same (f->a, c);
  site_free (c);
}

static void
test_other_plan (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "other.waymark", NULL);
  g_autofree char *bundle = NULL;
  g_autofree char *before = site_hash (f->a);
  g_autofree char *after = NULL;
  g_autofree char *plan_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = wm_store_get_plan (f->a->store, &error);
  Site *other = site_open (path);

  plan_id = wm_store_create_plan (other->store, "Rutland", "Rutland written statement of action",
                                  &error);
  g_assert_no_error (error);
  bundle = site_export (other, f->dir, NULL);

  g_assert_false (wm_sync_import (f->a->store, bundle, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Rutland written statement of action"));
  g_assert_nonnull (strstr (error->message, wm_record_get (plan, "title")));
  g_assert_nonnull (strstr (error->message, bundle));
  after = site_hash (f->a);
  g_assert_cmpstr (before, ==, after);
  site_free (other);
}

static void
test_own_file (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *bundle = site_export (f->a, f->dir, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (wm_sync_import (f->a->store, bundle, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "made by this database"));
}

static void
test_backups_kept (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dir = g_strconcat (f->b->path, ".backups", NULL);
  g_autoptr(GDir) handle = NULL;
  guint n = 0;

  for (guint i = 0; i < WM_SYNC_BACKUPS_KEPT + 3; i++)
    {
      g_autofree char *value = g_strdup_printf ("Update %u", i);
      g_autofree char *bundle = NULL;
      g_autoptr(WmSyncReport) report = NULL;

      site_set_action (f->a, "1.1", "progress", value);
      bundle = site_export (f->a, f->dir, NULL);
      report = site_import (f->b, bundle);
      g_assert_nonnull (report->backup_path);
    }
  handle = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (handle);
  while (g_dir_read_name (handle))
    n++;
  g_assert_cmpuint (n, ==, WM_SYNC_BACKUPS_KEPT);
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(WmSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  site_set_action (f->a, "1.1", "progress", "Dry run");
  bundle = site_export (f->a, f->dir, NULL);
  before = site_hash (f->b);
  wm_sync_import_full (f->b->store, bundle, WM_SYNC_IMPORT_DRY_RUN, &report, &error);
  g_assert_no_error (error);
  g_assert_true (report->dry_run);
  g_assert_cmpuint (wm_sync_report_get_table (report, "action", FALSE)->updated, ==, 1);
  after = site_hash (f->b);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (site_query (f->b, "SELECT count(*) FROM peer WHERE last_import IS NOT NULL "
                                     "AND site = (SELECT site FROM peer LIMIT 1)"), ==, 1);
}

/* Version 1's conflict table turned "1.10" into 1.1 (NUMERIC affinity);
 * version 3 keeps values as given. */
static void
test_conflict_values_exact (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autoptr(WmSyncReport) r1 = NULL;
  g_autoptr(WmSyncReport) r2 = NULL;

  exchange (f);
  site_set_action (f->a, "3.3", "code", "3.10");
  site_set_action (f->b, "3.3", "code", "007");
  from_a = site_export (f->a, f->dir, NULL);
  from_b = site_export (f->b, f->dir, NULL);
  r1 = site_import (f->a, from_b);
  r2 = site_import (f->b, from_a);
  g_assert_cmpint (site_query (f->a, "SELECT count(*) FROM conflict WHERE "
                                     "typeof(winner_value) = 'text' AND "
                                     "typeof(loser_value) = 'text' AND "
                                     "'3.10' IN (winner_value, loser_value) AND "
                                     "'007' IN (winner_value, loser_value)"), ==, 1);
}

/* A file skipped (a later one imported first) still merges, but what its
 * sender knew is not taken on until the missing one arrives. */
static void
test_out_of_order (Fixture       *f,
                   gconstpointer  data)
{
  const char *b_site = wm_store_get_site_id (f->b->store);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(WmSyncReport) r1 = NULL;
  g_autoptr(WmSyncReport) r2 = NULL;
  g_autoptr(WmSyncReport) r3 = NULL;

  exchange (f);
  site_set_action (f->a, "1.1", "evidence", "Minutes of March board");
  first = site_export (f->a, f->dir, b_site);
  /* B acknowledges the first file before A writes the second */
  r1 = site_import (f->b, first);
  exchange (f);
  site_set_action (f->a, "1.1", "impact", "Fewer complaints");
  second = site_export (f->a, f->dir, b_site);
  g_clear_pointer (&r1, wm_sync_report_free);

  /* a fresh laptop that never had the first file gets the second */
  {
    g_autofree char *full = site_export (f->a, f->dir, NULL);
    Site *c = NULL;
    g_autofree char *path = g_build_filename (f->dir, "c.waymark", NULL);

    c = site_open (path);
    r2 = site_import (c, second);
    g_assert_false (r2->follows_on);
    g_assert_true (r2->cells_applied > 0);
    r3 = site_import (c, full);
    g_assert_true (r3->follows_on);
    site_free (c);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/join", test_join);
  ADD ("/sync/edits-both-ways", test_edits_both_ways);
  ADD ("/sync/idempotent", test_idempotent);
  ADD ("/sync/peer-acks", test_peer_acks);
  ADD ("/sync/delete-not-resurrected", test_delete_not_resurrected);
  ADD ("/sync/conflict/one-record", test_conflict_one_record);
  ADD ("/sync/conflict/winner-keeps", test_conflict_winner_keeps);
  ADD ("/sync/conflict/none-when-causal-or-equal", test_no_false_conflicts);
  ADD ("/sync/conflict/forwarded", test_conflict_forwarded);
  ADD ("/sync/conflict/values-exact", test_conflict_values_exact);
  ADD ("/sync/refuse/other-plan", test_other_plan);
  ADD ("/sync/refuse/own-file", test_own_file);
  ADD ("/sync/backups-kept", test_backups_kept);
  ADD ("/sync/dry-run", test_dry_run);
  ADD ("/sync/out-of-order", test_out_of_order);
#undef ADD

  return g_test_run ();
}
