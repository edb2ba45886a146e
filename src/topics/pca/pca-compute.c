/* pca-compute.c — the PCA topic's worker: the table, its PCA, the scores, a power iteration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-columns.h"
#include "lab-csv.h"
#include "pca-private.h"

static void
pca_result_finalize (LabResult *result)
{
  PcaResult *self = (PcaResult *) result;

  g_free (self->x);
  g_strfreev (self->names);
  g_free (self->source_name);
  lab_pca_free (self->pca);
  g_free (self->scores);
  g_free (self->drawn);
  g_free (self->power_vectors);
  g_free (self->power_rayleigh);
}

/* ------------------------------------------------------------------ */
/* synthetic tables */

static void
set_names (PcaResult          *self,
           const char * const *names)
{
  self->names = g_strdupv ((char **) names);
  self->d = g_strv_length (self->names);
}

static void
synthesize (PcaResult  *self,
            PcaDataset  ds,
            gsize       n,
            double      noise,
            guint64     seed)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (seed);
  static const char * const xy[] = { "x1", "x2", NULL };
  static const char * const xyz[] = { "x1", "x2", "x3", NULL };
  static const char * const units[] = { "height_cm", "weight_kg", "age_years", "income_usd", NULL };
  static const char * const dep[] = { "x1", "x2", "x3", "x4", NULL };

  switch (ds)
    {
    case PCA_DATASET_CORRELATED_2D: set_names (self, xy); break;
    case PCA_DATASET_CORRELATED_3D:
    case PCA_DATASET_SWISS_ROLL: set_names (self, xyz); break;
    case PCA_DATASET_MIXED_UNITS: set_names (self, units); break;
    case PCA_DATASET_DEPENDENT: set_names (self, dep); break;
    default: g_assert_not_reached ();
    }
  self->n = n;
  self->x = g_new (double, n * self->d);
  {
    static const char * const nicks[] = { "correlated-2d", "correlated-3d", "swiss-roll", "mixed-units", "dependent" };

    self->source_name = g_strdup (nicks[ds]);
  }

  for (gsize i = 0; i < n; i++)
    {
      double *r = self->x + i * self->d;

      switch (ds)
        {
        case PCA_DATASET_CORRELATED_2D:
          {
            /* standard deviations 2 and 0.5 along axes turned by 30° */
            double a = 2 * lab_rng_gaussian (rng), b = 0.5 * lab_rng_gaussian (rng);
            double c = cos (G_PI / 6), s = sin (G_PI / 6);

            r[0] = 1 + c * a - s * b;
            r[1] = 2 + s * a + c * b;
          }
          break;
        case PCA_DATASET_CORRELATED_3D:
          {
            /* standard deviations 3, 1, 0.2 along a rotated frame */
            double a = 3 * lab_rng_gaussian (rng), b = lab_rng_gaussian (rng), z = 0.2 * lab_rng_gaussian (rng);

            r[0] = 0.8 * a + 0.36 * b - 0.48 * z;
            r[1] = -0.6 * a + 0.48 * b - 0.64 * z;
            r[2] = 0.0 * a + 0.8 * b + 0.6 * z;
          }
          break;
        case PCA_DATASET_SWISS_ROLL:
          {
            /* scikit-learn's make_swiss_roll: t = 1.5π(1 + 2u), (t cos t, 21 v, t sin t) */
            double t = 1.5 * G_PI * (1 + 2 * gsl_rng_uniform (rng));

            r[0] = t * cos (t) + 0.1 * lab_rng_gaussian (rng);
            r[1] = 21 * gsl_rng_uniform (rng) + 0.1 * lab_rng_gaussian (rng);
            r[2] = t * sin (t) + 0.1 * lab_rng_gaussian (rng);
          }
          break;
        case PCA_DATASET_MIXED_UNITS:
          {
            /* weight follows height; income follows age, in dollars */
            double h = 170 + 9 * lab_rng_gaussian (rng);
            double age = 20 + 50 * gsl_rng_uniform (rng);

            r[0] = h;
            r[1] = 70 + 0.8 * (h - 170) + 7 * lab_rng_gaussian (rng);
            r[2] = age;
            r[3] = 20000 + 600 * age + 12000 * lab_rng_gaussian (rng);
          }
          break;
        case PCA_DATASET_DEPENDENT:
          {
            double a = lab_rng_gaussian (rng), b = lab_rng_gaussian (rng);

            r[0] = a;
            r[1] = 0.5 * a + b;
            r[2] = lab_rng_gaussian (rng);
            r[3] = r[0] + 2 * r[1];   /* exactly dependent: rank 3 */
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* noise relative to each column's standard deviation (drawn after the table, so noise = 0
   * leaves the table as it was) */
  if (noise > 0)
    for (guint j = 0; j < self->d; j++)
      {
        double m = 0, v = 0, sd;

        for (gsize i = 0; i < n; i++)
          m += self->x[i * self->d + j] / n;
        for (gsize i = 0; i < n; i++)
          v += (self->x[i * self->d + j] - m) * (self->x[i * self->d + j] - m) / (n - 1);
        sd = sqrt (v);
        for (gsize i = 0; i < n; i++)
          self->x[i * self->d + j] += noise * sd * lab_rng_gaussian (rng);
      }
}

/* ------------------------------------------------------------------ */
/* the user's columns (the same rules as the clustering topic's) */

static gboolean
load_data (PcaResult   *self,
           LabParams   *params,
           LabDataset  *data,
           GError     **error)
{
  const char *list = lab_params_get_string (params, "columns");
  g_autoptr(GArray) cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree gboolean *keep = NULL;
  gsize rows, kept = 0, out = 0;
  guint d;

  if (data == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
      return FALSE;
    }
  if (list == NULL || *list == '\0')
    {
      for (guint c = 0; c < lab_dataset_get_n_columns (data); c++)
        if (lab_dataset_get_numbers (data, c) != NULL)
          {
            int ci = (int) c;

            g_array_append_val (cols, ci);
          }
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (list, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          int c;

          if (*g_strstrip (parts[i]) == '\0')
            continue;
          c = lab_topic_find_column (data, "columns", parts[i], error);
          if (c < 0)
            return FALSE;
          if (lab_dataset_get_numbers (data, (guint) c) == NULL)
            {
              lab_columns_set_text_error (data, (guint) c, "columns:", error);
              return FALSE;
            }
          g_array_append_val (cols, c);
        }
    }
  d = cols->len;
  self->source_name = g_strdup (lab_dataset_get_name (data));
  if (d < 2 || d > PCA_MAX_COLUMNS)
    {
      g_set_error (error, LAB_ERROR, d < 2 ? LAB_ERROR_DATA : LAB_ERROR_USAGE,
                   list != NULL && *list ? _("%s: PCA needs 2 to %d numeric columns, %u named in columns")
                                         : _("%s: PCA needs 2 to %d numeric columns, %u found"),
                   self->source_name, PCA_MAX_COLUMNS, d);
      return FALSE;
    }

  rows = lab_dataset_get_n_rows (data);
  keep = g_new (gboolean, MAX (rows, 1));
  for (gsize i = 0; i < rows; i++)
    {
      keep[i] = TRUE;
      for (guint j = 0; j < d; j++)
        {
          guint c = (guint) g_array_index (cols, int, j);
          double v = lab_dataset_get_numbers (data, c)[i];

          if (isnan (v))
            keep[i] = FALSE;
          else if (!isfinite (v))
            {
              g_autofree char *text = lab_dataset_dup_cell_text (data, i, c);

              lab_dataset_set_cell_error (data, i, c, error, _("value “%s” of column “%s” is not finite"), text,
                                          lab_dataset_get_column_name (data, c));
              return FALSE;
            }
        }
      kept += keep[i];
    }
  self->n_dropped = rows - kept;
  if (kept < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: %zu complete rows (%zu left out for empty cells): PCA needs at least 2"),
                   self->source_name, kept, self->n_dropped);
      return FALSE;
    }
  self->n = kept;
  self->d = d;
  self->x = g_new (double, kept * d);
  self->names = g_new0 (char *, d + 1);
  for (guint j = 0; j < d; j++)
    self->names[j] = g_strdup (lab_dataset_get_column_name (data, (guint) g_array_index (cols, int, j)));
  for (gsize i = 0; i < rows; i++)
    if (keep[i])
      {
        for (guint j = 0; j < d; j++)
          self->x[out * d + j] = lab_dataset_get_numbers (data, (guint) g_array_index (cols, int, j))[i];
        out++;
      }
  return TRUE;
}

