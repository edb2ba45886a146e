/* trees-compute.c — the trees topic on the worker: data, the four models, the lessons' numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>

#include "trees-private.h"

/* the most boosting rounds whose grid probabilities are kept (the view steps through them) */
#define MAX_STORED_FLOATS (24u * 1024u * 1024u)

static void
trees_result_finalize (LabResult *result)
{
  TreesResult *self = (TreesResult *) result;

  g_free (self->source_name);
  g_strfreev (self->feature_names);
  g_strfreev (self->class_names);
  g_free (self->x_train);
  g_free (self->x_test);
  g_free (self->y_train);
  g_free (self->y_test);
  g_free (self->fixed);
  g_free (self->grid);
  g_clear_pointer (&self->full, lab_cart_free);
  g_clear_pointer (&self->tree, lab_cart_free);
  g_free (self->order);
  g_free (self->rank);
  g_free (self->ccp_alphas);
  g_free (self->impurities);
  g_free (self->path_train);
  g_free (self->path_test);
  g_free (self->importance);
  g_clear_pointer (&self->forest, lab_forest_free);
  g_free (self->by_trees_test);
  g_free (self->perturb_cells);
  g_free (self->kept_rounds);
  g_free (self->grid_proba);
  g_free (self->train_proba);
  g_free (self->train_logloss);
  g_free (self->test_logloss);
  g_free (self->other_train_logloss);
  g_free (self->other_test_logloss);
  g_free (self->other_label);
  for (guint t = 0; t < self->n_btrees; t++)
    g_free (self->btrees[t]);
  g_free (self->btrees);
  g_free (self->btree_sizes);
  g_free (self->grid_share);
  g_free (self->meta_w);
}

/* ------------------------------------------------------------------ */
/* helpers shared with the figure */

guint
trees_node_class (const LabCart *tree,
                  guint          id)
{
  const double *v = tree->value + (gsize) id * tree->n_classes;
  guint best = 0;

  for (guint c = 1; c < tree->n_classes; c++)
    if (v[c] > v[best])
      best = c;
  return best;
}

guint
trees_leaf_after (const LabCart *tree,
                  const guint   *rank,
                  guint          splits,
                  const double  *x)
{
  guint id = 0;

  while (tree->nodes[id].left >= 0 && (rank == NULL || rank[id] < splits))
    {
      const LabCartNode *node = &tree->nodes[id];

      id = (guint) (x[node->feature] <= node->threshold ? node->left : node->right);
    }
  return id;
}

/* ------------------------------------------------------------------ */
/* progress */

typedef struct
{
  LabProgress *progress;
  double       lo, span;
} Stage;

static void
stage_progress (double   fraction,
                gpointer data)
{
  Stage *s = data;

  lab_progress_set (s->progress, s->lo + s->span * fraction);
}

/* ------------------------------------------------------------------ */
/* data */

static gboolean
load_points (TreesResult  *self,
             LabParams    *params,
             LabDataset   *data,
             LabPoints   **out,
             GError      **error)
{
  g_autoptr(LabPoints) points = NULL;

  if (lab_params_get_enum (params, "source") == TREES_SOURCE_DATA)
    {
      const char *xf = lab_params_get_string (params, "x-feature");
      const char *yf = lab_params_get_string (params, "y-feature");
      char **names;
      guint n_names;

      points = lab_columns_get_points (params, data, 2, G_MAXUINT, error);
      if (points == NULL)
        return FALSE;
      names = points->feature_names;
      n_names = points->d;
      self->fx = 0;
      self->fy = 1;
      for (guint a = 0; a < 2; a++)
        {
          const char *want = a == 0 ? xf : yf;
          gboolean found = FALSE;

          if (want[0] == '\0')
            continue;
          for (guint i = 0; i < n_names && !found; i++)
            if (g_str_equal (names[i], want))
              {
                *(a == 0 ? &self->fx : &self->fy) = i;
                found = TRUE;
              }
          if (!found)
            {
              g_autofree char *list = g_strjoinv (", ", names);

              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("%s: “%s” is not one of the feature columns (%s)"),
                           a == 0 ? "x-feature" : "y-feature", want, list);
              return FALSE;
            }
        }
      if (self->fx == self->fy)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("x-feature and y-feature name the same column “%s”: choose two different features"),
                       names[self->fx]);
          return FALSE;
        }
      self->source_name = g_strdup (lab_dataset_get_name (data));
    }
  else
    {
      static const LabSynthKind kinds[] = {
        LAB_SYNTH_MOONS, LAB_SYNTH_CIRCLES, LAB_SYNTH_BLOBS, LAB_SYNTH_XOR, LAB_SYNTH_SPIRALS,
      };
      TreesDataset ds = lab_params_get_enum (params, "dataset");
      LabSynthOptions options = {
        .kind = kinds[ds],
        .n = (guint) lab_params_get_int (params, "n"),
        .classes = ds == TREES_DATASET_BLOBS || ds == TREES_DATASET_SPIRALS
                   ? (guint) lab_params_get_int (params, "classes") : 2,
        .noise = lab_params_get_double (params, "noise"),
        .ratio = 1.0,
        .seed = (guint64) lab_params_get_int (params, "seed"),
      };

      points = lab_points_synthesize (&options, error);
      if (points == NULL)
        return FALSE;
      self->fx = 0;
      self->fy = 1;
      self->source_name = g_strdup (lab_synth_kind_to_string (options.kind));
    }
  *out = g_steal_pointer (&points);
  return TRUE;
}

