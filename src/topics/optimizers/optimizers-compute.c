/* optimizers-compute.c — the optimizers topic on the worker: surfaces and trajectories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-columns.h"
#include "lab-points.h"

#include "optimizers-private.h"

/* ------------------------------------------------------------------ */
/* surfaces */

typedef struct
{
  LabOptSurface kind;
  double        c, s;      /* quadratic: cos and sin of the angle */
  double        a, b;      /* quadratic: curvature along u (flat) and v (steep) */
  guint         n;         /* logistic: the points (x₁, x₂) and their 0/1 labels */
  const double *px;
  const double *py;
} Surface;

static void
surface_init (Surface   *S,
              LabParams *params)
{
  double theta = lab_params_get_double (params, "angle") * G_PI / 180.0;

  /* source=data: the logistic loss on the opened file, whatever the surface */
  S->kind = lab_params_get_enum (params, "source") == LAB_OPT_SOURCE_DATA ? LAB_OPT_SURFACE_LOGISTIC
                                                                         : lab_params_get_enum (params, "surface");
  S->c = cos (theta);
  S->s = sin (theta);
  S->b = CURVATURE;
  S->a = CURVATURE / lab_params_get_double (params, "condition");
}

/* The mean logistic loss of the weights (w₁, w₂) over @n points (all when @idx is NULL),
 * its gradient and its Hessian (either may be NULL). One exp and one log1p a point:
 * with e = exp(−|z|), softplus(z) = max(z, 0) + log1p(e) and σ(z) = 1/(1 + e) or e/(1 + e). */
static double
logistic_eval (const Surface *S,
               double         w1,
               double         w2,
               const guint   *idx,
               guint          n,
               double        *g,
               double        *h)
{
  double f = 0, g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;

  for (guint k = 0; k < n; k++)
    {
      guint i = idx != NULL ? idx[k] : k;
      double x1 = S->px[2 * i], x2 = S->px[2 * i + 1], y = S->py[i];
      double z = w1 * x1 + w2 * x2, e = exp (-fabs (z));
      double p = z >= 0 ? 1 / (1 + e) : e / (1 + e);

      f += MAX (z, 0.0) + log1p (e) - y * z;
      g0 += (p - y) * x1;
      g1 += (p - y) * x2;
      if (h != NULL)
        {
          double q = p * (1 - p);

          h00 += q * x1 * x1, h01 += q * x1 * x2, h11 += q * x2 * x2;
        }
    }
  if (g != NULL)
    g[0] = g0 / n, g[1] = g1 / n;
  if (h != NULL)
    h[0] = h00 / n, h[1] = h[2] = h01 / n, h[3] = h11 / n;
  return f / n;
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
    case LAB_OPT_SURFACE_BEALE:
      {
        double a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y;

        return a * a + b * b + c * c;
      }
    case LAB_OPT_SURFACE_MONKEY_SADDLE:
      return x * x * x - 3 * x * y * y;
    case LAB_OPT_SURFACE_LOGISTIC:
      return logistic_eval (S, x, y, NULL, S->n, NULL, NULL);
    default:
      g_assert_not_reached ();
    }
}

/* The exact gradient (the full batch for the logistic loss) and, when @h is not NULL, the
 * Hessian (row-major 2 × 2). */
