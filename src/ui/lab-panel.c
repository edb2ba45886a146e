/* lab-panel.c
 *
 * A panel is generic: controls from the parameter object, a plot view, the
 * metrics list and the explanation. A parameter change asks the runner for a
 * recompute (coalesced, off the main thread); a result rebuilds the figure
 * and metrics here, on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-panel.h"
#include "lab-param-row.h"
#include "lab-samples.h"
#include "lab-tooltip.h"
#include "lab-registry.h"
#include "lab-error.h"

struct _LabPanel
{
  GtkWidget        parent_instance;

  const LabTopic  *topic;
  LabParams       *params;
  LabRunner       *runner;
  LabDataset      *dataset;
  LabFigure       *figure;
  LabResult       *shown;          /* the result (or partial) the figure is drawn from … */
  LabParams       *shown_params;   /* … with these parameters … */
  LabDataset      *shown_dataset;  /* … and this dataset (NULL: none) */
  LabMetrics      *metrics;
  guint            n_applied;
  guint            n_partials;

  GtkWidget       *controls;       /* scrolled column */
  GtkWidget       *groups[3];      /* data, model, view */
  GPtrArray       *rows;           /* LabParamRow */
  GtkWidget       *dataset_label;
  GtkWidget       *lesson_revealer;   /* the last applied preset's lesson */
  GtkWidget       *lesson_label;
  GtkWidget       *metrics_group;  /* GtkGrid */
  GtkWidget       *paned;          /* controls above, metrics below */
  GtkWidget       *metrics_scroll;
  GtkWidget       *metrics_fold;   /* GtkToggleButton: metrics folded away */
  int              metrics_position;
  GPtrArray       *metric_rows;    /* GtkLabel: names */
  GPtrArray       *metric_values;  /* GtkLabel */
  GtkWidget       *plot_view;
  GtkWidget       *zoom_box;
  GtkWidget       *reset_view_button;
  GtkWidget       *progress_box;
  GtkWidget       *progress_bar;
  /* topics in steps (a training): reset, play/pause, step, and where the run is */
  GtkWidget       *transport_box;
  GtkWidget       *play_button;
  GtkWidget       *step_button;
  GtkWidget       *steps_label;
  GtkWidget       *error_revealer;
  GtkWidget       *error_label;
  GtkWidget       *fits_box;       /* "This dataset fits: [topic] [topic]" under an error */
  GCancellable    *probe_cancel;   /* the search for topics that fit the data */
  GtkWidget       *explanation;
  GtkWidget       *plot_stack;     /* "plot" or "empty" (a data view without data) */
  guint            progress_timeout;
  gboolean         streaming;      /* the job in flight draws partial results (a training) */
  gboolean         fit_view_pending;   /* new data: re-fit the view to the first result */

  /* Undo and redo of parameter changes (Ctrl+Z, Ctrl+Shift+Z): the values as
   * last recorded, and the values before and after each recorded step. Changes
   * that come within HISTORY_SETTLE_MS of each other (a slider dragged, a
   * value typed) make one step. */
  LabParams       *recorded;
  GPtrArray       *undo_stack;     /* LabParams, oldest first */
  GPtrArray       *redo_stack;     /* LabParams, the next redo last */
  guint            record_source;
  gboolean         restoring;
};

#define HISTORY_SETTLE_MS 400
#define HISTORY_DEPTH     100

G_DEFINE_FINAL_TYPE (LabPanel, lab_panel, GTK_TYPE_WIDGET)

static void cancel_probe (LabPanel *self);

#define PROBE_MAX_ROWS 20000   /* the dataset probe's limit (start_probe) */

/* Whether @params take their data from the dataset: a "source" of "data", or no "source"
 * choice at all. */
static gboolean
source_is_data (LabParams *params,
                gboolean   without_source)
{
  GParamSpec *source = lab_params_find (params, "source");
  g_autofree char *nick = NULL;

  if (source == NULL || !G_IS_PARAM_SPEC_ENUM (source))
    return without_source;
  nick = lab_params_dup_string (params, source);
  return g_str_equal (nick, "data");
}

/* A data view with no dataset open: the empty state. */
static gboolean
needs_data (LabPanel *self)
{
  return self->dataset == NULL && source_is_data (self->params, FALSE);
}

static void
update_relevance (LabPanel *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->plot_stack), needs_data (self) ? "empty" : "plot");

  gboolean any[3] = { FALSE, FALSE, FALSE };

  for (guint i = 0; i < self->rows->len; i++)
    {
      LabParamRow *row = g_ptr_array_index (self->rows, i);
      GParamSpec *pspec = lab_param_row_get_pspec (row);
      gboolean relevant = lab_params_is_relevant (self->params, pspec);

      gtk_widget_set_visible (GTK_WIDGET (row), relevant);
      any[lab_param_get_group (pspec)] |= relevant;
    }
  for (guint g = 0; g < 3; g++)
    gtk_widget_set_visible (self->groups[g], any[g]);
}

