/* lab-distribution.h — the distribution families: pdf/pmf, cdf, moments, ranges, sampling
 *
 * Every function is GSL's where GSL has it (gsl_ran_*_pdf, gsl_cdf_*, gsl_ran_*); the
 * moments are the closed forms. Shared by every topic that draws or samples a family.
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
  LAB_N_FAMILIES,
} LabFamily;

/* One distribution: its family and that family's parameters (the others are ignored). */
typedef struct
{
  LabFamily    family;
  double       mu, sigma;
  unsigned int n;
  double       p, lambda, alpha, beta, rate, a, b, shape, scale;
} LabDist;

gboolean lab_dist_is_discrete (const LabDist *d);
/* density (continuous) or probability mass (discrete; 0 off the integers) at @x */
double   lab_dist_pdf         (const LabDist *d,
                               double         x);
double   lab_dist_cdf         (const LabDist *d,
                               double         x);
void     lab_dist_moments     (const LabDist *d,
                               double        *mean,
                               double        *variance,
                               double        *skewness,
                               double        *excess_kurtosis);
void     lab_dist_range       (const LabDist *d,
                               double         tail,
                               double        *lo,
                               double        *hi);
/* binomial, Poisson: the smallest integer k with P(X ≤ k) ≥ q, walking the PMF */
unsigned int lab_dist_discrete_quantile (const LabDist *d,
                                         double         q);
double   lab_dist_sample      (const LabDist *d,
                               gsl_rng       *rng);

G_END_DECLS
