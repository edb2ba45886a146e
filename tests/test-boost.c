/* test-boost.c — gradient boosting through XGBoost's C API against python3-xgboost
 *
 * Reference values: tests/reference/trees_reference.py → tests/trees-reference.h
 * (xgboost 1.7 Python package, the same library, same parameters and seed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-boost.h"
#include "lab-engine.h"
#include "lab-error.h"
#include "trees-reference.h"

static LabBoost *
train_case (const RefBoost *ref,
            GError        **error)
{
  LabBoostOptions options = {
    .grow_policy = ref->lossguide ? LAB_BOOST_LOSSGUIDE : LAB_BOOST_DEPTHWISE,
    .rounds = ref->rounds,
    .max_depth = ref->max_depth,
    .max_leaves = ref->max_leaves,
    .learning_rate = ref->eta,
    .subsample = ref->subsample,
    .reg_lambda = ref->lambda,
    .min_child_weight = ref->min_child_weight,
    .seed = ref->seed,
    .n_threads = 1,   /* the reference ran on every core: the thread count must not matter */
  };

  return lab_boost_train (ref->x, ref->n_train, 2, ref->y, ref->k, &options, NULL, NULL, NULL, error);
}

static void
test_predictions (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_boosts); r++)
    {
      const RefBoost *ref = &ref_boosts[r];
      g_autoptr(GError) error = NULL;
      g_autoptr(LabBoost) boost = train_case (ref, &error);
      guint m = ref->n_test, k = ref->k, rounds = ref->rounds;
      const double *xt = ref->x + (gsize) ref->n_train * 2;
      g_autofree float *proba = g_new (float, (gsize) rounds * m * k);
      g_autofree float *final = g_new (float, (gsize) m * k);
      g_autofree float *train_proba = g_new (float, (gsize) rounds * ref->n_train * k);
      double worst = 0.0;

      g_assert_no_error (error);
      g_assert_cmpuint (lab_boost_get_rounds (boost), ==, rounds);
      g_assert_true (lab_boost_predict_rounds (boost, xt, m, NULL, 0, proba, NULL, NULL, &error));
      g_assert_no_error (error);
      for (gsize i = 0; i < (gsize) rounds * m * k; i++)
        worst = MAX (worst, fabs (proba[i] - ref->proba[i]));
      g_test_message ("%s: largest difference over every round %.3g", ref->name, worst);
      g_assert_cmpfloat (worst, <, 1e-6);

      /* after all rounds, XGBoost's own prediction is the Python package's, bit for bit in float32 */
      g_assert_true (lab_boost_predict (boost, xt, m, final, &error));
      for (gsize i = 0; i < (gsize) m * k; i++)
        g_assert_cmpfloat (final[i], ==, (float) ref->proba[(gsize) (rounds - 1) * m * k + i]);

      /* log-loss by round as XGBoost's eval metric reports it */
      g_assert_true (lab_boost_predict_rounds (boost, ref->x, ref->n_train, NULL, 0, train_proba, NULL, NULL, &error));
      {
        g_autofree double *train_loss = g_new (double, rounds);
        g_autofree double *test_loss = g_new (double, rounds);
        guint keep[2] = { 1, rounds };
        g_autofree float *two = g_new (float, (gsize) 2 * m * k);

        g_assert_true (lab_boost_predict_rounds (boost, ref->x, ref->n_train, NULL, 0, NULL, ref->y, train_loss, &error));
        g_assert_true (lab_boost_predict_rounds (boost, xt, m, keep, 2, two, ref->y + ref->n_train, test_loss, &error));
        for (guint t = 0; t < rounds; t++)
          {
            double tr = lab_boost_log_loss (train_proba + (gsize) t * ref->n_train * k, ref->y, ref->n_train, k);
            double te = lab_boost_log_loss (proba + (gsize) t * m * k, ref->y + ref->n_train, m, k);

            g_assert_cmpfloat_with_epsilon (tr, ref->train_logloss[t], 1e-6);
            g_assert_cmpfloat_with_epsilon (te, ref->test_logloss[t], 1e-6);
            g_assert_cmpfloat_with_epsilon (train_loss[t], ref->train_logloss[t], 1e-6);
            g_assert_cmpfloat_with_epsilon (test_loss[t], ref->test_logloss[t], 1e-6);
          }
        /* only the rounds asked for are stored */
        g_assert_cmpmem (two, m * k * sizeof (float), proba, m * k * sizeof (float));
        g_assert_cmpmem (two + (gsize) m * k, m * k * sizeof (float), proba + (gsize) (rounds - 1) * m * k,
                         m * k * sizeof (float));
      }
    }
}

static void
test_tree_dump (void)
{
  const RefBoost *ref = &ref_boosts[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(LabBoost) boost = train_case (ref, &error);
  const double *x0 = ref->x;

  g_assert_no_error (error);
  g_assert_cmpuint (lab_boost_get_n_trees (boost), ==, ref->rounds);
  /* walking each dumped tree gives the margin increment XGBoost adds for that round */
  {
    g_autofree float *proba = g_new (float, (gsize) ref->rounds * 2);
    double margin = 0.0;

    g_assert_true (lab_boost_predict_rounds (boost, x0, 1, NULL, 0, proba, NULL, NULL, &error));
    for (guint t = 0; t < ref->rounds; t++)
      {
        guint n_nodes, id = 0;
        g_autofree LabBoostNode *nodes = lab_boost_dup_tree (boost, t, &n_nodes);
        double p;

        g_assert_nonnull (nodes);
        g_assert_cmpuint (n_nodes, >=, 1);
        g_assert_cmpuint (nodes[0].depth, ==, 0);
        while (nodes[id].feature >= 0)
          {
            g_assert_cmpuint (nodes[id].depth, <=, ref->max_depth);
            id = (guint) ((float) x0[nodes[id].feature] < nodes[id].threshold ? nodes[id].left : nodes[id].right);
          }
        margin += nodes[id].leaf;
        p = 1.0 / (1.0 + exp (-margin));
        g_assert_cmpfloat_with_epsilon (p, proba[(gsize) t * 2 + 1], 1e-5);
      }
  }
  {
    guint n_nodes = 7;
    LabBoostNode *none = lab_boost_dup_tree (boost, ref->rounds, &n_nodes);

    g_assert_null (none);
    g_assert_cmpuint (n_nodes, ==, 0);
  }
}

static void
test_errors (void)
{
  const RefBoost *ref = &ref_boosts[0];
  LabBoostOptions options = { LAB_BOOST_DEPTHWISE, 5, 3, 0, 0.3, 1.0, 1.0, 1.0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LabBoost *boost;

  /* XGBoost rejects a negative L2 penalty; its message comes through */
  options.reg_lambda = -1.0;
  boost = lab_boost_train (ref->x, ref->n_train, 2, ref->y, 2, &options, NULL, NULL, NULL, &error);
  g_assert_null (boost);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_NUMERIC);
  g_assert_true (g_str_has_prefix (error->message, "XGBoost: "));
  g_assert_nonnull (strstr (error->message, "reg_lambda"));
  g_clear_error (&error);

  options.reg_lambda = 1.0;
  g_cancellable_cancel (cancellable);
  boost = lab_boost_train (ref->x, ref->n_train, 2, ref->y, 2, &options, NULL, NULL, cancellable, &error);
  g_assert_null (boost);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/boost/xgboost-python", test_predictions);
  g_test_add_func ("/engine/boost/tree-dump", test_tree_dump);
  g_test_add_func ("/engine/boost/errors", test_errors);
  return g_test_run ();
}
