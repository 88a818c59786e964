#!/usr/bin/env python3
"""Checks a report as the browser rendered it against the result CSVs it came from (issue 11).

    check_report.py DOM CONSOLE_LOG RESULTS_DIR [MORE_RESULT_DIRS...]

DOM is `chromium --dump-dom` of the page, CONSOLE_LOG chromium's stderr with --enable-logging.
The expected figures are computed here, independently of evalcli, from the CSVs (English
headers) with Python's decimal module: every number cell the page marks with data-k must be one
of them and equal, and every one of them must be on the page. Also fails on a console message, a
chart (SVG) without marks, a script element or an external reference.
"""
import csv
import os
import sys
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

LISTED = 15  # the report's top-k lists


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.svg_marks, self.problems, self.text = {}, [], [], []
        self._key, self._buf, self._svg = None, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.problems.append("the page has a <script> element")
        for name in ("src", "href"):
            if name in a and not (a[name] or "").startswith("#"):
                self.problems.append(f"external reference {name}={a[name]!r}")
        if tag == "svg":
            self._svg = 0
        elif self._svg is not None and tag in ("rect", "circle", "path"):
            self._svg += 1
        if "data-k" in a:
            self._key, self._buf = a["data-k"], []

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg_marks.append(self._svg)
            self._svg = None
        if self._key is not None and tag in ("td", "div"):
            if self._key in self.cells:
                self.problems.append(f"key {self._key!r} twice")
            self.cells[self._key] = "".join(self._buf).strip()
            self._key = None

    def handle_data(self, data):
        self.text.append(data)
        if self._key is not None:
            self._buf.append(data)


