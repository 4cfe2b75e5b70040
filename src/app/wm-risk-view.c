/* wm-risk-view.c: the risk register and its heat map
 *
 * A sortable, filterable column view of the register beside the heat map
 * of the same risks, and under the map the selected risk: its owner,
 * review, mitigations, linked actions with their ratings (flagged when one
 * is Red) and its score over time.  Selecting a risk in either selects it
 * in both; Enter or a double click opens it in the editor.
 */
#define G_LOG_DOMAIN "wm-risk-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "wm-date-format.h"
#include "wm-heatmap.h"
#include "wm-heatmap-widget.h"
#include "wm-risk.h"
#include "wm-risk-editor.h"
#include "wm-risk-view.h"
#include "wm-swatch.h"
#include "wm-view.h"
#include "wm-window-private.h"

typedef enum
{
  FILTER_OPEN,       /* open and escalated */
  FILTER_ALL,
  FILTER_ESCALATED,
  FILTER_CLOSED,
  FILTER_OVERDUE,
  FILTER_RED,
} StatusFilter;

struct _WmRiskView
{
  GtkWidget            parent_instance;

  WmStore             *store;
  WmRiskScheme        *scheme;
  GPtrArray           *risks;         /* WmRisk: what the heat map draws */
  GListStore          *model;         /* WmRisk */
  GtkFilterListModel  *filtered;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  GtkCustomFilter     *filter;
  char                *selected_id;   /* kept across reloads */
  guint                reload_id;
  GtkFileChooserNative *chooser;

  /* template children */
  GtkSearchEntry      *search;
  GtkDropDown         *status_filter;
  GtkDropDown         *scheme_choice;
  GtkLabel            *count_label;
  GtkToggleButton     *residual_toggle;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  WmHeatmapWidget     *heatmap;
  GtkLabel            *detail_title;
  GtkLabel            *detail_meta;
  GtkLabel            *detail_flag;
  GtkLabel            *detail_mitigations;
  GtkDrawingArea      *trend;
};

static void wm_risk_view_iface_init (WmViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmRiskView, wm_risk_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WM_TYPE_VIEW, wm_risk_view_iface_init))

/* ---------- cells ---------- */

typedef char *(*RiskTextFunc) (WmRisk *risk);

typedef struct
{
  RiskTextFunc  text;
  RiskTextFunc  colour;     /* nullable: a swatch before the text */
  gboolean    (*alert) (WmRisk *risk);  /* nullable: shown as an error when TRUE */
  gboolean      expand;
  int           max_chars;  /* > 0: ellipsized at this width, whole in the tooltip */
} Column;

