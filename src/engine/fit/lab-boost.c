/* lab-boost.c — gradient-boosted trees through XGBoost's C API
 *
 * Every round's predictions come from XGBoost itself: one call per round asks for
 * the margin of that round's trees alone (iteration_begin = r, iteration_end = r + 1),
 * which is the base margin plus the trees' outputs; the running sum over rounds
 * gives every intermediate model in O(rounds · points) instead of the
 * O(rounds² · points) of re-predicting each prefix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xgboost/c_api.h>

#include "lab-boost.h"
#include "lab-error.h"

struct _LabBoost
{
  BoosterHandle booster;
  DMatrixHandle train;
  guint         d;
  guint         n_classes;
  guint         rounds;
  double        base_margin;   /* the margin before any tree */
  GStrv         dumps;         /* the trees as text, dumped once on first use */
  guint         n_dumps;
};

static gboolean
xgb_check (int       status,
           GError  **error)
{
  if (status == 0)
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC, _("XGBoost: %s"), XGBGetLastError ());
  return FALSE;
}

static DMatrixHandle
matrix_new (const double *x,
            guint         n,
            guint         d,
            GError      **error)
{
  g_autofree float *xf = g_new (float, (gsize) n * d);
  DMatrixHandle m = NULL;

  for (gsize i = 0; i < (gsize) n * d; i++)
    xf[i] = (float) x[i];
  if (!xgb_check (XGDMatrixCreateFromMat (xf, n, d, NAN, &m), error))
    return NULL;
  return m;
}

static gboolean
set_param (BoosterHandle  b,
           const char    *name,
           const char    *value,
           GError       **error)
{
  return xgb_check (XGBoosterSetParam (b, name, value), error);
}

static gboolean
set_param_double (BoosterHandle  b,
                  const char    *name,
                  double         v,
                  GError       **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return set_param (b, name, g_ascii_dtostr (buf, sizeof buf, v), error);
}

static gboolean
set_param_uint (BoosterHandle  b,
                const char    *name,
                guint64        v,
                GError       **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, v);
  return set_param (b, name, buf, error);
}

/* The base margin: XGBoost 1.7 stores base_score as a probability-scale value and
 * turns it into a margin by the objective's ProbToMargin (logit for binary:logistic,
 * unchanged for multi:softprob). */
static gboolean
read_base_margin (LabBoost  *boost,
                  GError   **error)
{
  bst_ulong len = 0;
  const char *config = NULL;
  const char *p;
  double base;

  if (!xgb_check (XGBoosterSaveJsonConfig (boost->booster, &len, &config), error))
    return FALSE;
  p = g_strstr_len (config, (gssize) len, "\"base_score\":\"");
  if (p == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC, _("XGBoost: no base_score in the configuration"));
      return FALSE;
    }
  base = g_ascii_strtod (p + strlen ("\"base_score\":\""), NULL);
  base = (float) base;
  if (boost->n_classes == 2)
    boost->base_margin = (float) -log (1.0 / base - 1.0);
  else
    boost->base_margin = base;
  return TRUE;
}

