/* nlp-params.c — the nlp topic: parameters, the sample corpus, presets, the topic (notes §4.20, §5.1–5.2.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "nlp-private.h"

G_DEFINE_ENUM_TYPE (LabNlpMode, lab_nlp_mode,
  G_DEFINE_ENUM_VALUE (LAB_NLP_MODE_TFIDF, "tfidf"),
  G_DEFINE_ENUM_VALUE (LAB_NLP_MODE_BPE, "bpe"),
  G_DEFINE_ENUM_VALUE (LAB_NLP_MODE_METRICS, "metrics"))

G_DEFINE_ENUM_TYPE (LabNlpSource, lab_nlp_source,
  G_DEFINE_ENUM_VALUE (LAB_NLP_SOURCE_SAMPLE, "sample"),
  G_DEFINE_ENUM_VALUE (LAB_NLP_SOURCE_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (LAB_NLP_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (LabTfKind, lab_nlp_tf,
  G_DEFINE_ENUM_VALUE (LAB_TF_RAW, "raw"),
  G_DEFINE_ENUM_VALUE (LAB_TF_LOG, "log"),
  G_DEFINE_ENUM_VALUE (LAB_TF_BINARY, "binary"))

G_DEFINE_ENUM_TYPE (LabIdfKind, lab_nlp_idf,
  G_DEFINE_ENUM_VALUE (LAB_IDF_SMOOTH, "smooth"),
  G_DEFINE_ENUM_VALUE (LAB_IDF_PLAIN, "plain"),
  G_DEFINE_ENUM_VALUE (LAB_IDF_NONE, "none"))

G_DEFINE_ENUM_TYPE (LabNormKind, lab_nlp_norm,
  G_DEFINE_ENUM_VALUE (LAB_NORM_L2, "l2"),
  G_DEFINE_ENUM_VALUE (LAB_NORM_L1, "l1"),
  G_DEFINE_ENUM_VALUE (LAB_NORM_NONE, "none"))

G_DEFINE_ENUM_TYPE (LabBleuSmoothing, lab_nlp_smoothing,
  G_DEFINE_ENUM_VALUE (LAB_BLEU_SMOOTH_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_BLEU_SMOOTH_FLOOR, "floor"),
  G_DEFINE_ENUM_VALUE (LAB_BLEU_SMOOTH_ADD_ONE, "add-one"),
  G_DEFINE_ENUM_VALUE (LAB_BLEU_SMOOTH_NIST, "nist-exponential"))

/* Twelve short documents on four subjects (pets, markets, cooking, space), so TF-IDF finds
 * the groups and BPE finds shared stems and endings; a few words carry accents. */
const char *const lab_nlp_sample_corpus[] = {
  "The cat sat on the mat and watched the birds outside the window.",
  "My dog chased the cat around the garden, then slept on the mat.",
  "Cats and dogs are loyal pets; a happy pet needs food, play and sleep.",
  "Stock markets fell sharply as investors sold shares and bought bonds.",
  "Investors watched the markets rally when the central bank lowered rates.",
  "Rising interest rates pushed bond prices lower and worried investors.",
  "Whisk the eggs with sugar, fold in the flour and bake the cake slowly.",
  "The café serves a naïve crème brûlée: burnt sugar over a baked custard.",
  "Bake the bread slowly; the flour, water and salt need a warm kitchen.",
  "The rocket launched at dawn and carried the telescope into orbit.",
  "Astronomers watched the telescope's first images of distant galaxies.",
  "The orbit of the station was lowered before the rocket's next launch.",
  NULL,
};

struct _LabNlpParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabNlpParams, lab_nlp_params, LAB_TYPE_PARAMS)

static gboolean
lab_nlp_params_is_relevant (LabParams  *params,
                            GParamSpec *pspec)
{
  LabNlpMode mode = lab_params_get_enum (params, "mode");
  LabNlpSource source = lab_params_get_enum (params, "source");
  const char *n = pspec->name;
  static const char *const tfidf[] = { "tf", "idf", "norm", "stop-words", "min-df", "max-df", "max-features",
                                       "query", "document", NULL };
  static const char *const bpe[] = { "merges", "sample-text", NULL };
  static const char *const metrics[] = { "candidate", "references", "smoothing", "max-n", NULL };

  if (g_strv_contains (tfidf, n))
    return mode == LAB_NLP_MODE_TFIDF;
  if (g_strv_contains (bpe, n))
    return mode == LAB_NLP_MODE_BPE;
  if (g_strv_contains (metrics, n))
    return mode == LAB_NLP_MODE_METRICS
           && (source != LAB_NLP_SOURCE_DATA || g_str_equal (n, "smoothing") || g_str_equal (n, "max-n"));
  if (g_str_equal (n, "text"))
    return mode != LAB_NLP_MODE_METRICS && source == LAB_NLP_SOURCE_TEXT;
  if (g_str_equal (n, "text-column"))
    return mode != LAB_NLP_MODE_METRICS && source == LAB_NLP_SOURCE_DATA;
  if (g_str_equal (n, "candidate-column") || g_str_equal (n, "reference-column"))
    return mode == LAB_NLP_MODE_METRICS && source == LAB_NLP_SOURCE_DATA;
  return TRUE;
}

