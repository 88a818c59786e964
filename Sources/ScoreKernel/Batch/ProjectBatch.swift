/// A batch of projects and their indicators, read-only once built: the in-memory model every
/// stage after ingest reads.
///
/// Projects are keyed by (period, project_id). Departments, periods, sectors and indicator codes
/// are interned: each table lists the distinct values, and the columns hold indices into them.
public struct ProjectBatch: Sendable {
    public internal(set) var projects = ProjectColumns()
    public internal(set) var indicators = IndicatorColumns()
    /// Distinct 年度/期间 values, in order of first appearance ("" when the file has none).
    public internal(set) var periods: [String] = []
    /// Distinct 部门 values, in order of first appearance.
    public internal(set) var departments: [String] = []
    /// Distinct 行业 values, in order of first appearance ("" when the file has none).
    public internal(set) var sectors: [String] = []
    /// Distinct 指标编码 values.
    public internal(set) var indicatorCodes: [String] = []

    public init() {}

    /// Project indices grouped by period.
    public func groupedByPeriod() -> Grouping {
        Grouping(codes: projects.period, groupCount: periods.count)
    }
}

extension ProjectBatch {
    /// Drops table entries no project uses (after projects were excluded) and renumbers codes.
    mutating func compactTables() {
        Self.compact(&projects.period, &periods)
        Self.compact(&projects.department, &departments)
        Self.compact(&projects.sector, &sectors)
    }

    private static func compact(_ codes: inout [Int32], _ table: inout [String]) {
        var remap = [Int32](repeating: -1, count: table.count)
        var kept: [String] = []
        for c in codes where remap[Int(c)] < 0 {
            remap[Int(c)] = Int32(kept.count)
            kept.append(table[Int(c)])
        }
        for i in codes.indices { codes[i] = remap[Int(codes[i])] }
        table = kept
    }
}
