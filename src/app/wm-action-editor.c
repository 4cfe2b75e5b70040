#define G_LOG_DOMAIN "wm-action-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "wm-action-editor.h"
#include "wm-application.h"
#include "wm-date.h"
#include "wm-date-format.h"
#include "wm-error.h"
#include "wm-history.h"
#include "wm-plan-edit.h"

/* One stage, milestone, dependency or piece of evidence: an expander row
 * whose rows edit its fields.  Removing one only hides it until Save. */
typedef enum
{
  ITEM_STAGE,
  ITEM_MILESTONE,
  ITEM_DEPENDENCY,
  ITEM_EVIDENCE,
} ItemKind;

enum { MAX_FIELDS = 6 };

typedef struct
{
  ItemKind   kind;
  WmRecord  *record;               /* NULL for a new one */
  gboolean   removed;
  GtkWidget *expander;
  GtkWidget *fields[MAX_FIELDS];   /* entry rows, a combo row, a spin button */
  GtkWidget *error_row;
  GtkWidget *error_label;
} Item;

struct _WmActionEditor
{
  AdwWindow   parent_instance;

  WmStore    *store;
  WmHistory  *history;
  WmRecord   *action;
  GPtrArray  *ratings;        /* WmRecord, in the combo's order after any "Not rated" */
  gboolean    unrated;        /* the combo starts with "Not rated" */
  GPtrArray  *agencies;       /* char *, the raw values of the agency combo */
  GPtrArray  *items;          /* Item */
  char       *reason;         /* why dates moved, once asked */
  GtkWidget  *marked;         /* the field shown as wrong */

  /* template children */
  GtkWidget  *save_button;
  GtkWidget  *page;
  GtkWidget  *code_row;
  GtkWidget  *title_row;
  GtkWidget  *agency_row;
  GtkWidget  *description_view;
  GtkWidget  *leads_view;
  GtkWidget  *start_row;
  GtkWidget  *due_row;
  GtkWidget  *completed_row;
  GtkWidget  *rating_row;
  GtkWidget  *note_row;
  GtkWidget  *last_note_row;
  GtkWidget  *sign_off_warning;
  GtkWidget  *signed_by_row;
  GtkWidget  *signed_at_row;
  GtkWidget  *stages_group;
  GtkWidget  *milestones_group;
  GtkWidget  *dependencies_group;
  GtkWidget  *evidence_group;
  GtkWidget  *impact_view;
};

G_DEFINE_FINAL_TYPE (WmActionEditor, wm_action_editor, ADW_TYPE_WINDOW)

static const char *const dependency_kinds[] = { "FS", "SS", "FF", "SF" };
static const char *const dependency_kind_names[] = {
  N_("Finish to start"), N_("Start to start"), N_("Finish to finish"), N_("Start to finish"),
};
/* Offered whatever the plan holds so far; the plan's own values are added. */
static const char *const standard_agencies[] = {
  N_("LA"), N_("ICB / health"), N_("Social care"), N_("Education"),
  N_("Parent carer forum"), N_("Joint"),
};

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->record);
  g_free (item);
}

/* ---------- reading the form ---------- */

/* A stored date as the form shows it: the date formatted, or the words
 * kept when they could not be read as a date. */
static char *
shown_date (const char *iso,
            const char *text)
{
  if (iso != NULL && *iso != '\0')
    {
      char *formatted = wm_date_format_short (iso);
      if (formatted != NULL)
        return formatted;
      return g_strdup (iso);
    }
  return g_strdup (text ? text : "");
}

static const char *
text_of (GtkWidget *widget)
{
  return gtk_editable_get_text (GTK_EDITABLE (widget));
}

static char *
view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The text a field started with, kept on the widget so that Save sends
 * only what the person changed (an unchanged "30 Sep 2023" must not
 * overwrite the words "end of September 2023" kept beside the date). */
static void
set_initial (GtkWidget  *widget,
             const char *text)
{
  g_object_set_data_full (G_OBJECT (widget), "initial", g_strdup (text ? text : ""), g_free);
}

static const char *
initial_of (GtkWidget *widget)
{
  const char *initial = g_object_get_data (G_OBJECT (widget), "initial");
  return initial ? initial : "";
}

static gboolean
entry_changed (GtkWidget *widget)
{
  return g_strcmp0 (text_of (widget), initial_of (widget)) != 0;
}

static void
set_entry (GtkWidget  *widget,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (widget), text ? text : "");
  set_initial (widget, text);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* A date a field requires (a stage's bar, a milestone's diamond): the ISO
 * date, "" when empty and allowed, NULL when it does not read. */
static char *
required_date (const char *typed,
               gboolean    may_be_empty)
{
  GDate date;

  if (is_blank (typed))
    return may_be_empty ? g_strdup ("") : NULL;
  if (wm_date_parse (typed, &date) == WM_DATE_NONE)
    return NULL;
  return wm_date_to_iso (&date);
}

static char *
author_name (void)
{
  GApplication *app = g_application_get_default ();
  const char *name;

  if (WM_IS_APPLICATION (app))
    {
      g_autofree char *setting = g_settings_get_string (
        wm_application_get_settings (WM_APPLICATION (app)), "author-name");
      if (!is_blank (setting))
        return g_steal_pointer (&setting);
    }
  name = g_get_real_name ();
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return g_strdup (name);
}

/* ---------- errors at the field ---------- */

static void
clear_error (WmActionEditor *self)
{
  GtkWidget *error_row;

  if (self->marked == NULL)
    return;
  gtk_widget_remove_css_class (self->marked, "error");
  error_row = g_object_get_data (G_OBJECT (self->marked), "error-row");
  if (error_row != NULL)
    gtk_widget_set_visible (error_row, FALSE);
  g_clear_object (&self->marked);
}

