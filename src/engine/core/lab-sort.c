/* lab-sort.c — LSD radix sort of 64-bit keys, with an optional 32-bit payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSL's sorts are heapsorts (10,000,000 doubles: 12 s). This one histograms
 * all eight 8-bit digits in a single read pass, then scatters once per digit,
 * skipping any digit that every key shares; 10,000,000 keys took ~0.2 s. From
 * 2^16 keys on, the high 32 bits are sorted first and then each run of keys
 * sharing them (see radix_sort): about half the memory traffic for real data.
 * 8-bit digits beat 11-bit ones here (0.23 s against 0.41 s for 10,000,000
 * keys): 2048 scatter streams thrash the TLB and the write-combining buffers.
 */
#include "config.h"

#include "lab-sort.h"

#define DIGIT_BITS  8
#define N_BUCKETS   (1 << DIGIT_BITS)
#define N_DIGITS    (64 / DIGIT_BITS)
#define POLL_BLOCK  ((gsize) 1 << 20)   /* elements between two looks at the cancellable */

guint64
lab_sort_key_from_double (double x)
{
  return _lab_sort_key_from_double (x);
}

double
lab_sort_double_from_key (guint64 key)
{
  return _lab_sort_double_from_key (key);
}

/* Counts every digit of every key in one read pass. The unrolled body
 * matters: a loop over the digit index runs 2.5× slower. */
static gboolean
histogram (const guint64  *keys,
           gsize           n,
           gsize           counts[N_DIGITS][N_BUCKETS],
           GCancellable   *cancellable)
{
  memset (counts, 0, sizeof (gsize) * N_DIGITS * N_BUCKETS);

  for (gsize start = 0; start < n; start += POLL_BLOCK)
    {
      gsize end = MIN (n, start + POLL_BLOCK);

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      for (gsize i = start; i < end; i++)
        {
          guint64 k = keys[i];

          counts[0][k & 0xff]++;
          counts[1][(k >> 8) & 0xff]++;
          counts[2][(k >> 16) & 0xff]++;
          counts[3][(k >> 24) & 0xff]++;
          counts[4][(k >> 32) & 0xff]++;
          counts[5][(k >> 40) & 0xff]++;
          counts[6][(k >> 48) & 0xff]++;
          counts[7][k >> 56]++;
        }
    }
  return TRUE;
}

/* One stable counting pass on the digit at @shift, from src to dst. */
static gboolean
scatter (const guint64  *src_keys,
         const guint32  *src_payload,
         guint64        *dst_keys,
         guint32        *dst_payload,
         gsize           n,
         guint           shift,
         gsize           offsets[N_BUCKETS],
         GCancellable   *cancellable)
{
  for (gsize start = 0; start < n; start += POLL_BLOCK)
    {
      gsize end = MIN (n, start + POLL_BLOCK);

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      if (src_payload != NULL)
        {
          for (gsize i = start; i < end; i++)
            {
              guint64 k = src_keys[i];
              gsize at = offsets[(k >> shift) & (N_BUCKETS - 1)]++;

              dst_keys[at] = k;
              dst_payload[at] = src_payload[i];
            }
        }
      else
        {
          for (gsize i = start; i < end; i++)
            {
              guint64 k = src_keys[i];

              dst_keys[offsets[(k >> shift) & (N_BUCKETS - 1)]++] = k;
            }
        }
    }
  return TRUE;
}

/* The stable LSD passes over the digits [first, last) of @keys (with @payload); the
 * result back in @keys. */
static gboolean
radix_passes (guint64      *keys,
              guint32      *payload,
              gsize         n,
              guint64      *scratch_keys,
              guint32      *scratch_payload,
              guint         first,
              guint         last,
              GCancellable *cancellable)
{
  gsize counts[N_DIGITS][N_BUCKETS];
  gsize offsets[N_BUCKETS];
  guint64 *src_keys = keys, *dst_keys = scratch_keys;
  guint32 *src_payload = payload, *dst_payload = scratch_payload;
  gboolean completed = TRUE;
  guint64 first_key;

  if (n < 2)
    return !g_cancellable_is_cancelled (cancellable);

  if (!histogram (keys, n, counts, cancellable))
    return FALSE;
  first_key = keys[0];

  for (guint d = first; d < last; d++)
    {
      guint shift = d * DIGIT_BITS;
      gsize sum = 0;

      /* every key has the digit of the first one here: the pass would only copy */
      if (counts[d][(first_key >> shift) & (N_BUCKETS - 1)] == n)
        continue;

      for (guint b = 0; b < N_BUCKETS; b++)
        {
          offsets[b] = sum;
          sum += counts[d][b];
        }
      if (!scatter (src_keys, src_payload, dst_keys, dst_payload, n, shift, offsets,
                    cancellable))
        {
          /* src still holds a complete permutation: hand that back */
          completed = FALSE;
          break;
        }

      {
        guint64 *tk = src_keys;
        guint32 *tp = src_payload;

        src_keys = dst_keys, dst_keys = tk;
        src_payload = dst_payload, dst_payload = tp;
      }
    }

  if (src_keys != keys)
    {
      memcpy (keys, src_keys, n * sizeof *keys);
      if (payload != NULL)
        memcpy (payload, src_payload, n * sizeof *payload);
    }
  return completed;
}