static void
update_metrics (LabPanel *self)
{
  guint n = lab_metrics_get_n_shown (self->metrics);
  gboolean same = n == self->metric_rows->len;

  for (guint i = 0; same && i < n; i++)
    {
      const char *label;

      lab_metrics_get_shown (self->metrics, i, NULL, &label, NULL);
      same = g_strcmp0 (gtk_label_get_text (g_ptr_array_index (self->metric_rows, i)), label) == 0;
    }

  if (!same)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (self->metrics_group)))
        gtk_grid_remove (GTK_GRID (self->metrics_group), child);
      g_ptr_array_set_size (self->metric_rows, 0);
      g_ptr_array_set_size (self->metric_values, 0);
      for (guint i = 0; i < n; i++)
        {
          const char *key, *label;
          GtkWidget *name = gtk_label_new (NULL);
          GtkWidget *value = gtk_label_new (NULL);

          lab_metrics_get_shown (self->metrics, i, &key, &label, NULL);
          gtk_label_set_text (GTK_LABEL (name), label);
          gtk_label_set_xalign (GTK_LABEL (name), 0);
          gtk_label_set_yalign (GTK_LABEL (name), 0);
          gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
          gtk_label_set_width_chars (GTK_LABEL (name), 10);
          gtk_widget_set_hexpand (name, TRUE);
          gtk_widget_add_css_class (name, "dim-label");
          gtk_widget_set_name (value, key);
          gtk_label_set_xalign (GTK_LABEL (value), 1);
          /* long values (a per-model summary) wrap instead of widening the column */
          gtk_label_set_wrap (GTK_LABEL (value), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_max_width_chars (GTK_LABEL (value), 24);
          gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_RIGHT);
          gtk_widget_add_css_class (value, "numeric");
          /* selectable with the mouse; the keyboard meets the list as one stop and
           * copies it whole with Ctrl+C (issue 10.15: each value was a Tab stop) */
          gtk_label_set_selectable (GTK_LABEL (value), TRUE);
          gtk_widget_set_focusable (value, FALSE);
          gtk_grid_attach (GTK_GRID (self->metrics_group), name, 0, (int) i, 1, 1);
          gtk_grid_attach (GTK_GRID (self->metrics_group), value, 1, (int) i, 1, 1);
          g_ptr_array_add (self->metric_rows, name);
          g_ptr_array_add (self->metric_values, value);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = NULL;

      lab_metrics_get_shown (self->metrics, i, NULL, NULL, &text);
      gtk_label_set_text (g_ptr_array_index (self->metric_values, i), text);
    }
}

/* The transport's state: the play button shows pause while a run plays, the step button
 * is there while the run can go on, the label tells the step shown of how many. @result and
 * @snapshot: what is shown (a partial while a run plays), NULL: the runner's result. */
static void
update_transport (LabPanel  *self,
                  LabResult *result,
                  LabParams *snapshot)
{
  gboolean playing, go_on = FALSE, known;
  guint done = 0, total = 0;
  GParamSpec *pspec;

  if (self->transport_box == NULL)
    return;
  if (result != NULL)
    {
      done = self->topic->steps_done (result, &go_on);
      total = (guint) MAX (lab_params_get_int (snapshot, self->topic->steps_param), 0);
      known = TRUE;
    }
  else
    known = lab_runner_get_steps (self->runner, &done, &total, &go_on);
  playing = lab_runner_get_busy (self->runner) && !lab_runner_get_paused (self->runner);

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button,
                               playing ? _("Pause the training (Ctrl+Space)")
                               : known && go_on && done < total ? _("Go on training (Ctrl+Space)")
                               : _("Train again from the start (Ctrl+Space)"));
  gtk_widget_set_sensitive (self->step_button, !(known && (!go_on || done >= total)));

  pspec = lab_params_find (self->params, self->topic->steps_param);
  if (!known)
    gtk_label_set_text (GTK_LABEL (self->steps_label), "");
  else
    {
      g_autofree char *text = NULL;

      if (!go_on && done < total)
        /* TRANSLATORS: "Epochs: 37 of 200 — the weights overflowed" */
        text = g_strdup_printf (_("%s: %u of %u — the weights overflowed"),
                                _(g_param_spec_get_nick (pspec)), done, total);
      else
        /* TRANSLATORS: "Epochs: 37 of 200" */
        text = g_strdup_printf (_("%s: %u of %u"), _(g_param_spec_get_nick (pspec)), done, total);
      gtk_label_set_text (GTK_LABEL (self->steps_label), text);
    }
}

/* The result drawn and its parameters, for a figure of its own (an export on a worker). */
static void
keep_shown (LabPanel  *self,
            LabResult *result,
            LabParams *snapshot)
{
  if (result != self->shown)
    {
      g_clear_pointer (&self->shown, lab_result_unref);
      self->shown = lab_result_ref (result);
    }
  g_set_object (&self->shown_params, snapshot);
  if (self->dataset != self->shown_dataset)
    {
      g_clear_pointer (&self->shown_dataset, lab_dataset_unref);
      self->shown_dataset = self->dataset != NULL ? lab_dataset_ref (self->dataset) : NULL;
    }
}

LabFigure *
lab_panel_build_figure (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), NULL);

  if (self->shown == NULL || self->shown_params == NULL)
    return NULL;
  return lab_topic_build_figure (self->topic, self->shown, self->shown_params, self->shown_dataset);
}

static void
result_cb (LabRunner *runner,
           gpointer   result_ptr,
           LabParams *snapshot,
           LabPanel  *self)
{
  LabResult *result = result_ptr;

  keep_shown (self, result, snapshot);
  g_clear_pointer (&self->figure, lab_figure_unref);
  self->figure = lab_topic_build_figure (self->topic, result, snapshot, self->dataset);
  lab_plot_view_set_figure (LAB_PLOT_VIEW (self->plot_view), self->figure);

  g_clear_pointer (&self->metrics, lab_metrics_free);
  self->metrics = lab_topic_get_metrics (self->topic, result, snapshot);
  update_metrics (self);

  if (self->topic->suggest_range != NULL)
    for (guint i = 0; i < self->rows->len; i++)
      {
        LabParamRow *row = g_ptr_array_index (self->rows, i);
        double lo, hi;

        if (self->topic->suggest_range (result, lab_param_row_get_pspec (row), &lo, &hi))
          lab_param_row_set_range (row, lo, hi);
      }

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->error_revealer), FALSE);
  cancel_probe (self);
  gtk_widget_set_opacity (self->plot_view, 1.0);
  lab_tooltip_set (self->plot_view, NULL);
  self->n_applied++;
  update_transport (self, NULL, NULL);

  /* after the figure: the change redraws through the view-only path (an undo step) */
  if (self->fit_view_pending && source_is_data (snapshot, TRUE))
    {
      self->fit_view_pending = FALSE;
      self->topic->fit_view (result, self->params);
    }
}

/* A running job's result so far (a training's curves): drawn as it comes, once a frame at most;
 * the final "result" replaces it. */
