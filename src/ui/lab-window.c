/* lab-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-settings.h"
#include "lab-columns-dialog.h"
#include "lab-csv.h"
#include "lab-export-dialog.h"
#include "lab-registry.h"
#include "lab-samples.h"
#include "lab-tooltip.h"
#include "lab-window.h"

struct _LabWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GHashTable           *panels;          /* topic id → LabPanel (owned by the stack) */
  LabDataset           *dataset;
  LabCsvOptions         csv_options;     /* how @dataset was read */
  GCancellable         *load_cancellable;
  gint                 *load_permille;   /* written by the loading thread */
  guint                 load_poll;
  guint                 save_source;
  gboolean              keep_view_on_load;   /* reopening the last session's dataset */
  LabParams            *undo_params;     /* the values before the last reset */
  char                 *undo_topic;

  /* template */
  AdwLeaflet           *leaflet;
  GtkListBox           *topic_list;
  GtkWidget            *content_box;
  AdwWindowTitle       *title_widget;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkToggleButton      *explain_button;
  GtkWidget            *sidebar_box;
  GtkWidget            *sidebar_separator;
  GMenu                *datasets_menu;
  GtkRevealer          *load_revealer;
  GtkLabel             *load_label;
  GtkProgressBar       *load_bar;
};

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, ADW_TYPE_APPLICATION_WINDOW)

void
lab_window_toast (LabWindow  *self,
                  const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

LabPanel *
lab_window_get_panel (LabWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  return LAB_IS_PANEL (child) ? LAB_PANEL (child) : NULL;
}

gboolean
lab_window_get_loading (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);
  return self->load_cancellable != NULL;
}

LabDataset *
lab_window_get_dataset (LabWindow *self)
{
  return self->dataset;
}

/* ------------------------------------------------------------------ */
/* saved state */

static gboolean
save_params_cb (gpointer user_data)
{
  LabWindow *self = user_data;
  GVariantBuilder b;
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, "topic-parameters");
  GVariantIter old_iter;
  const char *old_key;
  GVariant *old_value;

  self->save_source = 0;
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{sa{ss}}"));

  /* topics not opened this session keep what was saved */
  g_variant_iter_init (&old_iter, old);
  while (g_variant_iter_next (&old_iter, "{&s@a{ss}}", &old_key, &old_value))
    {
      if (!g_hash_table_contains (self->panels, old_key))
        g_variant_builder_add (&b, "{s@a{ss}}", old_key, old_value);
      g_variant_unref (old_value);
    }
  g_hash_table_iter_init (&iter, self->panels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&b, "{s@a{ss}}", (const char *) key,
                           lab_params_to_variant (lab_panel_get_params (value)));
  g_settings_set_value (self->settings, "topic-parameters", g_variant_builder_end (&b));
  return G_SOURCE_REMOVE;
}

static void
params_changed_cb (LabWindow *self)
{
  if (self->save_source == 0)
    /* soon enough that a crash or kill -9 loses at most a quarter second of changes */
    self->save_source = g_timeout_add (250, save_params_cb, self);
}

/* ------------------------------------------------------------------ */
/* topics */

static void
update_title (LabWindow *self)
{
  LabPanel *panel = lab_window_get_panel (self);
  const LabTopic *topic;
  g_autofree char *subtitle = NULL;

  if (panel == NULL)
    return;
  topic = lab_panel_get_topic (panel);
  if (self->dataset != NULL)
    subtitle = g_strdup_printf (_("Notes %s · %s"), topic->sections, lab_dataset_get_name (self->dataset));
  else
    subtitle = g_strdup_printf (_("Notes %s"), topic->sections);
  adw_window_title_set_title (self->title_widget, _(topic->title));
  adw_window_title_set_subtitle (self->title_widget, subtitle);
}

/* Only the panel shown (and, while the stack cross-fades, the one before it) is visible: a
 * hidden page of a GtkStack is still styled and, the stack being homogeneous, measured, so
 * with fifteen panels built a dark/light switch restyled and re-measured all of them
 * (issue 11: main-loop stalls). An invisible widget is left out of CSS validation and of
 * the stack's size; it is restyled when shown again. */
