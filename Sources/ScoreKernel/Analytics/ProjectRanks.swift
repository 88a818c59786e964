/// Where each project stands (SPEC §10): its competition rank by descending total within its
/// period, its rank within its department in that period, and its percentile within the period.
public struct ProjectRanks: Sendable {
    /// Competition rank (1, 2, 2, 4) by descending total within the period.
    public let rank: [Int32]
    /// Competition rank within (period, department).
    public let rankInDepartment: [Int32]
    /// 100 × (#below + ½ #equal) / n within the period.
    public let percentile: [Double]
    /// The same within (period, department).
    public let percentileInDepartment: [Double]
    /// Totals sorted within (period, department), shared with the deviation analytics.
    let byDepartment: RankedGroups

    init(batch: ProjectBatch, scores: ScoreTable, threads: Int = 2) {
        let byPeriod = batch.groupedByPeriod()
        let groupings = [byPeriod, batch.groupedByPeriod(and: .department)]
        let sorted = RankedGroups.concurrently(scores.total, groupings, workers: threads)
        let period = sorted[0]
        byDepartment = sorted[1]
        rank = Ranking.competitionRanks(period)
        percentile = Ranking.percentiles(period)
        rankInDepartment = Ranking.competitionRanks(byDepartment)
        percentileInDepartment = Ranking.percentiles(byDepartment)
    }
}
