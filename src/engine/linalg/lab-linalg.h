/* lab-linalg.h — matrix products on CBLAS
 *
 * Row-major arrays with leading dimensions, as the topics keep them; the product
 * itself is GSL's gsl_blas_dgemm, which the build links to OpenBLAS (an optimised,
 * multi-threaded kernel) or, without it, to GSL's reference CBLAS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* C (m × n) = alpha · op(A) · op(B) + beta · C, where op(A) is m × k (A is m × k, or k × m
 * read transposed when @trans_a) and op(B) is k × n likewise. @lda, @ldb, @ldc are the row
 * strides in elements. With beta = 0, C need not be initialised. */
void        lab_gemm            (gboolean      trans_a,
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
                                 gsize         ldc);

/* Which CBLAS the build linked: "OpenBLAS" or "GSL reference CBLAS". */
const char *lab_blas_name       (void);

G_END_DECLS
