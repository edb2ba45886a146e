/* lab-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-export-dialog.h"

typedef struct
{
  GtkFileChooserNative *chooser;
  LabFigure            *figure;
  GSettings            *settings;
  gboolean              data;
  gboolean              filter_chosen;   /* the user picked a format: it wins over the name's extension */
  LabExportDoneFunc     done;
  gpointer              user_data;
  char                 *path;            /* the file being written on a worker */
} ExportJob;

static const char *size_ids[] = { "1280x800", "1920x1200", "2560x1600", "960x600", "800x800", "1200x900", NULL };
static const char *size_labels[] = { "1280 × 800", "1920 × 1200", "2560 × 1600", "960 × 600", "800 × 800", "1200 × 900", NULL };

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->chooser);
  g_clear_pointer (&job->figure, lab_figure_unref);
  g_clear_object (&job->settings);
  g_free (job->path);
  g_free (job);
}

/* Main thread: the worker has written the file (or failed, the file left as it was). */
static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExportJob *job = user_data;
  g_autoptr(GError) error = NULL;

  lab_figure_export_finish (result, &error);
  job->done (error != NULL ? NULL : job->path, error, job->user_data);
  export_job_free (job);
}

static const char *figure_exts[] = { "png", "svg", "pdf" };

/* The format of the selected filter (0 PNG, 1 SVG, 2 PDF). */
static guint
filter_format (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  const char *name = filter ? gtk_file_filter_get_name (filter) : NULL;

  if (name != NULL && g_str_has_prefix (name, "SVG"))
    return 1;
  if (name != NULL && g_str_has_prefix (name, "PDF"))
    return 2;
  return 0;
}

/* @name with its extension (if any) replaced by @ext */
static char *
with_extension (const char *name,
                const char *ext)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);

  return g_strdup_printf ("%s.%s", stem, ext);
}

/* Picking a format renames the file to match it. (The PNG scale choice stays: GTK 4.8 cannot
 * remove a choice from its file chooser; the scale is ignored for SVG and PDF.) */
static void
filter_changed_cb (GtkFileChooser *chooser,
                   GParamSpec     *pspec,
                   ExportJob      *job)
{
  guint format = filter_format (chooser);
  g_autofree char *name = gtk_file_chooser_get_current_name (chooser);

  job->filter_chosen = TRUE;
  if (name != NULL && *name != '\0')
    {
      g_autofree char *renamed = with_extension (name, figure_exts[format]);

      if (g_strcmp0 (renamed, name) != 0)
        gtk_file_chooser_set_current_name (chooser, renamed);
    }
}

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             ExportJob       *job)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) parent = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      export_job_free (job);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
      job->done (NULL, error, job->user_data);
      export_job_free (job);
      return;
    }

  parent = g_file_get_parent (file);
  if (parent != NULL && job->settings != NULL)
    {
      g_autofree char *folder = g_file_get_path (parent);

      g_settings_set_string (job->settings, "export-folder", folder ? folder : "");
    }

  if (job->data)
    {
      if (!g_str_has_suffix (path, ".csv"))
        {
          char *with = g_strconcat (path, ".csv", NULL);

          g_free (path);
          path = with;
        }
      lab_figure_export_csv (job->figure, path, &error);
    }
  else
    {
      LabExportFormat format;
      const char *size = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "size");
      const char *scale = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "scale");
      const char *theme = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "theme");
      int w = 1280, h = 800;
      int s = scale ? atoi (scale) : 1;

      if (job->filter_chosen && lab_export_format_from_path (path, &format) && format != filter_format (GTK_FILE_CHOOSER (dialog)))
        {
          /* the format picked last wins over an extension typed before it */
          char *renamed = with_extension (path, figure_exts[filter_format (GTK_FILE_CHOOSER (dialog))]);

          g_free (path);
          path = renamed;
          lab_export_format_from_path (path, &format);
        }
      if (!lab_export_format_from_path (path, &format))
        {
          /* no known extension: take the selected filter's */
          GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
          const char *name = filter ? gtk_file_filter_get_name (filter) : NULL;
          const char *ext = ".png";
          char *with;

          if (name && g_str_has_prefix (name, "SVG"))
            ext = ".svg";
          else if (name && g_str_has_prefix (name, "PDF"))
            ext = ".pdf";
          with = g_strconcat (path, ext, NULL);
          g_free (path);
          path = with;
          lab_export_format_from_path (path, &format);
        }
      if (size != NULL)
        sscanf (size, "%dx%d", &w, &h);
      /* the scale multiplies pixels: SVG and PDF are W × H points whatever it says */
      s = format == LAB_EXPORT_PNG ? CLAMP (s, 1, 3) : 1;

      if (job->settings != NULL)
        {
          static const char *formats[] = { "png", "svg", "pdf" };

          g_settings_set_string (job->settings, "export-format", formats[format]);
          g_settings_set_int (job->settings, "export-width", w);
          g_settings_set_int (job->settings, "export-height", h);
          g_settings_set_int (job->settings, "export-scale", s);
          g_settings_set_boolean (job->settings, "export-dark", g_strcmp0 (theme, "dark") == 0);
        }
      /* on a worker: a large vector figure takes hundreds of milliseconds to write, and the
       * window keeps answering meanwhile (the figure is the export's own: see lab_export_dialog_run) */
      job->path = g_steal_pointer (&path);
      lab_figure_export_async (job->figure, job->path, format, w, h, s,
                               g_strcmp0 (theme, "dark") == 0 ? lab_theme_dark () : lab_theme_light (),
                               export_written_cb, job);
      return;
    }

  job->done (error ? NULL : path, error, job->user_data);
  export_job_free (job);
}

