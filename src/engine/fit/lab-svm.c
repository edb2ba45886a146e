/* lab-svm.c — two-class C-SVC through LIBSVM, and kernel matrices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <libsvm/svm.h>

#include "lab-error.h"
#include "lab-linalg.h"
#include "lab-svm.h"

/* ------------------------------------------------------------------ */
/* kernels */

static inline double
kernel_from_dot (const LabKernel *k,
                 double           dot,
                 double           sq_a,
                 double           sq_b)
{
  switch (k->kind)
    {
    case LAB_KERNEL_LINEAR:
      return dot;
    case LAB_KERNEL_POLY:
      return gsl_pow_int (k->gamma * dot + k->coef0, k->degree);   /* by squaring, as LIBSVM's powi */
    case LAB_KERNEL_RBF:
      return exp (-k->gamma * MAX (sq_a + sq_b - 2 * dot, 0.0));
    case LAB_KERNEL_SIGMOID:
      return tanh (k->gamma * dot + k->coef0);
    default:
      g_assert_not_reached ();
    }
}

double
lab_kernel_eval (const LabKernel *kernel,
                 const double    *a,
                 const double    *b,
                 guint            d)
{
  double dot = 0, sq = 0;

  g_return_val_if_fail (kernel != NULL, NAN);
  if (kernel->kind == LAB_KERNEL_RBF)
    {
      for (guint j = 0; j < d; j++)
        sq += (a[j] - b[j]) * (a[j] - b[j]);
      return exp (-kernel->gamma * sq);
    }
  for (guint j = 0; j < d; j++)
    dot += a[j] * b[j];
  return kernel_from_dot (kernel, dot, 0, 0);
}

void
lab_kernel_matrix (const LabKernel *kernel,
                   const double    *a,
                   gsize            na,
                   const double    *b,
                   gsize            nb,
                   guint            d,
                   double          *out)
{
  g_autofree double *sa = NULL, *sb = NULL;

  g_return_if_fail (kernel != NULL && out != NULL);
  if (na == 0 || nb == 0)
    return;
  lab_gemm (FALSE, TRUE, na, nb, d, 1.0, a, d, b, d, 0.0, out, nb);
  if (kernel->kind == LAB_KERNEL_LINEAR)
    return;
  sa = g_new0 (double, na);
  sb = g_new0 (double, nb);
  if (kernel->kind == LAB_KERNEL_RBF)
    {
      for (gsize i = 0; i < na; i++)
        for (guint j = 0; j < d; j++)
          sa[i] += a[i * d + j] * a[i * d + j];
      for (gsize i = 0; i < nb; i++)
        for (guint j = 0; j < d; j++)
          sb[i] += b[i * d + j] * b[i * d + j];
    }
  for (gsize i = 0; i < na; i++)
    for (gsize j = 0; j < nb; j++)
      out[i * nb + j] = kernel_from_dot (kernel, out[i * nb + j], sa[i], sb[j]);
}

double
lab_svm_gamma_scale (const double *x,
                     gsize         n,
                     guint         d,
                     const guint  *rows,
                     guint         n_rows)
{
  gsize m = rows != NULL ? n_rows : n, count = 0;
  double mean = 0, m2 = 0, var;

  /* Welford over every entry, as numpy's X.var() (population variance) */
  for (gsize r = 0; r < m; r++)
    {
      const double *row = x + (gsize) (rows != NULL ? rows[r] : r) * d;

      for (guint j = 0; j < d; j++)
        {
          double delta = row[j] - mean;

          count++;
          mean += delta / count;
          m2 += delta * (row[j] - mean);
        }
    }
  var = count > 0 ? m2 / count : 0;
  return var > 0 ? 1.0 / (d * var) : 1.0;
}

/* ------------------------------------------------------------------ */
/* LIBSVM */

static void
print_nothing (const char *s)
{
  (void) s;
}

void
lab_svm_options_init (LabSvmOptions *options)
{
  g_return_if_fail (options != NULL);
  options->kernel.kind = LAB_KERNEL_RBF;
  options->kernel.gamma = 1.0;
  options->kernel.coef0 = 0.0;
  options->kernel.degree = 3;
  options->c = 1.0;
  options->tol = 1e-3;
  options->cache_mb = 200;
  options->shrinking = TRUE;
}

