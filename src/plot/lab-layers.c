/* lab-layers.c — the layers of an axes: creation, bounds, drawing, legend swatches
 *
 * Large data never reaches Cairo point by point: lines are decimated to the
 * device pixel columns (first, min, max, last of each column), and scatters
 * above LAB_SCATTER_RASTER_THRESHOLD points become a density raster written
 * straight into an image surface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-contour.h"
#include "lab-decimate.h"
#include "lab-draw.h"
#include "lab-plot-private.h"
#include "lab-scale.h"
#include "lab-ticks.h"

void
_lab_layer_free (LabLayer *layer)
{
  g_free (layer->label);
  g_free (layer->x);
  g_free (layer->y);
  g_free (layer->y2);
  g_free (layer->colors);
  g_free (layer->values);
  g_free (layer->cbar_label);
  g_free (layer->levels);
  g_free (layer->markup);
  g_clear_pointer (&layer->contour_lines, g_ptr_array_unref);
  g_clear_pointer (&layer->heat_image, cairo_surface_destroy);
  g_free (layer);
}

static double *
dup_doubles (const double *v,
             gsize         n)
{
  return v != NULL && n > 0 ? g_memdup2 (v, n * sizeof (double)) : NULL;
}

static void
bounds_of (const double *v,
           gsize         n,
           double       *b,
           double       *minpos,
           gboolean     *has)
{
  double lo = HUGE_VAL, hi = -HUGE_VAL, mp = HUGE_VAL;

  for (gsize i = 0; i < n; i++)
    {
      double x = v[i];

      if (!isfinite (x))
        continue;
      if (x < lo)
        lo = x;
      if (x > hi)
        hi = x;
      if (x > 0 && x < mp)
        mp = x;
    }
  if (lo > hi)
    return;
  if (*has)
    {
      b[0] = MIN (b[0], lo);
      b[1] = MAX (b[1], hi);
      *minpos = MIN (*minpos, mp);
    }
  else
    {
      b[0] = lo;
      b[1] = hi;
      *minpos = mp;
      *has = TRUE;
    }
}

static LabLayer *
layer_new (LabAxes        *ax,
           LabLayerKind    kind,
           const char     *label,
           const LabStyle *style)
{
  LabLayer *l = g_new0 (LabLayer, 1);

  l->kind = kind;
  l->axes = ax;
  l->label = label != NULL && *label != '\0' ? g_strdup (label) : NULL;
  l->visible = TRUE;
  l->minpos_x = l->minpos_y = HUGE_VAL;

  if (style != NULL)
    l->style = *style;
  else
    {
      switch (kind)
        {
        case LAB_LAYER_HLINE:
        case LAB_LAYER_VLINE:
        case LAB_LAYER_ABLINE:
          l->style = lab_style_default (0);
          l->style.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
          l->style.line_width = 1.25;
          l->style.dash = LAB_DASH_DASHED;
          break;
        case LAB_LAYER_TEXT:
        case LAB_LAYER_ARROW:
          l->style = lab_style_default (0);
          l->style.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
          l->style.fill = l->style.color;
          l->style.line_width = 1.25;
          break;
        case LAB_LAYER_MARKER:
          l->style = lab_style_default (0);
          l->style.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
          l->style.fill = l->style.color;
          l->style.marker = LAB_MARKER_CIRCLE;
          l->style.marker_size = 10;
          break;
        case LAB_LAYER_LINE:
        case LAB_LAYER_STEP:
        case LAB_LAYER_SCATTER:
        case LAB_LAYER_BAND:
        case LAB_LAYER_BARS:
        case LAB_LAYER_CONTOUR:
        case LAB_LAYER_HEATMAP:
        default:
          l->style = lab_style_default (ax->next_slot++);
          break;
        }
    }
  if (!(l->style.line_width > 0))
    l->style.line_width = 2.0;
  if (!(l->style.marker_size > 0))
    l->style.marker_size = 6.0;
  if (!(l->style.alpha > 0))
    l->style.alpha = 1.0;

  g_ptr_array_add (ax->layers, l);
  return l;
}

static void
layer_set_xy (LabLayer     *l,
              const double *x,
              const double *y,
              gsize         n)
{
  l->n = n;
  l->x = dup_doubles (x, n);
  l->y = dup_doubles (y, n);
  bounds_of (l->x, n, l->bx, &l->minpos_x, &l->has_bx);
  bounds_of (l->y, n, l->by, &l->minpos_y, &l->has_by);
}

LabLayer *
lab_axes_add_line (LabAxes        *ax,
                   const char     *label,
                   const double   *x,
                   const double   *y,
                   gsize           n,
                   const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);
  l = layer_new (ax, LAB_LAYER_LINE, label, style);
  layer_set_xy (l, x, y, n);
  return l;
}

LabLayer *
lab_axes_add_step (LabAxes        *ax,
                   const char     *label,
                   const double   *x,
                   const double   *y,
                   gsize           n,
                   const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);
  l = layer_new (ax, LAB_LAYER_STEP, label, style);
  layer_set_xy (l, x, y, n);
  return l;
}

LabLayer *
lab_axes_add_scatter (LabAxes        *ax,
                      const char     *label,
                      const double   *x,
                      const double   *y,
                      const LabColor *colors,
                      gsize           n,
                      const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);
  l = layer_new (ax, LAB_LAYER_SCATTER, label, style);
  layer_set_xy (l, x, y, n);
  if (colors != NULL && n > 0)
    l->colors = g_memdup2 (colors, n * sizeof (LabColor));
  if (l->style.marker == LAB_MARKER_NONE)
    l->style.marker = LAB_MARKER_CIRCLE;
  return l;
}

LabLayer *
lab_axes_add_band (LabAxes        *ax,
                   const char     *label,
                   const double   *x,
                   const double   *ylo,
                   const double   *yhi,
                   gsize           n,
                   const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && ylo != NULL && yhi != NULL), NULL);
  l = layer_new (ax, LAB_LAYER_BAND, label, style);
  layer_set_xy (l, x, ylo, n);
  l->y2 = dup_doubles (yhi, n);
  bounds_of (l->y2, n, l->by, &l->minpos_y, &l->has_by);
  return l;
}

LabLayer *
lab_axes_add_bars (LabAxes        *ax,
                   const char     *label,
                   const double   *edges,
                   const double   *heights,
                   gsize           n,
                   const LabStyle *style)
{
  LabLayer *l;
  double zero = 0.0;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (edges != NULL && heights != NULL), NULL);
  l = layer_new (ax, LAB_LAYER_BARS, label, style);
  l->n = n;
  l->x = dup_doubles (edges, n + 1);
  l->y = dup_doubles (heights, n);
  if (n > 0)
    {
      bounds_of (l->x, n + 1, l->bx, &l->minpos_x, &l->has_bx);
      bounds_of (l->y, n, l->by, &l->minpos_y, &l->has_by);
      bounds_of (&zero, 1, l->by, &l->minpos_y, &l->has_by);
    }
  return l;
}

static void
grid_bounds (LabLayer *l,
             double    x0,
             double    x1,
             double    y0,
             double    y1)
{
  l->gx0 = x0;
  l->gx1 = x1;
  l->gy0 = y0;
  l->gy1 = y1;
  l->bx[0] = MIN (x0, x1);
  l->bx[1] = MAX (x0, x1);
  l->by[0] = MIN (y0, y1);
  l->by[1] = MAX (y0, y1);
  l->minpos_x = l->bx[0] > 0 ? l->bx[0] : (l->bx[1] > 0 ? l->bx[1] * 1e-3 : HUGE_VAL);
  l->minpos_y = l->by[0] > 0 ? l->by[0] : (l->by[1] > 0 ? l->by[1] * 1e-3 : HUGE_VAL);
  l->has_bx = isfinite (x0) && isfinite (x1);
  l->has_by = isfinite (y0) && isfinite (y1);
}

LabLayer *
lab_axes_add_heatmap (LabAxes       *ax,
                      const double  *values,
                      gsize          nx,
                      gsize          ny,
                      double         x0,
                      double         x1,
                      double         y0,
                      double         y1,
                      LabColormapId  cmap,
                      double         vmin,
                      double         vmax,
                      const char    *cbar_label)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (nx * ny == 0 || values != NULL, NULL);
  l = layer_new (ax, LAB_LAYER_HEATMAP, NULL, NULL);
  l->values = dup_doubles (values, nx * ny);
  l->nx = nx;
  l->ny = ny;
  l->cmap = cmap;
  grid_bounds (l, x0, x1, y0, y1);
  if (!isfinite (vmin) || !isfinite (vmax))
    {
      double b[2] = { 0, 1 }, mp;
      gboolean has = FALSE;

      bounds_of (l->values, nx * ny, b, &mp, &has);
      if (!isfinite (vmin))
        vmin = b[0];
      if (!isfinite (vmax))
        vmax = b[1];
    }
  l->vmin = vmin;
  l->vmax = vmax;
  l->cbar_label = cbar_label != NULL ? g_strdup (cbar_label) : NULL;
  return l;
}

LabLayer *
lab_axes_add_contour (LabAxes        *ax,
                      const double   *values,
                      gsize           nx,
                      gsize           ny,
                      double          x0,
                      double          x1,
                      double          y0,
                      double          y1,
                      const double   *levels,
                      gsize           n_levels,
                      gboolean        filled,
                      LabColormapId   cmap,
                      const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (nx * ny == 0 || values != NULL, NULL);
  g_return_val_if_fail (n_levels == 0 || levels != NULL, NULL);
  l = layer_new (ax, LAB_LAYER_CONTOUR, NULL, style);
  if (style == NULL)
    {
      /* Colours come from the map; the layer takes no palette slot. */
      ax->next_slot--;
      l->style.line_width = filled ? 0.6 : 1.5;
    }
  l->values = dup_doubles (values, nx * ny);
  l->nx = nx;
  l->ny = ny;
  l->cmap = cmap;
  l->filled = filled;
  l->levels = dup_doubles (levels, n_levels);
  l->n_levels = n_levels;
  grid_bounds (l, x0, x1, y0, y1);
  /* Grid points sit at cell centres: the contours span half a cell less. */
  if (nx > 0 && ny > 0)
    {
      double hx = (x1 - x0) / (2.0 * nx), hy = (y1 - y0) / (2.0 * ny);

      grid_bounds (l, x0 + hx, x1 - hx, y0 + hy, y1 - hy);
      l->gx0 = x0, l->gx1 = x1, l->gy0 = y0, l->gy1 = y1;
    }

  l->contour_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (gsize k = 0; k < n_levels; k++)
    g_ptr_array_add (l->contour_lines,
                     lab_contour_lines (l->values, nx, ny, x0, x1, y0, y1, levels[k]));
  return l;
}

