/* lab-optim.c
 *
 * Each rule is written in the order of operations of torch.optim's single-tensor code
 * (torch/optim/sgd.py, adagrad.py, rmsprop.py, adam.py, adamw.py), so that iterates agree
 * with PyTorch's to rounding (tests/reference/optimizers_torch_reference.py).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "lab-optim.h"

struct _LabOptim
{
  LabOptimHyper h;
  guint         dim;
  guint         t;            /* steps taken */
  double       *v;            /* momentum buffer b */
  double       *m;            /* Adam's first moment */
  double       *s;            /* accumulated or averaged squared gradients */
  double       *d;            /* the last step's direction (without η) */
  double       *g;            /* the gradient with the L2 term */
};

LabOptim *
lab_optim_new (const LabOptimHyper *hyper,
               guint                dim)
{
  LabOptim *o;

  g_return_val_if_fail (hyper != NULL && hyper->kind < LAB_N_OPTIM, NULL);

  o = g_new0 (LabOptim, 1);
  o->h = *hyper;
  o->dim = dim;
  o->v = g_new0 (double, MAX (dim, 1));
  o->m = g_new0 (double, MAX (dim, 1));
  o->s = g_new0 (double, MAX (dim, 1));
  o->d = g_new0 (double, MAX (dim, 1));
  o->g = g_new0 (double, MAX (dim, 1));
  return o;
}

LabOptim *
lab_optim_copy (const LabOptim *o)
{
  LabOptim *c;
  gsize size;

  g_return_val_if_fail (o != NULL, NULL);

  size = MAX (o->dim, 1) * sizeof (double);
  c = g_memdup2 (o, sizeof *o);
  c->v = g_memdup2 (o->v, size);
  c->m = g_memdup2 (o->m, size);
  c->s = g_memdup2 (o->s, size);
  c->d = g_memdup2 (o->d, size);
  c->g = g_memdup2 (o->g, size);
  return c;
}

void
lab_optim_free (LabOptim *o)
{
  if (o == NULL)
    return;
  g_free (o->v);
  g_free (o->m);
  g_free (o->s);
  g_free (o->d);
  g_free (o->g);
  g_free (o);
}

void
lab_optim_set_lr (LabOptim *o,
                  double    lr)
{
  o->h.lr = lr;
}

void
lab_optim_gradient_point (const LabOptim *o,
                          const double   *theta,
                          double         *at)
{
  for (guint i = 0; i < o->dim; i++)
    at[i] = theta[i];
}

const double *
lab_optim_get_velocity (const LabOptim *o)
{
  return o->h.kind == LAB_OPTIM_MOMENTUM || o->h.kind == LAB_OPTIM_NESTEROV ? o->v : NULL;
}

const double *
lab_optim_get_direction (const LabOptim *o)
{
  return o->d;
}

