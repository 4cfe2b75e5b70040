/* wm-gantt-model.c: the plan as the Gantt draws it
 *
 * Built in seven SELECTs whatever the plan's size (actions, stages,
 * milestones, phases, key dates, dependencies, ratings), never one query
 * an action: the model for 100,000 actions builds in a fraction of a
 * second.  Stages and milestones are read in table order and grouped by
 * action with a counting sort, so no index or ORDER BY is needed on them.
 */
#define G_LOG_DOMAIN "wm-gantt"

#include "wm-gantt-model.h"
#include "wm-store-private.h"
#include "wm-error.h"

#include <stdlib.h>
#include <string.h>

typedef struct
{
  WmGanttModel  pub;
  gatomicrefcount ref_count;
  GStringChunk *strings;
} WmGanttModelReal;

G_DEFINE_BOXED_TYPE (WmGanttModel, wm_gantt_model, wm_gantt_model_ref, wm_gantt_model_unref)

/* ---- dates ---------------------------------------------------------- */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").  Parsing a
 * date this way is several times quicker than through GDate, and the
 * model parses a few hundred thousand of them for a big plan. */
static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

/* GDate's Julian day 1 is 0001-01-01, which is 719162 days before the
 * Unix epoch. */
#define JULIAN_OF_EPOCH 719163

/**
 * wm_gantt_julian_from_iso:
 * @iso: (nullable): a date as the store keeps it, "YYYY-MM-DD"
 *
 * Returns: the date's GDate Julian day number, or 0 when @iso is %NULL or
 * not a valid date
 */
guint32
wm_gantt_julian_from_iso (const char *iso)
{
  guint v[8];
  guint y, m, d;

  if (iso == NULL || strlen (iso) < 10 || iso[4] != '-' || iso[7] != '-')
    return 0;
  for (guint i = 0, j = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (iso[i]))
        return 0;
      v[j++] = (guint) (iso[i] - '0');
    }
  y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  m = v[4] * 10 + v[5];
  d = v[6] * 10 + v[7];
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return 0;
  return (guint32) (days_from_civil (y, m, d) + JULIAN_OF_EPOCH);
}

char *
wm_gantt_julian_to_iso (guint32 julian)
{
  GDate date;

  if (!g_date_valid_julian (julian))
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

guint32
wm_gantt_julian_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int y, m, d;

  g_date_time_get_ymd (now, &y, &m, &d);
  return (guint32) (days_from_civil (y, (guint) m, (guint) d) + JULIAN_OF_EPOCH);
}

/* The first day of month @month of a plan starting in @plan_start's month. */
static guint32
month_start (guint32 plan_start,
             int     month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, plan_start);
  g_date_set_day (&date, 1);
  if (month > 0)
    g_date_add_months (&date, (guint) month);
  else if (month < 0)
    g_date_subtract_months (&date, (guint) -month);
  return g_date_get_julian (&date);
}

/* ---- building -------------------------------------------------------- */

typedef struct
{
  WmGanttModelReal *model;
  WmStore          *store;
  GHashTable       *row_by_id;     /* action id → row index + 1 */
  GHashTable       *rating_by_id;  /* rating id → index + 1 */
  GArray           *rows;
  GArray           *ratings;
  int               complete_rating;  /* the first rating that means complete */
  char              last_id[64];      /* row_of ()'s memory */
  gsize             last_id_length;
  guint             last_row;
} Builder;

static const char *
intern (Builder       *b,
        sqlite3_stmt  *stmt,
        int            column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_string_chunk_insert (b->model->strings, text ? text : "");
}

static const char *
intern_const (Builder      *b,
              sqlite3_stmt *stmt,
              int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_string_chunk_insert_const (b->model->strings, text ? text : "");
}

