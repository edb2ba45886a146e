/* lab-losses.h — classification losses and their gradients with respect to the logit,
 * in log-sigmoid / log-sum-exp form, and full-batch training of logistic and softmax
 * models with each of them
 *
 * Every loss is a function of the logit z (binary: P(y = 1) = σ(z)) or of the logit
 * vector (softmax), never of a probability that has already been rounded: log σ(z) is
 * computed as −softplus(−z) and 1 − σ(z) as σ(−z), so the values and the gradients are
 * accurate to a few ulps for every finite z and well defined at z = ±∞ (p = 0 or 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_LOSS_CE,           /* cross-entropy (log loss) */
  LAB_LOSS_WEIGHTED_CE,  /* α-weighted cross-entropy */
  LAB_LOSS_FOCAL,        /* focal loss (Lin et al. 2017; torchvision's sigmoid_focal_loss) */
  LAB_LOSS_ASL,          /* asymmetric loss (Ridnik et al. 2021) */
  LAB_LOSS_BALANCED,     /* balanced softmax (Ren et al. 2020): the log prior added to the logits */
  LAB_LOSS_SQUARED,      /* squared error on the probability (curves only) */
  LAB_LOSS_HINGE,        /* hinge on the margin (curves only) */
  LAB_N_LOSSES,
} LabLoss;

/* "ce", "weighted-ce", "focal", "asl", "balanced-softmax", "squared", "hinge" */
const char *lab_loss_to_string (LabLoss loss);

typedef struct
{
  double        alpha;        /* weighted CE and focal: weight of the positive class, 1 − α of the
                                 negative; focal with α < 0: no weighting (torchvision's α = −1) */
  double        gamma;        /* focal: (1 − p_t)^γ */
  double        gamma_pos;    /* ASL: focusing of the positives */
  double        gamma_neg;    /* ASL: focusing of the negatives */
  double        clip;         /* ASL: probability margin m, p_m = max(p − m, 0) for negatives */
  double        eps;          /* ASL: the paper's clamp of the probabilities inside the log (1e-8) */
  double        log_prior_ratio;  /* binary balanced softmax: log(n₁ / n₀) added to the logit */
  /* softmax only (K classes): */
  const double *class_weight; /* weighted CE: K weights (NULL: all 1) */
  const double *log_prior;    /* balanced softmax: log π_c (NULL: all 0) */
} LabLossParams;

/* α = 0.25, γ = 2, γ₊ = 1, γ₋ = 4, m = 0.05, eps = 1e-8 (the papers' defaults), no prior. */
void   lab_loss_params_init (LabLossParams *params);

/* The loss of one example with logit @z (P(y = 1) = σ(z)) and label @positive, and its
 * derivative with respect to z in @dz (may be NULL). z may be ±∞: the result is then the
 * limit (+∞ for a loss that diverges, with a finite dz). Balanced softmax in the binary
 * case is the sigmoid cross-entropy of z + log_prior_ratio. */
double lab_loss_binary  (LabLoss              loss,
                         const LabLossParams *params,
                         double               z,
                         gboolean             positive,
                         double              *dz);

/* The loss of one example with @k finite logits @z and class @y under a softmax output, and the
 * gradient in @dz (k values; may be NULL). CE, weighted CE (class_weight[y]), focal
 * (softmax form −(1 − p_y)^γ log p_y, α unused) and balanced softmax (z + log_prior); ASL,
 * a multi-label loss, is the sum over classes of the binary ASL of z_c with target c = y
 * (one-vs-rest sigmoids). Squared error and hinge are binary only. */
double lab_loss_softmax (LabLoss              loss,
                         const LabLossParams *params,
                         guint                k,
                         const double        *z,
                         guint                y,
                         double              *dz);

/* log σ(z) = −log(1 + e^−z), σ(z), softplus(z) = log(1 + e^z), each without overflow. */
double lab_log_sigmoid (double z);
double lab_sigmoid     (double z);
double lab_softplus    (double z);
/* log(p / (1 − p)), ±∞ at 0 and 1. */
double lab_logit       (double p);

/* A linear classifier: binary (n_classes = 2) has one logit z = b + w·x for class 1, stored
 * [b, w₁ … w_d]; softmax (n_classes ≥ 3) has one row [b_c, w_c1 … w_cd] per class. */
typedef struct
{
  guint   d;
  guint   n_classes;
  guint   n_outputs;   /* 1 (binary) or n_classes */
  double *w;           /* n_outputs × (d + 1), row-major */
} LabLinearModel;

LabLinearModel *lab_linear_model_new  (guint d, guint n_classes);  /* zeros */
void            lab_linear_model_free (LabLinearModel *model);
/* The logits of one point @x (d values) into @z (n_outputs values). */
void            lab_linear_model_logits  (const LabLinearModel *model, const double *x, double *z);
/* The predicted class of one point: z > 0 (binary) or the first largest logit. */
guint           lab_linear_model_predict (const LabLinearModel *model, const double *x);

/* @steps of full-batch gradient descent, w ← w − η ∇ (1/n) Σᵢ ℓ(zᵢ, yᵢ), from the weights
 * @model holds, on @n points @x (n × d, row-major) with classes @y (< n_classes). The logits
 * and the gradient are matrix products (lab_gemm: CBLAS through GSL). Binary models use
 * lab_loss_binary with class 1 positive, softmax models lab_loss_softmax. The mean loss
 * before each step goes to @trace (steps + 1 values, the last after the last step; may be
 * NULL). Errors: LAB_ERROR_USAGE for a loss that cannot be trained (squared, hinge) or a
 * class out of range, LAB_ERROR_NUMERIC when the weights stop being finite (the learning
 * rate is too large), G_IO_ERROR_CANCELLED. */
gboolean        lab_linear_model_train (LabLinearModel      *model,
                                        LabLoss              loss,
                                        const LabLossParams *params,
                                        const double        *x,
                                        const guint         *y,
                                        guint                n,
                                        double               learning_rate,
                                        guint                steps,
                                        double              *trace,
                                        GCancellable        *cancellable,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabLinearModel, lab_linear_model_free)

G_END_DECLS
