import ArgumentParser
import ScoreKernel

@main
struct Bench: ParsableCommand {
    func run() throws {}
}