LabResult *
pca_compute (LabParams     *params,
             LabDataset    *data,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (PcaResult), pca_result_finalize);
  PcaResult *self = (PcaResult *) result;
  gboolean standardize = lab_params_get_boolean (params, "standardize");
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  g_autoptr(gsl_rng) rng = NULL;
  g_autofree double *v0 = NULL;
  g_autofree double *all = NULL;
  gsize stride;

  if (lab_params_get_enum (params, "source") == PCA_SOURCE_DATA)
    {
      if (!load_data (self, params, data, error))
        return NULL;
    }
  else
    synthesize (self, lab_params_get_enum (params, "dataset"), (gsize) lab_params_get_int (params, "n"),
                lab_params_get_double (params, "noise"), seed);
  lab_progress_set (progress, 0.2);

  self->pca = lab_pca_compute (self->x, self->n, self->d, standardize, (const char * const *) self->names,
                               cancellable, error);
  if (self->pca == NULL)
    {
      if (error != NULL && *error != NULL && (*error)->domain == LAB_ERROR && (*error)->code == LAB_ERROR_DATA)
        g_prefix_error (error, "%s: ", self->source_name);
      return NULL;
    }
  lab_progress_set (progress, 0.8);

  stride = (self->n + PCA_MAX_DRAWN - 1) / PCA_MAX_DRAWN;
  self->n_drawn = (self->n + stride - 1) / stride;
  self->drawn = g_new (gsize, self->n_drawn);
  all = g_new (double, self->n_drawn * self->d);
  for (gsize i = 0; i < self->n_drawn; i++)
    {
      self->drawn[i] = i * stride;
      memcpy (all + i * self->d, self->x + self->drawn[i] * self->d, self->d * sizeof (double));
    }
  self->scores = g_new (double, self->n_drawn * 2);
  lab_pca_project (self->pca, all, self->n_drawn, 2, self->scores);

  /* power iteration on the matrix PCA decomposed, from a seeded random unit vector */
  rng = lab_rng_new (seed ^ 0x9e3779b97f4a7c15ULL);
  v0 = g_new (double, self->d);
  for (guint j = 0; j < self->d; j++)
    v0[j] = lab_rng_gaussian (rng);
  self->power_vectors = g_new (double, (PCA_POWER_STEPS + 1) * (gsize) self->d);
  self->power_rayleigh = g_new (double, PCA_POWER_STEPS + 1);
  lab_power_iteration (standardize ? self->pca->correlation : self->pca->covariance, self->d, v0, PCA_POWER_STEPS,
                       self->power_vectors, self->power_rayleigh);
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
