/* lab-decimate.h — decimation of polylines to device pixel columns
 *
 * Knows nothing of figures: pixel coordinates in, pixel coordinates out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Streaming decimation of a polyline to pixel columns: each run of
 * consecutive points within one column of width @col_w keeps its first,
 * lowest, highest and last point (in order), so every column's extremes
 * survive exactly. Columns left of @xmin or right of @xmax collapse into
 * one column each. NaN points break the line: the output (x, y pairs in
 * @out) carries a NaN pair as separator. Coordinates are clamped to ±1e6 px
 * around the visible range so Cairo's fixed point never overflows. */
typedef struct
{
  GArray  *out;
  double   col_w, xmin, xmax, ymin, ymax;
  gboolean in_run, pending_break;
  double   col;
  guint    seq;
  double   p[4][2];     /* first, min, max, last */
  guint    s[4];
} LabDecimator;

void      _lab_decimator_init      (LabDecimator *d, GArray *out, double col_w,
                                    double xmin, double xmax, double ymin, double ymax);
void      _lab_decimator_push      (LabDecimator *d, double x, double y);
void      _lab_decimator_finish    (LabDecimator *d);
/* The decimation of @n pixel points without range clamping (for tests):
 * returns the number of points written to @out_x/@out_y (room for 4·n + 1). */
gsize     _lab_decimate            (const double *px, const double *py, gsize n, double col_w,
                                    double *out_x, double *out_y);

G_END_DECLS
