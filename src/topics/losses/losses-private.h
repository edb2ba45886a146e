/* losses-private.h — shared by the files of the "losses" topic, no one else
 *
 * compute (worker): the loss and |∂ℓ/∂z| curves against the true-class probability for
 * the model parameters (α, γ, γ₊, γ₋, m), the labelled points (a generator with a class
 * ratio, or the user's CSV), a seeded train/test split, and one linear model (logistic for
 * two classes, softmax for more) trained per loss by full-batch gradient descent, with
 * its minority-class scores on the test rows and its minority region's outline.
 * Everything that only depends on view parameters — the marker at p, the easy-negative
 * shares, the balanced-softmax thresholds, the impurity curves — is evaluated in build
 * and metrics, which stays well inside a frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-columns.h"
#include "lab-error.h"
#include "lab-losses.h"
#include "lab-points.h"

#include "losses.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_LOSSES_SOURCE_SYNTHETIC,
  LAB_LOSSES_SOURCE_DATA,
} LabLossesSource;

GType lab_losses_source_get_type  (void) G_GNUC_CONST;
GType lab_losses_dataset_get_type (void) G_GNUC_CONST;   /* LabSynthKind, by lab_synth_kind_to_string */
#define LAB_TYPE_LOSSES_SOURCE  (lab_losses_source_get_type ())
#define LAB_TYPE_LOSSES_DATASET (lab_losses_dataset_get_type ())

#define LAB_TYPE_LOSSES_PARAMS (lab_losses_params_get_type ())
G_DECLARE_FINAL_TYPE (LabLossesParams, lab_losses_params, LAB, LOSSES_PARAMS, LabParams)

/* the curves drawn against the true-class probability */
typedef enum
{
  CURVE_CE,
  CURVE_WEIGHTED_CE,
  CURVE_FOCAL,
  CURVE_ASL_POS,
  CURVE_ASL_NEG,
  CURVE_SQUARED,
  CURVE_HINGE,
  N_CURVES,
} Curve;

#define N_CURVE_POINTS 481
#define N_TRAINED      5   /* ce, weighted-ce, focal, asl, balanced-softmax */

typedef struct
{
  LabLoss  loss;
  double   w[LAB_POINTS_MAX_CLASSES][3];   /* per output: bias and weights in the data's own units */
  guint    n_outputs;
  double   final_loss;                    /* mean training loss after the last step */
  /* on the evaluation rows (test rows; every row when test-fraction = 0) */
  guint    tp, fp, fn;                    /* for the minority class */
  double   minority_recall;
  double   minority_precision;            /* NaN when nothing is predicted minority */
  double   f1;
  double   balanced_accuracy;
  double   accuracy;
  /* the outline of the region predicted minority, clipped to the plot box; NaN breaks */
  double  *bx, *by;
  gsize    nb;
} Trained;

typedef struct
{
  LabResult     parent;
  LabLossParams lp;                       /* α, γ, … (the binary log-prior ratio unset) */
  double        p[N_CURVE_POINTS];
  double        loss[N_CURVES][N_CURVE_POINTS];
  double        grad[N_CURVES][N_CURVE_POINTS];   /* |∂ℓ/∂z| */
  LabPoints    *points;
  guint        *train, n_train, *test, n_test;
  guint         minority;                 /* the class with the fewest training rows */
  guint         counts[LAB_POINTS_MAX_CLASSES];   /* training rows per class */
  double        box[4];                   /* x0, x1, y0, y1 of the scatter */
  Trained       models[N_TRAINED];
  char         *source_name;
} LossesResult;

LabResult *losses_compute (LabParams *params, LabDataset *data, LabProgress *progress,
                           GCancellable *cancellable, GError **error);
LabFigure *losses_build   (const LabResult *result, LabParams *params);
void       losses_metrics (const LabResult *result, LabParams *params, LabMetrics *out);

/* the loss parameters of @params (the binary prior ratio left 0) */
void        losses_read_loss_params (LabParams *params, LabLossParams *lp);
/* loss and dℓ/dz of a curve at true-class probability @p */
double      losses_curve_eval  (Curve curve, const LabLossParams *lp, double p, double *dz);
const char *losses_curve_title (Curve curve);
const char *losses_trained_title (LabLoss loss);

G_END_DECLS