static guint32
column_julian (sqlite3_stmt *stmt,
               int           column)
{
  return wm_gantt_julian_from_iso ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
finish_query (Builder      *b,
              sqlite3_stmt *stmt,
              int           rc,
              const char   *doing,
              GError      **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  wm_store_set_sqlite_error (b->store, error, rc, doing);
  return FALSE;
}

/* "Head of SEND (LCC)\nDesignated Clinical Officer (ICB)" → "Head of SEND (LCC) +1" */
static const char *
lead_summary (Builder    *b,
              const char *leads)
{
  const char *newline;
  guint more = 0;
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;

  if (leads == NULL || *leads == '\0')
    return "";
  newline = strchr (leads, '\n');
  if (newline == NULL)
    return g_string_chunk_insert (b->model->strings, leads);
  for (const char *p = newline; p != NULL; p = strchr (p + 1, '\n'))
    if (p[1] != '\0' && p[1] != '\n')
      more++;
  first = g_strndup (leads, (gsize) (newline - leads));
  text = more ? g_strdup_printf ("%s +%u", g_strstrip (first), more) : g_strdup (first);
  return g_string_chunk_insert (b->model->strings, text);
}

static gboolean
read_ratings (Builder    *b,
              const char *scale_id,
              GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (b->store,
                           "SELECT id, code, label, summary, colour, is_complete FROM rating "
                           "WHERE ?1 IS NULL OR scale_id = ?1 ORDER BY sort_order, rowid",
                           error);
  if (stmt == NULL)
    return FALSE;
  if (scale_id != NULL)
    sqlite3_bind_text (stmt, 1, scale_id, -1, SQLITE_TRANSIENT);
  b->complete_rating = -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmGanttRating rating = {
        .code = intern_const (b, stmt, 1),
        .label = intern_const (b, stmt, 2),
        .summary = intern_const (b, stmt, 3),
        .colour = intern_const (b, stmt, 4),
        .is_complete = sqlite3_column_int (stmt, 5) != 0,
      };
      const char *id = intern_const (b, stmt, 0);

      if (rating.is_complete && b->complete_rating < 0)
        b->complete_rating = (int) b->ratings->len;
      g_array_append_val (b->ratings, rating);
      g_hash_table_insert (b->rating_by_id, (gpointer) id, GUINT_TO_POINTER (b->ratings->len));
    }
  return finish_query (b, stmt, rc, "read the rating scale", error);
}

typedef struct
{
  const char *id;
  const char *code;
  const char *title;
  const char *lead;
  int         sort_order;
  gint64      rowid;
  guint       n_actions;   /* that pass the filter */
} Priority;

typedef struct
{
  WmGanttRow row;
  int        priority;     /* index into the priorities, -1 for none */
  int        sort_order;
  gint64     rowid;
} ActionItem;

static gboolean
read_priorities (Builder    *b,
                 GArray     *priorities,
                 GHashTable *by_id,
                 GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (b->store,
                           "SELECT id, code, title, lead, sort_order, rowid FROM priority", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Priority priority = {
        .id = intern_const (b, stmt, 0),
        .code = intern (b, stmt, 1),
        .title = intern (b, stmt, 2),
        .lead = intern (b, stmt, 3),
        .sort_order = sqlite3_column_int (stmt, 4),
        .rowid = sqlite3_column_int64 (stmt, 5),
      };

      g_array_append_val (priorities, priority);
      g_hash_table_insert (by_id, (gpointer) priority.id, GUINT_TO_POINTER (priorities->len));
    }
  return finish_query (b, stmt, rc, "read the priorities", error);
}

