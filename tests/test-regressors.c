/* test-regressors.c — ridge, lasso, kNN and regression trees against scikit-learn
 *
 * Reference values: tests/reference/bias_variance_reference.py →
 * tests/bias-variance-reference.h (scikit-learn 1.2: Ridge, Lasso,
 * KNeighborsRegressor, DecisionTreeRegressor on the same data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bias-variance-reference.h"
#include "lab-engine.h"
#include "lab-error.h"
#include "lab-penalized.h"
#include "lab-polyfit.h"
#include "lab-sort.h"
#include "lab-tree.h"

#define N   G_N_ELEMENTS (ref_poly_x)
#define NQ  G_N_ELEMENTS (ref_query)
#define P   REF_PEN_DEGREE

static double *
standardised_features (void)
{
  g_autoptr(LabPolyScaler) scaler = lab_poly_scaler_new (ref_poly_x, N, P);
  double *z = g_new (double, N * P);

  lab_poly_scaler_transform (scaler, ref_poly_x, N, z);
  return z;
}

static void
test_ridge (void)
{
  g_autofree double *z = standardised_features ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRidge) ridge = lab_ridge_new (z, ref_poly_y, N, P, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ref_ridge); i++)
    {
      double w[P], b;

      lab_ridge_solve (ridge, ref_ridge[i].lambda, w, &b);
      g_assert_cmpfloat_with_epsilon (b, ref_ridge[i].intercept, 1e-9);
      for (guint j = 0; j < P; j++)
        if (fabs (w[j] - ref_ridge[i].w[j]) > 1e-7 * MAX (1.0, fabs (ref_ridge[i].w[j])))
          g_error ("ridge λ=%g: w[%u] = %.12g, scikit-learn %.12g", ref_ridge[i].lambda, j, w[j], ref_ridge[i].w[j]);
    }

  /* more features than points: the SVD of the transpose */
  {
    g_autoptr(LabRidge) wide = lab_ridge_new (z, ref_poly_y, 5, P, &error);
    double w[P], b, r = 0.0;

    g_assert_no_error (error);
    /* λ = 0 interpolates the 5 points (minimum norm) */
    lab_ridge_solve (wide, 0.0, w, &b);
    for (guint i = 0; i < 5; i++)
      {
        double f = b;

        for (guint j = 0; j < P; j++)
          f += z[i * P + j] * w[j];
        r += fabs (f - ref_poly_y[i]);
      }
    g_assert_cmpfloat (r, <, 1e-9);
  }
}

static void
test_lasso (void)
{
  g_autofree double *z = standardised_features ();
  g_autoptr(LabLasso) lasso = lab_lasso_new (z, ref_poly_y, N, P);
  double w[P] = { 0 };

  /* above λ_max every weight is zero */
  {
    double lmax = lab_lasso_lambda_max (lasso);

    g_assert_true (lab_lasso_solve (lasso, lmax * 1.0001, w, 1e-14, 100, NULL));
    g_assert_cmpfloat (fabs (lab_lasso_duality_gap (lasso, lmax * 1.0001, w)), <, 1e-15);
    for (guint j = 0; j < P; j++)
      g_assert_cmpfloat (w[j], ==, 0.0);
    g_assert_cmpfloat_with_epsilon (lab_lasso_intercept (lasso, w), ref_polyfit[0].coefficients[0], 1e-12);
  }

  /* the path from large to small λ, warm-started as a path is computed */
  for (guint i = G_N_ELEMENTS (ref_lasso); i-- > 0;)
    {
      guint passes = 0, zeros = 0, ref_zeros = 0;

      /* gap_tol 0: run until no weight moves (the test of the weights themselves) */
      g_assert_true (lab_lasso_solve (lasso, ref_lasso[i].lambda, w, 0.0, 10000000, &passes));
      g_assert_cmpfloat (lab_lasso_duality_gap (lasso, ref_lasso[i].lambda, w), <, 1e-12);
      g_test_message ("lasso λ = %g: %u coordinate-descent passes after the active-set steps", ref_lasso[i].lambda, passes);
      g_assert_cmpfloat_with_epsilon (lab_lasso_intercept (lasso, w), ref_lasso[i].intercept, 1e-6);
      for (guint j = 0; j < P; j++)
        {
          if (fabs (w[j] - ref_lasso[i].w[j]) > 1e-6 * MAX (1.0, fabs (ref_lasso[i].w[j])))
            g_error ("lasso λ=%g: w[%u] = %.12g, scikit-learn %.12g", ref_lasso[i].lambda, j, w[j], ref_lasso[i].w[j]);
          zeros += w[j] == 0.0;
          ref_zeros += ref_lasso[i].w[j] == 0.0;
        }
      /* exact zeros, the same ones as scikit-learn's */
      g_assert_cmpuint (zeros, ==, ref_zeros);
      if (ref_lasso[i].lambda >= 0.01)
        g_assert_cmpuint (zeros, >, 0);
    }

  /* a duplicated feature makes G_AA singular: coordinate descent finishes the job,
   * and the fit is that of the feature taken once, its weight split between the copies */
  {
    double zz[N * 3], one[N * 2], w3[3] = { 0.1, 0.1, 0.0 }, w2[2] = { 0 };   /* a warm start on both copies */
    g_autoptr(LabLasso) dup = NULL;
    g_autoptr(LabLasso) single = NULL;
    guint passes = 0;

    for (guint i = 0; i < N; i++)
      {
        zz[i * 3 + 0] = zz[i * 3 + 1] = one[i * 2 + 0] = z[i * P + 0];
        zz[i * 3 + 2] = one[i * 2 + 1] = z[i * P + 2];
      }
    dup = lab_lasso_new (zz, ref_poly_y, N, 3);
    single = lab_lasso_new (one, ref_poly_y, N, 2);
    g_assert_true (lab_lasso_solve (dup, 0.01, w3, 1e-14, 1000000, &passes));
    g_assert_true (lab_lasso_solve (single, 0.01, w2, 0.0, 1000, NULL));
    g_test_message ("duplicated feature: %u coordinate-descent passes", passes);
    g_assert_cmpuint (passes, >, 0);
    g_assert_cmpfloat_with_epsilon (w3[0] + w3[1], w2[0], 1e-6);
    g_assert_cmpfloat_with_epsilon (w3[2], w2[1], 1e-6);
  }
}

