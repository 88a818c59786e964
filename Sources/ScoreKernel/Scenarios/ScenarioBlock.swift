/// The results of a tile of projects × scenarios, handed to a ``ScenarioConsumer`` and valid only
/// during the call: scenario scores rounded once at the total (SPEC §4.5) and their grades.
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
public protocol ScenarioConsumer {
    mutating func consume(_ block: ScenarioBlock)
    mutating func merge(_ other: Self)
}

/// Projects per grade per scenario: the first consumer of scenario products.
public struct GradeCounts: ScenarioConsumer, Sendable {
    public let gradeCount: Int
    /// counts[m * gradeCount + g].
    public private(set) var counts: [Int]

    public init(scenarios: ScenarioSet) {
        gradeCount = scenarios.grades.map(\.bands.count).max() ?? 0
        counts = [Int](repeating: 0, count: scenarios.count * gradeCount)
    }

    public func count(scenario m: Int, grade g: Int) -> Int { counts[m * gradeCount + g] }

    public mutating func consume(_ block: ScenarioBlock) {
        let width = block.scenarios.count
        counts.withUnsafeMutableBufferPointer { c in
            for row in 0..<block.projects.count {
                for j in 0..<width {
                    c[(block.scenarios.lowerBound + j) * gradeCount + Int(block.grades[row * width + j])] += 1
                }
            }
        }
    }

    public mutating func merge(_ other: GradeCounts) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }
}
