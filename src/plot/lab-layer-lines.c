/* lab-layer-lines.c — layer kinds line, step and band
 *
 * Large data never reaches Cairo point by point: lines are decimated to the
 * device pixel columns (first, min, max, last of each column).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-decimate.h"
#include "lab-draw.h"
#include "lab-layer.h"
#include "lab-scale.h"

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
  l = _lab_layer_new (ax, LAB_LAYER_LINE, label, style, NULL);
  _lab_layer_set_xy (l, x, y, n);
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
  l = _lab_layer_new (ax, LAB_LAYER_STEP, label, style, NULL);
  _lab_layer_set_xy (l, x, y, n);
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
  l = _lab_layer_new (ax, LAB_LAYER_BAND, label, style, NULL);
  _lab_layer_set_xy (l, x, ylo, n);
  l->y2 = _lab_doubles_dup (yhi, n);
  _lab_bounds_add (l->y2, n, l->by, &l->minpos_y, &l->has_by);
  return l;
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
 * is stroked in chunks of a few hundred segments, joined by round caps.
 *
 * A noisy dense line (two or more vertices per device-pixel column, the vertical direction
 * reversing at a quarter of them or more, like a mean over runs at every step) is stroked
 * with Cairo's FAST antialiasing on pixel targets: 4 × 4 coverage samples a pixel instead of
 * 15 × 17. Cairo's stroke of such a line costs per segment and the fine coverage is lost in
 * the jitter: 3.3× faster for 1,000 vertices in 340 columns, and side by side at 6× zoom the
 * two renderings cannot be told apart. Smooth lines keep the full antialiasing. */
static gboolean
noisy_dense (GArray *pts,
             double  dev_scale)
{
  const double *p = (const double *) pts->data;
  guint n = pts->len / 2, reversals = 0, segs = 0;
  double lo = INFINITY, hi = -INFINITY, last = 0;

  if (n < 64)
    return FALSE;
  for (guint k = 0; k < n; k++)
    {
      if (isnan (p[2 * k]) || isnan (p[2 * k + 1]))
        return FALSE;
      lo = MIN (lo, p[2 * k]);
      hi = MAX (hi, p[2 * k]);
      if (k > 0)
        {
          double dy = p[2 * k + 1] - p[2 * k - 1];

          if (dy != 0)
            {
              reversals += (dy > 0) != (last > 0) && last != 0;
              last = dy;
            }
          segs++;
        }
    }
  return n >= 2 * (hi - lo) * dev_scale && 4 * reversals >= segs;
}

static void
stroke_polyline (cairo_t  *cr,
                 GArray   *pts,
                 double    lw,
                 double    dev_scale,
                 gboolean  dashed,
                 gboolean  vector)
{
  cairo_antialias_t aa = cairo_get_antialias (cr);
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

  if (!vector && aa == CAIRO_ANTIALIAS_DEFAULT && noisy_dense (pts, dev_scale))
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
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
  cairo_set_antialias (cr, aa);
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
  _lab_layer_clip (l, r, l->style.line_width / 2.0 + 1.0
                  + (l->style.marker != LAB_MARKER_NONE ? l->style.marker_size / 2.0 : 0.0));
  if (color.a > 0)
    {
      _lab_layer_stroke_style (l, r, color);
      stroke_polyline (cr, pts, l->style.line_width, r->dev_scale, l->style.dash != LAB_DASH_SOLID, r->vector);
    }

  if (l->style.marker != LAB_MARKER_NONE && l->n <= 5000)
    {
      LabRGBA fill = _lab_style_rgba (r, &l->style, &l->style.fill);
      LabAxes *ax = l->axes;

      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_width (cr, MAX (1.0, l->style.line_width * 0.6));
      for (gsize i = 0; i < l->n; i++)
        if (isfinite (l->x[i]) && isfinite (l->y[i]))
          _lab_draw_marker (r, &l->style, _lab_axes_tx (ax, l->x[i]), _lab_axes_ty (ax, l->y[i]), color, fill);
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
  _lab_layer_clip (l, r, 0);
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
swatch_band (LabLayer  *l,
             LabRender *r,
             double     x,
             double     y,
             double     w,
             double     h)
{
  cairo_t *cr = r->cr;

  cairo_rectangle (cr, x + 1, y + 1, w - 2, h - 2);
  _lab_set_source (cr, _lab_style_rgba (r, &l->style, &l->style.fill));
  cairo_fill (cr);
}

static void
sample_band (LabLayer *l,
             GArray   *out,
             guint     max_points)
{
  LabAxes *ax = l->axes;
  gsize stride = MAX (1, l->n / MAX (max_points, 1));

  for (gsize i = 0; i < l->n; i += stride)
    {
      double x = _lab_axes_tx (ax, l->x[i]);
      double a = _lab_axes_ty (ax, l->y[i]), b = _lab_axes_ty (ax, l->y2[i]);

      _lab_push_segment (out, x, a, x, b);
      _lab_push_px (out, x, a);
      _lab_push_px (out, x, b);
    }
}

/* Lines and steps (draw_line() tells them apart). */
const LabLayerClass _lab_layer_line_class =
{
  .draw          = draw_line,
  .draw_swatch   = _lab_layer_swatch_line,
  .sample_pixels = _lab_layer_sample_path,
  .nearest       = _lab_layer_nearest_xy,
};

const LabLayerClass _lab_layer_band_class =
{
  .draw          = draw_band,
  .draw_swatch   = swatch_band,
  .sample_pixels = sample_band,
};
