/* wm-plan-import.c: a plan's actions from a CSV file saved from Excel
 *
 * Two passes.  The first reads every row into memory, resolving
 * priorities, codes, dates and ratings and collecting every error and
 * warning, without writing anything; only when no row has an error does
 * the second pass write, in one transaction.  So a file with one unknown
 * rating on line 90 changes nothing, and its message lists every problem
 * at once rather than one per attempt.
 */
#define G_LOG_DOMAIN "wm-import"

#include "wm-plan-import.h"
#include "wm-date.h"
#include "wm-store-private.h"
#include "wm-error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enough to fix a file in one sitting; more would bury the first ones. */
#define MAX_ERRORS_SHOWN   20
#define MAX_WARNINGS_SHOWN 50

enum
{
  F_PRIORITY,
  F_CODE,
  F_TITLE,
  F_DESCRIPTION,
  F_LEAD,
  F_AGENCY,
  F_START,
  F_DUE,
  F_COMPLETED,
  F_RATING,
  F_PROGRESS,
  F_EVIDENCE,
  F_IMPACT,
  N_FIELDS
};

static const char *const fields[] = {
  "priority", "code", "title", "description", "lead", "agency", "start", "due", "completed",
  "rating", "progress", "evidence", "impact", NULL,
};

/* Headers that real plans use for our fields, tried only when no header
 * is named like the field and no --map says otherwise.  Anything else
 * needs --map: a guess about a column would put data in the wrong place. */
static const struct
{
  int         field;
  const char *header;
} aliases[] = {
  { F_PRIORITY, "theme" },
  { F_PRIORITY, "area of weakness" },
  { F_PRIORITY, "priority area" },
  { F_CODE, "ref" },
  { F_CODE, "action ref" },
  { F_CODE, "action no" },
  { F_CODE, "action number" },
  { F_TITLE, "action" },
  { F_LEAD, "leads" },
  { F_LEAD, "lead officer" },
  { F_LEAD, "responsible" },
  { F_START, "start date" },
  { F_DUE, "due date" },
  { F_DUE, "deadline" },
  { F_DUE, "by when" },
  { F_DUE, "timescale" },
  { F_COMPLETED, "completed date" },
  { F_COMPLETED, "completion date" },
  { F_RATING, "rag" },
  { F_RATING, "brag" },
  { F_RATING, "rag rating" },
  { F_RATING, "brag rating" },
  { F_RATING, "rag status" },
  { F_RATING, "brag status" },
  { F_PROGRESS, "progress update" },
  { F_PROGRESS, "update" },
  { F_IMPACT, "impact measures" },
  { F_IMPACT, "measures of success" },
};

typedef struct
{
  char    *id;          /* NULL until written, for a new priority */
  char    *code;
  char    *title;
  gboolean is_new;
  int      next_number; /* for codes generated under it: the last n of "code.n" used */
} Priority;

typedef struct
{
  guint       line;
  Priority   *priority;      /* NULL: none */
  char       *code;
  gboolean    code_generated;
  WmRecord   *existing;      /* the action this row updates, or NULL */
  char       *values[N_FIELDS];
  char       *date[3];       /* start, due, completed: ISO or NULL */
  char       *date_text[3];  /* the words written, when kept */
  WmRecord   *rating;
} Row;

typedef struct
{
  WmStore            *store;
  WmCsvTable         *table;
  WmPlanImportReport *report;
  int                 columns[N_FIELDS];
  char               *plan_id;
  GPtrArray          *ratings;
  GPtrArray          *priorities;        /* Priority*, existing then new */
  GHashTable         *existing_actions;  /* casefolded code → WmRecord */
  GHashTable         *codes_in_file;     /* casefolded code → line (GUINT) */
  GArray             *rows;              /* Row */
  GPtrArray          *errors;
  guint               n_errors;
  char               *file_name;         /* for messages */
} Import;

static void
priority_free (gpointer data)
{
  Priority *priority = data;

  g_free (priority->id);
  g_free (priority->code);
  g_free (priority->title);
  g_free (priority);
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->code);
  g_clear_object (&row->existing);
  g_clear_object (&row->rating);
  for (int i = 0; i < N_FIELDS; i++)
    g_free (row->values[i]);
  for (int i = 0; i < 3; i++)
    {
      g_free (row->date[i]);
      g_free (row->date_text[i]);
    }
}

static void
import_clear (Import *im)
{
  g_free (im->plan_id);
  g_clear_pointer (&im->ratings, g_ptr_array_unref);
  g_clear_pointer (&im->priorities, g_ptr_array_unref);
  g_clear_pointer (&im->existing_actions, g_hash_table_unref);
  g_clear_pointer (&im->codes_in_file, g_hash_table_unref);
  g_clear_pointer (&im->rows, g_array_unref);
  g_clear_pointer (&im->errors, g_ptr_array_unref);
  g_free (im->file_name);
}

