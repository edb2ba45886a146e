/* fuzz-params.c — libFuzzer target for the NAME=VALUE parameter parser of every topic
 *
 * The first byte picks a topic; the rest is lines of assignments as the CLI and presets
 * spell them, fed one by one (lab_params_parse_assignment) and as one preset string
 * (lab_params_apply_assignments). A failed assignment must leave the parameters as they
 * were; whatever is accepted must survive the GSettings round trip (a{ss}) unchanged and be
 * within its GParamSpec's range. The same bytes are also read as a GSettings a{ss} dictionary
 * (lab_params_load_variant must skip bad entries, never abort).
 *
 * Built as a libFuzzer target with clang (see tests/meson.build); fuzz-replay runs the corpus
 * tests/fuzz/params/ through it with any compiler in every test run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-registry.h"
#include "lab-topic.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* every value validates against its own GParamSpec */
static void
check_in_range (LabParams *params)
{
  guint n;
  GParamSpec **pspecs = lab_params_list (params, &n);

  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;

      g_value_init (&v, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (params), pspecs[i]->name, &v);
      if (g_param_value_validate (pspecs[i], &v))
        g_error ("%s holds a value outside its range", pspecs[i]->name);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialised;
  const LabTopic * const *topics;
  guint n_topics;
  const LabTopic *topic;
  g_autoptr(LabParams) params = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!initialised)
    {
      lab_engine_init ();
      initialised = TRUE;
    }
  if (size == 0 || size > 65536)
    return 0;

  topics = lab_topics_all (&n_topics);
  topic = topics[data[0] % n_topics];
  params = lab_topic_new_params (topic);
  text = g_strndup ((const char *) data + 1, size - 1);   /* stops at a NUL, as argv would */

  /* one assignment a line, as on the command line */
  lines = g_strsplit (text, "\n", 64);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(LabParams) before = lab_params_copy (params);
      g_autoptr(GError) error = NULL;

      if (!lab_params_parse_assignment (params, lines[i], &error))
        {
          g_assert_nonnull (error);
          if (!lab_params_equal (before, params))
            g_error ("a rejected assignment changed the parameters: %s", lines[i]);
        }
      check_in_range (params);
    }

  /* as one preset string: all or nothing */
  {
    g_autoptr(LabParams) whole = lab_topic_new_params (topic);
    g_autoptr(LabParams) fresh = lab_topic_new_params (topic);
    g_autofree char *joined = g_strjoinv (" ", lines);
    g_autoptr(GError) error = NULL;

    if (!lab_params_apply_assignments (whole, joined, &error))
      {
        if (!lab_params_equal (whole, fresh))
          g_error ("a rejected preset string changed the parameters");
      }
    check_in_range (whole);
  }

  /* what was accepted survives the settings round trip */
  {
    g_autoptr(GVariant) saved = g_variant_ref_sink (lab_params_to_variant (params));
    g_autoptr(LabParams) restored = lab_topic_new_params (topic);

    lab_params_load_variant (restored, saved);
    if (!lab_params_equal (params, restored))
      g_error ("the settings round trip changed the parameters");
  }

  /* the same bytes as a stored a{ss}: bad entries are skipped */
  {
    g_autoptr(GBytes) bytes = g_bytes_new (data + 1, size - 1);
    g_autoptr(GVariant) dict = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("a{ss}"), bytes, FALSE));
    g_autoptr(LabParams) loaded = lab_topic_new_params (topic);

    lab_params_load_variant (loaded, dict);
    check_in_range (loaded);
  }
  return 0;
}
