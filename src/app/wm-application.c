#define G_LOG_DOMAIN "wm-application"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-application.h"
#include "wm-preferences-window.h"
#include "wm-window.h"

#define MAX_RECENT 8

struct _WmApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *screenshot_dir;  /* --screenshots: save each view and quit */
  gboolean        open_sample;
  char           *edit_action;     /* --edit-action: open this action's editor */
};

G_DEFINE_FINAL_TYPE (WmApplication, wm_application, ADW_TYPE_APPLICATION)

WmApplication *
wm_application_new (void)
{
  return g_object_new (WM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/waymark/Waymark",
                       NULL);
}

GSettings *
wm_application_get_settings (WmApplication *self)
{
  g_return_val_if_fail (WM_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* The sample lives in the user's data folder so that it can be explored
 * and changed like a real plan, and opened again later. */
char *
wm_application_sample_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "waymark", "Sample plan.waymark", NULL);
}

void
wm_application_add_recent (WmApplication *self,
                           const char    *path)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-databases");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] && n < MAX_RECENT; i++)
    if (!g_str_equal (recent[i], path))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-databases", (const char *const *) updated);
  g_settings_set_string (self->settings, "last-database", path);
}

static WmWindow *
new_window (WmApplication *self)
{
  WmWindow *window = wm_window_new (self);

  if (self->screenshot_dir != NULL)
    wm_window_take_screenshots (window, self->screenshot_dir);
  return window;
}

static void
wm_application_activate (GApplication *app)
{
  WmApplication *self = WM_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      WmWindow *win = new_window (self);
      if (self->open_sample)
        wm_window_open_sample (win);
      window = GTK_WINDOW (win);
    }
  gtk_window_present (window);
  /* after the window, so that the editor is above it even with no
   * window manager (the UI tests run under bare Xvfb) */
  if (self->edit_action != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-action", "s", self->edit_action);
}

static void
wm_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  WmApplication *self = WM_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      WmWindow *window = new_window (self);
      g_autofree char *path = g_file_get_path (files[i]);

      wm_window_open_path (window, path);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static int
wm_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  WmApplication *self = WM_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("waymark %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "screenshots", "^ay", &self->screenshot_dir);
  self->open_sample = g_variant_dict_contains (options, "sample");
  g_variant_dict_lookup (options, "edit-action", "s", &self->edit_action);
  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "Waymark developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Waymark"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Deliver a SEND improvement plan together: the action "
                                       "plan and its Gantt, risks, EHC plan audits and KPIs, "
                                       "shared between laptops by file."),
                         "developer-name", _("Waymark developers"),
                         "developers", developers,
                         "website", "https://github.com/waymark/waymark",
                         "issue-url", "https://github.com/waymark/waymark/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 Waymark developers",
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (new_window (WM_APPLICATION (user_data))));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (wm_preferences_window_new (parent)));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "preferences", preferences_action },
};

static void
wm_application_startup (GApplication *app)
{
  WmApplication *self = WM_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.new-window", { "<Control><Shift>n", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.new-plan", { "<Control>n", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.show-view::plan", { "<Alt>1", NULL } },
    { "win.show-view::risks", { "<Alt>2", NULL } },
    { "win.show-view::audits", { "<Alt>3", NULL } },
    { "win.show-view::kpis", { "<Alt>4", NULL } },
    { "win.show-primary-menu", { "F10", NULL } },
  };

  G_APPLICATION_CLASS (wm_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
wm_application_finalize (GObject *object)
{
  WmApplication *self = WM_APPLICATION (object);

  g_clear_object (&self->settings);
  g_free (self->screenshot_dir);
  g_free (self->edit_action);

  G_OBJECT_CLASS (wm_application_parent_class)->finalize (object);
}

static void
wm_application_class_init (WmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = wm_application_finalize;
  app_class->activate = wm_application_activate;
  app_class->open = wm_application_open;
  app_class->startup = wm_application_startup;
  app_class->handle_local_options = wm_application_handle_local_options;
}

static void
wm_application_init (WmApplication *self)
{
  static const GOptionEntry options[] = {
    { "sample", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the sample plan"), NULL },
    { "screenshots", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
      N_("Save a screenshot of every view into DIR, then quit"), N_("DIR") },
    { "edit-action", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      N_("Open the editor of the action with this code (for tests)"), N_("CODE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
