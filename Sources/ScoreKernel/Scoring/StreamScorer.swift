/// Scores indicator rows a window at a time as a streamed read hands them over (SPEC §4), and
/// keeps per project only what its rows add up to: its sums, its category sums, and the rows
/// flags.csv lists. Each window's scores are handed back for writing and then dropped.
///
/// Sums are added in file order, window after window, so that every figure is the one
/// ``Scorer`` computes from the whole batch, whatever the window size or thread count.
final class StreamScorer {
    private let scorer: Scorer
    private let kernel: AchievementKernel
    private let projectCount: Int
    private(set) var sums: [Scorer.ProjectSum]
    private(set) var categories: CategoryMatrix.Sums
    private(set) var tally = IndicatorTally()
    private(set) var flagged = FlaggedIndicators()

    /// A scorer for the rows of `projectCount` projects (indices as read).
    init(projectCount: Int, scheme: Scheme, threads: Int) {
        scorer = Scorer(scheme: scheme, threads: threads)
        kernel = AchievementKernel(scheme: scheme)
        self.projectCount = projectCount
        sums = [Scorer.ProjectSum](repeating: Scorer.ProjectSum(), count: projectCount)
        categories = CategoryMatrix.Sums(dimension: scheme.dimension, projectCount: projectCount)
    }

    /// Forgets every row added (the read starts another pass).
    func restart() {
        sums = [Scorer.ProjectSum](repeating: Scorer.ProjectSum(), count: projectCount)
        categories = CategoryMatrix.Sums(dimension: categories.dimension, projectCount: projectCount)
        tally = IndicatorTally()
        flagged = FlaggedIndicators()
    }

    /// Scores the rows of `parts` with a project, adds them to their projects, and returns each
    /// part's indicator scores (a ``ScoreTable`` of no projects; rows without a project are left
    /// at zero). The parts are scored on the workers at once, then added to their projects.
    func score(_ parts: [IndicatorRows]) -> [ScoreTable] {
        let precision = scorer.scheme.precision
        let grades = GradeScale(bands: scorer.scheme.grades, precision: precision)
        let tables = Parallel.map(parts.count, workers: scorer.threads) { k in
            let t = ScoreTable(projects: 0, indicators: parts[k].count, precision: precision, grades: grades)
            kernel.run(parts[k].columns, rows: 0..<parts[k].count, achievement: t.achievement.unsafeBuffer,
                       score: t.indicatorScore.unsafeBuffer, flags: t.indicatorFlags.unsafeBuffer)
            return t
        }
        // Each worker adds the rows of every `workers`-th project, in file order: each project's
        // sums come out as one pass in file order makes them, whatever the thread count. The
        // category sums grow first, so that the workers only write into them; they and the
        // project sums are moved into locals, whose parts may be borrowed at once.
        var (sums, categories) = (take(&self.sums), self.categories)
        self.categories = CategoryMatrix.Sums(dimension: categories.dimension, projectCount: 0)
        let dimension = categories.dimension
        for part in parts {
            for r in 0..<part.count where part.project[r] >= 0 {
                if let c = CategoryMatrix.Sums.category(of: part.columns, r, dimension) { categories.grow(toHold: c) }
            }
        }
        let workers = min(scorer.threads, max(1, parts.reduce(0) { $0 + $1.count } / 50_000))
        let (scorer, projectCount, stride) = (scorer, projectCount, categories.projectCount)
        let found = sums.withUnsafeMutableBufferPointer { sums in
            categories.weighted.withUnsafeMutableBufferPointer { weighted in
                categories.points.withUnsafeMutableBufferPointer { points in
                    nonisolated(unsafe) let (sums, weighted, points) = (sums, weighted, points)
                    return Parallel.map(workers, workers: workers) { w in
                        var tally = IndicatorTally()
                        var flagged = FlaggedIndicators()
                        for (part, t) in zip(parts, tables) {
                            let ind = part.columns
                            let achievement = t.achievement.unsafeBuffer
                            let score = t.indicatorScore.unsafeBuffer
                            let flags = t.indicatorFlags.unsafeBuffer
                            ind.withSumColumns { columns in
                            for r in 0..<part.count {
                                let q = Int(part.project[r])
                                guard q >= 0, q % workers == w else { continue }
                                precondition(q < projectCount)
                                scorer.add(columns, r, score: score[r], achievement: achievement[r], flags: &flags[r], to: &sums[q])
                                if let c = CategoryMatrix.Sums.category(of: ind, r, dimension) {
                                    weighted[c * stride + q] += ind.points[r] * achievement[r]
                                    points[c * stride + q] += ind.points[r]
                                }
                                tally.add(ind, r, flags: flags[r])
                                flagged.append(ind, r, project: q, flags: flags[r], score: score[r])
                            }
                            }
                        }
                        return (tally, flagged)
                    }
                }
            }
        }
        (self.sums, self.categories) = (sums, categories)
        for (tally, flagged) in found {
            self.tally.add(tally)
            self.flagged.append(contentsOf: flagged)
        }
        return tables
    }

    /// `value`, leaving an empty array in its place (so that the moved array stays unique).
    private func take<T>(_ value: inout [T]) -> [T] {
        var out: [T] = []
        swap(&out, &value)
        return out
    }

    /// The project scores of the batch's projects, each the project `kept` names (indices as
    /// read), and their category matrix.
    func finish(_ batch: ProjectBatch, kept: [Int]) -> (ScoreTable, CategoryMatrix) {
        let scheme = scorer.scheme
        let t = ScoreTable(projects: kept.count, indicators: 0, precision: scheme.precision,
                           grades: GradeScale(bands: scheme.grades, precision: scheme.precision))
        // Each project on its own: in parts on the workers, as the batch scorer's blocks are.
        let parts = min(scorer.threads, max(1, kept.count / 50_000))
        _ = Parallel.map(parts, workers: parts) { w in
            for k in (kept.count * w / parts)..<(kept.count * (w + 1) / parts) {
                scorer.finish(sums[kept[k]], project: k, of: batch.projects, into: t, at: k)
            }
        }
        let matrix = CategoryMatrix(categories, kept: kept, categories: CategoryMatrix.categories(of: batch, dimension: scheme.dimension),
                                    executionRate: t.executionRate, scheme: scheme)
        return (t, matrix)
    }
}
