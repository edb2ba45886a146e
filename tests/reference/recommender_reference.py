#!/usr/bin/python3
"""Reference values for tests/test-recommender.c (the engine: ALS, ranking metrics).

Run from anywhere:

    /usr/bin/python3 tests/reference/recommender_reference.py

Writes tests/recommender-reference.h with
- a small ratings matrix (12 users x 15 items, 62 ratings 1-5; user 11 and item 14 rate
  and are rated nothing), initial factors X0, Y0 drawn here;
- explicit ALS with weighted-lambda regularisation (Zhou et al. 2008), written densely with
  numpy.linalg.solve: x_u = (Y_O^T Y_O + lambda n_u I)^-1 Y_O^T r_u (0 for no ratings),
  then y_i likewise; the factors, train RMSE and objective after every sweep;
- implicit ALS (Hu, Koren & Volinsky 2008) on the same pairs, with the full dense
  confidence matrix C = 1 + alpha R and preferences P = [R > 0]:
  x_u = (Y^T C_u Y + lambda I)^-1 Y^T C_u p_u, the objective summed over every pair;
- ranking metrics from their definitions (precision@k = hits/k, recall@k = hits/R,
  NDCG@k with binary gains, AP@k = sum of precision@j at hits / min(k, R)) on hand-made
  cases with ties (broken by the lower index) and fewer than k relevant items; where
  there are no ties NDCG is checked against sklearn.metrics.ndcg_score;
- k-NN collaborative filtering, user- and item-based, cosine and Pearson (centred cosine):
  similarities by sklearn.metrics.pairwise.cosine_similarity of the dense (centred) matrix,
  the K = 4 most similar other rows (|s| > 1e-12, ranked by s rounded to 12 decimals,
  ties to the lower index), and the prediction
  of every entry from the neighbours that have it (the row mean when none has).

Uses Debian 12's python3-numpy 1.24 and python3-sklearn 1.2.1.
"""
import math
import os

import numpy as np
from sklearn.metrics import ndcg_score
from sklearn.metrics.pairwise import cosine_similarity

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "recommender-reference.h")

rng = np.random.RandomState(20241204)
NU, NI, F = 12, 15, 3
LAM, ITERS = 0.1, 6
ALPHA, LAM_I, ITERS_I = 2.0, 0.5, 4

# ratings: users 0..10 rate 3..8 items among 0..13
R = np.zeros((NU, NI))
for u in range(NU - 1):
    n = rng.randint(3, 9)
    items = rng.choice(NI - 1, size=n, replace=False)
    R[u, items] = rng.randint(1, 6, size=n)
mask = R > 0
trip = [(u, i, R[u, i]) for u in range(NU) for i in range(NI) if mask[u, i]]

X0 = 0.3 * rng.randn(NU, F)
Y0 = 0.3 * rng.randn(NI, F)


def explicit_half(R, mask, Y, lam):
    X = np.zeros((R.shape[0], Y.shape[1]))
    for u in range(R.shape[0]):
        idx = np.nonzero(mask[u])[0]
        if len(idx) == 0:
            continue
        G = Y[idx]
        A = G.T @ G + lam * len(idx) * np.eye(Y.shape[1])
        X[u] = np.linalg.solve(A, G.T @ R[u, idx])
    return X


def explicit_objective(X, Y):
    E = (R - X @ Y.T) * mask
    reg = (mask.sum(1) * (X ** 2).sum(1)).sum() + (mask.sum(0) * (Y ** 2).sum(1)).sum()
    return (E ** 2).sum() + LAM * reg


def rmse(X, Y):
    E = (R - X @ Y.T)[mask]
    return math.sqrt((E ** 2).mean())


ex_x, ex_y, ex_obj, ex_rmse = [X0], [Y0], [explicit_objective(X0, Y0)], [rmse(X0, Y0)]
X, Y = X0.copy(), Y0.copy()
for t in range(ITERS):
    X = explicit_half(R, mask, Y, LAM)
    Y = explicit_half(R.T, mask.T, X, LAM)
    ex_x.append(X); ex_y.append(Y)
    ex_obj.append(explicit_objective(X, Y)); ex_rmse.append(rmse(X, Y))
