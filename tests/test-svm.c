/* test-svm.c — support vector machines through LIBSVM against scikit-learn's SVC
 *
 * Reference values: tests/reference/kernels_reference.py → tests/kernels-reference.h
 * (scikit-learn 1.2's SVC wraps its own fork of the same LIBSVM; same kernels, C, gamma,
 * degree, coef0 and tolerance).
 *
 * Kernel ridge regression against sklearn.kernel_ridge.KernelRidge (alpha = λ), and against
 * ridge on the explicit features of the linear and polynomial kernels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_eigen.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-kernel-ridge.h"
#include "lab-svm.h"
#include "kernels-reference.h"

static void
ref_data (const RefSvc  *ref,
          const double **x,
          const guint  **y,
          guint         *n)
{
  gboolean circles = g_str_equal (ref->set, "circles");

  *x = circles ? ref_circles_x : ref_moons_x;
  *y = circles ? ref_circles_y : ref_moons_y;
  *n = circles ? REF_CIRCLES_N : REF_MOONS_N;
}

static void
ref_options (const RefSvc  *ref,
             const double  *x,
             guint          n,
             LabSvmOptions *o)
{
  lab_svm_options_init (o);
  o->kernel.kind = (LabKernelKind) ref->kind;
  o->kernel.gamma = ref->gamma_scale ? lab_svm_gamma_scale (x, n, 2, NULL, 0) : ref->gamma;
  o->kernel.degree = ref->degree;
  o->kernel.coef0 = ref->coef0;
  o->c = ref->c;
}

static void
test_against_sklearn (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_svc); r++)
    {
      const RefSvc *ref = &ref_svc[r];
      const double *x;
      const guint *y;
      guint n;
      LabSvmOptions o;
      g_autoptr(GError) error = NULL;
      g_autoptr(LabSvm) svm = NULL;
      g_autofree double *many = NULL;
      double worst = 0;

      ref_data (ref, &x, &y, &n);
      ref_options (ref, x, n, &o);
      if (ref->gamma_scale)
        g_assert_cmpfloat_with_epsilon (o.kernel.gamma, ref->gamma, 1e-14 * ref->gamma);
      svm = lab_svm_fit (x, y, n, 2, NULL, 0, &o, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (svm->n_support, ==, ref->n_support);
      for (guint s = 0; s < svm->n_support; s++)
        {
          g_assert_cmpuint (svm->support[s], ==, (guint) ref->support[s]);
          worst = MAX (worst, fabs (svm->dual_coef[s] - ref->dual_coef[s]));
          g_assert_cmpfloat (fabs (svm->dual_coef[s] - ref->dual_coef[s]), <=, 1e-8);
        }
      g_assert_cmpfloat (fabs (svm->intercept - ref->intercept), <=, 1e-8);
      many = g_new (double, n);
      lab_svm_decision_many (svm, x, n, many);
      for (guint i = 0; i < n; i++)
        {
          double f = lab_svm_decision (svm, x + 2 * i);

          g_assert_cmpfloat (fabs (f - ref->decision[i]), <=, 1e-8);
          g_assert_cmpfloat (fabs (many[i] - f), <=, 1e-10 * (1 + fabs (f)));
          /* the same predictions (no point sits on the boundary) */
          g_assert_true ((f > 0) == (ref->decision[i] > 0));
        }
      /* the grid: the separable RBF product (and the generic path) agree with LIBSVM */
      {
        double grid[12 * 9];

        lab_svm_decision_grid (svm, -1.5, 2.5, -1.2, 1.4, 12, 9, grid);
        for (guint j = 0; j < 9; j++)
          for (guint i = 0; i < 12; i++)
            {
              double pt[2] = { -1.5 + 4.0 * (i + 0.5) / 12, -1.2 + 2.6 * (j + 0.5) / 9 };
              double f = lab_svm_decision (svm, pt);

              g_assert_cmpfloat (fabs (grid[j * 12 + i] - f), <=, 1e-10 * (1 + fabs (f)));
            }
      }
      g_test_message ("%s kernel %d C %g: %u support vectors, largest dual_coef difference %.3g, intercept %.3g",
                      ref->set, ref->kind, ref->c, svm->n_support, worst, fabs (svm->intercept - ref->intercept));
    }
}

/* LIBSVM numbers classes by first appearance: the rows in another order (a class-1 row first)
 * must give the same machine, its support vectors being the same rows */