/* A hidden row under @row for its error: "under the field", inside the
 * same boxed list, so it reads in order and needs no focus of its own. */
static GtkWidget *
add_error_row (GtkWidget *row)
{
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *error_row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_add_css_class (label, "error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (error_row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (error_row), FALSE);
  gtk_widget_set_focusable (error_row, FALSE);
  gtk_widget_set_visible (error_row, FALSE);
  gtk_list_box_insert (GTK_LIST_BOX (list), error_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
  g_object_set_data (G_OBJECT (row), "error-row", error_row);
  g_object_set_data (G_OBJECT (row), "error-label", label);
  return error_row;
}

static void
show_error (WmActionEditor *self,
            GtkWidget      *field,
            const char     *message)
{
  GtkWidget *error_row, *label, *expander;

  clear_error (self);
  if (field == NULL)
    field = self->title_row;
  error_row = g_object_get_data (G_OBJECT (field), "error-row");
  label = g_object_get_data (G_OBJECT (field), "error-label");
  if (error_row == NULL)
    {
      /* a text view: its group has no rows, so the title field says it */
      error_row = g_object_get_data (G_OBJECT (self->title_row), "error-row");
      label = g_object_get_data (G_OBJECT (self->title_row), "error-label");
    }
  gtk_label_set_text (GTK_LABEL (label), message);
  gtk_widget_set_visible (error_row, TRUE);
  expander = g_object_get_data (G_OBJECT (field), "expander");
  if (expander != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  gtk_widget_add_css_class (field, "error");
  self->marked = g_object_ref (field);
  gtk_widget_grab_focus (field);
  /* a screen reader hears the message, not only a red outline */
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message, -1);
}

static void
field_edited (WmActionEditor *self)
{
  clear_error (self);
}

/* ---------- rating and sign-off ---------- */

static WmRecord *
chosen_rating (WmActionEditor *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->rating_row));

  if (self->unrated)
    {
      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
        return NULL;
      selected--;
    }
  return selected < self->ratings->len ? self->ratings->pdata[selected] : NULL;
}

static gboolean
rating_changed (WmActionEditor *self)
{
  WmRecord *rating = chosen_rating (self);

  return rating != NULL
         && g_strcmp0 (wm_record_get_id (rating), wm_record_get (self->action, "rating_id")) != 0;
}

static void
update_sign_off_warning (WmActionEditor *self)
{
  WmRecord *rating = chosen_rating (self);
  gboolean complete = rating != NULL && wm_record_get_int (rating, "is_complete", 0) != 0;

  gtk_widget_set_visible (self->sign_off_warning,
                          complete && is_blank (text_of (self->signed_by_row)));
}

static void
rating_selected (WmActionEditor *self)
{
  gboolean changed = rating_changed (self);

  gtk_widget_set_visible (self->note_row, changed);
  if (!changed && self->marked == self->note_row)
    clear_error (self);
  update_sign_off_warning (self);
}

/* ---------- stages, milestones, dependencies, evidence ---------- */

static void update_item_title (Item *item);

static GtkWidget *
item_entry (WmActionEditor *self,
            Item           *item,
            int             index,
            const char     *title,
            const char     *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  set_entry (row, text);
  g_object_set_data (G_OBJECT (row), "expander", item->expander);
  g_object_set_data (G_OBJECT (row), "error-row", item->error_row);
  g_object_set_data (G_OBJECT (row), "error-label", item->error_label);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (field_edited), self);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (update_item_title), item);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (item->expander), row);
  item->fields[index] = row;
  return row;
}

/* Whole sentences per kind, for translators */
static const char *const new_item_titles[] = {
  N_("New stage"), N_("New milestone"), N_("New dependency"), N_("New evidence"),
};
static const char *const remove_item_labels[] = {
  /* Translators: the accessible name of a remove button: "Remove stage “Pilot”" */
  N_("Remove stage “%s”"), N_("Remove milestone “%s”"), N_("Remove dependency “%s”"),
  N_("Remove evidence “%s”"),
};

static void
update_item_title (Item *item)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;
  GtkWidget *remove;

  switch (item->kind)
    {
    case ITEM_STAGE:
      title = g_strdup (text_of (item->fields[0]));
      if (!is_blank (text_of (item->fields[1])) || !is_blank (text_of (item->fields[2])))
        subtitle = g_strdup_printf ("%s – %s", text_of (item->fields[1]),
                                    text_of (item->fields[2]));
      break;
    case ITEM_MILESTONE:
      title = g_strstrip (g_strdup_printf ("%s %s", text_of (item->fields[0]),
                                           text_of (item->fields[1])));
      subtitle = is_blank (text_of (item->fields[3]))
                 ? g_strdup_printf (_("Due %s"), text_of (item->fields[2]))
                 : g_strdup_printf (_("Done %s"), text_of (item->fields[3]));
      break;
    case ITEM_DEPENDENCY:
      {
        guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (item->fields[1]));
        int lag = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (item->fields[2]));

        title = g_strdup_printf (_("Action %s"), text_of (item->fields[0]));
        subtitle = g_strdup_printf (lag != 0 ? _("%s, lag %d days") : "%s",
                                    kind < G_N_ELEMENTS (dependency_kind_names)
                                    ? _(dependency_kind_names[kind]) : "", lag);
      }
      break;
    case ITEM_EVIDENCE:
      title = g_strdup (text_of (item->fields[0]));
      subtitle = g_strdup (text_of (item->fields[1]));
      break;
    default:
      g_assert_not_reached ();
    }
  if (is_blank (title))
    {
      g_free (title);
      title = g_strdup (_(new_item_titles[item->kind]));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (item->expander), subtitle);
  remove = g_object_get_data (G_OBJECT (item->expander), "remove");
  remove_label = g_strdup_printf (_(remove_item_labels[item->kind]), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
}

