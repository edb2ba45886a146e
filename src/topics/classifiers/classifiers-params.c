/* classifiers-params.c — the classifiers topic: parameters, presets, the topic
 * (notes §1.9, §1.10, §1.13, §1.14, §1.16, §1.21–1.22, §4.16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "classifiers-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (ClsSource, cls_source,
  G_DEFINE_ENUM_VALUE (CLS_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (CLS_SOURCE_DATA, "data"))

/* the values are LabSynthKind's, then imbalanced */
G_DEFINE_ENUM_TYPE (ClsDataset, cls_dataset,
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_MOONS, "moons"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_CIRCLES, "circles"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_BLOBS, "blobs"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_XOR, "xor"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_SPIRALS, "spirals"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_ANISOTROPIC, "anisotropic"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_UNEQUAL_VARIANCE, "unequal-variance"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_UNEQUAL_SIZE, "unequal-size"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_CORRELATED, "correlated"),
  G_DEFINE_ENUM_VALUE (CLS_DATASET_IMBALANCED, "imbalanced"))

G_DEFINE_ENUM_TYPE (ClsPenalty, cls_penalty,
  G_DEFINE_ENUM_VALUE (LAB_PENALTY_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_PENALTY_L2, "l2"),
  G_DEFINE_ENUM_VALUE (LAB_PENALTY_L1, "l1"))

G_DEFINE_ENUM_TYPE (ClsView, cls_view,
  G_DEFINE_ENUM_VALUE (CLS_VIEW_REGIONS, "regions"),
  G_DEFINE_ENUM_VALUE (CLS_VIEW_OVERLAY, "overlay"),
  G_DEFINE_ENUM_VALUE (CLS_VIEW_CALIBRATION, "calibration"),
  G_DEFINE_ENUM_VALUE (CLS_VIEW_PATHS, "coefficient-paths"),
  G_DEFINE_ENUM_VALUE (CLS_VIEW_LEARNING_CURVE, "learning-curve"),
  G_DEFINE_ENUM_VALUE (CLS_VIEW_LOSS, "loss"))

static const char * const model_nicks[CLS_N_MODELS] = { "logistic", "naive-bayes", "lda", "qda" };

const char *
cls_model_nick (ClsModel model)
{
  g_return_val_if_fail (model < CLS_N_MODELS, NULL);
  return model_nicks[model];
}

const char *
cls_model_title (ClsModel model)
{
  switch (model)
    {
    case CLS_MODEL_LOGISTIC: return _("Logistic regression");
    case CLS_MODEL_NAIVE_BAYES: return _("Gaussian naive Bayes");
    case CLS_MODEL_LDA: return _("LDA");
    case CLS_MODEL_QDA: return _("QDA");
    case CLS_N_MODELS:
    default:
      g_assert_not_reached ();
    }
}

guint
cls_parse_models (const char  *list,
                  GError     **error)
{
  return lab_params_parse_set ("models", "model", list, model_nicks, CLS_N_MODELS, error);
}

struct _LabClassifiersParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabClassifiersParams, lab_classifiers_params, LAB_TYPE_PARAMS)

static gboolean
dataset_has_classes (int dataset)
{
  return dataset == LAB_SYNTH_BLOBS || dataset == LAB_SYNTH_SPIRALS || dataset == LAB_SYNTH_ANISOTROPIC
         || dataset == LAB_SYNTH_UNEQUAL_VARIANCE || dataset == LAB_SYNTH_UNEQUAL_SIZE;
}

static gboolean
lab_classifiers_params_is_relevant (LabParams  *params,
                                    GParamSpec *pspec)
{
  const char *name = pspec->name;
  gboolean data = lab_params_get_enum (params, "source") == CLS_SOURCE_DATA;
  int dataset = lab_params_get_enum (params, "dataset");
  int view = lab_params_get_enum (params, "view");
  guint set = cls_parse_models (lab_params_get_string (params, "models"), NULL);
  gboolean logistic = (set & (1u << CLS_MODEL_LOGISTIC)) != 0 || view == CLS_VIEW_PATHS
                      || view == CLS_VIEW_LEARNING_CURVE;

  if (g_str_equal (name, "feature-columns") || g_str_equal (name, "label-column"))
    return data;
  if (g_str_equal (name, "dataset") || g_str_equal (name, "n") || g_str_equal (name, "noise"))
    return !data;
  if (g_str_equal (name, "classes"))
    return !data && dataset_has_classes (dataset);
  if (g_str_equal (name, "ratio"))
    return !data && dataset == CLS_DATASET_IMBALANCED;
  if (g_str_equal (name, "penalty") || g_str_equal (name, "degree"))
    return logistic;
  if (g_str_equal (name, "c"))
    return logistic && (lab_params_get_enum (params, "penalty") != LAB_PENALTY_NONE || view == CLS_VIEW_PATHS);
  if (g_str_equal (name, "var-smoothing"))
    return (set & (1u << CLS_MODEL_NAIVE_BAYES)) != 0 || view == CLS_VIEW_LEARNING_CURVE;
  if (g_str_equal (name, "reg-param"))
    return (set & (1u << CLS_MODEL_QDA)) != 0;
  if (g_str_equal (name, "show-contours") || g_str_equal (name, "show-ellipses"))
    return view == CLS_VIEW_REGIONS;
  if (g_str_equal (name, "show-test"))
    return view == CLS_VIEW_REGIONS || view == CLS_VIEW_OVERLAY;
  return TRUE;
}

