#define G_LOG_DOMAIN "wm-plan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-action-editor.h"
#include "wm-columns.h"
#include "wm-gantt-chart.h"
#include "wm-date-format.h"
#include "wm-plan-edit.h"
#include "wm-plan-view.h"
#include "wm-preferences-window.h"
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

  /* finding things: the same filter drives the Gantt and the list */
  GtkLabel        *count_label;
  GtkButton       *clear_button;
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  GtkSearchBar    *filter_bar;
  GtkDropDown     *priority_filter;
  GtkDropDown     *agency_filter;
  GtkEntry        *lead_filter;
  GtkDropDown     *rating_filter;
  GtkDropDown     *due_filter;
  GtkToggleButton *overdue_toggle;
  GtkToggleButton *mine_toggle;

  GtkStringList   *priority_names;
  GtkStringList   *agency_names;
  GtkStringList   *rating_names;
  GPtrArray       *priority_ids;  /* item i + 1 of priority_filter; item 0 is "All" */
  GPtrArray       *agencies;      /* likewise for agency_filter */
  GPtrArray       *rating_ids;    /* likewise for rating_filter */
  GSettings       *settings;
  guint            reload_id;
  gboolean         updating;      /* filling the drop-downs: not a choice of the user's */
};

/* the "Due within" choices, in days, by position in due_filter */
static const int due_days[] = { 0, 14, 28, 56, 91 };

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

/* Ctrl+scroll and Ctrl+plus/minus zoom the chart itself: the drop-down
 * follows, so that it never names a zoom the chart is not showing. */
static void
chart_zoom_cb (WmPlanView *self)
{
  guint zoom = wm_gantt_chart_get_zoom (self->chart);

  if (gtk_drop_down_get_selected (self->zoom_dropdown) != zoom)
    gtk_drop_down_set_selected (self->zoom_dropdown, zoom);
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

static gboolean
same_strings (GtkStringList     *list,
              const char *const *strings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  if (n != g_strv_length ((char **) strings))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), strings[i]) != 0)
      return FALSE;
  return TRUE;
}

/* Replaces a drop-down's choices after "All", keeping the one chosen when
 * it is still there: a sync that adds an agency must not lose the
 * user's filter. */
static void
set_choices (WmPlanView    *self,
             GtkDropDown   *dropdown,
             GtkStringList *names,
             GPtrArray     *keys,
             const char    *all,
             GPtrArray     *new_keys,
             GPtrArray     *new_names)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autofree char *chosen = NULL;
  guint position = 0;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= keys->len)
    chosen = g_strdup (keys->pdata[selected - 1]);

  g_ptr_array_set_size (keys, 0);
  g_strv_builder_add (builder, all);
  for (guint i = 0; i < new_keys->len; i++)
    {
      g_ptr_array_add (keys, g_strdup (new_keys->pdata[i]));
      g_strv_builder_add (builder, new_names->pdata[i]);
      if (chosen != NULL && g_str_equal (chosen, new_keys->pdata[i]))
        position = i + 1;
    }
  strings = g_strv_builder_end (builder);

  /* most changes (a rating, a date) leave the choices as they were: then
   * the list is left alone, and so is an open drop-down */
  if (!same_strings (names, (const char *const *) strings))
    {
      self->updating = TRUE;
      gtk_string_list_splice (names, 0, g_list_model_get_n_items (G_LIST_MODEL (names)),
                              (const char *const *) strings);
      self->updating = FALSE;
    }
  if (gtk_drop_down_get_selected (dropdown) != position)
    {
      self->updating = TRUE;
      gtk_drop_down_set_selected (dropdown, position);
      self->updating = FALSE;
    }
}

static const char *
chosen_key (GtkDropDown *dropdown,
            GPtrArray   *keys)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > keys->len)
    return NULL;
  return keys->pdata[selected - 1];
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

/* The agencies that the plan's actions name (one a line in each), so the
 * drop-down offers what this partnership calls them: "LA", "ICB",
 * "Parent Carer Forum"… rather than a fixed list. */
static GPtrArray *
distinct_agencies (GPtrArray *actions)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *agencies = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < actions->len; i++)
    {
      const char *agency = wm_record_get (actions->pdata[i], "agency");
      g_auto(GStrv) lines = NULL;

      if (agency == NULL)
        continue;
      lines = g_strsplit (agency, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          char *name = g_strstrip (lines[j]);

          if (*name == '\0' || g_hash_table_contains (seen, name))
            continue;
          g_ptr_array_add (agencies, g_strdup (name));
          g_hash_table_add (seen, agencies->pdata[agencies->len - 1]);
        }
    }
  g_ptr_array_sort (agencies, compare_strings);
  return agencies;
}

