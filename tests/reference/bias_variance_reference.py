#!/usr/bin/python3
"""Reference values for tests/test-polyfit.c, tests/test-regressors.c and
tests/test-topic-bias-variance.c.

Run from the repository root:

    /usr/bin/python3 tests/reference/bias_variance_reference.py

It does two things:

1. Checks the NIST StRD files in tests/data/nist/ against their own certified
   values with an exact least-squares solve in rational arithmetic (Python's
   fractions: the normal equations of the decimal data, solved exactly). This
   proves the transcription of data and certified values; the C tests then
   compare the C fit with the certified values read from the same files.
2. Writes tests/bias-variance-reference.h: a small data set and, for it,
   exact polynomial fits (fractions), scikit-learn ridge, lasso, k-nearest-
   neighbour and regression-tree results, and a CSV for the topic's data mode.

Uses Debian 12's python3-numpy, python3-sklearn (scikit-learn 1.2) and python3-mpmath.
"""
from fractions import Fraction as F
import math
import os
import re

import numpy as np
from sklearn.linear_model import Lasso, Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.tree import DecisionTreeRegressor

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
NIST = os.path.join(ROOT, "tests", "data", "nist")


# ---------------------------------------------------------------- exact least squares

def solve_exact(A, b):
    """Gauss–Jordan elimination in fractions."""
    n = len(A)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        p = next(r for r in range(c, n) if M[r][c] != 0)
        M[c], M[p] = M[p], M[c]
        piv = M[c][c]
        M[c] = [v / piv for v in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [a - f * bb for a, bb in zip(M[r], M[c])]
    return [M[i][n] for i in range(n)]


def inverse_exact(A):
    n = len(A)
    cols = []
    for j in range(n):
        e = [F(int(i == j)) for i in range(n)]
        cols.append(solve_exact(A, e))
    return [[cols[j][i] for j in range(n)] for i in range(n)]


def exact_polyfit(xs, ys, degree):
    """Exact LS fit of the given numbers (as decimal/binary fractions)."""
    X = [[x ** k for k in range(degree + 1)] for x in xs]
    p = degree + 1
    XtX = [[sum(X[i][a] * X[i][b] for i in range(len(xs))) for b in range(p)] for a in range(p)]
    Xty = [sum(X[i][a] * ys[i] for i in range(len(xs))) for a in range(p)]
    beta = solve_exact(XtX, Xty)
    n = len(xs)
    rss = sum((ys[i] - sum(beta[k] * X[i][k] for k in range(p))) ** 2 for i in range(n))
    ybar = sum(ys) / n
    tss = sum((y - ybar) ** 2 for y in ys)
    out = dict(beta=beta, rss=rss, tss=tss, n=n, p=p)
    if n > p:
        inv = inverse_exact(XtX)
        s2 = rss / (n - p)
        out["se"] = [math.sqrt(s2 * inv[k][k]) for k in range(p)]
        out["rsd"] = math.sqrt(rss / (n - p))
    out["r2"] = 1 - rss / tss
    out["adj_r2"] = 1 - (rss / tss) * F(n - 1, n - p) if n > p else float("nan")
    return out


def read_nist(path):
    coef, sd, xs, ys = [], [], [], []
    rsd = r2 = None
    in_data = False
    for line in open(path):
        t = line.split()
        if not t:
            continue
        if in_data and len(t) == 2:
            ys.append(F(t[0]))
            xs.append(F(t[1]))
        elif t == ["Data:", "y", "x"]:
            in_data = True
        elif len(t) == 3 and re.fullmatch(r"B\d+", t[0]):
            coef.append(float(t[1]))
            sd.append(float(t[2]))
        elif len(t) == 3 and t[:2] == ["Standard", "Deviation"]:
            rsd = float(t[2])
        elif len(t) == 2 and t[0] == "R-Squared":
            r2 = float(t[1])
    return xs, ys, coef, sd, rsd, r2


def digits(got, want):
    if want == 0:
        return 15.0 if abs(got) < 1e-15 else -math.log10(abs(got))
    e = abs(got - want) / abs(want)
    return 15.0 if e == 0 else min(15.0, -math.log10(e))


def check_nist():
    for name in ["Norris", "Pontius", "Filip", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]:
        xs, ys, coef, sd, rsd, r2 = read_nist(os.path.join(NIST, name + ".dat"))
        fit = exact_polyfit(xs, ys, len(coef) - 1)
        worst = 15.0
        for k in range(len(coef)):
            worst = min(worst, digits(float(fit["beta"][k]), coef[k]))
            if sd[k] != 0:
                worst = min(worst, digits(fit["se"][k], sd[k]))
        if rsd != 0:
            worst = min(worst, digits(fit["rsd"], rsd))
        worst = min(worst, digits(float(fit["r2"]), r2))
        print(f"{name:9s} n={len(xs):3d} degree={len(coef) - 1:2d}: exact solve agrees with the certified values to {worst:.1f} digits")
        assert worst >= 12, name


# ---------------------------------------------------------------- the small data set

def c_array(values, fmt="%.17g"):
    return ", ".join(fmt % v for v in values)


def main():
    check_nist()

    rng = np.random.default_rng(20261124)
    n = 40
    x = np.round(rng.uniform(-1, 1, n), 6)
    y = np.round(np.sin(np.pi * x) + 0.3 * rng.standard_normal(n), 6)
    q = np.array([-0.97, -0.61, -0.23, 0.05, 0.3301, 0.72, 0.9912])

    out = []
    w = out.append
    w("/* Generated by tests/reference/bias_variance_reference.py: do not edit. */")
    w("#pragma once\n")
    w("static const double ref_poly_x[] = { %s };" % c_array(x))
    w("static const double ref_poly_y[] = { %s };" % c_array(y))
    w("static const double ref_query[] = { %s };\n" % c_array(q))

    # exact polynomial fits of the (binary) doubles
    xs = [F(float(v)) for v in x]
    ys = [F(float(v)) for v in y]
    w("typedef struct { unsigned degree; double coefficients[9]; double std_errors[9]; double rss, r2, adjusted_r2; } RefPolyfit;")
    w("static const RefPolyfit ref_polyfit[] = {")
    for d in range(0, 9):
        f = exact_polyfit(xs, ys, d)
        co = [float(b) for b in f["beta"]] + [0.0] * (8 - d)
        se = list(f["se"]) + [0.0] * (8 - d)
        w("  { %d, { %s }, { %s }, %.17g, %.17g, %.17g }," % (d, c_array(co), c_array(se), float(f["rss"]),
                                                               float(f["r2"]), float(f["adj_r2"])))
    w("};\n")

    # ridge and lasso on standardised polynomial features of degree 8
    deg = 8
    Z = StandardScaler().fit_transform(PolynomialFeatures(deg, include_bias=False).fit_transform(x[:, None]))
    lams = [1e-4, 1e-2, 0.1, 1.0]
    w("#define REF_PEN_DEGREE %d" % deg)
    w("typedef struct { double lambda; double intercept; double w[%d]; } RefPenalized;" % deg)
    w("/* sklearn Ridge(alpha = n·lambda): minimises (1/2n)‖y − b − Zw‖² + (lambda/2)‖w‖² */")
    w("static const RefPenalized ref_ridge[] = {")
    for lam in lams:
        m = Ridge(alpha=n * lam, fit_intercept=True, solver="svd").fit(Z, y)
        w("  { %.17g, %.17g, { %s } }," % (lam, m.intercept_, c_array(m.coef_)))
    w("};")
    w("/* sklearn Lasso(alpha = lambda): minimises (1/2n)‖y − b − Zw‖² + lambda‖w‖₁ */")
    w("static const RefPenalized ref_lasso[] = {")
    for lam in lams:
        m = Lasso(alpha=lam, fit_intercept=True, tol=1e-14, max_iter=10_000_000).fit(Z, y)
        w("  { %.17g, %.17g, { %s } }," % (lam, m.intercept_, c_array(m.coef_)))
    w("};\n")

    # k nearest neighbours (no ties in distance for these queries)
    ks = [1, 3, 7, 40]
    w("typedef struct { unsigned k; double pred[%d]; } RefKnn;" % len(q))
    w("static const RefKnn ref_knn[] = {")
    for k in ks:
        m = KNeighborsRegressor(n_neighbors=k, algorithm="brute").fit(x[:, None], y)
        w("  { %d, { %s } }," % (k, c_array(m.predict(q[:, None]))))
    w("};\n")

    # regression trees; training predictions too (they give the training error)
    w("typedef struct { unsigned depth; double pred[%d]; double train_mse; } RefTree;" % len(q))
    w("static const RefTree ref_tree[] = {")
    for d in range(0, 8):
        if d == 0:
            pred = np.full(len(q), y.mean())
            tr = np.mean((y - y.mean()) ** 2)
        else:
            m = DecisionTreeRegressor(max_depth=d, random_state=0).fit(x[:, None], y)
            pred = m.predict(q[:, None])
            tr = np.mean((y - m.predict(x[:, None])) ** 2)
        w("  { %d, { %s }, %.17g }," % (d, c_array(pred), tr))
    w("};\n")

    # data mode of the topic: a CSV and its cross-validation by interleaved folds
    csv = os.path.join(ROOT, "tests", "data", "bias-variance", "points.csv")
    os.makedirs(os.path.dirname(csv), exist_ok=True)
    with open(csv, "w") as fh:
        fh.write("x,y\n")
        for a, b in zip(x, y):
            fh.write(f"{a:.6f},{b:.6f}\n")
    folds = 5
    cv = []
    for d in range(0, 13):
        err = 0.0
        for f in range(folds):
            test = np.arange(n) % folds == f
            c = np.polynomial.chebyshev.Chebyshev.fit(x[~test], y[~test], d)
            err += np.sum((y[test] - c(x[test])) ** 2)
        cv.append(err / n)
    w("/* tests/data/bias-variance/points.csv: %d-fold CV (row i in fold i mod %d), MSE per degree 0..12 */" % (folds, folds))
    w("static const double ref_cv_mse[] = { %s };" % c_array(cv))

    # fixed design: the models are linear smoothers, f̂ = H y, so bias² and variance
    # on the topic's test grid have closed forms (E f̂ = H f, Var f̂(x_g) = σ² Σ_i H_gi²)
    w("\n/* design=fixed, truth=sin, noise=0.3: exact bias², variance and training MSE */")
    w("typedef struct { const char *assignments; double bias2, variance, train_mse; } RefExact;")
    w("static const RefExact ref_exact[] = {")
    grid = -1.0 + 2.0 * np.arange(121) / 120
    fg = np.sin(np.pi * grid)
    sigma = 0.3

    def exact(H, Htrain, xs, label):
        f = np.sin(np.pi * xs)
        bias2 = np.mean((H @ f - fg) ** 2)
        var = sigma ** 2 * np.mean(np.sum(H ** 2, axis=1))
        # E‖y − Hy‖²/n = ‖(I − H)f‖²/n + σ² tr((I − H)ᵀ(I − H))/n
        R = np.eye(len(xs)) - Htrain
        train = (np.sum((R @ f) ** 2) + sigma ** 2 * np.trace(R.T @ R)) / len(xs)
        w('  { "%s", %.17g, %.17g, %.17g },' % (label, bias2, var, train))

    for n, d in [(20, 1), (20, 3), (20, 8), (12, 5)]:
        xs = -1.0 + 2.0 * np.arange(n) / (n - 1)
        V = np.polynomial.chebyshev.chebvander(xs, d)
        Vg = np.polynomial.chebyshev.chebvander(grid, d)
        P = np.linalg.pinv(V)
        exact(Vg @ P, V @ P, xs, "design=fixed n-train=%d model=poly degree=%d" % (n, d))
    for n, d, lam in [(20, 8, 1e-3), (20, 12, 0.05)]:
        xs = -1.0 + 2.0 * np.arange(n) / (n - 1)
        pf = PolynomialFeatures(d, include_bias=False).fit(xs[:, None])
        sc = StandardScaler().fit(pf.transform(xs[:, None]))
        Z = sc.transform(pf.transform(xs[:, None]))
        Zg = sc.transform(pf.transform(grid[:, None]))
        C = np.eye(n) - np.ones((n, n)) / n          # centring
        K = np.linalg.solve(Z.T @ C @ Z + n * lam * np.eye(d), Z.T @ C)
        H = np.ones((121, n)) / n + (Zg - Z.mean(0)) @ K
        Ht = np.ones((n, n)) / n + (Z - Z.mean(0)) @ K
        exact(H, Ht, xs, "design=fixed n-train=%d model=ridge degree=%d lambda=%g" % (n, d, lam))
    for n, k in [(20, 1), (20, 4), (25, 9)]:
        xs = -1.0 + 2.0 * np.arange(n) / (n - 1)

        def knn_rows(qs):
            H = np.zeros((len(qs), n))
            for gi, q in enumerate(qs):
                lo = int(np.searchsorted(xs, q, side="left"))
                l, r = lo - 1, lo
                for _ in range(k):
                    # the nearer neighbour; the left one on a tie (the C convention)
                    if r >= n or (l >= 0 and q - xs[l] <= xs[r] - q):
                        H[gi, l] += 1.0 / k
                        l -= 1
                    else:
                        H[gi, r] += 1.0 / k
                        r += 1
            return H
        exact(knn_rows(grid), knn_rows(xs), xs, "design=fixed n-train=%d model=knn k=%d" % (n, k))
    w("};")

    # past the interpolation point: the minimum-norm interpolant in orthonormal Legendre
    # features is a linear smoother too; computed in 50-digit arithmetic (mpmath)
    import mpmath
    mpmath.mp.dps = 50

    def legendre_features(t, d):
        return np.polynomial.legendre.legvander(t, d) * np.sqrt(2 * np.arange(d + 1) + 1)

    w("\n/* design=fixed n-train=20 double-descent=true, truth=sin, noise=0.3: the sweep at these degrees */")
    w("typedef struct { unsigned degree; double bias2, variance; } RefDoubleDescent;")
    w("static const RefDoubleDescent ref_double_descent[] = {")
    n = 20
    xs = -1.0 + 2.0 * np.arange(n) / (n - 1)
    for d in [10, 19, 21, 25, 30, 45]:
        A = mpmath.matrix(legendre_features(xs, d).tolist())
        G = mpmath.matrix(legendre_features(grid, d).tolist())
        if d + 1 >= n:
            H = G * A.T * (A * A.T) ** -1
        else:
            H = G * (A.T * A) ** -1 * A.T
        H = np.array(H.tolist(), dtype=float)
        bias2 = np.mean((H @ np.sin(np.pi * xs) - fg) ** 2)
        var = sigma ** 2 * np.mean(np.sum(H ** 2, axis=1))
        w("  { %d, %.17g, %.17g }," % (d, bias2, var))
    w("};")

    # lab_min_norm against numpy's pseudo-inverse: 8 points, Legendre features of degree 12
    xm = x[:8]
    ym = y[:8]
    Am = legendre_features(xm, 12)
    wm = np.linalg.pinv(Am) @ ym
    w("\n/* the first 8 points of ref_poly_x/y: minimum-norm fit with Legendre features of degree 12 at ref_query */")
    w("static const double ref_min_norm_pred[] = { %s };" % c_array(legendre_features(q, 12) @ wm))

    with open(os.path.join(ROOT, "tests", "bias-variance-reference.h"), "w") as fh:
        fh.write("\n".join(out) + "\n")
    print("wrote tests/bias-variance-reference.h and tests/data/bias-variance/points.csv")


if __name__ == "__main__":
    main()
