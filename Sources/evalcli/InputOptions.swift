import ArgumentParser
import Foundation
import ScoreKernel

/// The two tables and the scheme, shared by every command that reads a batch.
struct InputOptions: ParsableArguments {
    @Option(help: "projects.csv (one row per project and period), or an .xlsx workbook: its sheet 项目表 or projects (or its only sheet), or book.xlsx#Sheet.")
    var projects: String

    @Option(help: "indicators.csv (one row per indicator), or an .xlsx workbook: its sheet 指标表 or indicators (or its only sheet), or book.xlsx#Sheet.")
    var indicators: String

    @Option(help: "A scheme file (scheme.yaml) or a preset: \(Scheme.presetNames.joined(separator: ", ")).")
    var scheme: String?

    @Flag(help: "Exclude projects with errors (listed in rejects.csv) instead of stopping.")
    var lenient = false

    @Option(help: "How many errors to print before counting the rest.")
    var maxErrors = 50

    @Flag(help: "Print no progress on stderr (problems and the summary still print).")
    var quiet = false

    func validate() throws {
        guard maxErrors >= 0 else { throw ValidationError("--max-errors \(maxErrors): give 0 or more") }
    }

    /// The run's options: the effective scheme (or exit 2 with the scheme file's problems),
    /// lenient or strict, and `periodEnd`.
    func options(periodEnd: Int? = nil, progress: ProgressDisplay? = nil) throws -> Evaluation.Options {
        var options = Evaluation.Options(scheme: try SchemeOption.load(scheme), lenient: lenient, periodEnd: periodEnd)
        if let progress { options.progress = { progress.report($0) } }
        return options
    }

    /// Runs `body`, which reads the two tables; prints the warnings (and the errors of excluded
    /// projects) it reports, or every problem and exit 2 when the input is rejected.
    func reading<T>(_ body: () throws(InputRejected) -> T, diagnostics: (T) -> Diagnostics?, progress: ProgressDisplay? = nil) throws -> T {
        do {
            let result = try body()
            progress?.finish()
            if let found = diagnostics(result) { Report.problems(found, maxErrors: maxErrors) }
            return result
        } catch {
            progress?.finish()
            Report.problems(error.diagnostics, maxErrors: maxErrors)
            // --lenient excludes projects with errors; it cannot help a file that cannot be read, a
            // bad bases file or rule.
            let tables = [projects, indicators].map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            let wholeFile: Set<DiagnosticRule> = [.unreadableFile, .fileTooLarge, .emptyFile, .missingColumn, .duplicateColumn, .csvSyntax]
            let hint = error.diagnostics.errors.contains { tables.contains($0.file) && !wholeFile.contains($0.rule) }
                ? " (use --lenient to exclude the projects with errors)" : ""
            Report.line("input rejected: \(error.diagnostics.errorCount) error(s); nothing was written\(hint)")
            throw ExitCode(2)
        }
    }
}

/// `--scheme` as a preset name or a file.
enum SchemeOption {
    static func load(_ value: String?) throws -> Scheme {
        guard let value else { return Scheme() }
        if let preset = Scheme.named(value) { return preset }
        guard FileManager.default.fileExists(atPath: value) else {
            Report.line("\(value): no such scheme file or preset (presets: \(Scheme.presetNames.joined(separator: ", ")))")
            throw ExitCode(2)
        }
        do {
            return try Scheme.load(path: value)
        } catch {
            Report.problems(error.diagnostics, maxErrors: 50)
            throw ExitCode(2)
        }
    }
}
