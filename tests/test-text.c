/* test-text.c — the text engine (lab-text) against scikit-learn, nltk and the papers
 *
 * Reference values: tests/reference/nlp_reference.py → tests/nlp-reference.h
 *   tokenisers  scikit-learn's analyzer, Python's re \w+, nltk's wordpunct_tokenize
 *   TF-IDF      sklearn TfidfVectorizer, five option sets (1e-12)
 *   BLEU        nltk sentence_bleu / corpus_bleu, four smoothings × n = 1…4 (1e-12)
 *   ROUGE       a reference written from Lin (2004), asserted on the paper's examples
 *   METEOR      a reference written from Banerjee & Lavie (2005) (all maximal alignments compared),
 *               equal to nltk's meteor_score (WordNet off, original Porter) where nltk's greedy
 *               alignment is the paper's
 *   BPE         a reference written from Sennrich et al. (2016), Algorithm 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-text.h"
#include "nlp-reference.h"

static void
assert_close (double got, double want, double tol, const char *what, guint a, guint b)
{
  if (fabs (got - want) <= tol * MAX (1.0, fabs (want)))
    return;
  g_error ("%s [%u][%u]: got %.17g, want %.17g", what, a, b, got, want);
}

static void
assert_tokens (const LabTokens *t, const char *const *want, const char *what)
{
  guint n = g_strv_length ((char **) want);

  if (t->n != n)
    g_error ("%s: %u tokens, want %u", what, t->n, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (t->tokens[i], ==, want[i]);
      /* the offsets locate the token in the lower-cased text */
      g_assert_cmpint (memcmp (t->lowered + t->offsets[i], want[i], t->lengths[i]), ==, 0);
      g_assert_true (g_utf8_validate (t->tokens[i], -1, NULL));
    }
}

static void
test_tokenize (void)
{
  for (guint i = 0; ref_tokenize_texts[i] != NULL; i++)
    {
      g_autoptr(LabTokens) a = lab_tokens_new (ref_tokenize_texts[i], LAB_TOKENIZE_SKLEARN);
      g_autoptr(LabTokens) b = lab_tokens_new (ref_tokenize_texts[i], LAB_TOKENIZE_WORDS);
      g_autoptr(LabTokens) c = lab_tokens_new (ref_tokenize_texts[i], LAB_TOKENIZE_WORDPUNCT);

      assert_tokens (a, ref_tokens_sklearn[i], "sklearn");
      assert_tokens (b, ref_tokens_words[i], "words");
      assert_tokens (c, ref_tokens_wordpunct[i], "wordpunct");
    }
}

/* random code points from every plane we care for: tokens are whole characters, always */
static void
test_tokenize_utf8_fuzz (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  static const gunichar ranges[][2] = {
    { 0x20, 0x7e }, { 0xa0, 0x24f }, { 0x370, 0x3ff }, { 0x400, 0x4ff }, { 0x600, 0x6ff },
    { 0x3040, 0x30ff }, { 0x4e00, 0x9fff }, { 0xac00, 0xd7a3 }, { 0x1f300, 0x1f64f }, { 0x2000, 0x206f },
  };

  for (guint round = 0; round < 300; round++)
    {
      GString *s = g_string_new (NULL);
      g_autofree char *text = NULL;

      for (guint k = 0; k < 60; k++)
        {
          guint r = g_rand_int_range (rand, 0, G_N_ELEMENTS (ranges));
          gunichar c = g_rand_int_range (rand, ranges[r][0], ranges[r][1] + 1);

          g_string_append_unichar (s, c);
        }
      text = g_string_free (s, FALSE);
      for (LabTokenizer kind = LAB_TOKENIZE_SKLEARN; kind <= LAB_TOKENIZE_WORDPUNCT; kind++)
        {
          g_autoptr(LabTokens) t = lab_tokens_new (text, kind);

          for (guint i = 0; i < t->n; i++)
            {
              g_assert_true (g_utf8_validate (t->tokens[i], -1, NULL));
              g_assert_cmpuint (t->lengths[i], >, 0);
              /* starts and ends on character boundaries of the lowered text */
              g_assert_true (g_utf8_validate (t->lowered, (gssize) t->offsets[i], NULL));
            }
        }
    }
}

static void
test_split_documents (void)
{
  g_autoptr(GPtrArray) d = lab_text_split_documents ("first doc\nstill first\n \t\nsecond 東京\n\n\n\nthird 🙂\n\n");

  g_assert_cmpuint (d->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (d, 0), ==, "first doc\nstill first");
  g_assert_cmpstr (g_ptr_array_index (d, 1), ==, "second 東京");
  g_assert_cmpstr (g_ptr_array_index (d, 2), ==, "third 🙂");
  g_assert_true (lab_text_is_stop_word ("the"));
  g_assert_true (lab_text_is_stop_word ("yourselves"));
  g_assert_false (lab_text_is_stop_word ("cat"));
}

