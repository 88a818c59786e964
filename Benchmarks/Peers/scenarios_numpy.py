#!/usr/bin/env python3
"""A numpy peer of `evalcli scenarios --monte-carlo M --seed S` (SPEC §4.5, §9).

What an analyst fluent in numpy would write to get the same Monte Carlo rank analysis without
ScoreKernel: read projects.csv and indicators.csv as `evalcli generate` writes them, build the
category matrix C (N x K) and presence P (SPEC §4.5, level-1 categories + execution), draw M
Dirichlet weight vectors around the scheme's weights, and per period

  * score every project under every scenario, S = C @ W, renormalised for projects lacking a
    category (S * 100 / (P @ W)), rounded once: floor(S * 10^p + 0.5 + 1e-6) units of 10^-p;
  * rank (competition ranks, descending) and grade (bands 90 / 80 / 60) every score;
  * per project: baseline rank, exact type-7 median / 5th / 95th percentile of its rank over the
    M scenarios, share of scenarios in each grade  -> rank_intervals.csv;
  * per department: the same on the department mean of the rounded scores, compared exactly as
    fractions                                        -> department_rank_intervals.csv;
  * per scenario: mean, grade counts, moves up / down a grade, Spearman's rho with the §4.4
    totals, top-k / bottom-k overlap, department rho -> scenarios.csv.

Scenarios are processed in blocks of about --block-elements project-scenarios, so N x M float64
scores never exist; the ranks, which the exact per-project quantiles need in full, are kept as
one N x M uint32 array (4 bytes a project-scenario: 400 MB for 100k x 1,000, 4 GB for
100k x 10,000). See README.md in this folder for what is timed and how it differs from evalcli.

Prints one JSON line: {"read_s", "scenarios_s", "write_s", "total_s", "peak_rss_mb", ...}.
"""

import argparse
import csv
import gc
import itertools
import json
import os
import resource
import sys
import time

# One BLAS thread unless the caller says otherwise: the products here are K = 4 deep, bound by
# memory, and on this 2-core host OpenBLAS's second thread made the job 2.3x slower whenever the
# other core was busy (5.9 s against 2.5 s at 100k x 1,000), for no gain when it was idle.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402  (after the BLAS thread setting, which is read at import)

# --- scheme: the defaults `evalcli scheme` prints (national preset) -------------------------------

CATEGORIES = ["output", "benefit", "satisfaction", "execution"]
SCHEME_WEIGHTS = np.array([50.0, 30.0, 10.0, 10.0])
GRADE_NAMES = ["excellent", "good", "fair", "poor"]
GRADE_MIN = [90, 80, 60, 0]  # inclusive lower bounds, highest first
PRECISION = 2
SCALE = 10.0 ** PRECISION
NUDGE = 0.5 + 1e-6  # half away from zero, + 1e-6 unit (SPEC §4.5)
TOP_UNITS = int(100 * SCALE)
EXECUTION_POINTS = 10.0
QUALITATIVE = {"achieved": 1.0, "partial": 0.7, "not_achieved": 0.3}
MINIMA = np.array([int(round(m * SCALE)) for m in GRADE_MIN], dtype=np.int64)
PERCENTS = (50, 5, 95)
SCORE = np.int16 if TOP_UNITS < 2**15 else np.int32  # rounded scores in units: 0 … 10,000 at precision 2  # median, p05, p95: the column order of rank_intervals.csv

# --- reading ---------------------------------------------------------------------------------------

from vocabulary import ALIASES  # noqa: E402  (the headers both peers accept)
LEVEL1 = {"output": 0, "产出": 0, "benefit": 1, "效益": 1, "satisfaction": 2, "满意度": 2}
GE, LE, EQ, RANGE, QUAL = 0, 1, 2, 3, 4
DIRECTION = {">=": GE, "≥": GE, "ge": GE, "正向": GE, ">": GE, "<=": LE, "≤": LE, "le": LE, "反向": LE, "<": LE,
             "=": EQ, "eq": EQ, "等于": EQ, "range": RANGE, "区间": RANGE, "qual": QUAL, "定性": QUAL}
