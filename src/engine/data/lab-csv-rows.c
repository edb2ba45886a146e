/* lab-csv-rows.c — the pass over the rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass: records are split and numbers parsed straight into per-column
 * double arrays while a column is still numeric. When a column meets its first
 * text value, it becomes a text column from that row on, and after the pass
 * its earlier rows are read again from the row marks (one extra pass over
 * just those rows, for all such columns at once); level codes are then
 * renumbered in order of first appearance.
 *
 * A file of 4 MiB or more is read as two parts on two threads, split after
 * the first line end past its middle. Whether a record really starts there is
 * known only when the first part gets there: if it does, the second part is
 * appended to the first; if a quoted field spans the split, the first part
 * reads on to the end and the second's work is dropped. The parts write their
 * numbers into shared arrays, the second from a row the first cannot reach
 * (_lab_csv_read_rows), so that appending usually moves nothing.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gio/gio.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "lab-csv-private.h"

#define POLL_ROWS           0xFFFF     /* rows between two looks at the cancellable, minus one */
#define PROGRESS_STEPS      100
#define PARALLEL_MIN_BYTES  ((gsize) 4 << 20)   /* from this size on, two threads read the rows */

static gsize parallel_min_bytes = PARALLEL_MIN_BYTES;

void
_lab_csv_set_parallel_threshold (gsize bytes)
{
  parallel_min_bytes = bytes;
}

/* The arrays two parts write into (see _lab_csv_read_rows), owned by the caller until
 * the first part keeps them: one array of numbers per column. */
typedef struct
{
  double **numbers;
  guint    n_columns;
} SharedRows;

static void
shared_rows_clear (SharedRows *shared)
{
  if (shared->numbers != NULL)
    for (guint i = 0; i < shared->n_columns; i++)
      g_free (shared->numbers[i]);
  g_clear_pointer (&shared->numbers, g_free);
}

/* A part reading from @start, on line @line, with room for @capacity rows: in arrays of
 * its own, or from row @base of @shared's (exactly @capacity rows there: it leaves them
 * for its own when it needs more). */
static void
part_init (LabCsvPart         *part,
           const LabCsvLoader *loader,
           gsize               capacity,
           const char         *start,
           guint               line,
           GCancellable       *cancellable,
           const SharedRows   *shared,
           gsize               base)
{
  part->loader = loader;
  part->start = start;
  part->line = line;
  part->cancellable = cancellable;
  part->capacity = shared != NULL ? capacity : MAX (capacity, 16);
  part->marks = g_array_new (FALSE, FALSE, sizeof (LabRowMark));
  part->anchors = g_array_new (FALSE, FALSE, sizeof (LabLineAnchor));
  part->scratch = g_string_new (NULL);
  part->key = g_string_new (NULL);
  part->columns = g_new0 (LabCsvColumn, loader->n_columns);
  for (guint i = 0; i < loader->n_columns; i++)
    {
      part->columns[i].numeric = TRUE;
      part->columns[i].integer = TRUE;
      part->columns[i].numbers = shared != NULL ? shared->numbers[i] + base : g_new (double, part->capacity);
      part->columns[i].borrowed = shared != NULL;
    }
}

/* How many records can end in [p, end): its line ends, "\r\n" counted once. Sixteen
 * bytes at a time where SSE2 is there (every x86-64), the matches summed per byte lane
 * and folded every 255 blocks: a few milliseconds per 100 MB. */