static void
remove_clicked (GtkButton *button,
                Item      *item)
{
  WmActionEditor *self = g_object_get_data (G_OBJECT (button), "editor");

  if (self->marked != NULL && g_object_get_data (G_OBJECT (self->marked), "expander")
                              == item->expander)
    clear_error (self);
  item->removed = TRUE;
  gtk_widget_set_visible (item->expander, FALSE);
}

static GtkWidget *
group_of (WmActionEditor *self,
          ItemKind        kind)
{
  switch (kind)
    {
    case ITEM_STAGE: return self->stages_group;
    case ITEM_MILESTONE: return self->milestones_group;
    case ITEM_DEPENDENCY: return self->dependencies_group;
    case ITEM_EVIDENCE: return self->evidence_group;
    default: g_assert_not_reached ();
    }
}

static Item *
add_item (WmActionEditor *self,
          ItemKind        kind,
          WmRecord       *record)
{
  Item *item = g_new0 (Item, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  const char *const *tooltips = (const char *const[]) {
    N_("Remove Stage"), N_("Remove Milestone"), N_("Remove Dependency"), N_("Remove Evidence"),
  };
  g_autofree char *lag_text = NULL;

  item->kind = kind;
  item->record = record ? g_object_ref (record) : NULL;
  item->expander = adw_expander_row_new ();
  g_ptr_array_add (self->items, item);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _(tooltips[kind]));
  g_object_set_data (G_OBJECT (remove), "editor", self);
  g_object_set_data (G_OBJECT (item->expander), "remove", remove);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked), item);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (item->expander), remove);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group_of (self, kind)), item->expander);

  /* the error row first in memory, last on screen: the entries point at it */
  item->error_row = gtk_list_box_row_new ();
  item->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (item->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (item->error_label), 0);
  gtk_widget_set_margin_start (item->error_label, 12);
  gtk_widget_set_margin_end (item->error_label, 12);
  gtk_widget_set_margin_top (item->error_label, 8);
  gtk_widget_set_margin_bottom (item->error_label, 8);
  gtk_widget_add_css_class (item->error_label, "error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item->error_row), item->error_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item->error_row), FALSE);
  gtk_widget_set_focusable (item->error_row, FALSE);
  gtk_widget_set_visible (item->error_row, FALSE);

#define FIELD(name) (record ? wm_record_get (record, name) : NULL)
  switch (kind)
    {
    case ITEM_STAGE:
      {
        g_autofree char *start = shown_date (FIELD ("start_date"), NULL);
        g_autofree char *end = shown_date (FIELD ("end_date"), NULL);

        item_entry (self, item, 0, _("Label"), FIELD ("label"));
        item_entry (self, item, 1, _("Start date"), start);
        item_entry (self, item, 2, _("End date"), end);
      }
      break;
    case ITEM_MILESTONE:
      {
        g_autofree char *due = shown_date (FIELD ("due_date"), NULL);
        g_autofree char *done = shown_date (FIELD ("done_date"), NULL);
        g_autofree char *signed_at = shown_date (FIELD ("signed_off_at"), NULL);

        item_entry (self, item, 0, _("Code"), FIELD ("code"));
        item_entry (self, item, 1, _("Title"), FIELD ("title"));
        item_entry (self, item, 2, _("Due date"), due);
        item_entry (self, item, 3, _("Done date"), done);
        item_entry (self, item, 4, _("Signed off by"), FIELD ("signed_off_by"));
        item_entry (self, item, 5, _("Sign-off date (today if empty)"), signed_at);
      }
      break;
    case ITEM_DEPENDENCY:
      {
        g_autoptr(WmRecord) other = NULL;
        g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
        GtkWidget *kind_row = adw_combo_row_new ();
        GtkWidget *lag_row = adw_action_row_new ();
        GtkWidget *lag = gtk_spin_button_new_with_range (-365, 365, 1);
        const char *to = FIELD ("to_action_id");
        guint selected = 0;

        if (to != NULL)
          other = wm_store_get (self->store, "action", to, NULL);
        item_entry (self, item, 0, _("Linked action (code)"),
                    other ? wm_record_get (other, "code") : NULL);
        for (guint i = 0; i < G_N_ELEMENTS (dependency_kinds); i++)
          {
            g_autofree char *name = g_strdup_printf ("%s (%s)", _(dependency_kind_names[i]),
                                                     dependency_kinds[i]);
            gtk_string_list_append (kinds, name);
            if (g_strcmp0 (FIELD ("kind"), dependency_kinds[i]) == 0)
              selected = i;
          }
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind_row), _("Kind"));
        adw_combo_row_set_model (ADW_COMBO_ROW (kind_row), G_LIST_MODEL (kinds));
        adw_combo_row_set_selected (ADW_COMBO_ROW (kind_row), selected);
        g_object_set_data (G_OBJECT (kind_row), "initial-selected", GUINT_TO_POINTER (selected));
        g_signal_connect_swapped (kind_row, "notify::selected", G_CALLBACK (update_item_title),
                                  item);
        adw_expander_row_add_row (ADW_EXPANDER_ROW (item->expander), kind_row);
        item->fields[1] = kind_row;

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (lag_row), _("Lag in days"));
        gtk_widget_set_valign (lag, GTK_ALIGN_CENTER);
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (lag),
                                   record ? wm_record_get_int (record, "lag_days", 0) : 0);
        lag_text = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (lag)));
        set_initial (lag, lag_text);
        gtk_accessible_update_property (GTK_ACCESSIBLE (lag), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Lag in days"), -1);
        g_object_set_data (G_OBJECT (lag), "expander", item->expander);
        g_object_set_data (G_OBJECT (lag), "error-row", item->error_row);
        g_object_set_data (G_OBJECT (lag), "error-label", item->error_label);
        g_signal_connect_swapped (lag, "value-changed", G_CALLBACK (update_item_title), item);
        adw_action_row_add_suffix (ADW_ACTION_ROW (lag_row), lag);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (lag_row), lag);
        adw_expander_row_add_row (ADW_EXPANDER_ROW (item->expander), lag_row);
        item->fields[2] = lag;
      }
      break;
    case ITEM_EVIDENCE:
      {
        g_autofree char *date = shown_date (FIELD ("date"), NULL);

        item_entry (self, item, 0, _("Title"), FIELD ("title"));
        item_entry (self, item, 1, _("Link or file path"), FIELD ("location"));
        item_entry (self, item, 2, _("Date"), date);
      }
      break;
    default:
      g_assert_not_reached ();
    }
