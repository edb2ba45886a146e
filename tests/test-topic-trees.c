/* test-topic-trees.c — the trees topic: its models against scikit-learn and XGBoost through the
 * topic's own data path, the lessons its presets promise, views, clicks, errors, cancel
 *
 * Reference values: tests/reference/trees_reference.py → tests/trees-reference.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "topic-test.h"
#include "trees-reference.h"
#include "trees/trees-private.h"

#define TOPIC (&lab_topic_trees)

/* x1,x2[,x3],label as CSV text, every double written so that it reads back exactly */
static LabDataset *
dataset_of (const double   *x,
            const unsigned *y,
            guint           n,
            guint           d)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint f = 0; f < d; f++)
    g_string_append_printf (s, "x%u,", f + 1);
  g_string_append (s, "label\n");
  for (guint i = 0; i < n; i++)
    {
      for (guint f = 0; f < d; f++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (s, "%s,", g_ascii_formatd (buf, sizeof buf, "%.17g", x[(gsize) i * d + f]));
        }
      g_string_append_printf (s, "%u\n", y[i]);
    }
  return topic_test_load_text (s->str);
}

static LabResult *
compute_data (LabDataset  *data,
              const char  *assignments,
              LabParams  **params_out,
              GError     **error)
{
  g_autoptr(LabParams) params = lab_topic_new_params (TOPIC);
  LabResult *result;

  if (!lab_params_apply_assignments (params, assignments, error))
    return NULL;
  result = lab_topic_compute (TOPIC, params, data, NULL, NULL, error);
  if (params_out)
    *params_out = g_steal_pointer (&params);
  return result;
}

static void
test_tree_against_sklearn (void)
{
  static const char *criteria[] = { "gini", "entropy", "misclassification" };

  for (guint r = 0; r < G_N_ELEMENTS (ref_carts); r++)
    {
      const RefCart *ref = &ref_carts[r];
      g_autoptr(LabDataset) data = dataset_of (ref->x, ref->y, ref->n, ref->d);
      g_autofree char *features = ref->d == 3 ? g_strdup ("x1,x2,x3") : g_strdup ("x1,x2");
      g_autofree char *a = g_strdup_printf ("source=data feature-columns=%s label-column=label test-fraction=0 "
                                            "model=tree criterion=%s max-depth=%u min-samples-leaf=%u",
                                            features, criteria[ref->criterion], ref->max_depth,
                                            ref->min_samples_leaf);
      g_autofree char *pa = g_strdup_printf ("%s ccp-alpha=%.17g", a, ref->ccp_alpha);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = compute_data (data, a, NULL, &error);
      g_autoptr(LabResult) pruned = compute_data (data, pa, NULL, &error);
      const TreesResult *self = (const TreesResult *) result;
      const TreesResult *ps = (const TreesResult *) pruned;

      g_assert_no_error (error);
      g_assert_cmpuint (self->tree->n_nodes, ==, ref->n_nodes);
      for (guint i = 0; i < ref->n_nodes; i++)
        {
          const LabCartNode *nd = &self->tree->nodes[i];

          g_assert_cmpint (nd->feature, ==, ref->nodes[i].feature);
          if (nd->feature >= 0)
            g_assert_cmpfloat (nd->threshold, ==, ref->nodes[i].threshold);
          g_assert_cmpuint (nd->samples, ==, ref->nodes[i].samples);
          g_assert_cmpfloat_with_epsilon (nd->impurity, ref->nodes[i].impurity, 1e-12);
        }
      g_assert_cmpuint (self->n_path, ==, ref->n_path);
      for (guint i = 0; i < ref->n_path; i++)
        {
          g_assert_cmpfloat_with_epsilon (self->ccp_alphas[i], ref->ccp_alphas[i], 1e-12);
          g_assert_cmpfloat_with_epsilon (self->impurities[i], ref->impurities[i], 1e-12);
        }
      g_assert_cmpuint (ps->tree->n_nodes, ==, ref->pruned_n_nodes);
      g_assert_cmpuint (ps->tree->n_leaves, ==, ref->pruned_n_leaves);
      /* the whole training set: the full tree's accuracy is the path's first */
      g_assert_cmpfloat (self->path_train[0], ==, self->train_accuracy);
    }
}

/* The path's accuracies come from one pass of difference arrays: check them against pruning
 * at each α and predicting. */
