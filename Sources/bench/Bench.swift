import ArgumentParser
import Foundation

/// `bench`: measures this machine's limits, then times every stage of the pipeline at several
/// sizes and reports each figure as a share of the applicable limit (SPEC §11).
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time every ScoreKernel stage against this machine's memory bandwidth and dgemm throughput.",
        discussion: """
            The table goes to standard output, progress to standard error. Run with
            OPENBLAS_NUM_THREADS=1 (as `make bench` does) so that BLAS does not start its own threads.

            Examples:
              bench                                   # 10k, 100k and 1M projects
              bench --quick                           # 10k only, in well under a minute
              bench --sizes 10k,100k --json bench.json
              bench --quick --compare baseline.json --tolerance 0.25   # CI: exit 1 on a regression
              bench --compare baseline.json --results run.json         # judge an earlier run
            """
    )

    @Option(help: "Project counts, comma-separated; k and M suffixes allowed (default 10k,100k,1M; 10k with --quick).",
            transform: SizeList.parse)
    var sizes: [Int]?

    @Option(help: "Timed repeats of every stage (default 5; 2 with --quick).")
    var repeats: Int?

    @Option(help: "Untimed warm-up runs before the repeats.")
    var warmup = 1

    @Flag(help: "Small sizes and few repeats: a smoke test or CI gate that finishes within a minute.")
    var quick = false

    @Option(help: "Only the stages named, comma-separated (a name selects its variants: scenarios → scenarios-m1-k4 …).",
            transform: { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } })
    var stages: [String]?

    @Option(help: "Workers for the stages and for the multi-threaded limits.")
    var threads = 2

    @Option(help: "Seed of the reference data's generator.")
    var seed: UInt64 = 42

    @Option(help: "Write every figure and the machine's description to this JSON file.")
    var json: String?

    @Option(help: "Compare the ratios with those of a JSON report written earlier by --json; exit 1 if any fell behind.")
    var compare: String?

    @Option(help: "With --compare: how far below the baseline ratio a stage may fall (0.25 = 25 %).")
    var tolerance = 0.25

    @Option(help: "With --compare: judge this report, written earlier by --json, instead of measuring now.")
    var results: String?

    func validate() throws {
        if let sizes, sizes.isEmpty || sizes.contains(where: { $0 < 1 }) {
            throw ValidationError("--sizes needs positive project counts")
        }
        if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup cannot be negative") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard tolerance >= 0 && tolerance < 1 else { throw ValidationError("--tolerance must be in [0, 1)") }
        if results != nil && compare == nil { throw ValidationError("--results goes with --compare") }
        if let stages {
            let known = Self.stages(threads: threads).map(\.name)
            for s in stages where !known.contains(where: { Self.selects(s, $0) }) {
                throw ValidationError("unknown stage '\(s)'; stages: \(known.joined(separator: ", "))")
            }
        }
    }

    func run() throws {
        // Read the baseline first: a bad path should fail before minutes of measuring.
        let baseline = try compare.map { try BenchReport.load(from: $0) }
        if let baseline, let results {
            try judge(try BenchReport.load(from: results), against: baseline)
            return
        }
        let date = ISO8601DateFormatter().string(from: Date())
        let machine = MachineDescription.current()
        Progress.note("machine: \(machine.summary)")

        var plan = MachineLimits.Plan(
            arrayBytes: MachineLimits.Plan.arrayBytes(largestCache: machine.largestCacheBytes),
            threads: Array(Set([1, threads])).sorted())
        if quick { (plan.bandwidthRepeats, plan.dgemmRepeats) = (5, 2) }
        let limits = MachineLimits.measure(plan)
        let warnings = [limits.busyCoreWarning].compactMap { $0 }
        for w in warnings { Progress.note("WARNING: \(w)") }

        let runner = StageRunner(warmup: warmup, repeats: repeats ?? (quick ? 2 : 5), limits: limits)
        let selected = Self.stages(threads: threads).filter { stage in
            stages.map { $0.contains { Self.selects($0, stage.name) } } ?? true
        }
        let root = FileManager.default.temporaryDirectory.path + "/scorekernel-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }

        var results: [StageResult] = []
        for size in sizes ?? (quick ? [10_000] : [10_000, 100_000, 1_000_000]) {
            let fixture = try Fixture(projects: size, seed: seed, threads: threads, under: root)
            defer { fixture.remove() }
            for stage in selected where stage.maximumProjects.map({ size <= $0 }) ?? true {
                results.append(try runner.run(stage, on: fixture))
            }
        }

        let report = BenchReport(date: date, arguments: CommandLine.arguments, seed: seed, warmup: runner.warmup,
                                 repeats: runner.repeats, machine: machine, limits: limits, results: results,
                                 warnings: warnings.isEmpty ? nil : warnings)
        print(report.renderTable())
        if let json {
            try report.write(to: json)
            Progress.note("wrote \(json)")
        }
        if let baseline { try judge(report, against: baseline) }
    }

    /// Prints the comparison of `report` with `baseline`; exit 1 when a stage fell behind.
    func judge(_ report: BenchReport, against baseline: BenchReport) throws {
        let comparison = BaselineComparison(current: report, baseline: baseline, tolerance: tolerance)
        print("\n" + comparison.render())
        if baseline.machine.cpuModel != report.machine.cpuModel || baseline.seed != report.seed {
            Progress.note("note: the baseline was measured on '\(baseline.machine.cpuModel)' with seed \(baseline.seed)")
        }
        if !comparison.passed {
            if report.warnings != nil { print("(this run carries a warning: a regression may be the machine, not the code)") }
            throw ExitCode(1)
        }
    }

    /// Whether the filter word `filter` selects the stage named `name`: the name itself, or the
    /// family it belongs to (`scenarios` selects `scenarios-m100-k4`).
    static func selects(_ filter: String, _ name: String) -> Bool {
        name == filter || name.hasPrefix(filter + "-")
    }
}
