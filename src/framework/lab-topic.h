/* lab-topic.h — what every topic provides; no GTK here
 *
 * A topic is parameters (a LabParams subclass whose properties are the
 * knobs) + a pure, cancellable compute run on a worker thread + a figure
 * builder + metrics. The window, the CLI and the tests all iterate the
 * registry (lab-registry.h), so adding a topic touches one place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-dataset.h"
#include "lab-figure.h"
#include "lab-metrics.h"
#include "lab-params.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_CHAPTER_BASICS,        /* notes chapter 1 */
  LAB_CHAPTER_TRAINING,      /* chapter 2 */
  LAB_CHAPTER_TRANSFORMERS,  /* chapter 3 */
  LAB_CHAPTER_EXTENDED,      /* chapter 4 */
  LAB_N_CHAPTERS,
} LabChapter;

const char *lab_chapter_get_title (LabChapter chapter);

/* Progress of a running compute; written by the worker, read by the main thread. */
typedef struct
{
  gint     permille;   /* atomic */
  gpointer partial;    /* atomic: the newest partial result not yet taken (a LabResult ref) */
} LabProgress;

void   lab_progress_set (LabProgress *progress, double fraction);   /* NULL-safe */
double lab_progress_get (LabProgress *progress);

/* Streaming: a long compute (training) may publish what it has so far as a complete, immutable
 * result of its own kind (curves up to the current epoch), so the window can draw the run as
 * it goes. The newest replaces one not yet taken; the runner takes it on the main thread at
 * most once a frame and emits "partial". Both NULL-safe; the taker owns the reference. */
typedef struct _LabResult LabResult;
void       lab_progress_publish      (LabProgress *progress, LabResult *partial);
LabResult *lab_progress_take_partial (LabProgress *progress);
/* Frees what a finished job's progress still holds (a partial nobody took). */
void       lab_progress_clear        (LabProgress *progress);

/* A topic's result is immutable once made and refcounted; each topic embeds
 * LabResult as the first member of its own struct. */
struct _LabResult
{
  gatomicrefcount  ref_count;
  void           (*finalize) (LabResult *result);
};

gpointer   lab_result_alloc (gsize size, void (*finalize) (LabResult *));
LabResult *lab_result_ref   (LabResult *result);
void       lab_result_unref (LabResult *result);

/* The hooks a topic provides, as types, so a topic declares its own in one line each:
 *   LabTopicCompute roc_compute;   LabTopicBuild roc_build;   … */
typedef LabResult *LabTopicCompute      (LabParams     *params,
                                         LabDataset    *data,
                                         LabProgress   *progress,
                                         GCancellable  *cancellable,
                                         GError       **error);
typedef LabFigure *LabTopicBuild        (const LabResult *result,
                                         LabParams       *params);
typedef void       LabTopicMetrics      (const LabResult *result,
                                         LabParams       *params,
                                         LabMetrics      *out);
typedef gboolean   LabTopicClick        (const LabResult *result,
                                         LabParams       *params,
                                         int              axes_tag,
                                         double           x,
                                         double           y);
/* Sets the view parameters that only make sense for the data in @result (roc: the threshold
 * to the new scores' best-F₁ cut); called once on the first result after a dataset is
 * opened. TRUE when something changed. */
typedef gboolean   LabTopicFitView      (const LabResult *result,
                                         LabParams       *params);
typedef gboolean   LabTopicSuggestRange (const LabResult *result,
                                         GParamSpec      *pspec,
                                         double          *lo,
                                         double          *hi);

/* A file a topic writes on request of the command line (`ml-lab export TOPIC --OPTION FILE`):
 * what the computation started from or arrived at, in a documented layout, so an outside
 * framework can reproduce the run (initial factors, initial weights). */
typedef gboolean   LabTopicWriteFile    (const LabResult *result,
                                         LabParams       *params,
                                         const char      *path,
                                         GError         **error);
/* A file the command line hands in (`ml-lab export TOPIC --OPTION FILE`), read once every
 * NAME=VALUE is parsed and before compute: it checks the file against @params (errors name the
 * file and what is wrong: LAB_ERROR_DATA) and keeps what it read on @params
 * (g_object_set_data_full under a key of the topic's) for compute to start from (initial
 * weights). */
typedef gboolean   LabTopicReadFile     (LabParams       *params,
                                         const char      *path,
                                         GError         **error);
/* A compute that advances in steps (a training's epochs) and can stop and go on: the window's
 * play / pause / step / reset. @from is a result of the same topic computed with the same
 * parameters except the steps parameter (LabTopic.steps_param), the view and the parameters
 * flagged LAB_PARAM_RESUMES (what is computed from the steps' outcome), holding no more steps
 * than @until (NULL: start from the beginning); the result holds @until steps (at most the steps
 * parameter's value; 0: the untrained start) and equals, bit for bit, what an uninterrupted
 * compute has after @until steps. A partial result a topic publishes must be such a @from too. */
typedef LabResult *LabTopicAdvance      (const LabResult *from,
                                         guint            until,
                                         LabParams       *params,
                                         LabDataset      *data,
                                         LabProgress     *progress,
                                         GCancellable    *cancellable,
                                         GError         **error);
