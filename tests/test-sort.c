/* test-sort.c — the radix sorts against qsort
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-sort.h"

/* ------------------------------------------------------------------ */
/* helpers */

/* the order the sort promises: numeric, -0 == +0, every NaN last and equal */
static int
compare_numeric (double x,
                 double y)
{
  gboolean nx = isnan (x), ny = isnan (y);

  if (nx || ny)
    return nx - ny;
  return (x > y) - (x < y);
}

static const double *qsort_values;

/* numeric order, then index: the unique answer of a stable sort */
static int
compare_index (const void *a,
               const void *b)
{
  guint32 i = *(const guint32 *) a, j = *(const guint32 *) b;
  int c = compare_numeric (qsort_values[i], qsort_values[j]);

  return c != 0 ? c : (i > j) - (i < j);
}

/* a mixture with every awkward kind of double, and many duplicates */
static double
awkward_double (GRand *rand)
{
  static const double specials[] = {
    0.0, -0.0, INFINITY, -INFINITY, DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN,
    4.9406564584124654e-324, -4.9406564584124654e-324, 2.2250738585072009e-308,
    -1e-310, 1.0, -1.0, 0.5, -0.5,
  };
  static const double pool[] = { 3.25, -3.25, 1e10, -7.0, 0.1 };

  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0:
      return specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (specials))];
    case 1:
      return pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (pool))];
    case 2:
      return g_rand_int_range (rand, 0, 50) == 0 ? NAN : -NAN;
    case 3:
      /* denormals */
      return ldexp (g_rand_double_range (rand, -1, 1), -1030);
    case 4:
      /* any bit pattern that is not a NaN */
      {
        guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
        double x;

        memcpy (&x, &bits, sizeof x);
        return isnan (x) ? 0.0 : x;
      }
    default:
      return g_rand_double_range (rand, -1e3, 1e3);
    }
}

static int
compare_u64 (const void *a,
             const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

static guint64
random_u64 (GRand *rand)
{
  return ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
}

static void
check_index_against_qsort (const double *x,
                           gsize         n)
{
  g_autofree guint32 *ours = g_new (guint32, MAX (n, 1));
  g_autofree guint32 *theirs = g_new (guint32, MAX (n, 1));

  lab_sort_index_doubles (x, n, ours);
  for (gsize i = 0; i < n; i++)
    theirs[i] = (guint32) i;
  qsort_values = x;
  qsort (theirs, n, sizeof *theirs, compare_index);
  for (gsize i = 0; i < n; i++)
    if (ours[i] != theirs[i])
      g_error ("n = %" G_GSIZE_FORMAT ": position %" G_GSIZE_FORMAT ": radix has index %u (%g), "
               "qsort %u (%g)", n, i, ours[i], x[ours[i]], theirs[i], x[theirs[i]]);
}

/* keys ascending; payload a permutation carrying each key; stable among equal keys */
static void
check_sorted_u64 (const guint64 *original,
                  const guint64 *keys,
                  const guint32 *payload,
                  gsize          n)
{
  for (gsize i = 1; i < n; i++)
    g_assert_cmpuint (keys[i - 1], <=, keys[i]);
  if (payload == NULL)
    return;
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (payload[i], <, n);
      g_assert_cmpuint (keys[i], ==, original[payload[i]]);
      if (i > 0 && keys[i - 1] == keys[i])
        g_assert_cmpuint (payload[i - 1], <, payload[i]);
    }
}

static void
sort_u64_and_check (const guint64 *original,
                    gsize          n,
                    gboolean       with_payload)
{
  g_autofree guint64 *keys = g_memdup2 (original, MAX (n, 1) * sizeof *keys);
  g_autofree guint64 *scratch = g_new (guint64, MAX (n, 1));
  g_autofree guint32 *payload = with_payload ? g_new (guint32, MAX (n, 1)) : NULL;
  g_autofree guint32 *scratch_payload = with_payload ? g_new (guint32, MAX (n, 1)) : NULL;
  g_autofree guint64 *expected = g_memdup2 (original, MAX (n, 1) * sizeof *keys);

  for (gsize i = 0; with_payload && i < n; i++)
    payload[i] = (guint32) i;
  lab_sort_radix_u64 (keys, payload, n, scratch, scratch_payload);
  check_sorted_u64 (original, keys, payload, n);

  /* the same multiset as the input */
  qsort (expected, n, sizeof *expected, compare_u64);
  g_assert_true (n == 0 || memcmp (keys, expected, n * sizeof *keys) == 0);
}

/* ------------------------------------------------------------------ */
/* tests */

