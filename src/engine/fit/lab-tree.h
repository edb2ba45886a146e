/* lab-tree.h — nonparametric regressors of one input: k nearest neighbours and CART trees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- k-nearest-neighbour regression, every k at once ---- */

/* For each query q_i, the mean of the y of the k training points nearest to q_i,
 * for every k = 1 … k_max (k_max ≤ n): @out is row-major m × k_max,
 * out[i·k_max + k − 1]. @x must be sorted ascending (@y in the same order).
 * Equal distances: the point with the smaller x is taken first. O(m·(log n + k_max)). */
void      lab_knn_predict_all   (const double *x,
                                 const double *y,
                                 gsize         n,
                                 const double *query,
                                 gsize         m,
                                 guint         k_max,
                                 double       *out);

/* ---- CART regression trees on one input ---- */

typedef struct _LabTree LabTree;

/* A workspace for trees on up to @max_n points, grown to @max_depth. */
LabTree  *lab_tree_new          (gsize         max_n,
                                 guint         max_depth);
void      lab_tree_free         (LabTree      *tree);
/* Grows the tree greedily on @x (sorted ascending), @y, optional @weights
 * (sample multiplicities, e.g. bootstrap counts; NULL: all 1; points of weight 0
 * are ignored). Each split minimises the weighted sum of squared errors of the two
 * children (the first best split, scanning x upwards, wins ties) at the midpoint
 * of two adjacent distinct x; a node stays a leaf at max_depth, with fewer than
 * two points, when its values are all equal (variance ≤ DBL_EPSILON) or when all
 * its x are equal. This is scikit-learn's DecisionTreeRegressor (squared error,
 * min_samples_leaf = 1). Because the growth is greedy, the tree of depth d is the
 * first d levels of this one. */
void      lab_tree_grow         (LabTree      *tree,
                                 const double *x,
                                 const double *y,
                                 const double *weights,
                                 gsize         n);
guint     lab_tree_get_max_depth (LabTree     *tree);
/* Number of leaves of the tree truncated at @depth. */
guint     lab_tree_count_leaves (LabTree      *tree,
                                 guint         depth);
/* The prediction at @x of the tree truncated at every depth 0 … max_depth:
 * @out[max_depth + 1]. */
void      lab_tree_predict_all  (LabTree      *tree,
                                 double        x,
                                 double       *out);

/* The same predictions for many sorted queries at once, as difference arrays: adds
 * @scale × the prediction of the tree truncated at depth d at q_i to row d of @diff
 * (row-major (max_depth + 1) × (m + 1)) so that the running sum of row d up to
 * index i is that value. Each node adds at its range of queries' two ends, so a
 * tree costs O(nodes · depth + log m) instead of O(m · depth): averaging many trees
 * (bagging) then takes one pass of running sums at the end. @q ascending. */
void      lab_tree_accumulate   (LabTree      *tree,
                                 const double *q,
                                 gsize         m,
                                 double        scale,
                                 double       *diff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabTree, lab_tree_free)

G_END_DECLS
