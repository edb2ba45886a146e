/* test-topic-distributions.c — the distribution explorer against scipy.stats
 *
 * Reference values: tests/reference/distributions_reference.py → tests/distributions-reference.h
 * (PDF/PMF and CDF at reference points, closed-form moments, and the standard errors of
 * the sample moments of 10⁶ draws).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pango.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "distributions/distributions.h"
#include "distributions-reference.h"
#include <glib/gstdio.h>

#include "lab-csv.h"
#include "lab-distribution.h"
#include "lab-dist-fit.h"
#include "distributions-scipy-reference.h"
#include "topic-test.h"

static const LabTopic *topic;

static LabParams *
params_for (const char *assignments)
{
  LabParams *params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_params_apply_assignments (params, assignments, &error));
  g_assert_no_error (error);
  return params;
}

static LabMetrics *
run (LabParams *params, GError **error)
{
  g_autoptr(LabResult) result = lab_topic_compute (topic, params, NULL, NULL, NULL, error);

  if (result == NULL)
    return NULL;
  {
    g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, NULL);

    g_assert_cmpuint (lab_figure_get_n_axes (figure), >=, 2);
    g_assert_cmpstr (lab_figure_get_metadata (figure, "topic"), ==, "distributions");
  }
  return lab_topic_get_metrics (topic, result, params);
}

/* PDF/PMF and CDF at the reference points, to 1e-12 relative */
static void
test_exact_values (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_distributions); i++)
    {
      const RefDistribution *ref = &ref_distributions[i];
      g_autoptr(LabParams) params = params_for (ref->assignments);

      for (guint j = 0; j < ref->n_points; j++)
        {
          topic_test_assert_close (lab_distributions_pdf (params, ref->x[j]), ref->pdf[j], 1e-12, 1e-300, "%s: %s at %g", ref->assignments, "pdf", ref->x[j]);
          topic_test_assert_close (lab_distributions_cdf (params, ref->x[j]), ref->cdf[j], 1e-12, 1e-300, "%s: %s at %g", ref->assignments, "cdf", ref->x[j]);
        }
      /* outside the support */
      if (lab_distributions_is_discrete (params))
        {
          g_assert_cmpfloat (lab_distributions_pdf (params, -1), ==, 0);
          g_assert_cmpfloat (lab_distributions_cdf (params, -0.5), ==, 0);
          g_assert_cmpfloat (lab_distributions_cdf (params, 1e6), ==, 1);
        }
    }
}

/* closed-form moments against scipy.stats' stats(moments="mvsk") */
static void
test_exact_moments (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_distributions); i++)
    {
      const RefDistribution *ref = &ref_distributions[i];
      g_autoptr(LabParams) params = params_for (ref->assignments);
      double mean, var, skew, exkurt;

      lab_distributions_moments (params, &mean, &var, &skew, &exkurt);
      topic_test_assert_close (mean, ref->mean, 1e-12, 1e-15, "%s: %s at %g", ref->assignments, "mean", NAN);
      topic_test_assert_close (var, ref->variance, 1e-12, 1e-15, "%s: %s at %g", ref->assignments, "variance", NAN);
      topic_test_assert_close (skew, ref->skewness, 1e-12, 1e-15, "%s: %s at %g", ref->assignments, "skewness", NAN);
      topic_test_assert_close (exkurt, ref->excess_kurtosis, 1e-12, 1e-15, "%s: %s at %g", ref->assignments, "excess kurtosis", NAN);
    }
}

static void
assert_within (double got, double want, double se, const char *what, const char *where)
{
  g_test_message ("%s: %s %.6g vs %.6g (%.2f SE)", where, what, got, want, (got - want) / se);
  if (!(fabs (got - want) <= 5 * se))
    g_error ("%s: sample %s %.10g is %.1f standard errors from %.10g",
             where, what, got, fabs (got - want) / se, want);
}

/* the one-pass sample moments of 10⁶ draws lie within 5 standard errors of the exact ones */
static void
test_sample_moments (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_distributions); i++)
    {
      const RefDistribution *ref = &ref_distributions[i];
      g_autoptr(LabParams) params = params_for (ref->assignments);
      g_autoptr(LabMetrics) m = NULL;
      g_autoptr(GError) error = NULL;

      lab_params_set_int (params, "samples", REF_N_DRAWS);
      m = run (params, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (lab_metrics_get_double (m, "samples"), ==, REF_N_DRAWS);
      /* the exact column is the closed form */
      topic_test_assert_close (lab_metrics_get_double (m, "mean"), ref->mean, 1e-12, 1e-15, "%s: %s at %g", ref->assignments, "mean", NAN);
      assert_within (lab_metrics_get_double (m, "sample_mean"), ref->mean, ref->se_mean, "mean", ref->assignments);
      assert_within (lab_metrics_get_double (m, "sample_variance"), ref->variance, ref->se_variance,
                     "variance", ref->assignments);
      assert_within (lab_metrics_get_double (m, "sample_skewness"), ref->skewness, ref->se_skewness,
                     "skewness", ref->assignments);
      assert_within (lab_metrics_get_double (m, "sample_excess_kurtosis"), ref->excess_kurtosis,
                     ref->se_excess_kurtosis, "excess kurtosis", ref->assignments);
    }
}

/* Far from the origin, naive power sums lose every digit; the one-pass update does not. */
static void
test_moments_stable (void)
{
  g_autoptr(LabParams) params = params_for ("distribution=uniform a=9.999 b=10 samples=100000");
  g_autoptr(LabMetrics) m = run (params, NULL);
  double w = 0.001;

  /* variance w²/12 ≈ 8.3e-8 on values near 10: relative accuracy stays ~1 % (sampling) */
  g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "sample_variance") / (w * w / 12) - 1), <, 0.02);
  g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "sample_excess_kurtosis") + 1.2), <, 0.05);
  g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "sample_skewness")), <, 0.05);
}

