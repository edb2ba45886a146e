/* attention-figure.c — the attention topic on the main thread: heatmaps, entropies, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "attention-private.h"

/* ------------------------------------------------------------------ */
/* figure */

static guint
view_head (const AttentionResult *self,
           LabParams             *params)
{
  return (guint) CLAMP (lab_params_get_int (params, "head"), 1, (int) self->heads) - 1;
}

static guint
view_query (const AttentionResult *self,
            LabParams             *params)
{
  return (guint) CLAMP (lab_params_get_int (params, "query"), 0, (int) self->n - 1);
}

static guint
row_argmax (const double *row,
            guint         n)
{
  guint best = 0;

  for (guint j = 1; j < n; j++)
    if (row[j] > row[best])
      best = j;
  return best;
}

/* a token as a tick label: escaped, and cut to 10 characters so long words do not collide */
static char *
short_label (const char *token)
{
  if (g_utf8_strlen (token, -1) > 10)
    {
      g_autofree char *cut = g_utf8_substring (token, 0, 9);
      g_autofree char *withdots = g_strconcat (cut, "…", NULL);

      return g_markup_escape_text (withdots, -1);
    }
  return g_markup_escape_text (token, -1);
}

static char *
token_name (const AttentionResult *self,
            guint                  i)
{
  return short_label (self->query_tokens[i]);
}

static char *
key_name (const AttentionResult *self,
          guint                  j)
{
  return short_label (self->key_tokens[j]);
}

static LabFigure *build_head_view (const AttentionResult *self, LabParams *params);
static LabFigure *build_other_view (const AttentionResult *self, LabParams *params);

LabFigure *
attention_build (const LabResult *result,
                 LabParams       *params)
{
  const AttentionResult *self = (const AttentionResult *) result;

  if (!self->have_attention || self->view != LAB_ATTENTION_VIEW_HEAD)
    return build_other_view (self, params);
  return build_head_view (self, params);
}

