/* lab-text.c — tokenisers, TF-IDF, byte-pair encoding, BLEU and ROUGE (see lab-text.h)
 *
 * Written here rather than taken from a library: there is no C library for these in Debian
 * that exposes the intermediate numbers (the clipped counts, the merge table, the LCS) the
 * topic draws; each follows its reference implementation step for step, and the tests hold
 * them to scikit-learn, nltk and reference scripts written from the papers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-text.h"

#include <libstemmer.h>

/* ------------------------------------------------------------------ */
/* character classes, as Python's re and str.isspace() */

gboolean
lab_text_is_word_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return c == '_';
    }
}

gboolean
lab_text_is_space (gunichar c)
{
  /* Python also counts the information separators U+001C…U+001F and NEL as space */
  return g_unichar_isspace (c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
}

typedef enum { CLASS_WORD, CLASS_SPACE, CLASS_PUNCT } CharClass;

static CharClass
char_class (gunichar c)
{
  if (lab_text_is_word_char (c))
    return CLASS_WORD;
  if (lab_text_is_space (c))
    return CLASS_SPACE;
  return CLASS_PUNCT;
}

LabTokens *
lab_tokens_new (const char   *text,
                LabTokenizer  kind)
{
  LabTokens *self = g_new0 (LabTokens, 1);
  GPtrArray *tokens = g_ptr_array_new ();
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  GArray *lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  self->lowered = g_utf8_strdown (text, -1);
  p = self->lowered;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      CharClass cls = char_class (c);
      const char *start = p;
      guint n_chars = 0;

      if (cls == CLASS_SPACE || (cls == CLASS_PUNCT && kind != LAB_TOKENIZE_WORDPUNCT))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      /* a maximal run of one class: \w+ or [^\w\s]+ */
      while (*p != '\0' && char_class (g_utf8_get_char (p)) == cls)
        {
          p = g_utf8_next_char (p);
          n_chars++;
        }
      if (kind == LAB_TOKENIZE_SKLEARN && n_chars < 2)
        continue;
      {
        gsize off = (gsize) (start - self->lowered), len = (gsize) (p - start);

        g_ptr_array_add (tokens, g_strndup (start, len));
        g_array_append_val (offsets, off);
        g_array_append_val (lengths, len);
      }
    }
  self->n = tokens->len;
  g_ptr_array_add (tokens, NULL);
  self->tokens = (char **) g_ptr_array_free (tokens, FALSE);
  self->offsets = (gsize *) g_array_free (offsets, FALSE);
  self->lengths = (gsize *) g_array_free (lengths, FALSE);
  return self;
}

void
lab_tokens_free (LabTokens *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->tokens);
  g_free (self->lowered);
  g_free (self->offsets);
  g_free (self->lengths);
  g_free (self);
}

/* scikit-learn's ENGLISH_STOP_WORDS (from the Glasgow Information Retrieval Group), sorted */
static const char *const stop_words[] = {
  "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost",
  "alone", "along", "already", "also", "although", "always", "am", "among", "amongst", "amoungst",
  "amount", "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere",
  "are", "around", "as", "at", "back", "be", "became", "because", "become", "becomes", "becoming",
  "been", "before", "beforehand", "behind", "being", "below", "beside", "besides", "between",
  "beyond", "bill", "both", "bottom", "but", "by", "call", "can", "cannot", "cant", "co", "con",
  "could", "couldnt", "cry", "de", "describe", "detail", "do", "done", "down", "due", "during",
  "each", "eg", "eight", "either", "eleven", "else", "elsewhere", "empty", "enough", "etc", "even",
  "ever", "every", "everyone", "everything", "everywhere", "except", "few", "fifteen", "fifty",
  "fill", "find", "fire", "first", "five", "for", "former", "formerly", "forty", "found", "four",
  "from", "front", "full", "further", "get", "give", "go", "had", "has", "hasnt", "have", "he",
  "hence", "her", "here", "hereafter", "hereby", "herein", "hereupon", "hers", "herself", "him",
  "himself", "his", "how", "however", "hundred", "i", "ie", "if", "in", "inc", "indeed",
  "interest", "into", "is", "it", "its", "itself", "keep", "last", "latter", "latterly", "least",
  "less", "ltd", "made", "many", "may", "me", "meanwhile", "might", "mill", "mine", "more",
  "moreover", "most", "mostly", "move", "much", "must", "my", "myself", "name", "namely",
  "neither", "never", "nevertheless", "next", "nine", "no", "nobody", "none", "noone", "nor",
  "not", "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto",
  "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "part",
  "per", "perhaps", "please", "put", "rather", "re", "same", "see", "seem", "seemed", "seeming",
  "seems", "serious", "several", "she", "should", "show", "side", "since", "sincere", "six",
  "sixty", "so", "some", "somehow", "someone", "something", "sometime", "sometimes", "somewhere",
  "still", "such", "system", "take", "ten", "than", "that", "the", "their", "them", "themselves",
  "then", "thence", "there", "thereafter", "thereby", "therefore", "therein", "thereupon", "these",
  "they", "thick", "thin", "third", "this", "those", "though", "three", "through", "throughout",
  "thru", "thus", "to", "together", "too", "top", "toward", "towards", "twelve", "twenty", "two",
  "un", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "well", "were", "what",
  "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas", "whereby", "wherein",
  "whereupon", "wherever", "whether", "which", "while", "whither", "who", "whoever", "whole",
  "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
  "yours", "yourself", "yourselves",
};

