#!/usr/bin/env python3
"""A polars peer of `evalcli score` (SPEC §4, §7, §10): project scores and the department table.

What an analyst fluent in polars would write to score a batch without ScoreKernel: read
projects.csv and indicators.csv as `evalcli generate` writes them (English or `--lang zh`
headers) with lazy scans, and with expressions only (no Python loop over rows)

  * score every indicator by SPEC §4.1 / §4.3 with the default scheme (reverse: ratio, equal:
    as_positive, negative actuals as 0, qualitative 1 / 0.7 / 0.3 or the entered score): its
    achievement a and its score round(w·a, 2) half away from zero, in integer units of 0.01;
  * per project: the level-1 sums of the rounded scores, the execution score
    round(10·min(executed / budget, 1), 2) from the amounts as exact integer millionths, the
    total (an exact integer sum), the grade (90 / 80 / 60), the completion rate, competition
    ranks within the period and the department, the percentile   -> project_scores.csv;
  * per period and department (SPEC §7): counts, sums, execution rate, mean, fund-weighted mean,
    type-7 median / quartiles / p10 / p90 (exact, from integers), min, max, population std,
    grade counts and shares, rank by mean, gap to the average, below_average -> departments.csv.

Prints one JSON line: {"read_score_s", "departments_s", "write_s", "total_s", "peak_rss_mb", ...}.
See README.md in this folder for the decisions and what differs from evalcli's job.
"""

import argparse
import json
import os
import resource
import sys
import time

import polars as pl

# --- scheme: the defaults `evalcli scheme` prints (national preset) -------------------------------

PRECISION = 2
SCALE = 10**PRECISION
NUDGE = 0.5 + 1e-6  # half away from zero, + 1e-6 of a unit before the floor (docs/DECISIONS.md, "Rounding")
EXECUTION_POINTS = 10.0
GRADES = [("excellent", 90), ("good", 80), ("fair", 60), ("poor", 0)]  # inclusive lower bounds
QUALITATIVE = {"achieved": 1.0, "partial": 0.7, "not_achieved": 0.3}

# --- vocabulary (SPEC §3.1–§3.3, docs/values.md) ---------------------------------------------------

from vocabulary import ALIASES  # noqa: E402  (the headers both peers accept)
OUTPUT, BENEFIT, SATISFACTION = 0, 1, 2
LEVEL1 = {spelling: code for name, code in [("output", OUTPUT), ("产出", OUTPUT), ("benefit", BENEFIT), ("效益", BENEFIT),
                                            ("satisfaction", SATISFACTION), ("满意度", SATISFACTION)]
          for spelling in {name, name.capitalize(), name.upper(), name + "指标"}}
GE, LE, EQ, RANGE, QUAL = 0, 1, 2, 3, 4  # > scores as >=, < as <= (SPEC §4.1)
DIRECTION_WORDS = {GE: ">= ≥ ≧ ge 正向 正向指标 > gt", LE: "<= ≤ ≦ le 反向 反向指标 < lt", EQ: "= eq 等于",
                   RANGE: "range 区间", QUAL: "qual 定性 定性指标"}
DIRECTIONS = {s: d for d, words in DIRECTION_WORDS.items() for w in words.split() for s in {w, w.upper(), w.capitalize()}}
# Written before the number of a target (docs/values.md), longest first.
PREFIX_WORDS = {GE: ">= ≥= ＞= ≥ ≧ > ＞ 不低于 不少于 不小于 大于 高于 超过 多于",
                LE: "<= ≤= ≤ ≦ < ＜ 不高于 不超过 不大于 不多于 小于 低于 少于", EQ: "= ＝ ═ 等于"}
