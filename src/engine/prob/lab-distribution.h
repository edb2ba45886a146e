/* lab-distribution.h — the distribution families: pdf/pmf, cdf, quantiles, moments, entropy,
 * ranges, sampling; Kullback–Leibler, cross-entropy and Jensen–Shannon between two families
 *
 * Every function is GSL's where GSL has it (gsl_ran_*_pdf, gsl_cdf_*, gsl_cdf_*_Pinv, gsl_ran_*,
 * gsl_sf_lngamma/psi, gsl_integration_qag*); the moments, entropies and the KL divergences
 * that have one are the closed forms. Shared by every topic that draws or samples a family.
 *
 * Conventions (scipy.stats'): a density on a closed support is evaluated at its ends too —
 * uniform(a, b) at a and at b is 1/(b − a); gamma with shape < 1, chi-squared with df < 2 and
 * beta with α < 1 (β < 1) are +∞ at 0 (at 1). The geometric counts trials up to the first
 * success: support 1, 2, … (scipy's geom). Student-t takes μ and σ as location and scale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_FAMILY_NORMAL,        /* mu, sigma */
  LAB_FAMILY_BINOMIAL,      /* n, p */
  LAB_FAMILY_POISSON,       /* lambda */
  LAB_FAMILY_BETA,          /* alpha, beta */
  LAB_FAMILY_EXPONENTIAL,   /* rate */
  LAB_FAMILY_UNIFORM,       /* a, b */
  LAB_FAMILY_GAMMA,         /* shape k, scale θ */
  LAB_FAMILY_STUDENT_T,     /* df ν, location mu, scale sigma */
  LAB_FAMILY_LAPLACE,       /* location mu, scale b (= scale) */
  LAB_FAMILY_LOGNORMAL,     /* mu, sigma of log X */
  LAB_FAMILY_GEOMETRIC,     /* p: trials up to the first success, support 1, 2, … */
  LAB_FAMILY_CHI_SQUARED,   /* df k */
  LAB_FAMILY_MIXTURE,       /* weight·N(mu, sigma) + (1 − weight)·N(mu2, sigma2) */
  LAB_N_FAMILIES,
} LabFamily;

/* One distribution: its family and that family's parameters (the others are ignored). */
typedef struct
{
  LabFamily    family;
  double       mu, sigma;
  unsigned int n;
  double       p, lambda, alpha, beta, rate, a, b, shape, scale;
  double       df, mu2, sigma2, weight;
} LabDist;

gboolean lab_dist_is_discrete (const LabDist *d);
/* the closed support [lo, hi] (±INFINITY when unbounded; integers for the discrete ones) */
void     lab_dist_support     (const LabDist *d,
                               double        *lo,
                               double        *hi);
/* density (continuous) or probability mass (discrete; 0 off the integers) at @x */
double   lab_dist_pdf         (const LabDist *d,
                               double         x);
double   lab_dist_cdf         (const LabDist *d,
                               double         x);
/* the q-quantile: continuous, F⁻¹(q); discrete, the smallest k of the support with F(k) ≥ q */
double   lab_dist_quantile    (const LabDist *d,
                               double         q);
/* Closed-form moments. One that does not exist is NAN (the mean of Student-t with ν ≤ 1…) or
 * +INFINITY (its variance for 1 < ν ≤ 2); lab_dist_moment_reason says why. */
void     lab_dist_moments     (const LabDist *d,
                               double        *mean,
                               double        *variance,
                               double        *skewness,
                               double        *excess_kurtosis);
/* @which: 1 mean, 2 variance, 3 skewness, 4 excess kurtosis; NULL when that moment exists */
const char *lab_dist_moment_reason (const LabDist *d,
                                    int            which);
/* differential (continuous) or Shannon (discrete) entropy in nats */
double   lab_dist_entropy     (const LabDist *d);
void     lab_dist_range       (const LabDist *d,
                               double         tail,
                               double        *lo,
                               double        *hi);
/* binomial, Poisson, geometric: the smallest integer k with P(X ≤ k) ≥ q */
unsigned int lab_dist_discrete_quantile (const LabDist *d,
                                         double         q);
double   lab_dist_sample      (const LabDist *d,
                               gsl_rng       *rng);

/* ---- divergences (nats) ---- */

typedef enum
{
  LAB_DIVERGENCE_CLOSED_FORM,   /* a textbook formula */
  LAB_DIVERGENCE_SUM,           /* an exact sum over the (discrete) support */
  LAB_DIVERGENCE_QUADRATURE,    /* adaptive quadrature (GSL QAGS/QAGIU/QAGI) */
  LAB_DIVERGENCE_INFINITE,      /* P puts mass where Q has none: +∞ */
  LAB_DIVERGENCE_FAILED,        /* the quadrature did not converge (the integral may diverge) */
} LabDivergenceMethod;

/* KL(P‖Q) = E_P[log p/q]; returns +INFINITY when supp P ⊄ supp Q (or one is discrete and the
 * other continuous), NAN with LAB_DIVERGENCE_FAILED when the quadrature does not converge. */
double   lab_dist_kl          (const LabDist       *p,
                               const LabDist       *q,
                               LabDivergenceMethod *method);
/* the same by an exact sum or quadrature even where a closed form exists (tests check one
 * against the other) */
double   lab_dist_kl_numeric  (const LabDist       *p,
                               const LabDist       *q,
                               LabDivergenceMethod *method);
/* Jensen–Shannon ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2: always finite, at most log 2 */
double   lab_dist_js          (const LabDist       *p,
                               const LabDist       *q,
                               LabDivergenceMethod *method);

G_END_DECLS