static WmRisk *
item_risk (GtkListItem *item)
{
  gpointer object = gtk_list_item_get_item (item);

  return WM_IS_RISK (object) ? object : NULL;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          Column                   *column)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  if (column->max_chars > 0)
    {
      /* long owners ("Illustrative: Assistant Director …") would take the
       * pane: ellipsized at a fixed width, whole in the tooltip.  Scores
       * and dates are never cut. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), column->max_chars);
      gtk_label_set_max_width_chars (GTK_LABEL (label), column->max_chars);
    }
  if (column->expand)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 24);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    }
  if (column->colour != NULL)
    gtk_box_append (GTK_BOX (box), wm_swatch_new ());
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         Column                   *column)
{
  WmRisk *risk = item_risk (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_last_child (box);
  g_autofree char *text = risk ? column->text (risk) : NULL;

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_tooltip_text (label, column->expand || column->max_chars > 0 ? text : NULL);
  if (column->alert != NULL && risk != NULL && column->alert (risk))
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
  if (column->colour != NULL)
    {
      g_autofree char *colour = risk ? column->colour (risk) : NULL;
      wm_swatch_set_colour (WM_SWATCH (gtk_widget_get_first_child (box)), colour);
    }
}

static char *
ref_text (WmRisk *risk)
{
  return g_strdup (wm_risk_get_ref (risk));
}

static char *
title_text (WmRisk *risk)
{
  return g_strdup (wm_risk_get_title (risk));
}

static char *
owner_text (WmRisk *risk)
{
  return g_strdup (wm_risk_get (risk, "owner"));
}

static char *
category_text (WmRisk *risk)
{
  return g_strdup (wm_risk_get (risk, "category"));
}

/* "20 Extreme" or "High": the band says what the number means */
static char *
score_text (WmRisk      *risk,
            WmRiskStage  stage)
{
  int score = wm_risk_get_score (risk, stage);
  const WmRiskBand *band = wm_risk_get_band (risk, stage);

  if (score == 0)
    return NULL;
  if (wm_risk_get_scheme (risk)->kind == WM_RISK_SCHEME_SEVERITY)
    return g_strdup (band ? band->name : "");
  return g_strdup_printf ("%d %s", score, band ? band->name : "");
}

static char *
before_text (WmRisk *risk)
{
  return score_text (risk, WM_RISK_INHERENT);
}

static char *
after_text (WmRisk *risk)
{
  return score_text (risk, WM_RISK_RESIDUAL);
}

static char *
before_colour (WmRisk *risk)
{
  const WmRiskBand *band = wm_risk_get_band (risk, WM_RISK_INHERENT);
  return band ? g_strdup (band->colour) : NULL;
}

static char *
after_colour (WmRisk *risk)
{
  const WmRiskBand *band = wm_risk_get_band (risk, WM_RISK_RESIDUAL);
  return band ? g_strdup (band->colour) : NULL;
}

static char *
target_text (WmRisk *risk)
{
  return wm_risk_scheme_format_score (wm_risk_get_scheme (risk), wm_risk_get_target (risk));
}

static const char *
trend_word (WmRiskTrend trend)
{
  switch (trend)
    {
    case WM_RISK_TREND_UP:
      return _("rising");
    case WM_RISK_TREND_DOWN:
      return _("falling");
    case WM_RISK_TREND_SAME:
      return _("no change");
    case WM_RISK_TREND_NEW:
    default:
      return _("new");
    }
}

static char *
trend_text (WmRisk *risk)
{
  WmRiskTrend trend = wm_risk_get_trend (risk);

  if (trend == WM_RISK_TREND_NEW)
    return g_strdup (trend_word (trend));
  return g_strdup_printf ("%s %s", wm_risk_trend_symbol (trend), trend_word (trend));
}

static char *
review_text (WmRisk *risk)
{
  g_autofree char *date = wm_date_format_short (wm_risk_get (risk, "review_date"));

  if (date == NULL)
    return NULL;
  if (wm_risk_is_overdue (risk))
    /* Translators: a review date that has passed: "30 Jun 2023, overdue" */
    return g_strdup_printf (_("%s, overdue"), date);
  return g_steal_pointer (&date);
}

static const char *
status_word (const char *status)
{
  if (g_strcmp0 (status, "closed") == 0)
    return _("Closed");
  if (g_strcmp0 (status, "escalated") == 0)
    return _("Escalated");
  return _("Open");
}

static char *
status_text (WmRisk *risk)
{
  return g_strdup (status_word (wm_risk_get_status (risk)));
}

static char *
actions_text (WmRisk *risk)
{
  g_autofree char *links = wm_risk_format_links (risk);

  if (wm_risk_is_flagged (risk))
    /* Translators: linked actions when one of them is rated Red */
    return g_strdup_printf (_("⚑ %s"), links);
  return g_steal_pointer (&links);
}

/* ---------- sorting ---------- */

static int
compare_refs (WmRisk *a,
              WmRisk *b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (wm_risk_get_ref (a), -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (wm_risk_get_ref (b), -1);

  return strcmp (ka, kb);
}

static int
by_ref (gconstpointer a,
        gconstpointer b,
        gpointer      data)
{
  return compare_refs ((WmRisk *) a, (WmRisk *) b);
}

static int
compare_text (const char *x,
              const char *y)
{
  g_autofree char *kx = g_utf8_collate_key (x ? x : "", -1);
  g_autofree char *ky = g_utf8_collate_key (y ? y : "", -1);

  return strcmp (kx, ky);
}

static int
by_column (gconstpointer a,
           gconstpointer b,
           gpointer      column)
{
  int c = compare_text (wm_risk_get ((WmRisk *) a, column), wm_risk_get ((WmRisk *) b, column));

  return c != 0 ? c : compare_refs ((WmRisk *) a, (WmRisk *) b);
}

static int
by_title (gconstpointer a,
          gconstpointer b,
          gpointer      data)
{
  int c = compare_text (wm_risk_get_title ((WmRisk *) a), wm_risk_get_title ((WmRisk *) b));

  return c != 0 ? c : compare_refs ((WmRisk *) a, (WmRisk *) b);
}

static int
by_score (gconstpointer a,
          gconstpointer b,
          gpointer      stage)
{
  int x = wm_risk_get_score ((WmRisk *) a, GPOINTER_TO_INT (stage));
  int y = wm_risk_get_score ((WmRisk *) b, GPOINTER_TO_INT (stage));

  if (x != y)
    return x < y ? -1 : 1;
  /* ties: by the other score, then by ref (reversed, so that a descending
   * sort still reads RR1, RR2 …) */
  x = wm_risk_get_score ((WmRisk *) a, !GPOINTER_TO_INT (stage));
  y = wm_risk_get_score ((WmRisk *) b, !GPOINTER_TO_INT (stage));
  if (x != y)
    return x < y ? -1 : 1;
  return -compare_refs ((WmRisk *) a, (WmRisk *) b);
}

static int
by_target (gconstpointer a,
           gconstpointer b,
           gpointer      data)
{
  int x = wm_risk_get_target ((WmRisk *) a), y = wm_risk_get_target ((WmRisk *) b);

  return x != y ? (x < y ? -1 : 1) : compare_refs ((WmRisk *) a, (WmRisk *) b);
}

static int
trend_rank (WmRisk *risk)
{
  switch (wm_risk_get_trend (risk))
    {
    case WM_RISK_TREND_DOWN:
      return 0;
    case WM_RISK_TREND_SAME:
      return 1;
    case WM_RISK_TREND_NEW:
      return 2;
    case WM_RISK_TREND_UP:
    default:
      return 3;
    }
}

static int
by_trend (gconstpointer a,
          gconstpointer b,
          gpointer      data)
{
  int x = trend_rank ((WmRisk *) a), y = trend_rank ((WmRisk *) b);

  return x != y ? x - y : compare_refs ((WmRisk *) a, (WmRisk *) b);
}

static int
by_actions (gconstpointer a,
            gconstpointer b,
            gpointer      data)
{
  int x = wm_risk_is_flagged ((WmRisk *) a), y = wm_risk_is_flagged ((WmRisk *) b);
  g_autofree char *la = NULL, *lb = NULL;
  int c;

  if (x != y)
    return x - y;
  la = wm_risk_format_links ((WmRisk *) a);
  lb = wm_risk_format_links ((WmRisk *) b);
  c = compare_text (la, lb);
  return c != 0 ? c : compare_refs ((WmRisk *) a, (WmRisk *) b);
}

static gboolean
is_overdue (WmRisk *risk)
{
  return wm_risk_is_overdue (risk);
}

static gboolean
is_flagged (WmRisk *risk)
{
  return wm_risk_is_flagged (risk);
}

static GtkColumnViewColumn *
add_column (WmRiskView       *self,
            const char       *title,
            const Column     *spec,
            GCompareDataFunc  compare,
            gpointer          compare_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  Column *copy = g_memdup2 (spec, sizeof *spec);
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, compare_data, NULL));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), copy);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), copy);
  g_object_set_data_full (G_OBJECT (factory), "wm-column", copy, g_free);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, spec->expand);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  return column;
}

