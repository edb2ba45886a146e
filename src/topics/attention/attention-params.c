/* attention-params.c — the attention topic: parameters, presets, the topic (notes §3.1–3.3, §3.6, §3.8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "attention-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabAttentionSequence, lab_attention_sequence,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_SEQUENCE_RANDOM, "random"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_SEQUENCE_REPEATING, "repeating"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_SEQUENCE_COPY, "copy"))

G_DEFINE_ENUM_TYPE (LabAttentionMask, lab_attention_mask,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_MASK_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_MASK_CAUSAL, "causal"))

G_DEFINE_ENUM_TYPE (LabAttentionBias, lab_attention_bias,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_BIAS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_BIAS_ALIBI, "alibi"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_BIAS_RELATIVE, "relative"))

struct _LabAttentionParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabAttentionParams, lab_attention_params, LAB_TYPE_PARAMS)

static void
lab_attention_params_class_init (LabAttentionParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  /* temperature is the first double: the one a quick slider test moves */
  lab_params_class_add_double (params_class, "temperature", N_("Temperature"),
    N_("The logits are divided by this: below 1 sharpens every row towards its largest "
       "score (low entropy, collapse), above 1 flattens it towards uniform"),
    0.02, 50.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "sequence", N_("Sequence"),
    N_("random: random letters; repeating: a period-5 pattern ABCDE…; "
       "copy: a random first half repeated as the second half"),
    LAB_TYPE_ATTENTION_SEQUENCE, LAB_ATTENTION_SEQUENCE_RANDOM, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "tokens", N_("Tokens"),
    N_("Sequence length n: the attention matrices are n × n"),
    2, 512, 24, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "d-model", N_("Model width"),
    N_("d_model: the width of the token embeddings and of Q, K, V; must be a multiple of heads"),
    1, 1024, 64, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "heads", N_("Heads"),
    N_("Number of attention heads H; each works in d_head = d_model / H dimensions"),
    1, 16, 4, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "mask", N_("Mask"),
    N_("none: every query sees every key (an encoder); causal: query i sees keys j ≤ i only (a decoder)"),
    LAB_TYPE_ATTENTION_MASK, LAB_ATTENTION_MASK_NONE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "bias", N_("Position bias"),
    N_("none; alibi: the penalty −m_h·(i − j) with slopes m_h = 2^(−8h/H) (BLOOM, MPT); "
       "relative: a per-head bias by bucketed offset i − j (T5-style, random values here)"),
    LAB_TYPE_ATTENTION_BIAS, LAB_ATTENTION_BIAS_NONE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_seed (params_class, N_("Seed of the random embeddings and projections"), LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "head", N_("Head"),
    N_("Which head's attention weights the heatmap and the row view show (1 … heads)"),
    1, 16, 1, LAB_PARAM_VIEW | LAB_PARAM_BOUNDED, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "query", N_("Query row"),
    N_("The query position i whose weights over the keys are shown as bars (click a heatmap row)"),
    0, 511, 16, LAB_PARAM_VIEW | LAB_PARAM_BOUNDED, LAB_GROUP_VIEW);
}

static void
lab_attention_params_init (LabAttentionParams *self)
{
}

static const LabPreset attention_presets[] = {
  { N_("Causal mask"), "mask=causal tokens=24 query=16",
    N_("A decoder’s mask: row i spreads its weight over keys 0 … i only, so the heatmap is zero above the "
       "diagonal and the early rows, with few keys, are sharper (entropy at most ln(i + 1)).") },
  { N_("ALiBi recency bias"), "mask=causal bias=alibi heads=8 tokens=32 query=28",
    N_("Each head subtracts mₕ·(i − j): head 1 (m = 1/2) attends to the last few tokens, head 8 "
       "(m = 1/256) almost uniformly back — a window of roughly 1/mₕ tokens.") },
  { N_("Sharp (low temperature)"), "temperature=0.1",
    N_("Dividing the logits by τ = 0.1 makes nearly every row one-hot: the entropy bars fall towards 0 — "
       "attention collapse, with vanishing gradients through the softmax.") },
  { N_("Uniform (high temperature)"), "temperature=20",
    N_("At τ = 20 the rows flatten: the entropies approach their ceiling ln n and each output becomes nearly "
       "the plain average of the values.") },
  { N_("Copy pattern"), "sequence=copy tokens=32 query=17",
    N_("The sequence repeats itself. Head 1 (keys = queries) scores tokens by likeness, so query 17 puts most "
       "weight on itself (0.62) and about a fifth on its earlier copy: similarity, not yet the learned "
       "look-back of a trained copying head.") },
};


const LabTopic lab_topic_attention = {
  .id = "attention",
  .title = N_("Attention"),
  .chapter = LAB_CHAPTER_TRANSFORMERS,
  .sections = "§3.1–3.3, §3.6, §3.8",
  .summary = N_("Scaled dot-product attention of one layer: every head's weights as a heatmap, masks, ALiBi and relative biases, temperature and entropy."),
  .params_get_type = lab_attention_params_get_type,
  .compute = attention_compute,
  .build = attention_build,
  .metrics = attention_metrics,
  .click = attention_click,
  .suggest_range = attention_suggest_range,
  .presets = attention_presets,
  .n_presets = G_N_ELEMENTS (attention_presets),
};
