/* bench-clustering.c — times one k-means iteration, one EM iteration and a PCA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-clustering [runs]
 *
 * k-means: 100,000 points × 2 (eight Gaussian blobs), k = 8, one assign + update half-step
 * pair from k-means++ centroids. EM: the same points, one E-step + M-step (full covariances).
 * PCA: 100,000 × 50 correlated Gaussian columns (covariance by dsyrk, gsl_eigen_symmv).
 * Prints "key median_ms" lines.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lab-engine.h"
#include "lab-gmm.h"
#include "lab-kmeans.h"
#include "lab-pca.h"
#include "lab-rng.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int
main (int argc, char *argv[])
{
  const gsize n = 100000;
  const guint k = 8, pd = 50;
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 15;
  g_autoptr(gsl_rng) rng = lab_rng_new (1);
  g_autofree double *x = g_new (double, n * 2);
  g_autofree double *c = g_new (double, k * 2);
  g_autofree double *p = g_new (double, n * pd);
  g_autofree double *t_km = g_new (double, MAX (runs, 1));
  g_autofree double *t_em = g_new (double, MAX (runs, 1));
  g_autofree double *t_pca = g_new (double, MAX (runs, 1));
  g_autoptr(LabKmeans) km = NULL;
  g_autoptr(LabGmm) gmm = NULL;

  lab_engine_init ();
  runs = MAX (runs, 1);
  for (gsize i = 0; i < n; i++)
    {
      guint b = i % k;

      x[2 * i] = 3 * cos (2 * G_PI * b / k) + 0.5 * lab_rng_gaussian (rng);
      x[2 * i + 1] = 3 * sin (2 * G_PI * b / k) + 0.5 * lab_rng_gaussian (rng);
    }
  for (gsize i = 0; i < n; i++)
    {
      double z = lab_rng_gaussian (rng);

      for (guint j = 0; j < pd; j++)
        p[i * pd + j] = z * (1 + j % 5) + lab_rng_gaussian (rng) * (0.5 + 0.01 * j);
    }

  lab_kmeans_init_plusplus (x, n, 2, k, rng, c);
  km = lab_kmeans_new (x, n, 2, k);
  lab_kmeans_set_centroids (km, c);
  for (guint r = 0; r < runs; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      lab_kmeans_assign (km, NULL);
      lab_kmeans_update (km, NULL, NULL);
      t_km[r] = (g_get_monotonic_time () - t0) / 1000.0;
    }

  gmm = lab_gmm_new (x, n, 2, k, LAB_GMM_FULL, 1e-6);
  lab_gmm_init_from_labels (gmm, lab_kmeans_get_labels (km), NULL);
  for (guint r = 0; r < runs; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      lab_gmm_e_step (gmm);
      lab_gmm_m_step (gmm, NULL);
      t_em[r] = (g_get_monotonic_time () - t0) / 1000.0;
    }

  for (guint r = 0; r < runs; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      LabPca *pca = lab_pca_compute (p, n, pd, FALSE, NULL, NULL, NULL);

      t_pca[r] = (g_get_monotonic_time () - t0) / 1000.0;
      lab_pca_free (pca);
    }

  printf ("kmeans_iteration_100000x2_k8_ms %.3f\n", median (t_km, runs));
  printf ("em_iteration_100000x2_k8_full_ms %.3f\n", median (t_em, runs));
  printf ("pca_100000x50_ms %.3f\n", median (t_pca, runs));
  return 0;
}
