/* reinforcement-private.h — shared by the files of the "reinforcement" topic, no one else
 *
 * Bandit: every agent plays the same `runs` testbeds (run r's true means come from one
 * generator seeded by (seed, r); each agent draws its own rewards from a generator seeded by
 * (seed, r, agent), so adding an agent changes nobody else's numbers). The curves are means
 * over the runs; the first run's estimates and pull counts are kept at up to MAX_SNAPS
 * checkpoints for the scrubbed step.
 *
 * Grid world: exact dynamic programming (value iteration, policy iteration) on the model,
 * keeping every sweep's values and greedy policy for the sweep scrubber; or the three TD
 * control methods from one seed, the chosen one drawn in full and all three's returns
 * compared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-error.h"
#include "lab-rng.h"

#include "reinforcement.h"

G_BEGIN_DECLS

#define MAX_SNAPS      400        /* first-run checkpoints kept for the step scrubber */
#define MAX_DRAWN      1000       /* points per bandit curve drawn (means of bins beyond) */
#define CLIFF_REWARD   (-100.0)   /* Sutton & Barto, Example 6.6 */
#define MAX_SWEEPS     5000
#define SWEEP_BUDGET   (4u << 20) /* doubles kept for the stored sweeps' values */
#define Q_SUB          16         /* raster pixels per cell side for Q's triangles */
#define PATH_BUDGET    (2u << 20) /* states of the chosen TD method's episodes kept for drawing */
#define EPISODE_BREAK  G_MAXUINT  /* in a recorded episode: the cliff sent the agent back to S */

enum { TAG_REWARD, TAG_OPTIMAL, TAG_REGRET, TAG_ARMS, TAG_PULLS, TAG_GRID, TAG_Q, TAG_CURVE };

typedef enum
{
  CELL_EMPTY,
  CELL_WALL,
  CELL_REWARD,
  CELL_TERMINAL,
  CELL_START,
  CELL_CLIFF,
} CellKind;

static inline gboolean
is_state_kind (guint8 kind)
{
  return kind != CELL_WALL && kind != CELL_CLIFF;
}

/* ------------------------------------------------------------------ */
/* bandit */

typedef struct
{
  LabRlAgent kind;
  double    *reward;      /* steps: mean reward at step t + 1 */
  double    *optimal;     /* steps: fraction of runs that pulled a best arm */
  double    *regret;      /* steps: mean cumulative regret Σ (q*max − q*(A)) */
  double    *estimates;   /* n_snaps × arms, first run */
  guint     *pulls;       /* n_snaps × arms, first run */
} AgentTrack;

/* ------------------------------------------------------------------ */
/* grid world */

typedef struct
{
  guint     width, height;
  guint8   *kind;          /* CellKind, row-major from the top row */
  double   *bonus;         /* reward on a step that ends in the cell */
  guint     start;
} Grid;

typedef struct
{
  LabResult      parent;
  LabRlMode      mode;

  /* bandit */
  LabRlReward    reward_kind;
  guint          arms, runs, steps;
  double         best_mean;          /* E[max q*] over the runs */
  double        *true_means;         /* arms: the first run's */
  guint          n_snaps;
  guint         *snap_steps;         /* the step each checkpoint was taken after */
  AgentTrack     agents[LAB_RL_N_AGENTS];
  guint          n_agents;

  /* grid world */
  Grid           grid;
  LabRlAlgorithm algorithm;
  double         gamma;
  guint          sweeps;             /* DP: sweeps (value iteration) or improvements (policy iteration) */
  gboolean       converged;
  guint          n_stored;           /* DP: sweeps whose values are kept (0 … n_stored − 1) */
  double        *sweep_values;       /* n_stored × cells */
  gint8         *sweep_policy;       /* n_stored × cells */
  double        *residual;           /* DP: sweeps: max |V_k − V_{k−1}| (VI) or policy changes (PI) */
  double        *values;             /* cells: final */
  gint8         *policy;             /* cells: final greedy */
  double        *q;                  /* TD: cells × 4 */
  double        *returns[LAB_RL_N_ALGORITHMS];   /* TD methods' returns per episode */
  guint          episodes;
  char          *cells_text;         /* the cells as letters (lab_reinforcement_result_get_cells) */
  guint         *path[LAB_RL_N_ALGORITHMS];      /* TD: greedy path from the start */
  guint         *episode_states;     /* TD, the chosen method: the states of its first n_recorded episodes */
  guint         *episode_offsets;    /* n_recorded + 1: where each episode starts in episode_states */
  guint          n_recorded;
  guint          path_len[LAB_RL_N_ALGORITHMS];
} RlResult;

LabTopicCompute rl_compute;
LabTopicBuild rl_build;
LabTopicMetrics rl_metrics;
LabTopicClick rl_click;
LabTopicSuggestRange rl_suggest_range;

guint        parse_agents (const char *list, GError **error);
const char  *agent_title (LabRlAgent agent);
const char  *algorithm_title (LabRlAlgorithm algorithm);
gboolean     rl_build_grid (LabParams *params, Grid *grid, GError **error);
void         rl_grid_clear (Grid *grid);
char         cell_letter (CellKind kind);

G_END_DECLS
