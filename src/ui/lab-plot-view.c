/* lab-plot-view.c
 *
 * Draws a LabFigure with the same lab_figure_render() that exports use.
 * Zoom and pan are per axes, kept across figure updates (a dragged slider
 * replaces the figure every frame). The hover readout is drawn on top.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "lab-plot-view.h"

typedef struct
{
  gboolean set;
  double   x0, x1, y0, y1;
} AxesView;

struct _LabPlotView
{
  GtkWidget   parent_instance;

  LabFigure  *figure;
  LabTheme   *theme;          /* light or dark with the style's accent; rebuilt on style changes */
  LabRenderCache *cache;      /* the figure's static part, reused while only dynamic layers move */
  GArray     *views;          /* AxesView per axes index */
  GtkWidget  *menu;
  guint       n_draws;

  /* hover */
  gboolean    hovering;
  double      hover_x, hover_y;
  int         active_axes;    /* last axes under the pointer, for keyboard zoom */

  /* drag */
  gboolean    dragging;
  gboolean    panned;
  double      drag_x, drag_y;         /* start, widget coordinates */
  double      last_dx, last_dy;
};

enum {
  PROP_0,
  PROP_FIGURE,
  PROP_VIEW_MOVED,
  N_PROPS
};

enum {
  CLICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LabPlotView, lab_plot_view, GTK_TYPE_WIDGET)

const LabTheme *
lab_plot_view_get_theme (LabPlotView *self)
{
  if (self->theme == NULL)
    {
      const LabTheme *base = adw_style_manager_get_dark (adw_style_manager_get_default ())
                             ? lab_theme_dark () : lab_theme_light ();
      GdkRGBA accent;
      LabRGBA rgba;

      /* operating points and selections take the style's accent, adapted to dark by
       * libadwaita itself (GTK 4.8 has no other way to read it) */
      if (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                          "accent_color", &accent))
        {
          rgba = (LabRGBA) { accent.red, accent.green, accent.blue, 1.0 };
          self->theme = lab_theme_copy_with_accent (base, &rgba);
        }
      else
        self->theme = lab_theme_copy_with_accent (base, &base->accent);
    }
  return self->theme;
}

static void
lab_plot_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  LabPlotView *self = LAB_PLOT_VIEW (widget);

  GTK_WIDGET_CLASS (lab_plot_view_parent_class)->css_changed (widget, change);
  g_clear_pointer (&self->theme, lab_theme_free);
  gtk_widget_queue_draw (widget);
}

static int
axes_index (LabPlotView *self,
            LabAxes     *axes)
{
  for (guint i = 0; i < lab_figure_get_n_axes (self->figure); i++)
    if (lab_figure_get_axes (self->figure, i) == axes)
      return (int) i;
  return -1;
}

static AxesView *
view_for (LabPlotView *self,
          guint        index)
{
  if (index >= self->views->len)
    g_array_set_size (self->views, index + 1);
  return &g_array_index (self->views, AxesView, index);
}

static void
apply_views (LabPlotView *self)
{
  if (self->figure == NULL)
    return;
  for (guint i = 0; i < lab_figure_get_n_axes (self->figure); i++)
    {
      AxesView *v = view_for (self, i);
      LabAxes *ax = lab_figure_get_axes (self->figure, i);

      if (v->set)
        lab_axes_set_view (ax, v->x0, v->x1, v->y0, v->y1);
      else
        lab_axes_set_view (ax, NAN, NAN, NAN, NAN);
    }
}

gboolean
lab_plot_view_get_view_moved (LabPlotView *self)
{
  for (guint i = 0; i < self->views->len; i++)
    if (g_array_index (self->views, AxesView, i).set)
      return TRUE;
  return FALSE;
}

static void
views_changed (LabPlotView *self)
{
  apply_views (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-view", lab_plot_view_get_view_moved (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_MOVED]);
}

void
lab_plot_view_reset_view (LabPlotView *self)
{
  g_return_if_fail (LAB_IS_PLOT_VIEW (self));

  g_array_set_size (self->views, 0);
  views_changed (self);
}

/* Sets axes @i to show the pixel span [px0, px1] × [py0, py1] of the last render. */
static void
set_view_from_pixels (LabPlotView *self,
                      guint        i,
                      double       px0,
                      double       px1,
                      double       py0,
                      double       py1)
{
  LabAxes *ax = lab_figure_get_axes (self->figure, i);
  AxesView *v = view_for (self, i);
  double xa, ya, xb, yb;

  lab_axes_pixel_to_data (ax, px0, py1, &xa, &ya);
  lab_axes_pixel_to_data (ax, px1, py0, &xb, &yb);
  if (!isfinite (xa) || !isfinite (xb) || !isfinite (ya) || !isfinite (yb) || xa == xb || ya == yb)
    return;
  v->set = TRUE;
  v->x0 = MIN (xa, xb), v->x1 = MAX (xa, xb);
  v->y0 = MIN (ya, yb), v->y1 = MAX (ya, yb);
}

static void
zoom_axes_at (LabPlotView *self,
              guint        i,
              double       px,
              double       py,
              double       factor)
{
  LabAxes *ax = lab_figure_get_axes (self->figure, i);
  double rx, ry, rw, rh;

  lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);
  if (rw <= 0 || rh <= 0)
    return;
  set_view_from_pixels (self, i,
                        px - (px - rx) * factor, px + (rx + rw - px) * factor,
                        py - (py - ry) * factor, py + (ry + rh - py) * factor);
}

