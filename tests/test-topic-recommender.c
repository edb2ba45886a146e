/* test-topic-recommender.c — the recommender topic: the user's ratings file and its errors,
 * convergence, the views, determinism, the metrics' internal consistency
 *
 * The numerics (ALS against numpy, the ranking metrics against their definitions) are
 * tested in test-recommender.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "topic-test.h"
#include "recommender/recommender-private.h"
#include "recommender-reference.h"

static const LabTopic *topic = &lab_topic_recommender;

static LabResult *
compute_data (LabDataset  *data,
              const char  *assignments,
              LabParams  **params_out,
              GError     **error)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  LabResult *result;

  if (!lab_params_apply_assignments (params, assignments, error))
    return NULL;
  result = lab_topic_compute (topic, params, data, NULL, NULL, error);
  if (params_out != NULL)
    *params_out = g_steal_pointer (&params);
  return result;
}

static void
expect_error (LabDataset *data, const char *assignments, int code, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = compute_data (data, assignments, NULL, &error);

  g_assert_null (result);
  g_assert_nonnull (error);
  if (error->domain != LAB_ERROR || error->code != code || strstr (error->message, fragment) == NULL)
    g_error ("%s: got “%s” (code %d), want code %d with “%s”", assignments, error->message, error->code, code,
             fragment);
}

static void
test_converges (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "", &params);
  const RecResult *r = (const RecResult *) result;
  g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);
  g_autofree char *json = lab_metrics_to_json (m);
  static const char * const keys[] = { "rmse_train", "rmse_test", "mae_test", "precision_at_k", "recall_at_k",
                                       "ndcg_at_k", "map_at_k", "coverage", "recommendations", "objective", NULL };

  for (guint t = 1; t <= r->iterations; t++)
    g_assert_cmpfloat (r->objective[t], <=, r->objective[t - 1] * (1 + 1e-12));
  /* the defaults learn something: below the item-mean baseline, train below test */
  g_assert_cmpfloat (r->rmse_test[r->iterations], <, r->rmse_test_item_mean);
  g_assert_cmpfloat (r->rmse_train[r->iterations], <, r->rmse_test[r->iterations]);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\":", keys[i]);

      g_assert_nonnull (strstr (json, quoted));
    }
  g_assert_true (lab_metrics_has (m, "rmse_test"));
  /* the metrics are averages of numbers in [0, 1]; recall ≥ precision·k/R is not checked here */
  g_assert_cmpfloat (r->rank[0].precision, >=, 0);
  g_assert_cmpfloat (r->rank[0].ndcg, <=, 1);
  g_assert_cmpfloat (r->coverage[1], <, r->coverage[0]);   /* popularity recommends few items */
}

static void
test_implicit (void)
{
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "method=als-implicit lambda=1 alpha=10", NULL);
  const RecResult *r = (const RecResult *) result;

  for (guint t = 1; t <= r->iterations; t++)
    g_assert_cmpfloat (r->objective[t], <=, r->objective[t - 1] * (1 + 1e-12));
  g_assert_true (isnan (r->rmse_test[r->iterations]));
  g_assert_cmpfloat (r->rank[0].n_users, >, 0);
}

static const char ratings_csv[] =
  "user,item,rating,when\n"
  "ann,matrix,5,1\nann,alien,4,2\nann,heat,1,3\nann,up,2,4\n"
  "bob,matrix,4,5\nbob,alien,5,6\nbob,heat,2,7\nbob,cars,1,8\n"
  "cy,up,5,9\ncy,cars,4,10\ncy,heat,4,11\ncy,matrix,1,12\n"
  "dee,up,4,13\ndee,cars,5,14\ndee,alien,2,15\n"
  "eve,matrix,5,16\n";

