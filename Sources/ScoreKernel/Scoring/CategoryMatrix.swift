/// The category matrix of SPEC §4.5: C[p,k], the unrounded achievement of project p in category
/// k (points-weighted over its indicators in k; min(rate, 1) for execution), P[p,k] = 1 when p has
/// category k, and each project's own points per category (the `as_filed` weights).
///
/// Row-major N×K `Double` buffers, ready for `cblas_dgemm`.
@_spi(Stages)
public struct CategoryMatrix: Sendable {
    public let dimension: CategoryDimension
    /// Category codes in column order; the last is `execution`.
    public let categories: [String]
    public let projectCount: Int
    /// C, N×K row-major.
    public let achievement: [Double]
    /// P, N×K row-major, 0 or 1.
    public let presence: [Double]
    /// Each project's own points per category (execution: the execution points), N×K.
    public let ownPoints: [Double]

    public var categoryCount: Int { categories.count }

    init(dimension: CategoryDimension, categories: [String], projectCount: Int, achievement: [Double], presence: [Double], ownPoints: [Double]) {
        self.dimension = dimension
        self.categories = categories
        self.projectCount = projectCount
        self.achievement = achievement
        self.presence = presence
        self.ownPoints = ownPoints
    }

    /// Builds C and P from a scored batch; `missing` = `.merge` fills merged categories here.
    public init(batch: ProjectBatch, scores: ScoreTable, scheme: Scheme) {
        dimension = scheme.dimension
        let categoryOf: (Int) -> Int
        categories = Self.categories(of: batch, dimension: scheme.dimension)
        switch scheme.dimension {
        case .level1:
            categoryOf = { Int(batch.indicators.level1[$0].rawValue) }
        case .level2:
            categoryOf = { r in
                let l = batch.indicators.level2[r]
                return l == .unspecified ? -1 : Int(l.rawValue)
            }
        case .indicator:
            categoryOf = { Int(batch.indicators.code[$0]) }
        }
        let k = categories.count
        let n = batch.projects.count
        projectCount = n
        var c = [Double](repeating: 0, count: n * k)
        var p = [Double](repeating: 0, count: n * k)
        var own = [Double](repeating: 0, count: n * k)
        let execution = k - 1
        var merges: [(missing: Int, into: Int)] = []
        if case .merge(let map) = scheme.missingCategory {
            for (missing, into) in map {
                if let m = categories.firstIndex(of: missing), let i = categories.firstIndex(of: into) { merges.append((m, i)) }
            }
        }
        for q in 0..<n {
            let row = q * k
            for r in batch.indicators.range(ofProject: q) {
                let cat = categoryOf(r)
                guard cat >= 0 else { continue }
                let w = batch.indicators.points[r]
                c[row + cat] += w * scores.achievement[r]
                own[row + cat] += w
            }
            for cat in 0..<execution where own[row + cat] > 0 {
                c[row + cat] /= own[row + cat]
                p[row + cat] = 1
            }
            let rate = scores.executionRate[q]
            c[row + execution] = rate.isNaN ? 0 : min(rate, 1)
            p[row + execution] = 1
            own[row + execution] = scheme.executionPoints
            for (missing, into) in merges where p[row + missing] == 0 && p[row + into] == 1 {
                c[row + missing] = c[row + into]
                p[row + missing] = 1
            }
        }
        achievement = c
        presence = p
        ownPoints = own
    }

    /// The category codes of `dimension` for `batch`, execution last.
    static func categories(of batch: ProjectBatch, dimension: CategoryDimension) -> [String] {
        switch dimension {
        case .level1: Level1.allCases.map(\.code) + ["execution"]
        case .level2: Level2.dimensions.map(\.code) + ["execution"]
        case .indicator: batch.indicatorCodes + ["execution"]
        }
    }
}
