/* reinforcement-params.c — the reinforcement topic: parameters, presets, the topic (notes §4.19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "reinforcement-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabRlMode, lab_rl_mode,
  G_DEFINE_ENUM_VALUE (LAB_RL_MODE_BANDIT, "bandit"),
  G_DEFINE_ENUM_VALUE (LAB_RL_MODE_GRIDWORLD, "gridworld"))

G_DEFINE_ENUM_TYPE (LabRlReward, lab_rl_reward,
  G_DEFINE_ENUM_VALUE (LAB_RL_REWARD_GAUSSIAN, "gaussian"),
  G_DEFINE_ENUM_VALUE (LAB_RL_REWARD_BERNOULLI, "bernoulli"))

G_DEFINE_ENUM_TYPE (LabRlLayout, lab_rl_layout,
  G_DEFINE_ENUM_VALUE (LAB_RL_LAYOUT_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (LAB_RL_LAYOUT_CLIFF, "cliff"),
  G_DEFINE_ENUM_VALUE (LAB_RL_LAYOUT_MAZE, "maze"),
  G_DEFINE_ENUM_VALUE (LAB_RL_LAYOUT_FOUR_ROOMS, "four-rooms"))

G_DEFINE_ENUM_TYPE (LabRlAlgorithm, lab_rl_algorithm,
  G_DEFINE_ENUM_VALUE (LAB_RL_VALUE_ITERATION, "value-iteration"),
  G_DEFINE_ENUM_VALUE (LAB_RL_POLICY_ITERATION, "policy-iteration"),
  G_DEFINE_ENUM_VALUE (LAB_RL_Q_LEARNING, "q-learning"),
  G_DEFINE_ENUM_VALUE (LAB_RL_SARSA, "sarsa"),
  G_DEFINE_ENUM_VALUE (LAB_RL_EXPECTED_SARSA, "expected-sarsa"))

static const char * const agent_nicks[LAB_RL_N_AGENTS] = {
  "greedy", "epsilon-greedy", "optimistic", "ucb", "thompson", "gradient",
};

const char *
lab_rl_agent_get_nick (LabRlAgent agent)
{
  g_return_val_if_fail (agent < LAB_RL_N_AGENTS, NULL);

  return agent_nicks[agent];
}

const char *
agent_title (LabRlAgent agent)
{
  switch (agent)
    {
    case LAB_RL_AGENT_GREEDY: return _("Greedy (ε = 0)");
    case LAB_RL_AGENT_EPSILON_GREEDY: return _("ε-greedy");
    case LAB_RL_AGENT_OPTIMISTIC: return _("Optimistic greedy");
    case LAB_RL_AGENT_UCB: return _("UCB");
    case LAB_RL_AGENT_THOMPSON: return _("Thompson sampling");
    case LAB_RL_AGENT_GRADIENT: return _("Gradient bandit");
    case LAB_RL_N_AGENTS:
    default:
      g_assert_not_reached ();
    }
}

const char *
algorithm_title (LabRlAlgorithm algorithm)
{
  switch (algorithm)
    {
    case LAB_RL_VALUE_ITERATION: return _("Value iteration");
    case LAB_RL_POLICY_ITERATION: return _("Policy iteration");
    case LAB_RL_Q_LEARNING: return _("Q-learning");
    case LAB_RL_SARSA: return _("SARSA");
    case LAB_RL_EXPECTED_SARSA: return _("Expected SARSA");
    case LAB_RL_N_ALGORITHMS:
    default:
      g_assert_not_reached ();
    }
}

/* The agents named in @list (comma-separated nicks) as a bit set; 0 and a message on an
 * unknown name or an empty list. */
guint
parse_agents (const char  *list,
              GError     **error)
{
  return lab_params_parse_set ("agents", "agent", list, agent_nicks, LAB_RL_N_AGENTS, error);
}

struct _LabReinforcementParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabReinforcementParams, lab_reinforcement_params, LAB_TYPE_PARAMS)

