import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

/// SPEC §8 (issue 9): result application, every amount worked out by hand.
@Suite struct ApplicationTests {
    /// One project read through the real ingest with a chosen total (units of 0.01), budget,
    /// executed and monitoring score: one output indicator ≥ 90 worth 90 points scoring the total
    /// less the execution score 10 × min(executed / budget, 1).
    struct Project {
        var department: String
        var total: Int64 = 9000
        var budget = "100"
        var executed = "100"
        var period = "2024"
        var id: String? = nil
        var monitor = ""
    }

    /// The scored batch of `projects`.
    static func evaluation(_ projects: [Project], scheme: Scheme = Scheme()) throws
        -> (batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations)
    {
        var p = "project_id,department,period,budget,executed,monitor_score\n"
        var i = "project_id,period,level1,indicator,direction,target,actual,points\n"
        for (k, q) in projects.enumerated() {
            let (b, e) = (Double(q.budget)!, Double(q.executed)!)
            let execution = b == 0 ? 0 : Rounding.units(10 * min(e / b, 1), precision: 2)
            let id = q.id ?? "P\(k)"
            p += "\(id),\(q.department),\(q.period),\(q.budget),\(q.executed),\(q.monitor)\n"
            i += "\(id),\(q.period),output,I,>=,90,\(Rounding.text(units: q.total - execution, precision: 2)),90\n"
        }
        let (result, d) = ingest(projects: p, indicators: i, scheme: scheme)
        let batch = try #require(result?.batch, "\(d.errors)")
        let scores = Scorer(scheme: scheme, threads: 1).score(batch)
        #expect(Array(scores.total) == projects.map(\.total))
        let deviations = ProjectDeviations(batch: batch, scores: scores, ranks: ProjectRanks(batch: batch, scores: scores), scheme: scheme)
        return (batch, scores, deviations)
    }

    static func bases(_ text: String, departments: Set<String> = [], unit: AmountUnit = .yuan) throws(InputRejected) -> BaseAmounts {
        let source = try! SourceText(fileName: "bases.csv", data: Array(text.utf8))
        return try BasesFileReader.read(source, departments: departments, unit: unit).0
    }

    static func apply(_ rules: [ApplicationRule], _ projects: [Project], bases: String?, scheme: Scheme = Scheme()) throws
        -> (ResultApplication, ProjectBatch)
    {
        let e = try evaluation(projects, scheme: scheme)
        let b = try bases.map { try Self.bases($0, unit: scheme.application.amountUnit) }
        return (try ResultApplication(rules: rules, bases: b, batch: e.batch, scores: e.scores, deviations: e.deviations, scheme: scheme), e.batch)
    }

    /// (key, amount in fen) of a rule's adjustments, in order.
    static func amounts(_ a: ResultApplication, _ batch: ProjectBatch, rule: String) -> [String: Int128] {
        var out: [String: Int128] = [:]
        for x in a.adjustments where a.rules[x.rule].name == rule {
            let key = a.rules[x.rule].scope == .project ? batch.projects.id[x.unit] : batch.departments[Int(a.department(ofUnit: x.unit).department)]
            out[key] = x.amount
        }
        return out
    }

    // MARK: Presets, by hand

    /// execution-pool (罗江): execution rate Σ executed / Σ budget below 85 % loses 5 % of
    /// public_funds; the pool goes to those above 96 % in proportion to their public_funds.
    ///
    /// * A: 80 / 100 = 80 % < 85 → 5 % × 10,000.00 = 500.00
    /// * B: 84 / 100 = 84 % → 5 % × 3,333.33 = 166.6665 → 166.67 (half away from zero)
    /// * C: exactly 85 % is not below 85 → nothing; F: exactly 96 % is not above 96 → nothing
    /// * pool 500.00 + 166.67 = 666.67 = 66,667 fen, shared by D (97 %, 200,000.00) and E (100 %, 100,000.00):
    ///   D 66,667 × 2/3 = 44,444.67, E 22,222.33; floors 44,444 + 22,222 = 66,666; the one fen
    ///   left goes to the larger remainder (D, 0.67) → D 444.45, E 222.22; 444.45 + 222.22 = 666.67.
    @Test func executionPoolByHand() throws {
        let projects = [("A", "80"), ("B", "84"), ("C", "85"), ("D", "97"), ("E", "100"), ("F", "96")].map {
            Project(department: $0.0, total: 8000, executed: $0.1)
        }
        let bases = """
            period,department,公用经费
            2024,A,10000.00
            2024,B,3333.33
            2024,C,5000
            2024,D,"200,000.00"
            2024,E,100000
            2024,F,7000

            """
        let (a, batch) = try Self.apply(ApplicationRule.preset("execution-pool")!, projects, bases: bases)
        #expect(Self.amounts(a, batch, rule: "execution-pool-deduct") == ["A": 50_000, "B": 16_667])
        #expect(Self.amounts(a, batch, rule: "execution-pool-reward") == ["D": 44_445, "E": 22_222])
        #expect(a.pools == [ResultApplication.Pool(period: 0, rule: 1, collected: 66_667, paidOut: 66_667, remainder: 0)])
        let first = try #require(a.adjustments.first)
        #expect(first.witness == .metric(.executionRate, value: 80, threshold: 85))
        #expect(first.baseAmount == 1_000_000 && first.rate == 5 && first.base == "public_funds" && first.chargedPeriod == "2024")
    }

