/* reinforcement-compute.c — the reinforcement topic on the worker: bandits, dynamic programming, TD control
 *
 * The algorithms are the lesson, so they are written out here as Sutton & Barto give them
 * (Reinforcement Learning: An Introduction, 2nd ed., 2018: §2.2–2.8 bandits, §4.3–4.4
 * policy and value iteration, §6.4–6.6 SARSA, Q-learning, Expected SARSA). The random
 * numbers: each bandit run's problem from GSL's mt19937 and ziggurat; the agents' draws from
 * a stream of xoshiro256++ per run and agent (lab_rng_new_fast: inline uniform, integer and
 * ziggurat-normal draws, gsl_ran_beta for Thompson sampling); the grid world's from mt19937.
 * Where the processor has AVX2, the value methods' runs go four to a register (the section
 * "four runs to an AVX2 register"), with the numbers of the scalar loops, bit for bit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_randist.h>

#include "reinforcement-private.h"

static void
rl_result_finalize (LabResult *result)
{
  RlResult *self = (RlResult *) result;

  g_free (self->true_means);
  g_free (self->snap_steps);
  for (guint i = 0; i < self->n_agents; i++)
    {
      g_free (self->agents[i].reward);
      g_free (self->agents[i].optimal);
      g_free (self->agents[i].regret);
      g_free (self->agents[i].estimates);
      g_free (self->agents[i].pulls);
    }
  rl_grid_clear (&self->grid);
  g_free (self->sweep_values);
  g_free (self->sweep_policy);
  g_free (self->residual);
  g_free (self->values);
  g_free (self->policy);
  g_free (self->q);
  g_free (self->cells_text);
  g_free (self->episode_states);
  g_free (self->episode_offsets);
  for (guint i = 0; i < LAB_RL_N_ALGORITHMS; i++)
    {
      g_free (self->returns[i]);
      g_free (self->path[i]);
    }
}

/* A 32-bit seed for stream (@a, @b) of a job seeded @seed (splitmix64's finaliser). */
static unsigned long
stream_seed (guint64 seed,
             guint64 a,
             guint64 b)
{
  guint64 z = seed * 0x9e3779b97f4a7c15ull + a * 0xbf58476d1ce4e5b9ull + b * 0x94d049bb133111ebull + 1;

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return (unsigned long) (z & 0xffffffffu);
}

/* The index of the largest of @v, ties broken uniformly at random (one draw, only when
 * there is a tie); @ties is scratch for n indices. */
static guint
argmax_random (const double *v,
               guint         n,
               guint        *ties,
               gsl_rng      *rng)
{
  double best = -INFINITY;
  guint count = 0;

  for (guint a = 0; a < n; a++)
    {
      if (v[a] > best)
        best = v[a], count = 0;
      if (v[a] == best)
        ties[count++] = a;
    }
  if (count == 0)   /* every value NaN: cannot happen with finite rewards */
    return 0;
  return count == 1 ? ties[0] : ties[gsl_rng_uniform_int (rng, count)];
}

/* The same for the bandit's agents, on their fast stream, written for latency: the step's
 * arm depends on the last step's update, so the largest value is found with four running
 * maxima (a chain a quarter as long, vectorised), then its first index and any ties. */
static inline guint
argmax_fast (const double *v,
             guint         n,
             guint        *ties,
             LabFastRng   *x)
{
  double m0 = -INFINITY, m1 = -INFINITY, m2 = -INFINITY, m3 = -INFINITY, best;
  guint a = 0, at = G_MAXUINT, count = 0;

  for (; a + 4 <= n; a += 4)
    {
      m0 = v[a] > m0 ? v[a] : m0;
      m1 = v[a + 1] > m1 ? v[a + 1] : m1;
      m2 = v[a + 2] > m2 ? v[a + 2] : m2;
      m3 = v[a + 3] > m3 ? v[a + 3] : m3;
    }
  for (; a < n; a++)
    m0 = v[a] > m0 ? v[a] : m0;
  best = MAX (MAX (m0, m1), MAX (m2, m3));
  for (a = n; a-- > 0;)
    {
      guint eq = v[a] == best;   /* without a branch: where the maximum sits is unpredictable */

      at = eq ? a : at;
      count += eq;
    }
  if (G_LIKELY (count == 1))
    return at;
  if (count == 0)   /* every value NaN: cannot happen with finite rewards */
    return 0;
  count = 0;
  for (a = at; a < n; a++)
    if (v[a] == best)
      ties[count++] = a;
  return ties[lab_fast_rng_below (x, count)];
}

/* ------------------------------------------------------------------ */
/* bandit */

typedef struct
{
  LabRlAgent  kind;
  double      epsilon, decay, q0, c, alpha;
  gboolean    baseline;
  double     *q;          /* estimates (value methods), Σ rewards (Thompson), preferences H (gradient) */
  double     *score;      /* scratch: what is maximised */
  double     *pi;         /* gradient: the softmax */
  double     *inv_sqrt_n; /* UCB: 1/√N(a), changed only for the arm pulled */
  guint      *n;          /* pulls */
  guint      *ties;
  double      rbar;
  /* the last full argmax (value methods and UCB): the arm it chose, the runner-up, and an
   * upper bound on every other arm's score, bound + (B − bound_at)·w_max at UCB's scale B */
  gboolean    known;
  guint       best, second;
  double      bound, bound_at, w_max;
  const double *inv;      /* 1/n and 1/√n for n = 0 … steps, shared */
  const double *inv_sqrt;
  gsl_rng    *rng;        /* the agent's stream in this run (xoshiro256++) … */
  LabFastRng *x;          /* … and its state, for the inline draws */
} Agent;

static void
agent_reset (Agent *ag,
             guint  arms)
{
  for (guint a = 0; a < arms; a++)
    {
      ag->q[a] = ag->kind == LAB_RL_AGENT_OPTIMISTIC ? ag->q0 : 0.0;
      ag->n[a] = 0;
      ag->inv_sqrt_n[a] = INFINITY;
    }
  ag->rbar = 0;
  ag->known = FALSE;
}

static void
softmax (const double *h,
         double       *pi,
         guint         n)
{
  double m = -INFINITY, z = 0;

  for (guint a = 0; a < n; a++)
    m = MAX (m, h[a]);
  for (guint a = 0; a < n; a++)
    z += pi[a] = exp (h[a] - m);
  for (guint a = 0; a < n; a++)
    pi[a] /= z;
}

static inline double
arm_score (const Agent *ag,
           guint        a,
           double       b,
           gboolean     ucb)
{
  if (!ucb)
    return ag->q[a];
  return ag->n[a] == 0 ? INFINITY : ag->q[a] + b * ag->inv_sqrt_n[a];
}

/* The largest score, Q(a) or (@ucb) Q(a) + b/√N(a), ties broken at random — as argmax_fast
 * over every arm, but without looking at all of them while the two arms ranked first by the
 * last full search beat a bound on the rest. Between two steps only the pulled arm's estimate
 * changes (agent_update raises the bound to it when it is one of the rest) and, for UCB, the
 * bonus scale b, which raises another arm's score by at most Δb·max 1/√N. The two are scored
 * exactly, and one is returned only when it beats the other and the bound (by a margin far
 * above the rounding of the bound's sums): it is then the unique argmax, the same arm as a
 * full search, and no draw for a tie is skipped. */
static inline guint
argmax_known (Agent    *ag,
              guint     arms,
              double    b,
              gboolean  ucb)
{
  guint best, second;

  if (ag->known)
    {
      double bound = ag->bound + (b - ag->bound_at) * ag->w_max;
      double s1 = arm_score (ag, ag->best, b, ucb), s2 = arm_score (ag, ag->second, b, ucb);

      bound += 1e-9 * (1.0 + fabs (bound));
      if (s1 > s2 && s1 > bound)
        return ag->best;
      if (s2 > s1 && s2 > bound)
        {
          /* the runner-up overtook: the two change places (UCB switches arms often) */
          guint t = ag->best;

          ag->best = ag->second;
          ag->second = t;
          return ag->best;
        }
    }
  if (ucb)
    {
      for (guint a = 0; a < arms; a++)
        ag->score[a] = arm_score (ag, a, b, TRUE);
      best = argmax_fast (ag->score, arms, ag->ties, ag->x);
    }
  else
    best = argmax_fast (ag->q, arms, ag->ties, ag->x);

  /* the runner-up, and the bound: the rest's largest score now, and (UCB) their largest 1/√N
   * (in locals: the agent's fields could alias the arrays, and would be stored at every arm) */
  {
    const double *v = ucb ? ag->score : ag->q;
    double bound = -INFINITY, w_max = 0, top2 = -INFINITY;
    gboolean known = TRUE;

    second = best == 0 ? 1 : 0;
    for (guint a = 0; a < arms; a++)
      if (a != best && v[a] > top2)
        top2 = v[a], second = a;
    for (guint a = 0; a < arms; a++)
      if (a != best)
        {
          if (ucb)
            known = known && ag->n[a] != 0;   /* an infinite score: nothing to gain */
          if (a == second)
            continue;
          bound = MAX (bound, v[a]);
          if (ucb)
            w_max = MAX (w_max, ag->inv_sqrt_n[a]);
        }
    ag->known = known && !isnan (top2) && !isnan (bound) && !(isinf (bound) && bound > 0);
    ag->best = best;
    ag->second = second;
    ag->bound = bound;
    ag->bound_at = b;
    ag->w_max = w_max;
  }
  return best;
}

/* The arm @ag pulls at step @t (1-based); @sqrt_log_t = √(ln t), @eps_t = ε/(1 + decay·(t − 1)). Inlined into a loop per
 * agent kind (run_agent), so that the switch is decided once per run, not per step. */
static inline guint
agent_select (Agent       *ag,
              LabRlAgent   kind,
              guint        arms,
              guint        t,
              double       sqrt_log_t,
              double       eps_t,
              LabRlReward  reward_kind)
{
  switch (kind)
    {
    case LAB_RL_AGENT_GREEDY:
    case LAB_RL_AGENT_OPTIMISTIC:
      return argmax_known (ag, arms, 0.0, FALSE);
    case LAB_RL_AGENT_EPSILON_GREEDY:
      if (lab_fast_rng_uniform (ag->x) < eps_t)
        return lab_fast_rng_below (ag->x, arms);
      return argmax_known (ag, arms, 0.0, FALSE);
    case LAB_RL_AGENT_UCB:
      /* Q(a) + c√(ln t / N(a)) as Q(a) + c√(ln t)·(1/√N(a)): one logarithm and root a step,
       * not one per arm; an arm never pulled (1/√0 = ∞) counts as maximising (Sutton & Barto §2.7) */
      return argmax_known (ag, arms, ag->c * sqrt_log_t, TRUE);
    case LAB_RL_AGENT_THOMPSON:
      /* one draw from each arm's posterior: Beta(1 + successes, 1 + failures) for 0/1
       * rewards; for N(q, 1) rewards with the N(0, 1) prior, N(Σr/(n + 1), 1/(n + 1)) */
      for (guint a = 0; a < arms; a++)
        if (reward_kind == LAB_RL_REWARD_BERNOULLI)
          ag->score[a] = gsl_ran_beta (ag->rng, 1.0 + ag->q[a], 1.0 + ag->n[a] - ag->q[a]);
        else
          ag->score[a] = ag->q[a] / (ag->n[a] + 1.0) + lab_fast_rng_gaussian (ag->x) / sqrt (ag->n[a] + 1.0);
      return argmax_fast (ag->score, arms, ag->ties, ag->x);
    case LAB_RL_AGENT_GRADIENT:
      {
        double u = lab_fast_rng_uniform (ag->x), acc = 0;

        softmax (ag->q, ag->pi, arms);
        for (guint a = 0; a + 1 < arms; a++)
          if (u < (acc += ag->pi[a]))
            return a;
        return arms - 1;
      }
    case LAB_RL_N_AGENTS:
    default:
      g_assert_not_reached ();
    }
}

