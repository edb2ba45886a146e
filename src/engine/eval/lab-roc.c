/* lab-roc.c — ROC and precision–recall curves, AUC, AP and DeLong's test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scores of the positives and of the negatives are turned into sortable
 * keys (complemented, so that ascending key order is descending score order)
 * and written to two arrays, one per class. Each class is radix-sorted on its
 * own, keys only, and a branch-free merge of the two sorted runs yields the
 * curve: after consuming every sample whose score is ≥ t, the read positions
 * in the two runs are tp(t) and fp(t). Sorting the classes apart moves 8 bytes
 * per key and pass instead of 12 with a label payload, and the merge needs no
 * look at the labels at all.
 *
 * DeLong's test of several models (partition_keys, sort_classes, placements) uses two
 * arrays A and B of n + 2 slots (P positives, N negatives), with each sample's index:
 *
 *   A:  [0, N + 1) free              [N + 1, n] positives    [n + 1] SENTINEL
 *   B:  [0, P + 1) free              [P + 1, n] negatives    [n + 1] SENTINEL
 *
 * Each run is sorted with the free part of the other array as scratch. The curve
 * (lab_roc_curve_new) has a layout of its own, with less memory: see "the curve"
 * below.
 * SENTINEL is G_MAXUINT64: no finite score has that complemented key, so the
 * merge needs no bounds checks.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lab-error.h"
#include "lab-roc.h"
#include "lab-sort.h"

#define SENTINEL    G_MAXUINT64
#define POLL_BLOCK  ((gsize) 1 << 20)   /* elements between two looks at the cancellable */
#define SUM_BLOCK   1024                /* terms summed plainly before a compensated addition */
#define Z_975       1.959963984540054   /* Φ⁻¹(0.975) */

/* Neumaier's compensated addition of @x to (*sum, *comp). */
static inline void
sum_add (double *sum,
         double *comp,
         double  x)
{
  double t = *sum + x;

  if (fabs (*sum) >= fabs (x))
    *comp += (*sum - t) + x;
  else
    *comp += (x - t) + *sum;
  *sum = t;
}

static void
set_sample_error (GError       **error,
                  const guint8  *labels,
                  gsize          i,
                  guint          model,
                  gboolean       name_model)
{
  if (labels[i] > 1)
    g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                 "label at index %" G_GSIZE_FORMAT " is %u, expected 0 or 1",
                 i, (guint) labels[i]);
  else if (name_model)
    g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                 "model %u: score at index %" G_GSIZE_FORMAT " is not finite", model, i);
  else
    g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                 "score at index %" G_GSIZE_FORMAT " is not finite", i);
}

static gboolean
check_classes (gsize    n,
               gsize    n_positive,
               GError **error)
{
  if (n == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   "only one class present: there are no samples");
      return FALSE;
    }
  if (n_positive == 0 || n_positive == n)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   "only one class present: all %" G_GSIZE_FORMAT " samples are %s",
                   n, n_positive ? "positive" : "negative");
      return FALSE;
    }
  return TRUE;
}

/* A slot of the work arrays: a sort key, then a value of the curve (GCC
 * allows reading one member after writing the other through the union). */
typedef union
{
  guint64 key;
  double  value;
} Slot;

G_STATIC_ASSERT (sizeof (Slot) == sizeof (guint64));

/* One pass over the samples: validates labels and scores, writes the complemented
 * keys into the class arrays @a and @b (see the top of the file) and, when
 * @a_index is not NULL, each sample's index within its class at the same place
 * of @a_index and @b_index. Returns the number of positives in *n_positive. */
static gboolean
partition_keys (const double  *scores,
                const guint8  *labels,
                gsize          n,
                Slot          *a,
                Slot          *b,
                guint32       *a_index,
                guint32       *b_index,
                gsize         *n_positive,
                guint          model,
                gboolean       name_model,
                GCancellable  *cancellable,
                GError       **error)
{
  gsize p = n;          /* next positive slot of a, downwards from n */
  gsize q = n;          /* next negative slot of b, downwards from n */

  for (gsize start = 0; start < n; start += POLL_BLOCK)
    {
      gsize end = MIN (n, start + POLL_BLOCK);
      guint label_bits = 0;
      gboolean non_finite = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (a_index != NULL)
        {
          for (gsize i = start; i < end; i++)
            {
              double x = scores[i];
              guint label = labels[i];
              gboolean positive = label != 0;
              gsize at = positive ? p : q;

              label_bits |= label;
              non_finite |= !isfinite (x);
              (positive ? a : b)[at].key = ~_lab_sort_key_from_double (x);
              (positive ? a_index : b_index)[at] = (guint32) (n - at);
              p -= positive;
              q -= !positive;
            }
        }
      else
        {
          for (gsize i = start; i < end; i++)
            {
              double x = scores[i];
              guint label = labels[i];
              gboolean positive = label != 0;

              label_bits |= label;
              non_finite |= !isfinite (x);
              (positive ? a : b)[positive ? p : q].key = ~_lab_sort_key_from_double (x);
              p -= positive;
              q -= !positive;
            }
        }

      if (G_UNLIKELY (label_bits > 1 || non_finite))
        {
          for (gsize i = start; i < end; i++)
            if (labels[i] > 1 || !isfinite (scores[i]))
              {
                set_sample_error (error, labels, i, model, name_model);
                return FALSE;
              }
          g_assert_not_reached ();
        }
    }

  g_assert ((n - p) + (n - q) == n);
  a[n + 1].key = SENTINEL;
  b[n + 1].key = SENTINEL;
  *n_positive = n - p;
  return TRUE;
}

