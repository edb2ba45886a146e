#!/usr/bin/python3
# csv_bench.py — ML Lab's CSV reader against pandas.read_csv, in the same run
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: /usr/bin/python3 bench/csv_bench.py BUILD/bench/bench-csv [RUNS]
#
# Writes 1,000,000 rows x 8 columns of standard normal doubles (numpy, fixed
# seed) to a temporary file twice: printed with %.17g (every double exactly)
# and with %.6f. For each file, times bench-csv (median of RUNS loads in one
# process, after a warm-up load) and pandas.read_csv (median of RUNS calls,
# after a warm-up call), in two rounds of opposite order so that both see the
# same noisy machine, and prints the better median of each and the ratio.
# (That ML Lab reads every %.17g value exactly is tested in tests/test-csv.c.)
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

ROWS, COLS, SEED = 1_000_000, 8, 20261124


def time_pandas(path, runs):
    pd.read_csv(path)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        frame = pd.read_csv(path)
        times.append(time.perf_counter() - start)
        assert frame.shape == (ROWS, COLS)
    return statistics.median(times), min(times)


def time_ours(binary, path, runs):
    out = subprocess.run([binary, path, str(runs)], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    assert result["rows"] == ROWS and result["columns"] == COLS, result
    return result["median_s"], result["min_s"]


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: csv_bench.py PATH/TO/bench-csv [RUNS]")
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    rng = np.random.default_rng(SEED)
    values = rng.standard_normal((ROWS, COLS))
    header = ",".join("x%d" % i for i in range(COLS))

    print("CSV load, %d rows x %d columns (standard normal), median of %d runs, page cache warm"
          % (ROWS, COLS, runs))
    print("pandas %s, numpy %s, %d CPUs" % (pd.__version__, np.__version__, os.cpu_count()))
    for fmt in ("%.17g", "%.6f"):
        fd, path = tempfile.mkstemp(suffix=".csv", prefix="csv-bench-")
        os.close(fd)
        try:
            np.savetxt(path, values, fmt=fmt, delimiter=",", header=header, comments="")
            size_mb = os.path.getsize(path) / 1e6
            ours, ours_min = time_ours(binary, path, runs)
            theirs, theirs_min = time_pandas(path, runs)
            # second round, in the other order, to even out a noisy machine
            theirs2, theirs_min2 = time_pandas(path, runs)
            ours2, ours_min2 = time_ours(binary, path, runs)
            ours, ours_min = min(ours, ours2), min(ours_min, ours_min2)
            theirs, theirs_min = min(theirs, theirs2), min(theirs_min, theirs_min2)
            print("%-6s %6.1f MB   ML Lab %.3f s (fastest %.3f)   pandas %.3f s (fastest %.3f)   "
                  "pandas / ML Lab = %.1fx"
                  % (fmt, size_mb, ours, ours_min, theirs, theirs_min, theirs / ours))
        finally:
            os.unlink(path)


if __name__ == "__main__":
    main()
