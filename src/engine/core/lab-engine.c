/* lab-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_errno.h>
#include <locale.h>

#include "lab-engine.h"

#ifdef LAB_HAVE_OPENBLAS
/* OpenBLAS's own; its cblas.h would clash with GSL's gsl_cblas.h */
extern void openblas_set_num_threads (int num_threads);
/* The pthreads build's: ends its worker threads (they are made again if ever needed).
 * Weak, as the serial and OpenMP builds have no such function. */
extern void blas_thread_shutdown_ (void) __attribute__ ((weak));
#endif

void
lab_engine_init (void)
{
  /* GSL's default handler calls abort(): nothing a user does may end the
   * process, so every GSL status is checked where it is returned instead. */
  gsl_set_error_handler_off ();

#ifdef LAB_HAVE_OPENBLAS
  /* The engine shares work between threads itself, a task at a time (attention's heads,
   * row blocks); OpenBLAS threads inside those threads would oversubscribe the cores
   * (measured: 512 tokens × 8 heads 30 % slower on two cores). One BLAS thread each. */
  openblas_set_num_threads (1);
  /* OpenBLAS starts a worker per core when it is loaded, and a worker with no work spins
   * on sched_yield() for about 0.1 s before it sleeps: a core taken from whatever the
   * program does first (perf: 90 ms of the 10M-row ROC job's CSV read, issue 12). With one
   * BLAS thread per caller the workers are never used: end them now. */
  if (blas_thread_shutdown_ != NULL)
    blas_thread_shutdown_ ();
#endif
}

void
lab_i18n_init (void)
{
  const char *dir = g_getenv ("ML_LAB_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
