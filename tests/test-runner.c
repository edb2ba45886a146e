/* test-runner.c — worker jobs: coalescing, cancellation, stale results, view-only changes
 *
 * A deliberately slow topic (not in the registry) computes on the worker
 * thread while the main loop must keep dispatching.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-runner.h"

/* ------------------------------------------------------------------ */
/* the slow topic */

#define TEST_TYPE_SLOW_PARAMS (test_slow_params_get_type ())
G_DECLARE_FINAL_TYPE (TestSlowParams, test_slow_params, TEST, SLOW_PARAMS, LabParams)

struct _TestSlowParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (TestSlowParams, test_slow_params, LAB_TYPE_PARAMS)

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
test_slow_params_class_init (TestSlowParamsClass *klass)
{
  LabParamsClass *pc = LAB_PARAMS_CLASS (klass);

  lab_params_class_install (pc, g_param_spec_double ("value", "Value", "What the result carries",
                                                     -100, 100, 0, FLAGS), LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (pc, g_param_spec_int ("delay-ms", "Delay", "How long compute takes",
                                                  0, 100000, 0, FLAGS), LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (pc, g_param_spec_boolean ("fail", "Fail", "Compute fails",
                                                      FALSE, FLAGS), LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (pc, g_param_spec_double ("view", "View", "A view-only knob",
                                                     0, 1, 0, FLAGS), LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
test_slow_params_init (TestSlowParams *self)
{
}

typedef struct
{
  LabResult parent;
  double    value;
} SlowResult;

/* when a cancelled compute noticed and returned (µs, monotonic); 0 = never */
static gint64 cancel_seen_at;
static gint   n_computes_running;

static LabResult *
slow_compute (LabParams     *params,
              LabDataset    *data,
              LabProgress   *progress,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 start = g_get_monotonic_time ();
  gint64 delay = lab_params_get_int (params, "delay-ms") * 1000;
  gint64 last_partial = start;
  SlowResult *result;

  g_atomic_int_inc (&n_computes_running);
  while (g_get_monotonic_time () - start < delay)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_atomic_int_add (&n_computes_running, -1);
          __atomic_store_n (&cancel_seen_at, g_get_monotonic_time (), __ATOMIC_SEQ_CST);   /* read on the main thread */
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return NULL;
        }
      lab_progress_set (progress, (double) (g_get_monotonic_time () - start) / (double) delay);
      if (g_get_monotonic_time () - last_partial > 5000)
        {
          /* streaming: what the run has so far, marked by a value of −1000 − the fraction done */
          SlowResult *partial = lab_result_alloc (sizeof (SlowResult), NULL);

          partial->value = -1000 - lab_progress_get (progress);
          lab_progress_publish (progress, (LabResult *) partial);
          lab_result_unref ((LabResult *) partial);
          last_partial = g_get_monotonic_time ();
        }
      g_usleep (2000);
    }
  g_atomic_int_add (&n_computes_running, -1);

  if (lab_params_get_boolean (params, "fail"))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC, "failed on purpose");
      return NULL;
    }
  result = lab_result_alloc (sizeof (SlowResult), NULL);
  result->value = lab_params_get_double (params, "value");
  return (LabResult *) result;
}

static LabFigure *
slow_build (const LabResult *result, LabParams *params)
{
  return lab_figure_new (1, 1);
}

static void
slow_metrics (const LabResult *result, LabParams *params, LabMetrics *out)
{
  lab_metrics_add_double (out, "value", "Value", ((const SlowResult *) result)->value);
}

static const LabTopic slow_topic = {
  .id = "slow",
  .title = "Slow",
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "-",
  .summary = "A slow compute for tests",
  .params_get_type = test_slow_params_get_type,
  .compute = slow_compute,
  .build = slow_build,
  .metrics = slow_metrics,
};

/* ------------------------------------------------------------------ */

typedef struct
{
  GArray   *values;       /* result values delivered, in order */
  GArray   *views;        /* their view parameter */
  guint     n_failed;
  GError   *last_error;
  guint     ticks;        /* main-loop ticks while a job ran */
  gboolean  busy_seen;
  GMainLoop *loop;
  GArray   *partials;     /* partial values delivered */
  gboolean  result_seen;
  gboolean  partial_after_result;
} Fixture;

static void
result_cb (LabRunner *runner, gpointer result, LabParams *snapshot, Fixture *f)
{
  double v = ((SlowResult *) result)->value;
  double view = lab_params_get_double (snapshot, "view");

  g_array_append_val (f->values, v);
  g_array_append_val (f->views, view);
  f->result_seen = TRUE;
  if (f->loop)
    g_main_loop_quit (f->loop);
}

static void
partial_cb (LabRunner *runner, gpointer result, LabParams *snapshot, Fixture *f)
{
  double v = ((SlowResult *) result)->value;

  g_array_append_val (f->partials, v);
  f->partial_after_result |= f->result_seen;
}

static void
failed_cb (LabRunner *runner, const GError *error, Fixture *f)
{
  f->n_failed++;
  g_clear_error (&f->last_error);
  f->last_error = g_error_copy (error);
  if (f->loop)
    g_main_loop_quit (f->loop);
}

static gboolean
tick_cb (gpointer data)
{
  Fixture *f = data;

  f->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->values = g_array_new (FALSE, FALSE, sizeof (double));
  f->views = g_array_new (FALSE, FALSE, sizeof (double));
  f->partials = g_array_new (FALSE, FALSE, sizeof (double));
  f->loop = g_main_loop_new (NULL, FALSE);
  __atomic_store_n (&cancel_seen_at, 0, __ATOMIC_SEQ_CST);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_array_unref (f->values);
  g_array_unref (f->views);
  g_array_unref (f->partials);
  g_clear_error (&f->last_error);
  g_main_loop_unref (f->loop);
}

/* runs the loop until a result or failure arrives, or @ms pass */
static void
wait_for_delivery (Fixture *f, guint ms)
{
  guint id = g_timeout_add (ms, timeout_quit, f->loop);

  g_main_loop_run (f->loop);
  g_source_remove (id);
}

static void
spin (guint ms)
{
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, timeout_quit, loop);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);
}

