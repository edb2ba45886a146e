/* lab-csv.c — a strict, fast CSV reader producing a LabDataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is read: RFC 4180 plus what real files do. A UTF-8 byte order mark is
 * skipped; LF, CRLF and lone CR end lines; quoted fields hold delimiters, ""
 * and line ends; blank lines are skipped (and still counted for line numbers);
 * the last line may lack its line end; Ctrl-Z and NUL bytes padding the end of
 * the file are ignored. Anything else that is not well-formed UTF-8 CSV is an
 * error (LAB_ERROR_DATA, "NAME:LINE:COL: message"): a quote inside an unquoted
 * field, text after a closing quote, an unterminated quoted field, a record
 * with more or fewer fields than the first, a NUL byte, invalid UTF-8, UTF-16
 * or UTF-32 text, a file without records.
 *
 * Comment lines: a line starting with the comment character ("#" unless the
 * caller says otherwise or none) is skipped unread, wherever it is, and
 * counted. "#N/A" alone in its field (Excel's missing value) is not a comment.
 * Only the line's first character counts (pandas' comment= also cuts lines
 * after a "#" anywhere); in a whitespace-separated file, its first non-blank.
 *
 * Detection, on a sample (the first 64 KiB, at most 1000 records; grown up to
 * 16 MiB while it holds fewer than 20 whole records, for wide files), unless
 * the caller forces it (LabCsvOptions):
 *  - the delimiter among , ; tab | : the one splitting most records into the
 *    same number (≥ 2) of fields; ties go to ; then tab, | and , (a file with
 *    ";" and decimal commas splits consistently on both). When none splits
 *    more than half the records alike, runs of spaces and tabs are the
 *    delimiter if they split every sampled record (two at least) into the same
 *    number (≥ 2) of fields and some column is a number on every record but
 *    the first (an aligned table, not lines of words). Default ",".
 *    With runs of blanks, leading and trailing blanks are not fields (pandas'
 *    sep=r"\s+"), and a quoted field may hold blanks.
 *  - with a delimiter other than ",", a decimal comma when more fields read
 *    as numbers with a comma than with a point.
 *  - a header when the first record is distinct increasing integers (the
 *    first may be empty) above numbers some of which are not integers: what
 *    pandas writes for a frame without column names (0,1,2,…, after an empty
 *    name when the index is written). Else when the first record's fields are
 *    not numbers where the rest of their column is (votes per column), or, if
 *    no column decides, when none of them is a number (so an all-text file has
 *    a header, as pandas assumes). Empty names become "column_N", repeated
 *    ones "x_2", "x_3"... A header forced on a file of one record is an error
 *    (it would leave no rows); detected there, it is not.
 *
 * Cells: surrounding spaces and tabs are ignored when deciding what a cell is
 * (" 1.5 " is the number 1.5; the cell's text keeps them). Missing: empty, NA,
 * N/A, #N/A, NULL, null, None, NaN, nan — never 0. Numbers: an optional sign,
 * decimal digits with an optional decimal point (the detected one only) and
 * exponent, or inf / infinity in any case with an optional sign. Not numbers:
 * hex ("0x1A"), "1e", "12abc", digit groups. Integer columns hold only values
 * written without point or exponent and within ±2^53; a column with no value
 * at all is a number column of NaN. Quoted cells are judged like unquoted ones.
 *
 * The parts (lab-csv-private.h says what each holds): lab-csv-number.c,
 * lab-csv-tokenizer.c, lab-csv-sniff.c, lab-csv-types.c, lab-csv-rows.c; this
 * file opens the file or takes the buffer, refuses what is not UTF-8 text,
 * skips the byte order mark and the padding, and ties the parts together:
 * sniff → header → rows → LabDataset.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <glib/gi18n.h>

#include "lab-csv.h"
#include "lab-csv-private.h"
#include "lab-error.h"

/* from this size on, a mapped file's text leaves the process as it is read */
#define RELEASE_MIN_BYTES  ((gsize) 4 << 20)

