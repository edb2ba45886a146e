/* pca-params.c — the PCA topic: parameters, presets, the topic (notes §1.25, §1.28, §4.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pca-private.h"

G_DEFINE_ENUM_TYPE (PcaSource, lab_pca_source,
  G_DEFINE_ENUM_VALUE (PCA_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (PCA_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (PcaDataset, lab_pca_dataset,
  G_DEFINE_ENUM_VALUE (PCA_DATASET_CORRELATED_2D, "correlated-2d"),
  G_DEFINE_ENUM_VALUE (PCA_DATASET_CORRELATED_3D, "correlated-3d"),
  G_DEFINE_ENUM_VALUE (PCA_DATASET_SWISS_ROLL, "swiss-roll"),
  G_DEFINE_ENUM_VALUE (PCA_DATASET_MIXED_UNITS, "mixed-units"),
  G_DEFINE_ENUM_VALUE (PCA_DATASET_DEPENDENT, "dependent"))

struct _LabPcaParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabPcaParams, lab_pca_params, LAB_TYPE_PARAMS)

static gboolean
lab_pca_params_is_relevant (LabParams  *params,
                            GParamSpec *pspec)
{
  gboolean data = lab_params_get_enum (params, "source") == PCA_SOURCE_DATA;

  if (g_str_equal (pspec->name, "columns"))
    return data;
  if (g_str_equal (pspec->name, "dataset") || g_str_equal (pspec->name, "n") || g_str_equal (pspec->name, "noise"))
    return !data;
  return TRUE;
}

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
lab_pca_params_class_init (LabPcaParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_pca_params_is_relevant;

  lab_params_class_install (params_class,
    g_param_spec_enum ("source", N_("Source"),
                       N_("synthetic: a generated table; data: numeric columns of your CSV file"),
                       lab_pca_source_get_type (), PCA_SOURCE_SYNTHETIC, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_enum ("dataset", N_("Data set"),
                       N_("correlated-2d: an elongated Gaussian cloud; correlated-3d: a flattened ellipsoid; "
                          "swiss-roll: a rolled-up sheet (a curved manifold PCA cannot unroll); mixed-units: "
                          "height (cm), weight (kg), age (years), income ($); dependent: four columns, the last "
                          "= first + 2 × second"),
                       lab_pca_dataset_get_type (), PCA_DATASET_CORRELATED_2D, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("n", N_("Rows"),
                      N_("Number of generated rows"),
                      10, 200000, 500, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_double ("noise", N_("Added noise"),
                         N_("Independent Gaussian noise added to every generated cell, as a fraction of its column's "
                            "standard deviation: a little turns the dependent column's zero eigenvalue into a small "
                            "one, and the rank back to full"),
                         0.0, 1.0, 0.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("seed", N_("Seed"),
                      N_("Seed of the generated rows and of the power iteration's random start"),
                      0, G_MAXINT, 1, FLAGS),
    LAB_PARAM_SEED, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_string ("columns", N_("Columns"),
                         N_("Numeric columns to analyse, separated by commas; empty: every numeric column"),
                         "", FLAGS),
    /* not LAB_PARAM_COLUMNS: its guess on loading a file names one column, and an empty
     * value (every numeric column, the natural start for PCA) could not be written back */
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_boolean ("standardize", N_("Standardize"),
                          N_("Analyse the correlation matrix (every column scaled to standard deviation 1) instead "
                             "of the covariance matrix"),
                          FALSE, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("x-feature", N_("Scatter x"),
                      N_("The column on the scatter plot's x axis (1 = the first analysed column)"),
                      1, PCA_MAX_COLUMNS, 1, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_int ("y-feature", N_("Scatter y"),
                      N_("The column on the scatter plot's y axis"),
                      1, PCA_MAX_COLUMNS, 2, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_int ("power-step", N_("Power-iteration step"),
                      N_("Show the power iteration v ← Av/‖Av‖ after this many steps: the vector (on the scatter) "
                         "and its Rayleigh quotient vᵀAv converging to λ₁"),
                      0, PCA_POWER_STEPS, 0, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_pca_params_init (LabPcaParams *self)
{
}

static const LabPreset pca_presets[] = {
  { N_("An elongated cloud: PC1 along its length"),
    "dataset=correlated-2d n=500",
    N_("Two correlated columns: the first eigenvector points along the cloud and carries 93 % of the "
       "variance; the arrows are scaled by √λ, the covariance ellipse’s half-axes.") },
  { N_("A flat ellipsoid: two components carry almost all"),
    "dataset=correlated-3d n=800 x-feature=1 y-feature=3",
    N_("Three columns that lie close to a plane: two components explain 99.6 % (the scree drops after the "
       "second), so projecting on PC1–PC2 loses almost nothing.") },
  { N_("Different units: covariance follows the dollars"),
    "dataset=mixed-units n=600 standardize=false x-feature=1 y-feature=4",
    N_("One column in large units: the covariance’s first component is that column alone and “explains” "
       "100 % — a fact about units, not structure.") },
  { N_("Different units, standardized: correlation"),
    "dataset=mixed-units n=600 standardize=true x-feature=1 y-feature=4",
    N_("The same data standardised: PCA of the correlation matrix gives every column unit variance, and the "
       "real structure appears — two correlated columns share PC1 (43 %).") },
  { N_("A dependent column: rank 3 of 4"),
    "dataset=dependent n=400",
    N_("The fourth column is a combination of the others: one eigenvalue is 0 to rounding, and the numerical "
       "rank (eigenvalues above the tolerance shown) is 3 — the columns are linearly dependent.") },
  { N_("Nearly dependent: full rank, one tiny eigenvalue"),
    "dataset=dependent n=400 noise=0.001",
    N_("A little noise on the dependent column: the rank is 4 again, but one eigenvalue is tiny — the data are "
       "still nearly three-dimensional, which the rank alone does not say.") },
  { N_("Swiss roll: a curved sheet is not a linear subspace"),
    "dataset=swiss-roll n=1500 x-feature=1 y-feature=3",
    N_("A rolled-up two-dimensional sheet: the variance spreads over all three components (39, 32, 28 %), "
       "because PCA finds flat subspaces only.") },
  { N_("Power iteration, step by step"),
    "dataset=correlated-2d n=500 power-step=2",
    N_("Multiply a vector by the covariance again and again: it turns towards the first eigenvector, and its "
       "Rayleigh quotient vᵀAv/vᵀv reaches λ₁ = 3.52 to four digits after two steps, at a rate λ₂/λ₁.") },
};


const LabTopic lab_topic_pca = {
  .id = "pca",
  .title = N_("PCA: eigenvectors of the covariance"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.25, §1.28, §4.2",
  .summary = N_("Principal components as the eigenvectors of the covariance (or correlation) matrix: axes, "
                "scree, projection, reconstruction, power iteration and rank."),
  .params_get_type = lab_pca_params_get_type,
  .compute = pca_compute,
  .build = pca_build,
  .metrics = pca_metrics,
  .suggest_range = pca_suggest_range,
  .presets = pca_presets,
  .n_presets = G_N_ELEMENTS (pca_presets),
};
