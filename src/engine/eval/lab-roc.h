/* lab-roc.h — ROC and precision–recall curves of a binary classifier's scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The curve over the distinct thresholds, in decreasing order. Point 0 is the
 * threshold +inf (nothing predicted positive: tp = fp = 0); point k (k ≥ 1) is
 * the k-th largest distinct score t_k, with tp[k], fp[k] = counts of positives
 * and negatives with score ≥ t_k. Tied scores form one segment. */
typedef struct
{
  gsize   n_points;     /* number of distinct scores + 1 */
  gsize   n_positive;
  gsize   n_negative;
  double *thresholds;   /* n_points; thresholds[0] = +inf */
  double *tp;           /* n_points cumulative counts (doubles, exact for n < 2^53) */
  double *fp;           /* n_points */
} LabRocCurve;

/* @scores: n finite doubles; @labels: n bytes, 0 or 1. Both classes must occur
 * (else LAB_ERROR_DATA "only one class present: …"). O(n log n) with a radix sort.
 * Honours @cancellable (G_IO_ERROR_CANCELLED). Other errors, LAB_ERROR_DATA, name the
 * first bad sample: "label at index I is V, expected 0 or 1", "score at index I is
 * not finite". Memory: the curve's three arrays (24 bytes per distinct score), and while it
 * runs 8 bytes per sample of sort keys (given back as the curve is written) and, from 2^20
 * samples, a sort scratch of about 1/8 of that (below: as large as the larger class's keys).
 * From 2^20 samples the partition, the sort and the merge run on two threads (the caller's
 * and one made for each step) when there are two processors. */
LabRocCurve *lab_roc_curve_new   (const double  *scores,
                                  const guint8  *labels,
                                  gsize          n,
                                  GCancellable  *cancellable,
                                  GError       **error);
/* The same, taking @labels (from g_malloc; freed, also on error): they are freed as soon as
 * they are read, before the sort, so that they are not held at the call's peak of memory. */
LabRocCurve *lab_roc_curve_new_take_labels (const double  *scores,
                                            guint8        *labels,
                                            gsize          n,
                                            GCancellable  *cancellable,
                                            GError       **error);
void         lab_roc_curve_free  (LabRocCurve *curve);

/* Trapezoidal area under (fpr, tpr): equals P(score+ > score-) + ½ P(tie); sklearn's roc_auc_score. */
double       lab_roc_curve_auc               (const LabRocCurve *curve);
/* Σ (R_k − R_{k−1}) P_k over the points: sklearn's average_precision_score. */
double       lab_roc_curve_average_precision (const LabRocCurve *curve);

/* Index of the operating point for "positive when score ≥ threshold": the largest k with
 * thresholds[k] ≥ threshold (0 when threshold is above every score). O(log n). */
gsize        lab_roc_curve_point_for_threshold (const LabRocCurve *curve, double threshold);

typedef struct
{
  double auc;
  double variance;      /* DeLong variance of the AUC estimate */
  double ci_low;        /* 95 % normal CI, clipped to [0, 1] */
  double ci_high;
} LabRocDelong;

/* DeLong et al. (1988) for @n_models score columns sharing @labels. Fills @out[n_models];
 * when n_models ≥ 2, *p_value is the two-sided p of the test AUC_0 = AUC_1 (NaN when the
 * variance of the difference is 0), else untouched. O(n_models · n log n). Errors as for
 * lab_roc_curve_new() (a bad score of model m reads "model m: score at index …" when
 * n_models ≥ 2), and LAB_ERROR_DATA when a class has fewer than 2 samples or n ≥ 2^32.
 * Memory: (3 + n_models) · n doubles. */
/* The same for one model from its curve alone: O(points), no sort and no n-sized memory.
 * Equal to lab_roc_delong with n_models = 1 up to rounding. */
gboolean     lab_roc_curve_delong (const LabRocCurve  *curve,
                                   LabRocDelong       *out,
                                   GError            **error);
gboolean     lab_roc_delong    (const double * const *scores,
                                guint                 n_models,
                                const guint8         *labels,
                                gsize                 n,
                                LabRocDelong         *out,
                                double               *p_value,
                                GCancellable         *cancellable,
                                GError              **error);

/* The same, with the two-sided p of AUC_i = AUC_j for every pair i < j in @pair_p
 * (n_models·(n_models − 1)/2 values in the order (0,1), (0,2), …, (0,m−1), (1,2), …;
 * NaN where the variance of the difference is 0); @pair_p may be NULL. The covariances are
 * those of Sun & Xu (2014), from the same structural components, so all pairs cost one pass. */
gboolean     lab_roc_delong_pairs (const double * const *scores,
                                   guint                 n_models,
                                   const guint8         *labels,
                                   gsize                 n,
                                   LabRocDelong         *out,
                                   double               *pair_p,
                                   GCancellable         *cancellable,
                                   GError              **error);

G_END_DECLS
