/* nlp-figure.c — the nlp topic on the main thread: heat maps, bars, merge tables, highlighted texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "nlp-private.h"

/* ------------------------------------------------------------------ */
/* helpers */

static char *
esc (const char *s)
{
  return g_markup_escape_text (s, -1);
}

/* a term or symbol for a label, cut to @max characters */
static char *
short_text (const char *s,
            guint       max)
{
  if (g_utf8_strlen (s, -1) <= max)
    return g_strdup (s);
  {
    g_autofree char *head = g_utf8_substring (s, 0, max - 1);

    return g_strconcat (head, "…", NULL);
  }
}

/* “</w>” drawn as a visible end-of-word mark */
static char *
show_symbol (const char *s)
{
  gsize n = strlen (s), e = strlen (LAB_BPE_EOW);

  if (n >= e && strcmp (s + n - e, LAB_BPE_EOW) == 0)
    return g_strdup_printf ("%.*s_", (int) (n - e), s);
  return g_strdup (s);
}

static void
add_edges (double *edges,
           guint   n)
{
  for (guint i = 0; i <= n; i++)
    edges[i] = i - 0.5;
}

/* tokens as markup, wrapped at about @width characters; marked ones in bold and the accent colour */
static void
append_tokens (GString         *out,
               const LabTokens *t,
               const gboolean  *marked,
               guint            width)
{
  guint col = 0;

  for (guint i = 0; i < t->n; i++)
    {
      g_autofree char *e = esc (t->tokens[i]);
      guint len = (guint) g_utf8_strlen (t->tokens[i], -1);

      if (col > 0 && col + 1 + len > width)
        {
          g_string_append (out, "\n");
          col = 0;
        }
      else if (col > 0)
        {
          g_string_append_c (out, ' ');
          col++;
        }
      if (marked != NULL && marked[i])
        g_string_append_printf (out, "<span foreground=\"#e66100\" weight=\"bold\" underline=\"single\">%s</span>", e);
      else
        g_string_append (out, e);
      col += len;
    }
  if (t->n == 0)
    g_string_append (out, _("<i>(no tokens)</i>"));
}

/* ------------------------------------------------------------------ */
/* tfidf */

static guint
current_doc (const NlpResult *self,
             LabParams       *params)
{
  return (guint) CLAMP (lab_params_get_int (params, "document"), 1, (int) self->n_docs) - 1;
}

/* the documents by cosine similarity to @q (highest first, ties by number); returns the
 * query's norm (0: no term of the vocabulary) */
static double
rank_query (const NlpResult *self,
            const char      *q,
            double         **score_out,
            guint          **order_out)
{
  const LabTfidf *t = self->tfidf;
  g_autofree double *qv = g_utf8_validate (q, -1, NULL) ? lab_tfidf_transform (t, q) : g_new0 (double, t->n_terms);
  double *score = g_new0 (double, self->n_docs);
  guint *order = g_new (guint, self->n_docs);
  guint shown = MIN (self->n_docs, 10);
  double qn = 0;

  for (guint c = 0; c < t->n_terms; c++)
    qn += qv[c] * qv[c];
  qn = sqrt (qn);
  for (guint d = 0; d < self->n_docs; d++)
    {
      double dot = 0, dn = lab_tfidf_row_norm (t, d);

      for (gsize i = t->row_ptr[d]; i < t->row_ptr[d + 1]; i++)
        dot += t->val[i] * qv[t->col[i]];
      score[d] = qn > 0 && dn > 0 ? dot / (qn * dn) : 0;
      order[d] = d;
    }
  /* a selection of the top ten is enough */
  for (guint i = 0; i < shown; i++)
    for (guint j = i + 1; j < self->n_docs; j++)
      if (score[order[j]] > score[order[i]] || (score[order[j]] == score[order[i]] && order[j] < order[i]))
        {
          guint tmp = order[i];

          order[i] = order[j];
          order[j] = tmp;
        }
  *score_out = score;
  *order_out = order;
  return qn;
}

