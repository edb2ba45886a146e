/* test-topic-reinforcement.c — the reinforcement topic end to end
 *
 * Reference: tests/reference/reinforcement_reference.py → tests/reinforcement-reference.h
 * (grid worlds solved in numpy by value iteration and one linear solve of the Bellman
 * equations for the greedy policy; the TD methods replayed in Python on GSL's random stream;
 * the 10-armed testbed simulated with numpy's own generator).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "topic-test.h"
#include "reinforcement/reinforcement.h"
#include "reinforcement-reference.h"

static const LabTopic *topic;

static LabResult *
compute_ok (const char *assignments, LabParams **params_out)
{
  return topic_test_compute_ok (topic, assignments, params_out);
}

static double
tail_mean (const double *v, guint n)
{
  guint from = n - n / 10;
  double s = 0;

  for (guint i = from; i < n; i++)
    s += v[i];
  return s / (n - from);
}

/* Value and policy iteration against numpy's linear solve, to 1e-10; the greedy action is
 * one of the optimal ones, and "none" only where all four are. */
static void
test_dp (void)
{
  const char *algorithms[] = { "value-iteration", "policy-iteration" };

  for (guint i = 0; i < G_N_ELEMENTS (rl_dp_references); i++)
    for (guint k = 0; k < 2; k++)
      {
        const RlDpReference *ref = &rl_dp_references[i];
        g_autofree char *assign = g_strdup_printf ("%s algorithm=%s", ref->assignments, algorithms[k]);
        g_autoptr(LabParams) params = NULL;
        g_autoptr(LabResult) result = compute_ok (assign, &params);
        g_autoptr(LabMetrics) metrics = lab_topic_get_metrics (topic, result, params);
        guint w, h;
        const char *cells = lab_reinforcement_result_get_cells (result, &w, &h);
        const double *v = lab_reinforcement_result_get_values (result);
        const gint8 *policy = lab_reinforcement_result_get_policy (result);
        g_autofree char *json = lab_metrics_to_json (metrics);

        g_test_message ("%s", assign);
        g_assert_cmpstr (cells, ==, ref->cells);
        g_assert_nonnull (strstr (json, "\"converged\": true"));
        for (guint s = 0; s < w * h; s++)
          {
            topic_test_assert_close (v[s], ref->values[s], 1e-10, 1e-10, "%s %s: V of cell %u", ref->name,
                                     algorithms[k], s);
            if (ref->optimal[s] == 0)
              g_assert_cmpint (policy[s], ==, -1);
            else if (policy[s] < 0)
              g_assert_cmpuint (ref->optimal[s], ==, 15);
            else if (!(ref->optimal[s] & (1u << policy[s])))
              g_error ("%s %s: cell %u takes action %d, not among the optimal %u", ref->name, algorithms[k], s,
                       policy[s], ref->optimal[s]);
          }
      }
}

/* Q-learning, SARSA and Expected SARSA against a Python replay on the same random stream:
 * the first 100 episodes' returns exactly, Q to 1e-12. */
static void
test_td_replay (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rl_td_references); i++)
    {
      const RlTdReference *ref = &rl_td_references[i];
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) result = compute_ok (ref->assignments, &params);
      int alg = lab_params_get_enum (params, "algorithm");
      guint n, w, h;
      const double *ret = lab_reinforcement_result_get_returns (result, alg, &n);
      const double *q = lab_reinforcement_result_get_q (result);

      g_test_message ("%s", ref->assignments);
      lab_reinforcement_result_get_cells (result, &w, &h);
      g_assert_cmpuint (n, ==, 100);
      for (guint e = 0; e < n; e++)
        topic_test_assert_close (ret[e], ref->returns[e], 0, 1e-9, "%s %s: return of episode %u", ref->name,
                                 ref->algorithm, e);
      for (guint s = 0; s < 4 * w * h; s++)
        topic_test_assert_close (q[s], ref->q[s], 1e-12, 1e-12, "%s %s: Q[%u][%u]", ref->name, ref->algorithm,
                                 s / 4, s % 4);
    }
}

/* The testbed against numpy's simulation (independent random numbers): the mean reward and
 * optimal-action fraction over the last 100 of 1,000 steps agree within 4.5 standard errors
 * of the difference; and Sutton & Barto's Fig. 2.2: ε = 0.1 above greedy, ≈ 80 % optimal. */
