/* optimizers-private.h — shared by the files of the "optimizers" topic, no one else
 *
 * compute: the loss on a grid (for the contours) and, for each chosen
 * optimizer, its iterates from the same start on the same surface with the
 * same gradient noise (one generator per optimizer, seeded alike: common
 * random numbers). A trajectory that leaves the finite numbers or |x| > 1e6
 * stops there and is reported as diverged. The step shown and the tolerance
 * are view parameters: scrubbing along the trajectories never recomputes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-error.h"
#include "lab-optim.h"
#include "lab-rng.h"

#include "optimizers.h"

G_BEGIN_DECLS

#define GRID_N        120
#define FILL_N        200
#define MAX_DRAWN     600      /* points per loss or gradient curve drawn */
#define N_LEVELS      18
#define DECADES       7.0      /* the contours span this many decades below the grid's maximum */
#define CURVATURE     10.0     /* the quadratic's largest Hessian eigenvalue L */
#define EPSILON       1e-8     /* the adaptive methods' ε */
#define DIVERGED_ABS  1e6
#define LOSS_FLOOR    1e-14    /* drawn loss gaps are floored here on the log axis */

enum { TAG_CONTOUR, TAG_LOSS, TAG_GRAD };

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  LabOptimizer kind;
  guint        n;            /* iterates stored: x_0 … x_{n−1} */
  guint        diverged_at;  /* the step that left the finite numbers; 0: none */
  double      *x, *y;
  double      *gap;          /* f(x_t) − f* */
  double      *gnorm;        /* ‖∇f(x_t)‖ (noise-free) */
} Track;

typedef struct
{
  LabResult     parent;
  LabOptSurface surface;
  gboolean      noisy;
  guint         steps;
  double        fstar;
  double        minima[4][2];
  guint         n_minima;
  double        start_x, start_y;
  double        box[4];          /* x0, x1, y0, y1 */
  double       *grid;            /* log10 (f − f*), GRID_N × GRID_N, row 0 at y0 */
  double       *bands;           /* FILL_N × FILL_N: each cell's value is the level below it */
  double        levels[N_LEVELS];
  Track         tracks[LAB_N_OPTIMIZERS];
  guint         n_tracks;
} OptResult;

LabTopicCompute opt_compute;
LabTopicBuild opt_build;
LabTopicMetrics opt_metrics;
LabTopicClick opt_click;
LabTopicSuggestRange opt_suggest_range;

guint parse_optimizers (const char *list, GError **error);
const char * optimizer_title (LabOptimizer optimizer, gboolean noisy);

G_END_DECLS