static gboolean
split_points (TreesResult     *self,
              LabParams       *params,
              const LabPoints *points,
              GError         **error)
{
  g_autofree guint *train = NULL;
  g_autofree guint *test = NULL;
  guint d = points->d, present = 0;
  g_autofree guint *counts = g_new0 (guint, points->n_classes);

  lab_points_split (points, lab_params_get_double (params, "test-fraction"),
                    (guint64) lab_params_get_int (params, "seed"),
                    &train, &self->n_train, &test, &self->n_test);
  self->d = d;
  self->k = points->n_classes;
  self->feature_names = g_strdupv (points->feature_names);
  self->class_names = g_strdupv (points->class_names);
  self->x_train = g_new (double, (gsize) MAX (self->n_train, 1) * d);
  self->y_train = g_new (guint, MAX (self->n_train, 1));
  self->x_test = g_new (double, (gsize) MAX (self->n_test, 1) * d);
  self->y_test = g_new (guint, MAX (self->n_test, 1));
  for (guint i = 0; i < self->n_train; i++)
    {
      memcpy (self->x_train + (gsize) i * d, points->x + (gsize) train[i] * d, d * sizeof (double));
      self->y_train[i] = points->y[train[i]];
      if (counts[self->y_train[i]]++ == 0)
        present++;
    }
  for (guint i = 0; i < self->n_test; i++)
    {
      memcpy (self->x_test + (gsize) i * d, points->x + (gsize) test[i] * d, d * sizeof (double));
      self->y_test[i] = points->y[test[i]];
    }
  if (present < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: the training rows hold one class only (“%s”): a classifier needs two or more "
                     "(lower test-fraction or use more rows)"),
                   self->source_name, points->class_names[self->y_train[0]]);
      return FALSE;
    }

  /* the grid: the plotted features' range over every point, 5 % beyond; the others at their
   * training means */
  self->fixed = g_new0 (double, d);
  for (guint i = 0; i < self->n_train; i++)
    for (guint f = 0; f < d; f++)
      self->fixed[f] += self->x_train[(gsize) i * d + f] / self->n_train;
  {
    double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
    guint fs[2] = { self->fx, self->fy };

    for (guint i = 0; i < points->n; i++)
      for (guint a = 0; a < 2; a++)
        {
          double v = points->x[(gsize) i * d + fs[a]];

          lo[a] = MIN (lo[a], v);
          hi[a] = MAX (hi[a], v);
        }
    for (guint a = 0; a < 2; a++)
      {
        double pad = hi[a] > lo[a] ? 0.05 * (hi[a] - lo[a]) : 0.5;

        lo[a] -= pad;
        hi[a] += pad;
      }
    self->x0 = lo[0];
    self->x1 = hi[0];
    self->y0 = lo[1];
    self->y1 = hi[1];
  }
  self->grid = g_new (double, (gsize) NG * NG * d);
  for (guint j = 0; j < NG; j++)
    for (guint i = 0; i < NG; i++)
      {
        double *g = self->grid + ((gsize) j * NG + i) * d;

        memcpy (g, self->fixed, d * sizeof (double));
        g[self->fx] = self->x0 + (i + 0.5) * (self->x1 - self->x0) / NG;
        g[self->fy] = self->y0 + (j + 0.5) * (self->y1 - self->y0) / NG;
      }
  return TRUE;
}

static double
tree_accuracy (const LabCart *tree,
               const double  *x,
               const guint   *y,
               guint          n,
               guint          d)
{
  guint right = 0;

  if (n == 0)
    return NAN;
  for (guint i = 0; i < n; i++)
    right += lab_cart_predict (tree, x + (gsize) i * d) == y[i];
  return (double) right / n;
}

static guint
argmax (const double *p,
        guint         k)
{
  guint best = 0;

  for (guint c = 1; c < k; c++)
    if (p[c] > p[best])
      best = c;
  return best;
}

static guint
argmaxf (const float *p,
         guint        k)
{
  guint best = 0;

  for (guint c = 1; c < k; c++)
    if (p[c] > p[best])
      best = c;
  return best;
}

static LabCartOptions
cart_options (LabParams *params)
{
  return (LabCartOptions) {
    .criterion = lab_params_get_enum (params, "criterion"),
    .max_depth = (guint) lab_params_get_int (params, "max-depth"),
    .min_samples_leaf = (guint) lab_params_get_int (params, "min-samples-leaf"),
  };
}

/* ------------------------------------------------------------------ */
/* the tree and its pruning path */

/* Accuracy of every subtree along the pruning path at once. A point's prediction at step s
 * is the class of the shallowest node on its root-to-leaf path that is a leaf by step s, i.e.
 * the first node whose running minimum of "becomes a leaf at step" is ≤ s; so each point adds
 * to a difference array over the steps: O(n · depth) for the whole path. */
