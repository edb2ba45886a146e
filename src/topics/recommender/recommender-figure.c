/* recommender-figure.c — the recommender topic on the main thread: figures, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "recommender-private.h"

static const char * const bucket_names[REC_N_BUCKETS] = { "0", "1–2", "3–5", "6+" };

guint
recommender_shown_iteration (const RecResult *self, LabParams *params)
{
  return (guint) CLAMP (lab_params_get_int (params, "iteration"), 0, (int) self->iterations);
}

guint
recommender_shown_user (const RecResult *self, LabParams *params)
{
  return (guint) CLAMP (lab_params_get_int (params, "user"), 0, (int) self->ratings->n_users - 1);
}

guint
recommender_user_top_k (const RecResult *self, guint user, guint *items, double *scores)
{
  guint ni = self->ratings->n_items, n;
  g_autofree double *s = g_new (double, ni);
  g_autofree guint8 *exclude = g_new0 (guint8, ni);
  const LabSparse *tr = self->train_by_user;

  recommender_user_scores (self, user, s);
  for (gsize e = tr->ptr[user]; e < tr->ptr[user + 1]; e++)
    exclude[tr->idx[e]] = 1;
  n = lab_rank_top_k (s, ni, exclude, self->k, items);
  for (guint t = 0; t < n; t++)
    scores[t] = s[items[t]];
  return n;
}

/* whether the user's held-out rating of @item makes it relevant */
static gboolean
held_out_positive (const RecResult *self, guint user, guint item)
{
  const LabSparse *te = self->test_by_user;
  gboolean all = self->method == REC_METHOD_ALS_IMPLICIT || self->ratings->implicit;

  for (gsize e = te->ptr[user]; e < te->ptr[user + 1]; e++)
    if (te->idx[e] == item)
      return all || te->val[e] >= self->threshold;
  return FALSE;
}

static const char *
method_title (const RecResult *self)
{
  switch (self->method)
    {
    case REC_METHOD_ALS: return _("ALS");
    case REC_METHOD_ALS_IMPLICIT: return _("implicit ALS");
    case REC_METHOD_USER_KNN: return _("user k-NN");
    case REC_METHOD_ITEM_KNN: return _("item k-NN");
    case REC_METHOD_POPULARITY:
    default: return _("popularity");
    }
}

static const char *
method_nick (const RecResult *self)
{
  static const char * const nicks[] = { "als", "als-implicit", "user-knn", "item-knn", "popularity" };

  return nicks[self->method];
}

/* Bars at 0, 1, 2 … with category labels */
static void
add_bars (LabAxes *ax, const char *label, const double *values, guint n, guint slot)
{
  g_autofree double *edges = g_new (double, 2 * n + 1), *heights = g_new (double, 2 * n);
  LabStyle st = lab_style_default (slot);

  st.fill = lab_color_palette_alpha (slot, 0.8);
  edges[0] = -0.5;
  for (guint g = 0; g < n; g++)
    {
      edges[2 * g + 1] = g - 0.35;
      edges[2 * g + 2] = g + 0.35;
      heights[2 * g] = NAN;
      heights[2 * g + 1] = values[g];
    }
  lab_axes_add_bars (ax, label, edges, heights, 2 * n, &st);
}

/* k-NN and popularity: the errors as bars (there are no iterations) */
static void
build_errors (LabAxes *ax, const RecResult *self)
{
  const char *labels[] = { _("train"), _("test"), _("item mean (test)"), NULL };
  double v[3] = { self->rmse_train[0], self->rmse_test[0], self->rmse_test_item_mean };
  double top = 0;

  for (guint i = 0; i < 3; i++)
    if (isfinite (v[i]))
      top = MAX (top, v[i]);
  lab_axes_set_title (ax, _("Error of the predicted ratings"));
  lab_axes_set_ylabel (ax, _("RMSE"));
  lab_axes_set_tag (ax, TAG_RMSE);
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_xlim (ax, -0.5, 2.5);
  lab_axes_set_ylim (ax, 0, top > 0 ? top * 1.2 : 1);
  add_bars (ax, NULL, v, 3, 0);
}

