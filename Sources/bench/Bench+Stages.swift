/// The stages, in pipeline order. Each stage — score, scenarios (M = 1, 100, 1,000 at K = 4 and
/// 10, one instance per pair), departments, deviations, application (the four presets), the Monte Carlo job (M = 1,000 and
/// 10,000), the HTML report from the written results — is one ``Stage`` struct in its own file and one line here.
extension Bench {
    static func stages(threads: Int) -> [any Stage] {
        [
            GenerateStage(threads: threads),
            IngestStage(threads: threads),
            ScoreStage(threads: threads),
        ] + [4, 10].flatMap { k in [1, 100, 1000].map { m in ScenariosStage(scenarios: m, categories: k, threads: threads) } } + [
            DepartmentsStage(threads: threads),
            DeviationsStage(threads: threads),
            ApplicationStage(threads: threads),
            MonteCarloStage(scenarios: 1000, threads: threads),
            MonteCarloStage(scenarios: 10000, threads: threads),
            ReportStage(threads: threads),
        ]
    }
}
