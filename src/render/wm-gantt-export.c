/* wm-gantt-export.c: the Gantt as a PNG, SVG or PDF file
 *
 * The same wm_gantt_render() as the window, with the outline column and
 * a title.  PNG and SVG are one picture of the whole plan.  PDF is split
 * over A4 or A3 landscape pages, down the rows and across the months,
 * each page with the title, its page number, the header, the outline and
 * the legend, so that any page can be read on its own in a board pack.
 * Text stays text: a PDF reader can search it and pdftotext reads it.
 */
#define G_LOG_DOMAIN "wm-render"

#include "wm-gantt-render.h"
#include "wm-render-error.h"

#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

/* Pixels at 96 dpi to PDF points */
#define PDF_SCALE (72.0 / 96.0)
/* The largest side cairo gives an image surface */
#define MAX_IMAGE_SIDE 32767

static const char *const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

typedef enum
{
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

void
wm_gantt_export_options_init (WmGanttExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->zoom = WM_GANTT_ZOOM_MONTH;
  options->paper = WM_GANTT_PAPER_A4;
}

static void
month_text (guint32  julian,
            char    *buffer,
            gsize    size)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (buffer, size, "%s %u", month_names[g_date_get_month (&date) - 1],
              g_date_get_year (&date));
}

static void
day_text (guint32  julian,
          char    *buffer,
          gsize    size)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (buffer, size, "%u %s %u", g_date_get_day (&date),
              month_names[g_date_get_month (&date) - 1], g_date_get_year (&date));
}

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

static const char *
zoom_name (WmGanttZoom zoom)
{
  switch (zoom)
    {
    case WM_GANTT_ZOOM_MONTH:
      return "month view";
    case WM_GANTT_ZOOM_QUARTER:
      return "quarter view";
    case WM_GANTT_ZOOM_YEAR:
    default:
      return "year view";
    }
}

typedef struct
{
  const WmGanttModel         *model;
  const WmGanttExportOptions *options;
  WmRenderStyle               style;
  WmGanttLayout               layout;   /* of a view with the outline, unscrolled */
  guint32                     from, to;
  guint32                     today;
  double                      pixels_per_day;
  double                      margin;
  double                      title_height;
} Export;

static PangoLayout *
make_layout (cairo_t             *cr,
             const WmRenderStyle *style,
             double               pixels,
             PangoWeight          weight)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (style->font_family);

  pango_font_description_set_absolute_size (font, pixels * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

/* The plan's title and area, what the picture shows, and on a PDF page
 * which page it is. */
static void
draw_title (Export     *e,
            cairo_t    *cr,
            double      width,
            const char *page_text)
{
  const WmRenderStyle *style = &e->style;
  double unit = e->layout.unit;
  g_autoptr(PangoLayout) title = make_layout (cr, style, round (unit * 1.35), PANGO_WEIGHT_BOLD);
  g_autoptr(PangoLayout) small = make_layout (cr, style, round (unit * 0.9), PANGO_WEIGHT_NORMAL);
  g_autofree char *subtitle = NULL;
  char from[32], to[32], today[32];
  int page_w = 0, w, h;

  month_text (e->from, from, sizeof from);
  month_text (e->to, to, sizeof to);
  day_text (e->today, today, sizeof today);
  subtitle = g_strdup_printf ("%s%sAction plan Gantt, %s – %s · %s · as at %s",
                              e->model->plan_area, *e->model->plan_area ? " · " : "", from, to,
                              zoom_name (e->options->zoom), today);

  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b,
                         style->foreground.a);
  if (page_text != NULL)
    {
      pango_layout_set_text (small, page_text, -1);
      pango_layout_get_pixel_size (small, &page_w, &h);
      cairo_move_to (cr, width - page_w, 0);
      pango_cairo_show_layout (cr, small);
      page_w += (int) unit * 2;
    }
  pango_layout_set_text (title, *e->model->plan_title ? e->model->plan_title : "Action plan",
                         -1);
  pango_layout_set_width (title, (int) ((width - page_w) * PANGO_SCALE));
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, title);
  pango_layout_get_pixel_size (title, &w, &h);

  pango_layout_set_text (small, subtitle, -1);
  pango_layout_set_width (small, (int) (width * PANGO_SCALE));
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b,
                         style->foreground.a * 0.75);
  cairo_move_to (cr, 0, h + 2);
  pango_cairo_show_layout (cr, small);
}

static void
init_view (Export      *e,
           WmGanttView *view,
           guint32      first_day,
           guint32      last_day,
           double       height)
{
  wm_gantt_view_init (view, e->model, 0, height, e->options->zoom);
  view->first_day = first_day;
  view->pixels_per_day = e->pixels_per_day;
  view->width = e->layout.outline_width + ceil ((last_day - first_day + 1.0) * e->pixels_per_day);
  view->show_outline = TRUE;
  view->show_baseline = e->options->show_baseline;
  view->show_dependencies = e->options->show_dependencies;
  view->today = e->today;
  view->n_rows = 0;
}

