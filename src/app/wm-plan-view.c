#define G_LOG_DOMAIN "wm-plan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-columns.h"
#include "wm-gantt-chart.h"
#include "wm-date-format.h"
#include "wm-plan-view.h"
#include "wm-table-page.h"
#include "wm-view.h"

struct _WmPlanView
{
  GtkWidget      parent_instance;

  WmStore       *store;
  GHashTable    *ratings;      /* rating id → WmRecord */
  GHashTable    *children;     /* priority id → GListStore of actions */
  GListStore    *priorities;

  WmTablePage   *page;
  WmGanttChart  *chart;
  GtkDropDown   *zoom_dropdown;
  GtkToggleButton *baseline_button;
};

static void wm_plan_view_iface_init (WmViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmPlanView, wm_plan_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WM_TYPE_VIEW, wm_plan_view_iface_init))

static gboolean
is_action (WmRecord *record)
{
  return g_str_equal (wm_record_get_table (record), "action");
}

static char *
code_text (WmRecord *record,
           gpointer  user_data)
{
  if (is_action (record))
    return g_strdup (wm_record_get (record, "code"));
  /* a priority: "Priority 1" reads better than a bare number */
  return g_strdup_printf (_("Priority %s"), wm_record_get_nonnull (record, "code"));
}

static char *
title_text (WmRecord *record,
            gpointer  user_data)
{
  return g_strdup (wm_record_get (record, "title"));
}

static char *
lead_text (WmRecord *record,
           gpointer  user_data)
{
  const char *leads = wm_record_get (record, is_action (record) ? "leads" : "lead");
  g_auto(GStrv) lines = NULL;

  if (leads == NULL)
    return NULL;
  /* one lead a line in the store; "; " keeps the cell to a line or two */
  lines = g_strsplit (leads, "\n", -1);
  return g_strjoinv ("; ", lines);
}

static WmRecord *
rating_of (WmPlanView *self,
           WmRecord   *record)
{
  if (!is_action (record) || wm_record_get (record, "rating_id") == NULL)
    return NULL;
  return g_hash_table_lookup (self->ratings, wm_record_get (record, "rating_id"));
}

static char *
rating_text (WmRecord *record,
             gpointer  user_data)
{
  WmRecord *rating = rating_of (user_data, record);
  return rating ? g_strdup (wm_record_get (rating, "label")) : NULL;
}

static char *
rating_colour (WmRecord *record,
               gpointer  user_data)
{
  WmRecord *rating = rating_of (user_data, record);
  return rating ? g_strdup (wm_record_get (rating, "colour")) : NULL;
}

static char *
due_text (WmRecord *record,
          gpointer  user_data)
{
  if (!is_action (record))
    return NULL;
  if (wm_record_get (record, "due_date") == NULL)
    return g_strdup (wm_record_get (record, "due_text"));
  return wm_date_format_short (wm_record_get (record, "due_date"));
}

static void
zoom_changed_cb (WmPlanView *self)
{
  wm_gantt_chart_set_zoom (self->chart, gtk_drop_down_get_selected (self->zoom_dropdown));
}

static void
baseline_toggled_cb (WmPlanView *self)
{
  wm_gantt_chart_set_baseline (self->chart, gtk_toggle_button_get_active (self->baseline_button));
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  WmPlanView *self = user_data;
  GListStore *actions;

  if (is_action (item))
    return NULL;
  actions = g_hash_table_lookup (self->children, wm_record_get_id (item));
  return actions ? g_object_ref (G_LIST_MODEL (actions)) : NULL;
}

