/// The scores of a batch (SPEC §4.4), columnar like the batch: element `p` of a project column is
/// project `p`, element `i` of an indicator column is indicator row `i`.
///
/// Scores are integers in units of 10^-precision (8.63 at precision 2 is 863), so that totals are
/// exact sums; ``absent`` marks a category the project does not have.
public struct ScoreTable: Sendable {
    /// Marks a category score of a project without indicators in that category.
    public static let absent = Int64.min

    public let precision: Int
    public let grades: GradeScale

    // Indicators.
    /// 完成度 in [0, 1].
    public let achievement: Column<Double>
    /// Rounded indicator score, in units.
    public let indicatorScore: Column<Int64>
    public let indicatorFlags: Column<IndicatorFlags>

    // Projects.
    /// 预算执行率 executed / budget (uncapped); NaN when the budget is 0.
    public let executionRate: Column<Double>
    /// Rounded execution score, in units.
    public let executionScore: Column<Int64>
    /// Sum of rounded indicator scores per level 1, in units, or ``absent``:
    /// `level1Score[Int(level1.rawValue)][p]`.
    public let level1Score: [Column<Int64>]
    /// Σ indicator scores + execution score, in units.
    public let total: Column<Int64>
    /// Index into `grades.bands`.
    public let grade: Column<UInt8>
    /// 绩效目标总体完成率: Σ w·a / Σ w over the project's indicators, unrounded.
    public let completionRate: Column<Double>
    public let projectFlags: Column<ProjectFlags>
    /// Indicators of the project whose rounded score is below their points (rounded the same way).
    public let indicatorsBelowPoints: Column<Int32>

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

    public var projectCount: Int { total.count }

    /// A score in units as a `Double` (863 → 8.63).
    @inlinable
    public func value(_ units: Int64) -> Double { Double(units) / Rounding.scale(precision) }
}
