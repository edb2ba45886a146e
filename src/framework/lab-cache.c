/* lab-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-cache.h"

typedef struct
{
  char           *key;
  gpointer        value;
  GDestroyNotify  clear;
} Entry;

static GMutex      lock;
static GHashTable *entries;   /* owner → Entry */

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->key);
  g_atomic_rc_box_release_full (e->value, e->clear);
  g_free (e);
}

gpointer
lab_cache_lookup (const char *owner,
                  const char *key)
{
  gpointer value = NULL;
  Entry *e;

  g_return_val_if_fail (owner != NULL && key != NULL, NULL);

  g_mutex_lock (&lock);
  if (entries != NULL && (e = g_hash_table_lookup (entries, owner)) != NULL && g_str_equal (e->key, key))
    value = g_atomic_rc_box_acquire (e->value);
  g_mutex_unlock (&lock);
  return value;
}

void
lab_cache_store (const char     *owner,
                 const char     *key,
                 gpointer        value,
                 GDestroyNotify  clear)
{
  Entry *e;

  g_return_if_fail (owner != NULL && key != NULL && value != NULL);

  e = g_new (Entry, 1);
  e->key = g_strdup (key);
  e->value = g_atomic_rc_box_acquire (value);
  e->clear = clear;
  g_mutex_lock (&lock);
  if (entries == NULL)
    entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  g_hash_table_replace (entries, g_strdup (owner), e);
  g_mutex_unlock (&lock);
}

void
lab_cache_clear (void)
{
  g_mutex_lock (&lock);
  if (entries != NULL)
    g_hash_table_remove_all (entries);
  g_mutex_unlock (&lock);
}
