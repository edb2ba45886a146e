/* lab-ratings.c — user × item ratings: generator, CSV reader, split, sparse rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>

#include "lab-csv.h"
#include "lab-error.h"
#include "lab-ratings.h"
#include "lab-rng.h"

void
lab_ratings_free (LabRatings *self)
{
  if (self == NULL)
    return;
  g_free (self->user);
  g_free (self->item);
  g_free (self->value);
  g_strfreev (self->user_names);
  g_strfreev (self->item_names);
  g_free (self);
}

typedef struct
{
  guint64 key;     /* user in the high half, item in the low */
  gsize   row;
} KeyRow;

static int
compare_key_row (gconstpointer a, gconstpointer b)
{
  const KeyRow *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* The (user, item) keys of the rows, sorted (by row within a key). */
static KeyRow *
sorted_keys (const guint *user, const guint *item, gsize nnz)
{
  KeyRow *kr = g_new (KeyRow, MAX (nnz, 1));

  for (gsize r = 0; r < nnz; r++)
    {
      kr[r].key = ((guint64) user[r] << 32) | item[r];
      kr[r].row = r;
    }
  qsort (kr, nnz, sizeof (KeyRow), compare_key_row);
  return kr;
}

static char **
default_names (const char *prefix, guint n)
{
  char **names = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    names[i] = g_strdup_printf ("%s%u", prefix, i);
  return names;
}

/* Sorts the triplets by (user, item). */
LabRatings *
lab_ratings_new_from_triplets (guint         n_users,
                               guint         n_items,
                               gsize         nnz,
                               const guint  *user,
                               const guint  *item,
                               const double *value)
{
  LabRatings *self;
  g_autofree KeyRow *kr = NULL;

  for (gsize r = 0; r < nnz; r++)
    g_return_val_if_fail (user[r] < n_users && item[r] < n_items, NULL);
  kr = sorted_keys (user, item, nnz);

  self = g_new0 (LabRatings, 1);
  self->n_users = n_users;
  self->n_items = n_items;
  self->nnz = nnz;
  self->user = g_new (guint, MAX (nnz, 1));
  self->item = g_new (guint, MAX (nnz, 1));
  self->value = g_new (double, MAX (nnz, 1));
  for (gsize r = 0; r < nnz; r++)
    {
      g_assert (r == 0 || kr[r].key != kr[r - 1].key);
      self->user[r] = user[kr[r].row];
      self->item[r] = item[kr[r].row];
      self->value[r] = value[kr[r].row];
    }
  self->user_names = default_names ("u", n_users);
  self->item_names = default_names ("i", n_items);
  return self;
}

/* ------------------------------------------------------------------ */
/* the generator */

typedef struct
{
  double key;
  guint  item;
} Keyed;

static int
compare_keyed_desc (gconstpointer a, gconstpointer b)
{
  const Keyed *x = a, *y = b;

  if (x->key != y->key)
    return x->key > y->key ? -1 : 1;
  return x->item < y->item ? -1 : x->item > y->item;
}

/* Moves the @n best of @a (higher key, then lower item) to its front, in no order:
 * quickselect, linear on average, so a user costs O(items), not a sort of the catalogue. */
static void
select_best (Keyed *a, guint len, guint n)
{
  guint lo = 0, hi = len;   /* the boundary n lies in [lo, hi) */

  while (hi - lo > 1)
    {
      Keyed pivot = a[lo + (hi - lo) / 2], t;
      guint i = lo, j = lo, k = hi;

      /* three-way partition: better than pivot | equal | worse */
      while (j < k)
        {
          int c = compare_keyed_desc (&a[j], &pivot);

          if (c < 0)
            {
              t = a[i]; a[i] = a[j]; a[j] = t;
              i++, j++;
            }
          else if (c > 0)
            {
              k--;
              t = a[j]; a[j] = a[k]; a[k] = t;
            }
          else
            j++;
        }
      if (n < i)
        hi = i;
      else if (n >= j)
        lo = j;
      else
        return;
    }
}

/* The generator's per-user work after the draws — how much the user likes each item, the
 * Efraimidis–Spirakis keys (a log and an exp an item: nine tenths of the generator's time) and
 * the selection — for users @u0 … @u1 − 1 of a block whose draws are done. */
typedef struct
{
  const double *p, *q, *logw;
  const double *uniform;   /* the block's uniforms, `items` a user */
  const double *noise;     /* the block's noise draws, from offset[u − first] on */
  const gsize  *offset;    /* where user u's ratings go in the output, u − first */
  const guint  *count;
  guint         first, u0, u1, items, rank;
  double        noise_sd;
  guint        *out_user, *out_item;
  double       *out_value;
} SynthJob;

static gpointer
synth_users (gpointer data)
{
  const SynthJob *job = data;
  g_autofree double *like = g_new (double, job->items);
  g_autofree Keyed *keyed = g_new (Keyed, job->items);
  gsl_matrix_const_view Q = gsl_matrix_const_view_array (job->q, job->items, job->rank);
  gsl_vector_view L = gsl_vector_view_array (like, job->items);

  for (guint u = job->u0; u < job->u1; u++)
    {
      gsl_vector_const_view P = gsl_vector_const_view_array (job->p + (gsize) u * job->rank, job->rank);
      const double *uniform = job->uniform + (gsize) (u - job->first) * job->items;
      gsize off = job->offset[u - job->first];
      guint n = job->count[u - job->first];

      /* how much u likes every item: Q p_u */
      gsl_blas_dgemv (CblasNoTrans, 1.0, &Q.matrix, &P.vector, 0.0, &L.vector);
      /* Efraimidis–Spirakis: the n largest u^(1/w) (as log(u)/w) sample without replacement ∝ w;
       * people rate what they expect to like: w = popularity weight × e^(p·q) */
      for (guint j = 0; j < job->items; j++)
        {
          keyed[j].key = log (uniform[j]) * exp (-job->logw[j] - like[j]);
          keyed[j].item = j;
        }
      select_best (keyed, job->items, n);
      for (guint t = 0; t < n; t++)
        {
          guint j = keyed[t].item;
          double v = 3.0 + like[j] + job->noise_sd * job->noise[off - job->offset[0] + t];   /* not inside CLAMP: it evaluates twice */

          job->out_user[off + t] = u;
          job->out_item[off + t] = j;
          job->out_value[off + t] = CLAMP (v, 1.0, 5.0);
        }
    }
  return NULL;
}

/* Users a block: their uniforms take at most 4 MiB. */
#define SYNTH_BLOCK_VALUES ((gsize) 1 << 19)

LabRatings *
lab_ratings_new_synthetic (guint          users,
                           guint          items,
                           guint          rank,
                           double         density,
                           double         noise,
                           double         skew,
                           guint64        seed,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (seed);
  g_autofree double *p = g_new (double, (gsize) users * rank);
  g_autofree double *q = g_new (double, (gsize) items * rank);
  g_autofree double *logw = g_new (double, items);
  g_autofree guint *perm = g_new (guint, items);
  guint block = (guint) CLAMP (SYNTH_BLOCK_VALUES / MAX (items, 1), 1, users);
  g_autofree double *uniform = g_new (double, (gsize) block * items);
  g_autofree gsize *offset = g_new (gsize, block);
  g_autofree guint *count = g_new (guint, block);
  g_autoptr(GArray) noise_draws = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) uu = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ii = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) vv = g_array_new (FALSE, FALSE, sizeof (double));
  double sd = pow ((double) rank, -0.25);   /* entries' variance rank^(−1/2): var(p·q) = 1 */
  gboolean two = g_get_num_processors () > 1;

  g_return_val_if_fail (users >= 1 && items >= 1 && rank >= 1, NULL);

  for (gsize k = 0; k < (gsize) users * rank; k++)
    p[k] = sd * lab_rng_gaussian (rng);
  for (gsize k = 0; k < (gsize) items * rank; k++)
    q[k] = sd * lab_rng_gaussian (rng);
  /* item perm[r] is the r-th most popular */
  for (guint j = 0; j < items; j++)
    perm[j] = j;
  gsl_ran_shuffle (rng, perm, items, sizeof (guint));
  for (guint r = 0; r < items; r++)
    logw[perm[r]] = -skew * log (r + 1.0);

  /* A block of users at a time: first every draw of the block, in the generator's order (a
   * user's size, its uniforms, its ratings' noise), then the rest of the work, which draws
   * nothing, on two threads — the same ratings as one user after the other. */
  for (guint first = 0; first < users; first += block)
    {
      guint last = MIN (users, first + block), half;
      SynthJob jobs[2];
      GThread *helper = NULL;

      g_array_set_size (noise_draws, 0);
      for (guint u = first; u < last; u++)
        {
          double g = lab_rng_gaussian (rng);
          double want = density * items * exp (0.6 * g - 0.18);   /* E[e^(0.6 g)] = e^0.18 */
          guint n = (guint) CLAMP (lround (want), 1, (long) items);
          double *uniform_u = uniform + (gsize) (u - first) * items;

          if ((u & 63) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          for (guint j = 0; j < items; j++)
            uniform_u[j] = gsl_rng_uniform_pos (rng);
          offset[u - first] = uu->len + noise_draws->len;
          count[u - first] = n;
          for (guint t = 0; t < n; t++)
            {
              double z = lab_rng_gaussian (rng);
              g_array_append_val (noise_draws, z);
            }
        }
      g_array_set_size (uu, uu->len + noise_draws->len);
      g_array_set_size (ii, ii->len + noise_draws->len);
      g_array_set_size (vv, vv->len + noise_draws->len);

      /* the users split where half the block's ratings fall */
      half = first;
      while (half < last && offset[half - first] - offset[0] < noise_draws->len / 2)
        half++;
      for (guint k = 0; k < 2; k++)
        jobs[k] = (SynthJob) {
          .p = p, .q = q, .logw = logw, .uniform = uniform, .noise = (const double *) noise_draws->data,
          .offset = offset, .count = count, .first = first, .items = items, .rank = rank, .noise_sd = noise,
          .u0 = k == 0 ? first : half, .u1 = k == 0 ? half : last,
          .out_user = (guint *) uu->data, .out_item = (guint *) ii->data, .out_value = (double *) vv->data,
        };
      if (two && jobs[1].u1 > jobs[1].u0)
        helper = g_thread_new ("ratings", synth_users, &jobs[1]);
      else
        jobs[0].u1 = last;
      synth_users (&jobs[0]);
      if (helper != NULL)
        g_thread_join (helper);
    }
  return lab_ratings_new_from_triplets (users, items, uu->len, (guint *) uu->data, (guint *) ii->data,
                                        (double *) vv->data);
}

