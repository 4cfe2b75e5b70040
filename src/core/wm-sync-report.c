#define G_LOG_DOMAIN "wm-sync"

#include "wm-sync-report.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (WmSyncReport, wm_sync_report, wm_sync_report_copy, wm_sync_report_free)

static void
table_count_free (gpointer data)
{
  WmSyncTableCount *count = data;

  g_free (count->table);
  g_free (count);
}

WmSyncReport *
wm_sync_report_new (void)
{
  WmSyncReport *self = g_new0 (WmSyncReport, 1);

  self->follows_on = TRUE;
  self->tables = g_ptr_array_new_with_free_func (table_count_free);
  return self;
}

WmSyncReport *
wm_sync_report_copy (const WmSyncReport *self)
{
  WmSyncReport *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->path = g_strdup (self->path);
  copy->peer_site = g_strdup (self->peer_site);
  copy->peer_name = g_strdup (self->peer_name);
  copy->plan_id = g_strdup (self->plan_id);
  copy->plan_title = g_strdup (self->plan_title);
  copy->plan_area = g_strdup (self->plan_area);
  copy->backup_path = g_strdup (self->backup_path);
  copy->tables = g_ptr_array_new_with_free_func (table_count_free);
  for (guint i = 0; i < self->tables->len; i++)
    {
      WmSyncTableCount *count = g_memdup2 (self->tables->pdata[i], sizeof *count);
      count->table = g_strdup (count->table);
      g_ptr_array_add (copy->tables, count);
    }
  return copy;
}

void
wm_sync_report_free (WmSyncReport *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_free (self->peer_site);
  g_free (self->peer_name);
  g_free (self->plan_id);
  g_free (self->plan_title);
  g_free (self->plan_area);
  g_free (self->backup_path);
  g_ptr_array_unref (self->tables);
  g_free (self);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const WmSyncTableCount *x = *(WmSyncTableCount *const *) a;
  const WmSyncTableCount *y = *(WmSyncTableCount *const *) b;

  return strcmp (x->table, y->table);
}

WmSyncTableCount *
wm_sync_report_get_table (WmSyncReport *self,
                          const char   *table,
                          gboolean      create)
{
  WmSyncTableCount *count;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->tables->len; i++)
    {
      count = self->tables->pdata[i];
      if (g_str_equal (count->table, table))
        return count;
    }
  if (!create)
    return NULL;
  count = g_new0 (WmSyncTableCount, 1);
  count->table = g_strdup (table);
  g_ptr_array_add (self->tables, count);
  g_ptr_array_sort (self->tables, compare_counts);
  return count;
}

guint
wm_sync_report_get_changed_rows (const WmSyncReport *self)
{
  guint total = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->tables->len; i++)
    {
      const WmSyncTableCount *count = self->tables->pdata[i];
      total += count->added + count->updated + count->deleted;
    }
  return total;
}
