/* wm-board-report.c: what a board pack reports, read from the plan */
#define G_LOG_DOMAIN "wm-board-report"

#include "wm-board-report.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-plan-import.h"
#include "wm-risk.h"

#include <string.h>

/* "The SEND and Inclusion Board meets every six weeks": the next board
 * when the plan names none. */
#define BOARD_INTERVAL_DAYS 42

static const char *const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

/**
 * wm_board_report_format_date:
 * @iso: (nullable): a date as the store keeps it
 *
 * Returns: (transfer full) (nullable): "16 August 2023", as a UK board
 *   paper writes it, whatever the locale
 */
char *
wm_board_report_format_date (const char *iso)
{
  GDate date;

  if (iso == NULL || !wm_date_from_iso (iso, &date))
    return iso ? g_strdup (iso) : NULL;
  return g_strdup_printf ("%u %s %u", g_date_get_day (&date),
                          month_names[g_date_get_month (&date) - 1], g_date_get_year (&date));
}

static int
days_between (const char *from_iso,
              const char *to_iso)
{
  GDate from, to;

  if (!wm_date_from_iso (from_iso, &from) || !wm_date_from_iso (to_iso, &to))
    return 0;
  return g_date_days_between (&from, &to);
}

static char *
add_days (const char *iso,
          int         days)
{
  GDate date;

  if (!wm_date_from_iso (iso, &date))
    return g_strdup (iso);
  if (days >= 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  return wm_date_to_iso (&date);
}

/* Dates as the store keeps them begin with YYYY-MM-DD; status updates may
 * carry a time after it. */
static char *
day_of (const char *text)
{
  if (text == NULL || strlen (text) < 10)
    return NULL;
  return g_strndup (text, 10);
}

static char *
join_lines (const char *text)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  if (text == NULL)
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        g_strv_builder_add (kept, lines[i]);
    }
  result = g_strv_builder_end (kept);
  return result[0] ? g_strjoinv ("; ", result) : NULL;
}

/* ---------- freeing ---------- */

static void
rating_clear (gpointer data)
{
  WmBoardRating *r = data;

  g_free (r->code);
  g_free (r->label);
  g_free (r->summary);
  g_free (r->colour);
}

static void
priority_clear (gpointer data)
{
  WmBoardPriority *p = data;

  g_free (p->code);
  g_free (p->title);
  g_free (p->counts);
}

static void
action_clear (gpointer data)
{
  WmBoardAction *a = data;

  g_free (a->code);
  g_free (a->title);
  g_free (a->priority_code);
  g_free (a->leads);
  g_free (a->agency);
  g_free (a->due);
  g_free (a->due_text);
  g_free (a->note);
  g_free (a->note_date);
  g_free (a->note_author);
}

static void
milestone_clear (gpointer data)
{
  WmBoardMilestone *m = data;

  g_free (m->code);
  g_free (m->title);
  g_free (m->action_code);
  g_free (m->due);
}

static void
change_clear (gpointer data)
{
  WmBoardChange *c = data;

  g_free (c->date);
  g_free (c->action_code);
  g_free (c->action_title);
  g_free (c->note);
  g_free (c->author);
  g_free (c->what);
}

static void
risk_clear (gpointer data)
{
  WmBoardRisk *r = data;

  g_free (r->ref);
  g_free (r->title);
  g_free (r->owner);
  g_free (r->status);
  g_free (r->score_before_text);
  g_free (r->score_after_text);
  g_free (r->band);
  g_free (r->band_colour);
  g_free (r->trend);
  g_free (r->mitigation);
  g_free (r->linked_actions);
}

