/* wm-heatmap-export.c: the heat map as a PNG, SVG or PDF file
 *
 * PNG and SVG are one picture: a heading, then the heat map and its
 * legend.  PDF is A4 landscape: the heat map on the first page, then the
 * key to the refs (each risk, its scores before and after mitigation, its
 * owner and next review) over as many pages as it needs, so that a board
 * pack reader can look a marker up.  Text stays text: a PDF reader can
 * search it and pdftotext reads it.
 */
#define G_LOG_DOMAIN "wm-render"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "wm-heatmap.h"
#include "wm-render-error.h"

/* Pixels at 96 dpi to PDF points */
#define PDF_SCALE (72.0 / 96.0)
#define IMAGE_WIDTH 1280.0
#define IMAGE_HEIGHT 860.0

typedef enum
{
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

static PangoLayout *
export_text (cairo_t             *cr,
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
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

static void
set_colour (cairo_t        *cr,
            const WmColour *colour,
            double          alpha)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a * alpha);
}

/* The heading: "Risk heat map", and the plan and date below it.
 * Returns its height. */
static double
draw_heading (cairo_t             *cr,
              const WmRenderStyle *style,
              double               width,
              const char          *title,
              const char          *subtitle)
{
  double unit = round (style->font_size * 96.0 / 72.0);
  g_autoptr(PangoLayout) big = export_text (cr, style, round (unit * 1.5), PANGO_WEIGHT_BOLD);
  g_autoptr(PangoLayout) small = export_text (cr, style, unit, PANGO_WEIGHT_NORMAL);
  int w, h, sh = 0;

  set_colour (cr, &style->foreground, 1.0);
  pango_layout_set_text (big, title, -1);
  pango_layout_set_width (big, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (big, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, big);
  pango_layout_get_pixel_size (big, &w, &h);
  if (subtitle != NULL && *subtitle != '\0')
    {
      set_colour (cr, &style->foreground, 0.75);
      pango_layout_set_text (small, subtitle, -1);
      pango_layout_set_width (small, (int) (width * PANGO_SCALE));
      cairo_move_to (cr, 0, h + 2);
      pango_cairo_show_layout (cr, small);
      pango_layout_get_pixel_size (small, &w, &sh);
    }
  return h + 2 + sh + unit;
}

static void
draw_picture (cairo_t                *cr,
              WmRiskScheme           *scheme,
              GPtrArray              *risks,
              double                  width,
              double                  height,
              const WmHeatmapOptions *options,
              const WmRenderStyle    *style,
              const char             *subtitle)
{
  double margin = round (style->font_size * 96.0 / 72.0 * 1.5);
  WmHeatmapOptions shown = *options;
  double heading;

  set_colour (cr, &style->background, 1.0);
  cairo_paint (cr);
  cairo_save (cr);
  cairo_translate (cr, margin, margin);
  heading = draw_heading (cr, style, width - 2 * margin,
                          options->title ? options->title
                                         : options->residual_only
                                           ? _("Risk heat map: after mitigation")
                                           : _("Risk heat map"),
                          subtitle);
  cairo_translate (cr, -margin, heading);
  shown.title = NULL;
  wm_heatmap_render (cr, scheme, risks, width, height - heading - margin, &shown, style);
  cairo_restore (cr);
}

/* The key pages of the PDF: one line per risk, wrapped, paged. */
static void
draw_key_pages (cairo_t                *cr,
                GPtrArray              *risks,
                const WmHeatmapOptions *options,
                const WmRenderStyle    *style,
                double                  width,
                double                  height,
                double                  margin,
                int                    *page)
{
  double unit = round (style->font_size * 96.0 / 72.0);
  g_autoptr(PangoLayout) text = export_text (cr, style, unit, PANGO_WEIGHT_NORMAL);
  g_autoptr(PangoLayout) bold = export_text (cr, style, unit, PANGO_WEIGHT_BOLD);
  const char *headers[] = { _("Ref"), _("Risk"), _("Before"), _("After"), _("Owner"),
                            _("Next review") };
  double widths[] = { 0.07, 0.43, 0.12, 0.12, 0.16, 0.10 };
  double content_w = width - 2 * margin;
  double y = 0;
  guint i = 0;

  while (i < risks->len)
    {
      WmRisk *risk = risks->pdata[i];
      char *cells[6];
      double row_h = 0;
      int w, h;

      if (wm_risk_is_closed (risk) && !options->show_closed)
        {
          i++;
          continue;
        }
      if (y == 0)
        {
          double x = 0;

          cairo_show_page (cr);
          (*page)++;
          cairo_save (cr);
          cairo_scale (cr, PDF_SCALE, PDF_SCALE);
          set_colour (cr, &style->background, 1.0);
          cairo_paint (cr);
          cairo_restore (cr);
          cairo_save (cr);
          cairo_scale (cr, PDF_SCALE, PDF_SCALE);
          cairo_translate (cr, margin, margin);
          y = draw_heading (cr, style, content_w, _("Risk heat map: key"), NULL);
          for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
            {
              set_colour (cr, &style->foreground, 1.0);
              pango_layout_set_text (bold, headers[c], -1);
              pango_layout_set_width (bold, (int) ((widths[c] * content_w - unit) * PANGO_SCALE));
              cairo_move_to (cr, x, y);
              pango_cairo_show_layout (cr, bold);
              x += widths[c] * content_w;
            }
          y += unit * 1.8;
          cairo_restore (cr);
        }

      cells[0] = g_strdup (wm_risk_get_ref (risk));
      cells[1] = g_strdup (wm_risk_get_title (risk));
      cells[2] = wm_risk_format_score (risk, WM_RISK_INHERENT);
      cells[3] = wm_risk_format_score (risk, WM_RISK_RESIDUAL);
      cells[4] = g_strdup (wm_risk_get (risk, "owner"));
      cells[5] = g_strdup (wm_risk_get (risk, "review_date"));
      for (guint c = 0; c < 6; c++)
        {
          pango_layout_set_text (text, cells[c] ? cells[c] : "—", -1);
          pango_layout_set_width (text, (int) ((widths[c] * content_w - unit) * PANGO_SCALE));
          pango_layout_get_pixel_size (text, &w, &h);
          row_h = MAX (row_h, h);
        }
      if (y + row_h > height - 2 * margin && y > unit * 6)
        {
          for (guint c = 0; c < 6; c++)
            g_free (cells[c]);
          y = 0;
          continue;
        }

      cairo_save (cr);
      cairo_scale (cr, PDF_SCALE, PDF_SCALE);
      cairo_translate (cr, margin, margin);
      {
        double x = 0;

        set_colour (cr, &style->grid, 1.0);
        cairo_set_line_width (cr, 1);
        cairo_move_to (cr, 0, y - unit * 0.3);
        cairo_line_to (cr, content_w, y - unit * 0.3);
        cairo_stroke (cr);
        for (guint c = 0; c < 6; c++)
          {
            set_colour (cr, &style->foreground, 1.0);
            pango_layout_set_text (text, cells[c] ? cells[c] : "—", -1);
            pango_layout_set_width (text, (int) ((widths[c] * content_w - unit) * PANGO_SCALE));
            cairo_move_to (cr, x, y);
            pango_cairo_show_layout (cr, text);
            x += widths[c] * content_w;
          }
      }
      cairo_restore (cr);
      y += row_h + unit * 0.6;
      for (guint c = 0; c < 6; c++)
        g_free (cells[c]);
      i++;
    }
}

static gboolean
check_surface (cairo_surface_t *surface,
               const char      *path,
               GError         **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  {
    g_autofree char *display = g_filename_display_name (path);
    g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE, "Could not write “%s”: %s",
                 display, cairo_status_to_string (status));
  }
  return FALSE;
}

