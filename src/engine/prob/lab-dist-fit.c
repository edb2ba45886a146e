/* lab-dist-fit.c — maximum-likelihood fits of the distribution families
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "lab-dist-fit.h"

static const char *const names[LAB_N_FAMILIES][3] = {
  [LAB_FAMILY_NORMAL] = { "mu", "sigma" },
  [LAB_FAMILY_BINOMIAL] = { "p" },
  [LAB_FAMILY_POISSON] = { "lambda" },
  [LAB_FAMILY_BETA] = { "alpha", "beta" },
  [LAB_FAMILY_EXPONENTIAL] = { "rate" },
  [LAB_FAMILY_UNIFORM] = { "a", "b" },
  [LAB_FAMILY_GAMMA] = { "shape", "scale" },
  [LAB_FAMILY_STUDENT_T] = { "df", "sigma" },
  [LAB_FAMILY_LAPLACE] = { "mu", "scale" },
  [LAB_FAMILY_LOGNORMAL] = { "mu", "sigma" },
  [LAB_FAMILY_GEOMETRIC] = { "p" },
  [LAB_FAMILY_CHI_SQUARED] = { "df" },
  [LAB_FAMILY_MIXTURE] = { NULL },
};

guint
lab_dist_fit_n_params (LabFamily family)
{
  guint k = 0;

  while (k < 3 && names[family][k] != NULL)
    k++;
  return k;
}

const char *
lab_dist_fit_param_name (LabFamily family,
                         guint     i)
{
  return i < 3 ? names[family][i] : NULL;
}

static double *
slot (LabDist *d,
      guint    i)
{
  const char *name = names[d->family][i];

  if (g_str_equal (name, "mu"))
    return &d->mu;
  if (g_str_equal (name, "sigma"))
    return &d->sigma;
  if (g_str_equal (name, "p"))
    return &d->p;
  if (g_str_equal (name, "lambda"))
    return &d->lambda;
  if (g_str_equal (name, "alpha"))
    return &d->alpha;
  if (g_str_equal (name, "beta"))
    return &d->beta;
  if (g_str_equal (name, "rate"))
    return &d->rate;
  if (g_str_equal (name, "a"))
    return &d->a;
  if (g_str_equal (name, "b"))
    return &d->b;
  if (g_str_equal (name, "shape"))
    return &d->shape;
  if (g_str_equal (name, "scale"))
    return &d->scale;
  if (g_str_equal (name, "df"))
    return &d->df;
  g_assert_not_reached ();
}

double
lab_dist_fit_get_param (const LabDist *d,
                        guint          i)
{
  return *slot ((LabDist *) d, i);
}

void
lab_dist_fit_set_param (LabDist *d,
                        guint    i,
                        double   value)
{
  *slot (d, i) = value;
}

gssize
lab_dist_fit_first_outside (const LabDist *d,
                            const double  *x,
                            gsize          n,
                            const char   **why)
{
  for (gsize i = 0; i < n; i++)
    {
      double v = x[i];
      const char *w = NULL;

      switch (d->family)
        {
        case LAB_FAMILY_BINOMIAL:
          if (!(v >= 0 && v <= d->n && v == floor (v)))
            w = "a binomial count must be a whole number from 0 to n";
          break;
        case LAB_FAMILY_POISSON:
          if (!(v >= 0 && v == floor (v)))
            w = "a Poisson count must be a whole number ≥ 0";
          break;
        case LAB_FAMILY_GEOMETRIC:
          if (!(v >= 1 && v == floor (v)))
            w = "a geometric count must be a whole number ≥ 1";
          break;
        case LAB_FAMILY_EXPONENTIAL:
          if (!(v >= 0))
            w = "exponential values must be ≥ 0";
          break;
        case LAB_FAMILY_GAMMA:
        case LAB_FAMILY_LOGNORMAL:
        case LAB_FAMILY_CHI_SQUARED:
          if (!(v > 0))
            w = "values must be > 0 (the likelihood takes log x)";
          break;
        case LAB_FAMILY_BETA:
          if (!(v > 0 && v < 1))
            w = "beta values must lie strictly between 0 and 1";
          break;
        default:
          break;
        }
      if (w != NULL)
        {
          *why = w;
          return (gssize) i;
        }
    }
  *why = NULL;
  return -1;
}

static double
lab_dist_log_likelihood_generic (const LabDist *d,
                                 const double  *x,
                                 gsize          n)
{
  double ll = 0;

  for (gsize i = 0; i < n; i++)
    ll += log (lab_dist_pdf (d, x[i]));
  return ll;
}

double
lab_dist_log_likelihood (const LabDist *d,
                         const double  *x,
                         gsize          n)
{
  switch (d->family)
    {
    case LAB_FAMILY_STUDENT_T:
      {
        /* the normalising constant once, one log1p per value (the fit calls this hundreds of times) */
        double v = d->df, sum = 0;

        for (gsize i = 0; i < n; i++)
          {
            double z = (x[i] - d->mu) / d->sigma;

            sum += log1p (z * z / v);
          }
        return n * (gsl_sf_lngamma ((v + 1) / 2) - gsl_sf_lngamma (v / 2) - 0.5 * log (v * M_PI) - log (d->sigma))
               - (v + 1) / 2 * sum;
      }
    case LAB_FAMILY_BETA:
      {
        double s1 = 0, s2 = 0;

        for (gsize i = 0; i < n; i++)
          {
            if (!(x[i] > 0 && x[i] < 1))
              return lab_dist_log_likelihood_generic (d, x, n);   /* an end or outside: the density decides */
            s1 += log (x[i]), s2 += log1p (-x[i]);
          }
        return (d->alpha - 1) * s1 + (d->beta - 1) * s2 - n * gsl_sf_lnbeta (d->alpha, d->beta);
      }
    default:
      return lab_dist_log_likelihood_generic (d, x, n);
    }
}

