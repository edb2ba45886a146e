/* lab-gmm.c — EM for Gaussian mixtures
 *
 * The E- and M-steps are hand-written because they are the lesson: the topic
 * shows the responsibilities after each E-step and the ellipses after each
 * M-step. The linear algebra is GSL's: a Cholesky factor Σ = LLᵀ per
 * component (gsl_linalg_cholesky_decomp1) gives log det Σ = 2 Σ log Lⱼⱼ and
 * the Mahalanobis distance ‖L⁻¹(x − μ)‖² by a triangular solve
 * (gsl_blas_dtrsv). Log-likelihoods are summed with log-sum-exp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "lab-error.h"
#include "lab-gmm.h"

struct _LabGmm
{
  const double     *x;
  gsize             n;
  guint             d, k;
  LabGmmCovariance  type;
  double            reg;
  double           *weights;    /* k */
  double           *means;      /* k × d */
  double           *cov;        /* k × d × d */
  double           *chol;       /* k × d × d, lower factors */
  double           *log_det;    /* k: log det Σₖ */
  double           *resp;       /* n × k */
  double           *nk;         /* k */
  double           *diff;       /* d scratch */
};

static const char * const type_names[] = { "full", "tied", "diag", "spherical" };

const char *
lab_gmm_covariance_to_string (LabGmmCovariance type)
{
  g_return_val_if_fail (type <= LAB_GMM_SPHERICAL, NULL);
  return type_names[type];
}

LabGmm *
lab_gmm_new (const double     *x,
             gsize             n,
             guint             d,
             guint             k,
             LabGmmCovariance  type,
             double            reg_covar)
{
  LabGmm *self;
  gsize dd = (gsize) d * d;

  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (d >= 1 && k >= 1 && k <= n, NULL);
  g_return_val_if_fail (type <= LAB_GMM_SPHERICAL, NULL);
  g_return_val_if_fail (reg_covar >= 0, NULL);

  self = g_new0 (LabGmm, 1);
  self->x = x;
  self->n = n;
  self->d = d;
  self->k = k;
  self->type = type;
  self->reg = reg_covar;
  self->weights = g_new0 (double, k);
  self->means = g_new0 (double, (gsize) k * d);
  self->cov = g_new0 (double, k * dd);
  self->chol = g_new0 (double, k * dd);
  self->log_det = g_new0 (double, k);
  self->resp = g_new0 (double, n * k);
  self->nk = g_new0 (double, k);
  self->diff = g_new0 (double, d);
  return self;
}

void
lab_gmm_free (LabGmm *self)
{
  if (self == NULL)
    return;
  g_free (self->weights);
  g_free (self->means);
  g_free (self->cov);
  g_free (self->chol);
  g_free (self->log_det);
  g_free (self->resp);
  g_free (self->nk);
  g_free (self->diff);
  g_free (self);
}

guint
lab_gmm_n_parameters (LabGmmCovariance type,
                      guint            k,
                      guint            d)
{
  guint cov = 0;

  switch (type)
    {
    case LAB_GMM_FULL: cov = k * d * (d + 1) / 2; break;
    case LAB_GMM_TIED: cov = d * (d + 1) / 2; break;
    case LAB_GMM_DIAG: cov = k * d; break;
    case LAB_GMM_SPHERICAL: cov = k; break;
    default: g_return_val_if_reached (0);
    }
  return cov + k * d + k - 1;
}

/* Factors every covariance; the matrices in self->cov are already in the type's form. */
static gboolean
factor (LabGmm  *self,
        GError **error)
{
  const guint d = self->d;
  const gsize dd = (gsize) d * d;

  for (guint c = 0; c < self->k; c++)
    {
      gsl_matrix_view L = gsl_matrix_view_array (self->chol + c * dd, d, d);
      double ld = 0;
      int status;

      memcpy (self->chol + c * dd, self->cov + c * dd, dd * sizeof (double));
      status = gsl_linalg_cholesky_decomp1 (&L.matrix);
      if (status != GSL_SUCCESS)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC,
                       _("the covariance of component %u is not positive definite (it collapsed onto "
                         "too few points): raise reg-covar or lower k"), c + 1);
          return FALSE;
        }
      for (guint j = 0; j < d; j++)
        {
          double l = gsl_matrix_get (&L.matrix, j, j);

          ld += log (l);
          for (guint m = j + 1; m < d; m++)
            gsl_matrix_set (&L.matrix, j, m, 0);   /* keep only the lower factor */
        }
      self->log_det[c] = 2 * ld;
    }
  return TRUE;
}

/* Brings the matrices of self->cov into the form of the type: tied copies the first to all,
 * diag zeroes the off-diagonal, spherical also averages the diagonal. */
