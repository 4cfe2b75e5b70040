/* wm-import-dialog.c: a plan's actions from a CSV file, with the columns
 * mapped and every row checked before anything is written
 *
 * Plans arrive in whatever layout the partnership's spreadsheet had, so
 * the dialog shows the file's columns against Waymark's fields, one drop
 * down each, with the columns whose names the importer knows chosen
 * already.  Each change re-runs the importer as a dry run (core:
 * wm_plan_import_actions with WM_PLAN_IMPORT_DRY_RUN, a transaction rolled
 * back) so the preview and the list of problems are exactly what Import
 * would do; Import is offered only when that check finds nothing to stop
 * it, and then writes every row in one transaction.
 *
 * The DfE's open data for a KPI (wm_import_dfe_choose) is here too: it is
 * the same kind of step, a file then a choice of its columns.
 */
#define G_LOG_DOMAIN "wm-import-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wm-import-dialog.h"
#include "wm-kpi.h"
#include "wm-kpi-import.h"
#include "wm-plan-import.h"

/* Enough rows to recognise the file by; the check covers all of them. */
#define PREVIEW_ROWS 5

struct _WmImportDialog
{
  AdwWindow    parent_instance;

  WmStore     *store;
  WmCsvTable  *table;
  GPtrArray   *dropdowns;     /* GtkDropDown, one per field, in the fields' order */
  guint        check_id;
  gboolean     ready;

  GtkWidget   *file_label;
  GtkWidget   *fields_start;
  GtkWidget   *fields_end;
  GtkWidget   *preview_grid;
  GtkWidget   *check_heading;
  GtkWidget   *check_label;
  GtkWidget   *import_button;
};

G_DEFINE_FINAL_TYPE (WmImportDialog, wm_import_dialog, ADW_TYPE_WINDOW)

enum
{
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The importer's fields (wm_plan_import_fields ()) as a person names them */
static const struct
{
  const char *field;
  const char *label;
  const char *hint;
} field_labels[] = {
  { "priority", N_("Priority"), N_("The theme or area of weakness an action serves") },
  { "code", N_("Code"), N_("Rows without one are numbered after their priority") },
  { "title", N_("Title"), N_("Needed for every new action") },
  { "description", N_("Description"), NULL },
  { "lead", N_("Lead"), NULL },
  { "agency", N_("Agency"), NULL },
  { "start", N_("Start date"), N_("Dates such as “Sep-23” or “Ongoing” are read or kept as words") },
  { "due", N_("Due date"), NULL },
  { "completed", N_("Completed date"), NULL },
  { "rating", N_("Rating"), N_("A code, label or colour of the plan’s rating scale") },
  { "progress", N_("Progress note"), NULL },
  { "evidence", N_("Evidence"), NULL },
  { "impact", N_("Impact"), NULL },
};

/* Headers plans use for a field, besides its own name.  The importer
 * knows these too; the dialog chooses them so that what it shows is what
 * the importer will read. */
static const struct
{
  const char *field;
  const char *header;
} aliases[] = {
  { "priority", "theme" }, { "priority", "area of weakness" }, { "priority", "priority area" },
  { "code", "ref" }, { "code", "action ref" }, { "code", "action no" },
  { "code", "action number" }, { "title", "action" }, { "lead", "leads" },
  { "lead", "lead officer" }, { "lead", "responsible" }, { "start", "start date" },
  { "due", "due date" }, { "due", "deadline" }, { "due", "by when" }, { "due", "timescale" },
  { "completed", "completed date" }, { "completed", "completion date" }, { "rating", "rag" },
  { "rating", "brag" }, { "rating", "rag rating" }, { "rating", "brag rating" },
  { "rating", "rag status" }, { "rating", "brag status" }, { "progress", "progress update" },
  { "progress", "update" }, { "impact", "impact measures" },
  { "impact", "measures of success" },
};

static const char *
label_of (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].field, field))
      return _(field_labels[i].label);
  return field;
}

static const char *
hint_of (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].field, field) && field_labels[i].hint != NULL)
      return _(field_labels[i].hint);
  return NULL;
}

/* The column the importer would take for @field by its header alone */
static int
guess_column (WmCsvTable *table,
              const char *field)
{
  int column = wm_csv_table_find_column (table, field);

  for (guint i = 0; column < 0 && i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (aliases[i].field, field))
      column = wm_csv_table_find_column (table, aliases[i].header);
  return column;
}

