/* kernels-private.h — shared by the files of the "kernels" topic, no one else
 *
 * compute: the points (a generator, or two columns of the user's CSV and a two-class label),
 * a seeded train/test split, a C-SVC trained by LIBSVM (lab-svm) on the training rows, its
 * decision function on a grid, and what the view needs besides: the same machine over a range
 * of C or of gamma (small multiples), the explicit lift (x₁, x₂, x₁² + x₂²) with a linear SVM
 * in 3-D, or the Gram matrix sorted by class and its smallest eigenvalue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-columns.h"
#include "lab-error.h"
#include "lab-kernel-ridge.h"
#include "lab-points.h"
#include "lab-svm.h"

#include "kernels.h"

G_BEGIN_DECLS

#define KRN_GRID_N     240   /* decision-function grid per side (regions view), at most */
#define KRN_SWEEP_GRID 120   /* per side in each small multiple, at most */
#define KRN_GRID_BUDGET 4e6  /* kernel evaluations a grid may cost where no shortcut applies (sigmoid) */
#define KRN_N_SWEEP    6     /* small multiples in a sweep */
#define KRN_GRAM_MAX   300   /* training rows in the Gram matrix, at most (evenly spaced) */
#define KRN_KRR_MAX     3000  /* training rows kernel ridge solves for, at most (an n × n system) */
#define KRN_KRR_GRID   400   /* points along x where the kernel ridge fits are drawn */

typedef enum
{
  KRN_SOURCE_SYNTHETIC,
  KRN_SOURCE_DATA,
} KrnSource;

typedef enum
{
  KRN_VIEW_REGIONS,
  KRN_VIEW_C_SWEEP,
  KRN_VIEW_GAMMA_SWEEP,
  KRN_VIEW_LIFT,
  KRN_VIEW_GRAM,
  KRN_VIEW_KERNEL_RIDGE,
} KrnView;

GType krn_source_get_type (void) G_GNUC_CONST;
GType krn_dataset_get_type (void) G_GNUC_CONST;
GType krn_kernel_get_type (void) G_GNUC_CONST;
GType krn_view_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_KERNELS_PARAMS (lab_kernels_params_get_type ())
G_DECLARE_FINAL_TYPE (LabKernelsParams, lab_kernels_params, LAB, KERNELS_PARAMS, LabParams)

enum { TAG_REGIONS = 0, TAG_SWEEP = 10, TAG_LIFT = 30, TAG_LIFT_PLANE, TAG_GRAM, TAG_KRR_FIT, TAG_KRR_ALPHA };

typedef struct
{
  double  value;        /* C or gamma */
  LabSvm *svm;
  double *grid;         /* side² decision values */
  guint   side;
  double  train_accuracy, test_accuracy;
} KrnSweep;

typedef struct
{
  LabResult   parent;
  LabPoints  *points;
  char       *source_name;
  guint      *train, *test;
  guint       n_train, n_test;
  guint       n_added;          /* the last n_added points were added by clicks (training rows) */
  KrnView     view;
  double      box[4];           /* x0, x1, y0, y1 */
  double      gamma;            /* as used (scale, auto or the number) */
  char       *gamma_spec;       /* as given */
  LabSvm     *svm;
  double     *grid;             /* grid_side² decision values, row 0 at box[2] */
  guint       grid_side;
  double      train_accuracy, test_accuracy;
  double      margin_width;     /* 2 / ‖w‖ (linear kernel), else NaN */
  /* the Gram matrix of up to KRN_GRAM_MAX training rows, sorted by class */
  guint       gram_n, gram_n0;  /* rows, of which class 0 */
  double     *gram;
  double      gram_min_eigenvalue;
  /* sweeps */
  KrnSweep    sweep[KRN_N_SWEEP];
  guint       n_sweep;
  LabKernelKind sweep_kernel;
  /* lift: a linear SVM on (x₁, x₂, (x₁ − m₁)² + (x₂ − m₂)²), m the training mean */
  double      lift_center[2];
  double     *lift_z;           /* n */
  double      lift_w[3], lift_b;
  double      lift_train_accuracy;
  /* kernel ridge (view=kernel-ridge): 1-D points (x, y), the dual fit on the training rows,
   * and ridge on the explicit features where the kernel has them (linear, polynomial) */
  guint       krr_n;
  double     *krr_x, *krr_y;
  gsize      *krr_rows;              /* dataset rows (NULL when generated) */
  char       *krr_names[2];
  double      lambda;
  LabKernelRidge *krr;
  double      krr_grid_x[KRN_KRR_GRID], krr_fit[KRN_KRR_GRID], krr_primal[KRN_KRR_GRID];
  guint       primal_width;          /* features of the explicit map; 0: none */
  double      primal_w[32];
  double      primal_max_difference; /* max |dual − primal| over the grid */
  double      train_mse, test_mse;
} KrnResult;

LabResult *krn_compute (LabParams *params, LabDataset *data, LabProgress *progress, GCancellable *cancellable, GError **error);
LabFigure *krn_build (const LabResult *result, LabParams *params);
void       krn_metrics (const LabResult *result, LabParams *params, LabMetrics *out);
gboolean   krn_click (const LabResult *result, LabParams *params, int axes_tag, double x, double y);

/* "scale", "auto" or a positive number; FALSE with LAB_ERROR_USAGE naming gamma otherwise. */
gboolean   krn_parse_gamma (const char *spec, gboolean *scale, gboolean *autog, double *value, GError **error);
const char *krn_kernel_nick (LabKernelKind kind);
/* "x,y,class;x,y,class…" (classes 0 or 1) into @xy (2 per point) and @cls; FALSE with
 * LAB_ERROR_USAGE naming added-points on a malformed entry. */
gboolean   krn_parse_added (const char *spec, GArray *xy, GArray *cls, GError **error);

G_END_DECLS
