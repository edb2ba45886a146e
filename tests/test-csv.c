/* test-csv.c — the CSV reader and the dataset it makes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * References: the csv-spectrum conformance suite (tests/data/csv-spectrum,
 * BSD-2-Clause, see its README) for what records read as; g_ascii_strtod()
 * (glibc's correctly rounded strtod) for every number.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lab-engine.h"
#include "lab-csv.h"
#include "lab-dataset-private.h"
#include "lab-error.h"

#include "csv-real-reference.h"

/* ---- helpers ---- */

static LabDataset *
load_string (const char  *text,
             gsize        len,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);

  return lab_csv_load_bytes ("t.csv", bytes, NULL, NULL, NULL, error);
}

static const char *
type_name (LabColumnType type)
{
  switch (type)
    {
    case LAB_COLUMN_INTEGER:
      return "integer";
    case LAB_COLUMN_NUMBER:
      return "number";
    case LAB_COLUMN_TEXT:
    default:
      return "text";
    }
}

static void
append_escaped (GString    *s,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (s, "\\n");
      else if (*p == '\r')
        g_string_append (s, "\\r");
      else if (*p == '\t')
        g_string_append (s, "\\t");
      else
        g_string_append_c (s, *p);
    }
}

/* One line saying what was read: shape, columns, and the first record as read. */
static char *
describe (LabDataset *data)
{
  GString *s = g_string_new (NULL);
  char delimiter = lab_dataset_get_delimiter (data);

  g_string_append_printf (s, "rows=%" G_GSIZE_FORMAT " header=%s delim=%s dec=%c",
                          lab_dataset_get_n_rows (data),
                          lab_dataset_has_header (data) ? "yes" : "no",
                          delimiter == '\t' ? "tab" : delimiter == ' ' ? "space" : (char[]) { delimiter, '\0' },
                          lab_dataset_get_decimal (data));
  if (lab_dataset_get_n_comment_lines (data) > 0)
    g_string_append_printf (s, " comments=%" G_GSIZE_FORMAT, lab_dataset_get_n_comment_lines (data));
  g_string_append (s, " |");
  for (guint c = 0; c < lab_dataset_get_n_columns (data); c++)
    {
      g_string_append_c (s, ' ');
      append_escaped (s, lab_dataset_get_column_name (data, c));
      g_string_append_printf (s, ":%s:%" G_GSIZE_FORMAT,
                              type_name (lab_dataset_get_column_type (data, c)),
                              lab_dataset_get_column_missing (data, c));
    }
  if (lab_dataset_get_n_rows (data) > 0)
    {
      g_string_append (s, " | first=");
      for (guint c = 0; c < lab_dataset_get_n_columns (data); c++)
        {
          g_autofree char *cell = lab_dataset_dup_cell_text (data, 0, c);

          g_string_append (s, c > 0 ? "|" : "[");
          append_escaped (s, cell);
        }
      g_string_append_c (s, ']');
    }
  return g_string_free (s, FALSE);
}

static char *
describe_load_with (const char           *text,
                    gsize                 len,
                    const LabCsvOptions  *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);
  g_autoptr(LabDataset) data = lab_csv_load_bytes_full ("t.csv", bytes, options, NULL, NULL, NULL, &error);

  if (data == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (!g_error_matches (error, LAB_ERROR, LAB_ERROR_DATA))
        return g_strdup_printf ("unexpected error %s %d: %s", g_quark_to_string (error->domain),
                                error->code, error->message);
      return g_strdup_printf ("error: %s", error->message);
    }
  g_assert_no_error (error);
  return describe (data);
}

static char *
describe_load (const char *text,
               gsize       len)
{
  return describe_load_with (text, len, NULL);
}

/* ---- csv-spectrum ---- */

/* A reader for the expected-output JSON of csv-spectrum: an array of objects
 * whose values are strings. Enough JSON for that, strictly. */
typedef struct
{
  const char *p;
  const char *end;
} Json;

static void
json_space (Json *j)
{
  while (j->p < j->end && g_ascii_isspace (*j->p))
    j->p++;
}

static void
json_expect (Json *j,
             char  c)
{
  json_space (j);
  g_assert_true (j->p < j->end);
  g_assert_cmpint (*j->p, ==, c);
  j->p++;
}

static char *
json_string (Json *j)
{
  GString *s = g_string_new (NULL);

  json_expect (j, '"');
  while (j->p < j->end && *j->p != '"')
    {
      if (*j->p == '\\')
        {
          j->p++;
          g_assert_true (j->p < j->end);
          switch (*j->p)
            {
            case 'n': g_string_append_c (s, '\n'); break;
            case 'r': g_string_append_c (s, '\r'); break;
            case 't': g_string_append_c (s, '\t'); break;
            case 'b': g_string_append_c (s, '\b'); break;
            case 'f': g_string_append_c (s, '\f'); break;
            case '"': g_string_append_c (s, '"'); break;
            case '\\': g_string_append_c (s, '\\'); break;
            case '/': g_string_append_c (s, '/'); break;
            case 'u':
              {
                char hex[5] = { 0 };
                guint64 cp;

                g_assert_true (j->end - j->p > 4);
                memcpy (hex, j->p + 1, 4);
                g_assert_true (g_ascii_string_to_unsigned (hex, 16, 0, 0xFFFF, &cp, NULL));
                g_assert_false (cp >= 0xD800 && cp <= 0xDFFF);   /* not needed by the suite */
                g_string_append_unichar (s, (gunichar) cp);
                j->p += 4;
                break;
              }
            default:
              g_assert_not_reached ();
            }
          j->p++;
        }
      else
        g_string_append_c (s, *j->p++);
    }
  json_expect (j, '"');
  return g_string_free (s, FALSE);
}

/* The records: a GPtrArray of GPtrArray of (key, value) pairs, flattened. */
static GPtrArray *
json_records (const char *text,
              gsize       len)
{
  Json j = { text, text + len };
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  json_expect (&j, '[');
  json_space (&j);
  if (j.p < j.end && *j.p == ']')
    j.p++;
  else
    for (;;)
      {
        GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);

        json_expect (&j, '{');
        json_space (&j);
        if (*j.p == '}')
          j.p++;
        else
          for (;;)
            {
              g_ptr_array_add (pairs, json_string (&j));
              json_expect (&j, ':');
              g_ptr_array_add (pairs, json_string (&j));
              json_space (&j);
              if (*j.p == ',')
                {
                  j.p++;
                  continue;
                }
              json_expect (&j, '}');
              break;
            }
        g_ptr_array_add (records, pairs);
        json_space (&j);
        if (*j.p == ',')
          {
            j.p++;
            continue;
          }
        json_expect (&j, ']');
        break;
      }
  json_space (&j);
  g_assert_true (j.p == j.end);
  return records;
}

static void
test_spectrum (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "csv-spectrum", "csvs", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_no_error (error);
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (entry, ".csv"))
      g_ptr_array_add (names, g_strdup (entry));
  g_assert_cmpuint (names->len, ==, 11);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *csv_path = g_build_filename (dir, name, NULL);
      g_autofree char *stem = g_strndup (name, strlen (name) - 4);
      g_autofree char *json_name = g_strconcat (stem, ".json", NULL);
      g_autofree char *json_path = g_test_build_filename (G_TEST_DIST, "data", "csv-spectrum", "json",
                                                          json_name, NULL);
      g_autofree char *json = NULL;
      gsize json_len;
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(LabDataset) data = NULL;

      g_test_message ("csv-spectrum %s", name);
      g_assert_true (g_file_get_contents (json_path, &json, &json_len, &error));
      g_assert_no_error (error);
      records = json_records (json, json_len);

      data = lab_csv_load_file (csv_path, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (data);
      g_assert_cmpstr (lab_dataset_get_name (data), ==, name);
      g_assert_cmpstr (lab_dataset_get_path (data), ==, csv_path);
      g_assert_true (lab_dataset_has_header (data));
      g_assert_cmpint (lab_dataset_get_delimiter (data), ==, ',');
      g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, records->len);
      for (guint r = 0; r < records->len; r++)
        {
          GPtrArray *pairs = g_ptr_array_index (records, r);

          g_assert_cmpuint (pairs->len, ==, 2 * lab_dataset_get_n_columns (data));
          for (guint c = 0; c < lab_dataset_get_n_columns (data); c++)
            {
              g_autofree char *cell = lab_dataset_dup_cell_text (data, r, c);

              g_assert_cmpstr (lab_dataset_get_column_name (data, c), ==, g_ptr_array_index (pairs, 2 * c));
              g_assert_cmpstr (cell, ==, g_ptr_array_index (pairs, 2 * c + 1));
            }
        }
    }
}

/* ---- malformed and odd inputs ---- */

typedef struct
{
  const char *what;
  const char *input;
  gsize       len;        /* 0: strlen (input) */
  const char *expected;   /* describe() or "error: " and the message */
} Case;

