/* test-topic-roc.c — the ROC topic end to end against scikit-learn
 *
 * Reference values: tests/reference/roc_topic_reference.py → tests/roc-topic-reference.h
 * on tests/data/roc-topic/scores.csv.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-columns.h"
#include "lab-csv.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "topic-test.h"
#include "roc/roc.h"
#include "roc-topic-reference.h"
#include "skip-missing-reference.h"
#include "roc-multiclass-reference.h"

#include <json-glib/json-glib.h>

static const LabTopic *topic;

static LabDataset *
load_reference (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "roc-topic", "scores.csv", NULL);
  g_autoptr(GError) error = NULL;
  LabDataset *data = lab_csv_load_file (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return data;
}

static LabMetrics *
compute_metrics (LabParams *params, LabDataset *data, GError **error)
{
  g_autoptr(LabResult) result = lab_topic_compute (topic, params, data, NULL, NULL, error);

  if (result == NULL)
    return NULL;
  /* the figure builds for every case too */
  {
    g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, data);

    g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 4);
    g_assert_cmpstr (lab_figure_get_metadata (figure, "topic"), ==, "roc");
  }
  return lab_topic_get_metrics (topic, result, params);
}

static void
test_against_sklearn (void)
{
  g_autoptr(LabDataset) data = load_reference ();
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_params_apply_assignments (params,
    "source=data label-column=label score-column=score_a,score_b target-recall=0.9 cost-fp=1 cost-fn=5", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (ref_points); i++)
    {
      const RefPoint *r = &ref_points[i];
      g_autoptr(LabMetrics) m = NULL;

      g_test_message ("%s at %g", r->goal, r->threshold);
      g_assert_true (lab_params_set_from_string (params, "goal", r->goal, &error));
      if (g_str_equal (r->goal, "manual"))
        lab_params_set_double (params, "threshold", r->threshold);
      m = compute_metrics (params, data, &error);
      g_assert_no_error (error);

      topic_test_assert_close (lab_metrics_get_double (m, "auc"), REF_AUC_A, 1e-12, 1e-12, "%s", "auc");
      topic_test_assert_close (lab_metrics_get_double (m, "average_precision"), REF_AP_A, 1e-12, 1e-12, "%s", "ap");
      g_assert_cmpfloat (lab_metrics_get_double (m, "n_positive"), ==, REF_N_POSITIVE);
      g_assert_cmpfloat (lab_metrics_get_double (m, "n_negative"), ==, REF_N_NEGATIVE);
      topic_test_assert_close (lab_metrics_get_double (m, "threshold"), r->threshold, 1e-12, 1e-12, "%s", "threshold");
      g_assert_cmpfloat (lab_metrics_get_double (m, "tp"), ==, r->tp);
      g_assert_cmpfloat (lab_metrics_get_double (m, "fp"), ==, r->fp);
      g_assert_cmpfloat (lab_metrics_get_double (m, "tn"), ==, r->tn);
      g_assert_cmpfloat (lab_metrics_get_double (m, "fn"), ==, r->fn);
      topic_test_assert_close (lab_metrics_get_double (m, "precision"), r->precision, 1e-12, 1e-12, "%s", "precision");
      topic_test_assert_close (lab_metrics_get_double (m, "recall"), r->recall, 1e-12, 1e-12, "%s", "recall");
      topic_test_assert_close (lab_metrics_get_double (m, "tpr"), r->recall, 1e-12, 1e-12, "%s", "tpr");
      topic_test_assert_close (lab_metrics_get_double (m, "specificity"), r->specificity, 1e-12, 1e-12, "%s", "specificity");
      topic_test_assert_close (lab_metrics_get_double (m, "fpr"), r->fpr, 1e-12, 1e-12, "%s", "fpr");
      topic_test_assert_close (lab_metrics_get_double (m, "f1"), r->f1, 1e-12, 1e-12, "%s", "f1");
      topic_test_assert_close (lab_metrics_get_double (m, "accuracy"), r->accuracy, 1e-12, 1e-12, "%s", "accuracy");
      topic_test_assert_close (lab_metrics_get_double (m, "balanced_accuracy"), r->balanced_accuracy, 1e-12, 1e-12, "%s", "balanced");
      topic_test_assert_close (lab_metrics_get_double (m, "mcc"), r->mcc, 1e-12, 1e-12, "%s", "mcc");
      topic_test_assert_close (lab_metrics_get_double (m, "youden_j"), r->recall - r->fpr, 1e-12, 1e-12, "%s", "youden");

      /* two models: both AUCs, the paired test */
      {
        g_autofree char *json = lab_metrics_to_json (m);
        char buf[64];

        g_assert_nonnull (strstr (json, "\"models\": ["));
        g_assert_nonnull (strstr (json, "\"name\": \"score_b\""));
        g_snprintf (buf, sizeof buf, "%.10f", REF_AUC_B);
        buf[12] = '\0';
        g_assert_nonnull (strstr (json, buf));
        g_assert_true (lab_metrics_get_double (m, "delong_p") > 0 && lab_metrics_get_double (m, "delong_p") < 1);
      }
    }
}

