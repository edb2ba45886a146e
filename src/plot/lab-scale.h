/* lab-scale.h — an axes' scales: data ↔ pixel transforms
 *
 * An axes maps data to pixels as px = tx_a + tx_b·T(x), T the identity or
 * log10. lab-figure.c sets the transform after its layout; layers read it.
 * The public lab_axes_data_to_pixel() and lab_axes_pixel_to_data() are
 * defined in lab-scale.c too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include "lab-plot-private.h"

G_BEGIN_DECLS

/* T, and its inverse; −∞ for v ≤ 0 on a log scale. */
static inline double
_lab_scale_fwd (LabScale s,
                double   v)
{
  if (s == LAB_SCALE_LOG)
    return v > 0.0 ? log10 (v) : -HUGE_VAL;
  return v;
}

static inline double
_lab_scale_inv (LabScale s,
                double   t)
{
  return s == LAB_SCALE_LOG ? pow (10.0, t) : t;
}

double    _lab_axes_tx                 (LabAxes *ax, double x);   /* data → pixel */
double    _lab_axes_ty                 (LabAxes *ax, double y);
/* Sets the transform from the effective limits (ex, ey) and the plot rectangle. */
void      _lab_axes_update_transform   (LabAxes *ax);

G_END_DECLS
