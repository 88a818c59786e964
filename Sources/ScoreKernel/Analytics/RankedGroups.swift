/// The rows of each group sorted by descending value (ties by row), sorted once and read by every
/// order statistic: competition ranks, percentiles, medians and MADs.
///
/// Sorted in O(n) for all groups at once: a stable LSD radix sort of the rows on the value
/// (11-bit digits, as many passes as the values' range needs: two for scores at precision 2),
/// then a stable counting pass by group.
public struct RankedGroups: Sendable {
    /// Group `g`'s rows are `order[offsets[g] ..< offsets[g + 1]]`, highest value first.
    public let offsets: [Int]
    public let order: [Int32]
    public let values: [Int64]

    public init(values: some Collection<Int64>, groups: Grouping) {
        let v = Array(values)
        let n = v.count
        // Keys: distance below the largest value, so that ascending keys are descending values.
        let top = v.max() ?? 0
        let keys = v.map { UInt64(bitPattern: top &- $0) }
        let widest = keys.max() ?? 0
        var rows = [Int32](unsafeUninitializedCapacity: n) { b, c in
            for i in 0..<n { b[i] = Int32(i) }
            c = n
        }
        var scratch = rows
        let bits = 11
        var shift: UInt64 = 0
        var counts = [Int](repeating: 0, count: 1 << bits)
        while shift == 0 || (shift < 64 && widest >> shift != 0) {
            for i in counts.indices { counts[i] = 0 }
            for r in rows { counts[Int((keys[Int(r)] >> shift) & 0x7FF)] += 1 }
            var sum = 0
            for i in counts.indices {
                let c = counts[i]
                counts[i] = sum
                sum += c
            }
            for r in rows {
                let d = Int((keys[Int(r)] >> shift) & 0x7FF)
                scratch[counts[d]] = r
                counts[d] += 1
            }
            swap(&rows, &scratch)
            shift += UInt64(bits)
        }
        // Stable by group: each group's rows keep the value order.
        var groupOf = [Int32](repeating: 0, count: n)
        for g in 0..<groups.groupCount {
            for r in groups.members(of: g) { groupOf[r] = Int32(g) }
        }
        var next = groups.offsets
        var order = [Int32](repeating: 0, count: n)
        for r in rows {
            let g = Int(groupOf[Int(r)])
            order[next[g]] = r
            next[g] += 1
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
