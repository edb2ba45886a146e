/* optimizers-params.c — the optimizers topic: parameters, presets, the topic (notes §2.5, §2.7–2.13, §2.15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "optimizers-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabOptSurface, lab_opt_surface,
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_QUADRATIC, "quadratic"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_ROSENBROCK, "rosenbrock"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_SADDLE, "saddle"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_HIMMELBLAU, "himmelblau"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_BEALE, "beale"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_MONKEY_SADDLE, "monkey-saddle"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_LOGISTIC, "logistic"))

G_DEFINE_ENUM_TYPE (LabOptSource, lab_opt_source,
  G_DEFINE_ENUM_VALUE (LAB_OPT_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (LabOptSchedule, lab_opt_schedule,
  G_DEFINE_ENUM_VALUE (LAB_OPT_SCHEDULE_CONSTANT, "constant"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SCHEDULE_STEP, "step"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SCHEDULE_COSINE, "cosine"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SCHEDULE_WARMUP_COSINE, "warmup-cosine"))

static const char * const optimizer_nicks[LAB_N_OPTIMIZERS] = {
  "gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "newton",
};

const char *
lab_optimizer_get_nick (LabOptimizer optimizer)
{
  g_return_val_if_fail (optimizer < LAB_N_OPTIMIZERS, NULL);

  return optimizer_nicks[optimizer];
}

const char *
optimizer_title (LabOptimizer optimizer,
                 gboolean     noisy)
{
  switch (optimizer)
    {
    case LAB_OPTIMIZER_GD: return _("GD (exact gradient)");
    case LAB_OPTIMIZER_SGD: return noisy ? _("SGD") : _("GD");
    case LAB_OPTIMIZER_MOMENTUM: return _("Momentum");
    case LAB_OPTIMIZER_NESTEROV: return _("Nesterov");
    case LAB_OPTIMIZER_ADAGRAD: return _("Adagrad");
    case LAB_OPTIMIZER_RMSPROP: return _("RMSProp");
    case LAB_OPTIMIZER_ADAM: return _("Adam");
    case LAB_OPTIMIZER_ADAMW: return _("AdamW");
    case LAB_OPTIMIZER_NEWTON: return _("Newton");
    case LAB_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
}

#define LR_MAX 10.0   /* as learning-rate's range */

guint
parse_optimizers (const char  *list,
                  double       default_lr,
                  double      *lrs,
                  GError     **error)
{
  g_auto(GStrv) items = g_strsplit (list != NULL ? list : "", ",", -1);
  g_autoptr(GString) names = g_string_new (NULL);
  double given[LAB_N_OPTIMIZERS];
  guint set;

  /* the names alone, checked by the shared set parser (its messages name the choices) */
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *at = strchr (items[i], '@');
      g_autofree char *name = at != NULL ? g_strndup (items[i], at - items[i]) : NULL;

      if (name != NULL && *g_strstrip (name) == '\0')
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("optimizers: “%s” has a learning rate but no optimizer name before the @"),
                       g_strstrip (items[i]));
          return 0;
        }

      g_string_append_len (names, items[i], at != NULL ? at - items[i] : (gssize) strlen (items[i]));
      g_string_append_c (names, ',');
    }
  set = lab_params_parse_set ("optimizers", "optimizer", names->str, optimizer_nicks, LAB_N_OPTIMIZERS, error);
  if (set == 0)
    return 0;

  for (guint k = 0; k < LAB_N_OPTIMIZERS; k++)
    given[k] = NAN;
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *at = strchr (items[i], '@');
      g_autofree char *raw = NULL;
      g_autofree char *name = NULL;
      double lr;
      char *end;
      guint k;

      if (at == NULL)
        continue;
      raw = g_strndup (items[i], at - items[i]);
      name = g_ascii_strdown (g_strstrip (raw), -1);
      for (k = 0; k < LAB_N_OPTIMIZERS && !g_str_equal (name, optimizer_nicks[k]); k++)
        ;
      if (k == LAB_N_OPTIMIZERS)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("optimizers: “%s” has a learning rate but no optimizer name before the @"),
                       g_strstrip (items[i]));
          return 0;
        }
      lr = g_ascii_strtod (g_strstrip (at + 1), &end);
      if (end == at + 1 || *end != '\0' || !isfinite (lr) || !(lr > 0) || lr > LR_MAX)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("optimizers: the learning rate after @ in “%s” must be a number greater than 0 and at most %g"),
                       g_strstrip (items[i]), LR_MAX);
          return 0;
        }
      if (!isnan (given[k]) && given[k] != lr)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("optimizers: “%s” is given two learning rates, %g and %g: list each optimizer once"),
                       name, given[k], lr);
          return 0;
        }
      given[k] = lr;
    }
  if (lrs != NULL)
    for (guint k = 0; k < LAB_N_OPTIMIZERS; k++)
      lrs[k] = isnan (given[k]) ? default_lr : given[k];
  return set;
}