static void
test_path_accuracy (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (TOPIC, "model=tree max-depth=0 n=300 noise=0.4", &params);
  const TreesResult *self = (const TreesResult *) result;

  g_assert_cmpuint (self->n_path, >, 5);
  for (guint s = 0; s < self->n_path; s++)
    {
      g_autoptr(LabCart) t = NULL;
      guint right = 0, right_test = 0;

      /* several steps can share one α: pruning at that α takes them all, so compare at the last */
      if (s + 1 < self->n_path && self->ccp_alphas[s + 1] == self->ccp_alphas[s])
        continue;
      t = lab_cart_prune (self->full, s == 0 ? 0.0 : self->ccp_alphas[s]);

      for (guint i = 0; i < self->n_train; i++)
        right += lab_cart_predict (t, self->x_train + (gsize) i * self->d) == self->y_train[i];
      for (guint i = 0; i < self->n_test; i++)
        right_test += lab_cart_predict (t, self->x_test + (gsize) i * self->d) == self->y_test[i];
      g_assert_cmpfloat_with_epsilon (self->path_train[s], (double) right / self->n_train, 1e-12);
      g_assert_cmpfloat_with_epsilon (self->path_test[s], (double) right_test / self->n_test, 1e-12);
    }
}

static void
test_boosting_against_xgboost (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (ref_boosts); r++)
    {
      const RefBoost *ref = &ref_boosts[r];
      g_autoptr(LabDataset) data = dataset_of (ref->x, ref->y, ref->n_train, 2);
      g_autofree char *a = g_strdup_printf ("source=data feature-columns=x1,x2 label-column=label test-fraction=0 "
                                            "model=boosting grow-policy=%s max-depth=%u max-leaves=%u "
                                            "learning-rate=%.17g rounds=%u subsample=%.17g reg-lambda=%.17g "
                                            "min-child-weight=%.17g seed=%u",
                                            ref->lossguide ? "lossguide" : "depthwise", ref->max_depth,
                                            ref->max_leaves, ref->eta, ref->rounds, ref->subsample, ref->lambda,
                                            ref->min_child_weight, ref->seed);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = compute_data (data, a, NULL, &error);
      const TreesResult *self = (const TreesResult *) result;
      const float *last;
      double worst = 0.0;

      g_assert_no_error (error);
      g_assert_cmpuint (self->rounds, ==, ref->rounds);
      g_assert_cmpuint (self->kept_rounds[self->n_kept - 1], ==, ref->rounds);
      last = self->train_proba + (gsize) (self->n_kept - 1) * ref->n_train * ref->k;
      for (gsize i = 0; i < (gsize) ref->n_train * ref->k; i++)
        worst = MAX (worst, fabs (last[i] - ref->train_proba[i]));
      g_test_message ("%s through the topic: largest difference %.3g", ref->name, worst);
      g_assert_cmpfloat (worst, <, 1e-6);
      for (guint t = 0; t < ref->rounds; t++)
        g_assert_cmpfloat_with_epsilon (self->train_logloss[t], ref->train_logloss[t], 1e-6);
    }
}

static void
test_forest_lessons (void)
{
  g_autoptr(LabParams) params = NULL;
  /* the preset "Forest vs one tree" */
  g_autoptr(LabResult) result = NULL;
  g_autoptr(LabMetrics) m = NULL;
  const TreesResult *self;

  g_assert_true (g_str_equal (TOPIC->presets[2].name, "Forest vs one tree"));
  result = topic_test_compute_ok (TOPIC, TOPIC->presets[2].assignments, &params);
  self = (const TreesResult *) result;
  m = lab_topic_get_metrics (TOPIC, result, params);
  g_assert_cmpuint (self->forest->n_trees, ==, 200);
  g_assert_true (isfinite (lab_metrics_get_double (m, "oob_accuracy")));
  /* more accurate than one deep tree, and far steadier under 5 % relabelling */
  g_assert_cmpfloat (self->test_accuracy, >, self->one_tree_test);
  g_assert_cmpfloat (self->perturb_forest, <, 0.5 * self->perturb_tree);
  g_assert_cmpfloat (self->by_trees_test[199], ==, self->test_accuracy);
  /* the OOB estimate is near the test accuracy */
  g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "oob_accuracy") - self->test_accuracy), <, 0.08);

  /* without bootstrap there is no OOB estimate */
  {
    g_autoptr(LabResult) nb = topic_test_compute_ok (TOPIC, "model=forest trees=10 bootstrap=false", &params);
    g_autoptr(LabMetrics) mb = lab_topic_get_metrics (TOPIC, nb, params);

    g_assert_true (isnan (lab_metrics_get_double (mb, "oob_accuracy")));
  }
}

