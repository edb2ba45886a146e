/* lab-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gi18n.h>

#include "lab-settings.h"
#include "lab-application.h"
#include "lab-window.h"
#include "lab-panel.h"
#include "lab-param-row.h"

struct _LabApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (LabApplication, lab_application, ADW_TYPE_APPLICATION)

static void
apply_style (LabApplication *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (style, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (style, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* Resident memory now, in MB (Linux /proc; -1 elsewhere). */
static double
resident_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static gint64 process_start_us;

/* Issue 10.16: GTK 4.8's default GL renderer on a machine without a GPU runs
 * on llvmpipe and takes 1.0–1.1 s to the first frame (284 ms with Cairo), and
 * GTK cannot be asked which GL it got before it has paid for it. A machine
 * with no DRI render node has no GPU driver to give: there the app asks for
 * Cairo, and GDK opens no GL. An explicit GSK_RENDERER always wins (GDK_DEBUG
 * is then left as it is). */
static gboolean
has_render_node (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

void
lab_application_prepare_environment (void)
{
  process_start_us = g_get_monotonic_time ();
#ifdef __GLIBC__
  /* Issue 11 (bounded memory): glibc serves a large block from its heaps once a block that
   * size was freed (a dynamic threshold, up to 32 MiB), and plot caches, figures and results
   * of every size then fragment its arenas (one per worker thread): over the monkey's 5,000
   * steps 130 MB lay free in them and the resident size grew to 355 MB. Blocks from 4 MiB up
   * are now mapped and unmapped each time: 42 MB free, 264 MB resident, no change in the
   * main thread's CPU time per frame (1 MiB gave 246 MB but a few ms more per frame). */
  mallopt (M_MMAP_THRESHOLD, 4 << 20);
#endif
#ifdef G_OS_UNIX
  if (g_getenv ("GSK_RENDERER") == NULL && !has_render_node ())
    {
      /* Cairo draws, and GDK is told not to open GL at all: on X11 GTK 4.8 sets up GLX or EGL
       * when it opens the display, to choose the windows' visual, which maps Mesa's software
       * driver and LLVM (45 MB resident) that the Cairo renderer never uses. Without them:
       * 121 → 63 MB resident and 135 → 105 ms to the first frame (ML_LAB_STARTUP_PROBE). */
      const char *debug = g_getenv ("GDK_DEBUG");
      g_autofree char *with_gl_off = debug != NULL && *debug != '\0'
                                     ? g_strconcat (debug, ",gl-disable", NULL)
                                     : g_strdup ("gl-disable");

      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      g_setenv ("GDK_DEBUG", with_gl_off, TRUE);
    }
#endif
  /* GTK 4.8's accessibility (AT-SPI) reaches its bus through the session bus; with no session
   * bus (a bare X session, ssh -X without one) it still emits its signals, with no object path:
   * 15 GLib criticals as the window first shows, fatal under G_DEBUG=fatal-criticals. No session
   * bus, no screen reader to reach: accessibility off, as GTK_A11Y=none does. The connection
   * is GIO's shared one, which the application takes next anyway. An explicit GTK_A11Y wins. */
  if (g_getenv ("GTK_A11Y") == NULL)
    {
      g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

      if (bus == NULL)
        g_setenv ("GTK_A11Y", "none", TRUE);
    }
}

/* ML_LAB_STARTUP_PROBE=1: prints the time from the start of main() to the end
 * of the first painted frame and quits (`ml-lab bench` and docs/PERFORMANCE.md), with
 * the renderer, the resident size and the accessibility setting the window had. */
static void
probe_after_paint_cb (GdkFrameClock *clock,
                      GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, probe_after_paint_cb, app);
  g_print ("first-frame-ms %.1f renderer %s rss-mb %.0f a11y %s\n",
           (g_get_monotonic_time () - process_start_us) / 1000.0,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default", resident_mb (),
           g_getenv ("GTK_A11Y") ? g_getenv ("GTK_A11Y") : "default");
  g_application_quit (app);
}

static void
probe_map_cb (GtkWidget    *window,
              GApplication *app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, probe_map_cb, app);
  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (probe_after_paint_cb), app);
}

