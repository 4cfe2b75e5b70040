/* wm-plan-changes.c: what changed in the plan since the last board */
#define G_LOG_DOMAIN "wm-plan-changes"

#include "wm-plan-changes.h"

#include <string.h>

#include "wm-board-report.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-store-private.h"

G_DEFINE_BOXED_TYPE (WmPlanChanges, wm_plan_changes, wm_plan_changes_ref, wm_plan_changes_unref)

static void
plan_change_free (gpointer data)
{
  WmPlanChange *c = data;

  g_free (c->date);
  g_free (c->when);
  g_free (c->action_id);
  g_free (c->action_code);
  g_free (c->action_title);
  g_free (c->milestone_id);
  g_free (c->milestone_code);
  g_free (c->milestone_title);
  g_free (c->stage_label);
  g_free (c->old_rating_code);
  g_free (c->old_rating_label);
  g_free (c->old_rating_colour);
  g_free (c->new_rating_code);
  g_free (c->new_rating_label);
  g_free (c->new_rating_colour);
  g_free (c->field);
  g_free (c->old_value);
  g_free (c->new_value);
  g_free (c->note);
  g_free (c->author);
  g_free (c);
}

static WmPlanChanges *
plan_changes_new (void)
{
  WmPlanChanges *changes = g_new0 (WmPlanChanges, 1);

  g_atomic_ref_count_init (&changes->ref_count);
  for (guint i = 0; i < WM_PLAN_CHANGE_N_KINDS; i++)
    changes->entries[i] = g_ptr_array_new_with_free_func (plan_change_free);
  return changes;
}

WmPlanChanges *
wm_plan_changes_ref (WmPlanChanges *changes)
{
  g_return_val_if_fail (changes != NULL, NULL);

  g_atomic_ref_count_inc (&changes->ref_count);
  return changes;
}

void
wm_plan_changes_unref (WmPlanChanges *changes)
{
  g_return_if_fail (changes != NULL);

  if (!g_atomic_ref_count_dec (&changes->ref_count))
    return;
  for (guint i = 0; i < WM_PLAN_CHANGE_N_KINDS; i++)
    g_ptr_array_unref (changes->entries[i]);
  g_free (changes->since);
  g_free (changes->since_label);
  g_free (changes->until);
  g_free (changes);
}

/**
 * wm_plan_changes_get:
 *
 * Returns: (transfer none) (element-type WmPlanChange): the entries of
 *   one kind, oldest first
 */
GPtrArray *
wm_plan_changes_get (WmPlanChanges   *changes,
                     WmPlanChangeKind kind)
{
  g_return_val_if_fail (changes != NULL, NULL);
  g_return_val_if_fail (kind < WM_PLAN_CHANGE_N_KINDS, NULL);

  return changes->entries[kind];
}

