/* roc-params.c — the ROC topic: parameters, presets, the topic (notes §1.2, §1.23)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "roc-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabRocSource, lab_roc_source,
  G_DEFINE_ENUM_VALUE (LAB_ROC_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (LabRocDistribution, lab_roc_distribution,
  G_DEFINE_ENUM_VALUE (LAB_ROC_DISTRIBUTION_BINORMAL, "binormal"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_DISTRIBUTION_BETA, "beta"))

G_DEFINE_ENUM_TYPE (LabRocGoal, lab_roc_goal,
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_MANUAL, "manual"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_RECALL, "recall"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_MAX_F1, "max-f1"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_MAX_YOUDEN, "max-youden"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_MIN_COST, "min-cost"))

G_DEFINE_ENUM_TYPE (LabRocAverage, lab_roc_average,
  G_DEFINE_ENUM_VALUE (LAB_ROC_AVERAGE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_AVERAGE_MACRO, "ovr-macro"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_AVERAGE_WEIGHTED, "ovr-weighted"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_AVERAGE_MICRO, "micro"))

struct _LabRocParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabRocParams, lab_roc_params, LAB_TYPE_PARAMS)

static gboolean
lab_roc_params_is_relevant (LabParams  *params,
                            GParamSpec *pspec)
{
  gboolean data = lab_params_get_enum (params, "source") == LAB_ROC_SOURCE_DATA;
  const char *name = pspec->name;

  if (g_str_equal (name, "label-column") || g_str_equal (name, "score-column")
      || g_str_equal (name, "positive-label") || g_str_equal (name, "skip-missing")
      || g_str_equal (name, "average"))
    return data;
  if (g_str_equal (name, "distribution") || g_str_equal (name, "separation")
      || g_str_equal (name, "positive-fraction") || g_str_equal (name, "n")
      || g_str_equal (name, "seed") || g_str_equal (name, "compare"))
    return !data;
  if (g_str_equal (name, "sd-ratio"))
    return !data && lab_params_get_enum (params, "distribution") == LAB_ROC_DISTRIBUTION_BINORMAL;
  if (g_str_equal (name, "separation-b"))
    return !data && lab_params_get_boolean (params, "compare");
  if (g_str_equal (name, "threshold"))
    return TRUE;
  if (g_str_equal (name, "target-recall"))
    return lab_params_get_enum (params, "goal") == LAB_ROC_GOAL_RECALL;
  if (g_str_equal (name, "cost-fp") || g_str_equal (name, "cost-fn"))
    return lab_params_get_enum (params, "goal") == LAB_ROC_GOAL_MIN_COST;
  return TRUE;
}

static void
lab_roc_params_class_init (LabRocParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_roc_params_is_relevant;

  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("Where the scores come from: a simulated classifier, or your CSV file"),
    LAB_TYPE_ROC_SOURCE, LAB_ROC_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "label-column", N_("Label column"),
    N_("Column holding the true class: 0/1, or text with positive-label naming the positive class"),
    "label", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "positive-label", N_("Positive label"),
    N_("Which value of the label column is the positive class (text or number); with several classes, "
       "the class whose curve and operating point are shown"),
    "1", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "score-column", N_("Score columns"),
    N_("Columns of classifier scores, higher meaning more likely positive; several (a,b,c) are compared; "
       "for a label with 3 or more classes, one column per class in the classes' sorted order"),
    "score", LAB_PARAM_COLUMNS, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "average", N_("Multi-class average"),
    N_("For a label with 3 to 20 classes and one score column per class: none shows each class against the rest "
       "(positive-label picks the headline class); ovr-macro, ovr-weighted: the classes' AUC and AP averaged "
       "equally or by class size; micro: one curve over every (sample, class) pair"),
    LAB_TYPE_ROC_AVERAGE, LAB_ROC_AVERAGE_MACRO, LAB_PARAM_VIEW, LAB_GROUP_DATA);
  lab_params_class_add_boolean (params_class, "skip-missing", N_("Skip rows with missing values"),
    N_("Leave out the rows where the label or a score column is missing (empty, NA…) instead of stopping at the first"),
    FALSE, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "distribution", N_("Score model"),
    N_("binormal: negatives N(0, 1), positives N(separation, sd-ratio²); "
       "beta: negatives Beta(2, 2+2·separation), positives Beta(2+2·separation, 2)"),
    LAB_TYPE_ROC_DISTRIBUTION, LAB_ROC_DISTRIBUTION_BINORMAL, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "separation", N_("Separation"),
    N_("How far apart the classes' scores are (0: a useless classifier)"),
    0.0, 5.0, 1.5, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "sd-ratio", N_("SD ratio"),
    N_("Standard deviation of the positives' scores relative to the negatives' (binormal)"),
    0.2, 5.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "positive-fraction", N_("Positive fraction"),
    N_("Share of positives among the samples: class imbalance"),
    0.001, 0.5, 0.3, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "n", N_("Samples"),
    N_("Number of simulated samples"),
    10, 10000000, 2000, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_boolean (params_class, "compare", N_("Compare a second model"),
    N_("Simulate a second classifier on the same samples, its scores correlated with the first (0.5 on the normal scale, for either score model), and test the AUC difference"),
    FALSE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "separation-b", N_("Separation of model B"),
    N_("Separation of the second simulated classifier"),
    0.0, 5.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_seed (params_class, N_("Seed of the random generator: the same seed gives the same samples"), LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "threshold", N_("Threshold"),
    N_("A sample is predicted positive when its score ≥ threshold"),
    -INFINITY, INFINITY, 0.75, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_enum (params_class, "goal", N_("Choose threshold by"),
    N_("manual: the threshold slider; recall: the highest threshold reaching target-recall; "
       "max-f1, max-youden: the best F1 or Youden's J; min-cost: the least FP·cost-fp + FN·cost-fn"),
    LAB_TYPE_ROC_GOAL, LAB_ROC_GOAL_MANUAL, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "target-recall", N_("Target recall"),
    N_("Recall (sensitivity) the threshold must reach, e.g. 0.9 for the notes' “90 % sensitivity”"),
    0.0, 1.0, 0.9, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "cost-fp", N_("Cost of a false positive"),
    N_("Cost of one false positive, for goal=min-cost"),
    0.01, 100.0, 1.0, LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "cost-fn", N_("Cost of a false negative"),
    N_("Cost of one false negative, for goal=min-cost"),
    0.01, 100.0, 1.0, LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
}

static void
lab_roc_params_init (LabRocParams *self)
{
}

static const LabPreset roc_presets[] = {
  { N_("Balanced, good model"), "separation=2 positive-fraction=0.5 n=2000 threshold=1",
    N_("Equal classes two standard deviations apart: the ROC bows to the top-left (AUC ≈ Φ(2/√2) = 0.92) and "
       "the PR curve stays high. At t = 1, halfway between the class means, FPR and 1 − TPR are both about 0.16.") },
  { N_("Rare positives"), "separation=2 positive-fraction=0.01 n=50000 threshold=1",
    N_("The same classifier with 1 % positives: the ROC curve and the AUC hardly move, but at t = 1 precision "
       "falls to about 5 % — nearly every alarm is false. Read the PR curve, not the ROC, when positives are rare.") },
  { N_("Threshold at 90 % recall"), "separation=1.5 positive-fraction=0.3 goal=recall target-recall=0.9",
    N_("The threshold slides down until 90 % of the positives are caught (the notes’ “90 % sensitivity”); "
       "read off the price: about 41 % of the negatives flagged and a precision near 0.48.") },
  { N_("Two models compared"), "separation=1.5 compare=true separation-b=1 n=2000",
    N_("Two classifiers scored on the same samples, their scores correlated: DeLong’s test of equal AUC uses "
       "that pairing, so its p-value is far smaller than the overlap of the two separate intervals suggests.") },
};


const LabTopic lab_topic_roc = {
  .id = "roc",
  .title = N_("ROC & precision–recall"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.2, §1.23",
  .summary = N_("One threshold drives the ROC curve, the precision–recall curve, the score distributions and the confusion matrix."),
  .params_get_type = lab_roc_params_get_type,
  .compute = roc_compute,
  .build = roc_build,
  .metrics = roc_metrics,
  .click = roc_click,
  .suggest_range = roc_suggest_range,
  .fit_view = roc_fit_view,
  .presets = roc_presets,
  .n_presets = G_N_ELEMENTS (roc_presets),
};