GRADE_WORDS = {}
for _g, _words in {"achieved": "达成 达成年度指标 达成预期指标 完成 已完成 全部达成 achieved",
                   "partial": "部分达成 部分达成年度指标并具有一定效果 基本达成 基本完成 partial",
                   "not_achieved": "未达成 未达成年度指标且效果较差 未完成 not_achieved"}.items():
    for _w in _words.split():
        GRADE_WORDS[_w] = QUALITATIVE[_g]
UNIT_CHARS = "%％个次人万天名户件项座处所家台套辆份场起篇期批课时学元亿米厘公里千平方亩顷立吨斤月年百分比点"
# Fixed-width str arrays: numpy 2.4's StringDType strips multibyte character sets wrongly
# (lstrip("=100%", "≥≤=<>") leaves the "=") and searchsorted on it misfinds (numpy/numpy#31533).
TEXT = np.str_
RANGE_SEPARATORS = ["~", "～", "至", "—", "–"]


def read_columns(path, wanted, chunk_rows=1 << 17):
    """The `wanted` columns of a CSV file (RFC 4180, UTF-8 with or without BOM) as numpy string
    arrays, parsed by the csv module a chunk of rows at a time so that only the kept columns
    outlive a chunk."""
    parts = {}
    collect = gc.isenabled()
    gc.disable()  # millions of short-lived row lists: the cycle collector would rescan them all
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = csv.reader(f)
            header = [h.strip().lower() for h in next(rows)]
            index = {}
            for name in wanted:
                for alias in ALIASES[name]:
                    if alias in header:
                        index[name] = header.index(alias)
                        break
            parts = {name: [] for name in index}
            while block := list(itertools.islice(rows, chunk_rows)):
                columns = list(zip(*block))
                for name, i in index.items():
                    parts[name].append(np.array(columns[i], dtype=TEXT))
    finally:
        if collect:
            gc.enable()
    return {name: np.concatenate(p) if p else np.array([], dtype=TEXT) for name, p in parts.items()}


def lookup(values, table, what):
    """Maps a str array through a dict (once per distinct value); unknown values are an error."""
    uniques, inverse = np.unique(values, return_inverse=True)
    try:
        mapped = np.array([table(u) if callable(table) else table[u] for u in uniques.tolist()])
    except KeyError as e:
        sys.exit(f"scenarios_numpy: unknown {what} {e}")
    return mapped[inverse] if len(uniques) else mapped


def numbers(text, what):
    """Numbers as written: thousands separators and trailing unit words dropped (95% -> 95)."""
    t = np.strings.rstrip(np.strings.replace(np.strings.strip(text), ",", ""), UNIT_CHARS)
    try:
        return t.astype(np.float64)
    except ValueError as e:
        sys.exit(f"scenarios_numpy: {what}: {e}")


def micros(text):
    """Money amounts as exact integer millionths (evalcli's Amount), from their decimal text."""
    t = np.strings.replace(np.strings.strip(text), ",", "")
    whole, _, fraction = np.strings.partition(t, ".")
    return whole.astype(np.int64) * 1_000_000 + np.strings.ljust(fraction, 6, "0").astype(np.int64)


