/* wm-board-pack.c: the board pack, laid out on A4 pages
 *
 * Two steps.  Layout walks the report and turns it into pages of simple
 * drawing operations (text at a place, a filled box, a slice of the
 * Gantt), measuring text with Pango as it goes and breaking pages where a
 * row would not fit; only then are page numbers known, so the contents
 * list and the footers come last.  Drawing a page replays its
 * operations, on whatever cairo_t is given: the PDF writer, the print
 * operation and the preview all see the same pages.
 *
 * Text is measured and drawn with metric hinting off and at 72 dpi, so
 * that a line breaks at the same word on paper, in the PDF and on screen.
 */
#define G_LOG_DOMAIN "wm-board-pack"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "wm-audit-charts.h"
#include "wm-board-pack.h"
#include "wm-date.h"
#include "wm-gantt-render.h"
#include "wm-heatmap.h"
#include "wm-kpi-chart.h"
#include "wm-render-error.h"

#define A4_SHORT 595.276
#define A4_LONG  841.890
#define MARGIN        46.0
#define MARGIN_TOP    46.0
#define MARGIN_BOTTOM 58.0
#define FOOTER_GAP    30.0    /* the footer's top, above the page's bottom edge */
#define CELL_PAD      3.5
#define MAX_CELL_LINES 30     /* a longer note is cut with an ellipsis: a table row fits a page */
/* The Gantt draws in pixels at 96 dpi; the pack is in points */
#define PX_TO_PT (72.0 / 96.0)

enum
{
  FONT_BODY,
  FONT_SMALL,
  FONT_TABLE,
  FONT_TABLE_BOLD,
  FONT_H1,
  FONT_H2,
  FONT_TITLE,
  FONT_SUBTITLE,
  FONT_FIGURE,
  N_FONTS
};

static const struct
{
  double      size;    /* points */
  PangoWeight weight;
} fonts[N_FONTS] = {
  [FONT_BODY] = { 9.5, PANGO_WEIGHT_NORMAL },
  [FONT_SMALL] = { 7.5, PANGO_WEIGHT_NORMAL },
  [FONT_TABLE] = { 8.0, PANGO_WEIGHT_NORMAL },
  [FONT_TABLE_BOLD] = { 8.0, PANGO_WEIGHT_BOLD },
  [FONT_H1] = { 16.0, PANGO_WEIGHT_BOLD },
  [FONT_H2] = { 11.5, PANGO_WEIGHT_BOLD },
  [FONT_TITLE] = { 24.0, PANGO_WEIGHT_BOLD },
  [FONT_SUBTITLE] = { 13.0, PANGO_WEIGHT_NORMAL },
  [FONT_FIGURE] = { 20.0, PANGO_WEIGHT_BOLD },
};

/* Structure tags for a tagged PDF: what a screen reader navigates by */
typedef enum
{
  TAG_NONE,
  TAG_P,
  TAG_H1,
  TAG_H2,
} Tag;

static const char *const tag_names[] = { NULL, "P", "H1", "H2" };

typedef enum
{
  OP_TEXT,
  OP_RECT,
  OP_LINE,
  OP_GANTT,
  OP_GANTT_LEGEND,
  OP_HEATMAP,
  OP_KPI_CHART,
  OP_AUDIT_CHART,
  OP_HEADING,     /* an outline entry; draws nothing */
  OP_LINK,        /* a link to another page over a rectangle; draws nothing */
} OpKind;

typedef struct
{
  OpKind          kind;
  double          x, y, w, h;
  char           *markup;       /* OP_TEXT; OP_HEADING's title, plain */
  int             font;
  WmColour        colour;
  PangoAlignment  align;
  int             max_lines;    /* OP_TEXT: 0 for no limit */
  Tag             tag;
  int             level;        /* OP_HEADING: 1 or 2 */
  int             target_page;  /* OP_LINK */
  double          target_y;
  double          radius;       /* OP_RECT: rounded corners */
  double          scale;        /* OP_GANTT, OP_GANTT_LEGEND: pixels to points, times this */
  guint           index;        /* OP_KPI_CHART: into the pack's KPIs */
  /* OP_GANTT */
  int             first_row, n_rows;
  guint32         first_day, last_day;
  double          pixels_per_day;
  WmGanttZoom     zoom;
} Op;

typedef struct
{
  GArray   *ops;
  gboolean  landscape;
} Page;

typedef struct
{
  char   *title;
  int     level;
  int     page;
  double  y;
} Heading;

struct _WmBoardPack
{
  WmBoardReport       *report;
  WmGanttModel        *gantt;
  GPtrArray           *risks;      /* WmRisk, for the heat map; NULL: none */
  GPtrArray           *kpis;       /* WmKpiSeries; NULL: none */
  WmAuditStats        *audits;     /* NULL: none */
  WmBoardPackSections  sections;
  WmRenderStyle        style;
  GPtrArray           *pages;      /* Page* */
  GArray              *headings;   /* Heading */
  int                  contents_page;
  char                *footer;
};

static const WmColour ink = { 0.12, 0.12, 0.14, 1.0 };
static const WmColour quiet = { 0.36, 0.36, 0.40, 1.0 };
static const WmColour rule = { 0.78, 0.78, 0.80, 1.0 };
static const WmColour stripe = { 0.955, 0.955, 0.965, 1.0 };
static const WmColour header_fill = { 0.89, 0.89, 0.91, 1.0 };
static const WmColour not_rated = { 0.75, 0.75, 0.77, 1.0 };
static const WmColour warning_ink = { 0.70, 0.07, 0.10, 1.0 };

/* ---------- freeing ---------- */

static void
op_clear (gpointer data)
{
  g_free (((Op *) data)->markup);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_array_unref (page->ops);
  g_free (page);
}

static void
heading_clear (gpointer data)
{
  g_free (((Heading *) data)->title);
}

void
wm_board_pack_free (WmBoardPack *self)
{
  if (self == NULL)
    return;
  wm_board_report_free (self->report);
  g_clear_pointer (&self->gantt, wm_gantt_model_unref);
  g_clear_pointer (&self->risks, g_ptr_array_unref);
  g_clear_pointer (&self->kpis, g_ptr_array_unref);
  g_clear_pointer (&self->audits, wm_audit_stats_free);
  g_ptr_array_unref (self->pages);
  g_array_unref (self->headings);
  g_free (self->footer);
  g_free (self);
}

/* ---------- sections ---------- */

static const struct
{
  const char          *name;
  WmBoardPackSections  section;
} section_names[] = {
  { "summary", WM_BOARD_PACK_SUMMARY },
  { "exceptions", WM_BOARD_PACK_EXCEPTIONS },
  { "milestones", WM_BOARD_PACK_MILESTONES },
  { "changes", WM_BOARD_PACK_CHANGES },
  { "gantt", WM_BOARD_PACK_GANTT },
  { "risks", WM_BOARD_PACK_RISKS },
  { "audits", WM_BOARD_PACK_AUDITS },
  { "kpis", WM_BOARD_PACK_KPIS },
};

const char *
wm_board_pack_section_names (void)
{
  return "summary, exceptions, milestones, changes, gantt, risks, audits, kpis";
}

/**
 * wm_board_pack_parse_sections:
 * @list: "summary,exceptions,gantt", or "all"
 * @sections: (out): the sections named
 * @error: return location for a #GError
 *
 * Returns: %TRUE when every name is a section
 */
gboolean
wm_board_pack_parse_sections (const char           *list,
                              WmBoardPackSections  *sections,
                              GError              **error)
{
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (sections != NULL, FALSE);

  *sections = 0;
  names = g_strsplit_set (list, ", ", -1);
  for (guint i = 0; names[i]; i++)
    {
      gboolean known = FALSE;

      if (names[i][0] == '\0')
        continue;
      if (g_ascii_strcasecmp (names[i], "all") == 0)
        {
          *sections = WM_BOARD_PACK_ALL;
          continue;
        }
      for (guint s = 0; s < G_N_ELEMENTS (section_names); s++)
        if (g_ascii_strcasecmp (names[i], section_names[s].name) == 0)
          {
            *sections |= section_names[s].section;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_INVALID,
                       _("“%s” is not a section of the board pack; the sections are %s."),
                       names[i], wm_board_pack_section_names ());
          return FALSE;
        }
    }
  if (*sections == 0)
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_INVALID,
                   _("No sections were named; the sections are %s."),
                   wm_board_pack_section_names ());
      return FALSE;
    }
  return TRUE;
}

/* ---------- text ---------- */

/* Metrics unhinted and 72 units to the inch on every target, so that
 * text measured for layout breaks the same way when drawn. */
static void
configure_layout (PangoLayout *layout)
{
  PangoContext *context = pango_layout_get_context (layout);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);
}

static PangoLayout *
make_layout (cairo_t             *cr,
             const WmRenderStyle *style,
             int                  font,
             const char          *markup,
             double               width,
             PangoAlignment       align,
             int                  max_lines)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (style->font_family);

  configure_layout (layout);
  pango_font_description_set_size (description, (int) (fonts[font].size * PANGO_SCALE));
  pango_font_description_set_weight (description, fonts[font].weight);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static void
set_colour (cairo_t        *cr,
            const WmColour *colour)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a);
}

static WmColour
colour_from_hex (const char *hex,
                 WmColour    fallback)
{
  WmColour colour;

  return wm_colour_parse (hex, &colour) ? colour : fallback;
}

