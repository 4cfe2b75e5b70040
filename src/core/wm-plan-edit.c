/* wm-plan-edit.c: the checked, undoable edits of the action plan
 *
 * Every function has the same shape: read and check everything first, so
 * that a refusal writes nothing; then one transaction that writes through
 * the store (tracked, synced) and records each cell it changed into the
 * history step; then commit.  Checks read the rows before the
 * transaction: a sync import landing in between would at worst make a
 * check answer for a plan one import old, and the write is still atomic.
 */
#define G_LOG_DOMAIN "wm-plan-edit"

#include "wm-plan-edit.h"
#include "wm-plan-edit-private.h"
#include "wm-date.h"
#include "wm-error.h"

#include <string.h>

G_DEFINE_QUARK (wm-plan-edit-error-quark, wm_plan_edit_error)

/* ---------- one edit: a transaction and a history step ---------- */

typedef struct
{
  WmStore   *store;
  WmHistory *history;
  char      *now;
} Edit;

static gboolean
edit_begin (Edit       *e,
            WmStore    *store,
            WmHistory  *history,
            const char *label,
            GError    **error)
{
  e->store = store;
  e->history = history;
  e->now = wm_now_iso ();
  if (!wm_store_begin (store, error))
    {
      g_clear_pointer (&e->now, g_free);
      return FALSE;
    }
  if (history != NULL)
    wm_history_begin_step (history, label);
  return TRUE;
}

static gboolean
edit_fail (Edit *e)
{
  wm_store_rollback (e->store);
  if (e->history != NULL)
    wm_history_cancel_step (e->history);
  g_clear_pointer (&e->now, g_free);
  return FALSE;
}

static gboolean
edit_commit (Edit    *e,
             GError **error)
{
  if (!wm_store_commit (e->store, error))
    return edit_fail (e);  /* rolling back after a failed commit is safe */
  if (e->history != NULL)
    wm_history_end_step (e->history);
  g_clear_pointer (&e->now, g_free);
  return TRUE;
}

/* Writes the columns whose value differs from before's, and records
 * each in the step. */
static gboolean
edit_update_v (Edit              *e,
               WmRecord          *before,
               const char *const *columns,
               const char *const *values,
               GError           **error)
{
  g_autoptr(GPtrArray) changed_columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) changed_values = g_ptr_array_new ();
  const char *table = wm_record_get_table (before);
  const char *id = wm_record_get_id (before);

  for (guint i = 0; columns[i] != NULL; i++)
    if (g_strcmp0 (wm_record_get (before, columns[i]), values[i]) != 0)
      {
        g_ptr_array_add (changed_columns, (gpointer) columns[i]);
        g_ptr_array_add (changed_values, (gpointer) values[i]);
      }
  if (changed_columns->len == 0)
    return TRUE;
  g_ptr_array_add (changed_columns, NULL);
  g_ptr_array_add (changed_values, NULL);
  if (!wm_store_update_v (e->store, table, id, (const char *const *) changed_columns->pdata,
                          (const char *const *) changed_values->pdata, error))
    return FALSE;
  if (e->history != NULL)
    for (guint i = 0; changed_columns->pdata[i] != NULL; i++)
      wm_history_record_update (e->history, table, id, changed_columns->pdata[i],
                                wm_record_get (before, changed_columns->pdata[i]),
                                changed_values->pdata[i]);
  return TRUE;
}

static gboolean
edit_update (Edit       *e,
             WmRecord   *before,
             GError    **error,
             const char *first_column,
             ...) G_GNUC_NULL_TERMINATED;

static gboolean
edit_update (Edit       *e,
             WmRecord   *before,
             GError    **error,
             const char *first_column,
             ...)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  va_list args;

  va_start (args, first_column);
  for (const char *column = first_column; column != NULL; column = va_arg (args, const char *))
    {
      g_ptr_array_add (columns, (gpointer) column);
      g_ptr_array_add (values, va_arg (args, char *));
    }
  va_end (args);
  g_ptr_array_add (columns, NULL);
  g_ptr_array_add (values, NULL);
  return edit_update_v (e, before, (const char *const *) columns->pdata,
                        (const char *const *) values->pdata, error);
}

static char *
edit_insert_v (Edit              *e,
               const char        *table,
               const char *const *columns,
               const char *const *values,
               GError           **error)
{
  char *id = wm_store_insert_v (e->store, table, columns, values, error);

  if (id != NULL && e->history != NULL)
    wm_history_record_insert (e->history, table, id);
  return id;
}

static gboolean
edit_delete (Edit      *e,
             WmRecord  *record,
             GError   **error)
{
  if (!wm_store_delete (e->store, wm_record_get_table (record), wm_record_get_id (record), error))
    return FALSE;
  if (e->history != NULL)
    wm_history_record_delete (e->history, record);
  return TRUE;
}