static void
test_scale_invariance (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text ("label,s,t\n1,0.9,6.4\n0,0.1,3.2\n1,0.4,4.7\n0,0.4,4.7\n0,0.3,4.4\n1,0.7,5.8\n0,0.35,4.55\n");
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabMetrics) ms = NULL;
  g_autoptr(LabMetrics) mt = NULL;

  /* t = 3·s + 2.5 exactly in decimal: the same ranking, the same curves */
  lab_params_apply_assignments (params, "source=data score-column=s", NULL);
  ms = compute_metrics (params, data, NULL);
  lab_params_apply_assignments (params, "score-column=t", NULL);
  mt = compute_metrics (params, data, NULL);
  g_assert_cmpfloat (lab_metrics_get_double (ms, "auc"), ==, lab_metrics_get_double (mt, "auc"));
  g_assert_cmpfloat (lab_metrics_get_double (ms, "average_precision"), ==, lab_metrics_get_double (mt, "average_precision"));
  /* ties count ½: positives 0.9 0.4 0.7 vs negatives 0.1 0.4 0.3 0.35 → (4 + 3.5 + 4)/12 */
  topic_test_assert_close (lab_metrics_get_double (ms, "auc"), 11.5 / 12.0, 1e-15, 1e-15, "%s", "auc with a tie");
}

static void
test_constant_scores (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text ("label,score\n1,0.5\n0,0.5\n1,0.5\n0,0.5\n0,0.5\n");
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabMetrics) m = NULL;
  g_autoptr(GError) error = NULL;

  lab_params_apply_assignments (params, "source=data threshold=0.5", NULL);
  m = compute_metrics (params, data, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lab_metrics_get_double (m, "auc"), ==, 0.5);
  /* one segment: everything positive at t = 0.5; AP = prevalence */
  topic_test_assert_close (lab_metrics_get_double (m, "average_precision"), 0.4, 1e-15, 1e-15, "%s", "ap");
  g_assert_cmpfloat (lab_metrics_get_double (m, "tp"), ==, 2);
  g_assert_cmpfloat (lab_metrics_get_double (m, "fp"), ==, 3);
}

static void
test_text_labels (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text ("outcome,p\nsick,0.9\nwell,0.2\nsick,0.6\nwell,0.7\nwell,0.1\n");
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabMetrics) m = NULL;
  g_autoptr(GError) error = NULL;

  lab_params_apply_assignments (params, "source=data label-column=outcome score-column=p", NULL);
  m = compute_metrics (params, data, &error);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "set positive-label to one of"));
  g_assert_nonnull (strstr (error->message, "“sick”"));
  g_clear_error (&error);

  lab_params_apply_assignments (params, "positive-label=sick", NULL);
  m = compute_metrics (params, data, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lab_metrics_get_double (m, "n_positive"), ==, 2);
  topic_test_assert_close (lab_metrics_get_double (m, "auc"), 5.0 / 6.0, 1e-15, 1e-15, "%s", "auc");
}

typedef struct
{
  const char *csv;
  const char *assignments;
  int         code;
  const char *message;
} ErrorCase;

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    { "label,score\n1,0.9\n0,0.1\n2,0.5\n", "positive-label=3", LAB_ERROR_DATA, "test.csv:4:1: label “2” is not 0 or 1" },
    { "label,score\n1,0.9\n0,0.1\n0.5,0.5\n", "", LAB_ERROR_DATA, "test.csv:4:1: label “0.5” is not 0 or 1" },
    { "label,score\n1,0.9\n,0.1\n", "", LAB_ERROR_DATA, "test.csv:3:1: missing label" },
    { "label,score\n1,0.9\n0,inf\n", "", LAB_ERROR_DATA, "test.csv:3:3: value “inf” of score column is not finite" },
    { "label,score\n1,0.9\n0,NA\n", "", LAB_ERROR_DATA, "test.csv:3:3: missing value in score column “score”" },
    { "label,score\n1,high\n0,low\n", "", LAB_ERROR_DATA, "test.csv:2:3: score column “score” must hold numbers, found “high”" },
    { "label,score\n1,0.9\n1,0.1\n", "", LAB_ERROR_DATA, "only one class present: all 2 samples are positive" },
    { "label,score\n0,0.9\n0,0.1\n", "", LAB_ERROR_DATA, "only one class present: all 2 samples are negative" },
    { "label,score\n1,0.9\n0,0.1\n", "score-column=nope", LAB_ERROR_USAGE, "no column “nope” for score-column (columns: label, score)" },
    { "label,score\n1,0.9\n0,0.1\n", "label-column=y", LAB_ERROR_USAGE, "no column “y” for label-column" },
    { "label,score\n1,0.9\n0,0.1\n", "score-column=score,,score", LAB_ERROR_USAGE, "no column “”" },
    /* skip-missing=true: what is left must still be sound */
    { "label,score\n,0.9\n1,NA\n", "skip-missing=true", LAB_ERROR_DATA,
      "test.csv: skip-missing left no rows: each of the 2 rows misses the label or a score" },
    { "label,score\n1,0.9\n0,NA\n1,0.3\n", "skip-missing=true", LAB_ERROR_DATA,
      "only one class present: all 2 samples are positive" },
    { "label,score\n1,0.9\n,x\n0,0.3\n", "skip-missing=true", LAB_ERROR_DATA,
      "test.csv:3:2: score column “score” must hold numbers, found “x”" },
    { "label,score\n1,0.9\n2,0.5\n0,0.3\n", "skip-missing=true positive-label=7", LAB_ERROR_DATA,
      "test.csv:3:1: label “2” is not 0 or 1" },
    { "label,score\n1,0.9\n0,-inf\n0,0.3\n", "skip-missing=true", LAB_ERROR_DATA,
      "test.csv:3:3: value “-inf” of score column is not finite" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabDataset) data = topic_test_load_text (cases[i].csv);
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(LabResult) result = NULL;
      g_autoptr(GError) error = NULL;

      lab_params_apply_assignments (params, "source=data", NULL);
      g_assert_true (lab_params_apply_assignments (params, cases[i].assignments, NULL));
      result = lab_topic_compute (topic, params, data, NULL, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, LAB_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].message);
    }

  /* source=data without a dataset */
  {
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) result = NULL;

    lab_params_apply_assignments (params, "source=data", NULL);
    result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
}

