/// One timed step of the pipeline (generate, ingest, score, …) at one size.
///
/// A stage splits its work in two: `prepare` does everything that must not be timed — getting
/// inputs from the ``Fixture``, earlier stages' outputs, building the object under test — and
/// returns a ``Workload`` whose `body` is exactly what one timed repeat runs. The
/// ``StageRunner`` does the warm-up, the repeats and the arithmetic, so a new stage is one small
/// struct: a name, a limit kind, a thread count and `prepare`.
protocol Stage {
    /// Stable identifier used in the table, the JSON and to match a baseline: lowercase letters,
    /// digits and `-`, with parameters spelled in (`scenarios-m100-k4`).
    var name: String { get }
    /// The machine limit this stage's throughput is a share of.
    var limit: LimitKind { get }
    /// Workers the stage runs on; chooses between the 1- and 2-thread limits.
    var threads: Int { get }
    /// The largest batch the stage runs on; nil: every size.
    var maximumProjects: Int? { get }
    /// Sets up one size, untimed.
    func prepare(_ fixture: Fixture) throws -> Workload
}

extension Stage {
    var maximumProjects: Int? { nil }
}

/// A prepared stage: its work and the closure one timed repeat runs.
struct Workload {
    var work: Work
    var body: () throws -> Void
}
