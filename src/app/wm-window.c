#define G_LOG_DOMAIN "wm-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wm-action-editor.h"
#include "wm-application.h"
#include "wm-audit-view.h"
#include "wm-board-pack-dialog.h"
#include "wm-changes-window.h"
#include "wm-kpi-view.h"
#include "wm-plan-view.h"
#include "wm-risk-view.h"
#include "wm-sample.h"
#include "wm-screenshot.h"
#include "wm-view.h"
#include "wm-window.h"
#include "wm-window-private.h"

struct _WmWindow
{
  AdwApplicationWindow  parent_instance;

  WmStore              *store;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *menu_button;
  GtkMenuButton        *welcome_menu_button;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  GtkWidget            *plan_view;
  GtkWidget            *risk_view;
  GtkWidget            *audit_view;
  GtkWidget            *kpi_view;

  GtkFileChooserNative *chooser;
  char                 *screenshot_dir;
  gboolean              review_mode;
};

G_DEFINE_FINAL_TYPE (WmWindow, wm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_REVIEW_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GSettings *
get_settings (WmWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  return wm_application_get_settings (WM_APPLICATION (app));
}

void
wm_window_show_error (WmWindow     *self,
                      const char   *heading,
                      const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
wm_window_toast (WmWindow   *self,
                 const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
update_title (WmWindow *self)
{
  g_autoptr(WmRecord) plan = NULL;
  g_autofree char *basename = NULL;
  const char *title = NULL;

  if (self->store == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Waymark"));
      return;
    }
  plan = wm_store_get_plan (self->store, NULL);
  basename = g_path_get_basename (wm_store_get_path (self->store));
  if (plan != NULL && *wm_record_get_nonnull (plan, "title") != '\0')
    title = wm_record_get (plan, "title");
  adw_view_switcher_title_set_title (self->switcher_title, title ? title : basename);
  if (self->review_mode)
    {
      /* Always in sight, so nobody wonders why nothing can be changed. */
      g_autofree char *subtitle = g_strdup_printf (_("%s — Review Mode, read only"),
                                                   plan ? wm_record_get_nonnull (plan, "area") : "");
      adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
    }
  else
    adw_view_switcher_title_set_subtitle (self->switcher_title,
                                          plan ? wm_record_get_nonnull (plan, "area") : "");
  gtk_window_set_title (GTK_WINDOW (self), title ? title : basename);
}

static void
store_changed_cb (WmWindow   *self,
                  const char *table,
                  const char *id,
                  WmStore    *store)
{
  if (table == NULL || g_str_equal (table, "plan"))
    update_title (self);
}

static void
set_store (WmWindow *self,
           WmStore  *store)
{
  GtkWidget *views[] = { self->plan_view, self->risk_view, self->audit_view, self->kpi_view };

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);

  /* Review mode is the window's, not the file's: it stays on when another
   * plan is opened in the same window. */
  if (store != NULL)
    wm_store_set_review_mode (store, self->review_mode);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    wm_view_set_store (WM_VIEW (views[i]), store);

  gtk_stack_set_visible_child_name (self->main_stack, store ? "plan" : "welcome");
  update_title (self);
  wm_window_sync_update (self);
  wm_window_history_update (self);
}

static void
set_review_mode (WmWindow *self,
                 gboolean  review_mode)
{
  review_mode = !!review_mode;
  if (self->review_mode == review_mode)
    return;
  self->review_mode = review_mode;
  if (self->store != NULL)
    wm_store_set_review_mode (self->store, review_mode);
  update_title (self);
  wm_window_history_update (self);
  wm_window_toast (self, review_mode ? _("Review Mode: the plan cannot be changed")
                                     : _("Review Mode off: changes are saved again"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW_MODE]);
}

static void
wm_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  WmWindow *self = WM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REVIEW_MODE:
      g_value_set_boolean (value, self->review_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  WmWindow *self = WM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REVIEW_MODE:
      set_review_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

WmStore *
wm_window_get_store (WmWindow *self)
{
  g_return_val_if_fail (WM_IS_WINDOW (self), NULL);
  return self->store;
}

gboolean
wm_window_open_path (WmWindow   *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) plan = NULL;

  g_return_val_if_fail (WM_IS_WINDOW (self), FALSE);

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    plan = wm_store_get_plan (store, &error);
  if (plan == NULL)
    {
      wm_window_show_error (self, _("Could Not Open Plan"), error);
      return FALSE;
    }
  set_store (self, store);
  wm_application_add_recent (WM_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                             path);
  return TRUE;
}

void
wm_window_open_sample (WmWindow *self)
{
  g_autofree char *path = wm_application_sample_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(WmStore) store = NULL;

      g_mkdir_with_parents (dir, 0700);
      store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
      if (store == NULL || !wm_sample_load (store, &error))
        {
          g_clear_object (&store);
          /* never leave a half-made sample behind to be opened later */
          g_unlink (path);
          wm_window_show_error (self, _("Could Not Create the Sample Plan"), error);
          return;
        }
    }
  wm_window_open_path (self, path);
}

/* ---------- actions ---------- */

/* "win.edit-action" ('s', an action's code): opens the action editor.
 * The Plan view and `waymark --edit-action CODE` (the UI tests) use it. */
static void
edit_action_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) action = NULL;

  if (self->store == NULL)
    return;
  action = wm_store_find_action (self->store, g_variant_get_string (parameter, NULL), &error);
  if (action == NULL)
    {
      wm_window_show_error (self, _("Could Not Open the Action"), error);
      return;
    }
  gtk_window_present (GTK_WINDOW (wm_action_editor_new (GTK_WINDOW (self), self->store,
                                                        wm_record_get_id (action))));
}

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  wm_window_open_sample (WM_WINDOW (widget));
}

