#!/bin/sh
# bench/frames.sh [BUILD_DIR] — the frame-time probe of issue 12 for every topic: the app drags
# the topic's first model slider through its GtkRange for 2 s, one step a frame, and prints the
# frame clock's median and 99th-percentile intervals and how many results reached the screen.
# Needs a display (Xvfb works); prints a Markdown table.
build=${1:-_build}
echo "| topic | slider | frames | median ms | p99 ms | results shown |"
echo "|---|---|---|---|---|---|"
for topic in $("$build/src/ml-lab" list | awk '{ print $1 }'); do
  ML_LAB_FRAME_PROBE=$topic GSETTINGS_BACKEND=memory timeout 120 "$build/src/ml-lab" 2>/dev/null |
    awk '/^frame-probe/ && NF >= 11 { printf "| %s | %s | %s | %s | %s | %s |\n", $2, $3, $5, $7, $9, $11 }
         /^frame-probe/ && NF < 11 { sub(":", "", $2); why = $3; for (i = 4; i <= NF; i++) why = why " " $i
                                     printf "| %s | (%s) | | | | |\n", $2, why }'
done
