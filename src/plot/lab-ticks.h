/* lab-ticks.h — "nice" 1-2-5 ticks and their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ticks within [lo, hi] at multiples of 1, 2 or 5 × 10^k, aiming at about @target ticks.
 * Returns the number written to @ticks (at most @max_ticks) and the step in *step. */
guint   lab_ticks_linear (double lo, double hi, guint target, double *ticks, guint max_ticks, double *step);
/* Decades (and 2, 5 between when the range is short) within [lo, hi], lo > 0. */
guint   lab_ticks_log    (double lo, double hi, guint target, double *ticks, guint max_ticks);
/* A label for @value given the tick @step: plain ("0.25"), scientific ("1.5×10⁻⁷") or SI when
 * the magnitude calls for it; "−" (U+2212) for minus. Owned by the caller. */
char   *lab_ticks_format (double value, double step);

G_END_DECLS
