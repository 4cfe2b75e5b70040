#define G_LOG_DOMAIN "wm-kpi"

#include "wm-kpi-import.h"
#include "wm-kpi-private.h"
#include "wm-csv.h"
#include "wm-error.h"

#include <math.h>
#include <string.h>

/* "values.csv, line 14, column “value”: “n/a” is not a number" */
static void
set_cell_error (GError     **error,
                WmCsvTable  *table,
                guint        row,
                int          column,
                const char  *message)
{
  const char *filename = wm_csv_table_get_filename (table);
  g_autofree char *name = filename ? g_filename_display_basename (filename)
                                   : g_strdup ("the CSV text");
  const char *const *header = wm_csv_table_get_header (table);
  const char *column_name = column >= 0 && (guint) column < wm_csv_table_get_n_columns (table)
                            ? header[column] : NULL;

  if (column_name != NULL)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                 "%s, line %u, column “%s”: %s", name, wm_csv_table_get_line (table, row),
                 column_name, message);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "%s, line %u: %s", name,
                 wm_csv_table_get_line (table, row), message);
}

static const char *
cell (WmCsvTable *table,
      guint       row,
      int         column)
{
  return column >= 0 ? wm_csv_table_get (table, row, column) : NULL;
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

/* The plan's KPIs by code, and what each accepts (built on first use). */
typedef struct
{
  WmStore    *store;
  GPtrArray  *kpis;
  GHashTable *infos;      /* casefolded code → WmKpiInfo */
} KpiIndex;

static void
kpi_index_clear (KpiIndex *index)
{
  g_clear_pointer (&index->kpis, g_ptr_array_unref);
  g_clear_pointer (&index->infos, g_hash_table_unref);
}

static gboolean
kpi_index_init (KpiIndex *index,
                WmStore  *store,
                GError  **error)
{
  index->store = store;
  index->kpis = wm_store_list (store, "kpi", NULL, NULL, error);
  index->infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) wm_kpi_info_free);
  return index->kpis != NULL;
}

static WmKpiInfo *
kpi_index_lookup (KpiIndex   *index,
                  const char *code,
                  GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (code ? code : ""));
  g_autofree char *key = g_utf8_casefold (trimmed, -1);
  WmKpiInfo *info = g_hash_table_lookup (index->infos, key);
  g_autoptr(GString) codes = NULL;

  if (info != NULL)
    return info;
  for (guint i = 0; i < index->kpis->len; i++)
    {
      WmRecord *kpi = index->kpis->pdata[i];
      g_autofree char *kpi_key = g_utf8_casefold (wm_record_get_nonnull (kpi, "code"), -1);

      if (!g_str_equal (kpi_key, key))
        continue;
      info = wm_kpi_info_new (index->store, kpi, error);
      if (info != NULL)
        g_hash_table_insert (index->infos, g_steal_pointer (&key), info);
      return info;
    }
  codes = g_string_new (NULL);
  for (guint i = 0; i < index->kpis->len && i < 12; i++)
    g_string_append_printf (codes, "%s%s", i ? ", " : "",
                            wm_record_get_nonnull (index->kpis->pdata[i], "code"));
  if (*trimmed == '\0')
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                 "the KPI's code is empty (the KPIs are %s)", codes->str);
  else if (index->kpis->len == 0)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                 "there is no KPI “%s”: the plan has no KPIs yet (add them with kpi add)",
                 trimmed);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                 "there is no KPI “%s” (the KPIs are %s%s)", trimmed, codes->str,
                 index->kpis->len > 12 ? " …" : "");
  return NULL;
}

typedef struct
{
  WmKpiInfo        *info;
  WmKpiParsedValue  value;
  const char       *series;     /* NULL for the KPI's own value */
  char             *note;
  char             *source;
} PendingRow;

static void
pending_row_clear (gpointer data)
{
  PendingRow *row = data;
  g_free (row->note);
  g_free (row->source);
}

