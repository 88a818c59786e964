/// The first pass of a scenario analysis (SPEC §9): per scenario, how many projects of one period
/// have each rounded score — reduced, as each chunk of scenarios finishes, to what later passes
/// need: the sum of scores, the grade counts, Σ (2 × average rank)² for Spearman's ρ, and a rank
/// table.
///
/// The rank table of scenario m holds, for each score s it saw between its lowest and highest,
/// the number of projects scoring above s, so that a project's competition rank is one table
/// lookup, exactly, and the projects tied with it another. Memory: one 32-bit count per score
/// unit between the lowest and highest score, per scenario (10,001 at most per scenario at
/// precision 2), never per project.
///
/// Walked ``ScenarioEngine/Order/scenariosFirst``: each worker owns whole chunks, so each
/// chunk's histogram exists once, in one worker, only while the chunk runs.
@_spi(Stages)
public struct ScoreHistograms: ScenarioConsumer, Sendable {
    /// Projects in the period.
    public let projectCount: Int
    let scenarioCount: Int
    let gradeCount: Int
    /// Histogram width: score units 0 … maximum.
    let bins: Int
    /// Σ rounded scores per scenario, in units.
    public private(set) var sum: [Int64]
    /// counts[m * gradeCount + g].
    public private(set) var gradeCounts: [Int64]
    /// Σ over projects of (2 × average rank)², per scenario.
    private(set) var squaredRanks: [Int128]
    /// Lowest score per scenario, in units.
    private(set) var lowest: [Int64]
    /// Rank table of each finished chunk, by chunk start; joined by ``tables()``.
    private var chunkTables: [(first: Int, offsets: [Int], counts: [UInt32])] = []
    /// The current chunk's histograms, `(m - first) * bins + score`.
    private var histogram: [UInt32] = []
    private let grades: [GradeScale]

    /// Grades come from the histogram, one per score.
    public static var readsGrades: Bool { false }

    public init(projects: Int, scenarios: ScenarioSet, maximumUnits: Int64) {
        projectCount = projects
        scenarioCount = scenarios.count
        gradeCount = scenarios.bandSlots
        bins = Int(maximumUnits) + 1
        sum = [Int64](repeating: 0, count: scenarios.count)
        gradeCounts = [Int64](repeating: 0, count: scenarios.count * scenarios.bandSlots)
        squaredRanks = [Int128](repeating: 0, count: scenarios.count)
        lowest = [Int64](repeating: 0, count: scenarios.count)
        grades = scenarios.grades
    }

    public mutating func consume(_ block: ScenarioBlock) {
        let width = block.scenarios.count * bins
        if histogram.count != width { histogram = [UInt32](repeating: 0, count: width) }
        let rows = block.projects.count
        histogram.withUnsafeMutableBufferPointer { h in
            for j in 0..<block.scenarios.count {
                let base = h.baseAddress! + j * bins
                let scores = block.scores.baseAddress! + j * block.stride
                for i in 0..<rows { base[Int(scores[i])] &+= 1 }
            }
        }
    }

    /// Reduces the chunk's histograms to its scenarios' figures and rank tables.
    public mutating func finish(scenarios: Range<Int>) {
        guard !histogram.isEmpty else { return }
        // Each scenario's lowest and highest score first, so that the chunk's table is allocated
        // once, at its size.
        let spans = (0..<scenarios.count).map { j in
            let h = histogram[(j * bins)..<((j + 1) * bins)]
            let lo = h.firstIndex { $0 > 0 }.map { $0 - j * bins } ?? 0
            let hi = h.lastIndex { $0 > 0 }.map { $0 - j * bins } ?? 0
            return (lo, hi)
        }
        var offsets = [0]
        offsets.reserveCapacity(scenarios.count + 1)
        var counts: [UInt32] = []
        counts.reserveCapacity(spans.reduce(0) { $0 + $1.1 - $1.0 + 2 })
        let n = projectCount
        for (j, m) in scenarios.enumerated() {
            let h = histogram[(j * bins)..<((j + 1) * bins)]
            let (lo, hi) = spans[j]
            lowest[m] = Int64(lo)
            // table[0] = projects above lo − 1 (all), table[s − lo + 1] = projects above s.
            var above = n
            counts.append(UInt32(above))
            var total: Int64 = 0
            var squares: Int128 = 0
            for s in lo...hi {
                let c = Int(h[j * bins + s])
                if c > 0 {
                    total += Int64(c) * Int64(s)
                    gradeCounts[m * gradeCount + grades[m].grade(units: Int64(s))] += Int64(c)
                    // Average rank (2·above + c + 1) / 2, doubled.
                    let twice = Int128(2 * (above - c) + c + 1)
                    squares += Int128(c) * twice * twice
                }
                above -= c
                counts.append(UInt32(above))
            }
            sum[m] = total
            squaredRanks[m] = squares
            offsets.append(counts.count)
        }
        chunkTables.append((scenarios.lowerBound, offsets, counts))
        for i in histogram.indices { histogram[i] = 0 }
    }

    public mutating func merge(_ other: ScoreHistograms) {
        for (first, offsets, counts) in other.chunkTables {
            let m = offsets.count - 1
            for s in first..<(first + m) {
                sum[s] = other.sum[s]
                squaredRanks[s] = other.squaredRanks[s]
                lowest[s] = other.lowest[s]
                for g in 0..<gradeCount { gradeCounts[s * gradeCount + g] = other.gradeCounts[s * gradeCount + g] }
            }
            chunkTables.append((first, offsets, counts))
        }
        histogram = []
    }

    /// The rank tables of every scenario, in one buffer.
    func tables() -> RankTables {
        var offsets = [Int](repeating: 0, count: scenarioCount + 1)
        var counts: [UInt32] = []
        for (first, chunkOffsets, chunkCounts) in chunkTables.sorted(by: { $0.first < $1.first }) {
            for j in 0..<(chunkOffsets.count - 1) {
                offsets[first + j] = counts.count + chunkOffsets[j]
            }
            counts += chunkCounts
        }
        offsets[scenarioCount] = counts.count
        return RankTables(projectCount: projectCount, lowest: lowest, offsets: offsets, above: counts)
    }
}

/// Per scenario, how many projects of a period score above each score: competition ranks and
/// ties by lookup (built by ``ScoreHistograms``).
struct RankTables: Sendable {
    let projectCount: Int
    /// Lowest score per scenario.
    let lowest: [Int64]
    /// Scenario m's table is `above[offsets[m] ..< offsets[m + 1]]`: entry 0 is every project,
    /// entry s − lowest + 1 the projects scoring above s; so entry s − lowest is the projects
    /// scoring s or more, and a project's competition rank is 1 + entry s − lowest + 1.
    let offsets: [Int]
    let above: [UInt32]
}