/* P(X ≤ x), exact and empirical: the sorted samples (n ≤ 10⁶) and the counting grid (n > 10⁶) */
static void
test_cdf_at_x (void)
{
  {
    g_autoptr(LabParams) params = params_for ("distribution=normal samples=10 x=0.3");
    g_autoptr(LabMetrics) m = run (params, NULL);
    double s = lab_metrics_get_double (m, "sample_cdf_at_x");

    g_assert_cmpfloat (fabs (s * 10 - round (s * 10)), <, 1e-12);   /* a count out of 10 */
    g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "cdf_at_x") - 0.61791142218895256), <, 1e-14);
    g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "pdf_at_x") - 0.38138781546052414), <, 1e-14);
  }
  {
    g_autoptr(LabParams) params = params_for ("distribution=gamma shape=2 scale=1.5 samples=2000000 x=3");
    g_autoptr(LabMetrics) m = run (params, NULL);

    /* the counting grid: within sampling noise (sd ≈ 3.5e-4) plus a grid cell */
    g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "sample_cdf_at_x") - lab_metrics_get_double (m, "cdf_at_x")),
                       <, 3e-3);
  }
  {
    /* discrete: x reads as ⌊x⌋ */
    g_autoptr(LabParams) params = params_for ("distribution=poisson lambda=4 samples=100000 x=2.5");
    g_autoptr(LabMetrics) m = run (params, NULL);

    g_assert_cmpfloat (lab_metrics_get_double (m, "x"), ==, 2);
    g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "cdf_at_x") - 0.23810330555354436), <, 1e-14);
    g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "sample_cdf_at_x") - 0.2381), <, 0.01);
  }
}

static void
test_deterministic (void)
{
  g_autoptr(LabParams) params = params_for ("distribution=beta alpha=2 beta=5 samples=5000 seed=7");
  g_autoptr(LabMetrics) a = run (params, NULL);
  g_autoptr(LabMetrics) b = run (params, NULL);
  g_autoptr(LabMetrics) c = NULL;
  g_autofree char *ja = lab_metrics_to_json (a);
  g_autofree char *jb = lab_metrics_to_json (b);
  g_autofree char *jc = NULL;

  g_assert_cmpstr (ja, ==, jb);
  lab_params_set_int (params, "seed", 8);
  c = run (params, NULL);
  jc = lab_metrics_to_json (c);
  g_assert_cmpstr (ja, !=, jc);
  g_assert_cmpfloat (lab_metrics_get_double (a, "mean"), ==, lab_metrics_get_double (c, "mean"));
}

static void
test_click_and_view (void)
{
  g_autoptr(LabParams) params = params_for ("distribution=normal");
  g_autoptr(LabResult) result = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
  g_autoptr(LabParams) before = lab_params_copy (params);
  GParamSpec *x = lab_params_find (params, "x");

  g_assert_nonnull (result);
  g_assert_true (lab_param_get_flags (x) & LAB_PARAM_VIEW);
  /* the PDF axes (tag 0) and the CDF axes (tag 1) */
  g_assert_true (topic->click (result, params, 0, 1.25, 0.1));
  g_assert_cmpfloat (lab_params_get_double (params, "x"), ==, 1.25);
  g_assert_true (topic->click (result, params, 1, -0.5, 0.3));
  g_assert_cmpfloat (lab_params_get_double (params, "x"), ==, -0.5);
  g_assert_false (topic->click (result, params, 7, 3.0, 0.3));
  g_assert_cmpfloat (lab_params_get_double (params, "x"), ==, -0.5);
  /* a view change: no recompute needed, the metrics follow */
  g_assert_true (lab_params_equal_for_compute (params, before));
  {
    g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);

    g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "cdf_at_x") - 0.30853753872598688), <, 1e-14);
  }
  /* the slider range of x: the view */
  {
    double lo, hi;

    g_assert_true (topic->suggest_range (result, x, &lo, &hi));
    g_assert_cmpfloat (lo, <, -3.2);
    g_assert_cmpfloat (hi, >, 3.2);
    g_assert_false (topic->suggest_range (result, lab_params_find (params, "mu"), &lo, &hi));
  }
  /* discrete: a click snaps to the nearest integer */
  {
    g_autoptr(LabParams) p2 = params_for ("distribution=binomial n=20 p=0.3");
    g_autoptr(LabResult) r2 = lab_topic_compute (topic, p2, NULL, NULL, NULL, NULL);

    g_assert_true (topic->click (r2, p2, 0, 6.6, 0.1));
    g_assert_cmpfloat (lab_params_get_double (p2, "x"), ==, 7);
  }
}

static void
test_presets (void)
{
  g_assert_cmpuint (topic->n_presets, ==, 14);
  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabMetrics) m = NULL;

      g_assert_true (lab_topic_apply_preset (topic, params, i, &error));
      g_assert_no_error (error);
      m = run (params, &error);
      g_assert_no_error (error);
      g_assert_nonnull (m);
      if (lab_params_get_enum (params, "mode") == LAB_DISTRIBUTIONS_MODE_BIVARIATE)
        {
          g_assert_true (isfinite (lab_metrics_get_double (m, "sample_correlation")));
          continue;
        }
      if (lab_params_get_enum (params, "mode") == LAB_DISTRIBUTIONS_MODE_BAYES)
        {
          g_assert_true (isfinite (lab_metrics_get_double (m, "posterior_mean")));
          continue;
        }
      if (lab_params_get_enum (params, "mode") == LAB_DISTRIBUTIONS_MODE_FIT)
        {
          g_assert_true (isfinite (lab_metrics_get_double (m, "log_likelihood")));
          continue;
        }
      if (lab_params_get_enum (params, "mode") == LAB_DISTRIBUTIONS_MODE_COMPARE)
        {
          g_assert_true (isfinite (lab_metrics_get_double (m, "kl_pq")));
          g_assert_true (isfinite (lab_metrics_get_double (m, "kl_qp")));
          continue;
        }
      g_assert_true (isfinite (lab_metrics_get_double (m, "cdf_at_x")));
      g_assert_true (isfinite (lab_metrics_get_double (m, "sample_excess_kurtosis")));
    }
}

