/* distributions-params.c — the distributions topic: parameters, presets, the topic (notes §4.5–4.8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "distributions-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabDistribution, lab_distribution,
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_BINOMIAL, "binomial"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_POISSON, "poisson"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_BETA, "beta"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_EXPONENTIAL, "exponential"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_UNIFORM, "uniform"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_GAMMA, "gamma"))

struct _LabDistributionsParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabDistributionsParams, lab_distributions_params, LAB_TYPE_PARAMS)

/* which distribution each shape parameter belongs to */
static const struct
{
  const char      *name;
  LabDistribution  dist;
} shape_params[] = {
  { "mu", LAB_DISTRIBUTION_NORMAL },
  { "sigma", LAB_DISTRIBUTION_NORMAL },
  { "n", LAB_DISTRIBUTION_BINOMIAL },
  { "p", LAB_DISTRIBUTION_BINOMIAL },
  { "lambda", LAB_DISTRIBUTION_POISSON },
  { "alpha", LAB_DISTRIBUTION_BETA },
  { "beta", LAB_DISTRIBUTION_BETA },
  { "rate", LAB_DISTRIBUTION_EXPONENTIAL },
  { "a", LAB_DISTRIBUTION_UNIFORM },
  { "b", LAB_DISTRIBUTION_UNIFORM },
  { "shape", LAB_DISTRIBUTION_GAMMA },
  { "scale", LAB_DISTRIBUTION_GAMMA },
};

static gboolean
lab_distributions_params_is_relevant (LabParams  *params,
                                      GParamSpec *pspec)
{
  LabDistribution dist = lab_params_get_enum (params, "distribution");

  for (guint i = 0; i < G_N_ELEMENTS (shape_params); i++)
    if (g_str_equal (pspec->name, shape_params[i].name))
      return dist == shape_params[i].dist;
  return TRUE;
}

static void
lab_distributions_params_class_init (LabDistributionsParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_distributions_params_is_relevant;

  lab_params_class_add_enum (params_class, "distribution", N_("Distribution"),
    N_("normal, binomial, poisson, beta, exponential, uniform or gamma"),
    LAB_TYPE_DISTRIBUTION, LAB_DISTRIBUTION_NORMAL, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "mu", N_("Mean μ"),
    N_("Normal: the centre of the bell"),
    -10.0, 10.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "sigma", N_("Standard deviation σ"),
    N_("Normal: the spread of the bell"),
    0.05, 10.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "n", N_("Trials n"),
    N_("Binomial: the number of independent trials"),
    1, 1000, 20, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "p", N_("Success probability p"),
    N_("Binomial: the probability of success in each trial"),
    0.001, 0.999, 0.3, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "lambda", N_("Rate λ"),
    N_("Poisson: the expected number of events per interval"),
    0.05, 100.0, 4.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "alpha", N_("α"),
    N_("Beta: the first shape (think: successes + 1)"),
    0.1, 50.0, 2.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "beta", N_("β"),
    N_("Beta: the second shape (think: failures + 1)"),
    0.1, 50.0, 5.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "rate", N_("Rate λ"),
    N_("Exponential: events per unit time; the mean waiting time is 1/λ"),
    0.05, 20.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "a", N_("Lower end a"),
    N_("Uniform: the lower end of the interval (must be below b)"),
    -10.0, 10.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "b", N_("Upper end b"),
    N_("Uniform: the upper end of the interval (must be above a)"),
    -10.0, 10.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "shape", N_("Shape k"),
    N_("Gamma: the shape; k = 1 is the exponential, large k looks normal"),
    0.1, 50.0, 2.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "scale", N_("Scale θ"),
    N_("Gamma: the scale; the mean is k·θ"),
    0.05, 20.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "samples", N_("Samples"),
    N_("How many values to draw: watch the histogram and the sample moments settle on the exact ones"),
    10, 10000000, 10000, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class, N_("Seed of the random generator: the same seed gives the same samples"), LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "x", N_("Query point x"),
    N_("Where to read P(X ≤ x) and the density (click a plot to move it)"),
    -INFINITY, INFINITY, 1.0, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_distributions_params_init (LabDistributionsParams *self)
{
}

static const LabPreset distributions_presets[] = {
  { N_("Normal: the bell"), "distribution=normal mu=0 sigma=1 samples=10000 x=1.96",
    N_("P(X ≤ 1.96) = 0.975 for the standard normal, so ±1.96σ holds 95 %. With 10,000 draws the histogram "
       "already hugs the curve; the sample skewness and kurtosis are near 0 but not at it.") },
  { N_("Binomial → normal (n = 100)"), "distribution=binomial n=100 p=0.5 samples=100000 x=55",
    N_("Binomial(100, ½) looks normal. The exact P(X ≤ 55) = 0.864; the normal approximation needs the "
       "continuity correction, Φ((55.5 − 50)/5) = Φ(1.1) = 0.864, not Φ(1.0) = 0.841.") },
  { N_("Poisson: rare events"), "distribution=poisson lambda=1.5 samples=10000 x=3",
    N_("Counts of rare events averaging 1.5: a right-skewed staircase (skewness 1/√λ = 0.82), "
       "P(X ≤ 3) = 0.934.") },
  { N_("Beta: a prior on a probability"), "distribution=beta alpha=3 beta=9 samples=10000 x=0.4",
    N_("Beta(3, 9): a belief that a rate lies near 0.25 (mean α/(α + β)), as after 2 successes and 8 failures "
       "from a uniform prior; P(p ≤ 0.4) = 0.881.") },
  { N_("Exponential: waiting times"), "distribution=exponential rate=0.5 samples=10000 x=2",
    N_("Waits between events at rate 0.5 (mean 2): P(X ≤ 2) = 1 − e⁻¹ = 0.632. Memoryless: having waited "
       "does not shorten what is left.") },
  { N_("Strong right skew (gamma shape 0.5)"), "distribution=gamma shape=0.5 scale=2 samples=100000 x=6",
    N_("Gamma with shape k = 0.5: skewness 2/√k = 2.83 and excess kurtosis 6/k = 12. Even at 100,000 draws the "
       "sample skewness and kurtosis lag the exact values — rare large draws carry them.") },
};


const LabTopic lab_topic_distributions = {
  .id = "distributions",
  .title = N_("Probability distributions"),
  .chapter = LAB_CHAPTER_EXTENDED,
  .sections = "§4.5–4.8",
  .summary = N_("Draw samples from seven distributions and watch the histogram, the empirical CDF and the sample moments settle on the exact ones."),
  .params_get_type = lab_distributions_params_get_type,
  .compute = distributions_compute,
  .build = distributions_build,
  .metrics = distributions_metrics,
  .click = distributions_click,
  .suggest_range = distributions_suggest_range,
  .presets = distributions_presets,
  .n_presets = G_N_ELEMENTS (distributions_presets),
};
