/* trees-params.c — the trees topic: parameters, presets, the topic (notes §1.3–1.8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "trees-private.h"

G_DEFINE_ENUM_TYPE (TreesSource, trees_source,
  G_DEFINE_ENUM_VALUE (TREES_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (TREES_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (TreesDataset, trees_dataset,
  G_DEFINE_ENUM_VALUE (TREES_DATASET_MOONS, "moons"),
  G_DEFINE_ENUM_VALUE (TREES_DATASET_CIRCLES, "circles"),
  G_DEFINE_ENUM_VALUE (TREES_DATASET_BLOBS, "blobs"),
  G_DEFINE_ENUM_VALUE (TREES_DATASET_XOR, "xor"),
  G_DEFINE_ENUM_VALUE (TREES_DATASET_SPIRALS, "spirals"))

G_DEFINE_ENUM_TYPE (TreesModel, trees_model,
  G_DEFINE_ENUM_VALUE (TREES_MODEL_TREE, "tree"),
  G_DEFINE_ENUM_VALUE (TREES_MODEL_FOREST, "forest"),
  G_DEFINE_ENUM_VALUE (TREES_MODEL_BOOSTING, "boosting"),
  G_DEFINE_ENUM_VALUE (TREES_MODEL_STACKING, "stacking"))

G_DEFINE_ENUM_TYPE (LabCartCriterion, trees_criterion,
  G_DEFINE_ENUM_VALUE (LAB_CART_GINI, "gini"),
  G_DEFINE_ENUM_VALUE (LAB_CART_ENTROPY, "entropy"),
  G_DEFINE_ENUM_VALUE (LAB_CART_MISCLASSIFICATION, "misclassification"))

G_DEFINE_ENUM_TYPE (LabBoostGrowPolicy, trees_grow_policy,
  G_DEFINE_ENUM_VALUE (LAB_BOOST_DEPTHWISE, "depthwise"),
  G_DEFINE_ENUM_VALUE (LAB_BOOST_LOSSGUIDE, "lossguide"))

struct _LabTreesParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabTreesParams, lab_trees_params, LAB_TYPE_PARAMS)

static gboolean
name_in (const char *name,
         ...)
{
  va_list ap;
  const char *s;
  gboolean found = FALSE;

  va_start (ap, name);
  while (!found && (s = va_arg (ap, const char *)) != NULL)
    found = g_str_equal (name, s);
  va_end (ap);
  return found;
}

static gboolean
lab_trees_params_is_relevant (LabParams  *params,
                              GParamSpec *pspec)
{
  gboolean data = lab_params_get_enum (params, "source") == TREES_SOURCE_DATA;
  TreesModel model = lab_params_get_enum (params, "model");
  TreesDataset dataset = lab_params_get_enum (params, "dataset");
  const char *name = pspec->name;

  if (name_in (name, "feature-columns", "label-column", "x-feature", "y-feature", NULL))
    return data;
  if (name_in (name, "dataset", "n", "noise", NULL))
    return !data;
  if (g_str_equal (name, "classes"))
    return !data && (dataset == TREES_DATASET_BLOBS || dataset == TREES_DATASET_SPIRALS);
  if (g_str_equal (name, "criterion") || g_str_equal (name, "min-samples-leaf"))
    return model != TREES_MODEL_BOOSTING;
  if (g_str_equal (name, "ccp-alpha") || g_str_equal (name, "splits"))
    return model == TREES_MODEL_TREE;
  if (name_in (name, "trees", "max-features", "bootstrap", NULL))
    return model == TREES_MODEL_FOREST || model == TREES_MODEL_STACKING;
  if (name_in (name, "grow-policy", "max-leaves", "subsample", "reg-lambda", "min-child-weight", "round", NULL))
    return model == TREES_MODEL_BOOSTING;
  if (g_str_equal (name, "learning-rate") || g_str_equal (name, "rounds"))
    return model == TREES_MODEL_BOOSTING || model == TREES_MODEL_STACKING;
  return TRUE;
}

static void
lab_trees_params_class_init (LabTreesParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_trees_params_is_relevant;

  /* ---- data ---- */
  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("synthetic: points drawn from a named shape; data: two or more numeric columns and a "
       "class column of your CSV file"),
    trees_source_get_type (), TREES_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "feature-columns", N_("Feature columns"),
    N_("Two or more numeric columns (a,b,c); the plot shows x-feature against y-feature, the "
       "others held at their training means"),
    "x1,x2", LAB_PARAM_COLUMNS, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "label-column", N_("Label column"),
    N_("The class of each row: integers or text, 2 to 10 distinct values"),
    "label", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "x-feature", N_("Horizontal feature"),
    N_("The feature column on the horizontal axis (empty: the first feature column)"),
    "", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "y-feature", N_("Vertical feature"),
    N_("The feature column on the vertical axis (empty: the second feature column)"),
    "", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "dataset", N_("Shape"),
    N_("moons: two interleaved half circles; circles: a ring around a disc; blobs: Gaussian "
       "clusters; xor: the four quadrants; spirals: interleaved spiral arms"),
    trees_dataset_get_type (), TREES_DATASET_MOONS, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "n", N_("Points"),
    N_("Number of points drawn (training and test together)"),
    20, 20000, 400, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "noise", N_("Noise"),
    N_("Standard deviation of the Gaussian noise added to each point (blobs: of each cluster)"),
    0.0, 2.0, 0.3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "classes", N_("Classes"),
    N_("Number of classes of blobs and spirals"),
    2, 5, 3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "test-fraction", N_("Test fraction"),
    N_("Share of the rows held out for testing, drawn with the seed (0: train on every row)"),
    0.0, 0.9, 0.3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  /* not lab_params_class_add_seed: its default is 42, and the presets' lessons are measured at seed 1 */
  lab_params_class_add_int (params_class, "seed", N_("Seed"),
    N_("Seed of the points, the split, the bootstrap samples and XGBoost's subsampling"),
    0, G_MAXINT, 1, LAB_PARAM_SEED, LAB_GROUP_DATA);

  /* ---- model ---- */
  lab_params_class_add_enum (params_class, "model", N_("Model"),
    N_("tree: one CART tree; forest: bagged trees with random feature subsets; boosting: "
       "gradient-boosted trees (XGBoost); stacking: the three and k-NN combined by a "
       "logistic-regression meta-model"),
    trees_model_get_type (), TREES_MODEL_TREE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "criterion", N_("Split criterion"),
    N_("The impurity a split lowers: gini 1 − Σp², entropy −Σp log₂p, misclassification 1 − max p"),
    trees_criterion_get_type (), LAB_CART_GINI, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "max-depth", N_("Max depth"),
    N_("Deepest level a tree may grow to (0: unlimited; XGBoost's depthwise growth needs a limit "
       "or max-leaves)"),
    0, 40, 6, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "min-samples-leaf", N_("Min samples per leaf"),
    N_("A split is allowed only if each side keeps at least this many training points"),
    1, 200, 1, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "ccp-alpha", N_("Pruning α"),
    N_("Minimal cost-complexity pruning: collapse every subtree whose effective α = "
       "(R(t) − R(T_t)) / (|leaves| − 1) is at most this (scikit-learn's ccp_alpha)"),
    0.0, 0.1, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "trees", N_("Trees"),
    N_("Number of trees in the forest"),
    1, 1000, 100, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_string (params_class, "max-features", N_("Features per split"),
    N_("How many features each split may choose from: sqrt, log2, all, or a number"),
    "sqrt", LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_boolean (params_class, "bootstrap", N_("Bootstrap"),
    N_("Grow each tree on n points drawn with replacement (off: every tree sees all points, "
       "only the feature subsets differ; no OOB estimate)"),
    TRUE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "grow-policy", N_("Growth policy"),
    N_("depthwise: split every node of a level (XGBoost's default); lossguide: split the leaf "
       "of largest loss reduction next (LightGBM's leaf-wise growth)"),
    trees_grow_policy_get_type (), LAB_BOOST_DEPTHWISE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "max-leaves", N_("Max leaves"),
    N_("Most leaves per boosted tree (0: no limit)"),
    0, 1024, 0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "learning-rate", N_("Learning rate η"),
    N_("Each tree's output is scaled by η before it is added (shrinkage)"),
    0.001, 1.0, 0.3, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "rounds", N_("Rounds"),
    N_("Boosting rounds (one tree per round, one per class with more than two classes)"),
    1, 2000, 100, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "subsample", N_("Subsample"),
    N_("Share of the training points each round's tree is grown on, drawn with the seed"),
    0.05, 1.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "reg-lambda", N_("L2 penalty λ"),
    N_("XGBoost's λ: a leaf's weight is −G / (H + λ)"),
    0.0, 100.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "min-child-weight", N_("Min child weight"),
    N_("Smallest Hessian sum a child may have: p(1 − p) summed over its points"),
    0.0, 100.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);

  /* ---- view ---- */
  lab_params_class_add_int (params_class, "splits", N_("Splits shown"),
    N_("Show the tree after its first k splits in best-first order (largest impurity decrease "
       "first); at or above the number of splits, the whole tree"),
    0, 100000, 100000, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "round", N_("Round shown"),
    N_("Show the boosted model after this many rounds, and that round's tree"),
    1, 2000, 2000, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "probe-x", N_("Probe x"),
    N_("A point whose leaf and path through the tree are highlighted (click the regions)"),
    -1e9, 1e9, 0.5, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "probe-y", N_("Probe y"),
    N_("A point whose leaf and path through the tree are highlighted (click the regions)"),
    -1e9, 1e9, 0.25, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_trees_params_init (LabTreesParams *self)
{
}

gboolean
trees_parse_max_features (const char  *text,
                          guint        d,
                          guint       *out,
                          GError     **error)
{
  char *end = NULL;
  gint64 v;

  if (g_str_equal (text, "sqrt"))
    *out = MAX (1, (guint) floor (sqrt ((double) d)));
  else if (g_str_equal (text, "log2"))
    *out = MAX (1, (guint) floor (log2 ((double) d)));
  else if (g_str_equal (text, "all"))
    *out = d;
  else
    {
      v = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end != '\0' || v < 1 || v > (gint64) d)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("max-features: “%s” is not sqrt, log2, all or a whole number from 1 to %u (the features)"),
                       text, d);
          return FALSE;
        }
      *out = (guint) v;
    }
  return TRUE;
}

