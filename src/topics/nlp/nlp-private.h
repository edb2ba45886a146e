/* nlp-private.h — shared by the files of the "nlp" topic, no one else
 *
 * compute: reads the corpus (the sample, the `text` parameter split at blank lines, or a
 * dataset's text column), then per mode
 *   tfidf    fits TF-IDF (lab-text), keeps each document's top terms and the cosine
 *            similarities between the first SHOWN_DOCS documents;
 *   bpe      learns up to the slider's maximum of merges, keeping the top pairs, the
 *            vocabulary and the tokens per word at every step (`merges` is a view);
 *   metrics  tokenises the candidate and references (lower-cased words and punctuation runs,
 *            nltk's wordpunct_tokenize) and scores BLEU, ROUGE-1/2/L and METEOR, sentence level or,
 *            from a dataset, corpus level.
 * Everything a view parameter changes (the merge step, the sample text, the query, the
 * document shown) is evaluated in build/metrics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-error.h"
#include "lab-text.h"

#include "nlp.h"

G_BEGIN_DECLS

#define SHOWN_DOCS   24      /* documents in the heat map and similarity matrix */
#define HEAT_TERMS   16      /* terms (columns) of the heat map */
#define TOP_TERMS    10      /* top terms kept per document */
#define TOP_PAIRS    10      /* pair counts kept per BPE step */
#define MAX_MERGES   500     /* the `merges` slider's end: what compute learns */
#define MAX_TOKENS   5000    /* a candidate or reference longer than this is refused (LCS is m·n) */

enum { TAG_HEAT, TAG_SIMILARITY, TAG_TERMS, TAG_QUERY, TAG_PAIRS, TAG_TABLE, TAG_VOCAB, TAG_MEAN,
       TAG_BLEU, TAG_ROUGE, TAG_TEXT, TAG_METEOR };

typedef struct
{
  LabResult    parent;
  LabNlpMode   mode;
  guint        n_docs;
  char       **labels;        /* n_docs short names: “1 the cat sat…” */
  /* tfidf */
  LabTfidf    *tfidf;
  guint        n_shown;
  double      *similarity;    /* n_shown × n_shown */
  guint       *top_terms;     /* n_docs × TOP_TERMS columns */
  double      *top_values;
  guint       *n_top;         /* n_docs */
  guint        n_heat;
  guint        heat_terms[HEAT_TERMS];
  /* bpe */
  LabBpe      *bpe;
  /* metrics */
  gboolean     corpus;        /* from a dataset: corpus BLEU, ROUGE averaged over rows */
  guint        n_pairs;       /* candidate–references rows */
  LabTokens   *cand;          /* the (first) candidate and its references, for the text view */
  LabTokens  **refs;
  guint        n_refs;
  LabBleuStats bleu_stats;
  double       bleu, bp;
  double       precisions[LAB_BLEU_MAX_N];
  LabPrf      *rouge1, *rouge2, *rougel;   /* n_refs (sentence) */
  LabPrf       best1, best2, bestl;        /* best F over the references (corpus: row means) */
  guint        best_ref;                   /* the reference of the best ROUGE-L */
  gboolean    *lcs_cand, *lcs_ref;
  double      *meteor_scores;              /* n_refs (sentence) */
  LabMeteor   *meteor;                     /* the (first) candidate against its best reference */
  guint        meteor_ref;
  double       meteor_mean, penalty_mean;  /* over rows (sentence: that one) */
  guint        meteor_matches, meteor_chunks;   /* summed over rows */
  gboolean     meteor_exhaustive;
} NlpResult;

LabTopicCompute nlp_compute;
LabTopicBuild nlp_build;
LabTopicMetrics nlp_metrics;
LabTopicClick nlp_click;
LabTopicSuggestRange nlp_suggest_range;

G_END_DECLS
