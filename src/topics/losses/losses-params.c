/* losses-params.c — the losses topic: parameters, presets, the topic (notes §1.6, §1.27, §4.16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "losses-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabLossesSource, lab_losses_source,
  G_DEFINE_ENUM_VALUE (LAB_LOSSES_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (LAB_LOSSES_SOURCE_DATA, "data"))

/* the engine's generators, spelled as lab_synth_kind_to_string() spells them */
GType
lab_losses_dataset_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static GEnumValue values[LAB_N_SYNTH + 1];
      GType type;

      for (guint k = 0; k < LAB_N_SYNTH; k++)
        {
          values[k].value = (int) k;
          values[k].value_name = lab_synth_kind_to_string (k);
          values[k].value_nick = lab_synth_kind_to_string (k);
        }
      type = g_enum_register_static (g_intern_static_string ("LabLossesDataset"), values);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

struct _LabLossesParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabLossesParams, lab_losses_params, LAB_TYPE_PARAMS)

static gboolean
lab_losses_params_is_relevant (LabParams  *params,
                               GParamSpec *pspec)
{
  gboolean data = lab_params_get_enum (params, "source") == LAB_LOSSES_SOURCE_DATA;
  const char *name = pspec->name;

  if (g_str_equal (name, "feature-columns") || g_str_equal (name, "label-column"))
    return data;
  if (g_str_equal (name, "dataset") || g_str_equal (name, "n") || g_str_equal (name, "noise")
      || g_str_equal (name, "ratio") || g_str_equal (name, "seed"))
    return !data;
  return TRUE;
}

