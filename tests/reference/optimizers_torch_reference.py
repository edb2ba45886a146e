#!/usr/bin/python3
"""Reference trajectories for tests/test-topic-optimizers.c, from torch.optim.

Run from anywhere:

    /usr/bin/python3 tests/reference/optimizers_torch_reference.py

Writes tests/optimizers-torch-reference.h: the first iterates (start + 50 steps) of
every optimizer of the topic, run by PyTorch (Debian 12's python3-torch, float64) on
the same surfaces from the same starts:

- gd, sgd: torch.optim.SGD(lr); momentum: SGD(lr, momentum=beta) (dampening 0);
  nesterov: SGD(lr, momentum=beta, nesterov=True); adagrad: Adagrad(lr) (eps 1e-10,
  initial_accumulator_value 0); rmsprop: RMSprop(lr, alpha=rho, eps=1e-8); adam:
  Adam(lr, betas, eps=1e-8, weight_decay) (L2); adamw: AdamW(lr, betas, eps=1e-8,
  weight_decay) (decoupled);
- newton: theta <- theta - lr (H + mu I)^-1 g with H from torch.autograd.functional.hessian,
  mu = 1e-3 max(1, max|lambda|) - min lambda when H is not positive definite (eigvalsh);
- schedules: StepLR, CosineAnnealingLR(T_max=steps), and the warm-up as
  SequentialLR([LinearLR(1/W, 1, W - 1), CosineAnnealingLR(T_max=steps - W)], [W]);
- clipping: torch.nn.utils.clip_grad_norm_(params, clip) before every step;
- the logistic loss: F.binary_cross_entropy_with_logits(X @ w, y) on a small data set
  written into the header as CSV text, with minibatches drawn as the topic draws them:
  each epoch a Fisher-Yates shuffle whose j = gsl_rng_uniform_int(rng, i + 1) comes from
  GSL's mt19937 seeded with seed + 1 (reimplemented below: the seeding of
  gsl_rng_set and the rejection loop of gsl_rng_uniform_int).

The gradients come from autograd of the loss expressions, independently of the closed
forms in optimizers-compute.c. Also the step at which plain descent diverges
(|coordinate| > 1e6) on a quadratic.
"""
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "optimizers-torch-reference.h")
N_STEPS = 50