/* Sorts the runs of both classes (and their indices when @a_index is not NULL). */
static gboolean
sort_classes (Slot          *a,
              Slot          *b,
              guint32       *a_index,
              guint32       *b_index,
              gsize          n,
              gsize          n_positive,
              GCancellable  *cancellable,
              GError       **error)
{
  gsize n_negative = n - n_positive;

  return lab_sort_radix_u64_cancellable (&a[n_negative + 1].key,
                                         a_index ? a_index + n_negative + 1 : NULL,
                                         n_positive, &b[0].key, b_index,
                                         cancellable, error)
      && lab_sort_radix_u64_cancellable (&b[n_positive + 1].key,
                                         b_index ? b_index + n_positive + 1 : NULL,
                                         n_negative, &a[0].key, a_index,
                                         cancellable, error);
}

/* ---- the curve: each class's keys in buckets of value ----
 *
 * lab_roc_curve_new() uses neither the two arrays nor the passes above. Its memory is one
 * array K of n + 2 keys followed by the sort's scratch:
 *
 *   K:  [0, P) positives   [P] SENTINEL   [P + 1, n + 1) negatives   [n + 1] SENTINEL   scratch
 *
 * From SPLIT_MIN_N samples on, each class's run is written as N_BUCKETS buckets of
 * increasing key, straight from the scores: the bounds are quantiles of a sample of the
 * keys (see bucket_of), and a counting pass (on two threads, each over half of the
 * samples) gives every bucket's size and each thread's stretch of it. The 2 · N_BUCKETS
 * buckets ("parts") are then sorted on their own, on two threads, each thread with a
 * scratch as large as the largest part it sorts (~n / N_BUCKETS keys: the scratch of a
 * sort of whole classes would be n keys). Sorted buckets of increasing key make sorted
 * runs, and the merge reads them as it did, on two threads (a bucket holds a range of
 * values, so the buckets up to about half of the samples and the others merge apart; see
 * MergeJob). It writes the curve into arrays of its own and gives the pages of keys it has
 * read back to the system as it goes, so that when it ends the process holds the curve and
 * no keys: issue 12, the resident memory of the 10M-row job (before: the curve written over
 * the keys' two arrays of n + 2 slots, both faulted in by the sort, and fp in a third).
 * Below SPLIT_MIN_N, one bucket per class, one thread. A caller done with its labels can
 * hand them over (lab_roc_curve_new_take_labels): they are freed before the sort. */

#define SPLIT_MIN_N     ((gsize) 1 << 20)
#define RELEASE_BLOCK   ((gsize) 1 << 18)   /* the merge's samples between two releases */
#define N_BUCKETS       16
#define N_PARTS         (2 * N_BUCKETS)     /* the positives' buckets, then the negatives' */
#define PIVOT_SAMPLES   4095

/* Which bucket a key falls in, from a table: the key's place in a window of 2^16 steps
 * over the range of the sampled keys (keys outside go to the first or the last step), each
 * step's bucket looked up. A bucket is a run of whole steps, so the buckets are ranges of
 * keys in increasing order; their bounds, quantiles of the sample, are rounded down to a
 * step. (Four compares in a binary search over the bounds, each waiting for the last,
 * made the two passes over the samples 2.2 times as long.) */
#define WINDOW_BITS     16

typedef struct
{
  guint64 base;                         /* the window's first key */
  guint   shift;                        /* log2 of a step, in keys */
  guint8  bucket[1 << WINDOW_BITS];
} BucketTable;

static inline guint
bucket_of (guint64            key,
           const BucketTable *table)
{
  guint64 step = (key >= table->base ? key - table->base : 0) >> table->shift;

  return table->bucket[MIN (step, (1 << WINDOW_BITS) - 1)];
}

/* The table of N_BUCKETS buckets, their bounds evenly spaced quantiles of an evenly spaced
 * sample of the keys; below SPLIT_MIN_N samples, one bucket. */
static BucketTable *
bucket_table_new (const double *scores,
                  gsize         n)
{
  BucketTable *table = g_new0 (BucketTable, 1);
  guint64 sample[PIVOT_SAMPLES], scratch[PIVOT_SAMPLES], spread;
  guint bits;                   /* the bits of spread, up to its highest set */

  if (n < SPLIT_MIN_N)
    return table;               /* base 0, every step in bucket 0 */
  for (gsize s = 0; s < PIVOT_SAMPLES; s++)
    sample[s] = ~_lab_sort_key_from_double (scores[(gsize) ((guint64) s * n / PIVOT_SAMPLES)]);
  lab_sort_radix_u64 (sample, NULL, PIVOT_SAMPLES, scratch, NULL);

  /* the window: from the smallest sampled key, 2^16 steps of the smallest power of two
   * that reach the largest */
  spread = sample[0] ^ sample[PIVOT_SAMPLES - 1];
  for (bits = 0; bits < 64 && (spread >> bits) != 0; bits++)
    ;
  table->shift = bits > WINDOW_BITS ? bits - WINDOW_BITS : 0;
  table->base = sample[0] >> table->shift << table->shift;

  /* bucket b starts at the step of the sample's quantile b / N_BUCKETS */
  for (guint b = 1; b < N_BUCKETS; b++)
    {
      guint64 bound = sample[b * PIVOT_SAMPLES / N_BUCKETS];
      guint64 step = MIN ((bound - table->base) >> table->shift, (1 << WINDOW_BITS) - 1);

      table->bucket[step]++;
    }
  for (guint step = 1; step < (1 << WINDOW_BITS); step++)
    table->bucket[step] += table->bucket[step - 1];
  return table;
}