static gsize
count_line_ends (const char *p,
                 const char *end)
{
  gsize count = 0;

#ifdef __SSE2__
  const __m128i lf = _mm_set1_epi8 ('\n'), cr = _mm_set1_epi8 ('\r'), zero = _mm_setzero_si128 ();

  while (end - p >= 17)
    {
      __m128i lanes = zero, sums;
      guint blocks = (guint) MIN ((gsize) (end - p - 1) / 16, 255);

      for (guint k = 0; k < blocks; k++, p += 16)
        {
          __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) p);
          __m128i next = _mm_loadu_si128 ((const __m128i *) (const void *) (p + 1));
          /* an LF, or a CR not followed by an LF (then it is one line end with it) */
          __m128i ends = _mm_or_si128 (_mm_cmpeq_epi8 (v, lf),
                                       _mm_andnot_si128 (_mm_cmpeq_epi8 (next, lf), _mm_cmpeq_epi8 (v, cr)));

          lanes = _mm_sub_epi8 (lanes, ends);   /* a match is -1 */
        }
      sums = _mm_sad_epu8 (lanes, zero);
      count += (gsize) _mm_cvtsi128_si32 (sums) + (gsize) _mm_cvtsi128_si32 (_mm_unpackhi_epi64 (sums, sums));
    }
#endif
  for (; p < end; p++)
    count += *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n'));
  return count;
}

void
_lab_csv_part_clear (LabCsvPart *part)
{
  if (part->columns != NULL)
    for (guint i = 0; i < part->loader->n_columns; i++)
      _lab_csv_column_clear (&part->columns[i]);
  g_clear_pointer (&part->columns, g_free);
  g_clear_pointer (&part->marks, g_array_unref);
  g_clear_pointer (&part->anchors, g_array_unref);
  if (part->scratch != NULL)
    g_string_free (part->scratch, TRUE);
  part->scratch = NULL;
  if (part->key != NULL)
    g_string_free (part->key, TRUE);
  part->key = NULL;
  g_clear_error (&part->error);
}

/* A field the fast path did not take: anything quoted, missing, text, odd. */
static const char *
slow_field (LabCsvPart   *part,
            LabCsvColumn *col,
            gsize         row,
            const char   *p,
            guint        *lines)
{
  LabCsvField field;
  const char *s;
  gsize len;
  double v = 0.0;
  gboolean is_integer = FALSE;

  p = _lab_csv_scan_field (part->loader, p, &field, lines, &part->error);
  if (p == NULL)
    return NULL;
  s = _lab_csv_field_content (&field, part->scratch, &len);
  if (col->numeric)
    {
      switch (_lab_csv_classify (s, len, part->loader->decimal, &v, &is_integer))
        {
        case LAB_CSV_CELL_MISSING:
          col->numbers[row] = NAN;
          col->n_missing++;
          return p;
        case LAB_CSV_CELL_NUMBER:
          _lab_csv_column_store_number (col, row, v, is_integer);
          return p;
        case LAB_CSV_CELL_TEXT:
        default:
          _lab_csv_column_make_text (col, part->capacity, row);
          break;
        }
    }
  _lab_csv_column_store_text (col, row, s, len, part->key);
  return p;
}

/* @n elements of @size bytes from borrowed memory into a new block of @capacity. */
static gpointer
copy_out (gconstpointer borrowed,
          gsize         n,
          gsize         capacity,
          gsize         size)
{
  gpointer own = g_malloc_n (capacity, size);

  memcpy (own, borrowed, n * size);
  return own;
}