static char *
column_name (WmCsvTable *table,
             guint       column)
{
  const char *header = wm_csv_table_get_header (table)[column];

  if (header == NULL || header[0] == '\0')
    /* Translators: a CSV column with an empty header, counted from 1 */
    return g_strdup_printf (_("Column %u"), column + 1);
  return g_strdup (header);
}

/* The column chosen for the field at @index, or -1 */
static int
chosen_column (WmImportDialog *self,
               guint           index)
{
  guint selected = gtk_drop_down_get_selected (self->dropdowns->pdata[index]);

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0)
    return -1;
  return (int) selected - 1;
}

/* "Header in the file=field" for every field chosen, as --map takes them */
static GStrv
build_maps (WmImportDialog *self)
{
  const char *const *fields = wm_plan_import_fields ();
  const char *const *header = wm_csv_table_get_header (self->table);
  g_autoptr(GStrvBuilder) maps = g_strv_builder_new ();

  for (guint i = 0; fields[i] != NULL; i++)
    {
      int column = chosen_column (self, i);

      if (column >= 0 && header[column][0] != '\0')
        {
          g_autofree char *map = g_strdup_printf ("%s=%s", header[column], fields[i]);

          g_strv_builder_add (maps, map);
        }
    }
  return g_strv_builder_end (maps);
}

/* ---------- the preview ---------- */