static inline guint
part_of (guint64            key,
         guint              label,
         const BucketTable *table)
{
  return (label == 0 ? N_BUCKETS : 0) + bucket_of (key, table);
}

typedef struct
{
  const double  *scores;
  const guint8  *labels;
  gsize          start;
  gsize          end;
  const BucketTable *table;
  guint64       *keys;        /* K */
  gsize          counts[N_PARTS];
  gsize          next[N_PARTS];
  gboolean       bad;         /* a label above 1 or a score not finite */
  GCancellable  *cancellable;
  gboolean       cancelled;
} PartitionJob;

static gpointer
partition_count (gpointer data)
{
  PartitionJob *job = data;
  gsize counts[N_PARTS] = { 0 };
  guint label_bits = 0;
  gboolean non_finite = FALSE;

  for (gsize start = job->start; start < job->end; start += POLL_BLOCK)
    {
      gsize end = MIN (job->end, start + POLL_BLOCK);

      if (g_cancellable_is_cancelled (job->cancellable))
        {
          job->cancelled = TRUE;
          return NULL;
        }
      for (gsize i = start; i < end; i++)
        {
          double x = job->scores[i];
          guint label = job->labels[i];

          label_bits |= label;
          non_finite |= !isfinite (x);
          counts[part_of (~_lab_sort_key_from_double (x), label, job->table)]++;
        }
    }
  memcpy (job->counts, counts, sizeof counts);
  job->bad = label_bits > 1 || non_finite;
  return NULL;
}

static gpointer
partition_write (gpointer data)
{
  PartitionJob *job = data;
  guint64 *keys = job->keys;
  gsize next[N_PARTS];

  memcpy (next, job->next, sizeof next);
  for (gsize start = job->start; start < job->end; start += POLL_BLOCK)
    {
      gsize end = MIN (job->end, start + POLL_BLOCK);

      if (g_cancellable_is_cancelled (job->cancellable))
        {
          job->cancelled = TRUE;
          return NULL;
        }
      for (gsize i = start; i < end; i++)
        {
          guint64 key = ~_lab_sort_key_from_double (job->scores[i]);

          keys[next[part_of (key, job->labels[i], job->table)]++] = key;
        }
    }
  return NULL;
}

/* @func on @jobs[0] here and on @jobs[1] on another thread when @two_threads (else, or
 * when no thread can be made, here after the first). */
static void
run_pair (GThreadFunc  func,
          gpointer     jobs,
          gsize        job_size,
          gboolean     two_threads)
{
  gpointer second = (char *) jobs + job_size;
  GThread *thread = two_threads ? g_thread_try_new ("lab-roc-part", func, second, NULL) : NULL;

  func (jobs);
  if (thread != NULL)
    g_thread_join (thread);
  else
    func (second);
}

/* How many distinct keys two sorted runs hold together. */
static gsize
distinct_keys (const guint64 *a,
               gsize          na,
               const guint64 *b,
               gsize          nb)
{
  gsize i = 0, j = 0, count = 0;
  guint64 previous = SENTINEL;

  while (i < na && j < nb)
    {
      guint64 ka = a[i], kb = b[j];
      guint64 key = MIN (ka, kb);

      i += ka == key;
      j += kb == key;
      count += key != previous;
      previous = key;
    }
  for (; i < na; i++)
    {
      count += a[i] != previous;
      previous = a[i];
    }
  for (; j < nb; j++)
    {
      count += b[j] != previous;
      previous = b[j];
    }
  return count;
}

/* Sorts buckets of K, the largest first, with its scratch: a bucket's positives and its
 * negatives, then, for the buckets before @split, counts the distinct keys they hold
 * together (the bucket's points of the curve: the second thread of the merge starts after
 * those of the first), the keys still in cache. */
typedef struct
{
  guint64      *keys;
  const gsize  *start;        /* every part's first slot in K and its size */
  const gsize  *size;
  gsize        *points;       /* the distinct keys of the buckets before split */
  guint         split;
  guint         buckets[N_BUCKETS];
  guint         n_buckets;
  guint64      *scratch;
  GCancellable *cancellable;
  GError       *error;
  gboolean      ok;
} SortJob;