static void
grow (LabCsvPart *part)
{
  gsize capacity = part->capacity * 2;

  /* a part writing into the shared buffer (see _lab_csv_read_rows) leaves it for its own */
  for (guint i = 0; i < part->loader->n_columns; i++)
    {
      LabCsvColumn *col = &part->columns[i];

      if (col->numeric && col->borrowed)
        col->numbers = copy_out (col->numbers, part->capacity, capacity, sizeof (double));
      else if (col->numeric)
        col->numbers = g_renew (double, col->numbers, capacity);
      else
        col->codes = g_renew (guint32, col->codes, capacity);
      col->borrowed = FALSE;
    }
  part->capacity = capacity;
}

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__ ((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* Gives the whole pages of the text within [*@from, @to) back to the system (a read-only
 * file mapping: they stay in the page cache, and a later look at them reads them again), and
 * moves *@from on. Every POLL_ROWS rows: the text read leaves the process as the columns
 * fill, instead of both being resident at the end (issue 12: the 10M-row ROC job). */
static void
release_read (const char **from,
              const char  *to)
{
#if defined(MADV_DONTNEED)
  guintptr page = (guintptr) MAX (sysconf (_SC_PAGESIZE), 1);
  guintptr lo = ((guintptr) *from + page - 1) / page * page, hi = (guintptr) to / page * page;

  if (hi > lo)
    {
      madvise ((void *) lo, hi - lo, MADV_DONTNEED);
      *from = (const char *) hi;
    }
#endif
}

/* The pass over the rows of one part: fields split and numbers parsed in one go.
 * Made twice (below): for a delimiter character, and with @blanks for runs of
 * spaces and tabs, so that the common loop pays nothing for the other. */
static ALWAYS_INLINE gboolean
parse_rows_with (LabCsvPart     *part,
                 const gboolean  blanks)
{
  const LabCsvLoader *self = part->loader;
  const char *text = self->text, *end = self->end, *p = part->start;
  const char *split = part->split != NULL ? part->split : end;
  const char *next_progress = end;
  gsize row = 0, anchor_delta = G_MAXSIZE, progress_step = 0;
  double progress_span = 1.0, reported = 0.0;
  guint line = part->line;
  GError **error = &part->error;
  const char *released = p;   /* release_read: the text before is given back */

  if (part->progress != NULL)
    {
      progress_span = (double) MAX (split - text, 1);
      progress_step = MAX ((gsize) (split - text) / PROGRESS_STEPS, 1);
      next_progress = p;
    }

  while (p < end)
    {
      const char *record = p;

      if (G_UNLIKELY (p >= split))
        {
          if (p == split)
            {
              part->at_split = TRUE;
              break;
            }
          /* the line end before the split was inside a quoted field: read on */
          split = end;
          progress_span = (double) (end - text);
        }
      if (blanks && (*p == ' ' || *p == '\t'))
        {
          while (p < end && (*p == ' ' || *p == '\t'))
            p++;
          if (p >= end)
            break;
        }
      if (*p == '\n' || *p == '\r')
        {
          p = _lab_csv_skip_line_end (p, end);
          line++;
          continue;
        }
      if (G_UNLIKELY ((guchar) *p == self->comment) && _lab_csv_is_comment (self, p))
        {
          p = _lab_csv_skip_line (p, end);
          part->n_comments++;
          continue;
        }
      if (G_UNLIKELY ((row & POLL_ROWS) == 0))
        {
          if (g_cancellable_set_error_if_cancelled (part->cancellable, error))
            return FALSE;
          if (self->release_read)
            release_read (&released, record);
          if (part->stop_self != NULL && g_atomic_int_get (part->stop_self))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "not needed");
              return FALSE;
            }
        }
      if (G_UNLIKELY (p >= next_progress))
        {
          double fraction = MIN ((double) (p - text) / progress_span, 1.0);

          if (fraction > reported)
            {
              part->progress (fraction, part->progress_data);
              reported = fraction;
            }
          next_progress = (gsize) (end - p) > progress_step ? p + progress_step : end;
        }
      if (G_UNLIKELY (row == part->capacity))
        grow (part);
      if (G_UNLIKELY ((row & (LAB_ROW_MARK_STEP - 1)) == 0))
        {
          LabRowMark mark = { row, (gsize) (p - text) };

          g_array_append_val (part->marks, mark);
        }
      if (G_UNLIKELY ((gsize) line - row != anchor_delta))
        {
          LabLineAnchor anchor = { row, line };

          g_array_append_val (part->anchors, anchor);
          anchor_delta = (gsize) line - row;
        }

      for (guint c = 0; ; c++)
        {
          LabCsvColumn *col = &part->columns[c];

          if (G_LIKELY (col->numeric))
            {
              double v;
              gboolean is_integer;
              const char *q = _lab_csv_scan_decimal (p, end, self->decimal, &v, &is_integer);

              if (G_LIKELY (q != NULL && (q == end || self->ends[(guchar) *q])))
                {
                  _lab_csv_column_store_number (col, row, v, is_integer);
                  p = q;
                  goto field_done;
                }
            }
          {
            guint lines = 0;

            p = slow_field (part, col, row, p, &lines);
            if (p == NULL)
              return FALSE;
            line += lines;
          }
        field_done:
          if (blanks ? _lab_csv_next_delimiter (&p, end, ' ') : (p < end && *p == self->delimiter))
            {
              if (G_UNLIKELY (c + 1 == self->n_columns))
                {
                  const char *extra = blanks ? p : p + 1;
                  guint found = self->n_columns;

                  if (!blanks)
                    p++;
                  for (;;)
                    {
                      LabCsvField field;
                      guint lines = 0;
                      const char *line_start = NULL;

                      p = _lab_csv_next_field (p, end, self->delimiter, &field, &lines, &line_start);
                      found++;
                      if (!_lab_csv_next_delimiter (&p, end, self->delimiter))
                        break;
                    }
                  _lab_csv_set_count_error (self, error, record, extra, found);
                  return FALSE;
                }
              if (!blanks)
                p++;
              continue;
            }
          if (G_UNLIKELY (c + 1 < self->n_columns))
            {
              _lab_csv_set_count_error (self, error, record, p, c + 1);
              return FALSE;
            }
          break;
        }
      if (p < end)
        {
          p = _lab_csv_skip_line_end (p, end);
          line++;
        }
      row++;
    }

  part->n_rows = row;
  part->line = line;
  if (part->split != NULL && !part->at_split)
    part->overran = TRUE;
  return TRUE;
}

