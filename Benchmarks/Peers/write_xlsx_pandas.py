#!/usr/bin/env python3
"""The pandas + openpyxl peer of writing results as a workbook (issue 10, items 3 and 4): the CSV
tables of an `evalcli score` run into one workbook, a sheet per table, as an analyst would make
it (`DataFrame.to_excel`, engine openpyxl, pandas' default without xlsxwriter), a table longer
than a worksheet's 1,048,576 rows going on over further sheets as evalcli's does. Prints one JSON
line: seconds, rows, and peak RSS.
"""
import argparse
import json
import pathlib
import resource
import time

import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("results", help="a folder of CSV results")
parser.add_argument("out", help="the workbook to write")
args = parser.parse_args()
limit = 1_048_575  # data rows under the header
start = time.perf_counter()
rows = 0
with pd.ExcelWriter(args.out, engine="openpyxl") as writer:
    for path in sorted(pathlib.Path(args.results).glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        rows += len(frame)
        for k, first in enumerate(range(0, max(len(frame), 1), limit)):
            name = path.stem if k == 0 else f"{path.stem} ({k + 1})"
            frame.iloc[first:first + limit].to_excel(writer, sheet_name=name, index=False)
print(json.dumps({"seconds": round(time.perf_counter() - start, 3), "rows": rows,
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
