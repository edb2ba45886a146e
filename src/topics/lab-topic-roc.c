/* lab-topic-roc.c — ROC and precision–recall curves (notes §1.2, §1.23)
 *
 * compute: scores and labels (synthetic binormal / Beta pair, or the user's
 * CSV) → one LabRocCurve per model, AUC, AP, DeLong CI, histograms and
 * curves reduced for drawing. Everything that depends on the threshold
 * (operating point, confusion matrix, goals) is a view parameter, evaluated
 * in build/metrics with a binary search: dragging the threshold never
 * recomputes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_randist.h>

#include "lab-error.h"
#include "lab-rng.h"
#include "lab-roc.h"
#include "lab-topic-roc.h"

#define N_BINS      60
#define DRAW_EPS    (1.0 / 4096.0)

enum { TAG_ROC, TAG_PR, TAG_DIST, TAG_CONFUSION };

/* palette slots: classes keep their colour in every view */
#define SLOT_NEGATIVE 0
#define SLOT_POSITIVE 1
#define SLOT_MODEL(i) (2 + (i))

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabRocSource, lab_roc_source,
  G_DEFINE_ENUM_VALUE (LAB_ROC_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (LabRocDistribution, lab_roc_distribution,
  G_DEFINE_ENUM_VALUE (LAB_ROC_DISTRIBUTION_BINORMAL, "binormal"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_DISTRIBUTION_BETA, "beta"))

G_DEFINE_ENUM_TYPE (LabRocGoal, lab_roc_goal,
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_MANUAL, "manual"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_RECALL, "recall"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_MAX_F1, "max-f1"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_MAX_YOUDEN, "max-youden"),
  G_DEFINE_ENUM_VALUE (LAB_ROC_GOAL_MIN_COST, "min-cost"))

struct _LabRocParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabRocParams, lab_roc_params, LAB_TYPE_PARAMS)

