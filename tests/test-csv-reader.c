#include <string.h>

#include "wm-csv-reader.h"
#include "wm-error.h"

static WmCsvTable *
parse_ok (const char *text,
          gssize      length)
{
  g_autoptr(GError) error = NULL;
  WmCsvTable *table = wm_csv_parse (text, length, "plan.csv", &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static void
assert_error (const char *text,
              gssize      length,
              const char *expect)
{
  g_autoptr(GError) error = NULL;
  WmCsvTable *table = wm_csv_parse (text, length, "/tmp/plan.csv", &error);

  g_assert_null (table);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "plan.csv"));
  g_assert_nonnull (strstr (error->message, expect));
}

static void
test_excel_forms (void)
{
  /* BOM, CRLF, a quoted cell over two lines with an escaped quote, and a
   * short last row as Excel writes them */
  g_autoptr(WmCsvTable) t = parse_ok ("\xEF\xBB\xBF" "Code,Title,By When\r\n"
                                      "1.1,\"Reform the \"\"EHC\"\" process\r\nacross agencies\","
                                      "31/10/2023\r\n"
                                      "1.2a,Exemplars\r\n", -1);

  g_assert_cmpuint (wm_csv_table_get_n_columns (t), ==, 3);
  g_assert_cmpstr (wm_csv_table_get_header (t)[0], ==, "Code");
  g_assert_cmpuint (wm_csv_table_get_n_rows (t), ==, 2);
  g_assert_cmpstr (wm_csv_table_get (t, 0, 1), ==, "Reform the \"EHC\" process\nacross agencies");
  g_assert_cmpstr (wm_csv_table_get (t, 0, 2), ==, "31/10/2023");
  g_assert_cmpstr (wm_csv_table_get (t, 1, 2), ==, "");
  g_assert_cmpuint (wm_csv_table_get_line (t, 0), ==, 2);
  g_assert_cmpuint (wm_csv_table_get_line (t, 1), ==, 4);   /* the cell took two lines */
  g_assert_cmpint (wm_csv_table_find_column (t, " by when "), ==, 2);
}

static void
test_semicolons_and_latin1 (void)
{
  /* "£" and "–" in Windows-1252, as an old Excel saves them */
  g_autoptr(WmCsvTable) t = parse_ok ("ref;cost\n" "RR1;\xa3" "5m \x96 agreed\n", -1);

  g_assert_cmpint (wm_csv_table_get_delimiter (t), ==, ';');
  g_assert_cmpstr (wm_csv_table_get (t, 0, 1), ==, "£5m – agreed");
  g_assert_nonnull (wm_csv_table_get_warnings (t)[0]);
}

static void
test_header_only_and_blank_lines (void)
{
  g_autoptr(WmCsvTable) t = parse_ok ("kpi,period,value\n\n\n", -1);

  g_assert_cmpuint (wm_csv_table_get_n_columns (t), ==, 3);
  g_assert_cmpuint (wm_csv_table_get_n_rows (t), ==, 0);
}

static void
test_bad_files (void)
{
  assert_error ("", 0, "empty");
  assert_error ("  \r\n\n", -1, "empty");
  assert_error ("a,b\n1,\"open\n2,3\n", -1, "line 2");
  assert_error ("a,b\n1,\"x\"y\n", -1, "line 2");
  assert_error ("P\0K\3\4", 5, "binary");
}

static void
test_map (void)
{
  static const char *const fields[] = { "kpi", "period", "value", "note", NULL };
  static const char *const required[] = { "kpi", "period", "value", NULL };
  g_autoptr(WmCsvTable) t = parse_ok ("KPI,Month,Figure\nK1,2023-04,91\n", -1);
  const char *maps[] = { "Month=period", "Figure=value", NULL };
  const char *bad_maps[] = { "Quarter=period", NULL };
  int columns[4];
  g_autoptr(GError) error = NULL;

  g_assert_false (wm_csv_table_map (t, fields, required, NULL, columns, &error));
  g_assert_nonnull (strstr (error->message, "period, value"));
  g_clear_error (&error);

  g_assert_true (wm_csv_table_map (t, fields, required, maps, columns, &error));
  g_assert_no_error (error);
  g_assert_cmpint (columns[0], ==, 0);
  g_assert_cmpint (columns[1], ==, 1);
  g_assert_cmpint (columns[2], ==, 2);
  g_assert_cmpint (columns[3], ==, -1);

  g_assert_false (wm_csv_table_map (t, fields, required, bad_maps, columns, &error));
  g_assert_nonnull (strstr (error->message, "Quarter"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv-reader/excel-forms", test_excel_forms);
  g_test_add_func ("/csv-reader/semicolons-latin1", test_semicolons_and_latin1);
  g_test_add_func ("/csv-reader/header-only", test_header_only_and_blank_lines);
  g_test_add_func ("/csv-reader/bad-files", test_bad_files);
  g_test_add_func ("/csv-reader/map", test_map);
  return g_test_run ();
}
