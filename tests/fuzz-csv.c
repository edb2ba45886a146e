/* fuzz-csv.c — libFuzzer target for the CSV reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is read twice, by one thread and split in two parts, and both
 * must agree; then once more with detection on a sample cut short; then twice
 * (one thread, two) with options forced, chosen from the input's length
 * (delimiter, comment character, header). A dataset read is then checked against the cells' own text:
 * every cell re-read by lab_dataset_dup_cell_text() must classify (missing,
 * number, text) to what the columns hold, bit for bit. A failed read must
 * give a LAB_ERROR_DATA with a valid UTF-8 "fuzz.csv:LINE:COL: " message.
 * Short inputs are also parsed as one number and compared with g_ascii_strtod().
 *
 * Built as a fuzzer with clang only (see tests/meson.build); fuzz-replay.c
 * runs it over tests/fuzz/csv with any compiler.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-csv.h"
#include "lab-dataset-private.h"
#include "lab-error.h"
#include "lab-ratings.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
is_missing_text (const char *s)
{
  static const char *spellings[] = { "", "NA", "N/A", "#N/A", "NULL", "null", "None", "NaN", "nan", NULL };
  g_autofree char *t = g_strdup (s);
  char *b = t, *e;

  while (*b == ' ' || *b == '\t')
    b++;
  e = b + strlen (b);
  while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
    *--e = '\0';
  return g_strv_contains (spellings, b);
}

static gboolean
number_of_text (const char *s,
                char        decimal,
                double     *v)
{
  const char *b = s, *e = s + strlen (s);

  while (*b == ' ' || *b == '\t')
    b++;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  return lab_csv_parse_double (b, (gsize) (e - b), decimal, v);
}

static void
check_dataset (LabDataset *d)
{
  gsize n_rows = lab_dataset_get_n_rows (d);
  guint n_columns = lab_dataset_get_n_columns (d);
  char decimal = lab_dataset_get_decimal (d);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint last_line = 0;

  g_assert_cmpuint (n_columns, >=, 1);
  g_assert_true (decimal == '.' || decimal == ',');
  g_assert_true (lab_dataset_get_delimiter (d) != '\0');
  g_assert_true (lab_dataset_get_delimiter (d) != lab_dataset_get_comment (d));
  g_assert_cmpuint (strlen (lab_dataset_get_sha256 (d)), ==, 64);

  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = lab_dataset_get_column_name (d, c);

      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_false (g_hash_table_contains (names, name));
      g_hash_table_add (names, (gpointer) name);
      g_assert_cmpint (lab_dataset_find_column (d, name), ==, (int) c);
      if (lab_dataset_has_header (d))
        g_assert_cmpstr (name, !=, "");
    }

  for (guint c = 0; c < n_columns; c++)
    {
      LabColumnType type = lab_dataset_get_column_type (d, c);
      const double *numbers = lab_dataset_get_numbers (d, c);
      guint n_levels = 0;
      const guint32 *codes = lab_dataset_get_levels (d, c, &n_levels);
      gsize missing = 0;

      if (type == LAB_COLUMN_TEXT)
        {
          g_autoptr(GHashTable) levels = g_hash_table_new (g_str_hash, g_str_equal);

          g_assert_null (numbers);
          g_assert_nonnull (codes);
          for (guint l = 0; l < n_levels; l++)
            {
              const char *level = lab_dataset_get_level_name (d, c, l);

              g_assert_false (g_hash_table_contains (levels, level));
              g_hash_table_add (levels, (gpointer) level);
            }
        }
      else
        {
          g_assert_nonnull (numbers);
          g_assert_null (codes);
        }

      for (gsize r = 0; r < n_rows; r++)
        {
          g_autofree char *text = lab_dataset_dup_cell_text (d, r, c);
          gboolean is_missing = lab_dataset_is_missing (d, c, r);
          double v;

          g_assert_true (g_utf8_validate (text, -1, NULL));
          g_assert_cmpint (is_missing, ==, is_missing_text (text));
          missing += is_missing;
          if (type == LAB_COLUMN_TEXT)
            {
              if (is_missing)
                g_assert_cmpuint (codes[r], ==, G_MAXUINT32);
              else
                {
                  g_assert_cmpuint (codes[r], <, n_levels);
                  g_assert_cmpstr (lab_dataset_get_level_name (d, c, codes[r]), ==, text);
                }
            }
          else if (is_missing)
            g_assert_true (isnan (numbers[r]));
          else
            {
              g_assert_true (number_of_text (text, decimal, &v));
              g_assert_cmpmem (&v, sizeof v, &numbers[r], sizeof v);
              if (type == LAB_COLUMN_INTEGER)
                g_assert_true (v == floor (v) && fabs (v) <= 9007199254740992.0);
            }
        }
      g_assert_cmpuint (missing, ==, lab_dataset_get_column_missing (d, c));
    }

  /* places move forward through the file */
  for (gsize r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_columns; c++)
      {
        guint line = 0, col = 0;

        lab_dataset_locate (d, r, c, &line, &col);
        g_assert_cmpuint (line, >=, 1);
        g_assert_cmpuint (col, >=, 1);
        g_assert_cmpuint (line, >=, last_line);
        last_line = line;
      }

  if (n_rows > 0)
    {
      g_autoptr(GError) error = NULL;

      lab_dataset_set_cell_error (d, n_rows - 1, n_columns - 1, &error, "bad %s", "cell");
      g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.csv:"));
      g_assert_true (g_str_has_suffix (error->message, ": bad cell"));
    }
}