static void
test_synthetic (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabMetrics) a = NULL;
  g_autoptr(LabMetrics) b = NULL;
  g_autoptr(LabMetrics) c = NULL;
  g_autoptr(LabMetrics) rare = NULL;
  g_autoptr(LabMetrics) beta = NULL;

  a = compute_metrics (params, NULL, NULL);
  b = compute_metrics (params, NULL, NULL);
  /* deterministic for a seed */
  g_assert_cmpfloat (lab_metrics_get_double (a, "auc"), ==, lab_metrics_get_double (b, "auc"));
  g_assert_cmpfloat (lab_metrics_get_double (a, "n_positive"), ==, 600);
  /* binormal with equal variances: AUC = Φ(d/√2) = Φ(1.5/√2) ≈ 0.8556; n = 2000 */
  topic_test_assert_close (lab_metrics_get_double (a, "auc"), 0.85558, 0.03, 0.03, "%s", "binormal auc");
  g_assert_true (lab_metrics_get_double (a, "auc_ci_low") < lab_metrics_get_double (a, "auc"));
  g_assert_true (lab_metrics_get_double (a, "auc_ci_high") > lab_metrics_get_double (a, "auc"));

  lab_params_set_int (params, "seed", 43);
  c = compute_metrics (params, NULL, NULL);
  g_assert_cmpfloat (lab_metrics_get_double (a, "auc"), !=, lab_metrics_get_double (c, "auc"));

  /* the lesson: rare positives leave the ROC and sink precision-recall */
  lab_params_apply_assignments (params, "positive-fraction=0.01 n=100000", NULL);
  rare = compute_metrics (params, NULL, NULL);
  g_assert_cmpfloat (lab_metrics_get_double (rare, "n_positive"), ==, 1000);
  topic_test_assert_close (lab_metrics_get_double (rare, "auc"), 0.85558, 0.02, 0.02, "%s", "rare auc");
  g_assert_cmpfloat (lab_metrics_get_double (rare, "average_precision"), <, 0.2);

  lab_params_apply_assignments (params, "distribution=beta n=5000 positive-fraction=0.5", NULL);
  beta = compute_metrics (params, NULL, NULL);
  g_assert_cmpfloat (lab_metrics_get_double (beta, "auc"), >, 0.7);
}

static void
test_click_and_range (void)
{
  g_autoptr(LabDataset) data = load_reference ();
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabResult) result = NULL;
  double lo, hi;

  lab_params_apply_assignments (params, "source=data score-column=score_a goal=max-f1", NULL);
  result = lab_topic_compute (topic, params, data, NULL, NULL, NULL);
  g_assert_nonnull (result);

  /* a click on the histogram sets the threshold there and the goal back to manual */
  g_assert_true (topic->click (result, params, 2, 0.25, 0.1));
  g_assert_cmpint (lab_params_get_enum (params, "goal"), ==, LAB_ROC_GOAL_MANUAL);
  g_assert_cmpfloat (lab_params_get_double (params, "threshold"), ==, 0.25);
  /* on the ROC: the nearest curve point's threshold, one of the scores */
  g_assert_true (topic->click (result, params, 0, 0.0, 0.0));
  g_assert_true (isinf (lab_params_get_double (params, "threshold")));
  g_assert_false (topic->click (result, params, 3, 0.5, 0.5));

  g_assert_true (topic->suggest_range (result, lab_params_find (params, "threshold"), &lo, &hi));
  g_assert_cmpfloat (lo, <, hi);
  g_assert_false (topic->suggest_range (result, lab_params_find (params, "n"), &lo, &hi));
}

