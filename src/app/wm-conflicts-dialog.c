#define G_LOG_DOMAIN "wm-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-conflicts-dialog.h"
#include "wm-sync.h"

/* Each open conflict shows the record by its human code ("action 1.2a"),
 * the field, both values, and who wrote each and when.  Choosing writes
 * the chosen value as a new edit, which then travels to the other laptops
 * with the next changes file. */
struct _WmConflictsDialog
{
  AdwWindow            parent_instance;

  WmStore             *store;
  GtkStack            *stack;
  AdwPreferencesGroup *group;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (WmConflictsDialog, wm_conflicts_dialog, ADW_TYPE_WINDOW)

static void reload (WmConflictsDialog *self);

static char *
describe_side (const char *value,
               gboolean    deleted,
               const char *site_name,
               gint64      at)
{
  g_autofree char *when = NULL;
  const char *who = site_name ? site_name : _("another laptop");

  if (at > 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (at);
      when = g_date_time_format (time, "%e %b %Y %H:%M");
      g_strstrip (when);
    }
  if (deleted)
    return when ? g_strdup_printf (_("deleted the record (%s, %s)"), who, when)
                : g_strdup_printf (_("deleted the record (%s)"), who);
  return when ? g_strdup_printf ("“%s” (%s, %s)", value ? value : "", who, when)
              : g_strdup_printf ("“%s” (%s)", value ? value : "", who);
}

static void
resolve_clicked_cb (GtkButton         *button,
                    WmConflictsDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "conflict-id"));
  WmConflictChoice choice = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "choice"));
  g_autoptr(GError) error = NULL;

  if (!wm_sync_resolve_conflict (self->store, id, choice, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Could Not Resolve the Conflict"),
                                                  error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  reload (self);
}

static GtkWidget *
choice_button (WmConflictsDialog *self,
               const WmConflict  *conflict,
               WmConflictChoice   choice)
{
  const char *label = choice == WM_CONFLICT_KEEP_MINE ? _("Keep Mine") : _("Take Theirs");
  GtkWidget *button = gtk_button_new_with_label (label);
  g_autofree char *name = g_strdup_printf ("%s: %s, %s", label,
                                           conflict->record_label ? conflict->record_label : "",
                                           conflict->field);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data (G_OBJECT (button), "conflict-id", GSIZE_TO_POINTER (conflict->id));
  g_object_set_data (G_OBJECT (button), "choice", GINT_TO_POINTER (choice));
  g_signal_connect_object (button, "clicked", G_CALLBACK (resolve_clicked_cb), self, 0);
  return button;
}

static void
reload (WmConflictsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = wm_sync_list_conflicts (self->store, FALSE, &error);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  if (conflicts == NULL)
    {
      g_warning ("Could not read conflicts: %s", error->message);
      return;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      WmConflict *conflict = conflicts->pdata[i];
      g_autofree char *title = g_strdup_printf ("%s · %s",
                                                conflict->record_label ? conflict->record_label
                                                                       : conflict->table,
                                                conflict->field);
      g_autofree char *mine = describe_side (conflict->mine_value, conflict->mine_deleted,
                                             conflict->mine_site_name, conflict->mine_at);
      g_autofree char *theirs = describe_side (conflict->theirs_value, conflict->theirs_deleted,
                                               conflict->theirs_site_name, conflict->theirs_at);
      g_autofree char *subtitle = g_strdup_printf (_("Here: %s\nTheirs: %s\nThe plan now shows %s."),
                                                   mine, theirs,
                                                   conflict->mine_kept ? _("the value from here")
                                                                       : _("their value"));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 choice_button (self, conflict, WM_CONFLICT_KEEP_MINE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 choice_button (self, conflict, WM_CONFLICT_TAKE_THEIRS));
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (self->stack, conflicts->len ? "list" : "empty");
}

static void
wm_conflicts_dialog_dispose (GObject *object)
{
  WmConflictsDialog *self = WM_CONFLICTS_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (wm_conflicts_dialog_parent_class)->dispose (object);
}

static void
wm_conflicts_dialog_class_init (WmConflictsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = wm_conflicts_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wm_conflicts_dialog_init (WmConflictsDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->rows = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Conflicts"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_description (self->group,
                                         _("The same field was changed on two laptops before "
                                           "they exchanged changes. Both values are kept here: "
                                           "choose the one the plan should hold."));
  gtk_widget_set_margin_top (GTK_WIDGET (self->group), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->group), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->group), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->group), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->group));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Conflicts"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Every change received so far merged cleanly."));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, scrolled, "list");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

GtkWidget *
wm_conflicts_dialog_new (WmStore *store)
{
  WmConflictsDialog *self = g_object_new (WM_TYPE_CONFLICTS_DIALOG, NULL);

  self->store = g_object_ref (store);
  reload (self);
  return GTK_WIDGET (self);
}
