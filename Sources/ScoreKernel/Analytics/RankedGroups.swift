/// The rows of each group sorted by descending value (ties by row), sorted once and read by every
/// order statistic: competition ranks, percentiles, medians and MADs.
///
/// Each group is sorted as contiguous (value, row) pairs, not as row indices compared through the
/// values, so the sort touches memory in order.
public struct RankedGroups: Sendable {
    /// Group `g`'s rows are `order[offsets[g] ..< offsets[g + 1]]`, highest value first.
    public let offsets: [Int]
    public let order: [Int32]
    public let values: [Int64]

    public init(values: some Collection<Int64>, groups: Grouping) {
        let v = Array(values)
        var order = [Int32](repeating: 0, count: v.count)
        var pairs: [(value: Int64, row: Int32)] = []
        for g in 0..<groups.groupCount {
            let members = groups.members(of: g)
            if members.isEmpty { continue }
            pairs.removeAll(keepingCapacity: true)
            for r in members { pairs.append((v[r], Int32(r))) }
            pairs.sort { $0.value != $1.value ? $0.value > $1.value : $0.row < $1.row }
            let start = groups.offsets[g]
            for (k, p) in pairs.enumerated() { order[start + k] = p.row }
        }
        self.offsets = groups.offsets
        self.order = order
        self.values = v
    }

    public var groupCount: Int { offsets.count - 1 }

    /// Calls `body(start, end)` for each run of equal values in group `g` (positions in `order`).
    @inlinable
    func forEachTie(in g: Int, _ body: (Int, Int) -> Void) {
        var k = offsets[g]
        let end = offsets[g + 1]
        while k < end {
            var e = k + 1
            while e < end, values[Int(order[e])] == values[Int(order[k])] { e += 1 }
            body(k, e)
            k = e
        }
    }
}