/* ------------------------------------------------------------------ */
/* the reader */

/* Dense indices of an id column in order of first appearance; FALSE at an empty id. */
static gboolean
read_ids (LabDataset  *data,
          int          col,
          const char  *role,
          guint       *index,
          guint       *n_ids,
          GPtrArray   *names,
          GError     **error)
{
  gsize n = lab_dataset_get_n_rows (data);
  g_autoptr(GHashTable) seen = NULL;

  if (lab_dataset_get_column_type (data, col) == LAB_COLUMN_TEXT)
    {
      guint n_levels;
      const guint32 *levels = lab_dataset_get_levels (data, col, &n_levels);
      g_autofree guint *map = g_new (guint, n_levels);

      for (guint l = 0; l < n_levels; l++)
        map[l] = G_MAXUINT;
      *n_ids = 0;
      for (gsize r = 0; r < n; r++)
        {
          if (levels[r] == G_MAXUINT32)
            {
              lab_dataset_set_cell_error (data, r, col, error, _("empty %s id"), role);
              return FALSE;
            }
          if (map[levels[r]] == G_MAXUINT)
            {
              map[levels[r]] = (*n_ids)++;
              g_ptr_array_add (names, g_strdup (lab_dataset_get_level_name (data, col, levels[r])));
            }
          index[r] = map[levels[r]];
        }
      return TRUE;
    }

  {
    const double *x = lab_dataset_get_numbers (data, col);

    seen = g_hash_table_new_full (g_double_hash, g_double_equal, g_free, NULL);
    *n_ids = 0;
    for (gsize r = 0; r < n; r++)
      {
        gpointer found;

        if (!isfinite (x[r]))
          {
            g_autofree char *text = lab_dataset_dup_cell_text (data, r, col);

            lab_dataset_set_cell_error (data, r, col, error,
                                        isnan (x[r]) ? _("empty %s id") : _("%s id “%s” is not a finite number"),
                                        role, text);
            return FALSE;
          }
        if (g_hash_table_lookup_extended (seen, &x[r], NULL, &found))
          index[r] = GPOINTER_TO_UINT (found);
        else
          {
            index[r] = (*n_ids)++;
            g_hash_table_insert (seen, g_memdup2 (&x[r], sizeof (double)), GUINT_TO_POINTER (index[r]));
            g_ptr_array_add (names, lab_dataset_dup_cell_text (data, r, col));
          }
      }
  }
  return TRUE;
}