/* A moved date is what a board asks about ("this was due in September"),
 * so the old and new dates are kept with who moved them, when and why. */
static gboolean
edit_log_date (Edit       *e,
               const char *table,
               const char *row_id,
               const char *field,
               const char *old_value,
               const char *new_value,
               const char *reason,
               const char *author,
               GError    **error)
{
  const char *columns[] = { "tbl", "row_id", "field", "old_value", "new_value", "reason",
                            "author", "changed_at", NULL };
  const char *values[] = { table, row_id, field, old_value, new_value, reason, author, e->now,
                           NULL };
  g_autofree char *id = edit_insert_v (e, "date_change", columns, values, error);

  return id != NULL;
}

/* ---------- reading ---------- */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static char *
trimmed (const char *text)
{
  return is_blank (text) ? NULL : g_strstrip (g_strdup (text));
}

static gboolean
has_letters (const char *text)
{
  for (; *text; text = g_utf8_next_char (text))
    if (g_unichar_isalpha (g_utf8_get_char (text)))
      return TRUE;
  return FALSE;
}

/* How the plan calls an action: its code, or its title for an action
 * that has none yet. */
static const char *
action_name (WmRecord *action)
{
  const char *code = wm_record_get (action, "code");
  return !is_blank (code) ? code : wm_record_get_nonnull (action, "title");
}

