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
        var sums = Sums(dimension: scheme.dimension, projectCount: batch.projects.count)
        for q in 0..<batch.projects.count {
            for r in batch.indicators.range(ofProject: q) { sums.add(batch.indicators, r, project: q, achievement: scores.achievement[r]) }
        }
        self.init(sums, kept: nil, categories: Self.categories(of: batch, dimension: scheme.dimension),
                  executionRate: scores.executionRate, scheme: scheme)
    }

    /// Σ points × achievement and Σ points per project and category, added row by row in file
    /// order: what C is made of, gathered while indicator rows stream past. Category-major (the
    /// projects of category k are `k × projectCount ..< (k + 1) × projectCount`), grown when an
    /// indicator code first appears.
    struct Sums {
        let dimension: CategoryDimension
        let projectCount: Int
        var weighted: [Double] = []
        var points: [Double] = []

        init(dimension: CategoryDimension, projectCount: Int) {
            self.dimension = dimension
            self.projectCount = projectCount
        }

        /// Adds row `r` of `ind`, of project `q`, scored `achievement`.
        @inline(__always)
        mutating func add(_ ind: IndicatorColumns, _ r: Int, project q: Int, achievement: Double) {
            guard let category = Self.category(of: ind, r, dimension) else { return }
            grow(toHold: category)
            let at = category * projectCount + q
            let w = ind.points[r]
            weighted[at] += w * achievement
            points[at] += w
        }

        /// The category of row `r` of `ind` in `dimension`, nil when it has none there.
        @inline(__always)
        static func category(of ind: IndicatorColumns, _ r: Int, _ dimension: CategoryDimension) -> Int? {
            switch dimension {
            case .level1: return Int(ind.level1[r].rawValue)
            case .level2:
                let l = ind.level2[r]
                return l == .unspecified ? nil : Int(l.rawValue)
            case .indicator:
                let code = Int(ind.code[r])
                return code >= 0 ? code : nil
            }
        }

        /// Makes room for the projects of categories up to `category`.
        @inline(__always)
        mutating func grow(toHold category: Int) {
            let needed = (category + 1) * projectCount
            guard needed > points.count else { return }
            weighted.append(contentsOf: repeatElement(0, count: needed - weighted.count))
            points.append(contentsOf: repeatElement(0, count: needed - points.count))
        }
    }

    /// C, P and the own points of the projects `kept` (indices into the sums' projects; nil: all)
    /// from their `sums`; `executionRate` is per kept project.
    init(_ sums: Sums, kept: [Int]?, categories: [String], executionRate: Column<Double>, scheme: Scheme) {
        dimension = scheme.dimension
        self.categories = categories
        let k = categories.count
        let n = kept?.count ?? sums.projectCount
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
        let stored = sums.projectCount == 0 ? 0 : sums.points.count / sums.projectCount
        for row in 0..<n {
            let q = kept?[row] ?? row
            let at = row * k
            for cat in 0..<min(execution, stored) where sums.points[cat * sums.projectCount + q] > 0 {
                own[at + cat] = sums.points[cat * sums.projectCount + q]
                c[at + cat] = sums.weighted[cat * sums.projectCount + q] / own[at + cat]
                p[at + cat] = 1
            }
            let rate = executionRate[row]
            c[at + execution] = rate.isNaN ? 0 : min(rate, 1)
            p[at + execution] = 1
            own[at + execution] = scheme.executionPoints
            for (missing, into) in merges where p[at + missing] == 0 && p[at + into] == 1 {
                c[at + missing] = c[at + into]
                p[at + missing] = 1
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
