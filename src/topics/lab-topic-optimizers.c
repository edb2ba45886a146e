/* lab-topic-optimizers.c — optimizer trajectories on 2-D loss surfaces
 * (notes §2.5, §2.7–2.13, §2.15)
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
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-rng.h"
#include "lab-topic-optimizers.h"

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
/* parameters */

G_DEFINE_ENUM_TYPE (LabOptSurface, lab_opt_surface,
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_QUADRATIC, "quadratic"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_ROSENBROCK, "rosenbrock"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_SADDLE, "saddle"),
  G_DEFINE_ENUM_VALUE (LAB_OPT_SURFACE_HIMMELBLAU, "himmelblau"))

static const char * const optimizer_nicks[LAB_N_OPTIMIZERS] = {
  "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
};

const char *
lab_optimizer_get_nick (LabOptimizer optimizer)
{
  g_return_val_if_fail (optimizer < LAB_N_OPTIMIZERS, NULL);

  return optimizer_nicks[optimizer];
}

static const char *
optimizer_title (LabOptimizer optimizer,
                 gboolean     noisy)
{
  switch (optimizer)
    {
    case LAB_OPTIMIZER_SGD: return noisy ? _("SGD") : _("GD");
    case LAB_OPTIMIZER_MOMENTUM: return _("Momentum");
    case LAB_OPTIMIZER_NESTEROV: return _("Nesterov");
    case LAB_OPTIMIZER_ADAGRAD: return _("Adagrad");
    case LAB_OPTIMIZER_RMSPROP: return _("RMSProp");
    case LAB_OPTIMIZER_ADAM: return _("Adam");
    case LAB_OPTIMIZER_ADAMW: return _("AdamW");
    case LAB_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
}

/* The optimizers named in @list (comma-separated nicks) as a bit set; 0 and a
 * message on an unknown name or an empty list. */
static guint
parse_optimizers (const char  *list,
                  GError     **error)
{
  g_auto(GStrv) names = g_strsplit (list != NULL ? list : "", ",", -1);
  guint set = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint k;

      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      for (k = 0; k < LAB_N_OPTIMIZERS; k++)
        if (g_ascii_strcasecmp (names[i], optimizer_nicks[k]) == 0)
          break;
      if (k == LAB_N_OPTIMIZERS)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("optimizers: unknown optimizer “%s” (choose from sgd, momentum, nesterov, "
                         "adagrad, rmsprop, adam, adamw, separated by commas)"), names[i]);
          return 0;
        }
      set |= 1u << k;
    }
  if (set == 0)
    g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                 _("optimizers: name at least one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw"));
  return set;
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
  guint set;

  if (g_str_equal (name, "condition") || g_str_equal (name, "angle"))
    return lab_params_get_enum (params, "surface") == LAB_OPT_SURFACE_QUADRATIC;
  if (g_str_equal (name, "noise") || g_str_equal (name, "seed"))
    return lab_params_get_boolean (params, "noisy");

  set = parse_optimizers (lab_params_get_string (params, "optimizers"), NULL);
  if (g_str_equal (name, "momentum"))
    return (set & ((1u << LAB_OPTIMIZER_MOMENTUM) | (1u << LAB_OPTIMIZER_NESTEROV))) != 0;
  if (g_str_equal (name, "beta1") || g_str_equal (name, "beta2"))
    return (set & ((1u << LAB_OPTIMIZER_ADAM) | (1u << LAB_OPTIMIZER_ADAMW))) != 0;
  if (g_str_equal (name, "rho"))
    return (set & (1u << LAB_OPTIMIZER_RMSPROP)) != 0;
  if (g_str_equal (name, "weight-decay"))
    return (set & (1u << LAB_OPTIMIZER_ADAMW)) != 0;
  return TRUE;
}

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
lab_optimizers_params_class_init (LabOptimizersParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_optimizers_params_is_relevant;

  lab_params_class_install (params_class,
    g_param_spec_enum ("surface", N_("Loss surface"),
                       N_("quadratic: an ill-conditioned valley 5(v² + u²/κ), (u, v) the axes turned by angle; rosenbrock: (1 − x)² + 100(y − x²)²; "
                          "saddle: x² − y² + y⁴/4; himmelblau: four minima"),
                       LAB_TYPE_OPT_SURFACE, LAB_OPT_SURFACE_QUADRATIC, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_double ("condition", N_("Condition number"),
                         N_("Ratio κ = λ₁/λ₂ of the quadratic's steepest to its flattest curvature (λ₁ = 10)"),
                         1.0, 1000.0, 25.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_double ("angle", N_("Valley angle"),
                         N_("Rotation of the quadratic's flat direction from the x axis, in degrees "
                            "(0: axis-aligned, where per-coordinate step sizes fit best)"),
                         -90.0, 90.0, 30.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_boolean ("noisy", N_("Noisy gradients"),
                          N_("Add Gaussian noise to every gradient, as a minibatch estimate would"),
                          FALSE, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_double ("noise", N_("Gradient noise σ"),
                         N_("Standard deviation of the noise added to each gradient component"),
                         0.0, 100.0, 2.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("seed", N_("Seed"),
                      N_("Seed of the gradient noise: every optimizer sees the same noise sequence"),
                      0, G_MAXINT, 42, FLAGS),
    LAB_PARAM_SEED, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_string ("optimizers", N_("Optimizers"),
                         N_("Which optimizers to compare, separated by commas: sgd, momentum, nesterov, "
                            "adagrad, rmsprop, adam, adamw"),
                         "sgd,momentum,nesterov,adam", FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("learning-rate", N_("Learning rate η"),
                         N_("Step size of every optimizer"),
                         1e-5, 10.0, 0.05, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("momentum", N_("Momentum β"),
                         N_("Momentum and Nesterov: v ← βv + g keeps this share of the previous velocity"),
                         0.0, 0.999, 0.9, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("rho", N_("RMSProp decay ρ"),
                         N_("RMSProp: s ← ρs + (1 − ρ)g², the running mean of squared gradients"),
                         0.0, 0.9999, 0.9, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("beta1", N_("Adam β₁"),
                         N_("Adam and AdamW: decay of the first moment (running mean of the gradient)"),
                         0.0, 0.999, 0.9, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("beta2", N_("Adam β₂"),
                         N_("Adam and AdamW: decay of the second moment (running mean of the squared gradient)"),
                         0.0, 0.99999, 0.999, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("weight-decay", N_("Weight decay λ"),
                         N_("AdamW: decoupled decay x ← x − ηλx, applied beside the adaptive step"),
                         0.0, 10.0, 0.01, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("steps", N_("Steps"),
                      N_("Number of updates each optimizer makes"),
                      1, 2000, 200, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("start-x", N_("Start x"),
                         N_("x of the common starting point (click the contour plot to set both)"),
                         -10.0, 10.0, -4.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("start-y", N_("Start y"),
                         N_("y of the common starting point (click the contour plot to set both)"),
                         -10.0, 10.0, 0.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("step", N_("Step shown"),
                         N_("Scrub along the trajectories: the markers show every optimizer after this many steps"),
                         0.0, 2000.0, 2000.0, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_double ("tolerance", N_("Tolerance"),
                         N_("An optimizer has converged at the step from which on its loss stays within this of the minimum: f − f* < tolerance"),
                         1e-12, 1.0, 1e-6, FLAGS),
    LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_boolean ("show-gradient-norm", N_("Show gradient norm"),
                          N_("Add a plot of ‖∇f‖ at each iterate against the step"),
                          FALSE, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_optimizers_params_init (LabOptimizersParams *self)
{
}

/* ------------------------------------------------------------------ */
/* surfaces */

typedef struct
{
  LabOptSurface kind;
  double        c, s;      /* quadratic: cos and sin of the angle */
  double        a, b;      /* quadratic: curvature along u (flat) and v (steep) */
} Surface;

static void
surface_init (Surface   *S,
              LabParams *params)
{
  double theta = lab_params_get_double (params, "angle") * G_PI / 180.0;

  S->kind = lab_params_get_enum (params, "surface");
  S->c = cos (theta);
  S->s = sin (theta);
  S->b = CURVATURE;
  S->a = CURVATURE / lab_params_get_double (params, "condition");
}

static double
surface_f (const Surface *S,
           double         x,
           double         y)
{
  switch (S->kind)
    {
    case LAB_OPT_SURFACE_QUADRATIC:
      {
        double u = S->c * x + S->s * y, v = -S->s * x + S->c * y;

        return 0.5 * (S->a * u * u + S->b * v * v);
      }
    case LAB_OPT_SURFACE_ROSENBROCK:
      return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    case LAB_OPT_SURFACE_SADDLE:
      return x * x - y * y + 0.25 * y * y * y * y;
    case LAB_OPT_SURFACE_HIMMELBLAU:
      {
        double p = x * x + y - 11, q = x + y * y - 7;

        return p * p + q * q;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
surface_grad (const Surface *S,
              double         x,
              double         y,
              double        *gx,
              double        *gy)
{
  switch (S->kind)
    {
    case LAB_OPT_SURFACE_QUADRATIC:
      {
        double u = S->c * x + S->s * y, v = -S->s * x + S->c * y;

        *gx = S->a * u * S->c - S->b * v * S->s;
        *gy = S->a * u * S->s + S->b * v * S->c;
      }
      break;
    case LAB_OPT_SURFACE_ROSENBROCK:
      *gx = -2 * (1 - x) - 400 * x * (y - x * x);
      *gy = 200 * (y - x * x);
      break;
    case LAB_OPT_SURFACE_SADDLE:
      *gx = 2 * x;
      *gy = -2 * y + y * y * y;
      break;
    case LAB_OPT_SURFACE_HIMMELBLAU:
      {
        double p = x * x + y - 11, q = x + y * y - 7;

        *gx = 4 * x * p + 2 * q;
        *gy = 2 * p + 4 * y * q;
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The minima of each surface and the minimum value f*. */
static const double himmelblau_minima[4][2] = {
  { 3.0, 2.0 },
  { -2.805118086952745, 3.131312518250573 },
  { -3.779310253377747, -3.283185991286170 },
  { 3.584428340330492, -1.848126526964404 },
};

static guint
surface_minima (LabOptSurface kind,
                double        xy[4][2],
                double       *fstar)
{
  *fstar = 0;
  switch (kind)
    {
    case LAB_OPT_SURFACE_QUADRATIC:
      xy[0][0] = 0, xy[0][1] = 0;
      return 1;
    case LAB_OPT_SURFACE_ROSENBROCK:
      xy[0][0] = 1, xy[0][1] = 1;
      return 1;
    case LAB_OPT_SURFACE_SADDLE:
      /* ∂f/∂y = −2y + y³ = 0 at y = ±√2, where f = −2 + 1 */
      *fstar = -1;
      xy[0][0] = 0, xy[0][1] = G_SQRT2;
      xy[1][0] = 0, xy[1][1] = -G_SQRT2;
      return 2;
    case LAB_OPT_SURFACE_HIMMELBLAU:
      memcpy (xy, himmelblau_minima, sizeof himmelblau_minima);
      return 4;
    default:
      g_assert_not_reached ();
    }
}

static void
surface_box (LabOptSurface kind,
             double        box[4])
{
  static const double boxes[][4] = {
    [LAB_OPT_SURFACE_QUADRATIC] = { -5, 5, -5, 5 },
    [LAB_OPT_SURFACE_ROSENBROCK] = { -2, 2, -1, 3 },
    [LAB_OPT_SURFACE_SADDLE] = { -2.5, 2.5, -2.5, 2.5 },
    [LAB_OPT_SURFACE_HIMMELBLAU] = { -5.5, 5.5, -5.5, 5.5 },
  };

  memcpy (box, boxes[kind], sizeof boxes[kind]);
}

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

static void
opt_result_finalize (LabResult *result)
{
  OptResult *self = (OptResult *) result;

  for (guint i = 0; i < self->n_tracks; i++)
    {
      g_free (self->tracks[i].x);
      g_free (self->tracks[i].y);
      g_free (self->tracks[i].gap);
      g_free (self->tracks[i].gnorm);
    }
  g_free (self->grid);
  g_free (self->bands);
}

gboolean
lab_optimizers_result_get_track (const LabResult *result,
                                 LabOptimizer     optimizer,
                                 const double   **x,
                                 const double   **y,
                                 guint           *n,
                                 guint           *diverged_at)
{
  const OptResult *self = (const OptResult *) result;

  g_return_val_if_fail (result != NULL, FALSE);

  for (guint i = 0; i < self->n_tracks; i++)
    if (self->tracks[i].kind == optimizer)
      {
        const Track *t = &self->tracks[i];

        if (x != NULL)
          *x = t->x;
        if (y != NULL)
          *y = t->y;
        if (n != NULL)
          *n = t->n;
        if (diverged_at != NULL)
          *diverged_at = t->diverged_at;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* compute */

typedef struct
{
  double eta, beta, rho, beta1, beta2, lambda, sigma;
  guint64 seed;
  gboolean noisy;
} Hyper;

static gboolean
run_optimizer (const Surface  *S,
               const Hyper    *h,
               double          fstar,
               double          x0,
               double          y0,
               guint           steps,
               Track          *t,
               GCancellable   *cancellable)
{
  g_autoptr(gsl_rng) rng = h->noisy ? lab_rng_new (h->seed) : NULL;
  double p[2] = { x0, y0 };
  double v[2] = { 0, 0 }, m[2] = { 0, 0 }, s[2] = { 0, 0 };
  double b1t = 1, b2t = 1;
  double g[2];

  t->x = g_new (double, steps + 1);
  t->y = g_new (double, steps + 1);
  t->gap = g_new (double, steps + 1);
  t->gnorm = g_new (double, steps + 1);
  t->x[0] = x0;
  t->y[0] = y0;
  t->gap[0] = MAX (surface_f (S, x0, y0) - fstar, 0.0);
  surface_grad (S, x0, y0, &g[0], &g[1]);
  t->gnorm[0] = hypot (g[0], g[1]);
  t->n = 1;
  t->diverged_at = 0;

  for (guint step = 1; step <= steps; step++)
    {
      double f;

      if ((step & 255) == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;

      /* the gradient, at the look-ahead point for Nesterov */
      if (t->kind == LAB_OPTIMIZER_NESTEROV)
        surface_grad (S, p[0] - h->eta * h->beta * v[0], p[1] - h->eta * h->beta * v[1], &g[0], &g[1]);
      else
        surface_grad (S, p[0], p[1], &g[0], &g[1]);
      if (h->noisy)
        for (guint i = 0; i < 2; i++)
          g[i] += h->sigma * lab_rng_gaussian (rng);

      b1t *= h->beta1;
      b2t *= h->beta2;
      for (guint i = 0; i < 2; i++)
        switch (t->kind)
          {
          case LAB_OPTIMIZER_SGD:
            p[i] -= h->eta * g[i];
            break;
          case LAB_OPTIMIZER_MOMENTUM:
          case LAB_OPTIMIZER_NESTEROV:
            v[i] = h->beta * v[i] + g[i];
            p[i] -= h->eta * v[i];
            break;
          case LAB_OPTIMIZER_ADAGRAD:
            s[i] += g[i] * g[i];
            p[i] -= h->eta * g[i] / (sqrt (s[i]) + EPSILON);
            break;
          case LAB_OPTIMIZER_RMSPROP:
            s[i] = h->rho * s[i] + (1 - h->rho) * g[i] * g[i];
            p[i] -= h->eta * g[i] / (sqrt (s[i]) + EPSILON);
            break;
          case LAB_OPTIMIZER_ADAM:
          case LAB_OPTIMIZER_ADAMW:
            {
              double mhat, vhat, update;

              m[i] = h->beta1 * m[i] + (1 - h->beta1) * g[i];
              s[i] = h->beta2 * s[i] + (1 - h->beta2) * g[i] * g[i];
              mhat = m[i] / (1 - b1t);
              vhat = s[i] / (1 - b2t);
              update = mhat / (sqrt (vhat) + EPSILON);
              if (t->kind == LAB_OPTIMIZER_ADAMW)
                update += h->lambda * p[i];   /* decoupled: not rescaled by √v̂ */
              p[i] -= h->eta * update;
            }
            break;
          case LAB_N_OPTIMIZERS:
          default:
            g_assert_not_reached ();
          }

      f = surface_f (S, p[0], p[1]);
      if (!isfinite (p[0]) || !isfinite (p[1]) || !isfinite (f)
          || fabs (p[0]) > DIVERGED_ABS || fabs (p[1]) > DIVERGED_ABS)
        {
          t->diverged_at = step;
          break;
        }
      t->x[t->n] = p[0];
      t->y[t->n] = p[1];
      t->gap[t->n] = MAX (f - fstar, 0.0);
      surface_grad (S, p[0], p[1], &g[0], &g[1]);
      t->gnorm[t->n] = hypot (g[0], g[1]);
      t->n++;
    }
  return TRUE;
}

static LabResult *
opt_compute (LabParams     *params,
             LabDataset    *data,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (OptResult), opt_result_finalize);
  OptResult *self = (OptResult *) result;
  Surface S;
  Hyper h;
  guint set = parse_optimizers (lab_params_get_string (params, "optimizers"), error);
  double gmin = INFINITY, gmax = -INFINITY, lo;

  if (set == 0)
    return NULL;

  surface_init (&S, params);
  self->surface = S.kind;
  self->noisy = lab_params_get_boolean (params, "noisy");
  self->steps = (guint) lab_params_get_int (params, "steps");
  self->n_minima = surface_minima (S.kind, self->minima, &self->fstar);
  self->start_x = lab_params_get_double (params, "start-x");
  self->start_y = lab_params_get_double (params, "start-y");

  /* the surface's own box, grown to show the start point */
  surface_box (S.kind, self->box);
  {
    double mx = 0.06 * (self->box[1] - self->box[0]), my = 0.06 * (self->box[3] - self->box[2]);

    self->box[0] = MIN (self->box[0], self->start_x - mx);
    self->box[1] = MAX (self->box[1], self->start_x + mx);
    self->box[2] = MIN (self->box[2], self->start_y - my);
    self->box[3] = MAX (self->box[3], self->start_y + my);
  }

  /* the loss on the grid (cell centres), on a log scale */
  self->grid = g_new (double, GRID_N * GRID_N);
  for (guint j = 0; j < GRID_N; j++)
    {
      double y = self->box[2] + (j + 0.5) * (self->box[3] - self->box[2]) / GRID_N;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint i = 0; i < GRID_N; i++)
        {
          double x = self->box[0] + (i + 0.5) * (self->box[1] - self->box[0]) / GRID_N;
          double gap = surface_f (&S, x, y) - self->fstar;
          double l = gap > 0 ? log10 (gap) : -INFINITY;

          self->grid[j * GRID_N + i] = l;
          if (isfinite (l))
            gmin = MIN (gmin, l), gmax = MAX (gmax, l);
        }
    }
  lab_progress_set (progress, 0.3);
  if (!isfinite (gmax))
    gmin = -1, gmax = 1;
  lo = MAX (gmin, gmax - DECADES);
  for (guint k = 0; k < GRID_N * GRID_N; k++)
    if (!(self->grid[k] >= lo))
      self->grid[k] = lo;
  for (guint k = 0; k < N_LEVELS; k++)
    self->levels[k] = lo + (gmax - lo) * k / N_LEVELS;

  /* The filled bands as a raster of level values, which draws in a fraction of
   * the time a vector fill of every band takes; the contour lines on top hide
   * its pixel edges. */
  self->bands = g_new (double, FILL_N * FILL_N);
  for (guint j = 0; j < FILL_N; j++)
    {
      double y = self->box[2] + (j + 0.5) * (self->box[3] - self->box[2]) / FILL_N;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint i = 0; i < FILL_N; i++)
        {
          double x = self->box[0] + (i + 0.5) * (self->box[1] - self->box[0]) / FILL_N;
          double gap = surface_f (&S, x, y) - self->fstar;
          double l = gap > 0 ? log10 (gap) : lo;
          int k = (int) floor ((l - lo) / (gmax - lo) * N_LEVELS);

          self->bands[j * FILL_N + i] = self->levels[CLAMP (k, 0, N_LEVELS - 1)];
        }
    }

  h.eta = lab_params_get_double (params, "learning-rate");
  h.beta = lab_params_get_double (params, "momentum");
  h.rho = lab_params_get_double (params, "rho");
  h.beta1 = lab_params_get_double (params, "beta1");
  h.beta2 = lab_params_get_double (params, "beta2");
  h.lambda = lab_params_get_double (params, "weight-decay");
  h.noisy = self->noisy;
  h.sigma = lab_params_get_double (params, "noise");
  h.seed = (guint64) lab_params_get_int (params, "seed");

  for (guint k = 0; k < LAB_N_OPTIMIZERS; k++)
    if (set & (1u << k))
      {
        Track *t = &self->tracks[self->n_tracks++];

        t->kind = k;
        if (!run_optimizer (&S, &h, self->fstar, self->start_x, self->start_y, self->steps, t, cancellable))
          {
            g_cancellable_set_error_if_cancelled (cancellable, error);
            return NULL;
          }
        lab_progress_set (progress, 0.3 + 0.7 * self->n_tracks / (double) __builtin_popcount (set));
      }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ */
/* shared by the figure and the metrics */

/* The first step from which on f − f* stays below @tol to the end of the run, or −1
 * (also for a run that diverged). With noisy gradients a first touch of the
 * tolerance would often be luck; this is when the optimizer got there for good. */
static int
steps_to_tolerance (const Track *t,
                    double       tol)
{
  int k;

  if (t->diverged_at > 0)
    return -1;
  for (k = (int) t->n; k > 0 && t->gap[k - 1] < tol; k--)
    ;
  return k < (int) t->n ? k : -1;
}

static double
distance_to_minimum (const OptResult *self,
                     double           x,
                     double           y)
{
  double best = INFINITY;

  for (guint k = 0; k < self->n_minima; k++)
    best = MIN (best, hypot (x - self->minima[k][0], y - self->minima[k][1]));
  return best;
}

/* The optimizer that reached the tolerance first, else the lowest final loss
 * among those that did not diverge; NULL if all diverged. */
static const Track *
best_track (const OptResult *self,
            double           tol)
{
  const Track *best = NULL;
  int best_steps = G_MAXINT;
  double best_gap = INFINITY;

  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      int s = steps_to_tolerance (t, tol);

      if (s >= 0 && s < best_steps)
        best = t, best_steps = s;
    }
  if (best != NULL)
    return best;
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];

      if (t->diverged_at == 0 && t->gap[t->n - 1] < best_gap)
        best = t, best_gap = t->gap[t->n - 1];
    }
  return best;
}

static guint
shown_step (const OptResult *self,
            LabParams       *params)
{
  double s = lab_params_get_double (params, "step");

  return (guint) CLAMP (llround (s), 0, (long long) self->steps);
}

static const char *
surface_title (LabOptSurface kind)
{
  switch (kind)
    {
    case LAB_OPT_SURFACE_QUADRATIC: return _("Ill-conditioned quadratic");
    case LAB_OPT_SURFACE_ROSENBROCK: return _("Rosenbrock");
    case LAB_OPT_SURFACE_SADDLE: return _("Saddle");
    case LAB_OPT_SURFACE_HIMMELBLAU: return _("Himmelblau");
    default: g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* figure */

/* Palette slots that keep each optimizer's colour apart from its neighbours' and
 * readable on viridis (the yellow and the bluish green go to the rarer ones). */
static guint
optimizer_slot (LabOptimizer optimizer)
{
  static const guint slots[LAB_N_OPTIMIZERS] = { 0, 1, 3, 7, 4, 5, 2 };

  return slots[optimizer];
}

static void
add_series (LabAxes      *ax,
            const char   *label,
            const double *values,
            guint         n,
            guint         shown,
            LabStyle     *style,
            LabStyle     *marker)
{
  guint stride = (n + MAX_DRAWN - 1) / MAX_DRAWN;
  g_autofree double *x = g_new (double, MAX_DRAWN + 2);
  g_autofree double *y = g_new (double, MAX_DRAWN + 2);
  guint m = 0, at;

  if (n == 0)
    return;
  /* long runs are drawn with every stride-th point (and the last) */
  for (guint k = 0; k < n; k += MAX (stride, 1))
    x[m] = k, y[m] = MAX (values[k], LOSS_FLOOR), m++;
  if (x[m - 1] != n - 1)
    x[m] = n - 1, y[m] = MAX (values[n - 1], LOSS_FLOOR), m++;
  lab_axes_add_line (ax, label, x, y, m, style);
  at = MIN (shown, n - 1);
  lab_layer_set_dynamic (lab_axes_add_marker (ax, NULL, at, MAX (values[at], LOSS_FLOOR), marker), TRUE);
}

/* The drawn part of a path: its points up to the first one far outside the plot
 * (a diverging run reaches 1e6), that one pulled back along its segment to the
 * edge of a box three times the plot's size. Returns how many points to draw. */
static guint
drawn_path (const OptResult *self,
            const Track     *t,
            guint            n,
            double          *x,
            double          *y)
{
  double w = self->box[1] - self->box[0], h = self->box[3] - self->box[2];
  double lo[2] = { self->box[0] - w, self->box[2] - h }, hi[2] = { self->box[1] + w, self->box[3] + h };

  for (guint k = 0; k < n; k++)
    {
      double p[2] = { t->x[k], t->y[k] };
      double f = 1;

      x[k] = p[0], y[k] = p[1];
      if (p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1])
        continue;
      if (k == 0)
        return 1;
      for (guint i = 0; i < 2; i++)
        {
          double q = i == 0 ? t->x[k - 1] : t->y[k - 1];

          if (p[i] > hi[i])
            f = MIN (f, (hi[i] - q) / (p[i] - q));
          else if (p[i] < lo[i])
            f = MIN (f, (lo[i] - q) / (p[i] - q));
        }
      x[k] = t->x[k - 1] + f * (p[0] - t->x[k - 1]);
      y[k] = t->y[k - 1] + f * (p[1] - t->y[k - 1]);
      return k + 1;
    }
  return n;
}

static LabFigure *
opt_build (const LabResult *result,
           LabParams       *params)
{
  const OptResult *self = (const OptResult *) result;
  gboolean show_grad = lab_params_get_boolean (params, "show-gradient-norm");
  LabFigure *figure = lab_figure_new (show_grad ? 2 : 1, 2);
  LabAxes *con = lab_figure_get_axes_at (figure, 0, 0);
  LabAxes *loss = lab_figure_get_axes_at (figure, 0, 1);
  LabAxes *grad = show_grad ? lab_figure_get_axes_at (figure, 1, 1) : NULL;
  guint shown = shown_step (self, params);
  double tol = lab_params_get_double (params, "tolerance");
  LabStyle muted = lab_style_default (0);
  LabStyle minimum = lab_style_default (0);
  LabStyle start = lab_style_default (0);

  if (show_grad)
    lab_figure_set_span (figure, 0, 0, 2, 1);
  lab_figure_set_col_weights (figure, (const double[]) { 1.2, 1.0 });

  muted.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
  muted.dash = LAB_DASH_DASHED;
  muted.line_width = 1.2;
  minimum.color = lab_color_rgba (1, 1, 1, 1);
  minimum.fill = lab_color_rgba (0, 0, 0, 0);
  minimum.marker = LAB_MARKER_CROSS;
  minimum.marker_size = 12;
  minimum.line_width = 2.5;
  start.color = lab_color_rgba (0.1, 0.1, 0.1, 1);
  start.fill = lab_color_rgba (1, 1, 1, 1);
  start.marker = LAB_MARKER_SQUARE;
  start.marker_size = 9;
  start.line_width = 1.5;

  /* the surface and the paths */
  lab_axes_set_tag (con, TAG_CONTOUR);
  {
    g_autofree char *title = g_strdup_printf (_("%s: log₁₀(f − f*)"),
                                              surface_title (self->surface));

    lab_axes_set_title (con, title);
  }
  lab_axes_set_xlabel (con, "x");
  lab_axes_set_ylabel (con, "y");
  lab_axes_set_xlim (con, self->box[0], self->box[1]);
  lab_axes_set_ylim (con, self->box[2], self->box[3]);
  lab_axes_set_equal_aspect (con, TRUE);
  lab_axes_set_grid (con, FALSE);
  lab_axes_add_heatmap (con, self->bands, FILL_N, FILL_N, self->box[0], self->box[1], self->box[2], self->box[3],
                        LAB_COLORMAP_VIRIDIS, self->levels[0], self->levels[N_LEVELS - 1], "log₁₀(f − f*)");
  {
    LabStyle iso = lab_style_default (0);

    /* a line on every band's edge, over the raster's pixel steps */
    iso.color = lab_color_rgba (0, 0, 0, 0.25);
    iso.line_width = 0.8;
    lab_axes_add_contour (con, self->grid, GRID_N, GRID_N, self->box[0], self->box[1], self->box[2], self->box[3],
                          self->levels + 1, N_LEVELS - 1, FALSE, LAB_COLORMAP_VIRIDIS, &iso);
  }
  for (guint k = 0; k < self->n_minima; k++)
    lab_axes_add_marker (con, k == 0 ? _("minimum") : NULL, self->minima[k][0], self->minima[k][1], &minimum);
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      LabStyle line = lab_style_default (optimizer_slot (t->kind));
      LabStyle past = lab_style_default (optimizer_slot (t->kind));
      guint at = MIN (shown, t->n - 1);
      LabStyle mark = lab_style_default (optimizer_slot (t->kind));

      /* the whole path faint (static), the part up to the step shown strong (dynamic) */
      line.line_width = 1.5;
      line.alpha = 0.45;
      past.line_width = 2.2;
      mark.marker = LAB_MARKER_CIRCLE;
      mark.marker_size = 10;
      mark.color = lab_color_rgba (1, 1, 1, 1);
      mark.fill = lab_color_palette (optimizer_slot (t->kind));
      mark.line_width = 1.5;
      g_autofree double *px = g_new (double, t->n);
      g_autofree double *py = g_new (double, t->n);
      guint n_past;

      if (at + 1 < t->n)
        lab_axes_add_line (con, NULL, px, py, drawn_path (self, t, t->n, px, py), &line);
      n_past = drawn_path (self, t, at + 1, px, py);
      lab_layer_set_dynamic (lab_axes_add_line (con, optimizer_title (t->kind, self->noisy), px, py, n_past, &past),
                             TRUE);
      lab_layer_set_dynamic (lab_axes_add_marker (con, NULL, t->x[at], t->y[at], &mark), TRUE);
    }
  lab_axes_add_marker (con, _("start"), self->start_x, self->start_y, &start);

  /* loss against step */
  lab_axes_set_tag (loss, TAG_LOSS);
  lab_axes_set_title (loss, _("Loss gap f − f* by step"));
  lab_axes_set_xlabel (loss, _("Step"));
  lab_axes_set_ylabel (loss, "f − f*");
  lab_axes_set_yscale (loss, LAB_SCALE_LOG);
  lab_axes_set_xlim (loss, 0, self->steps);
  lab_axes_set_grid (loss, TRUE);
  lab_axes_set_legend (loss, TRUE);
  {
    g_autofree char *label = g_strdup_printf (_("tolerance %.0e"), tol);

    lab_layer_set_dynamic (lab_axes_add_hline (loss, label, MAX (tol, LOSS_FLOOR), &muted), TRUE);
  }
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      LabStyle line = lab_style_default (optimizer_slot (t->kind));
      LabStyle mark = lab_style_default (optimizer_slot (t->kind));
      g_autofree char *label = NULL;

      line.line_width = 1.5;
      mark.marker = LAB_MARKER_CIRCLE;
      mark.marker_size = 8;
      mark.fill = lab_color_palette (optimizer_slot (t->kind));
      if (t->diverged_at > 0)
        label = g_strdup_printf (_("%s: diverged at step %u"), optimizer_title (t->kind, self->noisy), t->diverged_at);
      else
        label = g_strdup (optimizer_title (t->kind, self->noisy));
      add_series (loss, label, t->gap, t->n, shown, &line, &mark);
    }
  {
    LabStyle sline = lab_style_default (0);

    sline.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.8);
    sline.line_width = 1.2;
    lab_layer_set_dynamic (lab_axes_add_vline (loss, NULL, shown, &sline), TRUE);
  }

  /* gradient norm against step */
  if (grad == NULL)
    return figure;
  lab_axes_set_tag (grad, TAG_GRAD);
  lab_axes_set_title (grad, _("Gradient norm ‖∇f‖ by step"));
  lab_axes_set_xlabel (grad, _("Step"));
  lab_axes_set_ylabel (grad, "‖∇f‖");
  lab_axes_set_yscale (grad, LAB_SCALE_LOG);
  lab_axes_set_xlim (grad, 0, self->steps);
  lab_axes_set_grid (grad, TRUE);
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      LabStyle line = lab_style_default (optimizer_slot (t->kind));
      LabStyle mark = lab_style_default (optimizer_slot (t->kind));

      line.line_width = 1.6;
      mark.marker = LAB_MARKER_CIRCLE;
      mark.marker_size = 7;
      mark.fill = lab_color_palette (optimizer_slot (t->kind));
      add_series (grad, optimizer_title (t->kind, self->noisy), t->gnorm, t->n, shown, &line, &mark);
    }

  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
opt_metrics (const LabResult *result,
             LabParams       *params,
             LabMetrics      *out)
{
  const OptResult *self = (const OptResult *) result;
  double tol = lab_params_get_double (params, "tolerance");
  const Track *best = best_track (self, tol);
  static const char *surface_nicks[] = { "quadratic", "rosenbrock", "saddle", "himmelblau" };

  lab_metrics_add_string (out, "surface", _("Surface"), surface_nicks[self->surface]);
  lab_metrics_add_string (out, "best", _("Best"), best != NULL ? lab_optimizer_get_nick (best->kind) : NULL);
  lab_metrics_add_int (out, "step", _("Step shown"), shown_step (self, params));

  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      int s = steps_to_tolerance (t, tol);
      g_autofree char *key = g_strdup_printf ("%s_summary", lab_optimizer_get_nick (t->kind));
      g_autofree char *text = NULL;

      if (t->diverged_at > 0)
        text = g_strdup_printf (_("diverged at step %u"), t->diverged_at);
      else
        {
          double gap = t->gap[t->n - 1];
          g_autofree char *reached = s >= 0 ? g_strdup_printf (_("below tolerance from step %d"), s)
                                            : g_strdup (_("tolerance not reached"));

          text = g_strdup_printf (_("f − f* = %.3g, %s, %.3g from a minimum"), gap, reached,
                                  distance_to_minimum (self, t->x[t->n - 1], t->y[t->n - 1]));
        }
      lab_metrics_add_string (out, key, optimizer_title (t->kind, self->noisy), text);
    }

  lab_metrics_begin_array (out, "optimizers");
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      int s = steps_to_tolerance (t, tol);
      gboolean diverged = t->diverged_at > 0;
      double fx = t->x[t->n - 1], fy = t->y[t->n - 1];

      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "name", NULL, lab_optimizer_get_nick (t->kind));
      if (diverged)
        {
          g_autofree char *status = g_strdup_printf ("diverged at step %u", t->diverged_at);

          lab_metrics_add_null (out, "final_loss", NULL);
          lab_metrics_add_null (out, "steps_to_tolerance", NULL);
          lab_metrics_add_null (out, "final_x", NULL);
          lab_metrics_add_null (out, "final_y", NULL);
          lab_metrics_add_null (out, "distance_to_minimum", NULL);
          lab_metrics_add_int (out, "diverged_at", NULL, t->diverged_at);
          lab_metrics_add_string (out, "status", NULL, status);
        }
      else
        {
          lab_metrics_add_double (out, "final_loss", NULL, t->gap[t->n - 1] + self->fstar);
          if (s >= 0)
            lab_metrics_add_int (out, "steps_to_tolerance", NULL, s);
          else
            lab_metrics_add_null (out, "steps_to_tolerance", NULL);
          lab_metrics_add_double (out, "final_x", NULL, fx);
          lab_metrics_add_double (out, "final_y", NULL, fy);
          lab_metrics_add_double (out, "distance_to_minimum", NULL, distance_to_minimum (self, fx, fy));
          lab_metrics_add_null (out, "diverged_at", NULL);
          lab_metrics_add_string (out, "status", NULL, s >= 0 ? "converged" : "running");
        }
      lab_metrics_end (out);
    }
  lab_metrics_end (out);
}

/* ------------------------------------------------------------------ */
/* interaction */

static gboolean
opt_click (const LabResult *result,
           LabParams       *params,
           int              axes_tag,
           double           x,
           double           y)
{
  if (axes_tag != TAG_CONTOUR || !isfinite (x) || !isfinite (y))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (params));
  lab_params_set_double (params, "start-x", x);
  lab_params_set_double (params, "start-y", y);
  g_object_thaw_notify (G_OBJECT (params));
  return TRUE;
}

static gboolean
opt_suggest_range (const LabResult *result,
                   GParamSpec      *pspec,
                   double          *lo,
                   double          *hi)
{
  const OptResult *self = (const OptResult *) result;

  if (!g_str_equal (pspec->name, "step"))
    return FALSE;
  *lo = 0;
  *hi = self->steps;
  return TRUE;
}

static const LabPreset opt_presets[] = {
  { N_("Ill-conditioned valley: momentum wins"),
    "surface=quadratic condition=50 angle=30 optimizers=sgd,momentum,nesterov learning-rate=0.05 "
    "momentum=0.9 steps=400 start-x=-4 start-y=0" },
  { N_("Rosenbrock"),
    "surface=rosenbrock optimizers=sgd,momentum,nesterov,rmsprop,adam learning-rate=0.001 "
    "steps=2000 start-x=-1.5 start-y=2 tolerance=1e-4" },
  { N_("Saddle point escape"),
    "surface=saddle optimizers=sgd,momentum,rmsprop,adam learning-rate=0.01 steps=600 "
    "start-x=2 start-y=0.001 tolerance=1e-6" },
  { N_("Adam vs SGD on noise"),
    "surface=quadratic condition=25 optimizers=sgd,momentum,adam,adamw noisy=true noise=2 learning-rate=0.02 "
    "steps=600 start-x=-4 start-y=0 tolerance=0.05" },
  { N_("Too large a learning rate diverges"),
    "surface=quadratic condition=10 optimizers=sgd,momentum,adam learning-rate=0.22 steps=150 "
    "start-x=-4 start-y=0" },
};

const LabTopic lab_topic_optimizers = {
  .id = "optimizers",
  .title = N_("Optimizers on loss surfaces"),
  .chapter = LAB_CHAPTER_TRAINING,
  .sections = "§2.5, §2.7–2.13, §2.15",
  .summary = N_("Gradient descent, momentum, Nesterov, Adagrad, RMSProp, Adam and AdamW race from one start point across the same loss surface."),
  .explanation = N_(
    "Every optimizer starts at the same point and reads the gradient <i>g</i> = ∇f(x) "
    "(plus Gaussian noise when <i>Noisy gradients</i> is on, like a minibatch estimate); "
    "η is the learning rate, operations act per coordinate.\n"
    "• <b>Gradient descent</b>: x ← x − η·g. On a quadratic with largest curvature L it "
    "converges for η &lt; 2/L and diverges for η &gt; 2/L.\n"
    "• <b>Momentum</b> (heavy ball): v ← βv + g, x ← x − ηv. Equivalent to the notes’ "
    "x ← x − η·g + β·Δx<sub>prev</sub>; on the quadratic it is stable up to η &lt; 2(1 + β)/L.\n"
    "• <b>Nesterov</b>: the same, but the gradient is taken at the look-ahead point: "
    "v ← βv + ∇f(x − ηβv), x ← x − ηv.\n"
    "• <b>Adagrad</b>: G<sub>t,i</sub> = Σ<sub>τ=1…t</sub> g<sub>τ,i</sub>², "
    "x<sub>i</sub> ← x<sub>i</sub> − η·g<sub>t,i</sub> / (√G<sub>t,i</sub> + ε). The sum "
    "runs over past <i>steps</i> τ for each coordinate i (the notes reuse i as the "
    "summation index); it only grows, so the steps shrink for good.\n"
    "• <b>RMSProp</b>: s ← ρs + (1 − ρ)g², x ← x − η·g / (√s + ε): a running mean "
    "instead of a sum, so the step size can recover.\n"
    "• <b>Adam</b>: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², "
    "m̂ = m/(1 − β₁<sup>t</sup>), v̂ = v/(1 − β₂<sup>t</sup>), x ← x − η·m̂ / (√v̂ + ε). "
    "m and v are running estimates of the first and second <i>moments</i> of the "
    "gradient (its mean and its element-wise square): Adam uses no second derivatives, "
    "whatever the notes’ §2.8 says. The bias correction undoes the zero start of m and v.\n"
    "• <b>AdamW</b>: the Adam step plus a decoupled decay, x ← x − η(m̂ / (√v̂ + ε) + λx): "
    "the decay is not divided by √v̂.\n"
    "One η does not suit every method: gradient descent moves η·‖g‖, so it needs η "
    "below about 2/L, while Adam, RMSProp and Adagrad move about η per coordinate "
    "whatever the gradient’s size. On Rosenbrock (L ≈ 2700 at the start) compare them at "
    "η = 0.001 and at η = 0.02.\n\n"
    "<b>Why momentum helps in a valley.</b> With condition number κ = L/μ, gradient "
    "descent must keep η below 2/L for the steep direction, so it crawls along the flat one "
    "(progress ∝ 1 − ημ per step) while zig-zagging across. Momentum averages the "
    "zig-zag away and accumulates the small consistent gradient along the valley floor: "
    "its error contracts by about √β per step instead of 1 − ημ. Try "
    "<i>Condition number</i> and the valley <i>angle</i>: per-coordinate methods (Adagrad, "
    "RMSProp, Adam) fit best when the valley is aligned with an axis.\n\n"
    "<b>Saddle points</b> (§2.15): the gradient vanishes but the Hessian has eigenvalues "
    "of both signs. Here f = x² − y² + y⁴/4 has a saddle at the origin and minima at "
    "(0, ±√2). Started exactly on y = 0, gradient descent slides into the saddle and "
    "stays; a tiny offset or gradient noise lets it escape, slowly for plain descent "
    "(the offset grows by a factor 1 + 2η per step) and fast for methods that rescale "
    "the small gradient.\n\n"
    "<b>Said precisely.</b> “Momentum or SGD generalises better, Adam worse” (§2.9–2.10) "
    "is a tendency observed in some settings, not a theorem, and a 2-D surface cannot "
    "show generalisation at all. Weight decay equals an L2 penalty (§2.11) only for plain "
    "SGD, with λ<sub>decay</sub> = η·λ<sub>L2</sub>; in adaptive methods the L2 gradient "
    "is rescaled by 1/√v̂, which is why AdamW decouples the decay (§2.12–2.13).\n\n"
    "Click the contour plot to move the start; drag <i>Step shown</i> to replay the race."),
  .params_get_type = lab_optimizers_params_get_type,
  .compute = opt_compute,
  .build = opt_build,
  .metrics = opt_metrics,
  .click = opt_click,
  .suggest_range = opt_suggest_range,
  .presets = opt_presets,
  .n_presets = G_N_ELEMENTS (opt_presets),
};
