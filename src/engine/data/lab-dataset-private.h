/* lab-dataset-private.h — what the CSV reader fills in and the dataset reads back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Uninstalled: shared by lab-csv.c (which builds a LabDataset) and
 * lab-dataset.c (which answers questions about it).
 */
#pragma once

#include "lab-dataset.h"

G_BEGIN_DECLS

typedef struct
{
  char          *name;
  LabColumnType  type;
  gsize          n_missing;
  double        *numbers;    /* integer, number: n_rows values, NaN where missing */
  /* integer columns of whole numbers 0 to 255 with no cell missing (0/1 labels, class
   * numbers): the values, one byte per row; then numbers is NULL until first asked for
   * (lab_dataset_get_numbers makes it, once) */
  guint8        *small;
  guint32       *codes;      /* text: n_rows level codes, G_MAXUINT32 where missing */
  GPtrArray     *levels;     /* text: the level strings, in order of first appearance */
} LabColumn;

/* Row @row starts on physical line @line; rows after it follow one line each
 * until the next anchor. Files with one line per record need a single anchor. */
typedef struct
{
  gsize row;
  guint line;
} LabLineAnchor;

/* Where record @row starts in the text. The reader keeps one for every LAB_ROW_MARK_STEP-th
 * record (of each of its parts), not one per record: a record is found by stepping over the
 * few records after the mark before it (_lab_csv_find_record), and 10 million rows keep
 * 2.5 MB of marks instead of 80 MB of offsets. */
typedef struct
{
  gsize row;
  gsize offset;
} LabRowMark;

#define LAB_ROW_MARK_STEP  64

struct _LabDataset
{
  gatomicrefcount  ref_count;

  char            *name;
  char            *path;
  GBytes          *bytes;        /* the whole file, as read (mapped for a file) */
  int              fd;           /* the mapped file, to notice it shrinking; -1 for a buffer */
  const char      *text;         /* the text: after a UTF-8 BOM, before end-of-file padding */
  gsize            text_len;
  char            *sha256;       /* computed on first use (g_once_init) */

  char             delimiter;
  char             decimal;
  gboolean         header;
  char             comment;          /* '\0': none */
  gsize            n_comment_lines;

  gsize            n_rows;
  guint            n_columns;
  LabColumn       *columns;

  LabRowMark      *marks;        /* where every LAB_ROW_MARK_STEP-th record starts in text */
  gsize            n_marks;
  LabLineAnchor   *anchors;
  gsize            n_anchors;
};

LabDataset *_lab_dataset_new              (const char *name,
                                           const char *path,
                                           GBytes     *bytes);
guint       _lab_dataset_row_line         (LabDataset *self,
                                           gsize       row);

/* Field scanning of a record known to be well-formed (the file has been loaded). */
typedef struct
{
  const char *start;     /* the content: inside the quotes when quoted */
  const char *end;
  gboolean    quoted;
  gboolean    escapes;   /* holds "" pairs: the content needs unquoting */
} LabCsvField;

/* Scans the field at @p, which ends at @end. Returns where the field stops: at the
 * delimiter (a space or a tab for ' '), at a line end or at @end. Adds to *@lines the line ends inside the field
 * and sets *@line_start after the last of them (left alone when none). */
const char *_lab_csv_next_field           (const char   *p,
                                           const char   *end,
                                           char          delimiter,
                                           LabCsvField  *field,
                                           guint        *lines,
                                           const char  **line_start);
/* After a field that stopped at *@p: whether another field of the record follows, and
 * then *@p is where it starts. With @delimiter ' ' (runs of spaces and tabs) the run is
 * stepped over, and trailing blanks end the record (*@p then after them). */
static inline gboolean
_lab_csv_next_delimiter (const char **p,
                         const char  *end,
                         char         delimiter)
{
  const char *q = *p;

  if (q >= end)
    return FALSE;
  if (delimiter != ' ')
    {
      if (*q != delimiter)
        return FALSE;
      *p = q + 1;
      return TRUE;
    }
  if (*q != ' ' && *q != '\t')
    return FALSE;
  while (q < end && (*q == ' ' || *q == '\t'))
    q++;
  *p = q;
  return q < end && *q != '\n' && *q != '\r';
}
/* Where the record after the one starting at @p starts, or @end: its fields and line end,
 * then the blank and comment lines (@comment, '\0' for none) after it, as the reader steps
 * over them. For a text the reader has read without error. */
const char *_lab_csv_skip_record          (const char       *p,
                                           const char       *end,
                                           char              delimiter,
                                           char              comment);
/* Where record @row starts, from @marks (sorted by row, the first at row 0). */
const char *_lab_csv_find_record          (const char       *text,
                                           const char       *end,
                                           char              delimiter,
                                           char              comment,
                                           const LabRowMark *marks,
                                           gsize             n_marks,
                                           gsize             row);
/* The content of @field with "" turned into ". */
char       *_lab_csv_field_dup            (const LabCsvField *field);
/* 1-based code point column of @pos on the line starting at @line_start. */
guint       _lab_csv_column_of            (const char *line_start,
                                           const char *pos);

/* Knobs for tests and fuzzing, not thread-safe: files from @bytes on are read
 * by two threads (default 4 MiB); detection looks at the first @bytes (0: the
 * default, 64 KiB). */
void        _lab_csv_set_parallel_threshold (gsize bytes);
void        _lab_csv_set_sample_size        (gsize bytes);

G_END_DECLS
