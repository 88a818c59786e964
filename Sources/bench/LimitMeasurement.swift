/// One measured machine limit: a kernel, a thread count, and how fast it ran.
struct LimitMeasurement: Codable, Equatable {
    var kind: LimitKind
    /// Dispatch workers that ran the kernel.
    var threads: Int
    /// Bytes (bandwidth) or floating-point operations (dgemm) in one run of the kernel.
    var work: Double
    var seconds: Timings
    /// `kind.limitUnit`, spelled out for readers of the JSON.
    var unit: String
    /// The best rate, from the fastest run, in `unit`: the ceiling stages are held to (STREAM
    /// also reports the best of its repeats).
    var best: Double
    /// The rate at the median run, in `unit`: shows how steady the machine was.
    var median: Double

    init(kind: LimitKind, threads: Int, work: Double, seconds: Timings) {
        self.kind = kind
        self.threads = threads
        self.work = work
        self.seconds = seconds
        unit = kind.limitUnit
        best = work / seconds.min / kind.limitScale
        median = work / seconds.median / kind.limitScale
    }
}
