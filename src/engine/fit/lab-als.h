/* lab-als.h — matrix factorisation by alternating least squares
 *
 * R ≈ X Yᵀ with X (rows × f) and Y (cols × f) row-major. One half-step solves every row of X
 * with Y held fixed; a sweep is the half-step for X on R's rows, then for Y on R's columns
 * (pass the same matrix by item). Each half-step minimises the objective exactly in its
 * block, so the objective never increases.
 *
 * Explicit feedback, weighted-λ regularisation (Zhou, Wilkinson, Schreiber & Pan 2008):
 *   J = Σ_(u,i) observed (r_ui − x_u·y_i)² + λ (Σ_u n_u ‖x_u‖² + Σ_i n_i ‖y_i‖²)
 *   x_u = (Y_Ωᵤᵀ Y_Ωᵤ + λ n_u I)⁻¹ Y_Ωᵤᵀ r_u          (n_u: the ratings of u)
 * A row with no observed entry gets x_u = 0 (its term of J is then 0 whatever x_u is).
 *
 * Implicit feedback (Hu, Koren & Volinsky 2008): preferences p_ui = [r_ui > 0], confidences
 * c_ui = 1 + α r_ui, over every (u, i):
 *   J = Σ_(u,i) c_ui (p_ui − x_u·y_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)
 *   x_u = (YᵀY + Y_Ωᵤᵀ (C_u − I) Y_Ωᵤ + λ I)⁻¹ Y_Ωᵤᵀ C_u p_u    (the exact solve)
 *
 * The Gram matrices are dsyrk products and the solves Cholesky factorisations (GSL over
 * CBLAS); the loops around them are the lesson and are written out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-ratings.h"

G_BEGIN_DECLS

/* Solves every row of @x (R->n_rows × f) given @y (R->n_cols × f). Rows are shared between
 * @n_threads threads (1: the calling thread only). FALSE with G_IO_ERROR_CANCELLED, or
 * LAB_ERROR_NUMERIC when a system is not positive definite (λ = 0 with too few ratings). */
gboolean lab_als_explicit_half (const LabSparse *R,
                                const double    *y,
                                guint            f,
                                double           lambda,
                                double          *x,
                                guint            n_threads,
                                GCancellable    *cancellable,
                                GError         **error);
gboolean lab_als_implicit_half (const LabSparse *R,
                                const double    *y,
                                guint            f,
                                double           lambda,
                                double           alpha,
                                double          *x,
                                guint            n_threads,
                                GCancellable    *cancellable,
                                GError         **error);

/* Σ over R's entries of (r − x·y)² (R by rows of x). */
double   lab_als_sse             (const LabSparse *R, const double *x, const double *y, guint f);
/* √(sse / nnz); NaN with no entries. */
double   lab_als_rmse            (const LabSparse *R, const double *x, const double *y, guint f);
/* Σ |r − x·y| / nnz. */
double   lab_als_mae             (const LabSparse *R, const double *x, const double *y, guint f);
/* The explicit objective J above, R by rows of x. */
double   lab_als_explicit_objective (const LabSparse *R, const double *x, guint n_x,
                                     const double *y, guint n_y, guint f, double lambda);
/* The implicit objective J above over all n_x × n_y pairs, without forming them:
 * Σ_all (x·y)² = tr(XᵀX · YᵀY), corrected on the observed entries. */
double   lab_als_implicit_objective (const LabSparse *R, const double *x, guint n_x,
                                     const double *y, guint n_y, guint f, double lambda,
                                     double alpha);

G_END_DECLS
