/* wm-columns.h: text columns of WmRecord rows for the views' column views
 *
 * Every view lists records; a column is a title and a function that turns
 * a record into the text of its cell.  Cells are plain labels, so screen
 * readers and the UI tests read exactly what is shown.
 */
#pragma once

#include <gtk/gtk.h>

#include "wm-record.h"

G_BEGIN_DECLS

/* Returns the cell's text (owned by the caller), or NULL for an empty cell. */
typedef char *(*WmCellTextFunc) (WmRecord *record,
                                 gpointer  user_data);

typedef enum
{
  WM_COLUMN_DEFAULT  = 0,
  WM_COLUMN_EXPAND   = 1 << 0,  /* takes the spare width, wraps */
  WM_COLUMN_NUMERIC  = 1 << 1,  /* right-aligned, tabular figures */
  WM_COLUMN_SWATCH   = 1 << 2,  /* the record's colour as a dot before the text */
  WM_COLUMN_TREE     = 1 << 3,  /* a tree expander (rows of a GtkTreeListModel) */
} WmColumnFlags;

GtkColumnViewColumn *wm_columns_add (GtkColumnView  *view,
                                     const char     *title,
                                     WmColumnFlags   flags,
                                     WmCellTextFunc  text_func,
                                     WmCellTextFunc  colour_func,
                                     gpointer        user_data);
char                *wm_columns_field (WmRecord      *record,
                                       gpointer       column_name);

G_END_DECLS
