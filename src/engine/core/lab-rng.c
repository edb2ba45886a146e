/* lab-rng.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <pthread.h>

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

/* ---- xoshiro256++ ---- */

double _lab_zig_x[257];
double _lab_zig_f[257];

/* Marsaglia & Tsang's 256 layers: the rightmost layer edge R and the common area V */
#define ZIG_R 3.6541528853610088
#define ZIG_V 4.92867323399e-3

static void
zig_fill (void)
{
  double f_r = exp (-0.5 * ZIG_R * ZIG_R);

  /* layer 0: the base strip of width V/f(R) (the rectangle under f(R) and the tail);
   * layer i ≥ 1: [0, x_i] × [f(x_i), f(x_{i+1})], each of area V */
  _lab_zig_x[0] = ZIG_V / f_r;
  _lab_zig_f[0] = 0;
  _lab_zig_x[1] = ZIG_R;
  _lab_zig_f[1] = f_r;
  for (guint i = 1; i < 255; i++)
    {
      double y = _lab_zig_f[i] + ZIG_V / _lab_zig_x[i];

      _lab_zig_x[i + 1] = sqrt (-2 * log (y));
      _lab_zig_f[i + 1] = y;
    }
  _lab_zig_x[256] = 0;
  _lab_zig_f[256] = 1;
}

/* The tables, once, whichever thread asks first. pthread_once rather than g_once_init_enter:
 * the same guarantee, but ThreadSanitizer sees pthread_once's hand-over, not that of Debian's
 * uninstrumented GLib (it reported the tables' readers on a second thread as a race). */
static void
zig_init (void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;

  pthread_once (&once, zig_fill);
}

static guint64
splitmix64 (guint64 *z)
{
  guint64 r = (*z += 0x9e3779b97f4a7c15ull);

  r = (r ^ (r >> 30)) * 0xbf58476d1ce4e5b9ull;
  r = (r ^ (r >> 27)) * 0x94d049bb133111ebull;
  return r ^ (r >> 31);
}

void
lab_fast_rng_seed (LabFastRng *x,
                   guint64     seed)
{
  for (guint i = 0; i < 4; i++)
    x->s[i] = splitmix64 (&seed);   /* never all zero: splitmix64 is a bijection of distinct inputs */
}

double
_lab_fast_rng_gaussian_slow (LabFastRng *x,
                             guint64     bits)
{
  for (;;)
    {
      guint i = (guint) (bits & 0xff);
      double u = (double) ((gint64) bits >> 11) * 0x1.0p-52, v = u * _lab_zig_x[i];

      if (fabs (v) < _lab_zig_x[i + 1])
        return v;
      if (i == 0)
        {
          /* the tail beyond R (Marsaglia, 1964): x = −ln(U₁)/R, kept when 2·(−ln U₂) > x² */
          double t, y;

          do
            {
              t = -log (1.0 - lab_fast_rng_uniform (x)) / ZIG_R;
              y = -log (1.0 - lab_fast_rng_uniform (x));
            }
          while (y + y < t * t);
          return u < 0 ? -(ZIG_R + t) : ZIG_R + t;
        }
      /* the wedge between x_{i+1} and x_i: under the curve with probability f(v) */
      if (_lab_zig_f[i] + lab_fast_rng_uniform (x) * (_lab_zig_f[i + 1] - _lab_zig_f[i]) < exp (-0.5 * v * v))
        return v;
      bits = lab_fast_rng_next (x);
    }
}

static void
xoshiro_set (void          *state,
             unsigned long  seed)
{
  lab_fast_rng_seed (state, seed);
}

static unsigned long
xoshiro_get (void *state)
{
  return (unsigned long) (lab_fast_rng_next (state) >> 32);
}

static double
xoshiro_get_double (void *state)
{
  return lab_fast_rng_uniform (state);
}

static const gsl_rng_type xoshiro_type = {
  "xoshiro256++", 0xffffffffUL, 0, sizeof (LabFastRng), xoshiro_set, xoshiro_get, xoshiro_get_double,
};

const gsl_rng_type *lab_rng_xoshiro256pp = &xoshiro_type;

gsl_rng *
lab_rng_new_fast (guint64 seed)
{
  gsl_rng *rng;

  zig_init ();
  rng = gsl_rng_alloc (lab_rng_xoshiro256pp);
  lab_fast_rng_seed (lab_rng_fast_state (rng), seed);
  return rng;
}