/* ---------- filtering ---------- */

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer data)
{
  WmRiskView *self = data;
  WmRisk *risk = item;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search));
  const char *status = wm_risk_get_status (risk);

  switch ((StatusFilter) gtk_drop_down_get_selected (self->status_filter))
    {
    case FILTER_OPEN:
      if (wm_risk_is_closed (risk))
        return FALSE;
      break;
    case FILTER_ESCALATED:
      if (g_strcmp0 (status, "escalated") != 0)
        return FALSE;
      break;
    case FILTER_CLOSED:
      if (!wm_risk_is_closed (risk))
        return FALSE;
      break;
    case FILTER_OVERDUE:
      if (!wm_risk_is_overdue (risk))
        return FALSE;
      break;
    case FILTER_RED:
      if (!wm_risk_is_flagged (risk))
        return FALSE;
      break;
    case FILTER_ALL:
    default:
      break;
    }

  if (search != NULL && *search != '\0')
    {
      g_autofree char *needle = g_utf8_casefold (search, -1);
      g_autofree char *links = wm_risk_format_links (risk);
      static const char *const columns[] = { "ref", "title", "description", "owner", "category",
                                             "mitigation", "progress" };
      gboolean found = contains_folded (links, needle);

      for (guint i = 0; !found && i < G_N_ELEMENTS (columns); i++)
        found = contains_folded (wm_risk_get (risk, columns[i]), needle);
      return found;
    }
  return TRUE;
}

