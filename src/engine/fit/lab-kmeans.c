/* lab-kmeans.c — Lloyd's k-means, k-means++ and the adjusted Rand index
 *
 * Hand-written on purpose: the two half-steps (assign every point to its
 * nearest centroid; move every centroid to the mean of its points) are the
 * lesson, and the topic shows each of them. Distances are computed directly
 * as Σ (x − c)², not as ‖x‖² − 2x·c + ‖c‖², which cancels badly far from
 * the origin; with d = 2 and k ≤ 10 a BLAS product would not be faster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-kmeans.h"

struct _LabKmeans
{
  const double *x;
  gsize         n;
  guint         d, k;
  double       *centroids;   /* k × d */
  double       *sums;        /* k × d scratch */
  double       *weight;      /* k: points per cluster (as doubles, like the sums) */
  guint        *labels;      /* n */
  double       *dist;        /* n: squared distance to the own centroid */
  gsize        *order;       /* n scratch for re-seeding */
};

LabKmeans *
lab_kmeans_new (const double *x,
                gsize         n,
                guint         d,
                guint         k)
{
  LabKmeans *self;

  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (d >= 1 && k >= 1 && k <= n, NULL);

  self = g_new0 (LabKmeans, 1);
  self->x = x;
  self->n = n;
  self->d = d;
  self->k = k;
  self->centroids = g_new0 (double, (gsize) k * d);
  self->sums = g_new0 (double, (gsize) k * d);
  self->weight = g_new0 (double, k);
  self->labels = g_new0 (guint, n);
  self->dist = g_new0 (double, n);
  return self;
}

void
lab_kmeans_free (LabKmeans *self)
{
  if (self == NULL)
    return;
  g_free (self->centroids);
  g_free (self->sums);
  g_free (self->weight);
  g_free (self->labels);
  g_free (self->dist);
  g_free (self->order);
  g_free (self);
}

static inline double
sqdist (const double *a,
        const double *b,
        guint         d)
{
  double s = 0;

  for (guint j = 0; j < d; j++)
    {
      double t = a[j] - b[j];

      s += t * t;
    }
  return s;
}

void
lab_kmeans_init_random (const double *x,
                        gsize         n,
                        guint         d,
                        guint         k,
                        gsl_rng      *rng,
                        double       *centroids)
{
  g_autofree gsize *chosen = g_new (gsize, k);

  g_return_if_fail (k >= 1 && k <= n);

  /* Floyd's algorithm: k distinct indices out of n without an n-sized array */
  for (gsize j = n - k, m = 0; j < n; j++, m++)
    {
      gsize t = (gsize) gsl_rng_uniform_int (rng, j + 1);
      gboolean seen = FALSE;

      for (gsize i = 0; i < m; i++)
        if (chosen[i] == t)
          seen = TRUE;
      chosen[m] = seen ? j : t;
    }
  for (guint c = 0; c < k; c++)
    memcpy (centroids + (gsize) c * d, x + chosen[c] * d, d * sizeof (double));
}

void
lab_kmeans_init_plusplus (const double *x,
                          gsize         n,
                          guint         d,
                          guint         k,
                          gsl_rng      *rng,
                          double       *centroids)
{
  g_autofree double *closest = g_new (double, n);
  gsize first;

  g_return_if_fail (k >= 1 && k <= n);

  first = (gsize) gsl_rng_uniform_int (rng, n);
  memcpy (centroids, x + first * d, d * sizeof (double));
  for (gsize i = 0; i < n; i++)
    closest[i] = sqdist (x + i * d, centroids, d);

  for (guint c = 1; c < k; c++)
    {
      double total = 0, u, acc = 0;
      gsize pick = n - 1;

      for (gsize i = 0; i < n; i++)
        total += closest[i];
      if (total > 0)
        {
          u = gsl_rng_uniform (rng) * total;
          for (gsize i = 0; i < n; i++)
            {
              acc += closest[i];
              if (acc > u && closest[i] > 0)
                {
                  pick = i;
                  break;
                }
            }
        }
      else
        pick = (gsize) gsl_rng_uniform_int (rng, n);   /* every point sits on a centroid */
      memcpy (centroids + (gsize) c * d, x + pick * d, d * sizeof (double));
      for (gsize i = 0; i < n; i++)
        {
          double t = sqdist (x + i * d, centroids + (gsize) c * d, d);

          if (t < closest[i])
            closest[i] = t;
        }
    }
}

void
lab_kmeans_set_centroids (LabKmeans    *self,
                          const double *centroids)
{
  g_return_if_fail (self != NULL && centroids != NULL);

  memcpy (self->centroids, centroids, (gsize) self->k * self->d * sizeof (double));
}