/* ---- gamma and chi-squared: the score equation log k − ψ(k) = s in the shape ---- */

typedef struct { double s; } ShapeEq;

static double
gamma_shape_f (double k, void *data)
{
  return log (k) - gsl_sf_psi (k) - ((ShapeEq *) data)->s;
}

/* log k − ψ(k) falls from +∞ to 0: Brent between brackets that straddle s */
static double
solve_gamma_shape (double s)
{
  ShapeEq eq = { s };
  gsl_function f = { gamma_shape_f, &eq };
  gsl_root_fsolver *solver = gsl_root_fsolver_alloc (gsl_root_fsolver_brent);
  double lo = 1e-8, hi = 1e8, k = (3 - s + sqrt ((s - 3) * (s - 3) + 24 * s)) / (12 * s);   /* Minka's start */

  if (gsl_root_fsolver_set (solver, &f, lo, hi) == GSL_SUCCESS)
    for (int it = 0; it < 300; it++)
      {
        gsl_root_fsolver_iterate (solver);
        k = gsl_root_fsolver_root (solver);
        if (gsl_root_test_interval (gsl_root_fsolver_x_lower (solver), gsl_root_fsolver_x_upper (solver),
                                    0, 1e-15) == GSL_SUCCESS)
          break;
      }
  gsl_root_fsolver_free (solver);
  return k;
}

static double
chi2_df_f (double k, void *data)
{
  return gsl_sf_psi (k / 2) - ((ShapeEq *) data)->s;
}

/* ---- beta and Student-t: Nelder–Mead on the log of the free parameters ---- */

typedef struct
{
  LabDist       d;
  const double *x;
  gsize         n;
  guint         k;
  double        s1, s2;   /* beta: Σ log x, Σ log(1 − x) */
} NegLL;

static double
neg_ll (const gsl_vector *v, void *data)
{
  NegLL *t = data;
  double ll;

  for (guint i = 0; i < t->k; i++)
    lab_dist_fit_set_param (&t->d, i, exp (gsl_vector_get (v, i)));
  if (t->d.family == LAB_FAMILY_BETA)
    /* Σ log x and Σ log(1 − x) are sufficient: O(1) per evaluation */
    ll = (t->d.alpha - 1) * t->s1 + (t->d.beta - 1) * t->s2 - t->n * gsl_sf_lnbeta (t->d.alpha, t->d.beta);
  else
    ll = lab_dist_log_likelihood (&t->d, t->x, t->n);
  return isfinite (ll) ? -ll : 1e300;
}

static void
nelder_mead (LabDist      *d,
             const double *x,
             gsize         n)
{
  NegLL t = { *d, x, n, lab_dist_fit_n_params (d->family), 0, 0 };
  gsl_multimin_function f = { neg_ll, t.k, &t };
  gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc (gsl_multimin_fminimizer_nmsimplex2, t.k);
  gsl_vector *v = gsl_vector_alloc (t.k), *step = gsl_vector_alloc (t.k);

  if (d->family == LAB_FAMILY_BETA)
    for (gsize i = 0; i < n; i++)
      t.s1 += log (x[i]), t.s2 += log1p (-x[i]);
  for (guint i = 0; i < t.k; i++)
    {
      gsl_vector_set (v, i, log (lab_dist_fit_get_param (d, i)));
      gsl_vector_set (step, i, 0.3);
    }
  gsl_multimin_fminimizer_set (s, &f, v, step);
  for (int it = 0; it < 2000; it++)
    {
      if (gsl_multimin_fminimizer_iterate (s) != GSL_SUCCESS)
        break;
      if (gsl_multimin_test_size (gsl_multimin_fminimizer_size (s), 1e-10) == GSL_SUCCESS)
        break;
    }
  for (guint i = 0; i < t.k; i++)
    lab_dist_fit_set_param (d, i, exp (gsl_vector_get (s->x, i)));
  gsl_multimin_fminimizer_free (s);
  gsl_vector_free (v);
  gsl_vector_free (step);
}