static void
update_choices (WmPlanView *self,
                GPtrArray  *priorities,
                GPtrArray  *actions,
                GPtrArray  *ratings)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) agencies = distinct_agencies (actions);

  for (guint i = 0; i < priorities->len; i++)
    {
      g_ptr_array_add (keys, (gpointer) wm_record_get_id (priorities->pdata[i]));
      g_ptr_array_add (names, g_strdup_printf (_("Priority %s"),
                                               wm_record_get_nonnull (priorities->pdata[i],
                                                                      "code")));
    }
  set_choices (self, self->priority_filter, self->priority_names, self->priority_ids,
               _("All priorities"), keys, names);

  set_choices (self, self->agency_filter, self->agency_names, self->agencies,
               _("All agencies"), agencies, agencies);

  g_ptr_array_set_size (keys, 0);
  g_ptr_array_set_size (names, 0);
  for (guint i = 0; i < ratings->len; i++)
    {
      g_ptr_array_add (keys, (gpointer) wm_record_get_id (ratings->pdata[i]));
      g_ptr_array_add (names, g_strdup (wm_record_get_nonnull (ratings->pdata[i], "label")));
    }
  set_choices (self, self->rating_filter, self->rating_names, self->rating_ids,
               _("All ratings"), keys, names);
}

/* Fills @filter from the filter bar and the search bar; the strings
 * belong to the widgets.  Returns whether anything is filtered out. */
static gboolean
get_filter (WmPlanView     *self,
            WmActionFilter *filter)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *lead = gtk_editable_get_text (GTK_EDITABLE (self->lead_filter));
  guint due = gtk_drop_down_get_selected (self->due_filter);

  *filter = (WmActionFilter) {
    .priority_id = chosen_key (self->priority_filter, self->priority_ids),
    .agency = chosen_key (self->agency_filter, self->agencies),
    .lead = lead != NULL && *lead != '\0' ? lead : NULL,
    .rating_id = chosen_key (self->rating_filter, self->rating_ids),
    .search = search != NULL && *search != '\0' ? search : NULL,
    .overdue_only = gtk_toggle_button_get_active (self->overdue_toggle),
    .due_within_days = due < G_N_ELEMENTS (due_days) ? due_days[due] : 0,
  };
  return filter->priority_id || filter->agency || filter->lead || filter->rating_id
         || filter->search || filter->overdue_only || filter->due_within_days > 0;
}

static void
update_count (WmPlanView *self,
              gboolean    filtered,
              guint       shown,
              guint       total)
{
  g_autofree char *text = NULL;

  if (filtered)
    /* Translators: "5 of 13 actions" */
    text = g_strdup_printf (ngettext ("%u of %u action", "%u of %u actions", total), shown,
                            total);
  else
    text = g_strdup_printf (ngettext ("%u action", "%u actions", total), total);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), self->store != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), filtered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.clear-filters", filtered);

  if (filtered)
    wm_table_page_set_empty_text (self->page, _("No Matching Actions"),
                                  _("No action matches these filters. Try others, or clear "
                                    "them."));
  else
    wm_table_page_set_empty_text (self->page, _("No Actions Yet"),
                                  _("The plan's priorities and actions will appear here."));
}

static void sync_mine_toggle (WmPlanView *self);

