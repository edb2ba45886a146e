/* lab-optim.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-optim.h"

struct _LabOptim
{
  LabOptimHyper h;
  guint         dim;
  double       *v;            /* momentum / velocity */
  double       *m;            /* Adam's first moment */
  double       *s;            /* accumulated or averaged squared gradients */
  double        b1t, b2t;     /* β₁ᵗ, β₂ᵗ for the bias corrections */
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
  o->b1t = o->b2t = 1;
  return o;
}

void
lab_optim_free (LabOptim *o)
{
  if (o == NULL)
    return;
  g_free (o->v);
  g_free (o->m);
  g_free (o->s);
  g_free (o);
}

void
lab_optim_gradient_point (const LabOptim *o,
                          const double   *theta,
                          double         *at)
{
  for (guint i = 0; i < o->dim; i++)
    at[i] = o->h.kind == LAB_OPTIM_NESTEROV ? theta[i] - o->h.lr * o->h.momentum * o->v[i] : theta[i];
}

void
lab_optim_step (LabOptim     *o,
                double       *theta,
                const double *g)
{
  const LabOptimHyper *h = &o->h;

  o->b1t *= h->beta1;
  o->b2t *= h->beta2;
  for (guint i = 0; i < o->dim; i++)
    switch (h->kind)
      {
      case LAB_OPTIM_SGD:
        theta[i] -= h->lr * g[i];
        break;
      case LAB_OPTIM_MOMENTUM:
      case LAB_OPTIM_NESTEROV:
        o->v[i] = h->momentum * o->v[i] + g[i];
        theta[i] -= h->lr * o->v[i];
        break;
      case LAB_OPTIM_ADAGRAD:
        o->s[i] += g[i] * g[i];
        theta[i] -= h->lr * g[i] / (sqrt (o->s[i]) + h->eps);
        break;
      case LAB_OPTIM_RMSPROP:
        o->s[i] = h->rho * o->s[i] + (1 - h->rho) * g[i] * g[i];
        theta[i] -= h->lr * g[i] / (sqrt (o->s[i]) + h->eps);
        break;
      case LAB_OPTIM_ADAM:
      case LAB_OPTIM_ADAMW:
        {
          double mhat, vhat, update;

          o->m[i] = h->beta1 * o->m[i] + (1 - h->beta1) * g[i];
          o->s[i] = h->beta2 * o->s[i] + (1 - h->beta2) * g[i] * g[i];
          mhat = o->m[i] / (1 - o->b1t);
          vhat = o->s[i] / (1 - o->b2t);
          update = mhat / (sqrt (vhat) + h->eps);
          if (h->kind == LAB_OPTIM_ADAMW)
            update += h->weight_decay * theta[i];   /* decoupled: not rescaled by √v̂ */
          theta[i] -= h->lr * update;
        }
        break;
      case LAB_N_OPTIM:
      default:
        g_assert_not_reached ();
      }
}
