#define G_LOG_DOMAIN "wm-swatch"

#include "wm-swatch.h"

#define SIZE 12

struct _WmSwatch
{
  GtkWidget parent_instance;
  GdkRGBA   colour;
  gboolean  has_colour;
};

G_DEFINE_FINAL_TYPE (WmSwatch, wm_swatch, GTK_TYPE_WIDGET)

static void
wm_swatch_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  WmSwatch *self = WM_SWATCH (widget);
  GskRoundedRect rect;
  GdkRGBA outline;
  float y = (gtk_widget_get_height (widget) - SIZE) / 2.0f;

  if (!self->has_colour)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &outline);
  outline.alpha = 0.35f;
  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (0, y, SIZE, SIZE), SIZE / 2.0f);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, &self->colour, &rect.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &rect, (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { outline, outline, outline, outline });
}

static void
wm_swatch_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = *natural = SIZE;
}

static void
wm_swatch_class_init (WmSwatchClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = wm_swatch_snapshot;
  widget_class->measure = wm_swatch_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
wm_swatch_init (WmSwatch *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
wm_swatch_new (void)
{
  return g_object_new (WM_TYPE_SWATCH, NULL);
}

void
wm_swatch_set_colour (WmSwatch   *self,
                      const char *colour)
{
  g_return_if_fail (WM_IS_SWATCH (self));

  self->has_colour = colour != NULL && gdk_rgba_parse (&self->colour, colour);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
