#!/usr/bin/python3
"""Reference values for tests/test-cart.c (and the trees topic's tests).

Run from the repository root:

    /usr/bin/python3 tests/reference/trees_reference.py

Writes tests/trees-reference.h with:

1. Small data sets (features rounded to float32, because scikit-learn's trees
   work in float32: the thresholds are then the same doubles) and, for each,
   scikit-learn's DecisionTreeClassifier node for node (feature, threshold,
   impurity, samples, class counts, children), its feature importances,
   cost_complexity_pruning_path and a pruned tree. Each case is checked to have
   no tied candidate splits across features: the tree must be the same for 20
   random_state values (scikit-learn visits the features in a random order and
   keeps the first best split, so a tie would show as a different tree).
2. The misclassification criterion, which scikit-learn lacks: a brute-force
   CART written here (every feature, every mid-point, first best wins), which
   is first checked against scikit-learn on the gini and entropy cases.
3. Best-first growth: DecisionTreeClassifier(max_leaf_nodes = k + 1) splits.
4. RandomForestClassifier OOB and test accuracy over 10 seeds (mean and
   standard deviation) for the statistical comparison.
5. XGBoost (python3-xgboost, the same libxgboost as the C API): predicted
   probabilities after every round, train/test log-loss by round.

Uses Debian 12's python3-numpy, python3-sklearn (1.2) and python3-xgboost (1.7).
"""
import math
import os

import numpy as np
from sklearn.datasets import make_blobs, make_moons
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "trees-reference.h")


def c(v):
    v = float(v)
    if math.isinf(v):
        return "INFINITY" if v > 0 else "-INFINITY"
    return repr(v)


def arr(values, fmt=c):
    return "{ " + ", ".join(fmt(v) for v in values) + " }"


# ---------------------------------------------------------------- data

def dataset(kind, n, seed, extra=0, classes=3):
    if kind == "moons":
        X, y = make_moons(n_samples=n, noise=0.3, random_state=seed)
    else:
        X, y = make_blobs(n_samples=n, centers=classes, cluster_std=1.6, random_state=seed)
    rng = np.random.RandomState(seed + 1000)
    if extra:
        X = np.hstack([X, rng.normal(size=(n, extra))])
    # float32 values, stored as the doubles they are
    X = X.astype(np.float32).astype(np.float64)
    return X, y.astype(int)


# ---------------------------------------------------------------- a brute-force CART

def impurity(counts, criterion):
    w = sum(counts)
    if criterion == "gini":
        return 1.0 - sum(c * c for c in counts) / (w * w)
    if criterion == "entropy":
        h = 0.0
        for c in counts:
            p = c / w
            if p > 0:
                h -= p * (math.log(p) / math.log(2.0))
        return h
    return 1.0 - max(counts) / w


def brute_cart(X, y, k, criterion, max_depth, msl):
    """Depth-first, pre-order, left first; scikit-learn's rules (see lab-cart.h)."""
    nodes = []

    def grow(idx, depth, parent, is_left):
        counts = [float(np.sum(y[idx] == c)) for c in range(k)]
        w = sum(counts)
        imp = impurity(counts, criterion)
        nid = len(nodes)
        node = dict(feature=-1, threshold=0.0, impurity=imp, samples=len(idx),
                    value=counts, left=-1, right=-1)
        nodes.append(node)
        if parent >= 0:
            nodes[parent]["left" if is_left else "right"] = nid
        if (max_depth and depth >= max_depth) or len(idx) < 2 or len(idx) < 2 * msl or imp <= 2.220446049250313e-16:
            return
        best = (-math.inf, None, None, None)
        for f in range(X.shape[1]):
            order = sorted(idx, key=lambda i: X[i, f])
            xs = [X[i, f] for i in order]
            if xs[-1] <= xs[0] + 1e-7:
                continue
            for p in range(1, len(order)):
                if xs[p] <= xs[p - 1] + 1e-7:
                    continue
                if p < msl or len(order) - p < msl:
                    continue
                left = [float(sum(1 for i in order[:p] if y[i] == c)) for c in range(k)]
                right = [counts[c] - left[c] for c in range(k)]
                wl, wr = float(p), w - p
                proxy = -wr * impurity(right, criterion) - wl * impurity(left, criterion)
                if proxy > best[0]:
                    t = xs[p - 1] / 2.0 + xs[p] / 2.0
                    if t == xs[p]:
                        t = xs[p - 1]
                    best = (proxy, f, t, order[:p])
        if best[1] is None:
            return
        node["feature"], node["threshold"] = best[1], best[2]
        left_set = set(best[3])
        li = [i for i in idx if i in left_set]
        ri = [i for i in idx if i not in left_set]
        grow(li, depth + 1, nid, True)
        grow(ri, depth + 1, nid, False)

    grow(list(range(len(y))), 0, -1, False)
    return nodes