static const Case cases[] = {
  /* line ends, padding, blank lines */
  { "LF", "a,b,c\n1,2,3\n", 0,
    "rows=1 header=yes delim=, dec=. | a:integer:0 b:integer:0 c:integer:0 | first=[1|2|3]" },
  { "no final line end", "a,b\n1,2\n3,4", 0,
    "rows=2 header=yes delim=, dec=. | a:integer:0 b:integer:0 | first=[1|2]" },
  { "CRLF", "a,b\r\n1.5,2\r\n3,4\r\n", 0,
    "rows=2 header=yes delim=, dec=. | a:number:0 b:integer:0 | first=[1.5|2]" },
  { "lone CR", "a,b\r1,2\r3,4\r", 0,
    "rows=2 header=yes delim=, dec=. | a:integer:0 b:integer:0 | first=[1|2]" },
  { "mixed line ends", "a,b\r\n1,2\n3,4\r5,6", 0,
    "rows=3 header=yes delim=, dec=. | a:integer:0 b:integer:0 | first=[1|2]" },
  { "BOM", "\xEF\xBB\xBFid,v\n1,2\n", 0,
    "rows=1 header=yes delim=, dec=. | id:integer:0 v:integer:0 | first=[1|2]" },
  { "blank lines skipped", "\n\na,b\n\n1,2\n\r\n\n3,4\n\n", 0,
    "rows=2 header=yes delim=, dec=. | a:integer:0 b:integer:0 | first=[1|2]" },
  { "Ctrl-Z padding", "a,b\n1,2\n\x1A\x1A", 0,
    "rows=1 header=yes delim=, dec=. | a:integer:0 b:integer:0 | first=[1|2]" },
  { "NUL padding", "a,b\n1,2\0\0\0\0", 12,
    "rows=1 header=yes delim=, dec=. | a:integer:0 b:integer:0 | first=[1|2]" },
  /* detection */
  { "semicolon, decimal comma", "x;y\n1,5;2\n-3,25;4\n", 0,
    "rows=2 header=yes delim=; dec=, | x:number:0 y:integer:0 | first=[1,5|2]" },
  { "semicolon, decimal point", "x;y\n1.5;2\n3;4\n", 0,
    "rows=2 header=yes delim=; dec=. | x:number:0 y:integer:0 | first=[1.5|2]" },
  { "semicolon, decimal comma, no header", "1,5;2,5\n3,5;4,5\n", 0,
    "rows=2 header=no delim=; dec=, | column_1:number:0 column_2:number:0 | first=[1,5|2,5]" },
  { "tab", "a\tb c\n1\tx y\n", 0,
    "rows=1 header=yes delim=tab dec=. | a:integer:0 b c:text:0 | first=[1|x y]" },
  { "pipe", "a|b\n1|2\n", 0,
    "rows=1 header=yes delim=| dec=. | a:integer:0 b:integer:0 | first=[1|2]" },
  { "commas in quotes do not vote", "name,note\n\"a,b,c\",1\n\"d,e\",2\n", 0,
    "rows=2 header=yes delim=, dec=. | name:text:0 note:integer:0 | first=[a,b,c|1]" },
  { "no header: all numbers", "1,2\n3,4\n", 0,
    "rows=2 header=no delim=, dec=. | column_1:integer:0 column_2:integer:0 | first=[1|2]" },
  { "all text: header assumed", "a,b\nc,d\n", 0,
    "rows=1 header=yes delim=, dec=. | a:text:0 b:text:0 | first=[c|d]" },
  { "header only", "a,b,c\n", 0,
    "rows=0 header=yes delim=, dec=. | a:number:0 b:number:0 c:number:0" },
  { "single column", "v\n1\n\n2\n", 0,
    "rows=2 header=yes delim=, dec=. | v:integer:0 | first=[1]" },
  { "duplicate and empty names", "x,x,,x_2,\n1,2,3,4,5\n", 0,
    "rows=1 header=yes delim=, dec=. | x:integer:0 x_3:integer:0 column_3:integer:0 x_2:integer:0 "
    "column_5:integer:0 | first=[1|2|3|4|5]" },
  { "quoted header with a line end", "\"a\nb\",c\n1,2\n", 0,
    "rows=1 header=yes delim=, dec=. | a\\nb:integer:0 c:integer:0 | first=[1|2]" },
  /* cells */
  { "missing spellings", "v,w\nNA,1\nN/A,2\n#N/A,3\nNULL,4\nnull,5\nNone,6\nNaN,7\nnan,8\n,9\n\"\",10\n 1.5 ,11\n", 0,
    "rows=11 header=yes delim=, dec=. | v:number:10 w:integer:0 | first=[NA|1]" },
  { "missing in text", "v\nx\nNA\n\ny\n", 0,
    "rows=3 header=yes delim=, dec=. | v:text:1 | first=[x]" },
  { "infinities", "v\ninf\n-inf\nInfinity\n+inf\n-Infinity\nINF\n1\n", 0,
    "rows=7 header=yes delim=, dec=. | v:number:0 | first=[inf]" },
  { "NAN is not a missing spelling", "v\nNAN\n1\n", 0,
    "rows=2 header=yes delim=, dec=. | v:text:0 | first=[NAN]" },
  { "hex is text", "v\n0x1A\n2\n", 0,
    "rows=2 header=yes delim=, dec=. | v:text:0 | first=[0x1A]" },
  { "trailing junk is text", "v\n12abc\n", 0,
    "rows=1 header=yes delim=, dec=. | v:text:0 | first=[12abc]" },
  { "lone signs, points and exponents are text", "a,b,c,d,e\n-,.,1e,e5,1e+\n", 0,
    "rows=1 header=yes delim=, dec=. | a:text:0 b:text:0 c:text:0 d:text:0 e:text:0 | first=[-|.|1e|e5|1e+]" },
  { "signs, points, exponents", "a,b,c,d\n+1.5,.5,5.,1E-3\n-0,-.5e2,+7,0e0\n", 0,
    "rows=2 header=yes delim=, dec=. | a:number:0 b:number:0 c:number:0 d:number:0 | first=[+1.5|.5|5.|1E-3]" },
  { "integers", "a,b,c,d\n+1,007,-0,9007199254740992\n", 0,
    "rows=1 header=yes delim=, dec=. | a:integer:0 b:integer:0 c:integer:0 d:integer:0 | first=[+1|007|-0|9007199254740992]" },
  { "integer-valued but not integers", "a,b,c\n1e3,1.0,9007199254740993\n", 0,
    "rows=1 header=yes delim=, dec=. | a:number:0 b:number:0 c:number:0 | first=[1e3|1.0|9007199254740993]" },
  { "spaces around numbers", "a,b\n 1 ,\t2.5\n", 0,
    "rows=1 header=yes delim=, dec=. | a:integer:0 b:number:0 | first=[ 1 |\\t2.5]" },
  { "quoted numbers", "a,b\n\"1\",\"2.5\"\n", 0,
    "rows=1 header=yes delim=, dec=. | a:integer:0 b:number:0 | first=[1|2.5]" },
  { "a decimal point with a decimal comma is text", "x;y\n1,5;1.5\n2,5;2\n", 0,
    "rows=2 header=yes delim=; dec=, | x:number:0 y:text:0 | first=[1,5|1.5]" },
  { "empty row of fields", "a,b\n1,2\n,\n", 0,
    "rows=2 header=yes delim=, dec=. | a:integer:1 b:integer:1 | first=[1|2]" },
  { "trailing delimiter: an unnamed last column", "a,b,\n1,2,\n", 0,
    "rows=1 header=yes delim=, dec=. | a:integer:0 b:integer:0 column_3:number:1 | first=[1|2|]" },
  { "text late in a column", "a,b\n1,2\n3,4\nNA,x\n5,\n", 0,
    "rows=4 header=yes delim=, dec=. | a:integer:1 b:text:1 | first=[1|2]" },
  { "quoted: delimiter, quotes, CRLF", "a,b\n\"x,\"\"y\"\"\r\nz\",1\n", 0,
    "rows=1 header=yes delim=, dec=. | a:text:0 b:integer:0 | first=[x,\"y\"\\r\\nz|1]" },
  { "UTF-8 text", "name,v\nZoë 😀,1\n", 0,
    "rows=1 header=yes delim=, dec=. | name:text:0 v:integer:0 | first=[Zoë 😀|1]" },
  /* errors */
  { "empty", "", 0, "error: t.csv:1:1: the file is empty" },
  { "only a BOM", "\xEF\xBB\xBF", 0, "error: t.csv:1:1: the file is empty (it holds only a byte order mark)" },
  { "only padding", "\x1A\x1A", 0, "error: t.csv:1:1: the file is empty (it holds only NUL or Ctrl-Z padding)" },
  { "only blank lines", "\n\r\n\n", 0, "error: t.csv:1:1: the file holds no records, only blank lines" },
  { "UTF-16LE with BOM", "\xFF\xFE" "a\0,\0b\0", 8,
    "error: t.csv:1:1: the file is UTF-16 (little-endian) text (it starts with a byte order mark); "
    "save it as UTF-8 (“CSV UTF-8” in a spreadsheet)" },
  { "UTF-16BE with BOM", "\xFE\xFF\0a\0,\0b", 8,
    "error: t.csv:1:1: the file is UTF-16 (big-endian) text (it starts with a byte order mark); "
    "save it as UTF-8 (“CSV UTF-8” in a spreadsheet)" },
  { "UTF-32LE with BOM", "\xFF\xFE\0\0a\0\0\0", 8,
    "error: t.csv:1:1: the file is UTF-32 (little-endian) text (it starts with a byte order mark); "
    "save it as UTF-8 (“CSV UTF-8” in a spreadsheet)" },
  { "UTF-16LE without BOM", "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0", 16,
    "error: t.csv:1:1: the file looks like UTF-16 (little-endian) text, not UTF-8 (it has NUL bytes "
    "between the characters); save it as UTF-8 (“CSV UTF-8” in a spreadsheet)" },
  { "UTF-16BE without BOM", "\0a\0,\0b\0\n", 8,
    "error: t.csv:1:1: the file looks like UTF-16 (big-endian) text, not UTF-8 (it has NUL bytes "
    "between the characters); save it as UTF-8 (“CSV UTF-8” in a spreadsheet)" },
  { "UTF-32BE without BOM", "\0\0\0a\0\0\0\n", 8,
    "error: t.csv:1:1: the file looks like UTF-32 (big-endian) text, not UTF-8 (it has NUL bytes "
    "between the characters); save it as UTF-8 (“CSV UTF-8” in a spreadsheet)" },
  { "NUL byte", "a,b\n1,x\0y\n", 10, "error: t.csv:2:4: a NUL byte: this is not a UTF-8 text file" },
  { "NUL byte in quotes", "a,b\n1,\"x\0\"\n", 10, "error: t.csv:2:5: a NUL byte: this is not a UTF-8 text file" },
  { "PNG image", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10", 20,
    "error: t.csv: not a text (CSV) file: it holds NUL bytes, as images, spreadsheets and archives do "
    "(a workbook? save it as CSV, UTF-8)" },
  { "xlsx workbook", "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0", 14,
    "error: t.csv: not a text (CSV) file: it holds NUL bytes, as images, spreadsheets and archives do "
    "(a workbook? save it as CSV, UTF-8)" },
  { "Latin-1", "name,v\ncaf\xE9,1\n", 0,
    "error: t.csv:2:4: invalid UTF-8 (byte 0xE9) in “caf\\xE9,1”: the file is in another encoding "
    "(Latin-1 or Windows-1252?); save it as UTF-8" },
  { "overlong UTF-8", "v\n\xC0\xAF\n", 0,
    "error: t.csv:2:1: invalid UTF-8 (byte 0xC0) in “\\xC0\\xAF”: the file is in another encoding "
    "(Latin-1 or Windows-1252?); save it as UTF-8" },
  { "UTF-8 surrogate", "v\n\"ab\xED\xA0\x80\"\n", 0,
    "error: t.csv:2:4: invalid UTF-8 (byte 0xED) in “\"ab\\xED\\xA0\\x80\"”: the file is in another encoding "
    "(Latin-1 or Windows-1252?); save it as UTF-8" },
  { "truncated UTF-8 at the end", "v\nx\xC3", 0,
    "error: t.csv:2:2: invalid UTF-8 (byte 0xC3) in “x\\xC3”: the file is in another encoding "
    "(Latin-1 or Windows-1252?); save it as UTF-8" },
  { "invalid UTF-8 in the header", "a\xFF,b\n1,2\n", 0,
    "error: t.csv:1:2: invalid UTF-8 (byte 0xFF) in “a\\xFF,b”: the file is in another encoding "
    "(Latin-1 or Windows-1252?); save it as UTF-8" },
  { "unterminated quote", "a,b\n1,2\n3,\"four\n5,6\n", 0,
    "error: t.csv:5:1: unterminated quoted field started at line 3: “\"four”" },
  { "unterminated quote, no final line end", "a,b\n1,\"x", 0,
    "error: t.csv:2:5: unterminated quoted field started at line 2: “\"x”" },
  { "unterminated quote in the header", "\"a,b\n1,2\n", 0,
    "error: t.csv:3:1: unterminated quoted field started at line 1: “\"a,b”" },
  { "quote inside an unquoted field", "a,b\n1,x\"y\"\n", 0,
    "error: t.csv:2:4: a quote inside an unquoted field: “x\"y\"” (quote the whole field and double the quote)" },
  { "text after a closing quote", "a,b\n1,\"x\"y,\n", 0,
    "error: t.csv:2:6: expected a delimiter or the end of the line after the closing quote, found “y”" },
  { "space after a closing quote", "a,b\n\"x\" ,1\n", 0,
    "error: t.csv:2:4: expected a delimiter or the end of the line after the closing quote, found “ ”" },
  { "too many fields", "a,b,c\n1,2,3\n1,2,3,4\n", 0,
    "error: t.csv:3:7: expected 3 fields as in the header, found 4: “1,2,3,4”" },
  { "too few fields", "a,b,c\n1,2,3\n1,2\n", 0,
    "error: t.csv:3:4: expected 3 fields as in the header, found 2: “1,2”" },
  { "too many fields without a header", "1,2\n3,4,\"5\n6\",7\n", 0,
    "error: t.csv:2:5: expected 2 fields as in the first record, found 4: “3,4,\"5”" },
  { "one field too many", "v\n1\n2,3\n", 0,
    "error: t.csv:3:3: expected 1 field as in the header, found 2: “2,3”" },
  { "the line right after a record on three lines", "a,b\n\"x\ny\nz\",1\n2,3,4\n", 0,
    "error: t.csv:5:5: expected 2 fields as in the header, found 3: “2,3,4”" },
  { "columns count characters, not bytes", "a,b\n\"é\",\"ü\"x\n", 0,
    "error: t.csv:2:8: expected a delimiter or the end of the line after the closing quote, found “x”" },
  { "column after a BOM", "\xEF\xBB\xBF" "a,b\"\n", 0,
    "error: t.csv:1:4: a quote inside an unquoted field: “b\"” (quote the whole field and double the quote)" },
  { "a long record is cut in the message", "a,b\n1,2,0123456789012345678901234567890123456789\n", 0,
    "error: t.csv:2:5: expected 2 fields as in the header, found 3: “1,2,012345678901234567890123456789012345…”" },
};