static void
test_min_cost_is_minimal (void)
{
  g_autoptr(LabDataset) data = load_reference ();
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  static const double ratios[][2] = { { 1, 1 }, { 1, 5 }, { 5, 1 }, { 0.01, 100 }, { 100, 0.01 }, { 3, 7 } };

  /* the hull search against every threshold of the file: no threshold costs less */
  lab_params_apply_assignments (params, "source=data score-column=score_a", NULL);
  for (guint r = 0; r < G_N_ELEMENTS (ratios); r++)
    {
      g_autoptr(LabMetrics) best = NULL;
      double cfp = ratios[r][0], cfn = ratios[r][1], best_cost;
      const double *scores = lab_dataset_get_numbers (data, 1);

      lab_params_set_enum (params, "goal", LAB_ROC_GOAL_MIN_COST);
      lab_params_set_double (params, "cost-fp", cfp);
      lab_params_set_double (params, "cost-fn", cfn);
      best = compute_metrics (params, data, NULL);
      best_cost = cfp * lab_metrics_get_double (best, "fp") + cfn * lab_metrics_get_double (best, "fn");

      lab_params_set_enum (params, "goal", LAB_ROC_GOAL_MANUAL);
      for (gsize i = 0; i <= lab_dataset_get_n_rows (data); i++)
        {
          g_autoptr(LabMetrics) m = NULL;

          lab_params_set_double (params, "threshold", i < lab_dataset_get_n_rows (data) ? scores[i] : INFINITY);
          m = compute_metrics (params, data, NULL);
          g_assert_cmpfloat (cfp * lab_metrics_get_double (m, "fp") + cfn * lab_metrics_get_double (m, "fn"),
                             >=, best_cost);
        }
    }
}

/* Opening a file (issue 10.7): the score is a column named like one, not the id before it;
 * a yes/no label gets "yes" as its positive class. */
static void
test_guess_columns (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (&lab_topic_roc);
  g_autoptr(LabDataset) ids = topic_test_load_text ("id,label,age,score\n1,1,40,0.9\n2,0,51,0.2\n3,1,33,0.7\n");
  g_autoptr(LabDataset) yesno = topic_test_load_text ("patient_id,sick,prob_sick\n7,yes,0.9\n8,no,0.3\n9,yes,0.6\n");
  g_autoptr(LabDataset) only_id = topic_test_load_text ("Unnamed: 0,label,x\n0,1,0.5\n1,0,0.25\n");
  g_autoptr(LabDataset) plain = topic_test_load_text ("y,a,b\nTrue,1.5,2\nFalse,0.5,3\n");

  lab_topic_guess_columns (&lab_topic_roc, params, ids);
  g_assert_cmpstr (lab_params_get_string (params, "label-column"), ==, "label");
  g_assert_cmpstr (lab_params_get_string (params, "score-column"), ==, "score");
  g_assert_cmpstr (lab_params_get_string (params, "positive-label"), ==, "1");

  lab_topic_reset_columns (&lab_topic_roc, params, yesno);
  g_assert_cmpstr (lab_params_get_string (params, "label-column"), ==, "sick");
  g_assert_cmpstr (lab_params_get_string (params, "score-column"), ==, "prob_sick");
  g_assert_cmpstr (lab_params_get_string (params, "positive-label"), ==, "yes");

  lab_topic_reset_columns (&lab_topic_roc, params, only_id);
  g_assert_cmpstr (lab_params_get_string (params, "score-column"), ==, "x");

  /* no score-like name: the first number that is not an id; True/False → "True" */
  lab_topic_reset_columns (&lab_topic_roc, params, plain);
  g_assert_cmpstr (lab_params_get_string (params, "label-column"), ==, "y");
  g_assert_cmpstr (lab_params_get_string (params, "score-column"), ==, "a");
  g_assert_cmpstr (lab_params_get_string (params, "positive-label"), ==, "True");
}

static void
test_cancel (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;

  g_cancellable_cancel (cancellable);
  lab_params_set_int (params, "n", 2000000);
  result = lab_topic_compute (topic, params, NULL, NULL, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static LabMetrics *
synthetic_metrics (const char *assignments)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;
  LabMetrics *m;

  g_assert_true (lab_params_apply_assignments (params, assignments, &error));
  m = compute_metrics (params, NULL, &error);
  g_assert_no_error (error);
  return m;
}

/* Model B's scores are correlated with model A's for both score models, as the compare
 * parameter says (issue 14): binormal 0.5 exactly in law; beta through a shared gamma part. */
static void
test_compare_correlated (void)
{
  g_autoptr(LabMetrics) bin = synthetic_metrics ("compare=true n=40000 positive-fraction=0.25");
  g_autoptr(LabMetrics) beta = synthetic_metrics ("compare=true n=40000 positive-fraction=0.25 distribution=beta");
  double rb = lab_metrics_get_double (bin, "negatives_score_correlation");
  double rt = lab_metrics_get_double (beta, "negatives_score_correlation");

  /* 30,000 negatives: the sample correlation's standard error is about 0.005 */
  topic_test_assert_close (rb, 0.5, 0, 0.025, "binormal A–B correlation");
  g_assert_cmpfloat (rt, >, 0.2);
  g_assert_cmpfloat (rt, <, 0.5);
}

/* The binormal AUC formula Φ(sep/√(1 + sd²)) agrees with the measured AUC within DeLong's CI. */
static void
test_binormal_auc (void)
{
  const char *cases[] = { "separation=1.5 n=20000", "separation=1 sd-ratio=3 n=20000",
                          "separation=0.5 sd-ratio=0.4 n=20000" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabMetrics) m = synthetic_metrics (cases[i]);
      double theory = lab_metrics_get_double (m, "auc_binormal");
      double lo = lab_metrics_get_double (m, "auc_ci_low"), hi = lab_metrics_get_double (m, "auc_ci_high");

      if (!(theory > lo - 0.5 * (hi - lo) && theory < hi + 0.5 * (hi - lo)))
        g_error ("%s: Φ formula %g outside the measured CI [%g, %g]", cases[i], theory, lo, hi);
    }
  /* no formula for the beta model, nor for data */
  {
    g_autoptr(LabMetrics) m = synthetic_metrics ("distribution=beta");

    g_assert_false (lab_metrics_has (m, "auc_binormal"));
  }
}

