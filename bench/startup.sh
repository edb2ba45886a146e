#!/bin/sh
# bench/startup.sh [BUILD_DIR] [RUNS] — time from main() to the first painted frame of the
# window (ML_LAB_STARTUP_PROBE=1), with the renderer ML Lab picks and with GTK's GL and Cairo
# renderers forced, RUNS times each; prints the median of each. Needs a display (Xvfb works).
build=${1:-_build}
runs=${2:-7}
probe() {
  for i in $(seq "$runs"); do
    env "$@" ML_LAB_STARTUP_PROBE=1 GSETTINGS_BACKEND=memory "$build/src/ml-lab" 2>/dev/null
  done | awk '{ print $2 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.0f ms", v[int((NR + 1) / 2)] }'
}
echo "first frame, median of $runs:"
echo "  as chosen ($(ls /dev/dri 2>/dev/null | grep -q renderD && echo 'GPU render node: default' || echo 'no render node: cairo')): $(probe)"
echo "  GSK_RENDERER=gl:    $(probe GSK_RENDERER=gl)"
echo "  GSK_RENDERER=cairo: $(probe GSK_RENDERER=cairo)"
echo
