/* pca-private.h — shared by the files of the "pca" topic, no one else
 *
 * compute (worker): the table (a synthetic set or the user's numeric columns), its PCA
 * (lab-pca: covariance by dsyrk, eigenvectors by gsl_eigen_symmv), the scores on PC1–PC2,
 * and a power iteration on the same matrix from a seeded random start, every step kept.
 * Which columns the scatter shows and which power-iteration step is drawn are view
 * parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-error.h"
#include "lab-pca.h"
#include "lab-rng.h"

#include "pca.h"

G_BEGIN_DECLS

#define PCA_MAX_DRAWN     1500    /* points drawn in each scatter plot */
#define PCA_POWER_STEPS   60      /* power-iteration steps computed */
#define PCA_MAX_COLUMNS   200

enum { TAG_SCATTER, TAG_SCREE, TAG_RECON, TAG_BIPLOT, TAG_POWER, TAG_COV, TAG_CORR };

typedef enum
{
  PCA_SOURCE_SYNTHETIC,
  PCA_SOURCE_DATA,
} PcaSource;

typedef enum
{
  PCA_DATASET_CORRELATED_2D,
  PCA_DATASET_CORRELATED_3D,
  PCA_DATASET_SWISS_ROLL,
  PCA_DATASET_MIXED_UNITS,
  PCA_DATASET_DEPENDENT,
} PcaDataset;

GType lab_pca_source_get_type  (void) G_GNUC_CONST;
GType lab_pca_dataset_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_PCA_PARAMS (lab_pca_params_get_type ())
G_DECLARE_FINAL_TYPE (LabPcaParams, lab_pca_params, LAB, PCA_PARAMS, LabParams)

typedef struct
{
  LabResult  parent;
  gsize      n;
  guint      d;
  double    *x;               /* n × d, as given */
  char     **names;           /* d */
  char      *source_name;
  gsize      n_dropped;
  LabPca    *pca;
  double    *scores;          /* n_drawn × 2: the drawn rows on PC1, PC2 */
  gsize     *drawn;
  gsize      n_drawn;
  double    *power_vectors;   /* (PCA_POWER_STEPS + 1) × d */
  double    *power_rayleigh;  /* PCA_POWER_STEPS + 1 */
} PcaResult;

LabResult *pca_compute       (LabParams *params, LabDataset *data, LabProgress *progress,
                              GCancellable *cancellable, GError **error);
LabFigure *pca_build         (const LabResult *result, LabParams *params);
void       pca_metrics       (const LabResult *result, LabParams *params, LabMetrics *out);
gboolean   pca_suggest_range (const LabResult *result, GParamSpec *pspec, double *lo, double *hi);

G_END_DECLS
