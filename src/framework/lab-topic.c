/* lab-topic.c — the parts of the topic contract every topic shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-topic.h"

const char *
lab_chapter_get_title (LabChapter chapter)
{
  switch (chapter)
    {
    case LAB_CHAPTER_BASICS: return _("ML basics");
    case LAB_CHAPTER_TRAINING: return _("Neural-network training");
    case LAB_CHAPTER_TRANSFORMERS: return _("Transformers");
    case LAB_CHAPTER_EXTENDED: return _("Extended basics");
    case LAB_N_CHAPTERS:
    default:
      g_return_val_if_reached ("");
    }
}

void
lab_progress_set (LabProgress *progress,
                  double       fraction)
{
  if (progress != NULL)
    g_atomic_int_set (&progress->permille, (int) (CLAMP (fraction, 0.0, 1.0) * 1000.0));
}

double
lab_progress_get (LabProgress *progress)
{
  return progress ? g_atomic_int_get (&progress->permille) / 1000.0 : 0.0;
}

void
lab_progress_publish (LabProgress *progress,
                      LabResult   *partial)
{
  LabResult *old;

  if (progress == NULL || partial == NULL)
    return;
  old = g_atomic_pointer_exchange (&progress->partial, lab_result_ref (partial));
  if (old != NULL)
    lab_result_unref (old);
}

LabResult *
lab_progress_take_partial (LabProgress *progress)
{
  return progress != NULL ? g_atomic_pointer_exchange (&progress->partial, NULL) : NULL;
}

void
lab_progress_clear (LabProgress *progress)
{
  LabResult *old = lab_progress_take_partial (progress);

  if (old != NULL)
    lab_result_unref (old);
}

gpointer
lab_result_alloc (gsize   size,
                  void  (*finalize) (LabResult *))
{
  LabResult *result;

  g_return_val_if_fail (size >= sizeof (LabResult), NULL);

  result = g_malloc0 (size);
  g_atomic_ref_count_init (&result->ref_count);
  result->finalize = finalize;
  return result;
}

/* A result's count changes on every thread (workers, the export thread, the main thread), and
 * its last reference may go on any of them. The count is kept with GLib's atomic macros, which
 * compile to the compiler's own atomics here, rather than g_atomic_ref_count_inc/dec: those are
 * calls into Debian's GLib, which is not built for ThreadSanitizer, so TSan saw no order between
 * one thread's last read of a result and another's free (the runner's steps-stress test, about
 * one run in two). Same counting: the count starts at 1 (g_atomic_ref_count_init). */
LabResult *
lab_result_ref (LabResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_atomic_int_inc (&result->ref_count);
  return result;
}

void
lab_result_unref (LabResult *result)
{
  if (result == NULL)
    return;
  if (g_atomic_int_dec_and_test (&result->ref_count))
    {
      if (result->finalize)
        result->finalize (result);
      g_free (result);
    }
}

LabParams *
lab_topic_new_params (const LabTopic *topic)
{
  return g_object_new (topic->params_get_type (), NULL);
}

/* The explanation resource holds <explanation> with <p> children and nothing else; each
 * <p>'s content is Pango markup taken verbatim (it is the msgid xgettext extracts with
 * po/its/ml-lab-explanation.its), so it can be looked up in the catalogue as it stands. */
