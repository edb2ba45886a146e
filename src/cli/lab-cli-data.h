/* lab-cli-data.h — `ml-lab data FILE [--json] [--records N]`: what ML Lab reads from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is "data". Prints the shape, delimiter, decimal mark, header and
 * columns (name, type, missing count) of FILE, and with --records N its first
 * N records as read (after unquoting); --json prints the same as one JSON
 * object. Returns the exit status: 0, 1 for bad usage, 2 when FILE cannot be
 * read (the "FILE:LINE:COL: message" goes to stderr). */
int lab_cli_data (int    argc,
                  char **argv);

G_END_DECLS
