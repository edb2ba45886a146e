/* lab-rng.h — per-job random number generators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include <glib.h>
#include <gsl/gsl_rng.h>

G_BEGIN_DECLS

/* A fresh generator (mt19937) seeded with @seed; each job owns its own. */
gsl_rng *lab_rng_new      (guint64 seed);
/* A standard normal draw (GSL's ziggurat: ~4× faster than Box–Muller). */
double   lab_rng_gaussian (gsl_rng *rng);

/* ---- a fast generator for inner loops of simulations ----
 *
 * xoshiro256++ (Blackman & Vigna, 2019: period 2²⁵⁶ − 1, passes BigCrush), seeded by
 * splitmix64, as a GSL generator type so that GSL's samplers (gsl_ran_beta, …) draw from
 * the same stream, with inline draws for hot loops through lab_rng_fast_state (). Its
 * normal draws are a 256-layer ziggurat (Marsaglia & Tsang, 2000) on 64-bit words: one word
 * per draw in 98.8 % of cases. Seeding costs a few nanoseconds (mt19937: ~1 µs), so a
 * stream per run is cheap. */
typedef struct
{
  guint64 s[4];
} LabFastRng;

extern const gsl_rng_type *lab_rng_xoshiro256pp;

/* A fresh xoshiro256++ generator seeded with @seed (gsl_rng_set reseeds with 64 bits). */
gsl_rng *lab_rng_new_fast (guint64 seed);
/* Reseeds @x from the 64-bit @seed (splitmix64): distinct seeds give independent streams. */
void     lab_fast_rng_seed (LabFastRng *x,
                            guint64     seed);
/* The normal draw's rare paths (the wedges and the tail), called by lab_fast_rng_gaussian. */
double   _lab_fast_rng_gaussian_slow (LabFastRng *x,
                                      guint64     bits);

/* the ziggurat: layer i spans |x| < _lab_zig_x[i], _lab_zig_f[i] = exp(−x²/2) there */
extern double _lab_zig_x[257];
extern double _lab_zig_f[257];

static inline LabFastRng *
lab_rng_fast_state (gsl_rng *rng)
{
  return (LabFastRng *) rng->state;
}

static inline guint64
lab_fast_rng_next (LabFastRng *x)
{
  guint64 *s = x->s;
  guint64 r = s[0] + s[3], t = s[1] << 17;

  r = ((r << 23) | (r >> 41)) + s[0];
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = (s[3] << 45) | (s[3] >> 19);
  return r;
}

/* uniform on [0, 1), 53 random bits */
static inline double
lab_fast_rng_uniform (LabFastRng *x)
{
  return (lab_fast_rng_next (x) >> 11) * 0x1.0p-53;
}

/* uniform on {0, …, n − 1}, n ≥ 1, exactly (Lemire's multiply with rejection) */
static inline guint32
lab_fast_rng_below (LabFastRng *x,
                    guint32     n)
{
  guint64 m = (lab_fast_rng_next (x) >> 32) * n;

  if ((guint32) m < n)
    {
      guint32 floor = (guint32) -n % n;

      while ((guint32) m < floor)
        m = (lab_fast_rng_next (x) >> 32) * n;
    }
  return (guint32) (m >> 32);
}

/* a standard normal draw */
static inline double
lab_fast_rng_gaussian (LabFastRng *x)
{
  guint64 bits = lab_fast_rng_next (x);
  guint i = (guint) (bits & 0xff);
  /* the top 53 bits as a signed uniform on [−1, 1) */
  double u = (double) ((gint64) bits >> 11) * 0x1.0p-52, v = u * _lab_zig_x[i];

  if (G_LIKELY (fabs (v) < _lab_zig_x[i + 1]))
    return v;
  return _lab_fast_rng_gaussian_slow (x, bits);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_rng, gsl_rng_free)

G_END_DECLS
