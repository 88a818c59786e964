#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs them (what `make fuzz` does); see README.md.
#
#   Fuzz/fuzz.sh                    build, replay Regressions/, fuzz every target FUZZ_SECONDS each
#   Fuzz/fuzz.sh build              build only
#   Fuzz/fuzz.sh regressions        build, replay every file in Regressions/<target>/ once
#   Fuzz/fuzz.sh run csv scheme     build, replay, fuzz the named targets only
#
# Environment: FUZZ_SECONDS (60), FUZZ_LEAKS (0: leaks checked at exit; 1: after every input),
# SWIFT (swift).
#
# Each target fuzzes a scratch copy of Corpus/<target> in .build/fuzz/corpus/<target> (so that
# corpus growth never touches the committed seeds); crash, leak, OOM and timeout inputs are
# written to .build/fuzz/findings/<target>/ and the whole libFuzzer log to
# .build/fuzz/logs/<target>.log. Exits 1 when any regression or fuzz run failed.
set -uo pipefail
cd "$(dirname "$0")"

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
ALL_TARGETS=(csv values scheme pipeline cells weights bases report sheet)
# Swift's debug checks stay on (bounds, overflow, preconditions); ASan plus libFuzzer's
# coverage for every Swift target, ScoreKernel included. `-sanitize=fuzzer` itself is not used:
# at link time it would add libFuzzer's own `main` (see Package.swift).
BUILD_FLAGS=(-c debug -Xswiftc -sanitize=address
             -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table)
# Without this the Swift runtime's backtracer may catch a crash first and hang, and libFuzzer
# never writes the input.
export SWIFT_BACKTRACE=enable=no
# The harness scores on two threads; keep OpenBLAS from adding its own.
export OPENBLAS_NUM_THREADS=1
# Leaks: libdispatch keeps freed continuations in per-thread caches, so most inputs that reach a
# concurrentPerform end with more mallocs than frees, and with -detect_leaks=1 libFuzzer runs a
# full LeakSanitizer pass after each of them (until it gives up after 1000): 2-6x fewer
# executions. So by default leaks are checked once, at exit (LeakSanitizer still fails the run
# and prints the allocation's stack); FUZZ_LEAKS=1 checks after every input, to find the input.
FUZZ_LEAKS=${FUZZ_LEAKS:-0}
# A smaller ASan quarantine (default 256 MB): a fifth of the memory and faster leak passes; it
# only shortens the window for use-after-free reports.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16

binary() {
    case $1 in
        csv) echo FuzzCSV ;;
        values) echo FuzzValues ;;
        scheme) echo FuzzScheme ;;
        pipeline) echo FuzzPipeline ;;
        cells) echo FuzzCells ;;
        weights) echo FuzzWeights ;;
        bases) echo FuzzBases ;;
        report) echo FuzzReport ;;
        sheet) echo FuzzSheet ;;
        *) echo "unknown fuzz target: $1 (targets: ${ALL_TARGETS[*]})" >&2; exit 2 ;;
    esac
}

max_len() {
    case $1 in
        values) echo 256 ;;
        cells) echo 1024 ;;
        csv) echo 4096 ;;
        *) echo 8192 ;;
    esac
}

build() {
    local start=$SECONDS
    echo "fuzz: building (debug, ASan, libFuzzer coverage) in Fuzz/.build"
    # ld.gold warns once per ASan helper symbol ("Cannot export local symbol"): noise.
    nice -n 10 "${SWIFT:-swift}" build "${BUILD_FLAGS[@]}" 2>&1 | grep -v "Cannot export local symbol"
    local status=${PIPESTATUS[0]}
    echo "fuzz: build finished in $((SECONDS - start)) s (status $status)"
    return "$status"
}

BIN=.build/debug

# The lines of a failing log that say what happened: the error, the first ScoreKernel frame
# (demangled, with its file and line) and the saved input.
report() {
    grep -E "^(SUMMARY|==[0-9]+== ?ERROR)|Fatal error|Precondition failed|Assertion failed|Test unit written to" "$1" | head -6 | sed 's/^/    /'
    grep -m1 -E "#[0-9]+ 0x[0-9a-f]+ in \\\$s11ScoreKernel" "$1" | sed -E 's/.* in ([^ ]+) (.*)/\1 \2/' |
        "${SWIFT:-swift}" demangle --simplified 2>/dev/null | sed 's/^/    at /'
}
failed=()

regressions() {
    local t file
    for t in "$@"; do
        for file in Regressions/"$t"/*; do
            [ -f "$file" ] || continue
            [ "$(basename "$file")" = README.md ] && continue
            if "$BIN/$(binary "$t")" -rss_limit_mb=2048 -timeout=20 "$file" > ".build/fuzz/logs/regression.log" 2>&1; then
                echo "fuzz: regression ok      $file"
            else
                echo "fuzz: REGRESSION FAILED  $file"
                report .build/fuzz/logs/regression.log
                failed+=("regression $file")
            fi
        done
    done
}

fuzz() {
    local t=$1 corpus=.build/fuzz/corpus/$1 findings=.build/fuzz/findings/$1/ log=.build/fuzz/logs/$1.log
    rm -rf "$corpus" && mkdir -p "$corpus" "$findings" && cp Corpus/"$t"/* "$corpus"/
    echo "fuzz: $t for $FUZZ_SECONDS s ($(ls "$corpus" | wc -l) seeds)"
    "$BIN/$(binary "$t")" "$corpus" \
        -dict="Dictionaries/$t.dict" -max_len="$(max_len "$t")" \
        -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 -detect_leaks="$FUZZ_LEAKS" \
        -artifact_prefix="$findings" -print_final_stats=1 > "$log" 2>&1
    local status=$?
    grep -E "INITED|DONE|stat::number_of_executed_units|stat::average_exec_per_sec" "$log" | sed 's/^/    /'
    if [ "$status" -ne 0 ]; then
        echo "fuzz: $t FAILED (exit $status); log: Fuzz/$log"
        report "$log"
        failed+=("fuzz $t")
    fi
}

command=${1:-all}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do binary "$t" > /dev/null || exit 2; done

build || exit 1
[ "$command" = build ] && exit 0
mkdir -p .build/fuzz/logs
regressions "${targets[@]}"
if [ "$command" = all ] || [ "$command" = run ]; then
    for t in "${targets[@]}"; do fuzz "$t"; done
elif [ "$command" != regressions ]; then
    echo "usage: $0 [all | build | regressions | run] [target...]" >&2
    exit 2
fi

if [ ${#failed[@]} -gt 0 ]; then
    printf 'fuzz: FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "fuzz: all passed"
