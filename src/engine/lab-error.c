/* lab-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_errno.h>

#include "lab-error.h"

G_DEFINE_QUARK (lab-error-quark, lab_error)

void
lab_engine_init (void)
{
  /* GSL's default handler calls abort(): nothing a user does may end the
   * process, so every GSL status is checked where it is returned instead. */
  gsl_set_error_handler_off ();
}
