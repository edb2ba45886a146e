/* lab-tree.c — k nearest neighbours and CART regression trees on one input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>

#include "lab-tree.h"

/* ------------------------------------------------------------------ */
/* k nearest neighbours */

void
lab_knn_predict_all (const double *x,
                     const double *y,
                     gsize         n,
                     const double *query,
                     gsize         m,
                     guint         k_max,
                     double       *out)
{
  g_return_if_fail (k_max >= 1 && k_max <= n);

  for (gsize i = 0; i < m; i++)
    {
      double q = query[i], sum = 0.0;
      gsize lo = 0, hi = n;
      gssize l;
      gsize r;

      /* first index with x ≥ q */
      while (lo < hi)
        {
          gsize mid = lo + (hi - lo) / 2;

          if (x[mid] < q)
            lo = mid + 1;
          else
            hi = mid;
        }
      l = (gssize) lo - 1;
      r = lo;
      for (guint k = 1; k <= k_max; k++)
        {
          /* the nearer of the two candidates; the left one on a tie */
          if (r >= n || (l >= 0 && q - x[l] <= x[r] - q))
            sum += y[l--];
          else
            sum += y[r++];
          out[i * k_max + k - 1] = sum / k;
        }
    }
}

/* ------------------------------------------------------------------ */
/* regression trees */

typedef struct
{
  guint  lo, hi;        /* points [lo, hi) of the sorted, weighted sample */
  guint  depth;
  double value;         /* weighted mean of y */
  double threshold;     /* go left when x ≤ threshold */
  gint   left, right;   /* −1: a leaf */
} Node;

struct _LabTree
{
  gsize   max_n;
  guint   max_depth;
  double *px, *py, *pw;  /* the points with positive weight */
  Node   *nodes;         /* at most 2·max_n − 1 */
  guint   n_nodes;
  guint  *stack;
};

LabTree *
lab_tree_new (gsize max_n,
              guint max_depth)
{
  LabTree *tree = g_new0 (LabTree, 1);

  tree->max_n = MAX (max_n, 1);
  tree->max_depth = max_depth;
  tree->px = g_new (double, tree->max_n);
  tree->py = g_new (double, tree->max_n);
  tree->pw = g_new (double, tree->max_n);
  tree->nodes = g_new (Node, 2 * tree->max_n);
  tree->stack = g_new (guint, 2 * tree->max_n);
  return tree;
}

void
lab_tree_free (LabTree *tree)
{
  if (tree == NULL)
    return;
  g_free (tree->px);
  g_free (tree->py);
  g_free (tree->pw);
  g_free (tree->nodes);
  g_free (tree->stack);
  g_free (tree);
}

guint
lab_tree_get_max_depth (LabTree *tree)
{
  return tree->max_depth;
}

static guint
new_node (LabTree *tree,
          guint    lo,
          guint    hi,
          guint    depth)
{
  Node *node = &tree->nodes[tree->n_nodes];
  double w = 0.0, s = 0.0;

  for (guint i = lo; i < hi; i++)
    {
      w += tree->pw[i];
      s += tree->pw[i] * tree->py[i];
    }
  node->lo = lo;
  node->hi = hi;
  node->depth = depth;
  node->value = s / w;
  node->threshold = 0.0;
  node->left = node->right = -1;
  return tree->n_nodes++;
}

