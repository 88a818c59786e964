import Dispatch

/// Deviation analytics and monitoring per project (SPEC §6): the execution/completion gap, time
/// progress, execution checkpoints, monitoring and multi-year rules, reason-required flags, self
/// versus review, and standard and robust z-scores of the total within department and sector.
///
/// Columnar: element `p` of each array is project `p` of the batch.
public struct ProjectDeviations: Sendable {
    /// 时间进度 light on the progress ratio.
    /// The time-progress light (序时进度): red below `progress_light.red_below`, green from
    /// `green_from`, yellow between; none when the budget is 0.
    public enum Light: UInt8, Sendable { case none = 0, red, yellow, green }

    /// δ = completion rate − execution rate (uncapped), in percentage points; NaN when budget = 0.
    public let gap: [Double]
    /// Execution rate ÷ (month / 12) × 100 for the period's month; NaN when budget = 0.
    public let progressRatio: [Double]
    /// The light of ``progressRatio``.
    public let light: [Light]
    /// The checkpoint minimum (percent) that applies in the period's month, NaN when none does.
    public let checkpointMinimum: [Double]
    /// z of the total within (period, department), population σ; NaN when σ = 0.
    public let zDepartment: [Double]
    /// Robust z, (x − median) / (1.4826 × MAD), within (period, department); NaN when MAD = 0.
    public let robustZDepartment: [Double]
    /// z of the total within (period, sector).
    public let zSector: [Double]
    /// Robust z of the total within (period, sector).
    public let robustZSector: [Double]
    /// 自评得分 − 复核得分, NaN unless both are filed.
    public let selfReviewGap: [Double]
    /// The §6 flags (to be joined with the scoring flags).
    public let flags: [ProjectFlags]

    /// - Parameter periodEnd: the month every period is taken to end in for time progress
    ///   (`--period-end 2024-07`), instead of each period's own month.
    init(batch: ProjectBatch, scores: ScoreTable, ranks: ProjectRanks, scheme: Scheme, periodEnd: Int? = nil, threads: Int = 2) {
        let p = batch.projects
        let n = p.count
        let calendar = PeriodCalendar(periods: batch.periods)
        let scale = Rounding.scale(scores.precision)
        let checkpoints = scheme.checkpoints.sorted { $0.month < $1.month }
        // The checkpoint that applies by month (0–12), looked up once.
        let checkpointByMonth: [Checkpoint?] = (0...12).map { m in checkpoints.last { $0.month <= m } }

        // Per project, in two halves on two workers (each project depends only on itself).
        let halves = n >= 4096 ? 2 : 1
        let parts = Parallel.map(halves, workers: threads) { h in
            Part(batch, scores, scheme, calendar, checkpointByMonth, periodEnd, projects: (n * h / halves)..<(n * (h + 1) / halves))
        }
        var gap: [Double] = [], ratio: [Double] = [], light: [Light] = [], checkpoint: [Double] = []
        var selfReview: [Double] = [], flags: [ProjectFlags] = []
        for part in parts {
            gap += part.gap
            ratio += part.ratio
            light += part.light
            checkpoint += part.checkpoint
            selfReview += part.selfReview
            flags += part.flags
        }

        // Peers: z and robust z of the rounded totals within (period, department) and (period, sector).
        // Department z on one worker; the sector sort and its z on the other.
        let peers = Parallel.map(2, workers: threads) { k in
            if k == 0 { return GroupStatistics.zScores(ranks.byDepartment, scale: scale) }
            let bySector = RankedGroups(values: scores.total, groups: batch.groupedByPeriod(and: .sector))
            return GroupStatistics.zScores(bySector, scale: scale)
        }
        let (department, sector) = (peers[0], peers[1])
        for q in 0..<n where abs(department.robust[q]) > scheme.outlierRobustZ || abs(sector.robust[q]) > scheme.outlierRobustZ {
            flags[q].insert(.outlier)
        }

        // Rules over consecutive periods, by project_id.
        Self.consecutive(batch, calendar, &flags, scheme.consecutiveLowMonitoring, .consecutiveLowMonitoring, annualOnly: false) {
            Self.below(p.monitorScore[$0], scheme.lowMonitoringScore)
        }
        Self.consecutive(batch, calendar, &flags, scheme.keyEvaluationYears, .keyEvaluationCandidate, annualOnly: true) {
            Self.below(scores.executionRate[$0] * 100, scheme.keyEvaluationRateBelow)
        }

        self.gap = gap
        progressRatio = ratio
        self.light = light
        checkpointMinimum = checkpoint
        zDepartment = department.z
        robustZDepartment = department.robust
        zSector = sector.z
        robustZSector = sector.robust
        selfReviewGap = selfReview
        self.flags = flags
    }

    /// The robust z behind project `q`'s `outlier` flag: of the department's and the sector's,
    /// the larger in magnitude (the department's when the sector's is empty).
    func outlierRobustZ(_ q: Int) -> Double {
        let (department, sector) = (robustZDepartment[q], robustZSector[q])
        return abs(department) >= abs(sector) || sector.isNaN ? department : sector
    }

    /// The per-project figures of a range of projects.
    private struct Part {
        var gap: [Double] = [], ratio: [Double] = [], light: [Light] = [], checkpoint: [Double] = []
        var selfReview: [Double] = [], flags: [ProjectFlags] = []

