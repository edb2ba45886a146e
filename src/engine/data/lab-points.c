/* lab-points.c — labelled points: generators, dataset mapping, splits
 *
 * The generators follow scikit-learn's make_moons / make_circles where the
 * names match (evenly spaced angles, then Gaussian noise), so a user can
 * recreate a data set in Python; the rows are shuffled with the seed, so any
 * prefix is a random sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lab-error.h"
#include "lab-points.h"
#include "lab-rng.h"
#include "lab-sort.h"

static const char * const kind_names[LAB_N_SYNTH] = {
  "moons", "circles", "blobs", "xor", "spirals",
  "anisotropic", "unequal-variance", "unequal-size", "correlated",
};

const char *
lab_synth_kind_to_string (LabSynthKind kind)
{
  g_return_val_if_fail (kind < LAB_N_SYNTH, NULL);
  return kind_names[kind];
}

static LabPoints *
points_new (guint n,
            guint d,
            guint n_classes)
{
  LabPoints *p = g_new0 (LabPoints, 1);

  p->n = n;
  p->d = d;
  p->n_classes = n_classes;
  p->x = g_new0 (double, (gsize) n * d);
  p->y = g_new0 (guint, n);
  p->feature_names = g_new0 (char *, d + 1);
  p->class_names = g_new0 (char *, n_classes + 1);
  return p;
}

void
lab_points_free (LabPoints *points)
{
  if (points == NULL)
    return;
  g_free (points->x);
  g_free (points->y);
  g_free (points->rows);
  g_strfreev (points->feature_names);
  g_strfreev (points->class_names);
  g_free (points);
}

void
lab_points_count_classes (const LabPoints *points,
                          guint           *counts)
{
  memset (counts, 0, points->n_classes * sizeof *counts);
  for (guint i = 0; i < points->n; i++)
    counts[points->y[i]]++;
}

static gboolean
kind_allows_classes (LabSynthKind kind)
{
  switch (kind)
    {
    case LAB_SYNTH_BLOBS:
    case LAB_SYNTH_SPIRALS:
    case LAB_SYNTH_ANISOTROPIC:
    case LAB_SYNTH_UNEQUAL_VARIANCE:
    case LAB_SYNTH_UNEQUAL_SIZE:
      return TRUE;
    case LAB_SYNTH_MOONS:
    case LAB_SYNTH_CIRCLES:
    case LAB_SYNTH_XOR:
    case LAB_SYNTH_CORRELATED:
    case LAB_N_SYNTH:
    default:
      return FALSE;
    }
}

/* Class sizes summing to @n in the ratio of @weights (largest remainders), each at least 1
 * (taken from the largest class). */
static void
apportion (guint         n,
           guint         k,
           const double *weights,
           guint        *counts)
{
  double total = 0, rem[LAB_POINTS_MAX_CLASSES];
  guint assigned = 0;

  for (guint c = 0; c < k; c++)
    total += weights[c];
  for (guint c = 0; c < k; c++)
    {
      double share = n * weights[c] / total;

      counts[c] = (guint) floor (share);
      rem[c] = share - floor (share);
      assigned += counts[c];
    }
  while (assigned < n)
    {
      guint best = 0;

      for (guint c = 1; c < k; c++)
        if (rem[c] > rem[best])
          best = c;
      counts[best]++;
      rem[best] = -1;
      assigned++;
    }
  for (guint c = 0; c < k; c++)
    if (counts[c] == 0)
      {
        guint largest = 0;

        for (guint j = 1; j < k; j++)
          if (counts[j] > counts[largest])
            largest = j;
        counts[largest]--;
        counts[c] = 1;
      }
}

/* Blob centres: evenly on a circle of radius 2.5, the first at angle π/2 + π/k. */
static void
blob_centre (guint   c,
             guint   k,
             double *cx,
             double *cy)
{
  double a = G_PI / 2 + G_PI / k + 2 * G_PI * c / k;

  *cx = 2.5 * cos (a);
  *cy = 2.5 * sin (a);
}

