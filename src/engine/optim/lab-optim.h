/* lab-optim.h — update rules for a parameter vector of any dimension, as torch.optim writes them
 *
 * Gradient descent, momentum (heavy ball), Nesterov, Adagrad, RMSProp, Adam and AdamW as the
 * update rules themselves, following the PyTorch documentation step by step (dampening 0,
 * Nesterov as SGD(nesterov=True), Adam's weight decay an L2 term added to the gradient, AdamW's
 * decoupled θ ← θ(1 − ηλ) before the Adam step), so a trajectory can be checked against
 * torch.optim to rounding; and a damped Newton step for callers that have the Hessian. The
 * caller computes the gradient (of a surface, a model's loss, a minibatch) at θ and hands it
 * to lab_optim_step. This is the lesson of the optimizers topic and the training loop of
 * every topic that trains a model, so it is written here once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g is the gradient plus λθ (the L2 term of weight_decay) for every kind but AdamW. */
typedef enum
{
  LAB_OPTIM_SGD,        /* θ ← θ − η g */
  LAB_OPTIM_MOMENTUM,   /* b ← βb + g (b₁ = g);  θ ← θ − η b */
  LAB_OPTIM_NESTEROV,   /* b ← βb + g;  θ ← θ − η (g + βb)  (torch's nesterov=True) */
  LAB_OPTIM_ADAGRAD,    /* s ← s + g²;  θ ← θ − η g / (√s + ε) */
  LAB_OPTIM_RMSPROP,    /* s ← ρs + (1 − ρ)g²;  θ ← θ − η g / (√s + ε)  (ρ is torch's alpha) */
  LAB_OPTIM_ADAM,       /* m, v moving averages; θ ← θ − η m̂ / (√v̂ + ε), bias-corrected */
  LAB_OPTIM_ADAMW,      /* θ ← θ(1 − ηλ), then the Adam step on the plain gradient */
  LAB_N_OPTIM,
} LabOptimKind;

typedef struct
{
  LabOptimKind kind;
  double       lr;            /* η (lab_optim_set_lr changes it between steps: a schedule) */
  double       momentum;      /* β (momentum, Nesterov) */
  double       rho;           /* ρ (RMSProp) */
  double       beta1, beta2;  /* Adam, AdamW */
  double       weight_decay;  /* λ: L2 added to the gradient, decoupled for AdamW */
  double       eps;           /* ε (Adagrad: torch's 1e-10; RMSProp, Adam, AdamW: 1e-8) */
} LabOptimHyper;

typedef struct _LabOptim LabOptim;

LabOptim *lab_optim_new            (const LabOptimHyper *hyper,
                                    guint                dim);
void      lab_optim_free           (LabOptim            *optim);
/* A copy with the whole state (steps taken, moments): stepping both gives the same numbers —
 * a training's checkpoint, to go on from later. */
LabOptim *lab_optim_copy           (const LabOptim      *optim);
/* The learning rate of the next steps (a schedule's lr for the coming step). */
void      lab_optim_set_lr         (LabOptim            *optim,
                                    double               lr);
/* Where the next gradient is to be taken: θ itself for every kind (Nesterov in torch's
 * form keeps the look-ahead in the update). Kept for callers written for both forms. */
void      lab_optim_gradient_point (const LabOptim      *optim,
                                    const double        *theta,
                                    double              *at);
/* One step: @theta (dim values) updated in place with @grad taken at @theta. */
void      lab_optim_step           (LabOptim            *optim,
                                    double              *theta,
                                    const double        *grad);
/* The state after the last step, for figures (dim values each, borrowed): the velocity b
 * (momentum, Nesterov) and the step direction without η (Adam, AdamW: m̂/(√v̂ + ε);
 * Adagrad, RMSProp: g/(√s + ε); SGD: g); NULL for a kind without a velocity. */
const double *lab_optim_get_velocity (const LabOptim *optim);
const double *lab_optim_get_direction (const LabOptim *optim);

/* Newton's step θ ← θ − η (H + μI)⁻¹ g on @theta (dim values) with the symmetric Hessian
 * @hess (dim × dim, row-major). μ = 0 when H is positive definite; otherwise the smallest μ
 * that lifts H's lowest eigenvalue to 10⁻³·max(1, |λ|max) (Levenberg's damping), returned in
 * @damping. FALSE (θ unchanged) when the Hessian is not finite. */
gboolean  lab_optim_newton_step    (double              *theta,
                                    const double        *grad,
                                    const double        *hess,
                                    guint                dim,
                                    double               lr,
                                    double              *damping);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabOptim, lab_optim_free)

G_END_DECLS
