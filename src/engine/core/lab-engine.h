/* lab-engine.h — what the engine needs before anything else runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call first thing in main(), before any thread starts: GSL's aborting error
 * handler off (every GSL status is checked where it is returned). */
void lab_engine_init (void);

/* The locale from the environment and ML Lab's message catalogue: from LOCALEDIR, or from
 * $ML_LAB_LOCALEDIR when set (the build tree's po/, for the tests and running uninstalled). */
void lab_i18n_init (void);

G_END_DECLS