LabLayer *
lab_axes_add_arrow (LabAxes        *ax,
                    double          x0,
                    double          y0,
                    double          x1,
                    double          y1,
                    const LabStyle *style)
{
  LabLayer *l;
  double xs[2] = { x0, x1 }, ys[2] = { y0, y1 };

  g_return_val_if_fail (ax != NULL, NULL);
  l = layer_new (ax, LAB_LAYER_ARROW, NULL, style);
  l->ax0 = x0, l->ay0 = y0, l->ax1 = x1, l->ay1 = y1;
  bounds_of (xs, 2, l->bx, &l->minpos_x, &l->has_bx);
  bounds_of (ys, 2, l->by, &l->minpos_y, &l->has_by);
  return l;
}

LabLayer *
lab_axes_add_hline (LabAxes        *ax,
                    const char     *label,
                    double          y,
                    const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = layer_new (ax, LAB_LAYER_HLINE, label, style);
  l->ay0 = y;
  bounds_of (&y, 1, l->by, &l->minpos_y, &l->has_by);
  return l;
}

LabLayer *
lab_axes_add_vline (LabAxes        *ax,
                    const char     *label,
                    double          x,
                    const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = layer_new (ax, LAB_LAYER_VLINE, label, style);
  l->ax0 = x;
  bounds_of (&x, 1, l->bx, &l->minpos_x, &l->has_bx);
  return l;
}

LabLayer *
lab_axes_add_abline (LabAxes        *ax,
                     const char     *label,
                     double          x0,
                     double          y0,
                     double          slope,
                     const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = layer_new (ax, LAB_LAYER_ABLINE, label, style);
  l->ax0 = x0;
  l->ay0 = y0;
  l->slope = slope;
  return l;
}

LabLayer *
lab_axes_add_text (LabAxes        *ax,
                   double          x,
                   double          y,
                   const char     *markup,
                   LabAnchor       anchor,
                   gboolean        axes_fraction,
                   const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = layer_new (ax, LAB_LAYER_TEXT, NULL, style);
  l->ax0 = x;
  l->ay0 = y;
  l->markup = g_strdup (markup != NULL ? markup : "");
  l->anchor = anchor;
  l->axes_fraction = axes_fraction;
  return l;
}

LabLayer *
lab_axes_add_marker (LabAxes        *ax,
                     const char     *label,
                     double          x,
                     double          y,
                     const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = layer_new (ax, LAB_LAYER_MARKER, label, style);
  layer_set_xy (l, &x, &y, 1);
  if (l->style.marker == LAB_MARKER_NONE)
    l->style.marker = LAB_MARKER_CIRCLE;
  return l;
}

void
lab_layer_set_visible (LabLayer *layer,
                       gboolean  visible)
{
  g_return_if_fail (layer != NULL);
  layer->visible = !!visible;
}

const char *
lab_layer_get_label (LabLayer *layer)
{
  g_return_val_if_fail (layer != NULL, NULL);
  return layer->label;
}

void
lab_layer_set_dynamic (LabLayer *layer,
                       gboolean  dynamic)
{
  g_return_if_fail (layer != NULL);
  layer->dynamic = !!dynamic;
}

/* ---------------------------------------------------------------------- */
/* drawing                                                                */

static void
clip_plot (LabLayer  *l,
           LabRender *r,
           double     expand)
{
  LabAxes *ax = l->axes;

  cairo_rectangle (r->cr, ax->rx - expand, ax->ry - expand, ax->rw + 2 * expand, ax->rh + 2 * expand);
  cairo_clip (r->cr);
}

static void
path_from_points (cairo_t *cr,
                  GArray  *pts)
{
  gboolean move = TRUE;

  for (guint k = 0; k + 1 < pts->len; k += 2)
    {
      double x = g_array_index (pts, double, k), y = g_array_index (pts, double, k + 1);

      if (isnan (x))
        {
          move = TRUE;
          continue;
        }
      if (move)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
      move = FALSE;
    }
}

static void
decimator_for (LabLayer     *l,
               LabRender    *r,
               LabDecimator *d,
               GArray       *out)
{
  LabAxes *ax = l->axes;

  _lab_decimator_init (d, out, 1.0 / r->dev_scale, ax->rx, ax->rx + ax->rw, ax->ry, ax->ry + ax->rh);
}

/* Pixel polyline of a line or step layer, decimated. */
static GArray *
line_pixels (LabLayer  *l,
             LabRender *r)
{
  LabAxes *ax = l->axes;
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (double), MIN (l->n * 2 + 8, 65536));
  LabDecimator d;
  const double *x = l->x, *y = l->y;

  decimator_for (l, r, &d, out);
  if (ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR)
    {
      double xa = ax->tx_a, xb = ax->tx_b, ya = ax->ty_a, yb = ax->ty_b;

      for (gsize i = 0; i < l->n; i++)
        {
          double py = ya + yb * y[i];

          if (l->kind == LAB_LAYER_STEP && i > 0)
            _lab_decimator_push (&d, xa + xb * x[i], ya + yb * y[i - 1]);
          _lab_decimator_push (&d, xa + xb * x[i], py);
        }
    }
  else
    for (gsize i = 0; i < l->n; i++)
      {
        if (l->kind == LAB_LAYER_STEP && i > 0)
          _lab_decimator_push (&d, _lab_axes_tx (ax, x[i]), _lab_axes_ty (ax, y[i - 1]));
        _lab_decimator_push (&d, _lab_axes_tx (ax, x[i]), _lab_axes_ty (ax, y[i]));
      }
  _lab_decimator_finish (&d);
  return out;
}

static void
stroke_style (LabLayer  *l,
              LabRender *r,
              LabRGBA    color)
{
  cairo_set_line_width (r->cr, l->style.line_width);
  _lab_apply_dash (r->cr, l->style.dash, l->style.line_width);
  cairo_set_line_join (r->cr, CAIRO_LINE_JOIN_ROUND);
  _lab_set_source (r->cr, color);
}