static gpointer
sort_job_run (gpointer data)
{
  SortJob *job = data;

  job->ok = TRUE;
  for (guint t = 0; t < job->n_buckets && job->ok; t++)
    {
      guint b = job->buckets[t];
      guint64 *pos = job->keys + job->start[b], *neg = job->keys + job->start[N_BUCKETS + b];
      gsize n_pos = job->size[b], n_neg = job->size[N_BUCKETS + b];

      job->ok = lab_sort_radix_u64_cancellable (pos, NULL, n_pos, job->scratch, NULL,
                                                job->cancellable, &job->error)
                && lab_sort_radix_u64_cancellable (neg, NULL, n_neg, job->scratch, NULL,
                                                   job->cancellable, &job->error);
      if (job->ok && b < job->split)
        job->points[b] = distinct_keys (pos, n_pos, neg, n_neg);
    }
  return NULL;
}

/* Gives the whole pages within [@from, @to) back to the system; they must not be read
 * again (they would read as zeros). */
static void
release_pages (const void *from,
               const void *to)
{
#if defined(MADV_DONTNEED)
  static gsize page;
  guintptr lo, hi;

  if (g_once_init_enter (&page))
    g_once_init_leave (&page, (gsize) MAX (sysconf (_SC_PAGESIZE), 1));
  lo = ((guintptr) from + page - 1) / page * page;
  hi = (guintptr) to / page * page;
  if (hi > lo)
    madvise ((void *) lo, hi - lo, MADV_DONTNEED);
#endif
}

/* The first bad sample, named as partition_keys() names it. */
static void
set_first_bad_sample_error (const double  *scores,
                            const guint8  *labels,
                            gsize          n,
                            GError       **error)
{
  for (gsize i = 0; i < n; i++)
    if (labels[i] > 1 || !isfinite (scores[i]))
      {
        set_sample_error (error, labels, i, 0, FALSE);
        return;
      }
  g_assert_not_reached ();
}

/* The sorted runs of both classes in K, and where each bucket lies. */
typedef struct
{
  guint64  *keys;                     /* K */
  gsize     n_positive;
  gsize     start[N_PARTS];           /* the parts' first slots in K */
  gsize     size[N_PARTS];
  guint     split;                    /* the merge's second thread from this bucket on
                                       * (N_BUCKETS: one thread) */
  gsize     points[N_BUCKETS];        /* the distinct keys of the buckets before split */
} Runs;

/* Fills @runs, K allocated here with the sort's scratch after its n + 2 keys (given back to
 * the system before returning). When @take_labels is not NULL, *@take_labels (= @labels) is
 * freed once read, before the sort. */
