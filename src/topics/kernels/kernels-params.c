/* kernels-params.c — the kernels topic: parameters, presets, the topic
 * (notes §4.18 kernel methods, §1.16 margins and regularisation)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kernels-private.h"

G_DEFINE_ENUM_TYPE (KrnSource, krn_source,
  G_DEFINE_ENUM_VALUE (KRN_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (KRN_SOURCE_DATA, "data"))

/* the two-class generators of lab-points */
G_DEFINE_ENUM_TYPE (KrnDataset, krn_dataset,
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_CIRCLES, "circles"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_MOONS, "moons"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_XOR, "xor"),
  G_DEFINE_ENUM_VALUE (LAB_SYNTH_BLOBS, "blobs"))

G_DEFINE_ENUM_TYPE (KrnKernel, krn_kernel,
  G_DEFINE_ENUM_VALUE (LAB_KERNEL_LINEAR, "linear"),
  G_DEFINE_ENUM_VALUE (LAB_KERNEL_POLY, "poly"),
  G_DEFINE_ENUM_VALUE (LAB_KERNEL_RBF, "rbf"),
  G_DEFINE_ENUM_VALUE (LAB_KERNEL_SIGMOID, "sigmoid"))

G_DEFINE_ENUM_TYPE (KrnView, krn_view,
  G_DEFINE_ENUM_VALUE (KRN_VIEW_REGIONS, "regions"),
  G_DEFINE_ENUM_VALUE (KRN_VIEW_C_SWEEP, "c-sweep"),
  G_DEFINE_ENUM_VALUE (KRN_VIEW_GAMMA_SWEEP, "gamma-sweep"),
  G_DEFINE_ENUM_VALUE (KRN_VIEW_LIFT, "lift"),
  G_DEFINE_ENUM_VALUE (KRN_VIEW_GRAM, "gram"),
  G_DEFINE_ENUM_VALUE (KRN_VIEW_KERNEL_RIDGE, "kernel-ridge"))

const char *
krn_kernel_nick (LabKernelKind kind)
{
  static const char * const nicks[] = { "linear", "poly", "rbf", "sigmoid" };

  g_return_val_if_fail (kind <= LAB_KERNEL_SIGMOID, NULL);
  return nicks[kind];
}

gboolean
krn_parse_gamma (const char  *spec,
                 gboolean    *scale,
                 gboolean    *autog,
                 double      *value,
                 GError     **error)
{
  g_autofree char *s = g_strstrip (g_strdup (spec != NULL ? spec : ""));
  char *end = NULL;
  double v;

  *scale = *autog = FALSE;
  *value = NAN;
  if (g_ascii_strcasecmp (s, "scale") == 0)
    {
      *scale = TRUE;
      return TRUE;
    }
  if (g_ascii_strcasecmp (s, "auto") == 0)
    {
      *autog = TRUE;
      return TRUE;
    }
  v = g_ascii_strtod (s, &end);
  if (s[0] == '\0' || end == NULL || *end != '\0' || !isfinite (v) || v <= 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("gamma: “%s” is not allowed: give scale (1 / (d · Var X) for d features, as scikit-learn), "
                     "auto (1/d) or a number greater than 0"), s);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

gboolean
krn_parse_added (const char  *spec,
                 GArray      *xy,
                 GArray      *cls,
                 GError     **error)
{
  g_auto(GStrv) items = g_strsplit (spec != NULL ? spec : "", ";", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      double v[3];
      guint n;

      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      f = g_strsplit (items[i], ",", -1);
      n = g_strv_length (f);
      for (guint j = 0; j < MIN (n, 3); j++)
        {
          char *end = NULL;

          g_strstrip (f[j]);
          v[j] = g_ascii_strtod (f[j], &end);
          if (f[j][0] == '\0' || *end != '\0' || !isfinite (v[j]))
            n = 0;
        }
      if (n != 3 || (v[2] != 0 && v[2] != 1))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("added-points: “%s” is not x,y,class with numbers x, y and class 0 or 1 "
                         "(points separated by semicolons)"), items[i]);
          return FALSE;
        }
      g_array_append_vals (xy, v, 2);
      {
        guint c = (guint) v[2];

        g_array_append_val (cls, c);
      }
    }
  return TRUE;
}

struct _LabKernelsParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabKernelsParams, lab_kernels_params, LAB_TYPE_PARAMS)