static gboolean
lab_reinforcement_params_is_relevant (LabParams  *params,
                                      GParamSpec *pspec)
{
  static const char * const bandit_only[] = {
    "arms", "reward", "runs", "steps", "agents", "decay", "q0", "c", "baseline", "step", NULL,
  };
  static const char * const grid_only[] = {
    "width", "height", "layout", "cells", "cell-reward", "gamma", "slip", "step-reward",
    "algorithm", "episodes", "episode", "sweep", NULL,
  };
  const char *name = pspec->name;
  gboolean bandit = lab_params_get_enum (params, "mode") == LAB_RL_MODE_BANDIT;
  int algorithm = lab_params_get_enum (params, "algorithm");
  gboolean td = algorithm >= LAB_RL_Q_LEARNING;

  if (g_strv_contains (bandit_only, name))
    {
      guint set;

      if (!bandit)
        return FALSE;
      set = parse_agents (lab_params_get_string (params, "agents"), NULL);
      if (g_str_equal (name, "decay"))
        return (set & (1u << LAB_RL_AGENT_EPSILON_GREEDY)) != 0;
      if (g_str_equal (name, "q0"))
        return (set & (1u << LAB_RL_AGENT_OPTIMISTIC)) != 0;
      if (g_str_equal (name, "c"))
        return (set & (1u << LAB_RL_AGENT_UCB)) != 0;
      if (g_str_equal (name, "baseline"))
        return (set & (1u << LAB_RL_AGENT_GRADIENT)) != 0;
      return TRUE;
    }
  if (g_strv_contains (grid_only, name))
    {
      if (bandit)
        return FALSE;
      if (g_str_equal (name, "episodes") || g_str_equal (name, "episode"))
        return td;
      if (g_str_equal (name, "sweep"))
        return !td;
      return TRUE;
    }
  if (g_str_equal (name, "alpha"))
    {
      guint set = parse_agents (lab_params_get_string (params, "agents"), NULL);

      return bandit ? (set & ((1u << LAB_RL_AGENT_OPTIMISTIC) | (1u << LAB_RL_AGENT_GRADIENT))) != 0 : td;
    }
  if (g_str_equal (name, "epsilon"))
    {
      guint set = parse_agents (lab_params_get_string (params, "agents"), NULL);

      return bandit ? (set & (1u << LAB_RL_AGENT_EPSILON_GREEDY)) != 0 : td;
    }
  if (g_str_equal (name, "seed"))
    return bandit || td;
  return TRUE;
}

