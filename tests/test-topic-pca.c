/* test-topic-pca.c — the PCA topic end to end
 *
 * Reference: tests/reference/clustering_reference.py → tests/clustering-reference.h
 * (sklearn.decomposition.PCA, numpy.linalg.eigh of the covariance and of the correlation
 * matrix, numpy.linalg.matrix_rank), here through the topic on the same table as a CSV file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "topic-test.h"
#include "pca/pca-private.h"
#include "clustering-reference.h"

static const LabTopic *topic = &lab_topic_pca;

static char *
table_csv (const double *x, gboolean with_text)
{
  GString *s = g_string_new ("c1,c2,c3,c4,c5");

  g_string_append (s, with_text ? ",name\n" : "\n");
  for (guint i = 0; i < REF_PCA_N; i++)
    {
      for (guint j = 0; j < REF_PCA_D; j++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (s, "%s%s", j ? "," : "", g_ascii_dtostr (buf, sizeof buf, x[i * REF_PCA_D + j]));
        }
      if (with_text)
        g_string_append_printf (s, ",row%u", i);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

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

static void
assert_close (const char *what, guint at, double got, double want, double tol)
{
  if (!(fabs (got - want) <= tol))
    g_error ("%s[%u]: %.17g, reference %.17g", what, at, got, want);
}

/* The topic on the reference table (a text column beside it is skipped when columns is
 * empty) is scikit-learn's PCA and numpy's eigh: eigenvalues to 1e-10 λ₁, components to 1e-8
 * with the documented sign; standardized, the correlation matrix's eigenvectors. */
static void
test_reference (void)
{
  g_autofree char *csv = table_csv (ref_pca_x, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_data (csv, "columns=", &params, &error);
  const PcaResult *r = (const PcaResult *) result;
  double l1 = ref_pca_eigenvalues_eigh[0];
  g_autoptr(LabMetrics) m = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (r->d, ==, REF_PCA_D);
  for (guint j = 0; j < REF_PCA_D; j++)
    {
      assert_close ("eigenvalue (sklearn)", j, r->pca->eigenvalues[j], ref_pca_eigenvalues_sklearn[j], 1e-10 * l1);
      assert_close ("eigenvalue (eigh)", j, r->pca->eigenvalues[j], ref_pca_eigenvalues_eigh[j], 1e-10 * l1);
      assert_close ("ratio", j, r->pca->explained_variance_ratio[j], ref_pca_ratio[j], 1e-12);
      assert_close ("mean", j, r->pca->mean[j], ref_pca_mean[j], 1e-12 * (1 + fabs (ref_pca_mean[j])));
    }
  for (guint j = 0; j < REF_PCA_D * REF_PCA_D; j++)
    {
      assert_close ("component", j, r->pca->components[j], ref_pca_components[j], 1e-8);
      assert_close ("correlation", j, r->pca->correlation[j], ref_pca_corr[j], 1e-12);
    }
  g_assert_cmpuint (r->pca->rank, ==, REF_RANK_FULL);
  m = lab_topic_get_metrics (topic, result, params);
  json = lab_metrics_to_json (m);
  for (const char * const *k = (const char * const[]) { "\"eigenvalues\"", "\"explained_variance_ratio\"", "\"components\"",
                                                        "\"mean\"", "\"covariance\"", "\"correlation\"", "\"rank\": 5",
                                                        "\"rank_tolerance\"", NULL }; *k; k++)
    g_assert_nonnull (strstr (json, *k));
  g_assert_null (strstr (json, "nan"));
  lab_figure_unref (topic_test_render_ok (topic, result, params, 1280, 800));

  {
    g_autoptr(LabResult) std = compute_data (csv, "columns=c1,c2,c3,c4,c5 standardize=true", NULL, &error);
    const PcaResult *s = (const PcaResult *) std;

    g_assert_no_error (error);
    for (guint j = 0; j < REF_PCA_D; j++)
      assert_close ("correlation eigenvalue", j, s->pca->eigenvalues[j], ref_pca_corr_eigenvalues[j], 1e-10 * REF_PCA_D);
    for (guint j = 0; j < REF_PCA_D * REF_PCA_D; j++)
      assert_close ("correlation component", j, s->pca->components[j], ref_pca_corr_components[j], 1e-8);
  }
}

/* A linearly dependent column lowers the numerical rank (numpy's matrix_rank, same tolerance);
 * so does the synthetic "dependent" table. */
static void
test_rank (void)
{
  g_autofree char *csv = table_csv (ref_rank_x, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = compute_data (csv, "columns=", NULL, &error);
  g_autoptr(LabResult) dep = topic_test_compute_ok (topic, "dataset=dependent", NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (((const PcaResult *) result)->pca->rank, ==, REF_RANK);
  g_assert_cmpuint (((const PcaResult *) dep)->pca->rank, ==, 3);
  {
    /* a little noise: full rank, the fourth eigenvalue small but above the tolerance */
    g_autoptr(LabResult) near = topic_test_compute_ok (topic, "dataset=dependent noise=0.001", NULL);
    const LabPca *p = ((const PcaResult *) near)->pca;

    g_assert_cmpuint (p->rank, ==, 4);
    g_assert_cmpfloat (p->eigenvalues[3], <, 1e-5 * p->eigenvalues[0]);
    g_assert_cmpfloat (p->eigenvalues[3], >, p->rank_tol);
  }
}

/* The power iteration converges to λ₁ and to ±PC1; each step draws. */
static void
test_power (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "dataset=correlated-3d n=800", &params);
  const PcaResult *r = (const PcaResult *) result;
  double dot = 0;

  assert_close ("rayleigh", PCA_POWER_STEPS, r->power_rayleigh[PCA_POWER_STEPS], r->pca->eigenvalues[0],
                1e-12 * r->pca->eigenvalues[0]);
  for (guint j = 0; j < r->d; j++)
    dot += r->power_vectors[PCA_POWER_STEPS * r->d + j] * r->pca->components[j];
  assert_close ("|cos|", 0, fabs (dot), 1, 1e-8);
  for (guint t = 1; t <= PCA_POWER_STEPS; t++)
    g_assert_cmpfloat (r->power_rayleigh[t], >=, r->power_rayleigh[t - 1] - 1e-12 * r->pca->eigenvalues[0]);
  for (int s = 0; s <= PCA_POWER_STEPS; s += 7)
    {
      lab_params_set_int (params, "power-step", s);
      lab_figure_unref (topic_test_render_ok (topic, result, params, 900, 600));
    }
}

static void
test_presets (void)
{
  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabMetrics) m = NULL;
      g_autofree char *json = NULL;

      g_assert_true (lab_topic_apply_preset (topic, params, i, &error));
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      lab_figure_unref (topic_test_render_ok (topic, result, params, 1280, 800));
      m = lab_topic_get_metrics (topic, result, params);
      json = lab_metrics_to_json (m);
      g_assert_null (strstr (json, "nan"));
    }
  /* different units: unstandardized PC1 is the dollars column; standardized it is not */
  {
    g_autoptr(LabResult) raw = topic_test_compute_ok (topic, "dataset=mixed-units n=600", NULL);
    g_autoptr(LabResult) std = topic_test_compute_ok (topic, "dataset=mixed-units n=600 standardize=true", NULL);
    const LabPca *a = ((const PcaResult *) raw)->pca, *b = ((const PcaResult *) std)->pca;

    g_assert_cmpfloat (fabs (a->components[3]), >, 0.999);
    g_assert_cmpfloat (a->explained_variance_ratio[0], >, 0.99);
    g_assert_cmpfloat (fabs (b->components[3]), <, 0.9);
    g_assert_cmpfloat (b->explained_variance_ratio[0], <, 0.6);
  }
}

