import ArgumentParser
import Foundation
import ScoreKernel

extension EvalCLI {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read and check the two tables; print what was read and every problem.",
            discussion: """
                Exits 2 when the input is rejected (strict mode), listing each problem with file, line and column.

                Example:
                  evalcli validate --projects demo/projects.csv --indicators demo/indicators.csv --scheme scheme.yaml
                """
        )

        @OptionGroup var input: InputOptions

        func run() throws {
            let start = Date()
            let display = ProgressDisplay.handler(quiet: input.quiet)
            let options = try input.options(progress: display)
            let s = try input.reading({ () throws(InputRejected) in
                try Evaluation.validate(projectsPath: input.projects, indicatorsPath: input.indicators, options: options)
            }, diagnostics: \.diagnostics, progress: display)
            print("projects     \(s.projects)")
            print("departments  \(s.departments)")
            print("periods      \(s.periods.count) (\(s.periods.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: ", ")))")
            print("indicators   \(s.indicators)")
            print("  by level1  " + s.byLevel1.map { "\($0.code) \($0.count)" }.joined(separator: ", "))
            print("  by direction " + s.byDirection.map { "\($0.code) \($0.count)" }.joined(separator: ", "))
            let d = s.diagnostics
            print("errors       \(d.errorCount)\(input.lenient ? " (excluded: \(s.excludedProjects) projects, \(s.excludedIndicators) indicator rows)" : "")")
            print("warnings     \(d.warningCount)")
            print("time         \(Format.fixed(Date().timeIntervalSince(start), 2)) s")
        }
    }
}
