import ArgumentParser
import Foundation
import ScoreKernel

extension EvalCLI {
    struct Scenarios: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scenarios",
            abstract: "What-if category weights and rank uncertainty (SPEC §9).",
            discussion: """
                Scores every project under other category weights and compares the result with the official \
                (§4.4) scores. `run` (the default) takes one source of scenarios; `merge` joins the parts of a \
                run split with --shard. Columns: docs/output.md; method: docs/scenarios.md.

                Examples:
                  evalcli scenarios --projects demo/projects.csv --indicators demo/indicators.csv --monte-carlo 1000 --seed 7 --out mc
                  evalcli scenarios --projects p.csv --indicators i.csv --weights weights.csv --out what-if
                  evalcli scenarios --projects p.csv --indicators i.csv --grid 10:5 --out grid
                  evalcli scenarios --projects p.csv --indicators i.csv --monte-carlo 10000 --shard 2/3 --out part2
                  evalcli scenarios merge part1 part2 part3 --out mc
                """,
            subcommands: [Run.self, Merge.self],
            defaultSubcommand: Run.self
        )
    }
}

/// Output options shared by `scenarios run` and `scenarios merge`.
struct ScenarioOutputOptions: ParsableArguments {
    @Option(help: "Folder for the result files: new, empty, or an earlier run's results and nothing else (replaced whole).")
    var out: String

    @Option(help: "csv, json, or xlsx (one workbook, results.xlsx, with a sheet per table).")
    var format: EvalCLI.Score.Format = .csv

    @Option(help: "Header language: en or zh.")
    var lang: OutputLanguage = .en

    @Flag(help: "Write CSV with a byte-order mark so that Excel opens Chinese text correctly (no effect on json, xlsx).")
    var excel = false

    var resultFormat: ResultFormat { format.result(excel: excel) }

    /// Writes `results`, or exit 1 naming the problem.
    func write(_ results: ScenarioResults, threads: Int) throws -> [String] {
        do {
            return try results.write(to: out, language: lang, format: resultFormat, threads: threads)
        } catch {
            Report.line("cannot write the results: \(error); \(out) is as it was")
            throw ExitCode(1)
        }
    }
}

