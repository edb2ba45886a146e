#!/usr/bin/python3
"""Reference values for the second pass of the distributions topic (issue 16):
tests/test-distributions-engine.c checks src/engine/prob/lab-distribution.c against them.

Run from anywhere:

    /usr/bin/python3 tests/reference/distributions_scipy_reference.py

Writes tests/distributions-scipy-reference.h with, for every family at typical and extreme
parameters (p near 0 and 1, lambda up to 1e6, shapes near their limits):

* the density (pmf) and CDF at points that include both ends of the support,
* quantiles (scipy ``ppf``) at 1e-6, 0.05, 0.5, 0.95 and 1 - 1e-6,
* mean, variance, skewness, excess kurtosis (``stats(moments="mvsk")``; nan and inf kept),
* the entropy in nats (``entropy()``);

and for pairs (P, Q): KL(P||Q), KL(Q||P), the cross-entropy H(P, Q) and the Jensen-Shannon
divergence, by scipy.integrate.quad (continuous) or exact sums (discrete), independent of
the C code's closed forms.

Uses Debian 12's python3-scipy (1.10) and python3-numpy.
"""
import math
import os

import mpmath as mp
import numpy as np
from scipy import integrate, stats

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "distributions-scipy-reference.h")

QS = [1e-6, 0.05, 0.5, 0.95, 1 - 1e-6]


def c(v):
    v = float(v)
    if math.isnan(v):
        return "NAN"
    if math.isinf(v):
        return "INFINITY" if v > 0 else "-INFINITY"
    return repr(v)


# (C initialiser of a LabDist, scipy frozen distribution, points)
def normal(mu, s):
    return (f".family = LAB_FAMILY_NORMAL, .mu = {mu}, .sigma = {s}", stats.norm(mu, s))


def binom(n, p):
    return (f".family = LAB_FAMILY_BINOMIAL, .n = {n}, .p = {p}", stats.binom(n, p))


def poisson(lam):
    return (f".family = LAB_FAMILY_POISSON, .lambda = {lam}", stats.poisson(lam))


def beta(a, b):
    return (f".family = LAB_FAMILY_BETA, .alpha = {a}, .beta = {b}", stats.beta(a, b))


def expon(rate):
    return (f".family = LAB_FAMILY_EXPONENTIAL, .rate = {rate}", stats.expon(scale=1 / rate))


def uniform(a, b):
    return (f".family = LAB_FAMILY_UNIFORM, .a = {a}, .b = {b}", stats.uniform(a, b - a))


def gamma(k, th):
    return (f".family = LAB_FAMILY_GAMMA, .shape = {k}, .scale = {th}", stats.gamma(k, scale=th))


def t(df, mu, s):
    return (f".family = LAB_FAMILY_STUDENT_T, .df = {df}, .mu = {mu}, .sigma = {s}", stats.t(df, mu, s))


def laplace(mu, b):
    return (f".family = LAB_FAMILY_LAPLACE, .mu = {mu}, .scale = {b}", stats.laplace(mu, b))


def lognorm(mu, s):
    return (f".family = LAB_FAMILY_LOGNORMAL, .mu = {mu}, .sigma = {s}", stats.lognorm(s, scale=math.exp(mu)))


def geom(p):
    return (f".family = LAB_FAMILY_GEOMETRIC, .p = {p}", stats.geom(p))


def chi2(k):
    return (f".family = LAB_FAMILY_CHI_SQUARED, .df = {k}", stats.chi2(k))