LabPoints *
lab_points_synthesize (const LabSynthOptions *o,
                       GError               **error)
{
  g_autoptr(gsl_rng) rng = NULL;
  guint k, counts[LAB_POINTS_MAX_CLASSES];
  double weights[LAB_POINTS_MAX_CLASSES];
  LabPoints *p;
  guint row = 0;

  g_return_val_if_fail (o != NULL, NULL);
  g_return_val_if_fail (o->kind < LAB_N_SYNTH, NULL);

  k = kind_allows_classes (o->kind) ? o->classes : 2;
  if (k < 2 || k > LAB_POINTS_MAX_CLASSES)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("classes must be from 2 to %d, not %u"), LAB_POINTS_MAX_CLASSES, o->classes);
      return NULL;
    }
  if (o->n < 2 * k || o->n > 10000000)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("n must be from %u (two points a class) to 10000000, not %u"), 2 * k, o->n);
      return NULL;
    }
  if (!(o->noise >= 0 && o->noise <= 100))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("noise must be from 0 to 100, not %g"), o->noise);
      return NULL;
    }
  if (!(o->ratio >= 1 && o->ratio <= 1e6))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("ratio must be from 1 to 1000000, not %g"), o->ratio);
      return NULL;
    }

  for (guint c = 0; c < k; c++)
    weights[c] = k == 2 ? (c == 0 ? o->ratio : 1.0) : pow (o->ratio, -(double) c / (k - 1));
  if (o->kind == LAB_SYNTH_UNEQUAL_SIZE)
    for (guint c = 0; c < k; c++)
      weights[c] *= c == 0 ? 50 : c == 1 ? 10 : 1;
  apportion (o->n, k, weights, counts);

  rng = lab_rng_new (o->seed);
  p = points_new (o->n, 2, k);
  p->feature_names[0] = g_strdup ("x1");
  p->feature_names[1] = g_strdup ("x2");
  for (guint c = 0; c < k; c++)
    p->class_names[c] = g_strdup_printf ("%u", c);

  for (guint c = 0; c < k; c++)
    for (guint i = 0; i < counts[c]; i++, row++)
      {
        double *x = p->x + 2 * (gsize) row;
        double t = counts[c] > 1 ? (double) i / (counts[c] - 1) : 0.5;   /* linspace(0, 1) */
        double sd = o->noise;

        p->y[row] = c;
        switch (o->kind)
          {
          case LAB_SYNTH_MOONS:
            x[0] = c == 0 ? cos (G_PI * t) : 1 - cos (G_PI * t);
            x[1] = c == 0 ? sin (G_PI * t) : 1 - sin (G_PI * t) - 0.5;
            break;
          case LAB_SYNTH_CIRCLES:
            {
              /* endpoint=False, as make_circles */
              double a = 2 * G_PI * i / counts[c];
              double r = c == 0 ? 1.0 : 0.5;

              x[0] = r * cos (a);
              x[1] = r * sin (a);
            }
            break;
          case LAB_SYNTH_XOR:
            {
              /* uniform in the two quadrants of the class, away from the axes by 0.05 */
              double u = 0.05 + 0.95 * gsl_rng_uniform (rng), v = 0.05 + 0.95 * gsl_rng_uniform (rng);
              gboolean first = gsl_rng_uniform (rng) < 0.5;

              x[0] = first ? u : -u;
              x[1] = (c == 0) == first ? v : -v;
            }
            break;
          case LAB_SYNTH_SPIRALS:
            {
              double r = 0.05 + 0.95 * t, a = 1.75 * 2 * G_PI * t + 2 * G_PI * c / k;

              x[0] = 2.5 * r * cos (a);
              x[1] = 2.5 * r * sin (a);
            }
            break;
          case LAB_SYNTH_CORRELATED:
            {
              /* shared covariance [[1, .9], [.9, 1]] (Cholesky: [1, 0; .9, √.19]); means differ
               * across the correlation, along (1, −1) */
              double z1 = lab_rng_gaussian (rng), z2 = lab_rng_gaussian (rng);
              double m = c == 0 ? -0.6 : 0.6;

              x[0] = m + z1;
              x[1] = -m + 0.9 * z1 + sqrt (0.19) * z2;
              sd = 0;
            }
            break;
          case LAB_SYNTH_BLOBS:
          case LAB_SYNTH_ANISOTROPIC:
          case LAB_SYNTH_UNEQUAL_VARIANCE:
          case LAB_SYNTH_UNEQUAL_SIZE:
            {
              static const double spread[] = { 1.0, 2.5, 0.5 };

              blob_centre (c, k, &x[0], &x[1]);
              if (o->kind == LAB_SYNTH_UNEQUAL_VARIANCE)
                sd *= spread[c % G_N_ELEMENTS (spread)];
            }
            break;
          case LAB_N_SYNTH:
          default:
            g_assert_not_reached ();
          }
        if (sd > 0)
          {
            x[0] += sd * lab_rng_gaussian (rng);
            x[1] += sd * lab_rng_gaussian (rng);
          }
        if (o->kind == LAB_SYNTH_ANISOTROPIC)
          {
            double a = x[0], b = x[1];

            x[0] = 0.6 * a - 0.41 * b;
            x[1] = -0.64 * a + 0.85 * b;
          }
      }

  /* Fisher–Yates: any prefix is a random sample */
  for (guint i = p->n - 1; i > 0; i--)
    {
      guint j = (guint) gsl_rng_uniform_int (rng, i + 1);
      double tx = p->x[2 * i], ty = p->x[2 * i + 1];
      guint tc = p->y[i];

      p->x[2 * i] = p->x[2 * j];
      p->x[2 * i + 1] = p->x[2 * j + 1];
      p->y[i] = p->y[j];
      p->x[2 * j] = tx;
      p->x[2 * j + 1] = ty;
      p->y[j] = tc;
    }
  return p;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