static int
kind_of (const char *const *names, const char *s)
{
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], s))
      return i;
  g_assert_not_reached ();
}

static void
test_tfidf (void)
{
  static const char *const tfs[] = { "raw", "log", "binary", NULL };
  static const char *const idfs[] = { "smooth", "plain", "none", NULL };
  static const char *const norms[] = { "l2", "l1", "none", NULL };
  guint n_docs = g_strv_length ((char **) ref_corpus);

  for (guint k = 0; k < G_N_ELEMENTS (ref_tfidf); k++)
    {
      const RefTfidf *r = &ref_tfidf[k];
      LabTfidfOptions o = { kind_of (tfs, r->tf), kind_of (idfs, r->idf), kind_of (norms, r->norm),
                            r->stop, r->min_df, r->max_df, r->max_features };
      g_autoptr(GError) error = NULL;
      g_autoptr(LabTfidf) t = lab_tfidf_fit (ref_corpus, n_docs, &o, NULL, NULL, NULL, &error);
      guint nt = g_strv_length ((char **) r->terms);

      g_assert_no_error (error);
      g_assert_cmpuint (t->n_terms, ==, nt);
      for (guint c = 0; c < nt; c++)
        g_assert_cmpstr (t->terms[c], ==, r->terms[c]);
      for (guint d = 0; d < n_docs; d++)
        {
          g_autofree double *row = g_new0 (double, nt);

          for (gsize i = t->row_ptr[d]; i < t->row_ptr[d + 1]; i++)
            row[t->col[i]] = t->val[i];
          for (guint c = 0; c < nt; c++)
            assert_close (row[c], r->matrix[(gsize) d * nt + c], 1e-12, "tfidf", k, d * 1000 + c);
        }
      /* a document transformed as a query is its own row */
      {
        g_autofree double *q = lab_tfidf_transform (t, ref_corpus[0]);

        for (gsize i = t->row_ptr[0]; i < t->row_ptr[1]; i++)
          assert_close (q[t->col[i]], t->val[i], 1e-14, "transform", k, t->col[i]);
      }
    }
}

static void
test_tfidf_errors (void)
{
  const char *const stop_only[] = { "the and of", "a an the" };
  LabTfidfOptions o = { LAB_TF_RAW, LAB_IDF_SMOOTH, LAB_NORM_L2, TRUE, 1, 1.0, 0 };
  g_autoptr(GError) error = NULL;
  LabTfidf *t = lab_tfidf_fit (stop_only, 2, &o, NULL, NULL, NULL, &error);

  g_assert_null (t);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "empty vocabulary"));
  g_clear_error (&error);
  o.stop_words = FALSE;
  o.min_df = 3;
  t = lab_tfidf_fit (stop_only, 2, &o, NULL, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "min-df 3 is more than the 2 documents");
  g_clear_error (&error);
  o.min_df = 2;   /* no word of these two documents is in both */
  {
    const char *const disjoint[] = { "cats purr", "dogs bark" };

    t = lab_tfidf_fit (disjoint, 2, &o, NULL, NULL, NULL, &error);
    g_assert_null (t);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
    g_assert_nonnull (strstr (error->message, "no terms remain after pruning"));
  }
  g_clear_error (&error);
  o.min_df = 2;
  o.max_df = 0.5;   /* at most 1 of 2 documents, fewer than 2 */
  t = lab_tfidf_fit (stop_only, 2, &o, NULL, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "max-df 0.5 keeps terms in at most 1 of 2 documents, fewer than min-df 2"));
}

static LabTokens **
tokens_of (const char *const *texts, guint *n)
{
  guint k = g_strv_length ((char **) texts);
  LabTokens **out = g_new (LabTokens *, k);

  for (guint i = 0; i < k; i++)
    out[i] = lab_tokens_new (texts[i], LAB_TOKENIZE_WORDPUNCT);
  *n = k;
  return out;
}

static void
free_tokens (LabTokens **t, guint n)
{
  for (guint i = 0; i < n; i++)
    lab_tokens_free (t[i]);
  g_free (t);
}