static inline void
agent_update (Agent      *ag,
              LabRlAgent  kind,
              guint       arms,
              guint       t,
              guint       a,
              double      r)
{
  ag->n[a]++;
  switch (kind)
    {
    case LAB_RL_AGENT_GREEDY:
    case LAB_RL_AGENT_EPSILON_GREEDY:
      /* the sample average, incrementally (1/n from a table: a multiplication, not a division) */
      ag->q[a] += (r - ag->q[a]) * ag->inv[ag->n[a]];
      if (ag->known && a != ag->best && a != ag->second)
        ag->bound = MAX (ag->bound, ag->q[a]);
      break;
    case LAB_RL_AGENT_UCB:
      ag->q[a] += (r - ag->q[a]) * ag->inv[ag->n[a]];
      ag->inv_sqrt_n[a] = ag->inv_sqrt[ag->n[a]];
      /* (UCB pulls only its argmax: a is the arm the bound leaves out) */
      break;
    case LAB_RL_AGENT_OPTIMISTIC:
      ag->q[a] += ag->alpha * (r - ag->q[a]);   /* constant step: the optimism wears off gradually */
      if (ag->known && a != ag->best && a != ag->second)
        ag->bound = MAX (ag->bound, ag->q[a]);
      break;
    case LAB_RL_AGENT_THOMPSON:
      ag->q[a] += r;
      break;
    case LAB_RL_AGENT_GRADIENT:
      /* H(b) ← H(b) + α(R − R̄)(1[b = a] − π(b)), R̄ the mean of the rewards before step t
       * (R̄₁ = R₁), which does not depend on this step's action (§2.8, eq. 2.12) */
      {
        double base = !ag->baseline ? 0.0 : t == 1 ? r : ag->rbar;

        for (guint b = 0; b < arms; b++)
          ag->q[b] += ag->alpha * (r - base) * ((b == a ? 1.0 : 0.0) - ag->pi[b]);
        ag->rbar += (r - ag->rbar) / t;
      }
      break;
    case LAB_RL_N_AGENTS:
    default:
      g_assert_not_reached ();
    }
}

/* What the estimates panel shows for an agent's arm. */
static double
agent_estimate (const Agent *ag,
                guint        a,
                LabRlReward  reward_kind)
{
  if (ag->kind != LAB_RL_AGENT_THOMPSON)
    return ag->q[a];
  if (reward_kind == LAB_RL_REWARD_BERNOULLI)
    return (1.0 + ag->q[a]) / (2.0 + ag->n[a]);
  return ag->q[a] / (ag->n[a] + 1.0);
}

/* The runs are shared between two threads, always as the same two halves, each summing
 * into its own accumulators; the halves are added in order afterwards, so the numbers do not
 * depend on how many cores there are. */
typedef struct
{
  RlResult     *self;
  LabParams    *params;
  guint         from, to;         /* runs */
  guint64       seed;
  const double *problems;         /* runs × arms: the true means */
  const double *inv;              /* 1/n, then 1/√n, for n = 0 … steps ([0] unused) */
  double       *sums;             /* n_agents × 3 × steps: reward, optimal, regret */
  double        best_sum;
  gboolean      simd;             /* four runs to an AVX2 register (run_agent_simd) */
  gint         *done;             /* runs finished, both halves (atomic) */
  LabProgress  *progress;
  GCancellable *cancellable;
} BanditChunk;

/* Runs stepped side by side: each step's arm depends on the last step's update, a chain of
 * dependent arithmetic too short to fill the processor, so LANES independent runs of one
 * agent go through the steps together and their chains overlap. */
#define LANES 4

/* @nl ≤ LANES runs of one agent, @steps pulls each on the problems @means (LANES × arms),
 * summed into @sums (reward, optimal, regret; the lanes added in order); @tr, for the first
 * run only (lane 0), takes the estimates and pulls at the checkpoints. Always inlined with a
 * constant @kind (run_agent), so that each kind gets its own loop. */
static inline __attribute__ ((always_inline)) void
run_agent_kind (const RlResult *self,
                Agent          *ag,
                guint           nl,
                LabRlAgent      kind,
                const double   *means,
                const double   *qmax,
                const double   *sqrt_log,
                double         *sums,
                AgentTrack     *tr)
{
  const guint arms = self->arms, steps = self->steps;
  const gboolean gaussian = self->reward_kind == LAB_RL_REWARD_GAUSSIAN;
  double *reward = sums, *optimal = sums + steps, *regret_sum = optimal + steps;
  double regret[LANES] = { 0 };
  guint snap = 0;

  for (guint t = 1; t <= steps; t++)
    {
      double rs = 0, os = 0, gs = 0;
      double eps_t = kind == LAB_RL_AGENT_EPSILON_GREEDY ? ag->epsilon / (1.0 + ag->decay * (t - 1)) : 0.0;

      for (guint l = 0; l < nl; l++)
        {
          const double *mu = means + l * arms;
          guint a = agent_select (&ag[l], kind, arms, t, sqrt_log[t], eps_t, self->reward_kind);
          double r = gaussian ? mu[a] + lab_fast_rng_gaussian (ag[l].x)
                              : (lab_fast_rng_uniform (ag[l].x) < mu[a] ? 1.0 : 0.0);

          agent_update (&ag[l], kind, arms, t, a, r);
          regret[l] += qmax[l] - mu[a];
          rs += r;
          os += mu[a] == qmax[l] ? 1.0 : 0.0;
          gs += regret[l];
        }
      reward[t - 1] += rs;
      optimal[t - 1] += os;
      regret_sum[t - 1] += gs;
      if (tr != NULL && snap < self->n_snaps && self->snap_steps[snap] == t)
        {
          for (guint b = 0; b < arms; b++)
            {
              tr->estimates[snap * arms + b] = agent_estimate (ag, b, self->reward_kind);
              tr->pulls[snap * arms + b] = ag->n[b];
            }
          snap++;
        }
    }
}

