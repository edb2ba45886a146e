/* test-topic-nlp.c — the nlp topic: corpus sources, corpus BLEU from a CSV against nltk, errors
 * that name the place, UTF-8 text, presets, views, speed
 *
 * Reference values: tests/reference/nlp_reference.py → tests/nlp-reference.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "nlp/nlp.h"
#include "nlp-reference.h"
#include "topic-test.h"

static const LabTopic *topic;

static LabMetrics *
metrics_of (const char  *assignments,
            LabDataset  *data,
            GError     **error)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabResult) result = NULL;

  if (!lab_params_apply_assignments (params, assignments, error))
    return NULL;
  result = lab_topic_compute (topic, params, data, NULL, NULL, error);
  if (result == NULL)
    return NULL;
  return lab_topic_get_metrics (topic, result, params);
}

static LabMetrics *
metrics_ok (const char *assignments,
            LabDataset *data)
{
  g_autoptr(GError) error = NULL;
  LabMetrics *m = metrics_of (assignments, data, &error);

  if (error != NULL)
    g_error ("%s: %s", assignments, error->message);
  return m;
}

static void
expect_error (const char *assignments,
              LabDataset *data,
              gint        code,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabMetrics) m = metrics_of (assignments, data, &error);

  g_assert_null (m);
  g_assert_error (error, LAB_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s: message “%s” lacks “%s”", assignments, error->message, fragment);
}

/* a CSV field, quoted */
static void
append_field (GString *csv, const char *s)
{
  g_string_append_c (csv, '"');
  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/* corpus BLEU from a CSV of candidate and reference columns equals nltk's corpus_bleu */
static void
test_corpus_bleu_csv (void)
{
  static const char *const smooth[] = { "none", "floor", "add-one", "nist-exponential" };
  g_autoptr(GString) csv = g_string_new ("id,candidate,reference\n");
  g_autoptr(LabDataset) data = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (ref_bleu_cases); c++)
    {
      g_autofree char *joined = g_strjoinv (" | ", (char **) ref_bleu_cases[c].references);

      g_string_append_printf (csv, "%u,", c);
      append_field (csv, ref_bleu_cases[c].candidate);
      g_string_append_c (csv, ',');
      append_field (csv, joined);
      g_string_append_c (csv, '\n');
    }
  data = topic_test_load_text (csv->str);
  for (guint s = 0; s < 4; s++)
    for (guint n = 1; n <= 4; n++)
      {
        g_autofree char *a = g_strdup_printf ("mode=metrics source=data smoothing=%s max-n=%u", smooth[s], n);
        g_autoptr(LabMetrics) m = metrics_ok (a, data);

        topic_test_assert_close (lab_metrics_get_double (m, "bleu"), ref_bleu_corpus[s][n - 1], 1e-12, 1e-12,
                                 "corpus bleu %s", a);
        g_assert_cmpfloat (lab_metrics_get_double (m, "rows"), ==, G_N_ELEMENTS (ref_bleu_cases));
      }
}

/* sentence level from the parameters equals nltk's sentence_bleu */
static void
test_sentence_bleu (void)
{
  static const char *const smooth[] = { "none", "floor", "add-one", "nist-exponential" };

  for (guint c = 0; c < G_N_ELEMENTS (ref_bleu_cases); c++)
    for (guint s = 0; s < 4; s++)
      {
        g_autoptr(LabParams) params = lab_topic_new_params (topic);
        g_autofree char *refs = g_strjoinv (" | ", (char **) ref_bleu_cases[c].references);
        g_autoptr(LabResult) result = NULL;
        g_autoptr(LabMetrics) m = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_true (lab_params_apply_assignments (params, "mode=metrics max-n=4", NULL));
        g_assert_true (lab_params_set_from_string (params, "smoothing", smooth[s], NULL));
        g_assert_true (lab_params_set_from_string (params, "candidate", ref_bleu_cases[c].candidate, NULL));
        g_assert_true (lab_params_set_from_string (params, "references", refs, NULL));
        result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        m = lab_topic_get_metrics (topic, result, params);
        topic_test_assert_close (lab_metrics_get_double (m, "bleu"), ref_bleu_sentence[c][s][3], 1e-12, 1e-12,
                                 "sentence bleu case %u smoothing %s", c, smooth[s]);
      }
}

/* METEOR through the topic: the score, penalty, chunks and matches of the reference cases */
static void
test_meteor (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (ref_meteor); k++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabMetrics) m = NULL;

      g_assert_true (lab_params_apply_assignments (params, "mode=metrics", NULL));
      g_assert_true (lab_params_set_from_string (params, "candidate", ref_meteor[k].candidate, NULL));
      g_assert_true (lab_params_set_from_string (params, "references", ref_meteor[k].reference, NULL));
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
      g_assert_nonnull (result);
      m = lab_topic_get_metrics (topic, result, params);
      topic_test_assert_close (lab_metrics_get_double (m, "meteor"), ref_meteor[k].score, 1e-12, 1e-15, "meteor %u", k);
      topic_test_assert_close (lab_metrics_get_double (m, "fragmentation_penalty"), ref_meteor[k].penalty, 1e-12, 1e-15,
                               "penalty %u", k);
      g_assert_cmpfloat (lab_metrics_get_double (m, "chunks"), ==, ref_meteor[k].chunks);
      g_assert_cmpfloat (lab_metrics_get_double (m, "matches"), ==, ref_meteor[k].matches);
      lab_figure_unref (topic_test_render_ok (topic, result, params, 1280, 800));
    }
}