static LabFigure *
build_head_view (const AttentionResult *self,
                 LabParams             *params)
{
  guint n = self->n, H = self->heads;
  guint h = view_head (self, params), q = view_query (self, params);
  const double *W = self->weights + (gsize) h * n * n;
  const double *row = W + (gsize) q * n;
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *heat = lab_figure_get_axes_at (figure, 0, 0);
  LabAxes *ent = lab_figure_get_axes_at (figure, 0, 1);
  LabAxes *bars = lab_figure_get_axes_at (figure, 1, 1);
  g_autofree double *flipped = g_new (double, (gsize) n * n);
  g_autofree char **xl = NULL, **yl = NULL;
  g_autofree char *title = NULL;
  gboolean labelled = n <= MAX_LABELLED;
  LabStyle sel = lab_style_default (0);
  LabStyle muted = lab_style_reference ();

  sel.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  sel.fill = lab_color_semantic (LAB_COLOR_NONE, 1.0);
  sel.line_width = 2.0;

  lab_figure_set_span (figure, 0, 0, 2, 1);
  lab_figure_set_col_weights (figure, (const double[]) { 1.25, 1.0 });

  /* tick labels name positions (the plot's rows count from the bottom; queries from the top) */
  xl = g_new0 (char *, n + 1);
  yl = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      xl[i] = labelled ? key_name (self, i) : g_strdup_printf ("%u", i);
      yl[n - 1 - i] = labelled ? token_name (self, i) : g_strdup_printf ("%u", i);
    }

  /* heatmap: query i on y (row 0 at the top), key j on x; the plot's row 0 is at the bottom */
  for (guint i = 0; i < n; i++)
    memcpy (flipped + (gsize) (n - 1 - i) * n, W + (gsize) i * n, n * sizeof (double));
  lab_axes_set_tag (heat, TAG_HEATMAP);
  if (self->from_data)
    title = g_strdup (_("Attention weights from the file"));
  else if (self->kv_heads < H)
    title = g_strdup_printf (_("Attention weights, head %u of %u (K/V group %u of %u)"), h + 1, H,
                             h / (H / self->kv_heads) + 1, self->kv_heads);
  else
    title = g_strdup_printf (_("Attention weights, head %u of %u"), h + 1, H);
  lab_axes_set_title (heat, title);
  lab_axes_set_xlabel (heat, _("key position j"));
  lab_axes_set_ylabel (heat, _("query position i (click a row)"));
  lab_axes_set_grid (heat, FALSE);
  lab_axes_set_xlim (heat, -0.5, n - 0.5);
  lab_axes_set_ylim (heat, -0.5, n - 0.5);
  if (labelled)
    {
      lab_axes_set_xcategories (heat, (const char * const *) xl);
      lab_axes_set_ycategories (heat, (const char * const *) yl);
    }
  else
    {
      /* too many rows for category labels, and numeric ticks would count from the bottom:
       * no y numbers, a few query positions written inside the left edge instead */
      static const char *const none[] = { "", NULL };

      lab_axes_set_ycategories (heat, none);
    }
  {
    /* the colour bar spans 0 … 1 (a flat row then looks flat), except for long sequences whose
     * weights are all small: then 0 … the head's largest weight, said in the bar's label */
    double wmax = 0, vmax = 1;
    g_autofree char *clabel = NULL;

    for (gsize k = 0; k < (gsize) n * n; k++)
      wmax = MAX (wmax, W[k]);
    if (n > 64 && wmax < 0.25)
      {
        vmax = wmax;
        clabel = g_strdup_printf (_("weight w<sub>ij</sub> (scale 0 – %.3g, the head’s largest)"), wmax);
      }
    else
      clabel = g_strdup (_("weight w<sub>ij</sub>"));
    lab_layer_set_dynamic (lab_axes_add_heatmap (heat, flipped, n, n, -0.5, n - 0.5, -0.5, n - 0.5,
                                                 LAB_COLORMAP_VIRIDIS, 0, vmax, clabel), TRUE);
  }
  if (!labelled)
    {
      guint step = n > 250 ? 100 : n > 120 ? 50 : n > 60 ? 20 : 10;
      LabStyle ts = lab_style_default (0);

      ts.color = lab_color_rgba (1, 1, 1, 0.9);
      for (guint i = 0; i < n; i += step)
        {
          g_autofree char *t = g_strdup_printf ("<small>i = %u</small>", i);

          lab_axes_add_text (heat, -0.5 + 0.01 * n, (double) (n - 1 - i), t, LAB_ANCHOR_WEST, FALSE, &ts);
        }
    }
  {
    /* the selected query row */
    double y = (double) (n - 1 - q);
    double rx[5] = { -0.5, n - 0.5, n - 0.5, -0.5, -0.5 };
    double ry[5] = { y - 0.5, y - 0.5, y + 0.5, y + 0.5, y - 0.5 };

    lab_layer_set_dynamic (lab_axes_add_line (heat, NULL, rx, ry, 5, &sel), TRUE);
  }

  /* per-head mean entropy */
  {
    g_autofree char **hl = g_new0 (char *, H + 1);
    double he[1] = { self->head_entropy[h] };
    double hedge[2] = { h - 0.4, h + 0.4 };
    LabStyle bs = lab_style_default (0);
    LabStyle hs = lab_style_default (0);
    g_autofree char *maxlabel = g_strdup_printf (_("maximum ln n = %.2f"), self->max_entropy);

    for (guint k = 0; k < H; k++)
      hl[k] = g_strdup_printf ("%u", k + 1);
    lab_axes_set_tag (ent, TAG_ENTROPY);
    lab_axes_set_title (ent, _("Mean row entropy per head (click a bar)"));
    lab_axes_set_xlabel (ent, _("head"));
    lab_axes_set_ylabel (ent, _("entropy (nats)"));
    lab_axes_set_xcategories (ent, (const char * const *) hl);
    lab_axes_set_xlim (ent, -0.6, H - 0.4);
    lab_axes_set_ylim (ent, 0, self->max_entropy * 1.12);
    lab_axes_set_legend (ent, TRUE);
    /* bars of width 0.8 centred on each head: edges k − 0.4 … k + 0.4, gaps drawn as zero bars */
    {
      g_autofree double *e2 = g_new (double, 2 * H);
      g_autofree double *v2 = g_new0 (double, 2 * H - 1);

      for (guint k = 0; k < H; k++)
        {
          e2[2 * k] = k - 0.4;
          e2[2 * k + 1] = k + 0.4;
          v2[2 * k] = self->head_entropy[k];
        }
      bs.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
      bs.fill = lab_color_semantic (LAB_COLOR_MUTED, 0.45);
      bs.line_width = 1.0;
      lab_axes_add_bars (ent, _("mean entropy"), e2, v2, 2 * H - 1, &bs);
    }
    hs.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
    hs.fill = lab_color_semantic (LAB_COLOR_ACCENT, 0.85);
    lab_layer_set_dynamic (lab_axes_add_bars (ent, _("shown head"), hedge, he, 1, &hs), TRUE);
    lab_axes_add_hline (ent, maxlabel, self->max_entropy, &muted);
    if (self->cfg.mask == LAB_ATTENTION_MASK_CAUSAL)
      {
        LabStyle cm = muted;
        g_autofree char *cl = g_strdup_printf (_("maximum with the causal mask = %.2f"), self->causal_max);

        cm.dash = LAB_DASH_DOTTED;
        lab_axes_add_hline (ent, cl, self->causal_max, &cm);
      }
    for (guint k = 0; k < H; k++)
      g_free (hl[k]);
  }

  /* the selected row over the keys */
  {
    g_autofree double *edges = g_new (double, n + 1);
    g_autofree char *rt = NULL, *qn = token_name (self, q), *kn = NULL;
    guint top = row_argmax (row, n);
    double te[2] = { top - 0.5, top + 0.5 };
    double tv[1] = { row[top] };
    LabStyle bs = lab_style_default (2);
    LabStyle ts = lab_style_default (0);
    g_autofree char *tl = NULL;

    kn = key_name (self, top);
    for (guint j = 0; j <= n; j++)
      edges[j] = j - 0.5;
    rt = g_strdup_printf (_("Weights of query %s over the keys (head %u)"), qn, h + 1);
    lab_axes_set_tag (bars, TAG_ROW);
    lab_axes_set_title (bars, rt);
    lab_axes_set_xlabel (bars, _("key position j"));
    lab_axes_set_ylabel (bars, _("weight"));
    lab_axes_set_xlim (bars, -0.5, n - 0.5);
    lab_axes_set_ylim (bars, 0, MAX (1.08 * row[top], 1.5 / n));
    if (labelled)
      lab_axes_set_xcategories (bars, (const char * const *) xl);
    lab_axes_set_legend (bars, TRUE);
    bs.fill = lab_color_palette_alpha (2, 0.7);
    lab_layer_set_dynamic (lab_axes_add_bars (bars, _("w<sub>ij</sub>"), edges, row, n, &bs), TRUE);
    tl = g_strdup_printf (_("top key %s: %.3f"), kn, row[top]);
    ts.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
    ts.fill = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
    lab_layer_set_dynamic (lab_axes_add_bars (bars, tl, te, tv, 1, &ts), TRUE);
    {
      guint visible = self->cfg.mask == LAB_ATTENTION_MASK_CAUSAL ? q + 1 : n;
      g_autofree char *ul = g_strdup_printf (_("uniform 1/%u"), visible);

      lab_layer_set_dynamic (lab_axes_add_hline (bars, ul, 1.0 / visible, &muted), TRUE);
    }
  }

  for (guint i = 0; i < n; i++)
    g_free (xl[i]), g_free (yl[i]);
  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
