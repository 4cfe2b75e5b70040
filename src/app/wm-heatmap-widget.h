/* wm-heatmap-widget.h: the risk heat map in the window
 *
 * Draws with the same wm_heatmap_render_layout() as the export and the
 * board pack, through gtk_snapshot_append_cairo().  Hovering a marker
 * shows the risk in a tooltip and rings both its markers; clicking one
 * selects the risk (WmHeatmapWidget::risk-selected), double-clicking or
 * Enter opens it (::risk-activated).  Left and right move the selection
 * from risk to risk by score.  For screen readers (and the UI tests) the
 * widget is an image whose description lists every risk and its cells.
 */
#pragma once

#include <gtk/gtk.h>

#include "wm-risk.h"

G_BEGIN_DECLS

#define WM_TYPE_HEATMAP_WIDGET (wm_heatmap_widget_get_type ())

G_DECLARE_FINAL_TYPE (WmHeatmapWidget, wm_heatmap_widget, WM, HEATMAP_WIDGET, GtkWidget)

GtkWidget  *wm_heatmap_widget_new               (void);
void        wm_heatmap_widget_set_risks         (WmHeatmapWidget *self,
                                                 WmRiskScheme    *scheme,
                                                 GPtrArray       *risks);
void        wm_heatmap_widget_set_selected      (WmHeatmapWidget *self,
                                                 const char      *risk_id);
const char *wm_heatmap_widget_get_selected      (WmHeatmapWidget *self);
void        wm_heatmap_widget_set_residual_only (WmHeatmapWidget *self,
                                                 gboolean         residual_only);
const char *wm_heatmap_widget_get_description  (WmHeatmapWidget *self);

G_END_DECLS