static int
compare_actions (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const ActionItem *x = a, *y = b;
  GArray *priorities = data;

  /* actions under no priority come last */
  if (x->priority != y->priority)
    {
      const Priority *px, *py;

      if (x->priority < 0 || y->priority < 0)
        return x->priority < 0 ? 1 : -1;
      px = &g_array_index (priorities, Priority, x->priority);
      py = &g_array_index (priorities, Priority, y->priority);
      if (px->sort_order != py->sort_order)
        return px->sort_order < py->sort_order ? -1 : 1;
      return px->rowid < py->rowid ? -1 : 1;
    }
  if (x->sort_order != y->sort_order)
    return x->sort_order < y->sort_order ? -1 : 1;
  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* The same filters as wm_store_list_actions (), on the columns the Gantt
 * needs only: a WmRecord an action would cost more than the whole model.
 * The rows are ordered here rather than by SQL: an ORDER BY over 100,000
 * joined rows sorts them in a temporary file, several times slower. */
static gboolean
read_actions (Builder              *b,
              const WmActionFilter *filter,
              GError              **error)
{
  g_autoptr(GString) sql = g_string_new (
    "SELECT a.id, a.code, a.title, a.leads, a.agency, a.start_date, a.due_date, "
    "a.completed_date, a.baseline_start, a.baseline_due, a.rating_id, a.priority_id, "
    "a.sort_order, a.rowid FROM action a");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) priorities = g_array_new (FALSE, FALSE, sizeof (Priority));
  g_autoptr(GHashTable) priority_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (ActionItem));
  int current = G_MININT;
  int priority_row = -1;
  sqlite3_stmt *stmt;
  int rc;

  if (!read_priorities (b, priorities, priority_by_id, error))
    return FALSE;

  if (filter != NULL && (filter->overdue_only || filter->due_within_days > 0))
    g_string_append (sql, " LEFT JOIN rating r ON r.id = a.rating_id");
  g_string_append (sql, " WHERE 1");
  if (filter != NULL)
    {
      if (filter->priority_id)
        {
          g_string_append (sql, " AND a.priority_id = ?");
          g_ptr_array_add (params, g_strdup (filter->priority_id));
        }
      if (filter->agency)
        {
          g_string_append (sql, " AND ('\n' || a.agency || '\n') LIKE ?");
          g_ptr_array_add (params, g_strdup_printf ("%%\n%s\n%%", filter->agency));
        }
      if (filter->lead)
        {
          g_string_append (sql, " AND a.leads LIKE ?");
          g_ptr_array_add (params, g_strdup_printf ("%%%s%%", filter->lead));
        }
      if (filter->rating_id)
        {
          g_string_append (sql, " AND a.rating_id = ?");
          g_ptr_array_add (params, g_strdup (filter->rating_id));
        }
      if (filter->search && *filter->search)
        {
          g_string_append (sql, " AND (a.code LIKE ? OR a.title LIKE ? OR a.description "
                                "LIKE ? OR a.progress LIKE ?)");
          for (guint i = 0; i < 4; i++)
            g_ptr_array_add (params, g_strdup_printf ("%%%s%%", filter->search));
        }
      if (filter->overdue_only)
        g_string_append (sql, " AND a.due_date < date('now', 'localtime') "
                              "AND a.completed_date IS NULL AND coalesce(r.is_complete, 0) = 0");
      if (filter->due_within_days > 0)
        {
          g_string_append (sql, " AND a.due_date <= date('now', 'localtime', ?) "
                                "AND a.completed_date IS NULL AND coalesce(r.is_complete, 0) = 0");
          g_ptr_array_add (params, g_strdup_printf ("+%d days", filter->due_within_days));
        }
    }

  stmt = wm_store_prepare (b->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, params->pdata[i], -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *priority_id = (const char *) sqlite3_column_text (stmt, 11);
      const char *rating_id = (const char *) sqlite3_column_text (stmt, 10);
      ActionItem item = { { 0, }, -1, 0, 0 };
      WmGanttRow *row = &item.row;
      gpointer found;

      found = priority_id ? g_hash_table_lookup (priority_by_id, priority_id) : NULL;
      item.priority = found ? (int) GPOINTER_TO_UINT (found) - 1 : -1;
      item.sort_order = sqlite3_column_int (stmt, 12);
      item.rowid = sqlite3_column_int64 (stmt, 13);

      row->kind = WM_GANTT_ROW_ACTION;
      row->id = intern (b, stmt, 0);
      row->code = intern (b, stmt, 1);
      row->title = intern (b, stmt, 2);
      row->lead = lead_summary (b, (const char *) sqlite3_column_text (stmt, 3));
      row->agency = intern_const (b, stmt, 4);
      row->start = column_julian (stmt, 5);
      row->due = column_julian (stmt, 6);
      row->completed = column_julian (stmt, 7);
      row->baseline_start = column_julian (stmt, 8);
      row->baseline_due = column_julian (stmt, 9);
      found = rating_id ? g_hash_table_lookup (b->rating_by_id, rating_id) : NULL;
      row->rating = found ? (int) GPOINTER_TO_UINT (found) - 1 : -1;
      row->complete = row->completed != 0
                      || (row->rating >= 0
                          && g_array_index (b->ratings, WmGanttRating, row->rating).is_complete);
      if (row->baseline_due != 0 && (row->completed != 0 || row->due != 0))
        {
          guint32 end = row->completed ? row->completed : row->due;
          row->has_slippage = TRUE;
          row->slippage_days = (int) end - (int) row->baseline_due;
        }
      g_array_append_val (items, item);
    }
  if (!finish_query (b, stmt, rc, "read the actions", error))
    return FALSE;

  g_array_sort_with_data (items, compare_actions, priorities);

  g_array_set_size (b->rows, 0);
  for (guint i = 0; i < items->len; i++)
    {
      ActionItem *item = &g_array_index (items, ActionItem, i);

      if (i == 0 || item->priority != current)
        {
          WmGanttRow header = {
            .kind = WM_GANTT_ROW_PRIORITY,
            .priority_row = -1,
            .rating = -1,
            .agency = "",
          };

          if (item->priority >= 0)
            {
              const Priority *priority = &g_array_index (priorities, Priority, item->priority);

              header.id = priority->id;
              header.code = priority->code;
              header.title = priority->title;
              header.lead = priority->lead;
            }
          else
            {
              /* An action whose priority is unset or was deleted elsewhere */
              header.id = "";
              header.code = "";
              header.title = "Actions not under a priority";
              header.lead = "";
            }
          current = item->priority;
          priority_row = (int) b->rows->len;
          g_array_append_val (b->rows, header);
        }
      item->row.priority_row = priority_row;
      g_array_index (b->rows, WmGanttRow, priority_row).n_actions++;
      g_hash_table_insert (b->row_by_id, (gpointer) item->row.id,
                           GUINT_TO_POINTER (b->rows->len + 1));
      g_array_append_val (b->rows, item->row);
    }
  return TRUE;
}

