/// Times a ``Stage`` at one size: untimed `prepare`, `warmup` untimed runs (to fault in pages,
/// fill caches and let the allocator reach steady state), then `repeats` timed runs.
struct StageRunner {
    var warmup: Int
    var repeats: Int
    var limits: MachineLimits

    /// Runs `stage` on `fixture` and derives its figures against the applicable limit.
    func run(_ stage: any Stage, on fixture: Fixture) throws -> StageResult {
        let label = "\(stage.name) @ \(Format.grouped(fixture.projects))"
        Progress.note("\(label): preparing")
        let workload = try stage.prepare(fixture)
        for w in 0..<warmup {
            let s = try Stopwatch.seconds(workload.body)
            Progress.note("\(label): warm-up \(w + 1)/\(warmup) \(Format.duration(s))")
        }
        var samples: [Double] = []
        for r in 0..<max(1, repeats) {
            samples.append(try Stopwatch.seconds(workload.body))
            Progress.note("\(label): run \(r + 1)/\(max(1, repeats)) \(Format.duration(samples[r]))")
        }
        guard let limit = limits.applicable(stage.limit, threads: stage.threads) else {
            throw BenchError("no \(stage.limit.rawValue) limit was measured for \(stage.threads) threads")
        }
        return StageResult(stage: stage.name, threads: stage.threads, warmup: warmup, work: workload.work,
                           seconds: Timings(samples), kind: stage.limit, limit: limit)
    }
}
