@_spi(Stages) import ScoreKernel

/// The whole Monte Carlo job of `evalcli scenarios --monte-carlo M` on the scored batch
/// (`Evaluation.scenarios`), every output included: the M Dirichlet scenarios drawn, the first
/// pass (score histograms and rank tables), the second (ranks against the baseline, exact rank
/// quantiles, grade probabilities, department sums, sensitivity) and the grade-flip margins;
/// reading the input and writing the files are not timed.
///
/// Work: the scenario products of both passes, 2 × 2·N·K·(M + 2) flops at K = 4. They are not
/// what bounds the job — rank-table lookups and per-project reductions are — but dgemm is the
/// machine's arithmetic ceiling, so the ratio says how far the job stands below it.
struct MonteCarloStage: Stage {
    let scenarios: Int
    var threads: Int

    var name: String { "monte-carlo-m\(scenarios)" }
    var limit: LimitKind { .dgemm }
    /// 10,000 scenarios × a million projects would take minutes a repeat.
    var maximumProjects: Int? { 100_000 }

    func prepare(_ fixture: Fixture) throws -> Workload {
        let evaluation = try fixture.evaluation()
        let request = ScenarioRequest(source: .monteCarlo(count: scenarios, seed: 1, sampler: .dirichlet(concentration: 50)))
        let n = fixture.projects
        let work = Work(projects: n, flops: 2 * 2 * Double(n) * 4 * Double(scenarios + 2))
        return Workload(work: work) {
            blackHole(try evaluation.scenarios(request).scenarioCount)
        }
    }
}
