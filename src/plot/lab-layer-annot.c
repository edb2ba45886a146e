/* lab-layer-annot.c — annotation layer kinds: arrows, reference lines (hline, vline, abline) and text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-draw.h"
#include "lab-layer.h"
#include "lab-scale.h"

/* Without a style: reference lines muted and dashed, arrows and text in the foreground colour. */
static LabStyle
ref_line_style (void)
{
  LabStyle s = lab_style_reference ();

  s.line_width = 1.25;
  return s;
}

static LabStyle
annotation_style (void)
{
  LabStyle s = lab_style_text ();

  s.fill = s.color;
  s.line_width = 1.25;
  return s;
}

LabLayer *
lab_axes_add_arrow (LabAxes        *ax,
                    double          x0,
                    double          y0,
                    double          x1,
                    double          y1,
                    const LabStyle *style)
{
  LabStyle fallback = annotation_style ();
  LabLayer *l;
  double xs[2] = { x0, x1 }, ys[2] = { y0, y1 };

  g_return_val_if_fail (ax != NULL, NULL);
  l = _lab_layer_new (ax, LAB_LAYER_ARROW, NULL, style, &fallback);
  l->ax0 = x0, l->ay0 = y0, l->ax1 = x1, l->ay1 = y1;
  _lab_bounds_add (xs, 2, l->bx, &l->minpos_x, &l->has_bx);
  _lab_bounds_add (ys, 2, l->by, &l->minpos_y, &l->has_by);
  return l;
}

LabLayer *
lab_axes_add_hline (LabAxes        *ax,
                    const char     *label,
                    double          y,
                    const LabStyle *style)
{
  LabStyle fallback = ref_line_style ();
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = _lab_layer_new (ax, LAB_LAYER_HLINE, label, style, &fallback);
  l->ay0 = y;
  _lab_bounds_add (&y, 1, l->by, &l->minpos_y, &l->has_by);
  return l;
}

LabLayer *
lab_axes_add_vline (LabAxes        *ax,
                    const char     *label,
                    double          x,
                    const LabStyle *style)
{
  LabStyle fallback = ref_line_style ();
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = _lab_layer_new (ax, LAB_LAYER_VLINE, label, style, &fallback);
  l->ax0 = x;
  _lab_bounds_add (&x, 1, l->bx, &l->minpos_x, &l->has_bx);
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
  LabStyle fallback = ref_line_style ();
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = _lab_layer_new (ax, LAB_LAYER_ABLINE, label, style, &fallback);
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
  LabStyle fallback = annotation_style ();
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  l = _lab_layer_new (ax, LAB_LAYER_TEXT, NULL, style, &fallback);
  l->ax0 = x;
  l->ay0 = y;
  l->markup = g_strdup (markup != NULL ? markup : "");
  l->anchor = anchor;
  l->axes_fraction = axes_fraction;
  return l;
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
  _lab_layer_clip (l, r, hl);
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
  _lab_layer_clip (l, r, 0);
  ref_line_path (l, cr);
  _lab_layer_stroke_style (l, r, c);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static gboolean
text_anchor_point (LabLayer *l,
                   double   *px,
                   double   *py)
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
        return FALSE;
    }
  *px = x;
  *py = y;
  return TRUE;
}

gboolean
_lab_layer_text_box (LabLayer  *l,
                     LabRender *r,
                     double     box[4])
{
  double x, y;

  if (l->kind != LAB_LAYER_TEXT || !l->visible || !text_anchor_point (l, &x, &y))
    return FALSE;
  _lab_text_box (r, r->font_legend, l->markup, TRUE, x, y, l->anchor, box);
  return TRUE;
}

