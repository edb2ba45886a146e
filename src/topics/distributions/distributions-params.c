/* distributions-params.c — the distributions topic: parameters, presets, the topic (notes §4.5–4.10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "distributions-private.h"
#include "lab-conjugate.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabDistribution, lab_distribution,
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_BINOMIAL, "binomial"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_POISSON, "poisson"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_BETA, "beta"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_EXPONENTIAL, "exponential"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_UNIFORM, "uniform"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_GAMMA, "gamma"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_STUDENT_T, "student-t"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_LAPLACE, "laplace"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_LOGNORMAL, "lognormal"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_GEOMETRIC, "geometric"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_CHI_SQUARED, "chi-squared"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_MIXTURE, "mixture"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_MULTINOMIAL, "multinomial"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTION_DIRICHLET, "dirichlet"))

G_DEFINE_ENUM_TYPE (LabDistributionsMode, lab_distributions_mode,
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTIONS_MODE_EXPLORE, "explore"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTIONS_MODE_COMPARE, "compare"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTIONS_MODE_FIT, "fit"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTIONS_MODE_BAYES, "bayes"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTIONS_MODE_BIVARIATE, "bivariate"))

G_DEFINE_ENUM_TYPE (LabPairKind, lab_pair_kind,
  G_DEFINE_ENUM_VALUE (LAB_PAIR_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (LAB_PAIR_SQUARE, "square"))

G_DEFINE_ENUM_TYPE (LabConjugate, lab_conjugate_pair,
  G_DEFINE_ENUM_VALUE (LAB_CONJUGATE_BETA_BINOMIAL, "beta-binomial"),
  G_DEFINE_ENUM_VALUE (LAB_CONJUGATE_GAMMA_POISSON, "gamma-poisson"),
  G_DEFINE_ENUM_VALUE (LAB_CONJUGATE_NORMAL_NORMAL, "normal-normal"))

/* the Bayes mode's parameters: which pairs use them; summary = typed-in data (source=sample) */
static const struct
{
  const char *name;
  guint       pairs;
  gboolean    summary;
} bayes_params[] = {
  { "prior-alpha", 1u << LAB_CONJUGATE_BETA_BINOMIAL, FALSE },
  { "prior-beta", 1u << LAB_CONJUGATE_BETA_BINOMIAL, FALSE },
  { "successes", 1u << LAB_CONJUGATE_BETA_BINOMIAL, TRUE },
  { "trials", 1u << LAB_CONJUGATE_BETA_BINOMIAL, TRUE },
  { "prior-shape", 1u << LAB_CONJUGATE_GAMMA_POISSON, FALSE },
  { "prior-rate", 1u << LAB_CONJUGATE_GAMMA_POISSON, FALSE },
  { "count-sum", 1u << LAB_CONJUGATE_GAMMA_POISSON, TRUE },
  { "observations", (1u << LAB_CONJUGATE_GAMMA_POISSON) | (1u << LAB_CONJUGATE_NORMAL_NORMAL), TRUE },
  { "prior-mu", 1u << LAB_CONJUGATE_NORMAL_NORMAL, FALSE },
  { "prior-sigma", 1u << LAB_CONJUGATE_NORMAL_NORMAL, FALSE },
  { "known-sigma", 1u << LAB_CONJUGATE_NORMAL_NORMAL, FALSE },
  { "sample-mean", 1u << LAB_CONJUGATE_NORMAL_NORMAL, TRUE },
};

