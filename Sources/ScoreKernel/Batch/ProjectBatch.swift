/// A batch of projects and their indicators, read-only once built: the in-memory model every
/// stage after ingest reads.
///
/// Projects are keyed by (period, project_id). Departments, periods, sectors and indicator codes
/// are interned: each table lists the distinct values, and the columns hold indices into them.
public struct ProjectBatch: Sendable {
    var projects = ProjectColumns()
    var indicators = IndicatorColumns()
    /// Distinct 年度/期间 values, in order of first appearance ("" when the file has none).
    public internal(set) var periods: [String] = []
    /// Distinct 部门 values, in order of first appearance.
    public internal(set) var departments: [String] = []
    /// Distinct 行业 values, in order of first appearance ("" when the file has none).
    public internal(set) var sectors: [String] = []
    /// Distinct 指标编码 values.
    var indicatorCodes: [String] = []

    init() {}

    /// How many projects the batch holds (project `p` is `0 ..< projectCount`, in file order
    /// of the accepted rows).
    public var projectCount: Int { projects.count }

    /// How many indicator rows the batch holds, all projects together.
    public var indicatorCount: Int { indicators.count }

    /// 项目编码 of project `p`.
    public func projectID(_ p: Int) -> String { projects.id[p] }

    /// 年度 of project `p` ("" when the files have no period).
    public func period(of p: Int) -> String { periods[Int(projects.period[p])] }
    /// 部门 of project `p`.
    public func department(of p: Int) -> String { departments[Int(projects.department[p])] }
    /// 行业 of project `p` ("" when the file has no sector column).
    public func sector(of p: Int) -> String { sectors[Int(projects.sector[p])] }

    /// The indicator rows of project `p` (indices for ``ScoreTable/indicator(_:)`` and
    /// ``indicatorName(_:)``).
    public func indicatorRows(of p: Int) -> Range<Int> {
        precondition(p >= 0 && p < projects.count, "project \(p) out of 0..<\(projects.count)")
        return indicators.range(ofProject: p)
    }
    /// 三级指标 of indicator row `i`.
    public func indicatorName(_ i: Int) -> String { indicators.name[i] }

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
