/* lab-kernel-ridge.c — kernel ridge regression and its primal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_sf_gamma.h>

#include "lab-error.h"
#include "lab-kernel-ridge.h"
#include "lab-linalg.h"

void
lab_kernel_ridge_free (LabKernelRidge *krr)
{
  if (krr == NULL)
    return;
  g_free (krr->x);
  g_free (krr->alpha);
  g_free (krr);
}

/* Solves A x = b for a symmetric n × n @a (overwritten): Cholesky, as scikit-learn
 * (scipy.linalg.solve with assume_a="pos"), or LU when A is not positive definite. */
static gboolean
solve_symmetric (double   *a,
                 gsize     n,
                 double   *b,
                 gboolean *cholesky)
{
  gsl_matrix_view av = gsl_matrix_view_array (a, n, n);
  gsl_vector_view bv = gsl_vector_view_array (b, n);
  g_autofree double *copy = g_memdup2 (a, sizeof (double) * n * n);
  int status;

  status = gsl_linalg_cholesky_decomp1 (&av.matrix);
  if (status == GSL_SUCCESS)
    {
      *cholesky = TRUE;
      return gsl_linalg_cholesky_svx (&av.matrix, &bv.vector) == GSL_SUCCESS;
    }
  else
    {
      gsl_matrix_view cv = gsl_matrix_view_array (copy, n, n);
      gsl_permutation *perm = gsl_permutation_alloc (n);
      int sign;
      gboolean ok;

      *cholesky = FALSE;
      ok = gsl_linalg_LU_decomp (&cv.matrix, perm, &sign) == GSL_SUCCESS
           && fabs (gsl_linalg_LU_det (&cv.matrix, sign)) > 0
           && gsl_linalg_LU_svx (&cv.matrix, perm, &bv.vector) == GSL_SUCCESS;
      gsl_permutation_free (perm);
      for (gsize i = 0; ok && i < n; i++)
        ok = isfinite (b[i]);
      return ok;
    }
}

LabKernelRidge *
lab_kernel_ridge_fit (const LabKernel  *kernel,
                      const double     *x,
                      gsize             n,
                      guint             d,
                      const double     *y,
                      double            lambda,
                      GError          **error)
{
  g_autoptr(LabKernelRidge) krr = NULL;
  g_autofree double *k = NULL;

  g_return_val_if_fail (kernel != NULL && x != NULL && y != NULL && d > 0, NULL);
  if (!(lambda > 0) || !isfinite (lambda))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("lambda: must be a number greater than 0, not %g"), lambda);
      return NULL;
    }
  if (kernel->kind != LAB_KERNEL_LINEAR && (!(kernel->gamma > 0) || !isfinite (kernel->gamma)))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("gamma: must be a number greater than 0, not %g"), kernel->gamma);
      return NULL;
    }
  if (n == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("kernel ridge regression needs at least one training row"));
      return NULL;
    }
  krr = g_new0 (LabKernelRidge, 1);
  krr->kernel = *kernel;
  krr->n = (guint) n;
  krr->d = d;
  krr->lambda = lambda;
  krr->x = g_memdup2 (x, sizeof (double) * n * d);
  krr->alpha = g_memdup2 (y, sizeof (double) * n);
  k = g_new (double, n * n);
  lab_kernel_matrix (kernel, x, n, x, n, d, k);
  for (gsize i = 0; i < n; i++)
    k[i * n + i] += lambda;
  if (!solve_symmetric (k, n, krr->alpha, &krr->cholesky))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC,
                   _("K + λI is singular for lambda = %g: the kernel is not positive semi-definite here "
                     "(choose a larger lambda or another kernel)"), lambda);
      return NULL;
    }
  return g_steal_pointer (&krr);
}

void
lab_kernel_ridge_predict (const LabKernelRidge *krr,
                          const double         *x,
                          gsize                 m,
                          double               *out)
{
  g_autofree double *k = NULL;

  g_return_if_fail (krr != NULL);
  if (m == 0)
    return;
  k = g_new (double, m * krr->n);
  lab_kernel_matrix (&krr->kernel, x, m, krr->x, krr->n, krr->d, k);
  lab_gemm (FALSE, FALSE, m, 1, krr->n, 1.0, k, krr->n, krr->alpha, 1, 0.0, out, 1);
}

guint
lab_kernel_feature_map_1d (const LabKernel *kernel,
                           const double    *x,
                           gsize            n,
                           double          *out)
{
  double coef[32];
  guint degree, width = 0, keep[32];

  g_return_val_if_fail (kernel != NULL, 0);
  if (kernel->kind == LAB_KERNEL_LINEAR)
    {
      memcpy (out, x, sizeof (double) * n);
      return 1;
    }
  if (kernel->kind != LAB_KERNEL_POLY || kernel->coef0 < 0 || kernel->degree < 1 || kernel->degree > 30)
    return 0;
  degree = (guint) kernel->degree;
  for (guint k = 0; k <= degree; k++)
    {
      coef[k] = gsl_sf_choose (degree, k) * pow (kernel->coef0, degree - k) * pow (kernel->gamma, k);
      if (coef[k] > 0)
        keep[width++] = k;
    }
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < width; c++)
      out[i * width + c] = sqrt (coef[keep[c]]) * gsl_pow_uint (x[i], keep[c]);
  return width;
}

gboolean
lab_ridge_no_intercept (const double  *phi,
                        gsize          n,
                        guint          p,
                        const double  *y,
                        double         lambda,
                        double        *w,
                        GError       **error)
{
  g_autofree double *a = g_new (double, (gsize) p * p);
  gboolean cholesky;

  lab_gemm (TRUE, FALSE, p, p, n, 1.0, phi, p, phi, p, 0.0, a, p);
  lab_gemm (TRUE, FALSE, p, 1, n, 1.0, phi, p, y, 1, 0.0, w, 1);
  for (guint j = 0; j < p; j++)
    a[j * p + j] += lambda;
  if (!solve_symmetric (a, p, w, &cholesky))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC, _("ΦᵀΦ + λI is singular for lambda = %g"), lambda);
      return FALSE;
    }
  return TRUE;
}
