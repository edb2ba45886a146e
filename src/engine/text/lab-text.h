/* lab-text.h — text as numbers: tokenisers, TF-IDF, byte-pair encoding, BLEU and ROUGE
 *
 * Everything here reads UTF-8 with GLib's g_utf8_* functions: a token is a run of Unicode
 * characters, never a run of bytes, so CJK, accented and emoji text never splits inside a
 * character. The character classes follow Python's `re` (which the reference libraries use):
 * a word character is a letter (Lu Ll Lt Lm Lo), a number (Nd Nl No) or '_'; white space is
 * what str.isspace() accepts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* tokenising */

typedef enum
{
  LAB_TOKENIZE_SKLEARN,    /* (?u)\b\w\w+\b — scikit-learn's default: words of two characters or more */
  LAB_TOKENIZE_WORDS,      /* \w+ — every word (byte-pair encoding's words) */
  LAB_TOKENIZE_WORDPUNCT,  /* \w+|[^\w\s]+ — nltk's wordpunct_tokenize: words and runs of punctuation */
} LabTokenizer;

/* The tokens of one text, lower-cased first (g_utf8_strdown on the whole text, as scikit-learn
 * lower-cases the document before its pattern runs). @offsets/@lengths locate each token in
 * @lowered, in bytes. */
typedef struct
{
  guint   n;
  char  **tokens;     /* NULL-terminated */
  char   *lowered;
  gsize  *offsets;
  gsize  *lengths;
} LabTokens;

gboolean   lab_text_is_word_char (gunichar c);
gboolean   lab_text_is_space     (gunichar c);
/* @text must be valid UTF-8 (callers validate at the boundary). */
LabTokens *lab_tokens_new        (const char *text, LabTokenizer kind);
void       lab_tokens_free       (LabTokens *tokens);

/* scikit-learn's ENGLISH_STOP_WORDS (318 words). */
gboolean   lab_text_is_stop_word (const char *word);

/* Splits @text into documents at blank lines (lines holding only white space); each document's
 * lines are joined as they are. */
GPtrArray *lab_text_split_documents (const char *text);

/* ------------------------------------------------------------------ */
/* TF-IDF, as sklearn.feature_extraction.text.TfidfVectorizer computes it */

typedef enum { LAB_TF_RAW, LAB_TF_LOG, LAB_TF_BINARY } LabTfKind;          /* tf, 1 + ln tf, [tf > 0] */
typedef enum { LAB_IDF_SMOOTH, LAB_IDF_PLAIN, LAB_IDF_NONE } LabIdfKind;   /* ln((1+n)/(1+df)) + 1, ln(n/df) + 1, 1 */
typedef enum { LAB_NORM_L2, LAB_NORM_L1, LAB_NORM_NONE } LabNormKind;

typedef struct
{
  LabTfKind   tf;
  LabIdfKind  idf;
  LabNormKind norm;
  gboolean    stop_words;
  guint       min_df;        /* keep terms in at least this many documents (≥ 1) */
  double      max_df;        /* and in at most this fraction of them (1: no limit) */
  guint       max_features;  /* 0: all; else the most frequent in the corpus (ties: alphabetical) */
} LabTfidfOptions;

typedef struct
{
  guint    n_docs;
  guint    n_terms;
  char   **terms;         /* sorted by strcmp (code points), as scikit-learn's vocabulary_ */
  double  *idf;           /* n_terms */
  guint   *df;            /* n_terms: documents holding the term */
  double  *corpus_count;  /* n_terms: occurrences in the corpus */
  /* the rows, sparse: row d holds columns col[row_ptr[d] … row_ptr[d + 1]) */
  gsize   *row_ptr;
  guint   *col;
  double  *val;
  LabTfidfOptions options;
  GHashTable *index;      /* term → column + 1 */
} LabTfidf;

/* Fits and transforms @docs. Errors (LAB_ERROR_DATA): an empty vocabulary. Polls @cancellable and
 * reports progress through @progress (may be NULL) in [0, 1]. Errors (LAB_ERROR_USAGE): max_df
 * allowing fewer documents than min_df. */
LabTfidf *lab_tfidf_fit       (const char * const     *docs,
                               guint                   n_docs,
                               const LabTfidfOptions  *options,
                               void                  (*progress) (double fraction, gpointer user_data),
                               gpointer                user_data,
                               GCancellable           *cancellable,
                               GError                **error);
void      lab_tfidf_free      (LabTfidf *self);
/* The dense TF-IDF row of a new text (a query) with the fitted vocabulary and idf. */
double   *lab_tfidf_transform (const LabTfidf *self, const char *text);
/* Dot product of rows @a and @b (the cosine similarity when norm = l2). */
double    lab_tfidf_row_dot   (const LabTfidf *self, guint a, guint b);
double    lab_tfidf_row_norm  (const LabTfidf *self, guint d);

/* ------------------------------------------------------------------ */
/* byte-pair encoding (Sennrich, Haddow & Birch 2016), subword-nmt's symbol convention */

#define LAB_BPE_EOW "</w>"

typedef struct
{
  char  *left, *right;
  gint64 count;
} LabBpePair;

