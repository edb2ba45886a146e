/* lab-cli-data.h — `ml-lab data FILE [--json] [--records N] [CSV options]`: what ML Lab reads from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lab-csv.h"

G_BEGIN_DECLS

/* The CSV options of `data` and `export --data`, as they appear in usage lines. */
#define LAB_CLI_CSV_OPTIONS "[--delimiter=auto|space|tab|C] [--comment=C|none] [--header=auto|yes|no]"

/* When argv[*i] is --delimiter, --comment or --header (--NAME=VALUE or --NAME VALUE):
 * sets it in @options, moves *i past a separate value and returns TRUE; *status is
 * then LAB_EXIT_OK, or LAB_EXIT_USAGE after the reason was printed. FALSE: not one. */
gboolean lab_cli_csv_option (int             argc,
                             char          **argv,
                             int            *i,
                             LabCsvOptions  *options,
                             int            *status);

/* argv[0] is "data". Prints the shape, delimiter, decimal mark, header and
 * columns (name, type, missing count) of FILE, and with --records N its first
 * N records as read (after unquoting); --json prints the same as one JSON
 * object; the comment lines skipped are counted in both. Returns the exit status: 0, 1 for bad usage, 2 when FILE cannot be
 * read (the "FILE:LINE:COL: message" goes to stderr). */
int lab_cli_data (int    argc,
                  char **argv);

G_END_DECLS
