/* lab-ticks.c — "nice" 1-2-5 ticks and their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-ticks.h"

char *_lab_ticks_format_axis (double value, double step, double amax, gboolean scientific);

/* k · m · 10^e computed so that decimal ticks come out as the nearest
 * double to the decimal (0.6, not 0.6000000000000001). */
static double
tick_value (double k,
            double m,
            int    e)
{
  if (e >= 0)
    return k * m * pow (10.0, e);
  return k * m / pow (10.0, -e);
}

guint
lab_ticks_linear (double  lo,
                  double  hi,
                  guint   target,
                  double *ticks,
                  guint   max_ticks,
                  double *step)
{
  static const double mults[] = { 1.0, 2.0, 5.0, 10.0 };
  double span, raw, best_step = 0.0, best_m = 1.0;
  int e, best_e = 0;
  double best_score = G_MAXDOUBLE;
  guint n = 0;

  if (step != NULL)
    *step = 0.0;
  g_return_val_if_fail (ticks != NULL || max_ticks == 0, 0);
  if (!isfinite (lo) || !isfinite (hi) || max_ticks == 0)
    return 0;
  if (lo > hi)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }

  span = hi - lo;
  if (span <= fabs (hi) * 1e-14 || span <= G_MINDOUBLE)
    {
      /* A degenerate range: a single tick at the value. */
      ticks[0] = lo;
      if (step != NULL)
        *step = lo != 0.0 ? pow (10.0, floor (log10 (fabs (lo))) - 1) : 1.0;
      return 1;
    }

  target = CLAMP (target, 1, max_ticks);
  raw = span / target;
  e = (int) floor (log10 (raw));

  for (int de = -1; de <= 0; de++)
    for (guint i = 0; i < G_N_ELEMENTS (mults); i++)
      {
        double m = mults[i];
        int ee = e + de;
        double s = tick_value (1, m, ee);
        double count = floor (hi / s + 1e-9) - ceil (lo / s - 1e-9) + 1;
        double score;

        if (m == 10.0)
          {
            m = 1.0;
            ee += 1;
          }
        if (count > max_ticks)
          continue;
        /* Closest to the target; on a tie prefer fewer, wider steps. */
        score = fabs (count - target) - 1e-3 * s / raw;
        if (count < 2)
          score += 100;
        if (score < best_score)
          {
            best_score = score;
            best_step = s;
            best_m = m;
            best_e = ee;
          }
      }

  if (best_step <= 0.0)
    return 0;

  {
    double k0 = ceil (lo / best_step - 1e-9);
    double k1 = floor (hi / best_step + 1e-9);

    for (double k = k0; k <= k1 && n < max_ticks; k += 1.0)
      {
        double v = tick_value (k, best_m, best_e);

        if (fabs (v) < best_step * 1e-9)
          v = 0.0;
        ticks[n++] = v;
      }
  }

  if (step != NULL)
    *step = best_step;
  return n;
}

guint
lab_ticks_log (double  lo,
               double  hi,
               guint   target,
               double *ticks,
               guint   max_ticks)
{
  double dlo, dhi, decades;
  guint n = 0;

  g_return_val_if_fail (ticks != NULL || max_ticks == 0, 0);
  if (lo > hi)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  if (!(lo > 0.0) || !isfinite (lo) || !isfinite (hi) || max_ticks == 0)
    return 0;

  target = MAX (target, 2);
  dlo = log10 (lo);
  dhi = log10 (hi);
  decades = dhi - dlo;

  if (decades >= 1.0 || floor (dhi + 1e-9) > ceil (dlo - 1e-9))
    {
      int e0 = (int) ceil (dlo - 1e-9);
      int e1 = (int) floor (dhi + 1e-9);
      int n_dec = e1 - e0 + 1;

      if (n_dec >= (int) target / 2 || n_dec >= 4)
        {
          /* Decades only, every k-th one when there are many. */
          int every = MAX (1, (int) ceil ((double) n_dec / target));

          for (int e = e0; e <= e1 && n < max_ticks; e++)
            if (((e % every) + every) % every == 0 || every == 1)
              ticks[n++] = pow (10.0, e);
          if (n >= 2)
            return n;
          n = 0;
        }

      /* Few decades: 1, 2, 5 within each. */
      for (int e = e0 - 1; e <= e1 && n < max_ticks; e++)
        {
          static const double mults[] = { 1.0, 2.0, 5.0 };

          for (guint i = 0; i < 3 && n < max_ticks; i++)
            {
              double v = tick_value (1, mults[i], e);

              if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12))
                ticks[n++] = v;
            }
        }
      if (n >= 2)
        return n;
    }

  /* Less than a decade: ordinary nice ticks read better. */
  return lab_ticks_linear (lo, hi, target, ticks, max_ticks, NULL);
}

