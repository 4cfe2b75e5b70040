#define G_LOG_DOMAIN "wm-audit"

#include "wm-audit-csv.h"
#include "wm-audit.h"
#include "wm-audit-private.h"
#include "wm-csv.h"
#include "wm-date.h"
#include "wm-error.h"

#include <string.h>

enum
{
  F_CASE_REF,
  F_AUDIT_TYPE,
  F_DATE,
  F_AUDITOR,
  F_MODERATOR,
  F_DOMAIN,
  F_AUDITOR_LEVEL,
  F_MODERATOR_LEVEL,
  F_COMMENT,
  F_MODERATOR_COMMENT,
  F_AGENCY,
  F_TEMPLATE,
  F_PLAN_ISSUE_DATE,
  F_MEETING_DATE,
  F_MEETING,
  F_LEARNING_POINTS,
  N_FIELDS
};

static const char *const fields[] = {
  "case_ref", "audit_type", "date", "auditor", "moderator", "domain", "auditor_level",
  "moderator_level", "comment", "moderator_comment", "agency", "template", "plan_issue_date",
  "meeting_date", "meeting", "learning_points", NULL,
};

static const char *const required[] = {
  "case_ref", "audit_type", "date", "domain", "auditor_level", NULL,
};

/* The fields that describe the audit rather than one domain: every row of
 * an audit must agree on them (or leave them empty). */
static const int audit_fields[] = {
  F_AUDITOR, F_MODERATOR, F_AGENCY, F_TEMPLATE, F_PLAN_ISSUE_DATE, F_MEETING_DATE, F_MEETING,
  F_LEARNING_POINTS,
};

typedef struct
{
  guint  row;
  char  *domain_id;        /* NULL: the overall judgement */
  char  *domain_label;
  int    auditor_level;    /* WM_AUDIT_UNSCORED: not given */
  int    moderator_level;
  char  *comment;          /* NULL: not given */
  char  *moderator_comment;
} Cell;

typedef struct
{
  char            *case_ref;
  const char      *type;
  char            *date;
  guint            first_row;
  char            *values[N_FIELDS];
  guint            value_rows[N_FIELDS];
  WmAuditTemplate *tmpl;
  WmAudit         *existing;
  GPtrArray       *cells;
  GHashTable      *cell_by_domain;   /* domain id or "" → Cell */
} Pending;

typedef struct
{
  WmCsvTable *table;
  int         columns[N_FIELDS];
} Reader;

static void
cell_free (gpointer data)
{
  Cell *c = data;

  g_free (c->domain_id);
  g_free (c->domain_label);
  g_free (c->comment);
  g_free (c->moderator_comment);
  g_free (c);
}

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_free (p->case_ref);
  g_free (p->date);
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (p->values[i]);
  g_clear_pointer (&p->tmpl, wm_audit_template_unref);
  g_clear_pointer (&p->existing, wm_audit_unref);
  g_ptr_array_unref (p->cells);
  g_hash_table_unref (p->cell_by_domain);
  g_free (p);
}

/* "audits.csv, line 14, column “auditor_level”: …" */
static void
cell_error (GError     **error,
            Reader      *reader,
            guint        row,
            int          field,
            const char  *format,
            ...) G_GNUC_PRINTF (5, 6);

static void
cell_error (GError     **error,
            Reader      *reader,
            guint        row,
            int          field,
            const char  *format,
            ...)
{
  const char *filename = wm_csv_table_get_filename (reader->table);
  g_autofree char *name = filename ? g_filename_display_basename (filename)
                                   : g_strdup ("the CSV text");
  const char *const *header = wm_csv_table_get_header (reader->table);
  int column = field >= 0 ? reader->columns[field] : -1;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (column >= 0 && (guint) column < wm_csv_table_get_n_columns (reader->table))
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "%s, line %u, column “%s”: %s",
                 name, wm_csv_table_get_line (reader->table, row), header[column], message);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "%s, line %u: %s", name,
                 wm_csv_table_get_line (reader->table, row), message);
}

/* The cell's text, trimmed; NULL when empty.  An apostrophe that our own
 * export put before = + - @ to keep a spreadsheet from running the cell is
 * taken off again. */