static void
draw_marker_at (LabRender      *r,
                const LabStyle *style,
                double          x,
                double          y,
                LabRGBA         stroke,
                LabRGBA         fill)
{
  cairo_t *cr = r->cr;

  _lab_marker_path (cr, style->marker, x, y, style->marker_size);
  if (style->marker != LAB_MARKER_CROSS && fill.a > 0)
    {
      _lab_set_source (cr, fill);
      cairo_fill_preserve (cr);
    }
  _lab_set_source (cr, stroke);
  cairo_stroke (cr);
}

/* Segment p[k−1] → p[k]: 0 if missing or not steep and tall, else the sign of its dy. */
static inline int
steep_kind (const double *p,
            guint         n,
            guint         k,
            double        steep_dx,
            double        tall_dy)
{
  double dx, dy;

  if (k < 1 || k >= n)
    return 0;
  dx = p[2 * k] - p[2 * k - 2];
  dy = p[2 * k + 1] - p[2 * k - 1];
  if (isnan (dx) || isnan (dy) || fabs (dx) > steep_dx || fabs (dy) <= tall_dy)
    return 0;
  return dy > 0 ? 1 : -1;
}

/* Strokes a decimated polyline without falling into Cairo's slow path:
 * tall, nearly vertical segments (within a device pixel or two across, as
 * a dense column's min–max zigzag is) overlap massively, and tessellating
 * them costs ~100 ms for a 1e6-point noisy line. Those zigzags become
 * filled boxes of the line's width (a rectilinear fill is fast); the rest
 * is stroked in chunks of a few hundred segments, joined by round caps. */
static void
stroke_polyline (cairo_t  *cr,
                 GArray   *pts,
                 double    lw,
                 double    dev_scale,
                 gboolean  dashed)
{
  const double *p = (const double *) pts->data;
  guint n = pts->len / 2;
  double steep_dx = 1.6 / dev_scale, tall_dy = 2.0 * lw + 2.0;
  double hw = lw / 2.0;
  g_autoptr(GArray) boxes = NULL;
  double box[4] = { 0 };
  gboolean have_box = FALSE;
  guint segs = 0;
  gboolean open = FALSE;

  if (dashed)
    {
      /* Dashes must run on: one path (dense dashed lines are rare). */
      path_from_points (cr, pts);
      cairo_stroke (cr);
      return;
    }

  boxes = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint k = 0; k < n; k++)
    {
      double x = p[2 * k], y = p[2 * k + 1];

      if (isnan (x))
        {
          open = FALSE;
          continue;
        }
      if (!open)
        {
          cairo_move_to (cr, x, y);
          open = TRUE;
          continue;
        }
      {
        double px = p[2 * k - 2], py = p[2 * k - 1];
        int kind = steep_kind (p, n, k, steep_dx, tall_dy);

        /* Only a zigzag (a steep segment next to a steep one going back)
         * becomes a box: a smooth steep curve is stroked as it is. */
        if (kind != 0 && (steep_kind (p, n, k - 1, steep_dx, tall_dy) == -kind
                          || steep_kind (p, n, k + 1, steep_dx, tall_dy) == -kind))
          {
            double b[4] = { MIN (x, px) - hw, MIN (y, py) - hw, MAX (x, px) + hw, MAX (y, py) + hw };

            /* Consecutive boxes of one column merge into one. */
            if (have_box && MAX (b[2], box[2]) - MIN (b[0], box[0]) <= lw + steep_dx
                && b[1] <= box[3] && b[3] >= box[1])
              {
                box[0] = MIN (box[0], b[0]);
                box[1] = MIN (box[1], b[1]);
                box[2] = MAX (box[2], b[2]);
                box[3] = MAX (box[3], b[3]);
              }
            else
              {
                if (have_box)
                  g_array_append_vals (boxes, box, 4);
                memcpy (box, b, sizeof box);
                have_box = TRUE;
              }
            cairo_move_to (cr, x, y);
            continue;
          }
        cairo_line_to (cr, x, y);
        if (++segs % 256 == 0)
          {
            cairo_stroke (cr);
            cairo_move_to (cr, x, y);
          }
      }
    }
  cairo_stroke (cr);

  if (have_box)
    g_array_append_vals (boxes, box, 4);
  if (boxes->len > 0)
    {
      for (guint k = 0; k + 3 < boxes->len; k += 4)
        {
          double *b = &g_array_index (boxes, double, k);

          cairo_rectangle (cr, b[0], b[1], b[2] - b[0], b[3] - b[1]);
        }
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      cairo_fill (cr);
    }
}

static void
draw_line (LabLayer  *l,
           LabRender *r)
{
  LabRGBA color = _lab_style_rgba (r, &l->style, &l->style.color);
  g_autoptr(GArray) pts = NULL;
  cairo_t *cr = r->cr;

  if (l->n == 0)
    return;
  pts = line_pixels (l, r);
  cairo_save (cr);
  clip_plot (l, r, l->style.line_width / 2.0 + 1.0
                  + (l->style.marker != LAB_MARKER_NONE ? l->style.marker_size / 2.0 : 0.0));
  if (color.a > 0)
    {
      stroke_style (l, r, color);
      stroke_polyline (cr, pts, l->style.line_width, r->dev_scale, l->style.dash != LAB_DASH_SOLID);
    }

  if (l->style.marker != LAB_MARKER_NONE && l->n <= 5000)
    {
      LabRGBA fill = _lab_style_rgba (r, &l->style, &l->style.fill);
      LabAxes *ax = l->axes;

      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_width (cr, MAX (1.0, l->style.line_width * 0.6));
      for (gsize i = 0; i < l->n; i++)
        if (isfinite (l->x[i]) && isfinite (l->y[i]))
          draw_marker_at (r, &l->style, _lab_axes_tx (ax, l->x[i]), _lab_axes_ty (ax, l->y[i]), color, fill);
    }
  cairo_restore (cr);
}

static inline LabRGBA
point_color (LabLayer       *l,
             LabRender      *r,
             gsize           i,
             const LabColor *fallback)
{
  if (l->colors != NULL)
    return _lab_style_rgba (r, &l->style, &l->colors[i]);
  return _lab_style_rgba (r, &l->style, fallback);
}

/* Sums over a (2·rad + 1)² box of a W × H image of @nch interleaved float
 * channels, in place; @scratch holds W·nch floats and @acc W·nch doubles. */
static void
box_sum (float  *buf,
         int     W,
         int     H,
         int     nch,
         int     rad,
         float  *scratch,
         double *acc)
{
  gsize rowlen = (gsize) W * nch;
  g_autofree float *out = g_new (float, rowlen * (rad + 1));

  /* Rows: a running sum along each row. */
  for (int y = 0; y < H; y++)
    {
      float *row = buf + (gsize) y * rowlen;

      memcpy (scratch, row, rowlen * sizeof (float));
      for (int c = 0; c < nch; c++)
        {
          double a = 0;

          for (int x = 0; x < MIN (rad, W); x++)
            a += scratch[x * nch + c];
          for (int x = 0; x < W; x++)
            {
              if (x + rad < W)
                a += scratch[(x + rad) * nch + c];
              if (x - rad - 1 >= 0)
                a -= scratch[(x - rad - 1) * nch + c];
              row[x * nch + c] = (float) a;
            }
        }
    }

  /* Columns: a running sum of whole rows, written back with a delay of
   * rad + 1 rows (a ring of pending rows) so the input rows it still needs
   * are untouched. */
  memset (acc, 0, rowlen * sizeof (double));
  for (int y = 0; y < MIN (rad, H); y++)
    for (gsize i = 0; i < rowlen; i++)
      acc[i] += buf[(gsize) y * rowlen + i];
  for (int y = 0; y < H; y++)
    {
      float *slot = out + (gsize) (y % (rad + 1)) * rowlen;

      if (y + rad < H)
        {
          const float *add = buf + (gsize) (y + rad) * rowlen;

          for (gsize i = 0; i < rowlen; i++)
            acc[i] += add[i];
        }
      if (y - rad - 1 >= 0)
        {
          const float *sub = buf + (gsize) (y - rad - 1) * rowlen;

          for (gsize i = 0; i < rowlen; i++)
            acc[i] -= sub[i];
        }
      /* Row y − rad − 1 is no longer needed as input: flush its result, which
       * sits in the slot we are about to reuse. */
      if (y - rad - 1 >= 0)
        memcpy (buf + (gsize) (y - rad - 1) * rowlen, slot, rowlen * sizeof (float));
      for (gsize i = 0; i < rowlen; i++)
        slot[i] = (float) acc[i];
    }
  for (int y = MAX (0, H - rad - 1); y < H; y++)
    memcpy (buf + (gsize) y * rowlen, out + (gsize) (y % (rad + 1)) * rowlen, rowlen * sizeof (float));
}