/* skip-missing=true on a file with missing cells in the label, the scores and columns
 * not read: the rows pandas' dropna(subset=…) keeps, and scikit-learn's AUC and AP on them. */
static void
test_skip_missing (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "skip-missing", "scores.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = lab_csv_load_file (path, NULL, NULL, NULL, &error);
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabMetrics) m = NULL;
  g_autoptr(LabMetrics) off = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_true (lab_params_apply_assignments (params,
    "source=data label-column=label score-column=score_a,score_b", &error));
  /* off by default: the first missing score stops the topic, at its cell */
  off = compute_metrics (params, data, &error);
  g_assert_null (off);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "scores.csv:7:3: missing value in score column “score_a” (“NaN”)");
  g_clear_error (&error);

  g_assert_true (lab_params_apply_assignments (params, "skip-missing=true", &error));
  m = compute_metrics (params, data, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lab_metrics_get_double (m, "rows_skipped"), ==, ROC_ROWS_SKIPPED);
  g_assert_cmpfloat (lab_metrics_get_double (m, "n_positive"), ==, ROC_N_POSITIVE);
  g_assert_cmpfloat (lab_metrics_get_double (m, "n_negative"), ==, ROC_N_NEGATIVE);
  topic_test_assert_close (lab_metrics_get_double (m, "auc"), ROC_AUC_A, 1e-12, 1e-12, "%s", "auc");
  topic_test_assert_close (lab_metrics_get_double (m, "average_precision"), ROC_AP_A, 1e-12, 1e-12, "%s", "ap");
  json = lab_metrics_to_json (m);
  g_assert_nonnull (strstr (json, "\"rows_skipped\": 6"));

  /* the other model first: the same rows, its AUC */
  {
    g_autoptr(LabMetrics) mb = NULL;

    g_assert_true (lab_params_apply_assignments (params, "score-column=score_b,score_a", &error));
    mb = compute_metrics (params, data, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (lab_metrics_get_double (mb, "rows_skipped"), ==, ROC_ROWS_SKIPPED);
    topic_test_assert_close (lab_metrics_get_double (mb, "auc"), ROC_AUC_B, 1e-12, 1e-12, "%s", "auc b");
  }
  /* skip-missing=false has no rows_skipped: the recorded metrics stay as they were */
  {
    g_autoptr(LabDataset) full = load_reference ();
    g_autoptr(LabParams) p2 = lab_topic_new_params (topic);
    g_autoptr(LabMetrics) m2 = NULL;
    g_autofree char *j2 = NULL;

    g_assert_true (lab_params_apply_assignments (p2, "source=data label-column=label score-column=score_a", &error));
    m2 = compute_metrics (p2, full, &error);
    g_assert_no_error (error);
    j2 = lab_metrics_to_json (m2);
    g_assert_null (strstr (j2, "rows_skipped"));
  }
}

/* ------------------------------------------------------------------ */
/* multi-class (issue 13): tests/reference/roc_multiclass_reference.py */

static LabDataset *
load_multiclass (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "roc-multiclass", name, NULL);
  g_autoptr(GError) error = NULL;
  LabDataset *data = lab_csv_load_file (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return data;
}

/* the metrics' JSON, parsed, for the arrays */
static JsonObject *
metrics_json (LabMetrics *m, JsonParser **parser)
{
  g_autofree char *json = lab_metrics_to_json (m);
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (*parser, json, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (*parser));
}

