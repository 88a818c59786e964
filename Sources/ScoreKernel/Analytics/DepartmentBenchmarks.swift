import Dispatch

/// Department benchmarks (部门横向对比, SPEC §7): per (period, department) — or per (period, sector)
/// — the project count, budget and executed sums, execution rate, statistics of the rounded
/// totals, grade counts, mean category achievements, and where the group stands among the
/// period's groups: its rank by the scheme's statistic, its gap to the average, `below_average`.
///
/// Columnar: element `r` of every row column is row `r`. Rows are ordered by period, then by group
/// code (the order of first appearance in the batch); only groups with projects have a row.
/// Statistics are `Double` points (82.5); minimum and maximum are exact units of 10^-precision,
/// as in ``ScoreTable``.
///
/// Statistics are taken on the rounded totals, in integers: a mean is the exact sum of units over
/// the count, quantiles interpolate between integers with a denominator of 2, 4 or 10, and each
/// is converted to `Double` once. Ranks compare the statistic as an exact ratio, so that equal
/// means tie whatever their counts.
///
/// - Complexity: one pass over the projects in row order (sequential reads of the batch, the
///   scores and the category matrix; per-group sums small enough to stay in cache) that also
///   scatters the totals into group order, as a counting sort does; then each group's totals are
///   sorted once and every quantile is read from them. O(n × categories) plus the sorts, which
///   count rather than compare when a group has more totals than half their range.
public struct DepartmentBenchmarks: Sendable {
    /// What projects are grouped by.
    public let key: GroupKey
    /// The statistic rows are ranked by (scheme `rank_by`).
    public let rankBy: RankStatistic
    /// What the average is taken over (scheme `average_of`).
    public let averageOf: AverageOf
    /// Decimal places of the totals.
    public let precision: Int
    /// Grade bands, in the order of ``gradeCount(row:band:)``.
    public let grades: [GradeBand]
    /// Category codes, in the order of ``categoryAchievement(row:category:)`` (the matrix's).
    public let categories: [String]

    // MARK: Rows

    /// Code into ``ProjectBatch/periods``.
    public let period: [Int32]
    /// Code into ``ProjectBatch/departments`` or ``ProjectBatch/sectors``, by ``key``.
    public let group: [Int32]
    /// Number of projects.
    public let projects: [Int]
    /// Σ 全年预算数 and Σ 全年执行数, in millionths of the file's unit, in 128 bits:
    /// a province's budgets in yuan pass 2^63 millionths.
    public let budget: [Int128]
    /// Σ 全年执行数, as ``budget``.
    public let executed: [Int128]
    /// 预算执行率 Σ executed / Σ budget; NaN when Σ budget = 0.
    public let executionRate: [Double]
    /// Mean total, in points.
    public let mean: [Double]
    /// Fund-weighted mean Σ budget·total / Σ budget, in points; NaN when Σ budget = 0.
    public let weightedMean: [Double]
    /// Type-7 quantiles of the totals, in points: the median, the quartiles, the 10th and 90th
    /// percentiles.
    public let median: [Double]
    /// The first quartile (type 7), in points.
    public let q1: [Double]
    /// The third quartile (type 7), in points.
    public let q3: [Double]
    /// The 10th percentile (type 7), in points.
    public let p10: [Double]
    /// The 90th percentile (type 7), in points.
    public let p90: [Double]
    /// Lowest total, in units of 10^-precision.
    public let minimum: [Int64]
    /// Highest total, in units of 10^-precision.
    public let maximum: [Int64]
    /// Population standard deviation of the totals, in points.
    public let standardDeviation: [Double]
    /// Competition rank (1, 2, 2, 4) by descending ``rankBy`` statistic among the period's rows;
    /// nil when the statistic is undefined (a weighted mean with Σ budget = 0).
    public let rank: [Int?]
    /// The statistic minus the period's ``average``, in points; NaN when unranked.
    public let gapToAverage: [Double]
    /// Whether the statistic is below the period's average; nil when unranked.
    public let belowAverage: [Bool?]
    /// Per period code: the average of ``rankBy`` statistics that gaps are taken from, in points;
    /// NaN when no row of the period is ranked.
    public let average: [Double]