static LabRunner *
new_runner (Fixture *f)
{
  LabRunner *runner = lab_runner_new (&slow_topic);

  g_signal_connect (runner, "result", G_CALLBACK (result_cb), f);
  g_signal_connect (runner, "failed", G_CALLBACK (failed_cb), f);
  g_signal_connect (runner, "partial", G_CALLBACK (partial_cb), f);
  return runner;
}

static void
test_basic (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);

  lab_params_set_double (params, "value", 3);
  lab_runner_request (runner, params);
  /* nothing happens synchronously */
  g_assert_cmpuint (f->values->len, ==, 0);
  wait_for_delivery (f, 5000);
  g_assert_cmpuint (f->values->len, ==, 1);
  g_assert_cmpfloat (g_array_index (f->values, double, 0), ==, 3);
  g_assert_false (lab_runner_get_busy (runner));
  g_assert_nonnull (lab_runner_get_result (runner));
}

static void
test_main_loop_keeps_running (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);
  guint tick;

  lab_params_set_int (params, "delay-ms", 400);
  lab_runner_request (runner, params);
  tick = g_timeout_add (10, tick_cb, f);
  wait_for_delivery (f, 5000);
  g_source_remove (tick);

  g_assert_cmpuint (f->values->len, ==, 1);
  /* ~40 ticks of 10 ms fit in 400 ms; the main loop was never blocked */
  g_assert_cmpuint (f->ticks, >=, 20);
}

static void
test_cancel_fast_and_stale_dropped (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);
  gint64 t_new;

  /* a long job computing value 1 … */
  lab_params_set_int (params, "delay-ms", 3000);
  lab_params_set_double (params, "value", 1);
  lab_runner_request (runner, params);
  spin (100);
  g_assert_true (lab_runner_get_busy (runner));
  g_assert_cmpint (g_atomic_int_get (&n_computes_running), ==, 1);

  /* … superseded by value 2: the first is cancelled and must never be applied */
  lab_params_set_int (params, "delay-ms", 200);
  lab_params_set_double (params, "value", 2);
  t_new = g_get_monotonic_time ();
  lab_runner_request (runner, params);
  wait_for_delivery (f, 5000);

  g_assert_cmpint (__atomic_load_n (&cancel_seen_at, __ATOMIC_SEQ_CST), >, 0);
  g_assert_cmpint (__atomic_load_n (&cancel_seen_at, __ATOMIC_SEQ_CST) - t_new, <, 100 * 1000);  /* 100 ms */
  g_assert_cmpuint (f->values->len, ==, 1);
  g_assert_cmpfloat (g_array_index (f->values, double, 0), ==, 2);

  /* wait well past when the first job would have ended: still nothing stale */
  spin (300);
  g_assert_cmpuint (f->values->len, ==, 1);
}