static void
impose_type (LabGmm *self)
{
  const guint d = self->d, k = self->k;
  const gsize dd = (gsize) d * d;

  for (guint c = 0; c < k; c++)
    {
      double *S = self->cov + c * dd;

      if (self->type == LAB_GMM_TIED && c > 0)
        memcpy (S, self->cov, dd * sizeof (double));
      if (self->type == LAB_GMM_DIAG || self->type == LAB_GMM_SPHERICAL)
        {
          double mean = 0;

          for (guint j = 0; j < d; j++)
            mean += S[j * d + j] / d;
          for (guint j = 0; j < d; j++)
            for (guint m = 0; m < d; m++)
              if (j != m)
                S[j * d + m] = 0;
              else if (self->type == LAB_GMM_SPHERICAL)
                S[j * d + m] = mean;
        }
    }
}

gboolean
lab_gmm_set_parameters (LabGmm        *self,
                        const double  *weights,
                        const double  *means,
                        const double  *covariances,
                        GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  memcpy (self->weights, weights, self->k * sizeof (double));
  memcpy (self->means, means, (gsize) self->k * self->d * sizeof (double));
  memcpy (self->cov, covariances, (gsize) self->k * self->d * self->d * sizeof (double));
  impose_type (self);
  return factor (self, error);
}

double
lab_gmm_e_step (LabGmm *self)
{
  const guint d = self->d, k = self->k;
  const gsize dd = (gsize) d * d;
  const double log_2pi = log (2 * G_PI);
  double total = 0;
  gsl_vector_view z = gsl_vector_view_array (self->diff, d);
  g_autofree double *log_w = g_new (double, k);
  g_autofree double *inv_diag = g_new (double, (gsize) k * MIN (d, 8));

  for (guint c = 0; c < k; c++)
    log_w[c] = log (self->weights[c]) - 0.5 * (d * log_2pi + self->log_det[c]);

  for (guint c = 0; c < k && d <= 8; c++)
    for (guint j = 0; j < d; j++)
      inv_diag[c * d + j] = 1.0 / self->chol[c * dd + j * d + j];

  for (gsize i = 0; i < self->n; i++)
    {
      const double *xi = self->x + i * d;
      double *r = self->resp + i * k;
      double top = -INFINITY, sum = 0, lse;

      for (guint c = 0; c < k; c++)
        {
          const double *mu = self->means + (gsize) c * d;
          const double *l = self->chol + c * dd;
          double maha = 0;

          if (d == 2)
            {
              /* the plotted plane, written out: z = L⁻¹(x − μ) for a 2 × 2 factor */
              double z0 = (xi[0] - mu[0]) * inv_diag[2 * c];
              double z1 = (xi[1] - mu[1] - l[2] * z0) * inv_diag[2 * c + 1];

              maha = z0 * z0 + z1 * z1;
            }
          else if (d <= 8)
            {
              /* forward substitution z = L⁻¹(x − μ) written out: for the few columns of the
               * plotted data a BLAS call per point and component costs more than the arithmetic */
              for (guint j = 0; j < d; j++)
                self->diff[j] = xi[j] - mu[j];
              for (guint j = 0; j < d; j++)
                {
                  double v = self->diff[j];

                  for (guint m = 0; m < j; m++)
                    v -= l[j * d + m] * self->diff[m];
                  self->diff[j] = v * inv_diag[c * d + j];
                  maha += self->diff[j] * self->diff[j];
                }
            }
          else
            {
              gsl_matrix_const_view L = gsl_matrix_const_view_array (l, d, d);

              for (guint j = 0; j < d; j++)
                self->diff[j] = xi[j] - mu[j];
              gsl_blas_dtrsv (CblasLower, CblasNoTrans, CblasNonUnit, &L.matrix, &z.vector);
              for (guint j = 0; j < d; j++)
                maha += self->diff[j] * self->diff[j];
            }
          r[c] = log_w[c] - 0.5 * maha;
          top = MAX (top, r[c]);
        }
      /* one exponential per component, rᵢₖ = exp(ℓₖ − top) / Σ exp(ℓ − top); below −746 the
       * exponential is exactly 0, and libm's underflow path is slow */
      for (guint c = 0; c < k; c++)
        {
          double e = r[c] - top;

          sum += r[c] = e < -746 ? 0.0 : exp (e);
        }
      lse = top + log (sum);
      for (guint c = 0; c < k; c++)
        r[c] /= sum;
      total += lse;
    }
  return total / self->n;
}