static void
surface_derivatives (const Surface *S,
                     double         x,
                     double         y,
                     double        *g,
                     double        *h)
{
  double hh[4];

  switch (S->kind)
    {
    case LAB_OPT_SURFACE_QUADRATIC:
      {
        double u = S->c * x + S->s * y, v = -S->s * x + S->c * y;

        g[0] = S->a * u * S->c - S->b * v * S->s;
        g[1] = S->a * u * S->s + S->b * v * S->c;
        hh[0] = S->a * S->c * S->c + S->b * S->s * S->s;
        hh[1] = hh[2] = (S->a - S->b) * S->c * S->s;
        hh[3] = S->a * S->s * S->s + S->b * S->c * S->c;
      }
      break;
    case LAB_OPT_SURFACE_ROSENBROCK:
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      hh[0] = 2 - 400 * (y - x * x) + 800 * x * x;
      hh[1] = hh[2] = -400 * x;
      hh[3] = 200;
      break;
    case LAB_OPT_SURFACE_SADDLE:
      g[0] = 2 * x;
      g[1] = -2 * y + y * y * y;
      hh[0] = 2, hh[1] = hh[2] = 0, hh[3] = -2 + 3 * y * y;
      break;
    case LAB_OPT_SURFACE_HIMMELBLAU:
      {
        double p = x * x + y - 11, q = x + y * y - 7;

        g[0] = 4 * x * p + 2 * q;
        g[1] = 2 * p + 4 * y * q;
        hh[0] = 4 * p + 8 * x * x + 2;
        hh[1] = hh[2] = 4 * x + 4 * y;
        hh[3] = 2 + 4 * q + 8 * y * y;
      }
      break;
    case LAB_OPT_SURFACE_BEALE:
      {
        /* f = Σ rₖ², rₖ = cₖ − x + x yᵏ: ∇f = 2 Σ rₖ ∇rₖ, H = 2 Σ (∇rₖ ∇rₖᵀ + rₖ ∇²rₖ) */
        static const double cst[3] = { 1.5, 2.25, 2.625 };

        g[0] = g[1] = hh[0] = hh[1] = hh[3] = 0;
        for (int k = 1; k <= 3; k++)
          {
            double yk = pow (y, k), r = cst[k - 1] - x + x * yk;
            double rx = yk - 1, ry = k * x * pow (y, k - 1);
            double rxy = k * pow (y, k - 1), ryy = k == 1 ? 0 : k * (k - 1) * x * pow (y, k - 2);

            g[0] += 2 * r * rx;
            g[1] += 2 * r * ry;
            hh[0] += 2 * rx * rx;
            hh[1] += 2 * (rx * ry + r * rxy);
            hh[3] += 2 * (ry * ry + r * ryy);
          }
        hh[2] = hh[1];
      }
      break;
    case LAB_OPT_SURFACE_MONKEY_SADDLE:
      g[0] = 3 * x * x - 3 * y * y;
      g[1] = -6 * x * y;
      hh[0] = 6 * x, hh[1] = hh[2] = -6 * y, hh[3] = -6 * x;
      break;
    case LAB_OPT_SURFACE_LOGISTIC:
      logistic_eval (S, x, y, NULL, S->n, g, h);
      return;
    default:
      g_assert_not_reached ();
    }
  if (h != NULL)
    memcpy (h, hh, sizeof hh);
}

/* The minima of each surface and the minimum value f*. */
static const double himmelblau_minima[4][2] = {
  { 3.0, 2.0 },
  { -2.805118086952745, 3.131312518250573 },
  { -3.779310253377747, -3.283185991286170 },
  { 3.584428340330492, -1.848126526964404 },
};

/* f, the exact gradient and (when @h is not NULL) the Hessian at (x, y), in one pass over the
 * data for the logistic loss. */
static double
surface_eval (const Surface *S,
              double         x,
              double         y,
              double        *g,
              double        *h)
{
  if (S->kind == LAB_OPT_SURFACE_LOGISTIC)
    return logistic_eval (S, x, y, NULL, S->n, g, h);
  surface_derivatives (S, x, y, g, h);
  return surface_f (S, x, y);
}

/* The minima of @S (the logistic loss's found by Newton's method: convex, it has one unless the
 * classes are separable), the minimum value f*, and whether there is a minimum at all. */
