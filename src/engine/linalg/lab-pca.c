/* lab-pca.c — PCA: covariance by BLAS, eigenvectors by GSL
 *
 * The covariance is one symmetric rank-n update of the centred data
 * (gsl_blas_dsyrk), and the eigenproblem is GSL's (gsl_eigen_symmv): the
 * lesson here is what the eigenvectors mean, not how to find them. Only the
 * power iteration is written out, because the topic shows it step by step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>

#include "lab-error.h"
#include "lab-pca.h"

#define CHUNK 4096   /* rows centred and multiplied at a time (bounded memory, cancellation points) */

void
lab_pca_free (LabPca *pca)
{
  if (pca == NULL)
    return;
  g_free (pca->mean);
  g_free (pca->scale);
  g_free (pca->covariance);
  g_free (pca->correlation);
  g_free (pca->eigenvalues);
  g_free (pca->explained_variance_ratio);
  g_free (pca->components);
  g_free (pca);
}

LabPca *
lab_pca_compute (const double        *x,
                 gsize                n,
                 guint                d,
                 gboolean             standardize,
                 const char * const  *names,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autoptr(LabPca) pca = NULL;
  g_autofree double *block = NULL;
  g_autofree double *work = NULL;
  gsl_eigen_symmv_workspace *ws;
  gsl_matrix_view C, V;
  gsl_vector_view L;
  g_autofree double *evec = NULL;
  double total = 0;
  int status;

  g_return_val_if_fail (x != NULL && d >= 1, NULL);

  if (n < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("PCA needs at least 2 complete rows, not %lu"), (unsigned long) n);
      return NULL;
    }

  pca = g_new0 (LabPca, 1);
  pca->n = n;
  pca->d = d;
  pca->standardized = standardize;
  pca->mean = g_new0 (double, d);
  pca->scale = g_new (double, d);
  pca->covariance = g_new0 (double, (gsize) d * d);
  pca->correlation = g_new0 (double, (gsize) d * d);
  pca->eigenvalues = g_new0 (double, d);
  pca->explained_variance_ratio = g_new0 (double, d);
  pca->components = g_new0 (double, (gsize) d * d);

  /* the mean by pairwise-free compensated summation is overkill here: two passes (mean,
   * then centred products) already avoid the cancellation of Σx² − n·x̄² */
  for (gsize i = 0; i < n; i++)
    for (guint j = 0; j < d; j++)
      pca->mean[j] += x[i * d + j];
  for (guint j = 0; j < d; j++)
    pca->mean[j] /= n;

  block = g_new (double, (gsize) CHUNK * d);
  C = gsl_matrix_view_array (pca->covariance, d, d);
  for (gsize start = 0; start < n; start += CHUNK)
    {
      gsize rows = MIN (CHUNK, n - start);
      gsl_matrix_view B = gsl_matrix_view_array (block, rows, d);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (gsize i = 0; i < rows; i++)
        for (guint j = 0; j < d; j++)
          block[i * d + j] = x[(start + i) * d + j] - pca->mean[j];
      /* C += Bᵀ B (lower triangle) */
      gsl_blas_dsyrk (CblasLower, CblasTrans, 1.0, &B.matrix, 1.0, &C.matrix);
    }
  for (guint j = 0; j < d; j++)
    for (guint m = 0; m <= j; m++)
      {
        double v = pca->covariance[j * d + m] / (n - 1);

        pca->covariance[j * d + m] = v;
        pca->covariance[m * d + j] = v;
      }

  for (guint j = 0; j < d; j++)
    {
      double s = sqrt (pca->covariance[j * d + j]);

      pca->scale[j] = 1;
      if (!(s > 0) || s <= 1e-12 * (fabs (pca->mean[j]) + DBL_MIN))
        {
          if (standardize)
            {
              g_autofree char *fallback = g_strdup_printf ("%u", j + 1);

              g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                           _("column “%s” is constant (every value %g): it has no standard deviation to "
                             "divide by; drop it or set standardize=false"),
                           names != NULL ? names[j] : fallback, pca->mean[j]);
              return NULL;
            }
          s = NAN;
        }
      else if (standardize)
        pca->scale[j] = s;
      pca->correlation[j * d + j] = s;   /* the standard deviations, for a moment */
    }
  for (guint j = 0; j < d; j++)
    for (guint m = 0; m < d; m++)
      if (j != m)
        pca->correlation[j * d + m] = pca->covariance[j * d + m]
                                      / (pca->correlation[j * d + j] * pca->correlation[m * d + m]);
  for (guint j = 0; j < d; j++)
    pca->correlation[j * d + j] = isnan (pca->correlation[j * d + j]) ? NAN : 1.0;

  /* the eigenproblem of the matrix PCA is about */
  work = g_memdup2 (standardize ? pca->correlation : pca->covariance, (gsize) d * d * sizeof (double));
  evec = g_new (double, (gsize) d * d);
  C = gsl_matrix_view_array (work, d, d);
  V = gsl_matrix_view_array (evec, d, d);
  L = gsl_vector_view_array (pca->eigenvalues, d);
  ws = gsl_eigen_symmv_alloc (d);
  status = gsl_eigen_symmv (&C.matrix, &L.vector, &V.matrix, ws);
  gsl_eigen_symmv_free (ws);
  if (status != GSL_SUCCESS)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC, _("the eigen-decomposition failed: %s"),
                   gsl_strerror (status));
      return NULL;
    }
  gsl_eigen_symmv_sort (&L.vector, &V.matrix, GSL_EIGEN_SORT_VAL_DESC);

  for (guint i = 0; i < d; i++)
    {
      double *row = pca->components + (gsize) i * d;
      guint arg = 0;

      for (guint j = 0; j < d; j++)
        row[j] = evec[j * d + i];   /* column i of V */
      for (guint j = 1; j < d; j++)
        if (fabs (row[j]) > fabs (row[arg]) * (1 + 1e-12))
          arg = j;
      if (row[arg] < 0)
        for (guint j = 0; j < d; j++)
          row[j] = -row[j];
      total += MAX (pca->eigenvalues[i], 0);
    }
  for (guint i = 0; i < d; i++)
    pca->explained_variance_ratio[i] = total > 0 ? MAX (pca->eigenvalues[i], 0) / total : 0;

  pca->rank_tol = MAX (pca->eigenvalues[0], 0) * d * DBL_EPSILON;
  pca->rank = 0;
  for (guint i = 0; i < d; i++)
    if (pca->eigenvalues[i] > pca->rank_tol)
      pca->rank++;
  return g_steal_pointer (&pca);
}