static char *
read_cell (Reader *reader,
           guint   row,
           int     field)
{
  int column = reader->columns[field];
  const char *text = column >= 0 ? wm_csv_table_get (reader->table, row, column) : NULL;
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\'' && strchr ("=+-@", copy[1]) != NULL && copy[1] != '\0')
    memmove (copy, copy + 1, strlen (copy));
  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static gboolean
row_is_blank (WmCsvTable *table,
              guint       row)
{
  for (guint c = 0; c < wm_csv_table_get_n_columns (table); c++)
    {
      const char *text = wm_csv_table_get (table, row, c);
      for (; text && *text; text++)
        if (!g_ascii_isspace (*text))
          return FALSE;
    }
  return TRUE;
}

static gboolean
is_overall (const char *domain)
{
  g_autofree char *lower = g_utf8_casefold (domain, -1);

  return g_str_equal (lower, "overall") || g_str_equal (lower, "overall judgement")
         || g_str_equal (lower, "overall judgment");
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *x = g_utf8_casefold (a, -1);
  g_autofree char *y = g_utf8_casefold (b, -1);

  return g_str_equal (x, y);
}

static char *
describe_audit (const Pending *p)
{
  return g_strdup_printf ("%s, %s, %s", p->case_ref, wm_audit_type_label (p->type), p->date);
}

/* Reads a level cell against the audit's template. */
static gboolean
parse_level (Reader           *reader,
             guint             row,
             int               field,
             const Pending    *p,
             const char       *label,
             gboolean          overall,
             int              *out,
             GError          **error)
{
  g_autofree char *text = read_cell (reader, row, field);
  const WmAuditLevel *level;

  *out = WM_AUDIT_UNSCORED;
  if (text == NULL)
    return TRUE;
  level = wm_audit_template_parse_level (p->tmpl, text);
  if (level == NULL)
    {
      g_autofree char *scale = wm_audit_template_describe_scale (p->tmpl);
      cell_error (error, reader, row, field, "“%s” is not a level of template “%s” (%s)", text,
                  p->tmpl->name, scale);
      return FALSE;
    }
  if (overall && level->is_na)
    {
      cell_error (error, reader, row, field, "the overall judgement needs a level, not N/A");
      return FALSE;
    }
  *out = level->value;
  (void) label;
  return TRUE;
}

static gboolean
resolve_template (WmStore   *store,
                  Reader    *reader,
                  Pending   *p,
                  GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *kind = NULL;

  if (p->existing != NULL)
    {
      p->tmpl = wm_audit_load_template (store, p->existing->template_id, error);
      return p->tmpl != NULL;
    }
  if (p->values[F_TEMPLATE] != NULL)
    {
      p->tmpl = wm_audit_current_template (store, p->values[F_TEMPLATE], &local_error);
      if (p->tmpl == NULL)
        {
          cell_error (error, reader, p->value_rows[F_TEMPLATE], F_TEMPLATE, "%s",
                      local_error->message);
          return FALSE;
        }
      return TRUE;
    }
  kind = wm_audit_default_template_kind (p->type, p->values[F_AGENCY]);
  if (kind == NULL)
    {
      cell_error (error, reader, p->first_row,
                  p->values[F_AGENCY] ? F_AGENCY : F_AUDIT_TYPE,
                  "say which statutory advice this is: give a template column (“Health "
                  "advice”) or an agency of education, educational psychology, health or "
                  "social care");
      return FALSE;
    }
  p->tmpl = wm_audit_current_template (store, kind, error);
  return p->tmpl != NULL;
}

/* Pass one: every row read, grouped into audits and checked; nothing
 * written. */
