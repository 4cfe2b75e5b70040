/* wm-kpi-view.c: the KPI dashboard, and each KPI's chart and values
 *
 * The dashboard is a grid of cards (GtkFlowBox), one per KPI: its name,
 * latest value, target, rating (colour and word), direction of travel,
 * sparkline, and for a Red KPI its corrective action.  Owner and priority
 * filters narrow it.  A card opens the KPI: its chart (the same drawing as
 * the exports) over a grid of its values, where a value, numerator,
 * denominator or note is typed or a column pasted from a spreadsheet.
 * Every edit goes through core (wm-kpi.h) in a transaction; the view
 * follows WmStore::changed like the others.
 */
#define G_LOG_DOMAIN "wm-kpi-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "wm-kpi.h"
#include "wm-kpi-chart.h"
#include "wm-kpi-chart-widget.h"
#include "wm-import-dialog.h"
#include "wm-kpi-view.h"
#include "wm-view.h"

struct _WmKpiView
{
  GtkWidget      parent_instance;

  WmStore       *store;
  GPtrArray     *series;          /* WmKpiSeries, the plan's order */
  char          *area;
  guint          reload_id;

  GtkWidget     *stack;

  /* the dashboard */
  GtkWidget     *summary;
  GtkWidget     *owner_filter;
  GtkStringList *owners;
  GtkWidget     *priority_filter;
  GtkStringList *priorities;
  GPtrArray     *priority_codes;  /* char*, parallel to priorities after "All" */
  GtkWidget     *flowbox;

  /* one KPI */
  char          *current_id;
  GtkWidget     *detail_title;
  GtkWidget     *detail_about;
  GtkWidget     *chart;
  GtkWidget     *rolling;
  GtkWidget     *values_view;
  GListStore    *values;
  GtkWidget     *add_button;
  GtkWidget     *paste_button;
  GtkWidget     *message;
  char          *focus_value_id;  /* the cell to give the keyboard when the grid is rebuilt */
  const char    *focus_field;
  GtkFileChooserNative *chooser;
};

static void wm_kpi_view_iface_init (WmViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmKpiView, wm_kpi_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WM_TYPE_VIEW, wm_kpi_view_iface_init))

static const char *const rating_classes[] = {
  [WM_KPI_RATING_NONE] = "kpi-none",
  [WM_KPI_RATING_NO_DATA] = "kpi-none",
  [WM_KPI_RATING_GREEN] = "kpi-green",
  [WM_KPI_RATING_AMBER] = "kpi-amber",
  [WM_KPI_RATING_RED] = "kpi-red",
};

static WmKpiSeries *
find_series (WmKpiView  *self,
             const char *id)
{
  for (guint i = 0; self->series && id && i < self->series->len; i++)
    if (g_str_equal (((WmKpiSeries *) self->series->pdata[i])->id, id))
      return self->series->pdata[i];
  return NULL;
}

static void
show_message (WmKpiView  *self,
              const char *text,
              gboolean    is_error)
{
  gtk_label_set_text (GTK_LABEL (self->message), text ? text : "");
  gtk_widget_set_visible (self->message, text != NULL && *text != '\0');
  if (is_error)
    gtk_widget_add_css_class (self->message, "error");
  else
    gtk_widget_remove_css_class (self->message, "error");
}

/* ---------- cards ---------- */

static void
get_render_style (GtkWidget     *widget,
                  WmRenderStyle *style)
{
  GdkRGBA fg;

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    wm_render_style_init_dark (style);
  else
    wm_render_style_init_light (style);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  style->foreground = (WmColour) { fg.red, fg.green, fg.blue, fg.alpha };
}

static void
draw_sparkline (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  WmKpiSeries *series = data;
  WmRenderStyle style;

  get_render_style (GTK_WIDGET (area), &style);
  wm_kpi_sparkline_render (cr, series, 0, 0, width, height, &style);
}

/* "KPI K3: EHC needs assessments completed within 20 weeks, latest 5.2%
 * (Apr 2024), rating Red": what a screen reader says, and what the UI
 * test reads. */
static char *
card_accessible_name (WmKpiSeries *series)
{
  g_autofree char *latest = wm_kpi_describe_latest (series);
  g_autofree char *target = wm_kpi_describe_target (series);
  WmKpiStatus status;

  wm_kpi_series_status (series, &status);
  return g_strdup_printf (_("KPI %s: %s, latest %s, rating %s, %s, target %s"), series->code,
                          series->name, latest, wm_kpi_rating_label (status.rating),
                          wm_kpi_travel_label (series, status.travel), target);
}

