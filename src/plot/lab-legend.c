/* lab-legend.c — the legend of an axes: its entries, its place and its drawing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-draw.h"
#include "lab-layer-table.h"
#include "lab-legend.h"

void
_lab_axes_draw_legend (LabAxes   *ax,
                       LabRender *r)
{
  static const double cand[][2] = {
    { 1, 0 }, { 0, 0 }, { 0, 1 }, { 1, 1 }, { 1, 0.5 }, { 0, 0.5 }, { 0.5, 0 }, { 0.5, 1 },
  };
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GArray) pts = NULL;
  g_autofree double *widths = NULL, *heights = NULL;
  double pad = 0.55 * r->em, sw = 2.0 * r->em, gap = 0.5 * r->em, row_gap = 0.22 * r->em;
  double bw = 0, bh = 0, tw = 0, th = 0, inset = 0.6 * r->em, bx = 0, by = 0;
  double best = G_MAXDOUBLE;
  cairo_t *cr = r->cr;

  ax->legend_rect[2] = ax->legend_rect[3] = 0.0;
  if (!ax->legend)
    return;
  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];

      if (l->visible && l->label != NULL && _lab_layer_class (l)->draw_swatch != NULL)
        g_ptr_array_add (entries, l);
    }
  if (entries->len == 0)
    return;

  /* Full size if it leaves the data room; else compact (tighter padding, a
   * shorter swatch); a small figure still gets its legend, over up to the whole
   * axes on its translucent box, clipped to them: a legend never vanishes
   * (issue 10.4: two ROC curves, no way to tell which is which). */
  widths = g_new (double, entries->len);
  heights = g_new (double, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      LabLayer *l = entries->pdata[i];

      _lab_text_size (r, r->font_legend, l->label, TRUE, &widths[i], &heights[i]);
      bw = MAX (bw, widths[i]);
    }
  for (int compact = 0; compact < 2; compact++)
    {
      if (compact)
        pad = 0.3 * r->em, sw = 1.2 * r->em, gap = 0.3 * r->em, row_gap = 0.0, inset = 0.25 * r->em;
      bh = 0;
      for (guint i = 0; i < entries->len; i++)
        bh += MAX (heights[i], 0.9 * r->em) + (i > 0 ? row_gap : 0);
      tw = bw + 2 * pad + sw + gap;
      th = bh + 2 * pad;
      if (tw <= 0.7 * ax->rw && th <= 0.75 * ax->rh)
        break;
    }
  for (guint i = 0; i < entries->len; i++)
    heights[i] = MAX (heights[i], 0.9 * r->em);
  bw = tw;
  bh = th;

  /* The corner (or edge middle) that hides the fewest data points. */
  pts = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];
      const LabLayerClass *cls = _lab_layer_class (l);

      if (l->visible && cls->sample_pixels != NULL)
        cls->sample_pixels (l, pts, 4000);
    }
  for (guint c = 0; c < G_N_ELEMENTS (cand); c++)
    {
      double x = ax->rx + inset + cand[c][0] * MAX (ax->rw - bw - 2 * inset, 0);
      double y = ax->ry + inset + cand[c][1] * MAX (ax->rh - bh - 2 * inset, 0);
      double cost = 0;

      for (guint k = 0; k + 1 < pts->len; k += 2)
        {
          double px = g_array_index (pts, double, k), py = g_array_index (pts, double, k + 1);

          /* A small margin around the box counts half. */
          if (px >= x - 4 && px <= x + bw + 4 && py >= y - 4 && py <= y + bh + 4)
            cost += (px >= x && px <= x + bw && py >= y && py <= y + bh) ? 1.0 : 0.5;
        }
      if (cost < best - 1e-9)
        {
          best = cost;
          bx = x;
          by = y;
        }
    }

  cairo_save (cr);
  cairo_rectangle (cr, ax->rx, ax->ry, ax->rw, ax->rh);
  cairo_clip (cr);
  {
    double rad = 0.3 * r->em;
    LabRGBA bg = r->theme->background;

    bx = round (bx);
    by = round (by);
    ax->legend_rect[0] = bx;
    ax->legend_rect[1] = by;
    ax->legend_rect[2] = bw;
    ax->legend_rect[3] = bh;
    cairo_new_sub_path (cr);
    cairo_arc (cr, bx + bw - rad, by + rad, rad, -G_PI / 2, 0);
    cairo_arc (cr, bx + bw - rad, by + bh - rad, rad, 0, G_PI / 2);
    cairo_arc (cr, bx + rad, by + bh - rad, rad, G_PI / 2, G_PI);
    cairo_arc (cr, bx + rad, by + rad, rad, G_PI, 3 * G_PI / 2);
    cairo_close_path (cr);
    bg.a *= 0.82;
    _lab_set_source (cr, bg);
    cairo_fill_preserve (cr);
    _lab_set_source (cr, _lab_rgba_alpha (r->theme->foreground, 0.14));
    cairo_set_line_width (cr, 1.0);
    cairo_set_dash (cr, NULL, 0, 0);
    cairo_stroke (cr);
  }
  {
    double y = by + pad;

    for (guint i = 0; i < entries->len; i++)
      {
        LabLayer *l = entries->pdata[i];
        double cy = y + heights[i] / 2.0;

        cairo_save (cr);
        _lab_layer_class (l)->draw_swatch (l, r, bx + pad, cy - 0.4 * r->em, sw, 0.8 * r->em);
        cairo_restore (cr);
        _lab_text_draw (r, r->font_legend, l->label, TRUE, bx + pad + sw + gap, cy, LAB_ANCHOR_WEST, 0,
                        _lab_rgba_alpha (r->theme->foreground, 0.9));
        y += heights[i] + row_gap;
      }
  }
  cairo_restore (cr);
}
