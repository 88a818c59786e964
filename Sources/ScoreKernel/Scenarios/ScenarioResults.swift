/// What a scenario analysis found (SPEC §9), whole or one shard of it: the scenarios run, and per
/// period the figures the result files are made from.
///
/// Every figure is either complete in each shard (from the first pass, which sees every project:
/// scenario means, grade counts, rank tables' squares) or an exact sum over the shard's projects
/// (ranks compared with the baseline, department sums, sensitivity shares in fixed point), or a
/// row of one project. Merging shards adds the sums and joins the rows in order, so the merge of
/// any split is the same, bit for bit, as the whole run.
public struct ScenarioResults: Codable, Sendable, Equatable {
    /// Which part of the run this is, 1-based (1 for a whole run or a merge).
    public internal(set) var shard: Int
    /// How many parts the run was split into (1 for a whole run or a merge).
    public internal(set) var shards: Int
    /// A hash of the input and the request; parts of one run share it.
    let fingerprint: UInt64
    let dimension: CategoryDimension
    let categories: [String]
    /// Scenario names: `as_filed`, `scheme`, then the requested ones.
    let names: [String]
    /// M×K row-major (zeros for `as_filed`).
    let weights: [Double]
    /// The Monte Carlo scenarios (empty for a weights file or a grid).
    let sampledStart: Int
    let sampledEnd: Int
    let topK: Int
    let precision: Int
    let gradeNames: [String]
    let gradeLabels: [String]
    var periods: [PeriodScenarioResults]
    /// Result application under each scenario, when asked for (whole runs only).
    var application: ScenarioApplication?

    var sampled: Range<Int> { sampledStart..<sampledEnd }
    var isMonteCarlo: Bool { !sampled.isEmpty }
    var categoryCount: Int { categories.count }
    /// How many scenarios ran: `as_filed`, `scheme` and the requested ones.
    public var scenarioCount: Int { names.count }

    /// The whole run from its shards (each given once, any order).
    static func merging(_ parts: [ScenarioResults]) throws(ScenarioMergeError) -> ScenarioResults {
        guard let first = parts.first else { throw .noParts }
        let sorted = parts.sorted { $0.shard < $1.shard }
        guard first.shards >= 1, sorted.map(\.shard) == Array(1...first.shards), sorted.allSatisfy({ $0.shards == first.shards }) else {
            throw .incomplete(found: sorted.map(\.shard), of: first.shards)
        }
        for part in sorted
        where part.fingerprint != first.fingerprint || part.names != first.names
            || part.periods.map(\.period) != first.periods.map(\.period) || part.periods.map(\.departments) != first.periods.map(\.departments)
        {
            throw .differentRuns(shard: part.shard)
        }
        var whole = sorted[0]
        for part in sorted.dropFirst() {
            for p in whole.periods.indices { whole.periods[p].add(part.periods[p]) }
        }
        for p in whole.periods.indices { whole.periods[p].rows.sortByPosition() }
        whole.shard = 1
        whole.shards = 1
        return whole
    }
}

extension ScenarioResults {
    /// What is wrong with a part read from a file, whose arrays must fit one another before
    /// anything indexes them; nil when they do.
    var inconsistency: String? {
        let m = scenarioCount, k = categoryCount, g = gradeNames.count
        guard m >= 2, k >= 1, g >= 1, g == gradeLabels.count, g <= GradeBand.maximumCount, weights.count == m * k,
              sampledStart >= 0, sampledStart <= sampledEnd, sampledEnd <= m, topK >= 1, (0...9).contains(precision), shards >= 1,
              (1...shards).contains(shard)
        else { return "its scenarios, categories or bands do not fit together" }
        for p in periods {
            let d = p.departments.count
            guard p.projectCount >= 0, p.departmentProjects.count == d, p.departmentBaselineSums.count == d,
                  p.departmentProjects.allSatisfy({ $0 > 0 }), p.departmentProjects.reduce(0, +) == p.projectCount,
                  p.sums.count == m, p.gradeCounts.count == m * g, p.squaredRanks.values.count == m, p.baselineSquares.values.count == 1,
                  p.cross.values.count == m, p.movedUp.count == m, p.movedDown.count == m, p.topOverlap.count == m,
                  p.bottomOverlap.count == m, p.departmentSums.count == m * d, p.shareSums.values.count == (isMonteCarlo ? k : 0)
            else { return "the figures of period \(p.period) do not fit its scenarios and departments" }
            let r = p.rows, n = r.count
            let perProject = isMonteCarlo ? 1 : 0
            guard n <= p.projectCount, r.position.count == n, r.department.count == n, r.baselineRank.count == n,
                  r.schemeUnits.count == n, r.schemeGrade.count == n, r.quantiles.count == 3 * n * perProject,
                  r.gradeCounts.count == g * n * perProject, r.mostSensitive.count == n * perProject,
                  r.marginDown.count == n, r.towardDown.count == n, r.marginUp.count == n, r.towardUp.count == n,
                  r.position.allSatisfy({ $0 >= 0 && Int($0) < p.projectCount }), r.department.allSatisfy({ $0 >= 0 && Int($0) < d }),
                  r.schemeGrade.allSatisfy({ Int($0) < g }),
                  (r.mostSensitive + r.towardDown + r.towardUp).allSatisfy({ $0 >= -1 && Int($0) < k })
            else { return "the project rows of period \(p.period) do not fit together" }
        }
        return nil
    }
}

