/* wm-gantt-chart.h: the plan's Gantt on screen
 *
 * Draws with wm_gantt_render() — the function the PDF export, the board
 * pack and `waymark-cli render gantt` call — for the visible rows only, so
 * a plan of any size scrolls as fast as a small one.  A GtkScrollable:
 * put it in a GtkScrolledWindow. */
#pragma once

#include <gtk/gtk.h>

#include "wm-gantt-model.h"
#include "wm-gantt-render.h"

G_BEGIN_DECLS

#define WM_TYPE_GANTT_CHART (wm_gantt_chart_get_type ())

G_DECLARE_FINAL_TYPE (WmGanttChart, wm_gantt_chart, WM, GANTT_CHART, GtkWidget)

GtkWidget   *wm_gantt_chart_new          (void);
void         wm_gantt_chart_set_model    (WmGanttChart *self,
                                          WmGanttModel *model);
void         wm_gantt_chart_set_zoom     (WmGanttChart *self,
                                          WmGanttZoom   zoom);
WmGanttZoom  wm_gantt_chart_get_zoom     (WmGanttChart *self);
void         wm_gantt_chart_set_baseline (WmGanttChart *self,
                                          gboolean      show);
void         wm_gantt_chart_set_dependencies (WmGanttChart *self,
                                              gboolean      show);

G_END_DECLS