void
wm_board_report_free (WmBoardReport *report)
{
  if (report == NULL)
    return;
  g_free (report->plan_title);
  g_free (report->plan_area);
  g_free (report->plan_kind);
  g_free (report->as_at);
  g_free (report->since);
  g_free (report->since_label);
  g_free (report->next_board);
  g_free (report->next_board_label);
  g_clear_pointer (&report->ratings, g_array_unref);
  g_clear_pointer (&report->priorities, g_array_unref);
  g_clear_pointer (&report->actions, g_array_unref);
  g_clear_pointer (&report->exceptions, g_array_unref);
  g_clear_pointer (&report->milestones_due, g_array_unref);
  g_clear_pointer (&report->milestones_missed, g_array_unref);
  g_clear_pointer (&report->changes, g_array_unref);
  g_clear_pointer (&report->risks, g_array_unref);
  g_free (report);
}

static GArray *
new_array (gsize          size,
           GDestroyNotify clear)
{
  GArray *array = g_array_new (FALSE, TRUE, size);

  if (clear)
    g_array_set_clear_func (array, clear);
  return array;
}

/* ---------- reading ---------- */

typedef struct
{
  WmStore       *store;
  WmBoardReport *report;
  GHashTable    *rating_index;   /* rating id → index + 1 */
  GHashTable    *updates;        /* action id → GPtrArray of status_update records, by date */
  GHashTable    *action_index;   /* action id → index + 1 into report->actions */
  GHashTable    *complete;       /* action id → TRUE when complete as at the day */
} Reader;

static int
rating_of (Reader     *r,
           const char *rating_id)
{
  return rating_id ? GPOINTER_TO_INT (g_hash_table_lookup (r->rating_index, rating_id)) - 1 : -1;
}