/* Black or white, whichever reads on @fill */
static WmColour
text_on (WmColour fill)
{
  double luminance = 0.2126 * fill.r * fill.r + 0.7152 * fill.g * fill.g
                     + 0.0722 * fill.b * fill.b;

  return luminance > 0.25 ? (WmColour) { 0, 0, 0, 1 } : (WmColour) { 1, 1, 1, 1 };
}

static char *
escape (const char *text)
{
  return g_markup_escape_text (text ? text : "", -1);
}

static char *
format_date (const char *iso)
{
  return wm_board_report_format_date (iso);
}

/* "30 Sep 2023": a table's date column stays one line */
static char *
format_short_date (const char *iso)
{
  static const char *const names[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };
  GDate date;

  if (iso == NULL || !wm_date_from_iso (iso, &date))
    return g_strdup (iso);
  return g_strdup_printf ("%u %s %u", g_date_get_day (&date), names[g_date_get_month (&date) - 1],
                          g_date_get_year (&date));
}

/* ---------- building pages ---------- */

typedef struct
{
  WmBoardPack *pack;
  cairo_t     *measure;
  Page        *page;
  double       y;
} Builder;

static double
page_width (const Page *page)
{
  return page->landscape ? A4_LONG : A4_SHORT;
}

static double
page_height (const Page *page)
{
  return page->landscape ? A4_SHORT : A4_LONG;
}

static double
content_left (Builder *b)
{
  return MARGIN;
}

static double
content_width (Builder *b)
{
  return page_width (b->page) - 2 * MARGIN;
}

static double
content_bottom (Builder *b)
{
  return page_height (b->page) - MARGIN_BOTTOM;
}

static Op *
add_op (Builder *b,
        OpKind   kind)
{
  Op op = { 0 };

  op.kind = kind;
  g_array_append_val (b->page->ops, op);
  return &g_array_index (b->page->ops, Op, b->page->ops->len - 1);
}

static void
new_page (Builder  *b,
          gboolean  landscape)
{
  Page *page = g_new0 (Page, 1);

  page->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  g_array_set_clear_func (page->ops, op_clear);
  page->landscape = landscape;
  g_ptr_array_add (b->pack->pages, page);
  b->page = page;
  b->y = MARGIN_TOP;
}

static int
page_index (Builder *b)
{
  return (int) b->pack->pages->len - 1;
}

static double
text_height (Builder    *b,
             int         font,
             const char *markup,
             double      width,
             int         max_lines)
{
  g_autoptr(PangoLayout) layout = make_layout (b->measure, &b->pack->style, font, markup, width,
                                               PANGO_ALIGN_LEFT, max_lines);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
text_width (Builder    *b,
            int         font,
            const char *markup)
{
  g_autoptr(PangoLayout) layout = make_layout (b->measure, &b->pack->style, font, markup, -1,
                                               PANGO_ALIGN_LEFT, 0);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static Op *
add_text (Builder        *b,
          double          x,
          double          y,
          double          width,
          int             font,
          const char     *markup,
          WmColour        colour,
          PangoAlignment  align,
          Tag             tag)
{
  Op *op = add_op (b, OP_TEXT);

  op->x = x;
  op->y = y;
  op->w = width;
  op->font = font;
  op->markup = g_strdup (markup);
  op->colour = colour;
  op->align = align;
  op->tag = tag;
  return op;
}

static void
add_rect (Builder  *b,
          double    x,
          double    y,
          double    w,
          double    h,
          WmColour  colour,
          double    radius)
{
  Op *op = add_op (b, OP_RECT);

  op->x = x;
  op->y = y;
  op->w = w;
  op->h = h;
  op->colour = colour;
  op->radius = radius;
}

static void
add_line (Builder  *b,
          double    x0,
          double    y0,
          double    x1,
          double    y1,
          WmColour  colour)
{
  Op *op = add_op (b, OP_LINE);

  op->x = x0;
  op->y = y0;
  op->w = x1 - x0;
  op->h = y1 - y0;
  op->colour = colour;
}

/* Moves to a new page unless @height fits below */
static void
need (Builder *b,
      double   height)
{
  if (b->y + height > content_bottom (b) && b->y > MARGIN_TOP + 1)
    new_page (b, FALSE);
}

static void
heading (Builder    *b,
         int         level,
         const char *title,
         double      keep_with_next)
{
  int font = level == 1 ? FONT_H1 : FONT_H2;
  g_autofree char *markup = escape (title);
  double h = text_height (b, font, markup, content_width (b), 0);
  Heading entry = { g_strdup (title), level, 0, 0 };
  Op *op;

  /* A heading is never the last thing on a page */
  if (b->y > MARGIN_TOP + 1)
    b->y += level == 1 ? 14 : 8;
  need (b, h + keep_with_next);
  op = add_op (b, OP_HEADING);
  op->markup = g_strdup (title);
  op->level = level;
  op->x = content_left (b);
  op->y = b->y;
  add_text (b, content_left (b), b->y, content_width (b), font, markup, ink, PANGO_ALIGN_LEFT,
            level == 1 ? TAG_H1 : TAG_H2);
  if (level == 1)
    add_line (b, content_left (b), b->y + h + 3, content_left (b) + content_width (b),
              b->y + h + 3, rule);
  entry.page = page_index (b);
  entry.y = b->y;
  g_array_append_val (b->pack->headings, entry);
  b->y += h + (level == 1 ? 10 : 6);
}

static void
paragraph (Builder    *b,
           int         font,
           const char *markup,
           WmColour    colour)
{
  double h = text_height (b, font, markup, content_width (b), 0);

  need (b, h);
  add_text (b, content_left (b), b->y, content_width (b), font, markup, colour, PANGO_ALIGN_LEFT,
            TAG_P);
  b->y += h + 5;
}

/* ---------- tables ---------- */

typedef struct
{
  const char     *title;
  double          width;      /* a share of the table's width */
  PangoAlignment  align;
  int             max_lines;  /* 0: MAX_CELL_LINES */
} Column;

typedef struct
{
  char     *markup;
  char     *chip;      /* a rating or band: drawn as a coloured label; NULL: text */
  WmColour  chip_fill;
  gboolean  bold;
} Cell;

typedef struct
{
  Cell *cells;
  guint n_cells;
} Row;

static Row *
row_new (guint n_cells)
{
  Row *row = g_new0 (Row, 1);

  row->cells = g_new0 (Cell, n_cells);
  row->n_cells = n_cells;
  return row;
}

static void
row_free (gpointer data)
{
  Row *row = data;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_free (row->cells[i].markup);
      g_free (row->cells[i].chip);
    }
  g_free (row->cells);
  g_free (row);
}

/* Takes @markup */
static void
row_set (Row  *row,
         guint column,
         char *markup)
{
  g_free (row->cells[column].markup);
  row->cells[column].markup = markup;
}

static void
row_set_text (Row        *row,
              guint       column,
              const char *text)
{
  row_set (row, column, escape (text));
}

static void
row_set_chip (Row        *row,
              guint       column,
              const char *label,
              const char *colour)
{
  row->cells[column].chip = g_strdup (label);
  row->cells[column].chip_fill = colour_from_hex (colour, not_rated);
}

static double
chip_height (void)
{
  return fonts[FONT_TABLE_BOLD].size + 5;
}

static void
add_chip (Builder    *b,
          double      x,
          double      y,
          double      max_width,
          const char *label,
          WmColour    fill)
{
  g_autofree char *markup = escape (label);
  double w = MIN (max_width, text_width (b, FONT_TABLE_BOLD, markup) + 8);
  Op *op;

  add_rect (b, x, y, w, chip_height (), fill, 2.5);
  op = add_text (b, x + 4, y + 2.2, w - 8, FONT_TABLE_BOLD, markup, text_on (fill),
                 PANGO_ALIGN_LEFT, TAG_NONE);
  op->max_lines = 1;
}

static void
table_header (Builder      *b,
              const Column *columns,
              guint         n_columns,
              double        width,
              double        header_h)
{
  double x = content_left (b);

  add_rect (b, x, b->y, width, header_h, header_fill, 0);
  for (guint c = 0; c < n_columns; c++)
    {
      double w = columns[c].width * width;
      g_autofree char *markup = escape (columns[c].title);

      add_text (b, x + CELL_PAD, b->y + CELL_PAD, w - 2 * CELL_PAD, FONT_TABLE_BOLD, markup, ink,
                columns[c].align, TAG_NONE);
      x += w;
    }
  b->y += header_h;
}

static void
table (Builder      *b,
       const Column *columns,
       guint         n_columns,
       GPtrArray    *rows)
{
  double width = content_width (b);
  double header_h = 0;

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *markup = escape (columns[c].title);
      header_h = MAX (header_h, text_height (b, FONT_TABLE_BOLD, markup,
                                             columns[c].width * width - 2 * CELL_PAD, 0));
    }
  header_h += 2 * CELL_PAD;

  need (b, header_h + 24);
  table_header (b, columns, n_columns, width, header_h);

  for (guint r = 0; r < rows->len; r++)
    {
      Row *row = rows->pdata[r];
      double row_h = 0, x;

      for (guint c = 0; c < n_columns; c++)
        {
          Cell *cell = &row->cells[c];
          double w = columns[c].width * width - 2 * CELL_PAD;
          double h = 0;

          if (cell->chip != NULL)
            h = chip_height ();
          if (cell->markup != NULL && cell->markup[0] != '\0')
            h += (cell->chip ? 2 : 0)
                 + text_height (b, cell->bold ? FONT_TABLE_BOLD : FONT_TABLE, cell->markup, w,
                                columns[c].max_lines ? columns[c].max_lines : MAX_CELL_LINES);
          row_h = MAX (row_h, h);
        }
      row_h += 2 * CELL_PAD;

      if (b->y + row_h > content_bottom (b))
        {
          new_page (b, FALSE);
          table_header (b, columns, n_columns, width, header_h);
        }
      if (r % 2 == 1)
        add_rect (b, content_left (b), b->y, width, row_h, stripe, 0);

      x = content_left (b);
      for (guint c = 0; c < n_columns; c++)
        {
          Cell *cell = &row->cells[c];
          double w = columns[c].width * width;
          double y = b->y + CELL_PAD;

          if (cell->chip != NULL)
            {
              add_chip (b, x + CELL_PAD, y, w - 2 * CELL_PAD, cell->chip, cell->chip_fill);
              y += chip_height () + 2;
            }
          if (cell->markup != NULL && cell->markup[0] != '\0')
            {
              Op *op = add_text (b, x + CELL_PAD, y, w - 2 * CELL_PAD,
                                 cell->bold ? FONT_TABLE_BOLD : FONT_TABLE, cell->markup, ink,
                                 columns[c].align, TAG_NONE);
              op->max_lines = columns[c].max_lines ? columns[c].max_lines : MAX_CELL_LINES;
            }
          x += w;
        }
      b->y += row_h;
      add_line (b, content_left (b), b->y, content_left (b) + width, b->y, rule);
    }
  b->y += 8;
}

