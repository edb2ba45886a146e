/* lab-csv-private.h — what the parts of the CSV reader share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Uninstalled, for src/engine/data/lab-csv*.c only (lab-dataset.c, the tests
 * and the fuzz target use lab-dataset-private.h). What the reader accepts and
 * how it decides is described at the top of lab-csv.c. The parts, each one job:
 *
 *   lab-csv-number.c     decimal text → the correctly rounded double (Clinger's
 *                        fast path, Eisel–Lemire, g_ascii_strtod() for the rest);
 *                        the public lab_csv_parse_double()
 *   lab-csv-tokenizer.c  records and fields: the strict field scanner and its
 *                        errors, the lenient one for text already checked, UTF-8,
 *                        lines and columns, "NAME:LINE:COL: message" errors
 *   lab-csv-sniff.c      on a sample: UTF-16/32 text, the delimiter (runs of
 *                        blanks included), the decimal mark, the header (pandas'
 *                        numeric one included), an estimate of the number of rows;
 *                        each unless forced by the caller's LabCsvOptions
 *   lab-csv-types.c      what a cell holds (missing, number, text), the columns
 *                        being built (numbers, integer or not, text levels), the
 *                        column names
 *   lab-csv-rows.c       the one pass over the rows, in two parts on two threads
 *                        for a large file, then the rows of columns that turned to
 *                        text late read again
 *   lab-csv.c            the public loaders: the file or buffer, its byte order
 *                        mark and padding, then sniff → header → rows → LabDataset
 *
 * Flow: lab-csv.c fills a LabCsvLoader (the text and the caller's options;
 * delimiter, decimal mark and header from _lab_csv_sniff(); the tokenizer's
 * byte tables; n_columns from the first record), read-only from then on.
 * Comment lines are skipped wherever a record could start (the sample, before
 * the first record, the row loop, which counts them per part).
 * _lab_csv_read_rows() fills a LabCsvPart per thread, one LabCsvColumn per
 * column, and hands back the merged part, whose arrays lab-csv.c moves into
 * the LabDataset.
 *
 * Speed: the row loop is made twice from one inline body, for a delimiter
 * character and for runs of blanks, so the first pays nothing for the second;
 * comments cost one compare per record. Per numeric field the row loop
 * (lab-csv-rows.c) makes one call, _lab_csv_scan_decimal(), and stores the
 * value inline (_lab_csv_column_store_number, below); anything else takes the
 * slow path.
 * GCC kept the scanner out of line when it shared one file with the row loop
 * too, so the split adds no call to the hot path: callgrind counts 0.2 % more
 * instructions for a load of numbers. Where the two functions land did cost
 * time, hence LAB_CSV_HOT_CODE below. The small helpers used per field are
 * static inline here; functions shared between the parts are G_GNUC_INTERNAL
 * (hidden: direct calls, no PLT or GOT).
 */
#pragma once

#include <math.h>

#include <string.h>

#include "lab-csv.h"
#include "lab-dataset-private.h"

G_BEGIN_DECLS

#define LAB_CSV_TWO_POW_53  9007199254740992.0

/* On the row loop and the number scanner: they start on a 64-byte boundary
 * wherever the linker puts them. Left to the link order, the split build was
 * 2–3 % slower than the one-file reader with the same instructions
 * (bench-csv --one-thread, 1M × 8 %.17g numbers, alternated runs); aligned,
 * it is as fast. */
#if defined(__GNUC__) || defined(__clang__)
#define LAB_CSV_HOT_CODE __attribute__ ((aligned (64)))
#else
#define LAB_CSV_HOT_CODE
#endif

/* ---- the loader: what every part reads; read-only once the rows are read ---- */

typedef struct
{
  const char  *name;
  const char  *text;
  const char  *end;
  char         delimiter;    /* ' ': runs of spaces and tabs */
  char         decimal;
  gboolean     header;
  int          comment;      /* the byte starting a comment line, or -1 */
  LabCsvOptions options;     /* what the caller forced */
  guint        n_columns;
  /* the text lies in a read-only mapping of a file of 4 MiB or more: the row loop gives
   * the pages it has read back to the system (they stay in the page cache) */
  gboolean     release_read;
  guint8       stop[256];    /* what ends the plain run of an unquoted field: delimiter, CR, LF, ", NUL, ≥ 0x80 */
  guint8       ends[256];    /* what may follow a field: delimiter, CR, LF */
} LabCsvLoader;

/* ---- numbers (lab-csv-number.c) ---- */

/* Reads a plain decimal number — [+-] digits [decimal digits] [e [+-] digits],
 * with at least one digit before the exponent — from the start of [p, end).
 * Returns where it stops, or NULL when no number starts at @p. *@is_integer:
 * written without point or exponent, at most 19 significant digits, |value| ≤ 2^53. */