static void
test_cancel_from_ui (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);
  gint64 t_cancel;

  lab_params_set_int (params, "delay-ms", 5000);
  lab_runner_request (runner, params);
  spin (150);
  g_assert_true (lab_runner_get_busy (runner));
  g_assert_cmpfloat (lab_runner_get_progress (runner), >, 0.0);

  t_cancel = g_get_monotonic_time ();
  lab_runner_cancel (runner);
  g_assert_false (lab_runner_get_busy (runner));
  spin (120);
  g_assert_cmpint (__atomic_load_n (&cancel_seen_at, __ATOMIC_SEQ_CST), >, 0);
  g_assert_cmpint (__atomic_load_n (&cancel_seen_at, __ATOMIC_SEQ_CST) - t_cancel, <, 100 * 1000);
  g_assert_cmpint (g_atomic_int_get (&n_computes_running), ==, 0);
  g_assert_cmpuint (f->values->len, ==, 0);
  g_assert_cmpuint (f->n_failed, ==, 0);   /* a cancel is not a failure */
}

static void
test_coalesce (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);

  /* a dragged slider: 200 changes in one burst make one compute of the last value */
  for (int i = 0; i < 200; i++)
    {
      lab_params_set_double (params, "value", i / 4.0);
      lab_runner_request (runner, params);
    }
  wait_for_delivery (f, 5000);
  spin (100);
  g_assert_cmpuint (lab_runner_get_n_dispatched (runner), ==, 1);
  g_assert_cmpuint (f->values->len, ==, 1);
  g_assert_cmpfloat (g_array_index (f->values, double, 0), ==, 199 / 4.0);
}

static void
test_at_most_one_per_frame (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);
  gint64 start = g_get_monotonic_time ();
  guint dispatched;
  double elapsed_ms;

  lab_runner_set_frame_interval (runner, 16);
  /* a change every 2 ms for 320 ms */
  for (int i = 0; i < 160; i++)
    {
      lab_params_set_double (params, "value", i / 2.0);
      lab_runner_request (runner, params);
      spin (2);
    }
  elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  dispatched = lab_runner_get_n_dispatched (runner);
  g_assert_cmpuint (dispatched, <=, (guint) (elapsed_ms / 16.0) + 2);
  g_assert_cmpuint (dispatched, >=, 5);
  spin (100);
  /* the last value always arrives */
  g_assert_cmpfloat (g_array_index (f->values, double, f->values->len - 1), ==, 159 / 2.0);
}

static void
test_view_only (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);

  lab_params_set_double (params, "value", 5);
  lab_runner_request (runner, params);
  wait_for_delivery (f, 5000);
  g_assert_cmpuint (lab_runner_get_n_dispatched (runner), ==, 1);

  lab_params_set_double (params, "view", 0.5);
  lab_runner_request (runner, params);
  wait_for_delivery (f, 5000);
  /* delivered again with the new view, without computing */
  g_assert_cmpuint (lab_runner_get_n_dispatched (runner), ==, 1);
  g_assert_cmpuint (f->values->len, ==, 2);
  g_assert_cmpfloat (g_array_index (f->views, double, 1), ==, 0.5);

  /* a view change during a long compute does not restart it */
  lab_params_set_int (params, "delay-ms", 300);
  lab_runner_request (runner, params);
  spin (60);
  g_assert_cmpuint (lab_runner_get_n_dispatched (runner), ==, 2);
  lab_params_set_double (params, "view", 0.75);
  lab_runner_request (runner, params);
  wait_for_delivery (f, 5000);
  g_assert_cmpuint (lab_runner_get_n_dispatched (runner), ==, 2);
  g_assert_cmpfloat (g_array_index (f->views, double, f->views->len - 1), ==, 0.75);
}

