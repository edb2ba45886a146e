#!/usr/bin/python3
"""Reference numbers for the attention topic's second pass (issue 17), for
tests/test-topic-attention.c.

    /usr/bin/python3 tests/reference/attention_v2_reference.py

Writes tests/attention-v2-reference.h (the same bytes on every run), with numpy:

* one layer with the second pass's options: RoPE (Su et al. 2021: adjacent pairs
  (2p, 2p+1) of each head's q and k rotated by the angle i * base^(-2p/d_head)),
  QK-norm (q and k RMS-normalised per head, eps 1e-6, gain 1; scores times qk_gain),
  no 1/sqrt(d_k) scaling, GQA and MQA (query head h uses key/value head
  h // (H / kv_heads); W_K and W_V are d_model x kv_heads*d_head), ALiBi;
* ALiBi slopes for 8 and 12 heads by the get_slopes function of the ALiBi authors'
  code (github.com/ofirpress/attention_with_linear_biases, fairseq
  multihead_attention.py): for a power of two n, start = 2^(-2^-(log2(n) - 3)),
  slopes start^1 ... start^n; otherwise the slopes of the closest power of two c
  below n, then get_slopes(2c)[0::2][:n - c];
* Performer's positive random features (Choromanski et al. 2021, FAVOR+) with given
  feature directions omega: phi(x) = exp(omega x - |x|^2 / 2) / sqrt(m) for
  x = sqrt(c) q and sqrt(c) k, weights phi(q_i).phi(k_j) normalised per row (over
  j <= i with the causal mask);
* Linformer (Wang et al. 2020) with given E, F (rank x n): P = softmax(c Q (E K)^T),
  output P (F V), effective weights P F;
* the KV-cache sizes of a 7B-like model (32 layers, d_model 4096, 32 heads, 8 KV heads,
  4096 tokens, fp16; MLA with latent 512 + RoPE 64 as in DeepSeek-V2).
Inputs are made from sines (no random generator).
"""
import math
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "attention-v2-reference.h")

TEMPERATURE = 0.8
# name, n, d_model, heads, kv_heads, mask, position, scale, qk_norm, qk_gain, rope_base
CASES = [
    ("rope_causal", 7, 12, 2, 2, "causal", "rope", True, False, 1.0, 10000.0),
    ("rope_base100", 9, 16, 4, 4, "none", "rope", True, False, 1.0, 100.0),
    ("qknorm", 7, 12, 3, 3, "none", "none", True, True, 2.5, 10000.0),
    ("noscale", 7, 12, 4, 4, "none", "none", False, False, 1.0, 10000.0),
    ("gqa_alibi", 9, 16, 4, 2, "causal", "alibi", True, False, 1.0, 10000.0),
    ("mqa_rope", 9, 16, 4, 1, "none", "rope", True, True, 1.0, 10000.0),
]


def alibi_slopes(n):
    def pow2(n):
        start = 2 ** (-2 ** -(math.log2(n) - 3))
        return [start * start ** i for i in range(n)]
    if math.log2(n).is_integer():
        return pow2(n)
    c = 2 ** math.floor(math.log2(n))
    return pow2(c) + alibi_slopes(2 * c)[0::2][:n - c]


def inputs(n, d, kw):
    i = np.arange(n)[:, None]
    c = np.arange(d)[None, :]
    x = np.sin(0.7 * i + 1.3 * c + 0.1) + 0.5 * np.cos(0.31 * i * c + 0.2)
    r = np.arange(d)[:, None]
    ws = []
    for a, width in enumerate((d, kw, kw)):
        cc = np.arange(width)[None, :]
        w = np.sin(0.37 * r * (a + 1) + 0.91 * cc - 0.5 * a + 0.3) + 0.4 * np.cos(1.7 * r - 0.23 * cc * (a + 2))
        ws.append(w / np.sqrt(d))
    return x, ws


def rms(m):
    return m / np.sqrt((m * m).mean(axis=1, keepdims=True) + 1e-6)


def rope(m, base):
    n, dh = m.shape
    out = m.copy()
    for p in range(dh // 2):
        theta = base ** (-2.0 * p / dh)
        a = np.arange(n) * theta
        x0, x1 = m[:, 2 * p], m[:, 2 * p + 1]
        out[:, 2 * p] = x0 * np.cos(a) - x1 * np.sin(a)
        out[:, 2 * p + 1] = x0 * np.sin(a) + x1 * np.cos(a)
    return out


def layer(x, wq, wk, wv, heads, kv, mask, position, scale, qk_norm, gain, base):
    n, d = x.shape
    dh = d // heads
    q, k, v = x @ wq, x @ wk, x @ wv
    slopes = alibi_slopes(heads)
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    weights = np.zeros((heads, n, n))
    raw = np.zeros((heads, n, n))
    out = np.zeros((n, d))
    for h in range(heads):
        g = h // (heads // kv)
        qh = q[:, h * dh:(h + 1) * dh]
        kh = k[:, g * dh:(g + 1) * dh]
        vh = v[:, g * dh:(g + 1) * dh]
        if qk_norm:
            qh, kh = rms(qh), rms(kh)
        if position == "rope":
            qh, kh = rope(qh, base), rope(kh, base)
        r = qh @ kh.T
        raw[h] = r
        c = (1 / np.sqrt(dh) if scale else 1.0) * (gain if qk_norm else 1.0)
        s = c * r
        if position == "alibi":
            s = s - slopes[h] * np.abs(i - j)
        s = s / TEMPERATURE
        if mask == "causal":
            s = np.where(j <= i, s, -np.inf)
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        w = e / e.sum(axis=1, keepdims=True)
        weights[h] = w
        out[:, h * dh:(h + 1) * dh] = w @ vh
    return raw, weights, out


def performer(q, k, c, omega, causal):
    m = omega.shape[0]
    def phi(x):
        x = np.sqrt(c) * x
        return np.exp(x @ omega.T - 0.5 * (x * x).sum(axis=1, keepdims=True)) / np.sqrt(m)
    a = phi(q) @ phi(k).T
    if causal:
        a = np.tril(a)
    return a / a.sum(axis=1, keepdims=True)


def linformer(q, k, v, c, e, f):
    s = c * q @ (e @ k).T
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s)
    p = p / p.sum(axis=1, keepdims=True)
    return p @ f, p @ (f @ v)


