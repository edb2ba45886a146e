/* test-topic-kernels.c — the kernels topic against scikit-learn's SVC, its errors and views
 *
 * Reference values: tests/reference/kernels_reference.py → tests/kernels-reference.h
 * (scikit-learn 1.2's SVC on a CSV the script writes, text labels, every row training).
 * The engine's own tests (every kernel, row order, Gram eigenvalues) are in test-svm.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "topic-test.h"
#include "kernels/kernels-private.h"
#include "kernels-reference.h"

static const LabTopic *topic = &lab_topic_kernels;

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

#define CSV_ARGS "source=data feature-columns=x1,x2 label-column=colour test-fraction=0 kernel=rbf gamma=scale c=1"

static void
test_against_sklearn (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text (ref_csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_data (data, CSV_ARGS, &params, &error);
  const KrnResult *r = (const KrnResult *) result;
  LabMetrics *m;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  /* text labels sorted as scikit-learn sorts them, although "red" comes first */
  g_assert_cmpstr (r->points->class_names[0], ==, "blue");
  g_assert_cmpstr (r->points->class_names[1], ==, "red");
  topic_test_assert_close (r->gamma, REF_CSV_GAMMA, 1e-14, 0, "gamma=scale");
  g_assert_cmpuint (r->svm->n_support, ==, REF_CSV_N_SUPPORT);
  for (guint s = 0; s < REF_CSV_N_SUPPORT; s++)
    {
      g_assert_cmpuint (r->points->rows[r->svm->support[s]], ==, (guint) ref_csv_support[s]);
      topic_test_assert_close (r->svm->dual_coef[s], ref_csv_dual[s], 0, 1e-8, "dual_coef[%u]", s);
    }
  topic_test_assert_close (r->svm->intercept, REF_CSV_INTERCEPT, 0, 1e-8, "intercept");
  topic_test_assert_close (r->train_accuracy, REF_CSV_TRAIN_ACCURACY, 0, 1e-12, "train_accuracy");
  g_assert_true (isnan (r->test_accuracy));

  m = lab_topic_get_metrics (topic, result, params);
  json = lab_metrics_to_json (m);
  for (guint k = 0; k < 8; k++)
    {
      static const char * const keys[] = { "\"n_support\"", "\"support_indices\"", "\"dual_coef\"", "\"intercept\"",
                                           "\"train_accuracy\"", "\"test_accuracy\"", "\"margin_width\"",
                                           "\"gram_min_eigenvalue\"" };

      g_assert_nonnull (strstr (json, keys[k]));
    }
  topic_test_assert_close (lab_metrics_get_double (m, "n_support"), REF_CSV_N_SUPPORT, 0, 0, "n_support");
  topic_test_assert_close (lab_metrics_get_double (m, "intercept"), REF_CSV_INTERCEPT, 0, 1e-8, "intercept (JSON)");
  lab_metrics_free (m);
}

/* The same CSV with a "blue" row first: the same machine (the support vectors are the same
 * points), the same class names */
static void
test_row_order (void)
{
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;
  g_auto(GStrv) lines = g_strsplit (ref_csv, "\n", -1);
  GString *csv = g_string_new (NULL);
  guint first_blue = 0, n = g_strv_length (lines);
  const KrnResult *r;

  for (guint i = 1; i < n; i++)
    if (g_str_has_suffix (lines[i], ",blue"))
      {
        first_blue = i;
        break;
      }
  g_assert_cmpuint (first_blue, >, 1);
  g_string_append_printf (csv, "%s\n%s\n", lines[0], lines[first_blue]);
  for (guint i = 1; i < n; i++)
    if (i != first_blue && lines[i][0] != '\0')
      g_string_append_printf (csv, "%s\n", lines[i]);
  data = topic_test_load_text (csv->str);
  g_string_free (csv, TRUE);
  result = compute_data (data, CSV_ARGS, NULL, &error);
  g_assert_no_error (error);
  r = (const KrnResult *) result;
  g_assert_cmpstr (r->points->class_names[0], ==, "blue");
  g_assert_cmpuint (r->svm->n_support, ==, REF_CSV_N_SUPPORT);
  for (guint s = 0; s < REF_CSV_N_SUPPORT; s++)
    {
      /* dataset row in the new order → row in the reference's order */
      guint row = r->points->rows[r->svm->support[s]] + 1, old = row == 1 ? first_blue : row <= first_blue ? row - 1 : row;

      g_assert_cmpuint (old - 1, ==, (guint) ref_csv_support[s]);
      topic_test_assert_close (r->svm->dual_coef[s], ref_csv_dual[s], 0, 1e-8, "reordered dual_coef[%u]", s);
    }
  topic_test_assert_close (r->svm->intercept, REF_CSV_INTERCEPT, 0, 1e-8, "reordered intercept");
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
    g_error ("%s: “%s” does not mention “%s”", assignments, error->message, fragment);
}