static void
reload (WmPlanView *self)
{
  g_autoptr(GPtrArray) priorities = NULL;
  g_autoptr(GPtrArray) all_actions = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GError) error = NULL;
  WmActionFilter filter;
  gboolean filtered;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_list_store_remove_all (self->priorities);
  g_hash_table_remove_all (self->children);
  g_hash_table_remove_all (self->ratings);

  if (self->store == NULL)
    {
      wm_gantt_chart_set_model (self->chart, NULL);
      update_count (self, FALSE, 0, 0);
      return;
    }

  /* the choices first: a chosen agency that no action names any more
   * falls back to "All" before it filters anything */
  priorities = wm_store_list (self->store, "priority", NULL, NULL, &error);
  all_actions = priorities ? wm_store_list_actions (self->store, NULL, &error) : NULL;
  ratings = all_actions ? wm_store_list_ratings (self->store, &error) : NULL;
  if (ratings == NULL)
    {
      g_warning ("Could not read the plan: %s", error->message);
      wm_gantt_chart_set_model (self->chart, NULL);
      return;
    }
  update_choices (self, priorities, all_actions, ratings);

  filtered = get_filter (self, &filter);
  if (filtered)
    {
      actions = wm_store_list_actions (self->store, &filter, &error);
      if (actions == NULL)
        {
          g_warning ("Could not read the plan: %s", error->message);
          return;
        }
    }
  else
    actions = g_ptr_array_ref (all_actions);

  {
    g_autoptr(GError) gantt_error = NULL;
    WmGanttModel *model = wm_gantt_model_new_from_store (self->store, filtered ? &filter : NULL,
                                                         &gantt_error);

    if (model == NULL)
      g_warning ("Could not build the Gantt: %s", gantt_error->message);
    /* the chart keeps its scroll position and zoom across models */
    wm_gantt_chart_set_model (self->chart, model);
    g_clear_pointer (&model, wm_gantt_model_unref);
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
    {
      GListModel *children = g_hash_table_lookup (self->children,
                                                  wm_record_get_id (priorities->pdata[i]));

      /* as in the Gantt: a priority none of whose actions match is noise */
      if (filtered && g_list_model_get_n_items (children) == 0)
        continue;
      g_list_store_append (self->priorities, priorities->pdata[i]);
    }

  update_count (self, filtered, actions->len, all_actions->len);
  /* the agencies may have changed under "My Actions" */
  sync_mine_toggle (self);
}

static gboolean
reload_idle_cb (gpointer data)
{
  WmPlanView *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* A sync or an import changes many rows, each with its own signal: read
 * the plan again once they are all in. */
static void
queue_reload (WmPlanView *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

static void
filter_changed_cb (WmPlanView *self)
{
  if (!self->updating)
    reload (self);
}

/* ---------- My Actions ---------- */

/* The lead or agency set in Preferences, and whether it names one of the
 * plan's agencies (then it filters by agency, else by lead). */
static guint
my_agency_position (WmPlanView *self,
                    const char *mine)
{
  for (guint i = 0; i < self->agencies->len; i++)
    if (g_utf8_collate (mine, self->agencies->pdata[i]) == 0
        || g_ascii_strcasecmp (mine, self->agencies->pdata[i]) == 0)
      return i + 1;
  return 0;
}

/* "My Actions" is a shortcut that fills in the agency or the lead, so
 * what it filters on is there to see and to change; it stays pressed
 * while the filter bar says what it would. */
static void
sync_mine_toggle (WmPlanView *self)
{
  g_autofree char *mine = wm_preferences_get_my_lead ();
  gboolean active = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->mine_toggle), *mine != '\0');
  if (*mine == '\0')
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->mine_toggle),
                                 _("Set your lead or agency in Preferences first"));
  else
    {
      g_autofree char *tooltip = g_strdup_printf (_("Only the actions of %s"), mine);
      guint position = my_agency_position (self, mine);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->mine_toggle), tooltip);
      if (position > 0)
        active = gtk_drop_down_get_selected (self->agency_filter) == position;
      else
        active = g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->lead_filter)), mine);
    }

  self->updating = TRUE;
  gtk_toggle_button_set_active (self->mine_toggle, active);
  self->updating = FALSE;
}

static void
mine_toggled_cb (WmPlanView *self)
{
  g_autofree char *mine = NULL;
  gboolean active;
  guint position;

  if (self->updating)
    return;
  mine = wm_preferences_get_my_lead ();
  active = gtk_toggle_button_get_active (self->mine_toggle);
  position = *mine != '\0' ? my_agency_position (self, mine) : 0;

  self->updating = TRUE;
  if (position > 0)
    gtk_drop_down_set_selected (self->agency_filter, active ? position : 0);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->lead_filter), active ? mine : "");
  self->updating = FALSE;
  reload (self);
}

static void
agency_or_lead_changed_cb (WmPlanView *self)
{
  if (!self->updating)
    reload (self);
}

/* ---------- opening an action ---------- */

static void
open_action (WmPlanView *self,
             const char *action_id)
{
  WmActionEditor *editor;

  if (self->store == NULL || action_id == NULL)
    return;
  editor = wm_action_editor_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                 self->store, action_id);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
chart_row_activated_cb (WmPlanView   *self,
                        const char   *action_id,
                        WmGanttChart *chart)
{
  open_action (self, action_id);
}

