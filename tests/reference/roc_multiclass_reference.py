#!/usr/bin/python3
"""Reference values for the multi-class ROC and the pairwise DeLong tests of
tests/test-topic-roc.c (issue 13), computed with scikit-learn and numpy.

Writes tests/data/roc-multiclass/iris.csv and wine.csv (the bundled datasets'
labels with out-of-fold class probabilities of a logistic regression, five
stratified folds; iris also with two more models' probabilities of "virginica")
and tests/roc-multiclass-reference.h. Run from the repository root:

    /usr/bin/python3 tests/reference/roc_multiclass_reference.py

Multi-class ROC AUC and average precision: sklearn.metrics.roc_auc_score(
multi_class="ovr", average=None/"macro"/"weighted"/"micro") and
average_precision_score on label_binarize(y) with the same averages.
DeLong: an independent numpy implementation of Sun & Xu (2014), "Fast
implementation of DeLong's algorithm for comparing the areas under correlated
receiver operating characteristic curves", IEEE SPL 21(11), written from the
paper's midrank formulation (not from the C code it tests).
"""
import itertools
import math

import numpy as np
import sklearn
from sklearn import datasets, metrics
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler, label_binarize
from scipy.stats import norm

FOLDS = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)


def oof(model, X, y):
    return cross_val_predict(model, X, y, cv=FOLDS, method="predict_proba")


def write_csv(path, header, columns):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row in zip(*columns):
            f.write(",".join(v if isinstance(v, str) else repr(float(v)) if isinstance(v, float) else str(v)
                             for v in row) + "\n")


# ------------------------------------------------------------------ data
iris = datasets.load_iris()
# sepal length and width only: a model that errs, so the curves and averages differ
Xi, yi = iris.data[:, :2], iris.target
lr = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
Pi = oof(lr, Xi, yi)
nb = oof(GaussianNB(), Xi, yi)[:, 2]
knn = oof(KNeighborsClassifier(n_neighbors=10), Xi, yi)[:, 2]   # tenths: many ties
names = [str(s) for s in iris.target_names[yi]]
write_csv("tests/data/roc-multiclass/iris.csv",
          ["species", "target", "p_setosa", "p_versicolor", "p_virginica", "is_virginica",
           "nb_virginica", "knn_virginica"],
          [names, [int(v) for v in yi], [float(v) for v in Pi[:, 0]], [float(v) for v in Pi[:, 1]],
           [float(v) for v in Pi[:, 2]], [int(v == 2) for v in yi], [float(v) for v in nb],
           [float(v) for v in knn]])

wine = datasets.load_wine()
# alcohol, malic acid and ash only, for the same reason
Xw, yw = wine.data[:, :3], wine.target
Pw = oof(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), Xw, yw)
write_csv("tests/data/roc-multiclass/wine.csv", ["cultivar", "p0", "p1", "p2"],
          [[int(v) for v in yw], [float(v) for v in Pw[:, 0]], [float(v) for v in Pw[:, 1]],
           [float(v) for v in Pw[:, 2]]])

# read back exactly what the files hold (repr round-trips doubles)
iris_rows = np.genfromtxt("tests/data/roc-multiclass/iris.csv", delimiter=",", skip_header=1,
                          dtype=None, encoding="utf-8")
yi = np.array([r[1] for r in iris_rows])
Pi = np.array([[r[2], r[3], r[4]] for r in iris_rows])
isv = np.array([r[5] for r in iris_rows])
nb = np.array([r[6] for r in iris_rows])
knn = np.array([r[7] for r in iris_rows])
wine_rows = np.genfromtxt("tests/data/roc-multiclass/wine.csv", delimiter=",", skip_header=1)
yw = wine_rows[:, 0].astype(int)
Pw = wine_rows[:, 1:]


# ------------------------------------------------------------------ DeLong (Sun & Xu 2014)
def midrank(x):
    """Midranks (1-based, ties share their mean rank): the paper's T_Z, T_X, T_Y."""
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    n = len(x)
    ranks_sorted = np.empty(n)
    i = 0
    while i < n:
        j = i
        while j < n and xs[j] == xs[i]:
            j += 1
        ranks_sorted[i:j] = 0.5 * (i + j - 1) + 1
        i = j
    out = np.empty(n)
    out[order] = ranks_sorted
    return out


