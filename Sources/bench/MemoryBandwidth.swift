import Dispatch

/// STREAM-style kernels that measure how fast this machine moves memory, over arrays far larger
/// than the caches so that every pass comes from DRAM.
///
/// Two kernels, because streaming stages either mostly read (ingest scans the CSV bytes) or read
/// and write (generate fills buffers and copies them into files):
///
/// - **triad** `a[i] = b[i] + s·c[i]`: 24 bytes an element, the two loads and the store the code
///   performs (STREAM's count). The cache's write-allocate read of `a` is real traffic too but is
///   not counted, as in STREAM, so figures compare with published STREAM results.
/// - **sum** `Σ b[i]`: 8 bytes an element, read only. `SIMD8<Double>` loads with four independent
///   accumulators (ENGINEERING.md: a scalar floating-point reduction never vectorises, and one
///   accumulator would serialise on the add latency instead of on memory).
///
/// Each pass is split into `threads` contiguous ranges run by Dispatch workers, so the same
/// kernel gives the one-core and the all-cores figure.
final class MemoryBandwidth {
    /// Doubles in each of the three arrays.
    let count: Int
    private let a: UnsafeMutableBufferPointer<Double>
    private let b: UnsafeMutableBufferPointer<Double>
    private let c: UnsafeMutableBufferPointer<Double>

    /// Allocates three arrays of `bytesPerArray` bytes and touches every page once, so that page
    /// faults stay out of the timed passes.
    init(bytesPerArray: Int) {
        count = max(1, bytesPerArray / MemoryLayout<Double>.stride)
        a = .allocate(capacity: count)
        b = .allocate(capacity: count)
        c = .allocate(capacity: count)
        a.initialize(repeating: 0)
        b.initialize(repeating: 1)
        c.initialize(repeating: 2)
    }

    deinit {
        a.deallocate()
        b.deallocate()
        c.deallocate()
    }

    /// Bytes one triad pass moves (STREAM's count: 2 loads + 1 store per element).
    var triadBytes: Double { Double(24 * count) }
    /// Bytes one sum pass reads.
    var sumBytes: Double { Double(8 * count) }

    /// Seconds for one triad pass over the whole arrays on `threads` workers.
    func triad(threads: Int) -> Double {
        nonisolated(unsafe) let (a, b, c) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
        let ranges = split(threads: threads)
        let seconds = Stopwatch.seconds {
            DispatchQueue.concurrentPerform(iterations: ranges.count) { w in
                Self.triad(a + ranges[w].lowerBound, b + ranges[w].lowerBound, c + ranges[w].lowerBound,
                           scalar: 3, count: ranges[w].count)
            }
        }
        blackHole(a[count / 2])
        return seconds
    }

    /// Seconds for one read-only sum over `b` on `threads` workers.
    func sum(threads: Int) -> Double {
        nonisolated(unsafe) let b = UnsafeRawPointer(b.baseAddress!)
        let ranges = split(threads: threads)
        var partial = [Double](repeating: 0, count: ranges.count)
        let seconds = partial.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            return Stopwatch.seconds {
                DispatchQueue.concurrentPerform(iterations: ranges.count) { w in
                    out[w] = Self.sum(b + ranges[w].lowerBound * 8, count: ranges[w].count)
                }
            }
        }
        blackHole(partial.reduce(0, +))
        return seconds
    }

    /// Contiguous element ranges, one per worker; all but the last are a multiple of 8 elements
    /// (64 bytes) long, so every worker starts at the same alignment as the array.
    private func split(threads: Int) -> [Range<Int>] {
        let workers = max(1, threads)
        let step = (count / workers + 7) & ~7
        return (0..<workers).map { w in min(count, w * step)..<(w == workers - 1 ? count : min(count, (w + 1) * step)) }
    }

    /// `a[i] = b[i] + s·c[i]`: no reduction, so the compiler vectorises the plain loop.
    private static func triad(_ a: UnsafeMutablePointer<Double>, _ b: UnsafePointer<Double>,
                              _ c: UnsafePointer<Double>, scalar s: Double, count: Int) {
        for i in 0..<count { a[i] = b[i] + s * c[i] }
    }

    /// Σ of `count` doubles at `p`: 32 per step in four `SIMD8<Double>` accumulators, loaded with
    /// `loadUnaligned` because arrays are only 16-byte aligned (ENGINEERING.md).
    private static func sum(_ p: UnsafeRawPointer, count: Int) -> Double {
        typealias V = SIMD8<Double>
        var (s0, s1, s2, s3) = (V(), V(), V(), V())
        var i = 0
        while i + 32 <= count {
            let offset = i * 8
            s0 += p.loadUnaligned(fromByteOffset: offset, as: V.self)
            s1 += p.loadUnaligned(fromByteOffset: offset + 64, as: V.self)
            s2 += p.loadUnaligned(fromByteOffset: offset + 128, as: V.self)
            s3 += p.loadUnaligned(fromByteOffset: offset + 192, as: V.self)
            i += 32
        }
        var total = ((s0 + s1) + (s2 + s3)).sum()
        while i < count {
            total += p.loadUnaligned(fromByteOffset: i * 8, as: Double.self)
            i += 1
        }
        return total
    }
}
