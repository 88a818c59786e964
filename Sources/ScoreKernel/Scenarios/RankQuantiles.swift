/// Exact type-7 quantiles (Hyndman & Fan 1996, R's default) of a project's ranks over M
/// scenarios (SPEC §9), found by counting rather than sorting.
///
/// The quantile at p of n sorted values x₀ ≤ … ≤ x_{n−1} is x_j + f·(x_{j+1} − x_j) with
/// h = (n − 1)·p, j = ⌊h⌋, f = h − j. With p a whole percent, h·100 = (n − 1)·percent is an
/// integer, so the quantile × 100 is an integer too and is returned exactly.
///
/// Ranks are integers in 1 … N: one pass finds the least and greatest; a second counts them into
/// at most 4,096 buckets, which locates each wanted order statistic in a bucket; a third counts
/// only the values of those buckets, one by one. Three linear passes instead of a sort.
struct RankQuantiles {
    /// How many values each call gets.
    let count: Int
    let percents: [Int]
    /// The sorted positions the quantiles need, ascending and distinct.
    private let positions: [Int]
    /// First-level buckets: a power of two near a quarter of the values, within 64 … 4,096, so
    /// that clearing and scanning them costs less than the pass that fills them.
    private let bucketCount: Int
    private var buckets: [Int32]
    private var targetOf: [Int8]
    private var fine: [Int32] = []
    private var order: [Int32]

    /// Quantiles at `percents` (0…100) of `count` values (at least one).
    init(count: Int, percents: [Int]) {
        precondition(count > 0)
        self.count = count
        self.percents = percents
        var wanted = Set<Int>()
        for p in percents {
            let h = (count - 1) * p
            wanted.insert(h / 100)
            if h % 100 != 0 { wanted.insert(h / 100 + 1) }
        }
        positions = wanted.sorted()
        order = [Int32](repeating: 0, count: positions.count)
        var b = 64
        while b < 4096 && b * 4 < count { b *= 2 }
        bucketCount = b
        buckets = [Int32](repeating: 0, count: b)
        targetOf = [Int8](repeating: -1, count: b)
    }

    /// The quantiles of `values` (``count`` of them), each × 100, in the order of ``percents``.
    mutating func hundredths(of values: UnsafeBufferPointer<Int32>) -> [Int64] {
        precondition(values.count == count)
        orderStatistics(values)
        return percents.map { p in
            let h = (count - 1) * p
            let lo = Int64(value(at: h / 100))
            let f = Int64(h % 100)
            return f == 0 ? lo * 100 : lo * 100 + f * (Int64(value(at: h / 100 + 1)) - lo)
        }
    }

    private func value(at position: Int) -> Int32 { order[positions.firstIndex(of: position)!] }

    /// Fills ``order`` with the values at ``positions`` of sorted `v`.
    private mutating func orderStatistics(_ v: UnsafeBufferPointer<Int32>) {
        var lo = v[0], hi = v[0]
        for x in v {
            lo = min(lo, x)
            hi = max(hi, x)
        }
        let range = Int(hi - lo) + 1
        var shift = 0
        while (range - 1) >> shift >= bucketCount { shift += 1 }
        let used = ((range - 1) >> shift) + 1
        buckets.withUnsafeMutableBufferPointer { b in
            for i in 0..<used { b[i] = 0 }
            for x in v { b[Int(x - lo) >> shift] &+= 1 }
        }
        // Each wanted position's bucket and its place within the bucket.
        var bucketOf = [Int](repeating: 0, count: positions.count)
        var within = [Int](repeating: 0, count: positions.count)
        var before = 0
        var next = 0
        for bucket in 0..<used where next < positions.count {
            let c = Int(buckets[bucket])
            while next < positions.count && positions[next] < before + c {
                bucketOf[next] = bucket
                within[next] = positions[next] - before
                next += 1
            }
            before += c
        }
        if shift == 0 {
            for i in positions.indices { order[i] = lo + Int32(bucketOf[i]) }
            return
        }
        // Second level: the wanted buckets' values, one count per value.
        let width = 1 << shift
        var targets: [Int] = []
        for b in bucketOf where targets.last != b { targets.append(b) }
        for (t, bucket) in targets.enumerated() { targetOf[bucket] = Int8(t) }
        if fine.count < targets.count * width { fine = [Int32](repeating: 0, count: targets.count * width) }
        for i in 0..<(targets.count * width) { fine[i] = 0 }
        targetOf.withUnsafeBufferPointer { target in
            fine.withUnsafeMutableBufferPointer { f in
                for x in v {
                    let offset = Int(x - lo)
                    let t = Int(target[offset >> shift])
                    if t >= 0 { f[t * width + (offset & (width - 1))] &+= 1 }
                }
            }
        }
        for i in positions.indices {
            let t = Int(targetOf[bucketOf[i]])
            var seen = 0
            for j in 0..<width {
                seen += Int(fine[t * width + j])
                if seen > within[i] {
                    order[i] = lo + Int32((bucketOf[i] << shift) + j)
                    break
                }
            }
        }
        for bucket in targets { targetOf[bucket] = -1 }
    }
}