/* A scatter too large for markers: counts per device pixel, summed over a
 * marker-sized box, mapped to alpha; colours are the mean of the points'. */
static void
draw_density (LabLayer  *l,
              LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  cairo_matrix_t m;
  double rs, ox, oy, dsx = 1.0, dsy = 1.0;
  int W, H, rad, stride, nch;
  gboolean aligned;
  g_autofree float *buf = NULL;
  cairo_surface_t *img;
  guint32 *pix;
  LabRGBA base = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA pal[LAB_PALETTE_SIZE];
  gboolean lin = ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR;

  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (cairo_get_target (cr), &dsx, &dsy);
  /* The whole user → device pixel transform, device scale included. */
  m.xx *= dsx;
  m.x0 *= dsx;
  m.yy *= dsy;
  m.y0 *= dsy;
  aligned = !r->vector && m.xy == 0 && m.yx == 0 && m.xx > 0 && m.yy > 0;
  rs = aligned ? m.xx : 2.0 * r->dev_scale;
  if (aligned)
    {
      /* Device pixels: the raster lands exactly on the pixel grid. */
      ox = floor (ax->rx * m.xx + m.x0);
      oy = floor (ax->ry * m.yy + m.y0);
      W = (int) ceil ((ax->rx + ax->rw) * m.xx + m.x0) - (int) ox;
      H = (int) ceil ((ax->ry + ax->rh) * m.yy + m.y0) - (int) oy;
    }
  else
    {
      ox = ax->rx * rs;
      oy = ax->ry * rs;
      W = (int) ceil (ax->rw * rs);
      H = (int) ceil (ax->rh * rs);
    }
  W = CLAMP (W, 1, 8192);
  H = CLAMP (H, 1, 8192);
  nch = l->colors != NULL ? 4 : 1;   /* count[, r, g, b] interleaved */
  buf = g_new0 (float, (gsize) W * H * nch);
  for (int k = 0; k < LAB_PALETTE_SIZE; k++)
    pal[k] = r->theme->palette[k];

  {
    /* user → raster pixel */
    double sx = aligned ? m.xx : rs, sy = aligned ? m.yy : rs;
    double offx = aligned ? m.x0 - ox : -ox, offy = aligned ? m.y0 - oy : -oy;
    double xa = ax->tx_a * sx + offx, xb = ax->tx_b * sx;
    double ya = ax->ty_a * sy + offy, yb = ax->ty_b * sy;

    for (gsize i = 0; i < l->n; i++)
      {
        double px, py;
        float *p;

        if (lin)
          {
            px = xa + xb * l->x[i];
            py = ya + yb * l->y[i];
          }
        else
          {
            px = _lab_axes_tx (ax, l->x[i]) * sx + offx;
            py = _lab_axes_ty (ax, l->y[i]) * sy + offy;
          }
        if (!(px >= 0 && px < W && py >= 0 && py < H))
          continue;
        p = buf + ((gsize) (int) py * W + (int) px) * nch;
        p[0] += 1.0f;
        if (nch == 4)
          {
            const LabColor *c = &l->colors[i];
            LabRGBA rgba;

            if (c->kind == LAB_COLOR_PALETTE)
              rgba = pal[c->slot % LAB_PALETTE_SIZE];
            else if (c->kind == LAB_COLOR_EXPLICIT)
              rgba = c->rgba;
            else
              rgba = lab_theme_resolve (r->theme, c);
            p[1] += rgba.r;
            p[2] += rgba.g;
            p[3] += rgba.b;
          }
      }
  }

  /* Box sums of (2·rad + 1)² pixels: each point covers a marker-sized square. */
  rad = (int) floor (l->style.marker_size * 0.5 * rs * 0.5);
  rad = CLAMP (rad, 0, 6);
  if (rad > 0)
    {
      g_autofree float *scratch = g_new (float, (gsize) W * nch);
      g_autofree double *acc = g_new (double, (gsize) W * nch);

      box_sum (buf, W, H, nch, rad, scratch, acc);
    }

  img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_surface_flush (img);
  pix = (guint32 *) cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img) / 4;
  {
    /* Alpha grows with the logarithm of the count, from a faint single
     * point to opaque at the 99th percentile of the occupied pixels, so
     * both outliers and the structure of dense cores stay visible. */
    guint hist[1024] = { 0 };
    guint64 occupied = 0, seen = 0;
    double c_hi = 1, inv_log, amin = 0.22 * base.a;
    float lut[256];

    for (gsize i = 0; i < (gsize) W * H; i++)
      {
        float c = buf[i * nch];

        if (c >= 0.5f)
          {
            hist[MIN ((guint) c, 1023u)]++;
            occupied++;
          }
      }
    for (guint k = 0; k < 1024; k++)
      {
        seen += hist[k];
        if (seen >= occupied * 0.99)
          {
            c_hi = MAX (k, 1);
            break;
          }
      }
    inv_log = 1.0 / log1p (MAX (c_hi, 2.0));
    for (int k = 0; k < 256; k++)
      lut[k] = (float) MIN (base.a, amin + (base.a - amin) * log1p (k) * inv_log);

    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        {
          const float *p = buf + ((gsize) y * W + x) * nch;
          float c = p[0];
          double a, cr_, cg, cb;

          if (c < 0.5f)
            {
              pix[y * stride + x] = 0;
              continue;
            }
          a = c < 255.5f ? lut[(int) (c + 0.5f)] : MIN (base.a, amin + (base.a - amin) * log1p (c) * inv_log);
          if (nch == 4)
            {
              cr_ = p[1] / c;
              cg = p[2] / c;
              cb = p[3] / c;
            }
          else
            {
              cr_ = base.r;
              cg = base.g;
              cb = base.b;
            }
          pix[y * stride + x] = (guint32) (a * 255.0 + 0.5) << 24
                                | (guint32) (CLAMP (cr_, 0, 1) * a * 255.0 + 0.5) << 16
                                | (guint32) (CLAMP (cg, 0, 1) * a * 255.0 + 0.5) << 8
                                | (guint32) (CLAMP (cb, 0, 1) * a * 255.0 + 0.5);
        }
  }
  cairo_surface_mark_dirty (img);

  cairo_save (cr);
  clip_plot (l, r, 0);
  if (aligned)
    {
      cairo_identity_matrix (cr);
      cairo_scale (cr, 1.0 / dsx, 1.0 / dsy);
      cairo_set_source_surface (cr, img, ox, oy);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
    }
  else
    {
      cairo_matrix_t pm;

      cairo_set_source_surface (cr, img, 0, 0);
      cairo_matrix_init_scale (&pm, rs, rs);
      cairo_matrix_translate (&pm, -ox / rs, -oy / rs);
      cairo_pattern_set_matrix (cairo_get_source (cr), &pm);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
    }
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (img);
}

static void
draw_scatter (LabLayer  *l,
              LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  LabRGBA stroke = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA fill = _lab_style_rgba (r, &l->style, &l->style.fill);
  /* With per-point colours the fill keeps only its alpha. */
  double fill_alpha = lab_theme_resolve (r->theme, &l->style.fill).a;
  double x0 = ax->rx - l->style.marker_size, x1 = ax->rx + ax->rw + l->style.marker_size;
  double y0 = ax->ry - l->style.marker_size, y1 = ax->ry + ax->rh + l->style.marker_size;

  if (l->n == 0)
    return;
  if (l->n > LAB_SCATTER_RASTER_THRESHOLD)
    {
      draw_density (l, r);
      return;
    }

  cairo_save (cr);
  clip_plot (l, r, l->style.marker_size / 2.0 + 1.0);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, MAX (0.75, MIN (l->style.line_width * 0.6, 1.5)));
  for (gsize i = 0; i < l->n; i++)
    {
      double px = _lab_axes_tx (ax, l->x[i]), py = _lab_axes_ty (ax, l->y[i]);

      if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1))
        continue;
      if (l->colors != NULL)
        {
          LabRGBA c = point_color (l, r, i, &l->style.color);

          stroke = c;
          fill = c;
          fill.a *= fill_alpha;
        }
      draw_marker_at (r, &l->style, px, py, stroke, fill);
    }
  cairo_restore (cr);
}