static const LabPreset trees_presets[] = {
  { N_("A deep tree overfits"), "model=tree dataset=moons noise=0.35 n=400 max-depth=0 min-samples-leaf=1",
    N_("Grown until every leaf is pure, the tree needs 39 leaves and depth 12 to fit all 280 training points "
       "(accuracy 1.00) but scores 0.825 on the 120 test points: the small islands in the regions are noise it "
       "memorised. Step through Splits shown to see the first splits do the real work.") },
  { N_("Pruning by cost complexity"), "model=tree dataset=moons noise=0.35 n=400 max-depth=0 ccp-alpha=0.006",
    N_("The same full tree pruned at α = 0.006: 15 leaves, training accuracy 0.954, test accuracy up from 0.825 "
       "to 0.917. On the pruning path the test curve peaks between α ≈ 0.005 and 0.02 while the training curve "
       "only falls; click there to choose α.") },
  { N_("Forest vs one tree"), "model=forest dataset=moons noise=0.35 n=400 max-depth=0 trees=200",
    N_("200 deep trees on bootstrap samples: test accuracy 0.908 against 0.825 for one deep tree, and the "
       "out-of-bag estimate (0.907) agrees without a test set. Relabel 5 % of the points and one tree changes "
       "its class on 25 % of the plane, the forest on 2 %: averaging removes most of the variance.") },
  { N_("Level-wise vs leaf-wise"), "model=boosting dataset=spirals classes=2 noise=0.2 n=600 grow-policy=lossguide "
                                  "max-depth=0 max-leaves=8 rounds=60 learning-rate=0.3",
    N_("Both policies get 8 leaves a tree. Leaf-wise growth (solid) reaches training log-loss 0.14 after 60 "
       "rounds, level-wise depth 3 (dashed) 0.25; on these spirals the deep, uneven leaf-wise trees also test "
       "better (0.36 vs 0.44). Look at a round's tree: one long branch instead of a balanced one.") },
  { N_("Learning rate vs rounds"), "model=boosting dataset=moons noise=0.35 n=400 learning-rate=0.03 rounds=400 "
                                   "max-depth=3",
    N_("With η = 0.03 the test log-loss bottoms out at 0.203 near round 250 and barely rises after. Set η = 0.3: "
       "the same minimum (0.201) comes by round 22, then the test loss climbs to 0.31 by round 400 while the "
       "training loss keeps falling — small steps make the number of rounds forgiving.") },
  { N_("Stacking beats its parts"), "model=stacking dataset=xor noise=0.2 n=600 seed=2 max-depth=0 "
                                    "min-samples-leaf=3 trees=100 rounds=60 learning-rate=0.1",
    N_("On these xor quadrants the logistic-regression stack of the four models' out-of-fold probabilities "
       "scores 0.867 on the test set, above each of its parts (tree 0.850, forest and k-NN 0.844, boosting "
       "0.833). Change the seed: the stack usually matches the best part and sometimes beats it.") },
};

const LabTopic lab_topic_trees = {
  .id = "trees",
  .title = N_("Trees, forests & boosting"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.3, §1.4, §1.5, §1.6, §1.7, §1.8",
  .summary = N_("Grow a CART tree split by split, prune it by cost complexity, bag it into a forest, boost it "
                "with XGBoost level-wise or leaf-wise, and stack them on your own data."),
  .params_get_type = lab_trees_params_get_type,
  .compute = trees_compute,
  .build = trees_build,
  .metrics = trees_metrics,
  .click = trees_click,
  .suggest_range = trees_suggest_range,
  .presets = trees_presets,
  .n_presets = G_N_ELEMENTS (trees_presets),
};