def fast_delong(scores, labels):
    """scores: k × n; labels 0/1. Returns AUCs (k) and their covariance (k × k)."""
    pos = labels == 1
    X, Y = scores[:, pos], scores[:, ~pos]
    m, n = X.shape[1], Y.shape[1]
    k = scores.shape[0]
    tx = np.array([midrank(X[r]) for r in range(k)])
    ty = np.array([midrank(Y[r]) for r in range(k)])
    tz = np.array([midrank(np.concatenate([X[r], Y[r]])) for r in range(k)])
    aucs = tz[:, :m].sum(axis=1) / (m * n) - (m + 1.0) / (2.0 * n)
    v01 = (tz[:, :m] - tx) / n          # V10 of DeLong: one per positive
    v10 = 1.0 - (tz[:, m:] - ty) / m    # V01: one per negative
    sx = np.atleast_2d(np.cov(v01))
    sy = np.atleast_2d(np.cov(v10))
    return aucs, sx / m + sy / n


def delong_p(aucs, cov, a, b):
    var = cov[a, a] + cov[b, b] - 2 * cov[a, b]
    return float(2 * norm.sf(abs(aucs[a] - aucs[b]) / math.sqrt(var))) if var > 0 else float("nan")


# ------------------------------------------------------------------ header
out = []
out.append("/* roc-multiclass-reference.h — generated by tests/reference/roc_multiclass_reference.py")
out.append(" * (scikit-learn %s, numpy %s): multi-class ROC AUC / AP by average, and DeLong" %
           (sklearn.__version__, np.__version__))
out.append(" * pairs by a numpy implementation of Sun & Xu (2014). Do not edit. */")
out.append("#pragma once")
out.append("")
out.append("typedef struct { const char *average; double auc, ap; } RefMultiAverage;")
out.append("typedef struct { double n, auc, ap; } RefMultiClass;")
out.append("")


def fmt(v):
    return "NAN" if v != v else repr(float(v))


for tag, y, P in (("IRIS", yi, Pi), ("WINE", yw, Pw)):
    Y = label_binarize(y, classes=[0, 1, 2])
    per_auc = metrics.roc_auc_score(y, P, multi_class="ovr", average=None)
    per_ap = metrics.average_precision_score(Y, P, average=None)
    out.append("static const RefMultiClass ref_%s_classes[] = {" % tag.lower())
    for c in range(3):
        out.append("  { %d, %s, %s }," % (Y[:, c].sum(), fmt(per_auc[c]), fmt(per_ap[c])))
    out.append("};")
    out.append("static const RefMultiAverage ref_%s_averages[] = {" % tag.lower())
    for name, avg in (("ovr-macro", "macro"), ("ovr-weighted", "weighted"), ("micro", "micro")):
        if avg == "micro":
            auc = metrics.roc_auc_score(Y, P, average="micro")
        else:
            auc = metrics.roc_auc_score(y, P, multi_class="ovr", average=avg)
        ap = metrics.average_precision_score(Y, P, average=avg)
        out.append('  { "%s", %s, %s },' % (name, fmt(auc), fmt(ap)))
    out.append("};")
    out.append("")

# pairwise DeLong on iris: virginica against the rest, three models
models = ["p_virginica", "nb_virginica", "knn_virginica"]
S = np.vstack([Pi[:, 2], nb, knn])
aucs, cov = fast_delong(S, isv)
for r in range(3):
    assert abs(aucs[r] - metrics.roc_auc_score(isv, S[r])) < 1e-12
out.append("/* iris, is_virginica, models %s: AUC and DeLong variance */" % ", ".join(models))
out.append("static const double ref_pair_auc[] = { %s };" % ", ".join(fmt(a) for a in aucs))
out.append("static const double ref_pair_var[] = { %s };" % ", ".join(fmt(cov[r, r]) for r in range(3)))
out.append("typedef struct { guint a, b; double p; } RefDelongPair;")
out.append("static const RefDelongPair ref_delong_pairs[] = {")
for a, b in itertools.combinations(range(3), 2):
    out.append("  { %d, %d, %s }," % (a, b, fmt(delong_p(aucs, cov, a, b))))
out.append("};")
# operating point of each model at threshold 0.5 (score ≥ t is positive)
out.append("typedef struct { double tp, fp, tn, fn, precision, recall, f1; } RefOp;")
out.append("static const RefOp ref_pair_ops[] = {")
for r in range(3):
    pred = S[r] >= 0.5
    tp = int(np.sum(pred & (isv == 1))); fp = int(np.sum(pred & (isv == 0)))
    fn = int(np.sum(~pred & (isv == 1))); tn = int(np.sum(~pred & (isv == 0)))
    out.append("  { %d, %d, %d, %d, %s, %s, %s }," % (
        tp, fp, tn, fn, fmt(metrics.precision_score(isv, pred)), fmt(metrics.recall_score(isv, pred)),
        fmt(metrics.f1_score(isv, pred))))
out.append("};")

with open("tests/roc-multiclass-reference.h", "w") as f:
    f.write("\n".join(out) + "\n")
print("\n".join(out))
