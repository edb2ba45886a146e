/* clustering-params.c — the clustering topic: parameters, presets, the topic
 * (notes §1.12, §4.15, §4.17)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clustering-private.h"

G_DEFINE_ENUM_TYPE (CluSource, lab_clu_source,
  G_DEFINE_ENUM_VALUE (CLU_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (CLU_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (CluDataset, lab_clu_dataset,
  G_DEFINE_ENUM_VALUE (CLU_DATASET_BLOBS, "blobs"),
  G_DEFINE_ENUM_VALUE (CLU_DATASET_ANISOTROPIC, "anisotropic"),
  G_DEFINE_ENUM_VALUE (CLU_DATASET_UNEQUAL_VARIANCE, "unequal-variance"),
  G_DEFINE_ENUM_VALUE (CLU_DATASET_UNEQUAL_SIZE, "unequal-size"),
  G_DEFINE_ENUM_VALUE (CLU_DATASET_MOONS, "moons"),
  G_DEFINE_ENUM_VALUE (CLU_DATASET_CIRCLES, "circles"))

G_DEFINE_ENUM_TYPE (CluMethod, lab_clu_method,
  G_DEFINE_ENUM_VALUE (CLU_METHOD_KMEANS, "kmeans"),
  G_DEFINE_ENUM_VALUE (CLU_METHOD_GMM, "gmm"),
  G_DEFINE_ENUM_VALUE (CLU_METHOD_BOTH, "both"))

G_DEFINE_ENUM_TYPE (CluInit, lab_clu_init,
  G_DEFINE_ENUM_VALUE (CLU_INIT_RANDOM, "random"),
  G_DEFINE_ENUM_VALUE (CLU_INIT_PLUSPLUS, "kmeans++"),
  G_DEFINE_ENUM_VALUE (CLU_INIT_MANUAL, "manual"))

G_DEFINE_ENUM_TYPE (LabGmmCovariance, lab_clu_covariance,
  G_DEFINE_ENUM_VALUE (LAB_GMM_FULL, "full"),
  G_DEFINE_ENUM_VALUE (LAB_GMM_TIED, "tied"),
  G_DEFINE_ENUM_VALUE (LAB_GMM_DIAG, "diag"),
  G_DEFINE_ENUM_VALUE (LAB_GMM_SPHERICAL, "spherical"))

struct _LabClusteringParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabClusteringParams, lab_clustering_params, LAB_TYPE_PARAMS)

static gboolean
lab_clustering_params_is_relevant (LabParams  *params,
                                   GParamSpec *pspec)
{
  const char *name = pspec->name;
  gboolean data = lab_params_get_enum (params, "source") == CLU_SOURCE_DATA;
  CluMethod method = lab_params_get_enum (params, "method");
  CluInit init = lab_params_get_enum (params, "init");

  if (g_str_equal (name, "columns") || g_str_equal (name, "standardize"))
    return data;
  if (g_str_equal (name, "dataset") || g_str_equal (name, "n") || g_str_equal (name, "seed"))
    return !data || (g_str_equal (name, "seed") && init != CLU_INIT_MANUAL);
  if (g_str_equal (name, "k-true"))
    {
      CluDataset ds = lab_params_get_enum (params, "dataset");

      return !data && ds != CLU_DATASET_MOONS && ds != CLU_DATASET_CIRCLES;
    }
  if (g_str_equal (name, "covariance"))
    return method != CLU_METHOD_KMEANS;
  if (g_str_equal (name, "k") || g_str_equal (name, "n-init"))
    return init != CLU_INIT_MANUAL;
  if (g_str_equal (name, "centroids"))
    return init == CLU_INIT_MANUAL;
  return TRUE;
}

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
lab_clustering_params_class_init (LabClusteringParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_clustering_params_is_relevant;

  lab_params_class_install (params_class,
    g_param_spec_enum ("source", N_("Source"),
                       N_("synthetic: a generated data set with known clusters; data: columns of your CSV file"),
                       lab_clu_source_get_type (), CLU_SOURCE_SYNTHETIC, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_enum ("dataset", N_("Data set"),
                       N_("blobs: round Gaussian clusters of equal size and spread; anisotropic: the blobs sheared; "
                          "unequal-variance: spreads 1, 2.5, 0.5; unequal-size: sizes 50 : 10 : 1; "
                          "moons: two interleaved half circles; circles: a ring around a disc"),
                       lab_clu_dataset_get_type (), CLU_DATASET_BLOBS, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("n", N_("Points"),
                      N_("Number of generated points"),
                      20, 200000, 300, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("k-true", N_("True clusters"),
                      N_("Number of generated clusters (blobs and their variants; moons and circles have two)"),
                      2, 10, 3, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("seed", N_("Seed"),
                      N_("Seed of the generated points and of the random initialisations"),
                      0, G_MAXINT, 1, FLAGS),
    LAB_PARAM_SEED, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_string ("columns", N_("Columns"),
                         N_("Two or more numeric columns, separated by commas (empty: every numeric column); "
                            "the plots show the first two"),
                         "", FLAGS),
    /* not LAB_PARAM_COLUMNS: its guess on loading a file names one column, too few to cluster */
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_boolean ("standardize", N_("Standardize"),
                          N_("Scale every column to mean 0 and standard deviation 1 before clustering "
                             "(distances then weigh the columns equally, whatever their units)"),
                          FALSE, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_enum ("method", N_("Method"),
                       N_("kmeans: Lloyd's algorithm; gmm: a Gaussian mixture fitted by EM; both: side by side "
                          "from the same initial centroids"),
                       lab_clu_method_get_type (), CLU_METHOD_BOTH, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("k", N_("Clusters k"),
                      N_("Number of clusters (k-means) or components (GMM)"),
                      1, CLU_MAX_K, 3, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_enum ("init", N_("Initialisation"),
                       N_("random: k distinct points drawn uniformly; kmeans++: each next centroid drawn with "
                          "probability ∝ its squared distance to the nearest one so far; manual: the centroids "
                          "you place (click the plot to add one, click one to remove it)"),
                       lab_clu_init_get_type (), CLU_INIT_PLUSPLUS, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_string ("centroids", N_("Manual centroids"),
                         N_("init=manual: the initial centroids as “x,y;x,y;…” in the plotted coordinates "
                            "(standardized when standardize is on); clicks on the plot edit this list"),
                         "", FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_enum ("covariance", N_("GMM covariance"),
                       N_("full: any ellipse per component; tied: one ellipse shape shared by all; "
                          "diag: axis-aligned ellipses; spherical: circles"),
                       lab_clu_covariance_get_type (), LAB_GMM_FULL, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("max-iter", N_("Max iterations"),
                      N_("Most k-means updates and EM iterations"),
                      1, 500, 100, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("tol", N_("Tolerance"),
                         N_("Convergence: k-means stops when no label changes or the centroids move less than "
                            "tol × the mean column variance (squared, summed); EM when the mean log-likelihood "
                            "changes by less than tol"),
                         1e-12, 1.0, 1e-4, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("n-init", N_("Restarts"),
                      N_("Run from this many initialisations and keep the best (lowest inertia, highest "
                         "log-likelihood)"),
                      1, 20, 1, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("iteration", N_("Step shown"),
                      N_("Scrub through the half-steps: 0 the start, then assign/update (k-means) and "
                         "E-step/M-step (GMM) in turn"),
                      0, 1001, 1001, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_clustering_params_init (LabClusteringParams *self)
{
}

/* ------------------------------------------------------------------ */
/* manual centroids */

int
clustering_parse_centroids (const char  *text,
                            double      *xy,
                            GError     **error)
{
  g_auto(GStrv) items = g_strsplit (text != NULL ? text : "", ";", -1);
  int n = 0;

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      char *end;
      double v[2];

      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      parts = g_strsplit (items[i], ",", -1);
      if (g_strv_length (parts) != 2)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("centroids: “%s” is not a point “x,y” (write the centroids as “x,y; x,y; …”)"), items[i]);
          return -1;
        }
      for (guint j = 0; j < 2; j++)
        {
          g_strstrip (parts[j]);
          v[j] = g_ascii_strtod (parts[j], &end);
          if (parts[j][0] == '\0' || *end != '\0' || !isfinite (v[j]))
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("centroids: “%s” in “%s” is not a finite number"), parts[j], items[i]);
              return -1;
            }
        }
      if (n == CLU_MAX_K)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("centroids: at most %d centroids (k from 1 to %d)"), CLU_MAX_K, CLU_MAX_K);
          return -1;
        }
      xy[2 * n] = v[0];
      xy[2 * n + 1] = v[1];
      n++;
    }
  return n;
}

char *
clustering_format_centroids (const double *xy,
                             guint         n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

      /* four significant decimals are plenty for a point placed by hand */
      g_ascii_formatd (a, sizeof a, "%.4g", xy[2 * i]);
      g_ascii_formatd (b, sizeof b, "%.4g", xy[2 * i + 1]);
      g_string_append_printf (s, "%s%s,%s", i ? ";" : "", a, b);
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* presets: each shows one lesson */

static const LabPreset clustering_presets[] = {
  { N_("Round blobs: k-means and GMM agree"),
    "dataset=blobs k-true=3 n=600 k=3 method=both covariance=full",
    N_("Three round clusters of equal spread — k-means’ own assumptions: both methods find them exactly "
       "(adjusted Rand index 1) in two or three steps.") },
  { N_("Anisotropic blobs: k-means cuts across"),
    "dataset=anisotropic k-true=3 n=600 k=3 method=both covariance=full seed=3",
    N_("Sheared clusters: k-means’ Voronoi cells are straight cuts between centroids and slice across the "
       "elongated clusters (ARI 0.49); the full-covariance mixture follows their shape (ARI 0.94).") },
  { N_("Unequal variances: the wide cluster loses points"),
    "dataset=unequal-variance k-true=3 n=600 k=3 method=both covariance=full seed=2",
    N_("Spreads 1, 2.5 and 0.5: k-means puts its boundaries halfway between centroids, so the tight clusters "
       "take the wide one’s outer points (ARI 0.84); the mixture weighs each by its own variance (0.98).") },
  { N_("Unequal sizes: the big cluster is split"),
    "dataset=unequal-size k-true=3 n=1200 k=3 method=both covariance=full seed=3",
    N_("Sizes 50 : 10 : 1: inertia is lowest when the big cluster is cut in two and the small ones share a "
       "centroid, so k-means does that (ARI 0.36); the mixture’s weights let a small cluster be small (0.94).") },
  { N_("Moons: not convex, neither model fits"),
    "dataset=moons n=600 k=2 method=both covariance=full",
    N_("Two interleaved half circles are not blobs at all: k-means (ARI 0.24) and a two-Gaussian mixture "
       "(0.50) both cut them with a smooth boundary. Density or graph methods are what this needs.") },
  { N_("Bad start: an empty cluster is re-seeded"),
    "dataset=blobs k-true=3 n=300 k=3 method=kmeans init=manual centroids=-1.5,2;1.5,2;9,-9",
    N_("The third start centroid is far from every point, so after the first assignment its cluster is "
       "empty; as scikit-learn does, it is re-seeded at the point farthest from its centroid, and k-means "
       "still finds the three blobs (ARI 1).") },
  { N_("Choosing k: elbow, BIC and AIC"),
    "dataset=blobs k-true=4 n=800 k=4 method=both covariance=full seed=1",
    N_("Four blobs: the inertia curve bends at k = 4 (the elbow) and both BIC and AIC are lowest there; "
       "inertia alone keeps falling with every k.") },
};


const LabTopic lab_topic_clustering = {
  .id = "clustering",
  .title = N_("Clustering: k-means and Gaussian mixtures"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.12, §4.15, §4.17",
  .summary = N_("Lloyd's k-means and EM for Gaussian mixtures, one half-step at a time, on data that meets "
                "and breaks k-means' assumptions."),
  .params_get_type = lab_clustering_params_get_type,
  .compute = clustering_compute,
  .build = clustering_build,
  .metrics = clustering_metrics,
  .click = clustering_click,
  .suggest_range = clustering_suggest_range,
  .presets = clustering_presets,
  .n_presets = G_N_ELEMENTS (clustering_presets),
};
