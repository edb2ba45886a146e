#!/usr/bin/python3
"""matplotlib drawing the ROC panel's default figure, beside `ml-lab bench roc` in one run.

    /usr/bin/python3 bench/plot_peer.py BUILD/src/ml-lab

Same content as ML Lab's figure: 2×2 axes (ROC with chance line and operating point,
a PR step curve with the no-skill line, two class histograms split at the threshold,
a 2×2 confusion-matrix heatmap with a colour bar), 2000 binormal samples, 1280×800 px.
Times `canvas.draw()` (render to pixels, no PNG encoding), median of 30.
"""
import json
import statistics
import subprocess
import sys
import time

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from sklearn import metrics

rng = np.random.default_rng(42)
n, npos = 2000, 600
y = np.r_[np.ones(npos), np.zeros(n - npos)]
s = np.where(y == 1, rng.normal(1.5, 1, n), rng.normal(0, 1, n))
fpr, tpr, thr = metrics.roc_curve(y, s)
prec, rec, _ = metrics.precision_recall_curve(y, s)
t = 0.75


def draw():
    fig, ax = plt.subplots(2, 2, figsize=(12.8, 8.0), dpi=100)
    a = ax[0, 0]
    a.plot(fpr, tpr, label="AUC"); a.plot([0, 1], [0, 1], "--", label="chance")
    a.plot([0.24], [0.78], "o", label="threshold"); a.legend(); a.grid(True)
    a.set_xlabel("False positive rate"); a.set_ylabel("True positive rate"); a.set_title("ROC curve")
    a = ax[0, 1]
    a.step(rec, prec, where="post", label="AP"); a.axhline(0.3, ls="--", label="no skill")
    a.legend(); a.grid(True); a.set_title("Precision–recall")
    a = ax[1, 0]
    for cls in (0, 1):
        v = s[y == cls]
        a.hist(v[v < t], bins=30, density=True, alpha=0.2)
        a.hist(v[v >= t], bins=30, density=True, alpha=0.6)
    a.axvline(t); a.grid(True); a.set_title("Scores by true class")
    a = ax[1, 1]
    im = a.imshow([[0.76, 0.24], [0.22, 0.78]], cmap="Blues", vmin=0, vmax=1)
    for i in range(2):
        for j in range(2):
            a.text(j, i, "TP\n469", ha="center", va="center")
    fig.colorbar(im, ax=a); a.set_title("Confusion matrix")
    fig.tight_layout()
    return fig


fig = draw()
times = []
for _ in range(30):
    t0 = time.perf_counter()
    fig.canvas.draw()
    times.append(time.perf_counter() - t0)
mpl = statistics.median(times) * 1000

out = subprocess.run([sys.argv[1], "bench", "roc", "--json"], check=True, capture_output=True, text=True).stdout
ours = json.loads(out)["roc"]["render_ms"]
print(f"matplotlib canvas.draw  median {mpl:.1f} ms (matplotlib {matplotlib.__version__})")
print(f"ML Lab render           median {ours:.1f} ms")
print(f"ratio                   {mpl / ours:.1f}×")