guint
wm_plan_changes_count (WmPlanChanges *changes)
{
  guint n = 0;

  g_return_val_if_fail (changes != NULL, 0);

  for (guint i = 0; i < WM_PLAN_CHANGE_N_KINDS; i++)
    n += changes->entries[i]->len;
  return n;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* ---------- the default period ---------- */

static gboolean
mentions_board (const char *label)
{
  g_autofree char *lower = label ? g_utf8_strdown (label, -1) : NULL;

  return lower != NULL && strstr (lower, "board") != NULL;
}

/**
 * wm_plan_changes_default_since:
 * @today_iso: (nullable): the day to look back from; %NULL for today
 * @label_out: (out) (optional) (transfer full) (nullable): the board's label
 *
 * The previous board: the latest key date of kind 'board' before today.
 * A board on today's date is the one the report is for, so it does not
 * count.  Plans written before key dates had kinds (the sample, imported
 * plans) leave every kind 'other': when no key date has kind 'board', one
 * whose label mentions the board counts, as in the board pack.
 *
 * Returns: (transfer full) (nullable): an ISO date, or %NULL (without an
 *   error) when the plan has had no board yet
 */
char *
wm_plan_changes_default_since (WmStore     *store,
                               const char  *today_iso,
                               char       **label_out,
                               GError     **error)
{
  g_autofree char *today = today_iso ? g_strdup (today_iso) : wm_date_today_iso ();
  g_autoptr(GPtrArray) key_dates = NULL;
  const char *best = NULL, *best_label = NULL;
  gboolean any_kind = FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  if (label_out != NULL)
    *label_out = NULL;
  key_dates = wm_store_list (store, "key_date", NULL, NULL, error);
  if (key_dates == NULL)
    return NULL;

  for (guint i = 0; i < key_dates->len; i++)
    if (g_strcmp0 (wm_record_get (key_dates->pdata[i], "kind"), "board") == 0)
      any_kind = TRUE;

  for (guint i = 0; i < key_dates->len; i++)
    {
      WmRecord *key_date = key_dates->pdata[i];
      const char *date = wm_record_get (key_date, "date");
      const char *label = wm_record_get (key_date, "label");
      gboolean is_board = any_kind
                          ? g_strcmp0 (wm_record_get (key_date, "kind"), "board") == 0
                          : mentions_board (label);
      GDate parsed;

      if (!is_board || date == NULL || !wm_date_from_iso (date, &parsed)
          || strcmp (date, today) >= 0)
        continue;
      if (best == NULL || strcmp (date, best) > 0)
        {
          best = date;
          best_label = label;
        }
    }

  if (label_out != NULL && best != NULL)
    *label_out = g_strdup (best_label);
  return g_strdup (best);
}

/* ---------- reading each kind ---------- */

typedef struct
{
  WmStore       *store;
  WmPlanChanges *changes;
  const char    *since;   /* "" when the window has no start */
  const char    *today;
} Query;

static void
bind_window (sqlite3_stmt *stmt,
             Query        *q)
{
  sqlite3_bind_text (stmt, 1, q->since, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, q->changes->until, -1, SQLITE_STATIC);
}

static gboolean
finish (WmStore      *store,
        sqlite3_stmt *stmt,
        int           rc,
        GError      **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read what changed");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_ratings (Query   *q,
              GError **error)
{
  /* Older rows may not say what they replaced: the update before them
   * on the same action does (as the board pack reads it).  An update with
   * no date is dated by when it was recorded. */
  sqlite3_stmt *stmt = wm_store_prepare (q->store,
    "WITH su AS ("
    "  SELECT s.*, COALESCE(s.date, substr(s.created_at, 1, 10)) AS day FROM status_update s),"
    " w AS ("
    "  SELECT su.*, COALESCE(su.previous_rating_id,"
    "    (SELECT p.rating_id FROM su p WHERE p.action_id = su.action_id"
    "     AND (p.day, COALESCE(p.created_at, '')) < (su.day, COALESCE(su.created_at, ''))"
    "     ORDER BY p.day DESC, p.created_at DESC LIMIT 1)) AS prev"
    "  FROM su WHERE su.day > ?1 AND su.day <= ?2)"
    "SELECT w.day, w.created_at, a.id, a.code, a.title,"
    "  o.code, o.label, o.colour, n.code, n.label, n.colour, w.note, w.author "
    "FROM w JOIN action a ON a.id = w.action_id "
    "LEFT JOIN rating o ON o.id = w.prev "
    "LEFT JOIN rating n ON n.id = w.rating_id "
    "ORDER BY w.day, w.created_at, a.sort_order, a.code",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_window (stmt, q);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmPlanChange *c = g_new0 (WmPlanChange, 1);

      c->kind = WM_PLAN_CHANGE_RATING;
      c->date = column_dup (stmt, 0);
      c->when = column_dup (stmt, 1);
      c->action_id = column_dup (stmt, 2);
      c->action_code = column_dup (stmt, 3);
      c->action_title = column_dup (stmt, 4);
      c->old_rating_code = column_dup (stmt, 5);
      c->old_rating_label = column_dup (stmt, 6);
      c->old_rating_colour = column_dup (stmt, 7);
      c->new_rating_code = column_dup (stmt, 8);
      c->new_rating_label = column_dup (stmt, 9);
      c->new_rating_colour = column_dup (stmt, 10);
      c->note = column_dup (stmt, 11);
      c->author = column_dup (stmt, 12);
      g_ptr_array_add (q->changes->entries[WM_PLAN_CHANGE_RATING], c);
    }
  return finish (q->store, stmt, rc, error);
}

static gboolean
read_date_changes (Query   *q,
                   GError **error)
{
  /* A moved date names the action it belongs to: its own, its stage's
   * or its milestone's.  Rows whose action or milestone has since been
   * deleted are orphans, and readers ignore orphans (wm-schema-sql.h). */
  sqlite3_stmt *stmt = wm_store_prepare (q->store,
    "SELECT substr(d.changed_at, 1, 10) AS day, d.changed_at, d.field, d.old_value,"
    "  d.new_value, d.reason, d.author, a.id, a.code, a.title, s.label,"
    "  m.id, m.code, m.title "
    "FROM date_change d "
    "LEFT JOIN stage s ON d.tbl = 'stage' AND s.id = d.row_id "
    "LEFT JOIN milestone m ON d.tbl = 'milestone' AND m.id = d.row_id "
    "LEFT JOIN action a ON a.id = CASE d.tbl WHEN 'action' THEN d.row_id"
    "  WHEN 'stage' THEN s.action_id WHEN 'milestone' THEN m.action_id END "
    "WHERE day > ?1 AND day <= ?2 AND (a.id IS NOT NULL OR m.id IS NOT NULL) "
    "ORDER BY d.changed_at, a.sort_order, a.code",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_window (stmt, q);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmPlanChange *c = g_new0 (WmPlanChange, 1);

      c->kind = WM_PLAN_CHANGE_DATE;
      c->date = column_dup (stmt, 0);
      c->when = column_dup (stmt, 1);
      c->field = column_dup (stmt, 2);
      c->old_value = column_dup (stmt, 3);
      c->new_value = column_dup (stmt, 4);
      c->note = column_dup (stmt, 5);
      c->author = column_dup (stmt, 6);
      c->action_id = column_dup (stmt, 7);
      c->action_code = column_dup (stmt, 8);
      c->action_title = column_dup (stmt, 9);
      c->stage_label = column_dup (stmt, 10);
      c->milestone_id = column_dup (stmt, 11);
      c->milestone_code = column_dup (stmt, 12);
      c->milestone_title = column_dup (stmt, 13);
      g_ptr_array_add (q->changes->entries[WM_PLAN_CHANGE_DATE], c);
    }
  return finish (q->store, stmt, rc, error);
}

static gboolean
read_new_actions (Query   *q,
                  GError **error)
{
  /* An action has no creation time of its own.  What exists is the sync
   * clock: a row per cell with `at`, the Unix time (the writer's clock)
   * when the cell was last written (schema 3).  A later edit replaces its
   * cell's clock row, so the earliest `at` over the row's cells is when it
   * was first written, as long as one cell has not been rewritten since,
   * which in practice is always (plan_id, code_generated, sort_order …).
   * It is not reliable beyond that: cells written before schema 3 have no
   * `at` (such actions are never "new"), and a clock that was wrong on
   * the writing laptop gives a wrong day.
   *
   * Actions written in the same transaction as the plan itself (loading
   * the sample, an import that created the plan) are the plan as it
   * began, not additions to it: a copy made today of an old plan must not
   * report all its actions as new.  A transaction's cells share a site and
   * version, on this laptop and on any other that received them. */
  sqlite3_stmt *stmt = wm_store_prepare (q->store,
    "WITH first AS ("
    "  SELECT pk, min(at) AS at FROM clock WHERE tbl = 'action' AND at IS NOT NULL GROUP BY pk),"
    " born AS ("
    "  SELECT c.pk, c.site, c.version FROM clock c JOIN first f ON f.pk = c.pk"
    "  WHERE c.tbl = 'action' AND c.at = f.at GROUP BY c.pk),"
    " plan_born AS ("
    "  SELECT c.site, c.version FROM clock c JOIN plan p ON p.id = c.pk"
    "  WHERE c.tbl = 'plan' AND c.at IS NOT NULL ORDER BY c.at, c.version LIMIT 1),"
    " n AS ("
    "  SELECT a.*, date(f.at, 'unixepoch') AS day, f.at AS at FROM action a"
    "  JOIN first f ON f.pk = a.id JOIN born b ON b.pk = a.id"
    "  WHERE NOT EXISTS (SELECT 1 FROM plan_born pb"
    "                    WHERE pb.site = b.site AND pb.version = b.version))"
    "SELECT n.day, strftime('%Y-%m-%dT%H:%M:%SZ', n.at, 'unixepoch'), n.id, n.code, n.title,"
    "  r.code, r.label, r.colour, n.leads, n.due_date "
    "FROM n LEFT JOIN rating r ON r.id = n.rating_id "
    "WHERE n.day > ?1 AND n.day <= ?2 "
    "ORDER BY n.day, n.sort_order, n.code",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_window (stmt, q);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmPlanChange *c = g_new0 (WmPlanChange, 1);

      c->kind = WM_PLAN_CHANGE_NEW_ACTION;
      c->date = column_dup (stmt, 0);
      c->when = column_dup (stmt, 1);
      c->action_id = column_dup (stmt, 2);
      c->action_code = column_dup (stmt, 3);
      c->action_title = column_dup (stmt, 4);
      c->new_rating_code = column_dup (stmt, 5);
      c->new_rating_label = column_dup (stmt, 6);
      c->new_rating_colour = column_dup (stmt, 7);
      /* Who leads it and when it is due are what a board asks of a new action */
      c->author = column_dup (stmt, 8);
      c->new_value = column_dup (stmt, 9);
      c->field = g_strdup ("due_date");
      g_ptr_array_add (q->changes->entries[WM_PLAN_CHANGE_NEW_ACTION], c);
    }
  return finish (q->store, stmt, rc, error);
}

static gboolean
read_completed (Query   *q,
                GError **error)
{
  /* Complete is either a completed date in the window, or a status update
   * in the window to a rating that means complete (Blue in BRAG) from one
   * that did not.  An action both ways is listed once, at its completed
   * date. */
  sqlite3_stmt *stmt = wm_store_prepare (q->store,
    "WITH rated AS ("
    "  SELECT s.action_id, COALESCE(s.date, substr(s.created_at, 1, 10)) AS day,"
    "    s.author, s.note, s.created_at"
    "  FROM status_update s JOIN rating r ON r.id = s.rating_id AND r.is_complete"
    "  LEFT JOIN rating o ON o.id = s.previous_rating_id"
    "  WHERE COALESCE(o.is_complete, 0) = 0),"
    " done AS ("
    "  SELECT a.id, a.completed_date AS day, NULL AS author, NULL AS note, 0 AS pref"
    "  FROM action a WHERE a.completed_date > ?1 AND a.completed_date <= ?2"
    "  UNION ALL"
    "  SELECT action_id, day, author, note, 1 FROM rated WHERE day > ?1 AND day <= ?2),"
    " one AS ("
    "  SELECT id, day, author, note, min(pref) FROM done GROUP BY id)"
    "SELECT one.day, a.id, a.code, a.title, r.code, r.label, r.colour, one.author, one.note "
    "FROM one JOIN action a ON a.id = one.id LEFT JOIN rating r ON r.id = a.rating_id "
    "ORDER BY one.day, a.sort_order, a.code",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_window (stmt, q);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmPlanChange *c = g_new0 (WmPlanChange, 1);

      c->kind = WM_PLAN_CHANGE_COMPLETED;
      c->date = column_dup (stmt, 0);
      c->action_id = column_dup (stmt, 1);
      c->action_code = column_dup (stmt, 2);
      c->action_title = column_dup (stmt, 3);
      c->new_rating_code = column_dup (stmt, 4);
      c->new_rating_label = column_dup (stmt, 5);
      c->new_rating_colour = column_dup (stmt, 6);
      c->author = column_dup (stmt, 7);
      c->note = column_dup (stmt, 8);
      g_ptr_array_add (q->changes->entries[WM_PLAN_CHANGE_COMPLETED], c);
    }
  return finish (q->store, stmt, rc, error);
}

static gboolean
read_milestones (Query   *q,
                 GError **error)
{
  /* Met: done in the window.  Missed: due in the window, not done, and
   * the day it was due is over (a milestone due today can still be met). */
  sqlite3_stmt *stmt = wm_store_prepare (q->store,
    "SELECT m.done_date IS NOT NULL AND m.done_date > ?1 AND m.done_date <= ?2 AS met,"
    "  CASE WHEN m.done_date IS NOT NULL AND m.done_date > ?1 AND m.done_date <= ?2"
    "  THEN m.done_date ELSE m.due_date END, m.id, m.code, m.title, a.id, a.code, a.title,"
    "  m.due_date, m.signed_off_by "
    "FROM milestone m LEFT JOIN action a ON a.id = m.action_id "
    "WHERE (m.done_date > ?1 AND m.done_date <= ?2)"
    "   OR (m.done_date IS NULL AND m.due_date > ?1 AND m.due_date <= ?2 AND m.due_date < ?3) "
    "ORDER BY 2, m.sort_order, m.code",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_window (stmt, q);
  sqlite3_bind_text (stmt, 3, q->today, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmPlanChange *c = g_new0 (WmPlanChange, 1);

      c->kind = sqlite3_column_int (stmt, 0) ? WM_PLAN_CHANGE_MILESTONE_MET
                                             : WM_PLAN_CHANGE_MILESTONE_MISSED;
      c->date = column_dup (stmt, 1);
      c->milestone_id = column_dup (stmt, 2);
      c->milestone_code = column_dup (stmt, 3);
      c->milestone_title = column_dup (stmt, 4);
      c->action_id = column_dup (stmt, 5);
      c->action_code = column_dup (stmt, 6);
      c->action_title = column_dup (stmt, 7);
      c->field = g_strdup ("due_date");
      c->old_value = column_dup (stmt, 8);
      c->author = column_dup (stmt, 9);
      g_ptr_array_add (q->changes->entries[c->kind], c);
    }
  return finish (q->store, stmt, rc, error);
}

static gboolean
check_date (const char  *iso,
            const char  *what,
            GError     **error)
{
  GDate date;

  if (iso != NULL && !wm_date_from_iso (iso, &date))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s: “%s” is not a date (YYYY-MM-DD)", what, iso);
      return FALSE;
    }
  return TRUE;
}

/**
 * wm_plan_changes_query:
 * @store: the plan
 * @since_iso: (nullable): the last day already reported (changes after it
 *   are listed); %NULL for the previous board
 *   (wm_plan_changes_default_since()), or the whole plan when it has had
 *   no board
 * @until_iso: (nullable): the last day listed; %NULL for today
 *
 * Returns: (transfer full): what changed, grouped by kind
 */
WmPlanChanges *
wm_plan_changes_query (WmStore     *store,
                       const char  *since_iso,
                       const char  *until_iso,
                       GError     **error)
{
  g_autoptr(WmPlanChanges) changes = NULL;
  g_autofree char *today = wm_date_today_iso ();
  Query q = { 0 };

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_date (since_iso, "since", error) || !check_date (until_iso, "until", error))
    return NULL;

  changes = plan_changes_new ();
  changes->until = until_iso ? g_strdup (until_iso) : g_strdup (today);
  if (since_iso != NULL)
    changes->since = g_strdup (since_iso);
  else
    {
      g_autoptr(GError) local_error = NULL;

      /* The board before the end of the window, so that a report "until
       * the last board" covers the period that board looked at */
      changes->since = wm_plan_changes_default_since (store, changes->until,
                                                      &changes->since_label, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  if (changes->since != NULL && strcmp (changes->since, changes->until) > 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "since (%s) is after until (%s)", changes->since, changes->until);
      return NULL;
    }

  q.store = store;
  q.changes = changes;
  /* Every ISO date sorts after the empty string */
  q.since = changes->since ? changes->since : "";
  q.today = today;
  if (!read_ratings (&q, error) || !read_date_changes (&q, error)
      || !read_new_actions (&q, error) || !read_completed (&q, error)
      || !read_milestones (&q, error))
    return NULL;
  return g_steal_pointer (&changes);
}

/* ---------- text ---------- */

const char *
wm_plan_changes_kind_title (WmPlanChangeKind kind)
{
  switch (kind)
    {
    case WM_PLAN_CHANGE_RATING: return "Rating changes";
    case WM_PLAN_CHANGE_DATE: return "Date changes";
    case WM_PLAN_CHANGE_NEW_ACTION: return "New actions";
    case WM_PLAN_CHANGE_COMPLETED: return "Completed actions";
    case WM_PLAN_CHANGE_MILESTONE_MET: return "Milestones met";
    case WM_PLAN_CHANGE_MILESTONE_MISSED: return "Milestones missed";
    case WM_PLAN_CHANGE_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* "due date" for due_date; unknown columns as they are */
const char *
wm_plan_changes_field_name (const char *field)
{
  static const struct { const char *column, *name; } names[] = {
    { "start_date", "start date" }, { "due_date", "due date" },
    { "completed_date", "completed date" }, { "end_date", "end date" },
    { "done_date", "done date" }, { "review_date", "review date" },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (field, names[i].column))
      return names[i].name;
  return field ? field : "date";
}

static void
append_subject (GString      *out,
                WmPlanChange *c)
{
  if (c->milestone_code != NULL || c->milestone_title != NULL)
    {
      g_string_append_printf (out, "%s%s%s", c->milestone_code ? c->milestone_code : "",
                              c->milestone_code ? " " : "",
                              c->milestone_title ? c->milestone_title : "");
      /* Action milestones carry their action's code already ("1.3a M12") */
      if (c->action_code != NULL
          && !g_str_has_prefix (c->milestone_code ? c->milestone_code : "", c->action_code))
        g_string_append_printf (out, " (action %s)", c->action_code);
      return;
    }
  g_string_append_printf (out, "%s %s", c->action_code ? c->action_code : "?",
                          c->action_title ? c->action_title : "");
  if (c->stage_label != NULL)
    g_string_append_printf (out, ", stage “%s”", c->stage_label);
}

static const char *
rating_name (const char *code,
             const char *label)
{
  if (label != NULL && *label != '\0')
    return label;
  return code ? code : "none";
}

static void
append_line (GString      *out,
             const char   *name,
             const char   *value)
{
  g_autofree char *flat = NULL;

  if (value == NULL || *value == '\0')
    return;
  /* Notes run over several lines; the report indents them as one block */
  flat = g_strdup (value);
  g_strstrip (flat);
  for (char *p = flat; *p; p++)
    if (*p == '\n')
      *p = ' ';
  g_string_append_printf (out, "      %s: %s\n", name, flat);
}

/**
 * wm_plan_changes_to_text:
 *
 * Returns: (transfer full): the report as plain text, one section per
 *   kind, for the terminal and for tests
 */
char *
wm_plan_changes_to_text (WmPlanChanges *changes)
{
  GString *out = g_string_new (NULL);
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (changes != NULL, NULL);

  since = changes->since ? wm_board_report_format_date (changes->since) : NULL;
  until = wm_board_report_format_date (changes->until);
  if (since != NULL && changes->since_label != NULL)
    g_string_append_printf (out, "Changes since %s (%s) until %s\n", since,
                            changes->since_label, until);
  else if (since != NULL)
    g_string_append_printf (out, "Changes since %s until %s\n", since, until);
  else
    g_string_append_printf (out, "Changes since the plan began until %s\n", until);

  if (wm_plan_changes_count (changes) == 0)
    {
      g_string_append (out, "\nNothing changed.\n");
      return g_string_free (out, FALSE);
    }

  for (guint kind = 0; kind < WM_PLAN_CHANGE_N_KINDS; kind++)
    {
      GPtrArray *entries = changes->entries[kind];

      if (entries->len == 0)
        continue;
      g_string_append_printf (out, "\n%s (%u)\n", wm_plan_changes_kind_title (kind),
                              entries->len);
      for (guint i = 0; i < entries->len; i++)
        {
          WmPlanChange *c = entries->pdata[i];
          g_autofree char *day = wm_board_report_format_date (c->date);

          g_string_append_printf (out, "  %s  ", c->date ? c->date : "          ");
          append_subject (out, c);
          g_string_append_c (out, '\n');
          switch (kind)
            {
            case WM_PLAN_CHANGE_RATING:
              if (c->old_rating_code != NULL
                  && g_strcmp0 (c->old_rating_code, c->new_rating_code) == 0)
                g_string_append_printf (out, "      rating: %s (unchanged)\n",
                                        rating_name (c->new_rating_code, c->new_rating_label));
              else
                g_string_append_printf (out, "      rating: %s → %s\n",
                                        rating_name (c->old_rating_code, c->old_rating_label),
                                        rating_name (c->new_rating_code, c->new_rating_label));
              append_line (out, "note", c->note);
              append_line (out, "by", c->author);
              break;
            case WM_PLAN_CHANGE_DATE:
              {
                g_autofree char *old_date = wm_board_report_format_date (c->old_value);
                g_autofree char *new_date = wm_board_report_format_date (c->new_value);

                g_string_append_printf (out, "      %s: %s → %s\n",
                                        wm_plan_changes_field_name (c->field),
                                        old_date ? old_date : "none",
                                        new_date ? new_date : "none");
                append_line (out, "reason", c->note);
                append_line (out, "by", c->author);
              }
              break;
            case WM_PLAN_CHANGE_NEW_ACTION:
              append_line (out, "leads", c->author);
              if (c->new_value != NULL)
                {
                  g_autofree char *due = wm_board_report_format_date (c->new_value);
                  append_line (out, "due", due);
                }
              break;
            case WM_PLAN_CHANGE_COMPLETED:
              append_line (out, "rating", rating_name (c->new_rating_code, c->new_rating_label));
              append_line (out, "note", c->note);
              append_line (out, "by", c->author);
              break;
            case WM_PLAN_CHANGE_MILESTONE_MET:
              append_line (out, "signed off by", c->author);
              break;
            case WM_PLAN_CHANGE_MILESTONE_MISSED:
              append_line (out, "due", day);
              break;
            case WM_PLAN_CHANGE_N_KINDS:
            default:
              g_assert_not_reached ();
            }
        }
    }
  return g_string_free (out, FALSE);
}
