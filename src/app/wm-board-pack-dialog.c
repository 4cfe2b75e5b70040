/* wm-board-pack-dialog.c: "Board Pack…": the pack's pages previewed,
 * printed or saved as a PDF
 *
 * The pack is laid out in a worker thread on a connection of its own to
 * the plan's file (a 500-action plan takes a few seconds), then every
 * page the preview shows, the printer prints and the PDF holds is drawn
 * by wm_board_pack_render_page (): they cannot differ.
 */
#define G_LOG_DOMAIN "wm-board-pack-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-board-pack.h"
#include "wm-board-pack-dialog.h"
#include "wm-window-private.h"

struct _WmBoardPackDialog
{
  AdwWindow       parent_instance;

  char           *db_path;
  WmBoardPack    *pack;
  int             page;
  GCancellable   *cancellable;

  AdwWindowTitle *title;
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkWidget      *preview;
  GtkLabel       *page_label;
  GtkWidget      *previous_button;
  GtkWidget      *next_button;
  GtkWidget      *print_button;
  GtkWidget      *save_button;
};

G_DEFINE_FINAL_TYPE (WmBoardPackDialog, wm_board_pack_dialog, ADW_TYPE_WINDOW)

/* ---------- the preview ---------- */

/* The page scaled to fit, centred, on a shadowed sheet */
static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  WmBoardPackDialog *self = user_data;
  double page_w, page_h, scale, x, y;

  if (self->pack == NULL)
    return;
  wm_board_pack_get_page_size (self->pack, self->page, &page_w, &page_h);
  scale = MIN ((width - 32) / page_w, (height - 32) / page_h);
  if (scale <= 0)
    return;
  x = (width - page_w * scale) / 2;
  y = (height - page_h * scale) / 2;

  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, x + 2, y + 3, page_w * scale, page_h * scale);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, page_w, page_h);
  cairo_clip (cr);
  wm_board_pack_render_page (self->pack, cr, self->page);
  cairo_restore (cr);
}

static void
update_page (WmBoardPackDialog *self)
{
  int n_pages = self->pack ? wm_board_pack_get_n_pages (self->pack) : 0;
  g_autofree char *text = g_strdup_printf (_("Page %d of %d"), self->page + 1, n_pages);
  g_autofree char *description = NULL;

  gtk_label_set_text (self->page_label, text);
  gtk_widget_set_sensitive (self->previous_button, self->page > 0);
  gtk_widget_set_sensitive (self->next_button, self->page + 1 < n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board-pack.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board-pack.next-page",
                                 self->page + 1 < n_pages);
  /* A screen reader hears which page the picture shows; the text itself
   * is in the PDF, which keeps it as text */
  description = g_strdup_printf (_("Preview of the board pack, page %d of %d"), self->page + 1,
                                 n_pages);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_widget_queue_draw (self->preview);
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WmBoardPackDialog *self = WM_BOARD_PACK_DIALOG (widget);

  if (self->pack != NULL && self->page > 0)
    {
      self->page--;
      update_page (self);
    }
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmBoardPackDialog *self = WM_BOARD_PACK_DIALOG (widget);

  if (self->pack != NULL && self->page + 1 < wm_board_pack_get_n_pages (self->pack))
    {
      self->page++;
      update_page (self);
    }
}

/* ---------- laying the pack out ---------- */

static void
build_pack (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  const char *db_path = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = wm_store_open (db_path, WM_STORE_OPEN_DEFAULT, &error);
  WmBoardPack *pack = NULL;

  if (store != NULL)
    pack = wm_board_pack_new_from_store (store, NULL, &error);
  if (pack == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pack, (GDestroyNotify) wm_board_pack_free);
}