PREFIXES = {w: d for d, words in PREFIX_WORDS.items() for w in words.split()}
PREFIX_CHARS = "".join(sorted(set("".join(PREFIXES)))) + " "
SUFFIX_GE, SUFFIX_LE = r"(以上)$", r"(以内|以下)$"  # 90%以上, 5天以内; 及以上 / 及以下 end the same
GRADE_WORDS = {
    "achieved": "达成 达成年度指标 达成预期指标 完成 已完成 全部达成 按时完成 达标 有效 效果明显 明显提升 显著 显著提升 良好 是 achieved",
    "partial": "部分达成 部分达成年度指标并具有一定效果 基本达成 基本完成 部分完成 较好 partial",
    "not_achieved": "未达成 未达成年度指标且效果较差 未完成 否 not_achieved",
}
GRADE_VALUE = {w: QUALITATIVE[g] for g, words in GRADE_WORDS.items() for w in words.split()}
# Characters of the default unit_words and % (stripped from the end of a number: 95% -> 95).
UNIT_WORDS = ("个 次 人 人次 万人 万人次 人天 名 户 件 项 座 处 所 家 台 套 辆 份 场 起 篇 期 批 课时 学时 元 万元 亿元 "
              "米 厘米 公里 千米 平方米 平方公里 亩 公顷 立方米 吨 公斤 天 小时 月 年 百分比 个百分点 以上 及以上 以内 以下 及以下")
UNIT_CHARS = "".join(sorted(set(UNIT_WORDS.replace(" ", "")))) + "%％ "
RANGE_SEPARATORS = ["~", "～", "至", "—", "–", "－"]


def header(path):
    """The first line of a CSV file: its column names, trimmed (a UTF-8 BOM dropped)."""
    with open(path, encoding="utf-8-sig") as f:
        return [h.strip() for h in f.readline().rstrip("\r\n").split(",")]


def scan(path, wanted, floats=()):
    """A lazy scan of `path` selecting the `wanted` logical columns (by alias, case-insensitive) as
    String (Float64 for `floats`); an absent optional column is a null String column."""
    names = header(path)
    lower = [h.lower() for h in names]
    picked = {}
    for name in wanted:
        for alias in ALIASES[name]:
            if alias in lower:
                picked[name] = names[lower.index(alias)]
                break
    schema = {h: pl.String for h in names}
    for name in floats:
        if name in picked:
            schema[picked[name]] = pl.Float64
    lf = pl.scan_csv(path, schema=schema, has_header=True, encoding="utf8")
    return lf.select([pl.col(picked[n]).alias(n) if n in picked else pl.lit(None, pl.String).alias(n) for n in wanted]), picked


def number(text):
    """A number cell as written (1,234.5; 95% -> 95; 266米 -> 266; ≥90% -> 90): null when not one."""
    return (text.str.strip_chars_start(PREFIX_CHARS).str.strip_chars_end(UNIT_CHARS)
            .str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False))


def micros(text):
    """Money as exact integer millionths of the file's unit (evalcli's Amount), from decimal text."""
    parts = text.str.strip_chars().str.replace_all(",", "", literal=True).str.split_exact(".", 1)
    whole = parts.struct.field("field_0").cast(pl.Int64)
    fraction = parts.struct.field("field_1").fill_null("").str.pad_end(6, "0").cast(pl.Int64)
    return whole * 1_000_000 + fraction


def by_value(lf, source, column, parse, distinct):
    """`lf` with the columns `parse` adds from `column`: computed once per distinct value of the
    column in `source` (the scan, so that the plan holds no second copy of the joins before it)
    and joined back, row order kept, when `distinct`; else on every cell. A generated batch has
    25k distinct targets and 31k distinct actuals in 1.3M indicator rows (26k and 34k in 13M)."""
    if not distinct:
        return parse(lf)
    values = parse(source.select(pl.col(column).unique()))
    return lf.join(values, on=column, how="left", maintain_order="left", nulls_equal=True)


def parse_targets(v):
    """Adds from `target`: A (the number; for a range its lower bound), H_cell (a range's upper
    bound) and prefix_direction (≥ ≤ = 不低于 … before the number, or 以上 / 以内 after it)."""
    col = pl.col
    return v.with_columns(
        rest=col("target").str.strip_chars_start(PREFIX_CHARS),  # PREFIX_CHARS has the space: strips it too
    ).with_columns(
        prefix=col("target").str.head(col("target").str.len_chars() - col("rest").str.len_chars()).str.strip_chars(),
        # The number part: separators of a range to "-", unit words, % and spaces dropped from the end.
        core=col("rest").str.replace_many(RANGE_SEPARATORS, ["-"] * len(RANGE_SEPARATORS)).str.strip_chars_end(UNIT_CHARS),
    ).with_columns(
        parts=col("core").str.strip_prefix("-").str.split_exact("-", 1),
        sign=pl.when(col("core").str.starts_with("-")).then(-1.0).otherwise(1.0),
    ).with_columns(
        A=col("parts").struct.field("field_0").str.strip_chars_end(UNIT_CHARS).str.replace_all(",", "", literal=True)
        .cast(pl.Float64, strict=False) * col("sign"),
        H_cell=col("parts").struct.field("field_1").str.strip_chars_start(" ").str.replace_all(",", "", literal=True)
        .cast(pl.Float64, strict=False),
        prefix_direction=pl.coalesce(col("prefix").replace_strict(PREFIXES, default=None, return_dtype=pl.Int8),
                                     pl.when(col("target").str.contains(SUFFIX_GE)).then(pl.lit(GE, pl.Int8))
                                     .when(col("target").str.contains(SUFFIX_LE)).then(pl.lit(LE, pl.Int8))),
    ).drop("rest", "prefix", "core", "parts", "sign")


