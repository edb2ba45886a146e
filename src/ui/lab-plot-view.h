/* lab-plot-view.h — a widget that shows a LabFigure: hover readout, zoom, pan, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-figure.h"

G_BEGIN_DECLS

#define LAB_TYPE_PLOT_VIEW (lab_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (LabPlotView, lab_plot_view, LAB, PLOT_VIEW, GtkWidget)

GtkWidget  *lab_plot_view_new            (void);
/* Replaces the figure; zoom and pan of each axes are kept. */
void        lab_plot_view_set_figure     (LabPlotView *self, LabFigure *figure);
LabFigure  *lab_plot_view_get_figure     (LabPlotView *self);
void        lab_plot_view_reset_view     (LabPlotView *self);
gboolean    lab_plot_view_get_view_moved (LabPlotView *self);
void        lab_plot_view_zoom           (LabPlotView *self, double factor);
/* The theme the view draws with (follows the style manager). */
const LabTheme *lab_plot_view_get_theme  (LabPlotView *self);
/* How many frames were drawn (for tests). */
guint       lab_plot_view_get_n_draws    (LabPlotView *self);

G_END_DECLS