def read_inputs(projects_path, indicators_path):
    """Per project: period, id, department, C (N x 4), P (N x 4) and the §4.4 total in units."""
    pr = read_columns(projects_path, ["period", "project_id", "department", "budget", "executed"])
    ind = read_columns(indicators_path, ["period", "project_id", "level1", "direction", "target", "target_high",
                                         "actual", "points", "score"])
    n = len(pr["project_id"])
    period = pr.get("period", np.full(n, "", dtype=TEXT))
    pid, dept = pr["project_id"], pr["department"]

    # Each indicator row's project, by (period, project_id).
    key = np.strings.add(np.strings.add(period, "\x1f"), pid) if "period" in ind else pid
    ikey = np.strings.add(np.strings.add(ind["period"], "\x1f"), ind["project_id"]) if "period" in ind else ind["project_id"]
    order = np.argsort(key, kind="stable")
    at = np.minimum(np.searchsorted(key[order], ikey), n - 1)
    if not np.all(key[order][at] == ikey):
        sys.exit("scenarios_numpy: indicators.csv names a project that projects.csv does not have")
    project = order[at]

    # Direction: the column, else the target's prefix (≥ ≤ =), else a range form, else >=.
    target = np.strings.strip(ind["target"])
    high_text = np.strings.strip(ind.get("target_high", np.full(len(target), "", dtype=TEXT)))
    for sep in RANGE_SEPARATORS:
        target = np.strings.replace(target, sep, "-")
    column = lookup(np.strings.strip(np.strings.lower(ind.get("direction", np.full(len(target), "", dtype=TEXT)))),
                    lambda d: DIRECTION[d] if d else -1, "direction")
    prefix = np.full(len(target), -1)
    for p, d in [("≥", GE), (">", GE), ("≤", LE), ("<", LE), ("=", EQ)]:
        prefix = np.where((prefix < 0) & np.strings.startswith(target, p), d, prefix)
    is_range_text = np.strings.find(target, "-", 1) >= 0
    direction = np.where(column >= 0, column, np.where(prefix >= 0, prefix,
                         np.where(is_range_text | (high_text != ""), RANGE, GE)))
    grade = lookup(np.strings.strip(ind["actual"]), lambda a: GRADE_WORDS.get(a, np.nan), "grade")
    bare = np.strings.lstrip(target, "≥≤=<>")
    # SPEC §3.3: a target without digits and an actual that is a grade word make a qualitative row.
    candidate = np.flatnonzero((direction != QUAL) & ~np.isnan(grade))
    wordy = [not any(ch.isdigit() for ch in t) for t in bare[candidate].tolist()]
    direction[candidate[np.array(wordy, dtype=bool)]] = QUAL
    qual = direction == QUAL

    # Targets A (range: [A, H]) and actuals B of the quantitative rows.
    quant = ~qual
    A = np.full(len(target), np.nan)
    H = np.full(len(target), np.nan)
    B = np.full(len(target), np.nan)
    ranged = quant & (direction == RANGE)
    split = ranged & (high_text == "")                      # "5%-10%" in the target cell
    low_text, _, high_part = np.strings.partition(bare[split], "-")
    A[split], H[split] = numbers(low_text, "target"), numbers(high_part, "target")
    given = ranged & (high_text != "")                      # target and target_high columns
    A[given], H[given] = numbers(bare[given], "target"), numbers(high_text[given], "target_high")
    plain = quant & ~ranged
    A[plain] = numbers(bare[plain], "target")
    B[quant] = np.maximum(numbers(ind["actual"][quant], "actual"), 0.0)  # negative_actual: zero
    w = numbers(ind["points"], "points")
    entered_text = np.strings.strip(ind.get("score", np.full(len(target), "", dtype=TEXT)))
    entered = np.full(len(target), np.nan)
    has_entered = entered_text != ""
    entered[has_entered] = numbers(entered_text[has_entered], "score")

    # Achievement, SPEC §4.1 (reverse: ratio, equal: as_positive) and §4.3.
    with np.errstate(divide="ignore", invalid="ignore"):
        up = np.minimum(B / A, 1.0)                              # >=, >, = (as_positive), range below L
        a = np.where(direction == LE, np.where(B <= A, 1.0, A / B), up)
        a = np.where((direction == GE) & (A == 0), np.where(B >= 0, 1.0, 0.0), a)
        a = np.where((direction == EQ) & (A == 0), np.where(B <= 0, 1.0, 0.0), a)
        a = np.where(direction == RANGE, np.where(B > H, H / B, np.where(B >= A, 1.0, np.minimum(B / A, 1.0))), a)
        a = np.where(qual, np.where(np.isnan(entered), grade, np.minimum(entered / w, 1.0)), a)
    if np.isnan(a).any():
        sys.exit("scenarios_numpy: an indicator could not be scored (unsupported target or actual)")

    # Indicator scores in units (floor(w·a·10^p + nudge); a qualitative entered score as entered).
    raw = np.where(qual & ~np.isnan(entered), entered * SCALE, w * a * SCALE)
    units = np.floor(raw + NUDGE)

    # C and P: points-weighted achievement per level-1 category, summed in file order as evalcli does.
    k = lookup(np.strings.replace(np.strings.strip(ind["level1"]), "指标", ""), LEVEL1, "level1")
    cell = project * 4 + k
    num = np.bincount(cell, weights=w * a, minlength=4 * n).reshape(n, 4)
    den = np.bincount(cell, weights=w, minlength=4 * n).reshape(n, 4)
    P = (den > 0).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        C = np.where(den > 0, num / den, 0.0)
        budget = micros(pr["budget"])
        rate = np.where(budget == 0, np.nan, micros(pr["executed"]).astype(np.float64) / budget.astype(np.float64))
    capped = np.where(np.isnan(rate), 0.0, np.minimum(rate, 1.0))  # budget 0: rate undefined, C = 0, P = 1
    C[:, 3] = capped
    P[:, 3] = 1.0
    execution_units = np.where(np.isnan(rate), 0.0, np.floor(EXECUTION_POINTS * capped * SCALE + NUDGE))
    total = (np.bincount(project, weights=units, minlength=n) + execution_units).astype(np.int64)
    return dict(period=period, project_id=pid, department=dept, C=C, P=P, total=total)


