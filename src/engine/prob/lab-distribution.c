/* lab-distribution.c — the distribution families and the divergences between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

#include "lab-distribution.h"
#include "lab-rng.h"

gboolean
lab_dist_is_discrete (const LabDist *d)
{
  return d->family == LAB_FAMILY_BINOMIAL || d->family == LAB_FAMILY_POISSON
         || d->family == LAB_FAMILY_GEOMETRIC;
}

void
lab_dist_support (const LabDist *d,
                  double        *lo,
                  double        *hi)
{
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
    case LAB_FAMILY_STUDENT_T:
    case LAB_FAMILY_LAPLACE:
    case LAB_FAMILY_MIXTURE:
      *lo = -INFINITY, *hi = INFINITY;
      break;
    case LAB_FAMILY_BINOMIAL:
      *lo = 0, *hi = d->n;
      break;
    case LAB_FAMILY_POISSON:
      *lo = 0, *hi = INFINITY;
      break;
    case LAB_FAMILY_GEOMETRIC:
      *lo = 1, *hi = INFINITY;
      break;
    case LAB_FAMILY_BETA:
      *lo = 0, *hi = 1;
      break;
    case LAB_FAMILY_UNIFORM:
      *lo = d->a, *hi = d->b;
      break;
    case LAB_FAMILY_EXPONENTIAL:
    case LAB_FAMILY_GAMMA:
    case LAB_FAMILY_LOGNORMAL:
    case LAB_FAMILY_CHI_SQUARED:
      *lo = 0, *hi = INFINITY;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* the density at the lower end 0 of a gamma-like support: x^(k−1) decides */
static double
gamma_at_zero (double shape,
               double scale)
{
  if (shape < 1)
    return INFINITY;
  return shape == 1 ? 1.0 / scale : 0.0;
}

double
lab_dist_pdf (const LabDist *d,
              double         x)
{
  double lo, hi;

  if (isnan (x))
    return NAN;
  lab_dist_support (d, &lo, &hi);
  if (x < lo || x > hi)
    return 0.0;
  if (lab_dist_is_discrete (d))
    {
      if (x != floor (x) || x > G_MAXUINT)
        return 0.0;
      switch (d->family)
        {
        case LAB_FAMILY_BINOMIAL:
          return gsl_ran_binomial_pdf ((unsigned int) x, d->p, d->n);
        case LAB_FAMILY_POISSON:
          return gsl_ran_poisson_pdf ((unsigned int) x, d->lambda);
        case LAB_FAMILY_GEOMETRIC:
          return gsl_ran_geometric_pdf ((unsigned int) x, d->p);
        default:
          g_assert_not_reached ();
        }
    }
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return gsl_ran_gaussian_pdf (x - d->mu, d->sigma);
    case LAB_FAMILY_BETA:
      /* at an end, x^(α−1) (or (1 − x)^(β−1)) decides: +∞ below 1, the other shape at 1, else 0 */
      if (x == 0)
        return d->alpha < 1 ? INFINITY : d->alpha == 1 ? d->beta : 0.0;
      if (x == 1)
        return d->beta < 1 ? INFINITY : d->beta == 1 ? d->alpha : 0.0;
      return gsl_ran_beta_pdf (x, d->alpha, d->beta);
    case LAB_FAMILY_EXPONENTIAL:
      return gsl_ran_exponential_pdf (x, 1.0 / d->rate);
    case LAB_FAMILY_UNIFORM:
      return 1.0 / (d->b - d->a);   /* the closed interval [a, b], both ends included */
    case LAB_FAMILY_GAMMA:
      return x == 0 ? gamma_at_zero (d->shape, d->scale) : gsl_ran_gamma_pdf (x, d->shape, d->scale);
    case LAB_FAMILY_STUDENT_T:
      return gsl_ran_tdist_pdf ((x - d->mu) / d->sigma, d->df) / d->sigma;
    case LAB_FAMILY_LAPLACE:
      return gsl_ran_laplace_pdf (x - d->mu, d->scale);
    case LAB_FAMILY_LOGNORMAL:
      return x == 0 ? 0.0 : gsl_ran_lognormal_pdf (x, d->mu, d->sigma);
    case LAB_FAMILY_CHI_SQUARED:
      return x == 0 ? gamma_at_zero (d->df / 2, 2.0) : gsl_ran_chisq_pdf (x, d->df);
    case LAB_FAMILY_MIXTURE:
      return d->weight * gsl_ran_gaussian_pdf (x - d->mu, d->sigma)
             + (1 - d->weight) * gsl_ran_gaussian_pdf (x - d->mu2, d->sigma2);
    default:
      g_assert_not_reached ();
    }
}

