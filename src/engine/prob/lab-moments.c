/* lab-moments.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-moments.h"

double
lab_moments_variance (const LabMoments *m)
{
  return m->n > 1 ? m->m2 / (m->n - 1) : NAN;
}

double
lab_moments_skewness (const LabMoments *m)
{
  return m->m2 > 0 ? sqrt (m->n) * m->m3 / pow (m->m2, 1.5) : NAN;
}

double
lab_moments_excess_kurtosis (const LabMoments *m)
{
  return m->m2 > 0 ? m->n * m->m4 / (m->m2 * m->m2) - 3 : NAN;
}

void
lab_moments_merge (LabMoments       *a,
                   const LabMoments *b)
{
  double na = a->n, nb = b->n, n = na + nb, d, d2;

  if (nb == 0)
    return;
  if (na == 0)
    {
      *a = *b;
      return;
    }
  d = b->mean - a->mean;
  d2 = d * d;
  a->m4 += b->m4 + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n)
           + 6 * d2 * (na * na * b->m2 + nb * nb * a->m2) / (n * n) + 4 * d * (na * b->m3 - nb * a->m3) / n;
  a->m3 += b->m3 + d2 * d * na * nb * (na - nb) / (n * n) + 3 * d * (na * b->m2 - nb * a->m2) / n;
  a->m2 += b->m2 + d2 * na * nb / n;
  a->mean += d * nb / n;
  a->n = n;
}

void
lab_moments_add_block (LabMoments   *m,
                       const double *x,
                       gsize         n)
{
  LabMoments b = { 0 };
  double sum = 0, s2 = 0, s3 = 0, s4 = 0, mean;

  if (n == 0)
    return;
  for (gsize i = 0; i < n; i++)
    sum += x[i];
  mean = sum / n;
  for (gsize i = 0; i < n; i++)
    {
      double d = x[i] - mean, d2 = d * d;

      s2 += d2;
      s3 += d2 * d;
      s4 += d2 * d2;
    }
  /* the block's mean is off by its rounding error e: centre the sums on the true mean */
  {
    double e = 0;

    for (gsize i = 0; i < n; i++)
      e += x[i] - mean;
    e /= n;
    b.n = n;
    b.mean = mean + e;
    b.m2 = s2 - n * e * e;
    b.m3 = s3 - 3 * e * s2 + 2 * n * e * e * e;
    b.m4 = s4 - 4 * e * s3 + 6 * e * e * s2 - 3 * n * e * e * e * e;
  }
  lab_moments_merge (m, &b);
}