static int
compare_cstr (const void *a,
              const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

gboolean
lab_text_is_stop_word (const char *word)
{
  return bsearch (&word, stop_words, G_N_ELEMENTS (stop_words), sizeof (char *), compare_cstr) != NULL;
}

GPtrArray *
lab_text_split_documents (const char *text)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *doc = g_string_new (NULL);

  for (guint i = 0;; i++)
    {
      gboolean blank = TRUE;

      if (lines[i] != NULL)
        for (const char *p = lines[i]; *p != '\0'; p = g_utf8_next_char (p))
          if (!lab_text_is_space (g_utf8_get_char (p)))
            {
              blank = FALSE;
              break;
            }
      if (blank)
        {
          if (doc->len > 0)
            g_ptr_array_add (docs, g_strdup (doc->str));
          g_string_truncate (doc, 0);
          if (lines[i] == NULL)
            break;
          continue;
        }
      if (doc->len > 0)
        g_string_append_c (doc, '\n');
      g_string_append (doc, lines[i]);
    }
  g_string_free (doc, TRUE);
  return docs;
}

/* ------------------------------------------------------------------ */
/* TF-IDF */

typedef struct
{
  guint  term;
  double count;
} Cell;

static int
compare_cells (const void *a,
               const void *b)
{
  const Cell *x = a, *y = b;

  return (x->term > y->term) - (x->term < y->term);
}

/* term counts of one text over a vocabulary (hash term → id + 1), the tokens that are in it;
 * new terms are added when @grow */
static GArray *
count_terms (const char  *text,
             gboolean     stop,
             GHashTable  *vocab,
             GPtrArray   *names,
             gboolean     grow)
{
  g_autoptr(LabTokens) toks = lab_tokens_new (text, LAB_TOKENIZE_SKLEARN);
  g_autoptr(GHashTable) local = g_hash_table_new (NULL, NULL);
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < toks->n; i++)
    {
      const char *t = toks->tokens[i];
      guint id = GPOINTER_TO_UINT (g_hash_table_lookup (vocab, t));

      if (stop && lab_text_is_stop_word (t))
        continue;
      if (id == 0)
        {
          if (!grow)
            continue;
          g_ptr_array_add (names, g_strdup (t));
          id = names->len;
          g_hash_table_insert (vocab, g_ptr_array_index (names, id - 1), GUINT_TO_POINTER (id));
        }
      g_hash_table_insert (local, GUINT_TO_POINTER (id),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (local, GUINT_TO_POINTER (id))) + 1));
    }
  g_hash_table_iter_init (&iter, local);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Cell c = { GPOINTER_TO_UINT (key) - 1, GPOINTER_TO_UINT (value) };

      g_array_append_val (cells, c);
    }
  return cells;
}

static double
tf_weight (LabTfKind kind,
           double    count)
{
  switch (kind)
    {
    case LAB_TF_LOG:
      return 1.0 + log (count);
    case LAB_TF_BINARY:
      return 1.0;
    case LAB_TF_RAW:
    default:
      return count;
    }
}

static void
normalise (double      *v,
           gsize        n,
           LabNormKind  kind)
{
  double s = 0;

  if (kind == LAB_NORM_NONE)
    return;
  for (gsize i = 0; i < n; i++)
    s += kind == LAB_NORM_L2 ? v[i] * v[i] : fabs (v[i]);
  if (kind == LAB_NORM_L2)
    s = sqrt (s);
  if (s == 0)
    return;
  for (gsize i = 0; i < n; i++)
    v[i] /= s;
}

typedef struct
{
  guint  id;
  double corpus;
} Ranked;

static int
compare_ranked (const void *a,
                const void *b)
{
  const Ranked *x = a, *y = b;

  if (x->corpus != y->corpus)
    return x->corpus > y->corpus ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static int
compare_names_by_index (const void *a,
                        const void *b,
                        gpointer    names)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return strcmp (g_ptr_array_index ((GPtrArray *) names, x), g_ptr_array_index ((GPtrArray *) names, y));
}