extension EvalCLI.Scenarios {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run scenarios from a weights file, a grid or Monte Carlo sampling.",
            discussion: """
                Writes scenarios (one row per period and scenario: as_filed, scheme, then the source's), \
                scenario_weights and grade_margins; with --monte-carlo also rank_intervals, \
                department_rank_intervals and sensitivity. The same seed gives the same files byte for byte \
                with any --threads and any --shard split, and on any machine by construction (IEEE arithmetic \
                only, no BLAS or libm).

                Columns (--lang zh: the Chinese names in docs/output.md):
                  scenarios: period, scenario, w_<category>…, mean, n_<grade>…, n_up, n_down, spearman,
                    top_k_overlap, bottom_k_overlap, department_spearman
                  scenario_weights: scenario, w_<category>…
                  rank_intervals: period, project_id, department, baseline_rank, median_rank, p05_rank,
                    p95_rank, prob_<grade>…, most_sensitive_to
                  department_rank_intervals: period, department, projects, baseline_rank, median_rank,
                    p05_rank, p95_rank
                  sensitivity: period, category, score_share, spearman_share
                  grade_margins: period, project_id, department, score, grade, margin_down, margin_up,
                    toward_down, toward_up
                  scenario_application (with --apply): period, scenario, rule, adjusted, entered, left,
                    deducted, rewarded, remainder

                --apply NAMES --bases FILE applies result-application rules (as `evalcli score --apply`) under \
                every scenario: department rules, on the mean of the projects' rounded scenario scores, and \
                project rules that do not look at the project's own score. Not with --shard.

                Weights file: CSV `scenario,output,benefit,satisfaction,execution` (Chinese category names \
                accepted; under `dimension: level2` or `indicator` the columns are those categories; a missing \
                column weighs 0), or YAML with optional grade bands per scenario (docs/scenarios.md). \
                Each vector must sum to 100.

                Examples:
                  evalcli scenarios --projects demo/projects.csv --indicators demo/indicators.csv --monte-carlo 1000 --seed 7 --out mc
                  evalcli scenarios --projects p.csv --indicators i.csv --monte-carlo 500 --spread 5 --out mc
                  evalcli scenarios --projects p.csv --indicators i.csv --weights weights.yaml --lang zh --excel --out what-if
                  evalcli scenarios --projects p.csv --indicators i.csv --grid 10:5 --out grid
                  evalcli scenarios --projects demo/projects.csv --indicators demo/indicators.csv --monte-carlo 1000 \\
                    --apply execution-pool,grade-tiered-deduction --bases demo/bases.csv --out mc
                """
        )

        @OptionGroup var input: InputOptions
        @OptionGroup var output: ScenarioOutputOptions

        @Option(help: "Named weight vectors: a CSV or YAML file.")
        var weights: String?

        @Option(help: ArgumentHelp("Every weight vector on the simplex with this step (and lower bound), in weight points.",
                                   valueName: "step[:min]"))
        var grid: String?

        @Option(name: .customLong("monte-carlo"), help: ArgumentHelp("Sample this many scenarios around the scheme's weights.", valueName: "M"))
        var monteCarlo: Int?

        @Option(help: "Seed of the Monte Carlo sample.")
        var seed: UInt64 = 1

        @Option(help: "Dirichlet concentration κ: α_k = κ·w_k/Σw (the default sampler, κ = 50).")
        var concentration: Double?

        @Option(help: "Instead of Dirichlet: each weight uniform within ± this many points, then renormalised to 100.")
        var spread: Double?

        @Option(help: "How many projects at the top and bottom of each ranking to compare with the official ranking.")
        var topK = 10

        @Option(help: "Workers, at most one per core (the default). Results do not depend on it.")
        var threads: Int?

        @Option(help: ArgumentHelp("Run only part i of n and write it for `evalcli scenarios merge`.", valueName: "i/n"))
        var shard: String?

        @Option(help: ArgumentHelp("Result-application rules to apply under every scenario: presets or `scheme`.", valueName: "names"))
        var apply: String?

        @Option(help: "bases.csv for --apply: per period and department, the amounts rules charge.")
        var bases: String?

        func validate() throws {
            let sources = [weights != nil, grid != nil, monteCarlo != nil].filter { $0 }.count
            guard sources == 1 else { throw ValidationError("give exactly one of --weights, --grid and --monte-carlo") }
            if let grid, Self.grid(grid) == nil {
                throw ValidationError("--grid \"\(grid)\" is not STEP or STEP:MIN in weight points, such as 10 or 5:10")
            }
            if let monteCarlo, !(1...ScenarioRequest.maximumScenarios).contains(monteCarlo) {
                throw ValidationError("--monte-carlo must be between 1 and 100,000 scenarios")
            }
            if monteCarlo == nil && (concentration != nil || spread != nil) {
                throw ValidationError("--concentration and --spread go with --monte-carlo")
            }
            if concentration != nil && spread != nil { throw ValidationError("give --concentration or --spread, not both") }
            if let concentration, !(concentration > 0 && concentration <= 1e6) {
                throw ValidationError("--concentration must be a positive number (at most 1,000,000)")
            }
            if let spread, !(spread > 0 && spread <= 100) { throw ValidationError("--spread must be above 0 and at most 100 weight points") }
            if topK < 1 { throw ValidationError("--top-k must be at least 1") }
            if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
            if let shard, Self.shard(shard) == nil { throw ValidationError("--shard \"\(shard)\" is not i/n with 1 ≤ i ≤ n, such as 2/3") }
            if apply != nil, let shard, Self.shard(shard)!.count > 1 { throw ValidationError("--apply runs on whole analyses, not with --shard") }
            if bases != nil, apply == nil { throw ValidationError("--bases is read by --apply; name the rules to apply") }
        }

        static func grid(_ text: String) -> (step: Double, minimum: Double)? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let step = Double(parts[0]), step > 0, step <= 100 else { return nil }
            let minimum = parts.count == 2 ? Double(parts[1]) : 0
            guard let minimum, minimum >= 0, minimum < 100 else { return nil }
            return (step, minimum)
        }

        static func shard(_ text: String) -> (index: Int, count: Int)? {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 10_000, (1...n).contains(i) else { return nil }
            return (i, n)
        }

        func run() throws {
            let start = Date()
            let display = ProgressDisplay.handler(quiet: input.quiet)
            var options = try input.options(progress: display)
            // More workers than cores would only add each one's memory (a block's ranks).
            if let threads { options.threads = min(threads, ProcessInfo.processInfo.activeProcessorCount) }
            let evaluation = try input.reading({ () throws(InputRejected) in
                try Evaluation(projectsPath: input.projects, indicatorsPath: input.indicators, options: options)
            }, diagnostics: \.diagnostics, progress: display)
            let source: ScenarioRequest.Source
            if let weights {
                source = .weightsFile(weights)
            } else if let grid, let (step, minimum) = Self.grid(grid) {
                let weightGrid: WeightGrid
                do {
                    weightGrid = try WeightGrid(step: step, minimum: minimum, categories: evaluation.scenarioCategories.count)
                } catch {
                    Report.line("--grid \(grid): \(error)")
                    throw ExitCode(64)
                }
                guard weightGrid.count <= ScenarioRequest.maximumScenarios else {
                    Report.line("--grid \(grid): \(weightGrid.count) weight vectors over \(weightGrid.categories) categories; at most 100,000 — choose a larger step or a higher minimum")
                    throw ExitCode(64)
                }
                source = .grid(weightGrid)
            } else {
                let sampler: WeightSampler = spread.map { .uniform(spread: $0) } ?? .dirichlet(concentration: concentration ?? 50)
                source = .monteCarlo(count: monteCarlo!, seed: seed, sampler: sampler)
            }
            let application = try apply.map { ApplicationRequest(rules: try ApplyOption.rules($0, scheme: options.scheme), basesPath: bases) }
            let quiet = input.quiet
            let request = ScenarioRequest(source: source, topK: topK, application: application) { line in
                // As for the other stages: nothing in the first second, nothing with --quiet.
                let elapsed = Date().timeIntervalSince(start)
                if !quiet, elapsed >= 1 { Report.line("\(Format.fixed(elapsed, 1)) s  \(line)") }
            }
            let (index, count) = shard.flatMap(Self.shard) ?? (1, 1)
            let results: ScenarioResults
            do {
                results = try evaluation.scenarios(request, shard: index, of: count)
            } catch {
                Report.problems(error.diagnostics, maxErrors: input.maxErrors)
                Report.line("input rejected: \(error.diagnostics.errorCount) error(s); nothing was written")
                throw ExitCode(2)
            }
            if !input.quiet, Date().timeIntervalSince(start) >= 1 {
                Report.line("\(Format.fixed(Date().timeIntervalSince(start), 1)) s  writing \(output.out)")
            }
            let files: [String]
            if count > 1 {
                do {
                    try results.writePart(to: output.out)
                } catch {
                    Report.line("cannot write the part: \(error); \(output.out) is as it was")
                    throw ExitCode(1)
                }
                files = ["scenario-part.json"]
            } else {
                files = try output.write(results, threads: options.threads)
            }
            print("scenarios  \(results.scenarioCount) (as_filed, scheme and \(results.scenarioCount - 2) more) × \(evaluation.batch.projectCount) projects"
                  + (count > 1 ? ", shard \(index) of \(count)" : ""))
            print("wrote      " + files.map { output.out + "/" + $0 }.joined(separator: ", "))
            print("time       \(Format.fixed(Date().timeIntervalSince(start), 2)) s")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the parts of a scenario run split with --shard into the files of a single run.",
            discussion: """
                Each part folder is the --out of one `evalcli scenarios … --shard i/n` run; every i of 1…n must \
                be given once, in any order. The files written are byte for byte those of the same run without \
                --shard.

                Example:
                  evalcli scenarios merge part1 part2 part3 --out mc
                """
        )

        @Argument(help: "The part folders.")
        var parts: [String]

        @OptionGroup var output: ScenarioOutputOptions

        func run() throws {
            let results: ScenarioResults
            do {
                results = try ScenarioResults(merging: parts)
            } catch {
                Report.line("cannot merge: \(error)")
                throw ExitCode(2)
            }
            let files = try output.write(results, threads: ProcessInfo.processInfo.activeProcessorCount)
            print("wrote      " + files.map { output.out + "/" + $0 }.joined(separator: ", "))
        }
    }
}
