/* wm-heatmap.c: the risk heat map (see wm-heatmap.h)
 *
 * The layout is computed once for a size, style and set of risks: the
 * grid, the axis labels, the legend, and a rectangle for every marker.
 * Markers sit in slots, a grid of equal rectangles inside each cell below
 * a strip kept for the cell's score, so two markers can never overlap;
 * what does not fit is counted in the cell's last slot.
 */
#define G_LOG_DOMAIN "wm-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "wm-heatmap.h"

struct _WmHeatmapLayout
{
  WmRiskScheme    *scheme;
  GPtrArray       *shown;          /* WmRisk: the risks drawn (open, or all) */
  GPtrArray       *unscored;       /* WmRisk: shown risks with no score yet */
  gboolean         residual_only;
  char            *title;
  char            *selected_id;
  char            *hover_id;
  gboolean         show_legend;

  double           width, height;
  double           unit;           /* the font's pixel size */
  char            *font_family;
  int              n_columns, n_rows;
  WmHeatmapRect    grid;
  double           cell_w, cell_h;
  double           y_labels_x, y_labels_w;
  double           y_title_x;
  double           x_labels_y, x_labels_h;
  double           x_title_y;
  gboolean         legend_right;
  WmHeatmapRect    legend;
  double           marker_font;    /* pixels */
  double           slot_w, slot_h, slot_gap;
  double           score_strip;    /* the strip at a cell's top for its score */
  GArray          *markers;        /* WmHeatmapMarker */
  GArray          *badges;         /* WmHeatmapBadge */
};

void
wm_heatmap_options_init (WmHeatmapOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->show_legend = TRUE;
}

/* ---------- text ---------- */