#undef FIELD

  adw_expander_row_add_row (ADW_EXPANDER_ROW (item->expander), item->error_row);
  update_item_title (item);
  return item;
}

static gboolean
focus_idle (gpointer data)
{
  gtk_widget_grab_focus (GTK_WIDGET (data));
  return G_SOURCE_REMOVE;
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WmActionEditor *self = WM_ACTION_EDITOR (widget);
  ItemKind kind = g_str_equal (action_name, "editor.add-stage") ? ITEM_STAGE
                  : g_str_equal (action_name, "editor.add-milestone") ? ITEM_MILESTONE
                  : g_str_equal (action_name, "editor.add-dependency") ? ITEM_DEPENDENCY
                  : ITEM_EVIDENCE;
  Item *item = add_item (self, kind, NULL);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (item->expander), TRUE);
  /* once the row is laid out, so that focusing it scrolls it into view */
  g_timeout_add_full (G_PRIORITY_DEFAULT, 250, focus_idle, g_object_ref (item->fields[0]),
                      g_object_unref);
}

static gboolean
item_changed (Item *item)
{
  for (guint i = 0; i < MAX_FIELDS; i++)
    {
      GtkWidget *field = item->fields[i];

      if (field == NULL)
        continue;
      if (ADW_IS_COMBO_ROW (field))
        {
          if (adw_combo_row_get_selected (ADW_COMBO_ROW (field))
              != GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (field), "initial-selected")))
            return TRUE;
        }
      else if (GTK_IS_SPIN_BUTTON (field))
        {
          g_autofree char *value = g_strdup_printf (
            "%d", gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field)));
          if (g_strcmp0 (value, initial_of (field)) != 0)
            return TRUE;
        }
      else if (entry_changed (field))
        return TRUE;
    }
  return FALSE;
}

/* ---------- loading ---------- */

static void
load_text_view (GtkWidget  *view,
                const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text ? text : "",
                            -1);
  set_initial (view, text);
}

static gboolean
view_changed (GtkWidget *view)
{
  g_autofree char *text = view_text (view);
  return g_strcmp0 (text, initial_of (view)) != 0;
}

static void
add_agency (WmActionEditor *self,
            GtkStringList  *names,
            const char     *value)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *shown = NULL;

  if (is_blank (value))
    return;
  for (guint i = 0; i < self->agencies->len; i++)
    if (g_strcmp0 (self->agencies->pdata[i], value) == 0)
      return;
  g_ptr_array_add (self->agencies, g_strdup (value));
  /* several agencies are kept one a line; a combo shows one line */
  lines = g_strsplit (value, "\n", -1);
  shown = g_strjoinv (" / ", lines);
  gtk_string_list_append (names, shown);
}

static void
load_agencies (WmActionEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) actions = wm_store_list_actions (self->store, NULL, NULL);
  const char *current = wm_record_get (self->action, "agency");

  g_ptr_array_add (self->agencies, g_strdup (""));
  gtk_string_list_append (names, _("Not set"));
  for (guint i = 0; i < G_N_ELEMENTS (standard_agencies); i++)
    add_agency (self, names, _(standard_agencies[i]));
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    add_agency (self, names, wm_record_get (actions->pdata[i], "agency"));
  add_agency (self, names, current);
  adw_combo_row_set_model (ADW_COMBO_ROW (self->agency_row), G_LIST_MODEL (names));
  for (guint i = 0; i < self->agencies->len; i++)
    if (g_strcmp0 (self->agencies->pdata[i], is_blank (current) ? "" : current) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->agency_row), i);
        g_object_set_data (G_OBJECT (self->agency_row), "initial-selected", GUINT_TO_POINTER (i));
      }
}

static void
load_ratings (WmActionEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *current = wm_record_get (self->action, "rating_id");
  guint selected = 0;

  self->ratings = wm_store_list_ratings (self->store, NULL);
  if (self->ratings == NULL)
    self->ratings = g_ptr_array_new_with_free_func (g_object_unref);
  self->unrated = is_blank (current);
  if (self->unrated)
    gtk_string_list_append (names, _("Not rated"));
  for (guint i = 0; i < self->ratings->len; i++)
    {
      WmRecord *rating = self->ratings->pdata[i];

      gtk_string_list_append (names, wm_record_get_nonnull (rating, "label"));
      if (g_strcmp0 (wm_record_get_id (rating), current) == 0)
        selected = i;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->rating_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->rating_row), selected);
}

static void
load_items (WmActionEditor *self,
            ItemKind        kind,
            const char     *table,
            const char     *column)
{
  g_autoptr(GPtrArray) records = wm_store_list (self->store, table, column,
                                                wm_record_get_id (self->action), NULL);

  for (guint i = 0; records != NULL && i < records->len; i++)
    add_item (self, kind, records->pdata[i]);
}