static void
test_row_order (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_svc); r++)
    {
      const RefSvc *ref = &ref_svc[r];
      const double *x;
      const guint *y;
      guint n, first1 = 0;
      LabSvmOptions o;
      g_autoptr(GError) error = NULL;
      g_autoptr(LabSvm) svm = NULL;
      g_autofree guint *rows = NULL;

      ref_data (ref, &x, &y, &n);
      ref_options (ref, x, n, &o);
      while (y[first1] != 1)
        first1++;
      if (first1 == 0)
        continue;
      /* rows: the first class-1 row moved to the front (the relative order within each class
       * is LIBSVM's, and is kept) */
      rows = g_new (guint, n);
      rows[0] = first1;
      for (guint i = 0, k = 1; i < n; i++)
        if (i != first1)
          rows[k++] = i;
      svm = lab_svm_fit (x, y, n, 2, rows, n, &o, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (svm->n_support, ==, ref->n_support);
      for (guint s = 0; s < svm->n_support; s++)
        {
          g_assert_cmpuint (svm->support[s], ==, (guint) ref->support[s]);
          g_assert_cmpfloat (fabs (svm->dual_coef[s] - ref->dual_coef[s]), <=, 1e-8);
        }
      g_assert_cmpfloat (fabs (svm->intercept - ref->intercept), <=, 1e-8);
    }
}

static void
test_gram (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_svc); r++)
    {
      const RefSvc *ref = &ref_svc[r];
      const double *x;
      const guint *y;
      guint n;
      LabSvmOptions o;
      g_autofree double *k = NULL;
      gsl_matrix_view m;
      gsl_vector *eval;
      gsl_eigen_symm_workspace *w;
      double lo;

      ref_data (ref, &x, &y, &n);
      ref_options (ref, x, n, &o);
      k = g_new (double, (gsize) n * n);
      lab_kernel_matrix (&o.kernel, x, n, x, n, 2, k);
      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          g_assert_cmpfloat (fabs (k[i * n + j] - lab_kernel_eval (&o.kernel, x + 2 * i, x + 2 * j, 2)), <=,
                             1e-12 * (1 + fabs (k[i * n + j])));
      m = gsl_matrix_view_array (k, n, n);
      eval = gsl_vector_alloc (n);
      w = gsl_eigen_symm_alloc (n);
      gsl_eigen_symm (&m.matrix, eval, w);
      lo = gsl_vector_min (eval);
      gsl_eigen_symm_free (w);
      gsl_vector_free (eval);
      g_assert_cmpfloat (fabs (lo - ref->gram_min_eigenvalue), <=, 1e-9 * (1 + fabs (ref->gram_min_eigenvalue)));
    }
}

static void
test_errors (void)
{
  static const double x[] = { 0, 0, 1, 1, 2, 2 };
  static const guint one[] = { 1, 1, 1 }, three[] = { 0, 1, 2 }, two[] = { 0, 1, 1 };
  LabSvmOptions o;
  LabSvm *svm;
  g_autoptr(GError) error = NULL;

  lab_svm_options_init (&o);
  svm = lab_svm_fit (x, one, 3, 2, NULL, 0, &o, NULL, &error);
  g_assert_null (svm);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "one class"));
  g_clear_error (&error);

  svm = lab_svm_fit (x, three, 3, 2, NULL, 0, &o, NULL, &error);
  g_assert_null (svm);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_clear_error (&error);

  o.kernel.gamma = 0;
  svm = lab_svm_fit (x, two, 3, 2, NULL, 0, &o, NULL, &error);
  g_assert_null (svm);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_true (g_str_has_prefix (error->message, "gamma:"));
  g_clear_error (&error);

  o.kernel.gamma = 1;
  o.c = -1;
  svm = lab_svm_fit (x, two, 3, 2, NULL, 0, &o, NULL, &error);
  g_assert_null (svm);
  g_assert_true (g_str_has_prefix (error->message, "c:"));
  g_clear_error (&error);

  o.c = 1;
  o.kernel.kind = LAB_KERNEL_POLY;
  o.kernel.degree = 0;
  svm = lab_svm_fit (x, two, 3, 2, NULL, 0, &o, NULL, &error);
  g_assert_null (svm);
  g_assert_true (g_str_has_prefix (error->message, "degree:"));
  g_clear_error (&error);

  /* the smallest problem trains */
  o.kernel.degree = 2;
  svm = lab_svm_fit (x, two, 3, 2, NULL, 0, &o, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (svm->n_support, >=, 2);
  lab_svm_free (svm);
}