/* log f(x) without underflow in the tails (the divergences integrate p·log(p/q) far out) */
static double
log_pdf (const LabDist *d,
         double         x)
{
  double lo, hi;

  lab_dist_support (d, &lo, &hi);
  if (!(x >= lo && x <= hi))
    return -INFINITY;
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      {
        double z = (x - d->mu) / d->sigma;

        return -0.5 * z * z - log (d->sigma) - 0.5 * log (2 * M_PI);
      }
    case LAB_FAMILY_STUDENT_T:
      {
        double z = (x - d->mu) / d->sigma, v = d->df;

        return gsl_sf_lngamma ((v + 1) / 2) - gsl_sf_lngamma (v / 2) - 0.5 * log (v * M_PI)
               - log (d->sigma) - (v + 1) / 2 * log1p (z * z / v);
      }
    case LAB_FAMILY_LAPLACE:
      return -fabs (x - d->mu) / d->scale - log (2 * d->scale);
    case LAB_FAMILY_LOGNORMAL:
      {
        double z = (log (x) - d->mu) / d->sigma;

        return x > 0 ? -0.5 * z * z - log (x * d->sigma) - 0.5 * log (2 * M_PI) : -INFINITY;
      }
    case LAB_FAMILY_EXPONENTIAL:
      return log (d->rate) - d->rate * x;
    case LAB_FAMILY_GAMMA:
    case LAB_FAMILY_CHI_SQUARED:
      {
        double k = d->family == LAB_FAMILY_GAMMA ? d->shape : d->df / 2;
        double th = d->family == LAB_FAMILY_GAMMA ? d->scale : 2.0;

        if (x == 0)
          return log (gamma_at_zero (k, th));
        return (k - 1) * log (x) - x / th - gsl_sf_lngamma (k) - k * log (th);
      }
    case LAB_FAMILY_BETA:
      if (x == 0 || x == 1)
        return log (lab_dist_pdf (d, x));
      return (d->alpha - 1) * log (x) + (d->beta - 1) * log1p (-x) - gsl_sf_lnbeta (d->alpha, d->beta);
    case LAB_FAMILY_UNIFORM:
      return -log (d->b - d->a);
    case LAB_FAMILY_MIXTURE:
      {
        double z1 = (x - d->mu) / d->sigma, z2 = (x - d->mu2) / d->sigma2;
        double l1 = log (d->weight) - 0.5 * z1 * z1 - log (d->sigma);
        double l2 = log1p (-d->weight) - 0.5 * z2 * z2 - log (d->sigma2);
        double m = MAX (l1, l2);

        return m + log (exp (l1 - m) + exp (l2 - m)) - 0.5 * log (2 * M_PI);
      }
    case LAB_FAMILY_BINOMIAL:
      if (x != floor (x))
        return -INFINITY;
      return gsl_sf_lnchoose (d->n, (unsigned int) x) + x * log (d->p) + (d->n - x) * log1p (-d->p);
    case LAB_FAMILY_POISSON:
      if (x != floor (x))
        return -INFINITY;
      return x * log (d->lambda) - d->lambda - gsl_sf_lnfact ((unsigned int) x);
    case LAB_FAMILY_GEOMETRIC:
      if (x != floor (x))
        return -INFINITY;
      return log (d->p) + (x - 1) * log1p (-d->p);
    default:
      g_assert_not_reached ();
    }
}

double
lab_dist_cdf (const LabDist *d,
              double         x)
{
  double lo, hi;

  if (isnan (x))
    return NAN;
  lab_dist_support (d, &lo, &hi);
  if (x < lo)
    return 0.0;
  if (x >= hi)
    return 1.0;
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return gsl_cdf_gaussian_P (x - d->mu, d->sigma);
    case LAB_FAMILY_BINOMIAL:
      return gsl_cdf_binomial_P ((unsigned int) floor (x), d->p, d->n);
    case LAB_FAMILY_POISSON:
      if (x >= G_MAXUINT)
        return 1.0;
      return gsl_cdf_poisson_P ((unsigned int) floor (x), d->lambda);
    case LAB_FAMILY_GEOMETRIC:
      if (x >= G_MAXUINT)
        return 1.0;
      return gsl_cdf_geometric_P ((unsigned int) floor (x), d->p);
    case LAB_FAMILY_BETA:
      return x <= 0 ? 0.0 : gsl_cdf_beta_P (x, d->alpha, d->beta);
    case LAB_FAMILY_EXPONENTIAL:
      return x <= 0 ? 0.0 : gsl_cdf_exponential_P (x, 1.0 / d->rate);
    case LAB_FAMILY_UNIFORM:
      return x <= d->a ? 0.0 : gsl_cdf_flat_P (x, d->a, d->b);
    case LAB_FAMILY_GAMMA:
      return x <= 0 ? 0.0 : gsl_cdf_gamma_P (x, d->shape, d->scale);
    case LAB_FAMILY_STUDENT_T:
      {
        /* P(T > |t|) = ½·I_{ν/(ν+t²)}(ν/2, ½) through GSL's regularised incomplete beta:
         * gsl_cdf_tdist_P is off by ~2e-10 at non-integer ν (4.5), this is not */
        double t = (x - d->mu) / d->sigma;
        double tail = 0.5 * gsl_sf_beta_inc (d->df / 2, 0.5, d->df / (d->df + t * t));

        return t > 0 ? 1 - tail : tail;
      }
    case LAB_FAMILY_LAPLACE:
      return gsl_cdf_laplace_P (x - d->mu, d->scale);
    case LAB_FAMILY_LOGNORMAL:
      return x <= 0 ? 0.0 : gsl_cdf_lognormal_P (x, d->mu, d->sigma);
    case LAB_FAMILY_CHI_SQUARED:
      return x <= 0 ? 0.0 : gsl_cdf_chisq_P (x, d->df);
    case LAB_FAMILY_MIXTURE:
      return d->weight * gsl_cdf_gaussian_P (x - d->mu, d->sigma)
             + (1 - d->weight) * gsl_cdf_gaussian_P (x - d->mu2, d->sigma2);
    default:
      g_assert_not_reached ();
    }
}