static void
partial_cb (LabRunner *runner,
            gpointer   result_ptr,
            LabParams *snapshot,
            LabPanel  *self)
{
  LabResult *result = result_ptr;

  keep_shown (self, result, snapshot);
  g_clear_pointer (&self->figure, lab_figure_unref);
  self->figure = lab_topic_build_figure (self->topic, result, snapshot, self->dataset);
  lab_plot_view_set_figure (LAB_PLOT_VIEW (self->plot_view), self->figure);
  g_clear_pointer (&self->metrics, lab_metrics_free);
  self->metrics = lab_topic_get_metrics (self->topic, result, snapshot);
  update_metrics (self);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->error_revealer), FALSE);
  gtk_widget_set_opacity (self->plot_view, 1.0);
  lab_tooltip_set (self->plot_view, NULL);
  self->n_partials++;
  /* a training shows where it is in the transport's label: no progress bar besides */
  if (self->transport_box != NULL)
    {
      self->streaming = TRUE;
      gtk_widget_set_visible (self->progress_box, FALSE);
    }
  update_transport (self, result, snapshot);
}

static void
cancel_probe (LabPanel *self)
{
  GtkWidget *child;

  if (self->probe_cancel != NULL)
    g_cancellable_cancel (self->probe_cancel);
  g_clear_object (&self->probe_cancel);
  if (self->fits_box == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->fits_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->fits_box), child);
  gtk_widget_set_visible (self->fits_box, FALSE);
}

/* Worker: the other topics that compute on this dataset with their defaults. */
static void
probe_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const LabTopic *self_topic = g_object_get_data (G_OBJECT (task), "topic");
  LabDataset *data = task_data;
  GPtrArray *fits = g_ptr_array_new ();
  const LabTopic * const *topics;
  guint n;

  lab_runner_lower_thread_priority ();
  topics = lab_topics_all (&n);
  for (guint i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    if (topics[i] != self_topic && lab_topic_probe_dataset (topics[i], data, cancellable))
      g_ptr_array_add (fits, (gpointer) topics[i]);
  lab_runner_release_worker ();   /* held by start_probe: a quit waits for this thread */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_ptr_array_unref (fits);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  g_task_return_pointer (task, fits, (GDestroyNotify) g_ptr_array_unref);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GPtrArray) fits = g_task_propagate_pointer (G_TASK (res), NULL);
  LabPanel *self;
  GtkWidget *label;

  if (fits == NULL)
    return;   /* cancelled: the panel may be gone */
  self = LAB_PANEL (source);
  if (g_task_get_cancellable (G_TASK (res)) != self->probe_cancel)
    return;   /* a later search replaced this one */
  g_clear_object (&self->probe_cancel);
  if (fits->len == 0)
    return;

  label = gtk_label_new (_("This dataset fits:"));
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->fits_box), label);
  for (guint i = 0; i < fits->len && i < 3; i++)
    {
      const LabTopic *topic = g_ptr_array_index (fits, i);
      g_autofree char *text = g_strdup_printf (_("Open in “%s”"), _(topic->title));
      GtkWidget *button = gtk_button_new ();
      GtkWidget *blabel = gtk_label_new (text);

      gtk_label_set_ellipsize (GTK_LABEL (blabel), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (blabel), 40);
      lab_tooltip_set (button, text);
      gtk_button_set_child (GTK_BUTTON (button), blabel);

      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (topic->id));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.select-topic");
      gtk_widget_set_name (button, topic->id);
      gtk_box_append (GTK_BOX (self->fits_box), button);
    }
  gtk_widget_set_visible (self->fits_box, TRUE);
}

/* A dataset this topic cannot use: look for the topics that can (issue 10.6). */
static void
start_probe (LabPanel *self)
{
  g_autoptr(GTask) task = NULL;

  cancel_probe (self);
  /* every other topic computes on the data with its defaults: bounded for files a user
   * explores; on a large one (an SVM or ALS on a million rows) the search would outlast
   * its use, so it is not offered */
  if (self->dataset == NULL || !source_is_data (self->params, TRUE)
      || lab_dataset_get_n_rows (self->dataset) > PROBE_MAX_ROWS)
    return;
  self->probe_cancel = g_cancellable_new ();
  task = g_task_new (self, self->probe_cancel, probe_done_cb, NULL);
  g_task_set_source_tag (task, start_probe);
  g_object_set_data (G_OBJECT (task), "topic", (gpointer) self->topic);
  g_task_set_task_data (task, lab_dataset_ref (self->dataset), (GDestroyNotify) lab_dataset_unref);
  lab_runner_hold_worker ();
  g_task_run_in_thread (task, probe_thread);
}

gboolean
lab_panel_get_probing (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), FALSE);
  return self->probe_cancel != NULL;
}

static void
failed_cb (LabRunner    *runner,
           const GError *error,
           LabPanel     *self)
{
  if (needs_data (self))
    return;   /* the empty state says it better */
  gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->error_revealer), TRUE);
  /* the plots shown are of other data or parameters: dimmed, never shown as current */
  gtk_widget_set_opacity (self->plot_view, 0.3);
  lab_tooltip_set (self->plot_view, _("These plots are from before the error above"));
  if (error->domain == LAB_ERROR)
    start_probe (self);
}

gboolean
lab_panel_get_plot_stale (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), FALSE);
  return gtk_widget_get_opacity (self->plot_view) < 1.0;
}

static gboolean
show_progress_cb (gpointer user_data)
{
  LabPanel *self = user_data;

  self->progress_timeout = 0;
  gtk_widget_set_visible (self->progress_box, lab_runner_get_busy (self->runner) && !self->streaming);
  return G_SOURCE_REMOVE;
}

static void
busy_cb (LabRunner  *runner,
         GParamSpec *pspec,
         LabPanel   *self)
{
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  self->streaming = FALSE;
  if (lab_runner_get_busy (runner))
    /* only long jobs show progress: no flicker while a slider is dragged */
    self->progress_timeout = g_timeout_add (250, show_progress_cb, self);
  else
    gtk_widget_set_visible (self->progress_box, FALSE);
  update_transport (self, NULL, NULL);
}

static void
progress_cb (LabRunner  *runner,
             GParamSpec *pspec,
             LabPanel   *self)
{
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), lab_runner_get_progress (runner));
}

static void
update_history_actions (LabPanel *self)
{
  gboolean pending = self->record_source != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.undo", pending || self->undo_stack->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.redo", !pending && self->redo_stack->len > 0);
}