    /// Projects per grade, rows × bands, row-major.
    private let gradeCounts: [Int]
    /// Projects having each category, rows × categories.
    private let categoryCounts: [Int]
    /// Mean achievement C[p,k] over those projects, rows × categories; NaN when none.
    private let categoryMeans: [Double]

    /// Benchmarks of `batch` grouped by `key` within each period. `categories` must be the
    /// category matrix of the same batch and scores.
    init(batch: ProjectBatch, scores: ScoreTable, categories matrix: CategoryMatrix, scheme: Scheme, by key: GroupKey = .department) {
        let n = batch.projects.count
        precondition(scores.projectCount == n && matrix.projectCount == n, "scores and category matrix of another batch")
        self.key = key
        rankBy = scheme.rankBy
        averageOf = scheme.averageOf
        precision = scores.precision
        grades = scores.grades.bands
        categories = matrix.categories

        let names = key == .department ? batch.departments.count : batch.sectors.count
        var pass = GroupPass(periods: batch.periods.count, names: names, bands: grades.count, categories: matrix.categoryCount)
        pass.run(batch: batch, codes: batch.periodGroupCodes(by: key).codes, scores: scores, matrix: matrix)

        period = pass.period
        group = pass.group
        projects = pass.projects
        budget = pass.budget
        executed = pass.executed
        executionRate = zip(pass.executed, pass.budget).map { $1 == 0 ? .nan : Double($0) / Double($1) }
        let scale = Rounding.scale(precision)
        mean = pass.mean.map { $0.value(dividedBy: scale) }
        weightedMean = pass.weightedMean.map { $0?.value(dividedBy: scale) ?? .nan }
        median = pass.median.map { $0.value(dividedBy: scale) }
        q1 = pass.q1.map { $0.value(dividedBy: scale) }
        q3 = pass.q3.map { $0.value(dividedBy: scale) }
        p10 = pass.p10.map { $0.value(dividedBy: scale) }
        p90 = pass.p90.map { $0.value(dividedBy: scale) }
        minimum = pass.minimum
        maximum = pass.maximum
        standardDeviation = pass.variance.map { $0.value(dividedBy: scale * scale).squareRoot() }
        gradeCounts = pass.gradeCounts
        categoryCounts = pass.categoryCounts
        categoryMeans = zip(pass.categorySums, pass.categoryCounts).map { $1 == 0 ? .nan : $0 / Double($1) }

        let statistic: [ExactRatio?] =
            switch rankBy {
            case .mean: pass.mean.map(Optional.some)
            case .weightedMean: pass.weightedMean
            case .median: pass.median.map(Optional.some)
            }
        let standing = Standing(statistic: statistic, period: period, periods: batch.periods.count, scale: scale,
                                overall: averageOf == .projects ? pass.overall(rankBy) : nil)
        rank = standing.rank
        gapToAverage = standing.gap
        belowAverage = standing.below
        average = standing.average
    }

    /// Number of rows.
    public var count: Int { period.count }

    /// The ``rankBy`` statistic of a row, in points.
    public func statistic(_ row: Int) -> Double {
        switch rankBy {
        case .mean: mean[row]
        case .weightedMean: weightedMean[row]
        case .median: median[row]
        }
    }

    /// Projects of a row in grade band `band` (an index into ``grades``).
    public func gradeCount(row: Int, band: Int) -> Int { gradeCounts[row * grades.count + band] }

    /// The share of a row's projects in grade band `band`, in hundredths of a percent, rounded half
    /// away from zero from the exact counts (5 of 54 → 926, i.e. 9.26 %).
    public func gradeShare(row: Int, band: Int) -> Int64 {
        let c = Int64(gradeCount(row: row, band: band))
        let n = Int64(projects[row])
        return (20_000 * c + n) / (2 * n)  // ⌊10,000·c/n + ½⌋
    }

    /// Projects of a row having category `category` (an index into ``categories``; CategoryMatrix
    /// presence, so merged categories count as present).
    public func categoryProjects(row: Int, category: Int) -> Int { categoryCounts[row * categories.count + category] }