/* Periods seen in this file: "kpi-id\nseries\nperiod" → the row's index */
static gboolean
check_duplicate (GHashTable     *seen,
                 WmCsvTable     *table,
                 guint           row,
                 int             column,
                 WmKpiInfo      *info,
                 const char     *series,
                 const WmPeriod *period,
                 GError        **error)
{
  g_autofree char *text = wm_period_to_string (period);
  g_autofree char *key = g_strdup_printf ("%s\n%s\n%s", info->id, series ? series : "", text);
  gpointer earlier;

  if (g_hash_table_lookup_extended (seen, key, NULL, &earlier))
    {
      g_autofree char *label = wm_period_label (period);
      g_autofree char *message = NULL;

      if (series)
        message = g_strdup_printf ("%s has %s for %s twice (lines %u and %u): keep one row",
                                   info->code, series, label,
                                   wm_csv_table_get_line (table, GPOINTER_TO_UINT (earlier)),
                                   wm_csv_table_get_line (table, row));
      else
        message = g_strdup_printf ("%s has a value for %s twice (lines %u and %u): keep one "
                                   "row", info->code, label,
                                   wm_csv_table_get_line (table, GPOINTER_TO_UINT (earlier)),
                                   wm_csv_table_get_line (table, row));
      set_cell_error (error, table, row, column, message);
      return FALSE;
    }
  g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (row));
  return TRUE;
}

/* Writes every checked row in one transaction: all or nothing. */
static gboolean
write_rows (WmStore           *store,
            GArray            *rows,
            WmKpiImportResult *result,
            GError           **error)
{
  WmKpiImportResult counts = { .rows = rows->len };

  if (!wm_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      PendingRow *row = &g_array_index (rows, PendingRow, i);
      gboolean added = FALSE;
      gboolean ok;

      if (row->series != NULL)
        ok = wm_kpi_write_benchmark (store, row->info, row->series, &row->value.period,
                                     row->value.value, row->source, &added, error);
      else
        ok = wm_kpi_write_value (store, row->info, &row->value, row->note, row->source, &added,
                                 error);
      if (!ok)
        {
          wm_store_rollback (store);
          return FALSE;
        }
      counts.added += added;
      counts.replaced += !added;
      counts.missing += isnan (row->value.value);
      counts.benchmarks += row->series != NULL;
    }
  if (!wm_store_commit (store, error))
    return FALSE;
  if (result)
    *result = counts;
  return TRUE;
}

static const char *const value_fields[] = {
  "kpi", "period", "value", "numerator", "denominator", "note", "source", NULL,
};
enum { V_KPI, V_PERIOD, V_VALUE, V_NUMERATOR, V_DENOMINATOR, V_NOTE, V_SOURCE, N_V };

/**
 * wm_kpi_import_values:
 * @store: the plan's store
 * @table: the CSV file, read
 * @maps: (nullable): "Header=field" maps for headers named otherwise
 * @result: (out) (optional): what was done
 * @error: names the file, line and column of the first row it cannot take
 *
 * Returns: %TRUE when every row was imported; %FALSE when none was
 */
