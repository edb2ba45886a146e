/* lab-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_errno.h>

#include "lab-engine.h"

void
lab_engine_init (void)
{
  /* GSL's default handler calls abort(): nothing a user does may end the
   * process, so every GSL status is checked where it is returned instead. */
  gsl_set_error_handler_off ();
}