static void
test_key_order (void)
{
  /* ascending; 0.0 and -0.0 are equal, every NaN is last */
  static const double ascending[] = {
    -INFINITY, -DBL_MAX, -1e300, -2.0, -1.0, -DBL_MIN, -1e-310, -4.9406564584124654e-324,
    0.0, 4.9406564584124654e-324, 1e-310, DBL_MIN, 1.0, 1.0000000000000002, 2.0, 1e300,
    DBL_MAX, INFINITY,
  };

  for (gsize i = 1; i < G_N_ELEMENTS (ascending); i++)
    g_assert_cmpuint (lab_sort_key_from_double (ascending[i - 1]), <,
                      lab_sort_key_from_double (ascending[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (ascending); i++)
    {
      double back = lab_sort_double_from_key (lab_sort_key_from_double (ascending[i]));

      g_assert_true (memcmp (&back, &ascending[i], sizeof back) == 0);
    }

  g_assert_cmpuint (lab_sort_key_from_double (-0.0), ==, lab_sort_key_from_double (0.0));
  g_assert_false (signbit (lab_sort_double_from_key (lab_sort_key_from_double (-0.0))));
  g_assert_cmpuint (lab_sort_key_from_double (NAN), ==, G_MAXUINT64);
  g_assert_cmpuint (lab_sort_key_from_double (-NAN), ==, G_MAXUINT64);
  g_assert_cmpuint (lab_sort_key_from_double (INFINITY), <, lab_sort_key_from_double (NAN));
  /* the inline and the exported functions agree */
  g_assert_cmpuint (_lab_sort_key_from_double (-3.5), ==, lab_sort_key_from_double (-3.5));
}

static void
test_index_doubles (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  static const gsize sizes[] = { 0, 1, 2, 3, 17, 256, 1000, 100000 };

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gsize n = sizes[s];
      g_autofree double *x = g_new (double, MAX (n, 1));

      for (gsize i = 0; i < n; i++)
        x[i] = awkward_double (rand);
      check_index_against_qsort (x, n);
    }
}

static void
test_index_doubles_large (void)
{
  /* more than two cancellation blocks of a million; doubles of one sign and a narrow
   * range, so that the top digits are shared and their passes skipped */
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize n = 2500000;
  g_autofree double *x = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    x[i] = g_rand_double_range (rand, 1.0, 2.0);
  check_index_against_qsort (x, n);
  for (gsize i = 0; i < n; i++)
    x[i] = g_rand_int_range (rand, 0, 1000) - 500.0;
  check_index_against_qsort (x, n);
}

static void
test_payload_stability (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gsize n = 200000;
  g_autofree guint64 *keys = g_new (guint64, n);

  /* random keys: all 8 passes */
  for (gsize i = 0; i < n; i++)
    keys[i] = random_u64 (rand);
  sort_u64_and_check (keys, n, TRUE);
  sort_u64_and_check (keys, n, FALSE);

  /* few distinct keys spread over every byte: stability matters */
  {
    guint64 pool[7];

    for (gsize j = 0; j < G_N_ELEMENTS (pool); j++)
      pool[j] = random_u64 (rand);
    for (gsize i = 0; i < n; i++)
      keys[i] = pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (pool))];
    sort_u64_and_check (keys, n, TRUE);
  }
}

static void
test_pass_skipping (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  gsize n = 5000;
  g_autofree guint64 *keys = g_new (guint64, n);

  /* one active digit: an odd number of passes, the result comes back from scratch */
  for (gsize i = 0; i < n; i++)
    keys[i] = g_rand_int_range (rand, 0, 256);
  sort_u64_and_check (keys, n, TRUE);

  /* two active digits, far apart: an even number of passes */
  for (gsize i = 0; i < n; i++)
    keys[i] = ((guint64) g_rand_int_range (rand, 0, 256) << 56)
              | ((guint64) g_rand_int_range (rand, 0, 256) << 16)
              | G_GUINT64_CONSTANT (0x0000abcd00000077);
  sort_u64_and_check (keys, n, TRUE);

  /* three active digits */
  for (gsize i = 0; i < n; i++)
    keys[i] = random_u64 (rand) & G_GUINT64_CONSTANT (0xff00ff00000000ff);
  sort_u64_and_check (keys, n, TRUE);

  /* no active digit: every pass skipped, nothing moves */
  for (gsize i = 0; i < n; i++)
    keys[i] = G_GUINT64_CONSTANT (0x0123456789abcdef);
  sort_u64_and_check (keys, n, TRUE);

  /* the extremes */
  for (gsize i = 0; i < n; i++)
    keys[i] = g_rand_boolean (rand) ? G_MAXUINT64 : 0;
  sort_u64_and_check (keys, n, TRUE);
}