static void
hide_other_panels (LabWindow *self)
{
  GtkWidget *shown = gtk_stack_get_visible_child (self->stack);
  GHashTableIter iter;
  gpointer panel;

  if (gtk_stack_get_transition_running (self->stack))
    return;   /* the stack still draws the previous page: at the end */
  g_hash_table_iter_init (&iter, self->panels);
  while (g_hash_table_iter_next (&iter, NULL, &panel))
    if (panel != shown)
      gtk_widget_set_visible (panel, FALSE);
}

gboolean
lab_window_select_topic (LabWindow  *self,
                         const char *id)
{
  const LabTopic *topic = lab_topics_find (id);
  LabPanel *panel;

  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);

  if (topic == NULL)
    return FALSE;

  panel = g_hash_table_lookup (self->panels, id);
  if (panel == NULL)
    {
      g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "topic-parameters");
      g_autoptr(GVariant) mine = g_variant_lookup_value (saved, id, G_VARIANT_TYPE ("a{ss}"));

      panel = lab_panel_new (topic);
      if (mine != NULL)
        lab_params_load_variant (lab_panel_get_params (panel), mine);
      if (self->dataset != NULL)
        lab_panel_set_dataset (panel, self->dataset);
      if (mine != NULL)
        lab_panel_keep_view (panel);   /* saved values: the user's, not to be re-fitted */
      lab_panel_clear_history (panel);   /* undo stops at the values restored */
      g_signal_connect_object (lab_panel_get_params (panel), "notify",
                               G_CALLBACK (params_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->stack, GTK_WIDGET (panel), id);
      g_hash_table_insert (self->panels, g_strdup (id), panel);
    }

  gtk_widget_set_visible (GTK_WIDGET (panel), TRUE);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (panel));
  hide_other_panels (self);
  lab_panel_set_explanation_visible (panel, gtk_toggle_button_get_active (self->explain_button));
  g_settings_set_string (self->settings, "selected-topic", id);
  update_title (self);

  /* keep the sidebar in step when selected from elsewhere (settings, tests) */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->topic_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), id) == 0
        && gtk_list_box_get_selected_row (self->topic_list) != GTK_LIST_BOX_ROW (row))
      gtk_list_box_select_row (self->topic_list, GTK_LIST_BOX_ROW (row));
  return TRUE;
}

