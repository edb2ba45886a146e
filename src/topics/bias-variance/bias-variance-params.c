/* bias-variance-params.c — the bias-variance topic: parameters, presets, the topic (notes §1.1, §1.3, §1.4, §1.11, §1.16–1.17, §1.24)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bias-variance-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabBvSource, lab_bv_source,
  G_DEFINE_ENUM_VALUE (LAB_BV_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (LAB_BV_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (LabBvTruth, lab_bv_truth,
  G_DEFINE_ENUM_VALUE (LAB_BV_TRUTH_SIN, "sin"),
  G_DEFINE_ENUM_VALUE (LAB_BV_TRUTH_CUBIC, "cubic"),
  G_DEFINE_ENUM_VALUE (LAB_BV_TRUTH_STEP, "step"),
  G_DEFINE_ENUM_VALUE (LAB_BV_TRUTH_RUNGE, "runge"))

G_DEFINE_ENUM_TYPE (LabBvDesign, lab_bv_design,
  G_DEFINE_ENUM_VALUE (LAB_BV_DESIGN_RANDOM, "random"),
  G_DEFINE_ENUM_VALUE (LAB_BV_DESIGN_FIXED, "fixed"))

G_DEFINE_ENUM_TYPE (LabBvCvCombine, lab_bv_cv_combine,
  G_DEFINE_ENUM_VALUE (LAB_BV_CV_POOLED, "pooled"),
  G_DEFINE_ENUM_VALUE (LAB_BV_CV_MEAN, "mean"))

G_DEFINE_ENUM_TYPE (LabBvModel, lab_bv_model,
  G_DEFINE_ENUM_VALUE (LAB_BV_MODEL_POLY, "poly"),
  G_DEFINE_ENUM_VALUE (LAB_BV_MODEL_RIDGE, "ridge"),
  G_DEFINE_ENUM_VALUE (LAB_BV_MODEL_LASSO, "lasso"),
  G_DEFINE_ENUM_VALUE (LAB_BV_MODEL_KNN, "knn"),
  G_DEFINE_ENUM_VALUE (LAB_BV_MODEL_TREE, "tree"),
  G_DEFINE_ENUM_VALUE (LAB_BV_MODEL_BAGGING, "bagging"))

struct _LabBiasVarianceParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabBiasVarianceParams, lab_bias_variance_params, LAB_TYPE_PARAMS)

static gboolean
lab_bias_variance_params_is_relevant (LabParams  *params,
                                      GParamSpec *pspec)
{
  gboolean data = lab_params_get_enum (params, "source") == LAB_BV_SOURCE_DATA;
  LabBvModel model = lab_params_get_enum (params, "model");
  const char *name = pspec->name;

  if (g_str_equal (name, "x-column") || g_str_equal (name, "y-column") || g_str_equal (name, "folds")
      || g_str_equal (name, "skip-missing") || g_str_equal (name, "cv-combine"))
    return data;
  if (g_str_equal (name, "truth") || g_str_equal (name, "noise") || g_str_equal (name, "n-train")
      || g_str_equal (name, "design") || g_str_equal (name, "trials")
      || g_str_equal (name, "fits-shown") || g_str_equal (name, "show-band"))
    return !data;
  if (g_str_equal (name, "seed"))
    return !data || model == LAB_BV_MODEL_BAGGING;
  if (g_str_equal (name, "degree"))
    return model == LAB_BV_MODEL_POLY || model == LAB_BV_MODEL_RIDGE || model == LAB_BV_MODEL_LASSO;
  if (g_str_equal (name, "double-descent"))
    return !data && model == LAB_BV_MODEL_POLY;
  if (g_str_equal (name, "lambda"))
    return model == LAB_BV_MODEL_RIDGE || model == LAB_BV_MODEL_LASSO;
  if (g_str_equal (name, "k"))
    return model == LAB_BV_MODEL_KNN;
  if (g_str_equal (name, "depth"))
    return model == LAB_BV_MODEL_TREE || model == LAB_BV_MODEL_BAGGING;
  if (g_str_equal (name, "models"))
    return model == LAB_BV_MODEL_BAGGING;
  return TRUE;
}

static void
lab_bias_variance_params_class_init (LabBiasVarianceParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_bias_variance_params_is_relevant;

  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("synthetic: many training sets drawn from a known truth; data: the model fitted to two columns of your CSV file, "
       "cross-validated at every complexity"),
    LAB_TYPE_BV_SOURCE, LAB_BV_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "x-column", N_("x column"),
    N_("Column of the input x"),
    "x", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "y-column", N_("y column"),
    N_("Column of the response y"),
    "y", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_boolean (params_class, "skip-missing", N_("Skip rows with missing values"),
    N_("Leave out the rows where x or y is missing (empty, NA…) instead of stopping at the first"),
    FALSE, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "truth", N_("Truth"),
    N_("The true function f on [−1, 1]: sin(πx), the cubic 4x³ − 3x, a step at 0 (−1 | +1), "
       "or Runge's 1/(1 + 25x²)"),
    LAB_TYPE_BV_TRUTH, LAB_BV_TRUTH_SIN, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "noise", N_("Noise σ"),
    N_("Standard deviation of the Gaussian noise ε in y = f(x) + ε; σ² is the irreducible error"),
    0.0, 2.0, 0.3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "n-train", N_("Training points"),
    N_("Points in each training set"),
    5, 2000, 30, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "design", N_("Inputs"),
    N_("random: each training set draws its x uniformly on [−1, 1]; fixed: the same equally spaced x "
       "every time, only the noise changes"),
    LAB_TYPE_BV_DESIGN, LAB_BV_DESIGN_RANDOM, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "trials", N_("Training sets"),
    N_("How many independent training sets are drawn and fitted (the Monte Carlo sample)"),
    2, 2000, 200, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class, N_("Seed of the random generator: the same seed gives the same training sets"), LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "model", N_("Model"),
    N_("poly: least-squares polynomial; ridge, lasso: L2- or L1-penalised polynomial of the same "
       "degree on standardised features; knn: k nearest neighbours; tree: a regression tree; "
       "bagging: the average of trees grown on bootstrap resamples"),
    LAB_TYPE_BV_MODEL, LAB_BV_MODEL_POLY, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "degree", N_("Degree"),
    N_("Degree of the polynomial (for ridge and lasso: the features x, x², …, x^degree)"),
    0, MAX_DEGREE, 3, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_boolean (params_class, "double-descent", N_("Past the interpolation point"),
    N_("Extend the sweep of degrees to 3 × n-train (at most 100): beyond degree n − 1 the "
       "polynomial interpolates, and the lab takes the minimum-norm interpolant in orthonormal "
       "Legendre features — watch the test error fall again (“double descent”, clearest with a "
       "fixed design)"),
    FALSE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "lambda", N_("Penalty λ"),
    N_("Strength of the penalty: ridge adds (λ/2)‖w‖², lasso λ‖w‖₁ to the loss (1/2n)‖y − b − Zw‖²"),
    LAMBDA_MIN, LAMBDA_MAX, 1e-3, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "k", N_("Neighbours k"),
    N_("kNN predicts the mean y of the k training points nearest to x"),
    1, 200, 5, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "depth", N_("Tree depth"),
    N_("Greatest depth of the regression tree (up to 2^depth leaves, each predicting the mean of its points)"),
    0, MAX_DEPTH, 3, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "models", N_("Bagged trees"),
    N_("Number of trees, each grown on a bootstrap resample (n draws with replacement), whose "
       "predictions are averaged"),
    1, 200, 30, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "folds", N_("Cross-validation folds"),
    N_("k-fold cross-validation of every degree: row i is held out in fold i mod folds"),
    2, 20, 5, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "cv-combine", N_("Combine folds"),
    N_("pooled: the squared errors of all held-out rows summed, over n; mean: the mean of the folds' "
       "mean squared errors, as scikit-learn's cross_val_score(…, scoring=\"neg_mean_squared_error\").mean() "
       "(the two differ when the folds differ in size)"),
    LAB_TYPE_BV_CV_COMBINE, LAB_BV_CV_POOLED, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "fits-shown", N_("Fits drawn"),
    N_("How many training sets’ fits to draw, thin and translucent (every training set enters "
       "the mean, the band and the errors; each fit drawn adds to the time of a frame)"),
    0, 2000, 20, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_boolean (params_class, "show-band", N_("Show ±1 sd band"),
    N_("Shade the mean fit ± one standard deviation across training sets"),
    TRUE, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_bias_variance_params_init (LabBiasVarianceParams *self)
{
}

static const LabPreset bv_presets[] = {
  { N_("Underfit"), "model=poly degree=1",
    N_("A straight line cannot follow sin(πx): bias² dominates, training and test error are both high, and "
       "more training points would not help.") },
  { N_("Sweet spot"), "model=poly degree=3",
    N_("Degree 3 sits at the bottom of the U: bias² and variance are both small and the test error is close "
       "to the noise floor σ².") },
  { N_("Overfit"), "model=poly degree=15",
    N_("Degree 15 on 30 random inputs: each fit chases its own noise and swings wildly where points are sparse, "
       "so the variance explodes while bias² stays small and the training error keeps falling. Set design = "
       "fixed for the textbook-sized picture.") },
  { N_("Ridge tames degree 15"), "model=ridge degree=15 lambda=0.03",
    N_("The same degree-15 features with an L2 penalty: the variance collapses for a little bias. Click the "
       "sweep to move λ and find the bottom of the U.") },
  { N_("Lasso zeros weights"), "model=lasso degree=10 lambda=0.01",
    N_("An L1 penalty sets several of the ten weights exactly to 0 (the coefficient paths and the zero count): "
       "the lasso selects features, where ridge only shrinks them.") },
  { N_("Bagging reduces variance"), "model=bagging depth=8 models=50",
    N_("Fifty bootstrap trees of depth 8 averaged: the variance falls well below one tree’s (dotted), towards "
       "ρv, while the bias stays that of one tree.") },
  { N_("Double descent"), "model=poly design=fixed n-train=20 double-descent=true degree=19",
    N_("Twenty fixed inputs: the test error peaks at degree 19, where the only interpolant swings wildly, and "
       "falls again past it as the minimum-norm interpolant smooths out — to about 0.17, not below the classical "
       "best of 0.11 at degree 3, and it rises again beyond degree 40.") },
};


const LabTopic lab_topic_bias_variance = {
  .id = "bias-variance",
  .title = N_("Bias, variance & regularisation"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.1, §1.3, §1.4, §1.11, §1.16, §1.17, §1.24",
  .summary = N_("Fit many training sets and watch bias² + variance + noise make the U-shaped test error; "
                "ridge, lasso and bagging trade one for the other."),
  .params_get_type = lab_bias_variance_params_get_type,
  .compute = bv_compute,
  .build = bv_build,
  .metrics = bv_metrics,
  .click = bv_click,
  .suggest_range = bv_suggest_range,
  .presets = bv_presets,
  .n_presets = G_N_ELEMENTS (bv_presets),
};
