/* lab-neighbours.c — k-NN collaborative filtering: similarities, neighbour lists, predictions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "lab-neighbours.h"
#include "lab-ranking.h"

void
lab_neighbours_free (LabNeighbours *self)
{
  if (self == NULL)
    return;
  g_free (self->idx);
  g_free (self->sim);
  g_free (self->mean);
  g_free (self);
}

static int
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

LabNeighbours *
lab_neighbours_new (const LabSparse *rows,
                    const LabSparse *cols,
                    LabSimilarity    similarity,
                    guint            k,
                    GCancellable    *cancellable,
                    GError         **error)
{
  guint n = rows->n_rows;
  g_autoptr(LabNeighbours) self = g_new0 (LabNeighbours, 1);
  g_autofree double *norm = g_new0 (double, MAX (n, 1)), *acc = g_new0 (double, MAX (n, 1));
  g_autofree guint8 *skip = g_new0 (guint8, MAX (n, 1));   /* rows touched by the current one */
  g_autofree guint *top = g_new (guint, MAX (k, 1));
  double total = 0;

  g_return_val_if_fail (rows->n_rows == cols->n_cols && rows->n_cols == cols->n_rows && k >= 1, NULL);

  self->n_rows = n;
  self->k = k;
  self->similarity = similarity;
  self->idx = g_new (guint, (gsize) MAX (n, 1) * k);
  self->sim = g_new (double, (gsize) MAX (n, 1) * k);
  self->mean = g_new (double, MAX (n, 1));

  for (gsize e = 0; e < rows->nnz; e++)
    total += rows->val[e];
  for (guint a = 0; a < n; a++)
    {
      gsize m = rows->ptr[a + 1] - rows->ptr[a];
      double s = 0;

      for (gsize e = rows->ptr[a]; e < rows->ptr[a + 1]; e++)
        s += rows->val[e];
      self->mean[a] = m > 0 ? s / m : (rows->nnz > 0 ? total / rows->nnz : 0);
    }
  /* ‖a‖ of the (centred) rows */
  for (guint a = 0; a < n; a++)
    {
      double c = similarity == LAB_SIMILARITY_PEARSON ? self->mean[a] : 0, s = 0;

      for (gsize e = rows->ptr[a]; e < rows->ptr[a + 1]; e++)
        s += (rows->val[e] - c) * (rows->val[e] - c);
      norm[a] = sqrt (s);
    }

  for (guint a = 0; a < n; a++)
    {
      double ca = similarity == LAB_SIMILARITY_PEARSON ? self->mean[a] : 0;
      guint found;
      g_autoptr(GArray) touched = g_array_new (FALSE, FALSE, sizeof (guint));

      if ((a & 127) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      /* a·b for every b sharing a column with a: through the columns' entries */
      for (gsize e = rows->ptr[a]; e < rows->ptr[a + 1]; e++)
        {
          guint c = rows->idx[e];
          double va = rows->val[e] - ca;

          for (gsize f = cols->ptr[c]; f < cols->ptr[c + 1]; f++)
            {
              guint b = cols->idx[f];
              double cb = similarity == LAB_SIMILARITY_PEARSON ? self->mean[b] : 0;

              if (b == a)
                continue;
              if (!skip[b])
                {
                  skip[b] = 1;   /* touched: acc[b] may sum back to 0 */
                  g_array_append_val (touched, b);
                }
              acc[b] += va * (cols->val[f] - cb);
            }
        }
      /* similarities of the touched rows; the others are 0 and never neighbours */
      {
        g_autofree double *s = g_new (double, MAX (touched->len, 1));
        g_autofree double *key = g_new (double, MAX (touched->len, 1));
        g_autofree guint *which = g_new (guint, MAX (touched->len, 1));
        guint m = 0;

        /* in increasing row order, so ties go to the lower index */
        g_array_sort (touched, compare_uint);
        for (guint t = 0; t < touched->len; t++)
          {
            guint b = g_array_index (touched, guint, t);
            double d = norm[a] * norm[b];
            double v = d > 0 ? acc[b] / d : 0;

            acc[b] = 0;
            skip[b] = 0;
            if (fabs (v) > LAB_NEIGHBOURS_ZERO)
              {
                which[m] = b;
                s[m] = v;
                m++;
              }
          }
        /* rank by the similarity rounded to 12 decimals: a tie that rounding split still
         * goes to the lower index */
        for (guint t = 0; t < m; t++)
          key[t] = nearbyint (s[t] * 1e12) / 1e12;
        found = lab_rank_top_k (key, m, NULL, k, top);
        for (guint t = 0; t < k; t++)
          {
            self->idx[(gsize) a * k + t] = t < found ? which[top[t]] : G_MAXUINT;
            self->sim[(gsize) a * k + t] = t < found ? s[top[t]] : 0;
          }
      }
    }
  return g_steal_pointer (&self);
}

/* r_(row, col) by binary search in the row's increasing columns; FALSE when absent */
static gboolean
lookup (const LabSparse *rows, guint row, guint col, double *value)
{
  gsize lo = rows->ptr[row], hi = rows->ptr[row + 1];

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (rows->idx[mid] == col)
        {
          *value = rows->val[mid];
          return TRUE;
        }
      if (rows->idx[mid] < col)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

double
lab_neighbours_predict (const LabNeighbours *self,
                        const LabSparse     *rows,
                        guint                row,
                        guint                col)
{
  gboolean pearson = self->similarity == LAB_SIMILARITY_PEARSON;
  double num = 0, den = 0;

  for (guint t = 0; t < self->k; t++)
    {
      guint b = self->idx[(gsize) row * self->k + t];
      double s = self->sim[(gsize) row * self->k + t], r;

      if (b == G_MAXUINT)
        break;
      if (!lookup (rows, b, col, &r))
        continue;
      num += s * (pearson ? r - self->mean[b] : r);
      den += fabs (s);
    }
  if (den == 0)
    return self->mean[row];
  return (pearson ? self->mean[row] : 0) + num / den;
}