/* ---------- the cover ---------- */

static const WmBoardRating *
rating_at (const WmBoardReport *report,
           int                  index)
{
  if (index < 0 || (guint) index >= report->ratings->len)
    return NULL;
  return &g_array_index (report->ratings, WmBoardRating, index);
}

static char *
period_text (const WmBoardReport *report)
{
  GDate since;
  g_autofree char *first = NULL;
  g_autofree char *last = format_date (report->as_at);
  g_autofree char *iso = NULL;

  wm_date_from_iso (report->since, &since);
  g_date_add_days (&since, 1);
  iso = wm_date_to_iso (&since);
  first = format_date (iso);
  return g_strdup_printf (_("%s to %s"), first, last);
}

static void
figure_box (Builder    *b,
            double      x,
            double      y,
            double      w,
            const char *number,
            const char *label,
            WmColour    accent)
{
  g_autofree char *n = escape (number);
  g_autofree char *l = escape (label);

  add_rect (b, x, y, w, 58, stripe, 4);
  add_rect (b, x, y, 4, 58, accent, 0);
  add_text (b, x + 12, y + 8, w - 16, FONT_FIGURE, n, ink, PANGO_ALIGN_LEFT, TAG_NONE);
  add_text (b, x + 12, y + 36, w - 16, FONT_TABLE, l, quiet, PANGO_ALIGN_LEFT, TAG_NONE);
}

static void
build_cover (Builder *b)
{
  const WmBoardReport *report = b->pack->report;
  g_autofree char *title = escape (report->plan_title[0] ? report->plan_title
                                                         : _("Improvement plan"));
  g_autofree char *area = escape (report->plan_area);
  g_autofree char *as_at = format_date (report->as_at);
  g_autofree char *period = period_text (report);
  g_autofree char *next = format_date (report->next_board);
  g_autoptr(GString) details = g_string_new (NULL);
  double w = content_width (b);
  double h, box_w;
  char number[32];
  Op *op;

  /* The outline's first entry: the cover */
  op = add_op (b, OP_HEADING);
  op->markup = g_strdup (_("Board pack"));
  op->level = 1;
  op->x = MARGIN;
  op->y = MARGIN_TOP;

  add_rect (b, 0, 0, A4_SHORT, 10, b->pack->style.accent, 0);
  b->y = 150;
  add_text (b, MARGIN, b->y, w, FONT_SUBTITLE, _("Board pack"), quiet, PANGO_ALIGN_LEFT,
            TAG_P);
  b->y += 24;
  h = text_height (b, FONT_TITLE, title, w, 0);
  add_text (b, MARGIN, b->y, w, FONT_TITLE, title, ink, PANGO_ALIGN_LEFT, TAG_H1);
  b->y += h + 8;
  if (area[0] != '\0')
    {
      add_text (b, MARGIN, b->y, w, FONT_SUBTITLE, area, ink, PANGO_ALIGN_LEFT, TAG_P);
      b->y += 26;
    }
  b->y += 24;

  g_string_append_printf (details, "<b>%s</b>  %s\n", _("Report date"), as_at);
  {
    g_autofree char *e = escape (period);
    g_string_append_printf (details, "<b>%s</b>  %s", _("Period covered"), e);
  }
  if (report->since_label != NULL)
    {
      g_autofree char *since = format_date (report->since);
      g_autofree char *label = escape (report->since_label);
      g_string_append_printf (details, _(" (since the last board: %s, %s)"), label, since);
    }
  g_string_append_c (details, '\n');
  if (report->next_board_label != NULL)
    {
      g_autofree char *label = escape (report->next_board_label);
      g_string_append_printf (details, "<b>%s</b>  %s, %s", _("Next board"), label, next);
    }
  else
    g_string_append_printf (details, "<b>%s</b>  %s %s", _("Next board"), next,
                            _("(six weeks on; the plan holds no later board date)"));
  h = text_height (b, FONT_BODY, details->str, w, 0);
  add_text (b, MARGIN, b->y, w, FONT_BODY, details->str, ink, PANGO_ALIGN_LEFT, TAG_P);
  b->y += h + 36;

  /* The figures a board asks first */
  box_w = (w - 3 * 10) / 4;
  g_snprintf (number, sizeof number, "%u", report->actions->len);
  figure_box (b, MARGIN, b->y, box_w, number, _("actions in the plan"), b->pack->style.accent);
  g_snprintf (number, sizeof number, "%u", report->n_red);
  figure_box (b, MARGIN + (box_w + 10), b->y, box_w, number, _("rated Red"),
              (WmColour) { 0.88, 0.11, 0.14, 1 });
  g_snprintf (number, sizeof number, "%u", report->n_amber);
  figure_box (b, MARGIN + 2 * (box_w + 10), b->y, box_w, number, _("rated Amber"),
              (WmColour) { 0.90, 0.65, 0.04, 1 });
  g_snprintf (number, sizeof number, "%u", report->n_overdue);
  figure_box (b, MARGIN + 3 * (box_w + 10), b->y, box_w, number, _("overdue"), warning_ink);
  b->y += 58 + 30;

  paragraph (b, FONT_SMALL,
             _("Ratings, progress notes and dates are those recorded in Waymark up to the report "
               "date. Rows the plan marks as illustrative are examples, not the partnership’s "
               "own figures."), quiet);
}

/* ---------- ratings by priority ---------- */

