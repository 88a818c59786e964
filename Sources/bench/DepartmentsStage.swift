@_spi(Stages) import ScoreKernel

/// The pipeline's `benchmarks` stage on the scored batch (SPEC §7): the category matrix, then the
/// department and the sector tables, one per worker — counts, sums, exact means, quantiles, grade
/// counts, category achievements and ranks — and their deviation figures.
///
/// Work counted as the bytes read per project — total, grade, budget, executed, period and group
/// codes (≈ 40 bytes) and the project's row of the category matrix (8 bytes a category) — twice
/// (department and sector), plus the matrix built from the indicator rows (points and
/// achievement, 16 bytes a row) into N × K achievements and presences (16 bytes each). A
/// read-mostly pass, held to the read bandwidth.
struct DepartmentsStage: Stage {
    let name = "departments"
    let limit = LimitKind.read
    var threads: Int

    func prepare(_ fixture: Fixture) throws -> Workload {
        let batch = try fixture.batch()
        let scores = try fixture.scores()
        let options = Evaluation.Options(threads: threads)
        let deviations = Evaluation.deviations(batch, scores: scores, options: options).1
        let k = 4  // level 1 (output, benefit, satisfaction) and execution
        let n = batch.projectCount
        let bytes = 2 * n * (40 + 8 * k) + batch.indicatorCount * 16 + n * k * 16
        return Workload(work: Work(projects: n, bytes: bytes)) {
            let both = Evaluation.benchmarks(batch, scores: scores, deviations: deviations, options: options)
            blackHole(both.departments.benchmarks.count + both.sectors.benchmarks.count)
        }
    }
}