typedef struct
{
  guint   row;
  int     order;
  guint32 start;
} Owner;

/* Items arrive in table order with the row that owns each.  Returns the
 * permutation that groups them by row (a counting sort), each group in
 * (order, start) order; row r owns positions starts[r] to starts[r + 1]. */
static guint *
group_by_row (GArray  *owners,
              guint    n_rows,
              guint  **starts_out)
{
  guint *starts = g_new0 (guint, n_rows + 1);
  g_autofree guint *next = NULL;
  guint *perm = g_new (guint, MAX (owners->len, 1));

  for (guint i = 0; i < owners->len; i++)
    starts[g_array_index (owners, Owner, i).row + 1]++;
  for (guint r = 0; r < n_rows; r++)
    starts[r + 1] += starts[r];
  next = g_memdup2 (starts, (n_rows + 1) * sizeof (guint));
  for (guint i = 0; i < owners->len; i++)
    perm[next[g_array_index (owners, Owner, i).row]++] = i;

  /* Groups are tiny (two to four stages): insertion sort each. */
  for (guint r = 0; r < n_rows; r++)
    for (guint i = starts[r] + 1; i < starts[r + 1]; i++)
      for (guint j = i; j > starts[r]; j--)
        {
          const Owner *x = &g_array_index (owners, Owner, perm[j - 1]);
          const Owner *y = &g_array_index (owners, Owner, perm[j]);
          guint swap;

          if (x->order < y->order || (x->order == y->order && x->start <= y->start))
            break;
          swap = perm[j - 1];
          perm[j - 1] = perm[j];
          perm[j] = swap;
        }
  *starts_out = starts;
  return perm;
}

/* The row of the action whose id is in @column, plus one; 0 for none.
 * Stages and milestones are written an action at a time, so the same id
 * usually comes several times in a row: remember the last. */
static guint
row_of (Builder      *b,
        sqlite3_stmt *stmt,
        int           column)
{
  const char *id = (const char *) sqlite3_column_text (stmt, column);
  gsize length;

  if (id == NULL)
    return 0;
  length = (gsize) sqlite3_column_bytes (stmt, column);
  if (length == b->last_id_length && memcmp (id, b->last_id, length) == 0)
    return b->last_row;
  b->last_row = GPOINTER_TO_UINT (g_hash_table_lookup (b->row_by_id, id));
  if (length < sizeof b->last_id)
    {
      memcpy (b->last_id, id, length);
      b->last_id_length = length;
    }
  else
    b->last_id_length = G_MAXSIZE;
  return b->last_row;
}

static gboolean
read_stages (Builder  *b,
             GError  **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (WmGanttStage));
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (Owner));
  g_autofree guint *perm = NULL;
  g_autofree guint *starts = NULL;
  WmGanttRow *rows;
  WmGanttStage *stages;
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (b->store,
                           "SELECT action_id, label, start_date, end_date, baseline_start, "
                           "baseline_end, sort_order FROM stage", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint row = row_of (b, stmt, 0);
      WmGanttStage stage;
      Owner owner;

      if (row == 0)
        continue;  /* an action filtered out, or an orphan */
      stage.label = intern (b, stmt, 1);
      stage.start = column_julian (stmt, 2);
      stage.end = column_julian (stmt, 3);
      stage.baseline_start = column_julian (stmt, 4);
      stage.baseline_end = column_julian (stmt, 5);
      if (stage.start == 0 || stage.end == 0)
        continue;  /* nothing to draw; the editor flags it */
      if (stage.end < stage.start)
        {
          guint32 swap = stage.start;
          stage.start = stage.end;
          stage.end = swap;
        }
      owner = (Owner) { row - 1, sqlite3_column_int (stmt, 6), stage.start };
      g_array_append_val (items, stage);
      g_array_append_val (owners, owner);
    }
  if (!finish_query (b, stmt, rc, "read the stages", error))
    return FALSE;
  perm = group_by_row (owners, b->rows->len, &starts);
  stages = g_new (WmGanttStage, MAX (items->len, 1));
  for (guint i = 0; i < items->len; i++)
    stages[i] = g_array_index (items, WmGanttStage, perm[i]);
  rows = (WmGanttRow *) (gpointer) b->rows->data;
  for (guint r = 0; r < b->rows->len; r++)
    {
      rows[r].first_stage = starts[r];
      rows[r].n_stages = starts[r + 1] - starts[r];
    }
  b->model->pub.stages = stages;
  b->model->pub.n_stages = items->len;
  return TRUE;
}