def sk_nodes(clf):
    t = clf.tree_
    out = []
    for i in range(t.node_count):
        out.append(dict(feature=int(t.feature[i]) if t.children_left[i] >= 0 else -1,
                        threshold=float(t.threshold[i]) if t.children_left[i] >= 0 else 0.0,
                        impurity=float(t.impurity[i]), samples=int(t.n_node_samples[i]),
                        value=[float(v) for v in t.value[i][0]],
                        left=int(t.children_left[i]), right=int(t.children_right[i])))
    return out


def same_tree(a, b, tol=0.0):
    if len(a) != len(b):
        return False
    for u, v in zip(a, b):
        if (u["feature"], u["left"], u["right"], u["samples"]) != (v["feature"], v["left"], v["right"], v["samples"]):
            return False
        if u["threshold"] != v["threshold"] or abs(u["impurity"] - v["impurity"]) > tol:
            return False
        if u["value"] != v["value"]:
            return False
    return True


# ---------------------------------------------------------------- cases

CASES = [
    # name, kind, n, extra features, classes, criterion, max_depth (0: none), min_samples_leaf, ccp_alpha
    ("moons_gini", "moons", 120, 0, 2, "gini", 0, 1, 0.01),
    ("moons_entropy_depth4", "moons", 160, 0, 2, "entropy", 4, 5, 0.02),
    ("blobs_gini_3d", "blobs", 150, 1, 3, "gini", 0, 3, 0.005),
    ("blobs_entropy", "blobs", 140, 0, 4, "entropy", 6, 2, 0.03),
]

lines = ["/* Generated by tests/reference/trees_reference.py: do not edit. */", "#pragma once", "",
         "#include <math.h>", "",
         "typedef struct { int feature; double threshold, impurity; unsigned samples; double value[4]; int left, right; } RefCartNode;",
         "typedef struct { const char *name; unsigned n, d, k; const double *x; const unsigned *y;",
         "                 int criterion; unsigned max_depth, min_samples_leaf;",
         "                 unsigned n_nodes; const RefCartNode *nodes; const double *importance;",
         "                 unsigned n_path; const double *ccp_alphas, *impurities;",
         "                 double ccp_alpha; unsigned pruned_n_nodes, pruned_n_leaves, pruned_depth;",
         "                 const RefCartNode *pruned_nodes; } RefCart;", ""]

CRIT = {"gini": 0, "entropy": 1, "misclassification": 2}


def emit_nodes(name, nodes, k):
    rows = []
    for n in nodes:
        value = n["value"] + [0.0] * (4 - k)
        rows.append("  { %d, %s, %s, %d, %s, %d, %d }," % (n["feature"], c(n["threshold"]), c(n["impurity"]),
                                                         n["samples"], arr(value), n["left"], n["right"]))
    lines.append("static const RefCartNode %s[] = {" % name)
    lines.extend(rows)
    lines.append("};")


entries = []
brute_checked = 0
for (name, kind, n, extra, k, criterion, max_depth, msl, alpha) in CASES:
    seed = 0
    while True:
        X, y = dataset(kind, n, seed, extra, k)
        trees = [DecisionTreeClassifier(criterion=criterion, max_depth=max_depth or None,
                                        min_samples_leaf=msl, random_state=rs).fit(X, y) for rs in range(20)]
        ref = sk_nodes(trees[0])
        if all(same_tree(ref, sk_nodes(t)) for t in trees[1:]):
            break
        seed += 1
    clf = trees[0]
    if not entries:
        first_case = (X, y)
    # the brute-force CART agrees with scikit-learn (this validates it for misclassification)
    brute = brute_cart(X, y, k, criterion, max_depth, msl)
    assert same_tree(ref, brute, tol=1e-12), name
    brute_checked += 1
    path = clf.cost_complexity_pruning_path(X, y)
    pruned = DecisionTreeClassifier(criterion=criterion, max_depth=max_depth or None, min_samples_leaf=msl,
                                    ccp_alpha=alpha, random_state=0).fit(X, y)
    pn = sk_nodes(pruned)
    lines.append("/* %s: %s (data seed %d), n = %d, %d features, %d classes */" % (name, kind, seed, n, X.shape[1], k))
    lines.append("static const double %s_x[] = %s;" % (name, arr(X.ravel())))
    lines.append("static const unsigned %s_y[] = %s;" % (name, arr(y, str)))
    emit_nodes(name + "_nodes", ref, k)
    emit_nodes(name + "_pruned", pn, k)
    lines.append("static const double %s_importance[] = %s;" % (name, arr(clf.feature_importances_)))
    lines.append("static const double %s_alphas[] = %s;" % (name, arr(path.ccp_alphas)))
    lines.append("static const double %s_impurities[] = %s;" % (name, arr(path.impurities)))
    lines.append("")
    entries.append("  { \"%s\", %d, %d, %d, %s_x, %s_y, %d, %d, %d, %d, %s_nodes, %s_importance, %d, %s_alphas, %s_impurities, %s, %d, %d, %d, %s_pruned },"
                   % (name, n, X.shape[1], k, name, name, CRIT[criterion], max_depth, msl, len(ref), name, name,
                      len(path.ccp_alphas), name, name, c(alpha), pruned.tree_.node_count, pruned.get_n_leaves(),
                      pruned.get_depth(), name))

