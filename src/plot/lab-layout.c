/* lab-layout.c — limits, ticks and the placement of every axes of a figure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-draw.h"
#include "lab-layer-table.h"
#include "lab-layout.h"
#include "lab-legend.h"
#include "lab-scale.h"
#include "lab-ticks.h"

#define MAX_TICKS    64

/* ---------------------------------------------------------------------- */
/* limits                                                                 */

gboolean
lab_axes_has_view (LabAxes *ax)
{
  g_return_val_if_fail (ax != NULL, FALSE);
  return !isnan (ax->view[0]);
}

typedef struct
{
  double   lo, hi;          /* data range (finite; positive only for log) */
  gboolean any;
  double   sticky[8];
  guint    n_sticky;
} Range;

static void
range_add (Range  *r,
           double  lo,
           double  hi)
{
  if (!(lo <= hi))
    return;
  if (!r->any)
    {
      r->lo = lo;
      r->hi = hi;
      r->any = TRUE;
    }
  else
    {
      r->lo = MIN (r->lo, lo);
      r->hi = MAX (r->hi, hi);
    }
}

static void
range_sticky (Range  *r,
              double  v)
{
  if (r->n_sticky < G_N_ELEMENTS (r->sticky) && isfinite (v))
    r->sticky[r->n_sticky++] = v;
}

static void
data_range (LabAxes  *ax,
            gboolean  y_axis,
            LabScale  scale,
            Range    *out)
{
  char **cats = y_axis ? ax->ycats : ax->xcats;

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];
      gboolean has = y_axis ? l->has_by : l->has_bx;
      const double *b = y_axis ? l->by : l->bx;
      double minpos = y_axis ? l->minpos_y : l->minpos_x;
      const LabLayerClass *cls = _lab_layer_class (l);

      if (!l->visible || !has)
        continue;
      if (scale == LAB_SCALE_LOG)
        {
          if (isfinite (minpos) && b[1] > 0)
            range_add (out, minpos, b[1]);
        }
      else
        range_add (out, b[0], b[1]);

      switch (y_axis ? cls->sticky_y : cls->sticky_x)
        {
        case LAB_STICKY_BOUNDS:
          range_sticky (out, b[0]);
          range_sticky (out, b[1]);
          break;
        case LAB_STICKY_ZERO:
          range_sticky (out, 0.0);
          break;
        case LAB_STICKY_NONE:
        default:
          break;
        }
    }
  if (cats != NULL && scale == LAB_SCALE_LINEAR)
    {
      double k = g_strv_length (cats);

      range_add (out, -0.5, k - 0.5);
      range_sticky (out, -0.5);
      range_sticky (out, k - 0.5);
    }
}

static void
auto_limits (LabAxes      *ax,
             gboolean      y_axis,
             const double *user,
             double       *out)
{
  LabScale scale = y_axis ? ax->yscale : ax->xscale;
  gboolean log_scale = scale == LAB_SCALE_LOG;
  double lo = user[0], hi = user[1];
  Range r;

  if (log_scale)
    {
      if (!(lo > 0))
        lo = NAN;
      if (!(hi > 0))
        hi = NAN;
    }

  if (!isnan (lo) && !isnan (hi) && lo != hi)
    {
      out[0] = lo;
      out[1] = hi;
      return;
    }

  data_range (ax, y_axis, scale, &r);
  if (!r.any)
    {
      r.lo = log_scale ? 1.0 : 0.0;
      r.hi = log_scale ? 10.0 : 1.0;
    }
  if (!isnan (lo))
    r.lo = lo, r.hi = MAX (r.hi, lo);
  if (!isnan (hi))
    r.hi = hi, r.lo = MIN (r.lo, hi);

  {
    double t0 = _lab_scale_fwd (scale, r.lo), t1 = _lab_scale_fwd (scale, r.hi);
    double span = t1 - t0;
    double a, b;

    if (span <= fabs (t1) * 1e-12 || span <= 0.0)
      {
        double d = log_scale ? 0.5 : (t0 != 0.0 ? fabs (t0) * 0.05 : 0.5);

        t0 -= d;
        t1 += d;
        span = t1 - t0;
      }
    a = isnan (lo) ? t0 - 0.05 * span : t0;
    b = isnan (hi) ? t1 + 0.05 * span : t1;

    /* Sticky edges: bars start at 0, a heatmap's extent is its limit. */
    for (guint i = 0; i < r.n_sticky; i++)
      {
        double s = _lab_scale_fwd (scale, r.sticky[i]);

        if (isnan (lo) && s > a && s <= t0 + 1e-12 * fabs (span))
          a = s;
        if (isnan (hi) && s < b && s >= t1 - 1e-12 * fabs (span))
          b = s;
      }
    out[0] = isnan (lo) ? _lab_scale_inv (scale, a) : lo;
    out[1] = isnan (hi) ? _lab_scale_inv (scale, b) : hi;
  }
}