static int
compare_milestones (gconstpointer a,
                    gconstpointer b)
{
  const WmGanttMilestone *x = a, *y = b;

  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  return g_strcmp0 (x->code, y->code);
}

static gboolean
read_milestones (Builder  *b,
                 GError  **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (WmGanttMilestone));
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (Owner));
  g_autoptr(GArray) plan = g_array_new (FALSE, FALSE, sizeof (WmGanttMilestone));
  g_autofree guint *perm = NULL;
  g_autofree guint *starts = NULL;
  WmGanttRow *rows;
  WmGanttMilestone *milestones;
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (b->store,
                           "SELECT action_id, code, title, due_date, done_date, sort_order "
                           "FROM milestone", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean is_plan = sqlite3_column_type (stmt, 0) == SQLITE_NULL;
      guint row = is_plan ? 0 : row_of (b, stmt, 0);
      WmGanttMilestone milestone;
      Owner owner;

      if (!is_plan && row == 0)
        continue;
      milestone.code = intern (b, stmt, 1);
      milestone.title = intern (b, stmt, 2);
      milestone.due = column_julian (stmt, 3);
      milestone.done = column_julian (stmt, 4);
      milestone.missed = FALSE;
      if (milestone.due == 0)
        continue;
      if (is_plan)
        {
          g_array_append_val (plan, milestone);
          continue;
        }
      owner = (Owner) { row - 1, 0, milestone.due };
      g_array_append_val (items, milestone);
      g_array_append_val (owners, owner);
    }
  if (!finish_query (b, stmt, rc, "read the milestones", error))
    return FALSE;
  perm = group_by_row (owners, b->rows->len, &starts);
  milestones = g_new (WmGanttMilestone, MAX (items->len, 1));
  for (guint i = 0; i < items->len; i++)
    milestones[i] = g_array_index (items, WmGanttMilestone, perm[i]);
  rows = (WmGanttRow *) (gpointer) b->rows->data;
  for (guint r = 0; r < b->rows->len; r++)
    {
      rows[r].first_milestone = starts[r];
      rows[r].n_milestones = starts[r + 1] - starts[r];
    }
  b->model->pub.milestones = milestones;
  b->model->pub.n_milestones = items->len;
  g_array_sort (plan, compare_milestones);
  b->model->pub.n_plan_milestones = plan->len;
  b->model->pub.plan_milestones = (WmGanttMilestone *) (gpointer) g_array_free (
    g_steal_pointer (&plan), FALSE);
  return TRUE;
}

static gboolean
read_phases (Builder  *b,
             GError  **error)
{
  g_autoptr(GArray) phases = g_array_new (FALSE, FALSE, sizeof (WmGanttPhase));
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (b->store,
                           "SELECT label, start_month, end_month FROM phase "
                           "WHERE start_month IS NOT NULL "
                           "ORDER BY sort_order, start_month", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int start = sqlite3_column_int (stmt, 1);
      /* An open-ended phase ("12+ months") runs for a year */
      int end = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? start + 12
                : sqlite3_column_int (stmt, 2);
      WmGanttPhase phase;

      if (end <= start || b->model->pub.plan_start == 0)
        continue;
      phase.label = intern (b, stmt, 0);
      phase.start = month_start (b->model->pub.plan_start, start);
      phase.end = month_start (b->model->pub.plan_start, end) - 1;
      g_array_append_val (phases, phase);
    }
  if (!finish_query (b, stmt, rc, "read the plan's phases", error))
    return FALSE;
  b->model->pub.n_phases = phases->len;
  b->model->pub.phases = (WmGanttPhase *) (gpointer) g_array_free (g_steal_pointer (&phases),
                                                                   FALSE);
  return TRUE;
}

static gboolean
read_key_dates (Builder  *b,
                GError  **error)
{
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (WmGanttKeyDate));
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (b->store, "SELECT date, label, kind FROM key_date ORDER BY date",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmGanttKeyDate key_date;

      key_date.date = column_julian (stmt, 0);
      if (key_date.date == 0)
        continue;
      key_date.label = intern (b, stmt, 1);
      key_date.kind = intern_const (b, stmt, 2);
      g_array_append_val (dates, key_date);
    }
  if (!finish_query (b, stmt, rc, "read the key dates", error))
    return FALSE;
  b->model->pub.n_key_dates = dates->len;
  b->model->pub.key_dates = (WmGanttKeyDate *) (gpointer) g_array_free (
    g_steal_pointer (&dates), FALSE);
  return TRUE;
}