lines.append("static const RefCart ref_carts[] = {")
lines.extend(entries)
lines.append("};")
lines.append("")

# ---------------------------------------------------------------- misclassification (brute force)

MIS = [("moons_mis", "moons", 90, 0, 2, 0, 1), ("blobs_mis_depth3", "blobs", 100, 0, 3, 3, 4)]
entries = []
for (name, kind, n, extra, k, max_depth, msl) in MIS:
    X, y = dataset(kind, n, 7, extra, k)
    nodes = brute_cart(X, y, k, "misclassification", max_depth, msl)
    lines.append("/* %s: scikit-learn has no misclassification criterion: the brute-force CART above */" % name)
    lines.append("static const double %s_x[] = %s;" % (name, arr(X.ravel())))
    lines.append("static const unsigned %s_y[] = %s;" % (name, arr(y, str)))
    emit_nodes(name + "_nodes", nodes, k)
    entries.append("  { \"%s\", %d, %d, %d, %s_x, %s_y, 2, %d, %d, %d, %s_nodes, NULL, 0, NULL, NULL, 0, 0, 0, 0, NULL },"
                   % (name, n, X.shape[1], k, name, name, max_depth, msl, len(nodes), name))
lines.append("static const RefCart ref_carts_mis[] = {")
lines.extend(entries)
lines.append("};")
lines.append("")

# ---------------------------------------------------------------- best-first growth

X, y = first_case
lines.append("/* best-first: the splits (feature, threshold) of DecisionTreeClassifier(max_leaf_nodes = k + 1)")
lines.append(" * on ref_carts[0]'s data, k = 1 … 8, each list sorted by (feature, threshold) */")
lines.append("typedef struct { unsigned k; int feature[8]; double threshold[8]; } RefBestFirst;")
lines.append("static const RefBestFirst ref_best_first[] = {")
for kk in range(1, 9):
    t = DecisionTreeClassifier(max_leaf_nodes=kk + 1, random_state=0).fit(X, y).tree_
    splits = sorted([(int(t.feature[i]), float(t.threshold[i])) for i in range(t.node_count) if t.children_left[i] >= 0])
    fs = [f for f, _ in splits] + [-1] * (8 - len(splits))
    ts = [th for _, th in splits] + [0.0] * (8 - len(splits))
    lines.append("  { %d, %s, %s }," % (kk, arr(fs, str), arr(ts)))
lines.append("};")
lines.append("")

# ---------------------------------------------------------------- forests

X, y = dataset("moons", 600, 3)
Xtr, ytr, Xte, yte = X[:400], y[:400], X[400:], y[400:]
oob, acc = [], []
for s in range(10):
    rf = RandomForestClassifier(n_estimators=100, max_features="sqrt", bootstrap=True, oob_score=True,
                                random_state=s).fit(Xtr, ytr)
    oob.append(rf.oob_score_)
    acc.append(rf.score(Xte, yte))