static void
assert_same (LabDataset *a,
             LabDataset *b)
{
  gsize n_rows = lab_dataset_get_n_rows (a);

  g_assert_cmpuint (n_rows, ==, lab_dataset_get_n_rows (b));
  g_assert_cmpuint (lab_dataset_get_n_columns (a), ==, lab_dataset_get_n_columns (b));
  g_assert_cmpint (lab_dataset_has_header (a), ==, lab_dataset_has_header (b));
  for (guint c = 0; c < lab_dataset_get_n_columns (a); c++)
    {
      guint na = 0, nb = 0;
      const guint32 *ca = lab_dataset_get_levels (a, c, &na), *cb = lab_dataset_get_levels (b, c, &nb);

      g_assert_cmpint (lab_dataset_get_column_type (a, c), ==, lab_dataset_get_column_type (b, c));
      g_assert_cmpuint (lab_dataset_get_column_missing (a, c), ==, lab_dataset_get_column_missing (b, c));
      if (ca != NULL)
        {
          g_assert_cmpuint (na, ==, nb);
          g_assert_cmpmem (ca, n_rows * sizeof (guint32), cb, n_rows * sizeof (guint32));
        }
      else
        g_assert_cmpmem (lab_dataset_get_numbers (a, c), n_rows * sizeof (double),
                         lab_dataset_get_numbers (b, c), n_rows * sizeof (double));
      for (gsize r = 0; r < n_rows; r++)
        {
          guint la, ka, lb, kb;

          lab_dataset_locate (a, r, c, &la, &ka);
          lab_dataset_locate (b, r, c, &lb, &kb);
          g_assert_cmpuint (la, ==, lb);
          g_assert_cmpuint (ka, ==, kb);
        }
    }
}

/* A short input as one number: where the reader takes it, strtod must agree. */
static void
check_number (const uint8_t *data,
              size_t         size)
{
  char buf[80];
  double v, w;
  char *end = NULL;

  if (size >= sizeof buf || memchr (data, '\0', size) != NULL)
    return;
  memcpy (buf, data, size);
  buf[size] = '\0';
  for (int d = 0; d < 2; d++)
    {
      char decimal = d == 0 ? '.' : ',';

      if (!lab_csv_parse_double (buf, size, decimal, &v))
        continue;
      if (isnan (v) || isinf (v))
        {
          if (g_ascii_strncasecmp (buf + (buf[0] == '-' || buf[0] == '+'), "inf", 3) == 0
              || g_ascii_strcasecmp (buf, "nan") == 0)
            continue;
        }
      if (decimal == ',')
        g_strdelimit (buf, ",", '.');
      w = g_ascii_strtod (buf, &end);
      g_assert_true (end == buf + size);
      g_assert_cmpmem (&v, sizeof v, &w, sizeof w);
      memcpy (buf, data, size);
    }
}

/* The recommender's ratings reader on the first two columns (and the third as ratings):
 * either sound ratings (sorted distinct pairs, finite values, at least 2 users and items,
 * a split that leaves every user something) or a LAB_ERROR_DATA naming the file. */
static void
check_ratings (LabDataset *d)
{
  guint n_columns = lab_dataset_get_n_columns (d);

  if (n_columns < 2)
    return;
  for (int rating_col = -1; rating_col <= (n_columns >= 3 ? 2 : -1); rating_col += 3)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LabRatings) rt = lab_ratings_new_from_dataset (d, 0, 1, rating_col, NULL, &error);
      g_autofree guint8 *test = NULL;
      gsize n_test;
      guint n_cold, n_single;

      if (rt == NULL)
        {
          g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_true (g_str_has_prefix (error->message, "fuzz.csv:"));
          continue;
        }
      g_assert_cmpuint (rt->nnz, ==, lab_dataset_get_n_rows (d));
      g_assert_cmpuint (rt->n_users, >=, 2);
      g_assert_cmpuint (rt->n_items, >=, 2);
      for (gsize r = 0; r < rt->nnz; r++)
        {
          g_assert_true (isfinite (rt->value[r]));
          g_assert_cmpuint (rt->user[r], <, rt->n_users);
          g_assert_cmpuint (rt->item[r], <, rt->n_items);
          if (r > 0)
            g_assert_true (rt->user[r] > rt->user[r - 1]
                           || (rt->user[r] == rt->user[r - 1] && rt->item[r] > rt->item[r - 1]));
        }
      for (guint u = 0; u < rt->n_users; u++)
        g_assert_true (g_utf8_validate (rt->user_names[u], -1, NULL));
      test = lab_ratings_split (rt, 0.5, 0.0, 1, &n_test, &n_cold, &n_single);
      g_assert_cmpuint (n_test, <, rt->nnz);
    }
}

