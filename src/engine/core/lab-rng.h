/* lab-rng.h — per-job random number generators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

G_BEGIN_DECLS

/* A fresh generator (mt19937) seeded with @seed; each job owns its own. */
gsl_rng *lab_rng_new      (guint64 seed);
/* A standard normal draw (GSL's ziggurat: ~4× faster than Box–Muller). */
double   lab_rng_gaussian (gsl_rng *rng);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_rng, gsl_rng_free)

G_END_DECLS
