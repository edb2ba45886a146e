/* lab-conjugate.c — conjugate updating, credible and confidence intervals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "lab-conjugate.h"
#include "lab-distribution.h"

LabConjugatePrior
lab_conjugate_update (const LabConjugatePrior *prior,
                      double                   stat,
                      double                   n)
{
  LabConjugatePrior post = *prior;

  switch (prior->kind)
    {
    case LAB_CONJUGATE_BETA_BINOMIAL:
      post.a = prior->a + stat;
      post.b = prior->b + (n - stat);
      break;
    case LAB_CONJUGATE_GAMMA_POISSON:
      post.a = prior->a + stat;
      post.b = prior->b + n;
      break;
    case LAB_CONJUGATE_NORMAL_NORMAL:
      {
        /* precisions add; the mean is their weighted average */
        double p0 = 1 / (prior->b * prior->b), pd = n / (prior->known_sigma * prior->known_sigma);

        post.a = (p0 * prior->a + pd * stat) / (p0 + pd);
        post.b = 1 / sqrt (p0 + pd);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return post;
}

static LabDist
as_dist (const LabConjugatePrior *c)
{
  LabDist d = { 0 };

  switch (c->kind)
    {
    case LAB_CONJUGATE_BETA_BINOMIAL:
      d.family = LAB_FAMILY_BETA, d.alpha = c->a, d.beta = c->b;
      break;
    case LAB_CONJUGATE_GAMMA_POISSON:
      d.family = LAB_FAMILY_GAMMA, d.shape = c->a, d.scale = 1 / c->b;
      break;
    case LAB_CONJUGATE_NORMAL_NORMAL:
    default:
      d.family = LAB_FAMILY_NORMAL, d.mu = c->a, d.sigma = c->b;
      break;
    }
  return d;
}

double
lab_conjugate_pdf (const LabConjugatePrior *post,
                   double                   theta)
{
  LabDist d = as_dist (post);

  return lab_dist_pdf (&d, theta);
}

double
lab_conjugate_quantile (const LabConjugatePrior *post,
                        double                   q)
{
  LabDist d = as_dist (post);

  return lab_dist_quantile (&d, q);
}

double
lab_conjugate_mean (const LabConjugatePrior *post)
{
  LabDist d = as_dist (post);
  double m, v, s, k;

  lab_dist_moments (&d, &m, &v, &s, &k);
  return m;
}

double
lab_conjugate_map (const LabConjugatePrior *post,
                   const char             **reason)
{
  *reason = NULL;
  switch (post->kind)
    {
    case LAB_CONJUGATE_BETA_BINOMIAL:
      if (post->a > 1 && post->b > 1)
        return (post->a - 1) / (post->a + post->b - 2);
      if (post->a <= 1 && post->b > 1)
        return 0;   /* the density falls from p = 0 */
      if (post->a > 1 && post->b <= 1)
        return 1;
      *reason = post->a == 1 && post->b == 1 ? "the posterior is uniform: every p is a mode"
                                             : "α, β ≤ 1: the density peaks at both p = 0 and p = 1";
      return NAN;
    case LAB_CONJUGATE_GAMMA_POISSON:
      return post->a >= 1 ? (post->a - 1) / post->b : 0;
    case LAB_CONJUGATE_NORMAL_NORMAL:
    default:
      return post->a;
    }
}

void
lab_conjugate_confidence (LabConjugate kind,
                          double       stat,
                          double       n,
                          double       known_sigma,
                          double       alpha,
                          double      *lo,
                          double      *hi)
{
  switch (kind)
    {
    case LAB_CONJUGATE_BETA_BINOMIAL:
      /* Clopper–Pearson: the beta quantiles, 0 and 1 at the edges */
      {
        LabDist l = { .family = LAB_FAMILY_BETA, .alpha = stat, .beta = n - stat + 1 };
        LabDist h = { .family = LAB_FAMILY_BETA, .alpha = stat + 1, .beta = n - stat };

        *lo = stat > 0 ? lab_dist_quantile (&l, alpha / 2) : 0.0;
        *hi = stat < n ? lab_dist_quantile (&h, 1 - alpha / 2) : 1.0;
      }
      break;
    case LAB_CONJUGATE_GAMMA_POISSON:
      /* Garwood: χ² quantiles of 2S and 2S + 2 degrees of freedom, per observation */
      {
        LabDist l = { .family = LAB_FAMILY_CHI_SQUARED, .df = 2 * stat };
        LabDist h = { .family = LAB_FAMILY_CHI_SQUARED, .df = 2 * stat + 2 };

        *lo = stat > 0 ? lab_dist_quantile (&l, alpha / 2) / (2 * n) : 0.0;
        *hi = lab_dist_quantile (&h, 1 - alpha / 2) / (2 * n);
      }
      break;
    case LAB_CONJUGATE_NORMAL_NORMAL:
    default:
      {
        double z = gsl_cdf_ugaussian_Pinv (1 - alpha / 2) * known_sigma / sqrt (n);

        *lo = stat - z, *hi = stat + z;
      }
      break;
    }
}