LabTfidf *
lab_tfidf_fit (const char * const     *docs,
               guint                   n_docs,
               const LabTfidfOptions  *options,
               void                  (*progress) (double, gpointer),
               gpointer                user_data,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autoptr(GHashTable) vocab = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree guint *order = NULL;
  g_autofree guint *rank_of = NULL;   /* alphabetical rank of each first-seen id */
  g_autofree guint *new_col = NULL;   /* first-seen id → kept column + 1 */
  g_autofree guint *df = NULL;
  g_autofree double *corpus = NULL;
  LabTfidf *self;
  guint n_names, n_keep = 0;
  gsize nnz = 0;

  g_return_val_if_fail (options != NULL && options->min_df >= 1 && options->max_df >= 0, NULL);

  for (guint d = 0; d < n_docs; d++)
    {
      if ((d & 255) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (progress != NULL)
            progress (0.8 * d / n_docs, user_data);
        }
      g_ptr_array_add (rows, count_terms (docs[d], options->stop_words, vocab, names, TRUE));
    }
  n_names = names->len;
  if (n_names == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   options->stop_words ? _("empty vocabulary: the documents hold no words of two letters or more that are not stop words")
                                       : _("empty vocabulary: the documents hold no words of two letters or more"));
      return NULL;
    }

  /* the vocabulary in code-point order, as scikit-learn sorts it */
  order = g_new (guint, n_names);
  rank_of = g_new (guint, n_names);
  for (guint i = 0; i < n_names; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n_names, sizeof (guint), compare_names_by_index, names);
  for (guint i = 0; i < n_names; i++)
    rank_of[order[i]] = i;

  df = g_new0 (guint, n_names);
  corpus = g_new0 (double, n_names);
  for (guint d = 0; d < n_docs; d++)
    {
      GArray *cells = g_ptr_array_index (rows, d);

      for (guint k = 0; k < cells->len; k++)
        {
          Cell *c = &g_array_index (cells, Cell, k);

          df[c->term]++;
          corpus[c->term] += c->count;
        }
    }

  /* min_df, then max_features among what is left: the most frequent in the corpus, ties in
   * vocabulary order */
  new_col = g_new0 (guint, n_names);
  {
    g_autofree Ranked *kept = g_new (Ranked, n_names);
    guint n_kept = 0;

    double max_docs = options->max_df * n_docs;   /* scikit-learn: a fraction of the documents */

    if (options->min_df > n_docs)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("min-df %u is more than the %u documents"),
                     options->min_df, n_docs);
        return NULL;
      }
    if (max_docs < options->min_df)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                     _("max-df %g keeps terms in at most %.4g of %u documents, fewer than min-df %u"),
                     options->max_df, max_docs, n_docs, options->min_df);
        return NULL;
      }
    for (guint i = 0; i < n_names; i++)
      if (df[order[i]] >= options->min_df && df[order[i]] <= max_docs)
        kept[n_kept++] = (Ranked) { order[i], corpus[order[i]] };
    if (options->max_features > 0 && n_kept > options->max_features)
      {
        for (guint i = 0; i < n_kept; i++)
          kept[i].id = rank_of[kept[i].id];   /* ties by vocabulary order */
        qsort (kept, n_kept, sizeof (Ranked), compare_ranked);
        n_kept = options->max_features;
        for (guint i = 0; i < n_kept; i++)
          kept[i].id = order[kept[i].id];
      }
    for (guint i = 0; i < n_kept; i++)
      new_col[kept[i].id] = 1;
    /* columns in vocabulary order */
    for (guint i = 0; i < n_names; i++)
      if (new_col[order[i]])
        new_col[order[i]] = ++n_keep;
  }
  if (n_keep == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("no terms remain after pruning: no term is in at least %u documents (min-df) and at most "
                     "%.4g (max-df × documents)"), options->min_df, options->max_df * n_docs);
      return NULL;
    }

  self = g_new0 (LabTfidf, 1);
  self->options = *options;
  self->n_docs = n_docs;
  self->n_terms = n_keep;
  self->terms = g_new0 (char *, n_keep + 1);
  self->idf = g_new (double, n_keep);
  self->df = g_new (guint, n_keep);
  self->corpus_count = g_new (double, n_keep);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_names; i++)
    if (new_col[i])
      {
        guint c = new_col[i] - 1;
        double n = n_docs, f = df[i];

        self->terms[c] = g_strdup (g_ptr_array_index (names, i));
        self->df[c] = df[i];
        self->corpus_count[c] = corpus[i];
        switch (options->idf)
          {
          case LAB_IDF_SMOOTH:
            self->idf[c] = log ((n + 1) / (f + 1)) + 1;
            break;
          case LAB_IDF_PLAIN:
            self->idf[c] = log (n / f) + 1;
            break;
          case LAB_IDF_NONE:
          default:
            self->idf[c] = 1;
            break;
          }
      }
  for (guint c = 0; c < n_keep; c++)
    g_hash_table_insert (self->index, self->terms[c], GUINT_TO_POINTER (c + 1));

  self->row_ptr = g_new (gsize, n_docs + 1);
  self->row_ptr[0] = 0;
  for (guint d = 0; d < n_docs; d++)
    {
      GArray *cells = g_ptr_array_index (rows, d);
      guint m = 0;

      for (guint k = 0; k < cells->len; k++)
        {
          Cell *c = &g_array_index (cells, Cell, k);

          if (new_col[c->term])
            g_array_index (cells, Cell, m++) = (Cell) { new_col[c->term] - 1, c->count };
        }
      g_array_set_size (cells, m);
      nnz += m;
      self->row_ptr[d + 1] = nnz;
    }
  self->col = g_new (guint, MAX (nnz, 1));
  self->val = g_new (double, MAX (nnz, 1));
  for (guint d = 0; d < n_docs; d++)
    {
      GArray *cells = g_ptr_array_index (rows, d);
      gsize at = self->row_ptr[d];

      if ((d & 255) == 0 && progress != NULL)
        progress (0.8 + 0.2 * d / n_docs, user_data);
      g_array_sort (cells, compare_cells);
      for (guint k = 0; k < cells->len; k++)
        {
          Cell *c = &g_array_index (cells, Cell, k);

          self->col[at + k] = c->term;
          self->val[at + k] = tf_weight (options->tf, c->count) * self->idf[c->term];
        }
      normalise (self->val + at, cells->len, options->norm);
    }
  if (progress != NULL)
    progress (1.0, user_data);
  return self;
}

void
lab_tfidf_free (LabTfidf *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_strfreev (self->terms);
  g_free (self->idf);
  g_free (self->df);
  g_free (self->corpus_count);
  g_free (self->row_ptr);
  g_free (self->col);
  g_free (self->val);
  g_free (self);
}

double *
lab_tfidf_transform (const LabTfidf *self,
                     const char     *text)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) cells = count_terms (text, self->options.stop_words, self->index, names, FALSE);
  double *v = g_new0 (double, self->n_terms);

  for (guint k = 0; k < cells->len; k++)
    {
      Cell *c = &g_array_index (cells, Cell, k);

      v[c->term] = tf_weight (self->options.tf, c->count) * self->idf[c->term];
    }
  normalise (v, self->n_terms, self->options.norm);
  return v;
}

double
lab_tfidf_row_dot (const LabTfidf *self,
                   guint           a,
                   guint           b)
{
  gsize i = self->row_ptr[a], ie = self->row_ptr[a + 1];
  gsize j = self->row_ptr[b], je = self->row_ptr[b + 1];
  double s = 0;

  while (i < ie && j < je)
    {
      if (self->col[i] == self->col[j])
        s += self->val[i++] * self->val[j++];
      else if (self->col[i] < self->col[j])
        i++;
      else
        j++;
    }
  return s;
}

double
lab_tfidf_row_norm (const LabTfidf *self,
                    guint           d)
{
  return sqrt (lab_tfidf_row_dot (self, d, d));
}

/* ------------------------------------------------------------------ */
/* byte-pair encoding */

typedef struct
{
  GPtrArray  *names;     /* symbol id → string */
  GHashTable *ids;       /* string → id + 1 */
} Symbols;

static guint
symbol_intern (Symbols    *s,
               const char *name)
{
  guint id = GPOINTER_TO_UINT (g_hash_table_lookup (s->ids, name));

  if (id == 0)
    {
      g_ptr_array_add (s->names, g_strdup (name));
      id = s->names->len;
      g_hash_table_insert (s->ids, g_ptr_array_index (s->names, id - 1), GUINT_TO_POINTER (id));
    }
  return id - 1;
}

