import ArgumentParser
import Foundation
import ScoreKernel

extension EvalCLI {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every project by the official rules and write the result files.",
            discussion: """
                Writes project_scores, indicator_scores, departments, sectors, department_categories and flags \
                (and rejects with --lenient) into --out, or only the tables --outputs names. indicators.csv is read, scored and \
                written a window of about 64 MB at a time, so memory grows with the projects, not with the indicator rows; \
                indicator_scores lists rows in the order of indicators.csv. The folder appears whole or not at all: the files are \
                written beside it and replace an earlier run's results entirely at the end. Nothing is written \
                when the input is rejected (exit 2); a write that fails (exit 1) leaves --out as it was. Columns: \
                docs/output.md; flags: docs/flags.md; how cells are read: docs/values.md.

                Either table may be a sheet of an .xlsx workbook (one workbook may hold both): problems are then \
                reported by sheet and cell (book.xlsx!指标表!H17); docs/workbooks.md says how cells are read. \
                --format xlsx writes the tables as the sheets of one workbook, results.xlsx in --out (sheet names in \
                Chinese with --lang zh): numbers as numbers, scores shown 0.00, rates 0.00%, money #,##0.00; a table \
                longer than a worksheet's 1,048,576 rows goes on over further sheets (indicator_scores (2), …).

                Examples:
                  evalcli score --projects demo/projects.csv --indicators demo/indicators.csv --out results
                  evalcli score --projects book.xlsx --indicators book.xlsx --out results --format xlsx
                  evalcli score --projects book.xlsx#项目 --indicators 指标.xlsx --out results
                  evalcli score --projects p.csv --indicators i.csv --scheme local-80-70-60 --out results --lang zh --excel
                  evalcli score --projects p.csv --indicators i.csv --out results --outputs project_scores,departments
                  evalcli score --projects demo/projects.csv --indicators demo/indicators.csv --out results --report
                  evalcli score --projects demo/projects.csv --indicators demo/indicators.csv --out results \\
                    --apply execution-pool,grade-tiered-deduction --bases demo/bases.csv

                Result application (结果应用, SPEC §8): --apply takes presets (\(ApplicationRule.presetNames.joined(separator: ", "))) \
                and `scheme` (the scheme's own application rules), applied in the order given, and writes \
                adjustments (one row per deduction, reward or listing: period, scope, key, rule, action, value, \
                threshold, base, base_amount, rate, amount, list, department, charged_period) and \
                application_totals (per period, rule and department: deducted, rewarded, net, listed; the rule's \
                total row with the pool's collected, paid_out, remainder). Amounts are in 元 to the fen. \
                `evalcli scheme --apply NAME` prints a preset's rules to edit. Details: docs/application.md.
                """
        )

        @OptionGroup var input: InputOptions

        @Option(help: "Folder for the result files: new, empty, or an earlier run's results and nothing else (replaced whole).")
        var out: String

        @Option(help: "csv, json, or xlsx (one workbook, results.xlsx, with a sheet per table).")
        var format: Format = .csv

        @Option(help: "Header language: en or zh.")
        var lang: OutputLanguage = .en

        @Flag(help: "Write CSV with a byte-order mark so that Excel opens Chinese text correctly (no effect on json, xlsx).")
        var excel = false

        @Option(help: "The month every period ends in for time progress (序时进度), e.g. 2024-07; default: each period's own month (12 for a year).")
        var periodEnd: String?

        @Option(help: ArgumentHelp("Only these result tables, comma-separated: \(ResultTable.allCases.map(\.rawValue).joined(separator: ", ")) (default: all; rejects is written with --lenient whatever this says).",
                                   valueName: "tables"))
        var outputs: String?

        @Option(help: ArgumentHelp("Result-application rules, comma-separated: presets or `scheme`.", valueName: "names"))
        var apply: String?

        @Option(help: "bases.csv: per period and department, the amounts rules charge (public_funds 公用经费, next_year_request 下年预算申请数, …).")
        var bases: String?

        @Flag(help: "Also write report.html into --out: the results as one HTML page with charts (as `evalcli report` makes it).")
        var report = false

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case csv, json, xlsx

            func result(excel: Bool) -> ResultFormat {
                switch self {
                case .csv: .csv(excel: excel)
                case .json: .json
                case .xlsx: .xlsx
                }
            }
        }

        /// `--outputs a,b`: the tables named, each known.
        static func tables(_ list: String) throws -> Set<ResultTable> {
            var tables = Set<ResultTable>()
            for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let table = ResultTable(rawValue: name) else {
                    let rejects = name == "rejects" ? "; rejects is written with --lenient, always" : ""
                    throw ValidationError("--outputs: \"\(name)\" is no result table (\(ResultTable.allCases.map(\.rawValue).joined(separator: ", ")))\(rejects)")
                }
                tables.insert(table)
            }
            guard !tables.isEmpty else { throw ValidationError("--outputs needs at least one table") }
            return tables
        }

        func validate() throws {
            if let periodEnd, Evaluation.Options.month(of: periodEnd) == nil {
                throw ValidationError("--period-end \"\(periodEnd)\" is not a month such as 2024-07")
            }
            if bases != nil, apply == nil { throw ValidationError("--bases is read by --apply; name the rules to apply") }
            if report, format != .csv { throw ValidationError("--report reads CSV results; leave out --format \(format.rawValue)") }
            if report, let outputs, !Set([ResultTable.projectScores, .departments]).isSubset(of: try Self.tables(outputs)) {
                throw ValidationError("--report needs project_scores and departments among --outputs")
            }
            if let outputs {
                let tables = try Self.tables(outputs)
                if apply == nil, let table = tables.first(where: { $0 == .adjustments || $0 == .applicationTotals }) {
                    throw ValidationError("--outputs \(table.rawValue) is written by --apply; name the rules to apply")
                }
            }
        }

        func run() throws {
            let start = Date()
            let display = ProgressDisplay.handler(quiet: input.quiet)
            var options = try input.options(periodEnd: periodEnd.flatMap(Evaluation.Options.month(of:)), progress: display)
            if let apply {
                options.application = ApplicationRequest(rules: try ApplyOption.rules(apply, scheme: options.scheme), basesPath: bases)
            }
            let tables = try outputs.map(Self.tables) ?? Set(ResultTable.allCases)
            // Read, scored and written in one streamed run; a write that fails is not a rejected input.
            let run = try input.reading({ () throws(InputRejected) -> Result<(evaluation: Evaluation, files: [String]), any Error> in
                do {
                    return .success(try Evaluation.score(projectsPath: input.projects, indicatorsPath: input.indicators, options: options,
                                                         writingTo: out, language: lang, format: format.result(excel: excel),
                                                         tables: tables))
                } catch let rejected as InputRejected {
                    throw rejected
                } catch {
                    return .failure(error)
                }
            }, diagnostics: { try? $0.get().evaluation.diagnostics }, progress: display)
            let (evaluation, files): (Evaluation, [String])
            switch run {
            case .success(let written): (evaluation, files) = written
            case .failure(let error):
                Report.line("cannot write the results: \(error); \(out) is as it was")
                throw ExitCode(1)
            }
            Summary.print(evaluation.summary, application: evaluation.application?.summaries ?? [], files: files, out: out,
                          seconds: Date().timeIntervalSince(start))
            if report {
                try ReportCommand.write(results: [out], out: URL(fileURLWithPath: out).appendingPathComponent("report.html").path,
                                        language: nil, title: nil, period: nil, quiet: input.quiet)
            }
        }
    }
}

/// `--apply NAMES`: presets and `scheme`, in order.
enum ApplyOption {
    static func rules(_ names: String, scheme: Scheme) throws -> [ApplicationRule] {
        var rules: [ApplicationRule] = []
        let list = names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (k, name) in list.enumerated() where list[..<k].contains(name) {
            throw ValidationError("--apply names \(name) twice")
        }
        for name in list {
            if name == "scheme" {
                guard !scheme.application.rules.isEmpty else {
                    throw ValidationError("--apply scheme: the scheme has no application rules (see `evalcli scheme --apply NAME` for examples)")
                }
                rules += scheme.application.rules
            } else if let preset = ApplicationRule.preset(name) {
                rules += preset
            } else {
                throw ValidationError("--apply: \"\(name)\" is neither a preset (\(ApplicationRule.presetNames.joined(separator: ", "))) nor `scheme`")
            }
        }
        guard !rules.isEmpty else { throw ValidationError("--apply needs at least one name") }
        return rules
    }
}