static void
update_count (WmRiskView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *text = NULL;

  if (total == 0)
    text = g_strdup ("");
  else if (shown == total)
    text = g_strdup_printf (ngettext ("%u risk", "%u risks", total), total);
  else
    /* Translators: "5 of 8 risks" */
    text = g_strdup_printf (ngettext ("%u of %u risk", "%u of %u risks", total), shown, total);
  gtk_label_set_text (self->count_label, text);
}

static void
filter_changed (WmRiskView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

/* ---------- the selected risk ---------- */

static WmRisk *
find_risk (WmRiskView *self,
           const char *id)
{
  for (guint i = 0; id && self->risks && i < self->risks->len; i++)
    if (g_str_equal (wm_risk_get_id (self->risks->pdata[i]), id))
      return self->risks->pdata[i];
  return NULL;
}

static void
show_detail (WmRiskView *self)
{
  WmRisk *risk = find_risk (self, self->selected_id);
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autoptr(GString) mitigations = g_string_new (NULL);
  g_autofree char *review = NULL;
  g_autofree char *title = NULL;
  GArray *items, *links;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "risks.edit", risk != NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->trend));
  if (risk == NULL)
    {
      gtk_label_set_text (self->detail_title,
                          _("Select a risk to see its mitigations and its score over time"));
      gtk_label_set_text (self->detail_meta, "");
      gtk_label_set_text (self->detail_mitigations, "");
      gtk_widget_set_visible (GTK_WIDGET (self->detail_flag), FALSE);
      return;
    }

  title = g_strdup_printf ("%s · %s", wm_risk_get_ref (risk), wm_risk_get_title (risk));
  gtk_label_set_text (self->detail_title, title);

  if (wm_risk_get (risk, "owner"))
    g_string_append (meta, wm_risk_get (risk, "owner"));
  review = review_text (risk);
  if (review != NULL)
    /* Translators: "Next review 30 Jun 2023" */
    g_string_append_printf (meta, "%s%s %s", meta->len ? " · " : "", _("Next review"), review);
  g_string_append_printf (meta, "%s%s", meta->len ? " · " : "",
                          status_word (wm_risk_get_status (risk)));
  gtk_label_set_text (self->detail_meta, meta->str);

  items = wm_risk_get_mitigations (risk);
  for (guint i = 0; i < items->len; i++)
    {
      const WmRiskMitigation *m = &g_array_index (items, WmRiskMitigation, i);

      g_string_append_printf (mitigations, "%s• %s", i ? "\n" : "", m->text);
      if (m->action_code)
        g_string_append_printf (mitigations, " (%s)", m->action_code);
    }
  links = wm_risk_get_links (risk);
  if (links->len > 0)
    {
      g_autofree char *codes = wm_risk_format_links (risk);
      g_string_append_printf (mitigations, "%s%s %s", mitigations->len ? "\n" : "",
                              _("Linked actions:"), codes);
    }
  gtk_label_set_text (self->detail_mitigations, mitigations->str);

  gtk_widget_set_visible (GTK_WIDGET (self->detail_flag), wm_risk_is_flagged (risk));
  if (wm_risk_is_flagged (risk))
    {
      g_autoptr(GString) red = g_string_new (NULL);

      for (guint i = 0; i < links->len; i++)
        if (g_array_index (links, WmRiskLink, i).red)
          g_string_append_printf (red, "%s%s", red->len ? ", " : "",
                                  g_array_index (links, WmRiskLink, i).code);
      {
        /* Translators: a risk flagged because an action that mitigates it is Red */
        g_autofree char *text = g_strdup_printf (_("⚑ Mitigating action rated Red: %s"),
                                                 red->str);
        gtk_label_set_text (self->detail_flag, text);
      }
    }
}