CASES = [
    (normal(0.5, 2), [-6.0, 0.5, 1.25, 7.5]),
    (normal(-3, 0.05), [-3.2, -3.0, -2.9]),
    (binom(20, 0.3), [0, 1, 5.5, 6, 20]),
    (binom(1000, 0.001), [0, 1, 3, 10, 1000]),
    (binom(1000, 0.999), [990, 998, 999, 1000]),
    (binom(1, 0.5), [0, 1]),
    (poisson(4), [0, 2.5, 4, 12]),
    (poisson(0.05), [0, 1, 3]),
    (poisson(1e6), [995000, 999000, 1000000, 1001500, 1005000]),
    (beta(2, 5), [0, 0.01, 0.25, 0.95, 1]),
    (beta(0.5, 0.7), [0, 0.001, 0.4, 0.99, 1]),
    (beta(1, 3), [0, 0.5, 1]),
    (beta(50, 0.1), [0.5, 0.9, 0.999999]),
    (expon(0.5), [0, 0.01, 2.0, 12.0]),
    (expon(20), [0, 0.05, 0.5]),
    (uniform(-1, 2), [-1, -0.9, 0.5, 1.99, 2]),
    (gamma(2, 1.5), [0, 0.05, 3.0, 12.0]),
    (gamma(0.5, 1), [0, 0.001, 1.0, 5.0]),
    (gamma(1, 2), [0, 1.0, 5.0]),
    (gamma(0.1, 1), [0, 1e-8, 0.01, 1.0]),
    (gamma(50, 0.05), [1.5, 2.5, 4.0]),
    (t(3, 0, 1), [-10, -1, 0, 0.5, 4]),
    (t(1, 1, 2), [-100, 0, 1, 30]),
    (t(0.5, 0, 1), [-5, 0, 5]),
    (t(2, 0, 1), [-3, 0, 3]),
    (t(4.5, -1, 0.5), [-3, -1, 0]),
    (t(200, 0, 1), [-2, 0, 1.5]),
    (laplace(1, 0.5), [-2, 0.5, 1, 4]),
    (laplace(0, 20), [-50, 0, 10]),
    (lognorm(0, 1), [0, 0.1, 1, 5, 30]),
    (lognorm(1.5, 0.2), [0, 3, 4.5, 8]),
    (geom(0.3), [0, 1, 2, 5.5, 10]),
    (geom(0.001), [1, 100, 1000, 5000]),
    (geom(0.999), [1, 2, 3]),
    (chi2(3), [0, 0.5, 3, 10]),
    (chi2(1), [0, 0.01, 1, 6]),
    (chi2(2), [0, 1, 5]),
    (chi2(0.5), [0, 0.1, 2]),
    (chi2(150), [100, 150, 220]),
]


def mvsk(dist):
    m, v, s, k = dist.stats(moments="mvsk")
    return [float(m), float(v), float(s), float(k)]


def logpdf(dist, x):
    if hasattr(dist.dist, "logpmf"):
        return dist.logpmf(x)
    return dist.logpdf(x)


def lpdf(dist, x):
    """log density; scipy 1.10's laplace takes log(pdf), which is -inf beyond |x| ~ 745 scales"""
    if dist.dist.name == "laplace":
        loc, scale = dist.kwds.get("loc", dist.args[0] if dist.args else 0), dist.kwds.get("scale", dist.args[1] if len(dist.args) > 1 else 1)
        return -abs(x - loc) / scale - math.log(2 * scale)
    return float(dist.logpdf(x))


def kl_quad(p, q, lo, hi, disc):
    if disc:
        ks = np.arange(int(lo), int(hi) + 1)
        lp = p.logpmf(ks)
        lq = q.logpmf(ks)
        m = np.isfinite(lp)
        return float(np.sum(np.exp(lp[m]) * (lp[m] - lq[m])))

    def f(x):
        lp = lpdf(p, x)
        if not np.isfinite(lp) or math.exp(lp) < 1e-300:
            return 0.0   # far out: p is negligible (and scipy's log q may underflow to -inf)
        return math.exp(lp) * (lp - lpdf(q, x))
    return quad_pieces(f, p, q, lo, hi)