void
lab_pca_project (const LabPca *pca,
                 const double *x,
                 gsize         n,
                 guint         m,
                 double       *scores)
{
  const guint d = pca->d;

  g_return_if_fail (m <= d);

  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < m; c++)
      {
        const double *v = pca->components + (gsize) c * d;
        double s = 0;

        for (guint j = 0; j < d; j++)
          s += (x[i * d + j] - pca->mean[j]) / pca->scale[j] * v[j];
        scores[i * m + c] = s;
      }
}

double
lab_pca_reconstruction_error (const LabPca *pca,
                              guint         m)
{
  double rest = 0;

  for (guint i = m; i < pca->d; i++)
    rest += MAX (pca->eigenvalues[i], 0);
  return rest * (pca->n - 1) / ((double) pca->n * pca->d);
}

void
lab_power_iteration (const double *matrix,
                     guint         d,
                     const double *v0,
                     guint         steps,
                     double       *vectors,
                     double       *rayleigh)
{
  gsl_matrix_const_view A = gsl_matrix_const_view_array (matrix, d, d);
  g_autofree double *av = g_new (double, d);
  gsl_vector_view w = gsl_vector_view_array (av, d);
  double norm = 0;

  for (guint j = 0; j < d; j++)
    norm += v0[j] * v0[j];
  norm = sqrt (norm);
  for (guint j = 0; j < d; j++)
    vectors[j] = norm > 0 ? v0[j] / norm : (j == 0);

  for (guint t = 0; t <= steps; t++)
    {
      double *v = vectors + (gsize) t * d;
      gsl_vector_view vv = gsl_vector_view_array (v, d);
      double q = 0, len = 0;

      gsl_blas_dsymv (CblasLower, 1.0, &A.matrix, &vv.vector, 0.0, &w.vector);
      for (guint j = 0; j < d; j++)
        {
          q += v[j] * av[j];
          len += av[j] * av[j];
        }
      rayleigh[t] = q;
      if (t == steps)
        break;
      len = sqrt (len);
      for (guint j = 0; j < d; j++)
        v[d + j] = len > 0 ? av[j] / len : v[j];
    }
}
