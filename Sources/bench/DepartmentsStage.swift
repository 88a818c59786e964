import ScoreKernel

/// `DepartmentBenchmarks` of the scored batch by department and by sector, one per worker
/// (SPEC §7): counts,
/// sums, exact means, quantiles, grade counts, category achievements and ranks.
///
/// Work counted as the bytes read per project — total, grade, budget, executed, period and group
/// codes (≈ 40 bytes) and the project's row of the category matrix (8 bytes a category) — twice
/// (department and sector). A read-mostly pass, held to the read bandwidth.
struct DepartmentsStage: Stage {
    let name = "departments"
    let limit = LimitKind.read
    var threads: Int

    func prepare(_ fixture: Fixture) throws -> Workload {
        let batch = try fixture.batch()
        let scores = try fixture.scores()
        let matrix = try fixture.matrix(.level1)
        let scheme = Scheme()
        let bytes = 2 * batch.projects.count * (40 + 8 * matrix.categoryCount)
        return Workload(work: Work(projects: batch.projects.count, bytes: bytes)) {
            let both = DepartmentBenchmarks.byDepartmentAndSector(batch: batch, scores: scores, categories: matrix, scheme: scheme)
            blackHole(both.departments.count + both.sectors.count)
        }
    }
}
