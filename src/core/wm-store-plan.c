/* wm-store-plan.c: WmStore's operations on the plan, its ratings and actions */
#define G_LOG_DOMAIN "wm-store"

#include "wm-store.h"
#include "wm-store-private.h"
#include "wm-plan-edit-private.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-record-private.h"

#include <string.h>

/* BRAG(P), as the Leicestershire Accelerated Progress Plan defines it: the
 * default scale for a new plan.  Ratings are data; plans may change them. */
static const struct
{
  const char *code;
  const char *label;
  const char *summary;
  const char *colour;
  const char *meaning;
  gboolean    complete;
} default_ratings[] = {
  { "B", "Blue", "Action completed", "#3584e4",
    "Agreement has been reached that the action has been completed", TRUE },
  { "G", "Green", "Action on track", "#2ec27e",
    "The action is on track to be by the deadline date / milestone", FALSE },
  { "A", "Amber", "Action in progress with minor delays", "#e5a50a",
    "The action has started but there are some delays (maybe related to the progress of "
    "different services) and/or risks are associated with the completion of the action", FALSE },
  { "R", "Red", "Action significantly delayed", "#e01b24",
    "The action is significantly delayed and is not meeting the deadline date/milestones set",
    FALSE },
  { "P", "Pink", "Action not yet started", "#dc8add",
    "The action has not yet started. This may be because it is reliant on the actions to be "
    "completed before this action can start", FALSE },
};

WmRecord *
wm_store_get_plan (WmStore  *self,
                   GError  **error)
{
  g_autoptr(GPtrArray) plans = wm_store_list (self, "plan", NULL, NULL, error);

  if (plans == NULL)
    return NULL;
  if (plans->len == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   "This database holds no plan yet.");
      return NULL;
    }
  return g_object_ref (plans->pdata[0]);
}

char *
wm_store_create_plan (WmStore    *self,
                      const char *area,
                      const char *title,
                      GError    **error)
{
  g_autofree char *scale_id = NULL;
  g_autofree char *plan_id = NULL;
  g_autofree char *today = wm_date_today_iso ();

  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  if (!wm_store_begin (self, error))
    return NULL;
  scale_id = wm_store_insert (self, "rating_scale", error,
                              "name", "BRAG(P)",
                              "description", "Blue complete, Red, Amber, Green, Pink not started",
                              NULL);
  if (scale_id == NULL)
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (default_ratings); i++)
    {
      g_autofree char *order = g_strdup_printf ("%u", i);
      g_autofree char *id = wm_store_insert (self, "rating", error,
                                             "scale_id", scale_id,
                                             "code", default_ratings[i].code,
                                             "label", default_ratings[i].label,
                                             "summary", default_ratings[i].summary,
                                             "colour", default_ratings[i].colour,
                                             "meaning", default_ratings[i].meaning,
                                             "is_complete", default_ratings[i].complete ? "1" : "0",
                                             "sort_order", order,
                                             NULL);
      if (id == NULL)
        goto fail;
    }
  plan_id = wm_store_insert (self, "plan", error,
                             "area", area ? area : "",
                             "title", title ? title : "",
                             "kind", "WSOA",
                             "start_date", today,
                             "rating_scale_id", scale_id,
                             NULL);
  if (plan_id == NULL || !wm_store_commit (self, error))
    goto fail;
  return g_steal_pointer (&plan_id);

fail:
  wm_store_rollback (self);
  return NULL;
}

GPtrArray *
wm_store_list_ratings (WmStore  *self,
                       GError  **error)
{
  g_autoptr(WmRecord) plan = wm_store_get_plan (self, error);

  if (plan == NULL)
    return NULL;
  return wm_store_list (self, "rating", "scale_id", wm_record_get (plan, "rating_scale_id"), error);
}

/* Plans write ratings as codes ("A"), labels ("Amber", "AMBER") or the
 * scale's words ("Completed"); all are accepted, nothing is guessed. */
WmRecord *
wm_store_find_rating (WmStore    *self,
                      const char *code_or_label,
                      GError    **error)
{
  g_autoptr(GPtrArray) ratings = wm_store_list_ratings (self, error);
  g_autoptr(GString) known = g_string_new (NULL);

  if (ratings == NULL)
    return NULL;
  for (guint i = 0; i < ratings->len; i++)
    {
      WmRecord *rating = ratings->pdata[i];
      if (g_ascii_strcasecmp (wm_record_get_nonnull (rating, "code"), code_or_label) == 0
          || g_ascii_strcasecmp (wm_record_get_nonnull (rating, "label"), code_or_label) == 0)
        return g_object_ref (rating);
      g_string_append_printf (known, "%s%s (%s)", i ? ", " : "", wm_record_get (rating, "code"),
                              wm_record_get (rating, "label"));
    }
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
               "“%s” is not a rating of this plan; use one of %s.", code_or_label, known->str);
  return NULL;
}

