/* lab-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-runner.h"
#include "lab-tsan.h"

#include <errno.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* ThreadSanitizer sees the hand-offs below only if told (lab-tsan.h): GLib passes the job to
 * its thread pool and the result back through futex-based locks TSan does not instrument.
 * build-aux/dev.sh tsan runs the runner's stress test so. */
#define HAND_OFF(p)  LAB_TSAN_RELEASE (p)
#define TAKE_OVER(p) LAB_TSAN_ACQUIRE (p)

struct _LabRunner
{
  GObject          parent_instance;

  const LabTopic  *topic;
  LabDataset      *dataset;
  LabParams       *live;          /* the params to snapshot at the next dispatch (weak use: ref) */
  guint            frame_interval;
  gint64           last_dispatch; /* monotonic µs */
  guint            dispatch_source;
  guint            progress_source;
  guint            partial_source;   /* once a frame while busy: a published partial result */

  GCancellable    *cancellable;   /* of the job in flight */
  guint64          generation;    /* of the newest dispatch */
  LabProgress     *progress;      /* of the job in flight */
  LabParams       *inflight_params; /* snapshot the job in flight computes */
  LabParams       *view_params;     /* newest snapshot: what the next delivery shows */
  gboolean         busy;
  guint            n_dispatched;
  gboolean         dataset_changed;

  LabResult       *result;
  LabParams       *result_params;     /* snapshot the result was delivered with */
  LabParams       *computed_params;   /* snapshot the result was computed from */

  /* topics that compute in steps (LabTopic.advance) */
  gboolean         paused;            /* play / pause: a new run starts playing */
  LabResult       *last_partial;      /* the newest partial shown, of the job in flight */
};

enum {
  PROP_0,
  PROP_BUSY,
  PROP_PROGRESS,
  PROP_PAUSED,
  N_PROPS
};

enum {
  RESULT,
  FAILED,
  PARTIAL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LabRunner, lab_runner, G_TYPE_OBJECT)

typedef struct
{
  const LabTopic *topic;
  LabParams      *params;
  LabDataset     *dataset;
  LabProgress    *progress;
  guint64         generation;
  /* topics in steps: advance from @from (NULL: the start) up to @until steps */
  gboolean        advance;
  LabResult      *from;
  guint           until;
  /* not a strong reference: the task's last reference may go on the worker thread, and a
   * runner (a main-thread object, its signals and sources) must never be finalized there */
  GWeakRef        runner;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  TAKE_OVER (job);   /* the last of the worker's and the main thread's uses came before */
  g_weak_ref_clear (&job->runner);
  g_clear_object (&job->params);
  g_clear_pointer (&job->from, lab_result_unref);
  g_clear_pointer (&job->dataset, lab_dataset_unref);
  lab_progress_clear (job->progress);
  g_free (job->progress);
  g_free (job);
}

static void
set_busy (LabRunner *self,
          gboolean   busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  if (!busy)
    {
      g_clear_handle_id (&self->progress_source, g_source_remove);
      g_clear_handle_id (&self->partial_source, g_source_remove);
      g_clear_object (&self->inflight_params);
      g_clear_pointer (&self->last_partial, lab_result_unref);
      self->progress = NULL;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
deliver (LabRunner *self,
         LabResult *result,
         LabParams *computed,
         LabParams *snapshot)
{
  if (result != self->result)
    {
      g_clear_pointer (&self->result, lab_result_unref);
      self->result = lab_result_ref (result);
    }
  g_set_object (&self->computed_params, computed);
  g_set_object (&self->result_params, snapshot);
  g_signal_emit (self, signals[RESULT], 0, result, snapshot);
}

/* Computations queued or running on worker threads, all runners together: the process must
 * not exit under one (exit() runs OpenBLAS's destructors while the worker is inside it). A job
 * counts from its dispatch, not from when a pool thread picks it up (the stress test caught a
 * quit between the two). */
static gint n_running;

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  LabResult *result;

  TAKE_OVER (job);
  lab_runner_lower_thread_priority ();
  if (job->advance)
    result = job->topic->advance (job->from, job->until, job->params, job->dataset, job->progress,
                                  cancellable, &error);
  else
    result = lab_topic_compute (job->topic, job->params, job->dataset, job->progress, cancellable, &error);
  HAND_OFF (job);
  HAND_OFF (task);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) lab_result_unref);
  g_atomic_int_dec_and_test (&n_running);
}