/* The steps @result holds; *@can_go_on FALSE when it cannot advance further (it diverged). */
typedef guint      LabTopicStepsDone    (const LabResult *result,
                                         gboolean        *can_go_on);

typedef struct
{
  const char        *option;   /* "--dump-factors" */
  const char        *help;     /* N_(what the file holds) */
  LabTopicWriteFile *write;    /* an output file, written from the result … */
  LabTopicReadFile  *read;     /* … or an input file, read before compute (one of the two) */
} LabTopicFileOption;

typedef struct
{
  const char *name;          /* N_("Rare positives") */
  const char *assignments;   /* "positive-fraction=0.01 n=20000" (applied after a reset) */
  const char *lesson;        /* N_(one or two sentences: the lesson, and what to watch) */
} LabPreset;

typedef struct _LabTopic LabTopic;
struct _LabTopic
{
  const char  *id;            /* "roc": CLI name, settings key */
  const char  *title;         /* N_("ROC & precision–recall") */
  LabChapter   chapter;
  const char  *sections;      /* the notes' sections it covers: "§1.2, §1.23" */
  const char  *summary;       /* N_(one line) */

  GType      (*params_get_type) (void);

  /* Worker thread: pure, reentrant, deterministic for a seed; honours the cancellable.
   * The dataset may be NULL. Errors: LAB_ERROR_* or G_IO_ERROR_CANCELLED. */
  LabTopicCompute      *compute;
  /* Main thread (or CLI): the figure for a result seen with the given parameters (view
   * parameters may differ from those the result was computed with). */
  LabTopicBuild        *build;
  LabTopicMetrics      *metrics;
  /* Optional: a click at data (x, y) on the axes with that tag; sets parameters and
   * returns TRUE when it meant something. */
  LabTopicClick        *click;
  /* Optional: a better slider range for a parameter given the data in the result. */
  LabTopicSuggestRange *suggest_range;
  /* Optional: view parameters re-fitted to newly opened data (see LabTopicFitView). */
  LabTopicFitView      *fit_view;

  const LabPreset *presets;
  guint            n_presets;

  /* Optional: files the CLI can ask for (see LabTopicFileOption). */
  const LabTopicFileOption *file_options;
  guint                     n_file_options;

  /* Optional, all three or none: a compute in steps (see LabTopicAdvance); @steps_param names
   * the integer parameter that counts them ("epochs"). compute must equal advance from NULL to
   * the parameter's value. */
  const char        *steps_param;
  LabTopicAdvance   *advance;
  LabTopicStepsDone *steps_done;
};

LabParams  *lab_topic_new_params  (const LabTopic *topic);
/* The explanation pane's text: the topic's resource
 * /io/github/mllab/MLLab/topics/<id>/explanation.xml, every <p> translated on its own and
 * the paragraphs joined by blank lines (Pango markup: the concept, the formulas, what to
 * try). NULL with LAB_ERROR_DATA when the resource is missing or malformed. */
char       *lab_topic_dup_explanation (const LabTopic  *topic,
                                       GError         **error);
/* Runs compute on the calling thread (the CLI, the tests). */
LabResult  *lab_topic_compute     (const LabTopic *topic,
                                   LabParams      *params,
                                   LabDataset     *data,
                                   LabProgress    *progress,
                                   GCancellable   *cancellable,
                                   GError        **error);
/* build + the reproducibility metadata: topic, version, every parameter, the dataset and its SHA-256. */
LabFigure  *lab_topic_build_figure (const LabTopic  *topic,
                                    const LabResult *result,
                                    LabParams       *params,
                                    LabDataset      *data);
LabMetrics *lab_topic_get_metrics  (const LabTopic  *topic,
                                    const LabResult *result,
                                    LabParams       *params);
/* Points the column parameters at columns of @data when they name none of its
 * columns: a 0/1 column named like a label for "label" parameters, the other
 * numeric columns for the rest. */
void        lab_topic_guess_columns (const LabTopic *topic,
                                     LabParams      *params,
                                     LabDataset     *data);
/* The index of the column @name of @data, or -1 with LAB_ERROR_USAGE naming the file, the
 * parameter @param and the columns there are. */
int         lab_topic_find_column   (LabDataset  *data,
                                     const char  *param,
                                     const char  *name,
                                     GError     **error);
/* The same guess, replacing whatever the column parameters hold. */
void        lab_topic_reset_columns (const LabTopic *topic,
                                     LabParams      *params,
                                     LabDataset     *data);
/* Whether @topic reads columns of a dataset and computes on @data with its defaults,
 * the source set to the data and the columns guessed: "this data fits topic X".
 * Runs compute (worker threads only for large data); FALSE when cancelled. */
gboolean    lab_topic_probe_dataset (const LabTopic *topic,
                                     LabDataset     *data,
                                     GCancellable   *cancellable);
gboolean    lab_topic_apply_preset (const LabTopic *topic,
                                    LabParams      *params,
                                    guint           index,
                                    GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabResult, lab_result_unref)

G_END_DECLS
