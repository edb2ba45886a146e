/* test-topic-optimizers.c — the optimizers topic end to end
 *
 * Reference: tests/reference/optimizers_reference.py → tests/optimizers-reference.h
 * (the first iterates of every optimizer, written from the update equations in
 * numpy, on two rotated quadratics and on Rosenbrock).
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
#include "topic-test.h"
#include "optimizers/optimizers.h"
#include "optimizers-reference.h"

static const LabTopic *topic;

static LabResult *
compute (const char *assignments, LabParams **params_out, GError **error)
{
  return topic_test_compute (topic, assignments, params_out, error);
}

static LabResult *
compute_ok (const char *assignments, LabParams **params_out)
{
  return topic_test_compute_ok (topic, assignments, params_out);
}

/* The metrics of @assignments, after building and rendering the figure. */
static LabMetrics *
metrics_ok (const char *assignments)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_ok (assignments, &params);
  g_autoptr(LabFigure) figure = topic_test_render_ok (topic, result, params, 640, 400);

  g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, lab_params_get_boolean (params, "show-gradient-norm") ? 4 : 2);
  return lab_topic_get_metrics (topic, result, params);
}

/* The JSON text of field @field in the optimizers entry named @name ("null", "12", …). */
static char *
json_field (LabMetrics *m, const char *name, const char *field)
{
  g_autofree char *json = lab_metrics_to_json (m);
  g_autofree char *key = g_strdup_printf ("\"name\": \"%s\"", name);
  g_autofree char *fkey = g_strdup_printf ("\"%s\": ", field);
  const char *p = strstr (json, key);
  const char *end;

  g_assert_nonnull (p);
  p = strstr (p, fkey);
  g_assert_nonnull (p);
  p += strlen (fkey);
  end = p + strcspn (p, ",}\n");
  return g_strndup (p, end - p);
}

static int
steps_to_tolerance (LabMetrics *m, const char *name)
{
  g_autofree char *v = json_field (m, name, "steps_to_tolerance");

  return g_str_equal (v, "null") ? -1 : atoi (v);
}

/* Every optimizer's first iterates agree with the numpy reference to 1e-12 relative. */
static void
test_reference (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_tracks); i++)
    {
      const RefTrack *r = &ref_tracks[i];
      g_autofree char *a = g_strdup_printf ("%s optimizers=%s steps=%d", r->assignments, r->optimizer, REF_N_STEPS);
      g_autoptr(LabResult) result = compute_ok (a, NULL);
      LabOptimizer which = LAB_N_OPTIMIZERS;
      const double *x, *y;
      guint n, diverged;

      for (guint k = 0; k < LAB_N_OPTIMIZERS; k++)
        if (g_str_equal (lab_optimizer_get_nick (k), r->optimizer))
          which = k;
      g_assert_true (lab_optimizers_result_get_track (result, which, &x, &y, &n, &diverged));
      g_assert_cmpuint (n, ==, REF_N_STEPS + 1);
      g_assert_cmpuint (diverged, ==, 0);
      for (guint k = 0; k <= REF_N_STEPS; k++)
        {
          double tx = 1e-12 * fabs (r->x[k]) + 1e-300, ty = 1e-12 * fabs (r->y[k]) + 1e-300;

          if (fabs (x[k] - r->x[k]) > tx || fabs (y[k] - r->y[k]) > ty)
            g_error ("%s, step %u: (%.17g, %.17g), reference (%.17g, %.17g)", a, k, x[k], y[k], r->x[k], r->y[k]);
        }
      /* the other optimizers were not run */
      g_assert_false (lab_optimizers_result_get_track (result, (which + 1) % LAB_N_OPTIMIZERS, NULL, NULL, NULL, NULL));
    }
}

/* On the quadratic (L = 10) gradient descent converges for η < 2/L and diverges for
 * η > 2/L, which is reported, not a crash. */
