/* lab-losses.c — classification losses, their logit gradients, and full-batch training
 *
 * The loss gradients are written by hand rather than taken from a library: they are the
 * lesson (why focal and asymmetric losses stop pushing on easy examples is in the factor
 * (1 − p_t)^γ of the gradient), and the stable forms below are what makes them exact at
 * p = 0 and 1. The matrix products of training go through CBLAS (lab_gemm).
 *
 * Notation: s is the logit of the true class (s = z for a positive, −z for a negative),
 * q = σ(s) the probability given to the true class. Everything is written with
 * log q = −softplus(−s) and 1 − q = σ(−s), never 1 − σ(s) or log(σ(s)).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include "lab-error.h"
#include "lab-linalg.h"
#include "lab-losses.h"

static const char * const loss_names[LAB_N_LOSSES] = {
  "ce", "weighted-ce", "focal", "asl", "balanced-softmax", "squared", "hinge",
};

const char *
lab_loss_to_string (LabLoss loss)
{
  g_return_val_if_fail (loss < LAB_N_LOSSES, NULL);
  return loss_names[loss];
}

void
lab_loss_params_init (LabLossParams *params)
{
  g_return_if_fail (params != NULL);
  *params = (LabLossParams) {
    .alpha = 0.25, .gamma = 2.0, .gamma_pos = 1.0, .gamma_neg = 4.0, .clip = 0.05, .eps = 1e-8,
  };
}

double
lab_softplus (double z)
{
  /* log(1 + e^z) = max(z, 0) + log1p(e^−|z|): no overflow, full precision for both signs */
  if (z > 0)
    return z + log1p (exp (-z));
  return log1p (exp (z));
}

double
lab_log_sigmoid (double z)
{
  return -lab_softplus (-z);
}

double
lab_sigmoid (double z)
{
  if (z >= 0)
    return 1.0 / (1.0 + exp (-z));
  else
    {
      double e = exp (z);
      return e / (1.0 + e);
    }
}

double
lab_logit (double p)
{
  if (p <= 0)
    return -INFINITY;
  if (p >= 1)
    return INFINITY;
  /* log p − log1p(−p): exact near both ends */
  return log (p) - log1p (-p);
}

/* σ(s), 1 − σ(s) = σ(−s) and log σ(s) from one exp(−|s|): the same stable forms as
 * lab_sigmoid() and lab_log_sigmoid(), at a third of the cost (training calls this per
 * point and step) */
typedef struct { double q, one_minus_q, log_q; } Sig;

static inline Sig
sig_of (double s)
{
  double e = exp (-fabs (s));   /* ∈ (0, 1]; 0 at |s| = ∞ */
  double inv = 1.0 / (1.0 + e);
  Sig r;

  if (s >= 0)
    {
      r.q = inv;
      r.one_minus_q = e * inv;
      r.log_q = -log1p (e);
    }
  else
    {
      r.q = e * inv;
      r.one_minus_q = inv;
      r.log_q = s - log1p (e);
    }
  return r;
}

/* q log q → 0 as q → 0 */
static inline double
xlogx (double q, double log_q)
{
  return q == 0 ? 0 : q * log_q;
}

/* focal loss of the true-class logit s with weight w_t: ℓ = −w_t (1 − q)^γ log q,
 * dℓ/ds = w_t (1 − q)^γ (γ q log q − (1 − q)) */
static double
focal_true (double s, double gamma, double w_t, double *ds)
{
  Sig g = sig_of (s);
  double mod = gamma == 0 ? 1.0 : pow (g.one_minus_q, gamma);
  double loss = mod == 0 ? 0 : -w_t * mod * g.log_q;

  if (ds != NULL)
    *ds = w_t * mod * (gamma * xlogx (g.q, g.log_q) - g.one_minus_q);
  return loss;
}

/* ASL (Ridnik et al. 2021, their reference code with the focusing weight differentiated):
 * positives ℓ = −(1 − p)^γ₊ log max(p, eps); negatives ℓ = −p_m^γ₋ log max(1 − p_m, eps)
 * with p_m = max(p − m, 0) and 1 − p_m = min(1 − p + m, 1). */