#define PAIR_KEY(a, b) (((guint64) (a) << 32) | (guint64) (b))

typedef struct
{
  guint  a, b;
  gint64 count;
} PairCount;

static int
compare_pair_counts (const void *x,
                     const void *y,
                     gpointer    names)
{
  const PairCount *p = x, *q = y;
  int c;

  if (p->count != q->count)
    return p->count > q->count ? -1 : 1;
  c = strcmp (g_ptr_array_index ((GPtrArray *) names, p->a), g_ptr_array_index ((GPtrArray *) names, q->a));
  if (c != 0)
    return c;
  return strcmp (g_ptr_array_index ((GPtrArray *) names, p->b), g_ptr_array_index ((GPtrArray *) names, q->b));
}

/* adds @sign × @freq for every adjacent pair and symbol of @word */
static void
account_word (GArray      *word,
              gint64       freq,
              GHashTable  *pairs,
              gint64      *usage)
{
  const guint *s = (const guint *) word->data;

  for (guint i = 0; i < word->len; i++)
    usage[s[i]] += freq;
  for (guint i = 0; i + 1 < word->len; i++)
    {
      guint64 key = PAIR_KEY (s[i], s[i + 1]);
      gint64 *c = g_hash_table_lookup (pairs, &key);

      if (c == NULL)
        {
          guint64 *k = g_new (guint64, 1);

          *k = key;
          c = g_new0 (gint64, 1);
          g_hash_table_insert (pairs, k, c);
        }
      *c += freq;
    }
}

static GArray *
word_symbols (const char *word,
              Symbols    *symbols)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);
      g_autofree char *ch = *next == '\0' ? g_strdup_printf ("%.*s%s", (int) (next - p), p, LAB_BPE_EOW)
                                          : g_strndup (p, (gsize) (next - p));
      guint id;

      id = symbol_intern (symbols, ch);
      g_array_append_val (out, id);
    }
  return out;
}

LabBpe *
lab_bpe_train (const char * const *docs,
               guint               n_docs,
               guint               max_merges,
               guint               top_k,
               void              (*progress) (double, gpointer),
               gpointer            user_data,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree char **distinct = NULL;
  g_autofree gint64 *freq = NULL;
  g_autoptr(GArray) usage = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) merges = g_array_new (FALSE, FALSE, sizeof (LabBpePair));
  g_autoptr(GArray) top = g_array_new (FALSE, FALSE, sizeof (LabBpePair));
  g_autoptr(GArray) n_top = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) vocabulary = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) mean_tokens = g_array_new (FALSE, FALSE, sizeof (double));
  Symbols symbols = { g_ptr_array_new_with_free_func (g_free), g_hash_table_new (g_str_hash, g_str_equal) };
  guint n_words;
  gint64 occurrences = 0, total_symbols = 0;
  LabBpe *self = NULL;

  for (guint d = 0; d < n_docs; d++)
    {
      g_autoptr(LabTokens) toks = lab_tokens_new (docs[d], LAB_TOKENIZE_WORDS);

      if ((d & 255) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (progress != NULL)
            progress (0.3 * d / n_docs, user_data);
        }
      for (guint i = 0; i < toks->n; i++)
        {
          gpointer c = g_hash_table_lookup (counts, toks->tokens[i]);

          g_hash_table_replace (counts, g_strdup (toks->tokens[i]), GSIZE_TO_POINTER (GPOINTER_TO_SIZE (c) + 1));
        }
    }
  if (g_hash_table_size (counts) == 0)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_DATA, _("the corpus holds no words to learn merges from"));
      goto out;
    }
  distinct = (char **) g_hash_table_get_keys_as_array (counts, &n_words);
  qsort (distinct, n_words, sizeof (char *), compare_cstr);
  freq = g_new (gint64, n_words);
  for (guint w = 0; w < n_words; w++)
    {
      GArray *word = word_symbols (distinct[w], &symbols);

      freq[w] = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (counts, distinct[w]));
      occurrences += freq[w];
      total_symbols += freq[w] * word->len;
      g_ptr_array_add (words, word);
    }
  g_array_set_size (usage, symbols.names->len + max_merges + 1);
  for (guint w = 0; w < n_words; w++)
    account_word (g_ptr_array_index (words, w), freq[w], pairs, (gint64 *) usage->data);

  for (guint step = 0;; step++)
    {
      g_autofree PairCount *all = g_new (PairCount, g_hash_table_size (pairs) + 1);
      guint n_all = 0, in_use = 0, best_a, best_b, merged;
      GHashTableIter iter;
      gpointer key, value;
      LabBpePair pair;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (progress != NULL && (step & 15) == 0)
        progress (0.3 + 0.7 * step / MAX (max_merges, 1), user_data);
      for (guint s = 0; s < symbols.names->len; s++)
        in_use += g_array_index (usage, gint64, s) > 0;
      g_array_append_val (vocabulary, in_use);
      {
        double m = (double) total_symbols / occurrences;

        g_array_append_val (mean_tokens, m);
      }
      g_hash_table_iter_init (&iter, pairs);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (*(gint64 *) value > 0)
          {
            guint64 k = *(guint64 *) key;

            all[n_all++] = (PairCount) { (guint) (k >> 32), (guint) (k & 0xffffffffu), *(gint64 *) value };
          }
      g_qsort_with_data (all, (gint) n_all, sizeof (PairCount), compare_pair_counts, symbols.names);
      for (guint i = 0; i < top_k; i++)
        {
          LabBpePair t = { NULL, NULL, 0 };

          if (i < n_all)
            t = (LabBpePair) { g_strdup (g_ptr_array_index (symbols.names, all[i].a)),
                               g_strdup (g_ptr_array_index (symbols.names, all[i].b)), all[i].count };
          g_array_append_val (top, t);
        }
      {
        guint shown = MIN (top_k, n_all);

        g_array_append_val (n_top, shown);
      }
      if (step == max_merges || n_all == 0)
        break;

      best_a = all[0].a;
      best_b = all[0].b;
      pair = (LabBpePair) { g_strdup (g_ptr_array_index (symbols.names, best_a)),
                            g_strdup (g_ptr_array_index (symbols.names, best_b)), all[0].count };
      g_array_append_val (merges, pair);
      {
        g_autofree char *joined = g_strconcat (pair.left, pair.right, NULL);

        merged = symbol_intern (&symbols, joined);
        if (usage->len <= merged)
          g_array_set_size (usage, merged + 1);
      }
      /* merge in every word that holds the pair: take its counts out, merge left to right
       * without overlaps, put them back */
      for (guint w = 0; w < n_words; w++)
        {
          GArray *word = g_ptr_array_index (words, w);
          guint *s = (guint *) word->data;
          gboolean has = FALSE;
          guint j = 0;

          for (guint i = 0; i + 1 < word->len && !has; i++)
            has = s[i] == best_a && s[i + 1] == best_b;
          if (!has)
            continue;
          for (guint i = 0; i + 1 < word->len; i++)   /* take the old pairs out */
            {
              guint64 k = PAIR_KEY (s[i], s[i + 1]);

              *(gint64 *) g_hash_table_lookup (pairs, &k) -= freq[w];
            }
          for (guint i = 0; i < word->len; i++)
            g_array_index (usage, gint64, s[i]) -= freq[w];
          total_symbols -= freq[w] * word->len;
          for (guint i = 0; i < word->len; i++)
            {
              if (i + 1 < word->len && s[i] == best_a && s[i + 1] == best_b)
                {
                  s[j++] = merged;
                  i++;
                }
              else
                s[j++] = s[i];
            }
          g_array_set_size (word, j);
          total_symbols += freq[w] * word->len;
          account_word (word, freq[w], pairs, (gint64 *) usage->data);
        }
    }

  self = g_new0 (LabBpe, 1);
  self->n_merges = merges->len;
  self->merges = (LabBpePair *) g_array_free (g_steal_pointer (&merges), FALSE);
  self->top_k = top_k;
  self->top = (LabBpePair *) g_array_free (g_steal_pointer (&top), FALSE);
  self->n_top = (guint *) g_array_free (g_steal_pointer (&n_top), FALSE);
  self->vocabulary = (guint *) g_array_free (g_steal_pointer (&vocabulary), FALSE);
  self->mean_tokens = (double *) g_array_free (g_steal_pointer (&mean_tokens), FALSE);
  self->n_words = n_words;
  self->n_occurrences = occurrences;