static gboolean
read_ratings (Reader  *r,
              GError **error)
{
  g_autoptr(GPtrArray) ratings = wm_store_list_ratings (r->store, error);

  if (ratings == NULL)
    return FALSE;
  for (guint i = 0; i < ratings->len; i++)
    {
      WmRecord *record = ratings->pdata[i];
      WmBoardRating rating = {
        g_strdup (wm_record_get_nonnull (record, "code")),
        g_strdup (wm_record_get_nonnull (record, "label")),
        g_strdup (wm_record_has_column (record, "summary")
                  ? wm_record_get_nonnull (record, "summary") : ""),
        g_strdup (wm_record_get_nonnull (record, "colour")),
        wm_record_get_int (record, "is_complete", 0) != 0,
      };

      g_array_append_val (r->report->ratings, rating);
      g_hash_table_insert (r->rating_index, g_strdup (wm_record_get_id (record)),
                           GINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

static int
compare_updates (gconstpointer a,
                 gconstpointer b)
{
  WmRecord *x = *(WmRecord **) a;
  WmRecord *y = *(WmRecord **) b;
  int order = g_strcmp0 (wm_record_get (x, "date"), wm_record_get (y, "date"));

  return order != 0 ? order : g_strcmp0 (wm_record_get (x, "created_at"),
                                         wm_record_get (y, "created_at"));
}

static gboolean
read_updates (Reader  *r,
              GError **error)
{
  g_autoptr(GPtrArray) updates = wm_store_list (r->store, "status_update", NULL, NULL, error);
  GHashTableIter iter;
  gpointer value;

  if (updates == NULL)
    return FALSE;
  for (guint i = 0; i < updates->len; i++)
    {
      WmRecord *update = updates->pdata[i];
      const char *action_id = wm_record_get (update, "action_id");
      GPtrArray *list;

      if (action_id == NULL || wm_record_get (update, "date") == NULL)
        continue;
      list = g_hash_table_lookup (r->updates, action_id);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (r->updates, g_strdup (action_id), list);
        }
      g_ptr_array_add (list, g_object_ref (update));
    }
  g_hash_table_iter_init (&iter, r->updates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_sort (value, compare_updates);
  return TRUE;
}

/* The rating as at the report's day: the last update up to it, or, when
 * every update came later, the rating the first of them replaced. */
static const char *
rating_as_at (Reader     *r,
              WmRecord   *action,
              GPtrArray  *updates)
{
  const char *as_at = r->report->as_at;
  WmRecord *last = NULL;

  if (updates == NULL || updates->len == 0)
    return wm_record_get (action, "rating_id");
  for (guint i = 0; i < updates->len; i++)
    {
      g_autofree char *day = day_of (wm_record_get (updates->pdata[i], "date"));

      if (day != NULL && strcmp (day, as_at) <= 0)
        last = updates->pdata[i];
    }
  if (last != NULL)
    return wm_record_get (last, "rating_id");
  /* every update came after the day */
  return wm_record_get (updates->pdata[0], "previous_rating_id");
}

static gboolean
read_actions (Reader  *r,
              GError **error)
{
  WmBoardReport *report = r->report;
  g_autoptr(GPtrArray) actions = wm_store_list_actions (r->store, NULL, error);
  g_autoptr(GPtrArray) priorities = NULL;
  g_autoptr(GHashTable) priority_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rating_records = NULL;
  guint n_ratings = report->ratings->len;
  WmBoardPriority all = { 0 };
  int red = -1, amber = -1;

  if (actions == NULL)
    return FALSE;
  priorities = wm_store_list (r->store, "priority", NULL, NULL, error);
  if (priorities == NULL)
    return FALSE;

  /* Red and Amber as the scale names or colours them ("AMBER", a RAG
   * scale's "Off track" in red) */
  rating_records = wm_store_list_ratings (r->store, NULL);
  if (rating_records != NULL)
    {
      WmRecord *record = wm_plan_import_match_rating (rating_records, "Red");

      red = record ? rating_of (r, wm_record_get_id (record)) : -1;
      record = wm_plan_import_match_rating (rating_records, "Amber");
      amber = record ? rating_of (r, wm_record_get_id (record)) : -1;
    }

  for (guint i = 0; i < priorities->len; i++)
    {
      WmRecord *record = priorities->pdata[i];
      WmBoardPriority priority = {
        g_strdup (wm_record_get_nonnull (record, "code")),
        g_strdup (wm_record_get_nonnull (record, "title")),
        0, g_new0 (guint, n_ratings + 1), 0,
      };

      g_array_append_val (report->priorities, priority);
      g_hash_table_insert (priority_index, (gpointer) wm_record_get_id (record),
                           GUINT_TO_POINTER (i + 1));
    }

  all.counts = g_new0 (guint, n_ratings + 1);
  for (guint i = 0; i < actions->len; i++)
    {
      WmRecord *record = actions->pdata[i];
      GPtrArray *updates = g_hash_table_lookup (r->updates, wm_record_get_id (record));
      const char *priority_id = wm_record_get (record, "priority_id");
      guint p = priority_id ? GPOINTER_TO_UINT (g_hash_table_lookup (priority_index,
                                                                     priority_id)) : 0;
      const char *completed = wm_record_get (record, "completed_date");
      WmBoardAction action = { 0 };
      WmBoardPriority *priority = p > 0 ? &g_array_index (report->priorities, WmBoardPriority,
                                                          p - 1) : NULL;
      gboolean complete;

      action.code = g_strdup (wm_record_get_nonnull (record, "code"));
      action.title = g_strdup (wm_record_get_nonnull (record, "title"));
      action.priority_code = g_strdup (priority ? priority->code : "");
      action.leads = join_lines (wm_record_get (record, "leads"));
      action.agency = join_lines (wm_record_get (record, "agency"));
      action.rating = rating_of (r, rating_as_at (r, record, updates));
      action.due = g_strdup (wm_record_get (record, "due_date"));
      action.due_text = g_strdup (wm_record_get (record, "due_text"));

      complete = (completed != NULL && strcmp (completed, report->as_at) <= 0)
                 || (action.rating >= 0
                     && g_array_index (report->ratings, WmBoardRating, action.rating).is_complete);
      if (complete)
        g_hash_table_add (r->complete, g_strdup (wm_record_get_id (record)));
      if (!complete && action.due != NULL && strcmp (action.due, report->as_at) < 0)
        action.days_overdue = days_between (action.due, report->as_at);
      action.is_exception_rating = !complete && action.rating >= 0
                                   && (action.rating == red || action.rating == amber);

      /* The latest note up to the day: a status update's, or the
       * action's progress when no update says more */
      for (guint u = updates ? updates->len : 0; u > 0; u--)
        {
          WmRecord *update = updates->pdata[u - 1];
          g_autofree char *day = day_of (wm_record_get (update, "date"));
          const char *note = wm_record_get (update, "note");

          if (day == NULL || strcmp (day, report->as_at) > 0 || note == NULL || !*note)
            continue;
          action.note = g_strdup (note);
          action.note_date = g_steal_pointer (&day);
          action.note_author = g_strdup (wm_record_get (update, "author"));
          break;
        }
      if (action.note == NULL && wm_record_get (record, "progress") != NULL
          && (updates == NULL || updates->len == 0))
        action.note = g_strdup (wm_record_get (record, "progress"));

      if (action.rating == red && red >= 0)
        report->n_red++;
      if (action.rating == amber && amber >= 0)
        report->n_amber++;
      if (action.days_overdue > 0)
        report->n_overdue++;
      if (complete)
        report->n_complete++;

      for (WmBoardPriority *counted = priority; ; counted = &all)
        {
          if (counted != NULL)
            {
              counted->n_actions++;
              counted->counts[action.rating >= 0 ? (guint) action.rating : n_ratings]++;
              if (action.days_overdue > 0)
                counted->n_overdue++;
            }
          if (counted == &all)
            break;
        }
      g_hash_table_insert (r->action_index, g_strdup (wm_record_get_id (record)),
                           GUINT_TO_POINTER (report->actions->len + 1));
      g_array_append_val (report->actions, action);
      if (action.is_exception_rating || action.days_overdue > 0)
        {
          guint index = report->actions->len - 1;
          g_array_append_val (report->exceptions, index);
        }
    }

  /* Priorities with no actions say nothing to a board; the last row is
   * every action of the plan. */
  for (guint i = report->priorities->len; i > 0; i--)
    if (g_array_index (report->priorities, WmBoardPriority, i - 1).n_actions == 0)
      g_array_remove_index (report->priorities, i - 1);
  all.code = g_strdup ("");
  all.title = g_strdup ("All actions");
  g_array_append_val (report->priorities, all);
  return TRUE;
}

/* ---------- boards and the period ---------- */

static gboolean
mentions_board (const char *label)
{
  g_autofree char *lower = label ? g_utf8_strdown (label, -1) : NULL;

  return lower != NULL && strstr (lower, "board") != NULL;
}

static gboolean
read_boards (Reader      *r,
             const char  *since,
             GError     **error)
{
  WmBoardReport *report = r->report;
  g_autoptr(GPtrArray) key_dates = wm_store_list (r->store, "key_date", NULL, NULL, error);
  const char *previous = NULL, *previous_label = NULL;
  const char *next = NULL, *next_label = NULL;

  if (key_dates == NULL)
    return FALSE;
  for (guint i = 0; i < key_dates->len; i++)
    {
      WmRecord *key_date = key_dates->pdata[i];
      const char *date = wm_record_get (key_date, "date");
      const char *label = wm_record_get (key_date, "label");

      if (date == NULL || !mentions_board (label))
        continue;
      /* A board on the report's own day is the one the pack is for */
      if (strcmp (date, report->as_at) < 0)
        {
          if (previous == NULL || strcmp (date, previous) > 0)
            {
              previous = date;
              previous_label = label;
            }
        }
      else if (next == NULL || strcmp (date, next) < 0)
        {
          next = date;
          next_label = label;
        }
    }

  if (since != NULL)
    report->since = g_strdup (since);
  else if (previous != NULL)
    {
      report->since = g_strdup (previous);
      report->since_label = g_strdup (previous_label);
    }
  else
    {
      /* No board yet: the period is the plan's life so far */
      g_autoptr(WmRecord) plan = wm_store_get_plan (r->store, NULL);
      const char *start = plan ? wm_record_get (plan, "start_date") : NULL;

      report->since = start && strcmp (start, report->as_at) < 0 ? add_days (start, -1)
                                                                  : add_days (report->as_at, -BOARD_INTERVAL_DAYS);
    }

  if (next != NULL)
    {
      report->next_board = g_strdup (next);
      report->next_board_label = g_strdup (next_label);
    }
  else
    report->next_board = add_days (report->as_at, BOARD_INTERVAL_DAYS);
  return TRUE;
}

/* ---------- milestones ---------- */

static int
compare_milestones (gconstpointer a,
                    gconstpointer b)
{
  const WmBoardMilestone *x = a, *y = b;
  int order = g_strcmp0 (x->due, y->due);

  return order != 0 ? order : g_strcmp0 (x->code, y->code);
}

static gboolean
read_milestones (Reader  *r,
                 GError **error)
{
  WmBoardReport *report = r->report;
  g_autoptr(GPtrArray) milestones = wm_store_list (r->store, "milestone", NULL, NULL, error);

  if (milestones == NULL)
    return FALSE;
  for (guint i = 0; i < milestones->len; i++)
    {
      WmRecord *record = milestones->pdata[i];
      const char *due = wm_record_get (record, "due_date");
      const char *done = wm_record_get (record, "done_date");
      const char *action_id = wm_record_get (record, "action_id");
      guint action = action_id ? GPOINTER_TO_UINT (g_hash_table_lookup (r->action_index,
                                                                        action_id)) : 0;
      WmBoardMilestone milestone = { 0 };
      gboolean is_done;

      if (due == NULL)
        continue;
      /* an action's milestone for an action deleted elsewhere: an orphan */
      if (action_id != NULL && action == 0)
        continue;
      /* A complete action has met its milestones */
      is_done = (done != NULL && strcmp (done, report->as_at) <= 0)
                || (action_id != NULL && g_hash_table_contains (r->complete, action_id));
      if (is_done)
        continue;

      milestone.code = g_strdup (wm_record_get_nonnull (record, "code"));
      milestone.title = g_strdup (wm_record_get_nonnull (record, "title"));
      milestone.action_code = action > 0
        ? g_strdup (g_array_index (report->actions, WmBoardAction, action - 1).code) : NULL;
      milestone.due = g_strdup (due);
      if (strcmp (due, report->as_at) < 0)
        {
          milestone.days_late = days_between (due, report->as_at);
          g_array_append_val (report->milestones_missed, milestone);
        }
      else if (strcmp (due, report->next_board) <= 0)
        g_array_append_val (report->milestones_due, milestone);
      else
        milestone_clear (&milestone);
    }
  g_array_sort (report->milestones_due, compare_milestones);
  g_array_sort (report->milestones_missed, compare_milestones);
  return TRUE;
}

/* ---------- what changed ---------- */

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const WmBoardChange *x = a, *y = b;
  int order = g_strcmp0 (x->date, y->date);

  return order != 0 ? order : g_strcmp0 (x->action_code, y->action_code);
}

static const char *
date_field_name (const char *column)
{
  if (g_strcmp0 (column, "start_date") == 0)
    return "Start date";
  if (g_strcmp0 (column, "due_date") == 0)
    return "Due date";
  if (g_strcmp0 (column, "completed_date") == 0)
    return "Completed date";
  return "Date";
}

static gboolean
read_changes (Reader  *r,
              GError **error)
{
  WmBoardReport *report = r->report;
  g_autoptr(GPtrArray) moves = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, r->updates);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *updates = value;
      guint action = GPOINTER_TO_UINT (g_hash_table_lookup (r->action_index, key));
      WmBoardAction *a;

      if (action == 0)
        continue;
      a = &g_array_index (report->actions, WmBoardAction, action - 1);
      for (guint i = 0; i < updates->len; i++)
        {
          WmRecord *update = updates->pdata[i];
          g_autofree char *day = day_of (wm_record_get (update, "date"));
          WmBoardChange change = { 0 };

          if (day == NULL || strcmp (day, report->since) <= 0 || strcmp (day, report->as_at) > 0)
            continue;
          change.date = g_steal_pointer (&day);
          change.action_code = g_strdup (a->code);
          change.action_title = g_strdup (a->title);
          /* Older rows may not say what they replaced: the update
           * before them does */
          if (wm_record_get (update, "previous_rating_id") != NULL)
            change.from_rating = rating_of (r, wm_record_get (update, "previous_rating_id"));
          else
            change.from_rating = i > 0 ? rating_of (r, wm_record_get (updates->pdata[i - 1],
                                                                      "rating_id"))
                                       : -1;
          change.to_rating = rating_of (r, wm_record_get (update, "rating_id"));
          change.note = g_strdup (wm_record_get (update, "note"));
          change.author = g_strdup (wm_record_get (update, "author"));
          g_array_append_val (report->changes, change);
        }
    }

  /* Moved dates are what a board asks about ("this was due in September") */
  moves = wm_store_list (r->store, "date_change", NULL, NULL, error);
  if (moves == NULL)
    return FALSE;
  for (guint i = 0; i < moves->len; i++)
    {
      WmRecord *move = moves->pdata[i];
      g_autofree char *day = day_of (wm_record_get (move, "changed_at"));
      const char *row_id = wm_record_get (move, "row_id");
      guint action = row_id ? GPOINTER_TO_UINT (g_hash_table_lookup (r->action_index, row_id)) : 0;
      g_autofree char *old_date = NULL;
      g_autofree char *new_date = NULL;
      WmBoardChange change = { 0 };
      WmBoardAction *a;

      if (action == 0 || g_strcmp0 (wm_record_get (move, "tbl"), "action") != 0 || day == NULL
          || strcmp (day, report->since) <= 0 || strcmp (day, report->as_at) > 0)
        continue;
      a = &g_array_index (report->actions, WmBoardAction, action - 1);
      old_date = wm_board_report_format_date (wm_record_get (move, "old_value"));
      new_date = wm_board_report_format_date (wm_record_get (move, "new_value"));
      change.date = g_steal_pointer (&day);
      change.action_code = g_strdup (a->code);
      change.action_title = g_strdup (a->title);
      change.from_rating = change.to_rating = -1;
      change.what = g_strdup_printf ("%s moved from %s to %s",
                                     date_field_name (wm_record_get (move, "field")),
                                     old_date ? old_date : "none", new_date ? new_date : "none");
      change.note = g_strdup (wm_record_get (move, "reason"));
      change.author = g_strdup (wm_record_get (move, "author"));
      g_array_append_val (report->changes, change);
    }
  g_array_sort (report->changes, compare_changes);
  return TRUE;
}

