/* wm-gantt-render.h: drawing the plan's Gantt on any cairo_t
 *
 * One drawing serves the window (its snapshot calls wm_gantt_render() for
 * the visible area), PNG, SVG and PDF export, the board pack and print.
 * The drawing is a pure function of (model, view, style): it reads only
 * the rows the view shows, so a frame costs the same for 100 actions or
 * 100,000.  Coordinates are in cairo user units, 1 unit = 1 pixel at 96
 * dpi; the PDF export scales them to points.
 *
 * The wm_gantt_layout_* helpers give the geometry the drawing uses, for
 * the widget's hit testing, dragging and scrolling.
 */
#pragma once

#include <cairo.h>

#include "wm-gantt-model.h"
#include "wm-render-style.h"

G_BEGIN_DECLS

typedef enum
{
  WM_GANTT_ZOOM_MONTH,    /* months named, weekends shaded */
  WM_GANTT_ZOOM_QUARTER,  /* quarters named (Apr–Jun), months ticked */
  WM_GANTT_ZOOM_YEAR,
} WmGanttZoom;

/* What one wm_gantt_render() call drew: for tests and benchmarks. */
typedef struct
{
  int rows_drawn;
  int first_row_drawn;    /* -1 when none */
  int last_row_drawn;
  int stages_drawn;
  int labels_drawn;       /* stage labels, whole or ellipsized */
  int labels_ellipsized;
  int dependencies_drawn;
} WmGanttRenderStats;

typedef struct _WmGanttTextCache WmGanttTextCache;

typedef struct
{
  double              width, height;    /* the area drawn, from (0, 0) */
  guint32             first_day;        /* Julian day at the timeline's left edge */
  double              pixels_per_day;   /* 0: the zoom's default */
  WmGanttZoom         zoom;
  double              scroll_y;         /* how far the rows are scrolled under the header */
  int                 first_row;        /* the rows drawn: n_rows < 0 means the rows */
  int                 n_rows;           /* that scroll_y shows (the usual case) */
  gboolean            show_baseline;
  gboolean            show_dependencies;
  gboolean            show_outline;     /* code, title, lead, rating, due at the left */
  gboolean            show_legend;      /* the rating scale and symbols along the bottom */
  gboolean            sticky_priority;  /* the top row's priority stays in sight, on top */
  double              outline_width;    /* 0: the default */
  guint32             today;            /* the today line; 0: the model's today */
  WmGanttRenderStats *stats;            /* nullable: filled by wm_gantt_render() */
  WmGanttTextCache   *text_cache;       /* nullable: shaped text kept between frames */

  /* The window's own: a selected row, collapsed priorities.  Drawing
   * and layout follow row_of_slot, the model rows shown top to bottom
   * (n_slots of them), and slot_of_row, each model row's place or -1
   * when hidden (both from wm_gantt_map_rows()); NULL: every row. */
  int                 selected_row;     /* a model row, highlighted; -1: none */
  gboolean            show_disclosure;  /* ▸/▾ on the priority rows */
  const int          *row_of_slot;
  const int          *slot_of_row;
  int                 n_slots;
} WmGanttView;

typedef struct
{
  double  unit;              /* the font's pixel size: every length scales with it */
  double  row_height;
  double  header_height;     /* phases, time axis, milestones, key dates */
  double  phase_y, phase_height;
  double  axis_y, axis_height;        /* two rows: years, then months or quarters */
  double  milestone_y, milestone_height;
  double  key_date_y, key_date_height; /* all its lanes */
  int     n_key_date_lanes;
  double  outline_width;     /* 0 when the outline is not drawn */
  double  timeline_x;        /* where day first_day begins */
  double  width, height;
  double  legend_height;     /* 0 when not drawn */
  double  rows_bottom;       /* the rows' area ends here (the legend is below) */
  double  bar_height, bar_offset;            /* a stage bar within its row */
  double  baseline_height, baseline_offset;  /* the baseline bar within its row */
  guint32 first_day;
  double  pixels_per_day;
  double  scroll_y;
  double  disclosure_width;  /* the ▸/▾ at the left of a priority row; 0: none */
  double  grip;              /* how near a bar's end a drag changes that end */
  const int *row_of_slot;    /* the view's; NULL: every row */
  const int *slot_of_row;
  int     n_slots;
} WmGanttLayout;