static void
build_summary (Builder *b)
{
  const WmBoardReport *report = b->pack->report;
  guint n_ratings = report->ratings->len;
  guint max_actions = 1;
  double label_w = 150, total_w = 26;
  double bar_w = content_width (b) - label_w - total_w - 8;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autofree Column *columns = g_new0 (Column, n_ratings + 4);
  g_autoptr(GString) intro = g_string_new (NULL);
  guint n_priorities = report->priorities->len;

  heading (b, 1, _("Ratings by priority"), 80);
  g_string_append_printf (intro, _("%u actions: %u complete, %u rated Red, %u rated Amber, %u "
                                   "overdue."),
                          report->actions->len, report->n_complete, report->n_red,
                          report->n_amber, report->n_overdue);
  paragraph (b, FONT_BODY, intro->str, ink);
  b->y += 4;

  for (guint p = 0; p + 1 < n_priorities; p++)
    max_actions = MAX (max_actions, g_array_index (report->priorities, WmBoardPriority,
                                                   p).n_actions);

  /* A bar per priority, its length the number of actions, split by rating */
  for (guint p = 0; p + 1 < n_priorities; p++)
    {
      const WmBoardPriority *priority = &g_array_index (report->priorities, WmBoardPriority, p);
      g_autofree char *label = g_markup_printf_escaped ("<b>%s</b> %s", priority->code,
                                                        priority->title);
      double label_h = text_height (b, FONT_TABLE, label, label_w - 6, 3);
      double row_h = MAX (label_h, 16) + 7;
      double x = content_left (b) + label_w;
      double length = bar_w * priority->n_actions / max_actions;
      char total[16];
      Op *op;

      need (b, row_h);
      op = add_text (b, content_left (b), b->y, label_w - 6, FONT_TABLE, label, ink,
                     PANGO_ALIGN_LEFT, TAG_NONE);
      op->max_lines = 3;
      for (guint r = 0; r <= n_ratings; r++)
        {
          guint count = priority->counts[r];
          double w = priority->n_actions ? length * count / priority->n_actions : 0;
          WmColour fill = r < n_ratings
            ? colour_from_hex (g_array_index (report->ratings, WmBoardRating, r).colour,
                               not_rated)
            : not_rated;

          if (count == 0)
            continue;
          add_rect (b, x, b->y, w, 16, fill, 0);
          if (w >= 12)
            {
              char text[16];

              g_snprintf (text, sizeof text, "%u", count);
              add_text (b, x, b->y + 2.5, w, FONT_TABLE_BOLD, text, text_on (fill),
                        PANGO_ALIGN_CENTER, TAG_NONE);
            }
          x += w;
        }
      g_snprintf (total, sizeof total, "%u", priority->n_actions);
      add_text (b, x + 4, b->y + 2.5, total_w, FONT_TABLE, total, quiet, PANGO_ALIGN_LEFT,
                TAG_NONE);
      b->y += row_h;
    }

  /* The legend: colour is never the only sign, the counts are in the table */
  {
    double x = content_left (b) + label_w;

    b->y += 2;
    need (b, chip_height () + 4);
    for (guint r = 0; r <= n_ratings; r++)
      {
        const WmBoardRating *rating = r < n_ratings ? rating_at (report, (int) r) : NULL;
        g_autofree char *label = rating
          ? g_strdup_printf ("%s %s", rating->code, rating->label) : g_strdup (_("Not rated"));
        g_autofree char *markup = escape (label);
        double w = text_width (b, FONT_TABLE_BOLD, markup) + 8;

        if (x + w > content_left (b) + content_width (b))
          {
            x = content_left (b) + label_w;
            b->y += chip_height () + 4;
          }
        add_chip (b, x, b->y, w, label, rating ? colour_from_hex (rating->colour, not_rated)
                                               : not_rated);
        x += w + 6;
      }
    b->y += chip_height () + 14;
  }

  /* The counts */
  columns[0] = (Column) { _("Priority"), 0, PANGO_ALIGN_LEFT };
  for (guint r = 0; r < n_ratings; r++)
    columns[r + 1] = (Column) { g_array_index (report->ratings, WmBoardRating, r).label, 0,
                                PANGO_ALIGN_RIGHT };
  columns[n_ratings + 1] = (Column) { _("Not rated"), 0, PANGO_ALIGN_RIGHT };
  columns[n_ratings + 2] = (Column) { _("Overdue"), 0, PANGO_ALIGN_RIGHT };
  columns[n_ratings + 3] = (Column) { _("Total"), 0, PANGO_ALIGN_RIGHT };
  {
    double share = 0.68 / (n_ratings + 3);

    columns[0].width = 0.32;
    for (guint c = 1; c < n_ratings + 4; c++)
      columns[c].width = share;
  }
  for (guint p = 0; p < n_priorities; p++)
    {
      const WmBoardPriority *priority = &g_array_index (report->priorities, WmBoardPriority, p);
      Row *row = row_new (n_ratings + 4);
      gboolean total_row = p + 1 == n_priorities;

      row_set (row, 0, total_row ? g_markup_printf_escaped ("<b>%s</b>", priority->title)
                                 : g_markup_printf_escaped ("<b>%s</b> %s", priority->code,
                                                            priority->title));
      for (guint r = 0; r <= n_ratings; r++)
        row_set (row, r + 1, g_strdup_printf ("%u", priority->counts[r]));
      row_set (row, n_ratings + 2, g_strdup_printf ("%u", priority->n_overdue));
      row_set (row, n_ratings + 3, g_strdup_printf ("%u", priority->n_actions));
      for (guint c = 1; c < n_ratings + 4 && total_row; c++)
        row->cells[c].bold = TRUE;
      g_ptr_array_add (rows, row);
    }
  table (b, columns, n_ratings + 4, rows);
}

/* ---------- exceptions ---------- */

static char *
due_markup (const WmBoardAction *action)
{
  g_autofree char *due = action->due ? format_short_date (action->due) : NULL;

  if (due == NULL && action->due_text == NULL)
    return g_strdup ("");
  if (due == NULL)
    return escape (action->due_text);
  if (action->days_overdue > 0)
    {
      g_autofree char *late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day overdue",
                                                            "%d days overdue",
                                                            action->days_overdue),
                                               action->days_overdue);

      return g_markup_printf_escaped ("%s\n<span foreground=\"#b3121a\"><b>%s</b></span>", due,
                                      late);
    }
  return escape (due);
}

static void
build_exceptions (Builder *b)
{
  const WmBoardReport *report = b->pack->report;
  static const Column columns[] = {
    { N_("Code"), 0.07, PANGO_ALIGN_LEFT, 0 },
    { N_("Action"), 0.24, PANGO_ALIGN_LEFT, 0 },
    { N_("Lead"), 0.19, PANGO_ALIGN_LEFT, 0 },
    { N_("Rating"), 0.09, PANGO_ALIGN_LEFT, 0 },
    { N_("Due"), 0.11, PANGO_ALIGN_LEFT, 0 },
    { N_("Latest progress"), 0.30, PANGO_ALIGN_LEFT, 0 },
  };
  Column translated[G_N_ELEMENTS (columns)];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autofree char *intro = NULL;
  const char *priority_code = NULL;

  heading (b, 1, _("Exceptions: Red, Amber and overdue actions"), 60);
  if (report->exceptions->len == 0)
    {
      paragraph (b, FONT_BODY, _("No action is rated Red or Amber, and none is overdue."), ink);
      return;
    }
  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u action needs the board’s attention: every action "
                                        "rated Red or Amber and every action past its due date.",
                                        "%u actions need the board’s attention: every action "
                                        "rated Red or Amber and every action past its due date.",
                                        report->exceptions->len),
                           report->exceptions->len);
  paragraph (b, FONT_BODY, intro, ink);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align,
                               columns[i].max_lines };

  /* A table per priority, under a heading a reader can jump to */
  for (guint i = 0; i <= report->exceptions->len; i++)
    {
      const WmBoardAction *action = i < report->exceptions->len
        ? &g_array_index (report->actions, WmBoardAction, g_array_index (report->exceptions,
                                                                         guint, i))
        : NULL;
      const WmBoardRating *rating;
      Row *row;

      if (action == NULL || g_strcmp0 (action->priority_code, priority_code) != 0)
        {
          if (rows->len > 0)
            {
              table (b, translated, G_N_ELEMENTS (translated), rows);
              g_ptr_array_set_size (rows, 0);
            }
          if (action == NULL)
            break;
          priority_code = action->priority_code;
          for (guint p = 0; p + 1 < report->priorities->len; p++)
            {
              const WmBoardPriority *priority = &g_array_index (report->priorities,
                                                                WmBoardPriority, p);
              if (g_strcmp0 (priority->code, priority_code) == 0)
                {
                  g_autofree char *title = g_strdup_printf (_("Priority %s: %s"), priority->code,
                                                            priority->title);
                  heading (b, 2, title, 50);
                  break;
                }
            }
        }

      rating = rating_at (report, action->rating);
      row = row_new (G_N_ELEMENTS (columns));
      row_set (row, 0, g_markup_printf_escaped ("<b>%s</b>", action->code));
      row_set_text (row, 1, action->title);
      row_set_text (row, 2, action->leads ? action->leads : _("No lead named"));
      if (rating != NULL)
        row_set_chip (row, 3, rating->label, rating->colour);
      else
        row_set_text (row, 3, _("Not rated"));
      row_set (row, 4, due_markup (action));
      if (action->note != NULL)
        {
          g_autofree char *date = action->note_date ? format_short_date (action->note_date)
                                                    : NULL;

          if (date != NULL)
            row_set (row, 5, g_markup_printf_escaped ("%s <span foreground=\"#5c5c66\">(%s)</span>",
                                                      action->note, date));
          else
            row_set_text (row, 5, action->note);
        }
      else
        row_set (row, 5, g_markup_printf_escaped ("<i>%s</i>", _("No progress note yet")));
      g_ptr_array_add (rows, row);
    }
}

/* ---------- milestones ---------- */

static void
milestone_table (Builder *b,
                 GArray  *milestones,
                 gboolean missed)
{
  static const Column columns[] = {
    { N_("Milestone"), 0.10, PANGO_ALIGN_LEFT },
    { N_("Action"), 0.08, PANGO_ALIGN_LEFT },
    { N_("What will be in place"), 0.56, PANGO_ALIGN_LEFT },
    { N_("Due"), 0.13, PANGO_ALIGN_LEFT },
    { N_("Late"), 0.13, PANGO_ALIGN_RIGHT },
  };
  Column translated[G_N_ELEMENTS (columns)];
  guint n_columns = missed ? G_N_ELEMENTS (columns) : G_N_ELEMENTS (columns) - 1;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align,
                               columns[i].max_lines };
  if (!missed)
    translated[2].width += translated[4].width;

  for (guint i = 0; i < milestones->len; i++)
    {
      const WmBoardMilestone *m = &g_array_index (milestones, WmBoardMilestone, i);
      g_autofree char *due = format_short_date (m->due);
      Row *row = row_new (n_columns);

      row_set (row, 0, g_markup_printf_escaped ("<b>%s</b>", m->code));
      row_set_text (row, 1, m->action_code ? m->action_code : _("Plan"));
      row_set_text (row, 2, m->title);
      row_set_text (row, 3, due);
      if (missed)
        row_set (row, 4, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days",
                                                       m->days_late), m->days_late));
      g_ptr_array_add (rows, row);
    }
  table (b, translated, n_columns, rows);
}

static void
build_milestones (Builder *b)
{
  const WmBoardReport *report = b->pack->report;
  g_autofree char *next = format_date (report->next_board);
  g_autofree char *due_title = g_strdup_printf (_("Due before the next board (%s)"), next);

  heading (b, 1, _("Milestones"), 60);
  heading (b, 2, due_title, 40);
  if (report->milestones_due->len == 0)
    paragraph (b, FONT_BODY, _("No milestone falls due before the next board."), ink);
  else
    milestone_table (b, report->milestones_due, FALSE);

  heading (b, 2, _("Missed: due before the report date and not met"), 40);
  if (report->milestones_missed->len == 0)
    paragraph (b, FONT_BODY, _("No milestone has been missed."), ink);
  else
    milestone_table (b, report->milestones_missed, TRUE);
}

