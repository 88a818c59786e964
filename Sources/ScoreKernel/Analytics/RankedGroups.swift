import Dispatch

/// The rows of each group sorted by descending value (ties by row), sorted once and read by every
/// order statistic: competition ranks, percentiles, medians and MADs.
///
/// Sorted in O(n) for all groups at once by stable LSD radix sorts (11-bit digits): on (group,
/// value) packed with the row into one word when they fit in 32 bits (scores: two or three
/// passes), else on the value through row indices and then by group.
struct RankedGroups: Sendable {
    /// Group `g`'s rows are `order[offsets[g] ..< offsets[g + 1]]`, highest value first.
    let offsets: [Int]
    let order: [Int32]
    /// `values[order[k]]`: the values in `order`, read in sequence where a look through `order`
    /// would be a cache miss a row at a million projects.
    let sorted: [Int64]
    /// Per row, its value…
    let values: [Int64]
    /// …and its group.
    let group: [Int32]

    init(values: some Collection<Int64>, groups: Grouping) {
        let v = Array(values)
        let n = v.count
        var groupOf = [Int32](repeating: 0, count: n)
        for g in 0..<groups.groupCount {
            for r in groups.members(of: g) { groupOf[r] = Int32(g) }
        }
        // Keys: distance below the largest value, so that ascending keys are descending values.
        let top = v.max() ?? 0
        let widest = v.map { UInt64(bitPattern: top &- $0) }.max() ?? 0
        let valueBits = 64 - widest.leadingZeroBitCount
        let groupBits = 64 - UInt64(max(groups.groupCount - 1, 0)).leadingZeroBitCount
        if valueBits + groupBits <= 32 && n < 1 << 32 {
            (order, sorted) = Self.packedOrder(v, top, groupOf, valueBits: valueBits, keyBits: valueBits + groupBits)
        } else {
            order = Self.rowOrder(v, top, groupOf, groups.offsets, widest: widest)
            sorted = order.map { v[Int($0)] }
        }
        self.offsets = groups.offsets
        self.values = v
        self.group = groupOf
    }

    /// The common case, scores and small groups: (group, key, row) packed in one `UInt64` — key
    /// above, row below — and sorted by a stable LSD radix sort on the key bits, reading and
    /// writing the packed words in order, with no lookups through row indices. The sorted values
    /// are read back from the keys.
    private static func packedOrder(_ v: [Int64], _ top: Int64, _ groupOf: [Int32], valueBits: Int, keyBits: Int) -> ([Int32], [Int64]) {
        let n = v.count
        var words = [UInt64](unsafeUninitializedCapacity: n) { b, c in
            for i in 0..<n {
                let key = (UInt64(UInt32(bitPattern: groupOf[i])) << valueBits) | UInt64(bitPattern: top &- v[i])
                b[i] = key << 32 | UInt64(i)
            }
            c = n
        }
        var scratch = words
        var counts = [Int](repeating: 0, count: 1 << 11)
        var shift = 32
        while shift < 32 + max(keyBits, 1) {
            let s = UInt64(shift)
            radixPass(words, into: &scratch, counts: &counts) { Int(($0 >> s) & 0x7FF) }
            swap(&words, &scratch)
            shift += 11
        }
        let below: UInt64 = (1 << valueBits) - 1
        return (words.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }, words.map { top &- Int64(bitPattern: ($0 >> 32) & below) })
    }

    /// One stable counting-sort pass of `items` into `out` on an 11-bit digit.
    @inline(__always)
    private static func radixPass<T>(_ items: [T], into out: inout [T], counts: inout [Int], digit: (T) -> Int) {
        for i in counts.indices { counts[i] = 0 }
        for x in items { counts[digit(x)] += 1 }
        var sum = 0
        for i in counts.indices {
            let c = counts[i]
            counts[i] = sum
            sum += c
        }
        for x in items {
            let d = digit(x)
            out[counts[d]] = x
            counts[d] += 1
        }
    }

    /// Any range of values: a stable LSD radix sort of row indices on the 64-bit key (as many
    /// 11-bit passes as the range needs), then a stable counting pass by group.
    private static func rowOrder(_ v: [Int64], _ top: Int64, _ groupOf: [Int32], _ offsets: [Int], widest: UInt64) -> [Int32] {
        let n = v.count
        let keys = v.map { UInt64(bitPattern: top &- $0) }
        var rows = [Int32](unsafeUninitializedCapacity: n) { b, c in
            for i in 0..<n { b[i] = Int32(i) }
            c = n
        }
        var scratch = rows
        var shift: UInt64 = 0
        var counts = [Int](repeating: 0, count: 1 << 11)
        while shift == 0 || (shift < 64 && widest >> shift != 0) {
            let s = shift
            radixPass(rows, into: &scratch, counts: &counts) { Int((keys[Int($0)] >> s) & 0x7FF) }
            swap(&rows, &scratch)
            shift += 11
        }
        var next = offsets
        var order = [Int32](repeating: 0, count: n)
        for r in rows {
            let g = Int(groupOf[Int(r)])
            order[next[g]] = r
            next[g] += 1
        }
        return order
    }

    var groupCount: Int { offsets.count - 1 }

    /// The same values ranked within each of several groupings, on up to `workers` workers.
    static func concurrently(_ values: some Collection<Int64>, _ groupings: [Grouping], workers: Int) -> [RankedGroups] {
        let v = Array(values)
        return Parallel.map(groupings.count, workers: workers) { RankedGroups(values: v, groups: groupings[$0]) }
    }

    /// Calls `body(start, end)` for each run of equal values in group `g` (positions in `order`).
    func forEachTie(in g: Int, _ body: (Int, Int) -> Void) {
        var k = offsets[g]
        let end = offsets[g + 1]
        while k < end {
            var e = k + 1
            while e < end, sorted[e] == sorted[k] { e += 1 }
            body(k, e)
            k = e
        }
    }
}
