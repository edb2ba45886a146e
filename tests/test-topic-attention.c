/* test-topic-attention.c — the attention topic end to end
 *
 * Reference: tests/reference/attention_reference.py → tests/attention-reference.h
 * (numpy matrix products and softmax for two fixed inputs, every combination of
 * mask none/causal and bias none/ALiBi). Tolerance: 1e-12 relative (with an absolute
 * floor of 1e-14 for values that cancel to near zero). A larger ragged case (two threads,
 * causal + ALiBi) is checked against the formula written as plain loops; the rest are
 * properties: rows sum to 1, causal zeros, the ALiBi sign and slopes, entropy bounds, the
 * temperature limits, errors, determinism, clicks and presets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <pango/pango.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "topic-test.h"
#include "attention/attention.h"
#include "attention-reference.h"
#include "attention-v2-reference.h"

static const LabTopic *topic;

static LabResult *
compute (const char *assignments, LabParams **params_out, GError **error)
{
  return topic_test_compute (topic, assignments, params_out, error);
}

static LabResult *
compute_ok (const char *assignments, LabParams **params_out)
{
  return topic_test_compute_ok (topic, assignments, params_out);
}

/* The metrics of @assignments, after building and rendering the figure. */
static LabMetrics *
metrics_ok (const char *assignments)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_ok (assignments, &params);
  g_autoptr(LabFigure) figure = topic_test_render_ok (topic, result, params, 800, 500);

  g_assert_cmpuint (lab_figure_get_n_axes (figure), >=, 1);
  return lab_topic_get_metrics (topic, result, params);
}

static void
test_reference (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (att_ref_cases); c++)
    {
      const AttRefCase *rc = &att_ref_cases[c];
      gsize n = rc->n, d = rc->d_model, H = rc->heads;
      g_autofree double *w = g_new (double, H * n * n);
      g_autofree double *o = g_new (double, n * d);
      g_autofree double *e = g_new (double, H * n);
      LabAttentionMask mask = g_str_equal (rc->mask, "causal") ? LAB_ATTENTION_MASK_CAUSAL : LAB_ATTENTION_MASK_NONE;
      LabAttentionBias bias = g_str_equal (rc->bias, "alibi") ? LAB_ATTENTION_BIAS_ALIBI : LAB_ATTENTION_BIAS_NONE;

      g_test_message ("%s", rc->name);
      g_assert_true (lab_attention_forward (rc->x, rc->wq, rc->wk, rc->wv, n, d, H, ATT_REF_TEMPERATURE,
                                            mask, bias, NULL, w, o, e, 1, NULL));
      for (gsize i = 0; i < H * n * n; i++)
        topic_test_assert_close (w[i], rc->weights[i], 1e-12, 1e-300, "%s[%" G_GSIZE_FORMAT "]", rc->name, (gsize) (i));
      for (gsize i = 0; i < n * d; i++)
        topic_test_assert_close (o[i], rc->output[i], 1e-12, 1e-14, "%s[%" G_GSIZE_FORMAT "]", rc->name, (gsize) (i));
      /* entropy of each row from the reference weights */
      for (gsize r = 0; r < H * n; r++)
        {
          double h = 0;

          for (gsize j = 0; j < n; j++)
            if (rc->weights[r * n + j] > 0)
              h -= rc->weights[r * n + j] * log (rc->weights[r * n + j]);
          topic_test_assert_close (e[r], h, 1e-11, 1e-14, "%s[%" G_GSIZE_FORMAT "]", "entropy", (gsize) (r));
        }
    }
}

/* deterministic pseudo-random inputs for the property tests */
static double *
inputs (gsize count, double seed)
{
  double *v = g_new (double, count);

  for (gsize i = 0; i < count; i++)
    v[i] = sin (12.9898 * (double) i + seed) * 0.9 + cos (0.61 * (double) i * seed);
  return v;
}

/* A larger, ragged problem (row blocks of 64, strips of 8 and their remainders, two threads)
 * against the formula written as plain loops. */
static void
test_naive (void)
{
  const guint n = 203, d = 100, H = 5, dh = d / H;   /* n·d·(d + n) > 4e6: two threads */
  g_autofree double *x = inputs (n * d, 16.0), *wq = inputs (d * d, 17.0), *wk = inputs (d * d, 18.0), *wv = inputs (d * d, 19.0);
  g_autofree double *w = g_new (double, H * n * n), *o = g_new (double, n * d);
  g_autofree double *q = g_new0 (double, n * d), *k = g_new0 (double, n * d), *v = g_new0 (double, n * d);
  g_autofree double *row = g_new (double, n);

  for (gsize c = 0; c < (gsize) d * d; c++)
    wq[c] /= sqrt (d), wk[c] /= sqrt (d), wv[c] /= sqrt (d);
  g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 0.9, LAB_ATTENTION_MASK_CAUSAL,
                                        LAB_ATTENTION_BIAS_ALIBI, NULL, w, o, NULL, 2, NULL));
  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < d; c++)
      for (guint r = 0; r < d; r++)
        {
          q[i * d + c] += x[i * d + r] * wq[r * d + c];
          k[i * d + c] += x[i * d + r] * wk[r * d + c];
          v[i * d + c] += x[i * d + r] * wv[r * d + c];
        }
  for (guint h = 0; h < H; h++)
    for (guint i = 0; i < n; i++)
      {
        double mx = -INFINITY, sum = 0;

        for (guint j = 0; j <= i; j++)
          {
            double s = 0;

            for (guint c = h * dh; c < (h + 1) * dh; c++)
              s += q[i * d + c] * k[j * d + c];
            row[j] = (s / sqrt (dh) - lab_attention_alibi_slope (h + 1, H) * (i - j)) / 0.9;
            mx = MAX (mx, row[j]);
          }
        for (guint j = 0; j <= i; j++)
          sum += (row[j] = exp (row[j] - mx));
        for (guint j = 0; j < n; j++)
          {
            double want = j <= i ? row[j] / sum : 0;

            topic_test_assert_close (w[((gsize) h * n + i) * n + j], want, 1e-12, 1e-300, "%s[%" G_GSIZE_FORMAT "]", "naive weights", (gsize) (i * n + j));
          }
        for (guint c = h * dh; c < (h + 1) * dh; c++)
          {
            double want = 0;

            for (guint j = 0; j <= i; j++)
              want += row[j] / sum * v[j * d + c];
            topic_test_assert_close (o[i * d + c], want, 1e-12, 1e-14, "%s[%" G_GSIZE_FORMAT "]", "naive output", (gsize) (i * d + c));
          }
      }
}

