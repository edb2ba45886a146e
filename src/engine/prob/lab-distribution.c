/* lab-distribution.c — the distribution families
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "lab-distribution.h"
#include "lab-rng.h"

gboolean
lab_dist_is_discrete (const LabDist *d)
{
  return d->family == LAB_FAMILY_BINOMIAL || d->family == LAB_FAMILY_POISSON;
}

double
lab_dist_pdf (const LabDist *d,
             double         x)
{
  if (isnan (x))
    return NAN;
  if (lab_dist_is_discrete (d))
    {
      if (x < 0 || x != floor (x) || x > G_MAXUINT)
        return 0.0;
      if (d->family == LAB_FAMILY_BINOMIAL)
        return x > d->n ? 0.0 : gsl_ran_binomial_pdf ((unsigned int) x, d->p, d->n);
      return gsl_ran_poisson_pdf ((unsigned int) x, d->lambda);
    }
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return gsl_ran_gaussian_pdf (x - d->mu, d->sigma);
    case LAB_FAMILY_BETA:
      return x < 0 || x > 1 ? 0.0 : gsl_ran_beta_pdf (x, d->alpha, d->beta);
    case LAB_FAMILY_EXPONENTIAL:
      return gsl_ran_exponential_pdf (x, 1.0 / d->rate);
    case LAB_FAMILY_UNIFORM:
      return gsl_ran_flat_pdf (x, d->a, d->b);
    case LAB_FAMILY_GAMMA:
      return gsl_ran_gamma_pdf (x, d->shape, d->scale);
    default:
      g_assert_not_reached ();
    }
}

double
lab_dist_cdf (const LabDist *d,
             double         x)
{
  if (isnan (x))
    return NAN;
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return gsl_cdf_gaussian_P (x - d->mu, d->sigma);
    case LAB_FAMILY_BINOMIAL:
      if (x < 0)
        return 0.0;
      if (x >= d->n)
        return 1.0;
      return gsl_cdf_binomial_P ((unsigned int) floor (x), d->p, d->n);
    case LAB_FAMILY_POISSON:
      if (x < 0)
        return 0.0;
      if (x >= G_MAXUINT)
        return 1.0;
      return gsl_cdf_poisson_P ((unsigned int) floor (x), d->lambda);
    case LAB_FAMILY_BETA:
      return x <= 0 ? 0.0 : x >= 1 ? 1.0 : gsl_cdf_beta_P (x, d->alpha, d->beta);
    case LAB_FAMILY_EXPONENTIAL:
      return x <= 0 ? 0.0 : gsl_cdf_exponential_P (x, 1.0 / d->rate);
    case LAB_FAMILY_UNIFORM:
      return x <= d->a ? 0.0 : x >= d->b ? 1.0 : gsl_cdf_flat_P (x, d->a, d->b);
    case LAB_FAMILY_GAMMA:
      return x <= 0 ? 0.0 : gsl_cdf_gamma_P (x, d->shape, d->scale);
    default:
      g_assert_not_reached ();
    }
}

void
lab_dist_moments (const LabDist *d,
              double     *mean,
              double     *var,
              double     *skew,
              double     *exkurt)
{
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      *mean = d->mu, *var = d->sigma * d->sigma, *skew = 0, *exkurt = 0;
      break;
    case LAB_FAMILY_BINOMIAL:
      {
        double npq = d->n * d->p * (1 - d->p);

        *mean = d->n * d->p;
        *var = npq;
        *skew = (1 - 2 * d->p) / sqrt (npq);
        *exkurt = (1 - 6 * d->p * (1 - d->p)) / npq;
      }
      break;
    case LAB_FAMILY_POISSON:
      *mean = *var = d->lambda;
      *skew = 1 / sqrt (d->lambda);
      *exkurt = 1 / d->lambda;
      break;
    case LAB_FAMILY_BETA:
      {
        double a = d->alpha, b = d->beta, s = a + b;

        *mean = a / s;
        *var = a * b / (s * s * (s + 1));
        *skew = 2 * (b - a) * sqrt (s + 1) / ((s + 2) * sqrt (a * b));
        *exkurt = 6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2)) / (a * b * (s + 2) * (s + 3));
      }
      break;
    case LAB_FAMILY_EXPONENTIAL:
      *mean = 1 / d->rate, *var = 1 / (d->rate * d->rate), *skew = 2, *exkurt = 6;
      break;
    case LAB_FAMILY_UNIFORM:
      *mean = (d->a + d->b) / 2;
      *var = (d->b - d->a) * (d->b - d->a) / 12;
      *skew = 0;
      *exkurt = -6.0 / 5.0;
      break;
    case LAB_FAMILY_GAMMA:
      *mean = d->shape * d->scale;
      *var = d->shape * d->scale * d->scale;
      *skew = 2 / sqrt (d->shape);
      *exkurt = 6 / d->shape;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The smallest integer k with P(X ≤ k) ≥ q, walking the PMF (n ≤ 1000, λ ≤ 100: short walks). */