static double
asl_binary (const LabLossParams *params, double z, gboolean positive, double *dz)
{
  Sig g = sig_of (z);
  double p = g.q;
  double pc = g.one_minus_q;      /* 1 − p */
  double pp = p * pc;             /* dp/dz */

  if (positive)
    {
      gboolean clamped = !(p >= params->eps);
      double log_p = clamped ? log (params->eps) : g.log_q;
      double w = pow (pc, params->gamma_pos);
      double loss = w == 0 ? 0 : -w * log_p;

      if (dz != NULL)
        /* dw/dz = −γ₊ p w; d log p/dz = 1 − p unless clamped */
        *dz = params->gamma_pos * p * w * log_p - (clamped ? 0 : w * pc);
      return loss;
    }
  else
    {
      double xs, pm, log_xs, w, dpm_pow, loss;
      gboolean clamped;

      if (params->clip > 0)
        {
          if (p <= params->clip)
            {
              /* a very easy negative: discarded (p_m = 0, no gradient through the clamp) */
              if (dz != NULL)
                *dz = 0;
              return 0;
            }
          xs = pc + params->clip;
          pm = p - params->clip;
        }
      else
        {
          xs = pc;
          pm = p;
        }
      if (params->clip > 0 && xs >= 1)
        {
          /* the code's clamp(max = 1) on 1 − p_m: log 1 = 0 and no gradient through it */
          if (dz != NULL)
            *dz = 0;
          return 0;
        }
      clamped = !(xs >= params->eps);
      if (clamped)
        log_xs = log (params->eps);
      else if (params->clip > 0)
        log_xs = log (xs);
      else
        log_xs = lab_log_sigmoid (-z);   /* log(1 − p) without cancellation */
      w = pow (pm, params->gamma_neg);
      loss = w == 0 ? 0 : -w * log_xs;
      if (dz != NULL)
        {
          /* d(p_m^γ)/dz = γ p_m^(γ−1) p (1 − p); d log(1 − p_m)/dz = −p (1 − p) / (1 − p_m) */
          dpm_pow = (params->gamma_neg == 0 || pp == 0) ? 0
                    : params->gamma_neg * pow (pm, params->gamma_neg - 1) * pp;
          *dz = -dpm_pow * log_xs + (clamped ? 0 : w * pp / xs);
        }
      return loss;
    }
}

double
lab_loss_binary (LabLoss              loss,
                 const LabLossParams *params,
                 double               z,
                 gboolean             positive,
                 double              *dz)
{
  double sign = positive ? 1.0 : -1.0;
  double s = sign * z;
  double value = 0, ds = 0;

  g_return_val_if_fail (params != NULL, NAN);
  g_return_val_if_fail (loss < LAB_N_LOSSES, NAN);

  switch (loss)
    {
    case LAB_LOSS_CE:
      {
        Sig g = sig_of (s);
        value = -g.log_q;
        ds = -g.one_minus_q;
      }
      break;
    case LAB_LOSS_WEIGHTED_CE:
      {
        double w_t = positive ? params->alpha : 1 - params->alpha;
        Sig g = sig_of (s);
        value = -w_t * g.log_q;
        ds = -w_t * g.one_minus_q;
      }
      break;
    case LAB_LOSS_FOCAL:
      {
        double w_t = params->alpha < 0 ? 1.0 : positive ? params->alpha : 1 - params->alpha;
        value = focal_true (s, params->gamma, w_t, &ds);
      }
      break;
    case LAB_LOSS_ASL:
      return asl_binary (params, z, positive, dz);
    case LAB_LOSS_BALANCED:
      {
        Sig g = sig_of (sign * (z + params->log_prior_ratio));
        value = -g.log_q;
        ds = -g.one_minus_q;
      }
      break;
    case LAB_LOSS_SQUARED:
      {
        /* (p − y)² = (1 − q)², d/ds = −2 q (1 − q)² */
        double one_minus_q = lab_sigmoid (-s);
        value = one_minus_q * one_minus_q;
        ds = -2 * lab_sigmoid (s) * one_minus_q * one_minus_q;
      }
      break;
    case LAB_LOSS_HINGE:
      /* max(0, 1 − t z) on the margin s = t z; the subgradient 0 at the kink */
      value = s < 1 ? 1 - s : 0;
      ds = s < 1 ? -1 : 0;
      break;
    case LAB_N_LOSSES:
    default:
      g_assert_not_reached ();
    }
  if (dz != NULL)
    *dz = sign * ds;
  return value;
}