static void card_clicked_cb (GtkButton *button,
                             WmKpiView *self);

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
make_card (WmKpiView   *self,
           WmKpiSeries *series)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *value_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name, *rating, *value, *travel, *period, *target_label, *sparkline;
  g_autofree char *heading = g_strdup_printf ("%s  %s", series->code, series->name);
  g_autofree char *accessible = card_accessible_name (series);
  g_autofree char *target = wm_kpi_describe_target (series);
  g_autofree char *target_text = NULL;
  WmKpiStatus status;
  const WmKpiPoint *latest;

  wm_kpi_series_status (series, &status);
  latest = status.latest >= 0 ? &g_array_index (series->points, WmKpiPoint, status.latest)
                              : NULL;

  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "kpi-card");
  gtk_widget_add_css_class (button, rating_classes[status.rating]);
  gtk_widget_set_size_request (button, 280, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "kpi-id", g_strdup (series->id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (card_clicked_cb), self);

  /* The KPI's name alone as a label of its own: screen readers and the
   * shell's UI test find the KPI by it */
  name = make_label (series->name, "heading");
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_lines (GTK_LABEL (name), 2);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  /* a wrapping label asks for its whole text as its natural width: cap it,
   * or the flow box puts one card on a line */
  gtk_label_set_max_width_chars (GTK_LABEL (name), 22);
  gtk_label_set_width_chars (GTK_LABEL (name), 22);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_tooltip_text (name, heading);
  {
    GtkWidget *code = make_label (series->code, "dim-label");
    gtk_widget_add_css_class (code, "heading");
    gtk_widget_set_valign (code, GTK_ALIGN_START);
    gtk_box_append (GTK_BOX (top), code);
  }
  gtk_box_append (GTK_BOX (top), name);
  rating = make_label (wm_kpi_rating_label (status.rating), "kpi-rating");
  gtk_widget_add_css_class (rating, rating_classes[status.rating]);
  gtk_widget_set_valign (rating, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (top), rating);
  gtk_box_append (GTK_BOX (box), top);

  if (latest != NULL)
    {
      g_autofree char *text = wm_kpi_format_value (series->unit, latest->value);
      g_autofree char *when = wm_period_label (&latest->period);
      const char *arrow = "";

      switch (status.travel)
        {
        case WM_KPI_TRAVEL_BETTER:
          arrow = series->direction == WM_KPI_LOWER_IS_BETTER ? "▼ " : "▲ ";
          break;
        case WM_KPI_TRAVEL_WORSE:
          arrow = series->direction == WM_KPI_LOWER_IS_BETTER ? "▲ " : "▼ ";
          break;
        case WM_KPI_TRAVEL_RISING: arrow = "▲ "; break;
        case WM_KPI_TRAVEL_FALLING: arrow = "▼ "; break;
        case WM_KPI_TRAVEL_SAME: arrow = "▶ "; break;
        case WM_KPI_TRAVEL_UNKNOWN:
        default: break;
        }
      value = make_label (text, "title-1");
      gtk_widget_add_css_class (value, "numeric");
      gtk_box_append (GTK_BOX (value_row), value);
      {
        g_autofree char *words = g_strconcat (arrow, wm_kpi_travel_label (series, status.travel),
                                              NULL);
        travel = make_label (words, status.travel == WM_KPI_TRAVEL_BETTER ? "kpi-better"
                                    : status.travel == WM_KPI_TRAVEL_WORSE ? "kpi-worse"
                                    : "dim-label");
      }
      gtk_widget_set_valign (travel, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (value_row), travel);
      gtk_box_append (GTK_BOX (box), value_row);
      period = make_label (when, "dim-label");
      gtk_widget_add_css_class (period, "caption");
      gtk_box_append (GTK_BOX (box), period);
    }
  else
    {
      value = make_label (_("No values yet"), "dim-label");
      gtk_box_append (GTK_BOX (box), value);
    }

  target_text = series->has_target ? g_strdup_printf (_("Target %s"), target)
                : g_strdup (series->direction == WM_KPI_NO_DIRECTION
                            ? _("Context measure: no target") : _("No target"));
  target_label = make_label (target_text, "caption");
  gtk_box_append (GTK_BOX (box), target_label);

  sparkline = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (sparkline), 44);
  gtk_widget_set_vexpand (sparkline, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (sparkline), draw_sparkline,
                                  wm_kpi_series_ref (series),
                                  (GDestroyNotify) wm_kpi_series_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sparkline), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Trend over the last three years"), -1);
  gtk_box_append (GTK_BOX (box), sparkline);

  if (status.rating == WM_KPI_RATING_RED && series->corrective_action != NULL)
    {
      g_autofree char *action = g_strdup_printf (_("Action: %s"), series->corrective_action);
      GtkWidget *label = make_label (action, "caption");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_lines (GTK_LABEL (label), 3);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 26);
      gtk_label_set_width_chars (GTK_LABEL (label), 26);
      gtk_widget_set_tooltip_text (label, series->corrective_action);
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), button);
  g_object_set_data_full (G_OBJECT (child), "series", wm_kpi_series_ref (series),
                          (GDestroyNotify) wm_kpi_series_unref);
  return child;
}

static const char *
selected_owner (WmKpiView *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->owner_filter));

  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->owners, i);
}

