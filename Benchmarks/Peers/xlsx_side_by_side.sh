#!/bin/sh
# Times reading a workbook (issue 10, item 4): `evalcli validate` of both sheets of the workbook
# `evalcli generate --format xlsx --lang zh` writes, against pandas + openpyxl reading the same two
# sheets (read_xlsx_pandas.py), on the same file in one run. Then writing one (item 3): `evalcli
# score --format xlsx` of the same batch as CSV (reading and scoring included), against pandas +
# openpyxl writing the CSV results of the same run into a workbook (write_xlsx_pandas.py).
#
#   Benchmarks/Peers/xlsx_side_by_side.sh [PROJECTS]        (default: 10000)
#
# Needs a release evalcli (EVALCLI=…) and a python with pandas and openpyxl (PYTHON=…, default
# .build/peers-venv/bin/python when it exists). Works in ${TMPDIR:-/tmp}/peers-xlsx-N (generated
# once, seed 42). Prints both times, the sheets' XML in MB and evalcli's MB/s, and the ratio.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-10000}
evalcli=${EVALCLI:-$root/.build/release/evalcli}
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$root/.build/peers-venv/bin/python" ]; then PYTHON=$root/.build/peers-venv/bin/python; else PYTHON=python3; fi
fi
[ -x "$evalcli" ] || { echo "xlsx_side_by_side: no $evalcli (build it first: swift build -c release)" >&2; exit 1; }
"$PYTHON" -c 'import pandas, openpyxl' 2>/dev/null || { echo "xlsx_side_by_side: $PYTHON has no pandas/openpyxl (README.md: the venv)" >&2; exit 1; }
work=${TMPDIR:-/tmp}/peers-xlsx-$n
mkdir -p "$work"
[ -f "$work/book.xlsx" ] || "$evalcli" generate --projects "$n" --seed 42 --lang zh --format xlsx --out "$work" >"$work/generate.log" 2>&1 ||
    { cat "$work/generate.log" >&2; exit 1; }
xml=$(unzip -l "$work/book.xlsx" | awk '/worksheets\/sheet/ { s += $1 } END { printf "%.1f", s / 1e6 }')
echo "$n projects: book.xlsx $(du -m "$work/book.xlsx" | cut -f1) MB, $xml MB of sheet XML; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "%e %M" -o "$work/evalcli.time" "$evalcli" validate --projects "$work/book.xlsx" --indicators "$work/book.xlsx" >"$work/evalcli.log" 2>&1 ||
    { tail -5 "$work/evalcli.log" >&2; exit 1; }
read -r ours ours_rss <"$work/evalcli.time"
echo "evalcli validate (both sheets):      wall ${ours} s, peak RSS $((ours_rss / 1024)) MB, $(awk -v x="$xml" -v t="$ours" 'BEGIN { printf "%.0f", x / t }') MB/s of XML"
/usr/bin/time -f "%e %M" -o "$work/pandas.time" "$PYTHON" "$here/read_xlsx_pandas.py" "$work/book.xlsx" >"$work/pandas.log" 2>&1 ||
    { cat "$work/pandas.log" >&2; exit 1; }
read -r theirs theirs_rss <"$work/pandas.time"
echo "pandas.read_excel (openpyxl), both: wall ${theirs} s, peak RSS $((theirs_rss / 1024)) MB"
echo "    $(tail -n 1 "$work/pandas.log")"
awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "pandas / evalcli: %.1fx wall time\n", a / b }'

# Writing: the same batch as CSV, scored into results.xlsx; pandas writes the CSV results.
[ -f "$work/csv/projects.csv" ] || "$evalcli" generate --projects "$n" --seed 42 --lang zh --out "$work/csv" >"$work/generate-csv.log" 2>&1 ||
    { cat "$work/generate-csv.log" >&2; exit 1; }
"$evalcli" score --projects "$work/csv/projects.csv" --indicators "$work/csv/indicators.csv" --out "$work/csv-results" --quiet >"$work/score-csv.log" 2>&1 ||
    { tail -5 "$work/score-csv.log" >&2; exit 1; }
/usr/bin/time -f "%e %M" -o "$work/evalcli-write.time" "$evalcli" score --projects "$work/csv/projects.csv" --indicators "$work/csv/indicators.csv" \
    --out "$work/xlsx-results" --format xlsx --quiet >"$work/evalcli-write.log" 2>&1 || { tail -5 "$work/evalcli-write.log" >&2; exit 1; }
read -r ours ours_rss <"$work/evalcli-write.time"
xml=$(unzip -l "$work/xlsx-results/results.xlsx" | awk '/worksheets\/sheet/ { s += $1 } END { printf "%.1f", s / 1e6 }')
echo "evalcli score --format xlsx (read, score, write): wall ${ours} s, peak RSS $((ours_rss / 1024)) MB; results.xlsx $(du -m "$work/xlsx-results/results.xlsx" | cut -f1) MB, $xml MB of sheet XML"
/usr/bin/time -f "%e %M" -o "$work/pandas-write.time" "$PYTHON" "$here/write_xlsx_pandas.py" "$work/csv-results" "$work/pandas-results.xlsx" >"$work/pandas-write.log" 2>&1 ||
    { cat "$work/pandas-write.log" >&2; exit 1; }
read -r theirs theirs_rss <"$work/pandas-write.time"
echo "pandas.to_excel (openpyxl) of the CSV results: wall ${theirs} s, peak RSS $((theirs_rss / 1024)) MB"
echo "    $(tail -n 1 "$work/pandas-write.log")"
awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "pandas (writing only) / evalcli (the whole run): %.1fx wall time\n", a / b }'
