/* wm-gantt-render.c: drawing the plan's Gantt
 *
 * Layers, back to front: background, weekends, time grid, priority bands,
 * key-date lines, baseline bars, stage bars, their labels, due ticks and
 * milestones, dependency arrows, the today line, the outline column, the
 * header (phases, time axis, plan milestones, key-date labels) and the
 * legend.  Everything per row is drawn for the rows the view shows only;
 * everything per plan (phases, milestones MS3…MS12, key dates) is a
 * handful of items.
 *
 * Stage labels never overlap: a label goes inside its bar when it fits
 * there, else beside the bar when the row is free up to the next bar,
 * else inside, ellipsized (the window shows the whole text as a tooltip);
 * milestones and due ticks are obstacles that labels keep clear of.
 */
#define G_LOG_DOMAIN "wm-render"

#include "wm-gantt-render.h"
#include "wm-render-error.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

static const char *const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* ---- colours ---------------------------------------------------------- */

static WmColour
mix (WmColour a,
     WmColour b,
     double   t)
{
  return (WmColour) {
    a.r + (b.r - a.r) * t,
    a.g + (b.g - a.g) * t,
    a.b + (b.b - a.b) * t,
    a.a + (b.a - a.a) * t,
  };
}

static WmColour
with_alpha (WmColour c,
            double   alpha)
{
  c.a *= alpha;
  return c;
}

/* @c composed over @background once, here, rather than by pixman for
 * every pixel: an opaque colour fills by the fast path. */
static WmColour
solid (WmColour background,
       WmColour c)
{
  WmColour mixed = mix (background, c, c.a);

  mixed.a = 1.0;
  return mixed;
}

static void
set_colour (cairo_t  *cr,
            WmColour  c)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, c.a);
}