static void
reload (WmPlanView *self)
{
  g_autoptr(GPtrArray) priorities = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GError) error = NULL;

  g_list_store_remove_all (self->priorities);
  g_hash_table_remove_all (self->children);
  g_hash_table_remove_all (self->ratings);

  if (self->store == NULL)
    {
      wm_gantt_chart_set_model (self->chart, NULL);
      return;
    }

  {
    g_autoptr(GError) gantt_error = NULL;
    WmGanttModel *model = wm_gantt_model_new_from_store (self->store, NULL, &gantt_error);

    if (model == NULL)
      g_warning ("Could not build the Gantt: %s", gantt_error->message);
    wm_gantt_chart_set_model (self->chart, model);
    g_clear_pointer (&model, wm_gantt_model_unref);
  }

  priorities = wm_store_list (self->store, "priority", NULL, NULL, &error);
  actions = priorities ? wm_store_list_actions (self->store, NULL, &error) : NULL;
  ratings = actions ? wm_store_list_ratings (self->store, &error) : NULL;
  if (ratings == NULL)
    {
      g_warning ("Could not read the plan: %s", error->message);
      return;
    }

  for (guint i = 0; i < ratings->len; i++)
    g_hash_table_insert (self->ratings, g_strdup (wm_record_get_id (ratings->pdata[i])),
                         g_object_ref (ratings->pdata[i]));
  for (guint i = 0; i < priorities->len; i++)
    g_hash_table_insert (self->children, g_strdup (wm_record_get_id (priorities->pdata[i])),
                         g_list_store_new (WM_TYPE_RECORD));
  for (guint i = 0; i < actions->len; i++)
    {
      const char *priority_id = wm_record_get (actions->pdata[i], "priority_id");
      GListStore *children = priority_id ? g_hash_table_lookup (self->children, priority_id) : NULL;

      /* an action whose priority is gone (deleted on another laptop) still
       * shows, at the top level, rather than vanishing */
      g_list_store_append (children ? children : self->priorities, actions->pdata[i]);
    }
  for (guint i = 0; i < priorities->len; i++)
    g_list_store_append (self->priorities, priorities->pdata[i]);
}

static void
store_changed_cb (WmPlanView *self,
                  const char *table,
                  const char *id,
                  WmStore    *store)
{
  static const char *const tables[] = {
    "action", "priority", "rating", "plan", "stage", "milestone", "dependency", "key_date",
    "phase", NULL,
  };

  if (table == NULL || g_strv_contains (tables, table))
    reload (self);
}

static void
wm_plan_view_set_store (WmView  *view,
                        WmStore *store)
{
  WmPlanView *self = WM_PLAN_VIEW (view);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  reload (self);
}

static void
wm_plan_view_iface_init (WmViewInterface *iface)
{
  iface->set_store = wm_plan_view_set_store;
}

static void
wm_plan_view_dispose (GObject *object)
{
  WmPlanView *self = WM_PLAN_VIEW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_PLAN_VIEW);

  G_OBJECT_CLASS (wm_plan_view_parent_class)->dispose (object);
}

static void
wm_plan_view_finalize (GObject *object)
{
  WmPlanView *self = WM_PLAN_VIEW (object);

  g_clear_pointer (&self->ratings, g_hash_table_unref);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_object (&self->priorities);

  G_OBJECT_CLASS (wm_plan_view_parent_class)->finalize (object);
}

static void
wm_plan_view_class_init (WmPlanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_plan_view_dispose;
  object_class->finalize = wm_plan_view_finalize;

  g_type_ensure (WM_TYPE_TABLE_PAGE);
  g_type_ensure (WM_TYPE_GANTT_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/waymark/Waymark/ui/wm-plan-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, page);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, chart);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, zoom_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, baseline_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_plan_view_init (WmPlanView *self)
{
  g_autoptr(GtkTreeListModel) tree = NULL;
  GtkColumnView *column_view;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->ratings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->priorities = g_list_store_new (WM_TYPE_RECORD);

  tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->priorities)), FALSE, TRUE,
                                  create_children, self, NULL);
  wm_table_page_set_model (self->page, G_LIST_MODEL (tree));
  g_signal_connect_object (self->zoom_dropdown, "notify::selected", G_CALLBACK (zoom_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->baseline_button, "toggled", G_CALLBACK (baseline_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  wm_table_page_set_empty_text (self->page, _("No Actions Yet"),
                                _("The plan's priorities and actions will appear here."));
  column_view = wm_table_page_get_column_view (self->page);

  wm_columns_add (column_view, _("Code"), WM_COLUMN_TREE, code_text, NULL, self);
  wm_columns_add (column_view, _("Action"), WM_COLUMN_EXPAND, title_text, NULL, self);
  wm_columns_add (column_view, _("Lead"), WM_COLUMN_EXPAND, lead_text, NULL, self);
  wm_columns_add (column_view, _("Rating"), WM_COLUMN_SWATCH, rating_text, rating_colour,
                  self);
  wm_columns_add (column_view, _("Due"), WM_COLUMN_NUMERIC, due_text, NULL, self);
}
