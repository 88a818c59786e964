import COpenBLAS

/// The one place that calls OpenBLAS: typed, row-major, Swift `Int` dimensions.
enum BLAS {
    /// C (m×n) = A (m×k) · B (k×n), row-major; A and C densely packed, B with row stride `ldb`
    /// (so that B can be a column tile of a wider matrix).
    static func multiply(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, ldb: Int, into c: UnsafeMutablePointer<Double>,
        m: Int, k: Int, n: Int
    ) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(k), b, Int32(ldb), 0, c, Int32(n))
    }

    /// Sets how many threads OpenBLAS itself uses (1 when the caller parallelises by blocks).
    static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}
