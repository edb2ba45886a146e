/* lab-sort.h — radix sorts for large arrays (GSL's sorts are heapsorts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Maps a double to a 64-bit key whose unsigned order is the numeric order (-0 == +0; NaN last). */
guint64  lab_sort_key_from_double (double x);

/* Sorts @keys ascending and applies the same permutation to @payload (may be NULL).
 * Stable LSD radix sort, 8 passes of 8 bits with pass skipping; @scratch_keys and
 * @scratch_payload hold n elements each (payload scratch may be NULL if payload is). */
void     lab_sort_radix_u64       (guint64 *keys, guint32 *payload, gsize n,
                                   guint64 *scratch_keys, guint32 *scratch_payload);

/* Fills @index[n] with the permutation that sorts @x ascending (stable). NaN sort last. */
void     lab_sort_index_doubles   (const double *x, gsize n, guint32 *index);

G_END_DECLS
