/* test-topic-bias-variance.c — the bias–variance topic end to end
 *
 * References: tests/reference/bias_variance_reference.py → tests/bias-variance-reference.h
 * (exact bias² and variance of linear smoothers on a fixed design; numpy
 * cross-validation and exact polynomial fits of tests/data/bias-variance/points.csv);
 * NIST certified values read from tests/data/nist/Filip.dat.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pango.h>

#include "bias-variance-reference.h"
#include "lab-engine.h"
#include "lab-csv.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "topic-test.h"
#include "bias-variance/bias-variance.h"
#include "skip-missing-reference.h"
#include "bias-variance-data-reference.h"

#include <json-glib/json-glib.h>

static const LabTopic *topic;

static LabDataset *
load_file (const char *dir, const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dir, name, NULL);
  g_autoptr(GError) error = NULL;
  LabDataset *data = lab_csv_load_file (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return data;
}

/* The numbers of the JSON array @key of @m (null → NaN); returns how many. */
static guint
json_array (LabMetrics *m, const char *key, double *out, guint max)
{
  g_autofree char *json = lab_metrics_to_json (m);
  g_autofree char *pattern = g_strdup_printf ("\"%s\": [", key);
  const char *p = strstr (json, pattern);
  guint n = 0;

  g_assert_nonnull (p);
  p += strlen (pattern);
  while (n < max)
    {
      char *end;

      while (*p == ' ' || *p == '\n' || *p == ',')
        p++;
      if (*p == ']')
        break;
      if (g_str_has_prefix (p, "null"))
        {
          out[n++] = NAN;
          p += 4;
          continue;
        }
      out[n++] = g_ascii_strtod (p, &end);
      g_assert_true (end != p);
      p = end;
    }
  return n;
}

/* Computes, builds the figure, and returns the metrics. */
static LabMetrics *
run (const char *assignments, LabDataset *data, GError **error)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabResult) result = NULL;

  if (!lab_params_apply_assignments (params, assignments, error))
    return NULL;
  result = lab_topic_compute (topic, params, data, NULL, NULL, error);
  if (result == NULL)
    return NULL;
  {
    g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, data);

    g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 4);
    g_assert_cmpstr (lab_figure_get_metadata (figure, "topic"), ==, "bias-variance");
  }
  return lab_topic_get_metrics (topic, result, params);
}

static LabMetrics *
run_ok (const char *assignments, LabDataset *data)
{
  g_autoptr(GError) error = NULL;
  LabMetrics *m = run (assignments, data, &error);

  if (error != NULL)
    g_error ("%s: %s", assignments, error->message);
  return m;
}

/* E[(y − f̂)²] = σ² + bias² + variance: the measured test error (fresh noisy targets)
 * agrees with the sum within Monte Carlo error, for every model. */
static void
test_decomposition (void)
{
  static const char *cases[] = {
    "model=poly degree=1",
    "model=poly degree=3",
    "model=poly degree=12",
    "model=poly degree=3 design=fixed truth=runge noise=0.5",
    "model=ridge degree=15 lambda=0.03",
    "model=lasso degree=10 lambda=0.01",
    "model=knn k=5 truth=step",
    "model=tree depth=4 truth=cubic",
    "model=bagging depth=6 models=20 trials=60",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabMetrics) m = run_ok (cases[i], NULL);
      double b2 = lab_metrics_get_double (m, "bias2"), v = lab_metrics_get_double (m, "variance");
      double s2 = lab_metrics_get_double (m, "noise"), t = lab_metrics_get_double (m, "expected_test_mse");
      double se = lab_metrics_get_double (m, "mc_standard_error");
      double sigma = 0.3;

      if (strstr (cases[i], "noise=0.5"))
        sigma = 0.5;
      g_test_message ("%s: bias² %.4g + variance %.4g + σ² %.4g = %.4g; measured %.4g ± %.2g",
                      cases[i], b2, v, s2, b2 + v + s2, t, se);
      g_assert_cmpfloat_with_epsilon (s2, sigma * sigma, 1e-15);
      g_assert_cmpfloat (b2, >=, 0.0);
      g_assert_cmpfloat (v, >=, 0.0);
      g_assert_cmpfloat (se, >, 0.0);
      g_assert_cmpfloat (fabs (t - (b2 + v + s2)), <=, 4.0 * se);
      g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "decomposition_sum"), b2 + v + s2, 1e-15);
    }

  /* without noise the identity is exact */
  {
    g_autoptr(LabMetrics) m = run_ok ("noise=0 degree=5", NULL);
    double b2 = lab_metrics_get_double (m, "bias2"), v = lab_metrics_get_double (m, "variance");

    g_assert_cmpfloat (lab_metrics_get_double (m, "mc_standard_error"), ==, 0.0);
    g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "expected_test_mse"), b2 + v, 1e-12 * (b2 + v));
  }
}