out:
  if (merges != NULL)
    for (guint i = 0; i < merges->len; i++)
      {
        g_free (g_array_index (merges, LabBpePair, i).left);
        g_free (g_array_index (merges, LabBpePair, i).right);
      }
  if (top != NULL)
    for (guint i = 0; i < top->len; i++)
      {
        g_free (g_array_index (top, LabBpePair, i).left);
        g_free (g_array_index (top, LabBpePair, i).right);
      }
  g_ptr_array_unref (symbols.names);
  g_hash_table_unref (symbols.ids);
  return self;
}

void
lab_bpe_free (LabBpe *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_merges; i++)
    {
      g_free (self->merges[i].left);
      g_free (self->merges[i].right);
    }
  for (guint i = 0; i < (self->n_merges + 1) * self->top_k; i++)
    {
      g_free (self->top[i].left);
      g_free (self->top[i].right);
    }
  g_free (self->merges);
  g_free (self->top);
  g_free (self->n_top);
  g_free (self->vocabulary);
  g_free (self->mean_tokens);
  g_free (self);
}

char **
lab_bpe_encode (const LabBpe *self,
                guint         n_merges,
                const char   *text)
{
  g_autoptr(GHashTable) rank = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(LabTokens) toks = lab_tokens_new (text, LAB_TOKENIZE_WORDS);
  GPtrArray *out = g_ptr_array_new ();

  n_merges = MIN (n_merges, self->n_merges);
  /* symbols never hold '\n' (they come from words), so it separates the two halves */
  for (guint m = 0; m < n_merges; m++)
    g_hash_table_insert (rank, g_strconcat (self->merges[m].left, "\n", self->merges[m].right, NULL),
                         GUINT_TO_POINTER (m + 1));
  for (guint t = 0; t < toks->n; t++)
    {
      g_autoptr(GPtrArray) sym = g_ptr_array_new_with_free_func (g_free);
      const char *w = toks->tokens[t];

      for (const char *p = w; *p != '\0'; p = g_utf8_next_char (p))
        {
          const char *next = g_utf8_next_char (p);

          g_ptr_array_add (sym, *next == '\0' ? g_strdup_printf ("%.*s%s", (int) (next - p), p, LAB_BPE_EOW)
                                              : g_strndup (p, (gsize) (next - p)));
        }
      for (;;)
        {
          guint best = 0, i = 0;
          g_autofree char *left = NULL, *right = NULL;

          for (guint k = 0; k + 1 < sym->len; k++)
            {
              g_autofree char *key = g_strconcat (g_ptr_array_index (sym, k), "\n", g_ptr_array_index (sym, k + 1), NULL);
              guint r = GPOINTER_TO_UINT (g_hash_table_lookup (rank, key));

              if (r != 0 && (best == 0 || r < best))
                best = r;
            }
          if (best == 0)
            break;
          left = g_strdup (self->merges[best - 1].left);
          right = g_strdup (self->merges[best - 1].right);
          while (i + 1 < sym->len)
            {
              if (g_str_equal (g_ptr_array_index (sym, i), left) && g_str_equal (g_ptr_array_index (sym, i + 1), right))
                {
                  char *joined = g_strconcat (left, right, NULL);

                  g_free (g_ptr_array_index (sym, i));
                  sym->pdata[i] = joined;
                  g_ptr_array_remove_index (sym, i + 1);
                }
              i++;
            }
        }
      for (guint k = 0; k < sym->len; k++)
        g_ptr_array_add (out, g_strdup (g_ptr_array_index (sym, k)));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* n-grams */

/* token strings → small integers, shared by a candidate and its references */
static guint *
token_ids (const LabTokens *t,
           GHashTable      *ids)
{
  guint *out = g_new (guint, MAX (t->n, 1));

  for (guint i = 0; i < t->n; i++)
    {
      guint id = GPOINTER_TO_UINT (g_hash_table_lookup (ids, t->tokens[i]));

      if (id == 0)
        {
          id = g_hash_table_size (ids) + 1;
          g_hash_table_insert (ids, t->tokens[i], GUINT_TO_POINTER (id));
        }
      out[i] = id;
    }
  return out;
}

/* n-gram → count; keys are the ids as text ("3 17 4") */
static GHashTable *
ngram_counts (const guint *ids,
              guint        len,
              guint        n,
              gint64      *total)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *key = g_string_new (NULL);

  *total = 0;
  for (guint i = 0; i + n <= len; i++)
    {
      gpointer c;

      g_string_truncate (key, 0);
      for (guint k = 0; k < n; k++)
        g_string_append_printf (key, "%u ", ids[i + k]);
      c = g_hash_table_lookup (counts, key->str);
      g_hash_table_replace (counts, g_strdup (key->str), GSIZE_TO_POINTER (GPOINTER_TO_SIZE (c) + 1));
      (*total)++;
    }
  g_string_free (key, TRUE);
  return counts;
}

/* Σ over the candidate's n-grams of min(count, the largest count in any reference) */
static gint64
clipped_overlap (GHashTable  *cand,
                 GHashTable **refs,
                 guint        n_refs)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 overlap = 0;

  g_hash_table_iter_init (&iter, cand);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 best = 0;

      for (guint r = 0; r < n_refs; r++)
        best = MAX (best, (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (refs[r], key)));
      overlap += MIN ((gint64) GPOINTER_TO_SIZE (value), best);
    }
  return overlap;
}