static void
test_gd_step_size (void)
{
  g_autoptr(LabMetrics) ok = metrics_ok ("surface=quadratic condition=10 optimizers=sgd learning-rate=0.19 steps=2000");
  g_autoptr(LabMetrics) bad = metrics_ok ("surface=quadratic condition=10 optimizers=sgd learning-rate=0.21 steps=2000");
  g_autofree char *loss = json_field (ok, "sgd", "final_loss");
  g_autofree char *bad_loss = json_field (bad, "sgd", "final_loss");
  g_autofree char *bad_x = json_field (bad, "sgd", "final_x");
  g_autofree char *status = json_field (bad, "sgd", "status");
  g_autofree char *at = json_field (bad, "sgd", "diverged_at");
  g_autofree char *json = lab_metrics_to_json (bad);

  g_assert_cmpfloat (g_ascii_strtod (loss, NULL), <, 1e-20);
  g_assert_cmpint (steps_to_tolerance (ok, "sgd"), >, 0);
  g_assert_cmpstr (bad_loss, ==, "null");
  g_assert_cmpstr (bad_x, ==, "null");
  g_assert_true (g_str_has_prefix (status, "\"diverged at step "));
  g_assert_cmpint (atoi (at), >, 10);
  g_assert_cmpint (steps_to_tolerance (bad, "sgd"), ==, -1);
  /* the panel's summary says so too, and nothing prints as NaN */
  g_assert_nonnull (strstr (json, "\"sgd_summary\": \"diverged at step "));
  g_assert_null (strstr (json, "nan"));
  g_assert_cmpstr (lab_metrics_has (bad, "best") ? "best" : "", ==, "best");
}

/* On an ill-conditioned valley (κ = 50) momentum reaches the tolerance in fewer steps. */
static void
test_momentum_wins (void)
{
  g_autoptr(LabMetrics) m = metrics_ok ("surface=quadratic condition=50 optimizers=sgd,momentum,nesterov "
                                        "learning-rate=0.05 steps=2000 tolerance=1e-6");
  int gd = steps_to_tolerance (m, "sgd"), mom = steps_to_tolerance (m, "momentum");
  int nes = steps_to_tolerance (m, "nesterov");

  g_test_message ("steps to 1e-6: GD %d, momentum %d, Nesterov %d", gd, mom, nes);
  g_assert_cmpint (mom, >, 0);
  g_assert_cmpint (nes, >, 0);
  g_assert_true (gd < 0 || mom < gd);
  g_assert_true (gd < 0 || nes < gd);
}

/* Divergence of every optimizer at once stops cleanly. */
static void
test_divergence (void)
{
  g_autoptr(LabResult) result = compute_ok ("surface=rosenbrock optimizers=sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw "
                                            "learning-rate=10 steps=2000 start-x=-8 start-y=9", NULL);
  const double *x, *y;
  guint n, at;

  g_assert_true (lab_optimizers_result_get_track (result, LAB_OPTIMIZER_SGD, &x, &y, &n, &at));
  g_assert_cmpuint (at, >, 0);
  g_assert_cmpuint (n, ==, at);
  for (guint k = 0; k < n; k++)
    g_assert_true (isfinite (x[k]) && isfinite (y[k]) && fabs (x[k]) <= 1e6 && fabs (y[k]) <= 1e6);
  {
    g_autoptr(LabMetrics) m = metrics_ok ("surface=rosenbrock optimizers=sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw "
                                          "learning-rate=10 steps=2000 start-x=-8 start-y=9");
    g_autofree char *json = lab_metrics_to_json (m);

    g_assert_null (strstr (json, "nan"));
  }
}

