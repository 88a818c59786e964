/// Result application under every scenario (SPEC §9, issue 9): for each period, scenario and
/// rule, how many units the rule adjusts (deducts from, rewards or lists), how many of them it
/// did not adjust under the official scores (entered) and how many it adjusted officially but
/// not here (left), and the money deducted, rewarded and left in a pool.
///
/// A scenario changes project scores, hence department scores, grades and `below_average`; the
/// other figures (execution and completion rates, monitoring scores) stay as filed. Department
/// scores are the mean of their projects' rounded scenario scores — the department sums the
/// analysis already keeps — graded with the scheme's `department_grades` or the scenario's
/// bands. Project rules are applied per scenario only when their condition does not look at the
/// project's own score (those would need every project's score in every scenario); their
/// outcome is then the official one in every scenario.
struct ScenarioApplication: Codable, Sendable, Equatable {
    /// Rule names, in the order applied.
    let rules: [String]
    /// Per period of the results, in their order.
    var periods: [Figures]

    /// One period's figures at `m * rules + r`.
    struct Figures: Codable, Sendable, Equatable {
        var adjusted: [Int64]
        var entered: [Int64]
        var left: [Int64]
        /// Fen.
        var deducted: WideIntegers
        var rewarded: WideIntegers
        var remainder: WideIntegers
    }

    /// Why rules cannot be applied per scenario, naming each: nil when they can.
    static func problems(_ rules: [ApplicationRule], scheme: Scheme) -> Diagnostics? {
        var d = Diagnostics()
        if scheme.application.departmentScore == .weightedMean, rules.contains(where: { $0.scope == .department }) {
            d.append(Diagnostic(.error, rule: .invalidRule, file: "scheme", column: "application.department_score",
                                message: "weighted_mean cannot be formed per scenario (the analysis keeps each department's sum of scores); use mean"))
        }
        for rule in rules where rule.scope == .project && Self.looksAtScores(rule.condition) {
            d.append(Diagnostic(.error, rule: .invalidRule, file: "rule \(rule.name)",
                                message: "a project rule on the project's own total, grade, average or department score cannot be applied per scenario; scenarios apply department rules and project rules on other figures"))
        }
        return d.hasErrors ? d : nil
    }

    private static func looksAtScores(_ c: ApplicationRule.Condition) -> Bool {
        switch c {
        case .grade, .belowAverage: true
        case let .compare(metric, _, _): metric == .total || metric == .departmentScore
        case let .consecutive(inner, _, _): looksAtScores(inner)
        case let .all(parts), let .any(parts): parts.contains(where: looksAtScores)
        }
    }

    /// The figures of every scenario of `results` (a whole run, not a shard), whose bands are
    /// `grades`, for the evaluated batch.
    init(results: ScenarioResults, grades: [GradeScale], rules: [ApplicationRule], bases: BaseAmounts?, batch: ProjectBatch,
         scores: ScoreTable, deviations: ProjectDeviations, scheme: Scheme, progress: (@Sendable (String) -> Void)?) throws(InputRejected)
    {
        if let problems = Self.problems(rules, scheme: scheme) { throw InputRejected(problems) }
        let departments = ApplicationUnits(departmentsOf: batch, scores: scores, deviations: deviations, scheme: scheme)
        let projects = rules.contains { $0.scope == .project }
            ? ApplicationUnits(projectsOf: batch, scores: scores, deviations: deviations, scheme: scheme, departments: departments) : nil
        let (official, _) = try ResultApplication.run(rules, bases: bases, batch: batch, scheme: scheme, departments: departments, projects: projects)
        // Project rules other than pools come out the same in every scenario.
        var fixed: [Int: [ResultApplication.Adjustment]] = [:]
        for (r, rule) in rules.enumerated() where rule.scope == .project {
            if case .rewardFromPool = rule.action { continue }
            fixed[r] = official[r]
        }
        var officialHit: [[Bool]] = rules.map { [Bool](repeating: false, count: $0.scope == .project ? batch.projects.count : departments.count) }
        for (r, adjustments) in official.enumerated() { for a in adjustments { officialHit[r][a.unit] = true } }

        // Department unit of each (result period, local department); result period of each period code.
        var unitOf: [Int: Int] = [:]
        for u in 0..<departments.count { unitOf[Int(departments.period[u]) * batch.departments.count + Int(departments.department[u])] = u }
        let departmentCode = Dictionary(batch.departments.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let periodCode = Dictionary(batch.periods.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var resultPeriod = [Int](repeating: -1, count: batch.periods.count)
        let local: [[Int]] = results.periods.enumerated().map { pi, p in
            let code = periodCode[p.period]!
            resultPeriod[code] = pi
            return p.departments.map { unitOf[code * batch.departments.count + departmentCode[$0]!]! }
        }

        let m = results.scenarioCount, count = rules.count
        let zeros = [Int64](repeating: 0, count: m * count)
        let wide = WideIntegers([Int128](repeating: 0, count: m * count))
        var periods = [Figures](repeating: Figures(adjusted: zeros, entered: zeros, left: zeros, deducted: wide, rewarded: wide, remainder: wide),
                                count: results.periods.count)
        // Official adjustments per (period, rule), for `left`.
        var officialCount = [[Int64]](repeating: [Int64](repeating: 0, count: count), count: results.periods.count)
        for (r, adjustments) in official.enumerated() {
            for a in adjustments where resultPeriod[Int(a.period)] >= 0 { officialCount[resultPeriod[Int(a.period)]][r] += 1 }
        }
        let scale = Rounding.scale(scheme.precision)
        let departmentBands = scheme.application.departmentGrades.map { GradeScale(bands: $0, precision: scheme.precision) }
        var sums = [Int64](repeating: 0, count: departments.count)
        for s in 0..<m {
            if s > 0, s % 10_000 == 0 { progress?("application: \(s) of \(m) scenarios") }
            for (pi, p) in results.periods.enumerated() {
                let d = p.departments.count
                for l in 0..<d { sums[local[pi][l]] = p.departmentSums[s * d + l] }
            }
            let rescored = departments.rescored(sums: sums, grades: departmentBands ?? grades[s], scale: scale)
            let (byRule, pools) = try ResultApplication.run(rules, bases: bases, batch: batch, scheme: scheme, departments: rescored,
                                                            projects: projects, fixed: fixed)
            for (r, adjustments) in byRule.enumerated() {
                for a in adjustments {
                    let pi = resultPeriod[Int(a.period)]
                    guard pi >= 0 else { continue }
                    let i = s * count + r
                    periods[pi].adjusted[i] += 1
                    if !officialHit[r][a.unit] { periods[pi].entered[i] += 1 }
                    switch a.kind {
                    case .deduct: periods[pi].deducted.values[i] += a.amount
                    case .reward: periods[pi].rewarded.values[i] += a.amount
                    case .flag: break
                    }
                }
            }
            for pool in pools where resultPeriod[Int(pool.period)] >= 0 {
                periods[resultPeriod[Int(pool.period)]].remainder.values[s * count + pool.rule] += pool.remainder
            }
            for pi in periods.indices {
                for r in 0..<count {
                    let i = s * count + r
                    periods[pi].left[i] = officialCount[pi][r] - (periods[pi].adjusted[i] - periods[pi].entered[i])
                }
            }
        }
        self.rules = rules.map(\.name)
        self.periods = periods
    }
}