static GPtrArray *
read_audits (WmStore  *store,
             Reader   *reader,
             GError  **error)
{
  g_autoptr(GPtrArray) audits = g_ptr_array_new_with_free_func (pending_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rows = wm_csv_table_get_n_rows (reader->table);

  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *case_ref = NULL;
      g_autofree char *type_text = NULL;
      g_autofree char *date_text = NULL;
      g_autofree char *date = NULL;
      g_autofree char *key = NULL;
      g_autofree char *folded = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *type;
      Pending *p;

      if (row_is_blank (reader->table, row))
        continue;
      case_ref = read_cell (reader, row, F_CASE_REF);
      if (!wm_audit_check_case_ref (case_ref, &local_error))
        {
          cell_error (error, reader, row, F_CASE_REF, "%s", local_error->message);
          return NULL;
        }
      type_text = read_cell (reader, row, F_AUDIT_TYPE);
      type = wm_audit_type_parse (type_text);
      if (type == NULL)
        {
          cell_error (error, reader, row, F_AUDIT_TYPE,
                      "“%s” is not an audit type: write new plan, amended plan, advice or warm",
                      type_text ? type_text : "");
          return NULL;
        }
      date_text = read_cell (reader, row, F_DATE);
      if (date_text == NULL)
        {
          cell_error (error, reader, row, F_DATE, "the date audited is empty");
          return NULL;
        }
      date = wm_date_normalize (date_text, &local_error);
      if (date == NULL)
        {
          cell_error (error, reader, row, F_DATE, "%s", local_error->message);
          return NULL;
        }

      folded = g_utf8_casefold (case_ref, -1);
      key = g_strdup_printf ("%s\x1f%s\x1f%s", folded, type, date);
      p = g_hash_table_lookup (by_key, key);
      if (p == NULL)
        {
          p = g_new0 (Pending, 1);
          p->case_ref = g_steal_pointer (&case_ref);
          p->type = type;
          p->date = g_steal_pointer (&date);
          p->first_row = row;
          p->cells = g_ptr_array_new_with_free_func (cell_free);
          p->cell_by_domain = g_hash_table_new (g_str_hash, g_str_equal);
          g_ptr_array_add (audits, p);
          g_hash_table_insert (by_key, g_steal_pointer (&key), p);
        }

      for (guint f = 0; f < G_N_ELEMENTS (audit_fields); f++)
        {
          int field = audit_fields[f];
          g_autofree char *value = read_cell (reader, row, field);

          if (value == NULL)
            continue;
          if (field == F_PLAN_ISSUE_DATE || field == F_MEETING_DATE)
            {
              char *iso = wm_date_normalize (value, &local_error);
              if (iso == NULL)
                {
                  cell_error (error, reader, row, field, "%s", local_error->message);
                  return NULL;
                }
              g_free (value);
              value = iso;
            }
          if (p->values[field] == NULL)
            {
              p->values[field] = g_steal_pointer (&value);
              p->value_rows[field] = row;
            }
          else if (!same_text (p->values[field], value))
            {
              g_autofree char *which = describe_audit (p);
              cell_error (error, reader, row, field,
                          "“%s” differs from “%s” on line %u, for the same audit (%s)", value,
                          p->values[field],
                          wm_csv_table_get_line (reader->table, p->value_rows[field]), which);
              return NULL;
            }
        }
    }

  /* Pass one and a half: each audit's template, then its rows against it. */
  for (guint a = 0; a < audits->len; a++)
    {
      Pending *p = audits->pdata[a];
      g_autoptr(GError) local_error = NULL;

      p->existing = wm_audit_find (store, p->case_ref, p->type, p->date, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!resolve_template (store, reader, p, error))
        return NULL;
    }

  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *case_ref = NULL;
      g_autofree char *date = NULL;
      g_autofree char *domain_text = NULL;
      g_autofree char *key = NULL;
      g_autofree char *folded = NULL;
      g_autofree char *type_text = NULL;
      g_autofree char *date_text = NULL;
      const WmAuditDomain *domain = NULL;
      Cell *cell, *earlier;
      Pending *p;
      gboolean overall;

      if (row_is_blank (reader->table, row))
        continue;
      case_ref = read_cell (reader, row, F_CASE_REF);
      type_text = read_cell (reader, row, F_AUDIT_TYPE);
      date_text = read_cell (reader, row, F_DATE);
      date = wm_date_normalize (date_text, NULL);
      folded = g_utf8_casefold (case_ref, -1);
      key = g_strdup_printf ("%s\x1f%s\x1f%s", folded, wm_audit_type_parse (type_text), date);
      p = g_hash_table_lookup (by_key, key);
      g_assert (p != NULL);

      domain_text = read_cell (reader, row, F_DOMAIN);
      if (domain_text == NULL)
        {
          cell_error (error, reader, row, F_DOMAIN,
                      "the domain is empty: give a domain of template “%s” or Overall",
                      p->tmpl->name);
          return NULL;
        }
      overall = is_overall (domain_text);
      if (!overall)
        {
          domain = wm_audit_template_find_domain (p->tmpl, domain_text);
          if (domain == NULL)
            {
              g_autoptr(GString) codes = g_string_new (NULL);
              for (guint d = 0; d < p->tmpl->domains->len; d++)
                g_string_append_printf (codes, "%s%s", d ? ", " : "",
                                        g_array_index (p->tmpl->domains, WmAuditDomain, d).code);
              cell_error (error, reader, row, F_DOMAIN,
                          "template “%s” has no domain “%s” (its domains are %s, and Overall)",
                          p->tmpl->name, domain_text, codes->str);
              return NULL;
            }
        }

      cell = g_new0 (Cell, 1);
      cell->row = row;
      cell->domain_id = domain ? g_strdup (domain->id) : NULL;
      cell->domain_label = domain ? wm_audit_domain_label (domain) : g_strdup ("Overall judgement");
      earlier = g_hash_table_lookup (p->cell_by_domain, domain ? domain->id : "");
      if (earlier != NULL)
        {
          g_autofree char *which = describe_audit (p);
          cell_error (error, reader, row, F_DOMAIN, "%s is given twice for the same audit (%s): "
                      "also on line %u", cell->domain_label, which,
                      wm_csv_table_get_line (reader->table, earlier->row));
          cell_free (cell);
          return NULL;
        }
      g_ptr_array_add (p->cells, cell);
      g_hash_table_insert (p->cell_by_domain, cell->domain_id ? cell->domain_id : "", cell);

      if (!parse_level (reader, row, F_AUDITOR_LEVEL, p, cell->domain_label, overall,
                        &cell->auditor_level, error)
          || !parse_level (reader, row, F_MODERATOR_LEVEL, p, cell->domain_label, overall,
                           &cell->moderator_level, error))
        return NULL;
      if (cell->moderator_level != WM_AUDIT_UNSCORED && cell->auditor_level == WM_AUDIT_UNSCORED)
        {
          int held = WM_AUDIT_UNSCORED;

          if (p->existing != NULL && domain == NULL)
            held = p->existing->overall_auditor;
          else if (p->existing != NULL)
            {
              const WmAuditScore *s = wm_audit_get_score (p->existing, domain->id);
              held = s ? s->auditor_level : WM_AUDIT_UNSCORED;
            }
          if (held == WM_AUDIT_UNSCORED)
            {
              cell_error (error, reader, row, F_MODERATOR_LEVEL,
                          "%s has a moderator's level but no auditor's level: the auditor "
                          "scores first", cell->domain_label);
              return NULL;
            }
        }
      cell->comment = read_cell (reader, row, F_COMMENT);
      cell->moderator_comment = read_cell (reader, row, F_MODERATOR_COMMENT);
      if (overall && (cell->comment || cell->moderator_comment))
        {
          /* the overall judgement's words are the learning points */
          cell_error (error, reader, row, cell->comment ? F_COMMENT : F_MODERATOR_COMMENT,
                      "the overall judgement takes no comment: put it in learning_points");
          return NULL;
        }
    }
  return g_steal_pointer (&audits);
}

