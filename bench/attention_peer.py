#!/usr/bin/python3
"""The peer of `ml-lab bench attention tokens=512 heads=8 d-model=512`: the same forward
pass in numpy (projections, per-head scaled scores, a stable softmax with row entropies,
weights·V), median of 15 runs after a warm-up. numpy's BLAS is whichever libblas.so.3 the
system selects (with libopenblas0 installed, OpenBLAS).

    /usr/bin/python3 bench/attention_peer.py [--causal]
"""
import sys
import time

import numpy as np

n, d, H = 512, 512, 8
dh = d // H
causal = "--causal" in sys.argv
rng = np.random.default_rng(1)
x = rng.standard_normal((n, d))
wq, wk, wv = (rng.standard_normal((d, d)) / np.sqrt(d) for _ in range(3))
mask = np.triu(np.full((n, n), -np.inf), 1) if causal else 0.0


def forward():
    q, k, v = x @ wq, x @ wk, x @ wv
    out = np.empty((n, d))
    ent = np.empty((H, n))
    for h in range(H):
        s = q[:, h * dh:(h + 1) * dh] @ k[:, h * dh:(h + 1) * dh].T / np.sqrt(dh) + mask
        s -= s.max(axis=1, keepdims=True)
        w = np.exp(s)
        w /= w.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            ent[h] = -np.nansum(np.where(w > 0, w * np.log(w), 0.0), axis=1)
        out[:, h * dh:(h + 1) * dh] = w @ v[:, h * dh:(h + 1) * dh]
    return out, ent


forward()
times = []
for _ in range(15):
    t = time.perf_counter()
    forward()
    times.append(time.perf_counter() - t)
print("numpy attention %s 512x8x512: median %.1f ms" % ("causal" if causal else "full", 1e3 * sorted(times)[7]))
