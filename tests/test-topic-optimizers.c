/* test-topic-optimizers.c — the optimizers topic end to end
 *
 * Reference: tests/reference/optimizers_torch_reference.py → tests/optimizers-torch-reference.h
 * (start + 50 steps of every optimizer run by torch.optim in float64 on every surface, with
 * every schedule and with gradient clipping; Newton from autograd's Hessian; the logistic
 * loss on a small data set, full batch and in minibatches replayed in the topic's order).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <pango/pango.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "topic-test.h"
#include "optimizers/optimizers.h"
#include "optimizers-torch-reference.h"

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

  guint rows = 1 + (lab_params_get_boolean (params, "show-gradient-norm") ? 1 : 0)
               + (lab_params_get_enum (params, "schedule") != 0 ? 1 : 0);

  /* the contour spans the rows on the left; loss, gradient norm and schedule on the right */
  g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 2 * rows);
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

static LabOptimizer
optimizer_of (const char *nick)
{
  for (guint k = 0; k < LAB_N_OPTIMIZERS; k++)
    if (g_str_equal (lab_optimizer_get_nick (k), nick))
      return k;
  g_assert_not_reached ();
}

/* Every optimizer, schedule and clipping agrees with torch.optim over the first 50 steps to
 * 1e-9 relative (1e-14 absolute where a coordinate cancels to about 0: Newton lands on 0 up to rounding); a reference run that leaves
 * the finite numbers or |x| ≤ 1e6 is reported as diverged at that very step. */