/**
 * lab_runner_wait_all:
 * @timeout_ms: how long to wait at most
 *
 * Waits until no computation runs on a worker thread (every runner cancelled them first:
 * computations poll their cancellable). Returns %FALSE if one still runs after @timeout_ms.
 */
gboolean
lab_runner_wait_all (guint timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_atomic_int_get (&n_running) > 0)
    {
      if (g_get_monotonic_time () >= until)
        return FALSE;
      g_usleep (1000);
    }
  return TRUE;
}

void
lab_runner_hold_worker (void)
{
  g_atomic_int_inc (&n_running);
}

void
lab_runner_release_worker (void)
{
  g_atomic_int_dec_and_test (&n_running);
}

/* Issue 11: computations share the cores with the window's thread; at equal priority the
 * window's frames waited for them (the monkey: gaps of the main loop much longer than the main
 * thread's CPU time in them). Linux gives each thread its own nice value,
 * inherited by the threads it starts; a raised one cannot be lowered again without
 * privileges, so a pool thread keeps it for later background work too (loads, probes). */
#define WORKER_NICE 10

void
lab_runner_lower_thread_priority (void)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int now;

  errno = 0;
  now = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno == 0 && now < WORKER_NICE)
    (void) setpriority (PRIO_PROCESS, (id_t) tid, WORKER_NICE);
#endif
}