static gboolean
lab_roc_params_is_relevant (LabParams  *params,
                            GParamSpec *pspec)
{
  gboolean data = lab_params_get_enum (params, "source") == LAB_ROC_SOURCE_DATA;
  const char *name = pspec->name;

  if (g_str_equal (name, "label-column") || g_str_equal (name, "score-column")
      || g_str_equal (name, "positive-label"))
    return data;
  if (g_str_equal (name, "distribution") || g_str_equal (name, "separation")
      || g_str_equal (name, "positive-fraction") || g_str_equal (name, "n")
      || g_str_equal (name, "seed") || g_str_equal (name, "compare"))
    return !data;
  if (g_str_equal (name, "sd-ratio"))
    return !data && lab_params_get_enum (params, "distribution") == LAB_ROC_DISTRIBUTION_BINORMAL;
  if (g_str_equal (name, "separation-b"))
    return !data && lab_params_get_boolean (params, "compare");
  if (g_str_equal (name, "threshold"))
    return TRUE;
  if (g_str_equal (name, "target-recall"))
    return lab_params_get_enum (params, "goal") == LAB_ROC_GOAL_RECALL;
  if (g_str_equal (name, "cost-fp") || g_str_equal (name, "cost-fn"))
    return lab_params_get_enum (params, "goal") == LAB_ROC_GOAL_MIN_COST;
  return TRUE;
}

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
lab_roc_params_class_init (LabRocParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_roc_params_is_relevant;

  lab_params_class_install (params_class,
    g_param_spec_enum ("source", N_("Source"),
                       N_("Where the scores come from: a simulated classifier, or your CSV file"),
                       LAB_TYPE_ROC_SOURCE, LAB_ROC_SOURCE_SYNTHETIC, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_string ("label-column", N_("Label column"),
                         N_("Column holding the true class: 0/1, or text with positive-label naming the positive class"),
                         "label", FLAGS),
    LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_string ("positive-label", N_("Positive label"),
                         N_("Which value of the label column is the positive class (for text labels)"),
                         "1", FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_string ("score-column", N_("Score columns"),
                         N_("Columns of classifier scores, higher meaning more likely positive; several (a,b,c) are compared"),
                         "score", FLAGS),
    LAB_PARAM_COLUMNS, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_enum ("distribution", N_("Score model"),
                       N_("binormal: negatives N(0, 1), positives N(separation, sd-ratio²); "
                          "beta: negatives Beta(2, 2+2·separation), positives Beta(2+2·separation, 2)"),
                       LAB_TYPE_ROC_DISTRIBUTION, LAB_ROC_DISTRIBUTION_BINORMAL, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("separation", N_("Separation"),
                         N_("How far apart the classes' scores are (0: a useless classifier)"),
                         0.0, 5.0, 1.5, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("sd-ratio", N_("SD ratio"),
                         N_("Standard deviation of the positives' scores relative to the negatives' (binormal)"),
                         0.2, 5.0, 1.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("positive-fraction", N_("Positive fraction"),
                         N_("Share of positives among the samples: class imbalance"),
                         0.001, 0.5, 0.3, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("n", N_("Samples"),
                      N_("Number of simulated samples"),
                      10, 10000000, 2000, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_boolean ("compare", N_("Compare a second model"),
                          N_("Simulate a second classifier on the same samples (its noise correlated 0.5 with the first) and test the AUC difference"),
                          FALSE, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("separation-b", N_("Separation of model B"),
                         N_("Separation of the second simulated classifier"),
                         0.0, 5.0, 1.0, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("seed", N_("Seed"),
                      N_("Seed of the random generator: the same seed gives the same samples"),
                      0, G_MAXINT, 42, FLAGS),
    LAB_PARAM_SEED, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_double ("threshold", N_("Threshold"),
                         N_("A sample is predicted positive when its score ≥ threshold"),
                         -INFINITY, INFINITY, 0.75, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_enum ("goal", N_("Choose threshold by"),
                       N_("manual: the threshold slider; recall: the highest threshold reaching target-recall; "
                          "max-f1, max-youden: the best F1 or Youden's J; min-cost: the least FP·cost-fp + FN·cost-fn"),
                       LAB_TYPE_ROC_GOAL, LAB_ROC_GOAL_MANUAL, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_double ("target-recall", N_("Target recall"),
                         N_("Recall (sensitivity) the threshold must reach, e.g. 0.9 for the notes' “90 % sensitivity”"),
                         0.0, 1.0, 0.9, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_double ("cost-fp", N_("Cost of a false positive"),
                         N_("Cost of one false positive, for goal=min-cost"),
                         0.01, 100.0, 1.0, FLAGS),
    LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_double ("cost-fn", N_("Cost of a false negative"),
                         N_("Cost of one false negative, for goal=min-cost"),
                         0.01, 100.0, 1.0, FLAGS),
    LAB_PARAM_VIEW | LAB_PARAM_LOG, LAB_GROUP_VIEW);
}

static void
lab_roc_params_init (LabRocParams *self)
{
}

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  char        *name;
  LabRocCurve *curve;
  double       auc;
  double       ap;
  LabRocDelong delong;
  double       score_min;
  double       score_max;
  /* histograms of the two classes over [hist_lo, hist_hi] */
  double       neg_counts[N_BINS];
  double       pos_counts[N_BINS];
  /* curve points kept for drawing (indices into the curve) */
  GArray      *roc_keep;   /* gsize */
  GArray      *pr_keep;    /* gsize, all ≥ 1 */
  /* goals that need the whole curve, prepared on the worker so that build/metrics stay O(log n) */
  gsize        best_f1;     /* first point of largest F1 */
  gsize        best_youden; /* first point of largest TPR − FPR */
  GArray      *hull;        /* gsize: the ROC's upper convex hull (collinear points kept), by k */
} RocModel;

typedef struct
{
  LabResult  parent;
  RocModel  *models;
  guint      n_models;
  double     delong_p;
  double     hist_lo;
  double     hist_hi;
  char      *source_name;
} RocResult;

static void
roc_result_finalize (LabResult *result)
{
  RocResult *self = (RocResult *) result;

  for (guint i = 0; i < self->n_models; i++)
    {
      g_free (self->models[i].name);
      g_clear_pointer (&self->models[i].curve, lab_roc_curve_free);
      g_clear_pointer (&self->models[i].roc_keep, g_array_unref);
      g_clear_pointer (&self->models[i].pr_keep, g_array_unref);
      g_clear_pointer (&self->models[i].hull, g_array_unref);
    }
  g_free (self->models);
  g_free (self->source_name);
}

/* ------------------------------------------------------------------ */
/* compute */

static double f1_of (double tp, double fp, double fn);

static void
generate (LabParams  *params,
          double    **scores,
          guint       n_models,
          guint8     *labels,
          gsize       n)
{
  g_autoptr(gsl_rng) rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed"));
  LabRocDistribution dist = lab_params_get_enum (params, "distribution");
  double sep = lab_params_get_double (params, "separation");
  double sep_b = lab_params_get_double (params, "separation-b");
  double sdr = lab_params_get_double (params, "sd-ratio");
  double frac = lab_params_get_double (params, "positive-fraction");
  gsize n_pos = (gsize) CLAMP (llround (frac * (double) n), 1, (long long) n - 1);
  const double rho = 0.5;

  /* the first n_pos samples are positive: a fixed prevalence, not a binomial draw */
  for (gsize i = 0; i < n; i++)
    labels[i] = i < n_pos;

  for (gsize i = 0; i < n; i++)
    {
      gboolean pos = labels[i];

      if (dist == LAB_ROC_DISTRIBUTION_BINORMAL)
        {
          double z = lab_rng_gaussian (rng);

          scores[0][i] = pos ? sep + sdr * z : z;
          if (n_models > 1)
            {
              double z2 = rho * z + sqrt (1.0 - rho * rho) * lab_rng_gaussian (rng);

              scores[1][i] = pos ? sep_b + sdr * z2 : z2;
            }
        }
      else
        {
          double a = 2.0, b = 2.0 + 2.0 * sep;

          scores[0][i] = pos ? gsl_ran_beta (rng, b, a) : gsl_ran_beta (rng, a, b);
          if (n_models > 1)
            {
              double b2 = 2.0 + 2.0 * sep_b;

              scores[1][i] = pos ? gsl_ran_beta (rng, b2, a) : gsl_ran_beta (rng, a, b2);
            }
        }
    }
}

/* Labels from the label column: 0/1 numbers, or text compared with positive-label. */
static guint8 *
read_labels (LabParams   *params,
             LabDataset  *data,
             guint        col,
             GError     **error)
{
  gsize n = lab_dataset_get_n_rows (data);
  g_autofree guint8 *labels = g_new (guint8, MAX (n, 1));
  const char *positive = lab_params_get_string (params, "positive-label");

  if (lab_dataset_get_column_type (data, col) == LAB_COLUMN_TEXT)
    {
      guint n_levels;
      const guint32 *levels = lab_dataset_get_levels (data, col, &n_levels);
      guint32 pos_level = G_MAXUINT32;

      for (guint l = 0; l < n_levels; l++)
        if (g_strcmp0 (lab_dataset_get_level_name (data, col, l), positive) == 0)
          pos_level = l;
      if (pos_level == G_MAXUINT32)
        {
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint l = 0; l < MIN (n_levels, 8); l++)
            g_string_append_printf (names, "%s“%s”", l ? ", " : "", lab_dataset_get_level_name (data, col, l));
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("%s: label column “%s” holds text and no value is “%s”: set positive-label to one of %s"),
                       lab_dataset_get_name (data), lab_dataset_get_column_name (data, col), positive, names->str);
          return NULL;
        }
      for (gsize i = 0; i < n; i++)
        {
          if (levels[i] == G_MAXUINT32)
            {
              lab_dataset_set_cell_error (data, i, col, error, _("missing label"));
              return NULL;
            }
          labels[i] = levels[i] == pos_level;
        }
    }
  else
    {
      const double *x = lab_dataset_get_numbers (data, col);

      for (gsize i = 0; i < n; i++)
        {
          if (isnan (x[i]))
            {
              lab_dataset_set_cell_error (data, i, col, error, _("missing label"));
              return NULL;
            }
          if (x[i] != 0.0 && x[i] != 1.0)
            {
              g_autofree char *text = lab_dataset_dup_cell_text (data, i, col);

              lab_dataset_set_cell_error (data, i, col, error,
                                          _("label “%s” is not 0 or 1"), text);
              return NULL;
            }
          labels[i] = x[i] == 1.0;
        }
    }
  return g_steal_pointer (&labels);
}

static gboolean
check_scores (LabDataset  *data,
              guint        col,
              GError     **error)
{
  const double *x = lab_dataset_get_numbers (data, col);
  gsize n = lab_dataset_get_n_rows (data);

  if (x == NULL)
    {
      g_autofree char *text = NULL;
      gsize row = 0;
      guint n_levels;
      const guint32 *levels = lab_dataset_get_levels (data, col, &n_levels);

      /* point at the first cell that is not a number */
      for (row = 0; row < n; row++)
        if (levels[row] != G_MAXUINT32)
          break;
      text = row < n ? lab_dataset_dup_cell_text (data, row, col) : g_strdup ("");
      lab_dataset_set_cell_error (data, MIN (row, n - 1), col, error,
                                  _("score column “%s” must hold numbers, found “%s”"),
                                  lab_dataset_get_column_name (data, col), text);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]))
      {
        g_autofree char *text = lab_dataset_dup_cell_text (data, i, col);

        if (isnan (x[i]))
          lab_dataset_set_cell_error (data, i, col, error, _("missing score (“%s”)"), text);
        else
          lab_dataset_set_cell_error (data, i, col, error, _("score “%s” is not finite"), text);
        return FALSE;
      }
  return TRUE;
}

static void
reduce_curve (RocModel *m)
{
  const LabRocCurve *c = m->curve;
  double P = (double) c->n_positive, N = (double) c->n_negative;
  double lx = -1, ly = -1;

  m->roc_keep = g_array_new (FALSE, FALSE, sizeof (gsize));
  m->pr_keep = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* keep a point when it moves at least 1/4096 from the last one kept: the
   * drawing is exact to a fraction of a pixel, the metrics use the full curve */
  for (gsize k = 0; k < c->n_points; k++)
    {
      double x = c->fp[k] / N, y = c->tp[k] / P;

      if (k == 0 || k == c->n_points - 1 || fabs (x - lx) >= DRAW_EPS || fabs (y - ly) >= DRAW_EPS)
        {
          g_array_append_val (m->roc_keep, k);
          lx = x, ly = y;
        }
    }

  lx = -1, ly = -1;
  for (gsize k = 1; k < c->n_points; k++)
    {
      double r = c->tp[k] / P, p = c->tp[k] / (c->tp[k] + c->fp[k]);

      if (k == 1 || k == c->n_points - 1 || fabs (r - lx) >= DRAW_EPS || fabs (p - ly) >= DRAW_EPS)
        {
          g_array_append_val (m->pr_keep, k);
          lx = r, ly = p;
        }
    }
}

static void
histogram (const double *x,
           const guint8 *labels,
           gsize         n,
           double        lo,
           double        hi,
           double       *neg,
           double       *pos)
{
  double scale = N_BINS / (hi - lo);

  memset (neg, 0, N_BINS * sizeof (double));
  memset (pos, 0, N_BINS * sizeof (double));
  for (gsize i = 0; i < n; i++)
    {
      long b = (long) ((x[i] - lo) * scale);

      b = CLAMP (b, 0, N_BINS - 1);
      if (labels[i])
        pos[b] += 1;
      else
        neg[b] += 1;
    }
}

/* The points the goals choose among, found once per curve. A linear cost
 * c_FP·FP + c_FN·FN is least at a vertex (or along an edge) of the ROC's upper
 * convex hull, so min-cost later scans the hull only; counts are exact in doubles,
 * so the cross products are exact and collinear points are kept for the tie rule
 * "the first point in threshold order wins". */
static void
prepare_goals (RocModel *m)
{
  const LabRocCurve *c = m->curve;
  double P = (double) c->n_positive, N = (double) c->n_negative;
  double best_f1 = -1, best_j = -2;

  m->best_f1 = 0;
  m->best_youden = 0;
  for (gsize k = 0; k < c->n_points; k++)
    {
      double j = c->tp[k] / P - c->fp[k] / N;

      if (k >= 1)
        {
          double f1 = f1_of (c->tp[k], c->fp[k], P - c->tp[k]);

          if (f1 > best_f1)
            best_f1 = f1, m->best_f1 = k;
        }
      if (j > best_j)
        best_j = j, m->best_youden = k;
    }

  m->hull = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize k = 0; k < c->n_points; k++)
    {
      while (m->hull->len >= 2)
        {
          gsize a = g_array_index (m->hull, gsize, m->hull->len - 2);
          gsize b = g_array_index (m->hull, gsize, m->hull->len - 1);
          double cross = (c->fp[b] - c->fp[a]) * (c->tp[k] - c->tp[a])
                         - (c->tp[b] - c->tp[a]) * (c->fp[k] - c->fp[a]);

          /* b lies strictly below the segment a–k: not on the upper hull */
          if (cross > 0)
            g_array_set_size (m->hull, m->hull->len - 1);
          else
            break;
        }
      g_array_append_val (m->hull, k);
    }
}

static LabResult *
roc_compute (LabParams     *params,
             LabDataset    *data,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (RocResult), roc_result_finalize);
  RocResult *self = (RocResult *) result;
  g_autofree guint8 *labels = NULL;
  g_autofree double **scores = NULL;
  g_autofree double *owned = NULL;   /* synthetic scores */
  g_autofree LabRocDelong *delong = NULL;
  g_auto(GStrv) names = NULL;
  gsize n;
  guint n_models;

  self->delong_p = NAN;

  if (lab_params_get_enum (params, "source") == LAB_ROC_SOURCE_DATA)
    {
      int label_col;

      if (data == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
          return NULL;
        }
      label_col = lab_topic_find_column (data, "label-column", lab_params_get_string (params, "label-column"), error);
      if (label_col < 0)
        return NULL;

      names = g_strsplit (lab_params_get_string (params, "score-column"), ",", -1);
      n_models = g_strv_length (names);
      if (n_models == 0 || n_models > 8)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("score-column: name between 1 and 8 columns, separated by commas"));
          return NULL;
        }
      scores = g_new0 (double *, n_models);
      for (guint m = 0; m < n_models; m++)
        {
          int col;

          g_strstrip (names[m]);
          col = lab_topic_find_column (data, "score-column", names[m], error);
          if (col < 0 || !check_scores (data, col, error))
            return NULL;
          scores[m] = (double *) lab_dataset_get_numbers (data, col);
        }
      labels = read_labels (params, data, label_col, error);
      if (labels == NULL)
        return NULL;
      n = lab_dataset_get_n_rows (data);
      self->source_name = g_strdup (lab_dataset_get_name (data));
    }
  else
    {
      n = (gsize) lab_params_get_int (params, "n");
      n_models = lab_params_get_boolean (params, "compare") ? 2 : 1;
      names = g_new0 (char *, 3);
      names[0] = g_strdup (n_models > 1 ? _("model A") : _("model"));
      if (n_models > 1)
        names[1] = g_strdup (_("model B"));
      owned = g_new (double, n * n_models);
      scores = g_new0 (double *, n_models);
      for (guint m = 0; m < n_models; m++)
        scores[m] = owned + m * n;
      labels = g_new (guint8, n);
      generate (params, scores, n_models, labels, n);
      self->source_name = g_strdup (_("simulated"));
    }
  lab_progress_set (progress, 0.2);

  {
    gsize n_pos = 0;

    for (gsize i = 0; i < n; i++)
      n_pos += labels[i];
    if (n_pos == 0 || n_pos == n)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                     _("%s: only one class present: all %lu samples are %s; "
                       "ROC and precision–recall need positives and negatives"),
                     self->source_name, (unsigned long) n, n_pos ? _("positive") : _("negative"));
        return NULL;
      }
  }

  self->n_models = n_models;
  self->models = g_new0 (RocModel, n_models);
  for (guint m = 0; m < n_models; m++)
    {
      RocModel *model = &self->models[m];

      model->name = g_strdup (names[m]);
      model->curve = lab_roc_curve_new (scores[m], labels, n, cancellable, error);
      if (model->curve == NULL)
        return NULL;
      model->auc = lab_roc_curve_auc (model->curve);
      model->ap = lab_roc_curve_average_precision (model->curve);
      model->score_max = model->curve->thresholds[1];
      model->score_min = model->curve->thresholds[model->curve->n_points - 1];
      reduce_curve (model);
      prepare_goals (model);
      lab_progress_set (progress, 0.2 + 0.4 * (m + 1) / n_models);
    }

  delong = g_new0 (LabRocDelong, n_models);
  if (!lab_roc_delong ((const double * const *) scores, n_models, labels, n, delong,
                       &self->delong_p, cancellable, error))
    return NULL;
  for (guint m = 0; m < n_models; m++)
    self->models[m].delong = delong[m];
  lab_progress_set (progress, 0.9);

  self->hist_lo = self->models[0].score_min;
  self->hist_hi = self->models[0].score_max;
  if (!(self->hist_hi > self->hist_lo))
    self->hist_lo -= 0.5, self->hist_hi += 0.5;
  for (guint m = 0; m < n_models; m++)
    histogram (scores[m], labels, n, self->hist_lo, self->hist_hi,
               self->models[m].neg_counts, self->models[m].pos_counts);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ */
/* the operating point */

typedef struct
{
  gsize  k;            /* curve point */
  double threshold;
  double tp, fp, tn, fn;
} Operating;

static double
ratio (double a, double b)
{
  return b > 0 ? a / b : NAN;
}

static double
f1_of (double tp, double fp, double fn)
{
  return ratio (2 * tp, 2 * tp + fp + fn);
}

static Operating
operating_point (const RocModel *m,
                 LabParams      *params)
{
  const LabRocCurve *c = m->curve;
  double P = (double) c->n_positive, N = (double) c->n_negative;
  LabRocGoal goal = lab_params_get_enum (params, "goal");
  Operating op = { 0 };
  gsize best = 0;

  switch (goal)
    {
    case LAB_ROC_GOAL_MANUAL:
      best = lab_roc_curve_point_for_threshold (c, lab_params_get_double (params, "threshold"));
      break;
    case LAB_ROC_GOAL_RECALL:
      {
        /* the highest threshold whose recall reaches the target: the first such point;
         * tp never decreases along the curve, so a binary search finds it */
        double target = lab_params_get_double (params, "target-recall");
        gsize lo = 0, hi = c->n_points - 1;

        while (lo < hi)
          {
            gsize mid = lo + (hi - lo) / 2;

            if (c->tp[mid] / P >= target)
              hi = mid;
            else
              lo = mid + 1;
          }
        best = lo;
      }
      break;
    case LAB_ROC_GOAL_MAX_F1:
      best = m->best_f1;
      break;
    case LAB_ROC_GOAL_MAX_YOUDEN:
      best = m->best_youden;
      break;
    case LAB_ROC_GOAL_MIN_COST:
      {
        double cfp = lab_params_get_double (params, "cost-fp");
        double cfn = lab_params_get_double (params, "cost-fn");
        double best_cost = INFINITY;

        for (guint h = 0; h < m->hull->len; h++)
          {
            gsize k = g_array_index (m->hull, gsize, h);
            double cost = cfp * c->fp[k] + cfn * (P - c->tp[k]);

            if (cost < best_cost)
              best_cost = cost, best = k;
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }

  op.k = best;
  op.threshold = goal == LAB_ROC_GOAL_MANUAL ? lab_params_get_double (params, "threshold") : c->thresholds[best];
  op.tp = c->tp[best];
  op.fp = c->fp[best];
  op.fn = P - op.tp;
  op.tn = N - op.fp;
  return op;
}

/* ------------------------------------------------------------------ */
/* figure */

static void
add_class_bars (LabAxes      *ax,
                const char   *label_below,
                const char   *label_above,
                const double *counts,
                double        total,
                double        lo,
                double        hi,
                double        threshold,
                guint         slot)
{
  double width = (hi - lo) / N_BINS;
  double edges[N_BINS + 2], heights[N_BINS + 1];
  LabStyle faint = lab_style_default (slot), strong = lab_style_default (slot);
  gsize n_below = 0, n_above = 0;
  double t = CLAMP (threshold, lo, hi);

  /* translucent, so the overlap of the two classes stays visible */
  faint.fill = lab_color_palette_alpha (slot, 0.2);
  faint.color = lab_color_palette_alpha (slot, 0.0);
  strong.fill = lab_color_palette_alpha (slot, 0.6);
  strong.color = lab_color_palette_alpha (slot, 0.0);

  /* below the threshold: bins left of t, the last one cut at t */
  edges[0] = lo;
  for (guint b = 0; b < N_BINS && lo + b * width < t; b++)
    {
      heights[n_below] = counts[b] / (total * width);
      edges[++n_below] = MIN (lo + (b + 1) * width, t);
    }
  /* the bars move with the threshold: redrawn each frame, the rest of the figure is cached */
  if (n_below > 0)
    lab_layer_set_dynamic (lab_axes_add_bars (ax, label_below, edges, heights, n_below, &faint), TRUE);

  /* at or above: from t on */
  {
    guint b0 = (guint) MIN (floor ((t - lo) / width), N_BINS - 1);

    edges[0] = t;
    for (guint b = b0; b < N_BINS; b++)
      {
        if (lo + (b + 1) * width <= t)
          continue;
        heights[n_above] = counts[b] / (total * width);
        edges[++n_above] = lo + (b + 1) * width;
      }
    if (n_above > 0)
      lab_layer_set_dynamic (lab_axes_add_bars (ax, label_above, edges, heights, n_above, &strong), TRUE);
  }
}

static LabFigure *
roc_build (const LabResult *result,
           LabParams       *params)
{
  const RocResult *self = (const RocResult *) result;
  const RocModel *m0 = &self->models[0];
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *roc = lab_figure_get_axes (figure, 0);
  LabAxes *pr = lab_figure_get_axes (figure, 1);
  LabAxes *dist = lab_figure_get_axes (figure, 2);
  LabAxes *conf = lab_figure_get_axes (figure, 3);
  double P = (double) m0->curve->n_positive, N = (double) m0->curve->n_negative;
  Operating op = operating_point (m0, params);
  LabStyle muted = lab_style_default (0);
  LabStyle point = lab_style_default (0);

  muted.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
  muted.dash = LAB_DASH_DASHED;
  muted.line_width = 1.2;
  point.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  point.fill = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  point.marker = LAB_MARKER_CIRCLE;
  point.marker_size = 11;
  point.line_width = 1.5;

  lab_figure_set_col_weights (figure, (const double[]) { 1.0, 1.0 });
  lab_figure_set_row_weights (figure, (const double[]) { 1.15, 1.0 });

  /* ROC */
  lab_axes_set_tag (roc, TAG_ROC);
  lab_axes_set_title (roc, _("ROC curve"));
  lab_axes_set_xlabel (roc, _("False positive rate (1 − specificity)"));
  lab_axes_set_ylabel (roc, _("True positive rate (recall)"));
  lab_axes_set_xlim (roc, 0, 1);
  lab_axes_set_ylim (roc, 0, 1);
  lab_axes_set_grid (roc, TRUE);
  lab_axes_set_legend (roc, TRUE);
  lab_axes_add_abline (roc, _("chance"), 0, 0, 1, &muted);
  for (guint i = 0; i < self->n_models; i++)
    {
      const RocModel *m = &self->models[i];
      gsize nk = m->roc_keep->len;
      g_autofree double *x = g_new (double, nk);
      g_autofree double *y = g_new (double, nk);
      g_autofree char *label = self->n_models > 1 ? g_strdup_printf ("%s: AUC %.3f", m->name, m->auc)
                                                  : g_strdup_printf ("AUC %.3f", m->auc);
      LabStyle style = lab_style_default (SLOT_MODEL (i));

      style.line_width = 2.2;
      for (gsize j = 0; j < nk; j++)
        {
          gsize k = g_array_index (m->roc_keep, gsize, j);

          x[j] = m->curve->fp[k] / (double) m->curve->n_negative;
          y[j] = m->curve->tp[k] / (double) m->curve->n_positive;
        }
      lab_axes_add_line (roc, label, x, y, nk, &style);
    }
  if (lab_params_get_enum (params, "goal") == LAB_ROC_GOAL_MIN_COST)
    {
      /* points of equal cost lie on a line of slope (c_FP·N)/(c_FN·P) */
      double slope = lab_params_get_double (params, "cost-fp") * N / (lab_params_get_double (params, "cost-fn") * P);
      LabStyle iso = muted;

      iso.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
      lab_layer_set_dynamic (lab_axes_add_abline (roc, _("iso-cost line"), op.fp / N, op.tp / P, slope, &iso), TRUE);
    }
  lab_layer_set_dynamic (lab_axes_add_marker (roc, _("threshold"), op.fp / N, op.tp / P, &point), TRUE);

  /* precision–recall */
  lab_axes_set_tag (pr, TAG_PR);
  lab_axes_set_title (pr, _("Precision–recall"));
  lab_axes_set_xlabel (pr, _("Recall (true positive rate)"));
  lab_axes_set_ylabel (pr, _("Precision"));
  lab_axes_set_xlim (pr, 0, 1);
  lab_axes_set_ylim (pr, 0, 1.02);
  lab_axes_set_grid (pr, TRUE);
  lab_axes_set_legend (pr, TRUE);
  {
    g_autofree char *label = g_strdup_printf (_("no skill (%.2g)"), P / (P + N));

    lab_axes_add_hline (pr, label, P / (P + N), &muted);
  }
  for (guint i = 0; i < self->n_models; i++)
    {
      const RocModel *m = &self->models[i];
      gsize nk = m->pr_keep->len;
      g_autofree double *x = g_new (double, 2 * nk);
      g_autofree double *y = g_new (double, 2 * nk);
      g_autofree char *label = self->n_models > 1 ? g_strdup_printf ("%s: AP %.3f", m->name, m->ap)
                                                  : g_strdup_printf ("AP %.3f", m->ap);
      LabStyle style = lab_style_default (SLOT_MODEL (i));
      double last_r = 0;

      style.line_width = 2.2;
      /* the step function whose area is AP: precision P_k held over (R_{k−1}, R_k] */
      for (gsize j = 0; j < nk; j++)
        {
          gsize k = g_array_index (m->pr_keep, gsize, j);
          double r = m->curve->tp[k] / (double) m->curve->n_positive;
          double p = m->curve->tp[k] / (m->curve->tp[k] + m->curve->fp[k]);

          x[2 * j] = last_r, y[2 * j] = p;
          x[2 * j + 1] = r, y[2 * j + 1] = p;
          last_r = r;
        }
      lab_axes_add_line (pr, label, x, y, 2 * nk, &style);
    }
  if (op.tp + op.fp > 0)
    lab_layer_set_dynamic (lab_axes_add_marker (pr, _("threshold"), op.tp / P, op.tp / (op.tp + op.fp), &point), TRUE);

  /* score distributions of the first model */
  lab_axes_set_tag (dist, TAG_DIST);
  if (self->n_models > 1)
    {
      g_autofree char *title = g_strdup_printf (_("Scores of %s by true class"), m0->name);

      lab_axes_set_title (dist, title);
    }
  else
    lab_axes_set_title (dist, _("Scores by true class"));
  lab_axes_set_xlabel (dist, _("Score"));
  lab_axes_set_ylabel (dist, _("Density within each class"));
  lab_axes_set_grid (dist, TRUE);
  lab_axes_set_legend (dist, TRUE);
  add_class_bars (dist, _("negatives: TN"), _("negatives: FP"), m0->neg_counts, N,
                  self->hist_lo, self->hist_hi, op.threshold, SLOT_NEGATIVE);
  add_class_bars (dist, _("positives: FN"), _("positives: TP"), m0->pos_counts, P,
                  self->hist_lo, self->hist_hi, op.threshold, SLOT_POSITIVE);
  if (isfinite (op.threshold))
    {
      LabStyle tline = lab_style_default (0);

      tline.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
      tline.line_width = 2.0;
      lab_layer_set_dynamic (lab_axes_add_vline (dist, _("threshold"), op.threshold, &tline), TRUE);
    }

  /* confusion matrix: rows actual (− on top), columns predicted */
  lab_axes_set_tag (conf, TAG_CONFUSION);
  lab_axes_set_title (conf, _("Confusion matrix"));
  {
    static const char *xcats[] = { N_("predicted −"), N_("predicted +"), NULL };
    static const char *ycats[] = { N_("actual +"), N_("actual −"), NULL };
    const char *xl[] = { _(xcats[0]), _(xcats[1]), NULL };
    const char *yl[] = { _(ycats[0]), _(ycats[1]), NULL };
    /* row 0 (bottom) = actual +: FN, TP; row 1 (top) = actual −: TN, FP; shaded by row rate */
    double rates[4] = { op.fn / P, op.tp / P, op.tn / N, op.fp / N };
    double counts[4] = { op.fn, op.tp, op.tn, op.fp };
    const char *names[4] = { "FN", "TP", "TN", "FP" };

    lab_axes_set_xcategories (conf, xl);
    lab_axes_set_ycategories (conf, yl);
    lab_axes_set_xlim (conf, -0.5, 1.5);
    lab_axes_set_ylim (conf, -0.5, 1.5);
    lab_layer_set_dynamic (lab_axes_add_heatmap (conf, rates, 2, 2, -0.5, 1.5, -0.5, 1.5, LAB_COLORMAP_BLUES, 0, 1,
                                                 _("rate within the actual class")), TRUE);
    for (guint c = 0; c < 4; c++)
      {
        LabStyle ts = lab_style_default (0);
        g_autofree char *markup = g_strdup_printf ("<b>%s</b>\n%.0f\n<small>%.1f %%</small>",
                                                   names[c], counts[c], 100 * rates[c]);

        {
          LabRGBA tc = lab_colormap_text_color (LAB_COLORMAP_BLUES, rates[c]);

          ts.color = lab_color_rgba (tc.r, tc.g, tc.b, 1);
        }
        lab_layer_set_dynamic (lab_axes_add_text (conf, c % 2, c / 2, markup, LAB_ANCHOR_CENTER, FALSE, &ts), TRUE);
      }
  }

  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
roc_metrics (const LabResult *result,
             LabParams       *params,
             LabMetrics      *out)
{
  const RocResult *self = (const RocResult *) result;
  const RocModel *m0 = &self->models[0];
  double P = (double) m0->curve->n_positive, N = (double) m0->curve->n_negative;
  Operating op = operating_point (m0, params);
  double tpr = op.tp / P, fpr = op.fp / N, tnr = op.tn / N;
  double precision = ratio (op.tp, op.tp + op.fp);
  double mcc_den = sqrt ((op.tp + op.fp) * (op.tp + op.fn) * (op.tn + op.fp) * (op.tn + op.fn));

  lab_metrics_add_double (out, "auc", _("AUC"), m0->auc);
  lab_metrics_add_double (out, "auc_ci_low", _("AUC 95 % CI low (DeLong)"), m0->delong.ci_low);
  lab_metrics_add_double (out, "auc_ci_high", _("AUC 95 % CI high (DeLong)"), m0->delong.ci_high);
  lab_metrics_add_double (out, "average_precision", _("Average precision"), m0->ap);
  lab_metrics_add_int (out, "n_positive", _("Positives"), (gint64) P);
  lab_metrics_add_int (out, "n_negative", _("Negatives"), (gint64) N);
  lab_metrics_add_double (out, "threshold", _("Threshold"), op.threshold);
  lab_metrics_add_int (out, "tp", _("True positives"), (gint64) op.tp);
  lab_metrics_add_int (out, "fp", _("False positives"), (gint64) op.fp);
  lab_metrics_add_int (out, "tn", _("True negatives"), (gint64) op.tn);
  lab_metrics_add_int (out, "fn", _("False negatives"), (gint64) op.fn);
  lab_metrics_add_double (out, "tpr", NULL, tpr);
  lab_metrics_add_double (out, "recall", _("Recall (sensitivity, TPR)"), tpr);
  lab_metrics_add_double (out, "fpr", _("False positive rate"), fpr);
  lab_metrics_add_double (out, "specificity", _("Specificity"), tnr);
  lab_metrics_add_double (out, "precision", _("Precision"), precision);
  lab_metrics_add_double (out, "f1", _("F₁"), f1_of (op.tp, op.fp, op.fn));
  lab_metrics_add_double (out, "accuracy", _("Accuracy"), (op.tp + op.tn) / (P + N));
  lab_metrics_add_double (out, "balanced_accuracy", _("Balanced accuracy"), (tpr + tnr) / 2);
  lab_metrics_add_double (out, "mcc", _("Matthews correlation"),
                          mcc_den > 0 ? (op.tp * op.tn - op.fp * op.fn) / mcc_den : NAN);
  lab_metrics_add_double (out, "youden_j", _("Youden's J"), tpr - fpr);
  lab_metrics_add_double (out, "prevalence", NULL, P / (P + N));

  if (self->n_models > 1)
    {
      lab_metrics_add_double (out, "delong_p", _("DeLong p (first two models)"), self->delong_p);
      lab_metrics_begin_array (out, "models");
      for (guint i = 0; i < self->n_models; i++)
        {
          lab_metrics_begin_object (out, NULL);
          lab_metrics_add_string (out, "name", NULL, self->models[i].name);
          lab_metrics_add_double (out, "auc", NULL, self->models[i].auc);
          lab_metrics_add_double (out, "auc_ci_low", NULL, self->models[i].delong.ci_low);
          lab_metrics_add_double (out, "auc_ci_high", NULL, self->models[i].delong.ci_high);
          lab_metrics_add_double (out, "average_precision", NULL, self->models[i].ap);
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
    }
}

/* ------------------------------------------------------------------ */
/* interaction */

static gsize
nearest_kept (const RocModel *m,
              GArray         *keep,
              gboolean        pr,
              double          x,
              double          y)
{
  const LabRocCurve *c = m->curve;
  double best_d = INFINITY;
  gsize best = 0;

  for (guint j = 0; j < keep->len; j++)
    {
      gsize k = g_array_index (keep, gsize, j);
      double px, py, d;

      if (pr)
        px = c->tp[k] / (double) c->n_positive, py = c->tp[k] / (c->tp[k] + c->fp[k]);
      else
        px = c->fp[k] / (double) c->n_negative, py = c->tp[k] / (double) c->n_positive;
      d = (px - x) * (px - x) + (py - y) * (py - y);
      if (d < best_d)
        best_d = d, best = k;
    }
  return best;
}

static gboolean
roc_click (const LabResult *result,
           LabParams       *params,
           int              axes_tag,
           double           x,
           double           y)
{
  const RocResult *self = (const RocResult *) result;
  const RocModel *m0 = &self->models[0];
  double threshold;

  switch (axes_tag)
    {
    case TAG_ROC:
      threshold = m0->curve->thresholds[nearest_kept (m0, m0->roc_keep, FALSE, x, y)];
      break;
    case TAG_PR:
      threshold = m0->curve->thresholds[nearest_kept (m0, m0->pr_keep, TRUE, x, y)];
      break;
    case TAG_DIST:
      threshold = x;
      break;
    default:
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (params));
  lab_params_set_enum (params, "goal", LAB_ROC_GOAL_MANUAL);
  lab_params_set_double (params, "threshold", threshold);
  g_object_thaw_notify (G_OBJECT (params));
  return TRUE;
}

static gboolean
roc_suggest_range (const LabResult *result,
                   GParamSpec      *pspec,
                   double          *lo,
                   double          *hi)
{
  const RocResult *self = (const RocResult *) result;

  if (!g_str_equal (pspec->name, "threshold"))
    return FALSE;
  *lo = self->hist_lo;
  *hi = self->hist_hi;
  return TRUE;
}

static const LabPreset roc_presets[] = {
  { N_("Balanced, good model"), "separation=2 positive-fraction=0.5 n=2000 threshold=1" },
  { N_("Rare positives"), "separation=2 positive-fraction=0.01 n=50000 threshold=1" },
  { N_("Threshold at 90 % recall"), "separation=1.5 positive-fraction=0.3 goal=recall target-recall=0.9" },
  { N_("Two models compared"), "separation=1.5 compare=true separation-b=1 n=2000" },
};

const LabTopic lab_topic_roc = {
  .id = "roc",
  .title = N_("ROC & precision–recall"),
  .chapter = LAB_CHAPTER_BASICS,
  .sections = "§1.2, §1.23",
  .summary = N_("One threshold drives the ROC curve, the precision–recall curve, the score distributions and the confusion matrix."),
  .explanation = N_(
    "A classifier gives each sample a <b>score</b>; it predicts <i>positive</i> when "
    "score ≥ <i>t</i>. Each threshold yields a confusion matrix (TP, FP, TN, FN), and:\n"
    "• precision = TP / (TP + FP)   • recall = TPR = TP / (TP + FN)\n"
    "• FPR = FP / (FP + TN)   • specificity = TN / (TN + FP) = 1 − FPR\n"
    "• F₁ = 2·precision·recall / (precision + recall)\n\n"
    "The <b>ROC curve</b> traces (FPR, TPR) as <i>t</i> falls from +∞; its area, the "
    "<b>AUC</b>, equals the probability that a random positive scores above a random "
    "negative, ties counting ½. It ignores class balance.\n\n"
    "The <b>precision–recall curve</b> does not: with rare positives a few false "
    "positives swamp the true ones, so precision collapses while the ROC barely moves — "
    "lower <i>Positive fraction</i> and watch. The no-skill line sits at the prevalence, "
    "not at 0.5. <b>Average precision</b> is the step sum Σ (Rₖ − Rₖ₋₁)·Pₖ, not a "
    "trapezoid (which would be optimistic).\n\n"
    "Choose <i>t</i> for a purpose: a required recall (the notes’ “90 % sensitivity”), "
    "the best F₁ or Youden’s J = TPR − FPR, or the least expected cost — the "
    "iso-cost line on the ROC has slope (c<sub>FP</sub>·N)/(c<sub>FN</sub>·P). Click "
    "a curve or the histogram to move the threshold there.\n\n"
    "The 95 % interval of the AUC is DeLong’s; with two models the test of equal AUC "
    "accounts for their scores being paired."),
  .params_get_type = lab_roc_params_get_type,
  .compute = roc_compute,
  .build = roc_build,
  .metrics = roc_metrics,
  .click = roc_click,
  .suggest_range = roc_suggest_range,
  .presets = roc_presets,
  .n_presets = G_N_ELEMENTS (roc_presets),
};