static const char *
selected_priority (WmKpiView *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->priority_filter));

  if (i == 0 || i == GTK_INVALID_LIST_POSITION || self->priority_codes == NULL
      || i - 1 >= self->priority_codes->len)
    return NULL;
  return self->priority_codes->pdata[i - 1];
}

static gboolean
card_filter (GtkFlowBoxChild *child,
             gpointer         data)
{
  WmKpiView *self = data;
  WmKpiSeries *series = g_object_get_data (G_OBJECT (child), "series");
  const char *owner = selected_owner (self);
  const char *priority = selected_priority (self);

  if (series == NULL)
    return TRUE;
  if (owner != NULL && g_strcmp0 (series->owner, owner) != 0)
    return FALSE;
  if (priority != NULL)
    {
      g_auto(GStrv) codes = g_strsplit (series->priorities ? series->priorities : "", ", ", -1);
      return g_strv_contains ((const char *const *) codes, priority);
    }
  return TRUE;
}

static void
filter_changed_cb (WmKpiView *self)
{
  gtk_flow_box_invalidate_filter (GTK_FLOW_BOX (self->flowbox));
}

static void
update_summary (WmKpiView *self)
{
  guint counts[WM_KPI_RATING_RED + 1] = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->series->len; i++)
    {
      WmKpiStatus status;
      wm_kpi_series_status (self->series->pdata[i], &status);
      counts[status.rating]++;
    }
  g_string_printf (text, ngettext ("%u KPI", "%u KPIs", self->series->len), self->series->len);
  g_string_append_printf (text, _(": %u Red, %u Amber, %u Green, %u not rated or without data"),
                          counts[WM_KPI_RATING_RED], counts[WM_KPI_RATING_AMBER],
                          counts[WM_KPI_RATING_GREEN],
                          counts[WM_KPI_RATING_NONE] + counts[WM_KPI_RATING_NO_DATA]);
  gtk_label_set_text (GTK_LABEL (self->summary), text->str);
}

/* Rebuilds a dropdown's strings, keeping the choice when it is still there */
static void
set_choices (GtkWidget     *dropdown,
             GtkStringList *list,
             const char    *all,
             GPtrArray     *choices)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));
  g_autofree char *previous = selected > 0 && selected != GTK_INVALID_LIST_POSITION
                              ? g_strdup (gtk_string_list_get_string (list, selected)) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  guint keep = 0;

  g_ptr_array_add (strings, (gpointer) all);
  for (guint i = 0; i < choices->len; i++)
    {
      g_ptr_array_add (strings, choices->pdata[i]);
      if (g_strcmp0 (previous, choices->pdata[i]) == 0)
        keep = i + 1;
    }
  g_ptr_array_add (strings, NULL);
  gtk_string_list_splice (list, 0, n, (const char *const *) strings->pdata);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), keep);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static void
rebuild_dashboard (WmKpiView *self)
{
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();
  g_autoptr(GPtrArray) priority_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) priorities = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->flowbox)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->flowbox), child);
  for (guint i = 0; i < self->series->len; i++)
    gtk_flow_box_append (GTK_FLOW_BOX (self->flowbox), make_card (self, self->series->pdata[i]));

  for (guint i = 0; i < self->series->len; i++)
    {
      const char *owner = ((WmKpiSeries *) self->series->pdata[i])->owner;
      gboolean seen = owner == NULL;
      for (guint j = 0; !seen && j < owners->len; j++)
        seen = g_str_equal (owners->pdata[j], owner);
      if (!seen)
        g_ptr_array_add (owners, (gpointer) owner);
    }
  g_ptr_array_sort (owners, compare_strings);

  g_clear_pointer (&self->priority_codes, g_ptr_array_unref);
  self->priority_codes = g_ptr_array_new_with_free_func (g_free);
  priorities = self->store ? wm_store_list (self->store, "priority", NULL, NULL, NULL) : NULL;
  for (guint i = 0; priorities && i < priorities->len; i++)
    {
      WmRecord *priority = priorities->pdata[i];
      g_ptr_array_add (self->priority_codes, g_strdup (wm_record_get_nonnull (priority, "code")));
      g_ptr_array_add (priority_labels,
                       g_strdup_printf (_("Priority %s: %s"),
                                        wm_record_get_nonnull (priority, "code"),
                                        wm_record_get_nonnull (priority, "title")));
    }

  set_choices (self->owner_filter, self->owners, _("All owners"), owners);
  set_choices (self->priority_filter, self->priorities, _("All priorities"), priority_labels);
  update_summary (self);
  filter_changed_cb (self);
}

/* ---------- one KPI: chart and values ---------- */

/* The period as the grid shows it, in a form the grid reads back:
 * "May 2024" for a month, "2023-Q2", "2019", "AY 2023/24" */
static char *
period_cell_text (const char *stored)
{
  WmPeriod period;

  if (stored == NULL || !wm_period_parse (stored, WM_FREQUENCY_INVALID, &period, NULL))
    return g_strdup (stored ? stored : "");
  if (period.kind == WM_PERIOD_MONTH)
    {
      period.span = 1;
      return wm_period_label (&period);
    }
  return wm_period_to_string (&period);
}

