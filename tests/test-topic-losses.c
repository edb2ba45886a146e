/* test-topic-losses.c — the losses topic end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view's loss values, gradients and negative shares against PyTorch autograd
 * (tests/losses-reference.h, from tests/reference/losses_reference.py); the trained
 * models' scores recounted from their weights; the lessons the presets promise; every
 * error path of the data.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "topic-test.h"
#include "losses/losses-private.h"
#include "losses-reference.h"

static const LabTopic *topic;

static LabResult *
compute_ok (const char *assignments, LabParams **params_out)
{
  return topic_test_compute_ok (topic, assignments, params_out);
}

static LabMetrics *
metrics_ok (const char *assignments, LabResult **result_out)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_ok (assignments, &params);
  g_autoptr(LabFigure) figure = topic_test_render_ok (topic, result, params, 1280, 800);
  LabMetrics *m;

  g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 9);
  m = lab_topic_get_metrics (topic, result, params);
  if (result_out != NULL)
    *result_out = g_steal_pointer (&result);
  return m;
}

/* The number in field @field of the entry whose @key is @name in the JSON (NaN for null). */
static double
json_number (LabMetrics *m, const char *key, const char *name, const char *field)
{
  g_autofree char *json = lab_metrics_to_json (m);
  g_autofree char *k = g_strdup_printf ("\"%s\": \"%s\"", key, name);
  g_autofree char *fkey = g_strdup_printf ("\"%s\": ", field);
  const char *p = strstr (json, k);

  g_assert_nonnull (p);
  p = strstr (p, fkey);
  g_assert_nonnull (p);
  p += strlen (fkey);
  if (g_str_has_prefix (p, "null"))
    return NAN;
  return g_ascii_strtod (p, NULL);
}

static void
test_view_against_torch (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ref_topic); i++)
    {
      const RefTopic *r = &ref_topic[i];
      g_autoptr(LabMetrics) m = metrics_ok (r->assignments, NULL);
      g_autofree char *what = g_strdup_printf ("%s [%s]", r->loss, r->assignments);

      topic_test_assert_close (json_number (m, "name", r->loss, "loss_at_p"), r->loss_at_p, 1e-12, 0, "%s", what);
      topic_test_assert_close (json_number (m, "name", r->loss, "grad_at_p"), r->grad_at_p, 1e-12, 0, "%s", what);
      /* a share is a ratio of sums: absolute 1e-14 covers p − m ≈ 1e-18 at easy-p = m */
      topic_test_assert_close (json_number (m, "name", r->loss, "negative_loss_share"), r->negative_loss_share, 1e-12, 1e-14, "%s", what);
      topic_test_assert_close (json_number (m, "name", r->loss, "negative_grad_share"), r->negative_grad_share, 1e-12, 1e-14, "%s", what);
    }
}

/* The curves are finite everywhere, p = 0.001 … 0.999 and the marker at the slider's ends. */
static void
test_curves_finite (void)
{
  const char *cases[] = { "p=0.001", "p=0.999 gamma=0 clip=0 gamma-neg=0 gamma-pos=0", "gamma=5 gamma-neg=8 clip=0.5" };

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabMetrics) m = metrics_ok (cases[c], &result);
      const LossesResult *self = (const LossesResult *) result;
      g_autofree char *json = lab_metrics_to_json (m);

      for (guint k = 0; k < N_CURVES; k++)
        for (guint i = 0; i < N_CURVE_POINTS; i++)
          {
            g_assert_true (isfinite (self->loss[k][i]));
            g_assert_true (isfinite (self->grad[k][i]));
          }
      g_assert_null (strstr (json, "inf"));
      /* the curve ends: p = 1e-3 and 1 − 1e-3 */
      g_assert_cmpfloat_with_epsilon (self->p[0], 1e-3, 1e-15);
      g_assert_cmpfloat_with_epsilon (self->p[N_CURVE_POINTS - 1], 1 - 1e-3, 1e-15);
    }
}