static guint
surface_minima (const Surface *S,
                double         xy[4][2],
                double        *fstar,
                gboolean      *has_minimum)
{
  *fstar = 0;
  *has_minimum = TRUE;
  switch (S->kind)
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
    case LAB_OPT_SURFACE_BEALE:
      xy[0][0] = 3, xy[0][1] = 0.5;
      return 1;
    case LAB_OPT_SURFACE_MONKEY_SADDLE:
      *has_minimum = FALSE;
      return 0;
    case LAB_OPT_SURFACE_LOGISTIC:
      {
        double w[2] = { 0, 0 }, g[2], h[4], mu;

        for (int it = 0; it < 100; it++)
          {
            surface_derivatives (S, w[0], w[1], g, h);
            if (hypot (g[0], g[1]) < 1e-13 || !lab_optim_newton_step (w, g, h, 2, 1.0, &mu)
                || fabs (w[0]) > 1e4 || fabs (w[1]) > 1e4)
              break;
          }
        surface_derivatives (S, w[0], w[1], g, NULL);
        /* the classes are separable (through the origin: there is no bias) when the weights
         * found put every point on its side: then no minimiser exists */
        {
          guint wrong = 0;

          for (guint i = 0; i < S->n; i++)
            wrong += (w[0] * S->px[2 * i] + w[1] * S->px[2 * i + 1]) * (2 * S->py[i] - 1) <= 0;
          if (wrong == 0)
            g[0] = INFINITY;
        }
        if (!(hypot (g[0], g[1]) < 1e-9) || fabs (w[0]) > 1e4 || fabs (w[1]) > 1e4)
          {
            /* separable: the loss falls towards 0 as ‖w‖ grows, with no minimiser */
            *has_minimum = FALSE;
            return 0;
          }
        xy[0][0] = w[0], xy[0][1] = w[1];
        *fstar = surface_f (S, w[0], w[1]);
        return 1;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
surface_box (const OptResult *self,
             double           box[4])
{
  static const double boxes[][4] = {
    [LAB_OPT_SURFACE_QUADRATIC] = { -5, 5, -5, 5 },
    [LAB_OPT_SURFACE_ROSENBROCK] = { -2, 2, -1, 3 },
    [LAB_OPT_SURFACE_SADDLE] = { -2.5, 2.5, -2.5, 2.5 },
    [LAB_OPT_SURFACE_HIMMELBLAU] = { -5.5, 5.5, -5.5, 5.5 },
    [LAB_OPT_SURFACE_BEALE] = { -4.5, 4.5, -4.5, 4.5 },
    [LAB_OPT_SURFACE_MONKEY_SADDLE] = { -2, 2, -2, 2 },
    [LAB_OPT_SURFACE_LOGISTIC] = { -5, 5, -5, 5 },
  };

  memcpy (box, boxes[self->surface], sizeof boxes[self->surface]);
  if (self->surface == LAB_OPT_SURFACE_LOGISTIC && self->n_minima > 0)
    {
      /* around the minimum, as wide as it is far from the origin */
      double r = MAX (5.0, 1.3 * MAX (fabs (self->minima[0][0]), fabs (self->minima[0][1])));

      box[0] = self->minima[0][0] - r, box[1] = self->minima[0][0] + r;
      box[2] = self->minima[0][1] - r, box[3] = self->minima[0][1] + r;
    }
}


static void
opt_result_finalize (LabResult *result)
{
  OptResult *self = (OptResult *) result;

  for (guint i = 0; i < self->n_tracks; i++)
    {
      Track *t = &self->tracks[i];

      g_free (t->x);
      g_free (t->y);
      g_free (t->gap);
      g_free (t->gnorm);
      g_free (t->gx);
      g_free (t->gy);
      g_free (t->vx);
      g_free (t->vy);
      g_free (t->dx);
      g_free (t->dy);
    }
  g_free (self->grid);
  g_free (self->bands);
  g_free (self->factor);
  g_free (self->data_name);
}

/* ------------------------------------------------------------------ */
/* data of the logistic surface */

/* LOGISTIC_N points, half of class 0 and half of class 1, from two correlated Gaussians
 * with means ±(1, 0.5): they overlap, so the loss has a minimum. */
static void
synthesize_points (guint64   seed,
                   double  **px,
                   double  **py,
                   guint    *n)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (seed);

  *n = LOGISTIC_N;
  *px = g_new (double, 2 * LOGISTIC_N);
  *py = g_new (double, LOGISTIC_N);
  for (guint i = 0; i < LOGISTIC_N; i++)
    {
      double sgn = i % 2 ? 1 : -1, z1 = lab_rng_gaussian (rng), z2 = lab_rng_gaussian (rng);

      (*px)[2 * i] = sgn * 1.0 + z1;
      (*px)[2 * i + 1] = sgn * 0.5 + 0.6 * z1 + 0.8 * z2;
      (*py)[i] = i % 2;
    }
}

static gboolean
load_points (LabParams   *params,
             LabDataset  *data,
             double     **px,
             double     **py,
             guint       *n,
             char       **name,
             GError     **error)
{
  g_autoptr(LabPoints) points = NULL;

  if (lab_params_get_enum (params, "source") == LAB_OPT_SOURCE_SYNTHETIC)
    {
      synthesize_points ((guint64) lab_params_get_int (params, "seed"), px, py, n);
      *name = g_strdup_printf (_("synthetic, %u points"), *n);
      return TRUE;
    }
  points = lab_columns_get_points (params, data, 2, 2, error);
  if (points == NULL)
    return FALSE;
  if (points->n_classes != 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: label-column “%s” must hold two classes (0 and 1) for the logistic loss, found %u"),
                   lab_dataset_get_name (data), lab_params_get_string (params, "label-column"), points->n_classes);
      return FALSE;
    }
  *n = points->n;
  *px = g_memdup2 (points->x, sizeof (double) * 2 * points->n);
  *py = g_new (double, points->n);
  for (guint i = 0; i < points->n; i++)
    (*py)[i] = points->y[i];
  *name = g_strdup_printf (_("%s, %u points"), lab_dataset_get_name (data), *n);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* compute */

typedef struct
{
  LabOptimHyper rule;          /* the update rule and its hyper-parameters (lab-optim) */
  double        sigma;         /* gradient noise */
  guint64       seed;
  gboolean      noisy;
  double        clip;          /* gradient-norm clipping, 0: off */
  guint         batch;         /* logistic minibatch size, 0: full */
  const double *factor;        /* the schedule's factors, steps entries */
} Hyper;

static LabOptimKind
rule_of (LabOptimizer kind)
{
  switch (kind)
    {
    case LAB_OPTIMIZER_GD:
    case LAB_OPTIMIZER_SGD:
    case LAB_OPTIMIZER_NEWTON:
      return LAB_OPTIM_SGD;
    case LAB_OPTIMIZER_MOMENTUM: return LAB_OPTIM_MOMENTUM;
    case LAB_OPTIMIZER_NESTEROV: return LAB_OPTIM_NESTEROV;
    case LAB_OPTIMIZER_ADAGRAD: return LAB_OPTIM_ADAGRAD;
    case LAB_OPTIMIZER_RMSPROP: return LAB_OPTIM_RMSPROP;
    case LAB_OPTIMIZER_ADAM: return LAB_OPTIM_ADAM;
    case LAB_OPTIMIZER_ADAMW: return LAB_OPTIM_ADAMW;
    case LAB_N_OPTIMIZERS:
    default:
      g_assert_not_reached ();
    }
}

/* The next minibatch: @batch indices from the epoch's permutation @perm, reshuffled
 * (Fisher–Yates, j = gsl_rng_uniform_int (rng, i + 1) for i = n − 1 … 1) when an epoch
 * starts; the last batch of an epoch may be smaller (torch's drop_last=False). */
static guint
next_batch (gsl_rng *rng,
            guint   *perm,
            guint    n,
            guint   *pos,
            guint    batch,
            const guint **idx)
{
  guint m;

  if (*pos >= n)
    *pos = 0;
  if (*pos == 0)
    for (guint i = n - 1; i > 0; i--)
      {
        guint j = (guint) gsl_rng_uniform_int (rng, i + 1), tmp = perm[i];

        perm[i] = perm[j];
        perm[j] = tmp;
      }
  m = MIN (batch, n - *pos);
  *idx = perm + *pos;
  *pos += m;
  return m;
}

/* One trajectory: the engine's update rule (lab-optim) on the surface's gradient, plus the
 * same gradient noise and minibatches for every optimizer (common random numbers). */
static gboolean
run_optimizer (const Surface  *S,
               const Hyper    *h,
               double          fstar,
               gboolean        has_minimum,
               double          x0,
               double          y0,
               guint           steps,
               Track          *t,
               GCancellable   *cancellable)
{
  gboolean exact = t->kind == LAB_OPTIMIZER_GD || t->kind == LAB_OPTIMIZER_NEWTON;
  gboolean minibatch = !exact && S->kind == LAB_OPT_SURFACE_LOGISTIC && h->batch > 0 && h->batch < S->n;
  g_autoptr(gsl_rng) rng = h->noisy && !exact ? lab_rng_new (h->seed) : NULL;
  g_autoptr(gsl_rng) batch_rng = minibatch ? lab_rng_new (h->seed + 1) : NULL;
  g_autofree guint *perm = NULL;
  guint pos = 0;
  LabOptimHyper rule = h->rule;
  g_autoptr(LabOptim) optim = NULL;
  gboolean newton = t->kind == LAB_OPTIMIZER_NEWTON;
  double p[2] = { x0, y0 };
  double g[2], ge[2], he[4], f;

  rule.kind = rule_of (t->kind);
  rule.lr = t->lr;
  if (rule.kind != LAB_OPTIM_ADAM && rule.kind != LAB_OPTIM_ADAMW)
    rule.weight_decay = 0;   /* weight-decay is Adam's L2 term and AdamW's decay only */
  if (rule.kind == LAB_OPTIM_ADAGRAD)
    rule.eps = ADAGRAD_EPS;
  optim = lab_optim_new (&rule, 2);
  if (minibatch)
    {
      perm = g_new (guint, S->n);
      for (guint i = 0; i < S->n; i++)
        perm[i] = i;
    }
  t->x = g_new (double, steps + 1);
  t->y = g_new (double, steps + 1);
  t->gap = g_new (double, steps + 1);
  t->gnorm = g_new (double, steps + 1);
  t->gx = g_new0 (double, steps);
  t->gy = g_new0 (double, steps);
  t->vx = g_new0 (double, steps);
  t->vy = g_new0 (double, steps);
  t->dx = g_new0 (double, steps);
  t->dy = g_new0 (double, steps);
  t->x[0] = x0;
  t->y[0] = y0;
  /* f, the exact gradient (and Newton's Hessian) of the current iterate, one pass each step */
  f = surface_eval (S, x0, y0, ge, newton ? he : NULL);
  t->gap[0] = has_minimum ? MAX (f - fstar, 0.0) : f;
  t->gnorm[0] = hypot (ge[0], ge[1]);
  t->n = 1;
  t->diverged_at = 0;
  t->clipped = 0;
  t->damping = 0;

  for (guint step = 1; step <= steps; step++)
    {
      double lr = t->lr * h->factor[step - 1];
      gboolean ok = TRUE;

      if ((step & 255) == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;

      /* the gradient: exact, on a minibatch, with noise */
      if (minibatch)
        {
          const guint *idx;
          guint m = next_batch (batch_rng, perm, S->n, &pos, h->batch, &idx);

          logistic_eval (S, p[0], p[1], idx, m, g, NULL);
        }
      else
        g[0] = ge[0], g[1] = ge[1];
      if (rng != NULL)
        for (guint i = 0; i < 2; i++)
          g[i] += h->sigma * lab_rng_gaussian (rng);
      t->gx[step - 1] = g[0];
      t->gy[step - 1] = g[1];
      if (h->clip > 0)
        {
          /* torch.nn.utils.clip_grad_norm_: g·min(1, c/(‖g‖ + 1e-6)) */
          double coef = h->clip / (hypot (g[0], g[1]) + CLIP_EPS);

          if (coef < 1)
            {
              g[0] *= coef, g[1] *= coef;
              t->clipped++;
            }
        }
      if (newton)
        {
          double mu, before[2] = { p[0], p[1] };

          ok = lab_optim_newton_step (p, g, he, 2, lr, &mu);
          t->damping = MAX (t->damping, mu);
          /* the direction (H + μI)⁻¹g, for the glyph */
          t->dx[step - 1] = (before[0] - p[0]) / lr;
          t->dy[step - 1] = (before[1] - p[1]) / lr;
        }
      else
        {
          const double *v, *d;

          lab_optim_set_lr (optim, lr);
          lab_optim_step (optim, p, g);
          v = lab_optim_get_velocity (optim);
          d = lab_optim_get_direction (optim);
          if (v != NULL)
            t->vx[step - 1] = v[0], t->vy[step - 1] = v[1];
          t->dx[step - 1] = d[0], t->dy[step - 1] = d[1];
        }

      f = ok ? surface_eval (S, p[0], p[1], ge, newton ? he : NULL) : NAN;
      if (!ok || !isfinite (p[0]) || !isfinite (p[1]) || !isfinite (f)
          || fabs (p[0]) > DIVERGED_ABS || fabs (p[1]) > DIVERGED_ABS)
        {
          t->diverged_at = step;
          break;
        }
      t->x[t->n] = p[0];
      t->y[t->n] = p[1];
      t->gap[t->n] = has_minimum ? MAX (f - fstar, 0.0) : f;
      t->gnorm[t->n] = hypot (ge[0], ge[1]);
      t->n++;
    }
  return TRUE;
}

/* f sampled on an m × m lattice of cell centres over the box (m = 0: none) */
typedef struct
{
  guint   m;
  double *v;
  double  box[4];
} Lattice;

static void
lattice_clear (Lattice *l)
{
  g_free (l->v);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lattice, lattice_clear)

/* f at (x, y): exact, or interpolated on the lattice when there is one */
static double
grid_f (const Surface *S,
        const Lattice *l,
        double         x,
        double         y)
{
  double u, v, a, b;
  int i, j;

  if (l->m == 0)
    return surface_f (S, x, y);
  u = CLAMP ((x - l->box[0]) / (l->box[1] - l->box[0]) * l->m - 0.5, 0, l->m - 1);
  v = CLAMP ((y - l->box[2]) / (l->box[3] - l->box[2]) * l->m - 0.5, 0, l->m - 1);
  i = MIN ((int) u, (int) l->m - 2);
  j = MIN ((int) v, (int) l->m - 2);
  a = u - i, b = v - j;
  return (1 - b) * ((1 - a) * l->v[j * l->m + i] + a * l->v[j * l->m + i + 1])
         + b * ((1 - a) * l->v[(j + 1) * l->m + i] + a * l->v[(j + 1) * l->m + i + 1]);
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
  Surface S = { 0 };
  Hyper h;
  double lrs[LAB_N_OPTIMIZERS];
  g_autofree double *px = NULL;
  g_autofree double *py = NULL;
  g_auto(Lattice) lattice = { 0 };
  guint set;
  double gmin = INFINITY, gmax = -INFINITY, lo;

  self->lr = lab_params_get_double (params, "learning-rate");
  set = parse_optimizers (lab_params_get_string (params, "optimizers"), self->lr, lrs, error);
  if (set == 0)
    return NULL;

  surface_init (&S, params);
  if (S.kind == LAB_OPT_SURFACE_LOGISTIC)
    {
      if (!load_points (params, data, &px, &py, &S.n, &self->data_name, error))
        return NULL;
      S.px = px;
      S.py = py;
      self->n_points = S.n;
      self->batch_size = (guint) lab_params_get_int (params, "batch-size");
    }
  self->surface = S.kind;
  self->noisy = lab_params_get_boolean (params, "noisy");
  self->steps = (guint) lab_params_get_int (params, "steps");
  self->n_minima = surface_minima (&S, self->minima, &self->fstar, &self->has_minimum);
  self->start_x = lab_params_get_double (params, "start-x");
  self->start_y = lab_params_get_double (params, "start-y");

  /* the schedule */
  self->schedule = lab_params_get_enum (params, "schedule");
  self->factor = g_new (double, self->steps);
  for (guint t = 1; t <= self->steps; t++)
    self->factor[t - 1] = schedule_factor (self->schedule, t, self->steps,
                                           (guint) lab_params_get_int (params, "step-size"),
                                           lab_params_get_double (params, "gamma"),
                                           (guint) lab_params_get_int (params, "warmup-steps"));

  /* the surface's own box, grown to show the start point */
  surface_box (self, self->box);
  {
    double mx = 0.06 * (self->box[1] - self->box[0]), my = 0.06 * (self->box[3] - self->box[2]);

    self->box[0] = MIN (self->box[0], self->start_x - mx);
    self->box[1] = MAX (self->box[1], self->start_x + mx);
    self->box[2] = MIN (self->box[2], self->start_y - my);
    self->box[3] = MAX (self->box[3], self->start_y + my);
  }

  /* The logistic loss costs a pass over the data a point: it is computed on a lattice of at
   * most ~10⁶ point evaluations and interpolated (bilinear) for the grid and the bands; a
   * smooth convex function loses nothing visible. */
  if (S.kind == LAB_OPT_SURFACE_LOGISTIC)
    {
      lattice.m = CLAMP ((guint) sqrt (1e6 / MAX (S.n, 1u)), 24u, (guint) GRID_N);
      lattice.v = g_new (double, lattice.m * lattice.m);
      for (guint j = 0; j < lattice.m; j++)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          for (guint i = 0; i < lattice.m; i++)
            lattice.v[j * lattice.m + i] = surface_f (&S, self->box[0] + (i + 0.5) * (self->box[1] - self->box[0]) / lattice.m,
                                                      self->box[2] + (j + 0.5) * (self->box[3] - self->box[2]) / lattice.m);
        }
    }
  memcpy (lattice.box, self->box, sizeof self->box);

  /* the loss on the grid (cell centres): log₁₀(f − f*), or f itself on a linear scale for a
   * surface without a minimum (its values run from −∞ to ∞: no log gap) */
  self->grid = g_new (double, GRID_N * GRID_N);
  for (guint j = 0; j < GRID_N; j++)
    {
      double y = self->box[2] + (j + 0.5) * (self->box[3] - self->box[2]) / GRID_N;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint i = 0; i < GRID_N; i++)
        {
          double x = self->box[0] + (i + 0.5) * (self->box[1] - self->box[0]) / GRID_N;
          double f = grid_f (&S, &lattice, x, y), l;

          if (self->has_minimum)
            l = f - self->fstar > 0 ? log10 (f - self->fstar) : -INFINITY;
          else
            l = f;
          self->grid[j * GRID_N + i] = l;
          if (isfinite (l))
            gmin = MIN (gmin, l), gmax = MAX (gmax, l);
        }
    }
  lab_progress_set (progress, 0.3);
  if (!isfinite (gmax))
    gmin = -1, gmax = 1;
  lo = self->has_minimum ? MAX (gmin, gmax - DECADES) : gmin;
  if (!(gmax > lo))
    lo = gmax - 1;
  self->frange[0] = gmin, self->frange[1] = gmax;
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
          double f = grid_f (&S, &lattice, x, y);
          double l = !self->has_minimum ? f : f - self->fstar > 0 ? log10 (f - self->fstar) : lo;
          int k = (int) floor ((l - lo) / (gmax - lo) * N_LEVELS);

          self->bands[j * FILL_N + i] = self->levels[CLAMP (k, 0, N_LEVELS - 1)];
        }
    }

  h.rule.lr = self->lr;
  h.rule.momentum = lab_params_get_double (params, "momentum");
  h.rule.rho = lab_params_get_double (params, "rho");
  h.rule.beta1 = lab_params_get_double (params, "beta1");
  h.rule.beta2 = lab_params_get_double (params, "beta2");
  h.rule.weight_decay = lab_params_get_double (params, "weight-decay");
  h.rule.eps = EPSILON;
  h.noisy = self->noisy;
  h.sigma = lab_params_get_double (params, "noise");
  h.seed = (guint64) lab_params_get_int (params, "seed");
  h.clip = lab_params_get_double (params, "clip");
  h.batch = self->batch_size;
  h.factor = self->factor;

  for (guint k = 0; k < LAB_N_OPTIMIZERS; k++)
    if (set & (1u << k))
      {
        Track *t = &self->tracks[self->n_tracks++];

        t->kind = k;
        t->lr = lrs[k];
        if (!run_optimizer (&S, &h, self->fstar, self->has_minimum, self->start_x, self->start_y, self->steps, t,
                            cancellable))
          {
            g_cancellable_set_error_if_cancelled (cancellable, error);
            return NULL;
          }
        lab_progress_set (progress, 0.3 + 0.7 * self->n_tracks / (double) __builtin_popcount (set));
      }

  /* the glyphs follow the optimizer named first in the list (the tracks are in the names' order) */
  {
    const char *list = lab_params_get_string (params, "optimizers");
    g_autofree char *name = NULL, *first = NULL;
    gsize len;

    list += strspn (list, " ,");
    len = strcspn (list, ",@");
    name = g_strndup (list, len);
    first = g_ascii_strdown (g_strstrip (name), -1);
    for (guint i = 0; i < self->n_tracks; i++)
      if (g_str_equal (first, lab_optimizer_get_nick (self->tracks[i].kind)))
        self->glyph_track = i;
  }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
