/// The indicators (三级指标) of a batch as a struct of arrays, in CSR order: the indicators of
/// project `p` are `offsets[p] ..< offsets[p + 1]`, in the order of the file.
///
/// Targets and actuals are the numbers as written (95% → 95). `targetHigh` is NaN unless the
/// direction is `range`; `actual` is NaN on qualitative rows, whose grade is in `grade`.
public struct IndicatorColumns: Sendable {
    /// CSR offsets, `projects.count + 1` entries.
    public internal(set) var offsets: [Int] = [0]
    public internal(set) var level1: [Level1] = []
    public internal(set) var level2: [Level2] = []
    public internal(set) var direction: [Direction] = []
    /// 年度指标值 (the lower bound L of a range).
    public internal(set) var target: [Double] = []
    /// 指标值上限 H of a range, else NaN.
    public internal(set) var targetHigh: [Double] = []
    /// 实际完成值, NaN on qualitative rows.
    public internal(set) var actual: [Double] = []
    /// 分值 (points), > 0.
    public internal(set) var points: [Double] = []
    /// The grade of a qualitative row, `.none` otherwise.
    public internal(set) var grade: [QualitativeGrade] = []
    /// 得分 as filed, or NaN.
    public internal(set) var enteredScore: [Double] = []
    /// Decimal places of the filed 得分.
    public internal(set) var enteredScoreDecimals: [Int8] = []
    /// 三级指标 (free text).
    public internal(set) var name = TextColumn()
    /// Code into ``ProjectBatch/indicatorCodes``, or -1 when the row has no 指标编码.
    public internal(set) var code: [Int32] = []
    /// 计量单位 as written (may be empty).
    public internal(set) var unit = TextColumn()
    /// The line of indicators.csv the indicator came from.
    public internal(set) var sourceLine: [Int32] = []

    public var count: Int { points.count }

    /// The indicator rows of project `p`.
    @inlinable
    public func range(ofProject p: Int) -> Range<Int> { offsets[p]..<offsets[p + 1] }
}

extension IndicatorColumns {
    /// Appends the rows of `other`, translating its indicator codes through `codeMap`.
    mutating func append(contentsOf other: IndicatorColumns, codeMap: [Int32]) {
        level1 += other.level1
        level2 += other.level2
        direction += other.direction
        target += other.target
        targetHigh += other.targetHigh
        actual += other.actual
        points += other.points
        grade += other.grade
        enteredScore += other.enteredScore
        enteredScoreDecimals += other.enteredScoreDecimals
        name.append(contentsOf: other.name)
        unit.append(contentsOf: other.unit)
        code += other.code.map { $0 < 0 ? -1 : codeMap[Int($0)] }
        sourceLine += other.sourceLine
    }

    /// The rows in `order` (offsets are left for the caller to set).
    func gathered(_ order: [Int]) -> IndicatorColumns {
        var out = IndicatorColumns()
        out.level1 = order.map { level1[$0] }
        out.level2 = order.map { level2[$0] }
        out.direction = order.map { direction[$0] }
        out.target = order.map { target[$0] }
        out.targetHigh = order.map { targetHigh[$0] }
        out.actual = order.map { actual[$0] }
        out.points = order.map { points[$0] }
        out.grade = order.map { grade[$0] }
        out.enteredScore = order.map { enteredScore[$0] }
        out.enteredScoreDecimals = order.map { enteredScoreDecimals[$0] }
        out.name = name.gathered(order)
        out.unit = unit.gathered(order)
        out.code = order.map { code[$0] }
        out.sourceLine = order.map { sourceLine[$0] }
        return out
    }
}