/* ---------- risks ---------- */

static int
compare_risks (gconstpointer a,
               gconstpointer b)
{
  const WmBoardRisk *x = a, *y = b;

  if (x->closed != y->closed)
    return x->closed ? 1 : -1;
  if (x->score_after != y->score_after)
    return y->score_after - x->score_after;
  if (x->score_before != y->score_before)
    return y->score_before - x->score_before;
  return 0;
}

static gboolean
read_risks (Reader  *r,
            GError **error)
{
  g_autoptr(GPtrArray) risks = wm_risk_list (r->store, NULL, error);

  if (risks == NULL)
    return FALSE;
  for (guint i = 0; i < risks->len; i++)
    {
      WmRisk *risk = risks->pdata[i];
      const WmRiskBand *band = wm_risk_get_band (risk, WM_RISK_RESIDUAL);
      WmRiskTrend trend = wm_risk_get_trend (risk);
      WmBoardRisk row = {
        g_strdup (wm_risk_get_ref (risk)),
        g_strdup (wm_risk_get_title (risk) ? wm_risk_get_title (risk) : ""),
        g_strdup (wm_risk_get (risk, "owner")),
        g_strdup (wm_risk_get_status (risk)),
        wm_risk_get_score (risk, WM_RISK_INHERENT),
        wm_risk_get_score (risk, WM_RISK_RESIDUAL),
        wm_risk_format_score (risk, WM_RISK_INHERENT),
        wm_risk_format_score (risk, WM_RISK_RESIDUAL),
        band ? g_strdup (band->name) : NULL,
        band ? g_strdup (band->colour) : NULL,
        trend != WM_RISK_TREND_NEW
          ? g_strdup_printf ("%s %s", wm_risk_trend_symbol (trend), wm_risk_trend_name (trend))
          : NULL,
        g_strdup (wm_risk_get (risk, "mitigation")),
        wm_risk_format_links (risk),
        wm_risk_is_closed (risk),
      };

      g_array_append_val (r->report->risks, row);
    }
  /* stable: the register's order among equal scores */
  for (guint i = 1; i < r->report->risks->len; i++)
    for (guint j = i; j > 0; j--)
      {
        WmBoardRisk *a = &g_array_index (r->report->risks, WmBoardRisk, j - 1);
        WmBoardRisk *b = &g_array_index (r->report->risks, WmBoardRisk, j);
        WmBoardRisk tmp;

        if (compare_risks (a, b) <= 0)
          break;
        tmp = *a;
        *a = *b;
        *b = tmp;
      }
  return TRUE;
}