static char *
level_text (int level)
{
  return level == WM_AUDIT_UNSCORED ? NULL : g_strdup_printf ("%d", level);
}

/* Pass two: the writes, in the caller's transaction. */
static gboolean
write_audit (WmStore              *store,
             Pending              *p,
             GHashTable           *meetings,
             WmAuditImportResult  *result,
             GError              **error)
{
  g_autofree char *created = NULL;
  const char *audit_id;
  const char *meeting_id = NULL;

  if (p->values[F_MEETING_DATE] != NULL)
    {
      meeting_id = g_hash_table_lookup (meetings, p->values[F_MEETING_DATE]);
      if (meeting_id == NULL)
        {
          g_autoptr(WmRecord) meeting = wm_audit_find_meeting (store, p->values[F_MEETING_DATE], NULL);
          char *id = meeting ? g_strdup (wm_record_get_id (meeting))
                             : wm_audit_create_meeting (store, p->values[F_MEETING_DATE],
                                                        p->values[F_MEETING], NULL, error);
          if (id == NULL)
            return FALSE;
          if (meeting == NULL)
            result->meetings++;
          g_hash_table_insert (meetings, g_strdup (p->values[F_MEETING_DATE]), id);
          meeting_id = id;
        }
    }

  if (p->existing == NULL)
    {
      WmAuditFields f = {
        .case_ref = p->case_ref, .audit_type = p->type, .template_id = p->tmpl->id,
        .meeting_id = meeting_id, .plan_issue_date = p->values[F_PLAN_ISSUE_DATE],
        .audit_date = p->date, .auditor = p->values[F_AUDITOR],
        .moderator = p->values[F_MODERATOR], .agency = p->values[F_AGENCY],
        .learning_points = p->values[F_LEARNING_POINTS],
      };
      created = wm_audit_create (store, &f, error);
      if (created == NULL)
        return FALSE;
      audit_id = created;
      result->created++;
    }
  else
    {
      static const struct { int field; const char *column; } updates[] = {
        { F_AUDITOR, "auditor" }, { F_MODERATOR, "moderator" }, { F_AGENCY, "agency" },
        { F_PLAN_ISSUE_DATE, "plan_issue_date" }, { F_LEARNING_POINTS, "learning_points" },
      };

      audit_id = p->existing->id;
      for (guint i = 0; i < G_N_ELEMENTS (updates); i++)
        if (p->values[updates[i].field] != NULL
            && !wm_store_update (store, "audit", audit_id, error, updates[i].column,
                                 p->values[updates[i].field], NULL))
          return FALSE;
      if (meeting_id != NULL
          && !wm_store_update (store, "audit", audit_id, error, "meeting_id", meeting_id, NULL))
        return FALSE;
      result->updated++;
    }

  for (guint i = 0; i < p->cells->len; i++)
    {
      Cell *c = p->cells->pdata[i];
      g_autofree char *a = level_text (c->auditor_level);
      g_autofree char *m = level_text (c->moderator_level);

      if (c->domain_id == NULL)
        {
          if ((a && !wm_store_update (store, "audit", audit_id, error, "overall_auditor", a, NULL))
              || (m && !wm_store_update (store, "audit", audit_id, error, "overall_moderator", m, NULL)))
            return FALSE;
        }
      else if ((a && !wm_audit_write_score_cell (store, audit_id, c->domain_id, "auditor_level", a, error))
               || (m && !wm_audit_write_score_cell (store, audit_id, c->domain_id, "moderator_level", m, error))
               || (c->comment && !wm_audit_write_score_cell (store, audit_id, c->domain_id,
                                                              "auditor_comment", c->comment, error))
               || (c->moderator_comment
                   && !wm_audit_write_score_cell (store, audit_id, c->domain_id,
                                                  "moderator_comment", c->moderator_comment, error)))
        return FALSE;
      result->levels += (a != NULL) + (m != NULL);
    }
  return TRUE;
}