static void
build_tfidf (const NlpResult *self,
             LabParams       *params,
             LabFigure       *figure)
{
  const LabTfidf *t = self->tfidf;
  LabAxes *heat = lab_figure_get_axes (figure, 0);
  LabAxes *sim = lab_figure_get_axes (figure, 1);
  LabAxes *terms = lab_figure_get_axes (figure, 2);
  LabAxes *query = lab_figure_get_axes (figure, 3);
  guint ns = self->n_shown, nh = self->n_heat, doc = current_doc (self, params);
  g_autofree double *values = g_new (double, MAX ((gsize) ns * nh, 1));
  g_autofree double *flipped = g_new (double, (gsize) ns * ns);
  g_autofree char **xl = g_new0 (char *, nh + 1);
  g_autofree char **yl = g_new0 (char *, ns + 1);
  double vmax = 0;

  {
    g_autofree char *nd = lab_format_count (self->n_docs), *nt = lab_format_count (t->n_terms);
    g_autofree char *title = g_strdup_printf (_("TF-IDF · %s documents · %s terms"), nd, nt);

    lab_figure_set_title (figure, title);
  }
  /* documents × the heaviest terms; document 1 at the top */
  for (guint d = 0; d < ns; d++)
    for (guint k = 0; k < nh; k++)
      {
        double v = 0;

        for (gsize i = t->row_ptr[d]; i < t->row_ptr[d + 1]; i++)
          if (t->col[i] == self->heat_terms[k])
            v = t->val[i];
        values[(gsize) (ns - 1 - d) * nh + k] = v;
        vmax = MAX (vmax, v);
      }
  for (guint k = 0; k < nh; k++)
    xl[k] = short_text (t->terms[self->heat_terms[k]], 12);
  for (guint d = 0; d < ns; d++)
    yl[ns - 1 - d] = g_strdup (self->labels[d]);
  lab_axes_set_tag (heat, TAG_HEAT);
  lab_axes_set_title (heat, ns < self->n_docs ? _("TF-IDF weights (first documents × heaviest terms)")
                                              : _("TF-IDF weights (documents × heaviest terms)"));
  lab_axes_set_xlim (heat, -0.5, nh - 0.5);
  lab_axes_set_ylim (heat, -0.5, ns - 0.5);
  lab_axes_set_xcategories (heat, (const char * const *) xl);
  lab_axes_set_ycategories (heat, (const char * const *) yl);
  if (nh > 0)
    lab_axes_add_heatmap (heat, values, nh, ns, -0.5, nh - 0.5, -0.5, ns - 0.5, LAB_COLORMAP_VIRIDIS, 0,
                          vmax > 0 ? vmax : 1, _("weight"));
  {
    LabStyle sel = lab_style_rule (LAB_COLOR_ACCENT, 1.0);
    double y = ns - 1 - (double) doc;

    if (doc < ns)
      {
        double x[2] = { -0.5, nh - 0.5 }, ylo[2] = { y - 0.5, y - 0.5 }, yhi[2] = { y + 0.5, y + 0.5 };

        lab_layer_set_dynamic (lab_axes_add_line (heat, NULL, x, ylo, 2, &sel), TRUE);
        lab_layer_set_dynamic (lab_axes_add_line (heat, NULL, x, yhi, 2, &sel), TRUE);
      }
  }

  /* cosine similarity */
  for (guint a = 0; a < ns; a++)
    memcpy (flipped + (gsize) (ns - 1 - a) * ns, self->similarity + (gsize) a * ns, ns * sizeof (double));
  {
    g_autofree char **nl = g_new0 (char *, ns + 1);

    for (guint d = 0; d < ns; d++)
      nl[d] = g_strdup_printf ("%u", d + 1);
    lab_axes_set_tag (sim, TAG_SIMILARITY);
    lab_axes_set_title (sim, _("Cosine similarity between documents"));
    lab_axes_set_xlim (sim, -0.5, ns - 0.5);
    lab_axes_set_ylim (sim, -0.5, ns - 0.5);
    lab_axes_set_xcategories (sim, (const char * const *) nl);
    for (guint d = 0; d < ns / 2; d++)
      {
        char *tmp = nl[d];

        nl[d] = nl[ns - 1 - d];
        nl[ns - 1 - d] = tmp;
      }
    lab_axes_set_ycategories (sim, (const char * const *) nl);
    lab_axes_add_heatmap (sim, flipped, ns, ns, -0.5, ns - 0.5, -0.5, ns - 0.5, LAB_COLORMAP_MAGMA, 0, 1,
                          _("cos(dᵢ, dⱼ)"));
    for (guint d = 0; d < ns; d++)
      g_free (nl[d]);
  }

  /* the chosen document's top terms */
  {
    guint k = self->n_top[doc];
    g_autofree double *edges = g_new (double, k + 1);
    g_autofree char **tl = g_new0 (char *, k + 1);
    g_autofree char *title = g_strdup_printf (_("Top terms of document %s"), self->labels[doc]);
    g_autofree char *et = esc (title);
    LabStyle bars = lab_style_default (0);

    add_edges (edges, k);
    for (guint i = 0; i < k; i++)
      tl[i] = short_text (t->terms[self->top_terms[(gsize) doc * TOP_TERMS + i]], 10);
    lab_axes_set_tag (terms, TAG_TERMS);
    lab_axes_set_title (terms, et);
    lab_axes_set_ylabel (terms, _("tf · idf (normalised)"));
    lab_axes_set_xlim (terms, -0.5, MAX (k, 1) - 0.5);
    lab_axes_set_ylim (terms, 0, k > 0 ? 1.1 * self->top_values[(gsize) doc * TOP_TERMS] : 1);
    if (k > 0)
      {
        lab_axes_set_xcategories (terms, (const char * const *) tl);
        bars.fill = lab_color_palette_alpha (0, 0.7);
        lab_layer_set_dynamic (lab_axes_add_bars (terms, NULL, edges, self->top_values + (gsize) doc * TOP_TERMS,
                                                  k, &bars), TRUE);
      }
    for (guint i = 0; i < k; i++)
      g_free (tl[i]);
  }

  /* the query ranking */
  {
    const char *q = lab_params_get_string (params, "query");
    g_autofree double *score = NULL;
    g_autofree guint *order = NULL;
    guint shown = MIN (self->n_docs, 10);
    g_autofree double *edges = g_new (double, shown + 1);
    g_autofree double *heights = g_new (double, shown);
    g_autofree char **ql = g_new0 (char *, shown + 1);
    double qn = rank_query (self, q, &score, &order);
    LabStyle bars = lab_style_default (1);

    add_edges (edges, shown);
    for (guint i = 0; i < shown; i++)
      {
        heights[i] = score[order[i]];
        ql[i] = g_strdup_printf ("%u", order[i] + 1);
      }
    lab_axes_set_tag (query, TAG_QUERY);
    {
      g_autofree char *sq = short_text (q, 40);
      g_autofree char *eq = esc (sq);
      g_autofree char *title = qn > 0 ? g_strdup_printf (_("Documents ranked by cosine to “%s”"), eq)
                                      : g_strdup_printf (_("“%s”: no term of the vocabulary"), eq);

      lab_axes_set_title (query, title);
    }
    lab_axes_set_xlabel (query, _("document"));
    lab_axes_set_ylabel (query, _("cosine similarity"));
    lab_axes_set_xlim (query, -0.5, shown - 0.5);
    lab_axes_set_ylim (query, 0, 1.05);
    lab_axes_set_xcategories (query, (const char * const *) ql);
    bars.fill = lab_color_palette_alpha (1, 0.7);
    lab_layer_set_dynamic (lab_axes_add_bars (query, NULL, edges, heights, shown, &bars), TRUE);
    for (guint i = 0; i < shown; i++)
      g_free (ql[i]);
  }
  for (guint k = 0; k < nh; k++)
    g_free (xl[k]);
  for (guint d = 0; d < ns; d++)
    g_free (yl[d]);
}

