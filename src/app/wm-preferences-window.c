#define G_LOG_DOMAIN "wm-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-application.h"
#include "wm-preferences-window.h"

struct _WmPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow         *name_row;
  AdwEntryRow         *my_lead_row;
};

G_DEFINE_FINAL_TYPE (WmPreferencesWindow, wm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/**
 * wm_preferences_get_settings:
 *
 * The application's settings when Waymark is running, so that a change
 * made here reaches every window at once; a settings object of its own
 * otherwise (a test that builds one widget).
 *
 * Returns: (transfer full): the settings
 */
GSettings *
wm_preferences_get_settings (void)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL && WM_IS_APPLICATION (app)
      && wm_application_get_settings (WM_APPLICATION (app)) != NULL)
    return g_object_ref (wm_application_get_settings (WM_APPLICATION (app)));
  return g_settings_new (APP_ID);
}

/**
 * wm_preferences_get_author:
 *
 * The name to record as the author of an edit: the one set in
 * Preferences, else the account's full name, else its login name
 * (GLib says "Unknown" when the account has no full name, which would
 * tell a board nothing).
 *
 * Returns: (transfer full): the name, never empty
 */
char *
wm_preferences_get_author (void)
{
  g_autoptr(GSettings) settings = wm_preferences_get_settings ();
  g_autofree char *name = g_settings_get_string (settings, "author-name");
  const char *real_name;

  g_strstrip (name);
  if (*name != '\0')
    return g_steal_pointer (&name);
  real_name = g_get_real_name ();
  if (real_name != NULL && *real_name != '\0' && !g_str_equal (real_name, "Unknown"))
    return g_strdup (real_name);
  return g_strdup (g_get_user_name ());
}

/**
 * wm_preferences_get_my_lead:
 *
 * Returns: (transfer full): the lead or agency set in Preferences,
 *   trimmed; empty when none is set
 */
char *
wm_preferences_get_my_lead (void)
{
  g_autoptr(GSettings) settings = wm_preferences_get_settings ();
  char *lead = g_settings_get_string (settings, "my-lead");

  return g_strstrip (lead);
}

static void
wm_preferences_window_class_init (WmPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/waymark/Waymark/ui/wm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WmPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, WmPreferencesWindow, my_lead_row);
}

static void
wm_preferences_window_init (WmPreferencesWindow *self)
{
  g_autoptr(GSettings) settings = wm_preferences_get_settings ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* saved as typed: there is no Apply button to forget */
  g_settings_bind (settings, "author-name", self->name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "my-lead", self->my_lead_row, "text", G_SETTINGS_BIND_DEFAULT);
}

WmPreferencesWindow *
wm_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (WM_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
