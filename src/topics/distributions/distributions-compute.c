/* distributions-compute.c — the distributions topic on the worker: samples, histogram, ECDF, moments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>
#include <stdlib.h>

#include "distributions-private.h"

/* ------------------------------------------------------------------ */
/* the exact distribution: the engine's families (lab-distribution.h), in the same order
 * as the parameter's choices */

G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_NORMAL == (int) LAB_FAMILY_NORMAL);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_BINOMIAL == (int) LAB_FAMILY_BINOMIAL);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_POISSON == (int) LAB_FAMILY_POISSON);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_BETA == (int) LAB_FAMILY_BETA);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_EXPONENTIAL == (int) LAB_FAMILY_EXPONENTIAL);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_UNIFORM == (int) LAB_FAMILY_UNIFORM);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_GAMMA == (int) LAB_FAMILY_GAMMA);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_STUDENT_T == (int) LAB_FAMILY_STUDENT_T);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_LAPLACE == (int) LAB_FAMILY_LAPLACE);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_LOGNORMAL == (int) LAB_FAMILY_LOGNORMAL);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_GEOMETRIC == (int) LAB_FAMILY_GEOMETRIC);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_CHI_SQUARED == (int) LAB_FAMILY_CHI_SQUARED);
G_STATIC_ASSERT ((int) LAB_DISTRIBUTION_MIXTURE == (int) LAB_FAMILY_MIXTURE);

static double
get_double (LabParams *params, const char *prefix, const char *name)
{
  g_autofree char *full = g_strconcat (prefix, name, NULL);

  return lab_params_get_double (params, full);
}

/* P's parameters (@prefix "") or Q's ("q-") */
LabDist
dist_from_params_prefixed (LabParams  *params,
                           const char *prefix)
{
  g_autofree char *fam = g_strconcat (prefix, "distribution", NULL);
  g_autofree char *n = g_strconcat (prefix, "n", NULL);
  LabDist d;

  d.family = (LabFamily) lab_params_get_enum (params, fam);
  d.mu = get_double (params, prefix, "mu");
  d.sigma = get_double (params, prefix, "sigma");
  d.n = (unsigned int) lab_params_get_int (params, n);
  d.p = get_double (params, prefix, "p");
  d.lambda = get_double (params, prefix, "lambda");
  d.alpha = get_double (params, prefix, "alpha");
  d.beta = get_double (params, prefix, "beta");
  d.rate = get_double (params, prefix, "rate");
  d.a = get_double (params, prefix, "a");
  d.b = get_double (params, prefix, "b");
  d.shape = get_double (params, prefix, "shape");
  d.scale = get_double (params, prefix, "scale");
  d.df = get_double (params, prefix, "df");
  d.mu2 = get_double (params, prefix, "mu2");
  d.sigma2 = get_double (params, prefix, "sigma2");
  d.weight = get_double (params, prefix, "weight");
  return d;
}

LabDist
dist_from_params (LabParams *params)
{
  return dist_from_params_prefixed (params, "");
}

/* the public helpers below answer for the one-dimensional families only */
static gboolean
univariate (LabParams *params)
{
  return lab_params_get_enum (params, "distribution") < LAB_DISTRIBUTION_MULTINOMIAL;
}

const char *
divergence_method_name (LabDivergenceMethod m)
{
  switch (m)
    {
    case LAB_DIVERGENCE_CLOSED_FORM:
      return "closed form";
    case LAB_DIVERGENCE_SUM:
      return "exact sum";
    case LAB_DIVERGENCE_QUADRATURE:
      return "adaptive quadrature";
    case LAB_DIVERGENCE_INFINITE:
      return "supports do not nest";
    case LAB_DIVERGENCE_FAILED:
    default:
      return "quadrature did not converge";
    }
}

char *
dist_name (const LabDist *d)
{
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return g_strdup_printf (_("Normal(μ = %g, σ = %g)"), d->mu, d->sigma);
    case LAB_FAMILY_BINOMIAL:
      return g_strdup_printf (_("Binomial(n = %u, p = %g)"), d->n, d->p);
    case LAB_FAMILY_POISSON:
      return g_strdup_printf (_("Poisson(λ = %g)"), d->lambda);
    case LAB_FAMILY_BETA:
      return g_strdup_printf (_("Beta(α = %g, β = %g)"), d->alpha, d->beta);
    case LAB_FAMILY_EXPONENTIAL:
      return g_strdup_printf (_("Exponential(rate λ = %g)"), d->rate);
    case LAB_FAMILY_UNIFORM:
      return g_strdup_printf (_("Uniform(a = %g, b = %g)"), d->a, d->b);
    case LAB_FAMILY_GAMMA:
      return g_strdup_printf (_("Gamma(k = %g, θ = %g)"), d->shape, d->scale);
    case LAB_FAMILY_STUDENT_T:
      return g_strdup_printf (_("Student-t(ν = %g, μ = %g, σ = %g)"), d->df, d->mu, d->sigma);
    case LAB_FAMILY_LAPLACE:
      return g_strdup_printf (_("Laplace(μ = %g, b = %g)"), d->mu, d->scale);
    case LAB_FAMILY_LOGNORMAL:
      return g_strdup_printf (_("Lognormal(μ = %g, σ = %g)"), d->mu, d->sigma);
    case LAB_FAMILY_GEOMETRIC:
      return g_strdup_printf (_("Geometric(p = %g)"), d->p);
    case LAB_FAMILY_CHI_SQUARED:
      return g_strdup_printf (_("χ²(k = %g)"), d->df);
    case LAB_FAMILY_MIXTURE:
      return g_strdup_printf (_("%g·N(%g, %g²) + %g·N(%g, %g²)"), d->weight, d->mu, d->sigma,
                              1 - d->weight, d->mu2, d->sigma2);
    default:
      g_assert_not_reached ();
    }
}

double
lab_distributions_pdf (LabParams *params,
                       double     x)
{
  LabDist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), NAN);
  if (!univariate (params))
    return NAN;
  d = dist_from_params (params);
  return lab_dist_pdf (&d, x);
}