LabPoints *
lab_points_from_dataset (LabDataset         *data,
                         const char * const *features,
                         guint               n_features,
                         const char         *label,
                         GError            **error)
{
  g_autofree int *fcol = g_new0 (int, MAX (n_features, 1));
  g_autofree guint *code = NULL;
  g_autofree gboolean *keep = NULL;
  int lcol;
  gsize n_rows, n_keep = 0, out = 0;
  guint n_classes = 0;
  g_autofree double *values = NULL;   /* the distinct numeric labels, sorted */
  LabPoints *p;

  g_return_val_if_fail (data != NULL, NULL);

  if (n_features < 1)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("feature-columns names no column"));
      return NULL;
    }
  n_rows = lab_dataset_get_n_rows (data);
  if ((lcol = lab_dataset_find_column (data, label)) < 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("%s: no column “%s” for label-column"),
                   lab_dataset_get_name (data), label);
      return NULL;
    }
  for (guint f = 0; f < n_features; f++)
    {
      if ((fcol[f] = lab_dataset_find_column (data, features[f])) < 0)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("%s: no column “%s” for feature-columns"),
                       lab_dataset_get_name (data), features[f]);
          return NULL;
        }
      if (lab_dataset_get_column_type (data, fcol[f]) == LAB_COLUMN_TEXT)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       _("%s: feature column “%s” holds text; features must be numbers"),
                       lab_dataset_get_name (data), features[f]);
          return NULL;
        }
      if (fcol[f] == lcol)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("%s: column “%s” cannot be both a feature and the label"),
                       lab_dataset_get_name (data), features[f]);
          return NULL;
        }
    }

  keep = g_new0 (gboolean, MAX (n_rows, 1));
  for (gsize r = 0; r < n_rows; r++)
    {
      gboolean ok = !lab_dataset_is_missing (data, lcol, r);

      for (guint f = 0; ok && f < n_features; f++)
        ok = !lab_dataset_is_missing (data, fcol[f], r) && isfinite (lab_dataset_get_numbers (data, fcol[f])[r]);
      keep[r] = ok;
      n_keep += ok;
    }
  if (n_keep == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: no row has every feature and the label"),
                   lab_dataset_get_name (data));
      return NULL;
    }

  /* classes in sorted order, as scikit-learn's LabelEncoder: numbers ascending, text by
   * code point (strcmp on UTF-8), so class k means the same here and in Python */
  code = g_new0 (guint, n_rows);
  if (lab_dataset_get_column_type (data, lcol) == LAB_COLUMN_TEXT)
    {
      guint n_levels;
      const guint32 *levels = lab_dataset_get_levels (data, lcol, &n_levels);
      g_autofree int *map = g_new (int, MAX (n_levels, 1));
      g_autoptr(GPtrArray) used = g_ptr_array_new ();

      for (guint l = 0; l < n_levels; l++)
        map[l] = -1;
      for (gsize r = 0; r < n_rows; r++)
        if (keep[r] && map[levels[r]] < 0)
          {
            if (n_classes == LAB_POINTS_MAX_CLASSES)
              goto too_many;
            map[levels[r]] = (int) n_classes++;
            g_ptr_array_add (used, (gpointer) lab_dataset_get_level_name (data, lcol, levels[r]));
          }
      g_ptr_array_sort (used, compare_names);
      for (guint l = 0; l < n_levels; l++)
        if (map[l] >= 0)
          for (guint c = 0; c < used->len; c++)
            if (g_str_equal (used->pdata[c], lab_dataset_get_level_name (data, lcol, l)))
              map[l] = (int) c;
      for (gsize r = 0; r < n_rows; r++)
        if (keep[r])
          code[r] = (guint) map[levels[r]];
      p = points_new ((guint) n_keep, n_features, n_classes);
      for (guint c = 0; c < used->len; c++)
        p->class_names[c] = g_strdup (used->pdata[c]);
    }
  else
    {
      const double *y = lab_dataset_get_numbers (data, lcol);

      values = g_new (double, LAB_POINTS_MAX_CLASSES + 1);
      for (gsize r = 0; r < n_rows; r++)
        if (keep[r])
          {
            gboolean seen = FALSE;

            for (guint c = 0; c < n_classes && !seen; c++)
              seen = values[c] == y[r];
            if (!seen)
              {
                if (n_classes == LAB_POINTS_MAX_CLASSES)
                  goto too_many;
                values[n_classes++] = y[r];
              }
          }
      qsort (values, n_classes, sizeof (double), lab_compare_doubles);
      for (gsize r = 0; r < n_rows; r++)
        if (keep[r])
          for (guint c = 0; c < n_classes; c++)
            if (values[c] == y[r])
              code[r] = c;
      p = points_new ((guint) n_keep, n_features, n_classes);
      for (guint c = 0; c < n_classes; c++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          p->class_names[c] = g_strdup (g_ascii_dtostr (buf, sizeof buf, values[c]));
        }
    }

  if (n_classes < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: label column “%s” has one class only; a classifier needs two or more"),
                   lab_dataset_get_name (data), label);
      lab_points_free (p);
      return NULL;
    }

  p->rows = g_new (gsize, n_keep);
  p->n_dropped = n_rows - n_keep;
  for (guint f = 0; f < n_features; f++)
    p->feature_names[f] = g_strdup (lab_dataset_get_column_name (data, fcol[f]));
  for (gsize r = 0; r < n_rows; r++)
    if (keep[r])
      {
        for (guint f = 0; f < n_features; f++)
          p->x[out * n_features + f] = lab_dataset_get_numbers (data, fcol[f])[r];
        p->y[out] = code[r];
        p->rows[out] = r;
        out++;
      }
  return p;

