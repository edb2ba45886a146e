/* test-params.c — the registry, parameters from NAME=VALUE strings, metrics JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pango.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-metrics.h"
#include "lab-registry.h"
#include "roc/roc.h"

/* ------------------------------------------------------------------ */
/* registry */

static void
test_registry_topics (void)
{
  guint n;
  const LabTopic * const *topics = lab_topics_all (&n);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      const LabTopic *t = topics[i];
      g_autoptr(LabParams) params = NULL;
      GParamSpec **pspecs;
      guint np;

      g_assert_nonnull (t->id);
      g_assert_true (g_regex_match_simple ("^[a-z][a-z0-9-]*$", t->id, 0, 0));
      g_assert_false (g_hash_table_contains (ids, t->id));
      g_hash_table_add (ids, (gpointer) t->id);
      g_assert_true (lab_topics_find (t->id) == t);
      g_assert_nonnull (t->title);
      g_assert_nonnull (t->summary);
      g_assert_nonnull (t->sections);
      g_assert_cmpint (t->chapter, <, LAB_N_CHAPTERS);
      g_assert_nonnull (t->compute);
      g_assert_nonnull (t->build);
      g_assert_nonnull (t->metrics);
      g_assert_true (g_type_is_a (t->params_get_type (), LAB_TYPE_PARAMS));

      /* the explanation resource exists and is valid Pango markup */
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *explanation = lab_topic_dup_explanation (t, &error);

        g_assert_no_error (error);
        g_assert_true (pango_parse_markup (explanation, -1, 0, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
      }

      params = lab_topic_new_params (t);
      pspecs = lab_params_list (params, &np);
      g_assert_cmpuint (np, >, 0);
      for (guint k = 0; k < np; k++)
        {
          g_autofree char *def = lab_param_default_string (pspecs[k]);
          g_autofree char *range = lab_param_describe_range (pspecs[k]);
          g_autoptr(GError) error = NULL;

          g_assert_nonnull (g_param_spec_get_nick (pspecs[k]));
          g_assert_nonnull (g_param_spec_get_blurb (pspecs[k]));
          g_assert_true (lab_params_is_default (params, pspecs[k]));
          /* the default's own spelling parses back */
          g_assert_true (lab_params_set_from_string (params, pspecs[k]->name, def, &error));
          g_assert_no_error (error);
          g_assert_true (lab_params_is_default (params, pspecs[k]));
          g_assert_cmpstr (range, !=, "");
        }

      for (guint p = 0; p < t->n_presets; p++)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (lab_topic_apply_preset (t, params, p, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_null (lab_topics_find ("no-such-topic"));
}

static void
test_registry_chapter_titles (void)
{
  for (LabChapter c = 0; c < LAB_N_CHAPTERS; c++)
    g_assert_cmpstr (lab_chapter_get_title (c), !=, "");
}

/* ------------------------------------------------------------------ */
/* parsing */

static LabParams *
roc_params (void)
{
  return lab_topic_new_params (lab_topics_find ("roc"));
}

static void
test_parse_valid (void)
{
  g_autoptr(LabParams) p = roc_params ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_params_parse_assignment (p, "separation=2.25", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (lab_params_get_double (p, "separation"), ==, 2.25);

  g_assert_true (lab_params_parse_assignment (p, "separation=1e-1", &error));
  g_assert_cmpfloat (lab_params_get_double (p, "separation"), ==, 0.1);

  g_assert_true (lab_params_parse_assignment (p, "n=12345", &error));
  g_assert_cmpint (lab_params_get_int (p, "n"), ==, 12345);

  g_assert_true (lab_params_parse_assignment (p, "compare=true", &error));
  g_assert_true (lab_params_get_boolean (p, "compare"));
  g_assert_true (lab_params_parse_assignment (p, "compare=false", &error));
  g_assert_false (lab_params_get_boolean (p, "compare"));

  g_assert_true (lab_params_parse_assignment (p, "goal=max-f1", &error));
  g_assert_cmpint (lab_params_get_enum (p, "goal"), ==, LAB_ROC_GOAL_MAX_F1);

  g_assert_true (lab_params_parse_assignment (p, "score-column=a,b,c", &error));
  g_assert_cmpstr (lab_params_get_string (p, "score-column"), ==, "a,b,c");

  /* a value may itself contain '=' */
  g_assert_true (lab_params_parse_assignment (p, "positive-label=a=b", &error));
  g_assert_cmpstr (lab_params_get_string (p, "positive-label"), ==, "a=b");

  /* infinite thresholds are allowed and spelled inf */
  g_assert_true (lab_params_parse_assignment (p, "threshold=-inf", &error));
  g_assert_cmpfloat (lab_params_get_double (p, "threshold"), ==, -INFINITY);
  {
    GParamSpec *pspec = lab_params_find (p, "threshold");
    g_autofree char *s = lab_params_dup_string (p, pspec);

    g_assert_cmpstr (s, ==, "-inf");
  }
  g_assert_no_error (error);
}

typedef struct
{
  const char *assignment;
  const char *message;   /* a substring the message must contain */
} BadCase;

static void
test_parse_errors (void)
{
  static const BadCase cases[] = {
    { "nosuch=1", "unknown parameter “nosuch”" },
    { "separation", "expected NAME=VALUE, got “separation”" },
    { "=3", "expected NAME=VALUE, got “=3”" },
    { "separation=abc", "bad value “abc” for parameter “separation”: expected a number from 0 to 5" },
    { "separation=", "bad value “” for parameter “separation”: expected a number from 0 to 5" },
    { "separation=7", "bad value “7” for parameter “separation”: expected a number from 0 to 5" },
    { "separation=-0.5", "expected a number from 0 to 5" },
    { "separation=nan", "bad value “nan” for parameter “separation”" },
    { "separation=0x1", "bad value “0x1”" },
    { "separation=1.5x", "bad value “1.5x”" },
    { "separation= 1", "bad value “ 1”" },
    { "separation=inf", "expected a number from 0 to 5" },
    { "n=1.5", "bad value “1.5” for parameter “n”: expected an integer from 10 to 10000000" },
    { "n=5", "expected an integer from 10 to 10000000" },
    { "n=99999999999999999999", "expected an integer from 10 to 10000000" },
    { "n=", "expected an integer from 10 to 10000000" },
    { "compare=yes", "bad value “yes” for parameter “compare”: expected true or false" },
    { "compare=1", "expected true or false" },
    { "goal=best", "bad value “best” for parameter “goal”: expected one of: manual, recall, max-f1, max-youden, min-cost" },
    { "source=csv", "expected one of: synthetic, data" },
    { "score-column=", "bad value “” for parameter “score-column”: expected column names separated by commas" },
    { "label-column=", "expected a column name" },
    { "positive-fraction=0", "expected a number from 0.001 to 0.5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabParams) p = roc_params ();
      g_autoptr(LabParams) before = lab_params_copy (p);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", cases[i].assignment);
      g_assert_false (lab_params_parse_assignment (p, cases[i].assignment, &error));
      g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", cases[i].assignment, error->message, cases[i].message);
      /* nothing changed */
      g_assert_true (lab_params_equal (p, before));
    }
}

static void
test_unknown_lists_known (void)
{
  g_autoptr(LabParams) p = roc_params ();
  g_autoptr(GError) error = NULL;

  g_assert_false (lab_params_set_from_string (p, "treshold", "1", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "threshold"));
}

static void
test_assignments_all_or_nothing (void)
{
  g_autoptr(LabParams) p = roc_params ();
  g_autoptr(LabParams) before = lab_params_copy (p);
  g_autoptr(GError) error = NULL;

  g_assert_false (lab_params_apply_assignments (p, "separation=2 n=100 goal=nope", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_true (lab_params_equal (p, before));

  g_clear_error (&error);
  g_assert_true (lab_params_apply_assignments (p, "  separation=2   n=100 ", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (lab_params_get_double (p, "separation"), ==, 2);
  g_assert_cmpint (lab_params_get_int (p, "n"), ==, 100);
}

static void
test_locale_independent (void)
{
  g_autoptr(LabParams) p = roc_params ();
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL;

  /* a decimal comma is never accepted, whatever the locale */
  g_assert_false (lab_params_parse_assignment (p, "separation=1,5", &error));
  g_clear_error (&error);
  g_assert_true (lab_params_parse_assignment (p, "separation=1.5", &error));
  s = lab_params_dup_string (p, lab_params_find (p, "separation"));
  g_assert_cmpstr (s, ==, "1.5");
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static void
test_copy_and_compare (void)
{
  g_autoptr(LabParams) a = roc_params ();
  g_autoptr(LabParams) b = NULL;
  guint notifies = 0;

  lab_params_apply_assignments (a, "separation=2.5 n=300 threshold=0.2", NULL);
  b = lab_params_copy (a);
  g_assert_true (lab_params_equal (a, b));

  /* a view parameter does not make a recompute */
  lab_params_set_double (b, "threshold", 1.0);
  g_assert_false (lab_params_equal (a, b));
  g_assert_true (lab_params_equal_for_compute (a, b));
  lab_params_set_enum (b, "goal", LAB_ROC_GOAL_MAX_YOUDEN);
  g_assert_true (lab_params_equal_for_compute (a, b));

  lab_params_set_int (b, "n", 301);
  g_assert_false (lab_params_equal_for_compute (a, b));

  /* setters notify only on a real change */
  {
    gulong id = g_signal_connect_swapped (a, "notify::separation", G_CALLBACK (count_cb), &notifies);

    lab_params_set_double (a, "separation", 2.5);
    g_assert_cmpuint (notifies, ==, 0);
    lab_params_set_double (a, "separation", 2.0);
    g_assert_cmpuint (notifies, ==, 1);
    /* clamped into range */
    lab_params_set_double (a, "separation", 99);
    g_assert_cmpfloat (lab_params_get_double (a, "separation"), ==, 5.0);
    g_signal_handler_disconnect (a, id);
  }

  lab_params_reset (a);
  {
    guint n;
    GParamSpec **pspecs = lab_params_list (a, &n);

    for (guint i = 0; i < n; i++)
      g_assert_true (lab_params_is_default (a, pspecs[i]));
  }
}

static void
test_variant_roundtrip (void)
{
  g_autoptr(LabParams) a = roc_params ();
  g_autoptr(LabParams) b = roc_params ();
  g_autoptr(GVariant) v = NULL;
  g_autoptr(GVariant) bad = NULL;
  GVariantBuilder builder;

  lab_params_apply_assignments (a, "separation=0.1 n=77 goal=min-cost cost-fn=5 score-column=x,y threshold=-1.25", NULL);
  v = g_variant_ref_sink (lab_params_to_variant (a));
  g_assert_cmpuint (g_variant_n_children (v), ==, 6);
  lab_params_load_variant (b, v);
  g_assert_true (lab_params_equal (a, b));

  /* values saved by an older version that no longer parse are skipped */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&builder, "{ss}", "separation", "banana");
  g_variant_builder_add (&builder, "{ss}", "gone", "1");
  g_variant_builder_add (&builder, "{ss}", "n", "50");
  bad = g_variant_ref_sink (g_variant_builder_end (&builder));
  lab_params_reset (b);
  lab_params_load_variant (b, bad);
  g_assert_cmpfloat (lab_params_get_double (b, "separation"), ==, 1.5);
  g_assert_cmpint (lab_params_get_int (b, "n"), ==, 50);
}

static void
test_relevance (void)
{
  g_autoptr(LabParams) p = roc_params ();

  g_assert_false (lab_params_is_relevant (p, lab_params_find (p, "label-column")));
  g_assert_true (lab_params_is_relevant (p, lab_params_find (p, "n")));
  lab_params_set_enum (p, "source", LAB_ROC_SOURCE_DATA);
  g_assert_true (lab_params_is_relevant (p, lab_params_find (p, "label-column")));
  g_assert_false (lab_params_is_relevant (p, lab_params_find (p, "n")));
  g_assert_false (lab_params_is_relevant (p, lab_params_find (p, "cost-fp")));
  lab_params_set_enum (p, "goal", LAB_ROC_GOAL_MIN_COST);
  g_assert_true (lab_params_is_relevant (p, lab_params_find (p, "cost-fp")));
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
test_metrics_json (void)
{
  g_autoptr(LabMetrics) m = lab_metrics_new ();
  g_autofree char *json = NULL;

  lab_metrics_add_double (m, "a", "A", 0.1);
  lab_metrics_add_double (m, "pinf", NULL, INFINITY);
  lab_metrics_add_double (m, "ninf", NULL, -INFINITY);
  lab_metrics_add_double (m, "undef", "Undefined", NAN);
  lab_metrics_add_int (m, "n", "N", -42);
  lab_metrics_add_string (m, "s", NULL, "quote \" backslash \\ newline \n tab \t ctrl \x01 é");
  lab_metrics_add_bool (m, "b", NULL, TRUE);
  lab_metrics_add_null (m, "z", NULL);
  lab_metrics_begin_array (m, "models");
  lab_metrics_begin_object (m, NULL);
  lab_metrics_add_double (m, "auc", NULL, 0.75);
  lab_metrics_end (m);
  lab_metrics_end (m);
  lab_metrics_add_double (m, "big", NULL, 1e300);
  lab_metrics_add_display (m, "models.0", "model A: AUC · AP", "0.75 · 0.5");   /* shown, not in JSON */
  lab_metrics_add_double (m, "third", NULL, 1.0 / 3.0);

  json = lab_metrics_to_json (m);
  g_assert_cmpstr (json, ==,
                   "{\n"
                   "  \"a\": 0.1,\n"
                   "  \"pinf\": \"inf\",\n"
                   "  \"ninf\": \"-inf\",\n"
                   "  \"undef\": null,\n"
                   "  \"n\": -42,\n"
                   "  \"s\": \"quote \\\" backslash \\\\ newline \\n tab \\t ctrl \\u0001 é\",\n"
                   "  \"b\": true,\n"
                   "  \"z\": null,\n"
                   "  \"models\": [\n"
                   "    {\n"
                   "      \"auc\": 0.75\n"
                   "    }\n"
                   "  ],\n"
                   "  \"big\": 1e+300,\n"
                   "  \"third\": 0.3333333333333333\n"
                   "}");

  g_assert_cmpuint (lab_metrics_get_n_shown (m), ==, 4);
  {
    const char *key, *label;
    g_autofree char *text = NULL;

    lab_metrics_get_shown (m, 3, &key, &label, &text);
    g_assert_cmpstr (key, ==, "models.0");
    g_assert_cmpstr (label, ==, "model A: AUC · AP");
    g_assert_cmpstr (text, ==, "0.75 · 0.5");
  }
  {
    const char *key, *label;
    g_autofree char *text = NULL;

    lab_metrics_get_shown (m, 1, &key, &label, &text);
    g_assert_cmpstr (key, ==, "undef");
    g_assert_cmpstr (text, ==, "—");
  }
  g_assert_cmpfloat (lab_metrics_get_double (m, "n"), ==, -42);
  g_assert_true (isnan (lab_metrics_get_double (m, "missing")));
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topics/registry/topics", test_registry_topics);
  g_test_add_func ("/topics/registry/chapters", test_registry_chapter_titles);
  g_test_add_func ("/topics/params/parse-valid", test_parse_valid);
  g_test_add_func ("/topics/params/parse-errors", test_parse_errors);
  g_test_add_func ("/topics/params/unknown-lists-known", test_unknown_lists_known);
  g_test_add_func ("/topics/params/all-or-nothing", test_assignments_all_or_nothing);
  g_test_add_func ("/topics/params/locale-independent", test_locale_independent);
  g_test_add_func ("/topics/params/copy-compare", test_copy_and_compare);
  g_test_add_func ("/topics/params/variant", test_variant_roundtrip);
  g_test_add_func ("/topics/params/relevance", test_relevance);
  g_test_add_func ("/topics/metrics/json", test_metrics_json);

  return g_test_run ();
}