void
lab_csv_options_init (LabCsvOptions *options)
{
  g_return_if_fail (options != NULL);

  options->delimiter = '\0';
  options->comment = '#';
  options->header = LAB_CSV_HEADER_AUTO;
}

/* What may separate fields or start a comment line: not what a number or a quoted
 * field starts with, not a letter or a digit, not a line end. */
static gboolean
usable_mark (char c)
{
  return g_ascii_ispunct (c) && c != '"' && c != '.' && c != '+' && c != '-';
}

gboolean
lab_csv_options_set (LabCsvOptions  *options,
                     const char     *name,
                     const char     *value,
                     GError        **error)
{
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (name != NULL && value != NULL, FALSE);

  if (g_str_equal (name, "delimiter"))
    {
      if (g_str_equal (value, "auto"))
        options->delimiter = '\0';
      else if (g_str_equal (value, "space") || g_str_equal (value, " "))
        options->delimiter = LAB_CSV_DELIMITER_WHITESPACE;
      else if (g_str_equal (value, "tab") || g_str_equal (value, "\t"))
        options->delimiter = '\t';
      else if (value[0] != '\0' && value[1] == '\0' && usable_mark (value[0]))
        options->delimiter = value[0];
      else
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("bad --delimiter “%s”: expected auto, space (runs of spaces and tabs), tab, "
                         "or one punctuation character other than \" . + -"), value);
          return FALSE;
        }
    }
  else if (g_str_equal (name, "comment"))
    {
      if (g_str_equal (value, "none"))
        options->comment = '\0';
      else if (value[0] != '\0' && value[1] == '\0' && usable_mark (value[0]))
        options->comment = value[0];
      else
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("bad --comment “%s”: expected none or one punctuation character other than \" . + -"),
                       value);
          return FALSE;
        }
    }
  else if (g_str_equal (name, "header"))
    {
      if (g_str_equal (value, "auto"))
        options->header = LAB_CSV_HEADER_AUTO;
      else if (g_str_equal (value, "yes"))
        options->header = LAB_CSV_HEADER_YES;
      else if (g_str_equal (value, "no"))
        options->header = LAB_CSV_HEADER_NO;
      else
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("bad --header “%s”: expected auto, yes or no"), value);
          return FALSE;
        }
    }
  else
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("unknown CSV option “%s”: the options are delimiter, comment and header"), name);
      return FALSE;
    }
  if (options->comment != '\0' && options->comment == options->delimiter)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("the delimiter and the comment character are both “%c”: "
                     "give another --comment (or none)"), options->comment);
      return FALSE;
    }
  return TRUE;
}

/* An integer column of whole numbers 0 to 255 with no cell missing (0/1 labels, class
 * numbers) keeps one byte per row instead of a double (see lab-dataset.c): the 10M-row ROC
 * file's label column takes 9.5 MiB instead of 76 (issue 12). -0 stays a double. */
static void
keep_small_integers (LabColumn *column,
                     gsize      n)
{
  const double *x = column->numbers;
  guint8 *small = g_new (guint8, MAX (n, 1));
  gboolean fits = TRUE;

  for (gsize start = 0; start < n && fits; start += 4096)
    {
      gsize end = MIN (n, start + 4096);

      /* a whole number (the column is of integers) in [0, 255] that is not -0 */
      for (gsize i = start; i < end; i++)
        {
          double v = x[i];
          gboolean in = v >= 0.0 && v <= 255.0 && !signbit (v);

          fits &= in;
          small[i] = (guint8) (in ? (guint) v : 0);
        }
    }
  if (!fits)
    {
      g_free (small);
      return;
    }
  g_clear_pointer (&column->numbers, g_free);
  column->small = small;
}

