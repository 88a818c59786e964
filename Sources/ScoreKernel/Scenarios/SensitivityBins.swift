/// First-order sensitivity estimated from the Monte Carlo sample itself (SPEC §9): a given-data
/// estimator, no extra runs.
///
/// For each category k the M sampled scenarios are sorted by their weight w_k (ties by scenario
/// number) and cut into B bins of equal size; the first-order share of an output Y is the variance
/// of Y's bin means over the variance of Y,
///
///     S_k = Σ_b (n_b / M)(ȳ_b − ȳ)² / ((1/M) Σ_m (y_m − ȳ)²),
///
/// which estimates Var(E[Y | w_k]) / Var(Y) (Plischke 2010; Strong, Oakley & Chilcott 2012).
/// B = ⌊√M / 2⌋, between 2 and 50: 15 bins for 1,000 scenarios, 50 for 10,000. The estimate errs
/// in two ways: binning averages E[Y | w_k] within a bin, losing about 1/B² of a smooth
/// dependence; and sampling noise adds about (1 − S_k)·(B − 1)/(M − 1) (0.5 % at M = 10,000,
/// B = 50). With Dirichlet weights the w_k are dependent (they sum to 100), so S_k also credits
/// k with what it shares with the others, and the shares need not sum to 1.
@_spi(Stages)
public struct SensitivityBins: Sendable {
    public let categories: Int
    public let samples: Int
    public let binCount: Int
    /// The bin of sample s for category k at `k * samples + s`.
    let binOf: [UInt8]
    /// How many samples bin b of category k holds, at `k * binCount + b`.
    let binSize: [Int]

    /// Bins over `samples` weight vectors (`weights[s * categories + k]`).
    public init(weights: ArraySlice<Double>, categories: Int) {
        self.categories = categories
        let m = weights.count / max(1, categories)
        samples = m
        binCount = Self.binCount(samples: m)
        var bins = [UInt8](repeating: 0, count: categories * m)
        var sizes = [Int](repeating: 0, count: categories * binCount)
        let first = weights.startIndex
        for k in 0..<categories {
            let order = (0..<m).sorted {
                let (a, b) = (weights[first + $0 * categories + k], weights[first + $1 * categories + k])
                return a != b ? a < b : $0 < $1
            }
            for (position, s) in order.enumerated() {
                let b = position * binCount / m
                bins[k * m + s] = UInt8(b)
                sizes[k * binCount + b] += 1
            }
        }
        binOf = bins
        binSize = sizes
    }

    /// ⌊√M / 2⌋ within 2 … 50.
    static func binCount(samples m: Int) -> Int {
        min(50, max(2, Int(Double(m).squareRoot() / 2)))
    }

    /// S_k from the bin sums of an output (`binSums[k * binCount + b]` = Σ y over the bin), its
    /// sum and its sum of squares over all samples; nil when the output does not vary.
    func shares(binSums: UnsafeBufferPointer<Double>, sum: Double, squares: Double) -> [Double]? {
        let m = Double(samples)
        let mean2 = sum * sum / m
        let total = squares - mean2
        guard total > 0 else { return nil }
        return (0..<categories).map { k in
            var between = 0.0
            for b in 0..<binCount {
                let size = binSize[k * binCount + b]
                if size > 0 {
                    let t = binSums[k * binCount + b]
                    between += t * t / Double(size)
                }
            }
            return min(1, max(0, (between - mean2) / total))
        }
    }

    /// S_k of outputs given per sample (`y[s]`); nil when y does not vary.
    public func shares(of y: [Double]) -> [Double]? {
        precondition(y.count == samples)
        var sums = [Double](repeating: 0, count: categories * binCount)
        var sum = 0.0, squares = 0.0
        for (s, v) in y.enumerated() {
            sum += v
            squares += v * v
            for k in 0..<categories { sums[k * binCount + Int(binOf[k * samples + s])] += v }
        }
        return sums.withUnsafeBufferPointer { shares(binSums: $0, sum: sum, squares: squares) }
    }
}