/* ------------------------------------------------------------------ */
/* bpe */

static guint
current_step (const NlpResult *self,
              LabParams       *params)
{
  return MIN ((guint) lab_params_get_int (params, "merges"), self->bpe->n_merges);
}

static void
build_bpe (const NlpResult *self,
           LabParams       *params,
           LabFigure       *figure)
{
  const LabBpe *b = self->bpe;
  guint step = current_step (self, params);
  LabAxes *pairs = lab_figure_get_axes (figure, 0);
  LabAxes *table = lab_figure_get_axes (figure, 1);
  LabAxes *vocab = lab_figure_get_axes (figure, 2);
  LabAxes *mean = lab_figure_get_axes (figure, 3);
  guint nt = b->n_top[step];
  const LabBpePair *top = b->top + (gsize) step * b->top_k;
  g_autofree double *edges = g_new (double, MAX (nt, 1) + 1);
  g_autofree double *heights = g_new (double, MAX (nt, 1));
  g_autofree char **pl = g_new0 (char *, nt + 1);
  g_autofree double *xs = g_new (double, b->n_merges + 1);
  g_autofree double *vs = g_new (double, b->n_merges + 1);
  LabStyle bars = lab_style_default (0);
  LabStyle cur = lab_style_rule (LAB_COLOR_ACCENT, 1.0);
  LabStyle line = lab_style_default (0);

  {
    g_autofree char *nw = lab_format_count (b->n_words), *no = lab_format_count (b->n_occurrences);
    g_autofree char *title = g_strdup_printf (_("Byte-pair encoding · %s distinct words, %s occurrences · "
                                                "merge %u of %u learnt"), nw, no, step, b->n_merges);

    lab_figure_set_title (figure, title);
  }
  lab_figure_set_row_weights (figure, (const double[]) { 1.2, 1.0 });

  /* the pair counts before the next merge */
  add_edges (edges, nt);
  for (guint i = 0; i < nt; i++)
    {
      g_autofree char *l = show_symbol (top[i].left), *r = show_symbol (top[i].right);

      heights[i] = (double) top[i].count;
      pl[i] = g_strdup_printf ("%s+%s", l, r);
    }
  lab_axes_set_tag (pairs, TAG_PAIRS);
  lab_axes_set_title (pairs, step < b->n_merges ? _("Most frequent adjacent pairs: the first is merged next")
                                                : _("Most frequent adjacent pairs"));
  lab_axes_set_ylabel (pairs, _("count in the corpus"));
  lab_axes_set_xlim (pairs, -0.5, MAX (nt, 1) - 0.5);
  lab_axes_set_ylim (pairs, 0, nt > 0 ? 1.12 * heights[0] : 1);
  if (nt > 0)
    {
      double e1[2] = { -0.5, 0.5 };
      LabStyle first = lab_style_default (1);

      lab_axes_set_xcategories (pairs, (const char * const *) pl);
      bars.fill = lab_color_palette_alpha (0, 0.6);
      lab_layer_set_dynamic (lab_axes_add_bars (pairs, NULL, edges, heights, nt, &bars), TRUE);
      first.fill = lab_color_palette_alpha (1, 0.85);
      if (step < b->n_merges)
        lab_layer_set_dynamic (lab_axes_add_bars (pairs, NULL, e1, heights, 1, &first), TRUE);
    }
  for (guint i = 0; i < nt; i++)
    g_free (pl[i]);

  /* the merge table so far (the last 14) and the sample text */
  {
    g_autoptr(GString) s = g_string_new (NULL);
    guint from = step > 14 ? step - 14 : 0;
    g_auto(GStrv) toks = lab_bpe_encode (b, step, lab_params_get_string (params, "sample-text"));
    guint n_tok = g_strv_length (toks);
    g_autoptr(LabTokens) words = lab_tokens_new (lab_params_get_string (params, "sample-text"), LAB_TOKENIZE_WORDS);

    g_string_append_printf (s, _("<b>Merges learnt</b> (“_” ends a word)\n"));
    if (from > 0)
      g_string_append_printf (s, _("<i>… %u earlier</i>\n"), from);
    for (guint m = from; m < step; m++)
      {
        g_autofree char *l = show_symbol (b->merges[m].left), *r = show_symbol (b->merges[m].right);
        g_autofree char *j = g_strconcat (b->merges[m].left, b->merges[m].right, NULL);
        g_autofree char *js = show_symbol (j);
        g_autofree char *el = esc (l), *er = esc (r), *ej = esc (js);

        g_string_append_printf (s, "<tt>%3u</tt>  %s + %s → <b>%s</b>  <small>(%" G_GINT64_FORMAT ")</small>\n",
                                m + 1, el, er, ej, b->merges[m].count);
      }
    if (step == 0)
      g_string_append (s, _("<i>none yet: every word is its characters</i>\n"));
    g_string_append_printf (s, _("\n<b>Sample</b>: %u words → %u tokens\n"), words->n, n_tok);
    {
      guint col = 0;

      for (guint i = 0; toks[i] != NULL; i++)
        {
          g_autofree char *v = show_symbol (toks[i]);
          g_autofree char *e = esc (v);
          guint len = (guint) g_utf8_strlen (v, -1) + 3;

          if (col > 0 && col + len > 48)
            {
              g_string_append_c (s, '\n');
              col = 0;
            }
          g_string_append_printf (s, "<span background=\"#8888ff40\">%s</span> ", e);
          col += len;
        }
    }
    lab_axes_set_tag (table, TAG_TABLE);
    lab_axes_set_frame (table, FALSE);
    lab_axes_set_xlim (table, 0, 1);
    lab_axes_set_ylim (table, 0, 1);
    lab_layer_set_dynamic (lab_axes_add_text (table, 0.02, 0.98, s->str, LAB_ANCHOR_NORTH_WEST, TRUE, NULL), TRUE);
  }

  /* the vocabulary and the tokens per word against the merges */
  for (guint m = 0; m <= b->n_merges; m++)
    {
      xs[m] = m;
      vs[m] = b->vocabulary[m];
    }
  line.line_width = 2.0;
  lab_axes_set_tag (vocab, TAG_VOCAB);
  lab_axes_set_title (vocab, _("Symbols in use"));
  lab_axes_set_xlabel (vocab, _("merges"));
  lab_axes_set_ylabel (vocab, _("distinct symbols"));
  lab_axes_set_grid (vocab, TRUE);
  lab_axes_set_xlim (vocab, 0, MAX (b->n_merges, 1));
  lab_axes_add_line (vocab, NULL, xs, vs, b->n_merges + 1, &line);
  lab_layer_set_dynamic (lab_axes_add_vline (vocab, NULL, step, &cur), TRUE);
  {
    g_autofree char *lbl = g_strdup_printf ("%u", b->vocabulary[step]);
    LabStyle mk = lab_style_marker (lab_color_semantic (LAB_COLOR_ACCENT, 1.0), 8);

    lab_layer_set_dynamic (lab_axes_add_marker (vocab, NULL, step, b->vocabulary[step], &mk), TRUE);
    lab_layer_set_dynamic (lab_axes_add_text (vocab, step, b->vocabulary[step], lbl, LAB_ANCHOR_SOUTH_WEST, FALSE, NULL), TRUE);
  }

  lab_axes_set_tag (mean, TAG_MEAN);
  lab_axes_set_title (mean, _("Tokens per word"));
  lab_axes_set_xlabel (mean, _("merges"));
  lab_axes_set_ylabel (mean, _("mean tokens per word"));
  lab_axes_set_grid (mean, TRUE);
  lab_axes_set_xlim (mean, 0, MAX (b->n_merges, 1));
  lab_axes_set_ylim (mean, 0, 1.08 * b->mean_tokens[0]);
  lab_axes_add_line (mean, NULL, xs, b->mean_tokens, b->n_merges + 1, &line);
  lab_layer_set_dynamic (lab_axes_add_vline (mean, NULL, step, &cur), TRUE);
  {
    g_autofree char *lbl = g_strdup_printf ("%.2f", b->mean_tokens[step]);
    LabStyle mk = lab_style_marker (lab_color_semantic (LAB_COLOR_ACCENT, 1.0), 8);

    lab_layer_set_dynamic (lab_axes_add_marker (mean, NULL, step, b->mean_tokens[step], &mk), TRUE);
    lab_layer_set_dynamic (lab_axes_add_text (mean, step, b->mean_tokens[step], lbl, LAB_ANCHOR_SOUTH_WEST, FALSE, NULL), TRUE);
  }
}

