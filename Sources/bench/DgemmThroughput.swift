import COpenBLAS
import Dispatch

/// `cblas_dgemm` on a large square product, the ceiling for matrix work (weight scenarios are a
/// matrix product of indicator scores and scenario weights).
///
/// 2048² doubles are 32 MiB a matrix: large enough that OpenBLAS runs at its blocked-kernel
/// speed, small enough to take a fraction of a second. A product counts 2n³ floating-point
/// operations (n³ multiplies and n³ adds).
///
/// With `threads` > 1 the rows of C are split into blocks, each computed by its own Dispatch
/// worker calling single-threaded BLAS: parallelism at one level, the way the library uses BLAS
/// (ENGINEERING.md measured it equal to one call on as many OpenBLAS threads). OpenBLAS's own
/// thread count is set to 1 for the measurement and restored afterwards, so the figure does not
/// depend on `OPENBLAS_NUM_THREADS`.
final class DgemmThroughput {
    /// Rows and columns of each matrix.
    let n: Int
    private let a: UnsafeMutableBufferPointer<Double>
    private let b: UnsafeMutableBufferPointer<Double>
    private let c: UnsafeMutableBufferPointer<Double>

    /// Allocates A, B, C (n×n, row-major) and fills A and B with small values that stay far from
    /// subnormals and overflow.
    init(n: Int = 2048) {
        self.n = n
        a = .allocate(capacity: n * n)
        b = .allocate(capacity: n * n)
        c = .allocate(capacity: n * n)
        for i in 0..<(n * n) {
            a[i] = Double(i % 13) * 0.125 - 0.75
            b[i] = Double(i % 7) * 0.25 - 0.5
        }
        c.initialize(repeating: 0)
    }

    deinit {
        a.deallocate()
        b.deallocate()
        c.deallocate()
    }

    /// Floating-point operations in one product.
    var flops: Double { 2 * Double(n) * Double(n) * Double(n) }

    /// Seconds for one C = A·B on `threads` workers, each a block of rows of C.
    func product(threads: Int) -> Double {
        let saved = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(saved) }

        let n = n
        let workers = max(1, min(threads, n))
        nonisolated(unsafe) let (a, b, c) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
        let seconds = Stopwatch.seconds {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let first = n * w / workers
                let rows = n * (w + 1) / workers - first
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                            Int32(rows), Int32(n), Int32(n), 1, a + first * n, Int32(n),
                            b, Int32(n), 0, c + first * n, Int32(n))
            }
        }
        blackHole(c[n * n / 2 + n / 3])
        return seconds
    }
}
