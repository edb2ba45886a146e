/* test-topic-clustering.c — the clustering topic end to end
 *
 * Reference: tests/reference/clustering_reference.py → tests/clustering-reference.h (the
 * first two columns of its data set as a CSV file, manual centroids 0.5,0.5;4,1;1,5:
 * scikit-learn KMeans(init=those, max_iter=3) and GaussianMixture started from their hard
 * assignment, max_iter=4, for every covariance type).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "topic-test.h"
#include "clustering/clustering-private.h"
#include "clustering-reference.h"

static const LabTopic *topic = &lab_topic_clustering;

static LabResult *
compute_data (const char  *csv,
              const char  *assignments,
              LabParams  **params_out,
              GError     **error)
{
  g_autoptr(LabDataset) data = topic_test_load_text (csv);
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  LabResult *result;

  if (!lab_params_apply_assignments (params, "source=data", NULL)
      || !lab_params_apply_assignments (params, assignments, error))
    return NULL;
  result = lab_topic_compute (topic, params, data, NULL, NULL, error);
  if (params_out != NULL)
    *params_out = g_steal_pointer (&params);
  return result;
}

static char *
reference_csv (void)
{
  GString *s = g_string_new ("a,b\n");

  for (guint i = 0; i < REF_N; i++)
    {
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (s, "%s,%s\n", g_ascii_dtostr (x, sizeof x, ref_x[i * REF_D]),
                              g_ascii_dtostr (y, sizeof y, ref_x[i * REF_D + 1]));
    }
  return g_string_free (s, FALSE);
}

static void
assert_close (const char *what, guint at, double got, double want, double tol)
{
  if (!(fabs (got - want) <= tol))
    g_error ("%s[%u]: %.17g, reference %.17g", what, at, got, want);
}

/* The topic on a CSV file from manual centroids is scikit-learn's KMeans and GaussianMixture. */
static void
test_reference (void)
{
  g_autofree char *csv = reference_csv ();
  static const char *types[4] = { "full", "tied", "diag", "spherical" };

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) result = compute_data (csv, "columns=a,b method=kmeans init=manual centroids=0.5,0.5;4,1;1,5 "
                                                "max-iter=3 tol=1e-12", NULL, &error);
    const CluResult *r = (const CluResult *) result;

    g_assert_no_error (error);
    g_assert_cmpuint (r->k, ==, 3);
    g_assert_cmpuint (r->km_updates, ==, REF_TOPIC_KM_ITERS);
    for (guint j = 0; j < 6; j++)
      assert_close ("centroid", j, r->km_centroids[REF_TOPIC_KM_ITERS * 6 + j], ref_topic_km_centroids[j], 1e-10);
    for (guint i = 0; i < REF_N; i++)
      g_assert_cmpuint (r->km_labels[i], ==, ref_topic_km_labels[i]);
    assert_close ("inertia", 0, r->km_inertia[r->km_updates], ref_topic_km_inertia[0], 1e-10 * ref_topic_km_inertia[0]);
  }
  for (guint t = 0; t < 4; t++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *a = g_strdup_printf ("columns=a,b method=gmm covariance=%s init=manual "
                                            "centroids=0.5,0.5;4,1;1,5 max-iter=%d tol=1e-12",
                                            types[t], REF_TOPIC_GMM_ITERS);
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) result = compute_data (csv, a, &params, &error);
      const CluResult *r = (const CluResult *) result;
      g_autoptr(LabMetrics) m = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (r->gmm_iters, ==, REF_TOPIC_GMM_ITERS);
      for (guint j = 0; j < 3; j++)
        assert_close ("weight", t * 3 + j, r->gmm_weights[REF_TOPIC_GMM_ITERS * 3 + j], ref_topic_gmm_weights[t * 3 + j], 1e-8);
      for (guint j = 0; j < 6; j++)
        assert_close ("mean", t * 6 + j, r->gmm_means[REF_TOPIC_GMM_ITERS * 6 + j], ref_topic_gmm_means[t * 6 + j], 1e-8);
      assert_close ("log-likelihood", t, r->gmm_loglik[r->gmm_iters], ref_topic_gmm_loglik[t], 1e-8);
      m = lab_topic_get_metrics (topic, result, params);
      assert_close ("metrics log_likelihood", t, lab_metrics_get_double (m, "log_likelihood"), ref_topic_gmm_loglik[t], 1e-8);
      g_assert_true (isfinite (lab_metrics_get_double (m, "bic")));
    }
}

/* Every preset computes and renders; the ones about broken assumptions show the mixture
 * recovering the true clusters better than k-means, the bad start re-seeds an empty cluster. */
