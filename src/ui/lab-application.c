/* lab-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-settings.h"
#include "lab-application.h"
#include "lab-window.h"

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

static LabWindow *
ensure_window (LabApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (lab_window_new (ADW_APPLICATION (self)));
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
