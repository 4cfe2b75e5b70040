#define G_LOG_DOMAIN "wm-sample"

#include <gio/gio.h>

#include "wm-core-resources.h"
#include "wm-sample.h"
#include "wm-audit.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-kpi-private.h"
#include "wm-risk.h"

#include <string.h>

#define SAMPLE_RESOURCE "/io/github/waymark/Waymark/sample/leicestershire-app-2023.ini"

typedef struct
{
  WmStore    *store;
  GKeyFile   *file;
  const char *plan_id;
  GDate       start;           /* month 0 of the plan */
  GHashTable *priorities;      /* code → id */
  GHashTable *ratings;         /* code → id */
} Loader;

static char *
get (Loader     *loader,
     const char *group,
     const char *key)
{
  char *value = g_key_file_get_string (loader->file, group, key, NULL);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static char **
groups_with_prefix (Loader     *loader,
                    const char *prefix)
{
  g_auto(GStrv) groups = g_key_file_get_groups (loader->file, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; groups[i]; i++)
    if (g_str_has_prefix (groups[i], prefix))
      g_strv_builder_add (builder, groups[i]);
  return g_strv_builder_end (builder);
}

/* Month m of the plan: its first day, or its last with @last. */
static char *
month_date (Loader  *loader,
            gint64   month,
            gboolean last)
{
  GDate date = loader->start;

  g_date_set_day (&date, 1);
  if (month > 0)
    g_date_add_months (&date, month);
  if (last)
    g_date_set_day (&date, g_date_get_days_in_month (g_date_get_month (&date),
                                                     g_date_get_year (&date)));
  return wm_date_to_iso (&date);
}

static gboolean
invalid (GError    **error,
         const char *group,
         const char *message)
{
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "Sample plan, [%s]: %s", group,
               message);
  return FALSE;
}