static void
test_preset_lessons (void)
{
  g_autoptr(LabResult) deep = topic_test_compute_ok (TOPIC, TOPIC->presets[0].assignments, NULL);
  g_autoptr(LabResult) pruned = topic_test_compute_ok (TOPIC, TOPIC->presets[1].assignments, NULL);
  g_autoptr(LabResult) lw = topic_test_compute_ok (TOPIC, TOPIC->presets[3].assignments, NULL);
  g_autoptr(LabResult) stack = topic_test_compute_ok (TOPIC, TOPIC->presets[5].assignments, NULL);
  const TreesResult *d = (const TreesResult *) deep, *p = (const TreesResult *) pruned;
  const TreesResult *b = (const TreesResult *) lw, *s = (const TreesResult *) stack;

  /* a deep tree fits its training set and does worse on the test set */
  g_assert_cmpfloat (d->train_accuracy, ==, 1.0);
  g_assert_cmpfloat (d->test_accuracy, <, 0.9);
  /* pruning: fewer leaves, better test accuracy on the same split */
  g_assert_cmpuint (p->tree->n_leaves, <, d->tree->n_leaves);
  g_assert_cmpfloat (p->test_accuracy, >, d->test_accuracy);
  /* leaf-wise reaches a lower training loss than level-wise at the same budget of leaves */
  g_assert_cmpfloat (b->train_logloss[b->rounds - 1], <, b->other_train_logloss[b->rounds - 1]);
  /* the stack beats each of its parts on this data */
  for (guint m = 0; m < N_STACK - 1; m++)
    g_assert_cmpfloat (s->models[N_STACK - 1].test_accuracy, >, s->models[m].test_accuracy);
}

static void
test_every_preset_renders (void)
{
  for (guint i = 0; i < TOPIC->n_presets; i++)
    {
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) result = topic_test_compute_ok (TOPIC, TOPIC->presets[i].assignments, &params);
      g_autoptr(LabFigure) fig = topic_test_render_ok (TOPIC, result, params, 1200, 800);
      g_autoptr(LabMetrics) m = lab_topic_get_metrics (TOPIC, result, params);
      g_autofree char *json = lab_metrics_to_json (m);

      g_assert_true (isfinite (lab_metrics_get_double (m, "train_accuracy")));
      g_assert_nonnull (strstr (json, "\"test_accuracy\""));
    }
}

static void
test_json_keys (void)
{
  struct { const char *a; const char *keys[6]; } cases[] = {
    { "model=tree", { "\"depth\"", "\"n_leaves\"", "\"nodes\"", "\"ccp_alphas\"", "\"impurities\"", "\"feature_importance\"" } },
    { "model=forest trees=20", { "\"oob_accuracy\"", "\"feature_importance\"", NULL } },
    { "model=boosting rounds=10", { "\"train_logloss\"", "\"test_logloss\"", NULL } },
    { "model=stacking trees=10 rounds=10 n=200", { "\"models\"", "\"name\"", NULL } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) result = topic_test_compute_ok (TOPIC, cases[c].a, &params);
      g_autoptr(LabMetrics) m = lab_topic_get_metrics (TOPIC, result, params);
      g_autofree char *json = lab_metrics_to_json (m);

      for (guint k = 0; k < G_N_ELEMENTS (cases[c].keys) && cases[c].keys[k]; k++)
        if (strstr (json, cases[c].keys[k]) == NULL)
          g_error ("%s: no %s in %s", cases[c].a, cases[c].keys[k], json);
    }
}