/* On a fixed design the polynomial, ridge and kNN fits are linear in y, so bias² and
 * variance have closed forms (reference script): the Monte Carlo estimates from 2000
 * training sets must find them. */
static void
test_exact_fixed_design (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_exact); i++)
    {
      const RefExact *r = &ref_exact[i];
      g_autofree char *a = g_strdup_printf ("%s truth=sin noise=0.3 trials=2000 seed=7", r->assignments);
      g_autoptr(LabMetrics) m = run_ok (a, NULL);
      double T = 2000.0;
      double b2 = lab_metrics_get_double (m, "bias2"), v = lab_metrics_get_double (m, "variance");
      double tr = lab_metrics_get_double (m, "train_mse");
      /* E[bias² estimate] = bias² + variance/T (the mean of T fits still scatters); the
       * estimates' standard errors: variance ≈ v·√(2/T), bias² ≈ 2√(b²·v/T) */
      double b2_want = r->bias2 + r->variance / T;
      double b2_tol = 5 * (2 * sqrt (r->bias2 * r->variance / T) + r->variance / T) + 1e-12;
      double v_tol = 5 * r->variance * sqrt (2.0 / T);

      g_test_message ("%s: bias² %.5g (exact %.5g), variance %.5g (exact %.5g), train %.5g (exact %.5g)",
                      r->assignments, b2, r->bias2, v, r->variance, tr, r->train_mse);
      g_assert_cmpfloat (fabs (b2 - b2_want), <=, b2_tol);
      g_assert_cmpfloat (fabs (v - r->variance), <=, v_tol);
      /* the training error's mean over 2000 sets: within 5 % */
      g_assert_cmpfloat (fabs (tr - r->train_mse), <=, 0.05 * r->train_mse + 1e-12);
    }
}

/* Past the interpolation point (double-descent=true, fixed design): the error peaks
 * at degree n − 1 and falls again; the minimum-norm interpolants' bias² and
 * variance agree with a 50-digit computation. */
static void
test_double_descent (void)
{
  const double T = 2000.0;
  g_autoptr(LabMetrics) m = run_ok ("design=fixed n-train=20 double-descent=true trials=2000 seed=5 degree=19", NULL);
  double b2[101], v[101], t[101], c[101];
  guint n = json_array (m, "bias2", b2, 101);

  g_assert_cmpuint (n, ==, 61);   /* degrees 0 … 3n */
  g_assert_cmpuint (json_array (m, "variance", v, 101), ==, n);
  g_assert_cmpuint (json_array (m, "expected_test_mse", t, 101), ==, n);
  g_assert_cmpuint (json_array (m, "complexity", c, 101), ==, n);
  g_assert_cmpfloat (c[60], ==, 60.0);
  for (guint i = 0; i < G_N_ELEMENTS (ref_double_descent); i++)
    {
      const RefDoubleDescent *r = &ref_double_descent[i];
      double want = r->bias2 + r->variance / T;
      double tol = 5 * (2 * sqrt (r->bias2 * r->variance / T) + 1.5 * r->variance / T) + 1e-12;

      g_test_message ("degree %u: bias² %.4g (exact %.4g), variance %.4g (exact %.4g)", r->degree,
                      b2[r->degree], r->bias2, v[r->degree], r->variance);
      g_assert_cmpfloat (fabs (b2[r->degree] - want), <=, tol);
      g_assert_cmpfloat (fabs (v[r->degree] - r->variance), <=, 5 * r->variance * sqrt (2.0 / T));
    }
  /* the peak at the threshold, and the second descent below it */
  g_assert_cmpfloat (t[19], >, 1000 * t[30]);
  g_assert_cmpfloat (t[30], <, 0.25);
  /* the current degree 19 is on the peak */
  g_assert_cmpfloat (lab_metrics_get_double (m, "expected_test_mse"), ==, t[19]);

  /* past the threshold without double-descent: a usage error, naming the way out */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (run ("n-train=10 degree=15", NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "double-descent"));
  }
  /* with it, degree 15 on 10 points is a minimum-norm interpolant: no training error */
  {
    g_autoptr(LabMetrics) mn = run_ok ("n-train=10 degree=15 double-descent=true trials=50", NULL);

    g_assert_cmpfloat (lab_metrics_get_double (mn, "train_mse"), ==, 0.0);
    g_assert_cmpfloat (fabs (lab_metrics_get_double (mn, "expected_test_mse") - lab_metrics_get_double (mn, "decomposition_sum")),
                       <=, 4 * lab_metrics_get_double (mn, "mc_standard_error"));
  }
}