static void
test_testbed (void)
{
  double greedy = NAN, eps = NAN;

  for (guint i = 0; i < G_N_ELEMENTS (rl_bandit_references); i++)
    {
      const RlBanditReference *ref = &rl_bandit_references[i];
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) result = compute_ok (ref->assignments, &params);
      const double *reward, *optimal;
      guint steps;
      LabRlAgent agent;
      double r, o;

      for (agent = 0; agent < LAB_RL_N_AGENTS; agent++)
        if (g_str_equal (lab_rl_agent_get_nick (agent), ref->agent))
          break;
      g_assert_true (lab_reinforcement_result_get_bandit (result, agent, &reward, &optimal, NULL, &steps));
      r = tail_mean (reward, steps);
      o = tail_mean (optimal, steps);
      g_test_message ("%s: reward %.4f (numpy %.4f ± %.4f), optimal %.4f (numpy %.4f ± %.4f)", ref->agent, r,
                      ref->reward, ref->reward_se, o, ref->optimal, ref->optimal_se);
      topic_test_assert_close (r, ref->reward, 0, 4.5 * G_SQRT2 * ref->reward_se, "%s: reward", ref->agent);
      topic_test_assert_close (o, ref->optimal, 0, 4.5 * G_SQRT2 * ref->optimal_se, "%s: optimal fraction", ref->agent);
      if (agent == LAB_RL_AGENT_GREEDY)
        greedy = r;
      if (agent == LAB_RL_AGENT_EPSILON_GREEDY)
        {
          eps = r;
          g_assert_cmpfloat (fabs (optimal[steps - 1] - 0.80), <, 0.04);   /* one step: ±4.5 SE of a proportion */
          g_assert_cmpfloat (fabs (o - 0.80), <, 0.03);
        }
    }
  g_assert_cmpfloat (eps, >, greedy + 0.2);
}

/* Every agent on both reward kinds: curves in range, regret non-decreasing, the same for a seed. */
static void
test_agents (void)
{
  const char *kinds[] = { "gaussian", "bernoulli" };

  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *assign = g_strdup_printf ("mode=bandit reward=%s runs=50 steps=300 arms=5 "
                                                 "agents=greedy,epsilon-greedy,optimistic,ucb,thompson,gradient decay=0.01",
                                                 kinds[k]);
      g_autoptr(LabResult) a = compute_ok (assign, NULL);
      g_autoptr(LabResult) b = compute_ok (assign, NULL);

      for (LabRlAgent agent = 0; agent < LAB_RL_N_AGENTS; agent++)
        {
          const double *ra, *oa, *ga, *rb;
          guint steps;

          g_assert_true (lab_reinforcement_result_get_bandit (a, agent, &ra, &oa, &ga, &steps));
          g_assert_true (lab_reinforcement_result_get_bandit (b, agent, &rb, NULL, NULL, NULL));
          g_assert_cmpuint (steps, ==, 300);
          g_assert_cmpmem (ra, steps * sizeof (double), rb, steps * sizeof (double));
          for (guint t = 0; t < steps; t++)
            {
              g_assert_cmpfloat (oa[t], >=, 0);
              g_assert_cmpfloat (oa[t], <=, 1);
              g_assert_true (isfinite (ra[t]));
              if (t > 0)
                g_assert_cmpfloat (ga[t], >=, ga[t - 1] - 1e-12);
            }
          /* every agent learns something: better than chance (1/5) at the end. Not more: greedy
           * on 0/1 rewards picks the best arm 34 % of the time (2,000 runs), and over 50 runs
           * that fraction has a standard error of 0.07 */
          g_assert_cmpfloat (tail_mean (oa, steps), >, 0.2);
        }
    }
  {
    g_autoptr(LabResult) a = compute_ok ("mode=bandit runs=20 steps=100 seed=1", NULL);
    g_autoptr(LabResult) b = compute_ok ("mode=bandit runs=20 steps=100 seed=2", NULL);
    const double *ra, *rb;

    lab_reinforcement_result_get_bandit (a, LAB_RL_AGENT_UCB, &ra, NULL, NULL, NULL);
    lab_reinforcement_result_get_bandit (b, LAB_RL_AGENT_UCB, &rb, NULL, NULL, NULL);
    g_assert_true (memcmp (ra, rb, 100 * sizeof (double)) != 0);
  }
}