/* documents from the Text parameter (blank lines) and from a CSV column give the same TF-IDF */
static void
test_sources (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) csv = g_string_new ("text\n");
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(LabMetrics) a = NULL, b = NULL;
  g_autofree char *ja = NULL, *jb = NULL;

  for (guint i = 0; ref_corpus[i] != NULL; i++)
    {
      g_string_append_printf (text, "%s\n\n", ref_corpus[i]);
      append_field (csv, ref_corpus[i]);
      g_string_append_c (csv, '\n');
    }
  data = topic_test_load_text (csv->str);
  g_assert_true (lab_params_apply_assignments (params, "mode=tfidf source=text", NULL));
  g_assert_true (lab_params_set_from_string (params, "text", text->str, NULL));
  {
    g_autoptr(LabResult) r = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);

    g_assert_nonnull (r);
    a = lab_topic_get_metrics (topic, r, params);
  }
  b = metrics_ok ("mode=tfidf source=data text-column=text", data);
  ja = lab_metrics_to_json (a);
  jb = lab_metrics_to_json (b);
  g_assert_cmpstr (ja, ==, jb);
  g_assert_cmpfloat (lab_metrics_get_double (a, "documents"), ==, g_strv_length ((char **) ref_corpus));
  /* the vocabulary of the default options is scikit-learn's */
  g_assert_cmpfloat (lab_metrics_get_double (a, "vocabulary_size"), ==, g_strv_length ((char **) ref_tfidf[0].terms));
  /* CJK and accented terms survive into the top terms */
  g_assert_nonnull (strstr (ja, "東京タワー"));
  g_assert_nonnull (strstr (ja, "brûlée"));
}