static void
test_views_and_clicks (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (TOPIC, "model=tree max-depth=0", &params);
  const TreesResult *self = (const TreesResult *) result;
  double lo, hi;
  GParamSpec *splits = lab_params_find (params, "splits");

  /* the tree after k splits has k + 1 leaves */
  for (guint k = 0; k <= 3; k++)
    {
      g_autoptr(GHashTable) leaves = g_hash_table_new (NULL, NULL);
      g_autoptr(LabFigure) fig = NULL;

      lab_params_set_int (params, "splits", (int) k);
      fig = topic_test_render_ok (TOPIC, result, params, 900, 600);
      for (guint i = 0; i < self->n_train; i++)
        g_hash_table_add (leaves, GUINT_TO_POINTER (trees_leaf_after (self->tree, self->rank, k,
                                                                      self->x_train + (gsize) i * self->d)));
      g_assert_cmpuint (g_hash_table_size (leaves), ==, k + 1);
    }
  g_assert_true (TOPIC->suggest_range (result, splits, &lo, &hi));
  g_assert_cmpfloat (hi, ==, self->n_internal);

  /* a click on the regions moves the probe; on the path it picks that subtree's α */
  g_assert_true (TOPIC->click (result, params, TAG_REGIONS, 0.3, -0.2));
  g_assert_cmpfloat (lab_params_get_double (params, "probe-x"), ==, 0.3);
  g_assert_cmpfloat (lab_params_get_double (params, "probe-y"), ==, -0.2);
  g_assert_true (TOPIC->click (result, params, TAG_CURVE, self->ccp_alphas[3] * 1.0001, 0.5));
  g_assert_cmpfloat (lab_params_get_double (params, "ccp-alpha"), ==, self->ccp_alphas[3]);
  g_assert_false (TOPIC->click (result, params, TAG_SIDE, 0.5, 0.5));

  /* boosting: the round view, its click and its range */
  {
    g_autoptr(LabParams) bp = NULL;
    g_autoptr(LabResult) br = topic_test_compute_ok (TOPIC, "model=boosting rounds=30", &bp);
    g_autoptr(LabMetrics) m = NULL;

    g_assert_true (TOPIC->click (br, bp, TAG_CURVE, 12.2, 0.3));
    g_assert_cmpint (lab_params_get_int (bp, "round"), ==, 12);
    m = lab_topic_get_metrics (TOPIC, br, bp);
    g_assert_cmpfloat (lab_metrics_get_double (m, "round_shown"), ==, 12);
    g_assert_cmpfloat (lab_metrics_get_double (m, "train_logloss_shown"), ==,
                       ((const TreesResult *) br)->train_logloss[11]);
    g_assert_true (TOPIC->suggest_range (br, lab_params_find (bp, "round"), &lo, &hi));
    g_assert_cmpfloat (hi, ==, 30);
    lab_figure_unref (topic_test_render_ok (TOPIC, br, bp, 900, 600));
  }
}

