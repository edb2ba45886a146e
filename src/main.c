/* main.c — `ml-lab`: the application, or a CLI command that never touches GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "lab-engine.h"
#include "lab-application.h"
#include "lab-cli.h"
#include "lab-error.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(LabApplication) app = NULL;

  /* before any thread starts: GSL must report errors, never abort */
  lab_engine_init ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 2 && lab_cli_is_command (argv[1]))
    return lab_cli_run (argc, argv);
  if (argc >= 2 && lab_cli_is_unknown_command (argv[1]))
    return lab_cli_unknown_command (argv[1]);

  lab_application_prepare_environment ();
  app = lab_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
