import ArgumentParser
import ScoreKernel

@main
struct EvalCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalcli",
        abstract: "Score and evaluate budget-performance projects (预算绩效评价) by the official rules.",
        discussion: """
            Exit codes: 0 success, 2 input rejected (every problem is listed with file, line and column), \
            64 usage error, 1 output (a full disk, a folder of other files) or internal failure.

            Examples:
              evalcli generate --projects 100000 --seed 42 --out demo
              evalcli validate --projects demo/projects.csv --indicators demo/indicators.csv
              evalcli score --projects demo/projects.csv --indicators demo/indicators.csv --out results
              evalcli scenarios --projects demo/projects.csv --indicators demo/indicators.csv --monte-carlo 1000 --out mc
              evalcli report --results results --results mc --out report.html
              evalcli scheme --scheme local-80-70-60
              evalcli import-forms 自评表/ --out batch
            """,
        subcommands: [Generate.self, Validate.self, Score.self, Scenarios.self, ReportCommand.self, SchemeCommand.self, ImportForms.self]
    )
}