/* k-NN and popularity: the catalogue's long tail, with the shown user's list on it */
static void
build_long_tail (LabAxes *ax, const RecResult *self, const guint *top, guint n_top)
{
  guint ni = self->ratings->n_items;
  g_autofree double *x = g_new (double, ni), *y = g_new (double, ni);
  g_autofree double *rx = g_new (double, MAX (n_top, 1)), *ry = g_new (double, MAX (n_top, 1));
  g_autofree guint *rank_of = g_new (guint, ni);
  g_autofree guint *order = g_new (guint, ni);
  LabStyle line = lab_style_default (3), recs = lab_style_marker (lab_color_palette (1), 8);

  /* items by decreasing popularity (ties by index): a counting order */
  {
    guint max = 0, pos = 0;

    for (guint j = 0; j < ni; j++)
      max = MAX (max, self->popularity[j]);
    for (long c = max; c >= 0; c--)
      for (guint j = 0; j < ni; j++)
        if (self->popularity[j] == (guint) c)
          order[pos++] = j;
  }
  for (guint r = 0; r < ni; r++)
    {
      x[r] = r + 1;
      y[r] = self->popularity[order[r]];
      rank_of[order[r]] = r;
    }
  for (guint t = 0; t < n_top; t++)
    {
      rx[t] = rank_of[top[t]] + 1;
      ry[t] = self->popularity[top[t]];
    }
  lab_axes_set_title (ax, _("The long tail: training ratings per item"));
  lab_axes_set_xlabel (ax, _("item, by popularity rank"));
  lab_axes_set_ylabel (ax, _("training ratings"));
  lab_axes_set_tag (ax, TAG_OBJECTIVE);
  lab_axes_add_line (ax, _("items"), x, y, ni, &line);
  if (n_top > 0)
    lab_layer_set_dynamic (lab_axes_add_scatter (ax, _("shown user's list"), rx, ry, NULL, n_top, &recs), TRUE);
  lab_axes_set_legend (ax, TRUE);
}

/* k-NN: how similar the kept neighbours are */
static void
build_similarities (LabAxes *ax, const RecResult *self)
{
  const LabNeighbours *nb = self->nb;
  double edges[41], counts[40] = { 0 };
  g_autofree char *title = NULL;
  guint kept = 0;
  LabStyle st = lab_style_default (0);

  for (guint b = 0; b <= 40; b++)
    edges[b] = -1 + b * 0.05;
  for (gsize c = 0; c < (gsize) nb->n_rows * nb->k; c++)
    if (nb->idx[c] != G_MAXUINT)
      {
        int b = (int) floor ((nb->sim[c] + 1) / 0.05);

        counts[CLAMP (b, 0, 39)]++;
        kept++;
      }
  title = g_strdup_printf (_("Similarities of the %u neighbours kept"), kept);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, nb->similarity == LAB_SIMILARITY_COSINE ? _("cosine similarity")
                                                                     : _("Pearson (centred cosine) similarity"));
  lab_axes_set_ylabel (ax, _("neighbour pairs"));
  lab_axes_set_tag (ax, TAG_FACTORS);
  st.fill = lab_color_palette_alpha (0, 0.7);
  lab_axes_add_bars (ax, NULL, edges, counts, 40, &st);
}

/* ------------------------------------------------------------------ */
/* curves */

