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
