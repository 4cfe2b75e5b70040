/* wm-board-pack-dialog.h: "Board Pack…": the pack's pages previewed,
 * printed or saved as a PDF */
#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_BOARD_PACK_DIALOG (wm_board_pack_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WmBoardPackDialog, wm_board_pack_dialog, WM, BOARD_PACK_DIALOG, AdwWindow)

GtkWidget *wm_board_pack_dialog_new      (GtkWindow      *parent,
                                          WmStore        *store);
void       wm_board_pack_dialog_install  (GtkWidgetClass *widget_class);

G_END_DECLS
