/* distributions.h — a distribution explorer: samples, PDF/PMF, CDF, moments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_DISTRIBUTION_NORMAL,
  LAB_DISTRIBUTION_BINOMIAL,
  LAB_DISTRIBUTION_POISSON,
  LAB_DISTRIBUTION_BETA,
  LAB_DISTRIBUTION_EXPONENTIAL,
  LAB_DISTRIBUTION_UNIFORM,
  LAB_DISTRIBUTION_GAMMA,
  LAB_DISTRIBUTION_STUDENT_T,
  LAB_DISTRIBUTION_LAPLACE,
  LAB_DISTRIBUTION_LOGNORMAL,
  LAB_DISTRIBUTION_GEOMETRIC,
  LAB_DISTRIBUTION_CHI_SQUARED,
  LAB_DISTRIBUTION_MIXTURE,
  LAB_DISTRIBUTION_MULTINOMIAL,     /* n, p1…p3 (normalised to sum 1): explore mode only */
  LAB_DISTRIBUTION_DIRICHLET,       /* alpha1…alpha3: explore mode only */
} LabDistribution;

typedef enum
{
  LAB_DISTRIBUTIONS_MODE_EXPLORE,   /* one family: samples, PDF/CDF, moments, CLT */
  LAB_DISTRIBUTIONS_MODE_COMPARE,   /* P against Q: KL both ways, cross-entropy, JS */
  LAB_DISTRIBUTIONS_MODE_FIT,       /* maximum likelihood on a column or on the drawn sample */
  LAB_DISTRIBUTIONS_MODE_BAYES,     /* conjugate prior → posterior, step by step */
  LAB_DISTRIBUTIONS_MODE_BIVARIATE, /* a bivariate normal (or x and x² − 1) */
} LabDistributionsMode;

typedef enum
{
  LAB_PAIR_NORMAL,                  /* (X, Y) bivariate normal with correlation rho */
  LAB_PAIR_SQUARE,                  /* X ~ N(mu, sigma²), Y = ((X − mu)/sigma)² − 1: uncorrelated, dependent */
} LabPairKind;

typedef enum
{
  LAB_DISTRIBUTIONS_SOURCE_SAMPLE,  /* fit the values drawn from the distribution */
  LAB_DISTRIBUTIONS_SOURCE_DATA,    /* fit a column of the open dataset */
} LabDistributionsSource;

typedef enum
{
  LAB_APPROXIMATION_NONE,
  LAB_APPROXIMATION_NORMAL,         /* Binomial ≈ N(np, npq), continuity-corrected */
  LAB_APPROXIMATION_POISSON,        /* Binomial ≈ Poisson(np) */
} LabApproximation;

GType lab_distributions_mode_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_DISTRIBUTIONS_MODE (lab_distributions_mode_get_type ())
GType lab_distributions_source_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_DISTRIBUTIONS_SOURCE (lab_distributions_source_get_type ())
GType lab_approximation_get_type (void) G_GNUC_CONST;
GType lab_conjugate_pair_get_type (void) G_GNUC_CONST;
GType lab_pair_kind_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_PAIR_KIND (lab_pair_kind_get_type ())
#define LAB_TYPE_CONJUGATE_PAIR (lab_conjugate_pair_get_type ())
#define LAB_TYPE_APPROXIMATION (lab_approximation_get_type ())

GType lab_distribution_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_DISTRIBUTION (lab_distribution_get_type ())

#define LAB_TYPE_DISTRIBUTIONS_PARAMS (lab_distributions_params_get_type ())
G_DECLARE_FINAL_TYPE (LabDistributionsParams, lab_distributions_params, LAB, DISTRIBUTIONS_PARAMS, LabParams)

/* The exact distribution that @params select (GSL), for the figure, the metrics and the tests:
 * the density (PMF for the discrete ones, 0 between integers), P(X ≤ x), and the closed-form
 * mean, variance, skewness and excess kurtosis. */
double   lab_distributions_pdf     (LabParams *params, double x);
double   lab_distributions_cdf     (LabParams *params, double x);
void     lab_distributions_moments (LabParams *params,
                                    double    *mean,
                                    double    *variance,
                                    double    *skewness,
                                    double    *excess_kurtosis);
gboolean lab_distributions_is_discrete (LabParams *params);
/* the q-quantile and the entropy (nats) of the selected family */
double   lab_distributions_quantile (LabParams *params, double q);
double   lab_distributions_entropy  (LabParams *params);

extern const LabTopic lab_topic_distributions;

G_END_DECLS
