/* clustering-private.h — shared by the files of the "clustering" topic, no one else
 *
 * compute (worker): the points (a synthetic set or two or more columns of the user's CSV,
 * optionally standardized), k-means by Lloyd's half-steps and a Gaussian mixture by EM from
 * the same initial centroids, each run n-init times keeping the best, every step's
 * parameters kept; then the same models for k = 1 … 10 (the elbow, BIC and AIC).
 *
 * The shown step (`iteration`) is a view parameter counting half-steps: 0 is the start,
 * odd steps assign (k-means) or compute responsibilities (E-step), even steps move the
 * centroids (update) or re-estimate the Gaussians (M-step). build recomputes the labels or
 * responsibilities of the drawn points for that step from the stored parameters, so
 * scrubbing never recomputes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-error.h"
#include "lab-gmm.h"
#include "lab-kmeans.h"
#include "lab-points.h"
#include "lab-rng.h"

#include "clustering.h"

G_BEGIN_DECLS

#define CLU_MAX_K      10
#define CLU_SWEEP_K    10        /* model selection over k = 1 … 10 */
#define CLU_SWEEP_N    5000      /* … on at most this many points (a fixed subsample) */
#define CLU_MAX_DRAWN  1500      /* points drawn in the scatter plots */
#define CLU_REG_COVAR  1e-6      /* added to every variance, as scikit-learn's default */

enum { TAG_KMEANS, TAG_GMM, TAG_INERTIA, TAG_ELBOW, TAG_LOGLIK, TAG_BIC, TAG_SIZES };

typedef enum
{
  CLU_SOURCE_SYNTHETIC,
  CLU_SOURCE_DATA,
} CluSource;

typedef enum
{
  CLU_DATASET_BLOBS,
  CLU_DATASET_ANISOTROPIC,
  CLU_DATASET_UNEQUAL_VARIANCE,
  CLU_DATASET_UNEQUAL_SIZE,
  CLU_DATASET_MOONS,
  CLU_DATASET_CIRCLES,
} CluDataset;

typedef enum
{
  CLU_METHOD_KMEANS,
  CLU_METHOD_GMM,
  CLU_METHOD_BOTH,
} CluMethod;

typedef enum
{
  CLU_INIT_RANDOM,
  CLU_INIT_PLUSPLUS,
  CLU_INIT_MANUAL,
} CluInit;

GType lab_clu_source_get_type     (void) G_GNUC_CONST;
GType lab_clu_dataset_get_type    (void) G_GNUC_CONST;
GType lab_clu_method_get_type     (void) G_GNUC_CONST;
GType lab_clu_init_get_type       (void) G_GNUC_CONST;
GType lab_clu_covariance_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_CLUSTERING_PARAMS (lab_clustering_params_get_type ())
G_DECLARE_FINAL_TYPE (LabClusteringParams, lab_clustering_params, LAB, CLUSTERING_PARAMS, LabParams)

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  guint   iteration;   /* the update (1-based) in which it happened */
  guint   cluster;     /* 0-based */
} CluReseed;

typedef struct
{
  LabResult   parent;

  /* the points as fitted (standardized when asked) */
  gsize       n;
  guint       d;
  double     *x;              /* n × d */
  char      **names;          /* d column names */
  double     *center, *scale; /* d: x_fitted = (x − center) / scale (0 and 1 when not standardized) */
  gboolean    standardized;
  guint      *truth;          /* n true classes (synthetic), or NULL */
  guint       n_true;
  char       *source_name;
  gsize       n_dropped;      /* dataset rows left out for an empty cell */
  gsize      *drawn;          /* indices of the points drawn */
  gsize       n_drawn;
  double      box[4];         /* x0, x1, y0, y1 of the scatter plots */

  guint       k;              /* 0: manual initialisation with no centroid yet (nothing fitted) */
  CluInit     init;
  gboolean    do_kmeans, do_gmm;
  LabGmmCovariance covariance;
  double     *init_centroids; /* k × d: the start of the best run */

  /* k-means: U updates; centroids c₀ … c_U, inertia at each assignment c₀ … c_U */
  guint       km_updates;
  double     *km_centroids;   /* (U + 1) × k × d */
  double     *km_inertia;     /* U + 1 */
  guint      *km_labels;      /* n: the last assignment */
  gboolean    km_converged;
  guint       km_best_run;    /* 1-based, of n-init */
  GArray     *km_reseeds;     /* CluReseed */

  /* GMM: T EM iterations; parameters θ₀ … θ_T, mean log-likelihood under each */
  guint       gmm_iters;
  double     *gmm_weights;    /* (T + 1) × k */
  double     *gmm_means;      /* (T + 1) × k × d */
  double     *gmm_covs;       /* (T + 1) × k × d × d */
  double     *gmm_loglik;     /* T + 1 */
  guint      *gmm_labels;     /* n: argmax of the last E-step */
  gboolean    gmm_converged;
  guint       gmm_best_run;
  double      bic, aic;

  double      ari_kmeans, ari_gmm;   /* NaN without true labels */

  /* model selection over k = 1 … CLU_SWEEP_K (NaN where not computed) */
  gsize       sweep_n;
  double      sweep_inertia[CLU_SWEEP_K];
  double      sweep_bic[CLU_SWEEP_K];
  double      sweep_aic[CLU_SWEEP_K];
  char       *sweep_note;     /* why a k is missing, or NULL */
} CluResult;

LabResult *clustering_compute       (LabParams *params, LabDataset *data, LabProgress *progress,
                                     GCancellable *cancellable, GError **error);
LabFigure *clustering_build         (const LabResult *result, LabParams *params);
void       clustering_metrics       (const LabResult *result, LabParams *params, LabMetrics *out);
gboolean   clustering_click         (const LabResult *result, LabParams *params, int axes_tag,
                                     double x, double y);
gboolean   clustering_suggest_range (const LabResult *result, GParamSpec *pspec, double *lo, double *hi);

/* The number of half-steps of each method (the last shown step), and the step shown. */
guint      clustering_km_steps      (const CluResult *self);
guint      clustering_gmm_steps     (const CluResult *self);
guint      clustering_shown_step    (const CluResult *self, LabParams *params);

/* Parses "x,y; x,y; …" (the manual centroids, in the plotted coordinates). Returns the number
 * of centroids (≤ CLU_MAX_K) written to @xy, or −1 with LAB_ERROR_USAGE. */
int        clustering_parse_centroids (const char *text, double *xy, GError **error);
char      *clustering_format_centroids (const double *xy, guint n);

G_END_DECLS