char *
lab_topic_dup_explanation (const LabTopic  *topic,
                           GError         **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  const char *p, *end;
  gsize size;

  g_return_val_if_fail (topic != NULL, NULL);

  path = g_strdup_printf ("/io/github/mllab/MLLab/topics/%s/explanation.xml", topic->id);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s: %s", path, local_error->message);
      return NULL;
    }
  p = g_bytes_get_data (bytes, &size);
  end = p + size;
  if ((p = g_strstr_len (p, end - p, "<explanation>")) == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s: no <explanation> element", path);
      return NULL;
    }
  p += strlen ("<explanation>");
  for (;;)
    {
      const char *close;
      g_autofree char *msgid = NULL;

      while (p < end && g_ascii_isspace (*p))
        p++;
      if (end - p >= 14 && strncmp (p, "</explanation>", 14) == 0)
        break;
      if (end - p < 3 || strncmp (p, "<p>", 3) != 0)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s: expected <p> or </explanation> at byte %"
                       G_GSIZE_FORMAT, path, (gsize) (p - (const char *) g_bytes_get_data (bytes, NULL)));
          return NULL;
        }
      p += 3;
      if ((close = g_strstr_len (p, end - p, "</p>")) == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s: a <p> is not closed", path);
          return NULL;
        }
      msgid = g_strndup (p, close - p);
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, g_dgettext (GETTEXT_PACKAGE, msgid));
      p = close + 4;
    }
  if (text->len == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s: no paragraph", path);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

LabResult *
lab_topic_compute (const LabTopic  *topic,
                   LabParams       *params,
                   LabDataset      *data,
                   LabProgress     *progress,
                   GCancellable    *cancellable,
                   GError         **error)
{
  LabResult *result;

  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (LAB_IS_PARAMS (params), NULL);

  result = topic->compute (params, data, progress, cancellable, error);
  g_return_val_if_fail (result != NULL || error == NULL || *error != NULL, NULL);
  return result;
}

gboolean
lab_topic_probe_dataset (const LabTopic *topic,
                         LabDataset     *data,
                         GCancellable   *cancellable)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = NULL;
  GParamSpec **pspecs;
  gboolean reads_columns = FALSE;
  guint n;

  g_return_val_if_fail (topic != NULL && data != NULL, FALSE);

  params = lab_topic_new_params (topic);
  pspecs = lab_params_list (params, &n);
  for (guint i = 0; i < n; i++)
    reads_columns = reads_columns || (lab_param_get_flags (pspecs[i]) & (LAB_PARAM_COLUMN | LAB_PARAM_COLUMNS)) != 0;
  if (!reads_columns)
    return FALSE;
  if (lab_params_find (params, "source") != NULL
      && !lab_params_set_from_string (params, "source", "data", NULL))
    return FALSE;
  lab_topic_reset_columns (topic, params, data);
  result = topic->compute (params, data, NULL, cancellable, NULL);
  return result != NULL;
}

LabFigure *
lab_topic_build_figure (const LabTopic  *topic,
                        const LabResult *result,
                        LabParams       *params,
                        LabDataset      *data)
{
  LabFigure *figure;
  GParamSpec **pspecs;
  guint n;

  g_return_val_if_fail (result != NULL, NULL);

  figure = topic->build (result, params);
  lab_figure_set_metadata (figure, "topic", topic->id);
  lab_figure_set_metadata (figure, "ml-lab-version", PACKAGE_VERSION);
  pspecs = lab_params_list (params, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strconcat ("param:", pspecs[i]->name, NULL);
      g_autofree char *value = lab_params_dup_string (params, pspecs[i]);

      lab_figure_set_metadata (figure, key, value);
      if (lab_param_get_flags (pspecs[i]) & LAB_PARAM_SEED)
        lab_figure_set_metadata (figure, "seed", value);
    }
  if (data != NULL)
    {
      lab_figure_set_metadata (figure, "dataset", lab_dataset_get_name (data));
      lab_figure_set_metadata (figure, "dataset-sha256", lab_dataset_get_sha256 (data));
    }
  return figure;
}

LabMetrics *
lab_topic_get_metrics (const LabTopic  *topic,
                       const LabResult *result,
                       LabParams       *params)
{
  LabMetrics *metrics = lab_metrics_new ();

  topic->metrics (result, params, metrics);
  return metrics;
}