static gboolean
sorted_runs (const double  *scores,
             const guint8  *labels,
             guint8       **take_labels,
             gsize          n,
             Runs          *runs,
             GCancellable  *cancellable,
             GError       **error)
{
  gboolean two_threads = n >= SPLIT_MIN_N && g_get_num_processors () > 1;
  PartitionJob part[2];
  SortJob sort[2];
  g_autofree BucketTable *table = bucket_table_new (scores, n);
  gsize *start = runs->start, *size = runs->size;
  gsize pair[N_BUCKETS], load[2] = { 0, 0 }, scratch_size[2] = { 0, 0 };
  guint order[N_BUCKETS];
  gsize P, at;
  guint64 *K;
  GThread *thread = NULL;

  for (guint t = 0; t < 2; t++)
    {
      memset (&part[t], 0, sizeof part[t]);
      part[t].scores = scores;
      part[t].labels = labels;
      part[t].start = t == 0 ? 0 : n / 2;
      part[t].end = t == 0 ? n / 2 : n;
      part[t].table = table;
      part[t].cancellable = cancellable;
    }
  run_pair (partition_count, part, sizeof part[0], two_threads);
  if (part[0].cancelled || part[1].cancelled)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  if (part[0].bad || part[1].bad)
    {
      set_first_bad_sample_error (scores, labels, n, error);
      return FALSE;
    }

  P = 0;
  for (guint p = 0; p < N_PARTS; p++)
    {
      size[p] = part[0].counts[p] + part[1].counts[p];
      P += p < N_BUCKETS ? size[p] : 0;
    }
  if (!check_classes (n, P, error))
    return FALSE;

  /* the parts' places in K, and which thread sorts which bucket: the largest first, each
   * to the thread with less to do; a thread's scratch is its largest part */
  at = 0;
  for (guint p = 0; p < N_PARTS; p++)
    {
      if (p == N_BUCKETS)
        at = P + 1;
      start[p] = at;
      at += size[p];
    }
  for (guint b = 0; b < N_BUCKETS; b++)
    {
      pair[b] = size[b] + size[N_BUCKETS + b];
      order[b] = b;
      runs->points[b] = 0;
    }
  /* the merge's two threads: the first takes the buckets up to about half of the samples */
  runs->split = N_BUCKETS;
  if (two_threads)
    {
      gsize half = 0;

      for (runs->split = 0; runs->split < N_BUCKETS && half < n / 2; runs->split++)
        half += pair[runs->split];
    }
  for (guint b = 1; b < N_BUCKETS; b++)
    for (guint q = b; q > 0 && pair[order[q - 1]] < pair[order[q]]; q--)
      {
        guint swap = order[q];

        order[q] = order[q - 1];
        order[q - 1] = swap;
      }
  memset (sort, 0, sizeof sort);
  for (guint r = 0; r < N_BUCKETS; r++)
    {
      guint b = order[r];
      guint t = two_threads && load[1] < load[0] ? 1 : 0;

      if (pair[b] == 0)
        break;
      scratch_size[t] = MAX (scratch_size[t], MAX (size[b], size[N_BUCKETS + b]));
      sort[t].buckets[sort[t].n_buckets++] = b;
      load[t] += pair[b];
    }

  K = g_new (guint64, n + 2 + scratch_size[0] + scratch_size[1]);
  for (guint t = 0; t < 2; t++)
    {
      part[t].keys = K;
      for (guint p = 0; p < N_PARTS; p++)
        part[t].next[p] = start[p] + (t == 1 ? part[0].counts[p] : 0);
    }
  run_pair (partition_write, part, sizeof part[0], two_threads);
  if (take_labels != NULL)
    g_clear_pointer (take_labels, g_free);
  if (part[0].cancelled || part[1].cancelled)
    {
      g_free (K);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  K[P] = SENTINEL;
  K[n + 1] = SENTINEL;

  for (guint t = 0; t < 2; t++)
    {
      sort[t].keys = K;
      sort[t].start = start;
      sort[t].size = size;
      sort[t].points = runs->points;
      sort[t].split = two_threads ? runs->split : 0;   /* one thread: nothing to count */
      sort[t].scratch = K + n + 2 + (t == 1 ? scratch_size[0] : 0);
      sort[t].cancellable = cancellable;
    }
  if (sort[1].n_buckets > 0)
    thread = g_thread_try_new ("lab-roc-sort", sort_job_run, &sort[1], NULL);
  sort_job_run (&sort[0]);
  if (thread != NULL)
    g_thread_join (thread);
  else
    sort_job_run (&sort[1]);
  release_pages (K + n + 2, K + n + 2 + scratch_size[0] + scratch_size[1]);

  if (!sort[0].ok || !sort[1].ok)
    {
      g_propagate_error (error, sort[0].error != NULL ? g_steal_pointer (&sort[0].error)
                                                      : g_steal_pointer (&sort[1].error));
      g_clear_error (&sort[0].error);
      g_clear_error (&sort[1].error);
      g_free (K);
      return FALSE;
    }
  runs->keys = K;
  runs->n_positive = P;
  return TRUE;
}

/* The merge of the buckets [first, last) of both runs into the curve's points: after
 * consuming the samples of score ≥ t, the read positions in the runs (counted from the
 * runs' starts) are tp(t) and fp(t); ties of either class make one point. The keys after a
 * range (the next bucket's, or SENTINEL) are above all of its keys, so the branch-free step
 * never leaves it: the range ends when its samples are consumed. Every RELEASE_BLOCK
 * samples the pages of keys read are given back. */
typedef struct
{
  const guint64 *pos;         /* the runs */
  const guint64 *neg;
  gsize          i, j;        /* where the range starts in each run */
  gsize          i_end, j_end;
  gsize          k;           /* the points before the range (point 0 included), minus 1 */
  double        *thresholds;
  double        *tp;
  double        *fp;
  GCancellable  *cancellable;
  gboolean       cancelled;
} MergeJob;

static gpointer
merge_run (gpointer data)
{
  MergeJob *job = data;
  const guint64 *pos = job->pos, *neg = job->neg;
  double *thresholds = job->thresholds, *tp = job->tp, *fp = job->fp;
  gsize i = job->i, j = job->j, k = job->k, end = job->i_end + job->j_end;
  gsize pos_released = i, neg_released = j;
  guint64 previous = SENTINEL;

  while (i + j < end)
    {
      gsize stop = MIN (end, i + j + RELEASE_BLOCK);   /* each step consumes one sample or two */

      if (g_cancellable_is_cancelled (job->cancellable))
        {
          job->cancelled = TRUE;
          return NULL;
        }
      while (i + j < stop)
        {
          guint64 ka = pos[i], kb = neg[j];
          guint64 key = MIN (ka, kb);

          i += ka == key;
          j += kb == key;
          k += key != previous;
          previous = key;
          thresholds[k] = _lab_sort_double_from_key (~key);
          tp[k] = (double) (gint64) i;
          fp[k] = (double) (gint64) j;
        }
      /* pos[i] and neg[j] are still to be read (or another range's): their pages stay */
      release_pages (pos + pos_released, pos + i);
      release_pages (neg + neg_released, neg + j);
      pos_released = i;
      neg_released = j;
    }
  g_assert (i == job->i_end && j == job->j_end);
  job->k = k;
  return NULL;
}

/* lab_roc_curve_new(), and with @take_labels, lab_roc_curve_new_take_labels(). */
static LabRocCurve *
curve_new (const double  *scores,
           const guint8  *labels,
           guint8       **take_labels,
           gsize          n,
           GCancellable  *cancellable,
           GError       **error)
{
  Runs runs;
  MergeJob merge[2];
  LabRocCurve *curve;
  g_autofree double *thresholds = NULL;
  g_autofree double *tp = NULL;
  g_autofree double *fp = NULL;
  gsize n_points, n_negative, before = 0;
  guint split;
  GThread *thread = NULL;

  if (n == 0)
    {
      check_classes (0, 0, error);
      return NULL;
    }
  if (!sorted_runs (scores, labels, take_labels, n, &runs, cancellable, error))
    return NULL;
  n_negative = n - runs.n_positive;
  split = runs.split;

  /* the merge, on two threads from SPLIT_MIN_N samples: the first takes the buckets before
   * split, the second the others, its points after the first's, which were counted. The
   * curve's arrays are faulted in as points are written (there are at most n + 1). */
  thresholds = g_new (double, n + 1);
  tp = g_new (double, n + 1);
  fp = g_new (double, n + 1);
  thresholds[0] = INFINITY;
  tp[0] = 0;
  fp[0] = 0;
  for (guint b = 0; b < split; b++)
    before += runs.points[b];
  for (guint t = 0; t < 2; t++)
    {
      guint first = t == 0 ? 0 : split, last = t == 0 ? split : N_BUCKETS;

      merge[t] = (MergeJob) {
        .pos = runs.keys,
        .neg = runs.keys + runs.n_positive + 1,
        .i = first < N_BUCKETS ? runs.start[first] : runs.n_positive,
        .j = first < N_BUCKETS ? runs.start[N_BUCKETS + first] - (runs.n_positive + 1) : n_negative,
        .i_end = last < N_BUCKETS ? runs.start[last] : runs.n_positive,
        .j_end = last < N_BUCKETS ? runs.start[N_BUCKETS + last] - (runs.n_positive + 1) : n_negative,
        .k = t == 0 ? 0 : before,
        .thresholds = thresholds,
        .tp = tp,
        .fp = fp,
        .cancellable = cancellable,
      };
    }
  if (merge[1].i + merge[1].j < merge[1].i_end + merge[1].j_end)
    thread = g_thread_try_new ("lab-roc-merge", merge_run, &merge[1], NULL);
  merge_run (&merge[0]);
  if (thread != NULL)
    g_thread_join (thread);
  else
    merge_run (&merge[1]);
  g_free (runs.keys);
  if (merge[0].cancelled || merge[1].cancelled)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  g_assert (split == N_BUCKETS || merge[0].k == before);

  /* one thread (split = N_BUCKETS): the first merge's points are all of them */
  n_points = (split < N_BUCKETS ? merge[1].k : merge[0].k) + 1;
  curve = g_new0 (LabRocCurve, 1);
  curve->n_points = n_points;
  curve->n_positive = runs.n_positive;
  curve->n_negative = n_negative;
  curve->thresholds = g_renew (double, g_steal_pointer (&thresholds), n_points);
  curve->tp = g_renew (double, g_steal_pointer (&tp), n_points);
  curve->fp = g_renew (double, g_steal_pointer (&fp), n_points);
  return curve;
}

LabRocCurve *
lab_roc_curve_new (const double  *scores,
                   const guint8  *labels,
                   gsize          n,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (scores != NULL || n == 0, NULL);
  g_return_val_if_fail (labels != NULL || n == 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return curve_new (scores, labels, NULL, n, cancellable, error);
}

LabRocCurve *
lab_roc_curve_new_take_labels (const double  *scores,
                               guint8        *labels,
                               gsize          n,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree guint8 *owned = labels;
  LabRocCurve *curve;

  g_return_val_if_fail (scores != NULL || n == 0, NULL);
  g_return_val_if_fail (labels != NULL || n == 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  curve = curve_new (scores, owned, &owned, n, cancellable, error);
  return curve;
}

void
lab_roc_curve_free (LabRocCurve *curve)
{
  if (curve == NULL)
    return;
  g_free (curve->thresholds);
  g_free (curve->tp);
  g_free (curve->fp);
  g_free (curve);
}

double
lab_roc_curve_auc (const LabRocCurve *curve)
{
  guint64 twice_area = 0;       /* Σ Δfp·(tp_k + tp_{k−1}): exact while n < 6·10⁹ */

  g_return_val_if_fail (curve != NULL, NAN);

  for (gsize k = 1; k < curve->n_points; k++)
    {
      guint64 dfp = (guint64) (gint64) (curve->fp[k] - curve->fp[k - 1]);
      guint64 tps = (guint64) (gint64) (curve->tp[k] + curve->tp[k - 1]);

      twice_area += dfp * tps;
    }
  return (double) twice_area
         / (2.0 * (double) curve->n_positive * (double) curve->n_negative);
}

double
lab_roc_curve_average_precision (const LabRocCurve *curve)
{
  double sum = 0, comp = 0;

  g_return_val_if_fail (curve != NULL, NAN);

  /* point 0 predicts nothing positive: its precision is undefined and its recall
   * step is 0, so the sum starts at point 1, as scikit-learn's does */
  for (gsize start = 1; start < curve->n_points; start += SUM_BLOCK)
    {
      gsize end = MIN (curve->n_points, start + SUM_BLOCK);
      double part = 0;

      for (gsize k = start; k < end; k++)
        part += (curve->tp[k] - curve->tp[k - 1]) * curve->tp[k]
                / (curve->tp[k] + curve->fp[k]);
      sum_add (&sum, &comp, part);
    }
  return (sum + comp) / (double) curve->n_positive;
}

gsize
lab_roc_curve_point_for_threshold (const LabRocCurve *curve,
                                   double             threshold)
{
  const double *t;
  gsize lo, hi;

  g_return_val_if_fail (curve != NULL, 0);
  g_return_val_if_fail (curve->n_points >= 1, 0);

  t = curve->thresholds;
  lo = 0;
  hi = curve->n_points - 1;
  if (!(t[lo] >= threshold))    /* NaN */
    return 0;
  if (t[hi] >= threshold)
    return hi;
  /* t[lo] ≥ threshold > t[hi] */
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (t[mid] >= threshold)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* ------------------------------------------------------------------ */
/* DeLong, DeLong & Clarke-Pearson (1988), computed as Sun & Xu (2014): the
 * structural components come from one sort per class and model instead of
 * the P × N comparisons. With the classes sorted apart in descending order,
 * a tie group holding positives [i0, i1) and negatives [j0, j1) gives
 *
 *   V10 = (negatives below + ½ tied) / N = (2N − j0 − j1) / 2N   per positive
 *   V01 = (positives above + ½ tied) / P = (i0 + i1) / 2P        per negative
 *
 * and AUC = mean V10 = mean V01. */

static gboolean
placements (const Slot     *a,
            const Slot     *b,
            const guint32  *a_index,
            const guint32  *b_index,
            gsize           n,
            gsize           n_positive,
            double         *v10,
            double         *v01,
            double         *auc,
            GCancellable   *cancellable,
            GError        **error)
{
  gsize n_negative = n - n_positive;
  const Slot *pos = a + n_negative + 1, *neg = b + n_positive + 1;
  const guint32 *pos_index = a_index + n_negative + 1;
  const guint32 *neg_index = b_index + n_positive + 1;
  double two_p = 2.0 * (double) n_positive, two_n = 2.0 * (double) n_negative;
  guint64 twice_area = 0;
  gsize i = 0, j = 0, next_poll = 0;

  for (;;)
    {
      guint64 key = MIN (pos[i].key, neg[j].key);
      gsize i0 = i, j0 = j;
      double v;

      if (key == SENTINEL)
        break;
      if (i + j >= next_poll)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          next_poll = i + j + POLL_BLOCK;
        }
      while (pos[i].key == key)
        i++;
      while (neg[j].key == key)
        j++;

      v = (double) (gint64) (2 * n_negative - j0 - j) / two_n;
      for (gsize r = i0; r < i; r++)
        v10[pos_index[r]] = v;
      v = (double) (gint64) (i0 + i) / two_p;
      for (gsize r = j0; r < j; r++)
        v01[neg_index[r]] = v;
      twice_area += (guint64) (i - i0) * (2 * n_negative - j0 - j);
    }
  *auc = (double) twice_area / (two_p * (double) n_negative);
  return TRUE;
}

/* Σ (x_i − mean)² / (m − 1) / m, or the same of the differences x − y when y != NULL. */
static double
component_variance (const double *x,
                    const double *y,
                    double        mean,
                    gsize         m)
{
  double sum = 0, comp = 0;

  for (gsize start = 0; start < m; start += SUM_BLOCK)
    {
      gsize end = MIN (m, start + SUM_BLOCK);
      double part = 0;

      for (gsize i = start; i < end; i++)
        {
          double d = (y ? x[i] - y[i] : x[i]) - mean;

          part += d * d;
        }
      sum_add (&sum, &comp, part);
    }
  return (sum + comp) / ((double) (m - 1) * (double) m);
}

/* One model needs no placements per sample: the variance of V10 over the positives (V01 over
 * the negatives) only needs each tie group's value and count, which the curve has — the
 * positives and negatives at its point k are tp[k] − tp[k−1] and fp[k] − fp[k−1], and
 *   V10 = (N − fp[k] + ½(fp[k] − fp[k−1])) / N,   V01 = (tp[k−1] + ½(tp[k] − tp[k−1])) / P.
 * O(points), no second sort, no n-sized arrays (issue 12: 10M scores). The sums are
 * compensated, in blocks, as component_variance's. */
gboolean
lab_roc_curve_delong (const LabRocCurve  *curve,
                      LabRocDelong       *out,
                      GError            **error)
{
  double P, N, auc, s10 = 0, c10 = 0, s01 = 0, c01 = 0, var;

  g_return_val_if_fail (curve != NULL && out != NULL, FALSE);

  P = (double) curve->n_positive;
  N = (double) curve->n_negative;
  if (curve->n_positive < 2 || curve->n_negative < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   "DeLong's variance needs at least two samples of each class, "
                   "found %" G_GSIZE_FORMAT " positive and %" G_GSIZE_FORMAT " negative",
                   curve->n_positive, curve->n_negative);
      return FALSE;
    }
  auc = lab_roc_curve_auc (curve);
  for (gsize start = 1; start < curve->n_points; start += SUM_BLOCK)
    {
      gsize end = MIN (curve->n_points, start + SUM_BLOCK);
      double part10 = 0, part01 = 0;

      for (gsize k = start; k < end; k++)
        {
          double dp = curve->tp[k] - curve->tp[k - 1], dn = curve->fp[k] - curve->fp[k - 1];
          double d10 = (N - curve->fp[k] + 0.5 * dn) / N - auc;
          double d01 = (curve->tp[k - 1] + 0.5 * dp) / P - auc;

          part10 += dp * d10 * d10;
          part01 += dn * d01 * d01;
        }
      sum_add (&s10, &c10, part10);
      sum_add (&s01, &c01, part01);
    }
  var = (s10 + c10) / ((P - 1) * P) + (s01 + c01) / ((N - 1) * N);
  out->auc = auc;
  out->variance = var;
  out->ci_low = CLAMP (auc - Z_975 * sqrt (var), 0.0, 1.0);
  out->ci_high = CLAMP (auc + Z_975 * sqrt (var), 0.0, 1.0);
  return TRUE;
}

gboolean
lab_roc_delong (const double * const *scores,
                guint                 n_models,
                const guint8         *labels,
                gsize                 n,
                LabRocDelong         *out,
                double               *p_value,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autofree double *pairs = NULL;

  if (n_models >= 2 && p_value != NULL)
    pairs = g_new (double, (gsize) n_models * (n_models - 1) / 2);
  if (!lab_roc_delong_pairs (scores, n_models, labels, n, out, pairs, cancellable, error))
    return FALSE;
  if (pairs != NULL)
    *p_value = pairs[0];
  return TRUE;
}

gboolean
lab_roc_delong_pairs (const double * const *scores,
                      guint                 n_models,
                      const guint8         *labels,
                      gsize                 n,
                      LabRocDelong         *out,
                      double               *pair_p,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autofree Slot *a = NULL;
  g_autofree Slot *b = NULL;
  g_autofree guint32 *a_index = NULL;
  g_autofree guint32 *b_index = NULL;
  g_autofree double *v10 = NULL;
  g_autofree double *v01 = NULL;
  gsize n_positive = 0, n_negative;

  g_return_val_if_fail (scores != NULL, FALSE);
  g_return_val_if_fail (n_models >= 1, FALSE);
  g_return_val_if_fail (labels != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  for (guint m = 0; m < n_models; m++)
    g_return_val_if_fail (scores[m] != NULL || n == 0, FALSE);

  for (gsize i = 0; i < n; i++)
    {
      if (labels[i] > 1)
        {
          set_sample_error (error, labels, i, 0, FALSE);
          return FALSE;
        }
      n_positive += labels[i];
    }
  if (!check_classes (n, n_positive, error))
    return FALSE;
  n_negative = n - n_positive;
  if (n_positive < 2 || n_negative < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   "DeLong's variance needs at least two samples of each class, "
                   "found %" G_GSIZE_FORMAT " positive and %" G_GSIZE_FORMAT " negative",
                   n_positive, n_negative);
      return FALSE;
    }
  if (n > G_MAXUINT32)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   "DeLong's test takes at most %u samples, found %" G_GSIZE_FORMAT,
                   G_MAXUINT32, n);
      return FALSE;
    }

  a = g_new (Slot, n + 2);
  b = g_new (Slot, n + 2);
  a_index = g_new (guint32, n + 2);
  b_index = g_new (guint32, n + 2);
  v10 = g_new (double, (gsize) n_models * n_positive);
  v01 = g_new (double, (gsize) n_models * n_negative);

  for (guint m = 0; m < n_models; m++)
    {
      gsize np;
      double *x10 = v10 + (gsize) m * n_positive;
      double *x01 = v01 + (gsize) m * n_negative;
      double var;

      if (!partition_keys (scores[m], labels, n, a, b, a_index, b_index, &np,
                           m, n_models > 1, cancellable, error)
          || !sort_classes (a, b, a_index, b_index, n, n_positive, cancellable, error)
          || !placements (a, b, a_index, b_index, n, n_positive, x10, x01, &out[m].auc,
                          cancellable, error))
        return FALSE;
      g_assert (np == n_positive);

      var = component_variance (x10, NULL, out[m].auc, n_positive)
            + component_variance (x01, NULL, out[m].auc, n_negative);
      out[m].variance = var;
      out[m].ci_low = CLAMP (out[m].auc - Z_975 * sqrt (var), 0.0, 1.0);
      out[m].ci_high = CLAMP (out[m].auc + Z_975 * sqrt (var), 0.0, 1.0);
    }

  if (n_models >= 2 && pair_p != NULL)
    {
      gsize k = 0;

      for (guint i = 0; i < n_models; i++)
        for (guint j = i + 1; j < n_models; j++)
          {
            /* Var(AUC_i − AUC_j) = var_i + var_j − 2 cov_ij, computed from the differences
             * of the components so that it is exactly 0 for rank-equivalent models */
            double diff = out[i].auc - out[j].auc;
            double var = component_variance (v10 + (gsize) i * n_positive, v10 + (gsize) j * n_positive,
                                             diff, n_positive)
                         + component_variance (v01 + (gsize) i * n_negative, v01 + (gsize) j * n_negative,
                                               diff, n_negative);

            if (g_cancellable_set_error_if_cancelled (cancellable, error))
              return FALSE;
            pair_p[k++] = var > 0 ? erfc (fabs (diff / sqrt (var)) / G_SQRT2) : NAN;
          }
    }
  return TRUE;
}