static void
path_accuracy (const LabCart *tree,
               const guint   *collapse,
               guint          n_steps,
               const double  *x,
               const guint   *y,
               guint          n,
               guint          d,
               double        *acc)
{
  g_autofree double *diff = g_new0 (double, n_steps + 1);
  g_autofree guint *path = g_new (guint, tree->depth + 2);

  if (n == 0)
    {
      for (guint s = 0; s < n_steps; s++)
        acc[s] = NAN;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      guint len = 0, id = 0, prev = n_steps;
      guint running = G_MAXUINT;

      for (;;)
        {
          path[len++] = id;
          if (tree->nodes[id].left < 0)
            break;
          id = (guint) (x[(gsize) i * d + tree->nodes[id].feature] <= tree->nodes[id].threshold
                        ? tree->nodes[id].left : tree->nodes[id].right);
        }
      for (guint j = 0; j < len; j++)
        {
          guint r = MIN (running, collapse[path[j]]);

          if (r < running && r < n_steps)
            {
              /* path[j] is the prediction for steps [r, prev) */
              double right = trees_node_class (tree, path[j]) == y[i];

              diff[r] += right;
              diff[prev] -= right;
              prev = r;
            }
          running = r;
        }
    }
  {
    double s = 0.0;

    for (guint t = 0; t < n_steps; t++)
      {
        s += diff[t];
        acc[t] = s / n;
      }
  }
}

static void
compute_tree (TreesResult *self,
              LabParams   *params)
{
  LabCartOptions options = cart_options (params);
  g_autofree guint *pruned = NULL;
  g_autofree guint *collapse = NULL;

  self->full = lab_cart_fit (self->x_train, self->n_train, self->d, self->y_train, self->k, NULL, &options, NULL);
  lab_cart_pruning_path (self->full, &self->ccp_alphas, &self->impurities, &pruned, &self->n_path);
  collapse = g_new (guint, self->full->n_nodes);
  for (guint i = 0; i < self->full->n_nodes; i++)
    collapse[i] = self->full->nodes[i].left < 0 ? 0 : G_MAXUINT;
  for (guint s = 1; s < self->n_path; s++)
    collapse[pruned[s]] = s;
  self->path_train = g_new (double, self->n_path);
  self->path_test = g_new (double, self->n_path);
  path_accuracy (self->full, collapse, self->n_path, self->x_train, self->y_train, self->n_train, self->d,
                 self->path_train);
  path_accuracy (self->full, collapse, self->n_path, self->x_test, self->y_test, self->n_test, self->d,
                 self->path_test);

  self->ccp_alpha = lab_params_get_double (params, "ccp-alpha");
  self->tree = lab_cart_prune (self->full, self->ccp_alpha);
  self->importance = g_new (double, self->d);
  lab_cart_feature_importance (self->tree, self->importance);
  self->train_accuracy = tree_accuracy (self->tree, self->x_train, self->y_train, self->n_train, self->d);
  self->test_accuracy = tree_accuracy (self->tree, self->x_test, self->y_test, self->n_test, self->d);
}

static void
rank_tree (TreesResult *self)
{
  self->n_internal = self->tree->n_nodes - self->tree->n_leaves;
  self->order = g_new (guint, MAX (self->n_internal, 1));
  self->rank = g_new (guint, self->tree->n_nodes);
  lab_cart_best_first_order (self->tree, self->order, self->rank);
}

/* ------------------------------------------------------------------ */
/* the forest */

static LabForest *
fit_forest (TreesResult  *self,
            LabParams    *params,
            const guint  *y,
            Stage        *stage,
            GCancellable *cancellable,
            GError      **error)
{
  LabForestOptions options = {
    .n_trees = (guint) lab_params_get_int (params, "trees"),
    .bootstrap = lab_params_get_boolean (params, "bootstrap"),
    .tree = cart_options (params),
    .seed = (guint64) lab_params_get_int (params, "seed"),
  };

  if (!trees_parse_max_features (lab_params_get_string (params, "max-features"), self->d,
                                 &options.tree.max_features, error))
    return NULL;
  return lab_forest_fit (self->x_train, self->n_train, self->d, y, self->k, &options,
                         stage ? stage_progress : NULL, stage, cancellable, error);
}

static void
forest_grid (const LabForest *forest,
             const double    *grid,
             guint            d,
             double          *share)
{
  guint k = forest->n_classes;

  for (guint g = 0; g < NG * NG; g++)
    lab_forest_predict_proba (forest, forest->n_trees, grid + (gsize) g * d, share + (gsize) g * k);
}