gboolean
lab_topic_apply_preset (const LabTopic  *topic,
                        LabParams       *params,
                        guint            index,
                        GError         **error)
{
  g_autoptr(LabParams) scratch = NULL;

  g_return_val_if_fail (index < topic->n_presets, FALSE);

  /* a preset starts from the defaults, but keeps the data columns the user chose */
  scratch = lab_params_copy (params);
  {
    guint n;
    GParamSpec **pspecs = lab_params_list (scratch, &n);

    for (guint i = 0; i < n; i++)
      {
        g_auto(GValue) def = G_VALUE_INIT;

        if (lab_param_get_group (pspecs[i]) == LAB_GROUP_DATA
            && (lab_param_get_flags (pspecs[i]) & (LAB_PARAM_COLUMN | LAB_PARAM_COLUMNS)))
          continue;
        g_value_init (&def, pspecs[i]->value_type);
        g_param_value_set_default (pspecs[i], &def);
        g_object_set_property (G_OBJECT (scratch), pspecs[i]->name, &def);
      }
  }
  if (!lab_params_apply_assignments (scratch, topic->presets[index].assignments, error))
    return FALSE;
  lab_params_assign (params, scratch);
  return TRUE;
}

static gboolean
is_binary_column (LabDataset *data,
                  guint       col)
{
  const double *x = lab_dataset_get_numbers (data, col);
  gsize n = lab_dataset_get_n_rows (data);

  if (x == NULL)
    {
      guint n_levels;

      lab_dataset_get_levels (data, col, &n_levels);
      return n_levels == 2;
    }
  for (gsize i = 0; i < n; i++)
    if (x[i] != 0.0 && x[i] != 1.0)
      return FALSE;
  return n > 0;
}

static gboolean
names_column (LabDataset *data,
              const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);

  if (parts[0] == NULL)
    return FALSE;
  for (guint i = 0; parts[i]; i++)
    if (lab_dataset_find_column (data, g_strstrip (parts[i])) < 0)
      return FALSE;
  return TRUE;
}

/* A column of row numbers or keys, never a good guess for a value: named so
 * ("id", "user_id", "index", pandas' "Unnamed: 0"). */
static gboolean
is_id_like (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_equal (lower, "id") || g_str_equal (lower, "index") || g_str_equal (lower, "row")
         || g_str_equal (lower, "") || g_str_has_suffix (lower, "_id") || g_str_has_suffix (lower, " id")
         || g_str_has_prefix (lower, "unnamed:");
}

/* Names a model's output ("score", "prob_malignant", "y_pred", "logit"): the first pick for a score. */
static gboolean
is_score_like (const char *name)
{
  static const char *words[] = { "score", "prob", "pred", "logit", "margin", "confidence", "output", NULL };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint k = 0; words[k]; k++)
    if (strstr (lower, words[k]) != NULL)
      return TRUE;
  return FALSE;
}

/* The positive class among a two-valued text label's levels, when one says so
 * (yes/no, true/false, positive/negative, pos/neg, y/n, t/f); NULL otherwise. */
static const char *
guess_positive_level (LabDataset *data,
                      guint       col)
{
  static const char *positives[] = { "yes", "true", "positive", "pos", "y", "t", NULL };
  guint n_levels = 0;

  if (lab_dataset_get_levels (data, col, &n_levels) == NULL || n_levels != 2)
    return NULL;
  for (guint l = 0; l < n_levels; l++)
    {
      const char *level = lab_dataset_get_level_name (data, col, l);
      g_autofree char *lower = g_ascii_strdown (level, -1);

      if (g_strv_contains (positives, g_strstrip (lower)))
        return level;
    }
  return NULL;
}