/* ML_LAB_FRAME_PROBE=TOPIC (issue 12): after the first result, drags the topic's first model
 * slider back and forth through its GtkRange for 2 s, one step a frame, records the frame
 * clock's intervals and prints their median and 99th percentile and how many results were
 * shown, then quits (bench/frames.sh runs it for every topic). */
typedef struct
{
  GApplication *app;
  LabPanel     *panel;
  GtkWidget    *scale;
  const char   *param;
  GArray       *stamps;     /* gint64 µs, one per painted frame */
  gint64        start;
  guint         applied0;
  double        lo, hi;
} FrameProbe;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
frame_probe_after_paint_cb (GdkFrameClock *clock,
                            FrameProbe    *probe)
{
  gint64 now = g_get_monotonic_time ();
  double t;

  if (probe->start == 0)
    {
      probe->start = now;
      probe->applied0 = lab_panel_get_n_applied (probe->panel);
    }
  g_array_append_val (probe->stamps, now);
  t = (now - probe->start) / 1e6;
  if (t < 2.0)
    {
      /* a triangle wave over the middle 80 % of the range: one sweep a second */
      double phase = fmod (t, 1.0), u = phase < 0.5 ? 2 * phase : 2 - 2 * phase;

      gtk_range_set_value (GTK_RANGE (probe->scale), probe->lo + (0.1 + 0.8 * u) * (probe->hi - probe->lo));
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      return;
    }

  g_signal_handlers_disconnect_by_func (clock, frame_probe_after_paint_cb, probe);
  {
    g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 1; i < probe->stamps->len; i++)
      {
        double gap = (g_array_index (probe->stamps, gint64, i) - g_array_index (probe->stamps, gint64, i - 1)) / 1000.0;

        g_array_append_val (gaps, gap);
      }
    g_array_sort (gaps, compare_doubles);
    if (gaps->len > 0)
      g_print ("frame-probe %s %s frames %u median-ms %.1f p99-ms %.1f results-shown %u\n",
               lab_panel_get_topic (probe->panel)->id, probe->param, gaps->len,
               g_array_index (gaps, double, gaps->len / 2),
               g_array_index (gaps, double, MIN (gaps->len - 1, (guint) ceil (0.99 * gaps->len) - 1)),
               lab_panel_get_n_applied (probe->panel) - probe->applied0);
  }
  g_array_unref (probe->stamps);
  g_application_quit (probe->app);
  g_free (probe);
}

static gboolean
frame_probe_start_cb (gpointer user_data)
{
  FrameProbe *probe = user_data;
  LabParams *params = lab_panel_get_params (probe->panel);
  guint n;
  GParamSpec **pspecs = lab_params_list (params, &n);
  GdkFrameClock *clock;

  /* the first result first, and a panel on screen: a fast first result can come before the
   * window is realized, when the panel has no frame clock to follow yet */
  if (lab_panel_get_n_applied (probe->panel) == 0 || gtk_widget_get_frame_clock (GTK_WIDGET (probe->panel)) == NULL)
    {
      if (g_get_monotonic_time () - process_start_us < 60 * G_USEC_PER_SEC)
        return G_SOURCE_CONTINUE;
      g_print ("frame-probe %s: no result within 60 s\n", lab_panel_get_topic (probe->panel)->id);
      g_application_quit (probe->app);
      g_free (probe);
      return G_SOURCE_REMOVE;
    }
  /* a model slider (a recompute); without one (a data view), any slider shown */
  for (guint i = 0; i < 2 * n && probe->scale == NULL; i++)
    if (G_IS_PARAM_SPEC_DOUBLE (pspecs[i % n]) && lab_params_is_relevant (params, pspecs[i % n])
        && (i >= n || (lab_param_get_group (pspecs[i]) == LAB_GROUP_MODEL
                       && !(lab_param_get_flags (pspecs[i]) & LAB_PARAM_VIEW))))
      {
        guint k = i % n;
        GtkWidget *control = lab_param_row_get_control (LAB_PARAM_ROW (lab_panel_get_param_row (probe->panel, pspecs[k]->name)));

        if (GTK_IS_RANGE (control))
          {
            GtkAdjustment *adj = gtk_range_get_adjustment (GTK_RANGE (control));

            probe->scale = control;
            probe->param = pspecs[k]->name;
            probe->lo = gtk_adjustment_get_lower (adj);
            probe->hi = gtk_adjustment_get_upper (adj);
          }
      }
  if (probe->scale == NULL)
    {
      g_print ("frame-probe %s: no slider\n", lab_panel_get_topic (probe->panel)->id);
      g_application_quit (probe->app);
      g_free (probe);
      return G_SOURCE_REMOVE;
    }
  probe->stamps = g_array_new (FALSE, FALSE, sizeof (gint64));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (probe->panel));
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_probe_after_paint_cb), probe);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  return G_SOURCE_REMOVE;
}

