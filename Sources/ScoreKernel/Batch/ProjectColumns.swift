/// The projects of a batch as a struct of arrays: element `p` of every array is project `p`.
///
/// Absent optional scores are `Double.nan`; departments, periods and sectors are integer codes
/// into the tables of ``ProjectBatch``.
struct ProjectColumns: Sendable {
    /// 项目编码, unique within a period.
    var id = TextColumn()
    /// 项目名称 (may be empty).
    var name = TextColumn()
    /// Code into ``ProjectBatch/periods``.
    var period: [Int32] = []
    /// Code into ``ProjectBatch/departments``.
    var department: [Int32] = []
    /// Code into ``ProjectBatch/sectors`` (the empty sector when the file has none).
    var sector: [Int32] = []
    /// 全年预算数 in millionths of the file's unit (``Amount``).
    var budget: [Int64] = []
    /// 全年执行数 in millionths of the file's unit.
    var executed: [Int64] = []
    /// 自评得分, or NaN.
    var selfScore: [Double] = []
    /// Decimal places of the filed 自评得分 (for the reproduction check of SPEC §5).
    var selfScoreDecimals: [Int8] = []
    /// 复核得分, or NaN.
    var reviewScore: [Double] = []
    /// 监控得分, or NaN.
    var monitorScore: [Double] = []
    /// The line of projects.csv the project came from (for messages in later stages).
    var sourceLine: [Int32] = []

    var count: Int { budget.count }

    /// 预算执行率 executed / budget, or NaN when the budget is 0.
    func executionRate(_ p: Int) -> Double {
        budget[p] == 0 ? .nan : Double(executed[p]) / Double(budget[p])
    }

    /// Appends the rows of `other` (whose codes are already this batch's).
    mutating func append(_ other: ProjectColumns) {
        id.append(contentsOf: other.id)
        name.append(contentsOf: other.name)
        period += other.period
        department += other.department
        sector += other.sector
        budget += other.budget
        executed += other.executed
        selfScore += other.selfScore
        selfScoreDecimals += other.selfScoreDecimals
        reviewScore += other.reviewScore
        monitorScore += other.monitorScore
        sourceLine += other.sourceLine
    }

    /// Moves every line number by `offset` (saturated).
    mutating func shiftLines(by offset: Int) {
        guard offset != 0 else { return }
        for r in sourceLine.indices { sourceLine[r] = Int32(clamping: Int(sourceLine[r]) + offset) }
    }

    /// The rows in `order` (a permutation or a selection).
    func gathered(_ order: [Int]) -> ProjectColumns {
        var out = ProjectColumns()
        out.id = id.gathered(order)
        out.name = name.gathered(order)
        out.period = order.map { period[$0] }
        out.department = order.map { department[$0] }
        out.sector = order.map { sector[$0] }
        out.budget = order.map { budget[$0] }
        out.executed = order.map { executed[$0] }
        out.selfScore = order.map { selfScore[$0] }
        out.selfScoreDecimals = order.map { selfScoreDecimals[$0] }
        out.reviewScore = order.map { reviewScore[$0] }
        out.monitorScore = order.map { monitorScore[$0] }
        out.sourceLine = order.map { sourceLine[$0] }
        return out
    }
}