static GtkWidget *
cell_label (const char *text,
            gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* wide enough to read a few words; the preview scrolls sideways */
  gtk_label_set_width_chars (GTK_LABEL (label), text ? MIN ((int) g_utf8_strlen (text, -1), 16) : 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else if (text != NULL && text[0] != '\0')
    gtk_widget_set_tooltip_text (label, text);
  return label;
}

static void
rebuild_preview (WmImportDialog *self)
{
  const char *const *fields = wm_plan_import_fields ();
  guint n_rows = MIN (wm_csv_table_get_n_rows (self->table), PREVIEW_ROWS);
  GtkWidget *child;
  int x = 1;

  while ((child = gtk_widget_get_first_child (self->preview_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->preview_grid), child);

  gtk_grid_attach (GTK_GRID (self->preview_grid), cell_label (_("Line"), TRUE), 0, 0, 1, 1);
  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *line = g_strdup_printf ("%u", wm_csv_table_get_line (self->table, r));
      GtkWidget *label = cell_label (line, FALSE);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (GTK_GRID (self->preview_grid), label, 0, r + 1, 1, 1);
    }

  for (guint i = 0; fields[i] != NULL; i++)
    {
      int column = chosen_column (self, i);

      if (column < 0)
        continue;
      gtk_grid_attach (GTK_GRID (self->preview_grid), cell_label (label_of (fields[i]), TRUE),
                       x, 0, 1, 1);
      for (guint r = 0; r < n_rows; r++)
        {
          const char *cell = wm_csv_table_get (self->table, r, column);
          g_autofree char *flat = g_strdup (cell ? cell : "");

          /* a cell over several lines shows as one line here */
          g_strdelimit (flat, "\r\n", ' ');
          gtk_grid_attach (GTK_GRID (self->preview_grid), cell_label (flat, FALSE), x, r + 1, 1,
                           1);
        }
      x++;
    }
  if (x == 1)
    {
      GtkWidget *none = gtk_label_new (_("No column is chosen for any field yet."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_grid_attach (GTK_GRID (self->preview_grid), none, 1, 0, 1, 1);
    }
}

/* ---------- the check ---------- */

/* The importer's messages name the file, line and column as the file
 * heads it; the field that column was chosen for is said beside it, as
 * the person chose it here. */
static char *
name_fields (WmImportDialog *self,
             const char     *message)
{
  const char *const *fields = wm_plan_import_fields ();
  g_autoptr(GString) text = g_string_new (message);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      int column = chosen_column (self, i);
      g_autofree char *needle = NULL;
      g_autofree char *replacement = NULL;

      if (column < 0)
        continue;
      needle = g_strdup_printf ("column “%s”:", wm_csv_table_get_header (self->table)[column]);
      /* Translators: a CSV column's header, then the Waymark field it holds */
      replacement = g_strdup_printf (_("column “%s” (%s):"),
                                     wm_csv_table_get_header (self->table)[column],
                                     label_of (fields[i]));
      g_string_replace (text, needle, replacement, 0);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The importer's report, in the dialog's words: the columns left out are
 * said once, by name, rather than as the command line's --map advice. */
static char *
describe_report (WmImportDialog           *self,
                 const WmPlanImportReport *report)
{
  const char *const *fields = wm_plan_import_fields ();
  guint n_columns = wm_csv_table_get_n_columns (self->table);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) unused = g_string_new (NULL);
  guint shown = 0;

  g_string_append_printf (text, ngettext ("%u row read", "%u rows read", report->rows_read),
                          report->rows_read);
  /* Translators: after "12 rows read" */
  g_string_append_printf (text, _(": %u to create, %u to update, %u unchanged."),
                          report->created, report->updated, report->unchanged);
  if (report->priorities_created > 0)
    g_string_append_printf (text, ngettext ("\n%u new priority.", "\n%u new priorities.",
                                            report->priorities_created),
                            report->priorities_created);
  if (report->codes_generated > 0)
    g_string_append_printf (text, ngettext ("\n%u action without a code will be numbered after "
                                            "its priority.",
                                            "\n%u actions without a code will be numbered after "
                                            "their priority.", report->codes_generated),
                            report->codes_generated);
  for (guint c = 0; c < n_columns; c++)
    {
      gboolean used = FALSE;

      for (guint i = 0; fields[i] != NULL && !used; i++)
        used = chosen_column (self, i) == (int) c;
      if (!used)
        {
          g_autofree char *name = column_name (self->table, c);

          g_string_append_printf (unused, "%s“%s”", unused->len ? ", " : "", name);
        }
    }
  if (unused->len > 0)
    g_string_append_printf (text, _("\nColumns not imported: %s."), unused->str);
  for (guint i = 0; i < report->warnings->len; i++)
    {
      const char *warning = report->warnings->pdata[i];

      if (strstr (warning, "was not imported (no field reads it") != NULL)
        continue;
      if (shown++ == 0)
        g_string_append (text, _("\nWarnings:"));
      g_string_append_printf (text, "\n  %s", warning);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
run_check (WmImportDialog *self)
{
  g_auto(GStrv) maps = build_maps (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmPlanImportReport) report = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;

  report = wm_plan_import_actions (self->store, self->table, (const char *const *) maps,
                                   WM_PLAN_IMPORT_DRY_RUN, &error);
  self->ready = report != NULL;
  gtk_widget_set_sensitive (self->import_button, self->ready);
  if (report == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->check_heading),
                          _("Nothing can be imported until these problems are put right"));
      gtk_widget_remove_css_class (self->check_heading, "success");
      gtk_widget_add_css_class (self->check_heading, "error");
      shown = name_fields (self, error->message);
      gtk_label_set_text (GTK_LABEL (self->check_label), shown);
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->check_heading),
                      ngettext ("Ready to import: the row can be read",
                                "Ready to import: every row can be read",
                                report->rows_read));
  gtk_widget_remove_css_class (self->check_heading, "error");
  gtk_widget_add_css_class (self->check_heading, "success");
  text = describe_report (self, report);
  shown = name_fields (self, text);
  gtk_label_set_text (GTK_LABEL (self->check_label), shown);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  WmImportDialog *self = user_data;

  self->check_id = 0;
  rebuild_preview (self);
  run_check (self);
  return G_SOURCE_REMOVE;
}

/* A short pause first: going through a list of columns with the arrow
 * keys checks the file once, not at every step. */
static void
mapping_changed_cb (WmImportDialog *self)
{
  gtk_widget_set_sensitive (self->import_button, FALSE);
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (150, check_timeout_cb, self);
}

static void
import_clicked_cb (WmImportDialog *self)
{
  g_auto(GStrv) maps = build_maps (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmPlanImportReport) report = NULL;
  g_autofree char *text = NULL;

  if (self->check_id != 0 || !self->ready)
    return;
  report = wm_plan_import_actions (self->store, self->table, (const char *const *) maps,
                                   WM_PLAN_IMPORT_DEFAULT, &error);
  if (report == NULL)
    {
      /* the plan changed under the dialog since the check */
      g_autofree char *shown = name_fields (self, error->message);

      gtk_label_set_text (GTK_LABEL (self->check_heading), _("Nothing was imported."));
      gtk_widget_remove_css_class (self->check_heading, "success");
      gtk_widget_add_css_class (self->check_heading, "error");
      gtk_label_set_text (GTK_LABEL (self->check_label), shown);
      gtk_widget_set_sensitive (self->import_button, FALSE);
      return;
    }
  text = wm_plan_import_report_format (report);
  g_signal_emit (self, signals[IMPORTED], 0, text);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---------- building ---------- */

static void
add_field_rows (WmImportDialog *self)
{
  const char *const *fields = wm_plan_import_fields ();
  guint n_columns = wm_csv_table_get_n_columns (self->table);
  g_autoptr(GtkStringList) columns = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;
  guint n_fields = g_strv_length ((char **) fields);

  gtk_string_list_append (columns, _("Not imported"));
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *name = column_name (self->table, c);

      gtk_string_list_append (columns, name);
    }
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  for (guint i = 0; fields[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (columns)),
                                               gtk_expression_ref (expression));
      int guess = guess_column (self->table, fields[i]);
      const char *hint = hint_of (fields[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label_of (fields[i]));
      /* the one field every new action needs says so; the rest explain
       * themselves on hover, so the two columns of rows stay even */
      if (g_str_equal (fields[i], "title"))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hint);
      else if (hint != NULL)
        gtk_widget_set_tooltip_text (row, hint);
      /* typing a header's first letters finds it in a long list */
      gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), guess >= 0 ? (guint) guess + 1 : 0);
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (mapping_changed_cb),
                                self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), dropdown);
      /* two columns of rows: the whole mapping in sight at once */
      gtk_list_box_append (GTK_LIST_BOX (2 * i < n_fields ? self->fields_start
                                                          : self->fields_end), row);
      g_ptr_array_add (self->dropdowns, dropdown);
    }
}