static void
load (WmActionEditor *self)
{
  WmRecord *action = self->action;
  g_autofree char *start = shown_date (wm_record_get (action, "start_date"),
                                       wm_record_get (action, "start_text"));
  g_autofree char *due = shown_date (wm_record_get (action, "due_date"),
                                     wm_record_get (action, "due_text"));
  g_autofree char *completed = shown_date (wm_record_get (action, "completed_date"),
                                           wm_record_get (action, "completed_text"));
  g_autofree char *signed_at = shown_date (wm_record_get (action, "signed_off_at"), NULL);
  const char *progress = wm_record_get (action, "progress");

  set_entry (self->code_row, wm_record_get (action, "code"));
  set_entry (self->title_row, wm_record_get (action, "title"));
  load_text_view (self->description_view, wm_record_get (action, "description"));
  load_text_view (self->leads_view, wm_record_get (action, "leads"));
  load_agencies (self);
  set_entry (self->start_row, start);
  set_entry (self->due_row, due);
  set_entry (self->completed_row, completed);
  load_ratings (self);
  if (!is_blank (progress))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->last_note_row), progress);
      gtk_widget_set_visible (self->last_note_row, TRUE);
    }
  set_entry (self->signed_by_row, wm_record_get (action, "signed_off_by"));
  set_entry (self->signed_at_row, signed_at);
  load_text_view (self->impact_view, wm_record_get (action, "impact"));

  load_items (self, ITEM_STAGE, "stage", "action_id");
  load_items (self, ITEM_MILESTONE, "milestone", "action_id");
  load_items (self, ITEM_DEPENDENCY, "dependency", "from_action_id");
  load_items (self, ITEM_EVIDENCE, "evidence", "action_id");

  rating_selected (self);
}

/* ---------- checking ---------- */

/* What the core would refuse only after writing other parts, or not at
 * all (a milestone has no column for words): checked before anything is
 * written, and shown at the field. */
static gboolean
check_form (WmActionEditor *self)
{
  if (rating_changed (self) && is_blank (text_of (self->note_row)))
    {
      show_error (self, self->note_row,
                  _("Progress note: say why the rating changes; the board reads it beside "
                    "the new rating."));
      return FALSE;
    }
  if (!is_blank (text_of (self->signed_at_row)) && is_blank (text_of (self->signed_by_row)))
    {
      show_error (self, self->signed_by_row,
                  _("Signed off by: a sign-off date needs the name of who signed off."));
      return FALSE;
    }
  if (!is_blank (text_of (self->signed_by_row)) && entry_changed (self->signed_at_row))
    {
      g_autofree char *iso = required_date (text_of (self->signed_at_row), TRUE);
      if (iso == NULL)
        {
          show_error (self, self->signed_at_row,
                      _("Sign-off date: this is not a date (try 31/10/2023)."));
          return FALSE;
        }
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];
      g_autofree char *message = NULL;
      GtkWidget *bad = NULL;

      if (item->removed || (item->record != NULL && !item_changed (item)))
        continue;
      switch (item->kind)
        {
        case ITEM_STAGE:
          {
            g_autofree char *start = required_date (text_of (item->fields[1]), FALSE);
            g_autofree char *end = required_date (text_of (item->fields[2]), FALSE);

            if (is_blank (text_of (item->fields[0])))
              bad = item->fields[0], message = g_strdup (_("Label: a stage needs a label."));
            else if (start == NULL)
              bad = item->fields[1],
              message = g_strdup (_("Start date: a stage is a bar on the Gantt chart and needs "
                                    "a date (try 31/10/2023)."));
            else if (end == NULL)
              bad = item->fields[2],
              message = g_strdup (_("End date: a stage is a bar on the Gantt chart and needs "
                                    "a date (try 31/10/2023)."));
            else if (strcmp (end, start) < 0)
              bad = item->fields[2],
              message = g_strdup (_("End date: the stage ends before it starts."));
          }
          break;
        case ITEM_MILESTONE:
          {
            g_autofree char *due = required_date (text_of (item->fields[2]), TRUE);
            g_autofree char *done = required_date (text_of (item->fields[3]), TRUE);
            g_autofree char *signed_at = required_date (text_of (item->fields[5]), TRUE);

            if (is_blank (text_of (item->fields[1])))
              bad = item->fields[1], message = g_strdup (_("Title: a milestone needs a title."));
            else if (due == NULL)
              bad = item->fields[2],
              message = g_strdup (_("Due date: this is not a date (try 31/10/2023)."));
            else if (done == NULL)
              bad = item->fields[3],
              message = g_strdup (_("Done date: this is not a date (try 31/10/2023)."));
            else if (signed_at == NULL)
              bad = item->fields[5],
              message = g_strdup (_("Sign-off date: this is not a date (try 31/10/2023)."));
            else if (*signed_at != '\0' && is_blank (text_of (item->fields[4])))
              bad = item->fields[4],
              message = g_strdup (_("Signed off by: a sign-off date needs a name."));
          }
          break;
        case ITEM_DEPENDENCY:
          {
            g_autoptr(WmRecord) other = NULL;
            g_autofree char *code = g_strstrip (g_strdup (text_of (item->fields[0])));

            if (*code != '\0')
              other = wm_store_find_action (self->store, code, NULL);
            if (other == NULL)
              bad = item->fields[0],
              /* Translators: %s is what was typed for an action code */
              message = g_strdup_printf (_("Linked action: there is no action with the code "
                                           "“%s”."), code);
            else if (g_strcmp0 (wm_record_get_id (other), wm_record_get_id (self->action)) == 0)
              bad = item->fields[0],
              message = g_strdup (_("Linked action: an action cannot depend on itself."));
          }
          break;
        case ITEM_EVIDENCE:
          {
            g_autofree char *date = required_date (text_of (item->fields[2]), TRUE);

            if (is_blank (text_of (item->fields[0])))
              bad = item->fields[0],
              message = g_strdup (_("Title: say what the evidence is (“Minutes of the SEND "
                                    "Board”)."));
            else if (date == NULL)
              bad = item->fields[2],
              message = g_strdup (_("Date: this is not a date (try 31/10/2023)."));
          }
          break;
        default:
          g_assert_not_reached ();
        }
      if (bad != NULL)
        {
          show_error (self, bad, message);
          return FALSE;
        }
    }
  return TRUE;
}

