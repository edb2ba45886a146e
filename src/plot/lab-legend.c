/* lab-legend.c — the legend of an axes: its entries, its place and its drawing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-draw.h"
#include "lab-layer-table.h"
#include "lab-legend.h"

typedef struct
{
  GPtrArray *entries;   /* LabLayer with a label and a swatch */
  double    *heights;   /* of each entry's row */
  double     pad, sw, gap, row_gap, inset;
  double     w, h;      /* the box */
  double     text_max;  /* > 0: labels ellipsized to this width */
} Legend;

static void
legend_clear (Legend *g)
{
  g_clear_pointer (&g->entries, g_ptr_array_unref);
  g_clear_pointer (&g->heights, g_free);
}

/* The entries and the box size; FALSE when the axes have no legend to draw. */
static gboolean
legend_measure (LabAxes   *ax,
                LabRender *r,
                double     pw,
                double     ph,
                double     band,
                Legend    *g)
{
  g_autofree double *widths = NULL;
  double bw = 0, bh = 0, tw = 0, th = 0;

  memset (g, 0, sizeof *g);
  /* under the axes, the legend must fit the axes' band: long labels ellipsized */
  g->text_max = band > 0 ? MAX (band - 3.0 * r->em, 4.0 * r->em) : 0.0;
  if (!ax->legend)
    return FALSE;
  g->entries = g_ptr_array_new ();
  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];

      if (l->visible && l->label != NULL && _lab_layer_class (l)->draw_swatch != NULL)
        g_ptr_array_add (g->entries, l);
    }
  if (g->entries->len == 0)
    {
      legend_clear (g);
      return FALSE;
    }

  /* Full size if it leaves the data room; else compact (tighter padding, a
   * shorter swatch); a small figure still gets its legend, over up to the whole
   * axes on its translucent box, clipped to them: a legend never vanishes
   * (issue 10.4: two ROC curves, no way to tell which is which). */
  widths = g_new (double, g->entries->len);
  g->heights = g_new (double, g->entries->len);
  for (guint i = 0; i < g->entries->len; i++)
    {
      LabLayer *l = g->entries->pdata[i];

      r->max_width = g->text_max;
      _lab_text_size (r, r->font_legend, l->label, TRUE, &widths[i], &g->heights[i]);
      r->max_width = 0;
      bw = MAX (bw, widths[i]);
    }
  g->pad = 0.55 * r->em, g->sw = 2.0 * r->em, g->gap = 0.5 * r->em, g->row_gap = 0.22 * r->em;
  g->inset = 0.6 * r->em;
  /* under the axes: always compact, so the height laid out is the height drawn */
  for (int compact = band > 0 ? 1 : 0; compact < 2; compact++)
    {
      if (compact)
        g->pad = 0.3 * r->em, g->sw = 1.2 * r->em, g->gap = 0.3 * r->em, g->row_gap = 0.0, g->inset = 0.25 * r->em;
      bh = 0;
      for (guint i = 0; i < g->entries->len; i++)
        bh += MAX (g->heights[i], 0.9 * r->em) + (i > 0 ? g->row_gap : 0);
      tw = bw + 2 * g->pad + g->sw + g->gap;
      th = bh + 2 * g->pad;
      if (tw <= 0.7 * pw && th <= 0.75 * ph)
        break;
    }
  for (guint i = 0; i < g->entries->len; i++)
    g->heights[i] = MAX (g->heights[i], 0.9 * r->em);
  g->w = tw;
  g->h = th;
  return TRUE;
}

/* The corner (or edge middle) that hides the fewest data points and no
 * annotation; returns the share of the sampled points under the box. */
