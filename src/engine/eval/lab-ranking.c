/* lab-ranking.c — top-k selection and ranking metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-ranking.h"

/* a before b: higher score, then lower index */
static inline gboolean
better (double sa, guint a, double sb, guint b)
{
  return sa > sb || (sa == sb && a < b);
}

guint
lab_rank_top_k (const double *scores,
                guint         n_items,
                const guint8 *exclude,
                guint         k,
                guint        *out)
{
  guint n = 0;

  g_return_val_if_fail (scores != NULL && out != NULL, 0);
  if (k == 0)
    return 0;
  /* insertion into a sorted list of k: one comparison for most items once the list is full */
  for (guint j = 0; j < n_items; j++)
    {
      guint at;

      if (exclude != NULL && exclude[j])
        continue;
      if (n == k && !better (scores[j], j, scores[out[k - 1]], out[k - 1]))
        continue;
      at = n < k ? n++ : k - 1;
      while (at > 0 && better (scores[j], j, scores[out[at - 1]], out[at - 1]))
        {
          out[at] = out[at - 1];
          at--;
        }
      out[at] = j;
    }
  return n;
}

void
lab_rank_score (const guint   *ranked,
                guint          n_ranked,
                guint          k,
                const guint8  *relevant,
                guint          n_relevant,
                LabRankScores *out)
{
  double dcg = 0, idcg = 0, ap = 0;
  guint hits = 0, m;

  g_return_if_fail (k >= 1 && n_relevant >= 1 && out != NULL);
  n_ranked = MIN (n_ranked, k);
  for (guint j = 0; j < n_ranked; j++)
    if (relevant[ranked[j]])
      {
        hits++;
        dcg += 1.0 / log2 (j + 2.0);
        ap += (double) hits / (j + 1.0);
      }
  m = MIN (k, n_relevant);
  for (guint j = 0; j < m; j++)
    idcg += 1.0 / log2 (j + 2.0);
  out->hits = hits;
  out->precision = (double) hits / k;
  out->recall = (double) hits / n_relevant;
  out->ndcg = dcg / idcg;
  out->ap = ap / m;
}
