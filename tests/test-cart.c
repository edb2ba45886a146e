/* test-cart.c — classification trees, pruning and forests against scikit-learn
 *
 * Reference values: tests/reference/trees_reference.py → tests/trees-reference.h
 * (scikit-learn 1.2 DecisionTreeClassifier, cost_complexity_pruning_path,
 * RandomForestClassifier; a brute-force CART for the misclassification criterion).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-cart.h"
#include "lab-engine.h"
#include "lab-error.h"
#include "lab-rng.h"
#include "trees-reference.h"

static LabCart *
fit_case (const RefCart *ref)
{
  LabCartOptions options = {
    .criterion = (LabCartCriterion) ref->criterion,
    .max_depth = ref->max_depth,
    .min_samples_leaf = ref->min_samples_leaf,
  };

  return lab_cart_fit (ref->x, ref->n, ref->d, ref->y, ref->k, NULL, &options, NULL);
}

static void
assert_nodes (const char        *name,
              const LabCart     *tree,
              const RefCartNode *nodes,
              guint              n_nodes,
              guint              k)
{
  if (tree->n_nodes != n_nodes)
    g_error ("%s: %u nodes, scikit-learn %u", name, tree->n_nodes, n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      const LabCartNode *a = &tree->nodes[i];
      const RefCartNode *b = &nodes[i];

      if (a->feature != b->feature || a->left != b->left || a->right != b->right || a->samples != b->samples)
        g_error ("%s: node %u is (feature %d, left %d, right %d, %u samples), reference (%d, %d, %d, %u)",
                 name, i, a->feature, a->left, a->right, a->samples, b->feature, b->left, b->right, b->samples);
      if (a->feature >= 0 && a->threshold != b->threshold)
        g_error ("%s: node %u threshold %.17g, reference %.17g", name, i, a->threshold, b->threshold);
      if (fabs (a->impurity - b->impurity) > 1e-12)
        g_error ("%s: node %u impurity %.17g, reference %.17g", name, i, a->impurity, b->impurity);
      for (guint c = 0; c < k; c++)
        if (tree->value[(gsize) i * k + c] != b->value[c])
          g_error ("%s: node %u class %u count %g, reference %g", name, i, c, tree->value[(gsize) i * k + c], b->value[c]);
    }
}

static void
test_sklearn_nodes (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_carts); r++)
    {
      const RefCart *ref = &ref_carts[r];
      g_autoptr(LabCart) tree = fit_case (ref);
      double importance[8];
      guint leaves = 0, depth = 0;

      assert_nodes (ref->name, tree, ref->nodes, ref->n_nodes, ref->k);
      for (guint i = 0; i < tree->n_nodes; i++)
        if (tree->nodes[i].left < 0)
          {
            leaves++;
            depth = MAX (depth, tree->nodes[i].depth);
          }
      g_assert_cmpuint (tree->n_leaves, ==, leaves);
      g_assert_cmpuint (tree->depth, ==, depth);
      lab_cart_feature_importance (tree, importance);
      for (guint f = 0; f < ref->d; f++)
        g_assert_cmpfloat_with_epsilon (importance[f], ref->importance[f], 1e-12);

      /* every training point lands in a leaf whose counts include its class */
      for (guint i = 0; i < ref->n; i++)
        {
          guint leaf = lab_cart_apply (tree, ref->x + (gsize) i * ref->d);

          g_assert_cmpint (tree->nodes[leaf].left, <, 0);
          g_assert_cmpfloat (tree->value[(gsize) leaf * ref->k + ref->y[i]], >, 0.0);
        }
    }
}

static void
test_misclassification (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_carts_mis); r++)
    {
      const RefCart *ref = &ref_carts_mis[r];
      g_autoptr(LabCart) tree = fit_case (ref);

      assert_nodes (ref->name, tree, ref->nodes, ref->n_nodes, ref->k);
    }
}

