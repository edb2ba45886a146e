/* clustering-compute.c — the clustering topic's worker: points, k-means, EM, model selection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-columns.h"
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-csv.h"
#include "clustering-private.h"

static void
clu_result_finalize (LabResult *result)
{
  CluResult *self = (CluResult *) result;

  g_free (self->x);
  g_strfreev (self->names);
  g_free (self->center);
  g_free (self->scale);
  g_free (self->truth);
  g_free (self->source_name);
  g_free (self->drawn);
  g_free (self->init_centroids);
  g_free (self->km_centroids);
  g_free (self->km_inertia);
  g_free (self->km_labels);
  if (self->km_reseeds != NULL)
    g_array_unref (self->km_reseeds);
  g_free (self->gmm_weights);
  g_free (self->gmm_means);
  g_free (self->gmm_covs);
  g_free (self->gmm_loglik);
  g_free (self->gmm_labels);
  g_free (self->sweep_note);
}

/* ------------------------------------------------------------------ */
/* the points */

static gboolean
load_synthetic (CluResult  *self,
                LabParams  *params,
                GError    **error)
{
  static const LabSynthKind kinds[] = {
    [CLU_DATASET_BLOBS] = LAB_SYNTH_BLOBS,
    [CLU_DATASET_ANISOTROPIC] = LAB_SYNTH_ANISOTROPIC,
    [CLU_DATASET_UNEQUAL_VARIANCE] = LAB_SYNTH_UNEQUAL_VARIANCE,
    [CLU_DATASET_UNEQUAL_SIZE] = LAB_SYNTH_UNEQUAL_SIZE,
    [CLU_DATASET_MOONS] = LAB_SYNTH_MOONS,
    [CLU_DATASET_CIRCLES] = LAB_SYNTH_CIRCLES,
  };
  /* the clusters' spread: blobs sit on a circle of radius 2.5 */
  static const double noise[] = { 0.6, 1.0, 0.6, 1.0, 0.08, 0.05 };
  CluDataset ds = lab_params_get_enum (params, "dataset");
  LabSynthOptions o = {
    .kind = kinds[ds],
    .n = (guint) lab_params_get_int (params, "n"),
    .classes = (guint) lab_params_get_int (params, "k-true"),
    .noise = noise[ds],
    .ratio = 1,
    .seed = (guint64) lab_params_get_int (params, "seed"),
  };
  g_autoptr(LabPoints) p = lab_points_synthesize (&o, error);

  if (p == NULL)
    return FALSE;
  self->n = p->n;
  self->d = p->d;
  self->x = g_steal_pointer (&p->x);
  self->truth = g_steal_pointer (&p->y);
  self->n_true = p->n_classes;
  self->names = g_strdupv (p->feature_names);
  self->source_name = g_strdup (lab_synth_kind_to_string (o.kind));
  return TRUE;
}