    /// Mean achievement C[p,k] of a row's projects having category `category`; NaN when none has it.
    public func categoryAchievement(row: Int, category: Int) -> Double { categoryMeans[row * categories.count + category] }
}

extension DepartmentBenchmarks {
    /// The pass over the projects: sums per group code (period × names + key), the totals
    /// scattered into group order and sorted per group, and the statistics kept as exact ratios
    /// (in units) for ranking. Rows are the codes with projects, in code order.
    private struct GroupPass {
        let periods: Int
        let names: Int
        let bands: Int
        let categoryCount: Int

        var period: [Int32] = []
        var group: [Int32] = []
        var projects: [Int] = []
        var budget: [Int128] = []
        var executed: [Int128] = []
        var mean: [ExactRatio] = []
        var weightedMean: [ExactRatio?] = []
        var median: [ExactRatio] = []
        var q1: [ExactRatio] = []
        var q3: [ExactRatio] = []
        var p10: [ExactRatio] = []
        var p90: [ExactRatio] = []
        var minimum: [Int64] = []
        var maximum: [Int64] = []
        /// Population variance of the totals, in units²: (m·Σx² − (Σx)²) / m², exact.
        var variance: [ExactRatio] = []
        var gradeCounts: [Int] = []
        var categoryCounts: [Int] = []
        var categorySums: [Double] = []

        /// Σ total and Σ budget·total of each row, for the averages over projects.
        var totalSum: [Int64] = []
        var weightedSum: [UInt128] = []
        /// Every total, in code order and sorted within each code; code `g`'s are
        /// `totals[offsets[g] ..< offsets[g + 1]]`, so a period's are contiguous too.
        var totals: [Int64] = []
        var offsets: [Int] = []

        init(periods: Int, names: Int, bands: Int, categories: Int) {
            self.periods = periods
            self.names = names
            self.bands = bands
            categoryCount = categories
        }

        /// `code`: each project's (period, group) code (``ProjectBatch/periodGroupCodes(by:)``).
        mutating func run(batch: ProjectBatch, codes code: [Int32], scores: ScoreTable, matrix: CategoryMatrix) {
            let n = batch.projects.count
            let codes = periods * names
            let k = categoryCount
            let budgets = batch.projects.budget
            let executions = batch.projects.executed
            let presence = matrix.presence
            let achievement = matrix.achievement

            // Counts per code, then offsets.
            offsets = [Int](repeating: 0, count: codes + 1)
            for c in code { offsets[Int(c) + 1] += 1 }
            for g in 0..<codes { offsets[g + 1] += offsets[g] }

            // One pass in row order: sums per code, totals scattered into code order.
            var next = offsets
            totals = [Int64](repeating: 0, count: n)
            var budgetSum = [Int128](repeating: 0, count: codes)
            var executedSum = [Int128](repeating: 0, count: codes)
            var sum = [Int64](repeating: 0, count: codes)
            var low = [Int64](repeating: .max, count: codes)
            var high = [Int64](repeating: .min, count: codes)
            var weighted = [UInt128](repeating: 0, count: codes)
            var grades = [Int](repeating: 0, count: codes * bands)
            var categories = [Int](repeating: 0, count: codes * k)
            var achievements = [Double](repeating: 0, count: codes * k)
            for p in 0..<n {
                let g = Int(code[p])
                let total = scores.total[p]
                totals[next[g]] = total
                next[g] += 1
                sum[g] += total
                low[g] = min(low[g], total)
                high[g] = max(high[g], total)
                budgetSum[g] += Int128(budgets[p])
                executedSum[g] += Int128(executions[p])
                weighted[g] += UInt128(budgets[p]) * UInt128(total)
                grades[g * bands + Int(scores.grade[p])] += 1
                for c in 0..<k where presence[p * k + c] != 0 {
                    categories[g * k + c] += 1
                    achievements[g * k + c] += achievement[p * k + c]
                }
            }

            // Rows: the codes with projects.
            var counting: [Int] = []
            for g in 0..<codes where offsets[g + 1] > offsets[g] {
                let m = offsets[g + 1] - offsets[g]
                period.append(Int32(g / names))
                group.append(Int32(g % names))
                projects.append(m)
                budget.append(budgetSum[g])
                executed.append(executedSum[g])
                totalSum.append(sum[g])
                weightedSum.append(weighted[g])
                gradeCounts += grades[g * bands..<(g + 1) * bands]
                categoryCounts += categories[g * k..<(g + 1) * k]
                categorySums += achievements[g * k..<(g + 1) * k]
                mean.append(ExactRatio(sum[g], over: Int64(m)))
                weightedMean.append(budgetSum[g] == 0 ? nil : ExactRatio(weighted[g], over: UInt128(budgetSum[g])))
                minimum.append(low[g])
                maximum.append(high[g])
                totals.withUnsafeMutableBufferPointer { buffer in
                    let x = UnsafeMutableBufferPointer(rebasing: buffer[offsets[g]..<offsets[g + 1]])
                    Self.sort(x, low: low[g], high: high[g], counting: &counting)
                    let sorted = UnsafeBufferPointer(x)
                    median.append(Self.quantile(sorted, 1, 2))
                    q1.append(Self.quantile(sorted, 1, 4))
                    q3.append(Self.quantile(sorted, 3, 4))
                    p10.append(Self.quantile(sorted, 1, 10))
                    p90.append(Self.quantile(sorted, 9, 10))
                    // In integers: units are at most 10^8 and projects 10^9, so m·Σx² and (Σx)² stay
                    // far below 2^128; equal totals give exactly 0.
                    var squares: UInt128 = 0
                    for v in sorted { squares += UInt128(v) * UInt128(v) }
                    let total = UInt128(sum[g])
                    variance.append(ExactRatio(UInt128(m) * squares - total * total, over: UInt128(m) * UInt128(m)))
                }
            }
        }