static void
test_torch_reference (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text (torch_logistic_csv);
  guint n_diverged = 0, n_clipped = 0, n_damped = 0;

  for (guint i = 0; i < G_N_ELEMENTS (torch_tracks); i++)
    {
      const TorchTrack *r = &torch_tracks[i];
      g_autofree char *a = g_strdup_printf ("%s%s%s", r->assignments,
                                            strstr (r->assignments, "steps=") != NULL ? "" : " steps=" G_STRINGIFY (TORCH_N_STEPS),
                                            r->uses_data ? " source=data" : "");
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(LabResult) result = NULL;
      g_autoptr(GError) error = NULL;
      LabOptimizer which = optimizer_of (r->optimizer);
      const double *x, *y;
      guint n, diverged, clipped, expect_n = TORCH_N_STEPS + 1, expect_diverged = 0;
      double lr, damping;

      g_assert_true (lab_params_apply_assignments (params, a, &error));
      result = lab_topic_compute (topic, params, r->uses_data ? data : NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (lab_optimizers_result_get_track (result, which, &x, &y, &n, &diverged));
      g_assert_true (lab_optimizers_result_get_run (result, which, &lr, &clipped, &damping));
      for (guint k = 1; k <= TORCH_N_STEPS && expect_diverged == 0; k++)
        if (!isfinite (r->x[k]) || !isfinite (r->y[k]) || fabs (r->x[k]) > 1e6 || fabs (r->y[k]) > 1e6)
          expect_diverged = k, expect_n = k;
      if (diverged != expect_diverged || n != expect_n)
        g_error ("%s, %s: diverged at %u with %u iterates, torch at %u", a, r->optimizer, diverged, n, expect_diverged);
      for (guint k = 0; k < n; k++)
        if (fabs (x[k] - r->x[k]) > 1e-9 * fabs (r->x[k]) + 1e-14 || fabs (y[k] - r->y[k]) > 1e-9 * fabs (r->y[k]) + 1e-14)
          g_error ("%s, %s, step %u: (%.17g, %.17g), torch (%.17g, %.17g)", a, r->optimizer, k, x[k], y[k], r->x[k],
                   r->y[k]);
      g_assert_cmpuint (clipped, ==, r->clipped);
      topic_test_assert_close (damping, r->damping, 1e-9, 1e-12, "Newton’s damping");
      n_diverged += expect_diverged > 0;
      n_clipped += r->clipped > 0;
      n_damped += r->damping > 0;
    }
  /* the reference exercises divergence, clipping and Newton's damping */
  g_test_message ("%u runs: %u diverge, %u clip, %u damp", (guint) G_N_ELEMENTS (torch_tracks), n_diverged, n_clipped,
                  n_damped);
  g_assert_cmpuint (n_diverged, >, 0);
  g_assert_cmpuint (n_clipped, >, 0);
  g_assert_cmpuint (n_damped, >, 0);
}

/* Newton's method with η = 1 lands on the quadratic's minimum in one step. */
static void
test_newton_one_step (void)
{
  g_autoptr(LabResult) r = compute_ok ("surface=quadratic condition=400 angle=37 optimizers=newton@1 steps=3 "
                                       "start-x=-4.5 start-y=3.7", NULL);
  g_autoptr(LabMetrics) m = metrics_ok ("surface=quadratic condition=400 angle=37 optimizers=newton@1,gd steps=3 "
                                        "start-x=-4.5 start-y=3.7");
  g_autofree char *to_tol = json_field (m, "newton", "steps_to_tolerance");
  g_autofree char *damping = json_field (m, "newton", "newton_damping");
  const double *x, *y;
  guint n;

  g_assert_true (lab_optimizers_result_get_track (r, LAB_OPTIMIZER_NEWTON, &x, &y, &n, NULL));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat (fabs (x[1]), <, 1e-14);
  g_assert_cmpfloat (fabs (y[1]), <, 1e-14);
  g_assert_cmpstr (to_tol, ==, "1");
  g_assert_cmpstr (damping, ==, "0");
}

/* weight-decay is an L2 term for Adam (rescaled by 1/√v̂ with the gradient) and a decoupled
 * decay θ(1 − ηλ) for AdamW: their first steps are what the formulas say, and they part. */
static void
test_adam_l2_vs_adamw (void)
{
  const double eta = 0.1, lambda = 0.5, x0 = -1.5, y0 = 2;
  g_autoptr(LabResult) r = compute_ok ("surface=rosenbrock optimizers=adam,adamw learning-rate=0.1 weight-decay=0.5 "
                                       "steps=300 start-x=-1.5 start-y=2", NULL);
  g_autoptr(LabResult) r0 = compute_ok ("surface=rosenbrock optimizers=adam,adamw learning-rate=0.1 weight-decay=0 "
                                        "steps=300 start-x=-1.5 start-y=2", NULL);
  const double *ax, *ay, *wx, *wy;
  guint an, wn;
  double gx = -2 * (1 - x0) - 400 * x0 * (y0 - x0 * x0), gy = 200 * (y0 - x0 * x0);
  double lx = gx + lambda * x0, ly = gy + lambda * y0;

  g_assert_true (lab_optimizers_result_get_track (r, LAB_OPTIMIZER_ADAM, &ax, &ay, &an, NULL));
  g_assert_true (lab_optimizers_result_get_track (r, LAB_OPTIMIZER_ADAMW, &wx, &wy, &wn, NULL));
  /* step 1: m̂ = g, v̂ = g², so the Adam step is η·g/(|g| + ε) of the gradient it sees */
  topic_test_assert_close (ax[1], x0 - eta * lx / (fabs (lx) + 1e-8), 0, 1e-14, "Adam + L2, x₁");
  topic_test_assert_close (ay[1], y0 - eta * ly / (fabs (ly) + 1e-8), 0, 1e-14, "Adam + L2, y₁");
  topic_test_assert_close (wx[1], x0 * (1 - eta * lambda) - eta * gx / (fabs (gx) + 1e-8), 0, 1e-14, "AdamW, x₁");
  topic_test_assert_close (wy[1], y0 * (1 - eta * lambda) - eta * gy / (fabs (gy) + 1e-8), 0, 1e-14, "AdamW, y₁");
  g_assert_cmpfloat (fabs (ax[an - 1] - wx[wn - 1]) + fabs (ay[an - 1] - wy[wn - 1]), >, 1e-3);

  /* without weight decay the two are one method */
  g_assert_true (lab_optimizers_result_get_track (r0, LAB_OPTIMIZER_ADAM, &ax, &ay, &an, NULL));
  g_assert_true (lab_optimizers_result_get_track (r0, LAB_OPTIMIZER_ADAMW, &wx, &wy, &wn, NULL));
  g_assert_cmpmem (ax, an * sizeof (double), wx, wn * sizeof (double));
  g_assert_cmpmem (ay, an * sizeof (double), wy, wn * sizeof (double));
}

/* Plain descent at ηL = 2.2 diverges at the step torch's SGD does; the run stops there,
 * its trajectory holds only finite points and the JSON says "diverged". */
static void
test_divergence_step (void)
{
  g_autoptr(LabMetrics) m = metrics_ok ("surface=quadratic condition=10 angle=30 optimizers=sgd,adam learning-rate=0.22 "
                                        "steps=500 start-x=-4 start-y=0");
  g_autofree char *at = json_field (m, "sgd", "diverged_at");
  g_autofree char *status = json_field (m, "sgd", "status");
  g_autofree char *adam_status = json_field (m, "adam", "status");
  g_autofree char *json = lab_metrics_to_json (m);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *opts, *traj;

  g_assert_cmpint (atoi (at), ==, TORCH_DIVERGED_AT);
  g_assert_cmpstr (status, ==, "\"diverged\"");
  g_assert_cmpstr (adam_status, !=, "\"diverged\"");
  g_assert_null (strstr (json, "nan"));
  g_assert_null (strstr (json, "inf"));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  opts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "optimizers");
  traj = json_object_get_array_member (json_array_get_object_element (opts, 0), "trajectory");
  g_assert_cmpuint (json_array_get_length (traj), ==, TORCH_DIVERGED_AT);
  traj = json_object_get_array_member (json_array_get_object_element (opts, 1), "trajectory");
  g_assert_cmpuint (json_array_get_length (traj), ==, 501);
}

