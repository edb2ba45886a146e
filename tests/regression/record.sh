#!/bin/sh
# Records `ml-lab export ARGS --json` for every line of commands.txt (one topic with its
# defaults or a preset's assignments a line; --data paths are relative to the source root).
# First made before the code moved into topic folders (issue 9: the move changed nothing);
# re-recorded when a change is meant to change numbers, saying so in its commit (issue 14:
# bias2 unbiased and bias2_raw, the variance's divisor T − 1, auc_binormal,
# negatives_score_correlation). test-regression replays every line in-process and compares
# its metrics with expected.json.
#
#   tests/regression/record.sh _build/src/ml-lab > tests/regression/expected.json
set -eu
mllab=$(realpath "$1")
cd "$(dirname "$0")/../.."
echo "["
first=1
while IFS= read -r line; do
  [ -n "$line" ] || continue
  [ $first -eq 1 ] || echo ","
  first=0
  # shellcheck disable=SC2086
  printf '{"command": "%s",\n "metrics": ' "$line"
  $mllab export $line --json
  printf '}'
done < tests/regression/commands.txt
echo
echo "]"