def quad_pieces(f, p, q, lo, hi):
    """integral of f over [lo, hi] by mpmath's tanh-sinh quadrature (it copes with the integrable
    endpoint singularities, such as x^-1/2 log x of gamma(0.5) at 0, that scipy's quad gets 1e-5
    wrong), split at both distributions' quartiles and 1e-6 tails"""
    pts = sorted(set([float(d.ppf(u)) for d in (p, q) for u in (1e-6, 0.25, 0.5, 0.75, 1 - 1e-6)]
                     + [float(e) for d in (p, q) for e in d.support()]))   # jumps at support ends
    inner = [x for x in pts if lo < x < hi]
    nodes = [mp.mpf(lo) if np.isfinite(lo) else -mp.inf] + [mp.mpf(x) for x in inner] \
        + [mp.mpf(hi) if np.isfinite(hi) else mp.inf]
    mp.mp.dps = 20
    return float(mp.quad(lambda x: f(float(x)), nodes, maxdegree=10))


def js_value(p, q, lo, hi, disc):
    def term(lp, lq):
        hi_ = max(lp, lq)
        if not np.isfinite(hi_):
            return 0.0
        lm = hi_ + math.log(math.exp(lp - hi_) + math.exp(lq - hi_)) - math.log(2)
        r = 0.0
        if np.isfinite(lp) and math.exp(lp) > 1e-300:
            r += math.exp(lp) * (lp - lm)
        if np.isfinite(lq) and math.exp(lq) > 1e-300:
            r += math.exp(lq) * (lq - lm)
        return 0.5 * r
    if disc:
        return sum(term(float(p.logpmf(k)), float(q.logpmf(k))) for k in range(int(lo), int(hi) + 1))
    return quad_pieces(lambda x: term(lpdf(p, x), lpdf(q, x)), p, q, lo, hi)


# (P, Q, lo, hi, discrete): the union of supports for JS, P's support for KL(P||Q)
PAIRS = [
    (normal(0, 1), normal(1, 2)),
    (normal(-2, 0.5), normal(0, 1)),
    (lognorm(0, 0.5), lognorm(0.3, 1)),
    (expon(1), expon(0.25)),
    (gamma(2, 1.5), gamma(3, 1)),
    (gamma(0.5, 1), gamma(2, 2)),
    (beta(2, 5), beta(3, 3)),
    (beta(0.5, 0.7), beta(2, 2)),
    (uniform(0, 1), uniform(-1, 2)),
    (laplace(0, 1), laplace(1, 2)),
    (chi2(3), chi2(5)),
    (poisson(4), poisson(6)),
    (binom(20, 0.3), binom(20, 0.5)),
    (geom(0.3), geom(0.5)),
    (t(5, 0, 1), normal(0, 1)),
    (normal(0, 1), t(3, 0, 1)),
    (normal(0, 1), laplace(0, 1)),
    (gamma(2, 1), lognorm(0.5, 0.8)),
    (beta(2, 2), gamma(2, 0.5)),
    (geom(0.4), poisson(2)),
    (binom(10, 0.4), poisson(4)),
]


def top_range(dist):
    """the integers that carry mass: mean +- 60 sd (+100), clipped to the support (scipy's isf
    returns nan far out for the Poisson)"""
    m, v = (float(u) for u in dist.stats(moments="mv"))
    lo, hi = (float(u) for u in dist.support())
    return max(lo, math.floor(m - 60 * math.sqrt(v) - 100)), min(hi, math.ceil(m + 60 * math.sqrt(v) + 100))