static void
test_pruning_path (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_carts); r++)
    {
      const RefCart *ref = &ref_carts[r];
      g_autoptr(LabCart) tree = fit_case (ref);
      g_autoptr(LabCart) pruned = NULL;
      g_autofree double *alphas = NULL;
      g_autofree double *impurities = NULL;
      g_autofree guint *pruned_nodes = NULL;
      guint n_steps;

      lab_cart_pruning_path (tree, &alphas, &impurities, &pruned_nodes, &n_steps);
      g_assert_cmpuint (pruned_nodes[0], ==, G_MAXUINT);
      g_assert_cmpuint (pruned_nodes[n_steps - 1], ==, 0);   /* the root goes last */
      for (guint i = 1; i < n_steps; i++)
        g_assert_cmpint (tree->nodes[pruned_nodes[i]].left, >=, 0);
      g_assert_cmpuint (n_steps, ==, ref->n_path);
      for (guint i = 0; i < n_steps; i++)
        {
          if (fabs (alphas[i] - ref->ccp_alphas[i]) > 1e-12)
            g_error ("%s: alpha %u = %.17g, scikit-learn %.17g", ref->name, i, alphas[i], ref->ccp_alphas[i]);
          if (fabs (impurities[i] - ref->impurities[i]) > 1e-12)
            g_error ("%s: impurity %u = %.17g, scikit-learn %.17g", ref->name, i, impurities[i], ref->impurities[i]);
        }

      pruned = lab_cart_prune (tree, ref->ccp_alpha);
      g_assert_cmpuint (pruned->n_leaves, ==, ref->pruned_n_leaves);
      g_assert_cmpuint (pruned->depth, ==, ref->pruned_depth);
      assert_nodes (ref->name, pruned, ref->pruned_nodes, ref->pruned_n_nodes, ref->k);

      /* α = 0 keeps everything; α beyond the last step leaves the root */
      {
        g_autoptr(LabCart) same = lab_cart_prune (tree, 0.0);
        g_autoptr(LabCart) root = lab_cart_prune (tree, alphas[n_steps - 1] * 1.01 + 1.0);

        g_assert_cmpuint (same->n_nodes, ==, tree->n_nodes);
        g_assert_cmpuint (root->n_nodes, ==, 1);
        g_assert_cmpuint (root->n_leaves, ==, 1);
        g_assert_cmpint (root->nodes[0].feature, ==, -1);
      }
    }
}

static void
test_best_first (void)
{
  const RefCart *ref = &ref_carts[0];
  g_autoptr(LabCart) tree = fit_case (ref);
  guint n_internal = tree->n_nodes - tree->n_leaves;
  g_autofree guint *order = g_new (guint, n_internal);
  g_autofree guint *rank = g_new (guint, tree->n_nodes);

  lab_cart_best_first_order (tree, order, rank);
  for (guint i = 0; i < n_internal; i++)
    {
      g_assert_cmpuint (rank[order[i]], ==, i);
      /* a parent is split before its children */
      if (order[i] != 0)
        g_assert_cmpuint (rank[tree->nodes[order[i]].parent], <, i);
    }
  for (guint b = 0; b < G_N_ELEMENTS (ref_best_first); b++)
    {
      const RefBestFirst *bf = &ref_best_first[b];
      guint found = 0;

      for (guint s = 0; s < bf->k; s++)
        for (guint i = 0; i < bf->k; i++)
          {
            const LabCartNode *node = &tree->nodes[order[i]];

            if (node->feature == bf->feature[s] && node->threshold == bf->threshold[s])
              {
                found++;
                break;
              }
          }
      g_assert_cmpuint (found, ==, bf->k);
    }
}