static void
select_id (WmRiskView *self,
           const char *id,
           gboolean    in_list)
{
  if (g_strcmp0 (self->selected_id, id) != 0)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (id);
    }
  wm_heatmap_widget_set_selected (self->heatmap, id);
  if (in_list)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
      guint position = GTK_INVALID_LIST_POSITION;

      for (guint i = 0; id && i < n; i++)
        {
          g_autoptr(WmRisk) risk = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);
          if (g_str_equal (wm_risk_get_id (risk), id))
            position = i;
        }
      gtk_single_selection_set_selected (self->selection, position);
    }
  show_detail (self);
}

static void
selection_changed (WmRiskView *self)
{
  WmRisk *risk = gtk_single_selection_get_selected_item (self->selection);

  /* A reload that drops the selection keeps the risk chosen */
  if (risk == NULL)
    return;
  select_id (self, wm_risk_get_id (risk), FALSE);
}

static void
heatmap_selected (WmRiskView *self,
                  const char *risk_id)
{
  select_id (self, risk_id, TRUE);
}

static void
open_editor (WmRiskView *self,
             const char *risk_id);

static void
heatmap_activated (WmRiskView *self,
                   const char *risk_id)
{
  open_editor (self, risk_id);
}

static void
row_activated (WmRiskView *self,
               guint       position)
{
  g_autoptr(WmRisk) risk = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (risk != NULL)
    open_editor (self, wm_risk_get_id (risk));
}

static void
trend_draw (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  WmRiskView *self = data;
  WmRisk *risk = find_risk (self, self->selected_id);
  WmRenderStyle style;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  GdkRGBA colour;

  if (risk == NULL)
    return;
  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    wm_render_style_init_dark (&style);
  else
    wm_render_style_init_light (&style);
  gtk_style_context_get_color (context, &colour);
  style.foreground = (WmColour) { colour.red, colour.green, colour.blue, colour.alpha };
  if (gtk_style_context_lookup_color (context, "window_bg_color", &colour))
    style.background = (WmColour) { colour.red, colour.green, colour.blue, 1.0 };
  if (gtk_style_context_lookup_color (context, "accent_color", &colour))
    style.accent = (WmColour) { colour.red, colour.green, colour.blue, 1.0 };
  G_GNUC_END_IGNORE_DEPRECATIONS
  wm_risk_trend_render (cr, risk, width, height, &style);
}

/* ---------- the store ---------- */

static void
block_scheme_choice (WmRiskView *self,
                     gboolean    block);

static void
reload (WmRiskView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(WmRiskScheme) scheme = NULL;

  if (self->store != NULL && wm_store_count (self->store, "plan", NULL) > 0)
    {
      scheme = wm_risk_scheme_load (self->store, &error);
      if (scheme != NULL)
        risks = wm_risk_list (self->store, scheme, &error);
      if (risks == NULL)
        g_warning ("Could not read the risk register: %s", error->message);
    }

  g_clear_pointer (&self->scheme, wm_risk_scheme_unref);
  self->scheme = scheme ? wm_risk_scheme_ref (scheme) : NULL;
  g_clear_pointer (&self->risks, g_ptr_array_unref);
  self->risks = risks ? g_ptr_array_ref (risks) : NULL;

  /* one splice, so the view sees a single change rather than one per row */
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       risks ? risks->pdata : NULL, risks ? risks->len : 0);
  wm_heatmap_widget_set_risks (self->heatmap, scheme, risks);
  gtk_stack_set_visible_child_name (self->stack, risks && risks->len > 0 ? "list" : "empty");

  block_scheme_choice (self, TRUE);
  gtk_drop_down_set_selected (self->scheme_choice,
                              scheme && scheme->kind == WM_RISK_SCHEME_SEVERITY ? 1 : 0);
  block_scheme_choice (self, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scheme_choice), scheme != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "risks.add", scheme != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "risks.export", scheme != NULL);

  if (find_risk (self, self->selected_id) == NULL)
    g_clear_pointer (&self->selected_id, g_free);
  select_id (self, self->selected_id, TRUE);
  update_count (self);
}

static gboolean
reload_idle (gpointer data)
{
  WmRiskView *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* A save writes many rows and the store announces each: read the register
 * once, when they have all been announced. */
static void
store_changed_cb (WmRiskView *self,
                  const char *table,
                  const char *id,
                  WmStore    *store)
{
  if (table != NULL && !g_str_has_prefix (table, "risk") && !g_str_equal (table, "action")
      && !g_str_equal (table, "rating") && !g_str_equal (table, "plan"))
    return;
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle, self);
}