LAB_CSV_HOT_CODE static gboolean
parse_rows_delimited (LabCsvPart *part)
{
  return parse_rows_with (part, FALSE);
}

static gboolean
parse_rows_blanks (LabCsvPart *part)
{
  return parse_rows_with (part, TRUE);
}

static gboolean
parse_rows (LabCsvPart *part)
{
  return part->loader->delimiter == ' ' ? parse_rows_blanks (part) : parse_rows_delimited (part);
}

static gpointer
parse_rows_thread (gpointer data)
{
  LabCsvPart *part = data;

  /* the first part goes on whatever happens here: an error before the split comes first */
  part->ok = parse_rows (part);
  return NULL;
}

/* Appends part @b (which started where @a stopped) to @a. */
static void
merge_parts (LabCsvPart *a,
             LabCsvPart *b)
{
  gsize na = a->n_rows, nb = b->n_rows, n = na + nb;

  for (guint i = 0; i < b->marks->len; i++)
    {
      LabRowMark mark = g_array_index (b->marks, LabRowMark, i);

      mark.row += na;
      g_array_append_val (a->marks, mark);
    }
  for (guint i = 0; i < b->anchors->len; i++)
    {
      LabLineAnchor anchor = g_array_index (b->anchors, LabLineAnchor, i);

      anchor.row += na;
      anchor.line += a->line;
      g_array_append_val (a->anchors, anchor);
    }

  /* column by column, so that memory peaks at one column more than the result */
  for (guint c = 0; c < a->loader->n_columns; c++)
    {
      LabCsvColumn *ca = &a->columns[c], *cb = &b->columns[c];

      if (ca->numeric && cb->numeric)
        {
          /* both in the shared arrays: b's rows are in place already, or a few rows
           * further on when a's part held blank or comment lines */
          if (ca->borrowed && cb->borrowed)
            memmove (ca->numbers + na, cb->numbers, nb * sizeof (double));
          else
            {
              if (ca->borrowed)
                ca->numbers = copy_out (ca->numbers, na, MAX (n, 1), sizeof (double));
              else
                ca->numbers = g_renew (double, ca->numbers, MAX (n, 1));
              memcpy (ca->numbers + na, cb->numbers, nb * sizeof (double));
            }
          ca->borrowed = FALSE;   /* the caller lets go of the shared array a kept */
          ca->integer = ca->integer && cb->integer;
          ca->n_values += cb->n_values;
          ca->n_missing += cb->n_missing;
          _lab_csv_column_clear (cb);
          continue;
        }

      if (ca->numeric)
        _lab_csv_column_make_text (ca, MAX (n, 1), na);
      else
        ca->codes = g_renew (guint32, ca->codes, MAX (n, 1));
      ca->renumber = TRUE;
      ca->fill2_start = na;
      if (cb->numeric)
        ca->fill2_end = n;
      else
        {
          guint32 *map = g_new (guint32, MAX (cb->levels->len, 1));

          ca->fill2_end = na + cb->fill_end;
          for (guint k = 0; k < cb->levels->len; k++)
            {
              const char *level = g_ptr_array_index (cb->levels, k);

              map[k] = _lab_csv_column_intern (ca, level, strlen (level), a->key);
            }
          for (gsize r = cb->fill_end; r < nb; r++)
            ca->codes[na + r] = cb->codes[r] == G_MAXUINT32 ? G_MAXUINT32 : map[cb->codes[r]];
          ca->n_values += cb->n_values;
          ca->n_missing += cb->n_missing;
          g_free (map);
        }
      _lab_csv_column_clear (cb);
    }
  a->n_rows = n;
  a->n_comments += b->n_comments;
  a->capacity = MAX (n, 1);
  a->line = b->line + a->line;
}

