/* wm-risk-trend.c: one risk's score over time, small, for the register's
 * side panel and the board pack
 *
 * A step line, because a score holds until the next review changes it:
 * solid after mitigation, dashed before, the target dotted, over the
 * scheme's bands as pale stripes so that "in the red" reads at a glance.
 */
#define G_LOG_DOMAIN "wm-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "wm-date.h"
#include "wm-heatmap.h"

static const char *const short_months[] = {
  N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
  N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
};

static PangoLayout *
trend_text (cairo_t             *cr,
            const WmRenderStyle *style,
            double               pixels)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (style->font_family
                                                                   ? style->font_family : "Sans");

  pango_font_description_set_absolute_size (font, pixels * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static void
set_colour (cairo_t        *cr,
            const WmColour *colour,
            double          alpha)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a * alpha);
}

static guint32
julian_of (const char *iso)
{
  GDate date;

  if (!wm_date_from_iso (iso, &date))
    return 0;
  return g_date_get_julian (&date);
}

static char *
month_label (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%s %u", _(short_months[g_date_get_month (&date) - 1]),
                          g_date_get_year (&date));
}

static int
entry_score (const WmRiskHistoryEntry *entry,
             gboolean                  after)
{
  return after ? entry->score_after : entry->score_before;
}

/**
 * wm_risk_trend_render:
 * @cr: where to draw, from (0, 0)
 * @risk: the risk, with its history
 * @width: the area's width
 * @height: the area's height
 * @style: colours and font
 *
 * Draws the risk's scores before and after mitigation, and its target,
 * from its first recorded score to today.
 */