static void
chooser_response_cb (WmWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  GtkFileChooserAction kind = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser));

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  if (path == NULL)
    goto out;

  if (kind == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WmStore) store = NULL;
      g_autofree char *plan_id = NULL;
      g_autofree char *title = NULL;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("“%s” already exists. Choose a new name for the new plan."), path);
          wm_window_show_error (self, _("Could Not Create Plan"), error);
          goto out;
        }
      title = g_path_get_basename (path);
      if (g_str_has_suffix (title, ".waymark"))
        title[strlen (title) - strlen (".waymark")] = '\0';
      store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
      if (store != NULL)
        plan_id = wm_store_create_plan (store, "", title, &error);
      if (plan_id == NULL)
        {
          g_clear_object (&store);
          g_unlink (path);
          wm_window_show_error (self, _("Could Not Create Plan"), error);
          goto out;
        }
    }
  wm_window_open_path (self, path);

out:
  g_clear_object (&self->chooser);
}

static void
run_chooser (WmWindow             *self,
             GtkFileChooserAction  action)
{
  g_autoptr(GtkFileFilter) plans = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  gboolean save = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  gtk_file_filter_set_name (plans, _("Waymark plans"));
  gtk_file_filter_add_pattern (plans, "*.waymark");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (save ? _("New Plan") : _("Open Plan"),
                                               GTK_WINDOW (self), action,
                                               save ? _("_Create") : _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), plans);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                       _("Improvement plan.waymark"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  run_chooser (WM_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
new_plan_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  run_chooser (WM_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  wm_window_open_path (WM_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);

  if (self->store != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
}

static void
show_primary_menu_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);

  gtk_menu_button_popup (self->store ? self->menu_button : self->welcome_menu_button);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---------- recent plans ---------- */

static void
rebuild_recent (WmWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (get_settings (self), "recent-databases");
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))))
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; recent[i]; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autofree char *dir = g_path_get_dirname (recent[i]);
      GtkWidget *row;

      if (!g_file_test (recent[i], G_FILE_TEST_EXISTS))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", recent[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), shown > 0);
}

/* ---------- screenshots ---------- */

typedef struct
{
  WmWindow *window;
  guint     index;
} ScreenshotJob;

static const char *const screenshot_views[] = { "plan", "risks", "audits", "kpis" };