static void
band_path (LabLayer  *l,
           LabRender *r,
           gsize      start,
           gsize      end)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  g_autoptr(GArray) up = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lo = g_array_new (FALSE, FALSE, sizeof (double));
  LabDecimator d;

  decimator_for (l, r, &d, up);
  for (gsize i = start; i < end; i++)
    _lab_decimator_push (&d, _lab_axes_tx (ax, l->x[i]), _lab_axes_ty (ax, l->y2[i]));
  _lab_decimator_finish (&d);
  decimator_for (l, r, &d, lo);
  for (gsize i = start; i < end; i++)
    _lab_decimator_push (&d, _lab_axes_tx (ax, l->x[i]), _lab_axes_ty (ax, l->y[i]));
  _lab_decimator_finish (&d);

  if (up->len < 2 || lo->len < 2)
    return;
  cairo_move_to (cr, g_array_index (up, double, 0), g_array_index (up, double, 1));
  for (guint k = 2; k + 1 < up->len; k += 2)
    cairo_line_to (cr, g_array_index (up, double, k), g_array_index (up, double, k + 1));
  for (guint k = lo->len; k >= 2; k -= 2)
    cairo_line_to (cr, g_array_index (lo, double, k - 2), g_array_index (lo, double, k - 1));
  cairo_close_path (cr);
}

static void
draw_band (LabLayer  *l,
           LabRender *r)
{
  cairo_t *cr = r->cr;
  LabRGBA fill = _lab_style_rgba (r, &l->style, &l->style.fill);
  gsize start = 0;

  if (l->n == 0 || fill.a <= 0)
    return;
  cairo_save (cr);
  clip_plot (l, r, 0);
  /* NaN splits the band into pieces. */
  for (gsize i = 0; i <= l->n; i++)
    {
      gboolean bad = i == l->n || !isfinite (l->x[i]) || !isfinite (l->y[i]) || !isfinite (l->y2[i]);

      if (bad)
        {
          if (i > start + 1)
            band_path (l, r, start, i);
          start = i + 1;
        }
    }
  _lab_set_source (cr, fill);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_bars (LabLayer  *l,
           LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  LabRGBA fill = _lab_style_rgba (r, &l->style, &l->style.fill);
  LabRGBA stroke = _lab_style_rgba (r, &l->style, &l->style.color);
  double base = ax->yscale == LAB_SCALE_LOG ? MIN (ax->ey[0], ax->ey[1]) : 0.0;
  double py0 = _lab_axes_ty (ax, base);
  double lw = MIN (l->style.line_width, 1.25);

  if (l->n == 0)
    return;
  cairo_save (cr);
  clip_plot (l, r, 0);
  py0 = CLAMP (py0, ax->ry - 1e5, ax->ry + ax->rh + 1e5);
  for (gsize i = 0; i < l->n; i++)
    {
      double xa = _lab_axes_tx (ax, l->x[i]), xb = _lab_axes_tx (ax, l->x[i + 1]);
      double py = _lab_axes_ty (ax, l->y[i]);

      if (!isfinite (xa) || !isfinite (xb) || !isfinite (py))
        continue;
      py = CLAMP (py, ax->ry - 1e5, ax->ry + ax->rh + 1e5);
      cairo_rectangle (cr, MIN (xa, xb), MIN (py, py0), fabs (xb - xa), fabs (py - py0));
    }
  if (fill.a > 0)
    {
      _lab_set_source (cr, fill);
      cairo_fill_preserve (cr);
    }
  if (stroke.a > 0 && l->style.line_width > 0)
    {
      /* Outlines only where bars are wide enough to show them. */
      double w = l->n > 0 ? fabs (_lab_axes_tx (ax, l->x[l->n]) - _lab_axes_tx (ax, l->x[0])) / l->n : 0;

      if (w >= 4.0)
        {
          cairo_set_line_width (cr, lw);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
          _lab_set_source (cr, stroke);
          cairo_stroke (cr);
        }
    }
  cairo_new_path (cr);
  cairo_restore (cr);
}

static double
norm_value (LabLayer *l,
            double    v)
{
  if (l->vmax == l->vmin)
    return 0.5;
  return (v - l->vmin) / (l->vmax - l->vmin);
}

static cairo_surface_t *
heat_image (LabLayer *l)
{
  if (l->heat_image == NULL)
    {
      cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) l->nx, (int) l->ny);
      guint32 *pix;
      int stride;

      cairo_surface_flush (img);
      pix = (guint32 *) cairo_image_surface_get_data (img);
      stride = cairo_image_surface_get_stride (img) / 4;
      for (gsize j = 0; j < l->ny; j++)
        for (gsize i = 0; i < l->nx; i++)
          {
            double v = l->values[j * l->nx + i];
            /* data row 0 sits at y0, the bottom: image rows go top-down */
            guint32 *p = &pix[(l->ny - 1 - j) * stride + i];

            if (isnan (v))
              *p = 0;
            else
              {
                LabRGBA c = lab_colormap_eval (l->cmap, norm_value (l, v));

                *p = 0xffu << 24 | (guint32) (c.r * 255 + 0.5) << 16 | (guint32) (c.g * 255 + 0.5) << 8
                     | (guint32) (c.b * 255 + 0.5);
              }
          }
      cairo_surface_mark_dirty (img);
      l->heat_image = img;
    }
  return l->heat_image;
}

/* @img with every pixel repeated @f × @f times. */
static cairo_surface_t *
replicate (cairo_surface_t *img,
           int              f)
{
  int w = cairo_image_surface_get_width (img), h = cairo_image_surface_get_height (img);
  int ss = cairo_image_surface_get_stride (img) / 4;
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * f, h * f);
  const guint32 *src;
  guint32 *dst;
  int ds;

  cairo_surface_flush (img);
  cairo_surface_flush (out);
  src = (const guint32 *) cairo_image_surface_get_data (img);
  dst = (guint32 *) cairo_image_surface_get_data (out);
  ds = cairo_image_surface_get_stride (out) / 4;
  for (int y = 0; y < h * f; y++)
    for (int x = 0; x < w * f; x++)
      dst[y * ds + x] = src[(y / f) * ss + x / f];
  cairo_surface_mark_dirty (out);
  return out;
}

static void
draw_heatmap (LabLayer  *l,
              LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  double px0, px1, py0, py1;
  gboolean lin = ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR;

  if (l->nx == 0 || l->ny == 0 || l->nx > 32767 || l->ny > 32767)
    return;
  px0 = _lab_axes_tx (ax, l->gx0);
  px1 = _lab_axes_tx (ax, l->gx1);
  py0 = _lab_axes_ty (ax, l->gy0);
  py1 = _lab_axes_ty (ax, l->gy1);
  lin = lin && isfinite (px0) && isfinite (px1) && isfinite (py0) && isfinite (py1);

  cairo_save (cr);
  clip_plot (l, r, 0);
  /* On screen and in PNG: one image scaled with the nearest filter. SVG and
   * PDF viewers may smooth images whatever the filter says, so vector output
   * gets one rectangle per cell (or, for a large grid, an image with each
   * cell repeated over many pixels). */
  if (lin && (!r->vector || l->nx * l->ny > 40000))
    {
      cairo_matrix_t pm;
      cairo_surface_t *img = cairo_surface_reference (heat_image (l));
      cairo_pattern_t *pat;
      int f = 1;
      double nx, ny;

      if (r->vector)
        {
          f = (int) CLAMP (4096 / MAX (l->nx, l->ny), 1, 16);
          while (f > 1 && (double) l->nx * l->ny * f * f > 16e6)
            f--;
          if (f > 1)
            {
              cairo_surface_t *big = replicate (img, f);

              cairo_surface_destroy (img);
              img = big;
            }
        }
      nx = (double) l->nx * f;
      ny = (double) l->ny * f;
      pat = cairo_pattern_create_for_surface (img);
      /* user → image: column = (u − px0)·nx/(px1 − px0), row = (v − py1)·ny/(py0 − py1) */
      cairo_matrix_init (&pm, nx / (px1 - px0), 0, 0, ny / (py0 - py1),
                         -px0 * nx / (px1 - px0), -py1 * ny / (py0 - py1));
      cairo_pattern_set_matrix (pat, &pm);
      cairo_pattern_set_filter (pat, CAIRO_FILTER_NEAREST);
      cairo_pattern_set_extend (pat, CAIRO_EXTEND_NONE);
      cairo_set_source (cr, pat);
      cairo_rectangle (cr, MIN (px0, px1), MIN (py0, py1), fabs (px1 - px0), fabs (py1 - py0));
      cairo_fill (cr);
      cairo_pattern_destroy (pat);
      cairo_surface_destroy (img);
    }
  else
    {
      double dx = (l->gx1 - l->gx0) / l->nx, dy = (l->gy1 - l->gy0) / l->ny;
      /* Neighbouring cells overlap a hair so viewers show no seams. */
      double o = r->vector ? 0.25 : 0.0;

      if (lin)
        {
          cairo_rectangle (cr, MIN (px0, px1), MIN (py0, py1), fabs (px1 - px0), fabs (py1 - py0));
          cairo_clip (cr);
        }
      for (gsize j = 0; j < l->ny; j++)
        for (gsize i = 0; i < l->nx; i++)
          {
            double v = l->values[j * l->nx + i];
            double a = _lab_axes_tx (ax, l->gx0 + i * dx), b = _lab_axes_tx (ax, l->gx0 + (i + 1) * dx);
            double c = _lab_axes_ty (ax, l->gy0 + j * dy), d = _lab_axes_ty (ax, l->gy0 + (j + 1) * dy);

            if (isnan (v) || !isfinite (a) || !isfinite (b) || !isfinite (c) || !isfinite (d))
              continue;
            _lab_set_source (cr, lab_colormap_eval (l->cmap, norm_value (l, v)));
            cairo_rectangle (cr, MIN (a, b) - o, MIN (c, d) - o, fabs (b - a) + 2 * o, fabs (d - c) + 2 * o);
            cairo_fill (cr);
          }
    }
  cairo_restore (cr);
}