ALL = ["gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "newton"]


# ---------------------------------------------------------------- surfaces

def quadratic(condition, angle_deg):
    th = math.radians(angle_deg)
    a, b = 10.0 / condition, 10.0

    def f(p):
        u = math.cos(th) * p[0] + math.sin(th) * p[1]
        v = -math.sin(th) * p[0] + math.cos(th) * p[1]
        return 0.5 * (a * u * u + b * v * v)
    return f


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def saddle(p):
    return p[0] ** 2 - p[1] ** 2 + p[1] ** 4 / 4


def himmelblau(p):
    return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2


def beale(p):
    x, y = p[0], p[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2


def monkey(p):
    return p[0] ** 3 - 3 * p[0] * p[1] ** 2


# the logistic data set: two overlapping classes, written with 17 significant digits
def logistic_data():
    g = torch.Generator().manual_seed(11)
    n = 40
    z = torch.randn(n, 2, generator=g)
    y = torch.tensor([i % 2 for i in range(n)], dtype=torch.float64)
    sgn = 2 * y - 1
    x1 = sgn * 0.8 + z[:, 0]
    x2 = sgn * 0.4 + 0.6 * z[:, 0] + 0.8 * z[:, 1]
    X = torch.stack([x1, x2], 1)
    X = torch.tensor([[float("%.17g" % v) for v in row] for row in X.tolist()])
    return X, y


X_LOG, Y_LOG = logistic_data()
CSV = "x1,x2,label\\n" + "".join("%r,%r,%d\\n" % (float(r[0]), float(r[1]), int(t))
                                for r, t in zip(X_LOG.tolist(), Y_LOG.tolist()))


def logistic(idx=None):
    def f(p):
        X, y = (X_LOG, Y_LOG) if idx is None else (X_LOG[idx], Y_LOG[idx])
        return F.binary_cross_entropy_with_logits(X @ p, y)
    return f


# ---------------------------------------------------------------- GSL's mt19937

class GslMt19937:
    def __init__(self, seed):
        s = seed & 0xFFFFFFFF
        if s == 0:
            s = 4357
        self.mt = [s]
        for i in range(1, 624):
            self.mt.append((1812433253 * (self.mt[i - 1] ^ (self.mt[i - 1] >> 30)) + i) & 0xFFFFFFFF)
        self.mti = 624

    def get(self):
        mt = self.mt
        if self.mti >= 624:
            for k in range(624):
                y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7FFFFFFF)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.mti = 0
        y = mt[self.mti]
        self.mti += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y

    def uniform_int(self, n):
        scale = 0xFFFFFFFF // n
        while True:
            k = self.get() // scale
            if k < n:
                return k


def batches(n, batch, seed):
    rng = GslMt19937(seed + 1)
    perm = list(range(n))
    while True:
        for i in range(n - 1, 0, -1):
            j = rng.uniform_int(i + 1)
            perm[i], perm[j] = perm[j], perm[i]
        for start in range(0, n, batch):
            yield perm[start:start + batch]


# ---------------------------------------------------------------- runs

def make_schedule(opt, h, steps):
    kind = h.get("schedule", "constant")
    S = torch.optim.lr_scheduler
    if kind == "step":
        return S.StepLR(opt, step_size=h["step_size"], gamma=h["gamma"])
    if kind == "cosine":
        return S.CosineAnnealingLR(opt, T_max=steps)
    if kind == "warmup-cosine":
        w = h["warmup"]
        return S.SequentialLR(opt, [S.LinearLR(opt, start_factor=1.0 / w, end_factor=1.0, total_iters=w - 1),
                                    S.CosineAnnealingLR(opt, T_max=steps - w)], milestones=[w])
    return None


def newton_direction(H, g):
    ev = torch.linalg.eigvalsh(H)
    mu = 0.0
    if ev.min() <= 0:
        mu = 1e-3 * max(1.0, float(ev.abs().max())) - float(ev.min())
    return torch.linalg.solve(H + mu * torch.eye(2), g), mu


def run(name, f_of_batch, start, h, steps=N_STEPS, batch_iter=None):
    p = torch.tensor(start, requires_grad=True)
    lr = h["lrs"].get(name, h["lr"])
    stochastic = name not in ("gd", "newton")
    opt = None
    if name in ("gd", "sgd"):
        opt = torch.optim.SGD([p], lr=lr)
    elif name == "momentum":
        opt = torch.optim.SGD([p], lr=lr, momentum=h["momentum"])
    elif name == "nesterov":
        opt = torch.optim.SGD([p], lr=lr, momentum=h["momentum"], nesterov=True)
    elif name == "adagrad":
        opt = torch.optim.Adagrad([p], lr=lr)
    elif name == "rmsprop":
        opt = torch.optim.RMSprop([p], lr=lr, alpha=h["rho"], eps=1e-8)
    elif name == "adam":
        opt = torch.optim.Adam([p], lr=lr, betas=(h["beta1"], h["beta2"]), eps=1e-8, weight_decay=h["wd"])
    elif name == "adamw":
        opt = torch.optim.AdamW([p], lr=lr, betas=(h["beta1"], h["beta2"]), eps=1e-8, weight_decay=h["wd"])
    else:
        # Newton's method has no torch.optim class: a dummy optimizer carries the schedule's lr
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    sched = make_schedule(opt, h, h.get("steps", steps))
    out = [p.detach().clone()]
    clipped = 0
    damping = 0.0
    for t in range(steps):
        idx = next(batch_iter) if (batch_iter is not None and stochastic) else None
        f = f_of_batch(idx)
        if name == "newton":
            x = p.detach().clone()
            g = torch.autograd.functional.jacobian(f, x)
            H = torch.autograd.functional.hessian(f, x)
            if h.get("clip", 0) > 0:
                q = torch.zeros(2, requires_grad=True)
                q.grad = g.clone()
                torch.nn.utils.clip_grad_norm_([q], h["clip"])
                if not torch.equal(q.grad, g):
                    clipped += 1
                g = q.grad
            d, mu = newton_direction(H, g)
            damping = max(damping, mu)
            with torch.no_grad():
                p -= opt.param_groups[0]["lr"] * d
        else:
            opt.zero_grad()
            loss = f(p)
            loss.backward()
            if h.get("clip", 0) > 0:
                before = p.grad.clone()
                torch.nn.utils.clip_grad_norm_([p], h["clip"])
                if not torch.equal(p.grad, before):
                    clipped += 1
            opt.step()
        if sched is not None:
            sched.step()
        out.append(p.detach().clone())
        if not torch.isfinite(out[-1]).all() or out[-1].abs().max() > 1e6:
            # diverged: the topic stops here, so nothing after it counts (damping, clipping)
            out += [torch.full((2,), math.nan)] * (steps - t - 1)
            break
    return torch.stack(out), clipped, damping


BASE = dict(lr=0.05, momentum=0.9, rho=0.9, beta1=0.9, beta2=0.999, wd=0.01, lrs={})


def case(assign, f, start, opts, batch=None, **kw):
    h = dict(BASE)
    h.update(kw)
    return (assign, f, start, opts, h, batch)


def spec(opts, lrs):
    return ",".join(o + ("@%r" % lrs[o] if o in lrs else "") for o in opts)


CASES = []


def add(assign, f, start, opts, lrs=None, batch=None, **kw):
    lrs = lrs or {}
    a = "%s optimizers=%s start-x=%r start-y=%r" % (assign, spec(opts, lrs), start[0], start[1])
    CASES.append(case(a, f, start, opts, batch=batch, lrs=lrs, **kw))


Q_LRS = dict(gd=0.05, sgd=0.08, momentum=0.03, nesterov=0.02, adagrad=0.5, rmsprop=0.05, adam=0.1, adamw=0.1,
             newton=0.5)
add("surface=quadratic condition=25 angle=30 learning-rate=0.05 momentum=0.9 rho=0.9 beta1=0.9 beta2=0.999 "
    "weight-decay=0.1", quadratic(25, 30), (-4.0, 0.0), ALL, Q_LRS, wd=0.1)
add("surface=quadratic condition=7.5 angle=-65 learning-rate=0.13 momentum=0.7 rho=0.95 beta1=0.8 beta2=0.99 "
    "weight-decay=0.3", quadratic(7.5, -65), (2.5, -3.25), ALL, dict(newton=1.0),
    lr=0.13, momentum=0.7, rho=0.95, beta1=0.8, beta2=0.99, wd=0.3)
add("surface=rosenbrock learning-rate=0.001 weight-decay=0.01", rosenbrock, (-1.5, 2.0), ALL, dict(newton=1.0),
    lr=0.001)
add("surface=saddle learning-rate=0.01 weight-decay=0", saddle, (2.0, 0.001), ALL, dict(newton=0.5), lr=0.01, wd=0.0)
add("surface=himmelblau learning-rate=0.005 weight-decay=0.05", himmelblau, (0.5, -0.5), ALL, dict(newton=1.0),
    lr=0.005, wd=0.05)
add("surface=beale learning-rate=0.002 weight-decay=0.01", beale, (2.0, 0.2), ALL,
    dict(newton=1.0, adam=0.02, adamw=0.02, adagrad=0.05), lr=0.002)
add("surface=monkey-saddle learning-rate=0.002 weight-decay=0", monkey, (-1.0, 0.3), ALL, dict(newton=0.1),
    lr=0.002, wd=0.0)
# schedules (steps = 50: the whole schedule is compared) and clipping
SCHED_OPTS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "newton"]
add("surface=quadratic condition=25 angle=30 learning-rate=0.08 steps=50 schedule=step step-size=7 gamma=0.6 "
    "weight-decay=0.01", quadratic(25, 30), (-4.0, 0.0), SCHED_OPTS, dict(adam=0.3, adamw=0.3, newton=1.0),
    lr=0.08, schedule="step", step_size=7, gamma=0.6, steps=50)
