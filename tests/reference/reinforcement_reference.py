#!/usr/bin/python3
"""Reference values for tests/test-topic-reinforcement.c, written to tests/reinforcement-reference.h.

Independent of the C code:
  * Grid worlds: the layouts rebuilt here, the model as matrices P[a] (states × states) and
    expected rewards r[a]; value iteration in numpy to convergence, its greedy policy, and that
    policy's values from the Bellman equations as one linear solve, (I − γP_π) V = r_π.
    Written: the cells, V, and for each state the set of optimal actions (within 1e-9).
  * TD control replayed step by step with GSL's random stream re-implemented here (mt19937
    seeded as gsl_rng_set does, gsl_rng_uniform = x / 2³², gsl_rng_uniform_int by GSL's
    rejection rule): the discounted return G₀ of each of the first 100 episodes and Q after them.
  * The 10-armed testbed (Sutton & Barto §2.3) simulated with numpy's own generator over 2,000
    runs: the mean reward and optimal-action fraction over the last 10 % of steps, with their
    standard errors, for the statistical comparison.

Run: /usr/bin/python3 tests/reference/reinforcement_reference.py > tests/reinforcement-reference.h
"""
import numpy as np

# ---------------------------------------------------------------- GSL's mt19937

class GslMt19937:
    def __init__(self, seed):
        s = seed & 0xFFFFFFFF
        if s == 0:
            s = 4357
        self.mt = [0] * 624
        self.mt[0] = s
        for i in range(1, 624):
            self.mt[i] = (1812433253 * (self.mt[i - 1] ^ (self.mt[i - 1] >> 30)) + i) & 0xFFFFFFFF
        self.mti = 624

    def get(self):
        if self.mti >= 624:
            mt = self.mt
            for k in range(624):
                y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7FFFFFFF)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.mti = 0
        y = self.mt[self.mti]
        self.mti += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y & 0xFFFFFFFF

    def uniform(self):
        return self.get() / 4294967296.0

    def uniform_int(self, n):
        scale = 0xFFFFFFFF // n
        while True:
            k = self.get() // scale
            if k < n:
                return k

# ---------------------------------------------------------------- grid worlds

UP, DOWN, LEFT, RIGHT = range(4)
MOVES = [(-1, 0), (1, 0), (0, -1), (0, 1)]
SIDE = [(LEFT, RIGHT), (LEFT, RIGHT), (UP, DOWN), (UP, DOWN)]


def build(width, height, layout, cells="", cell_reward=1.0):
    kind = [[" "] * width for _ in range(height)]
    bonus = np.zeros((height, width))
    start = (height - 1, 0)
    goal = (0, width - 1)
    if layout == "cliff":
        goal = (height - 1, width - 1)
        for c in range(1, width - 1):
            kind[height - 1][c] = "C"
    elif layout == "maze":
        kind = [["#"] * width for _ in range(height)]
        nx, ny = (width + 1) // 2, (height + 1) // 2
        rng = GslMt19937(1000 * width + height)
        seen = [False] * (nx * ny)
        stack = [0]
        seen[0] = True
        kind[0][0] = " "
        while stack:
            cur = stack[-1]
            cx, cy = cur % nx, cur // nx
            nxt = []
            if cy > 0 and not seen[cur - nx]: nxt.append(cur - nx)
            if cy + 1 < ny and not seen[cur + nx]: nxt.append(cur + nx)
            if cx > 0 and not seen[cur - 1]: nxt.append(cur - 1)
            if cx + 1 < nx and not seen[cur + 1]: nxt.append(cur + 1)
            if not nxt:
                stack.pop()
                continue
            to = nxt[rng.uniform_int(len(nxt))]
            tx, ty = to % nx, to // nx
            seen[to] = True
            kind[2 * ty][2 * tx] = " "
            kind[cy + ty][cx + tx] = " "
            stack.append(to)
        start = ((height - 1) & ~1, 0)
        goal = (0, (width - 1) & ~1)
    elif layout == "four-rooms":
        cx, cy = width // 2, height // 2
        for r in range(height):
            if r != cy // 2 and r != cy + (height - cy) // 2:
                kind[r][cx] = "#"
        for c in range(width):
            if c != cx // 2 and c != cx + (width - cx) // 2:
                kind[cy][c] = "#"
    kind[goal[0]][goal[1]] = "T"
    bonus[goal] = 0.0 if layout == "cliff" else 1.0
    kind[start[0]][start[1]] = "S"
    for edit in cells.split():
        pos, what = edit.split("=")
        c, r = map(int, pos.split(","))
        if c >= width or r >= height or (r, c) == start:
            continue
        kind[r][c] = {"empty": " ", "wall": "#", "reward": "R", "terminal": "T"}[what]
        bonus[r, c] = cell_reward if what in ("reward", "terminal") else 0.0
    return kind, bonus, start