/* The M-step from the responsibilities in self->resp. */
static gboolean
m_step (LabGmm  *self,
        GError **error)
{
  const guint d = self->d, k = self->k;
  const gsize dd = (gsize) d * d;
  double total = 0;

  memset (self->means, 0, (gsize) k * d * sizeof (double));
  memset (self->cov, 0, k * dd * sizeof (double));
  for (guint c = 0; c < k; c++)
    self->nk[c] = 10 * DBL_EPSILON;   /* scikit-learn's guard against empty components */
  for (gsize i = 0; i < self->n; i++)
    {
      const double *xi = self->x + i * d;
      const double *r = self->resp + i * k;

      for (guint c = 0; c < k; c++)
        {
          double *mu = self->means + (gsize) c * d;

          self->nk[c] += r[c];
          for (guint j = 0; j < d; j++)
            mu[j] += r[c] * xi[j];
        }
    }
  for (guint c = 0; c < k; c++)
    {
      total += self->nk[c];
      for (guint j = 0; j < d; j++)
        self->means[(gsize) c * d + j] /= self->nk[c];
    }

  /* Σₖ = Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ / nₖ; tied: the sum over k divided by Σₖ nₖ (the
   * centred form of scikit-learn's (XᵀX − Σₖ nₖ μₖμₖᵀ) / Σₖ nₖ, which cancels less) */
  if (d == 2)
    {
      /* the plotted plane, written out (the same sums in the same order as below) */
      gboolean diagonal = self->type == LAB_GMM_DIAG || self->type == LAB_GMM_SPHERICAL;
      gboolean tied = self->type == LAB_GMM_TIED;

      for (gsize i = 0; i < self->n; i++)
        {
          const double *xi = self->x + i * 2;
          const double *r = self->resp + i * k;

          for (guint c = 0; c < k; c++)
            {
              const double *mu = self->means + (gsize) c * 2;
              double *S = self->cov + (tied ? 0 : c * 4);
              double d0 = xi[0] - mu[0], d1 = xi[1] - mu[1];
              double a0 = r[c] * d0, a1 = r[c] * d1;

              S[0] += a0 * d0;
              if (!diagonal)
                S[2] += a1 * d0;
              S[3] += a1 * d1;
            }
        }
    }
  else
    {
    for (gsize i = 0; i < self->n; i++)
      {
        const double *xi = self->x + i * d;
        const double *r = self->resp + i * k;

        for (guint c = 0; c < k; c++)
          {
            const double *mu = self->means + (gsize) c * d;
            double *S = self->cov + (self->type == LAB_GMM_TIED ? 0 : c * dd);
            gboolean diagonal = self->type == LAB_GMM_DIAG || self->type == LAB_GMM_SPHERICAL;

            for (guint j = 0; j < d; j++)
              self->diff[j] = xi[j] - mu[j];
            for (guint j = 0; j < d; j++)
              {
                double a = r[c] * self->diff[j];

                if (diagonal)
                  S[j * d + j] += a * self->diff[j];
                else
                  for (guint m = 0; m <= j; m++)
                    S[j * d + m] += a * self->diff[m];
              }
          }
      }
    }
  for (guint c = 0; c < (self->type == LAB_GMM_TIED ? 1 : k); c++)
    {
      double *S = self->cov + c * dd;
      double norm = self->type == LAB_GMM_TIED ? total : self->nk[c];

      for (guint j = 0; j < d; j++)
        {
          for (guint m = 0; m <= j; m++)
            {
              S[j * d + m] /= norm;
              S[m * d + j] = S[j * d + m];
            }
          S[j * d + j] += self->reg;
        }
    }
  for (guint c = 0; c < k; c++)
    self->weights[c] = self->nk[c] / total;
  impose_type (self);
  return factor (self, error);
}

gboolean
lab_gmm_m_step (LabGmm  *self,
                GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return m_step (self, error);
}

gboolean
lab_gmm_init_from_labels (LabGmm       *self,
                          const guint  *labels,
                          GError      **error)
{
  g_return_val_if_fail (self != NULL && labels != NULL, FALSE);

  memset (self->resp, 0, self->n * self->k * sizeof (double));
  for (gsize i = 0; i < self->n; i++)
    self->resp[i * self->k + MIN (labels[i], self->k - 1)] = 1;
  return m_step (self, error);
}

guint
lab_gmm_get_k (LabGmm *self)
{
  return self->k;
}

const double *
lab_gmm_get_weights (LabGmm *self)
{
  return self->weights;
}

const double *
lab_gmm_get_means (LabGmm *self)
{
  return self->means;
}

const double *
lab_gmm_get_covariances (LabGmm *self)
{
  return self->cov;
}

const double *
lab_gmm_get_resp (LabGmm *self)
{
  return self->resp;
}

void
lab_gmm_get_labels (LabGmm *self,
                    guint  *labels)
{
  for (gsize i = 0; i < self->n; i++)
    {
      const double *r = self->resp + i * self->k;
      guint best = 0;

      for (guint c = 1; c < self->k; c++)
        if (r[c] > r[best])
          best = c;
      labels[i] = best;
    }
}
