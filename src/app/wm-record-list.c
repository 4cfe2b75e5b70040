#define G_LOG_DOMAIN "wm-record-list"

#include "wm-record-list.h"

struct _WmRecordList
{
  GObject     parent_instance;

  char       *table;
  WmStore    *store;
  GListStore *model;
};

enum {
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WmRecordList, wm_record_list, G_TYPE_OBJECT)

static void
reload (WmRecordList *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store != NULL)
    {
      records = wm_store_list (self->store, self->table, NULL, NULL, &error);
      if (records == NULL)
        g_warning ("Could not read %s: %s", self->table, error->message);
    }
  /* one splice, so views see a single change rather than one per row */
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       records ? records->pdata : NULL, records ? records->len : 0);
  g_signal_emit (self, signals[RELOADED], 0);
}

static void
store_changed_cb (WmRecordList *self,
                  const char   *table,
                  const char   *id,
                  WmStore      *store)
{
  if (table == NULL || g_str_equal (table, self->table))
    reload (self);
}

void
wm_record_list_set_store (WmRecordList *self,
                          WmStore      *store)
{
  g_return_if_fail (WM_IS_RECORD_LIST (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  reload (self);
}

WmStore *
wm_record_list_get_store (WmRecordList *self)
{
  g_return_val_if_fail (WM_IS_RECORD_LIST (self), NULL);
  return self->store;
}

GListModel *
wm_record_list_get_model (WmRecordList *self)
{
  g_return_val_if_fail (WM_IS_RECORD_LIST (self), NULL);
  return G_LIST_MODEL (self->model);
}

static void
wm_record_list_dispose (GObject *object)
{
  WmRecordList *self = WM_RECORD_LIST (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wm_record_list_parent_class)->dispose (object);
}

static void
wm_record_list_finalize (GObject *object)
{
  WmRecordList *self = WM_RECORD_LIST (object);

  g_clear_object (&self->model);
  g_free (self->table);

  G_OBJECT_CLASS (wm_record_list_parent_class)->finalize (object);
}

static void
wm_record_list_class_init (WmRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wm_record_list_dispose;
  object_class->finalize = wm_record_list_finalize;

  /**
   * WmRecordList::reloaded:
   *
   * Emitted after the list was read again from the store.
   */
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wm_record_list_init (WmRecordList *self)
{
  self->model = g_list_store_new (WM_TYPE_RECORD);
}

WmRecordList *
wm_record_list_new (const char *table)
{
  WmRecordList *self = g_object_new (WM_TYPE_RECORD_LIST, NULL);

  self->table = g_strdup (table);
  return self;
}