static void
test_impurity_functions (void)
{
  double half[2] = { 5, 5 }, pure[3] = { 0, 7, 0 }, third[3] = { 2, 2, 2 };

  g_assert_cmpfloat_with_epsilon (lab_cart_impurity (LAB_CART_GINI, half, 2), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (lab_cart_impurity (LAB_CART_ENTROPY, half, 2), 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (lab_cart_impurity (LAB_CART_MISCLASSIFICATION, half, 2), 0.5, 1e-15);
  for (guint c = 0; c < 3; c++)
    g_assert_cmpfloat (lab_cart_impurity ((LabCartCriterion) c, pure, 3), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (lab_cart_impurity (LAB_CART_GINI, third, 3), 2.0 / 3.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (lab_cart_impurity (LAB_CART_ENTROPY, third, 3), log2 (3.0), 1e-15);
}

/* bootstrap counts as weights: the same tree as the points repeated */
static void
test_weights (void)
{
  const RefCart *ref = &ref_carts[0];
  g_autofree double *w = g_new (double, ref->n);
  g_autofree double *xr = NULL;
  g_autofree guint *yr = NULL;
  LabCartOptions options = { LAB_CART_GINI, 0, 1, 0 };
  guint m = 0, total = 0;

  for (guint i = 0; i < ref->n; i++)
    total += (w[i] = i % 3);
  xr = g_new (double, (gsize) total * ref->d);
  yr = g_new (guint, total);
  for (guint i = 0; i < ref->n; i++)
    for (guint r = 0; r < (guint) w[i]; r++)
      {
        memcpy (xr + (gsize) m * ref->d, ref->x + (gsize) i * ref->d, ref->d * sizeof (double));
        yr[m++] = ref->y[i];
      }
  {
    g_autoptr(LabCart) a = lab_cart_fit (ref->x, ref->n, ref->d, ref->y, ref->k, w, &options, NULL);
    g_autoptr(LabCart) b = lab_cart_fit (xr, total, ref->d, yr, ref->k, NULL, &options, NULL);

    g_assert_cmpuint (a->n_nodes, ==, b->n_nodes);
    for (guint i = 0; i < a->n_nodes; i++)
      {
        g_assert_cmpint (a->nodes[i].feature, ==, b->nodes[i].feature);
        g_assert_cmpfloat (a->nodes[i].weighted_samples, ==, b->nodes[i].weighted_samples);
        g_assert_cmpfloat (a->nodes[i].impurity, ==, b->nodes[i].impurity);
      }
  }
}

static void
test_forest (void)
{
  guint n = REF_FOREST_N_TRAIN, nt = REF_FOREST_N - REF_FOREST_N_TRAIN, seeds = 10;
  double oob = 0.0, acc = 0.0;

  for (guint s = 0; s < seeds; s++)
    {
      LabForestOptions options = { 100, TRUE, { LAB_CART_GINI, 0, 1, 1 }, s + 1 };
      g_autoptr(GError) error = NULL;
      g_autoptr(LabForest) forest = lab_forest_fit (ref_forest_x, n, 2, ref_forest_y, 2, &options,
                                                    NULL, NULL, NULL, &error);
      guint right = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (forest->n_trees, ==, 100);
      g_assert_cmpuint (forest->n_oob, ==, n);
      g_assert_cmpfloat (forest->oob_by_trees[99], ==, forest->oob_accuracy);
      for (guint i = 0; i < nt; i++)
        {
          const double *x = ref_forest_x + (gsize) (n + i) * 2;
          double p[2];

          lab_forest_predict_proba (forest, 100, x, p);
          right += (p[1] > p[0]) == (ref_forest_y[n + i] == 1);
        }
      oob += forest->oob_accuracy / seeds;
      acc += (double) right / nt / seeds;
    }
  /* means of 10 runs each: within 4 standard errors of the difference */
  g_test_message ("OOB %.4f (scikit-learn %.4f ± %.4f), test %.4f (%.4f ± %.4f)", oob, ref_forest_oob_mean,
                  ref_forest_oob_sd, acc, ref_forest_test_mean, ref_forest_test_sd);
  g_assert_cmpfloat (fabs (oob - ref_forest_oob_mean), <, 4 * ref_forest_oob_sd * sqrt (2.0 / seeds) + 0.005);
  g_assert_cmpfloat (fabs (acc - ref_forest_test_mean), <, 4 * ref_forest_test_sd * sqrt (2.0 / seeds) + 0.005);
}

static void
test_forest_cancel (void)
{
  LabForestOptions options = { 50, TRUE, { LAB_CART_GINI, 0, 1, 1 }, 1 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  LabForest *forest;

  g_cancellable_cancel (cancellable);
  forest = lab_forest_fit (ref_forest_x, REF_FOREST_N_TRAIN, 2, ref_forest_y, 2, &options, NULL, NULL,
                           cancellable, &error);
  g_assert_null (forest);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/cart/sklearn-nodes", test_sklearn_nodes);
  g_test_add_func ("/engine/cart/misclassification", test_misclassification);
  g_test_add_func ("/engine/cart/pruning-path", test_pruning_path);
  g_test_add_func ("/engine/cart/best-first", test_best_first);
  g_test_add_func ("/engine/cart/impurity", test_impurity_functions);
  g_test_add_func ("/engine/cart/weights", test_weights);
  g_test_add_func ("/engine/forest/sklearn-accuracy", test_forest);
  g_test_add_func ("/engine/forest/cancel", test_forest_cancel);
  return g_test_run ();
}
