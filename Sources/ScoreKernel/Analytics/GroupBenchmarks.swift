/// The department (or sector) benchmarks of a run and their deviation figures, row for row.
public struct GroupBenchmarks: Sendable {
    /// Count, sums, statistics, grades, ranks and category achievements (SPEC §7).
    public let benchmarks: DepartmentBenchmarks
    /// Self-evaluation inflation and the share of flagged projects (SPEC §6).
    public let deviations: GroupDeviations
}