static gboolean
load_data (CluResult   *self,
           LabParams   *params,
           LabDataset  *data,
           GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (lab_params_get_string (params, "columns"), ",", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree int *cols = NULL;
  g_autofree gboolean *keep = NULL;
  gsize rows, kept = 0, out = 0;
  guint d;

  if (data == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
      return FALSE;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_ptr_array_add (names, g_strdup (parts[i]));
  if (names->len == 0)   /* every numeric column */
    for (guint c = 0; c < lab_dataset_get_n_columns (data); c++)
      if (lab_dataset_get_numbers (data, c) != NULL)
        g_ptr_array_add (names, g_strdup (lab_dataset_get_column_name (data, c)));
  d = names->len;
  if (d < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("%s: clustering needs two or more numeric columns; columns names %u (“%s”)"),
                   lab_dataset_get_name (data), d, lab_params_get_string (params, "columns"));
      return FALSE;
    }
  cols = g_new (int, d);
  for (guint j = 0; j < d; j++)
    {
      cols[j] = lab_topic_find_column (data, "columns", g_ptr_array_index (names, j), error);
      if (cols[j] < 0)
        return FALSE;
      if (lab_dataset_get_numbers (data, (guint) cols[j]) == NULL)
        {
          lab_columns_set_text_error (data, (guint) cols[j], "columns:", error);
          return FALSE;
        }
    }

  /* rows with an empty cell in a chosen column are left out and counted; an infinite value
   * is an error at its cell */
  rows = lab_dataset_get_n_rows (data);
  keep = g_new (gboolean, MAX (rows, 1));
  for (gsize i = 0; i < rows; i++)
    {
      keep[i] = TRUE;
      for (guint j = 0; j < d; j++)
        {
          double v = lab_dataset_get_numbers (data, (guint) cols[j])[i];

          if (isnan (v))
            keep[i] = FALSE;
          else if (!isfinite (v))
            {
              g_autofree char *text = lab_dataset_dup_cell_text (data, i, (guint) cols[j]);

              lab_dataset_set_cell_error (data, i, (guint) cols[j], error,
                                          _("value “%s” of column “%s” is not finite"), text,
                                          (const char *) g_ptr_array_index (names, j));
              return FALSE;
            }
        }
      kept += keep[i];
    }
  self->source_name = g_strdup (lab_dataset_get_name (data));
  self->n_dropped = rows - kept;
  if (kept < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: %zu complete rows in columns %s (%zu left out for empty cells): clustering needs at least 2"),
                   self->source_name, kept, lab_params_get_string (params, "columns"), self->n_dropped);
      return FALSE;
    }
  self->n = kept;
  self->d = d;
  self->x = g_new (double, kept * d);
  for (gsize i = 0; i < rows; i++)
    if (keep[i])
      {
        for (guint j = 0; j < d; j++)
          self->x[out * d + j] = lab_dataset_get_numbers (data, (guint) cols[j])[i];
        out++;
      }
  g_ptr_array_add (names, NULL);
  self->names = (char **) g_ptr_array_steal (names, NULL);
  return TRUE;
}

/* Standardizes the columns in place (mean 0, standard deviation 1, divisor n − 1); a constant
 * column is an error naming it. */
static gboolean
standardize (CluResult  *self,
             GError    **error)
{
  for (guint j = 0; j < self->d; j++)
    {
      double mean = 0, var = 0;

      for (gsize i = 0; i < self->n; i++)
        mean += self->x[i * self->d + j];
      mean /= self->n;
      for (gsize i = 0; i < self->n; i++)
        var += (self->x[i * self->d + j] - mean) * (self->x[i * self->d + j] - mean);
      var /= self->n - 1;
      if (!(sqrt (var) > 1e-12 * (fabs (mean) + DBL_MIN)))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       _("%s: column “%s” is constant (every value %g), so it cannot be standardized: "
                         "drop it from columns or set standardize=false"),
                       self->source_name, self->names[j], mean);
          return FALSE;
        }
      self->center[j] = mean;
      self->scale[j] = sqrt (var);
      for (gsize i = 0; i < self->n; i++)
        self->x[i * self->d + j] = (self->x[i * self->d + j] - mean) / self->scale[j];
    }
  self->standardized = TRUE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* one k-means run and one EM run, every step kept */

typedef struct
{
  guint    updates;
  double  *centroids;   /* (updates + 1) × k × d */
  double  *inertia;     /* updates + 1 */
  guint   *labels;      /* n */
  gboolean converged;
  GArray  *reseeds;
} KmRun;

static void
km_run_clear (KmRun *r)
{
  g_clear_pointer (&r->centroids, g_free);
  g_clear_pointer (&r->inertia, g_free);
  g_clear_pointer (&r->labels, g_free);
  g_clear_pointer (&r->reseeds, g_array_unref);
}

/* Lloyd's algorithm as scikit-learn runs it: assign, then update, until no label changes
 * (strict convergence) or the centroids move less than @tol (Σ of squared shifts), at most
 * @max_iter updates; the run always ends with an assignment to the final centroids. */
