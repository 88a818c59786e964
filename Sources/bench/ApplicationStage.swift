@_spi(Stages) import ScoreKernel

/// The pipeline's `application` stage on the scored batch (SPEC §8): the four presets —
/// execution-pool, grade-tiered-deduction, below-average-cut, monitoring-adjustment — applied
/// with the generator's bases.csv: department scores and figures, conditions (two of them over
/// consecutive periods, which interns every project_id), deductions in fen and the pool shared.
/// Reading bases.csv is not timed.
///
/// Work counted as the bytes read per project: total, grade, period, department, budget,
/// executed, completion, gap and monitoring score (≈ 56 bytes), and the project_id (≈ 16 bytes).
struct ApplicationStage: Stage {
    let name = "application"
    let limit = LimitKind.triad
    var threads: Int

    func prepare(_ fixture: Fixture) throws -> Workload {
        let batch = try fixture.batch()
        let scores = try fixture.scores()
        let options = Evaluation.Options(threads: threads)
        let deviations = Evaluation.deviations(batch, scores: scores, options: options).1
        let basesPath = fixture.path("bases.csv")
        try BatchGenerator(projects: fixture.projects, seed: fixture.seed).writeBases(path: basesPath)
        let bases = try Evaluation.readBases(path: basesPath, batch: batch, options: options).0
        let rules = ApplicationRule.presetNames.flatMap { ApplicationRule.preset($0)! }
        return Workload(work: Work(projects: batch.projectCount, bytes: batch.projectCount * 72)) {
            blackHole(try Evaluation.apply(rules, bases: bases, batch: batch, scores: scores, deviations: deviations, options: options)
                .adjustments.count)
        }
    }
}
