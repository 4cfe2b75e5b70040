/* wm-csv-reader.h: reading the CSV files people actually have
 *
 * Plans, registers and KPI series arrive as CSV saved from Excel on many
 * laptops: with or without a byte-order mark, comma or semicolon or tab
 * separated, CRLF line ends, cells over several lines, and sometimes
 * Windows-1252 text from an old Excel.  All of that is read; what cannot
 * be read gets an error naming the file and line.  Importers then map the
 * header to their fields (matched case-insensitively, or by --map).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WmCsvTable WmCsvTable;

WmCsvTable        *wm_csv_parse               (const char   *data,
                                               gssize        length,
                                               const char   *filename,
                                               GError      **error);
WmCsvTable        *wm_csv_parse_file          (const char   *path,
                                               GError      **error);
void               wm_csv_table_free          (WmCsvTable   *table);
const char        *wm_csv_table_get_filename  (WmCsvTable   *table);
guint              wm_csv_table_get_n_columns (WmCsvTable   *table);
const char *const *wm_csv_table_get_header    (WmCsvTable   *table);
guint              wm_csv_table_get_n_rows    (WmCsvTable   *table);
const char        *wm_csv_table_get           (WmCsvTable   *table,
                                               guint         row,
                                               int           column);
guint              wm_csv_table_get_line      (WmCsvTable   *table,
                                               guint         row);
char               wm_csv_table_get_delimiter (WmCsvTable   *table);
const char *const *wm_csv_table_get_warnings  (WmCsvTable   *table);
int                wm_csv_table_find_column   (WmCsvTable   *table,
                                               const char   *name);
gboolean           wm_csv_table_map           (WmCsvTable         *table,
                                               const char *const  *fields,
                                               const char *const  *required,
                                               const char *const  *maps,
                                               int                *columns,
                                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmCsvTable, wm_csv_table_free)

G_END_DECLS