def parse_actuals(v):
    """Adds from `actual`: g (the achievement of a grade word, SPEC §3.3) and B (the number, a
    negative one as 0: negative_actual: zero)."""
    actual = pl.col("actual").str.strip_chars()
    return v.with_columns(g=actual.replace_strict(GRADE_VALUE, default=None, return_dtype=pl.Float64),
                          B=number(actual).clip(lower_bound=0.0))


def indicator_scores(ind, has_period, distinct=True):
    """Per indicator: project key, level-1 code, direction, points, achievement and the rounded
    score in units (lazy)."""
    keys = ["period", "project_id"] if has_period else ["project_id"]
    col = pl.col
    direction = col("direction").str.strip_chars()
    lf = ind.with_columns(
        # Level 1 and the direction column by their exact spellings (English codes and Chinese
        # names, with or without 指标; an unknown one stops the run).
        k=col("level1").str.strip_chars().replace_strict(LEVEL1, default=None, return_dtype=pl.Int8),
        column_direction=pl.when(direction != "").then(direction.replace_strict(DIRECTIONS, default=-1, return_dtype=pl.Int8)),
        high_column=number(col("target_high")),
        w=col("points"), e=col("score"),
    )
    lf = by_value(lf, ind, "target", parse_targets, distinct)
    lf = by_value(lf, ind, "actual", parse_actuals, distinct)
    staged = lf.with_columns(
        H=pl.coalesce(col("H_cell"), col("high_column")),
    ).with_columns(
        # The column, else the target's prefix or suffix (90%以上), else a range form, else >= (SPEC §3.1).
        d=pl.coalesce(col("column_direction"), col("prefix_direction"),
                      pl.when(col("H").is_not_null()).then(pl.lit(RANGE, pl.Int8)), pl.lit(GE, pl.Int8)),
    ).with_columns(
        # A non-numeric target with a grade word as actual is qualitative (SPEC §3.3).
        d=pl.when((col("d") != QUAL) & col("g").is_not_null() & col("A").is_null()).then(pl.lit(QUAL, pl.Int8)).otherwise(col("d")),
    )
    A, B, H, d, e, w = col("A"), col("B"), col("H"), col("d"), col("e"), col("w")
    return staged.select(
        *keys, "k", "d", "w",
        # Achievement, SPEC §4.1 (reverse: ratio, equal: as_positive) and §4.3.
        a=pl.when(d == QUAL).then(pl.when(e.is_not_null()).then((e / w).clip(upper_bound=1.0)).otherwise(col("g")))
        .when(d == LE).then(pl.when(B <= A).then(1.0).otherwise(A / B))
        .when(d == RANGE).then(pl.when(B > H).then(H / B).when(B >= A).then(1.0).otherwise((B / A).clip(upper_bound=1.0)))
        .when(A == 0).then(pl.when((d == GE) | (B <= 0)).then(1.0).otherwise(0.0))  # >= and = at A = 0
        .otherwise((B / A).clip(upper_bound=1.0)),  # >=, = (as_positive)
        entered=(d == QUAL) & e.is_not_null(), e=e,
    ).with_columns(
        # round(w·a, 2) half away from zero in units; a qualitative entered score as entered.
        units=(pl.when(col("entered")).then(e * float(SCALE)).otherwise(w * col("a") * float(SCALE)) + NUDGE).floor().cast(pl.Int64),
    )


