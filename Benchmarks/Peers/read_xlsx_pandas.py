#!/usr/bin/env python3
"""The pandas + openpyxl peer of reading a workbook (issue 10, item 4): both tables of a
`evalcli generate --format xlsx` workbook into DataFrames, as an analyst would load them
(`pandas.read_excel`, engine openpyxl, every cell as text so that nothing is reinterpreted); a
table longer than a sheet is read from its sheets `指标表`, `指标表 (2)`, … and concatenated, as
evalcli joins them. Prints one JSON line: seconds per table, rows, and peak RSS.
"""
import argparse
import json
import resource
import time

import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("book")
parser.add_argument("--sheets", nargs="+", default=["项目表", "指标表"])
args = parser.parse_args()
result = {}
names = pd.ExcelFile(args.book, engine="openpyxl").sheet_names
for sheet in args.sheets:
    start = time.perf_counter()
    parts = [s for s in names if s == sheet or (s.startswith(sheet + " (") and s.endswith(")"))]
    frame = pd.concat([pd.read_excel(args.book, sheet_name=s, engine="openpyxl", dtype=str) for s in parts])
    result[sheet] = {"seconds": round(time.perf_counter() - start, 3), "rows": len(frame), "sheets": len(parts)}
result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(result, ensure_ascii=False))
