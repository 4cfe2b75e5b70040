#define G_LOG_DOMAIN "wm-risk"

#include "wm-risk-csv.h"
#include "wm-store-private.h"
#include "wm-date.h"
#include "wm-error.h"

#include <stdlib.h>
#include <string.h>

/* ---------- writing ---------- */

static const char *const mitigation_parts[] = { "", "_owner", "_due", "_action" };

static guint
max_mitigations (GPtrArray *risks)
{
  guint max = 0;

  for (guint i = 0; risks != NULL && i < risks->len; i++)
    max = MAX (max, wm_risk_get_mitigations (risks->pdata[i])->len);
  return max;
}

/**
 * wm_risk_csv_extra_header:
 * @risks: (element-type WmRisk): the register being written
 *
 * Returns: (transfer full) (element-type utf8): the names of the columns
 *   wm_risk_csv_extra_cells() fills, for the register's header row
 */
GPtrArray *
wm_risk_csv_extra_header (GPtrArray *risks)
{
  GPtrArray *header = g_ptr_array_new_with_free_func (g_free);
  guint n = max_mitigations (risks);

  for (const char *const *name = (const char *const[]) {
         "score_before", "band_before", "score_after", "band_after", "trend", "flagged",
         "reviewed_date", NULL };
       *name; name++)
    g_ptr_array_add (header, g_strdup (*name));
  for (guint i = 1; i <= n; i++)
    for (guint p = 0; p < G_N_ELEMENTS (mitigation_parts); p++)
      g_ptr_array_add (header, g_strdup_printf ("mitigation_%u%s", i, mitigation_parts[p]));
  g_ptr_array_add (header, g_strdup ("progress_notes"));
  g_ptr_array_add (header, g_strdup ("score_history"));
  return header;
}

static char *
score_cell (WmRisk      *risk,
            WmRiskStage  stage)
{
  int score = wm_risk_get_score (risk, stage);

  return score > 0 ? wm_risk_scheme_format_score (wm_risk_get_scheme (risk), score) : NULL;
}

static char *
band_cell (WmRisk      *risk,
           WmRiskStage  stage)
{
  const WmRiskBand *band = wm_risk_get_band (risk, stage);

  return band ? g_strdup (band->name) : NULL;
}

/* Note text keeps its line breaks; a continuation line that would read as
 * the start of a new note gets a leading space, which the reader drops. */
char *
wm_risk_csv_format_notes (GArray *notes)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      const WmRiskNote *note = &g_array_index (notes, WmRiskNote, i);
      g_auto(GStrv) lines = g_strsplit (note->note ? note->note : "", "\n", -1);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, note->date ? note->date : "");
      if (note->author != NULL && *note->author != '\0')
        g_string_append_printf (text, " (%s)", note->author);
      g_string_append_printf (text, ": %s", lines[0] ? lines[0] : "");
      for (guint l = 1; lines[l]; l++)
        {
          gboolean looks_dated = g_ascii_isdigit (lines[l][0]);

          g_string_append_printf (text, "\n%s%s", looks_dated ? " " : "", lines[l]);
        }
    }
  return g_string_free (text, FALSE);
}

static void
append_history_score (GString      *text,
                      WmRiskScheme *scheme,
                      int           likelihood,
                      int           impact,
                      int           score)
{
  if (score <= 0)
    g_string_append (text, "not scored");
  else if (scheme->kind == WM_RISK_SCHEME_SEVERITY || likelihood <= 0 || impact <= 0)
    {
      g_autofree char *formatted = wm_risk_scheme_format_score (scheme, score);
      g_string_append (text, formatted);
    }
  else
    g_string_append_printf (text, "%d×%d=%d", likelihood, impact, score);
}

