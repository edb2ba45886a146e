/* lab-kmeans.h — k-means (Lloyd's algorithm) one half-step at a time
 *
 * The workspace holds the points (borrowed), the centroids, the labels and
 * the per-point squared distances, so a caller can alternate
 * lab_kmeans_assign() and lab_kmeans_update() and record every half-step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

G_BEGIN_DECLS

typedef struct _LabKmeans LabKmeans;

/* @x: @n rows × @d columns, row-major, borrowed while the workspace lives; 1 ≤ @k ≤ @n. */
LabKmeans    *lab_kmeans_new            (const double *x,
                                         gsize         n,
                                         guint         d,
                                         guint         k);
void          lab_kmeans_free           (LabKmeans    *self);

/* Initial centroids (k × d) written into @centroids:
 * random — @k distinct rows drawn uniformly;
 * plusplus — k-means++ (Arthur & Vassilvitskii 2007): the first row uniformly, each next one
 * with probability ∝ its squared distance to the nearest centroid chosen so far (D² sampling). */
void          lab_kmeans_init_random    (const double *x,
                                         gsize         n,
                                         guint         d,
                                         guint         k,
                                         gsl_rng      *rng,
                                         double       *centroids);
void          lab_kmeans_init_plusplus  (const double *x,
                                         gsize         n,
                                         guint         d,
                                         guint         k,
                                         gsl_rng      *rng,
                                         double       *centroids);

void          lab_kmeans_set_centroids  (LabKmeans    *self,
                                         const double *centroids);
/* Assignment half-step: every point to its nearest centroid (ties: the lowest index).
 * Returns the inertia Σᵢ ‖xᵢ − c_{label i}‖² and the number of labels that changed. */
double        lab_kmeans_assign         (LabKmeans    *self,
                                         gsize        *n_changed);
/* Update half-step: every centroid to the mean of its points. A cluster left empty is
 * re-seeded at the point farthest from its centroid (several: the farthest ones, in
 * decreasing distance), which leaves its old cluster — scikit-learn's rule. The ids of the
 * re-seeded clusters go to @reseeded (k entries, may be NULL); returns how many there were.
 * @shift: Σⱼ ‖cⱼ(new) − cⱼ(old)‖² (may be NULL). */
guint         lab_kmeans_update         (LabKmeans    *self,
                                         guint        *reseeded,
                                         double       *shift);

const double *lab_kmeans_get_centroids  (LabKmeans    *self);
const guint  *lab_kmeans_get_labels     (LabKmeans    *self);
/* The squared distance of each point to its centroid at the last assignment. */
const double *lab_kmeans_get_distances  (LabKmeans    *self);
void          lab_kmeans_count          (LabKmeans    *self,
                                         guint        *counts);

/* The adjusted Rand index (Hubert & Arabie 1985) of two labellings of @n items: 1 for
 * identical partitions, about 0 for independent ones. Labels are small integers. */
double        lab_adjusted_rand_index   (const guint  *a,
                                         const guint  *b,
                                         gsize         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabKmeans, lab_kmeans_free)

G_END_DECLS