static void
test_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);

  lab_params_set_double (params, "value", 1);
  lab_runner_request (runner, params);
  wait_for_delivery (f, 5000);

  g_object_set (params, "fail", TRUE, NULL);
  lab_runner_request (runner, params);
  wait_for_delivery (f, 5000);
  g_assert_cmpuint (f->n_failed, ==, 1);
  g_assert_error (f->last_error, LAB_ERROR, LAB_ERROR_NUMERIC);
  g_assert_cmpuint (f->values->len, ==, 1);

  /* after a failure a view change must recompute, not show the old result as current */
  g_object_set (params, "fail", FALSE, NULL);
  lab_params_set_double (params, "view", 0.3);
  lab_runner_request (runner, params);
  wait_for_delivery (f, 5000);
  g_assert_cmpuint (lab_runner_get_n_dispatched (runner), ==, 3);
  g_assert_cmpuint (f->values->len, ==, 2);
}

static void
test_dispose_in_flight (Fixture *f, gconstpointer data)
{
  LabRunner *runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);

  lab_params_set_int (params, "delay-ms", 2000);
  lab_runner_request (runner, params);
  spin (50);
  /* what a closing panel does: cancel, drop the runner; the worker stops promptly */
  lab_runner_cancel (runner);
  g_object_unref (runner);
  spin (200);
  g_assert_cmpuint (f->values->len, ==, 0);
  g_assert_cmpint (g_atomic_int_get (&n_computes_running), ==, 0);
}

/* Issue 11, the runner under stress: four runners, 3000 seeded random operations (requests with
 * new, increasing values, some slow, some failing; cancels; a runner dropped mid-job and
 * replaced; the main loop turned for 0–2 ms in between). Invariants: results land in request
 * order (a value never goes back), never one from before a cancel, never one not requested yet;
 * after a final request each runner shows exactly its value; no compute is left running.
 * A result may land while a newer request waits for its frame: that is the live view of a drag.
 * (ThreadSanitizer cannot check this code: GLib hands jobs to its thread pool through
 * futex-based locks TSan does not see, so every hand-off reads as a race — tried with
 * -Db_sanitize=thread; the AddressSanitizer run covers this test.) */
typedef struct
{
  LabRunner *runner;
  LabParams *params;   /* its own, live: the runner reads them when it dispatches */
  double     latest;   /* the last value requested */
  double     floor;    /* the last value requested before the last cancel */
  double     shown;    /* the last value delivered */
  guint      delivered;
  guint      wrong;
} StressSlot;

static void
stress_result_cb (LabRunner *runner, gpointer result, LabParams *snapshot, StressSlot *slot)
{
  double v = ((SlowResult *) result)->value;

  slot->delivered++;
  if (!(v > slot->floor && v >= slot->shown && v <= slot->latest))
    {
      g_test_message ("wrong result %g (floor %g, shown %g, latest %g)", v, slot->floor, slot->shown, slot->latest);
      slot->wrong++;
    }
  slot->shown = v;
}

static void
stress_failed_cb (LabRunner *runner, const GError *error, StressSlot *slot)
{
}

static void
stress_new (StressSlot *slot)
{
  slot->runner = lab_runner_new (&slow_topic);
  lab_runner_set_frame_interval (slot->runner, 0);
  g_signal_connect (slot->runner, "result", G_CALLBACK (stress_result_cb), slot);
  g_signal_connect (slot->runner, "failed", G_CALLBACK (stress_failed_cb), slot);
}

