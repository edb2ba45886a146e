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
/* Topics that compute in steps (LabTopic.advance: a training's epochs). A run plays to the
 * steps parameter's value, streaming partial results; pause stops it at the newest partial shown
 * (delivered as "result"); play goes on from there (or runs again from the start when it is
 * over); step advances the shown result by one step and pauses; reset computes the start
 * (0 steps) and pauses. A change of the steps parameter alone goes on from the shown result;
 * any other change of a compute parameter starts a new run, playing. The numbers equal an
 * uninterrupted run's. Without steps, these calls do nothing. */
gboolean         lab_runner_get_can_step      (LabRunner *self);
gboolean         lab_runner_get_paused        (LabRunner *self);
void             lab_runner_pause             (LabRunner *self);
void             lab_runner_play              (LabRunner *self, LabParams *params);
void             lab_runner_step              (LabRunner *self, LabParams *params);
void             lab_runner_reset             (LabRunner *self, LabParams *params);
/* The steps the shown result holds and the steps parameter's value it was computed for; FALSE
 * without a result or without steps. */
gboolean         lab_runner_get_steps         (LabRunner *self,
                                               guint     *done,
                                               guint     *total,
                                               gboolean  *can_go_on);
/* Number of computes started (for tests). */
guint            lab_runner_get_n_dispatched  (LabRunner *self);

G_END_DECLS
