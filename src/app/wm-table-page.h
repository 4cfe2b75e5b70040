/* wm-table-page.h: a column view of records, or a status page when there
 * are none
 *
 * Every view starts as a table of its records; what differs is the
 * columns, and what to say when the table is empty.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_TABLE_PAGE (wm_table_page_get_type ())

G_DECLARE_FINAL_TYPE (WmTablePage, wm_table_page, WM, TABLE_PAGE, GtkWidget)

GtkColumnView *wm_table_page_get_column_view (WmTablePage *self);
void           wm_table_page_set_model       (WmTablePage *self,
                                              GListModel  *model);
void           wm_table_page_set_empty_text  (WmTablePage *self,
                                              const char  *title,
                                              const char  *description);

G_END_DECLS