static void
run_agent (const RlResult *self,
           Agent          *ag,
           guint           nl,
           const double   *means,
           const double   *qmax,
           const double   *sqrt_log,
           double         *sums,
           AgentTrack     *tr)
{
  switch (ag->kind)
    {
    case LAB_RL_AGENT_GREEDY:
      run_agent_kind (self, ag, nl, LAB_RL_AGENT_GREEDY, means, qmax, sqrt_log, sums, tr);
      break;
    case LAB_RL_AGENT_EPSILON_GREEDY:
      run_agent_kind (self, ag, nl, LAB_RL_AGENT_EPSILON_GREEDY, means, qmax, sqrt_log, sums, tr);
      break;
    case LAB_RL_AGENT_OPTIMISTIC:
      run_agent_kind (self, ag, nl, LAB_RL_AGENT_OPTIMISTIC, means, qmax, sqrt_log, sums, tr);
      break;
    case LAB_RL_AGENT_UCB:
      run_agent_kind (self, ag, nl, LAB_RL_AGENT_UCB, means, qmax, sqrt_log, sums, tr);
      break;
    case LAB_RL_AGENT_THOMPSON:
      run_agent_kind (self, ag, nl, LAB_RL_AGENT_THOMPSON, means, qmax, sqrt_log, sums, tr);
      break;
    case LAB_RL_AGENT_GRADIENT:
      run_agent_kind (self, ag, nl, LAB_RL_AGENT_GRADIENT, means, qmax, sqrt_log, sums, tr);
      break;
    case LAB_RL_N_AGENTS:
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* bandit: four runs to an AVX2 register
 *
 * The value methods (greedy, ε-greedy, optimistic, UCB) stepped four runs at a time in the
 * 256-bit registers, behind a run-time check of the processor (the scalar loops above stay,
 * for other processors, the other agents and a last block of fewer than four runs). The
 * numbers are the scalar path's, bit for bit (test-topic-reinforcement compares the two):
 * every lane draws from its own xoshiro256++ stream in the same order (the exploration
 * draw, the tie-break or uniform action, the reward), the arithmetic is the same IEEE
 * operations in the same order (additions and multiplications, no fused multiply-add: the
 * clone is built for AVX2 without FMA), and the rare paths (ties, the ziggurat's wedges and
 * tail, a rejected bounded draw) run the scalar code on the lane's state. Two blocks of four
 * runs go through the steps together, so that their dependency chains overlap. The greedy
 * kinds keep argmax_known's cache (the two arms ranked first and a bound on the rest) in the
 * registers and search a block only when a lane's cache does not decide; UCB searches all
 * arms at every step (its scale changes every step, and one of four lanes would miss its cache
 * too often for the cache to pay). */

#if defined(__x86_64__) && defined(__GNUC__)
#define RL_SIMD 1
#include <immintrin.h>
#endif

#define RL_SIMD_ARMS 20   /* the largest arms parameter */
#define SIMD_BLOCKS  2    /* blocks of four runs stepped together */
#define ROUND_MAX    (SIMD_BLOCKS * LANES)

static gint rl_simd_enabled = 1;   /* lab_reinforcement_set_simd (): tests force the scalar path */

gboolean
lab_reinforcement_set_simd (gboolean enable)
{
  g_atomic_int_set (&rl_simd_enabled, enable);
#ifdef RL_SIMD
  __builtin_cpu_init ();
  return enable && __builtin_cpu_supports ("avx2");
#else
  return FALSE;
#endif
}

#ifdef RL_SIMD
typedef struct
{
  double  q[RL_SIMD_ARMS][LANES];   /* arm-major, a lane per run: Q(a) of four runs in one register */
  double  w[RL_SIMD_ARMS][LANES];   /* UCB: 1/√N(a) (∞ before the first pull) */
  gint64  n[RL_SIMD_ARMS][LANES];   /* pulls */
  double  s[RL_SIMD_ARMS][LANES];   /* this step's scores */
  guint64 x[4][LANES];              /* xoshiro256++ states, word-major */
} __attribute__ ((aligned (32))) SimdRuns;

static gboolean
rl_simd_usable (void)
{
  static gint supported = -1;

  if (!g_atomic_int_get (&rl_simd_enabled))
    return FALSE;
  if (g_atomic_int_get (&supported) < 0)
    {
      __builtin_cpu_init ();
      g_atomic_int_set (&supported, __builtin_cpu_supports ("avx2") ? 1 : 0);
    }
  return g_atomic_int_get (&supported) == 1;
}

static inline void
lane_get (const SimdRuns *v,
          guint           l,
          LabFastRng     *x)
{
  for (guint k = 0; k < 4; k++)
    x->s[k] = v->x[k][l];
}

static inline void
lane_put (SimdRuns         *v,
          guint             l,
          const LabFastRng *x)
{
  for (guint k = 0; k < 4; k++)
    v->x[k][l] = x->s[k];
}

#define RL_AVX2 __attribute__ ((target ("avx2")))

/* xoshiro256++'s next word in four lanes (lab_fast_rng_next) */
static inline __attribute__ ((always_inline)) RL_AVX2 __m256i
xo_next (__m256i *s)
{
  __m256i r = _mm256_add_epi64 (s[0], s[3]), t = _mm256_slli_epi64 (s[1], 17);

  r = _mm256_add_epi64 (_mm256_or_si256 (_mm256_slli_epi64 (r, 23), _mm256_srli_epi64 (r, 41)), s[0]);
  s[2] = _mm256_xor_si256 (s[2], s[0]);
  s[3] = _mm256_xor_si256 (s[3], s[1]);
  s[1] = _mm256_xor_si256 (s[1], s[2]);
  s[0] = _mm256_xor_si256 (s[0], s[3]);
  s[2] = _mm256_xor_si256 (s[2], t);
  s[3] = _mm256_or_si256 (_mm256_slli_epi64 (s[3], 45), _mm256_srli_epi64 (s[3], 19));
  return r;
}

/* integers below 2⁵³ to doubles, exactly (AVX2 has no 64-bit conversion): the high and low
 * 32 bits as the mantissas of 2⁸⁴ + h·2³² and 2⁵² + l, the offsets taken off, the two added */
static inline __attribute__ ((always_inline)) RL_AVX2 __m256d
u53_to_double (__m256i v)
{
  __m256i lo = _mm256_blend_epi32 (v, _mm256_set1_epi64x (0x4330000000000000ll), 0xaa);
  __m256i hi = _mm256_or_si256 (_mm256_srli_epi64 (v, 32), _mm256_set1_epi64x (0x4530000000000000ll));
  __m256d h = _mm256_sub_pd (_mm256_castsi256_pd (hi), _mm256_set1_pd (0x1.00000001p84));

  return _mm256_add_pd (h, _mm256_castsi256_pd (lo));
}

/* lab_fast_rng_uniform of a word in four lanes */
static inline __attribute__ ((always_inline)) RL_AVX2 __m256d
word_uniform (__m256i bits)
{
  return _mm256_mul_pd (u53_to_double (_mm256_srli_epi64 (bits, 11)), _mm256_set1_pd (0x1.0p-53));
}

/* lab_fast_rng_gaussian in four lanes, the same draws: the top 53 bits of a word as a signed
 * uniform on [−1, 1), the low 8 the ziggurat's layer. A lane outside its layer's inner part
 * (rarely) takes the scalar slow path on its own stream, @s written to @v's states
 * and back around it. */
static inline __attribute__ ((always_inline)) RL_AVX2 __m256d
xo_gaussian (__m256i  *s,
             SimdRuns *v)
{
  __m256i bits = xo_next (s), layer = _mm256_and_si256 (bits, _mm256_set1_epi64x (0xff));
  __m256d u = u53_to_double (_mm256_srli_epi64 (bits, 11)), edge, inner, z;
  int mask;

  u = _mm256_sub_pd (u, _mm256_and_pd (_mm256_castsi256_pd (_mm256_cmpgt_epi64 (_mm256_setzero_si256 (), bits)),
                                       _mm256_set1_pd (0x1.0p53)));
  edge = _mm256_i64gather_pd (_lab_zig_x, layer, 8);
  inner = _mm256_i64gather_pd (_lab_zig_x + 1, layer, 8);
  z = _mm256_mul_pd (_mm256_mul_pd (u, _mm256_set1_pd (0x1.0p-52)), edge);
  mask = _mm256_movemask_pd (_mm256_cmp_pd (_mm256_andnot_pd (_mm256_set1_pd (-0.0), z), inner, _CMP_LT_OQ));
  if (G_UNLIKELY (mask != 0xf))
    {
      double zz[LANES] __attribute__ ((aligned (32)));
      guint64 w[LANES] __attribute__ ((aligned (32)));

      _mm256_store_pd (zz, z);
      _mm256_store_si256 ((__m256i *) w, bits);
      for (guint k = 0; k < 4; k++)
        _mm256_store_si256 ((__m256i *) v->x[k], s[k]);
      for (guint l = 0; l < LANES; l++)
        if (!(mask & (1 << l)))
          {
            LabFastRng x;

            lane_get (v, l, &x);
            zz[l] = _lab_fast_rng_gaussian_slow (&x, w[l]);
            lane_put (v, l, &x);
          }
      for (guint k = 0; k < 4; k++)
        s[k] = _mm256_load_si256 ((const __m256i *) v->x[k]);
      z = _mm256_load_pd (zz);
    }
  return z;
}

static inline __attribute__ ((always_inline)) RL_AVX2 gint64
lane_i (__m256i v,
        guint   l)
{
  gint64 t[LANES] __attribute__ ((aligned (32)));

  _mm256_store_si256 ((__m256i *) t, v);
  return t[l];
}

/* Blocks of four runs (one per lane) of UCB, @nb of them stepped together so that their
 * dependency chains overlap; as run_agent_kind with nl = LANES for each block in order. The
 * states of the lanes' streams in @v[g].x, seeded. Every step scores all arms (the update of
 * the arm pulled last step blended in on the way) and takes the first largest score. */
static inline __attribute__ ((always_inline)) RL_AVX2 void
run_ucb_simd (const RlResult *self,
              const Agent    *ag,
              LabRlAgent      kind,
              guint           nb,
              SimdRuns       *v,
              const double   *means,
              const double   *qmax,
              const double   *sqrt_log,
              double         *sums,
              AgentTrack     *tr)
{
  const guint arms = self->arms, steps = self->steps;
  const gboolean gaussian = self->reward_kind == LAB_RL_REWARD_GAUSSIAN;
  double *reward = sums, *optimal = sums + steps, *regret_sum = optimal + steps;
  const __m256i lane = _mm256_set_epi64x (3, 2, 1, 0);
  const __m256i mu_at = _mm256_set_epi64x (3 * arms, 2 * arms, arms, 0);
  const __m256d inf = _mm256_set1_pd (INFINITY);
  __m256i s[SIMD_BLOCKS][4], pend[SIMD_BLOCKS];    /* the arm pulled last step, its update pending */
  __m256d pend_q[SIMD_BLOCKS], pend_w[SIMD_BLOCKS], regret[SIMD_BLOCKS], qmax4[SIMD_BLOCKS];
  guint snap = 0;

  for (guint g = 0; g < nb; g++)
    {
      for (guint a = 0; a < arms; a++)
        {
          _mm256_store_pd (v[g].q[a], _mm256_setzero_pd ());
          _mm256_store_pd (v[g].w[a], inf);
          _mm256_store_si256 ((__m256i *) v[g].n[a], _mm256_setzero_si256 ());
        }
      for (guint k = 0; k < 4; k++)
        s[g][k] = _mm256_load_si256 ((const __m256i *) v[g].x[k]);
      pend[g] = _mm256_set1_epi64x (-1);
      pend_q[g] = pend_w[g] = regret[g] = _mm256_setzero_pd ();
      qmax4[g] = _mm256_loadu_pd (qmax + g * LANES);
    }

  for (guint t = 1; t <= steps; t++)
    {
      __m256d top[SIMD_BLOCKS], r[SIMD_BLOCKS], mu[SIMD_BLOCKS];
      __m256i at[SIMD_BLOCKS], count[SIMD_BLOCKS], pulled[SIMD_BLOCKS];
      const __m256d b4 = _mm256_set1_pd (ag->c * sqrt_log[t]);
      /* some arm not yet pulled (score ∞: UCB pulls one of them, so until step k) */
      const gboolean fresh = t <= arms;
      const __m256i one = _mm256_set1_epi64x (1);
      __m256i ia;
      int mask;

      /* last step's update into its arm, and the scores; the largest */
      for (guint g = 0; g < nb; g++)
        top[g] = _mm256_set1_pd (-INFINITY);
      ia = _mm256_setzero_si256 ();   /* the arm a in every lane, counted rather than broadcast */
      for (guint a = 0; a < arms; a++, ia = _mm256_add_epi64 (ia, one))
        for (guint g = 0; g < nb; g++)
          {
            __m256d here = _mm256_castsi256_pd (_mm256_cmpeq_epi64 (pend[g], ia));
            __m256d q = _mm256_blendv_pd (_mm256_load_pd (v[g].q[a]), pend_q[g], here);
            __m256d w = _mm256_blendv_pd (_mm256_load_pd (v[g].w[a]), pend_w[g], here);
            __m256d sc = _mm256_add_pd (q, _mm256_mul_pd (b4, w));

            _mm256_store_pd (v[g].q[a], q);
            _mm256_store_pd (v[g].w[a], w);
            if (fresh)
              sc = _mm256_blendv_pd (sc, inf, _mm256_cmp_pd (w, inf, _CMP_EQ_OQ));
            _mm256_store_pd (v[g].s[a], sc);
            top[g] = _mm256_max_pd (top[g], sc);
          }

      /* the first arm with the largest score, and how many have it */
      for (guint g = 0; g < nb; g++)
        {
          at[g] = _mm256_setzero_si256 ();
          count[g] = _mm256_setzero_si256 ();
        }
      for (guint a = arms; a-- > 0;)
        {
          ia = _mm256_sub_epi64 (ia, one);
          for (guint g = 0; g < nb; g++)
            {
              __m256i eq = _mm256_castpd_si256 (_mm256_cmp_pd (_mm256_load_pd (v[g].s[a]), top[g], _CMP_EQ_OQ));

              at[g] = _mm256_blendv_epi8 (at[g], ia, eq);
              count[g] = _mm256_sub_epi64 (count[g], eq);
            }
        }
      for (guint g = 0; g < nb; g++)
        {
          __m256i tie = _mm256_andnot_si256 (_mm256_cmpeq_epi64 (count[g], _mm256_set1_epi64x (1)), _mm256_set1_epi64x (-1));

          pulled[g] = at[g];
          if ((mask = _mm256_movemask_pd (_mm256_castsi256_pd (tie))) != 0)
            {
              /* ties (argmax_fast): one draw among the tied arms, in the lane's stream */
              gint64 p[LANES] __attribute__ ((aligned (32)));
              double tops[LANES] __attribute__ ((aligned (32)));

              _mm256_store_si256 ((__m256i *) p, pulled[g]);
              _mm256_store_pd (tops, top[g]);
              for (guint k = 0; k < 4; k++)
                _mm256_store_si256 ((__m256i *) v[g].x[k], s[g][k]);
              for (guint l = 0; l < LANES; l++)
                if (mask & (1 << l))
                  {
                    guint ties[RL_SIMD_ARMS], n = 0;
                    LabFastRng x;

                    for (guint a = 0; a < arms; a++)
                      if (v[g].s[a][l] == tops[l])
                        ties[n++] = a;
                    lane_get (&v[g], l, &x);
                    p[l] = n == 0 ? 0 : ties[lab_fast_rng_below (&x, n)];
                    lane_put (&v[g], l, &x);
                  }
              for (guint k = 0; k < 4; k++)
                s[g][k] = _mm256_load_si256 ((const __m256i *) v[g].x[k]);
              pulled[g] = _mm256_load_si256 ((const __m256i *) p);
            }
        }

      /* the rewards */
      for (guint g = 0; g < nb; g++)
        {
          mu[g] = _mm256_i64gather_pd (means + g * LANES * arms, _mm256_add_epi64 (pulled[g], mu_at), 8);
          if (gaussian)
            {
              r[g] = _mm256_add_pd (mu[g], xo_gaussian (s[g], &v[g]));
            }
          else
            r[g] = _mm256_and_pd (_mm256_cmp_pd (word_uniform (xo_next (s[g])), mu[g], _CMP_LT_OQ), _mm256_set1_pd (1.0));
        }

      /* the updates, pending until the next step's pass over the arms */
      for (guint g = 0; g < nb; g++)
        {
          __m256i slot = _mm256_add_epi64 (_mm256_slli_epi64 (pulled[g], 2), lane);
          __m256d q = _mm256_i64gather_pd (&v[g].q[0][0], slot, 8);
          __m256i n = _mm256_add_epi64 (_mm256_i64gather_epi64 ((const long long *) &v[g].n[0][0], slot, 8),
                                        _mm256_set1_epi64x (1));
          gint64 ns[LANES] __attribute__ ((aligned (32))), ps[LANES] __attribute__ ((aligned (32)));

          _mm256_store_si256 ((__m256i *) ns, n);
          _mm256_store_si256 ((__m256i *) ps, pulled[g]);
          for (guint l = 0; l < LANES; l++)
            v[g].n[ps[l]][l] = ns[l];
          pend_q[g] = _mm256_add_pd (q, _mm256_mul_pd (_mm256_sub_pd (r[g], q), _mm256_i64gather_pd (ag->inv, n, 8)));
          pend_w[g] = _mm256_i64gather_pd (ag->inv_sqrt, n, 8);
          pend[g] = pulled[g];
        }

      /* the sums, block by block and lane by lane in order as run_agent_kind adds them */
      for (guint g = 0; g < nb; g++)
        {
          double rl[LANES] __attribute__ ((aligned (32))), gl[LANES] __attribute__ ((aligned (32)));
          int best = _mm256_movemask_pd (_mm256_cmp_pd (mu[g], qmax4[g], _CMP_EQ_OQ));

          regret[g] = _mm256_add_pd (regret[g], _mm256_sub_pd (qmax4[g], mu[g]));
          _mm256_store_pd (rl, r[g]);
          _mm256_store_pd (gl, regret[g]);
          reward[t - 1] += 0.0 + rl[0] + rl[1] + rl[2] + rl[3];
          optimal[t - 1] += (double) __builtin_popcount (best);
          regret_sum[t - 1] += 0.0 + gl[0] + gl[1] + gl[2] + gl[3];
        }

      if (tr != NULL && snap < self->n_snaps && self->snap_steps[snap] == t)
        {
          guint a0 = (guint) lane_i (pend[0], 0);
          double q0 = _mm256_cvtsd_f64 (pend_q[0]);

          for (guint a = 0; a < arms; a++)
            {
              tr->estimates[snap * arms + a] = a == a0 ? q0 : v[0].q[a][0];
              tr->pulls[snap * arms + a] = (guint) v[0].n[a][0];
            }
          snap++;
        }
    }
  for (guint g = 0; g < nb; g++)
    for (guint k = 0; k < 4; k++)
      _mm256_store_si256 ((__m256i *) v[g].x[k], s[g][k]);
}

/* The full search of a block for the greedy kinds: every lane's first largest estimate and how
 * many share it (a draw among them, in the lane's stream, for the lanes in @draw), then the
 * runner-up and the largest of the rest; the block's registers reloaded from the arrays. */
static inline __attribute__ ((always_inline)) RL_AVX2 void
greedy_search (SimdRuns     *v,
               guint         arms,
               const double *means,
               __m256i      *s,
               int           draw,
               __m256i      *best,
               __m256i      *second,
               __m256d      *qb,
               __m256d      *qs,
               __m256i      *nb,
               __m256i      *ns,
               __m256d      *mub,
               __m256d      *mus,
               __m256d      *bound)
{
  const __m256i lane = _mm256_set_epi64x (3, 2, 1, 0);
  const __m256i mu_at = _mm256_set_epi64x (3 * arms, 2 * arms, arms, 0);
  __m256d top = _mm256_set1_pd (-INFINITY), run = _mm256_set1_pd (-INFINITY), rest = _mm256_set1_pd (-INFINITY);
  __m256i at = _mm256_setzero_si256 (), count = _mm256_setzero_si256 (), sec = _mm256_setzero_si256 (), tie;
  gint64 b[LANES] __attribute__ ((aligned (32))), c[LANES] __attribute__ ((aligned (32)));
  double q[LANES] __attribute__ ((aligned (32)));
  int mask;

  /* the cached arms back into the arrays (the runner-up first: both may be one arm) */
  _mm256_store_si256 ((__m256i *) b, *second);
  _mm256_store_si256 ((__m256i *) c, *ns);
  _mm256_store_pd (q, *qs);
  for (guint l = 0; l < LANES; l++)
    {
      v->q[b[l]][l] = q[l];
      v->n[b[l]][l] = c[l];
    }
  _mm256_store_si256 ((__m256i *) b, *best);
  _mm256_store_si256 ((__m256i *) c, *nb);
  _mm256_store_pd (q, *qb);
  for (guint l = 0; l < LANES; l++)
    {
      v->q[b[l]][l] = q[l];
      v->n[b[l]][l] = c[l];
    }

  for (guint a = 0; a < arms; a++)
    top = _mm256_max_pd (top, _mm256_load_pd (v->q[a]));
  for (guint a = arms; a-- > 0;)
    {
      __m256i eq = _mm256_castpd_si256 (_mm256_cmp_pd (_mm256_load_pd (v->q[a]), top, _CMP_EQ_OQ));

      at = _mm256_blendv_epi8 (at, _mm256_set1_epi64x (a), eq);
      count = _mm256_sub_epi64 (count, eq);
    }
  tie = _mm256_andnot_si256 (_mm256_cmpeq_epi64 (count, _mm256_set1_epi64x (1)), _mm256_set1_epi64x (-1));
  if ((mask = _mm256_movemask_pd (_mm256_castsi256_pd (tie)) & draw) != 0)
    {
      _mm256_store_si256 ((__m256i *) b, at);
      _mm256_store_pd (q, top);
      for (guint k = 0; k < 4; k++)
        _mm256_store_si256 ((__m256i *) v->x[k], s[k]);
      for (guint l = 0; l < LANES; l++)
        if (mask & (1 << l))
          {
            guint ties[RL_SIMD_ARMS], n = 0;
            LabFastRng x;

            for (guint a = 0; a < arms; a++)
              if (v->q[a][l] == q[l])
                ties[n++] = a;
            lane_get (v, l, &x);
            b[l] = n == 0 ? 0 : ties[lab_fast_rng_below (&x, n)];
            lane_put (v, l, &x);
          }
      for (guint k = 0; k < 4; k++)
        s[k] = _mm256_load_si256 ((const __m256i *) v->x[k]);
      at = _mm256_load_si256 ((const __m256i *) b);
    }
  /* the runner-up: the first largest of the others; then the largest of the rest */
  for (guint a = 0; a < arms; a++)
    {
      __m256i ia = _mm256_set1_epi64x (a);
      __m256d qa = _mm256_blendv_pd (_mm256_load_pd (v->q[a]), _mm256_set1_pd (-INFINITY),
                                     _mm256_castsi256_pd (_mm256_cmpeq_epi64 (at, ia)));
      __m256d gt = _mm256_cmp_pd (qa, run, _CMP_GT_OQ);

      sec = _mm256_blendv_epi8 (sec, ia, _mm256_castpd_si256 (gt));
      run = _mm256_max_pd (run, qa);
    }
  /* (two arms: no rest; the runner-up of an arm whose all others are −∞ is arm 0 or 1) */
  sec = _mm256_blendv_epi8 (sec, _mm256_and_si256 (_mm256_cmpeq_epi64 (at, _mm256_setzero_si256 ()), _mm256_set1_epi64x (1)),
                            _mm256_castpd_si256 (_mm256_cmp_pd (run, _mm256_set1_pd (-INFINITY), _CMP_EQ_OQ)));
  for (guint a = 0; a < arms; a++)
    {
      __m256i ia = _mm256_set1_epi64x (a);
      __m256i out = _mm256_or_si256 (_mm256_cmpeq_epi64 (at, ia), _mm256_cmpeq_epi64 (sec, ia));

      rest = _mm256_max_pd (rest, _mm256_blendv_pd (_mm256_load_pd (v->q[a]), _mm256_set1_pd (-INFINITY),
                                                    _mm256_castsi256_pd (out)));
    }
  {
    __m256i slot = _mm256_add_epi64 (_mm256_slli_epi64 (at, 2), lane), slot2 = _mm256_add_epi64 (_mm256_slli_epi64 (sec, 2), lane);

    *best = at;
    *second = sec;
    *qb = _mm256_i64gather_pd (&v->q[0][0], slot, 8);
    *qs = _mm256_i64gather_pd (&v->q[0][0], slot2, 8);
    *nb = _mm256_i64gather_epi64 ((const long long *) &v->n[0][0], slot, 8);
    *ns = _mm256_i64gather_epi64 ((const long long *) &v->n[0][0], slot2, 8);
    *mub = _mm256_i64gather_pd (means, _mm256_add_epi64 (at, mu_at), 8);
    *mus = _mm256_i64gather_pd (means, _mm256_add_epi64 (sec, mu_at), 8);
    *bound = rest;
  }
}

/* Blocks of four runs of the greedy kinds (greedy, ε-greedy, optimistic), as
 * run_agent_kind with nl = LANES for each block in order. Like argmax_known, each lane keeps
 * the arm its last search chose, the runner-up (both with their estimate, pulls and mean, in
 * registers) and the largest estimate of the rest: the arm chosen is the first of the two
 * while it beats the other and the rest, and the block searches (greedy_search) when a lane's
 * do not. Only the arm pulled changes between steps (the others only by exploring, which
 * raises the bound to them), so the arm is the one a search of all of them would return. */
static inline __attribute__ ((always_inline)) RL_AVX2 void
run_greedy_simd_kind (const RlResult *self,
                      const Agent    *ag,
                      LabRlAgent      kind,
                      guint           nb_,
                      SimdRuns       *v,
                      const double   *means,
                      const double   *qmax,
                      const double   *sqrt_log,
                      double         *sums,
                      AgentTrack     *tr)
{
  const guint arms = self->arms, steps = self->steps;
  const gboolean gaussian = self->reward_kind == LAB_RL_REWARD_GAUSSIAN;
  const gboolean eps = kind == LAB_RL_AGENT_EPSILON_GREEDY, optimistic = kind == LAB_RL_AGENT_OPTIMISTIC;
  double *reward = sums, *optimal = sums + steps, *regret_sum = optimal + steps;
  const __m256i lane = _mm256_set_epi64x (3, 2, 1, 0);
  const __m256i mu_at = _mm256_set_epi64x (3 * arms, 2 * arms, arms, 0);
  const __m256i one = _mm256_set1_epi64x (1);
  __m256i s[SIMD_BLOCKS][4], best[SIMD_BLOCKS], second[SIMD_BLOCKS], nb[SIMD_BLOCKS], ns[SIMD_BLOCKS];
  __m256d qb[SIMD_BLOCKS], qs[SIMD_BLOCKS], mub[SIMD_BLOCKS], mus[SIMD_BLOCKS], bound[SIMD_BLOCKS];
  __m256d regret[SIMD_BLOCKS], qmax4[SIMD_BLOCKS];
  guint snap = 0;

  for (guint g = 0; g < nb_; g++)
    {
      const double q0 = optimistic ? ag->q0 : 0.0;

      for (guint a = 0; a < arms; a++)
        {
          _mm256_store_pd (v[g].q[a], _mm256_set1_pd (q0));
          _mm256_store_si256 ((__m256i *) v[g].n[a], _mm256_setzero_si256 ());
        }
      for (guint k = 0; k < 4; k++)
        s[g][k] = _mm256_load_si256 ((const __m256i *) v[g].x[k]);
      /* arms 0 and 1 cached, equal: the first step searches */
      best[g] = _mm256_setzero_si256 ();
      second[g] = one;
      qb[g] = qs[g] = bound[g] = _mm256_set1_pd (q0);
      nb[g] = ns[g] = _mm256_setzero_si256 ();
      mub[g] = _mm256_i64gather_pd (means + g * LANES * arms, mu_at, 8);
      mus[g] = _mm256_i64gather_pd (means + g * LANES * arms, _mm256_add_epi64 (mu_at, one), 8);
      regret[g] = _mm256_setzero_pd ();
      qmax4[g] = _mm256_loadu_pd (qmax + g * LANES);
    }

  for (guint t = 1; t <= steps; t++)
    {
      const double eps_t = eps ? ag->epsilon / (1.0 + ag->decay * (t - 1)) : 0.0;

      for (guint g = 0; g < nb_; g++)
        {
          const double *mg = means + g * LANES * arms;
          __m256d explore = _mm256_setzero_pd (), ok_b, ok_s, q, mu, r;
          __m256i choice = _mm256_setzero_si256 (), n, pulled;
          int mask, need, other = 0;

          if (eps)
            {
              explore = _mm256_cmp_pd (word_uniform (xo_next (s[g])), _mm256_set1_pd (eps_t), _CMP_LT_OQ);
              if (_mm256_movemask_pd (explore) != 0)
                {
                  __m256i before[4] = { s[g][0], s[g][1], s[g][2], s[g][3] }, m, reject;

                  m = _mm256_mul_epu32 (_mm256_srli_epi64 (xo_next (s[g]), 32), _mm256_set1_epi64x (arms));
                  for (guint k = 0; k < 4; k++)
                    s[g][k] = _mm256_castpd_si256 (_mm256_blendv_pd (_mm256_castsi256_pd (before[k]),
                                                                     _mm256_castsi256_pd (s[g][k]), explore));
                  choice = _mm256_srli_epi64 (m, 32);
                  reject = _mm256_and_si256 (_mm256_cmpgt_epi64 (_mm256_set1_epi64x (arms),
                                                                 _mm256_and_si256 (m, _mm256_set1_epi64x (0xffffffffll))),
                                             _mm256_castpd_si256 (explore));
                  if (G_UNLIKELY ((mask = _mm256_movemask_pd (_mm256_castsi256_pd (reject))) != 0))
                    {
                      gint64 c[LANES] __attribute__ ((aligned (32)));

                      _mm256_store_si256 ((__m256i *) c, choice);
                      for (guint k = 0; k < 4; k++)
                        _mm256_store_si256 ((__m256i *) v[g].x[k], s[g][k]);
                      for (guint l = 0; l < LANES; l++)
                        if (mask & (1 << l))
                          {
                            LabFastRng x;

                            for (guint k = 0; k < 4; k++)
                              x.s[k] = (guint64) lane_i (before[k], l);
                            c[l] = lab_fast_rng_below (&x, arms);
                            lane_put (&v[g], l, &x);
                          }
                      for (guint k = 0; k < 4; k++)
                        s[g][k] = _mm256_load_si256 ((const __m256i *) v[g].x[k]);
                      choice = _mm256_load_si256 ((const __m256i *) c);
                    }
                }
            }

          /* the cached arms, or a search */
          ok_b = _mm256_and_pd (_mm256_cmp_pd (qb[g], qs[g], _CMP_GT_OQ), _mm256_cmp_pd (qb[g], bound[g], _CMP_GT_OQ));
          ok_s = _mm256_and_pd (_mm256_cmp_pd (qs[g], qb[g], _CMP_GT_OQ), _mm256_cmp_pd (qs[g], bound[g], _CMP_GT_OQ));
          need = ~(_mm256_movemask_pd (_mm256_or_pd (ok_b, ok_s)) | _mm256_movemask_pd (explore)) & 0xf;
          if (need != 0)
            greedy_search (&v[g], arms, mg, s[g], need, &best[g], &second[g], &qb[g], &qs[g], &nb[g], &ns[g], &mub[g],
                           &mus[g], &bound[g]);
          else if ((mask = _mm256_movemask_pd (_mm256_andnot_pd (explore, ok_s))) != 0)
            {
              /* the runner-up overtook: the two change places */
              __m256d sw = _mm256_andnot_pd (explore, ok_s);
              __m256i swi = _mm256_castpd_si256 (sw), tb = best[g], tn = nb[g];
              __m256d tq = qb[g], tm = mub[g];

              best[g] = _mm256_blendv_epi8 (best[g], second[g], swi);
              second[g] = _mm256_blendv_epi8 (second[g], tb, swi);
              nb[g] = _mm256_blendv_epi8 (nb[g], ns[g], swi);
              ns[g] = _mm256_blendv_epi8 (ns[g], tn, swi);
              qb[g] = _mm256_blendv_pd (qb[g], qs[g], sw);
              qs[g] = _mm256_blendv_pd (qs[g], tq, sw);
              mub[g] = _mm256_blendv_pd (mub[g], mus[g], sw);
              mus[g] = _mm256_blendv_pd (mus[g], tm, sw);
            }

          /* the pulled arm's estimate, pulls and mean: the cached first, or (exploring) any */
          pulled = best[g];
          q = qb[g];
          n = nb[g];
          mu = mub[g];
          if (eps && _mm256_movemask_pd (explore) != 0)
            {
              __m256i isb = _mm256_cmpeq_epi64 (choice, best[g]), iss = _mm256_cmpeq_epi64 (choice, second[g]);
              __m256i ex = _mm256_castpd_si256 (explore);
              __m256i slot = _mm256_add_epi64 (_mm256_slli_epi64 (choice, 2), lane);
              __m256i oth = _mm256_andnot_si256 (_mm256_or_si256 (isb, iss), ex);
              __m256d qo = _mm256_i64gather_pd (&v[g].q[0][0], slot, 8);
              __m256i no = _mm256_i64gather_epi64 ((const long long *) &v[g].n[0][0], slot, 8);

              qo = _mm256_blendv_pd (qo, qs[g], _mm256_castsi256_pd (iss));
              no = _mm256_blendv_epi8 (no, ns[g], iss);
              q = _mm256_blendv_pd (q, qo, _mm256_castsi256_pd (_mm256_andnot_si256 (isb, ex)));
              n = _mm256_blendv_epi8 (n, no, _mm256_andnot_si256 (isb, ex));
              pulled = _mm256_blendv_epi8 (pulled, choice, ex);
              mu = _mm256_i64gather_pd (mg, _mm256_add_epi64 (pulled, mu_at), 8);
              other = _mm256_movemask_pd (_mm256_castsi256_pd (oth));
              if (_mm256_movemask_pd (_mm256_castsi256_pd (_mm256_and_si256 (iss, ex))) != 0)
                other |= 0x10;   /* some lane pulls its runner-up */
            }

          /* the reward */
          if (gaussian)
            {
              r = _mm256_add_pd (mu, xo_gaussian (s[g], &v[g]));
            }
          else
            r = _mm256_and_pd (_mm256_cmp_pd (word_uniform (xo_next (s[g])), mu, _CMP_LT_OQ), _mm256_set1_pd (1.0));

          /* the update (agent_update), into the cache or the arrays */
          n = _mm256_add_epi64 (n, one);
          if (optimistic)
            q = _mm256_add_pd (q, _mm256_mul_pd (_mm256_set1_pd (ag->alpha), _mm256_sub_pd (r, q)));
          else
            q = _mm256_add_pd (q, _mm256_mul_pd (_mm256_sub_pd (r, q), _mm256_i64gather_pd (ag->inv, n, 8)));
          if (other == 0)
            {
              qb[g] = q;
              nb[g] = n;
            }
          else
            {
              __m256i isb = _mm256_cmpeq_epi64 (pulled, best[g]), iss = _mm256_cmpeq_epi64 (pulled, second[g]);

              qb[g] = _mm256_blendv_pd (qb[g], q, _mm256_castsi256_pd (isb));
              nb[g] = _mm256_blendv_epi8 (nb[g], n, isb);
              iss = _mm256_andnot_si256 (isb, iss);
              qs[g] = _mm256_blendv_pd (qs[g], q, _mm256_castsi256_pd (iss));
              ns[g] = _mm256_blendv_epi8 (ns[g], n, iss);
              if (other & 0xf)
                {
                  gint64 p[LANES] __attribute__ ((aligned (32))), c[LANES] __attribute__ ((aligned (32)));
                  double qq[LANES] __attribute__ ((aligned (32)));

                  _mm256_store_si256 ((__m256i *) p, pulled);
                  _mm256_store_si256 ((__m256i *) c, n);
                  _mm256_store_pd (qq, q);
                  for (guint l = 0; l < LANES; l++)
                    if (other & (1 << l))
                      {
                        v[g].q[p[l]][l] = qq[l];
                        v[g].n[p[l]][l] = c[l];
                      }
                  /* another arm's estimate changed: the bound rises to it */
                  bound[g] = _mm256_blendv_pd (bound[g], _mm256_max_pd (bound[g], q),
                                               _mm256_castsi256_pd (_mm256_andnot_si256 (_mm256_or_si256 (isb, iss),
                                                                                         _mm256_set1_epi64x (-1))));
                }
            }

          /* the sums, block by block and lane by lane in order as run_agent_kind adds them */
          {
            double rl[LANES] __attribute__ ((aligned (32))), gl[LANES] __attribute__ ((aligned (32)));
            int top = _mm256_movemask_pd (_mm256_cmp_pd (mu, qmax4[g], _CMP_EQ_OQ));

            regret[g] = _mm256_add_pd (regret[g], _mm256_sub_pd (qmax4[g], mu));
            _mm256_store_pd (rl, r);
            _mm256_store_pd (gl, regret[g]);
            reward[t - 1] += 0.0 + rl[0] + rl[1] + rl[2] + rl[3];
            optimal[t - 1] += (double) __builtin_popcount (top);
            regret_sum[t - 1] += 0.0 + gl[0] + gl[1] + gl[2] + gl[3];
          }
        }

      if (tr != NULL && snap < self->n_snaps && self->snap_steps[snap] == t)
        {
          guint b0 = (guint) lane_i (best[0], 0), s0 = (guint) lane_i (second[0], 0);

          for (guint a = 0; a < arms; a++)
            {
              tr->estimates[snap * arms + a] = a == b0 ? _mm256_cvtsd_f64 (qb[0]) : a == s0 ? _mm256_cvtsd_f64 (qs[0]) : v[0].q[a][0];
              tr->pulls[snap * arms + a] = (guint) (a == b0 ? lane_i (nb[0], 0) : a == s0 ? lane_i (ns[0], 0) : v[0].n[a][0]);
            }
          snap++;
        }
    }
  for (guint g = 0; g < nb_; g++)
    for (guint k = 0; k < 4; k++)
      _mm256_store_si256 ((__m256i *) v[g].x[k], s[g][k]);
}

/* The agents stepped in the registers (Thompson sampling and the gradient bandit draw or
 * exponentiate for every arm at every step: they stay scalar) */
static gboolean
simd_kind (LabRlAgent kind)
{
  return kind == LAB_RL_AGENT_UCB || kind == LAB_RL_AGENT_OPTIMISTIC || kind == LAB_RL_AGENT_GREEDY
         || kind == LAB_RL_AGENT_EPSILON_GREEDY;
}

/* @nb blocks (1 … SIMD_BLOCKS) of four runs; a loop per agent kind and block count. UCB
 * steps its blocks two together (its step is long and straight: two overlap well, 15 % less
 * time than one; three, no better), and so do greedy and optimistic (no difference either
 * way); ε-greedy's step branches on the lanes exploring, and it is 5 % faster one block at a
 * time. */
static RL_AVX2 void
run_agent_simd (const RlResult *self,
                const Agent    *ag,
                guint           nb,
                SimdRuns       *v,
                const double   *means,
                const double   *qmax,
                const double   *sqrt_log,
                double         *sums,
                AgentTrack     *tr)
{
  /* groups of @w blocks stepped together (the last, short of @w, a block at a time), in order */
#define RL_SIMD_BY(K, F, W) \
    case K: \
      for (guint g = 0; g < nb;) \
        { \
          const double *mg = means + g * LANES * self->arms, *qg = qmax + g * LANES; \
          AgentTrack *tg = g == 0 ? tr : NULL; \
          if (nb - g >= W) \
            F (self, ag, K, W, v + g, mg, qg, sqrt_log, sums, tg), g += W; \
          else \
            F (self, ag, K, 1, v + g, mg, qg, sqrt_log, sums, tg), g += 1; \
        } \
      break
  switch (ag->kind)
    {
    RL_SIMD_BY (LAB_RL_AGENT_GREEDY, run_greedy_simd_kind, 2);
    RL_SIMD_BY (LAB_RL_AGENT_EPSILON_GREEDY, run_greedy_simd_kind, 1);
    RL_SIMD_BY (LAB_RL_AGENT_OPTIMISTIC, run_greedy_simd_kind, 2);
    RL_SIMD_BY (LAB_RL_AGENT_UCB, run_ucb_simd, SIMD_BLOCKS);
    case LAB_RL_AGENT_THOMPSON:
    case LAB_RL_AGENT_GRADIENT:
    case LAB_RL_N_AGENTS:
    default:
      g_assert_not_reached ();
    }
#undef RL_SIMD_BY
}
#endif

/* A 64-bit seed for the stream of agent @kind in run @run (splitmix64's finaliser, another
 * mixing than stream_seed's so that no agent stream repeats a problem stream's seed). */
static guint64
agent_seed (guint64 seed,
            guint64 run,
            guint64 kind)
{
  guint64 z = (seed + 0x632be59bd9b4e019ull) * 0xd1b54a32d192ed03ull ^ (run + 1) * 0x9e3779b97f4a7c15ull
              ^ (kind + 1) * 0xaef17502108ef2d9ull;

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static gpointer
bandit_chunk (gpointer data)
{
  BanditChunk *ch = data;
  RlResult *self = ch->self;
  guint arms = self->arms, steps = self->steps;
  g_autofree double *means = g_new (double, ROUND_MAX * arms);
  g_autofree double *sqrt_log = g_new (double, steps + 1);
  Agent agents[LAB_RL_N_AGENTS][LANES];
  double qmax[ROUND_MAX];
#ifdef RL_SIMD
  SimdRuns simd[SIMD_BLOCKS];
  const guint round = ch->simd ? SIMD_BLOCKS * LANES : LANES;
#else
  const guint round = LANES;
#endif

  for (guint t = 1; t <= steps; t++)
    sqrt_log[t] = sqrt (log ((double) t));
  sqrt_log[0] = 0;
  for (guint i = 0; i < self->n_agents; i++)
    for (guint l = 0; l < LANES; l++)
      {
        Agent *ag = &agents[i][l];

        ag->kind = self->agents[i].kind;
        ag->epsilon = lab_params_get_double (ch->params, "epsilon");
        ag->decay = lab_params_get_double (ch->params, "decay");
        ag->q0 = lab_params_get_double (ch->params, "q0");
        ag->c = lab_params_get_double (ch->params, "c");
        ag->alpha = lab_params_get_double (ch->params, "alpha");
        ag->baseline = lab_params_get_boolean (ch->params, "baseline");
        ag->q = g_new (double, arms);
        ag->score = g_new (double, arms);
        ag->pi = g_new (double, arms);
        ag->inv_sqrt_n = g_new (double, arms);
        ag->n = g_new (guint, arms);
        ag->ties = g_new (guint, arms);
        ag->rng = lab_rng_new_fast (0);
        ag->x = lab_rng_fast_state (ag->rng);
        ag->inv = ch->inv;
        ag->inv_sqrt = ch->inv + steps + 1;
      }

  /* a round of runs: one block of LANES for the scalar loops, SIMD_BLOCKS blocks for the
   * registers (the blocks added into the sums in the same order either way) */
  for (guint run0 = ch->from; run0 < ch->to; run0 += round)
    {
      guint nr = MIN (round, ch->to - run0);

      if (g_cancellable_is_cancelled (ch->cancellable))
        break;
      /* each run's problem (drawn in bandit_compute): the same for every agent */
      for (guint l = 0; l < nr; l++)
        {
          double *mu = means + l * arms;

          memcpy (mu, ch->problems + (gsize) (run0 + l) * arms, arms * sizeof (double));
          qmax[l] = -INFINITY;
          for (guint a = 0; a < arms; a++)
            qmax[l] = MAX (qmax[l], mu[a]);
          ch->best_sum += qmax[l];
        }
      if (run0 == 0)
        memcpy (self->true_means, means, arms * sizeof (double));

      for (guint i = 0; i < self->n_agents; i++)
        {
          LabRlAgent kind = agents[i][0].kind;
          double *sums = ch->sums + (gsize) (3 * i) * steps;
          guint b0 = 0;

#ifdef RL_SIMD
          if (ch->simd && nr >= LANES && arms <= RL_SIMD_ARMS && simd_kind (kind))
            {
              b0 = nr / LANES * LANES;
              for (guint l = 0; l < b0; l++)
                {
                  LabFastRng x;

                  lab_fast_rng_seed (&x, agent_seed (ch->seed, run0 + l, kind));
                  lane_put (&simd[l / LANES], l % LANES, &x);
                }
              run_agent_simd (self, &agents[i][0], nr / LANES, simd, means, qmax, sqrt_log, sums,
                              run0 == 0 ? &self->agents[i] : NULL);
            }
#endif
          for (; b0 < nr; b0 += LANES)
            {
              guint nl = MIN (LANES, nr - b0);

              for (guint l = 0; l < nl; l++)
                {
                  lab_fast_rng_seed (agents[i][l].x, agent_seed (ch->seed, run0 + b0 + l, kind));
                  agent_reset (&agents[i][l], arms);
                }
              run_agent (self, agents[i], nl, means + b0 * arms, qmax + b0, sqrt_log, sums,
                         run0 + b0 == 0 ? &self->agents[i] : NULL);
            }
        }
      lab_progress_set (ch->progress, (g_atomic_int_add (ch->done, nr) + (double) nr) / self->runs);
    }

  for (guint i = 0; i < self->n_agents; i++)
    for (guint l = 0; l < LANES; l++)
      {
        g_free (agents[i][l].q);
        g_free (agents[i][l].score);
        g_free (agents[i][l].pi);
        g_free (agents[i][l].inv_sqrt_n);
        g_free (agents[i][l].n);
        g_free (agents[i][l].ties);
        gsl_rng_free (agents[i][l].rng);
      }
  return NULL;
}

static gboolean
bandit_compute (RlResult      *self,
                LabParams     *params,
                LabProgress   *progress,
                GCancellable  *cancellable,
                GError       **error)
{
  guint set = parse_agents (lab_params_get_string (params, "agents"), error);
  BanditChunk chunks[2];
  g_autofree double *problems = NULL, *inv = NULL;
  gint done = 0;
  GThread *helper = NULL;
  gboolean ok;
  guint steps;

  if (set == 0)
    return FALSE;

  self->reward_kind = lab_params_get_enum (params, "reward");
  self->arms = (guint) lab_params_get_int (params, "arms");
  self->runs = (guint) lab_params_get_int (params, "runs");
  self->steps = steps = (guint) lab_params_get_int (params, "steps");
  self->n_snaps = MIN (steps, MAX_SNAPS);
  self->snap_steps = g_new (guint, self->n_snaps);
  for (guint i = 0; i < self->n_snaps; i++)
    self->snap_steps[i] = (guint) (((guint64) (i + 1) * steps + self->n_snaps - 1) / self->n_snaps);
  self->true_means = g_new (double, self->arms);
  for (guint k = 0; k < LAB_RL_N_AGENTS; k++)
    if (set & (1u << k))
      {
        AgentTrack *tr = &self->agents[self->n_agents++];

        tr->kind = k;
        tr->estimates = g_new (double, self->n_snaps * self->arms);
        tr->pulls = g_new (guint, self->n_snaps * self->arms);
      }

  /* every run's problem, from one mt19937 stream in run order (run 1's means are the first
   * draws: the same as when each run had a stream of its own); 10 draws a run cost less than
   * seeding mt19937 once per run did */
  problems = g_new (double, (gsize) self->runs * self->arms);
  {
    g_autoptr(gsl_rng) env = lab_rng_new (stream_seed ((guint64) lab_params_get_int (params, "seed"), 0, 0));

    for (gsize i = 0; i < (gsize) self->runs * self->arms; i++)
      problems[i] = self->reward_kind == LAB_RL_REWARD_GAUSSIAN ? lab_rng_gaussian (env) : gsl_rng_uniform (env);
  }
  inv = g_new (double, 2 * (steps + 1));
  inv[0] = inv[steps + 1] = 0;
  for (guint n = 1; n <= steps; n++)
    {
      inv[n] = 1.0 / n;
      inv[steps + 1 + n] = 1.0 / sqrt ((double) n);
    }

  for (guint h = 0; h < 2; h++)
    chunks[h] = (BanditChunk) {
      .problems = problems,
      .inv = inv,
      .self = self,
      .params = params,
      .from = h == 0 ? 0 : self->runs / 2,
      .to = h == 0 ? self->runs / 2 : self->runs,
      .seed = (guint64) lab_params_get_int (params, "seed"),
      .sums = g_new0 (double, (gsize) 3 * self->n_agents * steps),
#ifdef RL_SIMD
      .simd = rl_simd_usable (),
#endif
      .done = &done,
      .progress = progress,
      .cancellable = cancellable,
    };
  if (chunks[0].to > chunks[0].from)
    helper = g_thread_new ("bandit-runs", bandit_chunk, &chunks[0]);
  bandit_chunk (&chunks[1]);
  if (helper != NULL)
    g_thread_join (helper);

  /* cancelled or not is read once: a cancel between two reads returned FALSE with no error */
  ok = !g_cancellable_set_error_if_cancelled (cancellable, error);
  if (ok)
    {
      for (guint i = 0; i < self->n_agents; i++)
        {
          AgentTrack *tr = &self->agents[i];
          const double *a = chunks[0].sums + (gsize) (3 * i) * steps;
          const double *b = chunks[1].sums + (gsize) (3 * i) * steps;

          tr->reward = g_new (double, steps);
          tr->optimal = g_new (double, steps);
          tr->regret = g_new (double, steps);
          for (guint t = 0; t < steps; t++)
            {
              tr->reward[t] = (a[t] + b[t]) / self->runs;
              tr->optimal[t] = (a[steps + t] + b[steps + t]) / self->runs;
              tr->regret[t] = (a[2 * steps + t] + b[2 * steps + t]) / self->runs;
            }
        }
      self->best_mean = (chunks[0].best_sum + chunks[1].best_sum) / self->runs;
    }
  g_free (chunks[0].sums);
  g_free (chunks[1].sums);
  return ok;
}

/* ------------------------------------------------------------------ */
/* grid world: the layout */

char
cell_letter (CellKind kind)
{
  static const char letters[] = { ' ', '#', 'R', 'T', 'S', 'C' };

  return letters[kind];
}

void
rl_grid_clear (Grid *grid)
{
  g_clear_pointer (&grid->kind, g_free);
  g_clear_pointer (&grid->bonus, g_free);
}

/* Corridors one cell wide between the cells with even coordinates, carved by a depth-first
 * walk from the top left with a generator seeded by the size (the same maze each time). */
static void
carve_maze (Grid *g)
{
  guint nx = (g->width + 1) / 2, ny = (g->height + 1) / 2;
  g_autoptr(gsl_rng) rng = lab_rng_new (1000u * g->width + g->height);
  g_autofree guint *stack = g_new (guint, nx * ny);
  g_autofree gboolean *seen = g_new0 (gboolean, nx * ny);
  guint top = 0;

  memset (g->kind, CELL_WALL, g->width * g->height);
  stack[top++] = 0;
  seen[0] = TRUE;
  g->kind[0] = CELL_EMPTY;
  while (top > 0)
    {
      guint cur = stack[top - 1], cx = cur % nx, cy = cur / nx;
      guint next[4], n = 0;

      if (cy > 0 && !seen[cur - nx]) next[n++] = cur - nx;
      if (cy + 1 < ny && !seen[cur + nx]) next[n++] = cur + nx;
      if (cx > 0 && !seen[cur - 1]) next[n++] = cur - 1;
      if (cx + 1 < nx && !seen[cur + 1]) next[n++] = cur + 1;
      if (n == 0)
        {
          top--;
          continue;
        }
      {
        guint to = next[gsl_rng_uniform_int (rng, n)], tx = to % nx, ty = to / nx;

        seen[to] = TRUE;
        g->kind[(2 * ty) * g->width + 2 * tx] = CELL_EMPTY;
        g->kind[(cy + ty) * g->width + (cx + tx)] = CELL_EMPTY;   /* the wall between */
        stack[top++] = to;
      }
    }
}

gboolean
rl_build_grid (LabParams  *params,
               Grid       *g,
               GError    **error)
{
  guint w = (guint) lab_params_get_int (params, "width");
  guint h = (guint) lab_params_get_int (params, "height");
  LabRlLayout layout = lab_params_get_enum (params, "layout");
  double cell_reward = lab_params_get_double (params, "cell-reward");
  g_auto(GStrv) edits = g_strsplit_set (lab_params_get_string (params, "cells"), " ;\t\n", -1);
  guint goal;

  g->width = w;
  g->height = h;
  g->kind = g_new0 (guint8, w * h);
  g->bonus = g_new0 (double, w * h);
  g->start = (h - 1) * w;
  goal = w - 1;
  switch (layout)
    {
    case LAB_RL_LAYOUT_OPEN:
      break;
    case LAB_RL_LAYOUT_CLIFF:
      goal = h * w - 1;
      for (guint c = 1; c + 1 < w; c++)
        g->kind[(h - 1) * w + c] = CELL_CLIFF;
      break;
    case LAB_RL_LAYOUT_MAZE:
      carve_maze (g);
      g->start = ((h - 1) & ~1u) * w;
      goal = (w - 1) & ~1u;
      break;
    case LAB_RL_LAYOUT_FOUR_ROOMS:
      {
        guint cx = w / 2, cy = h / 2;

        for (guint r = 0; r < h; r++)
          if (r != cy / 2 && r != cy + (h - cy) / 2)
            g->kind[r * w + cx] = CELL_WALL;
        for (guint c = 0; c < w; c++)
          if (c != cx / 2 && c != cx + (w - cx) / 2)
            g->kind[cy * w + c] = CELL_WALL;
      }
      break;
    default:
      g_assert_not_reached ();
    }
  g->kind[goal] = CELL_TERMINAL;
  /* the layouts' own goal: +1, or 0 on the cliff where every step costs (Sutton & Barto) */
  g->bonus[goal] = layout == LAB_RL_LAYOUT_CLIFF ? 0.0 : 1.0;
  g->kind[g->start] = CELL_START;

  for (guint i = 0; edits[i] != NULL; i++)
    {
      static const char * const kinds[] = { "empty", "wall", "reward", "terminal" };
      static const CellKind kind_of[] = { CELL_EMPTY, CELL_WALL, CELL_REWARD, CELL_TERMINAL };
      guint64 c, r;
      char *end, *eq;
      guint k;

      if (edits[i][0] == '\0')
        continue;
      eq = strchr (edits[i], '=');
      for (k = 0; eq != NULL && k < G_N_ELEMENTS (kinds); k++)
        if (g_str_equal (eq + 1, kinds[k]))
          break;
      if (eq == NULL || k == G_N_ELEMENTS (kinds)
          || !g_ascii_isdigit (edits[i][0]) || (c = g_ascii_strtoull (edits[i], &end, 10), *end != ',')
          || !g_ascii_isdigit (end[1]) || (r = g_ascii_strtoull (end + 1, &end, 10), end != eq))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("cells: “%s” is not COLUMN,ROW=KIND with KIND one of empty, wall, reward, terminal"),
                       edits[i]);
          rl_grid_clear (g);
          return FALSE;
        }
      /* edits outside the grid (kept when the grid shrinks) and on the start do nothing */
      if (c >= w || r >= h || r * w + c == g->start)
        continue;
      g->kind[r * w + c] = kind_of[k];
      g->bonus[r * w + c] = kind_of[k] == CELL_REWARD || kind_of[k] == CELL_TERMINAL ? cell_reward : 0.0;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* grid world: the model */

typedef struct
{
  const Grid *g;
  double      slip, step_reward, gamma;
  const guint  *next;      /* dynamic programming: each state's move in each direction, */
  const double *reward;    /* and its reward (tabled once: the sweeps only look them up) */
} Model;

static const int move_dr[4] = { -1, 1, 0, 0 };
static const int move_dc[4] = { 0, 0, -1, 1 };
/* the two sideways directions of each move */
static const guint side[4][2] = { { LAB_RL_LEFT, LAB_RL_RIGHT }, { LAB_RL_LEFT, LAB_RL_RIGHT },
                                  { LAB_RL_UP, LAB_RL_DOWN }, { LAB_RL_UP, LAB_RL_DOWN } };

static gboolean
is_state (const Grid *g,
          guint       s)
{
  return g->kind[s] != CELL_WALL && g->kind[s] != CELL_CLIFF;
}

/* Where a move in direction @dir from @s ends, and its reward: walls and the edge keep the
 * agent in place; the cliff costs CLIFF_REWARD and sends it back to the start. */
static guint
move_full (const Model *m,
           guint        s,
           guint        dir,
           double      *reward,
           guint       *cliff)
{
  const Grid *g = m->g;
  int r = (int) (s / g->width) + move_dr[dir], c = (int) (s % g->width) + move_dc[dir];
  guint to = s;

  if (r >= 0 && r < (int) g->height && c >= 0 && c < (int) g->width && g->kind[r * g->width + c] != CELL_WALL)
    to = (guint) r * g->width + (guint) c;
  if (cliff != NULL)
    *cliff = G_MAXUINT;
  if (g->kind[to] == CELL_CLIFF)
    {
      *reward = m->step_reward + CLIFF_REWARD;
      if (cliff != NULL)
        *cliff = to;
      return g->start;
    }
  *reward = m->step_reward + g->bonus[to];
  return to;
}

static guint
move (const Model *m,
      guint        s,
      guint        dir,
      double      *reward)
{
  return move_full (m, s, dir, reward, NULL);
}

/* q(s, a) = Σ p(s', r | s, a) [r + γ V(s')], V = 0 at terminals */
static double
q_value (const Model  *m,
         const double *v,
         guint         s,
         guint         a)
{
  double dirs_p[3] = { 1.0 - m->slip, m->slip / 2, m->slip / 2 };
  guint dirs[3] = { a, side[a][0], side[a][1] };
  double q = 0;

  for (guint k = 0; k < 3; k++)
    {
      double r;
      guint to;

      if (dirs_p[k] == 0)
        continue;
      if (m->next != NULL)
        to = m->next[4 * s + dirs[k]], r = m->reward[4 * s + dirs[k]];
      else
        to = move (m, s, dirs[k], &r);
      q += dirs_p[k] * (r + (m->g->kind[to] == CELL_TERMINAL ? 0.0 : m->gamma * v[to]));
    }
  return q;
}

/* The greedy action of each state (the first of ties within rounding); −1 for walls, terminals
 * and states where all four actions tie. */
static void
greedy_policy (const Model  *m,
               const double *v,
               gint8        *policy)
{
  const Grid *g = m->g;

  for (guint s = 0; s < g->width * g->height; s++)
    {
      double q[4], best = -INFINITY, worst = INFINITY, tol;

      policy[s] = -1;
      if (!is_state (g, s) || g->kind[s] == CELL_TERMINAL)
        continue;
      for (guint a = 0; a < 4; a++)
        {
          q[a] = q_value (m, v, s, a);
          best = MAX (best, q[a]), worst = MIN (worst, q[a]);
        }
      tol = 1e-10 * (1 + fabs (best));
      /* no arrow where every action is as good (news of any reward has not arrived yet) */
      if (best - worst <= tol)
        continue;
      for (guint a = 0; a < 4; a++)
        if (q[a] >= best - tol)
          {
            policy[s] = (gint8) a;
            break;
          }
    }
}

static void
store_sweep (RlResult     *self,
             guint         capacity,
             const double *v,
             const gint8  *policy)
{
  guint n = self->grid.width * self->grid.height;

  if (self->n_stored >= capacity)
    return;
  self->sweep_values = g_renew (double, self->sweep_values, (gsize) (self->n_stored + 1) * n);
  self->sweep_policy = g_renew (gint8, self->sweep_policy, (gsize) (self->n_stored + 1) * n);
  memcpy (self->sweep_values + (gsize) self->n_stored * n, v, n * sizeof (double));
  memcpy (self->sweep_policy + (gsize) self->n_stored * n, policy, n);
  self->n_stored++;
}

/* The stopping threshold on max |V_k − V_{k−1}|: small enough that V is within 1e-12 of
 * the fixed point (‖V_k − V*‖ ≤ γδ/(1 − γ)), but not below what rounding lets a sweep show. */
static double
threshold (double gamma,
           double vmax)
{
  double t = gamma > 0 ? 1e-12 * (1 - gamma) / gamma : 1.0;

  return MAX (t, 8 * DBL_EPSILON * vmax);
}

static double
max_abs (const double *v,
         guint         n)
{
  double m = 0;

  for (guint s = 0; s < n; s++)
    if (isfinite (v[s]))
      m = MAX (m, fabs (v[s]));
  return m;
}

/* Policy iteration's first policy: "up" everywhere — unless γ = 1, where a policy that never
 * reaches a terminal has no finite values to evaluate (V = r + PV has no solution) and "up"
 * usually is one: then each state's intended move is along a shortest path to a terminal
 * (breadth first from the terminals; cliff cells count as blocked), which is proper. */
static void
initial_policy (const Model *m,
                gint8       *policy)
{
  const Grid *g = m->g;
  guint n = g->width * g->height, head = 0, tail = 0;
  g_autofree guint *queue = NULL;
  g_autofree guint *dist = NULL;

  for (guint s = 0; s < n; s++)
    policy[s] = is_state (g, s) && g->kind[s] != CELL_TERMINAL ? LAB_RL_UP : -1;
  if (m->gamma < 1)
    return;
  queue = g_new (guint, n);
  dist = g_new (guint, n);
  for (guint s = 0; s < n; s++)
    {
      dist[s] = G_MAXUINT;
      if (g->kind[s] == CELL_TERMINAL)
        dist[s] = 0, queue[tail++] = s;
    }
  while (head < tail)
    {
      guint s = queue[head++];
      int r = (int) (s / g->width), c = (int) (s % g->width);

      for (guint a = 0; a < 4; a++)
        {
          /* the neighbour that reaches s by moving opposite to a */
          int rr = r + move_dr[a], cc = c + move_dc[a];
          guint from;

          if (rr < 0 || rr >= (int) g->height || cc < 0 || cc >= (int) g->width)
            continue;
          from = (guint) rr * g->width + (guint) cc;
          if (!is_state (g, from) || g->kind[from] == CELL_TERMINAL || dist[from] != G_MAXUINT)
            continue;
          dist[from] = dist[s] + 1;
          policy[from] = (gint8) (a ^ 1);   /* up ↔ down, left ↔ right */
          queue[tail++] = from;
        }
    }
}

static gboolean
dp_compute (RlResult      *self,
            const Model   *model,
            LabProgress   *progress,
            GCancellable  *cancellable,
            GError       **error)
{
  const Grid *g = model->g;
  guint n = g->width * g->height;
  g_autofree guint *moves = g_new (guint, 4 * n);
  g_autofree double *rewards = g_new (double, 4 * n);
  Model tabled = *model;
  const Model *m = &tabled;

  for (guint s = 0; s < n; s++)
    for (guint d = 0; d < 4; d++)
      moves[4 * s + d] = is_state (g, s) ? move (model, s, d, &rewards[4 * s + d]) : (rewards[4 * s + d] = 0, s);
  tabled.next = moves;
  tabled.reward = rewards;
  guint capacity = MIN (MAX_SWEEPS + 1, MAX (2u, SWEEP_BUDGET / n));
  g_autofree double *v = g_new0 (double, n);
  g_autofree double *next = g_new0 (double, n);
  g_autofree gint8 *policy = g_new (gint8, n);
  g_autofree gint8 *improved = g_new (gint8, n);
  guint k;

  self->residual = g_new0 (double, MAX_SWEEPS);
  for (guint s = 0; s < n; s++)
    if (!is_state (g, s))
      v[s] = next[s] = NAN;
  greedy_policy (m, v, policy);
  if (self->algorithm == LAB_RL_POLICY_ITERATION)
    initial_policy (m, policy);
  store_sweep (self, capacity, v, policy);

  self->converged = FALSE;
  for (k = 1; k <= MAX_SWEEPS; k++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (self->algorithm == LAB_RL_VALUE_ITERATION)
        {
          /* V_k(s) = max_a q_{k−1}(s, a), all states from V_{k−1} (synchronous sweeps) */
          double delta = 0;

          for (guint s = 0; s < n; s++)
            {
              if (!is_state (g, s) || g->kind[s] == CELL_TERMINAL)
                continue;
              next[s] = -INFINITY;
              for (guint a = 0; a < 4; a++)
                next[s] = MAX (next[s], q_value (m, v, s, a));
              delta = MAX (delta, fabs (next[s] - v[s]));
            }
          memcpy (v, next, n * sizeof (double));
          self->residual[k - 1] = delta;
          greedy_policy (m, v, policy);
          store_sweep (self, capacity, v, policy);
          if (delta < threshold (m->gamma, max_abs (v, n)))
            {
              self->converged = TRUE;
              break;
            }
        }
      else
        {
          /* evaluate π_{k−1} (iterative policy evaluation from the last values, in place), then
           * improve it greedily, keeping an action unless another is better beyond rounding */
          guint changes = 0;
          gboolean evaluated = FALSE;

          for (guint e = 0; e < MAX_SWEEPS; e++)
            {
              double delta = 0;

              if ((e & 63) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
                return FALSE;
              for (guint s = 0; s < n; s++)
                if (policy[s] >= 0)
                  {
                    double x = q_value (m, v, s, policy[s]);

                    delta = MAX (delta, fabs (x - v[s]));
                    v[s] = x;
                  }
              if (delta < threshold (m->gamma, max_abs (v, n)))
                {
                  evaluated = TRUE;
                  break;
                }
            }
          for (guint s = 0; s < n; s++)
            {
              double best, keep;

              improved[s] = policy[s];
              if (policy[s] < 0)
                continue;
              best = keep = q_value (m, v, s, policy[s]);
              for (guint a = 0; a < 4; a++)
                {
                  double q = q_value (m, v, s, a);

                  if (q > best)
                    best = q, improved[s] = (gint8) a;
                }
              if (best <= keep + 1e-10 * (1 + fabs (keep)))
                improved[s] = policy[s];
              changes += improved[s] != policy[s];
            }
          memcpy (policy, improved, n);
          self->residual[k - 1] = changes;
          store_sweep (self, capacity, v, policy);
          if (changes == 0)
            {
              self->converged = evaluated;
              break;
            }
        }
      lab_progress_set (progress, MIN (0.99, k / 200.0));
    }
  self->sweeps = MIN (k, MAX_SWEEPS);
  self->values = g_steal_pointer (&v);
  self->policy = g_new (gint8, n);
  if (self->algorithm == LAB_RL_VALUE_ITERATION)
    greedy_policy (m, self->values, self->policy);
  else
    memcpy (self->policy, policy, n);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* grid world: TD control */

typedef struct
{
  const Model *m;
  double       alpha, epsilon;
  guint        episodes, cap;
} Td;

static guint
epsilon_greedy (const double *q,
                double        epsilon,
                gsl_rng      *rng)
{
  guint ties[4];

  if (gsl_rng_uniform (rng) < epsilon)
    return (guint) gsl_rng_uniform_int (rng, 4);
  return argmax_random (q, 4, ties, rng);
}

/* One environment step: with probability slip the move goes sideways (half each way). */
static guint
env_step (const Model *m,
          guint        s,
          guint        a,
          double      *r,
          guint       *cliff,
          gsl_rng     *rng)
{
  guint dir = a;

  if (m->slip > 0)
    {
      double u = gsl_rng_uniform (rng);

      if (u < m->slip)
        dir = side[a][u < m->slip / 2 ? 0 : 1];
    }
  return move_full (m, s, dir, r, cliff);
}

/* Σ_a π(a|s) Q(s, a) for the ε-greedy policy (greedy ties share 1 − ε). */
static double
expected_q (const double *q,
            double        epsilon)
{
  double best = MAX (MAX (q[0], q[1]), MAX (q[2], q[3])), sum = 0, greedy = 0;
  guint ties = 0;

  for (guint a = 0; a < 4; a++)
    {
      sum += q[a];
      if (q[a] == best)
        ties++, greedy += q[a];
    }
  return epsilon / 4 * sum + (1 - epsilon) * greedy / ties;
}

/* The states each episode visited (EPISODE_BREAK where the cliff sent the agent back), and
 * where each episode starts in that list, while the budget lasts. */
typedef struct
{
  GArray *states;
  GArray *offsets;
} Recorder;

static void
record (Recorder *rec,
        guint     s)
{
  if (rec != NULL && rec->states->len < PATH_BUDGET)
    g_array_append_val (rec->states, s);
}

static gboolean
td_run (const Td        *td,
        LabRlAlgorithm   algorithm,
        guint64          seed,
        double          *q,
        double          *returns,
        Recorder        *rec,
        LabProgress     *progress,
        double           progress_from,
        double           progress_span,
        GCancellable    *cancellable)
{
  const Model *m = td->m;
  const Grid *g = m->g;
  g_autoptr(gsl_rng) rng = lab_rng_new (seed);
  double gamma = m->gamma, alpha = td->alpha, eps = td->epsilon;

  memset (q, 0, (gsize) g->width * g->height * 4 * sizeof (double));
  for (guint e = 0; e < td->episodes; e++)
    {
      guint s = g->start, a = 0;
      double G = 0, discount = 1;

      if ((e & 15) == 0)
        {
          if (g_cancellable_is_cancelled (cancellable))
            return FALSE;
          lab_progress_set (progress, progress_from + progress_span * e / td->episodes);
        }
      if (rec != NULL && rec->states->len < PATH_BUDGET)
        {
          guint at = rec->states->len;

          g_array_append_val (rec->offsets, at);
        }
      record (rec, s);
      if (algorithm == LAB_RL_SARSA)
        a = epsilon_greedy (q + 4 * s, eps, rng);
      for (guint t = 0; t < td->cap; t++)
        {
          double r, target;
          guint to, cliff;
          gboolean end;

          if (algorithm != LAB_RL_SARSA)
            a = epsilon_greedy (q + 4 * s, eps, rng);
          to = env_step (m, s, a, &r, &cliff, rng);
          if (cliff != G_MAXUINT)
            {
              record (rec, cliff);
              record (rec, EPISODE_BREAK);
            }
          record (rec, to);
          /* the discounted return from the start, G₀ = Σ γᵗ Rₜ₊₁ (the plain sum when γ = 1) */
          G += discount * r;
          discount *= gamma;
          end = g->kind[to] == CELL_TERMINAL;
          if (algorithm == LAB_RL_SARSA)
            {
              guint next = 0;

              /* SARSA: the action actually taken next, chosen before the update */
              if (!end)
                next = epsilon_greedy (q + 4 * to, eps, rng);
              target = r + (end ? 0.0 : gamma * q[4 * to + next]);
              q[4 * s + a] += alpha * (target - q[4 * s + a]);
              a = next;
            }
          else
            {
              const double *qn = q + 4 * to;

              if (end)
                target = r;
              else if (algorithm == LAB_RL_Q_LEARNING)
                target = r + gamma * MAX (MAX (qn[0], qn[1]), MAX (qn[2], qn[3]));
              else
                target = r + gamma * expected_q (qn, eps);
              q[4 * s + a] += alpha * (target - q[4 * s + a]);
            }
          s = to;
          if (end)
            break;
        }
      returns[e] = G;
    }
  return TRUE;
}

/* The greedy path from the start (first action of ties, moves as intended): up to a
 * terminal, a cell seen before or width × height steps. */
static guint *
greedy_path (const Model  *m,
             const double *q,
             guint        *len)
{
  const Grid *g = m->g;
  guint n = g->width * g->height;
  guint *path = g_new (guint, n + 1);
  g_autofree gboolean *seen = g_new0 (gboolean, n);
  guint s = g->start, k = 0;

  path[k++] = s;
  seen[s] = TRUE;
  while (k <= n && g->kind[s] != CELL_TERMINAL)
    {
      const double *qs = q + 4 * s;
      guint a = 0;
      double r;

      for (guint b = 1; b < 4; b++)
        if (qs[b] > qs[a])
          a = b;
      s = move (m, s, a, &r);
      if (g->kind[path[k - 1]] != CELL_CLIFF && s == g->start && path[k - 1] != g->start)
        {
          /* fell off the cliff: draw the step into it, then stop */
          int rr = (int) (path[k - 1] / g->width) + move_dr[a], cc = (int) (path[k - 1] % g->width) + move_dc[a];

          if (rr >= 0 && rr < (int) g->height && cc >= 0 && cc < (int) g->width)
            path[k++] = (guint) rr * g->width + (guint) cc;
          break;
        }
      if (seen[s])
        break;
      seen[s] = TRUE;
      path[k++] = s;
    }
  *len = k;
  return path;
}

static gboolean
td_compute (RlResult      *self,
            const Model   *m,
            LabParams     *params,
            LabProgress   *progress,
            GCancellable  *cancellable,
            GError       **error)
{
  const Grid *g = m->g;
  guint n = g->width * g->height;
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  g_autofree double *q = g_new (double, 4 * n);
  Td td = {
    .m = m,
    .alpha = lab_params_get_double (params, "alpha"),
    .epsilon = lab_params_get_double (params, "epsilon"),
    .episodes = (guint) lab_params_get_int (params, "episodes"),
    .cap = MAX (100u, 20 * n),
  };
  guint done = 0;
  Recorder rec;
  gboolean ok;
  guint end;

  self->episodes = td.episodes;
  /* the chosen method last, so that its Q is the one kept; the others for the comparison */
  for (guint i = 0; i < 3; i++)
    {
      LabRlAlgorithm alg = LAB_RL_Q_LEARNING + i;

      if (alg == self->algorithm)
        continue;
      self->returns[alg] = g_new (double, td.episodes);
      if (!td_run (&td, alg, seed, q, self->returns[alg], NULL, progress, done / 3.0, 1 / 3.0, cancellable))
        {
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }
      self->path[alg] = greedy_path (m, q, &self->path_len[alg]);
      done++;
    }
  self->returns[self->algorithm] = g_new (double, td.episodes);
  rec.states = g_array_new (FALSE, FALSE, sizeof (guint));
  rec.offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  ok = td_run (&td, self->algorithm, seed, q, self->returns[self->algorithm], &rec, progress, 2 / 3.0, 1 / 3.0,
               cancellable);
  /* an episode cut short by the budget is not kept */
  end = rec.states->len;
  if (rec.offsets->len > 0 && rec.states->len >= PATH_BUDGET)
    {
      end = g_array_index (rec.offsets, guint, rec.offsets->len - 1);
      g_array_set_size (rec.offsets, rec.offsets->len - 1);
    }
  self->n_recorded = rec.offsets->len;
  g_array_append_val (rec.offsets, end);
  self->episode_offsets = (guint *) g_array_free (rec.offsets, FALSE);
  self->episode_states = (guint *) g_array_free (rec.states, FALSE);
  if (!ok)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  self->path[self->algorithm] = greedy_path (m, q, &self->path_len[self->algorithm]);

  self->values = g_new (double, n);
  self->policy = g_new (gint8, n);
  for (guint s = 0; s < n; s++)
    {
      const double *qs = q + 4 * s;
      guint a = 0;

      self->policy[s] = -1;
      if (!is_state (g, s))
        {
          self->values[s] = NAN;
          continue;
        }
      if (g->kind[s] == CELL_TERMINAL)
        {
          self->values[s] = 0;
          continue;
        }
      for (guint b = 1; b < 4; b++)
        if (qs[b] > qs[a])
          a = b;
      self->values[s] = qs[a];
      /* a state whose actions all look alike (never left) has no preference to draw */
      if (!(qs[0] == qs[1] && qs[1] == qs[2] && qs[2] == qs[3]))
        self->policy[s] = (gint8) a;
    }
  self->q = g_steal_pointer (&q);
  self->converged = FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */

LabResult *
rl_compute (LabParams     *params,
            LabDataset    *data,
            LabProgress   *progress,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (RlResult), rl_result_finalize);
  RlResult *self = (RlResult *) result;

  self->mode = lab_params_get_enum (params, "mode");
  if (self->mode == LAB_RL_MODE_BANDIT)
    {
      if (!bandit_compute (self, params, progress, cancellable, error))
        return NULL;
    }
  else
    {
      Model m = { 0 };

      if (!rl_build_grid (params, &self->grid, error))
        return NULL;
      self->cells_text = g_new (char, self->grid.width * self->grid.height + 1);
      for (guint s = 0; s < self->grid.width * self->grid.height; s++)
        self->cells_text[s] = cell_letter (self->grid.kind[s]);
      self->cells_text[self->grid.width * self->grid.height] = '\0';
      m.g = &self->grid;
      m.slip = lab_params_get_double (params, "slip");
      m.step_reward = lab_params_get_double (params, "step-reward");
      m.gamma = self->gamma = lab_params_get_double (params, "gamma");
      self->algorithm = lab_params_get_enum (params, "algorithm");
      if (self->algorithm <= LAB_RL_POLICY_ITERATION)
        {
          if (!dp_compute (self, &m, progress, cancellable, error))
            return NULL;
        }
      else if (!td_compute (self, &m, params, progress, cancellable, error))
        return NULL;
    }
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