double
lab_distributions_cdf (LabParams *params,
                       double     x)
{
  LabDist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), NAN);
  if (!univariate (params))
    return NAN;
  d = dist_from_params (params);
  return lab_dist_cdf (&d, x);
}

void
lab_distributions_moments (LabParams *params,
                           double    *mean,
                           double    *variance,
                           double    *skewness,
                           double    *excess_kurtosis)
{
  LabDist d;

  g_return_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params));
  if (!univariate (params))
    {
      *mean = *variance = *skewness = *excess_kurtosis = NAN;
      return;
    }
  d = dist_from_params (params);
  lab_dist_moments (&d, mean, variance, skewness, excess_kurtosis);
}

double
lab_distributions_quantile (LabParams *params,
                            double     q)
{
  LabDist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), NAN);
  if (!univariate (params))
    return NAN;
  d = dist_from_params (params);
  return lab_dist_quantile (&d, q);
}

double
lab_distributions_entropy (LabParams *params)
{
  LabDist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), NAN);
  if (!univariate (params))
    return NAN;
  d = dist_from_params (params);
  return lab_dist_entropy (&d);
}

gboolean
lab_distributions_is_discrete (LabParams *params)
{
  LabDist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), FALSE);
  if (lab_params_get_enum (params, "distribution") == LAB_DISTRIBUTION_MULTINOMIAL)
    return TRUE;
  if (!univariate (params))
    return FALSE;
  d = dist_from_params (params);
  return lab_dist_is_discrete (&d);
}


static void
dist_result_finalize (LabResult *result)
{
  DistResult *self = (DistResult *) result;

  g_free (self->heights);
  g_free (self->ecdf_x);
  g_free (self->ecdf_y);
  g_free (self->sorted);
  g_free (self->cum);
  g_free (self->column);
  g_free (self->file);
  g_free (self->fit_x);
  g_free (self->obs);
  g_free (self->cum_stat);
  g_free (self->biv_x);
  g_free (self->biv_y);
  g_free (self->mv_exact);
  g_free (self->mv_freq);
  g_free (self->mv_x);
  g_free (self->mv_y);
}

/* the empirical P(X ≤ x) */
double
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
/* compare: the normal Q that minimises KL(P‖Q) (forward) or KL(Q‖P) (reverse) */

typedef struct
{
  const LabDist *p;
  gboolean       reverse;
} FitTarget;

static double
fit_objective (const gsl_vector *v, void *data)
{
  const FitTarget *t = data;
  LabDist q = { .family = LAB_FAMILY_NORMAL, .mu = gsl_vector_get (v, 0), .sigma = exp (gsl_vector_get (v, 1)) };
  double kl = t->reverse ? lab_dist_kl (&q, t->p, NULL) : lab_dist_kl (t->p, &q, NULL);

  return isfinite (kl) ? kl : 1e6;
}

/* Nelder–Mead (GSL nmsimplex2) over (μ, log σ) from @mu0, @sigma0 */
static double
fit_normal (const LabDist *p,
            gboolean       reverse,
            double         mu0,
            double         sigma0,
            double        *mu,
            double        *sigma)
{
  FitTarget t = { p, reverse };
  gsl_multimin_function f = { fit_objective, 2, &t };
  gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc (gsl_multimin_fminimizer_nmsimplex2, 2);
  gsl_vector *x = gsl_vector_alloc (2), *step = gsl_vector_alloc (2);
  double best;

  gsl_vector_set (x, 0, mu0);
  gsl_vector_set (x, 1, log (sigma0));
  gsl_vector_set (step, 0, 0.5 * sigma0);
  gsl_vector_set (step, 1, 0.3);
  gsl_multimin_fminimizer_set (s, &f, x, step);
  for (int it = 0; it < 400; it++)
    {
      if (gsl_multimin_fminimizer_iterate (s) != GSL_SUCCESS)
        break;
      if (gsl_multimin_test_size (gsl_multimin_fminimizer_size (s), 1e-7) == GSL_SUCCESS)
        break;
    }
  *mu = gsl_vector_get (s->x, 0);
  *sigma = exp (gsl_vector_get (s->x, 1));
  best = s->fval;
  gsl_multimin_fminimizer_free (s);
  gsl_vector_free (x);
  gsl_vector_free (step);
  return best;
}

static void
compare_fits (DistResult *self)
{
  const LabDist *p = &self->dist;
  double mean, var, skew, kurt, m, sd, kl;

  self->have_fits = TRUE;
  lab_dist_moments (p, &mean, &var, &skew, &kurt);
  if (isfinite (var))
    {
      self->fwd_kl = fit_normal (p, FALSE, mean, sqrt (var), &self->fwd_mu, &self->fwd_sigma);
      m = mean, sd = sqrt (var);
    }
  else
    {
      /* E_P[X²] = ∞: every normal Q has KL(P‖Q) = ∞ */
      self->fwd_mu = self->fwd_sigma = self->fwd_kl = NAN;
      m = lab_dist_quantile (p, 0.5);
      sd = 0.5 * (lab_dist_quantile (p, 0.75) - lab_dist_quantile (p, 0.25));
    }
  /* reverse KL is mode-seeking and has several local minima: start at the moment match and,
   * for the mixture, at each component; keep the best */
  self->rev_kl = fit_normal (p, TRUE, m, sd, &self->rev_mu, &self->rev_sigma);
  if (p->family == LAB_FAMILY_MIXTURE)
    for (int c = 0; c < 2; c++)
      {
        double mu_c, sigma_c;

        kl = fit_normal (p, TRUE, c ? p->mu2 : p->mu, c ? p->sigma2 : p->sigma, &mu_c, &sigma_c);
        if (kl < self->rev_kl)
          self->rev_kl = kl, self->rev_mu = mu_c, self->rev_sigma = sigma_c;
      }
}

static gboolean
check_dist (const LabDist *d,
            const char    *prefix,
            GError       **error)
{
  if (d->family == LAB_FAMILY_UNIFORM && !(d->a < d->b))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("uniform: %sa (%g) must be less than %sb (%g)"), prefix, d->a, prefix, d->b);
      return FALSE;
    }
  return TRUE;
}

