/* neural-network-lanes.h: the training's inner pass with rows side by side in vector lanes,
 * written once and compiled twice by neural-network-compute.c (SSE2, two lanes: every x86-64
 * and any other processor through GCC's generic vectors; AVX2, four lanes, chosen at run time
 * where the processor has it). The including file defines:
 *
 *   LANES        the number of lanes, 2 or 4
 *   LANES_V      a GCC vector of LANES doubles, LANES_VI of as many gint64
 *   LANES_FN(f)  the name of function f in this width
 *   LANES_ATTR   the target attribute of the width, or nothing
 *
 * Both widths do, lane by lane, the operations of the row-at-a-time pass in the same order (no
 * fused multiply–add: the AVX2 target does not enable FMA), so they give the same bits
 * (tested).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* tanh, the training's costliest call, a vector at a time and without a branch (glibc's exp
 * and expm1 are scalar calls, and the choice between them on |z| < 0.5 was mispredicted on a
 * layer's mixed pre-activations). For a = |z|: tanh a = −m/(m + 2) with m = expm1(−2a), free
 * of cancellation for small a. m from x = −2a = k ln 2 + r, |r| ≤ ½ ln 2 (Cody–Waite: ln 2 in
 * two parts, so k·ln2_hi is exact), expm1 r by its Taylor series to r¹³ (the next term is below
 * 1e-17 of r) in Estrin's scheme (pairs of terms, then pairs of pairs: a quarter of Horner's
 * latency), then m = 2ᵏ·expm1 r + (2ᵏ − 1). Within 3 ulp of glibc's tanh (tested). */
LANES_ATTR static inline LANES_V
LANES_FN (tanh_v) (LANES_V z)
{
  const LANES_V zero = { 0 }, limit = zero + 20;   /* past 20, tanh is 1 to the last bit */
  const LANES_VI sign = (LANES_VI) { 0 } + G_MININT64;
  const double magic = 0x1.8p52;                  /* x + magic: x rounded to an integer, in the low bits */
  LANES_VI zi = (LANES_VI) z, big, nan_mask, ti;
  LANES_V a, x, kf, r, r2, r4, r8, p, s, m, t;

  a = (LANES_V) (zi & ~sign);
  big = ~(a < limit);                             /* also NaN, which compares false */
  nan_mask = z != z;
  a = (LANES_V) (((LANES_VI) a & ~big) | ((LANES_VI) limit & big));
  x = -2 * a;
  kf = x * 0x1.71547652b82fep0 + magic;           /* k = round (x / ln 2) */
  s = (LANES_V) (((LANES_VI) kf + 1023) << 52);   /* 2ᵏ: k + 1023 in the exponent (−58 ≤ k ≤ 0) */
  kf = kf - magic;
  r = (x - kf * 0x1.62e42fee00000p-1) - kf * 0x1.a39ef35793c76p-33;
  r2 = r * r;
  r4 = r2 * r2;
  r8 = r4 * r4;
  p = ((0.5 + r * (1.0 / 6)) + r2 * (1.0 / 24 + r * (1.0 / 120)))
      + r4 * ((1.0 / 720 + r * (1.0 / 5040)) + r2 * (1.0 / 40320 + r * (1.0 / 362880)))
      + r8 * ((1.0 / 3628800 + r * (1.0 / 39916800)) + r2 * (1.0 / 479001600 + r * (1.0 / 6227020800)));
  p = r + r2 * p;                                 /* expm1 r */
  m = s * p + (s - 1);
  t = -m / (m + 2);
  /* z's sign (t ≥ 0, but −0 for z = 0), and NaN for NaN */
  ti = ((LANES_VI) t & ~sign) | (zi & sign);
  ti = (ti & ~nan_mask) | (zi & nan_mask);
  return (LANES_V) ti;
}

/* f and f′ over one unit's rows, as activate_layer does over a row's units (the same numbers:
 * ReLU as a select, tanh as above, the others lane by lane) */
LANES_ATTR static inline void
LANES_FN (activate_v) (NnActivation  act,
                       LANES_V      *v,
                       LANES_V      *fp)
{
  const LANES_V zero = { 0 }, one = zero + 1;

  switch (act)
    {
    case NN_ACT_TANH:
      *v = LANES_FN (tanh_v) (*v);
      *fp = 1 - *v * *v;
      return;
    case NN_ACT_RELU:
      {
        LANES_VI pos = *v > zero;

        *fp = (LANES_V) ((LANES_VI) one & pos);
        *v = (LANES_V) ((LANES_VI) *v & pos);
      }
      return;
    case NN_ACT_LINEAR:
      *fp = one;
      return;
    default:
      for (guint q = 0; q < LANES; q++)
        {
          double d;

          (*v)[q] = nn_activation (act, (*v)[q], &d);
          (*fp)[q] = d;
        }
      return;
    }
}