static void
check_multiclass (const char           *file,
                  const char           *assignments,
                  const RefMultiClass  *classes,
                  const RefMultiAverage *averages)
{
  g_autoptr(LabDataset) data = load_multiclass (file);
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;
  static const char *avgs[] = { "none", "ovr-macro", "ovr-weighted", "micro" };

  g_assert_true (lab_params_apply_assignments (params, assignments, &error));
  g_assert_no_error (error);
  for (guint a = 0; a < G_N_ELEMENTS (avgs); a++)
    for (guint sel = 0; sel < 3; sel++)
      {
        g_autoptr(LabMetrics) m = NULL;
        g_autoptr(JsonParser) parser = NULL;
        JsonObject *root;
        JsonArray *arr;
        double want_auc, want_ap;

        g_test_message ("%s average=%s class %u", file, avgs[a], sel);
        g_assert_true (lab_params_set_from_string (params, "average", avgs[a], &error));
        /* positive-label picks the class by its name: text or the number as written */
        {
          g_autoptr(JsonParser) p0 = NULL;
          g_autoptr(LabMetrics) m0 = compute_metrics (params, data, &error);
          JsonArray *cl;

          g_assert_no_error (error);
          cl = json_object_get_array_member (metrics_json (m0, &p0), "classes");
          g_assert_true (lab_params_set_from_string (params, "positive-label",
                                                     json_object_get_string_member (json_array_get_object_element (cl, sel), "name"),
                                                     &error));
        }
        m = compute_metrics (params, data, &error);
        g_assert_no_error (error);
        root = metrics_json (m, &parser);

        g_assert_cmpfloat (lab_metrics_get_double (m, "n_classes"), ==, 3);
        topic_test_assert_close (lab_metrics_get_double (m, "auc_macro"), averages[0].auc, 1e-12, 1e-12, "auc_macro");
        topic_test_assert_close (lab_metrics_get_double (m, "auc_weighted"), averages[1].auc, 1e-12, 1e-12, "auc_weighted");
        topic_test_assert_close (lab_metrics_get_double (m, "auc_micro"), averages[2].auc, 1e-12, 1e-12, "auc_micro");
        topic_test_assert_close (lab_metrics_get_double (m, "ap_macro"), averages[0].ap, 1e-12, 1e-12, "ap_macro");
        topic_test_assert_close (lab_metrics_get_double (m, "ap_weighted"), averages[1].ap, 1e-12, 1e-12, "ap_weighted");
        topic_test_assert_close (lab_metrics_get_double (m, "ap_micro"), averages[2].ap, 1e-12, 1e-12, "ap_micro");
        want_auc = a == 0 ? classes[sel].auc : averages[a - 1].auc;
        want_ap = a == 0 ? classes[sel].ap : averages[a - 1].ap;
        topic_test_assert_close (lab_metrics_get_double (m, "auc"), want_auc, 1e-12, 1e-12, "auc");
        topic_test_assert_close (lab_metrics_get_double (m, "average_precision"), want_ap, 1e-12, 1e-12, "ap");
        g_assert_cmpstr (json_object_get_string_member (root, "average"), ==, avgs[a]);
        g_assert_cmpfloat (lab_metrics_get_double (m, "n_positive"), ==, classes[sel].n);
        g_assert_true (lab_metrics_has (m, "auc_ci_low") == (a == 0));

        arr = json_object_get_array_member (root, "classes");
        g_assert_cmpuint (json_array_get_length (arr), ==, 3);
        for (guint c = 0; c < 3; c++)
          {
            JsonObject *o = json_array_get_object_element (arr, c);

            topic_test_assert_close (json_object_get_double_member (o, "auc"), classes[c].auc, 1e-12, 1e-12, "class auc");
            topic_test_assert_close (json_object_get_double_member (o, "average_precision"), classes[c].ap,
                                     1e-12, 1e-12, "class ap");
            g_assert_cmpfloat (json_object_get_int_member (o, "n_positive"), ==, classes[c].n);
            g_assert_true (json_object_has_member (o, "f1") && json_object_has_member (o, "score_column"));
          }
        /* the headline operating point is the selected class's entry */
        g_assert_cmpfloat (lab_metrics_get_double (m, "tp"), ==,
                           json_object_get_int_member (json_array_get_object_element (arr, sel), "tp"));
      }
}

static void
test_multiclass_iris (void)
{
  check_multiclass ("iris.csv", "source=data label-column=species score-column=p_setosa,p_versicolor,p_virginica",
                    ref_iris_classes, ref_iris_averages);
  /* the same file's numeric label 0/1/2 gives the same numbers */
  check_multiclass ("iris.csv", "source=data label-column=target score-column=p_setosa,p_versicolor,p_virginica",
                    ref_iris_classes, ref_iris_averages);
}

static void
test_multiclass_wine (void)
{
  check_multiclass ("wine.csv", "source=data label-column=cultivar score-column=p0,p1,p2 goal=max-f1",
                    ref_wine_classes, ref_wine_averages);
}

/* A numeric 0/1/2 label with one score column and positive-label=2: class 2 against the rest */
static void
test_numeric_one_vs_rest (void)
{
  g_autoptr(LabDataset) data = load_multiclass ("iris.csv");
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabMetrics) m = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_params_apply_assignments (params,
    "source=data label-column=target score-column=p_virginica positive-label=2", &error));
  m = compute_metrics (params, data, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lab_metrics_get_double (m, "n_positive"), ==, 50);
  topic_test_assert_close (lab_metrics_get_double (m, "auc"), ref_iris_classes[2].auc, 1e-12, 1e-12, "auc");
  topic_test_assert_close (lab_metrics_get_double (m, "average_precision"), ref_iris_classes[2].ap, 1e-12, 1e-12, "ap");
}

/* models[]: every model's operating point; delong_pairs: every pair, against a numpy
 * implementation of Sun & Xu (2014) */