/* Records the values as one undo step if they differ from the last recorded. */
static void
record_step (LabPanel *self)
{
  g_clear_handle_id (&self->record_source, g_source_remove);
  if (!lab_params_equal (self->recorded, self->params))
    {
      g_ptr_array_add (self->undo_stack, self->recorded);
      if (self->undo_stack->len > HISTORY_DEPTH)
        g_ptr_array_remove_index (self->undo_stack, 0);
      self->recorded = lab_params_copy (self->params);
      g_ptr_array_set_size (self->redo_stack, 0);
    }
  update_history_actions (self);
}

static gboolean
record_step_cb (gpointer user_data)
{
  LabPanel *self = user_data;

  self->record_source = 0;
  record_step (self);
  return G_SOURCE_REMOVE;
}

static void
params_notify_cb (LabParams  *params,
                  GParamSpec *pspec,
                  LabPanel   *self)
{
  update_relevance (self);
  lab_runner_request (self->runner, self->params);
  if (!self->restoring)
    {
      g_clear_handle_id (&self->record_source, g_source_remove);
      self->record_source = g_timeout_add (HISTORY_SETTLE_MS, record_step_cb, self);
      update_history_actions (self);
    }
}

/* Moves one step from @from to @to: the values now go onto @to, the top of @from becomes current. */
static gboolean
history_move (LabPanel  *self,
              GPtrArray *from,
              GPtrArray *to)
{
  LabParams *target;

  record_step (self);
  if (from->len == 0)
    return FALSE;
  target = g_ptr_array_steal_index (from, from->len - 1);
  g_ptr_array_add (to, self->recorded);
  self->recorded = target;
  self->restoring = TRUE;
  lab_params_assign (self->params, target);
  self->restoring = FALSE;
  update_history_actions (self);
  return TRUE;
}

gboolean
lab_panel_undo (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), FALSE);
  return history_move (self, self->undo_stack, self->redo_stack);
}

gboolean
lab_panel_redo (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), FALSE);
  return history_move (self, self->redo_stack, self->undo_stack);
}

/* The next result on new data leaves the view parameters as they are. */
void
lab_panel_keep_view (LabPanel *self)
{
  g_return_if_fail (LAB_IS_PANEL (self));
  self->fit_view_pending = FALSE;
}

/* Forgets every step: the values now (restored from a previous run) are where undo stops. */
void
lab_panel_clear_history (LabPanel *self)
{
  g_return_if_fail (LAB_IS_PANEL (self));
  g_clear_handle_id (&self->record_source, g_source_remove);
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  g_clear_object (&self->recorded);
  self->recorded = lab_params_copy (self->params);
  update_history_actions (self);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabPanel *self = LAB_PANEL (widget);

  if (g_str_equal (action_name, "panel.undo"))
    lab_panel_undo (self);
  else
    lab_panel_redo (self);
}

static void
plot_clicked_cb (LabPlotView *view,
                 int          tag,
                 double       x,
                 double       y,
                 LabPanel    *self)
{
  LabResult *result = lab_runner_get_result (self->runner);

  /* the topic turns the click into parameter values (a threshold, a start point) */
  if (self->topic->click != NULL && result != NULL)
    self->topic->click (result, self->params, tag, x, y);
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabPanel *self = LAB_PANEL (widget);
  g_autoptr(GError) error = NULL;
  guint index = g_variant_get_uint32 (parameter);

  if (index >= self->topic->n_presets)
    return;
  if (!lab_topic_apply_preset (self->topic, self->params, index, &error))
    {
      g_warning ("preset %u of %s: %s", index, self->topic->id, error->message);
      return;
    }
  /* say what the preset shows, until another preset or a close */
  {
    g_autofree char *name = g_markup_escape_text (_(self->topic->presets[index].name), -1);
    g_autofree char *lesson = g_markup_escape_text (_(self->topic->presets[index].lesson), -1);
    g_autofree char *markup = g_strdup_printf ("<b>%s</b> — %s", name, lesson);

    gtk_label_set_markup (GTK_LABEL (self->lesson_label), markup);
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->lesson_revealer), TRUE);
  }
}

/* The on-plot zoom buttons sit beside the plot view, not inside it, so its plot.* actions do
 * not reach them: the panel forwards its own. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LabPanel *self = LAB_PANEL (widget);
  LabPlotView *view = LAB_PLOT_VIEW (self->plot_view);

  if (g_str_equal (action_name, "panel.reset-view"))
    lab_plot_view_reset_view (view);
  else
    lab_plot_view_zoom (view, g_str_equal (action_name, "panel.zoom-in") ? 1 / 1.25 : 1.25);
}

static void
lesson_close_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (GTK_REVEALER (LAB_PANEL (widget)->lesson_revealer), FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabPanel *self = LAB_PANEL (widget);

  /* a training stops where it is, as Pause (the partial shown stays, the run can go on) */
  if (lab_runner_get_can_step (self->runner))
    lab_runner_pause (self->runner);
  else
    lab_runner_cancel (self->runner);
}

gboolean
lab_panel_transport (LabPanel   *self,
                     const char *what)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), FALSE);

  if (!lab_runner_get_can_step (self->runner))
    return FALSE;
  if (g_str_equal (what, "play-pause"))
    {
      if (lab_runner_get_busy (self->runner) && !lab_runner_get_paused (self->runner))
        lab_runner_pause (self->runner);
      else
        lab_runner_play (self->runner, self->params);
    }
  else if (g_str_equal (what, "step"))
    lab_runner_step (self->runner, self->params);
  else if (g_str_equal (what, "rewind"))
    lab_runner_reset (self->runner, self->params);
  else
    g_return_val_if_reached (FALSE);
  update_transport (self, NULL, NULL);
  return TRUE;
}

/* panel.play-pause, panel.step, panel.rewind */
static void
transport_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  lab_panel_transport (LAB_PANEL (widget), action_name + strlen ("panel."));
}

/* The metrics as shown, "name<TAB>value" per line. */
char *
lab_panel_dup_metrics_text (LabPanel *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (LAB_IS_PANEL (self), NULL);
  for (guint i = 0; i < self->metric_rows->len; i++)
    g_string_append_printf (text, "%s\t%s\n",
                            gtk_label_get_text (g_ptr_array_index (self->metric_rows, i)),
                            gtk_label_get_text (g_ptr_array_index (self->metric_values, i)));
  return g_string_free (text, FALSE);
}

