/* lab-cv.h — cross-validation folds
 *
 * Which fold each row belongs to, and the split of one fold into training and
 * validation rows. Shared by every topic that validates a fit (bias-variance's degree
 * choice; the classifiers' stacking and learning curves).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_CV_INTERLEAVED,   /* row i in fold i mod k: on rows sorted by x, every fold spans the range */
  LAB_CV_CONTIGUOUS,    /* k consecutive blocks, the first n mod k one row larger
                           (scikit-learn's KFold without shuffling) */
  LAB_CV_SHUFFLED,      /* contiguous blocks of a seeded random permutation */
} LabCvScheme;

/* The fold (0 … k − 1) of each of @n rows; 2 ≤ k ≤ n. */
guint *lab_cv_assign (gsize        n,
                      guint        k,
                      LabCvScheme  scheme,
                      guint64      seed);
/* The rows outside fold @f (training) and inside it (validation), in ascending order, into
 * caller arrays of @n entries each. */
void   lab_cv_split  (const guint *fold,
                      gsize        n,
                      guint        f,
                      gsize       *train,
                      gsize       *n_train,
                      gsize       *valid,
                      gsize       *n_valid);

G_END_DECLS