        /// Sorts totals all within `low...high`. Totals are integers in units (0 to 10,000 at
        /// precision 2), so a group with more totals than half their range is sorted by counting,
        /// in O(count + range); others by comparison. `counting` is scratch, left all zero.
        static func sort(_ x: UnsafeMutableBufferPointer<Int64>, low: Int64, high: Int64, counting: inout [Int]) {
            let (span, overflow) = high.subtractingReportingOverflow(low)
            guard !overflow, span < 2 * Int64(x.count) else {
                var x = x
                x.sort()
                return
            }
            let range = Int(span) + 1
            if counting.count < range { counting = [Int](repeating: 0, count: range) }
            for v in x { counting[Int(v - low)] += 1 }
            var j = 0
            for v in 0..<range where counting[v] > 0 {
                for _ in 0..<counting[v] {
                    x[j] = low + Int64(v)
                    j += 1
                }
                counting[v] = 0
            }
        }

        /// The type-7 quantile at probability `numerator / denominator` of sorted totals:
        /// h = (m − 1)·p = j + f / denominator, Q = x[j] + (f / denominator)·(x[j+1] − x[j]), exact.
        static func quantile(_ x: UnsafeBufferPointer<Int64>, _ numerator: Int, _ denominator: Int) -> ExactRatio {
            let h = (x.count - 1) * numerator
            let j = h / denominator
            let f = h % denominator
            var units = x[j] * Int64(denominator)
            if f > 0 { units += Int64(f) * (x[j + 1] - x[j]) }
            return ExactRatio(units, over: Int64(denominator))
        }

