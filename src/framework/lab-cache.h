/* lab-cache.h — what a compute keeps for the next one, in one place
 *
 * Some computes make something expensive that the next compute, after a slider moved,
 * can reuse: bias-variance's polynomial bases (they depend on the inputs, not on the
 * degree), a dataset's cross-validation. Topics keep no global state of their own; they
 * store such values here under a key that spells out everything the value depends on.
 *
 * Values are atomically reference-counted boxes (g_atomic_rc_box_new0), immutable once
 * stored, so workers on several threads can share them. Each owner (a topic id, or
 * "id/what") keeps its latest value only: storing replaces it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new reference to the value @owner stored under @key, or NULL. Release it with
 * g_atomic_rc_box_release_full (value, the same clear function it was stored with). */
gpointer lab_cache_lookup (const char     *owner,
                           const char     *key);
/* Keeps a new reference to @value (an rc box) as @owner's value under @key, dropping the
 * previous one; @clear frees the box's contents when its last reference goes. */
void     lab_cache_store  (const char     *owner,
                           const char     *key,
                           gpointer        value,
                           GDestroyNotify  clear);
/* Forgets every value (tests; a low-memory warning). */
void     lab_cache_clear  (void);

G_END_DECLS