/* ---------- what changed ---------- */

static void
build_changes (Builder *b)
{
  const WmBoardReport *report = b->pack->report;
  static const Column columns[] = {
    { N_("Date"), 0.11, PANGO_ALIGN_LEFT, 0 },
    { N_("Action"), 0.23, PANGO_ALIGN_LEFT, 4 },
    { N_("Change"), 0.14, PANGO_ALIGN_LEFT, 0 },
    { N_("Note"), 0.39, PANGO_ALIGN_LEFT, 0 },
    { N_("By"), 0.13, PANGO_ALIGN_LEFT, 3 },
  };
  Column translated[G_N_ELEMENTS (columns)];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autofree char *period = period_text (report);
  g_autofree char *intro = NULL;

  heading (b, 1, _("What changed since the last board"), 60);
  if (report->changes->len == 0)
    {
      intro = g_strdup_printf (_("No rating, progress note or date changed from %s."), period);
      paragraph (b, FONT_BODY, intro, ink);
      return;
    }
  intro = g_strdup_printf (_("Rating changes, progress notes and moved dates recorded from %s."),
                           period);
  paragraph (b, FONT_BODY, intro, ink);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align,
                               columns[i].max_lines };
  for (guint i = 0; i < report->changes->len; i++)
    {
      const WmBoardChange *change = &g_array_index (report->changes, WmBoardChange, i);
      const WmBoardRating *from = rating_at (report, change->from_rating);
      const WmBoardRating *to = rating_at (report, change->to_rating);
      g_autofree char *date = format_short_date (change->date);
      Row *row = row_new (G_N_ELEMENTS (columns));

      row_set_text (row, 0, date);
      row_set (row, 1, g_markup_printf_escaped ("<b>%s</b> %s", change->action_code,
                                                change->action_title));
      if (change->what != NULL)
        row_set_text (row, 2, change->what);
      else if (to != NULL && from != NULL && from != to)
        {
          row_set_chip (row, 2, to->label, to->colour);
          row_set (row, 2, g_markup_printf_escaped (_("was %s"), from->label));
        }
      else if (to != NULL)
        {
          row_set_chip (row, 2, to->label, to->colour);
          row_set_text (row, 2, from == to ? _("unchanged") : _("first recorded"));
        }
      row_set_text (row, 3, change->note);
      row_set_text (row, 4, change->author);
      g_ptr_array_add (rows, row);
    }
  table (b, translated, G_N_ELEMENTS (translated), rows);
}

/* ---------- the Gantt ---------- */

static guint32
month_first_day (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_date_set_day (&date, 1);
  return g_date_get_julian (&date);
}

static guint32
month_last_day (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_date_set_day (&date, g_date_get_days_in_month (g_date_get_month (&date),
                                                   g_date_get_year (&date)));
  return g_date_get_julian (&date);
}

static char *
month_text (guint32 julian)
{
  static const char *const names[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%s %u", names[g_date_get_month (&date) - 1], g_date_get_year (&date));
}

typedef struct
{
  guint32 first, last;
} Slice;

/* Rows split into pages of about equal size (16 rows make two pages of
 * 8, not 15 and 1), never ending on a priority's heading row: that goes
 * over with its actions. */
static GArray *
gantt_chunks (const WmGanttModel *model,
              int                 rows_per_page)
{
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (int));
  int n = (int) model->n_rows;
  int n_chunks = MAX (1, (n + rows_per_page - 1) / rows_per_page);
  int target = (n + n_chunks - 1) / n_chunks;

  for (int start = 0; start < n;)
    {
      int end = MIN (n, start + target);

      /* what is left must fit the next pages: take a full page if not */
      if ((n - end + rows_per_page - 1) / rows_per_page > n_chunks - (int) chunks->len - 1)
        end = MIN (n, start + rows_per_page);
      while (end < n && end - 1 > start && model->rows[end - 1].kind == WM_GANTT_ROW_PRIORITY)
        end--;
      g_array_append_val (chunks, start);
      start = end;
    }
  g_array_append_val (chunks, n);
  return chunks;
}

static void
build_gantt (Builder *b)
{
  const WmGanttModel *model = b->pack->gantt;
  WmGanttLayout layout;
  WmGanttView view;
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (Slice));
  g_autoptr(GArray) chunks = NULL;
  double title_h = 34;
  double page_w_px = (A4_LONG - 2 * MARGIN) / PX_TO_PT;
  double page_h_px = (A4_SHORT - MARGIN_TOP - MARGIN_BOTTOM - title_h) / PX_TO_PT;
  double width_px, height_px, timeline_px, pixels_per_day, needed, scale = 1.0;
  guint32 from, to, days;
  WmGanttZoom zoom;
  int rows_per_page, n_pages, page = 0;

  if (model == NULL || model->n_rows == 0)
    return;

  from = month_first_day (model->overview_first);
  to = month_last_day (model->overview_last);
  days = to - from + 1;

  wm_gantt_view_init (&view, model, page_w_px, 1000, WM_GANTT_ZOOM_QUARTER);
  view.show_outline = TRUE;
  view.show_legend = TRUE;
  wm_gantt_layout_init (&layout, model, &view, &b->pack->style);

  /* A plan that just overflows a page is drawn a little smaller to fit
   * it: one page reads better than a page and a row */
  needed = layout.header_height + model->n_rows * layout.row_height + layout.legend_height;
  if (needed > page_h_px && needed * 0.85 <= page_h_px)
    scale = page_h_px / needed;
  width_px = page_w_px / scale;
  height_px = page_h_px / scale;
  timeline_px = width_px - layout.outline_width;

  /* The whole period across the page, at the finest zoom whose labels
   * fit: a board reads the plan at a glance.  Only a plan of many years
   * is split across pages in time. */
  pixels_per_day = floor (timeline_px / days * 100) / 100;
  if (pixels_per_day >= wm_gantt_zoom_pixels_per_day (WM_GANTT_ZOOM_MONTH))
    zoom = WM_GANTT_ZOOM_MONTH;
  else if (pixels_per_day >= 0.9)
    zoom = WM_GANTT_ZOOM_QUARTER;
  else
    {
      zoom = WM_GANTT_ZOOM_YEAR;
      pixels_per_day = MAX (pixels_per_day, wm_gantt_zoom_pixels_per_day (WM_GANTT_ZOOM_YEAR));
    }
  {
    guint32 per_page = (guint32) MAX (31.0, floor (timeline_px / pixels_per_day));
    guint32 start = from;

    while (start <= to)
      {
        Slice slice = { start, MIN (to, start + per_page - 1) };

        /* a page of time ends at a month's end */
        if (slice.last < to)
          {
            guint32 month_end = month_first_day (slice.last + 1) - 1;

            if (month_end >= start + per_page / 2)
              slice.last = month_end;
          }
        g_array_append_val (slices, slice);
        start = slice.last + 1;
      }
  }

  view.zoom = zoom;
  view.pixels_per_day = pixels_per_day;
  view.width = width_px;
  wm_gantt_layout_init (&layout, model, &view, &b->pack->style);
  rows_per_page = (int) floor ((height_px - layout.legend_height - layout.header_height)
                               / layout.row_height);
  rows_per_page = MAX (rows_per_page, 3);
  chunks = gantt_chunks (model, rows_per_page);
  n_pages = (int) (chunks->len - 1) * (int) slices->len;

  for (guint c = 0; c + 1 < chunks->len; c++)
    for (guint s = 0; s < slices->len; s++)
      {
        const Slice *slice = &g_array_index (slices, Slice, s);
        int first_row = g_array_index (chunks, int, c);
        int n_rows = g_array_index (chunks, int, c + 1) - first_row;
        g_autofree char *first = month_text (slice->first);
        g_autofree char *last = month_text (slice->last);
        g_autofree char *title = NULL;
        g_autofree char *markup = NULL;
        double gantt_h;
        Op *op;

        page++;
        new_page (b, TRUE);
        if (page == 1)
          heading (b, 1, _("Gantt chart"), 0);
        if (n_pages > 1)
          title = g_strdup_printf (_("%s to %s · rows %d to %d of %u · Gantt page %d of %d"),
                                   first, last, first_row + 1, first_row + n_rows, model->n_rows,
                                   page, n_pages);
        else
          title = g_strdup_printf (_("%s to %s · all %u rows"), first, last, model->n_rows);
        markup = escape (title);
        add_text (b, MARGIN, page == 1 ? b->y - 4 : b->y, content_width (b), FONT_SMALL, markup,
                  quiet, PANGO_ALIGN_LEFT, TAG_P);
        b->y = MARGIN_TOP + title_h;

        gantt_h = layout.header_height + n_rows * layout.row_height;
        op = add_op (b, OP_GANTT);
        op->x = MARGIN;
        op->y = b->y;
        op->w = layout.outline_width + ceil ((slice->last - slice->first + 1.0) * pixels_per_day);
        op->h = gantt_h;
        op->first_row = first_row;
        op->n_rows = n_rows;
        op->first_day = slice->first;
        op->last_day = slice->last;
        op->pixels_per_day = pixels_per_day;
        op->zoom = zoom;
        op->scale = scale;

        op = add_op (b, OP_GANTT_LEGEND);
        op->x = MARGIN;
        op->y = b->y + gantt_h * PX_TO_PT * scale;
        op->w = width_px;
        op->scale = scale;
      }
  /* the next section starts on a portrait page */
  new_page (b, FALSE);
}