static void
list_activated_cb (WmPlanView    *self,
                   guint          position,
                   GtkColumnView *column_view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  g_autoptr(GObject) item = g_list_model_get_item (model, position);
  WmRecord *record;

  if (GTK_IS_TREE_LIST_ROW (item))
    {
      GtkTreeListRow *row = GTK_TREE_LIST_ROW (item);

      record = gtk_tree_list_row_get_item (row);
      /* Enter on a priority opens or closes it, as in a file tree */
      if (record != NULL && !is_action (record))
        gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
    }
  else
    record = g_object_ref (WM_RECORD (item));

  if (record != NULL && is_action (record))
    open_action (self, wm_record_get_id (record));
  g_clear_object (&record);
}

/* ---------- search and clearing ---------- */

static void
search_mode_cb (WmPlanView *self)
{
  /* Escape, or the button: a search that is out of sight must not go on
   * hiding actions */
  if (!gtk_search_bar_get_search_mode (self->search_bar)
      && *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static gboolean
search_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  WmPlanView *self = WM_PLAN_VIEW (widget);

  /* the shortcut is the window's, so that it works wherever the focus is;
   * but only while the plan is what the window shows */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->store == NULL)
    return FALSE;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  search_shortcut_cb (widget, NULL, NULL);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WmPlanView *self = WM_PLAN_VIEW (widget);

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->priority_filter, 0);
  gtk_drop_down_set_selected (self->agency_filter, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->lead_filter), "");
  gtk_drop_down_set_selected (self->rating_filter, 0);
  gtk_drop_down_set_selected (self->due_filter, 0);
  gtk_toggle_button_set_active (self->overdue_toggle, FALSE);
  gtk_toggle_button_set_active (self->mine_toggle, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->updating = FALSE;
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  reload (self);
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
    queue_reload (self);
}

static void
wm_plan_view_set_store (WmView  *view,
                        WmStore *store)
{
  WmPlanView *self = WM_PLAN_VIEW (view);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  /* the chart writes the dates a bar is dragged to; the change comes
   * back through WmStore::changed like any other */
  wm_gantt_chart_set_store (self->chart, store);
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
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_object (&self->settings);
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
  g_clear_pointer (&self->priority_ids, g_ptr_array_unref);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  g_clear_pointer (&self->rating_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (wm_plan_view_parent_class)->finalize (object);
}

/* ---- Set Baseline… and Export Gantt… ---- */

static void
show_error (WmPlanView   *self,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
baseline_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      WmPlanView       *self)
{
  g_autofree char *author = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "set") || self->store == NULL)
    return;
  author = wm_preferences_get_author ();
  if (!wm_plan_edit_set_baseline (self->store, wm_history_get_for_store (self->store), author,
                                  &error))
    {
      show_error (self, _("Could Not Set the Baseline"), error);
      return;
    }
  /* The point of a baseline is to see slippage against it. */
  gtk_toggle_button_set_active (self->baseline_button, TRUE);
}

static void
set_baseline_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WmPlanView *self = WM_PLAN_VIEW (widget);
  g_autoptr(WmRecord) plan = NULL;
  g_autofree char *body = NULL;
  const char *previous;
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  plan = wm_store_get_plan (self->store, NULL);
  previous = plan ? wm_record_get (plan, "baseline_at") : NULL;
  if (previous != NULL && previous[0] != '\0')
    body = g_strdup_printf (_("Every action's and stage's dates as they are now become the "
                              "dates the board approved, replacing the baseline set on %.10s. "
                              "From then on, moving a date asks why."), previous);
  else
    body = g_strdup (_("Every action's and stage's dates as they are now become the dates the "
                       "board approved, for example at sign-off. From then on, moving a date "
                       "asks why, and slippage is shown against them."));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Set the Baseline?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "set", _("_Set Baseline"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  g_signal_connect_object (dialog, "response", G_CALLBACK (baseline_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    WmPlanView      *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  WmGanttModel *model = NULL;
  WmGanttExportOptions options;
  WmActionFilter filter;
  gboolean filtered;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);

  /* What the window shows is what is exported: the same filter, zoom
   * and baseline. */
  filtered = get_filter (self, &filter);
  model = wm_gantt_model_new_from_store (self->store, filtered ? &filter : NULL, &error);
  wm_gantt_export_options_init (&options);
  options.zoom = wm_gantt_chart_get_zoom (self->chart);
  options.show_baseline = gtk_toggle_button_get_active (self->baseline_button);
  options.show_dependencies = TRUE;
  if (model == NULL || !wm_gantt_render_to_file (model, path, &options, &error))
    show_error (self, _("Could Not Export the Gantt"), error);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
    }
  g_clear_pointer (&model, wm_gantt_model_unref);
}