char *
wm_risk_csv_format_history (WmRiskScheme *scheme,
                            GArray       *history)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      const WmRiskHistoryEntry *entry = &g_array_index (history, WmRiskHistoryEntry, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: ", entry->date);
      append_history_score (text, scheme, entry->likelihood_before, entry->impact_before,
                            entry->score_before);
      g_string_append (text, " → ");
      append_history_score (text, scheme, entry->likelihood_after, entry->impact_after,
                            entry->score_after);
      if (entry->target > 0)
        {
          g_autofree char *target = wm_risk_scheme_format_score (scheme, entry->target);
          g_string_append_printf (text, ", target %s", target);
        }
      if (entry->author != NULL && *entry->author != '\0')
        g_string_append_printf (text, " (%s)", entry->author);
    }
  return g_string_free (text, FALSE);
}

/**
 * wm_risk_csv_extra_cells:
 * @risk: the risk of this row
 * @risks: (element-type WmRisk): the register being written, for the
 *   number of mitigation columns
 *
 * Returns: (transfer full) (element-type utf8): one cell (or %NULL) for
 *   each column of wm_risk_csv_extra_header()
 */
GPtrArray *
wm_risk_csv_extra_cells (WmRisk    *risk,
                         GPtrArray *risks)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  GArray *mitigations = wm_risk_get_mitigations (risk);
  guint n = max_mitigations (risks);

  g_ptr_array_add (cells, score_cell (risk, WM_RISK_INHERENT));
  g_ptr_array_add (cells, band_cell (risk, WM_RISK_INHERENT));
  g_ptr_array_add (cells, score_cell (risk, WM_RISK_RESIDUAL));
  g_ptr_array_add (cells, band_cell (risk, WM_RISK_RESIDUAL));
  g_ptr_array_add (cells, g_strdup (wm_risk_trend_name (wm_risk_get_trend (risk))));
  g_ptr_array_add (cells, g_strdup (wm_risk_is_flagged (risk) ? "yes" : NULL));
  g_ptr_array_add (cells, g_strdup (wm_risk_get (risk, "reviewed_date")));
  for (guint i = 0; i < n; i++)
    {
      const WmRiskMitigation *m = i < mitigations->len
                                  ? &g_array_index (mitigations, WmRiskMitigation, i) : NULL;

      g_ptr_array_add (cells, g_strdup (m ? m->text : NULL));
      g_ptr_array_add (cells, g_strdup (m ? m->owner : NULL));
      g_ptr_array_add (cells, g_strdup (m ? m->due_date : NULL));
      g_ptr_array_add (cells, g_strdup (m ? m->action_code : NULL));
    }
  g_ptr_array_add (cells, wm_risk_csv_format_notes (wm_risk_get_notes (risk)));
  g_ptr_array_add (cells, wm_risk_csv_format_history (wm_risk_get_scheme (risk),
                                                      wm_risk_get_history (risk)));
  return cells;
}

/* ---------- reading ---------- */

/* The risk's own fields, as the export names them; "raised" takes any
 * date people write. */
static const char *const risk_fields[] = {
  "ref", "raised", "title", "description", "owner", "category", "severity_before",
  "likelihood_before", "impact_before", "mitigation", "severity_after", "likelihood_after",
  "impact_after", "target_score", "progress", "review_date", "status", "closed_reason",
  "illustrative", "reviewed_date",
};

/* Read for their own handling */
static const char *const other_fields[] = {
  "linked_actions", "progress_notes", "score_history",
};

/* Written by the export, computed from the others: accepted, not read. */
static const char *const computed_fields[] = {
  "score_before", "band_before", "score_after", "band_after", "trend", "flagged",
};

typedef struct
{
  WmCsvTable *table;
  GPtrArray  *fields;     /* every field name */
  int        *columns;    /* the file's column of each field, or -1 */
  guint       n_mitigations;
  GString    *errors;
  guint       n_errors;
} Import;

static int
column_of (Import     *import,
           const char *field)
{
  for (guint i = 0; i < import->fields->len; i++)
    if (g_str_equal (import->fields->pdata[i], field))
      return import->columns[i];
  return -1;
}

