/* lab-pca.h — principal component analysis by the symmetric eigenproblem
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gsize    n;                      /* rows */
  guint    d;                      /* columns */
  gboolean standardized;           /* eigen-decomposed the correlation matrix */
  double  *mean;                   /* d */
  double  *scale;                  /* d: the standard deviations when standardized, else 1 */
  double  *covariance;             /* d × d, of the columns as given (divisor n − 1) */
  double  *correlation;            /* d × d; NaN in the rows and columns of a constant column */
  double  *eigenvalues;            /* d, decreasing: the variances along the components */
  double  *explained_variance_ratio;
  double  *components;             /* d × d: row i is the i-th unit eigenvector (loadings) */
  guint    rank;                   /* eigenvalues above rank_tol */
  double   rank_tol;               /* λ_max · d · ε (numpy.linalg.matrix_rank's rule) */
} LabPca;

/* PCA of @x (@n × @d, row-major; n ≥ 2): the eigenvectors of the covariance matrix (or of the
 * correlation matrix when @standardize), by gsl_eigen_symmv, sorted by decreasing eigenvalue,
 * each signed so that its largest absolute loading is positive (ties: the first). @names (d
 * column names, may be NULL) are used in messages. Errors: LAB_ERROR_DATA for a constant
 * column when @standardize (naming it), LAB_ERROR_USAGE for n < 2; G_IO_ERROR_CANCELLED. */
LabPca *lab_pca_compute (const double        *x,
                         gsize                n,
                         guint                d,
                         gboolean             standardize,
                         const char * const  *names,
                         GCancellable        *cancellable,
                         GError             **error);
void    lab_pca_free    (LabPca *pca);

/* Scores of @n rows of @x on the first @m components: ((x − mean)/scale)·componentsᵀ (n × m). */
void    lab_pca_project (const LabPca *pca,
                         const double *x,
                         gsize         n,
                         guint         m,
                         double       *scores);

/* Mean squared reconstruction error per cell (in the standardized units when standardized)
 * of the rank-@m projection of the data the PCA was computed from: Σ_{i>m} λᵢ·(n − 1)/(n·d). */
double  lab_pca_reconstruction_error (const LabPca *pca,
                                      guint         m);

/* Power iteration on the symmetric @d × @d @matrix from @v0 (normalised first): vₜ₊₁ =
 * A vₜ / ‖A vₜ‖. Writes @steps + 1 vectors (the start included) into @vectors ((steps+1) × d)
 * and their Rayleigh quotients vᵀAv into @rayleigh (steps + 1). */
void    lab_power_iteration (const double *matrix,
                             guint         d,
                             const double *v0,
                             guint         steps,
                             double       *vectors,
                             double       *rayleigh);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPca, lab_pca_free)

G_END_DECLS
