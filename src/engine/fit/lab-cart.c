/* lab-cart.c — classification trees, cost-complexity pruning, random forests
 *
 * Hand-written because the split search, the impurity functions and the
 * weakest-link pruning are the lesson itself (no C library offers them with the
 * node-level detail the figures show). Every rule follows scikit-learn 1.2's
 * DepthFirstTreeBuilder / BestSplitter / ClassificationCriterion and
 * _cost_complexity_prune, so the trees can be compared node for node.
 *
 * The split search keeps, for every feature, the node's points sorted by that
 * feature (sorted once at the root, then stably partitioned at each split), so a
 * node costs O(n_node · d · classes) and a tree O(n · d · depth · classes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "lab-cart.h"
#include "lab-rng.h"

/* scikit-learn's FEATURE_THRESHOLD: values closer than this are not split apart */
#define FEATURE_THRESHOLD 1e-7

/* scikit-learn's tree log: base 2 */
static inline double
log2_sk (double x)
{
  return log (x) / log (2.0);
}

static double
impurity_of (LabCartCriterion  criterion,
             const double     *counts,
             guint             k,
             double            w)
{
  double v = 0.0;

  switch (criterion)
    {
    case LAB_CART_GINI:
      for (guint c = 0; c < k; c++)
        v += counts[c] * counts[c];
      return 1.0 - v / (w * w);
    case LAB_CART_ENTROPY:
      for (guint c = 0; c < k; c++)
        {
          double p = counts[c] / w;

          if (p > 0.0)
            v -= p * log2_sk (p);
        }
      return v;
    case LAB_CART_MISCLASSIFICATION:
      for (guint c = 0; c < k; c++)
        v = MAX (v, counts[c]);
      return 1.0 - v / w;
    default:
      g_assert_not_reached ();
    }
}

double
lab_cart_impurity (LabCartCriterion  criterion,
                   const double     *counts,
                   guint             n_classes)
{
  double w = 0.0;

  for (guint c = 0; c < n_classes; c++)
    w += counts[c];
  g_return_val_if_fail (w > 0.0, NAN);
  return impurity_of (criterion, counts, n_classes, w);
}

/* ------------------------------------------------------------------ */
/* growing */

typedef struct
{
  const double *x;
  guint         d;
  guint         f;
} SortCtx;

static gint
compare_by_feature (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  const SortCtx *ctx = data;
  double va = ctx->x[(gsize) *(const guint *) a * ctx->d + ctx->f];
  double vb = ctx->x[(gsize) *(const guint *) b * ctx->d + ctx->f];

  return (va > vb) - (va < vb);
}

typedef struct
{
  guint lo, hi, depth;
  gint  parent;
  gboolean is_left;
} Record;

typedef struct
{
  const double         *x;
  guint                 d, k;
  const guint          *y;
  const double         *w;        /* per point; all > 0 for the points in use */
  const LabCartOptions *options;
  gsl_rng              *rng;
  guint                *order;    /* d × m: the points sorted by feature f, partitioned by node */
  guint                *scratch;  /* m */
  guint8               *go_left;  /* per point */
  guint                 m;
  double               *left, *total;  /* k each */
  guint                *features; /* d */
} Grower;

typedef struct
{
  gint   feature;
  guint  pos;        /* the first position of the right child in order[feature] */
  double threshold;
  double proxy;
} Split;