static void
test_delong_pairs (void)
{
  g_autoptr(LabDataset) data = load_multiclass ("iris.csv");
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabMetrics) m = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *models, *pairs;
  static const char *names[] = { "p_virginica", "nb_virginica", "knn_virginica" };

  g_assert_true (lab_params_apply_assignments (params,
    "source=data label-column=is_virginica score-column=p_virginica,nb_virginica,knn_virginica threshold=0.5", &error));
  m = compute_metrics (params, data, &error);
  g_assert_no_error (error);
  root = metrics_json (m, &parser);
  models = json_object_get_array_member (root, "models");
  g_assert_cmpuint (json_array_get_length (models), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *o = json_array_get_object_element (models, i);
      double var = ref_pair_var[i], auc = ref_pair_auc[i];

      g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, names[i]);
      topic_test_assert_close (json_object_get_double_member (o, "auc"), auc, 1e-12, 1e-12, "auc");
      /* the CI is AUC ± z·√var, neither end clipped here */
      topic_test_assert_close (json_object_get_double_member (o, "auc_ci_high") - json_object_get_double_member (o, "auc_ci_low"),
                               2 * 1.959963984540054 * sqrt (var), 1e-10, 1e-12, "ci width");
      g_assert_cmpfloat (json_object_get_int_member (o, "tp"), ==, ref_pair_ops[i].tp);
      g_assert_cmpfloat (json_object_get_int_member (o, "fp"), ==, ref_pair_ops[i].fp);
      g_assert_cmpfloat (json_object_get_int_member (o, "tn"), ==, ref_pair_ops[i].tn);
      g_assert_cmpfloat (json_object_get_int_member (o, "fn"), ==, ref_pair_ops[i].fn);
      topic_test_assert_close (json_object_get_double_member (o, "precision"), ref_pair_ops[i].precision, 1e-12, 1e-12, "precision");
      topic_test_assert_close (json_object_get_double_member (o, "recall"), ref_pair_ops[i].recall, 1e-12, 1e-12, "recall");
      topic_test_assert_close (json_object_get_double_member (o, "f1"), ref_pair_ops[i].f1, 1e-12, 1e-12, "f1");
    }
  pairs = json_object_get_array_member (root, "delong_pairs");
  g_assert_cmpuint (json_array_get_length (pairs), ==, G_N_ELEMENTS (ref_delong_pairs));
  for (guint k = 0; k < G_N_ELEMENTS (ref_delong_pairs); k++)
    {
      JsonObject *o = json_array_get_object_element (pairs, k);

      g_assert_cmpstr (json_object_get_string_member (o, "a"), ==, names[ref_delong_pairs[k].a]);
      g_assert_cmpstr (json_object_get_string_member (o, "b"), ==, names[ref_delong_pairs[k].b]);
      topic_test_assert_close (json_object_get_double_member (o, "p"), ref_delong_pairs[k].p, 1e-10, 1e-12, "pair p");
    }
  /* delong_p stays the first pair's */
  topic_test_assert_close (lab_metrics_get_double (m, "delong_p"), ref_delong_pairs[0].p, 1e-10, 1e-12, "delong_p");
}

typedef struct
{
  const char *csv;
  const char *assignments;
  int         code;
  const char *message;
} MultiErrorCase;

