import Foundation
import ScoreKernel

/// The short run summary on the terminal (SPEC §10): counts, grade distribution, the top and
/// bottom departments of each period, top flags, time taken.
enum Summary {
    static func print(_ s: RunSummary, application: [ResultApplication.RuleSummary] = [], files: [String], out: String, seconds: Double) {
        let input = s.input
        Swift.print("projects   \(input.projects) in \(input.departments) departments, \(input.indicators) indicators")
        if input.excludedProjects > 0 {
            Swift.print("excluded   \(input.excludedProjects) projects (\(input.excludedIndicators) indicator rows): see rejects")
        }
        Swift.print("grades     " + s.grades.map { g in
            "\(g.band.label) \(g.band.name) \(g.projects) (\(Format.fixed(g.share, 2))%)"
        }.joined(separator: ", "))
        for standing in s.standings {
            let period = standing.period.isEmpty ? "" : standing.period + " "
            let statistic = standing.statistic.replacingOccurrences(of: "_", with: " ")
            let list = { (entries: [RunSummary.Standing.Entry]) in
                entries.map { "\($0.rank) \($0.department) \($0.statistic)" }.joined(separator: ", ")
            }
            Swift.print("top        \(period)by \(statistic): " + list(standing.top))
            if !standing.bottom.isEmpty { Swift.print("bottom     \(period)by \(statistic): " + list(standing.bottom)) }
        }
        Swift.print("flags      " + (s.flags.isEmpty ? "none" : s.flags.map { "\($0.code.rawValue) \($0.count)" }.joined(separator: ", ")))
        for rule in application {
            var parts = ["\(rule.adjustments) adjustment(s)"]
            if rule.deducted > 0 { parts.append("deducted \(Format.yuan(rule.deducted)) 元") }
            if rule.rewarded > 0 { parts.append("rewarded \(Format.yuan(rule.rewarded)) 元") }
            if rule.remainder > 0 { parts.append("\(Format.yuan(rule.remainder)) 元 left in the pool: no unit qualified") }
            Swift.print("applied    \(rule.rule): " + parts.joined(separator: ", "))
        }
        Swift.print("wrote      " + files.map { out + "/" + $0 }.joined(separator: ", "))
        Swift.print("time       \(Format.fixed(seconds, 2)) s")
    }
}

/// Numbers as the terminal shows them.
enum Format {
    /// `x` with `decimals` decimals.
    static func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

    /// 1234567 → 1,234,567.
    static func grouped(_ n: some BinaryInteger) -> String {
        var out = ""
        for (i, c) in String(n).reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// Fen as 元 with two decimals and thousands separators: 1234567 → 12,345.67.
    static func yuan(_ fen: Int128) -> String {
        let cents = Int(fen % 100)
        return grouped(fen / 100) + "." + (cents < 10 ? "0" : "") + String(cents)
    }
}