LabRatings *
lab_ratings_new_from_dataset (LabDataset    *data,
                              int            user_col,
                              int            item_col,
                              int            rating_col,
                              GCancellable  *cancellable,
                              GError       **error)
{
  gsize n = lab_dataset_get_n_rows (data);
  g_autofree guint *user = NULL, *item = NULL;
  g_autofree double *value = NULL;
  g_autoptr(GPtrArray) user_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) item_names = g_ptr_array_new_with_free_func (g_free);
  guint n_users = 0, n_items = 0;
  LabRatings *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (user_col >= 0 && item_col >= 0, NULL);

  if (n == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: no ratings (the file has no data rows)"),
                   lab_dataset_get_name (data));
      return NULL;
    }
  user = g_new (guint, n);
  item = g_new (guint, n);
  value = g_new (double, n);
  if (!read_ids (data, user_col, "user", user, &n_users, user_names, error)
      || !read_ids (data, item_col, "item", item, &n_items, item_names, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (rating_col < 0)
    for (gsize r = 0; r < n; r++)
      value[r] = 1.0;
  else if (lab_dataset_get_column_type (data, rating_col) == LAB_COLUMN_TEXT)
    {
      /* the first cell that does not read as a number is the one to name */
      for (gsize r = 0; r < n; r++)
        {
          g_autofree char *text = lab_dataset_dup_cell_text (data, r, rating_col);
          char *t = g_strstrip (text);

          if (!lab_csv_parse_double (t, strlen (t), lab_dataset_get_decimal (data), &value[r])
              || !isfinite (value[r]))
            {
              lab_dataset_set_cell_error (data, r, rating_col, error,
                                          t[0] ? _("rating “%s” is not a number") : _("empty rating"), t);
              return NULL;
            }
        }
    }
  else
    {
      const double *x = lab_dataset_get_numbers (data, rating_col);

      for (gsize r = 0; r < n; r++)
        {
          if (!isfinite (x[r]))
            {
              g_autofree char *text = lab_dataset_dup_cell_text (data, r, rating_col);

              lab_dataset_set_cell_error (data, r, rating_col, error,
                                          isnan (x[r]) ? _("empty rating") : _("rating “%s” is not a finite number"),
                                          text);
              return NULL;
            }
          value[r] = x[r];
        }
    }

  /* each (user, item) pair once: averaging would hide an export that went wrong. Sorted by
   * key and row, a repeated pair follows its first row; name the repeat earliest in the file. */
  {
    g_autofree KeyRow *kr = sorted_keys (user, item, n);
    gsize first = 0, repeat = G_MAXSIZE;

    for (gsize r = 1; r < n; r++)
      if (kr[r].key == kr[r - 1].key && (r < 2 || kr[r - 1].key != kr[r - 2].key) && kr[r].row < repeat)
        {
          repeat = kr[r].row;
          first = kr[r - 1].row;
        }
    if (repeat != G_MAXSIZE)
      {
        guint line, c;

        lab_dataset_locate (data, first, user_col, &line, &c);
        lab_dataset_set_cell_error (data, repeat, user_col, error,
                                    _("user “%s” rates item “%s” a second time (first on line %u); "
                                      "keep one rating per pair"),
                                    (char *) user_names->pdata[user[repeat]], (char *) item_names->pdata[item[repeat]],
                                    line);
        return NULL;
      }
  }

  if (n_users < 2 || n_items < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: %u user(s) and %u item(s); collaborative filtering needs at least 2 of each"),
                   lab_dataset_get_name (data), n_users, n_items);
      return NULL;
    }

  self = lab_ratings_new_from_triplets (n_users, n_items, n, user, item, value);
  g_strfreev (self->user_names);
  g_strfreev (self->item_names);
  g_ptr_array_add (user_names, NULL);
  g_ptr_array_add (item_names, NULL);
  self->user_names = (char **) g_ptr_array_steal (user_names, NULL);
  self->item_names = (char **) g_ptr_array_steal (item_names, NULL);
  self->implicit = rating_col < 0;
  return self;
}