static const char *
cell (Import     *import,
      guint       row,
      const char *field)
{
  int column = column_of (import, field);

  return column >= 0 ? wm_csv_table_get (import->table, row, column) : NULL;
}

/* "mitigation_3_owner" → 3; 0 for anything else */
static guint
mitigation_number (const char *name)
{
  char *end = NULL;
  guint64 n;

  if (g_ascii_strncasecmp (name, "mitigation_", strlen ("mitigation_")) != 0)
    return 0;
  name += strlen ("mitigation_");
  if (!g_ascii_isdigit (*name))
    return 0;
  n = g_ascii_strtoull (name, &end, 10);
  if (n == 0 || n > 50)
    return 0;
  for (guint p = 0; p < G_N_ELEMENTS (mitigation_parts); p++)
    if (g_ascii_strcasecmp (end, mitigation_parts[p]) == 0)
      return (guint) n;
  return 0;
}

static void
add_error (Import     *import,
           guint       row,
           const char *field,
           const char *ref,
           const char *message)
{
  g_autofree char *name = g_filename_display_basename (wm_csv_table_get_filename (import->table));
  int column = field ? column_of (import, field) : -1;
  const char *header = column >= 0 ? wm_csv_table_get_header (import->table)[column] : field;

  import->n_errors++;
  if (import->n_errors > WM_RISK_IMPORT_MAX_ERRORS)
    return;
  if (import->errors->len > 0)
    g_string_append_c (import->errors, '\n');
  g_string_append_printf (import->errors, "%s, line %u", name,
                          wm_csv_table_get_line (import->table, row));
  if (header != NULL)
    g_string_append_printf (import->errors, ", column “%s”", header);
  if (ref != NULL && *ref != '\0')
    g_string_append_printf (import->errors, " (%s)", ref);
  g_string_append_printf (import->errors, ": %s", message);
}

static GRegex *
note_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("^(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}/\\d{2,4})"
                                            "(?: \\((.*?)\\))?: ?(.*)$", G_REGEX_OPTIMIZE, 0,
                                            NULL));
  return regex;
}

static GRegex *
history_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("^(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}/\\d{2,4}):"
                                            " *(.+?) *(?:→|->) *(.+?)"
                                            "(?:, *target +([^()]+?))?(?: \\((.*)\\))? *$",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  return regex;
}

/* Progress notes, one a line; a line that does not start with a date
 * continues the note above it. */
static GArray *
parse_notes (const char  *text,
             GError     **error)
{
  g_autoptr(GArray) notes = g_array_new (FALSE, TRUE, sizeof (WmRiskNote));
  g_auto(GStrv) lines = NULL;

  g_array_set_clear_func (notes, (GDestroyNotify) NULL);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      char *line = lines[i];

      g_strchomp (line);
      if (g_regex_match (note_regex (), line, 0, &match))
        {
          g_autofree char *date_text = g_match_info_fetch (match, 1);
          g_autofree char *date = wm_date_normalize (date_text, error);
          WmRiskNote note = { 0 };

          if (date == NULL)
            return NULL;
          note.date = g_steal_pointer (&date);
          note.author = g_match_info_fetch (match, 2);
          if (note.author != NULL && *note.author == '\0')
            g_clear_pointer (&note.author, g_free);
          note.note = g_match_info_fetch (match, 3);
          g_array_append_val (notes, note);
        }
      else if (notes->len > 0)
        {
          WmRiskNote *last = &g_array_index (notes, WmRiskNote, notes->len - 1);
          char *joined = g_strconcat (last->note, "\n", line[0] == ' ' ? line + 1 : line, NULL);

          g_free (last->note);
          last->note = joined;
        }
      else if (*line != '\0')
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "“%s” does not start with a date: write each note as "
                       "“2024-01-31 (who): what happened”", line);
          return NULL;
        }
    }
  return g_steal_pointer (&notes);
}

