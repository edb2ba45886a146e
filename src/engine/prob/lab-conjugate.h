/* lab-conjugate.h — conjugate Bayesian updating and the matching frequentist intervals
 *
 * Beta–Binomial, Gamma–Poisson and Normal–Normal with known σ: the posterior after the data
 * (the posterior becomes the next prior, one observation at a time or all at once), its
 * 95 % equal-tailed credible interval, MAP and mean; and the confidence interval a
 * frequentist would report from the same data: Clopper–Pearson (exact binomial), the exact
 * (Garwood) Poisson interval for a rate, z for a normal mean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_CONJUGATE_BETA_BINOMIAL,   /* a, b: Beta(α, β) on p; data: successes s of n trials */
  LAB_CONJUGATE_GAMMA_POISSON,   /* a, b: Gamma(shape, rate) on λ; data: Σ counts over n observations */
  LAB_CONJUGATE_NORMAL_NORMAL,   /* a, b: N(μ₀, σ₀²) on μ; data: mean x̄ of n observations, σ known */
} LabConjugate;

typedef struct
{
  LabConjugate kind;
  double       a, b;             /* (α, β), (shape, rate) or (μ, σ) */
  double       known_sigma;      /* normal–normal */
} LabConjugatePrior;

/* the posterior after @n observations summarised by @stat (successes, Σ counts, mean) */
LabConjugatePrior lab_conjugate_update (const LabConjugatePrior *prior,
                                        double                   stat,
                                        double                   n);
/* the posterior's density at @theta */
double   lab_conjugate_pdf            (const LabConjugatePrior *post,
                                       double                   theta);
double   lab_conjugate_quantile       (const LabConjugatePrior *post,
                                       double                   q);
double   lab_conjugate_mean           (const LabConjugatePrior *post);
/* the posterior mode; NAN (with *@reason) where there is none (Beta with α, β < 1: both ends) */
double   lab_conjugate_map            (const LabConjugatePrior *post,
                                       const char             **reason);
/* the (1 − @alpha) frequentist interval from the data alone */
void     lab_conjugate_confidence     (LabConjugate             kind,
                                       double                   stat,
                                       double                   n,
                                       double                   known_sigma,
                                       double                   alpha,
                                       double                  *lo,
                                       double                  *hi);

G_END_DECLS