/* quantiles, entropy and P(a ≤ X ≤ b) in the metrics, against scipy */
static void
test_explore_metrics (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_explore); i++)
    {
      const RefExplore *r = &ref_explore[i];
      g_autoptr(LabParams) params = params_for (r->assignments);
      g_autoptr(LabMetrics) m = run (params, NULL);

      topic_test_assert_close (lab_metrics_get_double (m, "quantile_05"), r->q05, 1e-8, 1e-9, "%s: %s at %g", r->assignments, "q05", NAN);
      topic_test_assert_close (lab_metrics_get_double (m, "quantile_50"), r->q50, 1e-8, 1e-9, "%s: %s at %g", r->assignments, "q50", NAN);
      topic_test_assert_close (lab_metrics_get_double (m, "quantile_95"), r->q95, 1e-8, 1e-9, "%s: %s at %g", r->assignments, "q95", NAN);
      topic_test_assert_close (lab_metrics_get_double (m, "entropy"), r->entropy, 1e-9, 1e-12, "%s: %s at %g", r->assignments, "entropy", NAN);
      topic_test_assert_close (lab_metrics_get_double (m, "interval_probability"), r->interval, 1e-9, 1e-12, "%s: %s at %g", r->assignments, "interval", NAN);
      g_assert_cmpfloat (lab_distributions_quantile (params, 0.5), ==, lab_metrics_get_double (m, "quantile_50"));
      g_assert_cmpfloat (lab_distributions_entropy (params), ==, lab_metrics_get_double (m, "entropy"));
    }
  /* b below a: no interval, a null, no crash */
  {
    g_autoptr(LabParams) params = params_for ("interval-a=2 interval-b=1");
    g_autoptr(LabMetrics) m = run (params, NULL);
    g_autofree char *json = lab_metrics_to_json (m);

    g_assert_nonnull (strstr (json, "\"interval_probability\": null"));
  }
}

/* moments that do not exist: JSON null plus a reason */
static void
test_undefined_moments (void)
{
  g_autoptr(LabParams) params = params_for ("distribution=student-t df=2.5 samples=1000");
  g_autoptr(LabMetrics) m = run (params, NULL);
  g_autofree char *json = lab_metrics_to_json (m);

  g_assert_cmpfloat (lab_metrics_get_double (m, "variance"), ==, 5);   /* σ²ν/(ν − 2) */
  g_assert_nonnull (strstr (json, "\"skewness\": null"));
  g_assert_nonnull (strstr (json, "\"skewness_reason\": \"undefined for df ≤ 3"));
  g_assert_nonnull (strstr (json, "\"excess_kurtosis\": null"));
  g_assert_nonnull (strstr (json, "\"excess_kurtosis_reason\": \"infinite for 2 < df ≤ 4"));
  g_assert_true (lab_metrics_has (m, "mean"));
  g_assert_false (lab_metrics_has (m, "mean_reason"));
  {
    g_autoptr(LabParams) cauchy = params_for ("distribution=student-t df=1 samples=1000");
    g_autoptr(LabMetrics) mc = run (cauchy, NULL);
    g_autofree char *jc = lab_metrics_to_json (mc);

    g_assert_nonnull (strstr (jc, "\"mean\": null"));
    g_assert_nonnull (strstr (jc, "\"mean_reason\""));
    g_assert_nonnull (strstr (jc, "\"variance\": null"));
  }
}

/* the edges of the supports through the topic (the engine test has them all) */
static void
test_support_edges (void)
{
  g_autoptr(LabParams) g = params_for ("distribution=gamma shape=0.5 scale=1");
  g_autoptr(LabParams) u = params_for ("distribution=uniform a=-1 b=2");
  g_autoptr(LabParams) e = params_for ("distribution=exponential rate=3");
  g_autoptr(LabParams) c = params_for ("distribution=chi-squared df=1");
  g_autoptr(LabParams) geo = params_for ("distribution=geometric p=0.25");

  g_assert_cmpfloat (lab_distributions_pdf (g, 0), ==, INFINITY);
  g_assert_cmpfloat (lab_distributions_pdf (u, 2), ==, 1.0 / 3);
  g_assert_cmpfloat (lab_distributions_pdf (u, -1), ==, 1.0 / 3);
  g_assert_cmpfloat (lab_distributions_pdf (u, 2.0000001), ==, 0);
  g_assert_cmpfloat (lab_distributions_pdf (e, 0), ==, 3);
  g_assert_cmpfloat (lab_distributions_pdf (c, 0), ==, INFINITY);
  g_assert_cmpfloat (lab_distributions_pdf (geo, 0), ==, 0);
  g_assert_cmpfloat (lab_distributions_pdf (geo, 1), ==, 0.25);
  g_assert_true (lab_distributions_is_discrete (geo));
}

/* tv_distance of the binomial's approximations, against scipy */
static void
test_approximations (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_tv); i++)
    {
      g_autoptr(LabParams) params = params_for (ref_tv[i].assignments);
      g_autoptr(LabMetrics) m = NULL;
      g_autoptr(LabResult) r = NULL;

      lab_params_set_int (params, "samples", 1000);
      m = run (params, NULL);
      topic_test_assert_close (lab_metrics_get_double (m, "tv_distance"), ref_tv[i].tv, 1e-9, 1e-13, "%s: %s at %g",
                               ref_tv[i].assignments, "tv", NAN);
    }
  /* only for the binomial */
  {
    g_autoptr(LabParams) params = params_for ("distribution=poisson approximation=normal samples=1000");
    g_autoptr(LabMetrics) m = run (params, NULL);

    g_assert_false (lab_metrics_has (m, "tv_distance"));
    g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "approximation")));
  }
}

/* means of n exponential draws: sd σ/√n within sampling error, a third panel */
static void
test_clt (void)
{
  g_autoptr(LabParams) params = params_for ("distribution=exponential rate=2 clt-n=25 samples=1000");
  g_autoptr(LabResult) result = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
  g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, NULL);
  g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);
  double theory = 0.5 / 5;

  g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 3);
  g_assert_cmpfloat (lab_metrics_get_double (m, "clt_theory_sd"), ==, theory);
  /* the sd of 20,000 means has a relative standard error ≈ √((κ−1)/4N) < 1 % here */
  g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "clt_sample_sd") / theory - 1), <, 0.03);
  g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "clt_sample_mean") - 0.5), <, 5 * theory / sqrt (20000));
  /* an infinite variance has no σ/√n */
  {
    g_autoptr(LabParams) t = params_for ("distribution=student-t df=1.5 clt-n=10 samples=100");
    g_autoptr(LabMetrics) mt = run (t, NULL);
    g_autofree char *json = lab_metrics_to_json (mt);

    g_assert_nonnull (strstr (json, "\"clt_theory_sd\": null"));
  }
}

/* a CSV file in a temporary directory, loaded */
static LabDataset *
write_csv (const char *name,
           const char *text)
{
  g_autofree char *dir = g_dir_make_tmp ("ml-lab-dist-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  LabDataset *data;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  data = lab_csv_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  return data;
}

static LabMetrics *
run_data (LabParams *params, LabDataset *data, GError **error)
{
  g_autoptr(LabResult) result = lab_topic_compute (topic, params, data, NULL, NULL, error);

  if (result == NULL)
    return NULL;
  {
    g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, data);

    g_assert_cmpuint (lab_figure_get_n_axes (figure), >=, 2);
  }
  return lab_topic_get_metrics (topic, result, params);
}