static void
build_rmse (LabAxes *ax, const RecResult *self, guint shown)
{
  guint T = self->iterations;
  g_autofree double *it = g_new (double, T + 1);
  LabStyle train = lab_style_default (0), test = lab_style_default (1);

  LabStyle rule = lab_style_rule (LAB_COLOR_ACCENT, 0.8);

  for (guint t = 0; t <= T; t++)
    it[t] = t;
  lab_axes_set_title (ax, _("Error by iteration"));
  lab_axes_set_xlabel (ax, _("ALS iteration"));
  lab_axes_set_ylabel (ax, _("RMSE"));
  lab_axes_set_tag (ax, TAG_RMSE);
  if (self->method == REC_METHOD_ALS_IMPLICIT)
    {
      lab_axes_set_grid (ax, FALSE);
      lab_axes_set_frame (ax, FALSE);
      lab_axes_add_text (ax, 0.5, 0.5, _("Implicit feedback has no ratings\nto predict: judge it by the\nranking metrics below"),
                         LAB_ANCHOR_CENTER, TRUE, NULL);
      return;
    }
  train.marker = test.marker = LAB_MARKER_CIRCLE;
  train.marker_size = test.marker_size = 4;
  test.dash = LAB_DASH_SOLID;
  lab_axes_add_line (ax, _("train"), it, self->rmse_train, T + 1, &train);
  lab_axes_add_line (ax, _("test"), it, self->rmse_test, T + 1, &test);
  if (isfinite (self->rmse_test_item_mean))
    lab_axes_add_hline (ax, _("item mean (test)"), self->rmse_test_item_mean, NULL);
  /* iteration 0 (random factors) is far off the scale: start the view at 1 when there is one */
  if (T >= 1)
    {
      double hi = MAX (self->rmse_test[1], self->rmse_train[1]);

      if (isfinite (self->rmse_test_item_mean))
        hi = MAX (hi, self->rmse_test_item_mean);
      lab_axes_set_xlim (ax, 0.5, T + 0.5);
      lab_axes_set_ylim (ax, 0, hi * 1.15);
    }
  lab_layer_set_dynamic (lab_axes_add_vline (ax, NULL, shown, &rule), TRUE);
  lab_axes_set_legend (ax, TRUE);
}

static void
build_objective (LabAxes *ax, const RecResult *self, guint shown)
{
  guint T = self->iterations;
  g_autofree double *it = g_new (double, T + 1);
  LabStyle st = lab_style_default (2);
  g_autofree char *label = NULL;
  LabStyle rule = lab_style_rule (LAB_COLOR_ACCENT, 0.8);

  for (guint t = 0; t <= T; t++)
    it[t] = t;
  st.marker = LAB_MARKER_CIRCLE;
  st.marker_size = 4;
  lab_axes_set_title (ax, self->method == REC_METHOD_ALS ? _("Objective: squared error + weighted λ")
                                                         : _("Objective: confidence-weighted error + λ"));
  lab_axes_set_xlabel (ax, _("ALS iteration"));
  lab_axes_set_ylabel (ax, _("objective J (log)"));
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  lab_axes_set_tag (ax, TAG_OBJECTIVE);
  lab_axes_add_line (ax, _("J"), it, self->objective, T + 1, &st);
  lab_layer_set_dynamic (lab_axes_add_vline (ax, NULL, shown, &rule), TRUE);
  label = g_strdup_printf (_("iteration %u: J = %.4g"), shown, self->objective[shown]);
  lab_layer_set_dynamic (lab_axes_add_text (ax, 0.97, 0.95, label, LAB_ANCHOR_NORTH_EAST, TRUE, NULL), TRUE);
}

/* ------------------------------------------------------------------ */
/* the matrix window */

static void
build_heatmap (LabAxes *ax, const RecResult *self, const double *values, const char *title, int tag,
               gboolean colorbar, gboolean dynamic)
{
  guint nu = self->win_users, ni = self->win_items;
  g_autofree double *flipped = g_new (double, (gsize) nu * ni);
  LabLayer *layer;

  /* row 0 of the heatmap is drawn at the bottom: put the most active user on top */
  for (guint a = 0; a < nu; a++)
    memcpy (flipped + (gsize) (nu - 1 - a) * ni, values + (gsize) a * ni, ni * sizeof (double));
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, _("items, most popular first"));
  lab_axes_set_ylabel (ax, _("users, most active on top"));
  lab_axes_set_grid (ax, FALSE);
  lab_axes_set_tag (ax, tag);
  layer = lab_axes_add_heatmap (ax, flipped, ni, nu, 0, ni, 0, nu, LAB_COLORMAP_VIRIDIS, self->vmin, self->vmax,
                                colorbar ? (self->method == REC_METHOD_ALS_IMPLICIT ? _("preference") : _("rating")) : NULL);
  lab_layer_set_dynamic (layer, dynamic);
  lab_axes_set_xlim (ax, 0, ni);
  lab_axes_set_ylim (ax, 0, nu);
}

