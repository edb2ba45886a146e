/* recommender-params.c — the recommender topic: parameters, presets, the topic
 * (notes §1.29, §4.11)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "recommender-private.h"

G_DEFINE_ENUM_TYPE (RecSource, rec_source,
  G_DEFINE_ENUM_VALUE (REC_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (REC_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (RecMethod, rec_method,
  G_DEFINE_ENUM_VALUE (REC_METHOD_ALS, "als"),
  G_DEFINE_ENUM_VALUE (REC_METHOD_ALS_IMPLICIT, "als-implicit"),
  G_DEFINE_ENUM_VALUE (REC_METHOD_USER_KNN, "user-knn"),
  G_DEFINE_ENUM_VALUE (REC_METHOD_ITEM_KNN, "item-knn"),
  G_DEFINE_ENUM_VALUE (REC_METHOD_POPULARITY, "popularity"))

G_DEFINE_ENUM_TYPE (LabSimilarity, rec_similarity,
  G_DEFINE_ENUM_VALUE (LAB_SIMILARITY_COSINE, "cosine"),
  G_DEFINE_ENUM_VALUE (LAB_SIMILARITY_PEARSON, "pearson"))

struct _LabRecommenderParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabRecommenderParams, lab_recommender_params, LAB_TYPE_PARAMS)

static gboolean
lab_recommender_params_is_relevant (LabParams  *params,
                                    GParamSpec *pspec)
{
  static const char * const synthetic[] = { "users", "items", "true-rank", "density", "noise", "popularity-skew", NULL };
  static const char * const columns[] = { "user-column", "item-column", "rating-column", NULL };
  const char *name = pspec->name;
  gboolean data = lab_params_get_enum (params, "source") == REC_SOURCE_DATA;
  RecMethod method = lab_params_get_enum (params, "method");
  gboolean implicit = method == REC_METHOD_ALS_IMPLICIT;
  gboolean knn = method == REC_METHOD_USER_KNN || method == REC_METHOD_ITEM_KNN;

  if (g_strv_contains (synthetic, name))
    return !data;
  if (g_strv_contains (columns, name))
    return data;
  if (g_str_equal (name, "alpha"))
    return implicit;
  if (g_str_equal (name, "factors") || g_str_equal (name, "lambda") || g_str_equal (name, "iterations")
      || g_str_equal (name, "iteration"))
    return REC_IS_ALS (method);
  if (g_str_equal (name, "similarity") || g_str_equal (name, "neighbours"))
    return knn;
  if (g_str_equal (name, "relevance-threshold"))
    return !implicit;
  return TRUE;
}

static void
lab_recommender_params_class_init (LabRecommenderParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_recommender_params_is_relevant;

  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("synthetic: a generated low-rank ratings matrix; data: user, item and rating columns of your CSV file"),
    rec_source_get_type (), REC_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "users", N_("Users"),
    N_("Number of generated users"),
    2, 5000, 300, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "items", N_("Items"),
    N_("Number of generated items"),
    2, 5000, 400, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "true-rank", N_("True rank"),
    N_("Rank of the generated matrix: the number of hidden tastes behind the ratings"),
    1, 20, 3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "density", N_("Density"),
    N_("Fraction of the user × item matrix that is observed (on average; users' activity varies)"),
    0.002, 0.5, 0.1, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "noise", N_("Noise"),
    N_("Standard deviation of the Gaussian noise added to each rating before clamping to 1–5"),
    0.0, 2.0, 0.3, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "popularity-skew", N_("Popularity skew"),
    N_("Each user's items are drawn with weight (popularity rank)^(−skew) × e^(how much the user likes it): "
       "skew 0 uniform, 1 a Zipf long tail"),
    0.0, 2.0, 0.8, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class, N_("Seed of the generator, of the test split and of the initial factors"),
                             LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "user-column", N_("User column"),
    N_("Column of user ids (integers or text)"),
    "user", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "item-column", N_("Item column"),
    N_("Column of item ids (integers or text)"),
    "item", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "rating-column", N_("Rating column"),
    N_("Column of ratings; empty: implicit feedback, every (user, item) row counts 1"),
    /* not LAB_PARAM_COLUMN: a column parameter cannot be empty, and empty is implicit feedback */
    "rating", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "test-fraction", N_("Test fraction"),
    N_("Share of each user's ratings held out for testing (at least 1, at most all but one); "
       "users with fewer than 2 ratings stay in training"),
    0.0, 0.9, 0.2, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "cold-users", N_("Cold-start users"),
    N_("Share of the users whose ratings are all held out: they have nothing to learn from"),
    0.0, 0.5, 0.0, LAB_PARAM_NONE, LAB_GROUP_DATA);

  lab_params_class_add_enum (params_class, "method", N_("Method"),
    N_("als: explicit ratings, weighted-λ regularisation (Zhou et al. 2008); als-implicit: every "
       "observed pair is a preference 1 with confidence 1 + α·r, every other pair a 0 with confidence 1 "
       "(Hu, Koren & Volinsky 2008), solved exactly; user-knn, item-knn: neighbourhood methods on the "
       "most similar users or items; popularity: the most-rated items for everyone"),
    rec_method_get_type (), REC_METHOD_ALS, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "similarity", N_("Similarity"),
    N_("k-NN: cosine of the rating vectors, or pearson: the cosine after subtracting each user's (user-knn) "
       "or item's (item-knn) mean rating"),
    rec_similarity_get_type (), LAB_SIMILARITY_COSINE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "neighbours", N_("Neighbours"),
    N_("k-NN: how many of the most similar users or items each one keeps"),
    1, 500, 20, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "factors", N_("Factors"),
    N_("Number of latent factors f of each user and item vector"),
    1, 128, 4, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "lambda", N_("λ (regularisation)"),
    N_("als: λ·(n_u‖x_u‖² + n_i‖y_i‖²), weighted by the ratings of each; als-implicit: λ(‖x_u‖² + ‖y_i‖²)"),
    1e-4, 100.0, 0.05, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "alpha", N_("α (confidence)"),
    N_("als-implicit: confidence 1 + α·r of an observed pair"),
    0.01, 1000.0, 10.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "iterations", N_("Iterations"),
    N_("ALS sweeps: each solves every user given the items, then every item given the users"),
    1, REC_MAX_ITER, 10, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "k", N_("Top k"),
    N_("Length of the recommendation lists the ranking metrics judge"),
    1, 50, 10, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "relevance-threshold", N_("Relevant rating"),
    N_("als: a held-out rating at least this high is a relevant item (a positive); als-implicit: every held-out pair is"),
    -1e6, 1e6, 4.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);

  lab_params_class_add_int (params_class, "iteration", N_("Iteration shown"),
    N_("Step through ALS: 0 is the random start; the curves mark it, the heatmap and the factors show it"),
    0, REC_MAX_ITER, REC_MAX_ITER, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "user", N_("User shown"),
    N_("The user whose vector and recommendations are drawn (0-based, in order of first appearance)"),
    0, G_MAXINT, 0, LAB_PARAM_VIEW | LAB_PARAM_BOUNDED, LAB_GROUP_VIEW);
}

