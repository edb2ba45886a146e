/* lab-layer.c — what every layer kind shares: creation, bounds, clipping, strokes,
 * legend swatches, pixel samples and the nearest point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-draw.h"
#include "lab-layer.h"
#include "lab-scale.h"

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
  g_free (layer->cells);
  g_free (layer);
}

double *
_lab_doubles_dup (const double *v,
                  gsize         n)
{
  return v != NULL && n > 0 ? g_memdup2 (v, n * sizeof (double)) : NULL;
}

void
_lab_bounds_add (const double *v,
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

LabLayer *
_lab_layer_new (LabAxes        *ax,
                LabLayerKind    kind,
                const char     *label,
                const LabStyle *style,
                const LabStyle *fallback)
{
  LabLayer *l = g_new0 (LabLayer, 1);

  l->kind = kind;
  l->axes = ax;
  l->label = label != NULL && *label != '\0' ? g_strdup (label) : NULL;
  l->visible = TRUE;
  l->minpos_x = l->minpos_y = HUGE_VAL;

  if (style != NULL)
    l->style = *style;
  else if (fallback != NULL)
    l->style = *fallback;
  else
    l->style = lab_style_default (ax->next_slot++);
  if (!(l->style.line_width > 0))
    l->style.line_width = 2.0;
  if (!(l->style.marker_size > 0))
    l->style.marker_size = 6.0;
  if (!(l->style.alpha > 0))
    l->style.alpha = 1.0;

  g_ptr_array_add (ax->layers, l);
  return l;
}

void
_lab_layer_set_xy (LabLayer     *l,
                   const double *x,
                   const double *y,
                   gsize         n)
{
  l->n = n;
  l->x = _lab_doubles_dup (x, n);
  l->y = _lab_doubles_dup (y, n);
  _lab_bounds_add (l->x, n, l->bx, &l->minpos_x, &l->has_bx);
  _lab_bounds_add (l->y, n, l->by, &l->minpos_y, &l->has_by);
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

void
lab_layer_set_droppable (LabLayer *layer,
                         gboolean  droppable)
{
  g_return_if_fail (layer != NULL);
  layer->droppable = !!droppable;
}

void
_lab_layer_clip (LabLayer  *l,
                 LabRender *r,
                 double     expand)
{
  LabAxes *ax = l->axes;

  cairo_rectangle (r->cr, ax->rx - expand, ax->ry - expand, ax->rw + 2 * expand, ax->rh + 2 * expand);
  cairo_clip (r->cr);
}

void
_lab_layer_stroke_style (LabLayer  *l,
                         LabRender *r,
                         LabRGBA    color)
{
  cairo_set_line_width (r->cr, l->style.line_width);
  _lab_apply_dash (r->cr, l->style.dash, l->style.line_width);
  cairo_set_line_join (r->cr, CAIRO_LINE_JOIN_ROUND);
  _lab_set_source (r->cr, color);
}

void
_lab_push_px (GArray  *out,
              double   x,
              double   y)
{
  double p[2] = { x, y };

  if (isfinite (x) && isfinite (y))
    g_array_append_vals (out, p, 2);
}

void
_lab_push_segment (GArray *out,
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
    _lab_push_px (out, x0 + (x1 - x0) * i / (k + 1), y0 + (y1 - y0) * i / (k + 1));
}

gboolean
_lab_layer_nearest_xy (LabLayer *l,
                       double    px,
                       double    py,
                       double   *best_d2,
                       gsize    *index)
{
  LabAxes *ax = l->axes;
  gboolean found = FALSE;
  double best = *best_d2;

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

void
_lab_layer_swatch_line (LabLayer  *l,
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

  cairo_move_to (cr, x, cy);
  cairo_line_to (cr, x + w, cy);
  _lab_layer_stroke_style (l, r, c);
  cairo_set_line_width (cr, MIN (l->style.line_width, h * 0.5));
  cairo_stroke (cr);
  if (l->style.marker != LAB_MARKER_NONE)
    {
      LabStyle s = l->style;

      s.marker_size = MIN (s.marker_size, h);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_width (cr, 1.0);
      _lab_draw_marker (r, &s, x + w / 2.0, cy, c, f);
    }
}

static void
sample_xy (LabLayer *l,
           GArray   *out,
           guint     max_points,
           gboolean  joined)
{
  LabAxes *ax = l->axes;
  gsize stride = MAX (1, l->n / MAX (max_points, 1));
  double lx = NAN, ly = NAN;

  for (gsize i = 0; i < l->n; i += stride)
    {
      double x = _lab_axes_tx (ax, l->x[i]), y = _lab_axes_ty (ax, l->y[i]);

      _lab_push_px (out, x, y);
      if (joined && isfinite (lx))
        _lab_push_segment (out, lx, ly, x, y);
      lx = x;
      ly = y;
    }
}

void
_lab_layer_sample_points (LabLayer *l,
                          GArray   *out,
                          guint     max_points)
{
  sample_xy (l, out, max_points, FALSE);
}

void
_lab_layer_sample_path (LabLayer *l,
                        GArray   *out,
                        guint     max_points)
{
  sample_xy (l, out, max_points, TRUE);
}
