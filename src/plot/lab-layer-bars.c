/* lab-layer-bars.c — layer kind bars (histograms): n bars between n + 1 edges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-draw.h"
#include "lab-layer.h"
#include "lab-scale.h"

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
  l = _lab_layer_new (ax, LAB_LAYER_BARS, label, style, NULL);
  l->n = n;
  l->x = _lab_doubles_dup (edges, n + 1);
  l->y = _lab_doubles_dup (heights, n);
  if (n > 0)
    {
      _lab_bounds_add (l->x, n + 1, l->bx, &l->minpos_x, &l->has_bx);
      _lab_bounds_add (l->y, n, l->by, &l->minpos_y, &l->has_by);
      _lab_bounds_add (&zero, 1, l->by, &l->minpos_y, &l->has_by);
    }
  return l;
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
  _lab_layer_clip (l, r, 0);
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

static void
swatch_bars (LabLayer  *l,
             LabRender *r,
             double     x,
             double     y,
             double     w,
             double     h)
{
  cairo_t *cr = r->cr;
  LabRGBA c = _lab_style_rgba (r, &l->style, &l->style.color);

  cairo_rectangle (cr, x + 1, y + 1, w - 2, h - 2);
  _lab_set_source (cr, _lab_style_rgba (r, &l->style, &l->style.fill));
  cairo_fill_preserve (cr);
  if (c.a > 0)
    {
      cairo_set_line_width (cr, 1.0);
      _lab_set_source (cr, c);
      cairo_stroke (cr);
    }
  cairo_new_path (cr);
}

static void
sample_bars (LabLayer *l,
             GArray   *out,
             guint     max_points)
{
  LabAxes *ax = l->axes;
  gsize stride = MAX (1, l->n / MAX (max_points, 1));
  double base = _lab_axes_ty (ax, ax->yscale == LAB_SCALE_LOG ? MIN (ax->ey[0], ax->ey[1]) : 0.0);

  for (gsize i = 0; i < l->n; i += stride)
    {
      double xa = _lab_axes_tx (ax, l->x[i]), xb = _lab_axes_tx (ax, l->x[i + 1]);
      double y = _lab_axes_ty (ax, l->y[i]);

      for (double x = MIN (xa, xb); x <= MAX (xa, xb); x += 10.0)
        {
          _lab_push_px (out, x, y);
          _lab_push_segment (out, x, y, x, CLAMP (base, ax->ry, ax->ry + ax->rh));
        }
    }
}

const LabLayerClass _lab_layer_bars_class =
{
  .draw          = draw_bars,
  .draw_swatch   = swatch_bars,
  .sample_pixels = sample_bars,
  .sticky_x      = LAB_STICKY_BOUNDS,
  .sticky_y      = LAB_STICKY_ZERO,
  .x_extra       = 1,
};
