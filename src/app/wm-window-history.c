/* wm-window-history.c: WmWindow's Undo, Redo and Review Mode
 *
 * The history belongs to the open database (wm_history_get_for_store), so
 * it starts empty whenever a plan is opened: an undo can never take a
 * freshly opened plan back past what this person did in this session.
 * Editors anywhere in the window record into it; the window only offers
 * the two actions and says what was undone.
 */
#define G_LOG_DOMAIN "wm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-history.h"
#include "wm-window-private.h"

static WmHistory *
current_history (WmWindow *self)
{
  WmStore *store = wm_window_get_store (self);

  return store != NULL ? wm_history_get_for_store (store) : NULL;
}

static void
update_actions (WmWindow *self)
{
  WmHistory *history = current_history (self);
  WmStore *store = wm_window_get_store (self);
  gboolean review = store != NULL && wm_store_get_review_mode (store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 history != NULL && !review && wm_history_can_undo (history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 history != NULL && !review && wm_history_can_redo (history));
}

static void
step (WmWindow *self,
      gboolean  undo)
{
  WmHistory *history = current_history (self);
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (history == NULL)
    return;
  label = g_strdup (undo ? wm_history_get_undo_label (history) : wm_history_get_redo_label (history));
  if (!(undo ? wm_history_undo (history, &error) : wm_history_redo (history, &error)))
    {
      wm_window_show_error (self, undo ? _("Could Not Undo") : _("Could Not Redo"), error);
      return;
    }
  /* Say what changed: an undo with no visible effect in the current view
   * would otherwise look like nothing happened. */
  if (label != NULL)
    text = g_strdup_printf (undo ? _("Undone: %s") : _("Redone: %s"), label);
  wm_window_toast (self, text != NULL ? text : (undo ? _("Undone") : _("Redone")));
  update_actions (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  step (WM_WINDOW (widget), TRUE);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  step (WM_WINDOW (widget), FALSE);
}

void
wm_window_history_update (WmWindow *self)
{
  WmHistory *history = current_history (self);
  WmHistory *watched = g_object_get_data (G_OBJECT (self), "wm-watched-history");

  if (watched != history)
    {
      if (watched != NULL)
        g_signal_handlers_disconnect_by_data (watched, self);
      if (history != NULL)
        {
          g_signal_connect_object (history, "notify::can-undo", G_CALLBACK (update_actions), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (history, "notify::can-redo", G_CALLBACK (update_actions), self,
                                   G_CONNECT_SWAPPED);
        }
      g_object_set_data_full (G_OBJECT (self), "wm-watched-history",
                              history != NULL ? g_object_ref (history) : NULL,
                              g_object_unref);
    }
  update_actions (self);
}

void
wm_window_history_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
}