static GtkNativeDialog *
prepare (GtkWindow         *parent,
         LabFigure         *figure,
         const char        *basename,
         GSettings         *settings,
         gboolean           data,
         LabExportDoneFunc  done,
         gpointer           user_data)
{
  ExportJob *job = g_new0 (ExportJob, 1);
  GtkFileChooser *chooser;
  g_autofree char *name = NULL;
  g_autofree char *format = settings ? g_settings_get_string (settings, "export-format") : g_strdup ("png");
  g_autofree char *folder = settings ? g_settings_get_string (settings, "export-folder") : NULL;

  job->figure = lab_figure_ref (figure);
  job->settings = settings ? g_object_ref (settings) : NULL;
  job->data = data;
  job->done = done;
  job->user_data = user_data;
  job->chooser = gtk_file_chooser_native_new (data ? _("Export Data as CSV") : _("Export Figure"),
                                              parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                              _("_Export"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (job->chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (job->chooser), TRUE);

  if (data)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_pattern (filter, "*.csv");
      gtk_file_chooser_add_filter (chooser, filter);
      g_object_unref (filter);
      name = g_strconcat (basename, ".csv", NULL);
    }
  else
    {
      static const char *names[] = { "PNG image", "SVG image", "PDF document" };
      static const char *patterns[] = { "*.png", "*.svg", "*.pdf" };
      static const char *exts[] = { "png", "svg", "pdf" };
      static const char *scale_ids[] = { "1", "2", "3", NULL };
      static const char *scale_labels[] = { "1×", "2×", "3×", NULL };
      static const char *theme_ids[] = { "light", "dark", NULL };
      const char *theme_labels[] = { _("Light"), _("Dark"), NULL };
      g_autofree char *size = NULL;
      g_autofree char *scale = NULL;

      for (guint i = 0; i < 3; i++)
        {
          GtkFileFilter *filter = gtk_file_filter_new ();

          gtk_file_filter_set_name (filter, names[i]);
          gtk_file_filter_add_pattern (filter, patterns[i]);
          gtk_file_chooser_add_filter (chooser, filter);
          if (g_strcmp0 (format, exts[i]) == 0)
            gtk_file_chooser_set_filter (chooser, filter);
          g_object_unref (filter);
        }
      name = g_strdup_printf ("%s.%s", basename, format);

      gtk_file_chooser_add_choice (chooser, "size", _("Size"), size_ids, size_labels);
      gtk_file_chooser_add_choice (chooser, "scale", _("PNG scale"), scale_ids, scale_labels);
      gtk_file_chooser_add_choice (chooser, "theme", _("Colours"), theme_ids, theme_labels);
      if (settings)
        {
          size = g_strdup_printf ("%dx%d", g_settings_get_int (settings, "export-width"),
                                  g_settings_get_int (settings, "export-height"));
          scale = g_strdup_printf ("%d", g_settings_get_int (settings, "export-scale"));
          if (g_strv_contains (size_ids, size))
            gtk_file_chooser_set_choice (chooser, "size", size);
          gtk_file_chooser_set_choice (chooser, "scale", scale);
          gtk_file_chooser_set_choice (chooser, "theme",
                                       g_settings_get_boolean (settings, "export-dark") ? "dark" : "light");
        }
      else
        {
          gtk_file_chooser_set_choice (chooser, "size", "1280x800");
          gtk_file_chooser_set_choice (chooser, "scale", "1");
          gtk_file_chooser_set_choice (chooser, "theme", "light");
        }
    }

  gtk_file_chooser_set_current_name (chooser, name);
  if (!data)
    g_signal_connect (chooser, "notify::filter", G_CALLBACK (filter_changed_cb), job);
  if (folder != NULL && *folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (chooser, dir, NULL);
    }

  g_signal_connect (job->chooser, "response", G_CALLBACK (response_cb), job);
  return GTK_NATIVE_DIALOG (job->chooser);
}

GtkNativeDialog *
lab_export_dialog_prepare (GtkWindow         *parent,
                           LabFigure         *figure,
                           const char        *basename,
                           GSettings         *settings,
                           LabExportDoneFunc  done,
                           gpointer           user_data)
{
  return prepare (parent, figure, basename, settings, FALSE, done, user_data);
}

static void
run (GtkWindow         *parent,
     LabFigure         *figure,
     const char        *basename,
     GSettings         *settings,
     gboolean           data,
     LabExportDoneFunc  done,
     gpointer           user_data)
{
  gtk_native_dialog_show (prepare (parent, figure, basename, settings, data, done, user_data));
}

void
lab_export_dialog_run (GtkWindow         *parent,
                       LabFigure         *figure,
                       const char        *basename,
                       GSettings         *settings,
                       LabExportDoneFunc  done,
                       gpointer           user_data)
{
  run (parent, figure, basename, settings, FALSE, done, user_data);
}

void
lab_export_data_dialog_run (GtkWindow         *parent,
                            LabFigure         *figure,
                            const char        *basename,
                            GSettings         *settings,
                            LabExportDoneFunc  done,
                            gpointer           user_data)
{
  run (parent, figure, basename, settings, TRUE, done, user_data);
}