static void
test_lasso_zeros (void)
{
  g_autoptr(LabMetrics) lasso = run_ok ("model=lasso degree=10 lambda=0.01", NULL);
  g_autoptr(LabMetrics) ridge = run_ok ("model=ridge degree=10 lambda=0.01", NULL);
  g_autoptr(LabMetrics) dense = run_ok ("model=lasso degree=10 lambda=1e-6", NULL);
  g_autoptr(LabMetrics) empty = run_ok ("model=lasso degree=10 lambda=100", NULL);
  double w[10];
  guint zeros = 0;

  g_assert_cmpfloat (lab_metrics_get_double (lasso, "zero_weights"), >=, 3);
  g_assert_cmpfloat (lab_metrics_get_double (ridge, "zero_weights"), ==, 0);
  g_assert_cmpfloat (lab_metrics_get_double (empty, "zero_weights"), ==, 10);
  g_assert_cmpfloat (lab_metrics_get_double (dense, "zero_weights"), <, lab_metrics_get_double (lasso, "zero_weights"));
  /* exact zeros in the weights themselves */
  g_assert_cmpuint (json_array (lasso, "weights", w, 10), ==, 10);
  for (guint j = 0; j < 10; j++)
    zeros += w[j] == 0.0;
  g_assert_cmpfloat (zeros, ==, lab_metrics_get_double (lasso, "zero_weights"));
  g_assert_cmpfloat (lab_metrics_get_double (lasso, "unconverged_solves"), ==, 0);
}

/* The U: training error falls with complexity; the test error has its minimum inside. */
static void
test_u_curve (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabResult) result = NULL;
  g_autoptr(LabMetrics) under = run_ok ("degree=1", NULL);
  g_autoptr(LabMetrics) sweet = run_ok ("degree=3", NULL);
  g_autoptr(LabMetrics) over = run_ok ("degree=15", NULL);

  g_assert_cmpfloat (lab_metrics_get_double (under, "bias2"), >, lab_metrics_get_double (sweet, "bias2"));
  g_assert_cmpfloat (lab_metrics_get_double (over, "variance"), >, 10 * lab_metrics_get_double (sweet, "variance"));
  g_assert_cmpfloat (lab_metrics_get_double (over, "train_mse"), <, lab_metrics_get_double (sweet, "train_mse"));
  g_assert_cmpfloat (lab_metrics_get_double (sweet, "train_mse"), <, lab_metrics_get_double (under, "train_mse"));
  g_assert_cmpfloat (lab_metrics_get_double (sweet, "expected_test_mse"), <, lab_metrics_get_double (under, "expected_test_mse"));
  g_assert_cmpfloat (lab_metrics_get_double (sweet, "expected_test_mse"), <, lab_metrics_get_double (over, "expected_test_mse"));

  /* the sweep is the same whatever the current degree: only the marker moves */
  {
    g_autofree char *a = lab_metrics_to_json (under);
    g_autofree char *b = lab_metrics_to_json (over);

    g_assert_cmpstr (strstr (a, "\"sweep\""), ==, strstr (b, "\"sweep\""));
  }

  /* bagging lowers the variance of the same trees */
  {
    g_autoptr(LabMetrics) bag = run_ok ("model=bagging depth=8 models=30 trials=80", NULL);

    g_assert_cmpfloat (lab_metrics_get_double (bag, "variance"), <, 0.75 * lab_metrics_get_double (bag, "single_tree_variance"));
  }
}

/* The bases kept between computes change nothing: same seed, same numbers. */
static void
test_deterministic (void)
{
  g_autoptr(LabMetrics) a = run_ok ("seed=11 degree=4", NULL);
  g_autoptr(LabMetrics) b = run_ok ("seed=11 degree=4", NULL);         /* from the kept bases */
  g_autoptr(LabMetrics) c = run_ok ("seed=12 degree=4", NULL);
  g_autoptr(LabMetrics) d = run_ok ("seed=11 degree=4 n-train=31", NULL);
  g_autoptr(LabMetrics) e = run_ok ("seed=11 degree=4", NULL);         /* made again */
  g_autoptr(LabMetrics) big = run_ok ("seed=11 degree=4 trials=2000 n-train=2000", NULL);   /* too large to keep */
  g_autofree char *ja = lab_metrics_to_json (a);
  g_autofree char *jb = lab_metrics_to_json (b);
  g_autofree char *jc = lab_metrics_to_json (c);
  g_autofree char *je = lab_metrics_to_json (e);

  g_assert_cmpstr (ja, ==, jb);
  g_assert_cmpstr (ja, ==, je);
  g_assert_cmpstr (ja, !=, jc);
  g_assert_cmpfloat (lab_metrics_get_double (d, "bias2"), !=, lab_metrics_get_double (a, "bias2"));
  /* with 2000 points per set the variance of a quartic is small */
  g_assert_cmpfloat (lab_metrics_get_double (big, "variance"), <, 0.002);

  /* the same training sets whatever the model: kNN with k = 1 interpolates them */
  {
    g_autoptr(LabMetrics) knn = run_ok ("seed=11 model=knn k=1", NULL);

    g_assert_cmpfloat (lab_metrics_get_double (knn, "train_mse"), ==, 0.0);
  }
}

