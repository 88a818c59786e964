/// Which machine limit a stage is held to, and the units on either side of the ratio.
///
/// Streaming stages are compared with memory bandwidth (their work counted in bytes, shown in
/// MB/s), matrix stages with dgemm throughput (work in floating-point operations, GFLOP/s).
/// The ratio is stage throughput ÷ limit in the same base unit, so it reads as "the share of
/// what this machine can do".
enum LimitKind: String, Codable, CaseIterable {
    /// Read-only streaming (`sum` kernel): stages that scan their input, like ingest.
    case read
    /// Read-and-write streaming (`triad` kernel): stages that produce as much as they read.
    case triad
    /// `cblas_dgemm` throughput: stages built on matrix products.
    case dgemm

    /// How the limit is printed.
    var limitUnit: String { self == .dgemm ? "GFLOP/s" : "GB/s" }
    /// Base units (bytes or flops) per `limitUnit`.
    var limitScale: Double { 1e9 }
    /// The stage's natural throughput unit.
    var stageUnit: String { self == .dgemm ? "GFLOP/s" : "MB/s" }
    /// Base units per `stageUnit`.
    var stageScale: Double { self == .dgemm ? 1e9 : 1e6 }

    /// The amount of `work` this kind counts: bytes for bandwidth, flops for dgemm.
    func amount(of work: Work) -> Double {
        self == .dgemm ? work.flops : Double(work.bytes)
    }

    /// A short label for the table, such as "read 2T".
    func label(threads: Int) -> String { "\(rawValue) \(threads)T" }
}