const char *const *
wm_plan_import_fields (void)
{
  return fields;
}

void
wm_plan_import_report_free (WmPlanImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->warnings);
  g_free (report);
}

static char *
fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return g_strdup (g_strstrip (folded));
}

/* The header of a field's column as the file writes it, for messages. */
static const char *
header_of (Import *im,
           int     field)
{
  const char *const *header = wm_csv_table_get_header (im->table);

  if (im->columns[field] < 0)
    return fields[field];
  return header[im->columns[field]];
}

static void
add_error (Import     *im,
           guint       line,
           int         field,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
add_error (Import     *im,
           guint       line,
           int         field,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  im->n_errors++;
  if (im->errors->len >= MAX_ERRORS_SHOWN)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (field >= 0)
    g_ptr_array_add (im->errors, g_strdup_printf ("%s, line %u, column “%s”: %s", im->file_name,
                                                  line, header_of (im, field), message));
  else
    g_ptr_array_add (im->errors, g_strdup_printf ("%s, line %u: %s", im->file_name, line,
                                                  message));
}

static void
add_warning (Import     *im,
             guint       line,
             int         field,
             const char *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_warning (Import     *im,
             guint       line,
             int         field,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (im->report->warnings,
                   g_strdup_printf ("%s, line %u, column “%s”: %s", im->file_name, line,
                                    header_of (im, field), message));
}

/* ---------- ratings ---------- */

/* Colour names that plans use for their ratings, with a typical shade of
 * each.  A rating is known by the name whose shade is nearest its colour,
 * so "Yellow" finds the scale's yellow rating whatever it is called, and
 * a scale with no yellow finds none. */
static const struct
{
  const char *name;
  int         group;   /* names of one group are synonyms */
  guint8      r, g, b;
} colour_names[] = {
  { "red", 0, 0xe0, 0x1b, 0x24 },
  { "amber", 1, 0xe5, 0xa5, 0x0a },
  { "orange", 1, 0xff, 0x78, 0x00 },
  { "yellow", 2, 0xf6, 0xd3, 0x2d },
  { "green", 3, 0x2e, 0xc2, 0x7e },
  { "blue", 4, 0x35, 0x84, 0xe4 },
  { "pink", 5, 0xdc, 0x8a, 0xdd },
  { "purple", 6, 0x91, 0x41, 0xac },
  { "white", 7, 0xff, 0xff, 0xff },
  { "grey", 8, 0x9a, 0x99, 0x96 },
  { "gray", 8, 0x9a, 0x99, 0x96 },
  { "black", 9, 0x00, 0x00, 0x00 },
};

static int
colour_group_of_hex (const char *hex)
{
  guint r, g, b;
  int best = -1;
  long best_distance = G_MAXLONG;

  if (hex == NULL || sscanf (hex, "#%02x%02x%02x", &r, &g, &b) != 3)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (colour_names); i++)
    {
      long dr = (long) r - colour_names[i].r;
      long dg = (long) g - colour_names[i].g;
      long db = (long) b - colour_names[i].b;
      long distance = dr * dr + dg * dg + db * db;

      if (distance < best_distance)
        {
          best_distance = distance;
          best = colour_names[i].group;
        }
    }
  return best;
}

static int
colour_group_of_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (colour_names); i++)
    if (g_ascii_strcasecmp (colour_names[i].name, name) == 0)
      return colour_names[i].group;
  return -1;
}

static WmRecord *
match_exact (GPtrArray  *ratings,
             const char *text)
{
  for (guint i = 0; i < ratings->len; i++)
    {
      WmRecord *rating = ratings->pdata[i];

      if (g_ascii_strcasecmp (wm_record_get_nonnull (rating, "code"), text) == 0
          || g_ascii_strcasecmp (wm_record_get_nonnull (rating, "label"), text) == 0)
        return rating;
    }
  for (guint i = 0; i < ratings->len; i++)
    {
      WmRecord *rating = ratings->pdata[i];
      const char *summary = wm_record_has_column (rating, "summary")
                            ? wm_record_get (rating, "summary") : NULL;

      if (summary != NULL && g_ascii_strcasecmp (summary, text) == 0)
        return rating;
    }
  return NULL;
}

/* The one rating that is_complete, or the one whose colour is @group;
 * NULL when none or several (then the word does not say which). */
static WmRecord *
match_unique (GPtrArray *ratings,
              gboolean   complete,
              int        group)
{
  WmRecord *found = NULL;

  for (guint i = 0; i < ratings->len; i++)
    {
      WmRecord *rating = ratings->pdata[i];
      gboolean hit = complete ? wm_record_get_int (rating, "is_complete", 0) != 0
                              : colour_group_of_hex (wm_record_get (rating, "colour")) == group;

      if (!hit)
        continue;
      if (found != NULL)
        return NULL;
      found = rating;
    }
  return found;
}