        init(
            _ batch: ProjectBatch, _ scores: ScoreTable, _ scheme: Scheme, _ calendar: PeriodCalendar,
            _ checkpointByMonth: [Checkpoint?], _ periodEnd: Int?, projects: Range<Int>
        ) {
            let p = batch.projects
            let count = projects.count
            gap = [Double](repeating: .nan, count: count)
            ratio = gap
            checkpoint = gap
            selfReview = gap
            light = [Light](repeating: .none, count: count)
            flags = [ProjectFlags](repeating: [], count: count)
            let belowPoints = scores.indicatorsBelowPoints.unsafeBuffer
            let rates = scores.executionRate.unsafeBuffer
            let completion = scores.completionRate.unsafeBuffer
            for (k, q) in projects.enumerated() {
                let rate = rates[q]
                var f: ProjectFlags = []
                if !rate.isNaN {
                    gap[k] = (completion[q] - rate) * 100
                    if ProjectDeviations.above(abs(gap[k]), scheme.executionCompletionGap) { f.insert(.executionCompletionGap) }
                    let month = periodEnd ?? calendar.progressMonth(Int(p.period[q]))
                    ratio[k] = rate / (Double(month) / 12) * 100
                    light[k] = ProjectDeviations.below(ratio[k], scheme.progressRedBelow) ? .red
                        : ProjectDeviations.below(ratio[k], scheme.progressGreenFrom) ? .yellow : .green
                    if light[k] == .red { f.insert(.progressRed) }
                    if let c = checkpointByMonth[min(max(month, 0), 12)] {
                        checkpoint[k] = c.minimumRate
                        if ProjectDeviations.below(rate * 100, c.minimumRate) { f.insert(.executionBehindCheckpoint) }
                    }
                    if ProjectDeviations.below(rate * 100, scheme.executionReasonBelow) { f.insert(.executionReasonRequired) }
                }
                if belowPoints[q] > 0 { f.insert(.deviationReasonRequired) }
                if ProjectDeviations.below(p.monitorScore[q], scheme.lowMonitoringScore) { f.insert(.lowMonitoringScore) }
                let filedSelf = p.selfScore[q]
                let review = p.reviewScore[q]
                if !filedSelf.isNaN && !review.isNaN {
                    // Two filed decimals: their difference at 6 decimals (at most what a filed score
                    // carries), so that 87.7 − 89 is −1.3, not −1.2999999999999972.
                    selfReview[k] = Rounding.rounded(filedSelf - review, precision: 6)
                    let g1 = scores.grades.grade(units: Rounding.units(filedSelf, precision: scores.precision))
                    let g2 = scores.grades.grade(units: Rounding.units(review, precision: scores.precision))
                    if !ProjectDeviations.below(abs(selfReview[k]), scheme.reviewGap) || g1 != g2 { f.insert(.reviewGap) }
                }
                flags[k] = f
            }
        }
    }

    /// `x < threshold` for derived rates and ratios, forgiving the last bits of binary rounding:
    /// 0.9 − 0.7 is 0.20000000000000007, and a gap of exactly 20 points is not above 20.
    static func below(_ x: Double, _ threshold: Double) -> Bool { x < threshold - 1e-9 }

    /// `x > threshold`, with the same tolerance.
    static func above(_ x: Double, _ threshold: Double) -> Bool { x > threshold + 1e-9 }

    /// Flags a project when `condition` holds for it and for the same project_id in each of the
    /// `count − 1` periods before, consecutive in the batch's chronological order of periods
    /// (`annualOnly`: years, each one year apart).
    static func consecutive(
        _ batch: ProjectBatch, _ calendar: PeriodCalendar, _ flags: inout [ProjectFlags], _ count: Int, _ flag: ProjectFlags,
        annualOnly: Bool, condition: (Int) -> Bool
    ) {
        let periodCount = batch.periods.count
        guard count >= 2, periodCount >= count else {
            if count == 1 { for q in 0..<batch.projects.count where condition(q) { flags[q].insert(flag) } }
            return
        }
        var ids = ByteInterner(capacity: batch.projects.count)
        // project at [idCode * periodCount + chronological rank], or -1.
        var at: [Int32] = []
        var idCode = [Int](repeating: 0, count: batch.projects.count)
        for q in 0..<batch.projects.count {
            let code = Array(batch.projects.id.utf8(q)).withUnsafeBufferPointer { ids.intern($0).code }
            idCode[q] = Int(code)
            if at.count < (Int(code) + 1) * periodCount { at += [Int32](repeating: -1, count: periodCount) }
            at[Int(code) * periodCount + calendar.rank[Int(batch.projects.period[q])]] = Int32(q)
        }
        // The chronological rank of the annual period of each year.
        var annualRank: [Int: Int] = [:]
        for period in 0..<periodCount where calendar.month[period] == nil {
            if let y = calendar.year[period] { annualRank[y] = calendar.rank[period] }
        }
        for q in 0..<batch.projects.count where condition(q) {
            let period = Int(batch.projects.period[q])
            let r = calendar.rank[period]
            var all = true
            for back in 1..<count {
                let earlier: Int?
                if annualOnly {
                    if let y = calendar.year[period], calendar.month[period] == nil { earlier = annualRank[y - back] } else { earlier = nil }
                } else {
                    earlier = r - back >= 0 ? r - back : nil
                }
                guard let e = earlier, case let other = at[idCode[q] * periodCount + e], other >= 0, condition(Int(other)) else {
                    all = false
                    break
                }
            }
            if all { flags[q].insert(flag) }
        }
    }
}