/* Files as they come (issue 13): comment lines, runs of blanks, numeric headers, and
 * each option forced. Options: delimiter 0 (detect) or the character (' ' for
 * runs of blanks), comment '#' unless @no_comment or @comment, header as given. */
typedef struct
{
  const char    *what;
  const char    *input;
  char           delimiter;
  char           comment;
  gboolean       no_comment;
  LabCsvHeader   header;
  const char    *expected;
} OptionCase;

static const OptionCase option_cases[] = {
  /* comment lines */
  { "a comment line first (matplotlib's Stocks.csv)", "# Data source: x, y\nDate,IBM\n1990-01-01,10.5\n", 0, 0, FALSE, 0,
    "rows=1 header=yes delim=, dec=. comments=1 | Date:text:0 IBM:number:0 | first=[1990-01-01|10.5]" },
  { "comments between rows and last, no final line end", "a,b\n#x\n1,2\n# y, z\n\n3,4\n#end", 0, 0, FALSE, 0,
    "rows=2 header=yes delim=, dec=. comments=3 | a:integer:0 b:integer:0 | first=[1|2]" },
  { "comments are not read: quotes and bytes that are not UTF-8", "# \"open, \xFF\nv\n1\n", 0, 0, FALSE, 0,
    "rows=1 header=yes delim=, dec=. comments=1 | v:integer:0 | first=[1]" },
  { "#N/A alone in its field is a value, #NA a comment", "v,w\n#N/A,1\n#NA,2\n#N/A\t,3\n4,5\n", 0, 0, FALSE, 0,
    "rows=3 header=yes delim=, dec=. comments=1 | v:integer:2 w:integer:0 | first=[#N/A|1]" },
  { "a comment line after a line end inside quotes is data", "a,b\n\"x\n# y\",1\n", 0, 0, FALSE, 0,
    "rows=1 header=yes delim=, dec=. | a:text:0 b:integer:0 | first=[x\\n# y|1]" },
  { "comment=none: a # line is a record", "#a,b\n1,2\n", 0, 0, TRUE, 0,
    "rows=1 header=yes delim=, dec=. | #a:integer:0 b:integer:0 | first=[1|2]" },
  { "comment=%", "% ini style; x\nx;y\n1,5;2\n", 0, '%', FALSE, 0,
    "rows=1 header=yes delim=; dec=, comments=1 | x:number:0 y:integer:0 | first=[1,5|2]" },
  { "comment=none: the issue's error", "# Data source\nDate,IBM\n1990-01-01,10.5\n", 0, 0, TRUE, 0,
    "error: t.csv:2:6: expected 1 field as in the header, found 2: “Date,IBM”" },
  { "only comments", "# a\n\n# b\n", 0, 0, FALSE, 0,
    "error: t.csv:1:1: the file holds no records, only comment and blank lines" },
  /* runs of spaces and tabs */
  { "runs of spaces (matplotlib's data_x_x2_x3.csv)", "   0   0    0\n   1   1    1\n   2   4    8\n", 0, 0, FALSE, 0,
    "rows=3 header=no delim=space dec=. | column_1:integer:0 column_2:integer:0 column_3:integer:0 | first=[0|0|0]" },
  { "runs of blanks with a header, tabs, trailing blanks", "name  age  score\nann   31   1.5\nbob\t 42\t2.5  \n", 0, 0, FALSE, 0,
    "rows=2 header=yes delim=space dec=. | name:text:0 age:integer:0 score:number:0 | first=[ann|31|1.5]" },
  { "runs of blanks with comments and blank lines", "# x y z\n 1 2.5 3\n\n  # indented\n \t\n 4 5 6\n", 0, 0, FALSE, 0,
    "rows=2 header=no delim=space dec=. comments=2 | column_1:integer:0 column_2:number:0 column_3:integer:0 | first=[1|2.5|3]" },
  { "space forced: decimal commas", "1,5  2\n3,25 4\n", ' ', 0, FALSE, 0,
    "rows=2 header=no delim=space dec=, | column_1:number:0 column_2:integer:0 | first=[1,5|2]" },
  { "lines of words are not a table", "text\nhello world\nfoo bar\n", 0, 0, FALSE, 0,
    "rows=2 header=yes delim=, dec=. | text:text:0 | first=[hello world]" },
  { "two words a line, no numbers: one column", "a b\nc d\n", 0, 0, FALSE, 0,
    "rows=1 header=yes delim=, dec=. | a b:text:0 | first=[c d]" },
  { "uneven runs: not blanks", "1 2 3\n4 5\n", 0, 0, FALSE, 0,
    "rows=1 header=yes delim=, dec=. | 1 2 3:text:0 | first=[4 5]" },
  { "space forced: quoted fields hold spaces", "\"New York\" 3\n\"Oslo\"\t4\n", ' ', 0, FALSE, 0,
    "rows=2 header=no delim=space dec=. | column_1:text:0 column_2:integer:0 | first=[New York|3]" },
  { "space forced: too few fields", "a b c\n1 2 3\n 4  5 \n", ' ', 0, FALSE, 0,
    "error: t.csv:3:7: expected 3 fields as in the header, found 2: “ 4  5 ”" },
  { "space forced: too many fields", "a b\n1 2   3 4\n", ' ', 0, FALSE, 0,
    "error: t.csv:2:7: expected 2 fields as in the header, found 4: “1 2   3 4”" },
  { "tab forced: empty fields", "a\tb\n\t1\n", '\t', 0, FALSE, 0,
    "rows=1 header=yes delim=tab dec=. | a:number:1 b:integer:0 | first=[|1]" },
  { "colon forced", "a:b\n1:2\n", ':', 0, FALSE, 0,
    "rows=1 header=yes delim=: dec=. | a:integer:0 b:integer:0 | first=[1|2]" },
  { "comma forced on a semicolon file", "x;y\n1;2\n", ',', 0, FALSE, 0,
    "rows=1 header=yes delim=, dec=. | x;y:text:0 | first=[1;2]" },
  /* headers */
  { "pandas' numeric header above floats", "0,1,2\n0.5,1.25,3\n1.5,2,4.75\n", 0, 0, FALSE, 0,
    "rows=2 header=yes delim=, dec=. | 0:number:0 1:number:0 2:number:0 | first=[0.5|1.25|3]" },
  { "pandas' numeric header with the index", ",0,1\n0,0.5,1.5\n1,2.5,NA\n", 0, 0, FALSE, 0,
    "rows=2 header=yes delim=, dec=. | column_1:integer:0 0:number:0 1:number:1 | first=[0|0.5|1.5]" },
  { "a selection of pandas' columns", "3,7,10\n0.5,1,2\n", 0, 0, FALSE, 0,
    "rows=1 header=yes delim=, dec=. | 3:number:0 7:integer:0 10:integer:0 | first=[0.5|1|2]" },
  { "increasing integers above integers: data", "1,2,3\n4,5,6\n", 0, 0, FALSE, 0,
    "rows=2 header=no delim=, dec=. | column_1:integer:0 column_2:integer:0 column_3:integer:0 | first=[1|2|3]" },
  { "decreasing integers above floats: data", "2,1\n0.5,0.25\n", 0, 0, FALSE, 0,
    "rows=2 header=no delim=, dec=. | column_1:number:0 column_2:number:0 | first=[2|1]" },
  { "repeated integers above floats: data", "0,0\n0.5,1.5\n", 0, 0, FALSE, 0,
    "rows=2 header=no delim=, dec=. | column_1:number:0 column_2:number:0 | first=[0|0]" },
  { "integers above floats and text: data", "0,1\n0.5,x\n", 0, 0, FALSE, 0,
    "rows=2 header=no delim=, dec=. | column_1:number:0 column_2:text:0 | first=[0|1]" },
  { "numeric header in a whitespace file", "0 1 2\n0.5 1.25 3\n", 0, 0, FALSE, 0,
    "rows=1 header=yes delim=space dec=. | 0:number:0 1:number:0 2:integer:0 | first=[0.5|1.25|3]" },
  { "header=no on names", "a,b\n1,2\n", 0, 0, FALSE, LAB_CSV_HEADER_NO,
    "rows=2 header=no delim=, dec=. | column_1:text:0 column_2:text:0 | first=[a|b]" },
  { "header=no on pandas' numbers", "0,1\n0.5,1.5\n", 0, 0, FALSE, LAB_CSV_HEADER_NO,
    "rows=2 header=no delim=, dec=. | column_1:number:0 column_2:number:0 | first=[0|1]" },
  { "header=yes on numbers", "1,2\n3,4\n", 0, 0, FALSE, LAB_CSV_HEADER_YES,
    "rows=1 header=yes delim=, dec=. | 1:integer:0 2:integer:0 | first=[3|4]" },
  { "header=yes on a one-record file", "1,2,3\n", 0, 0, FALSE, LAB_CSV_HEADER_YES,
    "error: t.csv:1:1: --header=yes takes the only record for the header, leaving no rows (use --header=no or auto)" },
  { "header=yes on one record after a comment", "# c\n\n a,b\n", 0, 0, FALSE, LAB_CSV_HEADER_YES,
    "error: t.csv:3:1: --header=yes takes the only record for the header, leaving no rows (use --header=no or auto)" },
  { "header=auto on one record of names: allowed, no rows", "a,b\n", 0, 0, FALSE, LAB_CSV_HEADER_AUTO,
    "rows=0 header=yes delim=, dec=. | a:number:0 b:number:0" },
};

