/* nlp-compute.c — the nlp topic's worker: reading the corpus, TF-IDF, BPE, BLEU and ROUGE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nlp-private.h"

static void
nlp_result_finalize (LabResult *result)
{
  NlpResult *self = (NlpResult *) result;

  g_strfreev (self->labels);
  g_clear_pointer (&self->tfidf, lab_tfidf_free);
  g_free (self->similarity);
  g_free (self->top_terms);
  g_free (self->top_values);
  g_free (self->n_top);
  g_clear_pointer (&self->bpe, lab_bpe_free);
  g_clear_pointer (&self->cand, lab_tokens_free);
  for (guint r = 0; r < self->n_refs; r++)
    lab_tokens_free (self->refs[r]);
  g_free (self->refs);
  g_free (self->rouge1);
  g_free (self->rouge2);
  g_free (self->rougel);
  g_free (self->lcs_cand);
  g_free (self->lcs_ref);
  g_free (self->meteor_scores);
  g_clear_pointer (&self->meteor, lab_meteor_free);
}

/* a parameter's text must be UTF-8: the message names the parameter and the byte */
static gboolean
check_utf8 (const char  *what,
            const char  *text,
            GError     **error)
{
  const char *end;

  if (g_utf8_validate (text, -1, &end))
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("%s: not valid UTF-8 at byte %lu"),
               what, (unsigned long) (end - text) + 1);
  return FALSE;
}

/* one cell's text, which must be valid UTF-8 (else FILE:LINE:COL) */
static char *
cell_text (LabDataset  *data,
           gsize        row,
           guint        col,
           GError     **error)
{
  g_autofree char *text = lab_dataset_dup_cell_text (data, row, col);
  const char *end;

  if (!g_utf8_validate (text, -1, &end))
    {
      lab_dataset_set_cell_error (data, row, col, error, _("not valid UTF-8 at byte %lu of the cell"),
                                  (unsigned long) (end - text) + 1);
      return NULL;
    }
  return g_steal_pointer (&text);
}

static int
need_column (LabDataset  *data,
             LabParams   *params,
             const char  *param,
             GError     **error)
{
  if (data == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("source=data needs a dataset: open a CSV file (ml-lab export nlp --data FILE …)"));
      return -1;
    }
  {
    int col = lab_topic_find_column (data, param, lab_params_get_string (params, param), error);

    /* a column of numbers read as words would give BLEU and TF-IDF of digits: refuse it */
    if (col >= 0 && lab_dataset_get_column_type (data, (guint) col) != LAB_COLUMN_TEXT)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                     _("%s: column “%s” of %s holds numbers, not text; choose a text column"),
                     param, lab_dataset_get_column_name (data, (guint) col), lab_dataset_get_name (data));
        return -1;
      }
    return col;
  }
}

/* the documents of the tfidf and bpe views */
static GPtrArray *
read_corpus (LabParams   *params,
             LabDataset  *data,
             GError     **error)
{
  LabNlpSource source = lab_params_get_enum (params, "source");
  GPtrArray *docs;

  if (source == LAB_NLP_SOURCE_SAMPLE)
    {
      docs = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; lab_nlp_sample_corpus[i] != NULL; i++)
        g_ptr_array_add (docs, g_strdup (lab_nlp_sample_corpus[i]));
      return docs;
    }
  if (source == LAB_NLP_SOURCE_TEXT)
    {
      const char *text = lab_params_get_string (params, "text");

      if (!check_utf8 ("text", text, error))
        return NULL;
      docs = lab_text_split_documents (text);
      if (docs->len == 0)
        {
          g_set_error_literal (error, LAB_ERROR, LAB_ERROR_USAGE,
                               _("text: no documents; write them in the Text parameter, separated by blank lines"));
          g_ptr_array_unref (docs);
          return NULL;
        }
      return docs;
    }
  {
    int col = need_column (data, params, "text-column", error);
    gsize n;

    if (col < 0)
      return NULL;
    n = lab_dataset_get_n_rows (data);
    if (n == 0)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: no rows"), lab_dataset_get_name (data));
        return NULL;
      }
    docs = g_ptr_array_new_with_free_func (g_free);
    for (gsize r = 0; r < n; r++)
      {
        char *text = cell_text (data, r, (guint) col, error);

        if (text == NULL)
          {
            g_ptr_array_unref (docs);
            return NULL;
          }
        g_ptr_array_add (docs, text);
      }
    return docs;
  }
}