/* The same seed gives the same noisy trajectories; another seed others. */
static void
test_determinism (void)
{
  const char *a = "noisy=true noise=3 seed=7 optimizers=sgd,adam steps=300";
  const char *b = "noisy=true noise=3 seed=8 optimizers=sgd,adam steps=300";
  g_autoptr(LabResult) r1 = compute_ok (a, NULL);
  g_autoptr(LabResult) r2 = compute_ok (a, NULL);
  g_autoptr(LabResult) r3 = compute_ok (b, NULL);
  const double *x1, *y1, *x2, *y2, *x3, *y3;
  guint n1, n2, n3;

  g_assert_true (lab_optimizers_result_get_track (r1, LAB_OPTIMIZER_ADAM, &x1, &y1, &n1, NULL));
  g_assert_true (lab_optimizers_result_get_track (r2, LAB_OPTIMIZER_ADAM, &x2, &y2, &n2, NULL));
  g_assert_true (lab_optimizers_result_get_track (r3, LAB_OPTIMIZER_ADAM, &x3, &y3, &n3, NULL));
  g_assert_cmpuint (n1, ==, 301);
  g_assert_cmpuint (n2, ==, n1);
  g_assert_cmpmem (x1, n1 * sizeof (double), x2, n2 * sizeof (double));
  g_assert_cmpmem (y1, n1 * sizeof (double), y2, n2 * sizeof (double));
  g_assert_true (memcmp (x1, x3, MIN (n1, n3) * sizeof (double)) != 0);

  /* without noise the seed does not matter */
  {
    g_autoptr(LabResult) q1 = compute_ok ("seed=1 optimizers=adam", NULL);
    g_autoptr(LabResult) q2 = compute_ok ("seed=2 optimizers=adam", NULL);

    g_assert_true (lab_optimizers_result_get_track (q1, LAB_OPTIMIZER_ADAM, &x1, NULL, &n1, NULL));
    g_assert_true (lab_optimizers_result_get_track (q2, LAB_OPTIMIZER_ADAM, &x2, NULL, &n2, NULL));
    g_assert_cmpmem (x1, n1 * sizeof (double), x2, n2 * sizeof (double));
  }
}

/* A click on the contour plot sets the start point; elsewhere it means nothing. */
static void
test_click (void)
{
  LabParams *params = NULL;
  g_autoptr(LabResult) result = compute_ok ("", &params);
  g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, NULL);
  int contour_tag = lab_axes_get_tag (lab_figure_get_axes (figure, 0));
  int loss_tag = lab_axes_get_tag (lab_figure_get_axes (figure, 1));

  g_assert_cmpint (contour_tag, !=, loss_tag);
  g_assert_true (topic->click (result, params, contour_tag, 1.25, -2.5));
  g_assert_cmpfloat (lab_params_get_double (params, "start-x"), ==, 1.25);
  g_assert_cmpfloat (lab_params_get_double (params, "start-y"), ==, -2.5);
  g_assert_false (topic->click (result, params, loss_tag, 3, 4));
  g_assert_cmpfloat (lab_params_get_double (params, "start-x"), ==, 1.25);

  /* and the next compute starts there */
  {
    g_autoptr(LabResult) again = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
    const double *x, *y;

    g_assert_true (lab_optimizers_result_get_track (again, LAB_OPTIMIZER_SGD, &x, &y, NULL, NULL));
    g_assert_cmpfloat (x[0], ==, 1.25);
    g_assert_cmpfloat (y[0], ==, -2.5);
  }
  g_object_unref (params);
}

/* Every preset and every surface computes, and its metrics are complete. */
static void
test_presets (void)
{
  static const char *surfaces[] = { "quadratic", "rosenbrock", "saddle", "himmelblau" };

  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabMetrics) m = NULL;
      g_autoptr(LabFigure) figure = NULL;
      g_autofree char *json = NULL;

      g_assert_true (lab_topic_apply_preset (topic, params, i, &error));
      g_assert_no_error (error);
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      figure = lab_topic_build_figure (topic, result, params, NULL);
      m = lab_topic_get_metrics (topic, result, params);
      json = lab_metrics_to_json (m);
      g_test_message ("%s: %s", topic->presets[i].name, json);
      g_assert_nonnull (strstr (json, "\"optimizers\": ["));
      g_assert_nonnull (strstr (json, "\"surface\": \""));
      g_assert_nonnull (strstr (json, "\"best\": \""));
      g_assert_null (strstr (json, "nan"));
      g_assert_cmpuint (lab_metrics_get_n_shown (m), >, 3);
    }

  /* the presets say what they claim */
  {
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabResult) result = NULL;
    g_autoptr(LabMetrics) m = NULL;
    g_autofree char *status = NULL;

    g_assert_true (lab_topic_apply_preset (topic, params, 4, NULL));
    result = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
    m = lab_topic_get_metrics (topic, result, params);
    status = json_field (m, "sgd", "status");
    g_assert_true (g_str_has_prefix (status, "\"diverged at step "));
  }

  for (guint i = 0; i < G_N_ELEMENTS (surfaces); i++)
    {
      g_autofree char *a = g_strdup_printf ("surface=%s optimizers=sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw "
                                            "noisy=true start-x=0.5 start-y=0.5 show-gradient-norm=%s", surfaces[i],
                                            i % 2 ? "true" : "false");
      g_autoptr(LabMetrics) m = metrics_ok (a);
      g_autofree char *json = lab_metrics_to_json (m);

      g_assert_null (strstr (json, "nan"));
    }
}