static gboolean
km_run (const double  *x,
        gsize          n,
        guint          d,
        guint          k,
        const double  *init,
        guint          max_iter,
        double         tol,
        GCancellable  *cancellable,
        KmRun         *r,
        GError       **error)
{
  g_autoptr(LabKmeans) km = lab_kmeans_new (x, n, d, k);
  gsize kd = (gsize) k * d;
  guint reseeded[CLU_MAX_K];

  r->centroids = g_new (double, (max_iter + 1) * kd);
  r->inertia = g_new (double, max_iter + 1);
  r->reseeds = g_array_new (FALSE, FALSE, sizeof (CluReseed));
  r->converged = FALSE;
  memcpy (r->centroids, init, kd * sizeof (double));
  lab_kmeans_set_centroids (km, init);

  for (guint u = 0;; u++)
    {
      gsize changed;
      double shift;
      guint empty;

      r->inertia[u] = lab_kmeans_assign (km, &changed);
      r->updates = u;
      if (u > 0 && changed == 0)
        {
          r->converged = TRUE;
          break;
        }
      if (u == max_iter)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      empty = lab_kmeans_update (km, reseeded, &shift);
      for (guint e = 0; e < empty; e++)
        {
          CluReseed ev = { u + 1, reseeded[e] };

          g_array_append_val (r->reseeds, ev);
        }
      memcpy (r->centroids + (u + 1) * kd, lab_kmeans_get_centroids (km), kd * sizeof (double));
      if (shift <= tol && empty == 0)
        {
          r->converged = TRUE;
          r->inertia[u + 1] = lab_kmeans_assign (km, NULL);
          r->updates = u + 1;
          break;
        }
    }
  r->labels = g_memdup2 (lab_kmeans_get_labels (km), n * sizeof (guint));
  return TRUE;
}

typedef struct
{
  guint    iters;
  double  *weights, *means, *covs, *loglik;
  guint   *labels;
  gboolean converged;
} GmmRun;

static void
gmm_run_clear (GmmRun *r)
{
  g_clear_pointer (&r->weights, g_free);
  g_clear_pointer (&r->means, g_free);
  g_clear_pointer (&r->covs, g_free);
  g_clear_pointer (&r->loglik, g_free);
  g_clear_pointer (&r->labels, g_free);
}

/* EM from the hard assignment of the points to @init (one M-step with 0/1 responsibilities,
 * as scikit-learn starts from k-means labels), then E and M in turn until the mean
 * log-likelihood changes by less than @tol, at most @max_iter iterations (scikit-learn's loop,
 * the M-step included in the last iteration). A last E-step gives the labels. */
static gboolean
gmm_run (const double      *x,
         gsize              n,
         guint              d,
         guint              k,
         LabGmmCovariance   type,
         const double      *init,
         guint              max_iter,
         double             tol,
         GCancellable      *cancellable,
         GmmRun            *r,
         GError           **error)
{
  g_autoptr(LabKmeans) km = lab_kmeans_new (x, n, d, k);
  g_autoptr(LabGmm) g = lab_gmm_new (x, n, d, k, type, CLU_REG_COVAR);
  gsize kd = (gsize) k * d, kdd = kd * d;

  lab_kmeans_set_centroids (km, init);
  lab_kmeans_assign (km, NULL);
  if (!lab_gmm_init_from_labels (g, lab_kmeans_get_labels (km), error))
    return FALSE;

  r->weights = g_new (double, (max_iter + 1) * k);
  r->means = g_new (double, (max_iter + 1) * kd);
  r->covs = g_new (double, (max_iter + 1) * kdd);
  r->loglik = g_new (double, max_iter + 1);
  r->converged = FALSE;
  r->iters = 0;
  for (guint t = 0;; t++)
    {
      memcpy (r->weights + t * k, lab_gmm_get_weights (g), k * sizeof (double));
      memcpy (r->means + t * kd, lab_gmm_get_means (g), kd * sizeof (double));
      memcpy (r->covs + t * kdd, lab_gmm_get_covariances (g), kdd * sizeof (double));
      r->loglik[t] = lab_gmm_e_step (g);
      r->iters = t;
      if (t == max_iter || r->converged)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!lab_gmm_m_step (g, error))
        {
          g_prefix_error (error, _("EM iteration %u: "), t + 1);
          return FALSE;
        }
      if (t > 0 && fabs (r->loglik[t] - r->loglik[t - 1]) < tol)
        r->converged = TRUE;
    }
  r->labels = g_new (guint, n);
  lab_gmm_get_labels (g, r->labels);
  return TRUE;
}