static void
export_gantt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WmPlanView *self = WM_PLAN_VIEW (widget);
  GtkFileChooserNative *chooser;
  static const struct { const char *name; const char *pattern; } kinds[] = {
    { N_("PDF, A4 pages"), "*.pdf" },
    { N_("PNG picture"), "*.png" },
    { N_("SVG picture"), "*.svg" },
  };

  if (self->store == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Gantt"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(kinds[i].name));
      gtk_file_filter_add_pattern (filter, kinds[i].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Gantt.pdf"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, count_label);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, clear_button);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, priority_filter);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, agency_filter);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, lead_filter);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, rating_filter);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, due_filter);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, overdue_toggle);
  gtk_widget_class_bind_template_child (widget_class, WmPlanView, mine_toggle);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "plan.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "plan.set-baseline", NULL, set_baseline_action);
  gtk_widget_class_install_action (widget_class, "plan.export-gantt", NULL, export_gantt_action);
  gtk_widget_class_install_action (widget_class, "plan.clear-filters", NULL,
                                   clear_filters_action);
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
  self->priority_ids = g_ptr_array_new_with_free_func (g_free);
  self->agencies = g_ptr_array_new_with_free_func (g_free);
  self->rating_ids = g_ptr_array_new_with_free_func (g_free);
  self->priority_names = gtk_string_list_new (NULL);
  self->agency_names = gtk_string_list_new (NULL);
  self->rating_names = gtk_string_list_new (NULL);
  /* the drop-downs own the lists */
  gtk_drop_down_set_model (self->priority_filter, G_LIST_MODEL (self->priority_names));
  gtk_drop_down_set_model (self->agency_filter, G_LIST_MODEL (self->agency_names));
  gtk_drop_down_set_model (self->rating_filter, G_LIST_MODEL (self->rating_names));
  g_object_unref (self->priority_names);
  g_object_unref (self->agency_names);
  g_object_unref (self->rating_names);
  {
    const char *all[] = { NULL, NULL };

    all[0] = _("All priorities");
    gtk_string_list_splice (self->priority_names, 0, 0, all);
    all[0] = _("All agencies");
    gtk_string_list_splice (self->agency_names, 0, 0, all);
    all[0] = _("All ratings");
    gtk_string_list_splice (self->rating_names, 0, 0, all);
  }

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->priority_filter, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rating_filter, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->due_filter, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->overdue_toggle, "toggled", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->agency_filter, "notify::selected",
                           G_CALLBACK (agency_or_lead_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lead_filter, "changed", G_CALLBACK (agency_or_lead_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mine_toggle, "toggled", G_CALLBACK (mine_toggled_cb), self,
                           G_CONNECT_SWAPPED);

  self->settings = wm_preferences_get_settings ();
  g_signal_connect_object (self->settings, "changed::my-lead", G_CALLBACK (sync_mine_toggle),
                           self, G_CONNECT_SWAPPED);
  sync_mine_toggle (self);

  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                       GTK_SHORTCUT_SCOPE_GLOBAL);
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                        gtk_callback_action_new (search_shortcut_cb, NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.clear-filters", FALSE);

  tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->priorities)), FALSE, TRUE,
                                  create_children, self, NULL);
  wm_table_page_set_model (self->page, G_LIST_MODEL (tree));
  g_signal_connect_object (self->zoom_dropdown, "notify::selected", G_CALLBACK (zoom_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart, "notify::zoom", G_CALLBACK (chart_zoom_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->baseline_button, "toggled", G_CALLBACK (baseline_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  wm_table_page_set_empty_text (self->page, _("No Actions Yet"),
                                _("The plan's priorities and actions will appear here."));
  column_view = wm_table_page_get_column_view (self->page);

  g_signal_connect_object (column_view, "activate", G_CALLBACK (list_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart, "row-activated", G_CALLBACK (chart_row_activated_cb),
                           self, G_CONNECT_SWAPPED);

  wm_columns_add (column_view, _("Code"), WM_COLUMN_TREE, code_text, NULL, self);
  wm_columns_add (column_view, _("Action"), WM_COLUMN_EXPAND, title_text, NULL, self);
  wm_columns_add (column_view, _("Lead"), WM_COLUMN_EXPAND, lead_text, NULL, self);
  wm_columns_add (column_view, _("Rating"), WM_COLUMN_SWATCH, rating_text, rating_colour,
                  self);
  wm_columns_add (column_view, _("Due"), WM_COLUMN_NUMERIC, due_text, NULL, self);
}