/* Parameters: ranges, the optimizer list, view-only knobs. */
static void
test_params (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabParams) other = NULL;
  g_autoptr(GError) error = NULL;
  static const char *bad[] = {
    "steps=0", "steps=2001", "learning-rate=0", "learning-rate=11", "condition=0.5", "momentum=1",
    "beta1=1", "beta2=1", "surface=sphere", "start-x=11", "noise=-1", "tolerance=0", "show-gradient-norm=maybe",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;

      g_assert_false (lab_params_parse_assignment (params, bad[i], &e));
      g_assert_error (e, LAB_ERROR, LAB_ERROR_USAGE);
    }
  g_assert_true (lab_params_apply_assignments (params, "steps=2000 learning-rate=1e-5 surface=himmelblau", &error));
  g_assert_no_error (error);

  /* the list of optimizers is checked at compute, naming the culprit */
  {
    g_autoptr(LabResult) r = compute ("optimizers=sgd,lion", NULL, &error);

    g_assert_null (r);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "“lion”"));
    g_clear_error (&error);
    r = compute ("optimizers=,", NULL, &error);
    g_assert_null (r);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_clear_error (&error);
  }
  {
    g_autoptr(LabResult) r = compute_ok ("optimizers=Adam,,sgd,adam,", NULL);

    g_assert_true (lab_optimizers_result_get_track (r, LAB_OPTIMIZER_ADAM, NULL, NULL, NULL, NULL));
    g_assert_true (lab_optimizers_result_get_track (r, LAB_OPTIMIZER_SGD, NULL, NULL, NULL, NULL));
    g_assert_false (lab_optimizers_result_get_track (r, LAB_OPTIMIZER_MOMENTUM, NULL, NULL, NULL, NULL));
  }

  /* step and tolerance only change the view */
  other = lab_params_copy (params);
  lab_params_set_double (other, "step", 12);
  lab_params_set_double (other, "tolerance", 1e-3);
  g_assert_true (lab_params_set_from_string (other, "show-gradient-norm", "true", NULL));
  g_assert_true (lab_params_equal_for_compute (params, other));
  lab_params_set_double (other, "start-y", 1);
  g_assert_false (lab_params_equal_for_compute (params, other));

  /* relevance follows the surface, the noise switch and the optimizer list */
  lab_params_reset (params);
  g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "condition")));
  g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "noise")));
  g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "weight-decay")));
  g_assert_true (lab_params_apply_assignments (params, "surface=saddle noisy=true optimizers=adamw", NULL));
  g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "condition")));
  g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "noise")));
  g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "weight-decay")));
  g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "momentum")));

  /* the UI test moves the first relevant model double: it must change the computation */
  {
    guint n;
    GParamSpec **pspecs;
    GParamSpec *first = NULL;

    lab_params_reset (params);
    pspecs = lab_params_list (params, &n);
    for (guint i = 0; i < n && first == NULL; i++)
      if (G_IS_PARAM_SPEC_DOUBLE (pspecs[i]) && !(lab_param_get_flags (pspecs[i]) & LAB_PARAM_VIEW)
          && lab_params_is_relevant (params, pspecs[i]))
        first = pspecs[i];
    g_assert_nonnull (first);
    g_assert_cmpstr (first->name, ==, "condition");
  }

  /* the step scrubber's range follows the number of steps */
  {
    g_autoptr(LabResult) r = compute_ok ("steps=321", NULL);
    double lo, hi;

    g_assert_true (topic->suggest_range (r, lab_params_find (params, "step"), &lo, &hi));
    g_assert_cmpfloat (lo, ==, 0);
    g_assert_cmpfloat (hi, ==, 321);
    g_assert_false (topic->suggest_range (r, lab_params_find (params, "condition"), &lo, &hi));
  }
}

