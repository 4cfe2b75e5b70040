/* wm-xlsx-export.c: the plan as an Excel workbook
 *
 * Each sheet is written from the CSV export of the same data, read back
 * with the CSV reader: the workbook and the CSV files then cannot drift
 * apart as columns are added to either, and the formula defusing done
 * for CSV carries over.  What a workbook adds is typing and layout.
 */
#define G_LOG_DOMAIN "wm-xlsx"

#include "wm-xlsx-export.h"
#include "wm-audit-csv.h"
#include "wm-csv.h"
#include "wm-csv-reader.h"
#include "wm-error.h"
#include "wm-export.h"
#include "wm-kpi-import.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

/* Excel refuses longer cells; a progress note this long is cut, not lost
 * from the plan. */
#define MAX_CELL_CHARS 32767
#define MAX_COLUMN_WIDTH 60.0

static const struct
{
  const char *kind;
  const char *sheet;
} sheets[] = {
  { "actions", "Actions" },
  { "risks", "Risks" },
  { "audits", "Audits" },
  { "kpi-values", "KPI values" },
};

/* Columns whose cells are counts or measures: written as numbers when
 * they read as one.  Other columns keep numbers as text: an action code
 * "1.10" is not the number 1.1. */
static const char *const number_columns[] = {
  "likelihood_before", "impact_before", "likelihood_after", "impact_after", "target_score",
  "score_before", "score_after", "value", "numerator", "denominator", "overall_auditor",
  "overall_moderator", NULL,
};

const char *const *
wm_xlsx_export_sheet_kinds (void)
{
  static const char *const kinds[] = { "actions", "risks", "audits", "kpi-values", NULL };

  G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == G_N_ELEMENTS (sheets) + 1);
  return kinds;
}

const char *
wm_xlsx_export_sheet_name (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    if (g_strcmp0 (sheets[i].kind, kind) == 0)
      return sheets[i].sheet;
  return NULL;
}

/**
 * wm_xlsx_export_sheet_csv:
 * @store: the plan's store
 * @kind: "actions", "risks", "audits" or "kpi-values"
 * @out: the CSV is appended here
 * @error: return location for a #GError
 *
 * The CSV export of one sheet of the workbook: its header row and rows,
 * as wm_export_csv (), wm_audit_export_csv () and wm_kpi_export_values ()
 * write them.
 *
 * Returns: %TRUE on success
 */
gboolean
wm_xlsx_export_sheet_csv (WmStore     *store,
                          const char  *kind,
                          GString     *out,
                          GError     **error)
{
  gsize len;
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  len = out->len;
  if (g_str_equal (kind, "actions") || g_str_equal (kind, "risks"))
    return wm_export_csv (store, kind, out, error);
  if (g_str_equal (kind, "audits"))
    ok = wm_audit_export_csv (store, out, error);
  else if (g_str_equal (kind, "kpi-values"))
    ok = wm_kpi_export_values (store, out, error);
  else
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is not a sheet of the workbook: choose actions, risks, audits or "
                   "kpi-values.", kind);
      return FALSE;
    }
  if (!ok)
    g_string_truncate (out, len);
  return ok;
}

/* ---------- the workbook ---------- */

typedef struct
{
  lxw_workbook *workbook;
  lxw_format   *header;
  lxw_format   *text;
  lxw_format   *wrap;
  lxw_format   *date;
  lxw_format   *number;
  GHashTable   *rating_formats;   /* rating code (casefolded) → lxw_format */
  const char   *path;
} Book;

static gboolean
check (lxw_error   status,
       Book       *book,
       GError    **error)
{
  g_autofree char *display = NULL;

  if (status == LXW_NO_ERROR)
    return TRUE;
  display = g_filename_display_name (book->path);
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED, "Could not write “%s”: %s.",
               display, lxw_strerror (status));
  return FALSE;
}

static lxw_color_t
colour_value (const char *hex,
              gboolean   *ok)
{
  unsigned int rgb;

  *ok = hex != NULL && hex[0] == '#' && strlen (hex) == 7 && sscanf (hex + 1, "%6x", &rgb) == 1;
  return *ok ? (lxw_color_t) rgb : 0;
}

/* Black or white text, whichever reads on the fill (WCAG's relative
 * luminance, roughly): white on Red and Blue, black on Amber. */