/* The smallest integer k of the support with P(X ≤ k) ≥ q: doubling, then bisection on the CDF
 * (O(log k) CDF calls: λ = 10⁶ costs ~40 of them, not a million PMF terms). */
unsigned int
lab_dist_discrete_quantile (const LabDist *d,
                            double         q)
{
  double lo, hi, mean, var, skew, kurt;
  double below, above;   /* F(below) < q ≤ F(above) */

  lab_dist_support (d, &lo, &hi);
  if (!(q > 0))
    return (unsigned int) lo;
  if (lab_dist_cdf (d, lo) >= q)
    return (unsigned int) lo;
  below = lo;
  lab_dist_moments (d, &mean, &var, &skew, &kurt);
  above = MIN (hi, ceil (mean + 1));
  while (lab_dist_cdf (d, above) < q && above < hi)
    {
      below = above;
      above = MIN (hi, ceil (2 * above + 1));
      if (above >= G_MAXUINT)
        return G_MAXUINT;
    }
  while (above - below > 1)
    {
      double mid = floor (below + (above - below) / 2);

      if (lab_dist_cdf (d, mid) >= q)
        above = mid;
      else
        below = mid;
    }
  return (unsigned int) above;
}

typedef struct { const LabDist *d; double q; } QuantileRoot;

static double
quantile_root_f (double x, void *data)
{
  const QuantileRoot *r = data;

  return lab_dist_cdf (r->d, x) - r->q;
}

/* Brent's method on F(x) − q over a bracket [a, b] with F(a) ≤ q ≤ F(b) */
static double
cdf_root (const LabDist *d,
          double         q,
          double         a,
          double         b)
{
  QuantileRoot r = { d, q };
  gsl_function f = { quantile_root_f, &r };
  gsl_root_fsolver *s;
  double x = a;

  if (b - a < 1e-300)
    return a;
  s = gsl_root_fsolver_alloc (gsl_root_fsolver_brent);
  if (gsl_root_fsolver_set (s, &f, a, b) == GSL_SUCCESS)
    for (int it = 0; it < 200; it++)
      {
        gsl_root_fsolver_iterate (s);
        x = gsl_root_fsolver_root (s);
        if (gsl_root_test_interval (gsl_root_fsolver_x_lower (s), gsl_root_fsolver_x_upper (s),
                                    0, 1e-14) == GSL_SUCCESS)
          break;
      }
  gsl_root_fsolver_free (s);
  return x;
}

/* The mixture has no closed-form inverse: F lies between the components' CDFs, so their own
 * quantiles bracket its quantile. */
static double
mixture_quantile (const LabDist *d,
                  double         q)
{
  double a = MIN (d->mu + gsl_cdf_gaussian_Pinv (q, d->sigma), d->mu2 + gsl_cdf_gaussian_Pinv (q, d->sigma2));
  double b = MAX (d->mu + gsl_cdf_gaussian_Pinv (q, d->sigma), d->mu2 + gsl_cdf_gaussian_Pinv (q, d->sigma2));

  return cdf_root (d, q, a, b);
}

/* Where GSL's inverse gives up (NaN at extreme shapes: Beta(50, 0.1) at ½, Gamma(0.1) at 10⁻⁶
 * whose quantile is 6·10⁻⁶¹): bisect the CDF, in log x on a positive support (the quantile
 * may be hundreds of decades below 1), to the last bit. */
static double
quantile_fallback (const LabDist *d,
                   double         q)
{
  double lo, hi, a, b;

  lab_dist_support (d, &lo, &hi);
  if (lo == 0)
    {
      a = log (DBL_MIN), b = isfinite (hi) ? log (hi) : 0;
      while (lab_dist_cdf (d, exp (b)) < q && b < 700)
        b += 2;
      for (int it = 0; it < 200 && b - a > 1e-16 * MAX (1.0, fabs (a)); it++)
        {
          double m = 0.5 * (a + b);

          if (lab_dist_cdf (d, exp (m)) < q)
            a = m;
          else
            b = m;
        }
      return exp (0.5 * (a + b));
    }
  a = -1, b = 1;
  while (lab_dist_cdf (d, a) > q && a > -1e300)
    a *= 2;
  while (lab_dist_cdf (d, b) < q && b < 1e300)
    b *= 2;
  return cdf_root (d, q, a, b);
}

static double quantile_gsl (const LabDist *d, double q);

double
lab_dist_quantile (const LabDist *d,
                   double         q)
{
  double lo, hi;

  if (isnan (q) || q < 0 || q > 1)
    return NAN;
  lab_dist_support (d, &lo, &hi);
  if (lab_dist_is_discrete (d))
    return q >= 1 ? hi : lab_dist_discrete_quantile (d, q);
  if (q == 0)
    return lo;
  if (q == 1)
    return hi;
  {
    double x = quantile_gsl (d, q);
    double fx, err, x1;

    if (!isfinite (x))
      return quantile_fallback (d, q);
    /* one Newton step on F(x) = q polishes GSL's inverses (Student-t's is good to ~1e-9) */
    fx = lab_dist_pdf (d, x);
    err = lab_dist_cdf (d, x) - q;
    if (err != 0 && fx > 0 && isfinite (fx))
      {
        x1 = x - err / fx;
        if (x1 >= lo && x1 <= hi && fabs (lab_dist_cdf (d, x1) - q) < fabs (err))
          x = x1;
      }
    return x;
  }
}