static void
split_node (LabTree *tree,
            guint    id)
{
  Node *node = &tree->nodes[id];
  const double *x = tree->px, *y = tree->py, *w = tree->pw;
  double W = 0.0, S = 0.0, impurity = 0.0, wl = 0.0, sl = 0.0, best = -INFINITY;
  gint pos = -1;
  guint lo = node->lo, hi = node->hi, depth = node->depth;

  if (depth >= tree->max_depth || hi - lo < 2)
    return;
  for (guint i = lo; i < hi; i++)
    {
      W += w[i];
      S += w[i] * y[i];
      impurity += w[i] * (y[i] - node->value) * (y[i] - node->value);
    }
  if (impurity / W <= DBL_EPSILON)
    return;
  for (guint i = lo; i + 1 < hi; i++)
    {
      wl += w[i];
      sl += w[i] * y[i];
      if (x[i] < x[i + 1])
        {
          double sr = S - sl, wr = W - wl;
          double score = sl * sl / wl + sr * sr / wr;

          if (score > best)
            {
              best = score;
              pos = (gint) i;
            }
        }
    }
  if (pos < 0)
    return;
  node->threshold = x[pos] / 2.0 + x[pos + 1] / 2.0;
  if (node->threshold == x[pos + 1])
    node->threshold = x[pos];
  /* new_node may not move the array: it is allocated for the largest tree */
  node->left = (gint) new_node (tree, lo, (guint) pos + 1, depth + 1);
  node->right = (gint) new_node (tree, (guint) pos + 1, hi, depth + 1);
}

void
lab_tree_grow (LabTree      *tree,
               const double *x,
               const double *y,
               const double *weights,
               gsize         n)
{
  guint m = 0, top = 0;

  g_return_if_fail (n <= tree->max_n);

  for (gsize i = 0; i < n; i++)
    {
      double wi = weights ? weights[i] : 1.0;

      if (wi > 0.0)
        {
          tree->px[m] = x[i];
          tree->py[m] = y[i];
          tree->pw[m] = wi;
          m++;
        }
    }
  tree->n_nodes = 0;
  g_return_if_fail (m > 0);

  tree->stack[top++] = new_node (tree, 0, m, 0);
  while (top > 0)
    {
      guint id = tree->stack[--top];

      split_node (tree, id);
      if (tree->nodes[id].left >= 0)
        {
          tree->stack[top++] = (guint) tree->nodes[id].right;
          tree->stack[top++] = (guint) tree->nodes[id].left;
        }
    }
}

guint
lab_tree_count_leaves (LabTree *tree,
                       guint    depth)
{
  guint count = 0;

  for (guint i = 0; i < tree->n_nodes; i++)
    {
      const Node *node = &tree->nodes[i];

      if (node->depth == depth || (node->depth < depth && node->left < 0))
        count++;
    }
  return count;
}

void
lab_tree_predict_all (LabTree *tree,
                      double   x,
                      double  *out)
{
  const Node *node = &tree->nodes[0];

  for (guint d = 0; d <= tree->max_depth; d++)
    {
      out[d] = node->value;
      if (node->left >= 0)
        node = &tree->nodes[x <= node->threshold ? node->left : node->right];
    }
}

/* first index in [lo, hi) with q > t */
static gsize
upper_bound (const double *q,
             gsize         lo,
             gsize         hi,
             double        t)
{
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (q[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
accumulate_node (LabTree      *tree,
                 gint          id,
                 const double *q,
                 gsize         a,
                 gsize         b,
                 double        scale,
                 double       *diff,
                 gsize         stride)
{
  const Node *node = &tree->nodes[id];
  double v = scale * node->value;

  if (a >= b)
    return;
  if (node->left < 0)
    {
      /* a leaf predicts its value at its own depth and every deeper one */
      for (guint d = node->depth; d <= tree->max_depth; d++)
        {
          diff[d * stride + a] += v;
          diff[d * stride + b] -= v;
        }
      return;
    }
  diff[node->depth * stride + a] += v;
  diff[node->depth * stride + b] -= v;
  {
    gsize c = upper_bound (q, a, b, node->threshold);

    accumulate_node (tree, node->left, q, a, c, scale, diff, stride);
    accumulate_node (tree, node->right, q, c, b, scale, diff, stride);
  }
}

void
lab_tree_accumulate (LabTree      *tree,
                     const double *q,
                     gsize         m,
                     double        scale,
                     double       *diff)
{
  g_return_if_fail (tree->n_nodes > 0);

  accumulate_node (tree, 0, q, 0, m, scale, diff, m + 1);
}
