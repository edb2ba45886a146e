/* recommender-compute.c — the recommender topic's worker: ratings, split, ALS, rankings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-linalg.h"
#include "lab-pca.h"
#include "lab-rng.h"
#include "lab-topic.h"

#include "recommender-private.h"

#define HISTORY_BUDGET (8u << 20)   /* doubles of factor history kept for the 2-D view (64 MB) */
#define SCORE_BLOCK    256          /* users scored per product */

static void
rec_result_free (LabResult *result)
{
  RecResult *self = (RecResult *) result;

  lab_ratings_free (self->ratings);
  g_free (self->is_test);
  lab_sparse_free (self->train_by_user);
  lab_sparse_free (self->train_by_item);
  lab_sparse_free (self->test_by_user);
  g_free (self->source_name);
  g_free (self->objective);
  g_free (self->rmse_train);
  g_free (self->rmse_test);
  g_free (self->win_user);
  g_free (self->win_item);
  g_free (self->win_observed);
  g_free (self->win_predicted);
  g_free (self->item_xy);
  g_free (self->user_xy);
  g_free (self->x);
  g_free (self->x0);
  g_free (self->y0);
  g_free (self->y);
  lab_neighbours_free (self->nb);
  lab_sparse_free (self->reverse);
  g_free (self->item_mean);
  g_free (self->popularity);
}

guint
recommender_bucket (gsize n_train)
{
  return n_train == 0 ? 0 : n_train <= 2 ? 1 : n_train <= 5 ? 2 : 3;
}

static LabRatings *
make_ratings (LabParams   *params,
              LabDataset  *data,
              char       **source_name,
              GCancellable *cancellable,
              GError     **error)
{
  if (lab_params_get_enum (params, "source") == REC_SOURCE_DATA)
    {
      const char *rating = lab_params_get_string (params, "rating-column");
      int ucol, icol, rcol = -1;

      if (data == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
          return NULL;
        }
      if ((ucol = lab_topic_find_column (data, "user-column", lab_params_get_string (params, "user-column"), error)) < 0
          || (icol = lab_topic_find_column (data, "item-column", lab_params_get_string (params, "item-column"), error)) < 0)
        return NULL;
      if (rating != NULL && rating[0] != '\0'
          && (rcol = lab_topic_find_column (data, "rating-column", rating, error)) < 0)
        return NULL;
      if (ucol == icol)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("user-column and item-column both name “%s”: choose two different columns"),
                       lab_dataset_get_column_name (data, ucol));
          return NULL;
        }
      *source_name = g_strdup (lab_dataset_get_name (data));
      return lab_ratings_new_from_dataset (data, ucol, icol, rcol, cancellable, error);
    }
  {
    double expected = (double) lab_params_get_int (params, "users") * lab_params_get_int (params, "items")
                      * lab_params_get_double (params, "density");

    if (expected > REC_MAX_SYNTHETIC)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                     _("users × items × density = %.3g ratings; the generator makes at most %.3g "
                       "(lower density, users or items)"), expected, (double) REC_MAX_SYNTHETIC);
        return NULL;
      }
  }
  *source_name = g_strdup (_("synthetic"));
  return lab_ratings_new_synthetic (lab_params_get_int (params, "users"), lab_params_get_int (params, "items"),
                                    lab_params_get_int (params, "true-rank"), lab_params_get_double (params, "density"),
                                    lab_params_get_double (params, "noise"),
                                    lab_params_get_double (params, "popularity-skew"),
                                    (guint64) lab_params_get_int (params, "seed"), cancellable, error);
}