gboolean
wm_kpi_import_values (WmStore            *store,
                      WmCsvTable         *table,
                      const char *const  *maps,
                      WmKpiImportResult  *result,
                      GError            **error)
{
  static const char *const required[] = { "kpi", "period", "value", NULL };
  int columns[N_V];
  KpiIndex index = { 0 };
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (PendingRow));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  g_array_set_clear_func (rows, pending_row_clear);
  if (!wm_csv_table_map (table, value_fields, required, maps, columns, error)
      || !kpi_index_init (&index, store, error))
    goto out;

  for (guint r = 0; r < wm_csv_table_get_n_rows (table); r++)
    {
      PendingRow row = { 0 };
      WmKpiField bad = WM_KPI_FIELD_VALUE;
      g_autoptr(GError) local = NULL;
      static const int column_of_field[] = {
        [WM_KPI_FIELD_PERIOD] = V_PERIOD,
        [WM_KPI_FIELD_VALUE] = V_VALUE,
        [WM_KPI_FIELD_NUMERATOR] = V_NUMERATOR,
        [WM_KPI_FIELD_DENOMINATOR] = V_DENOMINATOR,
      };

      if (row_is_blank (table, r))
        continue;
      row.info = kpi_index_lookup (&index, cell (table, r, columns[V_KPI]), &local);
      if (row.info == NULL)
        {
          set_cell_error (error, table, r, columns[V_KPI], local->message);
          goto out;
        }
      if (row.info->derived)
        {
          g_autofree char *message = g_strdup_printf ("%s is computed from the plan: its "
                                                      "values cannot be imported",
                                                      row.info->code);
          set_cell_error (error, table, r, columns[V_KPI], message);
          goto out;
        }
      if (!wm_kpi_parse_row (row.info, cell (table, r, columns[V_PERIOD]),
                             cell (table, r, columns[V_VALUE]),
                             cell (table, r, columns[V_NUMERATOR]),
                             cell (table, r, columns[V_DENOMINATOR]), &row.value, &bad, &local))
        {
          set_cell_error (error, table, r, columns[column_of_field[bad]], local->message);
          goto out;
        }
      if (!check_duplicate (seen, table, r, columns[V_PERIOD], row.info, NULL, &row.value.period,
                            error))
        goto out;
      row.note = g_strdup (cell (table, r, columns[V_NOTE]));
      row.source = g_strdup (cell (table, r, columns[V_SOURCE]));
      g_array_append_val (rows, row);
    }
  ok = write_rows (store, rows, result, error);

out:
  kpi_index_clear (&index);
  return ok;
}

static const char *const benchmark_fields[] = {
  "kpi", "series", "period", "value", "source", NULL,
};
enum { B_KPI, B_SERIES, B_PERIOD, B_VALUE, B_SOURCE, N_B };

gboolean
wm_kpi_import_benchmarks (WmStore            *store,
                          WmCsvTable         *table,
                          const char *const  *maps,
                          WmKpiImportResult  *result,
                          GError            **error)
{
  static const char *const required[] = { "kpi", "series", "period", "value", NULL };
  int columns[N_B];
  KpiIndex index = { 0 };
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (PendingRow));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStringChunk) names = g_string_chunk_new (256);
  gboolean ok = FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  g_array_set_clear_func (rows, pending_row_clear);
  if (!wm_csv_table_map (table, benchmark_fields, required, maps, columns, error)
      || !kpi_index_init (&index, store, error))
    goto out;

  for (guint r = 0; r < wm_csv_table_get_n_rows (table); r++)
    {
      PendingRow row = { 0 };
      g_autoptr(GError) local = NULL;
      g_autofree char *series = NULL;

      if (row_is_blank (table, r))
        continue;
      row.info = kpi_index_lookup (&index, cell (table, r, columns[B_KPI]), &local);
      if (row.info == NULL)
        {
          set_cell_error (error, table, r, columns[B_KPI], local->message);
          goto out;
        }
      series = g_strstrip (g_strdup (cell (table, r, columns[B_SERIES])));
      if (*series == '\0')
        {
          set_cell_error (error, table, r, columns[B_SERIES],
                          "the series is empty: name it (England, a region, an authority)");
          goto out;
        }
      row.series = g_string_chunk_insert_const (names, series);
      if (!wm_period_parse (cell (table, r, columns[B_PERIOD]), WM_FREQUENCY_INVALID,
                            &row.value.period, &local))
        {
          set_cell_error (error, table, r, columns[B_PERIOD], local->message);
          goto out;
        }
      if (!wm_kpi_parse_value (cell (table, r, columns[B_VALUE]), row.info->unit,
                               &row.value.value, &local))
        {
          set_cell_error (error, table, r, columns[B_VALUE], local->message);
          goto out;
        }
      if (!check_duplicate (seen, table, r, columns[B_PERIOD], row.info, row.series,
                            &row.value.period, error))
        goto out;
      row.source = g_strdup (cell (table, r, columns[B_SOURCE]));
      g_array_append_val (rows, row);
    }
  ok = write_rows (store, rows, result, error);

