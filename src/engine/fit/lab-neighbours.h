/* lab-neighbours.h — neighbourhood collaborative filtering (user-based and item-based k-NN)
 *
 * The rows of a sparse ratings matrix (users for user-kNN, items for item-kNN) are compared
 * as vectors over the other side, a missing entry counting 0:
 *   cosine:  s(a, b) = a·b / (‖a‖ ‖b‖)
 *   pearson: the same after subtracting each row's mean from its observed entries (the
 *            "centred cosine" of recommender texts, over all entries, not only co-rated ones)
 * — scikit-learn's cosine_similarity of the dense matrix, which is how the tests check it.
 * Each row keeps its @k most similar other rows with |s| > LAB_NEIGHBOURS_ZERO (an exact 0
 * computed with rounding is no neighbour), ranked by s rounded to 12 decimals with ties to the
 * lower index.
 *
 * Prediction of row a's entry c from the neighbours b of a that have an entry in column c:
 *   cosine:  r̂ = Σ s(a,b) r_bc / Σ |s(a,b)|
 *   pearson: r̂ = μ_a + Σ s(a,b) (r_bc − μ_b) / Σ |s(a,b)|
 * and μ_a (the global mean for an empty row) when no neighbour has the entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-ratings.h"

G_BEGIN_DECLS

#define LAB_NEIGHBOURS_ZERO 1e-12

typedef enum
{
  LAB_SIMILARITY_COSINE,
  LAB_SIMILARITY_PEARSON,
} LabSimilarity;

typedef struct
{
  guint          n_rows, k;
  LabSimilarity  similarity;
  guint         *idx;        /* n_rows × k neighbour rows, G_MAXUINT where there are fewer */
  double        *sim;        /* n_rows × k, decreasing */
  double        *mean;       /* n_rows row means (the global mean for an empty row) */
} LabNeighbours;

/* @rows: the matrix by the compared rows; @cols: the same entries by the other side. */
LabNeighbours *lab_neighbours_new     (const LabSparse *rows,
                                       const LabSparse *cols,
                                       LabSimilarity    similarity,
                                       guint            k,
                                       GCancellable    *cancellable,
                                       GError         **error);
void           lab_neighbours_free    (LabNeighbours *self);

/* The prediction above of entry (@row, @col); @rows as given to lab_neighbours_new. */
double         lab_neighbours_predict (const LabNeighbours *self,
                                       const LabSparse     *rows,
                                       guint                row,
                                       guint                col);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabNeighbours, lab_neighbours_free)

G_END_DECLS