static void
lab_recommender_params_init (LabRecommenderParams *self)
{
}

/* ------------------------------------------------------------------ */
/* presets: each shows one lesson (numbers measured with these settings) */

static const LabPreset recommender_presets[] = {
  { N_("ALS converges in a few sweeps"),
    "factors=4 lambda=0.05 iterations=10",
    N_("Rank 3 plus the mean rating takes four factors: the objective falls from 131,000 to 7,700 in two sweeps "
       "and to 4,900 in four; the test RMSE settles at 0.37 against 0.81 for the item means, and NDCG@10 is 0.26 "
       "against 0.09 for popularity.") },
  { N_("Too much λ underfits"),
    "factors=4 lambda=1 iterations=10",
    N_("λ = 1 shrinks every vector towards 0: train and test RMSE stay together at 1.23 and 1.25, worse than "
       "predicting each item's mean (0.81), and NDCG@10 drops to 0.03.") },
  { N_("Many factors, little λ overfit"),
    "factors=20 lambda=0.002 iterations=10",
    N_("Twenty factors for about 30 training ratings a user: the train RMSE falls to 0.07 while the test RMSE "
       "stays at 0.73, hardly better than the item means (0.81).") },
  { N_("Implicit feedback with confidence"),
    "method=als-implicit factors=4 lambda=10 alpha=1 iterations=10",
    N_("Learning which items a user rated, not how: implicit ALS reaches NDCG@10 0.31 and precision@10 0.21, "
       "against 0.25 and 0.15 for popularity. Raise α to 40 and the few observed pairs drown the rest (NDCG 0.09).") },
  { N_("Popularity is a hard baseline"),
    "density=0.02 popularity-skew=1.5 factors=4 lambda=0.05",
    N_("Eight ratings a user on a long tail: ALS has too little to learn tastes from (NDCG@10 0.09, test RMSE "
       "1.14 against 0.81 for the item means), while recommending the most-rated items to everyone scores 0.28.") },
  { N_("Cold-start users"),
    "cold-users=0.2 factors=4 lambda=0.05",
    N_("60 users have every rating held out: with no training rating their vector is 0, every score ties, "
       "and ALS reaches NDCG@10 0.06 for them against 0.13 for popularity (0.23 against 0.09 for the others).") },
};

static const LabTopicFileOption recommender_files[] = {
  { "--dump-factors", N_("the initial user and item factors ALS starts from, as JSON: factors, seed, users, items, "
                         "user_factors and item_factors (one row each), exact to the last bit"),
    recommender_dump_factors, NULL },
};

const LabTopic lab_topic_recommender = {
  .id = "recommender",
  .title = N_("Recommender systems: matrix factorisation by ALS"),
  .chapter = LAB_CHAPTER_EXTENDED,
  .sections = "§1.29, §4.11",
  .summary = N_("Collaborative filtering by alternating least squares, explicit and implicit, against the "
                "popularity baseline: convergence, the latent space, top-k recommendations and cold start."),
  .params_get_type = lab_recommender_params_get_type,
  .compute = recommender_compute,
  .build = recommender_build,
  .metrics = recommender_metrics,
  .click = recommender_click,
  .suggest_range = recommender_suggest_range,
  .presets = recommender_presets,
  .n_presets = G_N_ELEMENTS (recommender_presets),
  .file_options = recommender_files,
  .n_file_options = G_N_ELEMENTS (recommender_files),
};
