/// Standard and robust z-scores of a value within its group (SPEC §6): z = (x − mean) / σ with
/// the population σ, robust z = (x − median) / (1.4826 × MAD). Both are NaN (written empty) when
/// the group's deviation is 0 — a department of equal scores has no outliers to speak of.
enum GroupStatistics {
    /// z and robust z of every row within its group, from the groups' sorted order; `scale`
    /// turns the integer values into the units of the result (10^precision for scores).
    static func zScores(_ ranked: RankedGroups, scale: Double) -> (z: [Double], robust: [Double]) {
        // Each group's mean, standard deviation, median and MAD from its sorted values; then every
        // row's z in row order: no look at random into million-row columns.
        var mean = [Double](repeating: .nan, count: ranked.groupCount)
        var sd = mean, median = mean, mad = mean
        var ascending: [Double] = []
        var deviations: [Double] = []
        for g in 0..<ranked.groupCount {
            let sorted = ranked.sorted[ranked.offsets[g]..<ranked.offsets[g + 1]]
            if sorted.isEmpty { continue }
            ascending.removeAll(keepingCapacity: true)
            for v in sorted.reversed() { ascending.append(Double(v) / scale) }
            let n = Double(ascending.count)
            var sum = 0.0
            for x in ascending { sum += x }
            let m = sum / n
            var squares = 0.0
            for x in ascending { squares += (x - m) * (x - m) }
            let med = Quantile.type7(ascending, 0.5)
            // |x − median| in ascending order without a sort: merge the left side, read backwards,
            // with the right side, read forwards.
            deviations.removeAll(keepingCapacity: true)
            var right = ascending.firstIndex { $0 >= med } ?? ascending.count
            var left = right - 1
            while left >= 0 || right < ascending.count {
                if right >= ascending.count || (left >= 0 && med - ascending[left] <= ascending[right] - med) {
                    deviations.append(med - ascending[left])
                    left -= 1
                } else {
                    deviations.append(ascending[right] - med)
                    right += 1
                }
            }
            (mean[g], sd[g], median[g], mad[g]) = (m, (squares / n).squareRoot(), med, Quantile.type7(deviations, 0.5))
        }
        var z = [Double](repeating: .nan, count: ranked.values.count)
        var robust = z
        for (r, v) in ranked.values.enumerated() {
            let g = Int(ranked.group[r])
            let x = Double(v) / scale
            if sd[g] > 0 { z[r] = (x - mean[g]) / sd[g] }
            if mad[g] > 0 { robust[r] = (x - median[g]) / (1.4826 * mad[g]) }
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
