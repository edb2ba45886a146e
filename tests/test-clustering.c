/* test-clustering.c — k-means, Gaussian mixtures, the adjusted Rand index and PCA
 *
 * Reference: tests/reference/clustering_reference.py → tests/clustering-reference.h
 * (scikit-learn 1.2.1 KMeans, GaussianMixture, adjusted_rand_score, PCA; numpy eigh and
 * matrix_rank).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-gmm.h"
#include "lab-kmeans.h"
#include "lab-pca.h"
#include "lab-rng.h"
#include "clustering-reference.h"

static void
assert_close (const char *what, guint at, double got, double want, double tol)
{
  if (!(fabs (got - want) <= tol))
    g_error ("%s[%u]: %.17g, reference %.17g (|Δ| = %.3g > %.3g)", what, at, got, want, fabs (got - want), tol);
}

/* Runs @iters assign/update rounds from @init, then the final assignment, as scikit-learn's
 * KMeans(max_iter=iters) reports its labels. */
static LabKmeans *
run_kmeans (const double *init, guint iters, double *inertia, guint *n_reseeded)
{
  LabKmeans *km = lab_kmeans_new (ref_x, REF_N, REF_D, REF_K);
  guint reseeded[REF_K];

  lab_kmeans_set_centroids (km, init);
  if (n_reseeded != NULL)
    *n_reseeded = 0;
  for (guint t = 0; t < iters; t++)
    {
      guint e;

      lab_kmeans_assign (km, NULL);
      e = lab_kmeans_update (km, reseeded, NULL);
      if (n_reseeded != NULL)
        *n_reseeded += e;
    }
  *inertia = lab_kmeans_assign (km, NULL);
  return km;
}

/* Every iteration: labels equal, centroids to 1e-10, inertia to 1e-10 relative. */
static void
test_kmeans_lloyd (void)
{
  for (guint i = 1; i <= REF_KM_ITERS; i++)
    {
      double inertia;
      g_autoptr(LabKmeans) km = run_kmeans (ref_km_init, i, &inertia, NULL);
      const double *c = lab_kmeans_get_centroids (km);
      const guint *labels = lab_kmeans_get_labels (km);

      for (guint j = 0; j < REF_K * REF_D; j++)
        assert_close ("centroid", j, c[j], ref_km_centroids[(i - 1) * REF_K * REF_D + j], 1e-10);
      for (guint r = 0; r < REF_N; r++)
        g_assert_cmpuint (labels[r], ==, ref_km_labels[(i - 1) * REF_N + r]);
      assert_close ("inertia", i, inertia, ref_km_inertia[i - 1], 1e-10 * ref_km_inertia[i - 1]);
    }
  /* converged: one more round changes no label */
  {
    double inertia;
    gsize changed;
    g_autoptr(LabKmeans) km = run_kmeans (ref_km_init, REF_KM_CONVERGED_AT, &inertia, NULL);

    lab_kmeans_update (km, NULL, NULL);
    lab_kmeans_assign (km, &changed);
    g_assert_cmpuint (changed, ==, 0);
  }
}

/* A centroid that wins no point is re-seeded at the farthest point, as scikit-learn does,
 * and the update says so. */
static void
test_kmeans_empty (void)
{
  for (guint i = 1; i <= 3; i++)
    {
      double inertia;
      guint n_reseeded;
      g_autoptr(LabKmeans) km = run_kmeans (ref_km_empty_init, i, &inertia, &n_reseeded);
      const double *c = lab_kmeans_get_centroids (km);
      const guint *labels = lab_kmeans_get_labels (km);

      g_assert_cmpuint (n_reseeded, ==, 1);
      for (guint j = 0; j < REF_K * REF_D; j++)
        assert_close ("centroid", j, c[j], ref_km_empty_centroids[(i - 1) * REF_K * REF_D + j], 1e-10);
      for (guint r = 0; r < REF_N; r++)
        g_assert_cmpuint (labels[r], ==, ref_km_empty_labels[(i - 1) * REF_N + r]);
    }
  {
    g_autoptr(LabKmeans) km = lab_kmeans_new (ref_x, REF_N, REF_D, REF_K);
    guint reseeded[REF_K] = { 99, 99, 99 };

    lab_kmeans_set_centroids (km, ref_km_empty_init);
    lab_kmeans_assign (km, NULL);
    g_assert_cmpuint (lab_kmeans_update (km, reseeded, NULL), ==, 1);
    g_assert_cmpuint (reseeded[0], ==, 2);
  }
}

