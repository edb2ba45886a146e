/* lab-decimate.c — streaming decimation of polylines to pixel columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-decimate.h"

#define CLAMP_RANGE 1e6

void
_lab_decimator_init (LabDecimator *d,
                     GArray       *out,
                     double        col_w,
                     double        xmin,
                     double        xmax,
                     double        ymin,
                     double        ymax)
{
  memset (d, 0, sizeof *d);
  d->out = out;
  d->col_w = col_w > 0 ? col_w : 1.0;
  d->xmin = xmin;
  d->xmax = xmax;
  d->ymin = ymin;
  d->ymax = ymax;
}

static inline void
emit (LabDecimator *d,
      double        x,
      double        y)
{
  double p[2];

  p[0] = CLAMP (x, d->xmin - CLAMP_RANGE, d->xmax + CLAMP_RANGE);
  p[1] = CLAMP (y, d->ymin - CLAMP_RANGE, d->ymax + CLAMP_RANGE);
  g_array_append_vals (d->out, p, 2);
}

static void
flush_run (LabDecimator *d)
{
  int order[2];

  if (!d->in_run)
    return;

  /* first, then min and max in the order they came, then last */
  emit (d, d->p[0][0], d->p[0][1]);
  if (d->s[1] <= d->s[2])
    order[0] = 1, order[1] = 2;
  else
    order[0] = 2, order[1] = 1;
  for (int k = 0; k < 2; k++)
    {
      int o = order[k];

      if (d->s[o] != d->s[0] && d->s[o] != d->s[3] && (k == 0 || d->s[o] != d->s[order[0]]))
        emit (d, d->p[o][0], d->p[o][1]);
    }
  if (d->s[3] != d->s[0])
    emit (d, d->p[3][0], d->p[3][1]);
  d->in_run = FALSE;
}

void
_lab_decimator_push (LabDecimator *d,
                     double        x,
                     double        y)
{
  double col;

  if (isnan (x) || isnan (y) || isinf (x) || isinf (y))
    {
      if (d->in_run)
        {
          flush_run (d);
          d->pending_break = TRUE;
        }
      return;
    }

  col = floor ((x - d->xmin) / d->col_w);
  if (x < d->xmin)
    col = -1;
  else if (x > d->xmax)
    col = floor ((d->xmax - d->xmin) / d->col_w) + 1;

  if (d->in_run && col == d->col)
    {
      d->seq++;
      if (y < d->p[1][1])
        {
          d->p[1][0] = x, d->p[1][1] = y;
          d->s[1] = d->seq;
        }
      if (y > d->p[2][1])
        {
          d->p[2][0] = x, d->p[2][1] = y;
          d->s[2] = d->seq;
        }
      d->p[3][0] = x, d->p[3][1] = y;
      d->s[3] = d->seq;
      return;
    }

  flush_run (d);
  if (d->pending_break)
    {
      double nanp[2] = { NAN, NAN };

      if (d->out->len > 0)
        g_array_append_vals (d->out, nanp, 2);
      d->pending_break = FALSE;
    }
  d->in_run = TRUE;
  d->col = col;
  d->seq++;
  for (int k = 0; k < 4; k++)
    {
      d->p[k][0] = x;
      d->p[k][1] = y;
      d->s[k] = d->seq;
    }
}

void
_lab_decimator_finish (LabDecimator *d)
{
  flush_run (d);
  d->pending_break = FALSE;
}

gsize
_lab_decimate (const double *px,
               const double *py,
               gsize         n,
               double        col_w,
               double       *out_x,
               double       *out_y)
{
  g_autoptr(GArray) out = g_array_sized_new (FALSE, FALSE, sizeof (double), 64);
  LabDecimator d;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, ylo = G_MAXDOUBLE, yhi = -G_MAXDOUBLE;

  for (gsize i = 0; i < n; i++)
    if (isfinite (px[i]) && isfinite (py[i]))
      {
        lo = MIN (lo, px[i]);
        hi = MAX (hi, px[i]);
        ylo = MIN (ylo, py[i]);
        yhi = MAX (yhi, py[i]);
      }
  if (lo > hi)
    return 0;
  _lab_decimator_init (&d, out, col_w, lo, hi, ylo, yhi);
  for (gsize i = 0; i < n; i++)
    _lab_decimator_push (&d, px[i], py[i]);
  _lab_decimator_finish (&d);

  for (guint k = 0; k < out->len / 2; k++)
    {
      out_x[k] = g_array_index (out, double, 2 * k);
      out_y[k] = g_array_index (out, double, 2 * k + 1);
    }
  return out->len / 2;
}
