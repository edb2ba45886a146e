#!/usr/bin/python3
# csv_real_files_reference.py — files as they come (issue 13) and how pandas reads them
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes three small files of the same shape as real ones that stopped ML Lab's
# reader, into tests/data/csv-real/, and what pandas.read_csv makes of each with
# the options that fit it, into tests/csv-real-reference.h (read by
# tests/test-csv.c, /engine/csv/real-files):
#
#   stocks-comment.csv  matplotlib's sample_data/Stocks.csv: a "#" line first, a
#                       Date column, ten price columns with empty cells and rows
#                       holding only a date; here also a "#" line between rows.
#                       pandas: read_csv(path, comment="#")
#   x-x2-x3.csv         matplotlib's sample_data/data_x_x2_x3.csv: no header,
#                       columns right-aligned by runs of spaces (and a tab).
#                       pandas: read_csv(path, sep=r"\s+", header=None)
#   pandas-header.csv   DataFrame(floats).to_csv(index=False): the header is
#                       0,1,2,… (the issue's file had 0..402 above 344 rows).
#                       pandas: read_csv(path)
#
# Every read_csv here has float_precision="round_trip": pandas' default parser is
# not correctly rounded (it reads Stocks.csv's 0.24251236021518707 as
# 0.242512360215187, one double off), ML Lab's is, and the test compares bits.
#
# ML Lab reads them with its defaults (comment "#", delimiter and header detected)
# and with the options forced (--comment=#, --delimiter=space --header=no,
# --header=yes): the test checks both against the same values.
#
# Regenerate (Debian 12: pandas 1.5.3, numpy 1.24.2):
#   /usr/bin/python3 tests/reference/csv_real_files_reference.py
# The output is deterministic; rerunning it must leave the committed files unchanged.

import io
import math
import os

import numpy as np
import pandas as pd

SEED = 20261204
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "data", "csv-real")

STOCKS = """\
# Data source: https://finance.yahoo.com
Date,IBM,AAPL,MSFT,XRX,AMZN,DELL,GOOGL,ADBE,^GSPC,^IXIC
1990-01-01,10.970438003540039,0.24251236021518707,0.40375930070877075,11.202081680297852,,,,1.379060983657837,329.0799865722656,415.79998779296875
1990-02-01,11.554415702819824,0.24251236021518707,0.43104037642478943,10.39472484588623,,,,1.7790844440460205,331.8900146484375,425.79998779296875
1990-02-05,,,,,,,,,,
1990-03-01,11.951693534851074,0.28801724314689636,0.4834197461605072,11.394058227539062,,,,2.2348830699920654,339.94000244140625,435.5
# 1990-04: a comment between rows is skipped too
1990-04-01,12.275476455688477,0.2817564308643341,0.5063362717628479,10.139430046081543,,,,2.2531447410583496,330.79998779296875,420.1000061035156
1997-06-01,25.13742446899414,0.10878564417362213,9.929201126098633,63.396705627441406,0.07708299905061722,,,4.3084282875061035,885.1400146484375,1442.0699462890625
1997-07-01,29.45465660095215,0.1335965245962143,11.107746124267578,66.42845916748047,0.11979199945926666,,,4.592585563659668,954.3099975585938,1593.81005859375
1997-08-07,,,,,,,,,,
"""

X_X2_X3 = """\
   0   0    0
   1   1    1
   2   4    8
   3   9   27
   4  16   64
\t5  25  125
   6  36  216   
   7  49  343
   8  64  512
   9  81  729
  10 100 1000
"""


def pandas_header_frame():
    rng = np.random.default_rng(SEED)
    return pd.DataFrame(rng.normal(size=(9, 12)).round(6))


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def c_double(v):
    if isinstance(v, float) and math.isnan(v):
        return "NAN"
    return repr(float(v))


def emit(out, ident, path, frame, n_comments):
    n_rows, n_cols = frame.shape
    out.append(f"static const char *const {ident}_names[] = {{ "
               + ", ".join(c_string(str(c)) for c in frame.columns) + " };")
    out.append(f"static const char *const {ident}_text[] = {{  /* row-major; NULL: a number column */")
    for r in range(n_rows):
        cells = []
        for c in range(n_cols):
            v = frame.iat[r, c]
            cells.append(c_string(v) if frame.dtypes.iloc[c] == object else "NULL")
        out.append("  " + ", ".join(cells) + ",")
    out.append("};")
    out.append(f"static const double {ident}_numbers[] = {{  /* row-major; NAN: missing or text */")
    for r in range(n_rows):
        cells = []
        for c in range(n_cols):
            v = frame.iat[r, c]
            cells.append("NAN" if frame.dtypes.iloc[c] == object else c_double(v))
        out.append("  " + ", ".join(cells) + ",")
    out.append("};")
    out.append(f"#define {ident.upper()}_FILE {c_string(os.path.basename(path))}")
    out.append(f"#define {ident.upper()}_ROWS {n_rows}")
    out.append(f"#define {ident.upper()}_COLUMNS {n_cols}")
    out.append(f"#define {ident.upper()}_COMMENTS {n_comments}")
    out.append("")


def main():
    os.makedirs(DATA, exist_ok=True)
    stocks = os.path.join(DATA, "stocks-comment.csv")
    spaces = os.path.join(DATA, "x-x2-x3.csv")
    numbered = os.path.join(DATA, "pandas-header.csv")
    with open(stocks, "w", newline="") as f:
        f.write(STOCKS)
    with open(spaces, "w", newline="") as f:
        f.write(X_X2_X3)
    pandas_header_frame().to_csv(numbered, index=False, lineterminator="\n")

    read = [
        ("stocks", stocks, pd.read_csv(stocks, comment="#", float_precision="round_trip"),
         sum(1 for line in STOCKS.splitlines() if line.startswith("#"))),
        ("spaces", spaces, pd.read_csv(spaces, sep=r"\s+", header=None, float_precision="round_trip"), 0),
        ("numbered", numbered, pd.read_csv(numbered, float_precision="round_trip"), 0),
    ]
    # pandas names the columns of a file without header 0, 1, 2; ML Lab column_1, ...
    read[1][2].columns = [f"column_{c + 1}" for c in read[1][2].columns]

    out = ["/* csv-real-reference.h — GENERATED by tests/reference/csv_real_files_reference.py; do not edit.",
           " *",
           f" * What pandas {pd.__version__} (numpy {np.__version__}) reads from tests/data/csv-real/ with",
           " * float_precision=\"round_trip\" (correctly rounded, as ML Lab): the",
           " * column names, text cells and numbers (Python's repr: reads back to the identical",
           " * double; NAN where missing). The comment count is the file's lines starting with #.",
           " *",
           " * SPDX-License-Identifier: GPL-3.0-or-later",
           " */",
           "#pragma once",
           "",
           "#include <math.h>",
           "#include <glib.h>",
           ""]
    for ident, path, frame, n_comments in read:
        emit(out, ident, path, frame, n_comments)
    with open(os.path.join(ROOT, "csv-real-reference.h"), "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
