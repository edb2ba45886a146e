/* trees-private.h — shared by the files of the "trees" topic, no one else
 *
 * compute: labelled points (synthetic or the user's CSV) → a train/test split →
 * the chosen model: a CART tree with its whole cost-complexity pruning path, a
 * random forest (accuracy by number of trees, OOB, the 5 % perturbation lesson),
 * XGBoost (every round's probabilities on the grid and the points, every tree), or
 * a stack of the four with a logistic-regression meta-model. Everything that only
 * selects what to look at — the first k splits, the boosting round, the probe point
 * whose leaf path is highlighted — is a view parameter evaluated in build.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-columns.h"
#include "lab-boost.h"
#include "lab-cart.h"
#include "lab-error.h"
#include "lab-points.h"
#include "lab-rng.h"

#include "trees.h"

G_BEGIN_DECLS

typedef enum
{
  TREES_SOURCE_SYNTHETIC,
  TREES_SOURCE_DATA,
} TreesSource;

typedef enum
{
  TREES_DATASET_MOONS,
  TREES_DATASET_CIRCLES,
  TREES_DATASET_BLOBS,
  TREES_DATASET_XOR,
  TREES_DATASET_SPIRALS,
} TreesDataset;

typedef enum
{
  TREES_MODEL_TREE,
  TREES_MODEL_FOREST,
  TREES_MODEL_BOOSTING,
  TREES_MODEL_STACKING,
} TreesModel;

GType trees_source_get_type      (void) G_GNUC_CONST;
GType trees_dataset_get_type     (void) G_GNUC_CONST;
GType trees_model_get_type       (void) G_GNUC_CONST;
GType trees_criterion_get_type   (void) G_GNUC_CONST;
GType trees_grow_policy_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_TREES_PARAMS (lab_trees_params_get_type ())
G_DECLARE_FINAL_TYPE (LabTreesParams, lab_trees_params, LAB, TREES_PARAMS, LabParams)

#define NG            96        /* decision-region grid: NG × NG cells */
#define KNN_K         15        /* the stack's k-NN base model */
#define STACK_FOLDS   5
#define N_STACK       5         /* tree, forest, boosting, k-NN, the stack */
#define PERTURB_SHARE 0.05      /* share of training labels changed in the perturbation lesson */

enum { TAG_REGIONS, TAG_DIAGRAM, TAG_CURVE, TAG_SIDE };

typedef struct
{
  const char *name;
  double      train_accuracy;
  double      test_accuracy;
} StackModel;

typedef struct
{
  LabResult    parent;
  TreesModel   model;

  /* ---- data ---- */
  char        *source_name;
  guint        d, k;               /* features, classes */
  guint        fx, fy;             /* the plotted features */
  char       **feature_names;      /* d */
  char       **class_names;        /* k */
  guint        n_train, n_test;
  double      *x_train, *x_test;   /* row-major, d columns */
  guint       *y_train, *y_test;
  double       x0, x1, y0, y1;     /* the grid's extent */
  double      *fixed;              /* d: the other features' values on the grid (training means) */
  double      *grid;               /* NG² × d: the grid's points, row j = y */

  /* ---- tree (the model, and the tree of the forest's and the stack's lessons) ---- */
  LabCart     *full;               /* grown with max-depth and min-samples-leaf */
  LabCart     *tree;               /* pruned at ccp-alpha */
  guint       *order;              /* tree's internal nodes in best-first order */
  guint       *rank;               /* per node: its place in that order, G_MAXUINT for leaves */
  guint        n_internal;
  guint        n_path;
  double      *ccp_alphas, *impurities;
  double      *path_train, *path_test;   /* accuracy of the subtree at each step of the path */
  double       ccp_alpha;
  double      *importance;         /* d */

  /* ---- forest ---- */
  LabForest   *forest;
  double      *by_trees_test;      /* test accuracy after t = 1 … n_trees trees */
  double      *by_trees_oob;       /* OOB accuracy after t trees (NaN while some point has no OOB vote) */
  double       one_tree_test;      /* a single fully grown tree */
  double       perturb_tree;       /* share of the grid whose class changes when 5 % of labels change */
  double       perturb_forest;
  guint8      *perturb_cells;      /* NG²: bit 0 where the relabelled deep tree's class differs from the
                                      original's, bit 1 where the relabelled forest's does */

  /* ---- boosting ---- */
  guint        rounds;
  guint        n_kept;             /* rounds whose probabilities are kept: all, or every s-th */
  guint       *kept_rounds;        /* n_kept, ascending, the last = rounds */
  float       *grid_proba;         /* n_kept × NG² × k */
  float       *train_proba;        /* n_kept × n_train × k */
  double      *train_logloss, *test_logloss;  /* rounds */
  LabBoostGrowPolicy other_policy; /* the other growth policy, trained on the same data */
  char        *other_label;        /* "leaf-wise, ≤ 64 leaves", "level-wise, depth 6" */
  double      *other_train_logloss, *other_test_logloss;
  LabBoostNode **btrees;           /* one per tree */
  guint       *btree_sizes;
  guint        n_btrees;

  /* ---- the model's grid (forest, stacking: probabilities; NG² × k) ---- */
  double      *grid_share;

  /* ---- stacking ---- */
  StackModel   models[N_STACK];
  double      *meta_w;             /* k × (N_STACK − 1)·k + 1 meta-model weights (class-major), bias last */

  double       train_accuracy, test_accuracy;
} TreesResult;

LabResult *trees_compute  (LabParams *params, LabDataset *data, LabProgress *progress,
                           GCancellable *cancellable, GError **error);
LabFigure *trees_build    (const LabResult *result, LabParams *params);
void       trees_metrics  (const LabResult *result, LabParams *params, LabMetrics *out);
gboolean   trees_click    (const LabResult *result, LabParams *params, int axes_tag, double x, double y);
gboolean   trees_suggest_range (const LabResult *result, GParamSpec *pspec, double *lo, double *hi);

/* The leaf of @tree that @x reaches when only the internal nodes of rank < @splits are split. */
guint      trees_leaf_after (const LabCart *tree, const guint *rank, guint splits, const double *x);
/* The most probable class of node @id (the lowest index on ties). */
guint      trees_node_class (const LabCart *tree, guint id);
/* Parses max-features ("sqrt", "log2", "all" or a number 1 … d) for @d features. */
gboolean   trees_parse_max_features (const char *text, guint d, guint *out, GError **error);

G_END_DECLS