static void
option_case_options (const OptionCase *c,
                     LabCsvOptions    *options)
{
  lab_csv_options_init (options);
  options->delimiter = c->delimiter;
  if (c->no_comment)
    options->comment = '\0';
  else if (c->comment != '\0')
    options->comment = c->comment;
  options->header = c->header;
}

/* Reads every case; reports each that differs, then fails if any did. */
static void
check_cases (void)
{
  guint failed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (option_cases); i++)
    {
      const OptionCase *c = &option_cases[i];
      LabCsvOptions options;
      g_autofree char *got = NULL;

      option_case_options (c, &options);
      got = describe_load_with (c->input, strlen (c->input), &options);
      if (g_strcmp0 (got, c->expected) != 0)
        {
          g_printerr ("option case %u (%s):\n  expected %s\n  got      %s\n", i, c->what, c->expected, got);
          failed++;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      gsize len = c->len > 0 ? c->len : strlen (c->input);
      g_autofree char *got = describe_load (c->input, len);

      if (g_strcmp0 (got, c->expected) != 0)
        {
          g_printerr ("case %u (%s):\n  expected %s\n  got      %s\n", i, c->what, c->expected, got);
          failed++;
        }
    }
  g_assert_cmpuint (failed, ==, 0);
}

static void
test_cases (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 40);
  check_cases ();
}

/* The same cases read by two threads, split wherever the middle falls. */
static void
test_cases_parallel (void)
{
  if (g_get_num_processors () < 2)
    {
      g_test_skip ("one processor: the reader never splits the file");
      return;
    }
  _lab_csv_set_parallel_threshold (0);
  check_cases ();
  _lab_csv_set_parallel_threshold (4 << 20);
}

/* ---- cells: values, text, places ---- */

static void
test_cells (void)
{
  static const char text[] =
    "id,name,score\n"                /* line 1 */
    "1,\"Ann\",0.5\n"                /* 2 */
    "\n"                             /* 3 */
    "2,\"Bob\nby\",NA\n"             /* 4-5 */
    "3,Ann, 7 \n"                    /* 6 */
    "4,\"Cy \"\"C\"\"\",1e2\n";      /* 7 */
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = load_string (text, sizeof text - 1, &error);
  const double *score;
  const guint32 *codes;
  guint n_levels, line, col;
  g_autofree char *cell = NULL;
  g_autofree char *cell2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, 4);
  g_assert_cmpint (lab_dataset_find_column (data, "score"), ==, 2);
  g_assert_cmpint (lab_dataset_find_column (data, "nope"), ==, -1);
  g_assert_cmpint (lab_dataset_get_column_type (data, 0), ==, LAB_COLUMN_INTEGER);
  g_assert_cmpint (lab_dataset_get_column_type (data, 1), ==, LAB_COLUMN_TEXT);
  g_assert_cmpint (lab_dataset_get_column_type (data, 2), ==, LAB_COLUMN_NUMBER);

  score = lab_dataset_get_numbers (data, 2);
  g_assert_cmpfloat (score[0], ==, 0.5);
  g_assert_true (isnan (score[1]));
  g_assert_cmpfloat (score[2], ==, 7.0);
  g_assert_cmpfloat (score[3], ==, 100.0);
  g_assert_true (lab_dataset_is_missing (data, 2, 1));
  g_assert_false (lab_dataset_is_missing (data, 2, 2));
  g_assert_cmpuint (lab_dataset_get_column_missing (data, 2), ==, 1);
  g_assert_null (lab_dataset_get_numbers (data, 1));
  g_assert_null (lab_dataset_get_levels (data, 0, &n_levels));
  g_assert_cmpuint (n_levels, ==, 0);

  codes = lab_dataset_get_levels (data, 1, &n_levels);
  g_assert_cmpuint (n_levels, ==, 3);
  g_assert_cmpuint (codes[0], ==, 0);
  g_assert_cmpuint (codes[1], ==, 1);
  g_assert_cmpuint (codes[2], ==, 0);
  g_assert_cmpuint (codes[3], ==, 2);
  g_assert_cmpstr (lab_dataset_get_level_name (data, 1, 0), ==, "Ann");
  g_assert_cmpstr (lab_dataset_get_level_name (data, 1, 1), ==, "Bob\nby");
  g_assert_cmpstr (lab_dataset_get_level_name (data, 1, 2), ==, "Cy \"C\"");

  cell = lab_dataset_dup_cell_text (data, 2, 2);
  g_assert_cmpstr (cell, ==, " 7 ");
  cell2 = lab_dataset_dup_cell_text (data, 1, 1);
  g_assert_cmpstr (cell2, ==, "Bob\nby");

  lab_dataset_locate (data, 0, 0, &line, &col);
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (col, ==, 1);
  lab_dataset_locate (data, 1, 1, &line, &col);
  g_assert_cmpuint (line, ==, 4);
  g_assert_cmpuint (col, ==, 3);
  lab_dataset_locate (data, 1, 2, &line, &col);
  g_assert_cmpuint (line, ==, 5);
  g_assert_cmpuint (col, ==, 5);
  lab_dataset_locate (data, 2, 2, &line, &col);
  g_assert_cmpuint (line, ==, 6);
  g_assert_cmpuint (col, ==, 7);
  lab_dataset_locate (data, 3, 2, &line, &col);
  g_assert_cmpuint (line, ==, 7);
  g_assert_cmpuint (col, ==, 14);

  lab_dataset_set_cell_error (data, 1, 2, &error, "expected a number, found “%s”", "NA");
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "t.csv:5:5: expected a number, found “NA”");
}

/* Codes come in order of first appearance even when a column turns to text late. */
static void
test_levels_late_text (void)
{
  static const char text[] = "v\n1\n2\n1\nx\n2\nNA\ny\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = load_string (text, sizeof text - 1, &error);
  static const guint32 expected[] = { 0, 1, 0, 2, 1, G_MAXUINT32, 3 };
  const guint32 *codes;
  guint n_levels;

  g_assert_no_error (error);
  g_assert_cmpint (lab_dataset_get_column_type (data, 0), ==, LAB_COLUMN_TEXT);
  codes = lab_dataset_get_levels (data, 0, &n_levels);
  g_assert_cmpuint (n_levels, ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (codes[i], ==, expected[i]);
  g_assert_cmpstr (lab_dataset_get_level_name (data, 0, 0), ==, "1");
  g_assert_cmpstr (lab_dataset_get_level_name (data, 0, 2), ==, "x");
  g_assert_true (lab_dataset_is_missing (data, 0, 5));
  g_assert_cmpuint (lab_dataset_get_column_missing (data, 0), ==, 1);
}

/* A header longer than the 64 KiB detection sample. */
static void
test_wide (void)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(GError) error = NULL;

  for (guint c = 0; c < 5000; c++)
    g_string_append_printf (s, "%smeasurement_%04u", c > 0 ? ";" : "", c);
  g_assert_cmpuint (s->len, >, 65536);
  for (guint r = 0; r < 3; r++)
    {
      g_string_append_c (s, '\n');
      for (guint c = 0; c < 5000; c++)
        g_string_append_printf (s, "%s%u,5", c > 0 ? ";" : "", r * c);
    }
  bytes = g_string_free_to_bytes (s);
  data = lab_csv_load_bytes ("wide.csv", bytes, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lab_dataset_has_header (data));
  g_assert_cmpint (lab_dataset_get_delimiter (data), ==, ';');
  g_assert_cmpint (lab_dataset_get_decimal (data), ==, ',');
  g_assert_cmpuint (lab_dataset_get_n_columns (data), ==, 5000);
  g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, 3);
  g_assert_cmpstr (lab_dataset_get_column_name (data, 4999), ==, "measurement_4999");
  g_assert_cmpint (lab_dataset_get_column_type (data, 4999), ==, LAB_COLUMN_NUMBER);
  g_assert_cmpfloat (lab_dataset_get_numbers (data, 4999)[2], ==, 9998.5);
}