static void
test_stress (Fixture *f, gconstpointer data)
{
  StressSlot slots[4] = { { 0 } };
  g_autoptr(GRand) rng = g_rand_new_with_seed (20261205);
  guint total = 0;

  for (guint k = 0; k < G_N_ELEMENTS (slots); k++)
    {
      stress_new (&slots[k]);
      slots[k].params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);
      slots[k].latest = slots[k].floor = slots[k].shown = -1000.0;
    }
  for (guint op = 0; op < 3000; op++)
    {
      StressSlot *slot = &slots[g_rand_int_range (rng, 0, G_N_ELEMENTS (slots))];
      LabParams *params = slot->params;
      int what = g_rand_int_range (rng, 0, 100);

      if (what < 70)
        {
          slot->latest = op / 100.0 - 50.0;   /* distinct, inside the value's range [−100, 100] */
          lab_params_set_double (params, "value", slot->latest);
          lab_params_set_int (params, "delay-ms", g_rand_int_range (rng, 0, 100) < 10 ? 20 : g_rand_int_range (rng, 0, 3));
          g_object_set (params, "fail", g_rand_int_range (rng, 0, 100) < 5, NULL);
          lab_runner_request (slot->runner, params);
        }
      else if (what < 85)
        {
          lab_runner_cancel (slot->runner);
          slot->floor = slot->latest;
        }
      else if (what < 90)
        {
          /* a panel closed mid-job and opened again */
          lab_runner_cancel (slot->runner);
          g_signal_handlers_disconnect_by_data (slot->runner, slot);
          g_clear_object (&slot->runner);
          stress_new (slot);
          slot->floor = slot->latest;
        }
      else
        spin (g_rand_int_range (rng, 0, 3));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  /* a last request each: it must land, and be what each runner shows */
  for (guint k = 0; k < G_N_ELEMENTS (slots); k++)
    {
      slots[k].latest = 90.0 + k;
      g_object_set (slots[k].params, "delay-ms", 0, "fail", FALSE, NULL);
      lab_params_set_double (slots[k].params, "value", slots[k].latest);
      lab_runner_request (slots[k].runner, slots[k].params);
    }
  for (guint i = 0; i < 500; i++)
    {
      gboolean done = TRUE;

      for (guint k = 0; k < G_N_ELEMENTS (slots); k++)
        {
          const SlowResult *r = (const SlowResult *) lab_runner_get_result (slots[k].runner);

          done = done && r != NULL && r->value == slots[k].latest && !lab_runner_get_busy (slots[k].runner);
        }
      if (done)
        break;
      spin (10);
    }
  for (guint k = 0; k < G_N_ELEMENTS (slots); k++)
    {
      const SlowResult *r = (const SlowResult *) lab_runner_get_result (slots[k].runner);

      if (r == NULL || r->value != slots[k].latest)
        g_printerr ("slot %u: busy %d dispatched %u delivered %u result %g\n", k,
                    lab_runner_get_busy (slots[k].runner), lab_runner_get_n_dispatched (slots[k].runner),
                    slots[k].delivered, r ? r->value : -1.0);
      g_assert_false (lab_runner_get_busy (slots[k].runner));
      g_assert_nonnull (r);
      g_assert_cmpfloat (r->value, ==, slots[k].latest);
      g_assert_cmpuint (slots[k].wrong, ==, 0);
      total += slots[k].delivered;
      g_signal_handlers_disconnect_by_data (slots[k].runner, &slots[k]);
      g_clear_object (&slots[k].runner);
      g_clear_object (&slots[k].params);
    }
  g_assert_true (lab_runner_wait_all (5000));
  g_assert_cmpint (g_atomic_int_get (&n_computes_running), ==, 0);
  g_test_message ("%u results delivered, all in order", total);
  g_assert_cmpuint (total, >=, 4);
}

/* A job that publishes partial results: they arrive as "partial" while it runs, in order, at
 * most about once a frame (16 ms), none after the final "result"; a short job's are dropped. */
static void
test_partials (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = new_runner (f);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_SLOW_PARAMS, NULL);

  lab_params_set_double (params, "value", 7);
  lab_params_set_int (params, "delay-ms", 300);
  lab_runner_request (runner, params);
  wait_for_delivery (f, 5000);
  g_assert_cmpuint (f->values->len, ==, 1);
  g_assert_cmpfloat (g_array_index (f->values, double, 0), ==, 7);
  spin (50);
  g_assert_false (f->partial_after_result);
  /* 300 ms at one a frame: several, fewer than the ~60 published */
  g_assert_cmpuint (f->partials->len, >=, 3);
  g_assert_cmpuint (f->partials->len, <=, 300 / 16 + 2);
  for (guint i = 0; i < f->partials->len; i++)
    {
      double v = g_array_index (f->partials, double, i);

      g_assert_cmpfloat (v, <=, -1000);
      if (i > 0)
        g_assert_cmpfloat (v, <, g_array_index (f->partials, double, i - 1));   /* newer, further on */
    }
}