static void
test_bleu (void)
{
  for (guint s = 0; s < 4; s++)
    for (guint n = 1; n <= 4; n++)
      {
        LabBleuStats corpus;

        lab_bleu_stats_init (&corpus, n);
        for (guint c = 0; c < G_N_ELEMENTS (ref_bleu_cases); c++)
          {
            g_autoptr(LabTokens) cand = lab_tokens_new (ref_bleu_cases[c].candidate, LAB_TOKENIZE_WORDPUNCT);
            guint nr;
            LabTokens **refs = tokens_of (ref_bleu_cases[c].references, &nr);
            LabBleuStats one;
            double p[LAB_BLEU_MAX_N], bp;

            lab_bleu_stats_init (&one, n);
            lab_bleu_stats_add (&one, cand, (const LabTokens * const *) refs, nr);
            lab_bleu_stats_add (&corpus, cand, (const LabTokens * const *) refs, nr);
            /* nltk's unsmoothed zero is exp(ln(DBL_MIN)/n)·…, at most 1e-77: 0 here */
            assert_close (lab_bleu_score (&one, s, p, &bp), ref_bleu_sentence[c][s][n - 1],
                          1e-12, "sentence bleu", c, s * 10 + n);
            free_tokens (refs, nr);
          }
        assert_close (lab_bleu_score (&corpus, s, NULL, NULL), ref_bleu_corpus[s][n - 1], 1e-12,
                      "corpus bleu", s, n);
      }
}

static void
test_bleu_edges (void)
{
  g_autoptr(LabTokens) empty = lab_tokens_new ("  ,  ", LAB_TOKENIZE_WORDS);
  g_autoptr(LabTokens) ref = lab_tokens_new ("the cat", LAB_TOKENIZE_WORDPUNCT);
  const LabTokens *refs[] = { ref };
  LabBleuStats st;
  double bp, p[4];

  lab_bleu_stats_init (&st, 4);
  lab_bleu_stats_add (&st, empty, refs, 1);
  g_assert_cmpfloat (lab_bleu_score (&st, LAB_BLEU_SMOOTH_FLOOR, p, &bp), ==, 0.0);
  g_assert_cmpfloat (bp, ==, 0.0);
  g_assert_cmpint (st.total[0], ==, 1);   /* max(1, 0): no division by zero */
}

static void
test_rouge (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (ref_rouge); k++)
    {
      g_autoptr(LabTokens) c = lab_tokens_new (ref_rouge[k].candidate, LAB_TOKENIZE_WORDPUNCT);
      g_autoptr(LabTokens) r = lab_tokens_new (ref_rouge[k].reference, LAB_TOKENIZE_WORDPUNCT);
      g_autofree gboolean *mc = g_new0 (gboolean, c->n + 1);
      g_autofree gboolean *mr = g_new0 (gboolean, r->n + 1);
      LabPrf v[3] = { lab_rouge_n (c, r, 1), lab_rouge_n (c, r, 2), lab_rouge_l (c, r, mc, mr) };
      const double *want[3] = { ref_rouge[k].r1, ref_rouge[k].r2, ref_rouge[k].rl };
      guint lc = 0, lr = 0;

      for (guint m = 0; m < 3; m++)
        {
          assert_close (v[m].p, want[m][0], 1e-15, "rouge p", k, m);
          assert_close (v[m].r, want[m][1], 1e-15, "rouge r", k, m);
          assert_close (v[m].f, want[m][2], 1e-15, "rouge f", k, m);
        }
      /* the marked tokens are a common subsequence of the LCS's length */
      for (guint i = 0; i < c->n; i++)
        lc += mc[i];
      for (guint j = 0; j < r->n; j++)
        lr += mr[j];
      g_assert_cmpuint (lc, ==, lr);
      assert_close (lc, v[2].p * c->n, 1e-12, "lcs length", k, 0);
      {
        guint j = 0;

        for (guint i = 0; i < c->n; i++)
          if (mc[i])
            {
              while (!mr[j])
                j++;
              g_assert_cmpstr (c->tokens[i], ==, r->tokens[j]);
              j++;
            }
      }
    }
  /* Lin (2004) §3.1: ROUGE-L of S2 is 3/4, of S3 1/2 */
  g_assert_cmpfloat (ref_rouge[0].rl[2], ==, 0.75);
  g_assert_cmpfloat (ref_rouge[1].rl[2], ==, 0.5);
}

static void
test_meteor (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (ref_meteor); k++)
    {
      g_autoptr(LabTokens) c = lab_tokens_new (ref_meteor[k].candidate, LAB_TOKENIZE_WORDPUNCT);
      g_autoptr(LabTokens) r = lab_tokens_new (ref_meteor[k].reference, LAB_TOKENIZE_WORDPUNCT);
      g_autoptr(LabMeteor) m = lab_meteor_new (c, r);

      g_assert_true (m->exhaustive);
      g_assert_cmpuint (m->matches, ==, ref_meteor[k].matches);
      g_assert_cmpuint (m->chunks, ==, ref_meteor[k].chunks);
      assert_close (m->score, ref_meteor[k].score, 1e-12, "meteor", k, 0);
      assert_close (m->fmean, ref_meteor[k].fmean, 1e-12, "meteor fmean", k, 0);
      assert_close (m->penalty, ref_meteor[k].penalty, 1e-12, "meteor penalty", k, 0);
      for (guint i = 0; i < c->n; i++)
        g_assert_cmpint (m->cand_to_ref[i], ==, ref_meteor[k].align[i]);
    }
}

