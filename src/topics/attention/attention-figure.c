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

static char *
token_name (const AttentionResult *self,
            guint                  i)
{
  return g_strdup_printf ("%c%u", 'A' + self->ids[i], i);
}

LabFigure *
attention_build (const LabResult *result,
                 LabParams       *params)
{
  const AttentionResult *self = (const AttentionResult *) result;
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
      xl[i] = labelled ? token_name (self, i) : g_strdup_printf ("%u", i);
      yl[n - 1 - i] = labelled ? token_name (self, i) : g_strdup_printf ("%u", i);
    }

  /* heatmap: query i on y (row 0 at the top), key j on x; the plot's row 0 is at the bottom */
  for (guint i = 0; i < n; i++)
    memcpy (flipped + (gsize) (n - 1 - i) * n, W + (gsize) i * n, n * sizeof (double));
  lab_axes_set_tag (heat, TAG_HEATMAP);
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
    if (self->mask == LAB_ATTENTION_MASK_CAUSAL)
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

    kn = token_name (self, top);
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
      guint visible = self->mask == LAB_ATTENTION_MASK_CAUSAL ? q + 1 : n;
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

void
attention_metrics (const LabResult *result,
                   LabParams       *params,
                   LabMetrics      *out)
{
  const AttentionResult *self = (const AttentionResult *) result;
  guint n = self->n;
  guint h = view_head (self, params), q = view_query (self, params);
  const double *row = self->weights + ((gsize) h * n + q) * n;
  guint top = row_argmax (row, n);

  lab_metrics_add_int (out, "tokens", _("Tokens n"), n);
  lab_metrics_add_int (out, "heads", _("Heads"), self->heads);
  lab_metrics_add_int (out, "d_head", _("d_head"), self->d_head);
  lab_metrics_add_double (out, "mean_entropy", _("Mean row entropy (nats)"), self->mean_entropy);
  lab_metrics_add_double (out, "max_entropy", _("Maximum entropy ln n"), self->max_entropy);
  lab_metrics_add_double (out, "entropy_ratio", _("Entropy / ln n"), self->mean_entropy / self->max_entropy);
  lab_metrics_begin_array (out, "head_entropies");
  for (guint k = 0; k < self->heads; k++)
    lab_metrics_add_double (out, NULL, NULL, self->head_entropy[k]);
  lab_metrics_end (out);
  lab_metrics_add_int (out, "head", _("Selected head"), h + 1);
  if (self->bias == LAB_ATTENTION_BIAS_ALIBI)
    lab_metrics_add_double (out, "alibi_slope", _("ALiBi slope of the head"), lab_attention_alibi_slope (h + 1, self->heads));
  lab_metrics_add_int (out, "query", _("Query row"), q);
  lab_metrics_add_int (out, "top_key", _("Top key of the row"), top);
  lab_metrics_add_double (out, "top_weight", _("Its weight"), row[top]);
  lab_metrics_add_double (out, "query_entropy", _("Entropy of the row"), self->entropy[(gsize) h * n + q]);
  lab_metrics_add_double (out, "row_sums_max_error", _("max |Σⱼ wᵢⱼ − 1|"), self->row_sums_max_error);
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
    case TAG_ENTROPY:
      r = lround (x);
      if (r < 0 || r >= (long) self->heads || !isfinite (x))
        return FALSE;
      lab_params_set_int (params, "head", (int) r + 1);
      return TRUE;
    default:
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
  if (g_str_equal (pspec->name, "query"))
    {
      *lo = 0;
      *hi = self->n - 1;
      return TRUE;
    }
  return FALSE;
}