        /// Per period code, the `statistic` taken over all the period's projects (average_of:
        /// projects); nil for a period without projects, or with Σ budget = 0 for the weighted mean.
        func overall(_ statistic: RankStatistic) -> [ExactRatio?] {
            var out = [ExactRatio?](repeating: nil, count: periods)
            switch statistic {
            case .mean:
                var sums = [Int64](repeating: 0, count: periods)
                var counts = [Int64](repeating: 0, count: periods)
                for r in period.indices {
                    sums[Int(period[r])] += totalSum[r]
                    counts[Int(period[r])] += Int64(projects[r])
                }
                for q in 0..<periods where counts[q] > 0 { out[q] = ExactRatio(sums[q], over: counts[q]) }
            case .weightedMean:
                var sums = [UInt128](repeating: 0, count: periods)
                var budgets = [Int128](repeating: 0, count: periods)
                for r in period.indices {
                    sums[Int(period[r])] += weightedSum[r]
                    budgets[Int(period[r])] += budget[r]
                }
                for q in 0..<periods where budgets[q] > 0 { out[q] = ExactRatio(sums[q], over: UInt128(budgets[q])) }
            case .median:
                // A period's totals are contiguous (codes are period × names + key): one more sort.
                var counting: [Int] = []
                for q in 0..<periods where offsets[(q + 1) * names] > offsets[q * names] {
                    var all = Array(totals[offsets[q * names]..<offsets[(q + 1) * names]])
                    let rows = period.indices.filter { period[$0] == q }
                    let low = rows.map { minimum[$0] }.min()!
                    let high = rows.map { maximum[$0] }.max()!
                    out[q] = all.withUnsafeMutableBufferPointer { x in
                        Self.sort(x, low: low, high: high, counting: &counting)
                        return Self.quantile(UnsafeBufferPointer(x), 1, 2)
                    }
                }
            }
            return out
        }
    }

    /// Ranks, averages, gaps and `below_average` within each period (SPEC §7).
    private struct Standing {
        var rank: [Int?]
        var gap: [Double]
        var below: [Bool?]
        var average: [Double]

        /// `statistic` per row (nil: unranked), rows ordered by `period`; `overall` per period for
        /// average_of: projects, nil for average_of: departments.
        init(statistic: [ExactRatio?], period: [Int32], periods: Int, scale: Double, overall: [ExactRatio?]?) {
            let rows = statistic.count
            rank = Array(repeating: nil, count: rows)
            gap = Array(repeating: .nan, count: rows)
            below = Array(repeating: nil, count: rows)
            average = Array(repeating: .nan, count: periods)
            var start = 0
            while start < rows {
                var end = start + 1
                while end < rows, period[end] == period[start] { end += 1 }
                let q = Int(period[start])
                let ranked = (start..<end).filter { statistic[$0] != nil }
                start = end
                if ranked.isEmpty { continue }
                let order = ranked.sorted { a, b in
                    let x = statistic[a]!, y = statistic[b]!
                    return x != y ? x > y : a < b
                }
                for (k, r) in order.enumerated() {
                    rank[r] = k > 0 && statistic[r]! == statistic[order[k - 1]]! ? rank[order[k - 1]] : k + 1
                }
                let values = ranked.map { statistic[$0]!.value(dividedBy: scale) }
                if let overall {
                    // The same statistic over all the period's projects: an exact ratio, compared exactly.
                    guard let o = overall[q] else { continue }
                    average[q] = o.value(dividedBy: scale)
                    for (r, v) in zip(ranked, values) {
                        gap[r] = v - average[q]
                        below[r] = statistic[r]! < o
                    }
                } else {
                    // The mean of the groups' statistics, a sum of ratios with unlike denominators:
                    // taken in Double as offsets from the first, so that groups with equal
                    // statistics have exactly that average and none is below it.
                    let base = values[0]
                    var shift = 0.0
                    for v in values { shift += v - base }
                    average[q] = base + shift / Double(values.count)
                    for (r, v) in zip(ranked, values) {
                        gap[r] = v - average[q]
                        below[r] = v < average[q]
                    }
                }
            }
        }
    }
}

extension DepartmentBenchmarks {
    /// The benchmarks by department and by sector, one per worker.
    static func byDepartmentAndSector(
        batch: ProjectBatch, scores: ScoreTable, categories: CategoryMatrix, scheme: Scheme, threads: Int
    ) -> (departments: DepartmentBenchmarks, sectors: DepartmentBenchmarks) {
        let tables = Parallel.map(2, workers: threads) { k in
            DepartmentBenchmarks(batch: batch, scores: scores, categories: categories, scheme: scheme, by: k == 0 ? .department : .sector)
        }
        return (tables[0], tables[1])
    }
}
