/* lab-points.h — labelled points for the classification topics: synthetic
 * generators, a dataset's columns as features and classes, train/test splits
 *
 * One place for what the trees, classifiers, losses, kernels and
 * neural-network topics all need, so no topic carries its own moons.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lab-dataset.h"

G_BEGIN_DECLS

#define LAB_POINTS_MAX_CLASSES 10

typedef enum
{
  LAB_SYNTH_MOONS,             /* two interleaved half circles (as scikit-learn's make_moons) */
  LAB_SYNTH_CIRCLES,           /* a circle inside a circle, radius ratio 0.5 (make_circles) */
  LAB_SYNTH_BLOBS,             /* @classes isotropic Gaussians, centres on a circle of radius 2.5 */
  LAB_SYNTH_XOR,               /* uniform on [−1, 1]², class = (x₁ > 0) xor (x₂ > 0) */
  LAB_SYNTH_SPIRALS,           /* @classes interleaved spiral arms */
  LAB_SYNTH_ANISOTROPIC,       /* blobs sheared by [[0.6, −0.64], [−0.41, 0.85]] */
  LAB_SYNTH_UNEQUAL_VARIANCE,  /* blobs with standard deviations 1, 2.5, 0.5, … × the noise */
  LAB_SYNTH_UNEQUAL_SIZE,      /* blobs with sizes in the ratio 50 : 10 : 1 : … */
  LAB_SYNTH_CORRELATED,        /* two Gaussian classes sharing a covariance with ρ = 0.9 */
  LAB_N_SYNTH,
} LabSynthKind;

/* The names as spelled on the command line: "moons", "unequal-variance", … */
const char *lab_synth_kind_to_string (LabSynthKind kind);

typedef struct
{
  LabSynthKind kind;
  guint        n;          /* rows, ≥ 2 × classes */
  guint        classes;    /* 2…10 where the kind allows more than two (blobs and their variants, spirals) */
  double       noise;      /* standard deviation of the Gaussian noise (blobs: of each cluster) */
  double       ratio;      /* ≥ 1: class 0 is @ratio times class 1 (two classes); with more, class c
                              has a share ∝ ratio^(−c/(classes−1)) (a long tail). 1 = balanced */
  guint64      seed;
} LabSynthOptions;

typedef struct
{
  guint    n;                 /* rows */
  guint    d;                 /* features */
  guint    n_classes;
  double  *x;                 /* n × d, row-major */
  guint   *y;                 /* 0 … n_classes − 1 */
  char   **feature_names;     /* d names */
  char   **class_names;       /* n_classes names */
  gsize   *rows;              /* the dataset row of each point (NULL for synthetic points) */
  gsize    n_dropped;         /* dataset rows left out for a missing cell */
} LabPoints;

/* Errors: LAB_ERROR_USAGE naming the option and its range. */
LabPoints *lab_points_synthesize   (const LabSynthOptions *options,
                                    GError               **error);
/* The rows of @data as points: @features (≥ 1 numeric columns) and the class column @label
 * (integers or text, 2…10 distinct values; classes numbered in sorted order, numbers ascending
 * and text by code point, as scikit-learn's LabelEncoder). Rows with a missing cell in any of these columns
 * are dropped and counted. Errors (LAB_ERROR_DATA / USAGE) name the file, the column and the
 * rule: a text feature column, one class only, more than 10 classes, no complete rows. */
LabPoints *lab_points_from_dataset (LabDataset            *data,
                                    const char * const    *features,
                                    guint                  n_features,
                                    const char            *label,
                                    GError               **error);
void       lab_points_free         (LabPoints             *points);

/* Class sizes in @counts (n_classes entries). */
void       lab_points_count_classes (const LabPoints *points,
                                     guint           *counts);

/* A seeded random split: round(n × @test_fraction) rows to the test set (0 puts every row in
 * training), the rest to training; both index arrays in ascending order. */
void       lab_points_split        (const LabPoints *points,
                                    double           test_fraction,
                                    guint64          seed,
                                    guint          **train,
                                    guint           *n_train,
                                    guint          **test,
                                    guint           *n_test);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPoints, lab_points_free)

G_END_DECLS