static void
test_boxed (void)
{
  static const char text[] = "a\n1\n";
  g_autoptr(LabDataset) data = load_string (text, sizeof text - 1, NULL);
  LabDataset *copy;

  g_assert_true (G_TYPE_IS_BOXED (LAB_TYPE_DATASET));
  copy = g_boxed_copy (LAB_TYPE_DATASET, data);
  g_assert_true (copy == data);
  g_boxed_free (LAB_TYPE_DATASET, copy);
  g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, 1);
}

/* ---- numbers ---- */

static guint64
bits_of (double v)
{
  guint64 b;

  memcpy (&b, &v, sizeof b);
  return b;
}

static double
random_finite_double (GRand *rand)
{
  for (;;)
    {
      guint64 b = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double v;

      memcpy (&v, &b, sizeof v);
      if (isfinite (v))
        return v;
    }
}

static void
assert_parses_as_strtod (const char *s,
                         char        decimal)
{
  g_autofree char *copy = g_strdup (s);
  double expected, got = 0.0;

  if (decimal == ',')
    g_strdelimit (copy, ",", '.');
  expected = g_ascii_strtod (copy, NULL);
  if (!lab_csv_parse_double (s, strlen (s), decimal, &got))
    g_error ("“%s” was not read as a number", s);
  if (bits_of (got) != bits_of (expected))
    g_error ("“%s”: read %.17g (0x%016" G_GINT64_MODIFIER "x), strtod says %.17g (0x%016" G_GINT64_MODIFIER "x)",
             s, got, bits_of (got), expected, bits_of (expected));
}

static void
round_trip (GRand *rand,
            guint  n)
{
  GString *csv = g_string_new ("v\n");
  double *values = g_new (double, n);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(GError) error = NULL;
  const double *read;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < n; i++)
    {
      double v = random_finite_double (rand);

      values[i] = v;
      g_ascii_formatd (buf, sizeof buf, "%.17g", v);
      {
        double got = 0.0;

        g_assert_true (lab_csv_parse_double (buf, strlen (buf), '.', &got));
        if (bits_of (got) != bits_of (v))
          g_error ("“%s” read as %.17g, not %.17g", buf, got, v);
      }
      g_string_append (csv, buf);
      g_string_append_c (csv, '\n');
    }

  bytes = g_string_free_to_bytes (csv);
  data = lab_csv_load_bytes ("round-trip.csv", bytes, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, n);
  g_assert_cmpint (lab_dataset_get_column_type (data, 0), ==, LAB_COLUMN_NUMBER);
  read = lab_dataset_get_numbers (data, 0);
  for (guint i = 0; i < n; i++)
    if (bits_of (read[i]) != bits_of (values[i]))
      g_error ("row %u read as %.17g, not %.17g", i, read[i], values[i]);
  g_free (values);
}

/* Decimal strings of every length and exponent, compared with g_ascii_strtod(). */
static void
against_strtod (GRand *rand,
                guint  n)
{
  static const char *hard[] = {
    "0", "-0", "0.0", "1", "0.1", "0.3", "2.5", "1e23", "8.98846567431158e307",
    "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
    "123456789012345678", "1234567890123456789", "12345678901234567890", "18446744073709551615",
    "18446744073709551616", "0.000000000000000000000000000001",
    "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "1e-324", "5e-324", "1e-400", "1.7976931348623157e308", "1.7976931348623158e308",
    "1.7976931348623159e308", "1e309", "1e400", "1e99999999999999999999",
    "1.00000000000000011102230246251565404236316680908203125",
    "1.00000000000000011102230246251565404236316680908203124",
    "1.00000000000000011102230246251565404236316680908203126",
    "7.3177701707893310e+15", "9.5e-22", "4.35679e-307", "3.4e-5",
    "0.500000000000000166533453693773481063544750213623046875",
    "3.518437208883201171875e13", "62.5364939768271845828", "8.10109172351e-10",
    "1.4e-45", "3.4028235e38", "1e22", "1e-22", "12345678901234567e-40",
  };
  char buf[512];

  for (guint i = 0; i < G_N_ELEMENTS (hard); i++)
    assert_parses_as_strtod (hard[i], '.');

  for (guint i = 0; i < n; i++)
    {
      GString *s = g_string_new (NULL);
      guint digits = (guint) g_rand_int_range (rand, 1, 30);
      guint point = (guint) g_rand_int_range (rand, 0, (gint32) digits + 1);
      int exp = g_rand_int_range (rand, -360, 330);

      if (g_rand_boolean (rand))
        g_string_append_c (s, '-');
      for (guint d = 0; d < digits; d++)
        {
          if (d == point && d > 0)
            g_string_append_c (s, '.');
          /* runs of 0s and 9s find the halfway and carry cases */
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: g_string_append_c (s, '0'); break;
            case 1: g_string_append_c (s, '9'); break;
            default: g_string_append_c (s, (char) ('0' + g_rand_int_range (rand, 0, 10))); break;
            }
        }
      if (g_rand_boolean (rand))
        g_string_append_printf (s, "e%d", exp - (int) (digits - point));
      g_assert_cmpuint (s->len, <, sizeof buf);
      assert_parses_as_strtod (s->str, '.');
      /* and with a decimal comma */
      g_strdelimit (s->str, ".", ',');
      assert_parses_as_strtod (s->str, ',');
      g_string_free (s, TRUE);
    }

  /* halfway between two doubles, written exactly: ties go to even */
  for (guint i = 0; i < n / 10; i++)
    {
      double v = fabs (random_finite_double (rand));
      double up = nextafter (v, INFINITY);

      if (!isfinite (up) || v < 1e-300)
        continue;
      g_ascii_formatd (buf, sizeof buf, "%.60g", v + (up - v) / 2);   /* may itself round: still a test */
      assert_parses_as_strtod (buf, '.');
    }
}

/* The short numbers read from one 8-byte word (lab-csv-number.c, scan_short): every shape
 * of up to 8 digits around a point, signs, leading zeros, exponents and longer numbers that
 * must go the general way, with a decimal point and a decimal comma, each value compared
 * bit for bit with g_ascii_strtod() and the column's integer type checked. */
static void
test_short_numbers (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1205);

  for (guint comma = 0; comma < 2; comma++)
    for (guint integers = 0; integers < 2; integers++)
      {
        GString *csv = g_string_new (comma ? "v;w\n" : "v,w\n");
        g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(LabDataset) data = NULL;
        g_autoptr(GError) error = NULL;
        LabCsvOptions options;
        const double *read;
        const guint n = 20000;

        for (guint i = 0; i < n; i++)
          {
            GString *t = g_string_new (NULL);
            guint int_digits = (guint) g_rand_int_range (rand, 1, 10);
            guint frac_digits = integers ? 0 : (guint) g_rand_int_range (rand, 0, 10);

            if (g_rand_int_range (rand, 0, 4) == 0)
              g_string_append_c (t, g_rand_boolean (rand) ? '-' : '+');
            for (guint d = 0; d < int_digits; d++)
              g_string_append_c (t, (char) ('0' + g_rand_int_range (rand, 0, 10)));
            if (frac_digits > 0)
              {
                g_string_append_c (t, comma ? ',' : '.');
                for (guint d = 0; d < frac_digits; d++)
                  g_string_append_c (t, (char) ('0' + g_rand_int_range (rand, 0, 10)));
              }
            if (!integers && g_rand_int_range (rand, 0, 8) == 0)
              g_string_append_printf (t, "e%d", g_rand_int_range (rand, -30, 30));
            g_string_append (csv, t->str);
            g_string_append (csv, (const char *[]) { ";x\n", ";12345678\n", ";\r\n" }[i % 3]);
            g_ptr_array_add (texts, g_string_free (t, FALSE));
          }
        if (!comma)
          g_strdelimit (csv->str, ";", ',');
        bytes = g_string_free_to_bytes (csv);
        lab_csv_options_init (&options);
        g_assert_true (lab_csv_options_set (&options, "delimiter", comma ? ";" : ",", NULL));
        data = lab_csv_load_bytes_full ("short.csv", bytes, &options, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, n);
        g_assert_cmpint (lab_dataset_get_column_type (data, 0), ==, integers ? LAB_COLUMN_INTEGER : LAB_COLUMN_NUMBER);
        read = lab_dataset_get_numbers (data, 0);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *copy = g_strdup (g_ptr_array_index (texts, i));
            double expected;

            g_strdelimit (copy, ",", '.');
            expected = g_ascii_strtod (copy, NULL);
            if (bits_of (read[i]) != bits_of (expected))
              g_error ("“%s”: read %.17g, strtod says %.17g", (const char *) g_ptr_array_index (texts, i),
                       read[i], expected);
          }
      }
}

static void
test_numbers_special (void)
{
  double v = 0.0;

  g_assert_true (lab_csv_parse_double ("inf", 3, '.', &v) && isinf (v) && v > 0);
  g_assert_true (lab_csv_parse_double ("-Infinity", 9, '.', &v) && isinf (v) && v < 0);
  g_assert_true (lab_csv_parse_double ("+INF", 4, '.', &v) && isinf (v) && v > 0);
  g_assert_true (lab_csv_parse_double ("nan", 3, '.', &v) && isnan (v));
  g_assert_true (lab_csv_parse_double ("NaN", 3, '.', &v) && isnan (v));
  g_assert_true (lab_csv_parse_double ("+1.5", 4, '.', &v) && v == 1.5);
  g_assert_true (lab_csv_parse_double ("1,5", 3, ',', &v) && v == 1.5);
  g_assert_true (lab_csv_parse_double ("12abc", 2, '.', &v) && v == 12.0);   /* only [str, str+len) */
  g_assert_false (lab_csv_parse_double ("1,5", 3, '.', &v));
  g_assert_false (lab_csv_parse_double ("1.5", 3, ',', &v));
  g_assert_false (lab_csv_parse_double ("0x1A", 4, '.', &v));
  g_assert_false (lab_csv_parse_double ("12abc", 5, '.', &v));
  g_assert_false (lab_csv_parse_double (" 1", 2, '.', &v));
  g_assert_false (lab_csv_parse_double ("", 0, '.', &v));
  g_assert_false (lab_csv_parse_double ("infinit", 7, '.', &v));
  g_assert_false (lab_csv_parse_double ("NA", 2, '.', &v));
  g_assert_false (lab_csv_parse_double ("1e", 2, '.', &v));
  g_assert_false (lab_csv_parse_double ("--1", 3, '.', &v));
}

