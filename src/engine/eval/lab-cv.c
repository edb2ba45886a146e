/* lab-cv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_rng.h>

#include "lab-cv.h"
#include "lab-rng.h"

guint *
lab_cv_assign (gsize       n,
               guint       k,
               LabCvScheme scheme,
               guint64     seed)
{
  guint *fold;

  g_return_val_if_fail (k >= 2 && k <= n, NULL);

  fold = g_new (guint, n);
  switch (scheme)
    {
    case LAB_CV_INTERLEAVED:
      for (gsize i = 0; i < n; i++)
        fold[i] = (guint) (i % k);
      break;
    case LAB_CV_CONTIGUOUS:
    case LAB_CV_SHUFFLED:
      {
        gsize base = n / k, extra = n % k, row = 0;
        g_autofree gsize *perm = g_new (gsize, n);

        for (gsize i = 0; i < n; i++)
          perm[i] = i;
        if (scheme == LAB_CV_SHUFFLED)
          {
            g_autoptr(gsl_rng) rng = lab_rng_new (seed);

            for (gsize i = n - 1; i > 0; i--)
              {
                gsize j = (gsize) gsl_rng_uniform_int (rng, i + 1);
                gsize t = perm[i];

                perm[i] = perm[j];
                perm[j] = t;
              }
          }
        for (guint f = 0; f < k; f++)
          for (gsize c = 0; c < base + (f < extra); c++)
            fold[perm[row++]] = f;
      }
      break;
    default:
      g_return_val_if_reached (fold);
    }
  return fold;
}

void
lab_cv_split (const guint *fold,
              gsize        n,
              guint        f,
              gsize       *train,
              gsize       *n_train,
              gsize       *valid,
              gsize       *n_valid)
{
  gsize nt = 0, nv = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (fold[i] == f)
        valid[nv++] = i;
      else
        train[nt++] = i;
    }
  *n_train = nt;
  *n_valid = nv;
}
