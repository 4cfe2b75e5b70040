#define G_LOG_DOMAIN "wm-kpi-view"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-columns.h"
#include "wm-kpi-view.h"
#include "wm-record-list.h"
#include "wm-table-page.h"
#include "wm-view.h"

struct _WmKpiView
{
  GtkWidget     parent_instance;

  WmRecordList *kpis;
  GtkWidget    *page;   /* a WmTablePage */
};

static void wm_kpi_view_iface_init (WmViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmKpiView, wm_kpi_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WM_TYPE_VIEW, wm_kpi_view_iface_init))

static char *
format_value (WmRecord   *kpi,
              double      value)
{
  const char *unit = wm_record_get_nonnull (kpi, "unit");

  if (g_str_equal (unit, "percent"))
    return g_strdup_printf ("%g%%", value);
  if (g_str_equal (unit, "weeks"))
    return g_strdup_printf (_("%g weeks"), value);
  if (g_str_equal (unit, "days"))
    return g_strdup_printf (_("%g days"), value);
  return g_strdup_printf ("%g", value);
}

static char *
target_text (WmRecord *record,
             gpointer  user_data)
{
  double target = wm_record_get_double (record, "target", -1);
  g_autofree char *value = NULL;

  if (target < 0)
    return NULL;
  value = format_value (record, target);
  /* "at least 95%" or "at most 6 weeks": the direction is half the target */
  if (g_strcmp0 (wm_record_get (record, "direction"), "lower") == 0)
    return g_strdup_printf (_("at most %s"), value);
  return g_strdup_printf (_("at least %s"), value);
}

static char *
latest_text (WmRecord *record,
             gpointer  user_data)
{
  WmKpiView *self = user_data;
  WmStore *store = wm_record_list_get_store (self->kpis);
  g_autoptr(GPtrArray) values = NULL;
  WmRecord *latest = NULL;

  if (store == NULL)
    return NULL;
  values = wm_store_list (store, "kpi_value", "kpi_id", wm_record_get_id (record), NULL);
  for (guint i = 0; values && i < values->len; i++)
    if (latest == NULL || g_strcmp0 (wm_record_get (values->pdata[i], "period"),
                                     wm_record_get (latest, "period")) > 0)
      latest = values->pdata[i];
  if (latest == NULL)
    return g_strdup (_("No values yet"));
  {
    g_autofree char *value = format_value (record, wm_record_get_double (latest, "value", 0));
    return g_strdup_printf ("%s (%s)", value, wm_record_get_nonnull (latest, "period"));
  }
}

static void
wm_kpi_view_set_store (WmView  *view,
                       WmStore *store)
{
  wm_record_list_set_store (WM_KPI_VIEW (view)->kpis, store);
}

static void
wm_kpi_view_iface_init (WmViewInterface *iface)
{
  iface->set_store = wm_kpi_view_set_store;
}

static void
wm_kpi_view_dispose (GObject *object)
{
  WmKpiView *self = WM_KPI_VIEW (object);

  g_clear_pointer (&self->page, gtk_widget_unparent);
  g_clear_object (&self->kpis);

  G_OBJECT_CLASS (wm_kpi_view_parent_class)->dispose (object);
}

static void
wm_kpi_view_class_init (WmKpiViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wm_kpi_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
wm_kpi_view_init (WmKpiView *self)
{
  GtkColumnView *columns;

  self->kpis = wm_record_list_new ("kpi");
  self->page = g_object_new (WM_TYPE_TABLE_PAGE, "icon-name", "wm-chart-symbolic",
                             "label", _("KPIs"), NULL);
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));
  wm_table_page_set_empty_text (WM_TABLE_PAGE (self->page), _("No KPIs Yet"),
                                _("The measures that show the plan is working, with their "
                                  "targets and national benchmarks, will appear here."));
  wm_table_page_set_model (WM_TABLE_PAGE (self->page), wm_record_list_get_model (self->kpis));

  columns = wm_table_page_get_column_view (WM_TABLE_PAGE (self->page));
  wm_columns_add (columns, _("Code"), WM_COLUMN_DEFAULT, wm_columns_field, NULL, "code");
  wm_columns_add (columns, _("KPI"), WM_COLUMN_EXPAND, wm_columns_field, NULL, "name");
  wm_columns_add (columns, _("Target"), WM_COLUMN_NUMERIC, target_text, NULL, NULL);
  wm_columns_add (columns, _("Latest"), WM_COLUMN_NUMERIC, latest_text, NULL, self);
  wm_columns_add (columns, _("Actions"), WM_COLUMN_DEFAULT, wm_columns_field, NULL,
                  "linked_actions");
  wm_columns_add (columns, _("Source"), WM_COLUMN_EXPAND, wm_columns_field, NULL, "source");
}