/* ------------------------------------------------------------------ */
/* split and sparse rows */

guint8 *
lab_ratings_split (const LabRatings *self,
                   double            fraction,
                   double            cold_fraction,
                   guint64           seed,
                   gsize            *n_test,
                   guint            *n_cold,
                   guint            *n_single)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (seed ^ G_GUINT64_CONSTANT (0x5bd1e995));
  guint8 *test = g_new0 (guint8, MAX (self->nnz, 1));
  g_autofree guint8 *cold = g_new0 (guint8, MAX (self->n_users, 1));
  gsize total = 0, start = 0;
  guint n_c = (guint) CLAMP (lround (cold_fraction * self->n_users), 0, (long) self->n_users), singles = 0;

  if (n_c > 0)
    {
      g_autofree guint *all = g_new (guint, self->n_users), *chosen = g_new (guint, n_c);

      for (guint u = 0; u < self->n_users; u++)
        all[u] = u;
      gsl_ran_choose (rng, chosen, n_c, all, self->n_users, sizeof (guint));
      for (guint t = 0; t < n_c; t++)
        cold[chosen[t]] = 1;
    }

  while (start < self->nnz)
    {
      gsize end = start;
      gsize n, t;

      while (end < self->nnz && self->user[end] == self->user[start])
        end++;
      n = end - start;
      if (cold[self->user[start]])
        {
          memset (test + start, 1, n);
          total += n;
        }
      else if (n < 2)
        singles++;
      else if (fraction > 0)
        {
          g_autofree gsize *idx = g_new (gsize, n);
          g_autofree gsize *chosen = NULL;

          t = (gsize) MAX (1, lround (fraction * (double) n));
          t = MIN (t, n - 1);
          chosen = g_new (gsize, t);
          for (gsize r = 0; r < n; r++)
            idx[r] = start + r;
          gsl_ran_choose (rng, chosen, t, idx, n, sizeof (gsize));
          for (gsize r = 0; r < t; r++)
            test[chosen[r]] = 1;
          total += t;
        }
      start = end;
    }
  if (n_test != NULL)
    *n_test = total;
  if (n_cold != NULL)
    *n_cold = n_c;
  if (n_single != NULL)
    *n_single = singles;
  return test;
}

