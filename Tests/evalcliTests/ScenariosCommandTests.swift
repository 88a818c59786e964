import Foundation
import Testing

/// `evalcli scenarios` (SPEC §9, issue 8): each source writes the documented files with the
/// documented headers; the same run gives the same bytes whatever the seed repetition, --threads
/// or --shard split; bad weights files and bad usage exit 2 and 64.
@Suite struct ScenariosCommandTests {
    static let scenariosHeader = "period,scenario,w_output,w_benefit,w_satisfaction,w_execution,mean,n_excellent,n_good,n_fair,n_poor,"
        + "n_up,n_down,spearman,top_k_overlap,bottom_k_overlap"
    static let weightsHeader = "scenario,w_output,w_benefit,w_satisfaction,w_execution"
    static let rankIntervalsHeader = "period,project_id,department,baseline_rank,median_rank,p05_rank,p95_rank,"
        + "prob_excellent,prob_good,prob_fair,prob_poor,most_sensitive_to"
    static let departmentIntervalsHeader = "period,department,projects,baseline_rank,median_rank,p05_rank,p95_rank"
    static let sensitivityHeader = "period,category,score_share,spearman_share"
    static let marginsHeader = "period,project_id,department,score,grade,margin_down,margin_up,toward_down,toward_up"

    static let monteCarloFiles = ["scenarios.csv", "scenario_weights.csv", "rank_intervals.csv", "department_rank_intervals.csv",
                                  "sensitivity.csv", "grade_margins.csv"]
    static let fixedFiles = ["scenarios.csv", "scenario_weights.csv", "grade_margins.csv"]