/* The field an error from the core is about: its messages start with
 * the field's name ("Due date 2023-01-01 is before the start date"). */
static GtkWidget *
field_for_message (WmActionEditor *self,
                   const char     *message)
{
  static const struct { const char *prefix; gsize offset; } fields[] = {
    { "Code", G_STRUCT_OFFSET (WmActionEditor, code_row) },
    { "Title", G_STRUCT_OFFSET (WmActionEditor, title_row) },
    { "Start date", G_STRUCT_OFFSET (WmActionEditor, start_row) },
    { "Due date", G_STRUCT_OFFSET (WmActionEditor, due_row) },
    { "Completed date", G_STRUCT_OFFSET (WmActionEditor, completed_row) },
    { "Rating", G_STRUCT_OFFSET (WmActionEditor, note_row) },
    { "Sign-off date", G_STRUCT_OFFSET (WmActionEditor, signed_at_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_has_prefix (message, fields[i].prefix))
      return G_STRUCT_MEMBER (GtkWidget *, self, fields[i].offset);
  return NULL;
}

/* ---------- saving ---------- */

typedef struct
{
  GPtrArray *columns;   /* const char * */
  GPtrArray *values;    /* char *, owned */
} Changes;

static void
changes_put (Changes    *changes,
             const char *column,
             char       *value)
{
  g_ptr_array_add (changes->columns, (gpointer) column);
  g_ptr_array_add (changes->values, value);
}

static gboolean
store_item (WmActionEditor *self,
            Item           *item,
            const char     *author,
            GtkWidget     **bad,
            GError        **error)
{
  const char *action_id = wm_record_get_id (self->action);
  g_autofree char *id = item->record ? g_strdup (wm_record_get_id (item->record)) : NULL;

  if (item->removed)
    {
      if (item->record == NULL)
        return TRUE;
      switch (item->kind)
        {
        case ITEM_DEPENDENCY:
          return wm_plan_edit_remove_dependency (self->store, self->history, id, error);
        case ITEM_EVIDENCE:
          return wm_plan_edit_remove_evidence (self->store, self->history, id, error);
        case ITEM_STAGE:
        case ITEM_MILESTONE:
          /* wm-plan-edit has no removal of these: a tracked delete, recorded */
          if (!wm_store_delete (self->store, wm_record_get_table (item->record), id, error))
            return FALSE;
          wm_history_record_delete (self->history, item->record);
          return TRUE;
        default:
          g_assert_not_reached ();
        }
    }
  if (item->record != NULL && !item_changed (item))
    return TRUE;

  *bad = item->fields[0];
  switch (item->kind)
    {
    case ITEM_STAGE:
      {
        g_autofree char *start = required_date (text_of (item->fields[1]), FALSE);
        g_autofree char *end = required_date (text_of (item->fields[2]), FALSE);
        const char *label = text_of (item->fields[0]);

        if (id == NULL)
          {
            id = wm_store_insert (self->store, "stage", error, "action_id", action_id,
                                  "label", label, NULL);
            if (id == NULL)
              return FALSE;
            wm_history_record_insert (self->history, "stage", id);
          }
        else if (entry_changed (item->fields[0]))
          {
            if (!wm_store_update (self->store, "stage", id, error, "label", label, NULL))
              return FALSE;
            wm_history_record_update (self->history, "stage", id, "label",
                                      wm_record_get (item->record, "label"), label);
          }
        /* the core checks the bar lies within the action's (new) dates */
        *bad = item->fields[1];
        if ((item->record == NULL || entry_changed (item->fields[1])
             || entry_changed (item->fields[2]))
            && !wm_plan_edit_set_stage_dates (self->store, self->history, id, start, end,
                                              self->reason, author, error))
          return FALSE;
      }
      return TRUE;

    case ITEM_MILESTONE:
      {
        static const char *const columns[] = { "code", "title", "due_date", "done_date" };
        const char *before[G_N_ELEMENTS (columns)] = { NULL };
        g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
        char **values;

        for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
          {
            const char *typed = text_of (item->fields[i]);
            char *value = i < 2 ? g_strstrip (g_strdup (typed)) : required_date (typed, TRUE);

            if (value != NULL && *value == '\0')
              g_clear_pointer (&value, g_free);
            g_ptr_array_add (owned, value);
            before[i] = item->record ? wm_record_get (item->record, columns[i]) : NULL;
          }
        values = (char **) owned->pdata;
        if (id == NULL)
          {
            g_autoptr(WmRecord) plan = wm_store_get_plan (self->store, error);

            if (plan == NULL)
              return FALSE;
            id = wm_store_insert (self->store, "milestone", error,
                                  "plan_id", wm_record_get_id (plan), "action_id", action_id,
                                  "code", values[0], "title", values[1] ? values[1] : "",
                                  "due_date", values[2], "done_date", values[3], NULL);
            if (id == NULL)
              return FALSE;
            wm_history_record_insert (self->history, "milestone", id);
          }
        else
          for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
            {
              if (!entry_changed (item->fields[i]) || g_strcmp0 (before[i], values[i]) == 0)
                continue;
              *bad = item->fields[i];
              if (!wm_store_update (self->store, "milestone", id, error,
                                    columns[i], values[i] ? values[i] : (i == 1 ? "" : NULL),
                                    NULL))
                return FALSE;
              wm_history_record_update (self->history, "milestone", id, columns[i], before[i],
                                        values[i] ? values[i] : (i == 1 ? "" : NULL));
            }
        if (item->record == NULL ? !is_blank (text_of (item->fields[4]))
                                 : entry_changed (item->fields[4])
                                   || entry_changed (item->fields[5]))
          {
            const char *by = text_of (item->fields[4]);

            *bad = item->fields[4];
            if (!wm_plan_edit_sign_off (self->store, self->history, "milestone", id,
                                        is_blank (by) ? NULL : by,
                                        text_of (item->fields[5]), error))
              return FALSE;
          }
      }
      return TRUE;

    case ITEM_DEPENDENCY:
      {
        g_autoptr(WmRecord) other = NULL;
        g_autofree char *new_id = NULL;
        g_autofree char *code = g_strstrip (g_strdup (text_of (item->fields[0])));
        guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (item->fields[1]));
        int lag = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (item->fields[2]));

        other = wm_store_find_action (self->store, code, error);
        if (other == NULL)
          return FALSE;
        /* a changed link is the old one removed and a new one checked for
         * cycles: the core has no update of a dependency */
        if (id != NULL && !wm_plan_edit_remove_dependency (self->store, self->history, id, error))
          return FALSE;
        new_id = wm_plan_edit_add_dependency (self->store, self->history, action_id,
                                              wm_record_get_id (other),
                                              dependency_kinds[MIN (kind, 3)], lag, error);
        return new_id != NULL;
      }

    case ITEM_EVIDENCE:
      {
        g_autofree char *new_id = NULL;

        if (id != NULL && !wm_plan_edit_remove_evidence (self->store, self->history, id, error))
          return FALSE;
        new_id = wm_plan_edit_add_evidence (self->store, self->history, action_id, NULL,
                                            text_of (item->fields[0]), text_of (item->fields[1]),
                                            text_of (item->fields[2]), error);
        return new_id != NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

/* Everything the form changed, in one store transaction and one history
 * step: each wm_plan_edit call nests inside (a savepoint and a nested
 * step), so a refusal anywhere leaves the plan as it was and one Ctrl+Z
 * undoes the whole save. */
static gboolean
write_all (WmActionEditor *self,
           const char     *author,
           GtkWidget     **bad,
           GError        **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  Changes changes = { columns, values };
  const char *action_id = wm_record_get_id (self->action);
  struct { GtkWidget *row; const char *column; } entries[] = {
    { self->code_row, "code" }, { self->title_row, "title" },
    { self->start_row, "start_date" }, { self->due_row, "due_date" },
    { self->completed_row, "completed_date" },
  };
  struct { GtkWidget *view; const char *column; } views[] = {
    { self->description_view, "description" }, { self->leads_view, "leads" },
    { self->impact_view, "impact" },
  };
  guint agency = adw_combo_row_get_selected (ADW_COMBO_ROW (self->agency_row));

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (entry_changed (entries[i].row))
      changes_put (&changes, entries[i].column, g_strstrip (g_strdup (text_of (entries[i].row))));
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (view_changed (views[i].view))
      {
        char *text = view_text (views[i].view);
        /* a trailing blank line is no part of what was written */
        g_strchomp (text);
        changes_put (&changes, views[i].column, text);
      }
  if (agency < self->agencies->len
      && agency != GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self->agency_row),
                                                        "initial-selected")))
    changes_put (&changes, "agency", g_strdup (self->agencies->pdata[agency]));

  *bad = NULL;
  if (columns->len > 0)
    {
      g_ptr_array_add (columns, NULL);
      g_ptr_array_add (values, NULL);
      if (!wm_plan_edit_set_action (self->store, self->history, action_id,
                                    (const char *const *) columns->pdata,
                                    (const char *const *) values->pdata,
                                    self->reason, author, error))
        return FALSE;
    }

  if (rating_changed (self))
    {
      *bad = self->note_row;
      if (!wm_plan_edit_set_rating (self->store, self->history, action_id,
                                    wm_record_get (chosen_rating (self), "code"),
                                    text_of (self->note_row), author, error))
        return FALSE;
    }

  if (entry_changed (self->signed_by_row) || entry_changed (self->signed_at_row))
    {
      const char *by = text_of (self->signed_by_row);

      *bad = is_blank (by) ? self->signed_by_row : self->signed_at_row;
      if (!wm_plan_edit_sign_off (self->store, self->history, "action", action_id,
                                  is_blank (by) ? NULL : by, text_of (self->signed_at_row),
                                  error))
        return FALSE;
    }

  /* removals first, so that a link removed and added again is no cycle */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->items->len; i++)
      {
        Item *item = self->items->pdata[i];

        if (item->removed != (pass == 0))
          continue;
        if (!store_item (self, item, author, bad, error))
          return FALSE;
      }
  return TRUE;
}

