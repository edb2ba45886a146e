/* test-topic-classifiers.c — the classifiers topic against scikit-learn, its errors and views
 *
 * Reference values: tests/reference/classifiers_topic_reference.py →
 * tests/classifiers-topic-reference.h (scikit-learn 1.2 on a CSV the script writes; every
 * row trains). The engine's own tests are in test-classifiers.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "topic-test.h"
#include "classifiers/classifiers-private.h"
#include "classifiers-topic-reference.h"

static const LabTopic *topic = &lab_topic_classifiers;

/* @n values within @tol (absolute) of scikit-learn's */
static void
assert_close (const char   *what,
              const double *got,
              const double *want,
              gsize         n,
              double        tol)
{
  for (gsize i = 0; i < n; i++)
    topic_test_assert_close (got[i], want[i], 0, tol, "%s[%zu]", what, i);
}

static LabResult *
compute_data (LabDataset  *data,
              const char  *assignments,
              LabParams  **params_out,
              GError     **error)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  LabResult *result;

  if (!lab_params_apply_assignments (params, assignments, error))
    return NULL;
  result = lab_topic_compute (topic, params, data, NULL, NULL, error);
  if (params_out != NULL)
    *params_out = g_steal_pointer (&params);
  return result;
}

static const ClsFit *
find_fit (const ClsResult *r,
          ClsModel         kind)
{
  for (guint m = 0; m < r->n_fits; m++)
    if (r->fits[m].kind == kind)
      return &r->fits[m];
  g_error ("model %s not fitted", cls_model_nick (kind));
  return NULL;
}

static void
check_scores (const char   *what,
              const ClsFit *fit,
              const double *want)
{
  double got[3] = { fit->train_accuracy, fit->log_loss, fit->brier };

  assert_close (what, got, want, 3, 1e-9);
}