void
lab_plot_view_zoom (LabPlotView *self,
                    double       factor)
{
  g_return_if_fail (LAB_IS_PLOT_VIEW (self));

  if (self->figure == NULL)
    return;
  /* keyboard and buttons: the axes last under the pointer, about its centre */
  {
    guint i = self->active_axes >= 0 ? (guint) self->active_axes : 0;
    double rx, ry, rw, rh;

    if (i >= lab_figure_get_n_axes (self->figure))
      return;
    lab_axes_get_rect (lab_figure_get_axes (self->figure, i), &rx, &ry, &rw, &rh);
    zoom_axes_at (self, i, rx + rw / 2, ry + rh / 2, factor);
  }
  views_changed (self);
}

static void
pan_axes (LabPlotView *self,
          guint        i,
          double       dx,
          double       dy)
{
  LabAxes *ax = lab_figure_get_axes (self->figure, i);
  double rx, ry, rw, rh;

  lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);
  set_view_from_pixels (self, i, rx - dx, rx + rw - dx, ry - dy, ry + rh - dy);
}

/* ------------------------------------------------------------------ */
/* drawing */

static void
draw_readout (LabPlotView *self,
              cairo_t     *cr,
              const LabTheme *theme,
              double       width)
{
  LabAxes *ax = lab_figure_pick_axes (self->figure, self->hover_x, self->hover_y);
  double rx, ry, rw, rh, x, y;
  LabLayer *layer = NULL;
  gsize index;
  double nx, ny;
  g_autoptr(GString) text = g_string_new (NULL);
  PangoLayout *layout;
  PangoFontDescription *font;
  int tw, th;
  double bx, by;
  LabRGBA fg = theme->foreground, bg = theme->background;

  if (ax == NULL)
    return;

  lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);
  lab_axes_pixel_to_data (ax, self->hover_x, self->hover_y, &x, &y);

  /* crosshair */
  cairo_save (cr);
  cairo_rectangle (cr, rx, ry, rw, rh);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, fg.r, fg.g, fg.b, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
  cairo_move_to (cr, rx, floor (self->hover_y) + 0.5);
  cairo_line_to (cr, rx + rw, floor (self->hover_y) + 0.5);
  cairo_move_to (cr, floor (self->hover_x) + 0.5, ry);
  cairo_line_to (cr, floor (self->hover_x) + 0.5, ry + rh);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* a category axis names its category (attention's tokens), a numeric one its value */
  {
    const char *cx = lab_axes_get_xcategory (ax, x), *cy = lab_axes_get_ycategory (ax, y);

    if (cx != NULL)
      g_string_append_printf (text, "x  %s", cx);
    else
      g_string_append_printf (text, "x  %.4g", x);
    if (cy != NULL)
      g_string_append_printf (text, "\ny  %s", cy);
    else
      g_string_append_printf (text, "\ny  %.4g", y);
  }
  if (lab_axes_nearest_point (ax, self->hover_x, self->hover_y, 24, &layer, &index, &nx, &ny))
    {
      double px, py;
      g_autofree char *escaped = g_markup_escape_text (lab_layer_get_label (layer) ? lab_layer_get_label (layer) : "", -1);

      g_string_append_printf (text, "\n<b>%s</b>\n(%.4g, %.4g)", escaped, nx, ny);
      lab_axes_data_to_pixel (ax, nx, ny, &px, &py);
      cairo_arc (cr, px, py, 5, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, fg.r, fg.g, fg.b, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans 9");
  pango_layout_set_font_description (layout, font);
  pango_layout_set_markup (layout, text->str, -1);
  {
    /* tabular numerals so the readout does not jitter */
    PangoAttrList *attrs = pango_layout_get_attributes (layout);

    attrs = attrs ? pango_attr_list_ref (attrs) : pango_attr_list_new ();
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum 1"));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }
  pango_layout_get_pixel_size (layout, &tw, &th);
  bx = self->hover_x + 14;
  by = self->hover_y + 14;
  if (bx + tw + 12 > width)
    bx = self->hover_x - tw - 22;
  if (by + th + 10 > ry + rh)
    by = self->hover_y - th - 22;

  cairo_set_source_rgba (cr, bg.r, bg.g, bg.b, 0.92);
  cairo_rectangle (cr, bx, by, tw + 12, th + 8);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg.r, fg.g, fg.b, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, fg.r, fg.g, fg.b, 1);
  cairo_move_to (cr, bx + 6, by + 4);
  pango_cairo_show_layout (cr, layout);

  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
lab_plot_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LabPlotView *self = LAB_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const LabTheme *theme = lab_plot_view_get_theme (self);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->figure != NULL)
    {
      apply_views (self);
      lab_render_cache_set_scale (self->cache, gtk_widget_get_scale_factor (widget));
      lab_figure_render_cached (self->figure, cr, width, height, theme, self->cache);
      if (self->hovering && !self->dragging)
        draw_readout (self, cr, theme, width);
    }
  else
    {
      cairo_set_source_rgba (cr, theme->background.r, theme->background.g, theme->background.b, 1);
      cairo_paint (cr);
    }
  cairo_destroy (cr);
  self->n_draws++;
}

/* ------------------------------------------------------------------ */
/* input */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           LabPlotView              *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  if (self->figure != NULL)
    {
      LabAxes *ax = lab_figure_pick_axes (self->figure, x, y);

      if (ax != NULL)
        self->active_axes = axes_index (self, ax);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          LabPlotView              *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           LabPlotView              *self)
{
  LabAxes *ax;
  int i;

  if (self->figure == NULL || !self->hovering)
    return FALSE;
  ax = lab_figure_pick_axes (self->figure, self->hover_x, self->hover_y);
  if (ax == NULL || (i = axes_index (self, ax)) < 0)
    return FALSE;
  zoom_axes_at (self, (guint) i, self->hover_x, self->hover_y, pow (1.15, dy));
  views_changed (self);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               LabPlotView    *self)
{
  self->dragging = TRUE;
  self->panned = FALSE;
  self->drag_x = x;
  self->drag_y = y;
  self->last_dx = self->last_dy = 0;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                LabPlotView    *self)
{
  LabAxes *ax;
  int i;

  if (!self->panned && hypot (dx, dy) < 5)
    return;
  if (self->figure == NULL)
    return;
  ax = lab_figure_pick_axes (self->figure, self->drag_x, self->drag_y);
  if (ax == NULL || (i = axes_index (self, ax)) < 0)
    return;
  self->panned = TRUE;
  pan_axes (self, (guint) i, dx - self->last_dx, dy - self->last_dy);
  self->last_dx = dx;
  self->last_dy = dy;
  views_changed (self);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             LabPlotView    *self)
{
  self->dragging = FALSE;
  if (!self->panned && self->figure != NULL)
    {
      LabAxes *ax = lab_figure_pick_axes (self->figure, self->drag_x, self->drag_y);

      if (ax != NULL)
        {
          double x, y;

          lab_axes_pixel_to_data (ax, self->drag_x, self->drag_y, &x, &y);
          g_signal_emit (self, signals[CLICKED], 0, lab_axes_get_tag (ax), x, y);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
double_click_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 LabPlotView     *self)
{
  if (n_press == 2)
    lab_plot_view_reset_view (self);
}

static void
context_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            LabPlotView     *self)
{
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static gboolean
key_cb (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        LabPlotView           *self)
{
  guint i;
  double rx, ry, rw, rh;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      lab_plot_view_zoom (self, 1 / 1.25);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      lab_plot_view_zoom (self, 1.25);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      lab_plot_view_reset_view (self);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Right:
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      if (self->figure == NULL)
        return FALSE;
      i = self->active_axes >= 0 ? (guint) self->active_axes : 0;
      if (i >= lab_figure_get_n_axes (self->figure))
        return FALSE;
      lab_axes_get_rect (lab_figure_get_axes (self->figure, i), &rx, &ry, &rw, &rh);
      pan_axes (self, i,
                keyval == GDK_KEY_Left ? rw / 10 : keyval == GDK_KEY_Right ? -rw / 10 : 0,
                keyval == GDK_KEY_Up ? rh / 10 : keyval == GDK_KEY_Down ? -rh / 10 : 0);
      views_changed (self);
      return TRUE;
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* actions */

static void
copy_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LabPlotView *self = LAB_PLOT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int scale = gtk_widget_get_scale_factor (widget);

  if (self->figure == NULL)
    return;
  png = lab_figure_to_png_bytes (self->figure, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                                 scale, lab_plot_view_get_theme (self), &error);
  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      g_warning ("Could not copy the plot: %s", error->message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

static void
copy_data_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LabPlotView *self = LAB_PLOT_VIEW (widget);
  g_autofree char *csv = NULL;

  if (self->figure == NULL)
    return;
  csv = lab_figure_to_csv (self->figure);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), csv);
}

static void
reset_view_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  lab_plot_view_reset_view (LAB_PLOT_VIEW (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  lab_plot_view_zoom (LAB_PLOT_VIEW (widget), g_str_equal (action_name, "plot.zoom-in") ? 1 / 1.25 : 1.25);
}

/* ------------------------------------------------------------------ */

static void
lab_plot_view_dispose (GObject *object)
{
  LabPlotView *self = LAB_PLOT_VIEW (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->figure, lab_figure_unref);
  G_OBJECT_CLASS (lab_plot_view_parent_class)->dispose (object);
}

static void
lab_plot_view_finalize (GObject *object)
{
  LabPlotView *self = LAB_PLOT_VIEW (object);

  g_array_unref (self->views);
  g_clear_pointer (&self->theme, lab_theme_free);
  g_clear_pointer (&self->cache, lab_render_cache_free);
  G_OBJECT_CLASS (lab_plot_view_parent_class)->finalize (object);
}

static void
lab_plot_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  LabPlotView *self = LAB_PLOT_VIEW (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
lab_plot_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 240;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 900 : 640;
}

static void
lab_plot_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LabPlotView *self = LAB_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIGURE:
      g_value_set_boxed (value, self->figure);
      break;
    case PROP_VIEW_MOVED:
      g_value_set_boolean (value, lab_plot_view_get_view_moved (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_plot_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_FIGURE:
      lab_plot_view_set_figure (LAB_PLOT_VIEW (object), g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_plot_view_class_init (LabPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_plot_view_dispose;
  object_class->finalize = lab_plot_view_finalize;
  object_class->get_property = lab_plot_view_get_property;
  object_class->set_property = lab_plot_view_set_property;
  widget_class->snapshot = lab_plot_view_snapshot;
  widget_class->measure = lab_plot_view_measure;
  widget_class->size_allocate = lab_plot_view_size_allocate;
  widget_class->css_changed = lab_plot_view_css_changed;

  properties[PROP_FIGURE] =
    g_param_spec_boxed ("figure", NULL, NULL, LAB_TYPE_FIGURE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW_MOVED] =
    g_param_spec_boolean ("view-moved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (tag, x, y): a click (not a drag) at data coordinates on the axes tagged @tag */
  signals[CLICKED] =
    g_signal_new ("clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_install_action (widget_class, "plot.copy-image", NULL, copy_image_action);
  gtk_widget_class_install_action (widget_class, "plot.copy-data", NULL, copy_data_action);
  gtk_widget_class_install_action (widget_class, "plot.reset-view", NULL, reset_view_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-out", NULL, zoom_action);

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
style_changed_cb (LabPlotView *self)
{
  g_clear_pointer (&self->theme, lab_theme_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lab_plot_view_init (LabPlotView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;
  g_autoptr(GMenu) menu = g_menu_new ();

  self->views = g_array_new (FALSE, TRUE, sizeof (AxesView));
  self->cache = lab_render_cache_new ();
  self->active_axes = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (double_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (context_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_menu_append (menu, _("_Export…"), "win.export");
  g_menu_append (menu, _("_Copy Image"), "plot.copy-image");
  g_menu_append (menu, _("Copy _Data as CSV"), "plot.copy-data");
  g_menu_append (menu, _("_Reset View"), "plot.reset-view");
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-view", FALSE);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Plot"), -1);
}

GtkWidget *
lab_plot_view_new (void)
{
  return g_object_new (LAB_TYPE_PLOT_VIEW, NULL);
}

void
lab_plot_view_set_figure (LabPlotView *self,
                          LabFigure   *figure)
{
  g_return_if_fail (LAB_IS_PLOT_VIEW (self));

  if (figure == self->figure)
    return;
  if (figure != NULL)
    lab_figure_ref (figure);
  g_clear_pointer (&self->figure, lab_figure_unref);
  self->figure = figure;
  apply_views (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIGURE]);
}

LabFigure *
lab_plot_view_get_figure (LabPlotView *self)
{
  return self->figure;
}

guint
lab_plot_view_get_n_draws (LabPlotView *self)
{
  return self->n_draws;
}