static char *
number_cell_text (WmRecord   *record,
                  const char *column)
{
  double value = wm_record_get_double (record, column, NAN);

  if (isnan (value))
    return g_strdup ("");
  /* plain digits: a spreadsheet pastes them back as numbers */
  {
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd (buffer, sizeof buffer, "%.10g", value);
    return g_strdup (buffer);
  }
}

static char *
cell_text (WmRecord   *record,
           const char *field)
{
  if (g_str_equal (field, "period"))
    return period_cell_text (wm_record_get (record, "period"));
  if (g_str_equal (field, "note"))
    return g_strdup (wm_record_get_nonnull (record, "note"));
  return number_cell_text (record, field);
}

static int
compare_values_newest_first (gconstpointer a,
                             gconstpointer b,
                             gpointer      data)
{
  WmPeriod pa = { 0 }, pb = { 0 };

  wm_period_parse (wm_record_get ((WmRecord *) a, "period"), WM_FREQUENCY_INVALID, &pa, NULL);
  wm_period_parse (wm_record_get ((WmRecord *) b, "period"), WM_FREQUENCY_INVALID, &pb, NULL);
  return -wm_period_compare (&pa, &pb);
}

static void
refresh_detail (WmKpiView *self)
{
  WmKpiSeries *series = find_series (self, self->current_id);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) about = NULL;
  g_autofree char *title = NULL;
  gboolean derived;

  if (series == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "dashboard");
      return;
    }
  derived = series->derived != NULL;
  title = g_strdup_printf ("%s  %s", series->code, series->name);
  gtk_label_set_text (GTK_LABEL (self->detail_title), title);
  about = g_string_new (series->definition ? series->definition : "");
  if (about->len > 0 && !g_str_has_suffix (about->str, "."))
    g_string_append_c (about, '.');
  if (series->owner)
    g_string_append_printf (about, _("%sOwner: %s."), about->len ? " " : "", series->owner);
  if (series->linked_actions)
    g_string_append_printf (about, _(" Actions: %s."), series->linked_actions);
  gtk_label_set_text (GTK_LABEL (self->detail_about), about->str);

  wm_kpi_chart_widget_set_own_label (WM_KPI_CHART_WIDGET (self->chart), self->area);
  wm_kpi_chart_widget_set_series (WM_KPI_CHART_WIDGET (self->chart), series);

  gtk_widget_set_sensitive (self->add_button, !derived);
  gtk_widget_set_sensitive (self->paste_button, !derived);
  if (derived)
    {
      /* computed: the points, shown and not editable */
      g_list_store_remove_all (self->values);
      for (guint i = series->points->len; i > 0; i--)
        {
          const WmKpiPoint *p = &g_array_index (series->points, WmKpiPoint, i - 1);
          g_autofree char *period = wm_period_to_string (&p->period);
          g_autofree char *value = g_strdup_printf ("%.10g", p->value);
          g_autofree char *num = g_strdup_printf ("%.10g", p->numerator);
          g_autofree char *den = g_strdup_printf ("%.10g", p->denominator);
          const char *columns[] = { "id", "period", "value", "numerator", "denominator", "note",
                                    NULL };
          const char *cells[] = { NULL, period, value, num, den, p->note, NULL };
          g_autoptr(WmRecord) record = wm_record_new ("kpi_value", columns, cells);
          g_list_store_append (self->values, record);
        }
      show_message (self, _("Computed from the plan: these values cannot be typed."), FALSE);
      return;
    }
  rows = wm_store_list (self->store, "kpi_value", "kpi_id", series->id, NULL);
  if (rows == NULL)
    return;
  g_list_store_remove_all (self->values);
  for (guint i = 0; i < rows->len; i++)
    g_list_store_insert_sorted (self->values, rows->pdata[i], compare_values_newest_first, NULL);
}

static void
show_detail (WmKpiView  *self,
             const char *id)
{
  g_free (self->current_id);
  self->current_id = g_strdup (id);
  show_message (self, NULL, FALSE);
  refresh_detail (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "detail");
}

static void
card_clicked_cb (GtkButton *button,
                 WmKpiView *self)
{
  show_detail (self, g_object_get_data (G_OBJECT (button), "kpi-id"));
}

static void
back_clicked_cb (WmKpiView *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "dashboard");
  g_clear_pointer (&self->current_id, g_free);
}

static void
rolling_toggled_cb (WmKpiView *self)
{
  wm_kpi_chart_widget_set_rolling (WM_KPI_CHART_WIDGET (self->chart),
                                   gtk_check_button_get_active (GTK_CHECK_BUTTON (self->rolling))
                                   ? 12 : 0);
}

/* ---------- editing ---------- */