def project_scores(projects, ind, has_period, distinct=True):
    """The scored project table, in the order of projects.csv (lazy)."""
    keys = ["period", "project_id"] if has_period else ["project_id"]
    scored = indicator_scores(ind, has_period, distinct)
    col = pl.col
    levels = (OUTPUT, BENEFIT, SATISFACTION)
    per_project = scored.with_columns(
        *[pl.when(col("k") == k).then(col("units")).alias(f"u{k}") for k in levels],
        weighted=col("w") * col("a"),
        unscorable=col("a").is_null() | col("k").is_null() | (col("d") < 0),
    ).group_by(keys).agg(
        *[col(f"u{k}").sum() for k in levels],  # Σ of the rounded scores, exact in integers
        *[col(f"u{k}").count().alias(f"n{k}") for k in levels],
        col("weighted").sum(), points=col("w").sum(), unscorable=col("unscorable").sum(), indicators=pl.len(),
    )
    p = projects.with_columns(budget_micros=micros(pl.col("budget")), executed_micros=micros(pl.col("executed")))
    rate = pl.when(pl.col("budget_micros") > 0).then(pl.col("executed_micros").cast(pl.Float64) / pl.col("budget_micros").cast(pl.Float64))
    p = p.join(per_project, on=keys, how="left", maintain_order="left").with_columns(
        execution_rate=rate,
        completion_rate=pl.col("weighted") / pl.col("points"),
        # budget 0: the rate is undefined (null) and the execution score 0 (SPEC §4.2).
        score_execution=(EXECUTION_POINTS * rate.clip(upper_bound=1.0) * float(SCALE) + NUDGE).floor().cast(pl.Int64).fill_null(0),
        **{f"score_{name}": pl.when(pl.col(f"n{k}") > 0).then(pl.col(f"u{k}"))
           for k, name in [(OUTPUT, "output"), (BENEFIT, "benefit"), (SATISFACTION, "satisfaction")]},
    ).with_columns(
        total=pl.col("u0") + pl.col("u1") + pl.col("u2") + pl.col("score_execution"),
    )
    n = pl.len().over("period")
    asc_min = pl.col("total").rank("min").over("period")
    asc_max = pl.col("total").rank("max").over("period")
    grade = pl.lit(len(GRADES) - 1, pl.Int8)
    for i, (_, minimum) in reversed(list(enumerate(GRADES[:-1]))):
        grade = pl.when(pl.col("total") >= minimum * SCALE).then(pl.lit(i, pl.Int8)).otherwise(grade)
    return p.with_columns(
        grade_code=grade,
        rank=(n - asc_max + 1).cast(pl.Int64),
        rank_in_department=pl.col("total").rank("min", descending=True).over(["period", "department"]).cast(pl.Int64),
        # 100 × (#below + ½ #equal) / n, the project counted among the equal.
        percentile=100.0 * ((asc_min - 1).cast(pl.Float64) + 0.5 * (asc_max - asc_min + 1).cast(pl.Float64)) / n.cast(pl.Float64),
    )


def divided(x, constant):
    """x / constant, correctly rounded. polars 2.1 divides a float column by a scalar as a product
    with its reciprocal (17720 / 200 -> 88.60000000000001, where 17720 / 200 = 88.6), also when the
    scalar is a pl.lit or pl.repeat column; so the divisor is made a real column."""
    return x / (pl.int_range(pl.len()) * 0 + constant).cast(pl.Float64)