add("surface=quadratic condition=25 angle=30 learning-rate=0.08 steps=50 schedule=cosine weight-decay=0.01",
    quadratic(25, 30), (-4.0, 0.0), SCHED_OPTS, dict(adam=0.3, adamw=0.3, newton=1.0),
    lr=0.08, schedule="cosine", steps=50)
add("surface=rosenbrock learning-rate=0.0015 steps=50 schedule=warmup-cosine warmup-steps=10 weight-decay=0.01",
    rosenbrock, (-1.5, 2.0), SCHED_OPTS, dict(adam=0.05, adamw=0.05, adagrad=0.1, newton=1.0),
    lr=0.0015, schedule="warmup-cosine", warmup=10, steps=50)
add("surface=rosenbrock learning-rate=0.002 clip=5 weight-decay=0.01", rosenbrock, (-1.5, 2.0), ALL,
    dict(adam=0.05, adamw=0.05, newton=1.0), lr=0.002, clip=5.0)
add("surface=beale learning-rate=0.01 clip=1 schedule=cosine steps=50 weight-decay=0.01", beale, (-3.0, -3.0),
    SCHED_OPTS, dict(newton=1.0), lr=0.01, clip=1.0, schedule="cosine", steps=50)
# the logistic loss on the data set: full batch, then minibatches of 8 (seed 5)
add("surface=logistic learning-rate=0.5 weight-decay=0.01", lambda i: logistic(i), (-2.0, 1.5), ALL,
    dict(newton=0.7, adam=0.1, adamw=0.1, adagrad=0.3, rmsprop=0.05), lr=0.5)
