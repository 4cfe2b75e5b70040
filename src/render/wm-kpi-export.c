/* wm-kpi-export.c: a KPI chart or the dashboard as a PNG, SVG or PDF file
 *
 * The same wm_kpi_chart_render() and wm_kpi_dashboard_render() as the
 * window.  A chart is one picture, or one landscape page; the dashboard
 * is one picture of every card, or as many pages as its cards need.  Text
 * stays text, so pdftotext finds a KPI's name and latest value.
 */
#define G_LOG_DOMAIN "wm-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "wm-kpi-chart.h"
#include "wm-render-error.h"

/* Pixels at 96 dpi to PDF points */
#define PDF_SCALE (72.0 / 96.0)
/* PNGs are drawn at 1.5 × so that text stays sharp on a slide */
#define PNG_SCALE 1.5
#define CHART_WIDTH 1200.0
#define CHART_HEIGHT 675.0
#define MARGIN 44.0

typedef enum
{
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

static gboolean
format_of (const char  *path,
           Format      *format,
           GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = FORMAT_PDF;
  else
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_FORMAT,
                   _("“%s” does not end in .png, .svg or .pdf: the extension says which kind "
                     "of file to write"), display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_surface (cairo_surface_t  *surface,
               const char       *path,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);
  g_autofree char *display = g_filename_display_name (path);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE, _("Could not write “%s”: %s"),
               display, cairo_status_to_string (status));
  return FALSE;
}

static void
style_for (const WmKpiExportOptions *options,
           WmRenderStyle            *style)
{
  if (options && options->dark)
    wm_render_style_init_dark (style);
  else
    wm_render_style_init_light (style);
}

typedef void (*DrawPage) (cairo_t             *cr,
                          double               width,
                          double               height,
                          guint                page,
                          gpointer             data,
                          const WmRenderStyle *style);

/* One picture (PNG, SVG) of width × height, or PDF pages. */
static gboolean
write_file (const char                *path,
            Format                     format,
            double                     width,
            double                     height,
            guint                      n_pages,
            DrawPage                   draw,
            gpointer                   data,
            const char                *title,
            const WmKpiExportOptions  *options,
            GError                   **error)
{
  WmRenderStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;

  style_for (options, &style);
  if (format == FORMAT_PNG)
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width * PNG_SCALE),
                                            (int) (height * PNG_SCALE));
      cairo_surface_set_device_scale (surface, PNG_SCALE, PNG_SCALE);
    }
  else if (format == FORMAT_SVG)
    {
      surface = cairo_svg_surface_create (path, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  else
    {
      /* A4 or A3 landscape; the drawing is in 96-dpi pixels */
      double page_w = options && options->paper == WM_KPI_PAPER_A3 ? 1190.55 : 841.89;
      double page_h = options && options->paper == WM_KPI_PAPER_A3 ? 841.89 : 595.28;

      surface = cairo_pdf_surface_create (path, page_w, page_h);
      if (title)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Waymark");
      width = page_w / PDF_SCALE;
      height = page_h / PDF_SCALE;
    }
  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  cr = cairo_create (surface);
  for (guint page = 0; page < (format == FORMAT_PDF ? n_pages : 1); page++)
    {
      cairo_save (cr);
      if (format == FORMAT_PDF)
        cairo_scale (cr, PDF_SCALE, PDF_SCALE);
      cairo_set_source_rgba (cr, style.background.r, style.background.g, style.background.b, 1);
      cairo_paint (cr);
      cairo_translate (cr, MARGIN, MARGIN * 0.8);
      draw (cr, width - 2 * MARGIN, height - 1.8 * MARGIN, format == FORMAT_PDF ? page : G_MAXUINT,
            data, &style);
      cairo_restore (cr);
      if (format == FORMAT_PDF)
        cairo_show_page (cr);
    }
  cairo_destroy (cr);

  if (format == FORMAT_PNG)
    {
      cairo_status_t status = cairo_surface_write_to_png (surface, path);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE,
                       _("Could not write “%s”: %s"), display, cairo_status_to_string (status));
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
  const WmKpiSeries        *series;
  const WmKpiExportOptions *options;
} ChartJob;

static void
draw_chart (cairo_t             *cr,
            double               width,
            double               height,
            guint                page,
            gpointer             data,
            const WmRenderStyle *style)
{
  ChartJob *job = data;
  WmKpiChartView view;

  wm_kpi_chart_view_init (&view, width, height);
  if (job->options)
    {
      view.from = job->options->from;
      view.to = job->options->to;
      view.rolling_months = job->options->rolling_months;
      view.own_label = job->options->own_label;
    }
  wm_kpi_chart_render (cr, job->series, &view, style);
}

/**
 * wm_kpi_chart_render_to_file:
 * @series: the KPI
 * @path: the file; its extension (.png, .svg, .pdf) says which kind
 * @options: (nullable): dates, rolling average, dark, paper
 * @error: what went wrong, for the person
 */
gboolean
wm_kpi_chart_render_to_file (const WmKpiSeries         *series,
                             const char                *path,
                             const WmKpiExportOptions  *options,
                             GError                   **error)
{
  ChartJob job = { series, options };
  g_autofree char *title = NULL;
  double width = options && options->width > 0 ? options->width : CHART_WIDTH;
  double height = options && options->height > 0 ? options->height : CHART_HEIGHT;
  Format format;

  g_return_val_if_fail (series != NULL && path != NULL, FALSE);

  if (!format_of (path, &format, error))
    return FALSE;
  if (width > 8000 || height > 8000 || width < 200 || height < 150)
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_TOO_BIG,
                   _("A chart of %.0f × %.0f pixels cannot be drawn: choose between 200 × 150 "
                     "and 8000 × 8000"), width, height);
      return FALSE;
    }
  title = g_strdup_printf ("%s %s", series->code, series->name);
  return write_file (path, format, width + 2 * MARGIN, height + 1.8 * MARGIN, 1, draw_chart,
                     &job, title, options, error);
}