/* Both initialisations pick rows of the data, distinct ones, deterministically for a seed;
 * k-means++ never picks a row twice even when k = n. */
static void
test_kmeans_init (void)
{
  static const double x[] = { 0, 0, 1, 0, 0, 1, 5, 5, 5, 6 };
  double c[10], c2[10];

  for (guint seed = 0; seed < 20; seed++)
    {
      g_autoptr(gsl_rng) r1 = lab_rng_new (seed);
      g_autoptr(gsl_rng) r2 = lab_rng_new (seed);
      g_autoptr(gsl_rng) r3 = lab_rng_new (seed);

      lab_kmeans_init_plusplus (x, 5, 2, 5, r1, c);
      lab_kmeans_init_plusplus (x, 5, 2, 5, r2, c2);
      g_assert_cmpmem (c, sizeof c, c2, sizeof c2);
      for (guint a = 0; a < 5; a++)
        for (guint b = a + 1; b < 5; b++)
          g_assert_false (c[2 * a] == c[2 * b] && c[2 * a + 1] == c[2 * b + 1]);
      lab_kmeans_init_random (x, 5, 2, 5, r3, c);
      for (guint a = 0; a < 5; a++)
        for (guint b = a + 1; b < 5; b++)
          g_assert_false (c[2 * a] == c[2 * b] && c[2 * a + 1] == c[2 * b + 1]);
    }
  /* k-means++ spreads out: with two far groups and k = 2 it picks one of each */
  for (guint seed = 0; seed < 20; seed++)
    {
      g_autoptr(gsl_rng) r = lab_rng_new (seed);

      lab_kmeans_init_plusplus (x, 5, 2, 2, r, c);
      g_assert_true ((c[0] < 2) != (c[2] < 2));
    }
}

static void
test_ari (void)
{
  g_autoptr(LabKmeans) km = NULL;
  double inertia;
  const guint *labels;

  km = run_kmeans (ref_km_init, REF_KM_ITERS, &inertia, NULL);
  labels = lab_kmeans_get_labels (km);
  assert_close ("ari", 0, lab_adjusted_rand_index (ref_truth, labels, REF_N), ref_ari[0], 1e-12);
  assert_close ("ari", 1, lab_adjusted_rand_index (ref_truth, ref_ari_a3, REF_N), ref_ari[1], 1e-12);
  assert_close ("ari", 2, lab_adjusted_rand_index (labels, ref_ari_a3, REF_N), ref_ari[2], 1e-12);
  assert_close ("ari", 3, lab_adjusted_rand_index (ref_truth, ref_truth, REF_N), 1.0, 0);
  {
    static const guint one[4] = { 0, 0, 0, 0 }, perm[4] = { 2, 2, 0, 1 }, perm2[4] = { 1, 1, 2, 0 };

    g_assert_cmpfloat (lab_adjusted_rand_index (one, one, 4), ==, 1.0);
    g_assert_cmpfloat (lab_adjusted_rand_index (perm, perm2, 4), ==, 1.0);
  }
}

/* Every covariance type, every iteration: weights and means to 1e-8, covariances to 1e-8,
 * the log-likelihood before the last M-step (lower_bound_) to 1e-8, BIC and AIC to 1e-6. */
