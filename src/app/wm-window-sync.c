/* wm-window-sync.c: WmWindow's sync by file: Send Changes…, Receive
 * Changes…, Open Shared Plan…, the sync status and conflict review
 *
 * Exports and imports run in a worker thread on a connection of their own
 * to the same file, so the window never freezes on a big file; the
 * window's store sees the import as a change by another connection and
 * every view refreshes itself. */
#define G_LOG_DOMAIN "wm-window-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "wm-conflicts-dialog.h"
#include "wm-sync-status-dialog.h"
#include "wm-sync.h"
#include "wm-window-private.h"

typedef enum
{
  JOB_EXPORT,
  JOB_IMPORT,
  JOB_JOIN,
} JobKind;

typedef struct
{
  JobKind  kind;
  char    *db_path;
  char    *file;
  char    *peer;      /* export: for whom (NULL: everything) */
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->file);
  g_free (job->peer);
  g_free (job);
}

static void
run_job (GTask        *task,
         gpointer      source,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  WmSyncReport *report = NULL;
  gboolean ok;

  store = wm_store_open (job->db_path,
                         job->kind == JOB_JOIN ? WM_STORE_OPEN_CREATE : WM_STORE_OPEN_DEFAULT,
                         &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (job->kind == JOB_EXPORT)
    ok = wm_sync_export (store, job->file, job->peer, &report, &error);
  else
    ok = wm_sync_import (store, job->file, &report, &error);

  if (!ok)
    {
      /* a failed join must not leave an empty plan behind to be opened */
      if (job->kind == JOB_JOIN)
        {
          g_clear_object (&store);
          g_unlink (job->db_path);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, report, (GDestroyNotify) wm_sync_report_free);
}

static char *
describe_changes (const WmSyncReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint rows = wm_sync_report_get_changed_rows (report);

  if (rows == 0)
    g_string_append (text, _("Nothing new: this plan already had every change in the file."));
  else
    g_string_append_printf (text, ngettext ("%u record changed", "%u records changed", rows),
                            rows);
  for (guint i = 0; report->tables && i < report->tables->len; i++)
    {
      WmSyncTableCount *count = report->tables->pdata[i];
      g_string_append_printf (text, _("\n• %s: %u added, %u updated, %u deleted"), count->table,
                              count->added, count->updated, count->deleted);
    }
  if (report->conflicts > 0)
    g_string_append_printf (text,
                            ngettext ("\n\n%u edit conflicted with a change made here. Both values "
                                      "are kept: review it to choose.",
                                      "\n\n%u edits conflicted with changes made here. Both values "
                                      "are kept: review them to choose.",
                                      report->conflicts),
                            report->conflicts);
  if (report->settled > 0)
    g_string_append_printf (text,
                            ngettext ("\n\n%u conflict is settled: the other laptop had seen "
                                      "both values and chose.",
                                      "\n\n%u conflicts are settled: the other laptop had seen "
                                      "both values and chose.",
                                      report->settled),
                            report->settled);
  if (!report->follows_on)
    g_string_append (text, _("\n\nAn earlier changes file from that laptop has not been received "
                             "here; ask for its changes again to be sure nothing is missing."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
conflicts_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       WmWindow         *self)
{
  if (g_str_equal (response, "review"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-conflicts", NULL);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  WmWindow *self = WM_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(WmSyncReport) report = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (report == NULL)
    {
      wm_window_show_error (self, job->kind == JOB_EXPORT ? _("Could Not Send Changes")
                                                          : _("Could Not Receive Changes"),
                            error);
      return;
    }

  if (job->kind == JOB_EXPORT)
    {
      g_autofree char *name = g_path_get_basename (job->file);
      g_autofree char *text = g_strdup_printf (
        ngettext ("Saved “%s”: %u change to send", "Saved “%s”: %u changes to send",
                  report->cells),
        name, report->cells);
      wm_window_toast (self, text);
      return;
    }
  if (job->kind == JOB_JOIN)
    {
      wm_window_open_path (self, job->db_path);
      wm_window_toast (self, _("Joined the shared plan"));
      return;
    }

  /* Make the window catch up now rather than at its next poll. */
  wm_store_check_external (wm_window_get_store (self));
  wm_window_sync_update (self);
  body = describe_changes (report);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Changes Received"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (report->conflicts > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "review",
                                       _("_Review Conflicts"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "review",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "review");
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflicts_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_job (WmWindow   *self,
           JobKind     kind,
           const char *db_path,
           const char *file,
           const char *peer)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, job_done_cb, NULL);
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->db_path = g_strdup (db_path);
  job->file = g_strdup (file);
  job->peer = g_strdup (peer);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* one sync at a time from this window: nothing to click meanwhile */
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  g_task_run_in_thread (task, run_job);
}

/* ---------- choosing files ---------- */

typedef struct
{
  WmWindow *window;
  JobKind   kind;
  char     *peer;
  char     *bundle;   /* join: the file chosen first */
} Choice;

static void
choice_free (Choice *choice)
{
  g_free (choice->peer);
  g_free (choice->bundle);
  g_free (choice);
}

static void choose_file (WmWindow *self, Choice *choice, GtkFileChooserAction action,
                         const char *title, const char *accept, const char *suggested);

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Choice          *choice)
{
  WmWindow *self = choice->window;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (path == NULL)
    {
      choice_free (choice);
      return;
    }

  switch (choice->kind)
    {
    case JOB_EXPORT:
      start_job (self, JOB_EXPORT, wm_store_get_path (wm_window_get_store (self)), path,
                 choice->peer);
      break;
    case JOB_IMPORT:
      start_job (self, JOB_IMPORT, wm_store_get_path (wm_window_get_store (self)), path, NULL);
      break;
    case JOB_JOIN:
      if (choice->bundle == NULL)
        {
          /* second step: where the new plan lives on this laptop */
          choice->bundle = g_steal_pointer (&path);
          choose_file (self, choice, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Shared Plan As"),
                       _("_Save"), _("Shared plan.waymark"));
          return;
        }
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_EXISTS,
                                                 _("“%s” already exists. Choose a new name for "
                                                   "the shared plan."), path);
          wm_window_show_error (self, _("Could Not Join the Shared Plan"), error);
          break;
        }
      start_job (self, JOB_JOIN, path, choice->bundle, NULL);
      break;
    }
  choice_free (choice);
}

static void
choose_file (WmWindow             *self,
             Choice               *choice,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept,
             const char           *suggested)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                               accept, _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, choice->kind == JOB_JOIN && choice->bundle != NULL
                                      ? _("Waymark plans") : _("Waymark changes files"));
  gtk_file_filter_add_pattern (filter, choice->kind == JOB_JOIN && choice->bundle != NULL
                                         ? "*.waymark" : "*.waymark-changes");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (suggested)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static Choice *
choice_new (WmWindow *self,
            JobKind   kind)
{
  Choice *choice = g_new0 (Choice, 1);

  choice->window = self;
  choice->kind = kind;
  return choice;
}

/* ---------- actions ---------- */

static char *
suggested_name (WmWindow *self)
{
  g_autofree char *site = wm_sync_get_site_name (wm_window_get_store (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  /* "Changes from Programme office 2023-06-01.waymark-changes" */
  return g_strdup_printf (_("Changes from %s %s.waymark-changes"), site ? site : _("this laptop"),
                          date);
}

static void
send_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  WmWindow         *self)
{
  GtkDropDown *peers = g_object_get_data (G_OBJECT (dialog), "peers");
  GPtrArray *sites = g_object_get_data (G_OBJECT (dialog), "sites");
  Choice *choice;
  g_autofree char *name = NULL;
  guint selected;

  if (!g_str_equal (response, "send"))
    return;
  choice = choice_new (self, JOB_EXPORT);
  selected = gtk_drop_down_get_selected (peers);
  if (selected > 0 && selected <= sites->len)
    choice->peer = g_strdup (sites->pdata[selected - 1]);
  name = suggested_name (self);
  choose_file (self, choice, GTK_FILE_CHOOSER_ACTION_SAVE, _("Send Changes"), _("_Save"), name);
}

static void
send_changes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmSyncStatus) status = wm_sync_status (wm_window_get_store (self), &error);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;
  GPtrArray *sites = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dialog, *dropdown;

  if (status == NULL)
    {
      wm_window_show_error (self, _("Could Not Send Changes"), error);
      g_ptr_array_unref (sites);
      return;
    }
  g_strv_builder_add (labels, _("Everything (for a new laptop or anyone)"));
  for (guint i = 0; i < status->peers->len; i++)
    {
      WmSyncPeer *peer = status->peers->pdata[i];
      g_autofree char *label = NULL;

      if (!peer->direct)
        continue;
      label = g_strdup_printf (ngettext ("%s: %" G_GINT64_FORMAT " change not yet sent",
                                         "%s: %" G_GINT64_FORMAT " changes not yet sent",
                                         peer->unseen_cells),
                               peer->name ? peer->name : peer->site, peer->unseen_cells);
      g_strv_builder_add (labels, label);
      g_ptr_array_add (sites, g_strdup (peer->site));
    }
  strings = g_strv_builder_end (labels);
  dropdown = gtk_drop_down_new_from_strings ((const char *const *) strings);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Send to"), -1);
  /* the laptop we exchanged with most recently is the likely one */
  if (sites->len > 0)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Send Changes"),
                                   _("Save a changes file to send by email, on a memory stick or "
                                     "a shared drive. The other laptop opens it with Receive "
                                     "Changes."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "send",
                                    _("_Save Changes File…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_object_set_data (G_OBJECT (dialog), "peers", dropdown);
  g_object_set_data_full (G_OBJECT (dialog), "sites", sites, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (send_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
receive_changes_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);

  choose_file (self, choice_new (self, JOB_IMPORT), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("Receive Changes"), _("_Receive"), NULL);
}

static void
join_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);

  choose_file (self, choice_new (self, JOB_JOIN), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("Open Shared Plan"), _("_Open"), NULL);
}

static void
sync_status_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  GtkWidget *dialog = wm_sync_status_dialog_new (wm_window_get_store (self));

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  GtkWidget *dialog = wm_conflicts_dialog_new (wm_window_get_store (self));

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Sync needs a plan open, except joining one. */
void
wm_window_sync_update (WmWindow *self)
{
  gboolean open = wm_window_get_store (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.send-changes", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.receive-changes", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-status", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-conflicts", open);
}

void
wm_window_sync_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.send-changes", NULL, send_changes_action);
  gtk_widget_class_install_action (widget_class, "win.receive-changes", NULL,
                                   receive_changes_action);
  gtk_widget_class_install_action (widget_class, "win.join-plan", NULL, join_plan_action);
  gtk_widget_class_install_action (widget_class, "win.sync-status", NULL, sync_status_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL,
                                   show_conflicts_action);
}
