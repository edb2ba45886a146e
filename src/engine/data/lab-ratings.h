/* lab-ratings.h — user × item ratings: a synthetic low-rank generator, a CSV reader with the
 * errors a user needs, a per-user train/test split and the sparse rows ALS sweeps over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-dataset.h"

G_BEGIN_DECLS

/* Observed ratings as triplets sorted by (user, item); no (user, item) pair twice. */
typedef struct
{
  guint     n_users, n_items;
  gsize     nnz;
  guint    *user;          /* nnz dense user indices, 0 … n_users − 1 */
  guint    *item;          /* nnz */
  double   *value;         /* nnz ratings (implicit feedback: 1) */
  char    **user_names;    /* n_users ids as the file spells them ("17", "alice"); NULL-terminated */
  char    **item_names;    /* n_items */
  gboolean  implicit;      /* no rating column: every observed pair counts 1 */
} LabRatings;

/* A low-rank ratings matrix: user and item factors P (users × rank), Q (items × rank) with
 * N(0, rank^(−1/2)) entries, so P·Qᵀ has unit variance; rating = clamp(3 + p_u·q_i + noise·z,
 * 1, 5). Each user rates round(density · items · e^(0.6 g − 0.18)) items (g standard normal:
 * activity varies, some users rate one item), drawn without replacement with weight
 * (rank of the item's popularity)^(−skew) · e^(p_u·q_i) (Efraimidis–Spirakis keys): skew 0
 * is uniform, 1 a Zipf long tail, and users rate more often what they like, as real users do
 * (ratings are missing not at random). The popularity order is a random permutation of ids.
 * NULL only with G_IO_ERROR_CANCELLED. */
LabRatings *lab_ratings_new_synthetic (guint          users,
                                       guint          items,
                                       guint          rank,
                                       double         density,
                                       double         noise,
                                       double         skew,
                                       guint64        seed,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* The ratings in columns @user_col, @item_col and @rating_col (−1: implicit feedback, every row
 * counts 1) of @data. Ids may be integers or text. Errors (LAB_ERROR_DATA, "FILE:LINE:COL: …"):
 * an empty id, a rating that is not a finite number, a (user, item) pair rated twice (both
 * lines named), no rows at all; fewer than 2 users or 2 items. */
LabRatings *lab_ratings_new_from_dataset (LabDataset    *data,
                                          int            user_col,
                                          int            item_col,
                                          int            rating_col,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* From triplets (any order; duplicates are a programming error). Names may be NULL. */
LabRatings *lab_ratings_new_from_triplets (guint          n_users,
                                           guint          n_items,
                                           gsize          nnz,
                                           const guint   *user,
                                           const guint   *item,
                                           const double  *value);
void        lab_ratings_free              (LabRatings *self);

/* Per-user split: first round(@cold_fraction · users) users, drawn by @seed, put all their
 * ratings in the test set (cold-start users; their number goes to @n_cold); then each other
 * user with n ≥ 2 ratings puts max(1, round(fraction · n)) of them, at most n − 1, in the
 * test set (fraction 0: none); users with fewer than 2 ratings stay wholly in training (their
 * number goes to @n_single). Returns nnz flags (1 = test). */
guint8     *lab_ratings_split             (const LabRatings *self,
                                           double            fraction,
                                           double            cold_fraction,
                                           guint64           seed,
                                           gsize            *n_test,
                                           guint            *n_cold,
                                           guint            *n_single);

/* Compressed sparse rows: row r's entries are idx/val[ptr[r] … ptr[r+1]). */
typedef struct
{
  guint    n_rows, n_cols;
  gsize    nnz;
  gsize   *ptr;            /* n_rows + 1 */
  guint   *idx;            /* nnz column indices, increasing within a row */
  double  *val;            /* nnz */
} LabSparse;

/* The entries whose @mask equals @keep (mask NULL: all), by user (@by_item FALSE) or by item. */
LabSparse  *lab_sparse_from_ratings       (const LabRatings *ratings,
                                           const guint8     *mask,
                                           guint8            keep,
                                           gboolean          by_item);
void        lab_sparse_free               (LabSparse *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabRatings, lab_ratings_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabSparse, lab_sparse_free)

G_END_DECLS
