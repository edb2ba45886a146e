/* lab-columns.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-columns.h"
#include "lab-csv.h"
#include "lab-error.h"
#include "lab-topic.h"

void
lab_columns_set_text_error (LabDataset  *data,
                            guint        col,
                            const char  *what,
                            GError     **error)
{
  gsize n = lab_dataset_get_n_rows (data), row;
  guint n_levels;
  const guint32 *levels = lab_dataset_get_levels (data, col, &n_levels);
  char decimal = lab_dataset_get_decimal (data);
  g_autofree char *text = NULL;

  /* the first cell that does not read as a number */
  for (row = 0; levels != NULL && row < n; row++)
    {
      double dummy;

      if (levels[row] == G_MAXUINT32)
        continue;
      g_free (text);
      text = lab_dataset_dup_cell_text (data, row, col);
      if (!lab_csv_parse_double (text, strlen (text), decimal, &dummy))
        break;
    }
  if (levels == NULL || row == n)
    row = 0;
  g_free (text);
  text = lab_dataset_dup_cell_text (data, row, col);
  lab_dataset_set_cell_error (data, row, col, error, _("%s “%s” must hold numbers, found “%s”"),
                              what, lab_dataset_get_column_name (data, col), text);
}

/* Whether every row @keep marks (all when NULL) of column @col holds a finite number;
 * else FALSE with the error at the first cell at fault. */
