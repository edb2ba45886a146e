#!/usr/bin/python3
"""Regenerates the sample datasets in this folder (see README.md here).

    /usr/bin/python3 data/datasets/make_samples.py      # from the repository root

Needs Debian 12's python3-sklearn and python3-numpy.
"""
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

out = "data/datasets/"

# 1. Breast cancer (Wisconsin diagnostic): out-of-fold probabilities of malignancy
#    from two logistic regressions, one on all 30 features, one on 2 of them.
d = load_breast_cancer()
y = (d.target == 0).astype(int)          # 1 = malignant (the positive class)
full = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, C=0.1))
small = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
names = list(d.feature_names)
two = [names.index("mean texture"), names.index("mean smoothness")]
p_full = cross_val_predict(full, d.data, y, cv=5, method="predict_proba")[:, 1]
p_small = cross_val_predict(small, d.data[:, two], y, cv=5, method="predict_proba")[:, 1]
with open(out + "breast-cancer-scores.csv", "w") as f:
    f.write("malignant,all_features,texture_smoothness,mean_radius\n")
    for yi, a, b, r in zip(y, p_full, p_small, d.data[:, names.index("mean radius")]):
        f.write(f"{yi},{a:.6f},{b:.6f},{r:.3f}\n")

# 2. Rare positives: a simulated screening score with 1 % prevalence (CC0, ours).
rng = np.random.default_rng(2026)
n = 20000
y = (rng.random(n) < 0.01).astype(int)
s = np.where(y == 1, rng.normal(2.0, 1.0, n), rng.normal(0.0, 1.0, n))
with open(out + "rare-positives.csv", "w") as f:
    f.write("label,score\n")
    for yi, si in zip(y, s):
        f.write(f"{yi},{si:.4f}\n")

# 3. Noisy sine for curve fitting (CC0, ours): x in [0, 1], y = sin(2πx) + N(0, 0.3²).
x = np.sort(rng.random(40))
yv = np.sin(2 * np.pi * x) + rng.normal(0, 0.3, 40)
with open(out + "noisy-sine.csv", "w") as f:
    f.write("x,y\n")
    for xi, yi in zip(x, yv):
        f.write(f"{xi:.5f},{yi:.5f}\n")
