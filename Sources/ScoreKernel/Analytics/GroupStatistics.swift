/// Standard and robust z-scores of a value within its group (SPEC §6): z = (x − mean) / σ with
/// the population σ, robust z = (x − median) / (1.4826 × MAD). Both are NaN (written empty) when
/// the group's deviation is 0 — a department of equal scores has no outliers to speak of.
enum GroupStatistics {
    /// z and robust z of every row within its group, from the groups' sorted order; `scale`
    /// turns the integer values into the units of the result (10^precision for scores).
    static func zScores(_ ranked: RankedGroups, scale: Double) -> (z: [Double], robust: [Double]) {
        let count = ranked.values.count
        var z = [Double](repeating: .nan, count: count)
        var robust = [Double](repeating: .nan, count: count)
        var ascending: [Double] = []
        var deviations: [Double] = []
        for g in 0..<ranked.groupCount {
            let rows = ranked.order[ranked.offsets[g]..<ranked.offsets[g + 1]]
            if rows.isEmpty { continue }
            ascending.removeAll(keepingCapacity: true)
            for r in rows.reversed() { ascending.append(Double(ranked.values[Int(r)]) / scale) }
            let n = Double(ascending.count)
            var sum = 0.0
            for x in ascending { sum += x }
            let mean = sum / n
            var squares = 0.0
            for x in ascending { squares += (x - mean) * (x - mean) }
            let sd = (squares / n).squareRoot()
            let median = Quantile.type7(ascending, 0.5)
            // |x − median| in ascending order without a sort: merge the left side, read backwards,
            // with the right side, read forwards.
            deviations.removeAll(keepingCapacity: true)
            var right = ascending.firstIndex { $0 >= median } ?? ascending.count
            var left = right - 1
            while left >= 0 || right < ascending.count {
                if right >= ascending.count || (left >= 0 && median - ascending[left] <= ascending[right] - median) {
                    deviations.append(median - ascending[left])
                    left -= 1
                } else {
                    deviations.append(ascending[right] - median)
                    right += 1
                }
            }
            let mad = Quantile.type7(deviations, 0.5)
            // The group's values are `ascending`, in the reverse of `rows`: read there again
            // rather than at random in `values` (a cache miss a row at a million projects).
            let last = ascending.count - 1
            for (k, r) in rows.enumerated() {
                let x = ascending[last - k]
                if sd > 0 { z[Int(r)] = (x - mean) / sd }
                if mad > 0 { robust[Int(r)] = (x - median) / (1.4826 * mad) }
            }
        }
        return (z, robust)
    }
}

/// Quantiles by linear interpolation between order statistics (Hyndman & Fan type 7, the default
/// of R and of Excel's PERCENTILE.INC): h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
enum Quantile {
    /// The `p`-quantile of ascending `sorted` (NaN when empty).
    static func type7(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
