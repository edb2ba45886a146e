/* test-regression.c — the topics print what they printed before the layout changed
 *
 * tests/regression/commands.txt lists `ml-lab export` arguments (a topic with its defaults,
 * a preset's assignments, or a sample file); tests/regression/expected.json is what
 * `ml-lab export … --json` printed for each before the code moved into topic folders
 * (tests/regression/record.sh made it). Each line is replayed in-process and its metrics
 * compared key by key: the same keys in the same order, strings, booleans and nulls equal,
 * numbers equal to 1e-9 relative. (Built against GSL's reference CBLAS, the output is equal
 * byte for byte; OpenBLAS's dot products and products round differently in the last bits,
 * 3e-13 relative at most today.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lab-csv.h"
#include "lab-engine.h"
#include "lab-registry.h"
#include "lab-topic.h"

#define REL_TOL 1e-9
#define ABS_TOL 1e-12

static void
compare_nodes (JsonNode   *got,
               JsonNode   *want,
               const char *path)
{
  JsonNodeType type = json_node_get_node_type (want);

  if (type == JSON_NODE_VALUE && json_node_get_value_type (want) == G_TYPE_STRING)
    {
      if (json_node_get_node_type (got) != JSON_NODE_VALUE || json_node_get_value_type (got) != G_TYPE_STRING)
        g_error ("%s: a string was expected", path);
      if (g_strcmp0 (json_node_get_string (got), json_node_get_string (want)) != 0)
        g_error ("%s: “%s”, expected “%s”", path, json_node_get_string (got), json_node_get_string (want));
      return;
    }
  if (json_node_get_node_type (got) != type)
    g_error ("%s: a different kind of value", path);
  switch (type)
    {
    case JSON_NODE_NULL:
      return;
    case JSON_NODE_VALUE:
      {
        GType vt = json_node_get_value_type (want);

        if (vt == G_TYPE_BOOLEAN)
          {
            g_assert_true (json_node_get_value_type (got) == G_TYPE_BOOLEAN);
            if (json_node_get_boolean (got) != json_node_get_boolean (want))
              g_error ("%s: a different boolean", path);
          }
        else
          {
            double g = json_node_get_double (got), w = json_node_get_double (want);

            if (!(fabs (g - w) <= REL_TOL * MAX (fabs (g), fabs (w)) + ABS_TOL))
              g_error ("%s: %.17g, expected %.17g", path, g, w);
          }
      }
      return;
    case JSON_NODE_ARRAY:
      {
        JsonArray *ga = json_node_get_array (got), *wa = json_node_get_array (want);

        if (json_array_get_length (ga) != json_array_get_length (wa))
          g_error ("%s: %u elements, expected %u", path, json_array_get_length (ga), json_array_get_length (wa));
        for (guint i = 0; i < json_array_get_length (wa); i++)
          {
            g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

            compare_nodes (json_array_get_element (ga, i), json_array_get_element (wa, i), sub);
          }
      }
      return;
    case JSON_NODE_OBJECT:
      {
        JsonObject *go = json_node_get_object (got), *wo = json_node_get_object (want);
        g_autoptr(GList) gk = json_object_get_members (go);
        g_autoptr(GList) wk = json_object_get_members (wo);
        GList *a, *b;

        for (a = gk, b = wk; a != NULL && b != NULL; a = a->next, b = b->next)
          {
            g_autofree char *sub = g_strdup_printf ("%s.%s", path, (const char *) b->data);

            if (!g_str_equal (a->data, b->data))
              g_error ("%s: key “%s” where “%s” was", path, (const char *) a->data, (const char *) b->data);
            compare_nodes (json_object_get_member (go, b->data), json_object_get_member (wo, b->data), sub);
          }
        if (a != NULL || b != NULL)
          g_error ("%s: %s key “%s”", path, a != NULL ? "an extra" : "a missing",
                   (const char *) (a != NULL ? a->data : b->data));
      }
      return;
    default:
      g_assert_not_reached ();
    }
}

/* Runs one line of commands.txt as `ml-lab export` would, returning the metrics JSON. */
static char *
run_command (const char *line)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);
  const LabTopic *topic = lab_topics_find (argv[0]);
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(LabResult) result = NULL;
  g_autoptr(LabMetrics) metrics = NULL;
  g_autoptr(GError) error = NULL;
  gboolean explicit_source = FALSE;

  g_assert_nonnull (topic);
  params = lab_topic_new_params (topic);
  for (guint i = 1; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], "--data"))
        {
          g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", argv[++i], NULL);

          data = lab_csv_load_file (path, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          continue;
        }
      if (g_str_has_prefix (argv[i], "source="))
        explicit_source = TRUE;
      lab_params_parse_assignment (params, argv[i], &error);
      g_assert_no_error (error);
    }
  if (data != NULL && !explicit_source && lab_params_find (params, "source") != NULL)
    lab_params_set_from_string (params, "source", "data", NULL);

  result = lab_topic_compute (topic, params, data, NULL, NULL, &error);
  g_assert_no_error (error);
  metrics = lab_topic_get_metrics (topic, result, params);
  return lab_metrics_to_json (metrics);
}

static void
test_replay (gconstpointer user_data)
{
  JsonObject *entry = (JsonObject *) user_data;
  const char *command = json_object_get_string_member (entry, "command");
  g_autofree char *text = run_command (command);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  compare_nodes (json_parser_get_root (parser), json_object_get_member (entry, "metrics"), command);
}

/* Every line of commands.txt has its recorded output, and every topic is in it. */
static void
test_coverage (gconstpointer user_data)
{
  JsonArray *entries = (JsonArray *) user_data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "regression", "commands.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (g_strstrip (text), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      {
        g_assert_cmpuint (n, <, json_array_get_length (entries));
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, n), "command"),
                         ==, lines[i]);
        n++;
      }
  g_assert_cmpuint (n, ==, json_array_get_length (entries));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  JsonArray *entries;

  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  path = g_test_build_filename (G_TEST_DIST, "regression", "expected.json", NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  entries = json_node_get_array (json_parser_get_root (parser));

  g_test_add_data_func ("/regression/commands", entries, test_coverage);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autofree char *name = g_strdup_printf ("/regression/%02u %s", i,
                                               json_object_get_string_member (entry, "command"));

      g_strdelimit (name + 1, "/", '_');
      g_test_add_data_func (name, entry, test_replay);
    }
  return g_test_run ();
}
