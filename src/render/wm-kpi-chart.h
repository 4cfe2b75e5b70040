/* wm-kpi-chart.h: KPI charts, sparklines, cards and the dashboard on any
 * cairo_t
 *
 * One drawing serves the window (the chart widget's snapshot and the
 * cards' sparklines), PNG, SVG and PDF export, and the board pack.  Each
 * is a pure function of (series, view, style).  Coordinates are cairo user
 * units, 1 unit = 1 pixel at 96 dpi.
 *
 * A chart draws the KPI over time as a line (or bars) with its target and
 * tolerance band, benchmark series in quiet colours labelled where they
 * end, an optional rolling average, the baseline, dated annotations, and
 * says in words the latest value and its rating.  Periods with no value
 * are gaps, never zeros.  The line is decimated to the pixel columns it
 * covers (each keeps its first, last, lowest and highest value), so a
 * million points cost about what a hundred do.
 */
#pragma once

#include <cairo.h>

#include "wm-kpi.h"
#include "wm-render-style.h"

G_BEGIN_DECLS

/* What one wm_kpi_chart_render() call drew: for tests and benchmarks. */
typedef struct
{
  guint   points_in_range;   /* the series' points between from and to */
  guint   vertices;          /* line vertices after decimation */
  guint   markers;           /* point markers (drawn only when they do not crowd) */
  guint   benchmarks_drawn;
  guint   benchmarks_listed; /* on another scale: named in the footnote, not drawn */
  guint   annotations_drawn;
  double  target_y;          /* where the target line is, or -1 */
  double  band_top, band_bottom;  /* the tolerance band, or -1 */
} WmKpiChartStats;

typedef struct
{
  double           width, height;     /* the area drawn, from (0, 0) */
  guint32          from, to;          /* Julian days shown; 0: from the data */
  guint            rolling_months;    /* 0: no rolling average */
  const char      *own_label;         /* the area's own line: "Leicestershire"; nullable */
  gboolean         show_title;        /* name, latest value and rating in words, above */
  gboolean         show_name;         /* with show_title: the code and name too */
  gboolean         show_legend;       /* legend and footnote below */
  gboolean         axes_only;         /* the frame alone (benchmark baseline) */
  int              hover;             /* a point to highlight, or -1 */
  WmKpiChartStats *stats;             /* nullable: filled by the render */
} WmKpiChartView;

/* Where the plot is: for the widget's hover and for tests. */
typedef struct
{
  double  x, y, width, height;        /* the plot area */
  guint32 from, to;                   /* days at its left and right edges */
  double  y_min, y_max;               /* values at its bottom and top */
  double  unit;                       /* the font's pixel size */
} WmKpiChartLayout;

typedef enum
{
  WM_KPI_PAPER_A4,
  WM_KPI_PAPER_A3,
} WmKpiPaper;

typedef struct
{
  double       width, height;         /* PNG and SVG size; 0: the default */
  guint32      from, to;
  guint        rolling_months;
  gboolean     dark;
  WmKpiPaper   paper;                 /* PDF pages, landscape */
  const char  *own_label;
  const char  *title;                 /* the dashboard's heading: the plan */
  const char  *subtitle;              /* "As at 22 November 2026" */
} WmKpiExportOptions;

void      wm_kpi_chart_view_init      (WmKpiChartView            *view,
                                       double                     width,
                                       double                     height);
void      wm_kpi_chart_layout         (const WmKpiSeries         *series,
                                       const WmKpiChartView      *view,
                                       const WmRenderStyle       *style,
                                       WmKpiChartLayout          *layout);
double    wm_kpi_chart_layout_x       (const WmKpiChartLayout    *layout,
                                       double                     day);
double    wm_kpi_chart_layout_day     (const WmKpiChartLayout    *layout,
                                       double                     x);
double    wm_kpi_chart_layout_y       (const WmKpiChartLayout    *layout,
                                       double                     value);
int       wm_kpi_chart_hit            (const WmKpiSeries         *series,
                                       const WmKpiChartLayout    *layout,
                                       double                     x,
                                       double                     y);
void      wm_kpi_chart_render         (cairo_t                   *cr,
                                       const WmKpiSeries         *series,
                                       const WmKpiChartView      *view,
                                       const WmRenderStyle       *style);

void      wm_kpi_sparkline_render     (cairo_t                   *cr,
                                       const WmKpiSeries         *series,
                                       double                     x,
                                       double                     y,
                                       double                     width,
                                       double                     height,
                                       const WmRenderStyle       *style);
void      wm_kpi_card_render          (cairo_t                   *cr,
                                       const WmKpiSeries         *series,
                                       double                     x,
                                       double                     y,
                                       double                     width,
                                       double                     height,
                                       const WmRenderStyle       *style);
guint     wm_kpi_dashboard_cards_per_page (double                 width,
                                       double                     height);
void      wm_kpi_dashboard_render     (cairo_t                   *cr,
                                       GPtrArray                 *series,
                                       guint                      first,
                                       double                     width,
                                       double                     height,
                                       const char                *title,
                                       const char                *subtitle,
                                       const WmRenderStyle       *style);

/* Words, for text beside a chart and for accessible names */
char     *wm_kpi_describe_latest      (const WmKpiSeries         *series);
char     *wm_kpi_describe_rating      (const WmKpiSeries         *series);
char     *wm_kpi_describe_target      (const WmKpiSeries         *series);
char     *wm_kpi_describe_point       (const WmKpiSeries         *series,
                                       int                        index);
const char *wm_kpi_rating_label       (WmKpiRating                rating);
const char *wm_kpi_travel_label       (const WmKpiSeries         *series,
                                       WmKpiTravel                travel);
WmColour  wm_kpi_rating_colour        (WmKpiRating                rating,
                                       const WmRenderStyle       *style);

/* Decimation, exposed for its test: the vertices of the line through
 * points[0..n) with x = (midday - from) * scale + x0, at most about four
 * per pixel column.  Each vertex is (x, value); NAN x marks a gap. */
void      wm_kpi_decimate             (const WmKpiPoint          *points,
                                       guint                      n,
                                       guint32                    from,
                                       double                     x0,
                                       double                     scale,
                                       GArray                    *vertices);

gboolean  wm_kpi_chart_render_to_file (const WmKpiSeries         *series,
                                       const char                *path,
                                       const WmKpiExportOptions  *options,
                                       GError                   **error);
gboolean  wm_kpi_dashboard_render_to_file (GPtrArray             *series,
                                       const char                *path,
                                       const WmKpiExportOptions  *options,
                                       GError                   **error);

G_END_DECLS