static void
test_rows_and_mask (void)
{
  const guint n = 37, d = 24, H = 3;
  g_autofree double *x = inputs (n * d, 1.0), *wq = inputs (d * d, 2.0), *wk = inputs (d * d, 3.0), *wv = inputs (d * d, 4.0);
  g_autofree double *w = g_new (double, H * n * n), *o = g_new (double, n * d), *e = g_new (double, H * n);

  for (int causal = 0; causal <= 1; causal++)
    {
      g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 1.0,
                                            causal ? LAB_ATTENTION_MASK_CAUSAL : LAB_ATTENTION_MASK_NONE,
                                            LAB_ATTENTION_BIAS_NONE, NULL, w, o, e, 1, NULL));
      for (guint h = 0; h < H; h++)
        for (guint i = 0; i < n; i++)
          {
            const double *row = w + ((gsize) h * n + i) * n;
            double s = 0;

            for (guint j = 0; j < n; j++)
              {
                g_assert_cmpfloat (row[j], >=, 0);
                if (causal && j > i)
                  g_assert_cmpfloat (row[j], ==, 0.0);
                else
                  g_assert_cmpfloat (row[j], >, 0);
                s += row[j];
              }
            g_assert_cmpfloat_with_epsilon (s, 1.0, 1e-14);
            /* entropy bounds: 0 ≤ H ≤ ln(number of visible keys) */
            g_assert_cmpfloat (e[h * n + i], >=, 0);
            g_assert_cmpfloat (e[h * n + i], <=, log (causal ? i + 1.0 : n) + 1e-12);
          }
      /* the first row of a causal head sees only itself */
      if (causal)
        g_assert_cmpfloat (w[0], ==, 1.0);
    }

  {
    g_autoptr(LabMetrics) m = metrics_ok ("mask=causal tokens=40");

    g_assert_cmpfloat (lab_metrics_get_double (m, "row_sums_max_error"), <, 1e-14);
    g_assert_cmpfloat (lab_metrics_get_double (m, "mean_entropy"), <=, lab_metrics_get_double (m, "max_entropy"));
    g_assert_cmpfloat_with_epsilon (lab_metrics_get_double (m, "max_entropy"), log (40), 1e-15);
    g_assert_cmpfloat (lab_metrics_get_double (m, "tokens"), ==, 40);
    g_assert_cmpfloat (lab_metrics_get_double (m, "d_head"), ==, 16);
  }
}

/* Equal q·k everywhere: ALiBi alone decides, and a farther key must get a lower weight. */
static void
test_alibi_sign (void)
{
  const guint n = 9, d = 8, H = 4;
  g_autofree double *x = g_new (double, n * d), *wq = inputs (d * d, 5.0), *wk = inputs (d * d, 6.0), *wv = inputs (d * d, 7.0);
  g_autofree double *w = g_new (double, H * n * n), *o = g_new (double, n * d);

  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < d; c++)
      x[i * d + c] = 0.3 + 0.1 * c;   /* every token the same */

  g_assert_cmpfloat (lab_attention_alibi_slope (1, 8), ==, 0.5);
  g_assert_cmpfloat (lab_attention_alibi_slope (8, 8), ==, 1.0 / 256);
  g_assert_cmpfloat (lab_attention_alibi_slope (1, 4), ==, 0.25);

  g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 1.0, LAB_ATTENTION_MASK_CAUSAL,
                                        LAB_ATTENTION_BIAS_ALIBI, NULL, w, o, NULL, 1, NULL));
  for (guint h = 0; h < H; h++)
    {
      const double *row = w + ((gsize) h * n + (n - 1)) * n;
      double m = lab_attention_alibi_slope (h + 1, H);

      for (guint j = 1; j < n; j++)
        {
          g_assert_cmpfloat (row[j - 1], <, row[j]);   /* j − 1 is farther from i = n − 1 */
          g_assert_cmpfloat_with_epsilon (row[j - 1] / row[j], exp (-m), 1e-13);
        }
    }
  /* steeper slope (head 1) → more weight on the query's own position */
  g_assert_cmpfloat (w[(gsize) (n - 1) * n + n - 1], >, w[((gsize) (H - 1) * n + n - 1) * n + n - 1]);

  /* without the bias the same tokens are attended uniformly */
  g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 1.0, LAB_ATTENTION_MASK_NONE,
                                        LAB_ATTENTION_BIAS_NONE, NULL, w, o, NULL, 1, NULL));
  for (gsize i = 0; i < H * n * n; i++)
    g_assert_cmpfloat_with_epsilon (w[i], 1.0 / n, 1e-15);
}

static void
test_relative (void)
{
  g_assert_cmpuint (lab_attention_rel_bucket (0), ==, 0);
  g_assert_cmpuint (lab_attention_rel_bucket (3), ==, 3);
  g_assert_cmpuint (lab_attention_rel_bucket (-1), ==, LAB_ATTENTION_REL_BUCKETS / 2 + 1);
  for (int d = 1; d < 600; d++)
    {
      g_assert_cmpuint (lab_attention_rel_bucket (d), >=, lab_attention_rel_bucket (d - 1));
      g_assert_cmpuint (lab_attention_rel_bucket (d), <, LAB_ATTENTION_REL_BUCKETS / 2);
      g_assert_cmpuint (lab_attention_rel_bucket (-d), <, LAB_ATTENTION_REL_BUCKETS);
    }
  {
    g_autoptr(LabMetrics) m = metrics_ok ("bias=relative tokens=50");

    g_assert_cmpfloat (lab_metrics_get_double (m, "row_sums_max_error"), <, 1e-14);
  }
}