static void
free_notes (GArray *notes)
{
  for (guint i = 0; notes && i < notes->len; i++)
    {
      WmRiskNote *note = &g_array_index (notes, WmRiskNote, i);

      g_free (note->id);
      g_free (note->date);
      g_free (note->author);
      g_free (note->note);
    }
  if (notes)
    g_array_unref (notes);
}

static gboolean
parse_history_score (WmRiskScheme *scheme,
                     const char   *text,
                     int          *likelihood,
                     int          *impact,
                     int          *score)
{
  g_autoptr(GRegex) product = g_regex_new ("^(\\d+) *[×xX*] *(\\d+)(?: *= *(\\d+))?$", 0, 0,
                                           NULL);
  g_autoptr(GMatchInfo) match = NULL;

  *likelihood = *impact = *score = 0;
  if (g_ascii_strcasecmp (text, "not scored") == 0 || g_str_equal (text, "-"))
    return TRUE;
  if (scheme->kind == WM_RISK_SCHEME_SEVERITY)
    {
      *score = wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_SEVERITY, text);
      return *score > 0;
    }
  if (g_regex_match (product, text, 0, &match))
    {
      g_autofree char *l = g_match_info_fetch (match, 1);
      g_autofree char *i = g_match_info_fetch (match, 2);

      *likelihood = atoi (l);
      *impact = atoi (i);
      *score = wm_risk_scheme_score (scheme, *likelihood, *impact);
      return *likelihood >= 1 && *likelihood <= wm_risk_scheme_n_levels (scheme,
                                                                         WM_RISK_AXIS_LIKELIHOOD)
             && *impact >= 1 && *impact <= wm_risk_scheme_n_levels (scheme, WM_RISK_AXIS_IMPACT);
    }
  {
    char *end = NULL;
    gint64 n = g_ascii_strtoll (text, &end, 10);

    *score = (int) n;
    return end != text && *end == '\0' && n >= 1 && n <= wm_risk_scheme_max_score (scheme);
  }
}

static GArray *
parse_history (WmRiskScheme *scheme,
               const char   *text,
               GError      **error)
{
  g_autoptr(GArray) history = g_array_new (FALSE, TRUE, sizeof (WmRiskHistoryEntry));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      char *line = g_strstrip (lines[i]);
      g_autofree char *date_text = NULL, *before = NULL, *after = NULL, *target = NULL;
      WmRiskHistoryEntry entry = { 0 };

      if (*line == '\0')
        continue;
      if (!g_regex_match (history_regex (), line, 0, &match))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "“%s” is not a score change: write each as “2024-01-31: 4×5=20 → 3×4=12, "
                       "target 6 (who)”", line);
          goto fail;
        }
      date_text = g_match_info_fetch (match, 1);
      before = g_match_info_fetch (match, 2);
      after = g_match_info_fetch (match, 3);
      target = g_match_info_fetch (match, 4);
      entry.date = wm_date_normalize (date_text, error);
      if (entry.date == NULL)
        goto fail;
      entry.author = g_match_info_fetch (match, 5);
      if (entry.author != NULL && *entry.author == '\0')
        g_clear_pointer (&entry.author, g_free);
      g_array_append_val (history, entry);
      if (!parse_history_score (scheme, before, &entry.likelihood_before, &entry.impact_before,
                                &entry.score_before)
          || !parse_history_score (scheme, after, &entry.likelihood_after, &entry.impact_after,
                                   &entry.score_after))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "“%s”: a score is outside the scheme", line);
          goto fail;
        }
      if (target != NULL && *target != '\0')
        {
          int l, im;

          if (!parse_history_score (scheme, target, &l, &im, &entry.target) || entry.target == 0)
            {
              g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           "“%s”: the target is outside the scheme", line);
              goto fail;
            }
        }
      g_array_index (history, WmRiskHistoryEntry, history->len - 1) = entry;
    }
  return g_steal_pointer (&history);

fail:
  for (guint i = 0; i < history->len; i++)
    {
      g_free (g_array_index (history, WmRiskHistoryEntry, i).date);
      g_free (g_array_index (history, WmRiskHistoryEntry, i).author);
    }
  return NULL;
}

