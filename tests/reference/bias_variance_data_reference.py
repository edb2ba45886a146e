#!/usr/bin/python3
"""Reference values for bias-variance's data mode with every model (issue 13),
computed with scikit-learn on the diabetes data's bmi against the target.

Writes tests/data/bias-variance-data/diabetes-bmi.csv (442 rows: bmi, target, as
sklearn.datasets.load_diabetes holds them) and tests/bias-variance-data-reference.h.
Run from the repository root:

    /usr/bin/python3 tests/reference/bias_variance_data_reference.py

Folds: the lab holds row i out in fold i mod folds; here PredefinedSplit(test_fold =
i mod 5), so both sides use the same rows. 442 rows make folds of 89, 89, 88, 88, 88:
the pooled error (Σ SSE / n) and the mean of the folds' MSE differ, and the mean is
cross_val_score(..., scoring="neg_mean_squared_error").mean(), negated — checked below.

Models, with the lab's parameters translated:
  poly degree d      LinearRegression on PolynomialFeatures(d)
  ridge degree p, λ  PolynomialFeatures(p, include_bias=False) → StandardScaler → Ridge(alpha = n_train·λ)
                     (the lab minimises (1/2n)‖y − b − Zw‖² + (λ/2)‖w‖²; sklearn ‖y − b − Zw‖² + α‖w‖²)
  lasso degree p, λ  … → Lasso(alpha = λ), tolerance 1e-15 (the same objective as the lab's)
  knn k              KNeighborsRegressor(k, algorithm="brute") on bmi_jitter (see below)
  tree depth d       DecisionTreeRegressor(max_depth=d) (d ≥ 1; depth 0 is the mean, DummyRegressor),
                     on bmi_jitter (see below)
"""
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.dummy import DummyRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import PredefinedSplit, cross_val_score
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.tree import DecisionTreeRegressor

PATH = "tests/data/bias-variance-data/diabetes-bmi.csv"
FOLDS = 5
d = load_diabetes()
# bmi_jitter: bmi plus a seeded jitter below 1e-4, for kNN and trees only. bmi is on a 0.1 kg/m² grid,
# so equal distances abound (duplicates and mirror images), and how a neighbour search
# breaks them is arbitrary (sklearn's brute search states no rule, and its distances are
# rounded differently from |x − q|). The jitter leaves no tie, so both sides choose the
# same neighbours. It is 10 times smaller than the grid step (0.0011 in these scaled units),
# so it reorders no distances that differ, and large enough that sklearn's squared distances
# (x² − 2xq + q², rounded near 1e-18) still separate the copies of one bmi value.
u = np.random.default_rng(13).random(len(d.target))
# copies of one bmi value are spread apart (their rank among the copies, plus a random half
# step), so no two jittered values are closer than sklearn's FEATURE_THRESHOLD
rank = np.zeros(len(u))
for v in np.unique(d.data[:, 2]):
    rows = np.where(d.data[:, 2] == v)[0]
    rank[rows] = np.arange(len(rows))
jitter = 1e-4 * (rank + 0.5 * u) / (rank.max() + 1)
with open(PATH, "w") as f:
    f.write("bmi,target,bmi_jitter\n")
    for a, b, j in zip(d.data[:, 2], d.target, jitter):
        f.write("%r,%r,%r\n" % (float(a), float(b), float(a + j)))
data = np.genfromtxt(PATH, delimiter=",", skip_header=1)
x, y, xj = data[:, 0], data[:, 1], data[:, 2]
X = x.reshape(-1, 1)
n = len(y)
split = PredefinedSplit(np.arange(n) % FOLDS)


def cv(make, combine):
    global X
    """make(n_train) → an estimator; the folds' SSE pooled or their MSE averaged."""
    sse, mse, sizes = [], [], []
    for tr, te in split.split():
        est = make(len(tr)).fit(X[tr], y[tr])
        r = y[te] - est.predict(X[te])
        sse.append(float(r @ r))
        mse.append(mean_squared_error(y[te], est.predict(X[te])))
        sizes.append(len(te))
    return sum(sse) / n if combine == "pooled" else float(np.mean(mse))


def on_all(make):
    global X
    est = make(n).fit(X, y)
    p = est.predict(X)
    return r2_score(y, p), mean_squared_error(y, p)


def poly(deg):
    return lambda nt: (make_pipeline(PolynomialFeatures(deg), LinearRegression(fit_intercept=False))
                       if deg > 0 else DummyRegressor())


def ridge(lam, p=3):
    return lambda nt: make_pipeline(PolynomialFeatures(p, include_bias=False), StandardScaler(),
                                    Ridge(alpha=nt * lam))


def lasso(lam, p=3):
    return lambda nt: make_pipeline(PolynomialFeatures(p, include_bias=False), StandardScaler(),
                                    Lasso(alpha=lam, tol=1e-15, max_iter=2_000_000))


def knn(k):
    return lambda nt: KNeighborsRegressor(n_neighbors=k, algorithm="brute")


def tree(depth):
    return lambda nt: DecisionTreeRegressor(max_depth=depth, random_state=0) if depth > 0 else DummyRegressor()


# cross_val_score's mean is the "mean" combination
for make in (tree(3), lasso(0.01)):
    a = -cross_val_score(make(0), X, y, cv=split, scoring="neg_mean_squared_error").mean()
    assert abs(a - cv(make, "mean")) < 1e-12 * a and abs(a - cv(make, "pooled")) > 1e-6 * a

