/* lab-topic-bias-variance.c — overfitting, underfitting and regularisation (notes §1.1, §1.3,
 * §1.4, §1.11, §1.16–1.17, §1.24)
 *
 * Synthetic mode: `trials` training sets of `n-train` points y = f(x) + σε are
 * drawn; the chosen model is fitted to each at every setting of its complexity
 * knob (degree, λ, k or depth) at once, and the fits on a fixed grid of test
 * inputs give bias², variance and — against fresh noisy targets — the expected
 * test error, by Monte Carlo. The per-trial work is shaped so that a whole sweep
 * costs little more than one fit: polynomials of every degree come from one
 * orthogonal basis (Vandermonde with Arnoldi), ridge of every λ from one SVD,
 * the lasso path from warm-started coordinate descent, kNN of every k from one
 * widening window, trees of every depth from one tree.
 *
 * Data mode: a polynomial fit of the user's two columns (lab-polyfit: accurate
 * to the NIST certified values), its residuals and k-fold cross-validation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_randist.h>

#include "lab-csv.h"
#include "lab-error.h"
#include "lab-penalized.h"
#include "lab-polyfit.h"
#include "lab-rng.h"
#include "lab-tree.h"
#include "lab-topic-bias-variance.h"

#define N_GRID       121     /* test inputs on [−1, 1] */
#define MAX_DEGREE   20
#define MAX_DEPTH    12
#define N_LAMBDA     25      /* sweep of λ over [LAMBDA_MIN, LAMBDA_MAX], 3 per decade */
#define N_PATH       81      /* coefficient paths, 10 per decade */
#define LAMBDA_MIN   1e-6
#define LAMBDA_MAX   1e2
#define KNN_SWEEP    50
#define N_CURVE      400     /* data mode: points of the fitted curve */
#define LASSO_PASSES 2000
/* duality gap / var(y) at which the lasso stops: fitted values within √(2·gap) of the optimum */
#define LASSO_GAP    1e-8

enum { TAG_FITS, TAG_SWEEP, TAG_DETAIL, TAG_SIDE };