/* ------------------------------------------------------------------ */
/* the latent space and the chosen user's list */

static void
build_factors (LabAxes *ax, const RecResult *self, guint shown, guint user, const guint *top, guint n_top)
{
  guint ni = self->ratings->n_items;
  const double *ixy = self->item_xy + (gsize) shown * ni * 2;
  const double *uxy = self->user_xy + ((gsize) shown * self->ratings->n_users + user) * 2;
  g_autofree double *px = g_new (double, ni), *py = g_new (double, ni);
  g_autofree double *rx = g_new (double, MAX (n_top, 1)), *ry = g_new (double, MAX (n_top, 1));
  g_autofree char *title = NULL, *ulabel = NULL;
  LabStyle items = lab_style_default (0), recs = lab_style_marker (lab_color_palette (1), 8);
  double scale = 0, unorm;

  for (guint j = 0; j < ni; j++)
    {
      px[j] = ixy[2 * j];
      py[j] = ixy[2 * j + 1];
      if (isfinite (px[j]))
        scale = MAX (scale, hypot (px[j], py[j]));
    }
  if (isnan (self->explained2))
    title = g_strdup (_("Item factors, 2 principal axes"));
  else
    title = g_strdup_printf (_("Item factors, 2 principal axes (%.0f %%)"), 100 * self->explained2);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, _("axis 1"));
  lab_axes_set_ylabel (ax, _("axis 2"));
  lab_axes_set_equal_aspect (ax, TRUE);
  lab_axes_set_tag (ax, TAG_FACTORS);
  if (!isfinite (ixy[0]))
    {
      lab_axes_add_text (ax, 0.5, 0.5, _("The factor history is too large to keep:\nonly the last iteration is drawn"),
                         LAB_ANCHOR_CENTER, TRUE, NULL);
      return;
    }
  items.marker = LAB_MARKER_CIRCLE;
  items.marker_size = 4;
  items.alpha = 0.5;
  lab_layer_set_dynamic (lab_axes_add_scatter (ax, _("items"), px, py, NULL, ni, &items), TRUE);
  if (shown == self->iterations)
    {
      for (guint t = 0; t < n_top; t++)
        {
          rx[t] = ixy[2 * top[t]];
          ry[t] = ixy[2 * top[t] + 1];
        }
      recs.marker = LAB_MARKER_CIRCLE;
      lab_layer_set_dynamic (lab_axes_add_scatter (ax, _("recommended"), rx, ry, NULL, n_top, &recs), TRUE);
    }
  /* the user's vector, scaled to the items' spread: its direction is what ranks them */
  unorm = hypot (uxy[0], uxy[1]);
  if (unorm > 0 && scale > 0)
    {
      LabStyle arrow = lab_style_rule (LAB_COLOR_ACCENT, 1.0);
      double s = scale / unorm;

      arrow.line_width = 2.5;
      lab_layer_set_dynamic (lab_axes_add_arrow (ax, 0, 0, uxy[0] * s, uxy[1] * s, &arrow), TRUE);
      ulabel = g_strdup_printf (_("user %s"), self->ratings->user_names[user]);
      lab_layer_set_dynamic (lab_axes_add_text (ax, uxy[0] * s, uxy[1] * s, ulabel, LAB_ANCHOR_SOUTH_WEST, FALSE, NULL),
                             TRUE);
    }
  lab_axes_set_legend (ax, TRUE);
}