static int
compare_dependencies (gconstpointer a,
                      gconstpointer b)
{
  const WmGanttDependency *x = a, *y = b;
  int lo_x = MIN (x->from_row, x->to_row);
  int lo_y = MIN (y->from_row, y->to_row);

  return lo_x != lo_y ? (lo_x < lo_y ? -1 : 1) : x->to_row - y->to_row;
}

static gboolean
read_dependencies (Builder  *b,
                   GError  **error)
{
  g_autoptr(GArray) dependencies = g_array_new (FALSE, FALSE, sizeof (WmGanttDependency));
  sqlite3_stmt *stmt;
  int span = 0;
  int rc;

  stmt = wm_store_prepare (b->store,
                           "SELECT from_action_id, to_action_id, kind, lag_days FROM dependency",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint from = row_of (b, stmt, 0);
      guint to = row_of (b, stmt, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);
      WmGanttDependency dependency;

      if (from == 0 || to == 0 || from == to)
        continue;  /* an end filtered out, or an orphan */
      dependency.from_row = (int) from - 1;
      dependency.to_row = (int) to - 1;
      dependency.lag_days = sqlite3_column_int (stmt, 3);
      if (g_strcmp0 (kind, "SS") == 0)
        dependency.kind = WM_GANTT_DEPENDENCY_SS;
      else if (g_strcmp0 (kind, "FF") == 0)
        dependency.kind = WM_GANTT_DEPENDENCY_FF;
      else if (g_strcmp0 (kind, "SF") == 0)
        dependency.kind = WM_GANTT_DEPENDENCY_SF;
      else
        dependency.kind = WM_GANTT_DEPENDENCY_FS;
      span = MAX (span, ABS (dependency.from_row - dependency.to_row));
      g_array_append_val (dependencies, dependency);
    }
  if (!finish_query (b, stmt, rc, "read the dependencies", error))
    return FALSE;
  g_array_sort (dependencies, compare_dependencies);
  b->model->pub.max_dependency_span = span;
  b->model->pub.n_dependencies = dependencies->len;
  b->model->pub.dependencies = (WmGanttDependency *) (gpointer) g_array_free (
    g_steal_pointer (&dependencies), FALSE);
  return TRUE;
}

static void
extend (guint32 *first,
        guint32 *last,
        guint32  day)
{
  if (day == 0)
    return;
  if (*first == 0 || day < *first)
    *first = day;
  if (*last == 0 || day > *last)
    *last = day;
}

static void
compute_ranges (WmGanttModel *self)
{
  guint32 first = 0, last = 0;
  guint32 overview_first = 0, overview_last = 0;

  extend (&overview_first, &overview_last, self->plan_start);
  for (guint i = 0; i < self->n_rows; i++)
    {
      const WmGanttRow *row = &self->rows[i];

      if (row->kind != WM_GANTT_ROW_ACTION)
        continue;
      extend (&first, &last, row->start);
      extend (&first, &last, row->due);
      extend (&first, &last, row->completed);
      extend (&first, &last, row->baseline_start);
      extend (&first, &last, row->baseline_due);
      if (row->n_stages == 0)
        {
          /* the action itself is the bar */
          extend (&overview_first, &overview_last, row->start);
          extend (&overview_first, &overview_last, row->due);
        }
    }
  for (guint i = 0; i < self->n_stages; i++)
    {
      extend (&first, &last, self->stages[i].start);
      extend (&first, &last, self->stages[i].end);
      extend (&first, &last, self->stages[i].baseline_start);
      extend (&first, &last, self->stages[i].baseline_end);
      extend (&overview_first, &overview_last, self->stages[i].start);
      extend (&overview_first, &overview_last, self->stages[i].end);
    }
  for (guint i = 0; i < self->n_milestones; i++)
    extend (&first, &last, self->milestones[i].due);
  for (guint i = 0; i < self->n_plan_milestones; i++)
    {
      extend (&first, &last, self->plan_milestones[i].due);
      extend (&overview_first, &overview_last, self->plan_milestones[i].due);
    }
  for (guint i = 0; i < self->n_phases; i++)
    {
      extend (&first, &last, self->phases[i].start);
      extend (&first, &last, self->phases[i].end);
      extend (&overview_first, &overview_last, self->phases[i].start);
      extend (&overview_first, &overview_last, self->phases[i].end);
    }
  /* a plan with nothing dated but its start: show its first year */
  if (overview_first != 0 && overview_last == overview_first)
    overview_last = overview_first + 364;
  extend (&first, &last, overview_first);
  extend (&first, &last, overview_last);
  if (first == 0)
    {
      /* an empty plan: show the coming year */
      first = self->plan_start ? self->plan_start : wm_gantt_julian_today ();
      last = first + 365;
      overview_first = first;
      overview_last = last;
    }
  self->first_day = first;
  self->last_day = MAX (last, first);
  self->overview_first = overview_first;
  self->overview_last = MAX (overview_last, overview_first);
}

