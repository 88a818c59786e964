import Foundation
import ScoreKernel

/// What evalcli tells the person at the terminal: problems and progress on stderr, results on
/// stdout.
enum Report {
    /// A line on stderr.
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Every error up to `maxErrors` (then a count of the rest), and warnings grouped by rule:
    /// the first three of each rule and how many more.
    static func problems(_ diagnostics: Diagnostics, maxErrors: Int) {
        var printed = 0
        for d in diagnostics.all where d.severity == .error {
            if printed < maxErrors { line("error: " + d.description) }
            printed += 1
        }
        if printed > maxErrors { line("… and \(printed - maxErrors) more error(s)") }
        var byRule: [DiagnosticRule: [Diagnostic]] = [:]
        var order: [DiagnosticRule] = []
        for d in diagnostics.all where d.severity == .warning {
            if byRule[d.rule] == nil { order.append(d.rule) }
            byRule[d.rule, default: []].append(d)
        }
        for rule in order {
            let list = byRule[rule]!
            for d in list.prefix(3) { line(d.description) }
            if list.count > 3 { line("… and \(list.count - 3) more warning(s) of the same kind (\(rule.rawValue))") }
        }
    }
}