static gboolean
check_surface (cairo_surface_t *surface,
               const char      *path,
               GError         **error)
{
  cairo_status_t status = cairo_surface_status (surface);
  g_autofree char *display = NULL;

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  display = g_filename_display_name (path);
  if (status == CAIRO_STATUS_WRITE_ERROR || status == CAIRO_STATUS_FILE_NOT_FOUND)
    g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE,
                 "Could not write “%s”: check that its folder exists and can be written to.",
                 display);
  else
    g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_FAILED, "Could not draw “%s”: %s.",
                 display, cairo_status_to_string (status));
  return FALSE;
}

/* PNG and SVG: the whole plan in one picture */
static gboolean
export_picture (Export     *e,
                const char *path,
                Format      format,
                GError    **error)
{
  const WmGanttLayout *l = &e->layout;
  cairo_surface_t *surface;
  cairo_t *cr;
  WmGanttView view;
  double width, height, gantt_height;
  gboolean ok;

  gantt_height = l->header_height + MAX (e->model->n_rows, 1) * l->row_height;
  init_view (e, &view, e->from, e->to, gantt_height);
  view.first_row = 0;
  view.n_rows = (int) e->model->n_rows;
  /* wide enough for the title and the legend however short the period */
  width = ceil (MAX (view.width, l->outline_width + l->unit * 52) + 2 * e->margin);
  height = ceil (2 * e->margin + e->title_height + gantt_height + l->legend_height);

  if (format == FORMAT_PNG)
    {
      if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
        {
          g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_TOO_BIG,
                       "The Gantt of %u rows would be %.0f × %.0f pixels, more than a PNG "
                       "image can hold (%d on a side): export to PDF, which splits it over "
                       "pages, or choose a shorter period (--from, --to) or a coarser zoom.",
                       e->model->n_rows, width, height, MAX_IMAGE_SIDE);
          return FALSE;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
    }
  else
    {
      surface = cairo_svg_surface_create (path, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  cr = cairo_create (surface);
  cairo_set_source_rgba (cr, e->style.background.r, e->style.background.g, e->style.background.b,
                         1.0);
  cairo_paint (cr);
  cairo_translate (cr, e->margin, e->margin);
  draw_title (e, cr, width - 2 * e->margin, NULL);
  cairo_translate (cr, 0, e->title_height);
  wm_gantt_render (cr, e->model, &view, &e->style);
  wm_gantt_render_legend (cr, e->model, &e->style, 0, gantt_height, width - 2 * e->margin);
  cairo_destroy (cr);

  if (format == FORMAT_PNG)
    {
      cairo_status_t status = cairo_surface_write_to_png (surface, path);

      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE,
                       "Could not write “%s”: %s.", display, cairo_status_to_string (status));
          cairo_surface_destroy (surface);
          return FALSE;
        }
    }
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

typedef struct
{
  guint32 first, last;
} Slice;

typedef struct
{
  int      first;
  int      n_rows;
  gboolean continued;  /* starts inside a priority: its band is repeated on top */
} Chunk;

/* The period split into page-wide slices, each ending at a month's end
 * when that does not waste more than half a page. */
static GArray *
time_slices (Export *e,
             double  timeline_width)
{
  GArray *slices = g_array_new (FALSE, FALSE, sizeof (Slice));
  guint32 per_page = (guint32) MAX (7.0, floor (timeline_width / e->pixels_per_day));
  guint32 start = e->from;

  while (start <= e->to)
    {
      Slice slice = { start, MIN (e->to, start + per_page - 1) };

      if (slice.last < e->to)
        {
          guint32 month_end = month_first_day (slice.last + 1) - 1;

          if (month_end >= start + per_page / 2)
            slice.last = month_end;
        }
      g_array_append_val (slices, slice);
      start = slice.last + 1;
    }
  return slices;
}

static gboolean
export_pdf (Export     *e,
            const char *path,
            GError    **error)
{
  const WmGanttLayout *l = &e->layout;
  double page_w_pt = e->options->paper == WM_GANTT_PAPER_A3 ? 1190.55 : 841.89;
  double page_h_pt = e->options->paper == WM_GANTT_PAPER_A3 ? 841.89 : 595.28;
  double content_w = page_w_pt / PDF_SCALE - 2 * e->margin;
  double content_h = page_h_pt / PDF_SCALE - 2 * e->margin;
  double gantt_h = content_h - e->title_height - l->legend_height;
  int rows_per_page = (int) floor ((gantt_h - l->header_height) / l->row_height);
  g_autoptr(GArray) slices = NULL;
  g_autoptr(GArray) chunks = NULL;
  int n_chunks, n_pages, page = 0;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;

  if (rows_per_page < 1 || content_w - l->outline_width < 100)
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_TOO_BIG,
                   "The page is too small for the Gantt's header and outline.");
      return FALSE;
    }
  slices = time_slices (e, content_w - l->outline_width);
  /* Pages down the rows.  A page that starts inside a priority repeats
   * its band on top, "continued", in a row's place. */
  chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  for (int row = 0; row < (int) e->model->n_rows || chunks->len == 0;)
    {
      Chunk chunk = { row, rows_per_page, FALSE };

      if (row < (int) e->model->n_rows && e->model->rows[row].kind == WM_GANTT_ROW_ACTION
          && e->model->rows[row].priority_row >= 0 && e->model->rows[row].priority_row < row
          && rows_per_page > 1)
        {
          chunk.continued = TRUE;
          chunk.n_rows--;
        }
      chunk.n_rows = MIN (chunk.n_rows, (int) e->model->n_rows - row);
      g_array_append_val (chunks, chunk);
      if (chunk.n_rows <= 0)
        break;
      row += chunk.n_rows;
    }
  n_chunks = (int) chunks->len;
  n_pages = n_chunks * (int) slices->len;

  surface = cairo_pdf_surface_create (path, page_w_pt, page_h_pt);
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, e->model->plan_title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, "Action plan Gantt");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Waymark");
  cr = cairo_create (surface);

  /* Down the rows first: an action's whole period is on consecutive pages. */
  for (int chunk = 0; chunk < n_chunks; chunk++)
    for (guint s = 0; s < slices->len; s++)
      {
        Slice *slice = &g_array_index (slices, Slice, s);
        Chunk *rows = &g_array_index (chunks, Chunk, chunk);
        int first_row = rows->first;
        int n_rows = MAX (rows->n_rows, 0);
        int slots = MAX (1, n_rows + (rows->continued ? 1 : 0));
        g_autofree char *page_text = NULL;
        char from[32], to[32];
        WmGanttView view;

        page++;
        month_text (slice->first, from, sizeof from);
        month_text (slice->last, to, sizeof to);
        if (n_chunks > 1)
          page_text = g_strdup_printf ("%s – %s · rows %d–%d of %u · page %d of %d", from, to,
                                       first_row + 1, first_row + MAX (n_rows, 1),
                                       e->model->n_rows, page, n_pages);
        else
          page_text = g_strdup_printf ("%s – %s · page %d of %d", from, to, page, n_pages);

        cairo_save (cr);
        cairo_scale (cr, PDF_SCALE, PDF_SCALE);
        cairo_set_source_rgba (cr, e->style.background.r, e->style.background.g,
                               e->style.background.b, 1.0);
        cairo_paint (cr);
        cairo_translate (cr, e->margin, e->margin);
        draw_title (e, cr, content_w, page_text);
        cairo_translate (cr, 0, e->title_height);
        init_view (e, &view, slice->first, slice->last, l->header_height + slots * l->row_height);
        view.first_row = first_row;
        view.n_rows = n_rows;
        view.scroll_y = (first_row - (rows->continued ? 1 : 0)) * l->row_height;
        view.sticky_priority = rows->continued;
        wm_gantt_render (cr, e->model, &view, &e->style);
        wm_gantt_render_legend (cr, e->model, &e->style, 0, gantt_h, content_w);
        cairo_restore (cr);
        cairo_show_page (cr);
      }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

