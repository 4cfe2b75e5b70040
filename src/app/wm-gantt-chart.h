/* wm-gantt-chart.h: the plan's Gantt on screen
 *
 * Draws with wm_gantt_render() — the function the PDF export, the board
 * pack and `waymark-cli render gantt` call — for the visible rows only, so
 * a plan of any size scrolls as fast as a small one.  A GtkScrollable:
 * put it in a GtkScrolledWindow.
 *
 * Interaction: a selected row (Up, Down, Page Up, Page Down, Home, End;
 * a click); Enter or a double-click activates it ("row-activated" with
 * the action's id; a priority row collapses or expands instead, as do
 * its disclosure and Left/Right); dragging a stage's bar moves it, and
 * dragging near either end moves that date, written on release through
 * wm_plan_edit so that Ctrl+Z undoes it.  A reason is asked for when the
 * plan has a baseline; other refusals are given to "edit-failed", or
 * shown in a dialog when nothing is connected to it.
 *
 * Signals:
 *   row-activated (const char *action_id)
 *   edit-failed (const GError *error)
 */
#pragma once

#include <gtk/gtk.h>

#include "wm-gantt-model.h"
#include "wm-gantt-render.h"
#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_GANTT_CHART (wm_gantt_chart_get_type ())

G_DECLARE_FINAL_TYPE (WmGanttChart, wm_gantt_chart, WM, GANTT_CHART, GtkWidget)

GtkWidget   *wm_gantt_chart_new          (void);
void         wm_gantt_chart_set_model    (WmGanttChart *self,
                                          WmGanttModel *model);
void         wm_gantt_chart_set_store    (WmGanttChart *self,
                                          WmStore      *store);
void         wm_gantt_chart_set_zoom     (WmGanttChart *self,
                                          WmGanttZoom   zoom);
WmGanttZoom  wm_gantt_chart_get_zoom     (WmGanttChart *self);
void         wm_gantt_chart_set_baseline (WmGanttChart *self,
                                          gboolean      show);
void         wm_gantt_chart_set_dependencies (WmGanttChart *self,
                                              gboolean      show);

const char  *wm_gantt_chart_get_selected_action_id (WmGanttChart *self);
gboolean     wm_gantt_chart_select_action   (WmGanttChart *self,
                                             const char   *action_id);
void         wm_gantt_chart_set_collapsed   (WmGanttChart *self,
                                             const char   *priority_id,
                                             gboolean      collapsed);
gboolean     wm_gantt_chart_get_collapsed   (WmGanttChart *self,
                                             const char   *priority_id);

G_END_DECLS