gboolean
wm_audit_import_csv (WmStore              *store,
                     WmCsvTable           *table,
                     const char *const    *maps,
                     WmAuditImportResult  *result,
                     GError              **error)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GHashTable) meetings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  WmAuditImportResult counts = { 0 };
  Reader reader = { table, { 0 } };

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  if (!wm_csv_table_map (table, fields, required, maps, reader.columns, error))
    return FALSE;

  /* The default templates may be written here: inside the transaction,
   * so that a refused file leaves the plan exactly as it was. */
  if (!wm_store_begin (store, error))
    return FALSE;
  if (!wm_audit_ensure_default_templates (store, error)
      || (audits = read_audits (store, &reader, error)) == NULL)
    goto fail;
  for (guint row = 0; row < wm_csv_table_get_n_rows (table); row++)
    if (!row_is_blank (table, row))
      counts.rows++;
  for (guint a = 0; a < audits->len; a++)
    if (!write_audit (store, audits->pdata[a], meetings, &counts, error))
      goto fail;
  if (!wm_store_commit (store, error))
    goto fail;
  if (result)
    *result = counts;
  return TRUE;

fail:
  wm_store_rollback (store);
  return FALSE;
}

/* ---------- export ---------- */

static char *
export_level (const WmAuditTemplate *tmpl,
              int                    level)
{
  if (level == WM_AUDIT_UNSCORED)
    return NULL;
  if (tmpl && wm_audit_template_is_na (tmpl, level))
    return g_strdup ("N/A");
  return g_strdup_printf ("%d", level);
}

