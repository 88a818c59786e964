import ArgumentParser
import ScoreKernel

@main
struct EvalCLI: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evalcli", abstract: "Score and evaluate budget-performance projects.")
}