static const char *superscripts[] = {
  "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
};

static void
append_superscript (GString *s,
                    int      e)
{
  char digits[16];

  if (e < 0)
    g_string_append (s, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (const char *p = digits; *p != '\0'; p++)
    g_string_append (s, superscripts[*p - '0']);
}

/* Decimals needed to show multiples of @step exactly (up to 12). */
static int
decimals_for (double step)
{
  step = fabs (step);
  if (!(step > 0.0) || !isfinite (step))
    return 0;
  for (int d = 0; d < 12; d++)
    {
      double scaled = step * pow (10.0, d);

      if (fabs (scaled - round (scaled)) <= 1e-6 * scaled)
        return d;
    }
  return 12;
}

/* A fixed-point number with @decimals, "−" for minus, no "-0". */
static void
append_fixed (GString *s,
              double   value,
              int      decimals)
{
  char fmt[16], buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (decimals, 0, 15));
  g_ascii_formatd (buf, sizeof buf, fmt, value);
  if (buf[0] == '-')
    {
      gboolean all_zero = TRUE;

      for (const char *p = buf + 1; *p != '\0'; p++)
        if (*p != '0' && *p != '.')
          all_zero = FALSE;
      if (all_zero)
        g_string_append (s, buf + 1);
      else
        {
          g_string_append (s, "−");
          g_string_append (s, buf + 1);
        }
    }
  else
    g_string_append (s, buf);
}

static void
append_scientific (GString *s,
                   double   value,
                   double   step)
{
  int e = (int) floor (log10 (fabs (value)) + 1e-12);
  double mant = value / pow (10.0, e);
  int decimals = MIN (decimals_for (step / pow (10.0, e)), 6);

  if (fabs (fabs (mant) - 1.0) < 1e-9 && decimals == 0)
    {
      if (mant < 0)
        g_string_append (s, "−");
    }
  else
    {
      append_fixed (s, mant, decimals);
      g_string_append (s, "×");
    }
  g_string_append (s, "10");
  append_superscript (s, e);
}

/* The label of a tick on an axis whose largest |tick| is @amax; with
 * @scientific every label is m×10ⁿ (log axes over many decades). */
char *
_lab_ticks_format_axis (double   value,
                        double   step,
                        double   amax,
                        gboolean scientific)
{
  GString *s;
  double aval;

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");

  step = fabs (step);
  if (!(step > 0.0) || !isfinite (step))
    step = value != 0.0 ? fabs (value) : 1.0;
  aval = fabs (value);
  amax = MAX (fabs (amax), aval);
  if (aval < step * 1e-9)
    return g_strdup ("0");

  s = g_string_new (NULL);

  /* The form follows the step and the axis' magnitude, so that every label
   * of one axis agrees. */
  if (scientific || step >= 1e15 || aval >= 1e15 || step < 1e-4)
    append_scientific (s, value, step);
  else if (step >= 1e4)
    {
      /* SI prefixes: 20k, 1.5M, 3G — the largest unit the axis reaches. */
      static const struct { double unit; const char *suffix; } si[] = {
        { 1e12, "T" }, { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" },
      };
      guint i;

      for (i = 0; i < G_N_ELEMENTS (si) - 1; i++)
        if (si[i].unit <= amax * (1 + 1e-12))
          break;
      append_fixed (s, value / si[i].unit, decimals_for (step / si[i].unit));
      g_string_append (s, si[i].suffix);
    }
  else
    append_fixed (s, value, decimals_for (step));

  return g_string_free (s, FALSE);
}

char *
lab_ticks_format (double value,
                  double step)
{
  return _lab_ticks_format_axis (value, step, fabs (value), FALSE);
}
