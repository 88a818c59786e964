import ArgumentParser
import Foundation
import ScoreKernel

extension EvalCLI {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every project by the official rules and write the result files.",
            discussion: """
                Writes project_scores, indicator_scores, departments, sectors, department_categories and flags \
                (and rejects with --lenient) into --out. Nothing is written when the input is rejected.

                Examples:
                  evalcli score --projects demo/projects.csv --indicators demo/indicators.csv --out results
                  evalcli score --projects p.csv --indicators i.csv --scheme local-80-70-60 --out results --lang zh --excel
                """
        )

        @OptionGroup var input: InputOptions

        @Option(help: "Folder for the result files (created if missing).")
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
            if let periodEnd, PeriodCalendar.endMonth(of: periodEnd) == nil {
                throw ValidationError("--period-end \"\(periodEnd)\" is not a month such as 2024-07")
            }
        }

        func run() throws {
            let start = Date()
            let scheme = try input.loadScheme()
            let read = try input.readBatch(scheme: scheme)
            let batch = read.batch
            let threads = ProcessInfo.processInfo.activeProcessorCount
            let scores = Scorer(scheme: scheme, threads: threads).score(batch)
            let ranks = ProjectRanks(batch: batch, scores: scores)
            let deviations = ProjectDeviations(batch: batch, scores: scores, ranks: ranks, scheme: scheme,
                                               periodEnd: periodEnd.flatMap(PeriodCalendar.endMonth(of:)))
            let matrix = CategoryMatrix(batch: batch, scores: scores, scheme: scheme)
            let (departments, sectors) = DepartmentBenchmarks.byDepartmentAndSector(batch: batch, scores: scores, categories: matrix,
                                                                                      scheme: scheme)
            let report = ScoreReport(language: lang, format: format == .json ? .json : .csv(excel: excel))
            let files: [String]
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                files = try report.write(to: out, batch: batch, scores: scores, ranks: ranks, deviations: deviations,
                                         departments: departments, sectors: sectors, scheme: scheme,
                                         rejects: input.lenient ? read.diagnostics : nil, threads: threads)
            } catch {
                Report.line("cannot write the results: \(error)")
                throw ExitCode(1)
            }
            Summary.print(batch: batch, scores: scores, deviations: deviations, departments: departments, read: read,
                          files: files, out: out,
                          seconds: Date().timeIntervalSince(start))
        }
    }
}