/* net_pass_rows for networks without normalisation or gates, LANES rows side by side: each
 * unit's sum, activation and back-propagated error for all of them at once, with no shuffling
 * between lanes (the weights are the same for every row), and a layer's tanh chains
 * independent of each other. Every lane does what net_pass_rows does for its row, in the same
 * order, and the loss and the gradient are summed row after row as there: the same numbers to
 * the last bit (tested). */
LANES_ATTR static double
LANES_FN (net_pass_v) (const NnNet      *net,
                       const double     *theta,
                       const double     *x,
                       const double     *y,
                       const guint      *rows,
                       guint             n,
                       NnRegularization  reg,
                       double            reg_rate,
                       double           *grad,
                       guint            *right)
{
  LANES_V a[NN_MAX_HIDDEN + 2][WIDTH], fp[NN_MAX_HIDDEN + 2][WIDTH], delta[WIDTH], prev[WIDTH];
  const LANES_V zero = { 0 };
  double loss = 0;
  guint d = net->sizes[0], L = net->n_layers;

  if (grad != NULL)
    memset (grad, 0, net->n_params * sizeof (double));
  for (guint k0 = 0; k0 < n; k0 += LANES)
    {
      guint m = MIN (LANES, n - k0), r[LANES];
      double g[LANES] = { 0 };

      /* a short last block repeats its first row in the spare lanes, which count for nothing */
      for (guint q = 0; q < LANES; q++)
        r[q] = rows != NULL ? rows[k0 + (q < m ? q : 0)] : k0 + (q < m ? q : 0);
      for (guint i = 0; i < d; i++)
        for (guint q = 0; q < LANES; q++)
          a[0][i][q] = x[(gsize) r[q] * d + i];
      for (guint l = 0; l < L; l++)
        {
          const double *w = theta + net->w_off[l], *b = theta + net->b_off[l];
          guint in = net->sizes[l], out = net->sizes[l + 1];

          for (guint j = 0; j < out; j++)
            {
              const double *wj = w + (gsize) j * in;
              LANES_V s = zero + b[j];

              for (guint i = 0; i < in; i++)
                s += wj[i] * a[l][i];
              a[l + 1][j] = s;
            }
          if (l + 1 < L)
            for (guint j = 0; j < out; j++)
              LANES_FN (activate_v) (net->act, &a[l + 1][j], &fp[l + 1][j]);
        }

      for (guint q = 0; q < m; q++)
        {
          double out = a[L][0][q];

          if (right != NULL)
            *right += (out > 0) == (y[r[q]] > 0.5);
          if (net->problem == NN_CLASSIFICATION)
            {
              loss += bce (out, y[r[q]], grad != NULL ? &g[q] : NULL);
            }
          else
            {
              loss += (out - y[r[q]]) * (out - y[r[q]]);
              g[q] = 2 * (out - y[r[q]]);
            }
        }
      if (grad == NULL)
        continue;

      for (guint q = 0; q < LANES; q++)
        delta[0][q] = g[q] / n;
      for (guint l = L; l-- > 0;)
        {
          guint in = net->sizes[l], out_n = net->sizes[l + 1];
          const double *w = theta + net->w_off[l];
          double *gw = grad + net->w_off[l], *gb = grad + net->b_off[l];

          /* row after row, as net_pass_rows sums them */
          for (guint q = 0; q < m; q++)
            for (guint j = 0; j < out_n; j++)
              {
                gb[j] += delta[j][q];
                for (guint i = 0; i < in; i++)
                  gw[(gsize) j * in + i] += delta[j][q] * a[l][i][q];
              }
          if (l == 0)
            break;
          for (guint i = 0; i < in; i++)
            {
              LANES_V s = zero;

              for (guint j = 0; j < out_n; j++)
                s += w[(gsize) j * in + i] * delta[j];
              prev[i] = s * fp[l][i];
            }
          memcpy (delta, prev, in * sizeof (LANES_V));
        }
    }
  loss /= MAX (n, 1);
  return loss + penalty (net, theta, reg, reg_rate, grad);
}
