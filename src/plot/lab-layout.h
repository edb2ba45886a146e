/* lab-layout.h — limits, ticks and the placement of every axes of a figure
 *
 * _lab_figure_layout() computes, for a plot area, each axes' effective
 * limits, ticks and tick-label forms, the decorations around it and so its
 * plot rectangle and transform. lab-figure.c then draws the frame with the
 * same measures (tick labels, their extents, the colour bar's layer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-plot-private.h"

G_BEGIN_DECLS

/* Spacing, scaled down with the fonts in small figures (r->k ≤ 1). */
#define PAD_OUTER    (10.0 * r->k)   /* around the whole figure */
#define TICK_PAD      (6.0 * r->k)   /* between the spine and the tick labels */
#define TICK_LEN      (4.0 * r->k)
#define LABEL_GAP     (5.0 * r->k)   /* between tick labels and the axis label */
#define TITLE_GAP     (9.0 * r->k)
#define COL_GAP      (18.0 * r->k)   /* between neighbouring axes, beyond their decorations */
#define ROW_GAP      (14.0 * r->k)

#define ROTATION (-G_PI / 4.0)          /* of crowded x tick labels */

/* Effective limits (ex, ey): the view, the user limits or automatic ones. */
void      _lab_axes_compute_limits        (LabAxes *ax);
void      _lab_figure_layout              (LabFigure *self, LabRender *r, double x0, double y0,
                                           double width, double height);
char     *_lab_axes_tick_label            (LabAxes *ax, gboolean y_axis, double value, double step);
/* Largest tick label extents of an axis. */
void      _lab_axes_tick_labels_extent    (LabRender *r, LabAxes *ax, gboolean y_axis,
                                           double *max_w, double *max_h);
double    _lab_axes_rotated_labels_height (LabRender *r, LabAxes *ax);
/* The layer whose colour bar stands right of the plot, or NULL. */
LabLayer *_lab_axes_colorbar_layer        (LabAxes *ax);

G_END_DECLS