/* ------------------------------------------------------------------ */

static void
initial_centroids (const CluResult *self,
                   CluInit          init,
                   const double    *manual,
                   gsl_rng         *rng,
                   double          *c)
{
  const guint d = self->d, k = self->k;

  if (init == CLU_INIT_MANUAL)
    for (guint i = 0; i < k; i++)
      for (guint j = 0; j < d; j++)
        {
          /* the plotted two coordinates as placed; any further ones at the columns' mean */
          if (j < 2)
            c[i * d + j] = manual[2 * i + j];
          else
            {
              double m = 0;

              for (gsize r = 0; r < self->n; r++)
                m += self->x[r * d + j] / self->n;
              c[i * d + j] = m;
            }
        }
  else if (init == CLU_INIT_RANDOM)
    lab_kmeans_init_random (self->x, self->n, d, k, rng, c);
  else
    lab_kmeans_init_plusplus (self->x, self->n, d, k, rng, c);
}

/* The threshold of Σ squared centroid shifts: tol × the mean column variance (scikit-learn). */
static double
absolute_tol (const double *x,
              gsize         n,
              guint         d,
              double        tol)
{
  double total = 0;

  for (guint j = 0; j < d; j++)
    {
      double m = 0, v = 0;

      for (gsize i = 0; i < n; i++)
        m += x[i * d + j] / n;
      for (gsize i = 0; i < n; i++)
        v += (x[i * d + j] - m) * (x[i * d + j] - m) / n;
      total += v;
    }
  return tol * total / d;
}

/* k = 1 … 10 on a fixed subsample: k-means++ from one seed, k-means to convergence, then EM
 * from the same start; inertia, BIC and AIC. A k that fails (a collapsed component) is left
 * out and said.
 *
 * The ten fits are independent once their starts are drawn, so the starts are drawn first,
 * in order from the one generator (as one loop would), and the fits are shared between two
 * threads, each k writing only its own slots: the result does not depend on which thread
 * ran what. The main fit runs beside them (clustering_compute). */
typedef struct
{
  CluResult        *self;
  LabGmmCovariance  type;
  guint             max_iter;
  double            tol, tol_abs;
  double           *xs;                      /* the subsample, sweep_n × d */
  double           *starts[CLU_SWEEP_K];     /* k × d each, NULL where k > sweep_n */
  char             *notes[CLU_SWEEP_K];      /* why k failed, or NULL */
  gint              next;                    /* the next task (atomic) */
  gint             *done;                    /* tasks finished, main fit included (atomic) */
  guint             total;                   /* all tasks, for the progress */
  gboolean          cancelled;               /* set by a task that saw the cancellation */
  LabProgress      *progress;
  GCancellable     *cancellable;
} Sweep;

static void
sweep_prepare (Sweep        *sw,
               CluResult    *self,
               guint64       seed)
{
  const guint d = self->d;
  gsize m = MIN (self->n, CLU_SWEEP_N), stride = (self->n + m - 1) / m;
  g_autoptr(gsl_rng) rng = lab_rng_new (seed ^ 0x5eedULL);

  m = (self->n + stride - 1) / stride;
  sw->xs = g_new (double, m * d);
  for (gsize i = 0; i < m; i++)
    memcpy (sw->xs + i * d, self->x + i * stride * d, d * sizeof (double));
  self->sweep_n = m;
  sw->tol_abs = absolute_tol (sw->xs, m, d, sw->tol);
  for (guint k = 1; k <= CLU_SWEEP_K; k++)
    {
      self->sweep_inertia[k - 1] = self->sweep_bic[k - 1] = self->sweep_aic[k - 1] = NAN;
      if (k > m)
        continue;
      sw->starts[k - 1] = g_new (double, (gsize) k * d);
      lab_kmeans_init_plusplus (sw->xs, m, d, k, rng, sw->starts[k - 1]);
    }
}