static gboolean
fill_rows (LabCsvPart    *part,
           gsize          from,
           gsize          to,
           guint          last,
           GCancellable  *cancellable,
           GError       **error)
{
  const LabCsvLoader *self = part->loader;
  char comment = self->comment >= 0 ? (char) self->comment : '\0';
  const char *record = _lab_csv_find_record (self->text, self->end, self->delimiter, comment,
                                             (const LabRowMark *) (void *) part->marks->data,
                                             part->marks->len, from);

  for (gsize r = from; r < to; r++)
    {
      const char *p = record;

      if (G_UNLIKELY (((r - from) & POLL_ROWS) == 0) && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint c = 0; c <= last; c++)
        {
          LabCsvColumn *col = &part->columns[c];
          LabCsvField field;
          guint lines = 0;
          const char *line_start = NULL;

          p = _lab_csv_next_field (p, self->end, self->delimiter, &field, &lines, &line_start);
          if (!col->numeric
              && (r < col->fill_end || (r >= col->fill2_start && r < col->fill2_end)))
            {
              gsize len;
              const char *s = _lab_csv_field_content (&field, part->scratch, &len);

              _lab_csv_column_store_text (col, r, s, len, part->key);
            }
          _lab_csv_next_delimiter (&p, self->end, self->delimiter);
        }
      record = _lab_csv_skip_record (record, self->end, self->delimiter, comment);
    }
  return TRUE;
}

/* Reads the rows of the columns that turned to text after their first rows,
 * then puts level codes in order of first appearance. */
static gboolean
backfill (LabCsvPart    *part,
          GCancellable  *cancellable,
          GError       **error)
{
  gsize end1 = 0, start2 = G_MAXSIZE, end2 = 0;
  guint last = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < part->loader->n_columns; i++)
    {
      LabCsvColumn *col = &part->columns[i];

      if (col->numeric)
        continue;
      if (col->fill_end > 0)
        {
          end1 = MAX (end1, col->fill_end);
          col->renumber = TRUE;
        }
      if (col->fill2_end > col->fill2_start)
        {
          start2 = MIN (start2, col->fill2_start);
          end2 = MAX (end2, col->fill2_end);
        }
      if (col->fill_end > 0 || col->fill2_end > col->fill2_start)
        {
          last = i;
          any = TRUE;
        }
    }
  if (any)
    {
      /* each row is read once even if the ranges meet */
      if (start2 <= end1)
        {
          if (!fill_rows (part, 0, MAX (end1, end2), last, cancellable, error))
            return FALSE;
        }
      else if (!fill_rows (part, 0, end1, last, cancellable, error)
               || !fill_rows (part, start2, end2, last, cancellable, error))
        return FALSE;
    }

  for (guint i = 0; i < part->loader->n_columns; i++)
    {
      LabCsvColumn *col = &part->columns[i];

      if (!col->numeric && col->renumber)
        _lab_csv_column_renumber (col, part->n_rows);
    }
  return TRUE;
}