G_DEFINE_ENUM_TYPE (LabDistributionsSource, lab_distributions_source,
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTIONS_SOURCE_SAMPLE, "sample"),
  G_DEFINE_ENUM_VALUE (LAB_DISTRIBUTIONS_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (LabApproximation, lab_approximation,
  G_DEFINE_ENUM_VALUE (LAB_APPROXIMATION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_APPROXIMATION_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (LAB_APPROXIMATION_POISSON, "poisson"))

struct _LabDistributionsParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabDistributionsParams, lab_distributions_params, LAB_TYPE_PARAMS)

#define F(d) (1u << LAB_DISTRIBUTION_##d)

/* which families each shape parameter belongs to (P's by its name, Q's as q-<name>) */
static const struct
{
  const char *name;
  guint       families;
} shape_params[] = {
  { "mu", F (NORMAL) | F (STUDENT_T) | F (LAPLACE) | F (LOGNORMAL) | F (MIXTURE) },
  { "sigma", F (NORMAL) | F (STUDENT_T) | F (LOGNORMAL) | F (MIXTURE) },
  { "n", F (BINOMIAL) | F (MULTINOMIAL) },
  { "p1", F (MULTINOMIAL) },
  { "p2", F (MULTINOMIAL) },
  { "p3", F (MULTINOMIAL) },
  { "alpha1", F (DIRICHLET) },
  { "alpha2", F (DIRICHLET) },
  { "alpha3", F (DIRICHLET) },
  { "p", F (BINOMIAL) | F (GEOMETRIC) },
  { "lambda", F (POISSON) },
  { "alpha", F (BETA) },
  { "beta", F (BETA) },
  { "rate", F (EXPONENTIAL) },
  { "a", F (UNIFORM) },
  { "b", F (UNIFORM) },
  { "shape", F (GAMMA) },
  { "scale", F (GAMMA) | F (LAPLACE) },
  { "df", F (STUDENT_T) | F (CHI_SQUARED) },
  { "mu2", F (MIXTURE) },
  { "sigma2", F (MIXTURE) },
  { "weight", F (MIXTURE) },
};

static gboolean
lab_distributions_params_is_relevant (LabParams  *params,
                                      GParamSpec *pspec)
{
  LabDistributionsMode mode = lab_params_get_enum (params, "mode");
  LabDistribution dist = lab_params_get_enum (params, "distribution");
  LabDistribution qdist = lab_params_get_enum (params, "q-distribution");
  const char *name = pspec->name;
  gboolean is_q = g_str_has_prefix (name, "q-");

  if (is_q && mode != LAB_DISTRIBUTIONS_MODE_COMPARE)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (bayes_params); i++)
    if (g_str_equal (name, bayes_params[i].name))
      return mode == LAB_DISTRIBUTIONS_MODE_BAYES
             && (bayes_params[i].pairs & (1u << lab_params_get_enum (params, "conjugate"))) != 0
             && (!bayes_params[i].summary
                 || lab_params_get_enum (params, "source") == LAB_DISTRIBUTIONS_SOURCE_SAMPLE);
  if (g_str_equal (name, "conjugate") || g_str_equal (name, "step"))
    return mode == LAB_DISTRIBUTIONS_MODE_BAYES;
  if (mode == LAB_DISTRIBUTIONS_MODE_BIVARIATE)
    {
      gboolean sq = lab_params_get_enum (params, "pair") == LAB_PAIR_SQUARE;

      if (g_str_equal (name, "mu") || g_str_equal (name, "sigma") || g_str_equal (name, "pair")
          || g_str_equal (name, "samples") || g_str_equal (name, "seed") || g_str_equal (name, "mode"))
        return TRUE;
      if (g_str_equal (name, "mu2") || g_str_equal (name, "sigma2") || g_str_equal (name, "rho"))
        return !sq;
      return FALSE;
    }
  if (g_str_equal (name, "pair") || g_str_equal (name, "rho"))
    return FALSE;
  if (mode == LAB_DISTRIBUTIONS_MODE_BAYES && !g_str_equal (name, "source") && !g_str_equal (name, "column")
      && !g_str_equal (name, "mode") && !g_str_equal (name, "seed"))
    return FALSE;
  if (is_q)
    name += 2, dist = qdist;
  for (guint i = 0; i < G_N_ELEMENTS (shape_params); i++)
    if (g_str_equal (name, shape_params[i].name))
      {
        if ((shape_params[i].families & (1u << dist)) == 0)
          return FALSE;
        /* fitting a column: only what the fit holds fixed (binomial n, Student-t's location) */
        if (mode == LAB_DISTRIBUTIONS_MODE_FIT
            && lab_params_get_enum (params, "source") == LAB_DISTRIBUTIONS_SOURCE_DATA)
          return (dist == LAB_DISTRIBUTION_BINOMIAL && g_str_equal (name, "n"))
                 || (dist == LAB_DISTRIBUTION_STUDENT_T && g_str_equal (name, "mu"));
        return TRUE;
      }
  if (g_str_equal (name, "approximation"))
    return mode == LAB_DISTRIBUTIONS_MODE_EXPLORE && dist == LAB_DISTRIBUTION_BINOMIAL;
  if (g_str_equal (name, "source"))
    return mode == LAB_DISTRIBUTIONS_MODE_FIT || mode == LAB_DISTRIBUTIONS_MODE_BAYES;
  if (g_str_equal (name, "column"))
    return (mode == LAB_DISTRIBUTIONS_MODE_FIT || mode == LAB_DISTRIBUTIONS_MODE_BAYES)
           && lab_params_get_enum (params, "source") == LAB_DISTRIBUTIONS_SOURCE_DATA;
  if (g_str_equal (name, "seed") && mode == LAB_DISTRIBUTIONS_MODE_BAYES)
    return lab_params_get_enum (params, "source") == LAB_DISTRIBUTIONS_SOURCE_SAMPLE;
  if (g_str_equal (name, "samples") || g_str_equal (name, "seed"))
    return mode == LAB_DISTRIBUTIONS_MODE_EXPLORE
           || (mode == LAB_DISTRIBUTIONS_MODE_FIT
               && lab_params_get_enum (params, "source") == LAB_DISTRIBUTIONS_SOURCE_SAMPLE);
  if (g_str_equal (name, "clt-n") || g_str_equal (name, "x") || g_str_has_prefix (name, "interval-"))
    return mode == LAB_DISTRIBUTIONS_MODE_EXPLORE
           && dist != LAB_DISTRIBUTION_MULTINOMIAL && dist != LAB_DISTRIBUTION_DIRICHLET;
  return TRUE;
}

