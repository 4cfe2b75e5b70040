#define G_LOG_DOMAIN "wm-export"

#include "wm-export.h"
#include "wm-csv.h"
#include "wm-error.h"
#include "wm-risk-csv.h"
#include "wm-kpi-import.h"
#include "wm-audit-csv.h"

#include <string.h>

/* Leads and agencies are stored one a line (the plan's table cells list
 * them so); a spreadsheet row reads better with them on one line. */
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
  return g_strjoinv ("; ", result);
}

/* id → one column of every row of @table, to turn references into the
 * codes people know (a priority's "1", a rating's "G"). */
static GHashTable *
map_ids (WmStore    *store,
         const char *table,
         const char *column,
         GError    **error)
{
  g_autoptr(GPtrArray) records = wm_store_list (store, table, NULL, NULL, error);
  GHashTable *map;

  if (records == NULL)
    return NULL;
  map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < records->len; i++)
    g_hash_table_insert (map, g_strdup (wm_record_get_id (records->pdata[i])),
                         g_strdup (wm_record_get_nonnull (records->pdata[i], column)));
  return map;
}

static const char *
lookup (GHashTable *map,
        const char *id)
{
  return id != NULL ? g_hash_table_lookup (map, id) : NULL;
}

/* A date when the plan gave one, else the words it used ("TBC"). */
static const char *
date_or_text (WmRecord   *record,
              const char *date_column,
              const char *text_column)
{
  const char *date = wm_record_get (record, date_column);

  return date != NULL && date[0] != '\0' ? date : wm_record_get (record, text_column);
}

static gboolean
export_actions (WmStore  *store,
                GString  *out,
                GError  **error)
{
  static const char *const header[] = {
    "priority", "code", "title", "description", "lead", "agency", "start", "due",
    "due_text", "completed", "rating", "progress", "evidence", "impact", "illustrative",
    NULL,
  };
  g_autoptr(GHashTable) priorities = map_ids (store, "priority", "code", error);
  g_autoptr(GHashTable) ratings = NULL;
  g_autoptr(GPtrArray) actions = NULL;

  if (priorities == NULL || (ratings = map_ids (store, "rating", "code", error)) == NULL)
    return FALSE;
  actions = wm_store_list_actions (store, NULL, error);
  if (actions == NULL)
    return FALSE;

  wm_csv_append_row (out, header, -1);
  for (guint i = 0; i < actions->len; i++)
    {
      WmRecord *action = actions->pdata[i];
      g_autofree char *leads = join_lines (wm_record_get (action, "leads"));
      g_autofree char *agency = join_lines (wm_record_get (action, "agency"));
      const char *row[] = {
        lookup (priorities, wm_record_get (action, "priority_id")),
        wm_record_get (action, "code"),
        wm_record_get (action, "title"),
        wm_record_get (action, "description"),
        leads,
        agency,
        date_or_text (action, "start_date", "start_text"),
        wm_record_get (action, "due_date"),
        wm_record_get (action, "due_text"),
        date_or_text (action, "completed_date", "completed_text"),
        lookup (ratings, wm_record_get (action, "rating_id")),
        wm_record_get (action, "progress"),
        wm_record_get (action, "evidence"),
        wm_record_get (action, "impact"),
        wm_record_get (action, "illustrative"),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (row) == G_N_ELEMENTS (header) - 1);
      wm_csv_append_row (out, row, G_N_ELEMENTS (row));
    }
  return TRUE;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The codes of the actions a risk threatens, "1.1; 2.3", in the plan's
 * order whatever order they were linked in; a link to an action deleted on
 * another laptop is left out, as readers ignore orphans. */
static char *
linked_actions (WmStore    *store,
                WmRecord   *risk,
                GHashTable *action_position,
                GPtrArray  *actions,
                GError    **error)
{
  g_autoptr(GPtrArray) links = wm_store_list (store, "risk_action", "risk_id",
                                              wm_record_get_id (risk), error);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) codes = g_string_new (NULL);

  if (links == NULL)
    return NULL;
  for (guint i = 0; i < links->len; i++)
    {
      const char *action_id = wm_record_get (links->pdata[i], "action_id");
      guint position = action_id ? GPOINTER_TO_UINT (g_hash_table_lookup (action_position,
                                                                          action_id)) : 0;

      if (position > 0)
        g_array_append_val (positions, position);
    }
  g_array_sort (positions, compare_uint);
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);

      if (i > 0 && position == g_array_index (positions, guint, i - 1))
        continue;
      if (codes->len > 0)
        g_string_append (codes, "; ");
      g_string_append (codes, wm_record_get_nonnull (actions->pdata[position - 1], "code"));
    }
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