static PangoLayout *
make_text (cairo_t    *cr,
           const char *family,
           double      pixels,
           PangoWeight weight)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (family);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: a label measured here is the same width on screen,
   * in a PNG and in a PDF, so what was laid out to fit does fit. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);
  pango_font_description_set_absolute_size (font, pixels * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static void
text_size (PangoLayout *layout,
           const char  *text,
           double       wrap_width,
           double      *width,
           double      *height)
{
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, wrap_width > 0 ? (int) (wrap_width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

/* A cairo context to measure text on when there is no target yet. */
static cairo_t *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

/* ---------- what goes where ---------- */

static gboolean
is_severity (WmHeatmapLayout *self)
{
  return self->scheme->kind == WM_RISK_SCHEME_SEVERITY;
}

/* The cell of a risk at a stage, or FALSE when it has no score there. */
static gboolean
risk_cell (WmHeatmapLayout *self,
           WmRisk          *risk,
           WmRiskStage      stage,
           int             *column,
           int             *row)
{
  int score = wm_risk_get_score (risk, stage);

  if (score == 0)
    return FALSE;
  if (is_severity (self))
    {
      *column = score - 1;
      *row = self->residual_only || stage == WM_RISK_RESIDUAL ? 0 : 1;
      return TRUE;
    }
  *column = wm_risk_get_impact (risk, stage) - 1;
  *row = wm_risk_get_likelihood (risk, stage) - 1;
  return *column >= 0 && *row >= 0;
}

static const char *
row_label (WmHeatmapLayout *self,
           int              row)
{
  if (is_severity (self))
    return self->residual_only || row == 0 ? _("After mitigation") : _("Before mitigation");
  return wm_risk_scheme_get_level (self->scheme, WM_RISK_AXIS_LIKELIHOOD, row + 1)->label;
}

static const char *
column_label (WmHeatmapLayout *self,
              int              column)
{
  return wm_risk_scheme_get_level (self->scheme, is_severity (self) ? WM_RISK_AXIS_SEVERITY
                                                                    : WM_RISK_AXIS_IMPACT,
                                   column + 1)->label;
}

/* "4 Likely": on a matrix the number matters, it makes the score. */
static char *
axis_text (WmHeatmapLayout *self,
           gboolean         rows,
           int              index)
{
  if (is_severity (self))
    return g_strdup (rows ? row_label (self, index) : column_label (self, index));
  return g_strdup_printf ("%d %s", index + 1, rows ? row_label (self, index)
                                                   : column_label (self, index));
}

static int
cell_score (WmHeatmapLayout *self,
            int              column,
            int              row)
{
  if (is_severity (self))
    return column + 1;
  return (column + 1) * (row + 1);
}

/* ---------- legend ---------- */

typedef enum
{
  ITEM_BAND,
  ITEM_INHERENT,
  ITEM_RESIDUAL,
  ITEM_ARROW,
  ITEM_COUNT,
  ITEM_TEXT,
} ItemKind;

typedef struct
{
  ItemKind    kind;
  char       *text;
  const char *colour;
} LegendItem;

static void
legend_item_clear (gpointer data)
{
  g_free (((LegendItem *) data)->text);
}

static GArray *
legend_items (WmHeatmapLayout *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  LegendItem item;

  g_array_set_clear_func (items, legend_item_clear);
  for (guint i = self->scheme->bands->len; i-- > 0;)
    {
      const WmRiskBand *band = &g_array_index (self->scheme->bands, WmRiskBand, i);

      if (is_severity (self) || band->min_score == band->max_score)
        item.text = g_strdup (band->name);
      else
        /* Translators: a risk band and its scores: "Moderate 4–6" */
        item.text = g_strdup_printf (_("%s %d–%d"), band->name, band->min_score, band->max_score);
      item.kind = ITEM_BAND;
      item.colour = band->colour;
      g_array_append_val (items, item);
    }
  if (!self->residual_only)
    {
      item = (LegendItem) { ITEM_INHERENT, g_strdup (_("Before mitigation")), NULL };
      g_array_append_val (items, item);
    }
  item = (LegendItem) { ITEM_RESIDUAL, g_strdup (_("After mitigation")), NULL };
  g_array_append_val (items, item);
  if (!self->residual_only)
    {
      item = (LegendItem) { ITEM_ARROW, g_strdup (_("Effect of mitigation")), NULL };
      g_array_append_val (items, item);
    }
  if (self->badges->len > 0)
    {
      item = (LegendItem) { ITEM_COUNT, g_strdup (_("More risks in the cell")), NULL };
      g_array_append_val (items, item);
    }
  if (self->scheme->appetite > 0)
    {
      g_autofree char *score = wm_risk_scheme_format_score (self->scheme, self->scheme->appetite);
      /* Translators: the score the board accepts: "Appetite: 6 or below" */
      item = (LegendItem) { ITEM_TEXT, g_strdup_printf (_("Appetite: %s or below"), score), NULL };
      g_array_append_val (items, item);
    }
  if (self->unscored->len > 0)
    {
      g_autoptr(GString) refs = g_string_new (NULL);

      for (guint i = 0; i < self->unscored->len && i < 12; i++)
        g_string_append_printf (refs, "%s%s", i ? ", " : "",
                                wm_risk_get_ref (self->unscored->pdata[i]));
      if (self->unscored->len > 12)
        g_string_append_printf (refs, " +%u", self->unscored->len - 12);
      /* Translators: risks not placed on the heat map: "Not yet scored: RR9, RR10" */
      item = (LegendItem) { ITEM_TEXT, g_strdup_printf (_("Not yet scored: %s"), refs->str),
                            NULL };
      g_array_append_val (items, item);
    }
  return items;
}

/* ---------- layout ---------- */

static int
compare_refs (WmRisk *a,
              WmRisk *b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (wm_risk_get_ref (a), -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (wm_risk_get_ref (b), -1);

  return strcmp (ka, kb);
}

/* Within a cell: the selected risk first (so it is never counted away),
 * then after-mitigation markers, then by ref in natural order. */
static int
compare_markers (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const WmHeatmapMarker *x = a;
  const WmHeatmapMarker *y = b;
  WmHeatmapLayout *self = data;
  gboolean xs = self->selected_id && g_str_equal (wm_risk_get_id (x->risk), self->selected_id);
  gboolean ys = self->selected_id && g_str_equal (wm_risk_get_id (y->risk), self->selected_id);

  if (xs != ys)
    return xs ? -1 : 1;
  if (x->stage != y->stage)
    return x->stage == WM_RISK_RESIDUAL ? -1 : 1;
  return compare_refs (x->risk, y->risk);
}

static void
place_cell (WmHeatmapLayout *self,
            GArray          *markers,
            guint            first,
            guint            n,
            int              column,
            int              row)
{
  WmHeatmapRect cell = wm_heatmap_layout_cell (self, column, row);
  double inset = self->unit * 0.25;
  double area_w = cell.width - 2 * inset;
  double area_h = cell.height - self->score_strip - inset;
  int per_row = (int) floor ((area_w + self->slot_gap) / (self->slot_w + self->slot_gap));
  int n_lines = (int) floor ((area_h + self->slot_gap) / (self->slot_h + self->slot_gap));
  guint capacity = (guint) (MAX (per_row, 0) * MAX (n_lines, 0));
  guint placed = n <= capacity ? n : capacity > 1 ? capacity - 1 : 0;
  guint slots = placed + (placed < n ? 1 : 0);
  int used_rows, used_cols;
  double block_w, block_h, x0, y0;
  WmHeatmapBadge badge = { column, row, { 0 }, n - placed, capacity == 0 };

  if (slots == 0)
    return;
  if (capacity == 0)
    {
      /* Too small a cell for even one marker: its count, centred. */
      double w = MIN (cell.width - 2, self->slot_w);
      double h = MIN (cell.height - 2, self->slot_h);

      badge.rect = (WmHeatmapRect) { cell.x + (cell.width - w) / 2, cell.y + (cell.height - h) / 2,
                                     MAX (w, 1), MAX (h, 1) };
      for (guint i = 0; i < n; i++)
        {
          WmHeatmapMarker *m = &g_array_index (markers, WmHeatmapMarker, first + i);
          m->rect = badge.rect;
          m->folded = TRUE;
        }
      g_array_append_val (self->badges, badge);
      return;
    }

  used_cols = MIN ((int) slots, per_row);
  used_rows = ((int) slots + per_row - 1) / per_row;
  block_w = used_cols * self->slot_w + (used_cols - 1) * self->slot_gap;
  block_h = used_rows * self->slot_h + (used_rows - 1) * self->slot_gap;
  x0 = cell.x + (cell.width - block_w) / 2;
  y0 = cell.y + self->score_strip + (area_h - block_h) / 2;

  for (guint i = 0; i < slots; i++)
    {
      WmHeatmapRect rect = {
        round (x0 + (i % per_row) * (self->slot_w + self->slot_gap)),
        round (y0 + (i / per_row) * (self->slot_h + self->slot_gap)),
        self->slot_w, self->slot_h,
      };

      if (i < placed)
        g_array_index (markers, WmHeatmapMarker, first + i).rect = rect;
      else
        {
          badge.rect = rect;
          for (guint j = placed; j < n; j++)
            {
              WmHeatmapMarker *m = &g_array_index (markers, WmHeatmapMarker, first + j);
              m->rect = rect;
              m->folded = TRUE;
            }
          g_array_append_val (self->badges, badge);
        }
    }
}

static int
compare_cells (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const WmHeatmapMarker *x = a;
  const WmHeatmapMarker *y = b;

  if (x->row != y->row)
    return x->row - y->row;
  if (x->column != y->column)
    return x->column - y->column;
  return compare_markers (a, b, data);
}

static void
place_markers (WmHeatmapLayout *self)
{
  guint start = 0;

  g_array_sort_with_data (self->markers, compare_cells, self);
  while (start < self->markers->len)
    {
      WmHeatmapMarker *first = &g_array_index (self->markers, WmHeatmapMarker, start);
      guint end = start + 1;

      while (end < self->markers->len
             && g_array_index (self->markers, WmHeatmapMarker, end).column == first->column
             && g_array_index (self->markers, WmHeatmapMarker, end).row == first->row)
        end++;
      place_cell (self, self->markers, start, end - start, first->column, first->row);
      start = end;
    }
}

/**
 * wm_heatmap_layout_new:
 * @scheme: the plan's risk scheme
 * @risks: (element-type WmRisk): the register
 * @width: the area's width
 * @height: the area's height
 * @options: (nullable): what to show
 * @style: colours and font
 *
 * Returns: (transfer full): where everything goes
 */
WmHeatmapLayout *
wm_heatmap_layout_new (WmRiskScheme           *scheme,
                       GPtrArray              *risks,
                       double                  width,
                       double                  height,
                       const WmHeatmapOptions *options,
                       const WmRenderStyle    *style)
{
  WmHeatmapLayout *self = g_new0 (WmHeatmapLayout, 1);
  WmHeatmapOptions defaults;
  cairo_t *cr = measuring_context ();
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) marker_text = NULL;
  g_autoptr(GArray) items = NULL;
  double u, pad, title_h = 0, max_ref = 0, y_title_w, x_title_h, legend_w = 0, legend_h = 0;
  double x_labels_h, label_max;

  g_return_val_if_fail (scheme != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  if (options == NULL)
    {
      wm_heatmap_options_init (&defaults);
      options = &defaults;
    }
  self->scheme = wm_risk_scheme_ref (scheme);
  self->residual_only = options->residual_only;
  self->title = g_strdup (options->title);
  self->selected_id = g_strdup (options->selected_id);
  self->hover_id = g_strdup (options->hover_id);
  self->show_legend = options->show_legend;
  self->width = MAX (width, 1);
  self->height = MAX (height, 1);
  self->font_family = g_strdup (style->font_family ? style->font_family : "Sans");
  self->unit = u = MAX (6.0, round (style->font_size * 96.0 / 72.0));
  self->markers = g_array_new (FALSE, TRUE, sizeof (WmHeatmapMarker));
  self->badges = g_array_new (FALSE, TRUE, sizeof (WmHeatmapBadge));
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->unscored = g_ptr_array_new_with_free_func (g_object_unref);

  if (is_severity (self))
    {
      self->n_columns = wm_risk_scheme_n_levels (scheme, WM_RISK_AXIS_SEVERITY);
      self->n_rows = self->residual_only ? 1 : 2;
    }
  else
    {
      self->n_columns = wm_risk_scheme_n_levels (scheme, WM_RISK_AXIS_IMPACT);
      self->n_rows = wm_risk_scheme_n_levels (scheme, WM_RISK_AXIS_LIKELIHOOD);
    }
  self->n_columns = MAX (self->n_columns, 1);
  self->n_rows = MAX (self->n_rows, 1);

  /* The markers, before any geometry: their count decides the legend. */
  self->marker_font = round (u * 0.85);
  marker_text = make_text (cr, self->font_family, self->marker_font, PANGO_WEIGHT_BOLD);
  for (guint i = 0; risks != NULL && i < risks->len; i++)
    {
      WmRisk *risk = risks->pdata[i];
      gboolean any = FALSE;

      if (wm_risk_is_closed (risk) && !options->show_closed)
        continue;
      g_ptr_array_add (self->shown, g_object_ref (risk));
      for (int stage = WM_RISK_INHERENT; stage <= WM_RISK_RESIDUAL; stage++)
        {
          WmHeatmapMarker marker = { risk, stage, 0, 0, { 0 }, FALSE };

          if (stage == WM_RISK_INHERENT && self->residual_only)
            continue;
          if (!risk_cell (self, risk, stage, &marker.column, &marker.row)
              || marker.column >= self->n_columns || marker.row >= self->n_rows)
            continue;
          g_array_append_val (self->markers, marker);
          any = TRUE;
        }
      if (!any)
        g_ptr_array_add (self->unscored, g_object_ref (risk));
      else
        {
          double w;

          text_size (marker_text, wm_risk_get_ref (risk), -1, &w, NULL);
          max_ref = MAX (max_ref, w);
        }
    }
  /* "+99" fits in the same slot as the longest ref */
  {
    double w;

    text_size (marker_text, "+99", -1, &w, NULL);
    max_ref = MAX (max_ref, w);
  }
  self->slot_w = ceil (MIN (max_ref, u * 6) + u * 0.7);
  self->slot_h = ceil (self->marker_font * 1.55);
  self->slot_gap = MAX (2.0, round (u * 0.2));
  self->score_strip = is_severity (self) ? u * 0.35 : round (u * 1.15);

  pad = round (u * 0.75);
  text = make_text (cr, self->font_family, u, PANGO_WEIGHT_NORMAL);

  if (self->title != NULL && *self->title != '\0')
    title_h = round (u * 2.0);

  /* Row labels, wrapped at a third of the width at most. */
  label_max = MAX (u * 4, MIN (u * 10, self->width / 5));
  self->y_labels_w = 0;
  for (int r = 0; r < self->n_rows; r++)
    {
      g_autofree char *label = axis_text (self, TRUE, r);
      double w;

      text_size (text, label, label_max, &w, NULL);
      self->y_labels_w = MAX (self->y_labels_w, w);
    }
  self->y_labels_w = ceil (self->y_labels_w + u * 0.6);
  y_title_w = is_severity (self) ? 0 : round (u * 1.6);
  x_title_h = round (u * 1.7);

  /* The legend: to the right when the area is wide, below otherwise. */
  self->legend_right = self->width >= self->height * 1.25;
  if (self->show_legend)
    {
      items = legend_items (self);
      if (self->legend_right)
        {
          double max_w = 0;

          for (guint i = 0; i < items->len; i++)
            {
              double w;

              text_size (text, g_array_index (items, LegendItem, i).text, u * 14, &w, NULL);
              max_w = MAX (max_w, w);
            }
          legend_w = ceil (MIN (max_w, u * 14) + self->slot_w + u * 1.2);
          legend_w = MIN (legend_w, self->width * 0.35);
        }
      else
        {
          double x = 0, line = 1;
          double avail = self->width - 2 * pad;

          for (guint i = 0; i < items->len; i++)
            {
              double w;

              text_size (text, g_array_index (items, LegendItem, i).text, -1, &w, NULL);
              w += self->slot_w + u * 1.6;
              if (x > 0 && x + w > avail)
                {
                  line++;
                  x = 0;
                }
              x += w;
            }
          legend_h = ceil (line * (self->slot_h + u * 0.4));
        }
    }

  /* The grid takes what is left; the column labels wrap to a cell. */
  self->grid.x = pad + y_title_w + self->y_labels_w;
  self->grid.y = pad + title_h;
  self->grid.width = self->width - self->grid.x - pad - (legend_w > 0 ? legend_w + pad : 0);
  self->grid.width = MAX (self->grid.width, 10);
  self->cell_w = self->grid.width / self->n_columns;
  x_labels_h = 0;
  for (int c = 0; c < self->n_columns; c++)
    {
      g_autofree char *label = axis_text (self, FALSE, c);
      double h;

      text_size (text, label, MAX (self->cell_w - u * 0.4, u * 2), NULL, &h);
      x_labels_h = MAX (x_labels_h, h);
    }
  self->x_labels_h = ceil (x_labels_h + u * 0.5);
  self->grid.height = self->height - self->grid.y - pad - self->x_labels_h - x_title_h
                      - (legend_h > 0 ? legend_h + pad * 0.5 : 0);
  self->grid.height = MAX (self->grid.height, 10);
  self->cell_h = self->grid.height / self->n_rows;

  self->y_labels_x = pad + y_title_w;
  self->y_title_x = pad;
  self->x_labels_y = self->grid.y + self->grid.height;
  self->x_title_y = self->x_labels_y + self->x_labels_h;
  if (legend_w > 0)
    self->legend = (WmHeatmapRect) { self->grid.x + self->grid.width + pad, self->grid.y,
                                     legend_w, self->grid.height };
  else if (legend_h > 0)
    self->legend = (WmHeatmapRect) { pad, self->x_title_y + x_title_h + pad * 0.5,
                                     self->width - 2 * pad, legend_h };

  place_markers (self);
  cairo_destroy (cr);
  return self;
}

void
wm_heatmap_layout_free (WmHeatmapLayout *self)
{
  if (self == NULL)
    return;
  wm_risk_scheme_unref (self->scheme);
  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->unscored);
  g_array_unref (self->markers);
  g_array_unref (self->badges);
  g_free (self->title);
  g_free (self->selected_id);
  g_free (self->hover_id);
  g_free (self->font_family);
  g_free (self);
}

int
wm_heatmap_layout_n_columns (WmHeatmapLayout *self)
{
  return self->n_columns;
}

int
wm_heatmap_layout_n_rows (WmHeatmapLayout *self)
{
  return self->n_rows;
}

WmHeatmapRect
wm_heatmap_layout_grid (WmHeatmapLayout *self)
{
  return self->grid;
}

/* Row 0 is the bottom row: likelihood rises up the page. */
WmHeatmapRect
wm_heatmap_layout_cell (WmHeatmapLayout *self,
                        int              column,
                        int              row)
{
  double x0 = round (self->grid.x + column * self->cell_w);
  double x1 = round (self->grid.x + (column + 1) * self->cell_w);
  double y0 = round (self->grid.y + (self->n_rows - row - 1) * self->cell_h);
  double y1 = round (self->grid.y + (self->n_rows - row) * self->cell_h);

  return (WmHeatmapRect) { x0, y0, x1 - x0, y1 - y0 };
}

/**
 * wm_heatmap_layout_markers:
 *
 * Returns: (transfer none) (element-type WmHeatmapMarker): every marker,
 *   cell by cell
 */
GArray *
wm_heatmap_layout_markers (WmHeatmapLayout *self)
{
  return self->markers;
}

GArray *
wm_heatmap_layout_badges (WmHeatmapLayout *self)
{
  return self->badges;
}

static gboolean
rect_contains (const WmHeatmapRect *rect,
               double               x,
               double               y)
{
  return x >= rect->x && x < rect->x + rect->width && y >= rect->y && y < rect->y + rect->height;
}

/* The marker under (x, y); for a count badge, the first risk counted in it. */
const WmHeatmapMarker *
wm_heatmap_layout_marker_at (WmHeatmapLayout *self,
                             double           x,
                             double           y)
{
  for (guint i = 0; i < self->markers->len; i++)
    {
      const WmHeatmapMarker *m = &g_array_index (self->markers, WmHeatmapMarker, i);

      if (rect_contains (&m->rect, x, y))
        return m;
    }
  return NULL;
}

gboolean
wm_heatmap_layout_cell_at (WmHeatmapLayout *self,
                           double           x,
                           double           y,
                           int             *column,
                           int             *row)
{
  if (!rect_contains (&self->grid, x, y))
    return FALSE;
  *column = CLAMP ((int) ((x - self->grid.x) / self->cell_w), 0, self->n_columns - 1);
  *row = self->n_rows - 1 - CLAMP ((int) ((y - self->grid.y) / self->cell_h), 0, self->n_rows - 1);
  return TRUE;
}

/**
 * wm_heatmap_layout_risks_in_cell:
 *
 * Returns: (transfer container) (element-type WmHeatmapMarker): the
 *   markers of a cell, in the order they are laid out
 */
GPtrArray *
wm_heatmap_layout_risks_in_cell (WmHeatmapLayout *self,
                                 int              column,
                                 int              row)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < self->markers->len; i++)
    {
      WmHeatmapMarker *m = &g_array_index (self->markers, WmHeatmapMarker, i);

      if (m->column == column && m->row == row)
        g_ptr_array_add (found, m);
    }
  return found;
}

/* "likelihood 4 Likely, impact 5 Catastrophic: score 20, Extreme" */
char *
wm_heatmap_layout_cell_name (WmHeatmapLayout *self,
                             int              column,
                             int              row)
{
  const WmRiskBand *band = wm_risk_scheme_band_for_score (self->scheme,
                                                          cell_score (self, column, row));

  if (is_severity (self))
    {
      g_autofree char *stage = g_utf8_strdown (row_label (self, row), -1);

      /* Translators: a cell of the severity heat map: "High, before mitigation" */
      return g_strdup_printf (_("%s, %s"), column_label (self, column), stage);
    }
  /* Translators: a cell of the 5×5 heat map */
  return g_strdup_printf (_("likelihood %d %s, impact %d %s: score %d, %s"), row + 1,
                          row_label (self, row), column + 1, column_label (self, column),
                          cell_score (self, column, row), band ? band->name : "");
}

/* ---------- drawing ---------- */

static void
set_colour (cairo_t        *cr,
            const WmColour *colour,
            double          alpha)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a * alpha);
}

