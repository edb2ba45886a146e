/* lab-cli-data.c — `ml-lab data FILE [--json] [--records N] [CSV options]`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows what the CSV reader made of a file, so that a user (or a script) can
 * see the delimiter, decimal mark, header and column types ML Lab detected,
 * and the records exactly as read. Output is written as UTF-8 bytes with
 * fwrite(), never converted to the locale's character set: the reader
 * guarantees valid UTF-8, and JSON must stay JSON under LC_ALL=C.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-cli.h"
#include "lab-cli-data.h"
#include "lab-metrics.h"
#include "lab-csv.h"
#include "lab-error.h"

#define CELL_WIDTH_MAX 32   /* characters of a cell shown in the table */

static const char usage[] = "usage: ml-lab data FILE [--json] [--records N] " LAB_CLI_CSV_OPTIONS;

gboolean
lab_cli_csv_option (int             argc,
                    char          **argv,
                    int            *i,
                    LabCsvOptions  *options,
                    int            *status)
{
  static const char *names[] = { "delimiter", "comment", "header" };
  g_autoptr(GError) error = NULL;
  const char *arg = argv[*i], *value = NULL;
  const char *name = NULL;

  *status = LAB_EXIT_OK;
  if (!g_str_has_prefix (arg, "--"))
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      gsize len = strlen (names[k]);

      if (strncmp (arg + 2, names[k], len) == 0 && (arg[2 + len] == '\0' || arg[2 + len] == '='))
        {
          name = names[k];
          value = arg[2 + len] == '=' ? arg + 3 + len : NULL;
        }
    }
  if (name == NULL)
    return FALSE;
  if (value == NULL)
    {
      if (*i + 1 >= argc)
        {
          g_printerr ("ml-lab: --%s needs a value\n", name);
          *status = LAB_EXIT_USAGE;
          return TRUE;
        }
      value = argv[++*i];
    }
  if (!lab_csv_options_set (options, name, value, &error))
    {
      g_printerr ("ml-lab: %s\n", error->message);
      *status = LAB_EXIT_USAGE;
    }
  return TRUE;
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

/* A cell for the table: control characters shown as escapes, at most @width
 * characters of the cell (the last one an ellipsis when it is cut). */
static char *
display_cell (const char *text,
              guint       width)
{
  GString *out = g_string_new (NULL);
  glong len = g_utf8_strlen (text, -1);
  glong shown = len <= (glong) width ? len : (glong) width - 1;
  const char *p = text;

  for (glong n = 0; n < shown; n++, p = g_utf8_next_char (p))
    {
      guchar c = (guchar) *p;

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7F)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  if (shown < len)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static void
append_padded (GString    *out,
               const char *text,
               guint       width)
{
  glong len = g_utf8_strlen (text, -1);

  g_string_append (out, text);
  for (glong i = len; i < (glong) width; i++)
    g_string_append_c (out, ' ');
}

static void
delimiter_name (char  delimiter,
                char *buf)
{
  if (delimiter == '\t')
    strcpy (buf, "tab");
  else if (delimiter == LAB_CSV_DELIMITER_WHITESPACE)
    strcpy (buf, "spaces/tabs");
  else
    {
      buf[0] = delimiter;
      buf[1] = '\0';
    }
}

static GString *
format_json (LabDataset *data,
             gsize       n_records)
{
  GString *out = g_string_new ("{\n  \"name\": ");
  guint n_columns = lab_dataset_get_n_columns (data);
  char delimiter[2] = { lab_dataset_get_delimiter (data), '\0' };
  char decimal[2] = { lab_dataset_get_decimal (data), '\0' };

  lab_json_append_string (out, lab_dataset_get_name (data));
  g_string_append_printf (out, ",\n  \"rows\": %" G_GSIZE_FORMAT ",\n  \"columns\": [", lab_dataset_get_n_rows (data));
  for (guint c = 0; c < n_columns; c++)
    {
      g_string_append (out, c > 0 ? ",\n    {\"name\": " : "\n    {\"name\": ");
      lab_json_append_string (out, lab_dataset_get_column_name (data, c));
      g_string_append_printf (out, ", \"type\": \"%s\", \"missing\": %" G_GSIZE_FORMAT "}",
                              type_name (lab_dataset_get_column_type (data, c)),
                              lab_dataset_get_column_missing (data, c));
    }
  g_string_append (out, n_columns > 0 ? "\n  ],\n  \"delimiter\": " : "],\n  \"delimiter\": ");
  lab_json_append_string (out, delimiter);
  g_string_append (out, ",\n  \"decimal\": ");
  lab_json_append_string (out, decimal);
  g_string_append_printf (out, ",\n  \"header\": %s", lab_dataset_has_header (data) ? "true" : "false");
  g_string_append (out, ",\n  \"comment\": ");
  if (lab_dataset_get_comment (data) != '\0')
    lab_json_append_string (out, (char[]) { lab_dataset_get_comment (data), '\0' });
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\n  \"comment_lines\": %" G_GSIZE_FORMAT, lab_dataset_get_n_comment_lines (data));
  if (n_records != G_MAXSIZE)
    {
      g_string_append (out, ",\n  \"records\": [");
      for (gsize r = 0; r < n_records; r++)
        {
          g_string_append (out, r > 0 ? ",\n    [" : "\n    [");
          for (guint c = 0; c < n_columns; c++)
            {
              g_autofree char *cell = lab_dataset_dup_cell_text (data, r, c);

              if (c > 0)
                g_string_append (out, ", ");
              lab_json_append_string (out, cell);
            }
          g_string_append_c (out, ']');
        }
      g_string_append (out, n_records > 0 ? "\n  ]" : "]");
    }
  g_string_append (out, "\n}\n");
  return out;
}