/* The factor of the learning rate at step t = 1 … steps, as PyTorch's schedulers give it
 * for the (t − 1)-th call of scheduler.step(): StepLR, CosineAnnealingLR(T_max = steps,
 * eta_min = 0), and a linear warm-up t/W for t ≤ W followed by the cosine over the
 * remaining R = steps − W steps (LinearLR(1/W, 1, W − 1) then CosineAnnealingLR(T_max = R)
 * in a SequentialLR). */
double
schedule_factor (LabOptSchedule schedule,
                 guint          t,
                 guint          steps,
                 guint          step_size,
                 double         gamma,
                 guint          warmup)
{
  switch (schedule)
    {
    case LAB_OPT_SCHEDULE_CONSTANT:
      return 1;
    case LAB_OPT_SCHEDULE_STEP:
      return pow (gamma, (double) ((t - 1) / MAX (step_size, 1u)));
    case LAB_OPT_SCHEDULE_COSINE:
      return 0.5 * (1 + cos (G_PI * (t - 1) / steps));
    case LAB_OPT_SCHEDULE_WARMUP_COSINE:
      if (t <= warmup)
        return (double) t / warmup;
      return 0.5 * (1 + cos (G_PI * (t - warmup - 1) / (steps - warmup)));
    default:
      g_assert_not_reached ();
    }
}

struct _LabOptimizersParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabOptimizersParams, lab_optimizers_params, LAB_TYPE_PARAMS)

static gboolean
lab_optimizers_params_is_relevant (LabParams  *params,
                                   GParamSpec *pspec)
{
  const char *name = pspec->name;
  gboolean data = lab_params_get_enum (params, "source") == LAB_OPT_SOURCE_DATA;
  gboolean logistic = data || lab_params_get_enum (params, "surface") == LAB_OPT_SURFACE_LOGISTIC;
  int schedule = lab_params_get_enum (params, "schedule");
  guint set;

  if (g_str_equal (name, "surface"))
    return !data;
  if (g_str_equal (name, "condition") || g_str_equal (name, "angle"))
    return !data && lab_params_get_enum (params, "surface") == LAB_OPT_SURFACE_QUADRATIC;
  if (g_str_equal (name, "noise"))
    return lab_params_get_boolean (params, "noisy");
  if (g_str_equal (name, "seed"))
    return lab_params_get_boolean (params, "noisy") || logistic;
  if (g_str_equal (name, "feature-columns") || g_str_equal (name, "label-column"))
    return data;
  if (g_str_equal (name, "batch-size"))
    return logistic;
  if (g_str_equal (name, "step-size") || g_str_equal (name, "gamma"))
    return schedule == LAB_OPT_SCHEDULE_STEP;
  if (g_str_equal (name, "warmup-steps"))
    return schedule == LAB_OPT_SCHEDULE_WARMUP_COSINE;

  set = parse_optimizers (lab_params_get_string (params, "optimizers"), 1, NULL, NULL);
  if (g_str_equal (name, "momentum"))
    return (set & ((1u << LAB_OPTIMIZER_MOMENTUM) | (1u << LAB_OPTIMIZER_NESTEROV))) != 0;
  if (g_str_equal (name, "beta1") || g_str_equal (name, "beta2"))
    return (set & ((1u << LAB_OPTIMIZER_ADAM) | (1u << LAB_OPTIMIZER_ADAMW))) != 0;
  if (g_str_equal (name, "rho"))
    return (set & (1u << LAB_OPTIMIZER_RMSPROP)) != 0;
  if (g_str_equal (name, "weight-decay"))
    return (set & ((1u << LAB_OPTIMIZER_ADAM) | (1u << LAB_OPTIMIZER_ADAMW))) != 0;
  return TRUE;
}