void
_lab_axes_compute_limits (LabAxes *ax)
{
  if (lab_axes_has_view (ax))
    {
      ax->ex[0] = ax->view[0];
      ax->ex[1] = ax->view[1];
      ax->ey[0] = ax->view[2];
      ax->ey[1] = ax->view[3];
      if (ax->xscale == LAB_SCALE_LOG && !(ax->ex[0] > 0 && ax->ex[1] > 0))
        auto_limits (ax, FALSE, ax->xlim, ax->ex);
      if (ax->yscale == LAB_SCALE_LOG && !(ax->ey[0] > 0 && ax->ey[1] > 0))
        auto_limits (ax, TRUE, ax->ylim, ax->ey);
      return;
    }
  auto_limits (ax, FALSE, ax->xlim, ax->ex);
  auto_limits (ax, TRUE, ax->ylim, ax->ey);
}

/* ---------------------------------------------------------------------- */
/* ticks                                                                  */

/* Tick labels repeat between the layout passes, the drawing and the next
 * frame: the figure caches their size for the tick font. */
static void
tick_text_size (LabRender  *r,
                const char *text,
                double     *w,
                double     *h)
{
  LabFigure *fig = r->figure;
  double *wh;

  if (fig->tick_cache == NULL || fig->tick_cache_font == NULL
      || !pango_font_description_equal (fig->tick_cache_font, r->font_tick)
      || g_hash_table_size (fig->tick_cache) > 4096)
    {
      g_clear_pointer (&fig->tick_cache, g_hash_table_unref);
      g_clear_pointer (&fig->tick_cache_font, pango_font_description_free);
      fig->tick_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      fig->tick_cache_font = pango_font_description_copy (r->font_tick);
    }
  wh = g_hash_table_lookup (fig->tick_cache, text);
  if (wh == NULL)
    {
      wh = g_new (double, 2);
      _lab_text_size (r, r->font_tick, text, FALSE, &wh[0], &wh[1]);
      g_hash_table_insert (fig->tick_cache, g_strdup (text), wh);
    }
  *w = wh[0];
  *h = wh[1];
}

static guint
axis_ticks (LabAxes  *ax,
            gboolean  y_axis,
            double    length,
            double   *ticks,
            double   *step,
            guint     target)
{
  const double *lim = y_axis ? ax->ey : ax->ex;
  LabScale scale = y_axis ? ax->yscale : ax->xscale;
  char **cats = y_axis ? ax->ycats : ax->xcats;
  double lo = MIN (lim[0], lim[1]), hi = MAX (lim[0], lim[1]);
  guint n = 0;

  (void) length;
  *step = 0.0;
  if (cats != NULL)
    {
      guint k = g_strv_length (cats);

      for (guint i = 0; i < k && n < MAX_TICKS; i++)
        if (i >= lo - 1e-9 && i <= hi + 1e-9)
          ticks[n++] = i;
      *step = 1.0;
      return n;
    }
  if (scale == LAB_SCALE_LOG)
    {
      n = lab_ticks_log (lo, hi, target, ticks, MAX_TICKS);
      *step = 0.0;   /* each log label is formatted with its own value as step */
      return n;
    }
  return lab_ticks_linear (lo, hi, target, ticks, MAX_TICKS, step);
}