static void
commit_entry (WmKpiView *self,
              GtkEntry  *entry)
{
  WmRecord *record = g_object_get_data (G_OBJECT (entry), "record");
  const char *field = g_object_get_data (G_OBJECT (entry), "field");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;

  if (record == NULL || field == NULL || wm_record_get_id (record) == NULL || self->store == NULL)
    return;
  before = cell_text (record, field);
  if (g_str_equal (before, text))
    return;
  if (!wm_kpi_update_value (self->store, wm_record_get_id (record), field, text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      show_message (self, error->message, TRUE);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  show_message (self, NULL, FALSE);
  /* the grid is rebuilt from the store: the keyboard stays in this cell */
  if (gtk_widget_has_focus (GTK_WIDGET (entry))
      || gtk_widget_is_focus (GTK_WIDGET (entry))
      || gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (entry)))))
    {
      g_free (self->focus_value_id);
      self->focus_value_id = g_strdup (wm_record_get_id (record));
      self->focus_field = field;
    }
}

static void
entry_activate_cb (GtkEntry  *entry,
                   WmKpiView *self)
{
  commit_entry (self, entry);
}

static void
entry_leave_cb (GtkEventControllerFocus *controller,
                WmKpiView               *self)
{
  commit_entry (self, GTK_ENTRY (gtk_event_controller_get_widget (
                                   GTK_EVENT_CONTROLLER (controller))));
}

static gboolean paste_lines (WmKpiView  *self,
                             const char *text,
                             WmRecord   *start);

typedef struct
{
  WmKpiView *self;
  GtkEntry  *entry;
} PasteJob;

static void
paste_text_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  PasteJob *job = data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (text != NULL && job->self->store != NULL)
    {
      g_strchomp (text);
      /* A column from a spreadsheet fills this row and the ones after it;
       * anything else is typed into the cell as usual */
      if (job->entry != NULL && strchr (text, '\n') == NULL && strchr (text, '\t') == NULL)
        {
          int position = gtk_editable_get_position (GTK_EDITABLE (job->entry));
          gtk_editable_delete_selection (GTK_EDITABLE (job->entry));
          gtk_editable_insert_text (GTK_EDITABLE (job->entry), text, -1, &position);
          gtk_editable_set_position (GTK_EDITABLE (job->entry), position);
        }
      else
        paste_lines (job->self, text,
                     job->entry ? g_object_get_data (G_OBJECT (job->entry), "record") : NULL);
    }
  g_clear_weak_pointer (&job->entry);
  g_object_unref (job->self);
  g_free (job);
}

static void
read_clipboard (WmKpiView *self,
                GtkEntry  *entry)
{
  PasteJob *job = g_new0 (PasteJob, 1);

  job->self = g_object_ref (self);
  g_set_weak_pointer (&job->entry, entry);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL,
                                 paste_text_cb, job);
}

/* The entry's own paste becomes ours, so that a pasted column spreads
 * down the grid instead of landing in one cell as "12\n14\n9" */
static void
entry_paste_cb (GtkText   *text,
                WmKpiView *self)
{
  GtkWidget *entry = gtk_widget_get_ancestor (GTK_WIDGET (text), GTK_TYPE_ENTRY);

  g_signal_stop_emission_by_name (text, "paste-clipboard");
  read_clipboard (self, entry ? GTK_ENTRY (entry) : NULL);
}

static void
paste_clicked_cb (WmKpiView *self)
{
  read_clipboard (self, NULL);
}

/* Lines of "value" (or "period<tab>value[<tab>numerator<tab>denominator
 * <tab>note]"): periods given are set; values alone go to the row pasted
 * into and the periods after it, or after the latest value.  One
 * transaction: a bad line leaves the grid as it was. */
static gboolean
paste_lines (WmKpiView  *self,
             const char *text,
             WmRecord   *start)
{
  WmKpiSeries *series = find_series (self, self->current_id);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GError) error = NULL;
  WmPeriod next = { 0 };
  guint done = 0;

  if (series == NULL || series->derived != NULL)
    return FALSE;
  if (start != NULL)
    wm_period_parse (wm_record_get (start, "period"), WM_FREQUENCY_INVALID, &next, NULL);
  else
    {
      WmKpiStatus status;
      wm_kpi_series_status (series, &status);
      if (status.latest >= 0)
        next = wm_period_next (&g_array_index (series->points, WmKpiPoint, status.latest).period);
    }
  if (next.kind == WM_PERIOD_INVALID)
    {
      show_message (self, _("Add a period first: pasted values fill the periods from it on."),
                    TRUE);
      return FALSE;
    }
  if (series->frequency == WM_FREQUENCY_BIMONTHLY)
    next.span = 2;

  if (!wm_store_begin (self->store, &error))
    goto fail;
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cells = g_strsplit (g_strchomp (g_strchug (lines[i])), "\t", -1);
      g_autofree char *period = NULL;
      WmPeriod parsed;
      guint first = 0;

      if (cells[0] == NULL || (cells[0][0] == '\0' && cells[1] == NULL))
        continue;
      if (cells[1] != NULL && wm_period_parse (cells[0], series->frequency, &parsed, NULL))
        {
          period = wm_period_to_string (&parsed);
          next = wm_period_next (&parsed);
          first = 1;
        }
      else
        {
          period = wm_period_to_string (&next);
          next = wm_period_next (&next);
        }
      if (!wm_kpi_set_value (self->store, series->id, period, cells[first],
                             cells[first] ? cells[first + 1] : NULL,
                             cells[first] && cells[first + 1] ? cells[first + 2] : NULL,
                             cells[first] && cells[first + 1] && cells[first + 2]
                             ? cells[first + 3] : NULL, NULL, NULL, &error))
        {
          g_prefix_error (&error, _("Pasted line %u: "), i + 1);
          wm_store_rollback (self->store);
          goto fail;
        }
      done++;
    }
  if (!wm_store_commit (self->store, &error))
    goto fail;
  {
    g_autofree char *message = g_strdup_printf (ngettext ("Pasted %u value.",
                                                          "Pasted %u values.", done), done);
    show_message (self, message, FALSE);
  }
  return TRUE;

