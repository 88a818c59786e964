@_spi(Stages) import ScoreKernel

/// `ScenarioEngine.run` of M random weight scenarios over the K categories of the scored batch
/// (K = 4: level 1 + execution; K = 10: the nine level-2 dimensions + execution), with the first
/// pass of a scenario analysis (score histograms) as the consumer, on `threads` workers.
///
/// Work: 2·N·K·M flops for C·W, and as many again for P·W (some project of nearly every block
/// lacks a category, so the renormalising product runs); bytes: C and P read once per scenario
/// chunk. With one scenario the product is a pass bound by memory, held to the read bandwidth;
/// with more it is held to dgemm, the machine's arithmetic ceiling.
///
/// In this order a worker takes whole chunks of 64 scenarios, so fewer scenarios run on one
/// worker and are held to one thread's limit.
struct ScenariosStage: Stage {
    let scenarios: Int
    let categories: Int
    /// Workers asked for.
    var workers: Int

    init(scenarios: Int, categories: Int, threads: Int) {
        self.scenarios = scenarios
        self.categories = categories
        workers = threads
    }

    /// Workers the engine runs on: one per chunk of scenarios at most.
    var threads: Int {
        let chunks = (scenarios + ScenarioEngine.defaultBlockScenarios - 1) / ScenarioEngine.defaultBlockScenarios
        return min(workers, chunks)
    }

    var name: String { "scenarios-m\(scenarios)-k\(categories)" }
    var limit: LimitKind { scenarios < 16 ? .read : .dgemm }

    func prepare(_ fixture: Fixture) throws -> Workload {
        let matrix = try fixture.matrix(categories == 4 ? .level1 : .level2)
        precondition(matrix.categoryCount == categories)
        var scheme = Scheme()
        scheme.dimension = categories == 4 ? .level1 : .level2
        let engine = ScenarioEngine(matrix: matrix, scheme: scheme, threads: workers)
        var random = SplitMix64(seed: 7)
        let vectors: [[Double]] = (0..<scenarios).map { _ in
            let raw = (0..<categories).map { _ in random.unit() + 0.05 }
            let sum = raw.reduce(0, +)
            return raw.map { $0 * 100 / sum }
        }
        let bands = GradeScale(bands: scheme.grades, precision: scheme.precision)
        let set = ScenarioSet(names: (0..<scenarios).map { "s\($0)" }, vectors: vectors,
                              grades: Array(repeating: bands, count: scenarios))
        let n = matrix.projectCount
        let tiles = (scenarios + engine.blockScenarios - 1) / engine.blockScenarios
        let top = engine.maximumUnits
        let work = Work(projects: n, bytes: 2 * n * categories * 8 * tiles,
                        flops: 4 * Double(n) * Double(categories) * Double(scenarios))
        return Workload(work: work) {
            blackHole(Int(engine.run(set, order: .scenariosFirst) { ScoreHistograms(projects: n, scenarios: set, maximumUnits: top) }.sum[0]))
        }
    }
}
