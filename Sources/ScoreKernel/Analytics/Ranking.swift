/// Competition ranks (1, 2, 2, 4) by descending value, and percentiles
/// 100 × (#below + ½ #equal) / n, within groups of rows (SPEC §6, §10).
enum Ranking {
    /// The competition rank of every row within its group, by descending value.
    static func competitionRanks(_ ranked: RankedGroups) -> [Int32] {
        var ranks = [Int32](repeating: 0, count: ranked.values.count)
        for g in 0..<ranked.groupCount {
            let first = ranked.offsets[g]
            ranked.forEachTie(in: g) { start, end in
                for j in start..<end { ranks[Int(ranked.order[j])] = Int32(start - first + 1) }
            }
        }
        return ranks
    }

    /// The percentile of every row within its group: 100 × (#below + ½ #equal) / n, the row itself
    /// counted among the equal.
    static func percentiles(_ ranked: RankedGroups) -> [Double] {
        var out = [Double](repeating: .nan, count: ranked.values.count)
        for g in 0..<ranked.groupCount {
            let last = ranked.offsets[g + 1]
            let n = Double(last - ranked.offsets[g])
            ranked.forEachTie(in: g) { start, end in
                // Highest first: the rows after `end` are below, `end − start` are equal.
                let p = 100 * (Double(last - end) + 0.5 * Double(end - start)) / n
                for j in start..<end { out[Int(ranked.order[j])] = p }
            }
        }
        return out
    }

    /// Competition ranks of `values` within `groups`.
    static func competitionRanks(_ values: some Collection<Int64>, groups: Grouping) -> [Int32] {
        competitionRanks(RankedGroups(values: values, groups: groups))
    }

    /// Percentiles of `values` within `groups`.
    static func percentiles(_ values: some Collection<Int64>, groups: Grouping) -> [Double] {
        percentiles(RankedGroups(values: values, groups: groups))
    }
}