static void
free_history (GArray *history)
{
  for (guint i = 0; history && i < history->len; i++)
    {
      g_free (g_array_index (history, WmRiskHistoryEntry, i).date);
      g_free (g_array_index (history, WmRiskHistoryEntry, i).author);
    }
  if (history)
    g_array_unref (history);
}

static gboolean
replace_children (WmStore    *store,
                  const char *table,
                  const char *risk_id,
                  GError    **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, table, "risk_id", risk_id, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!wm_store_delete (store, table, wm_record_get_id (rows->pdata[i]), error))
      return FALSE;
  return TRUE;
}

static char **
split_codes (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_regex_split_simple ("[;,\\n]", text, 0, 0);

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* Imports one row inside the import's transaction; a problem is added to
 * the report and the row's writes are undone. */
static void
import_row (Import             *import,
            WmStore            *store,
            WmRiskScheme       *scheme,
            guint               row,
            const char         *author,
            GHashTable         *seen_refs,
            WmRiskImportResult *result)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(WmRecord) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ref = g_strstrip (g_strdup (cell (import, row, "ref") ?: ""));
  g_autofree char *folded = g_utf8_casefold (ref, -1);
  GArray *notes = NULL;
  GArray *history = NULL;
  gboolean numbered = FALSE;
  const char *text;

  if (*ref == '\0')
    {
      add_error (import, row, "ref", NULL, "a risk needs a ref, such as RR8");
      return;
    }
  if (!g_hash_table_add (seen_refs, g_steal_pointer (&folded)))
    {
      add_error (import, row, "ref", ref, "this ref is on an earlier row too: refs must be unique");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (risk_fields); i++)
    if (column_of (import, risk_fields[i]) >= 0)
      g_hash_table_insert (values, (gpointer) risk_fields[i],
                           (gpointer) cell (import, row, risk_fields[i]));

  /* Numbered mitigation columns are the mitigations; the mitigation text
   * is then their summary, rebuilt from them. */
  for (guint n = 1; n <= import->n_mitigations && !numbered; n++)
    for (guint p = 0; p < G_N_ELEMENTS (mitigation_parts); p++)
      {
        g_autofree char *field = g_strdup_printf ("mitigation_%u%s", n, mitigation_parts[p]);
        const char *value = cell (import, row, field);

        numbered |= value != NULL && *value != '\0';
      }
  if (numbered)
    g_hash_table_remove (values, "mitigation");

  if ((text = cell (import, row, "progress_notes")) != NULL
      && (notes = parse_notes (text, &error)) == NULL)
    {
      add_error (import, row, "progress_notes", ref, error->message);
      return;
    }
  if ((text = cell (import, row, "score_history")) != NULL
      && (history = parse_history (scheme, text, &error)) == NULL)
    {
      add_error (import, row, "score_history", ref, error->message);
      free_notes (notes);
      return;
    }

  if (!wm_store_begin (store, &error))
    {
      add_error (import, row, NULL, ref, error->message);
      goto out;
    }

  existing = wm_store_find_risk (store, ref, NULL);
  g_hash_table_insert (values, "ref", ref);
  if (existing != NULL)
    {
      if (!wm_risk_validate (store, scheme, wm_record_get_id (existing), values, &bad, &error)
          || !wm_risk_update (store, wm_record_get_id (existing), values, author,
                              history ? WM_RISK_WRITE_NO_HISTORY : WM_RISK_WRITE_DEFAULT, NULL,
                              &error))
        goto row_error;
      id = g_strdup (wm_record_get_id (existing));
      result->updated++;
    }
  else
    {
      if (!wm_risk_validate (store, scheme, NULL, values, &bad, &error))
        goto row_error;
      id = wm_risk_create (store, values, author,
                           history ? WM_RISK_WRITE_NO_HISTORY : WM_RISK_WRITE_DEFAULT, NULL,
                           &error);
      if (id == NULL)
        goto row_error;
      result->created++;
    }

  if (numbered || (existing != NULL && import->n_mitigations > 0))
    {
      g_autoptr(GArray) mitigations = wm_risk_mitigations_new ();

      for (guint n = 1; n <= import->n_mitigations; n++)
        {
          g_autofree char *f_text = g_strdup_printf ("mitigation_%u", n);
          g_autofree char *f_owner = g_strdup_printf ("mitigation_%u_owner", n);
          g_autofree char *f_due = g_strdup_printf ("mitigation_%u_due", n);
          g_autofree char *f_action = g_strdup_printf ("mitigation_%u_action", n);
          WmRiskMitigation m = {
            .text = g_strdup (cell (import, row, f_text)),
            .owner = g_strdup (cell (import, row, f_owner)),
            .due_date = g_strdup (cell (import, row, f_due)),
            .action_code = g_strdup (cell (import, row, f_action)),
          };
          gboolean any = (m.text && *m.text) || (m.owner && *m.owner)
                         || (m.due_date && *m.due_date) || (m.action_code && *m.action_code);

          if (any)
            g_array_append_val (mitigations, m);
          else
            wm_risk_mitigation_clear (&m);
        }
      if (!wm_risk_set_mitigations (store, id, mitigations, &bad, &error))
        goto row_error;
      if (!numbered && g_hash_table_contains (values, "mitigation")
          && !wm_store_update (store, "risk", id, &error,
                               "mitigation", g_hash_table_lookup (values, "mitigation"), NULL))
        goto row_error;
    }

  if ((text = cell (import, row, "linked_actions")) != NULL)
    {
      g_auto(GStrv) codes = split_codes (text);

      if (!wm_risk_set_linked_actions (store, id, (const char *const *) codes, &error))
        {
          bad = g_strdup ("linked_actions");
          goto row_error;
        }
    }

  /* The file's notes and history are the risk's: written as they are,
   * without touching its progress or scores. */
  if (notes != NULL)
    {
      g_autofree char *now = wm_now_iso ();

      if (!replace_children (store, "risk_note", id, &error))
        goto row_error;
      for (guint i = 0; i < notes->len; i++)
        {
          const WmRiskNote *note = &g_array_index (notes, WmRiskNote, i);
          g_autofree char *note_id = wm_store_insert (store, "risk_note", &error,
                                                      "risk_id", id, "date", note->date,
                                                      "author", note->author, "note", note->note,
                                                      "created_at", now, NULL);
          if (note_id == NULL)
            goto row_error;
        }
    }
  if (history != NULL)
    {
      g_autoptr(WmRisk) risk = NULL;

      if (!replace_children (store, "risk_history", id, &error))
        goto row_error;
      for (guint i = 0; i < history->len; i++)
        if (!wm_risk_add_history (store, id, &g_array_index (history, WmRiskHistoryEntry, i),
                                  &error))
          goto row_error;
      /* Scores changed in the spreadsheet without a line of history get
       * one now, so the trend is still right. */
      risk = wm_risk_load (store, scheme, id, &error);
      if (risk == NULL)
        goto row_error;
      if (history->len > 0)
        {
          const WmRiskHistoryEntry *last = &g_array_index (history, WmRiskHistoryEntry,
                                                           history->len - 1);
          if (last->score_before != wm_risk_get_score (risk, WM_RISK_INHERENT)
              || last->score_after != wm_risk_get_score (risk, WM_RISK_RESIDUAL)
              || last->likelihood_before != wm_risk_get_likelihood (risk, WM_RISK_INHERENT)
              || last->likelihood_after != wm_risk_get_likelihood (risk, WM_RISK_RESIDUAL))
            if (!wm_risk_record_history (store, scheme, id, NULL, author, &error))
              goto row_error;
        }
      /* An empty history cell is a risk with no history: kept so. */
    }

  if (!wm_store_commit (store, &error))
    {
      add_error (import, row, NULL, ref, error->message);
      goto out;
    }
  goto out;

row_error:
  wm_store_rollback (store);
  if (bad != NULL && (g_str_has_prefix (bad, "mitigation_") || g_str_equal (bad, "linked_actions")))
    {
      /* "Mitigation 2, due date: …", "Linked actions: …": the column says it */
      const char *colon = strstr (error->message, ": ");
      add_error (import, row, bad, ref, colon ? colon + 2 : error->message);
    }
  else
    add_error (import, row, bad, ref, error->message);

out:
  free_notes (notes);
  free_history (history);
}

