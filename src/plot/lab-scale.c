/* lab-scale.c — data ↔ pixel transforms of an axes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-scale.h"

double
_lab_axes_tx (LabAxes *ax,
              double   x)
{
  return ax->tx_a + ax->tx_b * _lab_scale_fwd (ax->xscale, x);
}

double
_lab_axes_ty (LabAxes *ax,
              double   y)
{
  return ax->ty_a + ax->ty_b * _lab_scale_fwd (ax->yscale, y);
}

void
_lab_axes_update_transform (LabAxes *ax)
{
  double tx0 = _lab_scale_fwd (ax->xscale, ax->ex[0]), tx1 = _lab_scale_fwd (ax->xscale, ax->ex[1]);
  double ty0 = _lab_scale_fwd (ax->yscale, ax->ey[0]), ty1 = _lab_scale_fwd (ax->yscale, ax->ey[1]);

  ax->tx_b = ax->rw / (tx1 - tx0);
  ax->tx_a = ax->rx - ax->tx_b * tx0;
  ax->ty_b = -ax->rh / (ty1 - ty0);
  ax->ty_a = ax->ry + ax->rh - ax->ty_b * ty0;
}

void
lab_axes_data_to_pixel (LabAxes *ax,
                        double   x,
                        double   y,
                        double  *px,
                        double  *py)
{
  g_return_if_fail (ax != NULL);
  if (px != NULL)
    *px = _lab_axes_tx (ax, x);
  if (py != NULL)
    *py = _lab_axes_ty (ax, y);
}

void
lab_axes_pixel_to_data (LabAxes *ax,
                        double   px,
                        double   py,
                        double  *x,
                        double  *y)
{
  g_return_if_fail (ax != NULL);
  if (x != NULL)
    *x = ax->tx_b != 0.0 ? _lab_scale_inv (ax->xscale, (px - ax->tx_a) / ax->tx_b) : NAN;
  if (y != NULL)
    *y = ax->ty_b != 0.0 ? _lab_scale_inv (ax->yscale, (py - ax->ty_a) / ax->ty_b) : NAN;
}