/* setlocale() to a locale with a decimal comma, generating it if need be. */
static gboolean
set_german_locale (char **reason)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
    return TRUE;
  if (g_spawn_command_line_sync ("localedef -i de_DE -f UTF-8 de_DE.UTF-8", &out, &err, &status, &error)
      && g_spawn_check_wait_status (status, NULL)
      && (setlocale (LC_ALL, "de_DE.UTF-8") != NULL || setlocale (LC_ALL, "de_DE.utf8") != NULL))
    return TRUE;
  *reason = g_strdup_printf ("the de_DE.UTF-8 locale is not available and could not be generated (%s); "
                             "install the locales package and run "
                             "“localedef -i de_DE -f UTF-8 de_DE.UTF-8”",
                             error != NULL ? error->message : (err != NULL && *err ? g_strstrip (err) : "localedef failed"));
  return FALSE;
}

static void
test_round_trip (void)
{
  GRand *rand = g_rand_new_with_seed (20261124);

  round_trip (rand, 100000);
  against_strtod (rand, 100000);
  g_rand_free (rand);
}

static void
test_round_trip_german (void)
{
  g_autofree char *reason = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  GRand *rand;

  if (!set_german_locale (&reason))
    {
      g_test_skip (reason);
      return;
    }
  g_assert_cmpstr (localeconv ()->decimal_point, ==, ",");
  rand = g_rand_new_with_seed (4180);
  round_trip (rand, 100000);
  against_strtod (rand, 20000);
  g_rand_free (rand);
  setlocale (LC_ALL, saved);
}

/* ---- files, progress, cancelling ---- */

static char *
write_temp (const char *contents,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("test-csv-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, (gssize) len, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_file (void)
{
  static const char text[] = "a,b\n1,x\n2,y\n";
  g_autofree char *path = write_temp (text, sizeof text - 1);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, sizeof text - 1);
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "no-such-dir-lab", "gone.csv", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = lab_csv_load_file (path, NULL, NULL, NULL, &error);
  LabDataset *none;

  g_assert_no_error (error);
  g_assert_cmpstr (lab_dataset_get_name (data), ==, base);
  g_assert_cmpstr (lab_dataset_get_path (data), ==, path);
  g_assert_cmpstr (lab_dataset_get_sha256 (data), ==, sum);
  g_assert_cmpstr (lab_dataset_get_sha256 (data), ==, sum);
  g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, 2);
  g_unlink (path);

  /* the bytes stay mapped after the file is gone */
  {
    g_autofree char *cell = lab_dataset_dup_cell_text (data, 1, 1);

    g_assert_cmpstr (cell, ==, "y");
  }

  /* a file truncated in place while its dataset lives: cells come from what was read */
  {
    static const char longer[] = "a,b,c\n1.50,\"x y\",NA\n2,z,7\n";
    g_autofree char *again = write_temp (longer, sizeof longer - 1);
    g_autoptr(LabDataset) kept = lab_csv_load_file (again, NULL, NULL, NULL, &error);
    FILE *f;
    guint line, col;

    g_assert_no_error (error);
    f = fopen (again, "w");
    g_assert_nonnull (f);
    fputs ("a\n", f);
    fclose (f);
    for (gsize r = 0; r < 2; r++)
      for (guint c = 0; c < 3; c++)
        {
          static const char *as_read[2][3] = { { "1.5", "x y", "" }, { "2", "z", "7" } };
          g_autofree char *cell = lab_dataset_dup_cell_text (kept, r, c);

          g_assert_cmpstr (cell, ==, as_read[r][c]);
        }
    lab_dataset_locate (kept, 1, 2, &line, &col);
    g_assert_cmpuint (line, ==, 3);
    g_assert_cmpuint (col, ==, 1);
    g_unlink (again);
  }

  none = lab_csv_load_file (missing, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_IO);
  expected = g_strdup_printf ("cannot read “%s”: %s", missing, g_strerror (ENOENT));
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  none = lab_csv_load_file (g_get_tmp_dir (), NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_IO);
  g_clear_error (&error);

  {
    g_autofree char *bad = write_temp ("a,b\n1,\"2\n", 9);
    g_autofree char *bad_base = g_path_get_basename (bad);
    g_autofree char *bad_message = g_strdup_printf ("%s:3:1: unterminated quoted field started at line 2: “\"2”",
                                                    bad_base);

    none = lab_csv_load_file (bad, NULL, NULL, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
    g_assert_cmpstr (error->message, ==, bad_message);
    g_unlink (bad);
  }
}

/* Rows of a few kinds, so that both halves of a split see numbers, text,
 * missing values and quoted line ends. */
static GBytes *
make_big_csv (guint    n_rows,
              guint32  seed,
              gboolean quoted_lines)
{
  GString *s = g_string_new ("id,x,y,label,late,note\n");
  GRand *rand = g_rand_new_with_seed (seed);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < n_rows; i++)
    {
      g_string_append_printf (s, "%u,", i);
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", g_rand_double_range (rand, -1e6, 1e6)));
      g_string_append_c (s, ',');
      if (i % 97 == 5)
        g_string_append (s, "NA");
      else
        g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6f", g_rand_double (rand)));
      g_string_append_printf (s, ",%s,", (const char *[]) { "red", "green", "blue" }[i % 3]);
      if (i == n_rows - 3)
        g_string_append (s, "late text");
      else
        g_string_append_printf (s, "%u", i % 11);
      g_string_append_c (s, ',');
      if (quoted_lines && i % 5 == 0)
        g_string_append_printf (s, "\"line %u\nnext \"\"quoted\"\"\"", i);
      else
        g_string_append_printf (s, "n%u", i % 7);
      g_string_append (s, i % 2 ? "\r\n" : "\n");
    }
  g_rand_free (rand);
  return g_string_free_to_bytes (s);
}

static void
assert_same_dataset (LabDataset *a,
                     LabDataset *b)
{
  g_autofree char *da = describe (a);
  g_autofree char *db = describe (b);
  gsize n = lab_dataset_get_n_rows (a);

  g_assert_cmpstr (da, ==, db);
  for (guint c = 0; c < lab_dataset_get_n_columns (a); c++)
    {
      const double *xa = lab_dataset_get_numbers (a, c), *xb = lab_dataset_get_numbers (b, c);
      guint la, lb;
      const guint32 *ca = lab_dataset_get_levels (a, c, &la), *cb = lab_dataset_get_levels (b, c, &lb);

      if (xa != NULL)
        g_assert_cmpmem (xa, n * sizeof (double), xb, n * sizeof (double));
      else
        {
          g_assert_cmpuint (la, ==, lb);
          g_assert_cmpmem (ca, n * sizeof (guint32), cb, n * sizeof (guint32));
          for (guint l = 0; l < la; l++)
            g_assert_cmpstr (lab_dataset_get_level_name (a, c, l), ==, lab_dataset_get_level_name (b, c, l));
        }
    }
  for (gsize r = 0; r < n; r += 1 + r / 50)
    for (guint c = 0; c < lab_dataset_get_n_columns (a); c++)
      {
        g_autofree char *ta = lab_dataset_dup_cell_text (a, r, c);
        g_autofree char *tb = lab_dataset_dup_cell_text (b, r, c);
        guint line_a, col_a, line_b, col_b;

        g_assert_cmpstr (ta, ==, tb);
        lab_dataset_locate (a, r, c, &line_a, &col_a);
        lab_dataset_locate (b, r, c, &line_b, &col_b);
        g_assert_cmpuint (line_a, ==, line_b);
        g_assert_cmpuint (col_a, ==, col_b);
      }
}