static gboolean
metrics_key_cb (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LabPanel              *self)
{
  if ((keyval == GDK_KEY_c || keyval == GDK_KEY_C || keyval == GDK_KEY_Insert)
      && (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK)) == GDK_CONTROL_MASK)
    {
      g_autofree char *text = lab_panel_dup_metrics_text (self);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
metrics_fold_cb (LabPanel *self)
{
  gboolean folded = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->metrics_fold));

  gtk_widget_set_visible (self->metrics_group, !folded);
  gtk_button_set_icon_name (GTK_BUTTON (self->metrics_fold), folded ? "pan-up-symbolic" : "pan-down-symbolic");
  lab_tooltip_set (self->metrics_fold, folded ? _("Show the metrics")
                                              : _("Fold the metrics away, to give the controls the height"));
  if (folded)
    {
      self->metrics_position = gtk_paned_get_position (GTK_PANED (self->paned));
      GtkWidget *mbox = gtk_widget_get_parent (gtk_widget_get_parent (self->metrics_fold));
      int header = 0;

      gtk_widget_measure (mbox, GTK_ORIENTATION_VERTICAL, -1, NULL, &header, NULL, NULL);
      gtk_widget_set_size_request (self->metrics_scroll, -1, header);
      /* the heading (with its unfold button) stays in view at the bottom */
      gtk_paned_set_position (GTK_PANED (self->paned),
                              MAX (gtk_widget_get_height (self->paned) - header - 10, 0));
    }
  else
    {
      gtk_widget_set_size_request (self->metrics_scroll, -1, 120);
      gtk_paned_set_position (GTK_PANED (self->paned), self->metrics_position > 0 ? self->metrics_position : 420);
    }
}

gboolean
lab_panel_get_metrics_folded (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), FALSE);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->metrics_fold));
}

void
lab_panel_set_metrics_folded (LabPanel *self,
                              gboolean  folded)
{
  g_return_if_fail (LAB_IS_PANEL (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->metrics_fold), folded);
}

static void
view_moved_cb (LabPlotView *view,
               GParamSpec  *pspec,
               LabPanel    *self)
{
  gtk_widget_set_visible (self->reset_view_button, lab_plot_view_get_view_moved (view));
}

static void
lab_panel_dispose (GObject *object)
{
  LabPanel *self = LAB_PANEL (object);
  GtkWidget *child;

  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  g_clear_handle_id (&self->record_source, g_source_remove);
  cancel_probe (self);
  self->fits_box = NULL;
  if (self->runner != NULL)
    {
      lab_runner_cancel (self->runner);
      g_signal_handlers_disconnect_by_data (self->runner, self);
    }
  if (self->params != NULL)
    g_signal_handlers_disconnect_by_data (self->params, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->runner);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->metric_rows, g_ptr_array_unref);
  g_clear_pointer (&self->metric_values, g_ptr_array_unref);
  G_OBJECT_CLASS (lab_panel_parent_class)->dispose (object);
}

static void
lab_panel_finalize (GObject *object)
{
  LabPanel *self = LAB_PANEL (object);

  g_clear_object (&self->params);
  g_clear_object (&self->recorded);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->dataset, lab_dataset_unref);
  g_clear_pointer (&self->figure, lab_figure_unref);
  g_clear_pointer (&self->shown, lab_result_unref);
  g_clear_object (&self->shown_params);
  g_clear_pointer (&self->shown_dataset, lab_dataset_unref);
  g_clear_pointer (&self->metrics, lab_metrics_free);
  G_OBJECT_CLASS (lab_panel_parent_class)->finalize (object);
}

