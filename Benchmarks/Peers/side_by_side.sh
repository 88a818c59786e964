#!/bin/sh
# Times `evalcli scenarios --monte-carlo M` and the numpy peer on the same generated input.
#
#   Benchmarks/Peers/side_by_side.sh [PROJECTS [M [SEED]]]     (defaults: 100000 1000 7)
#
# Needs a release evalcli (EVALCLI=…, default .build/release/evalcli; this script never builds)
# and python3 with numpy >= 2.0. Works in ${TMPDIR:-/tmp}/peers-N. Prints evalcli's wall time, its
# scenario stage (from its progress lines: drawing … writing, 0.1 s resolution) and peak RSS, then
# the peer's JSON line, then the ratios numpy ÷ evalcli (2 threads) for the whole command and the
# scenario job.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-100000}
m=${2:-1000}
seed=${3:-7}
evalcli=${EVALCLI:-$root/.build/release/evalcli}
work=${TMPDIR:-/tmp}/peers-$n
mkdir -p "$work"
[ -f "$work/projects.csv" ] || "$evalcli" generate --projects "$n" --seed 42 --out "$work" >/dev/null

for threads in 2 1; do
    rm -rf "$work/evalcli-t$threads"
    /usr/bin/time -f "%e %M" -o "$work/time-t$threads" \
        "$evalcli" scenarios --projects "$work/projects.csv" --indicators "$work/indicators.csv" \
        --monte-carlo "$m" --seed "$seed" --threads "$threads" --out "$work/evalcli-t$threads" \
        >"$work/log-t$threads" 2>&1
    stage=$(awk '/scenarios: drawing/ {a = $1} /writing/ {b = $1} END {printf "%.1f", b - a}' "$work/log-t$threads")
    read -r wall rss <"$work/time-t$threads"
    echo "evalcli --threads $threads: wall ${wall} s, scenario stage ~${stage} s, peak RSS $((rss / 1024)) MB"
    if [ "$threads" = 2 ]; then ours_wall=$wall; ours_stage=$stage; fi
done
rm -rf "$work/numpy"
python3 "$here/scenarios_numpy.py" --projects "$work/projects.csv" --indicators "$work/indicators.csv" \
    --monte-carlo "$m" --seed "$seed" --out "$work/numpy" | tee "$work/numpy.json"
python3 - "$work/numpy.json" "$ours_wall" "$ours_stage" "$n" "$m" <<'PY'
import json, sys
peer = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
wall, stage, n, m = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"{n:,} projects x {m:,} scenarios: numpy / evalcli = {peer['total_s'] / wall:.1f}x whole command "
      f"({peer['total_s']:.1f} s vs {wall:.1f} s), {peer['scenarios_s'] / max(stage, 0.1):.1f}x scenario job "
      f"({peer['scenarios_s']:.1f} s vs ~{stage:.1f} s)")
PY
