/* lab-linalg.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_blas.h>

#include "lab-linalg.h"

void
lab_gemm (gboolean      trans_a,
          gboolean      trans_b,
          guint         m,
          guint         n,
          guint         k,
          double        alpha,
          const double *A,
          gsize         lda,
          const double *B,
          gsize         ldb,
          double        beta,
          double       *C,
          gsize         ldc)
{
  g_return_if_fail (A != NULL && B != NULL && C != NULL);
  if (m == 0 || n == 0)
    return;
  if (k == 0)
    {
      /* nothing to sum: C = beta·C (BLAS would too, but GSL's views reject empty matrices) */
      for (guint i = 0; i < m; i++)
        for (guint j = 0; j < n; j++)
          C[(gsize) i * ldc + j] = beta == 0 ? 0 : beta * C[(gsize) i * ldc + j];
      return;
    }

  {
    gsl_matrix_const_view a = trans_a ? gsl_matrix_const_view_array_with_tda (A, k, m, lda)
                                      : gsl_matrix_const_view_array_with_tda (A, m, k, lda);
    gsl_matrix_const_view b = trans_b ? gsl_matrix_const_view_array_with_tda (B, n, k, ldb)
                                      : gsl_matrix_const_view_array_with_tda (B, k, n, ldb);
    gsl_matrix_view c = gsl_matrix_view_array_with_tda (C, m, n, ldc);

    /* the shapes agree by construction, so GSL returns no error here */
    gsl_blas_dgemm (trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                  alpha, &a.matrix, &b.matrix, beta, &c.matrix);
  }
}

const char *
lab_blas_name (void)
{
#ifdef LAB_HAVE_OPENBLAS
  return "OpenBLAS";
#else
  return "GSL reference CBLAS";
#endif
}