static void
lab_losses_params_class_init (LabLossesParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_losses_params_is_relevant;

  /* data */
  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("Where the training points come from: a generator with a class ratio, or your CSV file"),
    LAB_TYPE_LOSSES_SOURCE, LAB_LOSSES_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "feature-columns", N_("Feature columns"),
    N_("The two numeric columns the model reads (x,y)"),
    "x1,x2", LAB_PARAM_COLUMNS, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "label-column", N_("Label column"),
    N_("Column holding the class: integers or text, 2–10 classes"),
    "label", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "dataset", N_("Generator"),
    N_("The shape of the synthetic classes (blobs, spirals and their variants take classes)"),
    LAB_TYPE_LOSSES_DATASET, LAB_SYNTH_MOONS, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "n", N_("Points"),
    N_("Number of generated points"),
    20, 20000, 600, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "noise", N_("Noise"),
    N_("Standard deviation of the generator's Gaussian noise"),
    0.0, 3.0, 0.3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "ratio", N_("Majority : minority"),
    N_("Class imbalance of the generated points: class 0 has ratio times as many points as class 1 "
       "(more classes: a long tail, class c ∝ ratio^(−c/(K−1)))"),
    1.0, 1000.0, 20.0, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "classes", N_("Classes"),
    N_("Number of classes: of the multi-class generators, and of the balanced-softmax view"),
    3, 10, 4, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "test-fraction", N_("Test fraction"),
    N_("Share of the points held out to score the trained models (0: score on the training points)"),
    0.0, 0.9, 0.3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class, N_("Seed of the generator and of the train/test split"), LAB_GROUP_DATA);

  /* model: the losses' own parameters and the training */
  lab_params_class_add_double (params_class, "alpha", N_("α (positive weight)"),
    N_("Weighted CE and focal loss: the weight of the positive (minority) class; negatives get 1 − α"),
    0.01, 0.99, 0.75, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "gamma", N_("γ (focal)"),
    N_("Focal loss: the modulating factor (1 − p_t)^γ; 0 gives (weighted) cross-entropy"),
    0.0, 5.0, 2.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "gamma-pos", N_("γ₊ (ASL)"),
    N_("Asymmetric loss: focusing exponent of the positives"),
    0.0, 5.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "gamma-neg", N_("γ₋ (ASL)"),
    N_("Asymmetric loss: focusing exponent of the negatives"),
    0.0, 8.0, 4.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "clip", N_("Margin m (ASL)"),
    N_("Asymmetric loss: probability margin; a negative's p is shifted to max(p − m, 0)"),
    0.0, 0.5, 0.05, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "learning-rate", N_("Learning rate"),
    N_("Step size of the full-batch gradient descent (features standardised)"),
    0.01, 10.0, 2.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "steps", N_("Steps"),
    N_("Full-batch gradient-descent steps per model, from zero weights"),
    1, 5000, 100, LAB_PARAM_LOG, LAB_GROUP_MODEL);

  /* view */
  lab_params_class_add_double (params_class, "p", N_("p (true class)"),
    N_("The probability the model gives the true class: marked on the curves; the node's p for H(p, q)"),
    0.001, 0.999, 0.9, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "negatives", N_("Easy negatives"),
    N_("How many easy negatives in the loss-share view"),
    1, 1000000, 1000, LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "positives", N_("Hard positives"),
    N_("How many hard positives in the loss-share view"),
    1, 1000000, 10, LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "easy-p", N_("Easy negatives' p"),
    N_("The positive-class probability the model gives each easy negative"),
    0.001, 0.999, 0.05, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "hard-p", N_("Hard positives' p"),
    N_("The positive-class probability the model gives each hard positive"),
    0.001, 0.999, 0.3, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_double (params_class, "imbalance", N_("Long-tail imbalance"),
    N_("Balanced-softmax view: the head class has imbalance times the tail class's count, "
       "the classes between on a geometric tail"),
    1.0, 10000.0, 100.0, LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
}

static void
lab_losses_params_init (LabLossesParams *self)
{
}

static const LabPreset losses_presets[] = {
  { N_("Focal vs CE at γ = 2"), "gamma=2 alpha=0.25 p=0.9",
    N_("At p = 0.9 the focal loss is α(1 − p)² = 1/400 of cross-entropy, and the easy negatives’ share of the "
       "total loss falls from 81 % under CE to 6 %: the gradient goes to the hard examples.") },
  { N_("ASL suppresses easy negatives"),
    "gamma-pos=0 gamma-neg=4 clip=0.05 negatives=10000 positives=10 easy-p=0.05 hard-p=0.3 p=0.97",
    N_("10,000 easy negatives against 10 hard positives: under CE the negatives carry 98 % of the loss; ASL’s "
       "margin of 0.05 discards them (0 %), and its trained model finds 9 of the 10 minority test points where "
       "CE finds 4 — at a lower precision.") },
  { N_("Long-tail classes with balanced softmax"), "dataset=blobs classes=5 ratio=50 noise=1.2 n=1500 imbalance=100",
    N_("Five classes on a 1:100 tail: plain CE never predicts the rarest class (recall 0). Balanced softmax adds "
       "log n_c to each logit while training, so the tail is predicted again (recall 0.86, at low "
       "precision); the per-class thresholds show the shift.") },
  { N_("Re-weighting moves the boundary"), "ratio=50 alpha=0.95 n=1500 noise=0.35",
    N_("At 50:1, CE’s boundary gives the minority up (recall 0); weighting its errors by α = 0.95 moves the "
       "boundary into the majority: recall 0.88 at precision 0.12 — the trade that weights buy.") },
};


const LabTopic lab_topic_losses = {
  .id = "losses",
  .title = N_("Losses for imbalanced classes"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.6, §1.27, §4.16",
  .summary = N_("Cross-entropy, weighted CE, focal, asymmetric and balanced-softmax losses: their curves and gradients, "
                "who dominates the loss, and what each does to a model trained on imbalanced data."),
  .params_get_type = lab_losses_params_get_type,
  .compute = losses_compute,
  .build = losses_build,
  .metrics = losses_metrics,
  .presets = losses_presets,
  .n_presets = G_N_ELEMENTS (losses_presets),
};
