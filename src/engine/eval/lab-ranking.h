/* lab-ranking.h — top-k lists and the ranking metrics of recommenders
 *
 * Standard definitions, for one user whose list @ranked holds n ≤ k items and whose held-out
 * relevant items number R (R ≥ 1; users without one are left out of the averages):
 *   precision@k = hits / k                 (a list shorter than k still divides by k)
 *   recall@k    = hits / R
 *   NDCG@k      = Σ_{rank j ≤ k, relevant} 1/log₂(j + 1)  /  Σ_{j ≤ min(k, R)} 1/log₂(j + 1)
 *   AP@k        = Σ_{j ≤ k, relevant} precision@j  /  min(k, R)
 * Ties in score are broken by the lower item index, so a list is deterministic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double precision, recall, ndcg, ap;
  guint  hits;
} LabRankScores;

/* The (at most) @k items with the highest @scores among those with exclude[j] == 0 (exclude
 * may be NULL), best first, ties to the lower index. Returns how many were written to @out. */
guint lab_rank_top_k (const double *scores,
                      guint         n_items,
                      const guint8 *exclude,
                      guint         k,
                      guint        *out);

/* The metrics above of @ranked (@n_ranked items) against relevant[j] != 0, @n_relevant ≥ 1. */
void  lab_rank_score (const guint   *ranked,
                      guint          n_ranked,
                      guint          k,
                      const guint8  *relevant,
                      guint          n_relevant,
                      LabRankScores *out);

G_END_DECLS
