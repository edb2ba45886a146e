/* lab-topic-distributions.c — a distribution explorer (notes §4.5–4.8)
 *
 * compute: draws `samples` values of the chosen distribution (GSL; normals by
 * the ziggurat), counts them into the drawn histogram, a fine counting grid
 * for the empirical CDF (a bar per integer for the discrete ones), and the
 * first four sample moments in one numerically stable pass (Terriberry's
 * extension of Welford's update). Samples are kept, radix-sorted, only up to
 * a million, for an exact empirical P(X ≤ x); beyond that the ECDF comes from
 * the counting grid. Everything that depends on the query point `x` is a view
 * parameter, evaluated in build/metrics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "lab-error.h"
#include "lab-rng.h"
#include "lab-sort.h"
#include "lab-topic-distributions.h"

#define N_FINE        1024        /* counting grid of the continuous ECDF */
#define N_CURVE       401         /* points of the exact PDF/CDF curves */
#define BLOCK         65536       /* samples drawn between cancellation checks */
#define KEEP_MAX      1000000     /* keep (and sort) the samples up to this many */
#define TAIL          0.0005      /* the view shows the central 99.9 % */

enum { TAG_PDF, TAG_CDF };

#define SLOT_SAMPLES 0
#define SLOT_EXACT   1

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

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
lab_distributions_params_class_init (LabDistributionsParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_distributions_params_is_relevant;

  lab_params_class_install (params_class,
    g_param_spec_enum ("distribution", N_("Distribution"),
                       N_("normal, binomial, poisson, beta, exponential, uniform or gamma"),
                       LAB_TYPE_DISTRIBUTION, LAB_DISTRIBUTION_NORMAL, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("mu", N_("Mean μ"),
                         N_("Normal: the centre of the bell"),
                         -10.0, 10.0, 0.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("sigma", N_("Standard deviation σ"),
                         N_("Normal: the spread of the bell"),
                         0.05, 10.0, 1.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("n", N_("Trials n"),
                      N_("Binomial: the number of independent trials"),
                      1, 1000, 20, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("p", N_("Success probability p"),
                         N_("Binomial: the probability of success in each trial"),
                         0.001, 0.999, 0.3, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("lambda", N_("Rate λ"),
                         N_("Poisson: the expected number of events per interval"),
                         0.05, 100.0, 4.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("alpha", N_("α"),
                         N_("Beta: the first shape (think: successes + 1)"),
                         0.1, 50.0, 2.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("beta", N_("β"),
                         N_("Beta: the second shape (think: failures + 1)"),
                         0.1, 50.0, 5.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("rate", N_("Rate λ"),
                         N_("Exponential: events per unit time; the mean waiting time is 1/λ"),
                         0.05, 20.0, 1.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("a", N_("Lower end a"),
                         N_("Uniform: the lower end of the interval (must be below b)"),
                         -10.0, 10.0, 0.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("b", N_("Upper end b"),
                         N_("Uniform: the upper end of the interval (must be above a)"),
                         -10.0, 10.0, 1.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("shape", N_("Shape k"),
                         N_("Gamma: the shape; k = 1 is the exponential, large k looks normal"),
                         0.1, 50.0, 2.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("scale", N_("Scale θ"),
                         N_("Gamma: the scale; the mean is k·θ"),
                         0.05, 20.0, 1.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("samples", N_("Samples"),
                      N_("How many values to draw: watch the histogram and the sample moments settle on the exact ones"),
                      10, 10000000, 10000, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("seed", N_("Seed"),
                      N_("Seed of the random generator: the same seed gives the same samples"),
                      0, G_MAXINT, 42, FLAGS),
    LAB_PARAM_SEED, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_double ("x", N_("Query point x"),
                         N_("Where to read P(X ≤ x) and the density (click a plot to move it)"),
                         -INFINITY, INFINITY, 1.0, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_distributions_params_init (LabDistributionsParams *self)
{
}

/* ------------------------------------------------------------------ */
/* the exact distribution */

typedef struct
{
  LabDistribution kind;
  double mu, sigma;
  unsigned int n;
  double p, lambda, alpha, beta, rate, a, b, shape, scale;
} Dist;

static Dist
dist_from_params (LabParams *params)
{
  Dist d;

  d.kind = lab_params_get_enum (params, "distribution");
  d.mu = lab_params_get_double (params, "mu");
  d.sigma = lab_params_get_double (params, "sigma");
  d.n = (unsigned int) lab_params_get_int (params, "n");
  d.p = lab_params_get_double (params, "p");
  d.lambda = lab_params_get_double (params, "lambda");
  d.alpha = lab_params_get_double (params, "alpha");
  d.beta = lab_params_get_double (params, "beta");
  d.rate = lab_params_get_double (params, "rate");
  d.a = lab_params_get_double (params, "a");
  d.b = lab_params_get_double (params, "b");
  d.shape = lab_params_get_double (params, "shape");
  d.scale = lab_params_get_double (params, "scale");
  return d;
}

static gboolean
dist_is_discrete (const Dist *d)
{
  return d->kind == LAB_DISTRIBUTION_BINOMIAL || d->kind == LAB_DISTRIBUTION_POISSON;
}

static double
dist_pdf (const Dist *d,
          double      x)
{
  if (isnan (x))
    return NAN;
  if (dist_is_discrete (d))
    {
      if (x < 0 || x != floor (x) || x > G_MAXUINT)
        return 0.0;
      if (d->kind == LAB_DISTRIBUTION_BINOMIAL)
        return x > d->n ? 0.0 : gsl_ran_binomial_pdf ((unsigned int) x, d->p, d->n);
      return gsl_ran_poisson_pdf ((unsigned int) x, d->lambda);
    }
  switch (d->kind)
    {
    case LAB_DISTRIBUTION_NORMAL:
      return gsl_ran_gaussian_pdf (x - d->mu, d->sigma);
    case LAB_DISTRIBUTION_BETA:
      return x < 0 || x > 1 ? 0.0 : gsl_ran_beta_pdf (x, d->alpha, d->beta);
    case LAB_DISTRIBUTION_EXPONENTIAL:
      return gsl_ran_exponential_pdf (x, 1.0 / d->rate);
    case LAB_DISTRIBUTION_UNIFORM:
      return gsl_ran_flat_pdf (x, d->a, d->b);
    case LAB_DISTRIBUTION_GAMMA:
      return gsl_ran_gamma_pdf (x, d->shape, d->scale);
    default:
      g_assert_not_reached ();
    }
}

static double
dist_cdf (const Dist *d,
          double      x)
{
  if (isnan (x))
    return NAN;
  switch (d->kind)
    {
    case LAB_DISTRIBUTION_NORMAL:
      return gsl_cdf_gaussian_P (x - d->mu, d->sigma);
    case LAB_DISTRIBUTION_BINOMIAL:
      if (x < 0)
        return 0.0;
      if (x >= d->n)
        return 1.0;
      return gsl_cdf_binomial_P ((unsigned int) floor (x), d->p, d->n);
    case LAB_DISTRIBUTION_POISSON:
      if (x < 0)
        return 0.0;
      if (x >= G_MAXUINT)
        return 1.0;
      return gsl_cdf_poisson_P ((unsigned int) floor (x), d->lambda);
    case LAB_DISTRIBUTION_BETA:
      return x <= 0 ? 0.0 : x >= 1 ? 1.0 : gsl_cdf_beta_P (x, d->alpha, d->beta);
    case LAB_DISTRIBUTION_EXPONENTIAL:
      return x <= 0 ? 0.0 : gsl_cdf_exponential_P (x, 1.0 / d->rate);
    case LAB_DISTRIBUTION_UNIFORM:
      return x <= d->a ? 0.0 : x >= d->b ? 1.0 : gsl_cdf_flat_P (x, d->a, d->b);
    case LAB_DISTRIBUTION_GAMMA:
      return x <= 0 ? 0.0 : gsl_cdf_gamma_P (x, d->shape, d->scale);
    default:
      g_assert_not_reached ();
    }
}

static void
dist_moments (const Dist *d,
              double     *mean,
              double     *var,
              double     *skew,
              double     *exkurt)
{
  switch (d->kind)
    {
    case LAB_DISTRIBUTION_NORMAL:
      *mean = d->mu, *var = d->sigma * d->sigma, *skew = 0, *exkurt = 0;
      break;
    case LAB_DISTRIBUTION_BINOMIAL:
      {
        double npq = d->n * d->p * (1 - d->p);

        *mean = d->n * d->p;
        *var = npq;
        *skew = (1 - 2 * d->p) / sqrt (npq);
        *exkurt = (1 - 6 * d->p * (1 - d->p)) / npq;
      }
      break;
    case LAB_DISTRIBUTION_POISSON:
      *mean = *var = d->lambda;
      *skew = 1 / sqrt (d->lambda);
      *exkurt = 1 / d->lambda;
      break;
    case LAB_DISTRIBUTION_BETA:
      {
        double a = d->alpha, b = d->beta, s = a + b;

        *mean = a / s;
        *var = a * b / (s * s * (s + 1));
        *skew = 2 * (b - a) * sqrt (s + 1) / ((s + 2) * sqrt (a * b));
        *exkurt = 6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2)) / (a * b * (s + 2) * (s + 3));
      }
      break;
    case LAB_DISTRIBUTION_EXPONENTIAL:
      *mean = 1 / d->rate, *var = 1 / (d->rate * d->rate), *skew = 2, *exkurt = 6;
      break;
    case LAB_DISTRIBUTION_UNIFORM:
      *mean = (d->a + d->b) / 2;
      *var = (d->b - d->a) * (d->b - d->a) / 12;
      *skew = 0;
      *exkurt = -6.0 / 5.0;
      break;
    case LAB_DISTRIBUTION_GAMMA:
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
static unsigned int
discrete_quantile (const Dist *d,
                   double      q)
{
  unsigned int limit = d->kind == LAB_DISTRIBUTION_BINOMIAL ? d->n : 100000;
  double cum = 0;

  for (unsigned int k = 0; k < limit; k++)
    {
      cum += dist_pdf (d, k);
      if (cum >= q)
        return k;
    }
  return limit;
}

/* The central 99.9 % (clipped to the support): the histogram's range. */
static void
dist_range (const Dist *d,
            double     *lo,
            double     *hi)
{
  switch (d->kind)
    {
    case LAB_DISTRIBUTION_NORMAL:
      *lo = d->mu + gsl_cdf_gaussian_Pinv (TAIL, d->sigma);
      *hi = d->mu + gsl_cdf_gaussian_Pinv (1 - TAIL, d->sigma);
      break;
    case LAB_DISTRIBUTION_BINOMIAL:
    case LAB_DISTRIBUTION_POISSON:
      *lo = discrete_quantile (d, TAIL);
      *hi = discrete_quantile (d, 1 - TAIL);
      *lo = MAX (0, *lo - 1);
      *hi = d->kind == LAB_DISTRIBUTION_BINOMIAL ? MIN (d->n, *hi + 1) : *hi + 1;
      break;
    case LAB_DISTRIBUTION_BETA:
      *lo = 0, *hi = 1;
      break;
    case LAB_DISTRIBUTION_EXPONENTIAL:
      *lo = 0, *hi = gsl_cdf_exponential_Pinv (1 - TAIL, 1.0 / d->rate);
      break;
    case LAB_DISTRIBUTION_UNIFORM:
      *lo = d->a, *hi = d->b;
      break;
    case LAB_DISTRIBUTION_GAMMA:
      *lo = d->shape >= 3 ? gsl_cdf_gamma_Pinv (TAIL, d->shape, d->scale) : 0;
      *hi = gsl_cdf_gamma_Pinv (1 - TAIL, d->shape, d->scale);
      break;
    default:
      g_assert_not_reached ();
    }
}

static inline double
dist_sample (const Dist *d,
             gsl_rng    *rng)
{
  switch (d->kind)
    {
    case LAB_DISTRIBUTION_NORMAL:
      return d->mu + d->sigma * lab_rng_gaussian (rng);
    case LAB_DISTRIBUTION_BINOMIAL:
      return gsl_ran_binomial (rng, d->p, d->n);
    case LAB_DISTRIBUTION_POISSON:
      return gsl_ran_poisson (rng, d->lambda);
    case LAB_DISTRIBUTION_BETA:
      return gsl_ran_beta (rng, d->alpha, d->beta);
    case LAB_DISTRIBUTION_EXPONENTIAL:
      return gsl_ran_exponential (rng, 1.0 / d->rate);
    case LAB_DISTRIBUTION_UNIFORM:
      return gsl_ran_flat (rng, d->a, d->b);
    case LAB_DISTRIBUTION_GAMMA:
      return gsl_ran_gamma (rng, d->shape, d->scale);
    default:
      g_assert_not_reached ();
    }
}

static char *
dist_name (const Dist *d)
{
  switch (d->kind)
    {
    case LAB_DISTRIBUTION_NORMAL:
      return g_strdup_printf (_("Normal(μ = %g, σ = %g)"), d->mu, d->sigma);
    case LAB_DISTRIBUTION_BINOMIAL:
      return g_strdup_printf (_("Binomial(n = %u, p = %g)"), d->n, d->p);
    case LAB_DISTRIBUTION_POISSON:
      return g_strdup_printf (_("Poisson(λ = %g)"), d->lambda);
    case LAB_DISTRIBUTION_BETA:
      return g_strdup_printf (_("Beta(α = %g, β = %g)"), d->alpha, d->beta);
    case LAB_DISTRIBUTION_EXPONENTIAL:
      return g_strdup_printf (_("Exponential(rate λ = %g)"), d->rate);
    case LAB_DISTRIBUTION_UNIFORM:
      return g_strdup_printf (_("Uniform(a = %g, b = %g)"), d->a, d->b);
    case LAB_DISTRIBUTION_GAMMA:
      return g_strdup_printf (_("Gamma(k = %g, θ = %g)"), d->shape, d->scale);
    default:
      g_assert_not_reached ();
    }
}

double
lab_distributions_pdf (LabParams *params,
                       double     x)
{
  Dist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), NAN);
  d = dist_from_params (params);
  return dist_pdf (&d, x);
}

double
lab_distributions_cdf (LabParams *params,
                       double     x)
{
  Dist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), NAN);
  d = dist_from_params (params);
  return dist_cdf (&d, x);
}

void
lab_distributions_moments (LabParams *params,
                           double    *mean,
                           double    *variance,
                           double    *skewness,
                           double    *excess_kurtosis)
{
  Dist d;

  g_return_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params));
  d = dist_from_params (params);
  dist_moments (&d, mean, variance, skewness, excess_kurtosis);
}

gboolean
lab_distributions_is_discrete (LabParams *params)
{
  Dist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), FALSE);
  d = dist_from_params (params);
  return dist_is_discrete (&d);
}

/* ------------------------------------------------------------------ */
/* sample moments: one pass, Terriberry's update of M2, M3, M4 (sums of
 * powers of deviations from the running mean); no sums of raw powers */

typedef struct
{
  double n, mean, m2, m3, m4;
} Moments;

static inline void
moments_add (Moments *m,
             double   x)
{
  double n1 = m->n, n, delta, dn, dn2, term1;

  m->n += 1;
  n = m->n;
  delta = x - m->mean;
  dn = delta / n;
  dn2 = dn * dn;
  term1 = delta * dn * n1;
  m->mean += dn;
  m->m4 += term1 * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * m->m2 - 4 * dn * m->m3;
  m->m3 += term1 * dn * (n - 2) - 3 * dn * m->m2;
  m->m2 += term1;
}

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  LabResult  parent;
  Dist       dist;
  gboolean   discrete;
  gsize      n;
  Moments    moments;
  double     xlo, xhi;       /* the view */
  double     hlo, hhi;       /* the histogram's range */
  guint      n_bins;
  double    *heights;        /* n_bins densities (discrete: one bar per integer hlo…hhi) */
  /* ECDF: (ecdf_x[i], ecdf_y[i]) post-steps over the view */
  double    *ecdf_x;
  double    *ecdf_y;
  gsize      n_ecdf;
  /* continuous, n ≤ KEEP_MAX: the samples sorted (exact empirical CDF) */
  double    *sorted;
  /* discrete: counts of each integer 0…kcap (values above kcap: none in practice) */
  double    *cum;            /* cum[k] = #samples ≤ k */
  guint      kcap;
} DistResult;

static void
dist_result_finalize (LabResult *result)
{
  DistResult *self = (DistResult *) result;

  g_free (self->heights);
  g_free (self->ecdf_x);
  g_free (self->ecdf_y);
  g_free (self->sorted);
  g_free (self->cum);
}

/* the empirical P(X ≤ x) */
static double
sample_cdf (const DistResult *self,
            double            x)
{
  if (isnan (x))
    return NAN;
  if (self->discrete)
    {
      if (x < 0)
        return 0.0;
      if (x >= self->kcap)
        return self->cum[self->kcap] / (double) self->n;
      return self->cum[(gsize) floor (x)] / (double) self->n;
    }
  if (self->sorted != NULL)
    {
      gsize lo = 0, hi = self->n;   /* the first sample > x */

      while (lo < hi)
        {
          gsize mid = lo + (hi - lo) / 2;

          if (self->sorted[mid] <= x)
            lo = mid + 1;
          else
            hi = mid;
        }
      return lo / (double) self->n;
    }
  /* the counting grid: exact at its edges, linear in between */
  if (x <= self->ecdf_x[0])
    return self->ecdf_y[0];
  if (x >= self->ecdf_x[self->n_ecdf - 1])
    return self->ecdf_y[self->n_ecdf - 1];
  {
    double w = (self->ecdf_x[self->n_ecdf - 1] - self->ecdf_x[0]) / (self->n_ecdf - 1);
    gsize i = MIN ((gsize) ((x - self->ecdf_x[0]) / w), self->n_ecdf - 2);
    double t = (x - self->ecdf_x[i]) / w;

    return self->ecdf_y[i] + t * (self->ecdf_y[i + 1] - self->ecdf_y[i]);
  }
}

/* ------------------------------------------------------------------ */
/* compute */

static LabResult *
distributions_compute (LabParams     *params,
                       LabDataset    *data,
                       LabProgress   *progress,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (DistResult), dist_result_finalize);
  DistResult *self = (DistResult *) result;
  g_autoptr(gsl_rng) rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed"));
  g_autofree double *block = g_new (double, BLOCK);
  g_autofree double *fine = NULL;   /* counts per fine cell; [0] below the view */
  g_autofree double *counts = NULL; /* discrete: counts per integer 0…kcap */
  Dist d = dist_from_params (params);
  gsize n = (gsize) lab_params_get_int (params, "samples");
  double bin_scale, fine_scale;
  gsize done = 0;

  if (d.kind == LAB_DISTRIBUTION_UNIFORM && !(d.a < d.b))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("uniform: a (%g) must be less than b (%g)"), d.a, d.b);
      return NULL;
    }

  self->dist = d;
  self->discrete = dist_is_discrete (&d);
  self->n = n;
  dist_range (&d, &self->hlo, &self->hhi);

  if (self->discrete)
    {
      self->xlo = self->hlo - 0.8;
      self->xhi = self->hhi + 0.8;
      self->n_bins = (guint) (self->hhi - self->hlo) + 1;
      self->kcap = d.kind == LAB_DISTRIBUTION_BINOMIAL ? d.n : discrete_quantile (&d, 1 - 1e-12) + 64;
      counts = g_new0 (double, self->kcap + 1);
      bin_scale = fine_scale = 0;
    }
  else
    {
      double w = self->hhi - self->hlo;

      self->xlo = self->hlo - 0.04 * w;
      self->xhi = self->hhi + 0.04 * w;
      if (d.kind == LAB_DISTRIBUTION_UNIFORM)
        self->xlo = self->hlo - 0.1 * w, self->xhi = self->hhi + 0.1 * w;
      /* about 2·∛n bins: finer as the samples grow, and the histogram settles onto the PDF */
      self->n_bins = (guint) CLAMP (ceil (2 * cbrt ((double) n)), 8, 100);
      bin_scale = self->n_bins / w;
      fine_scale = N_FINE / (self->xhi - self->xlo);
      fine = g_new0 (double, N_FINE + 2);
      if (n <= KEEP_MAX)
        self->sorted = g_new (double, n);
    }
  self->heights = g_new0 (double, self->n_bins);

  while (done < n)
    {
      gsize m = MIN (BLOCK, n - done);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (gsize i = 0; i < m; i++)
        block[i] = dist_sample (&d, rng);
      for (gsize i = 0; i < m; i++)
        moments_add (&self->moments, block[i]);

      if (self->discrete)
        for (gsize i = 0; i < m; i++)
          {
            double k = block[i];

            if (k <= self->kcap)
              counts[(gsize) k] += 1;
          }
      else
        {
          for (gsize i = 0; i < m; i++)
            {
              double x = block[i];
              double b = (x - self->hlo) * bin_scale;
              double f = (x - self->xlo) * fine_scale;

              if (b >= 0 && b < self->n_bins)
                self->heights[(gsize) b] += 1;
              /* fine cell c + 1 holds [edge c, edge c+1); 0 below, N_FINE + 1 above */
              if (f < 0)
                fine[0] += 1;
              else if (f < N_FINE)
                fine[(gsize) f + 1] += 1;
              else
                fine[N_FINE + 1] += 1;
            }
          if (self->sorted != NULL)
            memcpy (self->sorted + done, block, m * sizeof (double));
        }
      done += m;
      lab_progress_set (progress, 0.9 * done / (double) n);
    }

  if (self->discrete)
    {
      self->cum = g_new (double, self->kcap + 1);
      for (guint k = 0; k <= self->kcap; k++)
        self->cum[k] = counts[k] + (k ? self->cum[k - 1] : 0);
      for (guint b = 0; b < self->n_bins; b++)
        self->heights[b] = counts[(gsize) self->hlo + b] / (double) n;   /* mass per unit width */

      /* ECDF over the view: post-steps at each integer */
      self->n_ecdf = self->n_bins + 2;
      self->ecdf_x = g_new (double, self->n_ecdf);
      self->ecdf_y = g_new (double, self->n_ecdf);
      self->ecdf_x[0] = self->xlo;
      self->ecdf_y[0] = self->hlo > 0 ? self->cum[(gsize) self->hlo - 1] / (double) n : 0.0;
      for (guint b = 0; b < self->n_bins; b++)
        {
          self->ecdf_x[b + 1] = self->hlo + b;
          self->ecdf_y[b + 1] = self->cum[(gsize) self->hlo + b] / (double) n;
        }
      self->ecdf_x[self->n_ecdf - 1] = self->xhi;
      self->ecdf_y[self->n_ecdf - 1] = self->ecdf_y[self->n_ecdf - 2];
    }
  else
    {
      double width = (self->hhi - self->hlo) / self->n_bins;
      double cum = 0;

      for (guint b = 0; b < self->n_bins; b++)
        self->heights[b] /= (double) n * width;

      /* ECDF from the counting grid: exact at each of its edges */
      self->n_ecdf = N_FINE + 1;
      self->ecdf_x = g_new (double, self->n_ecdf);
      self->ecdf_y = g_new (double, self->n_ecdf);
      for (guint c = 0; c <= N_FINE; c++)
        {
          cum += fine[c];
          self->ecdf_x[c] = self->xlo + c / fine_scale;
          self->ecdf_y[c] = cum / (double) n;
        }

      if (self->sorted != NULL)
        {
          g_autofree guint64 *keys = g_new (guint64, n);
          g_autofree guint64 *scratch = g_new (guint64, n);

          for (gsize i = 0; i < n; i++)
            keys[i] = _lab_sort_key_from_double (self->sorted[i]);
          if (!lab_sort_radix_u64_cancellable (keys, NULL, n, scratch, NULL, cancellable, error))
            return NULL;
          for (gsize i = 0; i < n; i++)
            self->sorted[i] = _lab_sort_double_from_key (keys[i]);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ */
/* sample statistics */

static double
sample_variance (const Moments *m)
{
  return m->n > 1 ? m->m2 / (m->n - 1) : NAN;
}

/* g1 = m3 / m2^{3/2} with m_k = M_k / n, the (biased) moment estimator */
static double
sample_skewness (const Moments *m)
{
  return m->m2 > 0 ? sqrt (m->n) * m->m3 / pow (m->m2, 1.5) : NAN;
}

/* g2 = m4 / m2² − 3 */
static double
sample_excess_kurtosis (const Moments *m)
{
  return m->m2 > 0 ? m->n * m->m4 / (m->m2 * m->m2) - 3 : NAN;
}

/* ------------------------------------------------------------------ */
/* figure */

static double
query_x (const DistResult *self,
         LabParams        *params)
{
  double x = lab_params_get_double (params, "x");

  return self->discrete ? floor (x) : x;
}

/* a label beside the query point: on the side with more room, below it when high */
static LabAnchor
label_anchor (gboolean left_of_point,
              gboolean below)
{
  if (below)
    return left_of_point ? LAB_ANCHOR_NORTH_EAST : LAB_ANCHOR_NORTH_WEST;
  return left_of_point ? LAB_ANCHOR_SOUTH_EAST : LAB_ANCHOR_SOUTH_WEST;
}

/* 10000000 → "10,000,000" (the CLI runs in the C locale, where %' groups nothing) */
static char *
format_count (gsize n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GSIZE_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static LabFigure *
distributions_build (const LabResult *result,
                     LabParams       *params)
{
  const DistResult *self = (const DistResult *) result;
  const Dist *d = &self->dist;
  LabFigure *figure = lab_figure_new (2, 1);
  LabAxes *pdf_ax = lab_figure_get_axes (figure, 0);
  LabAxes *cdf_ax = lab_figure_get_axes (figure, 1);
  double x = query_x (self, params);
  double fx = dist_pdf (d, x), Fx = dist_cdf (d, x), Sx = sample_cdf (self, x);
  double mean, var, skew, exkurt;
  double hist_max = 0, pdf_max = 0, ytop;
  g_autofree char *name = dist_name (d);
  g_autofree char *n_text = format_count (self->n);
  LabStyle bars = lab_style_default (SLOT_SAMPLES);
  LabStyle exact = lab_style_default (SLOT_EXACT);
  LabStyle ecdf = lab_style_default (SLOT_SAMPLES);
  LabStyle exact_cdf = lab_style_default (SLOT_EXACT);
  LabStyle muted = lab_style_default (0);
  LabStyle qline = lab_style_default (0);
  LabStyle point = lab_style_default (0);
  LabStyle label = lab_style_default (0);
  gboolean right = x > 0.5 * (self->xlo + self->xhi);
  double tx = x + (right ? -0.012 : 0.012) * (self->xhi - self->xlo);   /* labels clear of the line */

  dist_moments (d, &mean, &var, &skew, &exkurt);

  bars.fill = lab_color_palette_alpha (SLOT_SAMPLES, 0.4);
  bars.color = lab_color_palette_alpha (SLOT_SAMPLES, 0.0);
  exact.line_width = 2.2;
  ecdf.line_width = 1.5;
  exact_cdf.line_width = 4.0;
  exact_cdf.color = lab_color_palette_alpha (SLOT_EXACT, 0.55);
  muted.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
  muted.dash = LAB_DASH_DASHED;
  muted.line_width = 1.2;
  qline.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  qline.line_width = 1.6;
  point.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  point.fill = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  point.marker = LAB_MARKER_CIRCLE;
  point.marker_size = 10;
  point.line_width = 1.5;
  label.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);

  {
    g_autofree char *title = g_strdup_printf (_("%s · %s samples"), name, n_text);

    lab_figure_set_title (figure, title);
  }
  lab_figure_set_row_weights (figure, (const double[]) { 1.25, 1.0 });

  /* ---- histogram and the exact PDF / PMF ---- */
  lab_axes_set_tag (pdf_ax, TAG_PDF);
  lab_axes_set_title (pdf_ax, self->discrete ? _("Sample frequencies and the exact PMF")
                                             : _("Sample histogram (density) and the exact PDF"));
  lab_axes_set_ylabel (pdf_ax, self->discrete ? _("P(X = k)") : _("density"));
  lab_axes_set_grid (pdf_ax, TRUE);
  lab_axes_set_legend (pdf_ax, TRUE);
  lab_axes_set_xlim (pdf_ax, self->xlo, self->xhi);
  for (guint b = 0; b < self->n_bins; b++)
    hist_max = MAX (hist_max, self->heights[b]);

  if (self->discrete)
    {
      g_autofree double *edges = g_new (double, self->n_bins + 1);
      g_autofree double *k = g_new (double, self->n_bins);
      g_autofree double *pmf = g_new (double, self->n_bins);
      LabStyle marks = exact;

      for (guint b = 0; b <= self->n_bins; b++)
        edges[b] = self->hlo + b - 0.5;
      for (guint b = 0; b < self->n_bins; b++)
        {
          k[b] = self->hlo + b;
          pmf[b] = dist_pdf (d, k[b]);
          pdf_max = MAX (pdf_max, pmf[b]);
        }
      lab_axes_add_bars (pdf_ax, _("sample frequency"), edges, self->heights, self->n_bins, &bars);
      marks.marker = LAB_MARKER_CIRCLE;
      marks.marker_size = self->n_bins > 60 ? 4 : 7;
      marks.fill = lab_color_palette (SLOT_EXACT);
      lab_axes_add_scatter (pdf_ax, _("exact PMF"), k, pmf, NULL, self->n_bins, &marks);
      ytop = 1.12 * MAX (hist_max, pdf_max);
    }
  else
    {
      double edges[101];
      double px[N_CURVE + 4], py[N_CURVE + 4];
      double slo = self->xlo, shi = self->xhi;
      gsize np = 0;
      double w = self->hhi - self->hlo;

      for (guint b = 0; b <= self->n_bins; b++)
        edges[b] = self->hlo + b * w / self->n_bins;
      lab_axes_add_bars (pdf_ax, _("sample histogram"), edges, self->heights, self->n_bins, &bars);

      /* bounded supports: draw the jump to 0 at the ends, evaluate just inside them */
      if (d->kind == LAB_DISTRIBUTION_BETA || d->kind == LAB_DISTRIBUTION_EXPONENTIAL
          || d->kind == LAB_DISTRIBUTION_GAMMA || d->kind == LAB_DISTRIBUTION_UNIFORM)
        {
          slo = d->kind == LAB_DISTRIBUTION_UNIFORM ? d->a : 0.0;
          if (slo > self->xlo)
            {
              px[np] = self->xlo, py[np++] = 0;
              px[np] = slo, py[np++] = 0;
            }
        }
      if (d->kind == LAB_DISTRIBUTION_BETA)
        shi = 1.0;
      else if (d->kind == LAB_DISTRIBUTION_UNIFORM)
        shi = d->b;
      for (guint i = 0; i < N_CURVE; i++)
        {
          double t = (double) i / (N_CURVE - 1);
          double xi = slo + t * (shi - slo);

          /* at a bounded end the density may be infinite (shape < 1) or jump: step in by a hair */
          if (i == 0 && slo > self->xlo)
            xi = slo + 1e-4 * (shi - slo);
          else if (i == N_CURVE - 1 && shi < self->xhi)
            xi = shi - 1e-4 * (shi - slo);
          px[np] = xi;
          py[np] = dist_pdf (d, xi);
          if (isfinite (py[np]) && xi >= self->hlo && xi <= self->hhi)
            pdf_max = MAX (pdf_max, py[np]);
          np++;
        }
      if (shi < self->xhi)
        {
          px[np] = shi, py[np++] = 0;
          px[np] = self->xhi, py[np++] = 0;
        }
      /* a density that runs off to infinity would flatten the rest: clip the view */
      ytop = 1.12 * MAX (hist_max, MIN (pdf_max, 2.5 * MAX (hist_max, 1e-300)));
      if (hist_max == 0)
        ytop = 1.12 * pdf_max;
      for (gsize i = 0; i < np; i++)
        if (!(py[i] <= 4 * ytop))
          py[i] = 4 * ytop;
      lab_axes_add_line (pdf_ax, _("exact PDF"), px, py, np, &exact);
    }
  if (!(ytop > 0))
    ytop = 1;
  lab_axes_set_ylim (pdf_ax, 0, ytop);
  {
    g_autofree char *mlabel = g_strdup_printf (_("mean E[X] = %.4g"), mean);

    lab_axes_add_vline (pdf_ax, mlabel, mean, &muted);
  }
  if (isfinite (x))
    {
      g_autofree char *text = self->discrete ? g_strdup_printf (_("P(X = %g) = %.4g"), x, fx)
                                             : g_strdup_printf (_("f(%.4g) = %.4g"), x, fx);

      lab_layer_set_dynamic (lab_axes_add_vline (pdf_ax, NULL, x, &qline), TRUE);
      lab_layer_set_dynamic (lab_axes_add_marker (pdf_ax, NULL, x, MIN (fx, ytop), &point), TRUE);
      lab_layer_set_dynamic (lab_axes_add_text (pdf_ax, tx, MIN (fx, ytop * 0.92), text,
                                                label_anchor (right, fx > 0.7 * ytop),
                                                FALSE, &label), TRUE);
    }

  /* ---- exact CDF and the empirical CDF ---- */
  lab_axes_set_tag (cdf_ax, TAG_CDF);
  lab_axes_set_title (cdf_ax, _("Cumulative distribution: exact and empirical"));
  lab_axes_set_xlabel (cdf_ax, "x");
  lab_axes_set_ylabel (cdf_ax, _("P(X ≤ x)"));
  lab_axes_set_grid (cdf_ax, TRUE);
  lab_axes_set_legend (cdf_ax, TRUE);
  lab_axes_set_xlim (cdf_ax, self->xlo, self->xhi);
  lab_axes_set_ylim (cdf_ax, -0.02, 1.02);
  if (self->discrete)
    {
      g_autofree double *cx = g_new (double, self->n_ecdf);
      g_autofree double *cy = g_new (double, self->n_ecdf);

      for (gsize i = 0; i < self->n_ecdf; i++)
        {
          cx[i] = self->ecdf_x[i];
          cy[i] = dist_cdf (d, cx[i]);
        }
      lab_axes_add_step (cdf_ax, _("exact CDF"), cx, cy, self->n_ecdf, &exact_cdf);
    }
  else
    {
      double cx[N_CURVE], cy[N_CURVE];

      for (guint i = 0; i < N_CURVE; i++)
        {
          cx[i] = self->xlo + (self->xhi - self->xlo) * i / (N_CURVE - 1);
          cy[i] = dist_cdf (d, cx[i]);
        }
      lab_axes_add_line (cdf_ax, _("exact CDF"), cx, cy, N_CURVE, &exact_cdf);
    }
  /* on top: the exact curve is the wider one beneath */
  lab_axes_add_step (cdf_ax, _("empirical CDF"), self->ecdf_x, self->ecdf_y, self->n_ecdf, &ecdf);
  if (isfinite (x))
    {
      g_autofree char *text = g_strdup_printf (_("P(X ≤ %.4g) = %.4f\nsample: %.4f"), x, Fx, Sx);

      lab_layer_set_dynamic (lab_axes_add_vline (cdf_ax, NULL, x, &qline), TRUE);
      lab_layer_set_dynamic (lab_axes_add_marker (cdf_ax, NULL, x, Fx, &point), TRUE);
      lab_layer_set_dynamic (lab_axes_add_text (cdf_ax, tx, Fx,
                                                text, label_anchor (right, Fx > 0.5),
                                                FALSE, &label), TRUE);
    }

  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
distributions_metrics (const LabResult *result,
                       LabParams       *params,
                       LabMetrics      *out)
{
  const DistResult *self = (const DistResult *) result;
  double mean, var, skew, exkurt;
  double x = query_x (self, params);

  dist_moments (&self->dist, &mean, &var, &skew, &exkurt);
  lab_metrics_add_int (out, "samples", _("Samples"), (gint64) self->n);
  lab_metrics_add_double (out, "mean", _("Mean E[X]"), mean);
  lab_metrics_add_double (out, "sample_mean", _("Sample mean"), self->moments.mean);
  lab_metrics_add_double (out, "variance", _("Variance"), var);
  lab_metrics_add_double (out, "sample_variance", _("Sample variance (unbiased)"), sample_variance (&self->moments));
  lab_metrics_add_double (out, "skewness", _("Skewness μ₃/σ³"), skew);
  lab_metrics_add_double (out, "sample_skewness", _("Sample skewness g₁"), sample_skewness (&self->moments));
  lab_metrics_add_double (out, "excess_kurtosis", _("Excess kurtosis μ₄/σ⁴ − 3"), exkurt);
  lab_metrics_add_double (out, "sample_excess_kurtosis", _("Sample excess kurtosis g₂"),
                          sample_excess_kurtosis (&self->moments));
  lab_metrics_add_double (out, "x", _("Query point x"), x);
  lab_metrics_add_double (out, "cdf_at_x", _("P(X ≤ x)"), dist_cdf (&self->dist, x));
  lab_metrics_add_double (out, "sample_cdf_at_x", _("Sample fraction ≤ x"), sample_cdf (self, x));
  lab_metrics_add_double (out, "pdf_at_x", self->discrete ? _("P(X = x)") : _("Density f(x)"),
                          dist_pdf (&self->dist, x));
}

/* ------------------------------------------------------------------ */
/* interaction */

static gboolean
distributions_click (const LabResult *result,
                     LabParams       *params,
                     int              axes_tag,
                     double           x,
                     double           y)
{
  const DistResult *self = (const DistResult *) result;

  if (axes_tag != TAG_PDF && axes_tag != TAG_CDF)
    return FALSE;
  if (!isfinite (x))
    return FALSE;
  lab_params_set_double (params, "x", self->discrete ? round (x) : x);
  return TRUE;
}

static gboolean
distributions_suggest_range (const LabResult *result,
                             GParamSpec      *pspec,
                             double          *lo,
                             double          *hi)
{
  const DistResult *self = (const DistResult *) result;

  if (!g_str_equal (pspec->name, "x"))
    return FALSE;
  *lo = self->xlo;
  *hi = self->xhi;
  return TRUE;
}

static const LabPreset distributions_presets[] = {
  { N_("Normal: the bell"), "distribution=normal mu=0 sigma=1 samples=10000 x=1.96" },
  { N_("Binomial → normal (n = 100)"), "distribution=binomial n=100 p=0.5 samples=100000 x=55" },
  { N_("Poisson: rare events"), "distribution=poisson lambda=1.5 samples=10000 x=3" },
  { N_("Beta: a prior on a probability"), "distribution=beta alpha=3 beta=9 samples=10000 x=0.4" },
  { N_("Exponential: waiting times"), "distribution=exponential rate=0.5 samples=10000 x=2" },
  { N_("Heavy right skew (gamma shape 1)"), "distribution=gamma shape=1 scale=2 samples=100000 x=6" },
};

const LabTopic lab_topic_distributions = {
  .id = "distributions",
  .title = N_("Probability distributions"),
  .chapter = LAB_CHAPTER_EXTENDED,
  .sections = "§4.5–4.8",
  .summary = N_("Draw samples from seven distributions and watch the histogram, the empirical CDF and the sample moments settle on the exact ones."),
  .explanation = N_(
    "A <b>discrete</b> random variable has a <b>PMF</b>, P(X = k): a probability for each "
    "value, summing to 1. A <b>continuous</b> one has a <b>PDF</b> f(x): a density, not a "
    "probability — it can exceed 1, and only its integral over an interval is a probability. "
    "Both have a <b>CDF</b> F(x) = P(X ≤ x), rising from 0 to 1: a staircase for discrete "
    "variables, a smooth curve for continuous ones. Click a plot to read F and the density "
    "at a point.\n\n"
    "<b>Moments.</b> The n-th <i>raw</i> moment is E[Xⁿ]: the zeroth is the total probability 1, "
    "the first is the mean μ = E[X]. "
    "The n-th <i>central</i> moment is μₙ = E[(X − μ)ⁿ]; its first is 0, its second is the "
    "variance σ². Skewness is the standardised third central moment μ₃/σ³ (the sign of the "
    "longer tail); kurtosis is μ₄/σ⁴, and <i>excess</i> kurtosis μ₄/σ⁴ − 3 is 0 for the "
    "normal. The sample column estimates them: the mean, the unbiased variance "
    "Σ(xᵢ − x̄)²/(n − 1), g₁ = m₃/m₂<sup>3/2</sup> and g₂ = m₄/m₂² − 3 with "
    "mₖ = Σ(xᵢ − x̄)ᵏ/n, computed in one numerically stable pass.\n\n"
    "<b>Law of large numbers.</b> Raise <i>Samples</i> from 10 towards 10 million: the "
    "histogram settles onto the exact curve, the empirical CDF onto the exact one, and the "
    "sample mean onto E[X], its error shrinking like σ/√n. Higher moments settle more "
    "slowly, heavy tails slowest.\n\n"
    "<b>Uses.</b> <i>Normal</i>: sums of many small effects (the central limit theorem), "
    "measurement noise, Gaussian likelihoods. <i>Binomial</i>: successes in n independent "
    "yes/no trials (clicks, correct answers); for large n it looks normal. <i>Poisson</i>: "
    "counts of rare events in a fixed interval (arrivals, defects, word counts); it is the limit "
    "of Binomial(n, p) as n grows and p shrinks with np = λ. "
    "<i>Beta</i>: a probability itself, on [0, 1] — the conjugate prior of the binomial's p. "
    "<i>Exponential</i>: waiting times between Poisson events; it is memoryless. "
    "<i>Uniform</i>: every value in [a, b] equally likely; random initialisation and "
    "sampling. <i>Gamma</i>: the sum of k exponential waits; positive, right-skewed "
    "quantities such as durations and rates."),
  .params_get_type = lab_distributions_params_get_type,
  .compute = distributions_compute,
  .build = distributions_build,
  .metrics = distributions_metrics,
  .click = distributions_click,
  .suggest_range = distributions_suggest_range,
  .presets = distributions_presets,
  .n_presets = G_N_ELEMENTS (distributions_presets),
};