LabBoost *
lab_boost_train (const double           *x,
                 guint                   n,
                 guint                   d,
                 const guint            *y,
                 guint                   n_classes,
                 const LabBoostOptions  *options,
                 void                  (*progress) (double fraction, gpointer data),
                 gpointer                progress_data,
                 GCancellable           *cancellable,
                 GError                **error)
{
  g_autoptr(LabBoost) boost = NULL;
  g_autofree float *labels = g_new (float, MAX (n, 1));
  BoosterHandle b;

  g_return_val_if_fail (n >= 1 && d >= 1 && n_classes >= 2 && options->rounds >= 1, NULL);

  boost = g_new0 (LabBoost, 1);
  boost->d = d;
  boost->n_classes = n_classes;
  boost->train = matrix_new (x, n, d, error);
  if (boost->train == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    labels[i] = (float) y[i];
  if (!xgb_check (XGDMatrixSetFloatInfo (boost->train, "label", labels, n), error))
    return NULL;
  if (!xgb_check (XGBoosterCreate (&boost->train, 1, &boost->booster), error))
    return NULL;
  b = boost->booster;
  if (!set_param (b, "verbosity", "0", error)
      || !set_param (b, "tree_method", "hist", error)
      || !set_param (b, "grow_policy", options->grow_policy == LAB_BOOST_LOSSGUIDE ? "lossguide" : "depthwise", error)
      || !set_param_uint (b, "max_depth", options->max_depth, error)
      || !set_param_uint (b, "max_leaves", options->max_leaves, error)
      || !set_param_double (b, "eta", options->learning_rate, error)
      || !set_param_double (b, "subsample", options->subsample, error)
      || !set_param_double (b, "lambda", options->reg_lambda, error)
      || !set_param_double (b, "min_child_weight", options->min_child_weight, error)
      || !set_param_uint (b, "seed", options->seed, error))
    return NULL;
  if (options->n_threads > 0 && !set_param_uint (b, "nthread", options->n_threads, error))
    return NULL;
  if (n_classes == 2)
    {
      if (!set_param (b, "objective", "binary:logistic", error)
          || !set_param (b, "eval_metric", "logloss", error))
        return NULL;
    }
  else if (!set_param (b, "objective", "multi:softprob", error)
           || !set_param_uint (b, "num_class", n_classes, error)
           || !set_param (b, "eval_metric", "mlogloss", error))
    return NULL;

  for (guint r = 0; r < options->rounds; r++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!xgb_check (XGBoosterUpdateOneIter (b, (int) r, boost->train), error))
        return NULL;
      boost->rounds++;
      if (progress)
        progress ((r + 1.0) / options->rounds, progress_data);
    }
  if (!read_base_margin (boost, error))
    return NULL;
  return g_steal_pointer (&boost);
}

void
lab_boost_free (LabBoost *boost)
{
  if (boost == NULL)
    return;
  if (boost->booster)
    XGBoosterFree (boost->booster);
  if (boost->train)
    XGDMatrixFree (boost->train);
  g_strfreev (boost->dumps);
  g_free (boost);
}

guint
lab_boost_get_rounds (LabBoost *boost)
{
  return boost->rounds;
}

guint
lab_boost_get_n_classes (LabBoost *boost)
{
  return boost->n_classes;
}

guint
lab_boost_get_n_trees (LabBoost *boost)
{
  return boost->rounds * (boost->n_classes == 2 ? 1 : boost->n_classes);
}

static gboolean
predict_range (LabBoost      *boost,
               DMatrixHandle  m,
               int            type,
               guint          begin,
               guint          end,
               const float  **out,
               GError       **error)
{
  char config[160];
  const bst_ulong *shape = NULL;
  bst_ulong dim = 0;

  g_snprintf (config, sizeof config,
              "{\"type\": %d, \"training\": false, \"iteration_begin\": %u, \"iteration_end\": %u, \"strict_shape\": false}",
              type, begin, end);
  return xgb_check (XGBoosterPredictFromDMatrix (boost->booster, m, config, &shape, &dim, out), error);
}

static void
margins_to_proba (const double *margin,
                  guint         k,
                  float        *proba)
{
  if (k == 2)
    {
      double p = 1.0 / (1.0 + exp (-margin[0]));

      proba[0] = (float) (1.0 - p);
      proba[1] = (float) p;
      return;
    }
  {
    double mx = margin[0], s = 0.0;

    for (guint c = 1; c < k; c++)
      mx = MAX (mx, margin[c]);
    for (guint c = 0; c < k; c++)
      s += exp (margin[c] - mx);
    for (guint c = 0; c < k; c++)
      proba[c] = (float) (exp (margin[c] - mx) / s);
  }
}