static void
test_data_mode (void)
{
  g_autoptr(LabDataset) data = load_file ("bias-variance", "points.csv");

  for (guint i = 0; i < G_N_ELEMENTS (ref_polyfit); i++)
    {
      const RefPolyfit *r = &ref_polyfit[i];
      g_autofree char *a = g_strdup_printf ("source=data x-column=x y-column=y degree=%u folds=5", r->degree);
      g_autoptr(LabMetrics) m = run_ok (a, data);

      g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "r2"), r->r2, 1e-10);
      if (r->degree > 0)
        g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "adjusted_r2"), r->adjusted_r2, 1e-10);
      g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "rss"), r->rss, 1e-9 * r->rss);
      g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "train_mse"), r->rss / 40, 1e-9 * r->rss);
      g_assert_cmpfloat (lab_metrics_get_double (m, "degree"), ==, r->degree);
      /* the coefficients, in increasing powers */
      {
        double c[21];

        g_assert_cmpuint (json_array (m, "coefficients", c, 21), ==, r->degree + 1);
        for (guint k = 0; k <= r->degree; k++)
          g_assert_cmpfloat_with_epsilon (c[k], r->coefficients[k], 1e-8 * MAX (1.0, fabs (r->coefficients[k])));
      }
      /* cross-validation by interleaved folds, every degree 0 … 12 (numpy reference) */
      {
        double cv[21];
        guint n = json_array (m, "cv_mse", cv, 21);

        g_assert_cmpuint (n, >=, G_N_ELEMENTS (ref_cv_mse));
        for (guint d = 0; d < G_N_ELEMENTS (ref_cv_mse); d++)
          if (fabs (cv[d] - ref_cv_mse[d]) > 1e-7 * ref_cv_mse[d])
            g_error ("cv_mse[%u] = %.12g, numpy %.12g", d, cv[d], ref_cv_mse[d]);
        g_assert_cmpfloat (lab_metrics_get_double (m, "cv_mse_at_degree"), ==, cv[r->degree]);
      }
      if (r->degree == 6)
        g_assert_cmpfloat (lab_metrics_get_double (m, "cv_best_degree"), ==, 6);
    }
}

/* skip-missing=true on a file with missing cells in x, y and columns not read: the rows
 * pandas' dropna(subset=["x", "y"]) keeps, numpy's fit and 5-fold CV on them. */
static void
test_data_skip_missing (void)
{
  g_autoptr(LabDataset) data = load_file ("skip-missing", "points.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(LabMetrics) off = run ("source=data x-column=x y-column=y degree=2 folds=5", data, &error);
  g_autoptr(LabMetrics) m = NULL;
  g_autofree char *json = NULL;

  /* off by default: the first missing x stops the topic, at its cell */
  g_assert_null (off);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "points.csv:4:1: missing value in x-column “x” (“NaN”)");

  m = run_ok ("source=data x-column=x y-column=y degree=2 folds=5 skip-missing=true", data);
  g_assert_cmpfloat (lab_metrics_get_double (m, "rows_skipped"), ==, BV_ROWS_SKIPPED);
  g_assert_cmpfloat (lab_metrics_get_double (m, "n"), ==, BV_N);
  g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "r2"), BV_R2, 1e-10);
  g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "rss"), BV_RSS, 1e-9 * BV_RSS);
  g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "cv_mse_at_degree"), BV_CV_MSE_2, 1e-9 * BV_CV_MSE_2);
  json = lab_metrics_to_json (m);
  g_assert_nonnull (strstr (json, "\"rows_skipped\": 4"));
}

/* The certified Filip results through the whole topic: CSV → metrics. */
static void
test_data_filip (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "nist", "Filip.dat", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) csv = g_string_new ("y,x\n");
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(LabMetrics) m = NULL;
  double c[11];
  gboolean in_data = FALSE;
  static const double certified[] = {
    -1467.48961422980, -2772.17959193342, -2316.37108160893, -1127.97394098372, -354.478233703349,
    -75.1242017393757, -10.8753180355343, -1.06221498588947, -0.670191154593408E-01,
    -0.246781078275479E-02, -0.402962525080404E-04,
  };

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) t = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) tok = g_ptr_array_new ();

      for (guint k = 0; t[k]; k++)
        if (*t[k])
          g_ptr_array_add (tok, t[k]);
      if (in_data && tok->len == 2)
        g_string_append_printf (csv, "%s,%s\n", (char *) tok->pdata[0], (char *) tok->pdata[1]);
      if (tok->len == 3 && g_str_equal (tok->pdata[0], "Data:") && g_str_equal (tok->pdata[1], "y"))
        in_data = TRUE;
    }
  data = topic_test_load_text (csv->str);
  m = run_ok ("source=data degree=10", data);
  g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "r2") - 0.996727416185620) / 0.996727416185620, <, 1e-10);
  g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "residual_sd") - 0.334801051324544E-02) / 0.334801051324544E-02, <, 1e-9);
  g_assert_cmpuint (json_array (m, "coefficients", c, 11), ==, 11);
  for (guint k = 0; k < G_N_ELEMENTS (certified); k++)
    if (!(fabs (c[k] - certified[k]) <= 1e-9 * fabs (certified[k])))
      g_error ("Filip B%u = %.15g, certified %.15g", k, c[k], certified[k]);
}