/**
 * wm_board_report_new:
 * @store: the plan's store
 * @as_at: (nullable): the report's day, ISO; %NULL for today
 * @since: (nullable): the day the period covered follows, ISO; %NULL for
 *   the last board before @as_at (a key date whose label mentions the board)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the report, or %NULL
 */
WmBoardReport *
wm_board_report_new (WmStore     *store,
                     const char  *as_at,
                     const char  *since,
                     GError     **error)
{
  g_autoptr(WmBoardReport) report = g_new0 (WmBoardReport, 1);
  g_autoptr(WmRecord) plan = NULL;
  Reader r = { 0 };
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  plan = wm_store_get_plan (store, error);
  if (plan == NULL)
    return NULL;
  report->plan_title = g_strdup (wm_record_get_nonnull (plan, "title"));
  report->plan_area = g_strdup (wm_record_get_nonnull (plan, "area"));
  report->plan_kind = g_strdup (wm_record_get_nonnull (plan, "kind"));
  report->as_at = as_at ? g_strdup (as_at) : wm_date_today_iso ();
  if (since != NULL && strcmp (since, report->as_at) >= 0)
    {
      g_autofree char *since_text = wm_board_report_format_date (since);
      g_autofree char *as_at_text = wm_board_report_format_date (report->as_at);

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "The period cannot start on %s: that is not before the report's date, %s.",
                   since_text, as_at_text);
      return NULL;
    }

  report->ratings = new_array (sizeof (WmBoardRating), rating_clear);
  report->priorities = new_array (sizeof (WmBoardPriority), priority_clear);
  report->actions = new_array (sizeof (WmBoardAction), action_clear);
  report->exceptions = new_array (sizeof (guint), NULL);
  report->milestones_due = new_array (sizeof (WmBoardMilestone), milestone_clear);
  report->milestones_missed = new_array (sizeof (WmBoardMilestone), milestone_clear);
  report->changes = new_array (sizeof (WmBoardChange), change_clear);
  report->risks = new_array (sizeof (WmBoardRisk), risk_clear);

  r.store = store;
  r.report = report;
  r.rating_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.updates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) g_ptr_array_unref);
  r.action_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.complete = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ok = read_ratings (&r, error)
       && read_updates (&r, error)
       && read_boards (&r, since, error)
       && read_actions (&r, error)
       && read_milestones (&r, error)
       && read_changes (&r, error)
       && read_risks (&r, error);

  g_hash_table_unref (r.rating_index);
  g_hash_table_unref (r.updates);
  g_hash_table_unref (r.action_index);
  g_hash_table_unref (r.complete);
  return ok ? g_steal_pointer (&report) : NULL;
}
