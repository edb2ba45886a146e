#!/usr/bin/python3
"""Reference values for tests/test-losses.c.

Run from anywhere:

    /usr/bin/python3 tests/reference/losses_reference.py

Writes tests/losses-reference.h: the value and the derivative with respect to the
logit (PyTorch autograd, float64) of cross-entropy, weighted CE, focal, asymmetric
loss (ASL), balanced softmax, squared error and hinge on a grid of logits from -700
to 700; softmax forms on logit vectors; and logistic / softmax models trained with
each loss by full-batch gradient descent from zero weights on a fixed imbalanced
2-D data set (the data are written into the header too).

The losses are written here from their published definitions, independently of
the C code:
- focal: torchvision.ops.sigmoid_focal_loss (Lin et al. 2017):
    p = sigmoid(x); ce = BCE_with_logits(x, t); p_t = p t + (1 - p)(1 - t)
    loss = alpha_t ce (1 - p_t)^gamma, alpha_t = alpha t + (1 - alpha)(1 - t) when alpha >= 0
  (torchvision is not packaged for Debian 12, so its formula is spelled out);
- ASL: the reference code of Ridnik et al. 2021 (Alibaba-MIIL/ASL, losses.py,
  AsymmetricLoss with disable_torch_grad_focal_loss=False: the focusing weight is
  differentiated), eps = 1e-8;
- balanced softmax: Ren et al. 2020, cross-entropy of softmax(z + log prior).

Every published form is evaluated as published and compared below with a stable
form (log-sigmoid / log-sum-exp, 1 - sigmoid(x) as sigmoid(-x)) at moderate
logits, where both are accurate; the header holds the stable form, because the
published ones lose digits near p = 1 (PyTorch's own binary_cross_entropy_with_logits
is off by ~1e-4 relative at p = 1 - 1e-12, printed below).

Uses Debian 12's python3-torch (1.13) and python3-numpy.
"""
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "losses-reference.h")
EPS = 1e-8

# logits of the binary cases; hinge kinks at z = ±1 are avoided
ZS = [-700.0, -40.0, -27.631021115928547, -18.5, -8.0, -2.9, -1.3, -0.3, 0.0, 0.2,
      0.9, 2.5, 6.0, 15.0, 27.631021115928547, 40.0, 700.0]

# hyper-parameter sets: (alpha, gamma, gamma_pos, gamma_neg, clip, log_prior_ratio)
HYPER = [
    (0.25, 2.0, 1.0, 4.0, 0.05, math.log(1 / 9)),
    (0.8, 0.5, 0.0, 2.0, 0.0, math.log(3.0)),
    (-1.0, 5.0, 2.0, 1.0, 0.2, 0.0),
]
NAMES = ["ce", "weighted-ce", "focal", "asl", "balanced-softmax", "squared", "hinge"]


# ---- the stable forms (what the header holds) ----