def step(kind, bonus, start, s, d, step_reward):
    h, w = len(kind), len(kind[0])
    r, c = s[0] + MOVES[d][0], s[1] + MOVES[d][1]
    to = s
    if 0 <= r < h and 0 <= c < w and kind[r][c] != "#":
        to = (r, c)
    if kind[to[0]][to[1]] == "C":
        return start, step_reward - 100.0
    return to, step_reward + bonus[to]


def model(kind, bonus, start, slip, step_reward):
    h, w = len(kind), len(kind[0])
    n = h * w
    P = np.zeros((4, n, n))
    R = np.zeros((4, n))
    live = [kind[i // w][i % w] not in "#CT" for i in range(n)]
    for i in range(n):
        if not live[i]:
            continue
        for a in range(4):
            for d, p in ((a, 1 - slip), (SIDE[a][0], slip / 2), (SIDE[a][1], slip / 2)):
                if p == 0:
                    continue
                to, rew = step(kind, bonus, start, (i // w, i % w), d, step_reward)
                j = to[0] * w + to[1]
                R[a, i] += p * rew
                if kind[to[0]][to[1]] != "T":
                    P[a, i, j] += p
    return P, R, np.array(live)


def solve(cfg):
    kind, bonus, start = build(cfg["width"], cfg["height"], cfg["layout"], cfg.get("cells", ""),
                               cfg.get("cell_reward", 1.0))
    P, R, live = model(kind, bonus, start, cfg["slip"], cfg["step_reward"])
    g = cfg["gamma"]
    n = P.shape[1]
    V = np.zeros(n)
    for _ in range(100000):
        Q = R + g * P @ V
        Vn = np.where(live, Q.max(axis=0), 0.0)
        if np.max(np.abs(Vn - V)) < 1e-15:
            V = Vn
            break
        V = Vn
    Q = R + g * P @ V
    pi = Q.argmax(axis=0)
    idx = np.arange(n)
    Ppi = P[pi, idx, :]
    rpi = R[pi, idx]
    A = np.eye(n) - g * Ppi
    Vx = np.linalg.solve(A, rpi)
    Vx[~live] = 0.0
    Q = R + g * P @ Vx
    best = Q.max(axis=0)
    mask = [(sum(1 << a for a in range(4) if Q[a, i] >= best[i] - 1e-9) if live[i] else 0) for i in range(n)]
    letters = "".join("".join(row) for row in kind)
    walls = np.array([ch in "#C" for ch in letters])
    Vx[walls] = np.nan
    return letters, Vx, mask

# ---------------------------------------------------------------- TD control, replayed

def td(cfg, algorithm, episodes):
    kind, bonus, start = build(cfg["width"], cfg["height"], cfg["layout"], cfg.get("cells", ""))
    w, h = cfg["width"], cfg["height"]
    n = w * h
    rng = GslMt19937(cfg["seed"])
    Q = [[0.0] * 4 for _ in range(n)]
    gamma, alpha, eps, slip = cfg["gamma"], cfg["alpha"], cfg["epsilon"], cfg["slip"]
    cap = max(100, 20 * n)

    def eps_greedy(q):
        if rng.uniform() < eps:
            return rng.uniform_int(4)
        best = max(q)
        ties = [a for a in range(4) if q[a] == best]
        return ties[0] if len(ties) == 1 else ties[rng.uniform_int(len(ties))]

    def env(s, a):
        d = a
        if slip > 0:
            u = rng.uniform()
            if u < slip:
                d = SIDE[a][0 if u < slip / 2 else 1]
        to, r = step(kind, bonus, start, (s // w, s % w), d, cfg["step_reward"])
        return to[0] * w + to[1], r

    def expected(q):
        best = max(q)
        total, greedy, ties = 0.0, 0.0, 0
        for a in range(4):
            total += q[a]
            if q[a] == best:
                ties += 1
                greedy += q[a]
        return eps / 4 * total + (1 - eps) * greedy / ties

    returns = []
    s0 = start[0] * w + start[1]
    for _ in range(episodes):
        s, G, discount = s0, 0.0, 1.0
        a = eps_greedy(Q[s]) if algorithm == "sarsa" else 0
        for _ in range(cap):
            if algorithm != "sarsa":
                a = eps_greedy(Q[s])
            to, r = env(s, a)
            G += discount * r
            discount *= gamma
            end = kind[to // w][to % w] == "T"
            if algorithm == "sarsa":
                nxt = 0 if end else eps_greedy(Q[to])
                target = r + (0.0 if end else gamma * Q[to][nxt])
                Q[s][a] += alpha * (target - Q[s][a])
                a = nxt
            else:
                if end:
                    target = r
                elif algorithm == "q-learning":
                    target = r + gamma * max(Q[to])
                else:
                    target = r + gamma * expected(Q[to])
                Q[s][a] += alpha * (target - Q[s][a])
            s = to
            if end:
                break
        returns.append(G)
    return returns, Q

# ---------------------------------------------------------------- the 10-armed testbed

def testbed(agent, runs=2000, steps=1000, arms=10, reward="gaussian", epsilon=0.1, c=2.0, seed=2718):
    rng = np.random.default_rng(seed)
    if reward == "gaussian":
        q = rng.standard_normal((runs, arms))
    else:
        q = rng.random((runs, arms))
    best = q.argmax(axis=1)
    Q = np.zeros((runs, arms))
    N = np.zeros((runs, arms))
    S = np.zeros((runs, arms))
    tail = steps - steps // 10
    rew_tail = np.zeros(runs)
    opt_tail = np.zeros(runs)
    rows = np.arange(runs)

    def argmax_random(v):
        # ties broken uniformly: add a tiny random key among the maxima
        m = v.max(axis=1, keepdims=True)
        key = np.where(v == m, rng.random(v.shape), -1.0)
        return key.argmax(axis=1)

    for t in range(1, steps + 1):
        if agent == "greedy":
            a = argmax_random(Q)
        elif agent == "epsilon-greedy":
            a = argmax_random(Q)
            explore = rng.random(runs) < epsilon
            a = np.where(explore, rng.integers(0, arms, runs), a)
        elif agent == "ucb":
            with np.errstate(divide="ignore", invalid="ignore"):
                score = np.where(N == 0, np.inf, Q + c * np.sqrt(np.log(t) / N))
            a = argmax_random(score)
        elif agent == "thompson":
            theta = rng.beta(1 + S, 1 + N - S)
            a = theta.argmax(axis=1)
        if reward == "gaussian":
            r = q[rows, a] + rng.standard_normal(runs)
        else:
            r = (rng.random(runs) < q[rows, a]).astype(float)
        N[rows, a] += 1
        S[rows, a] += r
        Q[rows, a] += (r - Q[rows, a]) / N[rows, a]
        if t > tail:
            rew_tail += r
            opt_tail += a == best
    rew_tail /= steps - tail
    opt_tail /= steps - tail
    return (rew_tail.mean(), rew_tail.std(ddof=1) / np.sqrt(runs),
            opt_tail.mean(), opt_tail.std(ddof=1) / np.sqrt(runs))

# ---------------------------------------------------------------- output

DP_CONFIGS = [
    dict(name="four-rooms", width=11, height=11, layout="four-rooms", gamma=0.9, slip=0.0, step_reward=0.0),
    dict(name="cliff-slip", width=12, height=4, layout="cliff", gamma=0.95, slip=0.2, step_reward=-1.0),
    dict(name="maze-edits", width=9, height=7, layout="maze", gamma=0.9, slip=0.1, step_reward=-0.05,
         cells="2,2=reward 4,0=terminal 8,6=wall", cell_reward=2.0),
    dict(name="open-slip", width=6, height=5, layout="open", gamma=0.99, slip=0.3, step_reward=-0.04,
         cells="3,1=wall 3,2=wall 2,3=terminal", cell_reward=-1.0),
    dict(name="cliff-undiscounted", width=8, height=4, layout="cliff", gamma=1.0, slip=0.1, step_reward=-1.0),
]

TD_CONFIGS = [
    dict(name="cliff", width=12, height=4, layout="cliff", gamma=1.0, slip=0.0, step_reward=-1.0,
         alpha=0.5, epsilon=0.1, seed=7),
    dict(name="open-slip", width=5, height=4, layout="open", gamma=0.9, slip=0.2, step_reward=0.0,
         alpha=0.3, epsilon=0.2, seed=3),
]


def assignments(cfg):
    parts = ["mode=gridworld", "layout=%s" % cfg["layout"], "width=%d" % cfg["width"], "height=%d" % cfg["height"],
             "gamma=%r" % cfg["gamma"], "slip=%r" % cfg["slip"], "step-reward=%r" % cfg["step_reward"]]
    if "cells" in cfg:
        parts.append("cells=%s" % cfg["cells"].replace(" ", ";"))
        parts.append("cell-reward=%r" % cfg.get("cell_reward", 1.0))
    for k in ("alpha", "epsilon", "seed"):
        if k in cfg:
            parts.append("%s=%r" % (k, cfg[k]))
    return " ".join(parts)


def fmt(x):
    return "NAN" if np.isnan(x) else repr(float(x))


def main():
    print("/* Generated by tests/reference/reinforcement_reference.py — do not edit. */")
    print("#pragma once\n")
    print("typedef struct { const char *name, *assignments, *cells; const double *values; const unsigned char *optimal; } RlDpReference;")
    print("typedef struct { const char *name, *assignments, *algorithm; const double *returns; const double *q; } RlTdReference;")
    print("typedef struct { const char *assignments, *agent; double reward, reward_se, optimal, optimal_se; } RlBanditReference;\n")
    for i, cfg in enumerate(DP_CONFIGS):
        letters, V, mask = solve(cfg)
        print("static const double rl_dp_values_%d[] = { %s };" % (i, ", ".join(fmt(v) for v in V)))
        print("static const unsigned char rl_dp_optimal_%d[] = { %s };" % (i, ", ".join(str(m) for m in mask)))
    print("static const RlDpReference rl_dp_references[] = {")
    for i, cfg in enumerate(DP_CONFIGS):
        letters, _, _ = solve(cfg)
        print('  { "%s", "%s", "%s", rl_dp_values_%d, rl_dp_optimal_%d },' % (cfg["name"], assignments(cfg), letters, i, i))
    print("};\n")

    EPISODES = 100
    entries = []
    for i, cfg in enumerate(TD_CONFIGS):
        for alg in ("q-learning", "sarsa", "expected-sarsa"):
            ret, Q = td(cfg, alg, EPISODES)
            tag = "%d_%s" % (i, alg.replace("-", "_"))
            print("static const double rl_td_returns_%s[] = { %s };" % (tag, ", ".join(repr(float(x)) for x in ret)))
            print("static const double rl_td_q_%s[] = { %s };" % (tag, ", ".join(repr(float(x)) for row in Q for x in row)))
            entries.append('  { "%s", "%s algorithm=%s episodes=%d", "%s", rl_td_returns_%s, rl_td_q_%s },'
                           % (cfg["name"], assignments(cfg), alg, EPISODES, alg, tag, tag))
    print("static const RlTdReference rl_td_references[] = {")
    print("\n".join(entries))
    print("};\n")

    bandits = [
        ("mode=bandit runs=2000 steps=1000 arms=10 reward=gaussian epsilon=0.1", "greedy", {}),
        ("mode=bandit runs=2000 steps=1000 arms=10 reward=gaussian epsilon=0.1", "epsilon-greedy", {}),
        ("mode=bandit runs=2000 steps=1000 arms=10 reward=gaussian c=2", "ucb", {}),
        ("mode=bandit runs=2000 steps=1000 arms=10 reward=bernoulli", "thompson", dict(reward="bernoulli")),
    ]
    print("static const RlBanditReference rl_bandit_references[] = {")
    for assign, agent, kw in bandits:
        r, rse, o, ose = testbed(agent, **kw)
        print('  { "%s agents=%s", "%s", %r, %r, %r, %r },' % (assign, agent, agent, r, rse, o, ose))
    print("};")


if __name__ == "__main__":
    main()