kv_cache_of (const AttentionResult *self,
             LabParams             *params,
             LabKvCacheBytes       *kv)
{
  lab_attention_kv_cache_bytes ((guint) lab_params_get_int (params, "layers"),
                                (guint) lab_params_get_int (params, "seq-len"),
                                (guint) lab_params_get_int (params, "batch"),
                                (guint) lab_params_get_int (params, "dtype-bytes"),
                                self->d_model, self->heads, self->kv_heads,
                                (guint) lab_params_get_int (params, "latent-dim"),
                                (guint) lab_params_get_int (params, "rope-dim"), kv);
}

static char *
format_bytes (double b)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
  guint u = 0;

  while (b >= 1024 && u + 1 < G_N_ELEMENTS (units))
    b /= 1024, u++;
  return g_strdup_printf (u == 0 ? "%.0f %s" : "%.3g %s", b, units[u]);
}

static void
add_kv_cache_metrics (const AttentionResult *self,
                      LabParams             *params,
                      LabMetrics            *out)
{
  LabKvCacheBytes kv;
  g_autofree char *mha = NULL, *gqa = NULL, *mqa = NULL, *mla = NULL, *summary = NULL;

  kv_cache_of (self, params, &kv);
  mha = format_bytes (kv.mha), gqa = format_bytes (kv.gqa), mqa = format_bytes (kv.mqa), mla = format_bytes (kv.mla);
  summary = g_strdup_printf ("%s · %s · %s · %s", mha, gqa, mqa, mla);
  lab_metrics_add_display (out, "kv_cache", _("KV cache MHA · GQA · MQA · MLA"), summary);
  lab_metrics_begin_object (out, "kv_cache_bytes");
  lab_metrics_add_double (out, "mha", NULL, kv.mha);
  lab_metrics_add_double (out, "gqa", NULL, kv.gqa);
  lab_metrics_add_double (out, "mqa", NULL, kv.mqa);
  lab_metrics_add_double (out, "mla", NULL, kv.mla);
  lab_metrics_end (out);
}

void
attention_metrics (const LabResult *result,
                   LabParams       *params,
                   LabMetrics      *out)
{
  const AttentionResult *self = (const AttentionResult *) result;
  guint n = self->n;

  if (!self->have_attention)
    {
      lab_metrics_add_int (out, "heads", _("Heads"), self->heads);
      lab_metrics_add_int (out, "kv_heads", _("K/V heads"), self->kv_heads);
      lab_metrics_add_int (out, "d_head", _("d_head"), self->d_head);
      add_kv_cache_metrics (self, params, out);
      return;
    }

  {
    guint h = view_head (self, params), q = view_query (self, params);
    const double *row = self->weights + ((gsize) h * n + q) * n;
    guint top = row_argmax (row, n);

    lab_metrics_add_int (out, "tokens", _("Tokens n"), n);
    lab_metrics_add_int (out, "heads", _("Heads"), self->heads);
    if (!self->from_data)
      lab_metrics_add_int (out, "d_head", _("d_head"), self->d_head);
    lab_metrics_add_double (out, "mean_entropy", _("Mean row entropy (nats)"), self->mean_entropy);
    lab_metrics_add_double (out, "max_entropy", _("Maximum entropy ln n"), self->max_entropy);
    lab_metrics_add_double (out, "entropy_ratio", _("Entropy / ln n"), self->mean_entropy / self->max_entropy);
    lab_metrics_begin_array (out, "head_entropies");
    for (guint k = 0; k < self->heads; k++)
      lab_metrics_add_double (out, NULL, NULL, self->head_entropy[k]);
    lab_metrics_end (out);
    lab_metrics_add_int (out, "head", _("Selected head"), h + 1);
    if (self->cfg.position == LAB_ATTENTION_POSITION_ALIBI)
      {
        lab_metrics_add_double (out, "alibi_slope", _("ALiBi slope of the head"), lab_attention_alibi_slope (h + 1, self->heads));
        lab_metrics_begin_array (out, "alibi_slopes");
        for (guint k = 0; k < self->heads; k++)
          lab_metrics_add_double (out, NULL, NULL, lab_attention_alibi_slope (k + 1, self->heads));
        lab_metrics_end (out);
      }
    lab_metrics_add_int (out, "query", _("Query row"), q);
    lab_metrics_add_int (out, "top_key", _("Top key of the row"), top);
    lab_metrics_add_double (out, "top_weight", _("Its weight"), row[top]);
    lab_metrics_add_double (out, "query_entropy", _("Entropy of the row"), self->entropy[(gsize) h * n + q]);
    lab_metrics_add_double (out, "row_sums_max_error", _("max |Σⱼ wᵢⱼ − 1|"), self->row_sums_max_error);
    if (self->kernel != LAB_ATTENTION_KERNEL_SOFTMAX)
      {
        g_autofree char *t = g_strdup_printf ("%.3g · %.3g", self->approx_error_output, self->approx_error_weights);

        lab_metrics_add_display (out, "approx", _("Approximation error, output · weights"), t);
        lab_metrics_begin_object (out, "approx_error");
        lab_metrics_add_double (out, "output", NULL, self->approx_error_output);
        lab_metrics_add_double (out, "weights", NULL, self->approx_error_weights);
        lab_metrics_end (out);
      }
    if (!self->from_data)
      lab_metrics_add_int (out, "kv_heads", _("K/V heads"), self->kv_heads);
    lab_metrics_add_matrix (out, "head_similarity", self->similarity, self->heads, self->heads);
    lab_metrics_begin_array (out, "token_list");
    for (guint i = 0; i < n; i++)
      lab_metrics_add_string (out, NULL, NULL, self->query_tokens[i]);
    lab_metrics_end (out);
    if (self->from_data)
      {
        lab_metrics_begin_array (out, "key_token_list");
        for (guint i = 0; i < n; i++)
          lab_metrics_add_string (out, NULL, NULL, self->key_tokens[i]);
        lab_metrics_end (out);
      }
    lab_metrics_add_doubles (out, "row_entropy", self->entropy + (gsize) h * n, n);
    lab_metrics_add_matrix (out, "weights", self->weights + (gsize) h * n * n, n, n);
    if (self->raw != NULL)
      {
        g_autofree double *sc = g_new (double, (gsize) n * n);

        for (guint i = 0; i < n; i++)
          {
            attention_result_logits_row (self, h, i, sc + (gsize) i * n);
            for (guint j = 0; j < n; j++)
              if (isinf (sc[(gsize) i * n + j]))
                sc[(gsize) i * n + j] = NAN;   /* masked: null */
          }
        lab_metrics_add_matrix (out, "scores", sc, n, n);
      }
    if (!self->from_data)
      add_kv_cache_metrics (self, params, out);
  }
}

