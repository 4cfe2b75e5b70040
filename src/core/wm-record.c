#define G_LOG_DOMAIN "wm-record"

#include "wm-record.h"
#include "wm-record-private.h"

#include <stdlib.h>
#include <string.h>

/* Lists of thousands of rows are read at once (the Gantt of a big plan),
 * so a record costs two allocations: its column names are shared by all
 * rows of one query, and its values live in one block. */
struct _WmRecord
{
  GObject     parent_instance;

  const char *table;    /* interned */
  GPtrArray  *columns;  /* shared; interned names, NULL-terminated */
  char      **values;   /* one block: n pointers, then the strings */
  guint       n_columns;
};

G_DEFINE_FINAL_TYPE (WmRecord, wm_record, G_TYPE_OBJECT)

static void
wm_record_finalize (GObject *object)
{
  WmRecord *self = WM_RECORD (object);

  g_ptr_array_unref (self->columns);
  g_free (self->values);

  G_OBJECT_CLASS (wm_record_parent_class)->finalize (object);
}

static void
wm_record_class_init (WmRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wm_record_finalize;
}

static void
wm_record_init (WmRecord *self)
{
}

/* Copies values into one block after the pointer array. */
static char **
pack_values (guint              n,
             const char *const *values,
             const int         *lengths)
{
  gsize size = n * sizeof (char *);
  char **block;
  char *p;

  for (guint i = 0; i < n; i++)
    if (values[i] != NULL)
      size += (lengths ? (gsize) lengths[i] : strlen (values[i])) + 1;
  block = g_malloc (size);
  p = (char *) (block + n);
  for (guint i = 0; i < n; i++)
    {
      gsize len;

      if (values[i] == NULL)
        {
          block[i] = NULL;
          continue;
        }
      len = lengths ? (gsize) lengths[i] : strlen (values[i]);
      memcpy (p, values[i], len);
      p[len] = '\0';
      block[i] = p;
      p += len + 1;
    }
  return block;
}

static WmRecord *
record_new (const char        *table,
            GPtrArray         *columns,
            const char *const *values,
            const int         *lengths)
{
  WmRecord *self = g_object_new (WM_TYPE_RECORD, NULL);

  self->table = g_intern_string (table);
  self->columns = g_ptr_array_ref (columns);
  self->n_columns = columns->len - 1;
  self->values = pack_values (self->n_columns, values, lengths);
  return self;
}

WmRecord *
wm_record_new (const char        *table,
               const char *const *columns,
               const char *const *values)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (columns != NULL, NULL);

  for (guint i = 0; columns[i]; i++)
    g_ptr_array_add (names, (gpointer) g_intern_string (columns[i]));
  g_ptr_array_add (names, NULL);
  return record_new (table, names, values, NULL);
}

GPtrArray *
wm_record_columns_from_stmt (sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);
  GPtrArray *names = g_ptr_array_sized_new (n + 1);

  for (int i = 0; i < n; i++)
    g_ptr_array_add (names, (gpointer) g_intern_string (sqlite3_column_name (stmt, i)));
  g_ptr_array_add (names, NULL);
  return names;
}

WmRecord *
wm_record_new_from_stmt (const char   *table,
                         GPtrArray    *columns,
                         sqlite3_stmt *stmt)
{
  guint n = columns->len - 1;
  const char **values = g_newa (const char *, n);
  int *lengths = g_newa (int, n);

  for (guint i = 0; i < n; i++)
    {
      values[i] = (const char *) sqlite3_column_text (stmt, i);
      lengths[i] = sqlite3_column_bytes (stmt, i);
    }
  return record_new (table, columns, values, lengths);
}

const char *
wm_record_get_table (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), NULL);
  return self->table;
}

static int
find_column (WmRecord   *self,
             const char *column)
{
  for (guint i = 0; i < self->n_columns; i++)
    if (g_str_equal (self->columns->pdata[i], column))
      return (int) i;
  return -1;
}

gboolean
wm_record_has_column (WmRecord   *self,
                      const char *column)
{
  g_return_val_if_fail (WM_IS_RECORD (self), FALSE);
  return find_column (self, column) >= 0;
}

const char *
wm_record_get (WmRecord   *self,
               const char *column)
{
  int i;

  g_return_val_if_fail (WM_IS_RECORD (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  i = find_column (self, column);
  if (i < 0)
    {
      g_critical ("Table %s has no column %s", self->table, column);
      return NULL;
    }
  return self->values[i];
}

const char *
wm_record_get_nonnull (WmRecord   *self,
                       const char *column)
{
  const char *value = wm_record_get (self, column);
  return value != NULL ? value : "";
}

const char *
wm_record_get_id (WmRecord *self)
{
  return wm_record_get (self, "id");
}

gint64
wm_record_get_int (WmRecord   *self,
                   const char *column,
                   gint64      fallback)
{
  const char *value = wm_record_get (self, column);
  gint64 result;
  char *end = NULL;

  if (value == NULL || *value == '\0')
    return fallback;
  result = g_ascii_strtoll (value, &end, 10);
  /* A REAL that holds a whole number reads as "3.0" */
  if (end == value || (*end != '\0' && *end != '.'))
    return fallback;
  return result;
}

double
wm_record_get_double (WmRecord   *self,
                      const char *column,
                      double      fallback)
{
  const char *value = wm_record_get (self, column);
  char *end = NULL;
  double result;

  if (value == NULL || *value == '\0')
    return fallback;
  result = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0')
    return fallback;
  return result;
}

const char *const *
wm_record_get_columns (WmRecord *self)
{
  g_return_val_if_fail (WM_IS_RECORD (self), NULL);
  return (const char *const *) self->columns->pdata;
}