static void
test_temperature (void)
{
  const guint n = 31, d = 16, H = 2;
  g_autofree double *x = inputs (n * d, 8.0), *wq = inputs (d * d, 9.0), *wk = inputs (d * d, 10.0), *wv = inputs (d * d, 11.0);
  g_autofree double *w1 = g_new (double, H * n * n), *wc = g_new (double, H * n * n), *o = g_new (double, n * d);
  g_autofree double *e = g_new (double, H * n);
  double mean_max = 0;

  g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 1.0, LAB_ATTENTION_MASK_NONE,
                                        LAB_ATTENTION_BIAS_NONE, NULL, w1, o, NULL, 1, NULL));
  /* τ → 0: the argmax, one-hot */
  g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 1e-4, LAB_ATTENTION_MASK_NONE,
                                        LAB_ATTENTION_BIAS_NONE, NULL, wc, o, e, 1, NULL));
  for (guint r = 0; r < H * n; r++)
    {
      guint a1 = 0, ac = 0;

      for (guint j = 1; j < n; j++)
        {
          if (w1[r * n + j] > w1[r * n + a1])
            a1 = j;
          if (wc[r * n + j] > wc[r * n + ac])
            ac = j;
        }
      g_assert_cmpuint (a1, ==, ac);
      mean_max += wc[r * n + ac] / (H * n);
    }
  g_assert_cmpfloat (mean_max, >, 0.99);
  /* τ → ∞: uniform, entropy ln n */
  g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 1e6, LAB_ATTENTION_MASK_NONE,
                                        LAB_ATTENTION_BIAS_NONE, NULL, wc, o, e, 1, NULL));
  for (guint i = 0; i < H * n * n; i++)
    g_assert_cmpfloat_with_epsilon (wc[i], 1.0 / n, 1e-4);
  for (guint r = 0; r < H * n; r++)
    g_assert_cmpfloat_with_epsilon (e[r], log (n), 1e-6);

  /* through the topic: the slider range's ends */
  {
    g_autoptr(LabMetrics) sharp = metrics_ok ("temperature=0.02");
    g_autoptr(LabMetrics) flat = metrics_ok ("temperature=50");
    g_autoptr(LabMetrics) mid = metrics_ok ("temperature=1");

    g_assert_cmpfloat (lab_metrics_get_double (sharp, "mean_entropy"), <, 0.3 * lab_metrics_get_double (sharp, "max_entropy"));
    g_assert_cmpfloat (lab_metrics_get_double (flat, "mean_entropy"), >, 0.999 * lab_metrics_get_double (flat, "max_entropy"));
    g_assert_cmpfloat (lab_metrics_get_double (sharp, "mean_entropy"), <, lab_metrics_get_double (mid, "mean_entropy"));
    g_assert_cmpfloat (lab_metrics_get_double (mid, "mean_entropy"), <, lab_metrics_get_double (flat, "mean_entropy"));
  }
}

static void
test_divisibility (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = compute ("d-model=30 heads=4", NULL, &error);

  g_assert_null (result);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "d-model=30 is not divisible by heads=4"));
  g_assert_nonnull (strstr (error->message, "d-model=28"));
}

static void
test_determinism (void)
{
  g_autoptr(LabMetrics) a = metrics_ok ("seed=7 tokens=30 sequence=copy");
  g_autoptr(LabMetrics) b = metrics_ok ("seed=7 tokens=30 sequence=copy");
  g_autoptr(LabMetrics) c = metrics_ok ("seed=8 tokens=30 sequence=copy");
  g_autofree char *ja = lab_metrics_to_json (a);
  g_autofree char *jb = lab_metrics_to_json (b);
  g_autofree char *jc = lab_metrics_to_json (c);

  g_assert_cmpstr (ja, ==, jb);
  g_assert_cmpstr (ja, !=, jc);

  /* one thread or two: the same bits */
  {
    const guint n = 200, d = 96, H = 3;
    g_autofree double *x = inputs (n * d, 12.0), *wq = inputs (d * d, 13.0), *wk = inputs (d * d, 14.0), *wv = inputs (d * d, 15.0);
    g_autofree double *w1 = g_new (double, H * n * n), *w2 = g_new (double, H * n * n);
    g_autofree double *o1 = g_new (double, n * d), *o2 = g_new (double, n * d);

    g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 0.7, LAB_ATTENTION_MASK_CAUSAL,
                                          LAB_ATTENTION_BIAS_ALIBI, NULL, w1, o1, NULL, 1, NULL));
    g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 0.7, LAB_ATTENTION_MASK_CAUSAL,
                                          LAB_ATTENTION_BIAS_ALIBI, NULL, w2, o2, NULL, 2, NULL));
    g_assert_cmpmem (w1, H * n * n * sizeof (double), w2, H * n * n * sizeof (double));
    g_assert_cmpmem (o1, n * d * sizeof (double), o2, n * d * sizeof (double));
  }
}

static void
test_click (void)
{
  LabParams *params = NULL;
  g_autoptr(LabResult) result = compute_ok ("tokens=20 heads=4", &params);
  g_autoptr(LabMetrics) m = NULL;

  /* the heatmap's plot row r shows query n − 1 − r (query 0 at the top) */
  g_assert_true (topic->click (result, params, 0, 3.2, 19 - 5 + 0.3));
  g_assert_cmpint (lab_params_get_int (params, "query"), ==, 5);
  g_assert_true (topic->click (result, params, 0, 0, 19));
  g_assert_cmpint (lab_params_get_int (params, "query"), ==, 0);
  g_assert_false (topic->click (result, params, 0, 0, 25));
  g_assert_true (topic->click (result, params, 1, 2.1, 1.0));
  g_assert_cmpint (lab_params_get_int (params, "head"), ==, 3);
  g_assert_false (topic->click (result, params, 1, 7.0, 1.0));
  g_assert_false (topic->click (result, params, 2, 3.0, 0.1));

  /* a head of the grid (tag 100 + index), a column of the similarity matrix (tag 3) */
  g_assert_true (topic->click (result, params, 100 + 3, 1.0, 1.0));
  g_assert_cmpint (lab_params_get_int (params, "head"), ==, 4);
  g_assert_false (topic->click (result, params, 100 + 4, 1.0, 1.0));
  g_assert_true (topic->click (result, params, 3, 1.2, 0.0));
  g_assert_cmpint (lab_params_get_int (params, "head"), ==, 2);
  g_assert_true (topic->click (result, params, 1, 2.1, 1.0));

  m = lab_topic_get_metrics (topic, result, params);
  g_assert_cmpfloat (lab_metrics_get_double (m, "query"), ==, 0);
  g_assert_cmpfloat (lab_metrics_get_double (m, "head"), ==, 3);
  g_assert_true (lab_metrics_has (m, "top_key"));
  g_assert_true (lab_metrics_has (m, "top_weight"));
  g_object_unref (params);
}

static void
test_presets (void)
{
  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabFigure) figure = NULL;
      g_autoptr(LabMetrics) m = NULL;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 400);
      cairo_t *cr = cairo_create (surface);

      g_assert_true (lab_topic_apply_preset (topic, params, i, &error));
      g_assert_no_error (error);
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      figure = lab_topic_build_figure (topic, result, params, NULL);
      lab_figure_render (figure, cr, 640, 400, lab_theme_dark ());
      m = lab_topic_get_metrics (topic, result, params);
      /* the KV-cache preset computes no attention */
      if (lab_metrics_has (m, "tokens"))
        g_assert_cmpfloat (lab_metrics_get_double (m, "row_sums_max_error"), <, 1e-14);
      else
        g_assert_true (lab_metrics_has (m, "kv_cache_bytes"));
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