/* Coordinate descent by hand (lab_lasso_iterate): the duality gap falls to 0, and a
 * small gap bounds the error of the fitted values however slowly the weights of
 * collinear features settle. */
static void
test_lasso_gap (void)
{
  g_autofree double *z = standardised_features ();
  g_autoptr(LabLasso) lasso = lab_lasso_new (z, ref_poly_y, N, P);
  double exact[P] = { 0 }, cd[P] = { 0 }, var = 0.0, mean = 0.0, diff = 0.0, gap = INFINITY, last = INFINITY;
  const double lambda = 1e-2, gap_tol = 1e-9;
  guint passes = 0;

  for (guint i = 0; i < N; i++)
    mean += ref_poly_y[i] / N;
  for (guint i = 0; i < N; i++)
    var += (ref_poly_y[i] - mean) * (ref_poly_y[i] - mean) / N;
  g_assert_true (lab_lasso_solve (lasso, lambda, exact, 0.0, 1000, NULL));
  g_assert_cmpfloat (fabs (lab_lasso_duality_gap (lasso, lambda, exact)), <, 1e-14 * var);

  while (passes < 1000000 && gap > gap_tol * var)
    {
      lab_lasso_iterate (lasso, lambda, cd, NULL, 0);
      passes++;
      gap = lab_lasso_duality_gap (lasso, lambda, cd);
      g_assert_cmpfloat (gap, >=, -1e-15);
      if (passes % 16 == 0)
        {
          /* coordinate descent never raises the objective: nor, here, the gap much */
          g_assert_cmpfloat (gap, <=, last * 1.5 + 1e-15);
          last = gap;
        }
    }
  g_test_message ("λ = %g: %u coordinate-descent passes to a gap of %g·var(y)", lambda, passes, gap_tol);
  g_assert_cmpfloat (gap, <=, gap_tol * var);
  for (guint i = 0; i < N; i++)
    {
      double d = 0.0;

      for (guint j = 0; j < P; j++)
        d += z[i * P + j] * (cd[j] - exact[j]);
      d += lab_lasso_intercept (lasso, cd) - lab_lasso_intercept (lasso, exact);
      diff += d * d / N;
    }
  g_assert_cmpfloat (diff / 2.0, <=, gap_tol * var * 1.0001);
  /* and the same weights are exactly zero */
  for (guint j = 0; j < P; j++)
    if (exact[j] == 0.0)
      g_assert_cmpfloat (fabs (cd[j]), <, 1e-3);
}

static void
sort_reference (double *x, double *y)
{
  guint32 idx[N];

  lab_sort_index_doubles (ref_poly_x, N, idx);
  for (guint i = 0; i < N; i++)
    {
      x[i] = ref_poly_x[idx[i]];
      y[i] = ref_poly_y[idx[i]];
    }
}