typedef enum
{
  WM_GANTT_HIT_NONE,
  WM_GANTT_HIT_ROW,           /* a row, not on a bar */
  WM_GANTT_HIT_STAGE,         /* a bar's body: drag to move */
  WM_GANTT_HIT_STAGE_START,   /* a bar's left end: drag to change the start */
  WM_GANTT_HIT_STAGE_END,     /* a bar's right end: drag to change the end */
  WM_GANTT_HIT_MILESTONE,
  WM_GANTT_HIT_PLAN_MILESTONE,
  WM_GANTT_HIT_KEY_DATE,
  WM_GANTT_HIT_HEADER,
  WM_GANTT_HIT_ACTION,        /* an action's own bar (it has no stages): drag to move */
  WM_GANTT_HIT_ACTION_START,
  WM_GANTT_HIT_ACTION_END,
  WM_GANTT_HIT_DISCLOSURE,    /* a priority row's ▸/▾ */
} WmGanttHitKind;

typedef struct
{
  WmGanttHitKind kind;
  int            row;     /* -1 when not on a row */
  int            index;   /* into the model's stages, milestones, plan milestones or key dates */
  guint32        day;     /* the day under the point */
} WmGanttHit;

typedef enum
{
  WM_GANTT_PAPER_A4,
  WM_GANTT_PAPER_A3,
} WmGanttPaper;

typedef struct
{
  guint32       from, to;         /* 0: the plan's overview, whole months */
  WmGanttZoom   zoom;
  WmGanttPaper  paper;            /* PDF pages, landscape */
  gboolean      show_baseline;
  gboolean      show_dependencies;
  gboolean      dark;             /* the dark style (PNG and SVG for a dark slide) */
  guint32       today;            /* 0: the model's today */
} WmGanttExportOptions;

double   wm_gantt_zoom_pixels_per_day    (WmGanttZoom                  zoom);
void     wm_gantt_view_init              (WmGanttView                 *view,
                                          const WmGanttModel          *model,
                                          double                       width,
                                          double                       height,
                                          WmGanttZoom                  zoom);

WmGanttTextCache *wm_gantt_text_cache_new  (void);
void              wm_gantt_text_cache_free (WmGanttTextCache           *cache);

void     wm_gantt_layout_init            (WmGanttLayout               *layout,
                                          const WmGanttModel          *model,
                                          const WmGanttView           *view,
                                          const WmRenderStyle         *style);
double   wm_gantt_layout_x_of_day        (const WmGanttLayout         *layout,
                                          double                       day);
double   wm_gantt_layout_day_at_x        (const WmGanttLayout         *layout,
                                          double                       x);
double   wm_gantt_layout_y_of_row        (const WmGanttLayout         *layout,
                                          int                          row);
int      wm_gantt_layout_row_at_y        (const WmGanttLayout         *layout,
                                          const WmGanttModel          *model,
                                          double                       y);
void     wm_gantt_layout_visible_rows    (const WmGanttLayout         *layout,
                                          const WmGanttModel          *model,
                                          int                         *first_row,
                                          int                         *n_rows);
double   wm_gantt_layout_content_height  (const WmGanttLayout         *layout,
                                          const WmGanttModel          *model);
void     wm_gantt_layout_hit             (const WmGanttLayout         *layout,
                                          const WmGanttModel          *model,
                                          double                       x,
                                          double                       y,
                                          WmGanttHit                  *hit);

int      wm_gantt_layout_n_slots         (const WmGanttLayout         *layout,
                                          const WmGanttModel          *model);
int      wm_gantt_layout_slot_of_row     (const WmGanttLayout         *layout,
                                          int                          row);

int      wm_gantt_map_rows               (const WmGanttModel          *model,
                                          GHashTable                  *collapsed,
                                          int                         *row_of_slot,
                                          int                         *slot_of_row);
guint32  wm_gantt_snap_day               (guint32                      day,
                                          WmGanttZoom                  zoom);

void     wm_gantt_render                 (cairo_t                     *cr,
                                          const WmGanttModel          *model,
                                          const WmGanttView           *view,
                                          const WmRenderStyle         *style);
void     wm_gantt_render_legend          (cairo_t                     *cr,
                                          const WmGanttModel          *model,
                                          const WmRenderStyle         *style,
                                          double                       x,
                                          double                       y,
                                          double                       width);

void     wm_gantt_export_options_init    (WmGanttExportOptions        *options);
gboolean wm_gantt_render_to_file         (const WmGanttModel          *model,
                                          const char                  *path,
                                          const WmGanttExportOptions  *options,
                                          GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmGanttTextCache, wm_gantt_text_cache_free)

G_END_DECLS
