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
    func groupedByPeriod() -> Grouping {
        Grouping(codes: projects.period, groupCount: periods.count)
    }

    /// Each project's (period, department) or (period, sector) code, period × groups + group, so
    /// that a period's groups are consecutive codes; and how many codes there are.
    func periodGroupCodes(by key: GroupKey) -> (codes: [Int32], count: Int) {
        let (groups, names) = key == .department ? (projects.department, departments.count) : (projects.sector, sectors.count)
        let width = Int32(names)
        return (zip(projects.period, groups).map { $0 * width + $1 }, periods.count * names)
    }

    /// Project indices grouped by (period, department) or (period, sector).
    func groupedByPeriod(and key: GroupKey) -> Grouping {
        let (codes, count) = periodGroupCodes(by: key)
        return Grouping(codes: codes, groupCount: count)
    }
}

/// The peer groups projects are compared within (SPEC §6, §7).
public enum GroupKey: String, Sendable, CaseIterable {
    /// 部门 / 预算单位.
    case department
    /// 行业 / 领域.
    case sector
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
