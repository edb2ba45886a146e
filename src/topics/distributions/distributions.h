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
} LabDistribution;

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

extern const LabTopic lab_topic_distributions;

G_END_DECLS
