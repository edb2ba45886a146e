/* lab-penalized.h — ridge (L2) and lasso (L1) regression with an intercept
 *
 * Both minimise, over an unpenalised intercept b and weights w,
 *
 *   ridge:  (1/2n) ‖y − b − Zw‖² + (λ/2) ‖w‖²     (scikit-learn Ridge with alpha = n·λ)
 *   lasso:  (1/2n) ‖y − b − Zw‖² +  λ    ‖w‖₁     (scikit-learn Lasso with alpha = λ)
 *
 * (glmnet's scaling: the same λ means a comparable amount of shrinkage in both.)
 * Z is row-major n × p; the intercept is handled by centring Z and y, so
 * features standardised with LabPolyScaler are the usual use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- ridge: one SVD, then any λ in O(p · rank) ---- */

typedef struct _LabRidge LabRidge;

/* Factorises the centred design (thin SVD, GSL's Golub–Reinsch). Any shape:
 * n < p is allowed. Errors: LAB_ERROR_NUMERIC when the SVD fails. */
LabRidge *lab_ridge_new     (const double  *z,
                             const double  *y,
                             gsize          n,
                             guint          p,
                             GError       **error);
void      lab_ridge_free    (LabRidge      *ridge);
/* The solution for @lambda ≥ 0 (0: the minimum-norm least-squares solution, with
 * singular values below 1e-12 · the largest treated as 0): @w[p], *@intercept. */
void      lab_ridge_solve   (const LabRidge *ridge,
                             double          lambda,
                             double         *w,
                             double         *intercept);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabRidge, lab_ridge_free)

/* ---- lasso: active-set steps and cyclic coordinate descent on the Gram matrix ---- */

typedef struct _LabLasso LabLasso;

/* Precomputes G = ZcᵀZc/n and g = Zcᵀyc/n (c: centred). O(n·p²). */
LabLasso *lab_lasso_new          (const double *z,
                                  const double *y,
                                  gsize         n,
                                  guint         p);
void      lab_lasso_free         (LabLasso     *lasso);
/* The smallest λ at which every weight is 0: max_j |g_j|. */
double    lab_lasso_lambda_max   (const LabLasso *lasso);
/* One cyclic pass over the coordinates listed in @active (NULL: all p), updating
 * @w in place for @lambda: w_j ← S(g_j − Σ_{k≠j} G_jk w_k, λ) / G_jj with S the
 * soft threshold. Returns the largest change of any w_j scaled by √G_jj (the
 * change it makes to the fitted values' root mean square). */
double    lab_lasso_iterate      (LabLasso     *lasso,
                                  double        lambda,
                                  double       *w,
                                  const guint  *active,
                                  guint         n_active);
/* The duality gap P(w) − D(θ) ≥ P(w) − P(w*) of weights @w for @lambda, with the
 * dual point θ the residual scaled into the dual feasible set (as scikit-learn's
 * coordinate descent). Since the loss is strongly convex in the fitted values,
 * ‖Z(w − w*)‖²/(2n) ≤ gap: a small gap means accurate predictions even where
 * ill-conditioned features leave the weights themselves slow to settle. O(p²). */
double    lab_lasso_duality_gap  (LabLasso     *lasso,
                                  double        lambda,
                                  const double *w);
/* Solves for @lambda from the starting point in @w (a warm start, e.g. the solution
 * for a nearby λ). First by feature-sign search (Lee et al., NIPS 2006): exact
 * solves on the current support and signs (Cholesky of G_AA in long double), a
 * line search that stops at sign changes, and the most violating zero weight
 * joining — a few steps from a nearby λ, exact to rounding, however collinear the
 * features. Where a support's Gram matrix is numerically singular, cyclic
 * coordinate descent (full passes alternating with passes over the non-zero
 * weights) takes over until the duality gap is at most @gap_tol · var(y) or a full
 * pass moves no weight by more than 10⁻¹⁵ · sd(y). Returns TRUE when converged;
 * *@n_passes counts the coordinate-descent passes (0 when the active-set steps
 * sufficed), at most @max_passes. Weights the penalty sets to zero are exactly 0.0. */
gboolean  lab_lasso_solve        (LabLasso     *lasso,
                                  double        lambda,
                                  double       *w,
                                  double        gap_tol,
                                  guint         max_passes,
                                  guint        *n_passes);
/* b = ȳ − Σ w_j z̄_j for weights @w. */
double    lab_lasso_intercept    (const LabLasso *lasso,
                                  const double   *w);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabLasso, lab_lasso_free)

G_END_DECLS
