#!/usr/bin/python3
"""Reference fits for tests/test-classifiers.c (and the classifiers topic's tests).

Run from the repository root:

    /usr/bin/python3 tests/reference/classifiers_reference.py

Writes tests/classifiers-reference.h: small labelled data sets drawn here with numpy,
and scikit-learn 1.2's fits on them —

- LogisticRegression without penalty and with L2 by solver="newton-cg", tol=1e-12 (the
  exact optimum: Debian's lbfgs stops up to 3e-5 short even at tol=1e-10); each is
  checked here against a plain Newton iteration in numpy before it is written;
- LogisticRegression with L1 by solver="saga" (tol=1e-12, max_iter=10**6);
- the pipeline PolynomialFeatures(degree, include_bias=False) → StandardScaler →
  LogisticRegression(L2) on two features;
- GaussianNB, LinearDiscriminantAnalysis (solver "svd") and QuadraticDiscriminantAnalysis
  (reg_param 0 and 0.3): probabilities on query points, and the fitted parameters.

Two classes: scikit-learn keeps one coefficient row (class 1 against class 0). Three
classes: the multinomial softmax; its intercepts (and, without a penalty, its
coefficients) are fixed only up to a shift common to all rows, so the header holds them
centred to sum to zero over the classes, as the C solver returns them.

Uses Debian 12's python3-sklearn (1.2.1) and python3-numpy.
"""
import os
import warnings

import numpy as np
import sklearn
from sklearn.discriminant_analysis import (LinearDiscriminantAnalysis,
                                           QuadraticDiscriminantAnalysis)
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "classifiers-reference.h")

rng = np.random.default_rng(20261204)


def gaussian_classes(means, covs, sizes):
    xs, ys = [], []
    for k, (m, c, s) in enumerate(zip(means, covs, sizes)):
        xs.append(rng.multivariate_normal(m, c, size=s))
        ys.append(np.full(s, k))
    x = np.vstack(xs)
    y = np.concatenate(ys)
    perm = rng.permutation(len(y))
    return x[perm], y[perm]


# two overlapping classes with unequal covariances
X2, Y2 = gaussian_classes([[0.0, 0.0], [1.2, 0.8]],
                          [[[1.0, 0.3], [0.3, 0.8]], [[0.7, -0.2], [-0.2, 1.3]]],
                          [70, 50])
# three classes
X3, Y3 = gaussian_classes([[0.0, 0.0], [2.0, 0.5], [0.5, 2.2]],
                          [[[1.0, 0.4], [0.4, 1.0]], [[0.6, 0.0], [0.0, 1.5]], [[1.2, -0.5], [-0.5, 0.9]]],
                          [60, 50, 40])
# query points for probabilities
XQ = rng.uniform(-3.0, 4.0, size=(25, 2))

C_L2 = 0.5
C_L1 = 0.05
C_POLY = 2.0
POLY_DEGREE = 3
VAR_SMOOTHING = 1e-9
REG = 0.3


def newton_logistic(x, y, k, lam):
    """Plain Newton on Σ −log p + λ/2 ‖W‖² (intercepts free), rows centred for K > 2."""
    n, d = x.shape
    xa = np.hstack([x, np.ones((n, 1))])
    r = 1 if k == 2 else k
    theta = np.zeros((r, d + 1))
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1
    pen = np.ones(d + 1) * lam
    pen[d] = 0
    for _ in range(100):
        z = xa @ theta.T
        logits = np.hstack([np.zeros((n, 1)), z]) if r == 1 else z
        logits = logits - logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        pf = p[:, 1:] if r == 1 else p
        yf = Y[:, 1:] if r == 1 else Y
        g = (pf - yf).T @ xa + theta * pen
        h = np.zeros((r * (d + 1), r * (d + 1)))
        for a in range(r):
            for b in range(r):
                wt = pf[:, a] * ((a == b) - pf[:, b])
                h[a * (d + 1):(a + 1) * (d + 1), b * (d + 1):(b + 1) * (d + 1)] = xa.T @ (wt[:, None] * xa)
        h += np.diag(np.tile(pen, r))
        if r > 1:
            # the shift direction: minimum-norm step
            step = np.linalg.lstsq(h, -g.reshape(-1), rcond=1e-12)[0]
        else:
            step = np.linalg.solve(h, -g.reshape(-1))
        theta = theta + step.reshape(r, d + 1)
        if r > 1:
            theta -= theta.mean(axis=0)
        if np.abs(step).max() < 1e-14:
            break
    return theta[:, :d], theta[:, d]


def centred(coef, intercept, shift_coef):
    coef = np.array(coef, dtype=float)
    intercept = np.array(intercept, dtype=float)
    if coef.shape[0] > 1:
        intercept = intercept - intercept.mean()
        if shift_coef:
            coef = coef - coef.mean(axis=0)
    return coef, intercept


