#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock timing from the monotonic clock.
///
/// `CLOCK_MONOTONIC` is never stepped by NTP, so a repeat that straddles a clock adjustment still
/// measures what it ran. Resolution is nanoseconds; the shortest timed body (a 10k-project stage)
/// lasts milliseconds, so the clock's own cost (≈ 20 ns) does not matter.
enum Stopwatch {
    /// Seconds since an arbitrary fixed point.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Runs `body` once and returns how many seconds it took.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }
}
