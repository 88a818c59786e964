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
    /// 10^precision: units per point.
    let scale: Double

    init(scheme: Scheme, threads: Int = 2) {
        self.scheme = scheme
        scale = Rounding.scale(scheme.precision)
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
        ind.withSumColumns { columns in
            ind.offsets.withUnsafeBufferPointer { offsets in
                for q in projects {
                    var sum = ProjectSum()
                    for i in offsets[q]..<offsets[q + 1] {
                        add(columns, i, score: indicatorScore[i], achievement: achievement[i], flags: &indicatorFlags[i], to: &sum)
                    }
                    finish(sum, project: q, of: batch.projects, into: t, at: q)
                }
            }
        }
    }

    /// The indicator columns ``add(_:_:score:achievement:flags:to:)`` reads, as buffers: the row
    /// loop then neither checks bounds nor reloads an array that a write through `flags` might
    /// have changed.
    struct SumColumns {
        let level1: UnsafeBufferPointer<Level1>
        let points: UnsafeBufferPointer<Double>
        let entered: UnsafeBufferPointer<Double>
        let enteredDecimals: UnsafeBufferPointer<Int8>
        let direction: UnsafeBufferPointer<Direction>
    }

    /// What the scored indicator rows of one project add up to, row by row in file order.
    struct ProjectSum {
        /// Σ rounded scores per level 1, in units.
        var level1: (Int64, Int64, Int64) = (0, 0, 0)
        /// Which level-1 categories the project has.
        var has: (Bool, Bool, Bool) = (false, false, false)
        /// Σ points × achievement.
        var weighted = 0.0
        /// Σ points.
        var points = 0.0
        /// Rows whose score is below their points.
        var below: Int32 = 0
    }

    /// Adds scored row `i` of `ind` to its project's `sum`, and checks its filed score (SPEC §5),
    /// setting `filedScoreDiffers` in `flags`.
    @inline(__always)
    func add(_ ind: SumColumns, _ i: Int, score s: Int64, achievement: Double, flags: inout IndicatorFlags, to sum: inout ProjectSum) {
        // Into its level 1's sum by selection, not a branch: a project's rows change level.
        let level = ind.level1[i]
        let (isOutput, isBenefit, isSatisfaction) = (level == .output, level == .benefit, level == .satisfaction)
        sum.level1.0 &+= isOutput ? s : 0
        sum.level1.1 &+= isBenefit ? s : 0
        sum.level1.2 &+= isSatisfaction ? s : 0
        sum.has = (sum.has.0 || isOutput, sum.has.1 || isBenefit, sum.has.2 || isSatisfaction)
        let w = ind.points[i]
        sum.weighted += w * achievement
        sum.points += w
        // Below its points: the score under the points rounded the same way. Points lie in
        // 0 < w ≤ 10^6 and precision in 0…6, so w · 10^p + 0.5 + 10⁻⁶ is below 2^52: floored
        // without a libm call (SSE4.1's roundsd is not in the baseline build). A NaN stays NaN
        // and compares false, as before.
        sum.below &+= Double(s) < Rounding.floorNonNegative(w * scale + 0.5 + 1e-6) ? 1 : 0
        // Reproduction check of a filed quantitative score (SPEC §5).
        let filed = ind.entered[i]
        if filed == filed, ind.direction[i] != .qualitative {
            let d = Int(ind.enteredDecimals[i])
            let recomputed = Rounding.units(Double(s) / scale, precision: d, rule: scheme.rounding)
            if recomputed != Rounding.units(filed, precision: d) { flags.insert(.filedScoreDiffers) }
        }
    }

    /// Writes project `q` of `projects`, whose rows add up to `sum`, into element `k` of `t`'s
    /// project columns: execution score, total, grade, completion rate, flags (SPEC §4.2–§4.4).
    func finish(_ sum: ProjectSum, project q: Int, of projects: ProjectColumns, into t: ScoreTable, at k: Int) {
        let p = scheme.precision
        let budget = projects.budget[q]
        var flags: ProjectFlags = []
        let rate: Double
        let exec: Int64
        if budget == 0 {
            rate = .nan
            exec = 0
            flags.insert(.zeroBudget)
        } else {
            rate = Double(projects.executed[q]) / Double(budget)
            exec = Rounding.units(scheme.executionPoints * (scheme.executionCap ? min(rate, 1) : rate), precision: p, rule: scheme.rounding)
        }
        let total = sum.level1.0 + sum.level1.1 + sum.level1.2 + exec
        t.executionRate.unsafeBuffer[k] = rate
        t.executionScore.unsafeBuffer[k] = exec
        t.level1Score[0].unsafeBuffer[k] = sum.has.0 ? sum.level1.0 : ScoreTable.absent
        t.level1Score[1].unsafeBuffer[k] = sum.has.1 ? sum.level1.1 : ScoreTable.absent
        t.level1Score[2].unsafeBuffer[k] = sum.has.2 ? sum.level1.2 : ScoreTable.absent
        t.total.unsafeBuffer[k] = total
        t.grade.unsafeBuffer[k] = UInt8(t.grades.grade(units: total))
        t.completionRate.unsafeBuffer[k] = sum.points > 0 ? sum.weighted / sum.points : .nan
        let filedSelf = projects.selfScore[q]
        if filedSelf == filedSelf {
            let d = Int(projects.selfScoreDecimals[q])
            if Rounding.units(Double(total) / scale, precision: d, rule: scheme.rounding) != Rounding.units(filedSelf, precision: d) {
                flags.insert(.selfScoreDiffers)
            }
        }
        t.projectFlags.unsafeBuffer[k] = flags
        t.indicatorsBelowPoints.unsafeBuffer[k] = sum.below
    }
}

extension IndicatorColumns {
    /// `body` with the columns ``Scorer/add(_:_:score:achievement:flags:to:)`` reads.
    func withSumColumns<R>(_ body: (Scorer.SumColumns) -> R) -> R {
        level1.withUnsafeBufferPointer { level1 in
            points.withUnsafeBufferPointer { points in
                enteredScore.withUnsafeBufferPointer { entered in
                    enteredScoreDecimals.withUnsafeBufferPointer { decimals in
                        direction.withUnsafeBufferPointer { direction in
                            body(Scorer.SumColumns(level1: level1, points: points, entered: entered, enteredDecimals: decimals, direction: direction))
                        }
                    }
                }
            }
        }
    }
}