fail:
  show_message (self, error->message, TRUE);
  return FALSE;
}

static void
add_clicked_cb (WmKpiView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->store == NULL || self->current_id == NULL)
    return;
  id = wm_kpi_add_next_period (self->store, self->current_id, &error);
  if (id == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  g_free (self->focus_value_id);
  self->focus_value_id = g_steal_pointer (&id);
  self->focus_field = "value";
  show_message (self, _("New period added: type its value."), FALSE);
}

/* ---------- the values grid's cells ---------- */

static void
setup_entry (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             WmKpiView                *self)
{
  const char *field = g_object_get_data (G_OBJECT (factory), "field");
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (entry));

  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  g_object_set_data (G_OBJECT (entry), "field", (gpointer) field);
  if (!g_str_equal (field, "note"))
    {
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), g_str_equal (field, "period") ? 10 : 8);
      gtk_widget_add_css_class (entry, "numeric");
    }
  if (!g_str_equal (field, "note") && !g_str_equal (field, "period"))
    gtk_entry_set_alignment (GTK_ENTRY (entry), 1.0);
  g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (entry_leave_cb), self);
  gtk_widget_add_controller (entry, focus);
  if (GTK_IS_TEXT (delegate))
    g_signal_connect (delegate, "paste-clipboard", G_CALLBACK (entry_paste_cb), self);
  gtk_list_item_set_child (item, entry);
}

static gboolean
grab_focus_idle (gpointer data)
{
  GtkWidget *entry = data;

  gtk_widget_grab_focus (entry);
  g_object_unref (entry);
  return G_SOURCE_REMOVE;
}

static void
bind_entry (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            WmKpiView                *self)
{
  GtkWidget *entry = gtk_list_item_get_child (item);
  WmRecord *record = gtk_list_item_get_item (item);
  const char *field = g_object_get_data (G_OBJECT (factory), "field");
  g_autofree char *text = cell_text (record, field);
  g_autofree char *period = NULL;
  g_autofree char *name = NULL;
  WmPeriod parsed;
  gboolean editable = wm_record_get_id (record) != NULL;

  g_object_set_data_full (G_OBJECT (entry), "record", g_object_ref (record), g_object_unref);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_editable (GTK_EDITABLE (entry), editable);
  gtk_widget_remove_css_class (entry, "error");
  if (wm_period_parse (wm_record_get (record, "period"), WM_FREQUENCY_INVALID, &parsed, NULL))
    period = wm_period_label (&parsed);
  else
    period = g_strdup (wm_record_get_nonnull (record, "period"));

  /* "Value for May 2024": how a screen reader (and the UI test) finds the cell */
  if (g_str_equal (field, "period"))
    name = g_strdup_printf (_("Period %s"), period);
  else if (g_str_equal (field, "value"))
    name = g_strdup_printf (_("Value for %s"), period);
  else if (g_str_equal (field, "numerator"))
    name = g_strdup_printf (_("Numerator for %s"), period);
  else if (g_str_equal (field, "denominator"))
    name = g_strdup_printf (_("Denominator for %s"), period);
  else
    name = g_strdup_printf (_("Note for %s"), period);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  if (self->focus_value_id != NULL && g_strcmp0 (field, self->focus_field) == 0
      && g_strcmp0 (wm_record_get_id (record), self->focus_value_id) == 0)
    {
      g_clear_pointer (&self->focus_value_id, g_free);
      g_idle_add (grab_focus_idle, g_object_ref (entry));
    }
}

static void
unbind_entry (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WmKpiView                *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "record", NULL);
}

static void
add_column (WmKpiView  *self,
            const char *title,
            const char *field,
            gboolean    expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "field", (gpointer) field);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_entry), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_entry), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_entry), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->values_view), column);
  g_object_unref (column);
}