static void
lab_panel_class_init (LabPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_panel_dispose;
  object_class->finalize = lab_panel_finalize;

  gtk_widget_class_install_action (widget_class, "panel.preset", "u", preset_action);
  gtk_widget_class_install_action (widget_class, "panel.close-lesson", NULL, lesson_close_action);
  gtk_widget_class_install_action (widget_class, "panel.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "panel.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "panel.reset-view", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "panel.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "panel.play-pause", NULL, transport_action);
  gtk_widget_class_install_action (widget_class, "panel.step", NULL, transport_action);
  gtk_widget_class_install_action (widget_class, "panel.rewind", NULL, transport_action);
  gtk_widget_class_install_action (widget_class, "panel.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "panel.redo", NULL, history_action);
  /* Ctrl+Z and Ctrl+Shift+Z are the window's (win.undo/redo act on the panel shown, wherever
   * the focus is); a text field under the focus takes them first, for its own text */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labpanel");
}

static void
lab_panel_init (LabPanel *self)
{
  self->rows = g_ptr_array_new ();
  self->metric_rows = g_ptr_array_new ();
  self->metric_values = g_ptr_array_new ();
  self->undo_stack = g_ptr_array_new_with_free_func (g_object_unref);
  self->redo_stack = g_ptr_array_new_with_free_func (g_object_unref);
}

static GtkWidget *
build_controls (LabPanel *self)
{
  static const char *group_titles[3] = { N_("Data"), N_("Model"), N_("View") };
  GtkWidget *scrolled, *box, *header, *presets, *reset;
  GParamSpec **pspecs;
  guint n;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (self->topic->n_presets > 0)
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      for (guint i = 0; i < self->topic->n_presets; i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (_(self->topic->presets[i].name), NULL);

          g_menu_item_set_action_and_target_value (item, "panel.preset", g_variant_new_uint32 (i));
          g_menu_append_item (menu, item);
        }
      presets = gtk_menu_button_new ();
      gtk_menu_button_set_label (GTK_MENU_BUTTON (presets), _("Presets"));
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (presets), G_MENU_MODEL (menu));
      lab_tooltip_set (presets, _("Settings that show one lesson each"));
      gtk_box_append (GTK_BOX (header), presets);
    }
  reset = gtk_button_new_with_mnemonic (_("_Reset"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reset), "win.reset");
  lab_tooltip_set (reset, _("Reset every parameter to its default (Ctrl+R)"));
  gtk_widget_set_hexpand (reset, TRUE);
  gtk_widget_set_halign (reset, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (header), reset);
  gtk_box_append (GTK_BOX (box), header);

  /* the lesson of the preset just applied */
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");

    self->lesson_label = gtk_label_new (NULL);
    gtk_label_set_wrap (GTK_LABEL (self->lesson_label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (self->lesson_label), 0);
    gtk_label_set_selectable (GTK_LABEL (self->lesson_label), TRUE);
    gtk_widget_set_hexpand (self->lesson_label, TRUE);
    gtk_widget_add_css_class (row, "card");
    gtk_widget_add_css_class (row, "preset-lesson");
    gtk_widget_add_css_class (close, "flat");
    gtk_widget_add_css_class (close, "circular");
    gtk_widget_set_valign (close, GTK_ALIGN_START);
    lab_tooltip_set (close, _("Hide the preset’s lesson"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "panel.close-lesson");
    gtk_box_append (GTK_BOX (row), self->lesson_label);
    gtk_box_append (GTK_BOX (row), close);
    self->lesson_revealer = gtk_revealer_new ();
    gtk_revealer_set_child (GTK_REVEALER (self->lesson_revealer), row);
    gtk_box_append (GTK_BOX (box), self->lesson_revealer);
  }

  self->dataset_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->dataset_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->dataset_label), TRUE);
  gtk_widget_add_css_class (self->dataset_label, "dim-label");
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *columns = gtk_button_new_with_mnemonic (_("_Columns…"));

    gtk_widget_set_hexpand (self->dataset_label, TRUE);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (columns), "win.columns");
    lab_tooltip_set (columns, _("Preview the data and choose which column plays which role"));
    gtk_widget_set_valign (columns, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (row), self->dataset_label);
    gtk_box_append (GTK_BOX (row), columns);
    g_object_bind_property (self->dataset_label, "visible", row, "visible", G_BINDING_SYNC_CREATE);
    gtk_widget_set_visible (self->dataset_label, FALSE);
    gtk_box_append (GTK_BOX (box), row);
  }

  for (guint g = 0; g < 3; g++)
    {
      self->groups[g] = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->groups[g]), _(group_titles[g]));
      gtk_box_append (GTK_BOX (box), self->groups[g]);
    }

  pspecs = lab_params_list (self->params, &n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = lab_param_row_new (self->params, pspecs[i]);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->groups[lab_param_get_group (pspecs[i])]), row);
      g_ptr_array_add (self->rows, row);
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_widget_set_vexpand (scrolled, TRUE);

  /* the metrics stay in view below the controls, whatever is scrolled */
  {
    GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
    GtkWidget *mbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *title = gtk_label_new (_("Metrics"));
    GtkWidget *mscroll = gtk_scrolled_window_new ();
    GtkWidget *mheader = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    /* issue 10.1: the controls need the height; the handle is visible (wide) and the
     * heading folds the metrics away (the controls then take all but one line) */
    self->paned = paned;
    self->metrics_scroll = mscroll;
    gtk_paned_set_wide_handle (GTK_PANED (paned), TRUE);
    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_set_hexpand (title, TRUE);
    gtk_widget_add_css_class (title, "heading");
    self->metrics_fold = gtk_toggle_button_new ();
    gtk_button_set_icon_name (GTK_BUTTON (self->metrics_fold), "pan-down-symbolic");
    gtk_widget_add_css_class (self->metrics_fold, "flat");
    lab_tooltip_set (self->metrics_fold, _("Fold the metrics away, to give the controls the height"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->metrics_fold), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Fold the metrics"), -1);
    g_signal_connect_swapped (self->metrics_fold, "toggled", G_CALLBACK (metrics_fold_cb), self);
    gtk_box_append (GTK_BOX (mheader), title);
    gtk_box_append (GTK_BOX (mheader), self->metrics_fold);
    gtk_box_append (GTK_BOX (mbox), mheader);
    self->metrics_group = gtk_grid_new ();
    gtk_widget_set_focusable (self->metrics_group, TRUE);
    lab_tooltip_set (self->metrics_group, _("Ctrl+C copies every metric, one per line"));
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      g_signal_connect (keys, "key-pressed", G_CALLBACK (metrics_key_cb), self);
      gtk_widget_add_controller (self->metrics_group, keys);
    }
    gtk_grid_set_column_spacing (GTK_GRID (self->metrics_group), 12);
    gtk_grid_set_row_spacing (GTK_GRID (self->metrics_group), 3);
    gtk_widget_add_css_class (self->metrics_group, "metrics");
    gtk_box_append (GTK_BOX (mbox), self->metrics_group);
    gtk_widget_set_margin_start (mbox, 18);
    gtk_widget_set_margin_end (mbox, 18);
    gtk_widget_set_margin_top (mbox, 10);
    gtk_widget_set_margin_bottom (mbox, 10);
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (mscroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (mscroll), mbox);
    gtk_widget_add_css_class (mscroll, "metrics-pane");

    gtk_paned_set_start_child (GTK_PANED (paned), scrolled);
    gtk_paned_set_end_child (GTK_PANED (paned), mscroll);
    gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
    gtk_paned_set_shrink_end_child (GTK_PANED (paned), TRUE);
    gtk_widget_set_size_request (mscroll, -1, 120);
    gtk_paned_set_position (GTK_PANED (paned), 420);
    gtk_widget_set_size_request (paned, 340, -1);
    gtk_widget_add_css_class (paned, "controls");
    return paned;
  }
}

