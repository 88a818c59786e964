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
                  evalcli scheme --apply execution-pool > scheme.yaml   # then edit the rates and use --apply scheme
                """
        )

        @Option(help: "A scheme file or a preset: \(Scheme.presetNames.joined(separator: ", ")).")
        var scheme: String?

        @Option(help: ArgumentHelp("Write these result-application presets' rules into the scheme's `application.rules`, to edit.",
                                   valueName: "names"))
        var apply: String?

        func run() throws {
            var effective = try SchemeOption.load(scheme)
            if let apply { effective.application.rules = try ApplyOption.rules(apply, scheme: effective) }
            print(effective.yaml, terminator: "")
        }
    }
}