static int
compare_u64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* rows 0 … n − 1 by decreasing number of entries, ties to the lower index */
static guint *
order_by_count (const gsize *ptr, guint n)
{
  guint *order = g_new (guint, MAX (n, 1));
  g_autofree guint64 *keys = g_new (guint64, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    keys[i] = ((guint64) (G_MAXUINT32 - (guint32) MIN (ptr[i + 1] - ptr[i], G_MAXUINT32)) << 32) | i;
  qsort (keys, n, sizeof (guint64), compare_u64);
  for (guint i = 0; i < n; i++)
    order[i] = (guint) (keys[i] & G_MAXUINT32);
  return order;
}

static double
dot (const double *a, const double *b, guint f)
{
  double s = 0;

  for (guint k = 0; k < f; k++)
    s += a[k] * b[k];
  return s;
}

void
recommender_user_scores (const RecResult *self,
                         guint            user,
                         double          *scores)
{
  guint ni = self->ratings->n_items, f = self->f;
  const LabSparse *tr = self->train_by_user;

  switch (self->method)
    {
    case REC_METHOD_ALS:
    case REC_METHOD_ALS_IMPLICIT:
      for (guint j = 0; j < ni; j++)
        scores[j] = dot (self->x + (gsize) user * f, self->y + (gsize) j * f, f);
      break;
    case REC_METHOD_POPULARITY:
      for (guint j = 0; j < ni; j++)
        scores[j] = self->popularity[j];
      break;
    case REC_METHOD_ITEM_KNN:
      /* Σ of s(j, i) over the items i the user rated that are among j's neighbours */
      memset (scores, 0, ni * sizeof (double));
      for (gsize e = tr->ptr[user]; e < tr->ptr[user + 1]; e++)
        for (gsize r = self->reverse->ptr[tr->idx[e]]; r < self->reverse->ptr[tr->idx[e] + 1]; r++)
          scores[self->reverse->idx[r]] += self->reverse->val[r];
      break;
    case REC_METHOD_USER_KNN:
    default:
      /* Σ of s(u, v) over the neighbours v who rated j */
      memset (scores, 0, ni * sizeof (double));
      for (guint t = 0; t < self->nb->k; t++)
        {
          guint v = self->nb->idx[(gsize) user * self->nb->k + t];

          if (v == G_MAXUINT)
            break;
          for (gsize e = tr->ptr[v]; e < tr->ptr[v + 1]; e++)
            scores[tr->idx[e]] += self->nb->sim[(gsize) user * self->nb->k + t];
        }
      break;
    }
}

double
recommender_predict (const RecResult *self,
                     guint            user,
                     guint            item)
{
  switch (self->method)
    {
    case REC_METHOD_ALS:
    case REC_METHOD_ALS_IMPLICIT:
      return dot (self->x + (gsize) user * self->f, self->y + (gsize) item * self->f, self->f);
    case REC_METHOD_USER_KNN:
      return lab_neighbours_predict (self->nb, self->train_by_user, user, item);
    case REC_METHOD_ITEM_KNN:
      return lab_neighbours_predict (self->nb, self->train_by_item, item, user);
    case REC_METHOD_POPULARITY:
    default:
      return self->item_mean[item];
    }
}

/* RMSE (or MAE) of the method's predictions over @R's entries (R by user) */
static double
prediction_error (const RecResult *self, const LabSparse *R, gboolean absolute)
{
  double s = 0;

  if (R->nnz == 0)
    return NAN;
  for (guint u = 0; u < R->n_rows; u++)
    for (gsize e = R->ptr[u]; e < R->ptr[u + 1]; e++)
      {
        double d = R->val[e] - recommender_predict (self, u, R->idx[e]);

        s += absolute ? fabs (d) : d * d;
      }
  return absolute ? s / R->nnz : sqrt (s / R->nnz);
}

/* item-kNN's neighbour lists turned round: for each item i, the items j that list i */
static LabSparse *
reverse_neighbours (const LabNeighbours *nb)
{
  LabSparse *rev = g_new0 (LabSparse, 1);
  g_autofree gsize *fill = NULL;

  rev->n_rows = rev->n_cols = nb->n_rows;
  rev->ptr = g_new0 (gsize, nb->n_rows + 1);
  for (gsize c = 0; c < (gsize) nb->n_rows * nb->k; c++)
    if (nb->idx[c] != G_MAXUINT)
      rev->ptr[nb->idx[c] + 1]++;
  for (guint i = 0; i < nb->n_rows; i++)
    rev->ptr[i + 1] += rev->ptr[i];
  rev->nnz = rev->ptr[nb->n_rows];
  rev->idx = g_new (guint, MAX (rev->nnz, 1));
  rev->val = g_new (double, MAX (rev->nnz, 1));
  fill = g_memdup2 (rev->ptr, nb->n_rows * sizeof (gsize));
  for (guint j = 0; j < nb->n_rows; j++)
    for (guint t = 0; t < nb->k; t++)
      {
        guint i = nb->idx[(gsize) j * nb->k + t];

        if (i == G_MAXUINT)
          break;
        rev->idx[fill[i]] = j;
        rev->val[fill[i]++] = nb->sim[(gsize) j * nb->k + t];
      }
  return rev;
}

/* Predictions in the window and the 2-D history after one iteration. */
static void
record_window (RecResult *self, guint it)
{
  double *w = self->win_predicted + (gsize) it * self->win_users * self->win_items;

  for (guint a = 0; a < self->win_users; a++)
    for (guint b = 0; b < self->win_items; b++)
      w[a * self->win_items + b] = recommender_predict (self, self->win_user[a], self->win_item[b]);
}

/* The ranking metrics of every user from @scores_of (the method or popularity). */
typedef struct
{
  LabRankScores sum;
  guint         n;
} Acc;

static void
acc_add (Acc *acc, const LabRankScores *s)
{
  acc->sum.precision += s->precision;
  acc->sum.recall += s->recall;
  acc->sum.ndcg += s->ndcg;
  acc->sum.ap += s->ap;
  acc->n++;
}

static RecRankSummary
acc_summary (const Acc *acc)
{
  RecRankSummary r = { NAN, NAN, NAN, NAN, acc->n };

  if (acc->n > 0)
    {
      r.precision = acc->sum.precision / acc->n;
      r.recall = acc->sum.recall / acc->n;
      r.ndcg = acc->sum.ndcg / acc->n;
      r.map = acc->sum.ap / acc->n;
    }
  return r;
}

static gboolean
rank_all (RecResult    *self,
          GCancellable *cancellable,
          GError      **error)
{
  LabRatings *rt = self->ratings;
  guint n_items = rt->n_items, n_users = rt->n_users, f = self->f, k = self->k;
  gboolean all_relevant = self->method == REC_METHOD_ALS_IMPLICIT || rt->implicit;
  g_autofree double *scores = g_new (double, (gsize) SCORE_BLOCK * n_items);
  g_autofree double *pop = g_new (double, n_items);
  g_autofree guint8 *exclude = g_new0 (guint8, n_items), *relevant = g_new0 (guint8, n_items);
  g_autofree guint8 *in_list0 = g_new0 (guint8, n_items), *in_list1 = g_new0 (guint8, n_items);
  g_autofree guint *top = g_new (guint, k);
  Acc all[2] = { { { 0 } } }, cold[2][REC_N_BUCKETS] = { { { { 0 } } } };
  double pop_sum[2] = { 0, 0 };
  gsize n_listed[2] = { 0, 0 };

  for (guint j = 0; j < n_items; j++)
    pop[j] = self->popularity[j];

  for (guint u0 = 0; u0 < n_users; u0 += SCORE_BLOCK)
    {
      guint nb = MIN (SCORE_BLOCK, n_users - u0);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      /* ALS: S = X_block Yᵀ in one product; the others user by user */
      if (REC_IS_ALS (self->method))
        lab_gemm (FALSE, TRUE, nb, n_items, f, 1.0, self->x + (gsize) u0 * f, f, self->y, f, 0.0, scores, n_items);
      else
        for (guint b = 0; b < nb; b++)
          recommender_user_scores (self, u0 + b, scores + (gsize) b * n_items);
      for (guint b = 0; b < nb; b++)
        {
          guint u = u0 + b;
          const LabSparse *tr = self->train_by_user, *te = self->test_by_user;
          guint n_rel = 0, bucket = recommender_bucket (tr->ptr[u + 1] - tr->ptr[u]);

          for (gsize e = tr->ptr[u]; e < tr->ptr[u + 1]; e++)
            exclude[tr->idx[e]] = 1;
          for (gsize e = te->ptr[u]; e < te->ptr[u + 1]; e++)
            if (all_relevant || te->val[e] >= self->threshold)
              {
                relevant[te->idx[e]] = 1;
                n_rel++;
              }
          for (guint m = 0; m < 2; m++)
            {
              const double *s = m == 0 ? scores + (gsize) b * n_items : pop;
              guint n = lab_rank_top_k (s, n_items, exclude, k, top);
              guint8 *listed = m == 0 ? in_list0 : in_list1;

              for (guint t = 0; t < n; t++)
                {
                  listed[top[t]] = 1;
                  pop_sum[m] += self->popularity[top[t]] / (double) n_users;
                }
              n_listed[m] += n;
              if (n_rel > 0)
                {
                  LabRankScores sc;

                  lab_rank_score (top, n, k, relevant, n_rel, &sc);
                  acc_add (&all[m], &sc);
                  acc_add (&cold[m][bucket], &sc);
                }
            }
          for (gsize e = tr->ptr[u]; e < tr->ptr[u + 1]; e++)
            exclude[tr->idx[e]] = 0;
          for (gsize e = te->ptr[u]; e < te->ptr[u + 1]; e++)
            relevant[te->idx[e]] = 0;
        }
    }
  for (guint m = 0; m < 2; m++)
    {
      guint8 *listed = m == 0 ? in_list0 : in_list1;
      guint covered = 0;

      for (guint j = 0; j < n_items; j++)
        covered += listed[j];
      self->rank[m] = acc_summary (&all[m]);
      for (guint c = 0; c < REC_N_BUCKETS; c++)
        self->cold[m][c] = acc_summary (&cold[m][c]);
      self->coverage[m] = (double) covered / n_items;
      self->pop_bias[m] = n_listed[m] > 0 ? pop_sum[m] / n_listed[m] : NAN;
    }
  for (guint c = 0; c < REC_N_BUCKETS; c++)
    self->bucket_users[c] = self->cold[0][c].n_users;
  return TRUE;
}

/* Projects the factor history on the first two principal axes of the final item factors
 * (uncentred, so a user's score of an item is still close to the dot product of the points). */
static void
project_history (RecResult    *self,
                 const double *hist_x,
                 const double *hist_y)
{
  guint f = self->f, nu = self->ratings->n_users, ni = self->ratings->n_items;
  double axes[2 * 128] = { 0 };
  g_autoptr(LabPca) pca = NULL;

  if (f >= 2 && ni >= 2)
    pca = lab_pca_compute (self->y, ni, f, FALSE, NULL, NULL, NULL);
  if (pca != NULL)
    {
      double total = 0;

      memcpy (axes, pca->components, f * sizeof (double));
      memcpy (axes + f, pca->components + f, f * sizeof (double));
      for (guint k = 0; k < f; k++)
        total += pca->eigenvalues[k];
      self->explained2 = total > 0 ? (pca->eigenvalues[0] + pca->eigenvalues[1]) / total : NAN;
    }
  else
    {
      axes[0] = 1;              /* one factor: itself, and 0 */
      if (f >= 2)
        axes[f + 1] = 1;
      self->explained2 = f == 1 ? 1.0 : NAN;
    }

  for (guint it = 0; it <= self->iterations; it++)
    {
      const double *xs = hist_x != NULL ? hist_x + (gsize) it * nu * f : (it == self->iterations ? self->x : NULL);
      const double *ys = hist_y != NULL ? hist_y + (gsize) it * ni * f : (it == self->iterations ? self->y : NULL);
      double *ix = self->item_xy + (gsize) it * ni * 2, *ux = self->user_xy + (gsize) it * nu * 2;

      for (guint j = 0; j < ni; j++)
        for (guint c = 0; c < 2; c++)
          ix[2 * j + c] = ys != NULL ? dot (ys + (gsize) j * f, axes + c * f, f) : NAN;
      for (guint u = 0; u < nu; u++)
        for (guint c = 0; c < 2; c++)
          ux[2 * u + c] = xs != NULL ? dot (xs + (gsize) u * f, axes + c * f, f) : NAN;
    }
}

LabResult *
recommender_compute (LabParams     *params,
                     LabDataset    *data,
                     LabProgress   *progress,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (RecResult), rec_result_free);
  RecResult *self = (RecResult *) result;
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  g_autoptr(gsl_rng) rng = NULL;
  g_autofree double *hist_x = NULL, *hist_y = NULL;
  LabRatings *rt;
  guint f, nu, ni, T;
  double sum = 0;

  self->ratings = rt = make_ratings (params, data, &self->source_name, cancellable, error);
  if (rt == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  nu = rt->n_users;
  ni = rt->n_items;

  self->method = lab_params_get_enum (params, "method");
  self->f = f = lab_params_get_int (params, "factors");
  /* k-NN and popularity have no iterations: iteration 0 is the model */
  self->iterations = T = REC_IS_ALS (self->method) ? (guint) lab_params_get_int (params, "iterations") : 0;
  self->k = lab_params_get_int (params, "k");
  self->lambda = lab_params_get_double (params, "lambda");
  self->alpha = lab_params_get_double (params, "alpha");
  self->threshold = lab_params_get_double (params, "relevance-threshold");

  self->is_test = lab_ratings_split (rt, lab_params_get_double (params, "test-fraction"),
                                     lab_params_get_double (params, "cold-users"), seed,
                                     &self->n_test, &self->n_cold, &self->n_single);
  self->train_by_user = lab_sparse_from_ratings (rt, self->is_test, 0, FALSE);
  self->train_by_item = lab_sparse_from_ratings (rt, self->is_test, 0, TRUE);
  self->test_by_user = lab_sparse_from_ratings (rt, self->is_test, 1, FALSE);
  if (self->train_by_user->nnz == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("cold-users: every rating is held out, nothing is left to train on (lower cold-users)"));
      return NULL;
    }

  self->popularity = g_new (guint, ni);
  for (guint j = 0; j < ni; j++)
    self->popularity[j] = (guint) (self->train_by_item->ptr[j + 1] - self->train_by_item->ptr[j]);
  for (gsize e = 0; e < self->train_by_user->nnz; e++)
    sum += self->train_by_user->val[e];
  self->mean_rating = sum / self->train_by_user->nnz;

  /* the item means (the popularity method's predictions) and their test RMSE, the baseline */
  {
    const LabSparse *te = self->test_by_user, *ti = self->train_by_item;
    double sse = 0;

    self->item_mean = g_new (double, ni);
    for (guint j = 0; j < ni; j++)
      {
        double m = 0;

        for (gsize t = ti->ptr[j]; t < ti->ptr[j + 1]; t++)
          m += ti->val[t];
        self->item_mean[j] = ti->ptr[j + 1] > ti->ptr[j] ? m / (double) (ti->ptr[j + 1] - ti->ptr[j]) : self->mean_rating;
      }
    for (guint u = 0; u < nu; u++)
      for (gsize e = te->ptr[u]; e < te->ptr[u + 1]; e++)
        {
          double d = te->val[e] - self->item_mean[te->idx[e]];

          sse += d * d;
        }
    self->rmse_test_item_mean = te->nnz > 0 ? sqrt (sse / te->nnz) : NAN;
  }

  /* the window: the most active users × the most popular items (training counts) */
  {
    g_autofree guint *uo = order_by_count (self->train_by_user->ptr, nu);
    g_autofree guint *io = order_by_count (self->train_by_item->ptr, ni);
    g_autofree guint *item_pos = g_new (guint, ni);
    const LabSparse *all = NULL;
    g_autoptr(LabSparse) all_by_user = lab_sparse_from_ratings (rt, NULL, 0, FALSE);

    self->win_users = MIN (nu, REC_WINDOW_USERS);
    self->win_items = MIN (ni, REC_WINDOW_ITEMS);
    self->win_user = g_memdup2 (uo, self->win_users * sizeof (guint));
    self->win_item = g_memdup2 (io, self->win_items * sizeof (guint));
    self->win_observed = g_new (double, (gsize) self->win_users * self->win_items);
    self->win_predicted = g_new (double, (gsize) (T + 1) * self->win_users * self->win_items);
    for (gsize c = 0; c < (gsize) self->win_users * self->win_items; c++)
      self->win_observed[c] = NAN;
    for (guint j = 0; j < ni; j++)
      item_pos[j] = G_MAXUINT;
    for (guint b = 0; b < self->win_items; b++)
      item_pos[self->win_item[b]] = b;
    all = all_by_user;
    for (guint a = 0; a < self->win_users; a++)
      for (gsize e = all->ptr[self->win_user[a]]; e < all->ptr[self->win_user[a] + 1]; e++)
        if (item_pos[all->idx[e]] != G_MAXUINT)
          self->win_observed[a * self->win_items + item_pos[all->idx[e]]] =
            self->method == REC_METHOD_ALS_IMPLICIT ? 1.0 : all->val[e];
  }
  if (self->method == REC_METHOD_ALS_IMPLICIT)
    {
      self->vmin = 0;
      self->vmax = 1;
    }
  else
    {
      self->vmin = G_MAXDOUBLE;
      self->vmax = -G_MAXDOUBLE;
      for (gsize r = 0; r < rt->nnz; r++)
        {
          self->vmin = MIN (self->vmin, rt->value[r]);
          self->vmax = MAX (self->vmax, rt->value[r]);
        }
      if (self->vmax <= self->vmin)
        self->vmax = self->vmin + 1;
    }

  self->objective = g_new (double, T + 1);
  self->rmse_train = g_new (double, T + 1);
  self->rmse_test = g_new (double, T + 1);
  self->item_xy = g_new (double, (gsize) (T + 1) * ni * 2);
  self->user_xy = g_new (double, (gsize) (T + 1) * nu * 2);

  if (!REC_IS_ALS (self->method))
    {
      if (self->method != REC_METHOD_POPULARITY)
        {
          gboolean by_item = self->method == REC_METHOD_ITEM_KNN;

          self->nb = lab_neighbours_new (by_item ? self->train_by_item : self->train_by_user,
                                         by_item ? self->train_by_user : self->train_by_item,
                                         lab_params_get_enum (params, "similarity"),
                                         lab_params_get_int (params, "neighbours"), cancellable, error);
          if (self->nb == NULL)
            return NULL;
          if (by_item)
            self->reverse = reverse_neighbours (self->nb);
        }
      lab_progress_set (progress, 0.6);
      self->objective[0] = NAN;
      self->rmse_train[0] = prediction_error (self, self->train_by_user, FALSE);
      self->rmse_test[0] = prediction_error (self, self->test_by_user, FALSE);
      self->mae_test = prediction_error (self, self->test_by_user, TRUE);
      record_window (self, 0);
      for (gsize c = 0; c < (gsize) ni * 2; c++)
        self->item_xy[c] = NAN;
      for (gsize c = 0; c < (gsize) nu * 2; c++)
        self->user_xy[c] = NAN;
      self->explained2 = NAN;
      if (!rank_all (self, cancellable, error))
        return NULL;
      lab_progress_set (progress, 1.0);
      return g_steal_pointer (&result);
    }

  /* the start: small Gaussian factors, seeded */
  rng = lab_rng_new (seed ^ G_GUINT64_CONSTANT (0x2545f4914f6cdd1d));
  self->x = g_new (double, (gsize) nu * f);
  self->y = g_new (double, (gsize) ni * f);
  for (gsize c = 0; c < (gsize) nu * f; c++)
    self->x[c] = 0.1 * lab_rng_gaussian (rng);
  for (gsize c = 0; c < (gsize) ni * f; c++)
    self->y[c] = 0.1 * lab_rng_gaussian (rng);
  self->x0 = g_memdup2 (self->x, (gsize) nu * f * sizeof (double));
  self->y0 = g_memdup2 (self->y, (gsize) ni * f * sizeof (double));

  if ((gsize) (T + 1) * (nu + ni) * f <= HISTORY_BUDGET)
    {
      hist_x = g_new (double, (gsize) (T + 1) * nu * f);
      hist_y = g_new (double, (gsize) (T + 1) * ni * f);
    }

  for (guint it = 0; it <= T; it++)
    {
      if (it > 0)
        {
          gboolean ok;

          if (self->method == REC_METHOD_ALS)
            ok = lab_als_explicit_half (self->train_by_user, self->y, f, self->lambda, self->x, 2, cancellable, error)
                 && lab_als_explicit_half (self->train_by_item, self->x, f, self->lambda, self->y, 2, cancellable, error);
          else
            ok = lab_als_implicit_half (self->train_by_user, self->y, f, self->lambda, self->alpha, self->x, 2,
                                        cancellable, error)
                 && lab_als_implicit_half (self->train_by_item, self->x, f, self->lambda, self->alpha, self->y, 2,
                                           cancellable, error);
          if (!ok)
            return NULL;
        }
      if (self->method == REC_METHOD_ALS)
        {
          self->objective[it] = lab_als_explicit_objective (self->train_by_user, self->x, nu, self->y, ni, f,
                                                            self->lambda);
          self->rmse_train[it] = lab_als_rmse (self->train_by_user, self->x, self->y, f);
          self->rmse_test[it] = lab_als_rmse (self->test_by_user, self->x, self->y, f);
        }
      else
        {
          self->objective[it] = lab_als_implicit_objective (self->train_by_user, self->x, nu, self->y, ni, f,
                                                            self->lambda, self->alpha);
          self->rmse_train[it] = self->rmse_test[it] = NAN;
        }
      record_window (self, it);
      if (hist_x != NULL)
        {
          memcpy (hist_x + (gsize) it * nu * f, self->x, (gsize) nu * f * sizeof (double));
          memcpy (hist_y + (gsize) it * ni * f, self->y, (gsize) ni * f * sizeof (double));
        }
      lab_progress_set (progress, 0.9 * (it + 1) / (T + 1));
    }
  self->mae_test = self->method == REC_METHOD_ALS ? lab_als_mae (self->test_by_user, self->x, self->y, f) : NAN;


  project_history (self, hist_x, hist_y);
  if (!rank_all (self, cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

/* The layout, documented in the explanation and `ml-lab inspect recommender`:
 *   { "factors": f, "seed": s,
 *     "users": [id, …], "items": [id, …],            ids as the data spell them
 *     "user_factors": [[…f numbers…], …],            one row a user, in "users" order
 *     "item_factors": [[…f numbers…], …] }           one row an item
 * Numbers in shortest round-trip form, so a reader gets the exact doubles. */
gboolean
recommender_dump_factors (const LabResult *result,
                          LabParams       *params,
                          const char      *path,
                          GError         **error)
{
  const RecResult *self = (const RecResult *) result;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  const LabRatings *r = self->ratings;

  if (self->x0 == NULL)
    {
      g_autofree char *method = lab_params_dup_string (params, lab_params_find (params, "method"));

      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("--dump-factors: method=%s has no factors; ALS has"), method);
      return FALSE;
    }
  g_string_append_printf (out, "{\n  \"factors\": %u,\n  \"seed\": %d,\n", self->f, lab_params_get_int (params, "seed"));
  for (int side = 0; side < 2; side++)
    {
      char * const *names = side == 0 ? r->user_names : r->item_names;
      guint n = side == 0 ? r->n_users : r->n_items;

      g_string_append (out, side == 0 ? "  \"users\": [" : "  \"items\": [");
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          lab_json_append_string (out, names[i]);
        }
      g_string_append (out, "],\n");
    }
  for (int side = 0; side < 2; side++)
    {
      const double *v = side == 0 ? self->x0 : self->y0;
      guint n = side == 0 ? r->n_users : r->n_items;

      g_string_append (out, side == 0 ? "  \"user_factors\": [\n" : "  \"item_factors\": [\n");
      for (guint i = 0; i < n; i++)
        {
          g_string_append (out, "    [");
          for (guint c = 0; c < self->f; c++)
            {
              if (c > 0)
                g_string_append (out, ", ");
              lab_json_append_double (out, v[(gsize) i * self->f + c]);
            }
          g_string_append (out, i + 1 < n ? "],\n" : "]\n");
        }
      g_string_append (out, side == 0 ? "  ],\n" : "  ]\n");
    }
  g_string_append (out, "}\n");
  if (!g_file_set_contents (path, out->str, out->len, &local_error))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}