typedef struct
{
  GPtrArray                *series;
  const WmKpiExportOptions *options;
  guint                     per_page;
} DashboardJob;

static void
draw_dashboard (cairo_t             *cr,
                double               width,
                double               height,
                guint                page,
                gpointer             data,
                const WmRenderStyle *style)
{
  DashboardJob *job = data;
  const char *title = job->options ? job->options->title : NULL;
  const char *subtitle = job->options ? job->options->subtitle : NULL;
  g_autofree char *paged = NULL;
  guint n_pages = MAX (1, (job->series->len + job->per_page - 1) / job->per_page);

  if (page == G_MAXUINT)
    {
      wm_kpi_dashboard_render (cr, job->series, 0, width, height, title, subtitle, style);
      return;
    }
  if (n_pages > 1)
    {
      /* Translators: "KPI dashboard, 22 November 2026 — page 1 of 2" */
      paged = g_strdup_printf (_("%s — page %u of %u"), subtitle ? subtitle : "", page + 1,
                               n_pages);
      subtitle = paged;
    }
  wm_kpi_dashboard_render (cr, job->series, page * job->per_page, width, height, title,
                           subtitle, style);
}

/**
 * wm_kpi_dashboard_render_to_file:
 * @series: (element-type WmKpiSeries): the KPIs
 * @path: .pdf (pages of cards), .png or .svg (one picture of them all)
 * @options: (nullable): dark, paper, title
 * @error: what went wrong, for the person
 */
gboolean
wm_kpi_dashboard_render_to_file (GPtrArray                 *series,
                                 const char                *path,
                                 const WmKpiExportOptions  *options,
                                 GError                   **error)
{
  DashboardJob job = { series, options, 1 };
  Format format;
  double width = 1380, height;
  guint per_row;

  g_return_val_if_fail (series != NULL && path != NULL, FALSE);

  if (!format_of (path, &format, error))
    return FALSE;
  if (format == FORMAT_PDF)
    {
      gboolean a3 = options && options->paper == WM_KPI_PAPER_A3;
      double page_w = (a3 ? 1190.55 : 841.89) / PDF_SCALE - 2 * MARGIN;
      double page_h = (a3 ? 841.89 : 595.28) / PDF_SCALE - 1.8 * MARGIN;

      job.per_page = wm_kpi_dashboard_cards_per_page (page_w, page_h);
      return write_file (path, format, 0, 0,
                         MAX (1, (series->len + job.per_page - 1) / job.per_page),
                         draw_dashboard, &job, options ? options->title : NULL, options, error);
    }
  /* One picture holding every card */
  per_row = wm_kpi_dashboard_cards_per_page (width, 64 + 190);
  height = 64 + ((series->len + per_row - 1) / MAX (per_row, 1)) * (190 + 14) + 10;
  job.per_page = series->len;
  return write_file (path, format, width + 2 * MARGIN, height + 1.8 * MARGIN, 1,
                     draw_dashboard, &job, options ? options->title : NULL, options, error);
}