static void
test_errors (void)
{
  g_autoptr(LabDataset) bad = topic_test_load_text ("text,candidate,reference\n"
                                                    "fine,the cat,the cat\n"
                                                    "x,the dog, | \n");
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;

  expect_error ("mode=tfidf source=text", NULL, LAB_ERROR_USAGE, "text: no documents");
  expect_error ("mode=tfidf source=data", NULL, LAB_ERROR_USAGE, "needs a dataset");
  expect_error ("mode=tfidf source=data text-column=nope", bad, LAB_ERROR_USAGE, "nope");
  expect_error ("mode=tfidf stop-words=true source=text text='the and of'", NULL, LAB_ERROR_DATA, "empty vocabulary");
  expect_error ("mode=tfidf min-df=13", NULL, LAB_ERROR_USAGE, "min-df 13 is more than the 12 documents");
  expect_error ("mode=tfidf min-df=2 max-df=0.1", NULL, LAB_ERROR_USAGE, "max-df 0.1 keeps terms in at most 1.2 of 12");
  expect_error ("mode=tfidf min-df=2 source=text text='cats purr\n\ndogs bark'", NULL, LAB_ERROR_DATA,
                "no terms remain");
  expect_error ("mode=bpe source=text text='... !!! 🙂'", NULL, LAB_ERROR_DATA, "no words");
  expect_error ("mode=metrics references=' | '", NULL, LAB_ERROR_USAGE, "references: no reference");
  /* an empty reference cell is named by FILE:LINE:COL */
  expect_error ("mode=metrics source=data", bad, LAB_ERROR_DATA, "test.csv:3:");
  /* bad quoting in assignments */
  g_assert_false (lab_params_apply_assignments (params, "candidate='the cat", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_clear_error (&error);
  /* text that is not UTF-8 is refused, naming the parameter and the byte */
  g_assert_true (lab_params_apply_assignments (params, "mode=tfidf source=text", NULL));
  g_object_set (params, "text", "ok words\n\ncaf\xc3 broken", NULL);
  g_assert_null (lab_topic_compute (topic, params, NULL, NULL, NULL, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "text: not valid UTF-8 at byte 14"));
  g_clear_error (&error);
  g_object_set (params, "mode", LAB_NLP_MODE_METRICS, "candidate", "\xff", NULL);
  g_assert_null (lab_topic_compute (topic, params, NULL, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "candidate: not valid UTF-8 at byte 1"));
}

/* a CSV cell that is not UTF-8 is named by FILE:LINE:COL (when the reader lets it through) */
static void
test_csv_utf8 (void)
{
  static const char text[] = "text\nfine words\n\"caf\xe9 latin-1\"\n";
  g_autoptr(GBytes) bytes = g_bytes_new (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = lab_csv_load_bytes ("test.csv", bytes, NULL, NULL, NULL, &error);

  if (data == NULL)
    {
      /* the reader refuses it itself, with the place */
      g_assert_nonnull (strstr (error->message, "test.csv:3:"));
      return;
    }
  expect_error ("mode=tfidf source=data", data, LAB_ERROR_DATA, "test.csv:3:");
}

static void
test_presets_and_views (void)
{
  for (guint p = 0; p < topic->n_presets; p++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(LabResult) r = NULL;
      g_autoptr(LabFigure) f = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (lab_topic_apply_preset (topic, params, p, &error));
      g_assert_no_error (error);
      r = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      f = topic_test_render_ok (topic, r, params, 1280, 800);
    }
  /* stepping the merges is a view: the metrics follow the step */
  {
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabResult) r = NULL;
    int last = 0;

    g_assert_true (lab_params_apply_assignments (params, "mode=bpe", NULL));
    r = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
    for (int m = 0; m <= 60; m += 20)
      {
        g_autoptr(LabMetrics) mm = NULL;
        int tokens;

        lab_params_set_int (params, "merges", m);
        mm = lab_topic_get_metrics (topic, r, params);
        g_assert_cmpfloat (lab_metrics_get_double (mm, "merges_done"), ==, m);
        tokens = (int) lab_metrics_get_double (mm, "sample_tokens");
        if (m > 0)
          g_assert_cmpint (tokens, <=, last);
        last = tokens;
      }
    /* a click on the curves sets the step; one on a heat map row (document 3 of 12, drawn from
     * the top) the document */
    {
      g_autoptr(LabParams) tp = lab_topic_new_params (topic);
      g_autoptr(LabResult) tr = lab_topic_compute (topic, tp, NULL, NULL, NULL, NULL);

      g_assert_true (topic->click (tr, tp, 0, 3.0, 9.1));
      g_assert_cmpint (lab_params_get_int (tp, "document"), ==, 3);
      g_assert_false (topic->click (tr, tp, 0, 3.0, 14.0));
    }
    /* a click on the curves sets the step */
    g_assert_true (topic->click (r, params, 6, 33.2, 0));
    g_assert_cmpint (lab_params_get_int (params, "merges"), ==, 33);
  }
}

/* the scale: 10,000 documents under a second, off the main thread in the app */
static void
test_speed (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabResult) r = NULL;
  static const char *const words[] = { "market", "price", "cat", "dog", "rocket", "orbit", "flour", "sugar",
                                       "東京", "café", "naïve", "bank", "rate", "bond", "garden", "mat", "launch",
                                       "telescope", "galaxy", "bread" };
  gint64 t0;
  double ms;
  LabProgress progress = { 0 };

  for (guint d = 0; d < 10000; d++)
    {
      for (guint k = 0; k < 12; k++)
        g_string_append_printf (text, "%s%u ", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                g_rand_int_range (rand, 0, 50));
      g_string_append (text, "\n\n");
    }
  g_assert_true (lab_params_apply_assignments (params, "mode=tfidf source=text", NULL));
  g_object_set (params, "text", text->str, NULL);
  t0 = g_get_monotonic_time ();
  r = lab_topic_compute (topic, params, NULL, &progress, NULL, NULL);
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_assert_nonnull (r);
  g_assert_cmpfloat (lab_progress_get (&progress), ==, 1.0);
  g_test_message ("TF-IDF of 10,000 documents: %.0f ms", ms);
  /* reported only: speed is measured by the bench (ml-lab bench nlp), never by a timed test */
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(LabFigure) f = lab_topic_build_figure (topic, r, params, NULL);
  }
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_test_message ("figure of 10,000 documents: %.1f ms", ms);
}

static void
test_cancel (void)
{
  static const char *const modes[] = { "mode=tfidf", "mode=bpe", "mode=metrics" };
  g_autoptr(GCancellable) cancel = g_cancellable_new ();

  g_cancellable_cancel (cancel);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;

      g_assert_true (lab_params_apply_assignments (params, modes[i], NULL));
      g_assert_null (lab_topic_compute (topic, params, NULL, NULL, cancel, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
}

static void
test_explanation (void)
{
  g_autofree char *text = topic_test_explanation (topic);

  g_assert_nonnull (strstr (text, "not “between languages”"));
  g_assert_nonnull (strstr (text, "WordPiece"));
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("nlp");
  g_assert_nonnull (topic);

  g_test_add_func ("/topics/nlp/corpus-bleu-csv", test_corpus_bleu_csv);
  g_test_add_func ("/topics/nlp/sentence-bleu", test_sentence_bleu);
  g_test_add_func ("/topics/nlp/meteor", test_meteor);
  g_test_add_func ("/topics/nlp/sources", test_sources);
  g_test_add_func ("/topics/nlp/errors", test_errors);
  g_test_add_func ("/topics/nlp/csv-utf8", test_csv_utf8);
  g_test_add_func ("/topics/nlp/presets-and-views", test_presets_and_views);
  g_test_add_func ("/topics/nlp/speed", test_speed);
  g_test_add_func ("/topics/nlp/cancel", test_cancel);
  g_test_add_func ("/topics/nlp/explanation", test_explanation);
  return g_test_run ();
}