out:
  kpi_index_clear (&index);
  return ok;
}

/* ---------- the DfE's open data ---------- */

/* Explore Education Statistics symbols for a value that is not there
 * (the open data standard's "Symbols" guidance): never a zero. */
static const char *
dfe_missing_note (const char *text)
{
  static const struct
  {
    const char *symbol;
    const char *note;
  } symbols[] = {
    { "x", "x in the DfE file: not available" },
    { "z", "z in the DfE file: not applicable" },
    { "c", "c in the DfE file: suppressed to protect confidentiality" },
    { "u", "u in the DfE file: low reliability, not published" },
    { ":", ": in the DfE file: not available" },
    { "low", "low in the DfE file: rounds to zero but is not zero" },
    { "", "empty in the DfE file" },
  };
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (g_ascii_strcasecmp (trimmed, symbols[i].symbol) == 0)
      return symbols[i].note;
  return NULL;
}

typedef struct
{
  int time_period, time_identifier, level, country, region, la, breakdown;
  int measure, numerator, denominator;
} DfeColumns;

static int
require_column (WmCsvTable  *table,
                const char  *name,
                const char  *why,
                GError     **error)
{
  int column = wm_csv_table_find_column (table, name);

  if (column < 0)
    {
      const char *filename = wm_csv_table_get_filename (table);
      g_autofree char *display = filename ? g_filename_display_basename (filename)
                                          : g_strdup ("the CSV text");
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s: there is no column “%s”%s", display, name, why);
    }
  return column;
}

/* What the file measures: its columns after the geography and breakdown
 * ones, for a message naming the choices. */
static char *
measures_of (WmCsvTable *table)
{
  static const char *const not_measures[] = {
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "new_la_code", "old_la_code", "la_name", "breakdown_topic",
    "breakdown", NULL,
  };
  const char *const *header = wm_csv_table_get_header (table);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; header[i]; i++)
    if (!g_strv_contains (not_measures, header[i]))
      g_string_append_printf (list, "%s%s", list->len ? ", " : "", header[i]);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* The name of the area a row is about, by its level; NULL for levels we
 * do not compare with (constituencies, districts). */
static const char *
geography_of (WmCsvTable       *table,
              guint             row,
              const DfeColumns *c)
{
  const char *level = cell (table, row, c->level);

  if (level == NULL)
    return NULL;
  if (g_ascii_strcasecmp (level, "National") == 0)
    return cell (table, row, c->country);
  if (g_ascii_strcasecmp (level, "Regional") == 0)
    return cell (table, row, c->region);
  if (g_ascii_strcasecmp (level, "Local authority") == 0)
    return cell (table, row, c->la);
  return NULL;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  x = g_utf8_casefold (a, -1);
  y = g_utf8_casefold (b, -1);
  g_strstrip (x);
  g_strstrip (y);
  return g_str_equal (x, y);
}

static char *
names_at_level (WmCsvTable       *table,
                const DfeColumns *c,
                const char       *level,
                const char       *breakdown)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint r = 0; r < wm_csv_table_get_n_rows (table); r++)
    {
      const char *name = geography_of (table, r, c);
      gboolean seen = FALSE;

      if (name == NULL || !same_text (cell (table, r, c->level), level)
          || (c->breakdown >= 0 && !same_text (cell (table, r, c->breakdown), breakdown)))
        continue;
      for (guint i = 0; i < names->len; i++)
        seen |= g_str_equal (names->pdata[i], name);
      if (!seen)
        g_ptr_array_add (names, (gpointer) name);
    }
  for (guint i = 0; i < names->len && i < 15; i++)
    g_string_append_printf (list, "%s%s", i ? ", " : "", (char *) names->pdata[i]);
  if (names->len > 15)
    g_string_append_printf (list, " and %u more", names->len - 15);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/**
 * wm_kpi_import_dfe:
 * @store: the plan's store
 * @table: a DfE "Education, health and care plans" CSV file, read
 * @options: which measure, KPI, authority and benchmark geographies
 * @result: (out) (optional): what was done
 * @error: names the file, line and column of what cannot be taken
 *
 * The rows of @options->own (a local authority) become the KPI's values;
 * the rows of each of @options->geographies (England, a region, other
 * authorities; by default England and the authority's own region) become
 * benchmark series named as the file names them.  `time_period` with
 * `time_identifier` gives the period; only rows of the "All EHC plans"
 * breakdown are read unless @options->breakdown says otherwise.
 */
