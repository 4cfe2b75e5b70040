#define G_LOG_DOMAIN "wm-csv"

#include "wm-csv-reader.h"
#include "wm-error.h"

#include <string.h>

/* Bounds that keep a hostile or mistaken file from eating the laptop. */
#define MAX_FILE_SIZE   (256 * 1024 * 1024)
#define MAX_COLUMNS     1000

struct _WmCsvTable
{
  char      *filename;
  char       delimiter;
  GPtrArray *header;     /* char* */
  GPtrArray *rows;       /* GPtrArray of char* */
  GArray    *lines;      /* guint: the line each row starts on */
  GPtrArray *warnings;   /* char*, NULL-terminated on request */
};

void
wm_csv_table_free (WmCsvTable *table)
{
  if (table == NULL)
    return;
  g_free (table->filename);
  g_ptr_array_unref (table->header);
  g_ptr_array_unref (table->rows);
  g_array_unref (table->lines);
  g_ptr_array_unref (table->warnings);
  g_free (table);
}

static char *
display_name (const char *filename)
{
  return filename ? g_filename_display_basename (filename) : g_strdup ("the CSV text");
}

static void
set_error (GError    **error,
           const char *filename,
           guint       line,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
set_error (GError    **error,
           const char *filename,
           guint       line,
           const char *format,
           ...)
{
  g_autofree char *name = display_name (filename);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "%s, line %u: %s", name, line,
                 message);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "%s: %s", name, message);
}

/* The delimiter is whichever of , ; tab occurs most in the first line,
 * outside quotes: Excel in a continental locale writes ';'. */
static char
detect_delimiter (const char *text)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  char best = ',';
  guint best_count = 0;

  for (const char *p = text; *p && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
          if (*p == candidates[i])
            counts[i]++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > best_count)
      {
        best = candidates[i];
        best_count = counts[i];
      }
  return best;
}

static char *
to_utf8 (const char *data,
         gsize       length,
         const char *filename,
         GPtrArray  *warnings,
         GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *converted;

  if (memchr (data, '\0', length) != NULL)
    {
      /* UTF-16 from "Unicode text" exports, or not text at all */
      set_error (error, filename, 0,
                 "this is not a CSV text file (it holds binary data). Save it from the "
                 "spreadsheet as “CSV UTF-8 (Comma delimited)”.");
      return NULL;
    }
  if (g_utf8_validate_len (data, length, NULL))
    return g_strndup (data, length);

  /* Older Excel writes Windows-1252 ("£", "–", curly quotes). */
  converted = g_convert (data, length, "UTF-8", "WINDOWS-1252", NULL, NULL, &local_error);
  if (converted == NULL)
    {
      set_error (error, filename, 0, "the text is neither UTF-8 nor Windows-1252 (%s)",
                 local_error->message);
      return NULL;
    }
  g_ptr_array_add (warnings, g_strdup ("The file was not UTF-8; it was read as Windows-1252 "
                                       "(Western European) text."));
  return converted;
}

WmCsvTable *
wm_csv_parse (const char *data,
              gssize      length,
              const char *filename,
              GError    **error)
{
  g_autoptr(WmCsvTable) table = g_new0 (WmCsvTable, 1);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p;
  guint line = 1, row_line = 1;
  gboolean quoted = FALSE, was_quoted = FALSE, any = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);
  table->filename = g_strdup (filename);
  table->header = g_ptr_array_new_with_free_func (g_free);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  table->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  table->warnings = g_ptr_array_new_with_free_func (g_free);

  if (length > MAX_FILE_SIZE)
    {
      set_error (error, filename, 0, "the file is larger than 256 MB; split it first");
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  text = to_utf8 (data, length, filename, table->warnings, error);
  if (text == NULL)
    return NULL;
  {
    gboolean blank = TRUE;
    for (const char *q = text; *q && blank; q++)
      blank = g_ascii_isspace (*q);
    if (blank)
      {
        set_error (error, filename, 0, "the file is empty");
        return NULL;
      }
  }

  table->delimiter = detect_delimiter (text);
  row = g_ptr_array_new_with_free_func (g_free);

  for (p = text;; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '\0')
            {
              set_error (error, filename, row_line,
                         "a quoted cell is never closed (a \" is missing)");
              return NULL;
            }
          if (c == '"' && p[1] == '"')
            {
              g_string_append_c (cell, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n' || (c == '\r' && p[1] != '\n'))
                line++;
              /* a cell over several lines keeps plain \n line ends */
              if (c != '\r' || p[1] != '\n')
                g_string_append_c (cell, c == '\r' ? '\n' : c);
            }
          continue;
        }

      if (c == '"' && cell->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          any = TRUE;
        }
      else if (c == table->delimiter)
        {
          g_ptr_array_add (row, g_strdup (was_quoted ? cell->str : g_strstrip (cell->str)));
          g_string_truncate (cell, 0);
          was_quoted = FALSE;
          any = TRUE;
        }
      else if (c == '\n' || c == '\r' || c == '\0')
        {
          if (any || cell->len > 0)
            {
              g_ptr_array_add (row, g_strdup (was_quoted ? cell->str : g_strstrip (cell->str)));
              if (row->len > MAX_COLUMNS)
                {
                  set_error (error, filename, row_line, "more than %d columns", MAX_COLUMNS);
                  return NULL;
                }
              if (table->header->len == 0 && table->rows->len == 0 && !table->lines->len)
                {
                  g_ptr_array_extend_and_steal (table->header, g_steal_pointer (&row));
                  g_array_append_val (table->lines, row_line);  /* the header's line */
                }
              else
                {
                  g_ptr_array_add (table->rows, g_steal_pointer (&row));
                  g_array_append_val (table->lines, row_line);
                }
              row = g_ptr_array_new_with_free_func (g_free);
            }
          g_string_truncate (cell, 0);
          was_quoted = any = FALSE;
          if (c == '\0')
            break;
          if (c == '\r' && p[1] == '\n')
            p++;
          line++;
          row_line = line;
        }
      else if (was_quoted)
        {
          if (!g_ascii_isspace (c))
            {
              set_error (error, filename, line,
                         "text after a closing quote (write \"\" for a quote inside a cell)");
              return NULL;
            }
        }
      else
        {
          g_string_append_c (cell, c);
          any = TRUE;
        }
    }

  /* the first entry of lines is the header's line; keep only rows' lines */
  if (table->lines->len > 0)
    g_array_remove_index (table->lines, 0);
  return g_steal_pointer (&table);
}