def read_weights_file(path):
    """Scenario weights as evalcli writes them (scenario_weights.csv), without `scheme`/`as_filed`."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    cols = [header.index("w_" + c) for c in CATEGORIES]
    kept = [r for r in rows[1:] if r[0] not in ("scheme", "as_filed")]
    return [r[0] for r in kept], np.array([[float(r[c]) for c in cols] for r in kept]).reshape(-1, len(CATEGORIES))


def dirichlet_weights(m, seed, concentration):
    """M weight vectors (rows), Dirichlet around the scheme's weights: alpha = kappa * w / sum(w)."""
    rng = np.random.default_rng(seed)
    positive = SCHEME_WEIGHTS > 0
    W = np.zeros((m, len(CATEGORIES)))
    W[:, positive] = rng.dirichlet(concentration * SCHEME_WEIGHTS[positive] / SCHEME_WEIGHTS.sum(), size=m) * 100.0
    return W


# --- the scenario job ------------------------------------------------------------------------------


def competition_ranks_desc(values):
    """1 + how many values are strictly greater; twice the average rank; bottom rank."""
    s = np.sort(values)
    left = np.searchsorted(s, values, "left")
    right = np.searchsorted(s, values, "right")
    n = len(values)
    return n - right + 1, 2 * (n - right) + (right - left) + 1, left + 1


def grade_of(units):
    """Band index (0 = the highest band) of scores in units: the first band whose minimum ≤ score."""
    return np.searchsorted(-MINIMA, -units, side="left")


