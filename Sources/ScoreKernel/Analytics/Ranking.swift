/// Competition ranks (1, 2, 2, 4) by descending value, and percentiles
/// 100 × (#below + ½ #equal) / n, within groups of rows (SPEC §6, §10).
public enum Ranking {
    /// The competition rank of every row within its group, by descending `values`.
    public static func competitionRanks(_ values: some RandomAccessCollection<Int64>, groups: Grouping) -> [Int32] {
        let v = Array(values)
        var ranks = [Int32](repeating: 0, count: v.count)
        forEachSortedGroup(v, groups) { sorted in
            var k = 0
            while k < sorted.count {
                var end = k + 1
                while end < sorted.count, v[sorted[end]] == v[sorted[k]] { end += 1 }
                for j in k..<end { ranks[sorted[j]] = Int32(k + 1) }
                k = end
            }
        }
        return ranks
    }

    /// The percentile of every row within its group: 100 × (#below + ½ #equal) / n, the row itself
    /// counted among the equal.
    public static func percentiles(_ values: some RandomAccessCollection<Int64>, groups: Grouping) -> [Double] {
        let v = Array(values)
        var out = [Double](repeating: .nan, count: v.count)
        forEachSortedGroup(v, groups) { sorted in
            let n = Double(sorted.count)
            var k = 0
            while k < sorted.count {
                var end = k + 1
                while end < sorted.count, v[sorted[end]] == v[sorted[k]] { end += 1 }
                // Sorted descending: rows after `end` are below, `end - k` are equal.
                let below = Double(sorted.count - end)
                let p = 100 * (below + 0.5 * Double(end - k)) / n
                for j in k..<end { out[sorted[j]] = p }
                k = end
            }
        }
        return out
    }

    /// Calls `body` with each group's rows sorted by descending value (ties by row order).
    private static func forEachSortedGroup(_ v: [Int64], _ groups: Grouping, _ body: ([Int]) -> Void) {
        for g in 0..<groups.groupCount {
            let members = groups.members(of: g)
            if members.isEmpty { continue }
            body(members.sorted { v[$0] != v[$1] ? v[$0] > v[$1] : $0 < $1 })
        }
    }
}