static GString *
format_table (LabDataset *data,
              gsize       n_records)
{
  GString *out = g_string_new (NULL);
  guint n_columns = lab_dataset_get_n_columns (data);
  guint name_width = 4;
  char delimiter[16];
  gsize n_comments = lab_dataset_get_n_comment_lines (data);

  delimiter_name (lab_dataset_get_delimiter (data), delimiter);
  g_string_append_printf (out, "%s: %" G_GSIZE_FORMAT " rows, %u columns; delimiter “%s”, decimal “%c”, %s",
                          lab_dataset_get_name (data), lab_dataset_get_n_rows (data), n_columns,
                          delimiter, lab_dataset_get_decimal (data),
                          lab_dataset_has_header (data) ? "header" : "no header (names made up)");
  if (n_comments > 0)
    g_string_append_printf (out, "; %" G_GSIZE_FORMAT " comment line%s (“%c”) skipped", n_comments,
                            n_comments == 1 ? "" : "s", lab_dataset_get_comment (data));
  g_string_append_c (out, '\n');

  for (guint c = 0; c < n_columns; c++)
    name_width = MAX (name_width, (guint) g_utf8_strlen (lab_dataset_get_column_name (data, c), -1));
  name_width = MIN (name_width, CELL_WIDTH_MAX);
  g_string_append (out, "\n     #  ");
  append_padded (out, "name", name_width);
  g_string_append (out, "  type     missing\n");
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *name = display_cell (lab_dataset_get_column_name (data, c), name_width);

      g_string_append_printf (out, "  %4u  ", c + 1);
      append_padded (out, name, name_width);
      g_string_append_printf (out, "  %-7s  %" G_GSIZE_FORMAT "\n",
                              type_name (lab_dataset_get_column_type (data, c)),
                              lab_dataset_get_column_missing (data, c));
    }

  if (n_records != G_MAXSIZE)
    {
      g_autofree guint *widths = g_new0 (guint, MAX (n_columns, 1));
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *name = display_cell (lab_dataset_get_column_name (data, c), CELL_WIDTH_MAX);

          widths[c] = (guint) g_utf8_strlen (name, -1);
          g_ptr_array_add (cells, g_steal_pointer (&name));
        }
      for (gsize r = 0; r < n_records; r++)
        for (guint c = 0; c < n_columns; c++)
          {
            g_autofree char *text = lab_dataset_dup_cell_text (data, r, c);
            char *cell = display_cell (text, CELL_WIDTH_MAX);

            widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cell, -1));
            g_ptr_array_add (cells, cell);
          }

      g_string_append_printf (out, "\nThe first %" G_GSIZE_FORMAT " record%s as read:\n",
                              n_records, n_records == 1 ? "" : "s");
      for (gsize r = 0; r <= n_records; r++)
        {
          g_string_append (out, "  ");
          for (guint c = 0; c < n_columns; c++)
            {
              const char *cell = g_ptr_array_index (cells, r * n_columns + c);

              if (c + 1 < n_columns)
                {
                  append_padded (out, cell, widths[c]);
                  g_string_append (out, "  ");
                }
              else
                g_string_append (out, cell);
            }
          g_string_append_c (out, '\n');
        }
    }
  return out;
}

int
lab_cli_data (int    argc,
              char **argv)
{
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  const char *path = NULL;
  gboolean json = FALSE;
  gsize n_records = G_MAXSIZE;   /* none asked for */
  LabCsvOptions options;
  int status;

  lab_csv_options_init (&options);
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (lab_cli_csv_option (argc, argv, &i, &options, &status))
        {
          if (status != LAB_EXIT_OK)
            {
              g_printerr ("%s\n", usage);
              return status;
            }
        }
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          g_print ("%s\n", usage);
          return LAB_EXIT_OK;
        }
      else if (g_str_equal (arg, "--json"))
        json = TRUE;
      else if (g_str_equal (arg, "--records"))
        {
          guint64 n;

          if (i + 1 >= argc)
            {
              g_printerr ("ml-lab: --records needs a number\n%s\n", usage);
              return LAB_EXIT_USAGE;
            }
          if (!g_ascii_string_to_unsigned (argv[++i], 10, 0, G_MAXSIZE - 1, &n, NULL))
            {
              g_printerr ("ml-lab: bad --records “%s”: expected a whole number ≥ 0\n%s\n", argv[i], usage);
              return LAB_EXIT_USAGE;
            }
          n_records = (gsize) n;
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          g_printerr ("ml-lab: unknown option “%s”\n%s\n", arg, usage);
          return LAB_EXIT_USAGE;
        }
      else if (path != NULL)
        {
          g_printerr ("ml-lab: one FILE only (got “%s” and “%s”)\n%s\n", path, arg, usage);
          return LAB_EXIT_USAGE;
        }
      else
        path = arg;
    }
  if (path == NULL)
    {
      g_printerr ("ml-lab: no FILE given\n%s\n", usage);
      return LAB_EXIT_USAGE;
    }

  data = lab_csv_load_file_full (path, &options, NULL, NULL, NULL, &error);
  if (data == NULL)
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, LAB_ERROR, LAB_ERROR_USAGE) ? LAB_EXIT_USAGE : LAB_EXIT_DATA;
    }

  if (n_records != G_MAXSIZE)
    n_records = MIN (n_records, lab_dataset_get_n_rows (data));
  out = json ? format_json (data, n_records) : format_table (data, n_records);
  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    {
      g_printerr ("ml-lab: cannot write the output: %s\n", g_strerror (errno));
      return LAB_EXIT_DATA;
    }
  return LAB_EXIT_OK;
}
