#!/bin/sh
# The browser test of `evalcli report` (issue 11), run by `make test-report`: a generated batch
# (two departments renamed to a script tag and to quotes and markup) scored with the demo's
# application rules and analysed with Monte Carlo weights; the report rendered by headless
# Chromium, a screenshot saved, and the rendered page checked against the CSVs
# (check_report.py). The demo's report is checked too when `make demo` has made one.
set -eu
EVALCLI=${EVALCLI:-.build/release/evalcli}
N=${REPORT_N:-20000}
DIR=.build/report-test
HERE=$(dirname "$0")
rm -rf "$DIR"
mkdir -p "$DIR"

render() {  # render PAGE NAME: DOM and console log in $DIR, screenshot .build/NAME.png
  page=$(realpath "$1")
  chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --virtual-time-budget=2000 \
    --dump-dom "file://$page" >"$DIR/$2.dom.html" 2>"$DIR/$2.console.log"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,9000 \
    --screenshot=".build/$2.png" "file://$page" >/dev/null 2>&1
  grep -q "</html>" "$DIR/$2.dom.html" || { echo "chromium did not render $1"; cat "$DIR/$2.console.log"; exit 1; }
}

$EVALCLI generate --projects "$N" --seed 11 --out "$DIR/gen" >/dev/null
python3 "$HERE/hostile_names.py" "$DIR/gen"
$EVALCLI score --projects "$DIR/gen/projects.csv" --indicators "$DIR/gen/indicators.csv" --out "$DIR/results" --quiet \
  --apply execution-pool,grade-tiered-deduction,below-average-cut,monitoring-adjustment --bases "$DIR/gen/bases.csv" >/dev/null 2>"$DIR/score.log"
$EVALCLI scenarios --projects "$DIR/gen/projects.csv" --indicators "$DIR/gen/indicators.csv" --monte-carlo 200 --seed 7 \
  --out "$DIR/scenarios" --quiet >/dev/null 2>"$DIR/scenarios.log"
$EVALCLI report --results "$DIR/results" --results "$DIR/scenarios" --out "$DIR/report.html"
render "$DIR/report.html" report
python3 "$HERE/check_report.py" "$DIR/report.dom.html" "$DIR/report.console.log" "$DIR/results" "$DIR/scenarios"

# The checker must fail on a page that differs from the CSVs: one number changed.
sed 's/data-k="projects">[0-9,]*</data-k="projects">1</' "$DIR/report.dom.html" >"$DIR/tampered.dom.html"
if python3 "$HERE/check_report.py" "$DIR/tampered.dom.html" "$DIR/report.console.log" "$DIR/results" "$DIR/scenarios" >/dev/null; then
  echo "check_report.py passed a page with a wrong number"; exit 1
fi

if [ -f demo/report.html ] && [ -d demo/results ]; then
  render demo/report.html demo-report
  python3 "$HERE/check_report.py" "$DIR/demo-report.dom.html" "$DIR/demo-report.console.log" demo/results demo/scenarios
fi
echo "report test passed; screenshots in .build/report.png$( [ -f .build/demo-report.png ] && echo ' and .build/demo-report.png')"
