#if canImport(Glibc)
import Glibc
#endif

/// The CPUs this process may run on, and a warning when there is more than one.
///
/// The library splits some passes in two (or four) fixed parts whatever its `threads` option —
/// the deviation pass's halves and peer groups, ranks by department and by sector, the department
/// and sector tables, the chunks and halves of the ingest checks — and hands them to
/// `DispatchQueue.concurrentPerform`. Dispatch sizes that from the CPUs in the process's
/// affinity mask, read once when it starts: with one CPU it runs the parts inline on the calling
/// thread; with several it wakes workers and allocates continuations for them, one or two mallocs
/// per fan-out, more with more cores, and how many depends on timing. So the gated counts are the
/// counts on one CPU, and `make benchmarks` starts the suite with `taskset -c <one cpu>`.
enum CPUAffinity {
    /// The number of CPUs in this process's affinity mask; nil when it cannot be read.
    static var allowedCPUs: Int? {
        #if canImport(Glibc)
        // sched_getaffinity is a GNU extension the Glibc module does not import.
        typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "sched_getaffinity") else { return nil }
        var mask = [UInt64](repeating: 0, count: 16)  // 1,024 CPUs
        let status = mask.withUnsafeMutableBytes { unsafeBitCast(symbol, to: GetAffinity.self)(0, $0.count, $0.baseAddress!) }
        return status == 0 ? mask.reduce(0) { $0 + $1.nonzeroBitCount } : nil
        #else
        return nil
        #endif
    }

    /// Writes a one-line warning to standard error unless the process is pinned to one CPU.
    static func warnUnlessPinned() {
        guard let cpus = allowedCPUs, cpus > 1 else { return }
        // One line: package-benchmark starts this executable once per benchmark.
        let message = "warning: running on \(cpus) CPUs; the gates of Deviations, Departments and Ingest "
            + "hold on one (`make benchmarks`, or `taskset -c 0 swift package benchmark`; see README.md)\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
    }
}