/**
 * wm_gantt_model_new_from_store:
 * @store: the plan's store
 * @filter: (nullable): which actions to show, as for wm_store_list_actions()
 * @error: return location for a #GError
 *
 * Reads the plan into a Gantt model judged against today's date (see
 * wm_gantt_model_set_today() to judge against another day).  A priority
 * shows as a header row when at least one of its actions passes @filter.
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
WmGanttModel *
wm_gantt_model_new_from_store (WmStore              *store,
                               const WmActionFilter *filter,
                               GError              **error)
{
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(WmGanttModel) model = NULL;
  g_autoptr(GHashTable) row_by_id = NULL;
  g_autoptr(GHashTable) rating_by_id = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) ratings = NULL;
  WmGanttModelReal *real;
  Builder b;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan = wm_store_get_plan (store, error);
  if (plan == NULL)
    return NULL;

  real = g_new0 (WmGanttModelReal, 1);
  g_atomic_ref_count_init (&real->ref_count);
  real->strings = g_string_chunk_new (64 * 1024);
  model = &real->pub;
  model->plan_title = g_string_chunk_insert (real->strings,
                                             wm_record_get_nonnull (plan, "title"));
  model->plan_area = g_string_chunk_insert (real->strings, wm_record_get_nonnull (plan, "area"));
  model->plan_start = wm_gantt_julian_from_iso (wm_record_get (plan, "start_date"));

  row_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  rating_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  rows = g_array_new (FALSE, FALSE, sizeof (WmGanttRow));
  ratings = g_array_new (FALSE, FALSE, sizeof (WmGanttRating));
  b = (Builder) {
    .model = real,
    .store = store,
    .row_by_id = row_by_id,
    .rating_by_id = rating_by_id,
    .rows = rows,
    .ratings = ratings,
    .last_id_length = G_MAXSIZE,
  };

  if (!read_ratings (&b, wm_record_get (plan, "rating_scale_id"), error)
      || !read_actions (&b, filter, error)
      || !read_stages (&b, error)
      || !read_milestones (&b, error)
      || !read_phases (&b, error)
      || !read_key_dates (&b, error)
      || !read_dependencies (&b, error))
    return NULL;

  model->n_rows = rows->len;
  model->rows = (WmGanttRow *) (gpointer) g_array_free (g_steal_pointer (&rows), FALSE);
  for (guint i = 0; i < model->n_rows; i++)
    if (model->rows[i].kind == WM_GANTT_ROW_ACTION)
      model->n_action_rows++;
  model->n_ratings = ratings->len;
  model->ratings = (WmGanttRating *) (gpointer) g_array_free (g_steal_pointer (&ratings), FALSE);

  compute_ranges (model);
  wm_gantt_model_set_today (model, wm_gantt_julian_today ());
  return g_steal_pointer (&model);
}

WmGanttModel *
wm_gantt_model_ref (WmGanttModel *self)
{
  WmGanttModelReal *real = (WmGanttModelReal *) self;

  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&real->ref_count);
  return self;
}

void
wm_gantt_model_unref (WmGanttModel *self)
{
  WmGanttModelReal *real = (WmGanttModelReal *) self;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&real->ref_count))
    return;
  g_free (self->rows);
  g_free (self->stages);
  g_free (self->milestones);
  g_free (self->plan_milestones);
  g_free (self->phases);
  g_free (self->key_dates);
  g_free (self->dependencies);
  g_free (self->ratings);
  g_string_chunk_free (real->strings);
  g_free (real);
}

/**
 * wm_gantt_model_set_today:
 * @self: a model
 * @today: a Julian day number
 *
 * Judges overdue actions and missed milestones against @today: the
 * window passes the real date, tests and reproducible exports another.
 * A milestone of a complete action is never counted as missed: the
 * board agreed that the action, milestones and all, was done.
 */