static gboolean
load_plan (Loader  *loader,
           GError **error)
{
  static const char *const keys[][2] = {
    { "area", "area" }, { "title", "title" }, { "kind", "kind" },
    { "inspection-date", "inspection_date" }, { "inspection-text", "inspection_text" },
    { "revisit-date", "revisit_date" }, { "revisit-text", "revisit_text" },
    { "report-date", "report_date" }, { "start-date", "start_date" },
    { "area-of-weakness", "area_of_weakness" }, { "governance", "governance" },
    { "accountable-officers", "accountable_officers" }, { "advisers", "advisers" },
  };
  g_autofree char *start = get (loader, "plan", "start-date");
  g_autoptr(WmRecord) plan = NULL;

  if (start == NULL || !wm_date_from_iso (start, &loader->start))
    return invalid (error, "plan", "start-date is missing or not an ISO date");

  loader->plan_id = NULL;
  plan = wm_store_get_plan (loader->store, error);
  if (plan == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = get (loader, "plan", keys[i][0]);
      if (!wm_store_update (loader->store, "plan", wm_record_get_id (plan), error,
                            keys[i][1], value, NULL))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_ratings (Loader  *loader,
              GError **error)
{
  g_autoptr(GPtrArray) existing = wm_store_list_ratings (loader->store, error);
  g_auto(GStrv) groups = groups_with_prefix (loader, "rating ");

  if (existing == NULL)
    return FALSE;
  /* The plan was created with BRAG(P); the sample restates it with the
   * published wording, so update in place by code. */
  for (guint i = 0; groups[i]; i++)
    {
      g_autofree char *code = get (loader, groups[i], "code");
      g_autofree char *label = get (loader, groups[i], "label");
      g_autofree char *summary = get (loader, groups[i], "summary");
      g_autofree char *meaning = get (loader, groups[i], "meaning");
      g_autofree char *colour = get (loader, groups[i], "colour");
      g_autofree char *order = get (loader, groups[i], "order");
      gboolean complete = g_key_file_get_boolean (loader->file, groups[i], "complete", NULL);
      const char *id = NULL;

      if (code == NULL)
        return invalid (error, groups[i], "code is missing");
      for (guint j = 0; j < existing->len; j++)
        if (g_strcmp0 (wm_record_get (existing->pdata[j], "code"), code) == 0)
          id = wm_record_get_id (existing->pdata[j]);
      if (id == NULL)
        return invalid (error, groups[i], "not a BRAG(P) code");
      if (!wm_store_update (loader->store, "rating", id, error,
                            "label", label, "summary", summary, "meaning", meaning,
                            "colour", colour ? colour : "#888888",
                            "is_complete", complete ? "1" : "0",
                            "sort_order", order ? order : "0", NULL))
        return FALSE;
      g_hash_table_insert (loader->ratings, g_strdup (code), g_strdup (id));
    }
  return TRUE;
}

static gboolean
load_simple (Loader     *loader,
             const char *prefix,
             const char *table,
             GError    **error)
{
  g_auto(GStrv) groups = groups_with_prefix (loader, prefix);

  for (guint i = 0; groups[i]; i++)
    {
      g_autofree char *id = NULL;

      if (g_str_equal (table, "phase"))
        {
          g_autofree char *label = get (loader, groups[i], "label");
          g_autofree char *start = get (loader, groups[i], "start-month");
          g_autofree char *end = get (loader, groups[i], "end-month");
          id = wm_store_insert (loader->store, "phase", error, "plan_id", loader->plan_id,
                                "label", label, "start_month", start, "end_month", end, NULL);
        }
      else
        {
          g_autofree char *date = get (loader, groups[i], "date");
          g_autofree char *label = get (loader, groups[i], "label");
          g_autofree char *kind = get (loader, groups[i], "kind");
          id = wm_store_insert (loader->store, "key_date", error, "plan_id", loader->plan_id,
                                "date", date, "label", label, "kind", kind ? kind : "other",
                                NULL);
        }
      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_priorities (Loader  *loader,
                 GError **error)
{
  g_auto(GStrv) groups = groups_with_prefix (loader, "priority ");

  for (guint i = 0; groups[i]; i++)
    {
      g_autofree char *code = get (loader, groups[i], "code");
      g_autofree char *title = get (loader, groups[i], "title");
      g_autofree char *aspiration = get (loader, groups[i], "aspiration");
      g_autofree char *lead = get (loader, groups[i], "lead");
      g_autofree char *id = NULL;

      if (code == NULL)
        code = g_strdup (groups[i] + strlen ("priority "));
      id = wm_store_insert (loader->store, "priority", error, "plan_id", loader->plan_id,
                            "code", code, "title", title, "aspiration", aspiration, "lead", lead,
                            NULL);
      if (id == NULL)
        return FALSE;
      g_hash_table_insert (loader->priorities, g_strdup (code), g_steal_pointer (&id));
    }
  return TRUE;
}

static gboolean
load_stages (Loader     *loader,
             const char *group,
             const char *action_id,
             GError    **error)
{
  g_autofree char *stages = get (loader, group, "stages");
  g_auto(GStrv) lines = NULL;

  if (stages == NULL)
    return TRUE;
  lines = g_strsplit (stages, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "|", -1);
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_autofree char *id = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (g_strv_length (parts) != 3)
        return invalid (error, group, "a stage is not label|first-month|last-month");
      start = month_date (loader, g_ascii_strtoll (parts[1], NULL, 10), FALSE);
      end = month_date (loader, g_ascii_strtoll (parts[2], NULL, 10), TRUE);
      id = wm_store_insert (loader->store, "stage", error, "action_id", action_id,
                            "label", g_strstrip (parts[0]), "start_date", start, "end_date", end,
                            NULL);
      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_action_milestones (Loader     *loader,
                        const char *group,
                        const char *action_id,
                        const char *code,
                        GError    **error)
{
  static const int months[] = { 3, 6, 9, 12 };

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      g_autofree char *key = g_strdup_printf ("milestone-%d", months[i]);
      g_autofree char *text = get (loader, group, key);
      g_autofree char *due = NULL;
      g_autofree char *month = NULL;
      g_autofree char *ms_code = NULL;
      g_autofree char *id = NULL;

      if (text == NULL)
        continue;
      due = month_date (loader, months[i], TRUE);
      month = g_strdup_printf ("%d", months[i]);
      ms_code = g_strdup_printf ("%s M%d", code, months[i]);
      id = wm_store_insert (loader->store, "milestone", error, "plan_id", loader->plan_id,
                            "action_id", action_id, "code", ms_code, "title", text,
                            "month", month, "due_date", due, NULL);
      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

/* history=date|rating|note lines, oldest first: the rating changes a board
 * has seen.  All of it is illustrative in the sample. */
static gboolean
load_history (Loader     *loader,
              const char *group,
              const char *action_id,
              GError    **error)
{
  g_autofree char *history = get (loader, group, "history");
  g_autofree char *author = get (loader, group, "progress-author");
  g_auto(GStrv) lines = NULL;
  const char *previous = NULL;

  if (history == NULL)
    {
      /* No history: the current rating and note make one update. */
      g_autofree char *rating = get (loader, group, "rating");
      g_autofree char *note = get (loader, group, "progress");
      g_autofree char *date = get (loader, group, "progress-date");
      const char *rating_id = rating ? g_hash_table_lookup (loader->ratings, rating) : NULL;
      g_autofree char *id = NULL;

      if (rating_id == NULL || date == NULL)
        return TRUE;
      id = wm_store_insert (loader->store, "status_update", error, "action_id", action_id,
                            "date", date, "rating_id", rating_id, "note", note,
                            "author", author, "created_at", date, NULL);
      return id != NULL;
    }
  lines = g_strsplit (history, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "|", 3);
      const char *rating_id;
      g_autofree char *id = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (g_strv_length (parts) != 3)
        return invalid (error, group, "a history line is not date|rating|note");
      rating_id = g_hash_table_lookup (loader->ratings, parts[1]);
      if (rating_id == NULL)
        return invalid (error, group, "a history line names an unknown rating");
      id = wm_store_insert (loader->store, "status_update", error, "action_id", action_id,
                            "date", parts[0], "rating_id", rating_id,
                            "previous_rating_id", previous, "note", parts[2], "author", author,
                            "created_at", parts[0], NULL);
      if (id == NULL)
        return FALSE;
      previous = rating_id;
    }
  return TRUE;
}

static gboolean
load_actions (Loader  *loader,
              GError **error)
{
  static const char *const keys[][2] = {
    { "title", "title" }, { "description", "description" }, { "leads", "leads" },
    { "agency", "agency" }, { "start", "start_date" }, { "due", "due_date" },
    { "due-text", "due_text" }, { "completed", "completed_date" }, { "progress", "progress" },
    { "evidence", "evidence" }, { "impact", "impact" }, { "illustrative", "illustrative" },
  };
  g_auto(GStrv) groups = groups_with_prefix (loader, "action ");

  for (guint i = 0; groups[i]; i++)
    {
      const char *code = groups[i] + strlen ("action ");
      g_autofree char *priority = get (loader, groups[i], "priority");
      g_autofree char *rating = get (loader, groups[i], "rating");
      g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (NULL);
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      const char *priority_id = priority ? g_hash_table_lookup (loader->priorities, priority) : NULL;
      const char *rating_id = rating ? g_hash_table_lookup (loader->ratings, rating) : NULL;
      g_autofree char *id = NULL;

      if (priority_id == NULL)
        return invalid (error, groups[i], "priority is missing or unknown");
      if (rating != NULL && rating_id == NULL)
        return invalid (error, groups[i], "rating is not a code of the rating scale");

      g_ptr_array_add (columns, "plan_id");
      g_ptr_array_add (values, g_strdup (loader->plan_id));
      g_ptr_array_add (columns, "priority_id");
      g_ptr_array_add (values, g_strdup (priority_id));
      g_ptr_array_add (columns, "code");
      g_ptr_array_add (values, g_strdup (code));
      g_ptr_array_add (columns, "rating_id");
      g_ptr_array_add (values, g_strdup (rating_id));
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          g_ptr_array_add (columns, (gpointer) keys[k][1]);
          g_ptr_array_add (values, get (loader, groups[i], keys[k][0]));
        }
      g_ptr_array_add (columns, NULL);
      g_ptr_array_add (values, NULL);

      id = wm_store_insert_v (loader->store, "action", (const char *const *) columns->pdata,
                              (const char *const *) values->pdata, error);
      if (id == NULL
          || !load_stages (loader, groups[i], id, error)
          || !load_action_milestones (loader, groups[i], id, code, error)
          || !load_history (loader, groups[i], id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_plan_milestones (Loader  *loader,
                      GError **error)
{
  g_auto(GStrv) groups = groups_with_prefix (loader, "milestone ");

  for (guint i = 0; groups[i]; i++)
    {
      g_autofree char *title = get (loader, groups[i], "title");
      g_autofree char *month = get (loader, groups[i], "month");
      g_autofree char *due = get (loader, groups[i], "due");
      g_autofree char *done = get (loader, groups[i], "done");
      g_autofree char *id = NULL;

      id = wm_store_insert (loader->store, "milestone", error, "plan_id", loader->plan_id,
                            "code", groups[i] + strlen ("milestone "), "title", title,
                            "month", month, "due_date", due, "done_date", done, NULL);
      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_risks (Loader  *loader,
            GError **error)
{
  static const char *const keys[][2] = {
    { "raised", "raised_date" }, { "raised-text", "raised_text" }, { "title", "title" },
    { "description", "description" }, { "owner", "owner" }, { "category", "category" },
    { "severity-before", "severity_before" }, { "severity-after", "severity_after" },
    { "mitigation", "mitigation" }, { "progress", "progress" },
    { "review-date", "review_date" }, { "status", "status" },
    { "illustrative", "illustrative" },
  };
  g_auto(GStrv) groups = groups_with_prefix (loader, "risk ");

  for (guint i = 0; groups[i]; i++)
    {
      g_autoptr(GPtrArray) columns = g_ptr_array_new ();
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *id = NULL;

      g_ptr_array_add (columns, "plan_id");
      g_ptr_array_add (values, g_strdup (loader->plan_id));
      g_ptr_array_add (columns, "ref");
      g_ptr_array_add (values, g_strdup (groups[i] + strlen ("risk ")));
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          char *value = get (loader, groups[i], keys[k][0]);
          if (value == NULL)
            continue;
          g_ptr_array_add (columns, (gpointer) keys[k][1]);
          g_ptr_array_add (values, value);
        }
      g_ptr_array_add (columns, NULL);
      g_ptr_array_add (values, NULL);
      id = wm_store_insert_v (loader->store, "risk", (const char *const *) columns->pdata,
                              (const char *const *) values->pdata, error);
      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The sample register rates its risks High, Medium or Low before and
 * after mitigation, so the plan keeps that scale (issue 5).  Each line of
 * a risk's mitigation becomes one mitigation, and the published ratings
 * become the first entry of each risk's score history, dated the day the
 * risk was raised. */
static gboolean
load_risk_register (Loader  *loader,
                    GError **error)
{
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_new_three_level ();
  g_autoptr(GPtrArray) risks = NULL;

  if (!wm_risk_scheme_save (scheme, loader->store, error))
    return FALSE;
  risks = wm_store_list (loader->store, "risk", NULL, NULL, error);
  if (risks == NULL)
    return FALSE;
  for (guint i = 0; i < risks->len; i++)
    {
      WmRecord *risk = risks->pdata[i];
      g_auto(GStrv) lines = g_strsplit (wm_record_get_nonnull (risk, "mitigation"), "\n", -1);
      g_autoptr(GArray) mitigations = wm_risk_mitigations_new ();

      for (guint l = 0; lines[l]; l++)
        {
          WmRiskMitigation mitigation = { .text = g_strdup (g_strstrip (lines[l])) };

          if (*mitigation.text == '\0')
            wm_risk_mitigation_clear (&mitigation);
          else
            g_array_append_val (mitigations, mitigation);
        }
      if (!wm_risk_set_mitigations (loader->store, wm_record_get_id (risk), mitigations, NULL,
                                    error)
          || !wm_risk_record_history (loader->store, scheme, wm_record_get_id (risk),
                                      wm_record_get (risk, "raised_date"), "", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_kpis (Loader  *loader,
           GError **error)
{
  /* ini key → kpi column, beyond the ones every KPI has */
  static const char *const keys[][2] = {
    { "owner", "owner" }, { "tolerance", "tolerance" }, { "rating-rule", "rating_rule" },
    { "chart", "chart" }, { "baseline", "baseline" }, { "baseline-date", "baseline_date" },
    { "derived", "derived" }, { "corrective-action", "corrective_action" },
    { "illustrative", "illustrative" },
  };
  g_auto(GStrv) groups = groups_with_prefix (loader, "kpi ");

  for (guint i = 0; groups[i]; i++)
    {
      g_autofree char *name = get (loader, groups[i], "name");
      g_autofree char *definition = get (loader, groups[i], "definition");
      g_autofree char *unit = get (loader, groups[i], "unit");
      g_autofree char *direction = get (loader, groups[i], "direction");
      g_autofree char *target = get (loader, groups[i], "target");
      g_autofree char *frequency = get (loader, groups[i], "frequency");
      g_autofree char *actions = get (loader, groups[i], "actions");
      g_autofree char *source = get (loader, groups[i], "source");
      g_autofree char *id = NULL;

      if (name == NULL || unit == NULL)
        return invalid (error, groups[i], "name and unit are needed");
      id = wm_store_insert (loader->store, "kpi", error, "plan_id", loader->plan_id,
                            "code", groups[i] + strlen ("kpi "), "name", name,
                            "definition", definition, "unit", unit,
                            "direction", direction ? direction : "higher", "target", target,
                            "frequency", frequency ? frequency : "monthly",
                            "linked_actions", actions,
                            "source", source ? source
                                             : "Leicestershire Accelerated Progress Plan, March 2023",
                            NULL);
      if (id == NULL)
        return FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          g_autofree char *value = get (loader, groups[i], keys[k][0]);
          if (value != NULL
              && !wm_store_update (loader->store, "kpi", id, error, keys[k][1], value, NULL))
            return FALSE;
        }
    }
  return TRUE;
}

/* "[kpi-values K3]" → the KPI K3, checked as an import would check it */
static WmKpiInfo *
kpi_of_group (Loader      *loader,
              const char  *group,
              const char  *prefix,
              char       **rest,
              GError     **error)
{
  g_autofree char *code = g_strdup (group + strlen (prefix));
  char *space = strchr (code, ' ');
  g_autoptr(WmRecord) kpi = NULL;

  if (space != NULL)
    {
      *space = '\0';
      if (rest)
        *rest = g_strdup (space + 1);
    }
  else if (rest)
    *rest = NULL;
  kpi = wm_kpi_find (loader->store, code, NULL);
  if (kpi == NULL)
    {
      invalid (error, group, "names no KPI of the sample");
      return NULL;
    }
  return wm_kpi_info_new (loader->store, kpi, error);
}

/* "62.0 (31/50) | note" → value, numerator, denominator and note */
static gboolean
split_value (const char  *text,
             char       **value,
             char       **numerator,
             char       **denominator,
             char       **note)
{
  g_auto(GStrv) parts = g_strsplit (text, "|", 2);
  g_autofree char *number = g_strstrip (g_strdup (parts[0]));
  char *open = strchr (number, '(');

  *note = parts[1] ? g_strstrip (g_strdup (parts[1])) : NULL;
  *numerator = *denominator = NULL;
  if (open != NULL)
    {
      g_auto(GStrv) ratio = NULL;
      char *close = strchr (open, ')');

      if (close == NULL)
        return FALSE;
      *close = '\0';
      ratio = g_strsplit (open + 1, "/", 2);
      if (ratio[0] == NULL || ratio[1] == NULL)
        return FALSE;
      *numerator = g_strstrip (g_strdup (ratio[0]));
      *denominator = g_strstrip (g_strdup (ratio[1]));
      *open = '\0';
    }
  *value = g_strstrip (g_steal_pointer (&number));
  return TRUE;
}

/* The KPIs' series: [kpi-values CODE], [kpi-benchmark CODE SERIES] and
 * [kpi-annotations CODE] (see the sample's comments for their form). */
static gboolean
load_kpi_series (Loader  *loader,
                 GError **error)
{
  g_auto(GStrv) values = groups_with_prefix (loader, "kpi-values ");
  g_auto(GStrv) benchmarks = groups_with_prefix (loader, "kpi-benchmark ");
  g_auto(GStrv) annotations = groups_with_prefix (loader, "kpi-annotations");

  for (guint i = 0; values[i]; i++)
    {
      g_autoptr(WmKpiInfo) info = kpi_of_group (loader, values[i], "kpi-values ", NULL, error);
      g_autofree char *default_note = NULL;
      g_autofree char *source = NULL;
      g_auto(GStrv) periods = NULL;

      if (info == NULL)
        return FALSE;
      default_note = get (loader, values[i], "note");
      source = get (loader, values[i], "source");
      periods = g_key_file_get_keys (loader->file, values[i], NULL, NULL);
      for (guint k = 0; periods && periods[k]; k++)
        {
          g_autofree char *text = NULL;
          g_autofree char *value = NULL, *numerator = NULL, *denominator = NULL, *note = NULL;
          g_autoptr(GError) local = NULL;
          WmKpiParsedValue row;
          WmKpiField bad;

          if (g_str_equal (periods[k], "note") || g_str_equal (periods[k], "source"))
            continue;
          text = get (loader, values[i], periods[k]);
          if (text == NULL
              || !split_value (text, &value, &numerator, &denominator, &note))
            return invalid (error, values[i], "a value is not “number (numerator/denominator) "
                                              "| note”");
          if (!wm_kpi_parse_row (info, periods[k], value, numerator, denominator, &row, &bad,
                                 &local))
            {
              g_autofree char *message = g_strdup_printf ("%s: %s", periods[k], local->message);
              return invalid (error, values[i], message);
            }
          if (!wm_kpi_write_value (loader->store, info, &row, note ? note : default_note,
                                   source, NULL, error))
            return FALSE;
        }
    }

  for (guint i = 0; benchmarks[i]; i++)
    {
      g_autofree char *series = NULL;
      g_autoptr(WmKpiInfo) info = kpi_of_group (loader, benchmarks[i], "kpi-benchmark ",
                                                &series, error);
      g_autofree char *source = NULL;
      g_auto(GStrv) periods = NULL;

      if (info == NULL)
        return FALSE;
      if (series == NULL)
        return invalid (error, benchmarks[i], "names no series: write [kpi-benchmark CODE "
                                              "SERIES]");
      source = get (loader, benchmarks[i], "source");
      periods = g_key_file_get_keys (loader->file, benchmarks[i], NULL, NULL);
      for (guint k = 0; periods && periods[k]; k++)
        {
          g_autofree char *text = NULL;
          g_auto(GStrv) parts = NULL;
          g_autofree char *value_source = NULL;
          g_autoptr(GError) local = NULL;
          WmPeriod period;
          double value;

          if (g_str_equal (periods[k], "source"))
            continue;
          text = get (loader, benchmarks[i], periods[k]);
          parts = g_strsplit (text ? text : "", "|", 2);
          if (!wm_period_parse (periods[k], WM_FREQUENCY_INVALID, &period, &local)
              || !wm_kpi_parse_value (parts[0], info->unit, &value, &local))
            {
              g_autofree char *message = g_strdup_printf ("%s: %s", periods[k], local->message);
              return invalid (error, benchmarks[i], message);
            }
          value_source = parts[1] ? g_strdup_printf ("%s; %s", source ? source : "",
                                                     g_strstrip (parts[1]))
                                  : g_strdup (source);
          if (!wm_kpi_write_benchmark (loader->store, info, series, &period, value,
                                       value_source, NULL, error))
            return FALSE;
        }
    }

  for (guint i = 0; annotations[i]; i++)
    {
      g_autoptr(WmKpiInfo) info = NULL;
      g_auto(GStrv) dates = g_key_file_get_keys (loader->file, annotations[i], NULL, NULL);

      /* [kpi-annotations] alone: on every KPI's chart */
      if (annotations[i][strlen ("kpi-annotations")] != '\0'
          && (info = kpi_of_group (loader, annotations[i], "kpi-annotations ", NULL,
                                   error)) == NULL)
        return FALSE;
      for (guint k = 0; dates && dates[k]; k++)
        {
          g_autofree char *label = get (loader, annotations[i], dates[k]);
          g_autofree char *id = wm_kpi_add_annotation (loader->store, info ? info->id : NULL,
                                                       dates[k], label, error);
          if (id == NULL)
            return FALSE;
        }
    }
  return TRUE;
}

/* Loads into an empty database, all or nothing. */
gboolean
wm_sample_load_from_data (WmStore    *store,
                          const char *data,
                          gsize       length,
                          GError    **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GHashTable) priorities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) ratings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *area = NULL;
  g_autofree char *title = NULL;
  g_autofree char *plan_id = NULL;
  Loader loader = { store, file, NULL, { 0 }, priorities, ratings };

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "Sample plan: ");
      return FALSE;
    }
  if (wm_store_count (store, "plan", NULL) > 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” already holds a plan; the sample goes into a new file.",
                   wm_store_get_path (store));
      return FALSE;
    }

  area = get (&loader, "plan", "area");
  title = get (&loader, "plan", "title");
  if (!wm_store_begin (store, error))
    return FALSE;
  plan_id = wm_store_create_plan (store, area, title, error);
  loader.plan_id = plan_id;
  if (plan_id == NULL
      || !load_plan (&loader, error)
      || !load_ratings (&loader, error))
    goto fail;
  loader.plan_id = plan_id;
  if (!load_simple (&loader, "phase ", "phase", error)
      || !load_simple (&loader, "key-date ", "key_date", error)
      || !load_priorities (&loader, error)
      || !load_actions (&loader, error)
      || !load_plan_milestones (&loader, error)
      || !load_risks (&loader, error)
      || !load_risk_register (&loader, error)
      || !load_kpis (&loader, error)
      || !wm_audit_ensure_default_templates (store, error)
      || !load_kpi_series (&loader, error)
      || !wm_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  wm_store_rollback (store);
  return FALSE;
}

gboolean
wm_sample_load (WmStore  *store,
                GError  **error)
{
  /* Looked up in our own resource rather than the global table: a static
   * library's constructor that registers it may be dropped by the linker. */
  g_autoptr(GBytes) bytes = g_resource_lookup_data (wm_core_get_resource (), SAMPLE_RESOURCE,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  gsize length;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  return wm_sample_load_from_data (store, data, length, error);
}