static LabDataset *
load (const char           *name,
      const char           *path,
      int                   fd,
      GBytes               *bytes,
      const LabCsvOptions  *options,
      LabProgressFunc       progress,
      gpointer          progress_data,
      GCancellable     *cancellable,
      GError          **error)
{
  LabCsvLoader self = { 0 };
  LabCsvPart a;
  g_autoptr(GPtrArray) raw_names = NULL;
  g_auto(GStrv) names = NULL;
  LabDataset *dataset;
  const guchar *data;
  const char *text, *end, *p, *first;
  const char *encoding;
  gsize size, estimate, n_comments = 0;
  gboolean bom = FALSE;
  guint line, first_line, n;

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL || size == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s:1:1: the file is empty"), name);
      return NULL;
    }
  if ((encoding = _lab_csv_foreign_encoding (data, size, TRUE)) != NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s:1:1: the file is %s text (it starts with a byte order mark); "
                     "save it as UTF-8 (“CSV UTF-8” in a spreadsheet)"), name, encoding);
      return NULL;
    }
  text = (const char *) data;
  end = text + size;
  if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      text += 3;
      bom = TRUE;
    }
  while (end > text && (end[-1] == '\0' || end[-1] == '\x1A'))
    end--;
  if (end == text)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   bom && size == 3 ? _("%s:1:1: the file is empty (it holds only a byte order mark)")
                   : bom ? _("%s:1:1: the file is empty (it holds only a byte order mark and padding)")
                   : _("%s:1:1: the file is empty (it holds only NUL or Ctrl-Z padding)"), name);
      return NULL;
    }
  if ((encoding = _lab_csv_foreign_encoding ((const guchar *) text, (gsize) (end - text), FALSE)) != NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s:1:1: the file looks like %s text, not UTF-8 (it has NUL bytes between the "
                     "characters); save it as UTF-8 (“CSV UTF-8” in a spreadsheet)"), name, encoding);
      return NULL;
    }

  self.name = name;
  self.text = text;
  self.end = end;
  if (options != NULL)
    self.options = *options;
  else
    lab_csv_options_init (&self.options);
  self.comment = self.options.comment != '\0' ? (guchar) self.options.comment : -1;

  /* ---- what kind of CSV ---- */
  estimate = _lab_csv_sniff (&self);
  if (self.comment >= 0 && self.delimiter == (char) self.comment)
    {
      /* a record starting with an empty field would pass for a comment */
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("%s: the delimiter detected is “%c”, the comment character too: "
                     "give another --comment (or none), or a --delimiter"), name, self.delimiter);
      return NULL;
    }
  _lab_csv_loader_set_tables (&self);

  /* ---- the first record: the header, or the first row ---- */
  p = text;
  line = 1;
  for (;;)
    {
      if (self.delimiter == ' ')
        while (p < end && (*p == ' ' || *p == '\t'))
          p++;
      if (p < end && (*p == '\n' || *p == '\r'))
        {
          p = _lab_csv_skip_line_end (p, end);
          line++;
        }
      else if (p < end && _lab_csv_is_comment (&self, p))
        {
          p = _lab_csv_skip_line (p, end);
          n_comments++;
        }
      else
        break;
    }
  if (p >= end)
    {
      _lab_csv_set_error_at (&self, error, text,
                             n_comments > 0 ? _("the file holds no records, only comment and blank lines")
                                            : _("the file holds no records, only blank lines"));
      return NULL;
    }
  first = p;
  first_line = line;
  raw_names = g_ptr_array_new_with_free_func (g_free);
  n = 0;
  for (;;)
    {
      LabCsvField field;
      guint lines = 0;

      p = _lab_csv_scan_field (&self, p, &field, &lines, error);
      if (p == NULL)
        return NULL;
      line += lines;
      n++;
      if (self.header)
        g_ptr_array_add (raw_names, _lab_csv_field_dup (&field));
      if (_lab_csv_next_delimiter (&p, end, self.delimiter))
        continue;
      break;
    }
  self.n_columns = n;
  names = _lab_csv_unique_names (self.header ? raw_names : NULL, n);
  if (self.header)
    {
      if (p < end)
        {
          p = _lab_csv_skip_line_end (p, end);
          line++;
        }
    }
  else
    {
      p = first;
      line = first_line;
    }

  /* ---- the rows: in two parts on two threads when the file is large ---- */
