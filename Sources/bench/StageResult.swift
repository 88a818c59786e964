/// Every figure measured for one stage at one size, as written to the JSON.
///
/// Throughputs are taken at the median time (the headline) and at the minimum time (`…Best`);
/// `ratio` is the median throughput divided by the applicable machine limit, both in the same
/// base unit, and is what `--compare` checks.
struct StageResult: Codable, Equatable {
    var stage: String
    /// Projects in the batch (the size).
    var projects: Int
    /// Workers the stage ran on.
    var threads: Int
    var warmup: Int
    var work: Work
    var seconds: Timings
    var projectsPerSecond: Double
    var projectsPerSecondBest: Double
    /// Throughput in `unit` (MB/s or GFLOP/s).
    var throughput: Double
    var throughputBest: Double
    var unit: String
    /// The limit the ratio divides by.
    var limit: AppliedLimit
    var ratio: Double
    var ratioBest: Double

    /// The limit a stage was held to, copied from ``MachineLimits`` so that each result reads alone.
    struct AppliedLimit: Codable, Equatable {
        var kind: LimitKind
        /// Threads of the measurement chosen (may be fewer than the stage's, see
        /// ``MachineLimits/applicable(_:threads:)``).
        var threads: Int
        var value: Double
        var unit: String
    }

    /// Derives every figure from the timings, the work and the limit.
    init(stage: String, threads: Int, warmup: Int, work: Work, seconds: Timings,
         kind: LimitKind, limit: LimitMeasurement) {
        self.stage = stage
        projects = work.projects
        self.threads = threads
        self.warmup = warmup
        self.work = work
        self.seconds = seconds
        projectsPerSecond = Double(work.projects) / seconds.median
        projectsPerSecondBest = Double(work.projects) / seconds.min
        let amount = kind.amount(of: work)
        throughput = amount / seconds.median / kind.stageScale
        throughputBest = amount / seconds.min / kind.stageScale
        unit = kind.stageUnit
        self.limit = AppliedLimit(kind: kind, threads: limit.threads, value: limit.best, unit: limit.unit)
        let ceiling = limit.best * kind.limitScale
        ratio = amount / seconds.median / ceiling
        ratioBest = amount / seconds.min / ceiling
    }

    var key: StageKey { StageKey(stage: stage, projects: projects) }
}