static void
build_recs (LabAxes *ax, const RecResult *self, guint user, const guint *top, const double *scores, guint n)
{
  g_autofree double *e1 = g_new (double, 2 * n + 1), *h1 = g_new (double, 2 * n + 1);
  g_autofree double *h2 = g_new (double, 2 * n + 1);
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree char *title = NULL;
  LabStyle pos = lab_style_default (2), other = lab_style_default (0);
  guint hits = 0;
  const LabSparse *tr = self->train_by_user;

  lab_axes_set_tag (ax, TAG_RECS);
  title = g_strdup_printf (_("Top %u for user %s (%zu training ratings)"), self->k, self->ratings->user_names[user],
                           (size_t) (tr->ptr[user + 1] - tr->ptr[user]));
  lab_axes_set_title (ax, title);
  switch (self->method)
    {
    case REC_METHOD_USER_KNN: lab_axes_set_ylabel (ax, _("Σ similarity of neighbours who rated it")); break;
    case REC_METHOD_ITEM_KNN: lab_axes_set_ylabel (ax, _("Σ similarity to the user's items")); break;
    case REC_METHOD_POPULARITY: lab_axes_set_ylabel (ax, _("training ratings")); break;
    case REC_METHOD_ALS:
    case REC_METHOD_ALS_IMPLICIT:
    default: lab_axes_set_ylabel (ax, _("predicted score x·y")); break;
    }
  if (n == 0)
    return;
  e1[0] = -0.5;
  for (guint t = 0; t < n; t++)
    {
      gboolean p = held_out_positive (self, user, top[t]);

      e1[2 * t + 1] = t - 0.4;
      e1[2 * t + 2] = t + 0.4;
      h1[2 * t] = h2[2 * t] = NAN;
      h1[2 * t + 1] = p ? scores[t] : NAN;
      h2[2 * t + 1] = p ? NAN : scores[t];
      hits += p;
      labels[t] = self->ratings->item_names[top[t]];
    }
  pos.fill = lab_color_palette_alpha (2, 0.85);
  other.fill = lab_color_palette_alpha (0, 0.6);
  lab_layer_set_dynamic (lab_axes_add_bars (ax, _("other"), e1, h2, 2 * n, &other), TRUE);
  if (hits > 0)
    lab_layer_set_dynamic (lab_axes_add_bars (ax, _("held-out positive"), e1, h1, 2 * n, &pos), TRUE);
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_xlabel (ax, _("item"));
  lab_axes_set_xlim (ax, -0.6, n - 0.4);
  {
    double lo = 0, hi = 0;

    for (guint t = 0; t < n; t++)
      {
        lo = MIN (lo, scores[t]);
        hi = MAX (hi, scores[t]);
      }
    /* room above the bars for the legend */
    lab_axes_set_ylim (ax, lo * 1.1, hi > 0 ? hi * 1.3 : 1);
  }
  lab_axes_set_legend (ax, TRUE);
}

/* ------------------------------------------------------------------ */
/* the ranking metrics */

static void
add_grouped (LabAxes *ax, const char *label, guint series, const double *values, guint n, guint slot)
{
  g_autofree double *edges = g_new (double, 2 * n + 1), *heights = g_new (double, 2 * n);
  LabStyle st = lab_style_default (slot);

  st.fill = lab_color_palette_alpha (slot, 0.85);
  edges[0] = -0.5;
  for (guint g = 0; g < n; g++)
    {
      double x0 = g - 0.4 + series * 0.4;

      edges[2 * g + 1] = x0;
      edges[2 * g + 2] = x0 + 0.36;
      heights[2 * g] = NAN;
      heights[2 * g + 1] = values[g];
    }
  lab_axes_add_bars (ax, label, edges, heights, 2 * n, &st);
}