/* LIBSVM prints its iterations ("*", "optimization finished, #iter = …") unless silenced */
static void
test_quiet (void)
{
  if (g_test_subprocess ())
    {
      LabSvmOptions o;
      const RefSvc *ref = &ref_svc[4];
      g_autoptr(LabSvm) svm = NULL;

      lab_svm_options_init (&o);
      svm = lab_svm_fit (ref_circles_x, ref_circles_y, REF_CIRCLES_N, 2, NULL, 0, &o, NULL, NULL);
      g_assert_nonnull (svm);
      (void) ref;
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("");
}

static void
test_kernel_ridge (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_krr); r++)
    {
      const RefKrr *ref = &ref_krr[r];
      LabKernel kernel = { (LabKernelKind) ref->kind, ref->gamma, ref->coef0, ref->degree };
      g_autoptr(GError) error = NULL;
      g_autoptr(LabKernelRidge) krr = lab_kernel_ridge_fit (&kernel, ref_krr_x, REF_KRR_N, 1, ref_krr_y, ref->lambda, &error);
      double pred[REF_KRR_Q], fit[REF_KRR_N], mse = 0, phi_q[REF_KRR_Q * 32], phi[REF_KRR_N * 32], w[32];
      guint p;

      g_assert_no_error (error);
      g_assert_true (krr->cholesky);
      for (guint i = 0; i < REF_KRR_N; i++)
        g_assert_cmpfloat (fabs (krr->alpha[i] - ref->alpha[i]), <=, 1e-10 * (1 + fabs (ref->alpha[i])));
      lab_kernel_ridge_predict (krr, ref_krr_xq, REF_KRR_Q, pred);
      for (guint i = 0; i < REF_KRR_Q; i++)
        g_assert_cmpfloat (fabs (pred[i] - ref->predict[i]), <=, 1e-10 * (1 + fabs (ref->predict[i])));
      lab_kernel_ridge_predict (krr, ref_krr_x, REF_KRR_N, fit);
      for (guint i = 0; i < REF_KRR_N; i++)
        mse += (fit[i] - ref_krr_y[i]) * (fit[i] - ref_krr_y[i]) / REF_KRR_N;
      g_assert_cmpfloat (fabs (mse - ref->train_mse), <=, 1e-10 * ref->train_mse);

      /* the primal: ridge on φ(x) predicts the same where the kernel has a finite map */
      p = lab_kernel_feature_map_1d (&kernel, ref_krr_x, REF_KRR_N, phi);
      if (ref->kind == LAB_KERNEL_RBF)
        {
          g_assert_cmpuint (p, ==, 0);
          continue;
        }
      g_assert_cmpuint (p, >, 0);
      g_assert_true (lab_ridge_no_intercept (phi, REF_KRR_N, p, ref_krr_y, ref->lambda, w, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (lab_kernel_feature_map_1d (&kernel, ref_krr_xq, REF_KRR_Q, phi_q), ==, p);
      for (guint i = 0; i < REF_KRR_Q; i++)
        {
          double f = 0;

          for (guint j = 0; j < p; j++)
            f += phi_q[i * p + j] * w[j];
          g_assert_cmpfloat (fabs (f - ref->predict[i]), <=, 1e-9 * (1 + fabs (ref->predict[i])));
        }
      /* and φ(x)ᵀφ(z) is the kernel */
      for (guint i = 0; i < 5; i++)
        {
          double dot = 0;

          for (guint j = 0; j < p; j++)
            dot += phi[i * p + j] * phi[(i + 7) * p + j];
          g_assert_cmpfloat (fabs (dot - lab_kernel_eval (&kernel, &ref_krr_x[i], &ref_krr_x[i + 7], 1)), <=,
                             1e-12 * (1 + fabs (dot)));
        }
    }
}

static void
test_kernel_ridge_errors (void)
{
  LabKernel kernel = { LAB_KERNEL_RBF, 1.0, 0, 3 };
  g_autoptr(GError) error = NULL;
  LabKernelRidge *krr = lab_kernel_ridge_fit (&kernel, ref_krr_x, REF_KRR_N, 1, ref_krr_y, 0, &error);

  g_assert_null (krr);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_true (g_str_has_prefix (error->message, "lambda:"));
  g_clear_error (&error);
  kernel.gamma = -1;
  krr = lab_kernel_ridge_fit (&kernel, ref_krr_x, REF_KRR_N, 1, ref_krr_y, 1, &error);
  g_assert_null (krr);
  g_assert_true (g_str_has_prefix (error->message, "gamma:"));
  g_clear_error (&error);
  /* the sigmoid kernel is indefinite: K + λI is not positive definite, LU solves it */
  kernel.kind = LAB_KERNEL_SIGMOID;
  kernel.gamma = 2;
  kernel.coef0 = -1;
  krr = lab_kernel_ridge_fit (&kernel, ref_krr_x, REF_KRR_N, 1, ref_krr_y, 1e-3, &error);
  g_assert_no_error (error);
  g_assert_false (krr->cholesky);
  lab_kernel_ridge_free (krr);
}

int
main (int   argc,
      char *argv[])
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/svm/sklearn", test_against_sklearn);
  g_test_add_func ("/engine/svm/row-order", test_row_order);
  g_test_add_func ("/engine/svm/gram", test_gram);
  g_test_add_func ("/engine/svm/errors", test_errors);
  g_test_add_func ("/engine/svm/quiet", test_quiet);
  g_test_add_func ("/engine/kernel-ridge/sklearn", test_kernel_ridge);
  g_test_add_func ("/engine/kernel-ridge/errors", test_kernel_ridge_errors);
  return g_test_run ();
}