/* Scores recounted from the weights the topic reports, on its own split. */
static void
test_trained_scores (void)
{
  const char *cases[] = { "", "dataset=blobs classes=5 ratio=30 noise=1.2 n=800", "test-fraction=0 ratio=5" };

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabMetrics) m = metrics_ok (cases[c], &result);
      const LossesResult *self = (const LossesResult *) result;
      const LabPoints *pts = self->points;
      const guint *rows = self->n_test > 0 ? self->test : self->train;
      guint n = self->n_test > 0 ? self->n_test : self->n_train;

      for (guint k = 0; k < pts->n_classes; k++)
        g_assert_cmpuint (self->counts[self->minority], <=, self->counts[k]);
      for (guint t = 0; t < N_TRAINED; t++)
        {
          const Trained *tr = &self->models[t];
          guint tp = 0, fp = 0, fn = 0, right[LAB_POINTS_MAX_CLASSES] = { 0 }, total[LAB_POINTS_MAX_CLASSES] = { 0 };
          double ba = 0;
          guint present = 0;
          const char *name = lab_loss_to_string (tr->loss);

          g_assert_cmpuint (tr->n_outputs, ==, pts->n_classes == 2 ? 1 : pts->n_classes);
          for (guint i = 0; i < n; i++)
            {
              const double *x = pts->x + 2 * rows[i];
              guint truth = pts->y[rows[i]], pred = 0;

              if (tr->n_outputs == 1)
                {
                  double z = tr->w[0][0] + tr->w[0][1] * x[0] + tr->w[0][2] * x[1];
                  pred = z > 0 ? self->minority : 1 - self->minority;
                }
              else
                {
                  double best = -INFINITY;
                  for (guint o = 0; o < tr->n_outputs; o++)
                    {
                      double z = tr->w[o][0] + tr->w[o][1] * x[0] + tr->w[o][2] * x[1];
                      if (z > best)
                        best = z, pred = o;
                    }
                }
              total[truth]++;
              right[truth] += pred == truth;
              tp += pred == self->minority && truth == self->minority;
              fp += pred == self->minority && truth != self->minority;
              fn += pred != self->minority && truth == self->minority;
            }
          for (guint k = 0; k < pts->n_classes; k++)
            if (total[k] > 0)
              ba += (double) right[k] / total[k], present++;
          /* the raw-unit weights may flip a point lying on the boundary to 1e-15: allow one */
          g_assert_cmpint (abs ((int) tp - (int) tr->tp), <=, 1);
          topic_test_assert_close (json_number (m, "loss", name, "minority_recall"), tp + fn > 0 ? (double) tp / (tp + fn) : NAN, 0, 1.0 / MAX (tp + fn, 1), "%s", name);
          topic_test_assert_close (json_number (m, "loss", name, "f1"), 2.0 * tp / (2 * tp + fp + fn), 0, 2.0 / (2 * tp + fp + fn), "%s", name);
          topic_test_assert_close (json_number (m, "loss", name, "balanced_accuracy"), ba / present, 0, 1.0 / n * pts->n_classes, "%s", name);
          g_assert_true (isfinite (tr->final_loss));
        }
    }
}

/* What the presets promise. */
static void
test_lessons (void)
{
  {
    /* default: re-weighting and balanced softmax find more of the minority than plain CE */
    g_autoptr(LabMetrics) m = metrics_ok ("", NULL);
    double ce = json_number (m, "loss", "ce", "minority_recall");

    g_assert_cmpfloat (json_number (m, "loss", "weighted-ce", "minority_recall"), >, ce);
    g_assert_cmpfloat (json_number (m, "loss", "balanced-softmax", "minority_recall"), >, ce);
    g_assert_cmpfloat (json_number (m, "loss", "balanced-softmax", "minority_precision"), <,
                       json_number (m, "loss", "ce", "minority_precision"));
    /* 1000 easy negatives carry most of CE's loss; focal cuts their share below 1 % */
    g_assert_cmpfloat (lab_metrics_get_double (m, "ce_negative_loss_share"), >, 0.8);
    g_assert_cmpfloat (lab_metrics_get_double (m, "focal_negative_loss_share"), <, 0.01);
  }
  {
    /* ASL with easy-p below the margin: no loss and no gradient from the negatives */
    g_autoptr(LabMetrics) m = metrics_ok ("gamma-pos=0 gamma-neg=4 clip=0.05 easy-p=0.04", NULL);

    g_assert_cmpfloat (json_number (m, "name", "asl", "negative_loss_share"), ==, 0);
    g_assert_cmpfloat (json_number (m, "name", "asl", "negative_grad_share"), ==, 0);
    g_assert_cmpfloat (json_number (m, "name", "ce", "negative_loss_share"), >, 0.5);
  }
  {
    /* balanced softmax: thresholds π_c/(π_c + π_0), 0.5 for the head, 1/(1 + 100) for the tail */
    g_autoptr(LabMetrics) m = metrics_ok ("classes=5 imbalance=100", NULL);
    g_autofree char *json = lab_metrics_to_json (m);
    const char *last = strstr (json, "\"class\": 4");

    g_assert_nonnull (last);
    g_assert_nonnull (strstr (json, "\"threshold\": 0.5"));
    topic_test_assert_close (g_ascii_strtod (strstr (last, "\"threshold\": ") + 13, NULL), 1.0 / 101, 1e-14, 0, "%s", "tail threshold");
  }
  {
    /* raising α moves the logistic boundary into the majority: recall does not fall */
    g_autoptr(LabMetrics) lo = metrics_ok ("alpha=0.5", NULL);
    g_autoptr(LabMetrics) hi = metrics_ok ("alpha=0.95", NULL);

    g_assert_cmpfloat (json_number (lo, "loss", "weighted-ce", "minority_recall"), <=,
                       json_number (hi, "loss", "weighted-ce", "minority_recall"));
  }
  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabFigure) figure = NULL;

      g_assert_true (lab_topic_apply_preset (topic, params, i, &error));
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      figure = topic_test_render_ok (topic, result, params, 1280, 800);
    }
}

