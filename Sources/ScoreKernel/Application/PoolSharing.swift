/// Shares a pool of fen among units by the largest-remainder method (SPEC §8), so that the shares
/// add up to the pool exactly: each unit gets ⌊pool × wᵢ / Σw⌋ fen, and the fen left over go one
/// each to the units with the largest remainders, ties to the earlier unit. 10,000.00 元 among
/// three equal weights: 3,333.34 + 3,333.33 + 3,333.33.
enum PoolSharing {
    /// The shares of `pool` fen in proportion to `weights` (fen, each ≥ 0); equal shares when
    /// every weight is 0; empty when there are no units. Nil when pool × weight would pass 128
    /// bits (amounts beyond any budget: 10¹⁶ 元 against 10¹⁶ 元).
    static func shares(of pool: Int128, weights: [Int64]) -> [Int128]? {
        guard !weights.isEmpty else { return [] }
        let total = weights.reduce(Int128(0)) { $0 + Int128($1) }
        let w = total == 0 ? [Int64](repeating: 1, count: weights.count) : weights
        let sum = total == 0 ? Int128(weights.count) : total
        var shares = [Int128](repeating: 0, count: w.count)
        var remainders = [Int128](repeating: 0, count: w.count)
        var given: Int128 = 0
        for (i, weight) in w.enumerated() {
            let (product, overflow) = pool.multipliedReportingOverflow(by: Int128(weight))
            guard !overflow else { return nil }
            shares[i] = product / sum
            remainders[i] = product % sum
            given += shares[i]
        }
        // pool − given < number of units: each remainder is below sum.
        let order = w.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for i in order.prefix(Int(pool - given)) { shares[i] += 1 }
        return shares
    }
}