static void
test_data (void)
{
  g_autoptr(LabDataset) data = topic_test_load_text (ratings_csv);
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_data (data, "source=data factors=2 lambda=0.1 test-fraction=0.25", &params, NULL);
  const RecResult *r = (const RecResult *) result;
  g_autoptr(LabMetrics) m = NULL;

  g_assert_nonnull (result);
  g_assert_cmpuint (r->ratings->n_users, ==, 5);
  g_assert_cmpuint (r->ratings->n_items, ==, 5);
  g_assert_cmpstr (r->ratings->user_names[4], ==, "eve");
  /* eve's one rating stays in training; everyone else holds one out */
  g_assert_cmpuint (r->n_single, ==, 1);
  g_assert_cmpuint (r->n_test, ==, 4);
  m = lab_topic_get_metrics (topic, result, params);
  g_assert_cmpfloat (lab_metrics_get_double (m, "users_training_only"), ==, 1);
  lab_figure_unref (topic_test_render_ok (topic, result, params, 1280, 800));

  /* no rating column: implicit feedback */
  {
    g_autoptr(LabResult) imp = compute_data (data, "source=data rating-column= method=als-implicit factors=2", NULL, NULL);

    g_assert_nonnull (imp);
    g_assert_true (((const RecResult *) imp)->ratings->implicit);
  }

  expect_error (NULL, "source=data", LAB_ERROR_USAGE, "needs a dataset");
  expect_error (NULL, "users=5000 items=5000 density=0.5", LAB_ERROR_USAGE, "at most 2e+06");
  expect_error (data, "source=data user-column=nope", LAB_ERROR_USAGE, "nope");
  expect_error (data, "source=data item-column=user", LAB_ERROR_USAGE, "both name");
  expect_error (data, "source=data rating-column=stars", LAB_ERROR_USAGE, "stars");
  {
    g_autoptr(LabDataset) dup = topic_test_load_text ("user,item,rating\na,x,1\nb,x,2\na,x,3\nb,y,4\n");
    g_autoptr(LabDataset) text = topic_test_load_text ("user,item,rating\na,x,1\nb,x,good\na,y,3\n");
    g_autoptr(LabDataset) one = topic_test_load_text ("user,item,rating\na,x,1\na,y,2\na,z,3\n");
    g_autoptr(LabDataset) empty = topic_test_load_text ("user,item,rating\n");

    expect_error (dup, "source=data", LAB_ERROR_DATA, "test.csv:4:1: user “a” rates item “x” a second time");
    expect_error (text, "source=data", LAB_ERROR_DATA, "test.csv:3:5: rating “good” is not a number");
    expect_error (one, "source=data", LAB_ERROR_DATA, "1 user(s)");
    expect_error (empty, "source=data", LAB_ERROR_DATA, "no ratings");
  }
}

static void
test_cold_start (void)
{
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "cold-users=0.2", NULL);
  const RecResult *r = (const RecResult *) result;

  g_assert_cmpuint (r->n_cold, ==, 60);
  g_assert_cmpuint (r->bucket_users[0], >, 0);
  /* a user with no training rating has x = 0: every score ties, so ALS lists the first k items
   * by index, while popularity still knows what people rate */
  g_assert_cmpfloat (r->cold[0][0].ndcg, <, r->cold[1][0].ndcg);
}

static void
test_views_and_clicks (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "iterations=4", &params);
  const RecResult *r = (const RecResult *) result;
  double lo, hi;
  GParamSpec *pspec = lab_params_find (params, "user");

  g_assert_cmpuint (recommender_shown_iteration (r, params), ==, 4);   /* 50 clamps to the last */
  for (int it = 0; it <= 4; it++)
    {
      lab_params_set_int (params, "iteration", it);
      lab_figure_unref (topic_test_render_ok (topic, result, params, 1280, 800));
    }
  lab_params_set_int (params, "user", 100000);
  g_assert_cmpuint (recommender_shown_user (r, params), ==, r->ratings->n_users - 1);
  lab_figure_unref (topic_test_render_ok (topic, result, params, 640, 400));

  g_assert_true (recommender_suggest_range (result, pspec, &lo, &hi));
  g_assert_cmpfloat (hi, ==, r->ratings->n_users - 1);
  g_assert_true (recommender_click (result, params, TAG_RMSE, 2.2, 0.5));
  g_assert_cmpint (lab_params_get_int (params, "iteration"), ==, 2);
  g_assert_false (recommender_click (result, params, TAG_RMSE, 9, 0.5));
  /* the top row of the window is the most active user */
  g_assert_true (recommender_click (result, params, TAG_OBSERVED, 3, r->win_users - 0.5));
  g_assert_cmpint (lab_params_get_int (params, "user"), ==, (int) r->win_user[0]);
  g_assert_false (recommender_click (result, params, TAG_RANKING, 1, 1));
}