# kNN: the lab takes the smaller x first among equal distances; sklearn's brute search
# has no stated rule. Use only the k where no fold has a tie at the k-th neighbour.
def knn_tie_free(k):
    for tr, te in list(split.split()) + [(np.arange(n), np.arange(n))]:
        for q in xj[te]:
            dist = np.sort(np.abs(xj[tr] - q))
            if k < len(dist) and dist[k - 1] == dist[k]:
                # a tie at the boundary matters only if the tied points' y differ
                tied = np.abs(np.abs(xj[tr] - q) - dist[k - 1]) == 0
                if len(set(y[tr][tied])) > 1:
                    return False
    return True


lambdas = [1e2 * (1e-6 / 1e2) ** (i / 24) for i in range(25)]
ks = [k for k in range(50, 0, -1)]
out = ["/* bias-variance-data-reference.h — generated by tests/reference/bias_variance_data_reference.py",
       " * (scikit-learn %s, numpy %s) on %s. Do not edit. */" % (sklearn.__version__, np.__version__, PATH),
       "#pragma once", "",
       "typedef struct { const char *assignments; guint n_settings; const double *complexity;",
       "                 const double *cv_pooled; const double *cv_mean; const double *tie_free;",
       "                 double r2, train_mse; } RefBvData;", ""]


def arr(name, vals):
    out.append("static const double %s[] = { %s };" % (name, ", ".join(repr(float(v)) for v in vals)))


cases = []
with warnings.catch_warnings():
    warnings.simplefilter("error", ConvergenceWarning)
    # poly: degrees 0 … 5 (raw powers in sklearn lose digits beyond that)
    degs = list(range(6))
    arr("poly_c", degs)
    arr("poly_p", [cv(poly(g), "pooled") for g in degs])
    arr("poly_m", [cv(poly(g), "mean") for g in degs])
    cases.append(("model=poly degree=2", len(degs), "poly", "NULL", on_all(poly(2))))
    for name, make in (("ridge", ridge), ("lasso", lasso)):
        arr(name + "_c", [1 / l for l in lambdas])
        arr(name + "_p", [cv(make(l), "pooled") for l in lambdas])
        arr(name + "_m", [cv(make(l), "mean") for l in lambdas])
        cases.append(("model=%s degree=3 lambda=0.001" % name, 25, name, "NULL", on_all(make(1e-3))))
    X = xj.reshape(-1, 1)
    for k in ks:
        assert knn_tie_free(k), k
    arr("knn_c", [1 / k for k in ks])
    arr("knn_p", [cv(knn(k), "pooled") for k in ks])
    arr("knn_m", [cv(knn(k), "mean") for k in ks])
    cases.append(("model=knn k=9 x-column=bmi_jitter", 50, "knn", "NULL", on_all(knn(9))))
    X = x.reshape(-1, 1)
    # trees on bmi_jitter too: sklearn fits trees on float32 copies of X, and on the 0.1 grid a
    # held-out bmi can sit exactly at the midpoint of two training values, so which side it
    # falls is a matter of rounding (float64 in the lab, float32 in sklearn). With the jitter
    # no held-out value is within 2e-8 of a threshold and float32 keeps every value distinct (asserted).
    X = xj.reshape(-1, 1)
    assert len(np.unique(xj.astype(np.float32))) == len(np.unique(xj))
    # sklearn's splitter skips splits between values closer than FEATURE_THRESHOLD = 1e-7
    assert np.min(np.diff(np.unique(xj))) > 1e-6
    depths = list(range(13))
    for tr, te in split.split():
        for g in depths[1:]:
            thr = DecisionTreeRegressor(max_depth=g).fit(X[tr], y[tr]).tree_.threshold
            thr = thr[thr != -2]
            # float32 spacing near |x| ≤ 0.17 is at most 1.5e-8: the rounded comparison is safe
            assert np.min(np.abs(xj[te][:, None] - thr[None, :])) > 2e-8
    arr("tree_c", depths)
    arr("tree_p", [cv(tree(g), "pooled") for g in depths])
    arr("tree_m", [cv(tree(g), "mean") for g in depths])
    cases.append(("model=tree depth=3 x-column=bmi_jitter", 13, "tree", "NULL", on_all(tree(3))))
    X = x.reshape(-1, 1)

# a λ off the sweep's grid: cross-validated on its own
out.append("/* ridge and lasso, degree 3, λ = 0.003 (off the grid): pooled CV MSE, mean CV MSE, R² */")
for name, make in (("ridge", ridge), ("lasso", lasso)):
    r2, _ = on_all(make(0.003))
    out.append("static const double ref_%s_off_grid[] = { %r, %r, %r };" % (
        name, cv(make(0.003), "pooled"), cv(make(0.003), "mean"), float(r2)))
out.append("")
out.append("static const RefBvData ref_bv_data[] = {")
for a, S, nm, ok, (r2, mse) in cases:
    out.append('  { "source=data x-column=bmi y-column=target folds=5 %s", %d, %s_c, %s_p, %s_m, %s, %r, %r },'
               % (a, S, nm, nm, nm, ok, float(r2), float(mse)))
out.append("};")
with open("tests/bias-variance-data-reference.h", "w") as f:
    f.write("\n".join(out) + "\n")
print("\n".join(out)[:3000])