static void
test_presets (void)
{
  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabFigure) figure = NULL;
      g_autoptr(LabMetrics) m = NULL;
      const CluResult *r;
      g_autofree char *json = NULL;

      g_assert_true (lab_topic_apply_preset (topic, params, i, &error));
      g_assert_no_error (error);
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      r = (const CluResult *) result;
      figure = topic_test_render_ok (topic, result, params, 1280, 800);
      m = lab_topic_get_metrics (topic, result, params);
      json = lab_metrics_to_json (m);
      g_assert_null (strstr (json, "nan"));
      g_test_message ("%s: ARI k-means %.3f, GMM %.3f", topic->presets[i].name, r->ari_kmeans, r->ari_gmm);
      if (strstr (topic->presets[i].assignments, "anisotropic") || strstr (topic->presets[i].assignments, "unequal"))
        g_assert_cmpfloat (r->ari_gmm, >, r->ari_kmeans + 0.05);
      if (strstr (topic->presets[i].assignments, "9,-9"))
        {
          g_assert_cmpuint (r->km_reseeds->len, ==, 1);
          g_assert_nonnull (strstr (json, "\"reseeded_summary\": \"cluster 3 at update 1\""));
        }
      /* every step renders */
      for (guint s = 0; s <= MAX (clustering_km_steps (r), clustering_gmm_steps (r)); s += 1 + s / 4)
        {
          g_autoptr(LabFigure) f = NULL;

          lab_params_set_int (params, "iteration", (int) s);
          f = topic_test_render_ok (topic, result, params, 900, 600);
        }
    }
}

/* BIC picks the true number of well separated blobs; the elbow's inertia falls with k. */
static void
test_model_selection (void)
{
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "dataset=blobs k-true=4 n=800 k=4 seed=1", NULL);
  const CluResult *r = (const CluResult *) result;
  guint best = 0;

  for (guint i = 1; i < CLU_SWEEP_K; i++)
    if (r->sweep_bic[i] < r->sweep_bic[best])
      best = i;
  g_assert_cmpuint (best + 1, ==, 4);
  for (guint i = 1; i < 4; i++)
    g_assert_cmpfloat (r->sweep_inertia[i], <, r->sweep_inertia[i - 1]);
  g_assert_cmpfloat (r->ari_kmeans, >, 0.95);
  g_assert_cmpfloat (r->ari_gmm, >, 0.95);
}

static void
test_determinism (void)
{
  g_autoptr(LabResult) a = topic_test_compute_ok (topic, "init=random n-init=3 seed=9 dataset=unequal-variance", NULL);
  g_autoptr(LabResult) b = topic_test_compute_ok (topic, "init=random n-init=3 seed=9 dataset=unequal-variance", NULL);
  const CluResult *ra = (const CluResult *) a, *rb = (const CluResult *) b;

  g_assert_cmpuint (ra->km_updates, ==, rb->km_updates);
  g_assert_cmpmem (ra->km_labels, ra->n * sizeof (guint), rb->km_labels, rb->n * sizeof (guint));
  g_assert_cmpfloat (ra->gmm_loglik[ra->gmm_iters], ==, rb->gmm_loglik[rb->gmm_iters]);
  /* the best of three is at least as good as every one of them alone */
  for (guint s = 0; s < 1; s++)
    {
      g_autoptr(LabResult) one = topic_test_compute_ok (topic, "init=random n-init=1 seed=9 dataset=unequal-variance", NULL);

      g_assert_cmpfloat (ra->km_inertia[ra->km_updates], <=, ((const CluResult *) one)->km_inertia[((const CluResult *) one)->km_updates]);
    }
}

/* Clicks edit the manual centroids: add, remove near one; from kmeans++ they start from the
 * centroids shown. With none placed the figure asks for a click. */
static void
test_click (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "init=manual centroids=", &params);
  const CluResult *r = (const CluResult *) result;
  g_autoptr(LabFigure) figure = topic_test_render_ok (topic, result, params, 640, 400);
  g_autoptr(LabResult) r2 = NULL;
  g_autoptr(LabResult) r3 = NULL;
  g_autoptr(LabParams) p3 = NULL;

  g_assert_cmpuint (r->k, ==, 0);
  g_assert_true (topic->click (result, params, TAG_KMEANS, 1.0, 2.0));
  g_assert_true (topic->click (result, params, TAG_KMEANS, -2.0, -2.0));
  g_assert_cmpstr (lab_params_get_string (params, "centroids"), ==, "1,2;-2,-2");
  g_assert_true (topic->click (result, params, TAG_GMM, 1.01, 2.01));   /* removes the first */
  g_assert_cmpstr (lab_params_get_string (params, "centroids"), ==, "-2,-2");
  g_assert_false (topic->click (result, params, TAG_SIZES, 0, 0));
  r2 = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (((const CluResult *) r2)->k, ==, 1);

  r3 = topic_test_compute_ok (topic, "k=3", &p3);
  g_assert_true (topic->click (r3, p3, TAG_KMEANS, 20, 20));
  g_assert_cmpint (lab_params_get_enum (p3, "init"), ==, CLU_INIT_MANUAL);
  {
    double xy[2 * CLU_MAX_K];

    g_assert_cmpint (clustering_parse_centroids (lab_params_get_string (p3, "centroids"), xy, NULL), ==, 4);
  }
}