static void ask_reason (WmActionEditor *self,
                        const char     *message);

static gboolean
save (WmActionEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *author = author_name ();
  GtkWidget *bad = NULL;

  clear_error (self);
  if (!check_form (self))
    return FALSE;

  if (!wm_store_begin (self->store, &error))
    {
      show_error (self, NULL, error->message);
      return FALSE;
    }
  {
    g_autofree char *label = g_strdup_printf (_("Edit Action %s"),
                                              wm_record_get_nonnull (self->action, "code"));
    wm_history_begin_step (self->history, label);
  }
  if (!write_all (self, author, &bad, &error) || !wm_store_commit (self->store, &error))
    {
      wm_store_rollback (self->store);
      wm_history_cancel_step (self->history);
      if (g_error_matches (error, WM_PLAN_EDIT_ERROR, WM_PLAN_EDIT_ERROR_REASON_REQUIRED))
        {
          ask_reason (self, error->message);
          return FALSE;
        }
      if (bad == NULL || bad == self->note_row)
        bad = field_for_message (self, error->message);
      show_error (self, bad, error->message);
      return FALSE;
    }
  wm_history_end_step (self->history);
  return TRUE;
}

static void
reason_changed (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "save",
                                           !is_blank (gtk_editable_get_text (entry)));
}