static void
frame_probe_begin (LabWindow    *window,
                   GApplication *app,
                   const char   *topic)
{
  FrameProbe *probe;

  if (!lab_window_select_topic (window, topic))
    {
      g_printerr ("frame-probe: no topic “%s”\n", topic);
      g_application_quit (app);
      return;
    }
  probe = g_new0 (FrameProbe, 1);
  probe->app = app;
  probe->panel = lab_window_get_panel (window);
  g_timeout_add (50, frame_probe_start_cb, probe);
}

/* ML_LAB_TRAIN_PROBE="TOPIC NAME=VALUE …" (issue 21): after the first result, applies the
 * assignments (a long training), records the frame clock's intervals until its final result
 * and prints their median and 99th percentile and how many partial results were drawn. */
typedef struct
{
  GApplication *app;
  LabPanel     *panel;
  char         *assignments;
  GArray       *stamps;
  guint         applied0, partials0;
} TrainProbe;

static void
train_probe_after_paint_cb (GdkFrameClock *clock,
                            TrainProbe    *probe)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (probe->stamps, now);
  if (lab_panel_get_n_applied (probe->panel) == probe->applied0
      && now - g_array_index (probe->stamps, gint64, 0) < 120 * G_USEC_PER_SEC)
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      return;
    }
  g_signal_handlers_disconnect_by_func (clock, train_probe_after_paint_cb, probe);
  {
    g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 1; i < probe->stamps->len; i++)
      {
        double gap = (g_array_index (probe->stamps, gint64, i) - g_array_index (probe->stamps, gint64, i - 1)) / 1000.0;

        g_array_append_val (gaps, gap);
      }
    g_array_sort (gaps, compare_doubles);
    if (gaps->len > 0)
      g_print ("train-probe %s frames %u seconds %.2f median-ms %.1f p99-ms %.1f partials-shown %u\n",
               lab_panel_get_topic (probe->panel)->id, gaps->len,
               (now - g_array_index (probe->stamps, gint64, 0)) / 1e6,
               g_array_index (gaps, double, gaps->len / 2),
               g_array_index (gaps, double, MIN (gaps->len - 1, (guint) ceil (0.99 * gaps->len) - 1)),
               lab_panel_get_n_partials (probe->panel) - probe->partials0);
  }
  g_array_unref (probe->stamps);
  g_free (probe->assignments);
  g_application_quit (probe->app);
  g_free (probe);
}

static gboolean
train_probe_start_cb (gpointer user_data)
{
  TrainProbe *probe = user_data;
  g_autoptr(GError) error = NULL;
  GdkFrameClock *clock;

  /* the first result first, and a panel on screen (with a frame clock to follow) */
  if ((lab_panel_get_n_applied (probe->panel) == 0 || gtk_widget_get_frame_clock (GTK_WIDGET (probe->panel)) == NULL)
      && g_get_monotonic_time () - process_start_us < 60 * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  probe->applied0 = lab_panel_get_n_applied (probe->panel);
  probe->partials0 = lab_panel_get_n_partials (probe->panel);
  if (!lab_params_apply_assignments (lab_panel_get_params (probe->panel), probe->assignments, &error))
    {
      g_print ("train-probe: %s\n", error->message);
      g_application_quit (probe->app);
      g_free (probe->assignments);
      g_free (probe);
      return G_SOURCE_REMOVE;
    }
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (probe->panel));
  if (clock == NULL)
    {
      g_print ("train-probe: the window was not shown within 60 s\n");
      g_application_quit (probe->app);
      g_free (probe->assignments);
      g_free (probe);
      return G_SOURCE_REMOVE;
    }
  probe->stamps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (clock, "after-paint", G_CALLBACK (train_probe_after_paint_cb), probe);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  return G_SOURCE_REMOVE;
}

