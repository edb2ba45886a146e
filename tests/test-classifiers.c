/* test-classifiers.c — logistic regression, naive Bayes, LDA and QDA against scikit-learn
 *
 * Reference values: tests/reference/classifiers_reference.py → tests/classifiers-reference.h
 * (scikit-learn 1.2: LogisticRegression by newton-cg at tol 1e-12, checked there against a
 * plain Newton iteration, and by saga for L1; GaussianNB; LinearDiscriminantAnalysis;
 * QuadraticDiscriminantAnalysis).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "classifiers-reference.h"
#include "lab-design.h"
#include "lab-engine.h"
#include "lab-error.h"
#include "lab-gaussian-classifiers.h"
#include "lab-logistic.h"

#define N2 G_N_ELEMENTS (ref_y2)
#define N3 G_N_ELEMENTS (ref_y3)
#define NQ (G_N_ELEMENTS (ref_query) / 2)

static void
assert_close (const char   *what,
              const double *got,
              const double *want,
              gsize         n,
              double        tol)
{
  for (gsize i = 0; i < n; i++)
    if (!(fabs (got[i] - want[i]) <= tol))
      g_error ("%s[%zu] = %.15g, scikit-learn %.15g (|Δ| = %.3g > %g)", what, i, got[i], want[i],
               fabs (got[i] - want[i]), tol);
}

/* ---- logistic regression ---- */

typedef struct
{
  const char   *name;
  const double *x;
  const guint  *y;
  gsize         n;
  guint         k;
  LabPenalty    penalty;
  double        c;
  const double *coef, *intercept, *proba;
  double        tol;
} LogisticCase;

static void
check_logistic (const LogisticCase *t)
{
  LabLogisticOptions options = { t->penalty, t->c, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LabLogistic) model = lab_logistic_fit (t->x, t->y, t->n, 2, t->k, NULL, 0, &options, NULL, NULL, &error);
  g_autofree double *proba = g_new (double, NQ * t->k);
  g_autofree char *what = NULL;

  g_assert_no_error (error);
  g_assert_true (model->converged);
  g_assert_false (model->separable);
  g_assert_cmpfloat (model->optimality, <=, 1e-10);
  g_assert_cmpuint (model->n_rows, ==, t->k == 2 ? 1 : t->k);
  what = g_strdup_printf ("%s coef", t->name);
  assert_close (what, model->coef, t->coef, model->n_rows * 2, t->tol);
  g_free (what);
  what = g_strdup_printf ("%s intercept", t->name);
  assert_close (what, model->intercept, t->intercept, model->n_rows, t->tol);
  lab_logistic_predict_proba (model, ref_query, NQ, proba);
  g_free (what);
  what = g_strdup_printf ("%s proba", t->name);
  assert_close (what, proba, t->proba, NQ * t->k, t->tol);
  {
    double worst = 0;

    for (guint i = 0; i < model->n_rows * 2; i++)
      worst = MAX (worst, fabs (model->coef[i] - t->coef[i]));
    for (guint i = 0; i < NQ * t->k; i++)
      worst = MAX (worst, fabs (proba[i] - t->proba[i]));
    g_test_message ("%s: %u iterations, optimality %.2g, largest |Δ| to scikit-learn %.2g", t->name, model->n_iter,
                    model->optimality, worst);
  }
}