/**
 * wm_plan_import_match_rating:
 * @ratings: (element-type WmRecord): the plan's rating scale
 * @text: a rating as a plan writes it
 *
 * Matches by code ("A"), label ("Amber", "AMBER"), summary ("Action on
 * track"), colour name ("Yellow" finds the scale's one yellow rating), or
 * "C", "Complete", "Completed", "Done" for the scale's one rating that
 * means complete.  "Green – on track" is read as "Green".  Nothing else is
 * guessed.
 *
 * Returns: (transfer none) (nullable): the rating, or %NULL
 */
WmRecord *
wm_plan_import_match_rating (GPtrArray  *ratings,
                             const char *text)
{
  static const char *const complete_words[] = { "c", "complete", "completed", "done", NULL };
  g_autofree char *trimmed = NULL;
  WmRecord *rating;
  gsize word_len;

  g_return_val_if_fail (ratings != NULL, NULL);
  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    return NULL;

  if ((rating = match_exact (ratings, trimmed)) != NULL)
    return rating;
  {
    g_autofree char *lower = g_ascii_strdown (trimmed, -1);

    if (g_strv_contains (complete_words, lower)
        && (rating = match_unique (ratings, TRUE, -1)) != NULL)
      return rating;
    if (colour_group_of_name (lower) >= 0
        && (rating = match_unique (ratings, FALSE, colour_group_of_name (lower))) != NULL)
      return rating;
  }

  /* "Green – on track", "Amber (minor delays)", "G: on track": the first
   * word alone, when what follows is clearly an explanation.  "Red/Amber"
   * is not read as Red. */
  word_len = strspn (trimmed, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  if (word_len > 0 && word_len < strlen (trimmed))
    {
      const char *rest = trimmed + word_len;
      gboolean explained = g_str_has_prefix (rest, " ") || g_str_has_prefix (rest, "-")
                           || g_str_has_prefix (rest, ":") || g_str_has_prefix (rest, "(")
                           || g_str_has_prefix (rest, "\xe2\x80\x93")   /* – */
                           || g_str_has_prefix (rest, "\xe2\x80\x94");  /* — */

      while (*rest == ' ')
        rest++;
      if (explained && *rest != '/' && *rest != '&' && g_ascii_strncasecmp (rest, "and ", 4) != 0
          && g_ascii_strncasecmp (rest, "or ", 3) != 0)
        {
          g_autofree char *word = g_strndup (trimmed, word_len);
          return wm_plan_import_match_rating (ratings, word);
        }
    }
  return NULL;
}

static char *
describe_scale (GPtrArray *ratings)
{
  GString *known = g_string_new (NULL);

  for (guint i = 0; i < ratings->len; i++)
    g_string_append_printf (known, "%s%s (%s)", i ? ", " : "",
                            wm_record_get_nonnull (ratings->pdata[i], "code"),
                            wm_record_get_nonnull (ratings->pdata[i], "label"));
  return g_string_free (known, FALSE);
}

/* ---------- priorities ---------- */

static Priority *
find_priority (Import     *im,
               const char *code,
               const char *title)
{
  for (guint i = 0; i < im->priorities->len; i++)
    {
      Priority *priority = im->priorities->pdata[i];

      if (code != NULL && priority->code[0] != '\0'
          && g_utf8_collate (priority->code, code) == 0)
        return priority;
      if (code != NULL)
        {
          g_autofree char *a = fold (priority->code);
          g_autofree char *b = fold (code);

          if (a[0] != '\0' && g_str_equal (a, b))
            return priority;
        }
      if (title != NULL && priority->title[0] != '\0')
        {
          g_autofree char *a = fold (priority->title);
          g_autofree char *b = fold (title);

          if (g_str_equal (a, b))
            return priority;
        }
    }
  return NULL;
}

static char *
next_priority_code (Import *im)
{
  gint64 highest = 0;

  for (guint i = 0; i < im->priorities->len; i++)
    {
      Priority *priority = im->priorities->pdata[i];
      char *end = NULL;
      gint64 n = g_ascii_strtoll (priority->code, &end, 10);

      if (end != priority->code && n > highest)
        highest = n;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, highest + 1);
}

static Priority *
add_priority (Import     *im,
              const char *code,
              const char *title)
{
  Priority *priority = g_new0 (Priority, 1);

  priority->code = code ? g_strdup (code) : next_priority_code (im);
  priority->title = g_strdup (title ? title : "");
  priority->is_new = TRUE;
  g_ptr_array_add (im->priorities, priority);
  im->report->priorities_created++;
  return priority;
}

/* "1", "Priority 1", "1. Timeliness of EHC plans", "Area 2 – Joint
 * commissioning", or a theme's name alone. */
static Priority *
resolve_priority (Import     *im,
                  const char *text)
{
  static gsize once = 0;
  static GRegex *with_title = NULL;
  static GRegex *code_only = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  Priority *priority;

  if (g_once_init_enter (&once))
    {
      with_title = g_regex_new ("^(?:(?:priority|area(?: of weakness)?|theme|aow)\\s*)?"
                                   "([0-9]+[a-z]?)\\s*(?:[.:)]|\\s[-–—]|[-–—])\\s*(.+)$",
                                   G_REGEX_CASELESS | G_REGEX_DOTALL, 0, NULL);
      code_only = g_regex_new ("^(?:(?:priority|area(?: of weakness)?|theme|aow)\\s*)?"
                               "([0-9]+[a-z]?)$", G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&once, 1);
    }

  if ((priority = find_priority (im, text, text)) != NULL)
    return priority;
  if (g_regex_match (with_title, text, 0, &match))
    {
      g_autofree char *code = g_match_info_fetch (match, 1);
      g_autofree char *title = g_match_info_fetch (match, 2);

      g_strstrip (title);
      if ((priority = find_priority (im, code, NULL)) != NULL
          || (priority = find_priority (im, NULL, title)) != NULL)
        return priority;
      return add_priority (im, code, title);
    }
  g_clear_pointer (&match, g_match_info_free);
  if (g_regex_match (code_only, text, 0, &match))
    {
      g_autofree char *code = g_match_info_fetch (match, 1);

      if ((priority = find_priority (im, code, NULL)) != NULL)
        return priority;
      return add_priority (im, code, NULL);
    }
  return add_priority (im, NULL, text);
}

/* ---------- one row ---------- */

/* Leads and agencies are stored one a line: cells write them with
 * semicolons, commas-free, or over several lines. */
static char *
to_lines (const char *text)
{
  g_autofree char *copy = g_strdelimit (g_strdup (text), ";", '\n');
  g_auto(GStrv) parts = g_strsplit (copy, "\n", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (kept, parts[i]);
    }
  result = g_strv_builder_end (kept);
  return result[0] ? g_strjoinv ("\n", result) : NULL;
}

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isalpha (*p))
      return TRUE;
  return FALSE;
}