static void
lab_classifiers_params_class_init (LabClassifiersParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_classifiers_params_is_relevant;

  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("Where the points come from: a generator, or columns of your CSV file"),
    cls_source_get_type (), CLS_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "dataset", N_("Dataset"),
    N_("moons, circles, blobs, xor, spirals, anisotropic, unequal-variance, unequal-size; "
       "correlated: two Gaussian classes with correlation 0.9 (naive Bayes counts the evidence twice); "
       "imbalanced: two blobs, class 0 ratio times as large as class 1"),
    cls_dataset_get_type (), LAB_SYNTH_MOONS, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "feature-columns", N_("Feature columns"),
    N_("Two or more numeric columns, separated by commas; the first two are plotted"),
    "x1,x2", LAB_PARAM_COLUMNS, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "label-column", N_("Label column"),
    N_("Column holding the class: integers or text, 2 to 10 distinct values"),
    "label", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "n", N_("Points"),
    N_("Number of generated points"),
    20, 100000, 400, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "classes", N_("Classes"),
    N_("Number of classes (blobs and their variants, spirals)"),
    2, LAB_POINTS_MAX_CLASSES, 3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "noise", N_("Noise"),
    N_("Standard deviation of the Gaussian noise (blobs: of each cluster)"),
    0.0, 5.0, 0.25, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "ratio", N_("Class ratio"),
    N_("imbalanced: class 0 has this many times the points of class 1"),
    1.0, 100.0, 10.0, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class, N_("Seed of the generator and of the train/test split"), LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "test-fraction", N_("Test fraction"),
    N_("Share of the rows held out for testing (0: train on every row)"),
    0.0, 0.9, 0.3, LAB_PARAM_NONE, LAB_GROUP_DATA);

  lab_params_class_add_string (params_class, "models", N_("Models"),
    N_("Which classifiers to fit, separated by commas: logistic, naive-bayes, lda, qda"),
    "logistic,naive-bayes,lda,qda", LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "penalty", N_("Penalty"),
    N_("Logistic regression: none (maximum likelihood), l2 (‖w‖²/2C) or l1 (‖w‖₁/C, which sets weights to exactly 0)"),
    cls_penalty_get_type (), LAB_PENALTY_L2, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "c", N_("C (inverse strength)"),
    N_("Logistic regression: the inverse penalty strength, as scikit-learn's C; small C, strong penalty"),
    1e-3, 1e3, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "degree", N_("Polynomial degree"),
    N_("Logistic regression: every monomial of the two plotted features up to this degree "
       "becomes a feature (standardised), so a linear model draws curved boundaries"),
    1, 6, 1, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "var-smoothing", N_("Variance smoothing"),
    N_("Naive Bayes: ε = var-smoothing × the largest feature variance is added to every variance (scikit-learn's default 1e-9)"),
    1e-12, 1.0, 1e-9, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "reg-param", N_("QDA regularisation"),
    N_("QDA: each class covariance becomes (1 − r)Σₖ + rI; 0 fits the raw covariances"),
    0.0, 1.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "view", N_("View"),
    N_("regions: each model's decision regions and probability contours; overlay: the boundaries on one plot; "
       "calibration: reliability diagram and Brier score; coefficient-paths: weights against C for L1 and L2; "
       "learning-curve: test error against training-set size, naive Bayes vs logistic regression; "
       "loss: logistic loss vs squared error of a sigmoid"),
    cls_view_get_type (), CLS_VIEW_REGIONS, LAB_PARAM_NONE, LAB_GROUP_VIEW);
  lab_params_class_add_boolean (params_class, "show-contours", N_("Probability contours"),
    N_("Draw the probability contours 0.1 … 0.9 (two classes) or pₖ = 0.5, 0.9 (more)"),
    TRUE, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_boolean (params_class, "show-ellipses", N_("Class Gaussians"),
    N_("Draw the generative models' class-conditional Gaussians as 1σ and 2σ ellipses"),
    TRUE, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_boolean (params_class, "show-test", N_("Show test points"),
    N_("Draw the held-out test points (hollow) beside the training points"),
    TRUE, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_classifiers_params_init (LabClassifiersParams *self)
{
}

static const LabPreset cls_presets[] = {
  { N_("Generative wins with little data"),
    "dataset=blobs classes=2 noise=1.6 n=4000 test-fraction=0.5 penalty=none var-smoothing=0.1 view=learning-curve",
    N_("Two round Gaussian classes, so naive Bayes’ assumptions hold. With 4 training rows its test error is 0.13 "
       "against logistic regression’s 0.20; from about 250 rows both sit at 0.064 (Ng & Jordan: the generative model "
       "reaches its asymptote sooner). Try dataset=anisotropic, the same points sheared: logistic regression (unpenalised, so blind to any linear map of the features) does exactly as before, naive Bayes levels off at 0.13.") },
  { N_("Correlated features fool naive Bayes"),
    "dataset=correlated n=600 models=naive-bayes,lda,logistic penalty=l2 c=1 view=regions",
    N_("Features correlated 0.9 within each class: naive Bayes draws axis-aligned ellipses and counts the same "
       "evidence twice. All three classify 99.4 % of the test rows, but naive Bayes’ test log loss is 0.26 against "
       "LDA’s 0.011 — its curved boundary and overconfident probabilities are the price of the independence assumption.") },
  { N_("L1 selects features"),
    "dataset=moons noise=0.25 n=400 degree=4 penalty=l1 c=0.3 models=logistic view=coefficient-paths",
    N_("Fourteen polynomial features of degree ≤ 4. Under L1 every weight is exactly 0 up to C = 0.01 and only 4 of "
       "the 14 are non-zero at C = 0.3; under L2 all 14 are non-zero at every C, only smaller. Click the paths to "
       "move C.") },
  { N_("Polynomial features bend the boundary"),
    "dataset=circles noise=0.1 n=400 degree=2 penalty=l2 c=10 models=logistic,lda,qda view=regions",
    N_("A circle inside a circle. With the squares of the features (degree 2) logistic regression draws an ellipse "
       "and classifies every test row; LDA, linear in the raw features, is at chance (0.53); QDA gets the curve from "
       "the two classes’ different covariances (0.99).") },
  { N_("MSE on a sigmoid is not convex"),
    "dataset=blobs classes=2 noise=2.5 n=400 view=loss",
    N_("For a positive example the squared error (1 − σ(z))² is concave for z < −ln 2 and its gradient there is "
       "tiny (0.035 at z = −4, where the logistic loss’s is 0.98). Over two weights its surface has a flat plateau "
       "where the weights point the wrong way; the logistic loss is one convex basin.") },
  { N_("Perfect separation: no maximum likelihood"),
    "dataset=blobs classes=2 noise=0.3 n=100 models=logistic penalty=none view=regions",
    N_("Two blobs far apart: without a penalty the likelihood keeps rising as the weights grow, so no maximum "
       "exists. Newton stops after 22 steps at w₁ ≈ 26 with a training log loss of 10⁻¹⁰ and reports "
       "separable = true; penalty=l2 gives a finite optimum (w₁ ≈ 3.1) in 6 steps.") },
  { N_("Naive Bayes is overconfident: reliability"),
    "dataset=correlated n=10000 models=naive-bayes,lda,logistic view=calibration",
    N_("The correlated classes again, on 3000 test rows. LDA and logistic regression lie on the diagonal "
       "(expected calibration error 0.003 and 0.009); naive Bayes’ probabilities are too extreme (ECE 0.20, "
       "Brier 0.048 against LDA’s 0.002).") },
  { N_("Imbalanced classes shift the boundary"),
    "dataset=imbalanced ratio=20 noise=1.5 n=2000 models=logistic,lda,qda view=overlay",
    N_("Class 0 has 20 times the rows of class 1 (priors 0.95 and 0.05). The generative models add log(π₁/π₀) ≈ −2.9 "
       "to the log-odds, so their boundaries move towards the small class; accuracy (0.98) hides how many of "
       "the rare rows are missed.") },
};

const LabTopic lab_topic_classifiers = {
  .id = "classifiers",
  .title = N_("Logistic regression, naive Bayes, LDA, QDA"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.9, §1.10, §1.13, §1.14, §1.16, §1.21–1.22, §4.16",
  .summary = N_("A discriminative and three generative classifiers on the same points: decision regions, calibration, "
                "L1 paths, learning curves and why logistic regression minimises cross-entropy, not squared error."),
  .params_get_type = lab_classifiers_params_get_type,
  .compute = cls_compute,
  .build = cls_build,
  .metrics = cls_metrics,
  .click = cls_click,
  .presets = cls_presets,
  .n_presets = G_N_ELEMENTS (cls_presets),
};
