/* lab-polyfit.h — least-squares polynomials, accurate and fast
 *
 * Two tools for two jobs:
 *
 * LabPolyfit: one fit of one degree to a user's data, accurate enough for the
 * NIST StRD certified results (Filip, Wampler1–5, Pontius, Norris). x is mapped
 * to u = (x − center)/scale ∈ [−1, 1], the design is the Chebyshev basis T_k(u)
 * (well conditioned where the raw powers x^k are not), solved by Householder QR
 * in extended precision (long double), and only then converted to coefficients
 * of the raw powers. Evaluation uses the Chebyshev series (Clenshaw), which
 * stays accurate where a Horner sum of the raw coefficients cancels.
 *
 * LabPolyBasis: all degrees 0 … D at once, for sweeps and cross-validation.
 * "Vandermonde with Arnoldi" (Brubeck, Nakatsukasa & Trefethen, SIAM Review
 * 2021): the Krylov vectors 1, u, u², … on the training points are
 * orthogonalised as they are made, giving polynomials q_0 … q_D orthogonal on
 * those points and the recurrence that evaluates them anywhere. The
 * least-squares fit of degree d is then Σ_{k ≤ d} c_k q_k with c_k = ⟨y, q_k⟩/n,
 * so every degree costs one more term, not one more solve.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Number of distinct values among @x[0 … n−1] (NaNs not allowed). O(n log n). */
gsize        lab_count_distinct        (const double *x,
                                        gsize         n);

/* ---- one accurate fit ---- */

typedef struct
{
  guint   degree;
  gsize   n;               /* observations */
  double *coefficients;    /* degree + 1: c0, c1, … of the raw powers 1, x, x², … */
  double *std_errors;      /* degree + 1: standard deviations of the coefficients (NaN when n = degree + 1) */
  double  rss;             /* residual sum of squares */
  double  tss;             /* total sum of squares about the mean */
  double  r2;              /* 1 − rss/tss (NaN when tss = 0) */
  double  adjusted_r2;     /* 1 − (1 − R²)(n − 1)/(n − p − 1), p = degree predictors; NaN when n ≤ p + 1 */
  double  residual_sd;     /* √(rss/(n − degree − 1)); NaN when n = degree + 1 */
  /* the same polynomial as a Chebyshev series in u = (x − center)/scale */
  double  center;
  double  scale;
  double *chebyshev;       /* degree + 1 */
} LabPolyfit;

/* Least squares y ≈ Σ c_k x^k, k = 0 … degree, with an intercept.
 * Errors: LAB_ERROR_DATA when a value is not finite ("x[i] is not finite"), when
 * n is 0, or when @x has fewer than degree + 1 distinct values ("degree D needs
 * at least D+1 distinct x values, found K"); LAB_ERROR_NUMERIC when the design is
 * numerically rank deficient. Cost O(n·degree²) in long double. */
LabPolyfit  *lab_polyfit_new           (const double  *x,
                                        const double  *y,
                                        gsize          n,
                                        guint          degree,
                                        GError       **error);
void         lab_polyfit_free          (LabPolyfit *fit);
/* The fitted value at @x (Clenshaw on the Chebyshev series). */
double       lab_polyfit_eval          (const LabPolyfit *fit,
                                        double            x);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPolyfit, lab_polyfit_free)

/* ---- nested fits of every degree ---- */

typedef struct _LabPolyBasis LabPolyBasis;

/* A workspace for up to @max_n points and degrees up to @max_degree. */
LabPolyBasis *lab_poly_basis_new        (gsize          max_n,
                                         guint          max_degree);
void          lab_poly_basis_free       (LabPolyBasis  *basis);
/* Builds the orthogonal basis on @x[0 … n−1] (n ≤ max_n). Returns the highest
 * degree available: max_degree, or fewer when the points cannot support it
 * (at most #distinct − 1). The polynomials are mapped to [−1, 1] by the
 * points' range; @x need not be sorted. */
guint         lab_poly_basis_set_points (LabPolyBasis  *basis,
                                         const double  *x,
                                         gsize          n);