char *
_lab_axes_tick_label (LabAxes  *ax,
                      gboolean  y_axis,
                      double    value,
                      double    step)
{
  char **cats = y_axis ? ax->ycats : ax->xcats;
  LabScale scale = y_axis ? ax->yscale : ax->xscale;

  if (cats != NULL)
    {
      int i = (int) round (value);

      if (i >= 0 && (guint) i < g_strv_length (cats))
        return g_strdup (cats[i]);
      return g_strdup ("");
    }
  if (scale == LAB_SCALE_LOG && step == 0.0)
    {
      double p = pow (10.0, floor (log10 (value) + 1e-9));
      double mant = value / p;

      /* Each log tick is its own step: 2 for 2, 0.1 for 2.5. */
      return _lab_ticks_format_axis (value, fabs (mant - round (mant)) < 1e-9 ? p : p * 0.1,
                                     fabs (value), y_axis ? ax->ysci : ax->xsci);
    }
  return _lab_ticks_format_axis (value, step, y_axis ? ax->yamax : ax->xamax, FALSE);
}

/* Largest tick label extents of an axis. */
void
_lab_axes_tick_labels_extent (LabRender *r,
                              LabAxes   *ax,
                              gboolean   y_axis,
                              double    *max_w,
                              double    *max_h)
{
  const double *ticks = y_axis ? ax->yticks : ax->xticks;
  guint n = y_axis ? ax->n_yticks : ax->n_xticks;
  double step = y_axis ? ax->ystep : ax->xstep;
  char **cats = y_axis ? ax->ycats : ax->xcats;

  *max_w = *max_h = 0.0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = _lab_axes_tick_label (ax, y_axis, ticks[i], step);
      double w, h;

      if (cats != NULL)
        _lab_text_size (r, r->font_tick, s, TRUE, &w, &h);
      else
        tick_text_size (r, s, &w, &h);
      *max_w = MAX (*max_w, w);
      *max_h = MAX (*max_h, h);
    }
}

static void
label_form (LabAxes  *ax,
            gboolean  y_axis)
{
  const double *t = y_axis ? ax->yticks : ax->xticks;
  guint n = y_axis ? ax->n_yticks : ax->n_xticks;
  LabScale scale = y_axis ? ax->yscale : ax->xscale;
  double amax = 0, lo = HUGE_VAL, hi = 0;
  gboolean sci = FALSE;

  for (guint i = 0; i < n; i++)
    {
      amax = MAX (amax, fabs (t[i]));
      if (t[i] > 0)
        {
          lo = MIN (lo, t[i]);
          hi = MAX (hi, t[i]);
        }
    }
  if (scale == LAB_SCALE_LOG && hi > 0 && lo <= hi)
    sci = log10 (hi / lo) > 3.01 || MAX (fabs (log10 (lo)), fabs (log10 (hi))) >= 3.99;
  if (y_axis)
    ax->yamax = amax, ax->ysci = sci;
  else
    ax->xamax = amax, ax->xsci = sci;
}

/* Ticks for the current plot size: about one per 80 px across and 50 px up,
 * fewer when the labels would touch. */
