#!/usr/bin/env python3
"""Renames two departments of a generated batch (projects.csv and bases.csv) to names a page
must show as text: a script tag, and quotes with an ampersand and markup."""
import csv
import sys

NAMES = ['<script>alert(1)</script>', '财政局"专项"&<b>资金</b>\'']


def main():
    folder = sys.argv[1]
    with open(f"{folder}/projects.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("department")
    seen = []
    for r in rows[1:]:
        if r[column] not in seen:
            seen.append(r[column])
    rename = dict(zip(seen[:2], NAMES))
    for name in ("projects.csv", "bases.csv"):
        with open(f"{folder}/{name}", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        column = rows[0].index("department")
        for r in rows[1:]:
            r[column] = rename.get(r[column], r[column])
        with open(f"{folder}/{name}", "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)


if __name__ == "__main__":
    main()