/* A band's colour as drawn: plan colours are chosen on white, so on a
 * dark background they are toned down towards it. */
static WmColour
band_colour (const char          *text,
             const WmRenderStyle *style)
{
  WmColour colour = { 0.6, 0.6, 0.6, 1.0 };

  wm_colour_parse (text, &colour);
  if (style->dark)
    {
      colour.r = colour.r * 0.62 + style->background.r * 0.38;
      colour.g = colour.g * 0.62 + style->background.g * 0.38;
      colour.b = colour.b * 0.62 + style->background.b * 0.38;
    }
  return colour;
}

static void
rounded_rect (cairo_t             *cr,
              const WmHeatmapRect *r,
              double               radius)
{
  double x = r->x, y = r->y, w = r->width, h = r->height;

  radius = MIN (radius, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       width,
           PangoAlignment alignment)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The point where the segment from the centre of @r towards (tx, ty)
 * leaves @r, so arrows start and end at the markers' edges. */
static void
edge_point (const WmHeatmapRect *r,
            double               tx,
            double               ty,
            double              *ex,
            double              *ey)
{
  double cx = r->x + r->width / 2, cy = r->y + r->height / 2;
  double dx = tx - cx, dy = ty - cy;
  double sx = dx != 0 ? (r->width / 2) / fabs (dx) : G_MAXDOUBLE;
  double sy = dy != 0 ? (r->height / 2) / fabs (dy) : G_MAXDOUBLE;
  double s = MIN (MIN (sx, sy), 1.0);

  *ex = cx + dx * s;
  *ey = cy + dy * s;
}

static const WmHeatmapMarker *
find_marker (WmHeatmapLayout *self,
             WmRisk          *risk,
             WmRiskStage      stage)
{
  for (guint i = 0; i < self->markers->len; i++)
    {
      const WmHeatmapMarker *m = &g_array_index (self->markers, WmHeatmapMarker, i);

      if (m->risk == risk && m->stage == stage)
        return m;
    }
  return NULL;
}

static void
draw_arrow (cairo_t             *cr,
            WmHeatmapLayout     *self,
            const WmHeatmapRect *from,
            const WmHeatmapRect *to,
            const WmColour      *colour,
            double               alpha,
            double               line_width)
{
  double fx = from->x + from->width / 2, fy = from->y + from->height / 2;
  double tx = to->x + to->width / 2, ty = to->y + to->height / 2;
  double sx, sy, ex, ey, angle, head = MAX (5.0, self->unit * 0.5);

  edge_point (from, tx, ty, &sx, &sy);
  edge_point (to, fx, fy, &ex, &ey);
  if (hypot (ex - sx, ey - sy) < head * 1.5)
    return;
  angle = atan2 (ey - sy, ex - sx);
  set_colour (cr, colour, alpha);
  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, sx, sy);
  cairo_line_to (cr, ex - cos (angle) * head * 0.8, ey - sin (angle) * head * 0.8);
  cairo_stroke (cr);
  cairo_move_to (cr, ex, ey);
  cairo_line_to (cr, ex - head * cos (angle - 0.42), ey - head * sin (angle - 0.42));
  cairo_line_to (cr, ex - head * cos (angle + 0.42), ey - head * sin (angle + 0.42));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_marker (cairo_t             *cr,
             WmHeatmapLayout     *self,
             PangoLayout         *text,
             const WmRenderStyle *style,
             const WmHeatmapRect *rect,
             const char          *label,
             WmRiskStage          stage,
             gboolean             selected,
             gboolean             hover)
{
  WmHeatmapRect r = *rect;
  double radius = r.height / 2;
  int tw, th;
  /* After mitigation: solid, in the text colour; before: outlined. */
  const WmColour *ink = &style->foreground;
  const WmColour *paper = &style->background;

  if (stage == WM_RISK_RESIDUAL)
    {
      rounded_rect (cr, &r, radius);
      set_colour (cr, selected ? &style->accent : ink, selected ? 1.0 : 0.88);
      cairo_fill (cr);
      set_colour (cr, paper, 1.0);
    }
  else
    {
      WmHeatmapRect inner = { r.x + 0.75, r.y + 0.75, r.width - 1.5, r.height - 1.5 };

      rounded_rect (cr, &inner, radius);
      set_colour (cr, paper, 0.92);
      cairo_fill_preserve (cr);
      set_colour (cr, selected ? &style->accent : ink, selected ? 1.0 : 0.8);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      set_colour (cr, ink, 1.0);
    }
  pango_layout_set_text (text, label, -1);
  pango_layout_set_width (text, (int) ((r.width - 4) * PANGO_SCALE));
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (text, &tw, &th);
  cairo_move_to (cr, r.x + 2, r.y + (r.height - th) / 2);
  pango_cairo_show_layout (cr, text);

  if (selected || hover)
    {
      WmHeatmapRect ring = { r.x - 2, r.y - 2, r.width + 4, r.height + 4 };

      rounded_rect (cr, &ring, radius + 2);
      set_colour (cr, &style->accent, 1.0);
      cairo_set_line_width (cr, selected ? 2.0 : 1.5);
      cairo_stroke (cr);
    }
}

static void
draw_badge (cairo_t             *cr,
            PangoLayout         *text,
            const WmRenderStyle *style,
            const WmHeatmapBadge *badge,
            gboolean             alone)
{
  WmHeatmapRect r = badge->rect;
  g_autofree char *label = alone ? g_strdup_printf ("%u", badge->count)
                                 : g_strdup_printf ("+%u", badge->count);
  int tw, th;

  rounded_rect (cr, &r, 3);
  set_colour (cr, &style->background, 0.75);
  cairo_fill_preserve (cr);
  set_colour (cr, &style->foreground, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, (double[]) { 2, 2 }, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  set_colour (cr, &style->foreground, 1.0);
  pango_layout_set_text (text, label, -1);
  pango_layout_set_width (text, (int) (r.width * PANGO_SCALE));
  pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (text, &tw, &th);
  cairo_move_to (cr, r.x, r.y + (r.height - th) / 2);
  pango_cairo_show_layout (cr, text);
}

static void
draw_legend (cairo_t             *cr,
             WmHeatmapLayout     *self,
             PangoLayout         *text,
             PangoLayout         *marker_text,
             const WmRenderStyle *style)
{
  g_autoptr(GArray) items = legend_items (self);
  double u = self->unit;
  double x = self->legend.x, y = self->legend.y;
  double swatch_w = self->slot_w;
  double text_w = self->legend_right ? self->legend.width - swatch_w - u * 0.6 : -1;

  for (guint i = 0; i < items->len; i++)
    {
      LegendItem *item = &g_array_index (items, LegendItem, i);
      WmHeatmapRect swatch = { x, y, swatch_w, self->slot_h };
      double w, h;

      text_size (text, item->text, text_w, &w, &h);
      if (!self->legend_right && x > self->legend.x
          && x + swatch_w + u * 0.6 + w > self->legend.x + self->legend.width)
        {
          x = self->legend.x;
          y += self->slot_h + u * 0.4;
          swatch.x = x;
          swatch.y = y;
        }

      switch (item->kind)
        {
        case ITEM_BAND:
          {
            WmColour colour = band_colour (item->colour, style);

            rounded_rect (cr, &swatch, 3);
            set_colour (cr, &colour, 1.0);
            cairo_fill_preserve (cr);
            set_colour (cr, &style->foreground, 0.25);
            cairo_set_line_width (cr, 1);
            cairo_stroke (cr);
          }
          break;
        case ITEM_INHERENT:
          draw_marker (cr, self, marker_text, style, &swatch, "RR1", WM_RISK_INHERENT, FALSE,
                       FALSE);
          break;
        case ITEM_RESIDUAL:
          draw_marker (cr, self, marker_text, style, &swatch, "RR1", WM_RISK_RESIDUAL, FALSE,
                       FALSE);
          break;
        case ITEM_ARROW:
          {
            WmHeatmapRect a = { swatch.x - 6, swatch.y, 6, swatch.height };
            WmHeatmapRect b = { swatch.x + swatch.width, swatch.y, 6, swatch.height };

            draw_arrow (cr, self, &a, &b, &style->foreground, 0.7, 1.5);
          }
          break;
        case ITEM_COUNT:
          {
            WmHeatmapBadge badge = { 0, 0, swatch, 12, FALSE };
            draw_badge (cr, marker_text, style, &badge, FALSE);
          }
          break;
        case ITEM_TEXT:
        default:
          swatch.width = 0;
          break;
        }

      set_colour (cr, &style->foreground, 0.9);
      show_text (cr, text, item->text, x + (swatch.width > 0 ? swatch_w + u * 0.6 : 0),
                 y + MAX (0, (self->slot_h - MIN (h, u * 1.3)) / 2),
                 self->legend_right ? (swatch.width > 0 ? text_w : self->legend.width) : -1,
                 PANGO_ALIGN_LEFT);
      if (self->legend_right)
        y += MAX (self->slot_h, h) + u * 0.45;
      else
        x += swatch_w + u * 0.6 + w + u;
    }
}

/**
 * wm_heatmap_render_layout:
 * @cr: where to draw, from (0, 0)
 * @layout: from wm_heatmap_layout_new()
 * @style: colours and font, as given to the layout
 */
void
wm_heatmap_render_layout (cairo_t             *cr,
                          WmHeatmapLayout     *self,
                          const WmRenderStyle *style)
{
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) small = NULL;
  g_autoptr(PangoLayout) bold = NULL;
  g_autoptr(PangoLayout) marker_text = NULL;
  double u = self->unit;
  guint n_arrows = 0;
  gboolean crowded;
  WmRisk *selected = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (self != NULL);

  cairo_save (cr);
  text = make_text (cr, self->font_family, u, PANGO_WEIGHT_NORMAL);
  small = make_text (cr, self->font_family, round (u * 0.8), PANGO_WEIGHT_NORMAL);
  bold = make_text (cr, self->font_family, round (u * 1.25), PANGO_WEIGHT_BOLD);
  marker_text = make_text (cr, self->font_family, self->marker_font, PANGO_WEIGHT_BOLD);

  /* The area only: the caller may have drawn around it (a heading) */
  set_colour (cr, &style->background, 1.0);
  cairo_rectangle (cr, 0, 0, self->width, self->height);
  cairo_fill (cr);

  if (self->title != NULL && *self->title != '\0')
    {
      set_colour (cr, &style->foreground, 1.0);
      pango_layout_set_ellipsize (bold, PANGO_ELLIPSIZE_END);
      show_text (cr, bold, self->title, self->grid.x, round (u * 0.6),
                 self->width - self->grid.x - u, PANGO_ALIGN_LEFT);
    }

  /* Cells in their bands' colours, each with its score. */
  for (int r = 0; r < self->n_rows; r++)
    for (int c = 0; c < self->n_columns; c++)
      {
        WmHeatmapRect cell = wm_heatmap_layout_cell (self, c, r);
        const WmRiskBand *band = wm_risk_scheme_band_for_score (self->scheme,
                                                                cell_score (self, c, r));
        WmColour colour = band_colour (band ? band->colour : NULL, style);

        cairo_rectangle (cr, cell.x, cell.y, cell.width, cell.height);
        set_colour (cr, &colour, 1.0);
        cairo_fill (cr);
        if (!is_severity (self))
          {
            g_autofree char *score = g_strdup_printf ("%d", cell_score (self, c, r));

            set_colour (cr, &style->foreground, style->dark ? 0.75 : 0.6);
            show_text (cr, small, score, cell.x + u * 0.3, cell.y + u * 0.15, -1,
                       PANGO_ALIGN_LEFT);
          }
      }
  /* Lines between cells in the background colour: the grid reads as tiles. */
  set_colour (cr, &style->background, 1.0);
  cairo_set_line_width (cr, 2);
  for (int c = 1; c < self->n_columns; c++)
    {
      double x = round (self->grid.x + c * self->cell_w);
      cairo_move_to (cr, x, self->grid.y);
      cairo_line_to (cr, x, self->grid.y + self->grid.height);
    }
  for (int r = 1; r < self->n_rows; r++)
    {
      double y = round (self->grid.y + r * self->cell_h);
      cairo_move_to (cr, self->grid.x, y);
      cairo_line_to (cr, self->grid.x + self->grid.width, y);
    }
  cairo_stroke (cr);

  /* Axis labels with the levels' names */
  set_colour (cr, &style->foreground, 0.9);
  for (int r = 0; r < self->n_rows; r++)
    {
      WmHeatmapRect cell = wm_heatmap_layout_cell (self, 0, r);
      g_autofree char *label = axis_text (self, TRUE, r);
      double w, h;

      text_size (text, label, self->y_labels_w - u * 0.6, &w, &h);
      show_text (cr, text, label, self->y_labels_x, cell.y + (cell.height - h) / 2,
                 self->y_labels_w - u * 0.6, PANGO_ALIGN_RIGHT);
    }
  for (int c = 0; c < self->n_columns; c++)
    {
      WmHeatmapRect cell = wm_heatmap_layout_cell (self, c, 0);
      g_autofree char *label = axis_text (self, FALSE, c);

      show_text (cr, text, label, cell.x + u * 0.2, self->x_labels_y + u * 0.3,
                 MAX (cell.width - u * 0.4, u * 2), PANGO_ALIGN_CENTER);
    }
  pango_layout_set_ellipsize (bold, PANGO_ELLIPSIZE_NONE);
  {
    g_autoptr(PangoLayout) axis = make_text (cr, self->font_family, u, PANGO_WEIGHT_BOLD);
    const char *x_title = is_severity (self) ? _("Severity") : _("Impact");
    double w, h;

    set_colour (cr, &style->foreground, 1.0);
    text_size (axis, x_title, -1, &w, &h);
    show_text (cr, axis, x_title, self->grid.x + (self->grid.width - w) / 2,
               self->x_title_y + u * 0.15, -1, PANGO_ALIGN_LEFT);
    if (!is_severity (self))
      {
        const char *y_title = _("Likelihood");

        text_size (axis, y_title, -1, &w, &h);
        cairo_save (cr);
        cairo_translate (cr, self->y_title_x, self->grid.y + (self->grid.height + w) / 2);
        cairo_rotate (cr, -G_PI / 2);
        show_text (cr, axis, y_title, 0, 0, -1, PANGO_ALIGN_LEFT);
        cairo_restore (cr);
      }
  }

  /* Arrows under the markers, so no arrow covers a ref.  Many arrows are
   * drawn quieter: the markers and counts carry the picture. */
  if (!self->residual_only)
    for (guint i = 0; i < self->shown->len; i++)
      n_arrows += find_marker (self, self->shown->pdata[i], WM_RISK_INHERENT) != NULL;
  crowded = n_arrows > 25;
  for (guint i = 0; !self->residual_only && i < self->shown->len; i++)
    {
      WmRisk *risk = self->shown->pdata[i];
      const WmHeatmapMarker *from = find_marker (self, risk, WM_RISK_INHERENT);
      const WmHeatmapMarker *to = find_marker (self, risk, WM_RISK_RESIDUAL);

      if (self->selected_id && g_str_equal (wm_risk_get_id (risk), self->selected_id))
        {
          selected = risk;
          continue;
        }
      if (from == NULL || to == NULL || (from->column == to->column && from->row == to->row))
        continue;
      draw_arrow (cr, self, &from->rect, &to->rect, &style->foreground, crowded ? 0.22 : 0.6,
                  crowded ? 1.0 : 1.5);
    }

  for (guint i = 0; i < self->markers->len; i++)
    {
      const WmHeatmapMarker *m = &g_array_index (self->markers, WmHeatmapMarker, i);
      const char *id = wm_risk_get_id (m->risk);

      if (m->folded)
        continue;
      draw_marker (cr, self, marker_text, style, &m->rect, wm_risk_get_ref (m->risk), m->stage,
                   self->selected_id && g_str_equal (id, self->selected_id),
                   self->hover_id && g_str_equal (id, self->hover_id));
    }
  for (guint i = 0; i < self->badges->len; i++)
    {
      const WmHeatmapBadge *badge = &g_array_index (self->badges, WmHeatmapBadge, i);
      draw_badge (cr, marker_text, style, badge, badge->whole_cell);
    }

  /* The selected risk's arrow on top, in the accent colour */
  if (selected != NULL)
    {
      const WmHeatmapMarker *from = find_marker (self, selected, WM_RISK_INHERENT);
      const WmHeatmapMarker *to = find_marker (self, selected, WM_RISK_RESIDUAL);

      if (from != NULL && to != NULL && (from->column != to->column || from->row != to->row))
        draw_arrow (cr, self, &from->rect, &to->rect, &style->accent, 1.0, 2.5);
    }

  if (self->show_legend && self->legend.width > 0)
    draw_legend (cr, self, text, marker_text, style);
  cairo_restore (cr);
}

/**
 * wm_heatmap_render:
 * @cr: where to draw, from (0, 0)
 * @scheme: the plan's scheme
 * @risks: (element-type WmRisk): the register
 * @width: the area's width
 * @height: the area's height
 * @options: (nullable): what to show
 * @style: colours and font
 */
void
wm_heatmap_render (cairo_t                *cr,
                   WmRiskScheme           *scheme,
                   GPtrArray              *risks,
                   double                  width,
                   double                  height,
                   const WmHeatmapOptions *options,
                   const WmRenderStyle    *style)
{
  g_autoptr(WmHeatmapLayout) layout = wm_heatmap_layout_new (scheme, risks, width, height,
                                                             options, style);

  wm_heatmap_render_layout (cr, layout, style);
}

/* ---------- in words ---------- */

static char *
describe_stage (WmRisk      *risk,
                WmRiskStage  stage)
{
  WmRiskScheme *scheme = wm_risk_get_scheme (risk);
  int score = wm_risk_get_score (risk, stage);
  const WmRiskBand *band = wm_risk_get_band (risk, stage);
  int l = wm_risk_get_likelihood (risk, stage);
  int i = wm_risk_get_impact (risk, stage);

  if (score == 0)
    return g_strdup (_("not scored"));
  if (scheme->kind == WM_RISK_SCHEME_SEVERITY)
    return wm_risk_scheme_format_score (scheme, score);
  /* Translators: where a risk sits on the 5×5 heat map */
  return g_strdup_printf (_("likelihood %d %s, impact %d %s: score %d, %s"), l,
                          wm_risk_scheme_get_level (scheme, WM_RISK_AXIS_LIKELIHOOD, l)->label, i,
                          wm_risk_scheme_get_level (scheme, WM_RISK_AXIS_IMPACT, i)->label,
                          score, band ? band->name : "");
}

/* "RR8, Lack of capacity: before mitigation likelihood 4 Likely, impact 5
 * Catastrophic: score 20, Extreme; after mitigation …" */
char *
wm_heatmap_describe_risk (WmRisk *risk)
{
  g_autofree char *before = describe_stage (risk, WM_RISK_INHERENT);
  g_autofree char *after = describe_stage (risk, WM_RISK_RESIDUAL);
  g_autofree char *title = g_utf8_substring (wm_risk_get_title (risk), 0, 80);

  /* Translators: one risk on the heat map, for screen readers */
  return g_strdup_printf (_("%s, %s: before mitigation %s; after mitigation %s"),
                          wm_risk_get_ref (risk), title, before, after);
}

/* Highest residual (or, unmitigated, inherent) score first, then by ref */
static int
compare_by_score (gconstpointer a,
                  gconstpointer b)
{
  WmRisk *x = *(WmRisk **) a;
  WmRisk *y = *(WmRisk **) b;
  int sx = wm_risk_get_score (x, WM_RISK_RESIDUAL) ?: wm_risk_get_score (x, WM_RISK_INHERENT);
  int sy = wm_risk_get_score (y, WM_RISK_RESIDUAL) ?: wm_risk_get_score (y, WM_RISK_INHERENT);

  if (sx != sy)
    return sy - sx;
  return compare_refs (x, y);
}

/**
 * wm_heatmap_describe:
 * @scheme: the plan's scheme
 * @risks: (element-type WmRisk): the register
 * @options: (nullable): what is shown
 *
 * The heat map in words, for screen readers and tests: what the axes are,
 * then every risk shown and its cells, highest residual score first.
 *
 * Returns: (transfer full): the text
 */
char *
wm_heatmap_describe (WmRiskScheme           *scheme,
                     GPtrArray              *risks,
                     const WmHeatmapOptions *options)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GString *text = g_string_new (NULL);
  guint n_unscored = 0;

  for (guint i = 0; risks && i < risks->len; i++)
    if (!wm_risk_is_closed (risks->pdata[i]) || (options && options->show_closed))
      g_ptr_array_add (shown, risks->pdata[i]);
  g_ptr_array_sort (shown, compare_by_score);

  if (scheme->kind == WM_RISK_SCHEME_SEVERITY)
    g_string_append_printf (text, ngettext ("Risk heat map by severity, %u risk.",
                                            "Risk heat map by severity, %u risks.", shown->len),
                            shown->len);
  else
    g_string_append_printf (text, ngettext ("Risk heat map, likelihood by impact, %u risk.",
                                            "Risk heat map, likelihood by impact, %u risks.",
                                            shown->len),
                            shown->len);
  for (guint i = 0; i < shown->len; i++)
    {
      g_autofree char *line = wm_heatmap_describe_risk (shown->pdata[i]);

      if (wm_risk_get_score (shown->pdata[i], WM_RISK_INHERENT) == 0
          && wm_risk_get_score (shown->pdata[i], WM_RISK_RESIDUAL) == 0)
        n_unscored++;
      g_string_append_printf (text, "\n%s.", line);
    }
  if (n_unscored > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u risk is not yet scored.",
                                              "%u risks are not yet scored.", n_unscored),
                              n_unscored);
    }
  return g_string_free (text, FALSE);
}