static void
test_csv (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text (
    "a,b,kind\n"
    "0,0,cat\n0.2,0.1,cat\n0.1,0.3,cat\n0.4,0.2,cat\n0.3,0.5,cat\n0.5,0.4,cat\n"
    "3,3,dog\n3.2,2.9,dog\n2.8,3.1,dog\n"
    "0,3,eel\n0.2,3.3,eel\n"
    ",1,cat\n");
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;
  const LossesResult *self;

  g_assert_true (lab_params_apply_assignments (params, "source=data feature-columns=a,b label-column=kind test-fraction=0", &error));
  result = lab_topic_compute (topic, params, data, NULL, NULL, &error);
  g_assert_no_error (error);
  self = (const LossesResult *) result;
  g_assert_cmpuint (self->points->n_classes, ==, 3);
  g_assert_cmpuint (self->points->n, ==, 11);   /* the row with a missing cell is dropped */
  g_assert_cmpstr (self->points->class_names[self->minority], ==, "eel");
  for (guint t = 0; t < N_TRAINED; t++)
    g_assert_cmpuint (self->models[t].n_outputs, ==, 3);
  g_clear_pointer (&result, lab_result_unref);

  /* errors: one feature column; an unknown label column; a text feature; no dataset */
  {
    const char *bad[][2] = {
      { "source=data feature-columns=a label-column=kind", "feature-columns must name exactly two columns" },
      { "source=data feature-columns=a,b label-column=species", "no column “species” for label-column" },
      { "source=data feature-columns=a,kind label-column=b", "kind" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(LabParams) p = lab_topic_new_params (topic);
        g_autoptr(GError) e = NULL;

        g_assert_true (lab_params_apply_assignments (p, bad[i][0], NULL));
        g_assert_null (lab_topic_compute (topic, p, data, NULL, NULL, &e));
        g_assert_nonnull (e);
        g_assert_true (e->domain == LAB_ERROR);
        if (strstr (e->message, bad[i][1]) == NULL)
          g_error ("%s: “%s” does not mention “%s”", bad[i][0], e->message, bad[i][1]);
      }
  }
  {
    g_autoptr(LabParams) p = lab_topic_new_params (topic);
    g_autoptr(GError) e = NULL;

    g_assert_true (lab_params_apply_assignments (p, "source=data", NULL));
    g_assert_null (lab_topic_compute (topic, p, NULL, NULL, NULL, &e));
    g_assert_error (e, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (e->message, "source=data needs a dataset"));
  }
  {
    /* one class only */
    g_autoptr(LabDataset) one = topic_test_load_text ("a,b,kind\n0,1,x\n1,2,x\n2,3,x\n");
    g_autoptr(LabParams) p = lab_topic_new_params (topic);
    g_autoptr(GError) e = NULL;

    g_assert_true (lab_params_apply_assignments (p, "source=data feature-columns=a,b label-column=kind", NULL));
    g_assert_null (lab_topic_compute (topic, p, one, NULL, NULL, &e));
    g_assert_error (e, LAB_ERROR, LAB_ERROR_DATA);
  }
}

static void
test_errors (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  /* a minority of one point that the split puts in the test set */
  g_assert_true (lab_params_apply_assignments (params, "n=20 ratio=1000 test-fraction=0.9", NULL));
  g_assert_null (lab_topic_compute (topic, params, NULL, NULL, NULL, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "has no training points"));
  g_clear_error (&error);

  /* out-of-range parameters are refused by name */
  g_assert_false (lab_params_apply_assignments (params, "ratio=0.5", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "ratio"));
  g_clear_error (&error);
  g_assert_false (lab_params_apply_assignments (params, "classes=2", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_clear_error (&error);

  lab_params_reset (params);
  g_cancellable_cancel (cancellable);
  g_assert_null (lab_topic_compute (topic, params, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("losses");

  g_test_add_func ("/topics/losses/view-against-torch", test_view_against_torch);
  g_test_add_func ("/topics/losses/curves-finite", test_curves_finite);
  g_test_add_func ("/topics/losses/trained-scores", test_trained_scores);
  g_test_add_func ("/topics/losses/lessons", test_lessons);
  g_test_add_func ("/topics/losses/csv", test_csv);
  g_test_add_func ("/topics/losses/errors", test_errors);
  return g_test_run ();
}