/* ------------------------------------------------------------------ */
/* a topic in steps: a chain of hashes, each step folding the step's index and the "value" in;
 * any result's hash must equal the chain recomputed from scratch for its value and step count */

#define TEST_TYPE_STEP_PARAMS (test_step_params_get_type ())
G_DECLARE_FINAL_TYPE (TestStepParams, test_step_params, TEST, STEP_PARAMS, LabParams)

struct _TestStepParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (TestStepParams, test_step_params, LAB_TYPE_PARAMS)

static void
test_step_params_class_init (TestStepParamsClass *klass)
{
  LabParamsClass *pc = LAB_PARAMS_CLASS (klass);

  lab_params_class_install (pc, g_param_spec_int ("value", "Value", "Folded into every step",
                                                  0, 1000, 1, FLAGS), LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (pc, g_param_spec_int ("steps", "Steps", "How many steps",
                                                  0, 100000, 40, FLAGS), LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (pc, g_param_spec_double ("view", "View", "A view-only knob",
                                                     0, 1, 0, FLAGS), LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
test_step_params_init (TestStepParams *self)
{
}

typedef struct
{
  LabResult parent;
  int       value;
  guint     done;
  guint64   hash;
} StepResult;

static guint64
step_hash (guint64 h, int value, guint k)
{
  return (h ^ ((guint64) k * 1000003u + (guint64) value)) * 1099511628211u;
}

static guint64
step_chain (int value, guint n)
{
  guint64 h = 14695981039346656037u;

  for (guint k = 0; k < n; k++)
    h = step_hash (h, value, k);
  return h;
}

static LabResult *
step_advance (const LabResult  *from,
              guint             until,
              LabParams        *params,
              LabDataset       *data,
              LabProgress      *progress,
              GCancellable     *cancellable,
              GError          **error)
{
  const StepResult *f = (const StepResult *) from;
  StepResult *r = lab_result_alloc (sizeof (StepResult), NULL);

  r->value = lab_params_get_int (params, "value");
  g_assert_true (f == NULL || f->value == r->value);   /* the runner only goes on from the same computation */
  r->done = f != NULL ? f->done : 0;
  r->hash = f != NULL ? f->hash : step_chain (r->value, 0);
  until = MIN (until, (guint) lab_params_get_int (params, "steps"));
  g_assert_cmpuint (r->done, <=, until);
  while (r->done < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          lab_result_unref ((LabResult *) r);
          return NULL;
        }
      r->hash = step_hash (r->hash, r->value, r->done);
      r->done++;
      g_usleep (300);
      if (r->done % 5 == 0 && r->done < until)
        {
          StepResult *p = g_memdup2 (r, sizeof *r);

          g_atomic_ref_count_init (&p->parent.ref_count);
          lab_progress_publish (progress, (LabResult *) p);
          lab_result_unref ((LabResult *) p);
        }
    }
  return (LabResult *) r;
}

static LabResult *
step_compute (LabParams *params, LabDataset *data, LabProgress *progress, GCancellable *cancellable, GError **error)
{
  return step_advance (NULL, G_MAXUINT, params, data, progress, cancellable, error);
}

static guint
step_done (const LabResult *result, gboolean *can_go_on)
{
  *can_go_on = TRUE;
  return ((const StepResult *) result)->done;
}

static void
step_metrics (const LabResult *result, LabParams *params, LabMetrics *out)
{
  lab_metrics_add_double (out, "done", "Done", ((const StepResult *) result)->done);
}

static const LabTopic step_topic = {
  .id = "steps",
  .title = "Steps",
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "-",
  .summary = "A computation in steps for tests",
  .params_get_type = test_step_params_get_type,
  .compute = step_compute,
  .build = slow_build,
  .metrics = step_metrics,
  .steps_param = "steps",
  .advance = step_advance,
  .steps_done = step_done,
};

typedef struct
{
  guint n_results, n_partials, wrong;
} StepCount;

static void
step_check (const LabResult *result, LabParams *snapshot, StepCount *c)
{
  const StepResult *r = (const StepResult *) result;

  if (r->hash != step_chain (r->value, r->done) || r->value != lab_params_get_int (snapshot, "value")
      || r->done > (guint) lab_params_get_int (snapshot, "steps"))
    {
      g_test_message ("wrong: value %d done %u", r->value, r->done);
      c->wrong++;
    }
}

static void
step_result_cb (LabRunner *runner, gpointer result, LabParams *snapshot, StepCount *c)
{
  c->n_results++;
  step_check (result, snapshot, c);
}

static void
step_partial_cb (LabRunner *runner, gpointer result, LabParams *snapshot, StepCount *c)
{
  c->n_partials++;
  step_check (result, snapshot, c);
}

/* Play, pause, step, reset, step-count and value changes and cancels in a random stream: every
 * result and partial shown is the chain from scratch for its value and step count (the
 * checkpoints are gone on from correctly, whatever the interleaving); at the end a pause and a
 * play land on the whole run. Also runs under ThreadSanitizer (build-aux/dev.sh tsan). */
static void
test_steps_stress (Fixture *f, gconstpointer data)
{
  g_autoptr(LabRunner) runner = lab_runner_new (&step_topic);
  g_autoptr(LabParams) params = g_object_new (TEST_TYPE_STEP_PARAMS, NULL);
  g_autoptr(GRand) rng = g_rand_new_with_seed (21);
  StepCount c = { 0 };
  guint done = 0, total = 0;

  g_assert_true (lab_runner_get_can_step (runner));
  lab_runner_set_frame_interval (runner, 1);
  g_signal_connect (runner, "result", G_CALLBACK (step_result_cb), &c);
  g_signal_connect (runner, "partial", G_CALLBACK (step_partial_cb), &c);
  for (guint op = 0; op < 1500; op++)
    {
      int what = g_rand_int_range (rng, 0, 100);

      if (what < 15)
        lab_runner_play (runner, params);
      else if (what < 30)
        lab_runner_pause (runner);
      else if (what < 45)
        lab_runner_step (runner, params);
      else if (what < 52)
        lab_runner_reset (runner, params);
      else if (what < 62)
        {
          g_object_set (params, "steps", g_rand_int_range (rng, 0, 80), NULL);
          lab_runner_request (runner, params);
        }
      else if (what < 70)
        {
          g_object_set (params, "value", g_rand_int_range (rng, 0, 5), NULL);
          lab_runner_request (runner, params);
        }
      else if (what < 74)
        {
          g_object_set (params, "view", g_rand_double (rng), NULL);
          lab_runner_request (runner, params);
        }
      else if (what < 78)
        lab_runner_cancel (runner);
      else
        spin (g_rand_int_range (rng, 0, 4));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  lab_runner_pause (runner);
  lab_runner_play (runner, params);
  while (lab_runner_get_busy (runner))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (lab_runner_get_steps (runner, &done, &total, NULL));
  g_assert_cmpuint (total, ==, (guint) lab_params_get_int (params, "steps"));
  g_assert_cmpuint (done, ==, total);
  g_assert_cmpuint (((const StepResult *) lab_runner_get_result (runner))->hash, ==,
                    step_chain (lab_params_get_int (params, "value"), total));
  g_assert_cmpuint (c.wrong, ==, 0);
  g_test_message ("%u results and %u partials, all consistent", c.n_results, c.n_partials);
  g_assert_cmpuint (c.n_results, >, 50);
  g_signal_handlers_disconnect_by_data (runner, &c);
  g_assert_true (lab_runner_wait_all (5000));
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/topics/runner/basic", test_basic);
  ADD ("/topics/runner/main-loop-keeps-running", test_main_loop_keeps_running);
  ADD ("/topics/runner/cancel-fast-stale-dropped", test_cancel_fast_and_stale_dropped);
  ADD ("/topics/runner/cancel-from-ui", test_cancel_from_ui);
  ADD ("/topics/runner/coalesce", test_coalesce);
  ADD ("/topics/runner/one-per-frame", test_at_most_one_per_frame);
  ADD ("/topics/runner/view-only", test_view_only);
  ADD ("/topics/runner/failure", test_failure);
  ADD ("/topics/runner/dispose-in-flight", test_dispose_in_flight);
  ADD ("/topics/runner/stress", test_stress);
  ADD ("/topics/runner/partials", test_partials);
  ADD ("/topics/runner/steps-stress", test_steps_stress);
#undef ADD

  return g_test_run ();
}
