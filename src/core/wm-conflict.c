#define G_LOG_DOMAIN "wm-sync"

#include "wm-conflict.h"

G_DEFINE_BOXED_TYPE (WmConflict, wm_conflict, wm_conflict_copy, wm_conflict_free)

WmConflict *
wm_conflict_copy (const WmConflict *self)
{
  WmConflict *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->table = g_strdup (self->table);
  copy->record_id = g_strdup (self->record_id);
  copy->field = g_strdup (self->field);
  copy->record_label = g_strdup (self->record_label);
  copy->mine_value = g_strdup (self->mine_value);
  copy->theirs_value = g_strdup (self->theirs_value);
  copy->mine_site = g_strdup (self->mine_site);
  copy->mine_site_name = g_strdup (self->mine_site_name);
  copy->theirs_site = g_strdup (self->theirs_site);
  copy->theirs_site_name = g_strdup (self->theirs_site_name);
  copy->created_at = g_strdup (self->created_at);
  copy->resolved_at = g_strdup (self->resolved_at);
  copy->resolution = g_strdup (self->resolution);
  return copy;
}

void
wm_conflict_free (WmConflict *self)
{
  if (self == NULL)
    return;
  g_free (self->table);
  g_free (self->record_id);
  g_free (self->field);
  g_free (self->record_label);
  g_free (self->mine_value);
  g_free (self->theirs_value);
  g_free (self->mine_site);
  g_free (self->mine_site_name);
  g_free (self->theirs_site);
  g_free (self->theirs_site_name);
  g_free (self->created_at);
  g_free (self->resolved_at);
  g_free (self->resolution);
  g_free (self);
}