/* the central-limit view: CLT_MEANS means of clt_n draws each */
static gboolean
compute_clt (DistResult   *self,
             gsl_rng      *rng,
             LabProgress  *progress,
             GCancellable *cancellable,
             GError      **error)
{
  g_autofree double *means = g_new (double, CLT_MEANS);
  LabMoments mm = { 0 };
  double lo = INFINITY, hi = -INFINITY, w;

  self->n_means = CLT_MEANS;
  for (gsize i = 0; i < CLT_MEANS; i++)
    {
      double sum = 0;

      if (i % 1024 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          lab_progress_set (progress, 0.9 + 0.1 * i / CLT_MEANS);
        }
      for (guint j = 0; j < self->clt_n; j++)
        sum += lab_dist_sample (&self->dist, rng);
      means[i] = sum / self->clt_n;
      lab_moments_add (&mm, means[i]);
    }
  self->clt_sample_mean = mm.mean;
  self->clt_sample_sd = sqrt (lab_moments_variance (&mm));
  /* the histogram's range: the means' 0.5–99.5 % (heavy tails would flatten it) */
  {
    g_autofree guint64 *keys = g_new (guint64, CLT_MEANS), *scratch = g_new (guint64, CLT_MEANS);

    for (gsize i = 0; i < CLT_MEANS; i++)
      keys[i] = _lab_sort_key_from_double (means[i]);
    lab_sort_radix_u64_cancellable (keys, NULL, CLT_MEANS, scratch, NULL, NULL, NULL);
    lo = _lab_sort_double_from_key (keys[CLT_MEANS / 200]);
    hi = _lab_sort_double_from_key (keys[CLT_MEANS - 1 - CLT_MEANS / 200]);
  }
  if (!(hi > lo))
    lo -= 0.5, hi += 0.5;
  w = hi - lo;
  self->clt_lo = lo - 0.05 * w, self->clt_hi = hi + 0.05 * w;
  w = (self->clt_hi - self->clt_lo) / CLT_BINS;
  for (gsize i = 0; i < CLT_MEANS; i++)
    {
      double b = (means[i] - self->clt_lo) / w;

      if (b >= 0 && b < CLT_BINS)
        self->clt_heights[(gsize) b] += 1;
    }
  for (guint b = 0; b < CLT_BINS; b++)
    self->clt_heights[b] /= CLT_MEANS * w;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* fit: maximum likelihood (lab-dist-fit) and the profile log-likelihood of the first parameter */

typedef struct
{
  const DistResult *self;
  double            s1, s2, s3;   /* sufficient statistics where the family has them */
} ProfileData;

/* Student-t's log-likelihood at (ν, σ), location fixed: one pass of log1p */
static double
t_log_likelihood (const DistResult *self,
                  double            v,
                  double            sigma)
{
  double sum = 0, n = self->fit_n;

  for (gsize i = 0; i < self->fit_n; i++)
    {
      double z = (self->fit_x[i] - self->fitted.mu) / sigma;

      sum += log1p (z * z / v);
    }
  return n * (gsl_sf_lngamma ((v + 1) / 2) - gsl_sf_lngamma (v / 2) - 0.5 * log (v * M_PI) - log (sigma))
         - (v + 1) / 2 * sum;
}

static double
beta_profile (const ProfileData *pd, double a, double b)
{
  double n = pd->self->fit_n;

  return (a - 1) * pd->s1 + (b - 1) * pd->s2 - n * gsl_sf_lnbeta (a, b);
}

/* The maximum over the nuisance parameter (> 0) of ℓ(θ, ·): a golden-section search on its log.
 * Hand-written because GSL's Brent minimiser needs a starting point below both ends, which a
 * profile point far from the MLE cannot promise; the profile in ν or α is unimodal in log σ, log β. */
static double
golden_max (const ProfileData *pd,
            double             theta,
            double             centre,
            double           (*f) (const ProfileData *, double, double))
{
  const double g = 0.6180339887498949;
  double a = log (centre) - 4, b = log (centre) + 4;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = f (pd, theta, exp (c)), fd = f (pd, theta, exp (d));

  for (int it = 0; it < 45; it++)   /* 0.618⁴⁵ × 8 ≈ 3e-9 in the log */
    {
      if (fc > fd)
        {
          b = d, d = c, fd = fc;
          c = b - g * (b - a);
          fc = f (pd, theta, exp (c));
        }
      else
        {
          a = c, c = d, fc = fd;
          d = a + g * (b - a);
          fd = f (pd, theta, exp (d));
        }
    }
  return MAX (fc, fd);
}

static double
t_profile (const ProfileData *pd, double v, double sigma)
{
  return t_log_likelihood (pd->self, v, sigma);
}

/* the profile log-likelihood ℓ_p(θ) = max over the other parameter of ℓ(θ, ·) */
static double
profile_ll (const ProfileData *pd,
            double             theta)
{
  const DistResult *self = pd->self;
  LabDist d = self->fitted;
  double n = self->fit_n;

  switch (d.family)
    {
    case LAB_FAMILY_NORMAL:
      {
        /* σ̂²(μ) = mean (x − μ)² = s² + (x̄ − μ)² */
        double v = pd->s2 + (pd->s1 - theta) * (pd->s1 - theta);

        return -0.5 * n * (log (2 * M_PI * v) + 1);
      }
    case LAB_FAMILY_LOGNORMAL:
      {
        double v = pd->s2 + (pd->s1 - theta) * (pd->s1 - theta);

        return -0.5 * n * (log (2 * M_PI * v) + 1) - pd->s3;   /* s3 = Σ log x */
      }
    case LAB_FAMILY_LAPLACE:
      {
        double dev = 0;

        for (gsize i = 0; i < self->fit_n; i++)
          dev += fabs (self->fit_x[i] - theta);
        return -n * (log (2 * dev / n) + 1);   /* b̂(μ) = mean |x − μ| */
      }
    case LAB_FAMILY_GAMMA:
      {
        /* θ̂(k) = x̄/k: ℓ = (k − 1)Σlog x − n·k − n lnΓ(k) − n·k·log(x̄/k) */
        double scale = pd->s1 / theta;

        return (theta - 1) * pd->s2 - n * theta - n * gsl_sf_lngamma (theta) - n * theta * log (scale);
      }
    case LAB_FAMILY_BETA:
      return golden_max (pd, theta, self->fitted.beta, beta_profile);
    case LAB_FAMILY_STUDENT_T:
      return golden_max (pd, theta, self->fitted.sigma, t_profile);
    case LAB_FAMILY_UNIFORM:
      /* b̂ = max x whatever a ≤ min x */
      return theta <= self->fit_x[0] ? -n * log (self->fitted.b - theta) : -INFINITY;
    default:
      /* one free parameter: the log-likelihood itself */
      lab_dist_fit_set_param (&d, 0, theta);
      return lab_dist_log_likelihood (&d, self->fit_x, self->fit_n);
    }
}

static void
compute_profile (DistResult *self)
{
  ProfileData pd = { self, 0, 0, 0 };
  double th = lab_dist_fit_get_param (&self->fitted, 0), lmax, h, curv, se, lo, hi;
  LabFamily fam = self->fitted.family;
  gboolean positive = fam != LAB_FAMILY_NORMAL && fam != LAB_FAMILY_LOGNORMAL
                      && fam != LAB_FAMILY_LAPLACE && fam != LAB_FAMILY_UNIFORM;
  gboolean probability = fam == LAB_FAMILY_BINOMIAL || fam == LAB_FAMILY_GEOMETRIC;

  for (gsize i = 0; i < self->fit_n; i++)
    {
      double x = self->fit_x[i];

      switch (fam)
        {
        case LAB_FAMILY_NORMAL:
          pd.s1 += x;
          break;
        case LAB_FAMILY_LOGNORMAL:
          pd.s1 += log (x), pd.s3 += log (x);
          break;
        case LAB_FAMILY_GAMMA:
          pd.s1 += x, pd.s2 += log (x);
          break;
        case LAB_FAMILY_BETA:
          pd.s1 += log (x), pd.s2 += log1p (-x);
          break;
        default:
          break;
        }
    }
  if (fam == LAB_FAMILY_NORMAL || fam == LAB_FAMILY_LOGNORMAL || fam == LAB_FAMILY_GAMMA)
    pd.s1 /= self->fit_n;
  if (fam == LAB_FAMILY_NORMAL || fam == LAB_FAMILY_LOGNORMAL)
    {
      /* s2: the variance (divisor n) of x or log x */
      for (gsize i = 0; i < self->fit_n; i++)
        {
          double v = fam == LAB_FAMILY_NORMAL ? self->fit_x[i] : log (self->fit_x[i]);

          pd.s2 += (v - pd.s1) * (v - pd.s1);
        }
      pd.s2 /= self->fit_n;
    }

  /* the grid: ±4 standard errors from the curvature at the maximum */
  lmax = profile_ll (&pd, th);
  if (fam == LAB_FAMILY_UNIFORM)
    {
      double w = self->fitted.b - self->fitted.a;

      lo = th - 4 * w / self->fit_n, hi = th;
    }
  else
    {
      h = 1e-4 * (fabs (th) > 0 ? fabs (th) : 1);
      curv = 2 * lmax - profile_ll (&pd, th + h) - profile_ll (&pd, th - h);
      se = curv > 0 ? h / sqrt (curv) : 0.1 * fabs (th) + 1e-3;
      lo = th - 4 * se, hi = th + 4 * se;
      if (positive)
        lo = MAX (lo, th * 0.02);
      if (probability)
        hi = MIN (hi, 1 - 1e-9), lo = MAX (lo, 1e-9);
    }
  for (guint i = 0; i < N_PROFILE; i++)
    {
      self->profile_x[i] = lo + (hi - lo) * i / (N_PROFILE - 1);
      self->profile_ll[i] = profile_ll (&pd, self->profile_x[i]);
    }
  self->have_profile = TRUE;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
compute_fit (DistResult    *self,
             LabParams     *params,
             LabDataset    *data,
             gsl_rng       *rng,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  LabDist fitted = self->dist;
  const char *why;
  gssize bad;
  int col = -1;

  self->source = lab_params_get_enum (params, "source");
  if (fitted.family == LAB_FAMILY_MIXTURE)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("mode=fit: the mixture has no maximum-likelihood fit here (it needs EM); choose another distribution"));
      return FALSE;
    }
  if (self->source == LAB_DISTRIBUTIONS_SOURCE_DATA)
    {
      const double *values;

      if (data == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
          return FALSE;
        }
      col = lab_topic_find_column (data, "column", lab_params_get_string (params, "column"), error);
      if (col < 0)
        return FALSE;
      self->column = g_strdup (lab_dataset_get_column_name (data, col));
      self->file = g_strdup (lab_dataset_get_name (data));
      values = lab_columns_get_finite (data, col, "column", error);
      if (values == NULL)
        return FALSE;
      self->fit_n = lab_dataset_get_n_rows (data);
      self->fit_x = g_memdup2 (values, self->fit_n * sizeof (double));
    }
  else
    {
      self->fit_n = MIN ((gsize) lab_params_get_int (params, "samples"), FIT_MAX);
      self->fit_x = g_new (double, self->fit_n);
      for (gsize i = 0; i < self->fit_n; i++)
        self->fit_x[i] = lab_dist_sample (&self->dist, rng);
    }
  if (self->fit_n < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: column “%s” has %lu value(s): a fit needs at least 2"),
                   self->file ? self->file : "sample", self->column ? self->column : "sample", (unsigned long) self->fit_n);
      return FALSE;
    }
  bad = lab_dist_fit_first_outside (&fitted, self->fit_x, self->fit_n, &why);
  if (bad >= 0)
    {
      GEnumClass *klass = g_type_class_ref (LAB_TYPE_DISTRIBUTION);
      g_autofree char *name = g_strdup (g_enum_get_value (klass, fitted.family)->value_nick);

      g_type_class_unref (klass);
      if (col >= 0)
        lab_dataset_set_cell_error (data, (gsize) bad, (guint) col, error,
                                    _("column “%s”, row %lu: %g is outside the %s support: %s"),
                                    self->column, (unsigned long) bad + 1, self->fit_x[bad], name, why);
      else
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("sample value %g: %s"), self->fit_x[bad], why);
      return FALSE;
    }
  {
    gsize i = 1;

    while (i < self->fit_n && self->fit_x[i] == self->fit_x[0])
      i++;
    if (i == self->fit_n)
      {
        if (col >= 0)
          lab_dataset_set_cell_error (data, 0, (guint) col, error,
                                      _("column “%s” is constant (%g from row 1 to row %lu): no spread to fit"),
                                      self->column, self->fit_x[0], (unsigned long) self->fit_n);
        else
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("the sample is constant (%g): no spread to fit"), self->fit_x[0]);
        return FALSE;
      }
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  qsort (self->fit_x, self->fit_n, sizeof (double), compare_doubles);
  lab_progress_set (progress, 0.3);
  lab_dist_fit (&fitted, self->fit_x, self->fit_n);
  self->fitted = fitted;
  self->fit_k = lab_dist_fit_n_params (fitted.family);
  self->log_likelihood = lab_dist_log_likelihood (&fitted, self->fit_x, self->fit_n);
  self->aic = 2 * self->fit_k - 2 * self->log_likelihood;
  self->bic = self->fit_k * log ((double) self->fit_n) - 2 * self->log_likelihood;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  lab_progress_set (progress, 0.6);
  compute_profile (self);
  lab_progress_set (progress, 1.0);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* ------------------------------------------------------------------ */
