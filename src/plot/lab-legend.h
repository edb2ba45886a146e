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
/* Before drawing (the axes laid out): the legend's height with its inset, and
 * the share of the data points its best place would hide; FALSE: no legend. */
/* The legend's box for a plot of @pw × @ph (compact when the full one is too big);
 * @band > 0: labels ellipsized to fit a legend of that width. */
gboolean  _lab_axes_legend_size    (LabAxes *ax, LabRender *r, double pw, double ph, double band,
                                    double *width, double *height);
gboolean  _lab_axes_legend_cover   (LabAxes *ax, LabRender *r, double *height, double *cover);

G_END_DECLS
