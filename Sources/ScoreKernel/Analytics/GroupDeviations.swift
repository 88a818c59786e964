/// Deviation figures per row of a ``DepartmentBenchmarks`` table (SPEC §6, "per department"):
/// the mean of self − review over its projects that have both scores (self-evaluation
/// inflation), and the share of its projects carrying at least one flag of severity warning or
/// action.
public struct GroupDeviations: Sendable {
    /// Mean of 自评得分 − 复核得分, NaN when no project of the group has both.
    public let selfReviewGapMean: [Double]
    /// Projects of the group with both scores.
    public let reviewed: [Int]
    /// Percent of the group's projects with a warning or action flag.
    public let flaggedShare: [Double]

    init(_ table: DepartmentBenchmarks, batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations) {
        let groupCount = table.key == .department ? batch.departments.count : batch.sectors.count
        let (codes, count) = batch.periodGroupCodes(by: table.key)
        var row = [Int](repeating: -1, count: count)
        for r in 0..<table.count { row[Int(table.period[r]) * groupCount + Int(table.group[r])] = r }
        var gapSum = [Double](repeating: 0, count: table.count)
        var reviewed = [Int](repeating: 0, count: table.count)
        var flagged = [Int](repeating: 0, count: table.count)
        let notable = ProjectFlags.catalogue.filter { $0.1.severity != .info }.reduce(ProjectFlags()) { $0.union($1.0) }
        for q in 0..<batch.projects.count {
            let r = row[Int(codes[q])]
            guard r >= 0 else { continue }
            let gap = deviations.selfReviewGap[q]
            if !gap.isNaN {
                gapSum[r] += gap
                reviewed[r] += 1
            }
            if !scores.projectFlags[q].union(deviations.flags[q]).intersection(notable).isEmpty { flagged[r] += 1 }
        }
        selfReviewGapMean = (0..<table.count).map { reviewed[$0] > 0 ? gapSum[$0] / Double(reviewed[$0]) : .nan }
        self.reviewed = reviewed
        flaggedShare = (0..<table.count).map { table.projects[$0] > 0 ? 100 * Double(flagged[$0]) / Double(table.projects[$0]) : .nan }
    }
}
