/* optimizers.h — optimizer trajectories on 2-D loss surfaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_OPT_SURFACE_QUADRATIC,
  LAB_OPT_SURFACE_ROSENBROCK,
  LAB_OPT_SURFACE_SADDLE,
  LAB_OPT_SURFACE_HIMMELBLAU,
  LAB_OPT_SURFACE_BEALE,
  LAB_OPT_SURFACE_MONKEY_SADDLE,
  LAB_OPT_SURFACE_LOGISTIC,
} LabOptSurface;

/* Where the logistic loss's points come from; data: the opened CSV file, whatever the surface. */
typedef enum
{
  LAB_OPT_SOURCE_SYNTHETIC,
  LAB_OPT_SOURCE_DATA,
} LabOptSource;

typedef enum
{
  LAB_OPT_SCHEDULE_CONSTANT,
  LAB_OPT_SCHEDULE_STEP,
  LAB_OPT_SCHEDULE_COSINE,
  LAB_OPT_SCHEDULE_WARMUP_COSINE,
} LabOptSchedule;

/* In the order of the optimizers parameter's names. */
typedef enum
{
  LAB_OPTIMIZER_GD,          /* gradient descent on the exact (full-batch, noise-free) gradient */
  LAB_OPTIMIZER_SGD,         /* the same rule on the stochastic gradient (noise, minibatches) */
  LAB_OPTIMIZER_MOMENTUM,
  LAB_OPTIMIZER_NESTEROV,
  LAB_OPTIMIZER_ADAGRAD,
  LAB_OPTIMIZER_RMSPROP,
  LAB_OPTIMIZER_ADAM,
  LAB_OPTIMIZER_ADAMW,
  LAB_OPTIMIZER_NEWTON,      /* θ ← θ − η (H + μI)⁻¹ ∇f, exact gradient and Hessian */
  LAB_N_OPTIMIZERS,
} LabOptimizer;

GType lab_opt_surface_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_OPT_SURFACE (lab_opt_surface_get_type ())
GType lab_opt_source_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_OPT_SOURCE (lab_opt_source_get_type ())
GType lab_opt_schedule_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_OPT_SCHEDULE (lab_opt_schedule_get_type ())

#define LAB_TYPE_OPTIMIZERS_PARAMS (lab_optimizers_params_get_type ())
G_DECLARE_FINAL_TYPE (LabOptimizersParams, lab_optimizers_params, LAB, OPTIMIZERS_PARAMS, LabParams)

/* "sgd", "momentum", … as the optimizers parameter spells them. */
const char *lab_optimizer_get_nick (LabOptimizer optimizer);

/* For the tests: the iterates x_0 … x_{n−1} of @optimizer in a result of
 * lab_topic_optimizers (borrowed), and the step at which it diverged (0: it did
 * not). FALSE when the optimizer was not run. */
gboolean    lab_optimizers_result_get_track (const LabResult *result,
                                             LabOptimizer     optimizer,
                                             const double   **x,
                                             const double   **y,
                                             guint           *n,
                                             guint           *diverged_at);

/* For the tests: the learning rate @optimizer started from, the steps whose gradient was
 * clipped and the largest Newton damping μ used. FALSE when the optimizer was not run. */
gboolean    lab_optimizers_result_get_run (const LabResult *result,
                                           LabOptimizer     optimizer,
                                           double          *learning_rate,
                                           guint           *clipped_steps,
                                           double          *newton_damping);

extern const LabTopic lab_topic_optimizers;

G_END_DECLS
