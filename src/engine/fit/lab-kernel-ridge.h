/* lab-kernel-ridge.h — kernel ridge regression (the dual of ridge), and the primal it equals
 *
 *   α = (K + λI)⁻¹ y,   f(x) = Σᵢ αᵢ K(xᵢ, x)        (scikit-learn's KernelRidge, alpha = λ;
 *                                                     no intercept)
 *
 * For a kernel with a finite feature map φ (linear, polynomial in one variable), ridge on
 * the features, w = (ΦᵀΦ + λI)⁻¹ Φᵀ y, predicts exactly the same: w = Φᵀα.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lab-svm.h"

G_BEGIN_DECLS

typedef struct
{
  LabKernel  kernel;
  guint      n, d;
  double     lambda;
  double    *x;       /* n × d: the training rows */
  double    *alpha;   /* n: the dual weights */
  gboolean   cholesky;   /* K + λI was positive definite (else solved by LU) */
} LabKernelRidge;

/* Errors: LAB_ERROR_USAGE for λ ≤ 0 or a kernel without γ > 0; LAB_ERROR_NUMERIC when
 * K + λI is singular (an indefinite kernel such as the sigmoid can make it so). */
LabKernelRidge *lab_kernel_ridge_fit     (const LabKernel  *kernel,
                                          const double     *x,
                                          gsize             n,
                                          guint             d,
                                          const double     *y,
                                          double            lambda,
                                          GError          **error);
void            lab_kernel_ridge_predict (const LabKernelRidge *krr,
                                          const double         *x,
                                          gsize                 m,
                                          double               *out);
void            lab_kernel_ridge_free    (LabKernelRidge *krr);

/* The explicit feature map of a linear or polynomial kernel of one variable:
 * (γx z + c₀)^p = Σₖ C(p, k) c₀^(p−k) γᵏ xᵏ zᵏ, so φₖ(x) = √(C(p, k) c₀^(p−k) γᵏ) xᵏ (k = 0 … p;
 * the terms with a zero coefficient are dropped). @out is n × the returned width (at most
 * degree + 1); 0 when the kernel has no such map (RBF, sigmoid, a negative coef0). */
guint           lab_kernel_feature_map_1d (const LabKernel *kernel,
                                           const double    *x,
                                           gsize            n,
                                           double          *out);

/* Ridge without intercept on a design @phi (n × p): w = (ΦᵀΦ + λI)⁻¹ Φᵀy. */
gboolean        lab_ridge_no_intercept   (const double  *phi,
                                          gsize          n,
                                          guint          p,
                                          const double  *y,
                                          double         lambda,
                                          double        *w,
                                          GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabKernelRidge, lab_kernel_ridge_free)

G_END_DECLS