static void
test_errors (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text (ref_csv);
  g_autoptr(LabDataset) one = topic_test_load_text ("x1,x2,colour\n0,0,red\n1,1,red\n2,0,red\n0,2,red\n");
  g_autoptr(LabDataset) lonely = topic_test_load_text ("x1,x2,colour\n0,0,red\n1,1,blue\n2,0,blue\n0,2,blue\n3,3,blue\n");
  g_autoptr(LabDataset) three = topic_test_load_text ("x1,x2,colour\n0,0,red\n1,1,blue\n2,0,green\n0,2,blue\n3,3,red\n");

  expect_error (data, CSV_ARGS " gamma=0", LAB_ERROR_USAGE, "gamma:");
  expect_error (data, CSV_ARGS " gamma=-1", LAB_ERROR_USAGE, "gamma:");
  expect_error (data, CSV_ARGS " gamma=wide", LAB_ERROR_USAGE, "gamma:");
  expect_error (one, CSV_ARGS, LAB_ERROR_DATA, "colour");
  expect_error (lonely, CSV_ARGS, LAB_ERROR_DATA, "at least 2");
  expect_error (three, CSV_ARGS, LAB_ERROR_DATA, "label-column");
  expect_error (data, "source=data feature-columns=x1 label-column=colour", LAB_ERROR_USAGE, "feature-columns");
  expect_error (data, "source=data feature-columns=x1,nope label-column=colour", LAB_ERROR_USAGE, "nope");
  expect_error (NULL, "source=data", LAB_ERROR_USAGE, "dataset");
  /* too few generated rows for a test split that leaves 2 of each class */
  expect_error (NULL, "n=20 test-fraction=0.9", LAB_ERROR_DATA, "at least 2");
}

static void
test_views (void)
{
  static const char * const views[] = { "regions", "c-sweep", "gamma-sweep", "lift", "gram", "kernel-ridge" };
  static const char * const kernels[] = { "linear", "poly", "rbf", "sigmoid" };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    for (guint k = 0; k < G_N_ELEMENTS (kernels); k++)
      {
        g_autofree char *args = g_strdup_printf ("view=%s kernel=%s n=120", views[v], kernels[k]);
        g_autoptr(LabParams) params = NULL;
        g_autoptr(LabResult) result = topic_test_compute_ok (topic, args, &params);
        LabFigure *fig = topic_test_render_ok (topic, result, params, 1280, 800);
        const KrnResult *r = (const KrnResult *) result;

        if (r->krr == NULL)
          g_assert_cmpint (isfinite (r->margin_width), ==, g_str_equal (kernels[k], "linear"));
        if (g_str_has_suffix (views[v], "sweep"))
          g_assert_cmpuint (r->n_sweep, ==, KRN_N_SWEEP);
        lab_figure_unref (fig);
      }
}

/* the margin is 2/‖w‖, and the free support vectors (0 < α < C) lie on it: |f(x)| = 1 to
 * LIBSVM's tolerance (10⁻³ on the KKT conditions) */
static void
test_margin (void)
{
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "dataset=blobs noise=1.6 kernel=linear c=1 test-fraction=0", NULL);
  const KrnResult *r = (const KrnResult *) result;
  const LabSvm *svm = r->svm;
  guint on_margin = 0;

  topic_test_assert_close (r->margin_width, 2 / hypot (svm->w[0], svm->w[1]), 1e-14, 0, "margin");
  for (guint s = 0; s < svm->n_support; s++)
    if (svm->alpha[s] < svm->c * (1 - 1e-9))
      {
        double f = lab_svm_decision (svm, svm->sv + 2 * (gsize) s);

        topic_test_assert_close (fabs (f), 1, 0, 2e-3, "|f| of free support vector %u", s);
        on_margin++;
      }
    else
      g_assert_cmpfloat (lab_svm_decision (svm, svm->sv + 2 * (gsize) s) * (svm->dual_coef[s] > 0 ? 1 : -1), <=, 1 + 2e-3);
  g_assert_cmpuint (on_margin, >=, 2);
}

static void
test_psd (void)
{
  g_autoptr(LabResult) sig = topic_test_compute_ok (topic, "kernel=sigmoid gamma=2 coef0=-1 view=gram", NULL);
  g_autoptr(LabResult) rbf = topic_test_compute_ok (topic, "kernel=rbf gamma=2 view=gram", NULL);

  g_assert_cmpfloat (((const KrnResult *) sig)->gram_min_eigenvalue, <, -1);
  g_assert_cmpfloat (((const KrnResult *) rbf)->gram_min_eigenvalue, >, -1e-10);
}

static void
test_click (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "view=gamma-sweep", &params);

  g_assert_true (topic->click (result, params, TAG_SWEEP + 4, 0, 0));
  g_assert_cmpstr (lab_params_get_string (params, "gamma"), ==, "100");
  g_assert_false (topic->click (result, params, TAG_GRAM, 0, 0));
  g_clear_pointer (&result, lab_result_unref);
  g_clear_object (&params);
  result = topic_test_compute_ok (topic, "view=c-sweep", &params);
  g_assert_true (topic->click (result, params, TAG_SWEEP + 0, 0, 0));
  g_assert_cmpfloat (lab_params_get_double (params, "c"), ==, 1e-3);
}

