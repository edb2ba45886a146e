/* lab-settings.c
 *
 * g_settings_new() aborts the process when the schema is not installed, which is the case
 * for `_build/src/ml-lab` run by hand. The app looks in three places instead, each one a
 * complete schema, so every setting still works and persists through the usual backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "lab-settings.h"

static GSettingsSchema *
schema_from_directory (const char *dir)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autofree char *file = g_build_filename (dir, "gschemas.compiled", NULL);

  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return NULL;
  source = g_settings_schema_source_new_from_directory (dir, g_settings_schema_source_get_default (),
                                                        FALSE, NULL);
  return source != NULL ? g_settings_schema_source_lookup (source, APP_ID, FALSE) : NULL;
}

/* <dir of the executable>/../data: where meson puts the compiled schema of a build tree */
static GSettingsSchema *
schema_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bindir = NULL, *datadir = NULL;

  if (exe == NULL)
    return NULL;
  bindir = g_path_get_dirname (exe);
  datadir = g_build_filename (bindir, "..", "data", NULL);
  return schema_from_directory (datadir);
}

/* the copy compiled into the resources, written out once per version */
static GSettingsSchema *
schema_from_resources (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/mllab/MLLab/schemas/gschemas.compiled",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "ml-lab", "schemas-" PACKAGE_VERSION, NULL);
  g_autofree char *file = g_build_filename (dir, "gschemas.compiled", NULL);

  if (bytes == NULL || g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    return NULL;
  return schema_from_directory (dir);
}

GSettings *
lab_settings_new (void)
{
  GSettingsSchemaSource *system = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (system != NULL && (schema = g_settings_schema_source_lookup (system, APP_ID, TRUE)) != NULL)
    return g_settings_new (APP_ID);
  if ((schema = schema_from_build_tree ()) == NULL)
    schema = schema_from_resources ();
  if (schema == NULL)
    {
      /* every copy failed (no cache directory either): the app cannot run without its keys */
      g_critical ("the settings schema %s is neither installed nor in the app's resources", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

GSettings *
lab_settings_new_from_resources (void)
{
  g_autoptr(GSettingsSchema) schema = schema_from_resources ();

  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}
