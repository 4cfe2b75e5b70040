#define G_LOG_DOMAIN "wm-sync"

#include "wm-sync-status.h"

G_DEFINE_BOXED_TYPE (WmSyncStatus, wm_sync_status, wm_sync_status_copy, wm_sync_status_free)

static void
peer_free (gpointer data)
{
  WmSyncPeer *peer = data;

  g_free (peer->site);
  g_free (peer->name);
  g_free (peer->last_import);
  g_free (peer->last_export);
  g_free (peer);
}

WmSyncStatus *
wm_sync_status_new (void)
{
  WmSyncStatus *self = g_new0 (WmSyncStatus, 1);

  self->peers = g_ptr_array_new_with_free_func (peer_free);
  return self;
}

WmSyncStatus *
wm_sync_status_copy (const WmSyncStatus *self)
{
  WmSyncStatus *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->site_id = g_strdup (self->site_id);
  copy->site_name = g_strdup (self->site_name);
  copy->plan_id = g_strdup (self->plan_id);
  copy->plan_title = g_strdup (self->plan_title);
  copy->plan_area = g_strdup (self->plan_area);
  copy->content_hash = g_strdup (self->content_hash);
  copy->peers = g_ptr_array_new_with_free_func (peer_free);
  for (guint i = 0; i < self->peers->len; i++)
    {
      WmSyncPeer *peer = g_memdup2 (self->peers->pdata[i], sizeof *peer);
      peer->site = g_strdup (peer->site);
      peer->name = g_strdup (peer->name);
      peer->last_import = g_strdup (peer->last_import);
      peer->last_export = g_strdup (peer->last_export);
      g_ptr_array_add (copy->peers, peer);
    }
  return copy;
}

void
wm_sync_status_free (WmSyncStatus *self)
{
  if (self == NULL)
    return;
  g_free (self->site_id);
  g_free (self->site_name);
  g_free (self->plan_id);
  g_free (self->plan_title);
  g_free (self->plan_area);
  g_free (self->content_hash);
  g_ptr_array_unref (self->peers);
  g_free (self);
}
