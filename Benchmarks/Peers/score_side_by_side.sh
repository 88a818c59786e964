#!/bin/sh
# Times `evalcli score` and the polars peer (score_polars.py) on the same generated input.
#
#   Benchmarks/Peers/score_side_by_side.sh [PROJECTS]        (default: 100000)
#
# Needs a release evalcli (EVALCLI=…, default .build/release/evalcli; this script never builds)
# and a python with polars (PYTHON=…, default .build/peers-venv/bin/python when it exists, else
# python3; see README.md for the venv). Works in ${TMPDIR:-/tmp}/peers-score-N (generated once,
# seed 42). REPEATS=n runs each tool n times (default 1) and keeps the fastest; CHECK=0 skips the
# agreement check (compare_score.py). Prints the load average before and after, so that a run
# taken while the other core was busy shows it.
#
# evalcli is timed as a user runs it (all six result tables) and, when the binary has
# `--outputs` (issue 13 item 5), with `--outputs project_scores,departments`: the same two tables
# the peer writes. The ratio polars ÷ evalcli is against the latter when it exists.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-100000}
repeats=${REPEATS:-1}
evalcli=${EVALCLI:-$root/.build/release/evalcli}
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$root/.build/peers-venv/bin/python" ]; then PYTHON=$root/.build/peers-venv/bin/python; else PYTHON=python3; fi
fi
[ -x "$evalcli" ] || { echo "score_side_by_side: no $evalcli (build it first: swift build -c release)" >&2; exit 1; }
"$PYTHON" -c 'import polars' 2>/dev/null || { echo "score_side_by_side: $PYTHON has no polars (README.md: the venv)" >&2; exit 1; }
work=${TMPDIR:-/tmp}/peers-score-$n
mkdir -p "$work"
[ -f "$work/indicators.csv" ] || "$evalcli" generate --projects "$n" --seed 42 --out "$work" >"$work/generate.log" 2>&1 ||
    { cat "$work/generate.log" >&2; exit 1; }
p=$work/projects.csv
i=$work/indicators.csv
echo "$n projects: $(du -m "$p" | cut -f1) + $(du -m "$i" | cut -f1) MB of CSV; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# best NAME COMMAND…: runs COMMAND `repeats` times under /usr/bin/time, keeps the fastest wall time
# and its peak RSS in $work/NAME.time ("wall rss_kb"). Each try starts after `sync`, so that the
# write-back of the previous run's output (2 GB for all six tables at 1M) is not timed as part of
# the next one.
best() {
    name=$1
    shift
    rm -f "$work/$name.time"
    k=0
    while [ "$k" -lt "$repeats" ]; do
        sync
        /usr/bin/time -f "%e %M" -o "$work/$name.try" "$@" >"$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
        if [ ! -f "$work/$name.time" ] || awk -v a="$(cut -d' ' -f1 "$work/$name.try")" -v b="$(cut -d' ' -f1 "$work/$name.time")" 'BEGIN { exit !(a < b) }'; then
            cp "$work/$name.try" "$work/$name.time"
            cp "$work/$name.log" "$work/$name.best.log"
        fi
        k=$((k + 1))
    done
}

best evalcli-all "$evalcli" score --projects "$p" --indicators "$i" --out "$work/evalcli-all"
read -r all_wall all_rss <"$work/evalcli-all.time"
echo "evalcli score (all six tables):                   wall ${all_wall} s, peak RSS $((all_rss / 1024)) MB"
ours_wall=$all_wall
ours_rss=$all_rss
ours=evalcli-all
what="all six tables"
if "$evalcli" score --help 2>&1 | grep -q -- '--outputs'; then
    best evalcli-two "$evalcli" score --projects "$p" --indicators "$i" --outputs project_scores,departments --out "$work/evalcli-two"
    read -r ours_wall ours_rss <"$work/evalcli-two.time"
    ours=evalcli-two
    what="--outputs project_scores,departments"
    echo "evalcli score --outputs project_scores,departments: wall ${ours_wall} s, peak RSS $((ours_rss / 1024)) MB"
else
    echo "(this evalcli has no --outputs: it also writes indicator_scores, flags, sectors and department_categories)"
fi
best polars "$PYTHON" "$here/score_polars.py" --projects "$p" --indicators "$i" --out "$work/polars"
read -r pl_wall pl_rss <"$work/polars.time"
echo "polars peer (project_scores, departments):        wall ${pl_wall} s, peak RSS $((pl_rss / 1024)) MB"
echo "    $(tail -n 1 "$work/polars.best.log")"
awk -v a="$pl_wall" -v b="$ours_wall" -v ra="$pl_rss" -v rb="$ours_rss" -v what="$what" 'BEGIN {
    printf "polars / evalcli (%s): %.2fx wall time, %.2fx peak RSS\n", what, a / b, ra / rb }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${CHECK:-1}" != 0 ]; then
    "$PYTHON" "$here/compare_score.py" "$work/$ours" "$work/polars"
fi