static void
describe_file (WmImportDialog *self)
{
  const char *path = wm_csv_table_get_filename (self->table);
  g_autofree char *name = path ? g_filename_display_basename (path) : g_strdup (_("The file"));
  guint n_rows = wm_csv_table_get_n_rows (self->table);
  guint n_columns = wm_csv_table_get_n_columns (self->table);
  char delimiter = wm_csv_table_get_delimiter (self->table);
  g_autoptr(GString) headers = g_string_new (NULL);
  g_autofree char *text = NULL;
  const char *separated;

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *column = column_name (self->table, c);

      g_string_append_printf (headers, "%s“%s”", c ? ", " : "", column);
    }
  separated = delimiter == ';' ? _("semicolons") : delimiter == '\t' ? _("tabs") : _("commas");
  /* Translators: "Plan.csv: 42 rows in 9 columns separated by commas: “Theme”, “Action”…" */
  text = g_strdup_printf (ngettext ("%s: %u row in %u columns separated by %s. Columns found: %s.",
                                    "%s: %u rows in %u columns separated by %s. Columns found: %s.",
                                    n_rows),
                          name, n_rows, n_columns, separated, headers->str);
  gtk_label_set_text (GTK_LABEL (self->file_label), text);
}

static void
wm_import_dialog_dispose (GObject *object)
{
  WmImportDialog *self = WM_IMPORT_DIALOG (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_pointer (&self->dropdowns, g_ptr_array_unref);
  g_clear_pointer (&self->table, wm_csv_table_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (wm_import_dialog_parent_class)->dispose (object);
}

static void
wm_import_dialog_class_init (WmImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_import_dialog_dispose;

  /**
   * WmImportDialog::imported:
   * @report: what the import did, as lines for a person to read
   *
   * Emitted after the rows are written, just before the dialog closes.
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/waymark/Waymark/ui/wm-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WmImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, WmImportDialog, fields_start);
  gtk_widget_class_bind_template_child (widget_class, WmImportDialog, fields_end);
  gtk_widget_class_bind_template_child (widget_class, WmImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, WmImportDialog, check_heading);
  gtk_widget_class_bind_template_child (widget_class, WmImportDialog, check_label);
  gtk_widget_class_bind_template_child (widget_class, WmImportDialog, import_button);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wm_import_dialog_init (WmImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->dropdowns = g_ptr_array_new ();
}

/**
 * wm_import_dialog_new:
 * @store: the plan the actions go to
 * @table: (transfer full): the file, as wm_csv_parse_file () read it
 *
 * Returns: (transfer floating): the dialog, checked once already
 */
GtkWidget *
wm_import_dialog_new (WmStore    *store,
                      WmCsvTable *table)
{
  WmImportDialog *self = g_object_new (WM_TYPE_IMPORT_DIALOG, NULL);

  self->store = g_object_ref (store);
  self->table = table;
  describe_file (self);
  add_field_rows (self);
  rebuild_preview (self);
  run_check (self);
  return GTK_WIDGET (self);
}

/* ---------- the DfE's open data for a KPI ---------- */

/* The DfE files' columns that say where and when, not what is measured */
static const char *const not_measures[] = {
  "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
  "region_code", "region_name", "new_la_code", "old_la_code", "la_name", "breakdown_topic",
  "breakdown", NULL,
};

typedef struct
{
  WmStore    *store;
  WmCsvTable *table;
  GPtrArray  *kpi_codes;     /* char*, parallel to the KPI drop down */
  GPtrArray  *measures;      /* char* */
  GPtrArray  *authorities;   /* char*, after "None" */
  GtkWidget  *kpi;
  GtkWidget  *measure;
  GtkWidget  *own;
} Dfe;

static void
dfe_free (Dfe *dfe)
{
  g_clear_object (&dfe->store);
  g_clear_pointer (&dfe->table, wm_csv_table_free);
  g_clear_pointer (&dfe->kpi_codes, g_ptr_array_unref);
  g_clear_pointer (&dfe->measures, g_ptr_array_unref);
  g_clear_pointer (&dfe->authorities, g_ptr_array_unref);
  g_free (dfe);
}

static void
show_message (GtkWindow  *parent,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dfe_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 Dfe              *dfe)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  WmKpiDfeOptions options = { 0 };
  WmKpiImportResult result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *body = NULL;
  guint kpi = gtk_drop_down_get_selected (GTK_DROP_DOWN (dfe->kpi));
  guint measure = gtk_drop_down_get_selected (GTK_DROP_DOWN (dfe->measure));
  guint own = gtk_drop_down_get_selected (GTK_DROP_DOWN (dfe->own));

  if (!g_str_equal (response, "import") || kpi >= dfe->kpi_codes->len
      || measure >= dfe->measures->len)
    return;
  options.kpi = dfe->kpi_codes->pdata[kpi];
  options.measure = dfe->measures->pdata[measure];
  options.own = own > 0 && own <= dfe->authorities->len ? dfe->authorities->pdata[own - 1] : NULL;
  if (!wm_kpi_import_dfe (dfe->store, dfe->table, &options, &result, &error))
    {
      show_message (parent, _("Nothing Was Imported"), error->message);
      return;
    }
  rows = g_strdup_printf (ngettext ("%u row read", "%u rows read", result.rows), result.rows);
  /* Translators: after "12 rows read" */
  body = g_strdup_printf (_("%s: %u periods added, %u replaced, %u missing (the DfE’s x or z); "
                            "%u of them benchmark values."),
                          rows, result.added, result.replaced, result.missing,
                          result.benchmarks);
  show_message (parent, _("DfE Data Imported"), body);
}

static GtkWidget *
labelled (GtkWidget  *box,
          const char *text,
          GtkWidget  *dropdown)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), dropdown);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  return dropdown;
}

