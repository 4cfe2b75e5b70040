#define G_LOG_DOMAIN "wm-risk-view"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-columns.h"
#include "wm-date-format.h"
#include "wm-record-list.h"
#include "wm-risk-view.h"
#include "wm-table-page.h"
#include "wm-view.h"

struct _WmRiskView
{
  GtkWidget     parent_instance;

  WmRecordList *risks;
  GtkWidget    *page;   /* a WmTablePage */
};

static void wm_risk_view_iface_init (WmViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmRiskView, wm_risk_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WM_TYPE_VIEW, wm_risk_view_iface_init))

/* A risk is scored either on the plan's severity words (High, Medium, Low,
 * as the sample register does) or as likelihood × impact on a 5×5 grid. */
static char *
score_text (WmRecord   *record,
            const char *when)
{
  g_autofree char *severity = g_strconcat ("severity_", when, NULL);
  g_autofree char *likelihood = g_strconcat ("likelihood_", when, NULL);
  g_autofree char *impact = g_strconcat ("impact_", when, NULL);
  gint64 l = wm_record_get_int (record, likelihood, 0);
  gint64 i = wm_record_get_int (record, impact, 0);

  if (l > 0 && i > 0)
    /* Translators: a risk score, likelihood × impact = score */
    return g_strdup_printf (_("%d × %d = %d"), (int) l, (int) i, (int) (l * i));
  return g_strdup (wm_record_get (record, severity));
}

static char *
severity_colour (WmRecord   *record,
                 const char *when)
{
  g_autofree char *text = score_text (record, when);
  g_autofree char *likelihood = g_strconcat ("likelihood_", when, NULL);
  g_autofree char *impact = g_strconcat ("impact_", when, NULL);
  gint64 score = wm_record_get_int (record, likelihood, 0) * wm_record_get_int (record, impact, 0);

  /* the NHS 5×5 bands; High/Medium/Low map onto the same colours */
  if (score >= 15 || g_strcmp0 (text, "High") == 0)
    return g_strdup ("#e01b24");
  if (score >= 8 || g_strcmp0 (text, "Medium") == 0)
    return g_strdup ("#e5a50a");
  if (score >= 1 || g_strcmp0 (text, "Low") == 0)
    return g_strdup ("#2ec27e");
  return NULL;
}

static char *
before_text (WmRecord *record,
             gpointer  user_data)
{
  return score_text (record, "before");
}

static char *
after_text (WmRecord *record,
            gpointer  user_data)
{
  return score_text (record, "after");
}

static char *
before_colour (WmRecord *record,
               gpointer  user_data)
{
  return severity_colour (record, "before");
}

static char *
after_colour (WmRecord *record,
              gpointer  user_data)
{
  return severity_colour (record, "after");
}

static char *
date_text (WmRecord *record,
           gpointer  column)
{
  return wm_date_format_short (wm_record_get (record, column));
}

static void
wm_risk_view_set_store (WmView  *view,
                        WmStore *store)
{
  wm_record_list_set_store (WM_RISK_VIEW (view)->risks, store);
}

static void
wm_risk_view_iface_init (WmViewInterface *iface)
{
  iface->set_store = wm_risk_view_set_store;
}

static void
wm_risk_view_dispose (GObject *object)
{
  WmRiskView *self = WM_RISK_VIEW (object);

  g_clear_pointer (&self->page, gtk_widget_unparent);
  g_clear_object (&self->risks);

  G_OBJECT_CLASS (wm_risk_view_parent_class)->dispose (object);
}

static void
wm_risk_view_class_init (WmRiskViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wm_risk_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
wm_risk_view_init (WmRiskView *self)
{
  GtkColumnView *columns;

  self->risks = wm_record_list_new ("risk");
  self->page = g_object_new (WM_TYPE_TABLE_PAGE, "icon-name", "dialog-warning-symbolic",
                             "label", _("Risk register"), NULL);
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));
  wm_table_page_set_empty_text (WM_TABLE_PAGE (self->page), _("No Risks Recorded"),
                                _("Risks to delivering the plan, scored before and after "
                                  "mitigation, will appear here."));
  wm_table_page_set_model (WM_TABLE_PAGE (self->page), wm_record_list_get_model (self->risks));

  columns = wm_table_page_get_column_view (WM_TABLE_PAGE (self->page));
  wm_columns_add (columns, _("Ref"), WM_COLUMN_DEFAULT, wm_columns_field, NULL, "ref");
  wm_columns_add (columns, _("Raised"), WM_COLUMN_NUMERIC, date_text, NULL, "raised_date");
  wm_columns_add (columns, _("Risk"), WM_COLUMN_EXPAND, wm_columns_field, NULL, "description");
  wm_columns_add (columns, _("Before"), WM_COLUMN_SWATCH, before_text, before_colour, NULL);
  wm_columns_add (columns, _("Mitigation"), WM_COLUMN_EXPAND, wm_columns_field, NULL,
                  "mitigation");
  wm_columns_add (columns, _("After"), WM_COLUMN_SWATCH, after_text, after_colour, NULL);
  wm_columns_add (columns, _("Owner"), WM_COLUMN_EXPAND, wm_columns_field, NULL, "owner");
  wm_columns_add (columns, _("Review"), WM_COLUMN_NUMERIC, date_text, NULL, "review_date");
}