/* ---------- risks ---------- */

static void
build_risks (Builder *b)
{
  const WmBoardReport *report = b->pack->report;
  static const Column columns[] = {
    { N_("Ref"), 0.07, PANGO_ALIGN_LEFT },
    { N_("Risk"), 0.36, PANGO_ALIGN_LEFT },
    { N_("Owner"), 0.15, PANGO_ALIGN_LEFT },
    { N_("Before mitigation"), 0.12, PANGO_ALIGN_LEFT },
    { N_("After mitigation"), 0.12, PANGO_ALIGN_LEFT },
    { N_("Trend"), 0.08, PANGO_ALIGN_LEFT },
    { N_("Actions"), 0.10, PANGO_ALIGN_LEFT },
  };
  Column translated[G_N_ELEMENTS (columns)];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);

  heading (b, 1, _("Risks by residual score"),
           b->pack->risks != NULL && b->pack->risks->len > 0 ? 340 : 60);
  if (report->risks->len == 0)
    {
      paragraph (b, FONT_BODY, _("The plan’s risk register is empty."), ink);
      return;
    }
  /* The heat map, when the register has scored risks to place on it */
  if (b->pack->risks != NULL && b->pack->risks->len > 0)
    {
      WmRisk *first = b->pack->risks->pdata[0];
      WmHeatmapOptions options;
      g_autofree char *description = NULL;
      double w = content_width (b), h = 330;
      Op *op;

      wm_heatmap_options_init (&options);
      options.show_legend = TRUE;
      description = wm_heatmap_describe (wm_risk_get_scheme (first), b->pack->risks, &options);
      need (b, h + 10);
      op = add_op (b, OP_HEATMAP);
      op->x = content_left (b);
      op->y = b->y;
      op->w = w / PX_TO_PT;
      op->h = h / PX_TO_PT;
      op->scale = 1.0;
      b->y += h + 8;
      /* The same in words, for a reader who cannot see the grid */
      if (description != NULL && description[0] != '\0')
        {
          g_autofree char *markup = escape (description);
          paragraph (b, FONT_SMALL, markup, quiet);
        }
    }
  paragraph (b, FONT_BODY,
             _("The register, highest score after mitigation first; closed risks last."), ink);
  gboolean any_trend = FALSE, any_links = FALSE;
  guint n_columns = 0;

  /* Trend and linked actions only when some risk has them: an empty
   * column is room the titles need */
  for (guint i = 0; i < report->risks->len; i++)
    {
      const WmBoardRisk *risk = &g_array_index (report->risks, WmBoardRisk, i);

      any_trend |= risk->trend != NULL && risk->trend[0] != '\0';
      any_links |= risk->linked_actions != NULL && risk->linked_actions[0] != '\0';
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if ((i == 5 && !any_trend) || (i == 6 && !any_links))
        {
          translated[1].width += columns[i].width;
          continue;
        }
      translated[n_columns++] = (Column) { _(columns[i].title), columns[i].width,
                                           columns[i].align, columns[i].max_lines };
    }
  for (guint i = 0; i < report->risks->len; i++)
    {
      const WmBoardRisk *risk = &g_array_index (report->risks, WmBoardRisk, i);
      Row *row = row_new (G_N_ELEMENTS (columns));
      guint c = 5;

      row_set (row, 0, g_markup_printf_escaped ("<b>%s</b>", risk->ref));
      if (risk->closed)
        row_set (row, 1, g_markup_printf_escaped ("%s <i>(%s)</i>", risk->title,
                                                  risk->status ? risk->status : _("closed")));
      else
        row_set_text (row, 1, risk->title);
      row_set_text (row, 2, risk->owner);
      row_set_text (row, 3, risk->score_before_text);
      if (risk->band_colour != NULL && risk->score_after_text != NULL)
        row_set_chip (row, 4, risk->score_after_text, risk->band_colour);
      else
        row_set_text (row, 4, risk->score_after_text);
      if (any_trend)
        row_set_text (row, c++, risk->trend);
      if (any_links)
        row_set_text (row, c++, risk->linked_actions);
      g_ptr_array_add (rows, row);
    }
  table (b, translated, n_columns, rows);
}

/* ---------- audits ---------- */

static char *
percent (WmAuditRatio ratio)
{
  if (ratio.n == 0)
    return g_strdup (_("none to count"));
  return g_strdup_printf (_("%.0f%% (%u of %u)"), 100.0 * ratio.hits / ratio.n, ratio.hits,
                          ratio.n);
}

static void
build_audits (Builder *b)
{
  const WmAuditStats *stats = b->pack->audits;
  static const WmAuditChartKind kinds[] = {
    WM_AUDIT_CHART_LEVELS, WM_AUDIT_CHART_AGREEMENT, WM_AUDIT_CHART_STANDARD,
  };
  g_autofree char *overall = NULL;
  g_autofree char *standard = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *markup = NULL;

  if (stats == NULL || stats->audits == 0)
    return;
  heading (b, 1, _("Audit summary"), 120);
  overall = percent (stats->overall);
  standard = percent (stats->standard);
  intro = g_strdup_printf (_("%u EHC plan audits, %u of them moderated.  Auditor and moderator "
                             "gave the same overall judgement in %s; plans meeting the standard "
                             "in every domain: %s."),
                           stats->audits, stats->moderated, overall, standard);
  markup = escape (intro);
  paragraph (b, FONT_BODY, markup, ink);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      double w_px = content_width (b) / PX_TO_PT;
      double h_px = wm_audit_chart_natural_height (kinds[i], stats, &b->pack->style);
      g_autofree char *description = wm_audit_chart_describe (kinds[i], stats);
      Op *op;

      h_px = CLAMP (h_px, 120, (content_bottom (b) - MARGIN_TOP) / PX_TO_PT - 40);
      need (b, h_px * PX_TO_PT + 10);
      op = add_op (b, OP_AUDIT_CHART);
      op->x = content_left (b);
      op->y = b->y;
      op->w = w_px;
      op->h = h_px;
      op->index = kinds[i];
      b->y += h_px * PX_TO_PT + 6;
      /* the chart in words, for a reader who cannot see it */
      if (description != NULL && description[0] != '\0')
        {
          g_autofree char *words = escape (description);
          paragraph (b, FONT_SMALL, words, quiet);
        }
      b->y += 6;
    }
}

/* ---------- KPIs ---------- */

static void
build_kpis (Builder *b)
{
  GPtrArray *kpis = b->pack->kpis;
  static const Column columns[] = {
    { N_("KPI"), 0.36, PANGO_ALIGN_LEFT, 0 },
    { N_("Latest"), 0.22, PANGO_ALIGN_LEFT, 0 },
    { N_("Target"), 0.14, PANGO_ALIGN_LEFT, 0 },
    { N_("Rating"), 0.12, PANGO_ALIGN_LEFT, 0 },
    { N_("Since the value before"), 0.16, PANGO_ALIGN_LEFT, 0 },
  };
  Column translated[G_N_ELEMENTS (columns)];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  double chart_h = 226;

  if (kpis == NULL || kpis->len == 0)
    return;
  heading (b, 1, _("KPIs against their targets"), 80);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    translated[i] = (Column) { _(columns[i].title), columns[i].width, columns[i].align,
                               columns[i].max_lines };
  for (guint i = 0; i < kpis->len; i++)
    {
      WmKpiSeries *series = kpis->pdata[i];
      WmKpiStatus status;
      g_autofree char *latest = wm_kpi_describe_latest (series);
      g_autofree char *target = wm_kpi_describe_target (series);
      WmColour fill = wm_kpi_rating_colour (WM_KPI_RATING_NONE, &b->pack->style);
      Row *row = row_new (G_N_ELEMENTS (columns));

      wm_kpi_series_status (series, &status);
      fill = wm_kpi_rating_colour (status.rating, &b->pack->style);
      row_set (row, 0, g_markup_printf_escaped ("<b>%s</b> %s", series->code, series->name));
      row_set_text (row, 1, latest);
      row_set_text (row, 2, target);
      row->cells[3].chip = g_strdup (wm_kpi_rating_label (status.rating));
      row->cells[3].chip_fill = fill;
      row_set_text (row, 4, wm_kpi_travel_label (series, status.travel));
      g_ptr_array_add (rows, row);
    }
  table (b, translated, G_N_ELEMENTS (translated), rows);

  /* A chart each, with its target, tolerance and benchmarks: the
   * chart's title says the latest value and its rating in words */
  for (guint i = 0; i < kpis->len; i++)
    {
      WmKpiSeries *series = kpis->pdata[i];
      Op *op;

      /* a KPI with no value yet is in the table; an empty chart says no more */
      if (series->points->len == 0)
        continue;
      need (b, chart_h + 10);
      op = add_op (b, OP_KPI_CHART);
      op->x = content_left (b);
      op->y = b->y;
      op->w = content_width (b) / PX_TO_PT;
      op->h = chart_h / PX_TO_PT;
      op->index = i;
      b->y += chart_h + 10;
    }
}

/* ---------- contents and footers ---------- */