static void
lab_optimizers_params_class_init (LabOptimizersParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_optimizers_params_is_relevant;

  lab_params_class_add_enum (params_class, "surface", N_("Loss surface"),
    N_("quadratic: an ill-conditioned valley 5(v² + u²/κ), (u, v) the axes turned by angle; rosenbrock: (1 − x)² + 100(y − x²)²; "
       "saddle: x² − y² + y⁴/4; himmelblau: four minima; beale: a flat plateau and a narrow valley to (3, 0.5); "
       "monkey-saddle: x³ − 3xy², no minimum; logistic: the mean logistic loss of weights (w₁, w₂) on a data set"),
    LAB_TYPE_OPT_SURFACE, LAB_OPT_SURFACE_QUADRATIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("synthetic: the surface chosen above; data: the logistic loss on your CSV file’s two feature columns "
       "and 0/1 label (the surface is then that loss)"),
    LAB_TYPE_OPT_SOURCE, LAB_OPT_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "condition", N_("Condition number"),
    N_("Ratio κ = λ₁/λ₂ of the quadratic's steepest to its flattest curvature (λ₁ = 10)"),
    1.0, 1000.0, 25.0, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "angle", N_("Valley angle"),
    N_("Rotation of the quadratic's flat direction from the x axis, in degrees "
       "(0: axis-aligned, where per-coordinate step sizes fit best)"),
    -90.0, 90.0, 30.0, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_boolean (params_class, "noisy", N_("Noisy gradients"),
    N_("Add Gaussian noise to every gradient, as a minibatch estimate would"),
    FALSE, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "noise", N_("Gradient noise σ"),
    N_("Standard deviation of the noise added to each gradient component"),
    0.0, 100.0, 2.0, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class,
    N_("Seed of the gradient noise, of the synthetic logistic data and of the minibatch order: every optimizer "
       "sees the same noise and the same batches"), LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "feature-columns", N_("Feature columns"),
    N_("source=data: the two numeric columns x₁, x₂ of the model σ(w₁x₁ + w₂x₂)"),
    "x1,x2", LAB_PARAM_COLUMNS, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "label-column", N_("Label column"),
    N_("source=data: the 0/1 label (two classes; the second in sorted order is 1)"),
    "label", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "batch-size", N_("Batch size"),
    N_("logistic: points per minibatch for every optimizer but gd and newton (0: the full batch). Each epoch "
       "visits the points in a new random order (Fisher–Yates with GSL's mt19937 seeded with seed + 1)"),
    0, 10000, 0, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_set (params_class, "optimizers", N_("Optimizers"),
    N_("Which optimizers to compare, separated by commas: gd, sgd, momentum, nesterov, "
       "adagrad, rmsprop, adam, adamw, newton; name@lr gives one its own learning rate (adam@0.01)"),
    optimizer_nicks, LAB_N_OPTIMIZERS, "sgd,momentum,nesterov,adam", LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "learning-rate", N_("Learning rate η"),
    N_("Step size of every optimizer not given its own with name@lr"),
    1e-5, 10.0, 0.05, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "schedule", N_("Schedule"),
    N_("The learning rate by step: constant; step (×gamma every step-size steps, StepLR); cosine from η to 0 "
       "over the steps (CosineAnnealingLR); warmup-cosine (η·t/W for W warm-up steps, then the cosine)"),
    LAB_TYPE_OPT_SCHEDULE, LAB_OPT_SCHEDULE_CONSTANT, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "step-size", N_("Schedule step size"),
    N_("step schedule: the learning rate is multiplied by gamma every this many steps"),
    1, 2000, 50, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "gamma", N_("Schedule γ"),
    N_("step schedule: the factor applied every step-size steps"),
    0.01, 1.0, 0.5, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "warmup-steps", N_("Warm-up steps"),
    N_("warmup-cosine: the learning rate rises linearly to η over this many steps"),
    1, 2000, 20, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "clip", N_("Gradient clipping"),
    N_("Rescale a gradient whose norm exceeds this to this norm, as torch.nn.utils.clip_grad_norm_ (0: off)"),
    0.0, 1000.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "momentum", N_("Momentum β"),
    N_("Momentum and Nesterov: v ← βv + g keeps this share of the previous velocity"),
    0.0, 0.999, 0.9, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "rho", N_("RMSProp decay ρ"),
    N_("RMSProp: s ← ρs + (1 − ρ)g², the running mean of squared gradients (PyTorch’s alpha)"),
    0.0, 0.9999, 0.9, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "beta1", N_("Adam β₁"),
    N_("Adam and AdamW: decay of the first moment (running mean of the gradient)"),
    0.0, 0.999, 0.9, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "beta2", N_("Adam β₂"),
    N_("Adam and AdamW: decay of the second moment (running mean of the squared gradient)"),
    0.0, 0.99999, 0.999, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "weight-decay", N_("Weight decay λ"),
    N_("Adam: an L2 term λθ added to the gradient (rescaled by the adaptive step); AdamW: the decoupled "
       "decay θ ← θ(1 − ηλ) before the adaptive step"),
    0.0, 10.0, 0.01, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "steps", N_("Steps"),
    N_("Number of updates each optimizer makes"),
    1, 2000, 200, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "start-x", N_("Start x"),
    N_("x of the common starting point (click the contour plot to set both)"),
    -10.0, 10.0, -4.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "start-y", N_("Start y"),
    N_("y of the common starting point (click the contour plot to set both)"),
    -10.0, 10.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "step", N_("Step shown"),
    N_("Scrub along the trajectories: the markers show every optimizer after this many steps"),
    0.0, 2000.0, 2000.0, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "tolerance", N_("Tolerance"),
    N_("An optimizer has converged at the step from which on its loss stays within this of the minimum: f − f* < tolerance"),
    1e-12, 1.0, 1e-6, LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_add_boolean (params_class, "show-gradient-norm", N_("Show gradient norm"),
    N_("Add a plot of ‖∇f‖ at each iterate against the step"),
    FALSE, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_optimizers_params_init (LabOptimizersParams *self)
{
}

static const LabPreset opt_presets[] = {
  { N_("Ill-conditioned valley: momentum wins"),
    "surface=quadratic condition=50 angle=30 optimizers=sgd,momentum,nesterov learning-rate=0.05 "
    "momentum=0.9 steps=400 start-x=-4 start-y=0",
    N_("κ = 50 and ηL = 0.5: plain descent does not zig-zag here (it would above ηL = 1) but crawls along the "
       "flat floor at 1 − ημ per step; momentum gets there far sooner, and the ringing on its way is its own.") },
  { N_("Rosenbrock"),
    "surface=rosenbrock optimizers=sgd,momentum,nesterov,rmsprop,adam learning-rate=0.001 "
    "steps=2000 start-x=-1.5 start-y=2 tolerance=1e-4",
    N_("At the start the Hessian’s largest eigenvalue is L ≈ 2092, so η = 0.001 is just above plain descent’s "
       "limit 2/L ≈ 9.6·10⁻⁴: its first steps bounce across the valley until the curvature eases. Momentum and "
       "Nesterov reach (1, 1); RMSProp and Adam, moving about η per coordinate, are still on the way after 2000 "
       "steps.") },
  { N_("Saddle point escape"),
    "surface=saddle optimizers=sgd,momentum,rmsprop,adam learning-rate=0.01 steps=600 "
    "start-x=2 start-y=0.001 tolerance=1e-6",
    N_("Starting 0.001 off the saddle’s stable line: plain descent’s offset grows by 1 + 2η a step, so it "
       "lingers near the saddle for hundreds of steps; momentum and the rescaling RMSProp and Adam leave sooner. "
       "(Add adagrad: its steps shrink for good and it is still short of the saddle at step 600.)") },
  { N_("Adam vs SGD on noise"),
    "surface=quadratic condition=25 optimizers=sgd,momentum,adam,adamw noisy=true noise=2 learning-rate=0.02 "
    "steps=600 start-x=-4 start-y=0 tolerance=0.05",
    N_("Noisy gradients (σ = 2): every method ends in a cloud around the minimum whose size grows with its "
       "effective step — η for plain descent, η/(1 − β) = 10η for momentum, about η per coordinate for Adam, "
       "whatever the gradient’s size.") },
  { N_("Too large a learning rate diverges"),
    "surface=quadratic condition=10 optimizers=sgd,momentum,adam learning-rate=0.22 steps=150 "
    "start-x=-4 start-y=0",
    N_("ηL = 2.2 > 2: plain descent overshoots by more each step and diverges (reported at the step it left "
       "the numbers). Heavy-ball momentum is stable up to η = 2(1 + β)/L = 0.38, and Adam’s step does not grow "
       "with the gradient.") },
  { N_("Newton in one step on a quadratic"),
    "surface=quadratic condition=100 angle=30 optimizers=gd,momentum,newton@1 learning-rate=0.05 steps=300 "
    "start-x=-4 start-y=2",
    N_("On a quadratic the Hessian is the whole curvature, so θ − H⁻¹∇f lands on the minimum at step 1 whatever "
       "κ = 100 does to the others: momentum needs 170 steps to 10⁻⁶ and plain descent is still 0.55 away after 300. "
       "Each Newton step solves a linear system with the Hessian, which a model with millions of weights cannot "
       "afford.") },
  { N_("AdamW vs Adam + L2"),
    "surface=rosenbrock optimizers=adam@0.02,adamw@0.02 weight-decay=0.1 steps=2000 start-x=-1.5 start-y=2",
    N_("With λ = 0.1, Adam + L2 settles at (0.886, 0.784), the minimum of f + (λ/2)‖θ‖² (scipy finds (0.886, "
       "0.785)), because the L2 gradient goes through the same 1/√v̂ scaling; AdamW’s decoupled decay balances the "
       "normalised step instead and stops at (0.785, 0.616), f = 0.046 against 0.013.") },
  { N_("Clipping rescues an exploding step"),
    "surface=rosenbrock optimizers=sgd,momentum learning-rate=0.003 clip=10 steps=1000 start-x=-1.5 start-y=2 "
    "tolerance=1e-4",
    N_("η = 0.003 is three times plain descent’s limit 2/L here: with clip=0 SGD diverges at step 5 and momentum at "
       "step 7. Clipping ‖g‖ to 10 caps each step at η·10 = 0.03: SGD survives (530 of 1000 steps clipped) and "
       "momentum reaches the minimum (below 10⁻⁴ from step 322, 97 clipped).") },
  { N_("Cosine schedule with warm-up"),
    "surface=quadratic condition=25 optimizers=sgd@0.15,momentum@0.02,adam@0.2 noisy=true noise=2 steps=400 "
    "start-x=-4 start-y=0 schedule=warmup-cosine warmup-steps=40 tolerance=0.01",
    N_("The noise cloud’s size follows the learning rate, so letting it fall to 0 shrinks the cloud: the final "
       "gaps are 0.034 (SGD), 0.062 (momentum) and 0.0096 (Adam) against 0.49, 0.98 and 0.49 with schedule=constant "
       "(one noise draw, seed 42). The warm-up’s 40 small steps are where Adam’s moment estimates settle.") },
  { N_("Minibatch noise on a logistic loss"),
    "surface=logistic batch-size=10 optimizers=gd@0.5,sgd@0.5,adam@0.05 steps=400 start-x=-4 start-y=0 "
    "tolerance=1e-4",
    N_("Ten of 200 points a step: minibatch SGD’s gradient is right on average but wanders, so it stalls at "
       "f − f* = 2.6·10⁻⁴ while full-batch GD at the same η goes on to 2.5·10⁻⁹. With schedule=cosine the "
       "shrinking steps average the noise out and SGD gets below 10⁻⁴ from step 270.") },
};


const LabTopic lab_topic_optimizers = {
  .id = "optimizers",
  .title = N_("Optimizers on loss surfaces"),
  .chapter = LAB_CHAPTER_TRAINING,
  .sections = "§2.3, §2.5–2.13, §2.15, §4.4",
  .summary = N_("Gradient descent, momentum, Nesterov, Adagrad, RMSProp, Adam, AdamW and Newton race from one start point across the same loss surface, each with its own learning rate, schedule and clipping."),
  .params_get_type = lab_optimizers_params_get_type,
  .compute = opt_compute,
  .build = opt_build,
  .metrics = opt_metrics,
  .click = opt_click,
  .suggest_range = opt_suggest_range,
  .presets = opt_presets,
  .n_presets = G_N_ELEMENTS (opt_presets),
};