/* scikit-learn's proxy_impurity_improvement: −w_right·impurity_right − w_left·impurity_left */
static inline double
proxy_of (LabCartCriterion  criterion,
          const double     *left,
          const double     *total,
          guint             k,
          double            wl,
          double            wr)
{
  double il, ir;

  switch (criterion)
    {
    case LAB_CART_GINI:
      {
        double sl = 0.0, sr = 0.0;

        for (guint c = 0; c < k; c++)
          {
            double r = total[c] - left[c];

            sl += left[c] * left[c];
            sr += r * r;
          }
        il = 1.0 - sl / (wl * wl);
        ir = 1.0 - sr / (wr * wr);
      }
      break;
    case LAB_CART_ENTROPY:
      il = ir = 0.0;
      for (guint c = 0; c < k; c++)
        {
          double pl = left[c] / wl, pr = (total[c] - left[c]) / wr;

          if (pl > 0.0)
            il -= pl * log2_sk (pl);
          if (pr > 0.0)
            ir -= pr * log2_sk (pr);
        }
      break;
    case LAB_CART_MISCLASSIFICATION:
      {
        double ml = 0.0, mr = 0.0;

        for (guint c = 0; c < k; c++)
          {
            ml = MAX (ml, left[c]);
            mr = MAX (mr, total[c] - left[c]);
          }
        il = 1.0 - ml / wl;
        ir = 1.0 - mr / wr;
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return -wr * ir - wl * il;
}

/* The best split of feature @f over the node [lo, hi); returns FALSE when the feature is
 * constant there (for the max_features count). */
static gboolean
scan_feature (Grower *g,
              guint   f,
              guint   lo,
              guint   hi,
              double  wn,
              Split  *best)
{
  const guint *ord = g->order + (gsize) f * g->m;
  const double *x = g->x;
  guint d = g->d, k = g->k, msl = MAX (g->options->min_samples_leaf, 1);
  double wl = 0.0;

  if (x[(gsize) ord[hi - 1] * d + f] <= x[(gsize) ord[lo] * d + f] + FEATURE_THRESHOLD)
    return FALSE;

  memset (g->left, 0, k * sizeof (double));
  for (guint p = lo + 1; p < hi; p++)
    {
      guint prev = ord[p - 1];
      double xp = x[(gsize) ord[p] * d + f], xq = x[(gsize) prev * d + f];

      g->left[g->y[prev]] += g->w[prev];
      wl += g->w[prev];
      if (xp <= xq + FEATURE_THRESHOLD)
        continue;
      if (p - lo < msl || hi - p < msl)
        continue;
      {
        double proxy = proxy_of (g->options->criterion, g->left, g->total, k, wl, wn - wl);

        if (proxy > best->proxy)
          {
            best->proxy = proxy;
            best->feature = (gint) f;
            best->pos = p;
            /* the sum of halves avoids overflow; never the right value itself */
            best->threshold = xq / 2.0 + xp / 2.0;
            if (best->threshold == xp || isinf (best->threshold))
              best->threshold = xq;
          }
      }
    }
  return TRUE;
}

static void
find_split (Grower *g,
            guint   lo,
            guint   hi,
            double  wn,
            Split  *best)
{
  guint d = g->d, mf = g->options->max_features;

  best->feature = -1;
  best->proxy = -INFINITY;
  if (mf == 0 || mf >= d)
    {
      for (guint f = 0; f < d; f++)
        scan_feature (g, f, lo, hi, wn, best);
      return;
    }
  /* a random subset: features in a random order (Fisher–Yates, drawn as needed) until
   * max_features non-constant ones have been tried, as scikit-learn does */
  {
    guint visited = 0;

    for (guint f = 0; f < d; f++)
      g->features[f] = f;
    for (guint i = 0; i < d && visited < mf; i++)
      {
        guint j = i + (guint) gsl_rng_uniform_int (g->rng, d - i);
        guint t = g->features[i];

        g->features[i] = g->features[j];
        g->features[j] = t;
        if (scan_feature (g, g->features[i], lo, hi, wn, best))
          visited++;
      }
  }
}

static void
partition (Grower      *g,
           const Split *split,
           guint        lo,
           guint        hi)
{
  guint *ord = g->order + (gsize) split->feature * g->m;

  for (guint p = lo; p < hi; p++)
    g->go_left[ord[p]] = p < split->pos;
  for (guint f = 0; f < g->d; f++)
    {
      guint *o = g->order + (gsize) f * g->m;
      guint a = lo, b = 0;

      if ((gint) f == split->feature)
        continue;
      for (guint p = lo; p < hi; p++)
        {
          if (g->go_left[o[p]])
            o[a++] = o[p];
          else
            g->scratch[b++] = o[p];
        }
      memcpy (o + a, g->scratch, b * sizeof (guint));
    }
}

LabCart *
lab_cart_fit (const double         *x,
              guint                 n,
              guint                 d,
              const guint          *y,
              guint                 n_classes,
              const double         *weights,
              const LabCartOptions *options,
              gsl_rng              *rng)
{
  Grower g = { 0 };
  LabCart *tree;
  g_autofree guint *points = NULL;
  g_autofree double *w = NULL;
  g_autofree Record *stack = NULL;
  guint m = 0, top = 0, k = n_classes, capacity;
  guint max_depth;

  g_return_val_if_fail (x != NULL && y != NULL && options != NULL, NULL);
  g_return_val_if_fail (n >= 1 && d >= 1 && n_classes >= 1, NULL);
  g_return_val_if_fail (options->max_features == 0 || options->max_features >= d || rng != NULL, NULL);

  max_depth = options->max_depth == 0 ? G_MAXUINT : options->max_depth;

  w = g_new (double, n);
  points = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    {
      w[i] = weights ? weights[i] : 1.0;
      g_return_val_if_fail (y[i] < n_classes, NULL);
      if (w[i] > 0.0)
        points[m++] = i;
    }
  g_return_val_if_fail (m >= 1, NULL);

  g.x = x;
  g.d = d;
  g.k = k;
  g.y = y;
  g.w = w;
  g.options = options;
  g.rng = rng;
  g.m = m;
  g.order = g_new (guint, (gsize) d * m);
  g.scratch = g_new (guint, m);
  g.go_left = g_new0 (guint8, n);
  g.left = g_new0 (double, k);
  g.total = g_new0 (double, k);
  g.features = g_new (guint, d);
  for (guint f = 0; f < d; f++)
    {
      SortCtx ctx = { x, d, f };
      guint *o = g.order + (gsize) f * m;

      memcpy (o, points, m * sizeof (guint));
      g_qsort_with_data (o, (gint) m, sizeof (guint), compare_by_feature, &ctx);
    }

  capacity = 2 * m;
  tree = g_new0 (LabCart, 1);
  tree->n_features = d;
  tree->n_classes = k;
  tree->nodes = g_new0 (LabCartNode, capacity);
  tree->value = g_new0 (double, (gsize) capacity * k);
  stack = g_new (Record, capacity);

  stack[top++] = (Record) { 0, m, 0, -1, FALSE };
  while (top > 0)
    {
      Record r = stack[--top];
      guint id = tree->n_nodes++;
      LabCartNode *node = &tree->nodes[id];
      double *value = tree->value + (gsize) id * k;
      double wn = 0.0;
      gboolean is_leaf;
      Split split;

      for (guint p = r.lo; p < r.hi; p++)
        {
          guint i = g.order[p];

          value[y[i]] += w[i];
          wn += w[i];
        }
      node->feature = -1;
      node->left = node->right = -1;
      node->parent = r.parent;
      node->depth = r.depth;
      node->samples = r.hi - r.lo;
      node->weighted_samples = wn;
      node->impurity = impurity_of (options->criterion, value, k, wn);
      if (r.parent >= 0)
        {
          if (r.is_left)
            tree->nodes[r.parent].left = (gint) id;
          else
            tree->nodes[r.parent].right = (gint) id;
        }
      tree->depth = MAX (tree->depth, r.depth);

      is_leaf = r.depth >= max_depth
                || node->samples < 2
                || node->samples < 2 * MAX (options->min_samples_leaf, 1)
                || node->impurity <= DBL_EPSILON;
      if (is_leaf)
        {
          tree->n_leaves++;
          continue;
        }
      memcpy (g.total, value, k * sizeof (double));
      find_split (&g, r.lo, r.hi, wn, &split);
      if (split.feature < 0)
        {
          tree->n_leaves++;
          continue;
        }
      node->feature = split.feature;
      node->threshold = split.threshold;
      partition (&g, &split, r.lo, r.hi);
      stack[top++] = (Record) { split.pos, r.hi, r.depth + 1, (gint) id, FALSE };
      stack[top++] = (Record) { r.lo, split.pos, r.depth + 1, (gint) id, TRUE };
    }

  tree->nodes = g_renew (LabCartNode, tree->nodes, tree->n_nodes);
  tree->value = g_renew (double, tree->value, (gsize) tree->n_nodes * k);

  g_free (g.order);
  g_free (g.scratch);
  g_free (g.go_left);
  g_free (g.left);
  g_free (g.total);
  g_free (g.features);
  return tree;
}

void
lab_cart_free (LabCart *tree)
{
  if (tree == NULL)
    return;
  g_free (tree->nodes);
  g_free (tree->value);
  g_free (tree);
}

LabCart *
lab_cart_copy (const LabCart *tree)
{
  LabCart *copy = g_memdup2 (tree, sizeof *tree);

  copy->nodes = g_memdup2 (tree->nodes, tree->n_nodes * sizeof (LabCartNode));
  copy->value = g_memdup2 (tree->value, (gsize) tree->n_nodes * tree->n_classes * sizeof (double));
  return copy;
}

/* ------------------------------------------------------------------ */
/* prediction */

guint
lab_cart_apply (const LabCart *tree,
                const double  *x)
{
  guint id = 0;

  while (tree->nodes[id].left >= 0)
    {
      const LabCartNode *node = &tree->nodes[id];

      id = (guint) (x[node->feature] <= node->threshold ? node->left : node->right);
    }
  return id;
}

void
lab_cart_predict_proba (const LabCart *tree,
                        const double  *x,
                        double        *proba)
{
  guint leaf = lab_cart_apply (tree, x), k = tree->n_classes;
  const double *v = tree->value + (gsize) leaf * k;
  double w = tree->nodes[leaf].weighted_samples;

  for (guint c = 0; c < k; c++)
    proba[c] = v[c] / w;
}

guint
lab_cart_predict (const LabCart *tree,
                  const double  *x)
{
  guint leaf = lab_cart_apply (tree, x), k = tree->n_classes, best = 0;
  const double *v = tree->value + (gsize) leaf * k;

  for (guint c = 1; c < k; c++)
    if (v[c] > v[best])
      best = c;
  return best;
}

void
lab_cart_feature_importance (const LabCart *tree,
                             double        *importance)
{
  double sum = 0.0;

  memset (importance, 0, tree->n_features * sizeof (double));
  for (guint i = 0; i < tree->n_nodes; i++)
    {
      const LabCartNode *node = &tree->nodes[i];
      const LabCartNode *l, *r;

      if (node->left < 0)
        continue;
      l = &tree->nodes[node->left];
      r = &tree->nodes[node->right];
      importance[node->feature] += node->weighted_samples * node->impurity
                                   - l->weighted_samples * l->impurity
                                   - r->weighted_samples * r->impurity;
    }
  for (guint f = 0; f < tree->n_features; f++)
    {
      importance[f] /= tree->nodes[0].weighted_samples;
      sum += importance[f];
    }
  if (sum > 0.0)
    for (guint f = 0; f < tree->n_features; f++)
      importance[f] /= sum;
}

/* ------------------------------------------------------------------ */
/* minimal cost-complexity pruning (Breiman et al. 1984, ch. 3; scikit-learn's
 * _cost_complexity_prune): repeatedly collapse the internal node t of least
 * g(t) = (R(t) − R(T_t)) / (|leaves(T_t)| − 1), R(t) = w_t / w · impurity_t */

typedef struct
{
  guint8 *leaf;       /* a leaf of the current subtree */
  guint8 *in_subtree;
} PruneState;

/* Runs the weakest-link loop; with @path arrays records every step, with @alpha ≥ 0 stops
 * before the first step of effective alpha > @alpha. */
static void
cost_complexity_prune (const LabCart *tree,
                       double         alpha,
                       double        *path_alphas,
                       double        *path_impurities,
                       guint         *path_nodes,
                       guint         *n_steps,
                       PruneState    *state)
{
  guint n = tree->n_nodes, count = 0;
  g_autofree double *r_node = g_new (double, n);
  g_autofree double *r_branch = g_new0 (double, n);
  g_autofree guint *n_leaves = g_new0 (guint, n);
  g_autofree guint8 *candidate = g_new0 (guint8, n);
  g_autofree guint *stack = g_new (guint, n + 1);
  double total = tree->nodes[0].weighted_samples;

  for (guint i = 0; i < n; i++)
    {
      r_node[i] = tree->nodes[i].weighted_samples * tree->nodes[i].impurity / total;
      state->leaf[i] = tree->nodes[i].left < 0;
      state->in_subtree[i] = 1;
    }
  for (guint i = 0; i < n; i++)
    {
      guint j = i;
      double r;

      if (!state->leaf[i])
        continue;
      r_branch[i] = r = r_node[i];
      while (j != 0)
        {
          guint p = (guint) tree->nodes[j].parent;

          r_branch[p] += r;
          n_leaves[p]++;
          j = p;
        }
    }
  for (guint i = 0; i < n; i++)
    candidate[i] = !state->leaf[i];

  if (path_alphas)
    {
      path_alphas[count] = 0.0;
      path_impurities[count] = r_branch[0];
      if (path_nodes)
        path_nodes[count] = G_MAXUINT;
      count++;
    }
  while (candidate[0])
    {
      double effective = DBL_MAX, r_diff;
      guint pruned = 0, top = 0, n_pruned;
      gint p;

      for (guint i = 0; i < n; i++)
        {
          double a;

          if (!candidate[i])
            continue;
          a = (r_node[i] - r_branch[i]) / (n_leaves[i] - 1);
          if (a < effective)
            {
              effective = a;
              pruned = i;
            }
        }
      if (!path_alphas && alpha < effective)
        break;

      stack[top++] = pruned;
      while (top > 0)
        {
          guint id = stack[--top];

          if (!state->in_subtree[id])
            continue;
          candidate[id] = 0;
          state->leaf[id] = 0;
          state->in_subtree[id] = 0;
          if (tree->nodes[id].left >= 0)
            {
              stack[top++] = (guint) tree->nodes[id].left;
              stack[top++] = (guint) tree->nodes[id].right;
            }
        }
      state->leaf[pruned] = 1;
      state->in_subtree[pruned] = 1;

      n_pruned = n_leaves[pruned] - 1;
      n_leaves[pruned] = 0;
      r_diff = r_node[pruned] - r_branch[pruned];
      r_branch[pruned] = r_node[pruned];
      for (p = tree->nodes[pruned].parent; p >= 0; p = tree->nodes[p].parent)
        {
          n_leaves[p] -= n_pruned;
          r_branch[p] += r_diff;
        }
      if (path_alphas)
        {
          path_alphas[count] = effective;
          path_impurities[count] = r_branch[0];
          if (path_nodes)
            path_nodes[count] = pruned;
          count++;
        }
    }
  if (n_steps)
    *n_steps = count;
}

void
lab_cart_pruning_path (const LabCart *tree,
                       double       **ccp_alphas,
                       double       **impurities,
                       guint        **pruned_nodes,
                       guint         *n_steps)
{
  g_autofree guint8 *leaf = g_new (guint8, tree->n_nodes);
  g_autofree guint8 *in_subtree = g_new (guint8, tree->n_nodes);
  PruneState state = { leaf, in_subtree };

  *ccp_alphas = g_new (double, tree->n_nodes);
  *impurities = g_new (double, tree->n_nodes);
  if (pruned_nodes)
    *pruned_nodes = g_new (guint, tree->n_nodes);
  cost_complexity_prune (tree, -1.0, *ccp_alphas, *impurities, pruned_nodes ? *pruned_nodes : NULL,
                         n_steps, &state);
}

LabCart *
lab_cart_prune (const LabCart *tree,
                double         ccp_alpha)
{
  g_autofree guint8 *leaf = g_new (guint8, tree->n_nodes);
  g_autofree guint8 *in_subtree = g_new (guint8, tree->n_nodes);
  g_autofree guint *stack = NULL;
  g_autofree gint *new_parent = NULL;
  g_autofree guint8 *is_left = NULL;
  PruneState state = { leaf, in_subtree };
  LabCart *out;
  guint top = 0, k = tree->n_classes;

  g_return_val_if_fail (ccp_alpha >= 0.0, NULL);

  /* scikit-learn prunes nothing at ccp_alpha = 0, not even splits of zero gain */
  if (ccp_alpha == 0.0)
    return lab_cart_copy (tree);
  cost_complexity_prune (tree, ccp_alpha, NULL, NULL, NULL, NULL, &state);

  out = g_new0 (LabCart, 1);
  out->n_features = tree->n_features;
  out->n_classes = k;
  out->nodes = g_new0 (LabCartNode, tree->n_nodes);
  out->value = g_new0 (double, (gsize) tree->n_nodes * k);
  stack = g_new (guint, tree->n_nodes + 1);
  new_parent = g_new (gint, tree->n_nodes);
  is_left = g_new (guint8, tree->n_nodes);

  new_parent[0] = -1;
  stack[top++] = 0;
  while (top > 0)
    {
      guint id = stack[--top], nid = out->n_nodes++;
      LabCartNode *node = &out->nodes[nid];

      *node = tree->nodes[id];
      node->parent = new_parent[id];
      if (node->parent >= 0)
        {
          if (is_left[id])
            out->nodes[node->parent].left = (gint) nid;
          else
            out->nodes[node->parent].right = (gint) nid;
        }
      memcpy (out->value + (gsize) nid * k, tree->value + (gsize) id * k, k * sizeof (double));
      out->depth = MAX (out->depth, node->depth);
      if (leaf[id])
        {
          node->feature = -1;
          node->threshold = 0.0;
          node->left = node->right = -1;
          out->n_leaves++;
          continue;
        }
      new_parent[tree->nodes[id].left] = new_parent[tree->nodes[id].right] = (gint) nid;
      is_left[tree->nodes[id].left] = 1;
      is_left[tree->nodes[id].right] = 0;
      stack[top++] = (guint) tree->nodes[id].right;
      stack[top++] = (guint) tree->nodes[id].left;
    }
  out->nodes = g_renew (LabCartNode, out->nodes, out->n_nodes);
  out->value = g_renew (double, out->value, (gsize) out->n_nodes * k);
  return out;
}

/* ------------------------------------------------------------------ */
/* best-first order */

static double
weighted_decrease (const LabCart *tree,
                   guint          id)
{
  const LabCartNode *node = &tree->nodes[id];
  const LabCartNode *l = &tree->nodes[node->left], *r = &tree->nodes[node->right];

  return node->weighted_samples * node->impurity
         - l->weighted_samples * l->impurity - r->weighted_samples * r->impurity;
}

void
lab_cart_best_first_order (const LabCart *tree,
                           guint         *order,
                           guint         *rank)
{
  g_autofree guint *frontier = g_new (guint, tree->n_nodes + 1);
  guint nf = 0, count = 0;

  if (rank)
    for (guint i = 0; i < tree->n_nodes; i++)
      rank[i] = G_MAXUINT;
  if (tree->nodes[0].left >= 0)
    frontier[nf++] = 0;
  /* the frontier holds the internal nodes whose parent is already split; take the one of
   * largest decrease (the lowest id on ties) */
  while (nf > 0)
    {
      guint best = 0, id;
      double best_gain = -INFINITY;

      for (guint i = 0; i < nf; i++)
        {
          double gain = weighted_decrease (tree, frontier[i]);

          if (gain > best_gain || (gain == best_gain && frontier[i] < frontier[best]))
            {
              best_gain = gain;
              best = i;
            }
        }
      id = frontier[best];
      frontier[best] = frontier[--nf];
      if (rank)
        rank[id] = count;
      order[count++] = id;
      if (tree->nodes[tree->nodes[id].left].left >= 0)
        frontier[nf++] = (guint) tree->nodes[id].left;
      if (tree->nodes[tree->nodes[id].right].left >= 0)
        frontier[nf++] = (guint) tree->nodes[id].right;
    }
}

/* ------------------------------------------------------------------ */
/* random forests (Breiman 2001): bootstrap samples, a random feature subset per split,
 * soft voting; the out-of-bag estimate averages, for each training point, the trees that
 * did not see it */

/* The accuracy of the summed OOB votes @oob (n × k) over the points with any vote. */
static double
oob_accuracy (const double *oob,
              const guint  *y,
              guint         n,
              guint         k,
              guint        *n_counted)
{
  guint right = 0, counted = 0;

  for (guint i = 0; i < n; i++)
    {
      const double *v = oob + (gsize) i * k;
      double s = 0.0;
      guint best = 0;

      for (guint c = 0; c < k; c++)
        s += v[c];
      if (s <= 0.0)
        continue;   /* in every bag so far */
      for (guint c = 1; c < k; c++)
        if (v[c] > v[best])
          best = c;
      counted++;
      right += best == y[i];
    }
  if (n_counted)
    *n_counted = counted;
  return counted > 0 ? (double) right / counted : NAN;
}

LabForest *
lab_forest_fit (const double           *x,
                guint                   n,
                guint                   d,
                const guint            *y,
                guint                   n_classes,
                const LabForestOptions *options,
                void                  (*progress) (double fraction, gpointer data),
                gpointer                progress_data,
                GCancellable           *cancellable,
                GError                **error)
{
  g_autoptr(LabForest) forest = NULL;
  g_autoptr(gsl_rng) rng = lab_rng_new (options->seed);
  g_autofree double *weights = g_new (double, n);
  g_autofree double *oob = NULL;
  g_autofree double *proba = g_new (double, n_classes);
  guint k = n_classes;

  g_return_val_if_fail (options->n_trees >= 1 && n >= 1, NULL);

  forest = g_new0 (LabForest, 1);
  forest->n_classes = k;
  forest->n_features = d;
  forest->trees = g_new0 (LabCart *, options->n_trees);
  forest->oob_by_trees = g_new (double, options->n_trees);
  oob = g_new0 (double, (gsize) n * k);

  for (guint t = 0; t < options->n_trees; t++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (options->bootstrap)
        {
          memset (weights, 0, n * sizeof (double));
          for (guint i = 0; i < n; i++)
            weights[gsl_rng_uniform_int (rng, n)] += 1.0;
        }
      else
        for (guint i = 0; i < n; i++)
          weights[i] = 1.0;
      forest->trees[t] = lab_cart_fit (x, n, d, y, k, weights, &options->tree, rng);
      forest->n_trees++;
      if (options->bootstrap)
        for (guint i = 0; i < n; i++)
          if (weights[i] == 0.0)
            {
              lab_cart_predict_proba (forest->trees[t], x + (gsize) i * d, proba);
              for (guint c = 0; c < k; c++)
                oob[(gsize) i * k + c] += proba[c];
            }
      forest->oob_by_trees[t] = options->bootstrap ? oob_accuracy (oob, y, n, k, NULL) : NAN;
      if (progress)
        progress ((t + 1.0) / options->n_trees, progress_data);
    }

  forest->oob_accuracy = options->bootstrap ? oob_accuracy (oob, y, n, k, &forest->n_oob) : NAN;
  return g_steal_pointer (&forest);
}

void
lab_forest_free (LabForest *forest)
{
  if (forest == NULL)
    return;
  for (guint t = 0; t < forest->n_trees; t++)
    lab_cart_free (forest->trees[t]);
  g_free (forest->trees);
  g_free (forest->oob_by_trees);
  g_free (forest);
}

void
lab_forest_predict_proba (const LabForest *forest,
                          guint            n_trees,
                          const double    *x,
                          double          *proba)
{
  guint k = forest->n_classes;
  double p[LAB_CART_MAX_CLASSES];

  g_return_if_fail (k <= LAB_CART_MAX_CLASSES);
  n_trees = CLAMP (n_trees, 1, forest->n_trees);
  memset (proba, 0, k * sizeof (double));
  for (guint t = 0; t < n_trees; t++)
    {
      lab_cart_predict_proba (forest->trees[t], x, p);
      for (guint c = 0; c < k; c++)
        proba[c] += p[c];
    }
  for (guint c = 0; c < k; c++)
    proba[c] /= n_trees;
}