G_GNUC_INTERNAL
const char *_lab_csv_scan_decimal (const char *p,
                                   const char *end,
                                   char        decimal,
                                   double     *out,
                                   gboolean   *is_integer);
/* The whole of [str, str+len) as a number (inf and infinity included, not nan). */
G_GNUC_INTERNAL
gboolean    _lab_csv_parse_number (const char *str,
                                   gsize       len,
                                   char        decimal,
                                   double     *out,
                                   gboolean   *is_integer);

/* ---- records and fields (lab-csv-tokenizer.c) ---- */

/* Sets @self's byte tables from its delimiter. */
G_GNUC_INTERNAL
void        _lab_csv_loader_set_tables (LabCsvLoader *self);

/* Scans the field at @p, strictly. Returns where it stops (a delimiter, a line
 * end or the end of the text), or NULL with @error set. Adds the line ends
 * inside a quoted field to *@lines. */
G_GNUC_INTERNAL
const char *_lab_csv_scan_field        (const LabCsvLoader  *self,
                                        const char          *p,
                                        LabCsvField         *field,
                                        guint               *lines,
                                        GError             **error);

/* The content of @field with "" turned into ", in @scratch. */
G_GNUC_INTERNAL
const char *_lab_csv_field_unquote     (const LabCsvField *field,
                                        GString           *scratch,
                                        gsize             *len);

/* The content of @field, unquoted into @scratch when it needs to be. */
static inline const char *
_lab_csv_field_content (const LabCsvField *field,
                        GString           *scratch,
                        gsize             *len)
{
  if (!field->escapes)
    {
      *len = (gsize) (field->end - field->start);
      return field->start;
    }
  return _lab_csv_field_unquote (field, scratch, len);
}

static inline const char *
_lab_csv_skip_line_end (const char *p,
                        const char *end)
{
  /* "\r\n", "\r" or "\n" */
  if (p < end && *p == '\r')
    p++;
  if (p < end && *p == '\n')
    p++;
  return p;
}

/* Whether the line at @p (< end, where a record could start) is a comment line.
 * With "#", "#N/A" alone in its field is Excel's missing value, not a comment. */
static inline gboolean
_lab_csv_comment_at (const char *p,
                     const char *end,
                     int         comment,
                     char        delimiter)
{
  const char *q = p + 4;

  if ((guchar) *p != comment)
    return FALSE;
  if (*p != '#' || end - p < 4 || memcmp (p, "#N/A", 4) != 0)
    return TRUE;
  return !(q == end || *q == '\n' || *q == '\r' || *q == delimiter
           || *q == ',' || *q == ';' || *q == '\t' || *q == '|' || *q == ' ');
}

static inline gboolean
_lab_csv_is_comment (const LabCsvLoader *self,
                     const char         *p)
{
  return _lab_csv_comment_at (p, self->end, self->comment, self->delimiter);
}

/* Where the line at @p ends (its line end, or @end). */
static inline const char *
_lab_csv_skip_line (const char *p,
                    const char *end)
{
  while (p < end && *p != '\n' && *p != '\r')
    p++;
  return p;
}

/* "NAME:LINE:COL: message" (LAB_ERROR_DATA) about @pos. */
G_GNUC_INTERNAL
void        _lab_csv_set_error_at      (const LabCsvLoader  *self,
                                        GError             **error,
                                        const char          *pos,
                                        const char          *format,
                                        ...) G_GNUC_PRINTF (4, 5);

/* The record starting at @record_start has @found fields, not n_columns. */
G_GNUC_INTERNAL
void        _lab_csv_set_count_error   (const LabCsvLoader  *self,
                                        GError             **error,
                                        const char          *record_start,
                                        const char          *pos,
                                        guint                found);

/* ---- detection on a sample (lab-csv-sniff.c) ---- */

/* "UTF-16 (little-endian)" and the like when [data, data+size) is UTF-16 or
 * UTF-32 text, by byte order mark (@bom) or by the NULs of ASCII text; else NULL. */
G_GNUC_INTERNAL
const char *_lab_csv_foreign_encoding  (const guchar *data,
                                        gsize         size,
                                        gboolean      bom);

/* Sets @self's delimiter, decimal and header from a sample of its text;
 * returns an estimate of the number of records. */
G_GNUC_INTERNAL
gsize       _lab_csv_sniff             (LabCsvLoader *self);

/* ---- cells and columns (lab-csv-types.c) ---- */

typedef enum
{
  LAB_CSV_CELL_MISSING,
  LAB_CSV_CELL_NUMBER,
  LAB_CSV_CELL_TEXT,
} LabCsvCell;