/* svm-toy: clicks add training points of the chosen class, which the machine then fits */
static void
test_add_points (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "dataset=blobs noise=0.5 kernel=rbf c=1000", &params);
  g_autoptr(LabResult) again = NULL;
  g_autoptr(GError) error = NULL;
  const KrnResult *r = (const KrnResult *) result, *r2;
  guint n0 = r->points->n, train0 = r->n_train;
  double x, y;

  /* a class-1 point deep in class 0's blob */
  x = r->svm->sv[0];
  y = r->svm->sv[1];
  for (guint i = 0; i < r->points->n; i++)
    if (r->points->y[i] == 0)
      {
        x = r->points->x[2 * i];
        y = r->points->x[2 * i + 1] + 0.01;
        break;
      }
  lab_params_set_int (params, "click-class", 1);
  g_assert_true (topic->click (result, params, TAG_REGIONS, x, y));
  g_assert_true (topic->click (result, params, TAG_REGIONS, x + 0.02, y));
  g_assert_nonnull (strchr (lab_params_get_string (params, "added-points"), ';'));
  again = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  r2 = (const KrnResult *) again;
  g_assert_cmpuint (r2->n_added, ==, 2);
  g_assert_cmpuint (r2->points->n, ==, n0 + 2);
  g_assert_cmpuint (r2->n_train, ==, train0 + 2);
  /* a point inside the other class is on the wrong side of the margin: a support vector */
  {
    gboolean found = FALSE;

    for (guint s = 0; s < r2->svm->n_support; s++)
      found |= r2->svm->support[s] == n0 && r2->svm->dual_coef[s] > 0;
    g_assert_true (found);
  }
  lab_figure_unref (topic_test_render_ok (topic, again, params, 1280, 800));

  g_clear_pointer (&again, lab_result_unref);
  again = topic_test_compute (topic, "added-points=1,2", NULL, &error);
  g_assert_null (again);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_true (g_str_has_prefix (error->message, "added-points:"));
  g_clear_error (&error);
  again = topic_test_compute (topic, "added-points=1,2,3", NULL, &error);
  g_assert_null (again);
  g_assert_true (g_str_has_prefix (error->message, "added-points:"));
}

static void
test_kernel_ridge (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text (ref_krr_csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = NULL;
  const RefKrr *ref = &ref_krr[0];
  const KrnResult *r;
  LabMetrics *m;

  result = compute_data (data, "view=kernel-ridge source=data feature-columns=x,y test-fraction=0 kernel=rbf gamma=0.5 "
                         "lambda=0.1", &params, &error);
  g_assert_no_error (error);
  r = (const KrnResult *) result;
  g_assert_cmpuint (r->krr->n, ==, REF_KRR_N);
  for (guint i = 0; i < REF_KRR_N; i++)
    topic_test_assert_close (r->krr->alpha[i], ref->alpha[i], 1e-10, 1e-10, "alpha[%u]", i);
  topic_test_assert_close (r->train_mse, ref->train_mse, 1e-10, 0, "train_mse");
  g_assert_cmpuint (r->primal_width, ==, 0);
  m = lab_topic_get_metrics (topic, result, params);
  topic_test_assert_close (lab_metrics_get_double (m, "train_mse"), ref->train_mse, 1e-10, 0, "train_mse (JSON)");
  g_assert_true (lab_metrics_has (m, "alpha"));
  g_assert_true (lab_metrics_has (m, "test_mse"));
  lab_metrics_free (m);
  lab_figure_unref (topic_test_render_ok (topic, result, params, 1280, 800));

  /* the polynomial kernel: the dual and the primal on 6 features draw the same curve */
  g_clear_pointer (&result, lab_result_unref);
  result = topic_test_compute_ok (topic, "view=kernel-ridge kernel=poly degree=5 gamma=0.5 coef0=1 lambda=1 n=60", NULL);
  r = (const KrnResult *) result;
  g_assert_cmpuint (r->primal_width, ==, 6);
  g_assert_cmpfloat (r->primal_max_difference, <, 1e-8);

  expect_error (data, "view=kernel-ridge source=data feature-columns=x", LAB_ERROR_USAGE, "feature-columns");
  expect_error (NULL, "view=kernel-ridge n=5000 test-fraction=0", LAB_ERROR_USAGE, "n:");
  expect_error (data, "view=kernel-ridge source=data feature-columns=x,y gamma=0", LAB_ERROR_USAGE, "gamma:");
}

int
main (int   argc,
      char *argv[])
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topics/kernels/against-sklearn", test_against_sklearn);
  g_test_add_func ("/topics/kernels/row-order", test_row_order);
  g_test_add_func ("/topics/kernels/errors", test_errors);
  g_test_add_func ("/topics/kernels/views", test_views);
  g_test_add_func ("/topics/kernels/margin", test_margin);
  g_test_add_func ("/topics/kernels/psd", test_psd);
  g_test_add_func ("/topics/kernels/click", test_click);
  g_test_add_func ("/topics/kernels/kernel-ridge", test_kernel_ridge);
  g_test_add_func ("/topics/kernels/add-points", test_add_points);
  return g_test_run ();
}
