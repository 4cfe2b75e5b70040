/* wm-window-export.c: WmWindow's ways in and out of spreadsheets: Import
 * Plan from CSV…, Export Workbook… and Export CSV…
 *
 * Plans start life in Excel and go on being sent to people without
 * Waymark.  The import goes through WmImportDialog (columns mapped, every
 * row checked, then one transaction); the exports write the cells of core's
 * wm-xlsx-export, so a workbook sheet and the CSV of the same records never
 * disagree, and both defuse cells a spreadsheet would run as formulas. */
#define G_LOG_DOMAIN "wm-window-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wm-csv-reader.h"
#include "wm-import-dialog.h"
#include "wm-window-private.h"
#include "wm-xlsx-export.h"

typedef enum
{
  CHOICE_IMPORT,
  CHOICE_WORKBOOK,
  CHOICE_CSV,
} ChoiceKind;

typedef struct
{
  WmWindow   *window;
  ChoiceKind  kind;
  char       *what;     /* CSV: the sheet kind, "actions"… */
} Choice;

static void
choice_free (Choice *choice)
{
  g_free (choice->what);
  g_free (choice);
}

/* "Sample plan" for "Sample plan.xlsx": the plan's title, else the file's */
static char *
plan_name (WmWindow *self)
{
  WmStore *store = wm_window_get_store (self);
  g_autoptr(WmRecord) plan = wm_store_get_plan (store, NULL);
  const char *title = plan ? wm_record_get (plan, "title") : NULL;
  g_autofree char *base = NULL;
  char *dot;

  if (title != NULL && title[0] != '\0')
    return g_strdelimit (g_strdup (title), "/\\:", '-');
  base = g_path_get_basename (wm_store_get_path (store));
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static void
imported_cb (WmImportDialog *dialog,
             const char     *report,
             WmWindow       *self)
{
  GtkWidget *message = adw_message_dialog_new (GTK_WINDOW (self), _("Plan Imported"), report);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (message));
}

static void
open_import (WmWindow   *self,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  WmCsvTable *table = wm_csv_parse_file (path, &error);
  GtkWidget *dialog;

  if (table == NULL)
    {
      wm_window_show_error (self, _("Could Not Read the File"), error);
      return;
    }
  dialog = wm_import_dialog_new (wm_window_get_store (self), table);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_workbook (WmWindow   *self,
               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *text = NULL;

  if (!wm_xlsx_export (wm_window_get_store (self), path, &error))
    {
      wm_window_show_error (self, _("Could Not Export the Workbook"), error);
      return;
    }
  text = g_strdup_printf (_("Saved “%s”"), name);
  wm_window_toast (self, text);
}

static void
save_csv (WmWindow   *self,
          const char *what,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *text = NULL;

  if (!wm_xlsx_export_sheet_csv (wm_window_get_store (self), what, out, &error)
      || !g_file_set_contents (path, out->str, out->len, &error))
    {
      wm_window_show_error (self, _("Could Not Export CSV"), error);
      return;
    }
  text = g_strdup_printf (_("Saved “%s”"), name);
  wm_window_toast (self, text);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Choice          *choice)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (path != NULL && wm_window_get_store (choice->window) != NULL)
    switch (choice->kind)
      {
      case CHOICE_IMPORT:
        open_import (choice->window, path);
        break;
      case CHOICE_WORKBOOK:
        save_workbook (choice->window, path);
        break;
      case CHOICE_CSV:
        save_csv (choice->window, choice->what, path);
        break;
      }
  choice_free (choice);
}

static void
choose_file (WmWindow   *self,
             ChoiceKind  kind,
             const char *what,
             const char *title,
             const char *suggested)
{
  gboolean save = kind != CHOICE_IMPORT;
  GtkFileChooserNative *chooser
    = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                   save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                        : GTK_FILE_CHOOSER_ACTION_OPEN,
                                   save ? _("_Save") : _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  Choice *choice = g_new0 (Choice, 1);

  choice->window = self;
  choice->kind = kind;
  choice->what = g_strdup (what);
  if (kind == CHOICE_WORKBOOK)
    {
      gtk_file_filter_set_name (filter, _("Excel workbooks"));
      gtk_file_filter_add_pattern (filter, "*.xlsx");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_pattern (filter, "*.csv");
      gtk_file_filter_add_pattern (filter, "*.CSV");
    }
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (suggested != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------- actions ---------- */

static void
import_plan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);

  if (wm_window_get_store (self) == NULL)
    return;
  choose_file (self, CHOICE_IMPORT, NULL, _("Import Plan from CSV"), NULL);
}

static void
export_workbook_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  g_autofree char *name = NULL;
  g_autofree char *suggested = NULL;

  if (wm_window_get_store (self) == NULL)
    return;
  name = plan_name (self);
  suggested = g_strdup_printf ("%s.xlsx", name);
  choose_file (self, CHOICE_WORKBOOK, NULL, _("Export Workbook"), suggested);
}

/* What each CSV holds, as the menu of the export names it */
static const struct
{
  const char *kind;
  const char *label;
  const char *file;
} csv_kinds[] = {
  { "actions", N_("Actions"), N_("actions") },
  { "risks", N_("Risk register"), N_("risks") },
  { "audits", N_("EHC plan audits"), N_("audits") },
  { "kpi-values", N_("KPI values"), N_("KPI values") },
};

static void
export_csv_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        WmWindow         *self)
{
  GtkDropDown *kinds = g_object_get_data (G_OBJECT (dialog), "kinds");
  guint selected = gtk_drop_down_get_selected (kinds);
  g_autofree char *name = NULL;
  g_autofree char *suggested = NULL;

  if (!g_str_equal (response, "export") || selected >= G_N_ELEMENTS (csv_kinds)
      || wm_window_get_store (self) == NULL)
    return;
  name = plan_name (self);
  /* Translators: a file name: the plan's title, then what the file holds */
  suggested = g_strdup_printf (_("%s – %s.csv"), name, _(csv_kinds[selected].file));
  choose_file (self, CHOICE_CSV, csv_kinds[selected].kind, _("Export CSV"), suggested);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *dialog, *dropdown;

  if (wm_window_get_store (self) == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (csv_kinds); i++)
    gtk_string_list_append (labels, _(csv_kinds[i].label));
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Records to export"), -1);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export CSV"),
                                   _("One kind of record per file, with the same cells as the "
                                     "workbook’s sheet. Cells that a spreadsheet would run as a "
                                     "formula are written as text."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "export",
                                    _("_Export…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  g_object_set_data (G_OBJECT (dialog), "kinds", dropdown);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_csv_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
wm_window_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-plan", NULL, import_plan_action);
  gtk_widget_class_install_action (widget_class, "win.export-workbook", NULL,
                                   export_workbook_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
}
