/// The results of a tile of projects × scenarios, handed to a ``ScenarioConsumer`` and valid only
/// during the call: scenario scores rounded once at the total (SPEC §4.5) and their grades.
@_spi(Stages)
public struct ScenarioBlock {
    public let projects: Range<Int>
    public let scenarios: Range<Int>
    /// Rounded scores in units of 10^-precision, `projects.count × scenarios.count` row-major.
    public let scores: UnsafeBufferPointer<Int64>
    /// Grade index per score, same layout.
    public let grades: UnsafeBufferPointer<UInt8>

    /// The rounded score of project `p` under scenario `m` (absolute indices).
    @inlinable
    public func score(project p: Int, scenario m: Int) -> Int64 {
        scores[(p - projects.lowerBound) * scenarios.count + (m - scenarios.lowerBound)]
    }
}

/// Something that summarises scenario results block by block, so that the N×M scores never
/// exist at once. Each worker gets its own copy; the copies are merged in a fixed order, so the
/// result does not depend on the thread count.
@_spi(Stages)
public protocol ScenarioConsumer: Sendable {
    mutating func consume(_ block: ScenarioBlock)
    mutating func merge(_ other: Self)
}

/// Projects per grade per scenario: the first consumer of scenario products.
@_spi(Stages)
public struct GradeCounts: ScenarioConsumer, Sendable {
    public let gradeCount: Int
    public let scenarioCount: Int
    /// counts[g * scenarioCount + m], so that eight neighbouring scenarios of a grade are adjacent.
    private var counts: [Int64]
    /// Per-grade lane sums of the strip being counted (kept to allocate once).
    private var sums: [SIMD8<Int64>]

    public init(scenarios: ScenarioSet) {
        gradeCount = scenarios.grades.map(\.bands.count).max() ?? 0
        scenarioCount = scenarios.count
        counts = [Int64](repeating: 0, count: scenarios.count * gradeCount)
        sums = [SIMD8<Int64>](repeating: .zero, count: gradeCount)
    }

    public func count(scenario m: Int, grade g: Int) -> Int { Int(counts[g * scenarioCount + m]) }

    /// Adds the tile's grades, eight scenarios at a time: for each grade, the lanes equal to it.
    public mutating func consume(_ block: ScenarioBlock) {
        let width = block.scenarios.count
        let first = block.scenarios.lowerBound
        let m = scenarioCount
        let grades = gradeCount
        counts.withUnsafeMutableBufferPointer { c in
        sums.withUnsafeMutableBufferPointer { sums in
            var j = 0
            while j + 8 <= width {
                for grade in 0..<grades { sums[grade] = .zero }
                for row in 0..<block.projects.count {
                    let raw = UnsafeRawPointer(block.grades.baseAddress! + row * width + j).loadUnaligned(as: SIMD8<UInt8>.self)
                    let g = SIMD8<Int64>(truncatingIfNeeded: raw)
                    for grade in 0..<grades {
                        sums[grade].replace(with: sums[grade] &+ 1, where: g .== SIMD8<Int64>(repeating: Int64(grade)))
                    }
                }
                for grade in 0..<grades {
                    for k in 0..<8 { c[grade * m + first + j + k] += sums[grade][k] }
                }
                j += 8
            }
            for row in 0..<block.projects.count {
                for jj in j..<width { c[Int(block.grades[row * width + jj]) * m + first + jj] += 1 }
            }
        }}
    }

    public mutating func merge(_ other: GradeCounts) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }
}