def entropy(dist):
    """scipy's entropy(), except the discrete families: there scipy's expect() stops early for
    lambda = 1e6 ("sum did not converge"), so sum -p log p over every k that carries mass."""
    if dist.dist.name == "beta":
        # scipy 1.10's beta has no _entropy: it integrates numerically, 5e-7 off at Beta(50, 0.1).
        # The closed form lnB(a,b) - (a-1)psi(a) - (b-1)psi(b) + (a+b-2)psi(a+b) at 40 digits:
        mp.mp.dps = 40
        a, b = (mp.mpf(repr(float(u))) for u in dist.args)
        return float(mp.log(mp.beta(a, b)) - (a - 1) * mp.digamma(a) - (b - 1) * mp.digamma(b)
                     + (a + b - 2) * mp.digamma(a + b))
    if dist.dist.name == "chi2":
        # likewise chi2 integrates numerically; it is gamma(k/2, scale=2), whose entropy is closed
        return float(stats.gamma(dist.args[0] / 2, scale=2).entropy())
    if not hasattr(dist.dist, "pmf"):
        return float(dist.entropy())
    lo, hi = top_range(dist)
    ks = np.arange(lo, hi + 1)
    lp = dist.logpmf(ks)
    m = np.isfinite(lp)
    return float(-np.sum(np.exp(lp[m]) * lp[m]))


def support(dist):
    lo, hi = dist.support()
    return float(lo), float(hi)