static void
test_knn (void)
{
  double x[N], y[N];
  g_autofree double *out = g_new (double, NQ * N);

  sort_reference (x, y);
  lab_knn_predict_all (x, y, N, ref_query, NQ, N, out);
  for (guint r = 0; r < G_N_ELEMENTS (ref_knn); r++)
    for (guint i = 0; i < NQ; i++)
      g_assert_cmpfloat_with_epsilon (out[i * N + ref_knn[r].k - 1], ref_knn[r].pred[i], 1e-13);

  /* a tie in distance takes the point on the left */
  {
    const double tx[] = { 0, 1, 2 }, ty[] = { 10, 20, 30 }, q[] = { 1.5 };
    double o[2];

    lab_knn_predict_all (tx, ty, 3, q, 1, 2, o);
    g_assert_cmpfloat (o[0], ==, 20);
    g_assert_cmpfloat (o[1], ==, 25);
  }
}

static void
test_tree (void)
{
  double x[N], y[N];
  guint D = 7;
  g_autoptr(LabTree) tree = lab_tree_new (N, D);
  g_autofree double *pred = g_new (double, D + 1);
  g_autofree double *train = g_new0 (double, D + 1);

  sort_reference (x, y);
  lab_tree_grow (tree, x, y, NULL, N);
  g_assert_cmpuint (lab_tree_count_leaves (tree, 0), ==, 1);
  g_assert_cmpuint (lab_tree_count_leaves (tree, 1), ==, 2);
  for (guint i = 0; i < NQ; i++)
    {
      lab_tree_predict_all (tree, ref_query[i], pred);
      for (guint r = 0; r < G_N_ELEMENTS (ref_tree); r++)
        if (fabs (pred[ref_tree[r].depth] - ref_tree[r].pred[i]) > 1e-12)
          g_error ("tree depth %u at %g: %.15g, scikit-learn %.15g", ref_tree[r].depth, ref_query[i],
                   pred[ref_tree[r].depth], ref_tree[r].pred[i]);
    }
  for (guint i = 0; i < N; i++)
    {
      lab_tree_predict_all (tree, x[i], pred);
      for (guint d = 0; d <= D; d++)
        train[d] += (pred[d] - y[i]) * (pred[d] - y[i]) / N;
    }
  for (guint r = 0; r < G_N_ELEMENTS (ref_tree); r++)
    g_assert_cmpfloat_with_epsilon (train[ref_tree[r].depth], ref_tree[r].train_mse, 1e-12);

  /* difference arrays over sorted queries give the same predictions at every depth */
  {
    double q[NQ];
    g_autofree double *diff = g_new0 (double, (D + 1) * (NQ + 1));

    memcpy (q, ref_query, sizeof q);
    lab_tree_accumulate (tree, q, NQ, 2.0, diff);
    lab_tree_accumulate (tree, q, NQ, -1.0, diff);
    for (guint d = 0; d <= D; d++)
      {
        double acc = 0.0;

        for (guint i = 0; i < NQ; i++)
          {
            acc += diff[d * (NQ + 1) + i];
            lab_tree_predict_all (tree, q[i], pred);
            g_assert_cmpfloat_with_epsilon (acc, pred[d], 1e-12);
          }
      }
  }

  /* integer weights are duplicated points */
  {
    double w[N], xd[2 * N], yd[2 * N];
    guint m = 0;
    g_autoptr(LabTree) dup = lab_tree_new (2 * N, D);
    g_autofree double *a = g_new (double, D + 1);

    for (guint i = 0; i < N; i++)
      {
        w[i] = i % 3;
        for (guint c = 0; c < w[i]; c++)
          {
            xd[m] = x[i];
            yd[m] = y[i];
            m++;
          }
      }
    lab_tree_grow (tree, x, y, w, N);
    lab_tree_grow (dup, xd, yd, NULL, m);
    for (guint i = 0; i < NQ; i++)
      {
        lab_tree_predict_all (tree, ref_query[i], pred);
        lab_tree_predict_all (dup, ref_query[i], a);
        for (guint d = 0; d <= D; d++)
          g_assert_cmpfloat_with_epsilon (pred[d], a[d], 1e-12);
      }
  }

  /* constant y: one leaf whatever the depth */
  {
    const double cx[] = { 0, 1, 2, 3 }, cy[] = { 5, 5, 5, 5 };

    lab_tree_grow (tree, cx, cy, NULL, 4);
    g_assert_cmpuint (lab_tree_count_leaves (tree, D), ==, 1);
  }
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/regressors/ridge", test_ridge);
  g_test_add_func ("/engine/regressors/lasso", test_lasso);
  g_test_add_func ("/engine/regressors/lasso-gap", test_lasso_gap);
  g_test_add_func ("/engine/regressors/knn", test_knn);
  g_test_add_func ("/engine/regressors/tree", test_tree);
  return g_test_run ();
}
