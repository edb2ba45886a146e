/* lab-svm.h — two-class support vector machines through LIBSVM (Debian's libsvm-dev), with
 * scikit-learn's conventions, and the kernels themselves (values, Gram matrices)
 *
 * LIBSVM is the library scikit-learn's SVC wraps. The training rows are handed to it with
 * class 0 as +1 and class 1 as −1, so that LIBSVM's internal class order is (0, 1) whatever
 * the row order — the order scikit-learn's fork gets by sorting the labels — and the
 * solver sees the same problem. The results are then given with scikit-learn's public signs:
 * f(x) = Σᵢ dual_coef[i] K(svᵢ, x) + intercept, and f(x) > 0 means class 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_KERNEL_LINEAR,    /* xᵀz */
  LAB_KERNEL_POLY,      /* (γ xᵀz + coef0)^degree */
  LAB_KERNEL_RBF,       /* exp(−γ ‖x − z‖²) */
  LAB_KERNEL_SIGMOID,   /* tanh(γ xᵀz + coef0) */
} LabKernelKind;

typedef struct
{
  LabKernelKind kind;
  double        gamma;    /* > 0 (not used by linear) */
  double        coef0;
  int           degree;   /* ≥ 1 (poly) */
} LabKernel;

/* k(a, b) for two points of dimension @d. */
double lab_kernel_eval (const LabKernel *kernel,
                        const double    *a,
                        const double    *b,
                        guint            d);

/* The kernel between every row of @a (na × d) and every row of @b (nb × d): @out is na × nb.
 * The inner products go through lab_gemm. */
void   lab_kernel_matrix (const LabKernel *kernel,
                          const double    *a,
                          gsize            na,
                          const double    *b,
                          gsize            nb,
                          guint            d,
                          double          *out);

/* scikit-learn's gamma="scale": 1 / (d × Var(X)), the variance over every entry of the
 * training rows (@rows of @x, n × d; NULL rows means all @n). 1 when that variance is 0. */
double lab_svm_gamma_scale (const double *x,
                            gsize         n,
                            guint         d,
                            const guint  *rows,
                            guint         n_rows);

typedef struct
{
  LabKernel kernel;
  double    c;           /* > 0 */
  double    tol;         /* LIBSVM's eps, scikit-learn's tol: 1e-3 */
  double    cache_mb;    /* kernel cache: 200 as scikit-learn */
  gboolean  shrinking;   /* TRUE as scikit-learn */
} LabSvmOptions;

void lab_svm_options_init (LabSvmOptions *options);   /* rbf, γ = 1, C = 1, the rest as scikit-learn */

typedef struct _LabSvm LabSvm;
struct _LabSvm
{
  LabKernel  kernel;
  guint      d;
  double     c;
  guint      n_support;
  guint      n_support_class[2];
  guint     *support;      /* indices into the x given to lab_svm_fit, class 0's then class 1's,
                              ascending within each (scikit-learn's support_) */
  double    *sv;           /* n_support × d */
  double    *dual_coef;    /* n_support: yᵢαᵢ with y = +1 for class 1 (scikit-learn's dual_coef_) */
  double    *alpha;        /* n_support: αᵢ = |dual_coef|, 0 < αᵢ ≤ C */
  double     intercept;    /* b (scikit-learn's intercept_) */
  double    *w;            /* d: Σ dual_coef svᵢ, for the linear kernel only (else NULL) */
  /*< private >*/
  gpointer   model;        /* struct svm_model * */
  gpointer   nodes;        /* the training rows as LIBSVM's nodes, which the model points into */
};

/* Trains a C-SVC on the rows @rows (NULL: all @n) of @x (n × d) with classes @y ∈ {0, 1}.
 * LIBSVM cannot be interrupted, so @cancellable is checked before and after. Errors:
 * LAB_ERROR_USAGE for bad options (naming c, gamma, degree), LAB_ERROR_DATA when a class has
 * no row. LIBSVM's progress output never reaches stdout. */
LabSvm *lab_svm_fit (const double         *x,
                     const guint          *y,
                     gsize                 n,
                     guint                 d,
                     const guint          *rows,
                     guint                 n_rows,
                     const LabSvmOptions  *options,
                     GCancellable         *cancellable,
                     GError              **error);
void    lab_svm_free (LabSvm *svm);

/* f(x) for one point, by LIBSVM's svm_predict_values. */
double  lab_svm_decision (const LabSvm *svm,
                          const double *x);
/* f for @n points (n × d) at once, from the support vectors with lab_kernel_matrix: the same
 * sum as LIBSVM's in another order (equal to ≈1e-12); for drawing decision regions fast. */
void    lab_svm_decision_many (const LabSvm *svm,
                               const double *x,
                               gsize         n,
                               double       *out);

/* f at the centres of an @nx × @ny grid of cells over [x0, x1] × [y0, y1] (two features):
 * @out[j·nx + i] at x0 + (i + ½)(x1 − x0)/nx, y0 + (j + ½)(y1 − y0)/ny. For the RBF kernel the
 * Gaussian factorises, exp(−γ‖g − s‖²) = exp(−γ(gₓ − sₓ)²) · exp(−γ(g_y − s_y)²), so the whole
 * grid is one matrix product (nx + ny exponentials a support vector instead of nx · ny); for
 * the polynomial kernel f is a polynomial in the point, summed over the support vectors once;
 * the linear and sigmoid kernels go through lab_svm_decision_many. */
void    lab_svm_decision_grid (const LabSvm *svm,
                               double        x0,
                               double        x1,
                               double        y0,
                               double        y1,
                               guint         nx,
                               guint         ny,
                               double       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabSvm, lab_svm_free)

G_END_DECLS