static gboolean
destroy_idle (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
reason_response (AdwMessageDialog *dialog,
                 const char       *response,
                 WmActionEditor   *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  if (!g_str_equal (response, "save"))
    return;
  g_free (self->reason);
  self->reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  /* Not destroyed here: the dialog, transient for the editor, still
   * finishes its response after this handler. */
  if (save (self))
    g_idle_add_full (G_PRIORITY_DEFAULT, destroy_idle, g_object_ref (self), g_object_unref);
}

/* A baseline is set and a date moved: the board will ask why, so the
 * reason is recorded with the move. */
static void
ask_reason (WmActionEditor *self,
            const char     *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Why Did the Date Move?"),
                                              message);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason for the change"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for the change"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save With Reason"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reason_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmActionEditor *self = WM_ACTION_EDITOR (widget);

  if (save (self))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

/* ---------- life cycle ---------- */

static void
wm_action_editor_dispose (GObject *object)
{
  WmActionEditor *self = WM_ACTION_EDITOR (object);

  g_clear_object (&self->marked);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_ACTION_EDITOR);
  g_clear_object (&self->store);
  g_clear_object (&self->history);
  g_clear_object (&self->action);

  G_OBJECT_CLASS (wm_action_editor_parent_class)->dispose (object);
}

static void
wm_action_editor_finalize (GObject *object)
{
  WmActionEditor *self = WM_ACTION_EDITOR (object);

  /* after the rows are gone: their handlers point at the items */
  g_ptr_array_unref (self->items);
  g_clear_pointer (&self->ratings, g_ptr_array_unref);
  g_ptr_array_unref (self->agencies);
  g_free (self->reason);

  G_OBJECT_CLASS (wm_action_editor_parent_class)->finalize (object);
}

static void
wm_action_editor_class_init (WmActionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_action_editor_dispose;
  object_class->finalize = wm_action_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/waymark/Waymark/ui/wm-action-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, page);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, code_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, agency_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, leads_view);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, due_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, completed_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, rating_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, note_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, last_note_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, sign_off_warning);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, signed_by_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, signed_at_row);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, stages_group);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, milestones_group);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, dependencies_group);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, evidence_group);
  gtk_widget_class_bind_template_child (widget_class, WmActionEditor, impact_view);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-stage", NULL, add_item_action);
  gtk_widget_class_install_action (widget_class, "editor.add-milestone", NULL, add_item_action);
  gtk_widget_class_install_action (widget_class, "editor.add-dependency", NULL, add_item_action);
  gtk_widget_class_install_action (widget_class, "editor.add-evidence", NULL, add_item_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
wm_action_editor_init (WmActionEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->agencies = g_ptr_array_new_with_free_func (g_free);

  GtkWidget *rows[] = {
    self->code_row, self->title_row, self->start_row, self->due_row, self->completed_row,
    self->note_row, self->signed_by_row, self->signed_at_row,
  };
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      add_error_row (rows[i]);
      g_signal_connect_swapped (rows[i], "changed", G_CALLBACK (field_edited), self);
    }
  g_signal_connect_swapped (self->rating_row, "notify::selected", G_CALLBACK (rating_selected),
                            self);
  g_signal_connect_swapped (self->signed_by_row, "changed", G_CALLBACK (update_sign_off_warning),
                            self);
}

/* A GtkTextView outside a scrolled window first measures the lines it
 * has laid out so far, and a view of several short lines (the leads)
 * can come out a line short: measure again once all is laid out. */
static gboolean
remeasure_idle (gpointer data)
{
  WmActionEditor *self = data;

  gtk_widget_queue_resize (self->description_view);
  gtk_widget_queue_resize (self->leads_view);
  gtk_widget_queue_resize (self->impact_view);
  return G_SOURCE_REMOVE;
}

static void
remeasure_text_views (WmActionEditor *self)
{
  g_timeout_add_full (G_PRIORITY_LOW, 100, remeasure_idle, g_object_ref (self), g_object_unref);
}

/**
 * wm_action_editor_new:
 * @parent: the window it belongs to
 * @store: the plan
 * @action_id: the action to edit
 *
 * Returns: (transfer none): the editor, not yet shown; it destroys itself
 *   when saved or cancelled
 */
WmActionEditor *
wm_action_editor_new (GtkWindow  *parent,
                      WmStore    *store,
                      const char *action_id)
{
  WmActionEditor *self;
  g_autoptr(WmRecord) action = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (action_id != NULL, NULL);

  action = wm_store_get (store, "action", action_id, NULL);
  g_return_val_if_fail (action != NULL, NULL);

  self = g_object_new (WM_TYPE_ACTION_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->history = g_object_ref (wm_history_get_for_store (store));
  self->action = g_steal_pointer (&action);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  /* Translators: the editor's window title: "Edit Action 1.2a" */
  title = g_strdup_printf (_("Edit Action %s"), wm_record_get_nonnull (self->action, "code"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  load (self);
  gtk_widget_grab_focus (self->title_row);
  /* focus selects all of a long title, where one key would replace it:
   * start at its beginning instead, which is also what shows */
  gtk_editable_select_region (GTK_EDITABLE (self->title_row), 0, 0);
  gtk_editable_set_position (GTK_EDITABLE (self->title_row), 0);
  g_signal_connect (self, "map", G_CALLBACK (remeasure_text_views), NULL);
  return self;
}
