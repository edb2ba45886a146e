/* attention-params.c — the attention topic: parameters, presets, the topic (notes §3.1–3.3, §3.5, §3.6, §3.8)
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

G_DEFINE_ENUM_TYPE (LabAttentionPosition, lab_attention_position,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_POSITION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_POSITION_SINUSOIDAL, "sinusoidal"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_POSITION_ROPE, "rope"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_POSITION_ALIBI, "alibi"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_POSITION_RELATIVE, "relative"))

G_DEFINE_ENUM_TYPE (LabAttentionKernel, lab_attention_kernel,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_KERNEL_SOFTMAX, "softmax"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_KERNEL_PERFORMER, "performer"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_KERNEL_LINFORMER, "linformer"))

G_DEFINE_ENUM_TYPE (LabAttentionProjection, lab_attention_projection,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_PROJECTION_RANDOM, "random"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_PROJECTION_IDENTITY, "identity"))

G_DEFINE_ENUM_TYPE (LabAttentionView, lab_attention_view,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_VIEW_HEAD, "head"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_VIEW_GRID, "grid"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_VIEW_PIPELINE, "pipeline"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_VIEW_ENTROPY, "entropy"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_VIEW_SIMILARITY, "similarity"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_VIEW_POSITIONS, "positions"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_VIEW_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_VIEW_KV_CACHE, "kv-cache"))

G_DEFINE_ENUM_TYPE (LabAttentionSource, lab_attention_source,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (LabAttentionInput, lab_attention_input,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_INPUT_WEIGHTS, "weights"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_INPUT_LOGITS, "logits"))

struct _LabAttentionParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabAttentionParams, lab_attention_params, LAB_TYPE_PARAMS)

static gboolean
lab_attention_params_is_relevant (LabParams  *params,
                                  GParamSpec *pspec)
{
  const char *name = pspec->name;
  gboolean data = lab_params_get_enum (params, "source") == LAB_ATTENTION_SOURCE_DATA;
  LabAttentionView view = lab_params_get_enum (params, "view");
  LabAttentionKernel kernel = lab_params_get_enum (params, "kernel");
  gboolean kv_cache = view == LAB_ATTENTION_VIEW_KV_CACHE;
  gboolean text = *lab_params_get_string (params, "text") != '\0';
  static const char *const cache_only[] = { "layers", "seq-len", "batch", "dtype-bytes", "latent-dim", "rope-dim", NULL };
  static const char *const synthetic_only[] = { "sequence", "tokens", "text", "d-model", "heads", "kv-heads", "position",
                                                "rope-base", "scale", "qk-norm", "qk-gain", "kernel", "seed", NULL };

  if (g_strv_contains (cache_only, name))
    return kv_cache;
  if (g_str_equal (name, "input"))
    return data;
  if (g_str_equal (name, "source"))
    return !kv_cache;
  if (data && g_strv_contains (synthetic_only, name))
    return FALSE;
  if (kv_cache)
    return g_str_equal (name, "view") || g_str_equal (name, "d-model") || g_str_equal (name, "heads")
           || g_str_equal (name, "kv-heads");
  /* the old name shows only while a saved setting uses it, so it can be set back to none */
  if (g_str_equal (name, "bias"))
    return lab_params_get_enum (params, "bias") != LAB_ATTENTION_BIAS_NONE;
  if (g_str_equal (name, "sequence") || g_str_equal (name, "tokens"))
    return !text;
  if (g_str_equal (name, "rope-base"))
    return lab_params_get_enum (params, "position") == LAB_ATTENTION_POSITION_ROPE;
  if (g_str_equal (name, "qk-gain"))
    return lab_params_get_boolean (params, "qk-norm");
  if (g_str_equal (name, "features") || g_str_equal (name, "orthogonal"))
    return kernel == LAB_ATTENTION_KERNEL_PERFORMER;
  if (g_str_equal (name, "rank") || g_str_equal (name, "projection"))
    return kernel == LAB_ATTENTION_KERNEL_LINFORMER;
  if (g_str_equal (name, "train-length"))
    return view == LAB_ATTENTION_VIEW_POSITIONS;
  return TRUE;
}

