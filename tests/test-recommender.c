/* test-recommender.c — the engine under the recommender topic: ratings (generator, reader,
 * split, sparse rows), ALS explicit and implicit against numpy, ranking metrics against
 * their definitions (tests/reference/recommender_reference.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-als.h"
#include "lab-csv.h"
#include "lab-engine.h"
#include "lab-neighbours.h"
#include "lab-error.h"
#include "lab-ranking.h"
#include "lab-ratings.h"

#include "recommender-reference.h"

static void
assert_close (double got, double want, double tol, const char *what, guint i)
{
  if (fabs (got - want) > tol * MAX (1.0, fabs (want)))
    g_error ("%s[%u]: got %.17g, want %.17g", what, i, got, want);
}

/* ---- ALS against numpy ---- */

static LabRatings *
reference_ratings (void)
{
  return lab_ratings_new_from_triplets (REF_NU, REF_NI, REF_NNZ, ref_user, ref_item, ref_value);
}

static void
test_als_explicit (void)
{
  g_autoptr(LabRatings) rt = reference_ratings ();
  g_autoptr(LabSparse) by_user = lab_sparse_from_ratings (rt, NULL, 0, FALSE);
  g_autoptr(LabSparse) by_item = lab_sparse_from_ratings (rt, NULL, 0, TRUE);
  g_autofree double *x = g_memdup2 (ref_x0, sizeof ref_x0), *y = g_memdup2 (ref_y0, sizeof ref_y0);
  double last = G_MAXDOUBLE;

  for (guint t = 0; t <= REF_ITERS; t++)
    {
      g_autoptr(GError) error = NULL;
      double obj;

      if (t > 0)
        {
          /* two threads for the users, one for the items: the rows do not depend on the split */
          g_assert_true (lab_als_explicit_half (by_user, y, REF_F, REF_LAMBDA, x, 2, NULL, &error));
          g_assert_true (lab_als_explicit_half (by_item, x, REF_F, REF_LAMBDA, y, 1, NULL, &error));
          g_assert_no_error (error);
        }
      for (guint c = 0; c < REF_NU * REF_F; c++)
        assert_close (x[c], ref_ex_x[t * REF_NU * REF_F + c], 1e-9, "explicit x", c);
      for (guint c = 0; c < REF_NI * REF_F; c++)
        assert_close (y[c], ref_ex_y[t * REF_NI * REF_F + c], 1e-9, "explicit y", c);
      obj = lab_als_explicit_objective (by_user, x, REF_NU, y, REF_NI, REF_F, REF_LAMBDA);
      assert_close (obj, ref_ex_objective[t], 1e-9, "explicit objective", t);
      assert_close (lab_als_rmse (by_user, x, y, REF_F), ref_ex_rmse[t], 1e-9, "explicit rmse", t);
      g_assert_cmpfloat (obj, <=, last * (1 + 1e-12));   /* never increases */
      last = obj;
    }
  /* user 11 and item 14 have no ratings: zero vectors */
  for (guint c = 0; c < REF_F; c++)
    {
      g_assert_cmpfloat (x[11 * REF_F + c], ==, 0.0);
      g_assert_cmpfloat (y[14 * REF_F + c], ==, 0.0);
    }
}

