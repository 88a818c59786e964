import Dispatch

/// Scores a batch by the official rules (SPEC §4.1–§4.4): indicator achievements and rounded
/// scores, execution score, exact totals, grades, completion rates, and the reproduction check
/// of filed scores (§5).
///
/// Work is split into blocks of projects scored in parallel; every figure depends only on its
/// own project, so the result is identical for any thread count.
struct Scorer: Sendable {
    let scheme: Scheme
    var threads: Int

    init(scheme: Scheme, threads: Int = 2) {
        self.scheme = scheme
        self.threads = max(1, threads)
    }

    static let blockSize = 8192

    func score(_ batch: ProjectBatch) -> ScoreTable {
        let n = batch.projects.count
        let rows = batch.indicators.count
        let t = ScoreTable(projects: n, indicators: rows, precision: scheme.precision,
                           grades: GradeScale(bands: scheme.grades, precision: scheme.precision))
        let kernel = AchievementKernel(scheme: scheme)
        let blocks = (n + Self.blockSize - 1) / Self.blockSize
        let workers = min(threads, max(blocks, 1))
        _ = Parallel.map(workers, workers: workers) { worker in
            for b in stride(from: worker, to: blocks, by: workers) {
                let projects = (b * Self.blockSize)..<min(n, (b + 1) * Self.blockSize)
                scoreBlock(batch, projects: projects, kernel: kernel, into: t)
            }
        }
        return t
    }

    /// Scores `projects` into their elements of `t`'s columns (and their indicators' elements).
    private func scoreBlock(_ batch: ProjectBatch, projects: Range<Int>, kernel: AchievementKernel, into t: ScoreTable) {
        let ind = batch.indicators
        let rows = ind.offsets[projects.lowerBound]..<ind.offsets[projects.upperBound]
        let achievement = t.achievement.unsafeBuffer
        let indicatorScore = t.indicatorScore.unsafeBuffer
        let indicatorFlags = t.indicatorFlags.unsafeBuffer
        kernel.run(ind, rows: rows, achievement: achievement, score: indicatorScore, flags: indicatorFlags)
        let p = scheme.precision
        let scale = Rounding.scale(p)
        let execPoints = scheme.executionPoints
        for q in projects {
            var sums: (Int64, Int64, Int64) = (0, 0, 0)
            var has: (Bool, Bool, Bool) = (false, false, false)
            var weighted = 0.0
            var points = 0.0
            var below: Int32 = 0
            for i in ind.range(ofProject: q) {
                let s = indicatorScore[i]
                switch ind.level1[i] {
                case .output: sums.0 += s; has.0 = true
                case .benefit: sums.1 += s; has.1 = true
                case .satisfaction: sums.2 += s; has.2 = true
                }
                let w = ind.points[i]
                weighted += w * achievement[i]
                points += w
                // Below its points: the score under the points rounded the same way (points ≥ 0).
                if Double(s) < Double(Int64(w * scale + 0.5 + 1e-6)) { below += 1 }
                // Reproduction check of a filed quantitative score (SPEC §5).
                let filed = ind.enteredScore[i]
                if filed == filed, ind.direction[i] != .qualitative {
                    let d = Int(ind.enteredScoreDecimals[i])
                    let recomputed = Rounding.units(Double(s) / Rounding.scale(p), precision: d, rule: scheme.rounding)
                    if recomputed != Rounding.units(filed, precision: d) { indicatorFlags[i].insert(.filedScoreDiffers) }
                }
            }
            let budget = batch.projects.budget[q]
            var flags: ProjectFlags = []
            let rate: Double
            let exec: Int64
            if budget == 0 {
                rate = .nan
                exec = 0
                flags.insert(.zeroBudget)
            } else {
                rate = Double(batch.projects.executed[q]) / Double(budget)
                exec = Rounding.units(execPoints * (scheme.executionCap ? min(rate, 1) : rate), precision: p, rule: scheme.rounding)
            }
            let total = sums.0 + sums.1 + sums.2 + exec
            t.executionRate.unsafeBuffer[q] = rate
            t.executionScore.unsafeBuffer[q] = exec
            t.level1Score[0].unsafeBuffer[q] = has.0 ? sums.0 : ScoreTable.absent
            t.level1Score[1].unsafeBuffer[q] = has.1 ? sums.1 : ScoreTable.absent
            t.level1Score[2].unsafeBuffer[q] = has.2 ? sums.2 : ScoreTable.absent
            t.total.unsafeBuffer[q] = total
            t.grade.unsafeBuffer[q] = UInt8(t.grades.grade(units: total))
            t.completionRate.unsafeBuffer[q] = points > 0 ? weighted / points : .nan
            let filedSelf = batch.projects.selfScore[q]
            if filedSelf == filedSelf {
                let d = Int(batch.projects.selfScoreDecimals[q])
                if Rounding.units(Double(total) / Rounding.scale(p), precision: d, rule: scheme.rounding)
                    != Rounding.units(filedSelf, precision: d)
                {
                    flags.insert(.selfScoreDiffers)
                }
            }
            t.projectFlags.unsafeBuffer[q] = flags
            t.indicatorsBelowPoints.unsafeBuffer[q] = below
        }
    }
}
