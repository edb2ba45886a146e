/* lab-panel.h — one topic's panel: controls, plot, metrics, explanation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-plot-view.h"
#include "lab-runner.h"
#include "lab-topic.h"

G_BEGIN_DECLS

#define LAB_TYPE_PANEL (lab_panel_get_type ())
G_DECLARE_FINAL_TYPE (LabPanel, lab_panel, LAB, PANEL, GtkWidget)

LabPanel        *lab_panel_new                  (const LabTopic *topic);
const LabTopic  *lab_panel_get_topic            (LabPanel *self);
LabParams       *lab_panel_get_params           (LabPanel *self);
LabRunner       *lab_panel_get_runner           (LabPanel *self);
LabPlotView     *lab_panel_get_plot_view        (LabPanel *self);
/* The figure and metrics of the newest applied result (NULL before the first). */
LabFigure       *lab_panel_get_figure           (LabPanel *self);
LabMetrics      *lab_panel_get_metrics          (LabPanel *self);
void             lab_panel_set_dataset          (LabPanel *self, LabDataset *dataset);
LabDataset      *lab_panel_get_dataset          (LabPanel *self);
void             lab_panel_set_explanation_visible (LabPanel *self, gboolean visible);
gboolean         lab_panel_get_explanation_visible (LabPanel *self);
/* Finds the row of a parameter (for tests and keyboard focus). */
GtkWidget       *lab_panel_get_param_row        (LabPanel *self, const char *name);
/* A data view without data shows an empty state (Open, samples) instead of the plot. */
gboolean         lab_panel_get_empty_state_visible (LabPanel *self);
/* How many results were applied (for tests). */
/* The lesson shown for the last preset applied ("name — lesson"), or NULL when hidden. */
const char     *lab_panel_get_lesson          (LabPanel *self);
guint            lab_panel_get_n_applied        (LabPanel *self);
/* Partial results (a training's progress) drawn so far. */
guint            lab_panel_get_n_partials       (LabPanel *self);

/* Undo and redo of parameter changes; FALSE when there is nothing to undo or redo. */
gboolean        lab_panel_undo                    (LabPanel *self);
/* A new figure of the result shown (the same as lab_panel_get_figure's, but the caller's own:
 * it may be drawn on another thread, as an export does); NULL before the first result. */
LabFigure      *lab_panel_build_figure            (LabPanel *self);
/* A training's transport (topics in steps; FALSE for the others): @what is "play-pause" (play
 * or pause), "step" (one step, then paused) or "rewind" (back to the untrained start, paused). */
gboolean        lab_panel_transport               (LabPanel *self, const char *what);
gboolean        lab_panel_redo                    (LabPanel *self);
void            lab_panel_clear_history           (LabPanel *self);
void            lab_panel_keep_view               (LabPanel *self);
gboolean        lab_panel_get_plot_stale          (LabPanel *self);
gboolean        lab_panel_get_metrics_folded      (LabPanel *self);
void            lab_panel_set_metrics_folded      (LabPanel *self, gboolean folded);
char           *lab_panel_dup_metrics_text        (LabPanel *self);

/* TRUE while the panel looks for topics that fit a dataset it could not use. */
gboolean     lab_panel_get_probing           (LabPanel *self);

G_END_DECLS
