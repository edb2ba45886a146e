/* lab-rng.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_randist.h>

#include "lab-rng.h"

gsl_rng *
lab_rng_new (guint64 seed)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  /* mt19937 takes an unsigned long seed; 0 selects GSL's default seed, keep it distinct */
  gsl_rng_set (rng, (unsigned long) seed);
  return rng;
}

double
lab_rng_gaussian (gsl_rng *rng)
{
  return gsl_ran_gaussian_ziggurat (rng, 1.0);
}