def c_array(name, a):
    vals = ["%.17g" % float(t) for t in np.asarray(a).ravel()]
    lines = []
    for s in range(0, len(vals), 4):
        lines.append("  " + ", ".join(vals[s:s + 4]) + ",")
    return "static const double %s[%d] = {\n%s\n};\n" % (name, len(vals), "\n".join(lines))


def main():
    parts = [
        "/* attention-v2-reference.h — generated by tests/reference/attention_v2_reference.py; do not edit */\n",
        "#pragma once\n\n",
        "#define ATT2_TEMPERATURE %.17g\n\n" % TEMPERATURE,
    ]
    table = []
    for name, n, d, heads, kv, mask, position, scale, qk_norm, gain, base in CASES:
        x, (wq, wk, wv) = inputs(n, d, kv * (d // heads))
        raw, w, o = layer(x, wq, wk, wv, heads, kv, mask, position, scale, qk_norm, gain, base)
        for part, arr in (("x", x), ("wq", wq), ("wk", wk), ("wv", wv), ("raw", raw), ("weights", w), ("output", o)):
            parts.append(c_array("att2_%s_%s" % (name, part), arr))
        table.append('  { "%s", %d, %d, %d, %d, "%s", "%s", %d, %d, %.17g, %.17g,\n    '
                     'att2_%s_x, att2_%s_wq, att2_%s_wk, att2_%s_wv, att2_%s_raw, att2_%s_weights, att2_%s_output },\n'
                     % ((name, n, d, heads, kv, mask, position, int(scale), int(qk_norm), gain, base) + (name,) * 7))
    parts.append("typedef struct\n{\n  const char *name;\n  int n, d_model, heads, kv_heads;\n"
                 "  const char *mask, *position;\n  int scale, qk_norm;\n  double qk_gain, rope_base;\n"
                 "  const double *x, *wq, *wk, *wv, *raw, *weights, *output;\n} Att2Case;\n\n")
    parts.append("static const Att2Case att2_cases[] = {\n" + "".join(table) + "};\n\n")

    parts.append(c_array("att2_alibi_slopes_8", alibi_slopes(8)))
    parts.append(c_array("att2_alibi_slopes_12", alibi_slopes(12)))

    # Performer and Linformer on fixed q, k, v
    n, d, m, rank, c = 10, 4, 6, 3, 0.5
    i = np.arange(n)[:, None]
    cc = np.arange(d)[None, :]
    q = np.sin(0.9 * i + 0.4 * cc) + 0.3 * np.cos(1.1 * i * cc)
    k = np.cos(0.5 * i - 0.8 * cc) + 0.2 * np.sin(0.7 * i + cc)
    v = np.sin(0.3 * i * cc + 0.2) - 0.5 * np.cos(i - cc)
    r = np.arange(m)[:, None]
    omega = np.sin(1.3 * r + 0.7 * cc + 0.1) * 1.2 + np.cos(0.4 * r * cc)
    rr = np.arange(rank)[:, None]
    jj = np.arange(n)[None, :]
    e = np.sin(0.6 * rr + 0.35 * jj) / np.sqrt(rank)
    f = np.cos(0.45 * rr * jj + 0.3) / np.sqrt(rank)
    parts.append("#define ATT2_K_N %d\n#define ATT2_K_D %d\n#define ATT2_K_M %d\n#define ATT2_K_RANK %d\n#define ATT2_K_C %.17g\n"
                 % (n, d, m, rank, c))
    for nm, arr in (("q", q), ("k", k), ("v", v), ("omega", omega), ("e", e), ("f", f),
                    ("performer", performer(q, k, c, omega, False)),
                    ("performer_causal", performer(q, k, c, omega, True))):
        parts.append(c_array("att2_k_" + nm, arr))
    lw, lo = linformer(q, k, v, c, e, f)
    parts.append(c_array("att2_k_linformer_weights", lw))
    parts.append(c_array("att2_k_linformer_output", lo))

    # KV cache of a 7B-like model
    layers, seq, batch, dtype, dm, heads, kvh, lat, rdim = 32, 4096, 1, 2, 4096, 32, 8, 512, 64
    dh = dm // heads
    parts.append("#define ATT2_KV_MHA %.17g\n" % (2 * layers * seq * batch * heads * dh * dtype))
    parts.append("#define ATT2_KV_GQA %.17g\n" % (2 * layers * seq * batch * kvh * dh * dtype))
    parts.append("#define ATT2_KV_MQA %.17g\n" % (2 * layers * seq * batch * 1 * dh * dtype))
    parts.append("#define ATT2_KV_MLA %.17g\n" % (layers * seq * batch * (lat + rdim) * dtype))
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("".join(parts))


if __name__ == "__main__":
    main()
