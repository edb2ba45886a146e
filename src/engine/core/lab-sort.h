/* lab-sort.h — radix sorts for large arrays (GSL's sorts are heapsorts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* Maps a double to a 64-bit key whose unsigned order is the numeric order (-0 == +0; NaN last). */
guint64  lab_sort_key_from_double (double x);

/* The inverse of lab_sort_key_from_double() for non-NaN keys (-0 comes back as +0). */
double   lab_sort_double_from_key (guint64 key);

/* Sorts @keys ascending and applies the same permutation to @payload (may be NULL).
 * Stable LSD radix sort, passes of 8 bits with pass skipping (from 2^16 keys on, the
 * high 32 bits first, then each run sharing them on the low 32); @scratch_keys and
 * @scratch_payload hold n elements each (payload scratch may be NULL if payload is). */
void     lab_sort_radix_u64       (guint64 *keys, guint32 *payload, gsize n,
                                   guint64 *scratch_keys, guint32 *scratch_payload);

/* The same, polling @cancellable about every million elements. On cancellation returns
 * FALSE with G_IO_ERROR_CANCELLED and leaves @keys and @payload permuted consistently
 * (the same permutation applied to both) but not sorted. */
gboolean lab_sort_radix_u64_cancellable (guint64       *keys,
                                         guint32       *payload,
                                         gsize          n,
                                         guint64       *scratch_keys,
                                         guint32       *scratch_payload,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* Fills @index[n] with the permutation that sorts @x ascending (stable). NaN sort last. */
void     lab_sort_index_doubles   (const double *x, gsize n, guint32 *index);

/* The body of lab_sort_key_from_double(), inlined into the engine's hot loops. */
static inline guint64
_lab_sort_key_from_double (double x)
{
  guint64 bits;

  if (G_UNLIKELY (x != x))
    return G_MAXUINT64;
  x += 0.0;                     /* -0 → +0 (needs IEEE signed zeros: no -ffast-math) */
  memcpy (&bits, &x, sizeof bits);
  /* negatives: flip every bit (larger magnitude → smaller key); positives: flip the sign bit */
  return bits ^ ((guint64) ((gint64) bits >> 63) | G_GUINT64_CONSTANT (0x8000000000000000));
}

static inline double
_lab_sort_double_from_key (guint64 key)
{
  guint64 bits = (key >> 63) ? key ^ G_GUINT64_CONSTANT (0x8000000000000000) : ~key;
  double x;

  memcpy (&x, &bits, sizeof x);
  return x;
}

/* qsort comparator for doubles, ascending (NaN compares equal to everything: keep it out) */
int      lab_compare_doubles      (const void *a,
                                   const void *b);

G_END_DECLS