static void
guess_columns (LabParams  *params,
               LabDataset *data,
               gboolean    force)
{
  static const char *label_names[] = { "label", "target", "y", "class", "outcome", "truth", NULL };
  guint n_cols = lab_dataset_get_n_columns (data);
  g_autofree gboolean *used = g_new0 (gboolean, MAX (n_cols, 1));
  GParamSpec **pspecs;
  guint n;
  int label_col = -1;

  pspecs = lab_params_list (params, &n);

  /* the label first: a 0/1 (or two-valued) column, preferring the usual names */
  for (guint c = 0; c < n_cols && label_col < 0; c++)
    {
      g_autofree char *lower = g_ascii_strdown (lab_dataset_get_column_name (data, c), -1);

      if (g_strv_contains (label_names, lower) && is_binary_column (data, c))
        label_col = (int) c;
    }
  for (guint c = 0; c < n_cols && label_col < 0; c++)
    if (lab_dataset_get_column_type (data, c) == LAB_COLUMN_INTEGER && is_binary_column (data, c))
      label_col = (int) c;
  for (guint c = 0; c < n_cols && label_col < 0; c++)
    if (lab_dataset_get_column_type (data, c) == LAB_COLUMN_TEXT && guess_positive_level (data, c) != NULL)
      label_col = (int) c;   /* yes/no, true/false… */

  for (guint i = 0; i < n; i++)
    {
      LabParamFlags flags = lab_param_get_flags (pspecs[i]);
      const char *value;

      if (!(flags & (LAB_PARAM_COLUMN | LAB_PARAM_COLUMNS)))
        continue;
      value = lab_params_get_string (params, pspecs[i]->name);
      if (!force && names_column (data, value))
        {
          g_auto(GStrv) parts = g_strsplit (value, ",", -1);

          for (guint k = 0; parts[k]; k++)
            used[lab_dataset_find_column (data, g_strstrip (parts[k]))] = TRUE;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      LabParamFlags flags = lab_param_get_flags (pspecs[i]);
      g_autoptr(GString) guess = g_string_new (NULL);

      if (!(flags & (LAB_PARAM_COLUMN | LAB_PARAM_COLUMNS))
          || (!force && names_column (data, lab_params_get_string (params, pspecs[i]->name))))
        continue;

      if (strstr (pspecs[i]->name, "label") != NULL && label_col >= 0 && !used[label_col])
        {
          g_string_append (guess, lab_dataset_get_column_name (data, (guint) label_col));
          used[label_col] = TRUE;
        }
      else
        /* pass 0: a name that says score; 1: any number but an id; 2: an id, if that is all there is */
        for (guint pass = 0; pass < 3 && guess->len == 0; pass++)
          for (guint c = 0; c < n_cols; c++)
            {
              const char *cname = lab_dataset_get_column_name (data, c);

              if (used[c] || (int) c == label_col || lab_dataset_get_column_type (data, c) == LAB_COLUMN_TEXT)
                continue;
              if ((pass == 0 && !is_score_like (cname)) || (pass == 1 && is_id_like (cname)))
                continue;
              g_string_append (guess, cname);
              used[c] = TRUE;
              break;   /* one column: a guess the user corrects, not a claim */
            }
      if (guess->len > 0)
        lab_params_set_from_string (params, pspecs[i]->name, guess->str, NULL);
    }

  /* yes/no labels: "yes" is the positive class, not the default "1" that is not among them */
  if (label_col >= 0)
    {
      GParamSpec *positive = lab_params_find (params, "positive-label");
      const char *level = guess_positive_level (data, (guint) label_col);

      if (positive != NULL && G_IS_PARAM_SPEC_STRING (positive) && level != NULL)
        {
          guint n_levels = 0;
          const char *now = lab_params_get_string (params, "positive-label");
          gboolean valid = FALSE;

          lab_dataset_get_levels (data, (guint) label_col, &n_levels);
          for (guint l = 0; l < n_levels; l++)
            valid = valid || g_strcmp0 (lab_dataset_get_level_name (data, (guint) label_col, l), now) == 0;
          if (force || !valid)
            lab_params_set_from_string (params, "positive-label", level, NULL);
        }
    }
}

void
lab_topic_guess_columns (const LabTopic *topic,
                         LabParams      *params,
                         LabDataset     *data)
{
  guess_columns (params, data, FALSE);
}

void
lab_topic_reset_columns (const LabTopic *topic,
                         LabParams      *params,
                         LabDataset     *data)
{
  g_object_freeze_notify (G_OBJECT (params));
  guess_columns (params, data, TRUE);
  g_object_thaw_notify (G_OBJECT (params));
}

int
lab_topic_find_column (LabDataset  *data,
                       const char  *param,
                       const char  *name,
                       GError     **error)
{
  int col = lab_dataset_find_column (data, name);

  if (col < 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint c = 0; c < lab_dataset_get_n_columns (data); c++)
        g_string_append_printf (names, "%s%s", c ? ", " : "", lab_dataset_get_column_name (data, c));
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("%s: no column “%s” for %s (columns: %s)"),
                   lab_dataset_get_name (data), name, param, names->str);
    }
  return col;
}