/* ---------- export ---------- */

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    WmKpiView       *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean dashboard = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "dashboard"));
  WmKpiExportOptions options = { 0 };
  WmKpiSeries *series = find_series (self, self->current_id);
  gboolean ok;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = g_file_get_path (file);
  if (path == NULL)
    goto out;
  options.own_label = self->area;
  options.rolling_months = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->rolling)) ? 12 : 0;
  if (dashboard)
    ok = wm_kpi_dashboard_render_to_file (self->series, path, &options, &error);
  else
    ok = series != NULL && wm_kpi_chart_render_to_file (series, path, &options, &error);
  if (!ok && error != NULL)
    {
      GtkWidget *message = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                   _("Could Not Export"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }

out:
  g_clear_object (&self->chooser);
}

static void
export (WmKpiView *self,
        gboolean   dashboard)
{
  WmKpiSeries *series = find_series (self, self->current_id);
  g_autofree char *name = NULL;

  if (!dashboard && series == NULL)
    return;
  name = dashboard ? g_strdup (_("KPI dashboard.pdf")) : g_strdup_printf ("%s.png", series->code);
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (dashboard ? _("Export Dashboard")
                                                         : _("Export Chart"),
                                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "dashboard", GINT_TO_POINTER (dashboard));
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_chart_cb (WmKpiView *self)
{
  export (self, FALSE);
}

static void
export_dashboard_cb (WmKpiView *self)
{
  export (self, TRUE);
}

/* ---------- the store ---------- */

static void
reload (WmKpiView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = NULL;
  GPtrArray *series = NULL;

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->area, g_free);
  if (self->store != NULL)
    {
      series = wm_kpi_series_load_all (self->store, 0, &error);
      if (series == NULL)
        g_warning ("Could not read the KPIs: %s", error->message);
      plan = wm_store_get_plan (self->store, NULL);
      if (plan != NULL && *wm_record_get_nonnull (plan, "area") != '\0')
        self->area = g_strdup (wm_record_get (plan, "area"));
    }
  self->series = series ? series
                        : g_ptr_array_new_with_free_func ((GDestroyNotify) wm_kpi_series_unref);
  rebuild_dashboard (self);
  if (self->series->len == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  else if (self->current_id != NULL)
    refresh_detail (self);
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "dashboard");
}

static gboolean
reload_idle (gpointer data)
{
  WmKpiView *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* KPIs, their values, and what derived KPIs are computed from */
static void
store_changed_cb (WmKpiView  *self,
                  const char *table,
                  const char *id,
                  WmStore    *store)
{
  static const char *const tables[] = {
    "kpi", "kpi_value", "kpi_benchmark", "kpi_annotation", "action", "status_update", "rating",
    "milestone", "priority", "plan", NULL,
  };

  if (table != NULL && !g_strv_contains (tables, table))
    return;
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle, self);
}

static void
wm_kpi_view_set_store (WmView  *view,
                       WmStore *store)
{
  WmKpiView *self = WM_KPI_VIEW (view);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->current_id, g_free);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  reload (self);
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

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->priority_codes, g_ptr_array_unref);
  g_clear_object (&self->values);
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->area, g_free);
  g_clear_pointer (&self->current_id, g_free);
  g_clear_pointer (&self->focus_value_id, g_free);

  G_OBJECT_CLASS (wm_kpi_view_parent_class)->dispose (object);
}

static void
wm_kpi_view_class_init (WmKpiViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wm_kpi_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

/* The DfE's open data: from the dashboard for any KPI, from a KPI's
 * page for that one. */
static void
import_dfe_cb (GtkWidget *button,
               WmKpiView *self)
{
  const char *kpi_id = g_object_get_data (G_OBJECT (button), "for-current")
                       ? self->current_id : NULL;

  if (self->store != NULL)
    wm_import_dfe_choose (GTK_WIDGET (self), self->store, kpi_id);
}

static GtkWidget *
dfe_button_new (WmKpiView *self,
                gboolean   for_current)
{
  GtkWidget *button = gtk_button_new_with_label (_("Import DfE Data…"));

  gtk_widget_set_tooltip_text (button, _("Values and benchmarks from the DfE’s “Education, "
                                         "health and care plans” open data (CSV)"));
  if (for_current)
    g_object_set_data (G_OBJECT (button), "for-current", GINT_TO_POINTER (TRUE));
  g_signal_connect (button, "clicked", G_CALLBACK (import_dfe_cb), self);
  return button;
}

static GtkWidget *
build_dashboard (WmKpiView *self)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *export_button = gtk_button_new_with_label (_("Export Dashboard…"));

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 8);
  gtk_widget_set_margin_bottom (bar, 4);
  self->summary = make_label ("", "dim-label");
  gtk_widget_set_hexpand (self->summary, TRUE);
  gtk_box_append (GTK_BOX (bar), self->summary);

  self->owners = gtk_string_list_new ((const char *[]) { _("All owners"), NULL });
  self->owner_filter = gtk_drop_down_new (G_LIST_MODEL (self->owners), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->owner_filter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter by owner"), -1);
  gtk_widget_set_tooltip_text (self->owner_filter, _("Show the KPIs of one owner"));
  g_signal_connect_swapped (self->owner_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (bar), self->owner_filter);

  self->priorities = gtk_string_list_new ((const char *[]) { _("All priorities"), NULL });
  self->priority_filter = gtk_drop_down_new (G_LIST_MODEL (self->priorities), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->priority_filter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter by priority"), -1);
  gtk_widget_set_tooltip_text (self->priority_filter,
                               _("Show the KPIs of the actions under one priority"));
  g_signal_connect_swapped (self->priority_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (bar), self->priority_filter);
  gtk_box_append (GTK_BOX (bar), dfe_button_new (self, FALSE));
  g_signal_connect_swapped (export_button, "clicked", G_CALLBACK (export_dashboard_cb), self);
  gtk_box_append (GTK_BOX (bar), export_button);
  gtk_box_append (GTK_BOX (page), bar);

  self->flowbox = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->flowbox), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->flowbox), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flowbox), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->flowbox), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->flowbox), 12);
  gtk_flow_box_set_filter_func (GTK_FLOW_BOX (self->flowbox), card_filter, self, NULL);
  gtk_widget_set_valign (self->flowbox, GTK_ALIGN_START);
  gtk_widget_set_margin_start (self->flowbox, 12);
  gtk_widget_set_margin_end (self->flowbox, 12);
  gtk_widget_set_margin_top (self->flowbox, 6);
  gtk_widget_set_margin_bottom (self->flowbox, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->flowbox), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("KPI dashboard"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->flowbox);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (page), scrolled);
  return page;
}