/* ------------------------------------------------------------------ */
/* interaction */

gboolean
attention_click (const LabResult *result,
                 LabParams       *params,
                 int              axes_tag,
                 double           x,
                 double           y)
{
  const AttentionResult *self = (const AttentionResult *) result;
  long r;

  switch (axes_tag)
    {
    case TAG_HEATMAP:
      r = lround (y);
      if (r < 0 || r >= (long) self->n || !isfinite (y))
        return FALSE;
      lab_params_set_int (params, "query", (int) (self->n - 1 - r));
      return TRUE;
    case TAG_SIMILARITY:
    case TAG_ENTROPY:
      r = lround (x);
      if (r < 0 || r >= (long) self->heads || !isfinite (x))
        return FALSE;
      lab_params_set_int (params, "head", (int) r + 1);
      return TRUE;
    default:
      /* a head of the grid */
      if (axes_tag >= TAG_GRID && axes_tag < TAG_GRID + (int) self->heads)
        {
          lab_params_set_int (params, "head", axes_tag - TAG_GRID + 1);
          return TRUE;
        }
      return FALSE;
    }
}


gboolean
attention_suggest_range (const LabResult *result,
                         GParamSpec      *pspec,
                         double          *lo,
                         double          *hi)
{
  const AttentionResult *self = (const AttentionResult *) result;

  /* the head and query spin buttons only offer what the result has */
  if (g_str_equal (pspec->name, "head"))
    {
      *lo = 1;
      *hi = self->heads;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "query") && self->have_attention)
    {
      *lo = 0;
      *hi = self->n - 1;
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* the other views */

/* an n × n matrix with query 0 at the top (the plot's row 0 is at the bottom) */
static LabLayer *
add_matrix (LabAxes               *ax,
            const AttentionResult *self,
            const double          *m,
            LabColormapId          cmap,
            double                 vmin,
            double                 vmax,
            const char            *cbar)
{
  guint n = self->n;
  g_autofree double *flipped = g_new (double, (gsize) n * n);

  for (guint i = 0; i < n; i++)
    memcpy (flipped + (gsize) (n - 1 - i) * n, m + (gsize) i * n, n * sizeof (double));
  lab_axes_set_grid (ax, FALSE);
  lab_axes_set_xlim (ax, -0.5, n - 0.5);
  lab_axes_set_ylim (ax, -0.5, n - 0.5);
  return lab_axes_add_heatmap (ax, flipped, n, n, -0.5, n - 0.5, -0.5, n - 0.5, cmap, vmin, vmax, cbar);
}

/* token names on both axes when few, else none on y (numbers would count from the bottom) */
static void
label_matrix_axes (LabAxes               *ax,
                   const AttentionResult *self,
                   gboolean               ticks)
{
  guint n = self->n;
  static const char *const none[] = { "", NULL };

  if (ticks && n <= MAX_LABELLED)
    {
      g_auto(GStrv) xl = g_new0 (char *, n + 1), yl = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        {
          xl[i] = key_name (self, i);
          yl[n - 1 - i] = token_name (self, i);
        }
      lab_axes_set_xcategories (ax, (const char * const *) xl);
      lab_axes_set_ycategories (ax, (const char * const *) yl);
    }
  else
    {
      lab_axes_set_ycategories (ax, none);
      if (!ticks)
        lab_axes_set_xcategories (ax, none);
    }
}

/* the fewest empty cells, then the squarest cells on a 1.6 : 1 figure */
static void
grid_shape (guint k, guint *rows, guint *cols)
{
  double best = INFINITY;

  *rows = 1, *cols = k;
  for (guint c = 1; c <= k; c++)
    {
      guint r = (k + c - 1) / c;
      double aspect = (1.6 / c) / (1.0 / r);
      double score = (r * c - k) + fabs (log (aspect)) * 1.5;

      if (aspect < 0.55 || aspect > 2.8)
        continue;
      if (score < best)
        best = score, *rows = r, *cols = c;
    }
}

static LabFigure *
build_grid (const AttentionResult *self,
            LabParams             *params)
{
  guint H = self->heads, rows, cols, sel = view_head (self, params);
  guint group = H / self->kv_heads;
  LabFigure *figure;
  double wmax = 0, vmax = 1;
  g_autofree char *clabel = NULL;

  grid_shape (H, &rows, &cols);
  figure = lab_figure_new (rows, cols);
  if (self->kv_heads < H)
    {
      g_autofree char *t = g_strdup_printf (_("Every head: %u query heads share %u K/V heads, %u per group "
                                              "(frame colour = K/V group)"), H, self->kv_heads, group);
      lab_figure_set_title (figure, t);
    }
  else
    lab_figure_set_title (figure, _("Every head (MHA: each has its own keys and values)"));
  for (guint e = H; e < rows * cols; e++)
    lab_axes_set_frame (lab_figure_get_axes_at (figure, e / cols, e % cols), FALSE);
  /* one colour scale for all: 0 … 1, or, for long sequences whose weights are all small, 0 … the largest */
  for (gsize k = 0; k < (gsize) H * self->n * self->n; k++)
    wmax = MAX (wmax, self->weights[k]);
  if (self->n > 64 && wmax < 0.25)
    {
      vmax = wmax;
      clabel = g_strdup_printf (_("weight (scale 0 – %.3g, the largest)"), wmax);
    }
  else
    clabel = g_strdup (_("weight"));
  for (guint h = 0; h < H; h++)
    {
      LabAxes *ax = lab_figure_get_axes_at (figure, h / cols, h % cols);
      g_autofree char *t = NULL;
      guint n = self->n, g = h / group;
      LabStyle fs = self->kv_heads < H ? lab_style_default (g % 8) : lab_style_reference ();
      double rx[5] = { -0.5, n - 0.5, n - 0.5, -0.5, -0.5 };
      double ry[5] = { -0.5, -0.5, n - 0.5, n - 0.5, -0.5 };

      t = self->kv_heads < H ? g_strdup_printf (_("head %u · K/V %u%s"), h + 1, g + 1, h == sel ? " ◂" : "")
                             : g_strdup_printf (_("head %u%s"), h + 1, h == sel ? " ◂" : "");
      lab_axes_set_title (ax, t);
      lab_axes_set_tag (ax, TAG_GRID + (int) h);
      add_matrix (ax, self, self->weights + (gsize) h * n * n, LAB_COLORMAP_VIRIDIS, 0, vmax,
                  h == H - 1 ? clabel : NULL);
      label_matrix_axes (ax, self, FALSE);
      fs.dash = LAB_DASH_SOLID;
      fs.line_width = self->kv_heads < H ? 4.0 : 1.0;
      lab_axes_add_line (ax, NULL, rx, ry, 5, &fs);
    }
  return figure;
}

static LabFigure *
build_pipeline (const AttentionResult *self,
                LabParams             *params)
{
  guint n = self->n, h = view_head (self, params);
  LabFigure *figure = lab_figure_new (2, 2);
  g_autofree double *a = g_new (double, (gsize) n * n), *b = g_new (double, (gsize) n * n);
  g_autofree double *cc = g_new (double, (gsize) n * n);
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *ft = NULL;
  double c = lab_attention_config_score_factor (&self->cfg), lo = INFINITY, hi = -INFINITY, m;
  const char *pos = self->cfg.position == LAB_ATTENTION_POSITION_ALIBI ? _("ALiBi")
                    : self->cfg.position == LAB_ATTENTION_POSITION_RELATIVE ? _("relative bias") : _("no bias");

  if (self->raw == NULL)
    return NULL;
  /* 1: q·k; 2: × c; 3: + bias, masked, ÷ τ (the logits); 4: softmax */
  for (guint i = 0; i < n; i++)
    {
      attention_result_logits_row (self, h, i, cc + (gsize) i * n);
      for (guint j = 0; j < n; j++)
        {
          gsize k = (gsize) i * n + j;

          a[k] = self->raw[(gsize) h * n * n + k];
          b[k] = (self->from_data ? 1.0 : c) * a[k];
          lo = MIN (lo, b[k]), hi = MAX (hi, b[k]);
          if (isinf (cc[k]))
            cc[k] = NAN;
        }
    }
  ft = g_strdup_printf (_("Head %u, step by step: the logits s = (c·q·k + B)/τ and the softmax"), h + 1);
  lab_figure_set_title (figure, ft);
  {
    double alo = INFINITY, ahi = -INFINITY;

    for (gsize k = 0; k < (gsize) n * n; k++)
      alo = MIN (alo, a[k]), ahi = MAX (ahi, a[k]);
    m = MAX (fabs (alo), fabs (ahi));
    t1 = g_strdup_printf (_("1. q·k (range %.3g … %.3g)"), alo, ahi);
    add_matrix (lab_figure_get_axes_at (figure, 0, 0), self, a, LAB_COLORMAP_DIVERGING, -m, m, _("q·k"));
  }
  lab_axes_set_title (lab_figure_get_axes_at (figure, 0, 0), t1);
  m = MAX (fabs (lo), fabs (hi));
  t2 = g_strdup_printf (self->cfg.scale || self->from_data ? _("2. scaled: × c = %.3g (range %.3g … %.3g)")
                                                           : _("2. not scaled: × c = %.3g (range %.3g … %.3g)"),
                        self->from_data ? 1.0 : c, lo, hi);
  add_matrix (lab_figure_get_axes_at (figure, 0, 1), self, b, LAB_COLORMAP_DIVERGING, -m, m, _("c·q·k"));
  lab_axes_set_title (lab_figure_get_axes_at (figure, 0, 1), t2);
  lo = INFINITY, hi = -INFINITY;
  for (gsize k = 0; k < (gsize) n * n; k++)
    if (!isnan (cc[k]))
      lo = MIN (lo, cc[k]), hi = MAX (hi, cc[k]);
  m = MAX (fabs (lo), fabs (hi));
  t3 = g_strdup_printf (_("3. + %s, %s mask, ÷ τ = %.3g (blank: masked)"), pos,
                        self->cfg.mask == LAB_ATTENTION_MASK_CAUSAL ? _("causal") : _("no"), self->cfg.temperature);
  add_matrix (lab_figure_get_axes_at (figure, 1, 0), self, cc, LAB_COLORMAP_DIVERGING, -m, m, _("logit s"));
  lab_axes_set_title (lab_figure_get_axes_at (figure, 1, 0), t3);
  t4 = g_strdup_printf (_("4. softmax by row (mean entropy %.3f of ln n = %.3f)"), self->head_entropy[h], self->max_entropy);
  add_matrix (lab_figure_get_axes_at (figure, 1, 1), self, self->weights + (gsize) h * n * n, LAB_COLORMAP_VIRIDIS, 0, 1,
              _("weight"));
  lab_axes_set_title (lab_figure_get_axes_at (figure, 1, 1), t4);
  for (guint k = 0; k < 4; k++)
    {
      LabAxes *ax = lab_figure_get_axes (figure, k);

      label_matrix_axes (ax, self, n <= 16);
      lab_axes_set_tag (ax, TAG_OTHER);
    }
  return figure;
}

static LabFigure *
build_entropy (const AttentionResult *self,
               LabParams             *params)
{
  guint n = self->n, H = self->heads, h = view_head (self, params);
  LabFigure *figure = lab_figure_new (1, 2);
  LabAxes *rows = lab_figure_get_axes (figure, 0), *heads = lab_figure_get_axes (figure, 1);
  g_autofree double *edges = g_new (double, n + 1), *bound = g_new (double, n + 1), *bx = g_new (double, n + 1);
  g_autofree char *t = g_strdup_printf (_("Entropy of each row, head %u (collapse within the head)"), h + 1);
  LabStyle bs = lab_style_default (2), ls = lab_style_reference ();
  gboolean causal = self->cfg.mask == LAB_ATTENTION_MASK_CAUSAL;

  lab_figure_set_col_weights (figure, (const double[]) { 1.6, 1.0 });
  for (guint i = 0; i <= n; i++)
    {
      edges[i] = i - 0.5;
      bx[i] = i - 0.5;
      bound[i] = causal ? log ((double) MIN (i, n - 1) + 1) : self->max_entropy;
    }
  lab_axes_set_title (rows, t);
  lab_axes_set_xlabel (rows, _("query position i"));
  lab_axes_set_ylabel (rows, _("entropy H(w<sub>i·</sub>) (nats)"));
  lab_axes_set_xlim (rows, -0.5, n - 0.5);
  lab_axes_set_ylim (rows, 0, self->max_entropy * 1.12);
  lab_axes_set_legend (rows, TRUE);
  lab_axes_set_tag (rows, TAG_OTHER);
  if (n <= MAX_LABELLED)
    {
      g_auto(GStrv) xl = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        xl[i] = token_name (self, i);
      lab_axes_set_xcategories (rows, (const char * const *) xl);
    }
  bs.fill = lab_color_palette_alpha (2, 0.7);
  lab_axes_add_bars (rows, _("row entropy"), edges, self->entropy + (gsize) h * n, n, &bs);
  lab_axes_add_step (rows, causal ? _("ceiling ln(i + 1) (causal)") : _("ceiling ln n (uniform row)"), bx, bound, n + 1, &ls);

  {
    g_autofree double *e2 = g_new (double, 2 * H), *v2 = g_new0 (double, 2 * H - 1);
    g_auto(GStrv) hl = g_new0 (char *, H + 1);
    LabStyle ms = lab_style_default (0);

    for (guint k = 0; k < H; k++)
      {
        e2[2 * k] = k - 0.4;
        e2[2 * k + 1] = k + 0.4;
        v2[2 * k] = self->head_entropy[k];
        hl[k] = g_strdup_printf ("%u", k + 1);
      }
    lab_axes_set_title (heads, _("Mean row entropy per head (click a bar)"));
    lab_axes_set_xlabel (heads, _("head"));
    lab_axes_set_ylabel (heads, _("entropy (nats)"));
    lab_axes_set_xcategories (heads, (const char * const *) hl);
    lab_axes_set_xlim (heads, -0.6, H - 0.4);
    lab_axes_set_ylim (heads, 0, self->max_entropy * 1.12);
    lab_axes_set_tag (heads, TAG_ENTROPY);
    ms.fill = lab_color_palette_alpha (0, 0.6);
    lab_axes_add_bars (heads, NULL, e2, v2, 2 * H - 1, &ms);
    lab_axes_add_hline (heads, NULL, self->max_entropy, &ls);
  }
  return figure;
}

static LabFigure *
build_similarity (const AttentionResult *self,
                  LabParams             *params)
{
  guint H = self->heads;
  LabFigure *figure = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (figure, 0);
  g_autofree double *flipped = g_new (double, (gsize) H * H);
  g_auto(GStrv) xl = g_new0 (char *, H + 1), yl = g_new0 (char *, H + 1);
  double off = 0;
  g_autofree char *t = NULL;

  for (guint a = 0; a < H; a++)
    {
      xl[a] = g_strdup_printf ("%u", a + 1);
      yl[H - 1 - a] = g_strdup_printf ("%u", a + 1);
      for (guint b = 0; b < H; b++)
        {
          flipped[(gsize) (H - 1 - a) * H + b] = self->similarity[a * H + b];
          if (a != b)
            off += self->similarity[a * H + b] / (H * (H - 1.0));
        }
    }
  t = H > 1 ? g_strdup_printf (_("Head-to-head similarity of the weight matrices (mean off the diagonal %.3f)"), off)
            : g_strdup (_("Head-to-head similarity (one head)"));
  lab_axes_set_title (ax, t);
  lab_axes_set_xlabel (ax, _("head"));
  lab_axes_set_ylabel (ax, _("head"));
  lab_axes_set_grid (ax, FALSE);
  lab_axes_set_equal_aspect (ax, TRUE);
  lab_axes_set_xlim (ax, -0.5, H - 0.5);
  lab_axes_set_ylim (ax, -0.5, H - 0.5);
  lab_axes_set_xcategories (ax, (const char * const *) xl);
  lab_axes_set_ycategories (ax, (const char * const *) yl);
  lab_axes_set_tag (ax, TAG_SIMILARITY);
  lab_axes_add_heatmap (ax, flipped, H, H, -0.5, H - 0.5, -0.5, H - 0.5, LAB_COLORMAP_VIRIDIS, 0, 1, _("cosine similarity (1: redundant heads)"));
  if (H <= 12)
    for (guint a = 0; a < H; a++)
      for (guint b = 0; b < H; b++)
        {
          g_autofree char *v = g_strdup_printf ("<small>%.2f</small>", self->similarity[a * H + b]);
          LabStyle ts = lab_style_default (0);

          ts.color = self->similarity[a * H + b] > 0.6 ? lab_color_rgba (0, 0, 0, 0.85) : lab_color_rgba (1, 1, 1, 0.9);
          lab_axes_add_text (ax, b, H - 1 - a, v, LAB_ANCHOR_CENTER, FALSE, &ts);
        }
  return figure;
}

static LabFigure *
build_positions (const AttentionResult *self,
                 LabParams             *params)
{
  guint h = view_head (self, params), N = self->n_offsets, L = self->train_length;
  gboolean rope = self->cfg.position == LAB_ATTENTION_POSITION_ROPE;
  LabFigure *figure = lab_figure_new (1, rope ? 2 : 1);
  LabAxes *ax = lab_figure_get_axes (figure, 0);
  g_autofree double *xs = g_new (double, N);
  const double *ys = self->offset_scores + (gsize) h * N;
  double lo = INFINITY, hi = -INFINITY;
  g_autofree char *t = NULL;
  static const char *const names[] = { N_("no positions"), N_("sinusoidal"), N_("RoPE"), N_("ALiBi"), N_("relative") };
  LabStyle ls = lab_style_default (0), band = lab_style_reference ();

  for (guint d = 0; d < N; d++)
    xs[d] = d;
  for (gsize k = 0; k < (gsize) self->heads * N; k++)
    lo = MIN (lo, self->offset_scores[k]), hi = MAX (hi, self->offset_scores[k]);
  if (hi - lo < 1e-9)
    lo -= 1, hi += 1;
  t = g_strdup_printf (_("%s, head %u: the logit of two identical tokens, the query Δ after the key"),
                       _(names[self->cfg.position]), h + 1);
  lab_axes_set_title (ax, t);
  lab_axes_set_xlabel (ax, _("offset Δ = i − j"));
  lab_axes_set_ylabel (ax, _("logit s(Δ)"));
  lab_axes_set_xlim (ax, 0, N - 1);
  lab_axes_set_ylim (ax, lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo));
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_tag (ax, TAG_OTHER);
  {
    double bx[2] = { L, N - 1 }, blo[2] = { lo - 0.08 * (hi - lo), lo - 0.08 * (hi - lo) }, bhi[2] = { hi + 0.08 * (hi - lo), hi + 0.08 * (hi - lo) };

    band.fill = lab_color_semantic (LAB_COLOR_MUTED, 0.18);
    lab_axes_add_band (ax, _("beyond the training length (extrapolation)"), bx, blo, bhi, 2, &band);
  }
  /* the other heads faintly, the selected one on top */
  for (guint k = 0; k < self->heads; k++)
    if (k != h)
      {
        LabStyle os = lab_style_reference ();
        const double *yk = self->offset_scores + (gsize) k * N;

        os.dash = LAB_DASH_SOLID;
        os.line_width = 1;
        lab_axes_add_line (ax, k == (h == 0 ? 1u : 0u) ? _("the other heads") : NULL, xs, yk, N, &os);
      }
  ls.line_width = 2;
  lab_axes_add_line (ax, _("s(Δ), the selected head"), xs, ys, N, &ls);
  lab_axes_add_vline (ax, NULL, L, NULL);

  if (rope)
    {
      LabAxes *fr = lab_figure_get_axes (figure, 1);
      guint P = self->d_head / 2;
      g_autofree double *px = g_new (double, MAX (P, 1)), *wl = g_new (double, MAX (P, 1));
      LabStyle ps = lab_style_default (1);
      g_autofree char *lt = g_strdup_printf (_("training length %u"), L);

      for (guint p = 0; p < P; p++)
        {
          px[p] = p;
          wl[p] = 2 * G_PI / lab_attention_rope_frequency (p, self->d_head, self->cfg.rope_base);
        }
      lab_axes_set_title (fr, _("RoPE: wavelength 2π/θ<sub>p</sub> of each dimension pair"));
      lab_axes_set_xlabel (fr, _("pair p (θ<sub>p</sub> = base<sup>−2p/d</sup>)"));
      lab_axes_set_ylabel (fr, _("wavelength (tokens)"));
      lab_axes_set_yscale (fr, LAB_SCALE_LOG);
      lab_axes_set_legend (fr, TRUE);
      lab_axes_set_tag (fr, TAG_OTHER);
      ps.line_width = 2;
      if (P > 0)
        lab_axes_add_line (fr, _("wavelength"), px, wl, P, &ps);
      lab_axes_add_hline (fr, lt, L, NULL);
      lab_figure_set_col_weights (figure, (const double[]) { 1.5, 1.0 });
    }
  return figure;
}