static void
read_date (Import     *im,
           Row        *row,
           int         field,
           int         slot)
{
  const char *text = row->values[field];
  GDate date;
  WmDatePrecision precision;

  if (text == NULL)
    return;
  precision = wm_date_parse (text, &date);
  if (precision == WM_DATE_NONE)
    {
      /* "Ongoing", "TBC – pending recruitment": what the plan says, kept */
      row->date_text[slot] = g_strdup (text);
      add_warning (im, row->line, field, "“%s” is not a date; kept as text", text);
      return;
    }
  row->date[slot] = wm_date_to_iso (&date);
  /* Words say more than the date ("end of September 2023", "Sep-23" is a
   * month, not its last day); figures say nothing more. */
  if (precision == WM_DATE_MONTH || has_letters (text))
    row->date_text[slot] = g_strdup (text);
}

static gboolean
row_is_blank (Row *row)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (row->values[i] != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
row_is_priority_heading (Row *row)
{
  if (row->values[F_PRIORITY] == NULL)
    return FALSE;
  for (int i = 0; i < N_FIELDS; i++)
    if (i != F_PRIORITY && row->values[i] != NULL)
      return FALSE;
  return TRUE;
}

static void
read_rows (Import *im)
{
  guint n_rows = wm_csv_table_get_n_rows (im->table);
  Priority *current = NULL;
  g_autofree char *scale = NULL;

  for (guint r = 0; r < n_rows; r++)
    {
      Row row = { 0 };

      row.line = wm_csv_table_get_line (im->table, r);
      for (int f = 0; f < N_FIELDS; f++)
        {
          const char *cell = im->columns[f] >= 0
                             ? wm_csv_table_get (im->table, r, im->columns[f]) : NULL;
          g_autofree char *value = cell ? g_strstrip (g_strdup (cell)) : NULL;

          if (value != NULL && value[0] != '\0')
            row.values[f] = g_steal_pointer (&value);
        }

      /* Rows left blank between sections */
      if (row_is_blank (&row))
        {
          row_clear (&row);
          continue;
        }

      /* A cell merged down a theme's rows is written once, on its first
       * row: the rows below belong to it too. */
      if (row.values[F_PRIORITY] != NULL)
        current = resolve_priority (im, row.values[F_PRIORITY]);
      if (row_is_priority_heading (&row))
        {
          row_clear (&row);
          continue;
        }
      row.priority = current;

      if (row.values[F_CODE] != NULL)
        {
          g_autofree char *key = fold (row.values[F_CODE]);
          g_autofree char *folded = g_strdup (key);
          gpointer other = g_hash_table_lookup (im->codes_in_file, key);

          if (other != NULL)
            add_error (im, row.line, F_CODE, "action “%s” is also on line %u; codes must differ",
                       row.values[F_CODE], GPOINTER_TO_UINT (other));
          else
            g_hash_table_insert (im->codes_in_file, g_steal_pointer (&key),
                                 GUINT_TO_POINTER (row.line));
          row.code = g_strdup (row.values[F_CODE]);
          row.existing = g_hash_table_lookup (im->existing_actions, folded);
          if (row.existing != NULL)
            g_object_ref (row.existing);

          /* "2.3" with no priority given: the priority coded "2" */
          if (row.priority == NULL && row.existing == NULL && strchr (row.code, '.') != NULL)
            {
              g_autofree char *prefix = g_strndup (row.code, strchr (row.code, '.') - row.code);

              if (prefix[0] != '\0')
                {
                  row.priority = find_priority (im, prefix, NULL);
                  if (row.priority == NULL)
                    row.priority = add_priority (im, prefix, NULL);
                }
            }
        }

      /* A row that updates an action may leave its title out; a new one
       * may not. */
      if (row.values[F_TITLE] == NULL && row.existing == NULL)
        {
          if (im->columns[F_TITLE] >= 0)
            add_error (im, row.line, F_TITLE, "an action needs a title, and this cell is empty");
          else if (row.code != NULL)
            add_error (im, row.line, F_CODE, "there is no action “%s” in this plan to update, "
                       "and a new action needs a title column", row.code);
          else
            add_error (im, row.line, -1, "this row has no code and no title: it names no action");
        }

      read_date (im, &row, F_START, 0);
      read_date (im, &row, F_DUE, 1);
      read_date (im, &row, F_COMPLETED, 2);

      if (row.values[F_RATING] != NULL)
        {
          WmRecord *rating = wm_plan_import_match_rating (im->ratings, row.values[F_RATING]);

          if (rating != NULL)
            row.rating = g_object_ref (rating);
          else
            {
              if (scale == NULL)
                scale = describe_scale (im->ratings);
              add_error (im, row.line, F_RATING,
                         "“%s” is not a rating of this plan; use one of %s (or its colour)",
                         row.values[F_RATING], scale);
            }
        }

      g_array_append_val (im->rows, row);
    }
}

/* ---------- codes for rows without one ---------- */

static gboolean
code_taken (Import     *im,
            const char *code)
{
  g_autofree char *key = fold (code);

  return g_hash_table_contains (im->codes_in_file, key)
         || g_hash_table_contains (im->existing_actions, key);
}

/* A row without a code is the action of the same title under the same
 * priority when the plan has one (the file imported again), else a new
 * action numbered after its priority: "1.1", "1.2"… */
static void
assign_codes (Import *im)
{
  g_autoptr(GHashTable) by_title = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer value;
  guint plain_next = 0;

  g_hash_table_iter_init (&iter, im->existing_actions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      WmRecord *action = value;
      g_autofree char *title = fold (wm_record_get_nonnull (action, "title"));
      char *key = g_strconcat (wm_record_get_nonnull (action, "priority_id"), "\n", title, NULL);

      g_hash_table_insert (by_title, key, action);
    }

  for (guint i = 0; i < im->rows->len; i++)
    {
      Row *row = &g_array_index (im->rows, Row, i);
      const char *prefix = row->priority ? row->priority->code : "";
      g_autofree char *code = NULL;

      if (row->code != NULL || row->values[F_TITLE] == NULL)
        continue;

      if (row->priority != NULL && row->priority->id != NULL)
        {
          g_autofree char *title = fold (row->values[F_TITLE]);
          g_autofree char *key = g_strconcat (row->priority->id, "\n", title, NULL);
          WmRecord *action = g_hash_table_lookup (by_title, key);
          g_autofree char *action_key = action ? fold (wm_record_get_nonnull (action, "code"))
                                               : NULL;

          if (action != NULL && !g_hash_table_contains (im->codes_in_file, action_key))
            {
              row->existing = g_object_ref (action);
              row->code = g_strdup (wm_record_get_nonnull (action, "code"));
              g_hash_table_insert (im->codes_in_file, g_steal_pointer (&action_key),
                                   GUINT_TO_POINTER (row->line));
              continue;
            }
        }

      do
        {
          g_free (code);
          if (row->priority != NULL && prefix[0] != '\0')
            code = g_strdup_printf ("%s.%d", prefix, ++row->priority->next_number);
          else
            code = g_strdup_printf ("%u", ++plain_next);
        }
      while (code_taken (im, code));
      g_hash_table_insert (im->codes_in_file, fold (code), GUINT_TO_POINTER (row->line));
      row->code = g_steal_pointer (&code);
      row->code_generated = TRUE;
      im->report->codes_generated++;
    }
}

/* ---------- writing ---------- */

static gboolean
write_priorities (Import  *im,
                  GError **error)
{
  for (guint i = 0; i < im->priorities->len; i++)
    {
      Priority *priority = im->priorities->pdata[i];

      if (!priority->is_new)
        continue;
      priority->id = wm_store_insert (im->store, "priority", error,
                                      "plan_id", im->plan_id,
                                      "code", priority->code,
                                      "title", priority->title,
                                      NULL);
      if (priority->id == NULL)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char *columns[24];
  const char *values[24];
  char       *owned[8];
  guint       n;
  guint       n_owned;
} Values;

static void
values_add (Values     *v,
            const char *column,
            const char *value)
{
  g_assert (v->n < G_N_ELEMENTS (v->columns) - 1);
  v->columns[v->n] = column;
  v->values[v->n] = value;
  v->n++;
}

static void
values_clear (Values *v)
{
  for (guint i = 0; i < v->n_owned; i++)
    g_free (v->owned[i]);
}

static const char *
values_own (Values *v,
            char   *text)
{
  g_assert (v->n_owned < G_N_ELEMENTS (v->owned));
  v->owned[v->n_owned++] = text;
  return text;
}

/* The columns a row sets.  On an existing action an empty cell leaves
 * the field as it was: files from partners often carry only some
 * columns filled in. */
static void
row_values (Row    *row,
            Values *v)
{
  static const char *const date_columns[3] = { "start_date", "due_date", "completed_date" };
  static const char *const text_columns[3] = { "start_text", "due_text", "completed_text" };
  static const int date_fields[3] = { F_START, F_DUE, F_COMPLETED };
  static const struct
  {
    int         field;
    const char *column;
  } plain[] = {
    { F_TITLE, "title" },
    { F_DESCRIPTION, "description" },
    { F_PROGRESS, "progress" },
    { F_EVIDENCE, "evidence" },
    { F_IMPACT, "impact" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    if (row->values[plain[i].field] != NULL)
      values_add (v, plain[i].column, row->values[plain[i].field]);
  if (row->values[F_LEAD] != NULL)
    values_add (v, "leads", values_own (v, to_lines (row->values[F_LEAD])));
  if (row->values[F_AGENCY] != NULL)
    values_add (v, "agency", values_own (v, to_lines (row->values[F_AGENCY])));
  for (int i = 0; i < 3; i++)
    if (row->values[date_fields[i]] != NULL)
      {
        /* the date and its words go together: a date read replaces
         * words kept before, and words replace a date */
        values_add (v, date_columns[i], row->date[i]);
        values_add (v, text_columns[i], row->date_text[i]);
      }
  if (row->rating != NULL)
    values_add (v, "rating_id", wm_record_get_id (row->rating));
}

static gboolean
write_row (Import      *im,
           Row         *row,
           const char  *author,
           const char  *today,
           const char  *now,
           GError     **error)
{
  Values v = { 0 };
  gboolean ok = TRUE;

  row_values (row, &v);

  if (row->existing == NULL)
    {
      g_autofree char *id = NULL;

      values_add (&v, "plan_id", im->plan_id);
      values_add (&v, "priority_id", row->priority ? row->priority->id : NULL);
      values_add (&v, "code", row->code);
      values_add (&v, "code_generated", row->code_generated ? "1" : "0");
      v.columns[v.n] = NULL;
      id = wm_store_insert_v (im->store, "action", v.columns, v.values, error);
      ok = id != NULL;
      im->report->created++;
    }
  else
    {
      const char *id = wm_record_get_id (row->existing);
      const char *old_rating = wm_record_get (row->existing, "rating_id");
      Values changed = { 0 };

      if (row->priority != NULL && row->values[F_PRIORITY] != NULL)
        values_add (&v, "priority_id", row->priority->id);
      for (guint i = 0; i < v.n; i++)
        if (g_strcmp0 (wm_record_get (row->existing, v.columns[i]), v.values[i]) != 0)
          values_add (&changed, v.columns[i], v.values[i]);
      changed.columns[changed.n] = NULL;
      changed.values[changed.n] = NULL;

      if (changed.n == 0)
        im->report->unchanged++;
      else
        {
          im->report->updated++;
          ok = wm_store_update_v (im->store, "action", id, changed.columns, changed.values,
                                  error);
          /* A rating change is history a board reads: keep it dated */
          if (ok && row->rating != NULL
              && g_strcmp0 (old_rating, wm_record_get_id (row->rating)) != 0)
            {
              g_autofree char *update_id =
                wm_store_insert (im->store, "status_update", error,
                                 "action_id", id,
                                 "date", today,
                                 "rating_id", wm_record_get_id (row->rating),
                                 "previous_rating_id", old_rating,
                                 "note", row->values[F_PROGRESS],
                                 "author", author,
                                 "created_at", now,
                                 NULL);
              ok = update_id != NULL;
            }
        }
    }
  values_clear (&v);
  if (!ok)
    g_prefix_error (error, "%s, line %u: ", im->file_name, row->line);
  return ok;
}

static gboolean write_in_transaction (Import            *im,
                                      WmPlanImportFlags  flags,
                                      const char        *author,
                                      const char        *today,
                                      const char        *now,
                                      GError           **error);

static gboolean
write_all (Import            *im,
           WmPlanImportFlags  flags,
           GError           **error)
{
  g_autofree char *author = g_strdup_printf ("Imported from %s", im->file_name);
  g_autofree char *today = wm_date_today_iso ();
  g_autofree char *now = wm_now_iso ();
  gboolean ok;

  /* Every store write is a savepoint inside the import's transaction,
   * and SQLite keeps each savepoint's sub-journal in a temporary file:
   * 29 writes to disk a row, a minute for 100,000 rows.  In memory for
   * the import, and a cache that holds the transaction's pages, it is
   * seconds. */
  wm_store_exec (im->store, "PRAGMA temp_store = MEMORY", NULL);
  if (im->rows->len > 1000)
    wm_store_exec (im->store, "PRAGMA cache_size = -262144", NULL);
  ok = write_in_transaction (im, flags, author, today, now, error);
  if (im->rows->len > 1000)
    wm_store_exec (im->store, "PRAGMA cache_size = -2000", NULL);
  wm_store_exec (im->store, "PRAGMA temp_store = DEFAULT", NULL);
  return ok;
}

static gboolean
write_in_transaction (Import            *im,
                      WmPlanImportFlags  flags,
                      const char        *author,
                      const char        *today,
                      const char        *now,
                      GError           **error)
{
  if (!wm_store_begin (im->store, error))
    return FALSE;
  if (!write_priorities (im, error))
    goto fail;
  for (guint i = 0; i < im->rows->len; i++)
    if (!write_row (im, &g_array_index (im->rows, Row, i), author, today, now, error))
      goto fail;
  if (flags & WM_PLAN_IMPORT_DRY_RUN)
    {
      wm_store_rollback (im->store);
      return TRUE;
    }
  return wm_store_commit (im->store, error);

fail:
  wm_store_rollback (im->store);
  return FALSE;
}

/* ---------- loading what the plan has ---------- */

static gboolean
load_plan (Import  *im,
           GError **error)
{
  g_autoptr(WmRecord) plan = wm_store_get_plan (im->store, error);
  g_autoptr(GPtrArray) priorities = NULL;
  g_autoptr(GPtrArray) actions = NULL;

  if (plan == NULL)
    return FALSE;
  im->plan_id = g_strdup (wm_record_get_id (plan));
  im->ratings = wm_store_list_ratings (im->store, error);
  if (im->ratings == NULL)
    return FALSE;
  priorities = wm_store_list (im->store, "priority", "plan_id", im->plan_id, error);
  if (priorities == NULL)
    return FALSE;
  for (guint i = 0; i < priorities->len; i++)
    {
      Priority *priority = g_new0 (Priority, 1);
      WmRecord *record = priorities->pdata[i];

      priority->id = g_strdup (wm_record_get_id (record));
      priority->code = g_strdup (wm_record_get_nonnull (record, "code"));
      priority->title = g_strdup (wm_record_get_nonnull (record, "title"));
      g_ptr_array_add (im->priorities, priority);
    }
  actions = wm_store_list_actions (im->store, NULL, error);
  if (actions == NULL)
    return FALSE;
  for (guint i = 0; i < actions->len; i++)
    {
      WmRecord *action = actions->pdata[i];
      const char *code = wm_record_get_nonnull (action, "code");

      if (code[0] != '\0')
        g_hash_table_insert (im->existing_actions, fold (code), g_object_ref (action));
    }
  return TRUE;
}

/* Columns no field reads: said in the report, because a column left out
 * by a misspelt header is data the person expected to see imported. */
static void
note_unused_columns (Import *im)
{
  guint n_columns = wm_csv_table_get_n_columns (im->table);
  const char *const *header = wm_csv_table_get_header (im->table);

  for (guint c = 0; c < n_columns; c++)
    {
      gboolean used = FALSE;

      for (int f = 0; f < N_FIELDS && !used; f++)
        used = im->columns[f] == (int) c;
      if (!used && header[c][0] != '\0')
        g_ptr_array_add (im->report->warnings,
                         g_strdup_printf ("%s: column “%s” was not imported (no field reads it; "
                                          "map it with --map '%s=field' if it should be)",
                                          im->file_name, header[c], header[c]));
    }
}

static void
map_aliases (Import *im)
{
  guint n_columns = wm_csv_table_get_n_columns (im->table);
  g_autofree gboolean *used = g_new0 (gboolean, n_columns + 1);

  for (int f = 0; f < N_FIELDS; f++)
    if (im->columns[f] >= 0)
      used[im->columns[f]] = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      int field = aliases[i].field;
      int column;

      if (im->columns[field] >= 0)
        continue;
      column = wm_csv_table_find_column (im->table, aliases[i].header);
      if (column >= 0 && !used[column])
        {
          im->columns[field] = column;
          used[column] = TRUE;
        }
    }
}

/**
 * wm_plan_import_actions:
 * @store: the plan's store
 * @table: the file, as wm_csv_parse_file () read it
 * @maps: (nullable) (array zero-terminated=1): "Header in the file=field"
 * @flags: %WM_PLAN_IMPORT_DRY_RUN to check and count without saving
 * @error: return location for a #GError
 *
 * Imports every row of @table as an action of the plan, creating the
 * priorities it names, or imports nothing.  Rows whose code matches an
 * action of the plan update it; empty cells leave its fields alone.
 *
 * Returns: (transfer full) (nullable): what was done, with warnings, or
 *   %NULL with @error listing every row that stopped the import
 */
WmPlanImportReport *
wm_plan_import_actions (WmStore            *store,
                        WmCsvTable         *table,
                        const char *const  *maps,
                        WmPlanImportFlags   flags,
                        GError            **error)
{
  g_autoptr(WmPlanImportReport) report = g_new0 (WmPlanImportReport, 1);
  const char *filename;
  Import im = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report->warnings = g_ptr_array_new_with_free_func (g_free);
  filename = wm_csv_table_get_filename (table);
  im.store = store;
  im.table = table;
  im.report = report;
  im.file_name = filename ? g_filename_display_basename (filename) : g_strdup ("the CSV text");
  im.priorities = g_ptr_array_new_with_free_func (priority_free);
  im.existing_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  im.codes_in_file = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (im.rows, row_clear);
  im.errors = g_ptr_array_new_with_free_func (g_free);

  for (const char *const *w = wm_csv_table_get_warnings (table); *w; w++)
    g_ptr_array_add (report->warnings, g_strdup_printf ("%s: %s", im.file_name, *w));

  if (!wm_csv_table_map (table, fields, NULL, maps, im.columns, error))
    goto out;
  map_aliases (&im);
  note_unused_columns (&im);
  if (im.columns[F_TITLE] < 0 && im.columns[F_CODE] < 0)
    {
      g_autofree char *headers = g_strjoinv ("”, “", (char **) wm_csv_table_get_header (table));

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s: no column holds the actions’ titles or codes.  The columns are “%s”; "
                   "say which is the title with --map 'Header=title'.", im.file_name, headers);
      goto out;
    }
  report->rows_read = wm_csv_table_get_n_rows (table);
  if (report->rows_read == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s has a header row but no actions under it.",
                   im.file_name);
      goto out;
    }

  if (!load_plan (&im, error))
    goto out;
  read_rows (&im);
  if (im.rows->len == 0 && im.n_errors == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s has no actions in its rows.", im.file_name);
      goto out;
    }
  assign_codes (&im);

  if (im.n_errors > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      g_string_append_printf (message, "%s: %u %s, so nothing was imported:", im.file_name,
                              im.n_errors, im.n_errors == 1 ? "problem" : "problems");
      for (guint i = 0; i < im.errors->len; i++)
        g_string_append_printf (message, "\n  %s", (const char *) im.errors->pdata[i]);
      if (im.n_errors > im.errors->len)
        g_string_append_printf (message, "\n  … and %u more", im.n_errors - im.errors->len);
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, message->str);
      goto out;
    }

  ok = write_all (&im, flags, error);

out:
  import_clear (&im);
  return ok ? g_steal_pointer (&report) : NULL;
}

