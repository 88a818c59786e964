/// The seconds of every timed repeat, with the two summaries the report uses.
///
/// The median is the headline: on a shared machine one repeat can be slowed by a neighbour, and
/// the median ignores a minority of such repeats. The minimum is the best the code did, the
/// figure least disturbed by noise but also the most optimistic.
struct Timings: Codable, Equatable {
    /// Every repeat, in the order run.
    var all: [Double]
    var median: Double
    var min: Double

    init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "at least one repeat")
        all = samples
        let sorted = samples.sorted()
        let mid = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        min = sorted[0]
    }
}
