/* wm-history.c: undo and redo of plan edits
 *
 * A step is a list of cells, in the order they were written.  Undo walks
 * them backwards writing each old value, redo walks them forwards writing
 * each new value; both go through the store in one transaction, so they
 * are tracked like any edit and reach other laptops by sync.
 *
 * Rows and their ids: sync treats a deletion as final.  Deleting a row
 * leaves a tombstone in the clock (wm-tracking.c) and a merge lets that
 * tombstone win over every cell of the same id, on this laptop and on
 * every other (wm-sync.c, merge_delete and merge_into_deleted).  Putting
 * a deleted row back under its old id would therefore show it here and
 * delete it everywhere else at the next sync.  So when undo or redo
 * brings back a row whose id carries a tombstone, the row is inserted
 * with the same values under a fresh id, and the history remembers which
 * id the row has now; every later undo and redo that names the old id
 * (and any value that pointed at it) is translated.  A row whose id has
 * no tombstone (tracking was off when it was deleted) keeps its id.
 */
#define G_LOG_DOMAIN "wm-history"

#include "wm-history.h"
#include "wm-error.h"
#include "wm-store-private.h"
#include "wm-tracking.h"

#include <string.h>

typedef enum
{
  CELL_UPDATE,
  CELL_INSERT,
  CELL_DELETE,
} CellKind;

typedef struct
{
  CellKind  kind;
  char     *table;
  char     *id;         /* the id when recorded; see resolve_id() */
  char     *column;     /* CELL_UPDATE */
  char     *old_value;
  char     *new_value;
  WmRecord *record;     /* CELL_DELETE: the row as deleted; CELL_INSERT: as undo found it */
} Cell;

typedef struct
{
  char      *label;
  GPtrArray *cells;     /* Cell */
} Step;

struct _WmHistory
{
  GObject     parent_instance;

  GWeakRef    store;
  GPtrArray  *undo;     /* Step: the last is undone first */
  GPtrArray  *redo;     /* Step: the last is redone first */
  Step       *open;     /* the step being recorded, or NULL */
  guint       open_depth;
  GArray     *open_marks; /* cells->len at each nested begin, for cancel */
  GHashTable *ids;      /* "table/id" a row had -> the id it has now */
};

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WmHistory, wm_history, G_TYPE_OBJECT)

#define HISTORY_KEY "wm-history"

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  g_free (cell->table);
  g_free (cell->id);
  g_free (cell->column);
  g_free (cell->old_value);
  g_free (cell->new_value);
  g_clear_object (&cell->record);
  g_free (cell);
}

static void
step_free (gpointer data)
{
  Step *step = data;

  if (step == NULL)
    return;
  g_free (step->label);
  g_ptr_array_unref (step->cells);
  g_free (step);
}

static Step *
step_new (const char *label)
{
  Step *step = g_new0 (Step, 1);

  step->label = g_strdup (label);
  step->cells = g_ptr_array_new_with_free_func (cell_free);
  return step;
}

/* ---------- notification ---------- */

typedef struct
{
  gboolean    can_undo;
  gboolean    can_redo;
  const char *undo_label;
  const char *redo_label;
} State;

static void
get_state (WmHistory *self,
           State     *state)
{
  state->can_undo = wm_history_can_undo (self);
  state->can_redo = wm_history_can_redo (self);
  state->undo_label = wm_history_get_undo_label (self);
  state->redo_label = wm_history_get_redo_label (self);
}

/* Notifies what differs from before; labels are compared by pointer,
 * which is enough: a different step is a different string. */