gboolean
wm_kpi_import_dfe (WmStore                *store,
                   WmCsvTable             *table,
                   const WmKpiDfeOptions  *options,
                   WmKpiImportResult      *result,
                   GError                **error)
{
  const char *breakdown = options->breakdown ? options->breakdown : "All EHC plans";
  const char *filename = wm_csv_table_get_filename (table);
  g_autofree char *display = filename ? g_filename_display_basename (filename)
                                      : g_strdup ("the CSV text");
  g_autofree char *source = NULL;
  g_autoptr(GPtrArray) geographies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (PendingRow));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStringChunk) names = g_string_chunk_new (256);
  g_autoptr(GError) local = NULL;
  KpiIndex index = { 0 };
  DfeColumns c;
  WmKpiInfo *info;
  gboolean own_found = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL && options != NULL, FALSE);
  g_return_val_if_fail (options->measure != NULL && options->kpi != NULL, FALSE);

  g_array_set_clear_func (rows, pending_row_clear);
  if ((c.time_period = require_column (table, "time_period",
                                       ": is this an Explore Education Statistics file?",
                                       error)) < 0
      || (c.time_identifier = require_column (table, "time_identifier", "", error)) < 0
      || (c.level = require_column (table, "geographic_level", "", error)) < 0)
    return FALSE;
  c.country = wm_csv_table_find_column (table, "country_name");
  c.region = wm_csv_table_find_column (table, "region_name");
  c.la = wm_csv_table_find_column (table, "la_name");
  c.breakdown = wm_csv_table_find_column (table, "breakdown");
  c.measure = wm_csv_table_find_column (table, options->measure);
  if (c.measure < 0)
    {
      g_autofree char *measures = measures_of (table);
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s: there is no measure column “%s” (the file's measures are %s)", display,
                   options->measure, measures);
      return FALSE;
    }
  c.numerator = -1;
  c.denominator = -1;
  if ((options->numerator
       && (c.numerator = require_column (table, options->numerator, " for the numerator",
                                         error)) < 0)
      || (options->denominator
          && (c.denominator = require_column (table, options->denominator,
                                              " for the denominator", error)) < 0))
    return FALSE;
  if (options->own != NULL && c.la < 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s: there is no column “la_name”, so no rows for “%s”", display,
                   options->own);
      return FALSE;
    }

  if (!kpi_index_init (&index, store, error))
    goto out;
  info = kpi_index_lookup (&index, options->kpi, &local);
  if (info == NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "--kpi: %s", local->message);
      goto out;
    }

  /* The benchmark geographies: as asked, or England and the authority's
   * own region. */
  if (options->geographies != NULL)
    for (guint i = 0; options->geographies[i]; i++)
      g_ptr_array_add (geographies, g_strstrip (g_strdup (options->geographies[i])));
  else
    {
      g_ptr_array_add (geographies, g_strdup ("England"));
      for (guint r = 0; options->own && r < wm_csv_table_get_n_rows (table); r++)
        if (same_text (cell (table, r, c.la), options->own) && c.region >= 0
            && *cell (table, r, c.region) != '\0')
          {
            g_ptr_array_add (geographies, g_strdup (cell (table, r, c.region)));
            break;
          }
    }

  source = g_strdup_printf ("DfE, Education, health and care plans (Explore Education "
                            "Statistics), %s, column %s", display, options->measure);

  for (guint r = 0; r < wm_csv_table_get_n_rows (table); r++)
    {
      const char *name = geography_of (table, r, &c);
      const char *level = cell (table, r, c.level);
      const char *text = cell (table, r, c.measure);
      const char *missing;
      gboolean own;
      const char *series = NULL;
      PendingRow row = { 0 };
      WmKpiField bad = WM_KPI_FIELD_VALUE;

      if (row_is_blank (table, r) || name == NULL)
        continue;
      if (c.breakdown >= 0 && !same_text (cell (table, r, c.breakdown), breakdown))
        continue;
      own = options->own != NULL && same_text (level, "Local authority")
            && same_text (name, options->own);
      for (guint g = 0; !own && g < geographies->len; g++)
        if (same_text (name, geographies->pdata[g]))
          series = geographies->pdata[g];
      if (!own && series == NULL)
        continue;
      /* The file's own spelling names the series ("East Midlands") */
      if (series != NULL)
        {
          g_hash_table_add (found, g_utf8_casefold (series, -1));
          series = g_string_chunk_insert_const (names, name);
        }
      own_found |= own;

      row.info = info;
      row.series = series;
      row.value = (WmKpiParsedValue) { .value = NAN, .numerator = NAN, .denominator = NAN };
      if (!wm_period_from_dfe (cell (table, r, c.time_period),
                               cell (table, r, c.time_identifier), &row.value.period, &local))
        {
          set_cell_error (error, table, r, c.time_period, local->message);
          goto out;
        }
      if (own && !wm_period_matches (&row.value.period, info->frequency))
        {
          g_autofree char *label = wm_period_label (&row.value.period);
          g_autofree char *message = g_strdup_printf (
            "%s is %s, but %s is %s: import it into an annual KPI, or leave out --own to "
            "import only the benchmarks", label, wm_period_kind_name (row.value.period.kind),
            info->code, wm_frequency_to_string (info->frequency));
          set_cell_error (error, table, r, c.time_identifier, message);
          goto out;
        }
      if (info->frequency == WM_FREQUENCY_BIMONTHLY && row.value.period.kind == WM_PERIOD_MONTH)
        row.value.period.span = 2;

      missing = dfe_missing_note (text);
      if (missing != NULL)
        row.note = g_strdup (missing);
      else if (!wm_kpi_parse_value (text, info->unit, &row.value.value, &local))
        {
          set_cell_error (error, table, r, c.measure, local->message);
          goto out;
        }
      if (own && !isnan (row.value.value))
        {
          if ((c.numerator >= 0 && dfe_missing_note (cell (table, r, c.numerator)) == NULL
               && !wm_kpi_parse_count (cell (table, r, c.numerator), &row.value.numerator,
                                       &local)))
            {
              set_cell_error (error, table, r, c.numerator, local->message);
              goto out;
            }
          if ((c.denominator >= 0 && dfe_missing_note (cell (table, r, c.denominator)) == NULL
               && !wm_kpi_parse_count (cell (table, r, c.denominator), &row.value.denominator,
                                       &local)))
            {
              set_cell_error (error, table, r, c.denominator, local->message);
              goto out;
            }
          if (!wm_kpi_check_row (info, &row.value, &bad, &local))
            {
              set_cell_error (error, table, r,
                              bad == WM_KPI_FIELD_NUMERATOR ? c.numerator
                              : bad == WM_KPI_FIELD_DENOMINATOR ? c.denominator
                              : bad == WM_KPI_FIELD_PERIOD ? c.time_period : c.measure,
                              local->message);
              goto out;
            }
        }
      if (!check_duplicate (seen, table, r, c.time_period, info, series, &row.value.period,
                            error))
        goto out;
      row.source = g_strdup (source);
      g_array_append_val (rows, row);
    }

  if (options->own != NULL && !own_found)
    {
      g_autofree char *las = names_at_level (table, &c, "Local authority", breakdown);
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s: no “%s” rows for local authority “%s” (the file's authorities are %s)",
                   display, breakdown, options->own, *las ? las : "none");
      goto out;
    }
  for (guint g = 0; g < geographies->len; g++)
    {
      g_autofree char *key = g_utf8_casefold (geographies->pdata[g], -1);

      if (!g_hash_table_contains (found, key))
        {
          g_autofree char *regions = names_at_level (table, &c, "Regional", breakdown);
          g_autofree char *countries = names_at_level (table, &c, "National", breakdown);
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "%s: no “%s” rows for “%s” (the file has %s%s%s, and local "
                       "authorities by name)", display, breakdown,
                       (char *) geographies->pdata[g], countries, *regions ? ", " : "",
                       regions);
          goto out;
        }
    }
  ok = write_rows (store, rows, result, error);

