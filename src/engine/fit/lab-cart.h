/* lab-cart.h — classification trees (CART), minimal cost-complexity pruning,
 * random forests
 *
 * The tree is scikit-learn's DecisionTreeClassifier (version 1.2) node for node:
 * depth-first growth numbering nodes in pre-order (left child first), the best
 * split of each node over every feature and every mid-point between adjacent
 * distinct values (values closer than 1e-7 count as equal), the first best
 * split winning ties (features in index order, positions ascending), the same
 * stopping rules (max_depth, min_samples_leaf, min_samples_split = 2, a node of
 * impurity ≤ DBL_EPSILON stays a leaf) and the same pruning
 * (cost_complexity_pruning_path, ccp_alpha). Entropy is in bits, as there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gsl/gsl_rng.h>

G_BEGIN_DECLS

#define LAB_CART_MAX_CLASSES 16

typedef enum
{
  LAB_CART_GINI,               /* 1 − Σ p_k² */
  LAB_CART_ENTROPY,            /* −Σ p_k log₂ p_k */
  LAB_CART_MISCLASSIFICATION,  /* 1 − max_k p_k */
} LabCartCriterion;

/* The impurity of a node with class weights @counts (n_classes entries). */
double lab_cart_impurity (LabCartCriterion  criterion,
                          const double     *counts,
                          guint             n_classes);

typedef struct
{
  LabCartCriterion criterion;
  guint            max_depth;         /* 0: unlimited */
  guint            min_samples_leaf;  /* ≥ 1 (0 reads as 1) */
  guint            max_features;      /* features tried per node: 0 or ≥ d: all, in order;
                                         fewer: a random subset drawn per node (forests) */
} LabCartOptions;

typedef struct
{
  gint   feature;           /* −1: a leaf */
  double threshold;         /* go left when x[feature] ≤ threshold */
  double impurity;
  guint  samples;           /* distinct training points (positive weight) in the node */
  double weighted_samples;  /* their total weight */
  gint   left, right;       /* −1 at a leaf */
  gint   parent;            /* −1 at the root */
  guint  depth;
} LabCartNode;

typedef struct
{
  guint        n_features;
  guint        n_classes;
  guint        n_nodes;
  LabCartNode *nodes;       /* pre-order: 0 is the root, a left child follows its parent */
  double      *value;       /* n_nodes × n_classes: weighted class counts */
  guint        depth;       /* the deepest leaf's depth */
  guint        n_leaves;
} LabCart;

/* Grows a tree on @x (n × d, row-major) with classes @y (< @n_classes) and optional
 * @weights (NULL: all 1; points of weight 0 are left out, as bootstrap counts are used).
 * @rng is needed only when options->max_features < d. Never fails for n ≥ 1. */
LabCart *lab_cart_fit            (const double         *x,
                                  guint                 n,
                                  guint                 d,
                                  const guint          *y,
                                  guint                 n_classes,
                                  const double         *weights,
                                  const LabCartOptions *options,
                                  gsl_rng              *rng);
void     lab_cart_free           (LabCart              *tree);
LabCart *lab_cart_copy           (const LabCart        *tree);

/* The leaf that @x (d features) falls into. */
guint    lab_cart_apply          (const LabCart *tree,
                                  const double  *x);
/* Class probabilities of @x (the leaf's class fractions): @proba[n_classes]. */
void     lab_cart_predict_proba  (const LabCart *tree,
                                  const double  *x,
                                  double        *proba);
/* The most probable class (the lowest index on ties). */
guint    lab_cart_predict        (const LabCart *tree,
                                  const double  *x);
/* Mean decrease of impurity per feature, normalised to sum 1 (all 0 for a single leaf):
 * @importance[d]. */
void     lab_cart_feature_importance (const LabCart *tree,
                                      double        *importance);

/* The minimal cost-complexity pruning path: *n_steps alphas (ascending, the first 0) and
 * the total leaf impurity Σ_leaves (w_t / w) · impurity_t of the subtree at each, exactly
 * as scikit-learn's cost_complexity_pruning_path; with @pruned_nodes (may be NULL) the node
 * collapsed into a leaf at each step (G_MAXUINT at step 0). The arrays are newly allocated. */
void     lab_cart_pruning_path   (const LabCart *tree,
                                  double       **ccp_alphas,
                                  double       **impurities,
                                  guint        **pruned_nodes,
                                  guint         *n_steps);
/* The subtree kept for complexity parameter @ccp_alpha ≥ 0 (a copy when nothing is pruned). */
LabCart *lab_cart_prune          (const LabCart *tree,
                                  double         ccp_alpha);

/* The internal nodes in best-first order: the order in which a tree grown by always
 * splitting the leaf of largest weighted impurity decrease (scikit-learn's best-first
 * builder, max_leaf_nodes) would make these splits. @order receives the node ids of the
 * n_nodes − n_leaves internal nodes; @rank[n_nodes] (may be NULL) each internal node's
 * place in that order and G_MAXUINT for leaves. */
void     lab_cart_best_first_order (const LabCart *tree,
                                    guint         *order,
                                    guint         *rank);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabCart, lab_cart_free)

/* ---- random forests ---- */

typedef struct
{
  guint          n_trees;
  gboolean       bootstrap;   /* each tree on n draws with replacement; FALSE: every tree on all */
  LabCartOptions tree;        /* tree.max_features: the features tried per split */
  guint64        seed;
} LabForestOptions;

typedef struct
{
  guint     n_trees;
  LabCart **trees;
  guint     n_classes;
  guint     n_features;
  double    oob_accuracy;   /* over the points out of bag of at least one tree; NaN without bootstrap */
  guint     n_oob;          /* those points */
  double   *oob_by_trees;   /* n_trees: the OOB accuracy of the first t + 1 trees, over the points
                               out of bag of at least one of them (NaN without bootstrap) */
} LabForest;

/* Grows @options->n_trees trees; polls @cancellable between trees and reports through
 * @progress (fraction done, may be NULL) with @progress_data. On cancel: NULL and
 * G_IO_ERROR_CANCELLED. */
LabForest *lab_forest_fit          (const double           *x,
                                    guint                   n,
                                    guint                   d,
                                    const guint            *y,
                                    guint                   n_classes,
                                    const LabForestOptions *options,
                                    void                  (*progress) (double fraction, gpointer data),
                                    gpointer                progress_data,
                                    GCancellable           *cancellable,
                                    GError                **error);
void       lab_forest_free         (LabForest *forest);
/* The mean of the first @n_trees trees' class probabilities (soft vote). */
void       lab_forest_predict_proba (const LabForest *forest,
                                     guint            n_trees,
                                     const double    *x,
                                     double          *proba);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabForest, lab_forest_free)

G_END_DECLS