static void
draw_text (LabLayer  *l,
           LabRender *r)
{
  LabAxes *ax = l->axes;
  double x, y;

  if (!text_anchor_point (l, &x, &y))
    return;
  /* Off the annotations already drawn in these axes: moved down (or up) past
   * each one it would touch, as long as it stays inside the axes; a text with
   * no free place keeps its own. */
  {
    double box[4], y0 = y;
    gboolean moved = TRUE;

    _lab_text_box (r, r->font_legend, l->markup, TRUE, x, y, l->anchor, box);
    for (int attempt = 0; attempt < 8 && moved; attempt++)
      {
        moved = FALSE;
        for (guint k = 0; k + 5 <= ax->text_boxes->len; k += 5)
          {
            const double *o = &g_array_index (ax->text_boxes, double, k);
            double down, up;

            if (!(box[0] < o[0] + o[2] - 0.5 && o[0] < box[0] + box[2] - 0.5
                  && box[1] < o[1] + o[3] - 0.5 && o[1] < box[1] + box[3] - 0.5))
              continue;
            down = o[1] + o[3] + 1.0 - box[1];
            up = o[1] - 1.0 - (box[1] + box[3]);
            if (box[1] + box[3] + down <= ax->ry + ax->rh)
              y += down, box[1] += down;
            else if (box[1] + up >= ax->ry)
              y += up, box[1] += up;
            else
              {
                if (l->droppable)
                  return;   /* nowhere free: better left out than drawn over another */
                y = y0;   /* nowhere free: where it was put */
                _lab_text_box (r, r->font_legend, l->markup, TRUE, x, y, l->anchor, box);
                attempt = 8;
                break;
              }
            moved = TRUE;
          }
      }
    /* still on another after the moves: left out if it may be, else where it was put */
    for (guint k = 0; k + 5 <= ax->text_boxes->len; k += 5)
      {
        const double *o = &g_array_index (ax->text_boxes, double, k);

        if (box[0] < o[0] + o[2] - 0.5 && o[0] < box[0] + box[2] - 0.5
            && box[1] < o[1] + o[3] - 0.5 && o[1] < box[1] + box[3] - 0.5)
          {
            if (l->droppable)
              return;
            y = y0;
            _lab_text_box (r, r->font_legend, l->markup, TRUE, x, y, l->anchor, box);
            break;
          }
      }
    {
      double rec[5] = { box[0], box[1], box[2], box[3], l->dynamic ? 1.0 : 0.0 };

      g_array_append_vals (ax->text_boxes, rec, 5);
    }
  }
  _lab_text_draw (r, r->font_legend, l->markup, TRUE, x, y, l->anchor, 0,
                  _lab_style_rgba (r, &l->style, &l->style.color));
}

static void
sample_arrow (LabLayer *l,
              GArray   *out,
              guint     max_points)
{
  LabAxes *ax = l->axes;

  _lab_push_segment (out, _lab_axes_tx (ax, l->ax0), _lab_axes_ty (ax, l->ay0),
                     _lab_axes_tx (ax, l->ax1), _lab_axes_ty (ax, l->ay1));
}

static void
sample_ref_line (LabLayer *l,
                 GArray   *out,
                 guint     max_points)
{
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
            _lab_push_segment (out, lx, ly, x, y);
          lx = x;
          ly = y;
        }
    }
  cairo_path_destroy (path);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* Text counts eight times: a label should not sit on it. */
static void
sample_text (LabLayer *l,
             GArray   *out,
             guint     max_points)
{
  LabAxes *ax = l->axes;
  double x = l->axes_fraction ? ax->rx + l->ax0 * ax->rw : _lab_axes_tx (ax, l->ax0);
  double y = l->axes_fraction ? ax->ry + (1 - l->ay0) * ax->rh : _lab_axes_ty (ax, l->ay0);

  for (int k = 0; k < 8; k++)
    _lab_push_px (out, x, y);
}

/* Not in legends: arrows and text. */
const LabLayerClass _lab_layer_arrow_class =
{
  .draw          = draw_arrow,
  .sample_pixels = sample_arrow,
};

/* hline, vline and abline (ref_line_path() tells them apart). */
const LabLayerClass _lab_layer_ref_line_class =
{
  .draw          = draw_ref_line,
  .draw_swatch   = _lab_layer_swatch_line,
  .sample_pixels = sample_ref_line,
};

const LabLayerClass _lab_layer_text_class =
{
  .draw          = draw_text,
  .sample_pixels = sample_text,
};
