#define G_LOG_DOMAIN "wm-columns"

#include "wm-columns.h"
#include "wm-swatch.h"

typedef struct
{
  WmColumnFlags  flags;
  WmCellTextFunc text_func;
  WmCellTextFunc colour_func;
  gpointer       user_data;
} Column;

/* Rows are either records or, in a tree, GtkTreeListRows holding them. */
static WmRecord *
item_record (GtkListItem *item,
             GtkTreeListRow **row_out)
{
  gpointer object = gtk_list_item_get_item (item);

  if (GTK_IS_TREE_LIST_ROW (object))
    {
      if (row_out)
        *row_out = object;
      object = gtk_tree_list_row_get_item (object);
      g_object_unref (object);  /* the row keeps it alive */
    }
  return WM_IS_RECORD (object) ? object : NULL;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          Column                   *column)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column->flags & WM_COLUMN_NUMERIC ? 1.0 : 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  if (column->flags & WM_COLUMN_EXPAND)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), 3);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 30);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 80);
    }
  if (column->flags & WM_COLUMN_NUMERIC)
    gtk_widget_add_css_class (label, "numeric");
  if (column->flags & WM_COLUMN_SWATCH)
    gtk_box_append (GTK_BOX (box), wm_swatch_new ());
  gtk_box_append (GTK_BOX (box), label);

  if (column->flags & WM_COLUMN_TREE)
    {
      GtkWidget *expander = gtk_tree_expander_new ();
      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
      gtk_list_item_set_child (item, expander);
    }
  else
    gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         Column                   *column)
{
  GtkTreeListRow *row = NULL;
  WmRecord *record = item_record (item, &row);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *box = child;
  GtkWidget *label;
  g_autofree char *text = NULL;

  if (column->flags & WM_COLUMN_TREE)
    {
      gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), row);
      box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));
    }
  label = gtk_widget_get_last_child (box);
  if (record != NULL)
    text = column->text_func (record, column->user_data);
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_tooltip_text (label, column->flags & WM_COLUMN_EXPAND ? text : NULL);

  if (column->flags & WM_COLUMN_SWATCH)
    {
      g_autofree char *colour = NULL;
      if (record != NULL && column->colour_func != NULL)
        colour = column->colour_func (record, column->user_data);
      wm_swatch_set_colour (WM_SWATCH (gtk_widget_get_first_child (box)), colour);
    }
}

GtkColumnViewColumn *
wm_columns_add (GtkColumnView  *view,
                const char     *title,
                WmColumnFlags   flags,
                WmCellTextFunc  text_func,
                WmCellTextFunc  colour_func,
                gpointer        user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  Column *column = g_new0 (Column, 1);
  GtkColumnViewColumn *result;

  column->flags = flags;
  column->text_func = text_func;
  column->colour_func = colour_func;
  column->user_data = user_data;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), column);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), column);
  g_object_set_data_full (G_OBJECT (factory), "wm-column", column, g_free);

  result = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (result, TRUE);
  gtk_column_view_column_set_expand (result, (flags & WM_COLUMN_EXPAND) != 0);
  gtk_column_view_append_column (view, result);
  g_object_unref (result);
  return result;
}

/* A text func that shows one column as it is stored. */
char *
wm_columns_field (WmRecord *record,
                  gpointer  column_name)
{
  if (!wm_record_has_column (record, column_name))
    return NULL;
  return g_strdup (wm_record_get (record, column_name));
}
