#!/usr/bin/env python3
"""Compares the numpy peer's files with evalcli's, row by row.

    python3 compare.py EVALCLI_DIR NUMPY_DIR

EVALCLI_DIR holds `evalcli scenarios --monte-carlo M ...` output; NUMPY_DIR the output of
`scenarios_numpy.py --weights-file EVALCLI_DIR/scenario_weights.csv ...` (the same weight vectors).
Rank quantiles, ranks, counts and overlaps must agree exactly (as written); grade shares, means
and Spearman's rho as numbers (rho within 1e-12: evalcli sums in 128-bit integers, numpy in
float64). Exits 1 when any row differs.
"""

import csv
import sys


def rows(path, key):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return {tuple(r[k] for k in key): r for r in csv.DictReader(f)}


def compare(name, ours, theirs, key, exact, numeric=(), close=()):
    a, b = rows(f"{ours}/{name}", key), rows(f"{theirs}/{name}", key)
    common = a.keys() & b.keys()
    differ = []
    for k in sorted(common):
        x, y = a[k], b[k]
        bad = [c for c in exact if x[c] != y[c]]
        bad += [c for c in numeric if float(x[c] or "nan") != float(y[c] or "nan") and (x[c] or y[c])]
        bad += [c for c in close if (x[c] == "") != (y[c] == "") or (x[c] and abs(float(x[c]) - float(y[c])) > 1e-12)]
        if bad:
            differ.append((k, bad))
    print(f"{name}: {len(a)} rows (evalcli), {len(b)} rows (numpy), {len(common)} compared, "
          f"{len(common) - len(differ)} agree, {len(differ)} differ")
    for k, bad in differ[:10]:
        print("   ", k, {c: (a[k][c], b[k][c]) for c in bad})
    return not differ and len(common) == len(b)


def main():
    ours, theirs = sys.argv[1], sys.argv[2]
    with open(f"{ours}/rank_intervals.csv", encoding="utf-8-sig") as f:
        grades = [c for c in next(csv.reader(f)) if c.startswith("prob_")]
    ok = compare("rank_intervals.csv", ours, theirs, ["period", "project_id"],
                 ["department", "baseline_rank", "median_rank", "p05_rank", "p95_rank"], numeric=grades)
    ok &= compare("department_rank_intervals.csv", ours, theirs, ["period", "department"],
                  ["projects", "baseline_rank", "median_rank", "p05_rank", "p95_rank"])
    with open(f"{ours}/scenarios.csv", encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    counts = [c for c in header if c.startswith("n_")] + ["top_k_overlap", "bottom_k_overlap"]
    weights = [c for c in header if c.startswith("w_")]
    ok &= compare("scenarios.csv", ours, theirs, ["period", "scenario"], counts,
                  numeric=weights + ["mean"], close=["spearman", "department_spearman"])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