def type7_hundredths(x, percents=PERCENTS):
    """Exact type-7 quantiles × 100 of each row of integer array `x` (sorted in place).

    The values np.quantile(x, p / 100, axis=1) gives (its default method, "linear", is type 7),
    but in integers: h = (m - 1)·p/100, so 100·h is an integer and the quantile × 100 is
    100·x[j] + f·(x[j+1] − x[j]) with j, f = divmod((m - 1)·p, 100); no float64 copy of x.
    Rows up to 4,096 values are sorted (numpy's sort of 32-bit integers is vectorised, AVX-512
    on this machine: 0.55 s for 100k x 1,000, where np.partition at the six positions took
    1.2 s); longer rows are partitioned at the positions the quantiles read (2.2 s for 20k x
    10,000 against 2.7 s sorting)."""
    m = x.shape[1]
    if m <= 4096:
        x.sort(axis=1)
    else:
        x.partition(sorted({h // 100 + d for h in ((m - 1) * p for p in percents) for d in (0, 1)} & set(range(m))), axis=1)
    out = np.empty((x.shape[0], len(percents)), dtype=np.int64)
    for q, p in enumerate(percents):
        j, f = divmod((m - 1) * p, 100)
        lo = x[:, j].astype(np.int64)
        out[:, q] = lo * 100 if f == 0 else lo * 100 + f * (x[:, j + 1].astype(np.int64) - lo)
    return out


def department_ranks(sums, counts):
    """Competition ranks (descending) of departments by mean = sums / counts, exact as fractions.

    sums: D x B int64, counts: D. Returns ranks (D x B) and twice the average ranks (ties)."""
    cross = sums[:, None, :] * counts[None, :, None]  # cross[a, b] = sum_a * count_b
    other = cross.transpose(1, 0, 2)                  # other[a, b] = sum_b * count_a
    above = np.count_nonzero(other > cross, axis=1)
    tied = np.count_nonzero(other == cross, axis=1)   # includes itself
    return above + 1, 2 * above + tied + 1


def pearson_of_ranks(x, y):
    """Pearson correlation of each column of x with y (average ranks); NaN when either is constant."""
    xc = x - x.mean(axis=0)
    yc = y - y.mean()
    sxx, syy = (xc * xc).sum(axis=0), (yc * yc).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (yc @ xc) / (np.sqrt(sxx) * np.sqrt(syy))
    return np.where((sxx > 0) & (syy > 0), r, np.nan)


def run_period(C, P, total, dept_code, W, top_k, block_elements):
    """The Monte Carlo analysis of one period's projects (rows grouped by department code)."""
    n = C.shape[0]
    M = W.shape[0]
    G = len(MINIMA)

    # Baseline (§4.4 totals).
    base_rank, base_twice, base_bottom = competition_ranks_desc(total)
    base_grade = grade_of(total)
    # A project moves up when it reaches the minimum of the band above its own, down when it falls
    # below its own band's minimum (0 for the lowest band: never).
    thr_up = np.where(base_grade > 0, MINIMA[np.maximum(base_grade - 1, 0)], TOP_UNITS + 1).astype(SCORE)[:, None]
    thr_down = MINIMA[base_grade].astype(SCORE)[:, None]
    top_rows = np.flatnonzero(base_rank <= top_k)
    bottom_rows = np.flatnonzero(base_bottom <= top_k)
    starts = np.flatnonzero(np.r_[True, dept_code[1:] != dept_code[:-1]])
    counts = np.diff(np.r_[starts, n]).astype(np.int64)
    dept_base = np.add.reduceat(total, starts)
    dept_base_rank, dept_base_twice = department_ranks(dept_base[:, None], counts)
    Y = base_twice.astype(np.float64)
    center = n * (n + 1) ** 2
    vy = float((base_twice.astype(np.int64) ** 2).sum() - center)

    incomplete = np.flatnonzero(P.min(axis=1) == 0)  # projects lacking a category
    P_inc = P[incomplete]

    ranks = np.empty((n, M), dtype=np.uint32)          # the one N x M array: 4 bytes a cell
    grade_at_least = np.zeros((n, G - 1), dtype=np.int64)  # scenarios scoring ≥ each band's minimum
    dept_ranks = np.empty((len(starts), M), dtype=np.uint32)
    per_scenario = {k: np.empty(M) for k in ["mean", "spearman", "department_spearman"]}
    for k in ["n_up", "n_down", "top_k_overlap", "bottom_k_overlap"]:
        per_scenario[k] = np.empty(M, dtype=np.int64)
    per_scenario["grade_counts"] = np.empty((M, G), dtype=np.int64)

    step = max(1, min(M, block_elements // max(n, TOP_UNITS + 2)))  # n x step scores, step x 10^4 tables
    for m0 in range(0, M, step):
        m1 = min(M, m0 + step)
        b = m1 - m0
        Wb = W[m0:m1].T                                   # K x b
        S = C @ Wb                                        # n x b scores
        if len(incomplete):                               # missing_category: renormalize
            pw = P_inc @ Wb
            with np.errstate(divide="ignore", invalid="ignore"):
                S[incomplete] = np.where(pw > 0, (S[incomplete] * 100.0) / pw, 0.0)
        S *= SCALE
        S += NUDGE
        np.clip(S, 0.0, TOP_UNITS, out=S)
        flat = S.astype(np.intp)                          # floor (S ≥ 0): the rounded score in units
        del S
        u = flat.astype(SCORE)                            # a narrow copy for the comparisons and sums

        # Per scenario, a histogram of rounded scores -> projects at or above each score, and
        # every project's competition rank = 1 + projects scoring higher, by lookup. Slots cover
        # the block's scores lo … hi, plus one empty slot above.
        lo = int(u.min())
        R = int(u.max()) - lo + 2
        flat += (np.arange(b, dtype=np.intp) * R - lo)[None, :]  # column m's scores in slots m·R …
        hist = np.bincount(flat.ravel(), minlength=b * R).reshape(b, R)
        at_least = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]       # at_least[m, s - lo]: scores ≥ s
        rank_table = np.empty((b, R), dtype=np.uint32)
        rank_table[:, :-1] = at_least[:, 1:] + 1                    # 1 + scores > s
        rank_table[:, -1] = 1
        r = np.take(rank_table, flat)
        ranks[:, m0:m1] = r

        # Spearman with the baseline: X = 2 × average rank = (1 + above) + at_least.
        twice = (rank_table + at_least).astype(np.float64)
        X = np.take(twice, flat)
        cross = Y @ X
        vx = (hist * twice.astype(np.int64) ** 2).sum(axis=1) - center
        with np.errstate(divide="ignore", invalid="ignore"):
            per_scenario["spearman"][m0:m1] = np.where((vx > 0) & (vy > 0), (cross - center) / (np.sqrt(vx) * np.sqrt(vy)), np.nan)
        del X

        # Grades: per scenario from the histogram, per project by counting.
        ge = at_least[:, np.clip(MINIMA - lo, 0, R - 1)]           # b x G: scores ≥ each minimum
        per_scenario["grade_counts"][m0:m1] = np.diff(np.c_[np.zeros(b, dtype=np.int64), ge[:, :-1], np.full(b, n)], axis=1)
        for g in range(G - 1):
            grade_at_least[:, g] += np.count_nonzero(u >= int(MINIMA[g]), axis=1)
        per_scenario["n_up"][m0:m1] = np.count_nonzero(u >= thr_up, axis=0)
        per_scenario["n_down"][m0:m1] = np.count_nonzero(u < thr_down, axis=0)
        per_scenario["top_k_overlap"][m0:m1] = np.count_nonzero(r[top_rows] <= top_k, axis=0)
        per_scenario["bottom_k_overlap"][m0:m1] = np.count_nonzero(n - np.take(at_least, flat[bottom_rows]) + 1 <= top_k, axis=0)
        del r, flat

        # Departments: sums of rounded scores (rows are grouped by department), ranks by the mean.
        sums = np.add.reduceat(u, starts, axis=0, dtype=np.int64)  # D x b
        per_scenario["mean"][m0:m1] = sums.sum(axis=0) / (n * SCALE)
        d_rank, d_twice = department_ranks(sums, counts)
        dept_ranks[:, m0:m1] = d_rank
        per_scenario["department_spearman"][m0:m1] = pearson_of_ranks(d_twice / 2.0, dept_base_twice[:, 0] / 2.0)
        del u

    t = time.perf_counter()
    quantiles = type7_hundredths(ranks)
    quantiles_s = time.perf_counter() - t
    del ranks
    grade_counts = np.diff(np.c_[np.zeros(n, dtype=np.int64), grade_at_least, np.full(n, M)], axis=1)
    return dict(baseline_rank=base_rank, quantiles=quantiles, grade_counts=grade_counts,
                dept_starts=starts, dept_counts=counts, dept_baseline_rank=dept_base_rank[:, 0],
                dept_quantiles=type7_hundredths(dept_ranks), per_scenario=per_scenario, quantiles_s=quantiles_s)


# --- writing ---------------------------------------------------------------------------------------


def hundredths_text(v):
    return [f"{x // 100}.{x % 100:02d}" for x in v.tolist()]


def write_results(out, periods, names, W, M):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "rank_intervals.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "project_id", "department", "baseline_rank", "median_rank", "p05_rank", "p95_rank"]
                   + ["prob_" + g for g in GRADE_NAMES])
        for per in periods:
            res, q = per["result"], per["result"]["quantiles"]
            probs = (res["grade_counts"] / M).tolist()
            cols = [hundredths_text(q[:, j]) for j in range(3)]
            for i in range(len(per["rows"])):
                w.writerow([per["period"], per["project_id"][i], per["department"][i], int(res["baseline_rank"][i]),
                            cols[0][i], cols[1][i], cols[2][i], *probs[i]])
    with open(os.path.join(out, "department_rank_intervals.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "department", "projects", "baseline_rank", "median_rank", "p05_rank", "p95_rank"])
        for per in periods:
            res = per["result"]
            cols = [hundredths_text(res["dept_quantiles"][:, j]) for j in range(3)]
            for d, s in enumerate(res["dept_starts"].tolist()):
                w.writerow([per["period"], per["department_sorted"][s], int(res["dept_counts"][d]),
                            int(res["dept_baseline_rank"][d]), cols[0][d], cols[1][d], cols[2][d]])
    with open(os.path.join(out, "scenarios.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "scenario"] + ["w_" + c for c in CATEGORIES] + ["mean"] + ["n_" + g for g in GRADE_NAMES]
                   + ["n_up", "n_down", "spearman", "top_k_overlap", "bottom_k_overlap", "department_spearman"])
        for per in periods:
            s = per["result"]["per_scenario"]
            opt = lambda x: "" if np.isnan(x) else repr(float(x))
            for m in range(M):
                w.writerow([per["period"], names[m], *map(repr, W[m].tolist()), repr(float(s["mean"][m])),
                            *s["grade_counts"][m].tolist(), int(s["n_up"][m]), int(s["n_down"][m]), opt(s["spearman"][m]),
                            int(s["top_k_overlap"][m]), int(s["bottom_k_overlap"][m]), opt(s["department_spearman"][m])])
    with open(os.path.join(out, "scenario_weights.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["scenario"] + ["w_" + c for c in CATEGORIES])
        for m in range(M):
            w.writerow([names[m], *map(repr, W[m].tolist())])


def peak_rss_mb():
    """The process's peak resident set (VmHWM) since start or the last reset_peak_rss(), in MB."""
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024.0
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def reset_peak_rss():
    """Resets VmHWM to the current RSS (Linux: clear_refs 5), so that a phase's peak can be read."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# --- main ------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--projects", required=True)
    ap.add_argument("--indicators", required=True)
    ap.add_argument("--monte-carlo", type=int, help="M scenarios drawn with numpy's Generator.dirichlet")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--concentration", type=float, default=50.0, help="Dirichlet kappa (default 50)")
    ap.add_argument("--weights-file", help="scenario_weights.csv written by evalcli: use its vectors "
                    "(rows other than scheme/as_filed) instead of drawing; for checking against evalcli")
    ap.add_argument("--top-k", type=int, default=10)
    ap.add_argument("--block-elements", type=int, default=1 << 21,
                    help="project-scenarios per block (default 2M: 16 MB per float64 temporary, under glibc's "
                    "32 MB mmap threshold so that temporaries are reused rather than page-faulted in afresh)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if (args.monte_carlo is None) == (args.weights_file is None):
        ap.error("give exactly one of --monte-carlo and --weights-file")

    t0 = time.perf_counter()
    data = read_inputs(args.projects, args.indicators)
    t1 = time.perf_counter()
    read_peak = peak_rss_mb()
    gc.collect()
    separate = reset_peak_rss()

    if args.weights_file:
        names, W = read_weights_file(args.weights_file)
    else:
        W = dirichlet_weights(args.monte_carlo, args.seed, args.concentration)
        names = [f"mc-{m + 1}" for m in range(len(W))]
    M = len(W)
    periods = []
    for period in np.unique(data["period"]).tolist():
        rows = np.flatnonzero(data["period"] == period)
        depts, code = np.unique(data["department"][rows], return_inverse=True)
        order = np.argsort(code, kind="stable")          # rows grouped by department
        result = run_period(data["C"][rows[order]], data["P"][rows[order]], data["total"][rows[order]],
                            code[order], W, args.top_k, args.block_elements)
        inverse = np.empty_like(order)
        inverse[order] = np.arange(len(order))
        for k in ["baseline_rank", "quantiles", "grade_counts"]:  # back to file order
            result[k] = result[k][inverse]
        periods.append(dict(period=period, rows=rows, result=result, project_id=data["project_id"][rows].tolist(),
                            department=data["department"][rows].tolist(),
                            department_sorted=data["department"][rows[order]].tolist()))
    t2 = time.perf_counter()
    write_results(args.out, periods, names, W, M)
    t3 = time.perf_counter()
    scenario_peak = peak_rss_mb()
    # peak_rss_mb: the whole process; scenarios_peak_rss_mb: from the end of reading to the end of
    # writing (the C matrix and project columns, the N x M ranks and the block temporaries).
    print(json.dumps({"read_s": round(t1 - t0, 4), "scenarios_s": round(t2 - t1, 4), "write_s": round(t3 - t2, 4),
                      "total_s": round(t3 - t0, 4),
                      "of_which_rank_quantiles_s": round(sum(p["result"]["quantiles_s"] for p in periods), 4),
                      "peak_rss_mb": round(max(read_peak, scenario_peak) if separate else scenario_peak, 1),
                      "read_peak_rss_mb": round(read_peak, 1),
                      "scenarios_peak_rss_mb": round(scenario_peak, 1) if separate else None,
                      "projects": int(len(data["total"])), "scenarios": M, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