/* bayes: conjugate updating, one observation at a time */

/* the posterior after the first @k observations; *@stat their statistic (successes, Σ counts,
 * mean) */
LabConjugatePrior
bayes_posterior_at (const DistResult *self,
                    gsize             k,
                    double           *stat)
{
  double s = self->cum_stat[k];

  if (self->prior.kind == LAB_CONJUGATE_NORMAL_NORMAL)
    s = k > 0 ? s / k : 0;
  if (stat != NULL)
    *stat = s;
  return k > 0 ? lab_conjugate_update (&self->prior, s, k) : self->prior;
}

static gboolean
compute_bayes (DistResult    *self,
               LabParams     *params,
               LabDataset    *data,
               gsl_rng       *rng,
               GCancellable  *cancellable,
               GError       **error)
{
  LabConjugate kind = lab_params_get_enum (params, "conjugate");
  gsize n;

  self->source = lab_params_get_enum (params, "source");
  self->prior.kind = kind;
  switch (kind)
    {
    case LAB_CONJUGATE_BETA_BINOMIAL:
      self->prior.a = lab_params_get_double (params, "prior-alpha");
      self->prior.b = lab_params_get_double (params, "prior-beta");
      break;
    case LAB_CONJUGATE_GAMMA_POISSON:
      self->prior.a = lab_params_get_double (params, "prior-shape");
      self->prior.b = lab_params_get_double (params, "prior-rate");
      break;
    case LAB_CONJUGATE_NORMAL_NORMAL:
    default:
      self->prior.a = lab_params_get_double (params, "prior-mu");
      self->prior.b = lab_params_get_double (params, "prior-sigma");
      self->prior.known_sigma = lab_params_get_double (params, "known-sigma");
      break;
    }

  if (self->source == LAB_DISTRIBUTIONS_SOURCE_DATA)
    {
      const double *values;
      int col;

      if (data == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
          return FALSE;
        }
      col = lab_topic_find_column (data, "column", lab_params_get_string (params, "column"), error);
      if (col < 0)
        return FALSE;
      self->column = g_strdup (lab_dataset_get_column_name (data, col));
      self->file = g_strdup (lab_dataset_get_name (data));
      values = lab_columns_get_finite (data, col, "column", error);
      if (values == NULL)
        return FALSE;
      n = lab_dataset_get_n_rows (data);
      for (gsize i = 0; i < n; i++)
        {
          double v = values[i];

          if (kind == LAB_CONJUGATE_BETA_BINOMIAL && v != 0 && v != 1)
            {
              lab_dataset_set_cell_error (data, i, (guint) col, error,
                                          _("column “%s”, row %lu: beta-binomial needs 0 or 1 (a failure or a success), found %g"),
                                          self->column, (unsigned long) i + 1, v);
              return FALSE;
            }
          if (kind == LAB_CONJUGATE_GAMMA_POISSON && !(v >= 0 && v == floor (v)))
            {
              lab_dataset_set_cell_error (data, i, (guint) col, error,
                                          _("column “%s”, row %lu: gamma-poisson needs a count (a whole number ≥ 0), found %g"),
                                          self->column, (unsigned long) i + 1, v);
              return FALSE;
            }
        }
      self->obs = g_memdup2 (values, n * sizeof (double));
    }
  else
    {
      /* the summary typed in, as a seeded sequence of observations with exactly that summary */
      if (kind == LAB_CONJUGATE_BETA_BINOMIAL)
        {
          gsize s = (gsize) lab_params_get_int (params, "successes");

          n = (gsize) lab_params_get_int (params, "trials");
          if (s > n)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("successes (%lu) must not exceed trials (%lu)"), (unsigned long) s, (unsigned long) n);
              return FALSE;
            }
          self->obs = g_new (double, MAX (n, 1));
          for (gsize i = 0; i < n; i++)
            self->obs[i] = i < s ? 1 : 0;
          gsl_ran_shuffle (rng, self->obs, n, sizeof (double));
        }
      else if (kind == LAB_CONJUGATE_GAMMA_POISSON)
        {
          guint total = (guint) lab_params_get_int (params, "count-sum");
          g_autofree unsigned int *counts = NULL;
          g_autofree double *p = NULL;

          n = (gsize) lab_params_get_int (params, "observations");
          if (n == 0 && total > 0)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("count-sum (%u) needs at least one observation (observations = 0)"), total);
              return FALSE;
            }
          /* given their sum, independent Poisson counts are multinomial with equal chances */
          counts = g_new0 (unsigned int, MAX (n, 1));
          p = g_new (double, MAX (n, 1));
          for (gsize i = 0; i < n; i++)
            p[i] = 1.0;
          if (n > 0)
            gsl_ran_multinomial (rng, n, total, p, counts);
          self->obs = g_new (double, MAX (n, 1));
          for (gsize i = 0; i < n; i++)
            self->obs[i] = counts[i];
        }
      else
        {
          double xbar = lab_params_get_double (params, "sample-mean"), m = 0;

          n = (gsize) lab_params_get_int (params, "observations");
          self->obs = g_new (double, MAX (n, 1));
          for (gsize i = 0; i < n; i++)
            m += self->obs[i] = self->prior.known_sigma * lab_rng_gaussian (rng);
          m = n > 0 ? m / n : 0;
          for (gsize i = 0; i < n; i++)
            self->obs[i] += xbar - m;
        }
    }
  self->n_obs = n;
  self->cum_stat = g_new (double, n + 1);
  self->cum_stat[0] = 0;
  for (gsize i = 0; i < n; i++)
    self->cum_stat[i + 1] = self->cum_stat[i] + self->obs[i];
  if (kind == LAB_CONJUGATE_NORMAL_NORMAL && n > 0)
    {
      /* the mean of the first k: make the last exactly the typed-in x̄ (the shift above is
       * exact only up to rounding) */
      if (self->source == LAB_DISTRIBUTIONS_SOURCE_SAMPLE)
        self->cum_stat[n] = n * lab_params_get_double (params, "sample-mean");
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* the path: the posterior mean and 95 % credible interval after k = 0 … n observations */
  self->n_traj = (guint) MIN (n + 1, N_TRAJ);
  for (guint j = 0; j < self->n_traj; j++)
    {
      gsize k = self->n_traj > 1 ? (gsize) llround ((double) j * n / (self->n_traj - 1)) : 0;
      LabConjugatePrior post = bayes_posterior_at (self, k, NULL);

      self->traj_k[j] = k;
      self->traj_mean[j] = lab_conjugate_mean (&post);
      self->traj_lo[j] = lab_conjugate_quantile (&post, 0.025);
      self->traj_hi[j] = lab_conjugate_quantile (&post, 0.975);
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* ------------------------------------------------------------------ */
/* bivariate: a bivariate normal, or x and x² − 1 */

static gboolean
compute_bivariate (DistResult   *self,
                   LabParams    *params,
                   gsl_rng      *rng,
                   LabProgress  *progress,
                   GCancellable *cancellable,
                   GError      **error)
{
  double mx = lab_params_get_double (params, "mu"), sx = lab_params_get_double (params, "sigma");
  double my = lab_params_get_double (params, "mu2"), sy = lab_params_get_double (params, "sigma2");
  double rho = lab_params_get_double (params, "rho");
  gsize n = (gsize) lab_params_get_int (params, "samples"), stride;
  double sum[2] = { 0, 0 }, c[3] = { 0, 0, 0 };   /* Welford: Σ dx², Σ dx·dy, Σ dy² */
  double wx, wy;

  self->pair = lab_params_get_enum (params, "pair");
  if (self->pair == LAB_PAIR_SQUARE)
    {
      /* Y = Z² − 1, Z = (X − μ)/σ: E[Y] = 0, Var Y = 2, Cov(X, Y) = σ·E[Z³] = 0 */
      my = 0, sy = M_SQRT2, rho = 0;
    }
  self->biv_mean[0] = mx, self->biv_mean[1] = my;
  self->biv_cov[0] = sx * sx, self->biv_cov[1] = self->biv_cov[2] = rho * sx * sy, self->biv_cov[3] = sy * sy;
  self->biv_rho = rho;
  {
    /* eigenvectors of the 2 × 2 covariance (GSL) */
    gsl_matrix_view m = gsl_matrix_view_array (g_memdup2 (self->biv_cov, sizeof self->biv_cov), 2, 2);
    gsl_vector *ev = gsl_vector_alloc (2);
    gsl_matrix *evec = gsl_matrix_alloc (2, 2);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc (2);

    gsl_eigen_symmv (&m.matrix, ev, evec, w);
    gsl_eigen_symmv_sort (ev, evec, GSL_EIGEN_SORT_VAL_DESC);
    for (int i = 0; i < 2; i++)
      {
        self->biv_evals[i] = gsl_vector_get (ev, i);
        self->biv_evecs[i] = gsl_matrix_get (evec, 0, i);       /* column i: (x, y) */
        self->biv_evecs[2 + i] = gsl_matrix_get (evec, 1, i);
      }
    g_free (m.matrix.data);
    gsl_vector_free (ev);
    gsl_matrix_free (evec);
    gsl_eigen_symmv_free (w);
  }

  /* the view: ±3.5 sd (the square's Y: its 0.1 % – 99.9 %) */
  self->biv_xlo = mx - 3.5 * sx, self->biv_xhi = mx + 3.5 * sx;
  if (self->pair == LAB_PAIR_SQUARE)
    self->biv_ylo = -1.3, self->biv_yhi = 3.29 * 3.29 - 1;
  else
    self->biv_ylo = my - 3.5 * sy, self->biv_yhi = my + 3.5 * sy;
  wx = (self->biv_xhi - self->biv_xlo) / BIV_BINS;
  wy = (self->biv_yhi - self->biv_ylo) / BIV_BINS;

  stride = MAX (1, n / BIV_KEEP);
  self->biv_x = g_new (double, BIV_KEEP + 1);
  self->biv_y = g_new (double, BIV_KEEP + 1);
  for (gsize i = 0; i < n; i++)
    {
      double x, y, dx, dy, k;

      if (i % BLOCK == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          lab_progress_set (progress, (double) i / n);
        }
      if (self->pair == LAB_PAIR_SQUARE)
        {
          double z = lab_rng_gaussian (rng);

          x = mx + sx * z, y = z * z - 1;
        }
      else
        {
          gsl_ran_bivariate_gaussian (rng, sx, sy, rho, &x, &y);
          x += mx, y += my;
        }
      if (i % stride == 0 && self->biv_kept < BIV_KEEP)
        {
          self->biv_x[self->biv_kept] = x;
          self->biv_y[self->biv_kept++] = y;
        }
      k = (x - self->biv_xlo) / wx;
      if (k >= 0 && k < BIV_BINS)
        self->biv_hx[(gsize) k] += 1;
      k = (y - self->biv_ylo) / wy;
      if (k >= 0 && k < BIV_BINS)
        self->biv_hy[(gsize) k] += 1;
      /* a two-dimensional Welford update */
      dx = x - sum[0];
      sum[0] += dx / (i + 1);
      dy = y - sum[1];
      sum[1] += dy / (i + 1);
      c[0] += dx * (x - sum[0]);
      c[1] += dx * (y - sum[1]);
      c[2] += dy * (y - sum[1]);
    }
  for (guint b = 0; b < BIV_BINS; b++)
    self->biv_hx[b] /= n * wx, self->biv_hy[b] /= n * wy;
  self->biv_smean[0] = sum[0], self->biv_smean[1] = sum[1];
  self->biv_scov[0] = c[0] / (n - 1);
  self->biv_scov[1] = self->biv_scov[2] = c[1] / (n - 1);
  self->biv_scov[3] = c[2] / (n - 1);
  self->biv_srho = c[1] / sqrt (c[0] * c[2]);
  lab_progress_set (progress, 1.0);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* multinomial and dirichlet: three categories on the simplex */

static gboolean
is_multivariate (int dist)
{
  return dist == LAB_DISTRIBUTION_MULTINOMIAL || dist == LAB_DISTRIBUTION_DIRICHLET;
}

static gboolean
compute_multivariate (DistResult   *self,
                      LabParams    *params,
                      gsl_rng      *rng,
                      LabProgress  *progress,
                      GCancellable *cancellable,
                      GError      **error)
{
  gsize n = (gsize) lab_params_get_int (params, "samples");
  double sum[3] = { 0 }, c[9] = { 0 };
  gboolean multi = self->multi == LAB_DISTRIBUTION_MULTINOMIAL;

  if (multi)
    {
      double p[3] = { lab_params_get_double (params, "p1"), lab_params_get_double (params, "p2"),
                      lab_params_get_double (params, "p3") };
      double t = p[0] + p[1] + p[2];

      if (!(t > 0))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("multinomial: p1, p2, p3 must not all be 0"));
          return FALSE;
        }
      for (int i = 0; i < 3; i++)
        self->mv_par[i] = p[i] / t;
      self->mv_n = (unsigned int) lab_params_get_int (params, "n");
      /* mean n·p, covariance n(pᵢδᵢⱼ − pᵢpⱼ) */
      for (int i = 0; i < 3; i++)
        {
          self->mv_mean[i] = self->mv_n * self->mv_par[i];
          for (int j = 0; j < 3; j++)
            self->mv_cov[3 * i + j] = self->mv_n * ((i == j ? self->mv_par[i] : 0) - self->mv_par[i] * self->mv_par[j]);
        }
      self->mv_side = self->mv_n + 1;
      self->mv_exact = g_new (double, (gsize) self->mv_side * self->mv_side);
      self->mv_freq = g_new0 (double, (gsize) self->mv_side * self->mv_side);
      for (unsigned int k2 = 0; k2 <= self->mv_n; k2++)
        for (unsigned int k1 = 0; k1 <= self->mv_n; k1++)
          {
            unsigned int k[3] = { k1, k2, self->mv_n - k1 - k2 };

            self->mv_exact[(gsize) k2 * self->mv_side + k1] = k1 + k2 <= self->mv_n
              ? gsl_ran_multinomial_pdf (3, self->mv_par, k) : NAN;
          }
    }
  else
    {
      double a0 = 0;

      self->mv_par[0] = lab_params_get_double (params, "alpha1");
      self->mv_par[1] = lab_params_get_double (params, "alpha2");
      self->mv_par[2] = lab_params_get_double (params, "alpha3");
      a0 = self->mv_par[0] + self->mv_par[1] + self->mv_par[2];
      /* mean αᵢ/α₀, covariance (αᵢδᵢⱼα₀ − αᵢαⱼ)/(α₀²(α₀ + 1)) */
      for (int i = 0; i < 3; i++)
        {
          self->mv_mean[i] = self->mv_par[i] / a0;
          for (int j = 0; j < 3; j++)
            self->mv_cov[3 * i + j] = ((i == j ? self->mv_par[i] * a0 : 0) - self->mv_par[i] * self->mv_par[j])
                                      / (a0 * a0 * (a0 + 1));
        }
      self->mv_side = SIMPLEX_GRID;
      self->mv_exact = g_new (double, SIMPLEX_GRID * SIMPLEX_GRID);
      for (guint j = 0; j < SIMPLEX_GRID; j++)
        for (guint i = 0; i < SIMPLEX_GRID; i++)
          {
            double x[3];

            x[0] = (i + 0.5) / SIMPLEX_GRID, x[1] = (j + 0.5) / SIMPLEX_GRID, x[2] = 1 - x[0] - x[1];
            self->mv_exact[j * SIMPLEX_GRID + i] = x[2] > 0 ? gsl_ran_dirichlet_pdf (3, self->mv_par, x) : NAN;
          }
      self->mv_x = g_new (double, SIMPLEX_KEEP);
      self->mv_y = g_new (double, SIMPLEX_KEEP);
    }

  /* the samples: mean vector and covariance by a three-dimensional Welford update */
  for (gsize s = 0; s < n; s++)
    {
      double v[3], d[3];

      if (s % BLOCK == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          lab_progress_set (progress, (double) s / n);
        }
      if (multi)
        {
          unsigned int k[3];

          gsl_ran_multinomial (rng, 3, self->mv_n, self->mv_par, k);
          for (int i = 0; i < 3; i++)
            v[i] = k[i];
          self->mv_freq[(gsize) k[1] * self->mv_side + k[0]] += 1.0 / n;
        }
      else
        {
          gsl_ran_dirichlet (rng, 3, self->mv_par, v);
          if (self->mv_kept < SIMPLEX_KEEP && s % MAX (1, n / SIMPLEX_KEEP) == 0)
            {
              self->mv_x[self->mv_kept] = v[0];
              self->mv_y[self->mv_kept++] = v[1];
            }
        }
      for (int i = 0; i < 3; i++)
        {
          d[i] = v[i] - sum[i];
          sum[i] += d[i] / (s + 1);
        }
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
          c[3 * i + j] += d[i] * (v[j] - sum[j]);
    }
  for (int i = 0; i < 3; i++)
    {
      self->mv_smean[i] = sum[i];
      for (int j = 0; j < 3; j++)
        self->mv_scov[3 * i + j] = n > 1 ? c[3 * i + j] / (n - 1) : NAN;
    }
  self->n = n;
  lab_progress_set (progress, 1.0);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* compute */

LabResult *
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
  LabDist d = dist_from_params (params);
  gsize n = (gsize) lab_params_get_int (params, "samples");
  double bin_scale, fine_scale;
  gsize done = 0;

  self->mode = lab_params_get_enum (params, "mode");
  /* multinomial and dirichlet have no place in the univariate engine: explore only */
  if (is_multivariate (lab_params_get_enum (params, "distribution"))
      && (self->mode == LAB_DISTRIBUTIONS_MODE_EXPLORE || self->mode == LAB_DISTRIBUTIONS_MODE_COMPARE
          || self->mode == LAB_DISTRIBUTIONS_MODE_FIT))
    {
      if (self->mode != LAB_DISTRIBUTIONS_MODE_EXPLORE)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("distribution=%s works in mode=explore only (compare and fit take a one-dimensional family)"),
                       lab_params_get_enum (params, "distribution") == LAB_DISTRIBUTION_MULTINOMIAL ? "multinomial" : "dirichlet");
          return NULL;
        }
      self->multi = lab_params_get_enum (params, "distribution");
      self->xlo = 0, self->xhi = 1;
      if (!compute_multivariate (self, params, rng, progress, cancellable, error))
        return NULL;
      return g_steal_pointer (&result);
    }
  if (self->mode == LAB_DISTRIBUTIONS_MODE_COMPARE && is_multivariate (lab_params_get_enum (params, "q-distribution")))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("q-distribution: multinomial and dirichlet are not one-dimensional; choose another family for Q"));
      return NULL;
    }
  if (is_multivariate (d.family))
    d.family = LAB_FAMILY_NORMAL;   /* bayes and bivariate do not read P */
  if (!check_dist (&d, "", error))
    return NULL;

  self->dist = d;
  self->entropy = lab_dist_entropy (&d);
  if (self->mode == LAB_DISTRIBUTIONS_MODE_BIVARIATE)
    {
      if (!compute_bivariate (self, params, rng, progress, cancellable, error))
        return NULL;
      return g_steal_pointer (&result);
    }
  if (self->mode == LAB_DISTRIBUTIONS_MODE_BAYES)
    {
      if (!compute_bayes (self, params, data, rng, cancellable, error))
        return NULL;
      lab_progress_set (progress, 1.0);
      return g_steal_pointer (&result);
    }
  if (self->mode == LAB_DISTRIBUTIONS_MODE_FIT)
    {
      if (!compute_fit (self, params, data, rng, progress, cancellable, error))
        return NULL;
      return g_steal_pointer (&result);
    }
  if (self->mode == LAB_DISTRIBUTIONS_MODE_COMPARE)
    {
      LabDist q = dist_from_params_prefixed (params, "q-");

      if (!check_dist (&q, "q-", error))
        return NULL;
      self->qdist = q;
      self->discrete = lab_dist_is_discrete (&d);
      lab_dist_range (&d, TAIL, &self->hlo, &self->hhi);
      {
        double qlo, qhi;

        lab_dist_range (&q, TAIL, &qlo, &qhi);
        self->hlo = MIN (self->hlo, qlo), self->hhi = MAX (self->hhi, qhi);
      }
      self->xlo = self->hlo - 0.04 * (self->hhi - self->hlo + 1e-9);
      self->xhi = self->hhi + 0.04 * (self->hhi - self->hlo + 1e-9);
      self->entropy_q = lab_dist_entropy (&q);
      self->kl_pq = lab_dist_kl (&d, &q, &self->kl_pq_method);
      lab_progress_set (progress, 0.2);
      self->kl_qp = lab_dist_kl (&q, &d, &self->kl_qp_method);
      lab_progress_set (progress, 0.4);
      self->js = lab_dist_js (&d, &q, &self->js_method);
      lab_progress_set (progress, 0.5);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (q.family == LAB_FAMILY_NORMAL && !self->discrete)
        compare_fits (self);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      lab_progress_set (progress, 1.0);
      return g_steal_pointer (&result);
    }
  self->discrete = lab_dist_is_discrete (&d);
  self->n = n;
  lab_dist_range (&d, TAIL, &self->hlo, &self->hhi);

  if (self->discrete)
    {
      self->xlo = self->hlo - 0.8;
      self->xhi = self->hhi + 0.8;
      self->n_bins = (guint) (self->hhi - self->hlo) + 1;
      self->kcap = d.family == LAB_FAMILY_BINOMIAL ? d.n : lab_dist_discrete_quantile (&d, 1 - 1e-12) + 64;
      counts = g_new0 (double, self->kcap + 1);
      bin_scale = fine_scale = 0;
    }
  else
    {
      double w = self->hhi - self->hlo;

      self->xlo = self->hlo - 0.04 * w;
      self->xhi = self->hhi + 0.04 * w;
      if (d.family == LAB_FAMILY_UNIFORM)
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
        block[i] = lab_dist_sample (&d, rng);
      lab_moments_add_block (&self->moments, block, m);

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

  self->clt_n = (guint) lab_params_get_int (params, "clt-n");
  if (self->clt_n >= 2 && !compute_clt (self, rng, progress, cancellable, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

