#define G_LOG_DOMAIN "wm-sync-status-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-sync-status-dialog.h"
#include "wm-sync.h"

struct _WmSyncStatusDialog
{
  AdwPreferencesWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (WmSyncStatusDialog, wm_sync_status_dialog, ADW_TYPE_PREFERENCES_WINDOW)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : "");
  adw_preferences_group_add (group, row);
}

static void
wm_sync_status_dialog_class_init (WmSyncStatusDialogClass *klass)
{
}

static void
wm_sync_status_dialog_init (WmSyncStatusDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Sync Status"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
}

GtkWidget *
wm_sync_status_dialog_new (WmStore *store)
{
  WmSyncStatusDialog *self = g_object_new (WM_TYPE_SYNC_STATUS_DIALOG, NULL);
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *here = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *peers = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GError) error = NULL;
  g_autoptr(WmSyncStatus) status = wm_sync_status (store, &error);

  adw_preferences_group_set_title (here, _("This Laptop"));
  adw_preferences_group_set_title (peers, _("Laptops This Plan Exchanges With"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), here);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), peers);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));

  if (status == NULL)
    {
      add_row (here, _("Could not read the sync status"), error->message);
      return GTK_WIDGET (self);
    }

  {
    g_autofree char *conflicts = g_strdup_printf ("%u", status->open_conflicts);
    g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, status->db_version);

    add_row (here, _("Name"), status->site_name);
    add_row (here, _("Site id"), status->site_id);
    add_row (here, _("Plan"), status->plan_title);
    add_row (here, _("Changes made or received"), version);
    add_row (here, _("Open conflicts"), conflicts);
    /* equal on two laptops exactly when they hold the same plan */
    add_row (here, _("Content fingerprint"), status->content_hash);
  }

  if (status->peers->len == 0)
    add_row (peers, _("None yet"),
             _("A laptop is known once a changes file from it has been received here."));
  for (guint i = 0; i < status->peers->len; i++)
    {
      WmSyncPeer *peer = status->peers->pdata[i];
      g_autofree char *text = NULL;

      if (peer->direct)
        text = g_strdup_printf (_("Last received from: %s\nLast sent to: %s\n"
                                  "Changes from here it has not acknowledged: %" G_GINT64_FORMAT),
                                peer->last_import ? peer->last_import : _("never"),
                                peer->last_export ? peer->last_export : _("never"),
                                peer->unseen_cells);
      else
        text = g_strdup (_("Known through another laptop's changes"));
      add_row (peers, peer->name ? peer->name : peer->site, text);
    }
  return GTK_WIDGET (self);
}
