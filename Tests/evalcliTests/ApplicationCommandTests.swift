import Foundation
import Testing

/// `evalcli score --apply` (SPEC §8, issue 9): the presets run on a generated batch and its
/// bases.csv, the files carry the documented headers, pools balance to the fen in the files
/// themselves, `evalcli scheme --apply` prints rules that run the same, and bad usage or bases
/// exit 64 or 2 with nothing written.
@Suite struct ApplicationCommandTests {
    static let adjustmentsHeader = "period,scope,key,rule,action,value,threshold,base,base_amount,rate,amount,list,department,charged_period"
    static let totalsHeader = "period,rule,department,deducted,rewarded,net,listed,collected,paid_out,remainder"
    static let presets = "execution-pool,grade-tiered-deduction,below-average-cut,monitoring-adjustment"

    /// Fen of a "1234.56" cell.
    static func fen(_ s: Substring) -> Int { Int((Double(s)! * 100).rounded()) }

    @Test func presetsWriteBalancedFilesWithTheDocumentedHeaders() throws {
        let (dir, input) = try ScenariosCommandTests.batch(2000)
        #expect(FileManager.default.fileExists(atPath: "\(dir)/gen/bases.csv"))
        let r = try CLI.run(["score"] + input + ["--apply", Self.presets, "--bases", "\(dir)/gen/bases.csv", "--out", "\(dir)/r"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("applied    execution-pool-deduct: "), "\(r.stdout)")
        let adjustments = try ScenariosCommandTests.lines("\(dir)/r/adjustments.csv")
        #expect(adjustments[0] == Self.adjustmentsHeader)
        let rows = adjustments.dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(!rows.isEmpty)
        // Every deduction ≤ its base; the execution pool's rewards add up to its deductions.
        var deducted = 0, rewarded = 0
        for row in rows where row[4] != "flag" {
            #expect(Self.fen(row[10]) <= Self.fen(row[8]) || row[4] == "reward")
            if row[3] == "execution-pool-deduct" { deducted += Self.fen(row[10]) }
            if row[3] == "execution-pool-reward" { rewarded += Self.fen(row[10]) }
        }
        let totals = try ScenariosCommandTests.lines("\(dir)/r/application_totals.csv")
        #expect(totals[0] == Self.totalsHeader)
        let pool = try #require(totals.first { $0.hasPrefix("2024,execution-pool-reward,,") }).split(separator: ",", omittingEmptySubsequences: false)
        #expect(Self.fen(pool[7]) == deducted)
        if rewarded > 0 { #expect(Self.fen(pool[8]) == rewarded && pool[9] == "0.00") } else { #expect(Self.fen(pool[9]) == deducted) }
        // One total row per rule.
        for rule in ["execution-pool-deduct", "grade-tiered-deduction", "below-average-cut", "budget-adjustment", "key-evaluation"] {
            #expect(totals.filter { $0.hasPrefix("2024,\(rule),,") }.count == 1, "\(rule)")
        }

        // The same rules written out by `evalcli scheme --apply` and run as the scheme's own.
        let s = try CLI.run(["scheme", "--apply", Self.presets])
        #expect(s.status == 0)
        try s.stdout.write(toFile: "\(dir)/scheme.yaml", atomically: true, encoding: .utf8)
        let again = try CLI.run(["score"] + input + ["--scheme", "\(dir)/scheme.yaml", "--apply", "scheme", "--bases", "\(dir)/gen/bases.csv",
                                                    "--out", "\(dir)/r2"])
        #expect(again.status == 0, "\(again.stderr)")
        for name in ["adjustments.csv", "application_totals.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/r/\(name)")) == Data(contentsOf: URL(fileURLWithPath: "\(dir)/r2/\(name)")))
        }
    }

    @Test func badUsageAndBadBases() throws {
        let (dir, input) = try ScenariosCommandTests.batch(200)
        let out = ["--out", "\(dir)/r"]
        var r = try CLI.run(["score"] + input + ["--apply", "nope"] + out)
        #expect(r.status == 64 && r.stderr.contains("\"nope\" is neither a preset"), "\(r.stderr)")
        r = try CLI.run(["score"] + input + ["--apply", "scheme"] + out)
        #expect(r.status == 64 && r.stderr.contains("the scheme has no application rules"), "\(r.stderr)")
        r = try CLI.run(["score"] + input + ["--bases", "\(dir)/gen/bases.csv"] + out)
        #expect(r.status == 64, "\(r.stderr)")
        r = try CLI.run(["score"] + input + ["--apply", "execution-pool"] + out)
        #expect(r.status == 2 && r.stderr.contains("rule execution-pool-deduct: needs base amounts (public_funds): give them with --bases FILE"),
                "\(r.stderr)")
        #expect(!r.stderr.contains("--lenient"))
        try "period,department,public_funds\n2024,区教育局,12.3.4\n".write(toFile: "\(dir)/bad.csv", atomically: true, encoding: .utf8)
        r = try CLI.run(["score"] + input + ["--apply", "execution-pool", "--bases", "\(dir)/bad.csv"] + out)
        #expect(r.status == 2 && r.stderr.contains("bad.csv:2: column public_funds: \"12.3.4\" is not an amount"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/r"))
    }

    /// `evalcli scenarios --apply`: scenario_application.csv with one row per period, scenario and
    /// rule; its as_filed … rows add up like the files of `score --apply`; not with --shard; a
    /// project rule on the project's own score is refused naming it.
    @Test func scenariosApplyRulesUnderEveryScenario() throws {
        let (dir, input) = try ScenariosCommandTests.batch(600)
        let apply = ["--apply", "grade-tiered-deduction,execution-pool", "--bases", "\(dir)/gen/bases.csv"]
        let r = try CLI.run(["scenarios"] + input + ["--monte-carlo", "20", "--seed", "4", "--out", "\(dir)/mc"] + apply)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try ScenariosCommandTests.lines("\(dir)/mc/scenario_application.csv")
        #expect(lines[0] == "period,scenario,rule,adjusted,entered,left,deducted,rewarded,remainder")
        // 22 scenarios × 3 rules.
        let rows = lines.dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 22 * 3)
        // The execution pool does not look at scores: the same in every scenario, and balanced.
        let pools = rows.filter { $0[2] == "execution-pool-reward" }
        #expect(Set(pools.map { $0[3...].joined(separator: ",") }).count == 1)
        for s in Set(rows.map { $0[1] }) {
            let deducted = rows.first { $0[1] == s && $0[2] == "execution-pool-deduct" }!
            let rewarded = rows.first { $0[1] == s && $0[2] == "execution-pool-reward" }!
            #expect(Self.fen(deducted[6]) == Self.fen(rewarded[7]) + Self.fen(rewarded[8]))
        }
        var bad = try CLI.run(["scenarios"] + input + ["--monte-carlo", "20", "--shard", "1/2", "--out", "\(dir)/part"] + apply)
        #expect(bad.status == 64, "\(bad.stderr)")
        bad = try CLI.run(["scenarios"] + input + ["--monte-carlo", "20", "--out", "\(dir)/m2", "--apply", "scheme", "--scheme", "\(dir)/s.yaml"])
        #expect(bad.status == 2, "\(bad.stderr)")  // no such scheme file
        let yaml = "application:\n  rules:\n    - {name: own, scope: project, when: {metric: total, below: 60}, flag: x}\n"
        try yaml.write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
        bad = try CLI.run(["scenarios"] + input + ["--monte-carlo", "20", "--out", "\(dir)/m2", "--apply", "scheme", "--scheme", "\(dir)/s.yaml"])
        #expect(bad.status == 2 && bad.stderr.contains("rule own: a project rule on the project's own total"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/m2"))
    }

    /// examples/application/scheme.yaml (the README's own rules) runs on a generated batch: each
    /// rule has its total row, and the pool pays out what it collected or keeps it whole.
    @Test func theExampleSchemeRuns() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/application/scheme.yaml").standardized.path
        let (dir, input) = try ScenariosCommandTests.batch(3000)
        let r = try CLI.run(["score"] + input + ["--scheme", example, "--apply", "scheme", "--bases", "\(dir)/gen/bases.csv", "--out", "\(dir)/r"])
        #expect(r.status == 0, "\(r.stderr)")
        let totals = try ScenariosCommandTests.lines("\(dir)/r/application_totals.csv")
        for rule in ["执行率扣减", "执行率奖励", "约谈扣减", "低分低执行"] {
            #expect(totals.filter { $0.hasPrefix("2024,\(rule),,") }.count == 1, "\(rule)")
        }
        let deducted = try #require(totals.first { $0.hasPrefix("2024,执行率扣减,,") }).split(separator: ",", omittingEmptySubsequences: false)[3]
        let pool = try #require(totals.first { $0.hasPrefix("2024,执行率奖励,,") }).split(separator: ",", omittingEmptySubsequences: false)
        #expect(pool[7] == deducted && Self.fen(pool[8]) + Self.fen(pool[9]) == Self.fen(deducted))
    }
}