#if defined(MADV_DONTNEED)
  self.release_read = fd >= 0 && size >= RELEASE_MIN_BYTES;
#endif
  if (!_lab_csv_read_rows (&self, p, line, estimate, progress, progress_data, cancellable, &a, error))
    return NULL;
  if (a.n_rows == 0 && self.options.header == LAB_CSV_HEADER_YES)
    {
      _lab_csv_part_clear (&a);
      _lab_csv_set_error_at (&self, error, first,
                             _("--header=yes takes the only record for the header, leaving no rows "
                               "(use --header=no or auto)"));
      return NULL;
    }
  if (progress != NULL)
    progress (1.0, progress_data);

  /* ---- the dataset ---- */
  dataset = _lab_dataset_new (name, path, bytes);
  dataset->fd = fd;
  dataset->text = text;
  dataset->text_len = (gsize) (end - text);
  dataset->delimiter = self.delimiter;
  dataset->decimal = self.decimal;
  dataset->header = self.header;
  dataset->comment = self.options.comment;
  dataset->n_comment_lines = n_comments + a.n_comments;
  dataset->n_rows = a.n_rows;
  dataset->n_columns = self.n_columns;
  dataset->columns = g_new0 (LabColumn, self.n_columns);
  for (guint i = 0; i < self.n_columns; i++)
    {
      LabCsvColumn *col = &a.columns[i];
      LabColumn *out = &dataset->columns[i];

      out->name = g_steal_pointer (&names[i]);
      out->n_missing = col->n_missing;
      if (col->numeric)
        {
          out->type = col->integer && col->n_values > 0 ? LAB_COLUMN_INTEGER : LAB_COLUMN_NUMBER;
          out->numbers = g_renew (double, g_steal_pointer (&col->numbers), MAX (a.n_rows, 1));
          if (out->type == LAB_COLUMN_INTEGER && out->n_missing == 0)
            keep_small_integers (out, a.n_rows);
        }
      else
        {
          out->type = LAB_COLUMN_TEXT;
          out->codes = g_renew (guint32, g_steal_pointer (&col->codes), MAX (a.n_rows, 1));
          out->levels = g_steal_pointer (&col->levels);
        }
    }
  dataset->marks = (LabRowMark *) (void *) g_array_steal (a.marks, &dataset->n_marks);
  dataset->anchors = (LabLineAnchor *) (void *) g_array_steal (a.anchors, &dataset->n_anchors);
  _lab_csv_part_clear (&a);
  return dataset;
}

LabDataset *
lab_csv_load_bytes (const char       *name,
                    GBytes           *bytes,
                    LabProgressFunc   progress,
                    gpointer          progress_data,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lab_csv_load_bytes_full (name, bytes, NULL, progress, progress_data, cancellable, error);
}

/* What lab_csv_options_set() refuses, when the struct is filled by hand. */
static gboolean
check_options (const LabCsvOptions  *options,
               GError              **error)
{
  if (options == NULL)
    return TRUE;
  if (!(options->delimiter == '\0' || options->delimiter == ' ' || options->delimiter == '\t'
        || usable_mark (options->delimiter))
      || !(options->comment == '\0' || usable_mark (options->comment))
      || (guint) options->header > LAB_CSV_HEADER_NO)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("bad CSV options: delimiter 0x%02X, comment 0x%02X, header %d"),
                   (guchar) options->delimiter, (guchar) options->comment, (int) options->header);
      return FALSE;
    }
  if (options->comment != '\0' && options->comment == options->delimiter)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("the delimiter and the comment character are both “%c”: "
                     "give another --comment (or none)"), options->comment);
      return FALSE;
    }
  return TRUE;
}