gboolean
lab_boost_predict_rounds (LabBoost      *boost,
                          const double  *x,
                          guint          m,
                          const guint   *keep,
                          guint          n_keep,
                          float         *proba,
                          const guint   *y,
                          double        *log_loss,
                          GError       **error)
{
  DMatrixHandle dm;
  guint k = boost->n_classes, km = k == 2 ? 1 : k, next = 0;
  g_autofree double *sum = g_new (double, (gsize) MAX (m, 1) * km);
  g_autofree float *p = g_new (float, MAX (k, 2));
  gboolean ok = TRUE;

  if (keep == NULL)
    n_keep = boost->rounds;
  if (m == 0)
    return TRUE;
  dm = matrix_new (x, m, boost->d, error);
  if (dm == NULL)
    return FALSE;
  for (gsize i = 0; i < (gsize) m * km; i++)
    sum[i] = boost->base_margin;
  for (guint r = 0; r < boost->rounds && ok; r++)
    {
      const float *out = NULL;
      gboolean store = proba != NULL && next < n_keep && (keep == NULL || keep[next] == r + 1);
      double loss = 0.0;

      ok = predict_range (boost, dm, 1, r, r + 1, &out, error);
      if (!ok)
        break;
      for (gsize i = 0; i < (gsize) m * km; i++)
        sum[i] += (double) out[i] - boost->base_margin;
      if (!store && y == NULL)
        continue;
      for (guint i = 0; i < m; i++)
        {
          float *dst = store ? proba + ((gsize) next * m + i) * k : p;

          margins_to_proba (sum + (gsize) i * km, k, dst);
          if (y != NULL)
            loss -= log (CLAMP ((double) dst[y[i]], 1e-16, 1.0 - 1e-16));
        }
      if (y != NULL && log_loss != NULL)
        log_loss[r] = loss / m;
      if (store)
        next++;
    }
  XGDMatrixFree (dm);
  return ok;
}

gboolean
lab_boost_predict (LabBoost      *boost,
                   const double  *x,
                   guint          m,
                   float         *proba,
                   GError       **error)
{
  DMatrixHandle dm;
  const float *out = NULL;
  guint k = boost->n_classes;
  gboolean ok;

  if (m == 0)
    return TRUE;
  dm = matrix_new (x, m, boost->d, error);
  if (dm == NULL)
    return FALSE;
  ok = predict_range (boost, dm, 0, 0, 0, &out, error);
  if (ok)
    for (guint i = 0; i < m; i++)
      {
        if (k == 2)
          {
            proba[(gsize) i * 2] = 1.0f - out[i];
            proba[(gsize) i * 2 + 1] = out[i];
          }
        else
          memcpy (proba + (gsize) i * k, out + (gsize) i * k, k * sizeof (float));
      }
  XGDMatrixFree (dm);
  return ok;
}

/* ---- the trees, from XGBoost's text dump with statistics:
 *   0:[f0<0.25] yes=1,no=2,missing=1,gain=12.5,cover=40
 *   \t1:leaf=0.3,cover=20                                   ---- */

typedef struct
{
  gint   id, yes, no, feature;
  double threshold, leaf, gain, cover;
  guint  depth;
} DumpNode;