static LabFigure *
build_error (const AttentionResult *self,
             LabParams             *params)
{
  guint n = self->n, h = view_head (self, params);
  LabFigure *figure = lab_figure_new (1, 3);
  const double *W = self->weights + (gsize) h * n * n;
  g_autofree double *d = g_new (double, (gsize) n * n);
  g_autofree char *t2 = NULL, *t3 = NULL;
  double dmax = 0;

  if (self->approx == NULL)
    {
      LabAxes *ax = lab_figure_get_axes (figure, 0);

      lab_axes_set_title (ax, _("Exact softmax attention: choose kernel=performer or linformer to see an approximation's error"));
      add_matrix (ax, self, W, LAB_COLORMAP_VIRIDIS, 0, 1, _("weight"));
      label_matrix_axes (ax, self, TRUE);
      return figure;
    }
  for (gsize k = 0; k < (gsize) n * n; k++)
    dmax = MAX (dmax, d[k] = fabs (self->approx[(gsize) h * n * n + k] - W[k]));
  lab_axes_set_title (lab_figure_get_axes (figure, 0), _("exact softmax"));
  {
    gboolean signed_approx = FALSE;

    for (gsize k = 0; k < (gsize) n * n; k++)
      signed_approx |= self->approx[(gsize) h * n * n + k] < 0;
    /* its own colour bar when the approximation needs another scale */
    add_matrix (lab_figure_get_axes (figure, 0), self, W, LAB_COLORMAP_VIRIDIS, 0, 1, signed_approx ? _("weight") : NULL);
  }
  t2 = self->kernel == LAB_ATTENTION_KERNEL_PERFORMER
       ? g_strdup_printf (_("Performer, m = %u features"), self->features)
       : g_strdup_printf (_("Linformer, rank %u (effective P̄F)"), self->rank);
  lab_axes_set_title (lab_figure_get_axes (figure, 1), t2);
  {
    /* Linformer's random F mixes values with signs: P̄F can be negative, shown on a diverging scale */
    const double *A = self->approx + (gsize) h * n * n;
    double amin = 0, amax = 0;

    for (gsize k = 0; k < (gsize) n * n; k++)
      amin = MIN (amin, A[k]), amax = MAX (amax, A[k]);
    if (amin < 0)
      add_matrix (lab_figure_get_axes (figure, 1), self, A, LAB_COLORMAP_DIVERGING, -MAX (-amin, amax), MAX (-amin, amax),
                  _("effective weight (signed)"));
    else
      add_matrix (lab_figure_get_axes (figure, 1), self, A, LAB_COLORMAP_VIRIDIS, 0, 1, _("weight"));
  }
  t3 = g_strdup_printf (_("|difference| (max %.3g; output %.3g)"), dmax, self->approx_error_output);
  lab_axes_set_title (lab_figure_get_axes (figure, 2), t3);
  add_matrix (lab_figure_get_axes (figure, 2), self, d, LAB_COLORMAP_MAGMA, 0, MAX (dmax, 1e-12), _("|Δw|"));
  for (guint k = 0; k < 3; k++)
    {
      label_matrix_axes (lab_figure_get_axes (figure, k), self, TRUE);
      lab_axes_set_tag (lab_figure_get_axes (figure, k), TAG_OTHER);
    }
  return figure;
}