/* Where the second part starts: after the first line end at or after the
 * middle of [from, end), or NULL. Whether a record really starts there is
 * known only when the first part gets there. */
static const char *
find_split (const char *from,
            const char *end)
{
  const char *p = from + (end - from) / 2;

  while (p < end && *p != '\n' && *p != '\r')
    p++;
  if (p >= end)
    return NULL;
  p = _lab_csv_skip_line_end (p, end);
  return p < end ? p : NULL;
}

gboolean
_lab_csv_read_rows (const LabCsvLoader  *self,
                    const char          *p,
                    guint                line,
                    gsize                estimate,
                    LabProgressFunc      progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    LabCsvPart          *rows,
                    GError             **error)
{
  LabCsvPart *a = rows, b = { 0 };
  GThread *thread = NULL;
  gint stop_b = 0;
  const char *split = NULL;
  SharedRows shared = { NULL, self->n_columns };
  gsize bound = 0;

  memset (a, 0, sizeof *a);
  if ((gsize) (self->end - p) >= parallel_min_bytes && g_get_num_processors () > 1)
    split = find_split (p, self->end);
  /* Two parts write into one array per column: the first from row 0,
   * the second from row @bound, which no record of the first part can reach (a record ends
   * with a line end before the split). When the first part held only records, the second's
   * rows are in place at the end and nothing is copied; the arrays are only reserved, and
   * the pages never written are never touched. A part that needs more rows than its room
   * goes on in arrays of its own (then the second's rows are copied, as before). */
  if (split != NULL)
    bound = count_line_ends (p, split);
  if (bound >= 16)
    {
      gsize room = bound + bound / 4 + 4096;

      shared.numbers = g_new (double *, self->n_columns);
      for (guint i = 0; i < self->n_columns; i++)
        shared.numbers[i] = g_new (double, bound + room);
      part_init (a, self, bound, p, line, cancellable, &shared, 0);
    }
  else
    part_init (a, self, split != NULL ? estimate / 2 + 16 : estimate, p, line, cancellable, NULL, 0);
  a->split = split;
  a->progress = progress;
  a->progress_data = progress_data;
  if (split != NULL)
    {
      if (shared.numbers != NULL)
        part_init (&b, self, bound / 4 + 4096 + bound, split, 0, cancellable, &shared, bound);
      else
        part_init (&b, self, estimate / 2 + 16, split, 0, cancellable, NULL, 0);
      b.stop_self = &stop_b;
      thread = g_thread_try_new ("lab-csv", parse_rows_thread, &b, NULL);
      if (thread == NULL)
        {
          _lab_csv_part_clear (&b);
          a->split = NULL;
        }
    }

  a->ok = parse_rows (a);
  if (thread != NULL)
    {
      if (!a->ok || a->overran)
        g_atomic_int_set (&stop_b, 1);
      g_thread_join (thread);
      if (a->ok && !a->overran)
        {
          if (!b.ok)
            {
              g_propagate_error (error, g_steal_pointer (&b.error));
              _lab_csv_part_clear (&b);
              goto fail;
            }
          merge_parts (a, &b);
        }
      _lab_csv_part_clear (&b);
    }
  /* what the first part kept of the shared arrays is its own now */
  for (guint i = 0; i < self->n_columns && shared.numbers != NULL && a->columns != NULL; i++)
    if (a->columns[i].numbers == shared.numbers[i])
      {
        shared.numbers[i] = NULL;
        a->columns[i].borrowed = FALSE;
      }
  shared_rows_clear (&shared);
  if (!a->ok)
    {
      g_propagate_error (error, g_steal_pointer (&a->error));
      goto fail;
    }
  if (!backfill (a, cancellable, error))
    goto fail;
  return TRUE;

fail:
  _lab_csv_part_clear (a);
  shared_rows_clear (&shared);
  return FALSE;
}
