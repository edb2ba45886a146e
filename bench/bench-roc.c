/* bench-roc.c — times ROC curve + AUC + AP on 10,000,000 binormal scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-roc [--n N] [--runs R] [--seed S] [--write FILE]
 *
 * Labels are Bernoulli(0.3); a score is N(0, 1) for a negative and N(1, 1) for
 * a positive (GSL's ziggurat on mt19937). --write stores the data as raw
 * little-endian binary, n float64 scores then n uint8 labels, which
 * bench/roc_bench.py reads with numpy.fromfile. Prints "key value" lines.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-roc.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
write_data (const char    *path,
            const double  *scores,
            const guint8  *labels,
            gsize          n,
            GError       **error)
{
  FILE *file = fopen (path, "wb");
  gboolean ok;

  if (file == NULL)
    goto failed;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  ok = fwrite (scores, sizeof *scores, n, file) == n;
#else
  ok = TRUE;
  for (gsize i = 0; ok && i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, &scores[i], sizeof bits);
      bits = GUINT64_TO_LE (bits);
      ok = fwrite (&bits, sizeof bits, 1, file) == 1;
    }
#endif
  ok = ok && fwrite (labels, 1, n, file) == n;
  if (fclose (file) != 0 || !ok)
    goto failed;
  return TRUE;

failed:
  {
    int saved = errno;

    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                 "%s: %s", path, g_strerror (saved));
    return FALSE;
  }
}

int
main (int    argc,
      char **argv)
{
  gint64 n = 10000000;
  int runs = 5;
  gint64 seed = 20261124;
  g_autofree char *write_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  const GOptionEntry entries[] = {
    { "n", 0, 0, G_OPTION_ARG_INT64, &n, "Number of samples (10000000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs; the median is reported (5)", "R" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of mt19937 (20261124)", "S" },
    { "write", 0, 0, G_OPTION_ARG_FILENAME, &write_path, "Write the data to FILE", "FILE" },
    { NULL }
  };
  g_autofree double *scores = NULL;
  g_autofree guint8 *labels = NULL;
  g_autofree double *seconds = NULL;
  gsl_rng *rng;
  gsize n_positive = 0;
  double auc = 0, ap = 0;

  lab_engine_init ();
  context = g_option_context_new ("— time ROC + AUC + AP");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (n < 2 || runs < 1)
    {
      g_printerr ("--n must be at least 2 and --runs at least 1\n");
      return 1;
    }

  scores = g_new (double, n);
  labels = g_new (guint8, n);
  rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, (unsigned long) seed);
  for (gint64 i = 0; i < n; i++)
    {
      labels[i] = gsl_rng_uniform (rng) < 0.3;
      scores[i] = gsl_ran_gaussian_ziggurat (rng, 1.0) + labels[i];
      n_positive += labels[i];
    }
  gsl_rng_free (rng);

  if (write_path != NULL && !write_data (write_path, scores, labels, n, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  seconds = g_new (double, runs);
  for (int r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      LabRocCurve *curve = lab_roc_curve_new (scores, labels, n, NULL, &error);

      if (curve == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      auc = lab_roc_curve_auc (curve);
      ap = lab_roc_curve_average_precision (curve);
      seconds[r] = (g_get_monotonic_time () - start) / 1e6;
      lab_roc_curve_free (curve);
    }
  qsort (seconds, runs, sizeof *seconds, compare_doubles);

  g_print ("n %" G_GINT64_FORMAT "\n", n);
  g_print ("positives %" G_GSIZE_FORMAT "\n", n_positive);
  g_print ("auc %.17g\n", auc);
  g_print ("ap %.17g\n", ap);
  g_print ("runs %d\n", runs);
  g_print ("min_seconds %.4f\n", seconds[0]);
  g_print ("median_seconds %.4f\n", seconds[runs / 2]);
  return 0;
}