static gboolean
check_finite (LabDataset    *data,
              guint          col,
              const guint8  *keep,
              const char    *what,
              GError       **error)
{
  const double *v = lab_dataset_get_numbers (data, col);
  gsize n = lab_dataset_get_n_rows (data);

  if (v == NULL)
    {
      lab_columns_set_text_error (data, col, what, error);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if ((keep == NULL || keep[i]) && !isfinite (v[i]))
      {
        g_autofree char *text = lab_dataset_dup_cell_text (data, i, col);

        if (isnan (v[i]))
          lab_dataset_set_cell_error (data, i, col, error, _("missing value in %s “%s” (“%s”)"),
                                      what, lab_dataset_get_column_name (data, col), text);
        else
          lab_dataset_set_cell_error (data, i, col, error, _("value “%s” of %s is not finite"), text, what);
        return FALSE;
      }
  return TRUE;
}

const double *
lab_columns_get_finite (LabDataset  *data,
                        guint        col,
                        const char  *what,
                        GError     **error)
{
  if (!check_finite (data, col, NULL, what, error))
    return NULL;
  return lab_dataset_get_numbers (data, col);
}

guint8 *
lab_columns_complete_rows (LabDataset   *data,
                           const guint  *cols,
                           guint         n_cols,
                           gsize        *n_skipped)
{
  gsize n = lab_dataset_get_n_rows (data), skipped = 0;
  guint8 *keep = g_new (guint8, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      keep[i] = TRUE;
      for (guint k = 0; k < n_cols && keep[i]; k++)
        keep[i] = !lab_dataset_is_missing (data, cols[k], i);
      skipped += !keep[i];
    }
  *n_skipped = skipped;
  return keep;
}

double *
lab_columns_dup_finite (LabDataset    *data,
                        guint          col,
                        const guint8  *keep,
                        const char    *what,
                        GError       **error)
{
  const double *v;
  gsize n = lab_dataset_get_n_rows (data), k = 0;
  double *out;

  if (!check_finite (data, col, keep, what, error))
    return NULL;
  v = lab_dataset_get_numbers (data, col);
  out = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (keep == NULL || keep[i])
      out[k++] = v[i];
  return out;
}

guint8 *
lab_columns_get_binary_labels (LabDataset  *data,
                               guint        col,
                               const char  *positive,
                               GError     **error)
{
  return lab_columns_get_binary_labels_kept (data, col, positive, NULL, error);
}

guint8 *
lab_columns_get_binary_labels_kept (LabDataset    *data,
                                    guint          col,
                                    const char    *positive,
                                    const guint8  *keep,
                                    GError       **error)
{
  gsize n = lab_dataset_get_n_rows (data), k = 0;
  g_autofree guint8 *labels = g_new (guint8, MAX (n, 1));
  const guint8 *small = lab_dataset_get_small_integers (data, col);

  if (small != NULL)
    {
      /* whole numbers 0 to 255, none missing, kept as bytes: the rules below for an integer
       * column, without making its doubles (8 bytes a row: 76 MiB at 10M rows) */
      char *end = NULL;
      double p = positive != NULL ? g_ascii_strtod (positive, &end) : NAN;
      gboolean one_vs_rest = FALSE;

      if (end != NULL && end != positive && *end == '\0' && isfinite (p))
        for (gsize i = 0; i < n; i++)
          one_vs_rest |= small[i] == p && (keep == NULL || keep[i]);
      for (gsize i = 0; i < n; i++)
        {
          if (keep != NULL && !keep[i])
            continue;
          if (one_vs_rest)
            labels[k++] = small[i] == p;
          else if (small[i] > 1)
            {
              g_autofree char *text = lab_dataset_dup_cell_text (data, i, col);

              lab_dataset_set_cell_error (data, i, col, error, _("label “%s” is not 0 or 1 (set positive-label to the value of the positive class)"), text);
              return NULL;
            }
          else
            labels[k++] = small[i];
        }
    }
  else if (lab_dataset_get_column_type (data, col) == LAB_COLUMN_TEXT)
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
          if (keep != NULL && !keep[i])
            continue;
          if (levels[i] == G_MAXUINT32)
            {
              lab_dataset_set_cell_error (data, i, col, error, _("missing label"));
              return NULL;
            }
          labels[k++] = levels[i] == pos_level;
        }
    }
  else
    {
      const double *x = lab_dataset_get_numbers (data, col);
      char *end = NULL;
      double p = positive != NULL ? g_ascii_strtod (positive, &end) : NAN;
      gboolean one_vs_rest = FALSE;

      /* a number label with positive-label naming one of its values (0/1/2 and
       * positive-label=2): that value against the rest; else the values must be 0 and 1 */
      if (end != NULL && end != positive && *end == '\0' && isfinite (p))
        {
          /* an integer column holds only whole numbers (and missing cells): no need to look */
          gboolean integers = lab_dataset_get_column_type (data, col) == LAB_COLUMN_INTEGER;

          if (integers)
            {
              for (gsize i = 0; i < n; i++)
                one_vs_rest |= x[i] == p && (keep == NULL || keep[i]);
            }
          else
            {
              integers = TRUE;
              for (gsize i = 0; i < n; i++)
                if (keep == NULL || keep[i])
                  {
                    one_vs_rest |= x[i] == p;
                    integers &= isnan (x[i]) || x[i] == nearbyint (x[i]);
                  }
            }
          one_vs_rest &= integers;
        }
      for (gsize i = 0; i < n; i++)
        {
          if (keep != NULL && !keep[i])
            continue;
          if (isnan (x[i]))
            {
              lab_dataset_set_cell_error (data, i, col, error, _("missing label"));
              return NULL;
            }
          if (one_vs_rest)
            {
              labels[k++] = x[i] == p;
              continue;
            }
          if (x[i] != 0.0 && x[i] != 1.0)
            {
              g_autofree char *text = lab_dataset_dup_cell_text (data, i, col);

              lab_dataset_set_cell_error (data, i, col, error, _("label “%s” is not 0 or 1 (set positive-label to the value of the positive class)"), text);
              return NULL;
            }
          labels[k++] = x[i] == 1.0;
        }
    }
  return g_steal_pointer (&labels);
}

static const char *
count_word (guint n)
{
  static const char *words[] = { "no", "one", "two", "three", "four", "five" };

  return n < G_N_ELEMENTS (words) ? words[n] : NULL;
}

LabPoints *
lab_columns_get_points (LabParams   *params,
                        LabDataset  *data,
                        guint        min_features,
                        guint        max_features,
                        GError     **error)
{
  const char *list = lab_params_get_string (params, "feature-columns");
  const char *label = lab_params_get_string (params, "label-column");
  g_auto(GStrv) names = g_strsplit (list != NULL ? list : "", ",", -1);
  g_autoptr(GPtrArray) features = g_ptr_array_new ();

  if (data == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
      return NULL;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] != '\0')
        g_ptr_array_add (features, names[i]);
    }
  if (features->len < min_features || features->len > max_features)
    {
      char num[16];
      const char *w = count_word (min_features);

      if (w == NULL)
        g_snprintf (num, sizeof num, "%u", min_features), w = num;
      if (min_features == max_features)
        g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                     _("feature-columns must name exactly %s columns (the plot's axes), not “%s”"), w, list);
      else
        g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                     _("feature-columns: name at least %s numeric columns, separated by commas; “%s” names %u"),
                     w, list, features->len);
      return NULL;
    }
  for (guint i = 0; i < features->len; i++)
    if (lab_topic_find_column (data, "feature-columns", features->pdata[i], error) < 0)
      return NULL;
  if (lab_topic_find_column (data, "label-column", label, error) < 0)
    return NULL;
  return lab_points_from_dataset (data, (const char * const *) features->pdata, features->len, label, error);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  /* strcmp on UTF-8 orders by code point, as numpy.unique orders str */
  return strcmp (*(char * const *) a, *(char * const *) b);
}