static void
test_cancel (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;

  g_cancellable_cancel (cancellable);
  result = lab_topic_compute (topic, params, NULL, NULL, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_explanation (void)
{
  g_autofree char *explanation = topic_test_explanation (topic);
  g_autoptr(GError) error = NULL;

  g_assert_true (pango_parse_markup (explanation, -1, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* ERRATA 3.8.3: a penalty, the slopes, who uses it; 3.3.1: the roles in cross-attention */
  g_assert_nonnull (strstr (explanation, "− m<sub>h</sub>·(i − j) for j ≤ i"));
  g_assert_nonnull (strstr (explanation, "2<sup>−8h/H</sup>"));
  g_assert_nonnull (strstr (explanation, "BLOOM and MPT"));
  g_assert_nonnull (strstr (explanation, "not by LLaMA-2"));
  g_assert_nonnull (strstr (explanation, "the queries come from the decoder"));
  g_assert_nonnull (strstr (explanation, "keys and values from the encoder"));
  g_assert_cmpint (topic->chapter, ==, LAB_CHAPTER_TRANSFORMERS);
  g_assert_cmpstr (topic->sections, ==, "§3.1–3.3, §3.5, §3.6, §3.8");
  /* ERRATA 3.5.4 (Linformer along the sequence), 3.5.1 (who uses GQA), the Performer's normaliser,
   * MLA's cache, RoPE's offset identity, the fully masked row */
  g_assert_nonnull (strstr (explanation, "K′ = E·K and V′ = F·V with E, F of size k × n"));
  g_assert_nonnull (strstr (explanation, "GPT-2 and GPT-3 use plain multi-head attention"));
  g_assert_nonnull (strstr (explanation, "D = diag(φ(Q)(φ(K)ᵀ1))"));
  g_assert_nonnull (strstr (explanation, "layers · batch · seq · (d<sub>c</sub> + d<sub>h</sub><sup>R</sup>) · bytes"));
  g_assert_nonnull (strstr (explanation, "R<sub>i</sub>ᵀR<sub>j</sub> = R<sub>j−i</sub>"));
  g_assert_nonnull (strstr (explanation, "all-zero weights, entropy 0"));
}

static void
test_suggest_range (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabResult) result = NULL;
  double lo, hi;

  g_assert_true (lab_params_apply_assignments (params, "tokens=24 heads=4 d-model=64", NULL));
  result = lab_topic_compute (topic, params, NULL, NULL, NULL, NULL);
  g_assert_nonnull (result);
  g_assert_true (topic->suggest_range (result, lab_params_find (params, "head"), &lo, &hi));
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 4);
  g_assert_true (topic->suggest_range (result, lab_params_find (params, "query"), &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 23);
  g_assert_false (topic->suggest_range (result, lab_params_find (params, "temperature"), &lo, &hi));
}


/* ------------------------------------------------------------------ */
/* second pass (issue 17) */

/* the topic's --json for @assignments (figure rendered first), parsed */
static JsonObject *
json_ok (const char *assignments, JsonParser **parser_out)
{
  g_autoptr(LabMetrics) m = metrics_ok (assignments);
  g_autofree char *text = lab_metrics_to_json (m);
  JsonParser *parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  *parser_out = parser;
  return json_node_get_object (json_parser_get_root (parser));
}

static double
matrix_at (JsonObject *o, const char *key, guint i, guint j)
{
  JsonArray *rows = json_object_get_array_member (o, key);
  JsonNode *cell = json_array_get_element (json_array_get_array_element (rows, i), j);

  return JSON_NODE_HOLDS_NULL (cell) ? NAN : json_node_get_double (cell);
}

static LabAttentionPosition
position_of (const char *name)
{
  return g_str_equal (name, "rope") ? LAB_ATTENTION_POSITION_ROPE
         : g_str_equal (name, "alibi") ? LAB_ATTENTION_POSITION_ALIBI : LAB_ATTENTION_POSITION_NONE;
}

static void
test_v2_reference (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (att2_cases); c++)
    {
      const Att2Case *rc = &att2_cases[c];
      gsize n = rc->n, d = rc->d_model, H = rc->heads;
      LabAttentionConfig cfg = {
        .n = rc->n, .d_model = rc->d_model, .heads = rc->heads, .kv_heads = rc->kv_heads,
        .temperature = ATT2_TEMPERATURE,
        .mask = g_str_equal (rc->mask, "causal") ? LAB_ATTENTION_MASK_CAUSAL : LAB_ATTENTION_MASK_NONE,
        .position = position_of (rc->position), .rope_base = rc->rope_base,
        .scale = rc->scale, .qk_norm = rc->qk_norm, .qk_gain = rc->qk_gain,
      };
      g_autofree double *raw = g_new (double, H * n * n), *w = g_new (double, H * n * n);
      g_autofree double *o = g_new (double, n * d), *e = g_new (double, H * n);

      g_test_message ("%s", rc->name);
      for (guint threads = 1; threads <= 2; threads++)
        {
          g_assert_true (lab_attention_forward_full (&cfg, rc->x, rc->wq, rc->wk, rc->wv, raw, w, o, e, NULL, threads, NULL));
          for (gsize i = 0; i < H * n * n; i++)
            {
              topic_test_assert_close (raw[i], rc->raw[i], 1e-12, 1e-13, "%s raw[%" G_GSIZE_FORMAT "]", rc->name, i);
              topic_test_assert_close (w[i], rc->weights[i], 1e-12, 1e-300, "%s weights[%" G_GSIZE_FORMAT "]", rc->name, i);
            }
          for (gsize i = 0; i < n * d; i++)
            topic_test_assert_close (o[i], rc->output[i], 1e-12, 1e-14, "%s output[%" G_GSIZE_FORMAT "]", rc->name, i);
        }
    }
}

static void
test_alibi_slopes (void)
{
  for (guint h = 1; h <= 8; h++)
    g_assert_cmpfloat (lab_attention_alibi_slope (h, 8), ==, att2_alibi_slopes_8[h - 1]);
  /* 12 heads: the 8 slopes of 8 heads, then slopes 1, 3, 5, 7 of 16 heads (2^−0.5, 2^−1.5, …) */
  for (guint h = 1; h <= 12; h++)
    topic_test_assert_close (lab_attention_alibi_slope (h, 12), att2_alibi_slopes_12[h - 1], 1e-15, 0,
                             "slope %u of 12", h);
  /* the topic's JSON */
  {
    g_autoptr(JsonParser) p = NULL;
    JsonObject *o = json_ok ("position=alibi heads=12 d-model=96 mask=causal", &p);
    JsonArray *a = json_object_get_array_member (o, "alibi_slopes");

    g_assert_cmpuint (json_array_get_length (a), ==, 12);
    for (guint h = 0; h < 12; h++)
      topic_test_assert_close (json_array_get_double_element (a, h), att2_alibi_slopes_12[h], 1e-15, 0, "json slope %u", h);
    g_assert_false (json_object_has_member (json_ok ("position=rope", &p) , "alibi_slopes"));
  }
}

static void
test_kernels_reference (void)
{
  const guint n = ATT2_K_N, d = ATT2_K_D;
  g_autofree double *a = g_new (double, n * n), *out = g_new (double, n * d);

  lab_attention_performer (att2_k_q, d, att2_k_k, d, n, d, ATT2_K_C, att2_k_omega, ATT2_K_M, FALSE, a);
  for (guint i = 0; i < n * n; i++)
    topic_test_assert_close (a[i], att2_k_performer[i], 1e-12, 1e-16, "performer[%u]", i);
  lab_attention_performer (att2_k_q, d, att2_k_k, d, n, d, ATT2_K_C, att2_k_omega, ATT2_K_M, TRUE, a);
  for (guint i = 0; i < n * n; i++)
    topic_test_assert_close (a[i], att2_k_performer_causal[i], 1e-12, 1e-16, "performer causal[%u]", i);
  lab_attention_linformer (att2_k_q, d, att2_k_k, d, att2_k_v, d, n, d, ATT2_K_C, att2_k_e, att2_k_f, ATT2_K_RANK,
                           a, out, d);
  for (guint i = 0; i < n * n; i++)
    topic_test_assert_close (a[i], att2_k_linformer_weights[i], 1e-12, 1e-15, "linformer weights[%u]", i);
  for (guint i = 0; i < n * d; i++)
    topic_test_assert_close (out[i], att2_k_linformer_output[i], 1e-12, 1e-15, "linformer output[%u]", i);

  /* orthogonal features: rows within a block orthogonal */
  {
    const guint m = 20, dd = 8;
    g_autofree double *om = g_new (double, m * dd);

    lab_attention_performer_features (m, dd, TRUE, 7, om);
    for (guint r = 0; r < dd; r++)
      for (guint s2 = r + 1; s2 < dd; s2++)
        {
          double dot = 0;

          for (guint j = 0; j < dd; j++)
            dot += om[r * dd + j] * om[s2 * dd + j];
          g_assert_cmpfloat (fabs (dot), <, 1e-10);
        }
  }
}

static void
test_kv_cache (void)
{
  LabKvCacheBytes kv;

  lab_attention_kv_cache_bytes (32, 4096, 1, 2, 4096, 32, 8, 512, 64, &kv);
  g_assert_cmpfloat (kv.mha, ==, ATT2_KV_MHA);
  g_assert_cmpfloat (kv.gqa, ==, ATT2_KV_GQA);
  g_assert_cmpfloat (kv.mqa, ==, ATT2_KV_MQA);
  g_assert_cmpfloat (kv.mla, ==, ATT2_KV_MLA);
  /* kv-heads 0 means MHA; batch and bytes scale linearly */
  lab_attention_kv_cache_bytes (32, 4096, 3, 4, 4096, 32, 0, 512, 64, &kv);
  g_assert_cmpfloat (kv.gqa, ==, kv.mha);
  g_assert_cmpfloat (kv.mha, ==, 6.0 * ATT2_KV_MHA);

  /* the preset, through the topic: heads 32 and d-model 4096 are fine in this view */
  for (guint i = 0; i < topic->n_presets; i++)
    if (g_str_equal (topic->presets[i].name, "KV cache of a 7B model"))
      {
        g_autoptr(JsonParser) p = NULL;
        JsonObject *o = json_ok (topic->presets[i].assignments, &p);
        JsonObject *b = json_object_get_object_member (o, "kv_cache_bytes");

        g_assert_cmpfloat (json_object_get_double_member (b, "mha"), ==, ATT2_KV_MHA);
        g_assert_cmpfloat (json_object_get_double_member (b, "gqa"), ==, ATT2_KV_GQA);
        g_assert_cmpfloat (json_object_get_double_member (b, "mqa"), ==, ATT2_KV_MQA);
        g_assert_cmpfloat (json_object_get_double_member (b, "mla"), ==, ATT2_KV_MLA);
        return;
      }
  g_assert_not_reached ();
}

static void
test_softmax (void)
{
  double a[4] = { 1000, 0, 0, 0 };
  double m[3] = { -INFINITY, -INFINITY, -INFINITY };
  double b[3] = { 1e300, -1e300, 1e300 };
  double e;

  e = lab_attention_softmax_row (a, 4);
  g_assert_cmpfloat (a[0], ==, 1.0);
  g_assert_cmpfloat (a[1], ==, 0.0);
  g_assert_cmpfloat (a[2], ==, 0.0);
  g_assert_cmpfloat (a[3], ==, 0.0);
  g_assert_cmpfloat (e, ==, 0.0);
  /* every key masked: a row of zeros, entropy 0 (documented, finite) */
  e = lab_attention_softmax_row (m, 3);
  g_assert_cmpfloat (m[0], ==, 0.0);
  g_assert_cmpfloat (m[2], ==, 0.0);
  g_assert_cmpfloat (e, ==, 0.0);
  /* huge logits do not overflow */
  e = lab_attention_softmax_row (b, 3);
  g_assert_cmpfloat (b[0], ==, 0.5);
  g_assert_cmpfloat (b[1], ==, 0.0);
  g_assert_cmpfloat_with_epsilon (e, log (2), 1e-15);
}

/* RoPE: two identical tokens score by their offset only */
static void
test_rope_offset (void)
{
  g_autoptr(JsonParser) p = NULL, ps = NULL;
  const char *ten = "text='a a a a a a a a a a' query=0 heads=2 d-model=16";
  g_autofree char *rope = g_strdup_printf ("%s position=rope", ten);
  g_autofree char *sin = g_strdup_printf ("%s position=sinusoidal", ten);
  JsonObject *o = json_ok (rope, &p), *os = json_ok (sin, &ps);
  double worst_sin = 0;

  for (guint h = 1; h <= 2; h++)
    {
      g_autofree char *a = g_strdup_printf ("%s position=rope head=%u", ten, h);
      g_autoptr(JsonParser) ph = NULL;
      JsonObject *oh = json_ok (a, &ph);

      for (guint i = 0; i + 1 < 10; i++)
        for (guint j = 0; j + 1 < 10; j++)
          topic_test_assert_close (matrix_at (oh, "scores", i + 1, j + 1), matrix_at (oh, "scores", i, j), 1e-12, 1e-12,
                                   "head %u scores[%u][%u] shifted", h, i, j);
    }
  /* the sinusoidal code added to the embeddings does not have this property */
  for (guint i = 0; i + 1 < 10; i++)
    for (guint j = 0; j + 1 < 10; j++)
      worst_sin = MAX (worst_sin, fabs (matrix_at (os, "scores", i + 1, j + 1) - matrix_at (os, "scores", i, j)));
  g_assert_cmpfloat (worst_sin, >, 1e-3);
  g_assert_cmpint (json_object_get_int_member (o, "tokens"), ==, 10);
}

static void
test_text (void)
{
  g_autoptr(JsonParser) p = NULL;
  JsonObject *o = json_ok ("text='the cat sat on the mat' position=none query=0 heads=4", &p);
  JsonArray *tl = json_object_get_array_member (o, "token_list");
  static const char *words[] = { "the", "cat", "sat", "on", "the", "mat" };

  g_assert_cmpint (json_object_get_int_member (o, "tokens"), ==, 6);
  g_assert_cmpuint (json_array_get_length (tl), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (json_array_get_string_element (tl, i), ==, words[i]);
  /* both “the” have the same embedding: without positions, the same row and column */
  for (guint j = 0; j < 6; j++)
    {
      g_assert_cmpfloat (matrix_at (o, "weights", 0, j), ==, matrix_at (o, "weights", 4, j));
      g_assert_cmpfloat (matrix_at (o, "scores", j, 0), ==, matrix_at (o, "scores", j, 4));
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "row_entropy")), ==, 6);
  /* the same word in another sentence keeps its vector: “the” attends to itself alike */
  {
    g_autoptr(JsonParser) p2 = NULL;
    JsonObject *o2 = json_ok ("text='the the' position=none query=0 heads=4", &p2);

    g_assert_cmpfloat (matrix_at (o2, "scores", 0, 1), ==, matrix_at (o, "scores", 0, 4));
  }
  /* too long */
  {
    g_autoptr(GString) t = g_string_new ("text='");
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) r = NULL;

    for (guint i = 0; i < 513; i++)
      g_string_append (t, "w ");
    g_string_append_c (t, '\'');
    r = compute (t->str, NULL, &error);
    g_assert_null (r);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "text has 513 tokens"));
  }
}

