/* lab-boost.h — gradient-boosted trees through XGBoost's C API
 *
 * A thin, GLib-shaped wrapper: train a booster round by round (cancellable,
 * with progress), then read every round's class probabilities for any points
 * and every tree's structure. The booster itself is XGBoost's (Debian's
 * libxgboost), not re-implemented: predictions equal python3-xgboost's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_BOOST_DEPTHWISE,   /* level-wise growth (XGBoost's default) */
  LAB_BOOST_LOSSGUIDE,   /* leaf-wise growth: the leaf of largest loss reduction first (LightGBM's) */
} LabBoostGrowPolicy;

typedef struct
{
  LabBoostGrowPolicy grow_policy;
  guint   rounds;            /* ≥ 1 */
  guint   max_depth;         /* 0: unlimited (lossguide only) */
  guint   max_leaves;        /* 0: unlimited */
  double  learning_rate;     /* eta */
  double  subsample;         /* (0, 1] */
  double  reg_lambda;        /* L2 penalty on leaf weights */
  double  min_child_weight;  /* minimal Hessian sum in a child */
  guint64 seed;
  guint   n_threads;         /* 0: XGBoost's default */
} LabBoostOptions;

typedef struct _LabBoost LabBoost;

/* Trains options->rounds rounds of tree_method=hist on @x (n × d, row-major; stored as
 * float32 as XGBoost does) with classes @y < @n_classes (binary:logistic for two classes,
 * multi:softprob otherwise). Polls @cancellable between rounds. Errors: LAB_ERROR_NUMERIC
 * with XGBoost's message, G_IO_ERROR_CANCELLED. */
LabBoost *lab_boost_train          (const double           *x,
                                    guint                   n,
                                    guint                   d,
                                    const guint            *y,
                                    guint                   n_classes,
                                    const LabBoostOptions  *options,
                                    void                  (*progress) (double fraction, gpointer data),
                                    gpointer                progress_data,
                                    GCancellable           *cancellable,
                                    GError                **error);
void      lab_boost_free           (LabBoost *boost);
guint     lab_boost_get_rounds     (LabBoost *boost);
guint     lab_boost_get_n_classes  (LabBoost *boost);

/* The class probabilities of the m points @x after the rounds listed in @keep (counts of rounds,
 * 1 … rounds, ascending; NULL: every round, n_keep = rounds): @proba is n_keep × m × n_classes
 * (proba[(j·m + i)·K + c] after keep[j] rounds; may be NULL). With @y (the points' classes),
 * @log_loss[rounds] receives the mean log-loss after every round. The margins are XGBoost's
 * per-round tree outputs summed in double. */
gboolean  lab_boost_predict_rounds (LabBoost      *boost,
                                    const double  *x,
                                    guint          m,
                                    const guint   *keep,
                                    guint          n_keep,
                                    float         *proba,
                                    const guint   *y,
                                    double        *log_loss,
                                    GError       **error);
/* XGBoost's own probabilities after all rounds (float32, as it returns them): @proba[m × K]. */
gboolean  lab_boost_predict        (LabBoost      *boost,
                                    const double  *x,
                                    guint          m,
                                    float         *proba,
                                    GError       **error);

typedef struct
{
  gint   feature;     /* −1: a leaf */
  double threshold;   /* go left ("yes") when x[feature] < threshold */
  gint   left, right; /* indices into the tree's node array, −1 at a leaf */
  double leaf;        /* the leaf's output (a margin increment) */
  double gain;        /* the split's loss reduction */
  double cover;       /* the Hessian sum of the node */
  guint  depth;
} LabBoostNode;

/* The nodes of tree @tree (round r, class c: tree r·K + c for K > 2 classes, tree r for two),
 * in pre-order, left ("yes") child first; @n_nodes receives their number. Free with g_free.
 * The first call dumps the whole model once and keeps it: do not call from two threads at
 * once on the same booster. */
LabBoostNode *lab_boost_dup_tree   (LabBoost *boost,
                                    guint     tree,
                                    guint    *n_nodes);
guint     lab_boost_get_n_trees    (LabBoost *boost);

/* Mean log-loss −(1/n) Σ log p(y_i), p clipped to [1e-16, 1 − 1e-16] as XGBoost's metric. */
double    lab_boost_log_loss       (const float *proba,
                                    const guint *y,
                                    guint        n,
                                    guint        n_classes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabBoost, lab_boost_free)

G_END_DECLS