static void
wm_risk_view_set_store (WmView  *view,
                        WmStore *store)
{
  WmRiskView *self = WM_RISK_VIEW (view);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  g_clear_pointer (&self->selected_id, g_free);
  reload (self);
}

static void
wm_risk_view_iface_init (WmViewInterface *iface)
{
  iface->set_store = wm_risk_view_set_store;
}

/* ---------- actions ---------- */

static void
editor_saved (WmRiskView *self,
              const char *risk_id)
{
  g_free (self->selected_id);
  self->selected_id = g_strdup (risk_id);
  /* The store announced the save: read now, so the new risk is selected */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  reload (self);
}

static void
open_editor (WmRiskView *self,
             const char *risk_id)
{
  WmRiskEditor *editor;

  if (self->store == NULL)
    return;
  editor = wm_risk_editor_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store,
                               risk_id);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved), self, G_CONNECT_SWAPPED);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (WM_RISK_VIEW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmRiskView *self = WM_RISK_VIEW (widget);

  if (self->selected_id != NULL)
    open_editor (self, self->selected_id);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (WM_RISK_VIEW (widget)->search));
}

static void
export_response_cb (WmRiskView           *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) plan = NULL;
  g_autofree char *subtitle = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  WmHeatmapOptions options;

  if (response != GTK_RESPONSE_ACCEPT || self->scheme == NULL)
    goto out;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  if (path == NULL)
    goto out;
  plan = wm_store_get_plan (self->store, NULL);
  subtitle = g_strdup (plan ? wm_record_get_nonnull (plan, "title") : "");
  wm_heatmap_options_init (&options);
  options.residual_only = gtk_toggle_button_get_active (self->residual_toggle);
  if (!wm_heatmap_render_to_file (self->scheme, self->risks, path, &options,
                                  adw_style_manager_get_dark (adw_style_manager_get_default ()),
                                  subtitle, &error))
    {
      if (WM_IS_WINDOW (root))
        wm_window_show_error (WM_WINDOW (root), _("Could Not Export the Heat Map"), error);
    }
  else if (WM_IS_WINDOW (root))
    {
      g_autofree char *name = g_path_get_basename (path);
      /* Translators: a toast after exporting: "Saved risk-heat-map.pdf" */
      g_autofree char *text = g_strdup_printf (_("Saved %s"), name);
      wm_window_toast (WM_WINDOW (root), text);
    }

out:
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmRiskView *self = WM_RISK_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PDF, PNG or SVG"));
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_filter_add_pattern (filter, "*.png");
  gtk_file_filter_add_pattern (filter, "*.svg");
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Heat Map"), GTK_WINDOW (root),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "risk-heat-map.pdf");
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (export_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
scheme_chosen (WmRiskView *self)
{
  g_autoptr(WmRiskScheme) scheme = NULL;
  g_autoptr(GError) error = NULL;
  gboolean severity = gtk_drop_down_get_selected (self->scheme_choice) == 1;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->store == NULL || self->scheme == NULL
      || (self->scheme->kind == WM_RISK_SCHEME_SEVERITY) == severity)
    return;
  /* Switching keeps every risk's levels and words: switching back finds
   * them again.  Risks not yet scored on the new scale show as such. */
  scheme = severity ? wm_risk_scheme_new_three_level () : wm_risk_scheme_new_default ();
  if (!wm_risk_scheme_save (scheme, self->store, &error) && WM_IS_WINDOW (root))
    wm_window_show_error (WM_WINDOW (root), _("Could Not Change the Scoring"), error);
}

static void
block_scheme_choice (WmRiskView *self,
                     gboolean    block)
{
  if (block)
    g_signal_handlers_block_by_func (self->scheme_choice, scheme_chosen, self);
  else
    g_signal_handlers_unblock_by_func (self->scheme_choice, scheme_chosen, self);
}

static void
residual_toggled (WmRiskView *self)
{
  wm_heatmap_widget_set_residual_only (self->heatmap,
                                       gtk_toggle_button_get_active (self->residual_toggle));
}

/* ---------- life cycle ---------- */