static LabFigure *
build_kv_cache (const AttentionResult *self,
                LabParams             *params)
{
  LabFigure *figure = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (figure, 0);
  LabKvCacheBytes kv;
  double v[4], edges[5] = { -0.4, 0.4, 0.6, 1.4, 1.6 }, ymax = 0;
  g_autofree char *t = NULL;
  g_autofree char *c0 = NULL, *c1 = NULL, *c2 = NULL, *c3 = NULL;
  const char *cats[5];
  guint d_head = self->d_head;

  kv_cache_of (self, params, &kv);
  v[0] = kv.mha / 1073741824.0, v[1] = kv.gqa / 1073741824.0, v[2] = kv.mqa / 1073741824.0, v[3] = kv.mla / 1073741824.0;
  c0 = g_strdup_printf (_("MHA (%u K/V heads)"), self->heads);
  c1 = g_strdup_printf (_("GQA (%u K/V heads)"), self->kv_heads);
  c2 = g_strdup (_("MQA (1 K/V head)"));
  c3 = g_strdup_printf (_("MLA (latent %d + RoPE %d)"), lab_params_get_int (params, "latent-dim"), lab_params_get_int (params, "rope-dim"));
  cats[0] = c0, cats[1] = c1, cats[2] = c2, cats[3] = c3, cats[4] = NULL;
  t = g_strdup_printf (_("KV cache: %d layers × %d tokens × batch %d × %d bytes; d_model %u, %u heads of %u"),
                       lab_params_get_int (params, "layers"), lab_params_get_int (params, "seq-len"),
                       lab_params_get_int (params, "batch"), lab_params_get_int (params, "dtype-bytes"),
                       self->d_model, self->heads, d_head);
  lab_axes_set_title (ax, t);
  lab_axes_set_ylabel (ax, _("bytes (GiB)"));
  lab_axes_set_xcategories (ax, cats);
  lab_axes_set_xlim (ax, -0.6, 3.6);
  lab_axes_set_tag (ax, TAG_OTHER);
  for (guint k = 0; k < 4; k++)
    ymax = MAX (ymax, v[k]);
  lab_axes_set_ylim (ax, 0, ymax * 1.15 > 0 ? ymax * 1.15 : 1);
  for (guint k = 0; k < 4; k++)
    {
      LabStyle bs = lab_style_default (k);
      double e[2] = { k - 0.38, k + 0.38 }, one[1] = { v[k] };
      double bytes = k == 0 ? kv.mha : k == 1 ? kv.gqa : k == 2 ? kv.mqa : kv.mla;
      g_autofree char *b = format_bytes (bytes);
      g_autofree char *lbl = g_strdup_printf ("%s (×%.3g of MHA)", b, kv.mha > 0 ? bytes / kv.mha : 0);

      bs.fill = lab_color_palette_alpha (k, 0.75);
      lab_axes_add_bars (ax, NULL, e, one, 1, &bs);
      lab_axes_add_text (ax, k, v[k], lbl, LAB_ANCHOR_SOUTH, FALSE, NULL);
    }
  (void) edges;
  return figure;
}

static LabFigure *
build_other_view (const AttentionResult *self,
                  LabParams             *params)
{
  LabFigure *figure = NULL;

  if (!self->have_attention)
    return build_kv_cache (self, params);
  switch (self->view)
    {
    case LAB_ATTENTION_VIEW_GRID:
      figure = build_grid (self, params);
      break;
    case LAB_ATTENTION_VIEW_PIPELINE:
      figure = build_pipeline (self, params);
      break;
    case LAB_ATTENTION_VIEW_ENTROPY:
      figure = build_entropy (self, params);
      break;
    case LAB_ATTENTION_VIEW_SIMILARITY:
      figure = build_similarity (self, params);
      break;
    case LAB_ATTENTION_VIEW_POSITIONS:
      if (self->offset_scores != NULL)
        figure = build_positions (self, params);
      break;
    case LAB_ATTENTION_VIEW_ERROR:
      figure = build_error (self, params);
      break;
    case LAB_ATTENTION_VIEW_KV_CACHE:
    case LAB_ATTENTION_VIEW_HEAD:
    default:
      break;
    }
  /* a view that has nothing to show for this result (a weights file has no q·k) */
  return figure != NULL ? figure : build_head_view (self, params);
}