def departments(scored):
    """The department table of SPEC §7 (lazy), rows by period then department in order of first
    appearance in projects.csv."""
    order = [scored.select("period").unique(maintain_order=True).with_row_index("period_order"),
             scored.select("department").unique(maintain_order=True).with_row_index("department_order")]
    t = pl.col("total")
    g = scored.group_by(["period", "department"]).agg(
        projects=pl.len(),
        budget_micros=pl.col("budget_micros").cast(pl.Int128).sum(),
        executed_micros=pl.col("executed_micros").cast(pl.Int128).sum(),
        total_sum=t.sum(),
        squares=(t.cast(pl.Int128) * t).sum(),
        weighted_sum=(pl.col("budget_micros").cast(pl.Int128) * t).sum(),
        min=t.min(), max=t.max(),
        sorted=t.sort(),
        **{f"n_{name}": (pl.col("grade_code") == i).sum().cast(pl.Int64) for i, (name, _) in enumerate(GRADES)},
    ).join(order[0], on="period").join(order[1], on="department").sort("period_order", "department_order")

    def quantile(num, den):
        """Type-7 quantile num/den of the sorted totals, exact: h = (m − 1)·num/den = j + f/den,
        Q·den = x[j]·den + f·(x[j+1] − x[j]) in units, divided once."""
        h = (pl.col("projects") - 1) * num
        j, f = h // den, h % den
        lo = pl.col("sorted").list.get(j)
        hi = pl.col("sorted").list.get(pl.min_horizontal(j + 1, pl.col("projects") - 1))
        return divided((lo * den + f * (hi - lo)).cast(pl.Float64), den * SCALE)

    m = pl.col("projects")
    mean = pl.col("total_sum").cast(pl.Float64) / (m.cast(pl.Float64) * SCALE)  # exact sum / count, one division
    out = g.with_columns(
        variance_n=m.cast(pl.Int128) * pl.col("squares") - pl.col("total_sum").cast(pl.Int128) ** 2,
        variance_d=m.cast(pl.Int128) ** 2 * SCALE * SCALE,
    ).with_columns(
        execution_rate=pl.when(pl.col("budget_micros") > 0).then(
            pl.col("executed_micros").cast(pl.Float64) / pl.col("budget_micros").cast(pl.Float64)),
        mean=mean,
        # Σ budget·total / Σ budget in points = q + r / D with D = Σ budget · 10^p in 128-bit integers:
        # q (whole points) exact, only the fraction r / D rounded (Σ budget·total passes 2^53).
        weighted_mean=pl.when(pl.col("budget_micros") > 0).then(
            (pl.col("weighted_sum") // (pl.col("budget_micros") * SCALE)).cast(pl.Float64)
            + (pl.col("weighted_sum") % (pl.col("budget_micros") * SCALE)).cast(pl.Float64)
            / (pl.col("budget_micros") * SCALE).cast(pl.Float64)),
        median=quantile(1, 2), q1=quantile(1, 4), q3=quantile(3, 4), p10=quantile(1, 10), p90=quantile(9, 10),
        # Population variance in points², exactly (m·Σx² − (Σx)²) / (m²·10^2p) in 128-bit integers,
        # as whole part + fraction (as the weighted mean), then one square root.
        std=(pl.col("variance_n") // pl.col("variance_d")).cast(pl.Float64)
        + (pl.col("variance_n") % pl.col("variance_d")).cast(pl.Float64) / pl.col("variance_d").cast(pl.Float64),
        **{f"share_{name}": (20_000 * pl.col(f"n_{name}") + m) // (2 * m) for name, _ in GRADES},  # hundredths of %, half up
    )
    # Rank by mean (competition, descending), on the doubles: two means S/(100·m) that differ
    # differ by at least 1/(100·m₁·m₂), more than an ulp of 100 while m₁·m₂ < 7·10^11 (departments
    # under ~800,000 projects), and each is correctly rounded; so equal doubles are equal means.
    # The average of the department means is taken as offsets from the first, in row order, so
    # that equal means have exactly that average (evalcli's rule).
    base = pl.col("mean").first().over("period")
    average = base + (pl.col("mean") - base).cum_sum().last().over("period") / pl.len().over("period").cast(pl.Float64)
    return out.with_columns(
        std=pl.col("std").sqrt(),
        rank=pl.col("mean").rank("min", descending=True).over("period").cast(pl.Int64),
        gap_to_average=pl.col("mean") - average,
        below_average=pl.col("mean") < average,
    )


# --- writing ---------------------------------------------------------------------------------------


def fixed(units, decimals):
    """Integer units of 10^-decimals as an exact decimal, written with exactly `decimals` decimals
    (4552, 2 -> 45.52; 4550 -> 45.50)."""
    return units.cast(pl.Decimal(38, decimals)).truediv(10**decimals).cast(pl.Decimal(38, decimals))


def rate_text(x, decimals=4):
    """A ratio with exactly `decimals` decimals, half away from zero (docs/output.md, rate)."""
    return fixed((x * float(10**decimals) + NUDGE).floor().cast(pl.Int64), decimals)


def amount_text(micros_expr):
    """An amount from millionths: as many decimals as it needs, at least 2, at most 6."""
    return fixed(micros_expr, 6).cast(pl.String).str.replace(r"0{1,4}$", "")


def write_results(out, scored, table):
    os.makedirs(out, exist_ok=True)
    score = lambda c: fixed(pl.col(c), PRECISION)
    grade_names = pl.col("grade_code").replace_strict({i: name for i, (name, _) in enumerate(GRADES)}, return_dtype=pl.String)
    scored.lazy().select(
        "period", "project_id", "department",
        budget=amount_text(pl.col("budget_micros")), executed=amount_text(pl.col("executed_micros")),
        execution_rate=rate_text(pl.col("execution_rate")), completion_rate=rate_text(pl.col("completion_rate")),
        score_output=score("score_output"), score_benefit=score("score_benefit"),
        score_satisfaction=score("score_satisfaction"), score_execution=score("score_execution"),
        total=score("total"), grade=grade_names, rank="rank", rank_in_department="rank_in_department",
        percentile="percentile",
    ).sink_csv(os.path.join(out, "project_scores.csv"))
    table.lazy().select(
        "period", "department", "projects",
        amount_text(pl.col("budget_micros")).alias("budget"),
        amount_text(pl.col("executed_micros")).alias("executed"),
        rate_text(pl.col("execution_rate")).alias("execution_rate"),
        "mean", "weighted_mean", "median", "q1", "q3", "p10", "p90", score("min").alias("min"), score("max").alias("max"), "std",
        *[c for name, _ in GRADES for c in (pl.col(f"n_{name}"), fixed(pl.col(f"share_{name}"), 2).alias(f"share_{name}"))],
        "rank", "gap_to_average", "below_average",
    ).sink_csv(os.path.join(out, "departments.csv"))


def peak_rss_mb():
    """The process's peak resident set (VmHWM), in MB."""
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024.0
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--projects", required=True)
    ap.add_argument("--indicators", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--parse", choices=["distinct", "cells"], default="distinct",
                    help="parse each distinct target and actual once and join (default), or every cell")
    ap.add_argument("--engine", default="auto", help="polars engine for the lazy queries (auto, in-memory, streaming)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    projects, pcols = scan(args.projects, ["period", "project_id", "department", "budget", "executed"])
    ind, icols = scan(args.indicators, ["period", "project_id", "level1", "direction", "target", "target_high",
                                        "actual", "points", "score"], floats=["points", "score"])
    for name, cols, what in [("project_id", pcols, "projects"), ("department", pcols, "projects"), ("budget", pcols, "projects"),
                             ("executed", pcols, "projects"), ("project_id", icols, "indicators"), ("level1", icols, "indicators"),
                             ("target", icols, "indicators"), ("actual", icols, "indicators"), ("points", icols, "indicators")]:
        if name not in cols:
            sys.exit(f"score_polars: {what}.csv has no {name} column")
    if "period" not in pcols:
        projects = projects.with_columns(period=pl.lit("", pl.String))
    scored = project_scores(projects, ind, "period" in icols, args.parse == "distinct").collect(engine=args.engine)
    # Not a validator, but it stops rather than write wrong scores: on a project without indicators,
    # an indicator it cannot score (unknown spelling or value form), or indicator rows that name no
    # project of projects.csv (counted: a line count of the file, not a second parse).
    bad = scored.filter(pl.col("unscorable").fill_null(1) > 0)
    if bad.height:
        sys.exit(f"score_polars: {bad.height} projects have no indicators or an indicator it cannot score "
                 f"(first: {bad['project_id'][0]}); it reads the forms docs/values.md lists, except full-width digits")
    rows = ind.select(pl.len()).collect().item()
    if (matched := scored["indicators"].sum()) != rows:
        sys.exit(f"score_polars: {rows - matched} indicator rows name no project of projects.csv (or a project is listed twice)")
    t1 = time.perf_counter()
    table = departments(scored.lazy()).collect(engine=args.engine)
    t2 = time.perf_counter()
    write_results(args.out, scored, table)
    t3 = time.perf_counter()
    print(json.dumps({"read_score_s": round(t1 - t0, 4), "departments_s": round(t2 - t1, 4), "write_s": round(t3 - t2, 4),
                      "total_s": round(t3 - t0, 4), "peak_rss_mb": round(peak_rss_mb(), 1),
                      "projects": scored.height, "departments": table.height, "polars": pl.__version__,
                      "threads": pl.thread_pool_size()}))


if __name__ == "__main__":
    main()
