/* bias-variance-private.h — shared by the files of the "bias-variance" topic, no one else
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
 * Data mode: the model fitted to the user's two columns — a polynomial by lab-polyfit
 * (accurate to the NIST certified values), or ridge, lasso, kNN, a tree or bagged trees
 * on them — its residuals and k-fold cross-validation of every complexity, the folds'
 * errors pooled or averaged (cv-combine).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gsl/gsl_randist.h>

#include "lab-csv.h"
#include "lab-cv.h"
#include "lab-cache.h"
#include "lab-columns.h"
#include "lab-error.h"
#include "lab-penalized.h"
#include "lab-polyfit.h"
#include "lab-rng.h"
#include "lab-sort.h"
#include "lab-tree.h"

#include "bias-variance.h"

G_BEGIN_DECLS

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
  double      bias2_x[N_GRID];     /* unbiased, clamped at 0 pointwise */
  double      var_x[N_GRID];       /* unbiased (divisor T − 1) */
  guint       n_settings;
  guint       current;
  double     *complexity;          /* n_settings, increasing */
  double     *bias2;               /* unbiased: (f̄ − f)² − s²/T, clamped at 0 */
  double     *bias2_raw;           /* (f̄ − f)²: inflated by variance/T */
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
  gboolean    skip_missing;        /* skip-missing=true */
  gsize       rows_skipped;        /* rows left out for a missing x or y */
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
  LabBvCvCombine cv_combine;
  /* data mode, models other than poly: the sweep is n_settings / complexity / current as in
   * synthetic mode, cv_mse and fit_mse have n_settings entries */
  double      cv_at_setting;       /* the current setting's cross-validated MSE */
  double      r2;                  /* of the fit on all the data at the current setting */
  double      train_mse_now;
  double      setting_value;       /* λ, k or depth of the current setting */
} BvResult;

LabTopicCompute bv_compute;
LabTopicBuild bv_build;
LabTopicMetrics bv_metrics;
LabTopicClick bv_click;
LabTopicSuggestRange bv_suggest_range;

G_END_DECLS
