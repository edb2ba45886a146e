/* lab-csv-types.c — what a cell holds and what a column becomes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cell, its surrounding spaces and tabs aside, is missing (empty, NA, N/A,
 * #N/A, NULL, null, None, NaN, nan — never 0), a number (lab-csv-number.c) or
 * text. A column stays numeric while its cells are numbers or missing, and is
 * an integer column while every value is written without point or exponent
 * and lies within ±2^53. At its first text cell it becomes a text column:
 * level codes from then on, its earlier rows read again later (lab-csv-rows.c)
 * and its codes renumbered in order of first appearance. Also here: the
 * column names, from the header or made up.
 */
#include "config.h"

#include <string.h>

#include "lab-csv-private.h"

/* ---- what a cell holds ---- */

static gboolean
is_missing_spelling (const char *s,
                     gsize       len)
{
  switch (len)
    {
    case 0:
      return TRUE;
    case 2:
      return memcmp (s, "NA", 2) == 0;
    case 3:
      return memcmp (s, "N/A", 3) == 0 || memcmp (s, "NaN", 3) == 0 || memcmp (s, "nan", 3) == 0;
    case 4:
      return memcmp (s, "#N/A", 4) == 0 || memcmp (s, "NULL", 4) == 0
             || memcmp (s, "null", 4) == 0 || memcmp (s, "None", 4) == 0;
    default:
      return FALSE;
    }
}

LabCsvCell
_lab_csv_classify (const char *s,
                   gsize       len,
                   char        decimal,
                   double     *v,
                   gboolean   *is_integer)
{
  _lab_csv_trim_blanks (&s, &len);
  if (is_missing_spelling (s, len))
    return LAB_CSV_CELL_MISSING;
  if (_lab_csv_parse_number (s, len, decimal, v, is_integer))
    return LAB_CSV_CELL_NUMBER;
  return LAB_CSV_CELL_TEXT;
}

/* ---- columns ---- */

guint32
_lab_csv_column_intern (LabCsvColumn *col,
                        const char   *s,
                        gsize         len,
                        GString      *key)
{
  gpointer found;
  char *level;
  guint32 code;

  g_string_truncate (key, 0);
  g_string_append_len (key, s, (gssize) len);
  found = g_hash_table_lookup (col->index, key->str);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  /* at most one level per row, and rows are fewer than the bytes of a file */
  code = col->levels->len;
  level = g_strndup (s, len);
  g_ptr_array_add (col->levels, level);
  g_hash_table_insert (col->index, level, GUINT_TO_POINTER (code + 1));
  return code;
}

void
_lab_csv_column_make_text (LabCsvColumn *col,
                           gsize         capacity,
                           gsize         row)
{
  col->numeric = FALSE;
  col->integer = FALSE;
  col->fill_end = row;
  col->n_values = 0;
  col->n_missing = 0;
  if (col->borrowed)
    col->numbers = NULL;
  col->borrowed = FALSE;
  g_clear_pointer (&col->numbers, g_free);
  col->codes = g_new (guint32, capacity);
  col->levels = g_ptr_array_new_with_free_func (g_free);
  col->index = g_hash_table_new (g_str_hash, g_str_equal);
}

void
_lab_csv_column_store_text (LabCsvColumn *col,
                            gsize         row,
                            const char   *s,
                            gsize         len,
                            GString      *key)
{
  const char *t = s;
  gsize tlen = len;

  _lab_csv_trim_blanks (&t, &tlen);
  if (is_missing_spelling (t, tlen))
    {
      col->codes[row] = G_MAXUINT32;
      col->n_missing++;
    }
  else
    {
      col->codes[row] = _lab_csv_column_intern (col, s, len, key);
      col->n_values++;
    }
}

void
_lab_csv_column_renumber (LabCsvColumn *col,
                          gsize         n_rows)
{
  GPtrArray *levels;
  guint32 *map, next = 0;

  map = g_new (guint32, MAX (col->levels->len, 1));
  memset (map, 0xFF, sizeof (guint32) * col->levels->len);
  levels = g_ptr_array_new_full (col->levels->len, g_free);
  for (gsize r = 0; r < n_rows; r++)
    {
      guint32 code = col->codes[r];

      if (code == G_MAXUINT32)
        continue;
      if (map[code] == G_MAXUINT32)
        {
          map[code] = next++;
          g_ptr_array_add (levels, g_ptr_array_index (col->levels, code));
        }
      col->codes[r] = map[code];
    }
  g_assert (next == col->levels->len);
  g_ptr_array_set_free_func (col->levels, NULL);
  g_ptr_array_unref (col->levels);
  col->levels = levels;
  g_free (map);
}

void
_lab_csv_column_clear (LabCsvColumn *col)
{
  if (col->borrowed)
    col->numbers = NULL;
  col->borrowed = FALSE;
  g_clear_pointer (&col->numbers, g_free);
  g_clear_pointer (&col->codes, g_free);
  g_clear_pointer (&col->index, g_hash_table_unref);
  g_clear_pointer (&col->levels, g_ptr_array_unref);
}

/* ---- names ---- */

char **
_lab_csv_unique_names (GPtrArray *raw,
                       guint      n)
{
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  char **names = g_new0 (char *, n + 1);

  /* the names as written are reserved first, so that "x,x,x_2" gives x, x_3, x_2 */
  for (guint i = 0; i < n; i++)
    {
      const char *name = raw != NULL ? g_ptr_array_index (raw, i) : "";

      if (*name != '\0')
        g_hash_table_add (taken, (gpointer) name);
    }
  for (guint i = 0; i < n; i++)
    {
      const char *name = raw != NULL ? g_ptr_array_index (raw, i) : "";
      g_autofree char *base = NULL;

      if (*name != '\0' && !g_hash_table_contains (seen, name))
        {
          /* a name written for the first time keeps it */
          g_hash_table_add (seen, (gpointer) name);
          names[i] = g_strdup (name);
          continue;
        }
      base = *name != '\0' ? g_strdup (name) : g_strdup_printf ("column_%u", i + 1);
      if (!g_hash_table_contains (taken, base))
        names[i] = g_steal_pointer (&base);
      else
        for (guint k = 2; names[i] == NULL; k++)
          {
            char *candidate = g_strdup_printf ("%s_%u", base, k);

            if (!g_hash_table_contains (taken, candidate))
              names[i] = candidate;
            else
              g_free (candidate);
          }
      g_hash_table_add (taken, names[i]);
    }
  return names;
}

