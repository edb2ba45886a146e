#!/usr/bin/python3
# roc_bench.py — ML Lab's ROC + AUC + AP against scikit-learn on the same data
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   /usr/bin/python3 bench/roc_bench.py BUILD/bench/bench-roc [--n N] [--runs R] [--sklearn-runs S]
#
# Runs the C benchmark, which generates the binormal data (seeded), writes it
# as raw little-endian binary (n float64 scores, then n uint8 labels) and
# times lab_roc_curve_new + lab_roc_curve_auc + lab_roc_curve_average_precision
# (median of R runs). Then loads the identical arrays with numpy.fromfile and
# times roc_auc_score + average_precision_score (median of S runs) in this
# same process run, so both figures come from the same machine state.

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bench", help="path of the bench-roc executable")
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of the C code (median)")
    parser.add_argument("--sklearn-runs", type=int, default=3, help="runs of scikit-learn (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "roc-bench.bin")
        proc = subprocess.run([args.bench, "--n", str(args.n), "--runs", str(args.runs),
                               "--write", path],
                              check=True, capture_output=True, text=True)
        ours = dict(line.split(None, 1) for line in proc.stdout.splitlines() if line.strip())
        scores = np.fromfile(path, dtype="<f8", count=args.n)
        labels = np.fromfile(path, dtype=np.uint8, count=args.n, offset=8 * args.n)

    t0 = time.perf_counter()
    from sklearn.metrics import average_precision_score, roc_auc_score
    import_seconds = time.perf_counter() - t0

    sk_times = []
    for _ in range(args.sklearn_runs):
        t0 = time.perf_counter()
        sk_auc = roc_auc_score(labels, scores)
        sk_ap = average_precision_score(labels, scores)
        sk_times.append(time.perf_counter() - t0)
    sk_median = statistics.median(sk_times)

    our_median = float(ours["median_seconds"])
    our_auc = float(ours["auc"])
    our_ap = float(ours["ap"])

    print("samples                %d (%s positive)" % (args.n, ours["positives"]))
    print("ML Lab  curve+AUC+AP   median %.3f s of %s runs (min %s s)"
          % (our_median, ours["runs"], ours["min_seconds"]))
    print("sklearn roc_auc+AP     median %.3f s of %d runs (runs: %s; import %.2f s not counted)"
          % (sk_median, args.sklearn_runs, ", ".join("%.2f" % t for t in sk_times), import_seconds))
    print("speed-up               %.1f×" % (sk_median / our_median))
    print("AUC   ours %.17g  sklearn %.17g  rel. diff %.1e"
          % (our_auc, sk_auc, abs(our_auc - sk_auc) / sk_auc))
    print("AP    ours %.17g  sklearn %.17g  rel. diff %.1e"
          % (our_ap, sk_ap, abs(our_ap - sk_ap) / sk_ap))
    if abs(our_auc - sk_auc) > 1e-9 * sk_auc or abs(our_ap - sk_ap) > 1e-9 * sk_ap:
        print("MISMATCH between ML Lab and scikit-learn", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