/* ------------------------------------------------------------------ */
/* BLEU */

void
lab_bleu_stats_init (LabBleuStats *stats,
                     guint         max_n)
{
  g_return_if_fail (max_n >= 1 && max_n <= LAB_BLEU_MAX_N);
  memset (stats, 0, sizeof *stats);
  stats->max_n = max_n;
}

void
lab_bleu_stats_add (LabBleuStats             *stats,
                    const LabTokens          *candidate,
                    const LabTokens * const  *references,
                    guint                     n_references)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *cid = token_ids (candidate, ids);
  g_autofree guint **rid = g_new0 (guint *, MAX (n_references, 1));
  guint closest = 0;

  g_return_if_fail (n_references >= 1);
  for (guint r = 0; r < n_references; r++)
    rid[r] = token_ids (references[r], ids);
  for (guint n = 1; n <= stats->max_n; n++)
    {
      g_autofree GHashTable **rc = g_new0 (GHashTable *, n_references);
      GHashTable *cc;
      gint64 total, ignored;

      cc = ngram_counts (cid, candidate->n, n, &total);
      for (guint r = 0; r < n_references; r++)
        rc[r] = ngram_counts (rid[r], references[r]->n, n, &ignored);
      stats->matches[n - 1] += clipped_overlap (cc, rc, n_references);
      stats->total[n - 1] += MAX (total, 1);
      g_hash_table_unref (cc);
      for (guint r = 0; r < n_references; r++)
        g_hash_table_unref (rc[r]);
    }
  /* the reference length closest to the candidate's, the shorter on a tie */
  for (guint r = 0; r < n_references; r++)
    {
      guint len = references[r]->n;
      gint64 d = ABS ((gint64) len - (gint64) candidate->n);
      gint64 dc = ABS ((gint64) closest - (gint64) candidate->n);

      if (r == 0 || d < dc || (d == dc && len < closest))
        closest = len;
      g_free (rid[r]);
    }
  stats->hyp_len += candidate->n;
  stats->ref_len += closest;
}

double
lab_bleu_score (const LabBleuStats *stats,
                LabBleuSmoothing    smoothing,
                double             *precisions,
                double             *bp_out)
{
  double p[LAB_BLEU_MAX_N];
  double bp, s = 0;
  guint k = 1;
  gboolean zero = FALSE;

  if (stats->hyp_len > stats->ref_len)
    bp = 1.0;
  else if (stats->hyp_len == 0)
    bp = 0.0;
  else
    bp = exp (1.0 - (double) stats->ref_len / (double) stats->hyp_len);
  if (bp_out != NULL)
    *bp_out = bp;

  for (guint n = 0; n < stats->max_n; n++)
    {
      double m = stats->matches[n], c = stats->total[n];

      p[n] = m / c;
      if (stats->matches[n] == 0)
        {
          zero = TRUE;
          if (smoothing == LAB_BLEU_SMOOTH_FLOOR)
            p[n] = 0.1 / c;
          else if (smoothing == LAB_BLEU_SMOOTH_NIST)
            p[n] = 1.0 / (ldexp (1.0, (int) k++) * c);
        }
      if (smoothing == LAB_BLEU_SMOOTH_ADD_ONE && n > 0)
        p[n] = (m + 1) / (c + 1);
    }
  if (precisions != NULL)
    memcpy (precisions, p, stats->max_n * sizeof (double));
  /* no unigram in common: 0 whatever the smoothing (as nltk) */
  if (stats->matches[0] == 0)
    return 0.0;
  if (zero && smoothing == LAB_BLEU_SMOOTH_NONE)
    return 0.0;
  for (guint n = 0; n < stats->max_n; n++)
    if (p[n] > 0)
      s += log (p[n]) / stats->max_n;
  return bp * exp (s);
}

/* ------------------------------------------------------------------ */
/* ROUGE */