/* "object.key" out of the metrics' JSON (lab_metrics_get_double reads the top level only) */
static double
nested_double (LabMetrics *m,
               const char *path)
{
  g_autofree char *json = lab_metrics_to_json (m);
  g_auto(GStrv) parts = g_strsplit (path, ".", 2);
  g_autofree char *obj = g_strdup_printf ("\"%s\": {", parts[0]);
  g_autofree char *key = g_strdup_printf ("\"%s\": ", parts[1]);
  const char *at = strstr (json, obj);

  g_assert_nonnull (at);
  at = strstr (at, key);
  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen (key), NULL);
}

/* compare: the engine's divergences in the metrics; "inf" when the supports do not nest */
static void
test_compare (void)
{
  {
    g_autoptr(LabParams) params = params_for ("mode=compare distribution=normal mu=0 sigma=1 q-distribution=normal q-mu=1 q-sigma=2");
    g_autoptr(LabMetrics) m = run (params, NULL);

    /* ref_pairs[0]: N(0, 1) against N(1, 2²) */
    topic_test_assert_close (lab_metrics_get_double (m, "kl_pq"), ref_pairs[0].kl_pq, 1e-12, 1e-15, "%s: %s at %g", "compare", "kl_pq", NAN);
    topic_test_assert_close (lab_metrics_get_double (m, "kl_qp"), ref_pairs[0].kl_qp, 1e-12, 1e-15, "%s: %s at %g", "compare", "kl_qp", NAN);
    topic_test_assert_close (lab_metrics_get_double (m, "cross_entropy"), ref_pairs[0].cross_entropy, 1e-12, 1e-15, "%s: %s at %g", "compare", "H(P,Q)", NAN);
    topic_test_assert_close (lab_metrics_get_double (m, "js_divergence"), ref_pairs[0].js, 1e-7, 1e-10, "%s: %s at %g", "compare", "js", NAN);
    topic_test_assert_close (lab_metrics_get_double (m, "entropy_p"), 0.5 * log (2 * M_PI * M_E), 1e-14, 0, "%s: %s at %g", "compare", "H(P)", NAN);
    /* forward KL to a normal = moment matching */
    g_assert_cmpfloat (fabs (nested_double (m, "forward_fit.mu")), <, 1e-6);
    g_assert_cmpfloat (fabs (nested_double (m, "forward_fit.sigma") - 1), <, 1e-6);
  }
  {
    g_autoptr(LabParams) params = params_for ("mode=compare distribution=uniform a=0 b=2 q-distribution=uniform q-a=0 q-b=1");
    g_autoptr(LabMetrics) m = run (params, NULL);
    g_autofree char *json = lab_metrics_to_json (m);

    g_assert_nonnull (strstr (json, "\"kl_pq\": \"inf\""));
    g_assert_nonnull (strstr (json, "\"kl_pq_method\": \"supports do not nest\""));
    g_assert_nonnull (strstr (json, "\"cross_entropy\": \"inf\""));
    topic_test_assert_close (lab_metrics_get_double (m, "kl_qp"), log (2), 1e-14, 0, "%s: %s at %g", "compare", "kl_qp", NAN);
  }
  {
    g_autoptr(LabParams) params = params_for ("mode=compare distribution=poisson lambda=3 q-distribution=normal q-mu=3 q-sigma=1.7");
    g_autoptr(LabResult) r = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
    g_autoptr(LabFigure) f = lab_topic_build_figure (topic, r, params, NULL);
    g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, r, params);
    g_autofree char *json = lab_metrics_to_json (m);

    g_assert_nonnull (strstr (json, "\"kl_qp\": \"inf\""));
    topic_test_assert_close (lab_metrics_get_double (m, "js_divergence"), log (2), 1e-15, 0, "%s: %s at %g", "compare", "js", NAN);
  }
  /* the preset: reverse KL lands on a mode with KL ≈ log 2, forward KL covers both */
  {
    g_autoptr(LabParams) params = params_for ("mode=compare distribution=mixture mu=-2 sigma=0.6 mu2=2 sigma2=0.6 weight=0.5 q-distribution=normal");
    g_autoptr(LabMetrics) m = run (params, NULL);
    double var = 0.36 + 4;

    g_assert_cmpfloat (fabs (nested_double (m, "forward_fit.sigma") - sqrt (var)), <, 1e-5);
    g_assert_cmpfloat (fabs (fabs (nested_double (m, "reverse_fit.mu")) - 2), <, 0.01);
    g_assert_cmpfloat (fabs (nested_double (m, "reverse_fit.kl") - log (2)), <, 0.005);
    g_assert_cmpfloat (nested_double (m, "reverse_fit.kl"), >, 0);
  }
  /* Q's own uniform must have q-a < q-b */
  {
    g_autoptr(LabParams) params = params_for ("mode=compare q-distribution=uniform q-a=1 q-b=0");
    g_autoptr(GError) error = NULL;

    g_assert_null (run (params, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_cmpstr (error->message, ==, "uniform: q-a (1) must be less than q-b (0)");
  }
}

/* which controls show for which distribution; each has a model slider (the UI test moves one) */
/* fit mode on a CSV column: the reference data sets of the engine test, scipy's fits */
static void
test_fit_data (void)
{
  static const char *fams[] = { "normal", "exponential", "poisson", "geometric", "binomial n=10", "lognormal",
                                "laplace", "uniform", "gamma", "gamma", "beta", "student-t mu=0.5", "chi-squared" };

  g_assert_cmpuint (G_N_ELEMENTS (fams), ==, G_N_ELEMENTS (ref_fits));
  for (guint i = 0; i < G_N_ELEMENTS (ref_fits); i++)
    {
      const RefFit *r = &ref_fits[i];
      g_autoptr(GString) csv = g_string_new ("value\n");
      g_autoptr(LabDataset) data = NULL;
      g_autofree char *a = g_strdup_printf ("mode=fit source=data column=value distribution=%s", fams[i]);
      g_autoptr(LabParams) params = params_for (a);
      g_autoptr(LabMetrics) m = NULL;
      g_autoptr(GError) error = NULL;

      for (guint j = 0; j < r->n; j++)
        g_string_append_printf (csv, "%.17g\n", r->x[j]);
      data = write_csv ("fit.csv", csv->str);
      m = run_data (params, data, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (lab_metrics_get_double (m, "n"), ==, r->n);
      g_assert_cmpfloat (lab_metrics_get_double (m, "log_likelihood"), >=, r->log_likelihood - 1e-9 * fabs (r->log_likelihood));
      g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "log_likelihood") - r->log_likelihood), <, 1e-4 * fabs (r->log_likelihood));
      {
        guint k = lab_dist_fit_n_params (r->d.family);
        double ll = lab_metrics_get_double (m, "log_likelihood");

        topic_test_assert_close (lab_metrics_get_double (m, "aic"), 2 * k - 2 * ll, 1e-12, 0, "%s: %s at %g", a, "aic", NAN);
        topic_test_assert_close (lab_metrics_get_double (m, "bic"), k * log (r->n) - 2 * ll, 1e-12, 0, "%s: %s at %g", a, "bic", NAN);
        for (guint j = 0; j < k; j++)
          {
            g_autofree char *key = g_strdup_printf ("fit.%s", lab_dist_fit_param_name (r->d.family, j));

            topic_test_assert_close (nested_double (m, key), r->params[j], 2e-3, 1e-12, "%s: %s at %g", a, key, NAN);
          }
      }
    }
}