def q(x, places):
    return Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def main():
    dom, console, *folders = sys.argv[1:]

    def rows(name):
        for d in folders:
            p = os.path.join(d, name)
            if os.path.exists(p):
                with open(p, encoding="utf-8-sig", newline="") as f:
                    return list(csv.DictReader(f))
        return None

    departments = rows("departments.csv")
    period = sorted({r["period"] for r in departments})[-1]
    ps = [r for r in rows("project_scores.csv") if r["period"] == period]
    deps = [r for r in departments if r["period"] == period]
    exact, subset = {}, {}  # key → expected; subset: keys of a top-k list, checked for membership

    exact["projects"] = Decimal(len(ps))
    exact["departments"] = Decimal(len(deps))
    budget = sum(Decimal(r["budget"]) for r in ps)
    executed = sum(Decimal(r["executed"]) for r in ps)
    exact["budget"], exact["executed"] = q(budget, 2), q(executed, 2)
    exact["execution_rate"] = q(executed * 100 / budget, 2)
    label = {r["grade"]: r["grade_label"] for r in ps}
    for g, n in Counter(r["grade_label"] for r in ps).items():
        exact[f"grade.count.{g}"] = Decimal(n)
        exact[f"grade.share.{g}"] = q(Decimal(n) * 100 / len(ps), 2)
    points = [int(Decimal(r["total"])) for r in ps]
    lo = min(points) // 5 * 5
    for b in range(lo, max(points) + 1, 5):
        exact[f"hist.{b}"] = Decimal(sum(b <= p < b + 5 for p in points))
    for r in deps:
        d = r["department"]
        exact[f"dept.rank.{d}"] = Decimal(r["rank"])
        exact[f"dept.n.{d}"] = Decimal(r["projects"])
        for key, col in (("mean", "mean"), ("wmean", "weighted_mean"), ("p10", "p10"), ("q1", "q1"), ("median", "median"),
                         ("q3", "q3"), ("p90", "p90")):
            exact[f"dept.{key}.{d}"] = q(r[col], 2)
        exact[f"dept.rate.{d}"] = q(Decimal(r["execution_rate"]) * 100, 2)
    for r in rows("department_categories.csv") or []:
        if r["period"] == period:
            exact[f"heat.{r['department']}.{r['category']}"] = q(Decimal(r["mean_achievement"]) * 100, 1)
    lights = defaultdict(Counter)
    for r in ps:
        lights[r["department"]][r["progress_light"]] += 1
    if any(r["progress_light"] for r in ps):
        for r in deps:
            for c in ("red", "yellow", "green"):
                exact[f"light.{r['department']}.{c}"] = Decimal(lights[r["department"]][c])
    bands = Counter()
    for r in ps:
        if r["execution_completion_gap"]:
            g = abs(Decimal(r["execution_completion_gap"]))
            bands[0 if g <= 10 else 1 if g <= 20 else 2 if g <= 30 else 3] += 1
    for b in range(4):
        exact[f"gap.{b}"] = Decimal(bands[b])
        exact[f"gapshare.{b}"] = q(Decimal(bands[b]) * 100 / len(ps), 2)
    flags = rows("flags.csv")
    if flags is not None:
        for code, n in Counter(r["code"] for r in flags if r["period"] == period).items():
            exact[f"flag.{code}"] = Decimal(n)

    scenarios = [r for r in rows("scenarios.csv") or [] if r["period"] == period]
    grade_names = [g for g in label if f"n_{g}" in (scenarios[0] if scenarios else {})]
    if len(scenarios) > 30:
        named = []
        for r in scenarios:
            if r["scenario"] not in ("as_filed", "scheme"):
                break
            named.append(r)
        rest = scenarios[len(named):]
        for pick, name in ((0, "min"), (1, "median"), (2, "max")):
            def order(values):
                s = sorted(values)
                return s[0] if pick == 0 else s[(len(s) - 1) // 2] if pick == 1 else s[-1]
            for g in grade_names:
                exact[f"scen.{name}.{label[g]}"] = Decimal(order(int(r[f"n_{g}"]) for r in rest))
            exact[f"scen.{name}.rho"] = order(q(r["spearman"], 4) for r in rest if r["spearman"])
    else:
        named = scenarios
    for r in named:
        for g in grade_names:
            exact[f"scen.{r['scenario']}.{label[g]}"] = Decimal(r[f"n_{g}"])
        exact[f"scen.{r['scenario']}.rho"] = q(r["spearman"], 4)
    for r in rows("department_rank_intervals.csv") or []:
        if r["period"] == period:
            d = r["department"]
            exact[f"interval.{d}.baseline"] = Decimal(r["baseline_rank"])
            for k, col in (("median", "median_rank"), ("p05", "p05_rank"), ("p95", "p95_rank")):
                exact[f"interval.{d}.{k}"] = q(r[col], 1)
    intervals = [r for r in rows("rank_intervals.csv") or [] if r["period"] == period]
    if intervals:
        probs = [c for c in intervals[0] if c.startswith("prob_")]
        cert = Counter()
        measure = {}
        for r in intervals:
            m = max(q(r[c], 3) for c in probs)
            cert[next(i for i, b in enumerate(("0.99", "0.9", "0.75", "0.5", "0")) if m >= Decimal(b))] += 1
            measure[r["project_id"]] = m
        for i in range(5):
            exact[f"cert.{i}"] = Decimal(cert[i])
        subset["least"] = (measure, "min")
    margins = [r for r in rows("grade_margins.csv") or [] if r["period"] == period]
    if margins:
        measure = {}
        for r in margins:
            m = [q(r[c], 4) for c in ("margin_down", "margin_up") if r[c]]
            if m:
                measure[r["project_id"]] = min(m)
        subset["margin"] = (measure, "min")
    totals = [r for r in rows("application_totals.csv") or [] if r["period"] == period]
    by_department = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    for r in totals:
        if not r["department"]:
            rule = r["rule"]
            exact[f"rule.{rule}.deducted"], exact[f"rule.{rule}.rewarded"] = Decimal(r["deducted"]), Decimal(r["rewarded"])
            exact[f"rule.{rule}.listed"] = Decimal(r["listed"])
            if r["remainder"]:
                exact[f"rule.{rule}.remainder"] = Decimal(r["remainder"])
        else:
            t = by_department[r["department"]]
            t[0] += Decimal(r["deducted"]); t[1] += Decimal(r["rewarded"]); t[2] += Decimal(r["listed"])
    for field, i in (("deducted", 0), ("rewarded", 1), ("listed", 2)):
        subset[f"appdept.*.{field}"] = ({d: t[i] for d, t in by_department.items()}, "max" if field == "deducted" else None)

    page = Page()
    with open(dom, encoding="utf-8") as f:
        page.feed(f.read())
    problems = list(page.problems)
    with open(console, encoding="utf-8", errors="replace") as f:
        problems += [f"console: {line.strip()}" for line in f if "CONSOLE" in line or "Uncaught" in line]
    if not page.svg_marks:
        problems.append("no chart on the page")
    problems += [f"chart {i + 1} has no marks" for i, n in enumerate(page.svg_marks) if not n]

    def number(text):
        return Decimal(text.replace(",", "").rstrip("%"))

    shown = {}
    for key, text in page.cells.items():
        if key in exact:
            try:
                if number(text) != exact[key]:
                    problems.append(f"{key}: the page shows {text}, the CSVs give {exact[key]}")
            except Exception:
                problems.append(f"{key}: {text!r} is not a number")
            continue
        prefix, _, rest = key.partition(".")
        group = f"appdept.*.{rest.rsplit('.', 1)[-1]}" if prefix == "appdept" else prefix
        name = rest.rsplit(".", 1)[0] if prefix == "appdept" else rest
        if group in subset and name in subset[group][0]:
            value = subset[group][0][name]
            if number(text) != value:
                problems.append(f"{key}: the page shows {text}, the CSVs give {value}")
            shown.setdefault(group, []).append(value)
        else:
            problems.append(f"{key}: a number on the page that the checker cannot trace to the CSVs")
    problems += [f"{key}: missing from the page (expected {v})" for key, v in exact.items() if key not in page.cells]
    # A top-k list holds the k smallest (or largest) of all.
    for group, (measure, direction) in subset.items():
        if direction is None or not measure:
            continue
        values = shown.get(group, [])
        k = min(LISTED, len(measure))
        if len(values) != k:
            problems.append(f"{group}: {len(values)} rows on the page, expected {k}")
        elif direction == "min" and max(values) > sorted(measure.values())[k - 1]:
            problems.append(f"{group}: the list is not the {k} smallest")
        elif direction == "max" and min(values) < sorted(measure.values(), reverse=True)[k - 1]:
            problems.append(f"{group}: the list is not the {k} largest")
    text = "".join(page.text)
    for r in deps:
        if r["department"] not in text:
            problems.append(f"department {r['department']!r} is not shown as text")

    for p in problems[:40]:
        print("FAIL", p)
    if len(problems) > 40:
        print(f"… and {len(problems) - 40} more")
    print(f"{dom}: {len(page.cells)} numbers checked against the CSVs, {len(page.svg_marks)} charts, "
          f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