static void
test_deterministic (void)
{
  g_autoptr(LabResult) a = topic_test_compute_ok (topic, "seed=3 factors=5", NULL);
  g_autoptr(LabResult) b = topic_test_compute_ok (topic, "seed=3 factors=5", NULL);
  const RecResult *ra = (const RecResult *) a, *rb = (const RecResult *) b;

  g_assert_cmpmem (ra->objective, (ra->iterations + 1) * sizeof (double), rb->objective,
                   (rb->iterations + 1) * sizeof (double));
  g_assert_cmpmem (ra->x, ra->ratings->n_users * ra->f * sizeof (double), rb->x,
                   rb->ratings->n_users * rb->f * sizeof (double));
}

/* k-NN and popularity through the whole topic: the reference ratings as a CSV (every row
 * trains), the predictions against scikit-learn's similarities (recommender_reference.py) */
static void
test_knn_reference (void)
{
  g_autoptr(GString) csv = g_string_new ("user,item,rating\n");
  g_autoptr(LabDataset) data = NULL;
  static const struct { const char *method, *similarity; const double *want; gboolean by_item; } cases[] = {
    { "user-knn", "cosine", ref_knn_user_cosine_pred, FALSE },
    { "user-knn", "pearson", ref_knn_user_pearson_pred, FALSE },
    { "item-knn", "cosine", ref_knn_item_cosine_pred, TRUE },
    { "item-knn", "pearson", ref_knn_item_pearson_pred, TRUE },
  };

  for (guint r = 0; r < REF_NNZ; r++)
    g_string_append_printf (csv, "%u,%u,%g\n", ref_user[r], ref_item[r], ref_value[r]);
  data = topic_test_load_text (csv->str);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *assignments = g_strdup_printf ("source=data test-fraction=0 method=%s similarity=%s "
                                                      "neighbours=%d", cases[c].method, cases[c].similarity,
                                                      REF_KNN_K);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) result = compute_data (data, assignments, &params, &error);
      const RecResult *r = (const RecResult *) result;

      g_assert_no_error (error);
      for (guint u = 0; u < r->ratings->n_users; u++)
        for (guint j = 0; j < r->ratings->n_items; j++)
          {
            guint ou = atoi (r->ratings->user_names[u]), oj = atoi (r->ratings->item_names[j]);
            double want = cases[c].by_item ? cases[c].want[oj * REF_NU + ou] : cases[c].want[ou * REF_NI + oj];

            topic_test_assert_close (recommender_predict (r, u, j), want, 1e-12, 1e-12, "%s: user %u, item %u",
                                     assignments, ou, oj);
          }
      lab_figure_unref (topic_test_render_ok (topic, result, params, 1280, 800));
    }
}

