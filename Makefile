# ScoreKernel — the two commands a new machine needs: `make demo` and `make test`.
SWIFT       ?= swift
DEMO_DIR    ?= demo
DEMO_N      ?= 100000
DEMO_SEED   ?= 42
EVALCLI      = .build/release/evalcli
export OPENBLAS_NUM_THREADS ?= 1
export OPENBLAS_THREAD_TIMEOUT ?= 4

BENCH_ARGS  ?=
FUZZ_SECONDS ?= 60

.PHONY: deps build release test test-report demo bench bench-peers benchmarks fuzz docs clean

# OpenBLAS, zlib (ZIPFoundation's inflate, for .xlsx) and pkg-config (which SwiftPM uses to find
# them) from Debian when missing.
deps:
	@if ! dpkg -s libopenblas-dev >/dev/null 2>&1 || ! dpkg -s zlib1g-dev >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1; then \
	  echo "installing libopenblas-dev, zlib1g-dev and pkg-config (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas-dev zlib1g-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: release
	@mkdir -p $(DEMO_DIR)
	$(EVALCLI) generate --projects $(DEMO_N) --seed $(DEMO_SEED) --out $(DEMO_DIR)
	$(EVALCLI) score --projects $(DEMO_DIR)/projects.csv --indicators $(DEMO_DIR)/indicators.csv --out $(DEMO_DIR)/results \
	  --apply execution-pool,grade-tiered-deduction,below-average-cut,monitoring-adjustment --bases $(DEMO_DIR)/bases.csv
	$(EVALCLI) score --projects $(DEMO_DIR)/projects.csv --indicators $(DEMO_DIR)/indicators.csv --out $(DEMO_DIR)/own-rules \
	  --scheme examples/application/scheme.yaml --apply scheme --bases $(DEMO_DIR)/bases.csv --outputs adjustments,application_totals
	$(EVALCLI) scenarios --projects $(DEMO_DIR)/projects.csv --indicators $(DEMO_DIR)/indicators.csv --monte-carlo 1000 --seed 7 --out $(DEMO_DIR)/scenarios
	$(EVALCLI) report --results $(DEMO_DIR)/results --results $(DEMO_DIR)/scenarios --out $(DEMO_DIR)/report.html

# The report's browser test (Tests/Report/test_report.sh): Debian's chromium and a CJK font
# (without one Chinese renders as empty boxes) when missing; a generated batch with hostile
# department names scored, analysed and reported, rendered headless, every number on the page
# checked against the CSVs; the demo's report too when `make demo` has made one. Screenshots:
# .build/report.png (and .build/demo-report.png).
test-report: release
	@if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then \
	  echo "installing chromium and fonts-wqy-microhei (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi
	Tests/Report/test_report.sh

# `make bench BENCH_ARGS="--quick --compare docs/bench-baseline.json"` passes options through.
bench: release
	.build/release/bench $(BENCH_ARGS)

# The tools a user would otherwise pick, side by side with evalcli on the same generated files
# (Benchmarks/Peers/README.md): the polars scoring job (read, score, department table, write the
# project and department tables) at 100k and 1M projects, and the numpy Monte Carlo job at 100k
# projects × 1,000 and 10,000 scenarios (the second holds a 4 GB rank array), and reading a
# 10k-project workbook against pandas + openpyxl. numpy, polars, pandas and openpyxl come from
# PyPI into a venv under .build/ the first time.
PEER_SCORE_SIZES ?= 100000 1000000
PEER_SIZES ?= 1000 10000
PEER_XLSX_SIZES ?= 10000
PEERS_VENV = .build/peers-venv
bench-peers: release
	@[ -x $(PEERS_VENV)/bin/python ] || python3 -m venv $(PEERS_VENV)
	@$(PEERS_VENV)/bin/python -c 'import numpy, polars, pandas, openpyxl' 2>/dev/null || $(PEERS_VENV)/bin/pip install -q -r Benchmarks/Peers/requirements.txt
	@for n in $(PEER_SCORE_SIZES); do PYTHON=$(PEERS_VENV)/bin/python Benchmarks/Peers/score_side_by_side.sh $$n; done
	@for m in $(PEER_SIZES); do PATH=$(CURDIR)/$(PEERS_VENV)/bin:$$PATH Benchmarks/Peers/side_by_side.sh 100000 $$m; done
	@for n in $(PEER_XLSX_SIZES); do PYTHON=$(PEERS_VENV)/bin/python Benchmarks/Peers/xlsx_side_by_side.sh $$n; done

# The package-benchmark suite (a nested package: its first build takes about 4 minutes) and its
# allocation gate against Benchmarks/Thresholds. Built on every core, then run pinned to one CPU
# (BENCH_CPU, the first this process may use): Dispatch then runs the library's fixed two- and
# four-way fan-outs inline, so the counts cannot depend on the machine's cores
# (Benchmarks/README.md, "How the gates are chosen").
BENCH_CPU ?= $(shell awk '/^Cpus_allowed_list/ { split($$2, c, /[-,]/); print c[1] }' /proc/self/status)

benchmarks: deps
	cd Benchmarks && $(SWIFT) build -c release --product ScoreKernelBenchmarks
	cd Benchmarks && taskset -c $(BENCH_CPU) $(SWIFT) package benchmark
	cd Benchmarks && taskset -c $(BENCH_CPU) $(SWIFT) package benchmark thresholds check

# The libFuzzer targets (a nested package, Fuzz/; see Fuzz/README.md): builds them (debug, ASan),
# replays Fuzz/Regressions, then fuzzes each target for FUZZ_SECONDS; fails on a crash, leak,
# OOM or timeout. `make fuzz FUZZ_SECONDS=600` fuzzes longer.
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) Fuzz/fuzz.sh

# The API reference (DocC, swift-docc-plugin), warnings as errors: a broken symbol link fails.
docs:
	$(SWIFT) package generate-documentation --target ScoreKernel --warnings-as-errors

clean:
	rm -rf .build $(DEMO_DIR)
