/* distributions-compute.c — the distributions topic on the worker: samples, histogram, ECDF, moments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

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

LabDist
dist_from_params (LabParams *params)
{
  LabDist d;

  d.family = (LabFamily) lab_params_get_enum (params, "distribution");
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
  d = dist_from_params (params);
  return lab_dist_pdf (&d, x);
}

double
lab_distributions_cdf (LabParams *params,
                       double     x)
{
  LabDist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), NAN);
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
  d = dist_from_params (params);
  lab_dist_moments (&d, mean, variance, skewness, excess_kurtosis);
}

gboolean
lab_distributions_is_discrete (LabParams *params)
{
  LabDist d;

  g_return_val_if_fail (LAB_IS_DISTRIBUTIONS_PARAMS (params), FALSE);
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

  if (d.family == LAB_FAMILY_UNIFORM && !(d.a < d.b))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("uniform: a (%g) must be less than b (%g)"), d.a, d.b);
      return NULL;
    }

  self->dist = d;
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
      for (gsize i = 0; i < m; i++)
        lab_moments_add (&self->moments, block[i]);

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

