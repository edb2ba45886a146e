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

#include <pango/pango.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "topic-test.h"
#include "attention/attention.h"
#include "attention-reference.h"

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

  g_assert_cmpuint (lab_figure_get_n_axes (figure), >=, 3);
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
      g_assert_cmpfloat (lab_metrics_get_double (m, "row_sums_max_error"), <, 1e-14);
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
  g_assert_cmpstr (topic->sections, ==, "§3.1–3.3, §3.6, §3.8");
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
  return g_test_run ();
}