static void
test_multiclass_errors (void)
{
  g_autoptr(GString) many = g_string_new ("y,a,b\n");
  g_autoptr(GString) many_text = g_string_new ("y,a,b\n");

  for (guint i = 0; i < 21; i++)
    {
      g_string_append_printf (many, "%u,0.%u,0.5\n", i, i);
      g_string_append_printf (many_text, "c%02u,0.%u,0.5\n", i, i);
    }
  {
    const MultiErrorCase cases[] = {
      { many->str, "label-column=y score-column=a,b", LAB_ERROR_USAGE,
        "label-column: “y” holds 21 distinct values; ROC takes 2 classes, or 3 to 20 with one score column per class" },
      { many_text->str, "label-column=y score-column=a,b", LAB_ERROR_USAGE,
        "label-column: “y” holds 21 distinct values" },
      { "y,a,b\n0,0.1,0.9\n1,0.5,0.5\n2,0.3,0.3\n", "label-column=y score-column=a,b", LAB_ERROR_USAGE,
        "score-column: label column “y” has 3 classes (0, 1, 2): name 3 score columns, one per class in that order, found 2" },
      { "y,a,b,c,d\nx,0.1,0.9,0,0\nz,0.5,0.5,0,0\nw,0.3,0.3,0,0\n", "label-column=y score-column=a,b,c,d", LAB_ERROR_USAGE,
        "has 3 classes (w, x, z): name 3 score columns" },
      { "y,a,b,c\n0,0.1,0.9,0\n1,0.5,NA,0\n2,0.3,0.3,0\n", "label-column=y score-column=a,b,c", LAB_ERROR_DATA,
        "test.csv:3:7: missing value in score column “b”" },
      { "y,a,b,c\n0,0.1,0.9,0\n,0.5,0.5,0\n2,0.3,0.3,0\n", "label-column=y score-column=a,b,c", LAB_ERROR_DATA,
        "test.csv:3:1: missing label" },
      { "y,a,b,c\n0,0.1,0.9,0\n1,0.5,NA,0\n2,0.3,0.3,0\n", "label-column=y score-column=a,b,nope", LAB_ERROR_USAGE,
        "no column “nope” for score-column" },
      { "y,a\n0,0.1\n1,0.5\n", "label-column=y score-column=a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a", LAB_ERROR_USAGE,
        "score-column: name between 1 and 20 columns, separated by commas (models to compare, or one per class), found 21" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(LabDataset) data = topic_test_load_text (cases[i].csv);
        g_autoptr(LabParams) params = lab_topic_new_params (topic);
        g_autoptr(LabResult) result = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_true (lab_params_apply_assignments (params, "source=data", NULL));
        g_assert_true (lab_params_apply_assignments (params, cases[i].assignments, NULL));
        result = lab_topic_compute (topic, params, data, NULL, NULL, &error);
        g_assert_null (result);
        g_assert_error (error, LAB_ERROR, cases[i].code);
        if (strstr (error->message, cases[i].message) == NULL)
          g_error ("case %u: “%s” does not hold “%s”", i, error->message, cases[i].message);
      }
  }
  /* skip-missing works in multi-class too, and the averages are over the rows kept */
  {
    g_autoptr(LabDataset) data = topic_test_load_text ("y,a,b,c\n0,0.8,0.1,0.1\n1,0.2,NA,0.1\n2,0.1,0.2,0.7\n"
                                                       "1,0.3,0.6,0.1\n0,0.5,0.4,0.1\n2,0.2,0.2,0.6\n1,0.1,0.5,0.4\n");
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabMetrics) m = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (lab_params_apply_assignments (params, "source=data label-column=y score-column=a,b,c skip-missing=true", NULL));
    m = compute_metrics (params, data, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (lab_metrics_get_double (m, "rows_skipped"), ==, 1);
    g_assert_cmpfloat (lab_metrics_get_double (m, "auc_macro"), ==, 1.0);   /* every class ranked first by its own column */
  }
}

/* lab_columns_get_classes_kept: numpy.unique's order (numbers ascending, text by code point),
 * the rows kept, the count past the limit, a missing label at its cell */
static void
test_class_columns (void)
{
  g_autoptr(LabDataset) text = topic_test_load_text ("y,v\nb,10\na,2\nC,1\nb,2\né,1\n");
  g_autoptr(LabDataset) gap = topic_test_load_text ("y,z\n1,a\n,b\n2,c\n");
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) numbers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *c = NULL;
  g_autofree guint8 *v = NULL;
  g_autofree guint8 *few = NULL;
  g_autofree guint8 *none = NULL;
  g_autofree guint8 *binary = NULL;
  const guint8 keep[] = { 1, 0, 1, 1, 1 };
  char **unused = NULL;
  guint k = 0;

  c = lab_columns_get_classes_kept (text, 0, NULL, 20, &k, &names, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (k, ==, 4);
  g_assert_cmpstr (names[0], ==, "C");
  g_assert_cmpstr (names[1], ==, "a");
  g_assert_cmpstr (names[2], ==, "b");
  g_assert_cmpstr (names[3], ==, "é");
  g_assert_cmpmem (c, 5, ((const guint8[]) { 2, 1, 0, 2, 3 }), 5);

  v = lab_columns_get_classes_kept (text, 1, keep, 20, &k, &numbers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (k, ==, 3);
  g_assert_cmpstr (numbers[0], ==, "1");
  g_assert_cmpstr (numbers[1], ==, "2");
  g_assert_cmpstr (numbers[2], ==, "10");
  g_assert_cmpmem (v, 4, ((const guint8[]) { 2, 0, 1, 0 }), 4);

  /* more classes than allowed: NULL, no error, the count for the message */
  few = lab_columns_get_classes_kept (text, 0, NULL, 3, &k, &unused, &error);
  g_assert_null (few);
  g_assert_no_error (error);
  g_assert_cmpuint (k, ==, 4);
  g_assert_null (unused);

  none = lab_columns_get_classes_kept (gap, 0, NULL, 20, &k, &unused, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "test.csv:3:1: missing label"));
  g_clear_error (&error);

  /* numbers with positive-label naming one of them: that class against the rest */
  binary = lab_columns_get_binary_labels (text, 1, "2", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (binary, 5, ((const guint8[]) { 0, 1, 0, 1, 0 }), 5);
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("roc");

  g_test_add_func ("/topics/roc/against-sklearn", test_against_sklearn);
  g_test_add_func ("/topics/roc/scale-invariance", test_scale_invariance);
  g_test_add_func ("/topics/roc/constant-scores", test_constant_scores);
  g_test_add_func ("/topics/roc/text-labels", test_text_labels);
  g_test_add_func ("/topics/roc/errors", test_errors);
  g_test_add_func ("/topics/roc/skip-missing", test_skip_missing);
  g_test_add_func ("/topics/roc/synthetic", test_synthetic);
  g_test_add_func ("/topics/roc/click-and-range", test_click_and_range);
  g_test_add_func ("/topics/roc/min-cost-is-minimal", test_min_cost_is_minimal);
  g_test_add_func ("/topics/roc/cancel", test_cancel);
  g_test_add_func ("/topics/roc/guess-columns", test_guess_columns);
  g_test_add_func ("/topics/roc/compare-correlated", test_compare_correlated);
  g_test_add_func ("/topics/roc/binormal-auc", test_binormal_auc);
  g_test_add_func ("/topics/roc/multiclass-iris", test_multiclass_iris);
  g_test_add_func ("/topics/roc/multiclass-wine", test_multiclass_wine);
  g_test_add_func ("/topics/roc/numeric-one-vs-rest", test_numeric_one_vs_rest);
  g_test_add_func ("/topics/roc/delong-pairs", test_delong_pairs);
  g_test_add_func ("/topics/roc/multiclass-errors", test_multiclass_errors);
  g_test_add_func ("/topics/roc/class-columns", test_class_columns);

  return g_test_run ();
}
