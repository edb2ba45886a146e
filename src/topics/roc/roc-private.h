/* roc-private.h — shared by the files of the "roc" topic, no one else
 *
 * compute: scores and labels (synthetic binormal / Beta pair, or the user's
 * CSV) → one LabRocCurve per model, AUC, AP, DeLong CI, histograms and
 * curves reduced for drawing. Everything that depends on the threshold
 * (operating point, confusion matrix, goals) is a view parameter, evaluated
 * in build/metrics with a binary search: dragging the threshold never
 * recomputes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "lab-columns.h"
#include "lab-error.h"
#include "lab-rng.h"
#include "lab-roc.h"

#include "roc.h"

G_BEGIN_DECLS

#define N_BINS      60
#define DRAW_EPS    (1.0 / 4096.0)
#define MAX_CLASSES 20

enum { TAG_ROC, TAG_PR, TAG_DIST, TAG_CONFUSION };

/* palette slots: classes keep their colour in every view */
#define SLOT_NEGATIVE 0
#define SLOT_POSITIVE 1
#define SLOT_MODEL(i) (2 + (i))

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  char        *name;
  LabRocCurve *curve;
  double       auc;
  double       ap;
  LabRocDelong delong;
  double       score_min;
  double       score_max;
  /* histograms of the two classes over [hist_lo, hist_hi] */
  double       neg_counts[N_BINS];
  double       pos_counts[N_BINS];
  /* curve points kept for drawing (indices into the curve) */
  GArray      *roc_keep;   /* gsize */
  GArray      *pr_keep;    /* gsize, all ≥ 1 */
  /* goals that need the whole curve, prepared on the worker so that build/metrics stay O(log n) */
  gsize        best_f1;     /* first point of largest F1 */
  gsize        best_youden; /* first point of largest TPR − FPR */
  GArray      *hull;        /* gsize: the ROC's upper convex hull (collinear points kept), by k */
} RocModel;

typedef struct
{
  LabResult  parent;
  RocModel  *models;                  /* binary: one per score column; multi-class: one per class */
  guint      n_models;
  double     delong_p;
  double    *pair_p;                  /* binary, n_models ≥ 2: DeLong p of every pair (0,1), (0,2), … */
  /* multi-class (a label with 3 to 20 classes, one score column per class) */
  gboolean   multiclass;
  guint      primary;                 /* the model whose operating point is shown: positive-label's class */
  RocModel  *micro;                   /* the curve of all (sample, class) pairs flattened */
  double     avg_auc[3];              /* LAB_ROC_AVERAGE_MACRO, _WEIGHTED, _MICRO − 1 */
  double     avg_ap[3];
  char     **score_names;             /* multi-class: the score column of each class */
  double     negatives_correlation;
  char      *ci_note;                 /* why the AUC interval is undefined, or NULL */   /* models A and B, Pearson, over the negatives */
  double     hist_lo;
  double     hist_hi;
  char      *source_name;
  gboolean   skip_missing;            /* data mode with skip-missing=true */
  gsize      rows_skipped;            /* rows left out for a missing label or score */
} RocResult;

LabTopicCompute roc_compute;
LabTopicBuild roc_build;
LabTopicMetrics roc_metrics;
LabTopicClick roc_click;
LabTopicFitView roc_fit_view;
LabTopicSuggestRange roc_suggest_range;

static inline double
ratio (double a, double b)
{
  return b > 0 ? a / b : NAN;
}

static inline double
f1_of (double tp, double fp, double fn)
{
  return ratio (2 * tp, 2 * tp + fp + fn);
}

/* shared by compute and figure */
void roc_model_clear (RocModel *m);

G_END_DECLS
