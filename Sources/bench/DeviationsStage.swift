@_spi(Stages) import ScoreKernel

/// The pipeline's `deviations` stage on the scored batch: ranks and percentiles, gaps, time progress, checkpoints, reason flags, self
/// versus review, and z and robust z within department and sector (SPEC §6).
///
/// Work counted as the bytes read and written per project: rate, completion, total, monitor,
/// self and review scores, period, department and sector codes in (≈ 64 bytes), ten result
/// columns out (≈ 80 bytes), plus one pass over the indicator scores and points (16 bytes a row).
struct DeviationsStage: Stage {
    let name = "deviations"
    let limit = LimitKind.triad
    var threads: Int

    func prepare(_ fixture: Fixture) throws -> Workload {
        let batch = try fixture.batch()
        let scores = try fixture.scores()
        let bytes = batch.projectCount * 144 + batch.indicatorCount * 16
        let options = Evaluation.Options(threads: threads)
        return Workload(work: Work(projects: batch.projectCount, bytes: bytes)) {
            blackHole(Evaluation.deviations(batch, scores: scores, options: options).1.flags.count)
        }
    }
}
