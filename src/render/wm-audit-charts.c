#define G_LOG_DOMAIN "wm-render"

#include "wm-audit-charts.h"
#include "wm-render-error.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define PAD 8.0

typedef struct
{
  cairo_t             *cr;
  const WmRenderStyle *style;
  double               unit;     /* the font's pixel size */
} Painter;

static double
font_pixels (const WmRenderStyle *style)
{
  return (style->font_size > 0 ? style->font_size : 9.0) * 96.0 / 72.0;
}

static PangoLayout *
make_layout (Painter     *p,
             double       scale,
             PangoWeight  weight)
{
  PangoLayout *layout = pango_cairo_create_layout (p->cr);
  PangoFontDescription *font = pango_font_description_from_string (p->style->font_family
                                                                   ? p->style->font_family
                                                                   : "Sans");

  /* absolute, so that the maths hold on screen, PNG and PDF alike */
  pango_font_description_set_absolute_size (font, p->unit * scale * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

static void
set_colour (cairo_t        *cr,
            const WmColour *c,
            double          alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

/* Text at (x, y) top-left, or right-aligned at x when @align_right; cut
 * with an ellipsis at @max_width (0: no limit).  Returns the width. */
static double
draw_text (Painter        *p,
           const char     *text,
           double          x,
           double          y,
           double          max_width,
           gboolean        align_right,
           double          scale,
           PangoWeight     weight,
           const WmColour *colour,
           double          alpha)
{
  g_autoptr(PangoLayout) layout = make_layout (p, scale, weight);
  int w, h;

  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  set_colour (p->cr, colour, alpha);
  cairo_move_to (p->cr, align_right ? x - w : x, y);
  pango_cairo_show_layout (p->cr, layout);
  return w;
}

static double
text_width (Painter    *p,
            const char *text,
            double      scale,
            PangoWeight weight)
{
  g_autoptr(PangoLayout) layout = make_layout (p, scale, weight);
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* Black or white, whichever reads on @fill. */
static WmColour
ink_on (const WmColour *fill)
{
  double luminance = 0.2126 * fill->r + 0.7152 * fill->g + 0.0722 * fill->b;

  return luminance > 0.55 ? (WmColour) { 0.08, 0.08, 0.08, 1 } : (WmColour) { 1, 1, 1, 1 };
}

static const char *const titles[] = {
  [WM_AUDIT_CHART_LEVELS] = "Agreed levels by domain",
  [WM_AUDIT_CHART_AGREEMENT] = "Same overall judgement, auditor and moderator",
  [WM_AUDIT_CHART_STANDARD] = "Audits meeting the standard in every domain",
};

/* ---------- levels by domain ---------- */

#define ROW_HEIGHT(u) ((u) * 2.0)

double
wm_audit_chart_natural_height (WmAuditChartKind     kind,
                               const WmAuditStats  *stats,
                               const WmRenderStyle *style)
{
  double unit = font_pixels (style);

  g_return_val_if_fail (stats != NULL && style != NULL, 0);
  if (kind == WM_AUDIT_CHART_LEVELS)
    return unit * 1.4 + PAD + unit * 1.6 + PAD
           + MAX (stats->domains->len, 1) * ROW_HEIGHT (unit) + PAD;
  return unit * 18;
}

static void
render_levels (Painter            *p,
               const WmAuditStats *stats,
               double              width,
               double              height,
               WmAuditChartStats  *drawn)
{
  cairo_t *cr = p->cr;
  double label_w = 0, x0, x1, y, legend_x;
  double row_h = ROW_HEIGHT (p->unit);

  y = PAD * 0.5;
  draw_text (p, titles[WM_AUDIT_CHART_LEVELS], 0, y, width, FALSE, 1.15, PANGO_WEIGHT_BOLD,
             &p->style->foreground, 1);
  y += p->unit * 1.4 + PAD;

  /* the legend: one swatch per level, best first, N/A last */
  legend_x = 0;
  for (guint i = 0; i < stats->levels->len; i++)
    {
      const WmAuditLevel *l = &g_array_index (stats->levels, WmAuditLevel, i);
      g_autofree char *label = l->is_na ? g_strdup ("N/A")
                                        : g_strdup_printf ("%d %s", l->value, l->label);
      WmColour c;

      if (!wm_colour_parse (l->colour, &c))
        c = p->style->accent;
      set_colour (cr, &c, 1);
      cairo_rectangle (cr, legend_x, y + p->unit * 0.25, p->unit, p->unit);
      cairo_fill (cr);
      legend_x += p->unit * 1.4;
      legend_x += draw_text (p, label, legend_x, y, 0, FALSE, 0.95, PANGO_WEIGHT_NORMAL,
                             &p->style->foreground, 0.85);
      legend_x += p->unit * 1.5;
    }
  y += p->unit * 1.6 + PAD;

  for (guint d = 0; d < stats->domains->len; d++)
    label_w = MAX (label_w, text_width (p, ((WmAuditDomainStats *) stats->domains->pdata[d])->label,
                                        1, PANGO_WEIGHT_NORMAL));
  label_w = MIN (label_w + PAD, width * 0.42);
  x0 = label_w + PAD;
  x1 = width - p->unit * 3.2;   /* room for "n = 12" */
  if (x1 - x0 < 40)
    x1 = x0 + 40;

  if (stats->domains->len == 0)
    {
      draw_text (p, "No audits scored yet", 0, y, width, FALSE, 1, PANGO_WEIGHT_NORMAL,
                 &p->style->foreground, 0.6);
      return;
    }

  for (guint d = 0; d < stats->domains->len; d++)
    {
      const WmAuditDomainStats *ds = stats->domains->pdata[d];
      double bar_y = y + row_h * 0.15, bar_h = row_h * 0.7, x = x0;
      g_autofree char *n_text = g_strdup_printf ("n = %u", ds->scored);

      if (y > height)
        break;
      draw_text (p, ds->label, 0, y + (row_h - p->unit * 1.2) / 2, label_w - PAD, FALSE, 1,
                 PANGO_WEIGHT_NORMAL, &p->style->foreground, 1);
      /* the track, so that an empty domain still shows where it would be */
      set_colour (cr, &p->style->grid, 1);
      cairo_rectangle (cr, x0, bar_y, x1 - x0, bar_h);
      cairo_fill (cr);
      for (guint i = 0; ds->scored > 0 && i < stats->levels->len; i++)
        {
          const WmAuditLevel *l = &g_array_index (stats->levels, WmAuditLevel, i);
          double w = (x1 - x0) * ds->distribution[i] / ds->scored;
          WmColour c, ink;

          if (ds->distribution[i] == 0)
            continue;
          if (!wm_colour_parse (l->colour, &c))
            c = p->style->accent;
          set_colour (cr, &c, 1);
          cairo_rectangle (cr, x, bar_y, w, bar_h);
          cairo_fill (cr);
          /* a hairline between segments, in the background colour */
          set_colour (cr, &p->style->background, 1);
          cairo_rectangle (cr, x + w - 0.5, bar_y, 1, bar_h);
          cairo_fill (cr);
          ink = ink_on (&c);
          if (w > p->unit * 1.6)
            {
              g_autofree char *count = g_strdup_printf ("%u", ds->distribution[i]);
              draw_text (p, count, x + w / 2 - text_width (p, count, 0.9, PANGO_WEIGHT_BOLD) / 2,
                         bar_y + (bar_h - p->unit * 1.1) / 2, 0, FALSE, 0.9, PANGO_WEIGHT_BOLD,
                         &ink, 1);
            }
          x += w;
          if (drawn)
            drawn->segments++;
        }
      draw_text (p, ds->scored > 0 ? n_text : "none", width, y + (row_h - p->unit * 1.2) / 2, 0,
                 TRUE, 0.9, PANGO_WEIGHT_NORMAL, &p->style->foreground, 0.7);
      if (drawn)
        drawn->bars++;
      y += row_h;
    }
}

/* ---------- shares over time ---------- */

static WmAuditRatio
window_ratio (const WmAuditWindow *w,
              WmAuditChartKind     kind)
{
  return kind == WM_AUDIT_CHART_AGREEMENT ? w->overall : w->standard;
}

static void
render_share (Painter            *p,
              WmAuditChartKind    kind,
              const WmAuditStats *stats,
              double              width,
              double              height,
              WmAuditChartStats  *drawn)
{
  cairo_t *cr = p->cr;
  double target = kind == WM_AUDIT_CHART_AGREEMENT ? WM_AUDIT_TARGET_AGREEMENT
                                                   : WM_AUDIT_TARGET_STANDARD;
  double top, bottom, left, right, step, y_axis_w;
  guint n = stats->windows->len, label_every = 1;
  g_autofree char *target_text = g_strdup_printf ("Target %.0f%%", target * 100);
  gboolean have_last = FALSE;
  double last_x = 0, last_y = 0;

  draw_text (p, titles[kind], 0, PAD * 0.5, width * 0.7, FALSE, 1.15, PANGO_WEIGHT_BOLD,
             &p->style->foreground, 1);
  top = PAD * 0.5 + p->unit * 1.4 + PAD + p->unit * 0.6;
  bottom = height - p->unit * 2.2;
  y_axis_w = text_width (p, "100%", 0.9, PANGO_WEIGHT_NORMAL) + PAD;
  left = y_axis_w;
  right = width - PAD;
  if (bottom - top < p->unit * 3)
    bottom = top + p->unit * 3;

  /* the scale, 0 to 100% */
  for (int pct = 0; pct <= 100; pct += 20)
    {
      double y = bottom - (bottom - top) * pct / 100.0;
      g_autofree char *label = g_strdup_printf ("%d%%", pct);

      set_colour (cr, &p->style->grid, 1);
      cairo_rectangle (cr, left, y - 0.5, right - left, 1);
      cairo_fill (cr);
      draw_text (p, label, left - PAD * 0.5, y - p->unit * 0.6, 0, TRUE, 0.9,
                 PANGO_WEIGHT_NORMAL, &p->style->foreground, 0.6);
    }

  /* the target, dashed; its key sits beside the title, where no point can
   * fall on it */
  {
    double y = bottom - (bottom - top) * target;
    double dashes[] = { 6, 4 };
    double key_w = text_width (p, target_text, 0.9, PANGO_WEIGHT_BOLD);
    double key_y = PAD * 0.5 + p->unit * 0.7;

    set_colour (cr, &p->style->foreground, 0.75);
    cairo_set_line_width (cr, 1.5);
    cairo_set_dash (cr, dashes, 2, 0);
    cairo_move_to (cr, left, y);
    cairo_line_to (cr, right, y);
    cairo_move_to (cr, right - key_w - PAD - 28, key_y);
    cairo_line_to (cr, right - key_w - PAD, key_y);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
    draw_text (p, target_text, right, key_y - p->unit * 0.6, 0, TRUE, 0.9, PANGO_WEIGHT_BOLD,
               &p->style->foreground, 0.8);
    if (drawn)
      drawn->target_y = y;
  }

  if (n == 0)
    {
      draw_text (p, "No dated audits yet", left + PAD, top + PAD, right - left - PAD, FALSE, 1,
                 PANGO_WEIGHT_NORMAL, &p->style->foreground, 0.6);
      return;
    }

  step = (right - left) / n;
  while (label_every < n
         && step * label_every < text_width (p, "Mar–Apr 2023", 0.9, PANGO_WEIGHT_NORMAL) + PAD)
    label_every++;

  for (guint i = 0; i < n; i++)
    {
      const WmAuditWindow *w = stats->windows->pdata[i];
      WmAuditRatio r = window_ratio (w, kind);
      double x = left + step * (i + 0.5);

      if (i % label_every == 0)
        draw_text (p, w->label, x - text_width (p, w->label, 0.9, PANGO_WEIGHT_NORMAL) / 2,
                   bottom + PAD * 0.5, 0, FALSE, 0.9, PANGO_WEIGHT_NORMAL,
                   &p->style->foreground, 0.75);
      if (r.n == 0)
        {
          /* nothing to count: a gap, and the line breaks */
          const char *none = kind == WM_AUDIT_CHART_AGREEMENT ? "none moderated" : "none scored";
          draw_text (p, none, x - text_width (p, none, 0.85, PANGO_WEIGHT_NORMAL) / 2,
                     bottom - p->unit * 1.6, 0, FALSE, 0.85, PANGO_WEIGHT_NORMAL,
                     &p->style->foreground, 0.5);
          have_last = FALSE;
          if (drawn)
            drawn->gaps++;
          continue;
        }
      {
        double share = (double) r.hits / r.n;
        double y = bottom - (bottom - top) * share;
        gboolean met = share >= target - 1e-9;
        g_autofree char *value = g_strdup_printf ("%.0f%% (%u/%u)", share * 100, r.hits, r.n);
        double value_w = text_width (p, value, 0.85, PANGO_WEIGHT_NORMAL);

        if (have_last)
          {
            set_colour (cr, &p->style->accent, 1);
            cairo_set_line_width (cr, 2);
            cairo_move_to (cr, last_x, last_y);
            cairo_line_to (cr, x, y);
            cairo_stroke (cr);
          }
        /* a filled point meets the target, a hollow one does not: shape as
         * well as position, for a print in black and white */
        cairo_new_sub_path (cr);
        cairo_arc (cr, x, y, p->unit * 0.4, 0, 2 * G_PI);
        if (met)
          {
            set_colour (cr, &p->style->accent, 1);
            cairo_fill (cr);
          }
        else
          {
            set_colour (cr, &p->style->background, 1);
            cairo_fill_preserve (cr);
            set_colour (cr, &p->style->accent, 1);
            cairo_set_line_width (cr, 2);
            cairo_stroke (cr);
          }
        /* above the point; at the top of the scale, beside it, where
         * neither the target line nor the title can be */
        if (step > value_w * 0.8 || n <= 6)
          {
            double label_x = CLAMP (x - value_w / 2, left, right - value_w);
            double label_y = y - p->unit * 1.7;

            if (label_y < top - p->unit * 0.2)
              {
                label_x = x + value_w + p->unit < right ? x + p->unit * 0.7
                                                        : x - p->unit * 0.7 - value_w;
                label_y = y - p->unit * 0.55;
              }
            draw_text (p, value, label_x, label_y, 0, FALSE, 0.85, PANGO_WEIGHT_NORMAL,
                       &p->style->foreground, 0.85);
          }
        last_x = x;
        last_y = y;
        have_last = TRUE;
        if (drawn)
          drawn->bars++;
      }
    }
}

void
wm_audit_chart_render (cairo_t             *cr,
                       WmAuditChartKind     kind,
                       const WmAuditStats  *stats,
                       double               width,
                       double               height,
                       const WmRenderStyle *style,
                       WmAuditChartStats   *drawn)
{
  Painter p = { cr, style, font_pixels (style) };

  g_return_if_fail (cr != NULL && stats != NULL && style != NULL);

  if (drawn)
    *drawn = (WmAuditChartStats) { 0, 0, 0, -1 };
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (kind == WM_AUDIT_CHART_LEVELS)
    render_levels (&p, stats, width, height, drawn);
  else
    render_share (&p, kind, stats, width, height, drawn);
  cairo_restore (cr);
}

/* What the chart shows, in words: for a screen reader and for tests. */
char *
wm_audit_chart_describe (WmAuditChartKind    kind,
                         const WmAuditStats *stats)
{
  GString *text = g_string_new (titles[kind]);

  g_return_val_if_fail (stats != NULL, NULL);
  g_string_append (text, ". ");
  if (kind == WM_AUDIT_CHART_LEVELS)
    {
      for (guint d = 0; d < stats->domains->len; d++)
        {
          const WmAuditDomainStats *ds = stats->domains->pdata[d];
          gboolean first = TRUE;

          g_string_append_printf (text, "%s: ", ds->label);
          for (guint i = 0; i < stats->levels->len; i++)
            {
              const WmAuditLevel *l = &g_array_index (stats->levels, WmAuditLevel, i);

              if (ds->distribution[i] == 0)
                continue;
              g_string_append_printf (text, "%s%u %s", first ? "" : ", ", ds->distribution[i],
                                      l->is_na ? "N/A" : l->label);
              first = FALSE;
            }
          g_string_append (text, first ? "none scored. " : ". ");
        }
    }
  else
    {
      g_string_append_printf (text, "Target %.0f%%. ",
                              100 * (kind == WM_AUDIT_CHART_AGREEMENT ? WM_AUDIT_TARGET_AGREEMENT
                                                                      : WM_AUDIT_TARGET_STANDARD));
      for (guint i = 0; i < stats->windows->len; i++)
        {
          const WmAuditWindow *w = stats->windows->pdata[i];
          WmAuditRatio r = window_ratio (w, kind);

          if (r.n == 0)
            g_string_append_printf (text, "%s: none. ", w->label);
          else
            g_string_append_printf (text, "%s: %.0f%% (%u of %u). ", w->label,
                                    100.0 * r.hits / r.n, r.hits, r.n);
        }
    }
  g_strchomp (text->str);
  text->len = strlen (text->str);
  return g_string_free (text, FALSE);
}

/**
 * wm_audit_chart_export:
 * @path: ends in .png, .svg or .pdf
 * @width: in pixels (PDF: points at 72 per inch); the height is the
 *   chart's natural one
 */
gboolean
wm_audit_chart_export (WmAuditChartKind     kind,
                       const WmAuditStats  *stats,
                       const char          *path,
                       double               width,
                       gboolean             dark,
                       GError             **error)
{
  WmRenderStyle style;
  cairo_surface_t *surface;
  cairo_status_t status;
  double height;
  cairo_t *cr;

  g_return_val_if_fail (stats != NULL && path != NULL, FALSE);

  if (dark)
    wm_render_style_init_dark (&style);
  else
    wm_render_style_init_light (&style);
  width = width > 0 ? width : 800;
  height = wm_audit_chart_natural_height (kind, stats, &style);

  if (g_str_has_suffix (path, ".svg"))
    surface = cairo_svg_surface_create (path, width, height);
  else if (g_str_has_suffix (path, ".pdf"))
    surface = cairo_pdf_surface_create (path, width, height);
  else if (g_str_has_suffix (path, ".png"))
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width),
                                          (int) ceil (height));
  else
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_FORMAT,
                   "“%s”: name the file .png, .svg or .pdf", path);
      return FALSE;
    }
  cr = cairo_create (surface);
  set_colour (cr, &style.background, 1);
  cairo_paint (cr);
  wm_audit_chart_render (cr, kind, stats, width, height, &style, NULL);
  cairo_destroy (cr);
  if (g_str_has_suffix (path, ".png"))
    status = cairo_surface_write_to_png (surface, path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WM_RENDER_ERROR, WM_RENDER_ERROR_WRITE, "Could not write “%s”: %s",
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