typedef struct
{
  guint        n_merges;      /* merges learnt (≤ the maximum asked for) */
  LabBpePair  *merges;        /* n_merges, in order */
  guint        top_k;
  LabBpePair  *top;           /* (n_merges + 1) × top_k: the most frequent pairs before each merge */
  guint       *n_top;         /* n_merges + 1: how many of top_k each step holds */
  guint       *vocabulary;    /* n_merges + 1: distinct symbols in the segmented corpus */
  double      *mean_tokens;   /* n_merges + 1: symbols per word occurrence */
  guint        n_words;       /* distinct words */
  gint64       n_occurrences; /* word occurrences */
} LabBpe;

/* Learns up to @max_merges merges from the words (LAB_TOKENIZE_WORDS) of @docs: every word is its
 * characters with LAB_BPE_EOW appended to the last; each step merges the most frequent adjacent
 * pair (weighted by word frequency), ties broken by the smallest (left, right) in code-point order;
 * it stops early when no pair is left. */
LabBpe   *lab_bpe_train   (const char * const *docs,
                           guint               n_docs,
                           guint               max_merges,
                           guint               top_k,
                           void              (*progress) (double fraction, gpointer user_data),
                           gpointer            user_data,
                           GCancellable       *cancellable,
                           GError            **error);
void      lab_bpe_free    (LabBpe *self);
/* @text tokenised with the first @n_merges merges (subword-nmt's encode: repeatedly merge the
 * adjacent pair learnt earliest). NULL-terminated. */
char    **lab_bpe_encode  (const LabBpe *self, guint n_merges, const char *text);

/* ------------------------------------------------------------------ */
/* BLEU (Papineni et al. 2002), as nltk.translate.bleu_score */

#define LAB_BLEU_MAX_N 8

typedef enum
{
  LAB_BLEU_SMOOTH_NONE,     /* a zero count makes BLEU 0 (nltk method0 returns ~1e-77) */
  LAB_BLEU_SMOOTH_FLOOR,    /* Chen & Cherry method 1: 0 matches → ε = 0.1 matches */
  LAB_BLEU_SMOOTH_ADD_ONE,  /* method 2: (m + 1)/(c + 1) for n ≥ 2 */
  LAB_BLEU_SMOOTH_NIST,     /* method 3: the k-th zero count becomes 1/2^k */
} LabBleuSmoothing;

typedef struct
{
  guint  max_n;
  gint64 matches[LAB_BLEU_MAX_N];   /* clipped n-gram matches */
  gint64 total[LAB_BLEU_MAX_N];     /* max(1, candidate n-grams) per sentence, summed */
  gint64 hyp_len, ref_len;          /* ref_len: closest reference lengths (ties: shorter) */
} LabBleuStats;

void   lab_bleu_stats_init (LabBleuStats *stats, guint max_n);
/* Adds one candidate and its references (token arrays). */
void   lab_bleu_stats_add  (LabBleuStats       *stats,
                            const LabTokens    *candidate,
                            const LabTokens * const *references,
                            guint               n_references);
/* The score; @precisions (max_n, may be NULL) gets the smoothed p_n, @bp the brevity penalty. */
double lab_bleu_score      (const LabBleuStats *stats,
                            LabBleuSmoothing    smoothing,
                            double             *precisions,
                            double             *bp);

/* ------------------------------------------------------------------ */
/* ROUGE (Lin 2004) */

typedef struct
{
  double p, r, f;   /* f = 2pr/(p + r), 0 when both are 0 */
} LabPrf;

/* ROUGE-N of a candidate against one reference: clipped n-gram overlap over the candidate's
 * (p) and the reference's (r) n-gram counts. */
LabPrf lab_rouge_n (const LabTokens *candidate, const LabTokens *reference, guint n);
/* ROUGE-L: the longest common subsequence over the lengths; @in_cand/@in_ref (may be NULL)
 * mark one LCS's tokens. */
LabPrf lab_rouge_l (const LabTokens *candidate, const LabTokens *reference,
                    gboolean *in_cand, gboolean *in_ref);

/* ------------------------------------------------------------------ */
/* METEOR (Banerjee & Lavie 2005), exact and Porter-stem modules, no WordNet synonyms */

typedef enum { LAB_METEOR_NONE, LAB_METEOR_EXACT, LAB_METEOR_STEM } LabMeteorMatch;

typedef struct
{
  guint   n_cand, n_ref;
  int    *cand_to_ref;    /* n_cand: the reference token aligned to each candidate token, or -1 */
  guint8 *kind;           /* n_cand: LabMeteorMatch */
  guint  *chunk;          /* n_cand: the chunk of an aligned token (0, 1, …) */
  guint   matches, chunks, crossings;
  double  p, r, fmean;    /* fmean = 10PR/(R + 9P) */
  double  penalty;        /* 0.5 · (chunks/matches)³ */
  double  score;          /* fmean · (1 − penalty); 0 without a match */
  gboolean exhaustive;    /* FALSE when a stage had too many maximal alignments to compare all */
} LabMeteor;

/* Aligns in stages, exact words first, then Porter stems (Snowball's “porter”, the original
 * algorithm) of the tokens still unaligned; each stage takes, among the alignments of the largest
 * size, one with the fewest crossings counted against everything aligned so far (ties: the
 * alignment whose reference positions, read in candidate order, are smallest). */
LabMeteor *lab_meteor_new  (const LabTokens *candidate, const LabTokens *reference);
void       lab_meteor_free (LabMeteor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabTokens, lab_tokens_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabMeteor, lab_meteor_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabTfidf, lab_tfidf_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabBpe, lab_bpe_free)

G_END_DECLS