static void
test_against_sklearn (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text (ref_csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_data (data,
    "source=data feature-columns=a,b,c label-column=y test-fraction=0 models=logistic,naive-bayes,lda,qda "
    "penalty=l2 c=0.7 degree=2 var-smoothing=1e-9 reg-param=0.1", &params, &error);
  const ClsResult *r = (const ClsResult *) result;
  const ClsFit *lr, *nb, *lda, *qda;

  g_assert_no_error (error);
  g_assert_cmpuint (r->n_train, ==, 105);
  g_assert_cmpuint (r->n_test, ==, 0);
  g_assert_cmpuint (r->n_design, ==, 6);
  g_assert_cmpstr (r->design_names[4], ==, "b²");
  g_assert_cmpstr (r->design_names[5], ==, "c");

  lr = find_fit (r, CLS_MODEL_LOGISTIC);
  g_assert_true (lr->lr->converged);
  assert_close ("logistic coef", lr->lr->coef, ref_lr_l2_coef, 18, 1e-6);
  assert_close ("logistic intercept", lr->lr->intercept, ref_lr_l2_intercept, 3, 1e-6);
  check_scores ("logistic scores", lr, ref_lr_l2_scores);
  g_assert_true (isnan (lr->test_accuracy));

  nb = find_fit (r, CLS_MODEL_NAIVE_BAYES);
  assert_close ("theta", nb->gc->means, ref_nb_theta, 9, 1e-12);
  assert_close ("var", nb->gc->var, ref_nb_var, 9, 1e-12);
  assert_close ("prior", nb->gc->priors, ref_nb_prior, 3, 1e-15);
  check_scores ("naive Bayes scores", nb, ref_nb_scores);

  lda = find_fit (r, CLS_MODEL_LDA);
  assert_close ("LDA coef", lda->gc->coef, ref_lda_coef, 9, 1e-9);
  assert_close ("LDA intercept", lda->gc->intercept, ref_lda_intercept, 3, 1e-9);
  assert_close ("LDA means", lda->gc->means, ref_lda_means, 9, 1e-12);
  check_scores ("LDA scores", lda, ref_lda_scores);

  qda = find_fit (r, CLS_MODEL_QDA);
  check_scores ("QDA scores", qda, ref_qda_scores);

  /* without a penalty, degree 2 */
  {
    g_autoptr(LabResult) none = compute_data (data,
      "source=data feature-columns=a,b,c label-column=y test-fraction=0 models=logistic penalty=none degree=2",
      NULL, &error);
    const ClsFit *f;

    g_assert_no_error (error);
    f = find_fit ((const ClsResult *) none, CLS_MODEL_LOGISTIC);
    g_assert_false (f->lr->separable);
    assert_close ("logistic (none) coef", f->lr->coef, ref_lr_none_coef, 18, 1e-6);
    assert_close ("logistic (none) intercept", f->lr->intercept, ref_lr_none_intercept, 3, 1e-6);
    check_scores ("logistic (none) scores", f, ref_lr_none_scores);
  }

  /* the JSON carries the contract's keys */
  {
    g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);
    g_autofree char *json = lab_metrics_to_json (m);
    const char *keys[] = { "\"models\": [", "\"name\": \"logistic\"", "\"coefficients\": [", "\"intercept\": [",
                           "\"train_accuracy\":", "\"test_accuracy\": null", "\"log_loss\":", "\"brier\":",
                           "\"test_log_loss\": null", "\"class_prior\": [", "\"theta\": [", "\"var\": [",
                           "\"means\": [", "\"priors\": [", "\"separable\": false", "\"name\": \"naive-bayes\"",
                           "\"name\": \"lda\"", "\"name\": \"qda\"" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      if (strstr (json, keys[i]) == NULL)
        g_error ("no %s in\n%s", keys[i], json);
    g_assert_cmpfloat (lab_metrics_get_double (m, "n_test"), ==, 0);
  }
}

static void
test_separable (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (topic,
    "dataset=blobs classes=2 noise=0.3 n=100 models=logistic penalty=none", &params);
  g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);
  g_autofree char *json = lab_metrics_to_json (m);
  const ClsFit *f = find_fit ((const ClsResult *) result, CLS_MODEL_LOGISTIC);

  g_assert_true (f->lr->separable);
  for (guint j = 0; j < 2; j++)
    g_assert_true (isfinite (f->lr->coef[j]));
  g_assert_nonnull (strstr (json, "\"separable\": true"));
  g_assert_nonnull (strstr (json, "no maximum"));
  lab_figure_unref (topic_test_render_ok (topic, result, params, 900, 600));

  /* a penalty makes it finite */
  {
    g_autoptr(LabResult) l2 = topic_test_compute_ok (topic,
      "dataset=blobs classes=2 noise=0.3 n=100 models=logistic penalty=l2", NULL);

    g_assert_false (find_fit ((const ClsResult *) l2, CLS_MODEL_LOGISTIC)->lr->separable);
  }
}

