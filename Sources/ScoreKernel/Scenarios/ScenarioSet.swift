/// Named weight scenarios over the categories of a ``CategoryMatrix`` (SPEC §4.5, §9): W is
/// K×M, column m the weights of scenario m, each column summing to 100; optional grade bands per
/// scenario (the scheme's bands otherwise).
@_spi(Stages)
public struct ScenarioSet: Sendable {
    public let names: [String]
    public let categoryCount: Int
    /// W, K×M row-major: weight of category k in scenario m at `k * count + m`.
    public let weights: [Double]
    /// Grade bands per scenario.
    public let grades: [GradeScale]

    public var count: Int { names.count }

    /// Band minima in score units by band position: `minimumUnits[band][m]` for scenario `m`
    /// (bands past a scenario's own count repeat its last minimum, 0).
    let minimumUnits: [[Double]]

    /// Scenarios from weight vectors (one per scenario, K each).
    public init(names: [String], vectors: [[Double]], grades: [GradeScale]) {
        precondition(names.count == vectors.count && grades.count == vectors.count)
        let k = vectors.first?.count ?? 0
        let m = vectors.count
        var w = [Double](repeating: 0, count: k * m)
        for (j, v) in vectors.enumerated() {
            precondition(v.count == k)
            for i in 0..<k { w[i * m + j] = v[i] }
        }
        self.names = names
        self.categoryCount = k
        self.weights = w
        self.grades = grades
        let bandCount = grades.map(\.bands.count).max() ?? 1
        minimumUnits = (0..<bandCount).map { band in
            grades.map { Double($0.minimumUnits[min(band, $0.minimumUnits.count - 1)]) }
        }
    }

    /// The scenario `scheme`: the scheme's `weights` over `categories` (absent codes weigh 0).
    public static func scheme(_ scheme: Scheme, categories: [String]) -> ScenarioSet {
        ScenarioSet(names: ["scheme"], vectors: [categories.map { scheme.weights[$0] ?? 0 }],
                    grades: [GradeScale(bands: scheme.grades, precision: scheme.precision)])
    }
}