static void
test_methods (void)
{
  static const char * const methods[] = { "user-knn", "item-knn", "popularity" };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree char *assignments = g_strdup_printf ("method=%s", methods[m]);
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) result = topic_test_compute_ok (topic, assignments, &params);
      const RecResult *r = (const RecResult *) result;
      g_autoptr(LabMetrics) metrics = lab_topic_get_metrics (topic, result, params);

      g_assert_cmpuint (r->iterations, ==, 0);
      g_assert_true (isnan (r->objective[0]));
      lab_figure_unref (topic_test_render_ok (topic, result, params, 1280, 800));
      if (m == 2)
        {
          /* the method is its own baseline; its predictions are the item means */
          g_assert_cmpfloat (r->rank[0].ndcg, ==, r->rank[1].ndcg);
          g_assert_cmpfloat (r->rmse_test[0], ==, r->rmse_test_item_mean);
        }
      else
        {
          /* the neighbours beat both baselines on the defaults */
          g_assert_cmpfloat (r->rmse_test[0], <, r->rmse_test_item_mean);
          g_assert_cmpfloat (r->rank[0].ndcg, >, r->rank[1].ndcg);
        }
      g_assert_cmpstr (lab_params_get_string (params, "rating-column"), ==, "rating");
      g_assert_true (lab_metrics_has (metrics, "recommendations"));
    }
}

/* The numbers the presets' lessons quote. */
static void
test_lessons (void)
{
  static const struct { guint preset; const char *key; double want; } claims[] = {
    { 0, "rmse_test_final", 0.37 }, { 0, "rmse_test_item_mean", 0.81 }, { 0, "ndcg_at_k", 0.26 },
    { 0, "ndcg_at_k_popularity", 0.09 },
    { 1, "rmse_train_final", 1.23 }, { 1, "rmse_test_final", 1.25 }, { 1, "ndcg_at_k", 0.03 },
    { 2, "rmse_train_final", 0.07 }, { 2, "rmse_test_final", 0.73 },
    { 3, "ndcg_at_k", 0.31 }, { 3, "precision_at_k", 0.21 }, { 3, "ndcg_at_k_popularity", 0.25 },
    { 4, "ndcg_at_k", 0.09 }, { 4, "rmse_test_final", 1.14 }, { 4, "ndcg_at_k_popularity", 0.28 },
  };

  g_assert_cmpuint (topic->n_presets, ==, 6);
  for (guint c = 0; c < G_N_ELEMENTS (claims); c++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabMetrics) m = NULL;

      g_assert_true (lab_topic_apply_preset (topic, params, claims[c].preset, &error));
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      m = lab_topic_get_metrics (topic, result, params);
      topic_test_assert_close (lab_metrics_get_double (m, claims[c].key), claims[c].want, 0, 0.005,
                               "preset %u: %s", claims[c].preset, claims[c].key);
    }
  {
    /* the cold-start preset: 60 users held out, ALS below popularity for them, above for the rest */
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabResult) result = NULL;
    const RecResult *r;

    g_assert_true (lab_topic_apply_preset (topic, params, 5, NULL));
    result = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
    r = (const RecResult *) result;
    g_assert_cmpuint (r->n_cold, ==, 60);
    topic_test_assert_close (r->cold[0][0].ndcg, 0.06, 0, 0.005, "cold ALS");
    topic_test_assert_close (r->cold[1][0].ndcg, 0.13, 0, 0.005, "cold popularity");
    topic_test_assert_close (r->cold[0][3].ndcg, 0.23, 0, 0.005, "6+ ALS");
    topic_test_assert_close (r->cold[1][3].ndcg, 0.09, 0, 0.005, "6+ popularity");
  }
}

static void
test_cancel (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;

  g_cancellable_cancel (cancel);
  result = lab_topic_compute (topic, params, NULL, NULL, cancel, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topics/recommender/converges", test_converges);
  g_test_add_func ("/topics/recommender/implicit", test_implicit);
  g_test_add_func ("/topics/recommender/data", test_data);
  g_test_add_func ("/topics/recommender/cold-start", test_cold_start);
  g_test_add_func ("/topics/recommender/views-and-clicks", test_views_and_clicks);
  g_test_add_func ("/topics/recommender/deterministic", test_deterministic);
  g_test_add_func ("/topics/recommender/knn-reference", test_knn_reference);
  g_test_add_func ("/topics/recommender/methods", test_methods);
  g_test_add_func ("/topics/recommender/lessons", test_lessons);
  g_test_add_func ("/topics/recommender/cancel", test_cancel);
  return g_test_run ();
}