def fit_logistic(x, y, penalty, c, query=XQ):
    k = len(np.unique(y))
    if penalty == "none":
        lr = LogisticRegression(penalty="none", solver="newton-cg", tol=1e-12, max_iter=10000)
    elif penalty == "l2":
        lr = LogisticRegression(penalty="l2", C=c, solver="newton-cg", tol=1e-12, max_iter=10000)
    else:
        lr = LogisticRegression(penalty="l1", C=c, solver="saga", tol=1e-12, max_iter=10 ** 6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lr.fit(x, y)
    coef, intercept = centred(lr.coef_, lr.intercept_, penalty == "none")
    if penalty != "l1":
        nc, ni = newton_logistic(x, y, k, 0.0 if penalty == "none" else 1.0 / c)
        assert np.abs(nc - coef).max() < 1e-7, (penalty, nc, coef)
        assert np.abs(ni - intercept).max() < 1e-7, (penalty, ni, intercept)
    return coef, intercept, lr.predict_proba(query)


def c_array(name, values, fmt="%.17g", per_line=4):
    values = np.asarray(values, dtype=float).reshape(-1)
    items = [fmt % v for v in values]
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("  " + ", ".join(items[i:i + per_line]) + ",")
    return "static const double %s[%d] = {\n%s\n};\n" % (name, len(values), "\n".join(lines))


def c_uint_array(name, values):
    values = [int(v) for v in values]
    lines = []
    for i in range(0, len(values), 20):
        lines.append("  " + ", ".join(str(v) for v in values[i:i + 20]) + ",")
    return "static const guint %s[%d] = {\n%s\n};\n" % (name, len(values), "\n".join(lines))


def main():
    out = []
    out.append("/* Generated by tests/reference/classifiers_reference.py with scikit-learn %s; do not edit. */\n"
               % sklearn.__version__)
    out.append("#pragma once\n\n#include <glib.h>\n")
    out.append("#define REF_C_L2 %r\n#define REF_C_L1 %r\n#define REF_C_POLY %r\n#define REF_POLY_DEGREE %d\n"
               "#define REF_VAR_SMOOTHING %r\n#define REF_REG %r\n" % (C_L2, C_L1, C_POLY, POLY_DEGREE, VAR_SMOOTHING, REG))
    out.append(c_array("ref_x2", X2))
    out.append(c_uint_array("ref_y2", Y2))
    out.append(c_array("ref_x3", X3))
    out.append(c_uint_array("ref_y3", Y3))
    out.append(c_array("ref_query", XQ))

    for tag, x, y in (("2", X2, Y2), ("3", X3, Y3)):
        for pen, c in (("none", 1.0), ("l2", C_L2), ("l1", C_L1)):
            coef, intercept, proba = fit_logistic(x, y, pen, c)
            out.append(c_array("ref_lr%s_%s_coef" % (tag, pen), coef))
            out.append(c_array("ref_lr%s_%s_intercept" % (tag, pen), intercept))
            out.append(c_array("ref_lr%s_%s_proba" % (tag, pen), proba))

        # polynomial features, standardised, L2
        poly = PolynomialFeatures(POLY_DEGREE, include_bias=False)
        scaler = StandardScaler()
        z = scaler.fit_transform(poly.fit_transform(x))
        zq = scaler.transform(poly.transform(XQ))
        coef, intercept, proba = fit_logistic(z, y, "l2", C_POLY, zq)
        out.append(c_array("ref_poly%s_features" % tag, poly.transform(XQ[:3])))
        out.append(c_array("ref_poly%s_coef" % tag, coef))
        out.append(c_array("ref_poly%s_intercept" % tag, intercept))
        out.append(c_array("ref_poly%s_proba" % tag, proba))

        nb = GaussianNB(var_smoothing=VAR_SMOOTHING).fit(x, y)
        out.append(c_array("ref_nb%s_theta" % tag, nb.theta_))
        out.append(c_array("ref_nb%s_var" % tag, nb.var_))
        out.append(c_array("ref_nb%s_prior" % tag, nb.class_prior_))
        out.append(c_array("ref_nb%s_proba" % tag, nb.predict_proba(XQ)))
        # a large smoothing, so that ε matters
        nb = GaussianNB(var_smoothing=0.5).fit(x, y)
        out.append(c_array("ref_nb%s_smooth_proba" % tag, nb.predict_proba(XQ)))

        lda = LinearDiscriminantAnalysis(solver="svd").fit(x, y)
        out.append(c_array("ref_lda%s_coef" % tag, lda.coef_))
        out.append(c_array("ref_lda%s_intercept" % tag, lda.intercept_))
        out.append(c_array("ref_lda%s_proba" % tag, lda.predict_proba(XQ)))

        for rtag, reg in (("", 0.0), ("_reg", REG)):
            qda = QuadraticDiscriminantAnalysis(reg_param=reg, store_covariance=True).fit(x, y)
            out.append(c_array("ref_qda%s%s_proba" % (tag, rtag), qda.predict_proba(XQ)))
            if reg == 0.0:
                out.append(c_array("ref_qda%s_cov" % tag, np.array(qda.covariance_)))

    with open(OUT, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