static GtkWidget *
dropdown_of (GPtrArray  *strings,
             const char *first)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  if (first != NULL)
    gtk_string_list_append (list, first);
  for (guint i = 0; i < strings->len; i++)
    gtk_string_list_append (list, strings->pdata[i]);
  return gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

static void
dfe_ask (GtkWindow  *parent,
         Dfe        *dfe,
         GPtrArray  *kpi_labels,
         const char *kpi_id,
         GPtrArray  *kpi_ids)
{
  const char *const *header = wm_csv_table_get_header (dfe->table);
  int la = wm_csv_table_find_column (dfe->table, "la_name");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *dialog;

  for (guint c = 0; c < wm_csv_table_get_n_columns (dfe->table); c++)
    if (!g_strv_contains (not_measures, header[c]))
      g_ptr_array_add (dfe->measures, g_strdup (header[c]));
  for (guint r = 0; la >= 0 && r < wm_csv_table_get_n_rows (dfe->table); r++)
    {
      const char *name = wm_csv_table_get (dfe->table, r, la);

      if (name != NULL && name[0] != '\0' && g_hash_table_add (seen, (gpointer) name))
        g_ptr_array_add (dfe->authorities, g_strdup (name));
    }
  g_ptr_array_sort (dfe->authorities, compare_names);

  dfe->kpi = labelled (box, _("_KPI"), dropdown_of (kpi_labels, NULL));
  for (guint i = 0; kpi_id != NULL && i < kpi_ids->len; i++)
    if (g_str_equal (kpi_ids->pdata[i], kpi_id))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dfe->kpi), i);
  dfe->measure = labelled (box, _("_Measure (a column of the file)"),
                           dropdown_of (dfe->measures, NULL));
  for (guint i = 0; i < dfe->measures->len; i++)
    if (g_str_has_prefix (dfe->measures->pdata[i], "pc_"))
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (dfe->measure), i);
        break;
      }
  dfe->own = labelled (box, _("_Our local authority (its rows become the values)"),
                       dropdown_of (dfe->authorities, _("None: benchmarks only")));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dfe->own), FALSE);

  dialog = adw_message_dialog_new (parent, _("Import DfE Data"),
                                   _("England and the region of our authority become the "
                                     "KPI’s benchmark series; only the “All EHC plans” "
                                     "breakdown is read. Cells marked x or z are missing "
                                     "values, not zeros."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "import", _("_Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  g_signal_connect_data (dialog, "response", G_CALLBACK (dfe_response_cb), dfe,
                         (GClosureNotify) (void (*) (void)) dfe_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkWindow *parent;
  WmStore   *store;
  char      *kpi_id;
} DfeChoice;

static void
dfe_chooser_response_cb (GtkNativeDialog *chooser,
                         int              response,
                         DfeChoice       *choice)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  WmCsvTable *table;
  Dfe *dfe;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (path == NULL)
    goto out;

  table = wm_csv_parse_file (path, &error);
  if (table == NULL)
    {
      show_message (choice->parent, _("Could Not Read the File"), error->message);
      goto out;
    }
  series = wm_kpi_series_load_all (choice->store, 0, &error);
  dfe = g_new0 (Dfe, 1);
  dfe->store = g_object_ref (choice->store);
  dfe->table = table;
  dfe->kpi_codes = g_ptr_array_new_with_free_func (g_free);
  dfe->measures = g_ptr_array_new_with_free_func (g_free);
  dfe->authorities = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; series != NULL && i < series->len; i++)
    {
      WmKpiSeries *kpi = series->pdata[i];

      /* derived KPIs are computed from the plan, never imported */
      if (kpi->derived != NULL)
        continue;
      g_ptr_array_add (dfe->kpi_codes, g_strdup (kpi->code));
      g_ptr_array_add (ids, g_strdup (kpi->id));
      g_ptr_array_add (labels, g_strdup_printf ("%s %s", kpi->code, kpi->name));
    }
  if (dfe->kpi_codes->len == 0)
    {
      show_message (choice->parent, _("No KPI to Import Into"),
                    _("Add a KPI first: the DfE’s figures become its values and "
                      "benchmarks."));
      dfe_free (dfe);
      goto out;
    }
  dfe_ask (choice->parent, dfe, labels, choice->kpi_id, ids);

out:
  g_object_unref (choice->store);
  g_free (choice->kpi_id);
  g_free (choice);
}

/**
 * wm_import_dfe_choose:
 * @widget: a widget in the window the dialogs belong to
 * @store: the plan
 * @kpi_id: (nullable): the KPI to choose first
 *
 * Asks for a DfE "Education, health and care plans" CSV file, then which
 * KPI, measure and authority, and imports it all or nothing.
 */
void
wm_import_dfe_choose (GtkWidget  *widget,
                      WmStore    *store,
                      const char *kpi_id)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  DfeChoice *choice;

  g_return_if_fail (WM_IS_STORE (store));

  chooser = gtk_file_chooser_native_new (_("Import DfE Data"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  choice = g_new0 (DfeChoice, 1);
  choice->parent = parent;
  choice->store = g_object_ref (store);
  choice->kpi_id = g_strdup (kpi_id);
  g_signal_connect (chooser, "response", G_CALLBACK (dfe_chooser_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
