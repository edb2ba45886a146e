/* classifiers-private.h — shared by the files of the "classifiers" topic, no one else
 *
 * compute: the points (synthetic or a dataset's columns), a seeded train/test split, each
 * chosen model fitted on the training rows (lab-logistic, lab-gaussian-classifiers), its
 * probabilities on every row and on a grid over the first two features (the other features
 * held at their training means), and what the view needs besides: coefficient paths over C,
 * a learning curve, or the loss surfaces. The contours, ellipses and test points shown are
 * view parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-columns.h"
#include "lab-design.h"
#include "lab-error.h"
#include "lab-gaussian-classifiers.h"
#include "lab-logistic.h"
#include "lab-points.h"

#include "classifiers.h"

G_BEGIN_DECLS

#define GRID_N       150   /* cells per side of the decision-region grid */
#define N_BINS       10    /* reliability diagram bins */
#define N_PATH       31    /* values of C on the coefficient paths: 10⁻³ … 10³ */
#define N_SIZES      10    /* training-set sizes on the learning curve */
#define N_REPEATS    20    /* random training subsets per size */
#define LOSS_N       81    /* loss surface grid per side */
#define LOSS_W       8.0   /* the surfaces span w ∈ [−LOSS_W, LOSS_W]² */
#define LOSS_ROWS    1000  /* rows the loss surfaces average over, at most (evenly spaced) */
#define LOSS_CURVE_N 241

typedef enum
{
  CLS_SOURCE_SYNTHETIC,
  CLS_SOURCE_DATA,
} ClsSource;

/* The generators of lab-points, then two-class blobs with a class ratio */
#define CLS_DATASET_IMBALANCED LAB_N_SYNTH

typedef enum
{
  CLS_MODEL_LOGISTIC,
  CLS_MODEL_NAIVE_BAYES,
  CLS_MODEL_LDA,
  CLS_MODEL_QDA,
  CLS_N_MODELS,
} ClsModel;

typedef enum
{
  CLS_VIEW_REGIONS,
  CLS_VIEW_OVERLAY,
  CLS_VIEW_CALIBRATION,
  CLS_VIEW_PATHS,
  CLS_VIEW_LEARNING_CURVE,
  CLS_VIEW_LOSS,
} ClsView;

GType cls_source_get_type (void) G_GNUC_CONST;
GType cls_dataset_get_type (void) G_GNUC_CONST;
GType cls_penalty_get_type (void) G_GNUC_CONST;
GType cls_view_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_CLASSIFIERS_PARAMS (lab_classifiers_params_get_type ())
G_DECLARE_FINAL_TYPE (LabClassifiersParams, lab_classifiers_params, LAB, CLASSIFIERS_PARAMS, LabParams)

enum { TAG_REGIONS = 0, TAG_OVERLAY = 10, TAG_CALIBRATION, TAG_PATH_L1, TAG_PATH_L2, TAG_LEARNING, TAG_LOSS_CURVE,
       TAG_LOSS_CE, TAG_LOSS_MSE };

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  ClsModel                kind;
  LabLogistic            *lr;
  LabGaussianClassifier  *gc;
  double                 *proba;        /* n × K, every row */
  double                 *grid;         /* GRID_N² × K, row 0 at the grid's y0 */
  double                  train_accuracy, test_accuracy;
  double                  log_loss, brier;              /* training rows */
  double                  test_log_loss, test_brier;    /* test rows (NaN without) */
  /* reliability diagram, on the test rows (the training rows when there are none) */
  double                  bin_confidence[N_BINS], bin_frequency[N_BINS];
  guint                   bin_count[N_BINS];
  double                  ece;                          /* expected calibration error */
} ClsFit;

typedef struct
{
  LabResult     parent;
  LabPoints    *points;
  char         *source_name;
  guint        *train, *test;
  guint         n_train, n_test;
  guint         k, d;
  ClsView       view;
  double        box[4];          /* x0, x1, y0, y1 of the grid over the first two features */
  double       *fixed;           /* d: the training means (the grid's other features) */
  /* logistic regression's design: polynomial features of the first two, standardised */
  guint         degree;
  guint         n_design;
  char        **design_names;
  LabScaler    *scaler;
  LabPenalty    penalty;
  double        c;
  ClsFit        fits[CLS_N_MODELS];
  guint         n_fits;
  /* coefficient paths (view=coefficient-paths): [0] L1, [1] L2; N_PATH × rows × n_design */
  double        path_c[N_PATH];
  double       *path_coef[2];
  guint         path_rows;
  /* learning curve (view=learning-curve): mean and sd of the test error over N_REPEATS subsets */
  guint         n_sizes;
  double        sizes[N_SIZES];
  double        lc_mean[2][N_SIZES], lc_sd[2][N_SIZES];   /* [0] naive Bayes, [1] logistic */
  /* loss view: the logistic loss and the squared error of σ(w·x) over w (standardised x₁, x₂,
   * no intercept; the last class against the rest) */
  double       *loss_ce, *loss_mse;    /* LOSS_N² */
  double        ce_min[2], mse_min[2];
  double        mse_at_ce_min;
} ClsResult;

LabResult *cls_compute (LabParams *params, LabDataset *data, LabProgress *progress, GCancellable *cancellable, GError **error);
LabFigure *cls_build (const LabResult *result, LabParams *params);
void       cls_metrics (const LabResult *result, LabParams *params, LabMetrics *out);
gboolean   cls_click (const LabResult *result, LabParams *params, int axes_tag, double x, double y);

/* The models named in @list ("logistic,naive-bayes,lda,qda") as a bit set; 0 and a message on an
 * unknown name or an empty list. */
guint        cls_parse_models (const char *list, GError **error);
const char  *cls_model_nick   (ClsModel model);
const char  *cls_model_title  (ClsModel model);

/* The logistic design of @n rows of @x (n × d, the points' features): @out is n × n_design. */
void         cls_design       (const ClsResult *self, const double *x, gsize n, double *out);

G_END_DECLS