static gboolean
lab_kernels_params_is_relevant (LabParams  *params,
                                GParamSpec *pspec)
{
  const char *name = pspec->name;
  gboolean data = lab_params_get_enum (params, "source") == KRN_SOURCE_DATA;
  int kernel = lab_params_get_enum (params, "kernel");
  int view = lab_params_get_enum (params, "view");

  gboolean krr = view == KRN_VIEW_KERNEL_RIDGE;

  if (g_str_equal (name, "feature-columns"))
    return data;
  if (g_str_equal (name, "label-column"))
    return data && !krr;
  if (g_str_equal (name, "lambda"))
    return krr;
  if (g_str_equal (name, "c"))
    return !krr;
  if (g_str_equal (name, "dataset"))
    return !data && !krr;
  if (g_str_equal (name, "n") || g_str_equal (name, "noise"))
    return !data;
  if (g_str_equal (name, "gamma"))
    return kernel != LAB_KERNEL_LINEAR || view == KRN_VIEW_GAMMA_SWEEP || view == KRN_VIEW_LIFT;
  if (g_str_equal (name, "degree"))
    return kernel == LAB_KERNEL_POLY;
  if (g_str_equal (name, "coef0"))
    return kernel == LAB_KERNEL_POLY || kernel == LAB_KERNEL_SIGMOID;
  if (g_str_equal (name, "added-points") || g_str_equal (name, "click-class"))
    return !krr;
  if (g_str_equal (name, "show-support-vectors"))
    return view != KRN_VIEW_GRAM && !krr;
  if (g_str_equal (name, "show-test"))
    return view != KRN_VIEW_GRAM;
  return TRUE;
}