void
lab_svm_free (LabSvm *svm)
{
  if (svm == NULL)
    return;
  if (svm->model != NULL)
    {
      struct svm_model *model = svm->model;

      svm_free_and_destroy_model (&model);
    }
  g_free (svm->nodes);
  g_free (svm->support);
  g_free (svm->sv);
  g_free (svm->dual_coef);
  g_free (svm->alpha);
  g_free (svm->w);
  g_free (svm);
}

static const int libsvm_kernel[] = { LINEAR, POLY, RBF, SIGMOID };

LabSvm *
lab_svm_fit (const double         *x,
             const guint          *y,
             gsize                 n,
             guint                 d,
             const guint          *rows,
             guint                 n_rows,
             const LabSvmOptions  *options,
             GCancellable         *cancellable,
             GError              **error)
{
  static gsize quiet = 0;
  g_autoptr(LabSvm) svm = NULL;
  g_autofree struct svm_node **xp = NULL;
  g_autofree double *labels = NULL;
  struct svm_node *nodes;
  struct svm_problem prob;
  struct svm_parameter param = { 0 };
  struct svm_model *model;
  const char *msg;
  guint m = rows != NULL ? n_rows : (guint) n, count[2] = { 0, 0 };

  g_return_val_if_fail (x != NULL && y != NULL && options != NULL && d > 0, NULL);

  if (g_once_init_enter (&quiet))
    {
      /* LIBSVM prints its iterations to stdout unless told otherwise (a process-wide hook) */
      svm_set_print_string_function (print_nothing);
      g_once_init_leave (&quiet, 1);
    }

  if (!(options->c > 0) || !isfinite (options->c))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("c: must be a number greater than 0, not %g"), options->c);
      return NULL;
    }
  if (options->kernel.kind != LAB_KERNEL_LINEAR && (!(options->kernel.gamma > 0) || !isfinite (options->kernel.gamma)))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("gamma: must be a number greater than 0, not %g"),
                   options->kernel.gamma);
      return NULL;
    }
  if (options->kernel.kind == LAB_KERNEL_POLY && options->kernel.degree < 1)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("degree: must be at least 1, not %d"), options->kernel.degree);
      return NULL;
    }
  for (guint r = 0; r < m; r++)
    {
      guint c = y[rows != NULL ? rows[r] : r];

      if (c > 1)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("the SVM separates two classes; found class %u"), c);
          return NULL;
        }
      count[c]++;
    }
  if (count[0] == 0 || count[1] == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("the training rows hold one class only (%u and %u rows): an SVM needs both"), count[0], count[1]);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  svm = g_new0 (LabSvm, 1);
  svm->kernel = options->kernel;
  svm->d = d;
  svm->c = options->c;
  nodes = g_new (struct svm_node, (gsize) m * (d + 1));
  svm->nodes = nodes;
  xp = g_new (struct svm_node *, MAX (m, 1));
  labels = g_new (double, MAX (m, 1));
  for (guint r = 0; r < m; r++)
    {
      gsize i = rows != NULL ? rows[r] : r;
      struct svm_node *row = nodes + (gsize) r * (d + 1);

      /* every feature, zeros included, so LIBSVM's sparse dot products add the same terms in
       * the same order as scikit-learn's dense ones */
      for (guint j = 0; j < d; j++)
        {
          row[j].index = (int) j + 1;
          row[j].value = x[i * d + j];
        }
      row[d].index = -1;
      row[d].value = 0;
      xp[r] = row;
      /* class 0 → +1, class 1 → −1: LIBSVM orders classes by first appearance but puts +1
       * first whenever −1 appears first, so its order is (0, 1) for any row order */
      labels[r] = y[i] == 0 ? +1.0 : -1.0;
    }
  prob.l = (int) m;
  prob.y = labels;
  prob.x = xp;

  param.svm_type = C_SVC;
  param.kernel_type = libsvm_kernel[options->kernel.kind];
  param.degree = options->kernel.degree;
  param.gamma = options->kernel.kind == LAB_KERNEL_LINEAR ? 1.0 : options->kernel.gamma;
  param.coef0 = options->kernel.coef0;
  param.cache_size = options->cache_mb;
  param.eps = options->tol;
  param.C = options->c;
  param.shrinking = options->shrinking ? 1 : 0;
  param.probability = 0;
  msg = svm_check_parameter (&prob, &param);
  if (msg != NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("LIBSVM rejects the parameters: %s"), msg);
      return NULL;
    }

  model = svm_train (&prob, &param);
  svm->model = model;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  g_assert (model->nr_class == 2 && model->label[0] == +1);

  svm->n_support = (guint) model->l;
  svm->n_support_class[0] = (guint) model->nSV[0];
  svm->n_support_class[1] = (guint) model->nSV[1];
  svm->support = g_new (guint, MAX (svm->n_support, 1));
  svm->sv = g_new (double, (gsize) MAX (svm->n_support, 1) * d);
  svm->dual_coef = g_new (double, MAX (svm->n_support, 1));
  svm->alpha = g_new (double, MAX (svm->n_support, 1));
  /* LIBSVM lists the SVs of its first class (0) then the second, each in training order; its
   * decision value Σ sv_coef K − ρ is positive for class 0. scikit-learn negates both for two
   * classes, so that positive means class 1. */
  for (guint s = 0; s < svm->n_support; s++)
    {
      guint r = (guint) model->sv_indices[s] - 1;
      gsize i = rows != NULL ? rows[r] : r;

      svm->support[s] = (guint) i;
      memcpy (svm->sv + (gsize) s * d, x + i * d, d * sizeof (double));
      svm->dual_coef[s] = -model->sv_coef[0][s];
      svm->alpha[s] = fabs (model->sv_coef[0][s]);
    }
  svm->intercept = model->rho[0];
  if (options->kernel.kind == LAB_KERNEL_LINEAR)
    {
      svm->w = g_new0 (double, d);
      for (guint s = 0; s < svm->n_support; s++)
        for (guint j = 0; j < d; j++)
          svm->w[j] += svm->dual_coef[s] * svm->sv[(gsize) s * d + j];
    }
  return g_steal_pointer (&svm);
}