/**
 * wm_gantt_render_to_file:
 * @model: the plan
 * @path: the file to write; its extension (.png, .svg, .pdf) says how
 * @options: (nullable): period, zoom, paper, what to show
 * @error: return location for a #GError
 *
 * Writes the Gantt with its outline column, title and legend.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
wm_gantt_render_to_file (const WmGanttModel          *model,
                         const char                  *path,
                         const WmGanttExportOptions  *options,
                         GError                     **error)
{
  WmGanttExportOptions defaults;
  g_autofree char *lower = NULL;
  WmGanttView view;
  Export e;
  Format format;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      wm_gantt_export_options_init (&defaults);
      options = &defaults;
    }
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    format = FORMAT_PDF;
  else
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_FORMAT,
                   "“%s” does not end in .png, .svg or .pdf: the extension says which kind "
                   "of file to write.", display);
      return FALSE;
    }

  memset (&e, 0, sizeof e);
  e.model = model;
  e.options = options;
  if (options->dark)
    wm_render_style_init_dark (&e.style);
  else
    wm_render_style_init_light (&e.style);
  e.from = options->from ? options->from : month_first_day (model->overview_first);
  e.to = options->to ? options->to : month_last_day (model->overview_last);
  if (e.to < e.from)
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_INVALID,
                   "The period ends before it starts: choose a --to date after --from.");
      return FALSE;
    }
  e.today = options->today ? options->today : model->today;
  e.pixels_per_day = wm_gantt_zoom_pixels_per_day (options->zoom);

  init_view (&e, &view, e.from, e.to, 1000);
  view.show_outline = TRUE;
  view.show_legend = TRUE;
  wm_gantt_layout_init (&e.layout, model, &view, &e.style);
  e.margin = round (e.layout.unit * 2.5);
  e.title_height = round (e.layout.unit * 3.6);

  if (format == FORMAT_PDF)
    return export_pdf (&e, path, error);
  return export_picture (&e, path, format, error);
}