static void
test_logistic_binary (void)
{
  const LogisticCase cases[] = {
    { "binary none", ref_x2, ref_y2, N2, 2, LAB_PENALTY_NONE, 1.0,
      ref_lr2_none_coef, ref_lr2_none_intercept, ref_lr2_none_proba, 1e-6 },
    { "binary l2", ref_x2, ref_y2, N2, 2, LAB_PENALTY_L2, REF_C_L2,
      ref_lr2_l2_coef, ref_lr2_l2_intercept, ref_lr2_l2_proba, 1e-6 },
    { "binary l1", ref_x2, ref_y2, N2, 2, LAB_PENALTY_L1, REF_C_L1,
      ref_lr2_l1_coef, ref_lr2_l1_intercept, ref_lr2_l1_proba, 1e-4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_logistic (&cases[i]);
}

static void
test_logistic_multinomial (void)
{
  const LogisticCase cases[] = {
    { "multinomial none", ref_x3, ref_y3, N3, 3, LAB_PENALTY_NONE, 1.0,
      ref_lr3_none_coef, ref_lr3_none_intercept, ref_lr3_none_proba, 1e-6 },
    { "multinomial l2", ref_x3, ref_y3, N3, 3, LAB_PENALTY_L2, REF_C_L2,
      ref_lr3_l2_coef, ref_lr3_l2_intercept, ref_lr3_l2_proba, 1e-6 },
    { "multinomial l1", ref_x3, ref_y3, N3, 3, LAB_PENALTY_L1, REF_C_L1,
      ref_lr3_l1_coef, ref_lr3_l1_intercept, ref_lr3_l1_proba, 1e-4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_logistic (&cases[i]);
}

/* L1 zeros are exact zeros, where scikit-learn's are */
static void
test_logistic_l1_zeros (void)
{
  LabLogisticOptions options = { LAB_PENALTY_L1, REF_C_L1, 0, 0 };
  g_autoptr(LabLogistic) model = lab_logistic_fit (ref_x3, ref_y3, N3, 2, 3, NULL, 0, &options, NULL, NULL, NULL);

  g_assert_nonnull (model);
  for (guint i = 0; i < G_N_ELEMENTS (ref_lr3_l1_coef); i++)
    g_assert_true ((ref_lr3_l1_coef[i] == 0) == (model->coef[i] == 0));

  /* a small enough C drops every coefficient */
  {
    LabLogisticOptions tiny = { LAB_PENALTY_L1, 1e-4, 0, 0 };
    g_autoptr(LabLogistic) empty = lab_logistic_fit (ref_x3, ref_y3, N3, 2, 3, NULL, 0, &tiny, NULL, NULL, NULL);

    for (guint i = 0; i < 6; i++)
      g_assert_cmpfloat (empty->coef[i], ==, 0.0);
  }
}

static void
check_polynomial (const double *x,
                  const guint  *y,
                  gsize         n,
                  guint         k,
                  const double *features,
                  const double *coef,
                  const double *intercept,
                  const double *want_proba)
{
  guint m = lab_design_polynomial_size (2, REF_POLY_DEGREE);
  g_autofree double *z = g_new (double, n * m);
  g_autofree double *zq = g_new (double, NQ * m);
  g_autofree double *proba = g_new (double, NQ * k);
  g_auto(GStrv) names = NULL;
  g_autoptr(LabScaler) scaler = NULL;
  g_autoptr(LabLogistic) model = NULL;
  LabLogisticOptions options = { LAB_PENALTY_L2, REF_C_POLY, 0, 0 };
  const char * const inputs[] = { "a", "b" };

  g_assert_cmpuint (m, ==, 9);
  lab_design_polynomial (x, n, 2, REF_POLY_DEGREE, z, inputs, &names);
  lab_design_polynomial (ref_query, NQ, 2, REF_POLY_DEGREE, zq, NULL, NULL);
  assert_close ("PolynomialFeatures", zq, features, 3 * m, 1e-12);
  g_assert_cmpstr (names[0], ==, "a");
  g_assert_cmpstr (names[3], ==, "a·b");
  g_assert_cmpstr (names[6], ==, "a²·b");
  g_assert_cmpstr (names[8], ==, "b³");
  g_assert_null (names[9]);

  scaler = lab_scaler_new (z, n, m, NULL, 0);
  lab_scaler_transform (scaler, z, n);
  lab_scaler_transform (scaler, zq, NQ);
  model = lab_logistic_fit (z, y, n, m, k, NULL, 0, &options, NULL, NULL, NULL);
  g_assert_true (model->converged);
  assert_close ("polynomial coef", model->coef, coef, model->n_rows * m, 1e-6);
  assert_close ("polynomial intercept", model->intercept, intercept, model->n_rows, 1e-6);
  lab_logistic_predict_proba (model, zq, NQ, proba);
  assert_close ("polynomial proba", proba, want_proba, NQ * k, 1e-6);
}

static void
test_logistic_polynomial (void)
{
  check_polynomial (ref_x2, ref_y2, N2, 2, ref_poly2_features, ref_poly2_coef, ref_poly2_intercept, ref_poly2_proba);
  check_polynomial (ref_x3, ref_y3, N3, 3, ref_poly3_features, ref_poly3_coef, ref_poly3_intercept, ref_poly3_proba);
  g_assert_cmpuint (lab_design_polynomial_size (2, 6), ==, 27);
  g_assert_cmpuint (lab_design_polynomial_size (4, 2), ==, 7);
}

/* Perfect separation without a penalty: no maximum-likelihood estimate. The solver must stop
 * with finite coefficients and say so, not loop or report nonsense. */
static void
test_logistic_separable (void)
{
  LabLogisticOptions none = { LAB_PENALTY_NONE, 1.0, 0, 0 };
  LabLogisticOptions l2 = { LAB_PENALTY_L2, 1.0, 0, 0 };
  double x[2 * 40];
  guint y[40];

  /* complete separation: class by the sign of x₁ + x₂ − 0.3, with a margin */
  for (guint i = 0; i < 40; i++)
    {
      double a = -2 + 4.0 * ((i * 7) % 40) / 39, b = -2 + 4.0 * ((i * 13) % 40) / 39;
      double s = a + b - 0.3;

      if (fabs (s) < 0.2)
        a += s > 0 ? 0.4 : -0.4;
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[i] = a + b - 0.3 > 0;
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabLogistic) m = lab_logistic_fit (x, y, 40, 2, 2, NULL, 0, &none, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (m->separable);
    g_assert_false (m->converged);
    g_assert_cmpuint (m->n_iter, <, 100);
    for (guint j = 0; j < 2; j++)
      g_assert_true (isfinite (m->coef[j]) && fabs (m->coef[j]) < 1e4);
    g_assert_true (isfinite (m->intercept[0]));
    /* the stopping point classifies every row, along the separating direction */
    g_assert_cmpfloat (fabs (m->coef[0] - m->coef[1]), <, 0.05 * fabs (m->coef[0]));
    g_test_message ("separable: %u iterations, w = (%g, %g), b = %g", m->n_iter, m->coef[0], m->coef[1],
                    m->intercept[0]);
  }
  /* the same data with an L2 penalty: a finite optimum */
  {
    g_autoptr(LabLogistic) m = lab_logistic_fit (x, y, 40, 2, 2, NULL, 0, &l2, NULL, NULL, NULL);

    g_assert_true (m->converged);
    g_assert_false (m->separable);
  }
  /* three classes, each separable from the others */
  {
    double x3[2 * 30];
    guint y3[30];

    for (guint i = 0; i < 30; i++)
      {
        double a = 2 * G_PI * (i % 3) / 3;

        x3[2 * i] = 3 * cos (a) + 0.3 * cos (i * 1.7);
        x3[2 * i + 1] = 3 * sin (a) + 0.3 * sin (i * 2.3);
        y3[i] = i % 3;
      }
    {
      g_autoptr(LabLogistic) m = lab_logistic_fit (x3, y3, 30, 2, 3, NULL, 0, &none, NULL, NULL, NULL);

      g_assert_true (m->separable);
      for (guint j = 0; j < 6; j++)
        g_assert_true (isfinite (m->coef[j]));
    }
  }
  /* quasi-complete separation: x₁ < 0 is class 0 and x₁ > 0 class 1, but at x₁ = 0 both occur */
  {
    double xq[2 * 24];
    guint yq[24];

    for (guint i = 0; i < 24; i++)
      {
        xq[2 * i] = i < 10 ? -1 - 0.1 * i : i < 20 ? 1 + 0.1 * (i - 10) : 0.0;
        xq[2 * i + 1] = sin (i * 1.3);
        yq[i] = i < 10 ? 0 : i < 20 ? 1 : i % 2;
      }
    {
      g_autoptr(LabLogistic) m = lab_logistic_fit (xq, yq, 24, 2, 2, NULL, 0, &none, NULL, NULL, NULL);

      g_assert_true (m->separable);
      g_assert_true (isfinite (m->coef[0]));
    }
  }
  /* overlapping classes: the MLE exists */
  {
    g_autoptr(LabLogistic) m = lab_logistic_fit (ref_x2, ref_y2, N2, 2, 2, NULL, 0, &none, NULL, NULL, NULL);

    g_assert_false (m->separable);
  }
}

/* Every C from 10⁻³ to 10³ converges, cold and warm started: a strong penalty once left the
 * line search judging steps below the rounding of the objective */
static void
test_logistic_converges_everywhere (void)
{
  const LabPenalty penalties[] = { LAB_PENALTY_L2, LAB_PENALTY_L1 };

  for (guint k = 2; k <= 3; k++)
    for (guint p = 0; p < G_N_ELEMENTS (penalties); p++)
      {
        g_autoptr(LabLogistic) prev = NULL;

        for (guint i = 0; i <= 30; i++)
          {
            LabLogisticOptions o = { penalties[p], pow (10.0, -3.0 + 0.2 * i), 0, 0 };
            const double *x = k == 2 ? ref_x2 : ref_x3;
            const guint *y = k == 2 ? ref_y2 : ref_y3;
            gsize n = k == 2 ? N2 : N3;
            g_autoptr(LabLogistic) cold = lab_logistic_fit (x, y, n, 2, k, NULL, 0, &o, NULL, NULL, NULL);
            LabLogistic *warm = lab_logistic_fit (x, y, n, 2, k, NULL, 0, &o, prev, NULL, NULL);

            if (!cold->converged || !warm->converged || cold->n_iter > 30 || warm->n_iter > 30)
              g_error ("%u classes, %s, C = %g: %u / %u iterations, optimality %g / %g", k,
                       p == 0 ? "L2" : "L1", o.c, cold->n_iter, warm->n_iter, cold->optimality, warm->optimality);
            assert_close ("warm against cold", warm->coef, cold->coef, warm->n_rows * 2, 1e-7);
            lab_logistic_free (prev);
            prev = warm;
          }
      }
}

static void
test_logistic_rows_and_warm_start (void)
{
  LabLogisticOptions options = { LAB_PENALTY_L2, REF_C_L2, 0, 0 };
  g_autofree guint *rows = g_new (guint, N3);
  g_autofree double *x = g_new (double, 2 * N3);
  g_autofree guint *y = g_new (guint, N3);
  g_autoptr(LabLogistic) whole = NULL, warm = NULL, sub = NULL, copy = NULL;
  g_autoptr(LabLogistic) cold = NULL;
  LabLogisticOptions other = { LAB_PENALTY_L2, 10.0, 0, 0 };
  gsize m = 0;

  whole = lab_logistic_fit (ref_x3, ref_y3, N3, 2, 3, NULL, 0, &options, NULL, NULL, NULL);
  /* from the solution for another C */
  cold = lab_logistic_fit (ref_x3, ref_y3, N3, 2, 3, NULL, 0, &other, NULL, NULL, NULL);
  warm = lab_logistic_fit (ref_x3, ref_y3, N3, 2, 3, NULL, 0, &options, cold, NULL, NULL);
  assert_close ("warm start", warm->coef, whole->coef, 6, 1e-7);

  /* a subset by index = the same rows copied */
  for (gsize i = 0; i < N3; i += 2)
    {
      rows[m] = (guint) i;
      x[2 * m] = ref_x3[2 * i];
      x[2 * m + 1] = ref_x3[2 * i + 1];
      y[m] = ref_y3[i];
      m++;
    }
  sub = lab_logistic_fit (ref_x3, ref_y3, N3, 2, 3, rows, m, &options, NULL, NULL, NULL);
  copy = lab_logistic_fit (x, y, m, 2, 3, NULL, 0, &options, NULL, NULL, NULL);
  assert_close ("rows", sub->coef, copy->coef, 6, 1e-12);
}

static void
test_logistic_errors (void)
{
  LabLogisticOptions bad = { LAB_PENALTY_L2, 0.0, 0, 0 };
  LabLogisticOptions ok = { LAB_PENALTY_L2, 1.0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LabLogistic *m;

  m = lab_logistic_fit (ref_x2, ref_y2, N2, 2, 2, NULL, 0, &bad, NULL, NULL, &error);
  g_assert_null (m);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "c must be a positive number"));
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  m = lab_logistic_fit (ref_x2, ref_y2, N2, 2, 2, NULL, 0, &ok, NULL, cancellable, &error);
  g_assert_null (m);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* a constant column: its coefficient stays 0, even without a penalty */
  {
    double x[3 * N2];
    LabLogisticOptions none = { LAB_PENALTY_NONE, 1.0, 0, 0 };
    g_autoptr(LabLogistic) c = NULL;

    for (gsize i = 0; i < N2; i++)
      {
        x[3 * i] = ref_x2[2 * i];
        x[3 * i + 1] = 0.0;
        x[3 * i + 2] = ref_x2[2 * i + 1];
      }
    c = lab_logistic_fit (x, ref_y2, N2, 3, 2, NULL, 0, &none, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (c->converged);
    g_assert_cmpfloat (c->coef[1], ==, 0.0);
    g_assert_cmpfloat_with_epsilon (c->coef[0], ref_lr2_none_coef[0], 1e-6);
    g_assert_cmpfloat_with_epsilon (c->coef[2], ref_lr2_none_coef[1], 1e-6);
  }
}

/* ---- Gaussian classifiers ---- */

static LabGaussianClassifier *
fit_ok (LabGaussianKind kind,
        const double   *x,
        const guint    *y,
        gsize           n,
        guint           k,
        double          smoothing)
{
  g_autoptr(GError) error = NULL;
  LabGaussianClassifier *m = lab_gaussian_fit (kind, x, y, n, 2, k, NULL, 0, smoothing, NULL, NULL, &error);

  g_assert_no_error (error);
  return m;
}

static void
check_proba (const char                  *what,
             const LabGaussianClassifier *m,
             const double                *want)
{
  g_autofree double *proba = g_new (double, NQ * m->n_classes);

  lab_gaussian_predict_proba (m, ref_query, NQ, proba);
  assert_close (what, proba, want, NQ * m->n_classes, 1e-9);
}

static void
test_naive_bayes (void)
{
  g_autoptr(LabGaussianClassifier) nb2 = fit_ok (LAB_GAUSSIAN_NAIVE_BAYES, ref_x2, ref_y2, N2, 2, REF_VAR_SMOOTHING);
  g_autoptr(LabGaussianClassifier) nb3 = fit_ok (LAB_GAUSSIAN_NAIVE_BAYES, ref_x3, ref_y3, N3, 3, REF_VAR_SMOOTHING);
  g_autoptr(LabGaussianClassifier) s2 = fit_ok (LAB_GAUSSIAN_NAIVE_BAYES, ref_x2, ref_y2, N2, 2, 0.5);
  g_autoptr(LabGaussianClassifier) s3 = fit_ok (LAB_GAUSSIAN_NAIVE_BAYES, ref_x3, ref_y3, N3, 3, 0.5);

  assert_close ("theta", nb3->means, ref_nb3_theta, 6, 1e-12);
  assert_close ("var", nb3->var, ref_nb3_var, 6, 1e-12);
  assert_close ("prior", nb3->priors, ref_nb3_prior, 3, 1e-15);
  assert_close ("var", nb2->var, ref_nb2_var, 4, 1e-12);
  check_proba ("naive Bayes (2)", nb2, ref_nb2_proba);
  check_proba ("naive Bayes (3)", nb3, ref_nb3_proba);
  check_proba ("naive Bayes smoothed (2)", s2, ref_nb2_smooth_proba);
  check_proba ("naive Bayes smoothed (3)", s3, ref_nb3_smooth_proba);
}

static void
test_lda (void)
{
  g_autoptr(LabGaussianClassifier) l2 = fit_ok (LAB_GAUSSIAN_LDA, ref_x2, ref_y2, N2, 2, 0);
  g_autoptr(LabGaussianClassifier) l3 = fit_ok (LAB_GAUSSIAN_LDA, ref_x3, ref_y3, N3, 3, 0);

  g_assert_cmpuint (l2->n_coef_rows, ==, 1);
  g_assert_cmpuint (l3->n_coef_rows, ==, 3);
  assert_close ("LDA coef (2)", l2->coef, ref_lda2_coef, 2, 1e-10);
  assert_close ("LDA intercept (2)", l2->intercept, ref_lda2_intercept, 1, 1e-10);
  assert_close ("LDA coef (3)", l3->coef, ref_lda3_coef, 6, 1e-10);
  assert_close ("LDA intercept (3)", l3->intercept, ref_lda3_intercept, 3, 1e-10);
  check_proba ("LDA (2)", l2, ref_lda2_proba);
  check_proba ("LDA (3)", l3, ref_lda3_proba);
}

static void
test_qda (void)
{
  g_autoptr(LabGaussianClassifier) q2 = fit_ok (LAB_GAUSSIAN_QDA, ref_x2, ref_y2, N2, 2, 0);
  g_autoptr(LabGaussianClassifier) q3 = fit_ok (LAB_GAUSSIAN_QDA, ref_x3, ref_y3, N3, 3, 0);
  g_autoptr(LabGaussianClassifier) r2 = fit_ok (LAB_GAUSSIAN_QDA, ref_x2, ref_y2, N2, 2, REF_REG);
  g_autoptr(LabGaussianClassifier) r3 = fit_ok (LAB_GAUSSIAN_QDA, ref_x3, ref_y3, N3, 3, REF_REG);
  double cov[4];

  for (guint k = 0; k < 3; k++)
    {
      lab_gaussian_get_covariance (q3, k, cov);
      assert_close ("QDA covariance", cov, ref_qda3_cov + 4 * k, 4, 1e-12);
    }
  check_proba ("QDA (2)", q2, ref_qda2_proba);
  check_proba ("QDA (3)", q3, ref_qda3_proba);
  check_proba ("QDA reg (2)", r2, ref_qda2_reg_proba);
  check_proba ("QDA reg (3)", r3, ref_qda3_reg_proba);
}

/* A constant feature makes the covariance singular: LDA and QDA without reg-param name it. */
static void
test_constant_column (void)
{
  const char * const features[] = { "height", "colour", "weight" };
  const char * const classes[] = { "cat", "dog", "fox" };
  double x[3 * N3];
  g_autoptr(GError) error = NULL;
  LabGaussianClassifier *m;

  for (gsize i = 0; i < N3; i++)
    {
      x[3 * i] = ref_x3[2 * i];
      x[3 * i + 1] = 4.0;
      x[3 * i + 2] = ref_x3[2 * i + 1];
    }

  m = lab_gaussian_fit (LAB_GAUSSIAN_LDA, x, ref_y3, N3, 3, 3, NULL, 0, 0, features, classes, &error);
  g_assert_null (m);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "LDA: feature “colour” is constant within every class"));
  g_clear_error (&error);

  m = lab_gaussian_fit (LAB_GAUSSIAN_QDA, x, ref_y3, N3, 3, 3, NULL, 0, 0, features, classes, &error);
  g_assert_null (m);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "QDA: feature “colour” is constant within class “cat”"));
  g_assert_nonnull (strstr (error->message, "reg-param"));
  g_clear_error (&error);

  /* constant within one class only: QDA fails there, LDA does not */
  for (gsize i = 0; i < N3; i++)
    x[3 * i + 1] = ref_y3[i] == 1 ? 4.0 : ref_x3[2 * i] * 0.5 + sin ((double) i);
  m = lab_gaussian_fit (LAB_GAUSSIAN_QDA, x, ref_y3, N3, 3, 3, NULL, 0, 0, features, classes, &error);
  g_assert_null (m);
  g_assert_nonnull (strstr (error->message, "constant within class “dog”"));
  g_clear_error (&error);
  m = lab_gaussian_fit (LAB_GAUSSIAN_LDA, x, ref_y3, N3, 3, 3, NULL, 0, 0, features, classes, &error);
  g_assert_no_error (error);
  lab_gaussian_free (m);
  /* with reg-param, QDA is fine */
  m = lab_gaussian_fit (LAB_GAUSSIAN_QDA, x, ref_y3, N3, 3, 3, NULL, 0, 0.1, features, classes, &error);
  g_assert_no_error (error);
  lab_gaussian_free (m);

  /* collinear but not constant */
  for (gsize i = 0; i < N3; i++)
    x[3 * i + 1] = 2 * x[3 * i] - x[3 * i + 2];
  m = lab_gaussian_fit (LAB_GAUSSIAN_LDA, x, ref_y3, N3, 3, 3, NULL, 0, 0, features, classes, &error);
  g_assert_null (m);
  g_assert_nonnull (strstr (error->message, "collinear"));
  g_clear_error (&error);

  /* naive Bayes: a constant column is harmless while var-smoothing > 0 … */
  for (gsize i = 0; i < N3; i++)
    x[3 * i + 1] = 4.0;
  m = lab_gaussian_fit (LAB_GAUSSIAN_NAIVE_BAYES, x, ref_y3, N3, 3, 3, NULL, 0, 1e-9, features, classes, &error);
  g_assert_no_error (error);
  lab_gaussian_free (m);
  /* … and an error without it */
  m = lab_gaussian_fit (LAB_GAUSSIAN_NAIVE_BAYES, x, ref_y3, N3, 3, 3, NULL, 0, 0, features, classes, &error);
  g_assert_null (m);
  g_assert_nonnull (strstr (error->message, "“colour” has zero variance within class “cat”"));
  g_clear_error (&error);

  /* too few rows in a class */
  {
    guint rows[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    guint y[8] = { 0, 0, 0, 0, 0, 1, 1, 0 };

    m = lab_gaussian_fit (LAB_GAUSSIAN_QDA, ref_x3, y, 8, 2, 2, rows, 8, 0, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_nonnull (strstr (error->message, "class “1” has 2 training rows; it needs at least 3"));
    g_clear_error (&error);
  }
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/classifiers/logistic/binary", test_logistic_binary);
  g_test_add_func ("/engine/classifiers/logistic/multinomial", test_logistic_multinomial);
  g_test_add_func ("/engine/classifiers/logistic/l1-zeros", test_logistic_l1_zeros);
  g_test_add_func ("/engine/classifiers/logistic/polynomial", test_logistic_polynomial);
  g_test_add_func ("/engine/classifiers/logistic/separable", test_logistic_separable);
  g_test_add_func ("/engine/classifiers/logistic/converges-everywhere", test_logistic_converges_everywhere);
  g_test_add_func ("/engine/classifiers/logistic/rows-and-warm-start", test_logistic_rows_and_warm_start);
  g_test_add_func ("/engine/classifiers/logistic/errors", test_logistic_errors);
  g_test_add_func ("/engine/classifiers/naive-bayes", test_naive_bayes);
  g_test_add_func ("/engine/classifiers/lda", test_lda);
  g_test_add_func ("/engine/classifiers/qda", test_qda);
  g_test_add_func ("/engine/classifiers/constant-column", test_constant_column);
  return g_test_run ();
}