/* The JSON of the issue: per optimizer learning_rate, clipped_steps, trajectory (and
 * newton_damping for Newton); lr_schedule with the lr of every step. */
static void
test_json_keys (void)
{
  g_autoptr(LabMetrics) m = metrics_ok ("surface=saddle optimizers=sgd@0.02,newton@0.5,adam learning-rate=0.01 steps=40 "
                                        "schedule=step step-size=10 gamma=0.5 clip=0.5 start-x=2 start-y=0.3");
  g_autofree char *json = lab_metrics_to_json (m);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *opts, *sched;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  opts = json_object_get_array_member (root, "optimizers");
  g_assert_cmpuint (json_array_get_length (opts), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *o = json_array_get_object_element (opts, i);
      const char *name = json_object_get_string_member (o, "name");
      JsonArray *traj = json_object_get_array_member (o, "trajectory");

      g_assert_cmpfloat (json_object_get_double_member (o, "learning_rate"), ==,
                         g_str_equal (name, "sgd") ? 0.02 : g_str_equal (name, "newton") ? 0.5 : 0.01);
      g_assert_true (json_object_has_member (o, "clipped_steps"));
      g_assert_cmpint (json_object_has_member (o, "newton_damping"), ==, g_str_equal (name, "newton"));
      g_assert_cmpuint (json_array_get_length (traj), ==, 41);
      g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (traj, 0), 0), ==, 2);
      g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (traj, 0), 1), ==, 0.3);
    }
  /* (listed in the parameter's order: sgd, adam, newton) Newton at (2, 0.3): the Hessian
   * diag(2, −2 + 0.27) is indefinite, so it is damped by μ = 0.002 + 1.73 */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (opts, 2), "name"), ==, "newton");
  topic_test_assert_close (json_object_get_double_member (json_array_get_object_element (opts, 2), "newton_damping"),
                           0.002 + 1.73, 0, 1e-12, "Newton's damping at (2, 0.3)");
  /* the gradient 4 > 0.5 is clipped at the first steps */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (opts, 0), "clipped_steps"), >, 0);
  sched = json_object_get_array_member (root, "lr_schedule");
  g_assert_cmpuint (json_array_get_length (sched), ==, 40);
  g_assert_cmpfloat (json_array_get_double_element (sched, 0), ==, 0.01);
  g_assert_cmpfloat (json_array_get_double_element (sched, 9), ==, 0.01);
  g_assert_cmpfloat (json_array_get_double_element (sched, 10), ==, 0.005);
  g_assert_cmpfloat (json_array_get_double_element (sched, 39), ==, 0.01 * 0.125);
  g_assert_cmpstr (json_object_get_string_member (root, "schedule"), ==, "step");

  /* warm-up then cosine: η·t/W, the peak, and the cosine down towards 0 */
  {
    g_autoptr(LabMetrics) w = metrics_ok ("optimizers=adam learning-rate=0.1 steps=30 schedule=warmup-cosine warmup-steps=10");
    g_autofree char *wj = lab_metrics_to_json (w);
    g_autoptr(JsonParser) wp = json_parser_new ();
    JsonArray *ws;

    g_assert_true (json_parser_load_from_data (wp, wj, -1, NULL));
    ws = json_object_get_array_member (json_node_get_object (json_parser_get_root (wp)), "lr_schedule");
    topic_test_assert_close (json_array_get_double_element (ws, 0), 0.01, 0, 1e-15, "warm-up step 1");
    topic_test_assert_close (json_array_get_double_element (ws, 9), 0.1, 0, 1e-15, "warm-up step 10");
    topic_test_assert_close (json_array_get_double_element (ws, 10), 0.1, 0, 1e-15, "cosine, first step");
    topic_test_assert_close (json_array_get_double_element (ws, 29), 0.05 * (1 + cos (G_PI * 19 / 20)), 0, 1e-12,
                             "cosine, last step");
  }
}

