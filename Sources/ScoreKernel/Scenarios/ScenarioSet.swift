/// Named weight scenarios over the categories of a ``CategoryMatrix`` (SPEC §4.5, §9): one weight
/// vector per scenario summing to 100, with grade bands per scenario (the scheme's unless a
/// weights file gives its own). Scenario 0 may be `as_filed`, each project on its own category
/// points, which no common vector expresses.
@_spi(Stages)
public struct ScenarioSet: Sendable {
    public let names: [String]
    public let categoryCount: Int
    /// W, M×K row-major: the weight of category k in scenario m at `m * categoryCount + k`
    /// (zeros for `as_filed`).
    public let weights: [Double]
    /// Grade bands per scenario.
    public let grades: [GradeScale]
    /// Whether scenario 0 is `as_filed`.
    public let asFiled: Bool

    public var count: Int { names.count }

    /// The most bands any scenario has.
    let bandSlots: Int
    /// Band minima in score units, `m * bandSlots + band` (bands past a scenario's own count
    /// repeat its last minimum, 0).
    let minimumUnits: [Int32]

    /// Scenarios from weight vectors (one per scenario, K each); with `asFiled`, the first
    /// vector is ignored and scenario 0 scores each project on its own points.
    public init(names: [String], vectors: [[Double]], grades: [GradeScale], asFiled: Bool = false) {
        precondition(names.count == vectors.count && grades.count == vectors.count)
        let k = vectors.first?.count ?? 0
        var w = [Double]()
        w.reserveCapacity(k * vectors.count)
        for (m, v) in vectors.enumerated() {
            precondition(v.count == k)
            w += asFiled && m == 0 ? [Double](repeating: 0, count: k) : v
        }
        self.names = names
        categoryCount = k
        weights = w
        self.grades = grades
        self.asFiled = asFiled
        let slots = grades.map(\.bands.count).max() ?? 1
        bandSlots = slots
        minimumUnits = grades.flatMap { g in
            (0..<slots).map { Int32(clamping: g.minimumUnits[min($0, g.minimumUnits.count - 1)]) }
        }
    }

    /// The weights of scenario `m`.
    public func weights(of m: Int) -> ArraySlice<Double> {
        weights[(m * categoryCount)..<((m + 1) * categoryCount)]
    }

    /// The scenario `scheme`: the scheme's `weights` over `categories` (absent codes weigh 0).
    public static func scheme(_ scheme: Scheme, categories: [String]) -> ScenarioSet {
        ScenarioSet(names: ["scheme"], vectors: [schemeWeights(scheme, categories: categories)],
                    grades: [GradeScale(bands: scheme.grades, precision: scheme.precision)])
    }

    /// The scheme's weights over `categories`, 0 for codes it does not weigh.
    static func schemeWeights(_ scheme: Scheme, categories: [String]) -> [Double] {
        categories.map { scheme.weights[$0] ?? 0 }
    }
}