double
lab_loss_softmax (LabLoss              loss,
                  const LabLossParams *params,
                  guint                k,
                  const double        *z,
                  guint                y,
                  double              *dz)
{
  double zmax = -INFINITY, sum = 0, log_sum, log_py, py, rest = 0, value, factor;
  guint cmax = 0;

  g_return_val_if_fail (params != NULL && z != NULL, NAN);
  g_return_val_if_fail (k >= 2 && y < k, NAN);
  g_return_val_if_fail (loss < LAB_LOSS_SQUARED, NAN);
  for (guint c = 0; c < k; c++)
    g_return_val_if_fail (isfinite (z[c]), NAN);

  if (loss == LAB_LOSS_ASL)
    {
      /* a multi-label loss: one sigmoid per class, target c = y */
      value = 0;
      for (guint c = 0; c < k; c++)
        value += lab_loss_binary (LAB_LOSS_ASL, params, z[c], c == y, dz != NULL ? &dz[c] : NULL);
      return value;
    }

  /* log-sum-exp of the (balanced: prior-adjusted) logits a_c, as
   * log p_c = (a_c − a_max) − log1p(Σ_{c ≠ max} e^(a_c − a_max)): the log1p keeps
   * −log p of a confident true class (≈ the sum of the others' shares) exact */
#define ADJ(c) (z[c] + (loss == LAB_LOSS_BALANCED && params->log_prior != NULL ? params->log_prior[c] : 0))
  for (guint c = 0; c < k; c++)
    if (ADJ (c) > zmax)
      {
        zmax = ADJ (c);
        cmax = c;
      }
  for (guint c = 0; c < k; c++)
    if (c != cmax)
      sum += exp (ADJ (c) - zmax);
  log_sum = log1p (sum);
  log_py = (ADJ (y) - zmax) - log_sum;
  py = exp (log_py);
  for (guint c = 0; c < k; c++)
    if (c != y)
      rest += exp ((ADJ (c) - zmax) - log_sum);   /* 1 − p_y without cancellation */

  switch (loss)
    {
    case LAB_LOSS_CE:
    case LAB_LOSS_BALANCED:
      value = -log_py;
      factor = 1;
      break;
    case LAB_LOSS_WEIGHTED_CE:
      {
        double w = params->class_weight != NULL ? params->class_weight[y] : 1.0;
        value = -w * log_py;
        factor = w;
      }
      break;
    case LAB_LOSS_FOCAL:
      {
        /* ℓ = −(1 − q)^γ log q; dℓ/dz_c = (p_c − δ_cy) [(1 − q)^γ − γ (1 − q)^(γ−1) q log q] */
        double mod = params->gamma == 0 ? 1.0 : pow (rest, params->gamma);
        double second = (params->gamma == 0 || rest == 0) ? 0
                        : params->gamma * mod / rest * xlogx (py, log_py);
        value = mod == 0 ? 0 : -mod * log_py;
        factor = mod - second;
      }
      break;
    case LAB_LOSS_ASL:
    case LAB_LOSS_SQUARED:
    case LAB_LOSS_HINGE:
    case LAB_N_LOSSES:
    default:
      g_assert_not_reached ();
    }
  if (dz != NULL)
    for (guint c = 0; c < k; c++)
      dz[c] = factor * (c == y ? -rest : exp ((ADJ (c) - zmax) - log_sum));
#undef ADJ
  return value;
}

/* ---- linear models ---- */

LabLinearModel *
lab_linear_model_new (guint d, guint n_classes)
{
  LabLinearModel *model;

  g_return_val_if_fail (d >= 1 && n_classes >= 2, NULL);
  model = g_new0 (LabLinearModel, 1);
  model->d = d;
  model->n_classes = n_classes;
  model->n_outputs = n_classes == 2 ? 1 : n_classes;
  model->w = g_new0 (double, (gsize) model->n_outputs * (d + 1));
  return model;
}