add("surface=logistic learning-rate=0.5 batch-size=8 seed=5 weight-decay=0.01", lambda i: logistic(i), (-2.0, 1.5),
    ALL, dict(newton=0.7, adam=0.1, adamw=0.1, adagrad=0.3, rmsprop=0.05), lr=0.5, batch=(8, 5))


def divergence_step():
    """Plain descent on the quadratic with condition 10 at lr 0.22 from (-4, 0)."""
    f = quadratic(10, 30)
    p = torch.tensor((-4.0, 0.0), requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.22)
    for t in range(1, 2001):
        opt.zero_grad()
        f(p).backward()
        opt.step()
        if not torch.isfinite(p).all() or p.detach().abs().max() > 1e6:
            return t
    return 0


def c_double(v):
    v = float(v)
    if math.isnan(v):
        return "NAN"
    if math.isinf(v):
        return "INFINITY" if v > 0 else "-INFINITY"
    return repr(v)


def main():
    lines = ["/* Generated by tests/reference/optimizers_torch_reference.py from torch.optim %s (float64): "
             "do not edit. */" % torch.__version__,
             "#pragma once", "",
             "#define TORCH_N_STEPS %d" % N_STEPS,
             "/* the logistic surface's data set, as CSV */",
             'static const char torch_logistic_csv[] = "%s";' % CSV,
             "/* plain descent on surface=quadratic condition=10 angle=30 learning-rate=0.22 from (-4, 0) "
             "leaves |x| <= 1e6 at this step */",
             "#define TORCH_DIVERGED_AT %d" % divergence_step(),
             "typedef struct { const char *assignments; const char *optimizer; gboolean uses_data; guint clipped;",
             "                 double damping; double x[TORCH_N_STEPS + 1], y[TORCH_N_STEPS + 1]; } TorchTrack;",
             "static const TorchTrack torch_tracks[] = {"]
    for assign, f, start, opts, h, batch in CASES:
        uses_data = assign.startswith("surface=logistic")
        for name in opts:
            it = batches(len(Y_LOG), batch[0], batch[1]) if batch else None
            f_of_batch = f if uses_data else (lambda idx, f=f: f)
            tr, clipped, damping = run(name, f_of_batch, start, h, batch_iter=it)
            xs = ", ".join(c_double(v) for v in tr[:, 0])
            ys = ", ".join(c_double(v) for v in tr[:, 1])
            lines.append('  { "%s", "%s", %s, %d, %r,\n    { %s },\n    { %s } },'
                         % (assign, name, "TRUE" if uses_data else "FALSE", clipped, damping, xs, ys))
    lines.append("};")
    with open(OUT, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