double
lab_kmeans_assign (LabKmeans *self,
                   gsize     *n_changed)
{
  const guint d = self->d, k = self->k;
  double inertia = 0;
  gsize changed = 0;

  for (gsize i = 0; i < self->n; i++)
    {
      const double *xi = self->x + i * d;
      double best = sqdist (xi, self->centroids, d);
      guint arg = 0;

      for (guint c = 1; c < k; c++)
        {
          double t = sqdist (xi, self->centroids + (gsize) c * d, d);

          if (t < best)
            {
              best = t;
              arg = c;
            }
        }
      changed += self->labels[i] != arg;
      self->labels[i] = arg;
      self->dist[i] = best;
      inertia += best;
    }
  if (n_changed != NULL)
    *n_changed = changed;
  return inertia;
}

/* Sorts indices by decreasing distance, ties by increasing index. */
static int
compare_far (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const double *dist = user_data;
  gsize i = *(const gsize *) a, j = *(const gsize *) b;

  if (dist[i] != dist[j])
    return dist[i] < dist[j] ? 1 : -1;
  return (i > j) - (i < j);
}

guint
lab_kmeans_update (LabKmeans *self,
                   guint     *reseeded,
                   double    *shift)
{
  const guint d = self->d, k = self->k;
  guint n_empty = 0;
  double moved = 0;

  memset (self->sums, 0, (gsize) k * d * sizeof (double));
  memset (self->weight, 0, k * sizeof (double));
  for (gsize i = 0; i < self->n; i++)
    {
      double *s = self->sums + (gsize) self->labels[i] * d;
      const double *xi = self->x + i * d;

      for (guint j = 0; j < d; j++)
        s[j] += xi[j];
      self->weight[self->labels[i]] += 1;
    }

  for (guint c = 0; c < k; c++)
    if (self->weight[c] == 0)
      n_empty++;
  if (n_empty > 0)
    {
      guint e = 0;

      /* the n_empty points farthest from their centroids become the empty clusters' new
       * centroids and leave their old clusters */
      if (self->order == NULL)
        self->order = g_new (gsize, self->n);
      for (gsize i = 0; i < self->n; i++)
        self->order[i] = i;
      g_qsort_with_data (self->order, (gint) self->n, sizeof (gsize), compare_far, self->dist);
      for (guint c = 0; c < k; c++)
        {
          gsize far;
          guint old;

          if (self->weight[c] != 0 || e >= self->n)
            continue;
          far = self->order[e++];
          old = self->labels[far];
          for (guint j = 0; j < d; j++)
            {
              self->sums[(gsize) old * d + j] -= self->x[far * d + j];
              self->sums[(gsize) c * d + j] = self->x[far * d + j];
            }
          self->weight[old] -= 1;
          self->weight[c] = 1;
          if (reseeded != NULL)
            reseeded[e - 1] = c;
        }
    }

  for (guint c = 0; c < k; c++)
    {
      double *cent = self->centroids + (gsize) c * d;

      if (self->weight[c] > 0)
        for (guint j = 0; j < d; j++)
          {
            double v = self->sums[(gsize) c * d + j] / self->weight[c];

            moved += (v - cent[j]) * (v - cent[j]);
            cent[j] = v;
          }
    }
  if (shift != NULL)
    *shift = moved;
  return n_empty;
}

const double *
lab_kmeans_get_centroids (LabKmeans *self)
{
  return self->centroids;
}

const guint *
lab_kmeans_get_labels (LabKmeans *self)
{
  return self->labels;
}

const double *
lab_kmeans_get_distances (LabKmeans *self)
{
  return self->dist;
}

void
lab_kmeans_count (LabKmeans *self,
                  guint     *counts)
{
  memset (counts, 0, self->k * sizeof (guint));
  for (gsize i = 0; i < self->n; i++)
    counts[self->labels[i]]++;
}

static double
pairs (double m)
{
  return m * (m - 1) / 2;
}

double
lab_adjusted_rand_index (const guint *a,
                         const guint *b,
                         gsize        n)
{
  guint ka = 0, kb = 0;
  g_autofree double *table = NULL, *ra = NULL, *rb = NULL;
  double index = 0, sa = 0, sb = 0, expected, maximum;

  g_return_val_if_fail (n == 0 || (a != NULL && b != NULL), NAN);

  for (gsize i = 0; i < n; i++)
    {
      ka = MAX (ka, a[i] + 1);
      kb = MAX (kb, b[i] + 1);
    }
  table = g_new0 (double, (gsize) ka * kb + 1);
  ra = g_new0 (double, ka + 1);
  rb = g_new0 (double, kb + 1);
  for (gsize i = 0; i < n; i++)
    {
      table[(gsize) a[i] * kb + b[i]] += 1;
      ra[a[i]] += 1;
      rb[b[i]] += 1;
    }
  for (gsize t = 0; t < (gsize) ka * kb; t++)
    index += pairs (table[t]);
  for (guint i = 0; i < ka; i++)
    sa += pairs (ra[i]);
  for (guint j = 0; j < kb; j++)
    sb += pairs (rb[j]);
  expected = n > 1 ? sa * sb / pairs ((double) n) : 0;
  maximum = 0.5 * (sa + sb);
  /* one cluster each, or every item alone in both: identical partitions (scikit-learn: 1) */
  if (maximum == expected)
    return 1.0;
  return (index - expected) / (maximum - expected);
}