/// Why shards could not be merged.
public enum ScenarioMergeError: Error, Sendable, CustomStringConvertible {
    /// No part folder was given.
    case noParts
    /// Some shard of 1…n is missing or given twice (the shards found, and n).
    case incomplete(found: [Int], of: Int)
    /// A part comes from another run: other input, scenarios or options.
    case differentRuns(shard: Int)
    /// A part folder that could not be read, and why.
    case unreadable(String, String)

    /// The problem as a sentence for the user.
    public var description: String {
        switch self {
        case .noParts: "no parts given"
        case .incomplete(let found, let n):
            "the parts are shards \(found.map(String.init).joined(separator: ", ")) of \(n); each of 1…\(n) must be given once"
        case .differentRuns(let shard): "shard \(shard) comes from another run (other input, scenarios or options)"
        case .unreadable(let path, let why): "\(path): \(why)"
        }
    }
}

/// One period's figures (see ``ScenarioResults``).
struct PeriodScenarioResults: Codable, Sendable, Equatable {
    let period: String
    let projectCount: Int
    let departments: [String]
    let departmentProjects: [Int]
    /// Σ §4.4 totals per department, units.
    let departmentBaselineSums: [Int64]

    // First pass, complete in every shard.
    /// Σ rounded score per scenario.
    let sums: [Int64]
    /// `m * grades + g`.
    let gradeCounts: [Int64]
    /// Σ (2 × average rank)² per scenario.
    let squaredRanks: WideIntegers
    /// Σ (2 × baseline average rank)².
    let baselineSquares: WideIntegers

    // Sums over the shard's projects.
    var cross: WideIntegers
    var movedUp: [Int64]
    var movedDown: [Int64]
    var topOverlap: [Int64]
    var bottomOverlap: [Int64]
    /// `m * departments + d`.
    var departmentSums: [Int64]
    var shareSums: WideIntegers
    var shareProjects: Int

    // Rows of the shard's projects, in period order.
    var rows: ProjectRows

    mutating func add(_ other: PeriodScenarioResults) {
        cross.add(other.cross)
        for m in movedUp.indices {
            movedUp[m] += other.movedUp[m]
            movedDown[m] += other.movedDown[m]
            topOverlap[m] += other.topOverlap[m]
            bottomOverlap[m] += other.bottomOverlap[m]
        }
        for i in departmentSums.indices { departmentSums[i] += other.departmentSums[i] }
        shareSums.add(other.shareSums)
        shareProjects += other.shareProjects
        rows.append(other.rows)
    }
}

/// Per-project rows of a period (SPEC §9): rank intervals and grade-flip margins.
struct ProjectRows: Codable, Sendable, Equatable {
    /// Each row's place among the period's projects in file order.
    var position: [Int32] = []
    var projectIDs: [String] = []
    var department: [Int32] = []
    var baselineRank: [Int32] = []
    /// The `scheme` scenario's score (units) and grade.
    var schemeUnits: [Int64] = []
    var schemeGrade: [UInt8] = []
    /// Median, p05, p95 rank × 100 (Monte Carlo only).
    var quantiles: [Int64] = []
    /// Scenarios per grade (Monte Carlo only).
    var gradeCounts: [Int32] = []
    var mostSensitive: [Int8] = []
    var marginDown: [Double?] = []
    var towardDown: [Int8] = []
    var marginUp: [Double?] = []
    var towardUp: [Int8] = []

    var count: Int { projectIDs.count }

    mutating func append(_ other: ProjectRows) {
        position += other.position
        projectIDs += other.projectIDs
        department += other.department
        baselineRank += other.baselineRank
        schemeUnits += other.schemeUnits
        schemeGrade += other.schemeGrade
        quantiles += other.quantiles
        gradeCounts += other.gradeCounts
        mostSensitive += other.mostSensitive
        marginDown += other.marginDown
        towardDown += other.towardDown
        marginUp += other.marginUp
        towardUp += other.towardUp
    }

    /// Puts the rows in file order.
    mutating func sortByPosition() {
        let order = position.indices.sorted { position[$0] < position[$1] }
        func permute<T>(_ a: [T], width: Int = 1) -> [T] {
            guard !a.isEmpty else { return a }
            return order.flatMap { a[($0 * width)..<(($0 + 1) * width)] }
        }
        let grades = quantiles.isEmpty ? 0 : gradeCounts.count / max(1, count)
        position = permute(position)
        projectIDs = permute(projectIDs)
        department = permute(department)
        baselineRank = permute(baselineRank)
        schemeUnits = permute(schemeUnits)
        schemeGrade = permute(schemeGrade)
        quantiles = permute(quantiles, width: 3)
        gradeCounts = permute(gradeCounts, width: grades)
        mostSensitive = permute(mostSensitive)
        marginDown = permute(marginDown)
        towardDown = permute(towardDown)
        marginUp = permute(marginUp)
        towardUp = permute(towardUp)
    }
}

/// 128-bit sums, written as decimal strings (JSON numbers stop at 64 bits).
struct WideIntegers: Codable, Sendable, Equatable {
    var values: [Int128]

    init(_ values: [Int128]) { self.values = values }

    subscript(i: Int) -> Int128 { values[i] }

    mutating func add(_ other: WideIntegers) {
        for i in values.indices { values[i] += other.values[i] }
    }

    init(from decoder: any Decoder) throws {
        let strings = try decoder.singleValueContainer().decode([String].self)
        values = try strings.map {
            guard let v = Int128($0) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an integer: \($0)")) }
            return v
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(values.map { String($0) })
    }
}
extension CategoryDimension: Codable {}
