#!/usr/bin/env python3
"""Compares the polars peer's project_scores.csv and departments.csv with evalcli's, row by row.

    python3 compare_score.py EVALCLI_DIR POLARS_DIR [--exact]

EVALCLI_DIR holds `evalcli score ... --out EVALCLI_DIR` output, POLARS_DIR the output of
`score_polars.py ... --out POLARS_DIR` on the same input files. Rows are matched on (period,
project_id) and (period, department), and must be the same rows in the same order. Cells are
compared as written where both tools write the same decimal format (amounts, 4-decimal rates,
scores, integers, grades, shares, booleans), as numbers where the format is round-trip
(percentile, mean, quantiles, gap_to_average: the same double), and within 1e-12 relative for
weighted_mean and std, which the two tools round differently in their last bits (counted
separately). Exits 1 when any row differs or is missing. Reads the files with polars (as text).
--exact also says, for weighted_mean and std, how many of each tool's values are the correctly
rounded double of the exact value (from evalcli's integer totals and amounts).
"""

import sys

import polars as pl

PROJECT_TEXT = ["department", "budget", "executed", "execution_rate", "completion_rate", "score_output", "score_benefit",
                "score_satisfaction", "score_execution", "total", "grade", "rank", "rank_in_department"]
PROJECT_NUMBER = ["percentile"]
DEPARTMENT_TEXT = ["projects", "budget", "executed", "execution_rate", "min", "max", "rank", "below_average"]
DEPARTMENT_NUMBER = ["mean", "median", "q1", "q3", "p10", "p90", "gap_to_average"]
DEPARTMENT_CLOSE = ["weighted_mean", "std"]
TOLERANCE = 1e-12


def read(path, columns):
    df = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    return df.select([pl.col(c).fill_null("") for c in columns if c in df.columns])  # an empty cell as ""


def compare(name, ours, theirs, key, text, number=(), close=()):
    cols = key + list(text) + list(number) + list(close)
    a = read(f"{ours}/{name}", cols).with_row_index("row")
    b = read(f"{theirs}/{name}", cols).with_row_index("row")
    text = [c for c in text if c in a.columns]
    if missing := [c for c in text + list(number) + list(close) if c not in b.columns]:
        print(f"{name}: the peer's file lacks {missing}")
        return False
    j = a.join(b, on=key, how="full", suffix="_peer", coalesce=True)
    only_evalcli = j.filter(pl.col("row_peer").is_null()).height
    only_peer = j.filter(pl.col("row").is_null()).height
    j = j.filter(pl.col("row").is_not_null() & pl.col("row_peer").is_not_null())
    order_differs = (j["row"] != j["row_peer"]).sum()
    checks = []
    for c in text:
        checks.append(pl.col(c).fill_null("").eq(pl.col(c + "_peer").fill_null("")).alias(c))
    for c in number:
        x, y = pl.col(c).cast(pl.Float64), pl.col(c + "_peer").cast(pl.Float64)
        checks.append(((x == y) | (x.is_null() & y.is_null())).fill_null(False).alias(c))
    exact_close = {}
    for c in close:
        x, y = pl.col(c).cast(pl.Float64), pl.col(c + "_peer").cast(pl.Float64)
        checks.append((((x - y).abs() <= TOLERANCE * x.abs()) | (x.is_null() & y.is_null())).fill_null(False).alias(c))
        exact_close[c] = int(j.select(((x == y) | (x.is_null() & y.is_null())).fill_null(False).sum()).item())
    ok_cols = j.select(checks)
    row_ok = ok_cols.select(pl.all_horizontal(pl.all())).to_series() if checks else pl.Series([True] * j.height)
    differ = pl.concat([j, ok_cols.select(pl.all().name.prefix("ok_"))], how="horizontal").filter(~row_ok)
    print(f"{name}: {a.height} rows (evalcli), {b.height} rows (polars), {j.height} compared, "
          f"{int(row_ok.sum())} agree, {differ.height} differ; {only_evalcli} only in evalcli's, {only_peer} only in the "
          f"peer's, {order_differs} in another position")
    bad_counts = {c: int((~ok_cols[c]).sum()) for c in ok_cols.columns if (~ok_cols[c]).any()}
    if bad_counts:
        print("    differing cells per column:", bad_counts)
    for c, n in exact_close.items():
        print(f"    {c}: {n} of {j.height} identical as written, the rest within {TOLERANCE:g} relative")
    for r in differ.head(10).iter_rows(named=True):
        cells = {c: (r[c], r[c + "_peer"]) for c in ok_cols.columns if not r["ok_" + c]}
        print("   ", tuple(r[k] for k in key), cells)
    return differ.height == 0 and only_evalcli == 0 and only_peer == 0 and order_differs == 0


def exact(ours, theirs):
    """Which tool's weighted_mean and std are the correctly rounded doubles of the exact values,
    computed from evalcli's project_scores.csv (integer totals and amounts) with fractions and
    60-digit decimals."""
    from decimal import Decimal, getcontext
    getcontext().prec = 60
    units = lambda c, d: (pl.col(c).str.split_exact(".", 1).struct.field("field_0").cast(pl.Int128) * 10**d
                          + pl.col(c).str.split_exact(".", 1).struct.field("field_1").fill_null("").str.pad_end(d, "0")
                          .cast(pl.Int128))
    p = read(f"{ours}/project_scores.csv", ["period", "department", "budget", "total"]).select(
        "period", "department", t=units("total", 2), b=units("budget", 6))
    g = p.group_by("period", "department").agg(
        m=pl.len().cast(pl.Int128), s=pl.col("t").sum(), q=(pl.col("t") * pl.col("t")).sum(),
        bt=(pl.col("b") * pl.col("t")).sum(), b=pl.col("b").sum())
    nearest = lambda n, d: float(Decimal(n) / Decimal(d))
    truth = {(r["period"], r["department"]): {
        "weighted_mean": nearest(r["bt"], r["b"] * 100) if r["b"] else None,
        "std": float((Decimal(r["m"] * r["q"] - r["s"] ** 2) / Decimal(r["m"] ** 2 * 10_000)).sqrt())}
        for r in g.iter_rows(named=True)}
    for who, folder in [("evalcli", ours), ("polars", theirs)]:
        d = read(f"{folder}/departments.csv", ["period", "department", "weighted_mean", "std"])
        hits = {c: sum(1 for r in d.iter_rows(named=True) if r[c] and float(r[c]) == truth[(r["period"], r["department"])][c])
                for c in ["weighted_mean", "std"]}
        print(f"{who}: correctly rounded weighted_mean in {hits['weighted_mean']} of {d.height} rows, std in {hits['std']}")


def main():
    args = [a for a in sys.argv[1:] if a != "--exact"]
    if len(args) != 2:
        sys.exit(__doc__)
    ours, theirs = args
    with open(f"{ours}/departments.csv", encoding="utf-8-sig") as f:
        grades = [c for c in f.readline().strip().split(",") if c.startswith(("n_", "share_"))]
    ok = compare("project_scores.csv", ours, theirs, ["period", "project_id"], PROJECT_TEXT, PROJECT_NUMBER)
    ok &= compare("departments.csv", ours, theirs, ["period", "department"], DEPARTMENT_TEXT + grades,
                  DEPARTMENT_NUMBER, DEPARTMENT_CLOSE)
    if "--exact" in sys.argv:
        exact(ours, theirs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