static gboolean
screenshot_step (gpointer data)
{
  ScreenshotJob *job = data;
  WmWindow *self = job->window;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    {
      /* no plan: what a person sees first is the welcome page */
      g_autofree char *path = g_build_filename (self->screenshot_dir, "welcome.png", NULL);

      if (wm_screenshot_save (GTK_WIDGET (self), path, &error))
        g_print ("%s\n", path);
      else
        g_printerr ("waymark: %s\n", error->message);
      g_application_quit (g_application_get_default ());
      return G_SOURCE_REMOVE;
    }

  /* Each view was shown on the previous step and has drawn since. */
  if (job->index > 0)
    {
      const char *name = screenshot_views[job->index - 1];
      g_autofree char *file = g_strdup_printf ("%s.png", name);
      g_autofree char *path = g_build_filename (self->screenshot_dir, file, NULL);

      if (!wm_screenshot_save (GTK_WIDGET (self), path, &error))
        {
          g_printerr ("waymark: %s\n", error->message);
          g_application_quit (g_application_get_default ());
          return G_SOURCE_REMOVE;
        }
      g_print ("%s\n", path);
    }
  if (job->index == G_N_ELEMENTS (screenshot_views))
    {
      g_application_quit (g_application_get_default ());
      return G_SOURCE_REMOVE;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, screenshot_views[job->index]);
  job->index++;
  return G_SOURCE_CONTINUE;
}

static void
start_screenshots (WmWindow *self)
{
  ScreenshotJob *job = g_new0 (ScreenshotJob, 1);

  job->window = self;
  g_mkdir_with_parents (self->screenshot_dir, 0755);
  /* Wait long enough between views for layout and a frame to happen. */
  g_timeout_add_full (G_PRIORITY_LOW, 700, screenshot_step, job, g_free);
}

void
wm_window_take_screenshots (WmWindow   *self,
                            const char *directory)
{
  g_return_if_fail (WM_IS_WINDOW (self));

  g_free (self->screenshot_dir);
  self->screenshot_dir = g_strdup (directory);
  g_signal_connect_swapped (self, "map", G_CALLBACK (start_screenshots), self);
}

/* ---------- life cycle ---------- */

/* After construction: "application" is not a construct property, so the
 * settings cannot be reached from constructed(). */
static void
load_settings (WmWindow *self)
{
  GSettings *settings = get_settings (self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect_object (settings, "changed::recent-databases", G_CALLBACK (rebuild_recent),
                           self, G_CONNECT_SWAPPED);
  rebuild_recent (self);
}

static gboolean
wm_window_close_request (GtkWindow *window)
{
  WmWindow *self = WM_WINDOW (window);
  GSettings *settings = get_settings (self);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (wm_window_parent_class)->close_request (window);
}

static void
wm_window_dispose (GObject *object)
{
  WmWindow *self = WM_WINDOW (object);

  if (self->store != NULL)
    set_store (self, NULL);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_WINDOW);

  G_OBJECT_CLASS (wm_window_parent_class)->dispose (object);
}

static void
wm_window_finalize (GObject *object)
{
  WmWindow *self = WM_WINDOW (object);

  g_free (self->screenshot_dir);

  G_OBJECT_CLASS (wm_window_parent_class)->finalize (object);
}

static void
wm_window_class_init (WmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_window_dispose;
  object_class->finalize = wm_window_finalize;
  object_class->get_property = wm_window_get_property;
  object_class->set_property = wm_window_set_property;

  /* A read-only review mode, for a co-chair reading the plan before a
   * board: nothing can be changed by accident (the store refuses). */
  properties[PROP_REVIEW_MODE] =
    g_param_spec_boolean ("review-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  GTK_WINDOW_CLASS (klass)->close_request = wm_window_close_request;

  g_type_ensure (WM_TYPE_PLAN_VIEW);
  g_type_ensure (WM_TYPE_RISK_VIEW);
  g_type_ensure (WM_TYPE_AUDIT_VIEW);
  g_type_ensure (WM_TYPE_KPI_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/waymark/Waymark/ui/wm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, welcome_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, plan_view);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, risk_view);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, audit_view);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, kpi_view);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.new-plan", NULL, new_plan_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-primary-menu", NULL,
                                   show_primary_menu_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.edit-action", "s", edit_action_action);
  wm_window_sync_class_init (widget_class);
  wm_window_history_class_init (widget_class);
  wm_window_export_class_init (widget_class);
  gtk_widget_class_install_property_action (widget_class, "win.review-mode", "review-mode");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.review-mode", NULL);
  wm_board_pack_dialog_install (widget_class);
  wm_changes_window_install (widget_class);
}

static void
wm_window_init (WmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wm_window_sync_update (self);
  wm_window_history_update (self);
}

WmWindow *
wm_window_new (WmApplication *application)
{
  WmWindow *self = g_object_new (WM_TYPE_WINDOW, "application", application, NULL);

  load_settings (self);
  return self;
}
