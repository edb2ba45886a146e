/* test-settings.c — the app finds its settings schema wherever it runs from (issue 11)
 *
 * Run without GSETTINGS_SCHEMA_DIR (main unsets it) and with no installed schema (XDG_DATA_DIRS
 * points nowhere): g_settings_new() would abort; lab_settings_new() finds the build
 * tree's compiled schema, and the copy inside the resources works on its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-settings.h"

static void
test_without_installed_schema (void)
{
  g_autoptr(GSettings) settings = NULL;

  g_assert_true (g_settings_schema_source_get_default () == NULL
                 || g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE) == NULL);
  settings = lab_settings_new ();
  g_assert_nonnull (settings);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), >, 0);
}

static void
test_from_resources (void)
{
  g_autoptr(GSettings) settings = lab_settings_new_from_resources ();

  g_assert_nonnull (settings);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), >, 0);
  g_autofree char *style = NULL;

  g_settings_set_string (settings, "style-variant", "dark");
  style = g_settings_get_string (settings, "style-variant");
  g_assert_cmpstr (style, ==, "dark");
}

int
main (int    argc,
      char **argv)
{
  /* as a user starting _build/src/ml-lab by hand: no schema directory given (dev.sh and
   * meson's test environment set one, and meson 1.0 cannot unset it) — before GIO reads it */
  g_unsetenv ("GSETTINGS_SCHEMA_DIR");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/settings/without-installed-schema", test_without_installed_schema);
  g_test_add_func ("/settings/from-resources", test_from_resources);
  return g_test_run ();
}