static void
wm_risk_view_dispose (GObject *object)
{
  WmRiskView *self = WM_RISK_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->scheme, wm_risk_scheme_unref);
  g_clear_pointer (&self->risks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_RISK_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (wm_risk_view_parent_class)->dispose (object);
}

static void
wm_risk_view_finalize (GObject *object)
{
  g_free (WM_RISK_VIEW (object)->selected_id);

  G_OBJECT_CLASS (wm_risk_view_parent_class)->finalize (object);
}

static void
wm_risk_view_class_init (WmRiskViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_risk_view_dispose;
  object_class->finalize = wm_risk_view_finalize;

  g_type_ensure (WM_TYPE_HEATMAP_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/waymark/Waymark/ui/wm-risk-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, search);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, scheme_choice);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, count_label);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, residual_toggle);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, column_view);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, heatmap);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, detail_meta);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, detail_flag);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, detail_mitigations);
  gtk_widget_class_bind_template_child (widget_class, WmRiskView, trend);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "risks.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "risks.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "risks.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "risks.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "risks.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "risks.search",
                                       NULL);
}

static void
wm_risk_view_init (WmRiskView *self)
{
  static const Column ref = { ref_text, NULL, NULL, FALSE, 0 };
  static const Column title = { title_text, NULL, NULL, TRUE, 0 };
  static const Column owner = { owner_text, NULL, NULL, FALSE, 22 };
  static const Column category = { category_text, NULL, NULL, FALSE, 14 };
  static const Column before = { before_text, before_colour, NULL, FALSE, 0 };
  static const Column after = { after_text, after_colour, NULL, FALSE, 0 };
  static const Column target = { target_text, NULL, NULL, FALSE, 0 };
  static const Column trend = { trend_text, NULL, NULL, FALSE, 0 };
  static const Column review = { review_text, NULL, is_overdue, FALSE, 0 };
  static const Column status = { status_text, NULL, NULL, FALSE, 0 };
  static const Column actions = { actions_text, NULL, is_flagged, FALSE, 18 };
  GtkColumnViewColumn *residual;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = g_list_store_new (WM_TYPE_RISK);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->model)),
                                              GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* Scores first after the risk: what a board reads, without scrolling
   * sideways in a narrow pane */
  add_column (self, _("Ref"), &ref, by_ref, NULL);
  add_column (self, _("Risk"), &title, by_title, NULL);
  add_column (self, _("Before"), &before, by_score, GINT_TO_POINTER (WM_RISK_INHERENT));
  residual = add_column (self, _("After"), &after, by_score, GINT_TO_POINTER (WM_RISK_RESIDUAL));
  add_column (self, _("Target"), &target, by_target, NULL);
  add_column (self, _("Trend"), &trend, by_trend, NULL);
  add_column (self, _("Review"), &review, by_column, "review_date");
  add_column (self, _("Status"), &status, by_column, "status");
  add_column (self, _("Actions"), &actions, by_actions, NULL);
  add_column (self, _("Owner"), &owner, by_column, "owner");
  add_column (self, _("Category"), &category, by_column, "category");
  gtk_sort_list_model_set_sorter (self->sorted, gtk_column_view_get_sorter (self->column_view));
  /* The register reads highest residual risk first, as a board expects */
  gtk_column_view_sort_by_column (self->column_view, residual, GTK_SORT_DESCENDING);

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (filter_changed), self);
  g_signal_connect_swapped (self->status_filter, "notify::selected", G_CALLBACK (filter_changed),
                            self);
  g_signal_connect_swapped (self->scheme_choice, "notify::selected", G_CALLBACK (scheme_chosen),
                            self);
  g_signal_connect_swapped (self->residual_toggle, "toggled", G_CALLBACK (residual_toggled),
                            self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed),
                            self);
  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (row_activated), self);
  g_signal_connect_swapped (self->heatmap, "risk-selected", G_CALLBACK (heatmap_selected), self);
  g_signal_connect_swapped (self->heatmap, "risk-activated", G_CALLBACK (heatmap_activated),
                            self);
  gtk_drawing_area_set_draw_func (self->trend, trend_draw, self, NULL);
  gtk_search_entry_set_key_capture_widget (self->search, GTK_WIDGET (self->column_view));
  reload (self);
}
