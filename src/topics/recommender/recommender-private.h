/* recommender-private.h — shared by the files of the "recommender" topic, no one else
 *
 * compute (worker): the ratings (a synthetic low-rank matrix or three columns of the user's
 * CSV), a per-user train/test split, ALS from seeded initial factors (explicit weighted-λ or
 * implicit with confidences), keeping at every iteration the objective, train and test RMSE,
 * the predictions in a window of the matrix (the most active users × the most popular items)
 * and the users' and items' factors projected on the first two principal axes of the final
 * item factors; then every user's top-k list from the final factors and from popularity, and
 * the ranking metrics overall and by the user's number of training ratings (cold start).
 *
 * user-knn, item-knn and popularity have no iterations (iteration 0 is the model) and no
 * factors: their predictions and scores come from the neighbour lists or the item counts.
 *
 * The view parameters (`iteration`, `user`) only pick what is drawn: the chosen user's
 * recommendations are scored in build (n_items dot products, or a pass over neighbours).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-als.h"
#include "lab-error.h"
#include "lab-neighbours.h"
#include "lab-ranking.h"
#include "lab-ratings.h"

#include "recommender.h"

G_BEGIN_DECLS

#define REC_WINDOW_USERS  30
#define REC_WINDOW_ITEMS  50
#define REC_N_BUCKETS     4      /* training ratings per user: 0, 1–2, 3–5, 6+ */
#define REC_MAX_ITER      50
#define REC_MAX_SYNTHETIC 2000000  /* expected generated ratings */

enum { TAG_RMSE, TAG_OBJECTIVE, TAG_OBSERVED, TAG_PREDICTED, TAG_FACTORS, TAG_RECS, TAG_RANKING, TAG_COLD };

typedef enum
{
  REC_SOURCE_SYNTHETIC,
  REC_SOURCE_DATA,
} RecSource;

typedef enum
{
  REC_METHOD_ALS,
  REC_METHOD_ALS_IMPLICIT,
  REC_METHOD_USER_KNN,
  REC_METHOD_ITEM_KNN,
  REC_METHOD_POPULARITY,
} RecMethod;

#define REC_IS_ALS(m) ((m) == REC_METHOD_ALS || (m) == REC_METHOD_ALS_IMPLICIT)

GType rec_source_get_type     (void) G_GNUC_CONST;
GType rec_method_get_type     (void) G_GNUC_CONST;
GType rec_similarity_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_RECOMMENDER_PARAMS (lab_recommender_params_get_type ())
G_DECLARE_FINAL_TYPE (LabRecommenderParams, lab_recommender_params, LAB, RECOMMENDER_PARAMS, LabParams)

/* averages over the users with at least one relevant held-out item */
typedef struct
{
  double precision, recall, ndcg, map;
  guint  n_users;
} RecRankSummary;

typedef struct
{
  LabResult    parent;

  LabRatings  *ratings;
  guint8      *is_test;           /* nnz */
  LabSparse   *train_by_user, *train_by_item, *test_by_user;
  gsize        n_test;
  guint        n_single;          /* users with fewer than 2 ratings: wholly in training */
  guint        n_cold;            /* users held out wholly (cold-users) */
  char        *source_name;

  RecMethod    method;
  guint        f, iterations, k;
  double       lambda, alpha, threshold;

  /* by iteration 0 … iterations */
  double      *objective;
  double      *rmse_train, *rmse_test;   /* NaN for implicit feedback */
  double       mae_test;
  double       rmse_test_item_mean;      /* the item-mean baseline (explicit) */

  /* the window: users sorted by activity, items by popularity (training counts) */
  guint        win_users, win_items;
  guint       *win_user, *win_item;
  double      *win_observed;             /* win_users × win_items, NaN where not observed */
  double      *win_predicted;            /* (iterations + 1) × win_users × win_items */
  double       vmin, vmax;

  /* 2-D views: coordinates on the first two principal axes of the final item factors */
  double      *item_xy;                  /* (iterations + 1) × n_items × 2 */
  double      *user_xy;                  /* (iterations + 1) × n_users × 2 */
  double       explained2;               /* share of the item factors' variance they hold */

  double      *x, *y;                    /* ALS: final factors, n_users × f, n_items × f */
  double      *x0, *y0;                  /* ALS: the initial factors (--dump-factors) */
  LabNeighbours *nb;                     /* k-NN: the users' or the items' neighbours */
  LabSparse   *reverse;                  /* item-kNN: item i → the items j with i among j's neighbours */
  double      *item_mean;                /* n_items: training means (the global mean where none) */
  guint       *popularity;               /* n_items: training counts */
  double       mean_rating;

  RecRankSummary rank[2];                /* [0] the method, [1] popularity */
  RecRankSummary cold[2][REC_N_BUCKETS];
  guint        bucket_users[REC_N_BUCKETS];  /* users in each bucket with a relevant test item */
  double       coverage[2];              /* share of the catalogue in anyone's top-k */
  double       pop_bias[2];              /* mean share of users who rated a recommended item */
} RecResult;

LabResult *recommender_compute       (LabParams *params, LabDataset *data, LabProgress *progress,
                                      GCancellable *cancellable, GError **error);
LabFigure *recommender_build         (const LabResult *result, LabParams *params);
void       recommender_metrics       (const LabResult *result, LabParams *params, LabMetrics *out);
gboolean   recommender_click         (const LabResult *result, LabParams *params, int axes_tag,
                                      double x, double y);
gboolean   recommender_suggest_range (const LabResult *result, GParamSpec *pspec, double *lo, double *hi);

/* The shown iteration and user, clamped to the result. */
guint      recommender_shown_iteration (const RecResult *self, LabParams *params);
guint      recommender_shown_user      (const RecResult *self, LabParams *params);
/* Every item's score for @user (n_items): what the lists rank. */
void       recommender_user_scores     (const RecResult *self, guint user, double *scores);
/* The predicted rating of (user, item) by the method (ALS: the final factors). */
double     recommender_predict         (const RecResult *self, guint user, guint item);
/* The chosen user's top-k from the final model: items and scores, how many (≤ k). */
guint      recommender_user_top_k      (const RecResult *self, guint user, guint *items, double *scores);
/* --dump-factors FILE: the initial factors as JSON (see the explanation for the layout). */
gboolean   recommender_dump_factors    (const LabResult *result, LabParams *params, const char *path,
                                        GError **error);
/* Bucket of a user by training ratings: 0, 1–2, 3–5, 6+. */
guint      recommender_bucket          (gsize n_train);

G_END_DECLS