static double
channel_luminance (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (WmColour c)
{
  return 0.2126 * channel_luminance (c.r) + 0.7152 * channel_luminance (c.g)
         + 0.0722 * channel_luminance (c.b);
}

static double
contrast (WmColour a,
          WmColour b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* ---- layout ----------------------------------------------------------- */

double
wm_gantt_zoom_pixels_per_day (WmGanttZoom zoom)
{
  switch (zoom)
    {
    case WM_GANTT_ZOOM_MONTH:
      return 4.0;    /* a month is about 120 pixels */
    case WM_GANTT_ZOOM_QUARTER:
      return 1.3;    /* eighteen months fit an A4 page beside the outline */
    case WM_GANTT_ZOOM_YEAR:
    default:
      return 0.45;
    }
}

/**
 * wm_gantt_view_init:
 *
 * A view of the whole plan from the start of its overview's first month,
 * scrolled to the top, with the rows that fit drawn.
 */
void
wm_gantt_view_init (WmGanttView        *view,
                    const WmGanttModel *model,
                    double              width,
                    double              height,
                    WmGanttZoom         zoom)
{
  GDate date;

  g_return_if_fail (view != NULL);
  g_return_if_fail (model != NULL);

  memset (view, 0, sizeof *view);
  view->width = width;
  view->height = height;
  view->zoom = zoom;
  view->pixels_per_day = wm_gantt_zoom_pixels_per_day (zoom);
  view->n_rows = -1;
  view->selected_row = -1;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, model->overview_first);
  g_date_set_day (&date, 1);
  view->first_day = g_date_get_julian (&date);
}

void
wm_gantt_layout_init (WmGanttLayout       *layout,
                      const WmGanttModel  *model,
                      const WmGanttView   *view,
                      const WmRenderStyle *style)
{
  double unit;
  double y = 0;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (model != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (style != NULL);

  /* Pango's default resolution for cairo is 96 dpi: 9 pt is 12 pixels. */
  unit = round (style->font_size * 96.0 / 72.0);
  layout->unit = unit;
  layout->row_height = round (unit * 2.6);
  layout->bar_height = round (unit * 1.5);
  layout->baseline_height = MAX (3.0, round (unit * 0.33));
  if (view->show_baseline)
    {
      double used = layout->bar_height + 2 + layout->baseline_height;
      layout->bar_offset = floor ((layout->row_height - used) / 2);
      layout->baseline_offset = layout->bar_offset + layout->bar_height + 2;
    }
  else
    {
      layout->bar_offset = floor ((layout->row_height - layout->bar_height) / 2);
      layout->baseline_offset = layout->bar_offset + layout->bar_height;
    }

  layout->phase_y = y;
  layout->phase_height = model->n_phases > 0 ? round (unit * 1.75) : 0;
  y += layout->phase_height;
  layout->axis_y = y;
  layout->axis_height = 2 * round (unit * 1.5);
  y += layout->axis_height;
  layout->milestone_y = y;
  layout->milestone_height = round (unit * 1.75);
  y += layout->milestone_height;
  layout->key_date_y = y;
  layout->n_key_date_lanes = model->n_key_dates > 0 ? 2 : 0;
  layout->key_date_height = layout->n_key_date_lanes * round (unit * 1.45);
  y += layout->key_date_height;
  layout->header_height = y + 1;

  layout->outline_width = 0;
  if (view->show_outline)
    layout->outline_width = view->outline_width > 0 ? view->outline_width : round (unit * 27);
  layout->timeline_x = layout->outline_width;
  layout->width = view->width;
  layout->height = view->height;
  layout->legend_height = view->show_legend ? round (unit * 2.4) : 0;
  layout->rows_bottom = MAX (layout->header_height, view->height - layout->legend_height);
  layout->first_day = view->first_day;
  layout->pixels_per_day = view->pixels_per_day > 0 ? view->pixels_per_day
                           : wm_gantt_zoom_pixels_per_day (view->zoom);
  layout->scroll_y = view->scroll_y;
  layout->disclosure_width = view->show_disclosure && view->show_outline ? round (unit * 1.5) : 0;
  /* ~6 pixels at the usual font: easy to catch without a fine hand */
  layout->grip = MAX (6.0, round (unit * 0.5));
  layout->row_of_slot = view->row_of_slot;
  layout->slot_of_row = view->slot_of_row;
  layout->n_slots = view->n_slots;
}

/* How many rows show: all the model's unless priorities are collapsed */
int
wm_gantt_layout_n_slots (const WmGanttLayout *layout,
                         const WmGanttModel  *model)
{
  return layout->row_of_slot ? layout->n_slots : (int) model->n_rows;
}

/* Where @row shows, counting the shown rows from the top; -1: hidden */
int
wm_gantt_layout_slot_of_row (const WmGanttLayout *layout,
                             int                  row)
{
  return layout->slot_of_row ? layout->slot_of_row[row] : row;
}

static int
row_of_slot (const WmGanttLayout *layout,
             int                  slot)
{
  return layout->row_of_slot ? layout->row_of_slot[slot] : slot;
}

/**
 * wm_gantt_map_rows:
 * @collapsed: priority ids (strings) whose actions are hidden; nullable
 * @row_of_slot: (out caller-allocates): model->n_rows ints
 * @slot_of_row: (out caller-allocates): model->n_rows ints
 *
 * The rows a view shows when some priorities are collapsed: a priority's
 * header always shows, its actions only while it is expanded.  Built
 * once per collapse or expand, so a frame still reads only the rows it
 * draws.
 *
 * Returns: how many rows show
 */
int
wm_gantt_map_rows (const WmGanttModel *model,
                   GHashTable         *collapsed,
                   int                *row_of_slot,
                   int                *slot_of_row)
{
  int n = 0;
  gboolean hiding = FALSE;

  for (guint i = 0; i < model->n_rows; i++)
    {
      const WmGanttRow *row = &model->rows[i];

      if (row->kind == WM_GANTT_ROW_PRIORITY)
        hiding = collapsed != NULL && g_hash_table_contains (collapsed, row->id);
      else if (row->priority_row < 0)
        hiding = FALSE;
      if (row->kind == WM_GANTT_ROW_ACTION && hiding)
        {
          slot_of_row[i] = -1;
          continue;
        }
      slot_of_row[i] = n;
      row_of_slot[n++] = (int) i;
    }
  return n;
}

/**
 * wm_gantt_snap_day:
 *
 * The day a dragged date settles on: the nearest day at month zoom, where
 * a day is 4 pixels; the nearest Monday when zoomed out, where a day is
 * too narrow to aim at.  For an end date (inclusive) snap the day after
 * it and take one off, so that a stage ends on a Sunday.
 */
guint32
wm_gantt_snap_day (guint32     day,
                   WmGanttZoom zoom)
{
  guint offset;

  if (zoom == WM_GANTT_ZOOM_MONTH || day < 1)
    return day;
  /* Julian day 1, 1 January of year 1, was a Monday */
  offset = (day - 1) % 7;
  return offset <= 3 ? day - offset : day + 7 - offset;
}

double
wm_gantt_layout_x_of_day (const WmGanttLayout *layout,
                          double               day)
{
  return layout->timeline_x + (day - (double) layout->first_day) * layout->pixels_per_day;
}

double
wm_gantt_layout_day_at_x (const WmGanttLayout *layout,
                          double               x)
{
  return (double) layout->first_day + (x - layout->timeline_x) / layout->pixels_per_day;
}

/* The top of @row; rows scroll under the header. */
double
wm_gantt_layout_y_of_row (const WmGanttLayout *layout,
                          int                  row)
{
  int slot = wm_gantt_layout_slot_of_row (layout, row);

  if (slot < 0)
    return -1e6;  /* hidden: far above anything drawn */
  return layout->header_height + slot * layout->row_height - layout->scroll_y;
}

int
wm_gantt_layout_row_at_y (const WmGanttLayout *layout,
                          const WmGanttModel  *model,
                          double               y)
{
  double row;

  if (y < layout->header_height || y >= layout->rows_bottom)
    return -1;
  row = floor ((y - layout->header_height + layout->scroll_y) / layout->row_height);
  if (row < 0 || row >= wm_gantt_layout_n_slots (layout, model))
    return -1;
  return row_of_slot (layout, (int) row);
}

static void
visible_slots (const WmGanttLayout *layout,
               const WmGanttModel  *model,
               int                 *first_slot,
               int                 *n)
{
  double top = MAX (0.0, layout->scroll_y);
  double bottom = layout->scroll_y + (layout->rows_bottom - layout->header_height);
  int n_slots = wm_gantt_layout_n_slots (layout, model);
  int first = (int) floor (top / layout->row_height);
  int last = (int) ceil (bottom / layout->row_height) - 1;

  first = CLAMP (first, 0, n_slots);
  last = MIN (last, n_slots - 1);
  *first_slot = first;
  *n = MAX (0, last - first + 1);
}

/* The model rows from the first shown to the last shown; with collapsed
 * priorities some rows between them are hidden. */
void
wm_gantt_layout_visible_rows (const WmGanttLayout *layout,
                              const WmGanttModel  *model,
                              int                 *first_row,
                              int                 *n_rows)
{
  int first, n;

  visible_slots (layout, model, &first, &n);
  if (n == 0)
    {
      *first_row = first;
      *n_rows = 0;
      return;
    }
  *first_row = row_of_slot (layout, first);
  *n_rows = row_of_slot (layout, first + n - 1) - *first_row + 1;
}

/* All rows stacked: what the window's vertical adjustment scrolls over. */
double
wm_gantt_layout_content_height (const WmGanttLayout *layout,
                                const WmGanttModel  *model)
{
  return wm_gantt_layout_n_slots (layout, model) * layout->row_height;
}

static void
stage_extent (const WmGanttLayout *layout,
              guint32              start,
              guint32              end,
              double              *x0,
              double              *x1)
{
  /* a bar covers its last day too */
  *x0 = round (wm_gantt_layout_x_of_day (layout, start));
  *x1 = round (wm_gantt_layout_x_of_day (layout, (double) end + 1));
  if (*x1 - *x0 < 2)
    *x1 = *x0 + 2;
}

void
wm_gantt_layout_hit (const WmGanttLayout *layout,
                     const WmGanttModel  *model,
                     double               x,
                     double               y,
                     WmGanttHit          *hit)
{
  double day = wm_gantt_layout_day_at_x (layout, x);
  double grip = layout->grip;
  const WmGanttRow *row;
  double top;

  hit->kind = WM_GANTT_HIT_NONE;
  hit->row = -1;
  hit->index = -1;
  hit->day = day > 0 ? (guint32) floor (day) : 0;

  if (y < layout->header_height)
    {
      hit->kind = WM_GANTT_HIT_HEADER;
      if (x < layout->timeline_x)
        return;
      if (y >= layout->milestone_y && y < layout->milestone_y + layout->milestone_height)
        for (guint i = 0; i < model->n_plan_milestones; i++)
          if (fabs (wm_gantt_layout_x_of_day (layout, model->plan_milestones[i].due + 1.0) - x)
              <= layout->unit * 0.6)
            {
              hit->kind = WM_GANTT_HIT_PLAN_MILESTONE;
              hit->index = (int) i;
              return;
            }
      if (y >= layout->key_date_y)
        for (guint i = 0; i < model->n_key_dates; i++)
          if (fabs (wm_gantt_layout_x_of_day (layout, model->key_dates[i].date + 0.5) - x) <= 3)
            {
              hit->kind = WM_GANTT_HIT_KEY_DATE;
              hit->index = (int) i;
              return;
            }
      return;
    }

  hit->row = wm_gantt_layout_row_at_y (layout, model, y);
  if (hit->row >= 0 && model->rows[hit->row].kind == WM_GANTT_ROW_PRIORITY
      && layout->disclosure_width > 0 && x < round (layout->unit * 0.6) + layout->disclosure_width)
    {
      hit->kind = WM_GANTT_HIT_DISCLOSURE;
      return;
    }
  if (hit->row < 0 || x < layout->timeline_x)
    {
      hit->kind = hit->row < 0 ? WM_GANTT_HIT_NONE : WM_GANTT_HIT_ROW;
      return;
    }
  hit->kind = WM_GANTT_HIT_ROW;
  row = &model->rows[hit->row];
  top = wm_gantt_layout_y_of_row (layout, hit->row);
  if (y < top + layout->bar_offset - 2 || y > top + layout->bar_offset + layout->bar_height + 2)
    return;

  /* A milestone's centre; then a bar's ends, just inside it, are grips
   * for dragging; then the rest of a milestone's diamond; then the bar's
   * body.  Between back-to-back bars both grips and a milestone meet. */
  for (guint m = row->first_milestone; m < row->first_milestone + row->n_milestones; m++)
    if (fabs (wm_gantt_layout_x_of_day (layout, model->milestones[m].due + 1.0) - x) <= 2.5)
      {
        hit->kind = WM_GANTT_HIT_MILESTONE;
        hit->index = (int) m;
        return;
      }
  for (guint s = row->first_stage; s < row->first_stage + row->n_stages; s++)
    {
      double x0, x1;

      stage_extent (layout, model->stages[s].start, model->stages[s].end, &x0, &x1);
      if (x1 - x0 < 3 * grip || x < x0 || x >= x1)
        continue;
      if (x < x0 + grip || x >= x1 - grip)
        {
          hit->kind = x < x0 + grip ? WM_GANTT_HIT_STAGE_START : WM_GANTT_HIT_STAGE_END;
          hit->index = (int) s;
          return;
        }
    }
  for (guint m = row->first_milestone; m < row->first_milestone + row->n_milestones; m++)
    if (fabs (wm_gantt_layout_x_of_day (layout, model->milestones[m].due + 1.0) - x)
        <= layout->bar_height * 0.45)
      {
        hit->kind = WM_GANTT_HIT_MILESTONE;
        hit->index = (int) m;
        return;
      }
  for (guint s = row->first_stage; s < row->first_stage + row->n_stages; s++)
    {
      double x0, x1;

      stage_extent (layout, model->stages[s].start, model->stages[s].end, &x0, &x1);
      if (x >= x0 && x < x1)
        {
          hit->kind = WM_GANTT_HIT_STAGE;
          hit->index = (int) s;
          return;
        }
    }
  /* An action with no stages is drawn as one bar of its own dates */
  if (row->kind == WM_GANTT_ROW_ACTION && row->n_stages == 0 && row->start && row->due)
    {
      double x0, x1;

      stage_extent (layout, row->start, MAX (row->start, row->due), &x0, &x1);
      if (x >= x0 && x < x1)
        {
          if (x1 - x0 >= 3 * grip && x < x0 + grip)
            hit->kind = WM_GANTT_HIT_ACTION_START;
          else if (x1 - x0 >= 3 * grip && x >= x1 - grip)
            hit->kind = WM_GANTT_HIT_ACTION_END;
          else
            hit->kind = WM_GANTT_HIT_ACTION;
        }
    }
}

/* ---- painting --------------------------------------------------------- */

/* ---- the text cache ---------------------------------------------------- */

/* text, bold, small, small bold, label */
#define N_FONTS 5
/* Plans repeat their stage labels ("Embed into daily operations"): a few
 * thousand distinct texts cover any window's scrolling. */
#define TEXT_CACHE_LIMIT 4096

struct _WmGanttTextCache
{
  PangoContext   *context;
  gulong          options_hash;
  cairo_matrix_t  matrix;
  char           *font_key;
  GHashTable   *texts[N_FONTS];   /* text → PangoLayout laid out in that font */
  guint         n_entries;
};

static void
text_cache_clear (WmGanttTextCache *cache)
{
  for (int i = 0; i < N_FONTS; i++)
    g_hash_table_remove_all (cache->texts[i]);
  cache->n_entries = 0;
}

/**
 * wm_gantt_text_cache_new:
 *
 * Shaped text kept between frames, for a widget that draws the Gantt again
 * on every scroll: laying text out is most of a frame's cost, and the
 * same labels come back frame after frame.  Give it to each frame through
 * the view's text_cache; it empties itself when the font, the style or
 * the surface's font options change.
 *
 * Returns: (transfer full): a new cache
 */
WmGanttTextCache *
wm_gantt_text_cache_new (void)
{
  WmGanttTextCache *cache = g_new0 (WmGanttTextCache, 1);

  for (int i = 0; i < N_FONTS; i++)
    cache->texts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return cache;
}

void
wm_gantt_text_cache_free (WmGanttTextCache *cache)
{
  if (cache == NULL)
    return;
  for (int i = 0; i < N_FONTS; i++)
    g_hash_table_unref (cache->texts[i]);
  g_clear_object (&cache->context);
  g_free (cache->font_key);
  g_free (cache);
}

typedef struct
{
  double x, y;
} Point;

/* A dependency's arrow, planned before the rows are drawn */
typedef struct
{
  const WmGanttDependency *dependency;
  Point                    points[6];
  guint                    n_points;
  double                   in;          /* +1: arrives moving right, at a start */
  char                     lag[16];
  double                   lag_x, lag_y, lag_width;
} Route;

/* More arrows than this in one view would be a tangle no one can read */
#define MAX_ROUTES 256

typedef struct
{
  cairo_t             *cr;
  const WmGanttModel  *model;
  const WmGanttView   *view;
  const WmRenderStyle *style;
  WmGanttLayout        layout;
  WmGanttRenderStats   stats;

  PangoLayout         *text;        /* the style's font */
  PangoLayout         *bold;
  PangoLayout         *small;       /* 0.82 of it: outline details, header, legend */
  PangoLayout         *small_bold;
  PangoLayout         *label;       /* stage labels: 0.9 */
  PangoLayout         *fonts[N_FONTS];  /* the five above */
  WmGanttTextCache    *cache;
  PangoLayout         *height_layouts[5];
  int                  line_heights[5];

  WmColour             fg, bg, grid, accent, red, muted;
  WmColour             header_bg, band, weekend, baseline;
  guint32              today;
  Route               *routes;
  guint                n_routes;
  double               left, right;     /* the timeline's visible x range */
  guint32              day_first, day_last;
} Painter;

static PangoLayout *
make_layout (cairo_t             *cr,
             PangoContext        *context,
             const WmRenderStyle *style,
             double               pixels,
             PangoWeight          weight)
{
  PangoLayout *layout = context ? pango_layout_new (context) : pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (style->font_family);

  /* Absolute: the same size in units whatever the surface's resolution,
   * so that the layout maths hold on screen, in PNG and in PDF alike. */
  pango_font_description_set_absolute_size (font, pixels * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

static void
painter_init (Painter             *p,
              cairo_t             *cr,
              const WmGanttModel  *model,
              const WmGanttView   *view,
              const WmRenderStyle *style)
{
  PangoContext *context;
  double unit;

  memset (p, 0, sizeof *p);
  p->cr = cr;
  p->model = model;
  p->view = view;
  p->style = style;
  wm_gantt_layout_init (&p->layout, model, view, style);
  p->stats.first_row_drawn = -1;
  p->stats.last_row_drawn = -1;
  unit = p->layout.unit;

  p->cache = view->text_cache;
  if (p->cache != NULL)
    {
      g_autofree char *font_key = g_strdup_printf ("%s %g", style->font_family, unit);

      cairo_font_options_t *options = cairo_font_options_create ();
      cairo_matrix_t matrix;
      gulong options_hash;

      /* pango_cairo_update_context () counts every call as a change, so
       * compare what matters here: a new scale (HiDPI) or font options,
       * or another font, and only then lay everything out again. */
      cairo_surface_get_font_options (cairo_get_target (cr), options);
      options_hash = cairo_font_options_hash (options);
      cairo_font_options_destroy (options);
      cairo_get_matrix (cr, &matrix);
      matrix.x0 = matrix.y0 = 0;
      if (p->cache->context == NULL
          || options_hash != p->cache->options_hash
          || memcmp (&matrix, &p->cache->matrix, sizeof matrix) != 0
          || g_strcmp0 (font_key, p->cache->font_key) != 0)
        {
          if (p->cache->context == NULL)
            p->cache->context = pango_cairo_create_context (cr);
          else
            pango_cairo_update_context (cr, p->cache->context);
          text_cache_clear (p->cache);
          p->cache->options_hash = options_hash;
          p->cache->matrix = matrix;
          g_free (p->cache->font_key);
          p->cache->font_key = g_steal_pointer (&font_key);
        }
    }
  context = p->cache ? p->cache->context : NULL;
  p->text = make_layout (cr, context, style, unit, PANGO_WEIGHT_NORMAL);
  p->bold = make_layout (cr, context, style, unit, PANGO_WEIGHT_BOLD);
  p->small = make_layout (cr, context, style, round (unit * 0.82), PANGO_WEIGHT_NORMAL);
  p->small_bold = make_layout (cr, context, style, round (unit * 0.82), PANGO_WEIGHT_BOLD);
  p->label = make_layout (cr, context, style, round (unit * 0.9), PANGO_WEIGHT_NORMAL);
  p->fonts[0] = p->text;
  p->fonts[1] = p->bold;
  p->fonts[2] = p->small;
  p->fonts[3] = p->small_bold;
  p->fonts[4] = p->label;

  p->fg = style->foreground;
  p->bg = style->background;
  p->grid = style->grid;
  p->accent = style->accent;
  /* GNOME's destructive red for each style: readable on either background */
  if (style->dark)
    p->red = (WmColour) { 1.0, 0.482, 0.388, 1.0 };
  else
    p->red = (WmColour) { 0.753, 0.110, 0.157, 1.0 };
  p->muted = mix (p->bg, p->fg, 0.62);
  p->header_bg = mix (p->bg, p->fg, style->dark ? 0.06 : 0.035);
  p->band = mix (p->bg, p->fg, style->dark ? 0.10 : 0.06);
  p->weekend = solid (p->bg, with_alpha (p->fg, style->dark ? 0.045 : 0.03));
  p->baseline = mix (p->bg, p->fg, style->dark ? 0.45 : 0.38);

  p->today = view->today ? view->today : model->today;
  p->left = p->layout.timeline_x;
  p->right = view->width;
  p->day_first = (guint32) MAX (1.0, floor (wm_gantt_layout_day_at_x (&p->layout, p->left)));
  p->day_last = (guint32) MAX (1.0, ceil (wm_gantt_layout_day_at_x (&p->layout, p->right)));
}

static void
painter_clear (Painter *p)
{
  g_clear_object (&p->text);
  g_clear_object (&p->bold);
  g_clear_object (&p->small);
  g_clear_object (&p->small_bold);
  g_clear_object (&p->label);
  g_clear_pointer (&p->routes, g_free);
}

static double
x_of (Painter *p,
      double   day)
{
  return wm_gantt_layout_x_of_day (&p->layout, day);
}

/* Setting the same text again would lay it out again: measuring and then
 * drawing a label shapes it once. */
static void
set_text (PangoLayout *layout,
          const char  *text)
{
  if (g_strcmp0 (pango_layout_get_text (layout), text) != 0)
    pango_layout_set_text (layout, text, -1);
}

static void
raw_text_size (PangoLayout *layout,
               const char  *text,
               int         *width,
               int         *height)
{
  pango_layout_set_width (layout, -1);
  set_text (layout, text);
  pango_layout_get_pixel_size (layout, width, height);
}

/* The laid-out @text in @font from the window's cache, or NULL when there
 * is no cache (exports draw once). */
static PangoLayout *
cached_text (Painter     *p,
             PangoLayout *font,
             const char  *text)
{
  WmGanttTextCache *cache = p->cache;
  PangoLayout *layout;
  int index = -1;

  if (cache == NULL)
    return NULL;
  for (int i = 0; i < N_FONTS; i++)
    if (p->fonts[i] == font)
      index = i;
  if (index < 0)
    return NULL;
  layout = g_hash_table_lookup (cache->texts[index], text);
  if (layout != NULL)
    return layout;
  if (cache->n_entries >= TEXT_CACHE_LIMIT)
    text_cache_clear (cache);
  layout = pango_layout_copy (font);
  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, text, -1);
  g_hash_table_insert (cache->texts[index], g_strdup (text), layout);
  cache->n_entries++;
  return layout;
}

static void
text_size (Painter     *p,
           PangoLayout *font,
           const char  *text,
           int         *width,
           int         *height)
{
  PangoLayout *layout = cached_text (p, font, text);

  if (layout != NULL)
    pango_layout_get_pixel_size (layout, width, height);
  else
    raw_text_size (font, text, width, height);
}

/* Draws @text with its top-left at (x, y); with @max_width > 0 it is
 * ellipsized to fit.  Returns the width drawn. */
static double
draw_text (Painter     *p,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       max_width,
           WmColour     colour)
{
  PangoLayout *cached = cached_text (p, layout, text);
  int width, height;

  if (cached != NULL)
    {
      pango_layout_get_pixel_size (cached, &width, &height);
      if (max_width <= 0 || width <= max_width)
        {
          set_colour (p->cr, colour);
          cairo_move_to (p->cr, x, y);
          pango_cairo_show_layout (p->cr, cached);
          return width;
        }
    }
  if (cached != NULL)
    {
      /* ellipsized to a whole number of pixels: the same label in the same
       * bar comes back frame after frame */
      g_autofree char *key = g_strdup_printf ("%d\x1f%s", (int) max_width, text);
      PangoLayout *short_layout = cached_text (p, layout, key);

      if (pango_layout_get_ellipsize (short_layout) != PANGO_ELLIPSIZE_END)
        {
          pango_layout_set_text (short_layout, text, -1);
          pango_layout_set_ellipsize (short_layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_width (short_layout, (int) max_width * PANGO_SCALE);
        }
      pango_layout_get_pixel_size (short_layout, &width, &height);
      set_colour (p->cr, colour);
      cairo_move_to (p->cr, x, y);
      pango_cairo_show_layout (p->cr, short_layout);
      return width;
    }
  set_text (layout, text);
  if (max_width > 0)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
    }
  else
    pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  set_colour (p->cr, colour);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
  pango_layout_set_width (layout, -1);
  return width;
}

static int
measure_line_height (PangoLayout *layout)
{
  int width, height;

  raw_text_size (layout, "Mg", &width, &height);
  return height;
}

/* The height of a line in one of the painter's fonts, measured once */
static int
line_height (Painter     *p,
             PangoLayout *layout)
{
  for (guint i = 0; i < G_N_ELEMENTS (p->line_heights); i++)
    {
      if (p->height_layouts[i] == layout)
        return p->line_heights[i];
      if (p->height_layouts[i] == NULL)
        {
          PangoLayout *cached = cached_text (p, layout, "Mg");
          int width;

          p->height_layouts[i] = layout;
          if (cached != NULL)
            pango_layout_get_pixel_size (cached, &width, &p->line_heights[i]);
          else
            p->line_heights[i] = measure_line_height (layout);
          return p->line_heights[i];
        }
    }
  return measure_line_height (layout);
}

static void
format_day (guint32  julian,
            char    *buffer,
            gsize    size)
{
  GDate date;

  if (!g_date_valid_julian (julian))
    {
      g_strlcpy (buffer, "no date", size);
      return;
    }
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (buffer, size, "%u %s %u", g_date_get_day (&date),
              month_names[g_date_get_month (&date) - 1], g_date_get_year (&date));
}

static guint32
julian_of (int year,
           int month,
           int day)
{
  GDate date;

  while (month > 12)
    {
      month -= 12;
      year++;
    }
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&date);
}

static void
ymd_of (guint32  julian,
        int     *year,
        int     *month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  *year = g_date_get_year (&date);
  *month = g_date_get_month (&date);
}

/* ---- shapes ----------------------------------------------------------- */

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A bar of whole pixels: its fill, then its edge as four one-pixel
 * sides that leave the corner pixels out, which reads as a slightly
 * rounded corner.  Whole-pixel boxes are cairo's fastest path, and bars
 * are most of what a frame draws. */
static void
draw_bar (cairo_t  *cr,
          double    x,
          double    y,
          double    width,
          double    height,
          WmColour  fill,
          WmColour  edge)
{
  double x0 = round (x), y0 = round (y);
  double x1 = MAX (x0 + 2, round (x + width)), y1 = MAX (y0 + 2, round (y + height));

  if (x1 - x0 > 2 && y1 - y0 > 2)
    {
      set_colour (cr, fill);
      cairo_rectangle (cr, x0 + 1, y0 + 1, x1 - x0 - 2, y1 - y0 - 2);
      cairo_fill (cr);
    }
  set_colour (cr, edge);
  cairo_rectangle (cr, x0 + 1, y0, x1 - x0 - 2, 1);
  cairo_rectangle (cr, x0 + 1, y1 - 1, x1 - x0 - 2, 1);
  cairo_rectangle (cr, x0, y0 + 1, 1, y1 - y0 - 2);
  cairo_rectangle (cr, x1 - 1, y0 + 1, 1, y1 - y0 - 2);
  cairo_fill (cr);
}

static void
diamond_path (cairo_t *cr,
              double   x,
              double   y,
              double   r)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
}

/* Done: filled.  To come: hollow.  Missed (due passed, not done): red
 * outline with a red cross. */
static void
draw_diamond (Painter                *p,
              double                  x,
              double                  y,
              double                  r,
              const WmGanttMilestone *milestone)
{
  cairo_t *cr = p->cr;

  /* fills only, no strokes: a halo, the outline, the inside */
  diamond_path (cr, x, y, r + 1.5);
  set_colour (cr, p->bg);
  cairo_fill (cr);
  diamond_path (cr, x, y, r);
  set_colour (cr, milestone->missed ? p->red : p->fg);
  cairo_fill (cr);
  if (milestone->done)
    return;
  diamond_path (cr, x, y, r - 2.1);
  set_colour (cr, p->bg);
  cairo_fill (cr);
  if (milestone->missed)
    {
      double c = r * 0.42;

      set_colour (cr, p->red);
      cairo_move_to (cr, x - c, y - c);
      cairo_line_to (cr, x + c, y + c);
      cairo_move_to (cr, x + c, y - c);
      cairo_line_to (cr, x - c, y + c);
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
    }
}

/* ---- the time grid ---------------------------------------------------- */

static void
draw_weekends (Painter *p,
               double   top,
               double   bottom)
{
  cairo_t *cr = p->cr;
  guint32 saturday;

  if (p->view->zoom != WM_GANTT_ZOOM_MONTH || p->layout.pixels_per_day < 2)
    return;
  /* GDate's day 1 (1 January of year 1) was a Monday: (day - 1) % 7 is 5
   * on Saturdays.  Start from the weekend on or before the first day. */
  saturday = p->day_first - ((p->day_first - 1) % 7 + 2) % 7;
  for (guint32 day = saturday; day <= p->day_last; day += 7)
    {
      double x0 = round (x_of (p, day));
      double x1 = round (x_of (p, day + 2.0));

      cairo_rectangle (cr, x0, top, x1 - x0, bottom - top);
    }
  set_colour (cr, p->weekend);
  cairo_fill (cr);
}

typedef enum
{
  TICK_MONTH,
  TICK_QUARTER,
  TICK_YEAR,
} TickKind;

typedef void (*TickFunc) (Painter *p,
                          guint32  day,
                          guint32  next,
                          int      year,
                          int      month,
                          TickKind kind,
                          gpointer data);

/* Calls @func for each month beginning in or overlapping the view. */
static void
foreach_month (Painter  *p,
               TickFunc  func,
               gpointer  data)
{
  int year, month;
  guint32 day;

  ymd_of (p->day_first, &year, &month);
  day = julian_of (year, month, 1);
  while (day <= p->day_last)
    {
      int next_year = month == 12 ? year + 1 : year;
      int next_month = month == 12 ? 1 : month + 1;
      guint32 next = julian_of (next_year, next_month, 1);
      TickKind kind = month == 1 ? TICK_YEAR : (month - 1) % 3 == 0 ? TICK_QUARTER : TICK_MONTH;

      func (p, day, next, year, month, kind, data);
      day = next;
      year = next_year;
      month = next_month;
    }
}

static void
grid_line (Painter *p,
           guint32  day,
           guint32  next,
           int      year,
           int      month,
           TickKind kind,
           gpointer data)
{
  const double *span = data;
  double x = round (x_of (p, day)) + 0.5;
  double strength;

  switch (p->view->zoom)
    {
    case WM_GANTT_ZOOM_MONTH:
      strength = kind == TICK_YEAR ? 1.6 : 1.0;
      break;
    case WM_GANTT_ZOOM_QUARTER:
      strength = kind == TICK_MONTH ? 0.45 : kind == TICK_YEAR ? 1.6 : 1.0;
      break;
    case WM_GANTT_ZOOM_YEAR:
    default:
      if (kind == TICK_MONTH)
        return;
      strength = kind == TICK_YEAR ? 1.4 : 0.5;
      break;
    }
  if (x < p->left || x > p->right)
    return;
  set_colour (p->cr, solid (p->bg, with_alpha (p->grid, strength)));
  cairo_rectangle (p->cr, x - 0.5, span[0], 1, span[1] - span[0]);
  cairo_fill (p->cr);
}

/* ---- header ----------------------------------------------------------- */

static void
axis_cell (Painter *p,
           guint32  day,
           guint32  next,
           int      year,
           int      month,
           TickKind kind,
           gpointer data)
{
  cairo_t *cr = p->cr;
  double row_h = p->layout.axis_height / 2;
  double lower_y = p->layout.axis_y + row_h;
  double x0 = round (x_of (p, day));
  double x1 = round (x_of (p, next));
  int w, h;
  char text[32];
  gboolean upper_tick;
  gboolean lower_tick;

  /* Upper row: years.  Lower row: months, quarters, or quarter starts. */
  upper_tick = kind == TICK_YEAR;
  switch (p->view->zoom)
    {
    case WM_GANTT_ZOOM_MONTH:
      lower_tick = TRUE;
      g_strlcpy (text, month_names[month - 1], sizeof text);
      text_size (p, p->small, text, &w, &h);
      if (w + 4 > x1 - x0)
        g_snprintf (text, sizeof text, "%c", month_names[month - 1][0]);
      break;
    case WM_GANTT_ZOOM_QUARTER:
      lower_tick = kind != TICK_MONTH;
      if (!lower_tick)
        {
          /* a short tick for the month inside the quarter */
          set_colour (cr, with_alpha (p->grid, 1.2));
          cairo_rectangle (cr, x0, round (p->layout.axis_y + p->layout.axis_height - row_h * 0.3),
                           1, round (row_h * 0.3));
          cairo_fill (cr);
          text[0] = '\0';
          break;
        }
      x1 = round (x_of (p, julian_of (year, month + 3, 1)));
      g_snprintf (text, sizeof text, "%s – %s", month_names[month - 1], month_names[month + 1]);
      text_size (p, p->small, text, &w, &h);
      if (w + 6 > x1 - x0)
        g_strlcpy (text, month_names[month - 1], sizeof text);
      break;
    case WM_GANTT_ZOOM_YEAR:
    default:
      lower_tick = kind != TICK_MONTH;
      text[0] = '\0';
      if (lower_tick)
        {
          x1 = round (x_of (p, julian_of (year, month + 3, 1)));
          g_strlcpy (text, month_names[month - 1], sizeof text);
        }
      break;
    }

  if (lower_tick)
    {
      set_colour (cr, with_alpha (p->grid, kind == TICK_MONTH ? 1.0 : 1.6));
      cairo_rectangle (cr, x0, lower_y, 1, p->layout.axis_y + p->layout.axis_height - lower_y);
      cairo_fill (cr);
    }
  if (text[0] != '\0')
    {
      double visible0 = MAX (x0, p->left), visible1 = MIN (x1, p->right);

      text_size (p, p->small, text, &w, &h);
      if (visible1 - visible0 >= w + 4)
        {
          /* centred on the cell, slid to stay within its visible part */
          double x = CLAMP ((x0 + x1 - w) / 2, visible0 + 2, visible1 - 2 - w);
          draw_text (p, p->small, text, x, lower_y + (row_h - h) / 2, 0, p->fg);
        }
    }

  if (upper_tick || day <= p->day_first)
    {
      guint32 year_end = julian_of (year + 1, 1, 1);
      double y0 = p->layout.axis_y;
      double visible0 = MAX (x0, p->left);
      double visible1 = MIN (round (x_of (p, year_end)), p->right);

      if (upper_tick)
        {
          set_colour (cr, with_alpha (p->grid, 1.6));
          cairo_rectangle (cr, x0, y0, 1, p->layout.axis_height);
          cairo_fill (cr);
        }
      g_snprintf (text, sizeof text, "%d", year);
      text_size (p, p->small_bold, text, &w, &h);
      /* the year stays in sight while its months scroll by */
      if (visible1 - visible0 >= w + 8)
        draw_text (p, p->small_bold, text, visible0 + 4, y0 + (row_h - h) / 2, 0, p->fg);
    }
}

static void
draw_phases (Painter *p)
{
  cairo_t *cr = p->cr;
  const WmGanttLayout *l = &p->layout;

  for (guint i = 0; i < p->model->n_phases; i++)
    {
      const WmGanttPhase *phase = &p->model->phases[i];
      double x0 = round (x_of (p, phase->start));
      double x1 = round (x_of (p, phase->end + 1.0));
      double visible0 = MAX (x0, p->left), visible1 = MIN (x1, p->right);
      double pad = l->unit * 0.4;
      int w, h;

      if (visible1 <= visible0)
        continue;
      rounded_rectangle (cr, x0 + 1, l->phase_y + 2, x1 - x0 - 2, l->phase_height - 4, 3);
      set_colour (cr, mix (p->bg, p->accent, (i % 2) ? 0.14 : 0.24));
      cairo_fill (cr);
      text_size (p, p->small_bold, phase->label, &w, &h);
      if (visible1 - visible0 - 2 * pad < l->unit * 4)
        continue;
      draw_text (p, p->small_bold, phase->label,
                 CLAMP ((x0 + x1 - w) / 2, visible0 + pad,
                        MAX (visible0 + pad, visible1 - pad - w)),
                 l->phase_y + (l->phase_height - h) / 2,
                 w > visible1 - visible0 - 2 * pad ? visible1 - visible0 - 2 * pad : 0, p->fg);
    }
}

typedef struct
{
  double x0, x1;
} Span;

static gboolean
spans_overlap (const Span *spans,
               guint       n,
               double      x0,
               double      x1)
{
  for (guint i = 0; i < n; i++)
    if (x0 < spans[i].x1 && x1 > spans[i].x0)
      return TRUE;
  return FALSE;
}

static void
draw_milestone_row (Painter *p)
{
  const WmGanttLayout *l = &p->layout;
  double mid = l->milestone_y + l->milestone_height / 2;
  double r = round (l->unit * 0.42);
  Span taken[64];
  guint n_taken = 0;
  double last_label_end = -G_MAXDOUBLE;
  int w, h;

  for (guint i = 0; i < p->model->n_plan_milestones; i++)
    {
      const WmGanttMilestone *milestone = &p->model->plan_milestones[i];
      double x = round (x_of (p, milestone->due + 1.0));

      if (x < p->left - r || x > p->right + r)
        continue;
      draw_diamond (p, x, mid, r, milestone);
      if (n_taken < G_N_ELEMENTS (taken))
        taken[n_taken++] = (Span) { x - r - 1, x + r + 1 };
      text_size (p, p->small_bold, milestone->code, &w, &h);
      /* the code beside its diamond, unless the one before is in the way */
      if (x + r + 3 > last_label_end + 4 && x + r + 3 + w <= p->right)
        {
          draw_text (p, p->small_bold, milestone->code, x + r + 3, mid - h / 2.0, 0,
                     milestone->missed ? p->red : p->fg);
          last_label_end = x + r + 3 + w;
          if (n_taken < G_N_ELEMENTS (taken))
            taken[n_taken++] = (Span) { x + r + 2, last_label_end + 2 };
        }
    }

  if (p->today >= p->day_first && p->today <= p->day_last)
    {
      double x = round (x_of (p, p->today + 0.5));
      const char *label = "Today";

      text_size (p, p->small_bold, label, &w, &h);
      if (!spans_overlap (taken, n_taken, x + 2, x + 4 + w) && x + 4 + w <= p->right)
        draw_text (p, p->small_bold, label, x + 4, mid - h / 2.0, 0, p->accent);
      else if (!spans_overlap (taken, n_taken, x - 4 - w, x - 2) && x - 4 - w >= p->left)
        draw_text (p, p->small_bold, label, x - 4 - w, mid - h / 2.0, 0, p->accent);
    }
}

static void
draw_key_date_labels (Painter *p)
{
  const WmGanttLayout *l = &p->layout;
  const WmGanttModel *model = p->model;
  double lane_h = l->n_key_date_lanes ? l->key_date_height / l->n_key_date_lanes : 0;
  int lanes = l->n_key_date_lanes;
  double pad = 3;
  int h = line_height (p, p->small);

  /* Lanes are given by each date's place in the plan's list, not in the
   * view, so labels keep their lane while the view scrolls.  A label may
   * run up to the next date in its lane; when that leaves less than a few
   * letters it is dropped (the line stays, and the window's tooltip tells). */
  for (guint i = 0; i < model->n_key_dates; i++)
    {
      const WmGanttKeyDate *key_date = &model->key_dates[i];
      double x = round (x_of (p, key_date->date + 0.5));
      double y = l->key_date_y + (i % lanes) * lane_h;
      double limit = p->right - pad;
      int w, th;

      if (x < p->left || x > p->right)
        continue;
      if (i + lanes < model->n_key_dates)
        limit = MIN (limit, round (x_of (p, model->key_dates[i + lanes].date + 0.5)) - 2 * pad);
      /* the tick joining the label to its line */
      set_colour (p->cr, mix (p->bg, p->fg, 0.55));
      cairo_rectangle (p->cr, x - 0.5, y + 2, 1.5, lane_h - 2);
      cairo_fill (p->cr);
      if (limit - (x + pad) < l->unit * 3.5)
        continue;
      text_size (p, p->small, key_date->label, &w, &th);
      draw_text (p, p->small, key_date->label, x + pad, y + (lane_h - h) / 2,
                 w > limit - (x + pad) ? limit - (x + pad) : 0, p->fg);
    }
}

static void
draw_header (Painter *p)
{
  cairo_t *cr = p->cr;
  const WmGanttLayout *l = &p->layout;
  double span[2] = { l->axis_y + l->axis_height, l->key_date_y };

  set_colour (cr, p->header_bg);
  cairo_rectangle (cr, 0, 0, p->view->width, l->header_height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, p->left, 0, p->right - p->left, l->header_height);
  cairo_clip (cr);
  draw_phases (p);
  /* the axis, its grid continued through the milestone row, not under the key dates' labels */
  foreach_month (p, grid_line, span);
  foreach_month (p, axis_cell, NULL);
  set_colour (cr, p->grid);
  cairo_rectangle (cr, p->left, l->axis_y + l->axis_height / 2 - 0.5, p->right - p->left, 1);
  cairo_rectangle (cr, p->left, l->axis_y + l->axis_height - 0.5, p->right - p->left, 1);
  cairo_fill (cr);
  /* the today line passes under the key dates' labels */
  if (p->today >= p->day_first && p->today <= p->day_last)
    {
      double x = round (x_of (p, p->today + 0.5));

      set_colour (cr, p->accent);
      cairo_rectangle (cr, x - 1, l->milestone_y, 2, l->header_height - l->milestone_y);
      cairo_fill (cr);
    }
  draw_key_date_labels (p);
  draw_milestone_row (p);
  cairo_restore (cr);

  /* the header's lower edge */
  set_colour (cr, with_alpha (p->grid, 2.0));
  cairo_rectangle (cr, 0, l->header_height - 1, p->view->width, 1);
  cairo_fill (cr);

  if (l->outline_width > 0)
    {
      double pad = round (l->unit * 0.6);
      double row_h = l->axis_height / 2;
      int h = line_height (p, p->small_bold);

      draw_text (p, p->small_bold, "Action", pad, l->axis_y + row_h + (row_h - h) / 2, 0,
                 p->fg);
      draw_text (p, p->small, "Rating · due · lead", pad + l->unit * 4.2,
                 l->axis_y + row_h + (row_h - h) / 2, l->outline_width - pad * 2 - l->unit * 4.2,
                 p->muted);
      if (l->phase_height > 0)
        draw_text (p, p->small_bold, "Phase", pad, l->phase_y + (l->phase_height - h) / 2, 0,
                   p->muted);
      draw_text (p, p->small_bold, "Plan milestones", pad,
                 l->milestone_y + (l->milestone_height - h) / 2, 0, p->muted);
      if (l->n_key_date_lanes > 0)
        draw_text (p, p->small_bold, "Key dates", pad,
                   l->key_date_y + (l->key_date_height / l->n_key_date_lanes - h) / 2, 0,
                   p->muted);
      set_colour (cr, with_alpha (p->grid, 2.0));
      cairo_rectangle (cr, l->outline_width - 1, 0, 1, l->header_height);
      cairo_fill (cr);
    }
}

/* ---- rows ------------------------------------------------------------- */

typedef struct
{
  double              x0, x1;
  const char         *label;
  const WmGanttStage *stage;
} Bar;

typedef struct
{
  WmColour fill, edge, text;
} BarColours;

static BarColours
bar_colours (Painter             *p,
             const WmGanttRating *rating)
{
  WmColour base;
  BarColours colours;
  WmColour dark_text = mix (p->style->dark ? p->bg : p->fg, (WmColour) { 0, 0, 0, 1 }, 0.3);
  WmColour light_text = { 1, 1, 1, 1 };

  if (rating == NULL || !wm_colour_parse (rating->colour, &base))
    base = mix (p->bg, p->fg, 0.5);
  /* a lighter fill and a darker edge of the rating's own colour */
  if (p->style->dark)
    {
      colours.fill = mix (base, p->bg, 0.35);
      colours.edge = mix (base, (WmColour) { 1, 1, 1, 1 }, 0.25);
    }
  else
    {
      colours.fill = mix (base, p->bg, 0.55);
      colours.edge = mix (base, (WmColour) { 0, 0, 0, 1 }, 0.28);
    }
  dark_text.a = 1;
  colours.text = contrast (colours.fill, dark_text) >= contrast (colours.fill, light_text)
                 ? dark_text : light_text;
  return colours;
}

static int
compare_bars (gconstpointer a,
              gconstpointer b)
{
  const Bar *x = a, *y = b;

  return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a, *y = b;

  return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* The part of [a, b] clear of @obstacles (sorted) where a label of
 * @want goes: the first part wide enough, else the widest. */
static gboolean
free_span (const Span *obstacles,
           guint       n_obstacles,
           double      a,
           double      b,
           double      want,
           Span       *out)
{
  double cursor = a;
  Span best = { 0, 0 };

  for (guint i = 0; i <= n_obstacles && cursor < b; i++)
    {
      double end = i < n_obstacles ? MIN (obstacles[i].x0, b) : b;

      if (i < n_obstacles && obstacles[i].x1 <= cursor)
        continue;
      if (end > cursor)
        {
          if (end - cursor >= want)
            {
              *out = (Span) { cursor, end };
              return TRUE;
            }
          if (end - cursor > best.x1 - best.x0)
            best = (Span) { cursor, end };
        }
      if (i < n_obstacles)
        cursor = MAX (cursor, obstacles[i].x1);
    }
  *out = best;
  return FALSE;
}

#define MAX_BARS 32
#define MAX_OBSTACLES 48

static void
draw_action_row (Painter *p,
                 int      index,
                 double   y)
{
  cairo_t *cr = p->cr;
  const WmGanttLayout *l = &p->layout;
  const WmGanttModel *model = p->model;
  const WmGanttRow *row = &model->rows[index];
  BarColours colours = bar_colours (p, wm_gantt_model_get_row_rating (model, (guint) index));
  Bar bars[MAX_BARS];
  Span obstacles[MAX_OBSTACLES];
  Span labels[MAX_BARS];
  guint n_labels;
  guint n_bars = 0, n_obstacles = 0;
  double bar_y = y + l->bar_offset;
  double bar_h = l->bar_height;
  double mid = bar_y + bar_h / 2;
  double r = round (bar_h * 0.36);
  double pad = round (l->unit * 0.4);
  int label_h = line_height (p, p->label);

  /* Baselines first, under everything */
  if (p->view->show_baseline)
    {
      set_colour (cr, p->baseline);
      if (row->n_stages == 0 && row->baseline_start && row->baseline_due)
        {
          double x0, x1;

          stage_extent (l, row->baseline_start, row->baseline_due, &x0, &x1);
          if (x1 >= p->left && x0 <= p->right)
            cairo_rectangle (cr, x0, y + l->baseline_offset, x1 - x0, l->baseline_height);
        }
      for (guint s = row->first_stage; s < row->first_stage + row->n_stages; s++)
        {
          const WmGanttStage *stage = &model->stages[s];
          double x0, x1;

          if (!stage->baseline_start || !stage->baseline_end)
            continue;
          stage_extent (l, stage->baseline_start, stage->baseline_end, &x0, &x1);
          if (x1 < p->left || x0 > p->right)
            continue;
          cairo_rectangle (cr, x0 + 0.5, y + l->baseline_offset, x1 - x0 - 1, l->baseline_height);
        }
      cairo_fill (cr);
    }

  /* Bars: the stages, or the action itself when it has none */
  if (row->n_stages == 0 && row->start && row->due)
    {
      Bar bar = { 0, 0, row->title, NULL };

      stage_extent (l, row->start, MAX (row->start, row->due), &bar.x0, &bar.x1);
      if (bar.x1 >= p->left && bar.x0 <= p->right)
        bars[n_bars++] = bar;
    }
  for (guint s = row->first_stage; s < row->first_stage + row->n_stages && n_bars < MAX_BARS; s++)
    {
      const WmGanttStage *stage = &model->stages[s];
      Bar bar = { 0, 0, stage->label, stage };

      stage_extent (l, stage->start, stage->end, &bar.x0, &bar.x1);
      if (bar.x1 < p->left || bar.x0 > p->right)
        continue;
      bars[n_bars++] = bar;
    }
  qsort (bars, n_bars, sizeof (Bar), compare_bars);
  for (guint i = 0; i < n_bars; i++)
    {
      /* 1 pixel apart, so that back-to-back stages read as separate bars */
      /* a pixel short of its end, so that back-to-back stages read as
       * separate bars */
      draw_bar (cr, bars[i].x0, bar_y, bars[i].x1 - bars[i].x0 - 1, bar_h, colours.fill,
                colours.edge);
      p->stats.stages_drawn++;
    }

  /* The today line crosses the bars but passes under their labels */
  if (p->today >= p->day_first && p->today <= p->day_last && n_bars > 0)
    {
      set_colour (cr, p->accent);
      cairo_rectangle (cr, round (x_of (p, p->today + 0.5)) - 1, bar_y, 2, bar_h);
      cairo_fill (cr);
    }

  /* Obstacles for labels: milestones and the due tick */
  for (guint m = row->first_milestone; m < row->first_milestone + row->n_milestones; m++)
    {
      double x = round (x_of (p, model->milestones[m].due + 1.0));

      if (x >= p->left - r && x <= p->right + r && n_obstacles < MAX_OBSTACLES)
        obstacles[n_obstacles++] = (Span) { x - r - 2, x + r + 2 };
    }
  if (row->due && n_obstacles < MAX_OBSTACLES)
    {
      double x = round (x_of (p, row->due + 1.0));
      obstacles[n_obstacles++] = (Span) { x - 3, x + 3 };
    }
  /* Arrows: where they leave and enter this row, where they cross it,
   * and their lag labels */
  for (guint d = 0; d < p->n_routes && n_obstacles + 2 < MAX_OBSTACLES; d++)
    {
      const Route *route = &p->routes[d];
      const WmGanttDependency *dep = route->dependency;
      const Point *pts = route->points;
      guint last = route->n_points - 1;

      if (dep->from_row == index)
        obstacles[n_obstacles++] = (Span) { MIN (pts[0].x, pts[1].x) - 2,
                                            MAX (pts[0].x, pts[1].x) + 2 };
      if (dep->to_row == index)
        {
          obstacles[n_obstacles++] = (Span) { MIN (pts[last].x, pts[last - 1].x) - 2,
                                              MAX (pts[last].x, pts[last - 1].x) + 2 };
          if (route->lag_width > 0)
            obstacles[n_obstacles++] = (Span) { route->lag_x - 2,
                                                route->lag_x + route->lag_width + 2 };
        }
      else if (dep->from_row != index && index > MIN (dep->from_row, dep->to_row)
               && index < MAX (dep->from_row, dep->to_row))
        for (guint i = 1; i + 1 < route->n_points && n_obstacles < MAX_OBSTACLES; i++)
          if (pts[i].x == pts[i + 1].x)
            obstacles[n_obstacles++] = (Span) { pts[i].x - 2, pts[i].x + 2 };
    }
  qsort (obstacles, n_obstacles, sizeof (Span), compare_spans);

  /* Labels */
  n_labels = 0;
  for (guint i = 0; i < n_bars; i++)
    {
      const Bar *bar = &bars[i];
      double inside0 = MAX (bar->x0, p->left) + pad;
      double inside1 = MIN (bar->x1, p->right) - pad;
      double next = i + 1 < n_bars ? bars[i + 1].x0 : p->right;
      double text_y = bar_y + (bar_h - label_h) / 2;
      Span span;
      int w, h;

      if (bar->label == NULL || *bar->label == '\0')
        continue;
      text_size (p, p->label, bar->label, &w, &h);
      if (inside1 - inside0 >= w && free_span (obstacles, n_obstacles, inside0, inside1, w, &span))
        {
          draw_text (p, p->label, bar->label, span.x0, text_y, 0, colours.text);
          labels[n_labels++] = (Span) { span.x0, span.x0 + w };
          p->stats.labels_drawn++;
          continue;
        }
      /* beside the bar, in the row's free space before the next bar */
      if (bar->x1 < p->right
          && free_span (obstacles, n_obstacles, bar->x1 + pad, MIN (next, p->right) - pad, w,
                        &span)
          && span.x0 < bar->x1 + pad + l->unit * 1.5)
        {
          draw_text (p, p->label, bar->label, span.x0, text_y, 0, p->fg);
          labels[n_labels++] = (Span) { span.x0, span.x0 + w };
          p->stats.labels_drawn++;
          continue;
        }
      free_span (obstacles, n_obstacles, inside0, inside1, w, &span);
      if (span.x1 - span.x0 >= l->unit * 3)
        {
          draw_text (p, p->label, bar->label, span.x0, text_y, span.x1 - span.x0, colours.text);
          labels[n_labels++] = span;
          p->stats.labels_drawn++;
          p->stats.labels_ellipsized++;
        }
    }

  /* A due date beyond the view's right edge is named there, when that
   * hides no stage label, milestone or arrow: the least of the row's texts */
  if (row->due > p->day_last)
    {
      char day[32];
      g_autofree char *text = NULL;
      gboolean over_bar = n_bars > 0 && bars[n_bars - 1].x1 >= p->right;
      double x;
      int w, h;

      format_day (row->due, day, sizeof day);
      text = g_strdup_printf ("due %s →", day);
      text_size (p, p->label, text, &w, &h);
      x = p->right - pad - w;
      if (x > p->left + pad && !spans_overlap (labels, n_labels, x - pad, p->right)
          && !spans_overlap (obstacles, n_obstacles, x - pad, p->right))
        draw_text (p, p->label, text, x, bar_y + (bar_h - label_h) / 2, 0,
                   over_bar ? colours.text : p->muted);
    }

  /* The due date: a tick, red and heavier when overdue */
  if (row->due && row->due + 1 >= p->day_first && row->due <= p->day_last)
    {
      double x = round (x_of (p, row->due + 1.0));

      if (row->overdue)
        {
          /* a heavy red tick, with a pointer above the bar */
          set_colour (cr, p->bg);
          cairo_rectangle (cr, x - 2.5, bar_y - 3, 5, bar_h + 6);
          cairo_fill (cr);
          set_colour (cr, p->red);
          cairo_rectangle (cr, x - 1.5, bar_y - 3, 3, bar_h + 6);
          cairo_move_to (cr, x - 4.5, bar_y - 6);
          cairo_line_to (cr, x + 4.5, bar_y - 6);
          cairo_line_to (cr, x, bar_y);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      else
        {
          set_colour (cr, with_alpha (p->fg, 0.7));
          cairo_rectangle (cr, x - 0.75, bar_y - 3, 1.5, bar_h + 6);
          cairo_fill (cr);
        }
    }

  for (guint m = row->first_milestone; m < row->first_milestone + row->n_milestones; m++)
    {
      const WmGanttMilestone *milestone = &model->milestones[m];
      double x = round (x_of (p, milestone->due + 1.0));

      if (x >= p->left - r && x <= p->right + r)
        draw_diamond (p, x, mid, r, milestone);
    }
}

static void
draw_priority_row (Painter *p,
                   int      index,
                   double   y,
                   gboolean continued)
{
  cairo_t *cr = p->cr;
  const WmGanttLayout *l = &p->layout;
  const WmGanttRow *row = &p->model->rows[index];
  double pad = round (l->unit * 0.6);
  double x = l->outline_width > 0 ? pad : p->left + pad;
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  int h = line_height (p, p->bold);
  double width;

  /* the band itself was drawn under the timeline's lines; here the part
   * under the outline (or all of it, for a continued band on top), the
   * accent edge and the title */
  set_colour (cr, p->band);
  cairo_rectangle (cr, 0, y, continued ? p->view->width : l->outline_width, l->row_height);
  cairo_fill (cr);
  set_colour (cr, p->accent);
  cairo_rectangle (cr, 0, y, round (l->unit * 0.25), l->row_height);
  cairo_fill (cr);

  /* the window's disclosure: ▾ expanded, ▸ collapsed */
  if (l->disclosure_width > 0 && !continued)
    {
      gboolean collapsed = row->n_actions > 0 && (guint) index + 1 < p->model->n_rows
                           && wm_gantt_layout_slot_of_row (l, index + 1) < 0;
      double cx = x + l->disclosure_width * 0.4, cy = y + l->row_height / 2;
      double a = round (l->unit * 0.33);

      if (collapsed)
        {
          cairo_move_to (cr, cx - a * 0.6, cy - a);
          cairo_line_to (cr, cx + a * 0.8, cy);
          cairo_line_to (cr, cx - a * 0.6, cy + a);
        }
      else
        {
          cairo_move_to (cr, cx - a, cy - a * 0.6);
          cairo_line_to (cr, cx + a, cy - a * 0.6);
          cairo_line_to (cr, cx, cy + a * 0.8);
        }
      cairo_close_path (cr);
      set_colour (cr, p->fg);
      cairo_fill (cr);
    }
  if (l->disclosure_width > 0)
    x += l->disclosure_width;
  title = *row->code ? g_strdup_printf ("%s  %s", row->code, row->title) : g_strdup (row->title);
  width = draw_text (p, p->bold, title, x, y + (l->row_height - h) / 2,
                     p->view->width - x - pad - l->unit * 8, p->fg);
  count = g_strdup_printf ("%d %s%s", row->n_actions, row->n_actions == 1 ? "action" : "actions",
                           continued ? ", continued" : "");
  draw_text (p, p->small, count, x + width + l->unit,
             y + (l->row_height - line_height (p, p->small)) / 2, 0, p->muted);
}

/* The outline column: code and title, then lead, rating, due date and
 * whether the action is overdue or has slipped. */
static void
draw_outline_row (Painter *p,
                  int      index,
                  double   y)
{
  cairo_t *cr = p->cr;
  const WmGanttLayout *l = &p->layout;
  const WmGanttModel *model = p->model;
  const WmGanttRow *row = &model->rows[index];
  const WmGanttRating *rating = wm_gantt_model_get_row_rating (model, (guint) index);
  double pad = round (l->unit * 0.6);
  double code_w = l->unit * 4.2;
  double width = l->outline_width - 2 * pad;
  int h1 = line_height (p, p->bold);
  int h2 = line_height (p, p->small);
  double gap = MAX (0.0, (l->row_height - h1 - h2) / 3);
  double y1 = y + gap, y2 = y1 + h1 + gap * 0.5;
  double x, drawn;
  char due[32];
  g_autofree char *details = NULL;
  g_autofree char *slip = NULL;
  WmColour chip;
  int w, h;

  text_size (p, p->bold, row->code, &w, &h);
  draw_text (p, p->bold, row->code, pad, y1, 0, p->fg);
  x = pad + MAX (code_w, w + l->unit * 0.6);
  draw_text (p, p->text, row->title, x, y1, pad + width - x, p->fg);

  /* the rating as a swatch and a word: colour is never the only cue */
  x = pad + code_w;
  if (rating != NULL && wm_colour_parse (rating->colour, &chip))
    {
      double size = round (h2 * 0.62);

      rounded_rectangle (cr, x, y2 + (h2 - size) / 2, size, size, 2);
      set_colour (cr, chip);
      cairo_fill (cr);
      x += size + 4;
    }
  format_day (row->due, due, sizeof due);
  details = g_strdup_printf ("%s · due %s", rating ? rating->label : "not rated",
                             row->due ? due : "not set");
  drawn = draw_text (p, p->small, details, x, y2, pad + width - x, p->fg);
  x += drawn;
  if (row->overdue && x < pad + width - l->unit * 4)
    {
      x += draw_text (p, p->small, " · ", x, y2, 0, p->muted);
      x += draw_text (p, p->small_bold, "overdue", x, y2, 0, p->red);
    }
  if (row->has_slippage && row->slippage_days > 0 && x < pad + width - l->unit * 5)
    {
      slip = g_strdup_printf (" · %d d late", row->slippage_days);
      x += draw_text (p, p->small, slip, x, y2, pad + width - x, p->red);
    }
  if (*row->lead && x < pad + width - l->unit * 3)
    {
      g_autofree char *lead = g_strdup_printf (" · %s", row->lead);
      draw_text (p, p->small, lead, x, y2, pad + width - x, p->muted);
    }
}

/* ---- dependencies ----------------------------------------------------- */

/* Where a dependency attaches to an action: its start, or its finish (the
 * due date: a "sustain" stage after it is not part of finishing), else
 * the ends of its bars. */
static gboolean
action_anchor (Painter *p,
               int      index,
               gboolean at_end,
               double  *x)
{
  const WmGanttRow *row = &p->model->rows[index];
  guint32 day = at_end ? (row->due ? row->due + 1 : 0) : row->start;

  for (guint s = row->first_stage; day == 0 && s < row->first_stage + row->n_stages; s++)
    {
      const WmGanttStage *stage = &p->model->stages[s];
      day = at_end ? stage->end + 1 : stage->start;
    }
  for (guint s = row->first_stage; s < row->first_stage + row->n_stages; s++)
    {
      const WmGanttStage *stage = &p->model->stages[s];

      if (at_end && !row->due)
        day = MAX (day, stage->end + 1);
      else if (!at_end && !row->start)
        day = MIN (day, stage->start);
    }
  if (day == 0)
    return FALSE;
  *x = round (x_of (p, day));
  return TRUE;
}

/* Whether a horizontal run from @x0 to @x1 along @row's bars would pass
 * over one: an action due before its last stage ("sustain") has bars
 * past its finish, and an arrow drawn along them hides their labels. */
static gboolean
crosses_bars (Painter *p,
              int      index,
              double   x0,
              double   x1)
{
  const WmGanttRow *row = &p->model->rows[index];
  double lo = MIN (x0, x1) + 2, hi = MAX (x0, x1) - 2;

  for (guint s = row->first_stage; s < row->first_stage + row->n_stages; s++)
    {
      double b0, b1;

      stage_extent (&p->layout, p->model->stages[s].start, p->model->stages[s].end, &b0, &b1);
      if (b1 > lo && b0 < hi)
        return TRUE;
    }
  return FALSE;
}

/* Plans route a dependency before any row is drawn, so that the lag's
 * label can keep stage labels away from where it goes. */
static gboolean
route_dependency (Painter                 *p,
                  const WmGanttDependency *dependency,
                  Route                   *route)
{
  const WmGanttLayout *l = &p->layout;
  gboolean from_end = dependency->kind == WM_GANTT_DEPENDENCY_FS
                      || dependency->kind == WM_GANTT_DEPENDENCY_FF;
  gboolean to_end = dependency->kind == WM_GANTT_DEPENDENCY_FF
                    || dependency->kind == WM_GANTT_DEPENDENCY_SF;
  double out = from_end ? 1 : -1;   /* leaving rightwards from a finish */
  double in = to_end ? -1 : 1;      /* arriving rightwards at a start */
  double stub = round (l->unit * 0.8);
  double px, tx, py, ty, xm;

  if (!action_anchor (p, dependency->from_row, from_end, &px)
      || !action_anchor (p, dependency->to_row, to_end, &tx))
    return FALSE;
  py = round (wm_gantt_layout_y_of_row (l, dependency->from_row) + l->bar_offset
              + l->bar_height / 2) + 0.5;
  ty = round (wm_gantt_layout_y_of_row (l, dependency->to_row) + l->bar_offset
              + l->bar_height / 2) + 0.5;
  px += 0.5;
  tx += 0.5;

  route->dependency = dependency;
  route->in = in;
  route->n_points = 0;
  route->points[route->n_points++] = (Point) { px, py };
  /* Three segments when one vertical run can join the ends, else five,
   * turning along the boundary between the rows. */
  xm = out > 0 ? MAX (px + stub, tx - in * stub) : MIN (px - stub, tx - in * stub);
  if ((xm - px) * out >= stub && (tx - xm) * in >= stub
      && !crosses_bars (p, dependency->from_row, px + out * stub, xm)
      && !crosses_bars (p, dependency->to_row, xm, tx - in * stub))
    {
      route->points[route->n_points++] = (Point) { xm, py };
      route->points[route->n_points++] = (Point) { xm, ty };
    }
  else
    {
      double ym = dependency->to_row > dependency->from_row
                  ? round (wm_gantt_layout_y_of_row (l, dependency->to_row)) + 0.5
                  : round (wm_gantt_layout_y_of_row (l, dependency->to_row) + l->row_height) + 0.5;

      xm = tx - in * stub;
      route->points[route->n_points++] = (Point) { px + out * stub, py };
      route->points[route->n_points++] = (Point) { px + out * stub, ym };
      route->points[route->n_points++] = (Point) { xm, ym };
      route->points[route->n_points++] = (Point) { xm, ty };
    }
  route->points[route->n_points++] = (Point) { tx, ty };

  /* The lag sits in the arrow's own row, on the far side of its last
   * vertical run from the bar: before the first bar of a start, after
   * the finish of an end. */
  route->lag_width = 0;
  if (dependency->lag_days != 0)
    {
      int w, h;

      g_snprintf (route->lag, sizeof route->lag, "%+d d", dependency->lag_days);
      text_size (p, p->small, route->lag, &w, &h);
      route->lag_width = w;
      route->lag_x = in > 0 ? xm - 3 - w : xm + 3;
      route->lag_y = ty - h / 2.0;
      /* not over a milestone of the row it points at: then the lag is
       * read from the outline or the editor instead */
      {
        const WmGanttRow *row = &p->model->rows[dependency->to_row];
        double r = round (l->bar_height * 0.36) + 2;

        for (guint m = row->first_milestone; m < row->first_milestone + row->n_milestones; m++)
          {
            double x = round (x_of (p, p->model->milestones[m].due + 1.0));

            if (x + r > route->lag_x && x - r < route->lag_x + w)
              route->lag_width = 0;
          }
      }
    }
  return TRUE;
}

static void
draw_route (Painter     *p,
            const Route *route)
{
  cairo_t *cr = p->cr;
  double a = round (p->layout.unit * 0.4);
  const Point *end = &route->points[route->n_points - 1];

  cairo_new_path (cr);
  cairo_move_to (cr, route->points[0].x, route->points[0].y);
  for (guint i = 1; i + 1 < route->n_points; i++)
    cairo_line_to (cr, route->points[i].x, route->points[i].y);
  cairo_line_to (cr, end->x - route->in * a, end->y);
  set_colour (cr, with_alpha (p->fg, 0.75));
  cairo_set_line_width (cr, 1.2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, end->x, end->y);
  cairo_line_to (cr, end->x - route->in * a * 1.6, end->y - a);
  cairo_line_to (cr, end->x - route->in * a * 1.6, end->y + a);
  cairo_close_path (cr);
  cairo_fill (cr);
  if (route->lag_width > 0)
    draw_text (p, p->small, route->lag, route->lag_x, route->lag_y, 0, p->fg);
  p->stats.dependencies_drawn++;
}

/* The dependencies that can cross the rows first to last, routed. */
static void
plan_dependencies (Painter *p,
                   int      first,
                   int      last)
{
  const WmGanttModel *model = p->model;
  int lo = MAX (0, first - model->max_dependency_span);
  guint begin = 0, end = model->n_dependencies;

  /* Dependencies are sorted by their upper row: find the first that can
   * reach the view, then stop at the first that starts below it. */
  while (begin < end)
    {
      guint middle = (begin + end) / 2;
      const WmGanttDependency *d = &model->dependencies[middle];

      if (MIN (d->from_row, d->to_row) < lo)
        begin = middle + 1;
      else
        end = middle;
    }
  for (guint i = begin; i < model->n_dependencies && p->n_routes < MAX_ROUTES; i++)
    {
      const WmGanttDependency *d = &model->dependencies[i];

      if (MIN (d->from_row, d->to_row) > last)
        break;
      if (MAX (d->from_row, d->to_row) < first)
        continue;
      /* an end in a collapsed priority: its band stands for it */
      if (wm_gantt_layout_slot_of_row (&p->layout, d->from_row) < 0
          || wm_gantt_layout_slot_of_row (&p->layout, d->to_row) < 0)
        continue;
      if (route_dependency (p, d, &p->routes[p->n_routes]))
        p->n_routes++;
    }
}

/* ---- legend ----------------------------------------------------------- */

static double
legend_items (Painter *p,
              double   x,
              double   y,
              double   height,
              double   right,
              gboolean summaries,
              gboolean draw)
{
  cairo_t *cr = p->cr;
  double unit = p->layout.unit;
  int h = line_height (p, p->small);
  double ty = y + (height - h) / 2;
  double mid = y + height / 2;
  double gap = round (unit * 1.1);
  int w, th;

#define ADVANCE(width) (x += (width))
  if (draw)
    draw_text (p, p->small_bold, "Rating", x, ty, 0, p->fg);
  text_size (p, p->small_bold, "Rating", &w, &th);
  ADVANCE (w + unit * 0.7);
  for (guint i = 0; i < p->model->n_ratings; i++)
    {
      const WmGanttRating *rating = &p->model->ratings[i];
      BarColours colours = bar_colours (p, rating);
      g_autofree char *text = summaries && *rating->summary
                              ? g_strdup_printf ("%s: %s", rating->label, rating->summary)
                              : g_strdup (rating->label);
      double chip_w = round (unit * 1.6);
      double chip_h = round (unit * 0.9);

      if (draw)
        {
          draw_bar (cr, x, mid - chip_h / 2, chip_w, chip_h, colours.fill, colours.edge);
          draw_text (p, p->small, text, x + chip_w + 4, ty, 0, p->fg);
        }
      text_size (p, p->small, text, &w, &th);
      ADVANCE (chip_w + 4 + w + gap);
    }

  ADVANCE (gap * 0.5);
  {
    static const struct { const char *label; int kind; } symbols[] = {
      { "milestone", 0 }, { "done", 1 }, { "missed", 2 }, { "due", 3 },
      { "overdue", 4 }, { "today", 5 }, { "key date", 6 }, { "baseline", 7 },
    };
    double r = round (unit * 0.42);

    for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
      {
        double sx = x + r + 1;

        if (symbols[i].kind == 7 && !p->view->show_baseline)
          continue;
        if (draw)
          {
            WmGanttMilestone milestone = { NULL, NULL, 1, 0, FALSE };

            switch (symbols[i].kind)
              {
              case 0:
              case 1:
              case 2:
                milestone.done = symbols[i].kind == 1;
                milestone.missed = symbols[i].kind == 2;
                draw_diamond (p, sx, mid, r, &milestone);
                break;
              case 3:
                set_colour (cr, with_alpha (p->fg, 0.7));
                cairo_rectangle (cr, sx - 0.75, mid - r - 2, 1.5, 2 * r + 4);
                cairo_fill (cr);
                break;
              case 4:
                set_colour (cr, p->red);
                cairo_rectangle (cr, sx - 1.5, mid - r - 2, 3, 2 * r + 4);
                cairo_fill (cr);
                break;
              case 5:
                set_colour (cr, p->accent);
                cairo_rectangle (cr, sx - 1, mid - r - 2, 2, 2 * r + 4);
                cairo_fill (cr);
                break;
              case 6:
                {
                  double dashes[] = { 3, 2 };

                  set_colour (cr, mix (p->bg, p->fg, 0.55));
                  cairo_set_dash (cr, dashes, 2, 0);
                  cairo_move_to (cr, sx + 0.5, mid - r - 2);
                  cairo_line_to (cr, sx + 0.5, mid + r + 2);
                  cairo_set_line_width (cr, 1);
                  cairo_stroke (cr);
                  cairo_set_dash (cr, NULL, 0, 0);
                }
                break;
              case 7:
              default:
                set_colour (cr, p->baseline);
                cairo_rectangle (cr, x, mid - 1.5, 2 * r + 2, p->layout.baseline_height);
                cairo_fill (cr);
                break;
              }
            draw_text (p, p->small, symbols[i].label, x + 2 * r + 6, ty, 0, p->fg);
          }
        text_size (p, p->small, symbols[i].label, &w, &th);
        ADVANCE (2 * r + 6 + w + gap * 0.8);
      }
  }
#undef ADVANCE
  return x;
}

static void
draw_legend (Painter *p,
             double   x,
             double   y,
             double   width,
             double   height)
{
  cairo_t *cr = p->cr;
  double pad = round (p->layout.unit * 0.6);
  gboolean summaries = legend_items (p, x + pad, y, height, x + width, TRUE, FALSE) <= x + width;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  set_colour (cr, p->header_bg);
  cairo_paint (cr);
  set_colour (cr, with_alpha (p->grid, 2.0));
  cairo_rectangle (cr, x, y, width, 1);
  cairo_fill (cr);
  legend_items (p, x + pad, y, height, x + width, summaries, TRUE);
  cairo_restore (cr);
}

/**
 * wm_gantt_render_legend:
 *
 * The rating scale and the Gantt's symbols on one line, for a window that
 * shows the legend in its own place rather than along the bottom of the
 * chart.
 */
void
wm_gantt_render_legend (cairo_t             *cr,
                        const WmGanttModel  *model,
                        const WmRenderStyle *style,
                        double               x,
                        double               y,
                        double               width)
{
  WmGanttView view;
  Painter p;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (model != NULL);
  g_return_if_fail (style != NULL);

  wm_gantt_view_init (&view, model, width, 100, WM_GANTT_ZOOM_MONTH);
  view.show_legend = TRUE;
  painter_init (&p, cr, model, &view, style);
  draw_legend (&p, x, y, width, p.layout.legend_height);
  painter_clear (&p);
}

/* ---- the whole ---------------------------------------------------------- */

/* The priority of the topmost row, when its own band has scrolled away:
 * kept at the top of the rows, pushed up by the next band as it comes. */
static void
draw_sticky_priority (Painter   *p,
                      const int *rows,
                      int        n)
{
  const WmGanttLayout *l = &p->layout;
  const WmGanttModel *model = p->model;
  int k = 0, top;
  int priority;
  double y = l->header_height;

  /* the row under the top edge of the rows' area */
  while (k < n - 1 && wm_gantt_layout_y_of_row (l, rows[k]) + l->row_height <= y)
    k++;
  top = rows[k];
  priority = model->rows[top].kind == WM_GANTT_ROW_PRIORITY ? top : model->rows[top].priority_row;
  if (priority < 0 || (priority >= rows[0] && wm_gantt_layout_y_of_row (l, priority) >= y))
    return;
  for (int j = k + 1; j < n; j++)
    if (model->rows[rows[j]].kind == WM_GANTT_ROW_PRIORITY)
      {
        y = MIN (y, wm_gantt_layout_y_of_row (l, rows[j]) - l->row_height);
        break;
      }
  draw_priority_row (p, priority, y, TRUE);
}

/* The window's selected row: a quiet wash of the accent under the
 * row's bars and text (from @x0 to @x1), so that their labels keep their
 * contrast... */
static void
draw_selection_wash (Painter *p,
                     double   x0,
                     double   x1)
{
  const WmGanttLayout *l = &p->layout;
  int row = p->view->selected_row;

  if (row < 0 || row >= (int) p->model->n_rows || wm_gantt_layout_slot_of_row (l, row) < 0)
    return;
  set_colour (p->cr, with_alpha (p->accent, p->style->dark ? 0.22 : 0.14));
  cairo_rectangle (p->cr, x0, round (wm_gantt_layout_y_of_row (l, row)), x1 - x0,
                   l->row_height - 1);
  cairo_fill (p->cr);
}

/* ... and a firmer edge over everything.  A priority's band is painted
 * over the wash, so its row is washed again here: its text is bold. */
static void
draw_selection (Painter *p)
{
  cairo_t *cr = p->cr;
  const WmGanttLayout *l = &p->layout;
  int row = p->view->selected_row;
  double y;

  if (row < 0 || row >= (int) p->model->n_rows || wm_gantt_layout_slot_of_row (l, row) < 0)
    return;
  y = round (wm_gantt_layout_y_of_row (l, row));
  if (p->model->rows[row].kind == WM_GANTT_ROW_PRIORITY)
    draw_selection_wash (p, 0, p->view->width);
  set_colour (cr, with_alpha (p->accent, 0.8));
  cairo_rectangle (cr, 0, y, p->view->width, 1);
  cairo_rectangle (cr, 0, y + l->row_height - 2, p->view->width, 1);
  cairo_fill (cr);
}

static void
draw_key_date_lines (Painter *p,
                     double   top,
                     double   bottom)
{
  cairo_t *cr = p->cr;
  double dashes[] = { 4, 3 };

  cairo_set_dash (cr, dashes, 2, 0);
  cairo_set_line_width (cr, 1);
  set_colour (cr, mix (p->bg, p->fg, 0.5));
  for (guint i = 0; i < p->model->n_key_dates; i++)
    {
      double x = round (x_of (p, p->model->key_dates[i].date + 0.5)) + 0.5;

      if (x < p->left || x > p->right)
        continue;
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* The rows wm_gantt_render() draws, in @rows[0 .. n-1] */
#define FOR_EACH_ROW(i) \
  for (int k_ = 0, i = 0; k_ < n && ((i = rows[k_]), TRUE); k_++)

/**
 * wm_gantt_render:
 * @cr: where to draw; the drawing covers (0, 0) to (view->width, view->height)
 * @model: the plan
 * @view: what part of it, and how
 * @style: colours and font
 *
 * Draws the Gantt: the header, the rows @view shows (its first_row and
 * n_rows, or those under scroll_y when n_rows < 0) and, when asked, the
 * outline column and the legend.  Reads no other rows of @model.
 */
void
wm_gantt_render (cairo_t             *cr,
                 const WmGanttModel  *model,
                 const WmGanttView   *view,
                 const WmRenderStyle *style)
{
  const WmGanttLayout *l;
  Painter p;
  int first, n;
  g_autofree int *rows = NULL;
  double rows_top, rows_bottom;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (model != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (style != NULL);

  painter_init (&p, cr, model, view, style);
  l = &p.layout;
  /* The model rows to draw, top to bottom: with collapsed priorities
   * they are not consecutive, and only the shown ones are listed. */
  if (view->n_rows >= 0)
    {
      int count = 0;

      first = CLAMP (view->first_row, 0, (int) model->n_rows);
      n = CLAMP (view->n_rows, 0, (int) model->n_rows - first);

      rows = g_new (int, MAX (n, 1));
      for (int i = first; i < first + n; i++)
        if (wm_gantt_layout_slot_of_row (l, i) >= 0)
          rows[count++] = i;
      n = count;
    }
  else
    {
      int first_slot;

      visible_slots (l, model, &first_slot, &n);
      rows = g_new (int, MAX (n, 1));
      for (int k = 0; k < n; k++)
        rows[k] = row_of_slot (l, first_slot + k);
    }
  rows_top = l->header_height;
  rows_bottom = l->rows_bottom;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  set_colour (cr, p.bg);
  cairo_paint (cr);

  /* The rows' area, under the header */
  cairo_save (cr);
  cairo_rectangle (cr, 0, rows_top, view->width, rows_bottom - rows_top);
  cairo_clip (cr);

  cairo_save (cr);
  cairo_rectangle (cr, p.left, rows_top, p.right - p.left, rows_bottom - rows_top);
  cairo_clip (cr);
  draw_weekends (&p, rows_top, rows_bottom);
  {
    double span[2] = { rows_top, rows_bottom };
    foreach_month (&p, grid_line, span);
  }
  cairo_restore (cr);

  FOR_EACH_ROW (i)
    {
      double y = wm_gantt_layout_y_of_row (l, i);

      if (model->rows[i].kind == WM_GANTT_ROW_PRIORITY)
        continue;  /* bands are drawn last, over the lines */
      set_colour (cr, solid (p.bg, with_alpha (p.grid, 0.6)));
      cairo_rectangle (cr, 0, round (y + l->row_height) - 1, view->width, 1);
      cairo_fill (cr);
    }

  cairo_save (cr);
  cairo_rectangle (cr, p.left, rows_top, p.right - p.left, rows_bottom - rows_top);
  cairo_clip (cr);
  /* Key-date lines pause at the priority bands, so that the bands'
   * titles read clearly; the today line and the arrows cross them. */
  draw_key_date_lines (&p, rows_top, rows_bottom);
  FOR_EACH_ROW (i)
    if (model->rows[i].kind == WM_GANTT_ROW_PRIORITY)
      {
        set_colour (cr, p.band);
        cairo_rectangle (cr, 0, wm_gantt_layout_y_of_row (l, i), view->width, l->row_height);
        cairo_fill (cr);
      }
  draw_selection_wash (&p, p.left, p.right);
  if (view->show_dependencies && n > 0 && model->n_dependencies > 0)
    {
      p.routes = g_new (Route, MIN (model->n_dependencies, MAX_ROUTES));
      plan_dependencies (&p, rows[0], rows[n - 1]);
    }
  if (p.today >= p.day_first && p.today <= p.day_last)
    {
      set_colour (cr, p.accent);
      cairo_rectangle (cr, round (x_of (&p, p.today + 0.5)) - 1, rows_top, 2,
                       rows_bottom - rows_top);
      cairo_fill (cr);
    }
  FOR_EACH_ROW (i)
    if (model->rows[i].kind == WM_GANTT_ROW_ACTION)
      draw_action_row (&p, i, wm_gantt_layout_y_of_row (l, i));
  for (guint i = 0; i < p.n_routes; i++)
    draw_route (&p, &p.routes[i]);
  cairo_restore (cr);

  if (l->outline_width > 0)
    {
      set_colour (cr, p.bg);
      cairo_rectangle (cr, 0, rows_top, l->outline_width, rows_bottom - rows_top);
      cairo_fill (cr);
      cairo_save (cr);
      cairo_rectangle (cr, 0, rows_top, l->outline_width - 1, rows_bottom - rows_top);
      cairo_clip (cr);
      draw_selection_wash (&p, 0, l->outline_width);
      FOR_EACH_ROW (i)
        if (model->rows[i].kind == WM_GANTT_ROW_ACTION)
          {
            double y = wm_gantt_layout_y_of_row (l, i);

            set_colour (cr, solid (p.bg, with_alpha (p.grid, 0.6)));
            cairo_rectangle (cr, 0, round (y + l->row_height) - 1, l->outline_width, 1);
            cairo_fill (cr);
            draw_outline_row (&p, i, y);
          }
      cairo_restore (cr);
      set_colour (cr, with_alpha (p.grid, 2.0));
      cairo_rectangle (cr, l->outline_width - 1, rows_top, 1, rows_bottom - rows_top);
      cairo_fill (cr);
    }

  FOR_EACH_ROW (i)
    if (model->rows[i].kind == WM_GANTT_ROW_PRIORITY)
      draw_priority_row (&p, i, wm_gantt_layout_y_of_row (l, i), FALSE);
  draw_selection (&p);
  if (view->sticky_priority && n > 0)
    draw_sticky_priority (&p, rows, n);
  if (model->n_rows == 0)
    {
      int h = line_height (&p, p.text);

      draw_text (&p, p.text, "No actions to show", (l->outline_width > 0 ? 0 : p.left)
                 + round (l->unit * 0.6), rows_top + (l->row_height - h) / 2, 0, p.muted);
    }
  cairo_restore (cr);

  p.stats.rows_drawn = n;
  p.stats.first_row_drawn = n > 0 ? rows[0] : -1;
  p.stats.last_row_drawn = n > 0 ? rows[n - 1] : -1;

  draw_header (&p);
  if (view->show_legend)
    draw_legend (&p, 0, l->rows_bottom, view->width, l->legend_height);
  cairo_restore (cr);

  if (view->stats != NULL)
    *view->stats = p.stats;
  painter_clear (&p);
}