assert all(b <= a + 1e-12 for a, b in zip(ex_obj, ex_obj[1:]))

C = 1.0 + ALPHA * R
P = mask.astype(float)


def implicit_half(C, P, Y, lam):
    X = np.zeros((C.shape[0], Y.shape[1]))
    for u in range(C.shape[0]):
        A = Y.T @ np.diag(C[u]) @ Y + lam * np.eye(Y.shape[1])
        X[u] = np.linalg.solve(A, Y.T @ (C[u] * P[u]))
    return X


def implicit_objective(X, Y):
    return (C * (P - X @ Y.T) ** 2).sum() + LAM_I * ((X ** 2).sum() + (Y ** 2).sum())


im_x, im_y, im_obj = [X0], [Y0], [implicit_objective(X0, Y0)]
X, Y = X0.copy(), Y0.copy()
for t in range(ITERS_I):
    X = implicit_half(C, P, Y, LAM_I)
    Y = implicit_half(C.T, P.T, X, LAM_I)
    im_x.append(X); im_y.append(Y); im_obj.append(implicit_objective(X, Y))
assert all(b <= a + 1e-12 for a, b in zip(im_obj, im_obj[1:]))

# ranking cases: scores, excluded, relevant, k
cases = [
    # no ties, 3 relevant, k = 5
    ([0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.6, 0.5], [], [2, 3, 7], 5),
    # ties at the top and in the middle (lower index first), one excluded
    ([0.5, 0.9, 0.9, 0.1, 0.5, 0.5, 0.9, 0.2], [1], [4, 5, 3], 4),
    # fewer than k relevant, a hit at the end
    ([5, 4, 3, 2, 1, 0], [], [4], 5),
    # all candidates relevant, list shorter than k (excluded items)
    ([1, 2, 3, 4], [0, 1], [2, 3], 10),
    # no hit
    ([3, 2, 1, 0, -1], [], [4], 2),
    # every score equal: the first k by index
    ([1.0] * 9, [3], [0, 8, 5], 3),
]


def rank_top_k(scores, excluded, k):
    cand = [j for j in range(len(scores)) if j not in excluded]
    cand.sort(key=lambda j: (-scores[j], j))
    return cand[:k]


def rank_metrics(ranked, rel, k):
    rel = set(rel)
    hits = 0; dcg = 0.0; ap = 0.0
    for j, item in enumerate(ranked[:k]):
        if item in rel:
            hits += 1
            dcg += 1.0 / math.log2(j + 2)
            ap += hits / (j + 1)
    m = min(k, len(rel))
    idcg = sum(1.0 / math.log2(j + 2) for j in range(m))
    return hits / k, hits / len(rel), dcg / idcg, ap / m


rank_out = []
for scores, excl, rel, k in cases:
    top = rank_top_k(scores, excl, k)
    met = rank_metrics(top, rel, k)
    rank_out.append((scores, excl, rel, k, top, met))
    if len(set(scores)) == len(scores) and not excl:
        truth = np.zeros((1, len(scores)))
        truth[0, rel] = 1
        ref = ndcg_score(truth, np.array([scores], float), k=k)
        assert abs(ref - met[2]) < 1e-12, (ref, met[2])


KNN_K = 4


def knn(M, Mmask, pearson):
    n = M.shape[0]
    glob = M[Mmask].mean()
    mean = np.array([M[a, Mmask[a]].mean() if Mmask[a].any() else glob for a in range(n)])
    Z = np.where(Mmask, M - (mean[:, None] if pearson else 0), 0.0)
    S = cosine_similarity(Z)
    idx = np.full((n, KNN_K), -1)
    sim = np.zeros((n, KNN_K))
    for a in range(n):
        cand = [b for b in range(n) if b != a and abs(S[a, b]) > 1e-12]
        cand.sort(key=lambda b: (-round(S[a, b], 12), b))
        for t, b in enumerate(cand[:KNN_K]):
            idx[a, t] = b
            sim[a, t] = S[a, b]
    pred = np.zeros(M.shape)
    for a in range(n):
        for c in range(M.shape[1]):
            num = den = 0.0
            for t in range(KNN_K):
                b = idx[a, t]
                if b < 0 or not Mmask[b, c]:
                    continue
                num += sim[a, t] * (M[b, c] - mean[b] if pearson else M[b, c])
                den += abs(sim[a, t])
            pred[a, c] = mean[a] if den == 0 else (mean[a] if pearson else 0) + num / den
    return idx, sim, pred