void
lab_linear_model_free (LabLinearModel *model)
{
  if (model == NULL)
    return;
  g_free (model->w);
  g_free (model);
}

void
lab_linear_model_logits (const LabLinearModel *model, const double *x, double *z)
{
  for (guint o = 0; o < model->n_outputs; o++)
    {
      const double *w = model->w + (gsize) o * (model->d + 1);
      double v = w[0];
      for (guint j = 0; j < model->d; j++)
        v += w[j + 1] * x[j];
      z[o] = v;
    }
}

guint
lab_linear_model_predict (const LabLinearModel *model, const double *x)
{
  double z[16];
  guint best = 0;

  g_assert (model->n_outputs <= G_N_ELEMENTS (z));
  lab_linear_model_logits (model, x, z);
  if (model->n_outputs == 1)
    return z[0] > 0 ? 1 : 0;
  for (guint c = 1; c < model->n_outputs; c++)
    if (z[c] > z[best])
      best = c;
  return best;
}

gboolean
lab_linear_model_train (LabLinearModel      *model,
                        LabLoss              loss,
                        const LabLossParams *params,
                        const double        *x,
                        const guint         *y,
                        guint                n,
                        double               learning_rate,
                        guint                steps,
                        double              *trace,
                        GCancellable        *cancellable,
                        GError             **error)
{
  guint d, k, p1;
  g_autofree double *x1 = NULL, *z = NULL, *g = NULL, *grad = NULL;

  g_return_val_if_fail (model != NULL && params != NULL, FALSE);
  g_return_val_if_fail (x != NULL && y != NULL && n >= 1, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  d = model->d;
  k = model->n_outputs;
  p1 = d + 1;
  if (loss >= LAB_LOSS_SQUARED)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   "loss %s cannot train a model here; one of: ce, weighted-ce, focal, asl, balanced-softmax",
                   loss < LAB_N_LOSSES ? loss_names[loss] : "?");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    if (y[i] >= model->n_classes)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                     "class %u of point %u is out of range: the model has %u classes",
                     y[i], i, model->n_classes);
        return FALSE;
      }

  /* the design matrix [1 x] once; Z = X₁ Wᵀ and ∇ = Gᵀ X₁ / n per step */
  x1 = g_new (double, (gsize) n * p1);
  z = g_new (double, (gsize) n * k);
  g = g_new (double, (gsize) n * k);
  grad = g_new (double, (gsize) k * p1);
  for (guint i = 0; i < n; i++)
    {
      x1[(gsize) i * p1] = 1.0;
      for (guint j = 0; j < d; j++)
        x1[(gsize) i * p1 + j + 1] = x[(gsize) i * d + j];
    }

  for (guint t = 0; t <= steps; t++)
    {
      double total = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      lab_gemm (FALSE, TRUE, n, k, p1, 1.0, x1, p1, model->w, p1, 0.0, z, k);
      for (guint i = 0; i < n; i++)
        {
          const double *zi = z + (gsize) i * k;
          double *gi = g + (gsize) i * k;

          for (guint c = 0; c < k; c++)
            if (!isfinite (zi[c]))
              {
                g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC,
                             "training diverged at step %u (a logit is not finite): lower the learning rate", t);
                return FALSE;
              }
          if (k == 1)
            total += lab_loss_binary (loss, params, zi[0], y[i] == 1, gi);
          else
            total += lab_loss_softmax (loss, params, k, zi, y[i], gi);
        }
      if (trace != NULL)
        trace[t] = total / n;
      if (!isfinite (total))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC,
                       "training diverged at step %u (the loss is not finite): lower the learning rate", t);
          return FALSE;
        }
      if (t == steps)
        break;
      lab_gemm (TRUE, FALSE, k, p1, n, 1.0 / n, g, k, x1, p1, 0.0, grad, p1);
      for (guint j = 0; j < k * p1; j++)
        model->w[j] -= learning_rate * grad[j];
    }
  for (guint i = 0; i < k * p1; i++)
    if (!isfinite (model->w[i]))
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC,
                     "training diverged (the weights are not finite): lower the learning rate");
        return FALSE;
      }
  return TRUE;
}