def main():
    lines = []
    w = lines.append
    w("/* distributions-scipy-reference.h — generated by tests/reference/distributions_scipy_reference.py")
    w(" * (scipy %s, numpy %s); do not edit. */" % (__import__("scipy").__version__, np.__version__))
    w("#pragma once")
    w("")
    w("#include <math.h>")
    w("")
    w("#include \"lab-conjugate.h\"")
    w("#include \"lab-distribution.h\"")
    w("")
    w("typedef struct { LabDist d; const char *name; guint n_points; double x[8], pdf[8], cdf[8];")
    w("                 double quantile[5]; double moments[4]; double entropy; } RefFamily;")
    w("")
    w("static const double ref_quantile_q[5] = { %s };" % ", ".join(c(q) for q in QS))
    w("")
    w("static const RefFamily ref_families[] = {")
    for (init, dist), pts in CASES:
        pdfs = [float(dist.pmf(x)) if hasattr(dist.dist, "pmf") else float(dist.pdf(x)) for x in pts]
        cdfs = [float(dist.cdf(x)) for x in pts]
        qs = [float(dist.ppf(q)) for q in QS]
        mom = mvsk(dist)
        ent = entropy(dist)
        w("  { { %s }, \"%s\", %d," % (init, init.replace('"', ''), len(pts)))
        w("    { %s }," % ", ".join(c(x) for x in pts))
        w("    { %s }," % ", ".join(c(x) for x in pdfs))
        w("    { %s }," % ", ".join(c(x) for x in cdfs))
        w("    { %s }," % ", ".join(c(x) for x in qs))
        w("    { %s }, %s }," % (", ".join(c(x) for x in mom), c(ent)))
    w("};")
    w("")
    w("typedef struct { LabDist p, q; double kl_pq, kl_qp, cross_entropy, js; } RefPair;")
    w("")
    w("static const RefPair ref_pairs[] = {")
    for (pi, p), (qi, q) in PAIRS:
        disc = hasattr(p.dist, "pmf")
        plo, phi = support(p)
        qlo, qhi = support(q)
        if disc:
            top = max(top_range(p)[1], top_range(q)[1])
            phi_s = min(phi, top)
            qhi_s = min(qhi, top)
        else:
            phi_s, qhi_s = phi, qhi
        nest = plo >= qlo and phi <= qhi
        rnest = qlo >= plo and qhi <= phi
        kl_pq = kl_quad(p, q, plo, phi_s, disc) if nest else math.inf
        kl_qp = kl_quad(q, p, qlo, qhi_s, disc) if rnest else math.inf
        hp = entropy(p)
        js = js_value(p, q, min(plo, qlo), max(phi_s, qhi_s), disc)
        w("  { { %s }, { %s }, %s, %s, %s, %s }," % (pi, qi, c(kl_pq), c(kl_qp), c(hp + kl_pq), c(js)))
    w("};")
    w("")
    w("/* total variation between Binomial(n, p) and its approximations (topic: tv_distance) */")
    w("typedef struct { const char *assignments; double tv; } RefTv;")
    w("")
    w("static const RefTv ref_tv[] = {")
    for n, pp in [(100, 0.03), (20, 0.15), (1000, 0.003), (100, 0.5), (30, 0.9)]:
        b = stats.binom(n, pp)
        ks = np.arange(0, n + 1)
        pois = stats.poisson(n * pp)
        tv_p = 0.5 * (np.abs(b.pmf(ks) - pois.pmf(ks)).sum() + pois.sf(n))
        nm = stats.norm(n * pp, math.sqrt(n * pp * (1 - pp)))
        approx = nm.cdf(ks + 0.5) - nm.cdf(ks - 0.5)
        tv_n = 0.5 * (np.abs(b.pmf(ks) - approx).sum() + nm.cdf(-0.5) + nm.sf(n + 0.5))
        w('  { "distribution=binomial n=%d p=%r approximation=poisson", %s },' % (n, pp, c(tv_p)))
        w('  { "distribution=binomial n=%d p=%r approximation=normal", %s },' % (n, pp, c(tv_n)))
    w("};")
    w("")
    w("/* the topic's explore metrics for one assignment each (scipy) */")
    w("typedef struct { const char *assignments; double q05, q50, q95, entropy, interval; } RefExplore;")
    w("")
    w("static const RefExplore ref_explore[] = {")
    for a, d, ia, ib in [
        ("distribution=student-t df=3 mu=0.5 sigma=2", stats.t(3, 0.5, 2), -1, 1),
        ("distribution=laplace mu=1 scale=0.5", stats.laplace(1, 0.5), 0.5, 2),
        ("distribution=lognormal mu=0.2 sigma=0.7", stats.lognorm(0.7, scale=math.exp(0.2)), 1, 3),
        ("distribution=geometric p=0.2", stats.geom(0.2), 2, 5),
        ("distribution=chi-squared df=4", stats.chi2(4), 1, 6),
        ("distribution=binomial n=20 p=0.3", stats.binom(20, 0.3), 3, 7),
        ("distribution=poisson lambda=4", stats.poisson(4), 2.5, 6),
        ("distribution=uniform a=-1 b=2", stats.uniform(-1, 3), -1, 2),
    ]:
        disc = hasattr(d.dist, "pmf")
        interval = d.cdf(math.floor(ib)) - d.cdf(math.ceil(ia) - 1) if disc else d.cdf(ib) - d.cdf(ia)
        w('  { "%s interval-a=%r interval-b=%r", %s, %s, %s, %s, %s },' % (
            a, float(ia), float(ib), c(d.ppf(0.05)), c(d.ppf(0.5)), c(d.ppf(0.95)), c(entropy(d)), c(interval)))
    w("};")
    w("")
    w("/* maximum likelihood: data drawn by numpy (seeded), scipy.stats.<family>.fit with the same")
    w(" * fixed location; log_likelihood is scipy's sum of logpdf at scipy's fit */")
    w("typedef struct { LabDist d; guint n; double x[300]; double params[3]; double log_likelihood; } RefFit;")
    w("")
    w("static const RefFit ref_fits[] = {")
    rng = np.random.default_rng(16)
    fits = []
    x = rng.normal(1.5, 2.0, 300); mu, sd = stats.norm.fit(x)
    fits.append((".family = LAB_FAMILY_NORMAL", x, [mu, sd], stats.norm(mu, sd)))
    x = rng.exponential(0.5, 200); loc, sc = stats.expon.fit(x, floc=0)
    fits.append((".family = LAB_FAMILY_EXPONENTIAL", x, [1 / sc], stats.expon(0, sc)))
    x = rng.poisson(3.5, 250).astype(float)
    fits.append((".family = LAB_FAMILY_POISSON", x, [x.mean()], stats.poisson(x.mean())))
    x = rng.geometric(0.3, 250).astype(float)
    fits.append((".family = LAB_FAMILY_GEOMETRIC", x, [1 / x.mean()], stats.geom(1 / x.mean())))
    x = rng.binomial(10, 0.35, 200).astype(float)
    fits.append((".family = LAB_FAMILY_BINOMIAL, .n = 10", x, [x.mean() / 10], stats.binom(10, x.mean() / 10)))
    x = rng.lognormal(0.3, 0.8, 250); s_, loc, sc = stats.lognorm.fit(x, floc=0)
    fits.append((".family = LAB_FAMILY_LOGNORMAL", x, [math.log(sc), s_], stats.lognorm(s_, 0, sc)))
    x = rng.laplace(-1.0, 0.7, 251); loc, sc = stats.laplace.fit(x)
    fits.append((".family = LAB_FAMILY_LAPLACE", x, [loc, sc], stats.laplace(loc, sc)))
    x = rng.uniform(-2, 3, 200); loc, sc = stats.uniform.fit(x)
    fits.append((".family = LAB_FAMILY_UNIFORM", x, [loc, loc + sc], stats.uniform(loc, sc)))
    x = rng.gamma(2.5, 1.3, 300); a, loc, sc = stats.gamma.fit(x, floc=0)
    fits.append((".family = LAB_FAMILY_GAMMA", x, [a, sc], stats.gamma(a, 0, sc)))
    x = rng.gamma(0.4, 2.0, 300); a, loc, sc = stats.gamma.fit(x, floc=0)
    fits.append((".family = LAB_FAMILY_GAMMA", x, [a, sc], stats.gamma(a, 0, sc)))
    x = rng.beta(2.0, 5.0, 300); a, b, loc, sc = stats.beta.fit(x, floc=0, fscale=1)
    fits.append((".family = LAB_FAMILY_BETA", x, [a, b], stats.beta(a, b)))
    x = 0.5 + 1.5 * rng.standard_t(4.0, 300); df, loc, sc = stats.t.fit(x, floc=0.5)
    fits.append((".family = LAB_FAMILY_STUDENT_T, .mu = 0.5", x, [df, sc], stats.t(df, 0.5, sc)))
    x = rng.chisquare(3.0, 300); df, loc, sc = stats.chi2.fit(x, floc=0, fscale=1)
    fits.append((".family = LAB_FAMILY_CHI_SQUARED", x, [df], stats.chi2(df)))
    for init, x, params, dist in fits:
        ll = float(np.sum(logpdf(dist, x)))
        w("  { { %s }, %d, { %s }, { %s }, %s }," % (init, len(x), ", ".join(c(v) for v in x),
                                                  ", ".join(c(v) for v in params), c(ll)))
    w("};")
    w("")
    w("/* conjugate posteriors: scipy's beta/gamma/norm ppf for the 95 % credible interval,")
    w(" * binomtest(...).proportion_ci(method=\"exact\") (Clopper-Pearson), the exact Poisson (Garwood,")
    w(" * chi2.ppf) and z intervals */")
    w("typedef struct { LabConjugatePrior prior; double stat, n; double post_a, post_b, cred_lo, cred_hi,")
    w("                 conf_lo, conf_hi, mean, map; } RefBayes;")
    w("")
    w("static const RefBayes ref_bayes[] = {")
    for a, b, s_, n in [(1, 1, 7, 10), (2, 2, 0, 20), (0.5, 0.5, 20, 20), (1, 1, 3, 1000), (30, 10, 480, 1000)]:
        pa, pb = a + s_, b + n - s_
        post = stats.beta(pa, pb)
        ci = stats.binomtest(s_, n).proportion_ci(confidence_level=0.95, method="exact")
        mode = (pa - 1) / (pa + pb - 2) if pa > 1 and pb > 1 else (0.0 if pa <= 1 < pb else (1.0 if pb <= 1 < pa else math.nan))
        w("  { { LAB_CONJUGATE_BETA_BINOMIAL, %r, %r, 0 }, %r, %r, %s, %s, %s, %s, %s, %s, %s, %s }," % (
            float(a), float(b), float(s_), float(n), c(pa), c(pb), c(post.ppf(0.025)), c(post.ppf(0.975)),
            c(ci.low), c(ci.high), c(post.mean()), c(mode)))
    for k, r, S, n in [(2, 1, 12, 4), (0.5, 0.01, 0, 10), (1, 1, 5000, 1000)]:
        pa, pb = k + S, r + n
        post = stats.gamma(pa, scale=1 / pb)
        lo = stats.chi2.ppf(0.025, 2 * S) / (2 * n) if S > 0 else 0.0
        hi = stats.chi2.ppf(0.975, 2 * S + 2) / (2 * n)
        mode = (pa - 1) / pb if pa >= 1 else 0.0
        w("  { { LAB_CONJUGATE_GAMMA_POISSON, %r, %r, 0 }, %r, %r, %s, %s, %s, %s, %s, %s, %s, %s }," % (
            float(k), float(r), float(S), float(n), c(pa), c(pb), c(post.ppf(0.025)), c(post.ppf(0.975)),
            c(lo), c(hi), c(post.mean()), c(mode)))
    for m0, s0, sig, xbar, n in [(0, 2, 1, 1, 10), (5, 0.1, 3, -2, 4), (0, 100, 2, 0.3, 50)]:
        p0, pd = 1 / s0 ** 2, n / sig ** 2
        pm, ps = (p0 * m0 + pd * xbar) / (p0 + pd), 1 / math.sqrt(p0 + pd)
        post = stats.norm(pm, ps)
        z = stats.norm.ppf(0.975) * sig / math.sqrt(n)
        w("  { { LAB_CONJUGATE_NORMAL_NORMAL, %r, %r, %r }, %r, %r, %s, %s, %s, %s, %s, %s, %s, %s }," % (
            float(m0), float(s0), float(sig), float(xbar), float(n), c(pm), c(ps), c(post.ppf(0.025)),
            c(post.ppf(0.975)), c(xbar - z), c(xbar + z), c(pm), c(pm)))
    w("};")
    w("")
    w("/* multinomial and dirichlet: mean vectors and covariance matrices (scipy's multinomial.cov;")
    w(" * dirichlet.mean/var, whose off-diagonals scipy 1.10 lacks: -a_i a_j / (a0^2 (a0 + 1))) */")
    w("typedef struct { const char *assignments; double mean[3]; double cov[9]; } RefSimplex;")
    w("")
    w("static const RefSimplex ref_simplex[] = {")
    for n, p in [(30, [0.5, 0.3, 0.2]), (1000, [0.001, 0.5, 0.499]), (1, [0.2, 0.2, 0.6])]:
        m = stats.multinomial(n, p)
        w('  { "distribution=multinomial n=%d p1=%r p2=%r p3=%r", { %s }, { %s } },' % (
            n, p[0], p[1], p[2], ", ".join(c(v) for v in m.mean()), ", ".join(c(v) for v in np.ravel(m.cov()))))
    for a in [[2.0, 3.0, 5.0], [0.3, 0.3, 0.3], [50.0, 1.0, 0.5]]:
        d = stats.dirichlet(a)
        a0 = sum(a)
        cov = [[(d.var()[i] if i == j else -a[i] * a[j] / (a0 * a0 * (a0 + 1))) for j in range(3)] for i in range(3)]
        w('  { "distribution=dirichlet alpha1=%r alpha2=%r alpha3=%r", { %s }, { %s } },' % (
            a[0], a[1], a[2], ", ".join(c(v) for v in d.mean()), ", ".join(c(v) for row in cov for v in row)))
    w("};")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
