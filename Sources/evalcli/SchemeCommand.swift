import ArgumentParser
import ScoreKernel

extension EvalCLI {
    struct SchemeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scheme",
            abstract: "Print the effective scheme as commented YAML, every default spelled out.",
            discussion: """
                Save the output as scheme.yaml, edit it, and pass it back with --scheme.

                Examples:
                  evalcli scheme > scheme.yaml
                  evalcli scheme --scheme tiers
                """
        )

        @Option(help: "A scheme file or a preset: \(Scheme.presetNames.joined(separator: ", ")).")
        var scheme: String?

        func run() throws {
            print(try SchemeOption.load(scheme).yaml, terminator: "")
        }
    }
}