static lxw_color_t
text_on (lxw_color_t fill)
{
  double r = ((fill >> 16) & 0xff) / 255.0;
  double g = ((fill >> 8) & 0xff) / 255.0;
  double b = (fill & 0xff) / 255.0;
  double luminance = 0.2126 * r * r + 0.7152 * g * g + 0.0722 * b * b;

  return luminance > 0.25 ? 0x000000 : 0xFFFFFF;
}

static gboolean
load_rating_formats (Book     *book,
                     WmStore  *store,
                     GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) ratings = wm_store_list_ratings (store, &local_error);

  /* A database without a plan has no scale: the cells stay plain. */
  if (ratings == NULL)
    return TRUE;
  for (guint i = 0; i < ratings->len; i++)
    {
      WmRecord *rating = ratings->pdata[i];
      gboolean ok;
      lxw_color_t fill = colour_value (wm_record_get (rating, "colour"), &ok);
      lxw_format *format;

      if (!ok)
        continue;
      format = workbook_add_format (book->workbook);
      format_set_pattern (format, LXW_PATTERN_SOLID);
      format_set_bg_color (format, fill);
      format_set_font_color (format, text_on (fill));
      format_set_bold (format);
      format_set_align (format, LXW_ALIGN_CENTER);
      format_set_align (format, LXW_ALIGN_VERTICAL_TOP);
      g_hash_table_insert (book->rating_formats,
                           g_utf8_casefold (wm_record_get_nonnull (rating, "code"), -1), format);
    }
  return TRUE;
}

static gboolean
is_iso_date (const char *cell,
             lxw_datetime *datetime)
{
  int y, m, d;

  if (strlen (cell) != 10 || cell[4] != '-' || cell[7] != '-'
      || sscanf (cell, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y) || y < 1900)
    return FALSE;
  memset (datetime, 0, sizeof *datetime);
  datetime->year = y;
  datetime->month = m;
  datetime->day = d;
  return TRUE;
}

static gboolean
is_number (const char *cell,
           double     *value)
{
  char *end = NULL;

  if (cell[0] == '\0' || g_ascii_isspace (cell[0]))
    return FALSE;
  *value = g_ascii_strtod (cell, &end);
  return end != NULL && *end == '\0';
}

/* The widest line of a cell, in characters: what a column needs. */
static double
cell_width (const char *cell)
{
  glong widest = 0;
  const char *line = cell;

  while (line != NULL)
    {
      const char *end = strchr (line, '\n');
      glong n = end ? g_utf8_strlen (line, end - line) : g_utf8_strlen (line, -1);

      widest = MAX (widest, n);
      line = end ? end + 1 : NULL;
    }
  return (double) widest;
}

static gboolean
write_sheet (Book        *book,
             WmStore     *store,
             const char  *kind,
             const char  *name,
             GError     **error)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(WmCsvTable) table = NULL;
  g_autofree double *widths = NULL;
  g_autofree gboolean *numeric = NULL;
  lxw_worksheet *sheet;
  const char *const *header;
  guint n_columns, n_rows;
  int rating_column;

  if (!wm_xlsx_export_sheet_csv (store, kind, csv, error))
    return FALSE;
  table = wm_csv_parse (csv->str, csv->len, NULL, error);
  if (table == NULL)
    return FALSE;

  sheet = workbook_add_worksheet (book->workbook, name);
  if (sheet == NULL)
    return check (LXW_ERROR_MEMORY_MALLOC_FAILED, book, error);
  header = wm_csv_table_get_header (table);
  n_columns = wm_csv_table_get_n_columns (table);
  n_rows = wm_csv_table_get_n_rows (table);
  widths = g_new0 (double, n_columns);
  numeric = g_new0 (gboolean, n_columns);
  rating_column = g_str_equal (kind, "actions") ? wm_csv_table_find_column (table, "rating") : -1;

  for (guint c = 0; c < n_columns; c++)
    {
      numeric[c] = g_strv_contains (number_columns, header[c]);
      widths[c] = cell_width (header[c]) + 2;
      if (!check (worksheet_write_string (sheet, 0, c, header[c], book->header), book, error))
        return FALSE;
    }

  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_columns; c++)
      {
        const char *cell = wm_csv_table_get (table, r, (int) c);
        g_autofree char *defused = NULL;
        g_autofree char *cut = NULL;
        lxw_datetime datetime;
        lxw_format *format;
        lxw_error status;
        double number;

        if (cell[0] == '\0')
          continue;
        widths[c] = MAX (widths[c], cell_width (cell) + 1);
        if (is_iso_date (cell, &datetime))
          {
            status = worksheet_write_datetime (sheet, r + 1, c, &datetime, book->date);
            widths[c] = MAX (widths[c], 11);
          }
        else if (numeric[c] && is_number (cell, &number))
          status = worksheet_write_number (sheet, r + 1, c, number, book->number);
        else
          {
            /* The CSV export has defused its cells already; a sheet whose
             * source did not is defused here by the same rule. */
            if (wm_csv_cell_needs_defusing (cell))
              cell = defused = g_strconcat ("'", cell, NULL);
            if (g_utf8_strlen (cell, -1) > MAX_CELL_CHARS)
              {
                cut = g_utf8_substring (cell, 0, MAX_CELL_CHARS - 1);
                cell = cut;
              }
            if ((int) c == rating_column)
              {
                g_autofree char *code = g_utf8_casefold (cell, -1);
                format = g_hash_table_lookup (book->rating_formats, code);
              }
            else
              format = NULL;
            if (format == NULL)
              format = strchr (cell, '\n') || cell_width (cell) > MAX_COLUMN_WIDTH ? book->wrap
                                                                                : book->text;
            status = worksheet_write_string (sheet, r + 1, c, cell, format);
          }
        if (!check (status, book, error))
          return FALSE;
      }

  for (guint c = 0; c < n_columns; c++)
    worksheet_set_column (sheet, c, c, MIN (widths[c], MAX_COLUMN_WIDTH), NULL);
  worksheet_freeze_panes (sheet, 1, 0);
  if (n_columns > 0)
    worksheet_autofilter (sheet, 0, 0, n_rows, n_columns - 1);
  return TRUE;
}

