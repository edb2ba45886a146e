/* lab-csv-sniff.c — what kind of CSV a text is, from a sample
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UTF-16 and UTF-32 text is recognised (to be refused with a useful message).
 * The sample is the first 64 KiB, at most 1000 records, grown up to 16 MiB
 * while it holds fewer than 20 whole records (for wide files). On it, split
 * leniently (_lab_csv_next_field), are decided: the delimiter, the decimal
 * mark and whether the first record is a header; lab-csv.c's top comment says
 * by which rules. The sample also gives the estimate of the number of rows
 * the row arrays start with.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-csv-private.h"

#define SAMPLE_BYTES        ((gsize) 64 * 1024)
#define SAMPLE_RECORDS      1000
#define SAMPLE_RECORDS_MIN  20                    /* else the sample grows... */
#define SAMPLE_BYTES_MAX    ((gsize) 16 << 20)    /* ...up to this */
#define DELIMITER_RECORDS   100

static gsize sample_bytes = SAMPLE_BYTES;

void
_lab_csv_set_sample_size (gsize bytes)
{
  sample_bytes = bytes > 0 ? bytes : SAMPLE_BYTES;
}

const char *
_lab_csv_foreign_encoding (const guchar *data,
                           gsize         size,
                           gboolean      bom)
{
  if (bom && size >= 4 && data[0] == 0xFF && data[1] == 0xFE && data[2] == 0 && data[3] == 0)
    return "UTF-32 (little-endian)";
  if (bom && size >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0xFE && data[3] == 0xFF)
    return "UTF-32 (big-endian)";
  if (bom && size >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    return "UTF-16 (little-endian)";
  if (bom && size >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    return "UTF-16 (big-endian)";
  if (bom)
    return NULL;
  if (size >= 4 && data[0] != 0 && data[1] == 0 && data[2] == 0 && data[3] == 0)
    return "UTF-32 (little-endian)";
  if (size >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] != 0)
    return "UTF-32 (big-endian)";
  if (size >= 2 && data[0] != 0 && data[1] == 0 && (size < 4 || (data[2] != 0 && data[3] == 0)))
    return "UTF-16 (little-endian)";
  if (size >= 2 && data[0] == 0 && data[1] != 0 && (size < 4 || (data[2] == 0 && data[3] != 0)))
    return "UTF-16 (big-endian)";
  return NULL;
}

/* ---- the sample ---- */

typedef struct
{
  const char *start;
  const char *end;
} Span;

/* Splits the records of [p, limit) on @delimiter, leniently: the content of
 * each field into @fields, the number of fields of each record into @counts.
 * A record cut by @limit is dropped unless @complete. Returns where the last
 * record taken ends. */
static const char *
sample_records (const LabCsvLoader *self,
                const char         *p,
                const char         *limit,
                gboolean            complete,
                char                delimiter,
                guint               max_records,
                GArray             *fields,
                GArray             *counts)
{
  const char *taken = p;

  g_array_set_size (fields, 0);
  g_array_set_size (counts, 0);
  while (p < limit && counts->len < max_records)
    {
      guint n = 0, first = fields->len;

      if (delimiter == ' ' && (*p == ' ' || *p == '\t'))
        {
          p++;
          continue;
        }
      if (*p == '\n' || *p == '\r')
        {
          p++;
          continue;
        }
      if ((guchar) *p == self->comment && _lab_csv_is_comment (self, p))
        {
          p = _lab_csv_skip_line (p, limit);
          continue;
        }
      for (;;)
        {
          LabCsvField f;
          Span span;
          guint lines = 0;
          const char *line_start = NULL;

          p = _lab_csv_next_field (p, limit, delimiter, &f, &lines, &line_start);
          span.start = f.start;
          span.end = f.end;
          g_array_append_val (fields, span);
          n++;
          if (_lab_csv_next_delimiter (&p, limit, delimiter))
            continue;
          break;
        }
      if (p >= limit && !complete)
        {
          g_array_set_size (fields, first);
          break;
        }
      g_array_append_val (counts, n);
      taken = p;
    }
  return taken;
}

/* The candidate splitting most records into the same number (≥ 2) of fields, and
 * in *@share the fraction of the records it splits so (0: none fits). */
static char
detect_delimiter (const LabCsvLoader *self,
                  const char         *text,
                  const char         *limit,
                  gboolean            complete,
                  GArray             *fields,
                  GArray             *counts,
                  double             *share_out)
{
  static const char candidates[] = { ';', '\t', '|', ',' };
  char best = ',';
  double best_share = 0.0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint mode = 0, mode_count = 0;

      sample_records (self, text, limit, complete, candidates[i], DELIMITER_RECORDS, fields, counts);
      for (guint r = 0; r < counts->len; r++)
        {
          guint n = g_array_index (counts, guint, r), same = 0;

          if (n < 2 || n == mode)
            continue;
          for (guint k = 0; k < counts->len; k++)
            same += g_array_index (counts, guint, k) == n;
          if (same > mode_count || (same == mode_count && n > mode))
            {
              mode = n;
              mode_count = same;
            }
        }
      if (mode_count > 0)
        {
          double share = (double) mode_count / counts->len;

          if (share > best_share)
            {
              best = candidates[i];
              best_share = share;
            }
        }
    }
  *share_out = best_share;
  return best;
}