/* The metrics (with 9 trajectories of 2000 steps) are made on every scrub of the window: they
 * are complete and valid; their time (2.1 ms on the development machine, to leave room in a
 * 16 ms frame) is a benchmark's business (`ml-lab bench optimizers …`), reported here only. */
static void
test_metrics_speed (void)
{
  LabParams *params = NULL;
  g_autoptr(LabResult) r = compute_ok ("optimizers=gd,sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw,newton steps=2000",
                                       &params);
  double best = INFINITY;

  for (int k = 0; k < 5; k++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, r, params);

      best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
    }
  g_test_message ("metrics of 9 × 2000 steps: %.2f ms", best);
  g_object_unref (params);
}

/* Every invalid value is a usage error naming the parameter and its allowed range. */
static void
test_errors (void)
{
  static const struct { const char *assignments; const char *message; } cases[] = {
    { "optimizers=sgd@0", "“sgd@0” must be a number greater than 0 and at most 10" },
    { "optimizers=sgd@-0.1,adam", "“sgd@-0.1” must be a number greater than 0" },
    { "optimizers=adam@fast", "learning rate after @ in “adam@fast”" },
    { "optimizers=adam@", "learning rate after @ in “adam@”" },
    { "optimizers=adam@11", "at most 10" },
    { "optimizers=adam@nan", "must be a number" },
    { "optimizers=@0.1", "no optimizer name before the @" },
    { "optimizers=sgd@0.1,sgd@0.2", "“sgd” is given two learning rates" },
    { "optimizers=lion@0.1", "unknown optimizer “lion”" },
    { "optimizers=sgd,lion", "unknown optimizer “lion” (choose from gd, sgd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) r = compute (cases[i].assignments, NULL, &error);

      g_assert_null (r);
      g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
      if (strstr (error->message, cases[i].message) == NULL || !g_str_has_prefix (error->message, "optimizers: "))
        g_error ("%s: “%s”, expected “%s”", cases[i].assignments, error->message, cases[i].message);
    }
  /* the same name twice with one rate is fine */
  {
    g_autoptr(LabResult) r = compute_ok ("optimizers=sgd@0.1,SGD@0.1,adam", NULL);
    double lr;

    g_assert_true (lab_optimizers_result_get_run (r, LAB_OPTIMIZER_SGD, &lr, NULL, NULL));
    g_assert_cmpfloat (lr, ==, 0.1);
    g_assert_true (lab_optimizers_result_get_run (r, LAB_OPTIMIZER_ADAM, &lr, NULL, NULL));
    g_assert_cmpfloat (lr, ==, 0.05);
  }
  /* ranges of the numeric parameters */
  {
    static const char *bad[] = { "beta1=1", "beta1=1.5", "beta2=1", "clip=-1", "batch-size=-1", "gamma=0",
                                 "gamma=1.5", "step-size=0", "warmup-steps=0", "schedule=linear",
                                 "surface=ackley" };
    g_autoptr(LabParams) params = lab_topic_new_params (topic);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) e = NULL;
        g_autofree char *name = g_strndup (bad[i], strchr (bad[i], '=') - bad[i]);

        g_assert_false (lab_params_parse_assignment (params, bad[i], &e));
        g_assert_error (e, LAB_ERROR, LAB_ERROR_USAGE);
        g_assert_nonnull (strstr (e->message, name));
        g_assert_true (strstr (e->message, "from") != NULL || strstr (e->message, "one of") != NULL);
      }
  }
  /* the logistic loss on a file: two 0/1 classes, two numeric features */
  {
    g_autoptr(LabDataset) three = topic_test_load_text ("x1,x2,label\n1,2,0\n2,1,1\n3,3,2\n0,1,0\n");
    g_autoptr(LabDataset) text = topic_test_load_text ("x1,x2,label\n1,a,0\n2,1,1\n");
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(GError) e = NULL;
    g_autoptr(LabResult) r = NULL;

    g_assert_true (lab_params_apply_assignments (params, "source=data", NULL));
    r = lab_topic_compute (topic, params, three, NULL, NULL, &e);
    g_assert_null (r);
    g_assert_error (e, LAB_ERROR, LAB_ERROR_DATA);
    g_assert_nonnull (strstr (e->message, "two classes"));
    g_clear_error (&e);
    r = lab_topic_compute (topic, params, text, NULL, NULL, &e);
    g_assert_null (r);
    g_assert_nonnull (e);
    g_clear_error (&e);
    g_assert_true (lab_params_apply_assignments (params, "feature-columns=x1,nosuch", NULL));
    r = lab_topic_compute (topic, params, three, NULL, NULL, &e);
    g_assert_null (r);
    g_assert_nonnull (strstr (e->message, "nosuch"));
    g_clear_error (&e);
    /* source=data without a file says what to do */
    r = lab_topic_compute (topic, params, NULL, NULL, NULL, &e);
    g_assert_null (r);
    g_assert_error (e, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (e->message, "source=data needs a dataset"));
  }
}

