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
            let scheme = try input.loadScheme()
            let result = try input.readBatch(scheme: scheme)
            let batch = result.batch
            let i = batch.indicators
            var byLevel1 = [Int](repeating: 0, count: Level1.allCases.count)
            var byDirection = [Int](repeating: 0, count: Direction.allCases.count)
            for r in 0..<i.count {
                byLevel1[Int(i.level1[r].rawValue)] += 1
                byDirection[Int(i.direction[r].rawValue)] += 1
            }
            print("projects     \(batch.projects.count)")
            print("departments  \(batch.departments.count)")
            print("periods      \(batch.periods.count) (\(batch.periods.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: ", ")))")
            print("indicators   \(i.count)")
            print("  by level1  " + Level1.allCases.map { "\($0.code) \(byLevel1[Int($0.rawValue)])" }.joined(separator: ", "))
            print("  by direction " + Direction.allCases.filter { byDirection[Int($0.rawValue)] > 0 }
                .map { "\($0.code) \(byDirection[Int($0.rawValue)])" }.joined(separator: ", "))
            let d = result.diagnostics
            print("errors       \(d.errorCount)\(input.lenient ? " (excluded: \(result.excludedProjects) projects, \(result.excludedIndicators) indicator rows)" : "")")
            print("warnings     \(d.warningCount)")
            print(String(format: "time         %.2f s", Date().timeIntervalSince(start)))
        }
    }
}
