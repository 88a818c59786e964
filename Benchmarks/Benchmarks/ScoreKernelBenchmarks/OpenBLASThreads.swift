#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// OpenBLAS's own thread count, set from the benchmarks without a C module of their own:
/// ScoreKernel links OpenBLAS but does not export its C target, so the symbol is looked up in the
/// running process.
///
/// The scenario benchmarks pin it to 1 so that what they measure does not depend on the caller's
/// environment: a `ScenarioEngine` with one worker leaves OpenBLAS's threads alone, and the
/// threaded dgemm path allocates about twice per call (Scenarios.100k.K4.M100 went from 10 to
/// 108 allocations without `OPENBLAS_NUM_THREADS=1`).
enum OpenBLASThreads {
    static func set(_ count: Int32) {
        typealias SetThreads = @convention(c) (Int32) -> Void
        guard let process = dlopen(nil, RTLD_NOW),
              let symbol = dlsym(process, "openblas_set_num_threads")
        else { fatalError("openblas_set_num_threads not found in the process") }
        unsafeBitCast(symbol, to: SetThreads.self)(count)
    }
}