static void
sweep_clear (Sweep *sw)
{
  g_free (sw->xs);
  for (guint k = 0; k < CLU_SWEEP_K; k++)
    {
      g_free (sw->starts[k]);
      g_free (sw->notes[k]);
    }
}

static void
progress_step (Sweep *sw)
{
  lab_progress_set (sw->progress, 0.05 + 0.95 * (g_atomic_int_add (sw->done, 1) + 1.0) / sw->total);
}

/* One k of the sweep; FALSE when cancelled. */
static gboolean
sweep_one (Sweep *sw,
           guint  k)
{
  CluResult *self = sw->self;
  const guint d = self->d;
  const gsize m = self->sweep_n;
  const double *c = sw->starts[k - 1];
  KmRun kr = { 0 };
  GmmRun gr = { 0 };
  g_autoptr(GError) local = NULL;

  if (c == NULL)
    return TRUE;
  if (self->do_kmeans)
    {
      if (!km_run (sw->xs, m, d, k, c, sw->max_iter, sw->tol_abs, sw->cancellable, &kr, NULL))
        {
          km_run_clear (&kr);
          return FALSE;
        }
      self->sweep_inertia[k - 1] = kr.inertia[kr.updates];
      km_run_clear (&kr);
    }
  if (self->do_gmm)
    {
      if (gmm_run (sw->xs, m, d, k, sw->type, c, sw->max_iter, sw->tol, sw->cancellable, &gr, &local))
        {
          double ll = gr.loglik[gr.iters];
          guint p = lab_gmm_n_parameters (sw->type, k, d);

          self->sweep_bic[k - 1] = -2 * ll * m + p * log ((double) m);
          self->sweep_aic[k - 1] = -2 * ll * m + 2.0 * p;
        }
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gmm_run_clear (&gr);
          return FALSE;
        }
      else
        sw->notes[k - 1] = g_strdup (local->message);
      gmm_run_clear (&gr);
    }
  return TRUE;
}

/* Takes tasks until none is left: the largest k first, they take longest. */
static gpointer
sweep_worker (gpointer data)
{
  Sweep *sw = data;
  gint i;

  while ((i = g_atomic_int_add (&sw->next, 1)) < CLU_SWEEP_K)
    {
      if (g_atomic_int_get (&sw->cancelled) || !sweep_one (sw, CLU_SWEEP_K - (guint) i))
        {
          g_atomic_int_set (&sw->cancelled, TRUE);
          break;
        }
      progress_step (sw);
    }
  return NULL;
}

/* The notes of the failed ks, in order of k. */
static void
sweep_finish (Sweep     *sw,
              CluResult *self)
{
  GString *note = NULL;

  for (guint k = 1; k <= CLU_SWEEP_K; k++)
    if (sw->notes[k - 1] != NULL)
      {
        if (note == NULL)
          note = g_string_new (NULL);
        g_string_append_printf (note, "%sk = %u: %s", note->len ? "; " : "", k, sw->notes[k - 1]);
      }
  if (note != NULL)
    self->sweep_note = g_string_free (note, FALSE);
}