typedef struct
{
  const char *csv;
  const char *assignments;
  int         code;
  const char *message;
} ErrorCase;

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    /* columns */
    { "x,y\n1,2\n2,3\n3,5\n", "x-column=t", LAB_ERROR_USAGE, "test.csv: no column “t” for x-column (columns: x, y)" },
    { "x,y\n1,2\n2,3\n3,5\n", "y-column=z", LAB_ERROR_USAGE, "no column “z” for y-column (columns: x, y)" },
    /* text, missing, infinite values: FILE:LINE:COL */
    { "x,y\n1,2\n2,high\n3,5\n", "", LAB_ERROR_DATA, "test.csv:3:3: y-column “y” must hold numbers, found “high”" },
    { "x,y\na,2\n2,3\n3,5\n", "", LAB_ERROR_DATA, "test.csv:2:1: x-column “x” must hold numbers, found “a”" },
    { "x,y\n1,2\n,3\n3,5\n", "", LAB_ERROR_DATA, "test.csv:3:1: missing value in x-column “x”" },
    { "x,y\n1,2\n2,NA\n3,5\n", "", LAB_ERROR_DATA, "test.csv:3:3: missing value in y-column “y” (“NA”)" },
    { "x,y\n1,2\n2,inf\n3,5\n", "", LAB_ERROR_DATA, "test.csv:3:3: value “inf” of y-column is not finite" },
    /* too few distinct x */
    { "x,y\n1,2\n1,3\n2,5\n2,4\n2,1\n", "degree=2", LAB_ERROR_DATA,
      "a polynomial of degree 2 needs at least 3 distinct values of x, but column “x” has 2" },
    { "x,y\n1,2\n2,3\n", "folds=5", LAB_ERROR_DATA, "2 rows are too few for 5-fold cross-validation" },
    /* skip-missing=true: what is left must still be sound */
    { "x,y\n1,2\n,3\n3,NA\n", "skip-missing=true", LAB_ERROR_DATA, "1 rows are too few for 2-fold cross-validation" },
    { "x,y\n1,2\n2,high\n3,5\n", "skip-missing=true", LAB_ERROR_DATA,
      "test.csv:3:3: y-column “y” must hold numbers, found “high”" },
    { "x,y\n1,2\n2,inf\n3,5\n", "skip-missing=true", LAB_ERROR_DATA, "test.csv:3:3: value “inf” of y-column is not finite" },
    { "x,y\n1,2\n1,3\n,5\n", "skip-missing=true", LAB_ERROR_DATA,
      "a polynomial of degree 1 needs at least 2 distinct values of x, but column “x” has 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabDataset) data = topic_test_load_text (cases[i].csv);
      g_autofree char *a = g_strdup_printf ("source=data degree=1 folds=2 %s", cases[i].assignments);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabMetrics) m = run (a, data, &error);

      g_assert_null (m);
      g_assert_error (error, LAB_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].message);
    }

  /* source=data without a dataset */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (run ("source=data", NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
  /* settings the training sets cannot support */
  {
    static const ErrorCase usage[] = {
      { NULL, "n-train=10 degree=12", LAB_ERROR_USAGE, "degree 12 needs at least 13 training points" },
      { NULL, "model=ridge degree=0", LAB_ERROR_USAGE, "set degree to 1 or more" },
      { NULL, "model=lasso degree=0", LAB_ERROR_USAGE, "set degree to 1 or more" },
      { NULL, "model=knn k=40 n-train=30", LAB_ERROR_USAGE, "k = 40 exceeds the 30 points" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_null (run (usage[i].assignments, NULL, &error));
        g_assert_error (error, LAB_ERROR, usage[i].code);
        if (strstr (error->message, usage[i].message) == NULL)
          g_error ("“%s” lacks “%s”", error->message, usage[i].message);
      }
  }
  /* bad values never reach compute */
  {
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(GError) error = NULL;

    g_assert_false (lab_params_apply_assignments (params, "model=svm", &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "poly, ridge, lasso, knn, tree, bagging"));
    g_clear_error (&error);
    g_assert_false (lab_params_apply_assignments (params, "degree=21", &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
}

static void
test_cancel (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;
  LabProgress progress = { 0 };

  g_assert_true (lab_params_apply_assignments (params, "model=tree trials=500 seed=3", NULL));
  g_cancellable_cancel (cancellable);
  result = lab_topic_compute (topic, params, NULL, &progress, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  result = lab_topic_compute (topic, params, NULL, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lab_progress_get (&progress), ==, 1.0);
}

/* View parameters change the figure only; presets all compute; a click picks a setting. */
static void
test_params_presets_click (void)
{
  g_autoptr(LabParams) a = lab_topic_new_params (topic);
  g_autoptr(LabParams) b = lab_topic_new_params (topic);

  g_assert_true (lab_params_apply_assignments (b, "fits-shown=200 show-band=false", NULL));
  g_assert_true (lab_params_equal_for_compute (a, b));
  g_assert_true (lab_params_apply_assignments (b, "degree=4", NULL));
  g_assert_false (lab_params_equal_for_compute (a, b));

  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) p = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) r = NULL;

      g_assert_true (lab_topic_apply_preset (topic, p, i, &error));
      g_assert_no_error (error);
      r = lab_topic_compute (topic, p, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("preset “%s” computes", topic->presets[i].name);
    }

  /* a click on the error curves (tag 1) at x = 6.8 picks degree 7; at 1/λ = 90, λ ≈ 0.01 */
  {
    g_autoptr(LabParams) p = lab_topic_new_params (topic);
    g_autoptr(LabResult) r = lab_topic_compute (topic, p, NULL, NULL, NULL, NULL);

    g_assert_true (topic->click (r, p, 1, 6.8, 0.1));
    g_assert_cmpint (lab_params_get_int (p, "degree"), ==, 7);
    g_assert_false (topic->click (r, p, 0, 0.0, 0.0));
  }
  {
    g_autoptr(LabParams) p = lab_topic_new_params (topic);
    g_autoptr(LabResult) r = NULL;

    lab_params_apply_assignments (p, "model=lasso degree=5", NULL);
    r = lab_topic_compute (topic, p, NULL, NULL, NULL, NULL);
    g_assert_true (topic->click (r, p, 1, 90.0, 0.1));
    g_assert_cmpfloat (fabs (log10 (lab_params_get_double (p, "lambda")) + 2.0), <, 0.2);
  }
}

/* The explanation is valid Pango markup and states the formulas the lab measures. */
static void
test_explanation (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *explanation = lab_topic_dup_explanation (topic, &error);

  g_assert_no_error (error);
  g_assert_true (pango_parse_markup (explanation, -1, 0, NULL, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "E[(y − f̂(x))²] = σ² + bias² + variance"));
  g_assert_nonnull (strstr (text, "adjusted R² = 1 − (1 − R²)(n − 1)/(n − p − 1)"));
  g_assert_nonnull (strstr (text, "constraint region"));
  g_assert_nonnull (strstr (text, "ρv + (1 − ρ)v/B"));
}

/* How long the default view takes to compute: reported only (speed is the bench's, never a
 * timed test: a sanitizer build or a loaded machine must not fail it). */
static void
test_speed (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  double best = INFINITY;

  for (guint i = 0; i < 5; i++)
    {
      gint64 t0;
      g_autoptr(LabResult) r = NULL;

      lab_params_set_int (params, "degree", 1 + i % 5);
      t0 = g_get_monotonic_time ();
      r = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
    }
  g_test_message ("default compute (200 training sets × degrees 0–20): %.2f ms", best);
}

/* The mean of T fits is itself noisy: (f̄ − f)² over-estimates bias² by variance/T. A cubic
 * fitted to the cubic truth is unbiased; the corrected bias² stays near 0 while the raw one is
 * variance/T, shrinking as the trials grow (issue 14). */
static void
test_unbiased_bias2 (void)
{
  const guint trials[] = { 100, 2000 };
  double mean_raw[2] = { 0 }, mean_corrected[2] = { 0 }, mean_var_t[2] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (trials); i++)
    for (guint seed = 1; seed <= 6; seed++)
      {
        g_autofree char *a = g_strdup_printf ("model=poly degree=3 truth=cubic noise=0.5 n-train=12 design=fixed "
                                              "trials=%u seed=%u", trials[i], seed);
        g_autoptr(LabMetrics) m = run_ok (a, NULL);
        double bias2 = lab_metrics_get_double (m, "bias2"), raw = lab_metrics_get_double (m, "bias2_raw");
        double variance = lab_metrics_get_double (m, "variance");

        /* raw − corrected = variance/T exactly, wherever the clamp at 0 did not act */
        g_assert_cmpfloat (bias2, <=, raw);
        if (bias2 > 0)
          topic_test_assert_close (raw - bias2, variance / trials[i], 1e-9, 0, "raw − corrected bias² (T = %u)", trials[i]);
        mean_raw[i] += raw / 6;
        mean_corrected[i] += bias2 / 6;
        mean_var_t[i] += variance / trials[i] / 6;
      }
  /* the raw estimate of an unbiased model is the artefact variance/T … */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpfloat (mean_raw[i], >, 0.5 * mean_var_t[i]);
      g_assert_cmpfloat (mean_raw[i], <, 2.0 * mean_var_t[i]);
    }
  /* … and the corrected one tends to 0 as the trials grow */
  g_assert_cmpfloat (mean_corrected[1], <, 0.25 * mean_raw[0]);
  g_assert_cmpfloat (mean_corrected[1], <, mean_raw[1]);

  /* the "Overfit" preset: the corrected bias² is a small part of the error, the variance all of it */
  {
    g_autoptr(LabMetrics) m = run_ok ("model=poly degree=15", NULL);
    double bias2 = lab_metrics_get_double (m, "bias2"), raw = lab_metrics_get_double (m, "bias2_raw");
    double variance = lab_metrics_get_double (m, "variance");

    g_assert_cmpfloat (bias2, <, 0.05 * raw);
    g_assert_cmpfloat (bias2, <, 1e-3 * variance);
  }
}

/* Data mode with every model against scikit-learn (tests/reference/bias_variance_data_reference.py):
 * the diabetes data's bmi against the target, PredefinedSplit folds i mod 5, both ways of
 * combining the folds, every complexity of the sweep, and R² / training MSE of the fit. */
static void
test_data_models (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "bias-variance-data", "diabetes-bmi.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = lab_csv_load_file (path, NULL, NULL, NULL, &error);
  static const char *combine[] = { "pooled", "mean" };

  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (ref_bv_data); c++)
    for (guint how = 0; how < 2; how++)
      {
        const RefBvData *r = &ref_bv_data[c];
        g_autoptr(LabParams) params = lab_topic_new_params (topic);
        g_autoptr(LabResult) result = NULL;
        g_autoptr(LabMetrics) m = NULL;
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_autofree char *json = NULL;
        JsonObject *root;
        JsonArray *cv, *cx = NULL;
        const double *want = how == 0 ? r->cv_pooled : r->cv_mean;

        g_test_message ("%s cv-combine=%s", r->assignments, combine[how]);
        g_assert_true (lab_params_apply_assignments (params, r->assignments, &error));
        g_assert_true (lab_params_set_from_string (params, "cv-combine", combine[how], &error));
        g_assert_no_error (error);
        result = lab_topic_compute (topic, params, data, NULL, NULL, &error);
        g_assert_no_error (error);
        {
          g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, data);

          g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 4);
        }
        m = lab_topic_get_metrics (topic, result, params);
        json = lab_metrics_to_json (m);
        g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
        root = json_node_get_object (json_parser_get_root (parser));
        g_assert_cmpstr (json_object_get_string_member (root, "cv_combine"), ==, combine[how]);
        topic_test_assert_close (lab_metrics_get_double (m, "r2"), r->r2, 1e-9, 1e-12, "%s", "r2");
        topic_test_assert_close (lab_metrics_get_double (m, "train_mse"), r->train_mse, 1e-9, 0, "%s", "train_mse");
        if (json_object_has_member (root, "sweep"))
          {
            JsonObject *sweep = json_object_get_object_member (root, "sweep");

            cv = json_object_get_array_member (sweep, "cv_mse");
            cx = json_object_get_array_member (sweep, "complexity");
            g_assert_cmpuint (json_array_get_length (cv), ==, r->n_settings);
            g_assert_true (lab_metrics_get_double (m, "adjusted_r2") != lab_metrics_get_double (m, "adjusted_r2"));
          }
        else
          {
            cv = json_object_get_array_member (root, "cv_mse");   /* poly: by degree */
            g_assert_cmpuint (json_array_get_length (cv), >=, r->n_settings);
          }
        for (guint i = 0; i < r->n_settings; i++)
          {
            if (cx != NULL)
              topic_test_assert_close (json_array_get_double_element (cx, i), r->complexity[i], 1e-12, 0,
                                       "complexity %u", i);
            topic_test_assert_close (json_array_get_double_element (cv, i), want[i], 1e-9, 0, "cv_mse %u", i);
          }
      }
}

