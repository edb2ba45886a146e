/* lab-logistic.h — multinomial logistic regression with no, L2 or L1 penalty, solved to convergence
 *
 * Minimises, over coefficients W and unpenalised intercepts b,
 *
 *   F(W, b) = Σᵢ −log pᵢ,yᵢ  +  R(W),   R = 0 | ‖W‖²/(2C) | ‖W‖₁/C
 *
 * which is scikit-learn's LogisticRegression objective divided by C. Two classes use one
 * row (class 1 against class 0, p₁ = σ(wᵀx + b)), as scikit-learn; K > 2 classes use K rows
 * and the softmax. The softmax is unchanged when the same vector is added to every row,
 * so where the objective does not fix that shift (the intercepts; every parameter without
 * a penalty) the solution returned is the one whose rows sum to zero — the one
 * scikit-learn's solvers reach from zero.
 *
 * No penalty and L2: Newton's method (IRLS) with a backtracking line search, the Hessian
 * blocks Xᵀ diag(pₖ(δₖₗ − pₗ)) X by GSL's BLAS and the step by Cholesky. L1: proximal
 * Newton (the quadratic model minimised by cyclic coordinate descent with soft
 * thresholding, then a line search on F — glmnet's and Lee, Sun & Saunders' scheme).
 *
 * Without a penalty the maximum-likelihood estimate does not exist when the classes are
 * (quasi-)separable: F decreases forever along a direction that classifies every point
 * correctly (Albert & Anderson, 1984). Newton then keeps taking steps of constant size
 * while the gradient vanishes; the solver stops there and reports @separable with the
 * finite coefficients of the stopping point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_PENALTY_NONE,
  LAB_PENALTY_L2,
  LAB_PENALTY_L1,
} LabPenalty;

typedef struct
{
  LabPenalty penalty;
  double     c;          /* inverse penalty strength (> 0), as scikit-learn's C; unused for NONE */
  double     tol;        /* stop when the largest (minimum-norm sub)gradient entry ≤ tol · n (0: 1e-10) */
  guint      max_iter;   /* Newton iterations (0: 100) */
} LabLogisticOptions;

typedef struct
{
  guint     n_classes;
  guint     d;           /* features */
  guint     n_rows;      /* coefficient rows: 1 for two classes, n_classes otherwise */
  double   *coef;        /* n_rows × d, row-major */
  double   *intercept;   /* n_rows */
  double    objective;   /* F at the solution */
  double    optimality;  /* the largest (minimum-norm sub)gradient entry / n */
  guint     n_iter;
  gboolean  converged;
  gboolean  separable;   /* no penalty only: the MLE does not exist */
} LabLogistic;

/* Fits on the rows @rows (NULL: all n) of row-major @x (n × d) with classes @y < @n_classes.
 * @warm (optional, same shape) is a starting point, e.g. the solution for a nearby C.
 * Honours @cancellable (G_IO_ERROR_CANCELLED). Errors: LAB_ERROR_USAGE for C ≤ 0,
 * LAB_ERROR_NUMERIC when a Newton system cannot be solved even with damping. */
LabLogistic *lab_logistic_fit           (const double             *x,
                                         const guint              *y,
                                         gsize                     n,
                                         guint                     d,
                                         guint                     n_classes,
                                         const guint              *rows,
                                         gsize                     n_rows,
                                         const LabLogisticOptions *options,
                                         const LabLogistic        *warm,
                                         GCancellable             *cancellable,
                                         GError                  **error);
void         lab_logistic_free          (LabLogistic              *model);
/* The class probabilities of the n rows of @x: @proba is n × n_classes. */
void         lab_logistic_predict_proba (const LabLogistic        *model,
                                         const double             *x,
                                         gsize                     n,
                                         double                   *proba);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabLogistic, lab_logistic_free)

G_END_DECLS