/* Main thread: a job's outcome, for its runner. */
static void
finish_job (LabRunner *self,
            Job       *job,
            LabResult *result,
            GError    *error)
{
  /* a stale job: a newer dispatch exists, its result must never be applied */
  if (job->generation != self->generation)
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (result == NULL)
    {
      /* the shown result no longer matches the inputs: the next request computes */
      g_clear_object (&self->computed_params);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  deliver (self, result, job->params, self->view_params ? self->view_params : job->params);
}

static void
compute_done (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(LabRunner) self = NULL;
  GTask *task = G_TASK (res);
  Job *job;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;

  TAKE_OVER (task);
  TAKE_OVER (g_task_get_task_data (task));
  job = g_task_get_task_data (task);
  result = g_task_propagate_pointer (task, &error);
  self = g_weak_ref_get (&job->runner);
  if (self != NULL)   /* else the runner is gone: nobody to tell */
    finish_job (self, job, result, error);
  HAND_OFF (job);   /* for job_free, wherever the task's last reference goes */
}

static gboolean
poll_progress (gpointer user_data)
{
  LabRunner *self = user_data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  return G_SOURCE_CONTINUE;
}

/* Once a frame while a job runs: its newest partial result, if it published one, is shown
 * ("partial") with the parameters it is computed with; the final result still comes as
 * "result". A partial of a stale job never reaches here (its progress is no longer ours). */
static gboolean
poll_partial (gpointer user_data)
{
  LabRunner *self = user_data;
  g_autoptr(LabResult) partial = NULL;

  if (!self->busy || self->progress == NULL)
    return G_SOURCE_CONTINUE;
  partial = lab_progress_take_partial (self->progress);
  if (partial != NULL)
    {
      g_clear_pointer (&self->last_partial, lab_result_unref);
      self->last_partial = lab_result_ref (partial);
      g_signal_emit (self, signals[PARTIAL], 0, partial,
                     self->view_params ? self->view_params : self->inflight_params);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean dispatch_cb (gpointer user_data);

static gboolean
can_step (LabRunner *self)
{
  return self->topic->advance != NULL && self->topic->steps_done != NULL && self->topic->steps_param != NULL;
}

static guint
steps_target (LabRunner *self,
              LabParams *params)
{
  return (guint) MAX (lab_params_get_int (params, self->topic->steps_param), 0);
}

static void
set_paused (LabRunner *self,
            gboolean   paused)
{
  if (self->paused == paused)
    return;
  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/* Whether a job for @snapshot can start from the shown result (the same computation, only the
 * number of steps or a LAB_PARAM_RESUMES parameter differing, not more steps done than asked
 * for); *@done: the steps it holds. */
static gboolean
result_continues (LabRunner *self,
                  LabParams *snapshot,
                  guint     *done)
{
  gboolean go_on = FALSE;

  if (!can_step (self) || self->result == NULL || self->computed_params == NULL || self->dataset_changed
      || !lab_params_equal_for_steps (snapshot, self->computed_params, self->topic->steps_param))
    return FALSE;
  *done = self->topic->steps_done (self->result, &go_on);
  return go_on && *done <= steps_target (self, snapshot);
}

/* Starts a compute of @snapshot (taken) on a worker: the whole compute, or for a topic in steps
 * (@advance) from @from (NULL: the start) up to @until steps. */
static void
start_job (LabRunner *self,
           LabParams *snapshot,
           gboolean   advance,
           LabResult *from,
           guint      until)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_partial, lab_result_unref);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->n_dispatched++;
  self->dataset_changed = FALSE;

  job = g_new0 (Job, 1);
  job->topic = self->topic;
  job->params = snapshot;
  g_set_object (&self->view_params, snapshot);
  g_set_object (&self->inflight_params, job->params);
  job->dataset = self->dataset ? lab_dataset_ref (self->dataset) : NULL;
  job->progress = g_new0 (LabProgress, 1);
  job->generation = self->generation;
  job->advance = advance;
  job->from = from != NULL ? lab_result_ref (from) : NULL;
  job->until = can_step (self) ? MIN (until, steps_target (self, snapshot)) : until;
  self->progress = job->progress;

  g_weak_ref_init (&job->runner, self);
  task = g_task_new (NULL, self->cancellable, compute_done, NULL);
  g_task_set_source_tag (task, dispatch_cb);
  g_task_set_name (task, "[ml-lab] compute");
  g_task_set_task_data (task, job, job_free);
  g_task_set_return_on_cancel (task, FALSE);
  /* counted from the moment it is queued: a job waiting for a pool thread also runs later */
  g_atomic_int_inc (&n_running);
  HAND_OFF (job);
  g_task_run_in_thread (task, compute_thread);

  set_busy (self, TRUE);
  if (self->progress_source == 0)
    self->progress_source = g_timeout_add (100, poll_progress, self);
  if (self->partial_source == 0)
    self->partial_source = g_timeout_add (MAX (self->frame_interval, 1), poll_partial, self);
}

static void
dispatch (LabRunner *self)
{
  g_autoptr(LabParams) snapshot = NULL;
  guint done;

  self->last_dispatch = g_get_monotonic_time ();
  if (self->live == NULL)
    return;

  snapshot = lab_params_copy (self->live);
  g_clear_object (&self->live);
  g_set_object (&self->view_params, snapshot);

  /* the job in flight already computes these values: let it finish */
  if (self->busy && !self->dataset_changed
      && lab_params_equal_for_compute (snapshot, self->inflight_params))
    return;

  /* only the view changed: no compute, re-deliver with the new view */
  if (self->result != NULL && self->computed_params != NULL && !self->dataset_changed && !self->busy
      && lab_params_equal_for_compute (snapshot, self->computed_params))
    {
      deliver (self, self->result, self->computed_params, snapshot);
      return;
    }

  /* a topic in steps: only the number of steps changed — go on from the result shown (paused:
   * stay at its step); anything else starts a new run, which plays */
  if (can_step (self))
    {
      if (!self->busy && result_continues (self, snapshot, &done))
        {
          start_job (self, g_steal_pointer (&snapshot), TRUE, self->result, self->paused ? done : G_MAXUINT);
          return;
        }
      set_paused (self, FALSE);
    }
  start_job (self, g_steal_pointer (&snapshot), FALSE, NULL, G_MAXUINT);
}

static gboolean
dispatch_cb (gpointer user_data)
{
  LabRunner *self = user_data;

  self->dispatch_source = 0;
  dispatch (self);
  return G_SOURCE_REMOVE;
}

void
lab_runner_request (LabRunner *self,
                    LabParams *params)
{
  gint64 now, due;

  g_return_if_fail (LAB_IS_RUNNER (self));
  g_return_if_fail (LAB_IS_PARAMS (params));

  g_set_object (&self->live, params);
  if (self->dispatch_source != 0)
    return;   /* coalesced into the dispatch already scheduled */


  now = g_get_monotonic_time ();
  due = self->last_dispatch + (gint64) self->frame_interval * 1000;
  if (self->last_dispatch == 0 || now >= due)
    self->dispatch_source = g_idle_add_full (G_PRIORITY_DEFAULT, dispatch_cb, self, NULL);
  else
    self->dispatch_source = g_timeout_add (MAX (1, (guint) ((due - now + 999) / 1000)), dispatch_cb, self);
}

/* Cancels the job in flight; whatever it still delivers is stale. */
static void
stop_job (LabRunner *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;   /* whatever is in flight is now stale */
  set_busy (self, FALSE);
}

void
lab_runner_cancel (LabRunner *self)
{
  g_return_if_fail (LAB_IS_RUNNER (self));

  g_clear_handle_id (&self->dispatch_source, g_source_remove);
  g_clear_object (&self->live);
  stop_job (self);
}

gboolean
lab_runner_get_can_step (LabRunner *self)
{
  g_return_val_if_fail (LAB_IS_RUNNER (self), FALSE);

  return can_step (self);
}

gboolean
lab_runner_get_paused (LabRunner *self)
{
  g_return_val_if_fail (LAB_IS_RUNNER (self), FALSE);

  return self->paused;
}

gboolean
lab_runner_get_steps (LabRunner *self,
                      guint     *done,
                      guint     *total,
                      gboolean  *can_go_on)
{
  gboolean go_on = FALSE;

  g_return_val_if_fail (LAB_IS_RUNNER (self), FALSE);

  if (!can_step (self) || self->result == NULL || self->computed_params == NULL)
    return FALSE;
  if (done != NULL)
    *done = self->topic->steps_done (self->result, &go_on);
  if (total != NULL)
    *total = steps_target (self, self->computed_params);
  if (can_go_on != NULL)
    *can_go_on = go_on;
  return TRUE;
}

/* The parameters of the next job: those waiting for their dispatch, or @params. */
static LabParams *
take_snapshot (LabRunner *self,
               LabParams *params)
{
  LabParams *snapshot = lab_params_copy (self->live != NULL ? self->live : params);

  g_clear_handle_id (&self->dispatch_source, g_source_remove);
  g_clear_object (&self->live);
  self->last_dispatch = g_get_monotonic_time ();
  return snapshot;
}

void
lab_runner_pause (LabRunner *self)
{
  g_autoptr(LabResult) shown = NULL;
  g_autoptr(LabParams) computed = NULL;
  g_autoptr(LabParams) view = NULL;

  g_return_if_fail (LAB_IS_RUNNER (self));

  if (!can_step (self))
    return;
  set_paused (self, TRUE);
  if (!self->busy)
    return;

  /* the newest partial (a checkpoint: the run stops at its step) becomes the result */
  shown = lab_progress_take_partial (self->progress);
  if (shown == NULL && self->last_partial != NULL)
    shown = lab_result_ref (self->last_partial);
  computed = g_object_ref (self->inflight_params);
  view = self->view_params != NULL ? g_object_ref (self->view_params) : g_object_ref (computed);
  stop_job (self);
  if (shown != NULL)
    deliver (self, shown, computed, view);
}

void
lab_runner_play (LabRunner *self,
                 LabParams *params)
{
  g_autoptr(LabParams) snapshot = NULL;
  guint done = 0;

  g_return_if_fail (LAB_IS_RUNNER (self));
  g_return_if_fail (LAB_IS_PARAMS (params));

  if (!can_step (self))
    return;
  if (self->busy && self->live == NULL && !self->paused)
    {
      /* playing already */
      if (!lab_params_equal_for_compute (params, self->inflight_params))
        lab_runner_request (self, params);
      return;
    }
  /* a step or a reset in flight is dropped: play goes on from the result shown */
  set_paused (self, FALSE);
  snapshot = take_snapshot (self, params);
  if (self->busy)
    stop_job (self);
  if (result_continues (self, snapshot, &done) && done < steps_target (self, snapshot))
    start_job (self, g_steal_pointer (&snapshot), TRUE, self->result, G_MAXUINT);
  else   /* nothing to go on from, or the run is over: the run again from its start */
    start_job (self, g_steal_pointer (&snapshot), TRUE, NULL, G_MAXUINT);
}

void
lab_runner_step (LabRunner *self,
                 LabParams *params)
{
  g_autoptr(LabParams) snapshot = NULL;
  guint done = 0;

  g_return_if_fail (LAB_IS_RUNNER (self));
  g_return_if_fail (LAB_IS_PARAMS (params));

  if (!can_step (self))
    return;
  if (self->busy && self->paused)
    return;   /* the previous step is still on its way */
  lab_runner_pause (self);
  snapshot = take_snapshot (self, params);
  if (result_continues (self, snapshot, &done))
    {
      if (done < steps_target (self, snapshot))
        start_job (self, g_steal_pointer (&snapshot), TRUE, self->result, done + 1);
    }
  else
    start_job (self, g_steal_pointer (&snapshot), TRUE, NULL, 1);
}

void
lab_runner_reset (LabRunner *self,
                  LabParams *params)
{
  g_return_if_fail (LAB_IS_RUNNER (self));
  g_return_if_fail (LAB_IS_PARAMS (params));

  if (!can_step (self))
    return;
  set_paused (self, TRUE);
  if (self->busy)
    stop_job (self);
  start_job (self, take_snapshot (self, params), TRUE, NULL, 0);
}

static void
lab_runner_dispose (GObject *object)
{
  LabRunner *self = LAB_RUNNER (object);

  lab_runner_cancel (self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_handle_id (&self->partial_source, g_source_remove);
  G_OBJECT_CLASS (lab_runner_parent_class)->dispose (object);
}

static void
lab_runner_finalize (GObject *object)
{
  LabRunner *self = LAB_RUNNER (object);

  g_clear_pointer (&self->dataset, lab_dataset_unref);
  g_clear_pointer (&self->result, lab_result_unref);
  g_clear_pointer (&self->last_partial, lab_result_unref);
  g_clear_object (&self->result_params);
  g_clear_object (&self->computed_params);
  g_clear_object (&self->live);
  g_clear_object (&self->view_params);
  g_clear_object (&self->inflight_params);
  G_OBJECT_CLASS (lab_runner_parent_class)->finalize (object);
}

static void
lab_runner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LabRunner *self = LAB_RUNNER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, lab_runner_get_progress (self));
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_runner_class_init (LabRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lab_runner_dispose;
  object_class->finalize = lab_runner_finalize;
  object_class->get_property = lab_runner_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* topics in steps: whether the run is paused (play / pause / step / reset) */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (result: LabResult*, params: LabParams* snapshot) */
  signals[RESULT] =
    g_signal_new ("result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, LAB_TYPE_PARAMS);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* (partial: LabResult*, params: LabParams* the job's view snapshot): a running job's result so
   * far (see lab_progress_publish); the final one still comes as "result" */
  signals[PARTIAL] =
    g_signal_new ("partial", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, LAB_TYPE_PARAMS);
}

static void
lab_runner_init (LabRunner *self)
{
  self->frame_interval = 16;
}

LabRunner *
lab_runner_new (const LabTopic *topic)
{
  LabRunner *self;

  g_return_val_if_fail (topic != NULL, NULL);

  self = g_object_new (LAB_TYPE_RUNNER, NULL);
  self->topic = topic;
  return self;
}

const LabTopic *
lab_runner_get_topic (LabRunner *self)
{
  return self->topic;
}

void
lab_runner_set_frame_interval (LabRunner *self,
                               guint      ms)
{
  self->frame_interval = ms;
}

void
lab_runner_set_dataset (LabRunner  *self,
                        LabDataset *dataset)
{
  g_return_if_fail (LAB_IS_RUNNER (self));

  if (dataset == self->dataset)
    return;
  if (dataset)
    lab_dataset_ref (dataset);
  g_clear_pointer (&self->dataset, lab_dataset_unref);
  self->dataset = dataset;
  self->dataset_changed = TRUE;
}

LabDataset *
lab_runner_get_dataset (LabRunner *self)
{
  return self->dataset;
}

gboolean
lab_runner_get_busy (LabRunner *self)
{
  return self->busy;
}

double
lab_runner_get_progress (LabRunner *self)
{
  return self->busy ? lab_progress_get (self->progress) : 0.0;
}

LabResult *
lab_runner_get_result (LabRunner *self)
{
  return self->result;
}

LabParams *
lab_runner_get_result_params (LabRunner *self)
{
  return self->result_params;
}

guint
lab_runner_get_n_dispatched (LabRunner *self)
{
  return self->n_dispatched;
}