typedef struct
{
  cairo_t *cr;
  LabAxes *ax;
} FillCtx;

static void
fill_polygon_cb (const double *xy,
                 guint         n,
                 gpointer      user_data)
{
  FillCtx *f = user_data;

  cairo_move_to (f->cr, _lab_axes_tx (f->ax, xy[0]), _lab_axes_ty (f->ax, xy[1]));
  for (guint k = 1; k < n; k++)
    cairo_line_to (f->cr, _lab_axes_tx (f->ax, xy[2 * k]), _lab_axes_ty (f->ax, xy[2 * k + 1]));
  cairo_close_path (f->cr);
}

static LabRGBA
level_color (LabLayer *l,
             gsize     k)
{
  double t = l->n_levels > 1 ? (double) k / (l->n_levels - 1) : 0.5;

  return lab_colormap_eval (l->cmap, t);
}

static void
draw_contour (LabLayer  *l,
              LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  gboolean own_color = l->style.color.kind != LAB_COLOR_PALETTE;

  if (l->n_levels == 0 || l->nx < 2 || l->ny < 2)
    return;
  cairo_save (cr);
  clip_plot (l, r, 0);

  if (l->filled)
    {
      FillCtx f = { cr, ax };

      /* Cumulative fills of {f ≥ level}: each band paints over the last, so
       * there are no seams between bands. */
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      for (gsize k = 0; k < l->n_levels; k++)
        {
          LabRGBA c = level_color (l, k);

          c.a *= l->style.alpha;
          lab_contour_fill (l->values, l->nx, l->ny, l->gx0, l->gx1, l->gy0, l->gy1, l->levels[k],
                            fill_polygon_cb, &f);
          _lab_set_source (cr, c);
          cairo_fill (cr);
        }
    }

  /* Lines: the style's own colour if it has one, else the map's colours;
   * over filled bands a faint foreground line (LAB_COLOR_NONE: none). */
    {
      double lw = l->style.line_width;

      cairo_set_line_width (cr, lw);
      _lab_apply_dash (cr, l->style.dash, lw);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (gsize k = 0; k < l->n_levels; k++)
        {
          GPtrArray *lines = l->contour_lines->pdata[k];
          LabRGBA c;

          if (own_color)
            c = _lab_style_rgba (r, &l->style, &l->style.color);
          else if (l->filled)
            c = _lab_rgba_alpha (r->theme->foreground, 0.28);
          else
            {
              c = level_color (l, k);
              c.a *= l->style.alpha;
            }
          if (c.a <= 0)
            continue;
          for (guint p = 0; p < lines->len; p++)
            {
              GArray *line = lines->pdata[p];

              for (guint q = 0; q + 1 < line->len; q += 2)
                {
                  double x = _lab_axes_tx (ax, g_array_index (line, double, q));
                  double y = _lab_axes_ty (ax, g_array_index (line, double, q + 1));

                  if (q == 0)
                    cairo_move_to (cr, x, y);
                  else
                    cairo_line_to (cr, x, y);
                }
            }
          _lab_set_source (cr, c);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

static void
draw_arrow (LabLayer  *l,
            LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  LabRGBA c = _lab_style_rgba (r, &l->style, &l->style.color);
  double x0 = _lab_axes_tx (ax, l->ax0), y0 = _lab_axes_ty (ax, l->ay0);
  double x1 = _lab_axes_tx (ax, l->ax1), y1 = _lab_axes_ty (ax, l->ay1);
  double lw = l->style.line_width, len = hypot (x1 - x0, y1 - y0);
  double hl = 3.0 * lw + 5.0, hw = 1.6 * lw + 3.0, ux, uy;

  if (!isfinite (len) || len < 1e-6)
    return;
  ux = (x1 - x0) / len;
  uy = (y1 - y0) / len;
  hl = MIN (hl, len);

  cairo_save (cr);
  clip_plot (l, r, hl);
  _lab_set_source (cr, c);
  cairo_set_line_width (cr, lw);
  _lab_apply_dash (cr, l->style.dash, lw);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - ux * hl * 0.8, y1 - uy * hl * 0.8);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - ux * hl - uy * hw, y1 - uy * hl + ux * hw);
  cairo_line_to (cr, x1 - ux * hl * 0.75, y1 - uy * hl * 0.75);
  cairo_line_to (cr, x1 - ux * hl + uy * hw, y1 - uy * hl - ux * hw);
  cairo_close_path (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Reference lines: hline, vline, abline (a curve on log axes). */
static void
ref_line_path (LabLayer  *l,
               cairo_t   *cr)
{
  LabAxes *ax = l->axes;

  switch (l->kind)
    {
    case LAB_LAYER_HLINE:
      {
        double y = _lab_axes_ty (ax, l->ay0);

        if (!isfinite (y))
          return;
        cairo_move_to (cr, ax->rx, y);
        cairo_line_to (cr, ax->rx + ax->rw, y);
      }
      break;
    case LAB_LAYER_VLINE:
      {
        double x = _lab_axes_tx (ax, l->ax0);

        if (!isfinite (x))
          return;
        cairo_move_to (cr, x, ax->ry);
        cairo_line_to (cr, x, ax->ry + ax->rh);
      }
      break;
    case LAB_LAYER_ABLINE:
      {
        guint n = ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR ? 2 : 256;
        gboolean move = TRUE;

        for (guint k = 0; k < n; k++)
          {
            double px = ax->rx + ax->rw * k / (n - 1);
            double x, y, py;

            lab_axes_pixel_to_data (ax, px, 0, &x, NULL);
            y = l->ay0 + l->slope * (x - l->ax0);
            py = _lab_axes_ty (ax, y);
            if (!isfinite (py))
              {
                move = TRUE;
                continue;
              }
            /* Keep Cairo's fixed point happy with steep lines. */
            py = CLAMP (py, ax->ry - 1e6, ax->ry + ax->rh + 1e6);
            if (move)
              cairo_move_to (cr, px, py);
            else
              cairo_line_to (cr, px, py);
            move = FALSE;
          }
      }
      break;
    default:
      break;
    }
}

static void
draw_ref_line (LabLayer  *l,
               LabRender *r)
{
  cairo_t *cr = r->cr;
  LabRGBA c = _lab_style_rgba (r, &l->style, &l->style.color);

  if (c.a <= 0)
    return;
  cairo_save (cr);
  clip_plot (l, r, 0);
  ref_line_path (l, cr);
  stroke_style (l, r, c);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_text (LabLayer  *l,
           LabRender *r)
{
  LabAxes *ax = l->axes;
  double x, y;

  if (l->axes_fraction)
    {
      x = ax->rx + l->ax0 * ax->rw;
      y = ax->ry + (1.0 - l->ay0) * ax->rh;
    }
  else
    {
      x = _lab_axes_tx (ax, l->ax0);
      y = _lab_axes_ty (ax, l->ay0);
      if (!(x >= ax->rx - 1 && x <= ax->rx + ax->rw + 1 && y >= ax->ry - 1 && y <= ax->ry + ax->rh + 1))
        return;
    }
  _lab_text_draw (r, r->font_legend, l->markup, TRUE, x, y, l->anchor, 0,
                  _lab_style_rgba (r, &l->style, &l->style.color));
}

static void
draw_marker_layer (LabLayer  *l,
                   LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  double x = _lab_axes_tx (ax, l->x[0]), y = _lab_axes_ty (ax, l->y[0]);
  LabRGBA c = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA f = _lab_style_rgba (r, &l->style, &l->style.fill);

  if (!isfinite (x) || !isfinite (y))
    return;
  cairo_save (cr);
  clip_plot (l, r, l->style.marker_size);
  cairo_set_dash (cr, NULL, 0, 0);
  /* A halo in the background colour lifts the marker off the lines under it. */
  _lab_marker_path (cr, l->style.marker, x, y, l->style.marker_size);
  cairo_set_line_width (cr, 4.0);
  _lab_set_source (cr, _lab_rgba_alpha (r->theme->background, 0.9));
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1.5);
  draw_marker_at (r, &l->style, x, y, c, f);
  cairo_restore (cr);
}

void
_lab_layer_draw (LabLayer  *layer,
                 LabRender *r)
{
  switch (layer->kind)
    {
    case LAB_LAYER_LINE:
    case LAB_LAYER_STEP:
      draw_line (layer, r);
      break;
    case LAB_LAYER_SCATTER:
      draw_scatter (layer, r);
      break;
    case LAB_LAYER_BAND:
      draw_band (layer, r);
      break;
    case LAB_LAYER_BARS:
      draw_bars (layer, r);
      break;
    case LAB_LAYER_HEATMAP:
      draw_heatmap (layer, r);
      break;
    case LAB_LAYER_CONTOUR:
      draw_contour (layer, r);
      break;
    case LAB_LAYER_ARROW:
      draw_arrow (layer, r);
      break;
    case LAB_LAYER_HLINE:
    case LAB_LAYER_VLINE:
    case LAB_LAYER_ABLINE:
      draw_ref_line (layer, r);
      break;
    case LAB_LAYER_TEXT:
      draw_text (layer, r);
      break;
    case LAB_LAYER_MARKER:
      draw_marker_layer (layer, r);
      break;
    default:
      break;
    }
}

/* ---------------------------------------------------------------------- */
/* legend support                                                         */

gboolean
_lab_layer_in_legend (LabLayer *layer)
{
  switch (layer->kind)
    {
    case LAB_LAYER_TEXT:
    case LAB_LAYER_ARROW:
    case LAB_LAYER_HEATMAP:
      return FALSE;
    default:
      return TRUE;
    }
}

void
_lab_layer_draw_swatch (LabLayer  *l,
                        LabRender *r,
                        double     x,
                        double     y,
                        double     w,
                        double     h)
{
  cairo_t *cr = r->cr;
  LabRGBA c = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA f = _lab_style_rgba (r, &l->style, &l->style.fill);
  double cy = y + h / 2.0;

  cairo_save (cr);
  switch (l->kind)
    {
    case LAB_LAYER_BAND:
    case LAB_LAYER_BARS:
      cairo_rectangle (cr, x + 1, y + 1, w - 2, h - 2);
      _lab_set_source (cr, f);
      cairo_fill_preserve (cr);
      if (l->kind == LAB_LAYER_BARS && c.a > 0)
        {
          cairo_set_line_width (cr, 1.0);
          _lab_set_source (cr, c);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
      break;
    case LAB_LAYER_CONTOUR:
      {
        LabRGBA lc = level_color (l, l->n_levels / 2);

        if (l->filled)
          {
            cairo_rectangle (cr, x + 1, y + 1, w - 2, h - 2);
            _lab_set_source (cr, lc);
            cairo_fill (cr);
          }
        else
          {
            cairo_move_to (cr, x, cy);
            cairo_line_to (cr, x + w, cy);
            stroke_style (l, r, l->style.color.kind != LAB_COLOR_PALETTE ? c : lc);
            cairo_stroke (cr);
          }
      }
      break;
    case LAB_LAYER_SCATTER:
    case LAB_LAYER_MARKER:
      cairo_set_line_width (cr, l->kind == LAB_LAYER_MARKER ? 1.5 : MAX (0.75, MIN (l->style.line_width * 0.6, 1.5)));
      {
        LabStyle s = l->style;

        s.marker_size = MIN (s.marker_size, h * 1.2);
        if (l->kind == LAB_LAYER_SCATTER && l->colors != NULL)
          {
            c = _lab_rgba_alpha (r->theme->foreground, 0.6);
            f = _lab_rgba_alpha (r->theme->foreground, 0.2);
          }
        draw_marker_at (r, &s, x + w / 2.0, cy, c, f);
      }
      break;
    default:
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + w, cy);
      stroke_style (l, r, c);
      cairo_set_line_width (cr, MIN (l->style.line_width, h * 0.5));
      cairo_stroke (cr);
      if (l->style.marker != LAB_MARKER_NONE)
        {
          LabStyle s = l->style;

          s.marker_size = MIN (s.marker_size, h);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_width (cr, 1.0);
          draw_marker_at (r, &s, x + w / 2.0, cy, c, f);
        }
      break;
    }
  cairo_restore (cr);
}

static void
push_px (GArray  *out,
         double   x,
         double   y)
{
  double p[2] = { x, y };

  if (isfinite (x) && isfinite (y))
    g_array_append_vals (out, p, 2);
}

/* Points along a segment every ~12 px, so a long straight line counts. */
static void
push_segment (GArray *out,
              double  x0,
              double  y0,
              double  x1,
              double  y1)
{
  double len = hypot (x1 - x0, y1 - y0);
  int k = (int) MIN (200.0, len / 12.0);

  if (!isfinite (len))
    return;
  for (int i = 1; i <= k; i++)
    push_px (out, x0 + (x1 - x0) * i / (k + 1), y0 + (y1 - y0) * i / (k + 1));
}

void
_lab_layer_sample_pixels (LabLayer *l,
                          GArray   *out,
                          guint     max_points)
{
  LabAxes *ax = l->axes;
  gsize stride = MAX (1, l->n / MAX (max_points, 1));

  switch (l->kind)
    {
    case LAB_LAYER_LINE:
    case LAB_LAYER_STEP:
    case LAB_LAYER_SCATTER:
    case LAB_LAYER_MARKER:
      {
        double lx = NAN, ly = NAN;

        for (gsize i = 0; i < l->n; i += stride)
          {
            double x = _lab_axes_tx (ax, l->x[i]), y = _lab_axes_ty (ax, l->y[i]);

            push_px (out, x, y);
            if (l->kind != LAB_LAYER_SCATTER && isfinite (lx))
              push_segment (out, lx, ly, x, y);
            lx = x;
            ly = y;
          }
      }
      break;
    case LAB_LAYER_BAND:
      for (gsize i = 0; i < l->n; i += stride)
        {
          double x = _lab_axes_tx (ax, l->x[i]);
          double a = _lab_axes_ty (ax, l->y[i]), b = _lab_axes_ty (ax, l->y2[i]);

          push_segment (out, x, a, x, b);
          push_px (out, x, a);
          push_px (out, x, b);
        }
      break;
    case LAB_LAYER_BARS:
      {
        double base = _lab_axes_ty (ax, ax->yscale == LAB_SCALE_LOG ? MIN (ax->ey[0], ax->ey[1]) : 0.0);

        for (gsize i = 0; i < l->n; i += stride)
          {
            double xa = _lab_axes_tx (ax, l->x[i]), xb = _lab_axes_tx (ax, l->x[i + 1]);
            double y = _lab_axes_ty (ax, l->y[i]);

            for (double x = MIN (xa, xb); x <= MAX (xa, xb); x += 10.0)
              {
                push_px (out, x, y);
                push_segment (out, x, y, x, CLAMP (base, ax->ry, ax->ry + ax->rh));
              }
          }
      }
      break;
    case LAB_LAYER_HLINE:
    case LAB_LAYER_VLINE:
    case LAB_LAYER_ABLINE:
      {
        g_autoptr(GArray) tmp = g_array_new (FALSE, FALSE, sizeof (double));
        cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
        cairo_t *cr = cairo_create (s);
        cairo_path_t *path;
        double lx = NAN, ly = NAN;

        ref_line_path (l, cr);
        path = cairo_copy_path (cr);
        for (int i = 0; i < path->num_data; i += path->data[i].header.length)
          {
            cairo_path_data_t *d = &path->data[i];

            if (d->header.type == CAIRO_PATH_MOVE_TO || d->header.type == CAIRO_PATH_LINE_TO)
              {
                double x = d[1].point.x, y = d[1].point.y;

                if (d->header.type == CAIRO_PATH_LINE_TO && isfinite (lx))
                  push_segment (out, lx, ly, x, y);
                lx = x;
                ly = y;
              }
          }
        cairo_path_destroy (path);
        cairo_destroy (cr);
        cairo_surface_destroy (s);
      }
      break;
    case LAB_LAYER_TEXT:
      {
        double x = l->axes_fraction ? ax->rx + l->ax0 * ax->rw : _lab_axes_tx (ax, l->ax0);
        double y = l->axes_fraction ? ax->ry + (1 - l->ay0) * ax->rh : _lab_axes_ty (ax, l->ay0);

        for (int k = 0; k < 8; k++)
          push_px (out, x, y);
      }
      break;
    case LAB_LAYER_CONTOUR:
      for (guint k = 0; k < l->contour_lines->len; k++)
        {
          GPtrArray *lines = l->contour_lines->pdata[k];

          for (guint p = 0; p < lines->len; p++)
            {
              GArray *line = lines->pdata[p];

              for (guint q = 0; q + 1 < line->len; q += 8)
                push_px (out, _lab_axes_tx (ax, g_array_index (line, double, q)),
                         _lab_axes_ty (ax, g_array_index (line, double, q + 1)));
            }
        }
      break;
    case LAB_LAYER_ARROW:
      push_segment (out, _lab_axes_tx (ax, l->ax0), _lab_axes_ty (ax, l->ay0),
                    _lab_axes_tx (ax, l->ax1), _lab_axes_ty (ax, l->ay1));
      break;
    case LAB_LAYER_HEATMAP:
    default:
      break;
    }
}

gboolean
_lab_layer_nearest (LabLayer *l,
                    double    px,
                    double    py,
                    double   *best_d2,
                    gsize    *index)
{
  LabAxes *ax = l->axes;
  gboolean found = FALSE;
  double best = *best_d2;

  switch (l->kind)
    {
    case LAB_LAYER_LINE:
    case LAB_LAYER_STEP:
    case LAB_LAYER_SCATTER:
    case LAB_LAYER_MARKER:
      break;
    default:
      return FALSE;
    }

  if (ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR)
    {
      double xa = ax->tx_a - px, xb = ax->tx_b, ya = ax->ty_a - py, yb = ax->ty_b;

      for (gsize i = 0; i < l->n; i++)
        {
          double dx = xa + xb * l->x[i], dy = ya + yb * l->y[i];
          double d2 = dx * dx + dy * dy;

          if (d2 < best)
            {
              best = d2;
              *index = i;
              found = TRUE;
            }
        }
    }
  else
    for (gsize i = 0; i < l->n; i++)
      {
        double dx = _lab_axes_tx (ax, l->x[i]) - px, dy = _lab_axes_ty (ax, l->y[i]) - py;
        double d2 = dx * dx + dy * dy;

        if (d2 < best)
          {
            best = d2;
            *index = i;
            found = TRUE;
          }
      }
  if (found)
    *best_d2 = best;
  return found;
}

/* ---------------------------------------------------------------------- */
/* colour bar                                                             */

#define CBAR_GAP   14.0
#define CBAR_WIDTH 12.0

LabLayer *
_lab_axes_colorbar_layer (LabAxes *ax)
{
  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];

      if (l->kind == LAB_LAYER_HEATMAP && l->visible && l->cbar_label != NULL)
        return l;
    }
  return NULL;
}

static guint
colorbar_ticks (LabLayer *l,
                double    length,
                double   *ticks,
                double   *step)
{
  guint target = (guint) CLAMP (floor (length / 50.0), 2, 10);

  return lab_ticks_linear (MIN (l->vmin, l->vmax), MAX (l->vmin, l->vmax), target, ticks, 32, step);
}

double
_lab_axes_colorbar_width (LabAxes   *ax,
                          LabRender *r)
{
  LabLayer *l = _lab_axes_colorbar_layer (ax);
  double ticks[32], step, maxw = 0, w, h;
  guint n;

  if (l == NULL)
    return 0.0;
  n = colorbar_ticks (l, MAX (ax->rh, 100), ticks, &step);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = lab_ticks_format (ticks[i], step);

      _lab_text_size (r, r->font_tick, s, FALSE, &w, &h);
      maxw = MAX (maxw, w);
    }
  w = CBAR_GAP + CBAR_WIDTH + 5.0 + maxw;
  if (*l->cbar_label != '\0')
    {
      double lw, lh;

      _lab_text_size (r, r->font_label, l->cbar_label, TRUE, &lw, &lh);
      w += 6.0 + lh;
    }
  return w;
}