class StableSigmoid(torch.autograd.Function):
    """torch.sigmoid whose backward is sigmoid(z) sigmoid(-z) instead of y (1 - y):
    the latter is 0 once sigmoid(z) rounds to 1 (z > 37), where the true derivative
    is e^-z."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return torch.sigmoid(z)

    @staticmethod
    def backward(ctx, g):
        (z,) = ctx.saved_tensors
        return g * torch.sigmoid(z) * torch.sigmoid(-z)


sig = StableSigmoid.apply


def stable_binary(name, z, t, h):
    alpha, gamma, gpos, gneg, clip, lpr = h
    sign = 1.0 if t else -1.0
    s = sign * z
    if name == "ce":
        return -F.logsigmoid(s)
    if name == "weighted-ce":
        return -(alpha if t else 1 - alpha) * F.logsigmoid(s)
    if name == "focal":
        ce = -F.logsigmoid(s)              # = binary_cross_entropy_with_logits
        one_minus_pt = sig(-s)   # = 1 - p_t
        loss = ce * one_minus_pt ** gamma
        if alpha >= 0:
            loss = (alpha if t else 1 - alpha) * loss
        return loss
    if name == "asl":
        if t:
            p = sig(z)
            log_p = torch.where(p >= EPS, F.logsigmoid(z), torch.tensor(math.log(EPS)))
            return -sig(-z) ** gpos * log_p
        if clip > 0:
            xs_neg = (sig(-z) + clip).clamp(max=1)
            p_m = (sig(z) - clip).clamp(min=0)
            log_neg = torch.log(xs_neg.clamp(min=EPS))
        else:
            xs_neg = sig(-z)
            p_m = sig(z)
            log_neg = torch.where(xs_neg >= EPS, F.logsigmoid(-z), torch.tensor(math.log(EPS)))
        return -p_m ** gneg * log_neg
    if name == "balanced-softmax":
        return -F.logsigmoid(sign * (z + lpr))
    if name == "squared":
        return sig(-s) ** 2      # (p - y)^2
    if name == "hinge":
        return torch.relu(1 - s)
    raise ValueError(name)


# ---- the published forms, for the cross-check ----

def published_binary(name, z, t, h):
    alpha, gamma, gpos, gneg, clip, lpr = h
    y = torch.tensor(float(t))
    if name == "ce":
        return F.binary_cross_entropy_with_logits(z, y)
    if name == "weighted-ce":
        return F.binary_cross_entropy_with_logits(z, y, weight=torch.tensor(alpha if t else 1 - alpha))
    if name == "focal":   # torchvision.ops.sigmoid_focal_loss, reduction="none"
        p = torch.sigmoid(z)
        ce_loss = F.binary_cross_entropy_with_logits(z, y, reduction="none")
        p_t = p * y + (1 - p) * (1 - y)
        loss = ce_loss * ((1 - p_t) ** gamma)
        if alpha >= 0:
            alpha_t = alpha * y + (1 - alpha) * (1 - y)
            loss = alpha_t * loss
        return loss
    if name == "asl":     # Ridnik et al., AsymmetricLoss.forward for one logit
        x_sigmoid = torch.sigmoid(z)
        xs_pos = x_sigmoid
        xs_neg = 1 - x_sigmoid
        if clip is not None and clip > 0:
            xs_neg = (xs_neg + clip).clamp(max=1)
        los_pos = y * torch.log(xs_pos.clamp(min=EPS))
        los_neg = (1 - y) * torch.log(xs_neg.clamp(min=EPS))
        loss = los_pos + los_neg
        if gneg > 0 or gpos > 0:
            pt0 = xs_pos * y
            pt1 = xs_neg * (1 - y)
            pt = pt0 + pt1
            one_sided_gamma = gpos * y + gneg * (1 - y)
            one_sided_w = torch.pow(1 - pt, one_sided_gamma)
            loss = loss * one_sided_w
        return -loss
    if name == "balanced-softmax":   # softmax over the two logits [0, z] plus log priors
        logits = torch.stack([torch.tensor(0.0), z]) + torch.tensor([0.0, lpr])
        return -F.log_softmax(logits, dim=0)[1 if t else 0]
    if name == "squared":
        return (torch.sigmoid(z) - y) ** 2
    if name == "hinge":
        return torch.clamp(1 - (2 * y - 1) * z, min=0)
    raise ValueError(name)


def value_grad(fn, z):
    zt = torch.tensor(z, requires_grad=True)
    v = fn(zt)
    v.backward()
    return float(v), float(zt.grad)


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def cross_check():
    worst = 0.0
    for h in HYPER:
        for name in NAMES:
            for z in [-6.0, -2.9, -1.3, -0.3, 0.0, 0.2, 0.9, 2.5, 6.0]:
                for t in (0, 1):
                    a = value_grad(lambda zz: stable_binary(name, zz, t, h), z)
                    b = value_grad(lambda zz: published_binary(name, zz, t, h), z)
                    for u, v in zip(a, b):
                        if abs(u) > 1e-300 or abs(v) > 1e-300:
                            worst = max(worst, rel(u, v))
                            assert rel(u, v) < 1e-9, (name, h, z, t, a, b)
    for z, _ in SOFTMAX_CASES[:2]:
        a = torch.tensor(z)
        assert torch.allclose(log_softmax(a), F.log_softmax(a, dim=0), rtol=1e-14, atol=0)
    print("stable vs published forms, moderate logits: worst relative difference %.2e" % worst)
    z = math.log((1 - 1e-12) / 1e-12)
    exact = value_grad(lambda zz: stable_binary("ce", zz, 1, HYPER[0]), z)[0]
    torch_bce = value_grad(lambda zz: F.binary_cross_entropy_with_logits(zz, torch.tensor(1.0)), z)[0]
    print("CE at p = 1 - 1e-12: log-sigmoid %.17g, binary_cross_entropy_with_logits %.17g "
          "(relative error %.1e)" % (exact, torch_bce, rel(exact, torch_bce)))


# ---- softmax ----

def log_softmax(a):
    """log_softmax with log1p: F.log_softmax returns log p = 0 for a true class whose
    rivals share 1e-17, where -log p = 1e-17 is wanted."""
    m = int(torch.argmax(a))
    shifted = a - a[m]
    others = sum(torch.exp(shifted[c]) for c in range(a.shape[0]) if c != m)
    return shifted - torch.log1p(others)


def stable_softmax(name, z, y, h, class_weight, log_prior):
    alpha, gamma, gpos, gneg, clip, lpr = h
    k = z.shape[0]
    if name == "asl":
        return sum(stable_binary("asl", z[c], c == y, h) for c in range(k))
    a = z + torch.tensor(log_prior) if name == "balanced-softmax" else z
    logp = log_softmax(a)
    if name in ("ce", "balanced-softmax"):
        return -logp[y]
    if name == "weighted-ce":
        return -class_weight[y] * logp[y]
    if name == "focal":
        rest = sum(torch.exp(logp[c]) for c in range(k) if c != y)   # 1 - p_y
        return -rest ** gamma * logp[y]
    raise ValueError(name)


SOFTMAX_CASES = [
    ([0.3, -1.2, 2.0], 0),
    ([0.3, -1.2, 2.0], 2),
    ([40.0, -3.0, 1.0, 0.5], 0),
    ([-30.0, 12.0, 11.5, 0.0], 0),
    ([1e-3, 2e-3, -1e-3, 0.0, 5.0], 3),
]


def fmt(v):
    return "NAN" if math.isnan(v) else repr(float(v))


# the topic's view parameters: (assignments, (alpha, gamma, gamma_pos, gamma_neg, clip), p,
# negatives, positives, easy-p, hard-p)
TOPIC_CASES = [
    ("", (0.75, 2.0, 1.0, 4.0, 0.05), 0.9, 1000, 10, 0.05, 0.3),
    ("alpha=0.3 gamma=0.5 gamma-pos=2 gamma-neg=1 clip=0 p=0.2 negatives=300 positives=40 easy-p=0.12 hard-p=0.45",
     (0.3, 0.5, 2.0, 1.0, 0.0), 0.2, 300, 40, 0.12, 0.45),
    ("clip=0.2 p=0.999 easy-p=0.25 hard-p=0.001 negatives=50 positives=5",
     (0.75, 2.0, 1.0, 4.0, 0.2), 0.999, 50, 5, 0.25, 0.001),
]


def arr(vals):
    return "{ " + ", ".join(fmt(v) for v in vals) + " }"


# ---- training ----

def make_data():
    rng = np.random.default_rng(20261204)
    # binary: 100 negatives around (-0.6, 0), 20 positives around (1.1, 0.6), overlapping
    xb = np.vstack([rng.normal([-0.6, 0.0], 0.9, size=(100, 2)), rng.normal([1.1, 0.6], 0.8, size=(20, 2))])
    yb = np.array([0] * 100 + [1] * 20)
    # three classes, long tail 60 : 20 : 6
    centres = [(-1.0, 0.0), (1.0, 0.8), (0.6, -1.2)]
    sizes = [60, 20, 6]
    xm = np.vstack([rng.normal(c, 0.8, size=(m, 2)) for c, m in zip(centres, sizes)])
    ym = np.concatenate([[c] * m for c, m in enumerate(sizes)])
    return (xb, yb), (xm, ym)


def train(name, x, y, k, h, eta, steps, class_weight, log_prior):
    n, d = x.shape
    outputs = 1 if k == 2 else k
    w = torch.zeros(outputs, d + 1, requires_grad=True)
    x1 = torch.tensor(np.hstack([np.ones((n, 1)), x]))
    trace = []
    for t in range(steps + 1):
        z = x1 @ w.T
        if k == 2:
            total = sum(stable_binary(name, z[i, 0], bool(y[i] == 1), h) for i in range(n))
        else:
            total = sum(stable_softmax(name, z[i], int(y[i]), h, class_weight, log_prior) for i in range(n))
        mean = total / n
        trace.append(float(mean))
        if t == steps:
            break
        w.grad = None
        mean.backward()
        with torch.no_grad():
            w -= eta * w.grad
    return w.detach().numpy().ravel(), trace


def main():
    cross_check()
    lines = ["/* Generated by tests/reference/losses_reference.py (PyTorch %s autograd, float64): "
             "do not edit. */" % torch.__version__,
             "#pragma once", "",
             "typedef struct { double alpha, gamma, gamma_pos, gamma_neg, clip, log_prior_ratio; } RefHyper;",
             "static const RefHyper ref_hyper[] = {"]
    for h in HYPER:
        lines.append("  { %s }," % ", ".join(fmt(v) for v in h))
    lines += ["};", "",
              "typedef struct { const char *loss; int hyper; double z; int positive; double value, dz; } RefBinary;",
              "static const RefBinary ref_binary[] = {"]
    for hi, h in enumerate(HYPER):
        for name in NAMES:
            if hi > 0 and name in ("ce", "squared", "hinge"):
                continue   # no hyper-parameters
            for z in ZS:
                for t in (0, 1):
                    v, g = value_grad(lambda zz: stable_binary(name, zz, t, h), z)
                    assert math.isfinite(v) and math.isfinite(g)
                    lines.append('  { "%s", %d, %s, %d, %s, %s },' % (name, hi, fmt(z), t, fmt(v), fmt(g)))
    lines.append("};")

    # softmax
    lines += ["", "#define REF_SOFTMAX_MAX_K 5",
              "typedef struct { const char *loss; int hyper; int k; double z[REF_SOFTMAX_MAX_K]; int y; "
              "double class_weight[REF_SOFTMAX_MAX_K], log_prior[REF_SOFTMAX_MAX_K]; double value; "
              "double dz[REF_SOFTMAX_MAX_K]; } RefSoftmax;",
              "static const RefSoftmax ref_softmax[] = {"]
    for hi, h in enumerate(HYPER[:2]):
        for z, y in SOFTMAX_CASES:
            k = len(z)
            counts = np.array([100.0 * 0.3 ** c for c in range(k)])
            log_prior = list(np.log(counts / counts.sum()))
            class_weight = list(counts.sum() / (k * counts))
            for name in ["ce", "weighted-ce", "focal", "asl", "balanced-softmax"]:
                zt = torch.tensor(z, requires_grad=True)
                v = stable_softmax(name, zt, y, h, class_weight, log_prior)
                v.backward()
                lines.append('  { "%s", %d, %d, %s, %d, %s, %s, %s, %s },'
                             % (name, hi, k, arr(z), y, arr(class_weight), arr(log_prior), fmt(v),
                                arr(zt.grad.numpy())))
    lines.append("};")

    # training
    (xb, yb), (xm, ym) = make_data()
    steps, eta = 40, 0.5
    lines += ["", "#define REF_TRAIN_STEPS %d" % steps, "#define REF_TRAIN_ETA %s" % fmt(eta),
              "#define REF_BIN_N %d" % len(yb), "#define REF_MULTI_N %d" % len(ym),
              "static const double ref_bin_x[] = %s;" % arr(xb.ravel()),
              "static const unsigned ref_bin_y[] = { %s };" % ", ".join(str(int(v)) for v in yb),
              "static const double ref_multi_x[] = %s;" % arr(xm.ravel()),
              "static const unsigned ref_multi_y[] = { %s };" % ", ".join(str(int(v)) for v in ym)]
    counts_m = np.bincount(ym).astype(float)
    cw_m = list(len(ym) / (3 * counts_m))
    lp_m = list(np.log(counts_m / counts_m.sum()))
    h_bin = (0.75, 2.0, 1.0, 4.0, 0.05, math.log(20 / 100))
    lines += ["static const RefHyper ref_train_hyper = { %s };" % ", ".join(fmt(v) for v in h_bin),
              "static const double ref_multi_class_weight[] = %s;" % arr(cw_m),
              "static const double ref_multi_log_prior[] = %s;" % arr(lp_m),
              "typedef struct { const char *loss; int k; double w[9]; double loss_first, loss_last; } RefTrain;",
              "static const RefTrain ref_train[] = {"]
    for name in ["ce", "weighted-ce", "focal", "asl", "balanced-softmax"]:
        w, trace = train(name, xb, yb, 2, h_bin, eta, steps, None, None)
        lines.append('  { "%s", 2, %s, %s, %s },' % (name, arr(w), fmt(trace[0]), fmt(trace[-1])))
        w, trace = train(name, xm, ym, 3, h_bin, eta, steps, cw_m, lp_m)
        lines.append('  { "%s", 3, %s, %s, %s },' % (name, arr(w), fmt(trace[0]), fmt(trace[-1])))
    lines.append("};")
    # the topic's view: loss and gradient at p, and the negatives' shares
    lines += ["", "typedef struct { const char *assignments; const char *loss; double loss_at_p, grad_at_p, "
              "negative_loss_share, negative_grad_share; } RefTopic;",
              "static const RefTopic ref_topic[] = {"]
    for assignments, h, p, n_neg, n_pos, easy_p, hard_p in TOPIC_CASES:
        logit = lambda q: math.log(q) - math.log1p(-q)
        for name in NAMES:
            hh = h[:5] + (math.log(n_pos / n_neg),)
            v, g = value_grad(lambda zz: stable_binary(name, zz, 1, hh), logit(p))
            l_neg, g_neg = value_grad(lambda zz: stable_binary(name, zz, 0, hh), logit(easy_p))
            l_pos, g_pos = value_grad(lambda zz: stable_binary(name, zz, 1, hh), logit(hard_p))
            ls = n_neg * l_neg / (n_neg * l_neg + n_pos * l_pos) if n_neg * l_neg + n_pos * l_pos > 0 else float("nan")
            gs = n_neg * abs(g_neg) / (n_neg * abs(g_neg) + n_pos * abs(g_pos))
            lines.append('  { "%s", "%s", %s, %s, %s, %s },' % (assignments, name, fmt(v), fmt(g), fmt(ls), fmt(gs)))
    lines.append("};")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