/* The bandit's value methods step four runs to an AVX2 register where the processor has it:
 * the numbers are the scalar loops', bit for bit — every curve and the first run's estimates
 * and pulls — over both reward kinds, few and many arms, ties (greedy and optimistic start
 * with all arms equal; 0/1 rewards tie often), exploration of every kind (ε = 0, 1, a
 * decaying ε), UCB with c = 0, run counts that leave a block of fewer than four (scalar) and
 * the default view. */
static void
test_simd_same (void)
{
  const char *cases[] = {
    "mode=bandit",
    "mode=bandit reward=bernoulli",
    "mode=bandit runs=37 steps=400 arms=2 agents=greedy,epsilon-greedy,optimistic,ucb,thompson,gradient",
    "mode=bandit runs=40 steps=300 arms=20 reward=bernoulli agents=greedy,epsilon-greedy,optimistic,ucb decay=0.05",
    "mode=bandit runs=24 steps=200 arms=7 agents=epsilon-greedy,ucb epsilon=1 c=0",
    "mode=bandit runs=24 steps=200 arms=7 reward=bernoulli agents=epsilon-greedy,ucb,optimistic epsilon=0 c=0 q0=0",
    "mode=bandit runs=9 steps=1000 arms=5 agents=optimistic,ucb q0=-3 alpha=1 c=10 seed=11",
  };

  if (!lab_reinforcement_set_simd (TRUE))
    {
      g_test_skip ("no AVX2 on this processor: the scalar path only");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabResult) fast = NULL, plain = NULL;

      g_assert_true (lab_reinforcement_set_simd (TRUE));
      fast = compute_ok (cases[i], NULL);
      g_assert_false (lab_reinforcement_set_simd (FALSE));
      plain = compute_ok (cases[i], NULL);
      lab_reinforcement_set_simd (TRUE);
      for (LabRlAgent agent = 0; agent < LAB_RL_N_AGENTS; agent++)
        {
          const double *r[2], *o[2], *g[2], *est[2];
          const guint *pulls[2];
          guint steps, snaps, arms;

          if (!lab_reinforcement_result_get_bandit (fast, agent, &r[0], &o[0], &g[0], &steps))
            continue;
          g_assert_true (lab_reinforcement_result_get_bandit (plain, agent, &r[1], &o[1], &g[1], NULL));
          g_assert_cmpmem (r[0], steps * sizeof (double), r[1], steps * sizeof (double));
          g_assert_cmpmem (o[0], steps * sizeof (double), o[1], steps * sizeof (double));
          g_assert_cmpmem (g[0], steps * sizeof (double), g[1], steps * sizeof (double));
          g_assert_true (lab_reinforcement_result_get_first_run (fast, agent, &est[0], &pulls[0], &snaps, &arms));
          g_assert_true (lab_reinforcement_result_get_first_run (plain, agent, &est[1], &pulls[1], &snaps, &arms));
          g_assert_cmpmem (est[0], snaps * arms * sizeof (double), est[1], snaps * arms * sizeof (double));
          g_assert_cmpmem (pulls[0], snaps * arms * sizeof (guint), pulls[1], snaps * arms * sizeof (guint));
        }
    }
}

/* Cliff walking (Sutton & Barto Example 6.6): SARSA's safe path earns more while exploring,
 * Q-learning's greedy path runs along the edge. */
static void
test_cliff (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_ok ("mode=gridworld layout=cliff width=12 height=4 gamma=1 step-reward=-1 "
                                            "algorithm=q-learning alpha=0.5 epsilon=0.1 episodes=500", &params);
  g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);
  double ql = lab_metrics_get_double (m, "q-learning_average_return");
  double sarsa = lab_metrics_get_double (m, "sarsa_average_return");
  const gint8 *policy = lab_reinforcement_result_get_policy (result);

  g_assert_cmpfloat (sarsa, >, ql + 10);
  g_assert_cmpfloat (ql, <, -35);
  g_assert_cmpfloat (sarsa, >, -40);
  /* Q-learning's greedy route: up from the start, then right along the row above the cliff */
  g_assert_cmpint (policy[36], ==, LAB_RL_UP);
  for (guint c = 1; c < 11; c++)
    g_assert_cmpint (policy[24 + c], ==, LAB_RL_RIGHT);
  g_assert_cmpint (lab_metrics_get_double (m, "path_length"), ==, 13);
}