void
wm_gantt_model_set_today (WmGanttModel *self,
                          guint32       today)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (today > 0);

  self->today = today;
  for (guint i = 0; i < self->n_rows; i++)
    {
      WmGanttRow *row = &self->rows[i];

      if (row->kind != WM_GANTT_ROW_ACTION)
        continue;
      row->overdue = row->due != 0 && row->due < today && !row->complete;
      for (guint m = row->first_milestone; m < row->first_milestone + row->n_milestones; m++)
        {
          WmGanttMilestone *milestone = &self->milestones[m];
          milestone->missed = milestone->done == 0 && milestone->due < today && !row->complete;
        }
    }
  for (guint i = 0; i < self->n_plan_milestones; i++)
    {
      WmGanttMilestone *milestone = &self->plan_milestones[i];
      milestone->missed = milestone->done == 0 && milestone->due < today;
    }
}

/**
 * wm_gantt_model_get_row_rating:
 *
 * Returns: (nullable): the rating an action row is drawn in: its own, or
 * the scale's complete rating when it has a completed date but was not
 * re-rated; %NULL for an unrated action or a priority row
 */
const WmGanttRating *
wm_gantt_model_get_row_rating (const WmGanttModel *self,
                               guint               row)
{
  const WmGanttRow *r;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  r = &self->rows[row];
  if (r->kind != WM_GANTT_ROW_ACTION)
    return NULL;
  if (r->completed != 0 && (r->rating < 0 || !self->ratings[r->rating].is_complete))
    {
      for (guint i = 0; i < self->n_ratings; i++)
        if (self->ratings[i].is_complete)
          return &self->ratings[i];
    }
  return r->rating >= 0 ? &self->ratings[r->rating] : NULL;
}

/**
 * wm_gantt_model_find_row:
 *
 * Returns: the row of the action with @code (compared without case), or
 * -1
 */
int
wm_gantt_model_find_row (const WmGanttModel *self,
                         const char         *code)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (code != NULL, -1);

  for (guint i = 0; i < self->n_rows; i++)
    if (self->rows[i].kind == WM_GANTT_ROW_ACTION
        && g_ascii_strcasecmp (self->rows[i].code, code) == 0)
      return (int) i;
  return -1;
}

static void
append_date (GString    *text,
             const char *what,
             guint32     day)
{
  g_autofree char *iso = wm_gantt_julian_to_iso (day);

  if (iso != NULL)
    g_string_append_printf (text, " | %s %s", what, iso);
  else
    g_string_append_printf (text, " | no %s date", what);
}

/**
 * wm_gantt_model_row_to_text:
 *
 * One row as the accessibility tree, the tests and a screen reader read
 * it: "1.2a | title | Amber | start 2023-04-01 | due 2023-09-30 | overdue",
 * then, when known, "completed …" and the slippage against the baseline.
 * A priority row reads "Priority 1 | title | 5 actions".
 *
 * Returns: (transfer full): the text
 */
char *
wm_gantt_model_row_to_text (const WmGanttModel *self,
                            guint               row)
{
  const WmGanttRow *r;
  const WmGanttRating *rating;
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  r = &self->rows[row];
  text = g_string_new (NULL);
  if (r->kind == WM_GANTT_ROW_PRIORITY)
    {
      if (*r->code)
        g_string_append_printf (text, "Priority %s | %s", r->code, r->title);
      else
        g_string_append (text, r->title);
      g_string_append_printf (text, " | %d %s", r->n_actions,
                              r->n_actions == 1 ? "action" : "actions");
      return g_string_free (text, FALSE);
    }

  rating = r->rating >= 0 ? &self->ratings[r->rating] : NULL;
  g_string_append_printf (text, "%s | %s | %s", r->code, r->title,
                          rating ? rating->label : "not rated");
  append_date (text, "start", r->start);
  append_date (text, "due", r->due);
  if (r->overdue)
    g_string_append (text, " | overdue");
  if (r->completed)
    append_date (text, "completed", r->completed);
  if (r->has_slippage && r->slippage_days != 0)
    g_string_append_printf (text, " | %d %s %s baseline", ABS (r->slippage_days),
                            ABS (r->slippage_days) == 1 ? "day" : "days",
                            r->slippage_days > 0 ? "late against" : "ahead of");
  return g_string_free (text, FALSE);
}

/**
 * wm_gantt_model_to_text:
 *
 * Returns: (transfer full): every row's text (see
 * wm_gantt_model_row_to_text()), one a line
 */
char *
wm_gantt_model_to_text (const WmGanttModel *self)
{
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->n_rows; i++)
    {
      g_autofree char *line = wm_gantt_model_row_to_text (self, i);
      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}