static void
build_contents (WmBoardPack *self,
                cairo_t     *measure)
{
  Page *page = self->pages->pdata[self->contents_page];
  Builder b = { self, measure, page, MARGIN_TOP };
  double w = A4_SHORT - 2 * MARGIN;
  gboolean only_sections;
  Op *op;

  op = add_op (&b, OP_HEADING);
  op->markup = g_strdup (_("Contents"));
  op->level = 1;
  op->x = MARGIN;
  op->y = MARGIN_TOP;
  add_text (&b, MARGIN, b.y, w, FONT_H1, _("Contents"), ink, PANGO_ALIGN_LEFT, TAG_H1);
  b.y += 34;

  /* Every heading when they fit the page, else the sections alone (the
   * PDF's outline still has them all) */
  {
    double total = 0;

    for (guint i = 0; i < self->headings->len; i++)
      total += g_array_index (self->headings, Heading, i).level == 1 ? 21 : 14;
    only_sections = b.y + total > A4_LONG - MARGIN_BOTTOM;
  }

  for (guint i = 0; i < self->headings->len; i++)
    {
      const Heading *h = &g_array_index (self->headings, Heading, i);
      g_autofree char *title = NULL;
      g_autofree char *number = g_strdup_printf ("%d", h->page + 1);
      double indent = h->level == 1 ? 0 : 16;
      int font = h->level == 1 ? FONT_BODY : FONT_TABLE;
      double line_h = h->level == 1 ? 17 : 14;

      if (only_sections && h->level > 1)
        continue;
      if (b.y + line_h > A4_LONG - MARGIN_BOTTOM)
        break;
      title = escape (h->title);
      if (h->level == 1 && i > 0)
        b.y += 4;
      add_text (&b, MARGIN + indent, b.y, w - indent - 40, font, title, ink, PANGO_ALIGN_LEFT,
                TAG_P);
      add_text (&b, MARGIN + w - 40, b.y, 40, font, number, ink, PANGO_ALIGN_RIGHT, TAG_NONE);
      op = add_op (&b, OP_LINK);
      op->x = MARGIN + indent;
      op->y = b.y;
      op->w = w - indent;
      op->h = line_h - 2;
      op->target_page = h->page;
      op->target_y = h->y;
      b.y += line_h;
    }
}

/* ---------- layout ---------- */

static void
layout_pack (WmBoardPack *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *measure = cairo_create (surface);
  Builder b = { self, measure, NULL, 0 };
  const WmBoardReport *report = self->report;
  g_autofree char *as_at = format_date (report->as_at);

  new_page (&b, FALSE);
  build_cover (&b);
  new_page (&b, FALSE);
  self->contents_page = page_index (&b);
  new_page (&b, FALSE);

  if (self->sections & WM_BOARD_PACK_SUMMARY)
    build_summary (&b);
  if (self->sections & WM_BOARD_PACK_EXCEPTIONS)
    build_exceptions (&b);
  if (self->sections & WM_BOARD_PACK_MILESTONES)
    build_milestones (&b);
  if (self->sections & WM_BOARD_PACK_CHANGES)
    build_changes (&b);
  if (self->sections & WM_BOARD_PACK_RISKS)
    build_risks (&b);
  if (self->sections & WM_BOARD_PACK_AUDITS)
    build_audits (&b);
  if (self->sections & WM_BOARD_PACK_KPIS)
    build_kpis (&b);
  /* The Gantt's landscape pages go last but one: the tables before it
   * are what a board reads first */
  if ((self->sections & WM_BOARD_PACK_GANTT) && self->gantt != NULL)
    build_gantt (&b);

  /* A section that ended exactly at a page break leaves an empty page */
  if (b.page->ops->len == 0 && self->pages->len > 3)
    g_ptr_array_remove_index (self->pages, self->pages->len - 1);

  build_contents (self, measure);
  self->footer = g_strdup_printf (_("%s · Board pack, %s"),
                                  report->plan_title[0] ? report->plan_title
                                                        : _("Improvement plan"), as_at);
  cairo_destroy (measure);
  cairo_surface_destroy (surface);
}

/**
 * wm_board_pack_new:
 * @report: (transfer full): what to report
 * @gantt: (nullable): the plan's Gantt model, its today set to the
 *   report's day; %NULL leaves the Gantt out
 * @risks: (nullable) (element-type WmRisk): the register, for its heat
 *   map; %NULL leaves the heat map out
 * @kpis: (nullable) (element-type WmKpiSeries): the KPIs to chart;
 *   %NULL or none leaves the KPI section out
 * @audits: (nullable) (transfer full): the audit statistics; %NULL or
 *   no audits leaves the audit section out
 * @sections: the sections to include; 0 for all
 *
 * Lays the pack out on pages.
 *
 * Returns: (transfer full): the pack
 */
WmBoardPack *
wm_board_pack_new (WmBoardReport       *report,
                   WmGanttModel        *gantt,
                   GPtrArray           *risks,
                   GPtrArray           *kpis,
                   WmAuditStats        *audits,
                   WmBoardPackSections  sections)
{
  WmBoardPack *self;

  g_return_val_if_fail (report != NULL, NULL);

  self = g_new0 (WmBoardPack, 1);
  self->report = report;
  self->gantt = gantt ? wm_gantt_model_ref (gantt) : NULL;
  self->risks = risks ? g_ptr_array_ref (risks) : NULL;
  self->kpis = kpis ? g_ptr_array_ref (kpis) : NULL;
  self->audits = audits;
  self->sections = sections ? sections : WM_BOARD_PACK_ALL;
  wm_render_style_init_light (&self->style);
  self->pages = g_ptr_array_new_with_free_func (page_free);
  self->headings = g_array_new (FALSE, TRUE, sizeof (Heading));
  g_array_set_clear_func (self->headings, heading_clear);
  layout_pack (self);
  return self;
}

/**
 * wm_board_pack_new_from_store:
 * @store: the plan's store
 * @options: (nullable): the day, the period and the sections
 * @error: return location for a #GError
 *
 * Reads the report and the Gantt from @store and lays the pack out.
 *
 * Returns: (transfer full) (nullable): the pack, or %NULL
 */
WmBoardPack *
wm_board_pack_new_from_store (WmStore                   *store,
                              const WmBoardPackOptions  *options,
                              GError                   **error)
{
  WmBoardPackOptions defaults = { NULL, NULL, WM_BOARD_PACK_ALL };
  g_autoptr(WmBoardReport) report = NULL;
  g_autoptr(WmGanttModel) gantt = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(WmAuditStats) audits = NULL;
  WmBoardPackSections sections;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  if (options == NULL)
    options = &defaults;
  report = wm_board_report_new (store, options->as_at, options->since, error);
  if (report == NULL)
    return NULL;
  sections = options->sections ? options->sections : WM_BOARD_PACK_ALL;
  if (sections & WM_BOARD_PACK_GANTT)
    {
      gantt = wm_gantt_model_new_from_store (store, NULL, error);
      if (gantt == NULL)
        return NULL;
      wm_gantt_model_set_today (gantt, wm_gantt_julian_from_iso (report->as_at));
    }
  if (sections & WM_BOARD_PACK_RISKS)
    {
      risks = wm_risk_list (store, NULL, error);
      if (risks == NULL)
        return NULL;
    }
  if (sections & WM_BOARD_PACK_KPIS)
    {
      guint32 as_at = wm_gantt_julian_from_iso (report->as_at);

      kpis = wm_kpi_series_load_all (store, as_at, error);
      if (kpis == NULL)
        return NULL;
      /* A pack as at a past day shows the values known that day, as the
       * board saw them: periods that ended later are left out */
      for (guint i = 0; i < kpis->len; i++)
        {
          WmKpiSeries *series = kpis->pdata[i];
          guint keep = 0;

          while (keep < series->points->len
                 && g_array_index (series->points, WmKpiPoint, keep).last_day <= as_at)
            keep++;
          g_array_set_size (series->points, keep);
          for (guint b = 0; b < series->benchmarks->len; b++)
            {
              WmKpiBenchmark *benchmark = series->benchmarks->pdata[b];

              keep = 0;
              while (keep < benchmark->points->len
                     && g_array_index (benchmark->points, WmKpiPoint, keep).last_day <= as_at)
                keep++;
              g_array_set_size (benchmark->points, keep);
            }
        }
    }
  if (sections & WM_BOARD_PACK_AUDITS)
    {
      /* audits up to the report's day */
      WmAuditFilter filter = { NULL, report->as_at, NULL, NULL };

      audits = wm_audit_stats_compute (store, &filter, error);
      if (audits == NULL)
        return NULL;
    }
  return wm_board_pack_new (g_steal_pointer (&report), gantt, risks, kpis,
                            g_steal_pointer (&audits), sections);
}

const WmBoardReport *
wm_board_pack_get_report (WmBoardPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->report;
}

int
wm_board_pack_get_n_pages (WmBoardPack *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (int) self->pages->len;
}

gboolean
wm_board_pack_page_is_landscape (WmBoardPack *self,
                                 int          page)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (page >= 0 && (guint) page < self->pages->len, FALSE);
  return ((Page *) self->pages->pdata[page])->landscape;
}

void
wm_board_pack_get_page_size (WmBoardPack *self,
                             int          page,
                             double      *width,
                             double      *height)
{
  gboolean landscape = wm_board_pack_page_is_landscape (self, page);

  if (width)
    *width = landscape ? A4_LONG : A4_SHORT;
  if (height)
    *height = landscape ? A4_SHORT : A4_LONG;
}

/* ---------- drawing ---------- */

typedef struct
{
  cairo_surface_t *pdf;         /* NULL unless writing the PDF */
  int              outline_h1;  /* the last level-1 outline entry */
} PdfState;