static void
expect_error (const char *csv,
              const char *assignments,
              int         code,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = compute_data (csv, assignments, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, LAB_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s: “%s” does not contain “%s”", assignments, error->message, fragment);
}

static void
test_bad_input (void)
{
  expect_error ("a,b,name\n1,2,x\n3,5,y\n", "columns=a,name", LAB_ERROR_DATA, "test.csv:2:");
  expect_error ("a,b\n1,5\n3,5\n4,5\n", "columns=a,b standardize=true", LAB_ERROR_DATA, "column “b” is constant");
  expect_error ("a,name\n1,x\n3,y\n", "columns=", LAB_ERROR_DATA, "PCA needs 2 to 200 numeric columns, 1 found");
  expect_error ("a,b\n1,5\n", "columns=a,b", LAB_ERROR_DATA, "1 complete rows");
  expect_error ("a,b\n1,5\n2,3\n", "columns=a,q", LAB_ERROR_USAGE, "no column “q”");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabParams) params = NULL;
    g_autoptr(LabResult) result = compute_data ("a,b\n1,5\n2,\n3,8\n5,1\n", "columns=a,b", &params, &error);
    g_autoptr(LabMetrics) m = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (((const PcaResult *) result)->n, ==, 3);
    m = lab_topic_get_metrics (topic, result, params);
    g_assert_cmpfloat (lab_metrics_get_double (m, "dropped_rows"), ==, 1);
  }
  /* a constant column without standardizing: zero variance, an undefined correlation (null) */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabParams) params = NULL;
    g_autoptr(LabResult) result = compute_data ("a,b\n1,5\n2,5\n4,5\n", "columns=a,b", &params, &error);
    g_autoptr(LabMetrics) m = NULL;
    g_autofree char *json = NULL;

    g_assert_no_error (error);
    m = lab_topic_get_metrics (topic, result, params);
    json = lab_metrics_to_json (m);
    g_assert_nonnull (strstr (json, "\"rank\": 1"));
    g_assert_nonnull (strstr (json, "null"));
    lab_figure_unref (topic_test_render_ok (topic, result, params, 640, 400));
  }
}

int
main (int argc, char *argv[])
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topics/pca/reference", test_reference);
  g_test_add_func ("/topics/pca/rank", test_rank);
  g_test_add_func ("/topics/pca/power-iteration", test_power);
  g_test_add_func ("/topics/pca/presets", test_presets);
  g_test_add_func ("/topics/pca/bad-input", test_bad_input);

  return g_test_run ();
}