static void
test_scores_masked (void)
{
  g_autoptr(JsonParser) p = NULL;
  JsonObject *o = json_ok ("mask=causal tokens=6 query=0", &p);

  for (guint i = 0; i < 6; i++)
    for (guint j = 0; j < 6; j++)
      {
        if (j > i)
          g_assert_true (isnan (matrix_at (o, "scores", i, j)));
        else
          g_assert_true (isfinite (matrix_at (o, "scores", i, j)));
        if (j > i)
          g_assert_cmpfloat (matrix_at (o, "weights", i, j), ==, 0.0);
      }
}

static void
test_scale_and_qk_norm (void)
{
  /* d_k = 64: without 1/√d_k the logits are 8 times larger and the rows saturate */
  g_autoptr(LabMetrics) on = metrics_ok ("d-model=256 heads=4 tokens=32 position=none");
  g_autoptr(LabMetrics) off = metrics_ok ("d-model=256 heads=4 tokens=32 position=none scale=false");

  g_assert_cmpfloat (lab_metrics_get_double (off, "mean_entropy"), <, 0.5 * lab_metrics_get_double (on, "mean_entropy"));
  /* QK-norm: |q̂·k̂| ≤ d_head, so the logits are bounded by qk-gain·√d_k */
  {
    g_autoptr(JsonParser) p = NULL;
    JsonObject *o = json_ok ("qk-norm=true qk-gain=1 d-model=64 heads=4 tokens=20 position=none query=0", &p);
    double worst = 0;

    for (guint i = 0; i < 20; i++)
      for (guint j = 0; j < 20; j++)
        worst = MAX (worst, fabs (matrix_at (o, "scores", i, j)));
    g_assert_cmpfloat (worst, <=, sqrt (16.0) + 1e-9);
    g_assert_cmpfloat (worst, >, 1.0);
  }
}

