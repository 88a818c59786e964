/// What a scenario analysis runs (SPEC §9, `evalcli scenarios`): where its scenarios come from,
/// and how it reports.
public struct ScenarioRequest: Sendable {
    /// The scenarios compared with the baseline, besides `as_filed` and `scheme`, which every
    /// analysis runs first.
    public enum Source: Sendable {
        /// Named weight vectors, and optionally grade bands, from a CSV or YAML file.
        case weightsFile(String)
        /// Every weight vector of a grid on the simplex.
        case grid(WeightGrid)
        /// `count` scenarios sampled around the scheme's weights from `seed`: scenario m's
        /// weights depend on (seed, m) only.
        case monteCarlo(count: Int, seed: UInt64, sampler: WeightSampler)
    }

    /// The most scenarios one analysis runs: the rank tables take up to 40 KB a scenario at
    /// precision 2 (4 GB for 100,000), and the second pass keeps a block's ranks over all of them.
    public static let maximumScenarios = 100_000

    /// Where the scenarios come from.
    public var source: Source
    /// How many projects at the top and bottom of each ranking are compared with the baseline's.
    public var topK: Int
    /// Result-application rules to apply under each scenario (SPEC §9), with their bases; nil:
    /// none. Department rules, and project rules that do not look at the project's own score;
    /// the department score is the mean. Not with shards.
    public var application: ApplicationRequest?
    /// Called with a line of progress as each pass starts (runs over a million project-scenarios
    /// take seconds).
    public var progress: (@Sendable (String) -> Void)?

    /// A request for `source`, comparing the top and bottom `topK`.
    public init(source: Source, topK: Int = 10, application: ApplicationRequest? = nil, progress: (@Sendable (String) -> Void)? = nil) {
        self.source = source
        self.application = application
        self.topK = max(1, topK)
        self.progress = progress
    }
}

extension Evaluation {
    /// The categories scenarios weigh, in weight-vector order (SPEC §4.5): the scheme's
    /// `dimension` (`output`, `benefit`, `satisfaction`, `execution` by default).
    public var scenarioCategories: [String] {
        CategoryMatrix.categories(of: batch, dimension: options.scheme.dimension)
    }