/* fit mode on the drawn sample: deterministic, near the truth for 20,000 draws (the cap) */
static void
test_fit_sample (void)
{
  g_autoptr(LabParams) params = params_for ("mode=fit distribution=normal mu=1 sigma=2 samples=1000000");
  g_autoptr(LabMetrics) m = run_data (params, NULL, NULL);
  g_autoptr(LabMetrics) again = run_data (params, NULL, NULL);

  g_assert_cmpfloat (lab_metrics_get_double (m, "n"), ==, 20000);
  g_assert_cmpfloat (fabs (nested_double (m, "fit.mu") - 1), <, 5 * 2 / sqrt (20000));
  g_assert_cmpfloat (fabs (nested_double (m, "fit.sigma") - 2), <, 5 * 2 / sqrt (40000));
  g_assert_cmpfloat (lab_metrics_get_double (m, "log_likelihood"), ==, lab_metrics_get_double (again, "log_likelihood"));
}

/* every error of fit mode: the column, the row, the file position; exit 2 (DATA) or 1 (USAGE) */
static void
test_fit_errors (void)
{
  static const struct { const char *csv; const char *assignments; int code; const char *message; } cases[] = {
    { "x,y\n1.2,3\n0.7,2\n2.5,-1\n", "distribution=gamma column=y", LAB_ERROR_DATA,
      "fit.csv:4:5: column “y”, row 3: -1 is outside the gamma support" },
    { "x,c\n1,5\n2,5\n3,5\n", "distribution=normal column=c", LAB_ERROR_DATA,
      "fit.csv:2:3: column “c” is constant (5 from row 1 to row 3)" },
    { "x\n3\n", "distribution=normal column=x", LAB_ERROR_DATA,
      "fit.csv: column “x” has 1 value(s): a fit needs at least 2" },
    { "x,t\n1,a\n2,b\n", "distribution=normal column=t", LAB_ERROR_DATA, "column “t” must hold numbers, found “a”" },
    { "x,y\n1,2\n,3\n4,5\n", "distribution=normal column=x", LAB_ERROR_DATA, "fit.csv:3:1:" },
    { "x\n1.5\n2\n", "distribution=poisson column=x", LAB_ERROR_DATA, "row 1: 1.5 is outside the poisson support: a Poisson count must be a whole number" },
    { "x\n0.5\n1\n", "distribution=beta column=x", LAB_ERROR_DATA, "row 2: 1 is outside the beta support" },
    { "x\n1\n2\n", "distribution=normal column=nope", LAB_ERROR_USAGE, "no column “nope” for column (columns: x)" },
    { "x\n1\n2\n", "distribution=mixture column=x", LAB_ERROR_USAGE, "mixture has no maximum-likelihood fit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabDataset) data = write_csv ("fit.csv", cases[i].csv);
      g_autofree char *a = g_strdup_printf ("mode=fit source=data %s", cases[i].assignments);
      g_autoptr(LabParams) params = params_for (a);
      g_autoptr(GError) error = NULL;

      g_assert_null (run_data (params, data, &error));
      g_assert_error (error, LAB_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("%s: “%s” lacks “%s”", a, error->message, cases[i].message);
    }
  {
    g_autoptr(LabParams) params = params_for ("mode=fit source=data");
    g_autoptr(GError) error = NULL;

    g_assert_null (run_data (params, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
  {
    /* a drawn sample outside a fit's support cannot happen, but a constant one can: p = 0.999 */
    g_autoptr(LabParams) params = params_for ("mode=fit distribution=geometric p=0.999 samples=10");
    g_autoptr(GError) error = NULL;

    g_assert_null (run_data (params, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
    g_assert_nonnull (strstr (error->message, "the sample is constant (1)"));
  }
}

/* "key[i]" of a two-number array in the metrics' JSON */
static double
array_double (LabMetrics *m,
              const char *key,
              guint       i)
{
  g_autofree char *json = lab_metrics_to_json (m);
  g_autofree char *k = g_strdup_printf ("\"%s\": [", key);
  const char *at = strstr (json, k);
  char *end;
  double v;

  g_assert_nonnull (at);
  at += strlen (k);
  v = g_ascii_strtod (at, &end);
  if (i == 1)
    v = g_ascii_strtod (strchr (end, ',') + 1, NULL);
  return v;
}

/* bayes mode: the posterior, both intervals, MAP and mean against scipy, through the params */
static void
test_bayes (void)
{
  static const char *pairs[] = { "beta-binomial", "gamma-poisson", "normal-normal" };

  for (guint i = 0; i < G_N_ELEMENTS (ref_bayes); i++)
    {
      const RefBayes *r = &ref_bayes[i];
      g_autofree char *a = NULL;
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabMetrics) m = NULL;
      g_autofree char *json = NULL;

      switch (r->prior.kind)
        {
        case LAB_CONJUGATE_BETA_BINOMIAL:
          a = g_strdup_printf ("prior-alpha=%g prior-beta=%g successes=%g trials=%g", r->prior.a, r->prior.b, r->stat, r->n);
          break;
        case LAB_CONJUGATE_GAMMA_POISSON:
          a = g_strdup_printf ("prior-shape=%g prior-rate=%g count-sum=%g observations=%g", r->prior.a, r->prior.b, r->stat, r->n);
          break;
        default:
          a = g_strdup_printf ("prior-mu=%g prior-sigma=%g known-sigma=%g sample-mean=%g observations=%g",
                               r->prior.a, r->prior.b, r->prior.known_sigma, r->stat, r->n);
          break;
        }
      {
        g_autofree char *full = g_strdup_printf ("mode=bayes conjugate=%s %s", pairs[r->prior.kind], a);

        params = params_for (full);
      }
      m = run_data (params, NULL, NULL);
      json = lab_metrics_to_json (m);
      topic_test_assert_close (lab_metrics_get_double (m, "posterior_mean"), r->mean, 1e-12, 1e-14, "%s: %s at %g", a, "mean", NAN);
      topic_test_assert_close (array_double (m, "credible_interval", 0), r->cred_lo, 1e-9, 1e-14, "%s: %s at %g", a, "cred lo", NAN);
      topic_test_assert_close (array_double (m, "credible_interval", 1), r->cred_hi, 1e-9, 1e-14, "%s: %s at %g", a, "cred hi", NAN);
      topic_test_assert_close (array_double (m, "confidence_interval", 0), r->conf_lo, 1e-9, 1e-14, "%s: %s at %g", a, "conf lo", NAN);
      topic_test_assert_close (array_double (m, "confidence_interval", 1), r->conf_hi, 1e-9, 1e-14, "%s: %s at %g", a, "conf hi", NAN);
      if (isnan (r->map))
        g_assert_nonnull (strstr (json, "\"map\": null"));
      else
        topic_test_assert_close (lab_metrics_get_double (m, "map"), r->map, 1e-12, 1e-14, "%s: %s at %g", a, "map", NAN);
      g_assert_nonnull (strstr (json, "\"posterior\": {"));
    }
}

/* the step control: the posterior after k observations = the prior updated by their summary;
 * k = 0 is the prior, with no confidence interval */
static void
test_bayes_steps (void)
{
  g_autoptr(LabParams) params = params_for ("mode=bayes successes=14 trials=20 prior-alpha=2 prior-beta=2 seed=3");
  g_autoptr(LabResult) r = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
  double last_successes = -1;

  for (int k = 0; k <= 20; k++)
    {
      g_autoptr(LabMetrics) m = NULL;
      double s;

      lab_params_set_int (params, "step", k);
      m = lab_topic_get_metrics (topic, r, params);
      s = lab_metrics_get_double (m, "statistic");
      g_assert_cmpfloat (lab_metrics_get_double (m, "observations_used"), ==, k);
      g_assert_cmpfloat (nested_double (m, "posterior.alpha"), ==, 2 + s);
      g_assert_cmpfloat (nested_double (m, "posterior.beta"), ==, 2 + k - s);
      g_assert_true (s == last_successes || s == last_successes + 1 || k == 0);
      last_successes = s;
      if (k == 0)
        {
          g_autofree char *json = lab_metrics_to_json (m);

          g_assert_nonnull (strstr (json, "\"confidence_interval\": null"));
        }
    }
  g_assert_cmpfloat (last_successes, ==, 14);
  lab_params_set_int (params, "step", 1000);
  {
    g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, r, params);

    g_assert_cmpfloat (lab_metrics_get_double (m, "observations_used"), ==, 20);
  }
}

/* bayes on a column: 0/1, counts, values; and the errors */
static void
test_bayes_data (void)
{
  {
    g_autoptr(LabDataset) data = write_csv ("coin.csv", "flip\n1\n0\n1\n1\n");
    g_autoptr(LabParams) params = params_for ("mode=bayes source=data column=flip");
    g_autoptr(LabMetrics) m = run_data (params, data, NULL);

    g_assert_cmpfloat (nested_double (m, "posterior.alpha"), ==, 4);
    g_assert_cmpfloat (nested_double (m, "posterior.beta"), ==, 2);
  }
  {
    g_autoptr(LabDataset) data = write_csv ("counts.csv", "k\n3\n0\n5\n");
    g_autoptr(LabParams) params = params_for ("mode=bayes conjugate=gamma-poisson source=data column=k prior-shape=1 prior-rate=1");
    g_autoptr(LabMetrics) m = run_data (params, data, NULL);

    g_assert_cmpfloat (nested_double (m, "posterior.shape"), ==, 9);
    g_assert_cmpfloat (nested_double (m, "posterior.rate"), ==, 4);
  }
  {
    g_autoptr(LabDataset) data = write_csv ("v.csv", "v\n1\n2\n3\n");
    g_autoptr(LabParams) params = params_for ("mode=bayes conjugate=normal-normal source=data column=v prior-mu=0 prior-sigma=1 known-sigma=1");
    g_autoptr(LabMetrics) m = run_data (params, data, NULL);

    /* precision 1 + 3, mean (0 + 3·2)/4 */
    topic_test_assert_close (nested_double (m, "posterior.mu"), 1.5, 1e-15, 0, "%s: %s at %g", "normal", "mu", NAN);
    topic_test_assert_close (nested_double (m, "posterior.sigma"), 0.5, 1e-15, 0, "%s: %s at %g", "normal", "sigma", NAN);
  }
  {
    static const struct { const char *csv; const char *assignments; int code; const char *message; } cases[] = {
      { "flip\n1\n2\n", "conjugate=beta-binomial", LAB_ERROR_DATA, "b.csv:3:1: column “flip”, row 2: beta-binomial needs 0 or 1" },
      { "flip\n1\n-1\n", "conjugate=gamma-poisson", LAB_ERROR_DATA, "row 2: gamma-poisson needs a count" },
      { "flip\n1\n0.5\n", "conjugate=gamma-poisson", LAB_ERROR_DATA, "found 0.5" },
      { "flip\n1\nx\n", "conjugate=normal-normal", LAB_ERROR_DATA, "must hold numbers" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(LabDataset) data = write_csv ("b.csv", cases[i].csv);
        g_autofree char *a = g_strdup_printf ("mode=bayes source=data column=flip %s", cases[i].assignments);
        g_autoptr(LabParams) params = params_for (a);
        g_autoptr(GError) error = NULL;

        g_assert_null (run_data (params, data, &error));
        g_assert_error (error, LAB_ERROR, cases[i].code);
        if (strstr (error->message, cases[i].message) == NULL)
          g_error ("%s: “%s” lacks “%s”", a, error->message, cases[i].message);
      }
  }
  {
    static const char *usage[] = { "mode=bayes successes=11 trials=10", "mode=bayes conjugate=gamma-poisson count-sum=3 observations=0",
                                   "mode=bayes source=data" };

    for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
      {
        g_autoptr(LabParams) params = params_for (usage[i]);
        g_autoptr(GError) error = NULL;

        g_assert_null (run_data (params, NULL, &error));
        g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
      }
  }
}

/* bivariate: the sample covariance within sampling error; x and x² − 1 uncorrelated */
static void
test_bivariate (void)
{
  {
    g_autoptr(LabParams) params = params_for ("mode=bivariate mu=1 mu2=-2 sigma=2 sigma2=0.5 rho=-0.7 samples=200000");
    g_autoptr(LabMetrics) m = run_data (params, NULL, NULL);
    double r = lab_metrics_get_double (m, "sample_correlation");

    g_assert_cmpfloat (lab_metrics_get_double (m, "correlation"), ==, -0.7);
    /* se of r ≈ (1 − ρ²)/√n = 0.0011 */
    g_assert_cmpfloat (fabs (r + 0.7), <, 5 * 0.51 / sqrt (200000));
  }
  {
    g_autoptr(LabParams) params = params_for ("mode=bivariate pair=square samples=200000");
    g_autoptr(LabMetrics) m = run_data (params, NULL, NULL);

    g_assert_cmpfloat (lab_metrics_get_double (m, "correlation"), ==, 0);
    /* se of r = √(Var(XY))/√n/(σx σy) = √(E[Z²(Z²−1)²]/2)/√n = √(10/2)/√n */
    g_assert_cmpfloat (fabs (lab_metrics_get_double (m, "sample_correlation")), <, 5 * sqrt (5.0 / 200000));
  }
  {
    g_autoptr(LabParams) params = params_for ("mode=bivariate");

    g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "rho")));
    g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "x")));
    lab_params_set_enum (params, "pair", LAB_PAIR_SQUARE);
    g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "rho")));
  }
}