static double
legend_place (LabAxes      *ax,
              LabRender    *r,
              gboolean      drawn,
              const Legend *g,
              double       *bx_out,
              double       *by_out)
{
  static const double cand[][2] = {
    { 1, 0 }, { 0, 0 }, { 0, 1 }, { 1, 1 }, { 1, 0.5 }, { 0, 0.5 }, { 0.5, 0 }, { 0.5, 1 },
  };
  g_autoptr(GArray) pts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) texts = g_array_new (FALSE, FALSE, sizeof (double));
  double best = G_MAXDOUBLE, bx = ax->rx, by = ax->ry, bw = g->w, bh = g->h;
  guint inside = 0, total = 0;

  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];
      const LabLayerClass *cls = _lab_layer_class (l);

      if (l->visible && cls->sample_pixels != NULL)
        cls->sample_pixels (l, pts, 4000);
    }
  /* the annotations as drawn, or (laying out, before drawing) where they will be */
  if (drawn)
    for (guint k = 0; k + 5 <= ax->text_boxes->len; k += 5)
      g_array_append_vals (texts, &g_array_index (ax->text_boxes, double, k), 4);
  else
    for (guint i = 0; i < ax->layers->len; i++)
      {
        double box[4];

        if (_lab_layer_text_box (ax->layers->pdata[i], r, box))
          g_array_append_vals (texts, box, 4);
      }
  for (guint c = 0; c < G_N_ELEMENTS (cand); c++)
    {
      double x = ax->rx + g->inset + cand[c][0] * MAX (ax->rw - bw - 2 * g->inset, 0);
      double y = ax->ry + g->inset + cand[c][1] * MAX (ax->rh - bh - 2 * g->inset, 0);
      double cost = 0;

      for (guint k = 0; k + 1 < pts->len; k += 2)
        {
          double px = g_array_index (pts, double, k), py = g_array_index (pts, double, k + 1);

          /* A small margin around the box counts half. */
          if (px >= x - 4 && px <= x + bw + 4 && py >= y - 4 && py <= y + bh + 4)
            cost += (px >= x && px <= x + bw && py >= y && py <= y + bh) ? 1.0 : 0.5;
        }
      /* an annotation under the legend is unreadable: worse than any number of points */
      for (guint k = 0; k + 4 <= texts->len; k += 4)
        {
          const double *o = &g_array_index (texts, double, k);

          if (o[0] < x + bw && x < o[0] + o[2] && o[1] < y + bh && y < o[1] + o[3])
            cost += 1e6;
        }
      if (cost < best - 1e-9)
        {
          best = cost;
          bx = x;
          by = y;
        }
    }
  bx = round (bx);
  by = round (by);
  for (guint k = 0; k + 1 < pts->len; k += 2, total++)
    {
      double px = g_array_index (pts, double, k), py = g_array_index (pts, double, k + 1);

      inside += px > bx && px < bx + bw && py > by && py < by + bh;
    }
  *bx_out = bx;
  *by_out = by;
  return total > 0 ? (double) inside / total : 0.0;
}

gboolean
_lab_axes_legend_size (LabAxes   *ax,
                       LabRender *r,
                       double     pw,
                       double     ph,
                       double     band,
                       double    *width,
                       double    *height)
{
  Legend g;

  if (!legend_measure (ax, r, pw, ph, band, &g))
    return FALSE;
  *width = g.w;
  *height = g.h + g.inset;
  legend_clear (&g);
  return TRUE;
}

gboolean
_lab_axes_legend_cover (LabAxes   *ax,
                        LabRender *r,
                        double    *height,
                        double    *cover)
{
  Legend g;
  double bx, by;

  if (ax->legend_below > 0 || !legend_measure (ax, r, ax->rw, ax->rh, 0, &g))
    return FALSE;
  *cover = legend_place (ax, r, FALSE, &g, &bx, &by);
  *height = g.h + 2 * g.inset;
  legend_clear (&g);
  return TRUE;
}

void
_lab_axes_draw_legend (LabAxes   *ax,
                       LabRender *r)
{
  cairo_t *cr = r->cr;
  Legend g;
  double bx, by, bw, bh;

  ax->legend_rect[2] = ax->legend_rect[3] = 0.0;
  ax->legend_cover = 0.0;
  if (!legend_measure (ax, r, ax->rw, ax->rh,
                       ax->legend_below > 0 ? ax->rw + ax->dec_left + ax->dec_right : 0, &g))
    return;
  bw = g.w;
  bh = g.h;
  cairo_save (cr);
  if (ax->legend_below > 0)
    {
      /* under the x label, centred on the plot, inside the axes' own band */
      double lo = ax->rx - ax->dec_left, hi = ax->rx + ax->rw + ax->dec_right;

      bx = round (CLAMP (ax->rx + (ax->rw - bw) / 2.0, lo, MAX (lo, hi - bw)));
      by = round (ax->ry + ax->rh + ax->dec_bottom - ax->legend_below + 0.5 * g.inset);
    }
  else
    {
      ax->legend_cover = legend_place (ax, r, TRUE, &g, &bx, &by);
      cairo_rectangle (cr, ax->rx, ax->ry, ax->rw, ax->rh);
      cairo_clip (cr);
    }
  {
    double rad = 0.3 * r->em;
    LabRGBA bg = r->theme->background;

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
    double y = by + g.pad;

    for (guint i = 0; i < g.entries->len; i++)
      {
        LabLayer *l = g.entries->pdata[i];
        double cy = y + g.heights[i] / 2.0;

        cairo_save (cr);
        _lab_layer_class (l)->draw_swatch (l, r, bx + g.pad, cy - 0.4 * r->em, g.sw, 0.8 * r->em);
        cairo_restore (cr);
        r->max_width = g.text_max;
        _lab_text_draw (r, r->font_legend, l->label, TRUE, bx + g.pad + g.sw + g.gap, cy, LAB_ANCHOR_WEST, 0,
                        _lab_rgba_alpha (r->theme->foreground, 0.9));
        r->max_width = 0;
        y += g.heights[i] + g.row_gap;
      }
  }
  cairo_restore (cr);
  legend_clear (&g);
}
