/* lab-dataset.c — an immutable, columnar table read from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Storage, per column: numeric columns hold one double per row (NaN where
 * missing: "NaN" and "nan" are spellings of a missing value, so a NaN in
 * storage always means missing), except integer columns of whole numbers 0 to
 * 255 with none missing (0/1 labels, class numbers), which hold one byte per
 * row and make their doubles when first asked for them; text columns hold one
 * guint32 level code per row and the level strings. No text is kept per cell: the file's bytes are
 * kept instead (mapped, not copied) with the offset where each record starts,
 * and a cell's text or place is found by scanning its record again.
 *
 * A mapped file can be truncated by another program (a script rewriting it in
 * place) while the dataset lives; touching the lost pages would raise SIGBUS.
 * So the file stays open and is checked with fstat() before a scan: once it
 * has shrunk, a cell's text comes from what was read (its level, or its number
 * printed with %.17g) and its place from the row's line.
 */
#include "config.h"

#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab-dataset-private.h"
#include "lab-error.h"

G_DEFINE_BOXED_TYPE (LabDataset, lab_dataset, lab_dataset_ref, lab_dataset_unref)

LabDataset *
_lab_dataset_new (const char *name,
                  const char *path,
                  GBytes     *bytes)
{
  LabDataset *self = g_new0 (LabDataset, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (name);
  self->path = g_strdup (path);
  self->bytes = g_bytes_ref (bytes);
  self->fd = -1;
  self->text = g_bytes_get_data (bytes, &self->text_len);
  self->delimiter = ',';
  self->decimal = '.';
  return self;
}

LabDataset *
lab_dataset_ref (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
lab_dataset_free (LabDataset *self)
{
  for (guint i = 0; i < self->n_columns; i++)
    {
      LabColumn *column = &self->columns[i];

      g_free (column->name);
      g_free (column->numbers);
      g_free (column->small);
      g_free (column->codes);
      g_clear_pointer (&column->levels, g_ptr_array_unref);
    }
  g_free (self->columns);
  g_free (self->marks);
  g_free (self->anchors);
  g_free (self->sha256);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->name);
  g_free (self->path);
  g_free (self);
}

void
lab_dataset_unref (LabDataset *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    lab_dataset_free (self);
}

const char *
lab_dataset_get_name (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

const char *
lab_dataset_get_path (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

const char *
lab_dataset_get_sha256 (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  /* ~0.3 s per 100 MB: computed when first asked for (exports), not on load */
  if (g_once_init_enter (&self->sha256))
    {
      char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->bytes);

      g_once_init_leave (&self->sha256, sum);
    }
  return self->sha256;
}

gsize
lab_dataset_get_n_rows (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

guint
lab_dataset_get_n_columns (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_columns;
}

char
lab_dataset_get_delimiter (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, ',');

  return self->delimiter;
}

char
lab_dataset_get_decimal (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, '.');

  return self->decimal;
}

gboolean
lab_dataset_has_header (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->header;
}

char
lab_dataset_get_comment (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, '\0');

  return self->comment;
}

gsize
lab_dataset_get_n_comment_lines (LabDataset *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_comment_lines;
}

const char *
lab_dataset_get_column_name (LabDataset *self,
                             guint       column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->columns[column].name;
}

LabColumnType
lab_dataset_get_column_type (LabDataset *self,
                             guint       column)
{
  g_return_val_if_fail (self != NULL, LAB_COLUMN_TEXT);
  g_return_val_if_fail (column < self->n_columns, LAB_COLUMN_TEXT);

  return self->columns[column].type;
}

gsize
lab_dataset_get_column_missing (LabDataset *self,
                                guint       column)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (column < self->n_columns, 0);

  return self->columns[column].n_missing;
}

int
lab_dataset_find_column (LabDataset *self,
                         const char *name)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->n_columns; i++)
    if (g_str_equal (self->columns[i].name, name))
      return (int) i;
  return -1;
}

const double *
lab_dataset_get_numbers (LabDataset *self,
                         guint       column)
{
  LabColumn *c;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  c = &self->columns[column];
  if (c->small != NULL && g_once_init_enter (&c->numbers))
    {
      double *x = g_new (double, MAX (self->n_rows, 1));

      for (gsize i = 0; i < self->n_rows; i++)
        x[i] = c->small[i];
      g_once_init_leave (&c->numbers, x);
    }
  return c->numbers;
}

const guint8 *
lab_dataset_get_small_integers (LabDataset *self,
                                guint       column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->columns[column].small;
}

gboolean
lab_dataset_is_missing (LabDataset *self,
                        guint       column,
                        gsize       row)
{
  const LabColumn *c;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (column < self->n_columns, TRUE);
  g_return_val_if_fail (row < self->n_rows, TRUE);

  c = &self->columns[column];
  if (c->type == LAB_COLUMN_TEXT)
    return c->codes[row] == G_MAXUINT32;
  if (c->small != NULL)
    return FALSE;
  return isnan (c->numbers[row]);
}

