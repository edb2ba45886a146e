/* lab-contour.h — marching squares (internal to the plot library, exposed for tests)
 *
 * A grid as for lab_axes_add_heatmap(): @values[j·nx + i] is the value at the
 * centre of cell (i, j) of [x0, x1] × [y0, y1], i.e. at
 * (x0 + (i + ½)·(x1 − x0)/nx, y0 + (j + ½)·(y1 − y0)/ny); row 0 at y0.
 * Values are interpolated linearly along cell edges; a saddle cell is
 * resolved by the mean of its four corners. Cells with a NaN corner are
 * skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The level set {f = level} as polylines: a GPtrArray of GArray of double
 * (x, y pairs, data coordinates). A closed contour repeats its first point
 * at the end. Free with g_ptr_array_unref. */
GPtrArray *lab_contour_lines (const double *values,
                              gsize         nx,
                              gsize         ny,
                              double        x0,
                              double        x1,
                              double        y0,
                              double        y1,
                              double        level);

/* Called once per polygon with @n (x, y) pairs, counter-clockwise in data coordinates. */
typedef void (*LabContourPolygonFunc) (const double *xy,
                                       guint         n,
                                       gpointer      user_data);

/* Polygons whose union is {f ≥ level} (within the sampled grid); adjacent
 * polygons share edges exactly, so one nonzero-winding fill leaves no seams. */
void       lab_contour_fill  (const double          *values,
                              gsize                  nx,
                              gsize                  ny,
                              double                 x0,
                              double                 x1,
                              double                 y0,
                              double                 y1,
                              double                 level,
                              LabContourPolygonFunc  func,
                              gpointer               user_data);

G_END_DECLS