    /// grade-tiered-deduction (广州): good 1 %, fair 3 %, poor 5 % of public_funds 12,345.67.
    ///
    /// * X mean (89.99 + 90.00) / 2 = 89.995 → 90.00 (half away) → excellent: nothing
    /// * Y mean 85 → good: 1 % = 123.4567 → 123.46
    /// * Z mean (60 + 80) / 2 = 70 → fair: 3 % = 370.3701 → 370.37
    /// * W mean 50 → poor: 5 % = 617.2835 → 617.28
    @Test func gradeTieredDeductionByHand() throws {
        let projects = [
            Project(department: "X", total: 8999), Project(department: "X", total: 9000),
            Project(department: "Y", total: 8500),
            Project(department: "Z", total: 6000), Project(department: "Z", total: 8000),
            Project(department: "W", total: 5000),
        ]
        let bases = "department,public_funds\nX,12345.67\nY,12345.67\nZ,12345.67\nW,12345.67\n"
        let (a, batch) = try Self.apply(ApplicationRule.preset("grade-tiered-deduction")!, projects, bases: bases)
        #expect(Self.amounts(a, batch, rule: "grade-tiered-deduction") == ["Y": 12_346, "Z": 37_037, "W": 61_728])
        #expect(a.adjustments.map(\.rate) == [1, 3, 5])
    }

    /// The fund-weighted department score: (100 × 95 + 300 × 75) / 400 = (9,500 + 22,500) / 400 = 80
    /// → good (1 %); the plain mean (95 + 75) / 2 = 85 is good too, but with bands of its own at
    /// 82 the department is fair under weighted_mean (3 % of 1,000.00 = 30.00) and good under
    /// mean (1 % = 10.00).
    @Test func departmentScoreRuleAndBands() throws {
        let projects = [Project(department: "V", total: 9500, budget: "100", executed: "100"),
                        Project(department: "V", total: 7500, budget: "300", executed: "300")]
        var scheme = Scheme()
        scheme.application.departmentGrades = [GradeBand(name: "excellent", label: "优", minimum: 90), GradeBand(name: "good", label: "良", minimum: 82),
                                               GradeBand(name: "fair", label: "中", minimum: 60), GradeBand(name: "poor", label: "差", minimum: 0)]
        let bases = "department,public_funds\nV,1000\n"
        let rules = ApplicationRule.preset("grade-tiered-deduction")!
        let (mean, batch) = try Self.apply(rules, projects, bases: bases, scheme: scheme)
        #expect(Self.amounts(mean, batch, rule: "grade-tiered-deduction") == ["V": 1_000])
        scheme.application.departmentScore = .weightedMean
        let (weighted, _) = try Self.apply(rules, projects, bases: bases, scheme: scheme)
        #expect(Self.amounts(weighted, batch, rule: "grade-tiered-deduction") == ["V": 3_000])
    }

    /// below-average-cut: department scores 80, 90 and 85 average (80 + 90 + 85) / 3 = 85; only 80
    /// is below (85 equals the average: not below) → 5 % of next_year_request 1,000,000.00 = 50,000.00.
    /// With `average_of: projects` the average is over the four projects (80 + 90 + 84 + 86) / 4 = 85
    /// too, and the same department alone is below.
    @Test func belowAverageWithTiesAtTheAverage() throws {
        let projects = [Project(department: "L", total: 8000), Project(department: "H", total: 9000),
                        Project(department: "M", total: 8400), Project(department: "M", total: 8600)]
        let bases = "department,下年预算申请数\nL,1000000\nH,1000000\nM,1000000\n"
        let (a, batch) = try Self.apply(ApplicationRule.preset("below-average-cut")!, projects, bases: bases)
        #expect(Self.amounts(a, batch, rule: "below-average-cut") == ["L": 5_000_000])
        #expect(a.adjustments[0].witness == .belowAverage(value: 80, average: 85))
        var scheme = Scheme()
        scheme.averageOf = .projects
        let (b, _) = try Self.apply(ApplicationRule.preset("below-average-cut")!, projects, bases: bases, scheme: scheme)
        #expect(Self.amounts(b, batch, rule: "below-average-cut") == ["L": 5_000_000])
    }