/* palette slots */
#define SLOT_FIT      0
#define SLOT_BIAS     1
#define SLOT_VARIANCE 2
#define SLOT_TEST     5
#define SLOT_TRAIN    3
#define SLOT_TRUTH    4

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

  if (g_str_equal (name, "x-column") || g_str_equal (name, "y-column") || g_str_equal (name, "folds"))
    return data;
  if (g_str_equal (name, "truth") || g_str_equal (name, "noise") || g_str_equal (name, "n-train")
      || g_str_equal (name, "design") || g_str_equal (name, "trials") || g_str_equal (name, "seed")
      || g_str_equal (name, "model") || g_str_equal (name, "fits-shown") || g_str_equal (name, "show-band"))
    return !data;
  if (g_str_equal (name, "degree"))
    return data || model == LAB_BV_MODEL_POLY || model == LAB_BV_MODEL_RIDGE || model == LAB_BV_MODEL_LASSO;
  if (g_str_equal (name, "double-descent"))
    return !data && model == LAB_BV_MODEL_POLY;
  if (g_str_equal (name, "lambda"))
    return !data && (model == LAB_BV_MODEL_RIDGE || model == LAB_BV_MODEL_LASSO);
  if (g_str_equal (name, "k"))
    return !data && model == LAB_BV_MODEL_KNN;
  if (g_str_equal (name, "depth"))
    return !data && (model == LAB_BV_MODEL_TREE || model == LAB_BV_MODEL_BAGGING);
  if (g_str_equal (name, "models"))
    return !data && model == LAB_BV_MODEL_BAGGING;
  return TRUE;
}

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
lab_bias_variance_params_class_init (LabBiasVarianceParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_bias_variance_params_is_relevant;

  lab_params_class_install (params_class,
    g_param_spec_enum ("source", N_("Source"),
                       N_("synthetic: many training sets drawn from a known truth; data: a polynomial fit to two columns of your CSV file"),
                       LAB_TYPE_BV_SOURCE, LAB_BV_SOURCE_SYNTHETIC, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_string ("x-column", N_("x column"),
                         N_("Column of the input x"),
                         "x", FLAGS),
    LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_string ("y-column", N_("y column"),
                         N_("Column of the response y"),
                         "y", FLAGS),
    LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_enum ("truth", N_("Truth"),
                       N_("The true function f on [−1, 1]: sin(πx), the cubic 4x³ − 3x, a step at 0 (−1 | +1), "
                          "or Runge's 1/(1 + 25x²)"),
                       LAB_TYPE_BV_TRUTH, LAB_BV_TRUTH_SIN, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_double ("noise", N_("Noise σ"),
                         N_("Standard deviation of the Gaussian noise ε in y = f(x) + ε; σ² is the irreducible error"),
                         0.0, 2.0, 0.3, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("n-train", N_("Training points"),
                      N_("Points in each training set"),
                      5, 2000, 30, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_enum ("design", N_("Inputs"),
                       N_("random: each training set draws its x uniformly on [−1, 1]; fixed: the same equally spaced x "
                          "every time, only the noise changes"),
                       LAB_TYPE_BV_DESIGN, LAB_BV_DESIGN_RANDOM, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("trials", N_("Training sets"),
                      N_("How many independent training sets are drawn and fitted (the Monte Carlo sample)"),
                      2, 2000, 200, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("seed", N_("Seed"),
                      N_("Seed of the random generator: the same seed gives the same training sets"),
                      0, G_MAXINT, 42, FLAGS),
    LAB_PARAM_SEED, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_enum ("model", N_("Model"),
                       N_("poly: least-squares polynomial; ridge, lasso: L2- or L1-penalised polynomial of the same "
                          "degree on standardised features; knn: k nearest neighbours; tree: a regression tree; "
                          "bagging: the average of trees grown on bootstrap resamples"),
                       LAB_TYPE_BV_MODEL, LAB_BV_MODEL_POLY, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("degree", N_("Degree"),
                      N_("Degree of the polynomial (for ridge and lasso: the features x, x², …, x^degree)"),
                      0, MAX_DEGREE, 3, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_boolean ("double-descent", N_("Past the interpolation point"),
                          N_("Extend the sweep of degrees to 3 × n-train (at most 100): beyond degree n − 1 the "
                             "polynomial interpolates, and the lab takes the minimum-norm interpolant in orthonormal "
                             "Legendre features — watch the test error fall again (“double descent”, clearest with a "
                             "fixed design)"),
                          FALSE, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("lambda", N_("Penalty λ"),
                         N_("Strength of the penalty: ridge adds (λ/2)‖w‖², lasso λ‖w‖₁ to the loss (1/2n)‖y − b − Zw‖²"),
                         LAMBDA_MIN, LAMBDA_MAX, 1e-3, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("k", N_("Neighbours k"),
                      N_("kNN predicts the mean y of the k training points nearest to x"),
                      1, 200, 5, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("depth", N_("Tree depth"),
                      N_("Greatest depth of the regression tree (up to 2^depth leaves, each predicting the mean of its points)"),
                      0, MAX_DEPTH, 3, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("models", N_("Bagged trees"),
                      N_("Number of trees, each grown on a bootstrap resample (n draws with replacement), whose "
                         "predictions are averaged"),
                      1, 200, 30, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("folds", N_("Cross-validation folds"),
                      N_("k-fold cross-validation of every degree: row i is held out in fold i mod folds"),
                      2, 20, 5, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("fits-shown", N_("Fits drawn"),
                      N_("How many training sets’ fits to draw, thin and translucent (every training set enters "
                         "the mean, the band and the errors; each fit drawn adds to the time of a frame)"),
                      0, 2000, 20, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_boolean ("show-band", N_("Show ±1 sd band"),
                          N_("Shade the mean fit ± one standard deviation across training sets"),
                          TRUE, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_bias_variance_params_init (LabBiasVarianceParams *self)
{
}

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  LabResult   parent;
  gboolean    data_mode;

  /* ---- synthetic ---- */
  LabBvModel  model;
  LabBvTruth  truth_kind;
  guint       n_trials;
  gsize       n_train;
  double      noise;               /* σ */
  double      threshold;           /* double descent: the interpolation threshold n − 1; else NaN */
  guint       degree;              /* features of ridge and lasso */
  double      grid[N_GRID];
  double      truth[N_GRID];
  double     *fits;                /* n_trials × N_GRID at the current setting */
  double      mean[N_GRID];
  double      sd[N_GRID];
  double      bias2_x[N_GRID];
  double      var_x[N_GRID];
  guint       n_settings;
  guint       current;
  double     *complexity;          /* n_settings, increasing */
  double     *bias2;
  double     *variance;
  double     *test_mse;
  double     *train_mse;
  double     *mc_se;               /* standard error of test_mse − (bias² + variance + σ²) */
  double     *single_variance;     /* bagging: the variance of one tree on the full sample; else NULL */
  double     *train_x;             /* training set 1 */
  double     *train_y;
  /* ridge and lasso on training set 1 */
  guint       n_path;
  double     *path_lambda;         /* n_path, decreasing */
  double     *path_w;              /* n_path × degree */
  double     *current_w;           /* degree */
  guint       n_zero;              /* exactly-zero weights at the current λ */
  guint       unconverged;         /* lasso solves that hit the pass limit */

  /* ---- data ---- */
  char       *source_name;
  char       *x_name;
  char       *y_name;
  gsize       n;
  double     *x;
  double     *y;
  double     *residuals;
  LabPolyfit *fit;
  guint       folds;
  guint       cv_max;              /* degrees 0 … cv_max */
  double     *cv_mse;              /* NaN where a fold cannot support the degree */
  double     *fit_mse;             /* training MSE of each degree on all the data */
  guint       cv_best;
  double      curve_x[N_CURVE];
  double      curve_y[N_CURVE];
} BvResult;

static void
bv_result_finalize (LabResult *result)
{
  BvResult *self = (BvResult *) result;

  g_free (self->fits);
  g_free (self->complexity);
  g_free (self->bias2);
  g_free (self->variance);
  g_free (self->test_mse);
  g_free (self->train_mse);
  g_free (self->mc_se);
  g_free (self->single_variance);
  g_free (self->train_x);
  g_free (self->train_y);
  g_free (self->path_lambda);
  g_free (self->path_w);
  g_free (self->current_w);
  g_free (self->source_name);
  g_free (self->x_name);
  g_free (self->y_name);
  g_free (self->x);
  g_free (self->y);
  g_free (self->residuals);
  g_clear_pointer (&self->fit, lab_polyfit_free);
  g_free (self->cv_mse);
  g_free (self->fit_mse);
}

/* ------------------------------------------------------------------ */
/* the synthetic lab */

static double
truth_at (LabBvTruth truth,
          double     x)
{
  switch (truth)
    {
    case LAB_BV_TRUTH_SIN:
      return sin (G_PI * x);
    case LAB_BV_TRUTH_CUBIC:
      return 4.0 * x * x * x - 3.0 * x;
    case LAB_BV_TRUTH_STEP:
      return x < 0.0 ? -1.0 : 1.0;
    case LAB_BV_TRUTH_RUNGE:
      return 1.0 / (1.0 + 25.0 * x * x);
    default:
      g_return_val_if_reached (0.0);
    }
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Everything one compute needs, allocated once. */
typedef struct
{
  LabBvModel    model;
  gsize         n;
  guint         n_settings;
  guint         degree;       /* poly: highest least-squares degree; ridge/lasso: features */
  guint         dd_max;       /* poly past the interpolation point: degrees degree + 1 … dd_max */
  LabMinNorm   *min_norm;
  double       *phi_grid;     /* N_GRID × (dd_max + 1) Legendre features */
  double       *phi_x;        /* (dd_max + 1) × n */
  double       *kernel;       /* N_GRID × n: Σ_k φ_k(grid) φ_k(x) */
  double       *zmn;          /* n: (AAᵀ)⁻¹y */
  double       *lambda;       /* ridge/lasso: per setting, decreasing */
  guint         k_max;        /* knn: settings are k = k_max … 1 */
  guint         n_models;     /* bagging */
  const double *grid;
  /* per trial outputs */
  double       *pred;         /* n_settings × N_GRID */
  double       *train;        /* n_settings */
  double       *single;       /* bagging: one tree on the full sample, n_settings × N_GRID */
  /* workspaces */
  LabPolyBasis *basis;
  double       *wgrid;        /* N_GRID × (degree + 1) */
  double       *work;         /* n */
  double       *coef;
  double       *rss;
  LabTree      *tree;
  double       *weights;      /* n */
  double       *knn_grid;     /* N_GRID × k_max */
  double       *knn_train;    /* n × k_max */
  double       *z;            /* n × degree */
  double       *zg;           /* N_GRID × degree */
  double       *w;            /* degree */
  gsl_rng      *boot;
  guint         unconverged;
} Sweep;

static void
sweep_clear (Sweep *s)
{
  g_free (s->lambda);
  g_free (s->pred);
  g_free (s->train);
  g_free (s->single);
  g_clear_pointer (&s->basis, lab_poly_basis_free);
  g_free (s->wgrid);
  g_free (s->work);
  g_clear_pointer (&s->min_norm, lab_min_norm_free);
  g_free (s->phi_grid);
  g_free (s->phi_x);
  g_free (s->kernel);
  g_free (s->zmn);
  g_free (s->coef);
  g_free (s->rss);
  g_clear_pointer (&s->tree, lab_tree_free);
  g_free (s->weights);
  g_free (s->knn_grid);
  g_free (s->knn_train);
  g_free (s->z);
  g_free (s->zg);
  g_free (s->w);
  g_clear_pointer (&s->boot, gsl_rng_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sweep, sweep_clear)

/* Fits of every degree from a basis on the training points (@q, achieved degree
 * @dt) and its values at the grid (@wgrid, N_GRID × (dt + 1)). */
static void
trial_poly (Sweep        *s,
            const double *q,
            guint         dt,
            const double *wgrid,
            const double *y)
{
  guint D = s->degree;

  lab_poly_project (q, s->n, dt, y, s->coef, s->rss, s->work);
  for (guint g = 0; g < N_GRID; g++)
    {
      const double *w = wgrid + g * (dt + 1);
      double acc = 0.0;

      for (guint d = 0; d <= D; d++)
        {
          if (d <= dt)
            acc += s->coef[d] * w[d];
          s->pred[d * N_GRID + g] = acc;
        }
    }
  for (guint d = 0; d <= D; d++)
    s->train[d] = s->rss[MIN (d, dt)] / (double) s->n;
}

/* Past the interpolation point: the minimum-norm interpolant in Legendre features of
 * every degree s->degree + 1 … s->dd_max (the training error is 0: it interpolates). */
static void
trial_min_norm (Sweep        *s,
                const double *x,
                const double *y)
{
  gsize n = s->n;
  guint D = s->dd_max, D1 = D + 1;
  double *phi = g_newa (double, D1);

  for (gsize i = 0; i < n; i++)
    {
      lab_legendre_features (x[i], D, phi);
      for (guint k = 0; k <= D; k++)
        s->phi_x[k * n + i] = phi[k];
    }
  lab_min_norm_reset (s->min_norm);
  memset (s->kernel, 0, N_GRID * n * sizeof (double));
  for (guint k = 0; k <= D; k++)
    {
      const double *pk = s->phi_x + k * n;

      lab_min_norm_add_feature (s->min_norm, pk);
      for (guint g = 0; g < N_GRID; g++)
        {
          double a = s->phi_grid[g * D1 + k];
          double *kg = s->kernel + g * n;

          for (gsize i = 0; i < n; i++)
            kg[i] += a * pk[i];
        }
      if (k <= s->degree)
        continue;
      if (lab_min_norm_solve (s->min_norm, y, s->zmn))
        for (guint g = 0; g < N_GRID; g++)
          {
            const double *kg = s->kernel + g * n;
            double f = 0.0;

            for (gsize i = 0; i < n; i++)
              f += kg[i] * s->zmn[i];
            s->pred[k * N_GRID + g] = f;
          }
      else
        memcpy (s->pred + k * N_GRID, s->pred + (k - 1) * N_GRID, N_GRID * sizeof (double));
      s->train[k] = 0.0;
    }
}

/* Standardised features of the training points and of the grid (training statistics). */
static void
features (Sweep        *s,
          const double *x)
{
  g_autoptr(LabPolyScaler) scaler = lab_poly_scaler_new (x, s->n, s->degree);

  lab_poly_scaler_transform (scaler, x, s->n, s->z);
  lab_poly_scaler_transform (scaler, s->grid, N_GRID, s->zg);
}

/* predictions at the grid and the training MSE of weights @w, intercept @b, into setting @i */
static void
penalized_predict (Sweep        *s,
                   guint         i,
                   const double *y,
                   const double *w,
                   double        b)
{
  guint p = s->degree;
  double mse = 0.0;

  for (guint g = 0; g < N_GRID; g++)
    {
      double f = b;

      for (guint j = 0; j < p; j++)
        f += s->zg[g * p + j] * w[j];
      s->pred[i * N_GRID + g] = f;
    }
  for (gsize r = 0; r < s->n; r++)
    {
      double f = b;

      for (guint j = 0; j < p; j++)
        f += s->z[r * p + j] * w[j];
      mse += (y[r] - f) * (y[r] - f);
    }
  s->train[i] = mse / (double) s->n;
}

static gboolean
trial_ridge (Sweep         *s,
             const double  *x,
             const double  *y,
             GError       **error)
{
  g_autoptr(LabRidge) ridge = NULL;

  features (s, x);
  ridge = lab_ridge_new (s->z, y, s->n, s->degree, error);
  if (ridge == NULL)
    return FALSE;
  for (guint i = 0; i < s->n_settings; i++)
    {
      double b;

      lab_ridge_solve (ridge, s->lambda[i], s->w, &b);
      penalized_predict (s, i, y, s->w, b);
    }
  return TRUE;
}

static void
trial_lasso (Sweep        *s,
             const double *x,
             const double *y)
{
  g_autoptr(LabLasso) lasso = NULL;

  features (s, x);
  lasso = lab_lasso_new (s->z, y, s->n, s->degree);
  memset (s->w, 0, s->degree * sizeof (double));
  /* settings run from the largest λ down: each solve starts from the last one */
  for (guint i = 0; i < s->n_settings; i++)
    {
      if (!lab_lasso_solve (lasso, s->lambda[i], s->w, LASSO_GAP, LASSO_PASSES, NULL))
        s->unconverged++;
      penalized_predict (s, i, y, s->w, lab_lasso_intercept (lasso, s->w));
    }
}

static void
trial_knn (Sweep        *s,
           const double *x,
           const double *y)
{
  guint K = s->k_max;

  lab_knn_predict_all (x, y, s->n, s->grid, N_GRID, K, s->knn_grid);
  lab_knn_predict_all (x, y, s->n, x, s->n, K, s->knn_train);
  for (guint i = 0; i < s->n_settings; i++)
    {
      guint k = K - i;
      double mse = 0.0;

      for (guint g = 0; g < N_GRID; g++)
        s->pred[i * N_GRID + g] = s->knn_grid[g * K + k - 1];
      for (gsize r = 0; r < s->n; r++)
        mse += (y[r] - s->knn_train[r * K + k - 1]) * (y[r] - s->knn_train[r * K + k - 1]);
      s->train[i] = mse / (double) s->n;
    }
}

/* Running sums of difference rows (lab_tree_accumulate) into @out[d·m + i]. */
static void
running_sums (const double *diff,
              gsize         m,
              double       *out)
{
  for (guint d = 0; d <= MAX_DEPTH; d++)
    {
      double acc = 0.0;

      for (gsize i = 0; i < m; i++)
        {
          acc += diff[d * (m + 1) + i];
          out[d * m + i] = acc;
        }
    }
}

static void
trial_trees (Sweep        *s,
             const double *x,
             const double *y)
{
  gsize n = s->n;
  g_autofree double *dgrid = g_new0 (double, (MAX_DEPTH + 1) * (N_GRID + 1));
  g_autofree double *dtrain = g_new0 (double, (MAX_DEPTH + 1) * (n + 1));
  g_autofree double *train_pred = g_new (double, (MAX_DEPTH + 1) * n);

  /* the tree on the training set itself */
  lab_tree_grow (s->tree, x, y, NULL, n);
  if (s->model == LAB_BV_MODEL_TREE)
    {
      lab_tree_accumulate (s->tree, s->grid, N_GRID, 1.0, dgrid);
      lab_tree_accumulate (s->tree, x, n, 1.0, dtrain);
    }
  else
    {
      g_autofree double *dsingle = g_new0 (double, (MAX_DEPTH + 1) * (N_GRID + 1));

      lab_tree_accumulate (s->tree, s->grid, N_GRID, 1.0, dsingle);
      running_sums (dsingle, N_GRID, s->single);
      /* the average of trees grown on bootstrap resamples (n draws with replacement) */
      for (guint b = 0; b < s->n_models; b++)
        {
          memset (s->weights, 0, n * sizeof (double));
          for (gsize r = 0; r < n; r++)
            s->weights[gsl_rng_uniform_int (s->boot, n)] += 1.0;
          lab_tree_grow (s->tree, x, y, s->weights, n);
          lab_tree_accumulate (s->tree, s->grid, N_GRID, 1.0 / s->n_models, dgrid);
          lab_tree_accumulate (s->tree, x, n, 1.0 / s->n_models, dtrain);
        }
    }
  running_sums (dgrid, N_GRID, s->pred);
  running_sums (dtrain, n, train_pred);
  for (guint d = 0; d <= MAX_DEPTH; d++)
    {
      double mse = 0.0;

      for (gsize r = 0; r < n; r++)
        mse += (y[r] - train_pred[d * n + r]) * (y[r] - train_pred[d * n + r]);
      s->train[d] = mse / (double) n;
    }
}

/* Coefficient paths of training set 1 (ridge or lasso) and the weights at the current λ. */
static gboolean
paths (BvResult      *self,
       Sweep         *s,
       const double  *x,
       const double  *y,
       double         lambda,
       GError       **error)
{
  guint p = s->degree;

  self->n_path = N_PATH;
  self->path_lambda = g_new (double, N_PATH);
  self->path_w = g_new (double, N_PATH * p);
  self->current_w = g_new0 (double, p);
  for (guint i = 0; i < N_PATH; i++)
    self->path_lambda[i] = LAMBDA_MAX * pow (LAMBDA_MIN / LAMBDA_MAX, i / (double) (N_PATH - 1));

  features (s, x);
  if (s->model == LAB_BV_MODEL_RIDGE)
    {
      g_autoptr(LabRidge) ridge = lab_ridge_new (s->z, y, s->n, p, error);
      double b;

      if (ridge == NULL)
        return FALSE;
      for (guint i = 0; i < N_PATH; i++)
        lab_ridge_solve (ridge, self->path_lambda[i], self->path_w + i * p, &b);
      lab_ridge_solve (ridge, lambda, self->current_w, &b);
    }
  else
    {
      g_autoptr(LabLasso) lasso = lab_lasso_new (s->z, y, s->n, p);
      g_autofree double *w = g_new0 (double, p);
      gboolean done = FALSE;

      for (guint i = 0; i < N_PATH; i++)
        {
          /* the current λ in its place along the path, warm-started like the rest */
          if (!done && lambda >= self->path_lambda[i])
            {
              memcpy (self->current_w, w, p * sizeof (double));
              lab_lasso_solve (lasso, lambda, self->current_w, LASSO_GAP * 1e-4, 20 * LASSO_PASSES, NULL);
              done = TRUE;
            }
          lab_lasso_solve (lasso, self->path_lambda[i], w, LASSO_GAP * 1e-4, 20 * LASSO_PASSES, NULL);
          memcpy (self->path_w + i * p, w, p * sizeof (double));
        }
      if (!done)
        {
          memcpy (self->current_w, w, p * sizeof (double));
          lab_lasso_solve (lasso, lambda, self->current_w, LASSO_GAP * 1e-4, 20 * LASSO_PASSES, NULL);
        }
    }
  self->n_zero = 0;
  for (guint j = 0; j < p; j++)
    self->n_zero += self->current_w[j] == 0.0;
  return TRUE;
}

/* The inputs of training set after training set: uniform on [−1, 1] and sorted, or
 * the same equally spaced points every time. */
static void
draw_inputs (gsl_rng     *rng,
             LabBvDesign  design,
             double      *x,
             gsize        n)
{
  for (gsize i = 0; i < n; i++)
    x[i] = design == LAB_BV_DESIGN_RANDOM ? 2.0 * gsl_rng_uniform (rng) - 1.0 : -1.0 + 2.0 * i / (double) (n - 1);
  if (design == LAB_BV_DESIGN_RANDOM)
    qsort (x, n, sizeof (double), cmp_double);
}

/* ---- the polynomial bases of every training set, kept between computes ----
 *
 * The inputs x of the training sets depend on (seed, n-train, design, trials) only,
 * and so do the orthogonal bases and their values on the grid — 60 % of a sweep's
 * work. Dragging the degree, the noise or the truth changes only y, so the last
 * set of bases is kept (immutable, refcounted, shared between workers) and a
 * compute that finds it does just the projections. The results are bit-identical
 * with and without it. */

#define BASES_MAX_BYTES (64 << 20)

typedef struct
{
  gatomicrefcount ref;
  guint64         seed;
  gsize           n;
  guint           trials;
  LabBvDesign     design;
  guint           degree;      /* requested; each set may reach less */
  guint           n_sets;      /* trials, or 1 for the fixed design */
  double         *x;           /* n_sets × n */
  guint          *reached;     /* n_sets */
  double         *q;           /* n_sets × n × (degree + 1) */
  double         *w;           /* n_sets × N_GRID × (degree + 1) */
} PolyBases;

static GMutex     bases_lock;
static PolyBases *bases_cache;

static void
poly_bases_unref (PolyBases *b)
{
  if (b != NULL && g_atomic_ref_count_dec (&b->ref))
    {
      g_free (b->x);
      g_free (b->reached);
      g_free (b->q);
      g_free (b->w);
      g_free (b);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PolyBases, poly_bases_unref)

static gsize
poly_bases_bytes (gsize n, guint sets, guint degree)
{
  return (gsize) sets * (n + (n + N_GRID) * (degree + 1)) * sizeof (double);
}

/* The bases for these inputs: from the cache, or made (and cached) now. NULL when
 * too large to keep (the caller works trial by trial) or when cancelled. */
static PolyBases *
poly_bases_get (guint64        seed,
                gsize          n,
                guint          trials,
                LabBvDesign    design,
                guint          degree,
                const double  *grid,
                GCancellable  *cancellable)
{
  guint sets = design == LAB_BV_DESIGN_FIXED ? 1 : trials;
  g_autoptr(PolyBases) b = NULL;
  g_autoptr(gsl_rng) rng = NULL;
  g_autoptr(LabPolyBasis) basis = NULL;
  guint D1 = degree + 1;

  if (poly_bases_bytes (n, sets, degree) > BASES_MAX_BYTES)
    return NULL;

  g_mutex_lock (&bases_lock);
  if (bases_cache != NULL && bases_cache->seed == seed && bases_cache->n == n
      && bases_cache->trials == trials && bases_cache->design == design && bases_cache->degree == degree)
    {
      b = bases_cache;
      g_atomic_ref_count_inc (&b->ref);
    }
  g_mutex_unlock (&bases_lock);
  if (b != NULL)
    return g_steal_pointer (&b);

  b = g_new0 (PolyBases, 1);
  g_atomic_ref_count_init (&b->ref);
  b->seed = seed;
  b->n = n;
  b->trials = trials;
  b->design = design;
  b->degree = degree;
  b->n_sets = sets;
  b->x = g_new (double, (gsize) sets * n);
  b->reached = g_new (guint, sets);
  b->q = g_new (double, (gsize) sets * n * D1);
  b->w = g_new (double, (gsize) sets * N_GRID * D1);
  rng = lab_rng_new (4 * seed);
  basis = lab_poly_basis_new (n, degree);
  for (guint t = 0; t < sets; t++)
    {
      double *x = b->x + (gsize) t * n;
      guint dt;

      draw_inputs (rng, design, x, n);
      dt = b->reached[t] = lab_poly_basis_set_points (basis, x, n);
      memcpy (b->q + (gsize) t * n * D1, lab_poly_basis_get_q (basis, NULL), n * (dt + 1) * sizeof (double));
      lab_poly_basis_eval (basis, grid, N_GRID, b->w + (gsize) t * N_GRID * D1);
      if (t % 16 == 15 && g_cancellable_is_cancelled (cancellable))
        return NULL;
    }

  g_mutex_lock (&bases_lock);
  poly_bases_unref (bases_cache);
  bases_cache = b;
  g_atomic_ref_count_inc (&b->ref);
  g_mutex_unlock (&bases_lock);
  return g_steal_pointer (&b);
}

static LabResult *
compute_synthetic (LabParams     *params,
                   LabProgress   *progress,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (BvResult), bv_result_finalize);
  BvResult *self = (BvResult *) result;
  g_auto(Sweep) s = { 0 };
  LabBvModel model = lab_params_get_enum (params, "model");
  LabBvDesign design = lab_params_get_enum (params, "design");
  gsize n = (gsize) lab_params_get_int (params, "n-train");
  guint T = (guint) lab_params_get_int (params, "trials");
  double sigma = lab_params_get_double (params, "noise");
  int degree = lab_params_get_int (params, "degree");
  double lambda = lab_params_get_double (params, "lambda");
  int k = lab_params_get_int (params, "k");
  int depth = lab_params_get_int (params, "depth");
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  g_autoptr(gsl_rng) rng_x = lab_rng_new (4 * seed);
  g_autoptr(gsl_rng) rng_noise = lab_rng_new (4 * seed + 1);
  g_autoptr(gsl_rng) rng_test = lab_rng_new (4 * seed + 2);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *eps_test = g_new (double, N_GRID);
  g_autofree double *sum1 = NULL;     /* Σ_t (f̂ − f) per setting and grid point */
  g_autofree double *sum2 = NULL;     /* Σ_t (f̂ − f)² */
  g_autofree double *single1 = NULL;
  g_autofree double *single2 = NULL;
  g_autofree double *test = NULL;     /* Σ_t Σ_g (y_test − f̂)² per setting */
  g_autofree double *train = NULL;
  g_autoptr(PolyBases) bases = NULL;
  guint S;

  self->model = model;
  self->truth_kind = lab_params_get_enum (params, "truth");
  self->n_trials = T;
  self->n_train = n;
  self->noise = sigma;
  self->threshold = NAN;
  self->source_name = g_strdup (_("simulated"));

  /* the settings of the sweep */
  s.model = model;
  s.n = n;
  s.grid = self->grid;
  switch (model)
    {
    case LAB_BV_MODEL_POLY:
      if (lab_params_get_boolean (params, "double-descent"))
        {
          /* least squares up to degree n − 1, minimum-norm interpolants beyond */
          s.dd_max = (guint) MIN ((gsize) 100, MAX ((gsize) MAX_DEGREE, 3 * n));
          s.degree = (guint) MIN ((gsize) s.dd_max, n - 1);
          if (s.dd_max <= s.degree)
            s.dd_max = 0;
          S = MAX (s.degree, s.dd_max) + 1;
          self->threshold = (double) (n - 1);
        }
      else
        {
          if ((gsize) degree >= n)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("degree %d needs at least %d training points: raise n-train, lower the degree, "
                             "or turn on double-descent for minimum-norm fits past the interpolation point"),
                           degree, degree + 1);
              return NULL;
            }
          s.degree = (guint) MIN ((gsize) MAX_DEGREE, n - 1);
          S = s.degree + 1;
          self->threshold = NAN;
        }
      self->current = (guint) degree;
      break;
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      if (degree < 1)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("ridge and lasso penalise the weights of the features x, x², …, x^degree: set degree to 1 or more"));
          return NULL;
        }
      s.degree = (guint) degree;
      s.lambda = g_new (double, N_LAMBDA + 1);
      S = 0;
      self->current = G_MAXUINT;
      for (guint i = 0; i < N_LAMBDA; i++)
        {
          double l = LAMBDA_MAX * pow (LAMBDA_MIN / LAMBDA_MAX, i / (double) (N_LAMBDA - 1));

          if (self->current == G_MAXUINT && lambda >= l * (1 - 1e-9))
            {
              self->current = S;
              s.lambda[S++] = lambda;
              if (fabs (lambda - l) <= 1e-9 * l)
                continue;
            }
          s.lambda[S++] = l;
        }
      if (self->current == G_MAXUINT)
        {
          self->current = S;
          s.lambda[S++] = lambda;
        }
      break;
    case LAB_BV_MODEL_KNN:
      if ((gsize) k > n)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("k = %d exceeds the %zu points of a training set: lower k or raise n-train"), k, n);
          return NULL;
        }
      s.k_max = (guint) MIN (n, (gsize) MAX (KNN_SWEEP, k));
      S = s.k_max;
      self->current = s.k_max - (guint) k;
      break;
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING:
      S = MAX_DEPTH + 1;
      self->current = (guint) depth;
      s.n_models = (guint) lab_params_get_int (params, "models");
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  s.n_settings = S;
  self->n_settings = S;
  self->degree = s.degree;

  /* workspaces */
  s.pred = g_new (double, S * N_GRID);
  s.train = g_new (double, S);
  switch (model)
    {
    case LAB_BV_MODEL_POLY:
      s.wgrid = g_new (double, N_GRID * (s.degree + 1));
      s.work = g_new (double, n);
      if (s.dd_max > 0)
        {
          s.min_norm = lab_min_norm_new (n);
          s.phi_grid = g_new (double, N_GRID * (s.dd_max + 1));
          s.phi_x = g_new (double, (s.dd_max + 1) * n);
          s.kernel = g_new (double, N_GRID * n);
          s.zmn = g_new (double, n);
        }
      s.coef = g_new (double, s.degree + 1);
      s.rss = g_new (double, s.degree + 1);
      break;
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      s.z = g_new (double, n * s.degree);
      s.zg = g_new (double, N_GRID * s.degree);
      s.w = g_new (double, s.degree);
      break;
    case LAB_BV_MODEL_KNN:
      s.knn_grid = g_new (double, N_GRID * s.k_max);
      s.knn_train = g_new (double, n * s.k_max);
      break;
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING:
      s.tree = lab_tree_new (n, MAX_DEPTH);
      s.weights = g_new (double, n);
      s.boot = lab_rng_new (4 * seed + 3);
      if (model == LAB_BV_MODEL_BAGGING)
        {
          s.single = g_new (double, S * N_GRID);
          single1 = g_new0 (double, S * N_GRID);
          single2 = g_new0 (double, S * N_GRID);
        }
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint g = 0; g < N_GRID; g++)
    {
      self->grid[g] = -1.0 + 2.0 * g / (N_GRID - 1);
      self->truth[g] = truth_at (self->truth_kind, self->grid[g]);
    }
  if (s.dd_max > 0)
    for (guint g = 0; g < N_GRID; g++)
      lab_legendre_features (self->grid[g], s.dd_max, s.phi_grid + g * (s.dd_max + 1));
  if (model == LAB_BV_MODEL_POLY)
    {
      bases = poly_bases_get (seed, n, T, design, s.degree, self->grid, cancellable);
      if (bases == NULL)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          s.basis = lab_poly_basis_new (n, s.degree);
        }
    }
  sum1 = g_new0 (double, S * N_GRID);
  sum2 = g_new0 (double, S * N_GRID);
  test = g_new0 (double, S);
  train = g_new0 (double, S);
  self->fits = g_new (double, (gsize) T * N_GRID);
  self->train_x = g_new (double, n);
  self->train_y = g_new (double, n);

  for (guint t = 0; t < T; t++)
    {
      /* a training set, sorted by x */
      guint set = design == LAB_BV_DESIGN_FIXED ? 0 : t;

      if (bases != NULL)
        memcpy (x, bases->x + (gsize) set * n, n * sizeof (double));
      else
        draw_inputs (rng_x, design, x, n);
      for (gsize i = 0; i < n; i++)
        y[i] = truth_at (self->truth_kind, x[i]) + sigma * lab_rng_gaussian (rng_noise);
      for (guint g = 0; g < N_GRID; g++)
        eps_test[g] = lab_rng_gaussian (rng_test);
      if (t == 0)
        {
          memcpy (self->train_x, x, n * sizeof (double));
          memcpy (self->train_y, y, n * sizeof (double));
        }

      switch (model)
        {
        case LAB_BV_MODEL_POLY:
          if (bases != NULL)
            trial_poly (&s, bases->q + (gsize) set * n * (s.degree + 1), bases->reached[set],
                        bases->w + (gsize) set * N_GRID * (s.degree + 1), y);
          else
            {
              guint dt = lab_poly_basis_set_points (s.basis, x, n);

              lab_poly_basis_eval (s.basis, self->grid, N_GRID, s.wgrid);
              trial_poly (&s, lab_poly_basis_get_q (s.basis, NULL), dt, s.wgrid, y);
            }
          if (s.dd_max > 0)
            trial_min_norm (&s, x, y);
          break;
        case LAB_BV_MODEL_RIDGE:
          if (!trial_ridge (&s, x, y, error))
            return NULL;
          break;
        case LAB_BV_MODEL_LASSO:
          trial_lasso (&s, x, y);
          break;
        case LAB_BV_MODEL_KNN:
          trial_knn (&s, x, y);
          break;
        case LAB_BV_MODEL_TREE:
        case LAB_BV_MODEL_BAGGING:
          trial_trees (&s, x, y);
          break;
        default:
          g_assert_not_reached ();
        }

      for (guint i = 0; i < S; i++)
        {
          const double *p = s.pred + i * N_GRID;
          double *s1 = sum1 + i * N_GRID, *s2 = sum2 + i * N_GRID, e = 0.0;

          for (guint g = 0; g < N_GRID; g++)
            {
              double d = p[g] - self->truth[g], r = d - sigma * eps_test[g];

              s1[g] += d;
              s2[g] += d * d;
              e += r * r;
            }
          test[i] += e;
          train[i] += s.train[i];
        }
      if (single1 != NULL)
        for (guint j = 0; j < S * N_GRID; j++)
          {
            double d = s.single[j] - self->truth[j % N_GRID];

            single1[j] += d;
            single2[j] += d * d;
          }
      memcpy (self->fits + (gsize) t * N_GRID, s.pred + self->current * N_GRID, N_GRID * sizeof (double));

      if (t % 8 == 7 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      lab_progress_set (progress, 0.95 * (t + 1) / T);
    }

  /* the decomposition per setting, averaged over the grid */
  self->complexity = g_new (double, S);
  self->bias2 = g_new (double, S);
  self->variance = g_new (double, S);
  self->test_mse = g_new (double, S);
  self->train_mse = g_new (double, S);
  self->mc_se = g_new (double, S);
  if (single1 != NULL)
    self->single_variance = g_new (double, S);
  for (guint i = 0; i < S; i++)
    {
      double b2 = 0.0, v = 0.0, m2 = 0.0, sv = 0.0;

      for (guint g = 0; g < N_GRID; g++)
        {
          double m = sum1[i * N_GRID + g] / T, q = sum2[i * N_GRID + g] / T;

          b2 += m * m;
          v += MAX (q - m * m, 0.0);
          m2 += q;
          if (single1 != NULL)
            {
              double sm = single1[i * N_GRID + g] / T;

              sv += MAX (single2[i * N_GRID + g] / T - sm * sm, 0.0);
            }
        }
      self->bias2[i] = b2 / N_GRID;
      self->variance[i] = v / N_GRID;
      self->test_mse[i] = test[i] / ((double) T * N_GRID);
      self->train_mse[i] = train[i] / T;
      /* test − (bias² + variance + σ²) = mean of −2σ d ε' + σ²(ε'² − 1) over T·G independent test draws */
      self->mc_se[i] = sqrt ((4 * sigma * sigma * m2 / N_GRID + 2 * pow (sigma, 4)) / ((double) T * N_GRID));
      if (single1 != NULL)
        self->single_variance[i] = sv / N_GRID;
      switch (model)
        {
        case LAB_BV_MODEL_POLY:
        case LAB_BV_MODEL_TREE:
        case LAB_BV_MODEL_BAGGING:
          self->complexity[i] = i;
          break;
        case LAB_BV_MODEL_RIDGE:
        case LAB_BV_MODEL_LASSO:
          self->complexity[i] = 1.0 / s.lambda[i];
          break;
        case LAB_BV_MODEL_KNN:
          self->complexity[i] = 1.0 / (s.k_max - i);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  for (guint g = 0; g < N_GRID; g++)
    {
      double m = sum1[self->current * N_GRID + g] / T, q = sum2[self->current * N_GRID + g] / T;

      self->mean[g] = self->truth[g] + m;
      self->bias2_x[g] = m * m;
      self->var_x[g] = MAX (q - m * m, 0.0);
      self->sd[g] = sqrt (self->var_x[g]);
    }
  self->unconverged = s.unconverged;

  if (model == LAB_BV_MODEL_RIDGE || model == LAB_BV_MODEL_LASSO)
    if (!paths (self, &s, self->train_x, self->train_y, lambda, error))
      return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ */
/* data mode */

/* The numbers of column @col, or NULL with the place of the first cell that is not one. */
static const double *
numeric_column (LabDataset  *data,
                guint        col,
                const char  *param,
                GError     **error)
{
  const double *v = lab_dataset_get_numbers (data, col);
  gsize n = lab_dataset_get_n_rows (data);

  if (v == NULL)
    {
      guint n_levels;
      const guint32 *levels = lab_dataset_get_levels (data, col, &n_levels);
      char decimal = lab_dataset_get_decimal (data);
      gsize row = 0;
      g_autofree char *text = NULL;

      /* the first cell that does not read as a number */
      for (row = 0; row < n; row++)
        {
          double dummy;

          if (levels[row] == G_MAXUINT32)
            continue;
          g_free (text);
          text = lab_dataset_dup_cell_text (data, row, col);
          if (!lab_csv_parse_double (text, strlen (text), decimal, &dummy))
            break;
        }
      if (row == n)
        row = 0;
      g_free (text);
      text = lab_dataset_dup_cell_text (data, row, col);
      lab_dataset_set_cell_error (data, row, col, error,
                                  _("%s “%s” must hold numbers, found “%s”"),
                                  param, lab_dataset_get_column_name (data, col), text);
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    if (!isfinite (v[i]))
      {
        g_autofree char *text = lab_dataset_dup_cell_text (data, i, col);

        if (isnan (v[i]))
          lab_dataset_set_cell_error (data, i, col, error, _("missing value in %s “%s” (“%s”)"),
                                      param, lab_dataset_get_column_name (data, col), text);
        else
          lab_dataset_set_cell_error (data, i, col, error, _("value “%s” of %s is not finite"), text, param);
        return NULL;
      }
  return v;
}

/* k-fold cross-validation of every degree 0 … self->cv_max, one basis per fold. */
static void
cross_validate (BvResult *self)
{
  gsize n = self->n;
  guint D = self->cv_max, F = self->folds;
  g_autoptr(LabPolyBasis) basis = lab_poly_basis_new (n, D);
  g_autofree double *xt = g_new (double, n);
  g_autofree double *yt = g_new (double, n);
  g_autofree double *xv = g_new (double, n);
  g_autofree double *yv = g_new (double, n);
  g_autofree double *c = g_new (double, D + 1);
  g_autofree double *w = NULL;
  g_autofree double *sse = g_new0 (double, D + 1);
  guint supported = D;

  w = g_new (double, (n / F + 1) * (D + 1));
  for (guint f = 0; f < F; f++)
    {
      gsize nt = 0, nv = 0;
      guint Dt;

      for (gsize i = 0; i < n; i++)
        if (i % F == f)
          xv[nv] = self->x[i], yv[nv++] = self->y[i];
        else
          xt[nt] = self->x[i], yt[nt++] = self->y[i];
      Dt = lab_poly_basis_set_points (basis, xt, nt);
      supported = MIN (supported, Dt);
      lab_poly_basis_project (basis, yt, c, NULL);
      lab_poly_basis_eval (basis, xv, nv, w);
      for (gsize i = 0; i < nv; i++)
        {
          double acc = 0.0;

          for (guint d = 0; d <= Dt; d++)
            {
              acc += c[d] * w[i * (Dt + 1) + d];
              sse[d] += (yv[i] - acc) * (yv[i] - acc);
            }
        }
    }
  self->cv_mse = g_new (double, D + 1);
  self->cv_best = 0;
  for (guint d = 0; d <= D; d++)
    {
      self->cv_mse[d] = d <= supported ? sse[d] / (double) n : NAN;
      if (d <= supported && self->cv_mse[d] < self->cv_mse[self->cv_best])
        self->cv_best = d;
    }

  /* the training error of each degree on all the data */
  {
    g_autoptr(LabPolyBasis) all = lab_poly_basis_new (n, D);
    g_autofree double *rss = g_new (double, D + 1);
    guint Da = lab_poly_basis_set_points (all, self->x, n);

    lab_poly_basis_project (all, self->y, c, rss);
    self->fit_mse = g_new (double, D + 1);
    for (guint d = 0; d <= D; d++)
      self->fit_mse[d] = d <= Da ? rss[d] / (double) n : NAN;
  }
}

/* ---- the cross-validation of a dataset, kept between computes ----
 *
 * It does not depend on the degree being shown: dragging the degree slider over a
 * large file refits one polynomial instead of redoing folds × degrees. */

typedef struct
{
  char   *sha256;
  char   *x_name;
  char   *y_name;
  guint   folds;
  guint   cv_max;
  double *cv_mse;
  double *fit_mse;
  guint   cv_best;
} CvMemo;

static GMutex  cv_lock;
static CvMemo  cv_memo;

static gboolean
cv_recall (BvResult   *self,
           LabDataset *data)
{
  gboolean hit = FALSE;

  g_mutex_lock (&cv_lock);
  if (cv_memo.sha256 != NULL && g_str_equal (cv_memo.sha256, lab_dataset_get_sha256 (data))
      && g_str_equal (cv_memo.x_name, self->x_name) && g_str_equal (cv_memo.y_name, self->y_name)
      && cv_memo.folds == self->folds && cv_memo.cv_max == self->cv_max)
    {
      self->cv_mse = g_memdup2 (cv_memo.cv_mse, (self->cv_max + 1) * sizeof (double));
      self->fit_mse = g_memdup2 (cv_memo.fit_mse, (self->cv_max + 1) * sizeof (double));
      self->cv_best = cv_memo.cv_best;
      hit = TRUE;
    }
  g_mutex_unlock (&cv_lock);
  return hit;
}

static void
cv_remember (const BvResult *self,
             LabDataset     *data)
{
  g_mutex_lock (&cv_lock);
  g_free (cv_memo.sha256);
  g_free (cv_memo.x_name);
  g_free (cv_memo.y_name);
  g_free (cv_memo.cv_mse);
  g_free (cv_memo.fit_mse);
  cv_memo.sha256 = g_strdup (lab_dataset_get_sha256 (data));
  cv_memo.x_name = g_strdup (self->x_name);
  cv_memo.y_name = g_strdup (self->y_name);
  cv_memo.folds = self->folds;
  cv_memo.cv_max = self->cv_max;
  cv_memo.cv_mse = g_memdup2 (self->cv_mse, (self->cv_max + 1) * sizeof (double));
  cv_memo.fit_mse = g_memdup2 (self->fit_mse, (self->cv_max + 1) * sizeof (double));
  cv_memo.cv_best = self->cv_best;
  g_mutex_unlock (&cv_lock);
}

static LabResult *
compute_data (LabParams     *params,
              LabDataset    *data,
              LabProgress   *progress,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (BvResult), bv_result_finalize);
  BvResult *self = (BvResult *) result;
  const char *xname = lab_params_get_string (params, "x-column");
  const char *yname = lab_params_get_string (params, "y-column");
  guint degree = (guint) lab_params_get_int (params, "degree");
  const double *xv, *yv;
  int xc, yc;
  gsize distinct;

  if (data == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
      return NULL;
    }
  self->data_mode = TRUE;
  xc = lab_topic_find_column (data, "x-column", xname, error);
  if (xc < 0)
    return NULL;
  yc = lab_topic_find_column (data, "y-column", yname, error);
  if (yc < 0)
    return NULL;
  xv = numeric_column (data, (guint) xc, "x-column", error);
  if (xv == NULL)
    return NULL;
  yv = numeric_column (data, (guint) yc, "y-column", error);
  if (yv == NULL)
    return NULL;

  self->n = lab_dataset_get_n_rows (data);
  self->folds = (guint) lab_params_get_int (params, "folds");
  self->source_name = g_strdup (lab_dataset_get_name (data));
  self->x_name = g_strdup (xname);
  self->y_name = g_strdup (yname);
  if (self->n < self->folds)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: %zu rows are too few for %u-fold cross-validation: lower folds"),
                   self->source_name, self->n, self->folds);
      return NULL;
    }
  distinct = lab_count_distinct (xv, self->n);
  if (distinct < degree + 1)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: a polynomial of degree %u needs at least %u distinct values of x, "
                     "but column “%s” has %zu: lower the degree"),
                   self->source_name, degree, degree + 1, xname, distinct);
      return NULL;
    }
  self->x = g_memdup2 (xv, self->n * sizeof (double));
  self->y = g_memdup2 (yv, self->n * sizeof (double));

  self->fit = lab_polyfit_new (self->x, self->y, self->n, degree, error);
  if (self->fit == NULL)
    return NULL;
  self->residuals = g_new (double, self->n);
  for (gsize i = 0; i < self->n; i++)
    self->residuals[i] = self->y[i] - lab_polyfit_eval (self->fit, self->x[i]);
  lab_progress_set (progress, 0.4);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self->cv_max = (guint) MIN ((gsize) MAX_DEGREE, distinct - 1);
  if (!cv_recall (self, data))
    {
      cross_validate (self);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      cv_remember (self, data);
    }

  {
    double lo = self->x[0], hi = self->x[0];

    for (gsize i = 1; i < self->n; i++)
      {
        lo = MIN (lo, self->x[i]);
        hi = MAX (hi, self->x[i]);
      }
    for (guint i = 0; i < N_CURVE; i++)
      {
        self->curve_x[i] = lo + (hi - lo) * i / (N_CURVE - 1);
        self->curve_y[i] = lab_polyfit_eval (self->fit, self->curve_x[i]);
      }
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

static LabResult *
bv_compute (LabParams     *params,
            LabDataset    *data,
            LabProgress   *progress,
            GCancellable  *cancellable,
            GError       **error)
{
  if (lab_params_get_enum (params, "source") == LAB_BV_SOURCE_DATA)
    return compute_data (params, data, progress, cancellable, error);
  return compute_synthetic (params, progress, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* figure: shared pieces */

static const char *
model_name (LabBvModel model)
{
  switch (model)
    {
    case LAB_BV_MODEL_POLY: return _("polynomial");
    case LAB_BV_MODEL_RIDGE: return _("ridge");
    case LAB_BV_MODEL_LASSO: return _("lasso");
    case LAB_BV_MODEL_KNN: return _("k nearest neighbours");
    case LAB_BV_MODEL_TREE: return _("regression tree");
    case LAB_BV_MODEL_BAGGING: return _("bagged trees");
    default: g_return_val_if_reached ("");
    }
}

/* "degree 3", "λ = 0.001", "k = 5", "depth 3" */
static char *
setting_text (const BvResult *self,
              guint           i)
{
  switch (self->model)
    {
    case LAB_BV_MODEL_POLY:
      return g_strdup_printf (_("degree %u"), i);
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      return g_strdup_printf (_("degree %u, λ = %.3g"), self->degree, 1.0 / self->complexity[i]);
    case LAB_BV_MODEL_KNN:
      return g_strdup_printf (_("k = %.0f"), 1.0 / self->complexity[i]);
    case LAB_BV_MODEL_TREE:
      return g_strdup_printf (_("depth %u"), i);
    case LAB_BV_MODEL_BAGGING:
      return g_strdup_printf (_("depth %u"), i);
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

static const char *
complexity_label (LabBvModel model)
{
  switch (model)
    {
    case LAB_BV_MODEL_POLY: return _("Degree   (model complexity →)");
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO: return _("1/λ   (less penalty, more complexity →)");
    case LAB_BV_MODEL_KNN: return _("1/k   (fewer neighbours, more complexity →)");
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING: return _("Tree depth   (model complexity →)");
    default: g_return_val_if_reached ("");
    }
}

static LabStyle
line_style (guint   slot,
            double  width,
            LabDash dash)
{
  LabStyle st = lab_style_default (slot);

  st.line_width = width;
  st.dash = dash;
  return st;
}

static LabStyle
text_style (void)
{
  LabStyle st = lab_style_default (0);

  st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  return st;
}

/* a thin reference line in a semantic colour */
static LabStyle
rule_style (LabColorKind kind,
            double       alpha)
{
  LabStyle st = lab_style_default (0);

  st.color = lab_color_semantic (kind, alpha);
  st.line_width = 1.0;
  return st;
}

static LabStyle
muted_style (void)
{
  LabStyle st = lab_style_default (0);

  st.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
  st.line_width = 1.2;
  st.dash = LAB_DASH_DASHED;
  return st;
}

static LabStyle
marker_style (LabColor fill,
              double   size)
{
  LabStyle st = lab_style_default (0);

  st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  st.fill = fill;
  st.marker = LAB_MARKER_CIRCLE;
  st.marker_size = size;
  st.line_width = 1.3;
  return st;
}

/* A log axis that shows the interesting range: from well below the smallest error
 * to a few times the error at the sweet spot, however large the overfitted ends. */
static void
error_ylim (LabAxes      *ax,
            const double *a,
            const double *b,
            guint         n,
            double        floor_hint,
            double        must_show)
{
  double lo = INFINITY, hi = 0.0, best = INFINITY;

  for (guint i = 0; i < n; i++)
    {
      best = MIN (best, b[i]);
      hi = MAX (hi, MAX (a[i], b[i]));
      if (a[i] > 0)
        lo = MIN (lo, a[i]);
      if (b[i] > 0)
        lo = MIN (lo, b[i]);
    }
  if (!isfinite (lo) || !(hi > 0))
    return;
  lo = MAX (lo * 0.6, MAX (best, floor_hint) * 1e-3);
  hi = MIN (hi * 1.6, MAX (MAX (best, floor_hint) * 60.0, must_show * 3.0));
  if (hi <= lo * 10)
    hi = lo * 10;
  lab_axes_set_ylim (ax, lo, hi);
}

/* ------------------------------------------------------------------ */
/* figure: synthetic */

static void
build_fits (const BvResult *self,
            LabParams      *params,
            LabAxes        *ax)
{
  double flo = INFINITY, fhi = -INFINITY, pad;
  g_autofree char *setting = setting_text (self, self->current);
  g_autofree char *title = g_strdup_printf (_("%s, %s: fits on %u training sets of %zu points"),
                                            model_name (self->model), setting, self->n_trials, self->n_train);

  lab_axes_set_tag (ax, TAG_FITS);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, "x");
  lab_axes_set_ylabel (ax, "y");
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  for (guint g = 0; g < N_GRID; g++)
    {
      flo = MIN (flo, self->truth[g]);
      fhi = MAX (fhi, self->truth[g]);
    }
  pad = MAX (0.45, 2.2 * self->noise);
  lab_axes_set_xlim (ax, -1.0, 1.0);
  lab_axes_set_ylim (ax, flo - pad, fhi + pad);

  if (lab_params_get_boolean (params, "show-band"))
    {
      double lo[N_GRID], hi[N_GRID];
      LabStyle band = lab_style_default (SLOT_FIT);

      band.fill = lab_color_palette_alpha (SLOT_FIT, 0.22);
      band.color = lab_color_palette_alpha (SLOT_FIT, 0.0);
      for (guint g = 0; g < N_GRID; g++)
        {
          lo[g] = self->mean[g] - self->sd[g];
          hi[g] = self->mean[g] + self->sd[g];
        }
      lab_axes_add_band (ax, _("mean ± 1 sd"), self->grid, lo, hi, N_GRID, &band);
    }
  {
    guint shown = MIN ((guint) lab_params_get_int (params, "fits-shown"), self->n_trials);
    /* translucent enough that overlapping fits still show where they crowd */
    double alpha = CLAMP (5.0 / MAX (shown, 1), 0.05, 0.5);
    LabStyle thin = line_style (SLOT_FIT, 0.8, LAB_DASH_SOLID);

    thin.color = lab_color_palette_alpha (SLOT_FIT, alpha);
    /* the faint fits are drawn on every other grid point (61 of 121, ~5 px apart at
     * 1280×800): the cost of a frame is per segment, and a smooth fit loses nothing */
    {
      double gx[N_GRID / 2 + 1], gy[N_GRID / 2 + 1];
      guint m = 0;

      for (guint g = 0; g < N_GRID; g += 2)
        gx[m++] = self->grid[g];
      for (guint t = 0; t < shown; t++)
        {
          const double *f = self->fits + (gsize) t * N_GRID;

          for (guint g = 0, k = 0; g < N_GRID; g += 2, k++)
            gy[k] = f[g];
          lab_axes_add_line (ax, NULL, gx, gy, m, &thin);
        }
    }
    if (shown > 0)
      {
        /* the legend's sample of a fit, drawn darker than one faint curve would be */
        const double nan2[2] = { NAN, NAN };
        g_autofree char *label = shown == self->n_trials
          ? g_strdup_printf (_("fits on all %u training sets"), shown)
          : g_strdup_printf (_("fits on %u of the %u training sets"), shown, self->n_trials);

        thin.color = lab_color_palette_alpha (SLOT_FIT, 0.6);
        lab_axes_add_line (ax, label, nan2, nan2, 2, &thin);
      }
  }
  {
    LabStyle truth = line_style (SLOT_TRUTH, 2.0, LAB_DASH_DASHED);
    LabStyle mean = line_style (SLOT_FIT, 2.8, LAB_DASH_SOLID);
    LabStyle pts = lab_style_default (SLOT_TRAIN);

    pts.marker = LAB_MARKER_CIRCLE;
    pts.marker_size = 5;
    pts.fill = lab_color_palette_alpha (SLOT_TRAIN, 0.7);
    lab_axes_add_scatter (ax, _("training set 1"), self->train_x, self->train_y, NULL, self->n_train, &pts);
    lab_axes_add_line (ax, _("mean fit f̄(x)"), self->grid, self->mean, N_GRID, &mean);
    lab_axes_add_line (ax, _("truth f(x)"), self->grid, self->truth, N_GRID, &truth);
  }
}

static void
build_sweep (const BvResult *self,
             LabAxes        *ax)
{
  guint S = self->n_settings, c = self->current;
  double sigma2 = self->noise * self->noise;
  LabStyle bias = line_style (SLOT_BIAS, 2.0, LAB_DASH_SOLID);
  LabStyle var = line_style (SLOT_VARIANCE, 2.0, LAB_DASH_SOLID);
  LabStyle test = line_style (SLOT_TEST, 2.8, LAB_DASH_SOLID);
  LabStyle train = line_style (SLOT_TRAIN, 2.0, LAB_DASH_DASHED);
  LabStyle noise = muted_style ();
  LabStyle here = lab_style_default (0);

  lab_axes_set_tag (ax, TAG_SWEEP);
  lab_axes_set_title (ax, _("Expected test error = bias² + variance + noise"));
  lab_axes_set_xlabel (ax, complexity_label (self->model));
  lab_axes_set_ylabel (ax, _("Mean squared error (log scale)"));
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  if (self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO || self->model == LAB_BV_MODEL_KNN)
    lab_axes_set_xscale (ax, LAB_SCALE_LOG);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  error_ylim (ax, self->bias2, self->test_mse, S, sigma2, self->test_mse[c]);

  if (sigma2 > 0)
    {
      g_autofree char *label = g_strdup_printf (_("noise σ² = %.3g"), sigma2);

      lab_axes_add_hline (ax, label, sigma2, &noise);
    }
  lab_axes_add_line (ax, _("bias²"), self->complexity, self->bias2, S, &bias);
  lab_axes_add_line (ax, _("variance"), self->complexity, self->variance, S, &var);
  if (self->single_variance != NULL)
    {
      LabStyle single = line_style (SLOT_VARIANCE, 1.5, LAB_DASH_DOTTED);

      lab_axes_add_line (ax, _("variance of one tree"), self->complexity, self->single_variance, S, &single);
    }
  lab_axes_add_line (ax, _("training error"), self->complexity, self->train_mse, S, &train);
  lab_axes_add_line (ax, _("expected test error"), self->complexity, self->test_mse, S, &test);

  if (isfinite (self->threshold))
    {
      LabStyle interp = muted_style ();
      g_autofree char *label = g_strdup_printf (_("interpolation threshold (degree %.0f = n − 1)"), self->threshold);

      interp.dash = LAB_DASH_DOTTED;
      interp.line_width = 1.8;
      interp.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.7);
      lab_axes_add_vline (ax, label, self->threshold, &interp);
    }
  here.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
  here.line_width = 1.5;
  lab_axes_add_vline (ax, NULL, self->complexity[c], &here);
  {
    LabStyle m = marker_style (lab_color_semantic (LAB_COLOR_ACCENT, 1.0), 10);

    lab_axes_add_marker (ax, _("current setting"), self->complexity[c], self->test_mse[c], &m);
  }
}

/* bias² and variance along x at the current setting */
static void
build_pointwise (const BvResult *self,
                 LabAxes        *ax)
{
  LabStyle bias = line_style (SLOT_BIAS, 2.0, LAB_DASH_SOLID);
  LabStyle var = line_style (SLOT_VARIANCE, 2.0, LAB_DASH_SOLID);
  LabStyle noise = muted_style ();
  double sigma2 = self->noise * self->noise;
  g_autofree char *setting = setting_text (self, self->current);
  g_autofree char *title = g_strdup_printf (_("Where the error comes from (%s)"), setting);

  lab_axes_set_tag (ax, TAG_DETAIL);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, "x");
  lab_axes_set_ylabel (ax, _("Squared error at x (log scale)"));
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  lab_axes_set_xlim (ax, -1.0, 1.0);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  {
    double hi = 0.0, lo = INFINITY;

    for (guint g = 0; g < N_GRID; g++)
      {
        hi = MAX (hi, MAX (self->bias2_x[g], self->var_x[g]));
        if (self->var_x[g] > 0)
          lo = MIN (lo, self->var_x[g]);
      }
    hi = MAX (hi, sigma2);
    if (isfinite (lo) && hi > 0)
      lab_axes_set_ylim (ax, MAX (lo * 0.3, hi * 1e-12), hi * 2.0);
  }
  if (sigma2 > 0)
    lab_axes_add_hline (ax, _("noise σ²"), sigma2, &noise);
  lab_axes_add_line (ax, _("bias²(x)"), self->grid, self->bias2_x, N_GRID, &bias);
  lab_axes_add_line (ax, _("variance(x)"), self->grid, self->var_x, N_GRID, &var);
}

/* the identity at the current setting, as bars */
static void
build_bars (const BvResult *self,
            LabAxes        *ax)
{
  guint c = self->current;
  double sigma2 = self->noise * self->noise;
  double parts[3] = { self->bias2[c], self->variance[c], sigma2 };
  guint slots[3] = { SLOT_BIAS, SLOT_VARIANCE, 0 };
  const char *names[3] = { _("bias²"), _("variance"), _("noise σ²") };
  static const char *cats[] = { N_("bias²"), N_("variance"), N_("noise σ²"), N_("sum"), N_("measured"), NULL };
  const char *labels[6];
  double base = 0.0, top;
  g_autofree char *setting = setting_text (self, c);
  g_autofree char *title = g_strdup_printf (_("The decomposition at %s"), setting);
  LabStyle ts = text_style ();

  for (guint i = 0; i < 5; i++)
    labels[i] = _(cats[i]);
  labels[5] = NULL;
  lab_axes_set_tag (ax, TAG_SIDE);
  lab_axes_set_title (ax, title);
  lab_axes_set_ylabel (ax, _("Mean squared error"));
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_xlim (ax, -0.6, 4.6);
  lab_axes_set_grid (ax, TRUE);
  top = MAX (parts[0] + parts[1] + parts[2], self->test_mse[c] + 2 * self->mc_se[c]);
  lab_axes_set_ylim (ax, 0.0, top * 1.22);

  for (guint i = 0; i < 3; i++)
    {
      LabStyle st = lab_style_default (slots[i]);
      double e1[2] = { i - 0.35, i + 0.35 }, h1[1] = { parts[i] };
      double e2[2] = { 2.65, 3.35 }, h2[1] = { parts[i] };
      g_autofree char *value = g_strdup_printf ("%.3g", parts[i]);

      if (i == 2)
        {
          st.fill = lab_color_semantic (LAB_COLOR_MUTED, 0.55);
          st.color = lab_color_semantic (LAB_COLOR_MUTED, 0.0);
        }
      else
        {
          st.fill = lab_color_palette_alpha (slots[i], 0.75);
          st.color = lab_color_palette_alpha (slots[i], 0.0);
        }
      lab_axes_add_bars (ax, names[i], e1, h1, 1, &st);
      /* the sum: the same three stacked */
      {
        double lo_e[2] = { e2[0], e2[1] };
        double ylo[2] = { base, base }, yhi[2] = { base + h2[0], base + h2[0] };

        lab_axes_add_band (ax, NULL, lo_e, ylo, yhi, 2, &st);
      }
      base += parts[i];
      lab_axes_add_text (ax, i, parts[i], value, LAB_ANCHOR_SOUTH, FALSE, &ts);
    }
  {
    LabStyle st = lab_style_default (SLOT_TEST);
    double e[2] = { 3.65, 4.35 }, h[1] = { self->test_mse[c] };
    g_autofree char *sum = g_strdup_printf ("%.3g", base);
    g_autofree char *measured = g_strdup_printf ("%.3g\n<small>± %.2g (2 s.e.)</small>", self->test_mse[c],
                                                 2 * self->mc_se[c]);
    LabStyle err = line_style (0, 1.5, LAB_DASH_SOLID);

    st.fill = lab_color_palette_alpha (SLOT_TEST, 0.75);
    st.color = lab_color_palette_alpha (SLOT_TEST, 0.0);
    lab_axes_add_bars (ax, _("measured test error (fresh noisy targets)"), e, h, 1, &st);
    err.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.8);
    lab_axes_add_line (ax, NULL, (double[]) { 4.0, 4.0 },
                       (double[]) { self->test_mse[c] - 2 * self->mc_se[c], self->test_mse[c] + 2 * self->mc_se[c] },
                       2, &err);
    lab_axes_add_text (ax, 3.0, base, sum, LAB_ANCHOR_SOUTH, FALSE, &ts);
    lab_axes_add_text (ax, 4.0, self->test_mse[c] + 2 * self->mc_se[c], measured, LAB_ANCHOR_SOUTH, FALSE,
                       &ts);
  }
}

static const char * const superscripts[] = { "", "", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", "¹⁰",
                                             "¹¹", "¹²", "¹³", "¹⁴", "¹⁵", "¹⁶", "¹⁷", "¹⁸", "¹⁹", "²⁰" };

static void
build_paths (const BvResult *self,
             LabParams      *params,
             LabAxes        *ax)
{
  guint p = self->degree;
  g_autofree double *inv = g_new (double, self->n_path);
  g_autofree double *wj = g_new (double, self->n_path);
  double lambda = lab_params_get_double (params, "lambda");
  LabStyle here = lab_style_default (0);
  g_autofree char *title = NULL;

  if (self->model == LAB_BV_MODEL_LASSO)
    title = g_strdup_printf (_("Lasso weights on training set 1: %u of %u exactly 0 at λ = %.2g"),
                             self->n_zero, p, lambda);
  else
    title = g_strdup_printf (_("Ridge weights on training set 1: shrunk, %u of %u exactly 0 at λ = %.2g"),
                             self->n_zero, p, lambda);
  lab_axes_set_tag (ax, TAG_DETAIL);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, _("1/λ   (less penalty →)"));
  lab_axes_set_ylabel (ax, _("Weight of the standardised feature"));
  lab_axes_set_xscale (ax, LAB_SCALE_LOG);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, p <= 8);
  for (guint i = 0; i < self->n_path; i++)
    inv[i] = 1.0 / self->path_lambda[i];
  {
    /* the weights can be huge at tiny λ: show the range where the paths separate */
    double big = 0.0;

    for (guint i = 0; i < self->n_path; i++)
      if (self->path_lambda[i] >= 1e-4)
        for (guint j = 0; j < p; j++)
          big = MAX (big, fabs (self->path_w[i * p + j]));
    for (guint j = 0; j < p; j++)
      big = MAX (big, fabs (self->current_w[j]));
    if (big > 0)
      lab_axes_set_ylim (ax, -1.15 * big, 1.15 * big);
  }
  for (guint j = 0; j < p; j++)
    {
      LabStyle st = line_style (j % LAB_PALETTE_SIZE, 1.8, j < LAB_PALETTE_SIZE ? LAB_DASH_SOLID : LAB_DASH_DASHED);
      g_autofree char *label = g_strdup_printf (_("w%u: x%s"), j + 1, j + 1 < G_N_ELEMENTS (superscripts) ? superscripts[j + 1] : "");

      for (guint i = 0; i < self->n_path; i++)
        wj[i] = self->path_w[i * p + j];
      lab_axes_add_line (ax, label, inv, wj, self->n_path, &st);
    }
  {
    LabStyle zero = rule_style (LAB_COLOR_MUTED, 1.0);

    lab_axes_add_hline (ax, NULL, 0.0, &zero);
  }
  here.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
  here.line_width = 1.5;
  lab_axes_add_vline (ax, _("current λ"), 1.0 / lambda, &here);
}

/* §1.16: the penalised solution is where a loss ellipse first meets the constraint region */
static void
build_geometry (const BvResult *self,
                LabParams      *params,
                LabAxes        *ax)
{
  /* the Gram matrix of the standardised features x and x³ for x uniform on [−1, 1]:
   * correlation E[x⁴]/√(E[x²]E[x⁶]) = (1/5)/√(1/21) ≈ 0.9165 */
  const double rho = 0.2 / sqrt (1.0 / 21.0);
  /* the least-squares weights of the example, small enough that the interesting
   * range of λ (corners for 0.0084 ≤ λ ≤ 0.058) is where the lab's sweet spots are */
  const double ols[2] = { 0.15, -0.10 };
  double lambda = lab_params_get_double (params, "lambda");
  double wl[2], wr[2], t1, r2, ll, lr;
  double g[2] = { ols[0] + rho * ols[1], rho * ols[0] + ols[1] };   /* A·ŵ */
  const double x0 = -0.16, x1 = 0.25, y0 = -0.17, y1 = 0.12;
  enum { NX = 121, NY = 111 };
  g_autofree double *loss = g_new (double, NX * NY);
  LabStyle faint = lab_style_default (0);

  /* lasso on ½(w − ŵ)ᵀA(w − ŵ) + λ‖w‖₁: coordinate descent (2 × 2, converges at once) */
  wl[0] = wl[1] = 0.0;
  for (guint it = 0; it < 500; it++)
    for (guint j = 0; j < 2; j++)
      {
        double r = g[j] - rho * wl[1 - j];

        wl[j] = r > lambda ? r - lambda : r < -lambda ? r + lambda : 0.0;
      }
  /* ridge on ½(w − ŵ)ᵀA(w − ŵ) + (λ/2)‖w‖²: (A + λI) w = A ŵ */
  {
    double a = 1.0 + lambda, det = a * a - rho * rho;

    wr[0] = (a * g[0] - rho * g[1]) / det;
    wr[1] = (a * g[1] - rho * g[0]) / det;
  }
  t1 = fabs (wl[0]) + fabs (wl[1]);
  r2 = sqrt (wr[0] * wr[0] + wr[1] * wr[1]);

  for (guint j = 0; j < NY; j++)
    for (guint i = 0; i < NX; i++)
      {
        double u = x0 + (x1 - x0) * i / (NX - 1) - ols[0], v = y0 + (y1 - y0) * j / (NY - 1) - ols[1];

        loss[j * NX + i] = 0.5 * (u * u + 2 * rho * u * v + v * v);
      }
  {
    double u = wl[0] - ols[0], v = wl[1] - ols[1];

    ll = 0.5 * (u * u + 2 * rho * u * v + v * v);
    u = wr[0] - ols[0], v = wr[1] - ols[1];
    lr = 0.5 * (u * u + 2 * rho * u * v + v * v);
  }

  lab_axes_set_tag (ax, TAG_SIDE);
  lab_axes_set_title (ax, _("Why the lasso gives exact zeros (two weights, same λ)"));
  lab_axes_set_xlabel (ax, _("w₁ (feature x)"));
  lab_axes_set_ylabel (ax, _("w₂ (feature x³)"));
  lab_axes_set_xlim (ax, x0, x1);
  lab_axes_set_ylim (ax, y0, y1);
  lab_axes_set_equal_aspect (ax, TRUE);

  /* the constraint regions that the two solutions sit on */
  if (r2 > 1e-9)
    {
      enum { NC = 121 };
      double cx[NC], clo[NC], chi[NC];
      LabStyle circle = lab_style_default (SLOT_VARIANCE);

      circle.fill = lab_color_palette_alpha (SLOT_VARIANCE, 0.18);
      circle.color = lab_color_palette_alpha (SLOT_VARIANCE, 0.9);
      circle.line_width = 1.5;
      for (guint i = 0; i < NC; i++)
        {
          double a = G_PI * i / (NC - 1);

          cx[i] = -r2 * cos (a);
          chi[i] = r2 * sin (a);
          clo[i] = -chi[i];
        }
      lab_axes_add_band (ax, _("L2 region ‖w‖₂ ≤ t (ridge)"), cx, clo, chi, NC, &circle);
    }
  if (t1 > 1e-9)
    {
      double dx[3] = { -t1, 0.0, t1 }, dlo[3] = { 0.0, -t1, 0.0 }, dhi[3] = { 0.0, t1, 0.0 };
      LabStyle diamond = lab_style_default (SLOT_BIAS);

      diamond.fill = lab_color_palette_alpha (SLOT_BIAS, 0.22);
      diamond.color = lab_color_palette_alpha (SLOT_BIAS, 0.9);
      diamond.line_width = 1.5;
      lab_axes_add_band (ax, _("L1 region ‖w‖₁ ≤ t (lasso)"), dx, dlo, dhi, 3, &diamond);
    }
  faint.color = lab_color_semantic (LAB_COLOR_MUTED, 0.6);
  faint.line_width = 0.8;
  {
    const double levels[] = { 0.0002, 0.0008, 0.002, 0.004, 0.007, 0.011, 0.016, 0.022 };

    lab_axes_add_contour (ax, loss, NX, NY, x0, x1, y0, y1, levels, G_N_ELEMENTS (levels), FALSE,
                          LAB_COLORMAP_VIRIDIS, &faint);
  }
  {
    LabStyle axis_rule = rule_style (LAB_COLOR_FOREGROUND, 0.5);

    lab_axes_add_hline (ax, NULL, 0.0, &axis_rule);
    lab_axes_add_vline (ax, NULL, 0.0, &axis_rule);
  }

  /* the loss contour through each solution: the ellipse ½(w − ŵ)ᵀA(w − ŵ) = L, with
   * A's eigenvectors (1, ±1)/√2 and eigenvalues 1 ± ρ */
  for (guint which = 0; which < 2; which++)
    {
      double level = which == 0 ? ll : lr;
      enum { NE = 181 };
      double ex[NE], ey[NE];
      LabStyle st = line_style (which == 0 ? SLOT_BIAS : SLOT_VARIANCE, 1.8, LAB_DASH_SOLID);

      if (!(level > 1e-14))
        continue;
      for (guint i = 0; i < NE; i++)
        {
          double th = 2 * G_PI * i / (NE - 1);
          double a = sqrt (2 * level / (1 + rho)) * cos (th), b = sqrt (2 * level / (1 - rho)) * sin (th);

          ex[i] = ols[0] + (a + b) / G_SQRT2;
          ey[i] = ols[1] + (a - b) / G_SQRT2;
        }
      lab_axes_add_line (ax, which == 0 ? _("loss contour touching the diamond") : _("loss contour touching the circle"),
                         ex, ey, NE, &st);
    }
  {
    LabStyle o = marker_style (lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0), 9);
    LabStyle ml = marker_style (lab_color_palette (SLOT_BIAS), 10);
    LabStyle mr = marker_style (lab_color_palette (SLOT_VARIANCE), 10);
    LabStyle ts = text_style ();
    g_autofree char *lasso_label = NULL;

    o.marker = LAB_MARKER_CROSS;
    o.line_width = 2.0;
    ml.marker = LAB_MARKER_DIAMOND;
    lab_axes_add_marker (ax, _("least squares"), ols[0], ols[1], &o);
    lab_axes_add_text (ax, ols[0] + 0.006, ols[1] - 0.006, _("least squares,\nthe ellipses’ centre"),
                       LAB_ANCHOR_NORTH_WEST, FALSE, &ts);
    lab_axes_add_marker (ax, _("ridge solution"), wr[0], wr[1], &mr);
    lab_axes_add_text (ax, wr[0] - 0.008, wr[1], _("ridge: both ≠ 0"), LAB_ANCHOR_EAST, FALSE, &ts);
    if (wl[0] == 0.0 && wl[1] == 0.0)
      lasso_label = g_strdup (_("lasso: w = 0"));
    else if (wl[0] == 0.0 || wl[1] == 0.0)
      lasso_label = g_strdup_printf (_("lasso: a corner, w%s = 0"), wl[0] == 0.0 ? "₁" : "₂");
    else
      lasso_label = g_strdup (_("lasso: an edge, both ≠ 0"));
    lab_axes_add_marker (ax, _("lasso solution"), wl[0], wl[1], &ml);
    lab_axes_add_text (ax, wl[0] + 0.006, wl[1] + 0.006, lasso_label, LAB_ANCHOR_SOUTH_WEST, FALSE, &ts);
    if (t1 > 1e-9)
      lab_axes_add_text (ax, 0.0, t1 + 0.004, "‖w‖₁ ≤ t", LAB_ANCHOR_SOUTH, FALSE, &ts);
    if (r2 > 1e-9 && r2 < y1 - 0.02)
      lab_axes_add_text (ax, 0.0, r2 + 0.004, "‖w‖₂ ≤ t", LAB_ANCHOR_SOUTH, FALSE, &ts);
  }
}

static LabFigure *
build_synthetic (const BvResult *self,
                 LabParams      *params)
{
  LabFigure *figure = lab_figure_new (2, 2);

  lab_figure_set_row_weights (figure, (const double[]) { 1.15, 1.0 });
  build_fits (self, params, lab_figure_get_axes (figure, 0));
  build_sweep (self, lab_figure_get_axes (figure, 1));
  if (self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO)
    {
      build_paths (self, params, lab_figure_get_axes (figure, 2));
      build_geometry (self, params, lab_figure_get_axes (figure, 3));
    }
  else
    {
      build_pointwise (self, lab_figure_get_axes (figure, 2));
      build_bars (self, lab_figure_get_axes (figure, 3));
    }
  return figure;
}

/* ------------------------------------------------------------------ */
/* figure: data */

static LabFigure *
build_data (const BvResult *self)
{
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *fit = lab_figure_get_axes (figure, 0);
  LabAxes *res = lab_figure_get_axes (figure, 1);
  LabAxes *cv = lab_figure_get_axes (figure, 2);
  LabAxes *table = lab_figure_get_axes (figure, 3);
  guint d = self->fit->degree;
  LabStyle pts = lab_style_default (SLOT_FIT);
  LabStyle curve = line_style (SLOT_TEST, 2.4, LAB_DASH_SOLID);

  pts.marker = LAB_MARKER_CIRCLE;
  pts.marker_size = 5;
  pts.fill = lab_color_palette_alpha (SLOT_FIT, 0.55);
  lab_figure_set_row_weights (figure, (const double[]) { 1.15, 1.0 });

  {
    g_autofree char *title = g_strdup_printf (_("Degree %u fit to %s: R² = %.6g, adjusted R² = %.6g"),
                                              d, self->source_name, self->fit->r2, self->fit->adjusted_r2);
    g_autofree char *label = g_strdup_printf (_("least-squares polynomial, degree %u"), d);

    lab_axes_set_tag (fit, TAG_FITS);
    lab_axes_set_title (fit, title);
    lab_axes_set_xlabel (fit, self->x_name);
    lab_axes_set_ylabel (fit, self->y_name);
    lab_axes_set_grid (fit, TRUE);
    lab_axes_set_legend (fit, TRUE);
    lab_axes_add_scatter (fit, _("data"), self->x, self->y, NULL, self->n, &pts);
    lab_axes_add_line (fit, label, self->curve_x, self->curve_y, N_CURVE, &curve);
  }
  {
    lab_axes_set_tag (res, TAG_DETAIL);
    lab_axes_set_title (res, _("Residuals: curvature or a funnel means trouble"));
    lab_axes_set_xlabel (res, self->x_name);
    lab_axes_set_ylabel (res, _("y − fitted"));
    lab_axes_set_grid (res, TRUE);
    LabStyle zero_rule = rule_style (LAB_COLOR_MUTED, 1.0);

    lab_axes_add_hline (res, NULL, 0.0, &zero_rule);
    lab_axes_add_scatter (res, _("residual"), self->x, self->residuals, NULL, self->n, &pts);
  }
  {
    guint D = self->cv_max;
    g_autofree double *deg = g_new (double, D + 1);
    g_autofree char *title = g_strdup_printf (_("%u-fold cross-validation: lowest at degree %u"), self->folds, self->cv_best);
    LabStyle cvs = line_style (SLOT_TEST, 2.4, LAB_DASH_SOLID);
    LabStyle trs = line_style (SLOT_TRAIN, 2.0, LAB_DASH_DASHED);
    LabStyle here = lab_style_default (0);
    LabStyle best = marker_style (lab_color_palette (SLOT_TEST), 10);

    cvs.marker = LAB_MARKER_CIRCLE;
    cvs.marker_size = 5;
    for (guint i = 0; i <= D; i++)
      deg[i] = i;
    lab_axes_set_tag (cv, TAG_SWEEP);
    lab_axes_set_title (cv, title);
    lab_axes_set_xlabel (cv, _("Degree"));
    lab_axes_set_ylabel (cv, _("Mean squared error (log scale)"));
    lab_axes_set_yscale (cv, LAB_SCALE_LOG);
    lab_axes_set_grid (cv, TRUE);
    lab_axes_set_legend (cv, TRUE);
    error_ylim (cv, self->fit_mse, self->cv_mse, D + 1, 0.0,
                d <= D && isfinite (self->cv_mse[d]) ? self->cv_mse[d] : 0.0);
    lab_axes_add_line (cv, _("training error (all data)"), deg, self->fit_mse, D + 1, &trs);
    lab_axes_add_line (cv, _("cross-validated error"), deg, self->cv_mse, D + 1, &cvs);
    here.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
    here.line_width = 1.5;
    lab_axes_add_vline (cv, _("current degree"), d, &here);
    lab_axes_add_marker (cv, _("best by cross-validation"), self->cv_best, self->cv_mse[self->cv_best], &best);
  }
  {
    g_autoptr(GString) s = g_string_new (NULL);
    LabStyle ts = text_style ();

    lab_axes_set_tag (table, TAG_SIDE);
    lab_axes_set_frame (table, FALSE);
    lab_axes_set_xlim (table, 0, 1);
    lab_axes_set_ylim (table, 0, 1);
    g_string_append_printf (s, _("<b>y = c₀ + c₁·x + c₂·x² + …, degree %u</b>   (n = %zu)\n"), d, self->n);
    for (guint k = 0; k <= d; k++)
      g_string_append_printf (s, "<tt>c%-2u = % .10g  ± %.4g</tt>\n", k, self->fit->coefficients[k], self->fit->std_errors[k]);
    g_string_append_printf (s, _("\nR² = %.10g   adjusted R² = %.10g\nresidual sd = %.6g on %zu degrees of freedom"),
                            self->fit->r2, self->fit->adjusted_r2, self->fit->residual_sd,
                            self->n > d + 1 ? self->n - d - 1 : 0);
    lab_axes_add_text (table, 0.02, 0.98, s->str, LAB_ANCHOR_NORTH_WEST, TRUE, &ts);
  }
  return figure;
}

static LabFigure *
bv_build (const LabResult *result,
          LabParams       *params)
{
  const BvResult *self = (const BvResult *) result;

  if (self->data_mode)
    return build_data (self);
  return build_synthetic (self, params);
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
add_array (LabMetrics   *out,
           const char   *key,
           const double *v,
           guint         n)
{
  lab_metrics_begin_array (out, key);
  for (guint i = 0; i < n; i++)
    if (isnan (v[i]))
      lab_metrics_add_null (out, NULL, NULL);
    else
      lab_metrics_add_double (out, NULL, NULL, v[i]);
  lab_metrics_end (out);
}

/* JSON keys.
 * Synthetic, at the current setting: bias2, variance (both averaged over the test
 * grid), noise (σ², the irreducible term), expected_test_mse (measured against
 * fresh noisy targets), decomposition_sum (= bias2 + variance + noise),
 * mc_standard_error (of expected_test_mse − decomposition_sum), train_mse; model,
 * setting, best_setting (lowest expected_test_mse of the sweep), n_train, trials;
 * ridge/lasso: zero_weights and weights (training set 1, standardised features);
 * lasso: unconverged_solves; bagging: single_tree_variance; and "sweep": arrays
 * complexity (degree, 1/λ, 1/k or depth), bias2, variance, expected_test_mse,
 * train_mse over every setting.
 * Data: n, degree, r2, adjusted_r2, residual_sd, rss, train_mse, coefficients
 * (c0, c1, … of the raw powers of x), std_errors, cv_mse (an array indexed by degree
 * 0 … min(20, distinct x − 1); null where a training fold has too few distinct x),
 * cv_mse_at_degree (the current degree's), cv_best_degree, folds. */
static void
bv_metrics (const LabResult *result,
            LabParams       *params,
            LabMetrics      *out)
{
  const BvResult *self = (const BvResult *) result;

  if (self->data_mode)
    {
      const LabPolyfit *fit = self->fit;

      lab_metrics_add_int (out, "n", _("Points"), (gint64) self->n);
      lab_metrics_add_int (out, "degree", _("Degree"), fit->degree);
      lab_metrics_add_double (out, "r2", _("R²"), fit->r2);
      lab_metrics_add_double (out, "adjusted_r2", _("Adjusted R²"), fit->adjusted_r2);
      lab_metrics_add_double (out, "residual_sd", _("Residual standard deviation"), fit->residual_sd);
      lab_metrics_add_double (out, "rss", NULL, fit->rss);
      lab_metrics_add_double (out, "train_mse", _("Training MSE"), fit->rss / (double) self->n);
      lab_metrics_add_double (out, "cv_mse_at_degree", _("Cross-validated MSE"),
                              fit->degree <= self->cv_max ? self->cv_mse[fit->degree] : NAN);
      lab_metrics_add_int (out, "cv_best_degree", _("Best degree by cross-validation"), self->cv_best);
      lab_metrics_add_int (out, "folds", NULL, self->folds);
      add_array (out, "coefficients", fit->coefficients, fit->degree + 1);
      add_array (out, "std_errors", fit->std_errors, fit->degree + 1);
      /* index = degree 0 … cv_max; null where a training fold has too few distinct x */
      add_array (out, "cv_mse", self->cv_mse, self->cv_max + 1);
      return;
    }

  {
    guint c = self->current;
    double sigma2 = self->noise * self->noise;
    guint best = 0;
    g_autofree char *setting = setting_text (self, c);

    for (guint i = 1; i < self->n_settings; i++)
      if (self->test_mse[i] < self->test_mse[best])
        best = i;
    {
      g_autofree char *model = lab_params_dup_string (params, lab_params_find (params, "model"));

      lab_metrics_add_string (out, "model", _("Model"), model);
    }
    lab_metrics_add_string (out, "setting", _("Setting"), setting);
    lab_metrics_add_double (out, "bias2", _("Bias²"), self->bias2[c]);
    lab_metrics_add_double (out, "variance", _("Variance"), self->variance[c]);
    lab_metrics_add_double (out, "noise", _("Noise σ²"), sigma2);
    lab_metrics_add_double (out, "expected_test_mse", _("Expected test MSE (measured)"), self->test_mse[c]);
    lab_metrics_add_double (out, "decomposition_sum", _("Bias² + variance + σ²"), self->bias2[c] + self->variance[c] + sigma2);
    lab_metrics_add_double (out, "mc_standard_error", _("Monte Carlo standard error"), self->mc_se[c]);
    lab_metrics_add_double (out, "train_mse", _("Training MSE"), self->train_mse[c]);
    if (self->single_variance != NULL)
      lab_metrics_add_double (out, "single_tree_variance", _("Variance of one tree"), self->single_variance[c]);
    if (self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO)
      {
        lab_metrics_add_int (out, "zero_weights", _("Weights exactly 0 (training set 1)"), self->n_zero);
        add_array (out, "weights", self->current_w, self->degree);
      }
    if (self->model == LAB_BV_MODEL_LASSO)
      lab_metrics_add_int (out, "unconverged_solves", NULL, self->unconverged);
    {
      g_autofree char *best_text = setting_text (self, best);

      lab_metrics_add_string (out, "best_setting", _("Lowest test error at"), best_text);
    }
    lab_metrics_add_int (out, "n_train", NULL, (gint64) self->n_train);
    lab_metrics_add_int (out, "trials", NULL, self->n_trials);
    lab_metrics_begin_object (out, "sweep");
    add_array (out, "complexity", self->complexity, self->n_settings);
    add_array (out, "bias2", self->bias2, self->n_settings);
    add_array (out, "variance", self->variance, self->n_settings);
    add_array (out, "expected_test_mse", self->test_mse, self->n_settings);
    add_array (out, "train_mse", self->train_mse, self->n_settings);
    lab_metrics_end (out);
  }
}

/* ------------------------------------------------------------------ */
/* interaction */

static gboolean
bv_click (const LabResult *result,
          LabParams       *params,
          int              axes_tag,
          double           x,
          double           y)
{
  const BvResult *self = (const BvResult *) result;
  guint best = 0;

  if (axes_tag != TAG_SWEEP)
    return FALSE;
  if (self->data_mode)
    {
      lab_params_set_int (params, "degree", (int) CLAMP (lround (x), 0, (long) self->cv_max));
      return TRUE;
    }
  /* the nearest setting of the sweep (in log distance where the axis is logarithmic) */
  for (guint i = 1; i < self->n_settings; i++)
    {
      gboolean log_axis = self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO
                          || self->model == LAB_BV_MODEL_KNN;
      double di = log_axis ? fabs (log (self->complexity[i] / x)) : fabs (self->complexity[i] - x);
      double db = log_axis ? fabs (log (self->complexity[best] / x)) : fabs (self->complexity[best] - x);

      if (x > 0 || !log_axis)
        if (di < db)
          best = i;
    }
  switch (self->model)
    {
    case LAB_BV_MODEL_POLY:
      lab_params_set_int (params, "degree", (int) best);
      break;
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      lab_params_set_double (params, "lambda", 1.0 / self->complexity[best]);
      break;
    case LAB_BV_MODEL_KNN:
      lab_params_set_int (params, "k", (int) lround (1.0 / self->complexity[best]));
      break;
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING:
      lab_params_set_int (params, "depth", (int) best);
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

static gboolean
bv_suggest_range (const LabResult *result,
                  GParamSpec      *pspec,
                  double          *lo,
                  double          *hi)
{
  const BvResult *self = (const BvResult *) result;

  if (self->data_mode)
    {
      if (!g_str_equal (pspec->name, "degree"))
        return FALSE;
      *lo = 0;
      *hi = self->cv_max;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "k"))
    {
      *lo = 1;
      *hi = (double) self->n_train;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "degree") && self->model == LAB_BV_MODEL_POLY)
    {
      *lo = 0;
      *hi = isfinite (self->threshold) ? MAX_DEGREE : (double) MIN ((gsize) MAX_DEGREE, self->n_train - 1);
      return TRUE;
    }
  return FALSE;
}

static const LabPreset bv_presets[] = {
  { N_("Underfit"), "model=poly degree=1" },
  { N_("Sweet spot"), "model=poly degree=3" },
  { N_("Overfit"), "model=poly degree=15" },
  { N_("Ridge tames degree 15"), "model=ridge degree=15 lambda=0.03" },
  { N_("Lasso zeros weights"), "model=lasso degree=10 lambda=0.01" },
  { N_("Bagging reduces variance"), "model=bagging depth=8 models=50" },
  { N_("Double descent"), "model=poly design=fixed n-train=20 double-descent=true degree=19" },
};

const LabTopic lab_topic_bias_variance = {
  .id = "bias-variance",
  .title = N_("Bias, variance & regularisation"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.1, §1.3, §1.4, §1.11, §1.16, §1.17, §1.24",
  .summary = N_("Fit many training sets and watch bias² + variance + noise make the U-shaped test error; "
                "ridge, lasso and bagging trade one for the other."),
  .explanation = N_(
    "Draw many training sets from one source, y = f(x) + ε with noise variance σ², and fit the same model "
    "to each. At an input x the fits average to f̄(x): their <b>bias</b> is f̄(x) − f(x), their "
    "<b>variance</b> E[(f̂(x) − f̄(x))²] is how much they scatter. For squared error the expected error on a "
    "new point splits exactly (Hastie, Tibshirani &amp; Friedman, <i>The Elements of Statistical Learning</i>, §7.3):\n"
    "    E[(y − f̂(x))²] = σ² + bias² + variance\n"
    "σ² is irreducible: no model removes it. The lab averages each term over a grid of x and estimates it by "
    "Monte Carlo over the training sets; the test error is measured against fresh noisy targets, so the "
    "identity holds up to Monte Carlo error (the bars show it).\n"
    "<b>Underfitting</b> — a low degree, a large λ or k, a shallow tree — means high bias: training and test "
    "error are both high. <b>Overfitting</b> means high variance: each fit chases the noise of its own "
    "training set, so the training error keeps falling while the test error rises. The sweet spot is at the "
    "bottom of the U; find it by cross-validation, never by the training error.\n"
    "<b>Regularisation</b> buys less variance for a little bias. On standardised features, ridge minimises "
    "(1/2n)‖y − b − Zw‖² + (λ/2)‖w‖² and the lasso (1/2n)‖y − b − Zw‖² + λ‖w‖₁ (the intercept b is not "
    "penalised). Equivalently — for each λ there is a budget t — each minimises the loss within a "
    "constraint region, ‖w‖₂ ≤ t (a circle) or ‖w‖₁ ≤ t (a diamond): the solution is where the lowest "
    "loss contour that reaches the region — an ellipse around the least-squares solution — touches it. "
    "The diamond’s corners lie on the axes, so the lasso often lands "
    "on one and sets weights to exactly 0; the circle has no corners, so ridge shrinks every weight but "
    "almost never to 0. The squared L2 norm is the usual penalty because it is smooth, with gradient λw, "
    "even at w = 0 (the plain norm ‖w‖₂ has no derivative there).\n"
    "A <b>regression tree</b> splits x where the two sides’ squared error falls most and predicts the mean "
    "in each leaf, so its fit is a staircase. <b>Bagging</b> averages B trees grown on bootstrap resamples: "
    "B fits with variance v and pairwise correlation ρ average to variance ρv + (1 − ρ)v/B, so the "
    "variance falls while the bias stays that of one bootstrap tree (the dotted line is the variance of "
    "one tree grown on the whole training set).\n"
    "<b>Past the interpolation point</b> (<i>double-descent</i>): with more coefficients than points, many "
    "polynomials fit the training set exactly; the lab takes the one of least norm in orthonormal Legendre "
    "features. The test error peaks at degree n − 1, where the only exact fit must swing wildly between the "
    "points, and falls again as more features leave room for a smoother interpolant — “double descent” "
    "(Belkin, Hsu, Ma &amp; Mandal, PNAS 2019).\n"
    "<b>Try</b>: raise <i>Training points</i> and watch the variance fall (more data is the first cure for "
    "overfitting); set the noise to 0 and the test error is bias² + variance alone; compare random inputs, "
    "where fits must reach the ends from the nearest points, with a fixed design.\n"
    "<b>Your data</b> (source = data): the least-squares polynomial of the chosen degree in the raw x, with "
    "R² = 1 − RSS/TSS, which never falls when a term is added, and adjusted R² = 1 − (1 − R²)(n − 1)/(n − p − 1) "
    "with p = degree predictors, which can. The standard errors assume the linear-regression conditions "
    "(§1.11): errors independent, with mean 0 and constant variance — check the residuals. k-fold "
    "cross-validation estimates the test error of each degree. Click the error curves to pick a setting."),
  .params_get_type = lab_bias_variance_params_get_type,
  .compute = bv_compute,
  .build = bv_build,
  .metrics = bv_metrics,
  .click = bv_click,
  .suggest_range = bv_suggest_range,
  .presets = bv_presets,
  .n_presets = G_N_ELEMENTS (bv_presets),
};
