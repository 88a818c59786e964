@_spi(Stages) import ScoreKernel

/// `Scorer.score` of the ingested batch in memory: achievements, rounded scores, totals, grades
/// and the reproduction check, on `threads` workers.
///
/// Work counted as the bytes the pass must touch: per indicator row it reads direction, grade
/// and level 1 (1 byte each), target, target_high, actual, points and the entered score (8 each)
/// and writes achievement and score (8 each) and flags (1): 60 bytes; per project it reads the
/// CSR offset, budget, executed and self score (8 each) and writes the rate, the execution score,
/// three category scores, the total and the completion rate (8 each), the grade (1) and the flags
/// (4): 93 bytes. It reads and writes, so it is held to the triad bandwidth.
struct ScoreStage: Stage {
    let name = "score"
    let limit = LimitKind.triad
    var threads: Int

    func prepare(_ fixture: Fixture) throws -> Workload {
        let batch = try fixture.batch()
        let options = Evaluation.Options(threads: threads)
        let bytes = batch.indicatorCount * 60 + batch.projectCount * 93
        return Workload(work: Work(projects: batch.projectCount, bytes: bytes)) {
            blackHole(Evaluation.score(batch, options: options).projects)
        }
    }
}
