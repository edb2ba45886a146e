/* lab-design.c — polynomial features and standardisation (see lab-design.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "lab-design.h"

guint
lab_design_polynomial_size (guint d,
                            guint degree)
{
  g_return_val_if_fail (d >= 2 && degree >= 1, 0);
  /* monomials of degree 1 … D in two variables: Σ (t + 1) = D (D + 3) / 2 */
  return degree * (degree + 3) / 2 + (d - 2);
}

static char *
power_name (const char *name,
            guint       power)
{
  static const char * const superscript[] = { "", "", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };

  if (power == 1)
    return g_strdup (name);
  if (power < G_N_ELEMENTS (superscript))
    return g_strconcat (name, superscript[power], NULL);
  return g_strdup_printf ("%s^%u", name, power);
}

void
lab_design_polynomial (const double       *x,
                       gsize               n,
                       guint               d,
                       guint               degree,
                       double             *out,
                       const char * const *names,
                       char             ***out_names)
{
  guint m = lab_design_polynomial_size (d, degree);

  g_return_if_fail (m > 0);

  for (gsize i = 0; i < n; i++)
    {
      const double *xi = x + i * d;
      double *o = out + i * m;
      double p1[16], p2[16];   /* powers of the first two inputs */
      guint col = 0;

      g_assert (degree < G_N_ELEMENTS (p1));
      p1[0] = p2[0] = 1.0;
      for (guint t = 1; t <= degree; t++)
        {
          p1[t] = p1[t - 1] * xi[0];
          p2[t] = p2[t - 1] * xi[1];
        }
      for (guint t = 1; t <= degree; t++)
        for (guint a = t + 1; a-- > 0;)
          o[col++] = p1[a] * p2[t - a];
      for (guint j = 2; j < d; j++)
        o[col++] = xi[j];
    }

  if (out_names != NULL)
    {
      char **v = g_new0 (char *, m + 1);
      guint col = 0;
      const char *n1 = names != NULL ? names[0] : "x1";
      const char *n2 = names != NULL ? names[1] : "x2";

      for (guint t = 1; t <= degree; t++)
        for (guint a = t + 1; a-- > 0;)
          {
            if (a == 0)
              v[col++] = power_name (n2, t);
            else if (a == t)
              v[col++] = power_name (n1, t);
            else
              {
                g_autofree char *s1 = power_name (n1, a);
                g_autofree char *s2 = power_name (n2, t - a);

                v[col++] = g_strconcat (s1, "·", s2, NULL);
              }
          }
      for (guint j = 2; j < d; j++)
        v[col++] = names != NULL ? g_strdup (names[j]) : g_strdup_printf ("x%u", j + 1);
      *out_names = v;
    }
}

LabScaler *
lab_scaler_new (const double *x,
                gsize         n,
                guint         d,
                const guint  *rows,
                gsize         n_rows)
{
  LabScaler *s = g_new0 (LabScaler, 1);
  gsize m = rows != NULL ? n_rows : n;

  s->d = d;
  s->mean = g_new0 (double, d);
  s->scale = g_new0 (double, d);
  if (m == 0)
    {
      for (guint j = 0; j < d; j++)
        s->scale[j] = 1.0;
      return s;
    }
  for (gsize r = 0; r < m; r++)
    {
      const double *xi = x + (gsize) (rows != NULL ? rows[r] : r) * d;

      for (guint j = 0; j < d; j++)
        s->mean[j] += xi[j];
    }
  for (guint j = 0; j < d; j++)
    s->mean[j] /= (double) m;
  /* two passes: the variance of centred values */
  for (gsize r = 0; r < m; r++)
    {
      const double *xi = x + (gsize) (rows != NULL ? rows[r] : r) * d;

      for (guint j = 0; j < d; j++)
        {
          double e = xi[j] - s->mean[j];

          s->scale[j] += e * e;
        }
    }
  for (guint j = 0; j < d; j++)
    {
      double sd = sqrt (s->scale[j] / (double) m);

      /* StandardScaler's rule: a constant column keeps scale 1 (it becomes all zeros);
       * "constant" up to rounding of the mean */
      s->scale[j] = sd > 10 * DBL_EPSILON * MAX (1.0, fabs (s->mean[j])) ? sd : 1.0;
    }
  return s;
}

void
lab_scaler_free (LabScaler *scaler)
{
  if (scaler == NULL)
    return;
  g_free (scaler->mean);
  g_free (scaler->scale);
  g_free (scaler);
}

void
lab_scaler_transform (const LabScaler *scaler,
                      double          *x,
                      gsize            n)
{
  for (gsize i = 0; i < n; i++)
    for (guint j = 0; j < scaler->d; j++)
      x[i * scaler->d + j] = (x[i * scaler->d + j] - scaler->mean[j]) / scaler->scale[j];
}