static GtkWidget *
build_detail (WmKpiView *self)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *export_button = gtk_button_new_with_label (_("Export Chart…"));
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *lower = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *tools = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkNoSelection *selection;

  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  gtk_widget_set_margin_top (page, 8);
  gtk_widget_set_margin_bottom (page, 8);

  gtk_widget_set_tooltip_text (back, _("All KPIs"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("All KPIs"), -1);
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (back_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), back);
  self->detail_title = make_label ("", "title-3");
  gtk_label_set_ellipsize (GTK_LABEL (self->detail_title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->detail_title, TRUE);
  gtk_box_append (GTK_BOX (bar), self->detail_title);
  self->rolling = gtk_check_button_new_with_label (_("12-month rolling average"));
  g_signal_connect_swapped (self->rolling, "toggled", G_CALLBACK (rolling_toggled_cb), self);
  gtk_box_append (GTK_BOX (bar), self->rolling);
  gtk_box_append (GTK_BOX (bar), dfe_button_new (self, TRUE));
  g_signal_connect_swapped (export_button, "clicked", G_CALLBACK (export_chart_cb), self);
  gtk_box_append (GTK_BOX (bar), export_button);
  gtk_box_append (GTK_BOX (page), bar);

  self->detail_about = make_label ("", "dim-label");
  gtk_label_set_wrap (GTK_LABEL (self->detail_about), TRUE);
  gtk_box_append (GTK_BOX (page), self->detail_about);

  self->chart = wm_kpi_chart_widget_new ();
  gtk_paned_set_start_child (GTK_PANED (paned), self->chart);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);

  self->add_button = gtk_button_new_with_label (_("Add Period"));
  gtk_widget_set_tooltip_text (self->add_button, _("A new row for the period after the latest"));
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
  gtk_box_append (GTK_BOX (tools), self->add_button);
  self->paste_button = gtk_button_new_with_label (_("Paste Values"));
  gtk_widget_set_tooltip_text (self->paste_button,
                               _("Fill the periods after the latest with a column copied from a "
                                 "spreadsheet"));
  g_signal_connect_swapped (self->paste_button, "clicked", G_CALLBACK (paste_clicked_cb), self);
  gtk_box_append (GTK_BOX (tools), self->paste_button);
  self->message = make_label ("", NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_widget_set_hexpand (self->message, TRUE);
  gtk_widget_set_visible (self->message, FALSE);
  gtk_box_append (GTK_BOX (tools), self->message);
  gtk_box_append (GTK_BOX (lower), tools);

  self->values = g_list_store_new (WM_TYPE_RECORD);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->values)));
  self->values_view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
  gtk_widget_add_css_class (self->values_view, "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->values_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Values, newest first"), -1);
  add_column (self, _("Period"), "period", FALSE);
  add_column (self, _("Value"), "value", FALSE);
  add_column (self, _("Numerator"), "numerator", FALSE);
  add_column (self, _("Denominator"), "denominator", FALSE);
  add_column (self, _("Note"), "note", TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->values_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 180);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (lower), scrolled);
  gtk_paned_set_end_child (GTK_PANED (paned), lower);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (page), paned);
  return page;
}

static void
wm_kpi_view_init (WmKpiView *self)
{
  GtkWidget *empty = adw_status_page_new ();

  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "wm-chart-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No KPIs Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("The measures that show the plan is working, with their "
                                     "targets and national benchmarks, will appear here."));
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_stack_add_named (GTK_STACK (self->stack), build_dashboard (self), "dashboard");
  gtk_stack_add_named (GTK_STACK (self->stack), build_detail (self), "detail");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_kpi_series_unref);
}