static void
lab_attention_params_class_init (LabAttentionParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_attention_params_is_relevant;

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
  lab_params_class_add_string (params_class, "text", N_("Text"),
    N_("Your sentence, split on white space (at most 512 tokens): equal words get equal embeddings "
       "(drawn from the seed) and the words label the axes; when set, sequence and tokens follow it"),
    "", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("synthetic: tokens through a random attention layer; data: a CSV matrix of attention weights "
       "(one row per query, one column per key; optional header of key tokens and first column of query tokens)"),
    LAB_TYPE_ATTENTION_SOURCE, LAB_ATTENTION_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "input", N_("File holds"),
    N_("weights: rows ≥ 0 summing to 1 within 1e-6; logits: scores, the softmax (with temperature and mask) applied here"),
    LAB_TYPE_ATTENTION_INPUT, LAB_ATTENTION_INPUT_WEIGHTS, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "d-model", N_("Model width"),
    N_("d_model: the width of the token embeddings and of Q; a multiple of heads. The heatmap views "
       "take up to 1024, the KV-cache view up to 16384"),
    1, 16384, 64, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "heads", N_("Heads"),
    N_("Number of query heads H; each works in d_head = d_model / H dimensions. The heatmap views "
       "draw up to 16, the KV-cache view takes up to 128"),
    1, 128, 4, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "kv-heads", N_("Key/value heads"),
    N_("GQA: the query heads share keys and values in kv-heads groups (a divisor of heads); "
       "1 = MQA; 0 or heads = MHA"),
    0, 128, 0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "mask", N_("Mask"),
    N_("none: every query sees every key (an encoder); causal: query i sees keys j ≤ i only (a decoder)"),
    LAB_TYPE_ATTENTION_MASK, LAB_ATTENTION_MASK_NONE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "position", N_("Positions"),
    N_("none; sinusoidal: sin/cos codes added to the embeddings (Vaswani et al.); rope: q and k rotated "
       "in pairs by angle i·θ_p (Su et al.); alibi: the penalty −m_h·(i − j) (BLOOM, MPT); relative: a "
       "per-head bias by bucketed offset (T5-style, random values here)"),
    LAB_TYPE_ATTENTION_POSITION, LAB_ATTENTION_POSITION_SINUSOIDAL, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "rope-base", N_("RoPE base"),
    N_("θ_p = base^(−2p/d_head): the largest wavelength is about 2π·base"),
    10.0, 1e6, 10000.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "bias", N_("Position bias (old name)"),
    N_("The first pass's name for position=alibi|relative, kept so saved settings load; when not "
       "none it decides over position"),
    LAB_TYPE_ATTENTION_BIAS, LAB_ATTENTION_BIAS_NONE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_boolean (params_class, "scale", N_("Divide by √d_k"),
    N_("Scale the scores by 1/√d_k; off, the logits grow with d_k and the softmax saturates"),
    TRUE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_boolean (params_class, "qk-norm", N_("QK-norm"),
    N_("RMS-normalise q and k per head (gain 1) before the product; the scores are then also multiplied by qk-gain"),
    FALSE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "qk-gain", N_("QK gain"),
    N_("With qk-norm: the scores' factor on top of 1/√d_k (normalised q·k/√d_k lies within ±√d_k)"),
    0.01, 100.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "kernel", N_("Kernel"),
    N_("softmax: exact; performer: FAVOR+ positive random features; linformer: keys and values "
       "projected along the sequence to rank rows"),
    LAB_TYPE_ATTENTION_KERNEL, LAB_ATTENTION_KERNEL_SOFTMAX, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "features", N_("Random features"),
    N_("Performer: the number m of random features; the error falls like 1/√m"),
    1, 4096, 64, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_boolean (params_class, "orthogonal", N_("Orthogonal features"),
    N_("Performer: draw the feature directions in orthogonal blocks (lower variance)"),
    TRUE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "rank", N_("Linformer rank"),
    N_("Linformer: the n keys and values are projected to this many rows (at most n)"),
    1, 512, 8, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "projection", N_("Projection"),
    N_("Linformer: random N(0, 1/rank) matrices, or identity (needs rank = n: exact)"),
    LAB_TYPE_ATTENTION_PROJECTION, LAB_ATTENTION_PROJECTION_RANDOM, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_seed (params_class, N_("Seed of the random embeddings and projections"), LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "view", N_("View"),
    N_("head: the selected head large; grid: every head (frames show which share K/V); pipeline: "
       "QKᵀ → scale → bias/mask → softmax; entropy: each row's entropy; similarity: head against head; "
       "positions: score against offset; error: an approximate kernel against exact attention; kv-cache: memory"),
    LAB_TYPE_ATTENTION_VIEW, LAB_ATTENTION_VIEW_HEAD, LAB_PARAM_NONE, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "train-length", N_("Training length"),
    N_("view=positions: offsets up to this were seen in training; the curve goes on to twice it"),
    4, 2048, 64, LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "layers", N_("Layers"),
    N_("KV cache: transformer layers"), 1, 256, 32, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "seq-len", N_("Sequence length"),
    N_("KV cache: tokens kept per sequence"), 1, 1048576, 4096, LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "batch", N_("Batch"),
    N_("KV cache: sequences decoded together"), 1, 4096, 1, LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "dtype-bytes", N_("Bytes per value"),
    N_("KV cache: 2 for fp16/bf16, 1 for fp8/int8, 4 for fp32"), 1, 8, 2, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "latent-dim", N_("MLA latent width"),
    N_("KV cache: MLA's compressed KV width d_c (DeepSeek-V2: 512)"), 1, 16384, 512, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "rope-dim", N_("MLA RoPE width"),
    N_("KV cache: MLA's decoupled RoPE key width d_h^R, cached too (DeepSeek-V2: 64)"), 0, 4096, 64, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "head", N_("Head"),
    N_("Which head's attention weights the heatmap and the row view show (1 … heads)"),
    1, 128, 1, LAB_PARAM_VIEW | LAB_PARAM_BOUNDED, LAB_GROUP_VIEW);
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
  { N_("ALiBi recency bias"), "mask=causal position=alibi heads=8 tokens=32 query=28",
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
  { N_("RoPE: scores depend on the offset"),
    "text='a a a a a a a a a a a a a a a a' position=rope view=pipeline query=0 head=1",
    N_("Sixteen copies of one token, rotated by RoPE: every diagonal of q·k is constant (to 2e-15), so a score is "
       "a function of the offset i − j alone — in head 1 the logit is 4.12 at offset 0, 3.92 at 1 and 3.45 at 5.") },
  { N_("No scaling saturates the softmax"), "scale=false d-model=256 heads=4 tokens=32 position=none view=entropy",
    N_("With d_k = 64 and no division by √d_k = 8 the logits are 8 times larger: the mean row entropy falls from "
       "2.53 to 0.88 nats (uniform is ln 32 = 3.47), heads 2–4 from about 3.07 to 0.81–1.05 — near one-hot rows, "
       "whose softmax passes almost no gradient.") },
  { N_("Performer error vs features"), "kernel=performer features=16 temperature=3 tokens=32 position=none view=error",
    N_("FAVOR+ with m = 16 orthogonal random features misses the outputs by up to 0.88 and the weights by 0.11; "
       "m = 256 gives 0.45 and 0.088, m = 4096 0.14 and 0.049 — the error falls slowly, like 1/√m, so long "
       "sequences are where the linear cost pays.") },
  { N_("GQA shares keys"), "heads=8 kv-heads=2 mask=causal tokens=32 position=rope view=grid",
    N_("Eight query heads read two K/V heads (frames of one colour share keys and values): the KV cache is 4 times "
       "smaller, yet the heads stay distinct — mean cosine similarity 0.61 within a group against 0.55 across — "
       "because each keeps its own queries.") },
  { N_("KV cache of a 7B model"),
    "view=kv-cache layers=32 d-model=4096 heads=32 kv-heads=8 seq-len=4096 batch=1 dtype-bytes=2 latent-dim=512 rope-dim=64",
    N_("A Llama-2-7B-shaped model (32 layers, 32 heads of 128) caches 2 GiB of keys and values per 4096-token "
       "sequence in fp16; 8 K/V heads (GQA, as in Mistral 7B) make it 512 MiB, one (MQA) 64 MiB, and MLA's 512 + 64 values per "
       "token 144 MiB — 14 times less than MHA.") },
};


const LabTopic lab_topic_attention = {
  .id = "attention",
  .title = N_("Attention"),
  .chapter = LAB_CHAPTER_TRANSFORMERS,
  .sections = "§3.1–3.3, §3.5, §3.6, §3.8",
  .summary = N_("Scaled dot-product attention of one layer on your text or a model's matrix: every head, masks, RoPE, ALiBi and other positions, GQA and the KV cache, Performer and Linformer, entropy."),
  .params_get_type = lab_attention_params_get_type,
  .compute = attention_compute,
  .build = attention_build,
  .metrics = attention_metrics,
  .click = attention_click,
  .suggest_range = attention_suggest_range,
  .presets = attention_presets,
  .n_presets = G_N_ELEMENTS (attention_presets),
};