/* “3 the cat sat…”: a document's number and its first words */
static char *
doc_label (guint       i,
           const char *doc)
{
  g_autoptr(LabTokens) t = lab_tokens_new (doc, LAB_TOKENIZE_WORDS);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%u", i + 1);
  for (guint k = 0; k < t->n && g_utf8_strlen (s->str, -1) < 16; k++)
    g_string_append_printf (s, " %s", t->tokens[k]);
  if (g_utf8_strlen (s->str, -1) > 18)
    {
      char *cut = g_utf8_offset_to_pointer (s->str, 16);

      g_string_truncate (s, (gsize) (cut - s->str));
      g_string_append (s, "…");
    }
  return g_string_free (s, FALSE);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  lab_progress_set (user_data, fraction);
}

static gboolean
compute_tfidf (NlpResult     *self,
               LabParams     *params,
               GPtrArray     *docs,
               LabProgress   *progress,
               GCancellable  *cancellable,
               GError       **error)
{
  LabTfidfOptions o = {
    .tf = lab_params_get_enum (params, "tf"),
    .idf = lab_params_get_enum (params, "idf"),
    .norm = lab_params_get_enum (params, "norm"),
    .stop_words = lab_params_get_boolean (params, "stop-words"),
    .min_df = (guint) lab_params_get_int (params, "min-df"),
    .max_df = lab_params_get_double (params, "max-df"),
    .max_features = (guint) lab_params_get_int (params, "max-features"),
  };
  LabTfidf *t;
  g_autofree double *colsum = NULL;

  t = self->tfidf = lab_tfidf_fit ((const char * const *) docs->pdata, docs->len, &o, progress_cb, progress,
                                   cancellable, error);
  if (t == NULL)
    return FALSE;

  /* each document's top terms: largest weight first, ties by vocabulary order */
  self->top_terms = g_new (guint, (gsize) t->n_docs * TOP_TERMS);
  self->top_values = g_new (double, (gsize) t->n_docs * TOP_TERMS);
  self->n_top = g_new0 (guint, t->n_docs);
  for (guint d = 0; d < t->n_docs; d++)
    {
      guint *tt = self->top_terms + (gsize) d * TOP_TERMS;
      double *tv = self->top_values + (gsize) d * TOP_TERMS;
      guint k = 0;

      for (gsize i = t->row_ptr[d]; i < t->row_ptr[d + 1]; i++)
        {
          guint c = t->col[i];
          double v = t->val[i];
          guint pos = k;

          while (pos > 0 && tv[pos - 1] < v)
            pos--;
          if (pos >= TOP_TERMS)
            continue;
          if (k < TOP_TERMS)
            k++;
          memmove (tt + pos + 1, tt + pos, (k - 1 - pos) * sizeof (guint));
          memmove (tv + pos + 1, tv + pos, (k - 1 - pos) * sizeof (double));
          tt[pos] = c;
          tv[pos] = v;
        }
      self->n_top[d] = k;
    }

  /* the heat map's documents and terms: the first SHOWN_DOCS, and the terms weighing most in them */
  self->n_shown = MIN (t->n_docs, SHOWN_DOCS);
  colsum = g_new0 (double, t->n_terms);
  for (guint d = 0; d < self->n_shown; d++)
    for (gsize i = t->row_ptr[d]; i < t->row_ptr[d + 1]; i++)
      colsum[t->col[i]] += fabs (t->val[i]);
  for (guint c = 0; c < t->n_terms; c++)
    {
      guint pos = self->n_heat;

      if (colsum[c] <= 0)
        continue;
      while (pos > 0 && colsum[self->heat_terms[pos - 1]] < colsum[c])
        pos--;
      if (pos >= HEAT_TERMS)
        continue;
      if (self->n_heat < HEAT_TERMS)
        self->n_heat++;
      memmove (self->heat_terms + pos + 1, self->heat_terms + pos, (self->n_heat - 1 - pos) * sizeof (guint));
      self->heat_terms[pos] = c;
    }

  /* cosine similarity: the dot product over the norms, whatever the normalisation */
  self->similarity = g_new (double, (gsize) self->n_shown * self->n_shown);
  for (guint a = 0; a < self->n_shown; a++)
    for (guint b = 0; b <= a; b++)
      {
        double na = lab_tfidf_row_norm (t, a), nb = lab_tfidf_row_norm (t, b);
        double s = na > 0 && nb > 0 ? lab_tfidf_row_dot (t, a, b) / (na * nb) : 0.0;

        self->similarity[a * self->n_shown + b] = self->similarity[b * self->n_shown + a] = s;
      }
  return TRUE;
}