/**
 * wm_plan_import_report_format:
 * @report: what an import did
 *
 * Returns: (transfer full): the report as lines for a person to read
 */
char *
wm_plan_import_report_format (const WmPlanImportReport *report)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append_printf (text, "%u %s read: %u %s created, %u updated, %u unchanged.",
                          report->rows_read, report->rows_read == 1 ? "row" : "rows",
                          report->created, report->created == 1 ? "action" : "actions",
                          report->updated, report->unchanged);
  if (report->priorities_created > 0)
    g_string_append_printf (text, "\n%u %s created.", report->priorities_created,
                            report->priorities_created == 1 ? "priority" : "priorities");
  if (report->codes_generated > 0)
    g_string_append_printf (text, "\n%u %s had no code and %s given one after %s priority.",
                            report->codes_generated,
                            report->codes_generated == 1 ? "action" : "actions",
                            report->codes_generated == 1 ? "was" : "were",
                            report->codes_generated == 1 ? "its" : "their");
  if (report->warnings->len > 0)
    {
      g_string_append_printf (text, "\n%u %s:", report->warnings->len,
                              report->warnings->len == 1 ? "warning" : "warnings");
      for (guint i = 0; i < report->warnings->len && i < MAX_WARNINGS_SHOWN; i++)
        g_string_append_printf (text, "\n  %s", (const char *) report->warnings->pdata[i]);
      if (report->warnings->len > MAX_WARNINGS_SHOWN)
        g_string_append_printf (text, "\n  … and %u more", report->warnings->len
                                                         - MAX_WARNINGS_SHOWN);
    }
  return g_string_free (text, FALSE);
}
