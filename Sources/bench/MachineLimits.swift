/// This machine's ceilings, measured in the same process just before the stages (SPEC §11):
/// shared machines drift, so a stage's figure only means something next to a limit measured
/// under the same conditions.
struct MachineLimits: Codable, Equatable {
    /// Every kernel at every thread count measured.
    var measurements: [LimitMeasurement]

    /// How much to measure; `quick` trades steadiness for a run of a few seconds.
    struct Plan {
        /// Bytes in each of the three bandwidth arrays.
        var arrayBytes: Int
        var dgemmSize = 2048
        /// Thread counts to measure at, such as [1, 2].
        var threads: [Int]
        var bandwidthRepeats = 10
        var dgemmRepeats = 3

        /// Arrays of at least 64 MiB and at least four times the largest cache, so that no
        /// pass is served from cache.
        static func arrayBytes(largestCache: Int) -> Int { max(64 << 20, 4 * largestCache) }
    }

    /// Runs every kernel once as a warm-up, then `repeats` timed times.
    static func measure(_ plan: Plan) -> MachineLimits {
        var out: [LimitMeasurement] = []
        do {
            let memory = MemoryBandwidth(bytesPerArray: plan.arrayBytes)
            Progress.note("limits: memory bandwidth over 3 × \(plan.arrayBytes >> 20) MiB arrays")
            for t in plan.threads {
                out.append(time(.read, threads: t, work: memory.sumBytes, repeats: plan.bandwidthRepeats) { memory.sum(threads: t) })
                out.append(time(.triad, threads: t, work: memory.triadBytes, repeats: plan.bandwidthRepeats) { memory.triad(threads: t) })
            }
        }
        let dgemm = DgemmThroughput(n: plan.dgemmSize)
        Progress.note("limits: dgemm \(plan.dgemmSize)×\(plan.dgemmSize)")
        for t in plan.threads {
            out.append(time(.dgemm, threads: t, work: dgemm.flops, repeats: plan.dgemmRepeats) { dgemm.product(threads: t) })
        }
        return MachineLimits(measurements: out)
    }

    private static func time(_ kind: LimitKind, threads: Int, work: Double, repeats: Int,
                             _ run: () -> Double) -> LimitMeasurement {
        _ = run()
        let m = LimitMeasurement(kind: kind, threads: threads, work: work,
                                 seconds: Timings((0..<max(1, repeats)).map { _ in run() }))
        Progress.note("  \(kind.label(threads: threads)): \(Format.significant(m.best)) \(m.unit) best, \(Format.significant(m.median)) median")
        return m
    }

    /// The limit a stage running on `threads` workers is held to: the best figure of `kind`
    /// measured with at most that many threads. When a second core adds no bandwidth (one core
    /// already saturates memory), a 2-thread stage is held to the 1-thread figure, which is then
    /// the higher one — the machine's real ceiling either way.
    func applicable(_ kind: LimitKind, threads: Int) -> LimitMeasurement? {
        let candidates = measurements.filter { $0.kind == kind && $0.threads <= max(1, threads) }
        return candidates.max { $0.best < $1.best }
    }

    /// A warning when the multi-threaded dgemm did not scale: on T workers it should run close to
    /// T times the one-worker rate, and falls to about 1× when another process holds a core
    /// (seen here while a `swift build` ran alongside). Stage figures from such a run are noisy.
    var busyCoreWarning: String? {
        let dgemm = measurements.filter { $0.kind == .dgemm }
        guard let one = dgemm.first(where: { $0.threads == 1 }),
              let many = dgemm.filter({ $0.threads > 1 }).max(by: { $0.threads < $1.threads }) else { return nil }
        let scaling = many.best / one.best
        guard scaling < 0.75 * Double(many.threads) else { return nil }
        return "dgemm on \(many.threads) workers ran only \(Format.significant(scaling, digits: 2))× one worker: "
            + "another process is probably using a core, so this run's figures are unreliable"
    }
}