static LabPrf
prf (double overlap,
     double n_cand,
     double n_ref)
{
  LabPrf out;

  out.p = n_cand > 0 ? overlap / n_cand : 0.0;
  out.r = n_ref > 0 ? overlap / n_ref : 0.0;
  out.f = out.p + out.r > 0 ? 2 * out.p * out.r / (out.p + out.r) : 0.0;
  return out;
}

LabPrf
lab_rouge_n (const LabTokens *candidate,
             const LabTokens *reference,
             guint            n)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *cid = token_ids (candidate, ids);
  g_autofree guint *rid = token_ids (reference, ids);
  g_autoptr(GHashTable) cc = NULL;
  g_autoptr(GHashTable) rc = NULL;
  gint64 nc, nr;
  gint64 overlap;

  g_return_val_if_fail (n >= 1, prf (0, 0, 0));
  cc = ngram_counts (cid, candidate->n, n, &nc);
  rc = ngram_counts (rid, reference->n, n, &nr);
  overlap = clipped_overlap (cc, &rc, 1);
  return prf (overlap, nc, nr);
}

LabPrf
lab_rouge_l (const LabTokens *candidate,
             const LabTokens *reference,
             gboolean        *in_cand,
             gboolean        *in_ref)
{
  guint m = candidate->n, n = reference->n;
  gsize w = (gsize) n + 1;
  g_autofree guint *t = g_new0 (guint, ((gsize) m + 1) * w);

  for (guint i = 1; i <= m; i++)
    for (guint j = 1; j <= n; j++)
      t[i * w + j] = g_str_equal (candidate->tokens[i - 1], reference->tokens[j - 1])
                     ? t[(i - 1) * w + j - 1] + 1
                     : MAX (t[(i - 1) * w + j], t[i * w + j - 1]);
  if (in_cand != NULL)
    memset (in_cand, 0, m * sizeof (gboolean));
  if (in_ref != NULL)
    memset (in_ref, 0, n * sizeof (gboolean));
  for (guint i = m, j = n; i > 0 && j > 0;)
    {
      if (g_str_equal (candidate->tokens[i - 1], reference->tokens[j - 1]))
        {
          if (in_cand != NULL)
            in_cand[i - 1] = TRUE;
          if (in_ref != NULL)
            in_ref[j - 1] = TRUE;
          i--, j--;
        }
      else if (t[(i - 1) * w + j] >= t[i * w + j - 1])
        i--;
      else
        j--;
    }
  return prf (t[(gsize) m * w + n], m, n);
}

/* ------------------------------------------------------------------ */
/* METEOR */

/* Beyond this many maximal alignments in one stage the search stops comparing and keeps the
 * in-order choice (the leftmost occurrences), and says so in `exhaustive`. */
#define METEOR_MAX_ALIGNMENTS 20000

/* One word type of a stage: its unaligned occurrences in the candidate and the reference; the
 * smaller side is aligned in order to a k-subset (in order) of the larger. */
typedef struct
{
  GArray *c, *r;      /* guint positions */
  guint   k;
  guint  *choice;     /* k indices into the larger side, increasing */
} MeteorType;

static guint
meteor_crossings (const int *c2r,
                  guint      n)
{
  guint x = 0;

  for (guint i = 0; i < n; i++)
    if (c2r[i] >= 0)
      for (guint j = i + 1; j < n; j++)
        if (c2r[j] >= 0 && c2r[j] < c2r[i])
          x++;
  return x;
}

/* lexicographic on the reference positions in candidate order, unaligned last */
static int
compare_alignments (const int *a,
                    const int *b,
                    guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      guint x = a[i] < 0 ? G_MAXUINT : (guint) a[i], y = b[i] < 0 ? G_MAXUINT : (guint) b[i];

      if (x != y)
        return x < y ? -1 : 1;
    }
  return 0;
}

static void
meteor_apply (MeteorType *types,
              guint       n_types,
              int        *c2r)
{
  for (guint t = 0; t < n_types; t++)
    {
      MeteorType *m = &types[t];
      gboolean c_small = m->c->len <= m->r->len;

      for (guint q = 0; q < m->k; q++)
        {
          guint ci = c_small ? g_array_index (m->c, guint, q) : g_array_index (m->c, guint, m->choice[q]);
          guint ri = c_small ? g_array_index (m->r, guint, m->choice[q]) : g_array_index (m->r, guint, q);

          c2r[ci] = (int) ri;
        }
    }
}

/* the next k-subset of {0 … n-1} in lexicographic order; FALSE after the last */
static gboolean
next_subset (guint *s,
             guint  k,
             guint  n)
{
  int i = (int) k - 1;

  while (i >= 0 && s[i] == n - k + (guint) i)
    i--;
  if (i < 0)
    return FALSE;
  s[i]++;
  for (guint j = (guint) i + 1; j < k; j++)
    s[j] = s[j - 1] + 1;
  return TRUE;
}

