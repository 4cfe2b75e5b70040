/* wm-kpi-chart.c: a KPI over time, its sparkline and its card
 *
 * See wm-kpi-chart.h.  The chart is laid out from the outside in: the
 * title and the sentence stating the latest value and rating on top, the
 * legend and sources at the bottom, tick labels on the left, the labels
 * of the lines' ends on the right, and the plot takes what is left.  Text
 * stays text (Pango), so PDF readers and pdftotext find it.
 */
#define G_LOG_DOMAIN "wm-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <pango/pangocairo.h>

#include "wm-kpi-chart.h"

/* ---------- words ---------- */

const char *
wm_kpi_rating_label (WmKpiRating rating)
{
  switch (rating)
    {
    case WM_KPI_RATING_GREEN: return _("Green");
    case WM_KPI_RATING_AMBER: return _("Amber");
    case WM_KPI_RATING_RED: return _("Red");
    case WM_KPI_RATING_NO_DATA: return _("No data");
    case WM_KPI_RATING_NONE:
    default: return _("Not rated");
    }
}

const char *
wm_kpi_travel_label (const WmKpiSeries *series,
                     WmKpiTravel        travel)
{
  switch (travel)
    {
    case WM_KPI_TRAVEL_BETTER: return _("better");
    case WM_KPI_TRAVEL_WORSE: return _("worse");
    case WM_KPI_TRAVEL_SAME: return _("no change");
    case WM_KPI_TRAVEL_RISING: return _("rising");
    case WM_KPI_TRAVEL_FALLING: return _("falling");
    case WM_KPI_TRAVEL_UNKNOWN:
    default: return _("too soon to tell");
    }
}

static const WmKpiPoint *
point_at (const WmKpiSeries *series,
          int                index)
{
  return index >= 0 && (guint) index < series->points->len
         ? &g_array_index (series->points, WmKpiPoint, index) : NULL;
}

/* "3.8% (Apr 2024)" */
char *
wm_kpi_describe_latest (const WmKpiSeries *series)
{
  WmKpiStatus status;
  const WmKpiPoint *latest;
  g_autofree char *value = NULL;
  g_autofree char *period = NULL;

  wm_kpi_series_status (series, &status);
  latest = point_at (series, status.latest);
  if (latest == NULL)
    return g_strdup (_("No values yet"));
  value = wm_kpi_format_value (series->unit, latest->value);
  period = wm_period_label (&latest->period);
  return g_strdup_printf ("%s (%s)", value, period);
}

/* "at least 95%", "at most 6 weeks" */
char *
wm_kpi_describe_target (const WmKpiSeries *series)
{
  g_autofree char *value = NULL;

  if (!series->has_target)
    return g_strdup (_("No target"));
  value = wm_kpi_format_value (series->unit, series->target);
  if (series->direction == WM_KPI_LOWER_IS_BETTER)
    /* Translators: a target such as "at most 6 weeks" */
    return g_strdup_printf (_("at most %s"), value);
  /* Translators: a target such as "at least 95%" */
  return g_strdup_printf (_("at least %s"), value);
}

/* "46.5 points", "98 days": a distance in the KPI's unit */
static char *
format_distance (const WmKpiSeries *series,
                 double             distance)
{
  g_autofree char *number = wm_kpi_format_number (distance, -1);

  if (series->unit == WM_KPI_UNIT_PERCENT)
    return g_strdup_printf (fabs (distance - 1) < 1e-9 ? _("%s percentage point")
                                                        : _("%s percentage points"), number);
  return wm_kpi_format_value (series->unit, distance);
}

/**
 * wm_kpi_describe_rating:
 *
 * The sentence a board reads beside the chart: the latest value, its
 * rating and why, and the direction of travel.
 */
char *
wm_kpi_describe_rating (const WmKpiSeries *series)
{
  WmKpiStatus status;
  const WmKpiPoint *latest, *previous;
  g_autofree char *latest_text = NULL;
  g_autofree char *target = wm_kpi_describe_target (series);
  g_autofree char *travel = NULL;
  g_autofree char *why = NULL;

  wm_kpi_series_status (series, &status);
  latest = point_at (series, status.latest);
  previous = point_at (series, status.previous);
  if (latest == NULL)
    {
      if (series->has_target)
        return g_strdup_printf (_("No values yet; the target is %s."), target);
      return g_strdup (_("No values yet."));
    }
  latest_text = wm_kpi_describe_latest (series);
  if (previous != NULL)
    {
      g_autofree char *period = wm_period_label (&previous->period);
      g_autofree char *value = wm_kpi_format_value (series->unit, previous->value);
      /* Translators: "better than Mar 2024 (5.2%)" */
      travel = g_strdup_printf (_("%s than %s (%s)"),
                                wm_kpi_travel_label (series, status.travel), period, value);
      if (status.travel == WM_KPI_TRAVEL_SAME)
        travel = (g_free (travel), g_strdup_printf (_("the same as %s"), period));
      else if (status.travel == WM_KPI_TRAVEL_RISING || status.travel == WM_KPI_TRAVEL_FALLING)
        travel = (g_free (travel),
                  g_strdup_printf (status.travel == WM_KPI_TRAVEL_RISING
                                   ? _("up from %s in %s") : _("down from %s in %s"),
                                   value, period));
    }

  if (status.rating == WM_KPI_RATING_NONE)
    return g_strdup_printf (_("Latest %s%s%s. %s"), latest_text, travel ? ", " : "",
                            travel ? travel : "",
                            series->direction == WM_KPI_NO_DIRECTION
                            ? _("A context measure: not rated.") : _("No target: not rated."));

  if (status.shortfall <= 1e-9)
    why = g_strdup_printf (_("meets the target of %s"), target);
  else
    {
      g_autofree char *distance = format_distance (series, status.shortfall);
      why = g_strdup_printf (series->direction == WM_KPI_LOWER_IS_BETTER
                             ? _("%s over the target of %s") : _("%s below the target of %s"),
                             distance, target);
    }
  /* Translators: "Latest 3.8% (Apr 2024): Red, 46.5 percentage points below the
   * target of at least 50.3%; worse than Mar 2024 (5.2%)." */
  return g_strdup_printf (_("Latest %s: %s, %s%s%s."), latest_text,
                          wm_kpi_rating_label (status.rating), why, travel ? "; " : "",
                          travel ? travel : "");
}

