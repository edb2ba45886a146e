/* optimizers-compute.c — the optimizers topic on the worker: surfaces and trajectories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "optimizers-private.h"

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

/* ------------------------------------------------------------------ */
/* compute */

G_STATIC_ASSERT ((int) LAB_OPTIMIZER_SGD == (int) LAB_OPTIM_SGD);
G_STATIC_ASSERT ((int) LAB_OPTIMIZER_MOMENTUM == (int) LAB_OPTIM_MOMENTUM);
G_STATIC_ASSERT ((int) LAB_OPTIMIZER_NESTEROV == (int) LAB_OPTIM_NESTEROV);
G_STATIC_ASSERT ((int) LAB_OPTIMIZER_ADAGRAD == (int) LAB_OPTIM_ADAGRAD);
G_STATIC_ASSERT ((int) LAB_OPTIMIZER_RMSPROP == (int) LAB_OPTIM_RMSPROP);
G_STATIC_ASSERT ((int) LAB_OPTIMIZER_ADAM == (int) LAB_OPTIM_ADAM);
G_STATIC_ASSERT ((int) LAB_OPTIMIZER_ADAMW == (int) LAB_OPTIM_ADAMW);

typedef struct
{
  LabOptimHyper rule;          /* the update rule and its hyper-parameters (lab-optim) */
  double        sigma;         /* gradient noise */
  guint64       seed;
  gboolean      noisy;
} Hyper;

/* One trajectory: the engine's update rule (lab-optim) on the surface's gradient, plus the
 * same gradient noise for every optimizer (common random numbers). */
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
  LabOptimHyper rule = h->rule;
  g_autoptr(LabOptim) optim = NULL;
  double p[2] = { x0, y0 };
  double at[2], g[2];

  rule.kind = (LabOptimKind) t->kind;
  optim = lab_optim_new (&rule, 2);
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
      lab_optim_gradient_point (optim, p, at);
      surface_grad (S, at[0], at[1], &g[0], &g[1]);
      if (h->noisy)
        for (guint i = 0; i < 2; i++)
          g[i] += h->sigma * lab_rng_gaussian (rng);
      lab_optim_step (optim, p, g);

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

LabResult *
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

  h.rule.lr = lab_params_get_double (params, "learning-rate");
  h.rule.momentum = lab_params_get_double (params, "momentum");
  h.rule.rho = lab_params_get_double (params, "rho");
  h.rule.beta1 = lab_params_get_double (params, "beta1");
  h.rule.beta2 = lab_params_get_double (params, "beta2");
  h.rule.weight_decay = lab_params_get_double (params, "weight-decay");
  h.rule.eps = EPSILON;
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