/* λ off the sweep's grid: its cross-validation is its own, the sweep stays the grid */
static void
test_data_off_grid (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "bias-variance-data", "diabetes-bmi.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = lab_csv_load_file (path, NULL, NULL, NULL, &error);
  static const char *models[] = { "ridge", "lasso" };
  const double *refs[] = { ref_ridge_off_grid, ref_lasso_off_grid };

  g_assert_no_error (error);
  for (guint m = 0; m < 2; m++)
    for (guint how = 0; how < 2; how++)
      {
        g_autoptr(LabParams) params = lab_topic_new_params (topic);
        g_autoptr(LabResult) result = NULL;
        g_autoptr(LabMetrics) metrics = NULL;
        g_autofree char *a = g_strdup_printf ("source=data x-column=bmi y-column=target model=%s degree=3 "
                                              "lambda=0.003 cv-combine=%s", models[m], how ? "mean" : "pooled");

        g_assert_true (lab_params_apply_assignments (params, a, &error));
        result = lab_topic_compute (topic, params, data, NULL, NULL, &error);
        g_assert_no_error (error);
        metrics = lab_topic_get_metrics (topic, result, params);
        topic_test_assert_close (lab_metrics_get_double (metrics, "cv_mse_at_setting"), refs[m][how], 1e-9, 0, "%s", a);
        topic_test_assert_close (lab_metrics_get_double (metrics, "r2"), refs[m][2], 1e-9, 1e-12, "%s", a);
        {
          g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, data);

          g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 4);
        }
      }
}