static void
compute_ticks (LabRender *r,
               LabAxes   *ax,
               double     pw,
               double     ph)
{
  guint target;
  double w, h;

  /* A target count of ticks: one more than the 80 px intervals. */
  target = (guint) CLAMP (round (pw / 80.0) + 1, 2, 15);
  for (;;)
    {
      ax->n_xticks = axis_ticks (ax, FALSE, pw, ax->xticks, &ax->xstep, target);
      label_form (ax, FALSE);
      if (ax->xcats != NULL || target <= 2 || ax->n_xticks < 2)
        break;
      _lab_axes_tick_labels_extent (r, ax, FALSE, &w, &h);
      if ((w + 0.9 * r->em) * (ax->n_xticks - 1) <= pw * 1.02)
        break;
      target--;
    }
  target = (guint) CLAMP (round (ph / 50.0) + 1, 2, 15);
  ax->n_yticks = axis_ticks (ax, TRUE, ph, ax->yticks, &ax->ystep, target);
  label_form (ax, TRUE);

  /* Category labels on x: rotate when they would collide, then thin them out. */
  ax->xlabels_rotated = FALSE;
  ax->xlabel_every = 1;
  if (ax->xcats != NULL && ax->n_xticks > 1)
    {
      double spacing = pw / MAX (1.0, fabs (ax->ex[1] - ax->ex[0]));

      _lab_axes_tick_labels_extent (r, ax, FALSE, &w, &h);
      if (w + 0.6 * r->em > spacing)
        {
          ax->xlabels_rotated = TRUE;
          ax->xlabel_every = MAX (1, (guint) ceil ((h * 1.1) / spacing));
        }
    }
  if (ax->ycats != NULL && ax->n_yticks > 1)
    {
      double spacing = ph / MAX (1.0, fabs (ax->ey[1] - ax->ey[0]));

      _lab_axes_tick_labels_extent (r, ax, TRUE, &w, &h);
      (void) w;
      if (h > spacing * 1.05)
        {
          /* Thin out y category labels. */
          guint every = (guint) ceil (h * 1.05 / spacing);
          guint m = 0;

          for (guint i = 0; i < ax->n_yticks; i += every)
            ax->yticks[m++] = ax->yticks[i];
          ax->n_yticks = m;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* layout                                                                 */

double
_lab_axes_rotated_labels_height (LabRender *r,
                                 LabAxes   *ax)
{
  double w, h;

  _lab_axes_tick_labels_extent (r, ax, FALSE, &w, &h);
  return (w + h) * G_SQRT2 / 2.0;
}

/* The layer whose colour bar stands right of the plot: the first visible one
 * of a kind with colour bars that has a colour-bar label. */
LabLayer *
_lab_axes_colorbar_layer (LabAxes *ax)
{
  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];

      if (_lab_layer_class (l)->draw_colorbar != NULL && l->visible && l->cbar_label != NULL)
        return l;
    }
  return NULL;
}

/* Decorations around the plot rectangle for plot size @pw × @ph. */
static void
measure_axes (LabRender *r,
              LabAxes   *ax,
              double     pw,
              double     ph)
{
  double w;
  double title_h = 0.0, cbar_w;
  LabLayer *cbar;

  _lab_axes_compute_limits (ax);
  compute_ticks (r, ax, MAX (pw, 20), MAX (ph, 20));

  if (ax->title != NULL && ax->show_title)
    {
      _lab_text_size (r, r->font_title, ax->title, TRUE, &w, &title_h);
      title_h += TITLE_GAP;
    }
  cbar = _lab_axes_colorbar_layer (ax);
  cbar_w = cbar != NULL ? _lab_layer_class (cbar)->colorbar_width (cbar, r) : 0.0;

  if (!ax->frame)
    {
      ax->dec_left = ax->dec_bottom = 4.0;
      if (ax->xlabel != NULL && ax->show_xlabel)
        {
          double lab_w, lab_h;

          /* a caption under a frameless view (a diagram's note) */
          _lab_text_size (r, r->font_label, ax->xlabel, TRUE, &lab_w, &lab_h);
          ax->dec_bottom += LABEL_GAP + lab_h;
        }
      ax->dec_right = 4.0 + cbar_w;
      ax->dec_top = MAX (4.0, title_h);
      return;
    }

  {
    double ytw, yth, xtw, xth, lab_w, lab_h;
    double tick_space = ax->grid ? TICK_PAD : TICK_LEN + TICK_PAD - 1.0;

    _lab_axes_tick_labels_extent (r, ax, TRUE, &ytw, &yth);
    _lab_axes_tick_labels_extent (r, ax, FALSE, &xtw, &xth);

    ax->dec_left = tick_space + ytw;
    if (ax->ylabel != NULL && ax->show_ylabel)
      {
        _lab_text_size (r, r->font_label, ax->ylabel, TRUE, &lab_w, &lab_h);
        ax->dec_left += LABEL_GAP + lab_h;
      }

    ax->dec_bottom = tick_space + (ax->xlabels_rotated ? _lab_axes_rotated_labels_height (r, ax) : xth);
    if (ax->xlabel != NULL && ax->show_xlabel)
      {
        _lab_text_size (r, r->font_label, ax->xlabel, TRUE, &lab_w, &lab_h);
        ax->dec_bottom += LABEL_GAP + lab_h;
      }

    /* The first/last tick labels may hang over the plot's ends. */
    ax->dec_top = MAX (title_h, yth / 2.0 + 2.0);
    ax->dec_right = MAX (ax->xlabels_rotated ? 4.0 : xtw / 2.0 + 2.0, 4.0) + cbar_w;
    if (ax->xlabels_rotated)
      {
        /* A rotated label hangs left of its tick. */
        double hang = _lab_axes_rotated_labels_height (r, ax) - ax->dec_left;

        if (hang > 0)
          ax->dec_left += hang * 0.5;
      }
  }

  /* A legend as big as half the plot would hide it: under the axes instead
   * (issue 10.4/10.11: legends move out or shrink, never vanish). */
  {
    double lw, lh;

    ax->legend_below = 0.0;
    if (_lab_axes_legend_size (ax, r, MAX (pw, 20), MAX (ph, 20), 0, &lw, &lh)
        && (ax->legend_force_below || lh > 0.45 * ph || lw > 0.75 * pw)
        && _lab_axes_legend_size (ax, r, MAX (pw, 20), MAX (ph, 20), MAX (pw, 20) + ax->dec_left + ax->dec_right,
                                  &lw, &lh))
      {
        ax->legend_below = lh + LABEL_GAP;
        ax->dec_bottom += ax->legend_below;
      }
  }
}

/* A legend with no free corner (bars up to the top, curves everywhere) would
 * hide data: raise the top of an automatic y range until the legend fits above
 * the data, as one does by hand in matplotlib (by at most 30 % of the range). */
#define LEGEND_ROOM_COVER 0.04

static void
make_legend_room (LabAxes   *ax,
                  LabRender *r)
{
  double height, cover, keep, t0, t1;

  if (lab_axes_has_view (ax) || !isnan (ax->ylim[1]) || ax->ycats != NULL
      || (ax->equal_aspect && (!isnan (ax->xlim[0]) || !isnan (ax->xlim[1]) || ax->xscale != ax->yscale))
      || !_lab_axes_legend_cover (ax, r, &height, &cover) || cover <= LEGEND_ROOM_COVER)
    return;
  keep = MAX ((ax->rh - height) / ax->rh, 0.77);   /* at most 30 % more: past that, the legend goes under the axes */
  t0 = _lab_scale_fwd (ax->yscale, ax->ey[0]);
  t1 = _lab_scale_fwd (ax->yscale, ax->ey[1]);
  if (!isfinite (t0) || !isfinite (t1) || t1 <= t0)
    return;
  ax->ey[1] = _lab_scale_inv (ax->yscale, t0 + (t1 - t0) / keep);
  if (ax->equal_aspect)
    {
      /* a map keeps its aspect: x widens as much, about its middle */
      double x0 = _lab_scale_fwd (ax->xscale, ax->ex[0]), x1 = _lab_scale_fwd (ax->xscale, ax->ex[1]);
      double mid = (x0 + x1) / 2.0, half = (x1 - x0) / 2.0 / keep;

      ax->ex[0] = _lab_scale_inv (ax->xscale, mid - half);
      ax->ex[1] = _lab_scale_inv (ax->xscale, mid + half);
    }
  compute_ticks (r, ax, ax->rw, ax->rh);
  _lab_axes_update_transform (ax);
}

static gboolean
is_equal_aspect (LabAxes *ax)
{
  return ax->equal_aspect && ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR &&
         fabs (ax->ex[1] - ax->ex[0]) > 0 && fabs (ax->ey[1] - ax->ey[0]) > 0 &&
         isfinite (ax->ex[1] - ax->ex[0]) && isfinite (ax->ey[1] - ax->ey[0]);
}

/* An equal-aspect axes (a map, a contour, a scatter of 2-D points) in a cell
 * of the wrong shape would be drawn as a small square between empty bands.
 * Re-weight the grid instead: a column (row) holding only equal-aspect axes
 * gets the width (height) its axes use at their cell's height (width), up to
 * 62 % of the figure, and the other columns (rows) take the rest.  Both the
 * matplotlib and the R2D3 figures size maps this way. */
static void
rebalance_equal_aspect (LabFigure    *self,
                        gboolean      by_cols,
                        double       *weights,
                        const double *edges)
{
  guint n = by_cols ? self->cols : self->rows;
  g_autofree double *cur = g_new0 (double, n);
  g_autofree double *want = g_new0 (double, n);
  g_autofree gboolean *eq = g_new0 (gboolean, n);
  g_autofree gboolean *mixed = g_new0 (gboolean, n);
  double total = 0, cur_eq = 0, want_eq = 0, cur_other = 0, cap, scale_eq, left;
  gboolean any_eq = FALSE, any_other = FALSE;

  for (guint k = 0; k < n; k++)
    {
      cur[k] = MAX (edges[2 * k + 1] - edges[2 * k], 0.0);
      total += cur[k];
    }
  for (guint i = 0; i < self->rows * self->cols; i++)
    {
      LabAxes *ax = self->axes[i];
      guint first = by_cols ? ax->col : ax->row;
      guint span = by_cols ? ax->col_span : ax->row_span;

      if (ax->covered)
        continue;
      for (guint k = first; k < first + span && k < n; k++)
        {
          if (span != 1 || !is_equal_aspect (ax))
            {
              mixed[k] = TRUE;
              continue;
            }
          eq[k] = TRUE;
          {
            double dx = fabs (ax->ex[1] - ax->ex[0]), dy = fabs (ax->ey[1] - ax->ey[0]);
            double need = by_cols ? ax->rh * dx / dy : ax->rw * dy / dx;

            want[k] = MAX (want[k], need);
          }
        }
    }
  for (guint k = 0; k < n; k++)
    {
      if (eq[k] && !mixed[k])
        {
          any_eq = TRUE;
          cur_eq += cur[k];
          want_eq += want[k];
        }
      else
        {
          any_other = TRUE;
          cur_other += cur[k];
        }
    }
  if (!any_eq || !any_other || total <= 0 || want_eq <= 0 || cur_other <= 0)
    return;

  cap = MAX (cur_eq, 0.62 * total);
  scale_eq = want_eq > cap ? cap / want_eq : 1.0;
  left = total - want_eq * scale_eq;
  for (guint k = 0; k < n; k++)
    {
      double w = eq[k] && !mixed[k] ? want[k] * scale_eq : cur[k] * left / cur_other;

      weights[k] = MAX (w, 1.0) / total;
    }
}

static void
layout_once (LabFigure *self,
             LabRender *r,
             double     x0,
             double     y0,
             double     width,
             double     height)
{
  guint rows = self->rows, cols = self->cols;
  g_autofree double *L = g_new0 (double, cols);
  g_autofree double *R = g_new0 (double, cols);
  g_autofree double *T = g_new0 (double, rows);
  g_autofree double *B = g_new0 (double, rows);
  g_autofree double *colx = g_new0 (double, 2 * cols);
  g_autofree double *rowy = g_new0 (double, 2 * rows);
  g_autofree double *colw = g_memdup2 (self->col_weights, cols * sizeof (double));
  g_autofree double *roww = g_memdup2 (self->row_weights, rows * sizeof (double));
  gboolean any_equal = FALSE;
  double wsum = 0, hsum = 0;

  for (guint c = 0; c < cols; c++)
    wsum += colw[c];
  for (guint rr = 0; rr < rows; rr++)
    hsum += roww[rr];

  /* Small cells drop axis labels first, then titles. */
  for (guint i = 0; i < rows * cols; i++)
    {
      LabAxes *ax = self->axes[i];
      double cw = 0, ch = 0;

      for (guint c = ax->col; c < ax->col + ax->col_span; c++)
        cw += width * colw[c] / wsum;
      for (guint rr = ax->row; rr < ax->row + ax->row_span; rr++)
        ch += height * roww[rr] / hsum;
      ax->cell_w = cw;
      ax->show_xlabel = ch >= 140.0;
      ax->show_ylabel = cw >= 170.0;
      ax->show_title = ch >= 70.0;
    }

  for (guint i = 0; i < rows * cols; i++)
    any_equal = any_equal || (!self->axes[i]->covered && self->axes[i]->equal_aspect);

  for (int pass = 0; pass < (any_equal ? 3 : 2); pass++)
    {
      double avail_w, avail_h, x, y;

      memset (L, 0, cols * sizeof (double));
      memset (R, 0, cols * sizeof (double));
      memset (T, 0, rows * sizeof (double));
      memset (B, 0, rows * sizeof (double));

      for (guint i = 0; i < rows * cols; i++)
        {
          LabAxes *ax = self->axes[i];
          double pw, ph;

          if (ax->covered)
            continue;
          if (pass == 0)
            {
              double cw = 0, ch = 0;

              for (guint c = ax->col; c < ax->col + ax->col_span; c++)
                cw += width * colw[c] / wsum;
              for (guint rr = ax->row; rr < ax->row + ax->row_span; rr++)
                ch += height * roww[rr] / hsum;
              pw = cw - 70.0;
              ph = ch - 50.0;
            }
          else
            {
              pw = ax->rw;
              ph = ax->rh;
            }
          measure_axes (r, ax, pw, ph);
          L[ax->col] = MAX (L[ax->col], ax->dec_left);
          R[ax->col + ax->col_span - 1] = MAX (R[ax->col + ax->col_span - 1], ax->dec_right);
          T[ax->row] = MAX (T[ax->row], ax->dec_top);
          B[ax->row + ax->row_span - 1] = MAX (B[ax->row + ax->row_span - 1], ax->dec_bottom);
        }

      avail_w = width - (cols - 1) * COL_GAP;
      avail_h = height - (rows - 1) * ROW_GAP;
      for (guint c = 0; c < cols; c++)
        avail_w -= L[c] + R[c];
      for (guint rr = 0; rr < rows; rr++)
        avail_h -= T[rr] + B[rr];
      avail_w = MAX (avail_w, cols * 8.0);
      avail_h = MAX (avail_h, rows * 8.0);

      x = x0;
      for (guint c = 0; c < cols; c++)
        {
          x += L[c];
          colx[2 * c] = x;
          x += avail_w * colw[c] / wsum;
          colx[2 * c + 1] = x;
          x += R[c] + COL_GAP;
        }
      y = y0;
      for (guint rr = 0; rr < rows; rr++)
        {
          y += T[rr];
          rowy[2 * rr] = y;
          y += avail_h * roww[rr] / hsum;
          rowy[2 * rr + 1] = y;
          y += B[rr] + ROW_GAP;
        }

      for (guint i = 0; i < rows * cols; i++)
        {
          LabAxes *ax = self->axes[i];

          if (ax->covered)
            continue;
          ax->rx = colx[2 * ax->col];
          ax->rw = colx[2 * (ax->col + ax->col_span - 1) + 1] - ax->rx;
          ax->ry = rowy[2 * ax->row];
          ax->rh = rowy[2 * (ax->row + ax->row_span - 1) + 1] - ax->ry;
        }

      if (pass == 0 && any_equal)
        {
          rebalance_equal_aspect (self, TRUE, colw, colx);
          rebalance_equal_aspect (self, FALSE, roww, rowy);
          wsum = hsum = 0;
          for (guint c = 0; c < cols; c++)
            wsum += colw[c];
          for (guint rr = 0; rr < rows; rr++)
            hsum += roww[rr];
        }
    }

  for (guint i = 0; i < rows * cols; i++)
    {
      LabAxes *ax = self->axes[i];

      if (ax->covered)
        continue;

      if (ax->equal_aspect && ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR)
        {
          double dx = fabs (ax->ex[1] - ax->ex[0]), dy = fabs (ax->ey[1] - ax->ey[0]);

          if (dx > 0 && dy > 0)
            {
              double k = MIN (ax->rw / dx, ax->rh / dy);
              double nw = dx * k, nh = dy * k;

              ax->rx += (ax->rw - nw) / 2.0;
              ax->ry += (ax->rh - nh) / 2.0;
              ax->rw = nw;
              ax->rh = nh;
            }
        }
      ax->rw = MAX (ax->rw, 1.0);
      ax->rh = MAX (ax->rh, 1.0);
      compute_ticks (r, ax, ax->rw, ax->rh);
      _lab_axes_update_transform (ax);
      make_legend_room (ax, r);
      ax->rendered = TRUE;
    }
}

/* A legend that, in its best corner and with room made above the data, would
 * still hide more than this share of the data goes under its axes instead. */
#define LEGEND_BELOW_COVER 0.10

void
_lab_figure_layout (LabFigure *self,
                    LabRender *r,
                    double     x0,
                    double     y0,
                    double     width,
                    double     height)
{
  for (guint i = 0; i < self->rows * self->cols; i++)
    self->axes[i]->legend_force_below = FALSE;
  /* a legend sent under its axes changes the others' sizes: check again (each axes at most once) */
  for (int round = 0; round < 4; round++)
    {
      gboolean again = FALSE;

      layout_once (self, r, x0, y0, width, height);
      for (guint i = 0; i < self->rows * self->cols; i++)
        {
          LabAxes *ax = self->axes[i];
          double h, cover;

          if (!ax->covered && ax->legend_below <= 0 && !ax->legend_force_below
              && _lab_axes_legend_cover (ax, r, &h, &cover) && cover > LEGEND_BELOW_COVER)
            {
              ax->legend_force_below = TRUE;
              again = TRUE;
            }
        }
      if (!again)
        break;
    }
}