static void
lab_kernels_params_class_init (LabKernelsParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_kernels_params_is_relevant;

  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("Where the points come from: a generator, or two columns and a two-class label of your CSV file"),
    krn_source_get_type (), KRN_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "dataset", N_("Dataset"),
    N_("circles (a circle inside a circle), moons, xor, or two blobs"),
    krn_dataset_get_type (), LAB_SYNTH_CIRCLES, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "feature-columns", N_("Feature columns"),
    N_("Two numeric columns, separated by a comma: the SVM's two features, or x and y for kernel ridge"),
    "x1,x2", LAB_PARAM_COLUMNS, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "label-column", N_("Label column"),
    N_("Column holding the class: two distinct values, 0/1 or text (sorted, as scikit-learn: the second is class 1)"),
    "label", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "n", N_("Points"),
    N_("Number of generated points"),
    20, 20000, 200, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "noise", N_("Noise"),
    N_("Standard deviation of the Gaussian noise (blobs: of each cluster)"),
    0.0, 2.0, 0.1, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class, N_("Seed of the generator and of the train/test split"), LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "test-fraction", N_("Test fraction"),
    N_("Share of the rows held out for testing (0: train on every row)"),
    0.0, 0.9, 0.3, LAB_PARAM_NONE, LAB_GROUP_DATA);

  lab_params_class_add_string (params_class, "added-points", N_("Added points"),
    N_("Training points added by clicking on the regions plot, as in LIBSVM's svm-toy: x,y,class separated by "
       "semicolons (class 0 or 1, the classes in sorted order)"),
    "", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "click-class", N_("Class of a click"),
    N_("The class (0 or 1) a click on the regions plot adds a training point of"),
    0, 1, 0, LAB_PARAM_VIEW, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "kernel", N_("Kernel"),
    N_("linear xᵀz; poly (γ xᵀz + coef0)^degree; rbf exp(−γ‖x − z‖²); sigmoid tanh(γ xᵀz + coef0)"),
    krn_kernel_get_type (), LAB_KERNEL_RBF, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "c", N_("C (inverse margin penalty)"),
    N_("Weight of the slack: large C, a hard margin that bends around every point; small C, a soft, wide margin"),
    1e-3, 1e4, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_string (params_class, "gamma", N_("Gamma"),
    N_("Kernel width: scale = 1 / (d · Var X) over the training rows' d features (scikit-learn's default), "
       "auto = 1/d, or a number greater than 0; large gamma, a narrow kernel that fits every point"),
    "scale", LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "lambda", N_("λ (ridge penalty)"),
    N_("Kernel ridge: α = (K + λI)⁻¹y, scikit-learn's KernelRidge alpha; large λ, a smoother fit"),
    1e-6, 1e3, 0.1, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "degree", N_("Degree"),
    N_("Polynomial kernel's degree"),
    1, 10, 3, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "coef0", N_("coef0"),
    N_("The constant of the polynomial and sigmoid kernels"),
    -10.0, 10.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);

  lab_params_class_add_enum (params_class, "view", N_("View"),
    N_("regions: decision function, margins and support vectors; c-sweep and gamma-sweep: the same machine for six "
       "values (small multiples); lift: the points lifted to (x₁, x₂, ‖x − m‖²) and a separating plane; "
       "gram: the kernel matrix sorted by class and its smallest eigenvalue; kernel-ridge: regression in one variable, "
       "the fit and its dual weights beside ridge on the kernel's explicit features"),
    krn_view_get_type (), KRN_VIEW_REGIONS, LAB_PARAM_NONE, LAB_GROUP_VIEW);
  lab_params_class_add_boolean (params_class, "show-support-vectors", N_("Ring support vectors"),
    N_("Ring the support vectors: the training rows with α > 0, on or inside the margin"),
    TRUE, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_boolean (params_class, "show-test", N_("Show test points"),
    N_("Draw the held-out test points (hollow diamonds) beside the training points"),
    TRUE, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_kernels_params_init (LabKernelsParams *self)
{
}

static const LabPreset krn_presets[] = {
  { N_("Circles need a kernel"),
    "dataset=circles n=200 noise=0.1 kernel=linear view=regions",
    N_("No line separates a circle inside a circle: the linear SVM classifies 0.52 of the test rows (chance) and "
       "135 of its 140 training rows are support vectors. Switch kernel=rbf: test accuracy 1.00 with 46 support "
       "vectors.") },
  { N_("C: hard vs soft margin"),
    "dataset=blobs noise=1.6 n=200 kernel=linear view=c-sweep",
    N_("Two overlapping blobs, a linear kernel, C from 0.001 to 100. Small C buys a wide margin (2/‖w‖ = 8.1 at "
       "C = 0.001) held up by 116 support vectors; from C = 1 on it is 1.9 wide with 25; the test accuracy "
       "hardly moves (0.85–0.87).") },
  { N_("Gamma too large overfits"),
    "dataset=moons n=200 noise=0.3 kernel=rbf c=1 view=gamma-sweep",
    N_("The RBF width γ from 0.01 to 1000 on noisy moons. At γ = 0.01 the boundary is almost straight (training "
       "accuracy 0.79, test 0.72); at γ = 1 it follows the moons (0.91, 0.88); at γ = 1000 every training row is a "
       "support vector with its own island (1.00, test 0.57).") },
  { N_("The lift to 3-D"),
    "dataset=circles n=200 noise=0.1 kernel=rbf view=lift",
    N_("z = (x₁ − m₁)² + (x₂ − m₂)² lifts the outer circle above the inner one: a flat plane separates them in 3-D "
       "(a linear SVM there classifies every training row), and the plane cuts the paraboloid in a circle (dotted, "
       "right) — close to what the RBF kernel finds without building the lift.") },
  { N_("Kernel ridge = ridge in feature space"),
    "view=kernel-ridge kernel=poly degree=5 gamma=0.5 coef0=1 lambda=1 n=60 noise=0.3",
    N_("(0.5 xz + 1)⁵ is the inner product of 6 features √(C(5, k) 0.5ᵏ) xᵏ: ridge on those 6 features (dashed) and "
       "kernel ridge with its 42 dual weights (solid) draw the same curve, 3 × 10⁻¹² apart (test MSE 0.108). "
       "kernel=rbf has no finite feature map, so only the dual can be solved (test MSE 0.143 at λ = 1).") },
  { N_("The sigmoid kernel is not PSD"),
    "dataset=circles n=200 kernel=sigmoid gamma=2 coef0=-1 view=gram",
    N_("A valid (Mercer) kernel gives a positive semi-definite Gram matrix. tanh(2 xᵀz − 1) does not: the smallest "
       "eigenvalue of its 140 × 140 Gram matrix is −83. With kernel=rbf it is 3 × 10⁻¹⁶, zero to rounding.") },
};

const LabTopic lab_topic_kernels = {
  .id = "kernels",
  .title = N_("Kernels and support vector machines"),
  .chapter = LAB_CHAPTER_EXTENDED,
  .sections = "§4.18, §1.16",
  .summary = N_("Support vector machines through LIBSVM: linear, polynomial, RBF and sigmoid kernels, margins and "
                "support vectors, C and gamma, the lift that makes circles separable, and the Gram matrix."),
  .params_get_type = lab_kernels_params_get_type,
  .compute = krn_compute,
  .build = krn_build,
  .metrics = krn_metrics,
  .click = krn_click,
  .presets = krn_presets,
  .n_presets = G_N_ELEMENTS (krn_presets),
};