static void
test_gqa (void)
{
  /* kv-heads = heads is MHA, bit for bit */
  g_autoptr(LabMetrics) a = metrics_ok ("heads=4 kv-heads=4 tokens=20 mask=causal");
  g_autoptr(LabMetrics) b = metrics_ok ("heads=4 kv-heads=0 tokens=20 mask=causal");
  g_autofree char *ja = lab_metrics_to_json (a), *jb = lab_metrics_to_json (b);

  g_assert_cmpstr (ja, ==, jb);
  /* through the engine: forward_full with kv_heads = heads equals the first pass's forward */
  {
    const guint n = 23, d = 24, H = 4;
    g_autofree double *x = inputs (n * d, 21.0), *wq = inputs (d * d, 22.0), *wk = inputs (d * d, 23.0), *wv = inputs (d * d, 24.0);
    g_autofree double *w1 = g_new (double, H * n * n), *w2 = g_new (double, H * n * n);
    g_autofree double *o1 = g_new (double, n * d), *o2 = g_new (double, n * d);
    LabAttentionConfig cfg = { .n = n, .d_model = d, .heads = H, .kv_heads = H, .temperature = 1,
                               .mask = LAB_ATTENTION_MASK_CAUSAL, .position = LAB_ATTENTION_POSITION_NONE,
                               .rope_base = 1e4, .scale = TRUE, .qk_gain = 1 };

    g_assert_true (lab_attention_forward (x, wq, wk, wv, n, d, H, 1.0, LAB_ATTENTION_MASK_CAUSAL,
                                          LAB_ATTENTION_BIAS_NONE, NULL, w1, o1, NULL, 1, NULL));
    g_assert_true (lab_attention_forward_full (&cfg, x, wq, wk, wv, NULL, w2, o2, NULL, NULL, 1, NULL));
    g_assert_cmpmem (w1, H * n * n * sizeof (double), w2, H * n * n * sizeof (double));
    g_assert_cmpmem (o1, n * d * sizeof (double), o2, n * d * sizeof (double));

    /* MQA: one key for all heads; with W_Q's head slices equal, every head's weights are equal */
    {
      const guint dh = d / H;
      g_autofree double *wq1 = g_new (double, d * d), *wk1 = inputs (d * dh, 25.0), *wv1 = inputs (d * dh, 26.0);

      for (guint r = 0; r < d; r++)
        for (guint c = 0; c < d; c++)
          wq1[r * d + c] = wq[r * d + c % dh];
      cfg.kv_heads = 1;
      g_assert_true (lab_attention_forward_full (&cfg, x, wq1, wk1, wv1, NULL, w2, o2, NULL, NULL, 2, NULL));
      for (guint h = 1; h < H; h++)
        g_assert_cmpmem (w2, n * n * sizeof (double), w2 + (gsize) h * n * n, n * n * sizeof (double));
    }
  }
  /* errors */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) r = compute ("heads=4 kv-heads=3", NULL, &error);

    g_assert_null (r);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "kv-heads=3 must divide heads=4"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) r = compute ("heads=32 d-model=256", NULL, &error);

    g_assert_null (r);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "at most heads=16"));
  }
}