static void
select_topic_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  lab_window_select_topic (LAB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
row_selected_cb (GtkListBox    *list,
                 GtkListBoxRow *row,
                 LabWindow     *self)
{
  if (row == NULL)
    return;
  lab_window_select_topic (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

/* Tab leaves the sidebar for the panel shown (issue 10.15: a GtkListBox moves
 * its cursor, and so the selection, row by row on Tab; arrows still do that). */
static gboolean
sidebar_key_cb (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LabWindow             *self)
{
  LabPanel *panel = lab_window_get_panel (self);
  gboolean backward;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_ISO_Left_Tab && keyval != GDK_KEY_KP_Tab)
    return GDK_EVENT_PROPAGATE;
  if (panel == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  backward = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;
  gtk_widget_child_focus (GTK_WIDGET (panel), backward ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
  return GDK_EVENT_STOP;
}

static void
row_activated_cb (GtkListBox    *list,
                  GtkListBoxRow *row,
                  LabWindow     *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
back_clicked_cb (LabWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const LabTopic *topic = lab_topics_find (gtk_widget_get_name (GTK_WIDGET (row)));
  const LabTopic *prev = before ? lab_topics_find (gtk_widget_get_name (GTK_WIDGET (before))) : NULL;

  if (prev == NULL || prev->chapter != topic->chapter)
    {
      GtkWidget *label = gtk_label_new (lab_chapter_get_title (topic->chapter));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_top (label, before ? 18 : 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_row_set_header (row, label);
    }
  else
    gtk_list_box_row_set_header (row, NULL);
}

static void
fill_sidebar (LabWindow *self)
{
  guint n;
  const LabTopic * const *topics = lab_topics_all (&n);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (_(topics[i]->title));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      lab_tooltip_set (row, _(topics[i]->summary));
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_name (row, topics[i]->id);
      gtk_list_box_append (self->topic_list, row);
    }
  gtk_list_box_set_header_func (self->topic_list, header_func, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* datasets */

static void
load_progress (double   fraction,
               gpointer user_data)
{
  /* worker thread: publish, the main thread polls */
  g_atomic_int_set ((gint *) user_data, (gint) (fraction * 1000));
}

static gboolean
load_poll_cb (gpointer user_data)
{
  LabWindow *self = user_data;

  gtk_revealer_set_reveal_child (self->load_revealer, TRUE);
  if (self->load_permille != NULL)
    gtk_progress_bar_set_fraction (self->load_bar, g_atomic_int_get (self->load_permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  char          *path;    /* a file, or … */
  char          *name;    /* … a named buffer (a sample dataset) */
  GBytes        *bytes;
  LabCsvOptions  options;
  gboolean       reopen_columns;
  gboolean       keep_view;        /* the last session's dataset: its saved view stays */
  gint           permille;
} LoadJob;

static LoadJob *
load_job_new (void)
{
  LoadJob *job = g_new0 (LoadJob, 1);

  lab_csv_options_init (&job->options);
  return job;
}

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->path);
  g_free (job->name);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  LabDataset *dataset;

  if (job->path != NULL)
    dataset = lab_csv_load_file_full (job->path, &job->options, load_progress, &job->permille, cancellable, &error);
  else
    dataset = lab_csv_load_bytes_full (job->name, job->bytes, &job->options, load_progress, &job->permille,
                                       cancellable, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) lab_dataset_unref);
}

static void
remember_recent (LabWindow  *self,
                 const char *path)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-datasets");
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (b, path);
  for (guint i = 0; old[i] != NULL && n < 10; i++)
    if (g_strcmp0 (old[i], path) != 0)
      {
        g_strv_builder_add (b, old[i]);
        n++;
      }
  recent = g_strv_builder_end (b);
  g_settings_set_strv (self->settings, "recent-datasets", (const char * const *) recent);
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  LabWindow *self = LAB_WINDOW (object);
  LoadJob *job = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) dataset = g_task_propagate_pointer (G_TASK (res), &error);
  GHashTableIter iter;
  gpointer panel;
  AdwToast *toast;

  /* a newer load replaced this one: let it report */
  if (g_task_get_cancellable (G_TASK (res)) != self->load_cancellable)
    return;
  g_clear_handle_id (&self->load_poll, g_source_remove);
  self->load_permille = NULL;
  gtk_revealer_set_reveal_child (self->load_revealer, FALSE);
  g_clear_object (&self->load_cancellable);

  if (dataset == NULL)
    {
      /* a failed load changes nothing: the previous dataset stays */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* the message names file, line and column and quotes the text: show it whole */
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Open the Dataset"), NULL);

          adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      return;
    }

  g_clear_pointer (&self->dataset, lab_dataset_unref);
  self->dataset = lab_dataset_ref (dataset);
  self->csv_options = job->options;
  if (lab_dataset_get_path (dataset) != NULL)
    {
      remember_recent (self, lab_dataset_get_path (dataset));
      g_settings_set_string (self->settings, "dataset", lab_dataset_get_path (dataset));
    }
  else
    {
      g_autofree char *sample = g_strconcat ("sample:", lab_dataset_get_name (dataset), NULL);

      g_settings_set_string (self->settings, "dataset", sample);
    }

  g_hash_table_iter_init (&iter, self->panels);
  while (g_hash_table_iter_next (&iter, NULL, &panel))
    {
      lab_panel_set_dataset (panel, dataset);
      if (job->keep_view)
        lab_panel_keep_view (panel);
    }
  update_title (self);

  {
    g_autofree char *msg = g_strdup_printf (_("Loaded %s: %lu rows, %u columns"),
                                            lab_dataset_get_name (dataset),
                                            (unsigned long) lab_dataset_get_n_rows (dataset),
                                            lab_dataset_get_n_columns (dataset));

    toast = adw_toast_new (msg);
    adw_toast_set_button_label (toast, _("_Columns…"));
    adw_toast_set_action_name (toast, "win.columns");
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
  if (job->reopen_columns)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.columns", NULL);
}

static void
start_load (LabWindow *self,
            LoadJob   *job)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = job->path ? g_path_get_basename (job->path) : g_strdup (job->name);
  g_autofree char *msg = NULL;

  job->keep_view = self->keep_view_on_load;
  self->keep_view_on_load = FALSE;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  /* large files show a progress bar with Cancel; small ones load before it appears */
  msg = g_strdup_printf (_("Loading %s…"), base);
  gtk_label_set_text (self->load_label, msg);
  gtk_progress_bar_set_fraction (self->load_bar, 0);
  self->load_permille = &job->permille;
  g_clear_handle_id (&self->load_poll, g_source_remove);
  self->load_poll = g_timeout_add (250, load_poll_cb, self);

  task = g_task_new (self, self->load_cancellable, load_done, NULL);
  g_task_set_task_data (task, job, load_job_free);
  g_task_run_in_thread (task, load_thread);
}

void
lab_window_open_dataset (LabWindow *self,
                         GFile     *file)
{
  LoadJob *job;
  char *path;

  g_return_if_fail (LAB_IS_WINDOW (self));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      lab_window_toast (self, _("Only local files can be opened"));
      return;
    }
  job = load_job_new ();
  job->path = path;
  start_load (self, job);
}

void
lab_window_open_sample (LabWindow  *self,
                        const char *file)
{
  g_autofree char *path = g_strconcat ("/io/github/mllab/MLLab/datasets/", file, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  LoadJob *job;

  if (bytes == NULL)
    {
      lab_window_toast (self, error->message);
      return;
    }
  job = load_job_new ();
  job->name = g_strdup (file);
  job->bytes = bytes;
  start_load (self, job);
}

void
lab_window_get_csv_options (LabWindow     *self,
                            LabCsvOptions *options)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  *options = self->csv_options;
}

void
lab_window_reload_dataset (LabWindow           *self,
                           const LabCsvOptions *options,
                           gboolean             reopen_columns)
{
  LoadJob *job;

  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (options != NULL);

  if (self->dataset == NULL)
    return;
  job = load_job_new ();
  job->options = *options;
  job->reopen_columns = reopen_columns;
  if (lab_dataset_get_path (self->dataset) != NULL)
    job->path = g_strdup (lab_dataset_get_path (self->dataset));
  else
    {
      /* a sample: its bytes are still those of the resource */
      g_autofree char *path = g_strconcat ("/io/github/mllab/MLLab/datasets/", lab_dataset_get_name (self->dataset), NULL);
      g_autoptr(GError) error = NULL;

      job->name = g_strdup (lab_dataset_get_name (self->dataset));
      job->bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (job->bytes == NULL)
        {
          lab_window_toast (self, error->message);
          load_job_free (job);
          return;
        }
    }
  start_load (self, job);
}

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  const char *file = g_variant_get_string (parameter, NULL);
  const char *topic = lab_samples_get_topic (file);

  /* a sample opens in the topic it was made for: noisy-sine on ROC was an error banner */
  if (topic != NULL)
    lab_window_select_topic (self, topic);
  lab_window_open_sample (self, file);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  lab_window_open_dataset (LAB_WINDOW (widget), file);
}

GMenuModel *
lab_window_get_datasets_menu (LabWindow *self)
{
  return G_MENU_MODEL (self->datasets_menu);
}

static void
rebuild_datasets_menu (LabWindow *self)
{
  g_autoptr(GMenu) samples = lab_samples_menu_new ();
  g_autoptr(GMenu) recent = g_menu_new ();
  g_auto(GStrv) paths = g_settings_get_strv (self->settings, "recent-datasets");

  g_menu_remove_all (self->datasets_menu);
  g_menu_append_section (self->datasets_menu, _("Sample Datasets"), G_MENU_MODEL (samples));

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (base, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (paths[i]));
      g_menu_append_item (recent, item);
    }
  if (paths[0] != NULL)
    g_menu_append_section (self->datasets_menu, _("Recent"), G_MENU_MODEL (recent));
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  LabWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        lab_window_open_dataset (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  chooser = gtk_file_chooser_native_new (_("Open Dataset"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("CSV and text tables"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.tsv");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LabWindow     *self)
{
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      lab_window_open_dataset (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* export, copy, reset, explain */

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (g_variant_get_string (parameter, NULL), NULL, NULL);

  if (uri != NULL && !g_app_info_launch_default_for_uri (uri, NULL, &error))
    lab_window_toast (LAB_WINDOW (widget), error->message);
}

static void
export_done (const char   *path,
             const GError *error,
             gpointer      user_data)
{
  LabWindow *self = user_data;
  AdwToast *toast;
  g_autofree char *msg = NULL;
  g_autofree char *base = NULL;

  if (error != NULL)
    {
      msg = g_strdup_printf (_("Could not export: %s"), error->message);
      lab_window_toast (self, msg);
      g_object_unref (self);
      return;
    }
  base = g_path_get_basename (path);
  msg = g_strdup_printf (_("Exported %s"), base);
  toast = adw_toast_new (msg);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-file");
  adw_toast_set_action_target_value (toast, g_variant_new_string (path));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabPanel *panel = lab_window_get_panel (self);

  if (panel == NULL || lab_panel_get_figure (panel) == NULL)
    {
      lab_window_toast (self, _("Nothing to export yet"));
      return;
    }
  if (g_str_equal (action_name, "win.export-data"))
    lab_export_data_dialog_run (GTK_WINDOW (self), lab_panel_get_figure (panel),
                                lab_panel_get_topic (panel)->id, self->settings,
                                export_done, g_object_ref (self));
  else
    {
      /* a figure of its own: the export draws it on a worker while the window draws its own */
      g_autoptr(LabFigure) figure = lab_panel_build_figure (panel);

      if (figure == NULL)
        {
          lab_window_toast (self, _("Nothing to export yet"));
          return;
        }
      lab_export_dialog_run (GTK_WINDOW (self), figure,
                             lab_panel_get_topic (panel)->id, self->settings,
                             export_done, g_object_ref (self));
    }
}

static void
copy_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabPanel *panel = lab_window_get_panel (self);

  if (panel != NULL && lab_panel_get_figure (panel) != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (lab_panel_get_plot_view (panel)), "plot.copy-image", NULL);
      lab_window_toast (self, _("Plot image copied"));
    }
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabPanel *panel = lab_window_get_panel (self);
  AdwToast *toast;

  if (panel == NULL)
    return;
  g_clear_object (&self->undo_params);
  g_free (self->undo_topic);
  self->undo_params = lab_params_copy (lab_panel_get_params (panel));
  self->undo_topic = g_strdup (lab_panel_get_topic (panel)->id);
  lab_params_reset (lab_panel_get_params (panel));
  if (self->dataset != NULL)
    lab_topic_guess_columns (lab_panel_get_topic (panel), lab_panel_get_params (panel), self->dataset);

  toast = adw_toast_new (_("Parameters reset to their defaults"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-reset");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabPanel *panel;

  if (self->undo_params == NULL)
    return;
  panel = g_hash_table_lookup (self->panels, self->undo_topic);
  if (panel != NULL)
    lab_params_assign (lab_panel_get_params (panel), self->undo_params);
  g_clear_object (&self->undo_params);
}

/* Ctrl+Z with the focus outside the panel (the sidebar): the panel shown undoes. */
static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabPanel *panel = lab_window_get_panel (LAB_WINDOW (widget));

  if (panel == NULL)
    return;
  if (g_str_equal (action_name, "win.undo"))
    lab_panel_undo (panel);
  else
    lab_panel_redo (panel);
}

/* A training's transport, wherever the focus is: the panel shown plays, pauses, steps, rewinds. */
static void
transport_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LabPanel *panel = lab_window_get_panel (LAB_WINDOW (widget));

  if (panel == NULL)
    return;
  lab_panel_transport (panel, action_name + strlen ("win."));   /* win.play-pause → play-pause */
}

static void
columns_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabPanel *panel = lab_window_get_panel (self);

  if (panel == NULL || self->dataset == NULL)
    {
      lab_window_toast (self, _("Open a dataset first"));
      return;
    }
  lab_columns_dialog_present (GTK_WINDOW (self), self->dataset, lab_panel_get_topic (panel),
                              lab_panel_get_params (panel));
}

/* Issue 10.3: the explanation took its width from the plots (four ROC plots
 * at ~130 px, no legends). Below SIDEBAR_STEPS_ASIDE_WIDTH the topic list steps
 * aside while the explanation is open and gives the plots its 230 px; F1 again
 * (or the lightbulb) brings it back. */
#define SIDEBAR_STEPS_ASIDE_WIDTH 1600

static void
sync_sidebar (LabWindow *self)
{
  gboolean explaining = gtk_toggle_button_get_active (self->explain_button);
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height;
  gboolean show;

  if (width <= 0)   /* not yet allocated (GTK 4.8 needs both pointers) */
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  show = !explaining || width >= SIDEBAR_STEPS_ASIDE_WIDTH;
  gtk_widget_set_visible (self->sidebar_box, show);
  gtk_widget_set_visible (self->sidebar_separator, show);
}

gboolean
lab_window_get_sidebar_visible (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);
  return gtk_widget_get_visible (self->sidebar_box);
}

static void
explain_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  GVariant *state = g_variant_new_boolean (!lab_window_get_panel (self)
                                           || !lab_panel_get_explanation_visible (lab_window_get_panel (self)));
  LabPanel *panel = lab_window_get_panel (self);

  if (panel != NULL)
    lab_panel_set_explanation_visible (panel, g_variant_get_boolean (state));
  gtk_toggle_button_set_active (self->explain_button, g_variant_get_boolean (state));
  g_variant_unref (g_variant_ref_sink (state));
  sync_sidebar (self);
}

/* ------------------------------------------------------------------ */

static gboolean
lab_window_close_request (GtkWindow *window)
{
  LabWindow *self = LAB_WINDOW (window);

  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      save_params_cb (self);
    }
  return GTK_WINDOW_CLASS (lab_window_parent_class)->close_request (window);
}

static void
lab_window_dispose (GObject *object)
{
  LabWindow *self = LAB_WINDOW (object);

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->load_poll, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_WINDOW);
  G_OBJECT_CLASS (lab_window_parent_class)->dispose (object);
}