/* ------------------------------------------------------------------ */
/* metrics */

static const char *
smoothing_nick (LabParams *params)
{
  static const char *const nicks[] = { "none", "floor", "add-one", "nist-exponential" };

  return nicks[CLAMP (lab_params_get_enum (params, "smoothing"), 0, 3)];
}

/* the METEOR alignment: candidate tokens above, reference tokens below, a line per aligned pair
 * coloured by chunk (dashed: matched by stem) */
#define METEOR_SHOWN 24

static void
build_meteor (const NlpResult *self,
              LabAxes         *ax)
{
  const LabMeteor *m = self->meteor;
  const LabTokens *c = self->cand, *r = self->refs[self->meteor_ref];
  guint nc = MIN (c->n, METEOR_SHOWN), nr = MIN (r->n, METEOR_SHOWN);
  double w = MAX (MAX (nc, nr), 2);
  LabStyle text = lab_style_text ();
  g_autofree char *title = NULL;
  g_autofree char *formula = NULL;

  title = self->corpus
    ? g_strdup_printf (_("METEOR: row 1 against reference %u (corpus mean %.4f)"), self->meteor_ref + 1, self->meteor_mean)
    : g_strdup_printf (_("METEOR = %.4f: alignment with reference %u"), m->score, self->meteor_ref + 1);
  lab_axes_set_tag (ax, TAG_METEOR);
  lab_axes_set_title (ax, title);
  lab_axes_set_frame (ax, FALSE);
  lab_axes_set_xlim (ax, -0.5, w - 0.5);
  lab_axes_set_ylim (ax, -0.25, 1.25);
  for (guint i = 0; i < nc; i++)
    {
      double x = i * (w - 1) / MAX (nc - 1, 1);
      int j = m->cand_to_ref[i];
      g_autofree char *sc = short_text (c->tokens[i], 12);
      g_autofree char *e = esc (sc);
      g_autofree char *lbl = m->kind[i] != LAB_METEOR_NONE ? g_strdup_printf ("<b>%s</b>", e) : g_strdup (e);

      lab_axes_add_text (ax, x, nc > 10 && i % 2 ? 1.02 : 0.86, lbl, LAB_ANCHOR_SOUTH, FALSE, &text);
      if (j >= 0 && (guint) j < nr)
        {
          double xr = j * (w - 1) / MAX (nr - 1, 1);
          double lx[2] = { x, xr }, ly[2] = { 0.84, 0.26 };
          LabStyle ls = lab_style_default (m->chunk[i] % 8);

          ls.line_width = 2.2;
          if (m->kind[i] == LAB_METEOR_STEM)
            ls.dash = LAB_DASH_DASHED;
          lab_axes_add_line (ax, NULL, lx, ly, 2, &ls);
        }
    }
  for (guint j = 0; j < nr; j++)
    {
      double x = j * (w - 1) / MAX (nr - 1, 1);
      g_autofree char *sr = short_text (r->tokens[j], 12);
      g_autofree char *e = esc (sr);

      lab_axes_add_text (ax, x, nr > 10 && j % 2 ? 0.08 : 0.24, e, LAB_ANCHOR_NORTH, FALSE, &text);
    }
  formula = g_strdup_printf (_("%u matches in %u chunks · P = %.3f, R = %.3f · F<sub>mean</sub> = 10PR/(R + 9P) = %.4f\n"
                               "penalty = 0.5·(%u/%u)³ = %.4f · exact: solid, stem: dashed · no WordNet synonyms%s"),
                             m->matches, m->chunks, m->p, m->r, m->fmean, m->chunks, MAX (m->matches, 1), m->penalty,
                             c->n > METEOR_SHOWN || r->n > METEOR_SHOWN ? _(" · first 24 tokens drawn") : "");
  lab_axes_add_text (ax, 0.5, 0.0, formula, LAB_ANCHOR_SOUTH, TRUE, NULL);
}

