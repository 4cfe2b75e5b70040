#define G_LOG_DOMAIN "wm-table-page"

#include <adwaita.h>

#include "wm-table-page.h"

struct _WmTablePage
{
  GtkWidget      parent_instance;

  GListModel    *model;

  GtkStack      *stack;
  AdwStatusPage *status_page;
  GtkColumnView *column_view;
};

enum {
  PROP_0,
  PROP_ICON_NAME,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (WmTablePage, wm_table_page, GTK_TYPE_WIDGET)

static void
update_empty (WmTablePage *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (self->model) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

GtkColumnView *
wm_table_page_get_column_view (WmTablePage *self)
{
  g_return_val_if_fail (WM_IS_TABLE_PAGE (self), NULL);
  return self->column_view;
}

void
wm_table_page_set_model (WmTablePage *self,
                         GListModel  *model)
{
  g_return_if_fail (WM_IS_TABLE_PAGE (self));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (update_empty), self,
                             G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view,
                             model ? GTK_SELECTION_MODEL (gtk_single_selection_new (
                                       g_object_ref (model)))
                                   : NULL);
  update_empty (self);
}

void
wm_table_page_set_empty_text (WmTablePage *self,
                              const char  *title,
                              const char  *description)
{
  g_return_if_fail (WM_IS_TABLE_PAGE (self));

  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
}

static void
wm_table_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WmTablePage *self = WM_TABLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      adw_status_page_set_icon_name (self->status_page, g_value_get_string (value));
      break;
    case PROP_LABEL:
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, g_value_get_string (value),
                                      -1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_table_page_dispose (GObject *object)
{
  WmTablePage *self = WM_TABLE_PAGE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_TABLE_PAGE);

  G_OBJECT_CLASS (wm_table_page_parent_class)->dispose (object);
}

static void
wm_table_page_class_init (WmTablePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_table_page_dispose;
  object_class->set_property = wm_table_page_set_property;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* what a screen reader calls the table ("Risks", "Actions") */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/waymark/Waymark/ui/wm-table-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WmTablePage, stack);
  gtk_widget_class_bind_template_child (widget_class, WmTablePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, WmTablePage, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_table_page_init (WmTablePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