/**
 * wm_risk_import_csv:
 * @store: the plan's store
 * @table: the file, read by wm_csv_parse_file()
 * @maps: (nullable): "Header in the file=field" maps
 * @author: (nullable): who imports, for the history of changed scores
 * @result: (out): what was read and done
 * @error: return location for a #GError listing each bad row and column,
 *   one a line
 *
 * Returns: %TRUE when every row was imported; %FALSE and nothing changed
 *   otherwise
 */
gboolean
wm_risk_import_csv (WmStore            *store,
                    WmCsvTable         *table,
                    const char *const  *maps,
                    const char         *author,
                    WmRiskImportResult *result,
                    GError            **error)
{
  g_autoptr(WmRiskScheme) scheme = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree int *columns = NULL;
  g_autoptr(GString) errors = g_string_new (NULL);
  const char *const *header = wm_csv_table_get_header (table);
  const char *required[] = { "ref", NULL };
  Import import = { table, NULL, NULL, 0, errors, 0 };
  guint n_header = wm_csv_table_get_n_columns (table);

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  scheme = wm_risk_scheme_load (store, error);
  if (scheme == NULL)
    return FALSE;

  /* As many numbered mitigations as the file or the maps name */
  for (guint i = 0; i < n_header; i++)
    import.n_mitigations = MAX (import.n_mitigations, mitigation_number (header[i] ?: ""));
  for (guint m = 0; maps && maps[m]; m++)
    {
      const char *eq = strrchr (maps[m], '=');
      if (eq != NULL)
        import.n_mitigations = MAX (import.n_mitigations, mitigation_number (eq + 1));
    }

  for (guint i = 0; i < G_N_ELEMENTS (risk_fields); i++)
    g_ptr_array_add (fields, g_strdup (risk_fields[i]));
  for (guint i = 0; i < G_N_ELEMENTS (other_fields); i++)
    g_ptr_array_add (fields, g_strdup (other_fields[i]));
  for (guint i = 0; i < G_N_ELEMENTS (computed_fields); i++)
    g_ptr_array_add (fields, g_strdup (computed_fields[i]));
  for (guint n = 1; n <= import.n_mitigations; n++)
    for (guint p = 0; p < G_N_ELEMENTS (mitigation_parts); p++)
      g_ptr_array_add (fields, g_strdup_printf ("mitigation_%u%s", n, mitigation_parts[p]));
  g_ptr_array_add (fields, NULL);
  columns = g_new (int, fields->len);
  if (!wm_csv_table_map (table, (const char *const *) fields->pdata, required, maps, columns,
                         error))
    return FALSE;
  g_ptr_array_set_size (fields, fields->len - 1);
  import.fields = fields;
  import.columns = columns;

  if (!wm_store_begin (store, error))
    return FALSE;
  for (guint row = 0; row < wm_csv_table_get_n_rows (table); row++)
    {
      result->rows++;
      import_row (&import, store, scheme, row, author, seen_refs, result);
    }

  if (import.n_errors > 0)
    {
      wm_store_rollback (store);
      if (import.n_errors > WM_RISK_IMPORT_MAX_ERRORS)
        g_string_append_printf (errors, "\n… and %u more problems",
                                import.n_errors - WM_RISK_IMPORT_MAX_ERRORS);
      /* Callers add that nothing was imported, in their own words */
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, errors->str);
      result->created = result->updated = 0;
      return FALSE;
    }
  return wm_store_commit (store, error);
}