void
_lab_axes_draw_colorbars (LabAxes   *ax,
                          LabRender *r)
{
  LabLayer *l = _lab_axes_colorbar_layer (ax);
  cairo_t *cr = r->cr;
  cairo_pattern_t *grad;
  double x, y0, y1, ticks[32], step, maxw = 0;
  LabRGBA tcol = _lab_rgba_alpha (r->theme->foreground, 0.72);
  guint n;

  if (l == NULL)
    return;

  x = round (ax->rx + ax->rw + CBAR_GAP);
  y0 = round (ax->ry);
  y1 = round (ax->ry + ax->rh);

  grad = cairo_pattern_create_linear (0, y1, 0, y0);
  for (int k = 0; k <= 32; k++)
    {
      LabRGBA c = lab_colormap_eval (l->cmap, k / 32.0);
      double t = k / 32.0;

      if (l->vmax < l->vmin)
        c = lab_colormap_eval (l->cmap, 1.0 - t);
      cairo_pattern_add_color_stop_rgb (grad, t, c.r, c.g, c.b);
    }
  cairo_save (cr);
  cairo_rectangle (cr, x, y0, CBAR_WIDTH, y1 - y0);
  cairo_set_source (cr, grad);
  cairo_fill (cr);
  cairo_pattern_destroy (grad);

  n = colorbar_ticks (l, ax->rh, ticks, &step);
  cairo_set_line_width (cr, 1.0);
  _lab_set_source (cr, _lab_rgba_alpha (r->theme->background, 0.9));
  for (guint i = 0; i < n; i++)
    {
      double t = norm_value (l, ticks[i]);
      double y = y1 - t * (y1 - y0);
      g_autofree char *s = lab_ticks_format (ticks[i], step);
      double w, h;

      if (t < -1e-9 || t > 1 + 1e-9)
        continue;
      _lab_text_size (r, r->font_tick, s, FALSE, &w, &h);
      maxw = MAX (maxw, w);
      /* Notches on both sides of the bar, none at its very ends. */
      y = floor (y) + 0.5;
      if (y < y0 + 2 || y > y1 - 2)
        continue;
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 3, y);
      cairo_move_to (cr, x + CBAR_WIDTH - 3, y);
      cairo_line_to (cr, x + CBAR_WIDTH, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      double t = norm_value (l, ticks[i]);
      g_autofree char *s = lab_ticks_format (ticks[i], step);

      if (t < -1e-9 || t > 1 + 1e-9)
        continue;
      _lab_text_draw (r, r->font_tick, s, FALSE, x + CBAR_WIDTH + 5.0, y1 - t * (y1 - y0), LAB_ANCHOR_WEST, 0, tcol);
    }
  if (*l->cbar_label != '\0')
    _lab_text_draw (r, r->font_label, l->cbar_label, TRUE, x + CBAR_WIDTH + 5.0 + maxw + 6.0, (y0 + y1) / 2.0,
                    LAB_ANCHOR_NORTH, -G_PI / 2.0, _lab_rgba_alpha (r->theme->foreground, 0.9));
  cairo_restore (cr);
}