    /// A folder with a generated batch of `projects` projects in gen/ and returns the input arguments.
    static func batch(_ projects: Int = 300) throws -> (dir: String, input: [String]) {
        let dir = try CLI.temporaryFolder()
        let g = try CLI.run(["generate", "--projects", "\(projects)", "--seed", "2", "--out", "\(dir)/gen"])
        #expect(g.status == 0, "\(g.stderr)")
        return (dir, ["--projects", "\(dir)/gen/projects.csv", "--indicators", "\(dir)/gen/indicators.csv"])
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Every file of a result folder, by name.
    static func contents(_ folder: String) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }
        return Dictionary(uniqueKeysWithValues: try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) })
    }

    /// The files a folder holds, ignoring hidden ones (the folder's own marker, if any).
    static func files(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
    }

    // MARK: Each source

    @Test func monteCarloWritesEveryFileWithTheDocumentedHeaders() throws {
        let (dir, input) = try Self.batch()
        let r = try CLI.run(["scenarios"] + input + ["--monte-carlo", "50", "--seed", "3", "--out", "\(dir)/mc"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.files("\(dir)/mc") == Self.monteCarloFiles.sorted())
        // as_filed, scheme, then mc-1 … mc-50: 52 rows, one period.
        let scenarios = try Self.lines("\(dir)/mc/scenarios.csv")
        #expect(scenarios[0].hasPrefix(Self.scenariosHeader), "\(scenarios[0])")
        #expect(scenarios[1].hasPrefix("2024,as_filed,,,,,"), "\(scenarios[1])")
        #expect(scenarios[2].hasPrefix("2024,scheme,50,30,10,10,"), "\(scenarios[2])")
        #expect(scenarios[3].hasPrefix("2024,mc-1,"))
        #expect(scenarios[52].hasPrefix("2024,mc-50,"))
        #expect(scenarios.count == 54 && scenarios[53].isEmpty)
        // Grade counts of each row add up to the 300 projects.
        let fields = scenarios[2].split(separator: ",", omittingEmptySubsequences: false)
        #expect(fields[7...10].compactMap { Int($0) }.reduce(0, +) == 300)
        let weights = try Self.lines("\(dir)/mc/scenario_weights.csv")
        #expect(weights[0] == Self.weightsHeader)
        #expect(weights[1] == "scheme,50,30,10,10")
        #expect(weights.count == 1 + 51 + 1)
        let intervals = try Self.lines("\(dir)/mc/rank_intervals.csv")
        #expect(intervals[0] == Self.rankIntervalsHeader)
        #expect(intervals.count == 1 + 300 + 1)
        #expect(try Self.lines("\(dir)/mc/department_rank_intervals.csv")[0] == Self.departmentIntervalsHeader)
        let sensitivity = try Self.lines("\(dir)/mc/sensitivity.csv")
        #expect(sensitivity[0] == Self.sensitivityHeader)
        #expect(sensitivity[1...4].map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
            == ["2024,output", "2024,benefit", "2024,satisfaction", "2024,execution"])
        let margins = try Self.lines("\(dir)/mc/grade_margins.csv")
        #expect(margins[0] == Self.marginsHeader)
        #expect(margins.count == 1 + 300 + 1)
    }

    @Test func gridWritesTheThreeFilesAndEveryGridPoint() throws {
        let (dir, input) = try Self.batch()
        let r = try CLI.run(["scenarios"] + input + ["--grid", "25", "--out", "\(dir)/grid"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.files("\(dir)/grid") == Self.fixedFiles.sorted())
        // Step 25 over four categories: 4 steps of 25 shared among 4 weights, C(4 + 3, 3) = 35 vectors.
        let scenarios = try Self.lines("\(dir)/grid/scenarios.csv")
        #expect(scenarios[0].hasPrefix(Self.scenariosHeader))
        #expect(scenarios[1].hasPrefix("2024,as_filed,"))
        #expect(scenarios[2].hasPrefix("2024,scheme,"))
        #expect(scenarios.count == 1 + 2 + 35 + 1)
        let weights = try Self.lines("\(dir)/grid/scenario_weights.csv")
        #expect(weights[0] == Self.weightsHeader)
        // Every grid row: weights from {0, 25, 50, 75, 100} summing to 100, all distinct.
        let grid = weights[2..<(weights.count - 1)].map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst().map { Double($0)! } }
        #expect(grid.count == 35)
        #expect(grid.allSatisfy { $0.count == 4 && $0.reduce(0, +) == 100 && $0.allSatisfy { [0, 25, 50, 75, 100].contains($0) } })
        #expect(Set(grid.map { $0.map { Int($0) } }).count == 35)
        #expect(try Self.lines("\(dir)/grid/grade_margins.csv")[0] == Self.marginsHeader)
    }

    @Test func weightsFileWritesItsScenariosInOrder() throws {
        let (dir, input) = try Self.batch()
        try "scenario,output,benefit,satisfaction,execution\nbalanced,25,25,25,25\noutput-heavy,70,10,10,10\n"
            .write(toFile: "\(dir)/w.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["scenarios"] + input + ["--weights", "\(dir)/w.csv", "--out", "\(dir)/what-if"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.files("\(dir)/what-if") == Self.fixedFiles.sorted())
        let scenarios = try Self.lines("\(dir)/what-if/scenarios.csv")
        #expect(scenarios[0].hasPrefix(Self.scenariosHeader))
        #expect(scenarios.count == 6)
        #expect(scenarios[1].hasPrefix("2024,as_filed,,,,,"))
        #expect(scenarios[2].hasPrefix("2024,scheme,50,30,10,10,"))
        #expect(scenarios[3].hasPrefix("2024,balanced,25,25,25,25,"))
        #expect(scenarios[4].hasPrefix("2024,output-heavy,70,10,10,10,"))
        #expect(try Self.lines("\(dir)/what-if/scenario_weights.csv")
            == [Self.weightsHeader, "scheme,50,30,10,10", "balanced,25,25,25,25", "output-heavy,70,10,10,10", ""])
    }

    /// A YAML weights file whose scenario `strict` has its own bands (优 ≥ 95, 良 ≥ 85, 中 ≥ 60) on
    /// the scheme's weights: its grade counts are the `scheme` scores of grade_margins.csv counted
    /// against those bands, and its mean is the scheme row's.
    @Test func yamlWeightsWithTheirOwnBands() throws {
        let (dir, input) = try Self.batch()
        try """
            scenarios:
              - name: strict
                weights: {output: 50, benefit: 30, satisfaction: 10, execution: 10}
                grades:
                  - {name: excellent, label: 优, min: 95}
                  - {name: good, label: 良, min: 85}
                  - {name: fair, label: 中, min: 60}
                  - {name: poor, label: 差, min: 0}
            """.write(toFile: "\(dir)/w.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["scenarios"] + input + ["--weights", "\(dir)/w.yaml", "--out", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let margins = try Self.lines("\(dir)/out/grade_margins.csv").dropFirst().filter { !$0.isEmpty }
        #expect(margins.count == 300)
        let scores = margins.map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[3])! }
        let expected = [scores.count(where: { $0 >= 95 }), scores.count(where: { $0 >= 85 && $0 < 95 }),
                        scores.count(where: { $0 >= 60 && $0 < 85 }), scores.count(where: { $0 < 60 })]
        let rows = try Self.lines("\(dir)/out/scenarios.csv").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[3][1] == "strict")
        #expect(rows[3][7...10].map { Int($0)! } == expected)
        #expect(rows[3][6] == rows[2][6], "the same weights: the same mean")
        // And the scheme row under the default bands (90 / 80 / 60).
        let national = [scores.count(where: { $0 >= 90 }), scores.count(where: { $0 >= 80 && $0 < 90 }),
                        scores.count(where: { $0 >= 60 && $0 < 80 }), scores.count(where: { $0 < 60 })]
        #expect(rows[2][7...10].map { Int($0)! } == national)
    }

    // MARK: Reproducibility

    @Test func sameSeedThreadsAndShardsGiveTheSameBytes() throws {
        let (dir, input) = try Self.batch(400)
        let mc = ["--monte-carlo", "50", "--seed", "3"]
        for (name, extra) in [("a", ["--threads", "2"]), ("b", ["--threads", "2"]), ("t1", ["--threads", "1"])] {
            let r = try CLI.run(["scenarios"] + input + mc + extra + ["--out", "\(dir)/\(name)"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let reference = try Self.contents("\(dir)/a")
        #expect(reference.keys.sorted() == Self.monteCarloFiles.sorted())
        #expect(try Self.contents("\(dir)/b") == reference, "same seed twice")
        #expect(try Self.contents("\(dir)/t1") == reference, "--threads 1 against 2")
        // Another seed gives other weights.
        let other = try CLI.run(["scenarios"] + input + ["--monte-carlo", "50", "--seed", "4", "--out", "\(dir)/seed4"])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try Self.contents("\(dir)/seed4")["scenario_weights.csv"] != reference["scenario_weights.csv"])
        // Two shards, merged in either order.
        for i in 1...2 {
            let r = try CLI.run(["scenarios"] + input + mc + ["--shard", "\(i)/2", "--out", "\(dir)/part\(i)"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try Self.files("\(dir)/part\(i)") == ["scenario-part.json"])
        }
        let merge = try CLI.run(["scenarios", "merge", "\(dir)/part2", "\(dir)/part1", "--out", "\(dir)/merged"])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try Self.contents("\(dir)/merged") == reference, "merged shards against the whole run")
        // A missing shard is refused.
        let missing = try CLI.run(["scenarios", "merge", "\(dir)/part1", "--out", "\(dir)/nope"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot merge"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/nope/scenarios.csv"))
    }

    // MARK: Errors

    /// Line 3's weights sum to 50 + 30 + 10 + 20 = 110: rejected with exit 2, the diagnostic in the
    /// format of the other commands (`file:line: message`), nothing written.
    @Test func weightsFileWithAnErrorExitsTwoAndNamesTheLine() throws {
        let (dir, input) = try Self.batch(50)
        try "scenario,output,benefit,satisfaction,execution\nok,50,30,10,10\nbad,50,30,10,20\n"
            .write(toFile: "\(dir)/w.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["scenarios"] + input + ["--weights", "\(dir)/w.csv", "--out", "\(dir)/out"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("w.csv:3: "), "\(r.stderr)")
        #expect(r.stderr.contains("sum to 100"), "\(r.stderr)")
        #expect(!r.stderr.contains("w.csv:2:"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out/scenarios.csv"))
    }

    @Test(arguments: [
        ["--monte-carlo", "10", "--grid", "25"],
        ["--grid", "0"],
        ["--monte-carlo", "10", "--shard", "3/2"],
        ["--monte-carlo", "100001"],
        ["--grid", "0.5"],  // 1,373,701 vectors over 4 categories: more than 100,000
        ["--grid", "7"],  // 100 is not a whole number of steps of 7
        [],
    ])
    func usageErrorsExit64(_ arguments: [String]) throws {
        let (dir, input) = try Self.batch(20)
        let r = try CLI.run(["scenarios"] + input + arguments + ["--out", "\(dir)/out"])
        #expect(r.status == 64, "\(arguments): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
    }
}