/* The step shown moves the markers and the reported step, not the trajectories. */
static void
test_scrub (void)
{
  LabParams *params = NULL;
  g_autoptr(LabResult) result = compute_ok ("steps=100", &params);
  g_autoptr(LabMetrics) m1 = NULL;
  g_autoptr(LabMetrics) m2 = NULL;

  m1 = lab_topic_get_metrics (topic, result, params);
  g_assert_cmpfloat (lab_metrics_get_double (m1, "step"), ==, 100);
  lab_params_set_double (params, "step", 40);
  m2 = lab_topic_get_metrics (topic, result, params);
  g_assert_cmpfloat (lab_metrics_get_double (m2, "step"), ==, 40);
  {
    g_autoptr(LabFigure) f1 = lab_topic_build_figure (topic, result, params, NULL);
    g_autofree char *csv = lab_figure_to_csv (f1);

    g_assert_nonnull (strstr (csv, "GD"));
  }
  g_object_unref (params);
}

/* A cancelled compute reports G_IO_ERROR_CANCELLED. */
static void
test_cancel (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  LabResult *r;

  g_cancellable_cancel (cancellable);
  r = lab_topic_compute (topic, params, NULL, NULL, cancellable, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_explanation (void)
{
  g_autofree char *explanation = topic_test_explanation (topic);
  g_autoptr(GError) error = NULL;

  g_assert_true (pango_parse_markup (explanation, -1, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (explanation, "no second derivatives"));
  g_assert_nonnull (strstr (explanation, "m̂ = m/(1 − β₁<sup>t</sup>)"));
  g_assert_nonnull (strstr (explanation, "plain SGD"));
  g_assert_cmpint (topic->chapter, ==, LAB_CHAPTER_TRAINING);
}

/* The Rosenbrock preset's claim (issue 14): the Hessian of (1 − x)² + 100(y − x²)² at the
 * start (−1.5, 2) has largest eigenvalue L ≈ 2092, so the preset's η = 0.001 is just above
 * plain descent's limit 2/L; the explanation and the lesson say so. */
static void
test_rosenbrock_curvature (void)
{
  const LabPreset *preset = NULL;
  double x = -1.5, y = 2, fxx, fxy, fyy, L;
  g_autofree char *explanation = topic_test_explanation (topic);

  for (guint i = 0; i < topic->n_presets; i++)
    if (strstr (topic->presets[i].assignments, "surface=rosenbrock") != NULL)
      preset = &topic->presets[i];
  g_assert_nonnull (preset);
  g_assert_nonnull (strstr (preset->assignments, "start-x=-1.5 start-y=2"));
  g_assert_nonnull (strstr (preset->assignments, "learning-rate=0.001 "));

  fxx = 2 - 400 * (y - x * x) + 800 * x * x;
  fxy = -400 * x;
  fyy = 200;
  L = (fxx + fyy) / 2 + sqrt ((fxx - fyy) * (fxx - fyy) / 4 + fxy * fxy);
  g_assert_cmpfloat (fxx, ==, 1902);
  g_assert_cmpfloat (fxy, ==, 600);
  topic_test_assert_close (L, 2092.25, 0, 0.01, "L at the Rosenbrock start");
  g_assert_cmpfloat (2 / L, <, 0.001);
  g_assert_cmpfloat (2 / L, >, 0.00095);
  g_assert_nonnull (strstr (explanation, "L ≈ 2092"));
  g_assert_nonnull (strstr (explanation, "[[1902, 600], [600, 200]]"));
  g_assert_nonnull (strstr (preset->lesson, "L ≈ 2092"));
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("optimizers");
  g_assert_nonnull (topic);

  g_test_add_func ("/topics/optimizers/reference", test_reference);
  g_test_add_func ("/topics/optimizers/rosenbrock-curvature", test_rosenbrock_curvature);
  g_test_add_func ("/topics/optimizers/gd-step-size", test_gd_step_size);
  g_test_add_func ("/topics/optimizers/momentum-wins", test_momentum_wins);
  g_test_add_func ("/topics/optimizers/divergence", test_divergence);
  g_test_add_func ("/topics/optimizers/determinism", test_determinism);
  g_test_add_func ("/topics/optimizers/click", test_click);
  g_test_add_func ("/topics/optimizers/presets", test_presets);
  g_test_add_func ("/topics/optimizers/params", test_params);
  g_test_add_func ("/topics/optimizers/scrub", test_scrub);
  g_test_add_func ("/topics/optimizers/cancel", test_cancel);
  g_test_add_func ("/topics/optimizers/explanation", test_explanation);
  return g_test_run ();
}