static gboolean
export_risks (WmStore  *store,
              GString  *out,
              GError  **error)
{
  static const char *const header[] = {
    "ref", "raised", "title", "description", "owner", "category", "severity_before",
    "likelihood_before", "impact_before", "mitigation", "severity_after", "likelihood_after",
    "impact_after", "target_score", "progress", "review_date", "status", "closed_reason",
    "linked_actions", "illustrative", NULL,
  };
  g_autoptr(GPtrArray) actions = wm_store_list_actions (store, NULL, error);
  g_autoptr(GHashTable) action_position = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  /* The register's own columns (issue 5): scores and bands under the
   * plan's scheme, mitigations, notes and score history, so that an
   * export imports back into the same register (see wm-risk-csv.h). */
  g_autoptr(GPtrArray) register_risks = NULL;
  g_autoptr(GHashTable) register_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) full_header = NULL;
  g_autoptr(GPtrArray) extra_header = NULL;

  if (actions == NULL)
    return FALSE;
  register_risks = wm_risk_list (store, NULL, error);
  if (register_risks == NULL)
    return FALSE;
  for (guint i = 0; i < register_risks->len; i++)
    g_hash_table_insert (register_by_id, (gpointer) wm_risk_get_id (register_risks->pdata[i]),
                         register_risks->pdata[i]);
  extra_header = wm_risk_csv_extra_header (register_risks);
  full_header = g_ptr_array_new ();
  for (guint i = 0; header[i]; i++)
    g_ptr_array_add (full_header, (gpointer) header[i]);
  for (guint i = 0; i < extra_header->len; i++)
    g_ptr_array_add (full_header, extra_header->pdata[i]);

  /* Positions count from 1 so that a missing key (NULL) means no action. */
  action_position = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < actions->len; i++)
    g_hash_table_insert (action_position, (gpointer) wm_record_get_id (actions->pdata[i]),
                         GUINT_TO_POINTER (i + 1));

  risks = wm_store_list (store, "risk", NULL, NULL, error);
  if (risks == NULL)
    return FALSE;

  wm_csv_append_row (out, (const char *const *) full_header->pdata, (int) full_header->len);
  for (guint i = 0; i < risks->len; i++)
    {
      WmRecord *risk = risks->pdata[i];
      WmRisk *register_risk = g_hash_table_lookup (register_by_id, wm_record_get_id (risk));
      g_autoptr(GPtrArray) cells = NULL;
      g_autoptr(GPtrArray) extra = NULL;
      g_autofree char *linked = linked_actions (store, risk, action_position, actions, error);
      const char *row[] = {
        wm_record_get (risk, "ref"),
        date_or_text (risk, "raised_date", "raised_text"),
        wm_record_get (risk, "title"),
        wm_record_get (risk, "description"),
        wm_record_get (risk, "owner"),
        wm_record_get (risk, "category"),
        wm_record_get (risk, "severity_before"),
        wm_record_get (risk, "likelihood_before"),
        wm_record_get (risk, "impact_before"),
        wm_record_get (risk, "mitigation"),
        wm_record_get (risk, "severity_after"),
        wm_record_get (risk, "likelihood_after"),
        wm_record_get (risk, "impact_after"),
        wm_record_get (risk, "target_score"),
        wm_record_get (risk, "progress"),
        wm_record_get (risk, "review_date"),
        wm_record_get (risk, "status"),
        wm_record_get (risk, "closed_reason"),
        linked,
        wm_record_get (risk, "illustrative"),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (row) == G_N_ELEMENTS (header) - 1);
      if (linked == NULL)
        return FALSE;
      cells = g_ptr_array_new ();
      for (guint c = 0; c < G_N_ELEMENTS (row); c++)
        g_ptr_array_add (cells, (gpointer) row[c]);
      if (register_risk != NULL)
        {
          extra = wm_risk_csv_extra_cells (register_risk, register_risks);
          for (guint c = 0; c < extra->len; c++)
            g_ptr_array_add (cells, extra->pdata[c]);
        }
      else
        g_ptr_array_set_size (cells, full_header->len);
      wm_csv_append_row (out, (const char *const *) cells->pdata, (int) cells->len);
    }
  return TRUE;
}

/**
 * wm_export_csv:
 * @store: the plan's store
 * @what: "actions" or "risks"
 * @out: the CSV is appended here
 * @error: return location for a #GError
 *
 * Appends a header row and one row per action (in the plan's order) or
 * per risk (in the register's order).  References become the codes people
 * use: the priority's code, the rating's code, linked actions' codes.
 * On failure @out is left as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
wm_export_csv (WmStore     *store,
               const char  *what,
               GString     *out,
               GError     **error)
{
  gsize len;
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (what != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  len = out->len;
  if (g_str_equal (what, "actions"))
    ok = export_actions (store, out, error);
  else if (g_str_equal (what, "risks"))
    ok = export_risks (store, out, error);
  else if (g_str_equal (what, "kpi-values"))
    ok = wm_kpi_export_values (store, out, error);
  else if (g_str_equal (what, "kpi-benchmarks"))
    ok = wm_kpi_export_benchmarks (store, out, error);
  else if (g_str_equal (what, "audits"))
    ok = wm_audit_export_csv (store, out, error);
  else
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” cannot be exported as CSV: choose actions, risks, kpi-values, "
                   "kpi-benchmarks or audits.", what);
      return FALSE;
    }
  if (!ok)
    g_string_truncate (out, len);
  return ok;
}