static void
build_ranking (LabAxes *ax, const RecResult *self)
{
  const char *labels[5] = { NULL };
  double v[2][4];
  g_autofree char *l0 = NULL, *l1 = NULL, *l2 = NULL, *l3 = NULL, *title = NULL;
  double top = 0;

  labels[0] = l0 = g_strdup_printf (_("precision@%u"), self->k);
  labels[1] = l1 = g_strdup_printf (_("recall@%u"), self->k);
  labels[2] = l2 = g_strdup_printf (_("NDCG@%u"), self->k);
  labels[3] = l3 = g_strdup_printf (_("MAP@%u"), self->k);
  for (guint m = 0; m < 2; m++)
    {
      v[m][0] = self->rank[m].precision;
      v[m][1] = self->rank[m].recall;
      v[m][2] = self->rank[m].ndcg;
      v[m][3] = self->rank[m].map;
      for (guint i = 0; i < 4; i++)
        if (isfinite (v[m][i]))
          top = MAX (top, v[m][i]);
    }
  title = g_strdup_printf (_("Ranking on held-out items (%u users)"), self->rank[0].n_users);
  lab_axes_set_title (ax, title);
  if (self->n_single > 0)
    {
      g_autofree char *note = g_strdup_printf (_("%u users with fewer than 2 ratings only train"), self->n_single);

      lab_axes_set_xlabel (ax, note);
    }
  lab_axes_set_tag (ax, TAG_RANKING);
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_xlim (ax, -0.5, 3.5);
  lab_axes_set_ylim (ax, 0, top > 0 ? top * 1.35 : 1);
  add_grouped (ax, method_title (self), 0, v[0], 4, 0);
  if (self->method != REC_METHOD_POPULARITY)
    add_grouped (ax, _("popularity"), 1, v[1], 4, 3);
  lab_axes_set_legend (ax, TRUE);
}

static void
build_cold (LabAxes *ax, const RecResult *self)
{
  char *names[REC_N_BUCKETS + 1] = { NULL };
  g_autofree char *ylabel = NULL;
  double v[2][REC_N_BUCKETS];
  double top = 0;

  for (guint c = 0; c < REC_N_BUCKETS; c++)
    {
      names[c] = g_strdup_printf (_("%s (%u)"), bucket_names[c], self->bucket_users[c]);
      for (guint m = 0; m < 2; m++)
        {
          v[m][c] = self->cold[m][c].ndcg;
          if (isfinite (v[m][c]))
            top = MAX (top, v[m][c]);
        }
    }
  lab_axes_set_title (ax, _("Cold start: by the user's training ratings"));
  lab_axes_set_xlabel (ax, _("training ratings (users with a held-out positive)"));
  ylabel = g_strdup_printf (_("NDCG@%u"), self->k);
  lab_axes_set_ylabel (ax, ylabel);
  lab_axes_set_tag (ax, TAG_COLD);
  lab_axes_set_xcategories (ax, (const char * const *) names);
  lab_axes_set_xlim (ax, -0.5, REC_N_BUCKETS - 0.5);
  lab_axes_set_ylim (ax, 0, top > 0 ? top * 1.35 : 1);
  add_grouped (ax, method_title (self), 0, v[0], REC_N_BUCKETS, 0);
  if (self->method != REC_METHOD_POPULARITY)
    add_grouped (ax, _("popularity"), 1, v[1], REC_N_BUCKETS, 3);
  lab_axes_set_legend (ax, TRUE);
  for (guint c = 0; c < REC_N_BUCKETS; c++)
    g_free (names[c]);
}