static void
expect_error (const char *csv,
              const char *assignments,
              int         code,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;

  if (csv != NULL)
    result = compute_data (csv, assignments, NULL, &error);
  else
    result = topic_test_compute (topic, assignments, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LAB_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s: “%s” does not contain “%s”", assignments, error->message, fragment);
}

/* Bad input: each error names what is wrong and where; empty cells drop their rows, counted. */
static void
test_bad_input (void)
{
  expect_error ("a,b\n1,2\n3,4\n", "columns=a,b k=3", LAB_ERROR_DATA, "k = 3 clusters need at least 3 points");
  expect_error ("a,b,name\n1,2,x\n3,4,y\n5,6,z\n", "columns=a,name k=2", LAB_ERROR_DATA, "test.csv:2:");
  expect_error ("a,b,name\n1,2,x\n3,4,y\n5,6,z\n", "columns=a,name k=2", LAB_ERROR_DATA, "“name” must hold numbers");
  expect_error ("a,b\n1,2\n3,2\n5,2\n", "columns=a,b k=2 standardize=true", LAB_ERROR_DATA, "column “b” is constant");
  expect_error ("a,b\n1,2\n3,4\n", "columns=a k=1", LAB_ERROR_USAGE, "two or more numeric columns");
  expect_error ("a,name\n1,x\n3,y\n", "k=1", LAB_ERROR_USAGE, "columns names 1");
  expect_error ("a,b\n1,2\n3,4\n", "columns=a,zz k=1", LAB_ERROR_USAGE, "no column “zz”");
  expect_error ("a,b\n1,\n,4\n5,6\n", "columns=a,b k=2", LAB_ERROR_DATA, "1 complete rows");
  expect_error (NULL, "init=manual centroids=1,2;3", LAB_ERROR_USAGE, "“3” is not a point");
  expect_error (NULL, "init=manual centroids=1,x", LAB_ERROR_USAGE, "“x” in “1,x” is not a finite number");
  expect_error (NULL, "init=manual centroids=0,0;1,1;2,2;3,3;4,4;5,5;6,6;7,7;8,8;9,9;10,10", LAB_ERROR_USAGE,
                "at most 10 centroids");
  expect_error (NULL, "source=data", LAB_ERROR_USAGE, "needs a dataset");

  /* constant column without standardizing is fine; empty cells drop rows and say how many */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabParams) params = NULL;
    g_autoptr(LabResult) result = compute_data ("a,b\n1,2\n3,2\n,2\n5,2\n9,2\n", "columns=a,b k=2", &params, &error);
    g_autoptr(LabMetrics) m = NULL;
    g_autofree char *json = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (((const CluResult *) result)->n, ==, 4);
    m = lab_topic_get_metrics (topic, result, params);
    g_assert_cmpfloat (lab_metrics_get_double (m, "dropped_rows"), ==, 1);
    json = lab_metrics_to_json (m);
    g_assert_null (strstr (json, "nan"));
    lab_figure_unref (topic_test_render_ok (topic, result, params, 640, 400));
  }
  /* standardized: centroids and covariances are reported in the data's units */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabParams) params = NULL;
    g_autoptr(LabResult) result = compute_data ("a,b\n0,0\n0,10\n100,0\n100,10\n", "columns=a,b k=2 standardize=true "
                                                "init=manual centroids=-1,0;1,0", &params, &error);
    g_autoptr(LabMetrics) m = NULL;
    g_autofree char *json = NULL;

    g_assert_no_error (error);
    m = lab_topic_get_metrics (topic, result, params);
    json = lab_metrics_to_json (m);
    const char *p = strstr (json, "\"centroids\": [");
    static const double want[4] = { 0, 5, 100, 5 };

    g_assert_nonnull (p);
    p += strlen ("\"centroids\": [");
    for (guint i = 0; i < 4; i++)
      {
        char *end;

        p += strspn (p, " \n[],");
        assert_close ("centroid in data units", i, g_ascii_strtod (p, &end), want[i], 1e-9);
        p = end;
      }
  }
}

int
main (int argc, char *argv[])
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topics/clustering/reference", test_reference);
  g_test_add_func ("/topics/clustering/presets", test_presets);
  g_test_add_func ("/topics/clustering/model-selection", test_model_selection);
  g_test_add_func ("/topics/clustering/determinism", test_determinism);
  g_test_add_func ("/topics/clustering/click", test_click);
  g_test_add_func ("/topics/clustering/bad-input", test_bad_input);

  return g_test_run ();
}