static void
build_metrics (const NlpResult *self,
               LabParams       *params,
               LabFigure       *figure)
{
  const LabBleuStats *st = &self->bleu_stats;
  guint N = st->max_n;
  LabAxes *bleu = lab_figure_get_axes (figure, 0);
  LabAxes *rouge = lab_figure_get_axes (figure, 1);
  LabAxes *text = lab_figure_get_axes_at (figure, 1, 0);
  double edges[LAB_BLEU_MAX_N + 1];
  g_autofree char **bl = g_new0 (char *, N + 1);
  LabStyle bars = lab_style_default (0);
  LabStyle rule = lab_style_reference ();

  {
    g_autofree char *title = self->corpus
      ? g_strdup_printf (_("Corpus BLEU-%u = %.4f · mean METEOR %.4f · %u candidate rows"), N, self->bleu,
                         self->meteor_mean, self->n_pairs)
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "BLEU-%u = %.4f · ROUGE-L F = %.4f · METEOR = %.4f · %u reference",
                                      "BLEU-%u = %.4f · ROUGE-L F = %.4f · METEOR = %.4f · %u references", self->n_refs),
                         N, self->bleu, self->bestl.f, self->meteor_mean, self->n_refs);

    lab_figure_set_title (figure, title);
  }
  lab_figure_set_row_weights (figure, (const double[]) { 1.25, 1.0 });

  /* clipped n-gram precisions */
  add_edges (edges, N);
  for (guint n = 0; n < N; n++)
    bl[n] = g_strdup_printf ("p%u\n%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, n + 1, st->matches[n], st->total[n]);
  {
    g_autofree char *title = g_strdup_printf (_("Clipped n-gram precisions (smoothing: %s)"), smoothing_nick (params));
    g_autofree char *geo = NULL, *bpl = NULL;
    double g = self->bp > 0 ? self->bleu / self->bp : 0;

    lab_axes_set_tag (bleu, TAG_BLEU);
    lab_axes_set_title (bleu, title);
    lab_axes_set_ylabel (bleu, _("precision pₙ"));
    lab_axes_set_xlim (bleu, -0.5, N - 0.5);
    lab_axes_set_ylim (bleu, 0, 1.18);
    lab_axes_set_xcategories (bleu, (const char * const *) bl);
    bars.fill = lab_color_palette_alpha (0, 0.7);
    lab_axes_add_bars (bleu, _("pₙ"), edges, self->precisions, N, &bars);
    geo = g_strdup_printf (_("geometric mean %.4f"), g);
    lab_axes_add_hline (bleu, geo, g, &rule);
    bpl = g_strdup_printf (_("BP = %.4f  (c = %lld, r = %lld)\n"
                             "BLEU = BP · exp(Σ ln pₙ / %u) = %.4f"),
                           self->bp, (long long) st->hyp_len, (long long) st->ref_len, N, self->bleu);
    lab_axes_add_text (bleu, 0.98, 0.98, bpl, LAB_ANCHOR_NORTH_EAST, TRUE, NULL);
    /* why a BLEU of 0: a precision without a match and no smoothing */
    if (self->bleu == 0 && st->hyp_len > 0)
      {
        guint z = 0;

        while (z < N && st->matches[z] > 0)
          z++;
        if (z < N)
          {
            g_autofree char *why = st->matches[0] == 0
              ? g_strdup (_("no word\nin common:\nBLEU = 0"))
              : g_strdup_printf (_("no %u-gram\nmatches:\np%u = 0 makes\nBLEU = 0"), z + 1, z + 1);
            LabStyle warn = lab_style_text ();

            lab_axes_add_text (bleu, z, 0.03, why, LAB_ANCHOR_SOUTH, FALSE, &warn);
          }
      }
  }
  for (guint n = 0; n < N; n++)
    g_free (bl[n]);

  /* ROUGE P, R, F for 1, 2, L: three groups of three bars */
  {
    static const char *const groups[] = { "ROUGE-1", "ROUGE-2", "ROUGE-L", NULL };
    const LabPrf *v[3] = { &self->best1, &self->best2, &self->bestl };
    const char *names[3] = { N_("precision"), N_("recall"), N_("F₁") };

    lab_axes_set_tag (rouge, TAG_ROUGE);
    lab_axes_set_title (rouge, self->corpus ? _("ROUGE: the best reference per row, averaged")
                                            : _("ROUGE against the best reference"));
    lab_axes_set_xlim (rouge, -0.5, 2.5);
    lab_axes_set_ylim (rouge, 0, 1.18);
    lab_axes_set_xcategories (rouge, groups);
    lab_axes_set_legend (rouge, TRUE);
    for (guint k = 0; k < 3; k++)
      {
        double e[7], h[3];
        LabStyle s = lab_style_default (k);

        for (guint g = 0; g < 3; g++)
          {
            e[2 * g] = g - 0.39 + k * 0.26;
            e[2 * g + 1] = e[2 * g] + 0.24;
            h[g] = k == 0 ? v[g]->p : k == 1 ? v[g]->r : v[g]->f;
          }
        s.fill = lab_color_palette_alpha (k, 0.75);
        /* bars take n + 1 edges: draw each group's bar on its own */
        for (guint g = 0; g < 3; g++)
          lab_axes_add_bars (rouge, g == 0 ? _(names[k]) : NULL, e + 2 * g, h + g, 1, &s);
      }
  }

  /* the texts, the LCS marked */
  {
    g_autoptr(GString) s = g_string_new (NULL);
    const LabTokens *ref = self->refs[self->best_ref];

    g_string_append_printf (s, self->corpus ? _("<b>Row 1 candidate</b>\n") : _("<b>Candidate</b>\n"));
    append_tokens (s, self->cand, self->lcs_cand, 58);
    g_string_append_printf (s, _("\n\n<b>Reference %u</b> (best ROUGE-L)\n"), self->best_ref + 1);
    append_tokens (s, ref, self->lcs_ref, 58);
    g_string_append_printf (s, _("\n\n<span foreground=\"#e66100\" weight=\"bold\" underline=\"single\">marked</span>: "
                                 "one longest common subsequence,\n%u of %u candidate and %u reference tokens"),
                            (guint) lround (self->rougel[self->best_ref].p * self->cand->n), self->cand->n, ref->n);
    if (self->n_refs > 1)
      {
        g_string_append (s, _("\n\n<b>Per reference</b>  <tt>ROUGE-1 F  ROUGE-2 F  ROUGE-L F  METEOR</tt>"));
        for (guint r = 0; r < self->n_refs && r < 6; r++)
          g_string_append_printf (s, "\n%u   <tt>          %.4f     %.4f     %.4f    %.4f</tt>", r + 1, self->rouge1[r].f,
                                  self->rouge2[r].f, self->rougel[r].f, self->meteor_scores[r]);
      }
    lab_axes_set_tag (text, TAG_TEXT);
    lab_axes_set_frame (text, FALSE);
    lab_axes_set_xlim (text, 0, 1);
    lab_axes_set_ylim (text, 0, 1);
    lab_axes_add_text (text, 0.01, 0.98, s->str, LAB_ANCHOR_NORTH_WEST, TRUE, NULL);
  }

  build_meteor (self, lab_figure_get_axes_at (figure, 1, 1));
}