double
lab_svm_decision (const LabSvm *svm,
                  const double *x)
{
  g_autofree struct svm_node *row = NULL;
  double dec = 0;

  g_return_val_if_fail (svm != NULL && svm->model != NULL, NAN);
  row = g_new (struct svm_node, svm->d + 1);
  for (guint j = 0; j < svm->d; j++)
    {
      row[j].index = (int) j + 1;
      row[j].value = x[j];
    }
  row[svm->d].index = -1;
  svm_predict_values (svm->model, row, &dec);
  return -dec;
}

void
lab_svm_decision_many (const LabSvm *svm,
                       const double *x,
                       gsize         n,
                       double       *out)
{
  const gsize block = 512;
  g_autofree double *k = NULL;

  g_return_if_fail (svm != NULL);
  if (svm->w != NULL)
    {
      for (gsize i = 0; i < n; i++)
        {
          double f = svm->intercept;

          for (guint j = 0; j < svm->d; j++)
            f += svm->w[j] * x[i * svm->d + j];
          out[i] = f;
        }
      return;
    }
  /* in blocks of rows, so the kernel block stays in cache */
  k = g_new (double, block * MAX (svm->n_support, 1));
  for (gsize i0 = 0; i0 < n; i0 += block)
    {
      gsize nb = MIN (block, n - i0);

      lab_kernel_matrix (&svm->kernel, x + i0 * svm->d, nb, svm->sv, svm->n_support, svm->d, k);
      for (gsize i = 0; i < nb; i++)
        {
          double f = svm->intercept;

          for (guint s = 0; s < svm->n_support; s++)
            f += svm->dual_coef[s] * k[i * svm->n_support + s];
          out[i0 + i] = f;
        }
    }
}