static void
lab_nlp_params_class_init (LabNlpParamsClass *klass)
{
  LabParamsClass *pc = LAB_PARAMS_CLASS (klass);

  pc->is_relevant = lab_nlp_params_is_relevant;

  lab_params_class_add_enum (pc, "mode", N_("View"),
    N_("tfidf: term weights and document similarity; bpe: byte-pair merges step by step; "
       "metrics: BLEU, ROUGE and METEOR of a candidate against references"),
    LAB_TYPE_NLP_MODE, LAB_NLP_MODE_TFIDF, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (pc, "source", N_("Text source"),
    N_("sample: the built-in dozen documents; text: the Text parameter, documents separated by blank lines; "
       "data: a CSV column, one document (or candidate) per row"),
    LAB_TYPE_NLP_SOURCE, LAB_NLP_SOURCE_SAMPLE, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (pc, "text", N_("Text"),
    N_("Your documents, separated by blank lines (UTF-8, any script)"),
    "", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (pc, "text-column", N_("Text column"),
    N_("The dataset column holding one document per row"),
    "text", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_string (pc, "candidate-column", N_("Candidate column"),
    N_("The dataset column holding the candidate (system output) of each row"),
    "candidate", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_string (pc, "reference-column", N_("Reference column"),
    N_("The dataset column holding each row's references, separated by |"),
    "reference", LAB_PARAM_COLUMN, LAB_GROUP_DATA);

  lab_params_class_add_enum (pc, "tf", N_("Term frequency"),
    N_("raw: the count; log: 1 + ln(count) (sublinear); binary: 1 if present"),
    LAB_TYPE_NLP_TF, LAB_TF_RAW, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (pc, "idf", N_("Inverse document frequency"),
    N_("smooth: ln((1 + n)/(1 + df)) + 1; plain: ln(n/df) + 1; none: 1"),
    LAB_TYPE_NLP_IDF, LAB_IDF_SMOOTH, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (pc, "norm", N_("Row normalisation"),
    N_("l2: unit length, so a dot product is the cosine; l1: weights sum to 1; none"),
    LAB_TYPE_NLP_NORM, LAB_NORM_L2, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_boolean (pc, "stop-words", N_("Drop English stop words"),
    N_("Remove scikit-learn's 318 English stop words (the, and, of, …) before counting"),
    FALSE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (pc, "min-df", N_("Minimum document frequency"),
    N_("Keep only terms found in at least this many documents"),
    1, 1000, 1, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (pc, "max-df", N_("Maximum document frequency"),
    N_("Drop terms found in more than this fraction of the documents (corpus-specific stop words); 1 keeps all"),
    0.0, 1.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (pc, "max-features", N_("Maximum vocabulary"),
    N_("Keep only the most frequent terms in the corpus (0: all)"),
    0, 100000, 0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_string (pc, "query", N_("Query"),
    N_("Rank the documents by the cosine similarity of their TF-IDF rows to this text's"),
    "cat on a mat", LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (pc, "document", N_("Document"),
    N_("The document whose top terms are drawn as bars (click a row of the heat map)"),
    1, 1000000, 1, LAB_PARAM_VIEW | LAB_PARAM_BOUNDED, LAB_GROUP_VIEW);

  lab_params_class_add_int (pc, "merges", N_("Merges"),
    N_("Step through the byte-pair merges learnt: 0 is characters only"),
    0, MAX_MERGES, 10, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_string (pc, "sample-text", N_("Sample text"),
    N_("A sentence tokenised with the merges learnt so far"),
    "the lowest newest rockets launched", LAB_PARAM_VIEW, LAB_GROUP_VIEW);

  lab_params_class_add_string (pc, "candidate", N_("Candidate"),
    N_("The text to score (a system's output)"),
    "the cat sat on the mat", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (pc, "references", N_("References"),
    N_("One or more reference texts, separated by |"),
    "the cat is on the mat | there is a cat on the mat", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (pc, "smoothing", N_("BLEU smoothing"),
    N_("none; floor: ε = 0.1 for a zero count; add-one: (m + 1)/(c + 1) for n ≥ 2; "
       "nist-exponential: 1/2ᵏ for the k-th zero count (Chen & Cherry 2014, nltk methods 1–3)"),
    LAB_TYPE_NLP_SMOOTHING, LAB_BLEU_SMOOTH_NONE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (pc, "max-n", N_("BLEU n-gram order"),
    N_("The longest n-gram whose precision enters the geometric mean (4 is BLEU-4)"),
    1, LAB_BLEU_MAX_N, 4, LAB_PARAM_NONE, LAB_GROUP_MODEL);
}

static void
lab_nlp_params_init (LabNlpParams *self)
{
}

static const LabPreset nlp_presets[] = {
  { N_("TF-IDF: four subjects"), "mode=tfidf stop-words=true query='investors bonds'",
    N_("Without stop words the top terms name each document's subject, and the similarity matrix shows "
       "the groups. The query ranks document 4 first (cosine 0.435), then 5 (0.182) and 6 (0.170), which "
       "matches only “investors”: “bond” is not “bonds” without stemming.") },
  { N_("BPE: stems and endings"), "mode=bpe merges=40",
    N_("After 40 merges the 146 words of the sample (97 distinct) average 2.97 tokens instead of 4.56 "
       "characters; the first merges build “th”, “the_”, “ed_”, “and_”, and “investors_” is whole at merge 36. "
       "“rockets” still splits into r·oc·ke·t·s_: the corpus has only “rocket's”.") },
  { N_("A short candidate is penalised"),
    "mode=metrics candidate='the cat' references='the cat sat on the mat' max-n=2",
    N_("Both n-gram precisions are a perfect 1, yet BLEU-2 is 0.135: the brevity penalty exp(1 − 6/2) = e⁻² "
       "stands in for the recall BLEU does not measure. ROUGE-1 shows it directly: recall 2/6, F 0.5.") },
  { N_("Word order: BLEU vs ROUGE-L"),
    "mode=metrics candidate='on the mat the cat sat' references='the cat sat on the mat' smoothing=floor",
    N_("The same six words in another order: p₁ = 1 and ROUGE-1 F = 1, but p₄ falls to the floor 0.1/3 and "
       "BLEU-4 to 0.340; ROUGE-L drops to 0.5, because the longest common subsequence is “the cat sat” (or "
       "“on the mat”), half of each text.") },
  { N_("One reference vs four"),
    "mode=metrics candidate='the cat was sitting on the rug' references='the cat sat on the mat | a cat was "
    "sitting on a mat | the cat is on the rug | there is a cat sitting on the rug'",
    N_("Against “the cat sat on the mat” alone this candidate shares no trigram, so BLEU-4 is 0 (ROUGE-L F "
       "0.615). With four references its n-grams find matches in one or another: p₄ = 0.5 and BLEU-4 = "
       "0.795. More references reward legitimate variation.") },
  { N_("METEOR rewards stems"),
    "mode=metrics candidate='the cats were sitting quietly on the mats' references='the cat sat quietly on the mat'",
    N_("BLEU-4 is 0 and ROUGE-L F 0.533, but METEOR aligns “cats”–“cat” and “mats”–“mat” by their Porter stems: "
       "6 matches in 2 chunks, Fmean 0.845, penalty 0.019, METEOR 0.829. “sitting” and “sat” share no stem, and "
       "synonyms (WordNet) are not matched here.") },
};

const LabTopic lab_topic_nlp = {
  .id = "nlp",
  .title = N_("Text: TF-IDF, BPE, BLEU, ROUGE, METEOR"),
  .chapter = LAB_CHAPTER_EXTENDED,
  .sections = "§4.20, §5.1–5.2.3",
  .summary = N_("Weigh words with TF-IDF, watch byte-pair encoding merge characters into subwords, and see which n-grams BLEU and ROUGE count and which words METEOR aligns."),
  .params_get_type = lab_nlp_params_get_type,
  .compute = nlp_compute,
  .build = nlp_build,
  .metrics = nlp_metrics,
  .click = nlp_click,
  .suggest_range = nlp_suggest_range,
  .presets = nlp_presets,
  .n_presets = G_N_ELEMENTS (nlp_presets),
};