/* For the hover and for screen readers: everything known of one period. */
char *
wm_kpi_describe_point (const WmKpiSeries *series,
                       int                index)
{
  const WmKpiPoint *p = point_at (series, index);
  g_autoptr(GString) text = NULL;
  g_autofree char *period = NULL;
  guint32 middle;

  if (p == NULL)
    return NULL;
  period = wm_period_label (&p->period);
  text = g_string_new (period);
  g_string_append (text, ": ");
  if (isnan (p->value))
    g_string_append (text, _("no value"));
  else
    {
      g_autofree char *value = wm_kpi_format_value (series->unit, p->value);
      g_string_append (text, value);
    }
  if (!isnan (p->numerator) && !isnan (p->denominator))
    {
      g_autofree char *n = wm_kpi_format_number (p->numerator, -1);
      g_autofree char *d = wm_kpi_format_number (p->denominator, -1);
      /* Translators: "(47 of 60)": numerator and denominator */
      g_string_append_printf (text, _(" (%s of %s)"), n, d);
    }
  if (p->note != NULL && *p->note != '\0')
    g_string_append_printf (text, "\n%s", p->note);
  middle = (p->first_day + p->last_day) / 2;
  for (guint b = 0; b < series->benchmarks->len; b++)
    {
      const WmKpiBenchmark *benchmark = series->benchmarks->pdata[b];

      for (guint i = 0; i < benchmark->points->len; i++)
        {
          const WmKpiPoint *q = &g_array_index (benchmark->points, WmKpiPoint, i);

          if (q->first_day <= middle && middle <= q->last_day && !isnan (q->value))
            {
              g_autofree char *value = wm_kpi_format_value (series->unit, q->value);
              g_autofree char *label = wm_period_label (&q->period);
              g_string_append_printf (text, "\n%s %s: %s", benchmark->name, label, value);
            }
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---------- colours ---------- */

WmColour
wm_kpi_rating_colour (WmKpiRating          rating,
                      const WmRenderStyle *style)
{
  /* The sample plan's BRAG colours: the dashboard and the Gantt agree */
  switch (rating)
    {
    case WM_KPI_RATING_GREEN: return (WmColour) { 0.18, 0.76, 0.49, 1 };
    case WM_KPI_RATING_AMBER: return (WmColour) { 0.90, 0.65, 0.04, 1 };
    case WM_KPI_RATING_RED: return (WmColour) { 0.75, 0.11, 0.16, 1 };
    case WM_KPI_RATING_NO_DATA:
    case WM_KPI_RATING_NONE:
    default:
      return (WmColour) { style->foreground.r, style->foreground.g, style->foreground.b, 0.35 };
    }
}

/* Text on a rating's colour: dark on Amber and Green, light on Red */
static WmColour
on_rating_colour (WmKpiRating rating)
{
  if (rating == WM_KPI_RATING_RED)
    return (WmColour) { 1, 1, 1, 1 };
  return (WmColour) { 0.1, 0.1, 0.1, 1 };
}

static void
set_colour (cairo_t        *cr,
            const WmColour *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static void
set_colour_alpha (cairo_t        *cr,
                  const WmColour *c,
                  double          alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

static WmColour
target_colour (const WmRenderStyle *style)
{
  return style->dark ? (WmColour) { 0.56, 0.89, 0.65, 1 } : (WmColour) { 0.10, 0.47, 0.25, 1 };
}

static WmColour
rolling_colour (const WmRenderStyle *style)
{
  return style->dark ? (WmColour) { 0.86, 0.68, 0.98, 1 } : (WmColour) { 0.43, 0.18, 0.60, 1 };
}

/* Benchmarks are context, not the story: quiet greys and muted tones,
 * each with its own dash so that they stay apart in grey print. */
static WmColour
benchmark_colour (guint                index,
                  const WmRenderStyle *style)
{
  static const WmColour light[] = {
    { 0.36, 0.36, 0.40, 1 }, { 0.55, 0.42, 0.30, 1 }, { 0.40, 0.50, 0.55, 1 },
    { 0.50, 0.50, 0.50, 1 },
  };
  static const WmColour dark[] = {
    { 0.75, 0.75, 0.78, 1 }, { 0.80, 0.68, 0.55, 1 }, { 0.62, 0.74, 0.80, 1 },
    { 0.62, 0.62, 0.62, 1 },
  };
  return (style->dark ? dark : light)[index % G_N_ELEMENTS (light)];
}

static void
benchmark_dash (cairo_t *cr,
                guint    index,
                double   unit)
{
  double dashes[][2] = { { 0.6, 0.3 }, { 0.15, 0.25 }, { 0.9, 0.25 }, { 0.3, 0.3 } };
  double d[2] = { dashes[index % 4][0] * unit, dashes[index % 4][1] * unit };

  cairo_set_dash (cr, d, 2, 0);
}

/* ---------- text ---------- */

typedef enum
{
  ALIGN_LEFT,
  ALIGN_CENTRE,
  ALIGN_RIGHT,
} Align;

typedef struct
{
  cairo_t              *cr;
  const WmRenderStyle  *style;
  PangoLayout          *layout;
  PangoFontDescription *normal;
  PangoFontDescription *small;
  PangoFontDescription *bold;
  PangoFontDescription *title;
  PangoFontDescription *big;
  double                unit;   /* the normal font's pixel size */
} Ctx;

static void
ctx_init (Ctx                 *ctx,
          cairo_t             *cr,
          const WmRenderStyle *style)
{
  double px = style->font_size * 96.0 / 72.0;

  ctx->cr = cr;
  ctx->style = style;
  ctx->unit = px;
  ctx->layout = pango_cairo_create_layout (cr);
  ctx->normal = pango_font_description_from_string (style->font_family);
  pango_font_description_set_absolute_size (ctx->normal, px * PANGO_SCALE);
  ctx->small = pango_font_description_copy (ctx->normal);
  pango_font_description_set_absolute_size (ctx->small, px * 0.88 * PANGO_SCALE);
  ctx->bold = pango_font_description_copy (ctx->normal);
  pango_font_description_set_weight (ctx->bold, PANGO_WEIGHT_BOLD);
  ctx->title = pango_font_description_copy (ctx->bold);
  pango_font_description_set_absolute_size (ctx->title, px * 1.3 * PANGO_SCALE);
  ctx->big = pango_font_description_copy (ctx->bold);
  pango_font_description_set_absolute_size (ctx->big, px * 2.2 * PANGO_SCALE);
}

static void
ctx_clear (Ctx *ctx)
{
  g_clear_object (&ctx->layout);
  g_clear_pointer (&ctx->normal, pango_font_description_free);
  g_clear_pointer (&ctx->small, pango_font_description_free);
  g_clear_pointer (&ctx->bold, pango_font_description_free);
  g_clear_pointer (&ctx->title, pango_font_description_free);
  g_clear_pointer (&ctx->big, pango_font_description_free);
}

/* Sets up the layout; width > 0 wraps (or ellipsizes after max_lines). */
static void
ctx_text (Ctx                  *ctx,
          const char           *text,
          PangoFontDescription *font,
          double                width,
          int                   max_lines)
{
  pango_layout_set_font_description (ctx->layout, font);
  pango_layout_set_width (ctx->layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (ctx->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (ctx->layout, max_lines > 0 ? PANGO_ELLIPSIZE_END
                                                         : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_height (ctx->layout, max_lines > 0 ? -max_lines : -1);
  pango_layout_set_alignment (ctx->layout, PANGO_ALIGN_LEFT);
  pango_layout_set_text (ctx->layout, text, -1);
}

static void
ctx_size (Ctx    *ctx,
          double *width,
          double *height)
{
  int w, h;

  pango_layout_get_pixel_size (ctx->layout, &w, &h);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

static double
text_width (Ctx                  *ctx,
            const char           *text,
            PangoFontDescription *font)
{
  double w;

  ctx_text (ctx, text, font, 0, 0);
  ctx_size (ctx, &w, NULL);
  return w;
}

/* Draws the prepared layout with its top at y; returns its height. */
static double
ctx_show (Ctx            *ctx,
          double          x,
          double          y,
          Align           align,
          const WmColour *colour)
{
  double w, h;

  ctx_size (ctx, &w, &h);
  if (align == ALIGN_CENTRE)
    x -= w / 2;
  else if (align == ALIGN_RIGHT)
    x -= w;
  set_colour (ctx->cr, colour);
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, ctx->layout);
  return h;
}

static double
draw_text (Ctx                  *ctx,
           const char           *text,
           PangoFontDescription *font,
           double                x,
           double                y,
           Align                 align,
           const WmColour       *colour)
{
  ctx_text (ctx, text, font, 0, 0);
  return ctx_show (ctx, x, y, align, colour);
}

/* A rounded label in a rating's colour ("Red"); returns its width. */
static double
draw_pill (Ctx         *ctx,
           WmKpiRating  rating,
           double       x,
           double       y)
{
  WmColour fill = wm_kpi_rating_colour (rating, ctx->style);
  WmColour ink = rating == WM_KPI_RATING_NONE || rating == WM_KPI_RATING_NO_DATA
                 ? ctx->style->foreground : on_rating_colour (rating);
  double w, h, pad = ctx->unit * 0.5, r;

  ctx_text (ctx, wm_kpi_rating_label (rating), ctx->bold, 0, 0);
  ctx_size (ctx, &w, &h);
  r = (h + 2) / 2;
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, x + r, y + r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (ctx->cr, x + w + 2 * pad - r, y + r, r, -G_PI / 2, G_PI / 2);
  cairo_close_path (ctx->cr);
  set_colour (ctx->cr, &fill);
  cairo_fill (ctx->cr);
  ctx_show (ctx, x + pad, y + 1, ALIGN_LEFT, &ink);
  return w + 2 * pad;
}

/* ---------- decimation ---------- */

typedef struct
{
  double x, v;
} Vertex;

typedef struct
{
  gboolean open;
  double   col;
  Vertex   first, last, lo, hi;
  guint    lo_order, hi_order, count;
} Column;

static void
push_vertex (GArray *vertices,
             double  x,
             double  v)
{
  Vertex vertex = { x, v };
  g_array_append_val (vertices, vertex);
}

static void
push_gap (GArray *vertices)
{
  if (vertices->len > 0 && !isnan (g_array_index (vertices, Vertex, vertices->len - 1).x))
    push_vertex (vertices, NAN, NAN);
}

static void
flush_column (Column *c,
              GArray *vertices)
{
  if (!c->open)
    return;
  push_vertex (vertices, c->first.x, c->first.v);
  if (c->count > 2)
    {
      /* the extremes in the order they came, so the line's shape holds */
      const Vertex *a = c->lo_order <= c->hi_order ? &c->lo : &c->hi;
      const Vertex *b = c->lo_order <= c->hi_order ? &c->hi : &c->lo;
      push_vertex (vertices, a->x, a->v);
      push_vertex (vertices, b->x, b->v);
    }
  if (c->count > 1)
    push_vertex (vertices, c->last.x, c->last.v);
  c->open = FALSE;
}

/* A summary of a long series in blocks of BLOCK points, built once and
 * kept on the series: a block that falls in one pixel column is taken
 * whole (its first, lowest, highest and last value) instead of point by
 * point, so drawing costs about the pixels, not the points. */
#define BLOCK 64
#define SUMMARY_MIN_POINTS (BLOCK * 64)

typedef struct
{
  double   min, max;     /* of the block's values; NAN when it has none */
  gboolean clean;        /* every value there and every period following the last */
} Block;

typedef struct
{
  const WmKpiPoint *data;   /* what the summary was built from */
  guint             len;
  Block            *blocks;
  guint             n_blocks;
} Summary;

static void
summary_free (gpointer data)
{
  Summary *summary = data;

  g_free (summary->blocks);
  g_free (summary);
}

static const Summary *
get_summary (const WmKpiSeries *series)
{
  WmKpiSeries *mutable = (WmKpiSeries *) series;
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  guint n = series->points->len;
  Summary *summary = series->render_cache;

  if (n < SUMMARY_MIN_POINTS)
    return NULL;
  if (summary != NULL && summary->data == points && summary->len == n)
    return summary;
  if (mutable->render_cache_free)
    mutable->render_cache_free (mutable->render_cache);
  summary = g_new0 (Summary, 1);
  summary->data = points;
  summary->len = n;
  summary->n_blocks = n / BLOCK;
  summary->blocks = g_new (Block, summary->n_blocks);
  for (guint b = 0; b < summary->n_blocks; b++)
    {
      Block *block = &summary->blocks[b];
      const WmKpiPoint *p = &points[b * BLOCK];

      block->min = INFINITY;
      block->max = -INFINITY;
      block->clean = TRUE;
      for (guint i = 0; i < BLOCK; i++)
        {
          if (isnan (p[i].value))
            {
              block->clean = FALSE;
              continue;
            }
          block->min = MIN (block->min, p[i].value);
          block->max = MAX (block->max, p[i].value);
          if (i > 0 && p[i].first_day > p[i - 1].last_day + 1)
            block->clean = FALSE;
        }
      if (!isfinite (block->max))
        block->min = block->max = NAN;
    }
  mutable->render_cache = summary;
  mutable->render_cache_free = summary_free;
  return summary;
}

static void decimate_with (const WmKpiPoint *points,
                           guint             n,
                           const Block      *blocks,
                           guint32           from,
                           double            x0,
                           double            scale,
                           GArray           *vertices);

void
wm_kpi_decimate (const WmKpiPoint *points,
                 guint             n,
                 guint32           from,
                 double            x0,
                 double            scale,
                 GArray           *vertices)
{
  decimate_with (points, n, NULL, from, x0, scale, vertices);
}

/* @blocks: nullable; when given, blocks[k] summarises points[k * BLOCK …]
 * (points must start on a block boundary) */
static void
decimate_with (const WmKpiPoint *points,
               guint             n,
               const Block      *blocks,
               guint32           from,
               double            x0,
               double            scale,
               GArray           *vertices)
{
  Column c = { FALSE };
  guint32 previous_last = 0;
  gboolean previous_valid = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const WmKpiPoint *p = &points[i];
      double x, col;
      gboolean connected;

      /* A clean block inside the current column: taken whole */
      if (blocks != NULL && i % BLOCK == 0 && i + BLOCK <= n && blocks[i / BLOCK].clean
          && c.open && previous_valid && p->first_day <= previous_last + 1)
        {
          const Block *block = &blocks[i / BLOCK];
          const WmKpiPoint *end = &points[i + BLOCK - 1];
          double x_end = x0 + ((end->first_day + end->last_day + 1) * 0.5 - from) * scale;

          if (floor (x_end) == c.col)
            {
              c.count += BLOCK;
              c.last = (Vertex) { x_end, end->value };
              if (block->min < c.lo.v)
                {
                  c.lo = (Vertex) { x_end, block->min };
                  c.lo_order = c.count;
                }
              if (block->max > c.hi.v)
                {
                  c.hi = (Vertex) { x_end, block->max };
                  c.hi_order = c.count;
                }
              previous_last = end->last_day;
              i += BLOCK - 1;
              continue;
            }
        }

      if (isnan (p->value))
        {
          flush_column (&c, vertices);
          push_gap (vertices);
          previous_valid = FALSE;
          continue;
        }
      /* A period that does not follow on from the one before is a gap */
      connected = previous_valid && p->first_day <= previous_last + 1;
      if (!connected)
        {
          flush_column (&c, vertices);
          push_gap (vertices);
        }
      x = x0 + ((p->first_day + p->last_day + 1) * 0.5 - from) * scale;
      col = floor (x);
      if (!c.open || col != c.col)
        {
          flush_column (&c, vertices);
          c = (Column) { TRUE, col, { x, p->value }, { x, p->value }, { x, p->value },
                         { x, p->value }, 0, 0, 1 };
        }
      else
        {
          c.count++;
          c.last = (Vertex) { x, p->value };
          if (p->value < c.lo.v)
            {
              c.lo = c.last;
              c.lo_order = c.count;
            }
          if (p->value > c.hi.v)
            {
              c.hi = c.last;
              c.hi_order = c.count;
            }
        }
      previous_last = p->last_day;
      previous_valid = TRUE;
    }
  flush_column (&c, vertices);
}

/* ---------- layout ---------- */

typedef struct
{
  WmKpiChartLayout  plot;
  double            title_height;
  double            legend_y;
  double            right_width;
  double            y_step;
  guint             first, last;        /* the points in range: [first, last) */
  gboolean          any_value;
  gboolean          *drawn_benchmarks;  /* per benchmark: on this scale */
  GArray           *rolling;            /* nullable */
} Layout;

static void
layout_clear (Layout *l)
{
  g_clear_pointer (&l->drawn_benchmarks, g_free);
  g_clear_pointer (&l->rolling, g_array_unref);
}

static double
point_middle (const WmKpiPoint *p)
{
  return (p->first_day + p->last_day + 1) * 0.5;
}

/* 1, 2, 2.5 or 5 × 10^k, giving about @ticks steps over @range */
static double
nice_step (double range,
           int    ticks)
{
  double raw = range / MAX (ticks, 1);
  double magnitude = pow (10, floor (log10 (raw)));
  double steps[] = { 1, 2, 2.5, 5, 10 };

  if (raw <= 0 || !isfinite (raw))
    return 1;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude >= raw)
      return steps[i] * magnitude;
  return 10 * magnitude;
}

/* The first point whose period ends on or after @day */
static guint
lower_bound (const WmKpiPoint *points,
             guint             n,
             guint32           day)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (points[mid].last_day < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
range_of (const WmKpiPoint *points,
          guint             n,
          guint32          *from,
          guint32          *to)
{
  for (guint i = 0; i < n; i++)
    if (!isnan (points[i].value))
      {
        *from = *from ? MIN (*from, points[i].first_day) : points[i].first_day;
        *to = MAX (*to, points[i].last_day);
      }
}

static double
max_in (const WmKpiPoint *points,
        guint             first,
        guint             last)
{
  double max = -INFINITY;

  for (guint i = first; i < last; i++)
    if (points[i].value > max)
      max = points[i].value;
  return max;
}

/* The largest value in points[first, last), whole blocks from the summary */
static double
max_of_series (const WmKpiSeries *series,
               guint              first,
               guint              last)
{
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  const Summary *summary = get_summary (series);
  double max = -INFINITY;
  guint i = first;

  if (summary == NULL)
    return max_in (points, first, last);
  while (i < last)
    {
      if (i % BLOCK == 0 && i + BLOCK <= last && i / BLOCK < summary->n_blocks)
        {
          if (summary->blocks[i / BLOCK].max > max)
            max = summary->blocks[i / BLOCK].max;
          i += BLOCK;
        }
      else
        {
          if (points[i].value > max)
            max = points[i].value;
          i++;
        }
    }
  return max;
}

static void
compute_layout (Ctx                  *ctx,
                const WmKpiSeries    *series,
                const WmKpiChartView *view,
                Layout               *l)
{
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  guint n = series->points->len;
  double u = ctx->unit;
  guint32 from = 0, to = 0;
  double own_max = -INFINITY, y_max = 0, left, bottom;
  g_autofree char *widest = NULL;

  memset (l, 0, sizeof *l);
  l->plot.unit = u;
  l->drawn_benchmarks = g_new0 (gboolean, series->benchmarks->len + 1);

  /* the days shown: as asked, else all the values and benchmarks.
   * Points are sorted, so the first and last valued points bound them. */
  for (guint i = 0; i < n; i++)
    if (!isnan (points[i].value))
      {
        from = points[i].first_day;
        break;
      }
  for (guint i = n; i > 0; i--)
    if (!isnan (points[i - 1].value))
      {
        to = points[i - 1].last_day;
        break;
      }
  for (guint b = 0; b < series->benchmarks->len; b++)
    {
      const WmKpiBenchmark *benchmark = series->benchmarks->pdata[b];
      range_of ((const WmKpiPoint *) benchmark->points->data, benchmark->points->len, &from,
                &to);
    }
  if (series->has_baseline && series->baseline_day)
    {
      from = from ? MIN (from, series->baseline_day) : series->baseline_day;
      to = MAX (to, series->baseline_day);
    }
  if (view->from)
    from = view->from;
  if (view->to)
    to = view->to;
  if (from == 0 || to == 0 || to < from)
    {
      GDate now;
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      to = to ? to : g_date_get_julian (&now);
      from = to > 365 ? to - 365 : 1;
    }
  l->plot.from = from;
  l->plot.to = to + 1;

  l->first = lower_bound (points, n, from);
  {
    /* the first point that starts after the last day shown */
    guint lo = l->first, hi = n;
    while (lo < hi)
      {
        guint mid = (lo + hi) / 2;
        if (points[mid].first_day <= to)
          lo = mid + 1;
        else
          hi = mid;
      }
    l->last = lo;
  }
  own_max = max_of_series (series, l->first, l->last);
  l->any_value = isfinite (own_max);

  if (view->rolling_months > 0 && !view->axes_only)
    {
      l->rolling = wm_kpi_series_rolling (series, view->rolling_months);
      y_max = MAX (y_max, max_in ((const WmKpiPoint *) l->rolling->data, l->first, l->last));
    }
  if (isfinite (own_max))
    y_max = MAX (y_max, own_max);

  /* A count on another scale (England's 517,048 plans beside an
   * authority's 6,201) would flatten the area's own line: it is named in
   * the footnote instead.  Percentages, days and weeks share one scale. */
  for (guint b = 0; b < series->benchmarks->len; b++)
    {
      const WmKpiBenchmark *benchmark = series->benchmarks->pdata[b];
      const WmKpiPoint *bp = (const WmKpiPoint *) benchmark->points->data;
      guint first = lower_bound (bp, benchmark->points->len, from);
      guint last = first;
      double max;

      while (last < benchmark->points->len && bp[last].first_day <= to)
        last++;
      max = max_in (bp, first, last);
      if (!isfinite (max))
        continue;
      l->drawn_benchmarks[b] = !(series->unit == WM_KPI_UNIT_COUNT && isfinite (own_max)
                                 && own_max > 0 && max > 5 * own_max);
      if (l->drawn_benchmarks[b])
        y_max = MAX (y_max, max);
    }
  if (series->has_target)
    y_max = MAX (y_max, series->target);
  if (series->has_baseline)
    y_max = MAX (y_max, series->baseline);
  if (y_max <= 0)
    y_max = series->unit == WM_KPI_UNIT_PERCENT ? 100 : 10;

  l->y_step = nice_step (y_max * 1.08, 5);
  l->plot.y_min = 0;
  l->plot.y_max = ceil (y_max * 1.08 / l->y_step) * l->y_step;
  if (series->unit == WM_KPI_UNIT_PERCENT && l->plot.y_max > 100)
    {
      l->plot.y_max = 100;
      l->y_step = 20;
    }

  /* Outside in: title, legend, tick labels, line-end labels */
  l->title_height = view->show_title ? (view->show_name ? 3.6 : 1.75) * u : 0;
  bottom = view->show_legend ? 6.4 * u : 0;
  widest = wm_kpi_format_value (series->unit == WM_KPI_UNIT_PERCENT ? WM_KPI_UNIT_PERCENT
                                                                     : WM_KPI_UNIT_COUNT,
                                l->plot.y_max);
  left = text_width (ctx, widest, ctx->small) + 0.8 * u;
  l->right_width = view->axes_only ? u : MIN (view->width * 0.28, 13 * u);
  l->plot.x = left;
  l->plot.y = l->title_height + 1.6 * u;
  l->plot.width = MAX (10, view->width - left - l->right_width);
  l->plot.height = MAX (10, view->height - l->plot.y - 2.0 * u - bottom);
  l->legend_y = l->plot.y + l->plot.height + 2.0 * u;
}

double
wm_kpi_chart_layout_x (const WmKpiChartLayout *layout,
                       double                  day)
{
  return layout->x + (day - layout->from) / MAX (1.0, (double) layout->to - layout->from)
                     * layout->width;
}

double
wm_kpi_chart_layout_day (const WmKpiChartLayout *layout,
                         double                  x)
{
  return layout->from + (x - layout->x) / layout->width
                        * MAX (1.0, (double) layout->to - layout->from);
}

double
wm_kpi_chart_layout_y (const WmKpiChartLayout *layout,
                       double                  value)
{
  return layout->y + layout->height
         - (value - layout->y_min) / (layout->y_max - layout->y_min) * layout->height;
}

void
wm_kpi_chart_view_init (WmKpiChartView *view,
                        double          width,
                        double          height)
{
  *view = (WmKpiChartView) {
    .width = width,
    .height = height,
    .show_title = TRUE,
    .show_name = TRUE,
    .show_legend = TRUE,
    .hover = -1,
  };
}

void
wm_kpi_chart_layout (const WmKpiSeries    *series,
                     const WmKpiChartView *view,
                     const WmRenderStyle  *style,
                     WmKpiChartLayout     *out)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  Ctx ctx;
  Layout l;

  ctx_init (&ctx, cr, style);
  compute_layout (&ctx, series, view, &l);
  *out = l.plot;
  layout_clear (&l);
  ctx_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The point under (x, y), for the hover; -1 when none. */
int
wm_kpi_chart_hit (const WmKpiSeries      *series,
                  const WmKpiChartLayout *layout,
                  double                  x,
                  double                  y)
{
  double day;
  int index;
  const WmKpiPoint *p;

  if (x < layout->x || x > layout->x + layout->width || y < layout->y - layout->unit
      || y > layout->y + layout->height + layout->unit)
    return -1;
  day = wm_kpi_chart_layout_day (layout, x);
  index = wm_kpi_series_find (series, (guint32) MAX (0, day));
  p = point_at (series, index);
  if (p == NULL || p->last_day + 1 < layout->from || p->first_day > layout->to)
    return -1;
  /* Only when the pointer is near the period: within half a period or 12 px */
  if (fabs (wm_kpi_chart_layout_x (layout, point_middle (p)) - x)
      > MAX (12, (wm_kpi_chart_layout_x (layout, p->last_day + 1)
                  - wm_kpi_chart_layout_x (layout, p->first_day)) / 2 + 2))
    return -1;
  return index;
}

/* ---------- axes ---------- */

static const char *const month_abbr[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static guint32
julian (guint day,
        guint month,
        guint year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static void
draw_y_axis (Ctx               *ctx,
             const Layout      *l,
             const WmKpiSeries *series)
{
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;
  WmColour muted = ctx->style->foreground;

  muted.a *= 0.75;
  cairo_set_line_width (cr, 1);
  for (double v = p->y_min; v <= p->y_max + l->y_step * 0.01; v += l->y_step)
    {
      double y = round (wm_kpi_chart_layout_y (p, v)) + 0.5;
      g_autofree char *label = series->unit == WM_KPI_UNIT_PERCENT
                               ? wm_kpi_format_value (WM_KPI_UNIT_PERCENT, v)
                               : wm_kpi_format_number (v, l->y_step < 1 ? 1 : -1);

      set_colour (cr, v == p->y_min ? &ctx->style->foreground : &ctx->style->grid);
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
      cairo_stroke (cr);
      ctx_text (ctx, label, ctx->small, 0, 0);
      {
        double h;
        ctx_size (ctx, NULL, &h);
        ctx_show (ctx, p->x - 0.4 * ctx->unit, y - h / 2, ALIGN_RIGHT, &muted);
      }
    }
  /* Days and weeks say so once, over the axis */
  if (series->unit == WM_KPI_UNIT_DAYS || series->unit == WM_KPI_UNIT_WEEKS
      || series->unit == WM_KPI_UNIT_RATE)
    draw_text (ctx, series->unit == WM_KPI_UNIT_DAYS ? _("days")
                    : series->unit == WM_KPI_UNIT_WEEKS ? _("weeks") : _("rate"),
               ctx->small, p->x - 0.4 * ctx->unit, p->y - 1.5 * ctx->unit, ALIGN_RIGHT, &muted);
}

static void
draw_x_axis (Ctx          *ctx,
             const Layout *l)
{
  static const guint month_steps[] = { 1, 2, 3, 6, 12 };
  static const guint year_steps[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;
  double u = ctx->unit;
  double span_days = (double) p->to - p->from;
  double px_per_day = p->width / MAX (1, span_days);
  double month_label = text_width (ctx, "Sep 23", ctx->small) + u;
  double year_label = text_width (ctx, "2023", ctx->small) + u;
  double y = p->y + p->height;
  WmColour muted = ctx->style->foreground;
  GDate first;
  guint step = 0;
  gboolean months = FALSE;

  muted.a *= 0.75;
  g_date_clear (&first, 1);
  g_date_set_julian (&first, p->from);

  for (guint i = 0; i < G_N_ELEMENTS (month_steps) && step == 0; i++)
    if (month_steps[i] * 30.44 * px_per_day >= month_label && month_steps[i] < 12)
      {
        step = month_steps[i];
        months = TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (year_steps) && step == 0; i++)
    if (year_steps[i] * 365.25 * px_per_day >= year_label)
      step = year_steps[i];
  if (step == 0)
    step = 1000;

  cairo_set_line_width (cr, 1);
  if (months)
    {
      guint year = g_date_get_year (&first);
      guint month = g_date_get_month (&first);

      /* Start on a month that is a multiple of the step (Jan, Apr, Jul…) */
      while ((month - 1) % step != 0 || julian (1, month, year) < p->from)
        if (++month > 12)
          {
            month = 1;
            year++;
          }
      for (;;)
        {
          guint32 day = julian (1, month, year);
          double x;
          g_autofree char *label = NULL;

          if (day > p->to)
            break;
          x = round (wm_kpi_chart_layout_x (p, day)) + 0.5;
          set_colour (cr, &ctx->style->foreground);
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x, y + 0.35 * u);
          cairo_stroke (cr);
          label = g_strdup_printf ("%s %02u", month_abbr[month - 1], year % 100);
          draw_text (ctx, label, ctx->small, x, y + 0.45 * u, ALIGN_CENTRE, &muted);
          month += step;
          while (month > 12)
            {
              month -= 12;
              year++;
            }
        }
      return;
    }

  {
    guint year = g_date_get_year (&first);
    gboolean centred = step == 1;

    year = (year + step - 1) / step * step;
    if (centred && year > g_date_get_year (&first))
      year = g_date_get_year (&first);
    for (;; year += step)
      {
        guint32 day = julian (1, 1, MIN (year, 9999));
        g_autofree char *label = g_strdup_printf ("%u", year);
        double x = round (wm_kpi_chart_layout_x (p, day)) + 0.5;

        if (year > 9998 || day > p->to)
          break;
        if (day >= p->from)
          {
            set_colour (cr, &ctx->style->foreground);
            cairo_move_to (cr, x, y);
            cairo_line_to (cr, x, y + 0.35 * u);
            cairo_stroke (cr);
          }
        /* A single year's label sits under the year, between its ticks */
        if (centred)
          {
            double middle = wm_kpi_chart_layout_x (p, julian (1, 7, year));
            if (middle >= p->x && middle <= p->x + p->width)
              draw_text (ctx, label, ctx->small, middle, y + 0.45 * u, ALIGN_CENTRE, &muted);
          }
        else if (day >= p->from)
          draw_text (ctx, label, ctx->small, x, y + 0.45 * u, ALIGN_CENTRE, &muted);
      }
  }
}

/* ---------- lines ---------- */

static void
marker (cairo_t *cr,
        double   x,
        double   y,
        double   r,
        gboolean hollow,
        const WmColour *colour,
        const WmColour *background)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  if (hollow)
    {
      set_colour (cr, background);
      cairo_fill_preserve (cr);
      set_colour (cr, colour);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    {
      set_colour (cr, colour);
      cairo_fill (cr);
    }
}

/* A line denser than the pixels it crosses (more vertices than columns)
 * is filled as one bar per pixel column, from its lowest to its highest
 * value there, joined to the column before: the same ink as stroking it,
 * but cairo fills rectangles fast where stroking a thousand zig-zags
 * with joins is slow. */
static void
fill_dense (cairo_t                *cr,
            const WmKpiChartLayout *p,
            const Vertex           *v,
            guint                   n,
            double                  line_width)
{
  double half = line_width / 2;
  double column = NAN, lo = 0, hi = 0, previous_last = NAN;

  for (guint i = 0; i <= n; i++)
    {
      double col = i < n && !isnan (v[i].x) ? floor (v[i].x) : NAN;

      if (i == n || isnan (col) || col != column)
        {
          if (!isnan (column))
            {
              double top = wm_kpi_chart_layout_y (p, hi) - half;
              double bottom = wm_kpi_chart_layout_y (p, lo) + half;
              /* whole pixels side by side: cairo's fast path for boxes */
              top = floor (top);
              bottom = ceil (bottom);
              cairo_rectangle (cr, column, top, 1, bottom - top);
              previous_last = v[i - 1].v;
            }
          if (i == n)
            break;
          if (isnan (col))
            {
              previous_last = NAN;
              column = NAN;
              continue;
            }
          column = col;
          lo = hi = v[i].v;
          /* join to the column before, so the band has no holes */
          if (!isnan (previous_last))
            {
              lo = MIN (lo, previous_last);
              hi = MAX (hi, previous_last);
            }
        }
      else
        {
          lo = MIN (lo, v[i].v);
          hi = MAX (hi, v[i].v);
        }
    }
  cairo_fill (cr);
}

/* Strokes the decimated line; a point with no neighbour gets a dot so
 * that it shows. */
static guint
stroke_vertices (cairo_t                *cr,
                 const WmKpiChartLayout *p,
                 GArray                 *vertices,
                 double                  dot)
{
  const Vertex *v = (const Vertex *) vertices->data;
  guint n = vertices->len;
  guint start = 0;

  cairo_save (cr);
  /* a clip on whole pixels costs nothing; a fractional one is a mask */
  cairo_rectangle (cr, floor (p->x - dot), floor (p->y - dot), ceil (p->width + 2 * dot + 1),
                   ceil (p->height + 2 * dot + 1));
  cairo_clip (cr);
  if (n > 2 * p->width)
    {
      fill_dense (cr, p, v, n, cairo_get_line_width (cr));
      cairo_restore (cr);
      return n;
    }
  for (guint i = 0; i <= n; i++)
    {
      if (i < n && !isnan (v[i].x))
        continue;
      if (i - start == 1)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, v[start].x, wm_kpi_chart_layout_y (p, v[start].v), dot, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      else if (i - start > 1)
        {
          cairo_move_to (cr, v[start].x, wm_kpi_chart_layout_y (p, v[start].v));
          for (guint j = start + 1; j < i; j++)
            cairo_line_to (cr, v[j].x, wm_kpi_chart_layout_y (p, v[j].v));
          cairo_stroke (cr);
        }
      start = i + 1;
    }
  cairo_restore (cr);
  return n;
}

static GArray *
decimate_range (const WmKpiPoint       *points,
                guint                   first,
                guint                   last,
                const WmKpiChartLayout *p)
{
  GArray *vertices = g_array_new (FALSE, FALSE, sizeof (Vertex));
  double scale = p->width / MAX (1.0, (double) p->to - p->from);

  wm_kpi_decimate (points + first, last - first, p->from, p->x, scale, vertices);
  return vertices;
}

/* The series' own points, with its summary when it has one: the points
 * before the first whole block are taken one by one. */
static GArray *
decimate_series (const WmKpiSeries      *series,
                 guint                   first,
                 guint                   last,
                 const WmKpiChartLayout *p)
{
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  const Summary *summary = get_summary (series);
  GArray *vertices;
  double scale = p->width / MAX (1.0, (double) p->to - p->from);
  guint aligned = (first + BLOCK - 1) / BLOCK * BLOCK;

  if (summary == NULL || aligned >= last)
    return decimate_range (points, first, last, p);
  vertices = g_array_new (FALSE, FALSE, sizeof (Vertex));
  /* One pass from the block boundary: the few points before it would
   * only change the first column */
  decimate_with (points + aligned, last - aligned, summary->blocks + aligned / BLOCK, p->from,
                 p->x, scale, vertices);
  if (aligned > first)
    {
      g_autoptr(GArray) head = g_array_new (FALSE, FALSE, sizeof (Vertex));
      wm_kpi_decimate (points + first, aligned - first, p->from, p->x, scale, head);
      push_gap (head);
      g_array_prepend_vals (vertices, head->data, head->len);
    }
  return vertices;
}

/* The end of a line, labelled in the right margin */
typedef struct
{
  double    y;          /* where the line ends */
  double    x;          /* its last point */
  char     *text;
  WmColour  colour;
  gboolean  bold;
} EndLabel;

static void
end_label_clear (gpointer data)
{
  g_free (((EndLabel *) data)->text);
}

static void
add_end_label (GArray         *labels,
               double          x,
               double          y,
               char           *text,
               const WmColour *colour,
               gboolean        bold)
{
  EndLabel label = { y, x, text, *colour, bold };
  g_array_append_val (labels, label);
}

static int
compare_end_labels (gconstpointer a,
                    gconstpointer b)
{
  double x = ((const EndLabel *) a)->y;
  double y = ((const EndLabel *) b)->y;

  return (x > y) - (x < y);
}

/* A line that ends well before the right edge (East Midlands, last
 * published for 2022) is labelled where it ends, on a halo so that it
 * reads over the grid. */
static void
draw_label_at_end (Ctx                    *ctx,
                   const WmKpiChartLayout *p,
                   const EndLabel         *label)
{
  cairo_t *cr = ctx->cr;
  double w, h, x, y;

  ctx_text (ctx, label->text, label->bold ? ctx->bold : ctx->small, 0, 0);
  ctx_size (ctx, &w, &h);
  x = label->x + 0.6 * ctx->unit;
  if (x + w > p->x + p->width)
    x = label->x - 0.6 * ctx->unit - w;
  y = label->y - h - 0.2 * ctx->unit;
  if (y < p->y)
    y = label->y + 0.3 * ctx->unit;
  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, ctx->layout);
  set_colour (cr, &ctx->style->background);
  cairo_set_line_width (cr, 3);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  ctx_show (ctx, x, y, ALIGN_LEFT, &label->colour);
}

/* Labels of the lines that reach the right edge keep to their lines'
 * heights in the margin but never overlap: pushed down in order, then
 * back up from the bottom. */
static void
draw_end_labels (Ctx          *ctx,
                 const Layout *l,
                 GArray       *labels)
{
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;
  double line = ctx->unit * 1.3;
  double x = p->x + p->width + 0.5 * ctx->unit;
  g_autoptr(GArray) margin = g_array_new (FALSE, FALSE, sizeof (EndLabel));
  double *ys;
  guint n;

  g_array_sort (labels, compare_end_labels);
  for (guint i = 0; i < labels->len; i++)
    {
      EndLabel *label = &g_array_index (labels, EndLabel, i);

      if (p->x + p->width - label->x > 0.12 * p->width)
        draw_label_at_end (ctx, p, label);
      else
        g_array_append_val (margin, *label);
    }
  n = margin->len;
  if (n == 0)
    return;
  ys = g_newa (double, n);
  for (guint i = 0; i < n; i++)
    {
      ys[i] = g_array_index (margin, EndLabel, i).y - line / 2;
      if (i > 0 && ys[i] < ys[i - 1] + line)
        ys[i] = ys[i - 1] + line;
    }
  for (guint i = n; i > 0; i--)
    {
      double limit = i == n ? p->y + p->height + ctx->unit - line : ys[i] - line;
      if (ys[i - 1] > limit)
        ys[i - 1] = limit;
    }
  for (guint i = 0; i < n; i++)
    {
      EndLabel *label = &g_array_index (margin, EndLabel, i);

      /* a short leader from the line's end to its label */
      set_colour_alpha (cr, &label->colour, 0.6);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, MAX (label->x + 4, p->x + p->width - 0.3 * ctx->unit), label->y);
      cairo_line_to (cr, x - 2, ys[i] + line / 2);
      cairo_stroke (cr);
      ctx_text (ctx, label->text, label->bold ? ctx->bold : ctx->small,
                l->right_width - 0.6 * ctx->unit, 1);
      ctx_show (ctx, x, ys[i] + (line - ctx->unit * 1.2) / 2, ALIGN_LEFT, &label->colour);
    }
}

static const WmKpiPoint *
last_valued (const WmKpiPoint *points,
             guint             first,
             guint             last)
{
  for (guint i = last; i > first; i--)
    if (!isnan (points[i - 1].value))
      return &points[i - 1];
  return NULL;
}

static char *
end_text (const WmKpiSeries *series,
          const char        *name,
          const WmKpiPoint  *p)
{
  g_autofree char *value = wm_kpi_format_value (series->unit, p->value);
  return g_strdup_printf ("%s %s", name, value);
}

/* ---------- the chart ---------- */

static void
draw_title (Ctx                  *ctx,
            const WmKpiSeries    *series,
            const WmKpiChartView *view,
            double                width)
{
  WmKpiStatus status;
  g_autofree char *heading = g_strdup_printf ("%s  %s", series->code, series->name);
  g_autofree char *sentence = wm_kpi_describe_rating (series);
  double u = ctx->unit, pill = 0, y = view->show_name ? 1.85 * u : 0;

  wm_kpi_series_status (series, &status);
  if (view->show_name)
    {
      ctx_text (ctx, heading, ctx->title, width, 1);
      ctx_show (ctx, 0, 0, ALIGN_LEFT, &ctx->style->foreground);
    }
  if (status.rating != WM_KPI_RATING_NONE)
    pill = draw_pill (ctx, status.rating, 0, y) + 0.6 * u;
  ctx_text (ctx, sentence, ctx->normal, width - pill, 1);
  ctx_show (ctx, pill, y + 1, ALIGN_LEFT, &ctx->style->foreground);
}

static void
draw_band_and_target (Ctx               *ctx,
                      const WmKpiSeries *series,
                      const Layout      *l,
                      WmKpiChartStats   *stats,
                      GArray            *labels)
{
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;
  WmColour green = wm_kpi_rating_colour (WM_KPI_RATING_GREEN, ctx->style);
  WmColour colour = target_colour (ctx->style);
  double tolerance, edge, y, y_edge;
  g_autofree char *value = NULL;

  if (!series->has_target || series->direction == WM_KPI_NO_DIRECTION)
    return;
  tolerance = series->tolerance_absolute ? series->tolerance
                                         : fabs (series->target) * series->tolerance / 100;
  edge = series->direction == WM_KPI_HIGHER_IS_BETTER ? series->target - tolerance
                                                      : series->target + tolerance;
  edge = CLAMP (edge, p->y_min, p->y_max);
  y = wm_kpi_chart_layout_y (p, series->target);
  y_edge = wm_kpi_chart_layout_y (p, edge);

  /* The band where a value still rates Green under the improving rule, or
   * Amber under the bands rule */
  set_colour_alpha (cr, series->rule == WM_KPI_RULE_BANDS
                        ? &(WmColour) { 0.90, 0.65, 0.04, 1 } : &green, 0.16);
  cairo_rectangle (cr, p->x, MIN (y, y_edge), p->width, fabs (y_edge - y));
  cairo_fill (cr);

  set_colour (cr, &colour);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, (double[]) { 8, 4 }, 2, 0);
  cairo_move_to (cr, p->x, round (y));
  cairo_line_to (cr, p->x + p->width, round (y));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (stats)
    {
      stats->target_y = round (y);
      stats->band_top = MIN (y, y_edge);
      stats->band_bottom = MAX (y, y_edge);
    }
  value = wm_kpi_format_value (series->unit, series->target);
  /* Translators: the target line's label, "Target 95%" */
  add_end_label (labels, p->x + p->width - 3, y, g_strdup_printf (_("Target %s"), value),
                 &colour, FALSE);
}

static void
draw_annotations (Ctx               *ctx,
                  const WmKpiSeries *series,
                  const Layout      *l,
                  WmKpiChartStats   *stats)
{
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;
  WmColour colour = ctx->style->foreground;
  double next_free[3] = { -INFINITY, -INFINITY, -INFINITY };

  colour.a *= 0.8;
  for (guint i = 0; i < series->annotations->len; i++)
    {
      const WmKpiAnnotation *a = &g_array_index (series->annotations, WmKpiAnnotation, i);
      double x = round (wm_kpi_chart_layout_x (p, a->day)) + 0.5;
      double w;
      guint row = 0;

      if (a->day < p->from || a->day > p->to)
        continue;
      set_colour_alpha (cr, &colour, 0.6);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 2, 3 }, 2, 0);
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      /* Labels in the strip over the plot, in rows so none overlaps */
      ctx_text (ctx, a->label, ctx->small, p->width * 0.45, 1);
      ctx_size (ctx, &w, NULL);
      while (row < 2 && next_free[row] > x)
        row++;
      {
        double lx = MIN (x + 3, p->x + p->width - w);
        ctx_show (ctx, lx, p->y - 1.45 * ctx->unit + row * 1.2 * ctx->unit
                           + (row > 0 ? 1.45 * ctx->unit : 0), ALIGN_LEFT, &colour);
        next_free[row] = lx + w + ctx->unit;
      }
      if (stats)
        stats->annotations_drawn++;
    }
}

static void
draw_benchmarks (Ctx               *ctx,
                 const WmKpiSeries *series,
                 const Layout      *l,
                 WmKpiChartStats   *stats,
                 GArray            *labels)
{
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;

  for (guint b = 0; b < series->benchmarks->len; b++)
    {
      const WmKpiBenchmark *benchmark = series->benchmarks->pdata[b];
      const WmKpiPoint *bp = (const WmKpiPoint *) benchmark->points->data;
      guint first = lower_bound (bp, benchmark->points->len, p->from);
      guint last = first;
      WmColour colour = benchmark_colour (b, ctx->style);
      g_autoptr(GArray) vertices = NULL;
      const WmKpiPoint *end;

      if (!l->drawn_benchmarks[b])
        continue;
      while (last < benchmark->points->len && bp[last].first_day < p->to)
        last++;
      vertices = decimate_range (bp, first, last, p);
      set_colour (cr, &colour);
      cairo_set_line_width (cr, 1.6);
      benchmark_dash (cr, b, ctx->unit);
      stroke_vertices (cr, p, vertices, 3);
      cairo_set_dash (cr, NULL, 0, 0);
      if (last - first <= p->width / 8)
        for (guint i = first; i < last; i++)
          if (!isnan (bp[i].value))
            marker (cr, wm_kpi_chart_layout_x (p, point_middle (&bp[i])),
                    wm_kpi_chart_layout_y (p, bp[i].value), 2.5, FALSE, &colour,
                    &ctx->style->background);
      end = last_valued (bp, first, last);
      if (end != NULL)
        add_end_label (labels, wm_kpi_chart_layout_x (p, point_middle (end)),
                       wm_kpi_chart_layout_y (p, end->value),
                       end_text (series, benchmark->name, end), &colour, FALSE);
      /* A point standing alone (East Midlands 2019, then nothing until
       * 2022) is named where it stands: no line leads to a label */
      if (last - first <= 12)
        for (guint i = first; i < last; i++)
          {
            gboolean joined_before = i > first && !isnan (bp[i - 1].value)
                                     && bp[i].first_day <= bp[i - 1].last_day + 1;
            gboolean joined_after = i + 1 < last && !isnan (bp[i + 1].value)
                                    && bp[i + 1].first_day <= bp[i].last_day + 1;
            EndLabel label;

            if (isnan (bp[i].value) || &bp[i] == end || joined_before || joined_after)
              continue;
            label = (EndLabel) { wm_kpi_chart_layout_y (p, bp[i].value),
                                 wm_kpi_chart_layout_x (p, point_middle (&bp[i])),
                                 end_text (series, benchmark->name, &bp[i]), colour, FALSE };
            draw_label_at_end (ctx, p, &label);
            g_free (label.text);
          }
      if (stats)
        stats->benchmarks_drawn++;
    }
}

static void
draw_own (Ctx                  *ctx,
          const WmKpiSeries    *series,
          const WmKpiChartView *view,
          const Layout         *l,
          WmKpiChartStats      *stats,
          GArray               *labels)
{
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  const WmColour *accent = &ctx->style->accent;
  guint n_range = l->last - l->first;
  gboolean markers = n_range <= p->width / 7;
  const WmKpiPoint *end;
  g_autoptr(GArray) vertices = NULL;

  if (stats)
    stats->points_in_range = n_range;

  if (series->chart == WM_KPI_CHART_BAR && markers)
    {
      double base = wm_kpi_chart_layout_y (p, 0);

      for (guint i = l->first; i < l->last; i++)
        {
          double x0 = wm_kpi_chart_layout_x (p, points[i].first_day);
          double x1 = wm_kpi_chart_layout_x (p, points[i].last_day + 1);
          double inset = (x1 - x0) * 0.15;
          double y;

          if (isnan (points[i].value))
            continue;
          y = wm_kpi_chart_layout_y (p, points[i].value);
          cairo_rectangle (cr, x0 + inset, y, x1 - x0 - 2 * inset, base - y);
          if (wm_kpi_point_is_illustrative (&points[i]))
            {
              set_colour_alpha (cr, accent, 0.25);
              cairo_fill_preserve (cr);
              set_colour (cr, accent);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
          else
            {
              set_colour (cr, accent);
              cairo_fill (cr);
            }
        }
      markers = FALSE;
    }
  else
    {
      vertices = decimate_series (series, l->first, l->last, p);
      set_colour (cr, accent);
      cairo_set_line_width (cr, 2.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      stroke_vertices (cr, p, vertices, 3.5);
      if (stats)
        stats->vertices = vertices->len;
    }

  if (markers)
    for (guint i = l->first; i < l->last; i++)
      {
        if (isnan (points[i].value))
          continue;
        marker (cr, wm_kpi_chart_layout_x (p, point_middle (&points[i])),
                wm_kpi_chart_layout_y (p, points[i].value), 3.5,
                wm_kpi_point_is_illustrative (&points[i]), accent, &ctx->style->background);
        if (stats)
          stats->markers++;
      }

  if (view->hover >= (int) l->first && view->hover < (int) l->last
      && !isnan (points[view->hover].value))
    {
      double x = wm_kpi_chart_layout_x (p, point_middle (&points[view->hover]));
      set_colour_alpha (cr, &ctx->style->foreground, 0.35);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, round (x) + 0.5, p->y);
      cairo_line_to (cr, round (x) + 0.5, p->y + p->height);
      cairo_stroke (cr);
      marker (cr, x, wm_kpi_chart_layout_y (p, points[view->hover].value), 6, TRUE, accent,
              &ctx->style->background);
    }

  end = last_valued (points, l->first, l->last);
  if (end != NULL)
    add_end_label (labels, wm_kpi_chart_layout_x (p, point_middle (end)),
                   wm_kpi_chart_layout_y (p, end->value),
                   end_text (series, view->own_label ? view->own_label : _("This area"), end),
                   accent, TRUE);
}

static void
draw_rolling (Ctx                  *ctx,
              const WmKpiSeries    *series,
              const WmKpiChartView *view,
              const Layout         *l,
              GArray               *labels)
{
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;
  const WmKpiPoint *points;
  WmColour colour = rolling_colour (ctx->style);
  g_autoptr(GArray) vertices = NULL;
  const WmKpiPoint *end;

  if (l->rolling == NULL)
    return;
  points = (const WmKpiPoint *) l->rolling->data;
  vertices = decimate_range (points, l->first, l->last, p);
  set_colour (cr, &colour);
  cairo_set_line_width (cr, 3);
  stroke_vertices (cr, p, vertices, 3);
  end = last_valued (points, l->first, l->last);
  if (end != NULL)
    {
      g_autofree char *value = wm_kpi_format_value (series->unit, end->value);
      /* Translators: "12-month average 3.8%": the rolling average's end */
      add_end_label (labels, wm_kpi_chart_layout_x (p, point_middle (end)),
                     wm_kpi_chart_layout_y (p, end->value),
                     g_strdup_printf (_("%u-month average %s"), view->rolling_months, value),
                     &colour, FALSE);
    }
}

static void
draw_baseline (Ctx               *ctx,
               const WmKpiSeries *series,
               const Layout      *l)
{
  cairo_t *cr = ctx->cr;
  const WmKpiChartLayout *p = &l->plot;
  double x, y, r = 0.45 * ctx->unit;
  g_autofree char *value = NULL;
  g_autofree char *label = NULL;

  if (!series->has_baseline)
    return;
  x = series->baseline_day ? wm_kpi_chart_layout_x (p, series->baseline_day) : p->x;
  if (x < p->x || x > p->x + p->width)
    return;
  y = wm_kpi_chart_layout_y (p, series->baseline);
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
  set_colour (cr, &ctx->style->background);
  cairo_fill_preserve (cr);
  set_colour (cr, &ctx->style->foreground);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  value = wm_kpi_format_value (series->unit, series->baseline);
  /* Translators: the baseline marker's label, "Baseline 43 weeks" */
  label = g_strdup_printf (_("Baseline %s"), value);
  ctx_text (ctx, label, ctx->small, 0, 0);
  {
    double w;
    ctx_size (ctx, &w, NULL);
    ctx_show (ctx, x + r + 3 + w > p->x + p->width ? x - r - 3 - w : x + r + 3,
              y - 1.4 * ctx->unit, ALIGN_LEFT, &ctx->style->foreground);
  }
}

static gboolean
any_illustrative (const WmKpiSeries *series,
                  const Layout      *l)
{
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;

  /* a million points are not searched for a footnote */
  if (l->last - l->first > 5000)
    return FALSE;
  for (guint i = l->first; i < l->last; i++)
    if (wm_kpi_point_is_illustrative (&points[i]) && !isnan (points[i].value))
      return TRUE;
  return FALSE;
}

/* One legend entry: a swatch (line, dashed line, band, dot, diamond) and words */
typedef enum
{
  KEY_LINE,
  KEY_DASHED,
  KEY_BAND,
  KEY_HOLLOW,
  KEY_DIAMOND,
} KeyKind;

static double
draw_key (Ctx            *ctx,
          KeyKind         kind,
          const WmColour *colour,
          const char     *text,
          double          x,
          double          y)
{
  cairo_t *cr = ctx->cr;
  double u = ctx->unit, mid = y + 0.6 * u, w;

  switch (kind)
    {
    case KEY_LINE:
    case KEY_DASHED:
      set_colour (cr, colour);
      cairo_set_line_width (cr, kind == KEY_LINE ? 2.5 : 2);
      if (kind == KEY_DASHED)
        cairo_set_dash (cr, (double[]) { 5, 3 }, 2, 0);
      cairo_move_to (cr, x, mid);
      cairo_line_to (cr, x + 1.6 * u, mid);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    case KEY_BAND:
      set_colour_alpha (cr, colour, 0.3);
      cairo_rectangle (cr, x, y + 0.1 * u, 1.6 * u, u);
      cairo_fill (cr);
      break;
    case KEY_HOLLOW:
      marker (cr, x + 0.8 * u, mid, 3.5, TRUE, colour, &ctx->style->background);
      break;
    case KEY_DIAMOND:
      cairo_move_to (cr, x + 0.8 * u, mid - 0.45 * u);
      cairo_line_to (cr, x + 1.25 * u, mid);
      cairo_line_to (cr, x + 0.8 * u, mid + 0.45 * u);
      cairo_line_to (cr, x + 0.35 * u, mid);
      cairo_close_path (cr);
      set_colour (cr, colour);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      break;
    default:
      break;
    }
  ctx_text (ctx, text, ctx->small, 0, 0);
  ctx_size (ctx, &w, NULL);
  ctx_show (ctx, x + 2.0 * u, y, ALIGN_LEFT, &ctx->style->foreground);
  return x + 2.0 * u + w + 1.4 * u;
}

static void
draw_legend (Ctx                  *ctx,
             const WmKpiSeries    *series,
             const WmKpiChartView *view,
             const Layout         *l)
{
  double u = ctx->unit, x = l->plot.x, y = l->legend_y;
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  WmColour muted = ctx->style->foreground;

  muted.a *= 0.75;
  x = draw_key (ctx, KEY_LINE, &ctx->style->accent,
                view->own_label ? view->own_label : _("This area"), x, y);
  if (l->rolling)
    {
      WmColour colour = rolling_colour (ctx->style);
      g_autofree char *text = g_strdup_printf (_("%u-month rolling average"),
                                               view->rolling_months);
      x = draw_key (ctx, KEY_LINE, &colour, text, x, y);
    }
  if (series->has_target && series->direction != WM_KPI_NO_DIRECTION)
    {
      WmColour colour = target_colour (ctx->style);
      WmColour band = series->rule == WM_KPI_RULE_BANDS
                      ? (WmColour) { 0.90, 0.65, 0.04, 1 }
                      : wm_kpi_rating_colour (WM_KPI_RATING_GREEN, ctx->style);
      g_autofree char *target = wm_kpi_describe_target (series);
      g_autofree char *text = g_strdup_printf (_("Target: %s"), target);
      g_autofree char *tolerance = series->tolerance_absolute
        ? wm_kpi_format_value (series->unit, series->tolerance)
        : wm_kpi_format_value (WM_KPI_UNIT_PERCENT, series->tolerance);
      g_autofree char *band_text = g_strdup_printf (series->rule == WM_KPI_RULE_BANDS
                                                    ? _("Within %s of target: Amber")
                                                    : _("Within %s of target: Green"),
                                                    tolerance);
      x = draw_key (ctx, KEY_DASHED, &colour, text, x, y);
      x = draw_key (ctx, KEY_BAND, &band, band_text, x, y);
    }
  if (series->has_baseline)
    x = draw_key (ctx, KEY_DIAMOND, &ctx->style->foreground, _("Baseline"), x, y);
  if (any_illustrative (series, l))
    x = draw_key (ctx, KEY_HOLLOW, &ctx->style->accent,
                  _("Illustrative value, not a published figure"), x, y);

  /* Sources, and benchmarks left out for their scale */
  if (series->source)
    g_string_append_printf (note, _("KPI: %s."), series->source);
  for (guint b = 0; b < series->benchmarks->len; b++)
    {
      const WmKpiBenchmark *benchmark = series->benchmarks->pdata[b];
      gboolean seen = FALSE;

      for (guint i = 0; i < sources->len; i++)
        seen |= g_strcmp0 (sources->pdata[i], benchmark->source) == 0;
      if (benchmark->source && !seen)
        g_ptr_array_add (sources, (gpointer) benchmark->source);
      if (!l->drawn_benchmarks[b])
        {
          const WmKpiPoint *end = last_valued ((const WmKpiPoint *) benchmark->points->data, 0,
                                               benchmark->points->len);
          if (end)
            {
              g_autofree char *value = wm_kpi_format_value (series->unit, end->value);
              g_autofree char *period = wm_period_label (&end->period);
              g_string_append_printf (note, _(" %s (%s in %s) is on another scale and is not "
                                              "drawn."), benchmark->name, value, period);
            }
        }
    }
  for (guint i = 0; i < sources->len; i++)
    g_string_append_printf (note, i == 0 ? _(" Benchmarks: %s") : "; %s",
                            (char *) sources->pdata[i]);
  if (sources->len > 0)
    g_string_append_c (note, '.');
  if (note->len > 0)
    {
      ctx_text (ctx, g_strstrip (note->str), ctx->small, view->width - l->plot.x, 3);
      ctx_show (ctx, l->plot.x, y + 1.7 * u, ALIGN_LEFT, &muted);
    }
}

/**
 * wm_kpi_chart_render:
 * @cr: any cairo context; the chart fills (0, 0, view->width, view->height)
 * @series: the KPI
 * @view: what to show
 * @style: colours and font
 *
 * Draws nothing behind the chart: the caller paints the background.
 */
void
wm_kpi_chart_render (cairo_t              *cr,
                     const WmKpiSeries    *series,
                     const WmKpiChartView *view,
                     const WmRenderStyle  *style)
{
  Ctx ctx;
  Layout l;
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (EndLabel));
  WmKpiChartStats *stats = view->stats;

  g_return_if_fail (cr != NULL && series != NULL && view != NULL && style != NULL);

  if (stats)
    *stats = (WmKpiChartStats) { .target_y = -1, .band_top = -1, .band_bottom = -1 };
  g_array_set_clear_func (labels, end_label_clear);
  cairo_save (cr);
  ctx_init (&ctx, cr, style);
  compute_layout (&ctx, series, view, &l);

  if (view->show_title)
    draw_title (&ctx, series, view, view->width);
  if (!view->axes_only)
    draw_band_and_target (&ctx, series, &l, stats, labels);
  draw_y_axis (&ctx, &l, series);
  draw_x_axis (&ctx, &l);
  if (!view->axes_only)
    {
      draw_annotations (&ctx, series, &l, stats);
      draw_benchmarks (&ctx, series, &l, stats, labels);
      draw_rolling (&ctx, series, view, &l, labels);
      draw_own (&ctx, series, view, &l, stats, labels);
      draw_baseline (&ctx, series, &l);
      draw_end_labels (&ctx, &l, labels);
      if (!l.any_value)
        draw_text (&ctx, _("No values in these dates"), ctx.normal,
                   l.plot.x + l.plot.width / 2, l.plot.y + l.plot.height / 2 - ctx.unit,
                   ALIGN_CENTRE, &style->foreground);
      if (stats)
        for (guint b = 0; b < series->benchmarks->len; b++)
          {
            const WmKpiBenchmark *benchmark = series->benchmarks->pdata[b];
            if (!l.drawn_benchmarks[b] && benchmark->points->len > 0)
              stats->benchmarks_listed++;
          }
    }
  if (view->show_legend)
    draw_legend (&ctx, series, view, &l);

  layout_clear (&l);
  ctx_clear (&ctx);
  cairo_restore (cr);
}

/* ---------- sparkline and card ---------- */

void
wm_kpi_sparkline_render (cairo_t             *cr,
                         const WmKpiSeries   *series,
                         double               x,
                         double               y,
                         double               width,
                         double               height,
                         const WmRenderStyle *style)
{
  const WmKpiPoint *points = (const WmKpiPoint *) series->points->data;
  guint n = series->points->len;
  WmKpiChartLayout p = { x + 3, y + 3, width - 6, height - 6, 0, 0, 0, 0, 0 };
  WmKpiStatus status;
  const WmKpiPoint *end;
  g_autoptr(GArray) vertices = NULL;
  guint first;
  double max = -INFINITY, min = INFINITY;

  wm_kpi_series_status (series, &status);
  if (status.latest < 0)
    return;
  /* The last three years: the trend a board asks about */
  end = &points[status.latest];
  p.to = end->last_day + 1;
  p.from = p.to > 3 * 366 ? p.to - 3 * 366 : 1;
  first = lower_bound (points, n, p.from);
  for (guint i = first; i < n; i++)
    if (!isnan (points[i].value))
      {
        max = MAX (max, points[i].value);
        min = MIN (min, points[i].value);
        p.from = MIN (p.from, points[i].first_day);
      }
  for (guint i = first; i < n; i++)
    if (!isnan (points[i].value))
      {
        p.from = points[i].first_day;
        break;
      }
  if (series->has_target)
    {
      max = MAX (max, series->target);
      min = MIN (min, series->target);
    }
  p.y_min = MIN (0, min);
  p.y_max = max > p.y_min ? max * 1.05 : p.y_min + 1;

  cairo_save (cr);
  if (series->has_target && series->direction != WM_KPI_NO_DIRECTION)
    {
      WmColour colour = target_colour (style);
      double ty = round (wm_kpi_chart_layout_y (&p, series->target)) + 0.5;
      set_colour_alpha (cr, &colour, 0.7);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
      cairo_move_to (cr, p.x, ty);
      cairo_line_to (cr, p.x + p.width, ty);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  vertices = decimate_range (points, first, n, &p);
  set_colour (cr, &style->accent);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  stroke_vertices (cr, &p, vertices, 2);
  {
    WmColour colour = status.rating >= WM_KPI_RATING_GREEN
                      ? wm_kpi_rating_colour (status.rating, style) : style->accent;
    marker (cr, wm_kpi_chart_layout_x (&p, point_middle (end)),
            wm_kpi_chart_layout_y (&p, end->value), 3.5, FALSE, &colour, &style->background);
  }
  cairo_restore (cr);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* ▲ or ▼ for the way the value moved, coloured for better or worse */
static void
draw_arrow (cairo_t             *cr,
            const WmKpiSeries   *series,
            WmKpiTravel          travel,
            double               x,
            double               y,
            double               size,
            const WmRenderStyle *style)
{
  gboolean up;
  WmColour colour;

  switch (travel)
    {
    case WM_KPI_TRAVEL_BETTER:
      up = series->direction != WM_KPI_LOWER_IS_BETTER;
      colour = wm_kpi_rating_colour (WM_KPI_RATING_GREEN, style);
      if (!style->dark)
        colour = (WmColour) { 0.10, 0.52, 0.30, 1 };
      break;
    case WM_KPI_TRAVEL_WORSE:
      up = series->direction == WM_KPI_LOWER_IS_BETTER;
      colour = wm_kpi_rating_colour (WM_KPI_RATING_RED, style);
      if (style->dark)
        colour = (WmColour) { 1.0, 0.48, 0.46, 1 };
      break;
    case WM_KPI_TRAVEL_RISING:
    case WM_KPI_TRAVEL_FALLING:
      up = travel == WM_KPI_TRAVEL_RISING;
      colour = style->foreground;
      break;
    case WM_KPI_TRAVEL_SAME:
      colour = style->foreground;
      cairo_move_to (cr, x, y - size * 0.35);
      cairo_line_to (cr, x + size, y);
      cairo_line_to (cr, x, y + size * 0.35);
      cairo_close_path (cr);
      set_colour (cr, &colour);
      cairo_fill (cr);
      return;
    case WM_KPI_TRAVEL_UNKNOWN:
    default:
      return;
    }
  if (up)
    {
      cairo_move_to (cr, x, y + size / 2);
      cairo_line_to (cr, x + size / 2, y - size / 2);
      cairo_line_to (cr, x + size, y + size / 2);
    }
  else
    {
      cairo_move_to (cr, x, y - size / 2);
      cairo_line_to (cr, x + size / 2, y + size / 2);
      cairo_line_to (cr, x + size, y - size / 2);
    }
  cairo_close_path (cr);
  set_colour (cr, &colour);
  cairo_fill (cr);
}

/**
 * wm_kpi_card_render:
 *
 * A dashboard card: the rating's colour down the left edge and named at
 * the top right, the KPI's code and name, the latest value large with its
 * period and direction of travel, the target, a sparkline, and for a Red
 * KPI its corrective action.
 */
void
wm_kpi_card_render (cairo_t             *cr,
                    const WmKpiSeries   *series,
                    double               x,
                    double               y,
                    double               width,
                    double               height,
                    const WmRenderStyle *style)
{
  Ctx ctx;
  WmKpiStatus status;
  WmColour rating = { 0 };
  WmColour muted = style->foreground;
  const WmKpiPoint *latest;
  double u, pad, cx, cy, pill_w, value_w, text_w;
  g_autofree char *heading = NULL;
  g_autofree char *target = NULL;
  g_autofree char *target_line = NULL;

  wm_kpi_series_status (series, &status);
  latest = point_at (series, status.latest);
  rating = wm_kpi_rating_colour (status.rating, style);
  muted.a *= 0.72;

  cairo_save (cr);
  ctx_init (&ctx, cr, style);
  u = ctx.unit;
  pad = 0.9 * u;

  /* the card, and the rating down its left edge */
  rounded_rectangle (cr, x + 0.5, y + 0.5, width - 1, height - 1, 0.6 * u);
  set_colour (cr, &style->background);
  cairo_fill_preserve (cr);
  set_colour_alpha (cr, &style->foreground, 0.18);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_save (cr);
  rounded_rectangle (cr, x + 0.5, y + 0.5, width - 1, height - 1, 0.6 * u);
  cairo_clip (cr);
  set_colour (cr, &rating);
  cairo_rectangle (cr, x, y, 0.45 * u, height);
  cairo_fill (cr);
  cairo_restore (cr);

  cx = x + pad + 0.3 * u;
  cy = y + pad * 0.8;
  text_w = width - (cx - x) - pad;

  /* the rating, named: colour is never the only sign */
  ctx_text (&ctx, wm_kpi_rating_label (status.rating), ctx.bold, 0, 0);
  ctx_size (&ctx, &pill_w, NULL);
  pill_w += u;
  draw_pill (&ctx, status.rating, x + width - pad - pill_w, cy);

  heading = g_strdup_printf ("%s  %s", series->code, series->name);
  ctx_text (&ctx, heading, ctx.bold, text_w - pill_w - 0.5 * u, 2);
  cy += ctx_show (&ctx, cx, cy, ALIGN_LEFT, &style->foreground) + 0.3 * u;
  cy = MAX (cy, y + pad * 0.8 + 2.7 * u);

  if (latest != NULL)
    {
      g_autofree char *value = wm_kpi_format_value (series->unit, latest->value);
      g_autofree char *period = wm_period_label (&latest->period);
      double h;

      ctx_text (&ctx, value, ctx.big, 0, 0);
      ctx_size (&ctx, &value_w, &h);
      ctx_show (&ctx, cx, cy, ALIGN_LEFT, &style->foreground);
      draw_arrow (cr, series, status.travel, cx + value_w + 0.6 * u, cy + h * 0.5, 1.1 * u,
                  style);
      ctx_text (&ctx, wm_kpi_travel_label (series, status.travel), ctx.small, 0, 0);
      ctx_show (&ctx, cx + value_w + (status.travel == WM_KPI_TRAVEL_UNKNOWN ? 0.8 : 2.0) * u,
                cy + h * 0.5 - 0.6 * u, ALIGN_LEFT, &muted);
      cy += h;
      ctx_text (&ctx, period, ctx.small, text_w, 1);
      cy += ctx_show (&ctx, cx, cy, ALIGN_LEFT, &muted);
    }
  else
    {
      ctx_text (&ctx, _("No values yet"), ctx.normal, text_w, 1);
      cy += ctx_show (&ctx, cx, cy + 0.6 * u, ALIGN_LEFT, &muted) + 1.6 * u;
    }

  target = wm_kpi_describe_target (series);
  target_line = series->has_target ? g_strdup_printf (_("Target %s"), target)
                                   : g_strdup (series->direction == WM_KPI_NO_DIRECTION
                                               ? _("Context measure: no target")
                                               : _("No target"));
  ctx_text (&ctx, target_line, ctx.small, text_w, 1);
  cy += ctx_show (&ctx, cx, cy, ALIGN_LEFT, &muted) + 0.3 * u;

  /* a Red KPI says what is being done about it */
  if (status.rating == WM_KPI_RATING_RED && series->corrective_action != NULL)
    {
      g_autofree char *action = g_strdup_printf (_("Action: %s"), series->corrective_action);
      double h;
      ctx_text (&ctx, action, ctx.small, text_w, 2);
      ctx_size (&ctx, NULL, &h);
      ctx_show (&ctx, cx, y + height - pad * 0.7 - h, ALIGN_LEFT, &style->foreground);
      wm_kpi_sparkline_render (cr, series, cx, cy, text_w,
                               MAX (u, y + height - pad * 0.7 - h - cy - 0.3 * u), style);
    }
  else
    wm_kpi_sparkline_render (cr, series, cx, cy, text_w, MAX (u, y + height - pad * 0.6 - cy),
                             style);

  ctx_clear (&ctx);
  cairo_restore (cr);
}

/* ---------- the dashboard page ---------- */

#define CARD_WIDTH  320.0
#define CARD_HEIGHT 190.0
#define CARD_GAP    14.0
#define HEADER      64.0

static guint
columns_for (double width)
{
  return MAX (1, (guint) ((width + CARD_GAP) / (CARD_WIDTH + CARD_GAP)));
}

guint
wm_kpi_dashboard_cards_per_page (double width,
                                 double height)
{
  guint rows = MAX (1, (guint) ((height - HEADER + CARD_GAP) / (CARD_HEIGHT + CARD_GAP)));
  return columns_for (width) * rows;
}

/**
 * wm_kpi_dashboard_render:
 * @cr: any cairo context
 * @series: (element-type WmKpiSeries): the KPIs, in the plan's order
 * @first: the first KPI on this page
 * @width: the page's width
 * @height: the page's height
 * @title: (nullable): the heading: the plan
 * @subtitle: (nullable): "KPI dashboard, 22 November 2026"
 * @style: colours and font
 *
 * As many cards as fit, from @first; wm_kpi_dashboard_cards_per_page()
 * says how many.  The cards stretch to fill the width.
 */
void
wm_kpi_dashboard_render (cairo_t             *cr,
                         GPtrArray           *series,
                         guint                first,
                         double               width,
                         double               height,
                         const char          *title,
                         const char          *subtitle,
                         const WmRenderStyle *style)
{
  guint columns = columns_for (width);
  guint per_page = wm_kpi_dashboard_cards_per_page (width, height);
  double card_w = (width - (columns - 1) * CARD_GAP) / columns;
  Ctx ctx;

  cairo_save (cr);
  ctx_init (&ctx, cr, style);
  if (title)
    {
      ctx_text (&ctx, title, ctx.title, width, 1);
      ctx_show (&ctx, 0, 0, ALIGN_LEFT, &style->foreground);
    }
  if (subtitle)
    {
      WmColour muted = style->foreground;
      muted.a *= 0.72;
      ctx_text (&ctx, subtitle, ctx.normal, width, 1);
      ctx_show (&ctx, 0, 1.9 * ctx.unit, ALIGN_LEFT, &muted);
    }
  ctx_clear (&ctx);

  for (guint i = first; i < series->len && i < first + per_page; i++)
    {
      guint slot = i - first;
      double x = (slot % columns) * (card_w + CARD_GAP);
      double y = HEADER + (slot / columns) * (CARD_HEIGHT + CARD_GAP);

      wm_kpi_card_render (cr, series->pdata[i], x, y, card_w, CARD_HEIGHT, style);
    }
  cairo_restore (cr);
}