LabBoostNode *
lab_boost_dup_tree (LabBoost *boost,
                    guint     tree,
                    guint    *n_nodes)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) parsed = g_array_new (FALSE, TRUE, sizeof (DumpNode));
  g_autofree gint *where = NULL;
  g_autofree guint *stack = NULL;
  LabBoostNode *out;
  gint max_id = 0;
  guint count = 0, top = 0;

  *n_nodes = 0;
  if (boost->dumps == NULL)
    {
      bst_ulong len = 0;
      const char **dumps = NULL;

      /* one dump of the whole model (XGBoost dumps every tree at each call) */
      if (XGBoosterDumpModelEx (boost->booster, "", 1, "text", &len, &dumps) != 0)
        return NULL;
      boost->dumps = g_new0 (char *, len + 1);
      for (bst_ulong t = 0; t < len; t++)
        boost->dumps[t] = g_strdup (dumps[t]);
      boost->n_dumps = (guint) len;
    }
  if (tree >= boost->n_dumps)
    return NULL;
  lines = g_strsplit (boost->dumps[tree], "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      const char *s = lines[l];
      DumpNode node = { .feature = -1, .yes = -1, .no = -1 };
      char *end;

      while (*s == '\t')
        {
          node.depth++;
          s++;
        }
      if (*s == '\0')
        continue;
      node.id = (gint) strtol (s, &end, 10);
      if (*end != ':')
        continue;
      s = end + 1;
      if (g_str_has_prefix (s, "leaf="))
        {
          const char *cv = strstr (s, "cover=");

          node.leaf = g_ascii_strtod (s + 5, NULL);
          node.cover = cv ? g_ascii_strtod (cv + 6, NULL) : 0.0;
        }
      else if (s[0] == '[' && s[1] == 'f')
        {
          const char *y = strstr (s, "yes="), *n = strstr (s, "no="), *g = strstr (s, "gain="), *cv = strstr (s, "cover=");

          node.feature = (gint) strtol (s + 2, &end, 10);
          node.threshold = *end == '<' ? g_ascii_strtod (end + 1, NULL) : 0.0;
          node.yes = y ? atoi (y + 4) : -1;
          node.no = n ? atoi (n + 3) : -1;
          node.gain = g ? g_ascii_strtod (g + 5, NULL) : 0.0;
          node.cover = cv ? g_ascii_strtod (cv + 6, NULL) : 0.0;
        }
      else
        continue;
      max_id = MAX (max_id, node.id);
      g_array_append_val (parsed, node);
    }
  if (parsed->len == 0)
    return NULL;

  /* XGBoost's ids → pre-order indices */
  where = g_new (gint, max_id + 1);
  for (gint i = 0; i <= max_id; i++)
    where[i] = -1;
  for (guint i = 0; i < parsed->len; i++)
    where[g_array_index (parsed, DumpNode, i).id] = (gint) i;
  out = g_new0 (LabBoostNode, parsed->len);
  stack = g_new (guint, parsed->len + 1);
  {
    g_autofree gint *index_of = g_new (gint, parsed->len);
    g_autofree gint *parent = g_new (gint, parsed->len);
    g_autofree guint8 *is_left = g_new0 (guint8, parsed->len);

    parent[0] = -1;
    stack[top++] = (guint) where[0];
    while (top > 0)
      {
        guint pi = stack[--top], oi = count++;
        const DumpNode *dn = &g_array_index (parsed, DumpNode, pi);

        index_of[pi] = (gint) oi;
        out[oi] = (LabBoostNode) { dn->feature, dn->threshold, -1, -1, dn->leaf, dn->gain, dn->cover, dn->depth };
        if (parent[pi] >= 0)
          {
            if (is_left[pi])
              out[parent[pi]].left = (gint) oi;
            else
              out[parent[pi]].right = (gint) oi;
          }
        if (dn->feature >= 0 && dn->yes >= 0 && dn->no >= 0 && dn->yes <= max_id && dn->no <= max_id
            && where[dn->yes] >= 0 && where[dn->no] >= 0 && top + 2 <= parsed->len)
          {
            guint l = (guint) where[dn->yes], r = (guint) where[dn->no];

            parent[l] = parent[r] = (gint) oi;
            is_left[l] = 1;
            is_left[r] = 0;
            stack[top++] = r;
            stack[top++] = l;
          }
        else
          out[oi].feature = -1;
      }
  }
  *n_nodes = count;
  return out;
}

double
lab_boost_log_loss (const float *proba,
                    const guint *y,
                    guint        n,
                    guint        n_classes)
{
  double s = 0.0;

  for (guint i = 0; i < n; i++)
    {
      double p = proba[(gsize) i * n_classes + y[i]];

      p = CLAMP (p, 1e-16, 1.0 - 1e-16);
      s -= log (p);
    }
  return n > 0 ? s / n : NAN;
}
