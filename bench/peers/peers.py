#!/usr/bin/python3
"""The peers of `ml-lab bench --json`'s workloads, timed in the same run.

Each workload is what a user would script in Python for the same job, on data of the same
shape made with a fixed seed; medians of 3 runs. Run through bench/peers/run, which also
runs ML Lab, prints the ratios and rewrites the table in docs/PERFORMANCE.md.
"""
import io
import json
import os
import sys
import tempfile
import time

import numpy as np


def median3(f):
    times = []
    for _ in range(3):
        t = time.perf_counter()
        f()
        times.append(1e3 * (time.perf_counter() - t))
    return sorted(times)[1]


def main():
    import pandas as pd
    from sklearn.metrics import average_precision_score, roc_auc_score
    rng = np.random.default_rng(1)
    out = {}

    # CSV: 1,000,000 × 8 standard normals with %.6f, parsed from memory
    data = rng.standard_normal((1_000_000, 8))
    buf = io.StringIO()
    np.savetxt(buf, data, fmt="%.6f", delimiter=",", header=",".join("c%d" % i for i in range(8)), comments="")
    text = buf.getvalue().encode()
    out["csv_1m_x8_ms"] = median3(lambda: pd.read_csv(io.BytesIO(text)))

    # ROC on 10,000,000 binormal scores in memory: AUC and AP (scikit-learn has no DeLong)
    y = (rng.random(10_000_000) < 0.3).astype(np.int8)
    s = rng.standard_normal(10_000_000) + 1.5 * y
    out["roc_10m_ms"] = median3(lambda: (roc_auc_score(y, s), average_precision_score(y, s)))

    # the same from a label,score CSV file
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "roc_10m.csv")
        pd.DataFrame({"label": y, "score": np.round(s, 6)}).to_csv(path, index=False)

        def job():
            df = pd.read_csv(path)
            roc_auc_score(df["label"], df["score"])
            average_precision_score(df["label"], df["score"])
        out["roc_10m_csv_ms"] = median3(job)

    # a 1,000,000-point scatter drawn at 1280 × 800 (matplotlib, Agg)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    x = rng.standard_normal(1_000_000)
    yy = 0.6 * x + 0.8 * rng.standard_normal(1_000_000)
    fig, ax = plt.subplots(figsize=(12.8, 8.0), dpi=100)
    ax.scatter(x, yy, s=4)
    out["scatter_1m_ms"] = median3(fig.canvas.draw)
    plt.close(fig)

    # 10,000,000 normal draws with their histogram, ECDF grid and moments
    def samples():
        v = rng.standard_normal(10_000_000)
        np.histogram(v, bins=430)
        np.histogram(v, bins=1024)
        m = v.mean()
        d = v - m
        (d ** 2).mean(), (d ** 3).mean(), (d ** 4).mean()
    out["samples_10m_ms"] = median3(samples)

    # attention, 512 tokens × 8 heads × d_model 512 (bench/attention_peer.py's forward pass, with
    # the row entropies ML Lab computes; ML Lab's time also includes making the embeddings)
    n, dm, H = 512, 512, 8
    dh = dm // H
    xa = rng.standard_normal((n, dm))
    wq, wk, wv = (rng.standard_normal((dm, dm)) / np.sqrt(dm) for _ in range(3))

    def attention():
        q, k, v = xa @ wq, xa @ wk, xa @ wv
        o = np.empty((n, dm))
        for h in range(H):
            sc = q[:, h * dh:(h + 1) * dh] @ k[:, h * dh:(h + 1) * dh].T / np.sqrt(dh)
            sc -= sc.max(axis=1, keepdims=True)
            w = np.exp(sc)
            w /= w.sum(axis=1, keepdims=True)
            with np.errstate(divide="ignore", invalid="ignore"):
                -(np.where(w > 0, w * np.log(w), 0.0)).sum(axis=1)   # row entropies, as ML Lab reports
            o[:, h * dh:(h + 1) * dh] = w @ v[:, h * dh:(h + 1) * dh]
    out["attention_512x8_ms"] = median3(attention)

    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