/* Value iteration on 50 × 50 converges, and the sweeps kept for the scrubber are the sweeps. */
static void
test_large_and_sweeps (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_ok ("mode=gridworld layout=open width=50 height=50 gamma=0.9", &params);
  g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);
  const double *v = lab_reinforcement_result_get_values (result);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(LabFigure) figure = NULL;

  g_assert_cmpfloat (lab_metrics_get_double (m, "sweeps"), ==, 99);
  /* deterministic moves, no step cost: V(S) = γ^(steps to the goal − 1), 98 steps */
  topic_test_assert_close (v[49 * 50], pow (0.9, 97), 1e-12, 0, "V(S) on 50 × 50");
  for (int k = 0; k <= 99; k += 33)
    {
      g_autofree char *s = g_strdup_printf ("%d", k);

      lab_params_set_from_string (params, "sweep", s, NULL);
      g_clear_pointer (&figure, lab_figure_unref);
      figure = topic_test_render_ok (topic, result, params, 800, 500);
    }
  g_test_message ("renders: %.2f s (reported only; ml-lab bench has the speed)", g_timer_elapsed (timer, NULL));
}

static void
expect_usage_error (const char *assignments, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = topic_test_compute (topic, assignments, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s: “%s” does not mention “%s”", assignments, error->message, fragment);
}

static void
test_errors (void)
{
  expect_usage_error ("agents=greedy,lucky", "unknown agent “lucky”");
  expect_usage_error ("agents=,", "name at least one");
  expect_usage_error ("mode=gridworld cells=3,3=lava", "“3,3=lava” is not COLUMN,ROW=KIND");
  expect_usage_error ("mode=gridworld cells=a,3=wall", "“a,3=wall”");
  expect_usage_error ("mode=gridworld cells=3;3=wall", "“3”");
  expect_usage_error ("mode=gridworld cells=3,=wall", "“3,=wall”");
  expect_usage_error ("arms=1", "arms");
  expect_usage_error ("runs=5000", "runs");
  expect_usage_error ("mode=maze", "mode");
  expect_usage_error ("slip=1.5", "slip");
  expect_usage_error ("algorithm=monte-carlo", "algorithm");
  /* edits outside the grid or on the start do nothing */
  {
    g_autoptr(LabResult) a = compute_ok ("mode=gridworld layout=open width=5 height=4", NULL);
    g_autoptr(LabResult) b = compute_ok ("mode=gridworld layout=open width=5 height=4 cells=9,9=wall;0,3=wall", NULL);
    guint w, h;

    g_assert_cmpstr (lab_reinforcement_result_get_cells (a, &w, &h),
                     ==, lab_reinforcement_result_get_cells (b, &w, &h));
  }
}

static void
test_click (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_ok ("mode=gridworld layout=open width=5 height=4", &params);
  const char *expect[] = { "2,1=wall", "2,1=reward", "2,1=terminal", "2,1=empty" };

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      /* cell (2, 1) counted from the top: x in [2, 3], y in [2, 3] from the bottom */
      g_assert_true (topic->click (result, params, 5 /* TAG_GRID */, 2.5, 2.5));
      g_assert_cmpstr (lab_params_get_string (params, "cells"), ==, expect[i]);
    }
  /* the start does not change; outside the grid is nothing */
  g_assert_false (topic->click (result, params, 5, 0.5, 0.5));
  g_assert_false (topic->click (result, params, 5, 7.5, 0.5));
  g_assert_false (topic->click (result, params, 0, 2.5, 2.5));
  {
    g_autoptr(LabResult) r = compute_ok ("mode=gridworld layout=open width=5 height=4 cells=1,1=wall;2,1=reward", &params);
    guint w, h;

    g_assert_true (topic->click (r, params, 5, 2.5, 2.5));
    g_assert_cmpstr (lab_params_get_string (params, "cells"), ==, "1,1=wall 2,1=terminal");
    g_clear_pointer (&r, lab_result_unref);
    r = compute_ok ("mode=gridworld layout=open width=5 height=4 cells=1,1=wall;2,1=terminal", NULL);
    g_assert_cmpstr (lab_reinforcement_result_get_cells (r, &w, &h), ==, "    T #T       S    ");
  }
}