/**
 * wm_audit_export_csv:
 *
 * Appends a header and one row per audit and domain scored or commented
 * (domains in the template's order, then Overall), audits by date.  An
 * audit with nothing scored yet gets one Overall row, so that it imports
 * back.
 */
gboolean
wm_audit_export_csv (WmStore  *store,
                     GString  *out,
                     GError  **error)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GHashTable) templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) wm_audit_template_unref);
  g_autoptr(GHashTable) meetings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) meeting_rows = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  audits = wm_audit_list (store, NULL, error);
  if (audits == NULL)
    return FALSE;
  meeting_rows = wm_audit_list_meetings (store, error);
  if (meeting_rows == NULL)
    return FALSE;
  for (guint i = 0; i < meeting_rows->len; i++)
    g_hash_table_insert (meetings, g_strdup (wm_record_get_id (meeting_rows->pdata[i])),
                         g_strdup (wm_record_get (meeting_rows->pdata[i], "title")));

  wm_csv_append_row (out, fields, N_FIELDS);
  for (guint a = 0; a < audits->len; a++)
    {
      WmAudit *audit = audits->pdata[a];
      WmAuditTemplate *tmpl = g_hash_table_lookup (templates, audit->template_id ? audit->template_id : "");
      const char *meeting_title = audit->meeting_id ? g_hash_table_lookup (meetings, audit->meeting_id) : NULL;
      guint rows = 0;

      if (tmpl == NULL && audit->template_id != NULL)
        {
          tmpl = wm_audit_load_template (store, audit->template_id, NULL);
          if (tmpl != NULL)
            g_hash_table_insert (templates, g_strdup (audit->template_id), tmpl);
        }
      if (tmpl == NULL)
        continue;   /* its template was deleted on another laptop */

      for (guint d = 0; d <= tmpl->domains->len; d++)
        {
          const WmAuditDomain *domain = d < tmpl->domains->len
                                        ? &g_array_index (tmpl->domains, WmAuditDomain, d) : NULL;
          const WmAuditScore *score = domain ? wm_audit_get_score (audit, domain->id) : NULL;
          int auditor = domain ? (score ? score->auditor_level : WM_AUDIT_UNSCORED)
                               : audit->overall_auditor;
          int moderator = domain ? (score ? score->moderator_level : WM_AUDIT_UNSCORED)
                                 : audit->overall_moderator;
          g_autofree char *a_text = export_level (tmpl, auditor);
          g_autofree char *m_text = export_level (tmpl, moderator);
          const char *comment = score ? score->auditor_comment : NULL;
          const char *m_comment = score ? score->moderator_comment : NULL;
          const char *row[N_FIELDS];

          if (a_text == NULL && m_text == NULL && comment == NULL && m_comment == NULL
              && !(domain == NULL && rows == 0))
            continue;
          row[F_CASE_REF] = audit->case_ref;
          row[F_AUDIT_TYPE] = audit->audit_type;
          row[F_DATE] = audit->audit_date ? audit->audit_date : audit->meeting_date;
          row[F_AUDITOR] = audit->auditor;
          row[F_MODERATOR] = audit->moderator;
          row[F_DOMAIN] = domain ? domain->code : "Overall";
          row[F_AUDITOR_LEVEL] = a_text;
          row[F_MODERATOR_LEVEL] = m_text;
          row[F_COMMENT] = comment;
          row[F_MODERATOR_COMMENT] = m_comment;
          row[F_AGENCY] = audit->agency;
          row[F_TEMPLATE] = tmpl->name;
          row[F_PLAN_ISSUE_DATE] = audit->plan_issue_date;
          row[F_MEETING_DATE] = audit->meeting_id ? audit->meeting_date : NULL;
          row[F_MEETING] = meeting_title;
          row[F_LEARNING_POINTS] = audit->learning_points;
          wm_csv_append_row (out, row, N_FIELDS);
          rows++;
        }
    }
  return TRUE;
}