/* The fit shown: n-init starts from @rng, the best k-means and the best EM run kept. */
static gboolean
main_fit (CluResult     *self,
          Sweep         *sw,
          guint          n_init,
          const double  *manual,
          guint          max_iter,
          double         tol,
          guint64        seed,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (seed * 7919 + 17);
  g_autofree double *c = g_new (double, (gsize) self->k * self->d);
  double tol_abs = absolute_tol (self->x, self->n, self->d, tol);

  for (guint run = 0; run < n_init; run++)
    {
      KmRun kr = { 0 };
      GmmRun gr = { 0 };

      initial_centroids (self, self->init, manual, rng, c);
      if (self->do_kmeans)
        {
          if (!km_run (self->x, self->n, self->d, self->k, c, max_iter, tol_abs, cancellable, &kr, error))
            {
              km_run_clear (&kr);
              return FALSE;
            }
          if (self->km_centroids == NULL || kr.inertia[kr.updates] < self->km_inertia[self->km_updates])
            {
              g_free (self->km_centroids);
              g_free (self->km_inertia);
              g_free (self->km_labels);
              g_clear_pointer (&self->km_reseeds, g_array_unref);
              self->km_updates = kr.updates;
              self->km_centroids = g_steal_pointer (&kr.centroids);
              self->km_inertia = g_steal_pointer (&kr.inertia);
              self->km_labels = g_steal_pointer (&kr.labels);
              self->km_reseeds = g_steal_pointer (&kr.reseeds);
              self->km_converged = kr.converged;
              self->km_best_run = run + 1;
              g_free (self->init_centroids);
              self->init_centroids = g_memdup2 (c, (gsize) self->k * self->d * sizeof (double));
            }
          km_run_clear (&kr);
        }
      if (self->do_gmm)
        {
          if (!gmm_run (self->x, self->n, self->d, self->k, self->covariance, c, max_iter, tol, cancellable,
                        &gr, error))
            {
              gmm_run_clear (&gr);
              return FALSE;
            }
          if (self->gmm_means == NULL || gr.loglik[gr.iters] > self->gmm_loglik[self->gmm_iters])
            {
              g_free (self->gmm_weights);
              g_free (self->gmm_means);
              g_free (self->gmm_covs);
              g_free (self->gmm_loglik);
              g_free (self->gmm_labels);
              self->gmm_iters = gr.iters;
              self->gmm_weights = g_steal_pointer (&gr.weights);
              self->gmm_means = g_steal_pointer (&gr.means);
              self->gmm_covs = g_steal_pointer (&gr.covs);
              self->gmm_loglik = g_steal_pointer (&gr.loglik);
              self->gmm_labels = g_steal_pointer (&gr.labels);
              self->gmm_converged = gr.converged;
              self->gmm_best_run = run + 1;
              if (!self->do_kmeans)
                {
                  g_free (self->init_centroids);
                  self->init_centroids = g_memdup2 (c, (gsize) self->k * self->d * sizeof (double));
                }
            }
          gmm_run_clear (&gr);
        }
      progress_step (sw);
    }

  if (self->do_gmm)
    {
      double ll = self->gmm_loglik[self->gmm_iters];
      guint p = lab_gmm_n_parameters (self->covariance, self->k, self->d);

      self->bic = -2 * ll * self->n + p * log ((double) self->n);
      self->aic = -2 * ll * self->n + 2.0 * p;
    }
  if (self->truth != NULL)
    {
      if (self->do_kmeans)
        self->ari_kmeans = lab_adjusted_rand_index (self->truth, self->km_labels, self->n);
      if (self->do_gmm)
        self->ari_gmm = lab_adjusted_rand_index (self->truth, self->gmm_labels, self->n);
    }
  return TRUE;
}