static void
test_figures (void)
{
  for (guint i = 0; i < topic->n_presets; i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabFigure) figure = NULL;
      g_autoptr(LabMetrics) m = NULL;
      g_autofree char *json = NULL;

      g_assert_true (lab_topic_apply_preset (topic, params, i, &error));
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      figure = topic_test_render_ok (topic, result, params, 1280, 800);
      m = lab_topic_get_metrics (topic, result, params);
      json = lab_metrics_to_json (m);
      if (lab_params_get_enum (params, "mode") == LAB_RL_MODE_BANDIT)
        {
          g_assert_nonnull (strstr (json, "\"agents\": ["));
          g_assert_nonnull (strstr (json, "\"optimal_action_fraction\""));
          g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 6);   /* 2 × 3, the run-1 panel spanning two */
        }
      else
        {
          g_assert_nonnull (strstr (json, "\"values\": ["));
          g_assert_nonnull (strstr (json, "\"policy\": ["));
          g_assert_nonnull (strstr (json, "\"returns\": ["));
          g_assert_nonnull (strstr (json, "\"sweeps\""));
        }
    }
}

/* The episode scrubber: every episode's path draws, and past the last one the last is shown. */
static void
test_episodes (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = compute_ok ("mode=gridworld layout=cliff width=12 height=4 gamma=1 step-reward=-1 "
                                            "algorithm=q-learning alpha=0.5 episodes=60", &params);

  g_autoptr(LabParams) probe = lab_topic_new_params (topic);
  double lo, hi;

  g_assert_true (topic->suggest_range (result, lab_params_find (probe, "episode"), &lo, &hi));
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 60);
  g_assert_false (topic->suggest_range (result, lab_params_find (probe, "sweep"), &lo, &hi));
  g_assert_false (topic->suggest_range (result, lab_params_find (probe, "step"), &lo, &hi));
  for (int e = 1; e <= 80; e += 7)
    {
      g_autofree char *s = g_strdup_printf ("%d", e);
      g_autoptr(LabFigure) figure = NULL;

      g_assert_true (lab_params_set_from_string (params, "episode", s, NULL));
      figure = topic_test_render_ok (topic, result, params, 900, 600);
      g_assert_cmpuint (lab_figure_get_n_axes (figure), ==, 4);
    }
}

static void
test_cancel (void)
{
  const char *cases[] = { "mode=bandit runs=500", "mode=gridworld", "mode=gridworld algorithm=sarsa",
                          "mode=gridworld algorithm=policy-iteration" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = NULL;

      g_assert_true (lab_params_apply_assignments (params, cases[i], NULL));
      g_cancellable_cancel (cancellable);
      result = lab_topic_compute (topic, params, NULL, NULL, cancellable, &error);
      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
}

int
main (int argc, char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("reinforcement");
  g_assert_nonnull (topic);

  g_test_add_func ("/topics/reinforcement/dp", test_dp);
  g_test_add_func ("/topics/reinforcement/td-replay", test_td_replay);
  g_test_add_func ("/topics/reinforcement/testbed", test_testbed);
  g_test_add_func ("/topics/reinforcement/agents", test_agents);
  g_test_add_func ("/topics/reinforcement/simd-same", test_simd_same);
  g_test_add_func ("/topics/reinforcement/cliff", test_cliff);
  g_test_add_func ("/topics/reinforcement/large", test_large_and_sweeps);
  g_test_add_func ("/topics/reinforcement/errors", test_errors);
  g_test_add_func ("/topics/reinforcement/click", test_click);
  g_test_add_func ("/topics/reinforcement/figures", test_figures);
  g_test_add_func ("/topics/reinforcement/episodes", test_episodes);
  g_test_add_func ("/topics/reinforcement/cancel", test_cancel);
  return g_test_run ();
}