static void
test_gmm_em (void)
{
  static const LabGmmCovariance types[4] = { LAB_GMM_FULL, LAB_GMM_TIED, LAB_GMM_DIAG, LAB_GMM_SPHERICAL };

  for (guint t = 0; t < 4; t++)
    for (guint i = 1; i <= REF_GMM_ITERS; i++)
      {
        g_autoptr(LabGmm) g = lab_gmm_new (ref_x, REF_N, REF_D, REF_K, types[t], 1e-6);
        g_autoptr(GError) error = NULL;
        guint at = t * REF_GMM_ITERS + (i - 1);
        double ll = 0, score, bic, aic;
        guint p = lab_gmm_n_parameters (types[t], REF_K, REF_D);

        g_assert_cmpstr (lab_gmm_covariance_to_string (types[t]), ==, ref_gmm_types[t]);
        g_assert_true (lab_gmm_set_parameters (g, ref_gmm_w0, ref_gmm_m0, ref_gmm_c0, &error));
        g_assert_no_error (error);
        for (guint s = 0; s < i; s++)
          {
            ll = lab_gmm_e_step (g);
            g_assert_true (lab_gmm_m_step (g, &error));
            g_assert_no_error (error);
          }
        for (guint c = 0; c < REF_K; c++)
          assert_close ("weight", at, lab_gmm_get_weights (g)[c], ref_gmm_weights[at * REF_K + c], 1e-8);
        for (guint j = 0; j < REF_K * REF_D; j++)
          assert_close ("mean", at, lab_gmm_get_means (g)[j], ref_gmm_means[at * REF_K * REF_D + j], 1e-8);
        for (guint j = 0; j < REF_K * REF_D * REF_D; j++)
          assert_close ("covariance", at, lab_gmm_get_covariances (g)[j],
                        ref_gmm_covariances[at * REF_K * REF_D * REF_D + j], 1e-8);
        assert_close ("lower bound", at, ll, ref_gmm_lower_bound[at], 1e-8);
        score = lab_gmm_e_step (g);
        bic = -2 * score * REF_N + p * log (REF_N);
        aic = -2 * score * REF_N + 2.0 * p;
        assert_close ("bic", at, bic, ref_gmm_bic[at], 1e-6);
        assert_close ("aic", at, aic, ref_gmm_aic[at], 1e-6);
      }
  g_assert_cmpuint (lab_gmm_n_parameters (LAB_GMM_FULL, 3, 2), ==, 3 * 3 + 6 + 2);
  g_assert_cmpuint (lab_gmm_n_parameters (LAB_GMM_SPHERICAL, 3, 2), ==, 3 + 6 + 2);
}

/* Responsibilities are a distribution per point; labels their argmax. */
static void
test_gmm_resp (void)
{
  g_autoptr(LabGmm) g = lab_gmm_new (ref_x, REF_N, REF_D, REF_K, LAB_GMM_FULL, 1e-6);
  g_autofree guint *labels = g_new (guint, REF_N);
  const double *r;

  g_assert_true (lab_gmm_init_from_labels (g, ref_truth, NULL));
  lab_gmm_e_step (g);
  r = lab_gmm_get_resp (g);
  lab_gmm_get_labels (g, labels);
  for (guint i = 0; i < REF_N; i++)
    {
      double s = r[i * REF_K] + r[i * REF_K + 1] + r[i * REF_K + 2];

      g_assert_cmpfloat (fabs (s - 1), <, 1e-12);
      for (guint c = 0; c < REF_K; c++)
        g_assert_cmpfloat (r[i * REF_K + c], <=, r[i * REF_K + labels[i]]);
    }
}

/* A covariance that is not positive definite is an error naming the component, not a NaN;
 * so is a component collapsed onto one point with reg-covar 0. */