static void
test_parallel (void)
{
  if (g_get_num_processors () < 2)
    {
      g_test_skip ("one processor: the reader never splits the file");
      return;
    }
  /* many sizes, so that the middle falls in every kind of place */
  for (guint n = 1; n < 120; n += 1 + n / 8)
    for (guint quoted = 0; quoted < 2; quoted++)
      {
        g_autoptr(GBytes) bytes = make_big_csv (n, n, quoted);
        g_autoptr(LabDataset) one = NULL;
        g_autoptr(LabDataset) two = NULL;
        g_autoptr(GError) error = NULL;

        _lab_csv_set_parallel_threshold (G_MAXSIZE);
        one = lab_csv_load_bytes ("p.csv", bytes, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        _lab_csv_set_parallel_threshold (0);
        two = lab_csv_load_bytes ("p.csv", bytes, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        assert_same_dataset (one, two);
        g_assert_cmpint (lab_dataset_get_column_type (one, 4), ==, n >= 3 ? LAB_COLUMN_TEXT : LAB_COLUMN_INTEGER);
      }

  /* and a large file read as it would be */
  {
    g_autoptr(GBytes) bytes = make_big_csv (60000, 7, TRUE);
    g_autoptr(LabDataset) one = NULL;
    g_autoptr(LabDataset) two = NULL;
    g_autoptr(GError) error = NULL;

    _lab_csv_set_parallel_threshold (G_MAXSIZE);
    one = lab_csv_load_bytes ("p.csv", bytes, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    _lab_csv_set_parallel_threshold (4 << 20);
    two = lab_csv_load_bytes ("p.csv", bytes, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (lab_dataset_get_n_rows (one), ==, 60000);
    assert_same_dataset (one, two);
  }
  _lab_csv_set_parallel_threshold (4 << 20);
}

/* The two parts write into shared arrays, the second from a bound that no record of the
 * first can pass: the rows must come out as one thread reads them when the first part holds
 * blank and comment lines (the second's rows move down), when the second holds far more
 * records than the first (it goes on in arrays of its own), and when a column turns to text
 * in either part. */
static void
test_parallel_shared (void)
{
  if (g_get_num_processors () < 2)
    {
      g_test_skip ("one processor: the reader never splits the file");
      return;
    }
  for (guint kind = 0; kind < 4; kind++)
    {
      GString *s = g_string_new ("a,b,c\n");
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(LabDataset) one = NULL;
      g_autoptr(LabDataset) two = NULL;
      g_autoptr(GError) error = NULL;
      guint n = kind == 1 ? 100000 : 4000;

      for (guint i = 0; i < n; i++)
        {
          if (kind == 0 && i < n / 2 && i % 7 == 3)
            g_string_append (s, "\n");
          if (kind == 0 && i < n / 2 && i % 11 == 5)
            g_string_append (s, "# a comment, 1, 2\n");
          if ((kind == 2 && i == 3 * n / 4) || (kind == 3 && i == 10))
            g_string_append_printf (s, "%u,text,c%u\n", i, i % 3);
          else if (kind == 1 && i < 200)
            {
              g_string_append_printf (s, "%u,%u.5,", i, i);
              for (guint k = 0; k < 2000; k++)
                g_string_append_c (s, 'x');
              g_string_append_c (s, '\n');
            }
          else
            g_string_append_printf (s, "%u,%u.25,c%u\n", i, i % 100, i % 3);
        }
      bytes = g_string_free_to_bytes (s);
      _lab_csv_set_parallel_threshold (G_MAXSIZE);
      one = lab_csv_load_bytes ("s.csv", bytes, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      _lab_csv_set_parallel_threshold (0);
      two = lab_csv_load_bytes ("s.csv", bytes, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (lab_dataset_get_n_rows (one), ==, n);
      assert_same_dataset (one, two);
      g_assert_cmpint (lab_dataset_get_column_type (two, 1), ==, kind >= 2 ? LAB_COLUMN_TEXT : LAB_COLUMN_NUMBER);
    }
  _lab_csv_set_parallel_threshold (4 << 20);
}

/* A record is found from the mark of every 64th row by stepping over the records after it:
 * every row's cell text must be the one written, past blank lines, comment lines, quoted
 * line ends and CRLF, with a delimiter and with runs of blanks, on one and on two threads. */
static void
test_row_marks (void)
{
  for (guint blanks = 0; blanks < 2; blanks++)
    for (guint threads = 1; threads <= 2; threads++)
      {
        GString *s = g_string_new (blanks ? "a b\n" : "a,b\n");
        g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(LabDataset) data = NULL;
        g_autoptr(GError) error = NULL;
        LabCsvOptions options;
        const guint n = 1000;

        for (guint i = 0; i < n; i++)
          {
            char *text = !blanks && i % 9 == 4 ? g_strdup_printf ("two\nline%u", i) : g_strdup_printf ("t%u", i);

            if (i % 13 == 7)
              g_string_append (s, i % 2 ? "\r\n" : "\n");
            if (i % 17 == 3)
              g_string_append (s, "# comment\n");
            if (blanks)
              g_string_append_printf (s, "%s%u  \t%s ", i % 5 == 0 ? "  " : "", i, text);
            else if (strchr (text, '\n') != NULL)
              g_string_append_printf (s, "%u,\"%s\"", i, text);
            else
              g_string_append_printf (s, "%u,%s", i, text);
            g_string_append (s, i % 3 == 0 ? "\r\n" : "\n");
            g_ptr_array_add (want, text);
          }
        bytes = g_string_free_to_bytes (s);
        _lab_csv_set_parallel_threshold (threads == 2 ? 0 : G_MAXSIZE);
        lab_csv_options_init (&options);
        if (blanks)
          g_assert_true (lab_csv_options_set (&options, "delimiter", "space", NULL));
        data = lab_csv_load_bytes_full ("m.csv", bytes, &options, NULL, NULL, NULL, &error);
        _lab_csv_set_parallel_threshold (4 << 20);
        g_assert_no_error (error);
        g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, n);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *first = lab_dataset_dup_cell_text (data, i, 0);
            g_autofree char *second = lab_dataset_dup_cell_text (data, i, 1);
            g_autofree char *number = g_strdup_printf ("%u", i);

            g_assert_cmpstr (first, ==, number);
            g_assert_cmpstr (second, ==, g_ptr_array_index (want, i));
          }
      }
}

typedef struct
{
  GArray       *fractions;
  GCancellable *cancel_at_half;
} ProgressLog;

static void
log_progress (double   fraction,
              gpointer user_data)
{
  ProgressLog *log = user_data;

  g_array_append_val (log->fractions, fraction);
  if (log->cancel_at_half != NULL && fraction >= 0.5)
    g_cancellable_cancel (log->cancel_at_half);
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(GBytes) bytes = make_big_csv (200000, 3, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (double)), NULL };
  LabDataset *data;

  g_assert_cmpuint (g_bytes_get_size (bytes), >, 4 << 20);   /* read in two parts */
  data = lab_csv_load_bytes ("big.csv", bytes, log_progress, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, 200000);
  lab_dataset_unref (data);
  g_assert_cmpuint (log.fractions->len, >=, 10);
  g_assert_cmpuint (log.fractions->len, <=, 102);
  for (guint i = 0; i < log.fractions->len; i++)
    {
      double f = g_array_index (log.fractions, double, i);

      g_assert_cmpfloat (f, >=, 0.0);
      g_assert_cmpfloat (f, <=, 1.0);
      if (i > 0)
        g_assert_cmpfloat (f, >, g_array_index (log.fractions, double, i - 1));
    }
  g_assert_cmpfloat (g_array_index (log.fractions, double, log.fractions->len - 1), ==, 1.0);

  /* cancelled before it starts */
  g_cancellable_cancel (cancellable);
  data = lab_csv_load_bytes ("big.csv", bytes, NULL, NULL, cancellable, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* cancelled half way, from the progress callback */
  g_cancellable_reset (cancellable);
  g_array_set_size (log.fractions, 0);
  log.cancel_at_half = cancellable;
  data = lab_csv_load_bytes ("big.csv", bytes, log_progress, &log, cancellable, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (g_array_index (log.fractions, double, log.fractions->len - 1), <, 1.0);
  g_array_unref (log.fractions);
}

/* ---- files as they come (issue 13) ---- */

typedef struct
{
  const char          *file;
  const char * const  *names;
  const char * const  *text;
  const double        *numbers;
  guint                rows;
  guint                columns;
  gsize                comments;
  char                 delimiter;
  gboolean             header;
} RealFile;

/* @f read with @options matches what pandas read (tests/csv-real-reference.h):
 * names, text cells, numbers bit for bit, missing values where pandas has NaN. */
static void
check_real_file (const RealFile      *f,
                 const LabCsvOptions *options)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv-real", f->file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = lab_csv_load_file_full (path, options, NULL, NULL, NULL, &error);

  g_test_message ("%s", f->file);
  g_assert_no_error (error);
  g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, f->rows);
  g_assert_cmpuint (lab_dataset_get_n_columns (data), ==, f->columns);
  g_assert_cmpuint (lab_dataset_get_n_comment_lines (data), ==, f->comments);
  g_assert_cmpint (lab_dataset_get_delimiter (data), ==, f->delimiter);
  g_assert_cmpint (lab_dataset_has_header (data), ==, f->header);
  for (guint c = 0; c < f->columns; c++)
    {
      const double *numbers = lab_dataset_get_numbers (data, c);

      g_assert_cmpstr (lab_dataset_get_column_name (data, c), ==, f->names[c]);
      for (guint r = 0; r < f->rows; r++)
        {
          const char *text = f->text[r * f->columns + c];
          double want = f->numbers[r * f->columns + c];

          if (text != NULL)
            {
              const guint32 *codes = lab_dataset_get_levels (data, c, NULL);

              g_assert_cmpint (lab_dataset_get_column_type (data, c), ==, LAB_COLUMN_TEXT);
              g_assert_cmpstr (lab_dataset_get_level_name (data, c, codes[r]), ==, text);
            }
          else if (isnan (want))
            g_assert_true (lab_dataset_is_missing (data, c, r));
          else
            {
              g_assert_nonnull (numbers);
              g_assert_cmpmem (&numbers[r], sizeof (double), &want, sizeof (double));
            }
        }
    }
}

static void
test_real_files (void)
{
  const RealFile stocks = { STOCKS_FILE, stocks_names, stocks_text, stocks_numbers, STOCKS_ROWS,
                            STOCKS_COLUMNS, STOCKS_COMMENTS, ',', TRUE };
  const RealFile spaces = { SPACES_FILE, spaces_names, spaces_text, spaces_numbers, SPACES_ROWS,
                            SPACES_COLUMNS, SPACES_COMMENTS, ' ', FALSE };
  const RealFile numbered = { NUMBERED_FILE, numbered_names, numbered_text, numbered_numbers, NUMBERED_ROWS,
                              NUMBERED_COLUMNS, NUMBERED_COMMENTS, ',', TRUE };
  LabCsvOptions options;
  g_autoptr(GError) error = NULL;

  /* as they come: detected */
  check_real_file (&stocks, NULL);
  check_real_file (&spaces, NULL);
  check_real_file (&numbered, NULL);

  /* and with the options that say so (what pandas was told) */
  lab_csv_options_init (&options);
  g_assert_true (lab_csv_options_set (&options, "comment", "#", &error));
  check_real_file (&stocks, &options);
  lab_csv_options_init (&options);
  g_assert_true (lab_csv_options_set (&options, "delimiter", "space", &error));
  g_assert_true (lab_csv_options_set (&options, "header", "no", &error));
  check_real_file (&spaces, &options);
  lab_csv_options_init (&options);
  g_assert_true (lab_csv_options_set (&options, "header", "yes", &error));
  check_real_file (&numbered, &options);
  g_assert_no_error (error);

  /* the same files split between two threads */
  if (g_get_num_processors () > 1)
    {
      _lab_csv_set_parallel_threshold (0);
      check_real_file (&stocks, NULL);
      check_real_file (&spaces, NULL);
      check_real_file (&numbered, NULL);
      _lab_csv_set_parallel_threshold (4 << 20);
    }
}

/* The command-line spellings of the options, and every way to get them wrong. */
static void
test_options (void)
{
  static const struct
  {
    const char *name;
    const char *value;
    const char *message;   /* NULL: accepted */
  } bad[] = {
    { "delimiter", "x", "bad --delimiter “x”: expected auto, space (runs of spaces and tabs), tab, or one "
                        "punctuation character other than \" . + -" },
    { "delimiter", "", NULL },
    { "delimiter", ";;", NULL },
    { "delimiter", "\"", NULL },
    { "delimiter", ".", NULL },
    { "delimiter", "-", NULL },
    { "delimiter", "7", NULL },
    { "delimiter", "\n", NULL },
    { "delimiter", "é", NULL },
    { "comment", "ab", "bad --comment “ab”: expected none or one punctuation character other than \" . + -" },
    { "comment", "", NULL },
    { "comment", " ", NULL },
    { "comment", "+", NULL },
    { "header", "maybe", "bad --header “maybe”: expected auto, yes or no" },
    { "header", "true", NULL },
    { "quote", "'", "unknown CSV option “quote”: the options are delimiter, comment and header" },
  };
  LabCsvOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("a;b\n1;2\n", 8);
  LabDataset *none;

  lab_csv_options_init (&options);
  g_assert_cmpint (options.delimiter, ==, '\0');
  g_assert_cmpint (options.comment, ==, '#');
  g_assert_cmpint (options.header, ==, LAB_CSV_HEADER_AUTO);

  g_assert_true (lab_csv_options_set (&options, "delimiter", "tab", &error));
  g_assert_cmpint (options.delimiter, ==, '\t');
  g_assert_true (lab_csv_options_set (&options, "delimiter", "space", &error));
  g_assert_cmpint (options.delimiter, ==, LAB_CSV_DELIMITER_WHITESPACE);
  g_assert_true (lab_csv_options_set (&options, "delimiter", " ", &error));
  g_assert_cmpint (options.delimiter, ==, ' ');
  g_assert_true (lab_csv_options_set (&options, "delimiter", ";", &error));
  g_assert_cmpint (options.delimiter, ==, ';');
  g_assert_true (lab_csv_options_set (&options, "delimiter", "auto", &error));
  g_assert_cmpint (options.delimiter, ==, '\0');
  g_assert_true (lab_csv_options_set (&options, "comment", "none", &error));
  g_assert_cmpint (options.comment, ==, '\0');
  g_assert_true (lab_csv_options_set (&options, "comment", "%", &error));
  g_assert_cmpint (options.comment, ==, '%');
  g_assert_true (lab_csv_options_set (&options, "header", "yes", &error));
  g_assert_cmpint (options.header, ==, LAB_CSV_HEADER_YES);
  g_assert_true (lab_csv_options_set (&options, "header", "no", &error));
  g_assert_cmpint (options.header, ==, LAB_CSV_HEADER_NO);
  g_assert_true (lab_csv_options_set (&options, "header", "auto", &error));
  g_assert_cmpint (options.header, ==, LAB_CSV_HEADER_AUTO);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      lab_csv_options_init (&options);
      g_assert_false (lab_csv_options_set (&options, bad[i].name, bad[i].value, &error));
      g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
      if (bad[i].message != NULL)
        g_assert_cmpstr (error->message, ==, bad[i].message);
      g_assert_true (g_str_has_prefix (error->message, g_str_equal (bad[i].name, "quote") ? "unknown" : "bad --"));
      g_clear_error (&error);
    }

  /* the delimiter and the comment character the same: refused, whichever is set last */
  lab_csv_options_init (&options);
  g_assert_true (lab_csv_options_set (&options, "delimiter", ";", &error));
  g_assert_false (lab_csv_options_set (&options, "comment", ";", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "the delimiter and the comment character are both “;”: "
                                       "give another --comment (or none)");
  g_clear_error (&error);
  lab_csv_options_init (&options);
  g_assert_false (lab_csv_options_set (&options, "delimiter", "#", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_clear_error (&error);
  /* ...and by the loaders when the struct is filled by hand */
  lab_csv_options_init (&options);
  options.delimiter = '#';
  none = lab_csv_load_bytes_full ("t.csv", bytes, &options, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_clear_error (&error);
  none = lab_csv_load_file_full ("/nonexistent.csv", &options, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_clear_error (&error);
  /* ...and what the setter refuses, put in the struct by hand */
  lab_csv_options_init (&options);
  options.delimiter = '"';
  none = lab_csv_load_bytes_full ("t.csv", bytes, &options, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "bad CSV options: delimiter 0x22, comment 0x23, header 0");
  g_clear_error (&error);
  lab_csv_options_init (&options);
  options.comment = '\n';
  none = lab_csv_load_bytes_full ("t.csv", bytes, &options, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_clear_error (&error);
  lab_csv_options_init (&options);
  options.header = (LabCsvHeader) 7;
  none = lab_csv_load_bytes_full ("t.csv", bytes, &options, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_clear_error (&error);
  /* ...and when the delimiter detected is the comment character */
  lab_csv_options_init (&options);
  g_assert_true (lab_csv_options_set (&options, "comment", ";", &error));
  none = lab_csv_load_bytes_full ("t.csv", bytes, &options, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "t.csv: the delimiter detected is “;”, the comment character too: "
                                       "give another --comment (or none), or a --delimiter");
}

/* Cells of a whitespace-separated file: their text and their place on the line. */
static void
test_whitespace_cells (void)
{
  static const char text[] =
    "# made by hand\n"               /* line 1 */
    "  x    y  label\n"              /* 2 */
    "  1   22 \"a b\"  \n"            /* 3 */
    "\n"                              /* 4 */
    "\t3 4 c\n";                      /* 5 */
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = load_string (text, sizeof text - 1, &error);
  guint line, col;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (lab_dataset_get_delimiter (data), ==, LAB_CSV_DELIMITER_WHITESPACE);
  g_assert_cmpint (lab_dataset_get_comment (data), ==, '#');
  g_assert_cmpuint (lab_dataset_get_n_comment_lines (data), ==, 1);
  g_assert_cmpuint (lab_dataset_get_n_rows (data), ==, 2);
  g_assert_cmpstr (lab_dataset_get_column_name (data, 2), ==, "label");
  a = lab_dataset_dup_cell_text (data, 0, 2);
  b = lab_dataset_dup_cell_text (data, 1, 0);
  c = lab_dataset_dup_cell_text (data, 1, 2);
  g_assert_cmpstr (a, ==, "a b");
  g_assert_cmpstr (b, ==, "3");
  g_assert_cmpstr (c, ==, "c");
  lab_dataset_locate (data, 0, 1, &line, &col);
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpuint (col, ==, 7);
  lab_dataset_locate (data, 1, 0, &line, &col);
  g_assert_cmpuint (line, ==, 5);
  g_assert_cmpuint (col, ==, 2);
  lab_dataset_set_cell_error (data, 1, 2, &error, "not a %s", "number");
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "t.csv:5:6: not a number");
}

/* Integer columns of whole numbers 0 to 255 with none missing are kept as bytes; their
 * doubles, made when first asked for, are the values read; other columns are untouched. */
static void
test_small_integers (void)
{
  static const char text[] =
    "label,class,neg,missing,big,negzero,real\n"
    "0,255,-1,1,256,-0,1.0\n"
    "1,7,1,NA,1,1,0\n"
    "1,0,0,0,0,0,1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = load_string (text, sizeof text - 1, &error);
  static const double label[] = { 0, 1, 1 }, klass[] = { 255, 7, 0 };
  const double *x;

  g_assert_no_error (error);
  g_assert_nonnull (lab_dataset_get_small_integers (data, 0));
  g_assert_nonnull (lab_dataset_get_small_integers (data, 1));
  for (guint c = 2; c < 7; c++)
    g_assert_null (lab_dataset_get_small_integers (data, c));
  g_assert_cmpint (lab_dataset_get_small_integers (data, 1)[0], ==, 255);
  g_assert_cmpint (lab_dataset_get_column_type (data, 0), ==, LAB_COLUMN_INTEGER);
  g_assert_cmpint (lab_dataset_get_column_type (data, 1), ==, LAB_COLUMN_INTEGER);
  for (gsize r = 0; r < 3; r++)
    {
      g_autofree char *cell = lab_dataset_dup_cell_text (data, r, 1);

      g_assert_false (lab_dataset_is_missing (data, 0, r));
      g_assert_cmpfloat (strtod (cell, NULL), ==, klass[r]);
    }
  x = lab_dataset_get_numbers (data, 0);
  g_assert_nonnull (x);
  g_assert_true (lab_dataset_get_numbers (data, 0) == x);   /* made once */
  for (gsize r = 0; r < 3; r++)
    {
      g_assert_cmpfloat (x[r], ==, label[r]);
      g_assert_cmpfloat (lab_dataset_get_numbers (data, 1)[r], ==, klass[r]);
    }
  /* -0 stays a double, with its sign */
  g_assert_true (signbit (lab_dataset_get_numbers (data, 5)[0]));
  g_assert_true (lab_dataset_is_missing (data, 3, 1));
}

/* The doubles of a byte column asked for from several threads at once: one array. */
static gpointer
get_numbers_thread (gpointer data)
{
  return (gpointer) lab_dataset_get_numbers (data, 0);
}

static void
test_small_integers_threads (void)
{
  g_autoptr(GString) text = g_string_new ("y\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) data = NULL;
  GThread *threads[4];
  gpointer got[4];

  for (guint i = 0; i < 100000; i++)
    g_string_append (text, i % 3 ? "0\n" : "1\n");
  data = load_string (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lab_dataset_get_small_integers (data, 0));
  for (guint t = 0; t < 4; t++)
    threads[t] = g_thread_new ("numbers", get_numbers_thread, data);
  for (guint t = 0; t < 4; t++)
    got[t] = g_thread_join (threads[t]);
  for (guint t = 0; t < 4; t++)
    g_assert_true (got[t] == got[0]);
  for (guint i = 0; i < 100000; i++)
    g_assert_cmpfloat (((const double *) got[0])[i], ==, i % 3 ? 0 : 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  lab_engine_init ();

  g_test_add_func ("/engine/csv/spectrum", test_spectrum);
  g_test_add_func ("/engine/csv/cases", test_cases);
  g_test_add_func ("/engine/csv/cases-parallel", test_cases_parallel);
  g_test_add_func ("/engine/csv/cells", test_cells);
  g_test_add_func ("/engine/csv/small-integers", test_small_integers);
  g_test_add_func ("/engine/csv/small-integers-threads", test_small_integers_threads);
  g_test_add_func ("/engine/csv/levels-late-text", test_levels_late_text);
  g_test_add_func ("/engine/csv/wide", test_wide);
  g_test_add_func ("/engine/csv/boxed", test_boxed);
  g_test_add_func ("/engine/csv/numbers-special", test_numbers_special);
  g_test_add_func ("/engine/csv/short-numbers", test_short_numbers);
  g_test_add_func ("/engine/csv/round-trip", test_round_trip);
  g_test_add_func ("/engine/csv/round-trip-de", test_round_trip_german);
  g_test_add_func ("/engine/csv/file", test_file);
  g_test_add_func ("/engine/csv/parallel", test_parallel);
  g_test_add_func ("/engine/csv/parallel-shared", test_parallel_shared);
  g_test_add_func ("/engine/csv/row-marks", test_row_marks);
  g_test_add_func ("/engine/csv/progress-cancel", test_progress_and_cancel);
  g_test_add_func ("/engine/csv/real-files", test_real_files);
  g_test_add_func ("/engine/csv/options", test_options);
  g_test_add_func ("/engine/csv/whitespace-cells", test_whitespace_cells);
  return g_test_run ();
}