/**
 * wm_xlsx_export:
 * @store: the plan's store
 * @path: the .xlsx file to write; replaced only when the whole workbook
 *   was written
 * @error: return location for a #GError
 *
 * Writes the actions, risks, audits and KPI values as one workbook.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
wm_xlsx_export (WmStore     *store,
                const char  *path,
                GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(WmRecord) plan = NULL;
  lxw_doc_properties properties = { 0 };
  Book book = { 0 };
  lxw_error status;
  gboolean ok = TRUE;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Written beside the target and renamed over it, so that a failure
   * never leaves half a workbook where the last good one was. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  partial = g_strdup_printf ("%s%c.%s.%08x.part", dir, G_DIR_SEPARATOR, base,
                             g_random_int ());

  book.path = path;
  book.workbook = workbook_new (partial);
  if (book.workbook == NULL)
    return check (LXW_ERROR_CREATING_TMPFILE, &book, error);
  book.rating_formats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  plan = wm_store_get_plan (store, NULL);
  properties.title = plan ? (char *) wm_record_get (plan, "title") : NULL;
  properties.company = plan ? (char *) wm_record_get (plan, "area") : NULL;
  properties.comments = "Exported by Waymark";
  workbook_set_properties (book.workbook, &properties);

  book.header = workbook_add_format (book.workbook);
  format_set_bold (book.header);
  format_set_pattern (book.header, LXW_PATTERN_SOLID);
  format_set_bg_color (book.header, 0xDEDDDA);
  format_set_bottom (book.header, LXW_BORDER_THIN);
  book.text = workbook_add_format (book.workbook);
  format_set_align (book.text, LXW_ALIGN_VERTICAL_TOP);
  book.wrap = workbook_add_format (book.workbook);
  format_set_text_wrap (book.wrap);
  format_set_align (book.wrap, LXW_ALIGN_VERTICAL_TOP);
  book.date = workbook_add_format (book.workbook);
  format_set_num_format (book.date, "dd/mm/yyyy");
  format_set_align (book.date, LXW_ALIGN_VERTICAL_TOP);
  format_set_align (book.date, LXW_ALIGN_LEFT);
  book.number = workbook_add_format (book.workbook);
  format_set_align (book.number, LXW_ALIGN_VERTICAL_TOP);

  ok = load_rating_formats (&book, store, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (sheets); i++)
    ok = write_sheet (&book, store, sheets[i].kind, sheets[i].sheet, error);

  status = workbook_close (book.workbook);
  g_hash_table_unref (book.rating_formats);
  if (ok)
    ok = check (status, &book, error);
  /* 0600 like the database: the workbook names staff and services */
  if (ok && g_chmod (partial, 0600) != 0)
    ok = FALSE;
  if (ok && g_rename (partial, path) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED, "Could not write “%s”: %s.",
                   display, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      if (error != NULL && *error == NULL)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                       "Could not write “%s”: %s.", display, g_strerror (errno));
        }
      g_unlink (partial);
    }
  return ok;
}