/* multinomial and dirichlet: mean vector and covariance matrix against scipy, the sample's
 * within sampling error; only in explore mode */
static void
test_simplex (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_simplex); i++)
    {
      const RefSimplex *r = &ref_simplex[i];
      g_autofree char *a = g_strdup_printf ("%s samples=40000", r->assignments);
      g_autoptr(LabParams) params = params_for (a);
      g_autoptr(LabMetrics) m = run_data (params, NULL, NULL);
      g_autofree char *json = lab_metrics_to_json (m);
      g_autoptr(GString) want = g_string_new ("\"mean\": [");

      /* the vector and the matrix are printed as arrays: compare them number by number */
      {
        const char *at = strstr (json, "\"mean\": [");
        char *end;

        g_assert_nonnull (at);
        at += strlen ("\"mean\": [");
        for (int k = 0; k < 3; k++)
          {
            double v = g_ascii_strtod (at, &end);

            topic_test_assert_close (v, r->mean[k], 1e-12, 1e-15, "%s: %s at %g", a, "mean", (double) k);
            at = strchr (end, k < 2 ? ',' : ']') + 1;
          }
        at = strstr (json, "\"covariance\": [");
        g_assert_nonnull (at);
        for (int k = 0; k < 9; k++)
          {
            while (*at != '-' && !g_ascii_isdigit (*at))
              at++;
            topic_test_assert_close (g_ascii_strtod (at, &end), r->cov[k], 1e-12, 1e-15, "%s: %s at %g", a, "cov", (double) k);
            at = end;
          }
        at = strstr (json, "\"sample_mean\": [");
        g_assert_nonnull (at);
        at += strlen ("\"sample_mean\": [");
        for (int k = 0; k < 3; k++)
          {
            double v = g_ascii_strtod (at, &end), se = sqrt (r->cov[4 * k] / 40000);

            g_assert_cmpfloat (fabs (v - r->mean[k]), <=, 5 * se + 1e-12);
            at = strchr (end, k < 2 ? ',' : ']') + 1;
          }
      }
      (void) want;
    }
  {
    g_autoptr(LabParams) params = params_for ("mode=compare distribution=dirichlet");
    g_autoptr(GError) error = NULL;

    g_assert_null (run_data (params, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
  {
    g_autoptr(LabParams) params = params_for ("mode=compare q-distribution=multinomial");
    g_autoptr(GError) error = NULL;

    g_assert_null (run_data (params, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
  {
    g_autoptr(LabParams) params = params_for ("distribution=multinomial p1=0 p2=0 p3=0");
    g_autoptr(GError) error = NULL;

    g_assert_null (run_data (params, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
  {
    g_autoptr(LabParams) params = params_for ("distribution=dirichlet");

    g_assert_true (isnan (lab_distributions_pdf (params, 0.3)));
    g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "x")));
    g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "alpha1")));
  }
}

static void
test_relevance (void)
{
  static const struct { const char *dist; const char *shown; } cases[] = {
    { "normal", "mu sigma" },
    { "binomial", "n p" },
    { "poisson", "lambda" },
    { "beta", "alpha beta" },
    { "exponential", "rate" },
    { "uniform", "a b" },
    { "gamma", "shape scale" },
    { "student-t", "mu sigma df" },
    { "laplace", "mu scale" },
    { "lognormal", "mu sigma" },
    { "geometric", "p" },
    { "chi-squared", "df" },
    { "mixture", "mu sigma mu2 sigma2 weight" },
  };
  static const char *shapes[] = { "mu", "sigma", "n", "p", "lambda", "alpha", "beta", "rate", "a", "b", "shape", "scale",
                                   "df", "mu2", "sigma2", "weight", "p1", "p2", "p3", "alpha1", "alpha2", "alpha3" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *a = g_strdup_printf ("distribution=%s", cases[i].dist);
      g_autoptr(LabParams) params = params_for (a);
      g_auto(GStrv) shown = g_strsplit (cases[i].shown, " ", -1);
      guint n;
      GParamSpec **pspecs = lab_params_list (params, &n);
      gboolean has_slider = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (shapes); j++)
        g_assert_cmpint (lab_params_is_relevant (params, lab_params_find (params, shapes[j])), ==,
                         g_strv_contains ((const char * const *) shown, shapes[j]));
      g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "samples")));
      g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "x")));
      /* Q's controls only in compare mode */
      g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "q-mu")));
      for (guint j = 0; j < n; j++)
        if (G_IS_PARAM_SPEC_DOUBLE (pspecs[j]) && !(lab_param_get_flags (pspecs[j]) & LAB_PARAM_VIEW)
            && lab_params_is_relevant (params, pspecs[j]))
          has_slider = TRUE;
      g_assert_true (has_slider);
    }
  {
    g_autoptr(LabParams) params = params_for ("mode=compare q-distribution=gamma");

    g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "q-shape")));
    g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "q-scale")));
    g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "q-mu")));
    g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "samples")));
    g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "x")));
  }
}