/* The input read with options forced: both reads agree and the dataset is sound. */
static void
forced (GBytes *bytes,
        size_t  size)
{
  static const char delimiters[] = { '\0', ' ', ',', ';', '\t', '|', ':' };
  static const char comments[] = { '#', '\0', '%' };
  LabCsvOptions options;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(LabDataset) one = NULL;
  g_autoptr(LabDataset) two = NULL;

  lab_csv_options_init (&options);
  options.delimiter = delimiters[size % G_N_ELEMENTS (delimiters)];
  options.comment = comments[(size / G_N_ELEMENTS (delimiters)) % G_N_ELEMENTS (comments)];
  options.header = (LabCsvHeader) ((size / 21) % 3);

  _lab_csv_set_parallel_threshold (G_MAXSIZE);
  one = lab_csv_load_bytes_full ("fuzz.csv", bytes, &options, NULL, NULL, NULL, &e1);
  _lab_csv_set_parallel_threshold (0);
  two = lab_csv_load_bytes_full ("fuzz.csv", bytes, &options, NULL, NULL, NULL, &e2);
  if (one == NULL)
    {
      g_assert_error (e1, LAB_ERROR, LAB_ERROR_DATA);
      g_assert_true (g_utf8_validate (e1->message, -1, NULL));
      g_assert_true (g_str_has_prefix (e1->message, "fuzz.csv:"));
      g_assert_null (two);
      g_assert_error (e2, LAB_ERROR, LAB_ERROR_DATA);
      g_assert_cmpstr (e1->message, ==, e2->message);
      return;
    }
  g_assert_no_error (e2);
  g_assert_nonnull (two);
  if (options.delimiter != '\0')
    g_assert_cmpint (lab_dataset_get_delimiter (one), ==, options.delimiter);
  if (options.header != LAB_CSV_HEADER_AUTO)
    g_assert_cmpint (lab_dataset_has_header (one), ==, options.header == LAB_CSV_HEADER_YES);
  g_assert_cmpuint (lab_dataset_get_n_comment_lines (one), ==, lab_dataset_get_n_comment_lines (two));
  check_dataset (one);
  assert_same (one, two);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialised = FALSE;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(LabDataset) one = NULL;
  g_autoptr(LabDataset) two = NULL;

  if (!initialised)
    {
      lab_engine_init ();
      initialised = TRUE;
    }

  check_number (data, size);

  _lab_csv_set_parallel_threshold (G_MAXSIZE);
  one = lab_csv_load_bytes ("fuzz.csv", bytes, NULL, NULL, NULL, &e1);
  _lab_csv_set_parallel_threshold (0);
  two = lab_csv_load_bytes ("fuzz.csv", bytes, NULL, NULL, NULL, &e2);

  if (one == NULL)
    {
      g_assert_error (e1, LAB_ERROR, LAB_ERROR_DATA);
      g_assert_true (g_utf8_validate (e1->message, -1, NULL));
      g_assert_true (g_str_has_prefix (e1->message, "fuzz.csv:"));
      g_assert_null (two);
      g_assert_error (e2, LAB_ERROR, LAB_ERROR_DATA);
      g_assert_cmpstr (e1->message, ==, e2->message);
      return 0;
    }
  g_assert_no_error (e1);
  g_assert_no_error (e2);
  g_assert_nonnull (two);
  check_dataset (one);
  assert_same (one, two);
  check_ratings (one);
  g_assert_cmpuint (lab_dataset_get_n_comment_lines (one), ==, lab_dataset_get_n_comment_lines (two));

  /* detection on a sample that ends inside a record: may decide otherwise, must stay sound */
  if (size > 16)
    {
      g_autoptr(GError) e3 = NULL;
      g_autoptr(LabDataset) three = NULL;

      _lab_csv_set_sample_size (size / 3);
      three = lab_csv_load_bytes ("fuzz.csv", bytes, NULL, NULL, NULL, &e3);
      _lab_csv_set_sample_size (0);
      if (three != NULL)
        check_dataset (three);
      else
        {
          g_assert_error (e3, LAB_ERROR, LAB_ERROR_DATA);
          g_assert_true (g_utf8_validate (e3->message, -1, NULL));
        }
    }

  forced (bytes, size);
  return 0;
}