static void
test_als_implicit (void)
{
  g_autoptr(LabRatings) rt = reference_ratings ();
  g_autoptr(LabSparse) by_user = lab_sparse_from_ratings (rt, NULL, 0, FALSE);
  g_autoptr(LabSparse) by_item = lab_sparse_from_ratings (rt, NULL, 0, TRUE);
  g_autofree double *x = g_memdup2 (ref_x0, sizeof ref_x0), *y = g_memdup2 (ref_y0, sizeof ref_y0);

  for (guint t = 0; t <= REF_ITERS_I; t++)
    {
      g_autoptr(GError) error = NULL;

      if (t > 0)
        {
          g_assert_true (lab_als_implicit_half (by_user, y, REF_F, REF_LAMBDA_I, REF_ALPHA, x, 1, NULL, &error));
          g_assert_true (lab_als_implicit_half (by_item, x, REF_F, REF_LAMBDA_I, REF_ALPHA, y, 2, NULL, &error));
          g_assert_no_error (error);
        }
      for (guint c = 0; c < REF_NU * REF_F; c++)
        assert_close (x[c], ref_im_x[t * REF_NU * REF_F + c], 1e-9, "implicit x", c);
      for (guint c = 0; c < REF_NI * REF_F; c++)
        assert_close (y[c], ref_im_y[t * REF_NI * REF_F + c], 1e-9, "implicit y", c);
      assert_close (lab_als_implicit_objective (by_user, x, REF_NU, y, REF_NI, REF_F, REF_LAMBDA_I, REF_ALPHA),
                    ref_im_objective[t], 1e-9, "implicit objective", t);
    }
}