static double
quantile_gsl (const LabDist *d,
              double         q)
{
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return d->mu + gsl_cdf_gaussian_Pinv (q, d->sigma);
    case LAB_FAMILY_BETA:
      return gsl_cdf_beta_Pinv (q, d->alpha, d->beta);
    case LAB_FAMILY_EXPONENTIAL:
      return gsl_cdf_exponential_Pinv (q, 1.0 / d->rate);
    case LAB_FAMILY_UNIFORM:
      return gsl_cdf_flat_Pinv (q, d->a, d->b);
    case LAB_FAMILY_GAMMA:
      return gsl_cdf_gamma_Pinv (q, d->shape, d->scale);
    case LAB_FAMILY_STUDENT_T:
      return d->mu + d->sigma * gsl_cdf_tdist_Pinv (q, d->df);
    case LAB_FAMILY_LAPLACE:
      return d->mu + gsl_cdf_laplace_Pinv (q, d->scale);
    case LAB_FAMILY_LOGNORMAL:
      return gsl_cdf_lognormal_Pinv (q, d->mu, d->sigma);
    case LAB_FAMILY_CHI_SQUARED:
      return gsl_cdf_chisq_Pinv (q, d->df);
    case LAB_FAMILY_MIXTURE:
      return mixture_quantile (d, q);
    default:
      g_assert_not_reached ();
    }
}