    /// Runs a scenario analysis (SPEC §9) of this evaluation: `as_filed`, `scheme` and the
    /// requested scenarios over every project; with `shard` i of `shards` n > 1, only the i-th
    /// of n parts of the per-project work, to be joined by ``ScenarioResults/init(merging:)``.
    ///
    /// The result does not depend on ``Options/threads`` or on the split into shards: the merge
    /// of any split writes the same bytes as the whole run.
    ///
    /// - Precondition: at most ``ScenarioRequest/maximumScenarios`` scenarios besides `as_filed`
    ///   and `scheme`; no ``ScenarioRequest/application`` with shards.
    /// - Throws: ``InputRejected`` when a weights file has problems (each with its line) or more
    ///   than ``ScenarioRequest/maximumScenarios`` scenarios, or when the scheme's `weights` give
    ///   none of the categories a weight; with ``ScenarioRequest/application``, when the bases
    ///   file has an error or a rule cannot be applied per scenario (checked before the analysis
    ///   runs).
    public func scenarios(_ request: ScenarioRequest, shard: Int = 1, of shards: Int = 1) throws(InputRejected) -> ScenarioResults {
        precondition(shards >= 1 && (1...shards).contains(shard), "shard \(shard) of \(shards)")
        precondition(shards == 1 || request.application == nil, "result application runs on whole analyses, not shards")
        let scheme = options.scheme
        // Result application is checked before the analysis: a missing base fails at once.
        var bases: BaseAmounts?
        if let application = request.application {
            if let problems = ScenarioApplication.problems(application.rules, scheme: scheme) { throw InputRejected(problems) }
            if let path = application.basesPath { bases = try Self.readBases(path: path, batch: batch, options: options).0 }
            _ = try Self.apply(application.rules, bases: bases, batch: batch, scores: scores, deviations: deviations, options: options)
        }
        let matrix = CategoryMatrix(batch: batch, scores: scores, scheme: scheme)
        let base = ScenarioSet.schemeWeights(scheme, categories: matrix.categories)
        guard base.reduce(0, +) > 0 else {
            var d = Diagnostics()
            d.append(Diagnostic(.error, rule: .inconsistent, file: "scheme", column: "weights",
                                message: "the scheme weighs none of the scenario categories (\(matrix.categories.joined(separator: ", "))); give `weights` over them"))
            throw InputRejected(d)
        }
        let schemeBands = GradeScale(bands: scheme.grades, precision: scheme.precision)
        var names = ["as_filed", "scheme"]
        var vectors = [base, base]
        var grades = [schemeBands, schemeBands]
        var sampled = 0..<0
        switch request.source {
        case .weightsFile(let path):
            let named = try WeightsFile.read(path: path, categories: matrix.categories, dimension: scheme.dimension, scheme: scheme)
            guard named.count <= ScenarioRequest.maximumScenarios else {
                var d = Diagnostics()
                d.append(Diagnostic(.error, rule: .fileTooLarge, file: path.split(separator: "/").last.map(String.init) ?? path,
                                    message: "has \(named.count) scenarios; at most \(ScenarioRequest.maximumScenarios) run at once"))
                throw InputRejected(d)
            }
            for s in named {
                names.append(s.name)
                vectors.append(s.weights)
                grades.append(s.grades.map { GradeScale(bands: $0, precision: scheme.precision) } ?? schemeBands)
            }
        case .grid(let grid):
            precondition(grid.categories == matrix.categoryCount, "the grid must have one weight per category")
            for (j, v) in grid.vectors().enumerated() {
                names.append("grid-\(j + 1)")
                vectors.append(v)
                grades.append(schemeBands)
            }
        case .monteCarlo(let count, let seed, let sampler):
            request.progress?("scenarios: drawing \(count) weight vectors (seed \(seed))")
            let drawn = Parallel.map(count, workers: options.threads) { sampler.weights(base: base, seed: seed, scenario: $0) }
            sampled = names.count..<(names.count + count)
            for (m, v) in drawn.enumerated() {
                names.append("mc-\(m + 1)")
                vectors.append(v)
                grades.append(schemeBands)
            }
        }
        precondition(names.count - 2 <= ScenarioRequest.maximumScenarios, "at most \(ScenarioRequest.maximumScenarios) scenarios")
        let set = ScenarioSet(names: names, vectors: vectors, grades: grades, asFiled: true)
        var results = analysis(of: set, matrix: matrix, sampled: sampled, topK: request.topK, progress: request.progress).run(shard: shard, of: shards)
        if let application = request.application {
            request.progress?("application: \(application.rules.count) rule(s) under \(names.count) scenarios")
            results.application = try ScenarioApplication(results: results, grades: grades, rules: application.rules, bases: bases, batch: batch,
                                                          scores: scores, deviations: deviations, scheme: scheme, progress: request.progress)
        }
        return results
    }

    /// The analysis of `set` (`as_filed`, `scheme`, then the rest) over this evaluation.
    func analysis(of set: ScenarioSet, matrix: CategoryMatrix, sampled: Range<Int>, topK: Int,
                  progress: (@Sendable (String) -> Void)?) -> ScenarioAnalysis {
        ScenarioAnalysis(batch: batch, scores: scores, matrix: matrix, scheme: options.scheme, threads: options.threads, scenarios: set,
                         sampled: sampled, topK: topK, fingerprint: fingerprint(set, topK: topK), progress: progress)
    }

    /// FNV-1a over what a scenario run's parts must share: every project's id, total and grade,
    /// the scenarios' names and weights, top-k.
    private func fingerprint(_ set: ScenarioSet, topK: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                h = (h ^ ((v >> UInt64(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
            }
        }
        func mix(_ s: String) {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            mix(UInt64(s.utf8.count))
        }
        mix(UInt64(batch.projects.count))
        for p in 0..<batch.projects.count {
            mix(batch.projects.id[p])
            mix(UInt64(bitPattern: scores.total[p]))
            mix(UInt64(scores.grade[p]))
        }
        for name in set.names { mix(name) }
        for w in set.weights { mix(w.bitPattern) }
        for g in set.grades { for u in g.minimumUnits { mix(UInt64(bitPattern: u)) } }
        mix(UInt64(topK))
        return h
    }
}