LabFigure *
recommender_build (const LabResult *result,
                   LabParams       *params)
{
  const RecResult *self = (const RecResult *) result;
  LabFigure *fig = lab_figure_new (2, 4);
  guint shown = recommender_shown_iteration (self, params), user = recommender_shown_user (self, params);
  g_autofree guint *top = g_new (guint, self->k);
  g_autofree double *scores = g_new (double, self->k);
  g_autofree char *title = NULL, *pred_title = NULL, *model = NULL;
  guint n_top = recommender_user_top_k (self, user, top, scores);
  const double *pred = self->win_predicted + (gsize) shown * self->win_users * self->win_items;
  gboolean als = REC_IS_ALS (self->method);

  if (als)
    model = g_strdup_printf (_("%u factors, λ = %g"), self->f, self->lambda);
  else if (self->nb != NULL)
    model = g_strdup_printf (_("%u neighbours, %s"), self->nb->k,
                             self->nb->similarity == LAB_SIMILARITY_COSINE ? _("cosine") : _("Pearson"));
  else
    model = g_strdup (_("no model of the user"));
  title = g_strdup_printf (_("%s on %s: %u users × %u items, %zu ratings (%zu held out), %s"),
                           method_title (self), self->source_name, self->ratings->n_users, self->ratings->n_items,
                           (size_t) self->ratings->nnz, (size_t) self->n_test, model);
  lab_figure_set_title (fig, title);
  if (als)
    {
      build_rmse (lab_figure_get_axes_at (fig, 0, 0), self, shown);
      build_objective (lab_figure_get_axes_at (fig, 0, 1), self, shown);
      pred_title = g_strdup_printf (_("Predicted x·y at iteration %u"), shown);
    }
  else
    {
      build_errors (lab_figure_get_axes_at (fig, 0, 0), self);
      build_long_tail (lab_figure_get_axes_at (fig, 0, 1), self, top, n_top);
      pred_title = g_strdup_printf (_("Predicted by %s"), method_title (self));
    }
  build_heatmap (lab_figure_get_axes_at (fig, 0, 2), self, self->win_observed, _("Observed (train and test)"),
                 TAG_OBSERVED, FALSE, FALSE);
  build_heatmap (lab_figure_get_axes_at (fig, 0, 3), self, pred, pred_title, TAG_PREDICTED, TRUE, TRUE);
  if (als)
    build_factors (lab_figure_get_axes_at (fig, 1, 0), self, shown, user, top, n_top);
  else if (self->nb != NULL)
    build_similarities (lab_figure_get_axes_at (fig, 1, 0), self);
  else
    {
      LabAxes *ax = lab_figure_get_axes_at (fig, 1, 0);

      lab_axes_set_frame (ax, FALSE);
      lab_axes_set_grid (ax, FALSE);
      lab_axes_add_text (ax, 0.5, 0.5, _("Popularity has no model of the user:\neveryone gets the most-rated items\nthey have not rated yet"),
                         LAB_ANCHOR_CENTER, TRUE, NULL);
    }
  build_recs (lab_figure_get_axes_at (fig, 1, 1), self, user, top, scores, n_top);
  build_ranking (lab_figure_get_axes_at (fig, 1, 2), self);
  build_cold (lab_figure_get_axes_at (fig, 1, 3), self);
  return fig;
}

/* ------------------------------------------------------------------ */
/* metrics */