static void
lab_reinforcement_params_class_init (LabReinforcementParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_reinforcement_params_is_relevant;

  lab_params_class_add_enum (params_class, "mode", N_("Problem"),
    N_("bandit: one state, k arms, exploration against exploitation; gridworld: states, moves and delayed reward"),
    LAB_TYPE_RL_MODE, LAB_RL_MODE_BANDIT, LAB_PARAM_NONE, LAB_GROUP_DATA);

  /* bandit */
  lab_params_class_add_int (params_class, "arms", N_("Arms k"),
    N_("Number of arms of the bandit"), 2, 20, 10, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "reward", N_("Reward"),
    N_("gaussian: true means q*(a) ~ N(0, 1), rewards ~ N(q*(a), 1) (Sutton & Barto’s testbed); "
       "bernoulli: success probabilities ~ U(0, 1), rewards 0 or 1"),
    LAB_TYPE_RL_REWARD, LAB_RL_REWARD_GAUSSIAN, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "runs", N_("Runs"),
    N_("Independent bandit problems the curves are averaged over"), 1, 2000, 1000,
    LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "steps", N_("Steps"),
    N_("Pulls per run"), 10, 10000, 1000, LAB_PARAM_LOG, LAB_GROUP_DATA);

  /* grid world */
  lab_params_class_add_enum (params_class, "layout", N_("Layout"),
    N_("open: an empty room; cliff: Sutton & Barto’s cliff walk along the bottom row (−100 and back to the start); "
       "maze: corridors; four-rooms: four rooms joined by doorways. Click a cell to cycle empty, wall, reward, terminal"),
    LAB_TYPE_RL_LAYOUT, LAB_RL_LAYOUT_FOUR_ROOMS, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "width", N_("Width"),
    N_("Columns of the grid"), 3, 50, 11, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "height", N_("Height"),
    N_("Rows of the grid"), 2, 50, 11, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "cells", N_("Edited cells"),
    N_("Changes to the layout, separated by spaces: COLUMN,ROW=KIND with KIND one of empty, wall, reward, "
       "terminal, counted from 0 at the top left (clicking a cell writes these)"),
    "", LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "cell-reward", N_("Cell reward"),
    N_("Reward of a step that ends in a cell marked reward or terminal by a click"),
    -100.0, 100.0, 1.0, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "step-reward", N_("Step reward"),
    N_("Reward added to every step (negative: a cost of time)"),
    -10.0, 10.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "slip", N_("Slip"),
    N_("Probability that a move goes sideways instead (half to each side)"),
    0.0, 1.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "gamma", N_("Discount γ"),
    N_("Discount of the next step’s value: G = R₁ + γR₂ + γ²R₃ + …"),
    0.0, 1.0, 0.9, LAB_PARAM_NONE, LAB_GROUP_DATA);

  /* agents and algorithms */
  lab_params_class_add_string (params_class, "agents", N_("Agents"),
    N_("Bandit agents to compare, separated by commas: greedy, epsilon-greedy, optimistic, ucb, thompson, gradient"),
    "greedy,epsilon-greedy,ucb", LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "algorithm", N_("Algorithm"),
    N_("value-iteration and policy-iteration: exact dynamic programming on the model; q-learning, sarsa, "
       "expected-sarsa: learning from sampled episodes"),
    LAB_TYPE_RL_ALGORITHM, LAB_RL_VALUE_ITERATION, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "epsilon", N_("Exploration ε"),
    N_("ε-greedy: the probability of a uniformly random action instead of the greedy one"),
    0.0, 1.0, 0.1, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "decay", N_("ε decay"),
    N_("ε-greedy bandit: ε_t = ε/(1 + decay·t); 0 keeps ε constant"),
    0.0, 1.0, 0.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "q0", N_("Initial estimate Q₀"),
    N_("Optimistic agent: every arm’s estimate starts here (above every true mean, it makes a greedy agent try them all)"),
    -10.0, 10.0, 5.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "c", N_("UCB c"),
    N_("UCB: pull argmax Q(a) + c·√(ln t / N(a)); larger c explores more"),
    0.0, 10.0, 2.0, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "alpha", N_("Step size α"),
    N_("Optimistic agent: Q ← Q + α(R − Q); gradient bandit: the preference step; grid world: the TD step"),
    0.001, 1.0, 0.1, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_boolean (params_class, "baseline", N_("Reward baseline"),
    N_("Gradient bandit: compare each reward with the average of the earlier ones; it matters when rewards sit far from 0 "
       "(on the N(0, 1) testbed it changes little)"),
    TRUE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "episodes", N_("Episodes"),
    N_("TD methods: episodes of learning (each capped at 20 steps per cell)"), 1, 5000, 500,
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_seed (params_class, N_("Seed of the bandit problems and rewards, or of the TD methods’ exploration and slips"),
                             LAB_GROUP_MODEL);

  /* view */
  lab_params_class_add_int (params_class, "step", N_("Step shown"),
    N_("Bandit: the step at which the first run’s estimates and pull counts are shown"),
    1, 10000, 10000, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "episode", N_("Episode shown"),
    N_("TD methods: the episode whose path (exploration included) is drawn on the grid"),
    1, 5000, 5000, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_add_int (params_class, "sweep", N_("Sweep shown"),
    N_("Dynamic programming: the values and greedy policy after this many sweeps (policy iteration: improvements)"),
    0, MAX_SWEEPS, MAX_SWEEPS, LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_reinforcement_params_init (LabReinforcementParams *self)
{
}

static const LabPreset rl_presets[] = {
  { N_("ε = 0 gets stuck"),
    "mode=bandit agents=greedy,epsilon-greedy epsilon=0.1 runs=2000 steps=1000",
    N_("Greedy locks onto whichever arm looked best early: over 2,000 runs it pulls the best arm 34.4 % of the time at the end and earns 1.04 a step; ε = 0.1 keeps exploring and reaches 79.9 % and 1.40, its regret 237 against greedy’s 541 after 1,000 steps (Sutton & Barto Fig. 2.2).") },
  { N_("UCB vs ε-greedy"),
    "mode=bandit agents=epsilon-greedy,ucb epsilon=0.1 c=2 runs=2000 steps=1000",
    N_("UCB’s bonus c√(ln t/N) spends its exploration on arms still uncertain instead of uniformly: 85.5 % optimal action and regret 147 after 1,000 steps against ε-greedy’s 79.9 % and 237; ε-greedy wastes a share ε(k − 1)/k of its pulls for ever, so its regret keeps growing linearly.") },
  { N_("Thompson sampling"),
    "mode=bandit reward=bernoulli agents=epsilon-greedy,ucb,thompson epsilon=0.1 c=2 runs=1000 steps=2000",
    N_("On 0/1 rewards Thompson sampling needs no tuning: 89.5 % optimal action and regret 34.0 after 2,000 steps, against ε-greedy’s 78.1 % and 113; UCB with c = 2, a bonus sized for rewards of spread 1, over-explores here (52.5 %, regret 270) — c = 0.5 brings it to 85.4 %.") },
  { N_("Optimistic initial values"),
    "mode=bandit agents=epsilon-greedy,optimistic epsilon=0.1 q0=5 alpha=0.1 runs=2000 steps=1000",
    N_("Q₀ = 5 lies far above every true mean, so the greedy agent is disappointed by each arm in turn and tries them all: it ends ahead of ε-greedy (85.9 % against 79.9 % optimal action) although its early exploration costs it a higher regret (241 against 237) — Sutton & Barto Fig. 2.3.") },
  { N_("Value iteration sweep by sweep"),
    "mode=gridworld layout=four-rooms width=11 height=11 gamma=0.9 algorithm=value-iteration sweep=5",
    N_("After sweep 5 only the cells within five steps of the +1 have a value; each sweep carries the news one cell further, through the doorways, and V(S) = 0.9¹⁹ = 0.135 is exact after sweep 20 (the 21st changes nothing). Policy iteration gets there in 13 improvements.") },
  { N_("Cliff walking: SARSA vs Q-learning"),
    "mode=gridworld layout=cliff width=12 height=4 gamma=1 step-reward=-1 algorithm=sarsa alpha=0.5 "
    "epsilon=0.1 episodes=500",
    N_("With ε = 0.1 still exploring, Q-learning learns the shortest path along the cliff edge and keeps falling off: −53.0 an episode over the last 50, against SARSA’s −27.6 on a path kept away from the edge and Expected SARSA’s −21.3 (Sutton & Barto Example 6.6: about −50 and −25).") },
  { N_("Slippery floor changes the policy"),
    "mode=gridworld layout=cliff width=12 height=4 gamma=0.95 step-reward=-1 slip=0.2 algorithm=value-iteration",
    N_("With a 20 % chance of slipping sideways the optimal policy steps away from the cliff first and walks along the rows above it; from the start it pushes into the wall on its left, waiting to slip upwards rather than risk a slip into the cliff. V(S) falls from −9.73 without slip to −15.2.") },
};

const LabTopic lab_topic_reinforcement = {
  .id = "reinforcement",
  .title = N_("Reinforcement learning"),
  .chapter = LAB_CHAPTER_EXTENDED,
  .sections = "§4.19",
  .summary = N_("Bandits trade exploration against exploitation; on a grid world, dynamic programming and TD learning find the values and the policy."),
  .params_get_type = lab_reinforcement_params_get_type,
  .compute = rl_compute,
  .build = rl_build,
  .metrics = rl_metrics,
  .click = rl_click,
  .suggest_range = rl_suggest_range,
  .presets = rl_presets,
  .n_presets = G_N_ELEMENTS (rl_presets),
};