static void
test_errors (void)
{
  static const struct { const char *assignment; const char *message; } parse[] = {
    { "alpha=0", "alpha" },
    { "alpha=-1", "alpha" },
    { "beta=0", "beta" },
    { "sigma=0", "sigma" },
    { "p=1", "p" },
    { "p=0", "p" },
    { "lambda=0", "lambda" },
    { "rate=-2", "rate" },
    { "shape=0", "shape" },
    { "scale=0", "scale" },
    { "n=0", "n" },
    { "samples=5", "samples" },
    { "samples=20000000", "samples" },
    { "distribution=cauchy", "gamma" },   /* lists the choices */
    { "df=0", "df" },
    { "weight=1", "weight" },
    { "clt-n=0", "clt-n" },
    { "clt-n=201", "clt-n" },
    { "mode=fit-everything", "compare" },
    { "q-sigma=0", "q-sigma" },
    { "q-distribution=cauchy", "mixture" },
    { "approximation=exact", "poisson" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parse); i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(LabParams) before = lab_params_copy (params);
      g_autoptr(GError) error = NULL;

      g_assert_false (lab_params_parse_assignment (params, parse[i].assignment, &error));
      g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
      if (strstr (error->message, parse[i].message) == NULL)
        g_error ("%s: “%s” lacks “%s”", parse[i].assignment, error->message, parse[i].message);
      g_assert_true (lab_params_equal (params, before));
    }

  /* a uniform needs a < b: only the pair can tell */
  {
    g_autoptr(LabParams) params = params_for ("distribution=uniform a=2 b=1");
    g_autoptr(GError) error = NULL;

    g_assert_null (run (params, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_cmpstr (error->message, ==, "uniform: a (2) must be less than b (1)");
  }
  {
    g_autoptr(LabParams) params = params_for ("distribution=uniform a=1 b=1");
    g_autoptr(GError) error = NULL;

    g_assert_null (run (params, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
}

static void
test_cancel (void)
{
  g_autoptr(LabParams) params = params_for ("samples=1000000");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;

  g_cancellable_cancel (cancellable);
  result = lab_topic_compute (topic, params, NULL, NULL, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_explanation (void)
{
  g_autofree char *explanation = topic_test_explanation (topic);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (topic->sections, ==, "§4.5–4.10");
  g_assert_cmpint (topic->chapter, ==, LAB_CHAPTER_EXTENDED);
  g_assert_true (pango_parse_markup (explanation, -1, 0, NULL, &text, NULL, &error));
  g_assert_no_error (error);
  /* ERRATA 4.5: central moments, the first is 0; the mean is the first raw moment */
  g_assert_nonnull (strstr (text, "μₙ = E[(X − μ)ⁿ]; its first is 0"));
  g_assert_nonnull (strstr (text, "the first is the mean μ = E[X]"));
  g_assert_nonnull (strstr (text, "μ₃/σ³"));
  g_assert_nonnull (strstr (text, "μ₄/σ⁴ − 3"));
}

/* 10⁷ normal draws with their histogram, ECDF grid and moments: ziggurat speed */
static void
test_speed (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  double best_default = INFINITY, big;
  gint64 t0;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(LabResult) r = NULL;

      t0 = g_get_monotonic_time ();
      r = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
      best_default = MIN (best_default, (g_get_monotonic_time () - t0) / 1000.0);
    }
  lab_params_set_int (params, "samples", 10000000);
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(LabResult) r = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);

    g_assert_nonnull (r);
  }
  big = (g_get_monotonic_time () - t0) / 1000.0;
  g_test_message ("default (10,000 normal draws): %.2f ms; 10,000,000 normal draws: %.0f ms", best_default, big);
  /* reported only: speed is measured by the bench, never by a timed test */
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("distributions");
  g_assert_nonnull (topic);

  g_test_add_func ("/topics/distributions/exact-values", test_exact_values);
  g_test_add_func ("/topics/distributions/exact-moments", test_exact_moments);
  g_test_add_func ("/topics/distributions/sample-moments", test_sample_moments);
  g_test_add_func ("/topics/distributions/moments-stable", test_moments_stable);
  g_test_add_func ("/topics/distributions/cdf-at-x", test_cdf_at_x);
  g_test_add_func ("/topics/distributions/deterministic", test_deterministic);
  g_test_add_func ("/topics/distributions/click", test_click_and_view);
  g_test_add_func ("/topics/distributions/presets", test_presets);
  g_test_add_func ("/topics/distributions/explore-metrics", test_explore_metrics);
  g_test_add_func ("/topics/distributions/undefined-moments", test_undefined_moments);
  g_test_add_func ("/topics/distributions/support-edges", test_support_edges);
  g_test_add_func ("/topics/distributions/approximations", test_approximations);
  g_test_add_func ("/topics/distributions/clt", test_clt);
  g_test_add_func ("/topics/distributions/compare", test_compare);
  g_test_add_func ("/topics/distributions/fit-data", test_fit_data);
  g_test_add_func ("/topics/distributions/fit-sample", test_fit_sample);
  g_test_add_func ("/topics/distributions/fit-errors", test_fit_errors);
  g_test_add_func ("/topics/distributions/bayes", test_bayes);
  g_test_add_func ("/topics/distributions/bayes-steps", test_bayes_steps);
  g_test_add_func ("/topics/distributions/bayes-data", test_bayes_data);
  g_test_add_func ("/topics/distributions/bivariate", test_bivariate);
  g_test_add_func ("/topics/distributions/simplex", test_simplex);
  g_test_add_func ("/topics/distributions/relevance", test_relevance);
  g_test_add_func ("/topics/distributions/errors", test_errors);
  g_test_add_func ("/topics/distributions/cancel", test_cancel);
  g_test_add_func ("/topics/distributions/explanation", test_explanation);
  g_test_add_func ("/topics/distributions/speed", test_speed);
  return g_test_run ();
}