/* many repeated words: too many maximal alignments to compare, the in-order one is kept */
static void
test_meteor_large (void)
{
  g_autoptr(GString) a = g_string_new (NULL), b = g_string_new (NULL);

  for (guint i = 0; i < 40; i++)
    {
      g_string_append (a, i % 2 ? "the " : "cat ");
      g_string_append (b, i % 3 ? "the " : "cat ");
    }
  {
    g_autoptr(LabTokens) c = lab_tokens_new (a->str, LAB_TOKENIZE_WORDPUNCT);
    g_autoptr(LabTokens) r = lab_tokens_new (b->str, LAB_TOKENIZE_WORDPUNCT);
    g_autoptr(LabMeteor) m = lab_meteor_new (c, r);

    g_assert_false (m->exhaustive);
    g_assert_cmpuint (m->matches, ==, 20 + 14);
    g_assert_cmpfloat (m->score, >, 0);
  }
}

static void
test_bpe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabBpe) b = lab_bpe_train (ref_bpe_corpus, g_strv_length ((char **) ref_bpe_corpus), REF_BPE_MAX_MERGES,
                                       5, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (b->n_merges, ==, REF_BPE_N_MERGES);
  for (guint m = 0; m < b->n_merges; m++)
    {
      g_assert_cmpstr (b->merges[m].left, ==, ref_bpe_left[m]);
      g_assert_cmpstr (b->merges[m].right, ==, ref_bpe_right[m]);
      g_assert_cmpfloat ((double) b->merges[m].count, ==, ref_bpe_count[m]);
    }
  for (guint m = 0; m <= b->n_merges; m++)
    {
      g_assert_cmpfloat (b->vocabulary[m], ==, ref_bpe_vocabulary[m]);
      assert_close (b->mean_tokens[m], ref_bpe_mean_tokens[m], 1e-15, "mean tokens", m, 0);
      /* the first of the top pairs is the merge made */
      if (m < b->n_merges)
        {
          g_assert_cmpstr (b->top[(gsize) m * 5].left, ==, ref_bpe_left[m]);
          g_assert_cmpstr (b->top[(gsize) m * 5].right, ==, ref_bpe_right[m]);
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (ref_bpe_encode_steps); k++)
    {
      g_auto(GStrv) toks = lab_bpe_encode (b, ref_bpe_encode_steps[k], REF_BPE_SAMPLE);

      g_assert_cmpuint (g_strv_length (toks), ==, g_strv_length ((char **) ref_bpe_encode[k]));
      for (guint i = 0; toks[i] != NULL; i++)
        g_assert_cmpstr (toks[i], ==, ref_bpe_encode[k][i]);
    }
}

static void
test_bpe_errors (void)
{
  const char *const none[] = { " ,;. 🙂 " };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  LabBpe *b = lab_bpe_train (none, 1, 10, 5, NULL, NULL, NULL, &error);

  g_assert_null (b);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_clear_error (&error);
  g_cancellable_cancel (cancel);
  b = lab_bpe_train (ref_bpe_corpus, 2, 10, 5, NULL, NULL, cancel, &error);
  g_assert_null (b);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/text/tokenize", test_tokenize);
  g_test_add_func ("/engine/text/tokenize-utf8-fuzz", test_tokenize_utf8_fuzz);
  g_test_add_func ("/engine/text/split-documents", test_split_documents);
  g_test_add_func ("/engine/text/tfidf-sklearn", test_tfidf);
  g_test_add_func ("/engine/text/tfidf-errors", test_tfidf_errors);
  g_test_add_func ("/engine/text/bleu-nltk", test_bleu);
  g_test_add_func ("/engine/text/bleu-edges", test_bleu_edges);
  g_test_add_func ("/engine/text/rouge-lin", test_rouge);
  g_test_add_func ("/engine/text/meteor-paper", test_meteor);
  g_test_add_func ("/engine/text/meteor-large", test_meteor_large);
  g_test_add_func ("/engine/text/bpe-sennrich", test_bpe);
  g_test_add_func ("/engine/text/bpe-errors", test_bpe_errors);
  return g_test_run ();
}