unsigned int
lab_dist_discrete_quantile (const LabDist *d,
                            double         q)
{
  unsigned int limit = d->family == LAB_FAMILY_BINOMIAL ? d->n : 100000;
  double cum = 0;

  for (unsigned int k = 0; k < limit; k++)
    {
      cum += lab_dist_pdf (d, k);
      if (cum >= q)
        return k;
    }
  return limit;
}

/* The central 1 − 2·tail of the distribution, clipped to its support (discrete: widened by one). */
void
lab_dist_range (const LabDist *d,
                double         tail,
                double        *lo,
                double        *hi)
{
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      *lo = d->mu + gsl_cdf_gaussian_Pinv (tail, d->sigma);
      *hi = d->mu + gsl_cdf_gaussian_Pinv (1 - tail, d->sigma);
      break;
    case LAB_FAMILY_BINOMIAL:
    case LAB_FAMILY_POISSON:
      *lo = lab_dist_discrete_quantile (d, tail);
      *hi = lab_dist_discrete_quantile (d, 1 - tail);
      *lo = MAX (0, *lo - 1);
      *hi = d->family == LAB_FAMILY_BINOMIAL ? MIN (d->n, *hi + 1) : *hi + 1;
      break;
    case LAB_FAMILY_BETA:
      *lo = 0, *hi = 1;
      break;
    case LAB_FAMILY_EXPONENTIAL:
      *lo = 0, *hi = gsl_cdf_exponential_Pinv (1 - tail, 1.0 / d->rate);
      break;
    case LAB_FAMILY_UNIFORM:
      *lo = d->a, *hi = d->b;
      break;
    case LAB_FAMILY_GAMMA:
      *lo = d->shape >= 3 ? gsl_cdf_gamma_Pinv (tail, d->shape, d->scale) : 0;
      *hi = gsl_cdf_gamma_Pinv (1 - tail, d->shape, d->scale);
      break;
    default:
      g_assert_not_reached ();
    }
}

double
lab_dist_sample (const LabDist *d,
             gsl_rng    *rng)
{
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return d->mu + d->sigma * lab_rng_gaussian (rng);
    case LAB_FAMILY_BINOMIAL:
      return gsl_ran_binomial (rng, d->p, d->n);
    case LAB_FAMILY_POISSON:
      return gsl_ran_poisson (rng, d->lambda);
    case LAB_FAMILY_BETA:
      return gsl_ran_beta (rng, d->alpha, d->beta);
    case LAB_FAMILY_EXPONENTIAL:
      return gsl_ran_exponential (rng, 1.0 / d->rate);
    case LAB_FAMILY_UNIFORM:
      return gsl_ran_flat (rng, d->a, d->b);
    case LAB_FAMILY_GAMMA:
      return gsl_ran_gamma (rng, d->shape, d->scale);
    default:
      g_assert_not_reached ();
    }
}