static void
test_gmm_errors (void)
{
  static const double x[] = { 0, 0, 1, 1, 2, 2, 3, 3, 10, 10 };   /* on a line */
  static const guint labels[] = { 0, 0, 0, 0, 1 };
  g_autoptr(LabGmm) g = lab_gmm_new (ref_x, REF_N, REF_D, REF_K, LAB_GMM_FULL, 1e-6);
  g_autoptr(LabGmm) line = lab_gmm_new (x, 5, 2, 2, LAB_GMM_FULL, 0);
  g_autoptr(GError) error = NULL;
  double bad[REF_K * REF_D * REF_D];

  memcpy (bad, ref_gmm_c0, sizeof bad);
  bad[9 + 0] = -1;   /* component 2: a negative variance */
  g_assert_false (lab_gmm_set_parameters (g, ref_gmm_w0, ref_gmm_m0, bad, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_NUMERIC);
  g_assert_nonnull (strstr (error->message, "component 2"));
  g_clear_error (&error);

  g_assert_false (lab_gmm_init_from_labels (line, labels, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_NUMERIC);
  g_assert_nonnull (strstr (error->message, "reg-covar"));
}

static LabPca *
pca_ok (const double *x, gsize n, guint d, gboolean standardize)
{
  g_autoptr(GError) error = NULL;
  LabPca *pca = lab_pca_compute (x, n, d, standardize, NULL, NULL, &error);

  g_assert_no_error (error);
  return pca;
}

/* Eigenvalues to 1e-10 relative to λ₁ (and to 1e-9 relative to themselves), against both
 * sklearn's explained_variance_ and numpy's eigh; components to 1e-8 with the sign fixed
 * so that the largest absolute loading is positive. */
static void
test_pca (void)
{
  g_autoptr(LabPca) pca = pca_ok (ref_pca_x, REF_PCA_N, REF_PCA_D, FALSE);
  double l1 = ref_pca_eigenvalues_eigh[0];

  for (guint j = 0; j < REF_PCA_D; j++)
    {
      assert_close ("mean", j, pca->mean[j], ref_pca_mean[j], 1e-12 * (1 + fabs (ref_pca_mean[j])));
      assert_close ("eigenvalue (eigh)", j, pca->eigenvalues[j], ref_pca_eigenvalues_eigh[j], 1e-10 * l1);
      assert_close ("eigenvalue (sklearn)", j, pca->eigenvalues[j], ref_pca_eigenvalues_sklearn[j], 1e-10 * l1);
      assert_close ("eigenvalue (relative)", j, pca->eigenvalues[j], ref_pca_eigenvalues_eigh[j],
                    1e-9 * ref_pca_eigenvalues_eigh[j]);
      assert_close ("ratio", j, pca->explained_variance_ratio[j], ref_pca_ratio[j], 1e-12);
    }
  for (guint j = 0; j < REF_PCA_D * REF_PCA_D; j++)
    {
      assert_close ("covariance", j, pca->covariance[j], ref_pca_cov[j], 1e-10 * l1);
      assert_close ("correlation", j, pca->correlation[j], ref_pca_corr[j], 1e-12);
      assert_close ("component", j, pca->components[j], ref_pca_components[j], 1e-8);
    }
  for (guint m = 0; m <= REF_PCA_D; m++)
    assert_close ("reconstruction", m, lab_pca_reconstruction_error (pca, m), ref_pca_reconstruction[m],
                  1e-10 * ref_pca_reconstruction[0]);
  g_assert_cmpuint (pca->rank, ==, REF_RANK_FULL);

  /* scores are centred and their variances are the eigenvalues */
  {
    g_autofree double *s = g_new (double, REF_PCA_N * 2);
    double m0 = 0, v0 = 0;

    lab_pca_project (pca, ref_pca_x, REF_PCA_N, 2, s);
    for (guint i = 0; i < REF_PCA_N; i++)
      m0 += s[2 * i] / REF_PCA_N;
    for (guint i = 0; i < REF_PCA_N; i++)
      v0 += (s[2 * i] - m0) * (s[2 * i] - m0) / (REF_PCA_N - 1);
    g_assert_cmpfloat (fabs (m0), <, 1e-9);
    assert_close ("score variance", 0, v0, pca->eigenvalues[0], 1e-9 * l1);
  }
}

static void
test_pca_correlation (void)
{
  g_autoptr(LabPca) pca = pca_ok (ref_pca_x, REF_PCA_N, REF_PCA_D, TRUE);

  for (guint j = 0; j < REF_PCA_D; j++)
    assert_close ("eigenvalue", j, pca->eigenvalues[j], ref_pca_corr_eigenvalues[j], 1e-10 * REF_PCA_D);
  for (guint j = 0; j < REF_PCA_D * REF_PCA_D; j++)
    assert_close ("component", j, pca->components[j], ref_pca_corr_components[j], 1e-8);
}

/* A linearly dependent column: numpy's matrix_rank of the covariance, with the tolerance. */
static void
test_pca_rank (void)
{
  g_autoptr(LabPca) pca = pca_ok (ref_rank_x, REF_PCA_N, REF_PCA_D, FALSE);

  g_assert_cmpuint (pca->rank, ==, REF_RANK);
  g_assert_cmpuint (pca->rank, ==, REF_PCA_D - 1);
  g_assert_cmpfloat (pca->rank_tol, >, 0);
  g_assert_cmpfloat (fabs (pca->eigenvalues[REF_PCA_D - 1]), <=, pca->rank_tol);
}

static void
test_power_iteration (void)
{
  g_autoptr(LabPca) pca = pca_ok (ref_pca_x, REF_PCA_N, REF_PCA_D, FALSE);
  double v0[REF_PCA_D], vec[(REF_POWER_STEPS + 1) * REF_PCA_D], rq[REF_POWER_STEPS + 1];

  for (guint j = 0; j < REF_PCA_D; j++)
    v0[j] = 1;
  lab_power_iteration (pca->covariance, REF_PCA_D, v0, REF_POWER_STEPS, vec, rq);
  for (guint j = 0; j < G_N_ELEMENTS (vec); j++)
    assert_close ("power vector", j, vec[j], ref_power_vectors[j], 1e-10);
  for (guint t = 0; t <= REF_POWER_STEPS; t++)
    assert_close ("rayleigh", t, rq[t], ref_power_rayleigh[t], 1e-10 * rq[t]);
  /* and it converges to λ₁ */
  assert_close ("λ₁", 0, rq[REF_POWER_STEPS], pca->eigenvalues[0], 1e-8 * pca->eigenvalues[0]);
}

static void
test_pca_errors (void)
{
  static const double x[] = { 1, 5, 2, 5, 3, 5 };   /* column 2 constant */
  static const char * const names[] = { "height", "units" };
  g_autoptr(GError) error = NULL;
  LabPca *pca;

  pca = lab_pca_compute (x, 3, 2, TRUE, names, NULL, &error);
  g_assert_null (pca);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "“units” is constant"));
  g_clear_error (&error);

  /* without standardizing it is allowed: zero variance, an undefined (NaN) correlation */
  pca = pca_ok (x, 3, 2, FALSE);
  g_assert_true (isnan (pca->correlation[1]));
  g_assert_cmpfloat (pca->correlation[0], ==, 1.0);
  g_assert_cmpuint (pca->rank, ==, 1);
  lab_pca_free (pca);

  pca = lab_pca_compute (x, 1, 2, FALSE, names, NULL, &error);
  g_assert_null (pca);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_clear_error (&error);

  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();

    g_cancellable_cancel (cancel);
    pca = lab_pca_compute (ref_pca_x, REF_PCA_N, REF_PCA_D, FALSE, NULL, cancel, &error);
    g_assert_null (pca);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

int
main (int argc, char *argv[])
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/kmeans/lloyd", test_kmeans_lloyd);
  g_test_add_func ("/engine/kmeans/empty-cluster", test_kmeans_empty);
  g_test_add_func ("/engine/kmeans/init", test_kmeans_init);
  g_test_add_func ("/engine/kmeans/ari", test_ari);
  g_test_add_func ("/engine/gmm/em", test_gmm_em);
  g_test_add_func ("/engine/gmm/responsibilities", test_gmm_resp);
  g_test_add_func ("/engine/gmm/errors", test_gmm_errors);
  g_test_add_func ("/engine/pca/covariance", test_pca);
  g_test_add_func ("/engine/pca/correlation", test_pca_correlation);
  g_test_add_func ("/engine/pca/rank", test_pca_rank);
  g_test_add_func ("/engine/pca/power-iteration", test_power_iteration);
  g_test_add_func ("/engine/pca/errors", test_pca_errors);

  return g_test_run ();
}