static gboolean
has_baseline (WmStore  *store,
              gboolean *baseline,
              GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(WmRecord) plan = wm_store_get_plan (store, &local_error);

  *baseline = plan != NULL && !is_blank (wm_record_get (plan, "baseline_at"));
  if (plan == NULL && !g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static const char *
date_or_text (const char *date,
              const char *text)
{
  return !is_blank (date) ? date : text;
}

/* ---------- actions ---------- */

static const struct
{
  const char *column;
  const char *text_column;
  const char *name;        /* in messages, as a sentence starts */
  const char *title;       /* in step labels */
  gboolean    baselined;   /* a move after the baseline needs a reason */
} date_fields[] = {
  { "start_date", "start_text", "Start date", "Start Date", TRUE },
  { "due_date", "due_text", "Due date", "Due Date", TRUE },
  { "completed_date", "completed_text", "Completed date", "Completed Date", FALSE },
};

static const struct
{
  const char *column;
  const char *title;
} column_titles[] = {
  { "code", "Code" }, { "title", "Title" }, { "description", "Description" },
  { "leads", "Leads" }, { "agency", "Agency" }, { "progress", "Progress" },
  { "evidence", "Evidence" }, { "impact", "Impact" }, { "priority_id", "Priority" },
  { "parent_id", "Parent" }, { "sort_order", "Order" }, { "illustrative", "Illustrative Marks" },
  { "signed_off_by", "Sign-off" }, { "signed_off_at", "Sign-off" },
  { "start_text", "Start Date" }, { "due_text", "Due Date" }, { "completed_text", "Completed Date" },
};

static const char *
column_title (const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (date_fields); i++)
    if (g_str_equal (date_fields[i].column, column))
      return date_fields[i].title;
  for (guint i = 0; i < G_N_ELEMENTS (column_titles); i++)
    if (g_str_equal (column_titles[i].column, column))
      return column_titles[i].title;
  return NULL;
}

/* The new values of an action, column by column, in the order given. */
typedef struct
{
  GPtrArray *columns;  /* const char *, static or the caller's */
  GPtrArray *values;   /* char *, owned */
} Values;

static void
values_clear (Values *v)
{
  g_clear_pointer (&v->columns, g_ptr_array_unref);
  g_clear_pointer (&v->values, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Values, values_clear)

static void
values_set (Values     *v,
            const char *column,
            char       *value)
{
  for (guint i = 0; i < v->columns->len; i++)
    if (g_str_equal (v->columns->pdata[i], column))
      {
        g_free (v->values->pdata[i]);
        v->values->pdata[i] = value;
        return;
      }
  g_ptr_array_add (v->columns, (gpointer) column);
  g_ptr_array_add (v->values, value);
}

static gboolean
values_lookup (Values      *v,
               const char  *column,
               const char **value)
{
  for (guint i = 0; i < v->columns->len; i++)
    if (g_str_equal (v->columns->pdata[i], column))
      {
        *value = v->values->pdata[i];
        return TRUE;
      }
  return FALSE;
}

/* The value a column will have: the new one, or the one it has. */
static const char *
after (Values     *v,
       WmRecord   *before,
       const char *column)
{
  const char *value;
  return values_lookup (v, column, &value) ? value : wm_record_get (before, column);
}

static gboolean
refuse (GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (WM_STORE_ERROR, WM_STORE_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/* A date as typed: what wm_date reads becomes the date; words that say
 * more than the date ("end of September 2023", a month alone) are kept
 * beside it; what it cannot read is kept as words with no date, as the
 * plan import does (wm-plan-import.c). */
static void
read_date (const char  *typed,
           char       **date,
           char       **text)
{
  g_autofree char *value = trimmed (typed);
  WmDatePrecision precision;
  GDate parsed;

  *date = NULL;
  *text = NULL;
  if (value == NULL)
    return;
  precision = wm_date_parse (value, &parsed);
  if (precision == WM_DATE_NONE)
    {
      *text = g_steal_pointer (&value);
      return;
    }
  *date = wm_date_to_iso (&parsed);
  if (precision == WM_DATE_MONTH || has_letters (value))
    *text = g_steal_pointer (&value);
}

static gboolean
check_action_values (WmStore    *store,
                     WmRecord   *action,
                     Values     *v,
                     GError    **error)
{
  const char *title, *code, *start, *due;

  if (values_lookup (v, "title", &title) && is_blank (title))
    return refuse (error, "Title: an action needs a title; it cannot be empty.");
  if (values_lookup (v, "code", &code))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(WmRecord) other = NULL;

      if (is_blank (code))
        return refuse (error, "Code: an action needs a code (such as 1.2a); it cannot be empty.");
      other = wm_store_find_action (store, code, &local_error);
      if (other == NULL && !g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (other != NULL && g_strcmp0 (wm_record_get_id (other), wm_record_get_id (action)) != 0)
        return refuse (error, "Code %s is already the code of another action: “%s”.", code,
                       wm_record_get_nonnull (other, "title"));
    }

  /* Only when one of the two changes: an action imported the wrong way
   * round must still take a new title. */
  start = after (v, action, "start_date");
  due = after (v, action, "due_date");
  if ((g_strcmp0 (start, wm_record_get (action, "start_date")) != 0
       || g_strcmp0 (due, wm_record_get (action, "due_date")) != 0)
      && !is_blank (start) && !is_blank (due) && strcmp (due, start) < 0)
    return refuse (error, "Due date %s is before the start date %s.", due, start);
  return TRUE;
}

/* In review mode every write is refused by the store; say so before
 * anything else, so nobody is asked why a date moved only to be refused. */
static gboolean
refuse_in_review (WmStore  *store,
                  GError  **error)
{
  if (!wm_store_get_review_mode (store))
    return FALSE;
  g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                       "The plan is open for review only. Turn off Review Mode to change it.");
  return TRUE;
}

gboolean
wm_plan_edit_set_action (WmStore            *store,
                         WmHistory          *history,
                         const char         *action_id,
                         const char *const  *columns,
                         const char *const  *values,
                         const char         *reason,
                         const char         *author,
                         GError            **error)
{
  g_autoptr(WmRecord) action = NULL;
  g_auto(Values) v = { g_ptr_array_new (), g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *label = NULL;
  g_autofree char *why = trimmed (reason);
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  const char *changed_title = NULL;
  guint n_changed = 0;
  gboolean baseline;
  Edit e = { NULL };

  if (refuse_in_review (store, error))
    return FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (action_id != NULL, FALSE);
  g_return_val_if_fail (columns != NULL && values != NULL, FALSE);

  action = wm_store_get (store, "action", action_id, error);
  if (action == NULL)
    return FALSE;

  /* Dates first, then everything else, so that words given for a date
   * column's *_text explicitly win over those kept from the date. */
  for (guint i = 0; columns[i] != NULL; i++)
    {
      if (g_str_equal (columns[i], "id"))
        return refuse (error, "The id of an action cannot change.");
      if (g_str_equal (columns[i], "rating_id"))
        return refuse (error, "Rating: a rating changes with a progress note "
                              "(wm_plan_edit_set_rating), not as a plain field.");
      if (g_str_has_prefix (columns[i], "baseline_"))
        return refuse (error, "%s: the baseline is set for the whole plan at once (Set Baseline).",
                       columns[i]);
      if (!wm_store_has_column (store, "action", columns[i]))
        return refuse (error, "“%s” is not a field of an action.", columns[i]);

      for (guint j = 0; j < G_N_ELEMENTS (date_fields); j++)
        if (g_str_equal (columns[i], date_fields[j].column))
          {
            char *date, *text;

            read_date (values[i], &date, &text);
            values_set (&v, date_fields[j].column, date);
            values_set (&v, date_fields[j].text_column, text);
          }
    }
  for (guint i = 0; columns[i] != NULL; i++)
    {
      gboolean is_date = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (date_fields); j++)
        is_date |= g_str_equal (columns[i], date_fields[j].column);
      if (!is_date)
        values_set (&v, columns[i], g_strdup (values[i]));
    }

  if (!check_action_values (store, action, &v, error))
    return FALSE;

  /* What changed: for the label, and for the reason a baseline asks. */
  if (!has_baseline (store, &baseline, error))
    return FALSE;
  for (guint i = 0; i < v.columns->len; i++)
    {
      const char *column = v.columns->pdata[i];
      const char *title = column_title (column);

      if (g_strcmp0 (wm_record_get (action, column), v.values->pdata[i]) == 0)
        continue;
      if (title == NULL)
        title = column;
      /* a date and its words are one field to the person editing */
      if (g_hash_table_add (titles, (gpointer) title))
        n_changed++;
      changed_title = title;
    }
  if (n_changed == 0)
    return TRUE;  /* nothing to write, and no step to undo */

  for (guint j = 0; j < G_N_ELEMENTS (date_fields); j++)
    {
      const char *old_date = wm_record_get (action, date_fields[j].column);
      const char *new_date = after (&v, action, date_fields[j].column);
      const char *new_value = date_or_text (new_date, after (&v, action, date_fields[j].text_column));

      if (!baseline || !date_fields[j].baselined || why != NULL)
        continue;
      /* a date set for the first time is no move */
      if (!is_blank (old_date) && g_strcmp0 (old_date, new_date) != 0)
        {
          g_set_error (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_REASON_REQUIRED,
                       "%s of %s moves from %s to %s after the baseline was set, so the "
                       "move needs a reason.", date_fields[j].name, action_name (action),
                       old_date, new_value ? new_value : "no date");
          return FALSE;
        }
    }

  if (n_changed == 1)
    label = g_strdup_printf ("Change %s of %s", changed_title, action_name (action));
  else
    label = g_strdup_printf ("Edit Action %s", action_name (action));

  g_ptr_array_add (v.columns, NULL);
  g_ptr_array_add (v.values, NULL);
  if (!edit_begin (&e, store, history, label, error))
    return FALSE;
  if (!edit_update_v (&e, action, (const char *const *) v.columns->pdata,
                      (const char *const *) v.values->pdata, error))
    return edit_fail (&e);
  g_ptr_array_set_size (v.columns, v.columns->len - 1);
  g_ptr_array_steal_index (v.values, v.values->len - 1);

  for (guint j = 0; j < G_N_ELEMENTS (date_fields); j++)
    {
      const char *old_value = date_or_text (wm_record_get (action, date_fields[j].column),
                                            wm_record_get (action, date_fields[j].text_column));
      const char *new_value = date_or_text (after (&v, action, date_fields[j].column),
                                            after (&v, action, date_fields[j].text_column));

      if (g_strcmp0 (old_value, new_value) == 0)
        continue;
      if (!edit_log_date (&e, "action", action_id, date_fields[j].column, old_value, new_value,
                          why, author, error))
        return edit_fail (&e);
    }
  return edit_commit (&e, error);
}

/* ---------- rating ---------- */

gboolean
wm_plan_edit_set_rating (WmStore     *store,
                         WmHistory   *history,
                         const char  *action_id,
                         const char  *rating_code,
                         const char  *note,
                         const char  *author,
                         GError     **error)
{
  g_autoptr(WmRecord) action = NULL;
  g_autoptr(WmRecord) rating = NULL;
  g_autoptr(WmRecord) old_rating = NULL;
  g_autofree char *text = trimmed (note);
  g_autofree char *label = NULL;
  g_autofree char *update_id = NULL;
  const char *old_rating_id;
  gboolean same;
  Edit e = { NULL };

  if (refuse_in_review (store, error))
    return FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (action_id != NULL && rating_code != NULL, FALSE);

  action = wm_store_get (store, "action", action_id, error);
  if (action == NULL)
    return FALSE;
  rating = wm_store_find_rating (store, rating_code, error);
  if (rating == NULL)
    return FALSE;
  old_rating_id = wm_record_get (action, "rating_id");
  if (!is_blank (old_rating_id))
    old_rating = wm_store_get (store, "rating", old_rating_id, NULL);
  same = g_strcmp0 (old_rating_id, wm_record_get_id (rating)) == 0;

  if (same && text == NULL)
    return TRUE;  /* nothing to say */
  /* A board reads "Amber → Red" and asks why: the answer is the note. */
  if (!same && text == NULL)
    {
      g_set_error (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_NOTE_REQUIRED,
                   "Rating: changing %s from %s to %s needs a progress note saying why.",
                   action_name (action),
                   old_rating ? wm_record_get_nonnull (old_rating, "label") : "no rating",
                   wm_record_get_nonnull (rating, "label"));
      return FALSE;
    }

  label = same ? g_strdup_printf ("Add Progress Note to %s", action_name (action))
               : g_strdup_printf ("Change Rating of %s", action_name (action));
  if (!edit_begin (&e, store, history, label, error))
    return FALSE;
  if (!wm_store_write_action_rating (store, action, rating, text, author, &update_id, error))
    return edit_fail (&e);
  if (history != NULL)
    {
      wm_history_record_update (history, "action", action_id, "rating_id", old_rating_id,
                                wm_record_get_id (rating));
      wm_history_record_update (history, "action", action_id, "progress",
                                wm_record_get (action, "progress"), text);
      wm_history_record_insert (history, "status_update", update_id);
    }
  return edit_commit (&e, error);
}

/* ---------- stages ---------- */

static gboolean
read_stage_date (const char  *typed,
                 const char  *old,
                 const char  *what,
                 const char  *stage,
                 char       **out,
                 GError     **error)
{
  GDate date;

  if (typed == NULL)
    {
      *out = g_strdup (old);
      return TRUE;
    }
  /* a stage is a bar on the Gantt: it needs a date to be drawn */
  if (wm_date_parse (typed, &date) == WM_DATE_NONE)
    return refuse (error, "%s of stage “%s”: “%s” is not a date (try 2023-10-31 or 31/10/2023).",
                   what, stage, typed);
  *out = wm_date_to_iso (&date);
  return TRUE;
}

gboolean
wm_plan_edit_set_stage_dates (WmStore     *store,
                              WmHistory   *history,
                              const char  *stage_id,
                              const char  *start_iso,
                              const char  *end_iso,
                              const char  *reason,
                              const char  *author,
                              GError     **error)
{
  g_autoptr(WmRecord) stage = NULL;
  g_autoptr(WmRecord) action = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *label = NULL;
  g_autofree char *why = trimmed (reason);
  const char *name, *old_start, *old_end, *a_start, *a_due;
  gboolean baseline;
  Edit e = { NULL };

  if (refuse_in_review (store, error))
    return FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (stage_id != NULL, FALSE);

  stage = wm_store_get (store, "stage", stage_id, error);
  if (stage == NULL)
    return FALSE;
  name = wm_record_get_nonnull (stage, "label");
  old_start = wm_record_get (stage, "start_date");
  old_end = wm_record_get (stage, "end_date");
  action = wm_store_get (store, "action", wm_record_get_nonnull (stage, "action_id"), error);
  if (action == NULL)
    return FALSE;

  if (!read_stage_date (start_iso, old_start, "Start", name, &start, error)
      || !read_stage_date (end_iso, old_end, "End", name, &end, error))
    return FALSE;
  if (is_blank (start) || is_blank (end))
    return refuse (error, "Stage “%s” needs both a start and an end date.", name);
  if (strcmp (end, start) < 0)
    return refuse (error, "Stage “%s” would end on %s, before it starts on %s.", name, end, start);

  /* A stage lies within its action.  Plans do draw stages past the due
   * date ("sustain" to month 17): such an edge may stay where it is or
   * come back towards the action, but not go further out. */
  a_start = wm_record_get (action, "start_date");
  a_due = wm_record_get (action, "due_date");
  if (!is_blank (a_start) && strcmp (start, a_start) < 0
      && !(!is_blank (old_start) && strcmp (old_start, a_start) < 0 && strcmp (start, old_start) >= 0))
    return refuse (error, "Stage “%s” would start on %s, before its action %s starts on %s.",
                   name, start, action_name (action), a_start);
  if (!is_blank (a_due) && strcmp (end, a_due) > 0
      && !(!is_blank (old_end) && strcmp (old_end, a_due) > 0 && strcmp (end, old_end) <= 0))
    return refuse (error, "Stage “%s” would end on %s, after its action %s is due on %s.",
                   name, end, action_name (action), a_due);

  if (g_strcmp0 (start, old_start) == 0 && g_strcmp0 (end, old_end) == 0)
    return TRUE;

  if (!has_baseline (store, &baseline, error))
    return FALSE;
  if (baseline && why == NULL && (!is_blank (old_start) || !is_blank (old_end)))
    {
      g_set_error (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_REASON_REQUIRED,
                   "Stage “%s” moves from %s – %s to %s – %s after the baseline was set, so "
                   "the move needs a reason.", name, old_start ? old_start : "no date",
                   old_end ? old_end : "no date", start, end);
      return FALSE;
    }

  {
    GDate a, b, c, d;
    gboolean moved = g_strcmp0 (start, old_start) != 0 && g_strcmp0 (end, old_end) != 0
                     && wm_date_from_iso (old_start, &a) && wm_date_from_iso (start, &b)
                     && wm_date_from_iso (old_end, &c) && wm_date_from_iso (end, &d)
                     && g_date_days_between (&a, &b) == g_date_days_between (&c, &d);
    label = g_strdup_printf (moved ? "Move Stage “%s”" : "Resize Stage “%s”", name);
  }

  if (!edit_begin (&e, store, history, label, error))
    return FALSE;
  if (!edit_update (&e, stage, error, "start_date", start, "end_date", end, NULL))
    return edit_fail (&e);
  if (g_strcmp0 (start, old_start) != 0
      && !edit_log_date (&e, "stage", stage_id, "start_date", old_start, start, why, author, error))
    return edit_fail (&e);
  if (g_strcmp0 (end, old_end) != 0
      && !edit_log_date (&e, "stage", stage_id, "end_date", old_end, end, why, author, error))
    return edit_fail (&e);
  return edit_commit (&e, error);
}

/* ---------- baseline ---------- */

gboolean
wm_plan_edit_set_baseline (WmStore    *store,
                           WmHistory  *history,
                           const char *author,
                           GError    **error)
{
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  Edit e = { NULL };

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  plan = wm_store_get_plan (store, error);
  if (plan == NULL)
    return FALSE;
  actions = wm_store_list (store, "action", NULL, NULL, error);
  if (actions == NULL)
    return FALSE;
  stages = wm_store_list (store, "stage", NULL, NULL, error);
  if (stages == NULL)
    return FALSE;

  if (!edit_begin (&e, store, history, "Set Baseline", error))
    return FALSE;
  for (guint i = 0; i < actions->len; i++)
    {
      WmRecord *action = actions->pdata[i];
      if (!edit_update (&e, action, error,
                        "baseline_start", wm_record_get (action, "start_date"),
                        "baseline_due", wm_record_get (action, "due_date"),
                        NULL))
        return edit_fail (&e);
    }
  for (guint i = 0; i < stages->len; i++)
    {
      WmRecord *stage = stages->pdata[i];
      if (!edit_update (&e, stage, error,
                        "baseline_start", wm_record_get (stage, "start_date"),
                        "baseline_end", wm_record_get (stage, "end_date"),
                        NULL))
        return edit_fail (&e);
    }
  /* Who set the baseline is kept the way moved dates are. */
  if (!edit_update (&e, plan, error, "baseline_at", e.now, NULL)
      || !edit_log_date (&e, "plan", wm_record_get_id (plan), "baseline_at",
                         wm_record_get (plan, "baseline_at"), e.now, NULL, author, error))
    return edit_fail (&e);
  return edit_commit (&e, error);
}

/* ---------- evidence ---------- */

char *
wm_plan_edit_add_evidence (WmStore     *store,
                           WmHistory   *history,
                           const char  *action_id,
                           const char  *milestone_id,
                           const char  *title,
                           const char  *location,
                           const char  *date,
                           GError     **error)
{
  g_autoptr(WmRecord) owner = NULL;
  g_autofree char *name = trimmed (title);
  g_autofree char *where = trimmed (location);
  g_autofree char *iso = NULL;
  g_autofree char *label = NULL;
  g_autofree char *id = NULL;
  Edit e = { NULL };

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  if ((action_id == NULL) == (milestone_id == NULL))
    {
      refuse (error, "Evidence is for one action or one milestone: give exactly one of them.");
      return NULL;
    }
  owner = action_id ? wm_store_get (store, "action", action_id, error)
                    : wm_store_get (store, "milestone", milestone_id, error);
  if (owner == NULL)
    return NULL;
  if (name == NULL)
    {
      refuse (error, "Evidence needs a title saying what it is (“Minutes of the SEND Board”).");
      return NULL;
    }
  if (!is_blank (date))
    {
      GDate parsed;

      if (wm_date_parse (date, &parsed) == WM_DATE_NONE)
        {
          refuse (error, "Date of evidence “%s”: “%s” is not a date (try 2023-10-31 or 31/10/2023).",
                  name, date);
          return NULL;
        }
      iso = wm_date_to_iso (&parsed);
    }

  label = g_strdup_printf ("Add Evidence “%s”", name);
  if (!edit_begin (&e, store, history, label, error))
    return NULL;
  {
    const char *columns[] = { "action_id", "milestone_id", "title", "location", "date", NULL };
    const char *values[] = { action_id, milestone_id, name, where, iso, NULL };
    id = edit_insert_v (&e, "evidence", columns, values, error);
  }
  if (id == NULL || !edit_commit (&e, error))
    {
      if (id == NULL)
        edit_fail (&e);
      return NULL;
    }
  return g_steal_pointer (&id);
}

gboolean
wm_plan_edit_remove_evidence (WmStore     *store,
                              WmHistory   *history,
                              const char  *evidence_id,
                              GError     **error)
{
  g_autoptr(WmRecord) evidence = NULL;
  g_autofree char *label = NULL;
  Edit e = { NULL };

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (evidence_id != NULL, FALSE);

  evidence = wm_store_get (store, "evidence", evidence_id, error);
  if (evidence == NULL)
    return FALSE;
  label = g_strdup_printf ("Remove Evidence “%s”", wm_record_get_nonnull (evidence, "title"));
  if (!edit_begin (&e, store, history, label, error))
    return FALSE;
  if (!edit_delete (&e, evidence, error))
    return edit_fail (&e);
  return edit_commit (&e, error);
}

/* ---------- sign-off ---------- */

gboolean
wm_plan_edit_sign_off (WmStore     *store,
                       WmHistory   *history,
                       const char  *table,
                       const char  *id,
                       const char  *by,
                       const char  *date,
                       GError     **error)
{
  g_autoptr(WmRecord) record = NULL;
  g_autofree char *who = trimmed (by);
  g_autofree char *iso = NULL;
  g_autofree char *label = NULL;
  const char *name;
  Edit e = { NULL };

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (g_strcmp0 (table, "action") != 0 && g_strcmp0 (table, "milestone") != 0)
    return refuse (error, "Only an action or a milestone is signed off, not “%s”.",
                   table ? table : "");
  record = wm_store_get (store, table, id, error);
  if (record == NULL)
    return FALSE;
  name = g_str_equal (table, "action") ? action_name (record)
         : !is_blank (wm_record_get (record, "code")) ? wm_record_get (record, "code")
         : wm_record_get_nonnull (record, "title");

  if (who != NULL)
    {
      if (is_blank (date))
        iso = wm_date_today_iso ();
      else
        {
          GDate parsed;

          if (wm_date_parse (date, &parsed) == WM_DATE_NONE)
            return refuse (error, "Sign-off date of %s: “%s” is not a date (try 2023-10-31 or "
                           "31/10/2023).", name, date);
          iso = wm_date_to_iso (&parsed);
        }
      label = g_strdup_printf ("Sign Off %s", name);
    }
  else
    label = g_strdup_printf ("Clear Sign-off of %s", name);

  if (g_strcmp0 (wm_record_get (record, "signed_off_by"), who) == 0
      && g_strcmp0 (wm_record_get (record, "signed_off_at"), iso) == 0)
    return TRUE;
  if (!edit_begin (&e, store, history, label, error))
    return FALSE;
  if (!edit_update (&e, record, error, "signed_off_by", who, "signed_off_at", iso, NULL))
    return edit_fail (&e);
  return edit_commit (&e, error);
}

/* ---------- dependencies ---------- */

static const char *const dependency_kinds[] = { "FS", "SS", "FF", "SF", NULL };

/* The path from start to goal along the dependencies (and the one being
 * added), as action ids, or NULL when there is none. */
static GPtrArray *
find_path (GPtrArray  *dependencies,
           const char *start,
           const char *goal)
{
  g_autoptr(GHashTable) came_from = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GQueue) queue = g_queue_new ();

  g_hash_table_insert (came_from, (gpointer) start, NULL);
  g_queue_push_tail (queue, (gpointer) start);
  while (!g_queue_is_empty (queue))
    {
      const char *at = g_queue_pop_head (queue);

      if (g_str_equal (at, goal))
        {
          GPtrArray *path = g_ptr_array_new ();
          for (const char *step = at; step != NULL; step = g_hash_table_lookup (came_from, step))
            g_ptr_array_insert (path, 0, (gpointer) step);
          return path;
        }
      for (guint i = 0; i < dependencies->len; i++)
        {
          WmRecord *dependency = dependencies->pdata[i];
          const char *from = wm_record_get (dependency, "from_action_id");
          const char *to = wm_record_get (dependency, "to_action_id");

          if (from == NULL || to == NULL || !g_str_equal (from, at)
              || g_hash_table_contains (came_from, to))
            continue;
          g_hash_table_insert (came_from, (gpointer) to, (gpointer) at);
          g_queue_push_tail (queue, (gpointer) to);
        }
    }
  return NULL;
}

static char *
describe_path (WmStore   *store,
               GPtrArray *ids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(WmRecord) action = wm_store_get (store, "action", ids->pdata[i], NULL);
      g_string_append_printf (text, "%s%s", i ? " → " : "",
                              action ? action_name (action) : (const char *) ids->pdata[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
wm_plan_edit_add_dependency (WmStore     *store,
                             WmHistory   *history,
                             const char  *from_action_id,
                             const char  *to_action_id,
                             const char  *kind,
                             int          lag_days,
                             GError     **error)
{
  g_autoptr(WmRecord) from = NULL;
  g_autoptr(WmRecord) to = NULL;
  g_autoptr(GPtrArray) dependencies = NULL;
  g_autoptr(GPtrArray) path = NULL;
  g_autofree char *label = NULL;
  g_autofree char *lag = NULL;
  g_autofree char *id = NULL;
  const char *kind_code = NULL;
  Edit e = { NULL };

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (from_action_id != NULL && to_action_id != NULL, NULL);

  for (guint i = 0; dependency_kinds[i] != NULL; i++)
    if (kind == NULL || g_ascii_strcasecmp (kind, dependency_kinds[i]) == 0)
      {
        kind_code = dependency_kinds[i];
        break;
      }
  if (kind_code == NULL)
    {
      refuse (error, "Dependency kind “%s” is not one of FS (finish to start), SS, FF or SF.",
              kind);
      return NULL;
    }
  from = wm_store_get (store, "action", from_action_id, error);
  if (from == NULL)
    return NULL;
  to = wm_store_get (store, "action", to_action_id, error);
  if (to == NULL)
    return NULL;
  dependencies = wm_store_list (store, "dependency", NULL, NULL, error);
  if (dependencies == NULL)
    return NULL;

  for (guint i = 0; i < dependencies->len; i++)
    if (g_strcmp0 (wm_record_get (dependencies->pdata[i], "from_action_id"), from_action_id) == 0
        && g_strcmp0 (wm_record_get (dependencies->pdata[i], "to_action_id"), to_action_id) == 0)
      {
        refuse (error, "%s already depends on %s.", action_name (to), action_name (from));
        return NULL;
      }

  /* from → to closes a loop when to already leads back to from. */
  path = find_path (dependencies, to_action_id, from_action_id);
  if (path != NULL)
    {
      g_autofree char *loop = NULL;

      if (!g_str_equal (from_action_id, to_action_id))
        g_ptr_array_insert (path, 0, (gpointer) from_action_id);
      else
        g_ptr_array_add (path, (gpointer) to_action_id);
      loop = describe_path (store, path);
      refuse (error, "The dependency of %s on %s would make a loop: %s.", action_name (to),
              action_name (from), loop);
      return NULL;
    }

  lag = g_strdup_printf ("%d", lag_days);
  label = g_strdup_printf ("Add Dependency %s → %s", action_name (from), action_name (to));
  if (!edit_begin (&e, store, history, label, error))
    return NULL;
  {
    const char *columns[] = { "from_action_id", "to_action_id", "kind", "lag_days", NULL };
    const char *values[] = { from_action_id, to_action_id, kind_code, lag, NULL };
    id = edit_insert_v (&e, "dependency", columns, values, error);
  }
  if (id == NULL)
    {
      edit_fail (&e);
      return NULL;
    }
  if (!edit_commit (&e, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
wm_plan_edit_remove_dependency (WmStore     *store,
                                WmHistory   *history,
                                const char  *dependency_id,
                                GError     **error)
{
  g_autoptr(WmRecord) dependency = NULL;
  g_autoptr(WmRecord) from = NULL;
  g_autoptr(WmRecord) to = NULL;
  g_autofree char *label = NULL;
  Edit e = { NULL };

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (dependency_id != NULL, FALSE);

  dependency = wm_store_get (store, "dependency", dependency_id, error);
  if (dependency == NULL)
    return FALSE;
  from = wm_store_get (store, "action", wm_record_get_nonnull (dependency, "from_action_id"), NULL);
  to = wm_store_get (store, "action", wm_record_get_nonnull (dependency, "to_action_id"), NULL);
  label = g_strdup_printf ("Remove Dependency %s → %s", from ? action_name (from) : "?",
                           to ? action_name (to) : "?");
  if (!edit_begin (&e, store, history, label, error))
    return FALSE;
  if (!edit_delete (&e, dependency, error))
    return edit_fail (&e);
  return edit_commit (&e, error);
}

/* ---------- stages and milestones ---------- */

gboolean
wm_plan_edit_remove (WmStore     *store,
                     WmHistory   *history,
                     const char  *table,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autofree char *label = NULL;
  gboolean milestone;
  Edit e = { NULL };

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (g_strcmp0 (table, "stage") != 0 && g_strcmp0 (table, "milestone") != 0)
    return refuse (error, "Only a stage or a milestone is removed this way, not “%s”.",
                   table ? table : "");
  milestone = g_str_equal (table, "milestone");
  record = wm_store_get (store, table, id, error);
  if (record == NULL)
    return FALSE;
  if (milestone)
    {
      evidence = wm_store_list (store, "evidence", "milestone_id", id, error);
      if (evidence == NULL)
        return FALSE;
      label = g_strdup_printf ("Remove Milestone “%s”",
                               !is_blank (wm_record_get (record, "code"))
                               ? wm_record_get (record, "code")
                               : wm_record_get_nonnull (record, "title"));
    }
  else
    label = g_strdup_printf ("Remove Stage “%s”", wm_record_get_nonnull (record, "label"));

  if (!edit_begin (&e, store, history, label, error))
    return FALSE;
  /* The evidence first: an undo walks back, so the milestone returns
   * before the evidence that points at it (wm-history.c). */
  for (guint i = 0; evidence != NULL && i < evidence->len; i++)
    if (!edit_delete (&e, evidence->pdata[i], error))
      return edit_fail (&e);
  if (!edit_delete (&e, record, error))
    return edit_fail (&e);
  return edit_commit (&e, error);
}
