/* main.c — `ml-lab`: the application, or a CLI command that never touches GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "lab-engine.h"
#include "lab-application.h"
#include "lab-cli.h"
#include "lab-error.h"
#include "lab-runner.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(LabApplication) app = NULL;
  int status;

  /* before any thread starts: GSL must report errors, never abort */
  lab_engine_init ();

  lab_i18n_init ();

  if (argc >= 2 && lab_cli_is_command (argv[1]))
    return lab_cli_run (argc, argv);
  if (argc >= 2 && lab_cli_is_unknown_command (argv[1]))
    return lab_cli_unknown_command (argv[1]);

  lab_application_prepare_environment ();
  app = lab_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* the windows are gone and their runners cancelled; a computation may still be
   * unwinding on a worker thread, and exit() under it would tear OpenBLAS down while it
   * runs: wait for it, and if one will not stop, leave without running destructors */
  if (!lab_runner_wait_all (5000))
    {
      g_settings_sync ();
      fflush (stdout);
      fflush (stderr);
      _exit (status);
    }
  return status;
}