static void
expect_error (LabDataset *data,
              const char *assignments,
              int         code,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = compute_data (data, assignments, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, LAB_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s: “%s” lacks “%s”", assignments, error->message, fragment);
}

static void
test_errors (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text (
    "a,b,k,name,one,y\n"
    "0.1,1.2,3,x,1,0\n1.5,0.3,3,y,1,1\n0.4,0.9,3,z,1,0\n2.2,0.1,3,w,1,1\n0.3,1.4,3,v,1,0\n"
    "1.9,0.6,3,u,1,1\n0.8,1.0,3,t,1,0\n2.5,0.2,3,s,1,1\n0.2,0.7,3,r,1,0\n1.7,0.5,3,q,1,1\n");
  g_autoptr(GError) error = NULL;

  expect_error (NULL, "models=logistic,svm", LAB_ERROR_USAGE, "unknown model “svm”");
  expect_error (NULL, "models=,", LAB_ERROR_USAGE, "name at least one");
  expect_error (NULL, "source=data", LAB_ERROR_USAGE, "needs a dataset");
  expect_error (data, "source=data feature-columns=a label-column=y", LAB_ERROR_USAGE, "at least two");
  expect_error (data, "source=data feature-columns=a,nope label-column=y", LAB_ERROR_USAGE, "nope");
  expect_error (data, "source=data feature-columns=a,name label-column=y", LAB_ERROR_DATA, "holds text");
  expect_error (data, "source=data feature-columns=a,b label-column=one", LAB_ERROR_DATA, "one class only");
  /* a constant column: LDA and QDA without reg-param name it */
  expect_error (data, "source=data feature-columns=a,b,k label-column=y test-fraction=0 models=lda",
                LAB_ERROR_DATA, "LDA: feature “k” is constant within every class");
  expect_error (data, "source=data feature-columns=a,b,k label-column=y test-fraction=0 models=qda reg-param=0",
                LAB_ERROR_DATA, "QDA: feature “k” is constant within class “0”");
  {
    g_autoptr(LabResult) ok = compute_data (data,
      "source=data feature-columns=a,b,k label-column=y test-fraction=0 models=qda,naive-bayes,logistic reg-param=0.2",
      NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (ok);
  }
  expect_error (data, "source=data feature-columns=a,b label-column=y test-fraction=0 view=learning-curve",
                LAB_ERROR_USAGE, "test-fraction above 0");
  /* bad values never reach compute */
  {
    g_autoptr(LabParams) params = lab_topic_new_params (topic);

    g_assert_false (lab_params_apply_assignments (params, "c=0", &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "c"));
    g_clear_error (&error);
    g_assert_false (lab_params_apply_assignments (params, "degree=7", &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_clear_error (&error);
    g_assert_false (lab_params_apply_assignments (params, "penalty=elasticnet", &error));
    g_assert_nonnull (strstr (error->message, "none, l2, l1"));
    g_clear_error (&error);
  }
}

static void
test_test_fraction (void)
{
  g_autoptr(LabResult) all = topic_test_compute_ok (topic, "n=200 test-fraction=0", NULL);
  g_autoptr(LabResult) part = topic_test_compute_ok (topic, "n=200 test-fraction=0.25", NULL);
  const ClsResult *a = (const ClsResult *) all, *p = (const ClsResult *) part;

  g_assert_cmpuint (a->n_train, ==, 200);
  g_assert_cmpuint (a->n_test, ==, 0);
  g_assert_true (isnan (a->fits[0].test_accuracy));
  g_assert_cmpuint (p->n_train, ==, 150);
  g_assert_cmpuint (p->n_test, ==, 50);
  g_assert_true (p->fits[0].test_accuracy >= 0 && p->fits[0].test_accuracy <= 1);
}

static void
test_deterministic (void)
{
  g_autoptr(LabResult) a = topic_test_compute_ok (topic, "dataset=blobs classes=4 seed=7", NULL);
  g_autoptr(LabResult) b = topic_test_compute_ok (topic, "dataset=blobs classes=4 seed=7", NULL);
  const ClsResult *ra = (const ClsResult *) a, *rb = (const ClsResult *) b;

  for (guint m = 0; m < ra->n_fits; m++)
    g_assert_cmpmem (ra->fits[m].grid, GRID_N * GRID_N * 4 * sizeof (double),
                     rb->fits[m].grid, GRID_N * GRID_N * 4 * sizeof (double));
}

/* Every view renders, every preset computes and renders */
static void
test_views_and_presets (void)
{
  const char *views[] = { "regions", "overlay", "calibration", "coefficient-paths", "learning-curve", "loss" };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    for (guint k = 2; k <= 3; k++)
      {
        g_autofree char *a = g_strdup_printf ("dataset=blobs classes=%u degree=2 n=300 view=%s", k, views[v]);
        g_autoptr(LabParams) params = NULL;
        g_autoptr(LabResult) result = topic_test_compute_ok (topic, a, &params);
        g_autoptr(LabFigure) fig = topic_test_render_ok (topic, result, params, 1000, 700);

        g_assert_cmpuint (lab_figure_get_n_axes (fig), >=, 1);
      }
  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabFigure) fig = NULL;

      g_test_message ("preset %s", topic->presets[i].name);
      g_assert_true (lab_topic_apply_preset (topic, params, i, &error));
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      fig = topic_test_render_ok (topic, result, params, 1000, 700);
    }
}

/* The lessons the presets promise, in numbers */
static void
test_lessons (void)
{
  /* L1 zeroes weights at small C, L2 does not */
  {
    g_autoptr(LabResult) r = topic_test_compute_ok (topic,
      "dataset=moons n=400 degree=4 penalty=l1 c=0.3 models=logistic view=coefficient-paths", NULL);
    const ClsResult *p = (const ClsResult *) r;
    guint zeros_l1 = 0, zeros_l2 = 0, m = p->n_design;

    for (guint j = 0; j < m; j++)
      {
        zeros_l1 += p->path_coef[0][(gsize) 10 * m + j] == 0;   /* C = 10⁻¹ */
        zeros_l2 += p->path_coef[1][(gsize) 10 * m + j] == 0;
      }
    g_assert_cmpuint (zeros_l1, >, m / 2);
    g_assert_cmpuint (zeros_l2, ==, 0);
  }
  /* naive Bayes double-counts correlated evidence: worse calibrated than LDA */
  {
    g_autoptr(LabResult) r = topic_test_compute_ok (topic,
      "dataset=correlated n=4000 models=naive-bayes,lda view=calibration", NULL);
    const ClsResult *p = (const ClsResult *) r;

    g_assert_cmpfloat (find_fit (p, CLS_MODEL_NAIVE_BAYES)->ece, >, 5 * find_fit (p, CLS_MODEL_LDA)->ece);
    g_assert_cmpfloat (find_fit (p, CLS_MODEL_NAIVE_BAYES)->test_log_loss, >, find_fit (p, CLS_MODEL_LDA)->test_log_loss);
  }
  /* polynomial features let logistic regression separate circles */
  {
    g_autoptr(LabResult) lin = topic_test_compute_ok (topic, "dataset=circles noise=0.1 models=logistic degree=1", NULL);
    g_autoptr(LabResult) quad = topic_test_compute_ok (topic, "dataset=circles noise=0.1 models=logistic degree=2 c=10", NULL);

    g_assert_cmpfloat (((const ClsResult *) lin)->fits[0].test_accuracy, <, 0.7);
    g_assert_cmpfloat (((const ClsResult *) quad)->fits[0].test_accuracy, >, 0.95);
  }
  /* the squared error of a sigmoid: its surface is not convex — a chord lies below it somewhere */
  {
    g_autoptr(LabResult) r = topic_test_compute_ok (topic, "dataset=blobs classes=2 noise=1 view=loss", NULL);
    const ClsResult *p = (const ClsResult *) r;
    gboolean mse_nonconvex = FALSE, ce_nonconvex = FALSE;

    for (guint a = 0; a < LOSS_N; a++)
      for (guint b = 1; b + 1 < LOSS_N; b++)
        {
          const double *ce = p->loss_ce + a * LOSS_N, *se = p->loss_mse + a * LOSS_N;

          /* a discrete second difference along w₁ */
          mse_nonconvex |= se[b - 1] + se[b + 1] - 2 * se[b] < -1e-9;
          ce_nonconvex |= ce[b - 1] + ce[b + 1] - 2 * ce[b] < -1e-9;
        }
    g_assert_true (mse_nonconvex);
    g_assert_false (ce_nonconvex);
  }
}

static void
test_click_sets_c (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) r = topic_test_compute_ok (topic, "models=logistic view=coefficient-paths", &params);

  g_assert_true (topic->click (r, params, TAG_PATH_L1, 0.05, 0.3));
  g_assert_cmpfloat_with_epsilon (lab_params_get_double (params, "c"), 0.05, 1e-12);
  g_assert_false (topic->click (r, params, TAG_REGIONS, 0.05, 0.3));
}

/* 10,000 points, every model: fits and renders (the bench measures the time) */
static void
test_large (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) r = topic_test_compute_ok (topic, "dataset=blobs classes=3 n=10000 noise=1.2", &params);
  g_autoptr(LabFigure) fig = topic_test_render_ok (topic, r, params, 1200, 800);
  const ClsResult *p = (const ClsResult *) r;

  g_assert_cmpuint (p->n_fits, ==, 4);
  for (guint m = 0; m < p->n_fits; m++)
    g_assert_cmpfloat (p->fits[m].test_accuracy, >, 0.8);
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topics/classifiers/against-sklearn", test_against_sklearn);
  g_test_add_func ("/topics/classifiers/separable", test_separable);
  g_test_add_func ("/topics/classifiers/errors", test_errors);
  g_test_add_func ("/topics/classifiers/test-fraction", test_test_fraction);
  g_test_add_func ("/topics/classifiers/deterministic", test_deterministic);
  g_test_add_func ("/topics/classifiers/views-and-presets", test_views_and_presets);
  g_test_add_func ("/topics/classifiers/lessons", test_lessons);
  g_test_add_func ("/topics/classifiers/click", test_click_sets_c);
  g_test_add_func ("/topics/classifiers/large", test_large);
  return g_test_run ();
}