static double
approx_error (const char *assignments, const char *which)
{
  g_autoptr(JsonParser) p = NULL;
  JsonObject *o = json_ok (assignments, &p);

  return json_object_get_double_member (json_object_get_object_member (o, "approx_error"), which);
}

static void
test_performer_shrinks (void)
{
  double e_small = 0, e_large = 0;

  for (guint seed = 1; seed <= 4; seed++)
    {
      /* τ = 3 keeps ‖√c·q‖ moderate: the estimator's variance grows like exp(‖q + k‖²·c) */
      g_autofree char *a = g_strdup_printf ("kernel=performer features=8 seed=%u tokens=24 position=none temperature=3", seed);
      g_autofree char *b = g_strdup_printf ("kernel=performer features=2048 seed=%u tokens=24 position=none temperature=3", seed);

      e_small += approx_error (a, "output") / 4;
      e_large += approx_error (b, "output") / 4;
    }
  g_test_message ("performer output error: m = 8 %.4g, m = 2048 %.4g", e_small, e_large);
  g_assert_cmpfloat (e_large, <, 0.5 * e_small);
  /* causal works, and the weights still sum to 1 in every row (checked by the reference) */
  g_assert_cmpfloat (approx_error ("kernel=performer features=2048 mask=causal tokens=24 position=none temperature=3", "output"), <,
                     approx_error ("kernel=performer features=8 mask=causal tokens=24 position=none temperature=3", "output"));
}

static void
test_linformer (void)
{
  g_assert_cmpfloat (approx_error ("kernel=linformer projection=identity rank=24 tokens=24 position=rope", "weights"), <, 1e-12);
  g_assert_cmpfloat (approx_error ("kernel=linformer projection=identity rank=24 tokens=24 position=rope", "output"), <, 1e-12);
  g_assert_cmpfloat (approx_error ("kernel=linformer projection=random rank=4 tokens=24", "weights"), >, 1e-3);
  {
    static const struct { const char *a, *msg; } bad[] = {
      { "kernel=linformer projection=identity rank=8 tokens=24", "projection=identity needs rank = n = 24" },
      { "kernel=linformer rank=30 tokens=24", "rank=30 is more than the n = 24 keys" },
      { "kernel=linformer mask=causal", "kernel=linformer takes mask=none" },
      { "kernel=performer position=alibi", "kernel=performer approximates exp(q·k)" },
      { "kernel=linformer bias=relative", "kernel=linformer approximates exp(q·k)" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(LabResult) r = compute (bad[i].a, NULL, &error);

        g_assert_null (r);
        g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
        if (strstr (error->message, bad[i].msg) == NULL)
          g_error ("%s: %s", bad[i].a, error->message);
      }
  }
}

static void
test_bias_alias (void)
{
  g_autoptr(LabMetrics) a = metrics_ok ("bias=alibi mask=causal heads=8 tokens=20");
  g_autoptr(LabMetrics) b = metrics_ok ("position=alibi mask=causal heads=8 tokens=20");
  g_autoptr(LabMetrics) c = metrics_ok ("bias=relative tokens=20");
  g_autoptr(LabMetrics) d = metrics_ok ("position=relative tokens=20");
  g_autofree char *ja = lab_metrics_to_json (a), *jb = lab_metrics_to_json (b);
  g_autofree char *jc = lab_metrics_to_json (c), *jd = lab_metrics_to_json (d);

  g_assert_cmpstr (ja, ==, jb);
  g_assert_cmpstr (jc, ==, jd);
}

/* ---- source=data ---- */

static LabResult *
compute_data (const char *csv, const char *assignments, GError **error)
{
  g_autoptr(LabDataset) data = topic_test_load_text (csv);
  g_autoptr(LabParams) params = lab_topic_new_params (topic);

  g_assert_true (lab_params_apply_assignments (params, "source=data", NULL));
  if (assignments != NULL)
    g_assert_true (lab_params_apply_assignments (params, assignments, NULL));
  return lab_topic_compute (topic, params, data, NULL, NULL, error);
}

static void
test_data (void)
{
  /* header of key tokens, first column of query tokens */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabDataset) data = topic_test_load_text ("query,the,cat,sat\nthe,1,0,0\ncat,0.5,0.5,0\nsat,0.2,0.3,0.5\n");
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabResult) r = NULL;
    g_autoptr(LabMetrics) m = NULL;
    g_autoptr(LabFigure) fig = NULL;

    g_assert_true (lab_params_apply_assignments (params, "source=data query=2", NULL));
    r = lab_topic_compute (topic, params, data, NULL, NULL, &error);
    g_assert_no_error (error);
    fig = topic_test_render_ok (topic, r, params, 1280, 800);
    m = lab_topic_get_metrics (topic, r, params);
    g_assert_cmpfloat (lab_metrics_get_double (m, "tokens"), ==, 3);
    g_assert_cmpfloat (lab_metrics_get_double (m, "top_key"), ==, 2);
    g_assert_cmpfloat (lab_metrics_get_double (m, "top_weight"), ==, 0.5);
    topic_test_assert_close (lab_metrics_get_double (m, "query_entropy"),
                             -(0.2 * log (0.2) + 0.3 * log (0.3) + 0.5 * log (0.5)), 1e-14, 0, "entropy");
    {
      g_autofree char *json = lab_metrics_to_json (m);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      JsonArray *tl;

      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      tl = json_object_get_array_member (o, "token_list");
      g_assert_cmpstr (json_array_get_string_element (tl, 1), ==, "cat");
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o, "key_token_list"), 2), ==, "sat");
      g_assert_false (json_object_has_member (o, "scores"));   /* a weights file has no logits */
      g_assert_cmpfloat (matrix_at (o, "weights", 2, 1), ==, 0.3);
    }
  }
  /* no header: plain numbers */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) r = compute_data ("0.25,0.75\n1,0\n", "query=0", &error);

    g_assert_no_error (error);
  }
  /* logits: the softmax applied; [1000, 0, 0, 0] exactly one-hot */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabDataset) data = topic_test_load_text ("1000,0,0,0\n0,0,0,0\n1,2,3,4\n-5,-5,-5,-5\n");
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(LabResult) r = NULL;
    g_autoptr(LabMetrics) m = NULL;
    g_autofree char *json = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *o;

    g_assert_true (lab_params_apply_assignments (params, "source=data input=logits query=0", NULL));
    r = lab_topic_compute (topic, params, data, NULL, NULL, &error);
    g_assert_no_error (error);
    m = lab_topic_get_metrics (topic, r, params);
    json = lab_metrics_to_json (m);
    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpfloat (matrix_at (o, "weights", 0, 0), ==, 1.0);
    g_assert_cmpfloat (matrix_at (o, "weights", 0, 1), ==, 0.0);
    g_assert_cmpfloat (matrix_at (o, "weights", 1, 2), ==, 0.25);
    g_assert_cmpfloat (matrix_at (o, "scores", 2, 3), ==, 4.0);
    g_assert_cmpfloat (lab_metrics_get_double (m, "row_sums_max_error"), <, 1e-15);
  }
  /* every error path */
  {
    static const struct { const char *csv, *assign, *msg; int code; } bad[] = {
      { "0.5,0.5\n0.5,0.4\n", NULL, "test.csv:2: row 1 (query “1”) sums to 0.9", LAB_ERROR_DATA },
      { "q,a,b\nx,0.5,0.5\ny,0.7,0.31\n", NULL, "test.csv:3: row 1 (query “y”) sums to 1.01", LAB_ERROR_DATA },
      { "1.5,-0.5\n0.5,0.5\n", NULL, "test.csv:1:5: the weight -0.5 is negative", LAB_ERROR_DATA },
      { "0.5,0.5\n0.5,abc\n", NULL, "test.csv:2:5: expected a number (a weight), found “abc”", LAB_ERROR_DATA },
      { "0.5,0.5\n0.5,\n", NULL, "test.csv:2:5: a missing or infinite value", LAB_ERROR_DATA },
      { "0.5,0.5\n0.5,\n", "input=logits", "test.csv:2:5: a missing or infinite value", LAB_ERROR_DATA },
      { "0.5,0.5\n0.5,0.5\n1,0\n", NULL, "3 query rows but 2 key columns", LAB_ERROR_DATA },
      { "the,cat\n", NULL, "test.csv: no matrix", LAB_ERROR_DATA },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(LabResult) r = compute_data (bad[i].csv, bad[i].assign, &error);

        g_assert_null (r);
        g_assert_error (error, LAB_ERROR, bad[i].code);
        if (strstr (error->message, bad[i].msg) == NULL)
          g_error ("case %u: want “%s” in “%s”", i, bad[i].msg, error->message);
      }
  }
  /* more than 512 tokens */
  {
    g_autoptr(GString) csv = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) r = NULL;

    for (guint i = 0; i < 513; i++)
      for (guint j = 0; j < 513; j++)
        g_string_append (csv, j == i ? (j + 1 < 513 ? "1," : "1\n") : (j + 1 < 513 ? "0," : "0\n"));
    r = compute_data (csv->str, NULL, &error);
    g_assert_null (r);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
    g_assert_nonnull (strstr (error->message, "513 tokens: the heatmaps take at most 512"));
  }
  /* source=data without a file */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) r = compute ("source=data", NULL, &error);

    g_assert_null (r);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "source=data needs a dataset"));
  }
}

