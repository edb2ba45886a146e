/* lab-runner.h — runs a topic's compute on worker threads, newest wins
 *
 * A request coalesces into at most one dispatch per frame interval; a dispatch
 * snapshots the parameters, cancels the job in flight and runs compute with
 * GTask on a worker thread. A result is delivered (signal "result") on the
 * main context only if it belongs to the newest dispatch. While a job runs, a partial result
 * it publishes (lab_progress_publish: a training's curves so far) is emitted as "partial", at
 * most once a frame interval. A change of view
 * parameters only (LAB_PARAM_VIEW) re-delivers the last result with the new
 * parameters without computing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

#define LAB_TYPE_RUNNER (lab_runner_get_type ())
G_DECLARE_FINAL_TYPE (LabRunner, lab_runner, LAB, RUNNER, GObject)

LabRunner       *lab_runner_new               (const LabTopic *topic);
const LabTopic  *lab_runner_get_topic         (LabRunner *self);
/* Milliseconds between two dispatches (default 16: one 60 Hz frame). */
void             lab_runner_set_frame_interval (LabRunner *self, guint ms);
void             lab_runner_set_dataset       (LabRunner *self, LabDataset *dataset);
LabDataset      *lab_runner_get_dataset       (LabRunner *self);
/* Schedules a compute for the current values of @params (read at dispatch time). */
void             lab_runner_request           (LabRunner *self, LabParams *params);
/* Cancels the job in flight and any pending request. */
void             lab_runner_cancel            (LabRunner *self);
/* Before the process exits: waits for computations still on worker threads. */
gboolean         lab_runner_wait_all          (guint timeout_ms);
/* A computation on a worker thread outside any runner (the panel's dataset probe) counts for
 * lab_runner_wait_all() between these two calls. */
void             lab_runner_hold_worker       (void);
void             lab_runner_release_worker    (void);
/* On a worker thread: from now on the thread (and threads it starts) runs below the window's
 * CPU priority. Computations and the dataset probe call it. */
void             lab_runner_lower_thread_priority (void);
gboolean         lab_runner_get_busy          (LabRunner *self);
double           lab_runner_get_progress      (LabRunner *self);
/* The last delivered result and the snapshot it was delivered with (borrowed). */
LabResult       *lab_runner_get_result        (LabRunner *self);
LabParams       *lab_runner_get_result_params (LabRunner *self);
/* Number of computes started (for tests). */
guint            lab_runner_get_n_dispatched  (LabRunner *self);

G_END_DECLS