too_many:
  g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
               _("%s: label column “%s” has more than %d classes; is it a class label?"),
               lab_dataset_get_name (data), label, LAB_POINTS_MAX_CLASSES);
  return NULL;
}

void
lab_points_split (const LabPoints *points,
                  double           test_fraction,
                  guint64          seed,
                  guint          **train,
                  guint           *n_train,
                  guint          **test,
                  guint           *n_test)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (seed ^ G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  g_autofree gboolean *in_test = g_new0 (gboolean, MAX (points->n, 1));
  guint n = points->n, nt, a = 0, b = 0;
  g_autofree guint *perm = g_new (guint, MAX (n, 1));

  test_fraction = CLAMP (test_fraction, 0.0, 1.0);
  nt = (guint) lround (n * test_fraction);
  if (nt >= n && n > 0)
    nt = n - 1;   /* never an empty training set */
  for (guint i = 0; i < n; i++)
    perm[i] = i;
  /* a partial Fisher–Yates: the first nt of a random permutation */
  for (guint i = 0; i < nt; i++)
    {
      guint j = i + (guint) gsl_rng_uniform_int (rng, n - i);
      guint t = perm[i];

      perm[i] = perm[j];
      perm[j] = t;
      in_test[perm[i]] = TRUE;
    }
  *train = g_new (guint, MAX (n - nt, 1));
  *test = g_new (guint, MAX (nt, 1));
  for (guint i = 0; i < n; i++)
    {
      if (in_test[i])
        (*test)[b++] = i;
      else
        (*train)[a++] = i;
    }
  *n_train = a;
  *n_test = b;
}