/* the panel asks for the metrics on every view change: at 512 tokens they hold two 512 × 512
 * matrices; report what that costs (not asserted: the machine is shared) */
static void
test_metrics_cost (void)
{
  LabParams *params = NULL;
  g_autoptr(LabResult) r = compute_ok ("tokens=512 heads=8 d-model=512 query=0", &params);
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, r, params);

      g_assert_true (lab_metrics_has (m, "scores"));
    }
  g_test_message ("metrics at 512 tokens: %.1f ms each", (g_get_monotonic_time () - t0) / 5000.0);
  g_object_unref (params);
}

/* every view draws, with every kernel and the data mode */
static void
test_views (void)
{
  static const char *const views[] = { "head", "grid", "pipeline", "entropy", "similarity", "positions", "error", "kv-cache" };
  static const char *const extra[] = { "", "kernel=performer", "kernel=linformer rank=6", "position=rope mask=causal heads=8 kv-heads=2",
                                       "position=alibi heads=12 d-model=96", "text='to be or not to be' query=3" };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    for (guint e = 0; e < G_N_ELEMENTS (extra); e++)
      {
        g_autofree char *a = g_strdup_printf ("view=%s %s", views[v], extra[e]);
        LabParams *params = NULL;
        g_autoptr(LabResult) r = compute_ok (a, &params);
        g_autoptr(LabFigure) f = topic_test_render_ok (topic, r, params, 1280, 800);
        g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, r, params);

        g_assert_cmpuint (lab_figure_get_n_axes (f), >=, 1);
        g_object_unref (params);
      }
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("attention");
  g_assert_nonnull (topic);

  g_test_add_func ("/topics/attention/reference", test_reference);
  g_test_add_func ("/topics/attention/suggest-range", test_suggest_range);
  g_test_add_func ("/topics/attention/naive", test_naive);
  g_test_add_func ("/topics/attention/rows-and-mask", test_rows_and_mask);
  g_test_add_func ("/topics/attention/alibi-sign", test_alibi_sign);
  g_test_add_func ("/topics/attention/relative", test_relative);
  g_test_add_func ("/topics/attention/temperature", test_temperature);
  g_test_add_func ("/topics/attention/divisibility", test_divisibility);
  g_test_add_func ("/topics/attention/determinism", test_determinism);
  g_test_add_func ("/topics/attention/click", test_click);
  g_test_add_func ("/topics/attention/presets", test_presets);
  g_test_add_func ("/topics/attention/cancel", test_cancel);
  g_test_add_func ("/topics/attention/explanation", test_explanation);
  g_test_add_func ("/topics/attention/v2-reference", test_v2_reference);
  g_test_add_func ("/topics/attention/alibi-slopes", test_alibi_slopes);
  g_test_add_func ("/topics/attention/kernels-reference", test_kernels_reference);
  g_test_add_func ("/topics/attention/kv-cache", test_kv_cache);
  g_test_add_func ("/topics/attention/softmax", test_softmax);
  g_test_add_func ("/topics/attention/rope-offset", test_rope_offset);
  g_test_add_func ("/topics/attention/text", test_text);
  g_test_add_func ("/topics/attention/scores-masked", test_scores_masked);
  g_test_add_func ("/topics/attention/scale-and-qk-norm", test_scale_and_qk_norm);
  g_test_add_func ("/topics/attention/gqa", test_gqa);
  g_test_add_func ("/topics/attention/performer-shrinks", test_performer_shrinks);
  g_test_add_func ("/topics/attention/linformer", test_linformer);
  g_test_add_func ("/topics/attention/bias-alias", test_bias_alias);
  g_test_add_func ("/topics/attention/data", test_data);
  g_test_add_func ("/topics/attention/views", test_views);
  g_test_add_func ("/topics/attention/metrics-cost", test_metrics_cost);
  return g_test_run ();
}
