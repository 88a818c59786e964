import ArgumentParser
import Foundation
import ScoreKernel

extension EvalCLI {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every project by the official rules and write the result files.",
            discussion: """
                Writes project_scores, indicator_scores, departments, sectors, department_categories and flags \
                (and rejects with --lenient) into --out. The folder appears whole or not at all: the files are \
                written beside it and replace an earlier run's results entirely at the end. Nothing is written \
                when the input is rejected (exit 2); a write that fails (exit 1) leaves --out as it was. Columns: \
                docs/output.md; flags: docs/flags.md; how cells are read: docs/values.md.

                Examples:
                  evalcli score --projects demo/projects.csv --indicators demo/indicators.csv --out results
                  evalcli score --projects p.csv --indicators i.csv --scheme local-80-70-60 --out results --lang zh --excel
                """
        )

        @OptionGroup var input: InputOptions

        @Option(help: "Folder for the result files: new, empty, or an earlier run's results (replaced whole).")
        var out: String

        @Option(help: "csv or json.")
        var format: Format = .csv

        @Option(help: "Header language: en or zh.")
        var lang: OutputLanguage = .en

        @Flag(help: "Write CSV with a byte-order mark so that Excel opens Chinese text correctly.")
        var excel = false

        @Option(help: "The month every period ends in for time progress (序时进度), e.g. 2024-07; default: each period's own month (12 for a year).")
        var periodEnd: String?

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

        func validate() throws {
            if let periodEnd, Evaluation.Options.month(of: periodEnd) == nil {
                throw ValidationError("--period-end \"\(periodEnd)\" is not a month such as 2024-07")
            }
        }

        func run() throws {
            let start = Date()
            let options = try input.options(periodEnd: periodEnd.flatMap(Evaluation.Options.month(of:)))
            let evaluation = try input.reading({ () throws(InputRejected) in
                try Evaluation(projectsPath: input.projects, indicatorsPath: input.indicators, options: options)
            }, diagnostics: \.diagnostics)
            let files: [String]
            do {
                files = try evaluation.write(to: out, language: lang, format: format == .json ? .json : .csv(excel: excel))
            } catch {
                Report.line("cannot write the results: \(error); \(out) is as it was")
                throw ExitCode(1)
            }
            Summary.print(evaluation.summary, files: files, out: out, seconds: Date().timeIntervalSince(start))
        }
    }
}
