#define G_LOG_DOMAIN "wm-record"

#include "wm-record.h"

#include <stdlib.h>

struct _WmRecord
{
  GObject parent_instance;

  char  *table;
  char **columns;  /* column names, in table order; "id" among them */
  char **values;   /* same length as columns; NULL for SQL NULL */
  guint  n_columns;
};

G_DEFINE_FINAL_TYPE (WmRecord, wm_record, G_TYPE_OBJECT)

static void
wm_record_finalize (GObject *object)
{
  WmRecord *self = WM_RECORD (object);

  g_free (self->table);
  g_strfreev (self->columns);
  for (guint i = 0; i < self->n_columns; i++)
    g_free (self->values[i]);
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

WmRecord *
wm_record_new (const char        *table,
               const char *const *columns,
               const char *const *values)
{
  WmRecord *self;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (columns != NULL, NULL);

  self = g_object_new (WM_TYPE_RECORD, NULL);
  self->table = g_strdup (table);
  self->columns = g_strdupv ((char **) columns);
  self->n_columns = g_strv_length (self->columns);
  self->values = g_new0 (char *, self->n_columns);
  for (guint i = 0; i < self->n_columns; i++)
    self->values[i] = g_strdup (values[i]);

  return self;
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
    if (g_str_equal (self->columns[i], column))
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
  return (const char *const *) self->columns;
}
