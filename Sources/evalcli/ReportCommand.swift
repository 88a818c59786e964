import ArgumentParser
import Foundation
import ScoreKernel

extension EvalCLI {
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the results as one self-contained HTML page with charts, to read, print or send.",
            discussion: """
                Reads the files `evalcli score` wrote (project_scores.csv and departments.csv are required) and, \
                when found in any --results folder, department_categories, flags, the `evalcli scenarios` files \
                and application_totals; each adds its section. The page covers one period (the latest unless \
                --period says), needs no network (no script, no external font or file), and is in Chinese when the \
                results are (Chinese headers or department names) unless --lang says otherwise. Details: docs/report.md.

                Examples:
                  evalcli report --results demo/results --out report.html
                  evalcli report --results demo/results --results demo/scenarios --out report.html --title "2024年度项目支出绩效评价"
                  evalcli score --projects demo/projects.csv --indicators demo/indicators.csv --out results --report
                """
        )

        @Option(help: ArgumentHelp("A folder of result files; repeat for more (e.g. score's and scenarios'). A file is read from the first folder that has it.",
                                   valueName: "folder"))
        var results: [String]

        @Option(help: "The HTML file to write.")
        var out: String

        @Option(help: "Page language: zh or en (default: the results' language).")
        var lang: OutputLanguage?

        @Option(help: "The page title (default: 预算绩效评价结果报告, or its English).")
        var title: String?

        @Option(help: "The period to report (default: the latest in the results).")
        var period: String?

        @Flag(help: "Print no progress on stderr (errors and the closing line still print).")
        var quiet = false

        func validate() throws {
            guard !results.isEmpty else { throw ValidationError("--results needs at least one folder") }
        }

        func run() throws {
            try Self.write(results: results, out: out, language: lang, title: title, period: period, quiet: quiet)
        }

        /// Reads the results, writes the page and says so; exit 2 when the results cannot be read,
        /// 1 when the page cannot be written.
        static func write(results: [String], out: String, language: OutputLanguage?, title: String?, period: String?, quiet: Bool) throws {
            let start = Date()
            let report: ResultReport
            let display = ProgressDisplay.handler(quiet: quiet)
            var progress: (@Sendable (RunProgress) -> Void)?
            if let display { progress = { display.report($0) } }
            do throws(InputRejected) {
                report = try ResultReport(resultFolders: results, period: period, progress: progress)
                display?.finish()
            } catch {
                display?.finish()
                Report.problems(error.diagnostics, maxErrors: 20)
                Report.line("cannot make the report: \(error.diagnostics.errorCount) error(s); nothing was written")
                throw ExitCode(2)
            }
            do {
                try report.write(to: out, language: language, title: title)
            } catch {
                Report.line("cannot write the report: \(error)")
                throw ExitCode(1)
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            print("wrote \(out) (\(Format.grouped(size / 1024)) KB, period \(report.period.isEmpty ? "–" : report.period)) in \(Format.fixed(Date().timeIntervalSince(start), 2)) s")
        }
    }
}