    /// monitoring-adjustment across three years. Q1 monitoring 50, 55, 70: low in 2022 and 2023 →
    /// budget adjustment in 2023 only (2022 has no year before it in the batch). Q2 50, 80, 50:
    /// never two running. Q3 execution 60 %, 65 %, 69 %: below 70 % in 2022–2023 and 2023–2024 →
    /// key evaluation in 2023 and 2024. Q4 exists in 2022 and 2024 only, low in both: not consecutive.
    @Test func consecutivePeriodsAcrossThreeYears() throws {
        var projects: [Project] = []
        for (year, m1, m2, e3) in [("2022", "50", "50", "60"), ("2023", "55", "80", "65"), ("2024", "70", "50", "69")] {
            projects.append(Project(department: "D", period: year, id: "Q1", monitor: m1))
            projects.append(Project(department: "D", period: year, id: "Q2", monitor: m2))
            projects.append(Project(department: "D", executed: e3, period: year, id: "Q3"))
        }
        projects.append(Project(department: "D", executed: "10", period: "2022", id: "Q4", monitor: "10"))
        projects.append(Project(department: "D", executed: "10", period: "2024", id: "Q4", monitor: "10"))
        let (a, batch) = try Self.apply(ApplicationRule.preset("monitoring-adjustment")!, projects, bases: nil)
        let listed = a.adjustments.map { (a.rules[$0.rule].name, batch.projects.id[$0.unit], batch.periods[Int($0.period)], $0.list!) }
        #expect(listed.map { "\($0.0) \($0.1) \($0.2) \($0.3)" } == [
            "budget-adjustment Q1 2023 预算调整", "key-evaluation Q3 2023 重点评价", "key-evaluation Q3 2024 重点评价",
        ])
        #expect(a.adjustments.allSatisfy { $0.kind == .flag && $0.amount == 0 })
    }

    // MARK: Pools

    /// 10,000.00 元 among three equal bases: 1,000,000 fen / 3 = 333,333.33 each; the one fen left
    /// goes to the first → 3,333.34 + 3,333.33 + 3,333.33.
    @Test func poolSharedByLargestRemainder() {
        #expect(PoolSharing.shares(of: 1_000_000, weights: [5, 5, 5]) == [333_334, 333_333, 333_333])
        #expect(PoolSharing.shares(of: 1_000_000, weights: [0, 0, 0]) == [333_334, 333_333, 333_333])
        // 7 fen by 1 : 2 : 4 → 1, 2, 4 exactly; 10 fen by 1 : 1 : 1 : 1 → 3, 3, 2, 2.
        #expect(PoolSharing.shares(of: 7, weights: [1, 2, 4]) == [1, 2, 4])
        #expect(PoolSharing.shares(of: 10, weights: [1, 1, 1, 1]) == [3, 3, 2, 2])
        #expect(PoolSharing.shares(of: 10, weights: []) == [])
        // Beyond 128 bits: an error, not a trap.
        #expect(PoolSharing.shares(of: Int128.max / 2, weights: [Int64.max]) == nil)
    }

    /// The pool shared equally (`base: equal`) among three departments: 10,000.00 元 collected by a
    /// fixed deduction → 3,333.34 + 3,333.33 + 3,333.33. When no unit qualifies, nothing is paid
    /// and the whole pool remains, reported in the pool's balance.
    @Test func equalSharesAndAPoolNobodyQualifiesFor() throws {
        let projects = [Project(department: "Poor", total: 5000)] + ["R1", "R2", "R3"].map { Project(department: $0, total: 9500) }
        let deduct = ApplicationRule(name: "fine", scope: .department, condition: .grade(["poor"]), action: .deductFixed(amount: 10_000, base: nil))
        let reward = ApplicationRule(name: "share", scope: .department, condition: .grade(["excellent"]),
                                     action: .rewardFromPool(rules: ["fine"], base: nil))
        let (a, batch) = try Self.apply([deduct, reward], projects, bases: nil)
        #expect(Self.amounts(a, batch, rule: "fine") == ["Poor": 1_000_000])
        #expect(Self.amounts(a, batch, rule: "share") == ["R1": 333_334, "R2": 333_333, "R3": 333_333])
        let nobody = ApplicationRule(name: "share", scope: .department, condition: .compare(.total, .above, 99),
                                     action: .rewardFromPool(rules: ["fine"], base: nil))
        let (b, _) = try Self.apply([deduct, nobody], projects, bases: nil)
        #expect(b.adjustments.filter { $0.kind == .reward }.isEmpty)
        #expect(b.pools == [ResultApplication.Pool(period: 0, rule: 1, collected: 1_000_000, paidOut: 0, remainder: 1_000_000)])
        #expect(b.summaries[1].remainder == 1_000_000)
    }

    // MARK: Actions and options

    /// deduct_fixed is capped at its base (500.00 against a base of 120.50 → 120.50); a project
    /// rule charges the project's own budget (2 % of 1,234.56 = 24.6912 → 24.69); a rule that
    /// charges year + 2 reads the 2026 row of bases.csv (5 % of 2,000.00 = 100.00, not the 2024 row).
    @Test func fixedCapProjectBaseAndChargedYear() throws {
        let projects = [Project(department: "A", total: 5000, budget: "1234.56", executed: "1234.56")]
        let bases = "period,department,public_funds\n2024,A,120.50\n2026,A,2000\n"
        let rules = [
            ApplicationRule(name: "fixed", scope: .department, condition: .grade(["poor"]), action: .deductFixed(amount: 500, base: "public_funds")),
            ApplicationRule(name: "project", scope: .project, condition: .compare(.total, .below, 60),
                            action: .deductPercent(base: "budget", rate: .single(2))),
            ApplicationRule(name: "later", scope: .department, condition: .compare(.total, .atMost, 50),
                            action: .deductPercent(base: "public_funds", rate: .single(5)), chargeOffset: 2),
        ]
        let (a, _) = try Self.apply(rules, projects, bases: bases)
        #expect(a.adjustments.map(\.amount) == [12_050, 2_469, 10_000])
        #expect(a.adjustments.map(\.chargedPeriod) == ["2024", "2024", "2026"])
        // all / any: poor AND below 60 holds; poor AND execution below 50 % does not; any of them does.
        let both = ApplicationRule.Condition.all([.grade(["poor"]), .compare(.total, .below, 60)])
        let notBoth = ApplicationRule.Condition.all([.grade(["poor"]), .compare(.executionRate, .below, 50)])
        let (c, _) = try Self.apply([ApplicationRule(name: "both", scope: .project, condition: both, action: .flag(list: "L")),
                                     ApplicationRule(name: "notBoth", scope: .project, condition: notBoth, action: .flag(list: "L")),
                                     ApplicationRule(name: "any", scope: .project, condition: .any([notBoth, both]), action: .flag(list: "L"))],
                                    projects, bases: nil)
        #expect(c.adjustments.map { c.rules[$0.rule].name } == ["both", "any"])
        #expect(c.adjustments[1].witness == .grade(3, of: ["poor"]))
    }

    /// Units of 万元: a base of 1.5 万元 is 15,000.00 元; 3 % of it is 450.00 元.
    @Test func basesInWan() throws {
        var scheme = Scheme()
        scheme.application.amountUnit = .wan
        let rule = ApplicationRule(name: "r", scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: "public_funds", rate: .single(3)))
        let (a, _) = try Self.apply([rule], [Project(department: "A", total: 5000)], bases: "department,public_funds\nA,1.5万元\n", scheme: scheme)
        #expect(a.adjustments.map(\.amount) == [45_000])
        #expect(a.adjustments.map(\.baseAmount) == [1_500_000])
    }

    // MARK: Under scenarios

    /// grade-tiered-deduction under weight scenarios (SPEC §9). Department A: one project, total
    /// 95 (output 90 + execution 50 % × 10 = 5); B: total 70 (output 60 + execution 10). Both
    /// lack benefit and satisfaction, so scenario scores renormalise over output and execution:
    ///
    /// * official: A 95 excellent (nothing), B 70 fair → 3 % × 10,000.00 = 300.00
    /// * `scheme` (output 50, execution 10): A (50 × 1 + 10 × 0.5) × 100 / 60 = 91.67 excellent;
    ///   B (50 × 60/90 + 10 × 1) × 100 / 60 = 72.22 fair → 300.00; adjusted 1, entered 0, left 0
    /// * `exec-heavy` (execution 100): A 100 × 0.5 = 50 poor → 5 % = 500.00; B 100 × 1 = 100
    ///   excellent → nothing; adjusted 1, entered 1 (A), left 1 (B)
    @Test func gradeTieredDeductionUnderScenarios() throws {
        let dir = NSTemporaryDirectory() + "scenario-application-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = "project_id,department,period,budget,executed\nPA,A,2024,100,50\nPB,B,2024,100,100\n"
        let i = "project_id,period,level1,indicator,direction,target,actual,points\nPA,2024,output,I,>=,90,90,90\nPB,2024,output,I,>=,90,60,90\n"
        try p.write(toFile: dir + "/p.csv", atomically: true, encoding: .utf8)
        try i.write(toFile: dir + "/i.csv", atomically: true, encoding: .utf8)
        try "department,public_funds\nA,10000\nB,10000\n".write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        try "scenario,output,benefit,satisfaction,execution\nexec-heavy,0,0,0,100\n".write(toFile: dir + "/w.csv", atomically: true, encoding: .utf8)
        let e = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
        #expect(e.scores.total(of: 0) == 95 && e.scores.total(of: 1) == 70)
        let application = ApplicationRequest(rules: ApplicationRule.preset("grade-tiered-deduction")!, basesPath: dir + "/b.csv")
        let results = try e.scenarios(ScenarioRequest(source: .weightsFile(dir + "/w.csv"), application: application))
        let a = try #require(results.application)
        #expect(results.names == ["as_filed", "scheme", "exec-heavy"])
        let f = a.periods[0]
        #expect(Array(f.adjusted[1...2]) == [1, 1] && Array(f.entered[1...2]) == [0, 1] && Array(f.left[1...2]) == [0, 1])
        #expect(Array(f.deducted.values[1...2]) == [30_000, 50_000])
        // Project rules on the project's own score cannot run per scenario; weighted means neither.
        let own = ApplicationRule(name: "own", scope: .project, condition: .compare(.total, .below, 60), action: .flag(list: "x"))
        #expect(throws: InputRejected.self) {
            try e.scenarios(ScenarioRequest(source: .weightsFile(dir + "/w.csv"), application: ApplicationRequest(rules: [own])))
        }
    }

    /// An oracle for every scenario: on random two-period batches, each Monte Carlo scenario's
    /// application figures equal the official application of a batch whose totals are that
    /// scenario's scores, computed here by hand from SPEC §4.5 — S = (a·w_output + e·w_execution)
    /// × 100 / (w_output + w_execution) for these projects (output and execution only), rounded
    /// as floor(S × 100 + 0.5 + 10⁻⁶) / 100.
    @Test(arguments: 1...4) func scenarioApplicationMatchesRescoredBatches(seed: UInt64) throws {
        var r = SplitMix64(seed: seed)
        var projects: [Project] = []
        for period in ["2023", "2024"] {
            for _ in 0..<(25 + r.below(20)) {
                let executed = 50 + r.below(51)
                let execution = Int64(10 * executed)  // 10 × rate in units of 0.01
                let total = execution + Int64(r.below(8_001)) + 1_000  // output 10 … 90 points
                projects.append(Project(department: "D\(r.below(6))", total: total, executed: "\(executed)", period: period))
            }
        }
        let dir = NSTemporaryDirectory() + "scenario-oracle-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var p = "project_id,department,period,budget,executed\n", i = "project_id,period,level1,indicator,direction,target,actual,points\n"
        var b = "period,department,public_funds,next_year_request\n"
        for (k, q) in projects.enumerated() {
            p += "P\(k),\(q.department),\(q.period),100,\(q.executed)\n"
            i += "P\(k),\(q.period),output,I,>=,90,\(Rounding.text(units: q.total - Int64(10 * Int(q.executed)!), precision: 2)),90\n"
        }
        for period in ["2023", "2024"] { for d in 0..<6 { b += "\(period),D\(d),\(1_000 + 37 * d).5\(d),\(20_000 + d)\n" } }
        try p.write(toFile: dir + "/p.csv", atomically: true, encoding: .utf8)
        try i.write(toFile: dir + "/i.csv", atomically: true, encoding: .utf8)
        try b.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        let rules = ApplicationRule.preset("grade-tiered-deduction")! + ApplicationRule.preset("below-average-cut")! + [
            ApplicationRule(name: "share", scope: .department, condition: .grade(["excellent"]),
                            action: .rewardFromPool(rules: ["grade-tiered-deduction", "below-average-cut"], base: "public_funds")),
        ]
        let e = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
        let results = try e.scenarios(ScenarioRequest(source: .monteCarlo(count: 12, seed: seed, sampler: .dirichlet(concentration: 5)),
                                                      application: ApplicationRequest(rules: rules, basesPath: dir + "/b.csv")))
        let figures = try #require(results.application)
        let bases = try Self.bases(b)
        for m in 1..<results.scenarioCount {
            let (wOutput, wExecution) = (results.weights[m * 4], results.weights[m * 4 + 3])
            let rescored = projects.map { q -> Project in
                let e = Double(q.executed)! / 100
                let a = Double(q.total - Int64(10 * Int(q.executed)!)) / 100 / 90
                let score = (a * wOutput + e * wExecution) * 100 / (wOutput + wExecution)
                return Project(department: q.department, total: Int64((score * 100 + 0.5 + 1e-6).rounded(.down)), period: q.period)
            }
            let x = try Self.evaluation(rescored)
            let official = try ResultApplication(rules: rules, bases: bases, batch: x.batch, scores: x.scores, deviations: x.deviations, scheme: Scheme())
            for (pi, period) in results.periods.enumerated() {
                let code = Int32(x.batch.periods.firstIndex(of: period.period)!)
                for r in rules.indices {
                    let mine = official.adjustments.filter { $0.rule == r && $0.period == code }
                    let at = m * rules.count + r
                    #expect(figures.periods[pi].adjusted[at] == Int64(mine.count), "scenario \(m) rule \(r) period \(period.period)")
                    #expect(figures.periods[pi].deducted[at] == mine.filter { $0.kind == .deduct }.reduce(0) { $0 + $1.amount })
                    #expect(figures.periods[pi].rewarded[at] == mine.filter { $0.kind == .reward }.reduce(0) { $0 + $1.amount })
                }
            }
        }
    }

    // MARK: Found by review

    /// One deduction feeds one pool: a second pool of the same rule, or a rule named twice in one
    /// pool, would pay the same money out twice.
    @Test func aDeductionFeedsOnePool() throws {
        let projects = [Project(department: "A", total: 5000), Project(department: "B", total: 9500)]
        let fine = ApplicationRule(name: "fine", scope: .department, condition: .grade(["poor"]), action: .deductFixed(amount: 100, base: nil))
        let pool = { (name: String, from: [String]) in
            ApplicationRule(name: name, scope: .department, condition: .grade(["excellent"]), action: .rewardFromPool(rules: from, base: nil))
        }
        #expect(throws: InputRejected.self) { try Self.apply([fine, pool("r1", ["fine"]), pool("r2", ["fine"])], projects, bases: nil) }
        #expect(throws: InputRejected.self) { try Self.apply([fine, pool("r1", ["fine", "fine"])], projects, bases: nil) }
        do {
            _ = try Scheme.load(yaml: """
                application:
                  rules:
                    - {name: d, scope: department, when: {grade: [poor]}, deduct_fixed: {amount: 1}}
                    - name: r
                      scope: department
                      when: {grade: [excellent]}
                      reward_from_pool:
                        rules: [d, d]
                        base: equal

                """, file: "scheme.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.errors.map { "\($0.line ?? 0) \($0.column ?? "")" } == ["8 application.rules[1].reward_from_pool.rules[1]"])
        }
    }

    /// Deductions from one base are capped together: two rules of 60 % of 1,000.00 take 600.00
    /// and then what is left, 400.00; a fixed 500.00 after them takes nothing (and gets no row) —
    /// whatever the rules call the base (public_funds, 公用经费, Public_Funds), and when a rule
    /// evaluating 2023 charges the 2024 base (charge_period: 1) that a 2024 rule charges too.
    @Test func deductionsFromOneBaseAreCappedTogether() throws {
        let rule = { (name: String, base: String) in
            ApplicationRule(name: name, scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: base, rate: .single(60)))
        }
        let fixed = ApplicationRule(name: "fixed", scope: .department, condition: .grade(["poor"]), action: .deductFixed(amount: 500, base: "public_funds"))
        let (a, _) = try Self.apply([rule("r1", "public_funds"), rule("r2", "公用经费"), fixed], [Project(department: "A", total: 5000)],
                                    bases: "department,公用经费\nA,1000\n")
        #expect(a.adjustments.map(\.amount) == [60_000, 40_000])
        #expect(a.adjustments.map(\.base) == ["public_funds", "public_funds"])
        let later = ApplicationRule(name: "later", scope: .department, condition: .grade(["poor"]),
                                    action: .deductPercent(base: "Public_Funds", rate: .single(60)), chargeOffset: 1)
        let now = rule("now", "public_funds")
        let years = [Project(department: "A", total: 5000, period: "2023"), Project(department: "A", total: 5000, period: "2024")]
        let (b, batch) = try Self.apply([now, later], years, bases: "period,department,public_funds\n2023,A,1000\n2024年,A,1000\n2025,A,1000\n")
        // now: 2023 → 600.00 of 2023, 2024 → 600.00 of 2024; later: 2023 → 2024's, only 400.00 left; 2024 → 600.00 of 2025.
        #expect(b.adjustments.map { "\(b.rules[$0.rule].name) \(batch.periods[Int($0.period)]) \($0.chargedPeriod) \($0.amount)" } == [
            "now 2023 2023 60000", "now 2024 2024 60000", "later 2023 2024 40000", "later 2024 2025 60000",
        ])
    }

    /// bases.csv as people write it: a unit word in a cell or the header converts (84.240541万元 is
    /// 842,405.41 元 under the default 元; 1,200元 is 1,200.00 元 under `amount_unit: wan`), ¥ is
    /// allowed, 2024年 is the period 2024, a remark column is ignored unless charged, a trailing
    /// column without a header or values is ignored, and a rule may name its base in Chinese.
    @Test func basesAsPeopleWriteThem() throws {
        let text = "年度,部门,公用经费,下年预算申请数（万元）,备注,\n2024年,A,84.240541万元,1.5,见附件,\n2024,B,¥1200,2,,\n"
        let yuan = try Self.bases(text)
        #expect(yuan.columns == ["public_funds", "next_year_request", "备注"])
        #expect(yuan.row(period: "2024", department: "A")?.amounts[0] == 842_405_410_000)
        #expect(yuan.row(period: "2024", department: "A")?.amounts[1] == 15_000_000_000)
        #expect(yuan.row(period: "2024", department: "B")?.amounts[0] == 1_200_000_000)
        #expect(yuan.problems[2].count == 1 && yuan.problems[0].isEmpty)
        let wan = try Self.bases("department,public_funds\nA,1200元\nB,2\n", unit: .wan)
        #expect(wan.row(period: "", department: "A")?.amounts[0] == 1_200_000_000)
        #expect(wan.row(period: "", department: "B")?.amounts[0] == 20_000_000_000)
        #expect(yuan.column("公用经费") == 0 && yuan.column("Public_Funds") == 0 && yuan.column("下年预算申请数") == 1)
        // Charged: the remark column's text is an error of its line.
        let projects = [Project(department: "A", total: 5000), Project(department: "B", total: 5000)]
        let remark = ApplicationRule(name: "r", scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: "备注", rate: .single(1)))
        do {
            _ = try Self.apply([remark], projects, bases: text)
            Issue.record("accepted")
        } catch let e as InputRejected {
            #expect(e.diagnostics.errors.map(\.description) == ["bases.csv:2: column 备注: \"见附件\" is not an amount"])
        }
        let chinese = ApplicationRule(name: "c", scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: "公用经费", rate: .single(1)))
        let (a, _) = try Self.apply([chinese], projects, bases: text)
        #expect(a.adjustments.map(\.amount) == [842_405, 1_200])  // 1 % of 842,405.41 = 8,424.0541 → 8,424.05; 1 % of 1,200
        // Headers differing only in case name one column twice.
        #expect(throws: InputRejected.self) { try Self.bases("department,Reserve,reserve\nA,1,2\n") }
        // An empty period cell is an error of its line; charge_period needs a period column.
        #expect(throws: InputRejected.self) { try Self.bases("period,department,public_funds\n,A,1\n") }
        let later = ApplicationRule(name: "later", scope: .department, condition: .grade(["poor"]),
                                    action: .deductFixed(amount: 1, base: "public_funds"), chargeOffset: 1)
        #expect(throws: InputRejected.self) { try Self.apply([later], projects, bases: "department,public_funds\nA,1\nB,1\n") }
    }

    /// `years: 2` (the key-evaluation preset) counts annual periods only: two monitoring cut-offs
    /// of one year below 70 % are not "two years running"; `periods: 2` chains them.
    @Test func yearsRunningAreAnnualPeriodsOnly() throws {
        let projects = ["2024-06", "2024-09"].map { Project(department: "D", executed: "50", period: $0, id: "Q", monitor: "50") }
        let (a, batch) = try Self.apply(ApplicationRule.preset("monitoring-adjustment")!, projects, bases: nil)
        #expect(a.adjustments.map { "\(a.rules[$0.rule].name) \(batch.periods[Int($0.period)])" } == ["budget-adjustment 2024-09"])
    }

    /// Project rules list their rows by period, then file order, even when the file interleaves
    /// periods; a pool of 0 is recorded with nothing paid and no 0.00 rewards.
    @Test func rowOrderAndAnEmptyPool() throws {
        let projects = [Project(department: "D", total: 5000, period: "2024", id: "A"), Project(department: "D", total: 5000, period: "2023", id: "A"),
                        Project(department: "D", total: 5000, period: "2024", id: "B")]
        let flag = ApplicationRule(name: "f", scope: .project, condition: .grade(["poor"]), action: .flag(list: "x"))
        let (a, batch) = try Self.apply([flag], projects, bases: nil)
        #expect(a.adjustments.map { "\(batch.periods[Int($0.period)]) \(batch.projects.id[$0.unit])" } == ["2024 A", "2024 B", "2023 A"])
        let none = ApplicationRule(name: "none", scope: .department, condition: .grade(["excellent"]), action: .deductFixed(amount: 1, base: nil))
        let share = ApplicationRule(name: "share", scope: .department, condition: .grade(["poor"]), action: .rewardFromPool(rules: ["none"], base: nil))
        let (b, _) = try Self.apply([none, share], projects, bases: nil)
        #expect(b.adjustments.isEmpty)
        #expect(b.pools.map(\.collected) == [0, 0] && b.pools.map(\.paidOut) == [0, 0])
    }

    // MARK: Properties

    /// On generated batches with random thresholds and rates: Σ deductions of the pooled rule =
    /// the pool collected, Σ rewards = the pool when anyone qualifies, every amount ≥ 0 and every
    /// deduction ≤ its base; a department charged by a percentage is charged round(rate × base).
    @Test(arguments: 1...6) func moneyIsNeitherCreatedNorLost(seed: UInt64) throws {
        let dir = NSTemporaryDirectory() + "application-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let generator = BatchGenerator(projects: 1500, seed: seed)
        try generator.write(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
        try generator.writeBases(path: dir + "/b.csv")
        var r = SplitMix64(seed: seed)
        let low = Double(80 + r.below(10)), high = Double(92 + r.below(6)), rate = Double(r.below(2_000)) / 100
        let rules = [
            ApplicationRule(name: "cut", scope: .department, condition: .compare(.executionRate, .below, low),
                            action: .deductPercent(base: "public_funds", rate: .single(rate))),
            ApplicationRule(name: "tier", scope: .department, condition: .grade(["good", "fair", "poor"]),
                            action: .deductPercent(base: "next_year_request", rate: .byGrade(["good": 0.5, "fair": 1.25, "poor": 2]))),
            ApplicationRule(name: "gain", scope: .department, condition: .compare(.executionRate, .atLeast, high),
                            action: .rewardFromPool(rules: ["cut", "tier"], base: "public_funds")),
        ]
        let e = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv",
                               options: .init(application: ApplicationRequest(rules: rules, basesPath: dir + "/b.csv")))
        let a = try #require(e.application)
        let deducted = a.adjustments.filter { $0.kind == .deduct }
        let rewarded = a.adjustments.filter { $0.kind == .reward }
        let pool = try #require(a.pools.first)
        #expect(pool.collected == deducted.reduce(0) { $0 + $1.amount })
        if rewarded.isEmpty { #expect(pool.remainder == pool.collected) } else {
            #expect(rewarded.reduce(0) { $0 + $1.amount } == pool.collected && pool.remainder == 0)
        }
        for d in deducted {
            #expect(d.amount >= 0 && d.amount <= d.baseAmount!)
            // The base is to the fen here, so round(rate × base) is exact in integers: base × rate × 10⁶ / 10⁸.
            let micros = Int128(ApplicationRule.Rate.micros(d.rate!)!)
            #expect(d.amount == (2 * d.baseAmount! * micros + 100_000_000) / 200_000_000)
        }
        #expect(rewarded.allSatisfy { $0.amount >= 0 })
        // Totals per department add up to the adjustments.
        #expect(a.totals.reduce(0) { $0 + $1.deducted } == deducted.reduce(0) { $0 + $1.amount })
    }

    // MARK: Bad input

    /// Rows that cannot be keyed stop the read (a duplicate, an empty department); cells that are
    /// not amounts are errors of their line once a rule charges their column.
    @Test func badBasesAreRejectedWithTheirLine() throws {
        let text = """
            period,department,public_funds,next_year_request
            2024,A,abc,1
            2024,B,-5,1
            2024,C,5%,1
            2024,D,1.1234567,1

            """
        let bases = try Self.bases(text)
        let problems = bases.problems[0].map { "\($0.line!) \($0.rule.rawValue) \($0.column ?? "")" }
        #expect(problems == ["2 not_a_number public_funds", "3 negative_amount public_funds", "4 not_an_amount public_funds",
                             "5 amount_precision public_funds"])
        #expect(bases.problems[1].isEmpty)
        let projects = ["A", "B", "C", "D"].map { Project(department: $0, total: 5000) }
        let cut = ApplicationRule(name: "cut", scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: "public_funds", rate: .single(1)))
        let cutAgain = ApplicationRule(name: "again", scope: .department, condition: .grade(["poor"]),
                                       action: .deductFixed(amount: 1, base: "公用经费"))
        do {
            // Two rules charge the column: each bad cell is still one error.
            _ = try Self.apply([cut, cutAgain], projects, bases: text)
            Issue.record("bad cells of a charged column were accepted")
        } catch let e as InputRejected {
            #expect(e.diagnostics.errors.map { "\($0.line!) \($0.rule.rawValue)" } == ["2 not_a_number", "3 negative_amount", "4 not_an_amount", "5 amount_precision"])
        }
        let other = ApplicationRule(name: "other", scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: "next_year_request", rate: .single(1)))
        #expect(try Self.apply([other], projects, bases: text).0.adjustments.count == 4)
        do {
            _ = try Self.bases("period,department,public_funds\n2024,A,1\n2024,A,2\n2024,,1\n")
            Issue.record("a duplicate row was accepted")
        } catch {
            #expect(error.diagnostics.errors.map(\.description) == [
                "bases.csv:3: column department: \"A\" is a duplicate: the same department in period 2024 is on line 2",
                "bases.csv:4: column department: is empty: every row names a department",
            ])
        }
    }

    /// A rule whose base is missing is an error naming the rule: no bases file, no such column, no
    /// row for a charged department, an empty cell; so are grades that are no band and pools of
    /// rules that deduct nothing.
    @Test func rulesThatCannotBeAppliedNameTheRule() throws {
        let projects = [Project(department: "A", total: 5000), Project(department: "B", total: 5000)]
        let cut = ApplicationRule(name: "cut", scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: "public_funds", rate: .single(1)))
        func errors(_ rules: [ApplicationRule], _ bases: String?) -> [String] {
            do {
                _ = try Self.apply(rules, projects, bases: bases)
                return []
            } catch let e as InputRejected {
                return e.diagnostics.errors.map(\.description)
            } catch { return ["\(error)"] }
        }
        #expect(errors([cut], nil) == ["rule cut: needs base amounts (public_funds): give them with --bases FILE"])
        #expect(errors([cut], "department,other\nA,1\nB,1\n") == ["rule cut: needs base public_funds, which bases.csv does not have (its amounts: other)"])
        #expect(errors([cut], "department,public_funds\nA,1\n") == ["bases.csv: rule cut: charges public_funds of B, but bases.csv has no row for it"])
        #expect(errors([cut], "department,public_funds\nA,1\nB,\n") == ["bases.csv:3: rule cut: charges public_funds of B, but the cell is empty"])
        let badGrade = ApplicationRule(name: "g", scope: .department, condition: .grade(["良"]), action: .flag(list: "x"))
        #expect(errors([badGrade], nil).first?.hasPrefix("rule g: grade 良 is no band of the department grades (excellent, good, fair, poor); ") == true)
        let flag = ApplicationRule(name: "f", scope: .department, condition: .grade(["poor"]), action: .flag(list: "x"))
        let pool = ApplicationRule(name: "p", scope: .department, condition: .grade(["poor"]), action: .rewardFromPool(rules: ["f", "nope"], base: nil))
        #expect(errors([flag, pool], nil) == ["rule p: its pool names rule f, which deducts nothing",
                                              "rule p: its pool names rule nope, which is not applied (rules: f, p)"])
        #expect(errors([flag, flag], nil) == ["rule f: two rules are named f; rename one"])
        // Rules built in code get the scheme reader's checks: an error naming the rule, not a trap.
        let odd: [ApplicationRule] = [
            ApplicationRule(name: "r1", scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: "b", rate: .single(1e300))),
            ApplicationRule(name: "r2", scope: .department, condition: .grade(["poor"]), action: .deductFixed(amount: .nan, base: nil)),
            ApplicationRule(name: "r3", scope: .department, condition: .consecutive(.belowAverage, periods: 0), action: .flag(list: "x")),
            ApplicationRule(name: "r4", scope: .department, condition: .belowAverage, action: .flag(list: "x"), chargeOffset: -3),
            ApplicationRule(name: "r5", scope: .department, condition: .grade(["poor"]), action: .deductPercent(base: "b", rate: .byGrade(["poor": -1]))),
        ]
        for rule in odd {
            #expect(errors([rule], "department,b\nA,1\nB,1\n").first?.hasPrefix("rule \(rule.name): ") == true, "\(rule.name)")
        }
        let monthly = [Project(department: "A", total: 5000, period: "2024-07")]
        let later = ApplicationRule(name: "later", scope: .department, condition: .grade(["poor"]),
                                    action: .deductFixed(amount: 1, base: nil), chargeOffset: 1)
        #expect(throws: InputRejected.self) { try Self.apply([later], monthly, bases: nil) }
    }

    /// Bad rules in scheme.yaml are reported with their line and key path.
    @Test func badRuleYAMLIsRejectedWithItsLine() {
        let yaml = """
            application:
              rules:
                - name: a
                  scope: department
                  when: {metric: speed, below: 1}
                  flag: x
                - name: b
                  scope: department
                  when: {grade: [poor]}
                  flag: x
                  deduct_fixed: {amount: 1}
                - name: c
                  scope: department
                  when: {metric: total, below: 60}
                  deduct_percent: {base: public_funds, rate: 150}
                - name: d
                  scope: department
                  when: {metric: department_score, below: 60}
                  flag: x
                - name: ok
                  scope: project
                  when: {below_average: true, periods: 2}
                  flag: x
                - name: ok
                  scope: project
                  when: {below_average: true}
                  flag: y

            """
        do {
            _ = try Scheme.load(yaml: yaml, file: "scheme.yaml")
            Issue.record("accepted")
        } catch {
            let found = error.diagnostics.errors.map { "\($0.line ?? 0) \($0.rule.rawValue) \($0.column ?? "")" }
            #expect(found == ["5 unknown_value application.rules[0].when.metric", "7 missing_key application.rules[1]",
                              "15 out_of_range application.rules[2].deduct_percent.rate",
                              "18 inconsistent application.rules[3].when.metric", "24 duplicate_key application.rules[5]"], "\(error.diagnostics.errors)")
        }
    }

    /// The printed scheme reads back with the same rules: every preset, and a rule using every
    /// condition and action.
    @Test func printedRulesReadBack() throws {
        var scheme = Scheme()
        scheme.application.rules = ApplicationRule.presetNames.flatMap { ApplicationRule.preset($0)! } + [
            ApplicationRule(name: "mixed 规则", scope: .project,
                            condition: .any([.all([.belowAverage, .compare(.gap, .atLeast, 20.5)]),
                                             .consecutive(.compare(.departmentScore, .atMost, 70), periods: 3)]),
                            action: .deductFixed(amount: 1234.56, base: "executed")),
            ApplicationRule(name: "eq", scope: .department, condition: .grade(["poor"]),
                            action: .rewardFromPool(rules: ["execution-pool-deduct"], base: nil), chargeOffset: 2),
        ]
        scheme.application.amountUnit = .wan
        scheme.application.departmentScore = .weightedMean
        scheme.application.departmentGrades = GradePreset.tiers.bands
        let back = try Scheme.load(yaml: scheme.yaml, file: "scheme.yaml")
        #expect(back.application == scheme.application)
    }
}
