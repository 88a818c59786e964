/// What one run of a stage's body processes, for the throughput figures.
struct Work: Codable, Equatable {
    /// Projects in the batch: every stage reports projects/s.
    var projects: Int
    /// Bytes the stage streams (CSV written or read …), for bandwidth-bound stages.
    var bytes: Int = 0
    /// Floating-point operations, for dgemm-bound stages.
    var flops: Double = 0
}
