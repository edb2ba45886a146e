#!/usr/bin/python3
"""Reference values for tests/test-neural-network.c.

Run from anywhere:

    /usr/bin/python3 tests/reference/neural_network_reference.py

Writes tests/neural-network-reference.h: a fixed small data set (12 rows, 3 inputs), a
3-5-4-1 perceptron's initial weights (given explicitly, so no random generator has to
agree), and for each hidden activation and a choice of loss, optimizer and penalty: the
loss and its gradient (PyTorch autograd, float64) at the initial weights, and the weights
and loss after 25 full-batch steps of torch.optim.SGD / SGD(momentum=0.9) / Adam.

Written from PyTorch's definitions, independently of the C code:
- layers are torch.nn.functional.linear (W is out x in, as nn.Linear), the output has no
  activation; parameters are flattened W1, b1, W2, b2, W3, b3;
- two classes: binary_cross_entropy_with_logits (mean); regression: mse_loss (mean);
- penalty on the weights only: l1 = rate * sum |w|, l2 = rate / 2 * sum w^2;
- norm (each hidden layer's pre-activation, before the activation): layer =
  F.layer_norm(z, (units,), gain, shift, eps=1e-5); rms = z / sqrt(mean(z^2) + 1e-5) * gain
  (PyTorch 1.13 has no RMSNorm); gain starts at 1, shift at 0; they follow each hidden
  layer's b in the flat vector (gain, then shift), and are not penalised;
  batch = F.batch_norm(z, running_mean, running_var, gain, shift, training, momentum=0.1,
  eps=1e-5): the loss and gradient at the start in training mode (on copies of the running
  statistics), the 25 steps in training mode (which update them), the final loss in
  evaluation mode, and the running statistics at the end;
- activations: relu, leaky_relu (0.01), tanh, sigmoid, identity, gelu (exact),
  gelu(approximate="tanh"), silu.

Then the minibatch runs (steps_reference): the initial weights and the training rows are read
from weights files written by ml-lab itself (tests/data/neural-network/weights-glu-*.json, made
by `ml-lab export neural-network features=x1,x2,x1x2 layers=5,4 n=40 test-fraction=0.25
norm=batch glu=G init-scale=1.5 seed=11 epochs=1 --dump-weights FILE`, the layout documented in
src/topics/neural-network/neural-network-weights.c). For every activation, norm and optimizer
(and the gated layers GLU and SwiGLU, h = f(Wa + b) * (Va + c) with f = sigmoid or silu, Shazeer
2020), 100 steps on minibatches of 8 rows in an order drawn here and written out, and the loss
on all the training rows after 1, 10 and 100 steps (batch norm: in evaluation mode, with the
running statistics, and in training mode, with the statistics of all the rows).
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

N, D = 12, 3
HIDDEN = [5, 4]
STEPS = 25

ACTS = {
    "relu": F.relu,
    "leaky-relu": lambda z: F.leaky_relu(z, 0.01),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "linear": lambda z: z,
    "gelu": lambda z: F.gelu(z),
    "gelu-tanh": lambda z: F.gelu(z, approximate="tanh"),
    "silu": F.silu,
}
PROBLEMS = {"classification": 0, "regression": 1}
OPTIMIZERS = {"sgd": 0, "momentum": 1, "adam": 2}
REGS = {"none": 0, "l1": 1, "l2": 2}


def fixed(i, j, a, b):
    """A deterministic, irregular number in [a, b) (no RNG to agree on)."""
    t = math.sin(12.9898 * (i + 1) + 78.233 * (j + 1)) * 43758.5453
    return a + (b - a) * (t - math.floor(t))


X = torch.tensor([[fixed(i, j, -1.5, 1.5) for j in range(D)] for i in range(N)])
Y_CLASS = torch.tensor([float((i * 7) % 3 == 0 or i % 5 == 1) for i in range(N)])
Y_REG = torch.tensor([math.sin(X[i, 0].item()) + 0.5 * X[i, 1].item() * X[i, 2].item() for i in range(N)])

sizes = [D] + HIDDEN + [1]
THETA0 = []
for l in range(len(sizes) - 1):
    fan_in, fan_out = sizes[l], sizes[l + 1]
    scale = math.sqrt(2.0 / (fan_in + fan_out))
    for o in range(fan_out):
        for i in range(fan_in):
            THETA0.append(scale * fixed(100 * l + o, i + 17, -1.7, 1.7))
    for o in range(fan_out):
        THETA0.append(fixed(100 * l + o, 3, -0.2, 0.2))


NORMS = {"none": 0, "layer": 1, "rms": 2, "batch": 3}


def initial(norm):
    """THETA0 with the norm's gains (1) and shifts (0) after each hidden layer's b."""
    out, k = [], 0
    for l in range(len(sizes) - 1):
        m = sizes[l + 1] * (sizes[l] + 1)
        out += THETA0[k:k + m]
        k += m
        if norm != "none" and l < len(sizes) - 2:
            out += [1.0] * sizes[l + 1]
            if norm in ("layer", "batch"):
                out += [0.0] * sizes[l + 1]
    return out


def unflatten(flat, norm):
    params, norms, k = [], [], 0
    for l in range(len(sizes) - 1):
        n_w = sizes[l + 1] * sizes[l]
        params.append(flat[k:k + n_w].view(sizes[l + 1], sizes[l]))
        k += n_w
        params.append(flat[k:k + sizes[l + 1]])
        k += sizes[l + 1]
        gain = shift = None
        if norm != "none" and l < len(sizes) - 2:
            gain = flat[k:k + sizes[l + 1]]
            k += sizes[l + 1]
            if norm in ("layer", "batch"):
                shift = flat[k:k + sizes[l + 1]]
                k += sizes[l + 1]
        norms.append((gain, shift))
    return params, norms


def new_running():
    return [(torch.zeros(h), torch.ones(h)) for h in HIDDEN]


def loss_of(flat, act, problem, reg, rate, norm, running=None, training=True):
    params, norms = unflatten(flat, norm)
    a = X
    n_layers = len(params) // 2
    for l in range(n_layers):
        z = F.linear(a, params[2 * l], params[2 * l + 1])
        if l < n_layers - 1 and norm == "layer":
            z = F.layer_norm(z, (z.shape[1],), norms[l][0], norms[l][1], eps=1e-5)
        elif l < n_layers - 1 and norm == "batch":
            z = F.batch_norm(z, running[l][0], running[l][1], norms[l][0], norms[l][1], training=training,
                             momentum=0.1, eps=1e-5)
        elif l < n_layers - 1 and norm == "rms":
            z = z / torch.sqrt((z * z).mean(dim=1, keepdim=True) + 1e-5) * norms[l][0]
        a = z if l == n_layers - 1 else ACTS[act](z)
    out = a[:, 0]
    if problem == "classification":
        loss = F.binary_cross_entropy_with_logits(out, Y_CLASS)
    else:
        loss = F.mse_loss(out, Y_REG)
    for l in range(n_layers):
        w = params[2 * l]
        if reg == "l1":
            loss = loss + rate * w.abs().sum()
        elif reg == "l2":
            loss = loss + rate / 2 * (w * w).sum()
    return loss


CASES = []
for act in ACTS:
    CASES.append((act, "classification", "adam", "none", 0.0, 0.05, "none"))
    CASES.append((act, "regression", "momentum", "l2", 0.01, 0.02, "none"))
    CASES.append((act, "classification", "sgd", "l1", 0.005, 0.3, "none"))
    CASES.append((act, "classification", "adam", "l2", 0.01, 0.05, "layer"))
    CASES.append((act, "regression", "sgd", "none", 0.0, 0.05, "rms"))
    CASES.append((act, "classification", "momentum", "l2", 0.01, 0.05, "batch"))


def fmt(v):
    return repr(float(v))


def main():
    out = []
    out.append("/* Generated by tests/reference/neural_network_reference.py (PyTorch %s autograd, float64): do not edit. */"
               % torch.__version__)
    out.append("#pragma once\n")
    out.append("#define NN_REF_N %d" % N)
    out.append("#define NN_REF_D %d" % D)
    out.append("#define NN_REF_P %d" % len(THETA0))
    out.append("#define NN_REF_STEPS %d" % STEPS)
    out.append("static const guint nn_ref_hidden[] = { %s };" % ", ".join(str(h) for h in HIDDEN))
    out.append("static const double nn_ref_x[NN_REF_N * NN_REF_D] = {\n  %s\n};"
               % ",\n  ".join(", ".join(fmt(v) for v in row) for row in X.tolist()))
    out.append("static const double nn_ref_y_class[NN_REF_N] = { %s };" % ", ".join(fmt(v) for v in Y_CLASS.tolist()))
    out.append("static const double nn_ref_y_reg[NN_REF_N] = { %s };" % ", ".join(fmt(v) for v in Y_REG.tolist()))
    out.append("static const double nn_ref_theta0[NN_REF_P] = { %s };\n" % ", ".join(fmt(v) for v in THETA0))
    out.append("#define NN_REF_P_MAX %d" % len(initial("layer")))
    out.append("typedef struct\n{\n  const char *activation;\n  int problem, optimizer, reg, norm;   /* 0 classification 1 regression;"
               " 0 sgd 1 momentum 2 adam; 0 none 1 l1 2 l2; 0 none 1 layer 2 rms */\n  double reg_rate, lr;\n"
               "  guint n_params;   /* NN_REF_P and the norm's gains and shifts */\n"
               "  double loss0, grad0[NN_REF_P_MAX];\n"
               "  double loss_end, theta_end[NN_REF_P_MAX];\n"
               "  double running_mean[%d], running_var[%d];   /* batch norm, after the steps */\n} NnRefCase;\n"
               % (sum(HIDDEN), sum(HIDDEN)))
    out.append("static const NnRefCase nn_ref_cases[] = {")
    for act, problem, opt, reg, rate, lr, norm in CASES:
        flat = torch.tensor(initial(norm), requires_grad=True)
        loss0 = loss_of(flat, act, problem, reg, rate, norm, new_running())
        grad0 = torch.autograd.grad(loss0, flat)[0]
        theta = torch.tensor(initial(norm), requires_grad=True)
        if opt == "sgd":
            optim = torch.optim.SGD([theta], lr=lr)
        elif opt == "momentum":
            optim = torch.optim.SGD([theta], lr=lr, momentum=0.9)
        else:
            optim = torch.optim.Adam([theta], lr=lr, betas=(0.9, 0.999), eps=1e-8)
        running = new_running()
        for _ in range(STEPS):
            optim.zero_grad()
            loss = loss_of(theta, act, problem, reg, rate, norm, running)
            loss.backward()
            optim.step()
        with torch.no_grad():
            loss_end = loss_of(theta, act, problem, reg, rate, norm, running, training=False)
        rmean = [v for m, _ in running for v in m.tolist()]
        rvar = [v for _, var in running for v in var.tolist()]
        out.append("  { \"%s\", %d, %d, %d, %d, %s, %s, %d,\n    %s, { %s },\n    %s, { %s },\n    { %s }, { %s } },"
                   % (act, PROBLEMS[problem], OPTIMIZERS[opt], REGS[reg], NORMS[norm], fmt(rate), fmt(lr), len(initial(norm)),
                      fmt(loss0.item()), ", ".join(fmt(v) for v in grad0.tolist()),
                      fmt(loss_end.item()), ", ".join(fmt(v) for v in theta.detach().tolist()),
                      ", ".join(fmt(v) for v in rmean), ", ".join(fmt(v) for v in rvar)))
    out.append("};")
    out += steps_reference()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "neural-network-reference.h")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print("wrote", os.path.normpath(path), "with", len(CASES), "cases")



# ---------------------------------------------------------------------------------------------
# minibatch runs from ml-lab's own weights files

STEP_CHECKS = [1, 10, 100]
BATCH = 8
DUMP_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "neural-network")
GLUS = {"none": 0, "glu": 1, "swiglu": 2}
GATE = {"glu": torch.sigmoid, "swiglu": F.silu}


def read_dump(glu):
    with open(os.path.join(DUMP_DIR, "weights-glu-%s.json" % glu)) as f:
        return json.load(f)


def run_steps(dump, act, glu, norm, problem, opt, lr, reg, rate, orders):
    """100 steps from the dump's weights; the full-set losses after STEP_CHECKS steps."""
    x = torch.tensor(dump["train"]["x"], dtype=torch.float64)
    if problem == "classification":
        y = torch.tensor(dump["train"]["y"], dtype=torch.float64)
    else:
        y = torch.sin(x[:, 0]) + 0.25 * x[:, 1]
    layers = dump["layers"]
    n_layers = len(layers)
    params, extra = [], []
    for l, layer in enumerate(layers):
        hidden = l < n_layers - 1
        entry = {"w": torch.tensor(layer["weight"], dtype=torch.float64, requires_grad=True),
                 "b": torch.tensor(layer["bias"], dtype=torch.float64, requires_grad=True)}
        if hidden and glu != "none":
            entry["v"] = torch.tensor(layer["value_weight"], dtype=torch.float64, requires_grad=True)
            entry["c"] = torch.tensor(layer["value_bias"], dtype=torch.float64, requires_grad=True)
        if hidden and norm != "none":
            entry["gain"] = torch.tensor(layer["norm_gain"], dtype=torch.float64, requires_grad=True)
            if norm in ("layer", "batch"):
                entry["shift"] = torch.tensor(layer["norm_shift"], dtype=torch.float64, requires_grad=True)
        params.append(entry)
    flat = [t for e in params for t in e.values()]
    running = [(torch.zeros(len(e["b"])), torch.ones(len(e["b"]))) for e in params[:-1]]
    f = GATE[glu] if glu != "none" else ACTS[act]

    def forward(rows, training, update=True):
        a = x[rows]
        for l, e in enumerate(params):
            z = F.linear(a, e["w"], e["b"])
            if l == n_layers - 1:
                return z[:, 0]
            if norm == "layer":
                z = F.layer_norm(z, (z.shape[1],), e["gain"], e["shift"], eps=1e-5)
            elif norm == "rms":
                z = z / torch.sqrt((z * z).mean(dim=1, keepdim=True) + 1e-5) * e["gain"]
            elif norm == "batch":
                rm, rv = running[l] if update else (running[l][0].clone(), running[l][1].clone())
                z = F.batch_norm(z, rm, rv, e["gain"], e["shift"], training=training, momentum=0.1, eps=1e-5)
            h = f(z)
            if glu != "none":
                h = h * F.linear(a, e["v"], e["c"])
            a = h
        return None

    def data_loss(out, target):
        if problem == "classification":
            return F.binary_cross_entropy_with_logits(out, target)
        return F.mse_loss(out, target)

    def objective(rows):
        loss = data_loss(forward(rows, True), y[rows])
        for e in params:
            if reg == "l1":
                loss = loss + rate * e["w"].abs().sum()
                if "v" in e:
                    loss = loss + rate * e["v"].abs().sum()
            elif reg == "l2":
                loss = loss + rate / 2 * (e["w"] * e["w"]).sum()
                if "v" in e:
                    loss = loss + rate / 2 * (e["v"] * e["v"]).sum()
        return loss

    if opt == "sgd":
        optim = torch.optim.SGD(flat, lr=lr)
    elif opt == "momentum":
        optim = torch.optim.SGD(flat, lr=lr, momentum=0.9)
    else:
        optim = torch.optim.Adam(flat, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    everything = torch.arange(len(y))
    eval_losses, train_losses = [], []
    for step in range(1, STEP_CHECKS[-1] + 1):
        optim.zero_grad()
        loss = objective(torch.tensor(orders[step - 1]))
        loss.backward()
        optim.step()
        if step in STEP_CHECKS:
            with torch.no_grad():
                eval_losses.append(data_loss(forward(everything, norm != "batch", False), y).item())
                train_losses.append(data_loss(forward(everything, True, False), y).item())
    return eval_losses, train_losses


def batch_orders(n_rows, steps):
    """Minibatches of BATCH rows, an epoch a fresh permutation (its last batch shorter)."""
    gen = torch.Generator().manual_seed(2024)
    orders = []
    while len(orders) < steps:
        perm = torch.randperm(n_rows, generator=gen).tolist()
        for s in range(0, n_rows, BATCH):
            orders.append(perm[s:s + BATCH])
    return orders[:steps]


LR = {"sgd": 0.05, "momentum": 0.01, "adam": 0.01}


def steps_reference():
    dumps = {g: read_dump(g) for g in GLUS}
    n_rows = len(dumps["none"]["train"]["y"])
    orders = batch_orders(n_rows, STEP_CHECKS[-1])
    cases = []
    k = 0
    for glu in GLUS:
        for act in (ACTS if glu == "none" else ["tanh"]):
            for norm in NORMS:
                for opt in OPTIMIZERS:
                    problem = "classification" if k % 3 != 1 else "regression"
                    reg, rate = [("none", 0.0), ("l2", 0.01), ("l1", 0.002)][k % 3]
                    # the squared error's gradient on inputs up to 9 (x1x2) is steep: smaller steps
                    lr = LR[opt] * (0.1 if problem == "regression" else 1)
                    cases.append((glu, act, norm, opt, problem, reg, rate, lr))
                    k += 1
    out = []
    out.append("\n/* minibatch runs from ml-lab's weights files (tests/data/neural-network/weights-glu-*.json) */")
    out.append("#define NN_REF_STEP_ROWS %d" % n_rows)
    out.append("#define NN_REF_STEP_BATCH %d" % BATCH)
    out.append("#define NN_REF_STEP_MAX %d" % STEP_CHECKS[-1])
    out.append("static const guint nn_ref_step_checks[] = { %s };" % ", ".join(str(s) for s in STEP_CHECKS))
    out.append("static const guint nn_ref_step_len[NN_REF_STEP_MAX] = { %s };" % ", ".join(str(len(o)) for o in orders))
    out.append("static const guint nn_ref_step_rows[NN_REF_STEP_MAX][NN_REF_STEP_BATCH] = {\n  %s\n};"
               % ",\n  ".join("{ %s }" % ", ".join(str(r) for r in o + [0] * (BATCH - len(o))) for o in orders))
    out.append("typedef struct\n{\n  const char *glu, *activation, *norm, *optimizer, *problem, *reg;\n  double reg_rate, lr;\n"
               "  double loss[3];         /* all training rows after 1, 10, 100 steps (batch norm: evaluation mode) */\n"
               "  double loss_train[3];   /* batch norm in training mode (the rows' statistics); otherwise = loss */\n"
               "} NnRefStepCase;")
    out.append("static const NnRefStepCase nn_ref_step_cases[] = {")
    for glu, act, norm, opt, problem, reg, rate, lr in cases:
        ev, tr = run_steps(dumps[glu], act, glu, norm, problem, opt, lr, reg, rate, orders)
        out.append("  { \"%s\", \"%s\", \"%s\", \"%s\", \"%s\", \"%s\", %s, %s, { %s }, { %s } },"
                   % (glu, act, norm, opt, problem, reg, fmt(rate), fmt(lr),
                      ", ".join(fmt(v) for v in ev), ", ".join(fmt(v) for v in tr)))
    out.append("};")
    print(len(cases), "minibatch cases")
    return out


if __name__ == "__main__":
    main()