const guint32 *
lab_dataset_get_levels (LabDataset *self,
                        guint       column,
                        guint      *n_levels)
{
  const LabColumn *c;

  if (n_levels != NULL)
    *n_levels = 0;
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  c = &self->columns[column];
  if (c->type != LAB_COLUMN_TEXT)
    return NULL;
  if (n_levels != NULL)
    *n_levels = c->levels->len;
  return c->codes;
}

const char *
lab_dataset_get_level_name (LabDataset *self,
                            guint       column,
                            guint       level)
{
  const LabColumn *c;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  c = &self->columns[column];
  g_return_val_if_fail (c->type == LAB_COLUMN_TEXT, NULL);
  g_return_val_if_fail (level < c->levels->len, NULL);

  return g_ptr_array_index (c->levels, level);
}

guint
_lab_dataset_row_line (LabDataset *self,
                       gsize       row)
{
  gsize lo = 0, hi = self->n_anchors;

  g_assert (self->n_anchors > 0);
  /* the last anchor at or before @row */
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (self->anchors[mid].row <= row)
        lo = mid;
      else
        hi = mid;
    }
  return self->anchors[lo].line + (guint) (row - self->anchors[lo].row);
}

static gboolean
file_shrank (LabDataset *self)
{
  struct stat st;

  if (self->fd < 0)
    return FALSE;
  return fstat (self->fd, &st) != 0 || (guint64) st.st_size < (guint64) g_bytes_get_size (self->bytes);
}

/* A cell's text from what was read, when the file cannot be scanned again. */
static char *
cell_text_as_read (LabDataset *self,
                   gsize       row,
                   guint       column)
{
  const LabColumn *c = &self->columns[column];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (c->type == LAB_COLUMN_TEXT)
    return g_strdup (c->codes[row] == G_MAXUINT32 ? "" : g_ptr_array_index (c->levels, c->codes[row]));
  if (c->small != NULL)
    return g_strdup_printf ("%u", (guint) c->small[row]);   /* as %.17g prints it */
  if (isnan (c->numbers[row]))
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", c->numbers[row]));
}

/* Scans record @row up to @column; fills @field and where it starts. */
static void
find_field (LabDataset  *self,
            gsize        row,
            guint        column,
            LabCsvField *field,
            guint       *line,
            guint       *col)
{
  const char *end = self->text + self->text_len;
  const char *p = _lab_csv_find_record (self->text, end, self->delimiter, self->comment,
                                        self->marks, self->n_marks, row);
  const char *line_start = p;
  guint lines = 0;

  /* a record of a whitespace-separated file starts after its leading blanks */
  while (self->delimiter == ' ' && line_start > self->text && (line_start[-1] == ' ' || line_start[-1] == '\t'))
    line_start--;

  for (guint c = 0; ; c++)
    {
      const char *field_start = p;
      const char *field_line_start = line_start;
      guint field_lines = lines;

      p = _lab_csv_next_field (p, end, self->delimiter, field, &lines, &line_start);
      if (c == column)
        {
          if (line != NULL)
            *line = _lab_dataset_row_line (self, row) + field_lines;
          if (col != NULL)
            *col = _lab_csv_column_of (field_line_start, field_start);
          return;
        }
      if (!_lab_csv_next_delimiter (&p, end, self->delimiter))
        {
          /* only if the file changed under its mapping: an empty cell, not a crash */
          field->start = field->end = p;
          field->quoted = field->escapes = FALSE;
          if (line != NULL)
            *line = _lab_dataset_row_line (self, row) + lines;
          if (col != NULL)
            *col = _lab_csv_column_of (line_start, p);
          return;
        }
    }
}

char *
lab_dataset_dup_cell_text (LabDataset *self,
                           gsize       row,
                           guint       column)
{
  LabCsvField field;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  if (file_shrank (self))
    return cell_text_as_read (self, row, column);
  find_field (self, row, column, &field, NULL, NULL);
  return _lab_csv_field_dup (&field);
}

void
lab_dataset_locate (LabDataset *self,
                    gsize       row,
                    guint       column,
                    guint      *line,
                    guint      *col)
{
  LabCsvField field;
  guint l = 0, c = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->n_columns);

  if (file_shrank (self))
    {
      l = _lab_dataset_row_line (self, row);
      c = 1;
    }
  else
    find_field (self, row, column, &field, &l, &c);
  if (line != NULL)
    *line = l;
  if (col != NULL)
    *col = c;
}

void
lab_dataset_set_cell_error (LabDataset *self,
                            gsize       row,
                            guint       column,
                            GError    **error,
                            const char *format,
                            ...)
{
  g_autofree char *message = NULL;
  va_list args;
  guint line = 0, col = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->n_columns);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  lab_dataset_locate (self, row, column, &line, &col);
  g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s:%u:%u: %s", self->name, line, col, message);
}