/* Whether runs of spaces and tabs split every record of the sample (at least two)
 * into the same number (≥ 2) of fields, with some column a number on every record
 * but the first: a table aligned with spaces, not lines of words. */
static gboolean
blanks_fit (const LabCsvLoader *self,
            const char         *text,
            const char         *limit,
            gboolean            complete,
            GArray             *fields,
            GArray             *counts)
{
  guint n0;

  sample_records (self, text, limit, complete, ' ', DELIMITER_RECORDS, fields, counts);
  if (counts->len < 2 || (n0 = g_array_index (counts, guint, 0)) < 2)
    return FALSE;
  for (guint r = 1; r < counts->len; r++)
    if (g_array_index (counts, guint, r) != n0)
      return FALSE;
  for (guint j = 0; j < n0; j++)
    {
      gboolean numbers = TRUE;

      for (guint r = 1; r < counts->len && numbers; r++)
        {
          Span *t = &g_array_index (fields, Span, r * n0 + j);
          gsize len = (gsize) (t->end - t->start);
          double v;
          gboolean is_integer;

          numbers = _lab_csv_classify (t->start, len, '.', &v, &is_integer) == LAB_CSV_CELL_NUMBER
                    || _lab_csv_classify (t->start, len, ',', &v, &is_integer) == LAB_CSV_CELL_NUMBER;
        }
      if (numbers)
        return TRUE;
    }
  return FALSE;
}

static char
detect_decimal (GArray *fields)
{
  guint comma = 0, point = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      Span *s = &g_array_index (fields, Span, i);
      const char *str = s->start;
      gsize len = (gsize) (s->end - s->start);
      double v;
      gboolean is_integer;

      _lab_csv_trim_blanks (&str, &len);
      if (memchr (str, ',', len) != NULL && _lab_csv_parse_number (str, len, ',', &v, &is_integer))
        comma++;
      else if (memchr (str, '.', len) != NULL && _lab_csv_parse_number (str, len, '.', &v, &is_integer))
        point++;
    }
  return comma > point ? ',' : '.';
}

/* pandas' header for a frame without column names: distinct increasing integers
 * (0,1,2,… or a selection of them; the first empty when the index was written too)
 * above numbers, some of them not integers. */