static void
test_data_model_errors (void)
{
  static const struct { const char *assignments; int code; const char *message; } cases[] = {
    { "model=ridge degree=0", LAB_ERROR_USAGE, "degree: ridge needs at least one feature" },
    { "model=lasso degree=0", LAB_ERROR_USAGE, "degree: lasso needs at least one feature" },
    { "model=knn k=9", LAB_ERROR_USAGE, "k = 9 exceeds the 8 rows of the smallest training fold" },
    { "model=tree folds=11", LAB_ERROR_DATA, "10 rows are too few for 11-fold cross-validation" },
    { "model=knn y-column=nope", LAB_ERROR_USAGE, "no column “nope” for y-column" },
  };
  g_autoptr(LabDataset) data = topic_test_load_text ("x,y\n1,2\n2,3.5\n3,3\n4,5\n5,4\n6,7\n7,6.5\n8,9\n9,8\n10,11\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(LabResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (lab_params_apply_assignments (params, "source=data folds=5", NULL));
      g_assert_true (lab_params_apply_assignments (params, cases[i].assignments, NULL));
      result = lab_topic_compute (topic, params, data, NULL, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, LAB_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not hold “%s”", i, error->message, cases[i].message);
    }
  /* bagging: deterministic for a seed, and its sweep is complete */
  {
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabResult) a = NULL;
    g_autoptr(LabResult) b = NULL;
    g_autoptr(LabMetrics) ma = NULL;
    g_autoptr(LabMetrics) mb = NULL;
    g_autofree char *ja = NULL;
    g_autofree char *jb = NULL;

    g_assert_true (lab_params_apply_assignments (params, "source=data model=bagging models=20 depth=2", NULL));
    a = lab_topic_compute (topic, params, data, NULL, NULL, NULL);
    b = lab_topic_compute (topic, params, data, NULL, NULL, NULL);
    g_assert_nonnull (a);
    ma = lab_topic_get_metrics (topic, a, params);
    mb = lab_topic_get_metrics (topic, b, params);
    ja = lab_metrics_to_json (ma);
    jb = lab_metrics_to_json (mb);
    g_assert_cmpstr (ja, ==, jb);
    g_assert_true (lab_metrics_get_double (ma, "r2") > 0.5 && lab_metrics_get_double (ma, "r2") <= 1.0);
  }
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("bias-variance");
  g_assert_nonnull (topic);

  g_test_add_func ("/topics/bias-variance/decomposition", test_decomposition);
  g_test_add_func ("/topics/bias-variance/unbiased-bias2", test_unbiased_bias2);
  g_test_add_func ("/topics/bias-variance/exact-fixed-design", test_exact_fixed_design);
  g_test_add_func ("/topics/bias-variance/double-descent", test_double_descent);
  g_test_add_func ("/topics/bias-variance/lasso-zeros", test_lasso_zeros);
  g_test_add_func ("/topics/bias-variance/u-curve", test_u_curve);
  g_test_add_func ("/topics/bias-variance/deterministic", test_deterministic);
  g_test_add_func ("/topics/bias-variance/data", test_data_mode);
  g_test_add_func ("/topics/bias-variance/data-filip", test_data_filip);
  g_test_add_func ("/topics/bias-variance/data-skip-missing", test_data_skip_missing);
  g_test_add_func ("/topics/bias-variance/data-models", test_data_models);
  g_test_add_func ("/topics/bias-variance/data-model-errors", test_data_model_errors);
  g_test_add_func ("/topics/bias-variance/data-off-grid", test_data_off_grid);
  g_test_add_func ("/topics/bias-variance/errors", test_errors);
  g_test_add_func ("/topics/bias-variance/cancel", test_cancel);
  g_test_add_func ("/topics/bias-variance/params-presets-click", test_params_presets_click);
  g_test_add_func ("/topics/bias-variance/explanation", test_explanation);
  g_test_add_func ("/topics/bias-variance/speed", test_speed);
  return g_test_run ();
}