guint8 *
lab_columns_get_classes_kept (LabDataset    *data,
                              guint          col,
                              const guint8  *keep,
                              guint          max_classes,
                              guint         *n_classes,
                              char        ***names,
                              GError       **error)
{
  gsize n = lab_dataset_get_n_rows (data), k = 0;
  g_autofree guint8 *classes = g_new (guint8, MAX (n, 1));

  g_return_val_if_fail (max_classes >= 1 && max_classes <= 255, NULL);
  *n_classes = 0;
  *names = NULL;
  if (lab_dataset_get_column_type (data, col) == LAB_COLUMN_TEXT)
    {
      guint n_levels;
      const guint32 *levels = lab_dataset_get_levels (data, col, &n_levels);
      g_autofree guint8 *used = g_new0 (guint8, MAX (n_levels, 1));
      g_autofree guint *rank = g_new (guint, MAX (n_levels, 1));
      g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
      guint count = 0;

      for (gsize i = 0; i < n; i++)
        {
          if (keep != NULL && !keep[i])
            continue;
          if (levels[i] == G_MAXUINT32)
            {
              lab_dataset_set_cell_error (data, i, col, error, _("missing label"));
              return NULL;
            }
          if (!used[levels[i]])
            used[levels[i]] = 1, count++;
        }
      *n_classes = count;
      if (count > max_classes)
        return NULL;
      for (guint l = 0; l < n_levels; l++)
        if (used[l])
          g_ptr_array_add (sorted, (gpointer) lab_dataset_get_level_name (data, col, l));
      g_ptr_array_sort (sorted, compare_strings);
      for (guint l = 0; l < n_levels; l++)
        if (used[l])
          for (guint c = 0; c < sorted->len; c++)
            if (g_str_equal (g_ptr_array_index (sorted, c), lab_dataset_get_level_name (data, col, l)))
              rank[l] = c;
      for (gsize i = 0; i < n; i++)
        if (keep == NULL || keep[i])
          classes[k++] = (guint8) rank[levels[i]];
      *names = g_new0 (char *, sorted->len + 1);
      for (guint c = 0; c < sorted->len; c++)
        (*names)[c] = g_strdup (g_ptr_array_index (sorted, c));
    }
  else
    {
      const double *x = lab_dataset_get_numbers (data, col);
      double values[256];
      guint count = 0;

      for (gsize i = 0; i < n; i++)
        {
          gboolean seen = FALSE;

          if (keep != NULL && !keep[i])
            continue;
          if (isnan (x[i]))
            {
              lab_dataset_set_cell_error (data, i, col, error, _("missing label"));
              return NULL;
            }
          for (guint c = 0; c < count && !seen; c++)
            seen = values[c] == x[i];
          if (!seen)
            {
              if (count == max_classes)
                {
                  /* count them all for the message, without keeping them */
                  g_autoptr(GHashTable) set = g_hash_table_new (g_double_hash, g_double_equal);
                  g_autofree double *copy = g_new (double, n);

                  for (gsize j = 0; j < n; j++)
                    if ((keep == NULL || keep[j]) && !isnan (x[j]))
                      {
                        copy[j] = x[j];
                        g_hash_table_add (set, &copy[j]);
                      }
                  *n_classes = g_hash_table_size (set);
                  return NULL;
                }
              values[count++] = x[i];
            }
        }
      *n_classes = count;
      qsort (values, count, sizeof (double), compare_doubles);
      for (gsize i = 0; i < n; i++)
        if (keep == NULL || keep[i])
          {
            guint c = 0;

            while (values[c] != x[i])
              c++;
            classes[k++] = (guint8) c;
          }
      *names = g_new0 (char *, count + 1);
      for (guint c = 0; c < count; c++)
        (*names)[c] = g_strdup_printf ("%g", values[c]);
    }
  return g_steal_pointer (&classes);
}