static const char *
intern_concat (const char *a,
               const char *b)
{
  g_autofree char *s = g_strconcat (a, b, NULL);

  return g_intern_string (s);
}

/* the family's shape parameters, once for P (@prefix "") and once for Q (@prefix "q-") */
static void
add_family_params (LabParamsClass *klass,
                   const char     *prefix,
                   const char     *who)
{
#define NAME(s) intern_concat (prefix, s)
#define BLURB(s) s
#define NICK(s) (*who ? intern_concat (who, s) : s)
  lab_params_class_add_double (klass, NAME ("mu"), NICK (N_("Location μ")),
    BLURB (N_("Normal, Student-t, Laplace, mixture: the centre; lognormal: the mean of log X")),
    -10.0, 10.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("sigma"), NICK (N_("Scale σ")),
    BLURB (N_("Normal, mixture: the standard deviation; Student-t: the scale; lognormal: the sd of log X")),
    0.05, 10.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (klass, NAME ("n"), NICK (N_("Trials n")),
    BLURB (N_("Binomial: the number of independent trials")),
    1, 1000, 20, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("p"), NICK (N_("Success probability p")),
    BLURB (N_("Binomial, geometric: the probability of success in each trial")),
    0.001, 0.999, 0.3, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("lambda"), NICK (N_("Rate λ")),
    BLURB (N_("Poisson: the expected number of events per interval")),
    0.05, 100.0, 4.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("alpha"), NICK (N_("α")),
    BLURB (N_("Beta: the first shape (think: successes + 1)")),
    0.1, 50.0, 2.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("beta"), NICK (N_("β")),
    BLURB (N_("Beta: the second shape (think: failures + 1)")),
    0.1, 50.0, 5.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("rate"), NICK (N_("Rate λ")),
    BLURB (N_("Exponential: events per unit time; the mean waiting time is 1/λ")),
    0.05, 20.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("a"), NICK (N_("Lower end a")),
    BLURB (N_("Uniform: the lower end of the interval (must be below b)")),
    -10.0, 10.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("b"), NICK (N_("Upper end b")),
    BLURB (N_("Uniform: the upper end of the interval (must be above a)")),
    -10.0, 10.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("shape"), NICK (N_("Shape k")),
    BLURB (N_("Gamma: the shape; k = 1 is the exponential, large k looks normal")),
    0.1, 50.0, 2.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("scale"), NICK (N_("Scale θ (b)")),
    BLURB (N_("Gamma: the scale θ, the mean is k·θ; Laplace: the scale b, the variance is 2b²")),
    0.05, 20.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("df"), NICK (N_("Degrees of freedom ν")),
    BLURB (N_("Student-t: ν = 1 is the Cauchy, ν → ∞ the normal; chi-squared: the number of squared standard normals summed")),
    0.2, 200.0, 3.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("mu2"), NICK (N_("Second mean μ₂")),
    BLURB (N_("Mixture: the centre of the second normal component")),
    -10.0, 10.0, 3.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("sigma2"), NICK (N_("Second σ₂")),
    BLURB (N_("Mixture: the standard deviation of the second component")),
    0.05, 10.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (klass, NAME ("weight"), NICK (N_("Weight w")),
    BLURB (N_("Mixture: the weight of the first component N(μ, σ); the second gets 1 − w")),
    0.01, 0.99, 0.5, LAB_PARAM_NONE, LAB_GROUP_MODEL);
#undef NAME
#undef BLURB
#undef NICK
}

static void
lab_distributions_params_class_init (LabDistributionsParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_distributions_params_is_relevant;

  lab_params_class_add_enum (params_class, "mode", N_("Mode"),
    N_("explore one distribution (samples, PDF, CDF, moments, central limit), compare P with Q (KL divergence both ways, cross-entropy, Jensen–Shannon), fit the family by maximum likelihood, update a conjugate prior (bayes) or draw a bivariate normal"),
    LAB_TYPE_DISTRIBUTIONS_MODE, LAB_DISTRIBUTIONS_MODE_EXPLORE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "distribution", N_("Distribution"),
    N_("normal, binomial, poisson, beta, exponential, uniform, gamma, student-t, laplace, lognormal, geometric, chi-squared, mixture (of two normals), multinomial or dirichlet (these two in explore mode); P in compare mode"),
    LAB_TYPE_DISTRIBUTION, LAB_DISTRIBUTION_NORMAL, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  add_family_params (params_class, "", "");
  lab_params_class_add_double (params_class, "p1", N_("p₁"),
    N_("Multinomial: the weight of category 1 (p₁, p₂, p₃ are divided by their sum)"),
    0.0, 1.0, 0.5, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "p2", N_("p₂"),
    N_("Multinomial: the weight of category 2"),
    0.0, 1.0, 0.3, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "p3", N_("p₃"),
    N_("Multinomial: the weight of category 3"),
    0.0, 1.0, 0.2, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "alpha1", N_("α₁"),
    N_("Dirichlet: the concentration of component 1 (all α = 1: uniform on the simplex)"),
    0.05, 100.0, 2.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "alpha2", N_("α₂"),
    N_("Dirichlet: the concentration of component 2"),
    0.05, 100.0, 3.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "alpha3", N_("α₃"),
    N_("Dirichlet: the concentration of component 3"),
    0.05, 100.0, 5.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "q-distribution", N_("Q distribution"),
    N_("Compare mode: the family of Q, the approximating distribution"),
    LAB_TYPE_DISTRIBUTION, LAB_DISTRIBUTION_NORMAL, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  add_family_params (params_class, "q-", "Q: ");
  lab_params_class_add_enum (params_class, "source", N_("Fit to"),
    N_("Fit mode: the values drawn from the distribution (samples, seed) or a column of the open dataset; Bayes mode: the summary typed in (successes, trials…, in a seeded order) or a column (0/1, counts or values)"),
    LAB_TYPE_DISTRIBUTIONS_SOURCE, LAB_DISTRIBUTIONS_SOURCE_SAMPLE, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "column", N_("Column"),
    N_("Fit mode: the numeric column to fit (every value finite and inside the family's support)"),
    "x", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "pair", N_("Pair"),
    N_("Bivariate mode: a bivariate normal, or X and Y = ((X − μ)/σ)² − 1 — uncorrelated yet fully dependent"),
    LAB_TYPE_PAIR_KIND, LAB_PAIR_NORMAL, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "rho", N_("Correlation ρ"),
    N_("Bivariate mode: the correlation of X and Y; the covariance is ρσσ₂"),
    -0.99, 0.99, 0.6, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "conjugate", N_("Conjugate pair"),
    N_("Bayes mode: beta-binomial (a probability p), gamma-poisson (a rate λ) or normal-normal (a mean μ, σ known)"),
    LAB_TYPE_CONJUGATE_PAIR, LAB_CONJUGATE_BETA_BINOMIAL, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "prior-alpha", N_("Prior α"),
    N_("Beta–Binomial: the prior Beta(α, β) on p; α − 1 acts as prior successes"),
    0.01, 1000.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "prior-beta", N_("Prior β"),
    N_("Beta–Binomial: β − 1 acts as prior failures; α = β = 1 is uniform"),
    0.01, 1000.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "prior-shape", N_("Prior shape"),
    N_("Gamma–Poisson: the prior Gamma(shape, rate) on λ (mean shape/rate)"),
    0.01, 1000.0, 2.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "prior-rate", N_("Prior rate"),
    N_("Gamma–Poisson: the prior's rate, like a number of prior observations"),
    0.001, 1000.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "prior-mu", N_("Prior mean μ₀"),
    N_("Normal–Normal: the prior N(μ₀, σ₀²) on the mean"),
    -1000.0, 1000.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "prior-sigma", N_("Prior σ₀"),
    N_("Normal–Normal: the prior's standard deviation (large: a vague prior)"),
    0.001, 1000.0, 2.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "known-sigma", N_("Known σ"),
    N_("Normal–Normal: the known standard deviation of each observation"),
    0.001, 1000.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "successes", N_("Successes"),
    N_("Beta–Binomial: successes observed (at most the trials)"),
    0, 1000000, 7, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "trials", N_("Trials"),
    N_("Beta–Binomial: trials observed"),
    0, 1000000, 10, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "count-sum", N_("Sum of counts"),
    N_("Gamma–Poisson: the total of the observed counts"),
    0, 10000000, 12, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "observations", N_("Observations"),
    N_("Gamma–Poisson, Normal–Normal: how many observations the sum or mean is over"),
    0, 1000000, 4, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "sample-mean", N_("Sample mean x̄"),
    N_("Normal–Normal: the mean of the observations"),
    -1e6, 1e6, 1.0, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "step", N_("Observations used"),
    N_("Bayes mode: the posterior after the first k observations, one at a time (each posterior the next prior); −1: all"),
    -1, 10000000, -1, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "samples", N_("Samples"),
    N_("How many values to draw: watch the histogram and the sample moments settle on the exact ones"),
    10, 10000000, 10000, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class, N_("Seed of the random generator: the same seed gives the same samples"), LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "clt-n", N_("CLT: draws per mean"),
    N_("Central limit view: above 1, histogram the means of this many draws (up to 20,000 means) against the normal limit N(μ, σ²/n)"),
    1, 200, 1, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "approximation", N_("Approximation"),
    N_("Binomial: overlay the normal approximation (continuity-corrected) or the Poisson(np) one, with its total-variation distance"),
    LAB_TYPE_APPROXIMATION, LAB_APPROXIMATION_NONE, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "x", N_("Query point x"),
    N_("Where to read P(X ≤ x) and the density (click a plot to move it)"),
    -INFINITY, INFINITY, 1.0, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "interval-a", N_("Interval from a"),
    N_("The shaded interval's lower end: P(a ≤ X ≤ b) is its area (its bars for a discrete family)"),
    -INFINITY, INFINITY, -1.0, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "interval-b", N_("Interval to b"),
    N_("The shaded interval's upper end (must not be below a)"),
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
  { N_("Poisson ≈ Binomial"), "distribution=binomial n=100 p=0.03 samples=100000 x=3 approximation=poisson interval-a=0 interval-b=3",
    N_("Binomial(100, 0.03) against Poisson(3): total variation 0.0076, well inside Le Cam's bound np² = 0.09. "
       "Binomial(20, 0.15) has the same mean but TV 0.040; Binomial(1000, 0.003) 0.00075 — rare events, many trials.") },
  { N_("Central limit: means of exponentials"), "distribution=exponential rate=1 samples=100000 clt-n=30 x=1",
    N_("Means of 30 exponential draws: their sd is 0.1829 over 20,000 means against σ/√n = 0.1826, and the "
       "histogram is nearly the normal curve, though still a little right-skewed (skewness 2/√30 = 0.37).") },
  { N_("Heavy tails: Student-t vs normal"), "mode=compare distribution=student-t df=3 mu=0 sigma=1 q-distribution=normal q-mu=0 q-sigma=1.7320508",
    N_("t with 3 degrees of freedom against the normal of the same variance 3: KL(t‖N) = 0.195 but KL(N‖t) = 0.100 — "
       "the normal's tails fall like e^(−x²/6) where the t's fall like |x|⁻⁴, and P's far draws are what Q pays for. "
       "H(t, N) = 1.968 = H(N): a normal's cross-entropy sees only the variance.") },
  { N_("Forward vs reverse KL"), "mode=compare distribution=mixture mu=-2 sigma=0.6 mu2=2 sigma2=0.6 weight=0.5 q-distribution=normal q-mu=0 q-sigma=2.09",
    N_("Fitting one normal to two modes. argmin KL(P‖Q) matches the moments, N(0, 2.09²), and covers both modes "
       "(KL 0.555); argmin KL(Q‖P) locks onto one mode, N(±2.0, 0.605²), with KL 0.692 ≈ log 2 — the mass it ignores.") },
  { N_("MLE on a sample"), "mode=fit source=sample distribution=gamma shape=2 scale=1.5 samples=200 seed=42",
    N_("200 draws from Gamma(2, 1.5) give k̂ = 1.874 and θ̂ = 1.652: the errors have opposite signs, since k̂θ̂ = 3.10 "
       "must equal the sample mean. With 5,000 draws: 2.058 and 1.450. The profile's max − 1.92 line marks the 95 % "
       "likelihood-ratio interval of k.") },
  { N_("Prior → posterior, coin by coin"), "mode=bayes conjugate=beta-binomial source=sample prior-alpha=2 prior-beta=2 successes=14 trials=20 seed=3 step=5",
    N_("A Beta(2, 2) prior and 14 heads in 20 tosses, added one toss at a time (move Observations used): after 5 tosses "
       "(4 heads) the 95 % credible interval is [0.349, 0.915], after all 20 it is [0.471, 0.836] around the mean 0.667; "
       "Clopper–Pearson from the 20 tosses alone gives the wider [0.457, 0.881].") },
  { N_("Uncorrelated but dependent"), "mode=bivariate pair=square mu=0 sigma=1 samples=100000 seed=42",
    N_("X standard normal and Y = X² − 1: the correlation is exactly 0 (Cov = E[X³] = 0) and the sample gives 0.0002, "
       "yet Y is a function of X. Correlation measures only linear dependence; for a bivariate normal, and only there, "
       "zero correlation means independence.") },
  { N_("Bivariate normal, ρ = 0.6"), "mode=bivariate pair=normal mu=0 mu2=3 sigma=1 sigma2=1 rho=0.6 samples=100000 seed=42",
    N_("Covariance [[1, 0.6], [0.6, 1]]: eigenvalues 1.6 and 0.4 along the diagonals (1, 1)/√2 and (−1, 1)/√2, the axes "
       "of the ellipses; 100,000 draws give a sample correlation of 0.5998. Each marginal is still N(μ, σ²).") },
};


const LabTopic lab_topic_distributions = {
  .id = "distributions",
  .title = N_("Probability distributions"),
  .chapter = LAB_CHAPTER_EXTENDED,
  .sections = "§4.5–4.10",
  .summary = N_("Fifteen distributions: samples against the exact PDF and CDF, moments, quantiles, entropy, the central limit; KL divergence, cross-entropy and Jensen–Shannon between two; maximum likelihood on your data; conjugate Bayesian updating; the bivariate normal."),
  .params_get_type = lab_distributions_params_get_type,
  .compute = distributions_compute,
  .build = distributions_build,
  .metrics = distributions_metrics,
  .click = distributions_click,
  .suggest_range = distributions_suggest_range,
  .presets = distributions_presets,
  .n_presets = G_N_ELEMENTS (distributions_presets),
};