/* Stable insertion sort of a short run. */
static void
insertion_sort (guint64 *keys,
                guint32 *payload,
                gsize    n)
{
  for (gsize i = 1; i < n; i++)
    {
      guint64 k = keys[i];
      guint32 v = payload != NULL ? payload[i] : 0;
      gsize j = i;

      for (; j > 0 && keys[j - 1] > k; j--)
        {
          keys[j] = keys[j - 1];
          if (payload != NULL)
            payload[j] = payload[j - 1];
        }
      keys[j] = k;
      if (payload != NULL)
        payload[j] = v;
    }
}

#define HIGH_FIRST_MIN  ((gsize) 1 << 16)   /* from this many keys on, the high half first */
#define INSERTION_MAX   32

/* From HIGH_FIRST_MIN keys on, the four passes of the high 32 bits first, then each run
 * of keys sharing them sorted on the low 32 bits. The low half of a key holds little
 * order once the high half is sorted: 10,000,000 scores leave runs of one value or a
 * few, which a scan finds in order or an insertion sort puts right, so 4 passes over
 * memory instead of 8 (the sort is bound by memory traffic). A long run (a narrow range
 * of values) gets the passes of the low digits, within the run; at worst, when every
 * key shares its high half, that is the whole array, as before. Stable, as each step is. */
static gboolean
radix_sort (guint64      *keys,
            guint32      *payload,
            gsize         n,
            guint64      *scratch_keys,
            guint32      *scratch_payload,
            GCancellable *cancellable)
{
  if (n < HIGH_FIRST_MIN)
    return radix_passes (keys, payload, n, scratch_keys, scratch_payload, 0, N_DIGITS, cancellable);
  if (!radix_passes (keys, payload, n, scratch_keys, scratch_payload, N_DIGITS / 2, N_DIGITS, cancellable))
    return FALSE;

  for (gsize i = 0, next_poll = POLL_BLOCK; i < n;)
    {
      guint64 high = keys[i] >> 32;
      gboolean in_order = TRUE;
      gsize j = i + 1;

      if (i >= next_poll)
        {
          if (g_cancellable_is_cancelled (cancellable))
            return FALSE;
          next_poll = i + POLL_BLOCK;
        }
      for (; j < n && keys[j] >> 32 == high; j++)
        in_order &= keys[j - 1] <= keys[j];
      if (!in_order)
        {
          guint32 *run_payload = payload != NULL ? payload + i : NULL;

          if (j - i <= INSERTION_MAX)
            insertion_sort (keys + i, run_payload, j - i);
          else if (!radix_passes (keys + i, run_payload, j - i, scratch_keys, scratch_payload,
                                  0, N_DIGITS / 2, cancellable))
            return FALSE;
        }
      i = j;
    }
  return TRUE;
}

void
lab_sort_radix_u64 (guint64 *keys,
                    guint32 *payload,
                    gsize    n,
                    guint64 *scratch_keys,
                    guint32 *scratch_payload)
{
  g_return_if_fail (keys != NULL || n == 0);
  g_return_if_fail (scratch_keys != NULL || n == 0);
  g_return_if_fail (payload == NULL || scratch_payload != NULL || n == 0);

  radix_sort (keys, payload, n, scratch_keys, scratch_payload, NULL);
}

gboolean
lab_sort_radix_u64_cancellable (guint64       *keys,
                                guint32       *payload,
                                gsize          n,
                                guint64       *scratch_keys,
                                guint32       *scratch_payload,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_return_val_if_fail (keys != NULL || n == 0, FALSE);
  g_return_val_if_fail (scratch_keys != NULL || n == 0, FALSE);
  g_return_val_if_fail (payload == NULL || scratch_payload != NULL || n == 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!radix_sort (keys, payload, n, scratch_keys, scratch_payload, cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  return TRUE;
}

void
lab_sort_index_doubles (const double *x,
                        gsize         n,
                        guint32      *index)
{
  g_autofree guint64 *keys = NULL;
  g_autofree guint64 *scratch_keys = NULL;
  g_autofree guint32 *scratch_index = NULL;

  g_return_if_fail (x != NULL || n == 0);
  g_return_if_fail (index != NULL || n == 0);
  g_return_if_fail (n <= G_MAXUINT32);

  if (n == 0)
    return;

  keys = g_new (guint64, n);
  scratch_keys = g_new (guint64, n);
  scratch_index = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    {
      keys[i] = _lab_sort_key_from_double (x[i]);
      index[i] = (guint32) i;
    }
  radix_sort (keys, index, n, scratch_keys, scratch_index, NULL);
}

int
lab_compare_doubles (const void *a,
                     const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}