static void
draw_op (WmBoardPack *self,
         cairo_t     *cr,
         const Op    *op,
         int          page,
         PdfState    *pdf)
{
  switch (op->kind)
    {
    case OP_TEXT:
      {
        g_autoptr(PangoLayout) layout = make_layout (cr, &self->style, op->font, op->markup,
                                                     op->w, op->align, op->max_lines);

        if (op->tag != TAG_NONE)
          cairo_tag_begin (cr, tag_names[op->tag], NULL);
        set_colour (cr, &op->colour);
        cairo_move_to (cr, op->x, op->y);
        pango_cairo_show_layout (cr, layout);
        if (op->tag != TAG_NONE)
          cairo_tag_end (cr, tag_names[op->tag]);
      }
      break;

    case OP_RECT:
      set_colour (cr, &op->colour);
      if (op->radius > 0)
        {
          double r = MIN (op->radius, MIN (op->w, op->h) / 2);

          cairo_new_sub_path (cr);
          cairo_arc (cr, op->x + op->w - r, op->y + r, r, -G_PI / 2, 0);
          cairo_arc (cr, op->x + op->w - r, op->y + op->h - r, r, 0, G_PI / 2);
          cairo_arc (cr, op->x + r, op->y + op->h - r, r, G_PI / 2, G_PI);
          cairo_arc (cr, op->x + r, op->y + r, r, G_PI, 3 * G_PI / 2);
          cairo_close_path (cr);
        }
      else
        cairo_rectangle (cr, op->x, op->y, op->w, op->h);
      cairo_fill (cr);
      break;

    case OP_LINE:
      set_colour (cr, &op->colour);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, op->x, op->y);
      cairo_line_to (cr, op->x + op->w, op->y + op->h);
      cairo_stroke (cr);
      break;

    case OP_GANTT:
      {
        WmGanttView view;

        wm_gantt_view_init (&view, self->gantt, op->w, op->h, op->zoom);
        view.first_day = op->first_day;
        view.pixels_per_day = op->pixels_per_day;
        view.show_outline = TRUE;
        view.first_row = op->first_row;
        view.n_rows = op->n_rows;
        view.scroll_y = 0;
        {
          WmGanttLayout layout;

          wm_gantt_layout_init (&layout, self->gantt, &view, &self->style);
          view.scroll_y = op->first_row * layout.row_height;
        }
        cairo_save (cr);
        cairo_translate (cr, op->x, op->y);
        cairo_scale (cr, PX_TO_PT * op->scale, PX_TO_PT * op->scale);
        cairo_rectangle (cr, 0, 0, op->w, op->h);
        cairo_clip (cr);
        wm_gantt_render (cr, self->gantt, &view, &self->style);
        cairo_restore (cr);
      }
      break;

    case OP_GANTT_LEGEND:
      cairo_save (cr);
      cairo_translate (cr, op->x, op->y);
      cairo_scale (cr, PX_TO_PT * op->scale, PX_TO_PT * op->scale);
      wm_gantt_render_legend (cr, self->gantt, &self->style, 0, 0, op->w);
      cairo_restore (cr);
      break;

    case OP_HEATMAP:
      {
        WmRisk *first = self->risks->pdata[0];
        WmHeatmapOptions options;

        wm_heatmap_options_init (&options);
        options.show_legend = TRUE;
        cairo_save (cr);
        cairo_translate (cr, op->x, op->y);
        cairo_scale (cr, PX_TO_PT, PX_TO_PT);
        wm_heatmap_render (cr, wm_risk_get_scheme (first), self->risks, op->w, op->h, &options,
                           &self->style);
        cairo_restore (cr);
      }
      break;

    case OP_KPI_CHART:
      {
        WmKpiChartView view;

        wm_kpi_chart_view_init (&view, op->w, op->h);
        view.own_label = self->report->plan_area[0] ? self->report->plan_area : NULL;
        cairo_save (cr);
        cairo_translate (cr, op->x, op->y);
        cairo_scale (cr, PX_TO_PT, PX_TO_PT);
        wm_kpi_chart_render (cr, self->kpis->pdata[op->index], &view, &self->style);
        cairo_restore (cr);
      }
      break;

    case OP_AUDIT_CHART:
      cairo_save (cr);
      cairo_translate (cr, op->x, op->y);
      cairo_scale (cr, PX_TO_PT, PX_TO_PT);
      wm_audit_chart_render (cr, (WmAuditChartKind) op->index, self->audits, op->w, op->h,
                             &self->style, NULL);
      cairo_restore (cr);
      break;

    case OP_HEADING:
      if (pdf != NULL && pdf->pdf != NULL)
        {
          g_autofree char *attributes = g_strdup_printf ("page=%d pos=[%d %d]", page + 1,
                                                         (int) op->x, (int) op->y);
          int parent = op->level == 1 ? CAIRO_PDF_OUTLINE_ROOT : pdf->outline_h1;
          int id = cairo_pdf_surface_add_outline (pdf->pdf, parent, op->markup, attributes,
                                                  CAIRO_PDF_OUTLINE_FLAG_OPEN);

          if (op->level == 1)
            pdf->outline_h1 = id;
        }
      break;

    case OP_LINK:
      {
        g_autofree char *attributes = g_strdup_printf ("rect=[%d %d %d %d] page=%d pos=[%d %d]",
                                                       (int) op->x, (int) op->y, (int) op->w,
                                                       (int) op->h, op->target_page + 1,
                                                       (int) MARGIN, (int) op->target_y);

        cairo_tag_begin (cr, CAIRO_TAG_LINK, attributes);
        cairo_tag_end (cr, CAIRO_TAG_LINK);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
draw_footer (WmBoardPack *self,
             cairo_t     *cr,
             int          page,
             double       width,
             double       height)
{
  g_autofree char *left = escape (self->footer);
  g_autofree char *right = g_strdup_printf (_("Page %d of %d"), page + 1,
                                            (int) self->pages->len);
  g_autoptr(PangoLayout) left_layout = NULL;
  g_autoptr(PangoLayout) right_layout = NULL;
  double y = height - FOOTER_GAP;

  cairo_set_source_rgba (cr, rule.r, rule.g, rule.b, 1);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, y - 4);
  cairo_line_to (cr, width - MARGIN, y - 4);
  cairo_stroke (cr);

  left_layout = make_layout (cr, &self->style, FONT_SMALL, left, width - 2 * MARGIN - 80,
                             PANGO_ALIGN_LEFT, 1);
  right_layout = make_layout (cr, &self->style, FONT_SMALL, right, 80, PANGO_ALIGN_RIGHT, 1);
  set_colour (cr, &quiet);
  cairo_move_to (cr, MARGIN, y);
  pango_cairo_show_layout (cr, left_layout);
  cairo_move_to (cr, width - MARGIN - 80, y);
  pango_cairo_show_layout (cr, right_layout);
}

static void
render_page (WmBoardPack *self,
             cairo_t     *cr,
             int          page,
             PdfState    *pdf)
{
  const Page *p = self->pages->pdata[page];
  double width = page_width (p), height = page_height (p);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  for (guint i = 0; i < p->ops->len; i++)
    draw_op (self, cr, &g_array_index (p->ops, Op, i), page, pdf);
  /* the cover has no footer: it is the title page */
  if (page > 0)
    draw_footer (self, cr, page, width, height);
  cairo_restore (cr);
}

/**
 * wm_board_pack_render_page:
 * @self: the pack
 * @cr: where to draw: the page's top left at the origin, in points
 * @page: from 0
 *
 * Draws one page, as wm_board_pack_write_pdf () writes it.
 */
void
wm_board_pack_render_page (WmBoardPack *self,
                           cairo_t     *cr,
                           int          page)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page >= 0 && (guint) page < self->pages->len);

  render_page (self, cr, page, NULL);
}

/**
 * wm_board_pack_write_pdf:
 * @self: the pack
 * @path: the PDF to write; replaced only when the whole pack was written
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the file was written
 */
gboolean
wm_board_pack_write_pdf (WmBoardPack  *self,
                         const char   *path,
                         GError      **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *display = NULL;
  g_autofree char *subject = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PdfState pdf = { NULL, CAIRO_PDF_OUTLINE_ROOT };
  cairo_t *cr;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  partial = g_strdup_printf ("%s%c.%s.%08x.part", dir, G_DIR_SEPARATOR, base, g_random_int ());

  surface = cairo_pdf_surface_create (partial, A4_SHORT, A4_LONG);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE,
                   _("Could not write “%s”: check that its folder exists and can be written "
                     "to."), display);
      cairo_surface_destroy (surface);
      return FALSE;
    }
  subject = g_strdup_printf (_("Board pack, %s"), self->report->as_at);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  self->report->plan_title[0] ? self->report->plan_title
                                                              : _("Board pack"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Waymark");
  pdf.pdf = surface;
  cr = cairo_create (surface);
  for (guint i = 0; i < self->pages->len; i++)
    {
      double width, height;

      wm_board_pack_get_page_size (self, (int) i, &width, &height);
      cairo_pdf_surface_set_size (surface, width, height);
      render_page (self, cr, (int) i, &pdf);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE, _("Could not write “%s”: %s."),
                   display, cairo_status_to_string (status));
      g_unlink (partial);
      return FALSE;
    }
  /* 0600 like the database: the pack names staff and services */
  g_chmod (partial, 0600);
  if (g_rename (partial, path) != 0)
    {
      int saved = errno;

      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE, _("Could not write “%s”: %s."),
                   display, g_strerror (saved));
      g_unlink (partial);
      return FALSE;
    }
  return TRUE;
}