WmCsvTable *
wm_csv_parse_file (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return wm_csv_parse (contents, length, path, error);
}

const char *
wm_csv_table_get_filename (WmCsvTable *table)
{
  return table->filename;
}

guint
wm_csv_table_get_n_columns (WmCsvTable *table)
{
  return table->header->len;
}

const char *const *
wm_csv_table_get_header (WmCsvTable *table)
{
  if (table->header->len == 0 || table->header->pdata[table->header->len - 1] != NULL)
    {
      g_ptr_array_add (table->header, NULL);
      g_ptr_array_set_size (table->header, table->header->len - 1);
    }
  return (const char *const *) table->header->pdata;
}

guint
wm_csv_table_get_n_rows (WmCsvTable *table)
{
  return table->rows->len;
}

/* Short rows (Excel drops trailing empty cells) read as empty cells. */
const char *
wm_csv_table_get (WmCsvTable *table,
                  guint       row,
                  int         column)
{
  GPtrArray *cells;

  g_return_val_if_fail (row < table->rows->len, NULL);
  if (column < 0)
    return NULL;
  cells = table->rows->pdata[row];
  if ((guint) column >= cells->len)
    return "";
  return cells->pdata[column];
}

guint
wm_csv_table_get_line (WmCsvTable *table,
                       guint       row)
{
  g_return_val_if_fail (row < table->lines->len, 0);
  return g_array_index (table->lines, guint, row);
}

char
wm_csv_table_get_delimiter (WmCsvTable *table)
{
  return table->delimiter;
}

const char *const *
wm_csv_table_get_warnings (WmCsvTable *table)
{
  g_ptr_array_add (table->warnings, NULL);
  g_ptr_array_set_size (table->warnings, table->warnings->len - 1);
  return (const char *const *) table->warnings->pdata;
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *x = g_utf8_casefold (a, -1);
  g_autofree char *y = g_utf8_casefold (b, -1);

  g_strstrip (x);
  g_strstrip (y);
  return g_str_equal (x, y);
}

int
wm_csv_table_find_column (WmCsvTable *table,
                          const char *name)
{
  for (guint i = 0; i < table->header->len; i++)
    if (table->header->pdata[i] && same_name (table->header->pdata[i], name))
      return (int) i;
  return -1;
}

/* Fills columns[i] with the column of fields[i] (or -1): a "Header=field"
 * map wins, then a header named like the field.  Fails naming every
 * required field that no column provides, and any map that names a
 * header the file does not have. */
gboolean
wm_csv_table_map (WmCsvTable        *table,
                  const char *const *fields,
                  const char *const *required,
                  const char *const *maps,
                  int               *columns,
                  GError           **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_fields = g_strv_length ((char **) fields);

  for (guint i = 0; i < n_fields; i++)
    columns[i] = wm_csv_table_find_column (table, fields[i]);

  for (guint m = 0; maps && maps[m]; m++)
    {
      const char *eq = strrchr (maps[m], '=');
      g_autofree char *header = NULL;
      const char *field;
      int column;
      gboolean known = FALSE;

      if (eq == NULL || eq == maps[m] || eq[1] == '\0')
        {
          set_error (error, table->filename, 0,
                     "“%s” is not a column map; write 'Header in the file=field'", maps[m]);
          return FALSE;
        }
      header = g_strndup (maps[m], eq - maps[m]);
      field = eq + 1;
      column = wm_csv_table_find_column (table, header);
      if (column < 0)
        {
          set_error (error, table->filename, 0, "there is no column “%s” to map to %s", header,
                     field);
          return FALSE;
        }
      for (guint i = 0; i < n_fields; i++)
        if (same_name (fields[i], field))
          {
            columns[i] = column;
            known = TRUE;
          }
      if (!known)
        {
          g_autofree char *list = g_strjoinv (", ", (char **) fields);
          set_error (error, table->filename, 0, "“%s” is not a field; the fields are %s", field,
                     list);
          return FALSE;
        }
    }

  for (guint r = 0; required && required[r]; r++)
    for (guint i = 0; i < n_fields; i++)
      if (g_str_equal (fields[i], required[r]) && columns[i] < 0)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", required[r]);
  if (missing->len > 0)
    {
      set_error (error, table->filename, 1,
                 "no column for %s (name the header so, or map it with --map 'Header=field')",
                 missing->str);
      return FALSE;
    }
  return TRUE;
}