void
recommender_metrics (const LabResult *result,
                     LabParams       *params,
                     LabMetrics      *out)
{
  const RecResult *self = (const RecResult *) result;
  guint T = self->iterations, user = recommender_shown_user (self, params);
  g_autofree guint *top = g_new (guint, self->k);
  g_autofree double *scores = g_new (double, self->k);
  guint n_top = recommender_user_top_k (self, user, top, scores);

  lab_metrics_add_string (out, "method", NULL, method_nick (self));
  lab_metrics_add_int (out, "users", _("Users"), self->ratings->n_users);
  lab_metrics_add_int (out, "items", _("Items"), self->ratings->n_items);
  lab_metrics_add_int (out, "ratings", _("Ratings"), (gint64) self->ratings->nnz);
  lab_metrics_add_int (out, "test_ratings", _("Held out"), (gint64) self->n_test);
  lab_metrics_add_int (out, "users_training_only", _("Users with < 2 ratings (training only)"), self->n_single);
  lab_metrics_add_int (out, "cold_users", NULL, self->n_cold);
  lab_metrics_add_double (out, "rmse_train_final", _("Train RMSE"), self->rmse_train[T]);
  lab_metrics_add_double (out, "rmse_test_final", _("Test RMSE"), self->rmse_test[T]);
  lab_metrics_add_double (out, "mae_test", _("Test MAE"), self->mae_test);
  lab_metrics_add_double (out, "rmse_test_item_mean", _("Test RMSE of the item mean"), self->rmse_test_item_mean);
  lab_metrics_add_int (out, "k", NULL, self->k);
  lab_metrics_add_double (out, "precision_at_k", _("Precision@k"), self->rank[0].precision);
  lab_metrics_add_double (out, "recall_at_k", _("Recall@k"), self->rank[0].recall);
  lab_metrics_add_double (out, "ndcg_at_k", _("NDCG@k"), self->rank[0].ndcg);
  lab_metrics_add_double (out, "map_at_k", _("MAP@k"), self->rank[0].map);
  lab_metrics_add_double (out, "coverage", _("Catalogue coverage"), self->coverage[0]);
  lab_metrics_add_double (out, "popularity_bias", _("Popularity of recommended items"), self->pop_bias[0]);
  lab_metrics_add_int (out, "ranked_users", NULL, self->rank[0].n_users);
  lab_metrics_begin_object (out, "popularity");
  lab_metrics_add_double (out, "precision_at_k", NULL, self->rank[1].precision);
  lab_metrics_add_double (out, "recall_at_k", NULL, self->rank[1].recall);
  lab_metrics_add_double (out, "ndcg_at_k", NULL, self->rank[1].ndcg);
  lab_metrics_add_double (out, "map_at_k", NULL, self->rank[1].map);
  lab_metrics_add_double (out, "coverage", NULL, self->coverage[1]);
  lab_metrics_add_double (out, "popularity_bias", NULL, self->pop_bias[1]);
  lab_metrics_end (out);
  lab_metrics_add_double (out, "ndcg_at_k_popularity", _("NDCG@k of popularity"), self->rank[1].ndcg);

  lab_metrics_begin_array (out, "cold_start");
  for (guint c = 0; c < REC_N_BUCKETS; c++)
    {
      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "training_ratings", NULL, bucket_names[c]);
      lab_metrics_add_int (out, "users", NULL, self->bucket_users[c]);
      lab_metrics_add_double (out, "ndcg_at_k", NULL, self->cold[0][c].ndcg);
      lab_metrics_add_double (out, "recall_at_k", NULL, self->cold[0][c].recall);
      lab_metrics_add_double (out, "ndcg_at_k_popularity", NULL, self->cold[1][c].ndcg);
      lab_metrics_add_double (out, "recall_at_k_popularity", NULL, self->cold[1][c].recall);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);

  lab_metrics_add_string (out, "user", NULL, self->ratings->user_names[user]);
  lab_metrics_begin_array (out, "recommendations");
  for (guint t = 0; t < n_top; t++)
    {
      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "item", NULL, self->ratings->item_names[top[t]]);
      lab_metrics_add_double (out, "score", NULL, scores[t]);
      lab_metrics_add_bool (out, "held_out_positive", NULL, held_out_positive (self, user, top[t]));
      lab_metrics_end (out);
    }
  lab_metrics_end (out);
  lab_metrics_add_doubles (out, "objective", self->objective, T + 1);
  lab_metrics_add_doubles (out, "rmse_train", self->rmse_train, T + 1);
  lab_metrics_add_doubles (out, "rmse_test", self->rmse_test, T + 1);
}

/* ------------------------------------------------------------------ */
/* clicks and ranges */

gboolean
recommender_click (const LabResult *result,
                   LabParams       *params,
                   int              axes_tag,
                   double           x,
                   double           y)
{
  const RecResult *self = (const RecResult *) result;
  long r;

  switch (axes_tag)
    {
    case TAG_RMSE:
    case TAG_OBJECTIVE:
      r = lround (x);
      if (!REC_IS_ALS (self->method) || !isfinite (x) || r < 0 || r > (long) self->iterations)
        return FALSE;
      lab_params_set_int (params, "iteration", (int) r);
      return TRUE;
    case TAG_OBSERVED:
    case TAG_PREDICTED:
      /* a row of the window picks its user */
      if (!isfinite (y) || y < 0 || y >= self->win_users)
        return FALSE;
      lab_params_set_int (params, "user", (int) self->win_user[self->win_users - 1 - (guint) floor (y)]);
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
recommender_suggest_range (const LabResult *result,
                           GParamSpec      *pspec,
                           double          *lo,
                           double          *hi)
{
  const RecResult *self = (const RecResult *) result;

  if (g_str_equal (pspec->name, "user"))
    {
      *lo = 0;
      *hi = self->ratings->n_users - 1;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "iteration"))
    {
      *lo = 0;
      *hi = self->iterations;
      return TRUE;
    }
  return FALSE;
}