/* candidate | references rows; sentence level from the parameters, corpus level from a dataset */
static gboolean
compute_metrics (NlpResult     *self,
                 LabParams     *params,
                 LabDataset    *data,
                 LabProgress   *progress,
                 GCancellable  *cancellable,
                 GError       **error)
{
  LabBleuSmoothing smoothing = lab_params_get_enum (params, "smoothing");
  guint max_n = (guint) lab_params_get_int (params, "max-n");
  g_autoptr(GPtrArray) cands = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);   /* the raw “a | b” text */
  g_autoptr(GArray) where = g_array_new (FALSE, FALSE, sizeof (gsize));   /* dataset row */
  int ccol = -1, rcol = -1;
  double sum1[3] = { 0 }, sum2[3] = { 0 }, suml[3] = { 0 };

  lab_bleu_stats_init (&self->bleu_stats, max_n);
  if (lab_params_get_enum (params, "source") == LAB_NLP_SOURCE_DATA)
    {
      gsize n;

      if ((ccol = need_column (data, params, "candidate-column", error)) < 0
          || (rcol = need_column (data, params, "reference-column", error)) < 0)
        return FALSE;
      n = lab_dataset_get_n_rows (data);
      if (n == 0)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: no rows"), lab_dataset_get_name (data));
          return FALSE;
        }
      for (gsize r = 0; r < n; r++)
        {
          char *c = cell_text (data, r, (guint) ccol, error);
          char *t = c != NULL ? cell_text (data, r, (guint) rcol, error) : NULL;

          if (t == NULL)
            {
              g_free (c);
              return FALSE;
            }
          g_ptr_array_add (cands, c);
          g_ptr_array_add (refs, t);
          g_array_append_val (where, r);
        }
      self->corpus = TRUE;
    }
  else
    {
      const char *c = lab_params_get_string (params, "candidate");
      const char *t = lab_params_get_string (params, "references");
      gsize none = G_MAXSIZE;

      if (!check_utf8 ("candidate", c, error) || !check_utf8 ("references", t, error))
        return FALSE;
      g_ptr_array_add (cands, g_strdup (c));
      g_ptr_array_add (refs, g_strdup (t));
      g_array_append_val (where, none);
    }
  self->n_pairs = cands->len;

  for (guint row = 0; row < cands->len; row++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (refs, row), "|", -1);
      g_autoptr(LabTokens) cand = lab_tokens_new (g_ptr_array_index (cands, row), LAB_TOKENIZE_WORDPUNCT);
      g_autoptr(GPtrArray) rt = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_tokens_free);
      gsize at = g_array_index (where, gsize, row);
      LabPrf b1 = { 0 }, b2 = { 0 }, bl = { 0 };
      guint best = 0;

      if ((row & 63) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          lab_progress_set (progress, (double) row / cands->len);
        }
      for (guint k = 0; parts[k] != NULL; k++)
        {
          LabTokens *t = lab_tokens_new (parts[k], LAB_TOKENIZE_WORDPUNCT);

          if (t->n == 0)   /* an empty alternative (“a || b”, a trailing |) is no reference */
            {
              lab_tokens_free (t);
              continue;
            }
          g_ptr_array_add (rt, t);
        }
      if (rt->len == 0 || cand->n > MAX_TOKENS)
        {
          const char *what = rt->len == 0 ? _("no reference: write one or more, separated by |")
                                          : _("too long for this view");

          if (at != G_MAXSIZE)
            lab_dataset_set_cell_error (data, at, (guint) (rt->len == 0 ? rcol : ccol), error, "%s", what);
          else
            g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, "%s: %s", rt->len == 0 ? "references" : "candidate",
                         rt->len == 0 ? what : _("more than 5000 tokens"));
          return FALSE;
        }
      for (guint k = 0; k < rt->len; k++)
        if (((LabTokens *) g_ptr_array_index (rt, k))->n > MAX_TOKENS)
          {
            if (at != G_MAXSIZE)
              lab_dataset_set_cell_error (data, at, (guint) rcol, error, _("a reference of more than 5000 tokens"));
            else
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("references: reference %u has more than 5000 tokens"), k + 1);
            return FALSE;
          }

      lab_bleu_stats_add (&self->bleu_stats, cand, (const LabTokens * const *) rt->pdata, rt->len);
      if (row == 0)
        {
          self->n_refs = rt->len;
          self->rouge1 = g_new (LabPrf, rt->len);
          self->rouge2 = g_new (LabPrf, rt->len);
          self->rougel = g_new (LabPrf, rt->len);
        }
      for (guint k = 0; k < rt->len; k++)
        {
          LabTokens *t = g_ptr_array_index (rt, k);
          LabPrf r1 = lab_rouge_n (cand, t, 1), r2 = lab_rouge_n (cand, t, 2), rl = lab_rouge_l (cand, t, NULL, NULL);

          if (row == 0)
            {
              self->rouge1[k] = r1;
              self->rouge2[k] = r2;
              self->rougel[k] = rl;
            }
          /* the best reference is the one with the highest F, the first on a tie */
          if (k == 0 || r1.f > b1.f)
            b1 = r1;
          if (k == 0 || r2.f > b2.f)
            b2 = r2;
          if (k == 0 || rl.f > bl.f)
            bl = rl, best = k;
        }
      /* METEOR: the best reference's score */
      {
        LabMeteor *bm = NULL;
        guint bk = 0;

        if (row == 0)
          self->meteor_scores = g_new (double, rt->len);
        for (guint k = 0; k < rt->len; k++)
          {
            LabMeteor *mk = lab_meteor_new (cand, g_ptr_array_index (rt, k));

            if (row == 0)
              self->meteor_scores[k] = mk->score;
            if (bm == NULL || mk->score > bm->score)
              {
                lab_meteor_free (bm);
                bm = mk;
                bk = k;
              }
            else
              lab_meteor_free (mk);
          }
        self->meteor_mean += bm->score;
        self->penalty_mean += bm->penalty;
        self->meteor_matches += bm->matches;
        self->meteor_chunks += bm->chunks;
        self->meteor_exhaustive = (row == 0 ? TRUE : self->meteor_exhaustive) && bm->exhaustive;
        if (row == 0)
          {
            self->meteor = bm;
            self->meteor_ref = bk;
          }
        else
          lab_meteor_free (bm);
      }
      sum1[0] += b1.p, sum1[1] += b1.r, sum1[2] += b1.f;
      sum2[0] += b2.p, sum2[1] += b2.r, sum2[2] += b2.f;
      suml[0] += bl.p, suml[1] += bl.r, suml[2] += bl.f;
      if (row == 0)
        {
          self->best_ref = best;
          self->lcs_cand = g_new0 (gboolean, MAX (cand->n, 1));
          self->lcs_ref = g_new0 (gboolean, MAX (((LabTokens *) g_ptr_array_index (rt, best))->n, 1));
          lab_rouge_l (cand, g_ptr_array_index (rt, best), self->lcs_cand, self->lcs_ref);
          self->cand = g_steal_pointer (&cand);
          self->refs = g_new (LabTokens *, self->n_refs);
          for (guint k = 0; k < self->n_refs; k++)
            self->refs[k] = g_ptr_array_steal_index (rt, 0);
        }
    }
  self->best1 = (LabPrf) { sum1[0] / self->n_pairs, sum1[1] / self->n_pairs, sum1[2] / self->n_pairs };
  self->best2 = (LabPrf) { sum2[0] / self->n_pairs, sum2[1] / self->n_pairs, sum2[2] / self->n_pairs };
  self->bestl = (LabPrf) { suml[0] / self->n_pairs, suml[1] / self->n_pairs, suml[2] / self->n_pairs };
  self->meteor_mean /= self->n_pairs;
  self->penalty_mean /= self->n_pairs;
  self->bleu = lab_bleu_score (&self->bleu_stats, smoothing, self->precisions, &self->bp);
  return TRUE;
}

LabResult *
nlp_compute (LabParams     *params,
             LabDataset    *data,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (NlpResult), nlp_result_finalize);
  NlpResult *self = (NlpResult *) result;
  g_autoptr(GPtrArray) docs = NULL;

  self->mode = lab_params_get_enum (params, "mode");
  if (self->mode == LAB_NLP_MODE_METRICS)
    return compute_metrics (self, params, data, progress, cancellable, error) ? g_steal_pointer (&result) : NULL;

  docs = read_corpus (params, data, error);
  if (docs == NULL)
    return NULL;
  self->n_docs = docs->len;
  self->labels = g_new0 (char *, docs->len + 1);
  for (guint i = 0; i < docs->len; i++)
    self->labels[i] = doc_label (i, g_ptr_array_index (docs, i));

  if (self->mode == LAB_NLP_MODE_TFIDF)
    {
      if (!compute_tfidf (self, params, docs, progress, cancellable, error))
        return NULL;
    }
  else
    {
      self->bpe = lab_bpe_train ((const char * const *) docs->pdata, docs->len, MAX_MERGES, TOP_PAIRS,
                                 progress_cb, progress, cancellable, error);
      if (self->bpe == NULL)
        return NULL;
    }
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