static void
pack_built (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WmBoardPack *pack = g_task_propagate_pointer (G_TASK (result), &error);
  WmBoardPackDialog *self;

  if (pack == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = WM_BOARD_PACK_DIALOG (source);
  if (pack == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->pack = pack;
  self->page = 0;
  {
    const WmBoardReport *report = wm_board_pack_get_report (pack);
    g_autofree char *date = wm_board_report_format_date (report->as_at);
    g_autofree char *subtitle = g_strdup_printf (_("As at %s · %d pages"), date,
                                                 wm_board_pack_get_n_pages (pack));

    adw_window_title_set_subtitle (self->title, subtitle);
  }
  gtk_widget_set_sensitive (self->print_button, TRUE);
  gtk_widget_set_sensitive (self->save_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  update_page (self);
  gtk_widget_grab_focus (self->next_button);
}

/* ---------- printing ---------- */

static void
request_page_setup (GtkPrintOperation *operation,
                    GtkPrintContext   *context,
                    int                page,
                    GtkPageSetup      *setup,
                    gpointer           user_data)
{
  WmBoardPackDialog *self = user_data;

  /* The Gantt's pages are landscape, the rest portrait, as in the PDF */
  gtk_page_setup_set_orientation (setup, wm_board_pack_page_is_landscape (self->pack, page)
                                           ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                           : GTK_PAGE_ORIENTATION_PORTRAIT);
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page,
           gpointer           user_data)
{
  WmBoardPackDialog *self = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double page_w, page_h, scale;

  /* A4 pages on whatever paper the printer has (Letter shrinks a little) */
  wm_board_pack_get_page_size (self->pack, page, &page_w, &page_h);
  scale = MIN (width / page_w, height / page_h);
  cairo_save (cr);
  cairo_translate (cr, (width - page_w * scale) / 2, (height - page_h * scale) / 2);
  cairo_scale (cr, scale, scale);
  wm_board_pack_render_page (self->pack, cr, page);
  cairo_restore (cr);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WmBoardPackDialog *self = WM_BOARD_PACK_DIALOG (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;
  g_autoptr(GError) error = NULL;
  const WmBoardReport *report;
  g_autofree char *job = NULL;

  if (self->pack == NULL)
    return;
  report = wm_board_pack_get_report (self->pack);
  job = g_strdup_printf (_("Board pack, %s"), report->as_at);

  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, wm_board_pack_get_n_pages (self->pack));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* the pack has its own margins and page numbers */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "request-page-setup", G_CALLBACK (request_page_setup), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Print"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* ---------- saving ---------- */

static void
save_response (GtkNativeDialog *chooser,
               int              response,
               gpointer         user_data)
{
  WmBoardPackDialog *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file ? g_file_get_path (file) : NULL;
    }
  g_object_unref (chooser);
  if (path == NULL || self->pack == NULL)
    return;
  if (!wm_board_pack_write_pdf (self->pack, path, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Save the PDF"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmBoardPackDialog *self = WM_BOARD_PACK_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->pack == NULL)
    return;
  name = g_strdup_printf (_("Board pack %s.pdf"), wm_board_pack_get_report (self->pack)->as_at);
  chooser = gtk_file_chooser_native_new (_("Save Board Pack"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------- the dialog ---------- */

static void
wm_board_pack_dialog_dispose (GObject *object)
{
  WmBoardPackDialog *self = WM_BOARD_PACK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pack, wm_board_pack_free);
  G_OBJECT_CLASS (wm_board_pack_dialog_parent_class)->dispose (object);
}

static void
wm_board_pack_dialog_finalize (GObject *object)
{
  WmBoardPackDialog *self = WM_BOARD_PACK_DIALOG (object);

  g_free (self->db_path);
  G_OBJECT_CLASS (wm_board_pack_dialog_parent_class)->finalize (object);
}

static void
wm_board_pack_dialog_class_init (WmBoardPackDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_board_pack_dialog_dispose;
  object_class->finalize = wm_board_pack_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "board-pack.previous-page", NULL,
                                   previous_page_action);
  gtk_widget_class_install_action (widget_class, "board-pack.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "board-pack.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "board-pack.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "board-pack.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "board-pack.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "board-pack.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "board-pack.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
wm_board_pack_dialog_init (WmBoardPackDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *loading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *preview_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *nav = gtk_center_box_new ();
  GtkWidget *nav_buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Board Pack"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 900);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Board Pack"), ""));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->print_button = gtk_button_new_with_mnemonic (_("_Print…"));
  gtk_widget_add_css_class (self->print_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->print_button), "board-pack.print");
  self->save_button = gtk_button_new_with_mnemonic (_("_Save PDF…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_button), "board-pack.save");
  gtk_widget_set_sensitive (self->print_button, FALSE);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->print_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  /* while the pack is laid out */
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_box_append (GTK_BOX (loading), gtk_label_new (_("Preparing the board pack…")));
  gtk_stack_add_named (self->stack, loading, "loading");

  /* the pages */
  /* a picture of the page: screen readers announce it as one */
  self->preview = g_object_new (GTK_TYPE_DRAWING_AREA,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_IMG,
                                NULL);
  gtk_widget_set_vexpand (self->preview, TRUE);
  gtk_widget_set_hexpand (self->preview, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview of the board pack"),
                                  -1);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->preview), draw_preview, self, NULL);
  gtk_box_append (GTK_BOX (preview_box), self->preview);

  self->previous_button = icon_button ("go-previous-symbolic", _("Previous Page"),
                                       "board-pack.previous-page");
  self->next_button = icon_button ("go-next-symbolic", _("Next Page"), "board-pack.next-page");
  self->page_label = GTK_LABEL (gtk_label_new (""));
  gtk_widget_add_css_class (GTK_WIDGET (self->page_label), "numeric");
  gtk_box_append (GTK_BOX (nav_buttons), self->previous_button);
  gtk_box_append (GTK_BOX (nav_buttons), GTK_WIDGET (self->page_label));
  gtk_box_append (GTK_BOX (nav_buttons), self->next_button);
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (nav), nav_buttons);
  gtk_widget_set_margin_top (nav, 6);
  gtk_widget_set_margin_bottom (nav, 6);
  gtk_box_append (GTK_BOX (preview_box), nav);
  gtk_stack_add_named (self->stack, preview_box, "preview");

  /* when the plan cannot be read */
  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_page, _("Could Not Prepare the Board Pack"));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");

  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

/**
 * wm_board_pack_dialog_new:
 * @parent: the plan's window
 * @store: the plan's store; the pack is read from its file
 *
 * Returns: (transfer floating): the dialog, laying the pack out
 */
GtkWidget *
wm_board_pack_dialog_new (GtkWindow *parent,
                          WmStore   *store)
{
  WmBoardPackDialog *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  self = g_object_new (WM_TYPE_BOARD_PACK_DIALOG, "transient-for", parent, NULL);
  self->db_path = g_strdup (wm_store_get_path (store));
  task = g_task_new (self, self->cancellable, pack_built, NULL);
  g_task_set_task_data (task, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (task, build_pack);
  return GTK_WIDGET (self);
}

/* ---------- the window's action ---------- */

static void
board_pack_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WmStore *store = wm_window_get_store (WM_WINDOW (widget));
  GtkWidget *dialog;

  if (store == NULL)
    {
      wm_window_toast (WM_WINDOW (widget), _("Open a plan to make its board pack"));
      return;
    }
  dialog = wm_board_pack_dialog_new (GTK_WINDOW (widget), store);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * wm_board_pack_dialog_install:
 * @widget_class: WmWindow's class
 *
 * Installs win.board-pack, which opens the dialog on the window's plan.
 */
void
wm_board_pack_dialog_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.board-pack", NULL, board_pack_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.board-pack", NULL);
}