gboolean
lab_dist_fit (LabDist      *d,
              const double *x,
              gsize         n)
{
  double mean = gsl_stats_mean (x, 1, n);
  double var0 = gsl_stats_variance_with_fixed_mean (x, 1, n, mean);   /* divisor n */

  switch (d->family)
    {
    case LAB_FAMILY_NORMAL:
      d->mu = mean, d->sigma = sqrt (var0);
      return TRUE;
    case LAB_FAMILY_EXPONENTIAL:
      d->rate = 1 / mean;
      return TRUE;
    case LAB_FAMILY_POISSON:
      d->lambda = mean;
      return TRUE;
    case LAB_FAMILY_GEOMETRIC:
      d->p = 1 / mean;
      return TRUE;
    case LAB_FAMILY_BINOMIAL:
      d->p = mean / d->n;
      return TRUE;
    case LAB_FAMILY_UNIFORM:
      gsl_stats_minmax (&d->a, &d->b, x, 1, n);
      return TRUE;
    case LAB_FAMILY_LOGNORMAL:
    case LAB_FAMILY_GAMMA:
    case LAB_FAMILY_CHI_SQUARED:
    case LAB_FAMILY_BETA:
      {
        double sl = 0, sl1m = 0;

        for (gsize i = 0; i < n; i++)
          {
            double l = log (x[i]);

            sl += l;
            if (d->family == LAB_FAMILY_BETA)
              sl1m += log1p (-x[i]);
          }
        sl /= n, sl1m /= n;
        if (d->family == LAB_FAMILY_LOGNORMAL)
          {
            d->mu = sl;
            /* the sd of log x with divisor n, two-pass */
            {
              double s2 = 0;

              for (gsize i = 0; i < n; i++)
                s2 += (log (x[i]) - sl) * (log (x[i]) - sl);
              d->sigma = sqrt (s2 / n);
            }
          }
        else if (d->family == LAB_FAMILY_GAMMA)
          {
            d->shape = solve_gamma_shape (log (mean) - sl);
            d->scale = mean / d->shape;
          }
        else if (d->family == LAB_FAMILY_CHI_SQUARED)
          {
            /* d/dk: ½(E[log x] − log 2 − ψ(k/2)) = 0 */
            ShapeEq eq = { sl - M_LN2 };
            gsl_function f = { chi2_df_f, &eq };
            gsl_root_fsolver *s = gsl_root_fsolver_alloc (gsl_root_fsolver_brent);

            d->df = mean;
            if (gsl_root_fsolver_set (s, &f, 1e-8, 1e8) == GSL_SUCCESS)
              for (int it = 0; it < 300; it++)
                {
                  gsl_root_fsolver_iterate (s);
                  d->df = gsl_root_fsolver_root (s);
                  if (gsl_root_test_interval (gsl_root_fsolver_x_lower (s), gsl_root_fsolver_x_upper (s),
                                              0, 1e-15) == GSL_SUCCESS)
                    break;
                }
            gsl_root_fsolver_free (s);
          }
        else
          {
            /* beta: start at the method of moments, then maximise (sl, sl1m are its
             * sufficient statistics; the likelihood is evaluated in full) */
            (void) sl1m;
            double c = mean * (1 - mean) / MAX (var0, 1e-12) - 1;

            d->alpha = MAX (mean * c, 1e-3);
            d->beta = MAX ((1 - mean) * c, 1e-3);
            nelder_mead (d, x, n);
          }
        return TRUE;
      }
    case LAB_FAMILY_LAPLACE:
      {
        g_autofree double *s = g_memdup2 (x, n * sizeof (double));
        double dev = 0;

        gsl_sort (s, 1, n);
        d->mu = gsl_stats_median_from_sorted_data (s, 1, n);
        for (gsize i = 0; i < n; i++)
          dev += fabs (x[i] - d->mu);
        d->scale = dev / n;
        return TRUE;
      }
    case LAB_FAMILY_STUDENT_T:
      {
        /* location fixed at d->mu: start at ν = 5 and the scale that matches the spread */
        double s2 = 0;

        for (gsize i = 0; i < n; i++)
          s2 += (x[i] - d->mu) * (x[i] - d->mu);
        d->df = 5;
        d->sigma = sqrt (s2 / n * 3 / 5);
        nelder_mead (d, x, n);
        return TRUE;
      }
    case LAB_FAMILY_MIXTURE:
    default:
      return FALSE;
    }
}
