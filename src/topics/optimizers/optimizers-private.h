/* optimizers-private.h — shared by the files of the "optimizers" topic, no one else
 *
 * compute: the loss on a grid (for the contours) and, for each chosen
 * optimizer, its iterates from the same start on the same surface with the
 * same gradient noise and the same minibatches (one generator per optimizer,
 * seeded alike: common random numbers). Each optimizer has its own learning
 * rate (optimizers=sgd@0.1,…), scaled step by step by the schedule. A
 * trajectory that leaves the finite numbers or |x| > 1e6 stops there and is
 * reported as diverged. The step shown and the tolerance are view parameters:
 * scrubbing along the trajectories never recomputes.
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
#define EPSILON       1e-8     /* RMSProp's, Adam's and AdamW's ε (torch's default) */
#define ADAGRAD_EPS   1e-10    /* Adagrad's ε (torch's default) */
#define CLIP_EPS      1e-6     /* torch.nn.utils.clip_grad_norm_: coefficient c/(‖g‖ + 1e-6) */
#define DIVERGED_ABS  1e6
#define LOSS_FLOOR    1e-14    /* drawn loss gaps are floored here on the log axis */
#define LOGISTIC_N    200      /* points of the synthetic logistic data set */

enum { TAG_CONTOUR, TAG_LOSS, TAG_GRAD, TAG_LR };

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  LabOptimizer kind;
  double       lr;           /* the learning rate before the schedule */
  guint        n;            /* iterates stored: x_0 … x_{n−1} */
  guint        diverged_at;  /* the step that left the finite numbers; 0: none */
  guint        clipped;      /* steps whose gradient norm was clipped */
  double       damping;      /* Newton: the largest μ used */
  double      *x, *y;
  double      *gap;          /* f(x_t) − f* (f itself on a surface without a minimum) */
  double      *gnorm;        /* ‖∇f(x_t)‖ (exact) */
  double      *gx, *gy;      /* the gradient used at step t (entry t−1; after noise, before clipping) */
  double      *vx, *vy;      /* momentum, Nesterov: the buffer b after step t */
  double      *dx, *dy;      /* the step direction without η after step t (Adam: m̂/(√v̂ + ε)) */
} Track;

typedef struct
{
  LabResult     parent;
  LabOptSurface surface;
  gboolean      noisy;
  gboolean      has_minimum;     /* FALSE: the monkey saddle, a separable data set */
  guint         steps;
  double        fstar;
  double        minima[4][2];
  guint         n_minima;
  double        start_x, start_y;
  double        box[4];          /* x0, x1, y0, y1 */
  double       *grid;            /* log10 (f − f*), GRID_N × GRID_N, row 0 at y0 (f itself without a minimum) */
  double        frange[2];       /* without a minimum: the least and largest f on the grid */
  double       *bands;           /* FILL_N × FILL_N: each cell's value is the level below it */
  double        levels[N_LEVELS];
  double        lr;              /* learning-rate */
  LabOptSchedule schedule;
  double       *factor;          /* the schedule's factor of every step (steps entries) */
  char         *data_name;       /* logistic: the data set's name */
  guint         n_points, batch_size;
  Track         tracks[LAB_N_OPTIMIZERS];
  guint         n_tracks;
  guint         glyph_track;     /* the track of the optimizer named first: the glyphs' */
} OptResult;

LabTopicCompute opt_compute;
LabTopicBuild opt_build;
LabTopicMetrics opt_metrics;
LabTopicClick opt_click;
LabTopicSuggestRange opt_suggest_range;

/* The optimizers named in @list (comma-separated nicks, each optionally name@lr) as a bit
 * set, their learning rates in @lrs (@default_lr without @); 0 and LAB_ERROR_USAGE on an
 * unknown name, an empty list, a bad learning rate or one name with two rates. */
guint parse_optimizers (const char *list, double default_lr, double *lrs, GError **error);
const char * optimizer_title (LabOptimizer optimizer, gboolean noisy);
double schedule_factor (LabOptSchedule schedule, guint t, guint steps, guint step_size, double gamma,
                        guint warmup);

G_END_DECLS
