/* wm-heatmap.h: the risk heat map, and a risk's score over time, on any
 * cairo_t
 *
 * One drawing serves the window (the heat map widget's snapshot), PNG,
 * SVG and PDF export and the board pack.  It is a pure function of
 * (scheme, risks, size, options, style); coordinates are cairo user units,
 * 1 unit = 1 pixel at 96 dpi.
 *
 * The grid is the scheme's: likelihood up, impact across, each cell in its
 * band's colour (a severity scheme draws its levels across, before
 * mitigation above after).  Each risk is a marker labelled with its ref at
 * its inherent position (outlined) and its residual position (filled),
 * with an arrow from one to the other.  Markers never hide each other:
 * each cell lays its markers out in slots, and when a cell has more than
 * fit, the last slot counts the rest ("+12").  Axis labels carry the
 * levels' names; a legend gives the bands and the markers' meaning.
 *
 * wm_heatmap_layout_new() computes every marker's rectangle, for the
 * drawing, for the widget's hit testing, and for tests.
 */
#pragma once

#include <cairo.h>

#include "wm-risk.h"
#include "wm-render-style.h"

G_BEGIN_DECLS

typedef struct
{
  double x, y, width, height;
} WmHeatmapRect;

typedef struct
{
  gboolean    residual_only;   /* after mitigation only: no inherent markers, no arrows */
  gboolean    show_closed;     /* closed risks too */
  gboolean    show_legend;
  const char *title;           /* nullable: a heading above the grid */
  const char *selected_id;     /* nullable: the risk to highlight */
  const char *hover_id;        /* nullable: the risk under the pointer */
} WmHeatmapOptions;

typedef struct
{
  WmRisk        *risk;         /* borrowed from the risks given */
  WmRiskStage    stage;
  int            column, row;  /* the cell; row 0 is the bottom row */
  WmHeatmapRect  rect;         /* the marker, or the count it is folded into */
  gboolean       folded;       /* counted in a "+N" badge, not drawn alone */
} WmHeatmapMarker;

typedef struct
{
  int            column, row;
  WmHeatmapRect  rect;
  guint          count;        /* markers folded into it */
  gboolean       whole_cell;   /* the cell is too small for any marker: all are counted */
} WmHeatmapBadge;

typedef struct _WmHeatmapLayout WmHeatmapLayout;

void               wm_heatmap_options_init        (WmHeatmapOptions        *options);

WmHeatmapLayout   *wm_heatmap_layout_new          (WmRiskScheme            *scheme,
                                                   GPtrArray               *risks,
                                                   double                   width,
                                                   double                   height,
                                                   const WmHeatmapOptions  *options,
                                                   const WmRenderStyle     *style);
void               wm_heatmap_layout_free         (WmHeatmapLayout         *layout);
int                wm_heatmap_layout_n_columns    (WmHeatmapLayout         *layout);
int                wm_heatmap_layout_n_rows       (WmHeatmapLayout         *layout);
WmHeatmapRect      wm_heatmap_layout_cell         (WmHeatmapLayout         *layout,
                                                   int                      column,
                                                   int                      row);
WmHeatmapRect      wm_heatmap_layout_grid         (WmHeatmapLayout         *layout);
GArray            *wm_heatmap_layout_markers      (WmHeatmapLayout         *layout);
GArray            *wm_heatmap_layout_badges       (WmHeatmapLayout         *layout);
const WmHeatmapMarker *wm_heatmap_layout_marker_at (WmHeatmapLayout        *layout,
                                                   double                   x,
                                                   double                   y);
gboolean           wm_heatmap_layout_cell_at      (WmHeatmapLayout         *layout,
                                                   double                   x,
                                                   double                   y,
                                                   int                     *column,
                                                   int                     *row);
GPtrArray         *wm_heatmap_layout_risks_in_cell (WmHeatmapLayout        *layout,
                                                   int                      column,
                                                   int                      row);
char              *wm_heatmap_layout_cell_name    (WmHeatmapLayout         *layout,
                                                   int                      column,
                                                   int                      row);

void               wm_heatmap_render_layout       (cairo_t                 *cr,
                                                   WmHeatmapLayout         *layout,
                                                   const WmRenderStyle     *style);
void               wm_heatmap_render              (cairo_t                 *cr,
                                                   WmRiskScheme            *scheme,
                                                   GPtrArray               *risks,
                                                   double                   width,
                                                   double                   height,
                                                   const WmHeatmapOptions  *options,
                                                   const WmRenderStyle     *style);
char              *wm_heatmap_describe            (WmRiskScheme            *scheme,
                                                   GPtrArray               *risks,
                                                   const WmHeatmapOptions  *options);
char              *wm_heatmap_describe_risk       (WmRisk                  *risk);

void               wm_risk_trend_render           (cairo_t                 *cr,
                                                   WmRisk                  *risk,
                                                   double                   width,
                                                   double                   height,
                                                   const WmRenderStyle     *style);

gboolean           wm_heatmap_render_to_file      (WmRiskScheme            *scheme,
                                                   GPtrArray               *risks,
                                                   const char              *path,
                                                   const WmHeatmapOptions  *options,
                                                   gboolean                 dark,
                                                   const char              *subtitle,
                                                   GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmHeatmapLayout, wm_heatmap_layout_free)

G_END_DECLS
