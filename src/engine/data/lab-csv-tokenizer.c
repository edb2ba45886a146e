/* lab-csv-tokenizer.c — records and fields of CSV text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 fields: unquoted ones run to the delimiter or the line end (LF,
 * CRLF or a lone CR); quoted ones hold delimiters, "" and line ends. The
 * strict scanner (_lab_csv_scan_field) reads text for the first time and
 * reports what is not well-formed UTF-8 CSV at its place, "NAME:LINE:COL:
 * message" with the offending text; the lenient one (_lab_csv_next_field)
 * re-reads text already checked: detection's samples, the backfill of text
 * columns, lab-dataset.c's cells.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lab-csv-private.h"
#include "lab-error.h"

#define SNIPPET_CHARS       40

/* ---- UTF-8 and places in the text ---- */

/* Length of the well-formed UTF-8 sequence at @p (lead byte ≥ 0x80), or 0. */
static guint
utf8_sequence_length (const guchar *p,
                      const guchar *end)
{
  guchar c = p[0], lo = 0x80, hi = 0xBF;
  guint n;

  if (c < 0xC2)
    return 0;
  if (c < 0xE0)
    n = 2;
  else if (c < 0xF0)
    {
      n = 3;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;     /* no surrogates */
    }
  else if (c < 0xF5)
    {
      n = 4;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;     /* up to U+10FFFF */
    }
  else
    return 0;

  if ((gsize) (end - p) < n || p[1] < lo || p[1] > hi)
    return 0;
  for (guint i = 2; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

guint
_lab_csv_column_of (const char *line_start,
                    const char *pos)
{
  guint col = 1;

  for (const char *p = line_start; p < pos; p++)
    if (((guchar) *p & 0xC0) != 0x80)
      col++;
  return col;
}

static guint
line_of (const char *text,
         const char *pos)
{
  guint line = 1;

  for (const char *p = text; p < pos; p++)
    if (*p == '\n' || (*p == '\r' && (p + 1 >= pos || p[1] != '\n')))
      line++;
  return line;
}

static const char *
line_start_of (const char *text,
               const char *pos)
{
  while (pos > text && pos[-1] != '\n' && pos[-1] != '\r')
    pos--;
  return pos;
}

/* Up to SNIPPET_CHARS characters from @p, stopping at a line end, at @end and,
 * if @delimiter is not 0, at it; unprintable and invalid bytes escaped. */
static char *
snippet (const char *p,
         const char *end,
         char        delimiter)
{
  GString *s = g_string_new (NULL);
  guint n = 0;

  while (p < end && *p != '\n' && *p != '\r' && (delimiter == '\0' || *p != delimiter))
    {
      guchar c = (guchar) *p;

      if (n == SNIPPET_CHARS)
        {
          g_string_append (s, "…");
          break;
        }
      if (c >= 0x80)
        {
          guint len = utf8_sequence_length ((const guchar *) p, (const guchar *) end);

          if (len == 0)
            {
              g_string_append_printf (s, "\\x%02X", c);
              p++;
            }
          else
            {
              g_string_append_len (s, p, len);
              p += len;
            }
        }
      else if (c < 0x20 || c == 0x7F)
        {
          g_string_append_printf (s, "\\x%02X", c);
          p++;
        }
      else
        {
          g_string_append_c (s, (char) c);
          p++;
        }
      n++;
    }
  return g_string_free (s, FALSE);
}

/* ---- errors ---- */

void
_lab_csv_set_error_at (const LabCsvLoader  *self,
                       GError             **error,
                       const char          *pos,
                       const char          *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;
  guint line, col;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  line = line_of (self->text, pos);
  col = _lab_csv_column_of (line_start_of (self->text, pos), pos);
  g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s:%u:%u: %s", self->name, line, col, message);
}

/* Binary, as git judges it (a NUL byte among the first 8000 bytes), with a
 * second control byte there so that one stray NUL in a text file still gets
 * its line and column. Images, workbooks, archives and executables hold many
 * within their first few bytes; CSV text in UTF-8 holds none. */
static gboolean
looks_binary (const LabCsvLoader *self)
{
  gsize head = MIN ((gsize) (self->end - self->text), 8000);
  guint n_control = 0;
  gboolean nul = FALSE;

  for (gsize i = 0; i < head; i++)
    {
      guchar c = (guchar) self->text[i];

      if (c == 0)
        nul = TRUE;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
        n_control++;
    }
  return nul && n_control >= 2;
}

static void
set_binary_error (const LabCsvLoader  *self,
                  GError             **error)
{
  g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
               _("%s: not a text (CSV) file: it holds NUL bytes, as images, spreadsheets and "
                 "archives do (a workbook? save it as CSV, UTF-8)"),
               self->name);
}

static void
set_utf8_error (const LabCsvLoader  *self,
                GError             **error,
                const char          *field_start,
                const char          *pos)
{
  const char *line_start = line_start_of (self->text, pos);
  g_autofree char *text = NULL;

  if (looks_binary (self))
    {
      set_binary_error (self, error);
      return;
    }
  text = snippet (MAX (line_start, field_start), self->end, '\0');
  _lab_csv_set_error_at (self, error, pos,
                         _("invalid UTF-8 (byte 0x%02X) in “%s”: the file is in another encoding "
                           "(Latin-1 or Windows-1252?); save it as UTF-8"),
                         (guchar) *pos, text);
}

void
_lab_csv_set_count_error (const LabCsvLoader  *self,
                          GError             **error,
                          const char          *record_start,
                          const char          *pos,
                          guint                found)
{
  g_autofree char *text = snippet (record_start, self->end, '\0');

  if (self->header)
    _lab_csv_set_error_at (self, error, pos,
                           g_dngettext (GETTEXT_PACKAGE, "expected %u field as in the header, found %u: “%s”",
                                        "expected %u fields as in the header, found %u: “%s”", self->n_columns),
                           self->n_columns, found, text);
  else
    _lab_csv_set_error_at (self, error, pos,
                           g_dngettext (GETTEXT_PACKAGE, "expected %u field as in the first record, found %u: “%s”",
                                        "expected %u fields as in the first record, found %u: “%s”", self->n_columns),
                           self->n_columns, found, text);
}

/* ---- fields ---- */

void
_lab_csv_loader_set_tables (LabCsvLoader *self)
{
  memset (self->stop, 0, sizeof self->stop);
  memset (self->ends, 0, sizeof self->ends);
  self->stop[(guchar) self->delimiter] = self->stop['\n'] = self->stop['\r'] = 1;
  self->stop['"'] = self->stop[0] = 1;
  for (guint c = 0x80; c < 0x100; c++)
    self->stop[c] = 1;
  self->ends[(guchar) self->delimiter] = self->ends['\n'] = self->ends['\r'] = 1;
  if (self->delimiter == ' ')
    self->stop['\t'] = self->ends['\t'] = 1;
}

/* Steps over the character at @p, a byte that no plain run of a field takes
 * (NUL or ≥ 0x80) and that no other rule took. NULL with @error set for a NUL
 * byte or what is not well-formed UTF-8. */
static inline const char *
skip_other_char (const LabCsvLoader  *self,
                 const char          *field_start,
                 const char          *p,
                 GError             **error)
{
  guint n;

  if (*p == '\0')
    {
      if (looks_binary (self))
        set_binary_error (self, error);
      else
        _lab_csv_set_error_at (self, error, p, _("a NUL byte: this is not a UTF-8 text file"));
      return NULL;
    }
  n = utf8_sequence_length ((const guchar *) p, (const guchar *) self->end);
  if (n == 0)
    {
      set_utf8_error (self, error, field_start, p);
      return NULL;
    }
  return p + n;
}

const char *
_lab_csv_scan_field (const LabCsvLoader  *self,
                     const char          *p,
                     LabCsvField         *field,
                     guint               *lines,
                     GError             **error)
{
  const char *start = p, *end = self->end;

  if (p < end && *p == '"')
    {
      field->quoted = TRUE;
      field->escapes = FALSE;
      field->start = ++p;
      for (;;)
        {
          while (p < end && *p != '"' && *p != '\n' && *p != '\r' && *p != '\0' && (guchar) *p < 0x80)
            p++;
          if (p >= end)
            {
              g_autofree char *text = snippet (start, end, '\0');

              _lab_csv_set_error_at (self, error, end, _("unterminated quoted field started at line %u: “%s”"),
                                     line_of (self->text, start), text);
              return NULL;
            }
          if (*p == '"')
            {
              if (p + 1 < end && p[1] == '"')
                {
                  field->escapes = TRUE;
                  p += 2;
                  continue;
                }
              field->end = p++;
              if (p < end && !self->ends[(guchar) *p])
                {
                  g_autofree char *text = snippet (p, end, self->delimiter);

                  _lab_csv_set_error_at (self, error, p,
                                         _("expected a delimiter or the end of the line after the closing quote, found “%s”"),
                                         text);
                  return NULL;
                }
              return p;
            }
          if (*p == '\n')
            {
              p++;
              (*lines)++;
            }
          else if (*p == '\r')
            {
              p++;
              if (p < end && *p == '\n')
                p++;
              (*lines)++;
            }
          else if ((p = skip_other_char (self, start, p, error)) == NULL)
            return NULL;
        }
    }

  field->quoted = FALSE;
  field->escapes = FALSE;
  field->start = p;
  for (;;)
    {
      while (p < end && !self->stop[(guchar) *p])
        p++;
      if (p >= end || self->ends[(guchar) *p])
        break;
      if (*p == '"')
        {
          g_autofree char *text = snippet (start, end, self->delimiter);

          _lab_csv_set_error_at (self, error, p,
                                 _("a quote inside an unquoted field: “%s” (quote the whole field and double the quote)"),
                                 text);
          return NULL;
        }
      if ((p = skip_other_char (self, start, p, error)) == NULL)
        return NULL;
    }
  field->end = p;
  return p;
}

const char *
_lab_csv_field_unquote (const LabCsvField *field,
                        GString           *scratch,
                        gsize             *len)
{
  g_string_truncate (scratch, 0);
  for (const char *p = field->start; p < field->end; p++)
    {
      g_string_append_c (scratch, *p);
      if (*p == '"')
        p++;
    }
  *len = scratch->len;
  return scratch->str;
}

char *
_lab_csv_field_dup (const LabCsvField *field)
{
  GString *s = g_string_sized_new ((gsize) (field->end - field->start));
  gsize len;
  const char *text = _lab_csv_field_content (field, s, &len);

  if (text != s->str)
    g_string_append_len (s, text, (gssize) len);
  return g_string_free (s, FALSE);
}

const char *
_lab_csv_next_field (const char   *p,
                     const char   *end,
                     char          delimiter,
                     LabCsvField  *field,
                     guint        *lines,
                     const char  **line_start)
{
  if (p < end && *p == '"')
    {
      field->quoted = TRUE;
      field->escapes = FALSE;
      field->start = ++p;
      while (p < end)
        {
          if (*p == '"')
            {
              if (p + 1 < end && p[1] == '"')
                {
                  field->escapes = TRUE;
                  p += 2;
                  continue;
                }
              break;
            }
          if (*p == '\n' || *p == '\r')
            {
              if (*p == '\r' && p + 1 < end && p[1] == '\n')
                p++;
              p++;
              (*lines)++;
              *line_start = p;
              continue;
            }
          p++;
        }
      field->end = p;
      if (p < end)
        p++;
      /* lenient on what a well-formed file never has */
      while (p < end && *p != delimiter && *p != '\n' && *p != '\r' && !(delimiter == ' ' && *p == '\t'))
        p++;
      return p;
    }
  field->quoted = FALSE;
  field->escapes = FALSE;
  field->start = p;
  while (p < end && *p != delimiter && *p != '\n' && *p != '\r' && !(delimiter == ' ' && *p == '\t'))
    p++;
  field->end = p;
  return p;
}



/* Steps over blank and comment lines (and, with runs of blanks, the blanks before a
 * record) to where a record starts, as the row loop does (lab-csv-rows.c). */
static const char *
record_start (const char *p,
              const char *end,
              char        delimiter,
              char        comment)
{
  for (;;)
    {
      if (delimiter == ' ')
        while (p < end && (*p == ' ' || *p == '\t'))
          p++;
      if (p >= end)
        return end;
      if (*p == '\n' || *p == '\r')
        {
          p = _lab_csv_skip_line_end (p, end);
          continue;
        }
      if (comment != '\0' && _lab_csv_comment_at (p, end, (guchar) comment, delimiter))
        {
          p = _lab_csv_skip_line (p, end);
          continue;
        }
      return p;
    }
}

const char *
_lab_csv_skip_record (const char *p,
                      const char *end,
                      char        delimiter,
                      char        comment)
{
  for (;;)
    {
      LabCsvField field;
      guint lines = 0;
      const char *line_start = NULL;

      p = _lab_csv_next_field (p, end, delimiter, &field, &lines, &line_start);
      if (!_lab_csv_next_delimiter (&p, end, delimiter))
        break;
    }
  if (p < end)
    p = _lab_csv_skip_line_end (p, end);
  return record_start (p, end, delimiter, comment);
}

const char *
_lab_csv_find_record (const char       *text,
                      const char       *end,
                      char              delimiter,
                      char              comment,
                      const LabRowMark *marks,
                      gsize             n_marks,
                      gsize             row)
{
  gsize lo = 0, hi = n_marks;
  const char *p;

  g_assert (n_marks > 0 && marks[0].row == 0);
  /* the last mark at or before @row */
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (marks[mid].row <= row)
        lo = mid;
      else
        hi = mid;
    }
  p = text + marks[lo].offset;
  for (gsize r = marks[lo].row; r < row && p < end; r++)
    p = _lab_csv_skip_record (p, end, delimiter, comment);
  return p;
}