lines.append("/* RandomForestClassifier(100 trees, max_features = sqrt, bootstrap) on moons (n = 600, noise 0.3):")
lines.append(" * the first 400 rows train, the rest test; 10 random_state values */")
lines.append("static const double ref_forest_x[] = %s;" % arr(X.ravel()))
lines.append("static const unsigned ref_forest_y[] = %s;" % arr(y, str))
lines.append("#define REF_FOREST_N_TRAIN 400")
lines.append("#define REF_FOREST_N 600")
lines.append("static const double ref_forest_oob_mean = %s, ref_forest_oob_sd = %s;" % (c(np.mean(oob)), c(np.std(oob, ddof=1))))
lines.append("static const double ref_forest_test_mean = %s, ref_forest_test_sd = %s;" % (c(np.mean(acc)), c(np.std(acc, ddof=1))))
lines.append("")

# ---------------------------------------------------------------- XGBoost

import xgboost as xgb

BOOST = [
    # name, kind, n, classes, grow_policy, max_depth, max_leaves, eta, rounds, subsample, lambda, min_child_weight, seed
    ("boost_moons", "moons", 300, 2, "depthwise", 3, 0, 0.3, 20, 0.8, 1.0, 1.0, 5),
    ("boost_blobs", "blobs", 240, 3, "lossguide", 0, 8, 0.1, 15, 1.0, 2.0, 0.5, 1),
]
lines.append("typedef struct { const char *name; unsigned n_train, n_test, k; const double *x; const unsigned *y;")
lines.append("                 int lossguide; unsigned max_depth, max_leaves; double eta; unsigned rounds;")
lines.append("                 double subsample, lambda, min_child_weight; unsigned seed;")
lines.append("                 const double *proba; /* rounds x n_test x k: predict(iteration_range = (0, r + 1)) */")
lines.append("                 const double *train_logloss, *test_logloss;")
lines.append("                 const double *train_proba; /* n_train x k after the last round */ } RefBoost;")
entries = []
for (name, kind, n, k, gp, md, ml, eta, rounds, sub, lam, mcw, seed) in BOOST:
    X, y = dataset(kind, n, 11, 0, k)
    ntr = n * 2 // 3
    dtr = xgb.DMatrix(X[:ntr].astype(np.float32), label=y[:ntr])
    dte = xgb.DMatrix(X[ntr:].astype(np.float32), label=y[ntr:])
    params = {"tree_method": "hist", "grow_policy": gp, "max_depth": md, "max_leaves": ml, "eta": eta,
              "subsample": sub, "lambda": lam, "min_child_weight": mcw, "seed": seed, "verbosity": 0}
    if k == 2:
        params.update(objective="binary:logistic", eval_metric="logloss")
        metric = "logloss"
    else:
        params.update(objective="multi:softprob", num_class=k, eval_metric="mlogloss")
        metric = "mlogloss"
    res = {}
    bst = xgb.train(params, dtr, num_boost_round=rounds, evals=[(dtr, "train"), (dte, "test")],
                    evals_result=res, verbose_eval=False)
    proba = []
    for r in range(rounds):
        p = bst.predict(dte, iteration_range=(0, r + 1)).astype(np.float64)
        if k == 2:
            p = np.stack([1.0 - p, p], axis=1)
        proba.append(p)
    proba = np.array(proba)
    lines.append("/* %s: xgboost %s, %s */" % (name, xgb.__version__, params))
    lines.append("static const double %s_x[] = %s;" % (name, arr(X.ravel())))
    lines.append("static const unsigned %s_y[] = %s;" % (name, arr(y, str)))
    lines.append("static const double %s_proba[] = %s;" % (name, arr(proba.ravel())))
    lines.append("static const double %s_train_logloss[] = %s;" % (name, arr(res["train"][metric])))
    lines.append("static const double %s_test_logloss[] = %s;" % (name, arr(res["test"][metric])))
    ptr = bst.predict(dtr).astype(np.float64)
    if k == 2:
        ptr = np.stack([1.0 - ptr, ptr], axis=1)
    lines.append("static const double %s_train_proba[] = %s;" % (name, arr(ptr.ravel())))
    entries.append("  { \"%s\", %d, %d, %d, %s_x, %s_y, %d, %d, %d, %s, %d, %s, %s, %s, %d, %s_proba, %s_train_logloss, %s_test_logloss, %s_train_proba },"
                   % (name, ntr, n - ntr, k, name, name, gp == "lossguide", md, ml, c(eta), rounds, c(sub), c(lam),
                      c(mcw), seed, name, name, name, name))
lines.append("static const RefBoost ref_boosts[] = {")
lines.extend(entries)
lines.append("};")
lines.append("")

open(OUT, "w").write("\n".join(lines) + "\n")
print("wrote", OUT, "(%d cases checked against the brute-force CART)" % brute_checked)