/* c2r holds the alignment so far; aligns the still free tokens whose keys are equal */
static gboolean
meteor_stage (char *const *ckeys,
              guint        n_cand,
              char *const *rkeys,
              guint        n_ref,
              int         *c2r,
              const gboolean *ref_used_in,
              guint8      *kind,
              guint8       stage)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) types = g_array_new (FALSE, TRUE, sizeof (MeteorType));
  g_autofree int *best = g_memdup2 (c2r, n_cand * sizeof (int));
  g_autofree int *trial = g_new (int, MAX (n_cand, 1));
  g_autofree gboolean *ref_used = g_memdup2 (ref_used_in, MAX (n_ref, 1) * sizeof (gboolean));
  double combos = 1;
  guint best_x = G_MAXUINT;
  gboolean exhaustive = TRUE;

  for (guint i = 0; i < n_cand; i++)
    if (c2r[i] < 0 && ckeys[i] != NULL)
      {
        guint t = GPOINTER_TO_UINT (g_hash_table_lookup (by_key, ckeys[i]));

        if (t == 0)
          {
            MeteorType m = { g_array_new (FALSE, FALSE, sizeof (guint)), g_array_new (FALSE, FALSE, sizeof (guint)), 0, NULL };

            g_array_append_val (types, m);
            t = types->len;
            g_hash_table_insert (by_key, ckeys[i], GUINT_TO_POINTER (t));
          }
        g_array_append_val (g_array_index (types, MeteorType, t - 1).c, i);
      }
  for (guint j = 0; j < n_ref; j++)
    if (!ref_used[j] && rkeys[j] != NULL)
      {
        guint t = GPOINTER_TO_UINT (g_hash_table_lookup (by_key, rkeys[j]));

        if (t != 0)
          g_array_append_val (g_array_index (types, MeteorType, t - 1).r, j);
      }
  for (guint t = 0; t < types->len; t++)
    {
      MeteorType *m = &g_array_index (types, MeteorType, t);
      guint big = MAX (m->c->len, m->r->len);

      m->k = MIN (m->c->len, m->r->len);
      m->choice = g_new (guint, MAX (m->k, 1));
      for (guint q = 0; q < m->k; q++)
        m->choice[q] = q;
      /* C(big, k) */
      for (guint q = 0; q < m->k; q++)
        combos *= (double) (big - q) / (q + 1);
    }
  /* each comparison counts crossings in O(n²): bound the work as well as the count */
  if (combos > METEOR_MAX_ALIGNMENTS || combos * n_cand * n_cand > 5e7)
    {
      /* too many to compare: the in-order choice */
      exhaustive = FALSE;
      meteor_apply ((MeteorType *) types->data, types->len, best);
    }
  else
    for (;;)
      {
        guint x;
        guint t;

        memcpy (trial, c2r, n_cand * sizeof (int));
        meteor_apply ((MeteorType *) types->data, types->len, trial);
        x = meteor_crossings (trial, n_cand);
        /* fewest crossings; on a tie the smaller reference positions in candidate order */
        if (x < best_x || (x == best_x && compare_alignments (trial, best, n_cand) < 0))
          {
            best_x = x;
            memcpy (best, trial, n_cand * sizeof (int));
          }
        /* the next combination: an odometer over the types */
        for (t = 0; t < types->len; t++)
          {
            MeteorType *m = &g_array_index (types, MeteorType, t);
            guint big = MAX (m->c->len, m->r->len);

            if (next_subset (m->choice, m->k, big))
              break;
            for (guint q = 0; q < m->k; q++)
              m->choice[q] = q;
          }
        if (t == types->len)
          break;
      }
  for (guint i = 0; i < n_cand; i++)
    if (c2r[i] < 0 && best[i] >= 0)
      {
        c2r[i] = best[i];
        kind[i] = stage;
      }
  for (guint t = 0; t < types->len; t++)
    {
      MeteorType *m = &g_array_index (types, MeteorType, t);

      g_array_unref (m->c);
      g_array_unref (m->r);
      g_free (m->choice);
    }
  return exhaustive;
}

static char **
porter_stems (const LabTokens *t)
{
  struct sb_stemmer *stemmer = sb_stemmer_new ("porter", "UTF_8");
  char **out = g_new0 (char *, t->n + 1);

  for (guint i = 0; i < t->n; i++)
    {
      const sb_symbol *s = stemmer != NULL
        ? sb_stemmer_stem (stemmer, (const sb_symbol *) t->tokens[i], (int) strlen (t->tokens[i])) : NULL;

      out[i] = g_strdup (s != NULL ? (const char *) s : t->tokens[i]);
    }
  if (stemmer != NULL)
    sb_stemmer_delete (stemmer);
  return out;
}

LabMeteor *
lab_meteor_new (const LabTokens *candidate,
                const LabTokens *reference)
{
  LabMeteor *self = g_new0 (LabMeteor, 1);
  guint n = candidate->n, m = reference->n;
  g_autofree gboolean *used = g_new0 (gboolean, MAX (m, 1));
  g_auto(GStrv) cs = porter_stems (candidate);
  g_auto(GStrv) rs = porter_stems (reference);

  self->n_cand = n;
  self->n_ref = m;
  self->cand_to_ref = g_new (int, MAX (n, 1));
  self->kind = g_new0 (guint8, MAX (n, 1));
  self->chunk = g_new0 (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    self->cand_to_ref[i] = -1;

  self->exhaustive = meteor_stage (candidate->tokens, n, reference->tokens, m, self->cand_to_ref, used,
                                   self->kind, LAB_METEOR_EXACT);
  for (guint i = 0; i < n; i++)
    if (self->cand_to_ref[i] >= 0)
      used[self->cand_to_ref[i]] = TRUE;
  self->exhaustive &= meteor_stage (cs, n, rs, m, self->cand_to_ref, used, self->kind, LAB_METEOR_STEM);

  /* chunks: runs of aligned tokens adjacent and in the same order in both texts */
  {
    int prev_i = -2, prev_j = -2;

    for (guint i = 0; i < n; i++)
      {
        int j = self->cand_to_ref[i];

        if (j < 0)
          continue;
        if (!(prev_i == (int) i - 1 && prev_j == j - 1) || self->matches == 0)
          self->chunks++;
        self->chunk[i] = self->chunks - 1;
        self->matches++;
        prev_i = (int) i;
        prev_j = j;
      }
  }
  self->crossings = meteor_crossings (self->cand_to_ref, n);
  if (self->matches > 0)
    {
      double fr = (double) self->chunks / self->matches;

      self->p = (double) self->matches / n;
      self->r = (double) self->matches / m;
      self->fmean = 10 * self->p * self->r / (self->r + 9 * self->p);
      self->penalty = 0.5 * fr * fr * fr;
      self->score = self->fmean * (1 - self->penalty);
    }
  return self;
}

void
lab_meteor_free (LabMeteor *self)
{
  if (self == NULL)
    return;
  g_free (self->cand_to_ref);
  g_free (self->kind);
  g_free (self->chunk);
  g_free (self);
}