knn_out = []
for by_item in (False, True):
    for pearson in (False, True):
        M, Mm = (R.T, mask.T) if by_item else (R, mask)
        knn_out.append((by_item, pearson) + knn(M, Mm, pearson))


def arr(v):
    return ", ".join(repr(float(x)) for x in np.ravel(v))


with open(OUT, "w") as f:
    f.write("/* Generated by tests/reference/recommender_reference.py — do not edit. */\n#pragma once\n\n")
    f.write(f"#define REF_NU {NU}\n#define REF_NI {NI}\n#define REF_F {F}\n#define REF_NNZ {len(trip)}\n")
    f.write(f"#define REF_LAMBDA {LAM!r}\n#define REF_ITERS {ITERS}\n")
    f.write(f"#define REF_ALPHA {ALPHA!r}\n#define REF_LAMBDA_I {LAM_I!r}\n#define REF_ITERS_I {ITERS_I}\n\n")
    f.write("static const guint ref_user[] = { %s };\n" % ", ".join(str(t[0]) for t in trip))
    f.write("static const guint ref_item[] = { %s };\n" % ", ".join(str(t[1]) for t in trip))
    f.write("static const double ref_value[] = { %s };\n" % arr([t[2] for t in trip]))
    f.write("static const double ref_x0[] = { %s };\n" % arr(X0))
    f.write("static const double ref_y0[] = { %s };\n" % arr(Y0))
    f.write("/* explicit: after sweeps 0 … ITERS */\n")
    f.write("static const double ref_ex_x[] = { %s };\n" % arr(np.array(ex_x)))
    f.write("static const double ref_ex_y[] = { %s };\n" % arr(np.array(ex_y)))
    f.write("static const double ref_ex_objective[] = { %s };\n" % arr(ex_obj))
    f.write("static const double ref_ex_rmse[] = { %s };\n" % arr(ex_rmse))
    f.write("/* implicit: after sweeps 0 … ITERS_I */\n")
    f.write("static const double ref_im_x[] = { %s };\n" % arr(np.array(im_x)))
    f.write("static const double ref_im_y[] = { %s };\n" % arr(np.array(im_y)))
    f.write("static const double ref_im_objective[] = { %s };\n\n" % arr(im_obj))
    f.write("typedef struct { guint n; double scores[10]; guint n_excl; guint excl[4]; guint n_rel; guint rel[4];\n"
            "                 guint k; guint n_top; guint top[10]; double precision, recall, ndcg, ap; } RefRankCase;\n")
    f.write("static const RefRankCase ref_rank_cases[] = {\n")
    for scores, excl, rel, k, top, met in rank_out:
        f.write("  { %d, { %s }, %d, { %s }, %d, { %s }, %d, %d, { %s }, %r, %r, %r, %r },\n" % (
            len(scores), arr(scores), len(excl), ", ".join(map(str, excl)) or "0", len(rel),
            ", ".join(map(str, rel)), k, len(top), ", ".join(map(str, top)), *met))
    f.write("};\n\n")
    f.write(f"#define REF_KNN_K {KNN_K}\n")
    f.write("/* k-NN: [by user cosine, by user pearson, by item cosine, by item pearson]; idx −1: none */\n")
    for name, sel in (("idx", 2), ("sim", 3), ("pred", 4)):
        for t in knn_out:
            tag = ("item" if t[0] else "user") + ("_pearson" if t[1] else "_cosine")
            if name == "idx":
                f.write("static const int ref_knn_%s_idx[] = { %s };\n" % (tag, ", ".join(str(int(x)) for x in t[2].ravel())))
            else:
                f.write("static const double ref_knn_%s_%s[] = { %s };\n" % (tag, name, arr(t[sel])))
print("wrote", OUT)