static void
lab_window_finalize (GObject *object)
{
  LabWindow *self = LAB_WINDOW (object);

  g_clear_pointer (&self->panels, g_hash_table_unref);
  g_clear_pointer (&self->dataset, lab_dataset_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->undo_params);
  g_free (self->undo_topic);
  G_OBJECT_CLASS (lab_window_parent_class)->finalize (object);
}

static void
lab_window_class_init (LabWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lab_window_dispose;
  object_class->finalize = lab_window_finalize;
  window_class->close_request = lab_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mllab/MLLab/ui/lab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, topic_list);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, title_widget);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, explain_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, datasets_menu);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, load_revealer);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, load_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, load_bar);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.columns", NULL, columns_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-data", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-image", NULL, copy_image_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.undo-reset", NULL, undo_reset_action);
  gtk_widget_class_install_action (widget_class, "win.explain", NULL, explain_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "win.select-topic", "s", select_topic_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-image", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-image", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.explain", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
  gtk_widget_class_install_action (widget_class, "win.play-pause", NULL, transport_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, transport_action);
  gtk_widget_class_install_action (widget_class, "win.rewind", NULL, transport_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, GDK_CONTROL_MASK, "win.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, GDK_CONTROL_MASK, "win.rewind", NULL);
}

static void
lab_window_init (LabWindow *self)
{
  GtkDropTarget *drop;

  g_type_ensure (LAB_TYPE_PANEL);
  gtk_widget_init_template (GTK_WIDGET (self));
  lab_csv_options_init (&self->csv_options);

  self->panels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->settings = lab_settings_new ();

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  fill_sidebar (self);
  rebuild_datasets_menu (self);
  g_signal_connect_object (self->settings, "changed::recent-datasets",
                           G_CALLBACK (rebuild_datasets_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->topic_list, "row-selected", G_CALLBACK (row_selected_cb), self);
  g_signal_connect_swapped (self->stack, "notify::transition-running", G_CALLBACK (hide_other_panels), self);
  g_signal_connect (self->topic_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (sidebar_key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->topic_list), keys);
  }

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  {
    g_autofree char *id = g_settings_get_string (self->settings, "selected-topic");

    if (!lab_window_select_topic (self, id))
      {
        guint n;

        lab_window_select_topic (self, lab_topics_all (&n)[0]->id);
      }
  }

  /* the dataset that was open comes back too; a file that is gone is said, not failed on */
  {
    g_autofree char *dataset = g_settings_get_string (self->settings, "dataset");

    /* the parameters saved with it fit it already: no re-fit of the view */
    self->keep_view_on_load = TRUE;
    if (g_str_has_prefix (dataset, "sample:"))
      lab_window_open_sample (self, dataset + strlen ("sample:"));
    else if (*dataset != '\0' && g_file_test (dataset, G_FILE_TEST_IS_REGULAR))
      {
        g_autoptr(GFile) file = g_file_new_for_path (dataset);

        lab_window_open_dataset (self, file);
      }
    else
      {
        self->keep_view_on_load = FALSE;
        if (*dataset != '\0')
          {
            g_autofree char *msg = g_strdup_printf (_("The dataset open last time, %s, is no longer there"), dataset);

            g_settings_set_string (self->settings, "dataset", "");
            lab_window_toast (self, msg);
          }
      }
  }
}

LabWindow *
lab_window_new (AdwApplication *app)
{
  return g_object_new (LAB_TYPE_WINDOW, "application", app, NULL);
}