void
lab_optim_step (LabOptim     *o,
                double       *theta,
                const double *grad)
{
  const LabOptimHyper *h = &o->h;
  double *g = o->g;

  o->t++;
  for (guint i = 0; i < o->dim; i++)
    g[i] = h->kind != LAB_OPTIM_ADAMW && h->weight_decay != 0 ? grad[i] + h->weight_decay * theta[i] : grad[i];

  /* the kind chosen once a step, each rule a loop of its own; Adam's bias corrections once a
   * step too (the same values as per element: a few percent of a small network's training) */
  switch (h->kind)
    {
    case LAB_OPTIM_SGD:
      for (guint i = 0; i < o->dim; i++)
        {
          o->d[i] = g[i];
          theta[i] += -h->lr * g[i];
        }
      break;
    case LAB_OPTIM_MOMENTUM:
    case LAB_OPTIM_NESTEROV:
      for (guint i = 0; i < o->dim; i++)
        {
          /* torch: buf = g at the first step, then buf·β + g (dampening 0) */
          o->v[i] = o->t == 1 ? g[i] : o->v[i] * h->momentum + g[i];
          o->d[i] = h->kind == LAB_OPTIM_NESTEROV ? g[i] + h->momentum * o->v[i] : o->v[i];
          theta[i] += -h->lr * o->d[i];
        }
      break;
    case LAB_OPTIM_ADAGRAD:
      for (guint i = 0; i < o->dim; i++)
        {
          o->s[i] += g[i] * g[i];
          o->d[i] = g[i] / (sqrt (o->s[i]) + h->eps);
          theta[i] += -h->lr * o->d[i];
        }
      break;
    case LAB_OPTIM_RMSPROP:
      for (guint i = 0; i < o->dim; i++)
        {
          o->s[i] = o->s[i] * h->rho + (1 - h->rho) * g[i] * g[i];
          o->d[i] = g[i] / (sqrt (o->s[i]) + h->eps);
          theta[i] += -h->lr * o->d[i];
        }
      break;
    case LAB_OPTIM_ADAM:
    case LAB_OPTIM_ADAMW:
      {
        double bc1 = 1 - pow (h->beta1, o->t), bc2 = 1 - pow (h->beta2, o->t);
        double sqrt_bc2 = sqrt (bc2), step = h->lr / bc1;

        for (guint i = 0; i < o->dim; i++)
          {
            double denom;

            if (h->kind == LAB_OPTIM_ADAMW)
              theta[i] *= 1 - h->lr * h->weight_decay;   /* decoupled: before, and not divided by √v̂ */
            o->m[i] = o->m[i] * h->beta1 + (1 - h->beta1) * g[i];
            o->s[i] = o->s[i] * h->beta2 + (1 - h->beta2) * g[i] * g[i];
            denom = sqrt (o->s[i]) / sqrt_bc2 + h->eps;
            o->d[i] = (o->m[i] / bc1) / denom;
            theta[i] += -step * (o->m[i] / denom);
          }
      }
      break;
    case LAB_N_OPTIM:
    default:
      g_assert_not_reached ();
    }
}

gboolean
lab_optim_newton_step (double       *theta,
                       const double *grad,
                       const double *hess,
                       guint         dim,
                       double        lr,
                       double       *damping)
{
  gsl_matrix *H, *A;
  gsl_vector *eval, *x;
  gsl_eigen_symm_workspace *w;
  double lo = INFINITY, hi = 0, mu = 0;
  int status;

  *damping = 0;
  for (guint i = 0; i < dim * dim; i++)
    if (!isfinite (hess[i]))
      return FALSE;
  H = gsl_matrix_alloc (dim, dim);
  A = gsl_matrix_alloc (dim, dim);
  eval = gsl_vector_alloc (dim);
  x = gsl_vector_alloc (dim);
  for (guint i = 0; i < dim; i++)
    for (guint j = 0; j < dim; j++)
      gsl_matrix_set (H, i, j, hess[i * dim + j]);
  gsl_matrix_memcpy (A, H);
  w = gsl_eigen_symm_alloc (dim);
  gsl_eigen_symm (A, eval, w);   /* destroys A's lower triangle */
  gsl_eigen_symm_free (w);
  for (guint i = 0; i < dim; i++)
    {
      lo = MIN (lo, gsl_vector_get (eval, i));
      hi = MAX (hi, fabs (gsl_vector_get (eval, i)));
    }
  if (lo <= 0)
    mu = 1e-3 * MAX (1.0, hi) - lo;
  gsl_matrix_memcpy (A, H);
  for (guint i = 0; i < dim; i++)
    gsl_matrix_set (A, i, i, gsl_matrix_get (A, i, i) + mu);
  {
    gsl_vector_const_view g = gsl_vector_const_view_array (grad, dim);

    /* a failure returns an error code; the handler is GSL's process-wide one (off: the engine
     * turns it off in lab_engine_init) */
    status = gsl_linalg_cholesky_decomp1 (A);
    if (status == 0)
      status = gsl_linalg_cholesky_solve (A, &g.vector, x);
  }
  if (status == 0)
    {
      for (guint i = 0; i < dim; i++)
        theta[i] -= lr * gsl_vector_get (x, i);
      *damping = mu;
    }
  gsl_matrix_free (H);
  gsl_matrix_free (A);
  gsl_vector_free (eval);
  gsl_vector_free (x);
  return status == 0;
}
