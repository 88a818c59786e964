/// Standard and robust z-scores of a value within its group (SPEC §6): z = (x − mean) / σ with
/// the population σ, robust z = (x − median) / (1.4826 × MAD). Both are NaN (written empty) when
/// the group's deviation is 0 — a department of equal scores has no outliers to speak of.
public enum GroupStatistics {
    /// z and robust z of every row within its group.
    public static func zScores(_ values: [Double], groups: Grouping) -> (z: [Double], robust: [Double]) {
        var z = [Double](repeating: .nan, count: values.count)
        var robust = [Double](repeating: .nan, count: values.count)
        var sorted: [Double] = []
        var deviations: [Double] = []
        for g in 0..<groups.groupCount {
            let members = groups.members(of: g)
            if members.isEmpty { continue }
            let n = Double(members.count)
            var sum = 0.0
            for r in members { sum += values[r] }
            let mean = sum / n
            var squares = 0.0
            for r in members { squares += (values[r] - mean) * (values[r] - mean) }
            let sd = (squares / n).squareRoot()
            sorted.removeAll(keepingCapacity: true)
            for r in members { sorted.append(values[r]) }
            sorted.sort()
            let median = Quantile.type7(sorted, 0.5)
            deviations.removeAll(keepingCapacity: true)
            for v in sorted { deviations.append(abs(v - median)) }
            deviations.sort()
            let mad = Quantile.type7(deviations, 0.5)
            for r in members {
                if sd > 0 { z[r] = (values[r] - mean) / sd }
                if mad > 0 { robust[r] = (values[r] - median) / (1.4826 * mad) }
            }
        }
        return (z, robust)
    }
}

/// Quantiles by linear interpolation between order statistics (Hyndman & Fan type 7, the default
/// of R and of Excel's PERCENTILE.INC): h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
public enum Quantile {
    /// The `p`-quantile of ascending `sorted` (NaN when empty).
    public static func type7(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