/* Minibatch noise is real on the logistic loss: the same seed gives the same path, gd and
 * newton ignore the batch size, and a separable data set has no minimum. */
static void
test_logistic (void)
{
  g_autoptr(LabResult) a = compute_ok ("surface=logistic batch-size=10 optimizers=gd,sgd,newton seed=3 steps=200", NULL);
  g_autoptr(LabResult) b = compute_ok ("surface=logistic batch-size=10 optimizers=gd,sgd,newton seed=3 steps=200", NULL);
  g_autoptr(LabResult) full = compute_ok ("surface=logistic batch-size=0 optimizers=gd,sgd,newton seed=3 steps=200", NULL);
  const double *x1, *x2, *x3, *g1, *g3;
  guint n1, n2, n3;

  g_assert_true (lab_optimizers_result_get_track (a, LAB_OPTIMIZER_SGD, &x1, NULL, &n1, NULL));
  g_assert_true (lab_optimizers_result_get_track (b, LAB_OPTIMIZER_SGD, &x2, NULL, &n2, NULL));
  g_assert_true (lab_optimizers_result_get_track (full, LAB_OPTIMIZER_SGD, &x3, NULL, &n3, NULL));
  g_assert_cmpmem (x1, n1 * sizeof (double), x2, n2 * sizeof (double));
  g_assert_true (memcmp (x1, x3, n1 * sizeof (double)) != 0);
  g_assert_true (lab_optimizers_result_get_track (a, LAB_OPTIMIZER_GD, &g1, NULL, &n1, NULL));
  g_assert_true (lab_optimizers_result_get_track (full, LAB_OPTIMIZER_GD, &g3, NULL, &n3, NULL));
  g_assert_cmpmem (g1, n1 * sizeof (double), g3, n3 * sizeof (double));
  {
    g_autoptr(LabMetrics) m = metrics_ok ("surface=logistic optimizers=newton@1 steps=30 start-x=0 start-y=0");
    g_autofree char *status = json_field (m, "newton", "status");
    g_autofree char *dist = json_field (m, "newton", "distance_to_minimum");

    g_assert_cmpstr (status, ==, "\"converged\"");
    g_assert_cmpfloat (g_ascii_strtod (dist, NULL), <, 1e-9);
  }
  {
    g_autoptr(LabDataset) sep = topic_test_load_text ("x1,x2,label\n1,1,1\n2,1,1\n-1,-1,0\n-2,-0.5,0\n");
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabResult) r = NULL;
    g_autoptr(LabMetrics) m = NULL;
    g_autofree char *json = NULL;

    g_assert_true (lab_params_apply_assignments (params, "source=data optimizers=gd,adam steps=300", NULL));
    r = lab_topic_compute (topic, params, sep, NULL, NULL, NULL);
    g_assert_nonnull (r);
    m = lab_topic_get_metrics (topic, r, params);
    json = lab_metrics_to_json (m);
    g_assert_nonnull (strstr (json, "\"distance_to_minimum\": null"));
    g_assert_null (strstr (json, "\"status\": \"converged\""));
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
  g_assert_cmpstr (status, ==, "\"diverged\"");
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
  static const char *surfaces[] = { "quadratic", "rosenbrock", "saddle", "himmelblau", "beale", "monkey-saddle",
                                    "logistic" };

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
    g_assert_cmpstr (status, ==, "\"diverged\"");
  }

  /* the new presets (issue 15) say what they measured */
  {
    struct { const char *name; const char *optimizer; const char *field; const char *want; } claims[] = {
      { "Newton in one step on a quadratic", "newton", "steps_to_tolerance", "1" },
      { "Newton in one step on a quadratic", "momentum", "steps_to_tolerance", "170" },
      { "Clipping rescues an exploding step", "sgd", "clipped_steps", "530" },
      { "Clipping rescues an exploding step", "momentum", "steps_to_tolerance", "322" },
      { "Clipping rescues an exploding step", "momentum", "clipped_steps", "97" },
      { "Minibatch noise on a logistic loss", "sgd", "steps_to_tolerance", "null" },
      { "Minibatch noise on a logistic loss", "gd", "status", "\"converged\"" },
      { "Cosine schedule with warm-up", "adam", "steps_to_tolerance", "382" },
    };

    for (guint k = 0; k < G_N_ELEMENTS (claims); k++)
      {
        g_autoptr(LabParams) params = lab_topic_new_params (topic);
        g_autoptr(LabResult) result = NULL;
        g_autoptr(LabMetrics) m = NULL;
        g_autofree char *v = NULL;
        guint i;

        for (i = 0; i < topic->n_presets && !g_str_equal (topic->presets[i].name, claims[k].name); i++)
          ;
        g_assert_cmpuint (i, <, topic->n_presets);
        g_assert_true (lab_topic_apply_preset (topic, params, i, NULL));
        result = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
        m = lab_topic_get_metrics (topic, result, params);
        v = json_field (m, claims[k].optimizer, claims[k].field);
        if (!g_str_equal (v, claims[k].want))
          g_error ("%s, %s.%s: %s, the lesson says %s", claims[k].name, claims[k].optimizer, claims[k].field, v,
                   claims[k].want);
      }
  }
  /* AdamW vs Adam + L2: Adam + L2 at the minimum of f + (λ/2)‖θ‖² (scipy: (0.88614, 0.78485)) */
  {
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabResult) result = NULL;
    const double *x, *y;
    guint n, i;

    for (i = 0; i < topic->n_presets && !g_str_equal (topic->presets[i].name, "AdamW vs Adam + L2"); i++)
      ;
    g_assert_true (lab_topic_apply_preset (topic, params, i, NULL));
    result = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
    g_assert_true (lab_optimizers_result_get_track (result, LAB_OPTIMIZER_ADAM, &x, &y, &n, NULL));
    topic_test_assert_close (x[n - 1], 0.88614, 0, 1e-3, "Adam + L2, x");
    topic_test_assert_close (y[n - 1], 0.78485, 0, 2e-3, "Adam + L2, y");
    g_assert_true (lab_optimizers_result_get_track (result, LAB_OPTIMIZER_ADAMW, &x, &y, &n, NULL));
    topic_test_assert_close (x[n - 1], 0.785, 0, 1e-3, "AdamW, x");
    topic_test_assert_close (y[n - 1], 0.616, 0, 1e-3, "AdamW, y");
  }

  for (guint i = 0; i < G_N_ELEMENTS (surfaces); i++)
    {
      static const char *schedules[] = { "constant", "step", "cosine", "warmup-cosine" };
      g_autofree char *a = g_strdup_printf ("surface=%s optimizers=gd,sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw,newton "
                                            "noisy=true start-x=0.5 start-y=0.5 show-gradient-norm=%s schedule=%s "
                                            "batch-size=%d clip=%g", surfaces[i], i % 2 ? "true" : "false",
                                            schedules[i % 4], i % 3 ? 16 : 0, i % 2 ? 1.0 : 0.0);
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
  /* weight-decay is Adam's L2 term too (adam is among the defaults), not SGD's */
  g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "weight-decay")));
  g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "batch-size")));
  g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "gamma")));
  g_assert_true (lab_params_apply_assignments (params, "optimizers=sgd@0.1,momentum", NULL));
  g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "weight-decay")));
  g_assert_true (lab_params_apply_assignments (params, "surface=logistic schedule=step", NULL));
  g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "batch-size")));
  g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "seed")));
  g_assert_true (lab_params_is_relevant (params, lab_params_find (params, "gamma")));
  g_assert_false (lab_params_is_relevant (params, lab_params_find (params, "warmup-steps")));
  lab_params_reset (params);
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
    if (g_str_equal (topic->presets[i].name, "Rosenbrock"))
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

  g_test_add_func ("/topics/optimizers/torch-reference", test_torch_reference);
  g_test_add_func ("/topics/optimizers/newton-one-step", test_newton_one_step);
  g_test_add_func ("/topics/optimizers/adam-l2-vs-adamw", test_adam_l2_vs_adamw);
  g_test_add_func ("/topics/optimizers/divergence-step", test_divergence_step);
  g_test_add_func ("/topics/optimizers/json-keys", test_json_keys);
  g_test_add_func ("/topics/optimizers/errors", test_errors);
  g_test_add_func ("/topics/optimizers/metrics-speed", test_metrics_speed);
  g_test_add_func ("/topics/optimizers/logistic", test_logistic);
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
