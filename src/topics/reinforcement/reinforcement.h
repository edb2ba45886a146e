/* reinforcement.h — multi-armed bandits and tabular RL on a grid world
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_RL_MODE_BANDIT,
  LAB_RL_MODE_GRIDWORLD,
} LabRlMode;

typedef enum
{
  LAB_RL_REWARD_GAUSSIAN,
  LAB_RL_REWARD_BERNOULLI,
} LabRlReward;

typedef enum
{
  LAB_RL_LAYOUT_OPEN,
  LAB_RL_LAYOUT_CLIFF,
  LAB_RL_LAYOUT_MAZE,
  LAB_RL_LAYOUT_FOUR_ROOMS,
} LabRlLayout;

typedef enum
{
  LAB_RL_VALUE_ITERATION,
  LAB_RL_POLICY_ITERATION,
  LAB_RL_Q_LEARNING,
  LAB_RL_SARSA,
  LAB_RL_EXPECTED_SARSA,
  LAB_RL_N_ALGORITHMS,
} LabRlAlgorithm;

/* The bandit agents, as the agents parameter spells them (lab_rl_agent_get_nick). */
typedef enum
{
  LAB_RL_AGENT_GREEDY,
  LAB_RL_AGENT_EPSILON_GREEDY,
  LAB_RL_AGENT_OPTIMISTIC,
  LAB_RL_AGENT_UCB,
  LAB_RL_AGENT_THOMPSON,
  LAB_RL_AGENT_GRADIENT,
  LAB_RL_N_AGENTS,
} LabRlAgent;

/* Grid actions, in this order everywhere (the policy's arrows, Q's columns). */
typedef enum
{
  LAB_RL_UP,
  LAB_RL_DOWN,
  LAB_RL_LEFT,
  LAB_RL_RIGHT,
  LAB_RL_N_ACTIONS,
} LabRlAction;

GType lab_rl_mode_get_type (void) G_GNUC_CONST;
GType lab_rl_reward_get_type (void) G_GNUC_CONST;
GType lab_rl_layout_get_type (void) G_GNUC_CONST;
GType lab_rl_algorithm_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_RL_MODE (lab_rl_mode_get_type ())
#define LAB_TYPE_RL_REWARD (lab_rl_reward_get_type ())
#define LAB_TYPE_RL_LAYOUT (lab_rl_layout_get_type ())
#define LAB_TYPE_RL_ALGORITHM (lab_rl_algorithm_get_type ())

#define LAB_TYPE_REINFORCEMENT_PARAMS (lab_reinforcement_params_get_type ())
G_DECLARE_FINAL_TYPE (LabReinforcementParams, lab_reinforcement_params, LAB, REINFORCEMENT_PARAMS, LabParams)

const char *lab_rl_agent_get_nick (LabRlAgent agent);

/* For the tests (all borrowed from @result).
 * Bandit: the curves of @agent averaged over the runs, index t − 1 for step t: the reward,
 * the fraction of runs that pulled an optimal arm, the cumulative regret. FALSE when the
 * agent was not run. */
gboolean      lab_reinforcement_result_get_bandit (const LabResult *result,
                                                   LabRlAgent       agent,
                                                   const double   **reward,
                                                   const double   **optimal,
                                                   const double   **regret,
                                                   guint           *steps);
/* Bandit: the first run's estimates and pulls of @agent at the checkpoints (n_snaps × arms,
 * checkpoint-major). FALSE when the agent was not run. */
gboolean      lab_reinforcement_result_get_first_run (const LabResult *result,
                                                      LabRlAgent       agent,
                                                      const double   **estimates,
                                                      const guint    **pulls,
                                                      guint           *n_snaps,
                                                      guint           *arms);
/* Grid world: the cells' kinds as letters, row 0 the top row (' ' empty, '#' wall,
 * 'S' start, 'R' reward, 'T' terminal, 'C' cliff), width × height of them. */
const char   *lab_reinforcement_result_get_cells  (const LabResult *result,
                                                   guint           *width,
                                                   guint           *height);
/* The final state values (NaN on walls), the greedy policy (a LabRlAction, or −1 where
 * there is none) and, for TD methods, Q (4 a cell); row-major from the top row. */
const double *lab_reinforcement_result_get_values (const LabResult *result);
const gint8  *lab_reinforcement_result_get_policy (const LabResult *result);
const double *lab_reinforcement_result_get_q      (const LabResult *result);
/* The discounted return G₀ = Σ γᵗ Rₜ₊₁ of each episode of @algorithm (a TD method), or NULL. */
const double *lab_reinforcement_result_get_returns (const LabResult *result,
                                                    LabRlAlgorithm   algorithm,
                                                    guint           *n);

/* For the tests: whether the bandit's value methods may step four runs to an AVX2 register
 * (the default); returns whether they will (FALSE on a processor without AVX2). The numbers
 * are the same either way. */
gboolean      lab_reinforcement_set_simd (gboolean enable);

extern const LabTopic lab_topic_reinforcement;

G_END_DECLS