static GtkWidget *
build_plot_area (LabPanel *self)
{
  GtkWidget *box, *overlay, *bar, *spacer, *button, *cancel;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (box, TRUE);

  {
    GtkWidget *banner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    gtk_widget_add_css_class (banner, "error-banner");
    self->error_label = gtk_label_new (NULL);
    gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
    gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
    gtk_box_append (GTK_BOX (banner), self->error_label);
    /* ellipsized buttons in a row: their titles never widen the panel */
    self->fits_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_add_css_class (self->fits_box, "fits-box");
    gtk_widget_set_visible (self->fits_box, FALSE);
    gtk_box_append (GTK_BOX (banner), self->fits_box);
    self->error_revealer = gtk_revealer_new ();
    gtk_revealer_set_child (GTK_REVEALER (self->error_revealer), banner);
  }
  gtk_box_append (GTK_BOX (box), self->error_revealer);

  /* The plot fills the page; progress, Cancel and the view buttons live in a
   * thin bar under it, so they never cover a title, a tick label or data. */
  overlay = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_vexpand (overlay, TRUE);
  self->plot_view = lab_plot_view_new ();
  gtk_widget_set_vexpand (self->plot_view, TRUE);
  gtk_box_append (GTK_BOX (overlay), self->plot_view);
  g_signal_connect (self->plot_view, "clicked", G_CALLBACK (plot_clicked_cb), self);
  g_signal_connect (self->plot_view, "notify::view-moved", G_CALLBACK (view_moved_cb), self);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (bar, "plot-bar");
  gtk_box_append (GTK_BOX (overlay), bar);

  if (lab_runner_get_can_step (self->runner))
    {
      /* a training's transport: back to the start, play/pause, one step; where the run is */
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      self->transport_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_widget_add_css_class (self->transport_box, "transport");
      gtk_widget_add_css_class (buttons, "linked");
      button = gtk_button_new_from_icon_name ("media-skip-backward-symbolic");
      gtk_widget_set_tooltip_text (button, _("Back to the untrained start (Ctrl+Backspace)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Back to the start"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "panel.rewind");
      gtk_box_append (GTK_BOX (buttons), button);
      self->play_button = gtk_button_new_from_icon_name ("media-playback-pause-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Play or pause"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->play_button), "panel.play-pause");
      gtk_box_append (GTK_BOX (buttons), self->play_button);
      self->step_button = gtk_button_new_from_icon_name ("media-skip-forward-symbolic");
      gtk_widget_set_tooltip_text (self->step_button, _("One step further, then pause (Ctrl+.)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->step_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("One step"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->step_button), "panel.step");
      gtk_box_append (GTK_BOX (buttons), self->step_button);
      gtk_box_append (GTK_BOX (self->transport_box), buttons);
      self->steps_label = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->steps_label, "numeric");
      gtk_widget_add_css_class (self->steps_label, "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (self->steps_label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (self->transport_box), self->steps_label);
      gtk_box_append (GTK_BOX (bar), self->transport_box);
    }

  self->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->progress_box, "plot-progress");
  gtk_widget_set_halign (self->progress_box, GTK_ALIGN_START);
  gtk_widget_set_hexpand (self->progress_box, TRUE);
  self->progress_bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress_bar), _("Computing…"));
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress_bar), TRUE);
  gtk_widget_set_size_request (self->progress_bar, 220, -1);
  gtk_widget_set_valign (self->progress_bar, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->progress_box), self->progress_bar);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "panel.cancel");
  gtk_box_append (GTK_BOX (self->progress_box), cancel);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_box_append (GTK_BOX (bar), self->progress_box);

  /* keeps the view buttons at the right edge while the progress box is hidden */
  spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (bar), spacer);

  self->zoom_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->zoom_box, "linked");
  gtk_widget_add_css_class (self->zoom_box, "zoom-buttons");
  gtk_widget_set_halign (self->zoom_box, GTK_ALIGN_END);
  self->reset_view_button = gtk_button_new_with_label (_("Reset View"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reset_view_button), "panel.reset-view");
  gtk_widget_set_visible (self->reset_view_button, FALSE);
  gtk_box_append (GTK_BOX (self->zoom_box), self->reset_view_button);
  button = gtk_button_new_from_icon_name ("zoom-out-symbolic");
  lab_tooltip_set (button, _("Zoom out (−)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "panel.zoom-out");
  gtk_box_append (GTK_BOX (self->zoom_box), button);
  button = gtk_button_new_from_icon_name ("zoom-in-symbolic");
  lab_tooltip_set (button, _("Zoom in (+)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "panel.zoom-in");
  gtk_box_append (GTK_BOX (self->zoom_box), button);
  gtk_box_append (GTK_BOX (bar), self->zoom_box);

  {
    GtkWidget *status = adw_status_page_new ();
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open Dataset…"));
    GtkWidget *samples = gtk_menu_button_new ();
    g_autoptr(GMenu) menu = lab_samples_menu_new ();

    adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "x-office-spreadsheet-symbolic");
    adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Dataset Yet"));
    adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                     _("Open a CSV file, drop one on the window, or try a sample dataset. "
                                       "Or switch the source back to synthetic."));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open");
    gtk_widget_add_css_class (open, "suggested-action");
    gtk_widget_add_css_class (open, "pill");
    gtk_menu_button_set_label (GTK_MENU_BUTTON (samples), _("Sample Datasets"));
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (samples), G_MENU_MODEL (menu));
    gtk_widget_add_css_class (samples, "pill");
    gtk_box_append (GTK_BOX (buttons), open);
    gtk_box_append (GTK_BOX (buttons), samples);
    gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
    adw_status_page_set_child (ADW_STATUS_PAGE (status), buttons);

    self->plot_stack = gtk_stack_new ();
    /* sized by the visible page: the status page must not widen the panel and fold the window */
    gtk_stack_set_hhomogeneous (GTK_STACK (self->plot_stack), FALSE);
    gtk_stack_set_vhomogeneous (GTK_STACK (self->plot_stack), FALSE);
    gtk_stack_add_named (GTK_STACK (self->plot_stack), overlay, "plot");
    gtk_stack_add_named (GTK_STACK (self->plot_stack), status, "empty");
    gtk_widget_set_vexpand (self->plot_stack, TRUE);
    gtk_box_append (GTK_BOX (box), self->plot_stack);
  }
  return box;
}