LabResult *
clustering_compute (LabParams     *params,
                    LabDataset    *data,
                    LabProgress   *progress,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (CluResult), clu_result_finalize);
  CluResult *self = (CluResult *) result;
  CluMethod method = lab_params_get_enum (params, "method");
  guint max_iter = (guint) lab_params_get_int (params, "max-iter");
  double tol = lab_params_get_double (params, "tol");
  guint n_init = (guint) lab_params_get_int (params, "n-init");
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  double manual[2 * CLU_MAX_K];
  gint done = 0;
  gsize stride;

  self->init = lab_params_get_enum (params, "init");
  self->covariance = lab_params_get_enum (params, "covariance");
  self->do_kmeans = method != CLU_METHOD_GMM;
  self->do_gmm = method != CLU_METHOD_KMEANS;
  self->ari_kmeans = self->ari_gmm = NAN;

  if (lab_params_get_enum (params, "source") == CLU_SOURCE_DATA)
    {
      if (!load_data (self, params, data, error))
        return NULL;
    }
  else if (!load_synthetic (self, params, error))
    return NULL;
  self->center = g_new0 (double, self->d);
  self->scale = g_new (double, self->d);
  for (guint j = 0; j < self->d; j++)
    self->scale[j] = 1;
  if (lab_params_get_enum (params, "source") == CLU_SOURCE_DATA && lab_params_get_boolean (params, "standardize")
      && !standardize (self, error))
    return NULL;

  if (self->init == CLU_INIT_MANUAL)
    {
      int got = clustering_parse_centroids (lab_params_get_string (params, "centroids"), manual, error);

      if (got < 0)
        return NULL;
      self->k = (guint) got;
      n_init = 1;
    }
  else
    self->k = (guint) lab_params_get_int (params, "k");
  if (self->k > self->n)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   self->n_dropped > 0 ? _("%s: k = %u clusters need at least %u points, but there are %lu complete rows")
                                       : _("%s: k = %u clusters need at least %u points, but there are %lu"),
                   self->source_name, self->k, self->k, (unsigned long) self->n);
      return NULL;
    }

  /* the drawn points and the plotted box */
  stride = (self->n + CLU_MAX_DRAWN - 1) / CLU_MAX_DRAWN;
  self->n_drawn = (self->n + stride - 1) / stride;
  self->drawn = g_new (gsize, self->n_drawn);
  for (gsize i = 0; i < self->n_drawn; i++)
    self->drawn[i] = i * stride;
  self->box[0] = self->box[2] = INFINITY;
  self->box[1] = self->box[3] = -INFINITY;
  for (gsize i = 0; i < self->n; i++)
    {
      self->box[0] = MIN (self->box[0], self->x[i * self->d]);
      self->box[1] = MAX (self->box[1], self->x[i * self->d]);
      self->box[2] = MIN (self->box[2], self->x[i * self->d + 1]);
      self->box[3] = MAX (self->box[3], self->x[i * self->d + 1]);
    }
  for (guint i = 0; self->init == CLU_INIT_MANUAL && i < self->k; i++)
    {
      self->box[0] = MIN (self->box[0], manual[2 * i]);
      self->box[1] = MAX (self->box[1], manual[2 * i]);
      self->box[2] = MIN (self->box[2], manual[2 * i + 1]);
      self->box[3] = MAX (self->box[3], manual[2 * i + 1]);
    }
  for (guint a = 0; a < 4; a += 2)
    {
      double pad = 0.06 * MAX (self->box[a + 1] - self->box[a], 1e-9);

      self->box[a] -= pad;
      self->box[a + 1] += pad;
    }
  lab_progress_set (progress, 0.05);

  if (self->k == 0)   /* manual initialisation, no centroid placed yet: show the points */
    return g_steal_pointer (&result);

  {
    Sweep sw = {
      .self = self,
      .type = self->covariance,
      .max_iter = max_iter,
      .tol = tol,
      .done = &done,
      .total = n_init + CLU_SWEEP_K,
      .progress = progress,
      .cancellable = cancellable,
    };
    GThread *helper;
    gboolean ok;

    /* the sweep on a second thread (and on this one once the main fit is done) */
    sweep_prepare (&sw, self, seed);
    helper = g_thread_new ("clustering-sweep", sweep_worker, &sw);
    ok = main_fit (self, &sw, n_init, manual, max_iter, tol, seed, cancellable, error);
    if (!ok)
      g_atomic_int_set (&sw.cancelled, TRUE);
    sweep_worker (&sw);
    g_thread_join (helper);
    if (ok && sw.cancelled)
      ok = !g_cancellable_set_error_if_cancelled (cancellable, error);
    if (ok)
      sweep_finish (&sw, self);
    sweep_clear (&sw);
    if (!ok)
      return NULL;
  }
  return g_steal_pointer (&result);
}