/**
 * wm_heatmap_render_to_file:
 * @scheme: the plan's scheme
 * @risks: (element-type WmRisk): the register
 * @path: the file to write; its extension (.png, .svg, .pdf) says how
 * @options: (nullable): what to show
 * @dark: dark colours (for slides)
 * @subtitle: (nullable): the plan and date, under the heading
 * @error: return location for a #GError
 *
 * Writes the file whole or not at all: it is drawn beside @path and moved
 * over it when complete.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
wm_heatmap_render_to_file (WmRiskScheme            *scheme,
                           GPtrArray               *risks,
                           const char              *path,
                           const WmHeatmapOptions  *options,
                           gboolean                 dark,
                           const char              *subtitle,
                           GError                 **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *display = NULL;
  WmHeatmapOptions defaults;
  WmRenderStyle style;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  Format format;
  gboolean ok;
  int fd;

  g_return_val_if_fail (scheme != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      wm_heatmap_options_init (&defaults);
      options = &defaults;
    }
  display = g_filename_display_name (path);
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    format = FORMAT_PDF;
  else
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_FORMAT,
                   "“%s” does not end in .png, .svg or .pdf: the extension says which kind "
                   "of file to write.", display);
      return FALSE;
    }
  if (dark)
    wm_render_style_init_dark (&style);
  else
    wm_render_style_init_light (&style);
  /* Print wants a quieter size than a screen */
  style.font_size = format == FORMAT_PDF ? 9.0 : 10.0;

  dir = g_path_get_dirname (path);
  tmp = g_build_filename (dir, ".waymark-heatmap-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_RDWR, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE, "Could not write “%s”: %s",
                   display, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  switch (format)
    {
    case FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, IMAGE_WIDTH, IMAGE_HEIGHT);
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create (tmp, IMAGE_WIDTH, IMAGE_HEIGHT);
      break;
    case FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create (tmp, 841.89, 595.28);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      subtitle ? subtitle : "Risk heat map");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, "Risk heat map");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Waymark");
      break;
    }
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      g_unlink (tmp);
      return FALSE;
    }

  cr = cairo_create (surface);
  if (format == FORMAT_PDF)
    {
      double width = 841.89 / PDF_SCALE, height = 595.28 / PDF_SCALE;
      int page = 1;

      cairo_save (cr);
      cairo_scale (cr, PDF_SCALE, PDF_SCALE);
      draw_picture (cr, scheme, risks, width, height, options, &style, subtitle);
      cairo_restore (cr);
      draw_key_pages (cr, risks, options, &style, width, height,
                      round (style.font_size * 96.0 / 72.0 * 1.5), &page);
      cairo_show_page (cr);
    }
  else
    draw_picture (cr, scheme, risks, IMAGE_WIDTH, IMAGE_HEIGHT, options, &style, subtitle);
  cairo_destroy (cr);
  ok = check_surface (surface, path, error);
  if (ok && format == FORMAT_PNG)
    {
      cairo_status_t status = cairo_surface_write_to_png (surface, tmp);

      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE, "Could not write “%s”: %s",
                       display, cairo_status_to_string (status));
          ok = FALSE;
        }
    }
  /* PDF and SVG are written out when finished */
  cairo_surface_finish (surface);
  ok = ok && check_surface (surface, path, error);
  cairo_surface_destroy (surface);
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE, "Could not write “%s”: %s",
                   display, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}