static gboolean
numeric_header (GArray *fields,
                GArray *counts,
                char    decimal)
{
  guint n0, names = 0, offset;
  double last = -INFINITY;
  gboolean fraction = FALSE;

  if (counts->len < 2 || (n0 = g_array_index (counts, guint, 0)) < 2)
    return FALSE;
  for (guint j = 0; j < n0; j++)
    {
      Span *s = &g_array_index (fields, Span, j);
      const char *str = s->start;
      gsize len = (gsize) (s->end - s->start);
      double v;
      gboolean is_integer;

      _lab_csv_trim_blanks (&str, &len);
      if (j == 0 && len == 0)
        continue;
      if (_lab_csv_classify (str, len, decimal, &v, &is_integer) != LAB_CSV_CELL_NUMBER
          || !is_integer || !(v > last))
        return FALSE;
      last = v;
      names++;
    }
  if (names < 2)
    return FALSE;
  offset = n0;
  for (guint r = 1; r < counts->len; r++)
    {
      guint n = g_array_index (counts, guint, r);

      for (guint j = 0; n == n0 && j < n0; j++)
        {
          Span *t = &g_array_index (fields, Span, offset + j);
          double v;
          gboolean is_integer;

          switch (_lab_csv_classify (t->start, (gsize) (t->end - t->start), decimal, &v, &is_integer))
            {
            case LAB_CSV_CELL_TEXT:
              return FALSE;
            case LAB_CSV_CELL_NUMBER:
              fraction = fraction || !is_integer;
              break;
            case LAB_CSV_CELL_MISSING:
            default:
              break;
            }
        }
      offset += n;
    }
  return fraction;
}

static gboolean
detect_header (GArray *fields,
               GArray *counts,
               char    decimal)
{
  guint n0, first_record_end;
  int votes = 0;
  gboolean first_has_number = FALSE;

  if (counts->len == 0)
    return FALSE;
  n0 = g_array_index (counts, guint, 0);
  first_record_end = n0;
  for (guint j = 0; j < n0; j++)
    {
      Span *s = &g_array_index (fields, Span, j);
      gboolean rest_numeric = TRUE, any = FALSE, is_integer;
      guint offset = first_record_end;
      double v;
      LabCsvCell first = _lab_csv_classify (s->start, (gsize) (s->end - s->start), decimal, &v, &is_integer);

      for (guint r = 1; r < counts->len && rest_numeric; r++)
        {
          guint n = g_array_index (counts, guint, r);

          if (n == n0)
            {
              Span *t = &g_array_index (fields, Span, offset + j);

              switch (_lab_csv_classify (t->start, (gsize) (t->end - t->start), decimal, &v, &is_integer))
                {
                case LAB_CSV_CELL_TEXT:
                  rest_numeric = FALSE;
                  break;
                case LAB_CSV_CELL_NUMBER:
                  any = TRUE;
                  break;
                case LAB_CSV_CELL_MISSING:
                default:
                  break;
                }
            }
          offset += n;
        }
      if (first == LAB_CSV_CELL_NUMBER)
        first_has_number = TRUE;
      if (rest_numeric && any)
        {
          if (first == LAB_CSV_CELL_NUMBER)
            votes--;
          else if (first == LAB_CSV_CELL_TEXT)
            votes++;
        }
    }
  return votes > 0 || (votes == 0 && !first_has_number);
}

gsize
_lab_csv_sniff (LabCsvLoader *self)
{
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *text = self->text, *end = self->end, *limit, *sampled;
  gboolean complete;

  /* a wide file's first records may not fit in the sample: widen it */
  for (gsize sample = sample_bytes; ; sample *= 4)
    {
      double share = 1.0;

      limit = text + MIN ((gsize) (end - text), sample);
      complete = limit == end;
      if (self->options.delimiter != '\0')
        self->delimiter = self->options.delimiter;
      else
        {
          self->delimiter = detect_delimiter (self, text, limit, complete, fields, counts, &share);
          /* runs of blanks only where no candidate splits most records alike */
          if (share <= 0.5 && blanks_fit (self, text, limit, complete, fields, counts))
            self->delimiter = ' ';
        }
      sampled = sample_records (self, text, limit, complete, self->delimiter, SAMPLE_RECORDS, fields, counts);
      if (complete || counts->len >= SAMPLE_RECORDS_MIN || sample >= SAMPLE_BYTES_MAX)
        break;
    }
  self->decimal = self->delimiter != ',' ? detect_decimal (fields) : '.';
  if (self->options.header != LAB_CSV_HEADER_AUTO)
    self->header = self->options.header == LAB_CSV_HEADER_YES;
  else
    self->header = numeric_header (fields, counts, self->decimal) || detect_header (fields, counts, self->decimal);
  if (complete && sampled == end)
    return counts->len + 1;
  if (counts->len > 0 && sampled > text)
    return (gsize) ((double) (end - text) / (double) (sampled - text) * counts->len * 1.05) + 16;
  return 16;
}
