/* lab-sort.c — LSD radix sort of 64-bit keys, with an optional 32-bit payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSL's sorts are heapsorts (10,000,000 doubles: 12 s). This one histograms
 * all eight 8-bit digits in a single read pass, then scatters once per digit,
 * skipping any digit that every key shares; 10,000,000 keys take ~0.2 s.
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

static gboolean
radix_sort (guint64      *keys,
            guint32      *payload,
            gsize         n,
            guint64      *scratch_keys,
            guint32      *scratch_payload,
            GCancellable *cancellable)
{
  gsize counts[N_DIGITS][N_BUCKETS];
  gsize offsets[N_BUCKETS];
  guint64 *src_keys = keys, *dst_keys = scratch_keys;
  guint32 *src_payload = payload, *dst_payload = scratch_payload;
  gboolean completed = TRUE;
  guint64 first;

  if (n < 2)
    return !g_cancellable_is_cancelled (cancellable);

  if (!histogram (keys, n, counts, cancellable))
    return FALSE;
  first = keys[0];

  for (guint d = 0; d < N_DIGITS; d++)
    {
      guint shift = d * DIGIT_BITS;
      gsize sum = 0;

      /* every key has the digit of the first one here: the pass would only copy */
      if (counts[d][(first >> shift) & (N_BUCKETS - 1)] == n)
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