void
lab_svm_decision_grid (const LabSvm *svm,
                       double        x0,
                       double        x1,
                       double        y0,
                       double        y1,
                       guint         nx,
                       guint         ny,
                       double       *out)
{
  guint m;

  g_return_if_fail (svm != NULL && out != NULL && svm->d == 2);
  m = svm->n_support;
  if (svm->kernel.kind == LAB_KERNEL_RBF && m > 0)
    {
      /* F (ny × nx) = A (ny × m) · B (m × nx): A[j][s] = coefₛ exp(−γ(yⱼ − sᵧ)²),
       * B[s][i] = exp(−γ(xᵢ − sₓ)²) */
      g_autofree double *a = g_new (double, (gsize) ny * m), *b = g_new (double, (gsize) m * nx);
      double g = svm->kernel.gamma;

      for (guint j = 0; j < ny; j++)
        {
          double y = y0 + (y1 - y0) * (j + 0.5) / ny;

          for (guint s = 0; s < m; s++)
            {
              double dy = y - svm->sv[2 * (gsize) s + 1];

              a[(gsize) j * m + s] = svm->dual_coef[s] * exp (-g * dy * dy);
            }
        }
      for (guint s = 0; s < m; s++)
        for (guint i = 0; i < nx; i++)
          {
            double dx = x0 + (x1 - x0) * (i + 0.5) / nx - svm->sv[2 * (gsize) s];

            b[(gsize) s * nx + i] = exp (-g * dx * dx);
          }
      for (gsize k = 0; k < (gsize) nx * ny; k++)
        out[k] = svm->intercept;
      lab_gemm (FALSE, FALSE, ny, nx, m, 1.0, a, m, b, nx, 1.0, out, nx);
      return;
    }
  else if (svm->kernel.kind == LAB_KERNEL_POLY && m > 0 && svm->kernel.degree <= 10)
    {
      /* f is a polynomial of degree p in the grid point g:
       *   Σₛ cₛ (γ g·s + c₀)^p = Σ_{a+b ≤ p} W_ab gₓᵃ g_yᵇ,
       *   W_ab = C(p, a+b) c₀^(p−a−b) γ^(a+b) C(a+b, a) Σₛ cₛ sₓᵃ s_yᵇ,
       * so the grid costs (p+1)(p+2)/2 monomials a cell instead of one power a support vector */
      int p = svm->kernel.degree;
      double w[11][11] = { { 0 } }, px[11], py[11];

      for (guint s = 0; s < m; s++)
        for (int a = 0; a <= p; a++)
          for (int b = 0; a + b <= p; b++)
            w[a][b] += svm->dual_coef[s] * gsl_pow_int (svm->sv[2 * (gsize) s], a) * gsl_pow_int (svm->sv[2 * (gsize) s + 1], b);
      for (int a = 0; a <= p; a++)
        for (int b = 0; a + b <= p; b++)
          w[a][b] *= gsl_sf_choose ((unsigned) p, (unsigned) (a + b)) * gsl_pow_int (svm->kernel.coef0, p - a - b)
                     * gsl_pow_int (svm->kernel.gamma, a + b) * gsl_sf_choose ((unsigned) (a + b), (unsigned) a);
      for (guint j = 0; j < ny; j++)
        {
          double y = y0 + (y1 - y0) * (j + 0.5) / ny;

          for (int b = 0; b <= p; b++)
            py[b] = gsl_pow_int (y, b);
          for (guint i = 0; i < nx; i++)
            {
              double x = x0 + (x1 - x0) * (i + 0.5) / nx, f = svm->intercept;

              for (int a = 0; a <= p; a++)
                px[a] = gsl_pow_int (x, a);
              for (int a = 0; a <= p; a++)
                for (int b = 0; a + b <= p; b++)
                  f += w[a][b] * px[a] * py[b];
              out[(gsize) j * nx + i] = f;
            }
        }
      return;
    }
  else
    {
      gsize ng = (gsize) nx * ny;
      g_autofree double *xy = g_new (double, 2 * MAX (ng, 1));

      for (guint j = 0; j < ny; j++)
        for (guint i = 0; i < nx; i++)
          {
            gsize k = (gsize) j * nx + i;

            xy[2 * k] = x0 + (x1 - x0) * (i + 0.5) / nx;
            xy[2 * k + 1] = y0 + (y1 - y0) * (j + 0.5) / ny;
          }
      lab_svm_decision_many (svm, xy, ng, out);
    }
}