guint         lab_poly_basis_get_degree (LabPolyBasis  *basis);
/* Coefficients @c[0 … degree] of y in the basis and, if @rss is not NULL, the
 * residual sum of squares of the fit of each degree, @rss[0 … degree]
 * (modified Gram–Schmidt on the residual: accurate even where the RSS is tiny). */
void          lab_poly_basis_project    (LabPolyBasis  *basis,
                                         const double  *y,
                                         double        *c,
                                         double        *rss);
/* The basis on the points: column-major n × (degree + 1), ‖q_k‖² = n. Borrowed,
 * valid until the next lab_poly_basis_set_points(). */
const double *lab_poly_basis_get_q      (LabPolyBasis  *basis,
                                         gsize         *n);
/* lab_poly_basis_project() on a basis @q (n × (degree + 1), as from
 * lab_poly_basis_get_q(), e.g. kept for reuse); @work holds n doubles. Reentrant. */
void          lab_poly_project          (const double  *q,
                                         gsize          n,
                                         guint          degree,
                                         const double  *y,
                                         double        *c,
                                         double        *rss,
                                         double        *work);
/* The basis polynomials at @m points: @out is row-major m × (degree + 1),
 * out[i·(degree+1) + k] = q_k(x_i). The least-squares fit of degree d at x_i
 * is Σ_{k ≤ d} c_k · out[i·(degree+1) + k]. O(m · degree²). */
void          lab_poly_basis_eval       (LabPolyBasis  *basis,
                                         const double  *x,
                                         gsize          m,
                                         double        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPolyBasis, lab_poly_basis_free)

/* ---- minimum-norm interpolation as features are added ----
 *
 * Past the interpolation threshold (more features than points) least squares has
 * many solutions; the minimum-norm one is w = Aᵀ(AAᵀ)⁻¹y for the n × p design A
 * of full row rank. Adding the features one at a time, the triangular factor R
 * of Aᵀ (RᵀR = AAᵀ) is updated by Givens rotations in O(n²) per feature, in long
 * double; z = (AAᵀ)⁻¹y then gives the fit anywhere as Σ_j K(x, x_j) z_j with the
 * kernel K(x, x') = Σ_k φ_k(x) φ_k(x'), which the caller accumulates alongside. */

typedef struct _LabMinNorm LabMinNorm;

LabMinNorm   *lab_min_norm_new          (gsize          n);
void          lab_min_norm_free         (LabMinNorm    *mn);
/* Forgets every feature. */
void          lab_min_norm_reset        (LabMinNorm    *mn);
/* Adds a feature: its values @phi[0 … n−1] at the n points. */
void          lab_min_norm_add_feature  (LabMinNorm    *mn,
                                         const double  *phi);
/* z = (AAᵀ)⁻¹ y for the features added so far; FALSE (z untouched) while AAᵀ is
 * numerically singular (fewer independent features than points). */
gboolean      lab_min_norm_solve        (LabMinNorm    *mn,
                                         const double  *y,
                                         double        *z);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabMinNorm, lab_min_norm_free)

/* Orthonormal Legendre features √(2k+1)·P_k(x), k = 0 … degree, into @out[degree + 1]
 * (orthonormal for x uniform on [−1, 1] with density ½). */
void          lab_legendre_features     (double         x,
                                         guint          degree,
                                         double        *out);

/* ---- standardised polynomial features (for ridge and the lasso) ---- */

typedef struct
{
  guint   degree;
  double *mean;    /* degree: mean of x^k over the training points, k = 1 … degree */
  double *sd;      /* degree: population standard deviation (as scikit-learn's StandardScaler) */
} LabPolyScaler;

/* Learns the means and standard deviations of x, x², …, x^degree on @x. A power
 * whose values are all equal gets sd 1 (its standardised feature is 0). */
LabPolyScaler *lab_poly_scaler_new       (const double        *x,
                                          gsize                n,
                                          guint                degree);
void           lab_poly_scaler_free      (LabPolyScaler       *scaler);
/* Row-major @z[i·degree + (k−1)] = (x_i^k − mean_k)/sd_k. */
void           lab_poly_scaler_transform (const LabPolyScaler *scaler,
                                          const double        *x,
                                          gsize                n,
                                          double              *z);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPolyScaler, lab_poly_scaler_free)

G_END_DECLS