static GtkWidget *
build_explanation (LabPanel *self)
{
  GtkWidget *scrolled, *box, *title, *sections, *label;
  g_autofree char *sec = g_strdup_printf (_("Notes %s"), self->topic->sections);
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = lab_topic_dup_explanation (self->topic, &error);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);

  title = gtk_label_new (_(self->topic->title));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "title-3");
  gtk_box_append (GTK_BOX (box), title);

  sections = gtk_label_new (sec);
  gtk_label_set_xalign (GTK_LABEL (sections), 0);
  gtk_widget_add_css_class (sections, "dim-label");
  gtk_box_append (GTK_BOX (box), sections);

  label = gtk_label_new (NULL);
  if (explanation != NULL)
    gtk_label_set_markup (GTK_LABEL (label), explanation);
  else
    gtk_label_set_text (GTK_LABEL (label), error->message);   /* a broken build, said plainly */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "explanation");
  gtk_box_append (GTK_BOX (box), label);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_widget_set_size_request (scrolled, 320, -1);

  self->explanation = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->explanation), GTK_REVEALER_TRANSITION_TYPE_SLIDE_LEFT);
  gtk_revealer_set_child (GTK_REVEALER (self->explanation), scrolled);
  gtk_widget_add_css_class (self->explanation, "explanation-pane");
  return self->explanation;
}

static void
update_transport_cb (LabPanel *self)
{
  update_transport (self, NULL, NULL);
}

LabPanel *
lab_panel_new (const LabTopic *topic)
{
  LabPanel *self;

  g_return_val_if_fail (topic != NULL, NULL);

  self = g_object_new (LAB_TYPE_PANEL, NULL);
  self->topic = topic;
  self->params = lab_topic_new_params (topic);
  self->runner = lab_runner_new (topic);

  g_signal_connect_swapped (self->runner, "notify::paused", G_CALLBACK (update_transport_cb), self);
  self->controls = build_controls (self);
  gtk_widget_set_parent (self->controls, GTK_WIDGET (self));
  gtk_widget_set_parent (gtk_separator_new (GTK_ORIENTATION_VERTICAL), GTK_WIDGET (self));
  gtk_widget_set_parent (build_plot_area (self), GTK_WIDGET (self));
  gtk_widget_set_parent (build_explanation (self), GTK_WIDGET (self));

  g_signal_connect (self->runner, "result", G_CALLBACK (result_cb), self);
  g_signal_connect (self->runner, "partial", G_CALLBACK (partial_cb), self);
  g_signal_connect (self->runner, "failed", G_CALLBACK (failed_cb), self);
  g_signal_connect (self->runner, "notify::busy", G_CALLBACK (busy_cb), self);
  g_signal_connect (self->runner, "notify::progress", G_CALLBACK (progress_cb), self);
  g_signal_connect (self->params, "notify", G_CALLBACK (params_notify_cb), self);

  update_relevance (self);
  lab_panel_clear_history (self);
  lab_runner_request (self->runner, self->params);
  return self;
}

const LabTopic *
lab_panel_get_topic (LabPanel *self)
{
  return self->topic;
}

LabParams *
lab_panel_get_params (LabPanel *self)
{
  return self->params;
}

LabRunner *
lab_panel_get_runner (LabPanel *self)
{
  return self->runner;
}

LabPlotView *
lab_panel_get_plot_view (LabPanel *self)
{
  return LAB_PLOT_VIEW (self->plot_view);
}

LabFigure *
lab_panel_get_figure (LabPanel *self)
{
  return self->figure;
}

LabMetrics *
lab_panel_get_metrics (LabPanel *self)
{
  return self->metrics;
}

LabDataset *
lab_panel_get_dataset (LabPanel *self)
{
  return self->dataset;
}

void
lab_panel_set_dataset (LabPanel   *self,
                       LabDataset *dataset)
{
  g_return_if_fail (LAB_IS_PANEL (self));

  if (dataset == self->dataset)
    return;
  if (dataset != NULL)
    lab_dataset_ref (dataset);
  g_clear_pointer (&self->dataset, lab_dataset_unref);
  self->dataset = dataset;
  lab_runner_cancel (self->runner);   /* a result for the previous data must not land */
  cancel_probe (self);
  lab_runner_set_dataset (self->runner, dataset);
  self->fit_view_pending = dataset != NULL && self->topic->fit_view != NULL;
  for (guint i = 0; i < self->rows->len; i++)
    lab_param_row_set_dataset (g_ptr_array_index (self->rows, i), dataset);

  if (dataset != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Dataset: %s — %lu rows, %u columns"),
                                               lab_dataset_get_name (dataset),
                                               (unsigned long) lab_dataset_get_n_rows (dataset),
                                               lab_dataset_get_n_columns (dataset));

      gtk_label_set_text (GTK_LABEL (self->dataset_label), text);
      gtk_widget_set_visible (self->dataset_label, TRUE);
      g_object_freeze_notify (G_OBJECT (self->params));
      lab_topic_guess_columns (self->topic, self->params, dataset);
      if (lab_params_find (self->params, "source") != NULL)
        lab_params_set_from_string (self->params, "source", "data", NULL);
      g_object_thaw_notify (G_OBJECT (self->params));
      /* steps before named the previous data's columns: undo stops here, and the
       * view re-fitted to the new data (fit_view) is the first step back */
      lab_panel_clear_history (self);
    }
  else
    gtk_widget_set_visible (self->dataset_label, FALSE);

  update_relevance (self);
  lab_runner_request (self->runner, self->params);
}

void
lab_panel_set_explanation_visible (LabPanel *self,
                                   gboolean  visible)
{
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->explanation), visible);
}

gboolean
lab_panel_get_explanation_visible (LabPanel *self)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->explanation));
}

GtkWidget *
lab_panel_get_param_row (LabPanel   *self,
                         const char *name)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      LabParamRow *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (lab_param_row_get_pspec (row)->name, name))
        return GTK_WIDGET (row);
    }
  return NULL;
}

const char *
lab_panel_get_lesson (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), NULL);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->lesson_revealer))
         ? gtk_label_get_text (GTK_LABEL (self->lesson_label)) : NULL;
}

guint
lab_panel_get_n_partials (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), 0);
  return self->n_partials;
}

guint
lab_panel_get_n_applied (LabPanel *self)
{
  return self->n_applied;
}

gboolean
lab_panel_get_empty_state_visible (LabPanel *self)
{
  g_return_val_if_fail (LAB_IS_PANEL (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->plot_stack)), "empty") == 0;
}
