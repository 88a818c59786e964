/// The scores of a batch (SPEC §4.4), columnar like the batch: element `p` of a project column is
/// project `p`, element `i` of an indicator column is indicator row `i`.
///
/// Scores are integers in units of 10^-precision (8.63 at precision 2 is 863), so that totals are
/// exact sums. The accessors below read them in points, bounds-checked.
public struct ScoreTable: Sendable {
    /// Marks a category score of a project without indicators in that category.
    static let absent = Int64.min

    let precision: Int
    let grades: GradeScale

    // Indicators.
    /// 完成度 in [0, 1].
    let achievement: Column<Double>
    /// Rounded indicator score, in units.
    let indicatorScore: Column<Int64>
    let indicatorFlags: Column<IndicatorFlags>

    // Projects.
    /// 预算执行率 executed / budget (uncapped); NaN when the budget is 0.
    let executionRate: Column<Double>
    /// Rounded execution score, in units.
    let executionScore: Column<Int64>
    /// Sum of rounded indicator scores per level 1, in units, or ``absent``:
    /// `level1Score[Int(level1.rawValue)][p]`.
    let level1Score: [Column<Int64>]
    /// Σ indicator scores + execution score, in units.
    let total: Column<Int64>
    /// Index into `grades.bands`.
    let grade: Column<UInt8>
    /// 绩效目标总体完成率: Σ w·a / Σ w over the project's indicators, unrounded.
    let completionRate: Column<Double>
    let projectFlags: Column<ProjectFlags>
    /// Indicators of the project whose rounded score is below their points (rounded the same way).
    let indicatorsBelowPoints: Column<Int32>

    init(projects n: Int, indicators rows: Int, precision: Int, grades: GradeScale) {
        self.precision = precision
        self.grades = grades
        // The scorer writes every element of every column.
        achievement = Column(uninitialized: rows)
        indicatorScore = Column(uninitialized: rows)
        indicatorFlags = Column(uninitialized: rows)
        executionRate = Column(uninitialized: n)
        executionScore = Column(uninitialized: n)
        level1Score = Level1.allCases.map { _ in Column(uninitialized: n) }
        total = Column(uninitialized: n)
        grade = Column(uninitialized: n)
        completionRate = Column(uninitialized: n)
        projectFlags = Column(uninitialized: n)
        indicatorsBelowPoints = Column(uninitialized: n)
    }

    var projectCount: Int { total.count }

    /// A score in units as a `Double` (863 → 8.63).
    func value(_ units: Int64) -> Double { Double(units) / Rounding.scale(precision) }

    // MARK: Reading the scores

    /// How many projects were scored.
    public var projects: Int { total.count }

    /// The total of project `p` in points (Σ rounded indicator scores + execution score).
    public func total(of p: Int) -> Double { value(total[checked: p]) }

    /// The grade band of project `p`'s total.
    public func grade(of p: Int) -> GradeBand { grades.bands[Int(grade[checked: p])] }

    /// The score of project `p` in a level-1 category (output, benefit, satisfaction) in points,
    /// or nil when it has no indicator there.
    public func score(of p: Int, category: Level1) -> Double? {
        let units = level1Score[Int(category.rawValue)][checked: p]
        return units == Self.absent ? nil : value(units)
    }

    /// The execution score of project `p` (SPEC §4.2), in points.
    public func executionScore(of p: Int) -> Double { value(executionScore[checked: p]) }

    /// 预算执行率 of project `p`, executed / budget uncapped; nil when the budget is 0.
    public func executionRate(of p: Int) -> Double? {
        let r = executionRate[checked: p]
        return r.isNaN ? nil : r
    }

    /// 绩效目标总体完成率 of project `p`: Σ w·a / Σ w over its indicators, unrounded.
    public func completionRate(of p: Int) -> Double { completionRate[checked: p] }

    /// The scoring flags of project `p` (zero budget, a filed self-score that differs).
    public func flags(of p: Int) -> ProjectFlags { projectFlags[checked: p] }

    /// The rounded score of indicator row `i` in points, and its achievement in [0, 1].
    public func indicator(_ i: Int) -> (score: Double, achievement: Double, flags: IndicatorFlags) {
        (value(indicatorScore[checked: i]), achievement[checked: i], indicatorFlags[checked: i])
    }
}

