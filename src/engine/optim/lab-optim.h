/* lab-optim.h — first-order update rules for a parameter vector of any dimension
 *
 * Gradient descent, momentum (heavy ball), Nesterov's look-ahead, Adagrad, RMSProp, Adam
 * and AdamW as the update rules themselves: the caller computes the gradient (of a
 * surface, a model's loss, a minibatch) where lab_optim_gradient_point says and hands it
 * to lab_optim_step. This is the lesson of the optimizers topic and the training loop of
 * every topic that trains a model, so it is written here once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_OPTIM_SGD,        /* θ ← θ − η g */
  LAB_OPTIM_MOMENTUM,   /* v ← βv + g;  θ ← θ − η v */
  LAB_OPTIM_NESTEROV,   /* the same, with g taken at the look-ahead point θ − ηβv */
  LAB_OPTIM_ADAGRAD,    /* s ← s + g²;  θ ← θ − η g / (√s + ε) */
  LAB_OPTIM_RMSPROP,    /* s ← ρs + (1 − ρ)g²;  θ ← θ − η g / (√s + ε) */
  LAB_OPTIM_ADAM,       /* m, v moving averages; θ ← θ − η m̂ / (√v̂ + ε), bias-corrected */
  LAB_OPTIM_ADAMW,      /* Adam + decoupled weight decay: θ ← θ − η (m̂ / (√v̂ + ε) + λθ) */
  LAB_N_OPTIM,
} LabOptimKind;

typedef struct
{
  LabOptimKind kind;
  double       lr;            /* η */
  double       momentum;      /* β (momentum, Nesterov) */
  double       rho;           /* ρ (RMSProp) */
  double       beta1, beta2;  /* Adam, AdamW */
  double       weight_decay;  /* λ (AdamW, decoupled) */
  double       eps;           /* ε (Adagrad, RMSProp, Adam, AdamW) */
} LabOptimHyper;

typedef struct _LabOptim LabOptim;

LabOptim *lab_optim_new            (const LabOptimHyper *hyper,
                                    guint                dim);
void      lab_optim_free           (LabOptim            *optim);
/* Where the next gradient is to be taken, for @theta: θ itself, or the look-ahead point
 * θ − ηβv for Nesterov. @at may be @theta only when the kind is not Nesterov. */
void      lab_optim_gradient_point (const LabOptim      *optim,
                                    const double        *theta,
                                    double              *at);
/* One step: @theta (dim values) updated in place with @grad taken at the gradient point. */
void      lab_optim_step           (LabOptim            *optim,
                                    double              *theta,
                                    const double        *grad);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabOptim, lab_optim_free)

G_END_DECLS
