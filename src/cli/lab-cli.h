/* lab-cli.h — `ml-lab list|inspect|export|data|bench`, no display needed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses */
#define LAB_EXIT_OK     0
#define LAB_EXIT_USAGE  1
#define LAB_EXIT_DATA   2

/* Whether @arg names a CLI command (then GTK is never initialised). */
gboolean lab_cli_is_command (const char *arg);
/* A word that is neither a command, an option nor a file (`ml-lab frobnicate`). */
gboolean lab_cli_is_unknown_command (const char *arg);
/* Says so with the list of commands; returns the usage exit status. */
int      lab_cli_unknown_command    (const char *arg);
/* argv[1] is the command. Returns the exit status. */
int      lab_cli_run        (int argc, char **argv);
int      lab_cli_bench      (int argc, char **argv);

G_END_DECLS