static void
expect_error (LabDataset *data,
              const char *assignments,
              GQuark      domain,
              int         code,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = compute_data (data, assignments, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, domain, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s: “%s” does not mention “%s”", assignments, error->message, fragment);
}

static void
test_errors (void)
{
  g_autoptr(LabDataset) one = topic_test_load_text ("a,b,label\n1,2,x\n2,3,x\n3,1,x\n4,4,x\n");
  g_autoptr(LabDataset) text = topic_test_load_text ("a,b,label\n1,red,x\n2,blue,y\n3,red,x\n4,blue,y\n");
  g_autoptr(GString) many = g_string_new ("a,b,label\n");
  g_autoptr(LabDataset) eleven = NULL;
  g_autoptr(LabDataset) ok = topic_test_load_text ("a,b,label\n1,2,x\n2,3,y\n3,1,x\n4,4,y\n5,1,x\n6,2,y\n");
  const char *base = "source=data feature-columns=a,b label-column=label test-fraction=0";

  for (guint i = 0; i < 33; i++)
    g_string_append_printf (many, "%u,%u,c%u\n", i, i % 7, i % 11);
  eleven = topic_test_load_text (many->str);

  {
    g_autofree char *a = g_strdup_printf ("%s model=tree", base);

    expect_error (one, a, LAB_ERROR, LAB_ERROR_DATA, "“label” has one class only");
    expect_error (text, a, LAB_ERROR, LAB_ERROR_DATA, "“b” holds text");
    expect_error (eleven, a, LAB_ERROR, LAB_ERROR_DATA, "more than 10 classes");
  }
  {
    g_autofree char *a = g_strdup_printf ("%s model=tree min-samples-leaf=4", base);

    expect_error (ok, a, LAB_ERROR, LAB_ERROR_DATA, "fewer than 2 × min-samples-leaf");
  }
  expect_error (ok, "source=data feature-columns=a label-column=label", LAB_ERROR, LAB_ERROR_USAGE,
                "feature-columns");
  expect_error (ok, "source=data feature-columns=a,zzz label-column=label", LAB_ERROR, LAB_ERROR_USAGE, "zzz");
  expect_error (ok, "source=data feature-columns=a,b label-column=label x-feature=label", LAB_ERROR,
                LAB_ERROR_USAGE, "x-feature");
  expect_error (ok, "source=data feature-columns=a,b label-column=label x-feature=b y-feature=b", LAB_ERROR,
                LAB_ERROR_USAGE, "same column");
  expect_error (ok, "source=data feature-columns=a,b label-column=label model=forest max-features=7", LAB_ERROR,
                LAB_ERROR_USAGE, "max-features");
  expect_error (ok, "source=data feature-columns=a,b label-column=label model=forest max-features=half",
                LAB_ERROR, LAB_ERROR_USAGE, "max-features");
  expect_error (ok, "model=boosting grow-policy=depthwise max-depth=0 max-leaves=0", LAB_ERROR, LAB_ERROR_USAGE,
                "max-leaves");
  expect_error (NULL, "source=data", LAB_ERROR, LAB_ERROR_USAGE, "dataset");
}

static void
test_data_mode (void)
{
  /* three features, text labels, the plot on a chosen pair */
  g_autoptr(GString) s = g_string_new ("u,v,w,kind\n");
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const TreesResult *self;

  for (guint i = 0; i < 120; i++)
    g_string_append_printf (s, "%u,%g,%g,%s\n", i, sin (i * 0.7), cos (i * 1.3), i % 3 == 0 ? "cat" : "dog");
  data = topic_test_load_text (s->str);
  result = compute_data (data, "source=data feature-columns=u,v,w label-column=kind x-feature=w y-feature=u "
                               "model=forest trees=10", &params, &error);
  g_assert_no_error (error);
  self = (const TreesResult *) result;
  g_assert_cmpuint (self->d, ==, 3);
  g_assert_cmpuint (self->fx, ==, 2);
  g_assert_cmpuint (self->fy, ==, 0);
  g_assert_cmpuint (self->k, ==, 2);
  g_assert_cmpuint (self->n_train + self->n_test, ==, 120);
  lab_figure_unref (topic_test_render_ok (TOPIC, result, params, 900, 600));
}

static void
test_cancel (void)
{
  const char *models[] = { "model=forest", "model=boosting", "model=stacking n=100 trees=5 rounds=5" };

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (TOPIC);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      LabResult *result;

      g_assert_true (lab_params_apply_assignments (params, models[i], NULL));
      g_cancellable_cancel (cancellable);
      result = lab_topic_compute (TOPIC, params, NULL, NULL, cancellable, &error);
      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
}

static void
test_deterministic (void)
{
  g_autoptr(LabResult) a = topic_test_compute_ok (TOPIC, "model=forest trees=20 seed=4", NULL);
  g_autoptr(LabResult) b = topic_test_compute_ok (TOPIC, "model=forest trees=20 seed=4", NULL);
  g_autoptr(LabResult) c = topic_test_compute_ok (TOPIC, "model=boosting rounds=20 subsample=0.5 seed=4", NULL);
  g_autoptr(LabResult) e = topic_test_compute_ok (TOPIC, "model=boosting rounds=20 subsample=0.5 seed=4", NULL);
  const TreesResult *ra = (const TreesResult *) a, *rb = (const TreesResult *) b;
  const TreesResult *rc = (const TreesResult *) c, *re = (const TreesResult *) e;

  g_assert_cmpmem (ra->grid_share, NG * NG * ra->k * sizeof (double), rb->grid_share, NG * NG * rb->k * sizeof (double));
  g_assert_cmpmem (rc->train_logloss, rc->rounds * sizeof (double), re->train_logloss, re->rounds * sizeof (double));
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topics/trees/tree-against-sklearn", test_tree_against_sklearn);
  g_test_add_func ("/topics/trees/path-accuracy", test_path_accuracy);
  g_test_add_func ("/topics/trees/boosting-against-xgboost", test_boosting_against_xgboost);
  g_test_add_func ("/topics/trees/forest-lessons", test_forest_lessons);
  g_test_add_func ("/topics/trees/preset-lessons", test_preset_lessons);
  g_test_add_func ("/topics/trees/every-preset-renders", test_every_preset_renders);
  g_test_add_func ("/topics/trees/json-keys", test_json_keys);
  g_test_add_func ("/topics/trees/views-and-clicks", test_views_and_clicks);
  g_test_add_func ("/topics/trees/errors", test_errors);
  g_test_add_func ("/topics/trees/data-mode", test_data_mode);
  g_test_add_func ("/topics/trees/cancel", test_cancel);
  g_test_add_func ("/topics/trees/deterministic", test_deterministic);
  return g_test_run ();
}