static void
train_probe_begin (LabWindow    *window,
                   GApplication *app,
                   const char   *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, " ", 2);
  TrainProbe *probe;

  if (parts[0] == NULL || !lab_window_select_topic (window, parts[0]))
    {
      g_printerr ("train-probe: no topic “%s”\n", parts[0] ? parts[0] : "");
      g_application_quit (app);
      return;
    }
  probe = g_new0 (TrainProbe, 1);
  probe->app = app;
  probe->panel = lab_window_get_panel (window);
  probe->assignments = g_strdup (parts[1] != NULL ? parts[1] : "");
  g_timeout_add (50, train_probe_start_cb, probe);
}

static LabWindow *
ensure_window (LabApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (lab_window_new (ADW_APPLICATION (self)));
      if (g_strcmp0 (g_getenv ("ML_LAB_STARTUP_PROBE"), "1") == 0)
        g_signal_connect (window, "map", G_CALLBACK (probe_map_cb), self);
      else if (g_getenv ("ML_LAB_FRAME_PROBE") != NULL)
        frame_probe_begin (LAB_WINDOW (window), G_APPLICATION (self), g_getenv ("ML_LAB_FRAME_PROBE"));
      else if (g_getenv ("ML_LAB_TRAIN_PROBE") != NULL)
        train_probe_begin (LAB_WINDOW (window), G_APPLICATION (self), g_getenv ("ML_LAB_TRAIN_PROBE"));
    }
  return LAB_WINDOW (window);
}

static void
lab_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (LAB_APPLICATION (app))));
}

static void
lab_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  LabWindow *window = ensure_window (LAB_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  if (n_files > 0)
    lab_window_open_dataset (window, files[0]);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "ML Lab developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (window,
                         "application-name", _("ML Lab"),
                         "application-icon", APP_ID,
                         "developer-name", _("ML Lab developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/mllab/ml-lab",
                         "issue-url", "https://github.com/mllab/ml-lab/issues",
                         "comments", _("A visual lab for the fundamentals of machine learning: "
                                       "every concept a live plot you can push on."),
                         "developers", developers,
                         "copyright", "© 2026 ML Lab developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* close the windows so they save their state, then quit */
  for (GList *l = windows; l != NULL;)
    {
      GList *next = l->next;

      gtk_window_close (l->data);
      l = next;
    }
  g_application_quit (G_APPLICATION (user_data));
}

static void
style_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  LabApplication *self = user_data;

  g_settings_set_string (self->settings, "style-variant", g_variant_get_string (parameter, NULL));
  g_simple_action_set_state (action, parameter);
  apply_style (self);
}

static void
lab_application_startup (GApplication *app)
{
  LabApplication *self = LAB_APPLICATION (app);
  g_autofree char *style = NULL;
  const GActionEntry entries[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  GSimpleAction *style_act;
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *help_accels[] = { "<Primary>question", "<Primary>slash", NULL };

  G_APPLICATION_CLASS (lab_application_parent_class)->startup (app);

  self->settings = lab_settings_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  style = g_settings_get_string (self->settings, "style-variant");
  style_act = g_simple_action_new_stateful ("style", G_VARIANT_TYPE_STRING, g_variant_new_string (style));
  g_signal_connect (style_act, "activate", G_CALLBACK (style_action), self);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (style_act));
  g_object_unref (style_act);
  apply_style (self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static void
lab_application_finalize (GObject *object)
{
  g_clear_object (&LAB_APPLICATION (object)->settings);
  G_OBJECT_CLASS (lab_application_parent_class)->finalize (object);
}

static void
lab_application_class_init (LabApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = lab_application_finalize;
  app_class->activate = lab_application_activate;
  app_class->open = lab_application_open;
  app_class->startup = lab_application_startup;
}

static void
lab_application_init (LabApplication *self)
{
}

LabApplication *
lab_application_new (void)
{
  return g_object_new (LAB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/mllab/MLLab",
                       NULL);
}