/* From 2^16 keys on the high halves are sorted first, then each run sharing one: runs of
 * every length (in order already, short ones put right by insertion, long ones by the
 * passes of the low digits), ties within them, with and without a payload. */
static void
test_high_half_runs (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1205);
  static const gsize lengths[] = { 1, 2, 3, 20, 32, 33, 100, 300, 5000, 70000 };
  gsize n = 200000;
  g_autofree guint64 *keys = g_new (guint64, n);

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    {
      for (gsize i = 0; i < n; i++)
        {
          guint64 high = (guint64) (g_rand_int (rand) % (n / lengths[l] + 1));
          guint64 low = g_rand_int_range (rand, 0, 4) == 0 ? 7 : g_rand_int (rand);

          keys[i] = (high << 32) | low;
        }
      sort_u64_and_check (keys, n, TRUE);
      sort_u64_and_check (keys, n, FALSE);
    }
  /* every key with the same high half: all the low passes, over the whole array */
  for (gsize i = 0; i < n; i++)
    keys[i] = (G_GUINT64_CONSTANT (0xabcdef01) << 32) | g_rand_int (rand);
  sort_u64_and_check (keys, n, TRUE);
}

static void
test_small (void)
{
  guint64 keys[3] = { 5, 3, 9 };
  guint32 payload[3] = { 0, 1, 2 };
  guint64 scratch[3];
  guint32 scratch_payload[3];
  guint32 index[2];
  const double two[2] = { 2.0, -2.0 };
  const double one = 1.0;

  lab_sort_radix_u64 (NULL, NULL, 0, NULL, NULL);
  lab_sort_radix_u64 (keys, payload, 1, scratch, scratch_payload);
  g_assert_cmpuint (keys[0], ==, 5);
  g_assert_cmpuint (payload[0], ==, 0);
  lab_sort_radix_u64 (keys, payload, 3, scratch, scratch_payload);
  g_assert_cmpuint (keys[0], ==, 3);
  g_assert_cmpuint (keys[1], ==, 5);
  g_assert_cmpuint (keys[2], ==, 9);
  g_assert_cmpuint (payload[0], ==, 1);
  g_assert_cmpuint (payload[1], ==, 0);
  g_assert_cmpuint (payload[2], ==, 2);

  lab_sort_index_doubles (NULL, 0, NULL);
  lab_sort_index_doubles (&one, 1, index);
  g_assert_cmpuint (index[0], ==, 0);
  lab_sort_index_doubles (two, 2, index);
  g_assert_cmpuint (index[0], ==, 1);
  g_assert_cmpuint (index[1], ==, 0);
}

static void
test_cancel (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gsize n = 3000;
  g_autofree guint64 *original = g_new (guint64, n);
  g_autofree guint64 *keys = g_new (guint64, n);
  g_autofree guint64 *scratch = g_new (guint64, n);
  g_autofree guint32 *payload = g_new (guint32, n);
  g_autofree guint32 *scratch_payload = g_new (guint32, n);
  g_autofree gboolean *seen = g_new0 (gboolean, n);

  for (gsize i = 0; i < n; i++)
    {
      original[i] = keys[i] = random_u64 (rand);
      payload[i] = (guint32) i;
    }

  /* not cancelled: sorts */
  g_assert_true (lab_sort_radix_u64_cancellable (keys, payload, n, scratch, scratch_payload,
                                                 cancellable, &error));
  g_assert_no_error (error);
  check_sorted_u64 (original, keys, payload, n);

  /* cancelled: fails, and keys and payload remain one consistent permutation */
  g_cancellable_cancel (cancellable);
  g_assert_false (lab_sort_radix_u64_cancellable (keys, payload, n, scratch, scratch_payload,
                                                  cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (keys[i], ==, original[payload[i]]);
      g_assert_false (seen[payload[i]]);
      seen[payload[i]] = TRUE;
    }
}

int
main (int    argc,
      char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/sort/key-order", test_key_order);
  g_test_add_func ("/engine/sort/index-doubles", test_index_doubles);
  g_test_add_func ("/engine/sort/index-doubles-large", test_index_doubles_large);
  g_test_add_func ("/engine/sort/payload-stability", test_payload_stability);
  g_test_add_func ("/engine/sort/pass-skipping", test_pass_skipping);
  g_test_add_func ("/engine/sort/high-half-runs", test_high_half_runs);
  g_test_add_func ("/engine/sort/small", test_small);
  g_test_add_func ("/engine/sort/cancel", test_cancel);

  return g_test_run ();
}
