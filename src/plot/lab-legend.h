/* lab-legend.h — the legend of an axes
 *
 * Drawn after the layers, in the corner (or edge middle) of the plot that
 * hides the fewest of their points; it reaches the layers through the layer
 * table (swatches, pixel samples) and records its box in ax->legend_rect.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-plot-private.h"

G_BEGIN_DECLS

void      _lab_axes_draw_legend    (LabAxes *ax, LabRender *r);

G_END_DECLS