static void
notify_since (WmHistory   *self,
              const State *before)
{
  State after;

  get_state (self, &after);
  g_object_freeze_notify (G_OBJECT (self));
  if (after.can_undo != before->can_undo)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (after.can_redo != before->can_redo)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  if (after.undo_label != before->undo_label)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  if (after.redo_label != before->redo_label)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---------- the object ---------- */

static void
wm_history_finalize (GObject *object)
{
  WmHistory *self = WM_HISTORY (object);

  g_weak_ref_clear (&self->store);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  step_free (self->open);
  g_array_unref (self->open_marks);
  g_hash_table_unref (self->ids);

  G_OBJECT_CLASS (wm_history_parent_class)->finalize (object);
}

static void
wm_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WmHistory *self = WM_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, wm_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, wm_history_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, wm_history_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, wm_history_get_redo_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_history_class_init (WmHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wm_history_finalize;
  object_class->get_property = wm_history_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after every change to what can be undone or redone. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wm_history_init (WmHistory *self)
{
  g_weak_ref_init (&self->store, NULL);
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
  self->open_marks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The store owns its history; the history only points back, weakly, so
 * that closing the plan frees both. */
WmHistory *
wm_history_get_for_store (WmStore *store)
{
  WmHistory *self;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  self = g_object_get_data (G_OBJECT (store), HISTORY_KEY);
  if (self != NULL)
    return self;
  self = g_object_new (WM_TYPE_HISTORY, NULL);
  g_weak_ref_set (&self->store, store);
  g_object_set_data_full (G_OBJECT (store), HISTORY_KEY, self, g_object_unref);
  return self;
}

/* ---------- recording ---------- */

/* Steps may be opened inside an open step (an editor's Save that calls
 * several wm_plan_edit functions): the inner ones join the outer, whose
 * label is kept, so that one Ctrl+Z undoes the whole save. */
void
wm_history_begin_step (WmHistory  *self,
                       const char *label)
{
  g_return_if_fail (WM_IS_HISTORY (self));

  if (self->open == NULL)
    self->open = step_new (label);
  g_array_append_val (self->open_marks, self->open->cells->len);
  self->open_depth++;
}

static void
add_cell (WmHistory *self,
          Cell      *cell)
{
  if (self->open == NULL)
    {
      g_critical ("wm_history: a write to %s was recorded outside a step", cell->table);
      cell_free (cell);
      return;
    }
  g_ptr_array_add (self->open->cells, cell);
}

void
wm_history_record_update (WmHistory  *self,
                          const char *table,
                          const char *id,
                          const char *column,
                          const char *old_value,
                          const char *new_value)
{
  Cell *cell;

  g_return_if_fail (WM_IS_HISTORY (self));
  g_return_if_fail (table != NULL && id != NULL && column != NULL);

  if (g_strcmp0 (old_value, new_value) == 0)
    return;
  cell = g_new0 (Cell, 1);
  cell->kind = CELL_UPDATE;
  cell->table = g_strdup (table);
  cell->id = g_strdup (id);
  cell->column = g_strdup (column);
  cell->old_value = g_strdup (old_value);
  cell->new_value = g_strdup (new_value);
  add_cell (self, cell);
}

void
wm_history_record_insert (WmHistory  *self,
                          const char *table,
                          const char *id)
{
  Cell *cell;

  g_return_if_fail (WM_IS_HISTORY (self));
  g_return_if_fail (table != NULL && id != NULL);

  cell = g_new0 (Cell, 1);
  cell->kind = CELL_INSERT;
  cell->table = g_strdup (table);
  cell->id = g_strdup (id);
  add_cell (self, cell);
}

void
wm_history_record_delete (WmHistory *self,
                          WmRecord  *deleted)
{
  Cell *cell;

  g_return_if_fail (WM_IS_HISTORY (self));
  g_return_if_fail (WM_IS_RECORD (deleted));
  g_return_if_fail (wm_record_get_id (deleted) != NULL);

  cell = g_new0 (Cell, 1);
  cell->kind = CELL_DELETE;
  cell->table = g_strdup (wm_record_get_table (deleted));
  cell->id = g_strdup (wm_record_get_id (deleted));
  cell->record = g_object_ref (deleted);
  add_cell (self, cell);
}

void
wm_history_end_step (WmHistory *self)
{
  g_autoptr(GPtrArray) redo = NULL;
  State before;

  g_return_if_fail (WM_IS_HISTORY (self));
  g_return_if_fail (self->open_depth > 0);

  g_array_set_size (self->open_marks, self->open_marks->len - 1);
  if (--self->open_depth > 0)
    return;

  get_state (self, &before);
  if (self->open->cells->len == 0)
    {
      /* saving what did not change is no step, and keeps what can be redone */
      g_clear_pointer (&self->open, step_free);
      return;
    }
  g_ptr_array_add (self->undo, g_steal_pointer (&self->open));
  g_ptr_array_set_size (self->redo, 0);
  notify_since (self, &before);
}

void
wm_history_cancel_step (WmHistory *self)
{
  guint mark;

  g_return_if_fail (WM_IS_HISTORY (self));
  g_return_if_fail (self->open_depth > 0);

  /* the caller rolled back its transaction: forget what it recorded */
  mark = g_array_index (self->open_marks, guint, self->open_marks->len - 1);
  g_array_set_size (self->open_marks, self->open_marks->len - 1);
  g_ptr_array_set_size (self->open->cells, mark);
  if (--self->open_depth == 0)
    g_clear_pointer (&self->open, step_free);
}

/* ---------- state ---------- */

gboolean
wm_history_can_undo (WmHistory *self)
{
  g_return_val_if_fail (WM_IS_HISTORY (self), FALSE);
  return self->undo->len > 0;
}

gboolean
wm_history_can_redo (WmHistory *self)
{
  g_return_val_if_fail (WM_IS_HISTORY (self), FALSE);
  return self->redo->len > 0;
}

const char *
wm_history_get_undo_label (WmHistory *self)
{
  g_return_val_if_fail (WM_IS_HISTORY (self), NULL);
  if (self->undo->len == 0)
    return NULL;
  return ((Step *) self->undo->pdata[self->undo->len - 1])->label;
}

const char *
wm_history_get_redo_label (WmHistory *self)
{
  g_return_val_if_fail (WM_IS_HISTORY (self), NULL);
  if (self->redo->len == 0)
    return NULL;
  return ((Step *) self->redo->pdata[self->redo->len - 1])->label;
}

void
wm_history_clear (WmHistory *self)
{
  State before;

  g_return_if_fail (WM_IS_HISTORY (self));

  get_state (self, &before);
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  g_hash_table_remove_all (self->ids);
  notify_since (self, &before);
}

/* ---------- replaying ---------- */

typedef struct
{
  WmHistory  *history;
  WmStore    *store;
  GHashTable *new_ids;  /* mappings made by this replay, kept only if it commits */
} Replay;

static const char *
lookup_id (Replay     *r,
           const char *table,
           const char *id)
{
  g_autofree char *key = g_strconcat (table, "/", id, NULL);
  const char *now = g_hash_table_lookup (r->new_ids, key);

  return now != NULL ? now : g_hash_table_lookup (r->history->ids, key);
}

/* The id the row recorded as (table, id) has now: a row brought back
 * may have been brought back more than once. */
static const char *
resolve_id (Replay     *r,
            const char *table,
            const char *id)
{
  const char *next;

  for (guint guard = 0; guard < 1000 && (next = lookup_id (r, table, id)) != NULL; guard++)
    id = next;
  return id;
}

/* A value that was the id of a row since brought back under a new id
 * (evidence.action_id of an action deleted and restored): ids are UUIDs,
 * so a match in any table is that row. */
static const char *
resolve_value (Replay     *r,
               const char *value)
{
  GHashTableIter iter;
  gpointer key;

  if (value == NULL || strlen (value) != 36)
    return value;
  for (int pass = 0; pass < 2; pass++)
    {
      g_hash_table_iter_init (&iter, pass == 0 ? r->new_ids : r->history->ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          const char *slash = strchr (key, '/');
          if (slash != NULL && g_str_equal (slash + 1, value))
            {
              g_autofree char *table = g_strndup (key, slash - (const char *) key);
              return resolve_id (r, table, value);
            }
        }
    }
  return value;
}

static gboolean
has_tombstone (WmStore    *store,
               const char *table,
               const char *id,
               GError    **error)
{
  sqlite3_stmt *stmt = wm_store_prepare (store,
                                         "SELECT 1 FROM clock WHERE tbl = ? AND pk = ? AND col = '"
                                         WM_TOMBSTONE_COLUMN "'",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    wm_store_set_sqlite_error (store, error, rc, "read the change history");
  return FALSE;
}

static gboolean
exists (Replay     *r,
        const char *table,
        const char *id,
        GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(WmRecord) record = wm_store_get (r->store, table, id, &local_error);

  if (record != NULL)
    return TRUE;
  if (!g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Brings a row back with the values it had; see the top of the file for
 * why it may get a new id. */
static gboolean
put_back (Replay     *r,
          Cell       *cell,
          GError    **error)
{
  const char *id = resolve_id (r, cell->table, cell->id);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const char *const *names;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *new_id = NULL;
  gboolean fresh;

  if (cell->record == NULL)
    return TRUE;  /* undo found the row already gone: nothing to bring back */
  if (exists (r, cell->table, id, &local_error))
    return TRUE;  /* already there (restored elsewhere) */
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  fresh = has_tombstone (r->store, cell->table, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  names = wm_record_get_columns (cell->record);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "id"))
        continue;
      /* a column this version no longer has is left out rather than refused */
      if (!wm_store_has_column (r->store, cell->table, names[i]))
        continue;
      g_ptr_array_add (columns, (gpointer) names[i]);
      g_ptr_array_add (values, (gpointer) resolve_value (r, wm_record_get (cell->record, names[i])));
    }
  if (!fresh)
    {
      g_ptr_array_add (columns, (gpointer) "id");
      g_ptr_array_add (values, (gpointer) id);
    }
  g_ptr_array_add (columns, NULL);
  g_ptr_array_add (values, NULL);

  new_id = wm_store_insert_v (r->store, cell->table, (const char *const *) columns->pdata,
                              (const char *const *) values->pdata, error);
  if (new_id == NULL)
    return FALSE;
  if (fresh)
    g_hash_table_insert (r->new_ids, g_strconcat (cell->table, "/", id, NULL),
                         g_steal_pointer (&new_id));
  return TRUE;
}

/* Takes a row away, first keeping its values for when it comes back. */
static gboolean
take_away (Replay     *r,
           Cell       *cell,
           gboolean    snapshot,
           GError    **error)
{
  const char *id = resolve_id (r, cell->table, cell->id);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(WmRecord) record = wm_store_get (r->store, cell->table, id, &local_error);

  if (record == NULL)
    {
      /* deleted meanwhile (here or by sync): the step's aim is met */
      if (g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
        {
          if (snapshot)
            g_clear_object (&cell->record);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (snapshot)
    g_set_object (&cell->record, record);
  return wm_store_delete (r->store, cell->table, id, error);
}

static gboolean
set_value (Replay      *r,
           Cell        *cell,
           const char  *value,
           GError     **error)
{
  const char *id = resolve_id (r, cell->table, cell->id);
  const char *columns[] = { cell->column, NULL };
  const char *values[] = { resolve_value (r, value), NULL };
  g_autoptr(GError) local_error = NULL;

  if (wm_store_update_v (r->store, cell->table, id, columns, values, &local_error))
    return TRUE;
  /* A row deleted since (by sync, say) has nothing to restore: the rest
   * of the step still is. */
  if (g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
replay (WmHistory  *self,
        Step       *step,
        gboolean    undo,
        GError    **error)
{
  g_autoptr(WmStore) store = g_weak_ref_get (&self->store);
  g_autoptr(GHashTable) new_ids = NULL;
  Replay r;
  GHashTableIter iter;
  gpointer key, value;
  guint n = step->cells->len;

  if (store == NULL)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_FAILED,
                           "The plan this edit was made in is closed.");
      return FALSE;
    }
  new_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r = (Replay) { self, store, new_ids };

  if (!wm_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      Cell *cell = step->cells->pdata[undo ? n - 1 - i : i];
      gboolean ok = TRUE;

      switch (cell->kind)
        {
        case CELL_UPDATE:
          ok = set_value (&r, cell, undo ? cell->old_value : cell->new_value, error);
          break;
        case CELL_INSERT:
          ok = undo ? take_away (&r, cell, TRUE, error) : put_back (&r, cell, error);
          break;
        case CELL_DELETE:
          ok = undo ? put_back (&r, cell, error) : take_away (&r, cell, FALSE, error);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        {
          wm_store_rollback (store);
          return FALSE;
        }
    }
  if (!wm_store_commit (store, error))
    return FALSE;

  g_hash_table_iter_init (&iter, new_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (self->ids, key, value);
    }
  return TRUE;
}

/* On failure nothing was written and the step stays where it was, so
 * that an undo refused for a passing reason (another program writing)
 * can be tried again. */
static gboolean
move (WmHistory  *self,
      gboolean    undo,
      GError    **error)
{
  GPtrArray *from = undo ? self->undo : self->redo;
  GPtrArray *to = undo ? self->redo : self->undo;
  Step *step;
  State before;

  if (self->open != NULL)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_BUSY,
                           "An edit is still being saved; try again when it is done.");
      return FALSE;
    }
  if (from->len == 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                           undo ? "There is nothing to undo." : "There is nothing to redo.");
      return FALSE;
    }
  step = from->pdata[from->len - 1];
  if (!replay (self, step, undo, error))
    {
      if (error != NULL && *error != NULL)
        g_prefix_error (error, undo ? "Could not undo “%s”: " : "Could not redo “%s”: ",
                        step->label ? step->label : "");
      return FALSE;
    }
  get_state (self, &before);
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  notify_since (self, &before);
  return TRUE;
}

gboolean
wm_history_undo (WmHistory  *self,
                 GError    **error)
{
  g_return_val_if_fail (WM_IS_HISTORY (self), FALSE);
  return move (self, TRUE, error);
}

gboolean
wm_history_redo (WmHistory  *self,
                 GError    **error)
{
  g_return_val_if_fail (WM_IS_HISTORY (self), FALSE);
  return move (self, FALSE, error);
}