void
lab_sparse_free (LabSparse *self)
{
  if (self == NULL)
    return;
  g_free (self->ptr);
  g_free (self->idx);
  g_free (self->val);
  g_free (self);
}

LabSparse *
lab_sparse_from_ratings (const LabRatings *ratings,
                         const guint8     *mask,
                         guint8            keep,
                         gboolean          by_item)
{
  LabSparse *self = g_new0 (LabSparse, 1);
  g_autofree gsize *fill = NULL;

  self->n_rows = by_item ? ratings->n_items : ratings->n_users;
  self->n_cols = by_item ? ratings->n_users : ratings->n_items;
  self->ptr = g_new0 (gsize, self->n_rows + 1);
  for (gsize r = 0; r < ratings->nnz; r++)
    if (mask == NULL || mask[r] == keep)
      self->ptr[(by_item ? ratings->item[r] : ratings->user[r]) + 1]++;
  for (guint i = 0; i < self->n_rows; i++)
    self->ptr[i + 1] += self->ptr[i];
  self->nnz = self->ptr[self->n_rows];
  self->idx = g_new (guint, MAX (self->nnz, 1));
  self->val = g_new (double, MAX (self->nnz, 1));
  fill = g_memdup2 (self->ptr, self->n_rows * sizeof (gsize));
  /* triplets are sorted by (user, item), so columns come out increasing either way */
  for (gsize r = 0; r < ratings->nnz; r++)
    if (mask == NULL || mask[r] == keep)
      {
        guint row = by_item ? ratings->item[r] : ratings->user[r];
        gsize at = fill[row]++;

        self->idx[at] = by_item ? ratings->user[r] : ratings->item[r];
        self->val[at] = ratings->value[r];
      }
  return self;
}