LabFigure *
nlp_build (const LabResult *result,
           LabParams       *params)
{
  const NlpResult *self = (const NlpResult *) result;
  LabFigure *figure = lab_figure_new (2, 2);

  switch (self->mode)
    {
    case LAB_NLP_MODE_TFIDF:
      build_tfidf (self, params, figure);
      break;
    case LAB_NLP_MODE_BPE:
      build_bpe (self, params, figure);
      break;
    case LAB_NLP_MODE_METRICS:
    default:
      build_metrics (self, params, figure);
      break;
    }
  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
add_prf (LabMetrics   *out,
         const char   *key,
         const char   *label,
         const LabPrf *v)
{
  lab_metrics_begin_object (out, key);
  lab_metrics_add_double (out, "p", NULL, v->p);
  lab_metrics_add_double (out, "r", NULL, v->r);
  lab_metrics_add_double (out, "f", NULL, v->f);
  lab_metrics_end (out);
  {
    g_autofree char *k = g_strconcat (key, "_f", NULL);

    lab_metrics_add_double (out, k, label, v->f);
  }
}

void
nlp_metrics (const LabResult *result,
             LabParams       *params,
             LabMetrics      *out)
{
  const NlpResult *self = (const NlpResult *) result;

  if (self->mode == LAB_NLP_MODE_TFIDF)
    {
      const LabTfidf *t = self->tfidf;

      lab_metrics_add_int (out, "documents", _("Documents"), t->n_docs);
      lab_metrics_add_int (out, "vocabulary_size", _("Vocabulary size"), t->n_terms);
      lab_metrics_begin_array (out, "top_terms");
      for (guint d = 0; d < t->n_docs && d < 1000; d++)
        {
          lab_metrics_begin_array (out, NULL);
          for (guint k = 0; k < self->n_top[d]; k++)
            lab_metrics_add_string (out, NULL, NULL, t->terms[self->top_terms[(gsize) d * TOP_TERMS + k]]);
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
      lab_metrics_begin_array (out, "similarity");
      for (guint a = 0; a < self->n_shown; a++)
        {
          lab_metrics_begin_array (out, NULL);
          for (guint b = 0; b < self->n_shown; b++)
            lab_metrics_add_double (out, NULL, NULL, self->similarity[(gsize) a * self->n_shown + b]);
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
      {
        g_autofree double *score = NULL;
        g_autofree guint *order = NULL;

        rank_query (self, lab_params_get_string (params, "query"), &score, &order);
        lab_metrics_begin_array (out, "query_ranking");
        for (guint i = 0; i < MIN (self->n_docs, 10); i++)
          {
            lab_metrics_begin_array (out, NULL);
            lab_metrics_add_int (out, NULL, NULL, order[i] + 1);
            lab_metrics_add_double (out, NULL, NULL, score[order[i]]);
            lab_metrics_end (out);
          }
        lab_metrics_end (out);
        if (self->n_docs > 0)
          {
            lab_metrics_add_int (out, "best_document", _("Best match to the query"), order[0] + 1);
            lab_metrics_add_double (out, "best_cosine", _("Its cosine similarity"), score[order[0]]);
          }
      }
    }
  else if (self->mode == LAB_NLP_MODE_BPE)
    {
      const LabBpe *b = self->bpe;
      guint step = current_step (self, params);
      g_auto(GStrv) toks = lab_bpe_encode (b, step, lab_params_get_string (params, "sample-text"));

      lab_metrics_add_int (out, "merges_done", _("Merges"), step);
      lab_metrics_add_int (out, "vocabulary_size", _("Symbols in use"), b->vocabulary[step]);
      lab_metrics_add_double (out, "mean_tokens_per_word", _("Mean tokens per word"), b->mean_tokens[step]);
      lab_metrics_add_int (out, "distinct_words", _("Distinct words"), b->n_words);
      lab_metrics_begin_array (out, "merges");
      for (guint m = 0; m < step; m++)
        {
          lab_metrics_begin_array (out, NULL);
          lab_metrics_add_string (out, NULL, NULL, b->merges[m].left);
          lab_metrics_add_string (out, NULL, NULL, b->merges[m].right);
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
      lab_metrics_begin_array (out, "tokens");
      for (guint i = 0; toks[i] != NULL; i++)
        lab_metrics_add_string (out, NULL, NULL, toks[i]);
      lab_metrics_end (out);
      lab_metrics_add_int (out, "sample_tokens", _("Sample tokens"), g_strv_length (toks));
    }
  else
    {
      lab_metrics_add_double (out, "bleu", self->corpus ? _("Corpus BLEU") : _("BLEU"), self->bleu);
      lab_metrics_begin_array (out, "precisions");
      for (guint n = 0; n < self->bleu_stats.max_n; n++)
        lab_metrics_add_double (out, NULL, NULL, self->precisions[n]);
      lab_metrics_end (out);
      lab_metrics_add_double (out, "brevity_penalty", _("Brevity penalty"), self->bp);
      lab_metrics_add_int (out, "candidate_length", _("Candidate length c"), self->bleu_stats.hyp_len);
      lab_metrics_add_int (out, "reference_length", _("Closest reference length r"), self->bleu_stats.ref_len);
      add_prf (out, "rouge1", _("ROUGE-1 F"), &self->best1);
      add_prf (out, "rouge2", _("ROUGE-2 F"), &self->best2);
      add_prf (out, "rougeL", _("ROUGE-L F"), &self->bestl);
      lab_metrics_add_double (out, "meteor", self->corpus ? _("METEOR (mean over rows)") : _("METEOR"), self->meteor_mean);
      lab_metrics_add_double (out, "fragmentation_penalty", _("Fragmentation penalty"), self->penalty_mean);
      lab_metrics_add_int (out, "chunks", _("Chunks"), self->meteor_chunks);
      lab_metrics_add_int (out, "matches", _("Aligned unigrams"), self->meteor_matches);
      if (!self->corpus)
        {
          lab_metrics_add_double (out, "meteor_fmean", _("METEOR Fmean"), self->meteor->fmean);
          guint stems = 0;

          for (guint i = 0; i < self->meteor->n_cand; i++)
            stems += self->meteor->kind[i] == LAB_METEOR_STEM;
          lab_metrics_add_int (out, "meteor_stem_matches", _("Matched by stem"), stems);
        }
      lab_metrics_add_int (out, "rows", _("Rows"), self->n_pairs);
    }
}

/* ------------------------------------------------------------------ */
/* interaction */

gboolean
nlp_click (const LabResult *result,
           LabParams       *params,
           int              axes_tag,
           double           x,
           double           y)
{
  const NlpResult *self = (const NlpResult *) result;

  if (self->mode == LAB_NLP_MODE_TFIDF && (axes_tag == TAG_HEAT || axes_tag == TAG_SIMILARITY))
    {
      int d = (int) lround (self->n_shown - 1 - y);

      if (d < 0 || d >= (int) self->n_shown)
        return FALSE;
      lab_params_set_int (params, "document", d + 1);
      return TRUE;
    }
  if (self->mode == LAB_NLP_MODE_BPE && (axes_tag == TAG_VOCAB || axes_tag == TAG_MEAN) && isfinite (x))
    {
      lab_params_set_int (params, "merges", (int) CLAMP (lround (x), 0, (long) self->bpe->n_merges));
      return TRUE;
    }
  return FALSE;
}

gboolean
nlp_suggest_range (const LabResult *result,
                   GParamSpec      *pspec,
                   double          *lo,
                   double          *hi)
{
  const NlpResult *self = (const NlpResult *) result;

  if (g_str_equal (pspec->name, "document") && self->mode == LAB_NLP_MODE_TFIDF)
    {
      *lo = 1;
      *hi = self->n_docs;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "merges") && self->mode == LAB_NLP_MODE_BPE)
    {
      *lo = 0;
      *hi = MAX (self->bpe->n_merges, 1);
      return TRUE;
    }
  return FALSE;
}