out:
  kpi_index_clear (&index);
  return ok;
}

/* ---------- export ---------- */

static char *
format_stored (WmRecord   *record,
               const char *column)
{
  double value = wm_record_get_double (record, column, NAN);
  return wm_kpi_format_double (value);
}

static int
compare_by_period (gconstpointer a,
                   gconstpointer b)
{
  WmRecord *x = *(WmRecord **) a;
  WmRecord *y = *(WmRecord **) b;
  WmPeriod px = { 0 }, py = { 0 };
  int by_series = g_strcmp0 (wm_record_has_column (x, "series") ? wm_record_get (x, "series")
                                                                 : NULL,
                             wm_record_has_column (y, "series") ? wm_record_get (y, "series")
                                                                 : NULL);

  if (by_series != 0)
    return by_series;
  wm_period_parse (wm_record_get (x, "period"), WM_FREQUENCY_INVALID, &px, NULL);
  wm_period_parse (wm_record_get (y, "period"), WM_FREQUENCY_INVALID, &py, NULL);
  return wm_period_compare (&px, &py);
}

static gboolean
export_table (WmStore     *store,
              const char  *table,
              GString     *out,
              GError     **error)
{
  static const char *const value_header[] = {
    "kpi", "period", "value", "numerator", "denominator", "note", "source", NULL,
  };
  static const char *const benchmark_header[] = {
    "kpi", "series", "period", "value", "source", NULL,
  };
  gboolean values = g_str_equal (table, "kpi_value");
  g_autoptr(GPtrArray) kpis = wm_store_list (store, "kpi", NULL, NULL, error);

  if (kpis == NULL)
    return FALSE;
  wm_csv_append_row (out, values ? value_header : benchmark_header, -1);
  for (guint k = 0; k < kpis->len; k++)
    {
      WmRecord *kpi = kpis->pdata[k];
      g_autoptr(GPtrArray) rows = wm_store_list (store, table, "kpi_id", wm_record_get_id (kpi),
                                                 error);
      if (rows == NULL)
        return FALSE;
      g_ptr_array_sort (rows, compare_by_period);
      for (guint i = 0; i < rows->len; i++)
        {
          WmRecord *row = rows->pdata[i];
          g_autofree char *value = format_stored (row, "value");

          if (values)
            {
              g_autofree char *numerator = format_stored (row, "numerator");
              g_autofree char *denominator = format_stored (row, "denominator");
              const char *cells[] = {
                wm_record_get (kpi, "code"), wm_record_get (row, "period"), value, numerator,
                denominator, wm_record_get (row, "note"), wm_record_get (row, "source"),
              };
              wm_csv_append_row (out, cells, G_N_ELEMENTS (cells));
            }
          else
            {
              const char *cells[] = {
                wm_record_get (kpi, "code"), wm_record_get (row, "series"),
                wm_record_get (row, "period"), value, wm_record_get (row, "source"),
              };
              wm_csv_append_row (out, cells, G_N_ELEMENTS (cells));
            }
        }
    }
  return TRUE;
}

/* Columns as import-csv kpi-values reads them: an export imports back
 * unchanged. */
gboolean
wm_kpi_export_values (WmStore  *store,
                      GString  *out,
                      GError  **error)
{
  return export_table (store, "kpi_value", out, error);
}

gboolean
wm_kpi_export_benchmarks (WmStore  *store,
                          GString  *out,
                          GError  **error)
{
  return export_table (store, "kpi_benchmark", out, error);
}