LabDataset *
lab_csv_load_bytes_full (const char           *name,
                         GBytes               *bytes,
                         const LabCsvOptions  *options,
                         LabProgressFunc       progress,
                         gpointer              progress_data,
                         GCancellable         *cancellable,
                         GError              **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_options (options, error))
    return NULL;
  return load (name, NULL, -1, bytes, options, progress, progress_data, cancellable, error);
}

/* Reads what cannot be mapped (a pipe, a character device) to its end. */
static GBytes *
read_all (int            fd,
          const char    *path,
          GCancellable  *cancellable,
          GError       **error)
{
  GByteArray *buffer = g_byte_array_new ();
  guint8 chunk[65536];

  for (;;)
    {
      gssize n;

      /* a pipe or a device has no size to check first: stop at the documented limit, so an
       * endless source (/dev/zero) ends in an error, not an abort past 4 GiB */
      if (buffer->len > LAB_CSV_MAX_STREAM_BYTES - sizeof chunk)
        {
          g_byte_array_unref (buffer);
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       _("%s: more than %u MiB from a pipe or device; save it to a file and open that"),
                       path, (guint) (LAB_CSV_MAX_STREAM_BYTES >> 20));
          return NULL;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_byte_array_unref (buffer);
          return NULL;
        }
      n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_byte_array_unref (buffer);
          g_set_error (error, LAB_ERROR, LAB_ERROR_IO, _("cannot read “%s”: %s"), path, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (buffer, chunk, (guint) n);
    }
  return g_byte_array_free_to_bytes (buffer);
}

LabDataset *
lab_csv_load_file (const char       *path,
                   LabProgressFunc   progress,
                   gpointer          progress_data,
                   GCancellable     *cancellable,
                   GError          **error)
{
  return lab_csv_load_file_full (path, NULL, progress, progress_data, cancellable, error);
}

LabDataset *
lab_csv_load_file_full (const char           *path,
                        const LabCsvOptions  *options,
                        LabProgressFunc       progress,
                        gpointer              progress_data,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  LabDataset *dataset;
  struct stat st = { 0 };
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_options (options, error))
    return NULL;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, _("cannot read “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || S_ISDIR (st.st_mode))
    {
      int saved_errno = S_ISDIR (st.st_mode) ? EISDIR : errno;

      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, _("cannot read “%s”: %s"), path, g_strerror (saved_errno));
      close (fd);
      return NULL;
    }
  if (S_ISREG (st.st_mode))
    {
      g_autoptr(GError) local_error = NULL;
      GMappedFile *mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);

      if (mapped == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_IO, _("cannot read “%s”: %s"), path, local_error->message);
          close (fd);
          return NULL;
        }
      bytes = g_mapped_file_get_bytes (mapped);
      g_mapped_file_unref (mapped);
      /* the dataset keeps @fd: see lab-dataset.c on files that shrink */
      name = g_path_get_basename (path);
      dataset = load (name, path, fd, bytes, options, progress, progress_data, cancellable, error);
      if (dataset == NULL)
        close (fd);
#if defined(MADV_DONTNEED)
      else if (g_bytes_get_size (bytes) >= RELEASE_MIN_BYTES)
        {
          /* Read: the text's pages leave the process (they stay in the page cache and come
           * back on the next look at a cell's text); the row loop gave most of them back as
           * it went (release_read), this gives the rest. A read-only private file mapping loses
           * nothing; the 10M-row ROC job's resident memory drops by the file's size. The
           * mapping starts on a page (mmap), and is given whole. */
          gsize size = g_bytes_get_size (bytes);

          madvise ((void *) g_bytes_get_data (bytes, NULL), size, MADV_DONTNEED);
        }
#endif
      return dataset;
    }

  bytes = read_all (fd, path, cancellable, error);
  close (fd);
  if (bytes == NULL)
    return NULL;
  name = g_path_get_basename (path);
  return load (name, path, -1, bytes, options, progress, progress_data, cancellable, error);
}