void
wm_risk_trend_render (cairo_t             *cr,
                      WmRisk              *risk,
                      double               width,
                      double               height,
                      const WmRenderStyle *style)
{
  WmRiskScheme *scheme;
  GArray *history;
  g_autoptr(PangoLayout) text = NULL;
  g_autofree char *today_iso = wm_date_today_iso ();
  double u, left, right, top, bottom, plot_w, plot_h;
  int max_score, target;
  guint32 first = 0, last;
  int tw, th;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (WM_IS_RISK (risk));

  scheme = wm_risk_get_scheme (risk);
  history = wm_risk_get_history (risk);
  u = MAX (6.0, round (style->font_size * 96.0 / 72.0 * 0.85));
  max_score = MAX (1, wm_risk_scheme_max_score (scheme));
  target = wm_risk_get_target (risk);

  cairo_save (cr);
  text = trend_text (cr, style, u);
  set_colour (cr, &style->background, 1.0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  if (history->len == 0)
    {
      set_colour (cr, &style->foreground, 0.6);
      pango_layout_set_text (text, _("No score history yet"), -1);
      pango_layout_get_pixel_size (text, &tw, &th);
      cairo_move_to (cr, (width - tw) / 2, (height - th) / 2);
      pango_cairo_show_layout (cr, text);
      cairo_restore (cr);
      return;
    }

  first = julian_of (g_array_index (history, WmRiskHistoryEntry, 0).date);
  last = MAX (julian_of (today_iso),
              julian_of (g_array_index (history, WmRiskHistoryEntry, history->len - 1).date));
  if (first == 0)
    first = last;
  if (last <= first)
    {
      first = first > 15 ? first - 15 : first;
      last = first + 30;
    }

  /* Room for the scale on the left, dates below, the key above. */
  left = scheme->kind == WM_RISK_SCHEME_SEVERITY ? u * 4.2 : u * 2.0;
  right = u * 0.8;
  top = u * 1.8;
  bottom = u * 1.8;
  plot_w = MAX (10, width - left - right);
  plot_h = MAX (10, height - top - bottom);

#define X_OF(j) (left + ((double) (j) - first) / (double) (last - first) * plot_w)
#define Y_OF(s) (top + plot_h - ((double) (s) - 0.5) / (double) max_score * plot_h)

  /* Bands as stripes, each from half below its lowest score to half above
   * its highest, so the scores between bands still have a colour. */
  for (guint b = 0; b < scheme->bands->len; b++)
    {
      const WmRiskBand *band = &g_array_index (scheme->bands, WmRiskBand, b);
      const WmRiskBand *next = b + 1 < scheme->bands->len
                               ? &g_array_index (scheme->bands, WmRiskBand, b + 1) : NULL;
      double y0 = Y_OF (band->min_score);
      double y1 = Y_OF (next ? next->min_score : max_score + 1);
      WmColour colour = { 0.6, 0.6, 0.6, 1 };

      wm_colour_parse (band->colour, &colour);
      set_colour (cr, &colour, style->dark ? 0.35 : 0.3);
      cairo_rectangle (cr, left, MAX (top, y1), plot_w, MIN (y0, top + plot_h) - MAX (top, y1));
      cairo_fill (cr);
    }

  /* Scale: scores (5, 10 … 25) or the severity levels */
  set_colour (cr, &style->foreground, 0.7);
  for (int s = 1; s <= max_score; s++)
    {
      g_autofree char *label = NULL;

      if (scheme->kind == WM_RISK_SCHEME_SEVERITY)
        label = wm_risk_scheme_format_score (scheme, s);
      else if (s == 1 || s % 5 == 0)
        label = g_strdup_printf ("%d", s);
      else
        continue;
      pango_layout_set_text (text, label, -1);
      pango_layout_get_pixel_size (text, &tw, &th);
      cairo_move_to (cr, left - tw - u * 0.3, Y_OF (s) - th / 2.0);
      pango_cairo_show_layout (cr, text);
    }
  {
    g_autofree char *from = month_label (first);
    g_autofree char *to = month_label (last);

    pango_layout_set_text (text, from, -1);
    cairo_move_to (cr, left, top + plot_h + u * 0.3);
    pango_cairo_show_layout (cr, text);
    pango_layout_set_text (text, to, -1);
    pango_layout_get_pixel_size (text, &tw, &th);
    cairo_move_to (cr, left + plot_w - tw, top + plot_h + u * 0.3);
    pango_cairo_show_layout (cr, text);
  }

  /* Target: dotted, across */
  if (target > 0)
    {
      set_colour (cr, &style->accent, 1.0);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 1.5, 3 }, 2, 0);
      cairo_move_to (cr, left, Y_OF (target));
      cairo_line_to (cr, left + plot_w, Y_OF (target));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Before mitigation dashed, after solid; each a step line to today. */
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean after = pass == 1;
      gboolean started = FALSE;
      double y = 0;

      set_colour (cr, &style->foreground, after ? 0.95 : 0.55);
      cairo_set_line_width (cr, after ? 2.0 : 1.25);
      if (!after)
        cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      for (guint i = 0; i < history->len; i++)
        {
          const WmRiskHistoryEntry *entry = &g_array_index (history, WmRiskHistoryEntry, i);
          int score = entry_score (entry, after);
          double x = X_OF (MAX (julian_of (entry->date), first));

          if (score <= 0)
            continue;
          if (!started)
            cairo_move_to (cr, x, Y_OF (score));
          else
            {
              cairo_line_to (cr, x, y);
              cairo_line_to (cr, x, Y_OF (score));
            }
          started = TRUE;
          y = Y_OF (score);
        }
      if (started)
        {
          cairo_line_to (cr, left + plot_w, y);
          cairo_stroke (cr);
        }
      cairo_set_dash (cr, NULL, 0, 0);

      /* A dot at each recorded score after mitigation: when it was reviewed */
      if (after)
        for (guint i = 0; i < history->len; i++)
          {
            const WmRiskHistoryEntry *entry = &g_array_index (history, WmRiskHistoryEntry, i);

            if (entry->score_after <= 0)
              continue;
            cairo_arc (cr, X_OF (MAX (julian_of (entry->date), first)),
                       Y_OF (entry->score_after), 3, 0, 2 * G_PI);
            cairo_fill (cr);
          }
    }

  /* Key */
  {
    const char *labels[] = { _("After mitigation"), _("Before"), _("Target") };
    double x = left;

    for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
      {
        if (k == 2 && target <= 0)
          break;
        if (k == 2)
          set_colour (cr, &style->accent, 1.0);
        else
          set_colour (cr, &style->foreground, k == 0 ? 0.95 : 0.55);
        cairo_set_line_width (cr, k == 0 ? 2.0 : 1.5);
        if (k == 1)
          cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
        else if (k == 2)
          cairo_set_dash (cr, (double[]) { 1.5, 3 }, 2, 0);
        cairo_move_to (cr, x, u * 0.7);
        cairo_line_to (cr, x + u * 1.5, u * 0.7);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        set_colour (cr, &style->foreground, 0.85);
        pango_layout_set_text (text, labels[k], -1);
        pango_layout_get_pixel_size (text, &tw, &th);
        cairo_move_to (cr, x + u * 1.8, u * 0.7 - th / 2.0);
        pango_cairo_show_layout (cr, text);
        x += u * 1.8 + tw + u;
      }
  }
#undef X_OF
#undef Y_OF
  cairo_restore (cr);
}