static WmRecord *
find_by_code (WmStore    *self,
              const char *table,
              const char *column,
              const char *what,
              const char *code,
              GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE %s = ? COLLATE NOCASE "
                                          "ORDER BY sort_order LIMIT 1", table, column);
  sqlite3_stmt *stmt = wm_store_prepare (self, sql, error);
  WmRecord *record = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = wm_store_record_from_stmt (table, stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return record;
  if (rc != SQLITE_DONE)
    wm_store_set_sqlite_error (self, error, rc, "read the plan");
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND, "There is no %s “%s” in this plan.",
                 what, code);
  return NULL;
}

WmRecord *
wm_store_find_action (WmStore    *self,
                      const char *code,
                      GError    **error)
{
  return find_by_code (self, "action", "code", "action", code, error);
}

WmRecord *
wm_store_find_risk (WmStore    *self,
                    const char *ref,
                    GError    **error)
{
  return find_by_code (self, "risk", "ref", "risk", ref, error);
}

GPtrArray *
wm_store_list_actions (WmStore              *self,
                       const WmActionFilter *filter,
                       GError              **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT a.* FROM action a "
                                         "LEFT JOIN priority p ON p.id = a.priority_id "
                                         "LEFT JOIN rating r ON r.id = a.rating_id WHERE 1");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  if (filter != NULL)
    {
      if (filter->priority_id)
        {
          g_string_append (sql, " AND a.priority_id = ?");
          g_ptr_array_add (params, g_strdup (filter->priority_id));
        }
      if (filter->agency)
        {
          /* agency is one name a line: match a whole line */
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
          /* what needs doing in the next N days: an overdue action needs it
           * most, so it stays in */
          g_string_append (sql, " AND a.due_date <= date('now', 'localtime', ?) "
                                "AND a.completed_date IS NULL AND coalesce(r.is_complete, 0) = 0");
          g_ptr_array_add (params, g_strdup_printf ("+%d days", filter->due_within_days));
        }
    }
  g_string_append (sql, " ORDER BY p.sort_order, a.sort_order, a.rowid");

  stmt = wm_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    sqlite3_bind_text (stmt, i + 1, params->pdata[i], -1, SQLITE_TRANSIENT);

  records = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (columns == NULL)
        columns = wm_record_columns_from_stmt (stmt);
      g_ptr_array_add (records, wm_record_new_from_stmt ("action", columns, stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (self, error, rc, "read the actions");
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* A rating change is what a board reads ("Amber → Green since the last
 * board"), so it always comes with a dated status update and its note.
 * The writes alone, inside the caller's transaction: wm_plan_edit adds
 * its checks and its undo step around them (wm-plan-edit-private.h). */
gboolean
wm_store_write_action_rating (WmStore     *self,
                              WmRecord    *action,
                              WmRecord    *rating,
                              const char  *note,
                              const char  *author,
                              char       **status_update_id,
                              GError     **error)
{
  g_autofree char *today = wm_date_today_iso ();
  g_autofree char *now = wm_now_iso ();
  g_autofree char *update_id = NULL;
  const char *action_id = wm_record_get_id (action);

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  if (!wm_store_update (self, "action", action_id, error,
                        "rating_id", wm_record_get_id (rating),
                        note ? "progress" : NULL, note,
                        NULL))
    return FALSE;
  update_id = wm_store_insert (self, "status_update", error,
                               "action_id", action_id,
                               "date", today,
                               "rating_id", wm_record_get_id (rating),
                               "previous_rating_id", wm_record_get (action, "rating_id"),
                               "note", note,
                               "author", author,
                               "created_at", now,
                               NULL);
  if (update_id == NULL)
    return FALSE;
  if (status_update_id != NULL)
    *status_update_id = g_steal_pointer (&update_id);
  return TRUE;
}

gboolean
wm_store_set_action_rating (WmStore    *self,
                            const char *action_id,
                            const char *rating_code,
                            const char *note,
                            const char *author,
                            GError    **error)
{
  g_autoptr(WmRecord) action = NULL;
  g_autoptr(WmRecord) rating = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  action = wm_store_get (self, "action", action_id, error);
  if (action == NULL)
    return FALSE;
  rating = wm_store_find_rating (self, rating_code, error);
  if (rating == NULL)
    return FALSE;

  if (!wm_store_begin (self, error))
    return FALSE;
  if (!wm_store_write_action_rating (self, action, rating, note, author, NULL, error)
      || !wm_store_commit (self, error))
    {
      wm_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}