static gboolean
compute_forest (TreesResult  *self,
                LabParams    *params,
                LabProgress  *progress,
                GCancellable *cancellable,
                GError      **error)
{
  Stage stage = { progress, 0.0, 0.45 };
  guint k = self->k, d = self->d, nt;
  g_autofree double *acc = NULL;
  g_autofree double *p = g_new (double, k);

  self->forest = fit_forest (self, params, self->y_train, &stage, cancellable, error);
  if (self->forest == NULL)
    return FALSE;
  nt = self->forest->n_trees;

  /* test accuracy as the trees are added: the running sums of their probabilities */
  self->by_trees_test = g_new (double, nt);
  acc = g_new0 (double, (gsize) MAX (self->n_test, 1) * k);
  for (guint t = 0; t < nt; t++)
    {
      guint right = 0;

      for (guint i = 0; i < self->n_test; i++)
        {
          double *a = acc + (gsize) i * k;

          lab_cart_predict_proba (self->forest->trees[t], self->x_test + (gsize) i * d, p);
          for (guint c = 0; c < k; c++)
            a[c] += p[c];
          right += argmax (a, k) == self->y_test[i];
        }
      self->by_trees_test[t] = self->n_test ? (double) right / self->n_test : NAN;
    }
  self->test_accuracy = self->by_trees_test[nt - 1];
  {
    guint right = 0;

    for (guint i = 0; i < self->n_train; i++)
      {
        lab_forest_predict_proba (self->forest, nt, self->x_train + (gsize) i * d, p);
        right += argmax (p, k) == self->y_train[i];
      }
    self->train_accuracy = (double) right / self->n_train;
  }
  self->grid_share = g_new (double, (gsize) NG * NG * k);
  forest_grid (self->forest, self->grid, d, self->grid_share);

  self->importance = g_new0 (double, d);
  {
    g_autofree double *imp = g_new (double, d);
    double sum = 0.0;

    for (guint t = 0; t < nt; t++)
      {
        lab_cart_feature_importance (self->forest->trees[t], imp);
        for (guint f = 0; f < d; f++)
          self->importance[f] += imp[f] / nt;
      }
    for (guint f = 0; f < d; f++)
      sum += self->importance[f];
    if (sum > 0)
      for (guint f = 0; f < d; f++)
        self->importance[f] /= sum;
  }
  self->tree = lab_cart_copy (self->forest->trees[0]);
  lab_progress_set (progress, 0.5);

  /* the perturbation lesson: change the labels of 5 % of the training points; how much of
   * the plane changes class under one fully grown tree, and under the forest? */
  {
    g_autoptr(gsl_rng) rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed") + 7);
    g_autofree guint *y2 = g_memdup2 (self->y_train, self->n_train * sizeof (guint));
    LabCartOptions deep = { lab_params_get_enum (params, "criterion"), 0, 1, 0 };
    g_autoptr(LabCart) t1 = NULL;
    g_autoptr(LabCart) t2 = NULL;
    g_autoptr(LabForest) f2 = NULL;
    guint changed = (guint) lround (PERTURB_SHARE * self->n_train), same_tree = 0, same_forest = 0;
    g_autofree double *share2 = NULL;
    Stage stage2 = { progress, 0.5, 0.45 };
    g_autofree guint *perm = g_new (guint, self->n_train);

    /* distinct points (a partial Fisher–Yates), each given another class at random */
    for (guint i = 0; i < self->n_train; i++)
      perm[i] = i;
    for (guint c = 0; c < changed && c < self->n_train; c++)
      {
        guint j = c + (guint) gsl_rng_uniform_int (rng, self->n_train - c), t = perm[c], i;

        perm[c] = perm[j];
        perm[j] = t;
        i = perm[c];
        y2[i] = (y2[i] + 1 + (guint) gsl_rng_uniform_int (rng, k - 1)) % k;
      }
    t1 = lab_cart_fit (self->x_train, self->n_train, d, self->y_train, k, NULL, &deep, NULL);
    t2 = lab_cart_fit (self->x_train, self->n_train, d, y2, k, NULL, &deep, NULL);
    self->one_tree_test = tree_accuracy (t1, self->x_test, self->y_test, self->n_test, d);
    f2 = fit_forest (self, params, y2, &stage2, cancellable, error);
    if (f2 == NULL)
      return FALSE;
    share2 = g_new (double, (gsize) NG * NG * k);
    forest_grid (f2, self->grid, d, share2);
    self->perturb_cells = g_new0 (guint8, NG * NG);
    for (guint g = 0; g < NG * NG; g++)
      {
        const double *x = self->grid + (gsize) g * d;
        gboolean st = lab_cart_predict (t1, x) == lab_cart_predict (t2, x);

        gboolean sf = argmax (self->grid_share + (gsize) g * k, k) == argmax (share2 + (gsize) g * k, k);

        same_tree += st;
        same_forest += sf;
        self->perturb_cells[g] = (!st ? 1 : 0) | (!sf ? 2 : 0);
      }
    self->perturb_tree = 1.0 - (double) same_tree / (NG * NG);
    self->perturb_forest = 1.0 - (double) same_forest / (NG * NG);
  }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* boosting */

static LabBoostOptions
boost_options (LabParams *params)
{
  return (LabBoostOptions) {
    .grow_policy = lab_params_get_enum (params, "grow-policy"),
    .rounds = (guint) lab_params_get_int (params, "rounds"),
    .max_depth = (guint) lab_params_get_int (params, "max-depth"),
    .max_leaves = (guint) lab_params_get_int (params, "max-leaves"),
    .learning_rate = lab_params_get_double (params, "learning-rate"),
    .subsample = lab_params_get_double (params, "subsample"),
    .reg_lambda = lab_params_get_double (params, "reg-lambda"),
    .min_child_weight = lab_params_get_double (params, "min-child-weight"),
    .seed = (guint64) lab_params_get_int (params, "seed"),
    /* one thread: OpenMP's spinning workers cost more than they bring on small, shared machines */
    .n_threads = 1,
  };
}

static gboolean
check_boost_options (const LabBoostOptions *o,
                     GError               **error)
{
  if (o->grow_policy == LAB_BOOST_DEPTHWISE && o->max_depth == 0 && o->max_leaves == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("max-depth=0 (unlimited) with grow-policy=depthwise needs max-leaves ≥ 1: "
                     "a level-wise tree must stop somewhere"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
compute_boosting (TreesResult  *self,
                  LabParams    *params,
                  LabProgress  *progress,
                  GCancellable *cancellable,
                  GError      **error)
{
  LabBoostOptions options = boost_options (params);
  LabBoostOptions other = options;
  g_autoptr(LabBoost) boost = NULL;
  g_autoptr(LabBoost) boost2 = NULL;
  Stage stage = { progress, 0.0, 0.4 }, stage2 = { progress, 0.45, 0.3 };
  guint k = self->k, rounds, n_keep, stride;
  g_autofree float *last_train = NULL;
  g_autofree float *last_test = NULL;
  g_autofree float *last_grid = NULL;

  if (!check_boost_options (&options, error))
    return FALSE;
  boost = lab_boost_train (self->x_train, self->n_train, self->d, self->y_train, k, &options,
                           stage_progress, &stage, cancellable, error);
  if (boost == NULL)
    return FALSE;
  rounds = self->rounds = lab_boost_get_rounds (boost);

  /* every round when it fits, else every stride-th round and the last */
  stride = 1;
  while ((gsize) ((rounds + stride - 1) / stride) * (NG * NG + self->n_train) * k > MAX_STORED_FLOATS)
    stride++;
  n_keep = (rounds + stride - 1) / stride;
  self->kept_rounds = g_new (guint, n_keep);
  for (guint j = 0; j < n_keep; j++)
    self->kept_rounds[j] = MIN (rounds, (j + 1) * stride);
  self->n_kept = n_keep;

  self->grid_proba = g_new (float, (gsize) n_keep * NG * NG * k);
  self->train_proba = g_new (float, (gsize) n_keep * self->n_train * k);
  self->train_logloss = g_new (double, rounds);
  self->test_logloss = g_new (double, rounds);
  if (!lab_boost_predict_rounds (boost, self->grid, NG * NG, self->kept_rounds, n_keep, self->grid_proba,
                                 NULL, NULL, error)
      || !lab_boost_predict_rounds (boost, self->x_train, self->n_train, self->kept_rounds, n_keep,
                                    self->train_proba, self->y_train, self->train_logloss, error))
    return FALSE;
  if (self->n_test > 0)
    {
      guint last = rounds;

      last_test = g_new (float, (gsize) self->n_test * k);
      if (!lab_boost_predict_rounds (boost, self->x_test, self->n_test, &last, 1, last_test, self->y_test,
                                     self->test_logloss, error))
        return FALSE;
    }
  else
    for (guint r = 0; r < rounds; r++)
      self->test_logloss[r] = NAN;
  lab_progress_set (progress, 0.45);

  /* accuracies after the last round */
  {
    const float *tp = self->train_proba + (gsize) (n_keep - 1) * self->n_train * k;
    guint right = 0;

    for (guint i = 0; i < self->n_train; i++)
      right += argmaxf (tp + (gsize) i * k, k) == self->y_train[i];
    self->train_accuracy = (double) right / self->n_train;
    right = 0;
    for (guint i = 0; i < self->n_test; i++)
      right += argmaxf (last_test + (gsize) i * k, k) == self->y_test[i];
    self->test_accuracy = self->n_test ? (double) right / self->n_test : NAN;
  }

  self->n_btrees = lab_boost_get_n_trees (boost);
  self->btrees = g_new0 (LabBoostNode *, self->n_btrees);
  self->btree_sizes = g_new0 (guint, self->n_btrees);
  for (guint t = 0; t < self->n_btrees; t++)
    self->btrees[t] = lab_boost_dup_tree (boost, t, &self->btree_sizes[t]);

  /* the other growth policy on the same data and the same budget of leaves, for the curves:
   * depth D level-wise against 2^D leaves leaf-wise (any depth), and back */
  if (options.grow_policy == LAB_BOOST_DEPTHWISE)
    {
      other.grow_policy = LAB_BOOST_LOSSGUIDE;
      other.max_leaves = options.max_leaves > 0 ? options.max_leaves : 1u << MIN (options.max_depth, 10);
      other.max_depth = 0;
      self->other_label = g_strdup_printf (_("leaf-wise, ≤ %u leaves"), other.max_leaves);
    }
  else
    {
      other.grow_policy = LAB_BOOST_DEPTHWISE;
      if (options.max_depth > 0)
        other.max_depth = options.max_depth;
      else if (options.max_leaves > 0)
        other.max_depth = (guint) MAX (1, ceil (log2 ((double) options.max_leaves)));
      else
        other.max_depth = 6;
      other.max_leaves = 0;
      self->other_label = g_strdup_printf (_("level-wise, depth %u"), other.max_depth);
    }
  self->other_policy = other.grow_policy;
  boost2 = lab_boost_train (self->x_train, self->n_train, self->d, self->y_train, k, &other,
                            stage_progress, &stage2, cancellable, error);
  if (boost2 == NULL)
    return FALSE;
  self->other_train_logloss = g_new (double, rounds);
  self->other_test_logloss = g_new (double, rounds);
  if (!lab_boost_predict_rounds (boost2, self->x_train, self->n_train, NULL, 0, NULL, self->y_train,
                                 self->other_train_logloss, error))
    return FALSE;
  if (self->n_test > 0)
    {
      if (!lab_boost_predict_rounds (boost2, self->x_test, self->n_test, NULL, 0, NULL, self->y_test,
                                     self->other_test_logloss, error))
        return FALSE;
    }
  else
    for (guint r = 0; r < rounds; r++)
      self->other_test_logloss[r] = NAN;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* stacking */

/* k nearest neighbours on standardised features: class shares among the KNN_K nearest */
typedef struct
{
  const double *x;
  const guint  *y;
  guint         n, d, k, kk;
  double       *mean, *scale;
  double       *dist;
  guint        *idx;
} Knn;

static void
knn_predict (Knn          *m,
             const double *q,
             double       *proba)
{
  /* one pass keeping the kk nearest in a sorted array (kk ≤ 15: insertion is cheapest) */
  guint have = 0;

  for (guint i = 0; i < m->n; i++)
    {
      double s = 0.0;
      guint j;

      for (guint f = 0; f < m->d; f++)
        {
          double t = (q[f] - m->x[(gsize) i * m->d + f]) / m->scale[f];

          s += t * t;
        }
      if (have == m->kk && s >= m->dist[have - 1])
        continue;
      j = have < m->kk ? have++ : have - 1;
      /* ties keep the earlier point */
      while (j > 0 && m->dist[j - 1] > s)
        {
          m->dist[j] = m->dist[j - 1];
          m->idx[j] = m->idx[j - 1];
          j--;
        }
      m->dist[j] = s;
      m->idx[j] = i;
    }
  memset (proba, 0, m->k * sizeof (double));
  for (guint j = 0; j < have; j++)
    proba[m->y[m->idx[j]]] += 1.0 / have;
}

/* The base models fitted on (x, y) rows @rows (NULL: all of the training set), predicting
 * the class probabilities of @m points @q into @out (m × 4k: tree, forest, boosting, k-NN). */
static gboolean
stack_base (TreesResult  *self,
            LabParams    *params,
            const guint  *rows,
            guint         n_rows,
            const double *q,
            guint         m,
            double       *out,
            GCancellable *cancellable,
            GError      **error)
{
  guint d = self->d, k = self->k, w = 4 * k;
  g_autofree double *x = g_new (double, (gsize) n_rows * d);
  g_autofree guint *y = g_new (guint, n_rows);
  LabCartOptions co = cart_options (params);
  g_autoptr(LabCart) tree = NULL;
  g_autoptr(LabCart) pruned = NULL;
  g_autoptr(LabForest) forest = NULL;
  g_autoptr(LabBoost) boost = NULL;
  LabForestOptions fo = {
    .n_trees = (guint) lab_params_get_int (params, "trees"),
    .bootstrap = lab_params_get_boolean (params, "bootstrap"),
    .tree = co,
    .seed = (guint64) lab_params_get_int (params, "seed"),
  };
  LabBoostOptions bo = boost_options (params);
  g_autofree float *bp = g_new (float, (gsize) MAX (m, 1) * k);
  guint last;
  Knn knn = { 0 };
  guint present = 0;
  g_autofree guint *counts = g_new0 (guint, k);

  for (guint i = 0; i < n_rows; i++)
    {
      guint r = rows ? rows[i] : i;

      memcpy (x + (gsize) i * d, self->x_train + (gsize) r * d, d * sizeof (double));
      y[i] = self->y_train[r];
      if (counts[y[i]]++ == 0)
        present++;
    }
  if (!trees_parse_max_features (lab_params_get_string (params, "max-features"), d, &fo.tree.max_features, error))
    return FALSE;

  tree = lab_cart_fit (x, n_rows, d, y, k, NULL, &co, NULL);
  pruned = lab_cart_prune (tree, lab_params_get_double (params, "ccp-alpha"));
  forest = lab_forest_fit (x, n_rows, d, y, k, &fo, NULL, NULL, cancellable, error);
  if (forest == NULL)
    return FALSE;
  /* XGBoost needs every class present; a fold missing one falls back to class shares */
  if (present == k)
    {
      bo.grow_policy = LAB_BOOST_DEPTHWISE;
      if (bo.max_depth == 0)
        bo.max_depth = 6;
      boost = lab_boost_train (x, n_rows, d, y, k, &bo, NULL, NULL, cancellable, error);
      if (boost == NULL)
        return FALSE;
      last = lab_boost_get_rounds (boost);
      if (!lab_boost_predict_rounds (boost, q, m, &last, 1, bp, NULL, NULL, error))
        return FALSE;
    }
  else
    for (guint i = 0; i < m; i++)
      for (guint c = 0; c < k; c++)
        bp[(gsize) i * k + c] = (float) counts[c] / n_rows;

  knn.x = x;
  knn.y = y;
  knn.n = n_rows;
  knn.d = d;
  knn.k = k;
  knn.kk = MIN (KNN_K, n_rows);
  knn.mean = g_new0 (double, d);
  knn.scale = g_new0 (double, d);
  knn.dist = g_new (double, knn.kk);
  knn.idx = g_new (guint, knn.kk);
  for (guint i = 0; i < n_rows; i++)
    for (guint f = 0; f < d; f++)
      knn.mean[f] += x[(gsize) i * d + f] / n_rows;
  for (guint i = 0; i < n_rows; i++)
    for (guint f = 0; f < d; f++)
      {
        double t = x[(gsize) i * d + f] - knn.mean[f];

        knn.scale[f] += t * t / n_rows;
      }
  for (guint f = 0; f < d; f++)
    knn.scale[f] = knn.scale[f] > 0 ? sqrt (knn.scale[f]) : 1.0;

  for (guint i = 0; i < m; i++)
    {
      const double *qi = q + (gsize) i * d;
      double *o = out + (gsize) i * w;

      lab_cart_predict_proba (pruned, qi, o);
      lab_forest_predict_proba (forest, forest->n_trees, qi, o + k);
      for (guint c = 0; c < k; c++)
        o[2 * k + c] = bp[(gsize) i * k + c];
      knn_predict (&knn, qi, o + 3 * k);
    }
  g_free (knn.mean);
  g_free (knn.scale);
  g_free (knn.dist);
  g_free (knn.idx);
  return TRUE;
}

/* The meta-model: multinomial logistic regression on the base models' probabilities,
 * minimising Σ −log p(y_i) + ½‖W‖² (scikit-learn's LogisticRegression, C = 1; the
 * intercepts unpenalised) with GSL's BFGS. */
typedef struct
{
  const double *z;
  const guint  *y;
  guint         n, p, k;   /* p: features (+1 for the bias) */
} Meta;

static void
meta_fdf (const gsl_vector *w,
          void             *data,
          double           *f,
          gsl_vector       *g)
{
  const Meta *m = data;
  guint p = m->p, k = m->k;
  double loss = 0.0, *s = g_newa (double, k);

  if (g)
    gsl_vector_set_zero (g);
  for (guint c = 0; c < k; c++)
    for (guint j = 0; j + 1 < p; j++)
      {
        double v = gsl_vector_get (w, c * p + j);

        loss += 0.5 * v * v;
        if (g)
          gsl_vector_set (g, c * p + j, v);
      }
  for (guint i = 0; i < m->n; i++)
    {
      const double *zi = m->z + (gsize) i * (p - 1);
      double mx = -INFINITY, sum = 0.0;

      for (guint c = 0; c < k; c++)
        {
          double a = gsl_vector_get (w, c * p + p - 1);

          for (guint j = 0; j + 1 < p; j++)
            a += gsl_vector_get (w, c * p + j) * zi[j];
          s[c] = a;
          mx = MAX (mx, a);
        }
      for (guint c = 0; c < k; c++)
        sum += exp (s[c] - mx);
      loss -= s[m->y[i]] - mx - log (sum);
      if (g)
        for (guint c = 0; c < k; c++)
          {
            double r = exp (s[c] - mx) / sum - (c == m->y[i]);

            for (guint j = 0; j + 1 < p; j++)
              *gsl_vector_ptr (g, c * p + j) += r * zi[j];
            *gsl_vector_ptr (g, c * p + p - 1) += r;
          }
    }
  if (f)
    *f = loss;
}

static double
meta_f (const gsl_vector *w, void *data)
{
  double f;

  meta_fdf (w, data, &f, NULL);
  return f;
}

static void
meta_df (const gsl_vector *w, void *data, gsl_vector *g)
{
  meta_fdf (w, data, NULL, g);
}

static void
meta_predict (const double *w,
              guint         p,
              guint         k,
              const double *z,
              double       *proba)
{
  double mx = -INFINITY, sum = 0.0;

  for (guint c = 0; c < k; c++)
    {
      double a = w[c * p + p - 1];

      for (guint j = 0; j + 1 < p; j++)
        a += w[c * p + j] * z[j];
      proba[c] = a;
      mx = MAX (mx, a);
    }
  for (guint c = 0; c < k; c++)
    sum += (proba[c] = exp (proba[c] - mx));
  for (guint c = 0; c < k; c++)
    proba[c] /= sum;
}

static gboolean
compute_stacking (TreesResult  *self,
                  LabParams    *params,
                  LabProgress  *progress,
                  GCancellable *cancellable,
                  GError      **error)
{
  guint n = self->n_train, k = self->k, w = 4 * k, p = w + 1;
  g_autofree double *oof = g_new0 (double, (gsize) n * w);
  g_autofree double *ztest = g_new (double, (gsize) MAX (self->n_test, 1) * w);
  g_autofree double *zgrid = g_new (double, (gsize) NG * NG * w);
  g_autofree double *ztrain = g_new (double, (gsize) n * w);
  g_autofree guint *fold = g_new (guint, n);
  g_autofree guint *perm = g_new (guint, n);
  g_autoptr(gsl_rng) rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed") + 11);
  static const char *names[N_STACK] = { N_("tree"), N_("forest"), N_("boosting"), N_("k-NN"), N_("stack") };

  if (!check_boost_options (&(LabBoostOptions) { .grow_policy = LAB_BOOST_DEPTHWISE, .max_depth = 6 }, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    perm[i] = i;
  gsl_ran_shuffle (rng, perm, n, sizeof (guint));
  for (guint i = 0; i < n; i++)
    fold[perm[i]] = i % STACK_FOLDS;

  /* out-of-fold probabilities: each training point predicted by base models that did not see it */
  for (guint f = 0; f < STACK_FOLDS; f++)
    {
      g_autofree guint *in = g_new (guint, n);
      g_autofree guint *out = g_new (guint, n);
      g_autofree double *q = NULL;
      g_autofree double *z = NULL;
      guint n_in = 0, n_out = 0;

      for (guint i = 0; i < n; i++)
        {
          if (fold[i] == f)
            out[n_out++] = i;
          else
            in[n_in++] = i;
        }
      if (n_out == 0 || n_in == 0)
        continue;
      q = g_new (double, (gsize) n_out * self->d);
      z = g_new (double, (gsize) n_out * w);
      for (guint i = 0; i < n_out; i++)
        memcpy (q + (gsize) i * self->d, self->x_train + (gsize) out[i] * self->d, self->d * sizeof (double));
      if (!stack_base (self, params, in, n_in, q, n_out, z, cancellable, error))
        return FALSE;
      for (guint i = 0; i < n_out; i++)
        memcpy (oof + (gsize) out[i] * w, z + (gsize) i * w, w * sizeof (double));
      lab_progress_set (progress, 0.75 * (f + 1.0) / STACK_FOLDS);
    }

  /* the base models on the whole training set, for the test points, the grid and their own scores */
  {
    guint m = n + self->n_test + NG * NG;
    g_autofree double *q = g_new (double, (gsize) m * self->d);
    g_autofree double *z = g_new (double, (gsize) m * w);

    memcpy (q, self->x_train, (gsize) n * self->d * sizeof (double));
    memcpy (q + (gsize) n * self->d, self->x_test, (gsize) self->n_test * self->d * sizeof (double));
    memcpy (q + (gsize) (n + self->n_test) * self->d, self->grid, (gsize) NG * NG * self->d * sizeof (double));
    if (!stack_base (self, params, NULL, n, q, m, z, cancellable, error))
      return FALSE;
    memcpy (ztrain, z, (gsize) n * w * sizeof (double));
    memcpy (ztest, z + (gsize) n * w, (gsize) self->n_test * w * sizeof (double));
    memcpy (zgrid, z + (gsize) (n + self->n_test) * w, (gsize) NG * NG * w * sizeof (double));
  }
  lab_progress_set (progress, 0.9);

  /* the meta-model on the out-of-fold probabilities */
  {
    Meta meta = { oof, self->y_train, n, p, k };
    gsl_multimin_function_fdf fdf = { meta_f, meta_df, meta_fdf, (size_t) k * p, &meta };
    gsl_multimin_fdfminimizer *s = gsl_multimin_fdfminimizer_alloc (gsl_multimin_fdfminimizer_vector_bfgs2,
                                                                     (size_t) k * p);
    gsl_vector *w0 = gsl_vector_calloc ((size_t) k * p);
    int status = GSL_CONTINUE;

    gsl_multimin_fdfminimizer_set (s, &fdf, w0, 0.1, 0.1);
    for (guint it = 0; it < 500 && status == GSL_CONTINUE; it++)
      {
        if (gsl_multimin_fdfminimizer_iterate (s) != GSL_SUCCESS)
          break;
        status = gsl_multimin_test_gradient (s->gradient, 1e-6 * MAX (1.0, n));
      }
    self->meta_w = g_new (double, (gsize) k * p);
    for (guint i = 0; i < k * p; i++)
      self->meta_w[i] = gsl_vector_get (s->x, i);
    gsl_vector_free (w0);
    gsl_multimin_fdfminimizer_free (s);
  }

  /* scores: each base model (fitted on all training rows) and the stack */
  for (guint b = 0; b < N_STACK; b++)
    {
      guint right_train = 0, right_test = 0;
      double *pr = g_newa (double, k);

      for (guint i = 0; i < n + self->n_test; i++)
        {
          const double *z = i < n ? ztrain + (gsize) i * w : ztest + (gsize) (i - n) * w;
          guint yi = i < n ? self->y_train[i] : self->y_test[i - n];
          guint cls;

          if (b < 4)
            cls = argmax (z + b * k, k);
          else
            {
              meta_predict (self->meta_w, p, k, z, pr);
              cls = argmax (pr, k);
            }
          if (i < n)
            right_train += cls == yi;
          else
            right_test += cls == yi;
        }
      self->models[b].name = names[b];
      self->models[b].train_accuracy = (double) right_train / n;
      self->models[b].test_accuracy = self->n_test ? (double) right_test / self->n_test : NAN;
    }
  self->train_accuracy = self->models[4].train_accuracy;
  self->test_accuracy = self->models[4].test_accuracy;
  self->grid_share = g_new (double, (gsize) NG * NG * k);
  for (guint g = 0; g < NG * NG; g++)
    meta_predict (self->meta_w, p, k, zgrid + (gsize) g * w, self->grid_share + (gsize) g * k);
  return TRUE;
}

/* ------------------------------------------------------------------ */

LabResult *
trees_compute (LabParams     *params,
               LabDataset    *data,
               LabProgress   *progress,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (TreesResult), trees_result_finalize);
  TreesResult *self = (TreesResult *) result;
  g_autoptr(LabPoints) points = NULL;
  guint msl = (guint) lab_params_get_int (params, "min-samples-leaf");
  gboolean ok = TRUE;

  self->model = lab_params_get_enum (params, "model");
  if (!load_points (self, params, data, &points, error) || !split_points (self, params, points, error))
    return NULL;
  if (self->model != TREES_MODEL_BOOSTING && self->n_train < 2 * msl)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: %u training rows, fewer than 2 × min-samples-leaf = %u: no split could keep %u "
                     "rows on each side"),
                   self->source_name, self->n_train, 2 * msl, msl);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  switch (self->model)
    {
    case TREES_MODEL_TREE:
      compute_tree (self, params);
      break;
    case TREES_MODEL_FOREST:
      ok = compute_forest (self, params, progress, cancellable, error);
      break;
    case TREES_MODEL_BOOSTING:
      ok = compute_boosting (self, params, progress, cancellable, error);
      break;
    case TREES_MODEL_STACKING:
      ok = compute_stacking (self, params, progress, cancellable, error);
      if (ok)
        {
          /* the tree of the stack, for the diagram */
          LabCartOptions co = cart_options (params);
          g_autoptr(LabCart) full = lab_cart_fit (self->x_train, self->n_train, self->d, self->y_train, self->k,
                                                  NULL, &co, NULL);

          self->tree = lab_cart_prune (full, lab_params_get_double (params, "ccp-alpha"));
        }
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return NULL;
  if (self->tree != NULL)
    rank_tree (self);
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