void
lab_dist_moments (const LabDist *d,
                  double        *mean,
                  double        *var,
                  double        *skew,
                  double        *exkurt)
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
    case LAB_FAMILY_GEOMETRIC:
      *mean = 1 / d->p;
      *var = (1 - d->p) / (d->p * d->p);
      *skew = (2 - d->p) / sqrt (1 - d->p);
      *exkurt = 6 + d->p * d->p / (1 - d->p);
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
    case LAB_FAMILY_CHI_SQUARED:
      *mean = d->df, *var = 2 * d->df, *skew = sqrt (8 / d->df), *exkurt = 12 / d->df;
      break;
    case LAB_FAMILY_STUDENT_T:
      {
        double v = d->df;

        /* E|X|ᵏ exists only for k < ν: the mean needs ν > 1, the variance ν > 2 (+∞ for
         * 1 < ν ≤ 2), the skewness ν > 3, the kurtosis ν > 4 (+∞ for 2 < ν ≤ 4, as scipy) */
        *mean = v > 1 ? d->mu : NAN;
        *var = v > 2 ? d->sigma * d->sigma * v / (v - 2) : v > 1 ? INFINITY : NAN;
        *skew = v > 3 ? 0 : NAN;
        *exkurt = v > 4 ? 6 / (v - 4) : v > 2 ? INFINITY : NAN;
      }
      break;
    case LAB_FAMILY_LAPLACE:
      *mean = d->mu, *var = 2 * d->scale * d->scale, *skew = 0, *exkurt = 3;
      break;
    case LAB_FAMILY_LOGNORMAL:
      {
        double s2 = d->sigma * d->sigma, e = exp (s2);

        *mean = exp (d->mu + s2 / 2);
        *var = expm1 (s2) * exp (2 * d->mu + s2);
        *skew = (e + 2) * sqrt (expm1 (s2));
        *exkurt = exp (4 * s2) + 2 * exp (3 * s2) + 3 * exp (2 * s2) - 6;
      }
      break;
    case LAB_FAMILY_MIXTURE:
      {
        /* central moments about the mixture's mean: each component's, shifted by d = μᵢ − m */
        double w[2] = { d->weight, 1 - d->weight };
        double mu[2] = { d->mu, d->mu2 }, s[2] = { d->sigma, d->sigma2 };
        double m = w[0] * mu[0] + w[1] * mu[1], m2 = 0, m3 = 0, m4 = 0;

        for (int i = 0; i < 2; i++)
          {
            double dd = mu[i] - m, v = s[i] * s[i];

            m2 += w[i] * (v + dd * dd);
            m3 += w[i] * (3 * dd * v + dd * dd * dd);
            m4 += w[i] * (3 * v * v + 6 * dd * dd * v + dd * dd * dd * dd);
          }
        *mean = m, *var = m2, *skew = m3 / pow (m2, 1.5), *exkurt = m4 / (m2 * m2) - 3;
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

const char *
lab_dist_moment_reason (const LabDist *d,
                        int            which)
{
  if (d->family != LAB_FAMILY_STUDENT_T)
    return NULL;
  switch (which)
    {
    case 1:
      return d->df > 1 ? NULL : "undefined for df ≤ 1: E|X| diverges (the tails fall like |x|^(−df−1))";
    case 2:
      return d->df > 2 ? NULL : d->df > 1 ? "infinite for 1 < df ≤ 2: E[X²] diverges"
                                          : "undefined for df ≤ 1: the mean does not exist";
    case 3:
      return d->df > 3 ? NULL : "undefined for df ≤ 3: E|X|³ diverges";
    case 4:
      return d->df > 4 ? NULL : d->df > 2 ? "infinite for 2 < df ≤ 4: E[X⁴] diverges"
                                          : "undefined for df ≤ 2: the variance is not finite";
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* quadrature */

typedef struct
{
  const LabDist *p, *q;
  double         near_top;   /* > 0: x = 1 − near_top exactly (the beta's upper end), else 0 */
} Pair;

/* log f(x), exact near the beta's upper end where x = 1 − t has lost t's digits */
static double
pair_log_pdf (const LabDist *d,
              const Pair    *pr,
              double         x)
{
  if (pr->near_top > 0 && d->family == LAB_FAMILY_BETA)
    {
      double t = pr->near_top;

      return (d->alpha - 1) * log1p (-t) + (d->beta - 1) * log (t) - gsl_sf_lnbeta (d->alpha, d->beta);
    }
  return log_pdf (d, x);
}

typedef struct
{
  gsl_function *inner;
  double        end;         /* the finite end */
  gboolean      top;         /* x = end − e^u (else end + e^u) */
} EndSubst;

/* ∫ f(x) dx near a finite end, with x = end ± e^u: an integrable singularity such as
 * x^(−½)·log x at 0 becomes a smooth, exponentially decaying tail in u (QUADPACK alone
 * misses ~5e-5 of the gamma(½) KL there; scipy's quad too) */
static double
end_subst (double u, void *data)
{
  const EndSubst *e = data;
  Pair *pr = e->inner->params;
  double t = exp (u), v;

  if (t == 0)
    return 0;
  pr->near_top = e->top ? t : 0;
  v = GSL_FN_EVAL (e->inner, e->top ? e->end - t : e->end + t) * t;
  pr->near_top = 0;
  return v;
}

/* integrate @f over [lo, hi] (either may be infinite): QAGP on a finite core with breakpoints
 * at both distributions' quartiles and medians (narrow peaks are not missed), QAGIL/QAGIU on
 * unbounded tails. Returns GSL_SUCCESS when the summed error estimate is below 1e-7 relative,
 * else the status of the last failing piece. */
static int
integrate (gsl_function  *f,
           const LabDist *p,
           const LabDist *q,
           double         lo,
           double         hi,
           double        *result)
{
  gsl_integration_workspace *w = gsl_integration_workspace_alloc (2000);
  double pts[20], core_lo, core_hi, r = 0, err, sum = 0, err_sum = 0;
  const double probs[] = { 1e-6, 0.25, 0.5, 0.75, 1 - 1e-6 };
  int np = 0, status = GSL_SUCCESS, s;

  core_lo = isfinite (lo) ? lo : lab_dist_quantile (p, 1e-6);
  core_hi = isfinite (hi) ? hi : lab_dist_quantile (p, 1 - 1e-6);
  if (!isfinite (lo) && q != NULL)
    core_lo = MIN (core_lo, lab_dist_quantile (q, 1e-6));
  if (!isfinite (hi) && q != NULL)
    core_hi = MAX (core_hi, lab_dist_quantile (q, 1 - 1e-6));
  pts[np++] = core_lo;
  for (guint i = 0; i < G_N_ELEMENTS (probs); i++)
    for (int j = 0; j < 2; j++)
      {
        const LabDist *d = j == 0 ? p : q;
        double x;

        if (d == NULL)
          continue;
        /* the far tails matter only for the core's ends: near a finite end, the substitution
         * below must reach the bulk (QUADPACK on [1e-12, 3e-3] of x^(−½)·log x is 5e-5 off) */
        if ((i == 0 && isfinite (lo)) || (i == G_N_ELEMENTS (probs) - 1 && isfinite (hi)))
          continue;
        x = lab_dist_quantile (d, probs[i]);
        if (x > core_lo && x < core_hi)
          pts[np++] = x;
      }
  /* a support's finite end inside the range (JS of a beta and a gamma: a jump at 1) */
  for (int j = 0; j < 2; j++)
    {
      const LabDist *d = j == 0 ? p : q;
      double slo, shi;

      if (d == NULL)
        continue;
      lab_dist_support (d, &slo, &shi);
      if (slo > core_lo && slo < core_hi)
        pts[np++] = slo;
      if (shi > core_lo && shi < core_hi)
        pts[np++] = shi;
    }
  pts[np++] = core_hi;
  /* sorted, without repeats */
  for (int i = 1; i < np; i++)
    for (int j = i; j > 0 && pts[j] < pts[j - 1]; j--)
      {
        double t = pts[j];

        pts[j] = pts[j - 1], pts[j - 1] = t;
      }
  {
    int k = 1;

    for (int i = 1; i < np; i++)
      if (pts[i] > pts[k - 1])
        pts[k++] = pts[i];
    np = k;
  }
  /* finite ends: their first and last pieces through x = end ± e^u */
  if (np >= 2 && isfinite (lo))
    {
      EndSubst e = { f, lo, FALSE };
      gsl_function g = { end_subst, &e };

      s = gsl_integration_qagil (&g, log (pts[1] - lo), 1e-13, 1e-10, 2000, w, &r, &err);
      status = s ? s : status;
      sum += r, err_sum += err;
      memmove (pts, pts + 1, (np - 1) * sizeof (double));
      np--;
    }
  if (np >= 2 && isfinite (hi))
    {
      EndSubst e = { f, hi, TRUE };
      gsl_function g = { end_subst, &e };

      s = gsl_integration_qagil (&g, log (hi - pts[np - 2]), 1e-13, 1e-10, 2000, w, &r, &err);
      status = s ? s : status;
      sum += r, err_sum += err;
      np--;
    }
  if (np >= 2)
    {
      s = gsl_integration_qagp (f, pts, np, 1e-13, 1e-10, 2000, w, &r, &err);
      status = s ? s : status;
      sum += r, err_sum += err;
    }
  if (!isfinite (lo))
    {
      s = gsl_integration_qagil (f, core_lo, 1e-13, 1e-10, 2000, w, &r, &err);
      status = s ? s : status;
      sum += r, err_sum += err;
    }
  if (!isfinite (hi))
    {
      s = gsl_integration_qagiu (f, core_hi, 1e-13, 1e-10, 2000, w, &r, &err);
      status = s ? s : status;
      sum += r, err_sum += err;
    }
  gsl_integration_workspace_free (w);
  *result = sum;
  /* GSL reports round-off (EROUND) or a tolerance not met (ETOL) when 1e-10 is out of reach
   * at an integrable singularity (gamma k < 1 at 0); its error estimate is what counts */
  if (status != GSL_SUCCESS && isfinite (sum) && err_sum <= 1e-7 * MAX (1.0, fabs (sum)))
    status = GSL_SUCCESS;
  return status;
}

static double
neg_p_log_p (double x, void *data)
{
  const Pair *pr = data;
  double lp = pair_log_pdf (pr->p, pr, x);

  return isfinite (lp) ? -exp (lp) * lp : 0.0;
}

static double
kl_integrand (double x, void *data)
{
  const Pair *pr = data;
  double lp = pair_log_pdf (pr->p, pr, x), lq;

  if (!isfinite (lp) || exp (lp) == 0)
    return 0.0;   /* far out, p underflows: nothing to add (and log q may be −∞ there) */
  lq = pair_log_pdf (pr->q, pr, x);
  return exp (lp) * (lp - lq);
}

static double
js_integrand (double x, void *data)
{
  const Pair *pr = data;
  double lp = pair_log_pdf (pr->p, pr, x), lq = pair_log_pdf (pr->q, pr, x);
  double hi = MAX (lp, lq), lm, r = 0;

  if (!isfinite (hi))
    return 0.0;
  lm = hi + log (exp (lp - hi) + exp (lq - hi)) - M_LN2;   /* log of m = (p + q)/2 */
  if (isfinite (lp) && exp (lp) > 0)
    r += exp (lp) * (lp - lm);
  if (isfinite (lq) && exp (lq) > 0)
    r += exp (lq) * (lq - lm);
  return 0.5 * r;
}

/* the last integer worth summing: the mass above it is below 1e-17 */
static double
discrete_top (const LabDist *d)
{
  double lo, hi;

  lab_dist_support (d, &lo, &hi);
  if (isfinite (hi))
    return hi;
  return lab_dist_discrete_quantile (d, 1 - 1e-16) + 50;
}

double
lab_dist_entropy (const LabDist *d)
{
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return 0.5 * log (2 * M_PI * M_E * d->sigma * d->sigma);
    case LAB_FAMILY_EXPONENTIAL:
      return 1 - log (d->rate);
    case LAB_FAMILY_UNIFORM:
      return log (d->b - d->a);
    case LAB_FAMILY_GAMMA:
      return d->shape + log (d->scale) + gsl_sf_lngamma (d->shape) + (1 - d->shape) * gsl_sf_psi (d->shape);
    case LAB_FAMILY_CHI_SQUARED:
      {
        double k = d->df / 2;

        return k + M_LN2 + gsl_sf_lngamma (k) + (1 - k) * gsl_sf_psi (k);
      }
    case LAB_FAMILY_BETA:
      {
        double a = d->alpha, b = d->beta;

        return gsl_sf_lnbeta (a, b) - (a - 1) * gsl_sf_psi (a) - (b - 1) * gsl_sf_psi (b)
               + (a + b - 2) * gsl_sf_psi (a + b);
      }
    case LAB_FAMILY_STUDENT_T:
      {
        double v = d->df;

        return log (d->sigma) + (v + 1) / 2 * (gsl_sf_psi ((v + 1) / 2) - gsl_sf_psi (v / 2))
               + 0.5 * log (v) + gsl_sf_lnbeta (v / 2, 0.5);
      }
    case LAB_FAMILY_LAPLACE:
      return 1 + log (2 * d->scale);
    case LAB_FAMILY_LOGNORMAL:
      return d->mu + 0.5 * log (2 * M_PI * M_E * d->sigma * d->sigma);
    case LAB_FAMILY_GEOMETRIC:
      return (-(1 - d->p) * log1p (-d->p) - d->p * log (d->p)) / d->p;
    case LAB_FAMILY_BINOMIAL:
    case LAB_FAMILY_POISSON:
      {
        /* the exact sum −Σ p log p over the integers that carry mass (p below 1e-300 adds < 1e-297) */
        double lo = d->family == LAB_FAMILY_POISSON ? MAX (0, floor (d->lambda - 40 * sqrt (d->lambda) - 40)) : 0;
        double top = discrete_top (d), h = 0;

        for (double k = lo; k <= top; k++)
          {
            double lp = log_pdf (d, k);

            if (isfinite (lp))
              h -= exp (lp) * lp;
          }
        return h;
      }
    case LAB_FAMILY_MIXTURE:
      {
        Pair pr = { d, NULL, 0 };
        gsl_function f = { neg_p_log_p, &pr };
        double h;

        /* no closed form: −∫ f log f by quadrature */
        integrate (&f, d, NULL, -INFINITY, INFINITY, &h);
        return h;
      }
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* divergences */

static gboolean
supports_nest (const LabDist *p,
               const LabDist *q)
{
  double plo, phi, qlo, qhi;

  if (lab_dist_is_discrete (p) != lab_dist_is_discrete (q))
    return FALSE;
  lab_dist_support (p, &plo, &phi);
  lab_dist_support (q, &qlo, &qhi);
  return plo >= qlo && phi <= qhi;
}

/* the KL divergence by an exact sum (discrete) or adaptive quadrature, whatever the families */
static double
kl_numeric (const LabDist       *p,
            const LabDist       *q,
            LabDivergenceMethod *method)
{
  double lo, hi, r;

  lab_dist_support (p, &lo, &hi);
  if (lab_dist_is_discrete (p))
    {
      double top = discrete_top (p), sum = 0;

      for (double k = lo; k <= top; k++)
        {
          double lp = log_pdf (p, k);

          if (isfinite (lp))
            sum += exp (lp) * (lp - log_pdf (q, k));
        }
      *method = LAB_DIVERGENCE_SUM;
      return sum;
    }
  {
    Pair pr = { p, q, 0 };
    gsl_function f = { kl_integrand, &pr };
    int status = integrate (&f, p, q, lo, hi, &r);

    if (status != GSL_SUCCESS || !isfinite (r))
      {
        *method = LAB_DIVERGENCE_FAILED;
        return NAN;
      }
    *method = LAB_DIVERGENCE_QUADRATURE;
    return MAX (r, 0.0);
  }
}

double
lab_dist_kl_numeric (const LabDist       *p,
                     const LabDist       *q,
                     LabDivergenceMethod *method)
{
  if (!supports_nest (p, q))
    {
      *method = LAB_DIVERGENCE_INFINITE;
      return INFINITY;
    }
  return kl_numeric (p, q, method);
}

double
lab_dist_kl (const LabDist       *p,
             const LabDist       *q,
             LabDivergenceMethod *method)
{
  LabDivergenceMethod dummy;

  if (method == NULL)
    method = &dummy;
  if (!supports_nest (p, q))
    {
      *method = LAB_DIVERGENCE_INFINITE;
      return INFINITY;
    }
  *method = LAB_DIVERGENCE_CLOSED_FORM;
  if (p->family == q->family)
    switch (p->family)
      {
      case LAB_FAMILY_NORMAL:
      case LAB_FAMILY_LOGNORMAL:
        {
          double dm = p->mu - q->mu;

          return log (q->sigma / p->sigma) + (p->sigma * p->sigma + dm * dm) / (2 * q->sigma * q->sigma) - 0.5;
        }
      case LAB_FAMILY_EXPONENTIAL:
        return log (p->rate / q->rate) + q->rate / p->rate - 1;
      case LAB_FAMILY_POISSON:
        return p->lambda * log (p->lambda / q->lambda) + q->lambda - p->lambda;
      case LAB_FAMILY_BINOMIAL:   /* same n (the supports nest only then, or n_P < n_Q) */
        if (p->n == q->n)
          return p->n * (p->p * log (p->p / q->p) + (1 - p->p) * (log1p (-p->p) - log1p (-q->p)));
        break;
      case LAB_FAMILY_GEOMETRIC:
        return log (p->p / q->p) + (1 / p->p - 1) * (log1p (-p->p) - log1p (-q->p));
      case LAB_FAMILY_UNIFORM:
        return log ((q->b - q->a) / (p->b - p->a));
      case LAB_FAMILY_GAMMA:
      case LAB_FAMILY_CHI_SQUARED:
        {
          gboolean g = p->family == LAB_FAMILY_GAMMA;
          double k1 = g ? p->shape : p->df / 2, t1 = g ? p->scale : 2;
          double k2 = g ? q->shape : q->df / 2, t2 = g ? q->scale : 2;

          return (k1 - k2) * gsl_sf_psi (k1) - gsl_sf_lngamma (k1) + gsl_sf_lngamma (k2)
                 + k2 * log (t2 / t1) + k1 * (t1 - t2) / t2;
        }
      case LAB_FAMILY_BETA:
        {
          double a1 = p->alpha, b1 = p->beta, a2 = q->alpha, b2 = q->beta;

          return gsl_sf_lnbeta (a2, b2) - gsl_sf_lnbeta (a1, b1) + (a1 - a2) * gsl_sf_psi (a1)
                 + (b1 - b2) * gsl_sf_psi (b1) + (a2 - a1 + b2 - b1) * gsl_sf_psi (a1 + b1);
        }
      case LAB_FAMILY_LAPLACE:
        {
          double dm = fabs (p->mu - q->mu);

          return log (q->scale / p->scale) + dm / q->scale + p->scale / q->scale * exp (-dm / p->scale) - 1;
        }
      default:
        break;
      }
  return kl_numeric (p, q, method);
}

double
lab_dist_js (const LabDist       *p,
             const LabDist       *q,
             LabDivergenceMethod *method)
{
  LabDivergenceMethod dummy;
  double plo, phi, qlo, qhi, r;

  if (method == NULL)
    method = &dummy;
  if (lab_dist_is_discrete (p) != lab_dist_is_discrete (q))
    {
      /* one has atoms, the other a density: mutually singular, the maximum log 2 */
      *method = LAB_DIVERGENCE_CLOSED_FORM;
      return M_LN2;
    }
  lab_dist_support (p, &plo, &phi);
  lab_dist_support (q, &qlo, &qhi);
  if (lab_dist_is_discrete (p))
    {
      double top = MAX (discrete_top (p), discrete_top (q)), sum = 0;
      Pair pr = { p, q, 0 };

      for (double k = MIN (plo, qlo); k <= top; k++)
        sum += js_integrand (k, &pr);
      *method = LAB_DIVERGENCE_SUM;
      return sum;
    }
  {
    Pair pr = { p, q, 0 };
    gsl_function f = { js_integrand, &pr };
    int status = integrate (&f, p, q, MIN (plo, qlo), MAX (phi, qhi), &r);

    if (status != GSL_SUCCESS || !isfinite (r))
      {
        *method = LAB_DIVERGENCE_FAILED;
        return NAN;
      }
    *method = LAB_DIVERGENCE_QUADRATURE;
    return CLAMP (r, 0.0, M_LN2);
  }
}

/* ------------------------------------------------------------------ */
/* view range and sampling */

/* The central 1 − 2·tail of the distribution, clipped to its support (discrete: widened by one). */
void
lab_dist_range (const LabDist *d,
                double         tail,
                double        *lo,
                double        *hi)
{
  switch (d->family)
    {
    case LAB_FAMILY_BINOMIAL:
    case LAB_FAMILY_POISSON:
    case LAB_FAMILY_GEOMETRIC:
      {
        double slo, shi;

        lab_dist_support (d, &slo, &shi);
        *lo = lab_dist_discrete_quantile (d, tail);
        *hi = lab_dist_discrete_quantile (d, 1 - tail);
        *lo = MAX (slo, *lo - 1);
        *hi = MIN (shi, *hi + 1);
      }
      break;
    case LAB_FAMILY_BETA:
      *lo = 0, *hi = 1;
      break;
    case LAB_FAMILY_UNIFORM:
      *lo = d->a, *hi = d->b;
      break;
    case LAB_FAMILY_EXPONENTIAL:
    case LAB_FAMILY_LOGNORMAL:
      *lo = 0, *hi = lab_dist_quantile (d, 1 - tail);
      break;
    case LAB_FAMILY_GAMMA:
    case LAB_FAMILY_CHI_SQUARED:
      {
        double k = d->family == LAB_FAMILY_GAMMA ? d->shape : d->df / 2;

        *lo = k >= 3 ? lab_dist_quantile (d, tail) : 0;
        *hi = lab_dist_quantile (d, 1 - tail);
      }
      break;
    case LAB_FAMILY_STUDENT_T:
      /* heavy tails: the central 99.9 % of a Cauchy spans ±637σ; show the central 98 % below ν = 3 */
      if (d->df < 3)
        tail = MAX (tail, 0.01);
      *lo = lab_dist_quantile (d, tail);
      *hi = lab_dist_quantile (d, 1 - tail);
      break;
    default:
      *lo = lab_dist_quantile (d, tail);
      *hi = lab_dist_quantile (d, 1 - tail);
      break;
    }
}

double
lab_dist_sample (const LabDist *d,
                 gsl_rng       *rng)
{
  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      return d->mu + d->sigma * lab_rng_gaussian (rng);
    case LAB_FAMILY_BINOMIAL:
      return gsl_ran_binomial (rng, d->p, d->n);
    case LAB_FAMILY_POISSON:
      return gsl_ran_poisson (rng, d->lambda);
    case LAB_FAMILY_GEOMETRIC:
      return gsl_ran_geometric (rng, d->p);
    case LAB_FAMILY_BETA:
      return gsl_ran_beta (rng, d->alpha, d->beta);
    case LAB_FAMILY_EXPONENTIAL:
      return gsl_ran_exponential (rng, 1.0 / d->rate);
    case LAB_FAMILY_UNIFORM:
      return gsl_ran_flat (rng, d->a, d->b);
    case LAB_FAMILY_GAMMA:
      return gsl_ran_gamma (rng, d->shape, d->scale);
    case LAB_FAMILY_CHI_SQUARED:
      return gsl_ran_chisq (rng, d->df);
    case LAB_FAMILY_STUDENT_T:
      return d->mu + d->sigma * gsl_ran_tdist (rng, d->df);
    case LAB_FAMILY_LAPLACE:
      return d->mu + gsl_ran_laplace (rng, d->scale);
    case LAB_FAMILY_LOGNORMAL:
      return gsl_ran_lognormal (rng, d->mu, d->sigma);
    case LAB_FAMILY_MIXTURE:
      return gsl_rng_uniform (rng) < d->weight ? d->mu + d->sigma * lab_rng_gaussian (rng)
                                               : d->mu2 + d->sigma2 * lab_rng_gaussian (rng);
    default:
      g_assert_not_reached ();
    }
}
