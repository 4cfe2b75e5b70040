/* wm-csv.h: writing CSV that Excel and LibreOffice open as people expect
 *
 * RFC 4180 quoting, UTF-8, CRLF between rows.  Cells that a spreadsheet
 * would run as a formula are defused (see wm_csv_format_cell ()), because
 * exported plans carry text typed by many people and are opened by others.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The UTF-8 byte-order mark: without it Excel reads a CSV file as
 * Windows-1252 and turns “—” into â€”.  Written by callers that make a file
 * for a person to open, not by those that pipe data to other programs. */
#define WM_CSV_BOM "\xEF\xBB\xBF"

char     *wm_csv_format_cell  (const char          *cell);
gboolean  wm_csv_cell_needs_defusing (const char   *cell);
void      wm_csv_append_row   (GString             *out,
                               const char *const   *cells,
                               int                  n_cells);
gboolean  wm_csv_write_row    (GOutputStream       *stream,
                               const char *const   *cells,
                               int                  n_cells,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