/* A column while the rows are read. */
typedef struct
{
  gboolean     numeric;
  gboolean     integer;      /* every value so far written as an integer within ±2^53 */
  gboolean     renumber;     /* text: level codes to put in order of first appearance */
  gsize        n_values;     /* not missing */
  gsize        n_missing;
  gsize        fill_end;     /* text: rows [0, fill_end) are still to be read... */
  gsize        fill2_start;  /* ...and rows [fill2_start, fill2_end) */
  gsize        fill2_end;
  double      *numbers;
  gboolean     borrowed;     /* numbers lies in the rows' shared buffer (lab-csv-rows.c): never freed or renewed here */
  guint32     *codes;
  GHashTable  *index;        /* level string → code + 1 */
  GPtrArray   *levels;
} LabCsvColumn;

/* Surrounding spaces and tabs do not count when deciding what a cell is. */
static inline void
_lab_csv_trim_blanks (const char **s,
                      gsize       *len)
{
  const char *b = *s, *e = *s + *len;

  while (b < e && (*b == ' ' || *b == '\t'))
    b++;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  *s = b;
  *len = (gsize) (e - b);
}

G_GNUC_INTERNAL
LabCsvCell  _lab_csv_classify          (const char *s,
                                        gsize       len,
                                        char        decimal,
                                        double     *v,
                                        gboolean   *is_integer);

static inline void
_lab_csv_column_store_number (LabCsvColumn *col,
                              gsize         row,
                              double        v,
                              gboolean      is_integer)
{
  col->numbers[row] = v;
  col->n_values++;
  if (G_UNLIKELY (col->integer && !(is_integer && fabs (v) <= LAB_CSV_TWO_POW_53)))
    col->integer = FALSE;
}

/* The code of level @s in @col, added if new; @key is scratch space. */
G_GNUC_INTERNAL
guint32     _lab_csv_column_intern     (LabCsvColumn *col,
                                        const char   *s,
                                        gsize         len,
                                        GString      *key);
/* Turns @col into a text column whose rows before @row are still to be read. */
G_GNUC_INTERNAL
void        _lab_csv_column_make_text  (LabCsvColumn *col,
                                        gsize         capacity,
                                        gsize         row);
/* Stores cell @s of row @row of a text column: missing or a level. */
G_GNUC_INTERNAL
void        _lab_csv_column_store_text (LabCsvColumn *col,
                                        gsize         row,
                                        const char   *s,
                                        gsize         len,
                                        GString      *key);
/* Puts the level codes of the first @n_rows rows in order of first appearance. */
G_GNUC_INTERNAL
void        _lab_csv_column_renumber   (LabCsvColumn *col,
                                        gsize         n_rows);
G_GNUC_INTERNAL
void        _lab_csv_column_clear      (LabCsvColumn *col);

/* @n column names from the header's fields @raw (NULL: no header): empty ones
 * become "column_N", repeated ones "x_2", "x_3"... */
G_GNUC_INTERNAL
char      **_lab_csv_unique_names      (GPtrArray *raw,
                                        guint      n);

/* ---- the rows (lab-csv-rows.c) ---- */

/* The rows from @start up to the end of the text, or up to @split when a
 * record starts exactly there. Two parts may run on two threads. */
typedef struct
{
  const LabCsvLoader *loader;
  LabCsvColumn       *columns;
  gsize               n_rows;
  gsize               capacity;
  GArray             *marks;       /* LabRowMark: every LAB_ROW_MARK_STEP-th record of the part */
  GArray             *anchors;
  GString            *scratch;     /* unquoted field content */
  GString            *key;         /* NUL-terminated copy for the level index */
  GError             *error;
  gsize               n_comments;  /* comment lines skipped */

  const char         *start;
  const char         *split;
  guint               line;        /* the line of @start; at the end, the line where the part stopped */
  GCancellable       *cancellable;
  gint               *stop_self;   /* set by the first part when the second's work is not needed */
  LabProgressFunc     progress;
  gpointer            progress_data;

  gboolean            ok;
  gboolean            at_split;    /* stopped where a record starts at @split */
  gboolean            overran;     /* a record spanned @split: the part read on to the end */
} LabCsvPart;

/* Reads the records from @p (on line @line) to the end of the text into
 * @rows, which is all of them, every column complete. FALSE with @error set
 * (@rows then cleared) on a malformed record or when cancelled. */
G_GNUC_INTERNAL
gboolean    _lab_csv_read_rows         (const LabCsvLoader  *self,
                                        const char          *p,
                                        guint                line,
                                        gsize                estimate,
                                        LabProgressFunc      progress,
                                        gpointer             progress_data,
                                        GCancellable        *cancellable,
                                        LabCsvPart          *rows,
                                        GError             **error);
G_GNUC_INTERNAL
void        _lab_csv_part_clear        (LabCsvPart *part);

G_END_DECLS