static void
test_als_errors (void)
{
  g_autoptr(LabRatings) rt = reference_ratings ();
  g_autoptr(LabSparse) by_user = lab_sparse_from_ratings (rt, NULL, 0, FALSE);
  g_autofree double *x = g_memdup2 (ref_x0, sizeof ref_x0);
  g_autofree double *y = g_new0 (double, REF_NI * REF_F);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  /* λ = 0 and item vectors all 0: the systems are singular */
  g_assert_false (lab_als_explicit_half (by_user, y, REF_F, 0.0, x, 2, NULL, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_NUMERIC);
  g_assert_nonnull (strstr (error->message, "raise lambda"));
  g_clear_error (&error);

  g_cancellable_cancel (cancel);
  g_assert_false (lab_als_explicit_half (by_user, ref_y0, REF_F, 0.1, x, 2, cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- k-NN against sklearn's cosine similarity ---- */

static void
check_knn (gboolean by_item, LabSimilarity similarity, const int *want_idx, const double *want_sim,
           const double *want_pred)
{
  g_autoptr(LabRatings) rt = reference_ratings ();
  g_autoptr(LabSparse) by_user = lab_sparse_from_ratings (rt, NULL, 0, FALSE);
  g_autoptr(LabSparse) by_it = lab_sparse_from_ratings (rt, NULL, 0, TRUE);
  const LabSparse *rows = by_item ? by_it : by_user, *cols = by_item ? by_user : by_it;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabNeighbours) nb = lab_neighbours_new (rows, cols, similarity, REF_KNN_K, NULL, &error);

  g_assert_no_error (error);
  for (guint a = 0; a < rows->n_rows; a++)
    {
      for (guint t = 0; t < REF_KNN_K; t++)
        {
          guint i = a * REF_KNN_K + t;

          g_assert_cmpint (nb->idx[i] == G_MAXUINT ? -1 : (int) nb->idx[i], ==, want_idx[i]);
          assert_close (nb->sim[i], want_sim[i], 1e-12, "similarity", i);
        }
      for (guint c = 0; c < rows->n_cols; c++)
        assert_close (lab_neighbours_predict (nb, rows, a, c), want_pred[a * rows->n_cols + c], 1e-12,
                      "prediction", a * rows->n_cols + c);
    }
}

static void
test_knn (void)
{
  check_knn (FALSE, LAB_SIMILARITY_COSINE, ref_knn_user_cosine_idx, ref_knn_user_cosine_sim, ref_knn_user_cosine_pred);
  check_knn (FALSE, LAB_SIMILARITY_PEARSON, ref_knn_user_pearson_idx, ref_knn_user_pearson_sim,
             ref_knn_user_pearson_pred);
  check_knn (TRUE, LAB_SIMILARITY_COSINE, ref_knn_item_cosine_idx, ref_knn_item_cosine_sim, ref_knn_item_cosine_pred);
  check_knn (TRUE, LAB_SIMILARITY_PEARSON, ref_knn_item_pearson_idx, ref_knn_item_pearson_sim,
             ref_knn_item_pearson_pred);
}

/* ---- ranking ---- */

static void
test_ranking_reference (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (ref_rank_cases); c++)
    {
      const RefRankCase *rc = &ref_rank_cases[c];
      guint8 excl[10] = { 0 }, rel[10] = { 0 };
      guint top[10];
      guint n;
      LabRankScores s;

      for (guint i = 0; i < rc->n_excl; i++)
        excl[rc->excl[i]] = 1;
      for (guint i = 0; i < rc->n_rel; i++)
        rel[rc->rel[i]] = 1;
      n = lab_rank_top_k (rc->scores, rc->n, excl, rc->k, top);
      g_assert_cmpuint (n, ==, rc->n_top);
      for (guint i = 0; i < n; i++)
        g_assert_cmpuint (top[i], ==, rc->top[i]);
      lab_rank_score (top, n, rc->k, rel, rc->n_rel, &s);
      assert_close (s.precision, rc->precision, 1e-15, "precision", c);
      assert_close (s.recall, rc->recall, 1e-15, "recall", c);
      assert_close (s.ndcg, rc->ndcg, 1e-15, "ndcg", c);
      assert_close (s.ap, rc->ap, 1e-15, "ap", c);
    }
}

/* ---- ratings: generator, split ---- */

static void
test_ratings_synthetic (void)
{
  g_autoptr(LabRatings) a = lab_ratings_new_synthetic (50, 80, 3, 0.1, 0.3, 1.0, 7, NULL, NULL);
  g_autoptr(LabRatings) b = lab_ratings_new_synthetic (50, 80, 3, 0.1, 0.3, 1.0, 7, NULL, NULL);
  g_autofree guint8 *t1 = NULL, *t2 = NULL;
  gsize n_test;
  guint n_cold, n_single;

  g_assert_cmpuint (a->nnz, ==, b->nnz);
  g_assert_cmpmem (a->value, a->nnz * sizeof (double), b->value, b->nnz * sizeof (double));
  for (gsize r = 0; r < a->nnz; r++)
    {
      g_assert_cmpfloat (a->value[r], >=, 1.0);
      g_assert_cmpfloat (a->value[r], <=, 5.0);
      /* sorted, no pair twice */
      if (r > 0)
        g_assert_true (a->user[r] > a->user[r - 1] || (a->user[r] == a->user[r - 1] && a->item[r] > a->item[r - 1]));
    }
  /* about density × users × items ratings */
  g_assert_cmpfloat (fabs ((double) a->nnz / (50 * 80) - 0.1), <, 0.03);

  t1 = lab_ratings_split (a, 0.25, 0.1, 3, &n_test, &n_cold, &n_single);
  t2 = lab_ratings_split (a, 0.25, 0.1, 3, NULL, NULL, NULL);
  g_assert_cmpmem (t1, a->nnz, t2, a->nnz);
  g_assert_cmpuint (n_cold, ==, 5);
  {
    /* each non-cold user with n ≥ 2 keeps at least one rating and holds out max(1, round(n/4)) */
    gsize start = 0, counted = 0;
    guint cold_seen = 0;

    while (start < a->nnz)
      {
        gsize end = start, held = 0;

        while (end < a->nnz && a->user[end] == a->user[start])
          held += t1[end++];
        counted += held;
        if (held == end - start && end - start >= 2)
          cold_seen++;
        else if (end - start >= 2)
          g_assert_cmpuint (held, ==, MIN (MAX (1, lround (0.25 * (end - start))), (long) (end - start - 1)));
        else if (held == 0)
          g_assert_cmpuint (end - start, <, 2);
        start = end;
      }
    g_assert_cmpuint (counted, ==, n_test);
    g_assert_cmpuint (cold_seen, <=, 5);
  }
}

/* ---- the reader ---- */

static LabRatings *
read_text (const char *text, int rating_col, GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(LabDataset) data = lab_csv_load_bytes ("ratings.csv", bytes, NULL, NULL, NULL, error);

  if (data == NULL)
    return NULL;
  return lab_ratings_new_from_dataset (data, 0, 1, rating_col, NULL, error);
}

static void
expect_error (const char *text, int rating_col, int code, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRatings) rt = read_text (text, rating_col, &error);

  g_assert_null (rt);
  g_assert_nonnull (error);
  if (error->code != code || strstr (error->message, fragment) == NULL)
    g_error ("“%s”: got “%s” (code %d), want code %d with “%s”", text, error->message, error->code, code, fragment);
}

static void
test_ratings_reader (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabRatings) rt = read_text ("user,item,rating\nalice,42,5\nbob,42,3\nalice,7,1.5\n", 2, &error);
  g_autoptr(LabRatings) imp = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (rt->n_users, ==, 2);
  g_assert_cmpuint (rt->n_items, ==, 2);
  g_assert_cmpuint (rt->nnz, ==, 3);
  g_assert_cmpstr (rt->user_names[0], ==, "alice");
  g_assert_cmpstr (rt->item_names[1], ==, "7");
  /* sorted by (user, item): alice–42 (item 0), alice–7 (item 1), bob–42 */
  g_assert_cmpfloat (rt->value[0], ==, 5);
  g_assert_cmpfloat (rt->value[1], ==, 1.5);
  g_assert_cmpfloat (rt->value[2], ==, 3);
  g_assert_false (rt->implicit);

  imp = read_text ("user,item\n1,10\n2,10\n2,11\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (imp->implicit);
  g_assert_cmpfloat (imp->value[2], ==, 1.0);

  expect_error ("user,item,rating\n", 2, LAB_ERROR_DATA, "no ratings");
  expect_error ("user,item,rating\nalice,1,5\nalice,2,4\n", 2, LAB_ERROR_DATA, "1 user(s)");
  expect_error ("user,item,rating\nalice,1,5\nbob,1,4\n", 2, LAB_ERROR_DATA, "1 item(s)");
  expect_error ("user,item,rating\nalice,1,5\nbob,2,five\ncarol,1,3\n", 2, LAB_ERROR_DATA,
                "ratings.csv:3:7: rating “five” is not a number");
  expect_error ("user,item,rating\nalice,1,5\nbob,2,\ncarol,1,3\n", 2, LAB_ERROR_DATA, "ratings.csv:3:");
  expect_error ("user,item,rating\nalice,1,5\n,2,4\ncarol,1,3\n", 2, LAB_ERROR_DATA, "ratings.csv:3:1: empty user id");
  expect_error ("user,item,rating\n1,1,5\n2,,4\n3,1,3\n", 2, LAB_ERROR_DATA, "ratings.csv:3:3: empty item id");
  expect_error ("user,item,rating\nalice,1,5\nbob,2,4\nalice,1,3\n", 2, LAB_ERROR_DATA,
                "ratings.csv:4:1: user “alice” rates item “1” a second time (first on line 2)");
  expect_error ("user,item,rating\n1,1,5\n2,2,inf\n", 2, LAB_ERROR_DATA, "ratings.csv:3:5: rating “inf” is not a finite number");
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/als/explicit", test_als_explicit);
  g_test_add_func ("/engine/als/implicit", test_als_implicit);
  g_test_add_func ("/engine/als/errors", test_als_errors);
  g_test_add_func ("/engine/knn/reference", test_knn);
  g_test_add_func ("/engine/ranking/reference", test_ranking_reference);
  g_test_add_func ("/engine/ratings/synthetic", test_ratings_synthetic);
  g_test_add_func ("/engine/ratings/reader", test_ratings_reader);
  return g_test_run ();
}
